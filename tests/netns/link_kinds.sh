#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Link kinds this kernel can make (macvlan, macvtap, vxlan, tun, tap, ifb,
# bridge), their --json "info" field by field against `ip -j -d link`
# (linkinfo.info_data), and lower devices as link references, one of them
# a macvlan moved to another namespace while its parent stays in /; the
# --dump line of each kind's fields.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ip link add up0 type veth peer name up1
ip link set up0 up
ip link set up1 up
ip addr add 10.50.0.1/24 dev up0
ip netns add other
ip link add mv1 link up0 type macvlan mode bridge
ip link add mv2 link up0 type macvlan mode private
ip link set mv2 netns other
ip link add mvt0 link up0 type macvtap mode vepa
ip link add vx0 type vxlan id 42 local 10.50.0.1 remote 10.50.0.2 dstport 4789 dev up0
ip link add vx1 type vxlan id 7 group 239.1.1.1 dstport 8472 dev up0 nolearning
ip tuntap add mode tap user 1000 name tap0
ip tuntap add mode tun name tun0
ip link add ifb0 type ifb
ip link add br0 type bridge stp_state 1 forward_delay 700  # vlan_filtering: not in this kernel (EOPNOTSUPP)

# A process holding tun0 open (TUNSETIFF): its carrier comes on.
python3 -c '
import fcntl, struct, time, sys
fd = open("/dev/net/tun", "r+b", buffering=0)
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", b"tun0", 0x0001 | 0x1000))
print("ok", flush=True)
time.sleep(1000)' >"$TESTDIR/tun.out" &
HOLDER=$!
trap 'kill "$HOLDER" 2>/dev/null || true' EXIT
for ((i = 0; ; i++)); do
	[[ "$(cat "$TESTDIR/tun.out")" != ok ]] || break
	((i < 100)) || fail "no process attached tun0"
	sleep 0.1
done

# info_data's key K of LINK in NS, as ip prints it
ipd() { ip_link "$1" "$2" ".linkinfo.info_data.$3"; }
info() { printf '%s | .info.%s' "$(link_f "$1" "$2")" "$3"; }

check_link / mv1 macvlan false
jq_eq "$(info / mv1 mode)" "$(ipd / mv1 mode)"
jq_eq "$(info / mv1 mode)" bridge
jq_eq "$(info / mvt0 mode)" "$(ipd / mvt0 mode)"
jq_eq "$(link_f / mvt0) | .kind" macvtap
jq_eq "$(info other mv2 mode)" "$(ip -n other -j -d link show dev mv2 | jq -r '.[0].linkinfo.info_data.mode')"
jq_eq "$(info other mv2 mode)" private

UP0=$(ip_link / up0 .ifindex)
jq_eq "$(link_f / mv1) | .lower | {ns, ifindex, name, unknown}" "{\"ns\":\"/\",\"ifindex\":$UP0,\"name\":\"up0\",\"unknown\":false}"
jq_eq "$(link_f / mvt0) | .lower.name" "$(ip_link / mvt0 .link)"
# The moved macvlan: ip only says "link-netnsid N, ifindex"; nstop names its parent in /.
expect_eq "ip's link_index of other:mv2" "$UP0" "$(ip -n other -j -d link show dev mv2 | jq '.[0].link_index')"
[[ "$(ip -n other -j -d link show dev mv2 | jq '.[0].link_netnsid')" =~ ^[0-9]+$ ]] || fail "mv2 has no link-netnsid"
jq_eq "$(link_f other mv2) | .lower | {ns, ifindex, name, unknown}" "{\"ns\":\"/\",\"ifindex\":$UP0,\"name\":\"up0\",\"unknown\":false}"

for k in id local remote port learning; do
	jq_eq "$(info / vx0 "$k")" "$(ipd / vx0 "$k")"
done
jq_eq "$(link_f / vx0) | .info | keys" '["external","id","learning","local","port","remote"]'
# collect_metadata: ip prints "external" only when it is on; nstop says false
jq_eq "$(info / vx0 external)" false
expect_eq "ip's external of vx0" null "$(ipd / vx0 external)"
jq_eq "$(link_f / vx0) | .lower.name" "$(ipd / vx0 link)"
for k in id group port learning; do
	jq_eq "$(info / vx1 "$k")" "$(ipd / vx1 "$k")"
