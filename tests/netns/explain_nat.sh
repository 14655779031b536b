#!/bin/bash
# SPDX-License-Identifier: MIT
# nstop --explain through NAT and filter chains (issue 14, points 3 and 6): the
# seed's port forward (DNAT on gw's outside address to srv behind a bridge,
# masquerade out), filter drops on forward, input and output, an iptables-nft
# DNAT, sets, and a set nstop cannot read. The kernel is the oracle: every
# prediction is checked against a real TCP connect or ping (tests/tools/netprobe).
# Run inside tests/sandbox.sh with NSTOP and NETPROBE set; UPDATE_GOLDEN=1 rewrites the golden files.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${NETPROBE:?set NETPROBE to tests/tools/netprobe}"
command -v nft >/dev/null 2>&1 || skip "nft is not installed"

GOLDEN=$(cd "$(dirname "$0")" && pwd)/explain_nat
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

expect() # JQ-FILTER WHAT: a check on the last explanation
{
	jq -e "$1" "$OUT" >/dev/null || { jq . "$OUT" >&2; fail "$2"; }
}

# listen NS ADDR PORT: a tcp listener (it accepts one connection, then exits); LPID, LOUT.
listen()
{
	LOUT=$TESTDIR/listen.$3
	: >"$LOUT"
	ip netns exec "$1" "$NETPROBE" tcp-listen "$2" "$3" >"$LOUT" 2>&1 &
	LPID=$!
	for _ in $(seq 50); do grep -q ready "$LOUT" && return 0; sleep 0.1; done
	fail "the listener on $1 $2:$3 did not start"
}

unlisten()
{
	kill "$LPID" 2>/dev/null || true
	wait "$LPID" 2>/dev/null || true
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
		ip netns exec "$from" "$NETPROBE" icmp-echo "$addr" 1 >/dev/null 2>&1 && real=true
	fi
	local predicted
	predicted=$(jq -r .reachable "$OUT")
	PAIRS=$((PAIRS + 1))
	if [[ $predicted == "$real" ]]; then
		AGREE=$((AGREE + 1))
	else
		"$NSTOP" --explain "$from" "$addr" ${3:+--proto tcp --port $4} --ascii >&2 || true
		fail "$from -> $addr ${3:-icmp}: predicted reachable=$predicted, the real probe says $real"
	fi
}

# golden NAME ARGS...: the text (--ascii) and the JSON of one explanation, byte for byte.
golden()
{
	local name=$1
	shift
	"$NSTOP" --explain "$@" --ascii >"$TESTDIR/$name.txt" || true
	"$NSTOP" --explain "$@" --json >"$TESTDIR/$name.json" || true
	for ext in txt json; do
		if [[ ${UPDATE_GOLDEN:-} == 1 ]]; then
			cp "$TESTDIR/$name.$ext" "$GOLDEN.$name.$ext"
		fi
		diff -u "$GOLDEN.$name.$ext" "$TESTDIR/$name.$ext" >&2 || fail "golden $name.$ext differs"
	done
}

# handle NS FAMILY TABLE CHAIN TEXT: the handle of the rule whose text contains TEXT.
handle()
{
	ip netns exec "$1" nft -a list chain "$2" "$3" "$4" | grep -F -- "$5" | sed -n 's/.* # handle \([0-9]*\)$/\1/p' | head -1
}

# --- the seed's port forward: wan - gw (vethG | br0) - srv behind the bridge
for n in wan gw srv; do ip netns add $n; ip -n $n link set lo up; done
ip link add vethW netns wan type veth peer name vethG netns gw
ip -n gw link add br0 type bridge
ip link add vethA netns gw type veth peer name vethB netns srv
ip -n gw link set vethA master br0
ip -n wan addr add 203.0.113.2/24 dev vethW
ip -n gw addr add 203.0.113.1/24 dev vethG
ip -n gw addr add 192.168.10.1/24 dev br0
ip -n srv addr add 192.168.10.3/24 dev vethB
for l in wan:vethW gw:vethG gw:br0 gw:vethA srv:vethB; do ip -n "${l%%:*}" link set "${l#*:}" up; done
ip -n srv route add default via 192.168.10.1
ip netns exec gw sysctl -qw net.ipv4.ip_forward=1
ip netns exec gw nft -f - <<'NFT'
table ip pf {
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		iifname "vethG" tcp dport 8080 dnat to 192.168.10.3:80
	}
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "vethG" ip saddr 192.168.10.0/24 masquerade
	}
}
NFT

# Golden, before any traffic (no neighbour entries yet): the port forward with a listener.
listen srv 0.0.0.0 80
golden portfwd wan 203.0.113.1 --proto tcp --port 8080
unlisten
golden masq srv 203.0.113.2

