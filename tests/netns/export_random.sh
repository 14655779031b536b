#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `nstop --export-script` round trip on a random topology: SEED (default 1)
# drives a fixed generator, so a failure replays with the same SEED. At least
# 20 named namespaces (some with odd names), veth pairs between random ones
# including / and within one, bridges with random ports, 10.x.y.z/24 and
# fd00:x::/64 addresses, random mtus and up states, routes through a device and
# through the addresses' gateways; macvlans on veth ends, taps, vxlans, rules
# and routes of table 100 (issue 13). Exported, replayed in a fresh nested sandbox
# and compared with export_roundtrip.sh's helpers.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/export_roundtrip.sh"

SEED=${SEED:-1}
N_NS=${N_NS:-22}
N_VETH=${N_VETH:-40}
echo "export_random: SEED=$SEED N_NS=$N_NS N_VETH=$N_VETH (set SEED to replay another topology)"

# A fixed LCG, not $RANDOM: the same topology from the same seed with any bash.
state=$SEED
rnd()
{
	state=$(((state * 1103515245 + 12345) & 0x7fffffff))
	R=$(((state >> 16) % $1))
}

# ip_ns NS ARGS...: ip in namespace NS of this sandbox ("/" is ours).
ip_ns()
{
	local ns=$1
	shift
	if [[ "$ns" == / ]]; then
		ip "$@"
	else
		ip -n "$ns" "$@"
	fi
}

# Namespace 0 is /; the rest are named, a few awkwardly.
NS=(/)
for ((i = 1; i <= N_NS; i++)); do
	case $i in
	3) name="with space" ;;
	7) name="it's" ;;
	11) name=11 ;;
	*) name=$(printf 'r%02d' "$i") ;;
	esac
	NS+=("$name")
	ip netns add "$name"
	rnd 3
	((R != 0)) || ip -n "$name" link set lo up
done

# Three bridges, one in / and two in random namespaces, most up, each with an address.
declare -A BRIDGE=() # namespace index -> bridge name
for ((k = 0; k < 3; k++)); do
	rnd $((N_NS + 1))
	n=$((k ? R : 0))
	[[ -z "${BRIDGE[$n]:-}" ]] || continue
	BRIDGE[$n]=br$k
	ip_ns "${NS[$n]}" link add "br$k" type bridge
	ip_ns "${NS[$n]}" addr add "10.25$k.0.1/24" dev "br$k"
	rnd 5
	((R == 0)) || ip_ns "${NS[$n]}" link set "br$k" up
done

# N_VETH pairs, a quarter of them from /; pair v is the subnet 10.(v+1).0.0/24,
# end a .1, end b .2. Ends in a namespace with a bridge join it half the time.
MTUS=(1500 1500 1500 1400 9000)
declare -A DEFAULT=() # namespace index -> has a default route
routes=0
declare -A END_NS=() END_NAME=() END_PORT=() # "pair,side" -> namespace index, link name, is a bridge port
for ((v = 0; v < N_VETH; v++)); do
	rnd $((N_NS + 1))
	a=$R
	rnd 4
	((R != 0)) || a=0
	rnd $((N_NS + 1))
	b=$R
	if ((v % 7 == 3)); then
		names=("x\$$v" "y'$v")
	else
		names=("va$v" "vb$v")
	fi
	rnd 5
	mtu_a=${MTUS[$R]}
	rnd 5
	mtu_b=${MTUS[$R]}
	if ((a == b)); then
		where=()
	elif ((b == 0)); then
		where=(netns $$) # our pid: / from inside ip -n
	else
		where=(netns "/run/netns/${NS[$b]}")
	fi
	ip_ns "${NS[$a]}" link add "${names[0]}" mtu "$mtu_a" type veth peer name "${names[1]}" mtu "$mtu_b" "${where[@]}"
	END_NS[$v,0]=$a
	END_NS[$v,1]=$b
	END_NAME[$v,0]=${names[0]}
	END_NAME[$v,1]=${names[1]}
	for side in 0 1; do
		n=$((side ? b : a))
		ns=${NS[$n]}
		l=${names[$side]}
		host=$((side + 1))
		port=0
		rnd 2
		if [[ -n "${BRIDGE[$n]:-}" ]] && ((R == 0)); then
			ip_ns "$ns" link set "$l" master "${BRIDGE[$n]}"
			port=1
		fi
		END_PORT[$v,$side]=$port
		rnd 4
		up=$((R != 0))
		((up == 0)) || ip_ns "$ns" link set "$l" up
		rnd 3
		((port == 0 && R != 0)) || continue
		ip_ns "$ns" addr add "10.$((v + 1)).0.$host/24" dev "$l"
		rnd 4
		((R != 0)) || ip_ns "$ns" addr add "10.$((v + 1)).0.1$host/24" dev "$l"
		rnd 4
		v6=0
		if ((R == 0)); then
			ip_ns "$ns" addr add "fd00:$((v + 1))::$host/64" dev "$l"
			v6=1
		fi
		((up)) || continue
		gw=10.$((v + 1)).0.$((3 - host))
		rnd 2
		if ((R == 0)); then
			ip_ns "$ns" route add "172.$((16 + routes % 16)).$((routes / 16)).0/24" via "$gw" dev "$l"
			routes=$((routes + 1))
		fi
		rnd 4
		if ((R == 0)); then
			ip_ns "$ns" route add "10.200.$routes.0/24" dev "$l"
			routes=$((routes + 1))
		fi
		rnd 4
		if ((R == 0)) && [[ -z "${DEFAULT[$n]:-}" ]]; then
			ip_ns "$ns" route add default via "$gw" dev "$l"
			DEFAULT[$n]=1
		fi
		if ((v6)); then
			rnd 2
			if ((R == 0)); then
				ip_ns "$ns" -6 route add "fd99:$routes::/64" via "fd00:$((v + 1))::$((3 - host))" dev "$l"
				routes=$((routes + 1))
			fi
		fi
	done