done
jq_eq "$(info / vx1 learning)" false
jq_eq "$(link_f / vx1) | .info.remote" null

for t in tap0 tun0; do
	jq_eq "$(info / "$t" type)" "$(ipd / "$t" type)"
	jq_eq "$(info / "$t" persist)" "$(ipd / "$t" persist)"
done
jq_eq "$(info / tap0 type)" tap
jq_eq "$(info / tap0 owner)" 1000
jq_eq "$(info / tun0 owner)" null
jq_eq "$(info / tap0 open)" false
jq_eq "$(info / tun0 open)" true
jq_eq "$(link_f / tap0) | .lower" null

jq_eq "$(link_f / ifb0) | .kind" ifb
jq_eq "$(link_f / ifb0) | .info" null
jq_eq "$(link_f / up0) | .info" null
jq_eq "$(link_f / up0) | .lower" null

for k in stp_state forward_delay; do
	jq_eq "$(info / br0 "$k")" "$(ipd / br0 "$k")"
done
jq_eq "$(info / br0 vlan_filtering)" "$(ipd / br0 vlan_filtering | sed 's/^1$/true/; s/^0$/false/')"
jq_eq "$(info / br0 vlan_filtering)" false
jq_eq "$(info / br0 forward_delay)" 700

# --dump: each kind's fields under its link, iproute2's words, the lower device by name
dump=$("$NSTOP" --dump)
for want in \
	"      vxlan id 42 local 10.50.0.1 remote 10.50.0.2 port 4789 learning on external off dev up0" \
	"      vxlan id 7 group 239.1.1.1 port 8472 learning off external off dev up0" \
	"      macvlan mode bridge link up0" \
	"      macvtap mode vepa link up0" \
	"      tap type tap persist on owner 1000 open off" \
	"      tun type tun persist on open on" \
	"      bridge stp_state 1 vlan_filtering off forward_delay 700"; do
	expect_eq "--dump line '$want'" 1 "$(grep -cxF -- "$want" <<<"$dump")"
done
expect_eq "--dump line of other:mv2" 1 "$(grep -cxF -- "      macvlan mode private link /:up0" <<<"$dump")"
expect_eq "--dump kind lines of ifb0 and up0 (none)" 0 "$(grep -cE '^      (ifb|veth)( |$)' <<<"$dump")"

# The parent goes: the macvlans and vxlans on it go with it (the kernel deletes them).
ip link del up0
json_reset
jq_eq "[$(ns_f /) | .links[].name | select(. == \"mv1\" or . == \"vx0\")]" '[]'
jq_eq "[$(ns_f other) | .links[].name]" '["lo"]'

# A macvlan whose parent stays in a namespace nstop cannot see (held only by an open fd of a
# process in /, as in topo_unknown_peer.sh): the lower device is an ifindex, "unknown".
unshare -n sleep 1000 &
PID=$!
wait_netns_changed "$PID"
bash -c 'exec 3<"/proc/$1/ns/net"; exec sleep 1000' holder "$PID" &
FDHOLDER=$!
trap 'kill "$HOLDER" "$FDHOLDER" "$PID" 2>/dev/null || true' EXIT
for ((i = 0; ; i++)); do
	[[ "$(readlink "/proc/$FDHOLDER/fd/3" 2>/dev/null)" != "$(readlink "/proc/$PID/ns/net")" ]] || break
	((i < 100)) || fail "holder did not open the namespace"
	sleep 0.1
done
nsenter -t "$PID" -n ip link add hid0 type veth peer name hid1
nsenter -t "$PID" -n ip link add mvx link hid0 type macvlan mode vepa
HID=$(nsenter -t "$PID" -n ip -j link show dev hid0 | jq .[0].ifindex)
nsenter -t "$PID" -n ip link set mvx netns "$$"
kill "$PID"
wait "$PID" || true
expect_eq "ip's link_index of mvx" "$HID" "$(ip_link / mvx .link_index)"
[[ "$(ip_link / mvx .link_netnsid)" =~ ^[0-9]+$ ]] || fail "mvx has no link-netnsid"
json_reset
jq_eq "$(link_f / mvx) | .lower | {ns, ifindex, name, unknown}" "{\"ns\":null,\"ifindex\":$HID,\"name\":null,\"unknown\":true}"
jq_eq "$(info / mvx mode)" vepa
