#!/bin/sh
# SPDX-License-Identifier: MIT
# Refill the seed corpus of fuzz_rtnl (tests/fuzz/corpus/rtnl/): real dump
# datagrams from a sandbox topology (veth across namespaces, a bridge with
# ports, IPv4/IPv6 addresses, gateway, multipath, unreachable, blackhole, onlink and seg6 routes; rules;
# nexthop objects (gateway, onlink, blackhole, IPv6, groups with weights, resilient, fdb) and routes
# naming them (nhid); netconf of both families (forwarding, rp_filter, proxy_arp/ndp); the link kinds of link_kinds.c: macvlan, macvtap, vxlan, tun, tap, ifb, an stp bridge;
# neighbours: permanent, IPv6 router, incomplete; FDB: static, a vxlan remote).
# Usage: tests/fuzz/make_corpus_rtnl.sh (as root). Nothing leaves the sandbox.
set -eu
cd "$(dirname "$0")/../.."
corpus=$(pwd)/tests/fuzz/corpus/rtnl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O1 -Wall -Wextra -Werror -o "$tmp/rtnl_dump" tests/fuzz/rtnl_dump.c
mkdir -p "$tmp/out"
# shellcheck disable=SC2016 # expanded inside the sandbox
timeout 60 sh tests/sandbox.sh sh -c '
	set -eu
	dumper=$1 out=$2
	ip netns add b
	ip link add va type veth peer name vb netns b
	ip link add br0 type bridge
	ip link add p1 type veth peer name p2
	ip link set p1 master br0
	for l in va br0 p1 p2; do ip link set $l up; done
	ip -n b link set vb up
	ip addr add 192.168.10.1/24 dev va
	ip addr add fd00:1::1/64 dev va
	ip addr add 10.5.0.1/16 dev br0
	ip route add default via 192.168.10.2
	ip route add 10.9.0.0/24 nexthop via 192.168.10.2 dev va nexthop via 10.5.0.2 dev br0
	ip route add unreachable 10.77.0.0/16
	ip -6 route add fd00:9::/64 via fd00:1::2
	ip link add mv1 link va type macvlan mode bridge
	ip link add mvt0 link va type macvtap mode vepa
	ip link add mv2 link va type macvlan mode private
	ip link set mv2 netns b
	ip link add vx0 type vxlan id 42 local 192.168.10.1 remote 192.168.10.2 dstport 4789 dev va
	ip link add vx6 type vxlan id 7 group ff05::1 dstport 8472 dev va
	ip tuntap add mode tap user 1000 name tap0
	ip tuntap add mode tun name tun0
	ip link add ifb0 type ifb
	ip link add brs type bridge stp_state 1 forward_delay 700
	ip -6 route add fc00:1::/64 encap seg6 mode encap segs fc00::2,fc00::3 dev va
	ip route add blackhole 10.66.0.0/16 table 100 metric 5
	ip route add 10.71.0.0/16 via 192.0.2.1 dev va onlink src 192.168.10.1
	ip rule add from 10.9.0.0/24 table 100 prio 1000
	ip rule add fwmark 0x10/0xff iif va dport 80-90 ipproto tcp prohibit prio 1001
	ip -6 rule add from fd00::/64 table 100 prio 1002
	ip nexthop add id 1 via 192.168.10.2 dev va
	ip nexthop add id 2 via 10.5.0.2 dev br0 onlink
	ip nexthop add id 3 blackhole
	ip nexthop add id 4 via fd00:1::2 dev va
	ip nexthop add id 10 group 1/2,3
	ip nexthop add id 11 group 1,2 type resilient buckets 8
	ip nexthop add id 20 via 192.168.10.5 fdb
	ip nexthop add id 21 group 20 fdb
	ip route add 10.88.0.0/16 nhid 10
	ip route add 10.87.0.0/16 nhid 1 table 100
	ip -6 route add fd00:88::/64 nhid 4
	sysctl -qw net.ipv4.conf.va.proxy_arp=1 net.ipv4.conf.va.rp_filter=2 net.ipv6.conf.va.proxy_ndp=1 \
		net.ipv6.conf.all.forwarding=1 net.ipv4.conf.br0.forwarding=1
	ip neigh add 192.168.10.7 lladdr 02:00:00:00:00:07 dev va nud permanent
	ip -6 neigh add fd00:1::7 lladdr 02:00:00:00:00:08 dev va nud stale router
	bash -c "echo x >/dev/udp/192.168.10.9/9" 2>/dev/null || true
	bridge fdb add 02:00:00:00:00:77 dev p1 master static
	bridge fdb append 00:00:00:00:00:00 dev vx0 dst 192.168.10.3
	sleep 1
	"$dumper" "$out"' sh "$tmp/rtnl_dump" "$tmp/out"
mkdir -p "$corpus"
rm -f "$corpus"/rtnl-*
cp "$tmp"/out/rtnl-* "$corpus"/
echo "corpus/rtnl: $(find "$corpus" -type f | wc -l) seeds"
