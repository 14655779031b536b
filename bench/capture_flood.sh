#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark: `nstop --capture` under a UDP flood, next to `tcpdump -n -l -i`
# on the same flood, and (mode tui) whether the live view still answers keys
# while its packet pane captures the flood.
# Inside a throwaway sandbox (tests/sandbox.sh, ARCHITECTURE.md §12) it makes ns1
# (vethB 192.168.10.2/24) and ns2 (vethD 192.168.10.3/24) joined by a veth
# pair, IPv6 off, static neighbours, and an nft rule in ns2 that drops the
# flood's port at input (no ICMP port-unreachable back). The flood is
# tests/tools/netprobe udp-flood (16-byte datagrams) from ns1 to ns2 for
# FLOOD_S seconds at each rate of RATES (packets/s; "max" = as fast as one
# sender can). Nothing touches the machine's network.
#   capture: per rate, RUNS rounds of { nstop --ns ns2 --capture vethD,
#     then nsenter --net=ns2 tcpdump -n -l -i vethD }, one after the other,
#     stdout to /dev/null (every line is still formatted and written). Each run:
#     the flood's sent count, packets on vethD (rx counter), the capture's own
#     "packets captured" / "dropped by kernel" (stderr, SIGTERM 1 s after the
#     flood) and its CPU time (user+sys from /proc/PID/stat just before the
#     SIGTERM: whole process, all threads). Prints each run and the medians.
#   tui: nstop (the live view) in a private tmux 100x40; the selection is put
#     on ns2:vethD and `p` opens its packet pane (skipped, with a message, if
#     `p` opens nothing), Tab returns to the tree; then k/j alternately, and for
#     each key the time from sending it to the selection (the reverse-video row
#     in `tmux capture-pane -e`) having moved: KEYS keys on an idle link, then
#     during RUNS floods at the first rate of RATES. Prints median/max (ms)
#     and what the pane counted. The figure includes tmux (send-keys, a
#     capture-pane every few ms): it is what a person at the terminal sees.
# Usage: bench/capture_flood.sh [path/to/nstop]   (default: build/src/nstop of this repo)
# Environment: MODE (capture, tui or all; default all), RUNS (default 5),
# FLOOD_S (default 5), RATES (default "100000 max"), KEYS (idle keys, default 20),
# NETPROBE (default: tests/netprobe of nstop's build dir), KEEP=DIR (copy the logs).
set -euo pipefail

if [ "${1:-}" != "--inside" ]; then
	repo=$(cd "$(dirname "$0")/.." && pwd)
	nstop=${1:-$repo/build/src/nstop}
	[ -x "$nstop" ] || { echo "capture_flood: no executable nstop at '$nstop' (build: ninja -C build)" >&2; exit 1; }
	nstop=$(cd "$(dirname "$nstop")" && pwd)/$(basename "$nstop")
	probe=${NETPROBE:-$(dirname "$nstop")/../tests/netprobe}
	[ -x "$probe" ] || { echo "capture_flood: no netprobe at '$probe' (ninja -C BUILD tests/netprobe, or set NETPROBE)" >&2; exit 1; }
	probe=$(cd "$(dirname "$probe")" && pwd)/$(basename "$probe")
	case ${MODE:-all} in
	capture | tui | all) ;;
	*) echo "capture_flood: MODE must be capture, tui or all" >&2; exit 2 ;;
	esac
	if [ "${MODE:-all}" != tui ]; then
		command -v tcpdump >/dev/null || { echo "capture_flood: tcpdump not installed (apt-get install tcpdump)" >&2; exit 1; }
	fi
	if [ "${MODE:-all}" != capture ]; then
		command -v tmux >/dev/null || { echo "capture_flood: tmux not installed" >&2; exit 1; }
	fi
	command -v nft >/dev/null || { echo "capture_flood: nft not installed" >&2; exit 1; }
	exec sh "$repo/tests/sandbox.sh" bash "$0" --inside "$nstop" "$probe"
fi

