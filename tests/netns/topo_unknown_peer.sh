#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A veth whose peer is in a namespace nstop cannot see (held only by an open
# fd of a process in /): the peer is kept as nsid + ifindex, with warnings.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

unshare -n sleep 1000 &
PID=$!
wait_netns_changed "$PID"
# A process in / that keeps the namespace alive through fd 3 only.
bash -c 'exec 3<"/proc/$1/ns/net"; exec sleep 1000' holder "$PID" &
HOLDER=$!
trap 'kill "$HOLDER" "$PID" 2>/dev/null || true' EXIT
for ((i = 0; ; i++)); do
	[[ "$(readlink "/proc/$HOLDER/fd/3" 2>/dev/null)" != "$(readlink "/proc/$PID/ns/net")" ]] || break
	((i < 100)) || fail "holder did not open the namespace"
	sleep 0.1
done
INODE=$(stat -L -c %i "/proc/$PID/ns/net")
ip link add vethU type veth peer name vethV netns "$PID"
nsenter -t "$PID" -n ip link set vethV up
PEER_IFINDEX=$(nsenter -t "$PID" -n ip -j link show dev vethV | jq .[0].ifindex)
kill "$PID"
wait "$PID" || true
[[ ! -e /proc/$PID ]] || fail "pid $PID still exists"
[[ "$(stat -L -c %i "/proc/$HOLDER/fd/3")" == "$INODE" ]] || fail "holder lost the namespace"
ip link set vethU up
ip addr add 10.50.0.1/24 dev vethU
settle / vethU

NSID=$(ip_link / vethU .link_netnsid)
[[ "$NSID" =~ ^[0-9]+$ ]] || fail "ip reports no link-netnsid for vethU: $NSID"
expect_eq "ip's peer ifindex of vethU" "$PEER_IFINDEX" "$(ip_link / vethU .link_index)"

jq_eq '[.namespaces[].name]' '["/"]'
jq_eq "[.namespaces[] | select(.inode == $INODE)]" '[]'
jq_eq '.warnings' '[]'
check_ns / self true "$(stat -L -c %i /proc/self/ns/net)"
jq_eq "$(ns_f /) | .pids | index($HOLDER) != null" true

check_link / vethU veth true
jq_eq "$(link_f / vethU) | .operstate" up
check_ipv4 / vethU '["10.50.0.1/24"]'
F=$(link_f / vethU)
jq_eq "$F | .peer.namespace" null
jq_eq "$F | .peer.name" null
jq_eq "$F | .peer.ifindex" "$PEER_IFINDEX"
jq_eq "$F | .peer.nsid" "$NSID"
WARNING="veth peer ifindex $PEER_IFINDEX is in nsid $NSID, a namespace nstop cannot see"
jq_eq "$F | .warnings" "[\"$WARNING\"]"
jq_eq "$(ns_f /) | .warnings" "[\"vethU: $WARNING\"]"

dump=$("$NSTOP" --dump)
expect_eq "dump line of vethU" 1 \
	"$(grep -c "^  vethU <-> ?:ifindex $PEER_IFINDEX (nsid $NSID, unknown namespace)  veth UP/up " <<<"$dump")"
expect_eq "dump warning of vethU" 1 "$(grep -c "^      ! $WARNING\$" <<<"$dump")"
"$NSTOP" --dot >"$TESTDIR/graph.dot"
expect_eq "unknown-peer node in --dot" 1 \
	"$(grep -c "^	u0_[0-9]*_$PEER_IFINDEX \[label=\"? ifindex $PEER_IFINDEX\\\\nunknown namespace\", style=dashed\];\$" "$TESTDIR/graph.dot")"
if command -v dot >/dev/null; then
	dot -Tsvg "$TESTDIR/graph.dot" >/dev/null || fail "dot -Tsvg rejected nstop --dot output"
fi
check_routes_vs_kernel /
echo "PASS: topo_unknown_peer"
