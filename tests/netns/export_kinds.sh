#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `nstop --export-script` round trip of issue 13's kinds, rules and routes: a
# macvlan whose parent is in another namespace, a macvtap, vxlans with a dev
# (one on a macvlan, one moved away from its dev), a persistent tap with an
# owner and a multi-queue one, an ifb, a bridge with stp on; rules of both
# families with many selectors and every action; routes of table 100 of
# every type, ECMP for both families, metric + src (IPv4 and IPv6), pref,
# onlink, seg6; nexthop objects (gateways, onlink, blackhole, IPv6, fdb,
# groups with weights, a resilient group) and routes naming them (nhid);
# permanent neighbours of both families and a static FDB entry.
# Exported, replayed in a fresh sandbox and compared with export_roundtrip.sh's
# NORM (kinds with their fields and lower devices, rules, every table). A tun
# that only a process keeps alive is named in a comment, not recreated.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/export_roundtrip.sh"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed (it holds a tun open)"

ip netns add par
ip netns add kid
ip -n par link set lo up
ip -n kid link set lo up
ip -n par link add up0 type veth peer name up1
ip -n par addr add 10.50.0.1/24 dev up0
ip -n par addr add fd50::1/64 dev up0 nodad
ip -n par link set up0 up
ip -n par link set up1 up

# A macvlan made beside its parent, then moved: the parent stays in par.
ip -n par link add mv0 link up0 type macvlan mode bridge
ip -n par link set mv0 netns kid
ip -n kid addr add 10.51.0.2/24 dev mv0
ip -n kid link set mv0 up
ip -n par link add mv1 link up0 mtu 1400 type macvlan mode private
ip -n par addr add 10.52.0.1/24 dev mv1
ip -n par link set mv1 up
ip -n par link add mvt0 link up1 type macvtap mode vepa
# One moved into / (the script's own namespace: `netns $$` names it).
ip -n par link add mvr link up1 type macvlan mode vepa
ip -n par link set mvr netns $$
ip addr add 10.54.0.1/24 dev mvr
ip link set mvr up
# vxlans: on up0 with local and remote, on the macvlan mv1 with a group (a lower of a lower),
# one without dev in kid, and one made beside its dev in par and moved to kid.
ip -n par link add vx0 type vxlan id 42 local 10.50.0.1 remote 10.50.0.2 dev up0 dstport 4789 nolearning
ip -n par link set vx0 up
ip -n par link add vx1 type vxlan id 7 group 239.1.1.1 dev mv1 dstport 8472
ip -n kid link add vx2 mtu 1400 type vxlan id 9 remote 10.9.9.9 dstport 4790
ip -n par link add vx3 type vxlan id 11 remote 10.50.0.9 dev up1 dstport 4791
ip -n par link set vx3 netns kid
# tun/tap: persistent ones with an owner, multi-queue, an mtu; a bridge with stp; an ifb.
ip tuntap add mode tap user 1000 name tap0
ip -n kid tuntap add mode tap multi_queue name tap1
ip -n kid link set tap1 mtu 9000
ip tuntap add mode tun user 4242 name tun0
ip link add br0 type bridge stp_state 1 forward_delay 700
ip link set tap0 master br0
ip addr add 10.53.0.1/24 dev br0
ip link set br0 up
ip link set tap0 up
ip -n kid link add ifb0 type ifb

# A tun only a process keeps (not persistent): it goes when the process does.
python3 -c '
import fcntl, struct, time
fd = open("/dev/net/tun", "r+b", buffering=0)
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", b"tmp0", 0x0001 | 0x1000))
print("ok", flush=True)
time.sleep(1000)' >"$TESTDIR/tun.out" &
HOLDER=$!
trap 'kill "$HOLDER" 2>/dev/null || true' EXIT
for ((i = 0; ; i++)); do
	[[ "$(cat "$TESTDIR/tun.out")" != ok ]] || break
	((i < 100)) || fail "no process attached tmp0"
	sleep 0.1
done

