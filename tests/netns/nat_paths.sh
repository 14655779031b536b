#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# NAT found anywhere (issue 11): Docker's `docker run -p 8080:80`, a
# netavark-like and a CNI-portmap-like port forward, made with iptables
# (iptables-nft) commands as those tools write them. nstop --json's nat[]
# must list each DNAT in its regular chain once per path from a nat base
# chain, with the path, the effective match (the jumps' conditions first)
# and the target namespace and link; the jump rules themselves are no NAT
# records. Docker's embedded-DNS rules in the container give no ip_forward
# warning; the host's prerouting DNAT with ip_forward 0 gives one. Then a
# real connect through the port forward, from another namespace and from
# the host itself, shows the kernel does what nstop says; likewise through
# netavark's and CNI's forwards to their pods. A DNAT shadowed by an earlier
# one with the same match is named, and the kernel's counters agree it
# never hits.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
command -v iptables >/dev/null 2>&1 || skip "iptables is not installed"
command -v nft >/dev/null 2>&1 || skip "nft is not installed"
probe=${NETPROBE:?NETPROBE must point at tests/tools/netprobe}
iptables --version | grep -q nf_tables || skip "iptables is not iptables-nft"

for ns in host ctr client podhost pod cnipod; do
	ip netns add "$ns"
	ip -n "$ns" link set lo up
done
ipt() { local ns=$1; shift; ip netns exec "$ns" iptables "$@"; }

# host: docker0 with the container's veth in it, and a link to the client
ip -n host link add docker0 type bridge
ip -n host addr add 172.17.0.1/16 dev docker0
ip -n host link add vethc0 type veth peer name eth0 netns ctr
ip -n host link set vethc0 master docker0
ip -n ctr addr add 172.17.0.4/16 dev eth0
ip -n host link add hc0 type veth peer name cl0 netns client
ip -n host addr add 10.9.0.1/24 dev hc0
ip -n client addr add 10.9.0.2/24 dev cl0
for l in docker0 vethc0 hc0; do ip -n host link set "$l" up; done
ip -n ctr link set eth0 up
ip -n client link set cl0 up
ip -n ctr route add default via 172.17.0.1
ip -n client route add default via 10.9.0.1
ip netns exec host sysctl -qw net.ipv4.ip_forward=0

# dockerd 20.10 / 28 (bridge driver, userland-proxy off for the hairpin), docker run -p 8080:80
ipt host -t nat -N DOCKER
ipt host -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
ipt host -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
ipt host -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
ipt host -t nat -A POSTROUTING -s 172.17.0.4/32 -d 172.17.0.4/32 -p tcp -m tcp --dport 80 -j MASQUERADE
ipt host -t nat -A DOCKER -i docker0 -j RETURN
ipt host -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.4:80

# Docker's embedded DNS in a container on a user-defined network (libnetwork's resolver rules)
ipt ctr -t nat -N DOCKER_OUTPUT
ipt ctr -t nat -N DOCKER_POSTROUTING
ipt ctr -t nat -A OUTPUT -d 127.0.0.11/32 -j DOCKER_OUTPUT
ipt ctr -t nat -A POSTROUTING -d 127.0.0.11/32 -j DOCKER_POSTROUTING
ipt ctr -t nat -A DOCKER_OUTPUT -d 127.0.0.11/32 -p tcp -m tcp --dport 53 -j DNAT --to-destination 127.0.0.11:41225
ipt ctr -t nat -A DOCKER_OUTPUT -d 127.0.0.11/32 -p udp -m udp --dport 53 -j DNAT --to-destination 127.0.0.11:39877
ipt ctr -t nat -A DOCKER_POSTROUTING -s 127.0.0.11/32 -p tcp -m tcp --sport 41225 -j SNAT --to-source :53
ipt ctr -t nat -A DOCKER_POSTROUTING -s 127.0.0.11/32 -p udp -m udp --sport 39877 -j SNAT --to-source :53

