#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark: how fast the view answers j/k with N namespaces, and what it costs
# idle. Inside a throwaway sandbox (tests/sandbox.sh, ARCHITECTURE.md §12) it
# makes N named namespaces k0000.. each with a veth whose host end hNNNN is a
# port of a bridge in '/' (br0, br1, ...: a Linux bridge takes at most 1023
# ports, so 1000 each), starts the real nstop in a private tmux server
# (200x50), waits until the last namespace is listed, then:
#   - idle: the view's CPU over IDLE_S s (utime + stime from /proc/PID/stat),
#     nothing pressed (the clock redraws every second);
#   - keys: KEYS presses in each phase, j and k in turn so the selection stays
#     where the phase put it: "top" (after g), "bottom" (after G, where a
#     move used to rescan every row above it) and "pgdn" (PgDn/PgUp in turn
#     from the middle), and "filter" (after /: "v" and Backspace in turn,
#     each a new filter and so a rebuild of the rows). Each press is timed from the moment it is written to a
#     tmux control-mode client (no process per key) to nstop's first output
#     after it (%output): key read -> handled -> drawn -> written. A key is
#     sent only once the pane was quiet for QUIET_MS, so the clock's redraw
#     (once a second) is not taken for the answer; an answer slower than
#     1000 - QUIET_MS ms would be (none is expected; such a figure is marked).
# Prints p50/p95/max per phase. Nothing is asserted about times (indicative on a
# shared machine); exit 1 if the setup fails, nstop does not start or does not
# list the namespaces, or a key gets no answer within 5 s.
# Usage: bench/keys_latency.sh [N] [path/to/nstop]   (N default 1000; nstop default build/src/nstop)
# Environment: KEYS (presses per phase, default 30), IDLE_S (default 10),
# QUIET_MS (default 300), VIEW=graph (press v first: the graph view),
# KEEP=DIR (copy the raw timings there).
set -euo pipefail

if [ "${1:-}" != "--inside" ]; then
	repo=$(cd "$(dirname "$0")/.." && pwd)
	n=${1:-1000}
	nstop=${2:-$repo/build/src/nstop}
	[[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= 9999)) || { echo "keys_latency: N must be 1..9999" >&2; exit 2; }
	[ -x "$nstop" ] || { echo "keys_latency: no executable nstop at '$nstop' (build: ninja -C build)" >&2; exit 1; }
	nstop=$(cd "$(dirname "$nstop")" && pwd)/$(basename "$nstop")
	for t in tmux perl; do
		command -v "$t" >/dev/null || { echo "keys_latency: $t not installed" >&2; exit 1; }
	done
	exec sh "$repo/tests/sandbox.sh" bash "$0" --inside "$n" "$nstop"
fi

