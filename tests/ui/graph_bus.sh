#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A bridge with 50 ports in a 120x40 terminal: the ports are one bus down the
# gap right of "/" (graph_bus.c), each container's box on the row of its
# port's tap, so wherever the view is scrolled a box and its port are seen
# together. Screens at the top, in the middle and at the end match golden
# files; on each, every container row shown has its own port's name beside it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

N=50
no_ipv6 /
ip link add br0 address 02:00:00:00:b0:00 type bridge
ip addr add 10.50.0.1/16 dev br0
ip link set br0 up
for i in $(seq 1 $N); do
	c=$(printf 'c%02d' "$i")
	add_netns "$c"
	ip link add "$(printf 'vp%02d' "$i")" address "$(printf '02:00:00:00:b1:%02x' "$i")" type veth peer name eth0 \
		address "$(printf '02:00:00:00:b2:%02x' "$i")" netns "$c"
	ip link set "$(printf 'vp%02d' "$i")" master br0 up
	ip -n "$c" addr add "10.50.0.$((i + 1))/16" dev eth0
	ip -n "$c" link set eth0 up
done

UI_W=120 UI_H=40
start_ui
wait_screen "$((N + 1)) namespaces" 5
wait_screen "$N veth pairs" 5 # every peer resolved: the layout is final
keys v
wait_screen '\[graph\]'

# paired WHERE: every container box on the screen has its eth0 on the row of its own port's tap
paired()
{
	local -a rows
	local r n seen=0
	mapfile -t rows < <(body)
	for ((r = 0; r + 2 < ${#rows[@]}; r++)); do
		[[ ${rows[r]} =~ ┌─\ c([0-9]{2})\ \(named\) ]] || continue
		n=${BASH_REMATCH[1]}
		[[ ${rows[r + 2]} == *"─ vp$n ─"*"eth0 veth 10.50.0."* ]] || {
			printf '%s\n' "${rows[@]:r:3}" >&2
			fail "$1: box c$n and its port vp$n are not side by side"
		}
		seen=$((seen + 1))
	done
	((seen >= 5)) || fail "$1: only $seen container boxes on screen"
}

keys g
paired top
golden graph-bus-top
# the bus: one line for all 50 ports, not a lane each; br0 keeps no port rows in its box
body | grep -q '│ vp01' && fail "a port is still a row in br0's box"
[[ $(body | grep -c '├─ vp') -ge 5 ]] || fail "no taps on the bus"

# halfway: 100 objects down (the ports come before their boxes in the order j takes)
tmux send-keys -t t -N 100 j
sleep 0.5
paired middle
golden graph-bus-middle

keys G
paired end
golden graph-bus-end
body | grep -qF '┌─ c50 (named)' || fail "the last container is not on screen at the end"
body | grep -qF ' vp50 ' || fail "the last port is not on screen with its container"

# --ascii draws the same picture in 7-bit characters
keys g
quit_ui
start_ui --ascii
wait_screen "$N veth pairs" 5
keys v
wait_screen '\[graph\]'
golden graph-bus-ascii
screen | LC_ALL=C grep -q '[^ -~]' && fail "--ascii: a character outside 7-bit ASCII"
quit_ui
echo "ok: $N ports on one bus, each container beside its port"
