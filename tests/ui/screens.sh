#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The TUI against golden screens: tree, details, graph, filter, help, ASCII,
# and a resize to below 40x10 and back, on the seed's topologies.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

make_seed
start_ui
wait_screen 'vethE'
golden tree

# Selection by keys: down to vethB in ns1 (/ lo vethY mybridge vethA vethC vethE myns lo vethZ ns1 lo vethB)
keys g
keys j j j j j j j j j j j j
keys Enter
wait_screen 'Details'
# rates need two counter samples a second apart: wait for them, or the golden
# would depend on whether the second sample landed before the capture
wait_screen 'rate <rates>' 3
golden details-link

keys Enter g Enter
golden details-ns

keys Enter v
wait_screen '\[graph\]'
golden graph

keys v / vethA Enter
wait_screen 'filter: vethA'
golden filter
keys Escape
wait_gone 'filter: '

keys '?'
wait_screen 'nstop keys'
golden help
keys q
wait_gone 'nstop keys'

tmux resize-window -t t -x 39 -y 9
wait_screen 'terminal too small'
golden too-small
tmux resize-window -t t -x 40 -y 10
wait_gone 'terminal too small'
golden smallest
tmux resize-window -t t -x 100 -y 30
wait_screen 'vethE'
golden tree

quit_ui

# the same tree with ASCII line drawing
start_ui --ascii
wait_screen 'vethE'
golden tree-ascii
quit_ui

# colour by default, none with NO_COLOR (no-color.org)
sgr_colours() { tmux capture-pane -e -p -t t | grep -cE $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;5;[0-9]+)m' || true; }
start_ui
wait_screen 'vethE'
(($(sgr_colours) > 0)) || fail "no colour in a colour terminal"
quit_ui
UI_ENV="NO_COLOR=1" start_ui
wait_screen 'vethE'
(($(sgr_colours) == 0)) || fail "colour shown although NO_COLOR is set"
quit_ui

# without privileges: what can be read, and the status line says what is missing
UI_ENV="setpriv --reuid=65534 --regid=65534 --clear-groups" start_ui
wait_screen 'namespaces? could not be read: run as root'
wait_screen '^▾ ns1  named'
keys a
wait_screen 'edits are disabled: nstop runs without CAP_NET_ADMIN'
quit_ui

start_ui --ns ns2
wait_screen 'vethD'
golden ns-ns2
keys v
wait_screen '\[graph\]'
golden ns-ns2-graph
quit_ui

# The seed's last steps: an uplink eno1 (a veth to `lan`), a port forward to
# ns2 and masquerade out eno1. The rule shows under NAT, the masquerade also
# under eno1, and the graph draws the forward as an arrow to ns2.
add_netns lan
ip link add eno1 address 02:00:00:00:00:e1 type veth peer name eth0 address 02:00:00:00:00:e2 netns lan
ip addr add 10.0.0.5/24 dev eno1
ip link set eno1 up
ip -n lan addr add 10.0.0.1/24 dev eth0
ip -n lan link set eth0 up
nft add table ip nstop
nft add chain ip nstop prerouting '{ type nat hook prerouting priority -100; }'
nft add chain ip nstop postrouting '{ type nat hook postrouting priority 100; }'
nft add rule ip nstop prerouting iifname eno1 tcp dport 9999 counter dnat to 192.168.10.3:9999
nft add rule ip nstop postrouting ip saddr 192.168.10.0/24 oifname eno1 counter masquerade
start_ui --ns /
wait_screen 'masquerade from 192\.168\.10\.0/24'
golden nat-tree
keys v
wait_screen '\[graph\]'
golden nat-graph
quit_ui
echo "screens ok"
