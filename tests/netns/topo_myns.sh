#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The seed's myns: one veth pair between / and a named namespace, addresses
# and routes on both sides. Checks every field of both ends and their routes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ip netns add myns
ip link add vethY type veth peer name vethZ
ip link set vethZ netns myns
ip -n myns addr add 7.7.7.7/24 dev vethZ
ip -n myns link set vethZ up
ip -n myns route add 0.0.0.0/0 dev vethZ
ip link set vethY up
ip addr add 6.6.6.6/24 dev vethY
ip route add 7.7.7.0/24 dev vethY
settle / vethY
settle myns vethZ

jq_eq '.version' 1
jq_eq '[.namespaces[].name] | sort' '["/","myns"]'
jq_eq '.warnings' '[]'

check_ns / self true "$(stat -L -c %i /proc/self/ns/net)"
check_ns myns named false "$(stat -L -c %i /run/netns/myns)"
jq_eq "$(ns_f /) | .label" null
jq_eq "$(ns_f myns) | .pids" '[]'
jq_eq "$(ns_f myns) | .label" null
jq_eq "[$(ns_f /) | .links[].name] | sort" '["lo","vethY"]'
jq_eq "[$(ns_f myns) | .links[].name] | sort" '["lo","vethZ"]'

check_link / lo loopback true
jq_eq "$(link_f / lo) | .peer" null
check_link myns lo loopback false
jq_eq "$(link_f myns lo) | .operstate" down
jq_eq "$(link_f myns lo) | .addresses" '[]'

check_link / vethY veth true
jq_eq "$(link_f / vethY) | .operstate" up
jq_eq "$(link_f / vethY) | .mtu" 1500
jq_eq "$(link_f / vethY) | .master" null
check_ipv4 / vethY '["6.6.6.6/24"]'
check_peer / vethY myns vethZ

check_link myns vethZ veth true
jq_eq "$(link_f myns vethZ) | .operstate" up
check_ipv4 myns vethZ '["7.7.7.7/24"]'
check_peer myns vethZ / vethY
# Each end reports the other's nsid as seen from its own namespace: a number.
jq_eq "$(link_f / vethY) | .peer.nsid | type" number
jq_eq "$(link_f myns vethZ) | .peer.nsid | type" number

jq_eq "[$(ns_f /) | .routes[] | select(.table == 254 and .family == \"inet\") | .dst] | sort" '["6.6.6.0/24","7.7.7.0/24"]'
check_route / 7.7.7.0/24 null vethY link boot
check_route / 6.6.6.0/24 null vethY link kernel
check_route / fe80::/64 null vethY global kernel inet6
jq_eq "[$(ns_f myns) | .routes[] | select(.table == 254 and .family == \"inet\") | .dst] | sort" '["7.7.7.0/24","default"]'
check_route myns default null vethZ link boot
check_route myns 7.7.7.0/24 null vethZ link kernel

jq_eq "$(ns_f /) | .warnings" '[]'
jq_eq "$(ns_f myns) | .warnings" '[]'

# The text dump shows each end's peer as namespace:name.
dump=$("$NSTOP" --dump)
expect_eq "dump line of vethY" 1 "$(grep -c '^  vethY <-> myns:vethZ  veth UP/up mtu 1500 ' <<<"$dump")"
expect_eq "dump line of vethZ" 1 "$(grep -c '^  vethZ <-> /:vethY  veth UP/up mtu 1500 ' <<<"$dump")"
# Every main-table route, v4 and v6, as ip lists it.
for ns in / myns; do
	check_routes_vs_kernel "$ns"
done
echo "PASS: topo_myns"
