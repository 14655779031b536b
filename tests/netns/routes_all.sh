#!/bin/bash
# SPDX-License-Identifier: MIT
# Routes of every table and `ip rule` (issue 13): main and table 100,
# blackhole/unreachable/prohibit/throw, metric, src, onlink, an IPv6 ECMP
# route with weights, a seg6 encap route (once dropped), rules by source and
# fwmark. --json is compared field by field with `ip -j route show table all`
# and `ip -j rule` of both families; --monitor must print a route and a rule
# of table 100 coming and going.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ip netns add ra
ip -n ra link add v0 type veth peer name v1
for l in lo v0 v1; do ip -n ra link set "$l" up; done
ip -n ra addr add 10.9.0.1/24 dev v0
ip -n ra addr add 10.8.0.1/24 dev v1
ip -n ra -6 addr add fd00::1/64 dev v0 nodad
ip -n ra -6 addr add fd01::1/64 dev v1 nodad
ip -n ra route add 10.50.0.0/16 via 10.9.0.2 dev v0 table 100
ip -n ra route add blackhole 10.66.0.0/16
ip -n ra route add unreachable 10.67.0.0/16 table 100
ip -n ra route add prohibit 10.68.0.0/16 metric 7
ip -n ra route add throw 10.69.0.0/16 table 100
ip -n ra route add 10.70.0.0/16 via 10.9.0.2 dev v0 metric 50 src 10.9.0.1
ip -n ra route add 10.71.0.0/16 via 192.0.2.1 dev v0 onlink
ip -n ra -6 route add fd99::/64 nexthop via fd00::2 dev v0 weight 3 nexthop via fd01::2 dev v1 weight 1
ip -n ra -6 route add fd98::/64 via fd00::2 dev v0 table 100 metric 9
ip -n ra -6 route add fc00:1::/64 encap seg6 mode encap segs fc00::2 dev v0
# multicast and anycast routes of both kinds: by hand, and the kernel's subnet-router anycast
# (fd00:: in table local) that IPv6 forwarding brings
ip -n ra route add multicast 224.1.0.0/16 dev v0 table 100
ip -n ra route add anycast 10.9.0.77 dev v0 table 100
ip -n ra -6 route add multicast ff0e::/16 dev v0 table 100
ip netns exec ra sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n ra rule add from 10.9.0.0/24 table 100 prio 1000
ip -n ra rule add fwmark 0x10/0xff table 100 prio 1001
ip -n ra rule add from 10.99.0.0/16 blackhole prio 1500
ip -n ra -6 rule add from fd00::/64 iif v0 table 100 prio 1002

