#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The graph of a container host in a 120x40 terminal: twelve namespaces
# mounted where Docker mounts them (/run/docker/netns/<12 hex>, the sandbox's
# own /run), each with a veth to docker0 in the main namespace. Box titles are
# the mount paths cut in the middle (both ends kept, the kind word left out
# when it does not fit); half the boxes go left of "/" so that all fits one
# screen; at 80x24 stepping the selection with j scrolls every box into view,
# whole. Screens match golden files. A wide-character name keeps its box square.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
command -v nsenter >/dev/null 2>&1 || skip "nsenter (util-linux) is not installed"
command -v unshare >/dev/null 2>&1 || skip "unshare (util-linux) is not installed"

N=12
no_ipv6 /
ip link add docker0 address 02:42:00:00:00:01 type bridge
ip addr add 172.17.0.1/16 dev docker0
ip link set docker0 up
mkdir -p /run/docker/netns
ids=()
for i in $(seq 1 $N); do
	id=$(printf '%012x' $(((0x86420b3ab6fc * i) & 0xffffffffffff)))
	ids+=("$id")
	path=/run/docker/netns/$id
	touch "$path"
	unshare --net="$path" true # a namespace held by its mount alone, as dockerd leaves it
	nsenter --net="$path" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	nsenter --net="$path" ip link set lo up
	host=$(printf 'veth%07x' $((0xb7dc8c1 + (i - 1) * 77)))
	ip link add "$host" address "$(printf '02:42:00:00:01:%02x' "$i")" type veth peer name eth0 \
		address "$(printf '02:42:ac:11:00:%02x' $((i + 1)))" netns "$path"
	ip link set "$host" master docker0 up
	nsenter --net="$path" ip addr add "172.17.0.$((i + 1))/16" dev eth0
	nsenter --net="$path" ip link set eth0 up
done
[[ $(findmnt -n -t nsfs -o TARGET | grep -c '^/run/docker/netns/') == "$N" ]] || fail "expected $N nsfs mounts"

rm -f "$UI_RC"
tmux -u -f /dev/null new-session -d -s t -x 120 -y 40 "${UI_ENV:-} $NSTOP; echo \$? >$UI_RC; sleep 600"
wait_screen "$((N + 1)) namespaces" 5
wait_screen "$N veth pairs" 5 # every peer resolved: the layout is final
keys v
wait_screen '\[graph\]'
# titles: the middle of the path cut, the container id whole, no half "(mount)"
body | grep -q "(mou" && fail "a title shows a cut kind word"
body | grep -qF "┌─ /run/docker…${ids[0]} ─┐" || {
	screen >&2
	fail "the first container's title is not the cut mount path"
}

# box_whole SCREEN ID: the box of container ID is on SCREEN whole, in its own columns: the title
# (the path cut in the middle), lo, eth0 and the bottom border (bash counts characters in UTF-8)
box_whole()
{
	local -a rows
	local title="┌─ /run/docker…$2 ─┐" r col pre
	mapfile -t rows <<<"$1"
	for ((r = 0; r + 3 < ${#rows[@]}; r++)); do
		[[ ${rows[r]} == *"$title"* ]] || continue
		pre=${rows[r]%%"$title"*}
		col=${#pre}
		[[ ${rows[r + 1]:col:25} == "│ lo loopback 127.0.0.1/8" ]] || continue
		[[ ${rows[r + 2]:col + 1:20} == " eth0 veth 172.17.0." ]] || continue # its border joins the line
		[[ ${rows[r + 3]:col:2} == "└─" ]] && return 0
	done
	return 1
}

# walk NAME: from the first object, every object once with j (51: "/", lo, docker0, 12 ports;
# 12 boxes of title, lo, eth0); each box must be seen whole on some screen on the way
walk()
{
	local -A whole=()
	local step s id
	keys g
	for step in $(seq 1 52); do
		s=$(body)
		for id in "${ids[@]}"; do
			[[ -n ${whole[$id]:-} ]] || ! box_whole "$s" "$id" || whole[$id]=1
		done
		keys j
	done
	for id in "${ids[@]}"; do
		[[ -n ${whole[$id]:-} ]] || fail "$1: box /run/docker/netns/$id was never seen whole"
	done
}

# 120x40: half the containers left of "/", half right; all of it on one screen
walk 120x40
keys g
golden graph-containers-top
[[ $(body | grep -c '┌─ /run/docker…') == "$N" ]] || fail "120x40: not all $N boxes on the first screen"

# 80x24: the same picture needs scrolling both ways; j still reaches every box whole
tmux resize-window -t t -x 80 -y 24
wait_screen '\[graph\]'
walk 80x24
golden graph-containers-80x24-end
keys g
golden graph-containers-80x24-top
tmux resize-window -t t -x 120 -y 40
# a wide-character name: two columns a character on the terminal as in the canvas, so the
# box's right border stays above its bottom corner (display widths by wc -L)
wide="网络-前端"
add_netns "$wide"
wait_screen "$((N + 2)) namespaces" 5
keys G
wait_screen "$wide" 3
mapfile -t rows < <(body)
for ((r = 0; r < ${#rows[@]}; r++)); do
	[[ ${rows[r]} == *"┌─ $wide (named) "* ]] && break
done
((r + 2 < ${#rows[@]})) || fail "the box of $wide is not on screen"
top=$(printf '%s' "${rows[r]%┐*}" | wc -L)
bottom=$(printf '%s' "${rows[r + 2]%┘*}" | wc -L)
[[ $top == "$bottom" && $top -gt 0 ]] || {
	printf '%s\n' "${rows[@]:r:3}" >&2
	fail "the box of $wide: its top right corner at column $top, the bottom one at $bottom"
}
quit_ui
echo "ok: $N mounted container namespaces in the graph, each reached by scrolling"
