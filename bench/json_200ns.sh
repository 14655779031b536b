#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark: how long `nstop --json` takes to read a 200-namespace topology,
# next to `plotnetcfg -f json` on the same topology. Inside a throwaway sandbox
# (tests/sandbox.sh, ARCHITECTURE.md §12) it makes named namespaces b000..b199, each
# with a veth (host end hNNN enslaved to bridge br0 in '/', eth0 in the
# namespace, 192.168.1.x/24, default route via br0), checks that both tools see
# all of it, then times the two tools alternately: 1 warm-up + RUNS runs each
# (wall time, output to /dev/null) and prints min/median/max in ms, the ratio of
# medians and the output sizes in bytes. Nothing touches the machine's network.
# Usage: bench/json_200ns.sh [path/to/nstop]   (default: build/src/nstop of this repo)
# Environment: RUNS (default 7), NNS (namespaces, default 200, at most 240).
set -euo pipefail

if [ "${1:-}" != "--inside" ]; then
	repo=$(cd "$(dirname "$0")/.." && pwd)
	nstop=${1:-$repo/build/src/nstop}
	[ -x "$nstop" ] || { echo "json_200ns: no executable nstop at '$nstop' (build: ninja -C build)" >&2; exit 1; }
	nstop=$(cd "$(dirname "$nstop")" && pwd)/$(basename "$nstop")
	command -v plotnetcfg >/dev/null || { echo "json_200ns: plotnetcfg not installed (apt-get install plotnetcfg)" >&2; exit 1; }
	command -v jq >/dev/null || { echo "json_200ns: jq not installed" >&2; exit 1; }
	exec sh "$repo/tests/sandbox.sh" bash "$0" --inside "$nstop"
fi

# ---- inside the sandbox from here on (pid 1 of a private net/mount/pid ns) ----
nstop=$2
RUNS=${RUNS:-7}
NNS=${NNS:-200}
if [ "$NNS" -gt 240 ] || [ "$NNS" -lt 1 ]; then echo "json_200ns: NNS must be 1..240" >&2; exit 2; fi
tmp=$(mktemp -d)   # /tmp is the machine's; removed on exit
trap 'rm -rf "$tmp"' EXIT
die() { echo "json_200ns: FAIL: $*" >&2; exit 1; }
# ---- setup ----
. "$(dirname "$0")/lib.sh"
make_star "$NNS" "$tmp" routes

# ---- correctness checks ----
"$nstop" --json >"$tmp/nstop.json" 2>"$tmp/nstop.err" || die "nstop --json exited $? (stderr: $(head -c 500 "$tmp/nstop.err"))"
if [ -s "$tmp/nstop.err" ]; then
	echo "NOTE: nstop wrote to stderr ($(wc -l <"$tmp/nstop.err") lines), first lines:" >&2
	head -5 "$tmp/nstop.err" >&2
fi
n_ns=$(jq '.namespaces | length' "$tmp/nstop.json")
n_peers=$(jq '[.namespaces[] | select(.name == "/") | .links[]
	| select(.kind == "veth" and (.name | test("^h[0-9]{3}$")) and .peer != null
		and (.peer.namespace | test("^b[0-9]{3}$")) and .peer.name == "eth0")] | length' "$tmp/nstop.json")
n_back=$(jq '[.namespaces[] | select(.name | test("^b[0-9]{3}$")) | .links[]
	| select(.name == "eth0" and .peer != null and .peer.namespace == "/")] | length' "$tmp/nstop.json")
n_warn=$(jq '[.warnings[], (.namespaces[] | .warnings[], (.links[] | .warnings[]))] | length' "$tmp/nstop.json")
n_cfg=$(jq '[.namespaces[] | select(.name | test("^b[0-9]{3}$"))
	| select(any(.links[]; .name == "eth0" and .up and any(.addresses[]; startswith("192.168.1.")))
		and any(.routes[]; .dst == "default" and .gateway == "192.168.1.1"))] | length' "$tmp/nstop.json")