# ---- inside the sandbox from here on (pid 1 of a private net/mount/pid ns) ----
nstop=$2
probe=$3
MODE=${MODE:-all}
RUNS=${RUNS:-5}
FLOOD_S=${FLOOD_S:-5}
RATES=${RATES:-100000 max}
KEYS=${KEYS:-20}
for r in $RATES; do
	[[ $r == max || $r =~ ^[1-9][0-9]*$ ]] || { echo "capture_flood: bad rate '$r' in RATES (packets/s or max)" >&2; exit 2; }
done
tmp=$(mktemp -d) # /tmp is the machine's; removed on exit
pids=()          # background processes of ours, killed by id on exit
cleanup()
{
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	if [[ -n ${TMUX_TMPDIR:-} ]]; then tmux kill-server >/dev/null 2>&1 || true; fi
	if [ -n "${KEEP:-}" ]; then { mkdir -p "$KEEP" && cp -r "$tmp"/. "$KEEP"/; } || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
die() { echo "capture_flood: FAIL: $*" >&2; exit 1; }
. "$(dirname "$0")/lib.sh"
HZ=$(getconf CLK_TCK)

# ---- setup: ns1 -- ns2, nothing but the flood on the wire ----
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
for ns in ns1 ns2; do
	ip netns add "$ns"
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	ip -n "$ns" link set lo up
done
ip link add vethB address 02:00:00:00:02:01 type veth peer name vethD address 02:00:00:00:02:02
ip link set vethB netns ns1
ip link set vethD netns ns2
ip netns exec ns1 sysctl -qw net.ipv6.conf.vethB.disable_ipv6=1
ip netns exec ns2 sysctl -qw net.ipv6.conf.vethD.disable_ipv6=1
ip -n ns1 addr add 192.168.10.2/24 dev vethB
ip -n ns2 addr add 192.168.10.3/24 dev vethD
ip -n ns1 neigh replace 192.168.10.3 lladdr 02:00:00:00:02:02 dev vethB nud permanent
ip -n ns2 neigh replace 192.168.10.2 lladdr 02:00:00:00:02:01 dev vethD nud permanent
ip -n ns1 link set vethB up
ip -n ns2 link set vethD up
ip netns exec ns2 nft -f - <<'EOF'
table inet capture_flood {
	chain input {
		type filter hook input priority 0; policy accept;
		udp dport 9000 drop
	}
}
EOF
for ((k = 0; ; k++)); do
	[[ "$(ip -n ns1 -o link show vethB) $(ip -n ns2 -o link show vethD)" == *"state UP"*"state UP"* ]] && break
	((k < 100)) || die "vethB/vethD not UP after 10 s"
	sleep 0.1
done
IFX_D=$(ip -n ns2 -o link show vethD | cut -d: -f1)

# flood RATE OUT: netprobe udp-flood from ns1 for FLOOD_S s; "sent N" goes to OUT.
flood()
{
	local rate=$1
	[[ $rate == max ]] && rate=
	# shellcheck disable=SC2086 # no rate: as fast as possible
	ip netns exec ns1 "$probe" udp-flood 192.168.10.3 9000 "$FLOOD_S" $rate >"$2" 2>>"$tmp/flood.err"
}
# rx_d: packets received on ns2:vethD so far (/proc/net/dev of ns2).
rx_d() { nsenter --net=/run/netns/ns2 sed -n 's/^ *vethD: *//p' /proc/net/dev | awk '{ print $2 }'; }
# cpu_ms PID: user and system CPU time of the process so far, "U S" in ms.
cpu_ms() { sed 's/.*) //' "/proc/$1/stat" | awk -v hz="$HZ" '{ printf "%d %d\n", $12 * 1000 / hz, $13 * 1000 / hz }'; }
# capturing: some packet socket of ns2 is bound to vethD.
capturing()
{
	# shellcheck disable=SC2016 # awk's $5
	nsenter --net=/run/netns/ns2 awk -v ifx="$IFX_D" 'NR > 1 && $5 == ifx { f = 1 } END { exit !f }' /proc/net/packet
}
stat_of() { sed -nE "s/^([0-9]+) packets? $2\$/\\1/p" "$1" | tail -1; }
# col AWK-PRINT: the median of one value per line of $tmp/sel.
col() { awk "{ $1 }" "$tmp/sel" | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
stats_ms() { # values in µs -> "median max n" in ms
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
		if (!NR) { print "- - 0"; exit }
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f %.1f %d\n", m / 1000, v[NR] / 1000, NR }'
}

echo "setup: ns1:vethB 192.168.10.2 -- ns2:vethD 192.168.10.3 (veth), flood udp 9000 dropped by nft in ns2;" \
	"$(nproc) CPUs, kernel $(uname -r), $(tcpdump --version 2>&1 | head -1 || echo 'no tcpdump'), $(tcpdump --version 2>&1 | sed -n 2p || true)"

# ---- mode capture ----
# one TOOL RATE RUN: one capture run; appends "tool rate run sent wire captured
# recv dropped user_ms sys_ms" to $tmp/results.
one()
{
	local tool=$1 rate=$2 run=$3 pid i rx0 rx1 sent cpu
	local err=$tmp/$tool.$rate.$run.err
	case $tool in
	nstop) "$nstop" --ns ns2 --capture vethD >/dev/null 2>"$err" & ;;
	tcpdump) nsenter --net=/run/netns/ns2 tcpdump -n -l -i vethD >/dev/null 2>"$err" & ;;
	esac
	pid=$!
	pids+=("$pid")
	for ((i = 0; ; i++)); do
		capturing && break
		kill -0 "$pid" 2>/dev/null || die "$tool exited before capturing: $(cat "$err")"
		((i < 200)) || die "$tool: no packet socket on vethD after 10 s"
		sleep 0.05
	done
	sleep 0.5
	rx0=$(rx_d)
	flood "$rate" "$tmp/flood.$tool.$rate.$run"
	sleep 1 # let the capture drain what is queued
	rx1=$(rx_d)
	cpu=$(cpu_ms "$pid")
	kill -TERM "$pid"
	wait "$pid" || die "$tool exited $? on SIGTERM: $(cat "$err")"
	sent=$(awk '/^sent/ { print $2 }' "$tmp/flood.$tool.$rate.$run")
	[[ -n $sent ]] || die "no 'sent N' from the flood"
	local cap recv drop
	cap=$(stat_of "$err" captured) recv=$(stat_of "$err" 'received by filter') drop=$(stat_of "$err" 'dropped by kernel')
	[[ -n $cap && -n $drop ]] || die "$tool printed no 'N packets captured' / 'N packets dropped by kernel': $(cat "$err")"
	echo "$tool $rate $run $sent $((rx1 - rx0)) $cap ${recv:--} $drop $cpu" >>"$tmp/results"
	# shellcheck disable=SC2086 # $cpu is "user sys"
	printf '  %-7s rate %-6s run %d: sent %8d  on vethD %8d  captured %8d  dropped by kernel %8d  cpu user %5d ms sys %5d ms\n' \
		"$tool" "$rate" "$run" "$sent" "$((rx1 - rx0))" "$cap" "$drop" ${cpu}
}

