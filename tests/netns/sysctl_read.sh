#!/bin/bash
# SPDX-License-Identifier: MIT
# Forwarding per link (IPv4 and IPv6), rp_filter, IPv6 all.forwarding and
# br_netfilter's switches in --json, compared with what the kernel says in
# each namespace's /proc/sys (read inside it with ip netns exec).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ip netns add sa
ip netns add sb
ip -n sa link add v0 type veth peer name v1
ip -n sa link add v2 type veth peer name w2 netns sb
ip -n sa link add br9 type bridge
ip netns exec sa sysctl -qw net.ipv4.conf.v0.forwarding=1 net.ipv4.conf.v0.rp_filter=2 \
	net.ipv4.conf.v2.rp_filter=1 net.ipv6.conf.all.forwarding=1
ip netns exec sa sysctl -qw net.ipv6.conf.v1.forwarding=0 net.ipv4.conf.br9.forwarding=1

# Every link of both namespaces, against the kernel's own files.
for ns in sa sb; do
	for link in $(ip -n "$ns" -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'); do
		f4=$(ip netns exec "$ns" cat "/proc/sys/net/ipv4/conf/$link/forwarding")
		rp=$(ip netns exec "$ns" cat "/proc/sys/net/ipv4/conf/$link/rp_filter")
		f6=$(ip netns exec "$ns" cat "/proc/sys/net/ipv6/conf/$link/forwarding")
		b() { [[ $1 == 1 ]] && echo true || echo false; }
		jq_eq "$(link_f "$ns" "$link") | [.forwarding.ipv4, .forwarding.ipv6, .rp_filter]" "[$(b "$f4"),$(b "$f6"),$rp]"
	done
	all6=$(ip netns exec "$ns" cat /proc/sys/net/ipv6/conf/all/forwarding)
	jq_eq "$(ns_f "$ns") | .ip6_forward" "$([[ $all6 == 1 ]] && echo true || echo false)"
done
# The values set above, so the loop cannot pass on a model that says nothing.
jq_eq "$(link_f sa v0) | [.forwarding.ipv4, .rp_filter]" "[true,2]"
jq_eq "$(link_f sa v1) | .forwarding.ipv6" "false"
jq_eq "$(link_f sb w2) | [.forwarding.ipv4, .forwarding.ipv6]" "[false,false]"

# br_netfilter: its switches when the module is loaded, else null.
if ip netns exec sa test -e /proc/sys/net/bridge/bridge-nf-call-iptables; then
	ip netns exec sa sysctl -qw net.bridge.bridge-nf-call-iptables=0 net.bridge.bridge-nf-call-arptables=1
	json_reset
	v6=$(ip netns exec sa cat /proc/sys/net/bridge/bridge-nf-call-ip6tables)
	jq_eq "$(ns_f sa) | .bridge_nf" \
		"{\"call_iptables\":false,\"call_ip6tables\":$([[ $v6 == 1 ]] && echo true || echo false),\"call_arptables\":true}"
else
	echo "note: br_netfilter is not loaded here: bridge_nf must be null"
	jq_eq "$(ns_f sa) | .bridge_nf" "null"
fi
echo "ok: forwarding, rp_filter and bridge_nf match the kernel"
