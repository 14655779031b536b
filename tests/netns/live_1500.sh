#!/bin/bash
# SPDX-License-Identifier: MIT
# Live mode at 1500 namespaces (issue 16: "a test that live mode at 1500
# namespaces sees a change in the last one"). Each namespace has eth0 on a veth
# whose host end is a port of a bridge in '/' (750 ports each: a bridge takes at
# most 1023). Under the usual soft fd limit, `nstop --monitor` must watch them
# all (it raises its limit; 1500 namespaces need ~9000 fds) and print, as they
# happen, an address and a route added and a link going down in the last
# namespace made, and its veth's host end going down in '/'; nothing on stderr says a
# namespace is not watched.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

N=${N:-1500}
last=$(printf 'm%04d' $((N - 1)))
t0=${EPOCHREALTIME/./}
{
	echo "link add brA type bridge"
	echo "link add brB type bridge"
	echo "link set brA up"
	echo "link set brB up"
	for ((i = 0; i < N; i++)); do printf 'netns add m%04d\n' "$i"; done
	for ((i = 0; i < N; i++)); do
		printf 'link add h%04d type veth peer name eth0 netns m%04d\n' "$i" "$i"
		printf 'link set h%04d master br%s up\n' "$i" "$( ((i < N / 2)) && echo A || echo B)"
	done
} | ip -batch -
ip -n "$last" link set eth0 up
echo "setup: $N namespaces in $(((${EPOCHREALTIME/./} - t0) / 1000)) ms"
[[ $(find /run/netns -mindepth 1 -maxdepth 1 | wc -l) -eq $N ]] || fail "$N namespaces were not made"

ulimit -Sn 1024 # the usual soft limit: nstop must raise its own
hard=$(ulimit -Hn)
[[ $hard == unlimited ]] || ((hard >= 6 * N + 100)) ||
	fail "the hard fd limit ($hard) is below what $N namespaces need (6 fds each); this test needs a machine that allows it"
mon=$TESTDIR/mon.txt err=$TESTDIR/mon.err
"$NSTOP" --monitor >"$mon" 2>"$err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT

# wait_line RE SECONDS: a line of the monitor's output matches RE within SECONDS
wait_line()
{
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		grep -Eq -- "$1" "$mon" && return 0
		sleep 0.1
	done
	tail -5 "$mon" >&2
	head -5 "$err" >&2
	return 1
}
t0=${EPOCHREALTIME/./}
for ((i = 0; ; i++)); do
	ip link add "sent$i" type bridge
	wait_line "^\\[/\\] link sent$i add" 1 2>/dev/null && break
	((i < 120)) || fail "nstop --monitor never became live"
done
echo "live after $(((${EPOCHREALTIME/./} - t0) / 1000)) ms"
grep -i "not watched\|open-file limit" "$err" && fail "nstop did not watch every namespace (stderr above)"

step() { # RE CMD...: CMD, then a line matching RE within 5 s
	local re=$1 t
	shift
	t=${EPOCHREALTIME/./}
	"$@"
	wait_line "$re" 5 || fail "no monitor line /$re/ after: $*"
	echo "ok: /$re/ after $(((${EPOCHREALTIME/./} - t) / 1000)) ms"
}
step "^\\[$last\\] addr add 10\\.99\\.0\\.9/24 dev eth0\$" ip -n "$last" addr add 10.99.0.9/24 dev eth0
step "^\\[$last\\] route add 10\\.98\\.0\\.0/16 dev eth0" ip -n "$last" route add 10.98.0.0/16 dev eth0
step "^\\[$last\\] link eth0 down\$" ip -n "$last" link set eth0 down
step "^\\[/\\] link h$(printf %04d $((N - 1))) down\$" ip link set "h$(printf %04d $((N - 1)))" down
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
trap - EXIT
[[ $rc -eq 0 && ! -s $err ]] || { head -20 "$err" >&2; fail "nstop --monitor exited $rc, stderr above"; }
echo "ok: $N namespaces watched, a change in the last one seen; --monitor ended cleanly"
