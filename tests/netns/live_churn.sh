#!/bin/bash
# SPDX-License-Identifier: MIT
# The live model kept by events equals a fresh reading (issue 16). While
# `nstop --monitor` runs, random changes (SEED, printed) in four namespaces and
# in /: links up and down, MTUs, IPv4 and IPv6 addresses, routes added,
# replaced and deleted in main, table 100 and IPv6, veth pairs made and
# deleted, bridge ports enslaved and freed, / 's ends of the veths flapped
# (a carrier change inside). Then the monitor writes its live model
# (NSTOP_LIVE_JSON + SIGUSR1), which must equal `nstop --json` read fresh:
# counters, neighbours and the FDB are left out (they move on their own), and
# routes and addresses compared as sets (a dump's order is the kernel's, an
# event's place in the list is where it came). It must also have printed a
# line for changes of each kind, so the comparison is not between two empty
# pictures.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SEED=${SEED:-$((RANDOM * 32768 + RANDOM))}
echo "seed $SEED"
RANDOM=$SEED
OPS=${OPS:-300}
NS=4

ip link add br0 type bridge
ip link set br0 up
for ((i = 0; i < NS; i++)); do
	ip netns add "c$i"
	ip link add "h$i" type veth peer name eth0 netns "c$i"
	ip link set "h$i" master br0 up
	ip -n "c$i" link set lo up
	ip -n "c$i" link set eth0 up
	ip -n "c$i" addr add "10.9.0.$((i + 1))/24" dev eth0
	ip -n "c$i" link add "b$i" type bridge
done

live=$TESTDIR/live.json
mon=$TESTDIR/mon.txt
NSTOP_TIMING=$TESTDIR/timing NSTOP_LIVE_JSON=$live "$NSTOP" --monitor >"$mon" 2>"$TESTDIR/mon.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for ((i = 0; ; i++)); do
	ip link add "sent$i" type bridge
	sleep 0.1
	grep -Eq "^\\[/\\] link sent[0-9]+ add" "$mon" 2>/dev/null && break
	((i < 50)) || { cat "$TESTDIR/mon.err" >&2; tail -5 "$mon" >&2; fail "nstop --monitor never became live"; }
done

q() { "$@" 2>/dev/null || true; } # a random change may be refused (an address already there): no matter
for ((k = 0; k < OPS; k++)); do
	i=$((RANDOM % NS)) r=$((RANDOM % 8)) n="c$((RANDOM % NS))"
	n=c$i
	case $((RANDOM % 14)) in
	0) q ip -n "$n" link set eth0 down ;;
	1) q ip -n "$n" link set eth0 up ;;
	2) q ip -n "$n" link set eth0 mtu $((1400 + r)) ;;
	3) q ip -n "$n" addr add "10.$((20 + i)).$r.1/24" dev eth0 ;;
	4) q ip -n "$n" addr del "10.$((20 + i)).$r.1/24" dev eth0 ;;
	5) q ip -n "$n" addr add "fd00:$i::$r/64" dev eth0 nodad ;;
	6) q ip -n "$n" addr del "fd00:$i::$r/64" dev eth0 ;;
	7) q ip -n "$n" route replace "10.200.$r.0/24" via "10.9.0.$((4 - i))" metric $((RANDOM % 3)) ;;
	8) q ip -n "$n" route del "10.200.$r.0/24" ;;
	9) q ip -n "$n" route replace blackhole "10.201.$r.0/24" table 100 ;;
	10) q ip -n "$n" route del blackhole "10.201.$r.0/24" table 100 ;;
	11) if ((r < 4)); then q ip -n "$n" link add "p$r" type veth peer name "q$r"; else q ip -n "$n" link del "p$((r - 4))"; fi ;;
	12) if ((r < 4)); then q ip -n "$n" link set "p$r" master "b$i"; else q ip -n "$n" link set "p$((r - 4))" nomaster; fi ;;
	13) if ((r < 4)); then q ip link set "h$i" down; else q ip link set "h$i" up; fi ;;
	esac
	q ip -n "$n" -6 route replace "fd99:$r::/64" dev eth0 metric 7
	((RANDOM % 10)) || sleep 0.05 # bursts, and now and then a pause
done

