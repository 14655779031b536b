#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark: event latency of `nstop --monitor` (change made -> its line read
# from nstop's stdout) over NNS changes, one per namespace, in random order.
# Inside a throwaway sandbox (tests/sandbox.sh, ARCHITECTURE.md §12) it makes named
# namespaces b000..b199 like bench/json_200ns.sh (veth hNNN on bridge br0 in
# '/', eth0 in the namespace with 192.168.1.x/24, up), starts
# `nstop --monitor` with its stdout going to a perl reader that timestamps each
# line on arrival (Time::HiRes, same wall clock as bash's EPOCHREALTIME), waits
# until nstop is live (a sentinel address on br0 shows up) and idle (no line for
# 1 s), then runs two phases of NNS changes each, 20-50 ms apart:
#   cmd:  one `ip -n bNNN ...` per change; t0 just before it, t1 when it
#         returned. Latency from t0 includes ip's own run time (setns, a private
#         mount namespace, sysfs remount: several ms), so it is an upper bound;
#         from t1 it is a lower-bound-ish figure (can even be negative).
#   fifo: one long-lived `ip -n bNNN -batch FIFO` per namespace, started and
#         idle before the phase; t0 is just before the command line is written
#         to its FIFO, so latency from t0 is close to change -> line.
# Namespace i gets change (i % 3): 0 eth0 down, 1 eth0 mtu 1400, 2 addr add
# 10.1.0.i/32 in the first phase; the second phase undoes it (up, mtu 1500, del).
# Each change's expected line ("[b017] link eth0 down") is looked up in the
# timestamped output; it prints p50/p95/p99/max in ms and the misses (not
# printed within MISS_S s), lists the other lines nstop printed (side effects
# such as "[/] link h017 state down" or the IPv6 link-local address going, and
# anything unexpected) and nstop's stderr. Exit 1 if any change is missed.
# Where the time goes (strace, 200 namespaces): nstop re-reads a namespace
# REFRESH_DEBOUNCE_MS (10 ms) after its first event, so ~10 ms is the floor;
# eth0 up/down also dirties '/', which is re-read first (201 links) and then
# re-resolves every veth peer (one RTM_GETNSID each), ~+9 ms; the /proc rescan
# every 2 s stalls the loop ~20 ms (~40 ms with the fifo phase's 200 ip's).
#   anchor: link down against its anchor (issue 16): ANCHOR_N namespaces
#         (default 20, of those whose change is the MTU, so eth0 is up) each
#         get an `ip -n bNNN monitor link` with its own timestamping reader;
#         then eth0 down in each, one `ip -n` at a time, t0 just before it:
#         nstop's "[bNNN] link eth0 down" and ip monitor's first line after t0
#         are both timed from the same t0 (p50/p95 each, and their ratio);
#         eth0 is set up again after the phase.
# Beyond 240 namespaces the star is built here, with a bridge per 250 ports
# (a Linux bridge takes at most 1023) and 172.16.J.x/24 on bridge J.
# Nothing touches the machine's network; no traffic is sent.
# Usage: bench/monitor_latency.sh [path/to/nstop]   (default: build/src/nstop of this repo)
# Environment: NNS (namespaces, default 200, at most 3000), SEED (order and gaps;
# default: random, printed), PHASES (default "cmd fifo anchor"), ANCHOR_N
# (default 20), MISS_S (default 2), KEEP=DIR (copy the raw logs there at the end).
# At 1000: NNS=1000 PHASES=anchor bench/monitor_latency.sh (the issue's figure).
set -euo pipefail

if [ "${1:-}" != "--inside" ]; then
	repo=$(cd "$(dirname "$0")/.." && pwd)
	nstop=${1:-$repo/build/src/nstop}
	[ -x "$nstop" ] || { echo "monitor_latency: no executable nstop at '$nstop' (build: ninja -C build)" >&2; exit 1; }
	nstop=$(cd "$(dirname "$nstop")" && pwd)/$(basename "$nstop")
	perl -MTime::HiRes -e 1 2>/dev/null || { echo "monitor_latency: perl with Time::HiRes is required" >&2; exit 1; }
	exec sh "$repo/tests/sandbox.sh" bash "$0" --inside "$nstop"
fi