# netavark (iptables driver) and CNI portmap, side by side in one host, as they write them
podnet() { # BRIDGE HOST-ADDR NS ADDR
	ip -n podhost link add "$1" type bridge
	ip -n podhost addr add "$2" dev "$1"
	ip -n podhost link add "v$3" type veth peer name eth0 netns "$3"
	ip -n podhost link set "v$3" master "$1" up
	ip -n podhost link set "$1" up
	ip -n "$3" addr add "$4" dev eth0
	ip -n "$3" link set eth0 up
	ip -n "$3" route add default via "${2%/*}"
}
podnet podman0 10.88.0.1/16 pod 10.88.0.2/16
podnet cni0 10.22.0.1/16 cnipod 10.22.0.5/16
for c in NETAVARK-HOSTPORT-DNAT NETAVARK-HOSTPORT-SETMARK NETAVARK-HOSTPORT-MASQ NETAVARK-DN-1D8721804F16F \
	CNI-HOSTPORT-DNAT CNI-HOSTPORT-SETMARK CNI-HOSTPORT-MASQ CNI-DN-4e7f3e1a5b6c7d8e9f0a1; do
	ipt podhost -t nat -N "$c"
done
ipt podhost -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j NETAVARK-HOSTPORT-DNAT
ipt podhost -t nat -A OUTPUT -m addrtype --dst-type LOCAL -j NETAVARK-HOSTPORT-DNAT
ipt podhost -t nat -A POSTROUTING -j NETAVARK-HOSTPORT-MASQ
ipt podhost -t nat -A NETAVARK-HOSTPORT-SETMARK -j MARK --set-xmark 0x2000/0x2000
ipt podhost -t nat -A NETAVARK-HOSTPORT-MASQ -m comment --comment 'netavark portfw masq mark' -m mark --mark 0x2000/0x2000 -j MASQUERADE
ipt podhost -t nat -A NETAVARK-HOSTPORT-DNAT -p tcp --dport 8081 -m comment --comment 'dnat name: podman id: 1d8721804f16f' -j NETAVARK-DN-1D8721804F16F
ipt podhost -t nat -A NETAVARK-DN-1D8721804F16F -s 10.88.0.0/16 -p tcp --dport 8081 -j NETAVARK-HOSTPORT-SETMARK
ipt podhost -t nat -A NETAVARK-DN-1D8721804F16F -s 127.0.0.1 -p tcp --dport 8081 -j NETAVARK-HOSTPORT-SETMARK
ipt podhost -t nat -A NETAVARK-DN-1D8721804F16F -p tcp --dport 8081 -j DNAT --to-destination 10.88.0.2:80
ipt podhost -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
ipt podhost -t nat -A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
ipt podhost -t nat -A POSTROUTING -m comment --comment 'CNI portfwd requiring masquerade' -j CNI-HOSTPORT-MASQ
ipt podhost -t nat -A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE
ipt podhost -t nat -A CNI-HOSTPORT-SETMARK -m comment --comment 'CNI portfwd masquerade mark' -j MARK --set-xmark 0x2000/0x2000
ipt podhost -t nat -A CNI-HOSTPORT-DNAT -p tcp -m comment --comment 'dnat name: "cbr0" id: "abc"' -m multiport --dports 8082 -j CNI-DN-4e7f3e1a5b6c7d8e9f0a1
ipt podhost -t nat -A CNI-DN-4e7f3e1a5b6c7d8e9f0a1 -s 10.22.0.0/16 -p tcp -m tcp --dport 8082 -j CNI-HOSTPORT-SETMARK
ipt podhost -t nat -A CNI-DN-4e7f3e1a5b6c7d8e9f0a1 -s 127.0.0.1/32 -p tcp -m tcp --dport 8082 -j CNI-HOSTPORT-SETMARK
ipt podhost -t nat -A CNI-DN-4e7f3e1a5b6c7d8e9f0a1 -p tcp -m tcp --dport 8082 -j DNAT --to-destination 10.22.0.5:80

