#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark: nstop over a kube-proxy-like ruleset of TOTAL rules (default 5000)
# across ~300 chains, written as kube-proxy's iptables mode writes it through
# iptables-nft (iptables-nft-restore): nat with KUBE-SERVICES (one rule per
# service port, and the last rule to KUBE-NODEPORTS by addrtype LOCAL),
# KUBE-NODEPORTS, KUBE-SVC-* (masquerade mark for off-cluster sources, then
# `-m statistic --mode random --probability` jumps to KUBE-SEP-*, the last
# without), KUBE-SEP-* (KUBE-MARK-MASQ for hairpin, DNAT to the pod),
# KUBE-MARK-MASQ, KUBE-POSTROUTING (RETURN unless marked, un-mark, MASQUERADE
# --random-fully); filter with KUBE-FORWARD (conntrack INVALID drop, mark
# accept, RELATED,ESTABLISHED accept), KUBE-FIREWALL (martian localhost drop),
# KUBE-SERVICES (REJECT for services without endpoints),
# KUBE-EXTERNAL-SERVICES, KUBE-NODEPORTS, KUBE-PROXY-FIREWALL.
# Inside a throwaway sandbox (tests/sandbox.sh). It checks that nstop reads
# every chain and rule (against `nft -j list ruleset`), then prints, each the
# median of RUNS runs after a warm-up (min, max):
#   - `nstop --json` wall time, with `nft -j list ruleset` and
#     `iptables-nft-save` as anchors (ratios);
#   - peak RSS of `nstop --json` (/usr/bin/time -v), and of nft for reference;
#   - the re-read time in the live backend (what the TUI and --monitor run):
#     `nstop --monitor` with NSTOP_TIMING=FILE, one rule added or deleted per
#     run in KUBE-FIREWALL; the timing file's `reread` line is that
#     namespace's dumps + decoding + diff + adoption (since issue 16 a rule
#     added or deleted re-reads its chain alone: the line then ends in
#     `apply=chains:N`, and the bench says which kind it measured), `adopt`
#     is from the first nf_tables event to the model adopting it (debounce
#     and settle included). The monitor's line for the change is awaited, so each run
#     measures a change nstop did report;
#   - the same re-read in the view (in a private tmux server, when
#     installed), and the view's CPU use over 10 s idle;
#   - the nf_tables requests one `nstop --json` makes (strace, when
#     installed): one dump per object type is expected.
# Nothing is asserted about times. Exit 1 if nstop misreads the ruleset, the
# monitor misses a change, or the requests are not one dump per type.
# Usage: bench/kube_5000.sh [path/to/nstop]   (default: build/src/nstop of this repo)
# Environment: RUNS (default 5), TOTAL (rules, default 5000), NSVC (services,
# default 72), EPS (endpoints per service, default 3), NOEP (services without
# endpoints, default 100), KEEP=DIR (copy the ruleset and logs there).
set -euo pipefail

if [ "${1:-}" != "--inside" ]; then
	repo=$(cd "$(dirname "$0")/.." && pwd)
	nstop=${1:-$repo/build/src/nstop}
	[ -x "$nstop" ] || { echo "kube_5000: no executable nstop at '$nstop' (build: ninja -C build)" >&2; exit 1; }
	nstop=$(cd "$(dirname "$nstop")" && pwd)/$(basename "$nstop")
	for t in jq nft iptables-nft-restore iptables-nft-save; do
		command -v "$t" >/dev/null || { echo "kube_5000: $t not installed" >&2; exit 1; }
	done
	exec sh "$repo/tests/sandbox.sh" bash "$0" --inside "$nstop"
fi