# ---- inside the sandbox from here on (pid 1 of a private net/mount/pid ns) ----
nstop=$2
NNS=${NNS:-200}
SEED=${SEED:-$((($$ * 7919 + ${EPOCHREALTIME/./}) % 32768))}
PHASES=${PHASES:-cmd fifo anchor}
ANCHOR_N=${ANCHOR_N:-20}
MISS_S=${MISS_S:-2}
GAP_MIN=20 GAP_MAX=50 # ms between one change and the next
if [ "$NNS" -gt 3000 ] || [ "$NNS" -lt 1 ]; then echo "monitor_latency: NNS must be 1..3000" >&2; exit 2; fi
for p in $PHASES; do
	case $p in cmd | fifo | anchor) ;; *) echo "monitor_latency: unknown phase '$p' (cmd, fifo, anchor)" >&2; exit 2 ;; esac
	# shellcheck disable=SC2086 # one phase a line
	[ "$(printf '%s\n' $PHASES | grep -cx "$p")" -eq 1 ] || { echo "monitor_latency: phase '$p' given twice" >&2; exit 2; }
done
tmp=$(mktemp -d) # /tmp is the machine's; removed on exit
pids=()          # background processes of ours, killed by id on exit
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	if [ -n "${KEEP:-}" ]; then { mkdir -p "$KEEP" && cp -r "$tmp"/. "$KEEP"/; } || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
die() { echo "monitor_latency: FAIL: $*" >&2; exit 1; }
. "$(dirname "$0")/lib.sh"
# Sleep without forking: read with a timeout on a FIFO nobody writes to.
mkfifo "$tmp/sleep.fifo"
exec {sleep_fd}<>"$tmp/sleep.fifo"
nap() { read -r -t "$1" -u "$sleep_fd" _ || true; }

# ---- setup (bench/lib.sh; no default routes) ----
# make_star_wide N: the star of make_star past 240 namespaces, a bridge per 250 ports.
make_star_wide()
{
	local n=$1 i j t0 t1
	t0=$(now_us)
	star_batch "$n" 250 b%03d h%03d 172.16.%d.1/24 | ip -batch - || die "ip -batch (the star)" # ns_name, host_name
	mkdir -p "$tmp/cfg"
	for ((i = 0; i < n; i++)); do
		printf '%s\n' "link set lo up" "addr add 172.16.$((i / 250)).$((i % 250 + 2))/24 dev eth0" "link set eth0 up" \
			>"$tmp/cfg/$(ns_name "$i")"
	done
	(cd "$tmp/cfg" && printf '%s\n' b* | xargs -P "$(($(nproc) * 2))" -I{} ip -n {} -batch {}) ||
		die "configuring the namespaces (ip -n NS -batch)"
	t1=$(now_us)
	STAR_SETUP_MS=$(ms "$t0" "$t1")
	echo "setup: $n namespaces, $(((n + 249) / 250)) bridges, in $STAR_SETUP_MS ms"
}
if [ "$NNS" -le 240 ]; then
	make_star "$NNS" "$tmp"
else
	make_star_wide "$NNS"
fi
setup_ms=$STAR_SETUP_MS

# ---- nstop --monitor -> timestamping reader ----
mkfifo "$tmp/mon.fifo"
# The reader stamps each line when read() hands it over; lines that arrive in
# one read get (almost) the same stamp, which is when they arrived.
perl -MTime::HiRes=time -e '$| = 1;
	while (defined(my $l = <STDIN>)) { printf "%.6f %s", time, $l }' <"$tmp/mon.fifo" >"$tmp/mon.log" &
reader_pid=$!
pids+=("$reader_pid")
t_start=$(now_us)
"$nstop" --monitor >"$tmp/mon.fifo" 2>"$tmp/nstop.err" &
nstop_pid=$!
pids+=("$nstop_pid")

seen() { cut -d' ' -f2- "$tmp/mon.log" | grep -qxF -- "$1"; }
nlines() { wc -l <"$tmp/mon.log"; }
# Sentinel: an address on br0 in '/'. If nstop read it in its first dump, no
# line comes; try the next address until one is reported.
live=0
for ((s = 1; s <= 30 && !live; s++)); do
	ip addr add "192.168.254.$s/32" dev br0
	for ((k = 0; k < 100; k++)); do
		if seen "[/] addr add 192.168.254.$s/32 dev br0"; then live=1 && break; fi
		kill -0 "$nstop_pid" 2>/dev/null || die "nstop --monitor exited early: $(head -c 500 "$tmp/nstop.err")"
		nap 0.01
	done