# Routes: table 100 of every type, ECMP, metric + src, pref, onlink, seg6.
ip -n par route add 10.50.0.0/24 dev up0 table 100 # the gateway of the next one is looked up in table 100
ip -n par route add 10.60.0.0/16 via 10.50.0.2 table 100
ip -n par route add blackhole 10.61.0.0/16 table 100
ip -n par route add unreachable 10.62.0.0/16 table 100 metric 5
ip -n par route add prohibit 10.63.0.0/16 table 100
ip -n par route add throw 10.64.0.0/16 table 100
ip -n par route add local 10.65.0.1 dev lo table 100
ip -n par route add broadcast 10.50.0.255 dev up0 table 100
ip -n par -6 route add prohibit fd66::/64 table 100
ip -n par -6 route add fd67::/64 dev up0 table 100 metric 7
ip -n par route add 10.70.0.0/24 nexthop via 10.50.0.2 dev up0 weight 2 nexthop via 10.52.0.2 dev mv1 weight 1
ip -n par -6 route add fd70::/64 nexthop via fd50::2 dev up0 weight 1 nexthop via fd50::3 dev up0 weight 3
ip -n par route add 10.71.0.0/24 via 10.50.0.2 src 10.52.0.1 metric 7
ip -n par route add 10.71.0.0/24 via 10.50.0.3 metric 8
ip -n par -6 route add fd71::/64 via fd50::2 pref high metric 5
ip -n par -6 route add fd72::/64 via fd50::2 src fd50::1
ip -n par route add 10.72.0.0/24 via 172.31.0.1 dev up0 onlink table 100
ip -n par -6 route add fc00::/64 encap seg6 mode encap segs fc00::2,fc00::3 dev up0
ip -n par -6 route add fc01::/64 encap seg6 mode inline segs fc00::5 dev up0
ip -n kid route add default via 10.51.0.1 dev mv0
# Nexthop objects and routes naming them: written between the device routes and the gateway routes.
ip -n par nexthop add id 1 via 10.50.0.2 dev up0
ip -n par nexthop add id 2 via 10.52.0.2 dev mv1
ip -n par nexthop add id 3 blackhole
ip -n par nexthop add id 4 via fd50::2 dev up0
ip -n par nexthop add id 5 via 172.31.0.9 dev up0 onlink
ip -n par nexthop add id 10 group 1/2,3
ip -n par nexthop add id 11 group 1/2 type resilient buckets 8 idle_timer 120
ip -n par nexthop add id 20 via 10.50.0.5 fdb
ip -n par nexthop add id 21 group 20 fdb
ip -n par route add 10.80.0.0/16 nhid 10
ip -n par route add 10.81.0.0/16 nhid 1 table 100
ip -n par route add 10.82.0.0/16 nhid 3
ip -n par route add 10.83.0.0/16 nhid 5 metric 9
ip -n par -6 route add fd80::/64 nhid 4
# Neighbours and FDB entries someone added: recreated; what the kernel learns is not.
ip -n par neigh add 10.50.0.7 lladdr 02:00:00:00:00:07 dev up0 nud permanent
ip -n par -6 neigh add fd50::7 lladdr 02:00:00:00:00:08 dev up0 nud permanent router
bridge fdb add 02:00:00:00:00:77 dev tap0 master static
# proxy entries, a vxlan's extra remotes, a flow-based (external) vxlan. No proxy of no device:
# the kernel (6.18) keeps those after their namespace dies and shows them in a later namespace
# that gets the dead one's address (unit tests cover them, from crafted messages).
ip -n par neigh add proxy 10.50.0.60 dev up0
ip -n par -6 neigh add proxy fd50::60 dev up0
bridge -n par fdb append 00:00:00:00:00:00 dev vx0 dst 10.50.0.3
bridge -n par fdb add 02:00:00:00:00:99 dev vx0 dst 10.50.0.5
ip -n kid link add vxe type vxlan external dstport 4799

# Rules of both families in par, one of each selector and action; kid loses the kernel's 32767.
# After the routes: a gateway is checked by a lookup through them (101 sends most to a blackhole).
ip -n par rule add priority 100 from 10.50.0.0/24 to 10.9.0.0/16 iif up0 oif up1 fwmark 0x10/0xff tos 0x10 \
	uidrange 100-200 ipproto tcp sport 1000-2000 dport 80 table 100
ip -n par rule add priority 101 not from 10.52.0.0/24 goto 200
ip -n par rule add priority 102 fwmark 0x7 nop
ip -n par rule add priority 103 iif "up0" l3mdev
ip -n par rule add priority 104 ipproto udp dport 53 lookup 100
ip -n par rule add priority 200 blackhole
ip -n par rule add priority 200 from 10.52.0.1 lookup main
ip -n par -6 rule add priority 150 from fd50::/64 unreachable
ip -n par -6 rule add priority 151 fwmark 7 prohibit
ip -n par -6 rule add priority 152 to fd60::/64 table 100
ip -n kid rule del priority 32767

settle par up0
roundtrip kinds
S=$TESTDIR/kinds.sh
A=$TESTDIR/kinds.a.json

# The comparison is not vacuous: the original holds what was built.
expect_eq "kinds compared" '["bridge","ifb","loopback","macvlan","macvtap","tun","veth","vxlan"]' \
	"$(jq -c '[.namespaces[].links[].kind] | unique' "$A")"
