#!/bin/sh
# SPDX-License-Identifier: MIT
# Refill the seed corpora of the netlink and /proc fuzzers from a sandbox's
# kernel (the packet corpus is make_corpus.sh's):
#   corpus/nft/     NEWRULE messages of tests/fuzz/nat_rules.nft and of
#                   iptables-nft's nat rules, plus the decoder's unit fixtures;
#                   fw-*: the rules, chains and tables of firewall_rules.nft
#                   and of Docker-like iptables-nft filter rules; set-*, elem-*:
#                   nat_fixtures/sets.hex; xt-rule-ipset-*: ipset matches
#   corpus/extack/  NLMSG_ERROR answers with an extended ack, capped or not
#   corpus/proc/    the sandbox's mountinfo with named namespaces, cgroup
#                   lines of each container engine, Docker and Podman configs
# Usage: tests/fuzz/make_seeds.sh   (as root; needs nft, iptables-nft, xxd;
#        nothing leaves the sandbox)
set -eu
cd "$(dirname "$0")/../.."
corpus=tests/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck disable=SC2046 # pkg-config prints a list
cc -O1 -Wall -Wextra -Werror -o "$tmp/seedtool" tests/fuzz/seedtool.c $(pkg-config --cflags --libs libmnl)
mkdir -p "$tmp/nft" "$tmp/extack" "$tmp/proc"
# shellcheck disable=SC2016 # expanded inside the sandbox
timeout 60 sh tests/sandbox.sh sh -c '
	set -eu
	tool=$1 out=$2
	nft -f tests/fuzz/nat_rules.nft
	$tool rules $out/nft nft
	nft flush ruleset
	iptables-nft -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80
	iptables-nft -t nat -A PREROUTING -p tcp -m multiport --dports 80,443 -j DNAT --to-destination 10.0.0.2
	iptables-nft -t nat -A PREROUTING -p udp --dport 1000:2000 ! -s 10.0.0.0/8 -j DNAT --to-destination 10.0.0.3
	iptables-nft -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER 2>/dev/null ||
		{ iptables-nft -t nat -N DOCKER; iptables-nft -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER; }
	iptables-nft -t nat -A POSTROUTING -s 10.0.0.0/24 ! -o lo -j MASQUERADE
	iptables-nft -t nat -A POSTROUTING -o eth+ -j SNAT --to-source 10.9.9.9
	iptables-nft -t nat -A OUTPUT -p tcp --dport 80 -j REDIRECT --to-ports 8080
	ip6tables-nft -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination "[fd00::2]:8080"
	$tool rules $out/nft iptables
	nft flush ruleset
	ip link add vx0 type veth peer name vx1
	nft -f tests/fuzz/firewall_rules.nft
	iptables-nft -t filter -P FORWARD DROP
	iptables-nft -N DOCKER-USER
	iptables-nft -A FORWARD -j DOCKER-USER
	iptables-nft -A DOCKER-USER -j RETURN
	iptables-nft -A FORWARD -m comment --comment "hello" -j ACCEPT
	iptables-nft -A FORWARD -p udp --dport 9 -j NFQUEUE --queue-num 1 --queue-bypass
	$tool rules $out/nft fw-rule
	$tool chains $out/nft fw-chain
	$tool tables $out/nft fw-table
	$tool extack $out/extack
	# ipset matches (the set by kernel index), when ipset is installed
	if command -v ipset >/dev/null 2>&1; then
		nft flush ruleset
		ipset create allow4 hash:ip
		ipset create pairs hash:ip,port
		iptables-nft -A INPUT -m set --match-set allow4 src -j ACCEPT
		iptables-nft -A INPUT -m set ! --match-set pairs dst,dst -j DROP
		$tool rules $out/nft xt-rule-ipset
	fi
	ip netns add ns1
	ip netns add "odd name"
	grep nsfs /proc/self/mountinfo >$out/proc/mountinfo-netns
	# the machine'"'"'s own mounts stay out of the repository: only the usual ones
	awk '"'"'$5 == "/" || $5 == "/proc" || $5 == "/sys" || $5 ~ "^/run"'"'"' /proc/self/mountinfo >$out/proc/mountinfo-all
' make_seeds "$tmp/seedtool" "$tmp"

# the unit fixtures (the NEWRULE message in hex is a line's last column) as binary messages
n=0
# shellcheck disable=SC2013 # one hex word a line
for hex in $(awk -F'\t' '{ print $NF }' tests/unit/nat_fixtures/*.tsv); do
	n=$((n + 1))
	printf '%s' "$hex" | xxd -r -p >"$tmp/nft/fixture-$(printf %04d $n)"
done

# sets and their elements (tests/backend/nft_set_capture's "set HEX" / "elem HEX" lines)
n=0
while read -r kind hex; do
	n=$((n + 1))
	printf '%s' "$hex" | xxd -r -p >"$tmp/nft/$kind-$(printf %02d $n)"
done <tests/unit/nat_fixtures/sets.hex
# ipset's IPSET_CMD_GET_BYINDEX answer naming "allow4"
printf '%s' 280000000f06000001000000000000000200000005000100070000000b000200616c6c6f77340000 | xxd -r -p \
	>"$tmp/nft/ipset-byindex-1"

printf '%s\n' '1:name=systemd:/' '0::/user.slice/user-0.slice/session-1.scope' >"$tmp/proc/cgroup-plain"
printf '%s\n' '0::/system.slice/docker-4f2a9c0d1e2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8f.scope' \
	>"$tmp/proc/cgroup-docker"
printf '%s\n' '12:pids:/docker/4f2a9c0d1e2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8f' '11:cpu:/' \
	'0::/machine.slice/libpod-0123456789abcdef0123.scope/container' \
	'0::/kubepods/pod1/cri-containerd-aabbccddeeff00112233.scope' '0::/crio-aabbccddeeff00112233.scope' \
	>"$tmp/proc/cgroup-engines"
printf '%s' '{"ID":"4f2a9c0d1e2b","Name":"/web-1","Driver":"overlay2","Config":{"Hostname":"4f2a9c0d1e2b"}}' \
	>"$tmp/proc/docker-config"
# Podman: the first line is the id looked up, the rest containers.json
printf '%s\n%s' 'ccc333' '[{"id":"aaa111","names":["db"],"image":"x"},{"id":"bbb222","image":"y"},{"id":"ccc333","names":["cache","alias"]}]' \
	>"$tmp/proc/podman-containers"

for h in nft extack proc; do
	mkdir -p "$corpus/$h"
	rm -f "$corpus/$h"/*
	cp "$tmp/$h"/* "$corpus/$h/"
	echo "corpus/$h: $(find "$corpus/$h" -type f | wc -l) files"
done
