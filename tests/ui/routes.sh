#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Routing in the tree (issue 13): table 100 grouped with its routes (one
# naming a nexthop group), the local table and fe80::/64 folded to one count
# line, the rules that are not the kernel's defaults; a namespace with only
# main's routes has none of these rows. Details list the nexthop objects and
# the forwarding switches, and follow a sysctl and a route changed while the
# TUI runs (netconf and route events, no restart).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ip netns add rt
ip -n rt link add v0 type veth peer name v1
for l in lo v0 v1; do ip -n rt link set "$l" up; done
ip -n rt addr add 10.9.0.1/24 dev v0
ip -n rt addr add 10.8.0.1/24 dev v1
ip -n rt -6 addr add fd00::1/64 dev v0 nodad
ip -n rt nexthop add id 1 via 10.9.0.2 dev v0
ip -n rt nexthop add id 2 via 10.8.0.2 dev v1
ip -n rt nexthop add id 10 group 1/2,3
ip -n rt route add 10.50.0.0/16 nhid 10 table 100
ip -n rt route add unreachable 10.67.0.0/16 table 100
ip -n rt route add 10.70.0.0/16 via 10.9.0.2
ip -n rt route add 10.40.0.0/16 nhid 1
ip -n rt rule add from 10.9.0.0/24 table 100 prio 1000
ip netns exec rt sysctl -qw net.ipv4.conf.v0.rp_filter=1
# the kernel adds fe80::/64 and the link-local addresses' local routes as the links come up: wait
# for both links' (and their addresses' routes), so the folded count is the same on every run
for _ in $(seq 100); do
	[[ $(ip -n rt -6 route show table all | grep -c '^fe80::') == 2 && \
	   $(ip -n rt -6 route show table local | grep -c '^local fe80::') == 2 ]] && break
	sleep 0.05
done

rm -f "$UI_RC"
tmux -u -f /dev/null new-session -d -s t -x 120 -y 40 "$NSTOP --ns rt; echo \$? >$UI_RC; sleep 600"
wait_screen 'namespace' 5
wait_screen '─ table 100  2 routes' 5
wait_screen '─ 10\.50\.0\.0/16 nhid 10 table 100 nexthop via 10\.9\.0\.2 dev v0 weight 1 nexthop via 10\.8\.0\.2 dev v1 weight 3' 2
wait_screen '─ rules  1  \+5 default' 2
golden routes-tree
# the root namespace has main's routes only: no routing rows under it
body | sed -n '/^▾ \/ /,$p' | grep -qE '─ (table|local|rules) ' && fail "the root namespace got routing rows"

keys Enter # details of the namespace (the cursor starts on it)
wait_screen '^ *nexthops: 3' 2
wait_screen '^ *id 10 group 1/2,3' 2
wait_screen '^ *conf/all  forwarding v4 0 v6 0   rp_filter 0   proxy_arp 0   proxy_ndp 0   accept_local 0' 2
# live: a netconf event of each family and a route of table 100
ip netns exec rt sysctl -qw net.ipv4.conf.all.rp_filter=2 net.ipv6.conf.all.forwarding=1
wait_screen '^ *conf/all  forwarding v4 0 v6 1   rp_filter 2 \(loose\)' 3
ip -n rt route add blackhole 10.68.0.0/16 table 100
keys Enter
wait_screen '─ table 100  3 routes' 3
wait_screen '─ blackhole 10\.68\.0\.0/16 table 100' 2
# d on the main-table route that uses object 1: deleted by its destination (a via/dev would match nothing)
keys Enter Tab
found=
for _ in $(seq 12); do
	keys d
	if screen | grep -qE 'delete route\?  y/N  \(ip -n rt route del 10\.40\.0\.0/16\)'; then
		found=1
		break
	fi
	keys n j
done
[[ -n $found ]] || { screen >&2; fail "no delete prompt for 10.40.0.0/16 by its destination alone"; }
keys y
for _ in $(seq 100); do
	[[ $(ip -n rt -j route show 10.40.0.0/16) == "[]" ]] && break
	sleep 0.02
done
[[ $(ip -n rt -j route show 10.40.0.0/16) == "[]" ]] || { screen >&2; fail "the nhid route was not deleted"; }
echo "ok: the nhid route deleted from the details pane"
quit_ui
echo "ok: routing rows, nexthops and forwarding switches in the TUI"
