#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark (issue 16, "start-up near the floor"): CPU time of `nstop --json`
# next to the netlink floor (bench/floor.c: every namespace's link, address and
# IPv4/IPv6 route dumps, nothing else) at each N given. For each N, inside a
# throwaway sandbox (tests/sandbox.sh, ARCHITECTURE.md §12): N named namespaces
# s0000.., each with a veth whose host end pNNNN is a port of a bridge in '/'
# (brK takes ports K*1000.. : a Linux bridge takes at most 1023 ports), eth0
# 10.K.x.y/16 up with a default route; checks that nstop saw all N and paired
# every veth; then runs floor and nstop alternately (1 warm-up + RUNS each),
# CPU = utime + stime of the child (getrusage(RUSAGE_CHILDREN) around each run),
# output to /dev/null, and prints medians and the ratio nstop/floor.
# Usage: bench/json_scale.sh [-n path/to/nstop] [-f path/to/floor] [-b path/to/other-nstop] N...
#        (defaults: build/src/nstop and build/tests/floor of this repo; N: 200 1000)
#        -b: a second nstop (a base build) timed in the same runs, on the same
#        topology, after each nstop run: before/after figures that share the noise.
# Environment: RUNS (default 5).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
if [[ "${1:-}" != --inside ]]; then
	nstop=$repo/build/src/nstop floor=$repo/build/tests/floor other=
	while getopts n:f:b: o; do
		case $o in
		n) nstop=$OPTARG ;;
		f) floor=$OPTARG ;;
		b) other=$OPTARG ;;
		*) exit 2 ;;
		esac
	done
	shift $((OPTIND - 1))
	[[ $# -gt 0 ]] || set -- 200 1000
	for x in "$nstop" "$floor" ${other:+"$other"}; do
		[[ -x $x ]] || { echo "json_scale: no executable '$x' (build: ninja -C build)" >&2; exit 1; }
	done
	command -v jq >/dev/null || { echo "json_scale: jq not installed" >&2; exit 1; }
	command -v python3 >/dev/null || { echo "json_scale: python3 not installed (CPU time of children)" >&2; exit 1; }
	for n in "$@"; do
		sh "$repo/tests/sandbox.sh" bash "$0" --inside "$(realpath "$nstop")" "$(realpath "$floor")" "$n" \
			${other:+"$(realpath "$other")"}
	done
	exit 0
fi

# ---- inside the sandbox from here on (pid 1 of a private net/mount/pid ns) ----
nstop=$2 floor=$3 N=$4 other=${5:-}
RUNS=${RUNS:-5}
tmp=$(mktemp -d) # /tmp is the machine's; removed on exit
trap 'rm -rf "$tmp"' EXIT
die() { echo "json_scale: FAIL (N=$N): $*" >&2; exit 1; }
. "$(dirname "$0")/lib.sh" # star_batch
ulimit -n 65536 2>/dev/null || true # nstop raises its own; ip and xargs need none

# ---- setup: bridges of at most 1000 ports, one veth pair per namespace ----
t0=${EPOCHREALTIME/./}
star_batch "$N" 1000 s%04d p%04d | ip -batch - || die "ip -batch in '/'"
star_configure "$N" s "$tmp" || die "configuring the namespaces (ip -n NS -batch)"
t1=${EPOCHREALTIME/./}
echo "N=$N: setup $(((t1 - t0) / 1000)) ms ($(((N + 999) / 1000)) bridges)"

# ---- correctness: nstop saw every namespace and paired every veth ----
"$nstop" --json >"$tmp/nstop.json" 2>"$tmp/nstop.err" || die "nstop --json exited $? ($(head -c 300 "$tmp/nstop.err"))"
n_ns=$(jq '.namespaces | length' "$tmp/nstop.json")
n_peers=$(jq '[.namespaces[] | select(.name == "/") | .links[] | select(.kind == "veth" and .peer != null
	and ((.peer.namespace // "") | test("^s[0-9]{4}$")) and .peer.name == "eth0")] | length' "$tmp/nstop.json")
n_back=$(jq '[.namespaces[] | select(.name | test("^s[0-9]{4}$")) | .links[]
	| select(.name == "eth0" and .peer != null and .peer.namespace == "/")] | length' "$tmp/nstop.json")
[[ $n_ns -eq $((N + 1)) ]] || die "nstop saw $n_ns namespaces, expected $((N + 1))"
if [[ $n_peers -ne $N || $n_back -ne $N ]]; then
	echo "json_scale: veths of '/' not paired to an sNNNN's eth0 (first 5):" >&2
	jq -c '[.namespaces[] | select(.name == "/") | .links[] | select(.kind == "veth" and (.peer == null
		or .peer.namespace == null or ((.peer.namespace // "") | test("^s[0-9]{4}$") | not) or .peer.name != "eth0"))
		| {name, peer}] | .[:5][]' "$tmp/nstop.json" >&2 || true
	head -5 "$tmp/nstop.err" >&2
	if [[ -n ${KEEP:-} ]]; then mkdir -p "$KEEP" && cp "$tmp/nstop.json" "$tmp/nstop.err" "$KEEP"/; fi
	die "nstop paired $n_peers veths from '/' and $n_back back, expected $N each"
fi
"$floor" 2>"$tmp/floor.err" || die "floor failed: $(cat "$tmp/floor.err")"
echo "N=$N: nstop saw $n_ns namespaces, $n_peers + $n_back veth ends paired; $(cat "$tmp/floor.err")"

# ---- timing: CPU time of each child, alternating ----
cpu_ms() { # CMD... -> "cpu_ms wall_ms" of one run, output to /dev/null
	python3 - "$@" <<'EOF'
import os, resource, subprocess, sys, time
r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
w0 = time.monotonic()
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
w1 = time.monotonic()
r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
if rc != 0:
    sys.exit("exit %d: %s" % (rc, " ".join(sys.argv[1:])))
cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
print("%.1f %.1f" % (cpu * 1000, (w1 - w0) * 1000))
EOF
}
cpu_ms "$floor" -q >/dev/null || die "floor warm-up"
cpu_ms "$nstop" --json >/dev/null || die "nstop warm-up"
[[ -z $other ]] || cpu_ms "$other" --json >/dev/null || die "other nstop warm-up"
fc=() fw=() nc=() nw=() oc=() ow=()
for ((r = 0; r < RUNS; r++)); do
	read -r c w <<<"$(cpu_ms "$floor" -q)" || die "floor run $r"
	fc+=("$c") fw+=("$w")
	read -r c w <<<"$(cpu_ms "$nstop" --json)" || die "nstop run $r"
	nc+=("$c") nw+=("$w")
	if [[ -n $other ]]; then
		read -r c w <<<"$(cpu_ms "$other" --json)" || die "other nstop run $r"
		oc+=("$c") ow+=("$w")
	fi
done
fcm=$(median_of "${fc[@]}") ncm=$(median_of "${nc[@]}")
echo "N=$N: floor CPU ms: ${fc[*]} (wall ${fw[*]})"
echo "N=$N: nstop CPU ms: ${nc[*]} (wall ${nw[*]})"
echo "N=$N: median CPU floor $fcm ms, nstop --json $ncm ms, ratio $(awk -v a="$ncm" -v b="$fcm" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')" \
	"(wall medians $(median_of "${fw[@]}") / $(median_of "${nw[@]}") ms; $RUNS runs each after 1 warm-up, $(nproc) CPUs)"
if [[ -n $other ]]; then
	ocm=$(median_of "${oc[@]}")
	echo "N=$N: other nstop ($other) CPU ms: ${oc[*]} (wall ${ow[*]})"
	echo "N=$N: median CPU other nstop --json $ocm ms, ratio $(awk -v a="$ocm" -v b="$fcm" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')" \
		"(wall median $(median_of "${ow[@]}") ms); nstop/other $(awk -v a="$ncm" -v b="$ocm" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
fi
