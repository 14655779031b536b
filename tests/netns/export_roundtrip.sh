#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `nstop --export-script` round trip: build the seed's topologies (myns, and
# ns1-ns3 on mybridge) plus awkward extras, export them, run the script in a
# fresh sandbox nested in this one and require the same `nstop --json` there,
# after dropping what differs by nature (ifindex, mac, counters, inodes, pids,
# nsids, IPv6 link-local) and what the script says it skips (a process's
# namespace). NAT too: table ip nstop as `nft -j` lists it (rule
# expressions, not handles) and ip_forward, in every namespace compared; a
# table of another tool is left out with a comment. Then the same with --ns.
# Sourced by export_random.sh for the helpers only.
# shellcheck disable=SC2016 # jq filters, and link names with a $, in single quotes on purpose
set -euo pipefail
if [[ -z "${EXPORT_REPLAY:-}" ]]; then
	. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
	for _tool in nft sysctl; do
		command -v "$_tool" >/dev/null 2>&1 || skip "$_tool is not installed"
	done
else
	# Inside replay's nested sandbox, for stable_json alone: lib.sh's
	# sandbox check does not expect two /run mounts stacked.
	fail()
	{
		echo "FAIL: $*" >&2
		exit 1
	}
fi

EXPORT_SELF=$(realpath "${BASH_SOURCE[0]}")
SANDBOX=$(realpath "$(dirname "${BASH_SOURCE[0]}")/../sandbox.sh")

# What a recreated topology must reproduce, as a jq filter on `nstop --json`.
# Kept: namespaces the script can make (self, named); in them lo, bridges,
# veths whose peer is in one of those, ifb, dummy, persistent tun/tap, vxlans
# without a dev, and (transitively) macvlan, macvtap, ipvlan, vlan and vxlan
# whose lower device is kept, with their kind fields ("info", but a tap's
# "open": a process holds it) and lower device by name; ports, masters, routes
# and warnings restricted to those links. IPv4 addresses keep their order (the
# first is the primary), IPv6 ones are sorted; link-local ones and fe80 routes
# are the kernel's. Routes of every table with every field, the kernel's in
# main too (the addresses must bring them back) but not those of the local
# table (an IPv6 address's comes only once DAD ends), rules of both families.
# A veth without carrier is "lowerlayerdown" or "down" depending on whether the
# link that has its peer's ifindex in its own namespace (an unrelated one) is
# up (the kernel's default_operstate): ifindexes differ after a replay, so the
# two count as one.
NORM='
def keepns: .kind == "self" or .kind == "named";
def base: .kind == "bridge" or .kind == "loopback" or .kind == "ifb" or .kind == "dummy"
  or (.kind == "tun" and .info.persist == true) or (.kind == "vxlan" and .lower == null);
def upper: .kind == "macvlan" or .kind == "macvtap" or .kind == "ipvlan" or .kind == "vlan"
  or (.kind == "vxlan" and .lower != null);
[.namespaces[] | select(keepns) | .name] as $nss
| [.namespaces[] | select(keepns) | .name as $n | .links[] | . + {ns: $n}] as $all
| (reduce range(4) as $round ([$all[] | select(base
      or (.kind == "veth" and .peer.namespace != null and (.peer.namespace | IN($nss[])))) | [.ns, .name]];
    . as $k | (. + [$all[] | select(upper and .lower.ns != null and ([.lower.ns, .lower.name] | IN($k[])))
      | [.ns, .name]]) | unique)) as $kept
