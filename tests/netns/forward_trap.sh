#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Docker FORWARD trap (issue 11): dockerd sets the filter FORWARD policy
# to DROP and bridge-nf-call-iptables is 1, so traffic between two ports of a
# lab bridge beside docker0 passes FORWARD as iifname lab0 oifname lab0 and
# is dropped. A real ping between two namespaces on lab0 must fail while
# nstop warns about lab0 naming the chain, the policy and the fix; the fix
# nstop prints, run as it is, makes the ping pass and the warning go. No
# false positives: docker0's own traffic (accepted by Docker's rules, and
# the kernel agrees), and no warning once the sysctl is 0 (the ping passes).
# dockerd 20.10's filter chains first, then dockerd 28's, then an nft chain
# (whose fix is an nft command).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
command -v iptables >/dev/null 2>&1 || skip "iptables is not installed"
probe=${NETPROBE:?NETPROBE must point at tests/tools/netprobe}
iptables --version | grep -q nf_tables || skip "iptables is not iptables-nft"

for ns in dhost a b c1 c2; do
	ip netns add "$ns"
	ip -n "$ns" link set lo up
done
[[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]] ||
	skip "br_netfilter is not loaded: bridged traffic never passes FORWARD here (the chain logic is in unit-test_fwd_eval)"
ipt() { ip netns exec dhost iptables "$@"; }

# two bridges in dhost, two namespaces on each
bridge() { # BRIDGE ADDR/PREFIX NS1 ADDR1 NS2 ADDR2
	ip -n dhost link add "$1" type bridge
	ip -n dhost addr add "$2" dev "$1"
	ip -n dhost link set "$1" up
	local i=0 ns addr
	for pair in "$3 $4" "$5 $6"; do
		read -r ns addr <<<"$pair"
		ip -n dhost link add "$1p$i" type veth peer name eth0 netns "$ns"
		ip -n dhost link set "$1p$i" master "$1" up
		ip -n "$ns" addr add "$addr" dev eth0
		ip -n "$ns" link set eth0 up
		i=$((i + 1))
	done
}
bridge docker0 172.17.0.1/16 c1 172.17.0.2/16 c2 172.17.0.3/16
bridge lab0 10.50.0.254/24 a 10.50.0.1/24 b 10.50.0.2/24
ip netns exec dhost sysctl -qw net.bridge.bridge-nf-call-iptables=1
expect_eq "bridge-nf-call-iptables in dhost" 1 "$(ip netns exec dhost cat /proc/sys/net/bridge/bridge-nf-call-iptables)"

# dockerd 20.10's filter rules for docker0
ipt -P FORWARD DROP
for c in DOCKER DOCKER-ISOLATION-STAGE-1 DOCKER-ISOLATION-STAGE-2 DOCKER-USER; do ipt -N "$c"; done
ipt -A FORWARD -j DOCKER-USER
ipt -A FORWARD -j DOCKER-ISOLATION-STAGE-1
ipt -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ipt -A FORWARD -o docker0 -j DOCKER
ipt -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
ipt -A FORWARD -i docker0 -o docker0 -j ACCEPT
ipt -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
ipt -A DOCKER-ISOLATION-STAGE-1 -j RETURN
ipt -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
ipt -A DOCKER-ISOLATION-STAGE-2 -j RETURN
ipt -A DOCKER-USER -j RETURN

ping_ok() { ip netns exec "$1" "$probe" icmp-echo "$2" 2 >/dev/null 2>&1; }
warns() { # the dhost warnings about traffic between a bridge's ports
	json_reset
	jq -c "[$(ns_f dhost) | .warnings[] | select(test(\"traffic between its ports\"))]" < <(json)
}
expected="lab0: traffic between its ports is dropped by ip filter FORWARD (policy drop; bridge-nf-call-iptables = 1): iptables -I DOCKER-USER -i lab0 -o lab0 -j ACCEPT, or sysctl net.bridge.bridge-nf-call-iptables=0"

# the trap: the kernel drops a -> b, and nstop says so, for lab0 only
ping_ok a 10.50.0.2 && fail "a pinged b across lab0: the FORWARD policy did not drop it (is br_netfilter on?)"
ping_ok c1 172.17.0.3 || fail "c1 could not ping c2 on docker0: Docker's accept rules should let it"
expect_eq "dhost's bridge warnings" "$(jq -cn --arg w "$expected" '[$w]')" "$(warns)"
# the kernel's counter agrees: the drop is FORWARD's policy, reached by the lab0 ping
pol=$(ip netns exec dhost nft -j list chain ip filter FORWARD | jq -r '.nftables[] | select(.chain) | .chain.policy')
expect_eq "FORWARD's policy (nft -j)" drop "$pol"

# the fix nstop prints, run as printed
fix=$(jq -r '.[0]' <<<"$(warns)" | sed -n 's/.*bridge-nf-call-iptables = 1): \(.*\), or sysctl .*/\1/p')
expect_eq "the suggested command" "iptables -I DOCKER-USER -i lab0 -o lab0 -j ACCEPT" "$fix"
ip netns exec dhost bash -c "$fix"
ping_ok a 10.50.0.2 || fail "after '$fix' a still cannot ping b"
expect_eq "dhost's bridge warnings after the fix" "[]" "$(warns)"
ipt -D DOCKER-USER -i lab0 -o lab0 -j ACCEPT
ping_ok a 10.50.0.2 && fail "the ping passes again without the fix"
expect_eq "dhost's bridge warnings without the fix" "$(jq -cn --arg w "$expected" '[$w]')" "$(warns)"