listen srv 0.0.0.0 80
agree wan 203.0.113.1 tcp 8080
expect '.reachable == true and .request[1].namespace == "gw" and
	.request[1].nat == "dnat 203.0.113.1:8080 -> 192.168.10.3:80 (ip pf prerouting rule handle 3)" and
	.request[1].verdicts[0] == {"hook":"prerouting","chain":"ip pf prerouting","rule":3,"verdict":"dnat to 192.168.10.3:80"}' \
	"port forward: the DNAT on gw"
expect '.request[1].command == "ip -n gw route get 192.168.10.3 from 203.0.113.2 iif vethG"' \
	"port forward: the route is looked up after the DNAT"
expect '.reply[1].namespace == "gw" and (.reply[1].nat | test("reverses dnat: source 192.168.10.3:80 -> 203.0.113.1:8080"))' \
	"port forward: the reply's source is put back in gw"
wait "$LPID" || true
grep -q "from 203.0.113.2" "$LOUT" || fail "port forward: srv did not see the connection from 203.0.113.2"
# no DNAT for another port: nothing on gw listens there
agree wan 203.0.113.1 tcp 8081
expect '.reachable == false and (.reason | test("nothing listens on tcp port 8081"))' "no DNAT for 8081: refused on gw"

# masquerade out: srv reaches wan, which has no route back to 192.168.10.0/24
agree srv 203.0.113.2
expect '.request[1].nat == "masquerade 192.168.10.3 -> 203.0.113.1 (ip pf postrouting rule handle 4; the out device'"'"'s address as nstop reads it, not asked of the kernel)"' \
	"masquerade: the source gw's vethG has"
expect '.reply[1].nat == "reverses snat: destination 203.0.113.1 -> 192.168.10.3 (conntrack)"' "masquerade: reversed in gw"
listen wan 0.0.0.0 7000
agree srv 203.0.113.2 tcp 7000
wait "$LPID" || true
grep -q "from 203.0.113.1" "$LOUT" || fail "masquerade: wan did not see the connection from 203.0.113.1"
h=$(handle gw ip pf postrouting masquerade)
ip netns exec gw nft delete rule ip pf postrouting handle "$h"
agree srv 203.0.113.2
expect '.reachable == false and .reply[0].namespace == "wan" and .reason == "no route to 192.168.10.3 here"' \
	"no masquerade: the reply has no way back from wan"
ip netns exec gw nft add rule ip pf postrouting oifname vethG ip saddr 192.168.10.0/24 masquerade

# A forward drop after the DNAT: the filter sees dport 80, not 8080.
ip netns exec gw nft add table inet filt
ip netns exec gw nft add chain inet filt forward_filter '{ type filter hook forward priority 0; policy accept; }'
ip netns exec gw nft add rule inet filt forward_filter tcp dport 80 drop
h=$(handle gw inet filt forward_filter "tcp dport 80 drop")
listen srv 0.0.0.0 80
agree wan 203.0.113.1 tcp 8080
expect '.reachable == false and .request[1].result == "fail" and
	.reason == "dropped by inet filt forward_filter forward rule handle '"$h"': `tcp dport 80 drop`" and
	.request[1].command == "ip netns exec gw nft -a list chain inet filt forward_filter" and
	.fix == "ip netns exec gw nft delete rule inet filt forward_filter handle '"$h"'" and
	.request[1].verdicts[-1] == {"hook":"forward","chain":"inet filt forward_filter","rule":'"$h"',"verdict":"drop"}' \
	"forward drop: the rule, the command, the fix"
# the fix exactly as nstop wrote it
fix=$(jq -r .fix "$OUT")
$fix
agree wan 203.0.113.1 tcp 8080
expect '.reachable == true' "forward drop: reachable after the fix"
unlisten

# A drop policy with conntrack: new connections in on port 80 only; the reply is established.
ip netns exec gw nft add chain inet filt forward_filter '{ policy drop; }'
ip netns exec gw nft add rule inet filt forward_filter ct state established,related accept
ip netns exec gw nft add rule inet filt forward_filter iifname '"vethG"' oifname '"br0"' tcp dport '{ 80, 443 }' ct state new accept
listen srv 0.0.0.0 80
agree wan 203.0.113.1 tcp 8080
expect '.reachable == true and .reply[1].verdicts[0].verdict == "accept" and
	(.reply[1].verdicts[0].rule | type) == "number"' "policy drop + ct state: the reply accepted as established"
unlisten
agree srv 203.0.113.2
expect '.reachable == false and .reason == "policy drop of inet filt forward_filter (forward)" and
	.request[1].verdicts[-1].rule == null and .request[1].verdicts[-1].verdict == "policy drop"' \
	"policy drop: srv's new connection out"
