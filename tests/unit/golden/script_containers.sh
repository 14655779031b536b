#!/bin/bash
# Made by nstop --export-script (nstop 0.1.0).
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
ip netns add cni-1234
ip netns add lab
# skipped web1 (/run/docker/netns/86420b3ab6fc): a mount namespace, an nsfs mount outside /run/netns; ip netns cannot recreate it there; not recreated, nor its 2 links, addresses and routes
# skipped containerd:9db4257e235a (pid:77): a process namespace, held only by processes, it has no name to recreate it by; not recreated, nor its 0 links, addresses and routes
# skipped app1+side (pid:2294): a process namespace, held only by processes, it has no name to recreate it by; not recreated, nor its 1 link, addresses and routes

# links: bridges, then veth pairs (each pair once), then the other kinds (lower devices first)
ip link add name docker0 type bridge
ip link add name br-1d80c203eabc type bridge
# skipped / vethb7dc8c1: veth whose peer web1 (/run/docker/netns/86420b3ab6fc):eth0 is in a mount namespace, which cannot be recreated
# skipped / veth9: veth whose peer app1+side (pid:2294):eth0 is in a process namespace, which cannot be recreated

# bridge ports

# addresses (IPv6 link-local ones are the kernel's)
ip addr add 172.17.0.1/16 dev docker0
ip addr add 172.18.0.1/16 dev br-1d80c203eabc

# up states
ip link set dev lo up
ip link set dev docker0 up

# routes of every table: through a device first, then through a gateway

# policy rules (ip rule) in priority order, but the kernel's own (0 local, 32766 main, 32767 default)

# NAT: nstop's own rules (table ip nstop) with nft, and ip_forward where it was 1
sysctl -w net.ipv4.ip_forward=1
# skipped /: 3 NAT rules of other tables, which other tools own (iptables-nft, docker, ...): ip nat (3); not recreated
