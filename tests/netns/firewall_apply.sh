#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A one-rule change applied without re-reading the whole ruleset (issue 16):
# 5000 rules in '/', the live backend (tests/backend/be_live_fw_probe, what
# --monitor and the view run) following nf_tables events. Each change must
# come as the change line --monitor prints, be applied by re-reading its
# chain alone (NSTOP_TIMING's "apply=chains" line, not a whole re-read), and
# leave the live model's firewall and NAT equal to a fresh `nstop --json`:
# an append, an insert at the head and one after a given rule (the event has
# no position: order comes from the chain's dump), a delete, the first rule of
# an empty chain, a rule in a second chain between them. A change in a table
# with a nat base chain must fall back to the whole re-read, and the model
# must still equal a fresh reading.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

: "${FW_PROBE:?set FW_PROBE to tests/backend/be_live_fw_probe}"
command -v nft >/dev/null 2>&1 || skip "nft is not installed"

# 5000 rules: 1 + 4988 + 1 in ip filter (counter, a verdict each), 10 in a nat table with a DNAT each.
{
	echo "table ip filter {"
	echo "  chain input { type filter hook input priority 0; policy accept; jump big; }"
	echo "  chain big {"
	for ((i = 0; i < 4988; i++)); do
		echo "    ip saddr 10.$((i / 250)).$((i % 250)).1 tcp dport $((1000 + i)) counter drop"
	done
	echo "  }"
	echo "  chain empty { }"
	echo "  chain small { udp dport 53 accept; }"
	echo "}"
	echo "table ip nat {"
	echo "  chain pre {"
	echo "    type nat hook prerouting priority -100; policy accept;"
	for ((i = 0; i < 10; i++)); do
		echo "    tcp dport $((8000 + i)) dnat to 10.99.0.$((i + 1)):80"
	done
	echo "  }"
	echo "}"
} >"$TESTDIR/rules.nft"
nft -f "$TESTDIR/rules.nft" || fail "nft refused the test ruleset"
total=$(nft -j list ruleset | jq '[.nftables[] | select(.rule)] | length')
[ "$total" -eq 5000 ] || fail "the test ruleset has $total rules, not 5000"

timing=$TESTDIR/timing
export NSTOP_TIMING=$timing
out=$TESTDIR/probe.out
mkfifo "$TESTDIR/in"
"$FW_PROBE" <"$TESTDIR/in" >"$out" 2>"$TESTDIR/probe.err" &
probe=$!
exec 3>"$TESTDIR/in"
trap 'exec 3>&-; kill $probe 2>/dev/null || true' EXIT

wait_for() { # FIXED-STRING FILE [SECONDS]: until FILE holds it
	local k
	for ((k = 0; k < ${3:-10} * 100; k++)); do
		grep -qF -- "$1" "$2" && return 0
		sleep 0.01
	done
	fail "no '$1' in $2 within ${3:-10} s: $(tail -5 "$2")"
}
wait_for ready "$out" 30

