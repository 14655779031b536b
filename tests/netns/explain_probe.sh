#!/bin/bash
# SPDX-License-Identifier: MIT
# nstop --explain --probe (issue 14): a real packet along the predicted path,
# traced by nf_tables in every namespace on it. The kernel is the oracle: a
# real ping / connect / datagram (tests/tools/netprobe) must agree with what
# the probe says, the observed path must be the predicted one on the seed's
# topologies, a filter drop must be named by its chain and rule, and the trace
# tables must be gone afterwards (`nft list tables`), also after a SIGKILL.
# Run inside tests/sandbox.sh with NSTOP and NETPROBE set.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${NETPROBE:?set NETPROBE to tests/tools/netprobe}"
command -v nft >/dev/null 2>&1 || skip "nft is not installed (the oracle for the trace tables)"
command -v setpriv >/dev/null 2>&1 || skip "setpriv (util-linux) is not installed"

OUT=$TESTDIR/probe.json
ALL_NS=()

# probe ARGS...: nstop --explain ARGS --probe --json into $OUT; RC its exit status.
probe()
{
	RC=0
	"$NSTOP" --explain "$@" --json >"$OUT" 2>"$TESTDIR/probe.err" || RC=$?
	jq -e . "$OUT" >/dev/null 2>&1 || { cat "$TESTDIR/probe.err" >&2; fail "--explain $* printed no JSON (exit $RC)"; }
	jq -e '.probe != null and .probe.error == null' "$OUT" >/dev/null ||
		{ jq .probe "$OUT" >&2; cat "$TESTDIR/probe.err" >&2; fail "--explain $*: the probe did not run"; }
}

expect() # JQ-FILTER WHAT: a check on the last probe
{
	jq -e "$1" "$OUT" >/dev/null || { jq . "$OUT" >&2; fail "$2"; }
}

# no_tables: no namespace (nor the sandbox's own) keeps a trace table.
no_tables()
{
	local n
	nft list tables | grep -q nstop_trace && fail "$1: inet nstop_trace left in the sandbox's namespace"
	for n in "${ALL_NS[@]}"; do
		ip netns exec "$n" nft list tables | grep -q nstop_trace && fail "$1: inet nstop_trace left in $n"
	done
	return 0
}

# same_path: the observed request (and reply, when predicted and answered) is the predicted one.
same_path()
{
	expect '[.request[].namespace] == .probe.request' "$1: observed request path $(jq -c .probe.request "$OUT") is not the predicted $(jq -c '[.request[].namespace]' "$OUT")"
	expect '(.probe.answered == 0) or ([.reply[].namespace] == .probe.reply)' "$1: observed reply path $(jq -c .probe.reply "$OUT") is not the predicted $(jq -c '[.reply[].namespace]' "$OUT")"
	# trace events came from every namespace on the path, each tagged by its nsid
	expect '([.request[].namespace] | unique) - ([.probe.observed[].namespace] | unique) == []' \
		"$1: some namespace on the path sent no trace event"
}

# captured LABEL: libpcap's second witness. Every device a predicted hop names (iif, oif) was captured
# on, without error, and saw the request; when answered, every reply hop's device saw the reply. A
# request hop's device that is also a reply's is one capture; nothing else was captured on.
captured()
{
	expect '([.probe.captures[] | .namespace + ":" + .device] | unique) as $c | [.request[], (if all(.request[]; .result == "ok") then .reply[] else empty end)
		| .namespace as $n | (.iif, .oif) | select(. != null) | $n + ":" + .]
		| unique == $c' \
		"$1: the captures $(jq -c '[.probe.captures[] | .namespace + ":" + .device]' "$OUT") are not the predicted hops' devices"
	expect '.probe.captures | length > 0 and all(.error == null)' "$1: a capture failed: $(jq -c .probe.captures "$OUT")"
	expect '. as $r | [.request[] | .namespace as $n | (.iif, .oif) | select(. != null) | [$n, .]] as $req
		| all($req[]; . as [$n, $d] | any($r.probe.captures[]; .namespace == $n and .device == $d and .request >= 1))' \
		"$1: a request hop's device saw no request: $(jq -c .probe.captures "$OUT")"
	expect '. as $r | (.probe.answered == 0) or ([.reply[] | .namespace as $n | (.iif, .oif) | select(. != null) | [$n, .]]
		| all(.[]; . as [$n, $d] | any($r.probe.captures[]; .namespace == $n and .device == $d and .reply >= 1)))' \
		"$1: a reply hop's device saw no reply: $(jq -c .probe.captures "$OUT")"
}

