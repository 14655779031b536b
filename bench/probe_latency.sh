#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark: one --probe's latency (issue 14). Inside a throwaway sandbox
# (tests/sandbox.sh) it builds the seed's lab1, routed (h1 - x - y - h2, the
# typo fixed), and runs, 5 times each, printing the median and the range:
#   predict: nstop --explain h1 12.0.0.2 --json (the prediction alone)
#   probe:   the same with --probe: sweep, nsids, trace tables in 4 namespaces,
#            one echo and its reply traced, tables removed; wall time, and the
#            probe's own elapsed_ms (first packet sent -> last event read)
#   tcp:     --proto tcp --port 5000 --probe to a listener
#   drop:    --probe with an nft drop in x (no answer: the 500 ms wait shows)
#   star:    --probe from b000 to b001 with NNS namespaces on a bridge (the sweep
#            visits every namespace), NNS=50 by default (0: skipped)
# Nothing touches the machine's network; the traffic stays in the sandbox.
# Usage: bench/probe_latency.sh [path/to/nstop]   (default: build/src/nstop of this repo)
set -euo pipefail

if [ "${1:-}" != "--inside" ]; then
	repo=$(cd "$(dirname "$0")/.." && pwd)
	nstop=${1:-$repo/build/src/nstop}
	[ -x "$nstop" ] || { echo "probe_latency: no executable nstop at '$nstop' (build: ninja -C build)" >&2; exit 1; }
	nstop=$(cd "$(dirname "$nstop")" && pwd)/$(basename "$nstop")
	exec sh "$repo/tests/sandbox.sh" bash "$0" --inside "$nstop" "$repo"
fi

# ---- inside the sandbox from here on ----
nstop=$2
repo=$3
NNS=${NNS:-50}
RUNS=5
tmp=$(mktemp -d)
lpid=
cleanup() {
	[ -n "$lpid" ] && kill "$lpid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
die() { echo "probe_latency: FAIL: $*" >&2; exit 1; }
. "$repo/bench/lib.sh"

# median_of LABEL CMD...: run CMD RUNS times; print the median wall time and the range.
median_of()
{
	local label=$1 i t0 t1 v=()
	shift
	for ((i = 0; i < RUNS; i++)); do
		t0=$(now_us)
		"$@" >"$tmp/out" 2>"$tmp/err" || [ $? -le 4 ] || { cat "$tmp/err" >&2; die "$label: $* failed"; }
		t1=$(now_us)
		v+=("$(ms "$t0" "$t1")")
		[ -f "$tmp/out" ] && jq -r '.probe.elapsed_ms // empty' "$tmp/out" >>"$tmp/$label.elapsed" 2>/dev/null || true
	done
	local sorted
	sorted=$(printf '%s\n' "${v[@]}" | sort -n)
	printf '%-8s median %4s ms (min %s, max %s) over %d runs' "$label" "$(sed -n 3p <<<"$sorted")" \
		"$(head -1 <<<"$sorted")" "$(tail -1 <<<"$sorted")" "$RUNS"
	if [ -s "$tmp/$label.elapsed" ]; then
		printf '; the probe itself: median %s ms' "$(sort -n "$tmp/$label.elapsed" | sed -n 3p)"
	fi
	echo
}

for n in h1 x y h2; do ip netns add $n; ip -n $n link set lo up; done
ip link add v1 netns h1 type veth peer name vethE netns x
ip link add vethG netns x type veth peer name vethH netns y
ip link add vethJ netns y type veth peer name v2 netns h2
ip -n h1 addr add 11.0.0.1/24 dev v1
ip -n x addr add 11.0.0.254/24 dev vethE
ip -n x addr add 13.0.0.2/24 dev vethG
ip -n y addr add 13.0.0.1/24 dev vethH
ip -n y addr add 12.0.0.1/24 dev vethJ
ip -n h2 addr add 12.0.0.2/24 dev v2
for l in h1:v1 x:vethE x:vethG y:vethH y:vethJ h2:v2; do ip -n "${l%%:*}" link set "${l#*:}" up; done
ip -n h1 route add default via 11.0.0.254
ip -n h2 route add default via 12.0.0.1
ip netns exec x sysctl -qw net.ipv4.ip_forward=1
ip netns exec y sysctl -qw net.ipv4.ip_forward=1
ip -n x route add 12.0.0.0/24 via 13.0.0.1
ip -n y route add 11.0.0.0/24 via 13.0.0.2

"$nstop" --explain h1 12.0.0.2 --probe --json >"$tmp/first" || die "the first probe: exit $?"
jq -e '.probe.agrees == true' "$tmp/first" >/dev/null || die "the first probe does not agree: $(jq -c .probe "$tmp/first")"
echo "lab1 (4 namespaces, routed), nstop $("$nstop" --version)"
median_of predict "$nstop" --explain h1 12.0.0.2 --json
median_of probe "$nstop" --explain h1 12.0.0.2 --probe --json
# a listener that takes every connection: python3 when present, else one netprobe per run
if command -v python3 >/dev/null 2>&1; then
	ip netns exec h2 python3 -c 'import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("12.0.0.2", 5000)); s.listen(64)
while True: s.accept()[0].close()' &
	lpid=$!
	sleep 0.3
	median_of tcp "$nstop" --explain h1 12.0.0.2 --proto tcp --port 5000 --probe --json
fi
ip netns exec x nft add table ip filt
ip netns exec x nft add chain ip filt gate '{ type filter hook forward priority 0; policy accept; }'
ip netns exec x nft add rule ip filt gate icmp type echo-request drop
median_of drop "$nstop" --explain h1 12.0.0.2 --probe --json
for n in h1 x y h2; do ip netns del $n; done

if [ "$NNS" -gt 1 ]; then
	make_star "$NNS" "$tmp" >/dev/null
	echo "star ($NNS namespaces on br0 in /)"
	median_of star "$nstop" --explain b000 192.168.1.11 --probe --json
fi
