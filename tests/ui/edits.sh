#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The seed's whole exercise done with keystrokes in the TUI, then checked
# against the kernel with `ip -j` (not nstop's reading): namespaces ns1-ns3,
# three veth pairs, mybridge with ports and 192.168.10.1/24, addresses, up,
# default routes; myns with vethY/vethZ and 7.7.7.7/24. Then bad input in a
# form, refusals, a y/N deletion, and the action log saved and replayed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# form VALUE...: fill the open form field by field (Ctrl-U clears the prefill), then Enter.
form()
{
	local v
	for v in "$@"; do
		tmux send-keys -t t C-u
		[[ -n $v ]] && tmux send-keys -t t -l "$v"
		tmux send-keys -t t Tab
	done
	keys Enter
}

# wait_kernel DESCRIPTION CMD...: until CMD succeeds (the kernel has the change), 2 s at most.
wait_kernel()
{
	local i
	for i in $(seq 100); do
		"${@:2}" >/dev/null 2>&1 && return 0
		sleep 0.02
	done
	screen >&2
	fail "the kernel never got: $1"
}

# select_row REGEX KEY: filter down to one link, select it, clear the filter.
select_row()
{
	keys / ; tmux send-keys -t t -l "$1"; keys Enter
	keys g "$2"
	keys Escape
}

no_ipv6 /
start_ui
wait_screen '^▾ /'

for ns in ns1 ns2 ns3 myns; do
	keys a n
	wait_screen 'add namespace'
	form "$ns" y
	wait_screen "^▾ $ns "
done

keys g a b
wait_screen 'add bridge'
form mybridge / 192.168.10.1/24 y
wait_screen 'mybridge'

i=2
for pair in A:B:ns1 C:D:ns2 E:F:ns3; do
	IFS=: read -r out in ns <<<"$pair"
	keys g a v
	wait_screen 'add veth pair'
	form "veth$out" / "veth$in" "$ns" "" "192.168.10.$i/24" y
	wait_screen "veth$in ⇄ /:veth$out"
	select_row "^veth$out\$" j
	keys B
	wait_screen 'attach to bridge'
	keys Enter # the bridge field is prefilled: / has one bridge
	i=$((i + 1))
done

for ns in ns1 ns2 ns3; do
	select_row "^$ns\$" ''
	keys a r
	wait_screen 'add route'
	form "$ns" default 192.168.10.1 ""
	wait_kernel "$ns default route" bash -c "ip -n $ns route show default | grep -q 192.168.10.1"
done

keys g a v
form vethY / vethZ myns 6.6.6.6/24 7.7.7.7/24 y
wait_screen 'vethZ ⇄ /:vethY'
keys a r
form myns default "" vethZ
wait_kernel "myns default route" bash -c "ip -n myns route show default | grep -q vethZ"
keys a r
form / 7.7.7.0/24 "" vethY
wait_kernel "7.7.7.0/24 route" bash -c "ip route show 7.7.7.0/24 | grep -q vethY"

# --- the kernel, read with ip -j ---
check() { "${@:2}" || fail "$1"; }
jqk() { local ns=$1 q=$2; shift 2; if [[ $ns == / ]]; then ip -j "$@"; else ip -n "$ns" -j "$@"; fi | jq -e "$q" >/dev/null; }
check "namespaces" bash -c '[ "$(ip netns list | awk "{print \$1}" | sort | tr "\n" " ")" = "myns ns1 ns2 ns3 " ]'
check "mybridge 192.168.10.1/24 up" jqk / '.[0].addr_info[] | select(.local == "192.168.10.1" and .prefixlen == 24)' addr show mybridge
check "mybridge is a bridge" jqk / '.[0].linkinfo.info_kind == "bridge"' -d link show mybridge
i=2
for pair in A:B:ns1 C:D:ns2 E:F:ns3; do
	IFS=: read -r out in ns <<<"$pair"
	check "veth$out master mybridge, up" jqk / ".[0].master == \"mybridge\" and (.[0].flags | index(\"UP\"))" link show "veth$out"
	check "veth$in in $ns with 192.168.10.$i/24, up" jqk "$ns" ".[0].addr_info[] | select(.local == \"192.168.10.$i\")" addr show "veth$in"
	check "veth$in peer is veth$out" bash -c "ip -n $ns -j -d link show veth$in | jq -e '.[0].linkinfo.info_kind == \"veth\"' >/dev/null"
	check "$ns default via 192.168.10.1" jqk "$ns" '.[0].gateway == "192.168.10.1" and .[0].dev == "veth'"$in"'"' route show default
	check "$ns lo up" jqk "$ns" '.[0].flags | index("UP")' link show lo
	i=$((i + 1))
done
check "vethZ in myns with 7.7.7.7/24" jqk myns '.[0].addr_info[] | select(.local == "7.7.7.7" and .prefixlen == 24)' addr show vethZ
check "myns default dev vethZ" jqk myns '.[0].dev == "vethZ" and .[0].gateway == null' route show default
check "vethY 6.6.6.6/24" jqk / '.[0].addr_info[] | select(.local == "6.6.6.6")' addr show vethY
check "7.7.7.0/24 dev vethY" jqk / '.[0].dev == "vethY"' route show 7.7.7.0/24
echo "exercise done by keystrokes; the kernel agrees"

