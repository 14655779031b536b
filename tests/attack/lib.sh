# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Shared by the churn tests: start `nstop --monitor` and know when it is live.
# shellcheck source=../netns/lib.sh
source "$(dirname "$0")/../netns/lib.sh"

OUT=$TESTDIR/monitor.out
ERR=$TESTDIR/monitor.err

# monitor_start NS: run nstop --monitor in the background ($MON) and return
# once it reports a sentinel link made in NS after it read its first state.
monitor_start()
{
	local ns=$1
	"$NSTOP" --monitor >"$OUT" 2>"$ERR" &
	MON=$!
	trap 'kill $MON 2>/dev/null; wait 2>/dev/null' EXIT
	for _ in $(seq 60); do
		ip -n "$ns" link add ready0 type veth peer name ready1 || fail "sentinel link"
		for _ in $(seq 10); do
			grep -q "^\[$ns\] link ready0 add" "$OUT" && return 0
			sleep 0.1
		done
		# made before nstop's first read: not a change to it; again
		ip -n "$ns" link del ready0
		kill -0 "$MON" 2>/dev/null || fail "nstop --monitor exited: $(cat "$ERR")"
	done
	fail "nstop --monitor never reported the sentinel: $(cat "$ERR")"
}

# monitor_stop: it must still be alive and exit 0 on SIGTERM.
monitor_stop()
{
	local rc=0
	kill -0 "$MON" 2>/dev/null || fail "nstop --monitor died during the churn: $(cat "$ERR")"
	kill -TERM "$MON"
	wait "$MON" || rc=$?
	[[ $rc -eq 0 ]] || fail "nstop --monitor exited $rc: $(cat "$ERR")"
}