# cap NS DEV: "request reply" that the probe's capture on NS:DEV counted (empty: not captured on).
cap()
{
	jq -r --arg n "$1" --arg d "$2" '.probe.captures[] | select(.namespace == $n and .device == $d) | "\(.request) \(.reply)"' "$OUT"
}

# --- lab1 of the seed (h1 - x - y - h2), routed, its typo fixed
make_lab1 vethE 11.0.0.0/24
ALL_NS+=(h1 x y h2)

# Without CAP_NET_ADMIN: refused, with its reason, and nothing installed.
RC=0
setpriv --inh-caps=-all --bounding-set=-all "$NSTOP" --explain h1 12.0.0.2 --probe >"$TESTDIR/nocap.out" 2>&1 || RC=$?
[[ $RC -eq 2 ]] || { cat "$TESTDIR/nocap.out" >&2; fail "--probe without capabilities: exit $RC, not 2"; }
grep -q -- "--probe sends packets and adds nf_tables trace rules: it needs CAP_NET_ADMIN and CAP_SYS_ADMIN" "$TESTDIR/nocap.out" ||
	{ cat "$TESTDIR/nocap.out" >&2; fail "--probe without capabilities: not the specific refusal"; }
RC=0
setpriv --reuid=65534 --regid=65534 --clear-groups "$NSTOP" --explain h1 12.0.0.2 --probe >"$TESTDIR/nocap.out" 2>&1 || RC=$?
[[ $RC -eq 2 ]] && grep -q -- "which this process lacks (uid 65534: run it as root)" "$TESTDIR/nocap.out" ||
	{ cat "$TESTDIR/nocap.out" >&2; fail "--probe as uid 65534: exit $RC, or not the specific refusal"; }
no_tables "refused probe"
# bad counts are usage errors
for bad in 0 4 x; do
	RC=0
	"$NSTOP" --explain h1 12.0.0.2 --probe=$bad >/dev/null 2>&1 || RC=$?
	[[ $RC -eq 2 ]] || fail "--probe=$bad: exit $RC, not 2"
done

# The real ping is the oracle; the probe's echo must say the same, along the predicted path.

ip netns exec h1 "$NETPROBE" icmp-echo 12.0.0.2 1 >/dev/null || fail "lab1: the real ping h1 -> h2 failed"
probe h1 12.0.0.2 --probe
[[ $RC -eq 0 ]] || fail "lab1 icmp: exit $RC, not 0"
expect '.reachable == true and .probe.outcome == "answered" and .probe.sent == 1 and .probe.answered == 1 and .probe.agrees == true' \
	"lab1 icmp: answered and agreeing"
expect '.probe.request == ["h1","x","y","h2"] and .probe.reply == ["h2","y","x","h1"]' "lab1 icmp: the observed path"
same_path "lab1 icmp"
# hooks in kernel order in the router x: prerouting, forward, postrouting, with the devices
expect '[.probe.observed[] | select(.namespace == "x" and .direction == "request" and .nstop) | .hook] == ["prerouting","forward","postrouting"]' \
	"lab1 icmp: x's hooks for the request"
expect '[.probe.observed[] | select(.namespace == "x" and .direction == "request" and .hook == "forward")][0] | .iif == "vethE" and .oif == "vethG"' \
	"lab1 icmp: x forwards from vethE to vethG"
expect '.probe.elapsed_ms < 2000' "lab1 icmp: the probe stops within 2 s"
captured "lab1 icmp"
# one echo and its reply on each of the six devices, none counted twice
expect '[.probe.captures[] | [.namespace, .device, .request, .reply]] == [["h1","v1",1,1],["x","vethE",1,1],["x","vethG",1,1],
	["y","vethH",1,1],["y","vethJ",1,1],["h2","v2",1,1]]' "lab1 icmp: each device saw the echo and its reply once"
no_tables "lab1 icmp"
# three echoes: three answers, the path still the predicted one
probe h1 12.0.0.2 --probe=3
expect '.probe.sent == 3 and .probe.answered == 3 and .probe.agrees == true and ([.probe.observed[].packet] | unique) == [1,2,3]' \
	"lab1 --probe=3: three echoes answered, each traced"