done
[ "$live" -eq 1 ] || die "nstop --monitor printed no sentinel line within 30 s"
t_live=$(now_us)
live_ms=$(ms "$t_start" "$t_live")
echo "nstop --monitor live after $live_ms ms (sentinel 192.168.254.$((s - 1))/32 on br0 seen)"

wait_idle() { # no new line for 1 s (at most 30 s)
	local last n k quiet=0
	last=$(nlines)
	for ((k = 0; k < 300 && quiet < 10; k++)); do
		nap 0.1
		n=$(nlines)
		if [ "$n" -eq "$last" ]; then quiet=$((quiet + 1)); else quiet=0 last=$n; fi
	done
	[ "$quiet" -ge 10 ] || echo "NOTE: nstop --monitor still printing after 30 s" >&2
}
wait_idle

# ---- the changes ----
RANDOM=$SEED
# No command substitution around RANDOM: a subshell would reseed it.
shuffle() { # order=(0..NNS-1 in random order), Fisher-Yates
	local i j t
	order=()
	for ((i = 0; i < NNS; i++)); do order[i]=$i; done
	for ((i = NNS - 1; i > 0; i--)); do
		j=$(((RANDOM * 32768 + RANDOM) % (i + 1)))
		t=${order[i]} order[i]=${order[j]} order[j]=$t
	done
}
gap() { printf -v gap_s '0.%03d' $((GAP_MIN + RANDOM % (GAP_MAX - GAP_MIN + 1))); } # sets gap_s
change() { # apply|undo i -> "ip command<TAB>expected line"
	local ns
	ns=$(ns_name "$2")
	case $1:$(($2 % 3)) in
	apply:0) printf 'link set eth0 down\t[%s] link eth0 down' "$ns" ;;
	undo:0) printf 'link set eth0 up\t[%s] link eth0 up' "$ns" ;;
	apply:1) printf 'link set eth0 mtu 1400\t[%s] link eth0 mtu 1400' "$ns" ;;
	undo:1) printf 'link set eth0 mtu 1500\t[%s] link eth0 mtu 1500' "$ns" ;;
	apply:2) printf 'addr add 10.1.0.%d/32 dev eth0\t[%s] addr add 10.1.0.%d/32 dev eth0' "$2" "$ns" "$2" ;;
	undo:2) printf 'addr del 10.1.0.%d/32 dev eth0\t[%s] addr del 10.1.0.%d/32 dev eth0' "$2" "$ns" "$2" ;;
	esac
}
: >"$tmp/expect" # phase ns t0 t1 expected-line (t1 "-" in the fifo phase)
declare -A phase_t0 phase_t1

run_cmd_phase() {
	local i ns c a b
	shuffle
	for i in "${order[@]}"; do
		ns=$(ns_name "$i")
		c=$(change "$act" "$i")
		gap
		nap "$gap_s"
		a=$EPOCHREALTIME
		# shellcheck disable=SC2086 # the command is words on purpose
		ip -n "$ns" ${c%%$'\t'*} || die "ip -n $ns ${c%%$'\t'*} failed"
		b=$EPOCHREALTIME
		printf 'cmd %s %s %s %s\n' "$ns" "$a" "$b" "${c#*$'\t'}" >>"$tmp/expect"
	done
}

run_fifo_phase() {
	local i ns c a f
	local -a fd
	mkdir -p "$tmp/fifo"
	: >"$tmp/ipbatch.err"
	local -a ipb
	# All readers first, then the write ends: an ip started after we opened
	# some write end would inherit it and keep that FIFO from ever seeing EOF.
	for ((i = 0; i < NNS; i++)); do
		ns=$(ns_name "$i")
		mkfifo "$tmp/fifo/$ns"
		ip -force -n "$ns" -batch "$tmp/fifo/$ns" 2>>"$tmp/ipbatch.err" &
		ipb[i]=$!
		pids+=("$!")
	done
	for ((i = 0; i < NNS; i++)); do
		exec {f}>"$tmp/fifo/$(ns_name "$i")" # returns once that ip has opened it
		fd[i]=$f
	done
	wait_idle # 200 ip processes started and blocked in read(); nothing pending
	shuffle
	for i in "${order[@]}"; do
		ns=$(ns_name "$i")
		c=$(change "$act" "$i")
		gap
		nap "$gap_s"
		a=$EPOCHREALTIME
		printf '%s\n' "${c%%$'\t'*}" >&"${fd[i]}"
		printf 'fifo %s %s - %s\n' "$ns" "$a" "${c#*$'\t'}" >>"$tmp/expect"
	done
	for f in "${fd[@]}"; do exec {f}>&-; done # EOF: each ip exits
	for i in "${ipb[@]}"; do wait "$i" || echo "NOTE: an ip -batch of the fifo phase exited $?" >&2; done
}

