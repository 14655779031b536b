#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A veth pair between two named namespaces, neither end in /: each end's peer
# resolves to the other namespace, / stays empty. The nsids are chosen so
# that reading an nsid in the wrong namespace would name the wrong one.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ip netns add nsa
ip netns add nsb
ip -n nsa netns set nsb 5 # in nsa, nsid 5 is nsb; in /, 5 is nsa
ip -n nsb netns set nsa 9 # in nsb, nsid 9 is nsa; in /, 9 is nsb
ip netns set nsa 5
ip netns set nsb 9
ip -n nsa link add va type veth peer name vb netns nsb
ip -n nsa addr add 10.20.0.1/24 dev va
ip -n nsb addr add 10.20.0.2/24 dev vb
ip -n nsa link set va up
ip -n nsb link set vb up
ip -n nsb route add 10.30.0.0/16 via 10.20.0.1
settle nsa va
settle nsb vb

jq_eq '[.namespaces[].name] | sort' '["/","nsa","nsb"]'
jq_eq '.warnings' '[]'
check_ns / self true "$(stat -L -c %i /proc/self/ns/net)"
check_ns nsa named false "$(stat -L -c %i /run/netns/nsa)"
check_ns nsb named false "$(stat -L -c %i /run/netns/nsb)"
jq_eq "[$(ns_f /) | .links[].name]" '["lo"]'
jq_eq "[$(ns_f nsa) | .links[].name] | sort" '["lo","va"]'
jq_eq "[$(ns_f nsb) | .links[].name] | sort" '["lo","vb"]'

check_link nsa va veth true
jq_eq "$(link_f nsa va) | .operstate" up
check_ipv4 nsa va '["10.20.0.1/24"]'
check_peer nsa va nsb vb
jq_eq "$(link_f nsa va) | .peer.nsid" 5

check_link nsb vb veth true
jq_eq "$(link_f nsb vb) | .operstate" up
check_ipv4 nsb vb '["10.20.0.2/24"]'
check_peer nsb vb nsa va
jq_eq "$(link_f nsb vb) | .peer.nsid" 9

check_route nsa 10.20.0.0/24 null va link kernel
check_route nsb 10.30.0.0/16 10.20.0.1 vb global boot
jq_eq "[$(ns_f /) | .routes[] | select(.table == 254 and .family == \"inet\")]" '[]'
for ns in / nsa nsb; do
	jq_eq "$(ns_f "$ns") | .warnings" '[]'
done

dump=$("$NSTOP" --dump)
expect_eq "dump line of va" 1 "$(grep -c '^  va <-> nsb:vb  veth UP/up ' <<<"$dump")"
expect_eq "dump line of vb" 1 "$(grep -c '^  vb <-> nsa:va  veth UP/up ' <<<"$dump")"
for ns in / nsa nsb; do
	check_routes_vs_kernel "$ns"
done
echo "PASS: topo_cross_named"
