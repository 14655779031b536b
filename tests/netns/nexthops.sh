#!/bin/bash
# SPDX-License-Identifier: MIT
# Nexthop objects (issue 13): single hops (IPv4, IPv6, onlink), a blackhole,
# an mpath group with weights, a resilient group, fdb objects, and routes
# that name them (nhid) in main and table 100. --json's "nexthops" is
# compared field by field with `ip -j nexthop show`, the routes' nhid,
# gateway, dev and hops with `ip -j route show table all`; --dump prints
# iproute2's lines; --monitor prints nexthop add/del.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ip netns add nh
ip -n nh link add v0 type veth peer name v1
for l in lo v0 v1; do ip -n nh link set "$l" up; done
ip -n nh addr add 10.9.0.1/24 dev v0
ip -n nh addr add 10.8.0.1/24 dev v1
ip -n nh -6 addr add fd00::1/64 dev v0 nodad
ip -n nh nexthop add id 1 via 10.9.0.2 dev v0
ip -n nh nexthop add id 2 via 10.8.0.2 dev v1
ip -n nh nexthop add id 3 blackhole
ip -n nh nexthop add id 4 via fd00::2 dev v0
ip -n nh nexthop add id 5 via 192.0.2.1 dev v0 onlink
ip -n nh nexthop add id 6 dev v1
ip -n nh nexthop add id 10 group 1/2,3
ip -n nh nexthop add id 11 group 1,2/2 type resilient buckets 8 idle_timer 90
ip -n nh nexthop add id 20 via 10.9.0.5 fdb
ip -n nh nexthop add id 21 group 20 fdb
ip -n nh route add 10.50.0.0/16 nhid 10
ip -n nh route add 10.51.0.0/16 nhid 1 table 100
ip -n nh route add 10.52.0.0/16 nhid 3
ip -n nh route add 10.53.0.0/16 nhid 5 metric 7
ip -n nh -6 route add fd50::/64 nhid 4

