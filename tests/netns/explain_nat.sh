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

GOLDEN=$(cd "$(dirname "$0")" && pwd)/explain_nat # explain_golden's files: explain_nat.NAME.{txt,json}
PAIRS=0
AGREE=0
MISSING=""
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
explain_golden portfwd wan 203.0.113.1 --proto tcp --port 8080
unlisten
explain_golden masq srv 203.0.113.2

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
	.reason == "dropped by inet filt forward_filter rule handle '"$h"': `tcp dport 80 drop`" and
	.request[1].command == "ip netns exec gw nft -a list chain inet filt forward_filter" and
	.fix == "ip netns exec gw nft delete rule inet filt forward_filter handle '"$h"'" and
	.request[1].verdicts[-1] == {"hook":"forward","chain":"inet filt forward_filter","rule":'"$h"',"verdict":"drop"}' \
	"forward drop: the rule, the command, the fix"
# the fix exactly as nstop wrote it
fix=$(jq -r .fix "$OUT")
$fix
unlisten # it lives 5 s; the refused connect took 2 of them
listen srv 0.0.0.0 80
agree wan 203.0.113.1 tcp 8080
expect '.reachable == true' "forward drop: reachable after the fix"
unlisten

# A drop policy without conntrack: the request passes, its reply is dropped; the fix lets replies back.
ip netns exec gw nft add chain inet filt forward_filter '{ policy drop; }'
ip netns exec gw nft add rule inet filt forward_filter iifname '"vethG"' tcp dport 80 accept
listen srv 0.0.0.0 80
agree wan 203.0.113.1 tcp 8080
expect '.reachable == false and .request[1].result == "ok" and .reply[1].result == "fail" and
	.reason == "policy drop of inet filt forward_filter" and
	.fix == "ip netns exec gw nft '"'"'insert rule inet filt forward_filter ct state established,related accept'"'"'"' \
	"a reply dropped: the fix lets established traffic back"
fix=$(jq -r .fix "$OUT")
eval "$fix"
unlisten
listen srv 0.0.0.0 80
agree wan 203.0.113.1 tcp 8080
expect '.reachable == true and .reply[1].verdicts[0].verdict == "accept"' "a reply dropped: reachable after the fix"
unlisten
ip netns exec gw nft flush chain inet filt forward_filter

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
expect '.reachable == false and .reason == "policy drop of inet filt forward_filter" and
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
	(.reason | startswith("rejected by inet f in rule handle '"$h"': `tcp dport { 22, 80 } reject"))' \
	"input reject by an anonymous set"
unlisten
ip netns exec srv nft delete table inet f
# A host firewall: input policy drop; iif lo, established, tcp 80 in.
ip netns exec srv nft -f - <<'NFT'
table inet host {
	chain in { type filter hook input priority 0; policy drop;
		iif lo accept
		ct state established,related accept
		tcp dport 80 accept
	}
}
NFT
listen srv 0.0.0.0 80
agree wan 203.0.113.1 tcp 8080
expect '.reachable == true and .request[-1].verdicts[-1].chain == "inet host in"' "host firewall: tcp 80 in"
unlisten
agree srv 203.0.113.2
expect '.reachable == true and .reply[-1].verdicts[-1].verdict == "accept"' "host firewall: the reply is established"
agree srv 192.168.10.3
expect '.reachable == true and (.request[0].verdicts[-1].rule | type) == "number"' "host firewall: to itself, in on lo (iif by index)"
agree wan 203.0.113.1 tcp 8081
agree gw 192.168.10.3
expect '.reachable == false and .reason == "policy drop of inet host in"' "host firewall: gw's ping is not let in"
ip netns exec srv nft delete table inet host
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
expect '.reachable == false and (.reason | test("^dropped by ip g gate rule handle [0-9]+: `ip saddr @blocked drop`$"))' \
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
	(.reason | test("^not evaluated: ip g gate rule handle [0-9]+ \\(`ip saddr @blocked drop`\\): set @blocked: its elements are not all read$"))' \
	"an unread set: unknown, the rule named"
ip netns exec gw nft delete table ip g