| {
  namespaces: [.namespaces[] | select(keepns)
    | .name as $n | [$kept[] | select(.[0] == $n) | .[1]] as $keep
    | {
      name, kind, self,
      links: [.links[] | select(.name | IN($keep[])) | {
        name, kind, up, mtu,
        operstate: (if .operstate == "lowerlayerdown" then "down" else .operstate end),
        master: (if .master != null and (.master | IN($keep[])) then .master else null end),
        peer: (if .peer == null then null else {namespace: .peer.namespace, name: .peer.name} end),
        info: (if .info == null then null else .info | del(.open) end),
        lower: (if .lower == null then null else {ns: .lower.ns, name: .lower.name} end),
        ports: (if has("ports") then [.ports[] | select(IN($keep[]))] | sort else null end),
        addresses: ([.addresses[] | select(test("^fe[89ab][0-9a-f]:") | not)]
          | map(select(contains(":") | not)) + (map(select(contains(":"))) | sort)),
        neighbours: [(.neighbours // [])[] | select(.state == ["PERMANENT"] or (.flags | index("proxy")))]
          | sort_by(tostring),
        fdb: [(.fdb // [])[] | select((.state == "static" and .master != null)
          or (.dst != null and .self and .state == "permanent"))] | sort_by(tostring),
        warnings: (.warnings | sort)
      }] | sort_by(.name),
      routes: [.routes[] | select((.dst | startswith("fe80:") | not) and .protocol != "ra"
          and (.table != 255 or .protocol != "kernel")
          and (.dev == null or (.dev | IN($keep[]))) and all(.nexthops[]; .dev == null or (.dev | IN($keep[])))
          and (.dev != null or .gateway != null or .type != "unicast"))
        | del(.warning, .raw)] | sort_by(tostring),
      rules: [.rules[] | del(.warning)],
      proxy_neighbours: (.proxy_neighbours // []),
      nexthops: [(.nexthops // [])[] | select(.dev == null or (.dev | IN($keep[]))) | del(.warning)],
      warnings: ([.warnings[] | select((split(": ")[0] | IN($keep[])) or (contains(": ") | not))] | sort)
    }] | sort_by(.name),
  warnings
}'

# With --ns the script leaves a veth's far end down, on purpose: the near end
# then has no carrier, so its operstate and that warning cannot match.
NORM_NS='del(.namespaces[].links[].operstate)
| .namespaces[] |= (.links[].warnings |= map(select(endswith("so this end has no carrier") | not))
  | .warnings |= map(select(endswith("so this end has no carrier") | not)))'

# nft_state JSON: for each namespace of JSON (stable_json's), as the kernel
# says (not nstop): net.ipv4.ip_forward and table ip nstop as `nft -j list
# ruleset` lists it, chains without their handles and each chain's rule
# expressions in order, counters zeroed (no handles: the script makes new ones).
NFT_NORM='
def zero: walk(if type == "object" and has("counter") then .counter = {packets: 0, bytes: 0} else . end);
[.[1].nftables[]] as $o
| {
  name: $ns,
  ip_forward: .[0],
  table: ([$o[] | .table // empty | select(.family == "ip" and .name == "nstop")] | length),
  chains: ([$o[] | .chain // empty | select(.family == "ip" and .table == "nstop") | del(.handle)] | sort_by(.name)),
  rules: (reduce ($o[] | .rule // empty | select(.family == "ip" and .table == "nstop")) as $r
    ({}; .[$r.chain] += [$r.expr | zero]))
}'
nft_state()
{
	local ns
	jq -r '.namespaces[].name' <<<"$1" | while IFS= read -r ns; do
		if [[ "$ns" == / ]]; then
			sh -c 'cat /proc/sys/net/ipv4/ip_forward && nft -j list ruleset'
		else
			ip netns exec "$ns" sh -c 'cat /proc/sys/net/ipv4/ip_forward && nft -j list ruleset'
		fi | jq -s -c --arg ns "$ns" "$NFT_NORM" || fail "could not read ip_forward and nft in $ns"
	done | jq -s -c 'sort_by(.name)'
}

# stable_json [NS]: `nstop --json` normalised by NORM (and cut down to
# namespace NS), once two reads a second apart agree: the kernel sets operstate
# and link-local addresses a little later (linkwatch, DAD), and a snapshot
# must not catch that midway. The whole topology is read even for one
# namespace: NORM needs the kinds of the namespaces peers live in. Then
# nft_state of the same namespaces as .nft.
stable_json()
{
	local prev="" cur i extra=. nft
	[[ $# -eq 0 ]] || extra="$NORM_NS | .namespaces |= map(select(.name == \$ns))"
	for ((i = 0; i < 20; i++)); do
		cur=$("$NSTOP" --json | jq -S -c --arg ns "${1-}" "$NORM | $extra")
		if [[ "$cur" == "$prev" ]]; then
			nft=$(nft_state "$cur") || fail "could not read NAT state"
			jq -S -c --argjson nft "$nft" '. + {nft: $nft}' <<<"$cur"
			return 0
		fi
		prev=$cur
		sleep 1
	done
	fail "nstop --json did not settle within 20 s"
}

# replay SCRIPT OUT [NS]: run SCRIPT with bash in a fresh sandbox nested in
# this one (its own /run/netns, network and pids) and write its stable_json NS
# to OUT. The sandbox covers our /run: the script goes in on stdin.
replay()
{
	local script=$1 out=$2 rc=0
	shift 2
	sh -n "$script" || fail "sh -n rejects the exported script"
	sh "$SANDBOX" bash -c 'cat >/run/export.sh && bash /run/export.sh >&2 && EXPORT_REPLAY=1 . "$1" && shift && stable_json "$@"' \
		replay "$EXPORT_SELF" "$@" <"$script" >"$out" 2>"$out.err" || rc=$?
	if [[ $rc -ne 0 ]]; then
		cat "$out.err" >&2
		echo "--- the script:" >&2
		cat -n "$script" >&2
		fail "the exported script failed in a fresh sandbox (exit $rc)"
	fi
}

# compare_json WHAT A B: the two normalised documents must be equal; on a
# difference, print it.
compare_json()
{
	if ! cmp -s <(jq -S . "$2") <(jq -S . "$3"); then
		echo "FAIL: $1: the recreated topology differs (< original, > recreated):" >&2
		diff <(jq -S . "$2") <(jq -S . "$3") >&2 || true
		exit 1
	fi
	echo "ok: $1: recreated topology matches ($(jq '[.namespaces[].links[]] | length' "$2") links," \
		"$(jq '[.namespaces[].routes[]] | length' "$2") routes," \
		"$(jq '[.nft[].rules[][]] | length' "$2") NAT rules)"
}

# roundtrip WHAT [NS]: export (all, or --ns NS), replay, compare with the original.
roundtrip()
{
	local what=$1
	shift
	"$NSTOP" --export-script ${1+--ns "$1"} >"$TESTDIR/$what.sh"
	stable_json "$@" >"$TESTDIR/$what.a.json"
	replay "$TESTDIR/$what.sh" "$TESTDIR/$what.b.json" "$@"
	compare_json "$what" "$TESTDIR/$what.a.json" "$TESTDIR/$what.b.json"
}

# script_has FILE LINE: the script has exactly that line.
script_has()
{
	grep -qxF -- "$2" "$1" || {
		cat -n "$1" >&2
		fail "the script lacks the line: $2"
	}
	echo "ok: script has: $2"
}

# Sourced (by export_random.sh): the helpers only.
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
	return 0
fi

make_seed_bridge

ip netns add myns
ip link add vethY type veth peer name vethZ
ip link set vethZ netns myns
ip -n myns addr add 7.7.7.7/24 dev vethZ
ip -n myns link set vethZ up
ip -n myns route add 0.0.0.0/0 dev vethZ
ip -n myns link set lo mtu 1280
ip link set vethY up
ip addr add 6.6.6.6/24 dev vethY
ip route add 7.7.7.0/24 dev vethY

# A name with a space, a numeric one (`netns 7` would mean pid 7), link names
# with quotes and a dollar, jumbo mtu, a veth between two named namespaces.
ip netns add 'odd ns'
ip netns add 7
ip -n 'odd ns' link add "o'1" mtu 9000 type veth peer name 'x$7' mtu 9000 netns /run/netns/7
ip -n 'odd ns' addr add 10.77.0.1/24 dev "o'1"
ip -n 'odd ns' addr add 10.77.0.11/24 dev "o'1"
ip -n 'odd ns' link set "o'1" up
ip -n 'odd ns' link set lo up
ip -n 7 addr add 10.77.0.2/24 dev 'x$7'
ip -n 7 addr add fd77::2/64 dev 'x$7'
ip -n 7 link set 'x$7' up
# Routes of each shape the script writes: gateway, IPv6 gateway, scope host,
# proto static, two for one destination, onlink, a device route.
ip -n 7 route add 10.78.0.0/16 via 10.77.0.1
ip -n 7 -6 route add fd78::/64 via fd77::1 dev 'x$7'
ip -n 7 route add 10.79.0.0/16 dev 'x$7' scope host
ip -n 7 route add 10.80.0.0/16 via 10.77.0.1 proto static
ip -n 7 route add 10.81.0.0/16 via 10.77.0.1 metric 10
ip -n 7 route add 10.81.0.0/16 via 10.77.0.3 metric 20
ip -n 7 route add 10.82.0.0/16 via 172.30.0.1 dev 'x$7' onlink
ip -n 7 route add 10.83.0.0/16 dev 'x$7'
# From / into the numeric one.
ip link add v7 type veth peer name w7 netns /run/netns/7
ip addr add 10.70.0.1/24 dev v7
ip -n 7 addr add 10.70.0.2/24 dev w7
ip link set v7 up
ip -n 7 link set w7 up
# Both ends in one namespace, down.
ip -n ns1 link add inA type veth peer name inB

# A macvlan on a veth (recreated since issue 13), and what the script must
# skip, with a comment: a veth into a namespace held only by a process.
ip link add mv0 link vethY type macvlan mode bridge
ip addr add 10.90.0.1/24 dev mv0
ip link set mv0 up
ip route add 10.91.0.0/16 via 10.90.0.2 dev mv0
unshare -n sleep 1000 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT
wait_netns_changed "$PID"
ip link add vproc type veth peer name vp netns "$PID"
ip addr add 10.92.0.1/24 dev vproc
ip link set vproc up

# NAT in table ip nstop written with nft: a port forward with iifname and a
# masquerade with saddr and oifname, as nstop's own edits write them, in / and
# in 'odd ns' (an interface name with a quote); ip_forward 1 in / and 7, left
# 0 in 'odd ns'. In 7 a rule of table ip nstop that nstop's edits do not write
# (no counter, no port, a chain of its own), and another tool's table.
nft_in()
{
	local ns=$1
	shift
	if [[ "$ns" == / ]]; then nft "$@"; else ip netns exec "$ns" nft "$@"; fi
}
for ns in / 'odd ns'; do
	nft_in "$ns" add table ip nstop
	nft_in "$ns" add chain ip nstop prerouting '{ type nat hook prerouting priority -100; }'
	nft_in "$ns" add chain ip nstop postrouting '{ type nat hook postrouting priority 100; }'
done
nft add rule ip nstop prerouting iifname '"vethY"' tcp dport 8080 counter dnat to 192.168.10.2:80
nft add rule ip nstop postrouting ip saddr 192.168.10.0/24 oifname '"vethY"' counter masquerade
nft_in 'odd ns' add rule ip nstop prerouting iifname "\"o'1\"" ip daddr 10.77.0.1 udp dport 5353 counter \
	dnat to 10.77.0.2:53
nft_in 'odd ns' add rule ip nstop postrouting ip saddr 10.77.0.0/24 oifname "\"o'1\"" counter masquerade
sysctl -qw net.ipv4.ip_forward=1
ip netns exec 7 sysctl -qw net.ipv4.ip_forward=1
nft_in 7 add table ip nstop
nft_in 7 add chain ip nstop pre2 '{ type nat hook prerouting priority -150; }'
nft_in 7 add rule ip nstop pre2 tcp dport 2222 dnat to 10.77.0.1
nft_in 7 add table ip other
nft_in 7 add chain ip other post '{ type nat hook postrouting priority 100; }'
nft_in 7 add rule ip other post oifname '"w7"' masquerade

settle / vethY
settle myns vethZ

roundtrip all
S=$TESTDIR/all.sh
head -n 2 "$S" | grep -q '^# Made by nstop --export-script (nstop [^)]*)\.$' || fail "no header in the script"
script_has "$S" 'set -e'
script_has "$S" "ip netns add 'odd ns'"
script_has "$S" "ip link add name vethY type veth peer name vethZ netns myns"
script_has "$S" "ip link add name mybridge type bridge"
script_has "$S" "ip -n 7 link add name 'x\$7' mtu 9000 type veth peer name 'o'\\''1' mtu 9000 netns 'odd ns'"
script_has "$S" "ip link add name v7 type veth peer name w7 netns /run/netns/7"
script_has "$S" "ip -n ns1 link add name inB type veth peer name inA"
script_has "$S" "# skipped pid:$PID: a process namespace (sleep), held only by processes, it has no name to recreate it by; not recreated, nor its 2 links, addresses and routes"
script_has "$S" "ip link add link vethY name mv0 type macvlan mode bridge"
script_has "$S" "# skipped / vproc: veth whose peer pid:$PID:vp is in a process namespace, which cannot be recreated"
script_has "$S" "ip addr add 10.90.0.1/24 dev mv0"
script_has "$S" "ip route add 10.91.0.0/16 via 10.90.0.2 dev mv0"
if grep -v '^#' "$S" | grep -qE 'vproc|pid:'; then
	fail "the script touches a link it does not create: $(grep -v '^#' "$S" | grep -E 'vproc|pid:')"
fi
expect_eq "veth pairs created" 7 "$(grep -c ' type veth peer name ' "$S")"
script_has "$S" "sysctl -w net.ipv4.ip_forward=1"
script_has "$S" "nft add chain ip nstop prerouting '{ type nat hook prerouting priority -100; }'"
script_has "$S" "nft add rule ip nstop prerouting 'iifname \"vethY\" tcp dport 8080 counter dnat to 192.168.10.2:80'"
script_has "$S" "nft add rule ip nstop postrouting 'ip saddr 192.168.10.0/24 oifname \"vethY\" counter masquerade'"
script_has "$S" "ip netns exec 'odd ns' nft add rule ip nstop prerouting 'iifname \"o'\\''1\" ip daddr 10.77.0.1 udp dport 5353 counter dnat to 10.77.0.2:53'"
script_has "$S" "ip netns exec 'odd ns' nft add rule ip nstop postrouting 'ip saddr 10.77.0.0/24 oifname \"o'\\''1\" counter masquerade'"
script_has "$S" "ip netns exec 7 sysctl -w net.ipv4.ip_forward=1"
script_has "$S" "# in table ip nstop but not as nstop's edits write it (made by hand?): recreated as nstop reads it"
script_has "$S" "ip netns exec 7 nft add chain ip nstop pre2 '{ type nat hook prerouting priority -150; }'"
script_has "$S" "ip netns exec 7 nft add rule ip nstop pre2 'tcp dport 2222 dnat to 10.77.0.1'"
script_has "$S" "# skipped 7: 1 NAT rule of other tables, which other tools own (iptables-nft, docker, ...): ip other (1); not recreated"
expect_eq "ip_forward set by the script (/ and 7, not 'odd ns')" 2 "$(grep -c 'sysctl -w net.ipv4.ip_forward=1$' "$S")"
if grep -v '^#' "$S" | grep -q ' other '; then
	fail "the script recreates another tool's table: $(grep -v '^#' "$S" | grep ' other ')"
fi

# The comparison is not vacuous: the original holds what was built.
jq_eq "[.namespaces[] | select(.kind == \"named\") | .name] | sort" '["7","myns","ns1","ns2","ns3","odd ns"]'
expect_eq "links compared" 23 "$(jq '[.namespaces[].links[]] | length' "$TESTDIR/all.a.json")"
expect_eq "routes compared" 26 "$(jq '[.namespaces[].routes[]] | length' "$TESTDIR/all.a.json")"
expect_eq "NAT compared: namespace, ip_forward, rules per chain" \
	'[["/",1,{"postrouting":1,"prerouting":1}],["7",1,{"pre2":1}],["odd ns",0,{"postrouting":1,"prerouting":1}]]' \
	"$(jq -c '[.nft[] | select(.table > 0) | [.name, .ip_forward, (.rules | map_values(length))]]' "$TESTDIR/all.a.json")"
expect_eq "forward in / as nft reads it back after the replay" \
	'[{"match":{"left":{"meta":{"key":"iifname"}},"op":"==","right":"vethY"}},{"match":{"left":{"payload":{"field":"dport","protocol":"tcp"}},"op":"==","right":8080}},{"counter":{"bytes":0,"packets":0}},{"dnat":{"addr":"192.168.10.2","port":80}}]' \
	"$(jq -c '.nft[] | select(.name == "/") | .rules.prerouting[0]' "$TESTDIR/all.b.json")"

# --ns: that namespace as it was; of the other side only the veth's far end,
# down, with no address or master.
# counted: links, routes
counted()
{
	jq -c '[([.namespaces[].links[]] | length), ([.namespaces[].routes[]] | length)]' "$1"
}
roundtrip ns1 ns1
expect_eq "links, routes compared for --ns ns1" "[4,2]" "$(counted "$TESTDIR/ns1.a.json")"
rc=0
sh "$SANDBOX" bash -c 'cat >/run/export.sh && bash /run/export.sh >&2 && "$NSTOP" --json' replay \
	<"$TESTDIR/ns1.sh" >"$TESTDIR/ns1.full.json" || rc=$?
expect_eq "exit status of the --ns ns1 script" 0 "$rc"
expect_eq "namespaces made by the --ns ns1 script" '["/","ns1"]' \
	"$(jq -c '[.namespaces[].name] | sort' "$TESTDIR/ns1.full.json")"
expect_eq "links of / made by the --ns ns1 script" \
	'[{"name":"lo","up":true,"master":null,"addresses":["127.0.0.1/8","::1/128"]},{"name":"vethA","up":false,"master":null,"addresses":[]}]' \
	"$(jq -c '[.namespaces[] | select(.name == "/") | .links[] | {name, up, master, addresses}] | sort_by(.name)' \
		"$TESTDIR/ns1.full.json")"
roundtrip odd 'odd ns'
expect_eq "links, routes compared for --ns 'odd ns'" "[2,1]" "$(counted "$TESTDIR/odd.a.json")"
expect_eq "NAT rules compared for --ns 'odd ns'" 2 "$(jq '[.nft[].rules[][]] | length' "$TESTDIR/odd.a.json")"
if grep -v '^#' "$TESTDIR/odd.sh" | grep -qE '^(nft|sysctl) '; then
	fail "the --ns 'odd ns' script writes NAT of /: $(grep -E '^(nft|sysctl) ' "$TESTDIR/odd.sh")"
fi
roundtrip seven 7
expect_eq "links, routes compared for --ns 7" "[3,11]" "$(counted "$TESTDIR/seven.a.json")"
expect_eq "NAT rules compared for --ns 7" 1 "$(jq '[.nft[].rules[][]] | length' "$TESTDIR/seven.a.json")"
echo "PASS: export_roundtrip"