nat_of() { printf '%s | .nat[]' "$(ns_f "$1")"; }
# the kernel's word: handle and chain of each DNAT, and the jumps that reach the chain
kernel_dnat() { # NS CHAIN: the handles of the chain's dnat rules, as nft -j says
	ip netns exec "$1" nft -a -j list ruleset |
		jq -c "[.nftables[] | select(.rule and .rule.chain == \"$2\") | .rule | select([.expr[] | has(\"xt\") and .xt.name == \"DNAT\" or has(\"dnat\")] | any) | .handle]"
}
kernel_jumps() { # NS TARGET: base chains of table nat that jump to TARGET
	ip netns exec "$1" nft -j list ruleset |
		jq -c "[.nftables[] | select(.rule and .rule.table == \"nat\") | .rule | select([.expr[] | .jump.target? == \"$2\"] | any) | .chain] | sort"
}

# --- Docker: the DNAT in chain DOCKER, once from PREROUTING and once from OUTPUT
h=$(kernel_dnat host DOCKER)
expect_eq "the kernel's DNAT rules in DOCKER" 1 "$(jq length <<<"$h")"
h=$(jq '.[0]' <<<"$h")
expect_eq "chains that jump to DOCKER (nft -j)" '["OUTPUT","PREROUTING"]' "$(kernel_jumps host DOCKER)"
dnat="$(nat_of host) | select(.chain == \"DOCKER\")"
jq_eq "[$dnat | [.hook, .handle, .type, .path, .to_addr, .to_port, .target.namespace, .target.link]]" \
	"[[\"prerouting\",$h,\"dnat\",[\"PREROUTING\",\"DOCKER\"],\"172.17.0.4\",\"80\",\"ctr\",\"eth0\"],[\"output\",$h,\"dnat\",[\"OUTPUT\",\"DOCKER\"],\"172.17.0.4\",\"80\",\"ctr\",\"eth0\"]]"
jq_eq "[$dnat | .match | [.iif, .proto, .dport]]" '[["!= docker0","tcp","8080"],["!= docker0","tcp","8080"]]'
# effective match: the jump's conditions, then the rule's own, `!=` kept
jq_eq "[$dnat | .effective_match | endswith(\"iifname != \\\"docker0\\\" tcp dport 8080\")]" '[true,true]'
jq_eq "[$dnat | .effective_match | length > 40]" '[true,true]'
jq_eq "[$dnat | select(.hook == \"output\") | .effective_match | startswith(\"ip daddr != 127.0.0.0/8 \")]" '[true]'
# the jumps and DOCKER's return are the path, not NAT records; the masquerades are
jq_eq "[$(nat_of host) | select(.chain == \"PREROUTING\" or .chain == \"OUTPUT\")] | length" 0
jq_eq "[$(nat_of host) | select(.chain == \"POSTROUTING\") | [.type, .path, .match.saddr]]" \
	'[["masquerade",["POSTROUTING"],"172.17.0.0/16"],["masquerade",["POSTROUTING"],"172.17.0.4"]]'
# nat[] is in hook order
jq_eq "[$(nat_of host) | .hook]" '["prerouting","output","postrouting","postrouting"]'

# --- ip_forward: the host's prerouting DNAT needs it; the container's DNS rules do not
jq_eq "[$(ns_f host) | .warnings[] | select(test(\"ip_forward is 0\"))] | length" 1
jq_eq "[$(ns_f ctr) | .warnings[]] | length" 0
jq_eq "$(ns_f ctr) | .ip_forward" false
jq_eq "[$(nat_of ctr) | [.hook, .type, .path, .target.namespace, .target.link]]" \
	'[["output","dnat",["OUTPUT","DOCKER_OUTPUT"],"ctr","lo"],["output","dnat",["OUTPUT","DOCKER_OUTPUT"],"ctr","lo"],["postrouting","snat",["POSTROUTING","DOCKER_POSTROUTING"],null,null],["postrouting","snat",["POSTROUTING","DOCKER_POSTROUTING"],null,null]]'
jq_eq "[$(nat_of ctr) | select(.type == \"snat\") | [.match.saddr, .match.daddr, .to_port]]" \
	'[["127.0.0.11","127.0.0.11","53"],["127.0.0.11","127.0.0.11","53"]]'