# A netdev ingress chain on gw's vethG: not judged, so unknown and named (a policy accept with no rule is no question).
ip netns exec gw nft add table netdev ing
ip netns exec gw nft add chain netdev ing in '{ type filter hook ingress device vethG priority 0; policy accept; }'
listen srv 0.0.0.0 80
agree wan 203.0.113.1 tcp 8080
unlisten
ip netns exec gw nft add rule netdev ing in ip saddr 203.0.113.2 drop
explain wan 203.0.113.1 --proto tcp --port 8080
[[ $RC -eq 3 ]] && expect '.request[1].namespace == "gw" and
	.reason == "not evaluated: netdev ing in (ingress on vethG): nstop does not judge device hooks" and
	.request[1].command == "ip netns exec gw nft -a list chain netdev ing in"' "a netdev ingress chain: unknown, named" ||
	fail "a netdev ingress chain with a rule: exit $RC, not 3"
ip netns exec gw nft delete table netdev ing
ip netns exec gw nft add table arp a
ip netns exec gw nft add chain arp a in '{ type filter hook input priority 0; policy drop; }'
explain wan 203.0.113.1 --proto tcp --port 8080
[[ $RC -eq 3 ]] && expect '.reason == "not evaluated: arp a in (input on vethG): nstop does not judge ARP filters"' \
	"an ARP filter: unknown, named" || fail "an ARP filter with a drop policy: exit $RC, not 3"
ip netns exec gw nft delete table arp a

# An output drop in wan itself.
ip netns exec wan nft add table ip o
ip netns exec wan nft add chain ip o out '{ type filter hook output priority 0; policy accept; }'
ip netns exec wan nft add rule ip o out ip daddr 203.0.113.0/24 icmp type echo-request drop
explain wan 203.0.113.1
[[ $RC -eq 3 ]] && expect '.request[0].oif == "vethW" and
	(.reason | test("^not evaluated: ip o out rule handle 2 \\(`.*drop`\\): condition `@th,0,8 0x08` \\(nstop does not evaluate it\\)$"))' \
	"icmp type (decoded as a raw payload match) is not evaluated: unknown, named" ||
	fail "icmp type: exit $RC"
ip netns exec wan nft flush chain ip o out
ip netns exec wan nft add rule ip o out ip daddr != 10.0.0.0/8 meta l4proto icmp drop
agree wan 203.0.113.1
expect '.reachable == false and .request[0].result == "fail" and (.reason | startswith("dropped by ip o out rule handle"))' \
	"an output drop"
ip netns exec wan nft delete table ip o
# To itself: out and back in on lo; an input policy drop lets lo in, and nothing else.
ip netns exec wan nft add table inet self
ip netns exec wan nft add chain inet self in '{ type filter hook input priority 0; policy drop; }'
ip netns exec wan nft add rule inet self in iifname lo accept
agree wan 203.0.113.2
expect '.reachable == true and .request[0].verdicts[-1].chain == "inet self in" and .request[0].verdicts[-1].verdict == "accept"' \
	"to itself: in on lo"
agree gw 203.0.113.2
expect '.reachable == false and .reason == "policy drop of inet self in"' "from gw: wan's input policy drop"
ip netns exec wan nft delete table inet self