# ---- inside the sandbox from here on ----
nstop=$2
RUNS=${RUNS:-5}
TOTAL=${TOTAL:-5000}
NSVC=${NSVC:-72}
EPS=${EPS:-3}
NOEP=${NOEP:-100}
tmp=$(mktemp -d)
mon_pid=
cleanup() {
	[ -n "$mon_pid" ] && kill "$mon_pid" 2>/dev/null
	if [ -n "${KEEP:-}" ]; then { mkdir -p "$KEEP" && cp -r "$tmp"/. "$KEEP"/; } || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
die() { echo "kube_5000: FAIL: $*" >&2; exit 1; }

time_one() { # CMD... -> µs; output to /dev/null
	local a b
	a=${EPOCHREALTIME/./}
	"$@" >/dev/null 2>>"$tmp/run.err" || die "'$*' failed during timing"
	b=${EPOCHREALTIME/./}
	echo $((b - a))
}
median() { # numbers -> "median min max"
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f %.1f %.1f\n", m, v[1], v[NR] }'
}
series() { # VAR LABEL CMD...: warm-up, RUNS timed runs; prints a line, sets VAR to the median in ms
	local var=$1 label=$2 t=() r
	shift 2
	time_one "$@" >/dev/null
	for ((r = 0; r < RUNS; r++)); do t+=("$(awk -v u="$(time_one "$@")" 'BEGIN { print u / 1000 }')"); done
	read -r med min max <<<"$(median "${t[@]}")"
	printf '%-36s median %7s ms (min %s, max %s) over %d runs\n' "$label" "$med" "$min" "$max" "$RUNS"
	printf -v "$var" '%s' "$med"
}
: >"$tmp/run.err"

# ---- the ruleset, as kube-proxy's iptables mode writes it ----
svc_ip() { echo "10.96.$(($1 / 250)).$(($1 % 250 + 1))"; }
pod_ip() { echo "10.244.$1.$(($2 + 2))"; }
{
	echo "*filter"
	echo ":INPUT ACCEPT [0:0]"
	echo ":FORWARD ACCEPT [0:0]"
	echo ":OUTPUT ACCEPT [0:0]"
	for c in KUBE-FORWARD KUBE-FIREWALL KUBE-SERVICES KUBE-EXTERNAL-SERVICES KUBE-NODEPORTS KUBE-PROXY-FIREWALL; do
		echo ":$c - [0:0]"
	done
	echo '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS'
	echo '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES'
	echo '-A INPUT -j KUBE-FIREWALL'
	echo '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD'
	echo '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'
	echo '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'
	echo '-A OUTPUT -j KUBE-FIREWALL'
	echo '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP'
	echo '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP'
	echo '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT'
	echo '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'
	for ((i = 0; i < NOEP; i++)); do
		printf -- '-A KUBE-SERVICES -d %s/32 -p tcp -m comment --comment "default/noep-%d has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable\n' \
			"$(svc_ip $((4000 + i)))" "$i"
	done
	echo "COMMIT"
	echo "*nat"
	echo ":PREROUTING ACCEPT [0:0]"
	echo ":INPUT ACCEPT [0:0]"
	echo ":OUTPUT ACCEPT [0:0]"
	echo ":POSTROUTING ACCEPT [0:0]"
	for c in KUBE-SERVICES KUBE-NODEPORTS KUBE-POSTROUTING KUBE-MARK-MASQ; do echo ":$c - [0:0]"; done
	for ((s = 0; s < NSVC; s++)); do
		echo ":KUBE-SVC-$s - [0:0]"
		for ((e = 0; e < EPS; e++)); do echo ":KUBE-SEP-$s-$e - [0:0]"; done
	done
	echo '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'
	echo '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'
	echo '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING'
	echo '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000'
	echo '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN'
	echo '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000'
	echo '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully'
	for ((s = 0; s < NSVC; s++)); do
		echo "-A KUBE-NODEPORTS -p tcp -m comment --comment \"default/svc-$s:http\" -m tcp --dport $((30000 + s)) -j KUBE-SVC-$s"
		echo "-A KUBE-SVC-$s ! -s 10.244.0.0/16 -d $(svc_ip "$s")/32 -p tcp -m comment --comment \"default/svc-$s:http cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ"
		for ((e = 0; e < EPS; e++)); do
			left=$((EPS - e))
			if ((left > 1)); then
				prob=$(awk -v n="$left" 'BEGIN { printf "%.11f", 1 / n }')
				echo "-A KUBE-SVC-$s -m comment --comment \"default/svc-$s:http -> $(pod_ip "$s" "$e"):8080\" -m statistic --mode random --probability $prob -j KUBE-SEP-$s-$e"
			else
				echo "-A KUBE-SVC-$s -m comment --comment \"default/svc-$s:http -> $(pod_ip "$s" "$e"):8080\" -j KUBE-SEP-$s-$e"
			fi
			echo "-A KUBE-SEP-$s-$e -s $(pod_ip "$s" "$e")/32 -m comment --comment \"default/svc-$s:http\" -j KUBE-MARK-MASQ"
			echo "-A KUBE-SEP-$s-$e -p tcp -m comment --comment \"default/svc-$s:http\" -m tcp -j DNAT --to-destination $(pod_ip "$s" "$e"):8080"
		done
	done
} >"$tmp/rules.head"
# The rest of TOTAL: one KUBE-SERVICES rule per service port (kube-proxy's
# bulk), then the nodeports jump that must be the chain's last rule.
n_head=$(grep -c '^-A' "$tmp/rules.head")
nports=$((TOTAL - n_head - 1))
((nports > 0)) || die "TOTAL=$TOTAL leaves no room for service ports ($n_head other rules)"
{
	cat "$tmp/rules.head"
	for ((p = 0; p < nports; p++)); do
		printf -- '-A KUBE-SERVICES -d %s/32 -p tcp -m comment --comment "default/svc-%d:p%d cluster IP" -m tcp --dport %d -j KUBE-SVC-%d\n' \
			"$(svc_ip "$p")" $((p % NSVC)) "$p" $((80 + p % 1000)) $((p % NSVC))
	done
	echo '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS'
	echo "COMMIT"
} >"$tmp/rules"
t0=${EPOCHREALTIME/./}
iptables-nft-restore <"$tmp/rules" || die "iptables-nft-restore refused the ruleset"
t1=${EPOCHREALTIME/./}
echo "setup: iptables-nft-restore of $(grep -c '^-A' "$tmp/rules") rules, $(grep -c '^:' "$tmp/rules") chains in $(((t1 - t0) / 1000)) ms"

# ---- nstop reads all of it ----
"$nstop" --json >"$tmp/nstop.json" 2>"$tmp/nstop.err" || die "nstop --json exited $? ($(head -c 300 "$tmp/nstop.err"))"
nft -j list ruleset >"$tmp/nft.json"
fw='.namespaces[] | select(.name == "/") | .firewall'
n_rules=$(jq "$fw.rules | length" "$tmp/nstop.json")
n_chains=$(jq "$fw.chains | length" "$tmp/nstop.json")
f_rules=$(jq '[.nftables[] | select(.rule)] | length' "$tmp/nft.json")
f_chains=$(jq '[.nftables[] | select(.chain)] | length' "$tmp/nft.json")
[ "$n_rules" -eq "$f_rules" ] || die "nstop read $n_rules rules, nft lists $f_rules"
[ "$n_chains" -eq "$f_chains" ] || die "nstop read $n_chains chains, nft lists $f_chains"
# every (family, table, chain, handle) of nft's, and no other
jq -r "$fw.rules[] | \"\(.family) \(.table) \(.chain) \(.handle)\"" "$tmp/nstop.json" | sort >"$tmp/ids.nstop"
jq -r '.nftables[] | select(.rule) | .rule | "\(.family) \(.table) \(.chain) \(.handle)"' "$tmp/nft.json" | sort >"$tmp/ids.nft"
cmp -s "$tmp/ids.nstop" "$tmp/ids.nft" || die "nstop's rule identities differ from nft's ($(diff "$tmp/ids.nft" "$tmp/ids.nstop" | head -3))"
n_raw=$(jq "[$fw.rules[] | select(.raw)] | length" "$tmp/nstop.json")
n_nat=$(jq '.namespaces[] | select(.name == "/") | .nat | length' "$tmp/nstop.json")
echo "nstop --json: $n_chains chains, $n_rules rules (= nft, by identity); $n_raw shown raw; $n_nat NAT records; $(wc -c <"$tmp/nstop.json") bytes"

# ---- nf_tables requests of one reading ----
if command -v strace >/dev/null; then
	# (LeakSanitizer, in an ASan build, cannot run under ptrace)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -f -qq -e trace=sendto,sendmsg -o "$tmp/strace" "$nstop" --json >/dev/null 2>&1 ||
		die "nstop --json under strace failed"
	req() { grep -o "NFT_MSG_$1\b" "$tmp/strace" | wc -l; }
	echo "requests of one nstop --json: GETGEN $(req GETGEN), GETTABLE $(req GETTABLE), GETCHAIN $(req GETCHAIN), GETRULE $(req GETRULE), GETSET $(req GETSET), GETSETELEM $(req GETSETELEM) (strace)"
	[ "$(req GETTABLE)" -eq 1 ] && [ "$(req GETCHAIN)" -eq 1 ] && [ "$(req GETRULE)" -eq 1 ] ||
		die "not one dump per object type (table $(req GETTABLE), chain $(req GETCHAIN), rule $(req GETRULE))"
else
	echo "requests: strace is not installed, not counted"
fi

# ---- wall time and memory ----
series ms_nstop "nstop --json, $n_rules rules:" "$nstop" --json
series ms_nft "nft -j list ruleset:" nft -j list ruleset
series ms_save "iptables-nft-save:" iptables-nft-save
awk -v a="$ms_nstop" -v b="$ms_nft" -v c="$ms_save" 'BEGIN {
	printf "ratios: nstop --json / nft -j list ruleset = %.2f, nstop --json / iptables-nft-save = %.2f\n", a / b, a / c }'