# without DOCKER-USER the rule goes first in FORWARD
ipt -D FORWARD -j DOCKER-USER
ipt -F DOCKER-USER
ipt -X DOCKER-USER
fix=$(jq -r '.[0]' <<<"$(warns)" | sed -n 's/.*bridge-nf-call-iptables = 1): \(.*\), or sysctl .*/\1/p')
expect_eq "the suggested command without DOCKER-USER" "iptables -I FORWARD -i lab0 -o lab0 -j ACCEPT" "$fix"
ip netns exec dhost bash -c "$fix"
ping_ok a 10.50.0.2 || fail "after '$fix' a still cannot ping b"
expect_eq "dhost's bridge warnings after that fix" "[]" "$(warns)"
ipt -D FORWARD -i lab0 -o lab0 -j ACCEPT

# the sysctl at 0: bridged traffic skips FORWARD; the kernel lets the ping through and nstop says nothing
ip netns exec dhost sysctl -qw net.bridge.bridge-nf-call-iptables=0
ping_ok a 10.50.0.2 || fail "with bridge-nf-call-iptables=0 a still cannot ping b"
expect_eq "dhost's bridge warnings with the sysctl at 0" "[]" "$(warns)"
jq_eq "$(ns_f dhost) | .bridge_nf.call_iptables" false

# dockerd 28's filter chains (DOCKER-FORWARD, DOCKER-CT, DOCKER-BRIDGE): the same trap, the same fix
ip netns exec dhost sysctl -qw net.bridge.bridge-nf-call-iptables=1
ipt -F
ipt -X
for c in DOCKER DOCKER-BRIDGE DOCKER-CT DOCKER-FORWARD DOCKER-ISOLATION-STAGE-1 DOCKER-ISOLATION-STAGE-2 DOCKER-USER; do
	ipt -N "$c"
done
ipt -A FORWARD -j DOCKER-USER
ipt -A FORWARD -j DOCKER-FORWARD
ipt -A DOCKER ! -i docker0 -o docker0 -j DROP
ipt -A DOCKER-BRIDGE -o docker0 -j DOCKER
ipt -A DOCKER-CT -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ipt -A DOCKER-FORWARD -j DOCKER-CT
ipt -A DOCKER-FORWARD -j DOCKER-ISOLATION-STAGE-1
ipt -A DOCKER-FORWARD -j DOCKER-BRIDGE
ipt -A DOCKER-FORWARD -i docker0 -j ACCEPT
ipt -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
ipt -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
ipt -A DOCKER-USER -j RETURN
expect_eq "FORWARD's policy after the flush (nft -j)" drop \
	"$(ip netns exec dhost nft -j list chain ip filter FORWARD | jq -r '.nftables[] | select(.chain) | .chain.policy')"
ping_ok a 10.50.0.2 && fail "docker 28 rules: a pinged b across lab0"
ping_ok c1 172.17.0.3 || fail "docker 28 rules: c1 could not ping c2 on docker0"
expect_eq "dhost's bridge warnings (docker 28)" "$(jq -cn --arg w "$expected" '[$w]')" "$(warns)"
fix=$(jq -r '.[0]' <<<"$(warns)" | sed -n 's/.*bridge-nf-call-iptables = 1): \(.*\), or sysctl .*/\1/p')
ip netns exec dhost bash -c "$fix"
ping_ok a 10.50.0.2 || fail "docker 28 rules: after '$fix' a still cannot ping b"
expect_eq "dhost's bridge warnings after the fix (docker 28)" "[]" "$(warns)"

# an nft chain of its own with policy drop (firewalld-like): the fix is an nft command, run as printed
ipt -F
ipt -X
ipt -P FORWARD ACCEPT
ip netns exec dhost nft -f - <<'NFT'
table inet firewalld {
	chain filter_FORWARD {
		type filter hook forward priority 10; policy drop;
		iifname "docker0" accept
	}
}
NFT
ping_ok a 10.50.0.2 && fail "inet firewalld filter_FORWARD: a pinged b across lab0"
w=$(jq -r '.[0]' <<<"$(warns)")
expect_eq "the warning for inet firewalld filter_FORWARD" \
	"lab0: traffic between its ports is dropped by inet firewalld filter_FORWARD (policy drop; bridge-nf-call-iptables = 1): nft 'insert rule inet firewalld filter_FORWARD iifname \"lab0\" oifname \"lab0\" accept', or sysctl net.bridge.bridge-nf-call-iptables=0" "$w"
fix=$(sed -n 's/.*bridge-nf-call-iptables = 1): \(.*\), or sysctl .*/\1/p' <<<"$w")
ip netns exec dhost bash -c "$fix"
ping_ok a 10.50.0.2 || fail "after '$fix' a still cannot ping b"
expect_eq "dhost's bridge warnings after the nft fix" "[]" "$(warns)"
echo "PASS"
