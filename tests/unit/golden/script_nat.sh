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
ip netns add 42
ip netns add 'lab 1'
ip netns add myns
# skipped pid:9: a process namespace, held only by processes, it has no name to recreate it by; not recreated, nor its 0 links, addresses and routes

# links: bridges, then veth pairs (each pair once), then the other kinds (lower devices first)
ip link add name vethY type veth peer name vethZ netns myns

# bridge ports

# addresses (IPv6 link-local ones are the kernel's)
ip addr add 6.6.6.6/24 dev vethY
ip -n myns addr add 7.7.7.7/24 dev vethZ

# up states
ip link set dev lo up
ip link set dev vethY up
ip -n myns link set dev vethZ up

# routes of every table: through a device first, then through a gateway

# policy rules (ip rule) in priority order, but the kernel's own (0 local, 32766 main, 32767 default)

# NAT: nstop's own rules (table ip nstop) with nft, and ip_forward where it was 1
sysctl -w net.ipv4.ip_forward=1
nft add table ip nstop
nft add chain ip nstop prerouting '{ type nat hook prerouting priority -100; }'
nft add rule ip nstop prerouting 'iifname "vethY" tcp dport 8080 counter dnat to 7.7.7.7:80'
# iptables -t nat -A PREROUTING -i vethY -p tcp --dport 8080 -j DNAT --to-destination 7.7.7.7:80
nft add chain ip nstop postrouting '{ type nat hook postrouting priority 100; }'
nft add rule ip nstop postrouting 'ip saddr 7.7.7.0/24 oifname "vethY" counter masquerade'
# iptables -t nat -A POSTROUTING -o vethY -s 7.7.7.0/24 -j MASQUERADE
nft add rule ip nstop postrouting 'ip saddr 10.1.0.0/16 counter snat to 6.6.6.6'
# iptables -t nat -A POSTROUTING -s 10.1.0.0/16 -j SNAT --to-source 6.6.6.6
# skipped /: 3 NAT rules of other tables, which other tools own (iptables-nft, docker, ...): ip nat (2), inet docker (1); not recreated
# skipped 42: net.ipv4.ip_forward, which nstop could not read; not set
ip netns exec 42 nft add table ip nstop
ip netns exec 42 nft add chain ip nstop prerouting '{ type nat hook prerouting priority -100; }'
ip netns exec 42 nft add rule ip nstop prerouting 'tcp dport 443 counter dnat to 7.7.7.7:443'
# iptables -t nat -A PREROUTING -p tcp --dport 443 -j DNAT --to-destination 7.7.7.7:443
# skipped 42: iptables-legacy tables, invisible to nf_tables: nstop cannot read them
ip netns exec 'lab 1' nft add table ip nstop
ip netns exec 'lab 1' nft add chain ip nstop prerouting '{ type nat hook prerouting priority -100; }'
ip netns exec 'lab 1' nft add rule ip nstop prerouting 'iifname "o'\''1" ip daddr 10.0.0.1 udp dport 53 counter dnat to 10.0.0.2:53'
# iptables -t nat -A PREROUTING -i o'1 -d 10.0.0.1 -p udp --dport 53 -j DNAT --to-destination 10.0.0.2:53
# in table ip nstop but not as nstop's edits write it (made by hand?): recreated as nstop reads it
ip netns exec 'lab 1' nft add rule ip nstop prerouting 'tcp dport 22 dnat to 10.0.0.3'
# in table ip nstop but not as nstop's edits write it (made by hand?): recreated as nstop reads it
ip netns exec 'lab 1' nft add chain ip nstop pre2 '{ type nat hook prerouting priority -150; }'
ip netns exec 'lab 1' nft add rule ip nstop pre2 'tcp dport 2222 counter dnat to 10.0.0.3:22'
# skipped lab 1: NAT rule ip nstop prerouting handle 11, meta mark 0x0000002a tcp dport 1234 dnat to 10.0.0.2: nstop does not decode all of it (a meta match that is not a field of the record), so it cannot write it back
# in table ip nstop but not as nstop's edits write it (made by hand?): recreated as nstop reads it
ip netns exec 'lab 1' nft add chain ip nstop postrouting '{ type nat hook postrouting priority 100; }'
ip netns exec 'lab 1' nft add rule ip nstop postrouting 'oifname "eth0" counter masquerade random'
# skipped pid:9: its 2 NAT rules: the namespace is not recreated