# The anchor: ip monitor in ANCHOR_N namespaces whose eth0 stays up in the other phases.
run_anchor_phase() {
	local i ns a k picked=()
	shuffle
	for i in "${order[@]}"; do
		((i % 3 == 1)) && picked+=("$i")
		[ "${#picked[@]}" -ge "$ANCHOR_N" ] && break
	done
	mkdir -p "$tmp/anchor"
	for i in "${picked[@]}"; do
		ns=$(ns_name "$i")
		ip -n "$ns" monitor link 2>/dev/null | perl -MTime::HiRes=time -e '$| = 1;
			while (defined(my $l = <STDIN>)) { printf "%.6f %s", time, $l }' >"$tmp/anchor/$ns" &
		pids+=("$!")
	done
	nap 0.5 # every ip monitor has bound its socket
	wait_idle
	for i in "${picked[@]}"; do
		ns=$(ns_name "$i")
		gap
		nap "$gap_s"
		a=$EPOCHREALTIME
		ip -n "$ns" link set eth0 down || die "ip -n $ns link set eth0 down failed"
		printf 'anchor %s %s %s [%s] link eth0 down\n' "$ns" "$a" "$EPOCHREALTIME" "$ns" >>"$tmp/expect"
		printf '%s %s\n' "$ns" "$a" >>"$tmp/anchor.t0"
	done
	nap 1
	for i in "${picked[@]}"; do ip -n "$(ns_name "$i")" link set eth0 up; done
	# ip monitor: its first line at or after t0 is the change (nothing else happens there)
	while read -r ns a; do
		awk -v t0="$a" '$1 >= t0 - 0.001 { printf "%.3f\n", ($1 - t0) * 1000; exit }' "$tmp/anchor/$ns"
	done <"$tmp/anchor.t0" >"$tmp/l0.anchor.ip"
}

act=apply # phases alternate: apply the changes, undo them (the anchor's undoes itself)
for p in $PHASES; do
	phase_t0[$p]=$EPOCHREALTIME
	"run_${p}_phase"
	if [ "$p" = anchor ]; then :; elif [ "$act" = apply ]; then act=undo; else act=apply; fi
	phase_t1[$p]=$EPOCHREALTIME
	nap "$(awk -v m="$MISS_S" 'BEGIN { print m + 0.5 }')" # the last change gets its MISS_S s too
	wait_idle
	echo "phase $p: $([ "$p" = anchor ] && echo "$ANCHOR_N" || echo "$NNS") changes made in $(ms "${phase_t0[$p]/./}" "${phase_t1[$p]/./}") ms"
done
if [ -s "$tmp/ipbatch.err" ] 2>/dev/null; then
	echo "NOTE: ip -batch (fifo phase) wrote to stderr:" >&2
	head -5 "$tmp/ipbatch.err" >&2
fi

kill -TERM "$nstop_pid" 2>/dev/null || true
nstop_rc=0
wait "$nstop_pid" || nstop_rc=$?
wait "$reader_pid" || true

# ---- matching and figures ----
# For each expected line the first identical output line stamped at or after
# t0 (1 ms slack for clock granularity). Writes per change:
#   phase ns status lat_t0_ms lat_t1_ms   (status: ok, late, missed)
# and lists the output lines that were no change's expected line.
awk -v miss_s="$MISS_S" -v out_matched="$tmp/matched" -v out_extra="$tmp/extra" '
	FNR == 1 { file++ }
	file == 1 { # mon.log: ts text
		n++; ts[n] = $1; txt[n] = substr($0, length($1) + 2)
		byline[txt[n]] = byline[txt[n]] " " n
		next
	}
	{ # expect: phase ns t0 t1 line
		line = $0
		for (k = 1; k <= 4; k++) sub(/^[^ ]+ /, "", line)
		best = 0; m = split(byline[line], idx, " ")
		for (k = 1; k <= m; k++) {
			j = idx[k] + 0
			if (!used[j] && ts[j] >= $3 - 0.001) { best = j; break }
		}
		if (!best) { printf "%s %s missed - -\n", $1, $2 > out_matched; next }
		used[best] = 1
		l0 = (ts[best] - $3) * 1000
		l1 = ($4 == "-") ? "-" : sprintf("%.3f", (ts[best] - $4) * 1000)
		printf "%s %s %s %.3f %s\n", $1, $2, (l0 > miss_s * 1000 ? "late" : "ok"), l0, l1 > out_matched
	}
	END { for (j = 1; j <= n; j++) if (!used[j]) printf "%s %s\n", ts[j], txt[j] > out_extra }
