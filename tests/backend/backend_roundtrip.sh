#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Backend pieces against real kernel objects (inside tests/sandbox.sh): the
# ethtool peer_ifindex fallback and RTM_GETNSID, each compared with iproute2.
set -euo pipefail
probe=${BE_PROBE:?BE_PROBE must point at the be_probe binary}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

ip netns add far
ip netns add unrelated
ip link add vethL type veth peer name vethR netns far
ip link add pairA type veth peer name pairB

# ethtool fallback: peer_ifindex equals what the kernel says the peer's ifindex is.
want=$(ip -n far -j link show vethR | jq -r '.[0].ifindex')
got=$("$probe" ethtool vethL)
[ "$got" = "$want" ] || fail "ethtool peer_ifindex of vethL: want $want, got $got"
want=$(ip -j link show pairB | jq -r '.[0].ifindex')
got=$("$probe" ethtool pairA)
[ "$got" = "$want" ] || fail "ethtool peer_ifindex of pairA: want $want, got $got"
# A non-veth has no peer_ifindex: an error, not a made-up number.
if "$probe" ethtool lo 2>/dev/null; then
	fail "ethtool on lo should fail"
fi

# RTM_GETNSID: the nsid / gives "far" equals vethL's link-netnsid in `ip -j link`.
want=$(ip -j link show vethL | jq -r '.[0].link_netnsid')
got=$("$probe" nsid /run/netns/far)
[ "$got" = "$want" ] || fail "nsid of far: want $want, got $got"
# A namespace with no link to us has no nsid assigned: -1.
got=$("$probe" nsid /run/netns/unrelated)
[ "$got" = "-1" ] || fail "nsid of unrelated: want -1, got $got"
# Not a namespace file: an error.
if "$probe" nsid /etc/hostname 2>/dev/null; then
	fail "nsid of a regular file should fail"
fi
echo "backend round trips ok"