# shellcheck disable=SC2016 # col takes awk programs
capture_mode()
{
	local rate run tool
	: >"$tmp/results"
	echo
	echo "== capture: $RUNS runs per tool and rate, ${FLOOD_S} s flood each, nstop and tcpdump alternating =="
	for rate in $RATES; do
		for ((run = 1; run <= RUNS; run++)); do
			for tool in nstop tcpdump; do
				one "$tool" "$rate" "$run"
			done
		done
	done
	echo
	echo "==== capture summary (medians of $RUNS runs; ${FLOOD_S} s UDP flood of 16-byte datagrams, stdout to /dev/null) ===="
	printf '%-8s %-7s %10s %10s %10s %8s %10s %9s %9s %9s %11s\n' tool rate sent on-vethD captured capt% dropped user-ms sys-ms cpu-ms 'us/packet'
	for rate in $RATES; do
		for tool in nstop tcpdump; do
			awk -v t="$tool" -v r="$rate" '$1 == t && $2 == r' "$tmp/results" >"$tmp/sel"
			local sent wire cap drop us sy cpu pct per
			sent=$(col 'print $4')
			wire=$(col 'print $5')
			cap=$(col 'print $6')
			drop=$(col 'print $8')
			us=$(col 'print $9')
			sy=$(col 'print $10')
			cpu=$(col 'print $9 + $10')
			pct=$(col 'printf "%.1f\n", ($5 ? 100 * $6 / $5 : 0)')
			per=$(col 'printf "%.2f\n", ($6 ? 1000 * ($9 + $10) / $6 : 0)')
			printf '%-8s %-7s %10s %10s %10s %7s%% %10s %9s %9s %9s %11s\n' "$tool" "$rate" "$sent" "$wire" "$cap" "$pct" "$drop" "$us" "$sy" "$cpu" "$per"
		done
	done
	echo "(captured % = captured / packets on vethD; us/packet = CPU time / captured; medians taken per column)"
	[[ -s $tmp/flood.err ]] && { echo "NOTE: the flood said:" >&2; sort "$tmp/flood.err" | uniq -c | head -5 >&2; }
	return 0
}

