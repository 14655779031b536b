#!/bin/bash
# Made by nstop --export-script (nstop VERSION).
# Recreates the network namespaces nstop saw with iproute2: named namespaces,
# veth pairs, bridges (stp_state, forward_delay, vlan_filtering) and their ports,
# macvlan/macvtap (mode, parent), ipvlan (mode), vlan (id, protocol), vxlan (id,
# local, remote/group, dev, dstport, learning), persistent tun/tap (owner), ifb,
# dummy, addresses, up states, routes of every table (type, metric, src, onlink,
# pref, next hops, seg6/mpls encap) and ip rules of both families;
# with nft and sysctl, nstop's own NAT rules (table ip nstop) and ip_forward=1.
# Run it as root on a clean machine (a fresh VM or an empty sandbox): it expects
# none of these names to exist and stops at the first command that fails.
# '/' is the namespace the script runs in (plain `ip`); named ones use `ip -n NAME`,
# and `ip netns exec NAME` for nft and sysctl.
# It touches no link it does not create except lo. Left to the kernel: IPv6
# link-local addresses, 127.0.0.1/8 and ::1 on an up lo, and the routes the kernel
# makes itself (proto kernel, fe80::/64, multicast), and its own ip rules. Not
# known to nstop, so not recreated: MAC addresses, address flags, other options
# of each kind (they get the kernel's defaults), a tun/tap's group and flags.
# Lines starting with '# skipped' say what else was left out, and why.
# Names are shell words: bytes that are not printable text are written $'\NNN'
# (bash, ksh, zsh, POSIX.1-2024 sh); in comments they read \xHH.
[ "$(printf %s $'\101')" = A ] || { echo "$0: run this with bash: it needs \$'...' quoting" >&2; exit 2; }
set -e

# namespaces
ip netns add a
ip netns add b
ip netns add c
ip netns add left
ip netns add lonely
ip netns add right

# links: bridges, then veth pairs (each pair once), then the other kinds (lower devices first)
ip link add name br0 type bridge
ip link add name va type veth peer name eth0 netns a
ip link add name vb type veth peer name eth0 netns b
ip link add name in1 type veth peer name in2
ip -n a link add name ab type veth peer name ba netns b
ip -n b link add name tc type veth peer name fromb netns c
ip -n left link add name l0 type veth peer name r0 netns right
# skipped / bond0: kind bond is not recreated (nstop recreates veth, bridge, macvlan, macvtap, ipvlan, vlan, vxlan, persistent tun/tap, ifb, dummy and lo)
# skipped / eth1: a device without a kind (physical or a driver's); left alone
# skipped / lost: veth whose peer (ifindex 4) is in nsid 9, a namespace nstop cannot see

# bridge ports
ip link set dev va master br0
ip link set dev vb master br0

# addresses (IPv6 link-local ones are the kernel's)
ip addr add 10.0.0.1/24 dev br0
ip addr add 10.9.9.9/24 dev vb
ip -n a addr add 10.0.0.2/24 dev eth0
ip -n b addr add fd00::b/64 dev eth0
ip -n b addr add 10.0.0.3/24 dev eth0
ip -n c addr add fd00::c/64 dev fromb
ip -n left addr add 172.16.0.1/30 dev l0
ip -n right addr add 172.16.0.2/30 dev r0

# up states
ip link set dev lo up
ip link set dev br0 up
ip link set dev va up
ip link set dev vb up
ip link set dev in1 up
ip link set dev in2 up
ip -n a link set dev eth0 up
ip -n a link set dev ab up
ip -n b link set dev eth0 up
ip -n b link set dev ba up
ip -n b link set dev tc up
ip -n left link set dev l0 up
ip -n lonely link set dev lo up
ip -n right link set dev r0 up

# routes of every table: through a device first, then through a gateway

# policy rules (ip rule) in priority order, but the kernel's own (0 local, 32766 main, 32767 default)

# NAT: nstop's own rules (table ip nstop) with nft, and ip_forward where it was 1
