#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Namespaces appear and vanish while the tree is shown, and a key or the
# one-second tick comes in the same loop turn as the rescan that adopts them.
# The UI must never read the model through what it derived from an older
# model (rows once held pointers into the namespace array that the rescan
# reallocates). Run on the ASan build (meson passes its nstop), any sanitizer
# report fails the test; on any build nstop must keep up and quit cleanly.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SAN_LOG=/run/nstop-san
export ASAN_OPTIONS="log_path=$SAN_LOG:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$SAN_LOG:print_stacktrace=1"
UI_ENV="ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS"

sanitizer_clean()
{
	local f
	for f in "$SAN_LOG".*; do
		[[ -e $f ]] || continue
		sleep 1 # the report is still being written
		cat "$f" >&2
		fail "the sanitizer reported an error ($1)"
	done
}

# settle REGEX: nstop shows REGEX within 5 s; a sanitizer report fails at once.
settle()
{
	local i
	for i in $(seq 250); do
		sanitizer_clean "$2"
		screen | grep -qE -- "$1" && return 0
		sleep 0.02
	done
	screen >&2
	fail "$2: the screen never showed /$1/"
}

nstop_pid()
{
	local shell
	shell=$(tmux display -p -t t '#{pane_pid}')
	ps -o pid= --ppid "$shell" | tr -d ' ' | head -n1
}

if grep -qa __asan_init "$NSTOP"; then
	echo "nstop is built with AddressSanitizer: any report fails the test"
else
	echo "note: $NSTOP has no sanitizer; the ASan build (meson -Db_sanitize=address,undefined) sees memory errors"
fi
no_ipv6 /
start_ui
wait_screen '^▾ /'
pid=$(nstop_pid)
[[ -n $pid ]] || fail "cannot find nstop's pid"

# Each round holds nstop stopped past both its /proc rescan (2 s) and its
# tick (1 s), changes the namespaces, and lets it go: the first loop turn
# then rescans (adopting many namespaces at once: the array grows) and ticks,
# with keys typed meanwhile waiting on stdin. A busy machine does the same.
holders=()
named=()
total=1
for round in 1 2 3 4; do
	count=$((4 << round)) # 8, 16, 32, 64: past the namespace array's capacity each time
	kill -STOP "$pid"
	for h in "${holders[@]}"; do kill "$h"; done
	wait "${holders[@]}" 2>/dev/null || true
	for n in "${named[@]}"; do ip netns del "$n"; done
	holders=() named=()
	for i in $(seq $((count / 2))); do
		unshare -n sleep 100 &
		holders+=($!)
		ip netns add "r${round}n$i"
		named+=("r${round}n$i")
	done
	tmux send-keys -t t j j k
	sleep 2.2
	kill -CONT "$pid"
	total=$((count + 1))
	settle " $total namespaces " "round $round: $count namespaces adopted"
	settle "r${round}n1 " "round $round: $count namespaces adopted"
	kill -0 "$pid" 2>/dev/null || fail "nstop died in round $round"
done

# And gone again, with a tick in the same turn.
kill -STOP "$pid"
for h in "${holders[@]}"; do kill "$h"; done
wait "${holders[@]}" 2>/dev/null || true
for n in "${named[@]}"; do ip netns del "$n"; done
tmux send-keys -t t G
sleep 2.2
kill -CONT "$pid"
settle ' 1 namespace ' "namespaces removed"
quit_ui
sanitizer_clean "at exit"
echo "namespaces came and went under keys and ticks; nstop kept up and exited cleanly"
