#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every edit and its undo through the live backend, checked against the
# kernel with `ip -j` (not nstop's own reading); bad inputs refused with the
# kernel state unchanged; a failure in the middle of a multi-step edit undone.
set -euo pipefail
probe=${BE_EDIT:?BE_EDIT must point at be_edit_probe}
checks=0

fail() { echo "FAIL: $*" >&2; exit 1; }
ipn() { local ns=$1; shift; if [[ $ns == / ]]; then ip "$@"; else ip -n "$ns" "$@"; fi; }
has_link() { ipn "$1" -j link show "$2" >/dev/null 2>&1; }
link_json() { ipn "$1" -j -d link show "$2"; }

# apply KIND args...: must print ok
apply()
{
	local out
	out=$("$probe" "$@" 2>&1) || fail "be_edit_probe $*: $out"
	[[ $(tail -n1 <<<"$out") == ok ]] || fail "be_edit_probe $*: $out"
	checks=$((checks + 1))
}

# expect CONDITION-command MESSAGE
expect() { "${@:2}" || fail "$1"; checks=$((checks + 1)); }

# The kernel's state of every namespace, for before/after comparisons.
snapshot()
{
	local ns
	echo "namespaces: $(ip netns list | awk '{print $1}' | sort | tr '\n' ' ')"
	for ns in / $(ip netns list | awk '{print $1}' | sort); do
		echo "== $ns"
		ipn "$ns" -j link show | jq -c '[.[] | {ifname, flags, master, mtu}]'
		ipn "$ns" -j addr show | jq -c '[.[] | {ifname, a: [.addr_info[] | "\(.local)/\(.prefixlen)"]}]'
		ipn "$ns" -j route show table main | jq -c '.'
		ipn "$ns" -j -6 route show table main | jq -c '.'
	done
}

# bad EXPECTED-FIELD EXPECTED-TEXT KIND args...: refused with that field and message, nothing changed
bad()
{
	local field=$1 text=$2 before after out rc=0
	shift 2
	before=$(snapshot)
	out=$("$probe" "$@" 2>&1) || rc=$?
	after=$(snapshot)
	[[ $rc -eq 3 ]] || fail "be_edit_probe $* should be refused (exit 3), got $rc: $out"
	[[ $out == "invalid $field: "* ]] || fail "be_edit_probe $*: expected field $field, got: $out"
	[[ $out == *"$text"* ]] || fail "be_edit_probe $*: expected '$text' in: $out"
	[[ "$before" == "$after" ]] || fail "be_edit_probe $* changed the kernel state"
	checks=$((checks + 1))
	bad_count=$((bad_count + 1))
}
bad_count=0

# --- namespaces ---
apply ns-add name=ns1 up=y
apply ns-add name=ns2 up=y
expect "ns1 made" test -e /run/netns/ns1
expect "lo up in ns1" bash -c 'ip -n ns1 -j link show lo | jq -e ".[0].flags | index(\"UP\")" >/dev/null'
sleep 0.2 # the live backend in a fresh probe run finds them via /run/netns

# --- veth pair with the peer directly in ns1, addresses, up (the seed's vethA/vethB) ---
apply veth-add name=vethA ns=/ peer=vethB peer_ns=ns1 peer_addr=192.168.10.2/24 up=y
expect "vethA in /" has_link / vethA
expect "vethB in ns1" has_link ns1 vethB
expect "vethB not in /" bash -c '! ip link show vethB >/dev/null 2>&1'
expect "vethB has its address" bash -c 'ip -n ns1 -j addr show vethB | jq -e ".[0].addr_info[] | select(.local == \"192.168.10.2\" and .prefixlen == 24)" >/dev/null'
expect "vethA is up" bash -c 'ip -j link show vethA | jq -e ".[0].flags | index(\"UP\")" >/dev/null'

# --- bridge with address, port attach/detach ---
apply bridge-add name=mybridge ns=/ addr=192.168.10.1/24 up=y
expect "mybridge is a bridge" bash -c 'ip -j -d link show mybridge | jq -e ".[0].linkinfo.info_kind == \"bridge\"" >/dev/null'
apply link-master ns=/ name=vethA peer=mybridge
expect "vethA master mybridge" bash -c 'ip -j link show vethA | jq -e ".[0].master == \"mybridge\"" >/dev/null'
apply link-nomaster ns=/ name=vethA
expect "vethA no master" bash -c 'ip -j link show vethA | jq -e ".[0].master == null" >/dev/null'
apply link-master ns=/ name=vethA peer=mybridge

# --- up / down ---
apply link-down ns=ns1 name=vethB
expect "vethB down" bash -c '! ip -n ns1 -j link show vethB | jq -e ".[0].flags | index(\"UP\")" >/dev/null'
apply link-up ns=ns1 name=vethB
expect "vethB up" bash -c 'ip -n ns1 -j link show vethB | jq -e ".[0].flags | index(\"UP\")" >/dev/null'

