#!/bin/bash
# SPDX-License-Identifier: MIT
# Who answers ARP for a next hop: Linux answers for any local address of the
# namespace on any device that is up (arp_ignore 0, its weak host model), and
# arp_ignore 1, 2 and 8 narrow that. Each case predicted by --explain and
# compared with a real netprobe ping from a to an address b holds, the
# neighbour cache flushed between cases. Run inside tests/sandbox.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${NETPROBE:?set NETPROBE to tests/tools/netprobe}"

# a [a0 10.9.0.1] -- [b0 10.9.0.2] b [b1 10.8.0.1] -- [c1 10.8.0.2] c
# a reaches 10.8.0.1 on-link by a0 (no gateway): only ARP decides.
ip netns add a
ip netns add b
ip netns add c
for n in a b c; do ip -n "$n" link set lo up; done
ip link add a0 netns a type veth peer name b0 netns b
ip link add b1 netns b type veth peer name c1 netns c
ip -n a addr add 10.9.0.1/24 dev a0
ip -n b addr add 10.9.0.2/24 dev b0
ip -n b addr add 10.8.0.1/24 dev b1
ip -n c addr add 10.8.0.2/24 dev c1
ip -n a link set a0 up
ip -n b link set b0 up
ip -n b link set b1 up
ip -n c link set c1 up
ip -n a route add 10.8.0.1/32 dev a0

CASES=0
# check LABEL DST WANT: prediction and a real ping both WANT (true/false)
check()
{
	local label=$1 dst=$2 want=$3 real=false predicted rc=0
	ip -n a neigh flush dev a0
	ip -n b neigh flush dev b0
	ip netns exec a "$NETPROBE" icmp-echo "$dst" 1 >/dev/null 2>&1 && real=true
	[[ $real == "$want" ]] || fail "$label: the kernel's ping to $dst is $real, the lab expects $want"
	ip -n a neigh flush dev a0
	"$NSTOP" --explain a "$dst" --json >"$TESTDIR/e.json" || rc=$?
	predicted=$(jq -r .reachable "$TESTDIR/e.json")
	[[ $predicted == "$real" ]] || { "$NSTOP" --explain a "$dst" --ascii >&2 || true;
		fail "$label: --explain a $dst says reachable=$predicted, a real ping $real"; }
	if [[ $real == false ]]; then
		jq -e '.reason | test("no answer to ARP for '"$dst"'")' "$TESTDIR/e.json" >/dev/null ||
			fail "$label: the reason does not say nobody answers ARP: $(jq -r .reason "$TESTDIR/e.json")"
		[[ $rc -eq 1 ]] || fail "$label: exit $rc, not 1"
	fi
	CASES=$((CASES + 1))
}

set_ignore() # ALL DEV: net.ipv4.conf.{all,b0}.arp_ignore in b
{
	ip netns exec b sysctl -qw net.ipv4.conf.all.arp_ignore="$1" net.ipv4.conf.b0.arp_ignore="$2"
}

set_ignore 0 0
check "arp_ignore 0: b answers for its b1 address on b0" 10.8.0.1 true
check "arp_ignore 0: b0's own address" 10.9.0.2 true
set_ignore 0 1
check "b0 arp_ignore 1: only b0's own" 10.8.0.1 false
check "b0 arp_ignore 1: b0's own still answered" 10.9.0.2 true
set_ignore 1 0
check "all arp_ignore 1 wins over b0's 0" 10.8.0.1 false
set_ignore 0 2
check "arp_ignore 2: b0's own, the sender in its subnet" 10.9.0.2 true
check "arp_ignore 2: not b1's" 10.8.0.1 false
set_ignore 0 8
check "arp_ignore 8: nothing answered" 10.9.0.2 false
set_ignore 0 0
ip -n b link set b1 down
check "arp_ignore 0, b1 down: its address is still local" 10.8.0.1 true

echo "explain_arp: $CASES cases, each prediction equal to a real ping"
echo "PASS explain_arp"
