#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Memory of the live view with two packet panes open under a long UDP flood:
# the rings are bounded (10 000 packets each), so RSS must level off. Inside
# the sandbox: ns1/ns2 on a veth pair, panes on both ends, a flood of
# SECONDS (default 60) at PPS (default 50000); RSS and fds of nstop every 5 s.
# Usage: bench/soak_pane.sh [path/to/nstop]
set -euo pipefail
if [[ "${1:-}" != --inside ]]; then
	repo=$(cd "$(dirname "$0")/.." && pwd)
	nstop=$(realpath "${1:-$repo/build/src/nstop}")
	exec sh "$repo/tests/sandbox.sh" bash "$0" --inside "$nstop" "$(dirname "$nstop")/../tests/netprobe"
fi
NSTOP=$2
probe=$(realpath "$3")
. "$(dirname "$0")/../tests/ui/lib.sh"
seconds=${SECONDS_TOTAL:-60} pps=${PPS:-50000}

add_netns ns1
add_netns ns2
ip link add vethB netns ns1 type veth peer name vethD netns ns2
ip -n ns1 addr add 192.168.10.2/24 dev vethB
ip -n ns2 addr add 192.168.10.3/24 dev vethD
ip -n ns1 link set vethB up
ip -n ns2 link set vethD up
ip -n ns1 neigh add 192.168.10.3 lladdr "$(ip -n ns2 -j link show vethD | jq -r '.[0].address')" dev vethB

start_ui
wait_screen '^▾ ns1'
for l in vethB vethD; do
	keys / ; tmux send-keys -t t -l "$l"; keys Enter G Escape p
	wait_screen " $l @ "
	keys Tab
done
pid=$(pgrep -f "^$NSTOP" | head -1)
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$pid/status"; }
fds() { ls "/proc/$pid/fd" | wc -l; }
echo "before the flood: rss $(rss) kB, fds $(fds)"
ip netns exec ns1 "$probe" udp-flood 192.168.10.3 9000 "$seconds" "$pps" >/run/flood.out &
for ((t = 5; t <= seconds; t += 5)); do
	sleep 5
	echo "t=${t}s: rss $(rss) kB, fds $(fds)"
done
wait
echo "flood: $(cat /run/flood.out); panes: $(screen | grep -oE '[0-9]+ captured, [0-9]+ dropped' | tr '\n' ' ')"
quit_ui
echo "exit status 0 (under ASan this is the leak check)"