# ---- inside the sandbox from here on ----
n=$2
nstop=$3
KEYS=${KEYS:-30}
IDLE_S=${IDLE_S:-10}
QUIET_MS=${QUIET_MS:-300}
tmp=$(mktemp -d)
export TMUX_TMPDIR=$tmp # a private tmux server: ended by kill-server below, and with the sandbox
cleanup() {
	tmux kill-server 2>/dev/null || true
	[ -n "${KEEP:-}" ] && mkdir -p "$KEEP" && cp "$tmp"/*.ms "$KEEP"/ 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
die() { echo "keys_latency: $*" >&2; exit 1; }
. "$(dirname "$0")/lib.sh" # now_us, star_batch

# ---- the namespaces: one ip -batch in '/' ----
t0=$(now_us)
nb=$(((n + 999) / 1000))
star_batch "$n" 1000 k%04d h%04d | ip -batch - || die "setup (ip -batch) failed"
echo "setup: $n namespaces, $n veths, $nb bridge(s) in $((($(now_us) - t0) / 1000)) ms"

# ---- nstop in tmux ----
tmux -u -f /dev/null new-session -d -s kl -x 200 -y 50 "$nstop; sleep 600"
tmux set-option -t kl -g window-size manual # the control client below must not resize the window
pid=
for ((i = 0; i < 200; i++)); do
	pid=$(pgrep -x -P "$(tmux display-message -p -t kl '#{pane_pid}')" nstop || true)
	[ -n "$pid" ] && break
	sleep 0.05
done
[ -n "$pid" ] || die "nstop did not start in tmux"
[ "${VIEW:-}" = graph ] && tmux send-keys -t kl v
last=$(printf 'k%04d' $((n - 1)))
for ((i = 0; i < 300; i++)); do
	tmux send-keys -t kl G
	sleep 0.1
	tmux capture-pane -p -t kl | grep -q "$last" && break
done
tmux capture-pane -p -t kl | grep -q "$last" || die "the view does not list $last after 30 s"
tmux send-keys -t kl g
sleep 2

# ---- idle ----
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; } # utime + stime, in clock ticks
c0=$(cpu) w0=$(now_us)
sleep "$IDLE_S"
c1=$(cpu) w1=$(now_us)
awk -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v w=$((w1 - w0)) -v n="$n" \
	'BEGIN { printf "idle, %d namespaces: %.2f%% of a CPU over %.0f s\n", n, 100 * c / hz / (w / 1e6), w / 1e6 }'

# ---- keys, timed by a control-mode client ----
# Reads "PHASE KEY" lines on stdin; for each writes send-keys and waits for the first %output after it.
cat >"$tmp/keys.pl" <<'EOF'
use strict; use warnings;
use IPC::Open2; use IO::Select; use Time::HiRes qw(time);
my ($quiet_ms, $dir) = @ARGV;
my $pid = open2(my $out, my $in, 'tmux', '-C', 'attach-session', '-t', 'kl') or die "tmux -C: $!";
$in->autoflush(1);
print $in "refresh-client -C 200x50\n";
my $sel = IO::Select->new($out);
my $buf = '';
# Lines read until $deadline (absolute); returns the time of the first %output line, or undef.
sub wait_output {
	my ($deadline) = @_;
	while (1) {
		while ($buf =~ s/^([^\n]*)\n//) {
			return time() if $1 =~ /^%output /;
		}
		my $left = $deadline - time();
		return undef if $left <= 0;
		next unless $sel->can_read($left);
		my $r = sysread($out, my $chunk, 65536);
		die "tmux -C ended\n" unless $r;
		$buf .= $chunk;
	}
}
while (my $line = <STDIN>) {
	my ($phase, $key) = split ' ', $line;
	if ($phase eq 'setup') { # not timed: it may not change the screen (g at the top)
		print $in "send-keys -t kl $key\n";
		wait_output(time() + 0.3);
		next;
	}
	# quiet first: no output for $quiet_ms (the clock redraws once a second)
	while (defined wait_output(time() + $quiet_ms / 1000)) { }
	my $t0 = time();
	print $in "send-keys -t kl $key\n";
	my $t1 = wait_output($t0 + 5);
	die "no answer to $key within 5 s\n" unless defined $t1;
	open(my $f, '>>', "$dir/$phase.ms") or die;
	printf $f "%.2f\n", ($t1 - $t0) * 1000;
	close $f;
}
print $in "detach-client\n";
close $in;
waitpid($pid, 0);
EOF
{
	echo "setup g"
	for ((i = 0; i < KEYS; i++)); do ((i % 2)) && echo "top k" || echo "top j"; done
	echo "setup G"
	for ((i = 0; i < KEYS; i++)); do ((i % 2)) && echo "bottom j" || echo "bottom k"; done
	echo "setup g"
	for ((i = 0; i < n / 2; i += 40)); do echo "setup NPage"; done
	for ((i = 0; i < KEYS; i++)); do ((i % 2)) && echo "pgdn PPage" || echo "pgdn NPage"; done
	# the filter: one rebuild of the rows per key ("v" matches every veth, and the view re-lays out)
	echo "setup g"
	echo "setup /"
	for ((i = 0; i < KEYS; i++)); do ((i % 2)) && echo "filter BSpace" || echo "filter v"; done
	echo "setup Escape"
} | perl "$tmp/keys.pl" "$QUIET_MS" "$tmp" || {
	tmux capture-pane -p -t kl | head -8 >&2
	die "timing the keys failed (the screen above)"
}

pct() { # file -> "p50 p95 max n" (nearest rank)
	sort -g "$1" | awk '{ v[NR] = $1 } END {
		i50 = int(NR * 0.50 + 0.999); i95 = int(NR * 0.95 + 0.999)
		printf "p50 %6.1f  p95 %6.1f  max %6.1f ms  (%d keys)", v[i50], v[i95], v[NR], NR }'
}
limit=$((1000 - QUIET_MS))
for phase in top bottom pgdn filter; do
	printf '%-28s %s' "${VIEW:-tree} $phase ($n ns):" "$(pct "$tmp/$phase.ms")"
	awk -v l="$limit" '$1 > l { s = 1 } END { if (s) printf "  (some over %d ms: may be the clock redraw)", l }' "$tmp/$phase.ms"
	echo
done
kill -0 "$pid" 2>/dev/null || die "nstop is gone"
echo "($(nproc) CPUs, kernel $(uname -r))"
