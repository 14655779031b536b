#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# NAT read path (ARCHITECTURE.md §10): the seed's bridge layout, then NAT rules in /
# written with nft (families ip, ip6, inet) and with iptables-nft. Every rule
# of a nat chain must appear in nstop's JSON "nat" list with its family,
# table, chain, hook, priority, handle (as `nft -a -j` reports it), type,
# match fields, to_addr, to_port, counter and the DNAT target's namespace and
# link, absent fields absent, and a summary equal to the line `nft list
# ruleset` prints. Rules nstop cannot decode are listed, not hidden. Also:
# ip_forward, iptables_legacy, the ip_forward=0 and unowned-DNAT warnings,
# the --dump text, and rules of another namespace shown under it alone.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

for _tool in nft sysctl; do
	command -v "$_tool" >/dev/null 2>&1 || skip "$_tool is not installed"
done
# iptables with the nf_tables backend: iptables-nft, or iptables if it says so.
if command -v iptables-nft >/dev/null 2>&1; then
	IPT=iptables-nft
elif command -v iptables >/dev/null 2>&1 && iptables -V 2>/dev/null | grep -q nf_tables; then
	IPT=iptables
else
	skip "no iptables with the nf_tables backend (iptables-nft)"
fi

make_seed_bridge
# An IPv6 address for ns2, so that an ip6 DNAT has an owner (no DAD: the
# address must be there now, not after a second).
ip -n ns2 addr add fd00::3/64 dev vethD nodad

# ---- helpers ---------------------------------------------------------------

ABSENT='"(absent)"'

# nat_f NS FAMILY TABLE CHAIN HANDLE: jq filter for one record of NS's "nat".
nat_f()
{
	printf '%s | .nat[] | select(.family == "%s" and .table == "%s" and .chain == "%s" and .handle == %s)' \
		"$(ns_f "$1")" "$2" "$3" "$4" "$5"
}

# field_eq FILTER KEY EXPECTED-JSON: the record's KEY, as JSON with sorted
# keys, must be EXPECTED-JSON; $ABSENT means the key must not be there at all.
field_eq()
{
	local f=$1 key=$2 expected actual
	expected=$(jq -S -c . <<<"$3")
	json >/dev/null
	if ! actual=$(jq -S -c "$f | if has(\"$key\") then .\"$key\" else $ABSENT end" "$NSTOP_JSON_FILE" 2>&1); then
		actual="(jq failed) $actual"
	fi
	if [[ "$actual" != "$expected" ]]; then
		{
			echo "FAIL: field mismatch: .$key of"
			echo "  record:   $f"
			echo "  expected: $expected"
			echo "  actual:   $actual"
			echo "  whole record: $(jq -S -c "$f" "$NSTOP_JSON_FILE" 2>&1)"
		} >&2
		show_dump
		exit 1
	fi
	echo "ok: .$key == $expected  [$(jq -r -c "$f | \"\\(.family) \\(.table) \\(.chain) #\\(.handle)\"" "$NSTOP_JSON_FILE")]"
}

# str JSON-encodes a string; ABSENT stays $ABSENT.
str()
{
	if [[ "$1" == ABSENT ]]; then
		echo "$ABSENT"
	else
		jq -n -c --arg s "$1" '$s'
	fi
}

# nft_handle [NETNS] FAMILY TABLE CHAIN INDEX: the handle of the INDEXth rule
# (from 1) of the chain, as `nft -a -j list ruleset` reports it.
nft_handle()
{
	local h
	h=$(nft -a -j list ruleset | jq -r --arg fam "$1" --arg t "$2" --arg c "$3" --argjson i "$4" \
		'[.nftables[] | select(.rule) | .rule | select(.family == $fam and .table == $t and .chain == $c)][$i - 1].handle')
	[[ "$h" =~ ^[0-9]+$ ]] || fail "nft has no rule $4 in $1 $2 $3 (got '$h')"
	echo "$h"
}

