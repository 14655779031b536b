#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# iptables-nft's xt matches and targets (issue 11): the rules of
# tests/unit/nat_fixtures/xt_rules.sh (addrtype, conntrack, state, statistic,
# physdev, multiport, icmp, iprange, pkttype, connmark, owner, length,
# comment; the MARK, REJECT, CONNMARK and LOG targets, as Docker, netavark,
# CNI and kube-proxy write them), ip6tables' icmp6 and ipset's set match made with iptables, read by nstop --json. Each rule's text must be
# (1) the line nft 1.0.6 lists for it (`nft -a list ruleset`, its libxtables
# translation) and (2) iptables-translate's text for the same command, where
# iptables-nft's own native `-p tcp` (meta l4proto tcp) stands for the
# translation's `ip protocol tcp`. physdev has no nft words (nft: "xt match
# physdev", iptables-translate: a comment): nstop writes iptables-save's and
# marks the rule raw; the comment match is the rule's comment.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

for _tool in nft iptables iptables-translate ipset; do
	command -v "$_tool" >/dev/null 2>&1 || skip "$_tool is not installed"
done
iptables -V 2>/dev/null | grep -q nf_tables || skip "iptables is not iptables-nft"

rules=$(dirname "$0")/../unit/nat_fixtures/xt_rules.sh
mapfile -t cmds < <(grep -v '^#' "$rules")
for c in "${cmds[@]}"; do
	eval "iptables $c" || fail "iptables $c"
done
nft -a list ruleset >"$TESTDIR/list.txt"
json >/dev/null

