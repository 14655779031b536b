#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Other nstops reading does not rename a namespace (issue 12): each one enters
# every namespace for a moment to read it, and a /proc scan that counted it as a
# holder would name a process-held namespace pid:<that nstop> and then rename
# it back. With `nstop --json` running in a loop, namespaces made and ended
# under --monitor are exactly add and del, each under its holder's pid.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mon=$TESTDIR/mon.txt
readers=()
holders=()
# Readers with lower pids than the holders, discovering each new namespace at the
# same rescan as the monitor (started together, same 2 s cadence), plus one-shot ones.
for _ in 1 2 3; do
	"$NSTOP" --monitor >/dev/null 2>&1 &
	readers+=($!)
done
"$NSTOP" --monitor >"$mon" 2>"$TESTDIR/mon.err" &
mon_pid=$!
cleanup()
{
	kill "$mon_pid" "${readers[@]}" "${holders[@]}" 2>/dev/null || true
}
trap cleanup EXIT
sleep 0.5

for _ in 1; do
	(while :; do "$NSTOP" --json >/dev/null 2>&1; done) &
	readers+=($!)
done
want=()
for _ in $(seq 6); do
	unshare -n sleep 1000 &
	pid=$!
	holders+=("$pid")
	wait_netns_changed "$pid"
	want+=("[/] netns add pid:$pid")
	sleep 0.7
done
sleep 2.5 # a process rescan passes with every namespace held
for pid in "${holders[@]}"; do
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	want+=("[/] netns del pid:$pid")
done
holders=()
sleep 2.5
kill "${readers[@]}" 2>/dev/null || true
wait "${readers[@]}" 2>/dev/null || true
readers=()
kill -TERM "$mon_pid"
wait "$mon_pid" || fail "nstop --monitor exited with status $?"

expect_eq "netns lines while other nstops read" \
	"$(printf '%s\n' "${want[@]}" | sort | paste -sd '|')" \
	"$(grep '^\[/\] netns ' "$mon" | sort | paste -sd '|')"
echo "PASS: ns_readers"
