#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Make screenshots/ from real runs: the seed's bridge topology built inside the
# sandbox, drawn by `nstop --dot | dot -Tpng` and printed by `nstop --dump`.
# Usage: scripts/screenshots.sh [path/to/nstop]   (root; needs graphviz)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if [[ "${1:-}" != --inside ]]; then
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
