#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark: `nstop --reach` (issue 14) for NNS containers on one bridge plus a
# router pair, and one `--explain`'s latency. Inside a throwaway sandbox
# (tests/sandbox.sh) it builds the star of bench/lib.sh (b000.. on br0 in '/',
# default via 192.168.1.1) and r1 (on br0, 192.168.1.250) - r2 (10.99.0.2,
# 10.98.0.1 on its lo), '/' and r1 forwarding, so a container's way to r2 is
# four hops. It checks the matrix is what the topology says (every cell
# reachable, its size), then times, after 1 warm-up, RUNS runs of each of:
# `--json` (the snapshot alone), `--reach`, `--reach --json`, `--explain b000
# 10.98.0.1 --json`; prints min/median/max ms.
# Usage: bench/reach.sh [path/to/nstop [path/to/another/nstop]]: with a second
# binary (an older build) its `--reach` is timed too, alternating with the first.
# Environment: RUNS (default 5), SIZES (default "50 200").
set -euo pipefail

if [ "${1:-}" != "--inside" ]; then
	repo=$(cd "$(dirname "$0")/.." && pwd)
	nstop=${1:-$repo/build/src/nstop}
	[ -x "$nstop" ] || { echo "reach: no executable nstop at '$nstop' (build: ninja -C build)" >&2; exit 1; }
	nstop=$(cd "$(dirname "$nstop")" && pwd)/$(basename "$nstop")
	command -v jq >/dev/null || { echo "reach: jq not installed" >&2; exit 1; }
	netprobe=$(dirname "$nstop")/../tests/netprobe
	[ -x "$netprobe" ] || { echo "reach: no netprobe beside nstop's build at $netprobe (ninja -C build)" >&2; exit 1; }
	netprobe=$(cd "$(dirname "$netprobe")" && pwd)/netprobe
	export NETPROBE=$netprobe
	other=${2:-}
	[ -z "$other" ] || other=$(cd "$(dirname "$other")" && pwd)/$(basename "$other")
	for n in ${SIZES:-50 200}; do
		NNS=$n sh "$repo/tests/sandbox.sh" bash "$0" --inside "$nstop" $other
	done
	exit 0
fi

# ---- inside the sandbox from here on ----
nstop=$2
other=${3:-}
RUNS=${RUNS:-5}
NNS=${NNS:-50}
if [ "$NNS" -gt 240 ] || [ "$NNS" -lt 1 ]; then echo "reach: NNS must be 1..240" >&2; exit 2; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
die() { echo "reach: FAIL: $*" >&2; exit 1; }
. "$(dirname "$0")/lib.sh"
make_star "$NNS" "$tmp" routes
ip netns add r1
ip netns add r2
ip link add hr1 type veth peer name eth0 netns r1
ip link set hr1 master br0 up
ip link add vr12 netns r1 type veth peer name vr21 netns r2
ip -n r1 addr add 192.168.1.250/24 dev eth0
ip -n r1 addr add 10.99.0.1/30 dev vr12
ip -n r2 addr add 10.99.0.2/30 dev vr21
ip -n r2 addr add 10.98.0.1/32 dev lo
for l in r1:lo r1:eth0 r1:vr12 r2:lo r2:vr21; do ip -n "${l%%:*}" link set "${l#*:}" up; done
ip -n r2 route add default via 10.99.0.1
ip -n r1 route add default via 192.168.1.1
ip -n r1 route add 10.98.0.0/24 via 10.99.0.2
ip route add 10.98.0.0/24 via 192.168.1.250
ip route add 10.99.0.0/30 via 192.168.1.250
sysctl -qw net.ipv4.ip_forward=1
ip netns exec r1 sysctl -qw net.ipv4.ip_forward=1
# the first packets wait for the ports to forward
for _ in $(seq 50); do ip netns exec b000 "$NETPROBE" icmp-echo 10.98.0.1 1 >/dev/null 2>&1 && break; sleep 0.1; done

# ---- correctness: every cell reachable; rows NNS + 3, columns one a container, 1 '/', 2 r1, 2 r2 ----
rc=0
"$nstop" --reach --json >"$tmp/reach.json" 2>"$tmp/reach.err" || rc=$?
[ "$rc" -eq 0 ] || { jq -c '[.cells[] | select(.reachable != true)][:3]' "$tmp/reach.json" >&2; die "--reach exited $rc"; }
rows=$(jq '.namespaces | length' "$tmp/reach.json")
cols=$(jq '[.namespaces[].addresses[]] | length' "$tmp/reach.json")
cells=$(jq '.cells | length' "$tmp/reach.json")
[ "$rows" -eq $((NNS + 3)) ] || die "$rows rows, expected $((NNS + 3))"
[ "$cols" -eq $((NNS + 5)) ] || die "$cols columns, expected $((NNS + 5))"
want=$((rows * cols - cols))
[ "$cells" -eq "$want" ] || die "$cells cells, expected $want"
[ "$(jq '.counts.reachable' "$tmp/reach.json")" -eq "$want" ] || die "not every cell is reachable"
ip netns exec b000 "$NETPROBE" icmp-echo 10.98.0.1 1 >/dev/null || die "the kernel says b000 cannot ping r2"

time_one() { # CMD... -> µs
	local a b
	a=${EPOCHREALTIME/./}
	"$@" >/dev/null 2>>"$tmp/run.err" || die "'$*' failed during timing"
	b=${EPOCHREALTIME/./}
	echo $((b - a))
}
stats() { # µs values -> "min median max" in ms
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f %.1f %.1f\n", v[1] / 1000, m / 1000, v[NR] / 1000 }'
}
: >"$tmp/run.err"
declare -A t
names=(json reach reach_json explain)
[ -z "$other" ] || names+=(other)
run() {
	case $1 in
	json) time_one "$nstop" --json ;;
	reach) time_one "$nstop" --reach ;;
	reach_json) time_one "$nstop" --reach --json ;;
	explain) time_one "$nstop" --explain b000 10.98.0.1 --json ;;
	other) time_one "$other" --reach ;;
	esac
}
for k in "${names[@]}"; do run "$k" >/dev/null; done
for ((r = 0; r < RUNS; r++)); do
	for k in "${names[@]}"; do t[$k]="${t[$k]:-} $(run "$k")"; done
done
stats_line() { read -r a b c <<<"$(stats ${t[$1]})"; echo "median $b ms (min $a, max $c)"; }
cat <<EOF2

==== reach bench: $NNS containers + '/' + r1 + r2 ($rows rows, $cols columns, $cells cells); $RUNS runs after 1 warm-up; $(nproc) CPUs, kernel $(uname -r) ====
setup: $STAR_SETUP_MS ms
nstop --json (snapshot):        $(stats_line json)
nstop --reach:                  $(stats_line reach)
nstop --reach --json:           $(stats_line reach_json)
nstop --explain b000 10.98.0.1: $(stats_line explain)
EOF2
[ -z "$other" ] || echo "$other --reach: $(stats_line other)"