# --- addresses (IPv4 and IPv6) and their removal ---
apply addr-add ns=ns1 name=vethB addr=10.9.0.2/16
apply addr-add ns=ns1 name=vethB addr=fd00:9::2/64
expect "v4 added" bash -c 'ip -n ns1 -j addr show vethB | jq -e "[.[0].addr_info[].local] | index(\"10.9.0.2\")" >/dev/null'
expect "v6 added" bash -c 'ip -n ns1 -j addr show vethB | jq -e "[.[0].addr_info[].local] | index(\"fd00:9::2\")" >/dev/null'
apply addr-del ns=ns1 name=vethB addr=10.9.0.2/16
apply addr-del ns=ns1 name=vethB addr=fd00:9::2/64
expect "v4 removed" bash -c '! ip -n ns1 -j addr show vethB | jq -e "[.[0].addr_info[].local] | index(\"10.9.0.2\")" >/dev/null'

# --- routes: default via a gateway, a subnet via dev; then their removal ---
apply route-add ns=ns1 dst=default gw=192.168.10.1
expect "default via 192.168.10.1" bash -c 'ip -n ns1 -j route show default | jq -e ".[0].gateway == \"192.168.10.1\" and .[0].dev == \"vethB\"" >/dev/null'
apply route-add ns=ns1 dst=7.7.7.0/24 name=vethB
expect "7.7.7.0/24 dev vethB scope link" bash -c 'ip -n ns1 -j route show 7.7.7.0/24 | jq -e ".[0].dev == \"vethB\" and .[0].scope == \"link\"" >/dev/null'
apply route-del ns=ns1 dst=7.7.7.0/24 name=vethB
expect "7.7.7.0/24 removed" bash -c '[ "$(ip -n ns1 -j route show 7.7.7.0/24)" = "[]" ]'
apply route-del ns=ns1 dst=default gw=192.168.10.1
expect "default removed" bash -c '[ "$(ip -n ns1 -j route show default)" = "[]" ]'
# a route using a nexthop object: deleted by its destination alone (no via/dev matches it)
ip -n ns1 nexthop add id 5 via 192.168.10.1 dev vethB
ip -n ns1 route add 10.44.0.0/16 nhid 5
apply route-del ns=ns1 dst=10.44.0.0/16
expect "nhid route removed" bash -c '[ "$(ip -n ns1 -j route show 10.44.0.0/16)" = "[]" ]'

# --- move a link into a namespace and back to / (the seed's `netns 1`) ---
ip link add vethY type veth peer name vethZ
apply link-move ns=/ name=vethZ peer_ns=ns2
expect "vethZ in ns2" has_link ns2 vethZ
expect "vethZ left /" bash -c '! ip link show vethZ >/dev/null 2>&1'
apply link-move ns=ns2 name=vethZ peer_ns=/
expect "vethZ back in /" has_link / vethZ

# --- deletions: link (both ends go), namespace ---
apply link-del ns=/ name=vethY
expect "vethY gone" bash -c '! ip link show vethY >/dev/null 2>&1'
expect "vethZ gone with it" bash -c '! ip link show vethZ >/dev/null 2>&1'

# --- a veth between two named namespaces, neither end in / ---
apply veth-add name=x1 ns=ns1 peer=x2 peer_ns=ns2 up=y
expect "x1 in ns1" has_link ns1 x1
expect "x2 in ns2" has_link ns2 x2

# --- rollback: the second step fails (IPv6 disabled in ns2), the pair is undone ---
ip netns exec ns2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
before=$(snapshot)
rc=0
out=$("$probe" veth-add name=r1 ns=ns1 peer=r2 peer_ns=ns2 addr=10.7.0.1/24 peer_addr=fd00:7::2/64 up=y 2>&1) || rc=$?
after=$(snapshot)
[[ $rc -eq 4 ]] || fail "the rollback case should fail in the kernel (exit 4), got $rc: $out"
[[ $out == *"adding fd00:7::2/64 to r2"* ]] || fail "the failure should name the step: $out"
[[ $out == *"nothing was left behind"* ]] || fail "the failure should say it was undone: $out"
[[ "$before" == "$after" ]] || fail "a failed multi-step edit left something behind"
checks=$((checks + 3))
echo "rollback: $(tail -n1 <<<"$out")"

# rollback of a bridge whose address step fails (IPv6 disabled in ns2 too)
before=$(snapshot)
rc=0
out=$("$probe" bridge-add name=br9 ns=ns2 addr=fd00:8::1/64 up=y 2>&1) || rc=$?
[[ $rc -eq 4 && $out == *"nothing was left behind"* ]] || fail "bridge rollback: $out"
[[ "$before" == "$(snapshot)" ]] || fail "a failed bridge edit left something behind"
checks=$((checks + 2))