# and one of each kind for certain, each waited for (a re-read in between would fold them into one picture)
step() { # RE CMD...: run CMD, then a new monitor line matches RE within 5 s
	local re=$1 n0 i
	shift
	n0=$(wc -l <"$mon")
	"$@"
	for ((i = 0; i < 50; i++)); do
		tail -n +$((n0 + 1)) "$mon" | grep -Eq -- "$re" && return 0
		sleep 0.1
	done
	tail -n +$((n0 - 5)) "$mon" >&2
	fail "seed $SEED: no monitor line /$re/ after $*"
}
q ip -n c0 link del p0
step '^\[c0\] link p0 add' ip -n c0 link add p0 type veth peer name q0
m0=$(wc -l <"$mon")
step '^\[c0\] link p0 master b0$' ip -n c0 link set p0 master b0
step '^\[c0\] link p0 nomaster' ip -n c0 link set p0 nomaster
# a bridge port's own messages (AF_BRIDGE, a "del" as it leaves) are not the link's
if tail -n +$((m0 + 1)) "$mon" | grep -E '^\[c0\] link p0 (del|add)'; then
	fail "seed $SEED: enslaving and freeing p0 printed the lines above"
fi
ip -n c1 link set eth0 up # the churn may have left it down
sleep 0.5
step '^\[c1\] link eth0 down$' ip -n c1 link set eth0 down
step '^\[c1\] link eth0 up$' ip -n c1 link set eth0 up
step '^\[c1\] link eth0 mtu 1450$' ip -n c1 link set eth0 mtu 1450
q ip -n c1 addr del 10.21.9.1/24 dev eth0
step '^\[c1\] addr add 10\.21\.9\.1/24 dev eth0$' ip -n c1 addr add 10.21.9.1/24 dev eth0
q ip -n c1 addr del fd00:1::99/64 dev eth0
step '^\[c1\] addr add fd00:1::99/64 dev eth0$' ip -n c1 addr add fd00:1::99/64 dev eth0 nodad
step '^\[c1\] route add 10\.200\.9\.0/24 via 10\.9\.0\.3' ip -n c1 route replace 10.200.9.0/24 via 10.9.0.3 metric 9
step '^\[c1\] route add blackhole 10\.201\.9\.0/24 table 100' ip -n c1 route replace blackhole 10.201.9.0/24 table 100 metric 9
step '^\[c1\] route del blackhole 10\.201\.9\.0/24 table 100' ip -n c1 route del blackhole 10.201.9.0/24 table 100 metric 9
echo "ok: a monitor line for each kind of change, as it was made"

# quiet: no new line for 2 s
for ((i = 0; i < 100; i++)); do
	a=$(wc -l <"$mon")
	sleep 2
	[[ $(wc -l <"$mon") == "$a" ]] && break
done
kill -USR1 "$pid"
for ((i = 0; i < 50; i++)); do [[ -s $live ]] && break; sleep 0.1; done
[[ -s $live ]] || fail "the monitor did not write its live model"
json_run

# pids: the processes of / are this test's own
norm='walk(if type == "object" then del(.stats, .rates, .neighbours, .fdb, .proxy_neighbours) else . end)
  | del(.dropped_messages) | .namespaces[] |= (del(.dropped_messages, .pids)
  | .routes |= sort_by(tojson) | .links[]?.addresses |= sort_by(tojson))'
jq -S "$norm" "$live" >"$TESTDIR/live.norm"
jq -S "$norm" "$NSTOP_JSON_FILE" >"$TESTDIR/fresh.norm"
if ! diff -u "$TESTDIR/fresh.norm" "$TESTDIR/live.norm" >"$TESTDIR/diff"; then
	head -60 "$TESTDIR/diff" >&2
	fail "seed $SEED: the live model differs from a fresh reading (- fresh, + live)"
fi
echo "ok: seed $SEED: after $OPS changes the live model equals a fresh --json ($(wc -l <"$mon") monitor lines)"
# applied in place, not re-read: the namespaces' re-reads (NSTOP_TIMING) are a fraction of the changes
# (NSTOP_EVENTS_IN_PLACE=0 turns that off: every event re-reads its namespace)
rereads=$(grep -c '^reread ' "$TESTDIR/timing" || true)
# the quiet re-reads (a namespace read once more a second after its last event) found what the events
# had not said: they are the safety net, not the way; more than a few lines means the apply is wrong
fixed=$(grep -c "^verify " "$TESTDIR/timing" || true)
echo "re-reads: $rereads for $OPS changes; lines the quiet re-reads added: $fixed"
if [[ ${NSTOP_EVENTS_IN_PLACE:-} != 0 ]]; then
	((rereads * 2 < OPS)) || fail "seed $SEED: $rereads re-reads for $OPS changes: events are not applied in place"
	((fixed <= 2)) || { grep -B2 '^verify ' "$TESTDIR/timing" | head >&2;
		fail "seed $SEED: the quiet re-reads corrected $fixed lines the events had applied wrong or missed"; }
fi
# a clean end: SIGTERM ends it with status 0 and nothing on stderr (sanitizers' reports go there)
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
trap - EXIT
[[ $rc -eq 0 && ! -s $TESTDIR/mon.err ]] || { head -40 "$TESTDIR/mon.err" >&2; fail "nstop --monitor exited $rc, stderr above"; }
echo "ok: --monitor ended cleanly"
