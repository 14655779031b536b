#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `nstop --demo` (issue 15): for each built-in scenario, `--demo S --json`
# shows exactly what demo/S.scn says (namespaces, links, veth peers, bridge
# ports, IPv4 addresses, routes, ip_forward, NAT: the file turned into lines
# by awk, the JSON by jq, compared whole); the lab's deliberate mistake is
# found by --explain and a real --probe agrees; traffic really flows (real
# packets captured, counters move); a scenario with errors exits 2 naming
# the line and builds nothing, a failing step exits 1 naming its line; and
# after every run the namespace this script runs in is as it was: no new
# link, /run/netns entry, nft rule, network namespace or process.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
for tool in nft ps; do command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"; done
DEMO_DIR=$(cd "$(dirname "$0")/../../demo" && pwd)

. "$(dirname "$0")/../demo_state.sh"

# expected FILE: the lines the scenario's statements promise.
expected()
{
	awk '
	BEGIN { print "ns /"; print "link / lo loopback"; print "addr / lo 127.0.0.1/8" }
	{ sub(/(^|[ \t])#.*/, "") }
	NF == 0 { next }
	function opt(key, dflt,   i) { for (i = 1; i < NF; i++) if ($i == key) return $(i + 1); return dflt }
	$1 == "netns" { print "ns " $2; print "link " $2 " lo loopback"; print "addr " $2 " lo 127.0.0.1/8" }
	$1 == "bridge" { print "link " $2 " " $3 " bridge"; a = opt("addr", ""); if (a != "") print "addr " $2 " " $3 " " a }
	$1 == "veth" {
		print "link " $2 " " $3 " veth"; print "link " $4 " " $5 " veth"
		print "peer " $2 " " $3 " " $4 " " $5; print "peer " $4 " " $5 " " $2 " " $3
		a = opt("addr", ""); if (a != "") print "addr " $2 " " $3 " " a
		a = opt("peer-addr", ""); if (a != "") print "addr " $4 " " $5 " " a
	}
	$1 == "master" { print "master " $2 " " $3 " " $4 }
	$1 == "addr" { print "addr " $2 " " $3 " " $4 }
	$1 == "route" { print "route " $2 " " $3 " " opt("via", "-") }
	$1 == "forward" { print "forward " $2 }
	$1 == "dnat" { n = split($6, to, ":"); print "dnat " $2 " " $3 " " $4 " " to[1] " " (n > 1 ? to[2] : "-") " " opt("iif", "-") }
	$1 == "masquerade" { print "masq " $2 " " opt("src", "-") " " opt("oif", "-") }
	' "$1" | sort
}

# seen: the same lines from nstop --json.
seen()
{
	json | jq -r '.namespaces[] | .name as $ns |
		"ns \($ns)",
		(.links[] | "link \($ns) \(.name) \(.kind)"),
		(.links[] | select(.peer) | "peer \($ns) \(.name) \(.peer.namespace) \(.peer.name)"),
		(.links[] | select(.master) | "master \($ns) \(.name) \(.master)"),
		(.links[] | .name as $l | .addresses[] | select(contains(":") | not) | "addr \($ns) \($l) \(.)"),
		(.routes[] | select(.family == "inet" and .table == 254 and .protocol != "kernel") |
			"route \($ns) \(.dst) \(.gateway // "-")"),
		(select(.ip_forward == true) | "forward \($ns)"),
		(.nat[] | select(.type == "dnat") |
			"dnat \($ns) \(.match.proto) \(.match.dport) \(.to_addr) \(.to_port // "-") \(.match.iif // "-")"),
		(.nat[] | select(.type == "masquerade") | "masq \($ns) \(.match.saddr // "-") \(.match.oif // "-")")' | sort
}

for s in seed lab docker-like; do
	json_reset
	json_run --demo "$s"
	if ! diff -u <(expected "$DEMO_DIR/$s.scn") <(seen) >&2; then
		fail "--demo $s --json does not show what demo/$s.scn says (- the file, + nstop)"
	fi
	# the sandbox's own namespace holds its two processes only: no process of the machine shows
	jq_eq "$(ns_f /) | .pids | length" 2
	nothing_left "--demo $s --json"
	echo "ok: --demo $s --json matches demo/$s.scn ($(expected "$DEMO_DIR/$s.scn" | wc -l) facts)"
done
json_reset

# --demo with no name is the seed; --demo=NAME works too; a path names a file.
"$NSTOP" --demo --json | jq -e '[.namespaces[].name] | sort == ["/", "lan", "myns", "ns1", "ns2", "ns3"]' >/dev/null ||
	fail "--demo alone is not the seed"
"$NSTOP" --demo=lab --json | jq -e '[.namespaces[].name] | sort == ["/", "r1", "r2", "r3", "r4"]' >/dev/null ||
	fail "--demo=lab is not the lab"
cp "$DEMO_DIR/docker-like.scn" "$TESTDIR/mine.scn"
"$NSTOP" --demo "$TESTDIR/mine.scn" --json | jq -e '[.namespaces[].name] | sort == ["/", "cache", "client", "db", "web"]' \
	>/dev/null || fail "--demo PATH does not read the file"
nothing_left "--demo --json"

# ---- the lab's mistake: r3 does not forward ----
rc=0
"$NSTOP" --demo lab --explain r1 10.0.34.4 >"$TESTDIR/explain.txt" 2>&1 || rc=$?
[[ $rc == 1 ]] || { cat "$TESTDIR/explain.txt" >&2; fail "--demo lab --explain r1 10.0.34.4 exited $rc, not 1 (unreachable)"; }
grep -q '^reason: forwarding is off: a packet arriving on r3-r2 is not routed on' "$TESTDIR/explain.txt" ||
	{ cat "$TESTDIR/explain.txt" >&2; fail "--explain does not name r3's forwarding"; }
grep -q '✗ 3 r3 \[r3-r2 → -\]' "$TESTDIR/explain.txt" || fail "--explain does not fail at hop 3, r3"
rc=0
"$NSTOP" --demo lab --explain r1 10.0.34.4 --probe >"$TESTDIR/probe.txt" 2>&1 || rc=$?
[[ $rc == 1 ]] || { cat "$TESTDIR/probe.txt" >&2; fail "--demo lab --explain --probe exited $rc, not 1 (4 = disagrees)"; }
grep -q '^probe: agrees with the prediction' "$TESTDIR/probe.txt" || { cat "$TESTDIR/probe.txt" >&2; fail "the probe disagrees"; }
grep -q 'observed  request: r1 → r2 → r3$' "$TESTDIR/probe.txt" || fail "the probe did not stop at r3"
# the other way round the ring is fine: r1 reaches r3 directly through r2
"$NSTOP" --demo lab --explain r1 10.0.23.3 >/dev/null || fail "--demo lab: r1 should reach 10.0.23.3"
nothing_left "--demo lab --explain"
echo "ok: --demo lab --explain finds r3's forwarding off, and --probe agrees"

# ---- traffic flows: real packets in every direction the scenario says ----
capture()
{
	local rc=0
	timeout 15 "$NSTOP" "$@" >"$TESTDIR/cap.txt" 2>"$TESTDIR/cap.err" || rc=$?
	[[ $rc == 0 ]] || { cat "$TESTDIR/cap.txt" "$TESTDIR/cap.err" >&2; fail "nstop $* exited $rc"; }
}
capture --demo --capture vethB --ns ns1 --count 4 --filter icmp
[[ $(grep -cE 'IP 192\.168\.10\.2 > 192\.168\.10\.3: ICMP echo request' "$TESTDIR/cap.txt") -ge 1 ]] ||
	{ cat "$TESTDIR/cap.txt" >&2; fail "no echo request from ns1 to ns2 on vethB"; }
[[ $(grep -cE 'IP 192\.168\.10\.3 > 192\.168\.10\.2: ICMP echo reply' "$TESTDIR/cap.txt") -ge 1 ]] ||
	{ cat "$TESTDIR/cap.txt" >&2; fail "no echo reply on vethB"; }
capture --demo --capture vethB --ns ns1 --count 2 --filter udp
grep -qE 'IP 192\.168\.10\.4\.7 > 192\.168\.10\.2\.[0-9]+: UDP, length 11' "$TESTDIR/cap.txt" ||
	{ cat "$TESTDIR/cap.txt" >&2; fail "ns3's udp echo does not answer"; }
# the port forward: lan -> 192.168.1.126:9999 lands on ns2:9999, and ns2 answers with data
capture --demo --capture vethD --ns ns2 --count 6 --filter 'tcp port 9999'
grep -qE 'IP 192\.168\.1\.1\.[0-9]+ > 192\.168\.10\.3\.9999: Flags \[S\]' "$TESTDIR/cap.txt" ||
	{ cat "$TESTDIR/cap.txt" >&2; fail "the port forward does not reach ns2"; }
# masquerade: ns3's echo leaves eno1 from 192.168.1.126
capture --demo --capture eno1 --count 2 --filter icmp
grep -qE 'IP 192\.168\.1\.126 > 192\.168\.1\.1: ICMP echo request' "$TESTDIR/cap.txt" ||
	{ cat "$TESTDIR/cap.txt" >&2; fail "ns3's echo is not masqueraded on eno1"; }
# docker-like: the published port from the client reaches web:80, answered
capture --demo docker-like --capture eth0 --ns web --count 14 --filter 'tcp port 80'
grep -qE 'IP 172\.17\.0\.2\.80 > 203\.0\.113\.2\.[0-9]+: Flags \[P\.\]' "$TESTDIR/cap.txt" ||
	{ cat "$TESTDIR/cap.txt" >&2; fail "web does not answer the published port"; }
nothing_left "--demo --capture"
echo "ok: traffic flows (icmp, udp echo, the port forward, masquerade, a published port)"

# ---- --monitor runs in the sandbox too; SIGTERM ends it cleanly ----
"$NSTOP" --demo --monitor >"$TESTDIR/mon.txt" 2>&1 &
pid=$!
for i in $(seq 50); do grep -q 'neigh' "$TESTDIR/mon.txt" && break; sleep 0.1; done
grep -q 'neigh' "$TESTDIR/mon.txt" || { cat "$TESTDIR/mon.txt" >&2; fail "--demo --monitor saw no traffic's neighbours"; }
# while it runs, none of it is visible here, and the first process stays in this namespace
[[ $(readlink "/proc/$pid/ns/net") == "$(readlink /proc/self/ns/net)" ]] || fail "the first process left its namespace"
[[ -z $(ls -A /run/netns) ]] || fail "the demo's namespaces show in the /run/netns it was started from"
ip link show mybridge >/dev/null 2>&1 && fail "the demo's bridge shows in the namespace it was started from"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
[[ $rc == 0 ]] || { cat "$TESTDIR/mon.txt" >&2; fail "--demo --monitor exited $rc on SIGTERM"; }
nothing_left "--demo --monitor"
echo "ok: --demo --monitor, invisible from outside, SIGTERM ends it with 0"

# ---- SIGKILL of any of its three processes: nothing left ----
# the outside process, the sandbox's pid 1 (its child), the worker (its grandchild)
for victim in outside init worker; do
	"$NSTOP" --demo --monitor >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		init=$(ps -o pid= --ppid "$pid" | tr -d ' ' || true)
		worker=$([[ -n $init ]] && ps -o pid= --ppid "$init" | tr -d ' ' || true)
		[[ -n $worker ]] && break
		sleep 0.1
	done
	[[ -n $worker ]] || fail "--demo did not start its three processes"
	sleep 0.5
	case $victim in
	outside) kill -KILL "$pid" ;;
	init) kill -KILL "$init" ;;
	worker) kill -KILL "$worker" ;;
	esac
	wait "$pid" 2>/dev/null || true
	nothing_left "--demo after SIGKILL of the $victim process"
	echo "ok: SIGKILL of the $victim process leaves nothing"
