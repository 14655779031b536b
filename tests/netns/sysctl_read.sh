#!/bin/bash
# SPDX-License-Identifier: MIT
# Forwarding per link (IPv4 and IPv6), rp_filter, proxy_arp, proxy_ndp,
# accept_local, conf/all and conf/default, IPv6 all.forwarding and
# br_netfilter's switches in --json (per link and the namespace's "sysctl"),
# compared with `sysctl -n` in each namespace; a change made while
# --monitor runs is printed from the netconf event (no restart).
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
ip netns exec sa sysctl -qw net.ipv4.conf.v1.proxy_arp=1 net.ipv4.conf.v0.accept_local=1 \
	net.ipv6.conf.v0.proxy_ndp=1 net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.default.proxy_arp=1 \
	net.ipv6.conf.v2.forwarding=1
ip netns exec sb sysctl -qw net.ipv4.conf.all.accept_local=1 net.ipv4.conf.all.arp_ignore=2
ip netns exec sa sysctl -qw net.ipv4.conf.v1.arp_ignore=1 net.ipv4.conf.default.arp_ignore=8

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
	# The namespace's "sysctl": every conf/ directory of every link, all and default, by sysctl -n.
	s() { ip netns exec "$ns" sysctl -n "net.$1"; }
	for dir in all default $(ip -n "$ns" -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'); do
		want=$(printf '{"ipv4_forwarding":%s,"ipv6_forwarding":%s,"rp_filter":%s,"proxy_arp":%s,"proxy_ndp":%s,"accept_local":%s,"arp_ignore":%s}' \
			"$(b "$(s ipv4.conf.$dir.forwarding)")" "$(b "$(s ipv6.conf.$dir.forwarding)")" \
			"$(s ipv4.conf.$dir.rp_filter)" "$(b "$(s ipv4.conf.$dir.proxy_arp)")" \
			"$(b "$(s ipv6.conf.$dir.proxy_ndp)")" "$(b "$(s ipv4.conf.$dir.accept_local)")" \
			"$(s ipv4.conf.$dir.arp_ignore)")
		if [[ $dir == all || $dir == default ]]; then
			jq_eq "$(ns_f "$ns") | .sysctl.$dir" "$want"
		else
			jq_eq "$(ns_f "$ns") | .sysctl.interfaces[\"$dir\"]" "$want"
			jq_eq "$(link_f "$ns" "$dir") | [.proxy_arp, .proxy_ndp, .accept_local]" \
				"$(jq -c '[.proxy_arp, .proxy_ndp, .accept_local]' <<<"$want")"
		fi
	done
	jq_eq "$(ns_f "$ns") | .sysctl | [.ip_forward, .ipv6_forwarding]" \
		"[$(b "$(s ipv4.ip_forward)"),$(b "$(s ipv6.conf.all.forwarding)")]"
done
# ip_local_port_range, where a connection's own port comes from, against the kernel's file
ip netns exec sb sysctl -qw net.ipv4.ip_local_port_range="20000 20999"
json_reset
for ns in sa sb; do
	read -r lo hi < <(ip netns exec "$ns" cat /proc/sys/net/ipv4/ip_local_port_range)
	jq_eq "$(ns_f "$ns") | .sysctl.ip_local_port_range" "[$lo,$hi]"
done
jq_eq "$(ns_f sb) | .sysctl.ip_local_port_range" "[20000,20999]"
# The values set above, so the loop cannot pass on a model that says nothing.
jq_eq "$(link_f sa v0) | [.forwarding.ipv4, .rp_filter]" "[true,2]"
jq_eq "$(link_f sa v1) | .forwarding.ipv6" "false"
jq_eq "$(link_f sb w2) | [.forwarding.ipv4, .forwarding.ipv6]" "[false,false]"
jq_eq "$(link_f sa v1) | .proxy_arp" "true"
jq_eq "$(link_f sa v0) | [.accept_local, .proxy_ndp]" "[true,true]"
jq_eq "$(link_f sb w2) | [.accept_local, .proxy_arp]" "[false,false]"
jq_eq "$(ns_f sa) | .sysctl | [.all.rp_filter, .default.proxy_arp, .interfaces.v2.ipv6_forwarding]" "[2,true,true]"
jq_eq "$(ns_f sb) | .sysctl.all.accept_local" "true"
jq_eq "$(ns_f sb) | .sysctl.all.arp_ignore" "2"
# v0's was never set: the kernel makes it follow default's; v1's own stays
jq_eq "$(ns_f sa) | .sysctl | [.default.arp_ignore, .interfaces.v1.arp_ignore, .interfaces.v0.arp_ignore]" "[8,1,8]"

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

# Live: netconf events of both families reach a running nstop (--monitor), no restart.
mon=$TESTDIR/monitor.txt
"$NSTOP" --monitor >"$mon" 2>"$TESTDIR/monitor.err" &
mon_pid=$!
trap 'kill $mon_pid 2>/dev/null || true' EXIT
wait_line() { # LINE: within 3 s
	local start=$SECONDS
	while ! grep -qxF -- "$1" "$mon"; do
		((SECONDS - start <= 3)) || { cat "$mon" >&2; fail "--monitor printed no line '$1' within 3 s"; }
		sleep 0.05
	done
	echo "ok: --monitor: $1"
}
sleep 1 # the monitor has read the initial state
ip netns exec sa sysctl -qw net.ipv6.conf.v1.forwarding=1
wait_line '[sa] sysctl net.ipv6.conf.v1.forwarding 1'
ip netns exec sa sysctl -qw net.ipv4.conf.v2.rp_filter=2
wait_line '[sa] sysctl net.ipv4.conf.v2.rp_filter 2'
ip netns exec sa sysctl -qw net.ipv4.conf.v1.proxy_arp=0
wait_line '[sa] sysctl net.ipv4.conf.v1.proxy_arp 0'
ip netns exec sa sysctl -qw net.ipv6.conf.v0.proxy_ndp=0
wait_line '[sa] sysctl net.ipv6.conf.v0.proxy_ndp 0'
kill "$mon_pid"
wait "$mon_pid" 2>/dev/null || true
[[ ! -s $TESTDIR/monitor.err ]] || { cat "$TESTDIR/monitor.err" >&2; fail "--monitor wrote to stderr"; }
echo "ok: forwarding, rp_filter, proxy_arp/ndp, accept_local and bridge_nf match the kernel"
