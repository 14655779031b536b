#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The kinds this kernel cannot make, on a hand-built model (tests/tools/ui_model.c,
# UI_MODEL_FIXTURE=kinds: fixture_kinds): each row's kind text (a gre's ends,
# key, ttl and underlay; geneve, ip6tnl, vrf, bond, wireguard, netkit's peer),
# and the details of a tunnel and of a bond's member.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

UI_ENV="UI_MODEL_FIXTURE=kinds"
rm -f "$UI_RC"
tmux -u -f /dev/null new-session -d -s t -x 140 -y 44 "$UI_ENV $NSTOP; echo \$? >$UI_RC; sleep 600"
wait_screen 'namespace' 5
wait_screen '─ gre1 gre 10\.1\.1\.2 → 10\.1\.1\.1 key 7 ttl 64 dev eth0 +gre ' 5
wait_screen '─ gnv0 geneve 5 → 10\.1\.1\.1 +geneve '
wait_screen '─ tnl6 ip6tnl ip6ip6 fd00::1 → fd00::2 ttl 64 +ip6tnl '
wait_screen '─ blue vrf table 10 +vrf '
wait_screen '─ bond0 bond active-backup +bond '
wait_screen '─ wg0 wireguard port 51820 3 peers +wiregua… '  # the KIND column is 8 wide
wait_screen '─ nk0 ⇄ c1:nk1 netkit l3 primary +netkit '
wait_screen '─ team0 +team '
golden kinds-tree

# the gre's details: its underlay and every field
keys / gre1 Enter
keys j Enter
wait_screen 'lower /:eth0 \(ifindex 2, same namespace\)'
for f in 'local 10\.1\.1\.2' 'remote 10\.1\.1\.1' 'ttl 64' 'ikey 7' 'okey 7' 'external no'; do
	wait_screen "^ *$f"
done
golden kinds-gre-details
quit_ui

# a bond's member: its state in the bond, from IFLA_INFO_SLAVE_DATA
rm -f "$UI_RC"
tmux -u -f /dev/null new-session -d -s t -x 140 -y 44 "$UI_ENV $NSTOP; echo \$? >$UI_RC; sleep 600"
wait_screen 'namespace' 5
keys / m1 Enter
keys j Enter
wait_screen '/:m1  \(dummy, ifindex 8\)'
wait_screen '^ *bond_slave_state active'
wait_screen '^ *bond_slave_mii_status up'
quit_ui
echo "PASS: kinds_crafted"
