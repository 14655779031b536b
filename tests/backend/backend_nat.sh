#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# NAT edits through the backend, read back by `nft -j list ruleset` (not by
# nstop): port forward, masquerade, SNAT, delete by handle, ip_forward; a batch
# the kernel rejects in part leaves nothing; bad input refused with the
# ruleset unchanged.
set -euo pipefail
probe=${BE_EDIT:?BE_EDIT must point at be_edit_probe}
fail() { echo "FAIL: $*" >&2; exit 1; }
checks=0
apply() { local out; out=$("$probe" "$@" 2>&1) || fail "be_edit_probe $*: $out"; [[ $(tail -n1 <<<"$out") == ok ]] || fail "$out"; checks=$((checks + 1)); }
nftq() { local ns=$1 q=$2; if [[ $ns == / ]]; then nft -j list ruleset; else ip netns exec "$ns" nft -j list ruleset; fi | jq -e "$q" >/dev/null || fail "nft -j in $ns: $q"; checks=$((checks + 1)); }

ip netns add ns2
ip link add vethC type veth peer name vethD netns ns2
ip -n ns2 addr add 192.168.10.3/24 dev vethD

apply nat-forward ns=/ proto=tcp port=9999 to=192.168.10.3 iif=eno1
nftq / '.nftables[] | select(.chain.name == "prerouting" and .chain.table == "nstop") | .chain | .type == "nat" and .hook == "prerouting" and .prio == -100'
nftq / '[.nftables[] | select(.rule.chain == "prerouting") | .rule.expr[] | select(.dnat)] | .[0].dnat | .addr == "192.168.10.3" and .port == 9999'
nftq / '[.nftables[] | select(.rule.chain == "prerouting") | .rule.expr[] | select(.match.left.meta.key == "iifname")] | .[0].match.right == "eno1"'
nftq / '[.nftables[] | select(.rule.chain == "prerouting") | .rule.expr[] | select(.match.left.payload.field == "dport")] | .[0].match | .right == 9999 and .left.payload.protocol == "tcp"'
apply nat-forward ns=/ proto=udp port=5353 to=192.168.10.3 to_port=53 daddr=10.1.1.1
nftq / '[.nftables[] | select(.rule.chain == "prerouting") | .rule.expr[] | select(.dnat)] | .[1].dnat | .addr == "192.168.10.3" and .port == 53'
apply nat-masq ns=/ src=192.168.10.0/24 oif=eno1
nftq / '.nftables[] | select(.chain.name == "postrouting" and .chain.table == "nstop") | .chain | .hook == "postrouting" and .prio == 100'
nftq / '[.nftables[] | select(.rule.chain == "postrouting") | .rule.expr[] | select(has("masquerade"))] | length == 1'
nftq / '[.nftables[] | select(.rule.chain == "postrouting") | .rule.expr[] | select(.match.left.payload.field == "saddr")] | .[0].match.right.prefix | .addr == "192.168.10.0" and .len == 24'
apply nat-masq ns=ns2 src=10.0.0.0/8 snat_to=192.168.1.126
nftq ns2 '[.nftables[] | select(.rule) | .rule.expr[] | select(.snat)] | .[0].snat.addr == "192.168.1.126"'

# delete by handle (the rule nstop lists first in prerouting)
h=$(nft -a -j list chain ip nstop prerouting | jq -r '[.nftables[] | select(.rule)][0].rule.handle')
apply nat-del ns=/ family=ip table=nstop chain=prerouting handle="$h"
nftq / "[.nftables[] | select(.rule.handle == $h)] | length == 0"
nftq / '[.nftables[] | select(.rule.chain == "prerouting")] | length == 1'

# ip_forward in one namespace only
apply ip-forward ns=ns2
[[ $(ip netns exec ns2 cat /proc/sys/net/ipv4/ip_forward) == 1 ]] || fail "ip_forward not set in ns2"
[[ $(cat /proc/sys/net/ipv4/ip_forward) == 0 ]] || fail "ip_forward changed in / too"
checks=$((checks + 2))

