#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The seed's NAT steps end to end, made with nstop's keys and proven with
# traffic: `lan` plays the outside host behind the uplink eno1 of "/".
#  - a f: forward tcp 9999 on eno1 to ns2 192.168.10.3:9999 (target picked
#    from the list, not typed); bytes sent from lan to 10.0.0.5:9999 arrive
#    at a listener in ns2.
#  - a m: masquerade 192.168.10.0/24 out eno1; a connection from ns1 to a
#    listener in lan arrives from 10.0.0.5 (before it, lan cannot answer).
# Bad input in both forms first: an error by the field and nothing changed.
# Traffic stays between the sandbox's own namespaces.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
probe=${NETPROBE:?NETPROBE must point at tests/tools/netprobe}

make_seed
add_netns lan
ip link add eno1 type veth peer name eth0 netns lan
ip addr add 10.0.0.5/24 dev eno1
ip link set eno1 up
ip -n lan addr add 10.0.0.1/24 dev eth0
ip -n lan link set eth0 up

# listen NS ADDR PORT OUT: a one-connection listener in NS, ready when this returns
listen()
{
	local ns=$1 out=$4 i
	: >"$out" # not only by the child's redirection (after the fork): an earlier "ready" is gone
	ip netns exec "$ns" "$probe" tcp-listen "$2" "$3" >"$out" 2>&1 &
	for i in $(seq 500); do # up to 10 s on a loaded machine
		grep -q ready "$out" 2>/dev/null && return 0
		sleep 0.02
	done
	fail "listener in $ns did not start: $(cat "$out")"
}

# fill FIELD_VALUES...: type each value into the focused field, Tab to the next
fill()
{
	local v
	for v in "$@"; do
		tmux send-keys -t t C-u
		[[ -n $v ]] && tmux send-keys -t t -l "$v"
		tmux send-keys -t t Tab
	done
	sleep 0.15
}

start_ui
wait_screen '^▾ /'

# --- bad input in both forms: the error by its field, the ruleset untouched ---
before=$(nft list ruleset; cat /proc/sys/net/ipv4/ip_forward)
keys g a f
wait_screen 'add port forward'
fill / tcp 70000 eno1 "" 192.168.10.3 ""
keys Enter
wait_screen "'70000' is not a port: 1-65535"
keys Escape
keys a f
fill / sctp 80 "" "" 192.168.10.3 ""
keys Enter
wait_screen 'tcp or udp'
keys Escape
keys a m
wait_screen 'add masquerade'
fill / 192.168.10.1/24 eno1 ""
keys Enter
wait_screen 'host bits set'
keys Escape
wait_screen 'cancelled, nothing changed'
[[ "$before" == "$(nft list ruleset; cat /proc/sys/net/ipv4/ip_forward)" ]] || fail "a refused NAT form changed something"

# --- port forward, target from the picker ---
keys g a f
wait_screen 'add port forward'
fill / tcp 9999 eno1 ""
wait_screen 'Left/Right picks \(0 of [0-9]+\)'
wait_screen 'ns2:vethD  192\.168\.10\.3'
for i in $(seq 12); do
	screen | grep -qE 'to address +192\.168\.10\.3 ' && break
	keys Right
done
screen | grep -qE 'to address +192\.168\.10\.3 ' || fail "the picker never offered 192.168.10.3"
keys Enter
wait_screen 'ip_forward is 0 in /'
keys y
wait_screen 'dnat → ns2:vethD  iifname "eno1" tcp dport 9999'
[[ $(cat /proc/sys/net/ipv4/ip_forward) == 1 ]] || fail "ip_forward not enabled in /"

listen ns2 0.0.0.0 9999 /run/fwd.out
ip netns exec lan "$probe" tcp-send 10.0.0.5 9999 hello-through-nstop || fail "lan could not connect to 10.0.0.5:9999"
for i in $(seq 100); do grep -q bytes /run/fwd.out && break; sleep 0.02; done
grep -q '^hello-through-nstop$' /run/fwd.out || fail "ns2 did not receive the bytes: $(cat /run/fwd.out)"
grep -q '^from 10\.0\.0\.1:' /run/fwd.out || fail "forwarded connection not from lan: $(cat /run/fwd.out)"
wait_screen 'dnat → ns2:vethD  iifname "eno1" tcp dport 9999 counter packets [1-9]' 3

# --- masquerade: without it lan has no way back to 192.168.10.0/24 ---
listen lan 10.0.0.1 7777 /run/before.out
if ip netns exec ns1 "$probe" tcp-send 10.0.0.1 7777 x 2>/dev/null; then
	fail "ns1 reached lan before masquerade (the test proves nothing)"
fi
kill %2 2>/dev/null || true
keys a m
wait_screen 'add masquerade'
fill / 192.168.10.0/24 eno1 ""
keys Enter
wait_screen '↳ masquerade from 192\.168\.10\.0/24'
listen lan 10.0.0.1 7777 /run/masq.out
ip netns exec ns1 "$probe" tcp-send 10.0.0.1 7777 from-ns1 || fail "ns1 could not reach lan with masquerade"
for i in $(seq 100); do grep -q bytes /run/masq.out && break; sleep 0.02; done
grep -q '^from 10\.0\.0\.5:' /run/masq.out || fail "lan saw a source other than the uplink: $(cat /run/masq.out)"
grep -q '^from-ns1$' /run/masq.out || fail "lan did not receive the bytes: $(cat /run/masq.out)"
quit_ui
echo "nat e2e ok"