# ---- mode tui ----
export TMUX_TMPDIR LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color
unset TMUX NO_COLOR
# sel_row: the line number (from 3) and text of the first reverse-video row:
# the tree's selection (the pane, when it is not focused, is below it).
sel_row()
{
	tmux capture-pane -e -p -t t | awk 'NR >= 3 && /\033\[([0-9]*;)*7m/ {
		gsub(/\033\[[0-9;]*m/, ""); print NR " " $0; exit }'
}
plain() { tmux capture-pane -p -t t; }
# key_latency: k when the selection is on vethD, else j (back to it); print
# the µs until the selection row moved, or "miss" after 3 s (the screen is
# kept in $tmp/miss.N). Runs in $(...): the count is the files'.
key_latency()
{
	local before after t0 t1 key=j
	before=$(sel_row)
	[[ $before == *vethD* ]] && key=k
	before=${before%% *}
	t0=${EPOCHREALTIME/./}
	tmux send-keys -t t "$key"
	while :; do
		after=$(sel_row | cut -d' ' -f1)
		t1=${EPOCHREALTIME/./}
		[[ -n $after && $after != "$before" ]] && { echo $((t1 - t0)); return; }
		if ((t1 - t0 > 3000000)); then
			local n
			n=$(find "$tmp" -maxdepth 1 -name 'miss.*' | wc -l)
			{ echo "key $key, selection was on row $before, now on '$after'"; tmux capture-pane -e -p -t t; } >"$tmp/miss.$((n + 1))"
			echo miss
			return
		fi
	done
}
pane_counts() { plain | sed -nE 's/.* ([0-9]+) captured, ([0-9]+) dropped.*/\1 \2/p' | head -1; }

