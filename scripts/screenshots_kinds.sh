#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# screenshots/kinds-{tree,graph,details}.png from a real run: link kinds and
# their references (issue 13) built inside the sandbox — a veth underlay
# between / and `far`, a vxlan pair over it (tunnel ends paired), a macvlan
# made on the underlay and moved into `app` (a lower device in another
# namespace), a persistent tap with an owner in an stp bridge, a permanent
# neighbour — shown by the TUI in a 100x30 tmux and rendered by shot_lib.sh.
# Usage: scripts/screenshots_kinds.sh [path/to/nstop]   (root; the packages
# scripts/screenshots.sh installs)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if [[ "${1:-}" != --inside ]]; then
	for pkg in tmux aha chromium fonts-dejavu-core; do
		[[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" == "install ok installed" ]] ||
			{ echo "missing $pkg: run scripts/screenshots.sh once (it installs them)" >&2; exit 1; }
	done
	exec sh "$repo/tests/sandbox.sh" bash "$0" --inside "$(realpath "${1:-$repo/build/src/nstop}")"
fi
nstop=$2
out=$repo/screenshots

ip netns add far
ip netns add app
ip link add up0 type veth peer name up1 netns far
ip addr add 10.50.0.1/24 dev up0
ip -n far addr add 10.50.0.2/24 dev up1
ip link set up0 up
ip -n far link set up1 up
ip link add vx0 type vxlan id 42 local 10.50.0.1 remote 10.50.0.2 dstport 4789 dev up0
ip -n far link add vx0 type vxlan id 42 local 10.50.0.2 remote 10.50.0.1 dstport 4789 dev up1
ip addr add 10.60.0.1/24 dev vx0
ip -n far addr add 10.60.0.2/24 dev vx0
ip link set vx0 up
ip -n far link set vx0 up
ip link add mv0 link up0 type macvlan mode bridge
ip link set mv0 netns app
ip -n app addr add 10.50.0.9/24 dev mv0
ip -n app link set mv0 up
ip tuntap add mode tap user 1000 name tap0
ip link add br0 type bridge stp_state 1
ip link set tap0 master br0
ip link set br0 up
ip neigh add 10.50.0.7 lladdr 02:00:00:00:00:07 dev up0 nud permanent
for ns in far app; do ip -n "$ns" link set lo up; done
ip link set lo up
sleep 1 # IPv6 link-local addresses settle

NSTOP=$nstop
. "$repo/tests/ui/lib.sh"
cols=100 rows=30
work=$(mktemp -d /run/nstop-shots.XXXXXX) # the sandbox's own tmpfs
# shellcheck source=shot_lib.sh
. "$repo/scripts/shot_lib.sh"
shot() { shot_png "$1" "$out/kinds-$1.png"; }

start_ui
wait_screen 'mv0'
sleep 2 # two samples: rates
shot tree
keys / ; tmux send-keys -t t -l vx0; keys Enter g j Escape Enter
wait_screen 'tunnel peer'
shot details
keys Enter v
wait_screen '\[graph\]'
shot graph
keys q
rm -rf "$work"
