#!/bin/bash
# SPDX-License-Identifier: MIT
# nstop --explain (issue 14) on the seed's labs, with the
# kernel as the oracle: every prediction is checked against a real probe
# (netprobe icmp-echo, a tcp connect to a listener), and the expected verdict,
# reason and fix of each broken case are checked too.
# Run inside tests/sandbox.sh with NSTOP and NETPROBE set.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${NETPROBE:?set NETPROBE to tests/tools/netprobe}"

PAIRS=0
AGREE=0
OUT=$TESTDIR/explain.json

# explain ARGS...: nstop --explain ARGS --json into $OUT; sets RC (0 reachable, 1 not, 3 unknown).
explain()
{
	RC=0
	"$NSTOP" --explain "$@" --json >"$OUT" 2>"$TESTDIR/explain.err" || RC=$?
	[[ $RC -le 1 || $RC -eq 3 ]] || { cat "$TESTDIR/explain.err" >&2; fail "--explain $* exited $RC"; }
	jq -e . "$OUT" >/dev/null || fail "--explain $* printed no JSON"
	local want=$([[ $RC -eq 0 ]] && echo true || { [[ $RC -eq 1 ]] && echo false || echo null; })
	[[ $(jq -r .reachable "$OUT") == "$want" ]] || fail "--explain $*: exit $RC but reachable $(jq -r .reachable "$OUT")"
}

# agree FROM ADDR [tcp PORT]: predict, probe for real, require the same answer.
agree()
{
	local from=$1 addr=$2 real=false
	if [[ ${3:-} == tcp ]]; then
		explain "$from" "$addr" --proto tcp --port "$4"
		ip netns exec "$from" "$NETPROBE" tcp-send "$addr" "$4" hello >/dev/null 2>&1 && real=true
	else
		explain "$from" "$addr"
		# TO may be a namespace: the probe goes to the address the explanation resolved it to
		ip netns exec "$from" "$NETPROBE" icmp-echo "$(jq -r .to "$OUT")" 1 >/dev/null 2>&1 && real=true
	fi
	local predicted
	predicted=$(jq -r .reachable "$OUT")
	PAIRS=$((PAIRS + 1))
	if [[ $predicted == "$real" ]]; then
		AGREE=$((AGREE + 1))
	else
		"$NSTOP" --explain "$from" "$addr" --ascii >&2 || true
		fail "$from -> $addr ${3:-icmp}: predicted reachable=$predicted, the real probe says $real"
	fi
}

# all_pairs NS...: every namespace to every other's first address (the TO a namespace names).
all_pairs()
{
	local a b addr
	for a in "$@"; do
		for b in "$@"; do
			[[ $a == "$b" ]] && continue
			addr=$(ip -n "$b" -4 -o addr show scope global | awk '{print $4; exit}')
			agree "$a" "${addr%/*}"
		done
	done
}

expect() # JQ-FILTER WHAT: a check on the last explanation
{
	jq -e "$1" "$OUT" >/dev/null || { jq . "$OUT" >&2; fail "$2"; }
}

# --- lab1: h1 - x - y - h2, y's return route typed 11.0.1.0/24 instead of 11.0.0.0/24
make_lab1 vethE 11.0.1.0/24 # the typo

agree h1 12.0.0.2
expect '.reachable == false and .source == "11.0.0.1"' "lab1: the typo must make h1 -> h2 unreachable from 11.0.0.1"
expect '(.request | length) == 4 and (.request | all(.result == "ok")) and .request[3].namespace == "h2"' \
	"lab1: the request reaches h2 in 4 hops"
expect '.reply[-1].namespace == "y" and .reply[-1].result == "fail" and .reply[-1].iif == "vethJ"' \
	"lab1: the reply fails in y, arriving on vethJ"
expect '.reason == "no route to 11.0.0.1 here" and .fix == "ip -n y route add 11.0.0.0/24 via 13.0.0.2"' \
	"lab1: reason and fix"
expect '.reply[-1].command == "ip -n y route get 11.0.0.1 from 12.0.0.2 iif vethJ"' "lab1: the command that shows it"
all_pairs h1 x y h2
# Apply the fix exactly as nstop wrote it.
explain h1 12.0.0.2
fix=$(jq -r .fix "$OUT")
[[ $fix == "ip -n y route add "* ]] || fail "lab1: unexpected fix '$fix'"
$fix
agree h1 12.0.0.2
expect '.reachable == true and (.reply | length) == 4 and (.reply | all(.result == "ok"))' "lab1: reachable after the fix"
all_pairs h1 x y h2

