#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark (issue 16, "TUI first frame ≤ 1.5× --json"): wall time from starting
# the TUI until its first frame lists all N+1 namespaces, next to `nstop --json`'s
# wall time, in the same sandbox (tests/sandbox.sh, ARCHITECTURE.md §12): N named
# namespaces f0000.. each with eth0 on a veth whose host end is a port of a bridge
# in '/' (1000 ports a bridge), an address and a default route. Alternating runs
# (1 warm-up + RUNS each): --json (output to /dev/null), then the real nstop in a
# private tmux server (200x50) polled every 10 ms for the header's
# "N+1 namespaces"; the TUI's CPU (utime + stime of /proc/PID/stat) at that
# moment too. Prints medians and the ratio. Nothing asserted about times.
# Usage: bench/first_frame.sh [-n path/to/nstop] N...   (default 1000 3000)
# Environment: RUNS (default 5).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
if [[ "${1:-}" != --inside ]]; then
	nstop=$repo/build/src/nstop
	while getopts n: o; do
		case $o in
		n) nstop=$OPTARG ;;
		*) exit 2 ;;
		esac
	done
	shift $((OPTIND - 1))
	[[ $# -gt 0 ]] || set -- 1000 3000
	[[ -x $nstop ]] || { echo "first_frame: no executable '$nstop' (build: ninja -C build)" >&2; exit 1; }
	command -v tmux >/dev/null || { echo "first_frame: tmux not installed" >&2; exit 1; }
	for n in "$@"; do
		sh "$repo/tests/sandbox.sh" bash "$0" --inside "$(realpath "$nstop")" "$n"
	done
	exit 0
fi

# ---- inside the sandbox from here on ----
nstop=$2 N=$3
RUNS=${RUNS:-5}
tmp=$(mktemp -d)
export TMUX_TMPDIR=$tmp LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color
trap 'tmux kill-server >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
die() { echo "first_frame: FAIL (N=$N): $*" >&2; exit 1; }
. "$(dirname "$0")/lib.sh" # star_batch, now_us
ulimit -n 65536 2>/dev/null || true

star_batch "$N" 1000 f%04d p%04d | ip -batch - || die "ip -batch in '/'"
star_configure "$N" f "$tmp" || die "configuring the namespaces (ip -n NS -batch)"
tmux -f /dev/null new-session -d -s keep -x 40 -y 10 "sleep 100000"
hz=$(getconf CLK_TCK)
want="$((N + 1)) namespaces"

json_ms() {
	local t0 t1
	t0=$(now_us)
	"$nstop" --json >/dev/null 2>&1 || die "nstop --json failed"
	t1=$(now_us)
	echo $(((t1 - t0) / 1000))
}
tui_ms() { # -> "wall_ms cpu_ms"
	local t0 t1 pid st
	t0=$(now_us)
	tmux -f /dev/null new-session -d -s t -x 200 -y 50 "$nstop"
	for ((k = 0; k < 6000; k++)); do
		tmux capture-pane -p -t t 2>/dev/null | head -n1 | grep -q -- "$want" && break
		sleep 0.01
	done
	t1=$(now_us)
	((k < 6000)) || die "the TUI never showed '$want'"
	pid=$(pgrep -x nstop | head -n1)
	read -ra st <"/proc/$pid/stat"
	echo "$(((t1 - t0) / 1000)) $(((st[13] + st[14]) * 1000 / hz))"
	tmux kill-session -t t
	while pgrep -x nstop >/dev/null; do sleep 0.01; done
}
json_ms >/dev/null
tui_ms >/dev/null
jw=() tw=() tc=()
for ((r = 0; r < RUNS; r++)); do
	jw+=("$(json_ms)")
	read -r w c <<<"$(tui_ms)"
	tw+=("$w") tc+=("$c")
done
jm=$(median_of "${jw[@]}") tm=$(median_of "${tw[@]}")
echo "N=$N: --json wall ms: ${jw[*]}"
echo "N=$N: TUI first frame wall ms: ${tw[*]} (CPU ms ${tc[*]})"
echo "N=$N: median --json $jm ms, TUI first frame $tm ms (CPU $(median_of "${tc[@]}") ms), ratio" \
	"$(awk -v a="$tm" -v b="$jm" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }') ($RUNS runs each, $(nproc) CPUs;" \
	"the first frame includes tmux's start and a 10 ms poll)"