same_path "lab1 --probe=3"
expect '[.probe.captures[] | [.request, .reply]] | unique == [[3,3]]' "lab1 --probe=3: three echoes and replies on every device"
# text: the observed path beside the predicted one
"$NSTOP" --explain h1 12.0.0.2 --probe --ascii >"$TESTDIR/probe.txt" || fail "lab1 text: exit $?"
grep -qx '  observed  request: h1 -> x -> y -> h2' "$TESTDIR/probe.txt" || { cat "$TESTDIR/probe.txt" >&2; fail "lab1 text: the observed request line"; }
grep -qx 'probe: agrees with the prediction' "$TESTDIR/probe.txt" || fail "lab1 text: agreement line"
grep -qx '  captured: h1:v1 req 1 rep 1, x:vethE req 1 rep 1, x:vethG req 1 rep 1, y:vethH req 1 rep 1, y:vethJ req 1 rep 1, h2:v2 req 1 rep 1' \
	"$TESTDIR/probe.txt" || { cat "$TESTDIR/probe.txt" >&2; fail "lab1 text: the captured line"; }

# tcp: a listener answers (SYN-ACK); no listener refuses (RST); the real connect is the oracle.
ip netns exec h2 "$NETPROBE" tcp-listen 12.0.0.2 5000 >"$TESTDIR/listen.out" 2>&1 &
lpid=$!
for _ in $(seq 50); do grep -q ready "$TESTDIR/listen.out" && break; sleep 0.1; done
probe h1 12.0.0.2 --proto tcp --port 5000 --probe
expect '.reachable == true and .probe.outcome == "answered" and .probe.agrees == true' "tcp 5000: answered and agreeing"
same_path "tcp 5000"
captured "tcp 5000"
wait "$lpid" || fail "tcp 5000: the listener saw no connection from the probe"
ip netns exec h1 "$NETPROBE" tcp-send 12.0.0.2 5001 x >/dev/null 2>&1 && fail "tcp 5001: the real connect succeeded"
probe h1 12.0.0.2 --proto tcp --port 5001 --probe
[[ $RC -eq 1 ]] || fail "tcp 5001: exit $RC, not 1"
expect '.reachable == false and .probe.outcome == "refused" and .probe.agrees == true and .probe.reply == ["h2","y","x","h1"]' \
	"tcp 5001: refused, the RST traced back"
same_path "tcp 5001"
# refused: the SYN on every request device, its RST back over each of them (a reply the prediction does not walk)
expect '(.probe.captures | length) == 6 and all(.probe.captures[]; .request >= 1 and .reply >= 1)' \
	"tcp 5001: the SYN and the RST on every device: $(jq -c .probe.captures "$OUT")"
# udp: a bound socket takes it (the trace sees it delivered); none answers port unreachable
ip netns exec h2 "$NETPROBE" udp-listen 0.0.0.0 5002 >"$TESTDIR/udp.out" 2>&1 &
lpid=$!
for _ in $(seq 50); do grep -q ready "$TESTDIR/udp.out" && break; sleep 0.1; done
probe h1 12.0.0.2 --proto udp --port 5002 --probe
expect '.reachable == true and .probe.outcome == "delivered" and .probe.agrees == true' "udp 5002: delivered"
expect 'all(.probe.captures[]; .request == 1 and .reply == 0)' "udp 5002: the datagram on every device, nothing back"
wait "$lpid" || fail "udp 5002: the listener got nothing"
grep -q "nstop probe" "$TESTDIR/udp.out" || fail "udp 5002: the listener did not get the probe's datagram"
probe h1 12.0.0.2 --proto udp --port 5003 --probe
expect '.reachable == false and .probe.outcome == "refused" and .probe.agrees == true' "udp 5003: port unreachable"
probe h1 12.0.0.2 --proto udp --port 5003 --probe=3
expect '.probe.sent == 3 and .probe.outcome == "refused" and ([.probe.observed[] | select(.direction == "request") | .packet] | unique) == [1,2,3]' \
	"udp 5003 --probe=3: each datagram refused and traced as its own"
no_tables "tcp and udp"

