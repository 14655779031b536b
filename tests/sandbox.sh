#!/bin/sh
# SPDX-License-Identifier: MIT
# Run a command in throwaway network + mount + pid namespaces (ARCHITECTURE.md §12):
# a private /run (so /run/netns is a tmpfs of our own), sysfs remounted to show
# the sandbox's interfaces, lo up. Nothing here touches the machine's network,
# and everything dies with the sandbox, so tests can run in parallel.
# Usage: tests/sandbox.sh CMD [ARGS...]. Exit 77 (meson: skipped) when the
# sandbox cannot be made, saying why (unshare's own error); under CI=true that
# is a failure (exit 1) instead: CI must not go green on tests that never ran.
set -eu
if [ "$#" -eq 0 ]; then
	echo "usage: $0 CMD [ARGS...]" >&2
	exit 2
fi
# skip WHY: meson's SKIP outside CI, a failure in it
skip()
{
	if [ "${CI:-}" = true ]; then
		echo "FAIL (CI=true, no skipping): $*" >&2
		exit 1
	fi
	echo "SKIP: $*" >&2
	exit 77
}
if [ "$(id -u)" -ne 0 ]; then
	skip "sandbox tests need root (network namespaces, veth, mounts)"
fi
if ! command -v unshare >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1; then
	skip "unshare (util-linux) and ip (iproute2) are required"
fi
if ! why=$(unshare --net --mount --pid --fork --mount-proc true 2>&1); then
	skip "cannot make the sandbox's namespaces: unshare --net --mount --pid --fork --mount-proc: ${why:-no message}"
fi
exec unshare --net --mount --pid --fork --mount-proc --propagation private -- sh -c '
	set -e
	mount -t tmpfs -o mode=755 nstop-sandbox-run /run
	mkdir -p /run/netns
	mount -t sysfs sysfs /sys
	ip link set lo up
	exec "$@"' sandbox "$@"