expect_eq "links compared" 19 "$(jq '[.namespaces[].links[]] | length' "$A")"
expect_eq "kid:mv0's lower" '{"name":"up0","ns":"par"}' \
	"$(jq -c '.namespaces[] | select(.name == "kid") | .links[] | select(.name == "mv0") | .lower' "$A")"
expect_eq "kid:vx3's lower" '{"name":"up1","ns":"par"}' \
	"$(jq -c '.namespaces[] | select(.name == "kid") | .links[] | select(.name == "vx3") | .lower' "$A")"
expect_eq "tap0's info" '{"owner":1000,"persist":true,"type":"tap"}' \
	"$(jq -c '.namespaces[] | select(.name == "/") | .links[] | select(.name == "tap0") | .info' "$A")"
expect_eq "br0's stp" '[1,700]' \
	"$(jq -c '.namespaces[] | select(.name == "/") | .links[] | select(.name == "br0") | [.info.stp_state, .info.forward_delay]' "$A")"
expect_eq "rules of par compared (with the kernel's)" 15 \
	"$(jq '.namespaces[] | select(.name == "par") | .rules | length' "$A")"
expect_eq "rules of kid compared (32767 deleted)" '[0,32766,0,32766]' \
	"$(jq -c '[.namespaces[] | select(.name == "kid") | .rules[].priority]' "$A")"
expect_eq "types of table 100 in par" '["blackhole","broadcast","local","prohibit","throw","unicast","unreachable"]' \
	"$(jq -c '[.namespaces[] | select(.name == "par") | .routes[] | select(.table == 100) | .type] | unique' "$A")"
expect_eq "ECMP routes compared (one through group 10)" 3 "$(jq '[.namespaces[].routes[] | select(.nexthops | length > 1)] | length' "$A")"
expect_eq "nexthop objects compared" '[1,2,3,4,5,10,11,20,21]' \
	"$(jq -c '[.namespaces[] | select(.name == "par") | .nexthops[].id] | sort' "$A")"
expect_eq "routes naming them compared" '[1,3,4,5,10]' \
	"$(jq -c '[.namespaces[] | select(.name == "par") | .routes[] | .nhid // empty] | sort' "$A")"
expect_eq "permanent neighbours compared" '["10.50.0.7","fd50::7"]' \
	"$(jq -c '[.namespaces[] | select(.name == "par") | .links[].neighbours[] | select(.state == ["PERMANENT"]) | .address] | sort' "$A")"
expect_eq "static FDB entries compared" '["02:00:00:00:00:77"]' \
	"$(jq -c '[.namespaces[].links[].fdb[] | select(.state == "static") | .mac]' "$A")"
expect_eq "vxlan remotes compared" '["10.50.0.2","10.50.0.3","10.50.0.5"]' \
	"$(jq -c '[.namespaces[] | select(.name == "par") | .links[] | select(.name == "vx0") | .fdb[] | .dst // empty] | sort' "$A")"
expect_eq "proxy entries compared" '["10.50.0.60","fd50::60"]' \
	"$(jq -c '[.namespaces[] | select(.name == "par") | (.links[].neighbours[], .proxy_neighbours[])
	  | select(.flags | index("proxy")) | .address] | sort' "$A")"
expect_eq "seg6 routes compared" 2 "$(jq '[.namespaces[].routes[] | select(.encap != null)] | length' "$A")"

