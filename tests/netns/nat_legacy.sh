#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# iptables-legacy rules are invisible to nf_tables (ARCHITECTURE.md §10): nstop
# finds them through /proc/thread-self/net/ip_tables_names in the namespace
# and warns. A legacy MASQUERADE in ns1 of the seed's bridge layout: ns1 has
# "iptables_legacy": true and a warning naming iptables-legacy; / and the
# other namespaces have false and no such warning.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if ! command -v iptables-legacy >/dev/null 2>&1; then
	skip "iptables-legacy is not installed"
fi

make_seed_bridge

# Before: nothing legacy anywhere.
for ns in / ns1 ns2 ns3; do
	jq_eq "$(ns_f "$ns") | .iptables_legacy" false
	jq_eq "$(ns_f "$ns") | .warnings" '[]'
done

if ! ip netns exec ns1 iptables-legacy -t nat -A POSTROUTING -j MASQUERADE; then
	skip "iptables-legacy cannot add a rule here (no ip_tables/iptable_nat in this kernel?)"
fi
expect_eq "ip_tables_names in ns1" nat "$(ip netns exec ns1 cat /proc/thread-self/net/ip_tables_names)"
expect_eq "ip_tables_names in /" "" "$(cat /proc/thread-self/net/ip_tables_names)"

json_reset
jq_eq "$(ns_f ns1) | .iptables_legacy" true
jq_eq "[$(ns_f ns1) | .warnings[] | select(test(\"iptables-legacy\"))] | length" 1
# The legacy rule is not in nf_tables, so it is not in "nat" either.
jq_eq "$(ns_f ns1) | .nat" '[]'
for ns in / ns2 ns3; do
	jq_eq "$(ns_f "$ns") | .iptables_legacy" false
	jq_eq "[$(ns_f "$ns") | .warnings[] | select(test(\"legacy\"))] | length" 0
	jq_eq "$(ns_f "$ns") | .warnings" '[]'
done

# The warning shows in the text dump, in ns1's section only.
dump=$("$NSTOP" --dump)
sections=$(awk '
	/^[^ ]/ { ns = $1 }
	/^$/ { ns = "" }
	ns != "" && /iptables-legacy/ { print ns }' <<<"$dump" | sort -u | tr '\n' ' ')
expect_eq "--dump sections mentioning iptables-legacy" "ns1 " "$sections"
echo "PASS: nat_legacy"
