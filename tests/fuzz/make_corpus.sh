#!/bin/sh
# SPDX-License-Identifier: MIT
# Refill the packet fuzzer's seed corpus (tests/fuzz/corpus/pkt/): real frames captured in a
# sandbox (two namespaces over veth, VLAN and QinQ on top when the kernel has
# 8021q; TCP/UDP/ICMP/ARP/NDP/MLD, fragments, a port unreachable) on Ethernet,
# Linux cooked v1 and v2, plus the hand-built frames of test_pkt_decode.
# One frame a file, its first byte naming the link type (fuzz_dlt.h).
# Usage: tests/fuzz/make_corpus.sh BUILD_DIR   (as root; BUILD_DIR has tests/netprobe
#        and tests/unit/test_pkt_decode). Nothing leaves the sandbox.
set -eu
cd "$(dirname "$0")/../.."
root=$(pwd)
build=$(cd "${1:?usage: make_corpus.sh BUILD_DIR}" && pwd)
corpus=$root/tests/fuzz/corpus/pkt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cc -O1 -Wall -Wextra -Werror -Isrc/model/packets -Isrc/model/util -Itests/fuzz -o "$tmp/pcaptool" \
	tests/fuzz/pcaptool.c src/model/packets/pkt_decode.c src/model/packets/pkt_fields.c src/model/packets/pkt_wire.c

# shellcheck disable=SC2016 # expanded inside the sandbox
timeout 60 sh tests/sandbox.sh sh -c '
	set -eu
	probe=$1 out=$2
	ip netns add a
	ip netns add b
	ip -n a link add va type veth peer name vb netns b
	for ns in a b; do ip -n $ns link set lo up; done
	ip -n a addr add 192.168.10.2/24 dev va
	ip -n b addr add 192.168.10.3/24 dev vb
	ip -n a addr add fd00::1/64 dev va nodad
	ip -n b addr add fd00::2/64 dev vb nodad
	if ip -n a link add link va name va.10 type vlan id 10 2>/dev/null; then
		ip -n b link add link vb name vb.10 type vlan id 10
		ip -n a link add link va name va.20 type vlan proto 802.1ad id 20
		ip -n b link add link vb name vb.20 type vlan proto 802.1ad id 20
		ip -n a link add link va.20 name va.20.30 type vlan id 30
		ip -n b link add link vb.20 name vb.20.30 type vlan id 30
		ip -n a addr add 10.0.10.1/24 dev va.10
		ip -n b addr add 10.0.10.2/24 dev vb.10
		ip -n a addr add 10.0.30.1/24 dev va.20.30
		ip -n b addr add 10.0.30.2/24 dev vb.20.30
		vlans="va.10 va.20 va.20.30"
	else
		echo "make_corpus: no 8021q here: VLAN frames are hand-built only" >&2
		vlans=""
	fi
	# tcpdump needs va up; the link comes up (IPv6 NDP/MLD start) with vb below
	ip -n a link set va up
	# -Z root: the files are in a directory only root may write
	ip netns exec a tcpdump -Z root -q -n -i va -w $out/eth.pcap 2>/dev/null &
	pids=$!
	ip netns exec a tcpdump -Z root -q -n -i any -y LINUX_SLL2 -s 200 -w $out/sll2.pcap 2>/dev/null &
	pids="$pids $!"
	ip netns exec b tcpdump -Z root -q -n -i any -y LINUX_SLL -s 96 -w $out/sll.pcap 2>/dev/null &
	pids="$pids $!"
	sleep 1
	ip -n b link set vb up
	for v in $vlans; do
		ip -n a link set $v up
		ip -n b link set $(echo $v | sed s/va/vb/) up
	done
	sleep 1
	ip netns exec b $probe tcp-listen 192.168.10.3 9999 >/dev/null &
	ip netns exec b $probe udp-listen 192.168.10.3 5353 >/dev/null &
	sleep 0.3
	ip netns exec a $probe tcp-send 192.168.10.3 9999 "hello from a"
	ip netns exec a $probe udp-send 192.168.10.3 5353 "query"
	ip netns exec a $probe icmp-echo 192.168.10.3 2 7
	ip netns exec a $probe udp-send 192.168.10.3 9 "nobody listens" || true
	ip netns exec a bash -c "head -c 3000 /dev/zero > /dev/udp/192.168.10.3/9" || true
	ip netns exec a bash -c "echo v6 > /dev/udp/fd00::2/9; echo > /dev/tcp/fd00::2/9" 2>/dev/null || true
	ip netns exec a bash -c "head -c 3000 /dev/zero > /dev/udp/fd00::2/9" 2>/dev/null || true
	ip netns exec a bash -c "echo > /dev/tcp/192.168.10.3/81" 2>/dev/null || true
	if [ -n "$vlans" ]; then
		ip netns exec a $probe icmp-echo 10.0.10.2 1 8
		ip netns exec a $probe icmp-echo 10.0.30.2 1 9
	fi
	sleep 1
	kill $pids
	wait $pids || true
' make_corpus "$build/tests/netprobe" "$tmp"

mkdir -p "$corpus"
rm -f "$corpus"/cap-* "$corpus"/craft-*
for t in eth sll sll2; do
	"$tmp/pcaptool" split "$tmp/$t.pcap" "$corpus" "cap-$t"
done
UNIT_PCAP_OUT="$tmp/craft" "$build/tests/unit/test_pkt_decode" >/dev/null
"$tmp/pcaptool" split "$tmp/craft-1.pcap" "$corpus" craft-eth
for dlt in 12 113 276 228 229; do
	"$tmp/pcaptool" split "$tmp/craft-$dlt.pcap" "$corpus" "craft-dlt$dlt"
done
# The same IP datagrams without their Ethernet header: raw, IPv4 and IPv6 link types.
for f in "$corpus"/craft-eth-* "$corpus"/cap-eth-*; do
	type=$(od -An -tx1 -j13 -N2 "$f" | tr -d ' ')
	case $type in
	0800) idx='\001 \004' ;;
	86dd) idx='\001 \005' ;;
	*) continue ;;
	esac
	for i in $idx; do
		# shellcheck disable=SC2059 # $i is an octal escape
		{ printf "$i"; tail -c +16 "$f"; } >"$corpus/$(basename "$f" | sed 's/-eth-/-raw-/')-$(printf "$i" | od -An -tu1 | tr -d ' ')"
	done
done
echo "corpus: $(find "$corpus" -type f | wc -l) files"
