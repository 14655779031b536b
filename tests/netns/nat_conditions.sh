#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The NAT decoder never drops a condition (kernel-made rules in nstop's own
# table, read back by nstop): `tcp dport >= 1000 dnat to 10.0.0.2` keeps its
# operator in the summary, the JSON match and the export script (it was once
# `dnat to 10.0.0.2`: a DNAT of all traffic); other operators likewise; a
# set lookup is raw, says why, and the export script skips it with that
# reason; a rule of more than 64 expressions is decoded to its end (its nat
# statement is there) and, too long for the summary, marked raw and skipped.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
command -v nft >/dev/null 2>&1 || skip "nft is not installed"

nft add table ip nstop
nft add chain ip nstop prerouting '{ type nat hook prerouting priority -100; }'
nft add rule ip nstop prerouting tcp dport '>=' 1000 dnat to 10.0.0.2
nft add rule ip nstop prerouting udp dport '<' 1024 dnat to 10.0.0.3
nft add rule ip nstop prerouting iifname '!=' '"lo"' tcp dport '!=' 22 dnat to 10.0.0.4
nft add rule ip nstop prerouting tcp dport '{ 80, 443 }' dnat to 10.0.0.5
long=""
for p in $(seq 1 40); do long+="tcp dport != $p "; done
# shellcheck disable=SC2086 # one word a token, as nft wants them
nft add rule ip nstop prerouting $long dnat to 10.0.0.6
n_long=$(nft --debug=netlink list chain ip nstop prerouting 2>/dev/null | grep -c '^  \[ ' || true)
[[ $(nft -j list chain ip nstop prerouting | jq '[.nftables[] | select(.rule) | .rule.expr | length] | max') -ge 40 ]] ||
	fail "the long rule is not long"

rule_f() { printf '%s | .nat[] | select(.summary | startswith("%s"))' "$(ns_f /)" "$1"; }

# the defect: operator in the summary and in match, not raw
jq_eq "$(rule_f "tcp dport >= 1000") | [.type, .match.proto, .match.dport, .to_addr, .raw]" \
	'["dnat","tcp",">= 1000","10.0.0.2",false]'
jq_eq "[$(rule_f "tcp dport >= 1000") | .summary]" '["tcp dport >= 1000 dnat to 10.0.0.2"]'
jq_eq "$(rule_f "udp dport < 1024") | [.match.dport, .raw]" '["< 1024",false]'
jq_eq "$(rule_f 'iifname != ') | [.match.iif, .match.dport, .summary, .raw]" \
	'["!= lo","!= 22","iifname != \"lo\" tcp dport != 22 dnat to 10.0.0.4",false]'
# no record says it matches everything while its rule does not
jq_eq "[$(ns_f /) | .nat[] | select(.match == {} and .type == \"dnat\")] | length" 0
# a set lookup: raw, with its reason
jq_eq "$(rule_f "tcp dport @") | [.raw, .raw_reason, .match.dport]" \
	'[true,"an anonymous set, whose elements are listed apart, not inline",null]'
# the long rule: decoded to its nat statement (past expression 64), cut in the summary, raw
jq_eq "$(rule_f "tcp dport != 1 tcp dport != 2 ") | [.type, .raw, (.summary | endswith(\" ...\"))]" \
	'["dnat",true,true]'

# --dump says the same
"$NSTOP" --dump >"$TESTDIR/dump.txt"
grep -qF 'ip nstop prerouting: tcp dport >= 1000 dnat to 10.0.0.2' "$TESTDIR/dump.txt" ||
	fail "--dump lacks the >= rule: $(grep nstop "$TESTDIR/dump.txt")"

# the export script recreates what it read whole, and skips (saying why) what it did not
"$NSTOP" --export-script >"$TESTDIR/s.sh"
script_has() { grep -qxF -- "$1" "$TESTDIR/s.sh" || { cat "$TESTDIR/s.sh" >&2; fail "script lacks: $1"; }; }
script_has "nft add rule ip nstop prerouting 'tcp dport >= 1000 dnat to 10.0.0.2'"
script_has "nft add rule ip nstop prerouting 'udp dport < 1024 dnat to 10.0.0.3'"
script_has "nft add rule ip nstop prerouting 'iifname != \"lo\" tcp dport != 22 dnat to 10.0.0.4'"
h=$(nft -a -j list chain ip nstop prerouting | jq -r '[.nftables[] | select(.rule) | .rule][3].handle')
script_has "# skipped /: NAT rule ip nstop prerouting handle $h, tcp dport @__set0 dnat to 10.0.0.5: nstop does not decode all of it (an anonymous set, whose elements are listed apart, not inline), so it cannot write it back"
expect_eq "skipped NAT rules" 2 "$(grep -c '^# skipped /: NAT rule ip nstop prerouting' "$TESTDIR/s.sh")"
# no rule line without its condition: every dnat in the script is one of the three
expect_eq "nft add rule lines" 3 "$(grep -c "^nft add rule ip nstop prerouting" "$TESTDIR/s.sh")"
grep -q "'dnat to 10.0.0" "$TESTDIR/s.sh" && fail "a rule recreated without its match: $(grep "'dnat to" "$TESTDIR/s.sh")"

# the script's rules, replayed in a fresh namespace, are the kernel's own again
ip netns add replay
grep -E '^nft add (table|chain|rule) ' "$TESTDIR/s.sh" | sed 's/^/ip netns exec replay /' >"$TESTDIR/replay.sh"
sh -e "$TESTDIR/replay.sh" || fail "the script's nft lines failed: $(cat "$TESTDIR/replay.sh")"
expect_eq "replayed >= rule" "tcp dport >= 1000 dnat to 10.0.0.2" \
	"$(ip netns exec replay nft list chain ip nstop prerouting | sed -n 's/^\t\t\(tcp dport >= .*\)$/\1/p')"
echo "nat conditions ok (long rule: $n_long expressions)"
