#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark: `nstop --json` over a kube-proxy-like ruleset (iptables-nft, nat
# table): KUBE-SERVICES with one rule per service port jumping to one of
# NSVC KUBE-SVC-* chains, each spreading over EPS KUBE-SEP-* chains with
# `-m statistic --mode random` (the last without), each SEP marking for
# masquerade and DNATing to its pod, plus KUBE-MARK-MASQ and KUBE-POSTROUTING.
# Defaults: 4245 service rules, 50 SVC x 5 SEP: 306 chains (3 base), 5000 rules.
# Inside a throwaway sandbox (tests/sandbox.sh). Checks that nstop reads every
# rule (against `nft -j list ruleset`), then times `nstop --json` with the
# ruleset and with an empty one, and `nft -j list ruleset` for reference:
# 1 warm-up + RUNS runs each, median (min, max) in ms.
# Usage: bench/firewall_5000.sh [path/to/nstop]   (default: build/src/nstop of this repo)
# Environment: RUNS (default 5), NSVC (default 50), EPS (default 5), NPORTS (default 4245).
set -euo pipefail

if [ "${1:-}" != "--inside" ]; then
	repo=$(cd "$(dirname "$0")/.." && pwd)
	nstop=${1:-$repo/build/src/nstop}
	[ -x "$nstop" ] || { echo "firewall_5000: no executable nstop at '$nstop' (build: ninja -C build)" >&2; exit 1; }
	nstop=$(cd "$(dirname "$nstop")" && pwd)/$(basename "$nstop")
	for t in jq nft iptables-nft-restore; do
		command -v "$t" >/dev/null || { echo "firewall_5000: $t not installed" >&2; exit 1; }
	done
	exec sh "$repo/tests/sandbox.sh" bash "$0" --inside "$nstop"
fi

# ---- inside the sandbox from here on ----
nstop=$2
RUNS=${RUNS:-5}
NSVC=${NSVC:-50}
EPS=${EPS:-5}
NPORTS=${NPORTS:-4245}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
die() { echo "firewall_5000: FAIL: $*" >&2; exit 1; }

time_one() { # CMD... -> µs; output to /dev/null
	local a b
	a=${EPOCHREALTIME/./}
	"$@" >/dev/null 2>>"$tmp/run.err" || die "'$*' failed during timing"
	b=${EPOCHREALTIME/./}
	echo $((b - a))
}
stats() { # µs values -> "median min max" in ms
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f %.1f %.1f\n", m / 1000, v[1] / 1000, v[NR] / 1000 }'
}
series() { # LABEL CMD...: warm-up, RUNS timed runs, one summary line
	local label=$1 t=() r
	shift
	time_one "$@" >/dev/null
	for ((r = 0; r < RUNS; r++)); do t+=("$(time_one "$@")"); done
	read -r med min max <<<"$(stats "${t[@]}")"
	printf '%-34s median %7s ms (min %s, max %s) over %d runs\n' "$label" "$med" "$min" "$max" "$RUNS"
}
: >"$tmp/run.err"

series "nstop --json, empty ruleset:" "$nstop" --json

