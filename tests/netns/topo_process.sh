#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A namespace held only by a process (unshare -n sleep): nstop names it
# pid:PID, kind "process", labels it with comm, and resolves the veth both ways.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

unshare -n sleep 1000 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT
wait_netns_changed "$PID"

ip link add vethP type veth peer name vethQ netns "$PID"
ip addr add 10.9.0.1/30 dev vethP
ip link set vethP up
nsenter -t "$PID" -n ip addr add 10.9.0.2/30 dev vethQ
nsenter -t "$PID" -n ip link set vethQ up
nsenter -t "$PID" -n ip route add default via 10.9.0.1
settle / vethP
settle "pid:$PID" vethQ

jq_eq '[.namespaces[].name] | sort' "[\"/\",\"pid:$PID\"]"
jq_eq '.warnings' '[]'
check_ns / self true "$(stat -L -c %i /proc/self/ns/net)"
check_ns "pid:$PID" process false "$(stat -L -c %i "/proc/$PID/ns/net")"
jq_eq "$(ns_f "pid:$PID") | .label" sleep
jq_eq "$(ns_f "pid:$PID") | .pids" "[$PID]"
jq_eq "$(ns_f /) | .pids | index($PID)" null
jq_eq "$(ns_f /) | .pids | index($$) != null" true
jq_eq "[$(ns_f "pid:$PID") | .links[].name] | sort" '["lo","vethQ"]'
jq_eq "$(ns_f "pid:$PID") | .warnings" '[]'

check_link / vethP veth true
check_ipv4 / vethP '["10.9.0.1/30"]'
check_peer / vethP "pid:$PID" vethQ
check_link "pid:$PID" vethQ veth true
jq_eq "$(link_f "pid:$PID" vethQ) | .operstate" up
check_ipv4 "pid:$PID" vethQ '["10.9.0.2/30"]'
check_peer "pid:$PID" vethQ / vethP

check_route / 10.9.0.0/30 null vethP link kernel
check_route "pid:$PID" default 10.9.0.1 vethQ global boot
check_route "pid:$PID" 10.9.0.0/30 null vethQ link kernel

dump=$("$NSTOP" --dump)
expect_eq "dump header of pid:$PID" 1 \
	"$(grep -c "^pid:$PID  (process, inode [0-9]*, label sleep, 1 pid: $PID)\$" <<<"$dump")"
expect_eq "dump line of vethP" 1 "$(grep -c "^  vethP <-> pid:$PID:vethQ  veth UP/up " <<<"$dump")"
for ns in / "pid:$PID"; do
	check_routes_vs_kernel "$ns"
done
echo "PASS: topo_process"
