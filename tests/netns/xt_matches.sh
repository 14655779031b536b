#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# iptables-nft's xt matches (issue 11): the rules of
# tests/unit/nat_fixtures/xt_rules.sh (addrtype, conntrack, state, statistic,
# physdev, multiport, comment, as Docker, netavark, CNI and kube-proxy write
# them) made with iptables, read by nstop --json. Each rule's text must be
# (1) the line nft 1.0.6 lists for it (`nft -a list ruleset`, its libxtables
# translation) and (2) iptables-translate's text for the same command, where
# iptables-nft's own native `-p tcp` (meta l4proto tcp) stands for the
# translation's `ip protocol tcp`. physdev has no nft words (nft: "xt match
# physdev", iptables-translate: a comment): nstop writes iptables-save's and
# marks the rule raw; the comment match is the rule's comment.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

for _tool in nft iptables iptables-translate; do
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
	chain=$(sed -E 's/.*-A ([A-Z]+) .*/\1/' <<<"$c")
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
	expect_eq "nstop vs iptables-translate ($c)" "$body" "${text//counter packets 0 bytes 0/counter}"
	n=$((n + 1))
done
expect_eq "rules compared with both oracles" 30 "$n"
expect_eq "physdev rules" 5 "$phys"

# no rule is left an `xt match "NAME"` but physdev's
jq_eq '[.namespaces[0].firewall.rules[] | select(.text | test("xt match"))] | length' 0
jq_eq '[.namespaces[0].firewall.rules[] | select(.text | test("fib ")) | select(.raw | not)] | length' 7
echo "xt_matches: all checks passed"
