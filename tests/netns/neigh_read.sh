#!/bin/bash
# SPDX-License-Identifier: MIT
# Neighbours and the bridge FDB (issue 13): a veth between two namespaces with
# a live address (REACHABLE), an absent one (INCOMPLETE/FAILED), a permanent
# entry and an IPv6 neighbour; a bridge with two ports (one hostile name) whose
# FDB learns from traffic plus a static entry. --json is compared entry by
# entry, both ways, with `ip -j neigh show nud all` and `bridge -j fdb show`;
# --monitor must print the FAILED transition and the REACHABLE after it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
command -v bridge >/dev/null 2>&1 || skip "bridge (iproute2) is not installed"
probe=${NETPROBE:?NETPROBE must point at tests/tools/netprobe}
# a datagram to ADDR from NS: resolves the neighbour (bash's /dev/udp speaks IPv6 too)
udp_to() { ip netns exec "$1" bash -c "echo x >/dev/udp/$2/9" 2>/dev/null || true; }

ip netns add na
ip netns add nb
ip -n na link add a0 type veth peer name b0 netns nb
ip -n na addr add 10.7.0.1/24 dev a0
ip -n nb addr add 10.7.0.2/24 dev b0
ip -n na -6 addr add fd07::1/64 dev a0 nodad
ip -n nb -6 addr add fd07::2/64 dev b0 nodad
for n in na nb; do ip -n $n link set lo up; done
ip -n na link set a0 up
ip -n nb link set b0 up
settle na a0
settle nb b0

# The bridge: br0 in nbr, ports p1 and a hostile one, hosts h1 and h2 behind them.
hostile=$'p2\e[7m'
ip netns add nbr
ip netns add h1
ip netns add h2
ip -n nbr link add br0 type bridge
ip -n nbr link add p1 type veth peer name e1 netns h1
ip -n nbr link add "$hostile" type veth peer name e2 netns h2
for p in p1 "$hostile"; do ip -n nbr link set "$p" master br0; ip -n nbr link set "$p" up; done
ip -n nbr link set br0 up
ip -n h1 addr add 10.8.0.1/24 dev e1
ip -n h2 addr add 10.8.0.2/24 dev e2
ip -n h1 link set e1 up
ip -n h2 link set e2 up
settle h1 e1
settle h2 e2
bridge -n nbr fdb add 02:00:00:00:00:77 dev p1 master static

ip netns exec na "$probe" icmp-echo 10.7.0.2 1 >/dev/null || fail "10.7.0.2 does not answer"
udp_to na fd07::2
udp_to na 10.7.0.9
ip -n na route add 10.99.0.0/16 via 10.7.0.9 dev a0
ip -n na neigh add 10.7.0.50 lladdr 02:00:00:00:00:50 dev a0 nud permanent
# proxy entries (ip neigh show proxy): on a link, IPv6. None of no device: the kernel (6.18)
# keeps those after their namespace dies and shows them in a later namespace that gets the
# dead one's address (test_neigh covers them, from crafted messages).
ip -n na neigh add proxy 10.7.0.60 dev a0
ip -n na -6 neigh add proxy fd07::60 dev a0
ip netns exec h1 "$probe" icmp-echo 10.8.0.2 2 >/dev/null || fail "10.8.0.2 does not answer across the bridge"
mac_e1=$(ip -n h1 -j link show e1 | jq -r '.[0].address')