done

# ---- without root: a user namespace of its own, or a precise refusal ----
if command -v setpriv >/dev/null 2>&1; then
	rc=0
	setpriv --reuid=65534 --regid=65534 --clear-groups "$NSTOP" --demo --json >"$TESTDIR/user.json" 2>"$TESTDIR/user.err" || rc=$?
	if [[ $rc == 0 ]]; then
		jq -e '[.namespaces[].name] | sort == ["/", "lan", "myns", "ns1", "ns2", "ns3"]' "$TESTDIR/user.json" >/dev/null ||
			fail "--demo as a normal user did not build the seed"
		echo "ok: --demo as a normal user (uid 65534) builds the seed in a user namespace"
	else
		[[ $rc == 1 ]] || fail "--demo as a normal user exited $rc"
		grep -q 'run as root, or enable unprivileged user namespaces' "$TESTDIR/user.err" ||
			{ cat "$TESTDIR/user.err" >&2; fail "--demo as a normal user does not say what it needs"; }
		echo "ok: --demo as a normal user says what it needs: $(cat "$TESTDIR/user.err")"
	fi
	nothing_left "--demo as a normal user"
fi

# ---- a file with errors: exit 2, the line named, nothing built ----
printf 'netns a\nnetns b\nveth a x c y\n' >"$TESTDIR/bad.scn"
rc=0
"$NSTOP" --demo "$TESTDIR/bad.scn" --json >"$TESTDIR/out" 2>"$TESTDIR/err" || rc=$?
[[ $rc == 2 ]] || fail "a scenario with errors exited $rc, not 2"
[[ ! -s $TESTDIR/out ]] || fail "a scenario with errors printed a topology"
grep -qx "nstop: bad.scn:3: veth: 'c' is not a namespace of this scenario (make it with \`netns c\` first; '/' is the demo's own)" \
	"$TESTDIR/err" || { cat "$TESTDIR/err" >&2; fail "the error does not name line 3"; }
