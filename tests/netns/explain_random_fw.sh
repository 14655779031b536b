#!/bin/bash
# SPDX-License-Identifier: MIT
# Property test of nstop --explain with filters, NAT and services (issue 14):
# explain_random.sh's random routing (gaps, typos, forwarding off, rp_filter,
# links down) plus DNAT port forwards, masquerade, filter drops on input/
# forward/output (interfaces, addresses, ports, protocols, policy drop with an
# accept, ct state established,related accept), and TCP/UDP listeners. Every
# (namespace, address of another, proto, port) is predicted with --json and
# tried for real by tests/tools/netprobe between the sandbox's namespaces:
# a ping, a TCP connect, a UDP question answered by an echo server. A known
# prediction must equal the outcome; an unknown one (null) must name the chain
# it could not judge. Figures on the last lines; every disagreement is printed
# with the whole --explain text. Run in tests/sandbox.sh with NSTOP, NETPROBE;
# EXPLAIN_FW_SEEDS picks the topologies; EXPLAIN_FW_VERBOSE=1 prints each unknown's reason too.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${NETPROBE:?set NETPROBE to tests/tools/netprobe}"
command -v nft >/dev/null 2>&1 || skip "nft is not installed (the test's rules are written with it)"

SEEDS=${EXPLAIN_FW_SEEDS:-"7 1414 90210"}
NS_N=6
LIFE=60 # seconds the services live: longer than one topology's probes
PAIRS=0 AGREE=0 UNKNOWN=0 UNNAMED=0 BYRULE=0 DISAGREE=0 REACHABLE=0 REAL=0 TOPOS=0
declare -a SERVICES=()

pick() # VAR WORD...: VAR gets one of the words (RANDOM in this shell, so seeds repeat)
{
	local -n _out=$1
	shift
	local -a w=("$@")
	_out=${w[RANDOM % ${#w[@]}]}
}

links_of() # NS: its non-loopback link names, one a line
{
	ip -n "$1" -o link show | awk -F': ' '$2 != "lo" {split($2, n, "@"); print n[1]}'
}

addrs_of() # NS: its global IPv4 addresses
{
	ip -n "$1" -4 -o addr show scope global | awk '{split($4, p, "/"); print p[1]}'
}

# One filter rule for HOOK (input, forward, output) in namespace NS: accepts when the policy drops.
rule() # VAR NS HOOK POLICY
{
	local -n _r=$1
	local ns=$2 hook=$3 policy=$4 l a k verdict=drop form tp up
	local -a ls
	mapfile -t ls < <(links_of "$ns")
	[[ $policy == drop ]] && verdict=accept
	((RANDOM % 10 < 2)) && verdict=drop
	l=${ls[RANDOM % ${#ls[@]}]}
	k=$((1 + RANDOM % 7))
	pick a "10.$k.0.1" "10.$k.0.2" "10.100.0.1" "10.100.0.1$((1 + RANDOM % 3))"
	pick tp 80 8080 22
	pick up 53 5353
	pick form iif oif saddr daddr tcp udp icmp reject
	[[ $hook == input && $form == oif ]] && form=iif
	[[ $hook == output && $form == iif ]] && form=oif
	case $form in
	iif) _r="iifname \"$l\" $verdict" ;;
	oif) _r="oifname \"$l\" $verdict" ;;
	saddr) _r="ip saddr 10.$k.0.0/24 $verdict" ;;
	daddr) _r="ip daddr $a $verdict" ;;
	tcp) _r="tcp dport $tp $verdict" ;;
	udp) _r="udp dport $up $verdict" ;;
	icmp) _r="ip protocol icmp $verdict" ;;
	reject) _r="tcp dport 80 reject with tcp reset" ;;
	esac
}