tui_mode()
{
	local i k lat row pid rate run samples=() idle=() misses=0 c0 c1 cpu0 cpu1 sent
	echo
	echo "== tui: keys while the packet pane captures the flood =="
	TMUX_TMPDIR=$(mktemp -d /run/capture-flood-tmux.XXXXXX)
	tmux -u -f /dev/null new-session -d -s t -x 100 -y 40 "exec $nstop --ns ns2"
	for ((i = 0; i < 100; i++)); do plain | grep -q vethD && break; sleep 0.05; done
	plain | grep -q vethD || die "the live view did not show vethD: $(plain)"
	pid=$(tmux display -p -t t '#{pane_pid}')
	# the selection onto ns2:vethD
	for ((i = 0; i < 30; i++)); do
		row=$(sel_row)
		[[ $row == *vethD* ]] && break
		tmux send-keys -t t j
		sleep 0.1
	done
	[[ $(sel_row) == *vethD* ]] || die "could not select vethD: $(plain)"
	local before
	before=$(plain)
	tmux send-keys -t t p
	for ((i = 0; i < 60; i++)); do
		plain | grep -qE 'vethD.*captured|captured.*dropped' && break
		sleep 0.05
	done
	if ! plain | grep -qE 'captured.*dropped'; then
		echo "SKIP tui: 'p' on ns2:vethD opened no packet pane in this build; the screen's last lines:"
		plain | tail -3
		[[ "$before" == "$(plain)" ]] && echo "(the screen did not change at all)"
		tmux kill-server >/dev/null 2>&1 || true
		return 0
	fi
	for ((i = 0; i < 100; i++)); do plain | grep -q 'opening\.\.\.' || break; sleep 0.05; done
	tmux send-keys -t t Tab # back to the tree; the pane keeps capturing
	sleep 0.3
	[[ $(sel_row) == *vethD* ]] || die "after Tab the tree's selection is not on vethD: $(plain)"
	echo "pane open: $(plain | grep -m1 -E 'captured.*dropped' | sed 's/^ *//')"
	for ((k = 0; k < KEYS; k++)); do
		lat=$(key_latency)
		[[ $lat == miss ]] && { misses=$((misses + 1)); continue; }
		idle+=("$lat")
		sleep 0.1
	done
	# what one look at the screen costs: the resolution of these figures
	local reads=() t0
	for ((k = 0; k < 10; k++)); do
		t0=${EPOCHREALTIME/./}
		sel_row >/dev/null
		reads+=($((${EPOCHREALTIME/./} - t0)))
	done
	read -r res_med _ _ <<<"$(stats_ms "${reads[@]}")"
	read -r i_med i_max i_n <<<"$(stats_ms "${idle[@]}")"
	echo "idle link: ${KEYS} keys, median $i_med ms, max $i_max ms ($((KEYS - i_n)) not answered within 3 s)"
	rate=${RATES%% *}
	local -a per_run=()
	for ((run = 1; run <= RUNS; run++)); do
		local run_s=() end
		read -r c0 _ <<<"$(pane_counts)"
		cpu0=$(cpu_ms "$pid")
		flood "$rate" "$tmp/flood.tui.$run" &
		pids+=("$!")
		sleep 0.5
		end=$((${EPOCHREALTIME/./} + (FLOOD_S * 1000000) - 1000000))
		k=0
		while ((${EPOCHREALTIME/./} < end)); do
			lat=$(key_latency)
			k=$((k + 1))
			if [[ $lat == miss ]]; then misses=$((misses + 1)); continue; fi
			run_s+=("$lat")
			samples+=("$lat")
			sleep 0.1
		done
		wait "${pids[-1]}" || die "the flood failed"
		sleep 1
		cpu1=$(cpu_ms "$pid")
		read -r c1 d1 <<<"$(pane_counts)"
		sent=$(awk '/^sent/ { print $2 }' "$tmp/flood.tui.$run")
		read -r r_med r_max r_n <<<"$(stats_ms "${run_s[@]}")"
		per_run+=("$r_med")
		echo "  flood $run (rate $rate): $r_n keys, median $r_med ms, max $r_max ms; sent $sent, pane saw $((c1 - c0)) (dropped so far: $d1);" \
			"nstop cpu $(($(cut -d' ' -f1 <<<"$cpu1") - $(cut -d' ' -f1 <<<"$cpu0"))) ms user + $(($(cut -d' ' -f2 <<<"$cpu1") - $(cut -d' ' -f2 <<<"$cpu0"))) ms sys"
	done
	read -r f_med f_max f_n <<<"$(stats_ms "${samples[@]}")"
	echo
	echo "==== tui summary (nstop --ns ns2 in tmux 100x40, pane on vethD, keys k/j on the tree) ===="
	echo "idle:   median $i_med ms, max $i_max ms over $i_n keys"
	echo "flood:  median $f_med ms, max $f_max ms over $f_n keys in $RUNS floods at rate $rate (per-flood medians: ${per_run[*]} ms)"
	if ((misses)); then
		echo "NOTE: $misses keys moved no selection within 3 s; the first screen (cat -v):"
		cat -v "$tmp/miss.1" 2>/dev/null | head -45 || true
	fi
	echo "keys not answered within 3 s: $misses; one screen read (tmux capture-pane -e) takes $res_med ms on an idle link: the resolution"
	echo "pane at the end: $(plain | grep -m1 -E 'captured.*dropped' | sed 's/^ *//')"
	tmux send-keys -t t q
	sleep 0.3
	tmux kill-server >/dev/null 2>&1 || true
}

case $MODE in
capture) capture_mode ;;
tui) tui_mode ;;
all)
	capture_mode
	tui_mode
	;;
esac