# A filter drop in the router x: the probe names the chain and the rule (the prediction may be unknown).
ip netns exec x nft add table ip filt
ip netns exec x nft add chain ip filt gate '{ type filter hook forward priority 0; policy accept; }'
ip netns exec x nft add rule ip filt gate ip saddr 11.0.0.9 accept
ip netns exec x nft add rule ip filt gate icmp type echo-request counter drop
handle=$(ip netns exec x nft -a list chain ip filt gate | awk '/echo-request/ {print $NF}')
ip netns exec h1 "$NETPROBE" icmp-echo 12.0.0.2 1 >/dev/null 2>&1 && fail "drop: the real ping got through"
probe h1 12.0.0.2 --probe
[[ $RC -eq 1 || $RC -eq 3 ]] || fail "drop: exit $RC (a disagreement?)"
expect ".probe.outcome == \"dropped\" and .probe.drop == {\"namespace\":\"x\",\"family\":\"ip\",\"table\":\"filt\",\"chain\":\"gate\",\"rule\":$handle}" \
	"drop: the probe names x's ip filt gate rule $handle"
expect '.probe.request == ["h1","x"] and .probe.answered == 0' "drop: the request stops in x"
# the capture: the echo on the devices before the drop, none on x's way out, nothing back
[[ $(cap h1 v1) == "1 0" && $(cap x vethE) == "1 0" && $(cap x vethG) == "0 0" ]] ||
	{ jq -c .probe.captures "$OUT" >&2; fail "drop: the capture before the drop (h1:v1, x:vethE) and after it (x:vethG)"; }
expect '(.reachable == null and .probe.agrees == null) or (.reachable == false and .probe.agrees == true)' \
	"drop: an unknown prediction is not compared; a predicted drop agrees"
no_tables "drop"
# A drop policy: the probe names the chain, and no rule.
ip netns exec x nft flush chain ip filt gate
ip netns exec x nft add chain ip filt gate '{ type filter hook forward priority 0; policy drop; }'
probe h1 12.0.0.2 --probe
expect '.probe.outcome == "dropped" and .probe.drop == {"namespace":"x","family":"ip","table":"filt","chain":"gate","rule":null}' \
	"policy drop: the probe names x's ip filt gate policy"
expect '.probe.summary == "dropped in x by ip filt gate policy"' "policy drop: the summary"
ip netns exec x nft add chain ip filt gate '{ type filter hook forward priority 0; policy accept; }'
ip netns exec x nft add rule ip filt gate icmp type echo-request drop # the SIGKILL below needs a probe that waits

# A SIGKILL mid-probe: the kernel drops the tables the dead socket owned; a new start finds none.
"$NSTOP" --explain h1 12.0.0.2 --probe=3 --json >/dev/null 2>&1 &
ppid=$!
seen=false
for _ in $(seq 200); do
	if ip netns exec y nft list tables 2>/dev/null | grep -q nstop_trace; then
		seen=true
		break
	fi
	sleep 0.01
done
kill -KILL "$ppid"
krc=0
wait "$ppid" 2>/dev/null || krc=$?
[[ $krc -eq 137 ]] || fail "SIGKILL: the probe was not killed mid-probe (it exited $krc)"
$seen || fail "SIGKILL: the probe's table never showed in y (nothing to kill mid-probe)"
no_tables "after SIGKILL"
# A stale table from an older crash (no owner): the next start sweeps it, in every namespace.
ip netns exec y nft add table inet nstop_trace
ip netns exec y nft add chain inet nstop_trace prerouting '{ type filter hook prerouting priority -350; }'
nft add table inet nstop_trace
probe h1 12.0.0.2 --probe
no_tables "stale tables swept"
# The interactive view's start sweeps too (src/app/tui.c), in a private tmux server of this test.
if command -v tmux >/dev/null 2>&1; then
	ip netns exec y nft add table inet nstop_trace
	export TMUX_TMPDIR=$TESTDIR
	tmux -f /dev/null new-session -d -s probe -x 100 -y 30 "$NSTOP"
	for _ in $(seq 100); do
		ip netns exec y nft list tables | grep -q nstop_trace || break
		sleep 0.05
	done
	tmux kill-server
	no_tables "the TUI's start sweep"
else
	skip "tmux is not installed (the TUI's start sweep)"
fi
ip netns exec x nft delete table ip filt

