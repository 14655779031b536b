#!/bin/sh
# SPDX-License-Identifier: MIT
# Install what nstop needs to build and test, only what is missing (Debian 12).
# Usage: scripts/deps.sh [--test]   (--test adds the tools the tests drive)
set -eu
build_pkgs="gcc meson ninja-build pkg-config scdoc libncurses-dev libnl-3-dev libnl-route-3-dev
	libnftnl-dev libmnl-dev libpcap-dev"
# clang + libclang-rt-14-dev (libFuzzer's runtime, only recommended by clang): scripts/fuzz.sh;
# tcpdump: the fuzz corpus capture (tests/fuzz/make_corpus.sh); groff-base, man-db: tests/docs/install.sh renders nstop(8);
# zsh: tests/docs/completion.sh loads completions/_nstop
# the real container runtimes of tests/runtimes (started only inside their sandbox)
test_pkgs="iproute2 util-linux jq python3 graphviz tmux procps nftables iptables ipset clang libclang-rt-14-dev tcpdump groff-base man-db zsh
	docker.io podman netavark aardvark-dns containernetworking-plugins busybox-static runc containerd conmon"

pkgs=$build_pkgs
[ "${1:-}" = "--test" ] && pkgs="$pkgs $test_pkgs"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages and not root; run: sudo apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# docker.io and containerd must not start their daemons on the host (only the tests'
# sandboxes run them): policy-rc.d 101 tells their maintainer scripts not to
policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
	policy=/usr/sbin/policy-rc.d
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	trap 'rm -f "$policy"' EXIT
fi
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get install -y -qq --no-install-recommends $missing >/dev/null