# --- bad input: the error next to the field, nothing sent ---
before=$(ip -j link show; ip netns list)
keys g a v
form vethA / vethQ ns1 "" "" y
wait_screen "already has a link named 'vethA'"
keys Escape
wait_screen 'cancelled, nothing changed'
keys a i
form / vethY 10.0.0.1
wait_screen "has no prefix length"
keys Escape
[[ "$before" == "$(ip -j link show; ip netns list)" ]] || fail "a refused form changed something"

# --- refusals and a y/N deletion that names the object ---
select_row '^lo$' j
keys d
wait_screen "delete link refused: 'lo' is the loopback device"
keys g d
wait_screen "delete namespace refused: '/' is the namespace nstop runs in"
select_row '^vethC$' j
keys d
wait_screen 'delete link\?  y/N  \(ip link delete vethC\)'
keys n
wait_screen 'not done, nothing changed'
ip link show vethC >/dev/null || fail "n deleted vethC"
keys d
keys y
wait_gone 'vethC' 2
ip link show vethC >/dev/null 2>&1 && fail "y did not delete vethC"

# --- deleting an address and a route picked in the details pane ---
select_row '^vethY$' j
keys Enter Tab
wait_screen 'd: delete it'
keys d
wait_screen 'delete address\?  y/N  \(ip addr del 6\.6\.6\.6/24 dev vethY\)'
keys y
wait_kernel "6.6.6.6 deleted" bash -c '! ip -j addr show vethY | jq -e ".[0].addr_info[] | select(.local == \"6.6.6.6\")"'
keys Tab Enter
select_row '^myns$' ''
keys Enter Tab
keys d
wait_screen 'delete route\?  y/N  \(ip -n myns route del default dev vethZ\)'
keys y
wait_kernel "myns default route deleted" bash -c '[ "$(ip -n myns -j route show default)" = "[]" ]'
keys Tab Enter

# --- the action log, saved as a script and replayed in a fresh sandbox ---
keys L
wait_screen 'Action log'
wait_screen 'ok     ip link delete vethC'
keys W
tmux send-keys -t t C-u
tmux send-keys -t t -l /run/actions.sh
keys Enter
wait_screen 'action log saved as /run/actions.sh'
sh -n /run/actions.sh || fail "the saved script is not valid sh"
grep -q '^ip netns add ns1$' /run/actions.sh || fail "saved script lacks 'ip netns add ns1'"
grep -q '^ip link add vethA type veth peer name vethB netns ns1$' /run/actions.sh || fail "saved script lacks the veth"
grep -q '^ip -n ns1 route add default via 192.168.10.1$' /run/actions.sh || fail "saved script lacks the route"
replayed=$(unshare --net --mount --propagation private -- sh -c '
	mount -t tmpfs none /run && mkdir /run/netns && ip link set lo up
	bash /dev/fd/3 >/dev/null && ip -n ns1 -j addr show vethB | jq -r ".[0].addr_info[0].local"
	ip link show vethC >/dev/null 2>&1 && echo present || echo gone' 3</run/actions.sh)
[[ $(head -n1 <<<"$replayed") == 192.168.10.2 ]] || fail "replaying the saved script did not rebuild ns1: $replayed"
[[ $(tail -n1 <<<"$replayed") == gone ]] || fail "replaying the saved script did not delete vethC: $replayed"
# --- NAT: a port forward by keys, the ip_forward offer, the rule in the tree, deleted by d ---
keys L # close the log
keys g a f
wait_screen 'add port forward'
form / tcp 9999 "" "" 192.168.10.2 ""
wait_screen 'ip_forward is 0 in /'
keys y
wait_kernel "DNAT rule in table ip nstop" bash -c 'nft -j list chain ip nstop prerouting | jq -e "[.nftables[] | select(.rule) | .rule.expr[] | select(.dnat)] | .[0].dnat | .addr == \"192.168.10.2\" and .port == 9999"'
wait_kernel "ip_forward on" bash -c '[ "$(cat /proc/sys/net/ipv4/ip_forward)" = 1 ]'
wait_screen 'dnat → ns1:vethB  tcp dport 9999 counter packets 0 bytes 0 dnat to 192\.168\.10\.2:9999'
keys a m
wait_screen 'add masquerade'
form / 192.168.10.0/24 vethY ""
wait_kernel "masquerade rule" bash -c 'nft -j list chain ip nstop postrouting | jq -e "[.nftables[] | select(.rule) | .rule.expr[] | select(has(\"masquerade\"))] | length == 1"'
wait_screen 'masquerade ip saddr 192\.168\.10\.0/24 oifname "vethY" counter'
# select the masquerade row (the last row of / while filtered to it) and delete it
select_row '^/$' G
keys d
wait_screen 'delete rule\?  y/N  \(nft delete rule ip nstop postrouting handle [0-9]+\)'
keys y
wait_kernel "masquerade deleted" bash -c 'nft -j list chain ip nstop postrouting | jq -e "[.nftables[] | select(.rule)] | length == 0"'
[[ $(nft -j list chain ip nstop prerouting | jq '[.nftables[] | select(.rule)] | length') == 1 ]] ||
	fail "deleting the masquerade touched the port forward"
quit_ui
echo "edits ok"
