#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --monitor over a container's life (issue 12): while nstop --monitor (text and JSON)
# runs, a Docker container is started and removed. Its namespace is born once (one
# netns add, with the inode /proc says), may be renamed once (a process-held
# namespace becoming Docker's mount), has its lines named by its display name, and
# dies once (one netns del for the same inode); no other namespace comes or goes.
. "$(dirname "$0")/lib.sh"
. "$RT_LIB_DIR/lib_checks.sh"
rt_start_docker
rt_docker_scenario
mon=$TESTDIR
"$NSTOP" --monitor --json >"$mon/mon.json" 2>"$mon/mon-json.err" &
mon_json=$!
"$NSTOP" --monitor >"$mon/mon.txt" 2>"$mon/mon-txt.err" &
mon_txt=$!
sleep 1.5 # both have read the namespaces once and listen

# wait_json JQ SECONDS: until a line of the JSON monitor matches (jq -e select)
wait_json()
{
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		# (the last line may be half written: jq's complaint about it must not count)
		grep -q . < <(jq -c "select($1)" "$mon/mon.json" 2>/dev/null) && return 0
		sleep 0.1
	done
	cat "$mon/mon.json" >&2
	fail "nstop --monitor --json printed no line matching $1 within $2 s"
}

docker run -d --name late bb sleep 2147483647 >/dev/null
ino=$(rt_netns_inode "$(docker inspect -f '{{.State.Pid}}' late)")
display=$(oracle_display "$(oracle_docker)" "$ino")
wait_json ".inode == $ino and .display == \"$display\"" 10
phase "container started"
docker rm -f late >/dev/null
wait_json ".object == \"netns\" and .action == \"del\"" 10
sleep 0.5 # the rest of the burst
kill -TERM "$mon_json" "$mon_txt"
wait "$mon_json" "$mon_txt" 2>/dev/null || true
phase "container removed"

jq -e . "$mon/mon.json" >/dev/null || fail "nstop --monitor --json printed a line that is not JSON"
m() { jq -s -c "$1" "$mon/mon.json"; }
expect_eq "lines without inode and display" 0 "$(m 'map(select((has("inode") and has("display")) | not)) | length')"
expect_eq "netns add lines (one namespace was born)" "[$ino]" "$(m '[.[] | select(.object == "netns" and .action == "add") | .inode]')"
expect_eq "netns del lines (one namespace died)" "[$ino]" "$(m '[.[] | select(.object == "netns" and .action == "del") | .inode]')"
expect_eq "renames of the namespace (at most one, between add and del)" true \
	"$(m "[to_entries[] | select(.value.object == \"netns\") | {k: .key, a: .value.action}]
		| (map(select(.a == \"rename\")) | length) <= 1 and
		  ([.[] | .a] | (index(\"add\") // -1) == 0 and ((index(\"del\") // -1) == length - 1))")"
expect_eq "events in the namespace named by its display name" true \
	"$(m "[.[] | select(.inode == $ino and .object != \"netns\")] | length > 0 and any(.display == \"$display\")")"
grep -q "^\[$display\] " "$mon/mon.txt" ||
	fail "nstop --monitor printed no line prefixed [$display]: $(head -n 20 "$mon/mon.txt")"
expect_eq "netns add lines of the text monitor" 1 "$(grep -c 'netns add' "$mon/mon.txt" || true)"
expect_eq "netns del lines of the text monitor" 1 "$(grep -c 'netns del' "$mon/mon.txt" || true)"
phase "checks"
