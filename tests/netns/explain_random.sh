#!/bin/bash
# SPDX-License-Identifier: MIT
# Property test of nstop --explain (issue 14, routing slice): random topologies
# from fixed seeds (namespaces, veth pairs, a bridge, routes with gaps, typos
# and loops, forwarding on/off, rp_filter strict, links down; no nft rules),
# every (namespace, address of another namespace) pair predicted and compared
# with a real netprobe ping. Any disagreement fails, printing the pair, the
# prediction and the outcome. Run inside tests/sandbox.sh with NSTOP, NETPROBE.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${NETPROBE:?set NETPROBE to tests/tools/netprobe}"

SEEDS=${EXPLAIN_SEEDS:-"14 1401 2026"}
NS_N=6
PAIRS=0
AGREE=0
REACHABLE=0

build() # SEED: one random topology in r0..r5
{
	RANDOM=$1
	local i j k a b
	for ((i = 0; i < NS_N; i++)); do
		ip netns add "r$i"
		ip -n "r$i" link set lo up
		((RANDOM % 10 < 7)) && ip netns exec "r$i" sysctl -qw net.ipv4.ip_forward=1
		if ((RANDOM % 10 < 2)); then
			ip netns exec "r$i" sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.default.rp_filter=1
		fi
	done
	# veth pairs, one subnet each: 10.K.0.1 in a, 10.K.0.2 in b
	for ((k = 1; k <= 7; k++)); do
		a=$((RANDOM % NS_N))
		b=$(((a + 1 + RANDOM % (NS_N - 1)) % NS_N))
		ip link add "e$k" netns "r$a" type veth peer name "f$k" netns "r$b"
		ip -n "r$a" addr add "10.$k.0.1/24" dev "e$k"
		ip -n "r$b" addr add "10.$k.0.2/24" dev "f$k"
		((RANDOM % 10 < 9)) && ip -n "r$a" link set "e$k" up
		((RANDOM % 10 < 9)) && ip -n "r$b" link set "f$k" up
	done
	# a bridge in r0 with three namespaces on it: 10.100.0.0/24
	ip -n r0 link add br0 type bridge
	ip -n r0 addr add 10.100.0.1/24 dev br0
	ip -n r0 link set br0 up
	for i in 1 2 3; do
		ip link add "p$i" netns r0 type veth peer name "q$i" netns "r$((i + 1))"
		ip -n r0 link set "p$i" master br0
		((RANDOM % 10 < 9)) && ip -n r0 link set "p$i" up
		ip -n "r$((i + 1))" addr add "10.100.0.$((i + 10))/24" dev "q$i"
		ip -n "r$((i + 1))" link set "q$i" up
	done
	# routes: to random subnets via a random address on a connected subnet (gaps, typos, loops)
	for ((i = 0; i < NS_N; i++)); do
		local gws
		mapfile -t gws < <(ip -n "r$i" -4 -o addr show scope global | awk '{split($4, p, "/"); split(p[1], o, ".");
			print o[1] "." o[2] "." o[3] "." (o[4] == 1 ? 2 : 1)}')
		((${#gws[@]})) || continue
		for ((k = 1; k <= 7; k++)); do
			((RANDOM % 10 < 4)) || continue
			ip -n "r$i" route add "10.$k.0.0/24" via "${gws[RANDOM % ${#gws[@]}]}" 2>/dev/null || true
		done
		if ((RANDOM % 10 < 4)); then
			ip -n "r$i" route add default via "${gws[RANDOM % ${#gws[@]}]}" 2>/dev/null || true
		fi
	done
}

check_all() # SEED
{
	local i j addr n=0
	local -a from to pid
	for ((i = 0; i < NS_N; i++)); do
		for ((j = 0; j < NS_N; j++)); do
			((i == j)) && continue
			for addr in $(ip -n "r$j" -4 -o addr show scope global | awk '{split($4, p, "/"); print p[1]}'); do
				from[n]=r$i
				to[n]=$addr
				# real probes all at once: each waits up to 1 s for its reply
				ip netns exec "r$i" "$NETPROBE" icmp-echo "$addr" 1 >/dev/null 2>&1 &
				pid[n]=$!
				n=$((n + 1))
			done
		done
	done
	for ((i = 0; i < n; i++)); do
		local real=false rc=0 predicted
		wait "${pid[i]}" && real=true
		"$NSTOP" --explain "${from[i]}" "${to[i]}" --json >"$TESTDIR/e.json" 2>"$TESTDIR/e.err" || rc=$?
		[[ $rc -le 1 ]] || { cat "$TESTDIR/e.err" >&2; fail "seed $1: --explain ${from[i]} ${to[i]} exited $rc"; }
		predicted=$(jq -r .reachable "$TESTDIR/e.json")
		PAIRS=$((PAIRS + 1))
		[[ $predicted == true ]] && REACHABLE=$((REACHABLE + 1))
		if [[ $predicted == "$real" ]]; then
			AGREE=$((AGREE + 1))
		else
			echo "DISAGREE seed $1: ${from[i]} -> ${to[i]}: predicted $predicted, real ping $real" >&2
			"$NSTOP" --explain "${from[i]}" "${to[i]}" --ascii >&2 || true
		fi
	done
}

topos=0
for seed in $SEEDS; do
	build "$seed"
	check_all "$seed"
	topos=$((topos + 1))
	for ((i = 0; i < NS_N; i++)); do ip netns del "r$i"; done
done
echo "explain_random: $topos topologies, $PAIRS pairs predicted ($REACHABLE reachable), $AGREE agree with a real ping"
[[ $PAIRS -gt 0 && $PAIRS -eq $AGREE ]] || fail "$((PAIRS - AGREE)) disagreements"
echo "PASS explain_random"