if [ -x /usr/bin/time ]; then
	rss() { # CMD... -> max RSS in kB
		/usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': *' '/Maximum resident set size/ { print $2 }'
	}
	r=()
	for ((i = 0; i < RUNS; i++)); do r+=("$(rss "$nstop" --json)"); done
	read -r med min max <<<"$(median "${r[@]}")"
	n=()
	for ((i = 0; i < RUNS; i++)); do n+=("$(rss nft -j list ruleset)"); done
	read -r nmed _ _ <<<"$(median "${n[@]}")"
	echo "peak RSS: nstop --json median $med kB (min $min, max $max); nft -j list ruleset $nmed kB"
else
	echo "peak RSS: /usr/bin/time is not installed, not measured"
fi

# ---- the live re-read (the TUI's and --monitor's path) ----
timing=$tmp/timing
mon=$tmp/monitor.txt
NSTOP_TIMING=$timing "$nstop" --monitor >"$mon" 2>"$tmp/monitor.err" &
mon_pid=$!
for ((i = 0; i < 200; i++)); do [ -s "$timing" ] || [ -s "$mon" ] && break; sleep 0.05; done
sleep 1 # the first reading is done (there is no readiness signal)
wait_line() { # FIXED-STRING: until the monitor printed it, 5 s at most
	local k
	for ((k = 0; k < 500; k++)); do grep -qF -- "$1" "$mon" && return 0; sleep 0.01; done
	die "the monitor did not print '$1' within 5 s"
}
rr=() ad=()
for ((r = 0; r <= RUNS; r++)); do # run 0 is the warm-up
	: >"$timing"
	if ((r % 2 == 0)); then
		iptables-nft -A KUBE-FIREWALL -s 192.0.2.$((r + 1))/32 -j DROP
		wait_line "[/] firewall rule add ip filter KUBE-FIREWALL handle"
		h=$(nft -a list chain ip filter KUBE-FIREWALL 2>/dev/null | sed -nE "s/.*ip saddr 192\.0\.2\.$((r + 1)) counter packets [0-9]+ bytes [0-9]+ drop # handle ([0-9]+)$/\1/p")
		[ -n "$h" ] || die "no handle for the rule just added"
		wait_line "[/] firewall rule add ip filter KUBE-FIREWALL handle $h: ip saddr 192.0.2.$((r + 1)) counter drop"
	else
		iptables-nft -D KUBE-FIREWALL -s 192.0.2.$r/32 -j DROP
		wait_line "[/] firewall rule del ip filter KUBE-FIREWALL handle $h: ip saddr 192.0.2.$r counter drop"
	fi
	for ((k = 0; k < 100; k++)); do grep -q '^adopt ' "$timing" && break; sleep 0.01; done
	grep -q '^adopt ' "$timing" || die "no adopt line in NSTOP_TIMING's file"
	((r == 0)) && continue
	rr+=("$(awk '/^reread /{ for (i = 2; i <= NF; i++) if ($i ~ /^ms=/) { sub("ms=", "", $i); s += $i } } END { print s }' "$timing")")
	ad+=("$(awk '/^adopt /{ sub("ms=", "", $2); print $2; exit }' "$timing")")
	rules_seen=$(awk '/^reread /{ for (i = 2; i <= NF; i++) if ($i ~ /^rules=/) { sub("rules=", "", $i); print $i } }' "$timing" | sort -n | tail -1)
