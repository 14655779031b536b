#!/bin/bash
# SPDX-License-Identifier: MIT
# Never adopt a half-read state, for links (issue: security 3): 500 veth
# pairs in one namespace, then 50 of them set down one after another while
# `nstop --monitor` re-reads (each change interrupts the link dump in
# flight). The lines printed must be exactly the changes the kernel made:
# compared with `ip -j link` before and after. Runs inside tests/sandbox.sh.
set -u
export LC_ALL=C
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

ip netns add big
ip -n big link set lo up
for i in $(seq 500); do
	echo "link add a$i type veth peer name b$i"
done | ip -n big -batch - || fail "could not make 500 veth pairs"
for i in $(seq 500); do
	echo "link set a$i up"
	echo "link set b$i up"
done | ip -n big -batch - || fail "could not set them up"
sleep 1 # carrier settles

# name, up (admin) and operstate of every link, as the kernel says
link_state()
{
	ip -n big -j link show | jq -r '.[] | "\(.ifname) \(if (.flags | index("UP")) then "up" else "down" end) \(.operstate | ascii_downcase)"' | sort
}
link_state >"$TESTDIR/before"
[[ $(wc -l <"$TESTDIR/before") -eq 1001 ]] || fail "expected 1001 links, got $(wc -l <"$TESTDIR/before")"

monitor_start big
ip -n big link del ready0
for _ in $(seq 50); do
	grep -q '^\[big\] link ready0 del' "$OUT" && break
	sleep 0.1
done

for i in $(seq 50); do
	ip -n big link set "a$((i * 7))" down || fail "link set down $i"
	sleep 0.005
done
sleep 2 # carrier changes
# A last change, after all the others: once it is printed, the re-reads before it are done
# (a fixed wait alone lost lines on a loaded machine).
ip -n big link add ready0 type veth peer name ready1
for _ in $(seq 200); do
	grep -q '^\[big\] link ready0 add' "$OUT" && break
	sleep 0.1
done
grep -q '^\[big\] link ready0 add' "$OUT" || fail "the monitor never printed the last change (ready0 add)"
link_state >"$TESTDIR/after"
monitor_stop

# What the monitor should say, from the kernel's before/after: "NAME down" for
# an admin change, "NAME state S" for an operstate change of a link still up.
join "$TESTDIR/before" "$TESTDIR/after" | while read -r name up0 op0 up1 op1; do
	if [[ $up0 != "$up1" ]]; then
		echo "[big] link $name $up1"
	elif [[ $op0 != "$op1" ]]; then
		echo "[big] link $name state $op1"
	fi
done | sort >"$TESTDIR/expected"
# The monitor may report an operstate passing through states; the last word counts.
grep '^\[big\] link ' "$OUT" | grep -v 'ready[01]' | awk '{ last[$3] = $0 } END { for (k in last) print last[k] }' |
	sort >"$TESTDIR/actual"
downs=$(grep -c ' down$' "$TESTDIR/expected")
echo "churn: expected $(wc -l <"$TESTDIR/expected") changes ($downs down), monitor printed $(grep -c '^\[big\] link ' "$OUT") link lines"
[[ $downs -eq 50 ]] || fail "the kernel shows $downs links down, not 50"
if ! diff -u "$TESTDIR/expected" "$TESTDIR/actual" >&2; then
	fail "monitor lines differ from the kernel's changes (- expected, + printed)"
fi
# And no link is reported twice with the same line (no flapping del/add of untouched links).
dups=$(grep '^\[big\] link ' "$OUT" | grep -v 'ready[01]' | sort | uniq -d)
[[ -z "$dups" ]] || fail "lines printed twice: $(echo "$dups" | head -3)"
grep -q ' del$\| add ' <(grep '^\[big\] link ' "$OUT" | grep -v 'ready[01]') && fail "link del/add for links nobody touched"
echo "ok: exactly the kernel's changes"