# iptables-nft: a DNAT target (xt) in table ip nat beside nft's own table ip pf.
if command -v iptables >/dev/null 2>&1 && iptables -V 2>/dev/null | grep -q nf_tables; then
	# as Docker publishes a port: PREROUTING -m addrtype --dst-type LOCAL -j DOCKER, the DNAT in DOCKER
	ip netns exec gw iptables -t nat -N DOCKER
	ip netns exec gw iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
	ip netns exec gw iptables -t nat -A DOCKER -i br0 -j RETURN
	ip netns exec gw iptables -t nat -A DOCKER ! -i br0 -p tcp --dport 8082 -j DNAT --to-destination 192.168.10.3:80
	listen srv 0.0.0.0 80
	agree wan 203.0.113.1 tcp 8082
	expect '.reachable == true and (.request[1].nat | test("^dnat 203.0.113.1:8082 -> 192.168.10.3:80 \\(ip nat DOCKER rule handle [0-9]+\\)$"))' \
		"iptables-nft DNAT through -m addrtype and a jump"
	unlisten
	# from inside (iif br0) DOCKER returns first: no DNAT, nothing on gw listens on 8082
	agree srv 203.0.113.1 tcp 8082
	expect '.reachable == false and .request[1].nat == null and (.reason | test("nothing listens on tcp port 8082"))' \
		"iptables-nft: DOCKER's -i br0 -j RETURN"
	# to an address gw does not own: addrtype LOCAL is false, no DNAT; srv itself refuses 8082
	ip -n wan route add 192.168.10.0/24 via 203.0.113.1
	agree wan 192.168.10.3 tcp 8082
	expect '.reachable == false and .request[1].nat == null and .request[-1].namespace == "srv" and
		(.reason | test("nothing listens on tcp port 8082"))' "iptables-nft: not a local destination, no DNAT"
	ip -n wan route del 192.168.10.0/24 via 203.0.113.1
	# and Docker's filter: FORWARD policy DROP, conntrack, the DOCKER chain accepting the published port
	ip netns exec gw iptables -N DOCKER
	ip netns exec gw iptables -P FORWARD DROP
	ip netns exec gw iptables -A FORWARD -o br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
	ip netns exec gw iptables -A FORWARD -o br0 -j DOCKER
	ip netns exec gw iptables -A FORWARD -i br0 ! -o br0 -j ACCEPT
	ip netns exec gw iptables -A DOCKER -d 192.168.10.3/32 ! -i br0 -o br0 -p tcp -m tcp --dport 80 -j ACCEPT
	listen srv 0.0.0.0 80
	agree wan 203.0.113.1 tcp 8082
	expect '.reachable == true and (.request[1].verdicts | map(select(.hook == "forward"))[0].chain) == "ip filter DOCKER"' \
		"Docker's filter: the published port passes FORWARD through DOCKER"
	unlisten
	agree srv 203.0.113.2
	expect '.reachable == true and (.reply[1].verdicts | map(select(.hook == "forward"))[0].verdict) == "accept"' \
		"Docker's filter: out from the bridge, the reply established"
	ip netns exec gw iptables -D DOCKER 1
	agree wan 203.0.113.1 tcp 8082
	expect '.reachable == false and .reason == "policy drop of ip filter FORWARD"' "Docker's filter: unpublished, the policy drops"
	ip netns exec gw iptables -P FORWARD ACCEPT
	ip netns exec gw iptables -F FORWARD
else
	MISSING+="iptables-nft is not installed; "
fi

# Bridged traffic between two ports of br0 meets gw's IP forward hook while bridge-nf-call-iptables is 1.
if ip netns exec gw test -e /proc/sys/net/bridge/bridge-nf-call-iptables; then
	ip netns add srv2
	ip link add vethC netns gw type veth peer name vethD netns srv2
	ip -n gw link set vethC master br0 up
	ip -n srv2 addr add 192.168.10.4/24 dev vethD
	ip -n srv2 link set vethD up
	ip netns exec gw sysctl -qw net.bridge.bridge-nf-call-iptables=1
	ip netns exec gw nft add table ip bf
	ip netns exec gw nft add chain ip bf forward '{ type filter hook forward priority 0; policy drop; }'
	agree srv 192.168.10.4
	expect '.reachable == false and .request[0].result == "fail" and
		.reason == "bridge br0 in gw passes its ports'"'"' traffic to the IP forward hook (bridge-nf-call-iptables = 1): policy drop of ip bf forward" and
		.request[0].command == "ip netns exec gw nft -a list chain ip bf forward"' "bridged: the forward hook's policy drop"
	ip netns exec gw nft add rule ip bf forward iifname br0 oifname br0 accept
	agree srv 192.168.10.4
	# prerouting, forward and postrouting of gw all meet the bridged packet; forward's is the bf chain's accept
	expect '.reachable == true and ([.request[0].verdicts[] | .hook] | index("forward")) as $f |
		.request[0].verdicts[$f].chain == "ip bf forward" and .request[0].verdicts[$f].verdict == "accept" and
		([.request[0].verdicts[] | .hook] | index("prerouting")) < $f' \
		"bridged: accepted by iifname br0 oifname br0, after gw's prerouting"
	"$NSTOP" --explain srv 192.168.10.4 --ascii >"$TESTDIR/bridged.txt" || true
	grep -Eq '^      OK   forward ip bf forward \(in gw\) rule [0-9]+: accept$' "$TESTDIR/bridged.txt" ||
		{ cat "$TESTDIR/bridged.txt" >&2; fail "bridged: the text names the bridge's namespace on its hook line"; }
	ip netns exec gw nft flush chain ip bf forward
	ip netns exec gw sysctl -qw net.bridge.bridge-nf-call-iptables=0
	agree srv 192.168.10.4
	expect '.reachable == true and (.request[0].verdicts | length) == 0' "bridged, br_netfilter off: the forward hook is not met"
	ip netns exec gw nft delete table ip bf
	ip netns del srv2