firewall() # NS: maybe a filter table, maybe a NAT table (DNAT port forwards, masquerade)
{
	local ns=$1 hook policy r n f=$TESTDIR/$1.nft
	local -a ls others
	mapfile -t ls < <(links_of "$ns")
	((${#ls[@]})) || return 0
	: >"$f"
	if ((RANDOM % 10 < 5)); then
		echo "table inet pt {" >>"$f"
		for hook in input forward output; do
			((RANDOM % 10 < 5)) || continue
			policy=accept
			((RANDOM % 10 < 3)) && policy=drop
			echo "chain pt_$hook { type filter hook $hook priority 0; policy $policy;" >>"$f"
			if [[ $policy == drop ]] && ((RANDOM % 10 < 7)); then
				echo "ct state established,related accept" >>"$f"
			fi
			for ((n = 1 + RANDOM % 2; n > 0; n--)); do
				rule r "$ns" "$hook" "$policy"
				echo "$r" >>"$f"
			done
			echo "}" >>"$f"
		done
		echo "}" >>"$f"
	fi
	if ((RANDOM % 10 < 4)); then
		mapfile -t others < <(for o in "${NAMES[@]}"; do [[ $o == "$ns" ]] || addrs_of "$o"; done)
		if ((${#others[@]})); then
			echo "table ip ptnat {" >>"$f"
			echo "chain pt_pre { type nat hook prerouting priority dstnat;" >>"$f"
			echo "tcp dport 8080 dnat to ${others[RANDOM % ${#others[@]}]}:80" >>"$f"
			((RANDOM % 10 < 6)) && echo "udp dport 5353 dnat to ${others[RANDOM % ${#others[@]}]}:53" >>"$f"
			echo "}" >>"$f"
			echo "chain pt_post { type nat hook postrouting priority srcnat;" >>"$f"
			((RANDOM % 10 < 6)) && echo "oifname \"${ls[RANDOM % ${#ls[@]}]}\" masquerade" >>"$f"
			echo "}" >>"$f"
			echo "}" >>"$f"
		fi
	fi
	[[ -s $f ]] && { ip netns exec "$ns" nft -f "$f" || fail "nft -f $f: $(cat "$f")"; }
	return 0
}

# Routes: most of what a shortest path needs (so filters and NAT decide many pairs), some of it left
# out (gaps, missing return routes), and a few random ones (typos, loops). EDGES from build().
routes()
{
	local i j k e src dst gw hops
	local -A first dist owner
	for e in "${EDGES[@]}"; do # "SUBNET NS" owners of each subnet
		read -r k src _ <<<"$e"
		owner[$k]+=" $src"
	done
	for ((i = 0; i < NS_N; i++)); do
		# breadth first from r$i over EDGES ("SUBNET FROM TO GW": FROM reaches TO by GW)
		first=() dist=([$i]=0)
		local -a queue=("$i")
		while ((${#queue[@]})); do
			src=${queue[0]}
			queue=("${queue[@]:1}")
			for e in "${EDGES[@]}"; do
				read -r k j dst gw <<<"$e"
				[[ $j == "$src" && -z ${dist[$dst]:-} ]] || continue
				dist[$dst]=$((dist[$src] + 1))
				first[$dst]=${first[$src]:-$gw}
				queue+=("$dst")
			done
		done
		for k in 1 2 3 4 5 6 7 100; do
			[[ " ${owner[$k]:-} " == *" $i "* ]] && continue
			local best="" bd=99
			for j in ${owner[$k]:-}; do
				[[ -n ${dist[$j]:-} && ${dist[$j]} -lt $bd ]] && { best=$j bd=${dist[$j]}; }
			done
			[[ -n $best ]] || continue
			((RANDOM % 100 < 85)) || continue
			ip -n "r$i" route add "10.$k.0.0/24" via "${first[$best]}" 2>/dev/null || true
		done
	done
	for ((i = 0; i < NS_N; i++)); do
		local gws
		mapfile -t gws < <(ip -n "r$i" -4 -o addr show scope global | awk '{split($4, p, "/"); split(p[1], o, ".");
			print o[1] "." o[2] "." o[3] "." (o[4] == 1 ? 2 : 1)}')
		((${#gws[@]})) || continue
		if ((RANDOM % 10 < 2)); then
			ip -n "r$i" route replace "10.$((1 + RANDOM % 7)).0.0/24" via "${gws[RANDOM % ${#gws[@]}]}" 2>/dev/null || true
		fi
	done
}

build() # SEED: one random topology in r0..r5, its rules and its services
{
	RANDOM=$1
	local i k a b
	NAMES=() EDGES=()
	for ((i = 0; i < NS_N; i++)); do
		NAMES+=("r$i")
		ip netns add "r$i"
		ip -n "r$i" link set lo up
		((RANDOM % 20 < 17)) && ip netns exec "r$i" sysctl -qw net.ipv4.ip_forward=1
		if ((RANDOM % 10 < 2)); then
			ip netns exec "r$i" sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.default.rp_filter=1
		fi
	done
	for ((k = 1; k <= 7; k++)); do
		a=$((RANDOM % NS_N))
		b=$(((a + 1 + RANDOM % (NS_N - 1)) % NS_N))
		ip link add "e$k" netns "r$a" type veth peer name "f$k" netns "r$b"
		ip -n "r$a" addr add "10.$k.0.1/24" dev "e$k"
		ip -n "r$b" addr add "10.$k.0.2/24" dev "f$k"
		EDGES+=("$k $a $b 10.$k.0.2" "$k $b $a 10.$k.0.1")
		((RANDOM % 20 < 19)) && ip -n "r$a" link set "e$k" up
		((RANDOM % 20 < 19)) && ip -n "r$b" link set "f$k" up
	done
	ip -n r0 link add br0 type bridge
	ip -n r0 addr add 10.100.0.1/24 dev br0
	ip -n r0 link set br0 up
	for i in 1 2 3; do
		ip link add "p$i" netns r0 type veth peer name "q$i" netns "r$((i + 1))"
		ip -n r0 link set "p$i" master br0
		((RANDOM % 10 < 9)) && ip -n r0 link set "p$i" up
		ip -n "r$((i + 1))" addr add "10.100.0.$((i + 10))/24" dev "q$i"
		ip -n "r$((i + 1))" link set "q$i" up
		EDGES+=("100 0 $((i + 1)) 10.100.0.$((i + 10))" "100 $((i + 1)) 0 10.100.0.1")
		for ((k = 1; k < i; k++)); do
			EDGES+=("100 $((i + 1)) $((k + 1)) 10.100.0.$((k + 10))" "100 $((k + 1)) $((i + 1)) 10.100.0.$((i + 10))")
		done
	done
	routes
	for ((i = 0; i < NS_N; i++)); do firewall "r$i"; done
	SERVICES=()
	for ((i = 0; i < NS_N; i++)); do
		if ((RANDOM % 10 < 6)); then
			ip netns exec "r$i" "$NETPROBE" tcp-serve 0.0.0.0 80 "$LIFE" >"$TESTDIR/srv.r$i.tcp" 2>&1 &
			SERVICES+=($!)
		fi
		if ((RANDOM % 10 < 6)); then
			ip netns exec "r$i" "$NETPROBE" udp-echo 0.0.0.0 53 1000000 "$LIFE" >"$TESTDIR/srv.r$i.udp" 2>&1 &
			SERVICES+=($!)
		fi
	done
	# every service says "ready" once bound: the explanations read their sockets
	local f
	for f in "$TESTDIR"/srv.*; do
		[[ -e $f ]] || continue # no service in this topology
		for ((k = 0; k < 50; k++)); do grep -q ready "$f" && break; sleep 0.1; done
		grep -q ready "$f" || fail "seed $1: service $f did not start: $(cat "$f")"
	done
}

teardown()
{
	local p
	for p in "${SERVICES[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${SERVICES[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -f "$TESTDIR"/srv.*
	for ((i = 0; i < NS_N; i++)); do ip netns del "r$i"; done
}

check_all() # SEED
{
	local i j addr n=0 proto port
	local -a from to pr po pid
	for ((i = 0; i < NS_N; i++)); do
		for ((j = 0; j < NS_N; j++)); do
			((i == j)) && continue
			for addr in $(addrs_of "r$j"); do
				for proto in icmp tcp udp; do
					case $proto in
					icmp) port=0 ;;
					tcp) pick port 80 80 8080 22 ;;
					udp) pick port 53 53 5353 ;;
					esac
					from[n]=r$i to[n]=$addr pr[n]=$proto po[n]=$port
					case $proto in
					icmp) ip netns exec "r$i" "$NETPROBE" icmp-echo "$addr" 1 >"$TESTDIR/p$n" 2>&1 & ;;
					tcp) ip netns exec "r$i" "$NETPROBE" tcp-connect "$addr" "$port" >"$TESTDIR/p$n" 2>&1 & ;;
					udp) ip netns exec "r$i" "$NETPROBE" udp-ask "$addr" "$port" >"$TESTDIR/p$n" 2>&1 & ;;
					esac
					pid[n]=$!
					n=$((n + 1))
				done
			done
		done
	done
	local -a outcome epid
	for ((i = 0; i < n; i++)); do
		outcome[i]=false
		wait "${pid[i]}" && outcome[i]=true && REAL=$((REAL + 1))
	done
	# the explanations, EXPLAIN_FW_JOBS at a time (each reads every namespace: the test's main cost)
	local jobs=${EXPLAIN_FW_JOBS:-4}
	for ((i = 0; i < n; i++)); do
		local -a args=(--explain "${from[i]}" "${to[i]}")
		[[ ${pr[i]} == icmp ]] || args+=(--proto "${pr[i]}" --port "${po[i]}")
		{
			rc=0
			"$NSTOP" "${args[@]}" --json >"$TESTDIR/e$i.json" 2>"$TESTDIR/e$i.err" || rc=$?
			echo "$rc" >"$TESTDIR/rc$i"
		} &
		epid+=($!)
		if ((${#epid[@]} == jobs || i == n - 1)); then
			wait "${epid[@]}"
			epid=()
		fi
	done
	for ((i = 0; i < n; i++)); do
		local rc predicted reason what
		local -a args=(--explain "${from[i]}" "${to[i]}")
		[[ ${pr[i]} == icmp ]] || args+=(--proto "${pr[i]}" --port "${po[i]}")
		what=$(tr '\n' ' ' <"$TESTDIR/p$i")
		rc=$(cat "$TESTDIR/rc$i")
		[[ $rc -le 1 || $rc -eq 3 ]] || { cat "$TESTDIR/e$i.err" >&2; fail "seed $1: nstop ${args[*]} exited $rc"; }
		IFS=$'\t' read -r predicted reason < <(jq -r '"\(.reachable)\t\(.reason // "")"' "$TESTDIR/e$i.json") ||
			fail "seed $1: nstop ${args[*]} --json printed no valid JSON: $(cat "$TESTDIR/e$i.json")"
		local real=${outcome[i]}
		PAIRS=$((PAIRS + 1))
		[[ $predicted == true ]] && REACHABLE=$((REACHABLE + 1))
		if [[ $predicted == null ]]; then
			UNKNOWN=$((UNKNOWN + 1))
			# an unknown names what it could not judge: one of the chains this test wrote
			if [[ ${EXPLAIN_FW_VERBOSE:-} == 1 ]]; then
				echo "UNKNOWN seed $1: ${args[*]}: $reason (real: $real $what)" >&2
			fi
			if [[ $reason =~ rule\ handle\ [0-9]+ ]]; then
				BYRULE=$((BYRULE + 1))
			fi
			if ! [[ $reason =~ pt_(input|forward|output|pre|post) ]]; then
				UNNAMED=$((UNNAMED + 1))
				echo "UNNAMED seed $1: ${args[*]}: unknown without naming a chain: $reason (real: $what)" >&2
			fi
		elif [[ $predicted == "$real" ]]; then
			AGREE=$((AGREE + 1))
		else
			DISAGREE=$((DISAGREE + 1))
			echo "DISAGREE seed $1: ${args[*]}: predicted $predicted ($reason), real $real ($what)" >&2
			"$NSTOP" "${args[@]}" --ascii >&2 || true
			local f
			for f in "$TESTDIR"/*.nft; do
				[[ -s $f ]] && { echo "--- rules of $(basename "$f" .nft):"; cat "$f"; } >&2
			done
		fi
	done
	rm -f "$TESTDIR"/p[0-9]* "$TESTDIR"/e[0-9]*.json "$TESTDIR"/e[0-9]*.err "$TESTDIR"/rc[0-9]*
}

for seed in $SEEDS; do
	build "$seed"
	check_all "$seed"
	teardown
	rm -f "$TESTDIR"/*.nft
	TOPOS=$((TOPOS + 1))
done
echo "explain_random_fw: $TOPOS topologies, $PAIRS pairs ($REAL reached for real, $REACHABLE predicted reachable)," \
	"$AGREE agree, $UNKNOWN unknown ($BYRULE naming the rule's handle, $UNNAMED naming no chain), $DISAGREE disagree"
[[ $PAIRS -gt 0 && $DISAGREE -eq 0 && $UNNAMED -eq 0 ]] || fail "$DISAGREE disagreements, $UNNAMED unknowns naming no chain"
echo "PASS explain_random_fw"
