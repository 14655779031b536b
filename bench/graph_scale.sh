#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The graph view at N namespaces on bridges (issue 16): inside the sandbox,
# N namespaces each with eth0 on a veth whose host end is a port of one of
# ceil(N/1000) bridges in '/' (a Linux bridge takes at most 1023 ports).
# For RUNS (default 5) fresh starts of nstop in a 120x40 tmux: the tree's
# first frame is awaited, then `v` and until the graph is on screen:
#   - first graph frame: wall ms (tmux polled every 10 ms, so ±10 ms) and
#     nstop's CPU ms for it (utime+stime from /proc/PID/stat);
#   - RSS (VmRSS) in the tree and then in the graph;
#   - CPU per `j` in the graph: 100 keys, CPU ms / 100 (the layout is reused
#     when nothing changed, so this is the selection and the window drawn);
#   - idle CPU % in the graph over IDLE seconds (default 5).
# Medians of the runs. Usage: bench/graph_scale.sh N [path/to/nstop]
set -euo pipefail
if [[ "${1:-}" != --inside ]]; then
	n=${1:?usage: bench/graph_scale.sh N [path/to/nstop]}
	repo=$(cd "$(dirname "$0")/.." && pwd)
	nstop=$(realpath "${2:-$repo/build/src/nstop}")
	exec sh "$repo/tests/sandbox.sh" bash "$0" --inside "$n" "$nstop"
fi
N=$2
NSTOP=$3
. "$(dirname "$0")/../tests/ui/lib.sh"
. "$(dirname "$0")/lib.sh"
die() { fail "$*"; }
RUNS=${RUNS:-5} IDLE=${IDLE:-5}
PER_BRIDGE=1000
tck=$(getconf CLK_TCK)

# N namespaces, their host ends spread over bridges of PER_BRIDGE ports.
t0=$(now_us)
star_batch "$N" "$PER_BRIDGE" b%04d h%04d 10.%d.0.1/16 100 | ip -batch -
tmp=$(mktemp -d)
mkdir -p "$tmp/cfg"
for ((i = 0; i < N; i++)); do
	printf '%s\n' "link set lo up" \
		"addr add 10.$((100 + i / PER_BRIDGE)).$((i % PER_BRIDGE / 250)).$((i % 250 + 2))/16 dev eth0" \
		"link set eth0 up" >"$tmp/cfg/$(printf 'b%04d' "$i")"
done
(cd "$tmp/cfg" && printf '%s\n' b* | xargs -P "$(($(nproc) * 2))" -I{} ip -n {} -batch {}) || die "configuring namespaces"
echo "setup: $N namespaces on $(((N + PER_BRIDGE - 1) / PER_BRIDGE)) bridge(s) in $(ms "$t0" "$(now_us)") ms"

cpu_ms() { awk -v t="$tck" '{ print ($14 + $15) * 1000 / t }' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: >"$tmp/frame_ms" >"$tmp/frame_cpu" >"$tmp/rss_tree" >"$tmp/rss_graph" >"$tmp/key_cpu" >"$tmp/idle"
for ((r = 0; r < RUNS; r++)); do
	rm -f "$UI_RC"
	tmux -u -f /dev/null new-session -d -s t -x 120 -y 40 "$NSTOP; echo \$? >$UI_RC; sleep 600"
	wait_screen "$N veth pairs" 120
	pid=$(pgrep -f "^$NSTOP\$" | head -1)
	sleep 1 # past the start's own work
	echo "$(rss_kb "$pid")" >>"$tmp/rss_tree"
	c0=$(cpu_ms "$pid")
	t0=$(now_us)
	tmux send-keys -t t v
	# the header's [graph] comes with the frame's one refresh (a box of b.... need not be on it:
	# before issue 16 they were ~N columns right of their ports)
	until screen | grep -q '\[graph\]'; do
		(($(now_us) - t0 < 300000000)) || die "no graph frame within 300 s"
		sleep 0.01
	done
	t1=$(now_us)
	c1=$(cpu_ms "$pid")
	echo "$(ms "$t0" "$t1")" >>"$tmp/frame_ms"
	awk -v a="$c0" -v b="$c1" 'BEGIN { print b - a }' >>"$tmp/frame_cpu"
	sleep 0.5
	echo "$(rss_kb "$pid")" >>"$tmp/rss_graph"
	c0=$(cpu_ms "$pid")
	for ((k = 0; k < 100; k++)); do tmux send-keys -t t j; done
	sleep 1
	c1=$(cpu_ms "$pid")
	awk -v a="$c0" -v b="$c1" 'BEGIN { print (b - a) / 100 }' >>"$tmp/key_cpu"
	c0=$(cpu_ms "$pid")
	sleep "$IDLE"
	c1=$(cpu_ms "$pid")
	awk -v a="$c0" -v b="$c1" -v s="$IDLE" 'BEGIN { printf "%.2f\n", (b - a) / (s * 10) }' >>"$tmp/idle"
	quit_ui
done
echo "graph at $N namespaces, medians of $RUNS runs (120x40):"
echo "  first graph frame: $(median <"$tmp/frame_ms") ms wall, $(median <"$tmp/frame_cpu") ms CPU"
echo "  RSS: tree $(median <"$tmp/rss_tree") kB, graph $(median <"$tmp/rss_graph") kB"
echo "  CPU per j key in the graph: $(median <"$tmp/key_cpu") ms (mean of 100 keys)"
echo "  idle CPU in the graph: $(median <"$tmp/idle") % over ${IDLE}s"
rm -rf "$tmp"