# iproute2's JSON leaves an escape byte in a name raw: escape it as JSON must.
esc() { sed 's/\x1b/\\u001b/g'; }
# One shape for both sides; entries sorted so "no missing, no extra" is one string compare.
ip_neighs() { # NS
	ip -n "$1" -j neigh show nud all | esc | jq -c '[.[] | {dst, dev, lladdr: (.lladdr // null),
	  state: (.state // []), router: has("router")}] | sort_by(.dev, .dst)'
}
nstop_neighs() { # NS
	jq -c "[$(ns_f "$1")"' | .links[] | .name as $d | .neighbours[] | select(.flags | index("proxy") | not)
	  | {dst: .address, dev: $d, lladdr, state, router}] | sort_by(.dev, .dst)' "$NSTOP_JSON_FILE"
}
ip_proxies() { # NS
	ip -n "$1" -j neigh show proxy | esc | jq -c '[.[] | {dst, dev: (.dev // null)}] | sort_by(.dev, .dst)'
}
nstop_proxies() { # NS: on links, and the namespace's of no device
	jq -c "[$(ns_f "$1")"' | (.links[] | .name as $d | .neighbours[] | select(.flags | index("proxy"))
	  | {dst: .address, dev: $d}), (.proxy_neighbours[] | {dst: .address, dev: null})] | sort_by(.dev, .dst)' \
	  "$NSTOP_JSON_FILE"
}
ip_fdb() { # NS
	bridge -n "$1" -j fdb show | esc | jq -c '[.[] | {mac, dev: .ifname, vlan: (.vlan // null), master: (.master // null),
	  self: ((.flags // []) | index("self") != null), state: (.state // "")}] | sort_by(.dev, .mac, .vlan, .master)'
}
nstop_fdb() { # NS
	jq -c "[$(ns_f "$1")"' | .links[] | .name as $d | .fdb[]
	  | {mac, dev: $d, vlan, master, self, state}] | sort_by(.dev, .mac, .vlan, .master)' "$NSTOP_JSON_FILE"
}
# States move on their own (REACHABLE -> STALE, INCOMPLETE -> FAILED): compare a reading
# of nstop taken between two equal readings of the kernel.
compare() { # WHAT NS IPFN NSTOPFN
	local before after mine i
	for ((i = 0; i < 5; i++)); do
		before=$("$3" "$2")
		json_reset
		json >/dev/null
		mine=$("$4" "$2")
		after=$("$3" "$2")
		[[ $before == "$after" ]] && break
	done
	expect_eq "$1 of $2" "$after" "$mine"
}
for n in na nb nbr h1 h2; do
	compare "neighbours, as ip -j neigh show nud all," $n ip_neighs nstop_neighs
	compare "FDB, as bridge -j fdb show," $n ip_fdb nstop_fdb
done
expect_eq "proxy entries made" 2 "$(ip -n na -j neigh show proxy | jq length)"
compare "proxy entries, as ip -j neigh show proxy," na ip_proxies nstop_proxies
grep -qE '^ +neigh .*10\.7\.0\.60 proxy' <<<"$("$NSTOP" --dump)" || fail "--dump does not call 10.7.0.60 a proxy entry"

# The values made above, so the comparison cannot pass on a model that says nothing.
nf() { printf '%s | .neighbours[] | select(.address == "%s")' "$(link_f "$1" "$2")" "$3"; }
jq_eq "$(nf na a0 10.7.0.2) | [.family, (.lladdr | length), (.state | map(select(. == \"REACHABLE\" or . == \"STALE\" or . == \"DELAY\")) | length)]" '["inet",17,1]'
jq_eq "$(nf na a0 10.7.0.9) | [.lladdr, (.state[0] | IN(\"INCOMPLETE\", \"FAILED\"))]" '[null,true]'
jq_eq "$(nf na a0 10.7.0.50) | [.lladdr, .state]" '["02:00:00:00:00:50",["PERMANENT"]]'
jq_eq "[$(nf na a0 fd07::2)] | map(.family)" '["inet6"]'
ff() { printf '%s | .fdb[] | select(.mac == "%s" and .master != null)' "$(link_f nbr "$1")" "$2"; }
jq_eq "$(ff p1 02:00:00:00:00:77) | [.master, .state, .self]" '["br0","static",false]'
jq_eq "[$(ff p1 "$mac_e1")] | map([.master, .state])" '[["br0",""]]'
jq_eq "[$(link_f nbr "$hostile") | .fdb[] | select(.master == \"br0\" and .state == \"\")] | length" '1'

# A route's gateway that does not answer ARP: a warning on its link once the kernel says FAILED.
for ((i = 0; ; i++)); do
	[[ $(ip -n na -j neigh show 10.7.0.9 dev a0 | jq -r '.[0].state[0]') == FAILED ]] && break
	((i < 80)) || fail "10.7.0.9 never became FAILED"
	sleep 0.1
done
json_reset
jq_eq "[$(link_f na a0) | .warnings[] | select(startswith(\"gateway\"))]" '["gateway 10.7.0.9 on a0 does not answer ARP (FAILED)"]'
jq_eq "[$(link_f nb b0) | .warnings[] | select(startswith(\"gateway\"))] | length" '0'

# --dump: the compact line; the hostile port's name stays quoted (no raw escape).
dump=$("$NSTOP" --dump)
grep -qF '02:00:00:00:00:50 PERMANENT' <<<"$dump" || fail "--dump lacks the permanent neighbour"
grep -qE '^ +neigh .*10\.7\.0\.9 (INCOMPLETE|FAILED)' <<<"$dump" || fail "--dump lacks the unanswered neighbour"
grep -qE 'fdb [0-9]+ \([0-9]+ dynamic, 1 static' <<<"$dump" || fail "--dump lacks p1's FDB line"
[[ $dump != *$'\e'* ]] || fail "--dump printed a raw escape"

# --monitor: an absent address (INCOMPLETE, then FAILED), then it appears and answers.
mon=$TESTDIR/monitor.txt
"$NSTOP" --monitor >"$mon" 2>"$TESTDIR/monitor.err" &
mon_pid=$!
trap 'kill $mon_pid 2>/dev/null || true' EXIT
wait_re() { # REGEX SECONDS
	local start=$SECONDS
	while ! grep -qE -- "$1" "$mon"; do
		((SECONDS - start <= $2)) || { cat "$mon" >&2; fail "--monitor printed no line /$1/ within $2 s"; }
		sleep 0.05
	done
	echo "ok: --monitor: $(grep -m1 -E -- "$1" "$mon")"
}
# live once it reports a link made in / (a fixed sleep was too short on a loaded machine: the
# neighbour's INCOMPLETE state then came and went while the monitor still read its first state)
for ((i = 0; ; i++)); do # one made before the monitor read / is in its first state, no line
	ip link add "nrsent$i" type bridge
	sleep 0.2
	grep -qE "^\[/\] link nrsent[0-9]+ add" "$mon" && break
	((i < 50)) || { cat "$mon" >&2; fail "--monitor never became live"; }
done
udp_to na 10.7.0.10
wait_re '^\[na\] neigh add 10\.7\.0\.10 dev a0 INCOMPLETE$' 3
wait_re '^\[na\] neigh change 10\.7\.0\.10 dev a0 INCOMPLETE -> FAILED$' 8
ip -n nb addr add 10.7.0.10/24 dev b0
ip netns exec na "$probe" icmp-echo 10.7.0.10 1 >/dev/null || fail "10.7.0.10 does not answer once added"
wait_re '^\[na\] neigh change 10\.7\.0\.10 dev a0 lladdr ([0-9a-f]{2}:){5}[0-9a-f]{2} (FAILED|INCOMPLETE) -> REACHABLE$' 3
ip -n na neigh del 10.7.0.50 dev a0
wait_re '^\[na\] neigh del 10\.7\.0\.50 dev a0$' 3
bridge -n nbr fdb add 02:00:00:00:00:78 dev "$hostile" master static
wait_re '^\[nbr\] fdb add 02:00:00:00:00:78 dev p2.*master br0 static$' 3
# churn is no line: REACHABLE <-> STALE/DELAY/PROBE of 10.7.0.2 never printed as a change
if grep -E 'neigh change 10\.7\.0\.2 ' "$mon"; then fail "--monitor printed neighbour churn"; fi
kill "$mon_pid"
wait "$mon_pid" 2>/dev/null || true
[[ ! -s $TESTDIR/monitor.err ]] || { cat "$TESTDIR/monitor.err" >&2; fail "--monitor wrote to stderr"; }
grep -q $'\e' "$mon" && fail "--monitor printed a raw escape"

# --monitor --json: the same line as an object.
"$NSTOP" --monitor --json >"$mon" 2>"$TESTDIR/monitor.err" &
mon_pid=$!
for ((i = 0; ; i++)); do # live, as above
	ip link add "nrjsent$i" type bridge
	sleep 0.2
	grep -qE '"object":"link","action":"add","name":"nrjsent[0-9]+"' "$mon" && break
	((i < 50)) || { cat "$mon" >&2; fail "--monitor --json never became live"; }
done
ip -n na neigh add 10.7.0.51 lladdr 02:00:00:00:00:51 dev a0 nud permanent
wait_re '"object":"neigh","action":"add","name":"10\.7\.0\.51"' 3
expect_eq "--monitor --json's neighbour line" \
	'{"namespace":"na","object":"neigh","action":"add","name":"10.7.0.51","text":"neigh add 10.7.0.51 dev a0 lladdr 02:00:00:00:00:51 PERMANENT"}' \
	"$(grep -m1 '"name":"10.7.0.51"' "$mon" | jq -c '{namespace, object, action, name, text}')"
kill "$mon_pid"
wait "$mon_pid" 2>/dev/null || true
echo "ok: neighbours and FDB match the kernel"
