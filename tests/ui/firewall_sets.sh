#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A rule's details list the sets and maps it looks up with their elements (the
# rule's text shows only `@name`): a named set, an interval set and a verdict
# map, an element holding a backslash (shown escaped), and
# a set of 100 elements shown as its first 64 and "… and 36 more"; and a rule's
# counter refreshing in a namespace that has rules but no NAT.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
command -v nft >/dev/null 2>&1 || skip "nft is not installed"
many=$(seq -s, 1 100 | sed 's/,/, /g')
nft -f - <<NFT
table inet s {
	set allow { type ipv4_addr; elements = { 10.9.0.7, 10.9.0.8 } }
	set nets { type ipv4_addr; flags interval; elements = { 10.1.0.0/16, 10.3.0.1-10.3.0.9 } }
	set ifs { type ifname; elements = { "lab0", "ev\\nil" } }
	set ports { type inet_service; elements = { $many } }
	map vm { type inet_service : verdict; elements = { 80 : accept, 22 : drop } }
	chain c {
		type filter hook input priority 0; policy accept;
		ip saddr @allow ip daddr @nets iifname @ifs accept
		tcp dport vmap @vm
		tcp sport @ports drop
		tcp dport 200 counter
	}
}
NFT
start_ui
tmux resize-window -t t -x 160 -y 70 # room for the details of a rule with three sets
wait_screen 'Firewall  4 rules, 1 chain'
# / lo Firewall: open it, its one hook, its one chain (a verdict map reads as nft writes it)
keys g j j l j l j l
wait_screen '├─ tcp dport vmap @vm'
# the first rule's details (rows: /, lo, Firewall, input, the chain, the rule)
keys g j j j j j Enter
wait_screen '^ set: @allow  set ipv4_addr  2 elements'
wait_screen '^   elements: (10\.9\.0\.7, 10\.9\.0\.8|10\.9\.0\.8, 10\.9\.0\.7)'
wait_screen '^ set: @nets  set ipv4_addr  interval  2 elements'
wait_screen '^   elements: 10\.1\.0\.0/16, 10\.3\.0\.1-10\.3\.0\.9'
wait_screen '^ set: @ifs  set ifname  2 elements'
screen | grep -q $'\e' && fail "an escape byte reached the screen"
# nft keeps "ev\nil" as e v \ n i l: shown as it is, in its quotes, no byte raw
wait_screen '^   elements: ("lab0", "ev\\nil"|"ev\\nil", "lab0")'
screen | grep -q $'\e' && fail "an escape byte reached the screen"

keys Enter j Enter
wait_screen '^ set: @vm  map inet_service : verdict  2 elements'
keys Enter j Enter
wait_screen '^ set: @ports  set inet_service  100 elements'
wait_screen '… and 36 more'
keys Enter
# counters of a namespace with rules but no NAT refresh too (the kernel counts the SYNs to a closed port; its RST comes from port 200, not one of @ports)
wait_screen 'tcp dport 200 counter packets 0 bytes 0'
for _ in 1 2 3; do timeout 2 bash -c "echo >/dev/tcp/127.0.0.1/200" 2>/dev/null || true; done
wait_screen 'tcp dport 200 counter packets [1-9]'
quit_ui
echo "rule details list their sets' elements; rule counters refresh"
