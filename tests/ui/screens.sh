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

# the same tree with ASCII line drawing
tmux kill-session -t t
start_ui --ascii
wait_screen 'vethE'
golden tree-ascii

tmux kill-session -t t
start_ui --ns ns2
wait_screen 'vethD'
golden ns-ns2
keys v
wait_screen '\[graph\]'
golden ns-ns2-graph
echo "screens ok"