# ---- the ruleset, as kube-proxy's iptables mode writes it ----
t0=${EPOCHREALTIME/./}
{
	echo "*nat"
	echo ":PREROUTING ACCEPT [0:0]"
	echo ":OUTPUT ACCEPT [0:0]"
	echo ":POSTROUTING ACCEPT [0:0]"
	echo ":KUBE-SERVICES - [0:0]"
	echo ":KUBE-MARK-MASQ - [0:0]"
	echo ":KUBE-POSTROUTING - [0:0]"
	for ((s = 0; s < NSVC; s++)); do
		echo ":KUBE-SVC-$s - [0:0]"
		for ((e = 0; e < EPS; e++)); do echo ":KUBE-SEP-$s-$e - [0:0]"; done
	done
	echo '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'
	echo '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'
	echo '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING'
	echo '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000'
	echo '-A KUBE-POSTROUTING -m mark --mark 0x4000/0x4000 -j MASQUERADE'
	for ((p = 0; p < NPORTS; p++)); do
		printf -- '-A KUBE-SERVICES -d 10.96.%d.%d/32 -p tcp -m comment --comment "default/svc-%d:http cluster IP" -m tcp --dport %d -j KUBE-SVC-%d\n' \
			$((p / 250)) $((p % 250 + 1)) "$p" $((80 + p % 1000)) $((p % NSVC))
	done
	for ((s = 0; s < NSVC; s++)); do
		for ((e = 0; e < EPS; e++)); do
			left=$((EPS - e))
			if ((left > 1)); then
				prob=$(awk -v n="$left" 'BEGIN { printf "%.11f", 1 / n }')
				echo "-A KUBE-SVC-$s -m comment --comment \"default/svc-$s:http\" -m statistic --mode random --probability $prob -j KUBE-SEP-$s-$e"
			else
				echo "-A KUBE-SVC-$s -m comment --comment \"default/svc-$s:http\" -j KUBE-SEP-$s-$e"
			fi
			ip="10.244.$s.$((e + 2))"
			echo "-A KUBE-SEP-$s-$e -s $ip/32 -m comment --comment \"default/svc-$s:http\" -j KUBE-MARK-MASQ"
			echo "-A KUBE-SEP-$s-$e -p tcp -m comment --comment \"default/svc-$s:http\" -m tcp -j DNAT --to-destination $ip:8080"
		done
	done
	echo "COMMIT"
} >"$tmp/rules"
iptables-nft-restore <"$tmp/rules" || die "iptables-nft-restore refused the ruleset"
t1=${EPOCHREALTIME/./}
echo "setup: iptables-nft-restore of $(grep -c '^-A' "$tmp/rules") rules, $(grep -c '^:' "$tmp/rules") chains in $(((t1 - t0) / 1000)) ms"

# ---- nstop reads all of it ----
"$nstop" --json >"$tmp/nstop.json" 2>"$tmp/nstop.err" || die "nstop --json exited $? ($(head -c 300 "$tmp/nstop.err"))"
nft -j list ruleset >"$tmp/nft.json"
n_rules=$(jq '.namespaces[] | select(.name == "/") | .firewall.rules | length' "$tmp/nstop.json")
n_chains=$(jq '.namespaces[] | select(.name == "/") | .firewall.chains | length' "$tmp/nstop.json")
f_rules=$(jq '[.nftables[] | select(.rule)] | length' "$tmp/nft.json")
f_chains=$(jq '[.nftables[] | select(.chain)] | length' "$tmp/nft.json")
[ "$n_rules" -eq "$f_rules" ] || die "nstop read $n_rules rules, nft lists $f_rules"
[ "$n_chains" -eq "$f_chains" ] || die "nstop read $n_chains chains, nft lists $f_chains"
n_jump=$(jq '[.namespaces[] | select(.name == "/") | .firewall.rules[] | select(.verdict.kind == "jump")] | length' "$tmp/nstop.json")
n_comm=$(jq '[.namespaces[] | select(.name == "/") | .firewall.rules[] | select(.comment != null)] | length' "$tmp/nstop.json")
echo "nstop --json: $n_chains chains, $n_rules rules (nft: $f_chains, $f_rules); $n_jump jumps, $n_comm with a comment; $(wc -c <"$tmp/nstop.json") bytes"

series "nstop --json, $n_rules rules:" "$nstop" --json
series "nft -j list ruleset (reference):" nft -j list ruleset
[ -s "$tmp/run.err" ] && { echo "NOTE: stderr during timed runs:" >&2; sort "$tmp/run.err" | uniq -c | head -5 >&2; }
echo "($(nproc) CPUs, kernel $(uname -r))"