done
read -r med min max <<<"$(median "${rr[@]}")"
kind="whole namespace"
grep -q 'apply=chains' "$timing" && kind="the rule's chain alone"
printf '%-36s median %7s ms (min %s, max %s) over %d changes (%s)\n' "re-read ($rules_seen rules):" "$med" "$min" "$max" "$RUNS" "$kind"
read -r med min max <<<"$(median "${ad[@]}")"
printf '%-36s median %7s ms (min %s, max %s) over %d changes\n' "event -> model adopted:" "$med" "$min" "$max" "$RUNS"
kill "$mon_pid"
wait "$mon_pid" || die "nstop --monitor exited with status $? on SIGTERM ($(head -c 300 "$tmp/monitor.err"))"
mon_pid=
lines=$(wc -l <"$mon")
[ "$lines" -eq $((RUNS + 1)) ] || die "the monitor printed $lines lines for $((RUNS + 1)) changes: $(head -5 "$mon")"
# ---- the same in the view (tmux), and what the view costs while idle ----
if command -v tmux >/dev/null; then
	export TMUX_TMPDIR=$tmp # a private tmux server, ended by its socket below
	tt=$tmp/tui_timing
	tmux -u -f /dev/null new-session -d -s kb -x 160 -y 50 "NSTOP_TIMING=$tt $nstop; sleep 600"
	tui_pid=
	for ((i = 0; i < 200; i++)); do
		tui_pid=$(pgrep -x -P "$(tmux display-message -p -t kb '#{pane_pid}')" nstop || true)
		[ -n "$tui_pid" ] && break
		sleep 0.05
	done
	[ -n "$tui_pid" ] || die "the view did not start in tmux"
	sleep 2
	cpu() { awk '{ print $14 + $15 }' "/proc/$tui_pid/stat"; } # utime + stime, in clock ticks
	c0=$(cpu) w0=${EPOCHREALTIME/./}
	sleep 10
	c1=$(cpu) w1=${EPOCHREALTIME/./}
	awk -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v w=$((w1 - w0)) \
		'BEGIN { printf "view idle with %s rules: %.1f%% of a CPU over %.0f s\n", "'"$n_rules"'", 100 * c / hz / (w / 1e6), w / 1e6 }'
	rr=() ad=()
	for ((r = 0; r <= RUNS; r++)); do
		: >"$tt"
		if ((r % 2 == 0)); then
			iptables-nft -A KUBE-FIREWALL -s 198.51.100.$((r + 1))/32 -j DROP
			want=$((n_rules + 1))
		else
			iptables-nft -D KUBE-FIREWALL -s 198.51.100.$r/32 -j DROP
			want=$n_rules
		fi
		for ((k = 0; k < 500; k++)); do grep -q "^reread .* rules=$want " "$tt" && grep -q '^adopt ' "$tt" && break; sleep 0.01; done
		grep -q "^reread .* rules=$want " "$tt" || die "the view did not re-read $want rules within 5 s"
		((r == 0)) && continue
		rr+=("$(awk '/^reread /{ for (i = 2; i <= NF; i++) if ($i ~ /^ms=/) { sub("ms=", "", $i); s += $i } } END { print s }' "$tt")")
		ad+=("$(awk '/^adopt /{ sub("ms=", "", $2); print $2; exit }' "$tt")")
	done
	read -r med min max <<<"$(median "${rr[@]}")"
	printf '%-36s median %7s ms (min %s, max %s) over %d changes\n' "view: re-read:" "$med" "$min" "$max" "$RUNS"
	read -r med min max <<<"$(median "${ad[@]}")"
	printf '%-36s median %7s ms (min %s, max %s) over %d changes\n' "view: event -> model adopted:" "$med" "$min" "$max" "$RUNS"
	tmux kill-server
else
	echo "view: tmux is not installed, not measured"
fi
[ -s "$tmp/run.err" ] && { echo "NOTE: stderr during timed runs:" >&2; sort "$tmp/run.err" | uniq -c | head -5 >&2; }
echo "($(nproc) CPUs, kernel $(uname -r))"