# a hostile name in the file reaches the terminal escaped
printf 'netns ok\nveth ok x "\033[2J" y\n' >"$TESTDIR/hostile.scn"
rc=0
"$NSTOP" --demo "$TESTDIR/hostile.scn" --json >/dev/null 2>"$TESTDIR/err" || rc=$?
[[ $rc == 2 ]] || fail "a hostile scenario exited $rc, not 2"
grep -qF "'\\x1b[2J' is not a namespace" "$TESTDIR/err" || { cat -v "$TESTDIR/err" >&2; fail "the hostile name is not escaped"; }
grep -q $'\033' "$TESTDIR/err" && fail "a raw escape reached stderr"
rc=0
"$NSTOP" --demo nosuch --json >/dev/null 2>"$TESTDIR/err" || rc=$?
[[ $rc == 2 ]] || fail "an unknown scenario exited $rc, not 2"
grep -q "no built-in scenario 'nosuch'; there are: docker-like lab seed" "$TESTDIR/err" || { cat "$TESTDIR/err" >&2; fail "unknown scenario"; }
rc=0
"$NSTOP" --demo "$TESTDIR/none.scn" --json >/dev/null 2>"$TESTDIR/err" || rc=$?
[[ $rc == 2 ]] || fail "a missing file exited $rc, not 2"
# a step the kernel's state refuses: exit 1, the step's line, and the sandbox gone with what was built
printf 'netns a\nveth / x a y addr 10.0.0.1/24\nroute a 10.5.0.0/24 via 10.9.9.9\n' >"$TESTDIR/step.scn"
rc=0
"$NSTOP" --demo "$TESTDIR/step.scn" --json >"$TESTDIR/out" 2>"$TESTDIR/err" || rc=$?
[[ $rc == 1 ]] || { cat "$TESTDIR/err" >&2; fail "a failing step exited $rc, not 1"; }
grep -q '^nstop: step.scn:3: route: 10.9.9.9 is on no subnet of any link in a' "$TESTDIR/err" ||
	{ cat "$TESTDIR/err" >&2; fail "the failing step's line is not named"; }
nothing_left "--demo with a bad scenario"
echo "ok: bad scenarios: exit 2 with the line, a failing step exit 1 with its line, nothing left"
