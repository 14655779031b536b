#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Link down -> screen (issue 16): how long after `ip -n NS link set eth0 down`
# the TUI's tree shows that eth0 DOWN, with `ip -n NS monitor link` in the same
# namespace as the anchor (both timed from the same t0).
# Inside the sandbox: N namespaces (default 1000) each with eth0 on a veth whose
# host end is a port of one of ceil(N/1000) bridges in '/', configured as
# bench/lib.sh's star_configure does (addresses, default route, IPv6 on). nstop
# runs in a 120x40 tmux; after its first frame and WARM seconds (default 15: the
# kernel's DAD / router solicitation wave after configuring N namespaces), for
# K (default 20) namespaces picked at random: the filter `/` narrows the tree to
# that namespace, its eth0 row is awaited UP, 0.5 s of quiet, then t0, the
# change, and the pane is read (tmux capture-pane, in a loop: each read ~2 ms,
# so the figure is ±2 ms) until the row says DOWN; eth0 goes up again after.
# Prints p50/p95/max of both and their ratio; nothing is asserted about times.
# Usage: bench/screen_latency.sh [N] [path/to/nstop]   Environment: K, WARM, SEED.
set -euo pipefail
if [[ "${1:-}" != --inside ]]; then
	n=${1:-1000}
	repo=$(cd "$(dirname "$0")/.." && pwd)
	nstop=$(realpath "${2:-$repo/build/src/nstop}")
	[[ -x $nstop ]] || { echo "screen_latency: no executable nstop at '$nstop'" >&2; exit 1; }
	perl -MTime::HiRes -e 1 2>/dev/null || { echo "screen_latency: perl with Time::HiRes is required" >&2; exit 1; }
	exec sh "$repo/tests/sandbox.sh" bash "$0" --inside "$n" "$nstop"
fi
N=$2
NSTOP=$3
. "$(dirname "$0")/../tests/ui/lib.sh"
. "$(dirname "$0")/lib.sh"
K=${K:-20} WARM=${WARM:-15}
SEED=${SEED:-$((${EPOCHREALTIME/./} % 32768))}
RANDOM=$SEED
tmp=$(mktemp -d)

t0=$(now_us)
star_batch "$N" 1000 b%04d h%04d 10.%d.0.1/16 100 | ip -batch - || fail "ip -batch (the star)"
star_configure "$N" b "$tmp" || fail "configuring the namespaces"
echo "setup: $N namespaces in $(ms "$t0" "$(now_us)") ms"

rm -f "$UI_RC"
: >"$tmp/timing"
tmux -u -f /dev/null new-session -d -s t -x 120 -y 40 "NSTOP_TIMING=$tmp/timing $NSTOP; echo \$? >$UI_RC; sleep 600"
wait_screen "$N veth pairs" 300
sleep "$WARM"

pane() { tmux capture-pane -p -t t; }
# wait_row REGEX SECONDS: until a line of the pane matches; its time (us) on stdout
wait_row() {
	local limit=$((${EPOCHREALTIME/./} + $2 * 1000000)) s
	while :; do
		s=$(pane)
		if [[ $s =~ $1 ]]; then
			echo "${EPOCHREALTIME/./}"
			return 0
		fi
		((${EPOCHREALTIME/./} < limit)) || return 1
	done
}
: >"$tmp/screen" >"$tmp/ipmon" >"$tmp/iprun" >"$tmp/detail"
declare -A picked=()
for ((k = 0; k < K; k++)); do
	while :; do
		i=$(((RANDOM * 32768 + RANDOM) % N))
		[[ -z ${picked[$i]:-} ]] && break
	done
	picked[$i]=1
	ns=$(printf 'b%04d' "$i") host=$(printf 'h%04d' "$i")
	tmux send-keys -t t / C-u
	tmux send-keys -t t -l "^$ns\$"
	tmux send-keys -t t Enter
	up="eth0 ⇄ /:$host +veth +UP"
	down="eth0 ⇄ /:$host +veth +DOWN"
	wait_row "$up" 10 >/dev/null || { pane >&2; fail "$ns: its eth0 row never showed UP"; }
	ip -n "$ns" monitor link 2>/dev/null | perl -MTime::HiRes=time -e '$| = 1;
		while (defined(my $l = <STDIN>)) { printf "%.6f\n", time }' >"$tmp/mon.$ns" &
	mon=$!
	sleep 0.5
	before=$(wc -l <"$tmp/timing")
	a=${EPOCHREALTIME/./}
	ip -n "$ns" link set eth0 down
	b=${EPOCHREALTIME/./}
	c=$(wait_row "$down" 10) || { pane >&2; fail "$ns: eth0 down never reached the screen"; }
	after=$(wc -l <"$tmp/timing")
	sleep 0.2
	kill "$mon" 2>/dev/null || true
	pkill -f "^ip -n $ns monitor link" 2>/dev/null || true
	wait "$mon" 2>/dev/null || true
	m=$(head -1 "$tmp/mon.$ns")
	[[ -n $m ]] || fail "$ns: ip monitor printed nothing"
	awk -v a="$a" -v c="$c" 'BEGIN { printf "%.1f\n", (c - a) / 1000 }' >>"$tmp/screen"
	# what nstop re-read meanwhile (NSTOP_TIMING): a whole re-read blocks the loop
	printf '%s %s\n' "$(tail -1 "$tmp/screen")" "$(sed -n "$((before + 1)),${after}p" "$tmp/timing" | grep -o '^reread ns=[0-9]* ms=[0-9.]*' | tr '\n' ' ')" >>"$tmp/detail"
	awk -v a="$a" -v m="$m" 'BEGIN { printf "%.1f\n", m * 1000 - a / 1000 }' >>"$tmp/ipmon"
	awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f\n", (b - a) / 1000 }' >>"$tmp/iprun"
	ip -n "$ns" link set eth0 up
	wait_row "$up" 10 >/dev/null || fail "$ns: eth0 up never reached the screen"
done
quit_ui

# nearest-rank percentiles: "p50 p95 max"
pct() { sort -g "$1" | awk '{ v[NR] = $1 } END { r50 = int(0.5 * NR + 0.999); r95 = int(0.95 * NR + 0.999)
	printf "%.1f %.1f %.1f", v[r50], v[r95], v[NR] }'; }
read -r s50 s95 smax <<<"$(pct "$tmp/screen")"
read -r m50 m95 mmax <<<"$(pct "$tmp/ipmon")"
read -r r50 r95 rmax <<<"$(pct "$tmp/iprun")"
echo "link down at $N namespaces, $K changes (SEED=$SEED), ms from just before ip -n NS link set eth0 down:"
echo "  -> nstop's screen:        p50 $s50  p95 $s95  max $smax"
echo "  -> ip -n NS monitor link: p50 $m50  p95 $m95  max $mmax"
echo "  (ip -n NS itself ran      p50 $r50  p95 $r95  max $rmax)"
awk -v a="$s50" -v b="$s95" -v c="$m50" -v d="$m95" 'BEGIN { printf "  screen / ip monitor: p50 %.1fx  p95 %.1fx\n", a / c, b / d }'
echo "  the slowest five, with the re-reads (NSTOP_TIMING) between the change and the screen:"
sort -gr "$tmp/detail" | head -5 | sed 's/^/    /'
rm -rf "$tmp"