done

# Issue 13's kinds, rules and tables, a few of each: macvlans of random modes
# on random veth ends (some up, some with an address), persistent taps with an
# owner, vxlans without a dev; per namespace picked, a rule to table 100 and a
# blackhole and an unreachable route there.
MODES=(private vepa bridge)
macvlans=0
for ((k = 0; k < N_VETH / 4; k++)); do
	rnd "$N_VETH"
	v=$R
	rnd 2
	side=$R
	n=${END_NS[$v,$side]}
	lower=${END_NAME[$v,$side]}
	rnd 3
	# a bridge port cannot take a macvlan (the bridge holds its rx handler)
	if ((END_PORT[$v,$side] == 0)); then
		ip_ns "${NS[$n]}" link add "mv$k" link "$lower" type macvlan mode "${MODES[$R]}"
		macvlans=$((macvlans + 1))
		rnd 2
		((R == 0)) || ip_ns "${NS[$n]}" link set "mv$k" up
		rnd 2
		((R == 0)) || ip_ns "${NS[$n]}" addr add "10.210.$k.1/24" dev "mv$k"
	fi
	rnd $((N_NS + 1))
	n=$R
	ip_ns "${NS[$n]}" tuntap add mode tap user "$((1000 + k))" name "tp$k"
	rnd $((N_NS + 1))
	n=$R
	ip_ns "${NS[$n]}" link add "vx$k" type vxlan id "$((100 + k))" remote "10.211.0.$k" dstport 4789
	rnd $((N_NS + 1))
	n=$R
	ip_ns "${NS[$n]}" rule add priority "$((1000 + k))" from "10.212.$k.0/24" table 100
	ip_ns "${NS[$n]}" route add blackhole "10.213.$k.0/24" table 100
	ip_ns "${NS[$n]}" route add unreachable "10.214.$k.0/24" table 100 metric "$k"
done

roundtrip random
S=$TESTDIR/random.sh
expect_eq "named namespaces compared" "$N_NS" \
	"$(jq '[.namespaces[] | select(.kind == "named")] | length' "$TESTDIR/random.a.json")"
expect_eq "veth pairs in the script" "$N_VETH" "$(grep -c ' type veth peer name ' "$S")"
expect_eq "veths compared" $((2 * N_VETH)) \
	"$(jq '[.namespaces[].links[] | select(.kind == "veth")] | length' "$TESTDIR/random.a.json")"
expect_eq "bridge ports compared" "$(jq '[.namespaces[].links[] | select(.master != null)] | length' "$TESTDIR/random.a.json")" \
	"$(grep -c ' master ' "$S")"
expect_eq "gateway routes compared" "$(jq '[.namespaces[].routes[] | select(.gateway != null)] | length' "$TESTDIR/random.a.json")" \
	"$(grep -c ' route add .* via ' "$S")"
expect_eq "macvlans, taps, vxlans compared" "$((macvlans + N_VETH / 4 * 2))" \
	"$(jq '[.namespaces[].links[] | select(.kind == "macvlan" or .kind == "tun" or .kind == "vxlan")] | length' "$TESTDIR/random.a.json")"
expect_eq "rules added compared" "$((N_VETH / 4))" \
	"$(jq '[.namespaces[].rules[] | select(.priority >= 1000 and .priority < 2000)] | length' "$TESTDIR/random.a.json")"
expect_eq "routes of table 100 compared" "$((N_VETH / 4 * 2))" \
	"$(jq '[.namespaces[].routes[] | select(.table == 100)] | length' "$TESTDIR/random.a.json")"
((macvlans > 0)) || fail "the generator made no macvlan (SEED=$SEED)"
expect_eq "skipped objects" 0 "$(grep -c '^# skipped' "$S" || true)"
echo "PASS: export_random (SEED=$SEED)"
