#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Neighbours in the tree and details (issue 13): a link row counts its
# neighbours and shows a FAILED one in the warn role; the details list each
# with lladdr and state, and a bridge port's FDB entries; a neighbour turning
# FAILED shows live.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ip netns add na
ip netns add nb
ip -n na link add a0 type veth peer name b0 netns nb
ip -n na addr add 10.7.0.1/24 dev a0
ip -n nb addr add 10.7.0.2/24 dev b0
ip -n na link set a0 up
ip -n nb link set b0 up
ip -n na neigh add 10.7.0.50 lladdr 02:00:00:00:00:50 dev a0 nud permanent
ip -n na neigh add 10.7.0.51 lladdr 02:00:00:00:00:51 dev a0 nud stale
ip link add br0 type bridge
ip link add p1 type veth peer name p2
ip link set p1 master br0
for l in br0 p1 p2; do ip link set $l up; done
bridge fdb add 02:00:00:00:00:77 dev p1 master static

rm -f "$UI_RC"
tmux -u -f /dev/null new-session -d -s t -x 180 -y 40 "$NSTOP; echo \$? >$UI_RC; sleep 600"
wait_screen 'namespace' 5
wait_screen '─ a0 ⇄ nb:b0 2 neigh +veth' 5
# an address nobody has: INCOMPLETE, then FAILED, live on the row
ip netns exec na bash -c 'echo x >/dev/udp/10.7.0.9/9' 2>/dev/null || true
wait_screen '─ a0 ⇄ nb:b0 3 neigh 1 INCOMPLETE +veth' 3
wait_screen '─ a0 ⇄ nb:b0 3 neigh 1 FAILED +veth' 8

keys /
tmux send-keys -t t -l '^a0$' # the name alone: an IPv6 link-local (random MAC) may hold "a0" too
keys Enter
keys j
keys Enter
wait_screen 'neighbours: 3 \+ [0-9]+ multicast \(NOARP\)  FAILED: no answer to ARP/NDP' 2
wait_screen '^ *inet +10\.7\.0\.50 +02:00:00:00:00:50 +PERMANENT' 2
wait_screen '^ *inet +10\.7\.0\.51 +02:00:00:00:00:51 +STALE' 2
wait_screen '^ *inet +10\.7\.0\.9 +- +FAILED' 2
keys Enter
keys /
tmux send-keys -t t C-u
tmux send-keys -t t -l p1
keys Enter
keys j
keys Enter
wait_screen 'fdb: [0-9]+' 2
wait_screen '^ *02:00:00:00:00:77 +static +master br0' 2
quit_ui
echo "ok: neighbours on rows and in details"
