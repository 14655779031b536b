#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A namespace kept alive only by an nsfs bind mount outside /run/netns (as
# Docker does): nstop finds it in mountinfo, kind "mount", named by the path.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

HOLDER=/run/other/holder
unshare -n sleep 1000 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT
wait_netns_changed "$PID"
mkdir -p /run/other
touch "$HOLDER"
mount --bind "/proc/$PID/ns/net" "$HOLDER"
ip link add vethM type veth peer name vethN netns "$PID"
# From here on only the mount holds the namespace.
kill "$PID"
wait "$PID" || true
trap - EXIT
[[ ! -e /proc/$PID ]] || fail "pid $PID still exists"

ip addr add 10.40.0.1/24 dev vethM
ip link set vethM up
nsenter --net="$HOLDER" ip addr add 10.40.0.2/24 dev vethN
nsenter --net="$HOLDER" ip link set vethN up
nsenter --net="$HOLDER" ip route add 10.41.0.0/16 via 10.40.0.1 dev vethN
settle / vethM
settle "$HOLDER" vethN

jq_eq '[.namespaces[].name] | sort' "[\"/\",\"$HOLDER\"]"
jq_eq '.warnings' '[]'
check_ns / self true "$(stat -L -c %i /proc/self/ns/net)"
check_ns "$HOLDER" mount false "$(stat -L -c %i "$HOLDER")"
jq_eq "$(ns_f "$HOLDER") | .pids" '[]'
jq_eq "$(ns_f "$HOLDER") | .label" null
jq_eq "[$(ns_f "$HOLDER") | .links[].name] | sort" '["lo","vethN"]'
jq_eq "$(ns_f "$HOLDER") | .warnings" '[]'

check_link / vethM veth true
check_ipv4 / vethM '["10.40.0.1/24"]'
check_peer / vethM "$HOLDER" vethN
check_link "$HOLDER" vethN veth true
jq_eq "$(link_f "$HOLDER" vethN) | .operstate" up
check_ipv4 "$HOLDER" vethN '["10.40.0.2/24"]'
check_peer "$HOLDER" vethN / vethM
check_route "$HOLDER" 10.41.0.0/16 10.40.0.1 vethN global boot
check_route "$HOLDER" 10.40.0.0/24 null vethN link kernel

dump=$("$NSTOP" --dump)
expect_eq "dump header of $HOLDER" 1 "$(grep -c "^$HOLDER  (mount, inode [0-9]*)\$" <<<"$dump")"
expect_eq "dump line of vethM" 1 "$(grep -c "^  vethM <-> $HOLDER:vethN  veth UP/up " <<<"$dump")"
for ns in / "$HOLDER"; do
	check_routes_vs_kernel "$ns"
done
echo "PASS: topo_mount"
