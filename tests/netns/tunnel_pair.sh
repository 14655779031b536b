#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Tunnel ends pair like veths: vxlan 42 in namespaces a and b over a veth
# underlay (local/remote swapped) are each other's tunnel_peer in --json,
# a vxlan with another VNI pairs with nothing, and a second namespace owning
# the same underlay address makes the match ambiguous (no pair). The kernel
# is the oracle: an echo across the overlay works, and the MAC each end's
# FDB learned from the underlay is the MAC of the end nstop names.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${NETPROBE:?set NETPROBE to tests/tools/netprobe}"
command -v bridge >/dev/null 2>&1 || skip "bridge (iproute2) is not installed"

ip netns add a
ip netns add b
ip link add ua netns a type veth peer name ub netns b
ip -n a addr add 10.50.0.1/24 dev ua
ip -n b addr add 10.50.0.2/24 dev ub
ip -n a link set ua up
ip -n b link set ub up
ip -n a link add vx0 type vxlan id 42 local 10.50.0.1 remote 10.50.0.2 dstport 4789 dev ua
ip -n b link add vx0 type vxlan id 42 local 10.50.0.2 remote 10.50.0.1 dstport 4789 dev ub
ip -n b link add vx9 type vxlan id 43 local 10.50.0.2 remote 10.50.0.1 dstport 4789 dev ub
ip -n a addr add 10.60.0.1/24 dev vx0
ip -n b addr add 10.60.0.2/24 dev vx0
for n in a b; do ip -n "$n" link set vx0 up; done
ip -n b link set vx9 up

ref() { printf '%s | .tunnel_peer | {namespace, name, unknown, candidates}' "$(link_f "$1" "$2")"; }
jq_eq "$(ref a vx0)" '{"namespace":"b","name":"vx0","unknown":false,"candidates":1}'
jq_eq "$(ref b vx0)" '{"namespace":"a","name":"vx0","unknown":false,"candidates":1}'
jq_eq "$(link_f a vx0) | .tunnel_peer.ifindex" "$(ip_link b vx0 .ifindex)"
jq_eq "$(ref b vx9)" '{"namespace":null,"name":null,"unknown":true,"candidates":0}'
jq_eq "$(link_f a ua) | .tunnel_peer" null
jq_eq "$(link_f a vx0) | .lower.name" ua

# The kernel's own pairing: a datagram across the overlay arrives, and each end's FDB
# learned the other end's MAC at the other end's underlay address.
expect_eq "ping a -> 10.60.0.2 across the overlay" "reply seq 2" \
	"$(ip netns exec a "$NETPROBE" icmp-echo 10.60.0.2 2 | tail -n1)"
ip netns exec b "$NETPROBE" udp-listen 10.60.0.2 7000 >"$TESTDIR/rx.out" &
LISTENER=$!
trap 'kill "$LISTENER" 2>/dev/null || true' EXIT
for ((i = 0; ; i++)); do
	[[ "$(head -n1 "$TESTDIR/rx.out")" != ready ]] || break
	((i < 100)) || fail "listener not ready"
	sleep 0.05
done
ip netns exec a "$NETPROBE" udp-send 10.60.0.2 7000 over-vxlan
wait "$LISTENER"
expect_eq "datagram across the overlay" "from 10.60.0.1 over-vxlan" \
	"$(sed -n '2s/:.*//p; 3p' "$TESTDIR/rx.out" | paste -sd' ')"
learned() { bridge -n "$1" -j fdb show dev vx0 | jq -r --arg dst "$2" '[.[] | select(.dst == $dst and .mac != "00:00:00:00:00:00") | .mac] | join(",")'; }
json_reset
peer_mac() { jq -r "$(ns_f "$(jq -r "$(link_f "$1" vx0) | .tunnel_peer.namespace" "$NSTOP_JSON_FILE")") | .links[] | select(.name == \"vx0\") | .mac" "$NSTOP_JSON_FILE"; }
json >/dev/null
expect_eq "a:vx0 learned its tunnel peer's MAC at 10.50.0.2" "$(peer_mac a)" "$(learned a 10.50.0.2)"
expect_eq "b:vx0 learned its tunnel peer's MAC at 10.50.0.1" "$(peer_mac b)" "$(learned b 10.50.0.1)"
expect_eq "b:vx9 (VNI 43) received nothing" 0 "$(ip -n b -j -s link show dev vx9 | jq '.[0].stats64.rx.packets')"
# --dot: the pair is one bold edge between the two vx0 nodes (the VNI-43 end pairs with none)
expect_eq "--dot tunnel edges" 1 "$("$NSTOP" --dot | grep -c -- '-- n[0-9]*_[0-9]* \[label="vxlan", style=bold\];')"

# Another namespace owning 10.50.0.2 with the same end: two candidates, so a:vx0 pairs with none.
ip netns add c
ip link add uc netns c type veth peer name ud
ip -n c addr add 10.50.0.2/24 dev uc
ip -n c link add vx0 type vxlan id 42 local 10.50.0.2 remote 10.50.0.1 dstport 4789 dev uc
json_reset
jq_eq "$(ref a vx0)" '{"namespace":null,"name":null,"unknown":true,"candidates":2}'
jq_eq "$(link_f a vx0) | .tunnel_peer.ifindex" null
# b's and c's one match is a:vx0, which matches both: a pair is mutual, so neither is paired
jq_eq "$(ref b vx0)" '{"namespace":null,"name":null,"unknown":true,"candidates":1}'
jq_eq "$(ref c vx0)" '{"namespace":null,"name":null,"unknown":true,"candidates":1}'
for end in b c; do jq_eq "$(link_f $end vx0) | .tunnel_peer.one_sided" 'true'; done
jq_eq "$(link_f a vx0) | .tunnel_peer.one_sided" 'false'
