#!/bin/bash
# SPDX-License-Identifier: MIT
# The open-file limit at 300 namespaces (issue 16: --monitor used to stop at
# 1024 fds and drop events without a word). With a low soft limit nstop raises
# it and sees a link go down in the last namespace; with the hard limit itself
# at 256 it cannot watch them all, and then it says which on stderr: the link
# down is either printed or its namespace named as not watched, and the count
# in the summary is the number of namespaces it names.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

N=300
last=lab$((N - 1))
batch=$TESTDIR/batch
for ((i = 0; i < N; i++)); do echo "netns add lab$i"; done >"$batch"
ip -batch "$batch"
for ((i = 0; i < N; i++)); do echo "link add c$i netns lab$i type bridge"; done >"$batch"
ip -batch "$batch"
[[ $(find /run/netns -mindepth 1 -maxdepth 1 | wc -l) -eq $N ]] || fail "$N namespaces were not made"

pid='' sent=0
cleanup() { [[ -z $pid ]] || kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

# run_monitor LIMITS OUT ERR: nstop --monitor under `ulimit LIMITS` in the background
run_monitor()
{
	# shellcheck disable=SC2086 # LIMITS is options
	(ulimit $1 && exec "$NSTOP" --monitor) >"$2" 2>"$3" &
	pid=$!
}

# wait_file FILE RE [TENTHS]: until a line of FILE matches RE
wait_file()
{
	local i
	for ((i = 0; i < ${3:-300}; i++)); do
		grep -Eq -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# start_and_flip LIMITS OUT ERR: nstop live (a sentinel in / seen), then the last namespace's link down
start_and_flip()
{
	ip -n "$last" link set "c$((N - 1))" up
	run_monitor "$1" "$2" "$3"
	local i
	for ((i = 0; ; i++)); do
		sent=$((sent + 1))
		ip link add "sent$sent" type bridge
		wait_file "$2" "^\\[/\\] link sent$sent add" 10 && break
		((i < 30)) || { cat "$3" >&2; fail "nstop --monitor ($1) never became live"; }
	done
	ip -n "$last" link set "c$((N - 1))" down
}

# 1. soft limit 256, hard limit as the sandbox has it: raised, everything watched.
out=$TESTDIR/mon1.out err=$TESTDIR/mon1.err
hard=$(ulimit -Hn)
[[ $hard == unlimited || $hard -ge $((64 + 6 * (N + 1))) ]] || skip "the hard open-file limit ($hard) is below what $N namespaces need"
start_and_flip "-Sn 256" "$out" "$err"
wait_file "$out" "^\\[$last\\] link c$((N - 1)) down\$" || { cat "$err" >&2; fail "soft limit 256: the link down in $last was not seen"; }
kill "$pid"; wait "$pid" || true; pid=
if grep -q "not watched\|cannot watch" "$err"; then cat "$err" >&2; fail "soft limit 256: nstop says it cannot watch, with the hard limit at $hard"; fi
echo "ok: soft limit 256 raised: [$last] link c$((N - 1)) down seen, nothing unwatched"

# 2. hard limit 256: not everything can be watched, and nstop says precisely what.
out=$TESTDIR/mon2.out err=$TESTDIR/mon2.err
start_and_flip "-n 256" "$out" "$err"
wait_file "$err" "^nstop: cannot watch [0-9]+ of $((N + 1)) namespaces for changes: open-file limit 256 \\(hard 256\\)" ||
	{ cat "$err" >&2; fail "hard limit 256: no summary of the namespaces not watched"; }
sleep 5 # the line, if it is seen, has come by now; and two rescans short of fds have run
kill "$pid"; wait "$pid" || true; pid=
# a namespace discovery could not open for want of fds is still there: never a deletion
if grep -q 'netns del' "$out"; then grep 'netns del' "$out" | head -3 >&2; fail "hard limit 256: namespaces reported deleted that were not"; fi
# the last report stands (the count may move as fds come free): its summary, then its names
report=$TESTDIR/report
awk '/^nstop: cannot watch /{n=0; delete l} {l[n++]=$0} END{for(i=0;i<n;i++) print l[i]}' "$err" >"$report"
k=$(sed -nE 's/^nstop: cannot watch ([0-9]+) of .*/\1/p' "$report")
named=$(grep -c '^nstop: not watched: ' "$report" || true)
[[ $k -gt 0 && $k -eq $named ]] || { cat "$err" >&2; fail "hard limit 256: summary says $k, $named namespaces named"; }
seen=0 listed=0
grep -qx "\\[$last\\] link c$((N - 1)) down" "$out" && seen=1
grep -Eqx "nstop: not watched: (/run/netns/)?$last" "$report" && listed=1
if ((seen + listed != 1)); then
	cat "$err" >&2
	fail "hard limit 256: $last's link down seen=$seen, $last named as not watched=$listed (exactly one expected)"
fi
echo "ok: hard limit 256: $k of $((N + 1)) namespaces named as not watched; $last: seen=$seen named=$listed"

# 3. --json under a hard limit of 512: 301 namespaces hold 301 nsfs fds, and reading each needs two
# sockets more; a snapshot gives a read namespace's sockets back, and the nsid walk opens one again
# where the far end did not answer. Every namespace read, every veth end resolved, across namespaces
# (lab0-lab4 to /) and between two of them (lab10 - lab11, resolved from lab10's or lab11's side).
for ((i = 0; i < 5; i++)); do ip link add "v$i" type veth peer name eth0 netns "lab$i"; done
ip -n lab10 link add x10 type veth peer name x11 netns lab11
json=$TESTDIR/snap.json
(ulimit -n 512 && exec "$NSTOP" --json) >"$json" 2>"$TESTDIR/json.err" || { cat "$TESTDIR/json.err" >&2; fail "--json under a hard limit of 512 exited $?"; }
n=$(jq '.namespaces | length' "$json")
[[ $n -eq $((N + 1)) ]] || fail "--json (limit 512) listed $n namespaces, not $((N + 1))"
unread=$(jq '[.namespaces[] | .warnings[]? | select(test("not read"))] | length' "$json")
[[ $unread -eq 0 ]] || { jq -c '[.namespaces[] | .warnings[]? | select(test("not read"))] | .[:3]' "$json" >&2; fail "--json (limit 512): $unread namespaces not read"; }
peers=$(jq -r '.namespaces[] | .name as $ns | .links[] | select(.kind == "veth") | "\($ns):\(.name)>\(.peer.namespace // "?"):\(.peer.name // "?")"' "$json" | LC_ALL=C sort | tr '\n' ' ')
ends=()
for ((i = 0; i < 5; i++)); do ends+=("/:v$i>lab$i:eth0" "lab$i:eth0>/:v$i"); done
want=$(printf '%s\n' "${ends[@]}" "lab10:x10>lab11:x11" "lab11:x11>lab10:x10" | LC_ALL=C sort | tr '\n' ' ')
[[ $peers == "$want" ]] || fail "--json (limit 512) veth ends: '$peers', want '$want'"
echo "ok: --json under a hard limit of 512: $n namespaces read, 12 veth ends resolved"