# tcp and udp: the arrival asks NETLINK_SOCK_DIAG who listens; the real connect is the oracle.
ip netns exec h2 "$NETPROBE" tcp-listen 12.0.0.2 5000 >"$TESTDIR/listen.out" 2>&1 &
lpid=$!
for _ in $(seq 50); do grep -q ready "$TESTDIR/listen.out" && break; sleep 0.1; done
agree h1 12.0.0.2 tcp 5000
expect '.reachable == true and .port == 5000 and .proto == "tcp" and
	(.request[-1].reason | test("delivered to a tcp socket on port 5000"))' "tcp: a listener"
expect '.request[-1].command == "ip netns exec h2 ss -ltn '"'"'sport = :5000'"'"'"' "tcp: the command that shows the listener"
wait "$lpid" || true
agree h1 12.0.0.2 tcp 5001
expect '.reachable == false and (.reason | test("nothing listens on tcp port 5001: connection refused"))' "tcp: refused"
ip netns exec h2 "$NETPROBE" udp-listen 0.0.0.0 5002 >"$TESTDIR/udp.out" 2>&1 &
lpid=$!
for _ in $(seq 50); do grep -q ready "$TESTDIR/udp.out" && break; sleep 0.1; done
explain h1 12.0.0.2 --proto udp --port 5002
expect '.reachable == true and (.request[-1].reason | test("delivered to a udp socket on port 5002"))' "udp: a bound socket"
ip netns exec h1 "$NETPROBE" udp-send 12.0.0.2 5002 hi >/dev/null
wait "$lpid" || fail "udp: the listener got nothing"
grep -q "from 11.0.0.1" "$TESTDIR/udp.out" || fail "udp: the datagram did not arrive from 11.0.0.1"
explain h1 12.0.0.2 --proto udp --port 5003
expect '.reachable == false and (.reason | test("no socket is bound to udp port 5003: port unreachable"))' "udp: nothing bound"

# A neighbour owned by nobody: on h1's segment, no answer to ARP.
agree h1 11.0.0.77
expect '.reachable == false and (.reason | test("no answer to ARP for 11.0.0.77"))' "FAILED neighbour: reason"
explain h1 11.0.0.77
expect '.request[0].neighbour | test("FAILED|INCOMPLETE")' "after the probe the neighbour entry is FAILED/INCOMPLETE"
expect '.request[0].command == "ip -n h1 neigh show dev v1"' "FAILED neighbour: the command that shows it"

# Forwarding off in the router x.
ip netns exec x sysctl -qw net.ipv4.ip_forward=0
agree h1 12.0.0.2
expect '(.reason | test("forwarding is off")) and .fix == "ip netns exec x sysctl -w net.ipv4.ip_forward=1"' \
	"forwarding off: reason and fix"
expect '.request[1].namespace == "x" and .request[1].result == "fail"' "forwarding off: the failing hop is x"
all_pairs h1 x y h2
ip netns exec x sysctl -qw net.ipv4.ip_forward=1

# A filter chain on the way: evaluated, its verdict on the hop that meets it (the real ping agrees).
if command -v nft >/dev/null 2>&1; then
	ip netns exec x nft add table ip filt
	ip netns exec x nft add chain ip filt gate '{ type filter hook forward priority 0; policy drop; }'
	agree h1 12.0.0.2
	[[ $RC -eq 1 ]] || fail "a drop policy on x's forward hook: exit $RC, not 1"
	expect '.reachable == false and .reason == "policy drop of ip filt gate" and .request[1].result == "fail"
		and .request[1].command == "ip netns exec x nft -a list chain ip filt gate"
		and .request[1].verdicts == [{"hook":"forward","chain":"ip filt gate","rule":null,"verdict":"policy drop"}]' \
		"an nft forward chain's policy drop: named, with the command"
	# an accept policy and no rule cannot change the verdict: definite again
	ip netns exec x nft add chain ip filt gate '{ type filter hook forward priority 0; policy accept; }'
	agree h1 12.0.0.2
	expect '.reachable == true' "an empty accepting chain: reachable"
	ip netns exec x nft delete table ip filt
else
	skip "nft is not installed"
fi