# The lines that made them, as the script writes them.
script_has "$S" "ip -n par link add link up0 name mv0 netns kid type macvlan mode bridge"
script_has "$S" "ip -n par link add link up0 name mv1 mtu 1400 type macvlan mode private"
script_has "$S" "ip -n par link add link up1 name mvt0 type macvtap mode vepa"
script_has "$S" 'ip -n par link add link up1 name mvr netns $$ type macvlan mode vepa'
script_has "$S" "ip -n par link add name vx0 type vxlan id 42 local 10.50.0.1 remote 10.50.0.2 dev up0 dstport 4789 nolearning"
script_has "$S" "ip -n par link add name vx1 type vxlan id 7 group 239.1.1.1 dev mv1 dstport 8472"
script_has "$S" "ip -n kid link add name vx2 mtu 1400 type vxlan id 9 remote 10.9.9.9 dstport 4790"
script_has "$S" "ip -n par link add name vx3 netns kid type vxlan id 11 remote 10.50.0.9 dev up1 dstport 4791"
script_has "$S" "ip tuntap add mode tap user 1000 name tap0"
script_has "$S" "ip -n kid tuntap add mode tap multi_queue name tap1"
script_has "$S" "ip -n kid link set dev tap1 mtu 9000"
script_has "$S" "ip link add name br0 type bridge stp_state 1 forward_delay 700"
script_has "$S" "ip -n kid link add name ifb0 type ifb"
script_has "$S" "ip -n par rule add priority 100 from 10.50.0.0/24 to 10.9.0.0/16 tos 0x10 fwmark 0x10/0xff iif up0 oif up1 uidrange 100-200 ipproto 6 sport 1000-2000 dport 80 table 100"
script_has "$S" "ip -n par rule add priority 101 not from 10.52.0.0/24 goto 200"
script_has "$S" "ip -6 -n par rule add priority 150 from fd50::/64 unreachable"
script_has "$S" "ip -n kid rule del priority 32767 table 253"
script_has "$S" "ip -n par route add throw 10.64.0.0/16 table 100"
script_has "$S" "ip -n par route add local 10.65.0.1/32 dev lo table 100"
script_has "$S" "ip -n par route add 10.70.0.0/24 nexthop via 10.50.0.2 dev up0 weight 2 nexthop via 10.52.0.2 dev mv1 weight 1"
script_has "$S" "ip -n par route add 10.71.0.0/24 via 10.50.0.2 dev up0 metric 7 src 10.52.0.1"
script_has "$S" "ip -6 -n par route add fd71::/64 via fd50::2 dev up0 metric 5 pref high"
script_has "$S" "ip -6 -n par route add fd72::/64 via fd50::2 dev up0 src fd50::1"
# the kernel refuses a src still in duplicate address detection
script_has "$S" "ip -n par addr add fd50::1/64 dev up0 nodad"
script_has "$S" "ip -n par route add 10.72.0.0/24 via 172.31.0.1 dev up0 onlink table 100"
script_has "$S" "ip -6 -n par route add fc00::/64 encap seg6 mode encap segs fc00::2,fc00::3 dev up0"
script_has "$S" "ip -6 -n par route add fc01::/64 encap seg6 mode inline segs fc00::5 dev up0"
script_has "$S" "ip -n par nexthop add id 10 group 1/2,3"
script_has "$S" "ip -n par nexthop add id 5 via 172.31.0.9 dev up0 onlink"
script_has "$S" "ip -6 -n par nexthop add id 4 via fd50::2 dev up0"
script_has "$S" "ip -n par nexthop add id 21 group 20 fdb"
script_has "$S" "ip -n par nexthop add id 11 group 1/2 type resilient buckets 8 idle_timer 120 unbalanced_timer 0"
script_has "$S" "ip -n par route add 10.80.0.0/16 nhid 10"
script_has "$S" "ip -n par route add 10.81.0.0/16 nhid 1 table 100"
script_has "$S" "ip -n par neigh add 10.50.0.7 lladdr 02:00:00:00:00:07 dev up0 nud permanent"
script_has "$S" "ip -6 -n par neigh add fd50::7 lladdr 02:00:00:00:00:08 dev up0 nud permanent router"
script_has "$S" "bridge fdb add 02:00:00:00:00:77 dev tap0 master static"
script_has "$S" "ip -n par neigh add proxy 10.50.0.60 dev up0"
script_has "$S" "bridge -n par fdb append 00:00:00:00:00:00 dev vx0 dst 10.50.0.3 self permanent"
script_has "$S" "ip -n kid link add name vxe type vxlan dstport 4799 nolearning external"
if grep -q "dst 10.50.0.2 self" "$S"; then fail "the script re-adds the vxlan's own remote entry (the kernel makes it)"; fi
# Lower devices before their uppers: up0 (a veth) before vx0 and mv1, mv1 before vx1.
line_of() { grep -nxF -- "$2" "$1" | head -n 1 | cut -d: -f1; }
mv1=$(line_of "$S" "ip -n par link add link up0 name mv1 mtu 1400 type macvlan mode private")
vx1=$(line_of "$S" "ip -n par link add name vx1 type vxlan id 7 group 239.1.1.1 dev mv1 dstport 8472")
((mv1 < vx1)) || fail "vx1 (line $vx1) is made before its dev mv1 (line $mv1)"
# What is not recreated is named.
script_has "$S" "# skipped / tmp0: tun: a tun/tap that is not persistent exists only while a process holds it open; not recreated"
if grep -v '^#' "$S" | grep -q tmp0; then
	fail "the script makes the process's tun: $(grep -v '^#' "$S" | grep tmp0)"
fi
expect_eq "skipped objects" 1 "$(grep -c '^# skipped' "$S")"
echo "PASS: export_kinds"