[ "$n_cfg" -eq "$NNS" ] || die "only $n_cfg of $NNS namespaces have eth0 up with 192.168.1.x and a default route"
echo "nstop --json: $n_ns namespaces, $n_peers veth peers resolved from '/', $n_back resolved back to '/', $n_warn warnings"
[ "$n_ns" -eq $((NNS + 1)) ] || die "nstop saw $n_ns namespaces, expected $((NNS + 1))"
[ "$n_peers" -eq "$NNS" ] || die "nstop resolved $n_peers veth peers on '/', expected $NNS"
[ "$n_back" -eq "$NNS" ] || die "nstop resolved $n_back eth0 peers back to '/', expected $NNS"
[ "$n_warn" -eq 0 ] && : || jq -c '[.warnings[], (.namespaces[] | .warnings[], (.links[] | .warnings[]))] | .[:5]' "$tmp/nstop.json" >&2

plotnetcfg -f json >"$tmp/plot.json" 2>"$tmp/plot.err" || die "plotnetcfg -f json exited $? (stderr: $(head -c 500 "$tmp/plot.err"))"
[ -s "$tmp/plot.err" ] && { echo "NOTE: plotnetcfg wrote to stderr:" >&2; head -5 "$tmp/plot.err" >&2; }
p_ns=$(jq '.namespaces | length' "$tmp/plot.json")
p_peers=$(jq '[.namespaces[] | select(.name == "") | .interfaces[]
	| select(.driver == "veth" and .peer != null and (.peer.target | test("^b[0-9]{3}/eth0$")))] | length' "$tmp/plot.json")
echo "plotnetcfg -f json: $p_ns namespaces, $p_peers veth peers resolved from '/'"
[ "$p_ns" -eq $((NNS + 1)) ] || die "plotnetcfg saw $p_ns namespaces, expected $((NNS + 1)) (does it read the sandbox's /proc/1/ns/net?)"

b_nstop=$(wc -c <"$tmp/nstop.json")
b_plot=$(wc -c <"$tmp/plot.json")
b_nstop_c=$(jq -c . "$tmp/nstop.json" | wc -c)
b_plot_c=$(jq -c . "$tmp/plot.json" | wc -c)
echo "output size: nstop $b_nstop bytes (compacted by jq: $b_nstop_c), plotnetcfg $b_plot bytes (compacted by jq: $b_plot_c)"

# ---- timing: alternate, 1 warm-up each, then RUNS each ----
time_one() { # CMD... -> prints µs; output to /dev/null, fail loudly on error
	local a b
	a=${EPOCHREALTIME/./}
	"$@" >/dev/null 2>>"$tmp/run.err" || die "'$*' failed during timing"
	b=${EPOCHREALTIME/./}
	echo $((b - a))
}
: >"$tmp/run.err"
time_one "$nstop" --json >/dev/null
time_one plotnetcfg -f json >/dev/null
tn=() tp=()
for ((r = 0; r < RUNS; r++)); do
	tn+=("$(time_one "$nstop" --json)")
	tp+=("$(time_one plotnetcfg -f json)")
done
[ -s "$tmp/run.err" ] && { echo "NOTE: stderr during timed runs:" >&2; sort "$tmp/run.err" | uniq -c | head -5 >&2; }

stats() { # µs values -> "min median max" in ms
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f %.1f %.1f\n", v[1] / 1000, m / 1000, v[NR] / 1000 }'
}
read -r n_min n_med n_max <<<"$(stats "${tn[@]}")"
read -r p_min p_med p_max <<<"$(stats "${tp[@]}")"
ratio=$(awk -v a="$n_med" -v b="$p_med" 'BEGIN { printf "%.2f", a / b }')
list() { printf '%s\n' "$@" | awk '{ printf "%s%.1f", (NR > 1 ? " " : ""), $1 / 1000 }'; }
echo "nstop runs (ms):      $(list "${tn[@]}")"
echo "plotnetcfg runs (ms): $(list "${tp[@]}")"

cat <<EOF

==== summary ($NNS namespaces + '/', $RUNS runs each after 1 warm-up, alternating; $(nproc) CPUs, kernel $(uname -r)) ====
setup: $STAR_SETUP_MS ms ($NNS netns + veth + bridge via ip -batch)
nstop --json:       median $n_med ms (min $n_min, max $n_max) over $RUNS runs; $n_ns namespaces, $n_peers/$NNS veth peers resolved; $b_nstop bytes
plotnetcfg -f json: median $p_med ms (min $p_min, max $p_max) over $RUNS runs; $p_ns namespaces, $p_peers/$NNS veth peers resolved; $b_plot bytes
ratio of medians nstop/plotnetcfg: $ratio
EOF