json >/dev/null
# Objects: one shape for both sides (ip omits false flags, weights of 1 and absent keys).
ip_objs=$(ip -n nh -j nexthop show | jq -c '
  def onlink: (.flags // []) | any(. == "onlink");
  [.[] | {id, gateway: (.gateway // null), dev: (.dev // null), blackhole: has("blackhole"),
          onlink: onlink, fdb: has("fdb"),
          group: (if .group then [.group[] | {id, weight: (.weight // 1)}] else null end),
          group_type: (if .group then (.type // "mpath") else null end)}] | sort_by(.id)')
nst_objs=$(jq -c "$(ns_f nh)"' | [.nexthops[] | {id, gateway, dev, blackhole, onlink, fdb, group, group_type}]
  | sort_by(.id)' "$NSTOP_JSON_FILE")
expect_eq "nexthop objects, as ip -j nexthop show" "$ip_objs" "$nst_objs"
# The values set above, so the comparison cannot pass on a model that says nothing.
nh_f() { printf '%s | .nexthops[] | select(.id == %s)' "$(ns_f nh)" "$1"; }
jq_eq "[$(ns_f nh) | .nexthops[]] | length" '10'
jq_eq "$(nh_f 1) | [.family, .gateway, .dev, .blackhole]" '["inet","10.9.0.2","v0",false]'
jq_eq "$(nh_f 3) | [.blackhole, .gateway, .dev]" '[true,null,null]'
jq_eq "$(nh_f 4) | [.family, .gateway]" '["inet6","fd00::2"]'
jq_eq "$(nh_f 5) | .onlink" 'true'
jq_eq "$(nh_f 10) | [.group, .group_type]" '[[{"id":1,"weight":1},{"id":2,"weight":3}],"mpath"]'
jq_eq "$(nh_f 11) | [.group, .group_type]" '[[{"id":1,"weight":2},{"id":2,"weight":1}],"resilient"]'
expect_eq "resilient group 11, as ip -j nexthop show" \
	"$(ip -n nh -j nexthop show id 11 | jq -c '.[0].resilient_args | del(.unbalanced_time)')" \
	"$(jq -c "$(nh_f 11) | .resilient" "$NSTOP_JSON_FILE")"
jq_eq "$(nh_f 11) | .resilient" '{"buckets":8,"idle_timer":90,"unbalanced_timer":0}'
jq_eq "$(nh_f 10) | .resilient" 'null'
jq_eq "$(nh_f 20) | [.fdb, .gateway]" '[true,"10.9.0.5"]'
jq_eq "$(nh_f 21) | [.fdb, .group]" '[true,[{"id":20,"weight":1}]]'

# Routes naming them: nhid and the hops the object gives, against ip.
ip_routes() { # FAMILY(4|6)
	ip -n nh -"$1" -j route show table all | jq -c '
	  [.[] | select(.nhid) | {table: (.table // "main" | if . == "main" then 254 else tonumber end),
	          type: (.type // "unicast"), dst, nhid,
	          gateway: (.gateway // (.nexthops // [])[0].gateway // null),
	          dev: (.dev // (.nexthops // [])[0].dev // null), metric: (.metric // null),
	          nexthops: [(.nexthops // [])[] | {gateway: (.gateway // null), dev: (.dev // null), weight}]}]
	  | sort_by(.dst)'
}
nstop_routes() { # FAMILY(inet|inet6)
	jq -c --arg fam "$1" "$(ns_f nh)"' | [.routes[] | select(.family == $fam and .nhid != null)
	  | {table, type, dst, nhid, gateway, dev, metric, nexthops: [.nexthops[] | {gateway, dev, weight}]}]
	  | sort_by(.dst)' "$NSTOP_JSON_FILE"
}
expect_eq "IPv4 nhid routes, as ip -4 -j route show table all" "$(ip_routes 4)" "$(nstop_routes inet)"
expect_eq "IPv6 nhid routes, as ip -6 -j route show table all" "$(ip_routes 6)" "$(nstop_routes inet6)"
route_f() { printf '%s | .routes[] | select(.dst == "%s")' "$(ns_f nh)" "$1"; }
jq_eq "$(route_f 10.50.0.0/16) | [.nhid, [.nexthops[] | [.gateway, .weight]]]" '[10,[["10.9.0.2",1],["10.8.0.2",3]]]'
jq_eq "$(route_f 10.51.0.0/16) | [.nhid, .table, .gateway, .dev]" '[1,100,"10.9.0.2","v0"]'
jq_eq "$(route_f fd50::/64) | [.nhid, .gateway]" '[4,"fd00::2"]'
jq_eq "[$(ns_f nh) | .routes[], .nexthops[] | select(.warning != null)] | length" '0'

# --dump: the objects as `ip nexthop show` writes them, the routes with nhid.
dump=$("$NSTOP" --dump)
while read -r line; do
	line=${line% } # ip ends some lines with a space
	grep -qxF "    $line" <<<"$dump" || { echo "$dump" >&2; fail "--dump lacks the nexthop line '$line'"; }
	echo "ok: --dump: $line"
done < <(ip -n nh nexthop show | grep -v resilient)
grep -qF '10.50.0.0/16 nhid 10 ' <<<"$dump" || fail "--dump lacks the route with nhid 10"

# --monitor: an object and a route naming it, added and deleted.
mon=$TESTDIR/monitor.txt
"$NSTOP" --monitor >"$mon" 2>"$TESTDIR/monitor.err" &
mon_pid=$!
trap 'kill $mon_pid 2>/dev/null || true' EXIT
wait_line() { # LINE: within 3 s
	local start=$SECONDS
	while ! grep -qxF -- "$1" "$mon"; do
		((SECONDS - start <= 3)) || { cat "$mon" >&2; fail "--monitor printed no line '$1' within 3 s"; }
		sleep 0.05
	done
	echo "ok: --monitor: $1"
}
sleep 1 # the monitor has read the initial state (there is no readiness signal to wait for)
ip -n nh nexthop add id 30 via 10.8.0.9 dev v1
wait_line '[nh] nexthop add id 30 via 10.8.0.9 dev v1 scope link'
ip -n nh route add 10.60.0.0/16 nhid 30
wait_line '[nh] route add 10.60.0.0/16 nhid 30 via 10.8.0.9 dev v1'
ip -n nh nexthop del id 30 # takes its route with it
wait_line '[nh] nexthop del id 30 via 10.8.0.9 dev v1 scope link'
wait_line '[nh] route del 10.60.0.0/16 nhid 30 via 10.8.0.9 dev v1'
kill "$mon_pid"
wait "$mon_pid" 2>/dev/null || true
[[ ! -s $TESTDIR/monitor.err ]] || { cat "$TESTDIR/monitor.err" >&2; fail "--monitor wrote to stderr"; }
echo "ok: nexthop objects and the routes naming them match the kernel"