# --- netavark and CNI portmap
jq_eq "[$(nat_of podhost) | select(.type == \"dnat\") | [.hook, .path, .to_addr, .match.dport, .target.namespace]]" \
	'[["prerouting",["PREROUTING","NETAVARK-HOSTPORT-DNAT","NETAVARK-DN-1D8721804F16F"],"10.88.0.2","8081","pod"],["prerouting",["PREROUTING","CNI-HOSTPORT-DNAT","CNI-DN-4e7f3e1a5b6c7d8e9f0a1"],"10.22.0.5","8082","cnipod"],["output",["OUTPUT","NETAVARK-HOSTPORT-DNAT","NETAVARK-DN-1D8721804F16F"],"10.88.0.2","8081","pod"],["output",["OUTPUT","CNI-HOSTPORT-DNAT","CNI-DN-4e7f3e1a5b6c7d8e9f0a1"],"10.22.0.5","8082","cnipod"]]'
jq_eq "[$(nat_of podhost) | select(.type == \"masquerade\") | .path]" \
	'[["POSTROUTING","NETAVARK-HOSTPORT-MASQ"],["POSTROUTING","CNI-HOSTPORT-MASQ"]]'
for c in NETAVARK-DN-1D8721804F16F CNI-DN-4e7f3e1a5b6c7d8e9f0a1; do
	k=$(kernel_dnat podhost "$c")
	jq_eq "[$(nat_of podhost) | select(.chain == \"$c\") | .handle] | unique" "$k"
done
# the path's conditions are part of the match: the jump's tcp dport 8081 and the rule's own agree
jq_eq "[$(nat_of podhost) | select(.chain == \"NETAVARK-DN-1D8721804F16F\") | .effective_match | test(\"tcp dport 8081 .*tcp dport 8081\")]" '[true,true]'

# --- the kernel does what nstop says: enable forwarding, the warning goes, connects go to the container
ip netns exec host sysctl -qw net.ipv4.ip_forward=1
json_reset
jq_eq "[$(ns_f host) | .warnings[] | select(test(\"ip_forward is 0\"))] | length" 0
connect() { # FROM-NS ADDR TEXT [PORT [NS LISTEN-ADDR]]: through a forward to a listener on port 80
	# emptied here, not only by the child's redirection: that runs after the fork, so the wait below
	# could see the last listener's "ready" and connect before this one listens (connection refused)
	: >"$TESTDIR/listen.out"
	ip netns exec "${5:-ctr}" "$probe" tcp-listen "${6:-172.17.0.4}" 80 >"$TESTDIR/listen.out" 2>&1 &
	local pid=$! i
	for ((i = 0; i < 300; i++)); do
		grep -q ready "$TESTDIR/listen.out" 2>/dev/null && break
		sleep 0.1
	done
	grep -q ready "$TESTDIR/listen.out" || fail "the listener in ${5:-ctr} was not ready in 30 s: $(cat "$TESTDIR/listen.out")"
	ip netns exec "$1" "$probe" tcp-send "$2" "${4:-8080}" "$3" || fail "connect from $1 to $2:${4:-8080} failed"
	wait "$pid" || fail "the listener in ctr got nothing: $(cat "$TESTDIR/listen.out")"
	grep -qx "$3" "$TESTDIR/listen.out" || fail "the listener did not get '$3': $(cat "$TESTDIR/listen.out")"
	cat "$TESTDIR/listen.out"
}
connect client 10.9.0.1 via-prerouting
grep -q '^from 10.9.0.2:' "$TESTDIR/listen.out" || fail "not from the client's address (masqueraded?)"
connect host 10.9.0.1 via-output
# the counter nstop shows for the rule moved with each path's packet (one rule, two records)
json_reset
jq_eq "[$dnat | .counter.packets >= 2]" '[true,true]'

# --- a DNAT shadowed by an earlier one with the same match: named, and the kernel never hits it
ipt host -t nat -A PREROUTING -p tcp --dport 9000 -j DNAT --to-destination 172.17.0.4:80
ipt host -t nat -A PREROUTING -p tcp --dport 9000 -j DNAT --to-destination 172.17.0.4:81
hs=$(ip netns exec host nft -a -j list chain ip nat PREROUTING |
	jq -c '[.nftables[] | select(.rule) | .rule | select([.expr[] | .match.right? == 9000] | any) | .handle]')