# All or nothing (ARCHITECTURE.md §10): the real batch of a valid port forward plus one
# NEWRULE the kernel rejects (a nat expression with no registers) before the end.
nsnft() { local ns=$1; shift; if [[ $ns == / ]]; then nft "$@"; else ip netns exec "$ns" nft "$@"; fi; }
poisoned()
{
	local ns=$1 before out rc=0
	shift
	before=$(nsnft "$ns" -a list ruleset)
	out=$("$probe" nat-forward-poisoned ns="$ns" "$@" 2>&1) || rc=$?
	[[ $rc -eq 0 && $(tail -n1 <<<"$out") == "refused: "?* ]] || fail "poisoned batch in $ns: expected an error, got ($rc) $out"
	[[ "$before" == "$(nsnft "$ns" -a list ruleset)" ]] ||
		fail "poisoned batch in $ns changed the ruleset:"$'\n'"$before"$'\n---\n'"$(nsnft "$ns" -a list ruleset)"
	checks=$((checks + 2))
}
ip netns add ns3
[[ -z $(nsnft ns3 list tables) ]] || fail "ns3 is not fresh: $(nsnft ns3 list tables)"
poisoned ns3 proto=tcp port=8080 to=192.168.10.3 to_port=80
[[ -z $(nsnft ns3 list tables) ]] || fail "a refused batch left a table in ns3: $(nsnft ns3 list tables)"
# with table ip nstop and rules in place: the same ruleset, handles and all
nftq / '[.nftables[] | select(.rule.table == "nstop")] | length >= 2'
poisoned / proto=tcp port=8080 to=192.168.10.3 to_port=80 iif=eno1
# ns2 has only postrouting: the batch's new prerouting chain must not stay either
nftq ns2 '[.nftables[] | select(.chain.name == "prerouting")] | length == 0'
poisoned ns2 proto=udp port=53 to=192.168.10.3
# the same batch without the poisoned rule is accepted
apply nat-forward ns=ns3 proto=tcp port=8080 to=192.168.10.3 to_port=80
nftq ns3 '[.nftables[] | select(.rule.table == "nstop") | .rule.expr[] | select(.dnat)] | .[0].dnat | .addr == "192.168.10.3" and .port == 80'

# bad input: refused, ruleset unchanged
bad()
{
	local field=$1 text=$2 before out rc=0
	shift 2
	before=$(nft list ruleset; ip netns exec ns2 nft list ruleset)
	out=$("$probe" "$@" 2>&1) || rc=$?
	[[ $rc -eq 3 && $out == "invalid $field: "*"$text"* ]] || fail "be_edit_probe $*: expected $field '$text', got ($rc) $out"
	[[ "$before" == "$(nft list ruleset; ip netns exec ns2 nft list ruleset)" ]] || fail "be_edit_probe $* changed the ruleset"
	checks=$((checks + 1))
}
bad proto "tcp or udp" nat-forward ns=/ proto=icmp port=1 to=192.168.10.3
bad port "1-65535" nat-forward ns=/ proto=tcp port=0 to=192.168.10.3
bad port "1-65535" nat-forward ns=/ proto=tcp port=65536 to=192.168.10.3
bad port "1-65535" nat-forward ns=/ proto=tcp port=80a to=192.168.10.3
bad to_port "1-65535" nat-forward ns=/ proto=tcp port=80 to=192.168.10.3 to_port=99999
bad to "IPv4" nat-forward ns=/ proto=tcp port=80 to=fd00::3
bad to "not an IPv4 or IPv6" nat-forward ns=/ proto=tcp port=80 to=192.168.10
bad to "without a prefix" nat-forward ns=/ proto=tcp port=80 to=192.168.10.3/24
bad iif "cannot contain" nat-forward ns=/ proto=tcp port=80 to=192.168.10.3 iif=a/b
bad daddr "multicast" nat-forward ns=/ proto=tcp port=80 to=192.168.10.3 daddr=224.0.0.5
bad src "host bits set" nat-masq ns=/ src=192.168.10.1/24
bad src "source subnet, an output interface or both" nat-masq ns=/
bad oif "at most 15" nat-masq ns=/ oif=averyveryverylongname
bad snat_to "unspecified" nat-masq ns=/ oif=eno1 snat_to=0.0.0.0
bad ns "no namespace named 'nope'" nat-masq ns=nope oif=eno1
bad handle "has no rule ip nstop prerouting handle 424242" nat-del ns=/ family=ip table=nstop chain=prerouting handle=424242
bad ns "already 1" ip-forward ns=ns2
echo "backend NAT ok: $checks checks"
