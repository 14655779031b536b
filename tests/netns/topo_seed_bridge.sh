#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The seed's bridge: ns1..ns3 joined by veth pairs to ports of mybridge in /.
# Checks ports and masters, peers, addresses, gateways, the --dump nesting
# and that --dot is valid Graphviz with the right veth and port edges.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

make_seed_bridge

jq_eq '[.namespaces[].name] | sort' '["/","ns1","ns2","ns3"]'
jq_eq '.warnings' '[]'
check_ns / self true "$(stat -L -c %i /proc/self/ns/net)"
jq_eq "[$(ns_f /) | .links[].name] | sort" '["lo","mybridge","vethA","vethC","vethE"]'
jq_eq "$(ns_f /) | .warnings" '[]'

check_link / mybridge bridge true
jq_eq "$(link_f / mybridge) | .operstate" up
jq_eq "$(link_f / mybridge) | .peer" null
jq_eq "$(link_f / mybridge) | .ports" '["vethA","vethC","vethE"]'
jq_eq "$(link_f / mybridge) | .warnings" '[]'
check_ipv4 / mybridge '["192.168.10.1/24"]'
jq_eq "[$(ns_f /) | .routes[] | select(.table == 254 and .family == \"inet\") | .dst]" '["192.168.10.0/24"]'
check_route / 192.168.10.0/24 null mybridge link kernel

while read -r ns outer inner addr; do
	check_ns "$ns" named false "$(stat -L -c %i "/run/netns/$ns")"
	jq_eq "[$(ns_f "$ns") | .links[].name] | sort" "[\"lo\",\"$inner\"]"
	jq_eq "$(ns_f "$ns") | .warnings" '[]'

	check_link / "$outer" veth true
	jq_eq "$(link_f / "$outer") | .master" mybridge
	jq_eq "$(link_f / "$outer") | has(\"ports\")" false
	check_ipv4 / "$outer" '[]'
	check_peer / "$outer" "$ns" "$inner"

	check_link "$ns" "$inner" veth true
	jq_eq "$(link_f "$ns" "$inner") | .operstate" up
	jq_eq "$(link_f "$ns" "$inner") | .master" null
	check_ipv4 "$ns" "$inner" "[\"$addr/24\"]"
	check_peer "$ns" "$inner" / "$outer"

	jq_eq "[$(ns_f "$ns") | .routes[] | select(.table == 254 and .family == \"inet\") | .dst] | sort" '["192.168.10.0/24","default"]'
	check_route "$ns" default 192.168.10.1 "$inner" global boot
	check_route "$ns" 192.168.10.0/24 null "$inner" link kernel
done <<END
ns1 vethA vethB 192.168.10.2
ns2 vethC vethD 192.168.10.3
ns3 vethE vethF 192.168.10.4
END

# --dump: peers as ns:name; the ports nested right under their bridge.
dump=$("$NSTOP" --dump)
expect_eq "dump line of vethB" 1 "$(grep -c '^  vethB <-> /:vethA  veth UP/up mtu 1500 ' <<<"$dump")"
expect_eq "dump line of vethD" 1 "$(grep -c '^  vethD <-> /:vethC  veth UP/up mtu 1500 ' <<<"$dump")"
expect_eq "dump line of vethF" 1 "$(grep -c '^  vethF <-> /:vethE  veth UP/up mtu 1500 ' <<<"$dump")"
expect_eq "dump line of vethA" 1 "$(grep -c '^    vethA <-> ns1:vethB  veth UP/up mtu 1500 ' <<<"$dump")"
expect_eq "link lines of / in --dump" "2:lo 2:mybridge 4:vethA 4:vethC 4:vethE" "$(dump_links / | xargs)"
expect_eq "link lines of ns2 in --dump" "2:lo 2:vethD" "$(dump_links ns2 | xargs)"

# --dot: valid Graphviz; one solid edge per veth pair, one dashed per port.
if ! command -v dot >/dev/null; then
	skip "graphviz (dot) is not installed"
fi
"$NSTOP" --dot >"$TESTDIR/graph.dot"
dot -Tsvg "$TESTDIR/graph.dot" >"$TESTDIR/graph.svg" || fail "dot -Tsvg rejected nstop --dot output"
grep -q '<svg' "$TESTDIR/graph.svg" || fail "dot -Tsvg made no SVG"

# Node ids are n<namespace index>_<ifindex>; JSON lists namespaces in model
# order. A veth edge is drawn once, from the end with the smaller
# (namespace index, ifindex).
ns_index() { jq --arg ns "$1" '.namespaces | map(.name) | index($ns)' "$NSTOP_JSON_FILE"; }
node() { echo "n$(ns_index "$1")_$(ip_link "$1" "$2" .ifindex)"; }
expected_veth=$(for pair in "/ vethA ns1 vethB" "/ vethC ns2 vethD" "/ vethE ns3 vethF"; do
	read -r ns1 l1 ns2 l2 <<<"$pair"
	if (($(ns_index "$ns1") < $(ns_index "$ns2"))); then
		echo "$(node "$ns1" "$l1") -- $(node "$ns2" "$l2")"
	else
		echo "$(node "$ns2" "$l2") -- $(node "$ns1" "$l1")"
	fi
done | sort | xargs)
expect_eq "veth edges in --dot" "$expected_veth" \
	"$(sed -n 's/^\t\(n[0-9_]* -- n[0-9_]*\) \[label="veth"\];$/\1/p' "$TESTDIR/graph.dot" | sort | xargs)"
expected_port=$(for l in vethA vethC vethE; do echo "$(node / $l) -- $(node / mybridge)"; done | sort | xargs)
expect_eq "port edges in --dot" "$expected_port" \
	"$(sed -n 's/^\t\(n[0-9_]* -- n[0-9_]*\) \[style=dashed, label="port"\];$/\1/p' "$TESTDIR/graph.dot" | sort | xargs)"
expect_eq "number of edges in --dot" 6 "$(grep -c -- ' -- ' "$TESTDIR/graph.dot")"
expect_eq "clusters in --dot" 4 "$(grep -c '^	subgraph cluster_[0-9]* {$' "$TESTDIR/graph.dot")"
# Every main-table route, v4 and v6, as ip lists it, fe80::/64 kernel routes
# included: --json keeps every route (views fold them).
for ns in ns1 ns2 ns3 /; do
	check_routes_vs_kernel "$ns"
done
echo "PASS: topo_seed_bridge"
