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
# Only namespace ns1 (--ns): its links, addresses and routes. A veth to another
# namespace is still created whole: the far end goes there (`ip netns add` makes
# it if named) but stays down, with no address or master; nothing else of it is here.
[ "$(printf %s $'\101')" = A ] || { echo "$0: run this with bash: it needs \$'...' quoting" >&2; exit 2; }
set -e

# namespaces
ip netns add ns1

# links: bridges, then veth pairs (each pair once), then the other kinds (lower devices first)
ip link add name vethA type veth peer name vethB netns ns1

# bridge ports

# addresses (IPv6 link-local ones are the kernel's)
ip -n ns1 addr add 192.168.10.2/24 dev vethB

# up states
ip -n ns1 link set dev vethB up

# routes of every table: through a device first, then through a gateway

# policy rules (ip rule) in priority order, but the kernel's own (0 local, 32766 main, 32767 default)

# NAT: nstop's own rules (table ip nstop) with nft, and ip_forward where it was 1
