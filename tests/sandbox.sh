#!/bin/sh
# SPDX-License-Identifier: MIT
# Run a command in throwaway network + mount + pid namespaces (DESIGN.md §9):
# a private /run (so /run/netns is a tmpfs of our own), sysfs remounted to show
# the sandbox's interfaces, lo up. Nothing here touches the machine's network,
# and everything dies with the sandbox, so tests can run in parallel.
# Usage: tests/sandbox.sh CMD [ARGS...]. Exit 77 (meson: skipped) when the
# sandbox cannot be made, saying why.
set -eu
if [ "$#" -eq 0 ]; then
	echo "usage: $0 CMD [ARGS...]" >&2
	exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: sandbox tests need root (network namespaces, veth, mounts)" >&2
	exit 77
fi
if ! command -v unshare >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1; then
	echo "SKIP: unshare (util-linux) and ip (iproute2) are required" >&2
	exit 77
fi
if ! unshare --net --mount --pid --fork --mount-proc true 2>/dev/null; then
	echo "SKIP: this kernel or container does not allow unshare --net --mount --pid" >&2
	exit 77
fi
exec unshare --net --mount --pid --fork --mount-proc --propagation private -- sh -c '
	set -e
	mount -t tmpfs -o mode=755 nstop-sandbox-run /run
	mkdir -p /run/netns
	mount -t sysfs sysfs /sys
	ip link set lo up
	exec "$@"' sandbox "$@"