# DNAT in x (11.0.0.254:8080 -> h2's 5000): the key (the probe's source port) survives it.
ip netns exec x nft add table ip nat
ip netns exec x nft add chain ip nat pre '{ type nat hook prerouting priority -100; }'
ip netns exec x nft add rule ip nat pre tcp dport 8080 dnat to 12.0.0.2:5000
ip netns exec h2 "$NETPROBE" tcp-listen 12.0.0.2 5000 >"$TESTDIR/listen.out" 2>&1 &
lpid=$!
for _ in $(seq 50); do grep -q ready "$TESTDIR/listen.out" && break; sleep 0.1; done
probe h1 11.0.0.254 --proto tcp --port 8080 --probe
expect '.probe.outcome == "answered" and .probe.request == ["h1","x","y","h2"] and .probe.reply == ["h2","y","x","h1"]' \
	"dnat: the probe is traced through the DNAT to h2 and back"
# the direction through the DNAT is the key's position: the rewritten SYN still counts as the request
# (the SYN, then the ACK of the handshake: one or more each way)
expect 'any(.probe.captures[]; .namespace == "x" and .device == "vethG" and .request >= 1 and .reply >= 1) and
	any(.probe.captures[]; .namespace == "h2" and .device == "v2" and .request >= 1 and .reply >= 1)' \
	"dnat: the capture behind the DNAT: $(jq -c .probe.captures "$OUT")"
captured "dnat"
wait "$lpid" || fail "dnat: the listener behind the DNAT saw no connection"
ip netns exec x nft delete table ip nat
no_tables "dnat"
for n in h1 x y h2; do ip netns del $n; done
ALL_NS=()

# --- the bridge lab: ns1-ns3 on mybridge in the sandbox's own namespace.
for n in ns1 ns2 ns3; do ip netns add $n; ip -n $n link set lo up; ALL_NS+=("$n"); done
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
for a in ns1 ns2 ns3; do
	for b in ns1 ns2 ns3; do
		[[ $a == "$b" ]] && continue
		addr=$(ip -n "$b" -4 -o addr show scope global | awk '{print $4; exit}')
		ip netns exec "$a" "$NETPROBE" icmp-echo "${addr%/*}" 1 >/dev/null || fail "bridge lab: the real ping $a -> $b failed"
		probe "$a" "${addr%/*}" --probe
		expect ".probe.agrees == true and .probe.request == [\"$a\",\"$b\"] and .probe.reply == [\"$b\",\"$a\"]" \
			"bridge lab: $a -> $b observed through mybridge"
		same_path "bridge lab $a -> $b"
		captured "bridge lab $a -> $b"
	done
done
no_tables "bridge lab"
for n in ns1 ns2 ns3; do ip netns del $n; done
ip link del mybridge
ALL_NS=()

# --- myns: vethY in the sandbox's own namespace, vethZ in myns; the own namespace's events carry no nsid.
ip netns add myns
ALL_NS+=(myns)
ip link add vethY type veth peer name vethZ
ip link set vethZ netns myns
ip -n myns addr add 7.7.7.7/24 dev vethZ
ip -n myns link set vethZ up
ip -n myns route add 0.0.0.0/0 dev vethZ
ip link set vethY up
ip addr add 6.6.6.6/24 dev vethY
ip route add 7.7.7.0/24 dev vethY
ip netns exec myns "$NETPROBE" icmp-echo 6.6.6.6 1 >/dev/null || fail "myns: the real ping to 6.6.6.6 failed"
probe myns 6.6.6.6 --probe
expect '.probe.agrees == true and (.probe.request | length) == 2 and .probe.request[0] == "myns"' "myns -> 6.6.6.6: observed"
same_path "myns -> 6.6.6.6"
captured "myns -> 6.6.6.6"
no_tables "myns"
# Our own namespace with an nsid for itself (6.18 still sends its events without one; be_trace.c
# takes either): the own namespace is still heard.
touch /run/netns/me
mount --bind /proc/self/ns/net /run/netns/me
ip netns set me 77
[[ $(ip netns list-id | grep -c 'nsid 77') -eq 1 ]] || fail "myns: could not give the own namespace nsid 77"
probe myns 6.6.6.6 --probe
expect '.probe.agrees == true and (.probe.request | length) == 2 and (.probe.reply | length) == 2' \
	"myns -> 6.6.6.6 with the own namespace's self-nsid: observed both ways"
umount /run/netns/me
rm /run/netns/me
ip netns del myns
ALL_NS=()

