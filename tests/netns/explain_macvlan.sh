#!/bin/bash
# SPDX-License-Identifier: MIT
# --explain across macvlan/macvtap siblings (issue 14, point 4): children of one
# parent are one L2 domain with whatever the parent's wire leads to; bridge
# mode children talk to each other, private and vepa ones do not (no hairpin
# switch here), and the parent never reaches its own children. The kernel is
# the oracle: every (namespace, address of another) pair is predicted and
# pinged; any disagreement fails with the whole explanation. Children live in
# other namespaces than their parent (IFLA_LINK + link netnsid) and in its own.
# Run inside tests/sandbox.sh with NSTOP, NETPROBE.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${NETPROBE:?set NETPROBE to tests/tools/netprobe}"

for n in sw par m1 m2 m3 m4 m5 m6 dpar d1 d2 d3 m10; do
	ip netns add "$n"
	ip -n "$n" link set lo up
done
# sw --veth-- par's "wire", the parent of six children in m1..m6 and one (mpar) in par itself
ip link add up0 netns sw type veth peer name wire netns par
ip -n sw addr add 10.50.0.1/24 dev up0
ip -n par addr add 10.50.0.2/24 dev wire
ip -n sw link set up0 up
ip -n par link set wire up
child() # PARENT_NS PARENT NAME KIND MODE NS ADDR
{
	ip -n "$1" link add "$3" link "$2" type "$4" mode "$5"
	[[ $6 == "$1" ]] || ip -n "$1" link set "$3" netns "$6"
	ip -n "$6" addr add "$7" dev "$3"
	ip -n "$6" link set "$3" up
}
child par wire mb1 macvlan bridge m1 10.50.0.11/24
child par wire mb2 macvlan bridge m2 10.50.0.12/24
child par wire mp1 macvlan private m3 10.50.0.13/24
child par wire mp2 macvlan private m4 10.50.0.14/24
child par wire mv1 macvlan vepa m5 10.50.0.15/24
child par wire mt1 macvtap bridge m6 10.50.0.16/24
child par wire mpar macvlan bridge par 10.70.0.20/24
child par wire mb10 macvlan bridge m10 10.70.0.21/24
# a parent whose wire leads to no address (a veth to an empty end; this kernel has no dummy):
# only bridge-mode siblings meet
ip -n dpar link add d0 type veth peer name d0end
ip -n dpar addr add 10.60.0.1/24 dev d0
ip -n dpar link set d0 up
ip -n dpar link set d0end up
child dpar d0 db1 macvlan bridge d1 10.60.0.11/24
child dpar d0 db2 macvlan bridge d2 10.60.0.12/24
child dpar d0 dp3 macvlan private d3 10.60.0.13/24

NAMES=(sw par m1 m2 m3 m4 m5 m6 dpar d1 d2 d3 m10)
declare -a from to pid
n=0
for a in "${NAMES[@]}"; do
	for b in "${NAMES[@]}"; do
		[[ $a == "$b" ]] && continue
		for addr in $(ip -n "$b" -4 -o addr show scope global | awk '{split($4, p, "/"); print p[1]}'); do
			from[n]=$a to[n]=$addr
			ip netns exec "$a" "$NETPROBE" icmp-echo "$addr" 1 >/dev/null 2>&1 &
			pid[n]=$!
			n=$((n + 1))
		done
	done
done
pairs=0 agree=0 reachable=0 bad=0
for ((i = 0; i < n; i++)); do
	real=false rc=0
	wait "${pid[i]}" && real=true
	"$NSTOP" --explain "${from[i]}" "${to[i]}" --json >"$TESTDIR/e.json" 2>"$TESTDIR/e.err" || rc=$?
	[[ $rc -le 1 || $rc -eq 3 ]] || { cat "$TESTDIR/e.err" >&2; fail "--explain ${from[i]} ${to[i]} exited $rc"; }
	predicted=$(jq -r .reachable "$TESTDIR/e.json")
	pairs=$((pairs + 1))
	[[ $real == true ]] && reachable=$((reachable + 1))
	if [[ $predicted == "$real" ]]; then
		agree=$((agree + 1))
	else
		bad=$((bad + 1))
		echo "DISAGREE ${from[i]} -> ${to[i]}: predicted $predicted, real ping $real" >&2
		"$NSTOP" --explain "${from[i]}" "${to[i]}" --ascii >&2 || true
	fi
done
echo "explain_macvlan: $pairs pairs, $reachable reachable for real, $agree agree"
# the lab must show both sides of each rule, or it proves nothing
[[ $reachable -gt 0 && $reachable -lt $pairs ]] || fail "the lab did not give both outcomes ($reachable of $pairs)"
[[ $bad -eq 0 ]] || fail "$bad disagreements"
echo "PASS explain_macvlan"