expect_eq "the two dport 9000 rules (nft -j)" 2 "$(jq length <<<"$hs")"
h1=$(jq '.[0]' <<<"$hs") h2=$(jq '.[1]' <<<"$hs")
json_reset
jq_eq "[$(ns_f host) | .warnings[] | select(test(\"never hits\"))]" \
	"[\"nat: dnat in ip nat PREROUTING handle $h2 never hits: ip nat PREROUTING handle $h1 before it has the same match (tcp dport 9000)\"]"
# Docker's DNAT is not shadowed by anything, nor the masquerades (no false positive)
jq_eq "[$(ns_f host) | .warnings[] | select(test(\"never hits\"))] | length" 1
connect client 10.9.0.1 via-9000 9000
counter() { ip netns exec host nft -a -j list chain ip nat PREROUTING | jq ".nftables[] | select(.rule.handle == $1) | .rule.expr[] | select(.counter) | .counter.packets"; }
expect_eq "packets of the first dport 9000 rule (nft -j)" 1 "$(counter "$h1")"
expect_eq "packets of the shadowed rule (nft -j)" 0 "$(counter "$h2")"

# netavark's and CNI's forwards for the host's own connections (OUTPUT path) reach their pods
connect podhost 10.88.0.1 via-netavark 8081 pod 10.88.0.2
connect podhost 10.22.0.1 via-cni 8082 cnipod 10.22.0.5

# and a connect the DNAT does not match (from inside docker0: DOCKER returns first) does not reach port 80
ip netns exec ctr "$probe" tcp-listen 172.17.0.4 80 >"$TESTDIR/listen2.out" 2>&1 &
lpid=$!
sleep 0.3
if ip netns exec ctr "$probe" tcp-send 172.17.0.1 8080 nope 2>/dev/null; then
	fail "172.17.0.1:8080 from docker0 was answered: DOCKER's return did not stop the DNAT"
fi
kill "$lpid" 2>/dev/null || true
wait "$lpid" 2>/dev/null || true
grep -q nope "$TESTDIR/listen2.out" && fail "the container got traffic that DOCKER's return keeps out"

# --- kube-proxy's nftables mode: a verdict map from (address, protocol, port) to a service chain with the DNAT
ip netns exec host nft -f - <<'NFT'
table ip kube-proxy {
	map service-ips {
		type ipv4_addr . inet_proto . inet_service : verdict
		elements = { 10.9.0.1 . tcp . 9100 : goto service-web, 10.9.0.1 . tcp . 9101 : jump service-none }
	}
	chain nat-prerouting {
		type nat hook prerouting priority -110; policy accept;
		jump services
	}
	chain services {
		ip daddr . meta l4proto . th dport vmap @service-ips
	}
	chain service-web {
		meta l4proto tcp counter dnat to 172.17.0.4:80
	}
	chain service-none {
		return
	}
}
NFT
json_reset
kube="$(ns_f host) | .nat[] | select(.table == \"kube-proxy\")"
jq_eq "[$kube | [.chain, (.path | join(\">\")), .target.namespace, .effective_match_raw]]" \
	'[["service-web","nat-prerouting>services>service-web","ctr",true]]'
# the way through the map is part of the match; nstop writes a concatenation's first part only, so it says raw
jq_eq "[$kube | .effective_match | test(\"10[.]9[.]0[.]1 [.] tcp [.] 9100 meta l4proto tcp\$\")]" '[true]'
jq_eq "[$(ns_f host) | .firewall.rules[] | select(.chain == \"services\") | [.raw, .raw_reason, .verdict.kind]]" \
	'[[true,"a concatenation, or a load nothing reads","vmap"]]'
connect client 10.9.0.1 via-kube-vmap 9100
kube_hits=$(ip netns exec host nft -j list chain ip kube-proxy service-web | jq '[.nftables[] | .rule? | .expr[]? | .counter.packets? // empty] | .[0]')
expect_eq "packets through the verdict map's service chain (nft -j)" 1 "$kube_hits"
echo "PASS"