# --- hostile names: a namespace, its device, a table and a chain that drops, all named to break a terminal.
HN=$'\e[2J\e]0;title\a'
HI=$'$(>M)\e[2J'
HT=$'t\n$(>M)\e[2J'
HC='x{};delete table ip keepme;'
ip netns add "$HN"
ip netns add plain
ALL_NS+=("$HN" plain)
ip link add vp netns plain type veth peer name "$HI" netns "/run/netns/$HN"
ip -n plain addr add 10.77.0.1/24 dev vp
ip -n "$HN" addr add 10.77.0.2/24 dev "$HI"
ip -n plain link set vp up
ip -n "$HN" link set "$HI" up
jq -n --arg t "$HT" --arg c "$HC" '{"nftables": [
	{"add": {"table": {"family": "ip", "name": $t}}},
	{"add": {"chain": {"family": "ip", "table": $t, "name": $c, "type": "filter", "hook": "input", "prio": 0,
		"policy": "accept"}}},
	{"add": {"rule": {"family": "ip", "table": $t, "chain": $c, "expr": [
		{"match": {"op": "==", "left": {"payload": {"protocol": "icmp", "field": "type"}}, "right": "echo-request"}},
		{"drop": null}]}}}]}' >"$TESTDIR/hostile.json"
ip netns exec "$HN" nft -j -f "$TESTDIR/hostile.json" || fail "hostile: nft refused the hostile table"
ip netns exec plain "$NETPROBE" icmp-echo 10.77.0.2 1 >/dev/null 2>&1 && fail "hostile: the real ping got through the drop"
probe plain 10.77.0.2 --probe
jq -e --arg n "$HN" --arg t "$HT" --arg c "$HC" --arg i "$HI" \
	'.probe.drop.namespace == $n and .probe.drop.table == $t and .probe.drop.chain == $c and .probe.request == ["plain", $n]
	 and ([.probe.observed[] | select(.hook == "input")][0].iif == $i)' "$OUT" >/dev/null ||
	{ jq .probe "$OUT" >&2; fail "hostile: the drop is named by its exact namespace, table, chain and device"; }
captured "hostile"
jq -e --arg n "$HN" --arg i "$HI" 'any(.probe.captures[]; .namespace == $n and .device == $i and .request == 1 and .reply == 0)' \
	"$OUT" >/dev/null || { jq .probe.captures "$OUT" >&2; fail "hostile: the capture on the hostile device"; }
"$NSTOP" --explain plain 10.77.0.2 --probe >"$TESTDIR/hostile.txt" 2>&1 || true
grep -q "dropped in" "$TESTDIR/hostile.txt" || { cat -v "$TESTDIR/hostile.txt" >&2; fail "hostile: text without the drop"; }
if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$TESTDIR/hostile.txt"; then
	cat -v "$TESTDIR/hostile.txt" >&2
	fail "hostile: a control byte reached the terminal text"
fi
no_tables "hostile"
ip netns del "$HN"
ip netns del plain
ALL_NS=()

# --- IPv6: an ICMPv6 echo between two namespaces, traced both ways (the echo reply is the kernel's answer).
for n in a6 b6; do ip netns add $n; ip -n $n link set lo up; ALL_NS+=("$n"); done
ip link add va netns a6 type veth peer name vb netns b6
ip -n a6 addr add fd00::1/64 dev va nodad
ip -n b6 addr add fd00::2/64 dev vb nodad
ip -n a6 link set va up
ip -n b6 link set vb up
for _ in $(seq 50); do
	ip -n a6 link show va | grep -q 'state UP' && ip -n b6 link show vb | grep -q 'state UP' && break
	sleep 0.1
done
sleep 0.5 # the link's IPv6 setup (its link-local address) settles after the carrier
probe a6 fd00::2 --probe
expect '.reachable == true and .probe.outcome == "answered" and .probe.agrees == true and .probe.request == ["a6","b6"] and .probe.reply == ["b6","a6"]' \
	"ipv6: the echo answered along the predicted path"
captured "ipv6"
expect '[.probe.captures[] | [.namespace, .device, .request, .reply]] == [["a6","va",1,1],["b6","vb",1,1]]' \
	"ipv6: the echo and its reply once on each device (no neighbour discovery counted)"
no_tables "ipv6"
echo "explain_probe: ok"