fw_of() { # JSON FILE -> '/' namespace's firewall and NAT records, sorted keys
	jq -S '.namespaces[] | select(.name == "/") | { firewall, nat }' "$1"
}
n_dumps=0
same_as_fresh() { # WHAT: the live model equals a fresh --json
	n_dumps=$((n_dumps + 1))
	echo "dump $TESTDIR/live$n_dumps.json" >&3
	for ((k = 0; k < 1000; k++)); do
		[ "$(grep -c '^dumped$' "$out")" -ge "$n_dumps" ] && break
		sleep 0.01
	done
	[ "$(grep -c '^dumped$' "$out")" -ge "$n_dumps" ] || fail "$1: the probe did not dump"
	"$NSTOP" --json >"$TESTDIR/fresh$n_dumps.json" 2>>"$TESTDIR/nstop.err" || fail "$1: nstop --json failed"
	fw_of "$TESTDIR/live$n_dumps.json" >"$TESTDIR/live$n_dumps.fw"
	fw_of "$TESTDIR/fresh$n_dumps.json" >"$TESTDIR/fresh$n_dumps.fw"
	if ! cmp -s "$TESTDIR/live$n_dumps.fw" "$TESTDIR/fresh$n_dumps.fw"; then
		diff "$TESTDIR/fresh$n_dumps.fw" "$TESTDIR/live$n_dumps.fw" | head -20 >&2
		fail "$1: the live model differs from a fresh --json (fresh <, live >)"
	fi
	echo "ok: $1: live model = fresh --json ($(jq '.firewall.rules | length' "$TESTDIR/live$n_dumps.fw") rules)"
}
last_reread() { # the last re-read line, awaited (it is written after the change lines)
	local k
	for ((k = 0; k < 500; k++)); do grep -q '^reread ' "$timing" && break; sleep 0.01; done
	grep '^reread ' "$timing" | tail -1 || true
}
applied() { # WHAT RULES: the last re-read of '/' was its chains alone, with RULES rules after
	local last
	last=$(last_reread)
	[[ $last == *" rules=$2 "*"apply=chains:"* ]] || fail "$1: not applied by chain (last re-read: '$last')"
}
whole() { # WHAT: the last re-read was the whole namespace
	local last
	last=$(last_reread)
	[[ -n $last && $last != *apply=* ]] || fail "$1: not re-read whole (last re-read: '$last')"
}
handle_of() { # CHAIN PATTERN -> the handle of the rule whose text has PATTERN
	nft -a list chain ip filter "$1" | sed -nE "s/.*$2.* # handle ([0-9]+)$/\1/p" | head -1
}
same_as_fresh "first reading"

: >"$timing"
nft add rule ip filter big ip saddr 192.0.2.1 counter drop
h=$(handle_of big '192\.0\.2\.1 ')
wait_for "[/] firewall rule add ip filter big handle $h: ip saddr 192.0.2.1 counter drop" "$out"
applied "append" 5001
same_as_fresh "append"

: >"$timing"
nft insert rule ip filter big ip saddr 192.0.2.2 counter accept
h2=$(handle_of big '192\.0\.2\.2 ')
wait_for "[/] firewall rule add ip filter big handle $h2:" "$out"
applied "insert at the head" 5002
same_as_fresh "insert at the head"
first=$(jq -r '[.firewall.rules[] | select(.chain == "big")][0].handle' "$TESTDIR/live$n_dumps.fw")
[ "$first" = "$h2" ] || fail "insert: the first rule of big is handle $first, not $h2"

: >"$timing"
mid=$(handle_of big '10\.0\.7\.1 ')
nft add rule ip filter big position "$mid" ip saddr 192.0.2.3 counter drop
h3=$(handle_of big '192\.0\.2\.3 ')
wait_for "[/] firewall rule add ip filter big handle $h3:" "$out"
applied "add after handle $mid" 5003
same_as_fresh "add after handle $mid"

: >"$timing"
nft delete rule ip filter big handle "$h"
wait_for "[/] firewall rule del ip filter big handle $h" "$out"
applied "delete" 5002
same_as_fresh "delete"

: >"$timing"
nft add rule ip filter empty tcp dport 9 counter reject
he=$(handle_of empty 'dport 9 ')
wait_for "[/] firewall rule add ip filter empty handle $he:" "$out"
applied "the first rule of an empty chain" 5003
same_as_fresh "the first rule of an empty chain"

: >"$timing"
nft add rule ip filter small tcp dport 10 counter accept
hs=$(handle_of small 'dport 10 ')
wait_for "[/] firewall rule add ip filter small handle $hs:" "$out"
applied "a rule in a later chain" 5004
same_as_fresh "a rule in a later chain"

: >"$timing"
nft add rule ip nat pre tcp dport 9100 dnat to 10.99.0.77:80
wait_for "tcp dport 9100" "$out"
whole "a rule of a nat table"
same_as_fresh "a rule of a nat table"

echo quit >&3
wait "$probe" || fail "the probe exited $? ($(head -c 300 "$TESTDIR/probe.err"))"
trap - EXIT
echo "firewall_apply: all checks passed"
