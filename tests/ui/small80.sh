#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# 80x24 is a first-class size (issue 15): on the seed's topology plus a
# namespace with a long name,
#  - the tree shows every veth peer whole (the name column takes what STATE
#    does not use, then from the address column), cuts end in a mark;
#  - the help is two pages and nothing is dropped: its last entry is on page 2;
#  - the add menu, a y/N question and a warning in the details wrap instead of
#    being cut;
#  - --ascii is ASCII everywhere: tree, help box, form box are 7-bit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

make_seed
long=a-namespace-with-a-rather-long-name-for-80-columns
add_netns "$long"
# vethW is up, its peer down: vethW's warning names the peer, longer than a line
ip link add vethW address 02:00:00:00:00:57 type veth peer name longpeer-name01 address 02:00:00:00:00:58 netns "$long"
ip link set vethW up

UI_W=80 UI_H=24 UI_RATES=2
export UI_W UI_H UI_RATES

# Under a box (help, form) the rates' last digits show at the right edge, unmasked: boxed() cuts the
# screen after the box's right border (column 76) for those goldens.
eval "lib_$(declare -f screen)"
screen()
{
	if [[ -n ${BOXED:-} ]]; then
		lib_screen | sed -E 's/^(.{76}).*/\1/'
	else
		lib_screen
	fi
}
boxed()
{
	BOXED=1 golden "$1"
}

# seven bit: no byte outside printable ASCII on the screen
seven_bit()
{
	if screen | LC_ALL=C grep -q '[^ -~]'; then
		screen | LC_ALL=C grep -n '[^ -~]' >&2
		fail "$1: the --ascii screen has bytes outside 7-bit ASCII"
	fi
}

start_ui
wait_screen 'vethE'
golden small80-tree
for peer in 'vethY ⇄ myns:vethZ' 'vethA ⇄ ns1:vethB' 'vethC ⇄ ns2:vethD' 'vethE ⇄ ns3:vethF'; do
	screen | grep -qF -- "$peer" || fail "the peer is cut at 80x24: '$peer' not on the tree"
done

# the help: page 1, then space to page 2, which holds the table's last entry
keys '?'
wait_screen 'page 1 of 2'
boxed small80-help-1
keys Space
wait_screen 'page 2 of 2'
screen | grep -q 'in the matrix' || fail "the help's last entry is not on its last page"
boxed small80-help-2
keys PgUp
wait_screen 'page 1 of 2'
keys x
wait_gone 'nstop keys'

# the add menu wraps: its last entries are on the screen
keys a
wait_screen 'm masquerade'
screen | grep -q 'Esc cancel' || fail "the add menu is cut at 80x24"
golden small80-add-menu
keys Escape
wait_gone 'm masquerade'

# the warning of vethW (its peer is down) wraps in the details pane: its end is shown
keys / vethW Enter
wait_screen 'filter: vethW'
keys j Enter
wait_screen 'Details'
keys Tab # the details have the focus: j scrolls them down to the warnings
for _ in $(seq 12); do
	screen | grep -q 'this end has no carrier' && break
	keys j
done
wait_screen 'this end has no carrier'
screen | tr '\n' ' ' | tr -s ' ' |
	grep -qF '! peer a-namespace-with-a-rather-long-name-for-80-columns:longpeer-name01 is down, so this end has no carrier' ||
	fail "the warning is not whole over its lines"
golden small80-warning
keys Tab Enter Escape
wait_gone 'filter: '

# a y/N question longer than a line wraps: the command it runs is whole
keys / longpeer Enter
wait_screen 'filter: longpeer'
keys j d
wait_screen 'y/N'
screen | tr -d '\n' | grep -qF "link delete longpeer-name01" || fail "the y/N question is cut at 80x24"
golden small80-confirm
keys n
wait_gone 'y/N'
quit_ui

# --ascii: the tree, the help's box and a form's box in 7-bit ASCII
start_ui --ascii
wait_screen 'vethE'
golden small80-tree-ascii
seven_bit tree
keys '?'
wait_screen 'page 1 of 2'
seven_bit help
boxed small80-help-ascii
keys q
wait_gone 'nstop keys'
keys a v
wait_screen 'add veth pair'
seven_bit form
boxed small80-form-ascii
keys Escape
wait_gone 'add veth pair'
quit_ui
echo "small80: ok"