' "$tmp/mon.log" "$tmp/expect"
touch "$tmp/extra"

pct() { # file of numbers -> "p50 p95 p99 max min n" (nearest rank)
	sort -g "$1" | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "- - - - - 0"; exit }
		split("50 95 99", p, " ")
		for (k = 1; k <= 3; k++) { r = int(p[k] / 100 * NR); if (r < p[k] / 100 * NR) r++; if (r < 1) r = 1
			printf "%.1f ", v[r] }
		printf "%.1f %.1f %d\n", v[NR], v[1], NR }'
}
missed_total=0
declare -A res
for p in $PHASES; do
	awk -v p="$p" '$1 == p && $3 == "ok" { print $4 }' "$tmp/matched" >"$tmp/l0.$p"
	awk -v p="$p" '$1 == p && $3 == "ok" && $5 != "-" { print $5 }' "$tmp/matched" >"$tmp/l1.$p"
	awk -v p="$p" '$1 == p { print ($4 - $3) * 1000 }' "$tmp/expect" >"$tmp/ip.$p"
	n_miss=$(awk -v p="$p" '$1 == p && $3 != "ok"' "$tmp/matched" | wc -l)
	missed_total=$((missed_total + n_miss))
	read -r a50 a95 a99 amax _ an <<<"$(pct "$tmp/l0.$p")"
	res[$p]="p50 $a50  p95 $a95  p99 $a99  max $amax ms"
	echo "phase $p: $an/$NNS changes seen, $n_miss missed"
	case $p in
	cmd)
		read -r b50 b95 b99 bmax bmin _ <<<"$(pct "$tmp/l1.$p")"
		read -r c50 c95 c99 cmax _ _ <<<"$(pct "$tmp/ip.$p")"
		res[cmd.t1]="p50 $b50  p95 $b95  p99 $b99  max $bmax ms (min $bmin)"
		res[cmd.ip]="p50 $c50  p95 $c95  p99 $c99  max $cmax ms"
		echo "  latency from t0 (before ip -n NS): ${res[cmd]}"
		echo "  latency from t1 (ip -n NS returned): ${res[cmd.t1]}"
		echo "  ip -n NS run time itself:          ${res[cmd.ip]}"
		;;
	fifo)
		echo "  latency from write to ip -batch FIFO: ${res[fifo]}"
		;;
	anchor)
		read -r d50 d95 d99 dmax _ dn <<<"$(pct "$tmp/l0.anchor.ip")"
		res[anchor.ip]="p50 $d50  p95 $d95  p99 $d99  max $dmax ms (n=$dn)"
		read -r a50 a95 _ _ _ _ <<<"$(pct "$tmp/l0.$p")"
		res[anchor.ratio]=$(awk -v a="$a50" -v b="$a95" -v c="$d50" -v d="$d95" \
			'BEGIN { if (c > 0 && d > 0) printf "p50 %.1fx  p95 %.1fx", a / c, b / d; else print "-" }')
		echo "  link down -> nstop --monitor: ${res[anchor]}"
		echo "  link down -> ip -n NS monitor: ${res[anchor.ip]}"
		echo "  nstop / ip monitor: ${res[anchor.ratio]} (goal: at most 2x)"
		;;
	esac
	# By kind of change: eth0 up/down also changes hNNN's carrier in '/', so
	# '/' (NNS veths + the bridge) is re-read in the same round.
	awk -v p="$p" 'NR == FNR { if ($1 == p) k[$2] = / (up|down)$/ ? "up/down" : / mtu / ? "mtu" : "addr"; next }
		$1 == p && $3 == "ok" { print $4 > (dir "/kind." p "." (k[$2] == "up/down" ? "updown" : k[$2])) }' \
		dir="$tmp" "$tmp/expect" "$tmp/matched"
	by=""
	for k in updown mtu addr; do
		[ -f "$tmp/kind.$p.$k" ] || continue
		read -r k50 k95 _ kmax _ kn <<<"$(pct "$tmp/kind.$p.$k")"
		by+="${by:+ | }${k/updown/link up\/down} (n=$kn) p50 $k50 p95 $k95 max $kmax"
	done
	echo "  by kind of change: $by"
	res[$p.by]=$by
	if [ "$n_miss" -gt 0 ]; then
		echo "  MISSED (first 10):" >&2
		awk -v p="$p" '$1 == p && $3 != "ok"' "$tmp/matched" | head -10 |
			while read -r _ ns st l0 _; do
				printf '    %s %s %s\n' "$st" "$(grep "^$p $ns " "$tmp/expect" | cut -d' ' -f5-)" \
					"$([ "$st" = late ] && echo "($l0 ms)")"
			done >&2
	fi