else
	MISSING+="br_netfilter is not loaded (no bridge-nf-call-iptables); "
fi

for n in wan gw srv; do ip netns del $n; done

# An asymmetric path: the request h1 -> r1 -> h2, the reply h2 -> r2 -> h1. r2's conntrack never saw the
# request, so its "ct state established" is not the reply's state: unknown, never "accepted".
for n in h1 h2 r1 r2; do ip netns add $n; ip -n $n link set lo up; ip netns exec $n sysctl -qw net.ipv4.conf.all.rp_filter=0; done
ip link add v1a netns h1 type veth peer name r1a netns r1
ip link add v2a netns h2 type veth peer name r1b netns r1
ip link add v1b netns h1 type veth peer name r2a netns r2
ip link add v2b netns h2 type veth peer name r2b netns r2
ip -n h1 addr add 10.1.0.2/24 dev v1a; ip -n r1 addr add 10.1.0.1/24 dev r1a
ip -n h2 addr add 10.2.0.2/24 dev v2a; ip -n r1 addr add 10.2.0.1/24 dev r1b
ip -n h1 addr add 10.3.0.2/24 dev v1b; ip -n r2 addr add 10.3.0.1/24 dev r2a
ip -n h2 addr add 10.4.0.2/24 dev v2b; ip -n r2 addr add 10.4.0.1/24 dev r2b
for l in h1:v1a h1:v1b h2:v2a h2:v2b r1:r1a r1:r1b r2:r2a r2:r2b; do
	ip -n "${l%%:*}" link set "${l#*:}" up
	ip netns exec "${l%%:*}" sysctl -qw "net.ipv4.conf.${l#*:}.rp_filter=0"
done
for r in r1 r2; do ip netns exec $r sysctl -qw net.ipv4.ip_forward=1; done
ip -n h1 route add 10.2.0.0/24 via 10.1.0.1
ip -n h2 route add 10.1.0.0/24 via 10.4.0.1
ip -n r2 route add 10.1.0.0/24 via 10.3.0.2
agree h1 10.2.0.2
expect '.reachable == true and .reply[1].namespace == "r2"' "asymmetric: the reply through r2"
ip netns exec r2 nft add table inet f
ip netns exec r2 nft add chain inet f fw '{ type filter hook forward priority 0; policy drop; }'
ip netns exec r2 nft add rule inet f fw ct state established,related accept
explain h1 10.2.0.2
[[ $RC -eq 3 ]] || fail "asymmetric, r2 accepts established only: exit $RC, not 3"
expect '.reply[1].namespace == "r2" and .reply[1].result == "unknown" and
	(.reason | test("^not evaluated: inet f fw rule handle [0-9]+ \\(`ct state established,related accept`\\): condition"))' \
	"asymmetric: r2's ct state is not the reply's"
ip netns exec h1 "$NETPROBE" icmp-echo 10.2.0.2 1 >/dev/null 2>&1 &&
	fail "asymmetric: the kernel passed the reply r2's conntrack never saw (nstop would have had to say so)"
ip netns exec r2 nft delete table inet f
for n in h1 h2 r1 r2; do ip netns del $n; done
echo "explain_nat: $PAIRS pairs predicted, $AGREE agree with the real probe"
[[ $PAIRS -eq $AGREE && $PAIRS -gt 0 ]] || fail "disagreements"
[[ -z $MISSING ]] || skip "$MISSING"
echo "PASS explain_nat"