# --- bad inputs: refused before anything is sent, state unchanged ---
bad name "at most 15" veth-add name=averyveryverylongname ns=/ peer=p peer_ns=ns1
bad name "cannot contain" veth-add name=a/b ns=/ peer=p peer_ns=ns1
bad name "cannot contain" veth-add "name=a b" ns=/ peer=p peer_ns=ns1
bad name "cannot contain" veth-add name=a:b ns=/ peer=p peer_ns=ns1
bad name "not allowed" veth-add name=.. ns=/ peer=p peer_ns=ns1
bad name "required" veth-add name= ns=/ peer=p peer_ns=ns1
bad name "already has a link named 'vethA'" veth-add name=vethA ns=/ peer=p peer_ns=ns1
bad peer "already has a link named 'vethB'" veth-add name=vethQ ns=/ peer=vethB peer_ns=ns1
bad peer "different names" veth-add name=q1 ns=ns1 peer=q1 peer_ns=ns1
bad ns "no namespace named 'nope'" veth-add name=q1 ns=nope peer=q2 peer_ns=ns1
bad peer_ns "no namespace named 'nope'" veth-add name=q1 ns=/ peer=q2 peer_ns=nope
bad addr "no prefix length" veth-add name=q1 ns=/ peer=q2 peer_ns=ns1 addr=10.0.0.1
bad peer_addr "not an IPv4 or IPv6" veth-add name=q1 ns=/ peer=q2 peer_ns=ns1 peer_addr=10.0.0.300/24
bad peer_addr "out of range" veth-add name=q1 ns=/ peer=q2 peer_ns=ns1 peer_addr=10.0.0.3/33
bad name "not a valid namespace name" ns-add name=a/b
bad name "already exists" ns-add name=ns1
bad name "not a valid namespace name" ns-add name=/
bad ns "nstop runs in" ns-del ns=/
bad ns "no namespace named 'ghost'" ns-del ns=ghost
bad name "loopback" link-del ns=ns1 name=lo
bad name "no link named 'ghost0'" link-del ns=ns1 name=ghost0
bad name "no link named 'ghost0'" link-up ns=/ name=ghost0
bad peer_ns "already in" link-move ns=ns1 name=vethB peer_ns=ns1
bad name "loopback device cannot leave" link-move ns=ns1 name=lo peer_ns=ns2
bad peer "not a bridge" link-master ns=/ name=vethA peer=lo
bad peer "already a port of mybridge" link-master ns=/ name=vethA peer=mybridge
bad name "not attached to a bridge" link-nomaster ns=ns1 name=vethB
bad addr "already has 192.168.10.2/24" addr-add ns=ns1 name=vethB addr=192.168.10.2/24
bad addr "has no address 10.1.1.1/24" addr-del ns=ns1 name=vethB addr=10.1.1.1/24
bad addr "not an IPv4 or IPv6" addr-add ns=ns1 name=vethB addr=fd00::zz/64
bad dst "host bits set" route-add ns=ns1 dst=10.0.0.1/24 name=vethB
bad gw "without a prefix" route-add ns=ns1 dst=default gw=192.168.10.1/24
bad gw "multicast" route-add ns=ns1 dst=default gw=224.0.0.1
bad gw "unspecified" route-add ns=ns1 dst=default gw=0.0.0.0
bad gw "on no subnet" route-add ns=ns1 dst=default gw=10.200.0.1
bad gw "is IPv6 but the destination is IPv4" route-add ns=ns1 dst=10.5.0.0/16 gw=fd00::1
bad gw "needs a gateway, a device, or both" route-add ns=ns1 dst=10.5.0.0/16
bad dst "no such route" route-del ns=ns1 dst=10.66.0.0/16 name=vethB

# --- a save that cannot be written whole leaves nothing behind (the next save would say "exists") ---
mkdir -p /tmp/nstop-full && mount -t tmpfs -o size=16k tmpfs /tmp/nstop-full
expect "a write past a full disk fails" bash -c '! "$BE_EDIT" write-file /tmp/nstop-full/log.sh 200000 | grep -q written'
expect "the partial file is removed" bash -c '! test -e /tmp/nstop-full/log.sh'
expect "the next save of the same name works" bash -c '"$BE_EDIT" write-file /tmp/nstop-full/log.sh 100 | grep -qx written'
expect "a file that exists is not overwritten" bash -c '"$BE_EDIT" write-file /tmp/nstop-full/log.sh 10 | grep -q exists'
expect "and is left as it was" bash -c 'test "$(stat -c %s /tmp/nstop-full/log.sh)" = 100'
umount /tmp/nstop-full

# --- namespace delete last ---
apply ns-del ns=ns2
expect "ns2 gone" bash -c '! test -e /run/netns/ns2'
echo "backend edits ok: $checks checks, $bad_count bad inputs refused with the kernel unchanged"
