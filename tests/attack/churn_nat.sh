#!/bin/bash
# SPDX-License-Identifier: MIT
# Never adopt a half-read state (issue: security 3): 3000 NAT rules in one
# namespace, then 150 `nft add rule` 5 ms apart while `nstop --monitor` runs.
# Every re-read races the next change (NLM_F_DUMP_INTR); nstop must stay up
# and print exactly the 150 additions: no del/add or change of a rule nobody
# touched. Runs inside tests/sandbox.sh; needs NSTOP.
set -u
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
command -v nft >/dev/null || { echo "SKIP: nft is not installed" >&2; exit 77; }

ip netns add big
ip -n big link set lo up
{
	echo 'table ip churn {'
	echo '  chain pre { type nat hook prerouting priority -100;'
	for i in $(seq 3000); do
		echo "    tcp dport $((10000 + i)) dnat to 10.0.0.1:$((10000 + i))"
	done
	echo '  }'
	echo '}'
} >"$TESTDIR/rules.nft"
ip netns exec big nft -f "$TESTDIR/rules.nft" || fail "could not load 3000 rules"
[[ $(ip netns exec big nft -a list chain ip churn pre | grep -c 'dnat to') -eq 3000 ]] || fail "not 3000 rules"

monitor_start big

for i in $(seq 150); do
	ip netns exec big nft add rule ip churn pre tcp dport $((30000 + i)) dnat to 10.0.0.2:$((30000 + i)) ||
		fail "nft add rule $i failed"
	sleep 0.005
done
for _ in $(seq 300); do
	[[ $(grep -c '^\[big\] nat add ' "$OUT") -ge 150 ]] && break
	kill -0 "$MON" 2>/dev/null || break
	sleep 0.1
done
sleep 1 # anything late (a wrong del/add) would show now
monitor_stop

adds=$(grep -c '^\[big\] nat add ' "$OUT")
others=$(grep '^\[big\] nat ' "$OUT" | grep -vc '^\[big\] nat add ')
echo "churn: $adds nat add lines, $others other nat lines"
[[ $others -eq 0 ]] || fail "nat lines for rules nobody touched: $(grep '^\[big\] nat ' "$OUT" | grep -v ' nat add ' | head -5)"
[[ $adds -eq 150 ]] || fail "expected 150 nat add lines, got $adds"
for i in $(seq 150); do
	n=$(grep -c "^\[big\] nat add ip churn pre handle [0-9]*: tcp dport $((30000 + i)) dnat to 10.0.0.2:$((30000 + i))$" "$OUT")
	[[ $n -eq 1 ]] || fail "rule $((30000 + i)) reported $n times"
done
# The same rules as the whole ruleset sees them (issue 11): one firewall line each.
fw=$(grep -c '^\[big\] firewall ' "$OUT" || true)
fw_adds=$(grep -c '^\[big\] firewall rule add ip churn pre handle [0-9]*: tcp dport 30[0-9]* dnat to 10\.0\.0\.2:30[0-9]*$' "$OUT" || true)
[[ $fw -eq 150 && $fw_adds -eq 150 ]] || fail "expected 150 firewall rule add lines and no other firewall line, got $fw_adds of $fw"
# Nothing else changed in that namespace but the sentinel.
extra=$(grep '^\[big\]' "$OUT" | grep -v '^\[big\] nat add ' | grep -v '^\[big\] firewall rule add ' | grep -v 'ready[01]')
[[ -z "$extra" ]] || fail "lines for changes nobody made: $(echo "$extra" | head -5)"
echo "ok: exactly the 150 additions"