# One shape for both sides: ip's table names and host routes without a prefix
# length normalised; an ECMP route's gateway and dev are its first hop's in nstop.
ip_routes() { # FAMILY(4|6)
	ip -n ra -"$1" -j route show table all | jq -c --arg full "$([[ $1 == 4 ]] && echo /32 || echo /128)" '
	  def onlink: (.flags // []) | any(. == "onlink");
	  [.[] | {table: (.table // "main" | if . == "main" then 254 elif . == "local" then 255
	                  elif . == "default" then 253 else tonumber end),
	          type: (.type // "unicast"),
	          dst: (.dst | if . == "default" or test("/") then . else . + $full end),
	          gateway: (.gateway // (.nexthops // [])[0].gateway // null),
	          dev: (.dev // (.nexthops // [])[0].dev // null),
	          metric: (.metric // null), prefsrc: (.prefsrc // null), onlink: onlink, pref: (.pref // null),
	          nexthops: [(.nexthops // [])[] | {gateway: (.gateway // null), dev: (.dev // null),
	                                            weight: .weight, onlink: onlink}]}]
	  | sort_by(.table, .dst, .dev, .type)'
}
nstop_routes() { # FAMILY(inet|inet6)
	jq -c --arg fam "$1" "$(ns_f ra)"' | [.routes[] | select(.family == $fam)
	  | {table, type, dst, gateway, dev, metric, prefsrc, onlink, pref, nexthops}]
	  | sort_by(.table, .dst, .dev, .type)' "$NSTOP_JSON_FILE"
}
# lib.sh's route_f is the main table's: these are any table's
route_f() { printf '%s | .routes[] | select(.dst == "%s")' "$(ns_f "$1")" "$2"; }
json >/dev/null
expect_eq "IPv4 routes of every table, as ip -4 -j route show table all" "$(ip_routes 4)" "$(nstop_routes inet)"
expect_eq "IPv6 routes of every table, as ip -6 -j route show table all" "$(ip_routes 6)" "$(nstop_routes inet6)"

# The values set above, so the comparison cannot pass on a model that says nothing.
jq_eq "$(route_f ra 10.66.0.0/16) | [.type, .table]" '["blackhole",254]'
jq_eq "$(route_f ra 10.67.0.0/16) | [.type, .table]" '["unreachable",100]'
jq_eq "$(route_f ra 10.68.0.0/16) | [.type, .metric]" '["prohibit",7]'
jq_eq "$(route_f ra 10.69.0.0/16) | [.type, .table]" '["throw",100]'
jq_eq "$(route_f ra 10.70.0.0/16) | [.metric, .prefsrc, .gateway]" '[50,"10.9.0.1","10.9.0.2"]'
jq_eq "$(route_f ra 10.71.0.0/16) | .onlink" 'true'
jq_eq "$(route_f ra 224.1.0.0/16) | [.type, .table]" '["multicast",100]'
jq_eq "$(route_f ra 10.9.0.77/32) | [.type, .table]" '["anycast",100]'
jq_eq "$(route_f ra ff0e::/16) | [.type, .table]" '["multicast",100]'
jq_eq "[$(route_f ra fd00::/128) | select(.type == \"anycast\")] | map(.table)" '[255]'
jq_eq "[$(route_f ra fd99::/64)] | length" '1'
jq_eq "$(route_f ra fd99::/64) | [.nexthops[] | [.gateway, .dev, .weight]]" '[["fd00::2","v0",3],["fd01::2","v1",1]]'
jq_eq "$(route_f ra fd98::/64) | [.table, .metric, .pref]" '[100,9,"medium"]'
jq_eq "[$(ns_f ra) | .routes[] | select(.table == 255)] | length > 3" 'true'
jq_eq "[$(ns_f ra) | .routes[] | select(.warning != null)] | length" '0'
# The seg6 route, once missing entirely: its encap as iproute2 writes it.
seg6=$(ip -n ra -6 route show fc00:1::/64 | sed -nE 's/.* encap (seg6 .*\]).*/\1/p')
expect_eq "ip's seg6 text" "seg6 mode encap segs 1 [ fc00::2 ]" "$seg6"
jq_eq "$(route_f ra fc00:1::/64) | [.encap, .dev, .warning]" "[\"$seg6\",\"v0\",null]"

# Rules of both families against ip -j rule.
ip_rules() { # FAMILY(4|6)
	ip -n ra -"$1" -j rule | jq -c '
	  def hex: ascii_downcase | ltrimstr("0x") | explode
	    | reduce .[] as $c (0; . * 16 + (if $c >= 97 then $c - 87 else $c - 48 end));
	  def pfx($a; $l): if $a == null or $a == "all" then null elif $l then "\($a)/\($l)" else $a end;
	  [.[] | {priority, src: pfx(.src; .srclen), dst: pfx(.dst; .dstlen), iif: (.iif // null),
	          fwmark: (if .fwmark then (.fwmark | hex) else null end),
	          fwmask: (if .fwmark then (.fwmask // "0xffffffff" | hex) else null end),
	          action: (.action // "lookup"),
	          table: (if .table then (.table | if . == "main" then 254 elif . == "local" then 255
	                  elif . == "default" then 253 else tonumber end) else null end)}]'
}
nstop_rules() { # FAMILY(inet|inet6)
	jq -c --arg fam "$1" "$(ns_f ra)"' | [.rules[] | select(.family == $fam)
	  | {priority, src, dst, iif, fwmark, fwmask, action, table}]' "$NSTOP_JSON_FILE"
}
expect_eq "IPv4 rules, as ip -4 -j rule" "$(ip_rules 4)" "$(nstop_rules inet)"
expect_eq "IPv6 rules, as ip -6 -j rule" "$(ip_rules 6)" "$(nstop_rules inet6)"
jq_eq "[$(ns_f ra) | .rules[] | select(.priority == 1000)] | map([.src, .table])" '[["10.9.0.0/24",100]]'
jq_eq "[$(ns_f ra) | .rules[] | select(.priority == 1001)] | map([.fwmark, .fwmask])" '[[16,255]]'
jq_eq "[$(ns_f ra) | .rules[] | select(.priority == 1500)] | map(.action)" '["blackhole"]'
jq_eq "[$(ns_f ra) | .rules[] | select(.priority == 1002)] | map([.family, .iif, .src])" '[["inet6","v0","fd00::/64"]]'

# --dump prints them (names through the terminal quoter, like every other line).
dump=$("$NSTOP" --dump)
grep -qxF '    unreachable 10.67.0.0/16 table 100 proto boot' <<<"$dump" || fail "--dump lacks the unreachable route"
grep -qxF '    inet 1001: from all fwmark 0x10/0xff lookup 100' <<<"$dump" || fail "--dump lacks the fwmark rule"

# --monitor: a route and a rule of table 100 added and deleted.
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
ip -n ra route add 10.80.0.0/16 via 10.9.0.2 dev v0 table 100
wait_line '[ra] route add 10.80.0.0/16 via 10.9.0.2 dev v0 table 100'
ip -n ra rule add from 10.80.0.0/16 table 100 prio 1100
wait_line '[ra] rule add inet 1100: from 10.80.0.0/16 lookup 100'
ip -n ra route del 10.80.0.0/16 table 100
wait_line '[ra] route del 10.80.0.0/16 via 10.9.0.2 dev v0 table 100'
ip -n ra rule del prio 1100
wait_line '[ra] rule del inet 1100: from 10.80.0.0/16 lookup 100'
kill "$mon_pid"
wait "$mon_pid" 2>/dev/null || true
[[ ! -s $TESTDIR/monitor.err ]] || { cat "$TESTDIR/monitor.err" >&2; fail "--monitor wrote to stderr"; }
echo "ok: routes of every table and rules match the kernel"