# nft's line of a rule: table, chain, handle -> text (counter included, as nstop writes it)
nft_line()
{
	awk -v t="$1" -v c="$2" -v h="$3" '
		/^table / { tab = $3 }
		/^\tchain / { ch = $2 }
		tab == t && ch == c && $0 ~ ("# handle " h "$") { sub(/^\t\t/, ""); sub(/ # handle [0-9]+$/, ""); print; exit }
	' "$TESTDIR/list.txt"
}

declare -A seen
n=0 phys=0
for c in "${cmds[@]}"; do
	read -r -a words <<<"$c"
	table=filter
	[[ ${words[0]} == -t ]] && table=${words[1]}
	[[ $c == *" -N "* ]] && continue
	chain=$(sed -E 's/.*-A ([A-Za-z0-9_-]+) .*/\1/' <<<"$c")
	k=${seen[$table.$chain]:-0}
	seen[$table.$chain]=$((k + 1))
	rule=$(jq -c --arg t "$table" --arg c "$chain" --argjson k "$k" \
		'[.namespaces[0].firewall.rules[] | select(.family == "ip" and .table == $t and .chain == $c)][$k]' \
		"$NSTOP_JSON_FILE")
	[[ $rule != null ]] || fail "no rule $k in ip $table $chain for: iptables $c"
	text=$(jq -r .text <<<"$rule")
	raw=$(jq -r .raw <<<"$rule")
	handle=$(jq -r .handle <<<"$rule")
	line=$(nft_line "$table" "$chain" "$handle")
	tr=$(eval "iptables-translate $c" 2>&1)
	if [[ $c == *physdev* ]]; then
		# nft and iptables-translate have no words; nstop: iptables-save's, raw
		expect_eq "nft on a physdev rule ($c)" "xt match physdev" "${line%% counter*}"
		expect_eq "iptables-translate on a physdev rule" "nft # " "${tr:0:6}"
		expect_eq "physdev rule raw ($c)" true "$raw"
		opts=$(sed -E 's/.*-m physdev (.*) -j .*/\1/; s/(--physdev-(in|out)) ([^ ]+)/\1 "\3"/g' <<<"$c")
		expect_eq "physdev rule text ($c)" "xt physdev $opts" "${text%% counter*}"
		phys=$((phys + 1))
		continue
	fi
	expect_eq "raw ($c)" false "$raw"
	if [[ $c == *"--comment"* ]]; then
		expect_eq "comment of ($c)" hello "$(jq -r .comment <<<"$rule")"
		line=${line# }
	fi
	expect_eq "nstop vs nft list ($c)" "$line" "$text"
	# iptables-translate: nft 'add rule ip TABLE CHAIN BODY'; its counter has no numbers
	body=${tr#nft \'add rule ip $table $chain }
	body=${body%\'}
	body=${body// comment \"hello\"/}
	body=${body//ip protocol /meta l4proto }
	# iptables-translate folds -p icmp into `icmp type`; iptables-nft writes the l4proto (nft lists it too)
	[[ $c == *"--icmp-type"* ]] && body="meta l4proto icmp $body"
	expect_eq "nstop vs iptables-translate ($c)" "$body" "${text//counter packets 0 bytes 0/counter}"
	n=$((n + 1))
done
expect_eq "rules compared with both oracles" 61 "$n"
expect_eq "physdev rules" 5 "$phys"

# ip6tables' icmp6 match: nft's listing where libxtables translates the type; for the types it
# cannot (nft: "xt match icmp6"), nft's own listing of a native `icmpv6 type N`. nstop's `meta l4proto`
# says icmpv6 where nft says ipv6-icmp (the protocol's /etc/protocols name; nft takes both)
nft add table ip6 native
nft add chain ip6 native c
types="destination-unreachable packet-too-big time-exceeded parameter-problem echo-request echo-reply 130 131 132"
types="$types router-solicitation router-advertisement neighbour-solicitation neighbour-advertisement redirect 138 141 142 143"
for t in $types; do
	ip6tables -A INPUT -p icmpv6 --icmpv6-type "$t" -j ACCEPT
	[[ $t == [0-9]* ]] && nft add rule ip6 native c icmpv6 type "$t" accept
done
ip6tables -A INPUT -p icmpv6 ! --icmpv6-type echo-request -j ACCEPT
json_reset
json >/dev/null
mapfile -t listed < <(nft list chain ip6 filter INPUT | grep -E '^\s+meta l4proto' | sed -E 's/^\s+//')
mapfile -t native < <(nft list chain ip6 native c | grep -E '^\s+icmpv6 type' | sed -E 's/^\s+//; s/ accept$//')
mapfile -t texts < <(jq -r '.namespaces[0].firewall.rules[] | select(.family == "ip6" and .chain == "INPUT") | .text' "$NSTOP_JSON_FILE")
expect_eq "icmp6 rules" 19 "${#texts[@]}"
k=0
for i in "${!listed[@]}"; do
	want=${listed[$i]//ipv6-icmp/icmpv6}
	if [[ $want == *"xt match icmp6"* ]]; then
		want=${want/xt match icmp6/${native[$k]}}
		k=$((k + 1))
	fi
	expect_eq "icmp6 rule $i" "$want" "${texts[$i]}"
done
expect_eq "icmp6 types nft lists only natively" 7 "$k"
ip6tables -F INPUT

# ipset's set match: nft has no words (nft: "xt match set"); nstop writes iptables-save's with the set
# by name, which it asks ipset for by the kernel index the rule holds (IPSET_CMD_GET_BYINDEX)
ipset create KUBE-CLUSTER-IP hash:ip,port
ipset create allow4 hash:ip
ipset create allow6 hash:net family inet6
ipset create unused hash:ip
iptables -N SETS
iptables -A SETS -m set --match-set allow4 src -j ACCEPT
iptables -A SETS -m set ! --match-set allow4 dst -j DROP
iptables -A SETS -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT
iptables -A SETS -m set --match-set unused src -m set --match-set allow4 dst -j ACCEPT
ip6tables -A INPUT -m set --match-set allow6 src -j ACCEPT
iptables -t nat -A PREROUTING -m set --match-set KUBE-CLUSTER-IP dst,dst -p tcp -j DNAT --to-destination 10.0.0.5
json_reset
json >/dev/null
nft list chain ip filter SETS >"$TESTDIR/sets.txt"
expect_eq "nft's words for an ipset match" 4 "$(grep -c 'xt match set' "$TESTDIR/sets.txt")"
mapfile -t saves < <(iptables-save -t filter | grep '^-A SETS'; ip6tables-save -t filter | grep '^-A INPUT')
expect_eq "ipset rules" 5 "${#saves[@]}"
mapfile -t texts < <(jq -r '.namespaces[0].firewall.rules[] | select(.chain == "SETS" or (.family == "ip6" and .chain == "INPUT")) | .text' "$NSTOP_JSON_FILE")
for k in "${!saves[@]}"; do
	# iptables-save: -A SETS -m set [!] --match-set NAME DIRS ... -j ACCEPT; nstop: xt set [!] NAME DIRS ... accept
	want=$(sed -E 's/^-A [A-Z]+ //; s/-m set (! )?--match-set /xt set \1/g; s/ -j ([A-Z]+)$/ counter packets 0 bytes 0 \L\1/' <<<"${saves[$k]}")
	expect_eq "ipset rule $k by name" "$want" "${texts[$k]}"
done
jq_eq '[.namespaces[0].firewall.rules[] | select(.text | test("xt set")) | .raw_reason] | unique' '["an ipset match: nft has no words for it"]'
# the NAT record of a rule with an ipset names it too
jq_eq '[.namespaces[0].nat[] | select(.summary | test("xt set")) | .summary]' \
	'["meta l4proto tcp xt set KUBE-CLUSTER-IP dst,dst counter packets 0 bytes 0 dnat to 10.0.0.5"]'
# a set a rule names cannot go while the rule holds its index, so the name nstop asked for is the rule's
ipset destroy unused 2>/dev/null && fail "ipset destroyed a set a rule uses"

# no rule is left an `xt match "NAME"` but physdev's
jq_eq '[.namespaces[0].firewall.rules[] | select(.text | test("xt match"))] | length' 0
jq_eq '[.namespaces[0].firewall.rules[] | select(.text | test("fib ")) | select(.raw | not)] | length' 7
echo "xt_matches: all checks passed"