# nft_text FAMILY TABLE CHAIN HANDLE: the rule's line in `nft -a list
# ruleset`, without indentation and the "# handle N" comment.
nft_text()
{
	nft -a list ruleset | awk -v fam="$1" -v tbl="$2" -v ch="$3" -v h="$4" '
		/^table / { cur_fam = $2; cur_tbl = $3; next }
		/^\tchain / { cur_ch = $2; next }
		cur_fam == fam && cur_tbl == tbl && cur_ch == ch && $0 ~ ("# handle " h "$") {
			sub(/^[ \t]+/, ""); sub(/ # handle [0-9]+$/, ""); print
		}'
}

# snap: forget nstop's cached JSON and run `nstop --json` now, between two
# `nft -a -j list ruleset` of / (in $TESTDIR/nft_before.json and
# nft_after.json). Counters only grow and the kernel itself sends a packet now
# and then (IGMP reports out of mybridge hit the postrouting rules), so
# nstop's counters must lie between those two readings.
snap()
{
	json_reset
	nft -a -j list ruleset >"$TESTDIR/nft_before.json"
	json_run
	nft -a -j list ruleset >"$TESTDIR/nft_after.json"
}

# nft_counter WHEN FAMILY TABLE CHAIN HANDLE: "packets bytes" of the rule's
# counter in the before/after snapshot.
nft_counter()
{
	jq -r --arg fam "$2" --arg t "$3" --arg c "$4" --argjson h "$5" \
		'.nftables[] | select(.rule) | .rule | select(.family == $fam and .table == $t and .chain == $c and .handle == $h)
		 | .expr[] | select(.counter) | "\(.counter.packets) \(.counter.bytes)"' "$TESTDIR/nft_$1.json"
}

# uncount: "counter packets N bytes M" with the numbers blanked.
uncount()
{
	sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter packets N bytes M/g'
}

# check_counter FILTER FAMILY TABLE CHAIN HANDLE: the record has a counter
# {packets, bytes}, numbers within nft's readings before and after nstop ran.
check_counter()
{
	local f=$1 p b p0 b0 p1 b1
	jq_eq "$f | .counter | keys" '["bytes","packets"]'
	jq_eq "$f | [.counter.packets, .counter.bytes] | map(type)" '["number","number"]'
	read -r p b < <(jq -r "$f | \"\\(.counter.packets) \\(.counter.bytes)\"" "$NSTOP_JSON_FILE")
	read -r p0 b0 < <(nft_counter before "$2" "$3" "$4" "$5")
	read -r p1 b1 < <(nft_counter after "$2" "$3" "$4" "$5")
	if ! ((p0 <= p && p <= p1 && b0 <= b && b <= b1)); then
		fail "counter of $2 $3 $4 #$5: nstop says packets $p bytes $b, nft said $p0/$b0 before and $p1/$b1 after"
	fi
	echo "ok: counter packets $p bytes $b within nft's $p0/$b0 .. $p1/$b1  [$2 $3 $4 #$5]"
}

# check_rule FAMILY TABLE CHAIN INDEX HOOK PRIORITY TYPE MATCH-JSON TO_ADDR
#            TO_PORT COUNTER-JSON TARGET SUMMARY
# The INDEXth rule of the chain in /: every field of nstop's record. TO_ADDR,
# TO_PORT, TARGET ("ns:link") may be ABSENT; COUNTER is "counter" or ABSENT.
# SUMMARY must also be what nft itself prints for the rule (counter values
# aside: with a counter, the summary must carry nstop's own values).
check_rule()
{
	local fam=$1 tbl=$2 ch=$3 idx=$4 hook=$5 prio=$6 type=$7 match=$8 \
		to_addr=$9 to_port=${10} counter=${11} target=${12} summary=${13} h f p b
	h=$(nft_handle "$fam" "$tbl" "$ch" "$idx")
	expect_eq "nft's text of $fam $tbl $ch #$h (the expected summary)" \
		"$(uncount <<<"$summary")" "$(nft_text "$fam" "$tbl" "$ch" "$h" | uncount)"
	f=$(nat_f / "$fam" "$tbl" "$ch" "$h")
	jq_eq "[$f] | length" 1
	field_eq "$f" hook "$(str "$hook")"
	field_eq "$f" priority "$prio"
	field_eq "$f" type "$(str "$type")"
	field_eq "$f" match "$match"
	field_eq "$f" to_addr "$(str "$to_addr")"
	field_eq "$f" to_port "$(str "$to_port")"
	if [[ "$counter" == ABSENT ]]; then
		field_eq "$f" counter "$ABSENT"
	else
		check_counter "$f" "$fam" "$tbl" "$ch" "$h"
		read -r p b < <(jq -r "$f | \"\\(.counter.packets) \\(.counter.bytes)\"" "$NSTOP_JSON_FILE")
		summary=$(sed -E "s/counter packets [0-9]+ bytes [0-9]+/counter packets $p bytes $b/" <<<"$summary")
	fi
	if [[ "$target" == ABSENT ]]; then
		field_eq "$f" target "$ABSENT"
	else
		field_eq "$f" target "$(jq -n -c --arg n "${target%%:*}" --arg l "${target#*:}" '{namespace: $n, link: $l}')"
	fi
	field_eq "$f" summary "$(str "$summary")"
}

# dump_section NS: NS's section of `nstop --dump` (up to the next blank or
# unindented line).
dump_section()
{
	"$NSTOP" --dump | awk -v ns="$1" '
		index($0, ns "  (") == 1 { inside = 1; print; next }
		/^[^ ]/ || /^$/ { inside = 0 }
		inside { print }'
}

# warn_count NS REGEX: how many of NS's warnings match REGEX (jq test()).
warn_count()
{
	json >/dev/null
	jq -r --arg re "$2" "[$(ns_f "$1") | .warnings[] | select(test(\$re))] | length" "$NSTOP_JSON_FILE"
}

FWD_RE='ip_forward'
ALL_NS=(/ ns1 ns2 ns3)

# ---- before any NAT rule ---------------------------------------------------

# A filter table (not nat): nothing of it may appear in "nat".
nft add table ip f
nft add chain ip f fchain '{ type filter hook forward priority 0; policy accept; }'
nft add rule ip f fchain tcp dport 22 accept

snap
for ns in "${ALL_NS[@]}"; do
	jq_eq "$(ns_f "$ns") | .nat" '[]'
	jq_eq "$(ns_f "$ns") | .ip_forward" false
	jq_eq "$(ns_f "$ns") | .iptables_legacy" false
	# ip_forward is 0 everywhere, but without NAT rules that is no warning.
	jq_eq "$(ns_f "$ns") | .warnings" '[]'
done

# ---- NAT rules in / ----------------------------------------------------------

nft add table ip t
nft add chain ip t pre '{ type nat hook prerouting priority -100; }'
nft add chain ip t post '{ type nat hook postrouting priority 100; }'
nft add rule ip t pre tcp dport 9999 dnat to 192.168.10.3:9999
nft add rule ip t pre udp dport 5000-5010 dnat to 192.168.10.4
nft add rule ip t pre iifname '"vethA"' tcp dport 80 counter dnat to 192.168.10.2:8080
nft add rule ip t pre tcp dport 8080 redirect to :80
# Matches nstop does not decode: the rules must still be listed.
nft add rule ip t pre ct state new tcp dport 1234 dnat to 192.168.10.2
nft add rule ip t pre meta mark 0x2a tcp dport 1235 dnat to 192.168.10.2
# A DNAT to an address no namespace owns.
nft add rule ip t pre tcp dport 9997 dnat to 192.168.1.200
nft add rule ip t post ip saddr 192.168.10.0/24 oifname '"mybridge"' masquerade
nft add rule ip t post ip saddr 192.168.10.0/24 snat to 192.168.1.126

nft add table inet t6
nft add chain inet t6 pre '{ type nat hook prerouting priority -100; }'
nft add rule inet t6 pre meta nfproto ipv4 tcp dport 7000 dnat ip to 192.168.10.2

nft add table ip6 t66
nft add chain ip6 t66 pre '{ type nat hook prerouting priority -100; }'
nft add chain ip6 t66 post '{ type nat hook postrouting priority 100; }'
nft add rule ip6 t66 pre tcp dport 9999 dnat to '[fd00::3]:9999'
nft add rule ip6 t66 post ip6 saddr fd00::/64 oifname '"mybridge"' masquerade

# iptables-nft: native matches, xt targets (DNAT rev 2, SNAT, MASQUERADE rev 0).
$IPT -t nat -I PREROUTING 1 -p tcp --dport 9998 -j DNAT --to-destination 192.168.10.3:9998
$IPT -t nat -I POSTROUTING 1 -o mybridge -s 192.168.10.0/24 -j SNAT --to-source 192.168.1.126
$IPT -t nat -A POSTROUTING -s 192.168.10.0/24 -j MASQUERADE

echo "--- nft -a list ruleset in /:"
nft -a list ruleset
echo "---"

expect_eq "net.ipv4.ip_forward in /" 0 "$(sysctl -n net.ipv4.ip_forward)"
snap

# Every rule of every nat chain is there, no more: compare the set of
# (family table chain handle) with nft's rules in chains of type nat.
nft_nat_rules=$(nft -a -j list ruleset | jq -c '
	[.nftables[] | select(.chain and .chain.type == "nat") | .chain | [.family, .table, .name]] as $nat
	| [.nftables[] | select(.rule) | .rule | select([.family, .table, .chain] | IN($nat[]))
	   | "\(.family) \(.table) \(.chain) \(.handle)"] | sort')
expect_eq "number of rules in nft's nat chains" 15 "$(jq length <<<"$nft_nat_rules")"
jq_eq "[$(ns_f /) | .nat[] | \"\\(.family) \\(.table) \\(.chain) \\(.handle)\"] | sort" "$nft_nat_rules"
# ... in nft's order within each chain (the order the kernel evaluates them).
for chain in "ip t pre" "ip t post" "inet t6 pre" "ip6 t66 pre" "ip6 t66 post" "ip nat PREROUTING" "ip nat POSTROUTING"; do
	read -r fam tbl ch <<<"$chain"
	jq_eq "[$(ns_f /) | .nat[] | select(.family == \"$fam\" and .table == \"$tbl\" and .chain == \"$ch\") | .handle]" \
		"$(nft -a -j list ruleset | jq -c --arg fam "$fam" --arg t "$tbl" --arg c "$ch" \
			'[.nftables[] | select(.rule) | .rule | select(.family == $fam and .table == $t and .chain == $c) | .handle]')"
done
jq_eq "[$(ns_f /) | .nat[] | .priority | type] | unique" '["number"]'
jq_eq "[$(ns_f /) | .nat[] | .handle | type] | unique" '["number"]'
# Nothing of the filter table.
jq_eq "[$(ns_f /) | .nat[] | select(.table == \"f\")] | length" 0

#          family table chain idx hook priority type match to_addr to_port counter target summary
check_rule ip t pre 1 prerouting -100 dnat '{"proto":"tcp","dport":"9999"}' \
	192.168.10.3 9999 ABSENT ns2:vethD \
	'tcp dport 9999 dnat to 192.168.10.3:9999'
check_rule ip t pre 2 prerouting -100 dnat '{"proto":"udp","dport":"5000-5010"}' \
	192.168.10.4 ABSENT ABSENT ns3:vethF \
	'udp dport 5000-5010 dnat to 192.168.10.4'
check_rule ip t pre 3 prerouting -100 dnat '{"iif":"vethA","proto":"tcp","dport":"80"}' \
	192.168.10.2 8080 counter ns1:vethB \
	'iifname "vethA" tcp dport 80 counter packets 0 bytes 0 dnat to 192.168.10.2:8080'
check_rule ip t pre 4 prerouting -100 redirect '{"proto":"tcp","dport":"8080"}' \
	ABSENT 80 ABSENT ABSENT \
	'tcp dport 8080 redirect to :80'
check_rule ip t pre 7 prerouting -100 dnat '{"proto":"tcp","dport":"9997"}' \
	192.168.1.200 ABSENT ABSENT ABSENT \
	'tcp dport 9997 dnat to 192.168.1.200'
check_rule ip t post 1 postrouting 100 masquerade '{"saddr":"192.168.10.0/24","oif":"mybridge"}' \
	ABSENT ABSENT ABSENT ABSENT \
	'ip saddr 192.168.10.0/24 oifname "mybridge" masquerade'
check_rule ip t post 2 postrouting 100 snat '{"saddr":"192.168.10.0/24"}' \
	192.168.1.126 ABSENT ABSENT ABSENT \
	'ip saddr 192.168.10.0/24 snat to 192.168.1.126'
check_rule ip6 t66 pre 1 prerouting -100 dnat '{"proto":"tcp","dport":"9999"}' \
	fd00::3 9999 ABSENT ns2:vethD \
	'tcp dport 9999 dnat to [fd00::3]:9999'
check_rule ip6 t66 post 1 postrouting 100 masquerade '{"saddr":"fd00::/64","oif":"mybridge"}' \
	ABSENT ABSENT ABSENT ABSENT \
	'ip6 saddr fd00::/64 oifname "mybridge" masquerade'
# iptables-nft: -p tcp --dport is native (meta l4proto + payload), -s a
# 3-byte payload compare without bitwise, -o a meta oifname compare; the
# targets are xt expressions. iptables-nft always adds a counter.
check_rule ip nat PREROUTING 1 prerouting -100 dnat '{"proto":"tcp","dport":"9998"}' \
	192.168.10.3 9998 counter ns2:vethD \
	'tcp dport 9998 counter packets 0 bytes 0 dnat to 192.168.10.3:9998'
check_rule ip nat POSTROUTING 1 postrouting 100 snat '{"oif":"mybridge","saddr":"192.168.10.0/24"}' \
	192.168.1.126 ABSENT counter ABSENT \
	'oifname "mybridge" ip saddr 192.168.10.0/24 counter packets 0 bytes 0 snat to 192.168.1.126'
check_rule ip nat POSTROUTING 2 postrouting 100 masquerade '{"saddr":"192.168.10.0/24"}' \
	ABSENT ABSENT counter ABSENT \
	'ip saddr 192.168.10.0/24 counter packets 0 bytes 0 masquerade'

# inet: `meta nfproto ipv4` has no match field of its own; the record's match
# holds proto and dport and nothing nstop cannot name.
h=$(nft_handle inet t6 pre 1)
f=$(nat_f / inet t6 pre "$h")
expect_eq "nft's text of inet t6 pre #$h" 'meta nfproto ipv4 tcp dport 7000 dnat ip to 192.168.10.2' "$(nft_text inet t6 pre "$h")"
jq_eq "[$f] | length" 1
field_eq "$f" hook '"prerouting"'
field_eq "$f" priority -100
field_eq "$f" type '"dnat"'
jq_eq "$f | .match.proto" tcp
jq_eq "$f | .match.dport | tojson" '"7000"'
jq_eq "$f | .match | keys - [\"proto\",\"dport\",\"iif\",\"oif\",\"saddr\",\"daddr\",\"sport\"]" '[]'
jq_eq "$f | [.match.saddr, .match.daddr, .match.sport, .match.iif, .match.oif]" '[null,null,null,null,null]'
field_eq "$f" to_addr '"192.168.10.2"'
field_eq "$f" to_port "$ABSENT"
field_eq "$f" counter "$ABSENT"
field_eq "$f" target '{"namespace":"ns1","link":"vethB"}'
field_eq "$f" summary '"meta nfproto ipv4 tcp dport 7000 dnat ip to 192.168.10.2"'

# Rules with a match nstop does not decode (ct state, meta mark): listed,
# still a dnat to 192.168.10.2 (ns1:vethB), and the summary must not drop
# the unknown match (that would show a different rule): either nft's exact
# text, or a raw rendering of it that names the expression ("ct"/"meta").
for spec in "5:ct:ct state new tcp dport 1234 dnat to 192.168.10.2" \
	"6:meta:meta mark 0x0000002a tcp dport 1235 dnat to 192.168.10.2"; do
	idx=${spec%%:*}
	rest=${spec#*:}
	word=${rest%%:*}
	text=${rest#*:}
	h=$(nft_handle ip t pre "$idx")
	f=$(nat_f / ip t pre "$h")
	expect_eq "nft's text of ip t pre #$h" "$text" "$(nft_text ip t pre "$h")"
	jq_eq "[$f] | length" 1
	field_eq "$f" hook '"prerouting"'
	field_eq "$f" priority -100
	field_eq "$f" type '"dnat"'
	field_eq "$f" to_addr '"192.168.10.2"'
	field_eq "$f" target '{"namespace":"ns1","link":"vethB"}'
	jq_eq "$f | .summary | type" string
	jq_eq "$f | .summary | (. == \"$text\") or (contains(\"$word\") and (. != \"${text#* * * }\"))" true
	jq_eq "$f | .summary | endswith(\"dnat to 192.168.10.2\")" true
	echo "note: summary of the '$word' rule: $(jq -r "$f | .summary" "$NSTOP_JSON_FILE")"
done
# (Whether the raw rendering keeps the compared values: see the end.)

# ---- namespace fields and warnings ------------------------------------------

jq_eq "$(ns_f /) | .ip_forward" false
jq_eq "$(ns_f /) | .iptables_legacy" false
for ns in ns1 ns2 ns3; do
	jq_eq "$(ns_f "$ns") | .nat" '[]'
	jq_eq "$(ns_f "$ns") | .warnings" '[]'
done
expect_eq "warnings of / about ip_forward (NAT rules, ip_forward 0)" 1 "$(warn_count / "$FWD_RE")"
expect_eq "warnings of / about the DNAT to 192.168.1.200 (no namespace owns it)" 1 "$(warn_count / '192\.168\.1\.200([^0-9]|$)')"
# Owned DNAT addresses, SNAT addresses and iptables-legacy: no warning.
expect_eq "warnings of / about owned addresses 192.168.10.2-4 or fd00::3" 0 "$(warn_count / '192\.168\.10\.[234]([^0-9]|$)|fd00::3')"
expect_eq "warnings of / about the SNAT address 192.168.1.126" 0 "$(warn_count / '192\.168\.1\.126')"
expect_eq "warnings of / about iptables-legacy" 0 "$(warn_count / 'legacy')"
expect_eq "number of warnings of / (ip_forward + 192.168.1.200)" 2 "$(json | jq "$(ns_f /) | .warnings | length")"

# ---- the text dump ------------------------------------------------------------

dump_root=$(dump_section / | uncount)
[[ -n "$dump_root" ]] || fail "no section for / in nstop --dump"
# The NAT records' lines, and the firewall section's (every rule again, by handle).
dump_fw=$(awk '/^  firewall:/ { on = 1; next } /^  [^ ]/ { on = 0 } on' <<<"$dump_root")
dump_root=$(awk '/^  firewall:/ { on = 1; next } /^  [^ ]/ { on = 0 } !on' <<<"$dump_root")
for s in 'tcp dport 9999 dnat to 192.168.10.3:9999' \
	'udp dport 5000-5010 dnat to 192.168.10.4' \
	'iifname "vethA" tcp dport 80 counter packets 0 bytes 0 dnat to 192.168.10.2:8080' \
	'tcp dport 8080 redirect to :80' \
	'tcp dport 9997 dnat to 192.168.1.200' \
	'ip saddr 192.168.10.0/24 oifname "mybridge" masquerade' \
	'ip saddr 192.168.10.0/24 snat to 192.168.1.126' \
	'meta nfproto ipv4 tcp dport 7000 dnat ip to 192.168.10.2' \
	'tcp dport 9999 dnat to [fd00::3]:9999' \
	'ip6 saddr fd00::/64 oifname "mybridge" masquerade' \
	'tcp dport 9998 counter packets 0 bytes 0 dnat to 192.168.10.3:9998' \
	'oifname "mybridge" ip saddr 192.168.10.0/24 counter packets 0 bytes 0 snat to 192.168.1.126' \
	'ip saddr 192.168.10.0/24 counter packets 0 bytes 0 masquerade'; do
	s=$(uncount <<<"$s")
	expect_eq "lines of /'s --dump section holding '$s'" 1 "$(grep -cF -- "$s" <<<"$dump_root" || true)"
	expect_eq "lines of /'s --dump firewall section holding '$s'" 1 "$(grep -cE -- "^        handle [0-9]+: $(sed 's/[][\\.*^$/+?(){}|]/\\&/g' <<<"$s")$" <<<"$dump_fw" || true)"
done
# The undecoded rules are in the dump too (by their port).
expect_eq "lines of /'s --dump section with the ct rule (dport 1234)" 1 "$(grep -cE '(dport 1234|0x04d2|0xd204).*dnat' <<<"$dump_root" || true)"
expect_eq "lines of /'s --dump section with the meta mark rule (dport 1235)" 1 "$(grep -cE '(dport 1235|0x04d3|0xd304).*dnat' <<<"$dump_root" || true)"
for ns in ns1 ns2 ns3; do
	expect_eq "lines of $ns's --dump section with 'dnat'/'masquerade'" 0 "$(dump_section "$ns" | grep -cE 'dnat|snat|masquerade|redirect' || true)"
done

# ---- ip_forward=1 in / (the sandbox's /) removes that warning -------------------

sysctl -q -w net.ipv4.ip_forward=1
snap
jq_eq "$(ns_f /) | .ip_forward" true
expect_eq "warnings of / about ip_forward after ip_forward=1" 0 "$(warn_count / "$FWD_RE")"
expect_eq "warnings of / about 192.168.1.200 after ip_forward=1" 1 "$(warn_count / '192\.168\.1\.200([^0-9]|$)')"
for ns in ns1 ns2 ns3; do
	jq_eq "$(ns_f "$ns") | .ip_forward" false
done

# ---- a NAT rule in ns2 shows under ns2 only ----------------------------------------

ip netns exec ns2 nft add table ip n2
ip netns exec ns2 nft add chain ip n2 pre '{ type nat hook prerouting priority -100; }'
ip netns exec ns2 nft add rule ip n2 pre tcp dport 4444 dnat to 192.168.10.4:4444
h2=$(ip netns exec ns2 nft -a -j list ruleset | jq -r '[.nftables[] | select(.rule) | .rule][0].handle')
snap
f=$(nat_f ns2 ip n2 pre "$h2")
jq_eq "$(ns_f ns2) | .nat | length" 1
jq_eq "[$f] | length" 1
field_eq "$f" hook '"prerouting"'
field_eq "$f" priority -100
field_eq "$f" type '"dnat"'
field_eq "$f" match '{"proto":"tcp","dport":"4444"}'
field_eq "$f" to_addr '"192.168.10.4"'
field_eq "$f" to_port '"4444"'
field_eq "$f" counter "$ABSENT"
field_eq "$f" target '{"namespace":"ns3","link":"vethF"}'
field_eq "$f" summary '"tcp dport 4444 dnat to 192.168.10.4:4444"'
jq_eq "$(ns_f ns2) | .ip_forward" false
expect_eq "warnings of ns2 about ip_forward (NAT rule, ip_forward 0)" 1 "$(warn_count ns2 "$FWD_RE")"
expect_eq "number of warnings of ns2" 1 "$(json | jq "$(ns_f ns2) | .warnings | length")"
jq_eq "[.namespaces[] | select(.nat[]? | .table == \"n2\") | .name]" '["ns2"]'
jq_eq "$(ns_f /) | .nat | length" 15
jq_eq "$(ns_f ns1) | .nat" '[]'
jq_eq "$(ns_f ns3) | .nat" '[]'
jq_eq "$(ns_f ns1) | .warnings" '[]'
jq_eq "$(ns_f ns3) | .warnings" '[]'
expect_eq "lines of ns2's --dump section with its rule (under nat: and firewall:)" 2 "$(dump_section ns2 | grep -cF 'tcp dport 4444 dnat to 192.168.10.4:4444' || true)"
for ns in / ns1 ns3; do
	expect_eq "lines of $ns's --dump section with ns2's rule" 0 "$(dump_section "$ns" | grep -cF 'dport 4444' || true)"
done

# ---- rendering details: all checked, then reported together -----------------
# A summary that leaves out part of a rule (a flag, a compared value, a set's
# elements) shows a different rule. These are independent of each other, so
# each mismatch is reported and the script fails at the end.

SOFT_FAILS=0
# soft JQ-BOOL-FILTER WHAT: the filter on nstop's JSON must print true.
soft()
{
	local r
	json >/dev/null
	r=$(jq -r -c "$1" "$NSTOP_JSON_FILE" 2>&1) || true
	if [[ "$r" == true ]]; then
		echo "ok: $2"
	else
		{
			echo "FAIL (continuing): $2"
			echo "  filter: $1"
			echo "  got:    $r"
		} >&2
		SOFT_FAILS=$((SOFT_FAILS + 1))
	fi
}

nft add rule ip t post oifname '"mybridge"' masquerade random,persistent
nft add rule ip t pre tcp dport '{ 22, 23 }' dnat to 192.168.10.4
# iptables-nft writes a port range as a range expression (nft: tcp dport 1-100).
$IPT -t nat -A PREROUTING -d 192.168.10.1 -p tcp --dport 1:100 -j DNAT --to-destination 192.168.10.3:8000-8100
snap

h=$(nft_handle ip t post 3)
text=$(nft_text ip t post "$h")
expect_eq "nft's text of ip t post #$h" 'oifname "mybridge" masquerade random,persistent' "$text"
f=$(nat_f / ip t post "$h")
soft "$f | .summary == $(str "$text")" "masquerade flags kept: summary == '$text' (got: $(jq -r "$f | .summary" "$NSTOP_JSON_FILE"))"

h=$(nft_handle ip t pre 8)
text=$(nft_text ip t pre "$h")
expect_eq "nft's text of ip t pre #$h" 'tcp dport { 22, 23 } dnat to 192.168.10.4' "$text"
f=$(nat_f / ip t pre "$h")
soft "[$f] | length == 1" "the anonymous-set rule is listed"
# Set elements are not read yet (a known limit): the summary must still name the
# field and the set, never drop the match.
soft "$f | .summary | test(\"^tcp dport @__set[0-9]+ dnat to 192\\\\.168\\\\.10\\\\.4$\")" \
	"anonymous set: summary names the field and the set (nft: '$text'; got: $(jq -r "$f | .summary" "$NSTOP_JSON_FILE"))"

h=$(nft_handle ip nat PREROUTING 2)
text=$(nft_text ip nat PREROUTING "$h")
text=$(uncount <<<"$text" | sed 's/packets N bytes M/packets 0 bytes 0/')
expect_eq "nft's text of ip nat PREROUTING #$h" 'ip daddr 192.168.10.1 tcp dport 1-100 counter packets 0 bytes 0 dnat to 192.168.10.3:8000-8100' "$text"
f=$(nat_f / ip nat PREROUTING "$h")
soft "$f | .summary | sub(\"counter packets [0-9]+ bytes [0-9]+\"; \"counter packets 0 bytes 0\") == $(str "$text")" "iptables --dport 1:100 (range expression): summary == '$text' (got: $(jq -r "$f | .summary" "$NSTOP_JSON_FILE"))"
soft "$f | .match == {\"proto\":\"tcp\",\"daddr\":\"192.168.10.1\",\"dport\":\"1-100\"}" \
	"iptables --dport 1:100: match == {proto tcp, daddr 192.168.10.1, dport 1-100} (got: $(jq -c "$f | .match" "$NSTOP_JSON_FILE"))"
soft "$f | .to_port == \"8000-8100\" and .to_addr == \"192.168.10.3\"" "iptables DNAT to 192.168.10.3:8000-8100: to_addr, to_port"

# Undecoded matches shown raw keep their values: the mark compared (0x2a) and
# the ct state bit (new = 0x8), in some spelling.
f=$(nat_f / ip t pre "$(nft_handle ip t pre 6)")
soft "$f | .summary | test(\"0x0*2a\\\\b|\\\\b42\\\\b|2a000000\")" \
	"raw meta mark rule names the mark 0x2a (got: $(jq -r "$f | .summary" "$NSTOP_JSON_FILE"))"
f=$(nat_f / ip t pre "$(nft_handle ip t pre 5)")
soft "$f | .summary | test(\"state new|0x0*8\\\\b|08000000\")" \
	"raw ct state rule names the state (new / mask 0x8) (got: $(jq -r "$f | .summary" "$NSTOP_JSON_FILE"))"

((SOFT_FAILS == 0)) || fail "$SOFT_FAILS rendering check(s) above failed"
echo "PASS: nat_read"