done

# Other lines: the sentinel, side effects of the changes, anything else.
n_extra=$(wc -l <"$tmp/extra")
n_sentinel=$(grep -c ' \[/\] addr add 192\.168\.254\.[0-9]*/32 dev br0$' "$tmp/extra" || true)
echo "other lines printed: $n_extra ($n_sentinel sentinel); by pattern (namespace/ifname/address generalised):"
cut -d' ' -f2- "$tmp/extra" | grep -v '^\[/\] addr add 192\.168\.254\.[0-9]*/32 dev br0$' |
	sed -E 's/\[b[0-9]{3}\]/[bNNN]/; s/\bh[0-9]{3,4}\b/hNNN/g; s/fe80::[0-9a-f:]+/fe80::X/g; s/(192\.168\.1|172\.16\.[0-9]+)\.[0-9]+/\1.N/g' |
	sort | uniq -c | sort -rn | head -20 | sed 's/^/    /' || true # head ends the pipe early: not a failure
# Anything that is neither about a changed namespace, its host end, nor the sentinel.
n_odd=$(cut -d' ' -f2- "$tmp/extra" | grep -cvE '^\[b[0-9]{3}\] |^\[/\] link h[0-9]{3} |^\[/\] addr add 192\.168\.254\.' || true)
if [ "$n_odd" -gt 0 ]; then
	echo "NOTE: $n_odd lines not about a bNNN namespace, a host veth end or the sentinel:" >&2
	cut -d' ' -f2- "$tmp/extra" | grep -vE '^\[b[0-9]{3}\] |^\[/\] link h[0-9]{3} |^\[/\] addr add 192\.168\.254\.' | head -10 >&2
fi
n_err=$(wc -l <"$tmp/nstop.err")
if [ "$n_err" -gt 0 ]; then
	echo "NOTE: nstop wrote $n_err lines to stderr, first lines:" >&2
	head -10 "$tmp/nstop.err" >&2
fi
[ "$nstop_rc" -eq 0 ] || echo "NOTE: nstop --monitor exited $nstop_rc on SIGTERM" >&2

result=PASS
[ "$missed_total" -eq 0 ] || result="FAIL ($missed_total changes missed)"
echo
echo "==== summary ($NNS namespaces + '/', $NNS changes per phase, random order (SEED=$SEED), $GAP_MIN-$GAP_MAX ms apart; $(nproc) CPUs, kernel $(uname -r)) ===="
echo "setup: $setup_ms ms ($NNS netns + veth + bridge via ip -batch); nstop --monitor live after $live_ms ms"
for p in $PHASES; do
	case $p in
	cmd)
		echo "cmd  (ip -n NS per change), from before ip:   ${res[cmd]}"
		echo "cmd  (ip -n NS per change), from ip returned: ${res[cmd.t1]}"
		echo "     (ip -n NS itself takes ${res[cmd.ip]})"
		;;
	fifo) echo "fifo (ip -n NS -batch FIFO), from write:      ${res[fifo]}" ;;
	anchor)
		echo "anchor: link down -> nstop --monitor:         ${res[anchor]}"
		echo "anchor: link down -> ip -n NS monitor link:   ${res[anchor.ip]}"
		echo "anchor: nstop / ip monitor:                   ${res[anchor.ratio]}"
		;;
	esac
	echo "     $p by kind, ms from t0: ${res[$p.by]}"
done
echo "missed (not printed within $MISS_S s): $missed_total; other lines: $n_extra; nstop stderr: $n_err lines; nstop exit: $nstop_rc"
echo "result: $result"
[ "$missed_total" -eq 0 ] || exit 1
