#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One namespace, one identity (issue 12): a namespace held by a process, then
# bind-mounted (as container engines do), then gone, is exactly `netns add`,
# `netns rename`, `netns del` for one inode in --monitor, text and JSON, and
# --monitor --ns INODE follows it across the rename. --ns takes a name, a path
# or an inode.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

now_ms() { date +%s%3N; }

# wait_line FILE ERE [SECONDS]: FILE gets a line matching ERE (the process rescan is every 2 s).
wait_line()
{
	local file=$1 re=$2 limit=$((${3:-6} * 1000)) start
	start=$(now_ms)
	while ! grep -qE -- "$re" "$file"; do
		if (($(now_ms) - start > limit)); then
			echo "--- $file:" >&2
			cat "$file" >&2
			fail "no line /$re/ in $file"
		fi
		sleep 0.05
	done
	echo "ok: $file has /$re/"
}

mon=$TESTDIR/mon.txt
monj=$TESTDIR/mon.json
monn=$TESTDIR/mon-ns.json
"$NSTOP" --monitor >"$mon" 2>"$TESTDIR/mon.err" &
mon_pid=$!
"$NSTOP" --monitor --json >"$monj" 2>"$TESTDIR/monj.err" &
monj_pid=$!
PID=
monn_pid=
cleanup()
{
	kill "$mon_pid" "$monj_pid" $monn_pid $PID 2>/dev/null || true
	umount /run/ctr/ns 2>/dev/null || true
}
trap cleanup EXIT
sleep 0.5 # the monitors have read the first state

unshare -n sleep 1000 &
PID=$!
wait_netns_changed "$PID"
INO=$(stat -L -c %i "/proc/$PID/ns/net")
PID_WAS=$PID
wait_line "$mon" "^\\[/\\] netns add pid:$PID\$"

# By name and by inode, --ns is the same namespace; an unknown one keeps its message.
json_run --ns "pid:$PID"
jq_eq '[.namespaces[] | [.name, .display, .inode]]' "[[\"pid:$PID\",\"pid:$PID\",$INO]]"
json_run --ns "$INO"
jq_eq '[.namespaces[] | [.name, .display, .inode]]' "[[\"pid:$PID\",\"pid:$PID\",$INO]]"
jq_eq "$(ns_f "pid:$PID") | .containers" '[]'
rc=0
"$NSTOP" --ns 999999999999 --json >"$TESTDIR/out" 2>"$TESTDIR/err" || rc=$?
expect_eq "exit status of --ns with an unknown inode" 2 "$rc"
expect_eq "message of --ns with an unknown inode" 1 \
	"$(grep -c "^nstop: no namespace named '999999999999'; known namespaces: " "$TESTDIR/err")"

# a monitor of that one namespace, named by its inode
"$NSTOP" --monitor --json --ns "$INO" >"$monn" 2>"$TESTDIR/monn.err" &
monn_pid=$!
sleep 0.5

# The engine bind-mounts it: the same namespace by a new name.
mkdir -p /run/ctr
touch /run/ctr/ns
mount --bind "/proc/$PID/ns/net" /run/ctr/ns
wait_line "$mon" "^\\[/\\] netns rename pid:$PID -> /run/ctr/ns\$"
json_reset
jq_eq "[.namespaces[] | select(.inode == $INO) | [.name, .kind, .display]]" '[["/run/ctr/ns","mount","/run/ctr/ns"]]'

# its own lines are under its (display) name now, with its inode
nsenter --net=/run/ctr/ns ip link add vx7 type veth peer name vy7
wait_line "$mon" '^\[/run/ctr/ns\] link vx7 add veth down$'
wait_line "$mon" '^\[/run/ctr/ns\] link vy7 add veth down$'
wait_line "$monj" '"text":"link vx7 add veth down"'

# The process ends (the mount still holds it), then the mount goes: one del.
kill "$PID"
wait "$PID" 2>/dev/null || true
PID=
sleep 2.5 # a process rescan passes: still the same namespace, no line
umount /run/ctr/ns
wait_line "$mon" '^\[/\] netns del /run/ctr/ns$'
sleep 0.3
kill -TERM "$mon_pid" "$monj_pid" "$monn_pid"
wait "$mon_pid" || fail "nstop --monitor exited with status $?"
wait "$monj_pid" || fail "nstop --monitor --json exited with status $?"
wait "$monn_pid" || fail "nstop --monitor --json --ns $INO exited with status $?"

# Exactly add, rename, del for that inode, in that order, and nothing else about namespaces.
expect_eq "netns lines of the namespace (text)" \
	"[/] netns add pid:$PID_WAS|[/] netns rename pid:$PID_WAS -> /run/ctr/ns|[/] netns del /run/ctr/ns" \
	"$(grep '^\[/\] netns ' "$mon" | paste -sd '|')"
expect_eq "netns lines of inode $INO (JSON)" \
	"add pid:$PID_WAS $INO|rename /run/ctr/ns $INO|del /run/ctr/ns $INO" \
	"$(jq -r "select(.object == \"netns\" and .inode == $INO) | \"\\(.action) \\(.name) \\(.inode)\"" "$monj" | paste -sd '|')"
expect_eq "netns lines of other inodes (JSON)" "" \
	"$(jq -r "select(.object == \"netns\" and .inode != $INO) | .text" "$monj")"
jq -e -s "all(.[]; has(\"inode\") and has(\"display\"))" "$monj" >/dev/null ||
	fail "a --monitor --json line lacks inode or display"
expect_eq "the link line's namespace, inode, display (JSON)" "/run/ctr/ns $INO /run/ctr/ns" \
	"$(jq -r 'select(.object == "link" and .name == "vx7") | "\(.namespace) \(.inode) \(.display)"' "$monj")"
# --ns INODE saw its namespace's life after it started: rename, its links, del; nothing of others
expect_eq "--monitor --ns $INO netns lines" "rename|del" \
	"$(jq -r 'select(.object == "netns") | .action' "$monn" | paste -sd '|')"
expect_eq "--monitor --ns $INO other lines" "$INO link vx7 add veth down|$INO link vy7 add veth down" \
	"$(jq -r 'select(.object != "netns") | "\(.inode) \(.text)"' "$monn" | sort | paste -sd '|')"
echo "PASS: ns_identity"
