#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Link kinds in the tree and details: a macvlan names its lower device as
# @link, or @ns:link for one moved to another namespace), a vxlan its VNI, remote
# and underlay, a tap its owner; details list the kind's every field.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ip link add up0 type veth peer name up1
ip link set up0 up
ip link set up1 up
ip addr add 10.50.0.1/24 dev up0
ip netns add other
ip link add mv1 link up0 type macvlan mode bridge
ip link add mv2 link up0 type macvlan mode private
ip link set mv2 netns other
ip link add vx0 type vxlan id 42 local 10.50.0.1 remote 10.50.0.2 dstport 4789 dev up0
ip tuntap add mode tap user 1000 name tap0

# wide enough for the whole name column (the shared start_ui is 100 columns)
rm -f "$UI_RC"
tmux -u -f /dev/null new-session -d -s t -x 180 -y 40 "$NSTOP; echo \$? >$UI_RC; sleep 600"
wait_screen 'namespace' 5
# the lower device by name in the row's own namespace, as ns:name (display name) in another
wait_screen '─ mv1@up0 macvlan bridge +macvlan +DOWN' 5
wait_screen '─ vx0 vxlan 42 → 10\.50\.0\.2 dev up0 +vxlan +DOWN' 2
wait_screen '─ tap0 tap owner 1000 \(not open\) +tap +DOWN' 2
wait_screen '─ mv2@/:up0 macvlan private +macvlan +DOWN' 2

keys /
tmux send-keys -t t -l vx0
keys Enter
keys j
keys Enter
wait_screen 'lower /:up0 \(ifindex [0-9]+, same namespace\)' 2
wait_screen '^ *id 42' 2
wait_screen '^ *remote 10\.50\.0\.2' 2
wait_screen '^ *local 10\.50\.0\.1' 2
wait_screen '^ *port 4789' 2
wait_screen '^ *learning yes' 2
keys Enter
keys /
tmux send-keys -t t C-u
tmux send-keys -t t -l mv2
keys Enter
keys j
keys Enter
wait_screen 'lower /:up0 \(ifindex [0-9]+, other namespace\)' 2
wait_screen '^ *mode private' 2
quit_ui