# rp_filter strict with an asymmetric return: h1 sends from 11.0.9.1, x routes 11.0.9.0/24 via y.
ip -n h1 addr add 11.0.9.1/24 dev v1
ip -n h1 route add 12.0.0.0/24 via 11.0.0.254 src 11.0.9.1
ip -n x route add 11.0.9.0/24 via 13.0.0.1
ip -n y route add 11.0.9.0/24 via 13.0.0.2
ip netns exec x sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.vethE.rp_filter=1
agree h1 12.0.0.2
expect '.source == "11.0.9.1" and .request[1].namespace == "x" and (.reason | test("reverse-path filter"))' \
	"rp_filter strict: the request is refused in x for its source"
# Off: the request passes, and the reply loops between x and y.
ip netns exec x sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.vethE.rp_filter=0
agree h1 12.0.0.2
expect '.request[-1].result == "ok" and (.reason | test("routing loop"))' "rp_filter off: the reply loops"
for n in h1 x y h2; do ip netns del $n; done

# --- the bridge lab: ns1-ns3 on mybridge in the sandbox's own namespace.
for n in ns1 ns2 ns3; do ip netns add $n; ip -n $n link set lo up; done
ip link add name mybridge type bridge
ip link set mybridge up
i=2
for p in A:B:ns1 C:D:ns2 E:F:ns3; do
	IFS=: read -r h n ns <<<"$p"
	ip link add "veth$h" type veth peer name "veth$n" netns "$ns"
	ip link set "veth$h" master mybridge up
	ip -n "$ns" addr add "192.168.10.$i/24" dev "veth$n"
	ip -n "$ns" link set "veth$n" up
	i=$((i + 1))
done
agree ns1 192.168.10.4
expect '.reachable == true and (.request[0].reason | test("through bridge mybridge to ns3"))' "bridge lab: ns1 -> ns3 through mybridge"
agree ns1 ns3
# after the first ping ns1 knows ns3's MAC and mybridge has learnt it behind vethE
expect '.request[0].reason | test("through bridge mybridge \\(FDB: port vethE\\) to ns3")' "bridge lab: the FDB names the port"
all_pairs ns1 ns2 ns3
ip link set vethE down
agree ns1 192.168.10.4
expect '.reachable == false and (.reason | test("vethE .* is down"))' "bridge lab: a port down"
all_pairs ns1 ns2 ns3

# Usage errors: exit 2 with a specific message.
rc=0; "$NSTOP" --explain nosuchns 1.2.3.4 2>"$TESTDIR/e" || rc=$?
[[ $rc -eq 2 ]] && grep -q "no such namespace" "$TESTDIR/e" || fail "an unknown FROM: exit $rc"
rc=0; "$NSTOP" --explain ns1 not-an-address 2>"$TESTDIR/e" || rc=$?
[[ $rc -eq 2 ]] && grep -q "neither an address nor a namespace" "$TESTDIR/e" || fail "a bad TO: exit $rc"
rc=0; "$NSTOP" --explain ns1 ns3 --proto sctp 2>"$TESTDIR/e" || rc=$?
[[ $rc -eq 2 ]] || fail "--proto sctp: exit $rc"
rc=0; "$NSTOP" --explain ns1 ns3 --port 80 2>"$TESTDIR/e" || rc=$?
[[ $rc -eq 2 ]] && grep -q -- "--port wants" "$TESTDIR/e" || fail "--port with icmp: exit $rc"
rc=0; "$NSTOP" --explain ns1 ns3 --dump 2>"$TESTDIR/e" || rc=$?
[[ $rc -eq 2 ]] || fail "--explain --dump: exit $rc"
rc=0; "$NSTOP" --explain ns1 2>"$TESTDIR/e" || rc=$?
[[ $rc -eq 2 ]] || fail "--explain without TO: exit $rc"
rc=0; "$NSTOP" --explain ns1 ns3 --source 10.9.9.9 --ascii >"$TESTDIR/t" 2>&1 || rc=$?
[[ $rc -eq 1 ]] && grep -q "^NOT reachable: ns1 -> 192.168.10.4 icmp" "$TESTDIR/t" &&
	grep -q "source 10.9.9.9 is not an address of this namespace" "$TESTDIR/t" ||
	{ cat "$TESTDIR/t" >&2; fail "--source an address ns1 does not own: exit $rc"; }

echo "explain_labs: $PAIRS pairs predicted, $AGREE agree with the real probe"
[[ $PAIRS -eq $AGREE && $PAIRS -gt 0 ]] || fail "disagreements"
echo "PASS explain_labs"
