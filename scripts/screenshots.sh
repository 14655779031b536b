#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Make screenshots/ from real runs: the seed's bridge topology built inside the
# sandbox, drawn by `nstop --dot | dot -Tpng` and printed by `nstop --dump`,
# and the TUI itself (tree, details on ns1:vethB, graph, NAT, packet panes) run
# in a 100x30 tmux,
# captured with colours, turned into HTML by aha and into PNG by headless
# Chromium loading the local file (inside the sandbox, so with no network).
# Usage: scripts/screenshots.sh [path/to/nstop]   (root; installs graphviz,
# tmux, aha, chromium and fonts-dejavu-core from Debian if they are missing)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if [[ "${1:-}" != --inside ]]; then
	missing=()
	for pkg in graphviz tmux aha chromium fonts-dejavu-core; do
		if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]]; then
			missing+=("$pkg")
		fi
	done
	if ((${#missing[@]})); then
		echo "installing ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y --no-install-recommends "${missing[@]}" ||
			{ apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; }
	fi
	exec sh "$repo/tests/sandbox.sh" bash "$0" --inside "$(realpath "${1:-$repo/build/src/nstop}")"
fi
nstop=$2
out=$repo/screenshots

ip netns add myns
ip link add vethY type veth peer name vethZ netns myns
ip -n myns addr add 7.7.7.7/24 dev vethZ
ip -n myns link set vethZ up
ip -n myns route add default dev vethZ
ip link set vethY up
for i in 1 2 3; do ip netns add "ns$i"; done
ip link add mybridge type bridge
ip addr add 192.168.10.1/24 dev mybridge
ip link set mybridge up
set -- A B ns1 2 C D ns2 3 E F ns3 4
while (($#)); do
	ip link add "veth$1" type veth peer name "veth$2" netns "$3"
	ip link set "veth$1" master mybridge up
	ip -n "$3" addr add "192.168.10.$4/24" dev "veth$2"
	ip -n "$3" link set "veth$2" up
	ip -n "$3" route add default via 192.168.10.1
	shift 4
done
ip link set lo up
for ns in myns ns1 ns2 ns3; do ip -n "$ns" link set lo up; done
sleep 1 # let IPv6 link-local addresses settle so the picture is stable

"$nstop" --dot | dot -Tpng -o "$out/seed-topology-dot.png"
"$nstop" --dump >"$out/seed-topology-dump.txt"
echo "wrote $out/seed-topology-dot.png and seed-topology-dump.txt"

# The TUI, with the UI tests' helpers (private tmux server, 100x30,
# TERM=xterm-256color, LANG=C.UTF-8; start_ui, keys, wait_screen, screen).
NSTOP=$nstop
. "$repo/tests/ui/lib.sh"
cols=100 rows=30
work=$(mktemp -d /run/nstop-shots.XXXXXX) # /run is the sandbox's own tmpfs

# shot NAME: screenshots/tui-NAME.png
# shellcheck source=shot_lib.sh
. "$repo/scripts/shot_lib.sh"
shot() { shot_png "$1" "$out/tui-$1.png"; }

start_ui
wait_screen 'vethE'
sleep 2 # two samples, so the rate columns have numbers
shot tree

# down to vethB in ns1: / lo vethY mybridge vethA vethC vethE myns lo vethZ ns1 lo vethB
keys g
keys j j j j j j j j j j j j
keys Enter
wait_screen 'Details'
shot details

keys Enter v
wait_screen '\[graph\]'
shot graph

# The seed's NAT steps: an uplink eno1 to `lan`, a port forward to ns2 and
# masquerade out eno1 (written with nft here, as a user would elsewhere).
ip netns add lan
ip link add eno1 type veth peer name eth0 netns lan
ip addr add 10.0.0.5/24 dev eno1
ip link set eno1 up
ip -n lan addr add 10.0.0.1/24 dev eth0
ip -n lan link set eth0 up
ip -n lan link set lo up
nft add table ip nstop
nft add chain ip nstop prerouting '{ type nat hook prerouting priority -100; }'
nft add chain ip nstop postrouting '{ type nat hook postrouting priority 100; }'
nft add rule ip nstop prerouting iifname eno1 tcp dport 9999 counter dnat to 192.168.10.3:9999
nft add rule ip nstop postrouting ip saddr 192.168.10.0/24 oifname eno1 counter masquerade
sysctl -qw net.ipv4.ip_forward=1
wait_screen 'dnat tcp/9999'
shot nat-graph
keys v
wait_screen 'masquerade from 192\.168\.10\.0/24'
shot nat-tree

# Packet panes on both sides of the port forward: eno1 in "/" sees lan talk to
# 10.0.0.5:9999, vethD in ns2 sees the same connection after DNAT.
probe=$(dirname "$nstop")/../tests/netprobe
keys / ; tmux send-keys -t t -l eno1; keys Enter g j Escape p
wait_screen ' eno1 @ / '
keys Tab / ; tmux send-keys -t t -l vethD; keys Enter g j Escape p
wait_screen ' vethD @ ns2 '
ip netns exec ns2 "$probe" tcp-listen 0.0.0.0 9999 >/dev/null &
sleep 0.2
ip netns exec lan "$probe" tcp-send 10.0.0.5 9999 hello-through-nstop
wait
wait_screen 'IP 10\.0\.0\.1\.[0-9]+ > 192\.168\.10\.3'
keys Tab Tab
shot packets
quit_ui