expect '(.fix | startswith("ip netns exec gw nft '"'"'insert rule inet filt forward_filter ip daddr 203.0.113.2"))' "policy drop: a fix"
ip netns exec gw nft delete table inet filt

# An anonymous set and a named one, in srv's input hook (reject) and gw's forward hook (drop).
ip netns exec srv nft add table inet f
ip netns exec srv nft add chain inet f in '{ type filter hook input priority 0; policy accept; }'
ip netns exec srv nft add rule inet f in tcp dport '{ 22, 80 }' reject with tcp reset
h=$(handle srv inet f in "reject")
listen srv 0.0.0.0 80
agree wan 203.0.113.1 tcp 8080
expect '.reachable == false and .request[-1].namespace == "srv" and
	(.reason | startswith("rejected by inet f in input rule handle '"$h"': `tcp dport { 22, 80 } reject"))' \
	"input reject by an anonymous set"
unlisten
ip netns exec srv nft delete table inet f
ip netns exec gw nft -f - <<'NFT'
table ip g {
	set blocked { type ipv4_addr; elements = { 198.51.100.7, 203.0.113.2 } }
	chain gate { type filter hook forward priority 0; policy accept;
		ip saddr @blocked drop
	}
}
NFT
listen srv 0.0.0.0 80
agree wan 203.0.113.1 tcp 8080
expect '.reachable == false and (.reason | test("^dropped by ip g gate forward rule handle [0-9]+: `ip saddr @blocked drop`$"))' \
	"a named set: its elements read"
unlisten
ip netns exec gw nft flush set ip g blocked
ip netns exec gw nft add element ip g blocked '{ 198.51.100.7 }'
listen srv 0.0.0.0 80
agree wan 203.0.113.1 tcp 8080
unlisten
# A set nstop does not read whole (more elements than it keeps): unknown, exit 3, the rule named.
{
	echo "add element ip g blocked {"
	for i in $(seq 0 1099); do printf '10.%d.%d.1,\n' $((i / 250)) $((i % 250)); done
	echo "198.51.100.8 }"
} >"$TESTDIR/big.nft"
ip netns exec gw nft -f "$TESTDIR/big.nft"
explain wan 203.0.113.1 --proto tcp --port 8080
[[ $RC -eq 3 ]] || fail "a set nstop has not read whole: exit $RC, not 3"
expect '.reachable == null and .request[1].result == "unknown" and
	(.reason | test("^not evaluated: ip g gate forward rule handle [0-9]+ \\(`ip saddr @blocked drop`\\): set @blocked: its elements are not all read$"))' \
	"an unread set: unknown, the rule named"
ip netns exec gw nft delete table ip g

# An output drop in wan itself.
ip netns exec wan nft add table ip o
ip netns exec wan nft add chain ip o out '{ type filter hook output priority 0; policy accept; }'
ip netns exec wan nft add rule ip o out ip daddr 203.0.113.0/24 icmp type echo-request drop
explain wan 203.0.113.1
[[ $RC -eq 3 ]] && expect '.request[0].oif == "vethW" and
	(.reason | test("^not evaluated: ip o out output rule handle 2 \\(`.*drop`\\): the rule is not wholly decoded"))' \
	"icmp type (decoded as a raw payload match) is not evaluated: unknown, named" ||
	fail "icmp type: exit $RC"
ip netns exec wan nft flush chain ip o out
ip netns exec wan nft add rule ip o out ip daddr != 10.0.0.0/8 meta l4proto icmp drop
agree wan 203.0.113.1
expect '.reachable == false and .request[0].result == "fail" and (.reason | startswith("dropped by ip o out output rule handle"))' \
	"an output drop"
ip netns exec wan nft delete table ip o

# iptables-nft: a DNAT target (xt) in table ip nat beside nft's own table ip pf.
if command -v iptables >/dev/null 2>&1 && iptables -V 2>/dev/null | grep -q nf_tables; then
	ip netns exec gw iptables -t nat -A PREROUTING -i vethG -p tcp --dport 8082 -j DNAT --to-destination 192.168.10.3:80
	listen srv 0.0.0.0 80
	agree wan 203.0.113.1 tcp 8082
	expect '.reachable == true and (.request[1].nat | test("^dnat 203.0.113.1:8082 -> 192.168.10.3:80 \\(ip nat PREROUTING rule handle [0-9]+\\)$"))' \
		"iptables-nft DNAT"
	unlisten
else
	skip "iptables-nft is not installed"
fi

for n in wan gw srv; do ip netns del $n; done
echo "explain_nat: $PAIRS pairs predicted, $AGREE agree with the real probe"
[[ $PAIRS -eq $AGREE && $PAIRS -gt 0 ]] || fail "disagreements"
echo "PASS explain_nat"
