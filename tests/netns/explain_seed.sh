#!/bin/bash
# SPDX-License-Identifier: MIT
# The seed's own topology (SEED-NOTES.md: ns1-ns3 on mybridge 192.168.10.0/24
# with default routes, myns on vethY/vethZ 6.6.6.6/7.7.7.7) explained as the
# learner meets it: golden text and JSON of each step (before any traffic, so
# no neighbour entry varies), each prediction checked against a real ping, and
# each fix nstop names applied as written until the ping goes through.
# Run inside tests/sandbox.sh with NSTOP and NETPROBE set; UPDATE_GOLDEN=1 rewrites the golden files.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${NETPROBE:?set NETPROBE to tests/tools/netprobe}"
GOLDEN=$(cd "$(dirname "$0")" && pwd)/explain_seed # explain_golden's files: explain_seed.NAME.{txt,json}
CHECKS=0

ip netns add myns
ip -n myns link set lo up
ip link add vethY address 02:00:00:00:00:59 type veth peer name vethZ address 02:00:00:00:00:5a netns myns
ip -n myns addr add 7.7.7.7/24 dev vethZ
ip -n myns link set vethZ up
ip -n myns route add default dev vethZ
ip link set vethY up
ip addr add 6.6.6.6/24 dev vethY
ip route add 7.7.7.0/24 dev vethY
ip link add mybridge address 02:00:00:00:00:b0 type bridge
ip addr add 192.168.10.1/24 dev mybridge
ip link set mybridge up
i=1
for pair in A:B C:D E:F; do
	out=veth${pair%:*} in=veth${pair#*:} ns=ns$i
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	ip link add "$out" address "02:00:00:00:01:0$i" type veth peer name "$in" address "02:00:00:00:02:0$i" netns "$ns"
	ip link set "$out" master mybridge up
	ip -n "$ns" addr add "192.168.10.$((i + 1))/24" dev "$in"
	ip -n "$ns" link set "$in" up
	ip -n "$ns" route add default via 192.168.10.1
	i=$((i + 1))
done
sysctl -qw net.ipv4.ip_forward=0
for n in myns ns1 ns2 ns3; do
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 # no fe80 route to vary
done
sysctl -qw net.ipv6.conf.all.disable_ipv6=1

# step NAME FROM TO WANT: the golden explanation, then the same prediction against a real ping.
step()
{
	local name=$1 from=$2 to=$3 want=$4 real=false rc=0
	explain_golden "$name" "$from" "$to"
	"$NSTOP" --explain "$from" "$to" --json >"$TESTDIR/e.json" || rc=$?
	ip netns exec "$from" "$NETPROBE" icmp-echo "$to" 1 >/dev/null 2>&1 && real=true
	[[ $real == "$want" ]] || fail "$name: the kernel's ping $from -> $to is $real, the seed's lesson expects $want"
	[[ $(jq -r .reachable "$TESTDIR/e.json") == "$real" ]] ||
		fail "$name: predicted $(jq -r .reachable "$TESTDIR/e.json"), a real ping $real"
	[[ $rc -eq $([[ $real == true ]] && echo 0 || echo 1) ]] || fail "$name: exit $rc"
	CHECKS=$((CHECKS + 1))
	# the neighbour entries that ping made would make the next golden vary
	for n in / myns ns1 ns2 ns3; do
		if [[ $n == / ]]; then ip neigh flush all; else ip -n "$n" neigh flush all; fi
	done
	bridge fdb show br mybridge | awk '!/permanent/ {print $1, $3}' | while read -r mac dev; do
		bridge fdb del "$mac" dev "$dev" master 2>/dev/null || true
	done
}

step bridge ns1 192.168.10.3 true
step forward-off ns1 7.7.7.7 false
jq -e '.fix == "sysctl -w net.ipv4.ip_forward=1"' "$TESTDIR/e.json" >/dev/null || fail "forward-off: the fix is not the sysctl"
eval "$(jq -r .fix "$TESTDIR/e.json")" >/dev/null
step forward-on ns1 7.7.7.7 false
jq -e '.reply[-1].namespace == "myns" and (.reason | test("ARP for 192\\.168\\.10\\.2"))' "$TESTDIR/e.json" >/dev/null ||
	fail "forward-on: the reply must fail in myns, nobody answering ARP for ns1's address on vethZ"
# the lesson's way out: myns routes to ns1's subnet through "/" instead of on-link
ip -n myns route add 192.168.10.0/24 via 6.6.6.6 onlink dev vethZ 2>/dev/null ||
	ip -n myns route add 192.168.10.0/24 dev vethZ via 6.6.6.6 onlink
step myns-route ns1 7.7.7.7 true
step myns-to-ns2 myns 192.168.10.3 true

echo "explain_seed: $CHECKS explanations equal to their golden text and JSON and to a real ping"
echo "PASS explain_seed"
