#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark: the view's 1 s counter sample (issue 16) with NNS namespaces,
# each holding one end of a veth whose other end is in '/'. Before issue 16 the
# sample was an RTM_GETLINK dump per namespace: each veth's message in '/'
# walks '/'s nsid table, so the dump of '/' alone is O(N^2) in the kernel. Now
# it is RTM_GETSTATS asking for IFLA_STATS_LINK_64 only (src/backend/be_stats.c).
# Inside a throwaway sandbox (tests/sandbox.sh) the live backend
# (tests/backend/be_live_fw_probe) reads everything once, then alternately
# takes the sample ("stats": every namespace, as be_live_sample_stats does) and
# the old dumps ("getlink": every namespace, messages counted, not parsed):
# 1 warm-up + RUNS each; median (min, max) in ms. Nothing is asserted.
# Usage: bench/stats_sample.sh [path/to/be_live_fw_probe]   (default: build/tests/backend/be_live_fw_probe)
# Environment: NNS (default 1000), RUNS (default 7).
set -euo pipefail

if [ "${1:-}" != "--inside" ]; then
	repo=$(cd "$(dirname "$0")/.." && pwd)
	probe=${1:-$repo/build/tests/backend/be_live_fw_probe}
	[ -x "$probe" ] || { echo "stats_sample: no executable probe at '$probe' (build: ninja -C build)" >&2; exit 1; }
	probe=$(cd "$(dirname "$probe")" && pwd)/$(basename "$probe")
	exec sh "$repo/tests/sandbox.sh" bash "$0" --inside "$probe"
fi

# ---- inside the sandbox from here on ----
probe=$2
NNS=${NNS:-1000}
RUNS=${RUNS:-7}
tmp=$(mktemp -d)
pid=
cleanup() {
	exec 3>&- 2>/dev/null || true
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
die() { echo "stats_sample: FAIL: $*" >&2; exit 1; }

t0=${EPOCHREALTIME/./}
{
	for ((i = 0; i < NNS; i++)); do
		printf 'netns add s%04d\nlink add h%04d type veth peer name eth0 netns s%04d\nlink set h%04d up\n' "$i" "$i" "$i" "$i"
	done
} | ip -batch - || die "ip -batch refused the setup"
t1=${EPOCHREALTIME/./}
echo "setup: $NNS namespaces, $NNS veths to '/' in $(((t1 - t0) / 1000)) ms"

mkfifo "$tmp/in"
"$probe" <"$tmp/in" >"$tmp/out" 2>"$tmp/err" &
pid=$!
exec 3>"$tmp/in"
for ((k = 0; k < 6000; k++)); do grep -q '^ready$' "$tmp/out" && break; sleep 0.01; done
grep -q '^ready$' "$tmp/out" || die "the probe did not read the namespaces within 60 s ($(head -c 300 "$tmp/err"))"

ask() { # COMMAND -> its "COMMAND ms=N" reply's N
	local before k
	before=$(grep -c "^$1 " "$tmp/out" || true)
	echo "$1" >&3
	for ((k = 0; k < 3000; k++)); do
		[ "$(grep -c "^$1 " "$tmp/out" || true)" -gt "$before" ] && break
		sleep 0.01
	done
	grep "^$1 " "$tmp/out" | tail -1 | sed -E 's/.* ms=([0-9.]+).*/\1/'
}
median() { # numbers -> "median min max"
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f %.2f %.2f\n", m, v[1], v[NR] }'
}
ask stats >/dev/null
ask getlink >/dev/null
report() { # WHAT COMMAND...: one line of medians per command
	local what=$1 c r v=()
	shift
	for c in "$@"; do
		v=()
		for ((r = 0; r < RUNS; r++)); do v+=("$(ask "$c")"); done
		read -r med min max <<<"$(median "${v[@]}")"
		printf '%-10s %-34s median %8s ms (min %s, max %s) over %d samples\n' "$what" "'$c':" "$med" "$min" "$max" "$RUNS"
	done
}
report "every ns" stats getlink
report "'/' alone" "stats /" "getlink /"
echo "(stats: RTM_GETSTATS, IFLA_STATS_LINK_64 only, parsed into the model; getlink: the RTM_GETLINK dumps of before," \
	"$(grep '^getlink ms=' "$tmp/out" | tail -1 | sed -E 's/.*links=([0-9]+).*/\1/') messages for every ns, counted only)"
echo quit >&3
wait "$pid" || die "the probe exited with status $?"
pid=
echo "($(nproc) CPUs, kernel $(uname -r))"
