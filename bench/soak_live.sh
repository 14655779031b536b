#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Soak the live path: `nstop --monitor` runs while namespaces, veth pairs,
# addresses and routes are created and destroyed for SECONDS; reports the
# lines seen, RSS at start and end, and the exit status after SIGTERM (built
# with -Db_sanitize=address, a leak makes that status non-zero).
# Usage: bench/soak_live.sh [path/to/nstop] [SECONDS]   (root; runs in the sandbox)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if [[ "${1:-}" != --inside ]]; then
	exec sh "$repo/tests/sandbox.sh" bash "$0" --inside "$(realpath "${1:-$repo/build/src/nstop}")" "${2:-60}"
fi
nstop=$2
seconds=$3

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

"$nstop" --monitor >/run/soak.out 2>/run/soak.err &
pid=$!
sleep 1
rss0=$(rss_kb "$pid")
fds0=$(ls "/proc/$pid/fd" | wc -l)
end=$((SECONDS + seconds))
rounds=0
while ((SECONDS < end)); do
	for i in 1 2 3 4 5; do
		ip netns add "s$i"
		ip link add "h$i" type veth peer name eth0 netns "s$i"
		ip -n "s$i" addr add "192.168.50.$i/24" dev eth0
		ip -n "s$i" link set eth0 up
		ip link set "h$i" up
		ip -n "s$i" route add default dev eth0
	done
	sleep 0.2
	for i in 1 2 3 4 5; do
		ip -n "s$i" addr del "192.168.50.$i/24" dev eth0
		ip link del "h$i"
		ip netns del "s$i"
	done
	sleep 0.2
	rounds=$((rounds + 1))
	# the 2 s /proc rescan must have run several times by the end
done
sleep 3 # let the last deletions and a rescan through
rss1=$(rss_kb "$pid")
fds1=$(ls "/proc/$pid/fd" | wc -l)
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
lines=$(wc -l </run/soak.out)
echo "soak: ${seconds}s, $rounds rounds of 5 namespaces, $lines monitor lines"
echo "soak: RSS ${rss0} kB after start, ${rss1} kB at the end"
echo "soak: open fds ${fds0} after start, ${fds1} at the end (a namespace's fds must go with it)"
echo "soak: exit status after SIGTERM: $status"
if [[ -s /run/soak.err ]]; then
	echo "soak: stderr:"
	head -50 /run/soak.err
fi
[[ $status -eq 0 && $fds1 -le $fds0 ]]
