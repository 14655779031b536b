#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Link references in the graph and details, on real links: a macvlan moved
# to namespace mv while its parent bridge stays in / is a dashed line between
# the two boxes; vxlan 42 in a and b over a veth underlay (local/remote
# swapped) is a tunnel line beside the veth's; a vxlan with no other end
# says so in details. Graph screens (UTF-8 and ASCII) match golden files.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

no_ipv6 /
ip link add br0 address 02:00:00:00:00:01 type bridge
ip link set br0 up
add_netns mv
ip link add mv0 link br0 address 02:00:00:00:00:02 type macvlan mode bridge
ip link set mv0 netns mv
ip -n mv link set mv0 up
add_netns a
add_netns b
ip link add ua address 02:00:00:00:0a:01 netns a type veth peer name ub address 02:00:00:00:0b:01 netns b
ip -n a addr add 10.50.0.1/24 dev ua
ip -n b addr add 10.50.0.2/24 dev ub
ip -n a link set ua up
ip -n b link set ub up
ip -n a link add vx0 address 02:00:00:00:0a:02 type vxlan id 42 local 10.50.0.1 remote 10.50.0.2 dstport 4789 dev ua
ip -n b link add vx0 address 02:00:00:00:0b:02 type vxlan id 42 local 10.50.0.2 remote 10.50.0.1 dstport 4789 dev ub
ip -n b link add vx9 address 02:00:00:00:0b:09 type vxlan id 43 local 10.50.0.2 remote 10.50.0.1 dstport 4789 dev ub
for n in a b; do ip -n "$n" link set vx0 up; done

start_ui
wait_screen 'vx9' 5
keys v
wait_screen '\[graph\]'
wait_screen '┤ mv0 macvlan' 2
wait_screen '≈' 2
golden link-refs-graph

# details: the tunnel peer by namespace and name, the macvlan's parent in /, a lone end's reason
keys v
keys /
tmux send-keys -t t -l vx0
keys Enter
keys j
keys Enter
wait_screen 'tunnel peer b:vx0 \(ifindex [0-9]+, other namespace\)' 2
keys Enter
keys /
tmux send-keys -t t C-u
tmux send-keys -t t -l vx9
keys Enter
keys j
keys Enter
wait_screen 'tunnel peer: no visible end with local/remote swapped and the same id' 2
keys Enter
keys /
tmux send-keys -t t C-u
tmux send-keys -t t -l mv0
keys Enter
keys j
keys Enter
wait_screen 'lower /:br0 \(ifindex [0-9]+, other namespace\)' 2
wait_screen '^ *mode bridge' 2
keys Enter
keys /
tmux send-keys -t t C-u
tmux send-keys -t t -l br0
keys Enter
keys j
keys Enter
wait_screen 'ports: none' 2
quit_ui

# the same picture with ASCII line drawing: dots for the lower device, tildes for the tunnel
start_ui --ascii
wait_screen 'vx9' 5
keys v
wait_screen '\[graph\]'
wait_screen '\+ mv0 macvlan' 2
golden link-refs-graph-ascii
quit_ui
