# SPDX-License-Identifier: MIT
# Helpers for the netns round-trip tests (ARCHITECTURE.md §12). Sourced by the
# topo_*.sh scripts, which run only inside tests/sandbox.sh:
#   sh tests/sandbox.sh env NSTOP=build/src/nstop bash tests/netns/topo_myns.sh
# Every check compares nstop's output with a concrete expected value.

: "${NSTOP:?set NSTOP to the nstop binary}"

# skip WHY: meson's SKIP (77); under CI=true a failure, as CI installs every
# tool (scripts/deps.sh --test) and its kernel must run every test.
skip()
{
	if [[ ${CI:-} == true ]]; then
		echo "FAIL (CI=true, no skipping): $*" >&2
		exit 1
	fi
	echo "SKIP: $*" >&2
	exit 77
}

for _tool in jq ip nsenter findmnt; do
	command -v "$_tool" >/dev/null 2>&1 || skip "$_tool is not installed"
done
unset _tool

# These scripts create namespaces, links and routes: refuse to do that
# anywhere but in the sandbox, whose /run is a tmpfs named nstop-sandbox-run.
if [[ "$(findmnt -n -o SOURCE --mountpoint /run 2>/dev/null)" != nstop-sandbox-run ]]; then
	echo "FAIL: $0 must run inside tests/sandbox.sh (it changes the network)" >&2
	exit 1
fi

TESTDIR=$(mktemp -d /run/nstop-test.XXXXXX)
NSTOP_JSON_FILE=$TESTDIR/nstop.json

fail()
{
	echo "FAIL: $*" >&2
	exit 1
}

# Print `nstop --dump` to stderr, for context after a failed check.
show_dump()
{
	{
		echo "--- nstop --dump:"
		"$NSTOP" --dump 2>&1 || echo "(nstop --dump exited $?)"
		echo "---"
	} >&2
}

# json_run [ARGS...]: run `nstop --json ARGS` now and cache its output;
# it must exit 0 and print valid JSON.
# shellcheck disable=SC2120 # json calls it without arguments
json_run()
{
	local rc=0
	"$NSTOP" --json "$@" >"$NSTOP_JSON_FILE" 2>"$TESTDIR/nstop.err" || rc=$?
	if [[ $rc -ne 0 ]]; then
		cat "$TESTDIR/nstop.err" >&2
		rm -f "$NSTOP_JSON_FILE"
		fail "nstop --json $* exited $rc"
	fi
	if ! jq -e 'type == "object"' "$NSTOP_JSON_FILE" >/dev/null; then
		cat "$NSTOP_JSON_FILE" >&2
		rm -f "$NSTOP_JSON_FILE"
		fail "nstop --json $* did not print a JSON object"
	fi
}

# json: print the cached `nstop --json` output, running nstop on first use.
# The cache is a file, so it survives the subshells of $(...) and pipes.
json()
{
	# shellcheck disable=SC2119
	[[ -s "$NSTOP_JSON_FILE" ]] || json_run
	cat "$NSTOP_JSON_FILE"
}

# json_reset: forget the cached output (after changing the topology).
json_reset()
{
	rm -f "$NSTOP_JSON_FILE"
}

# jq_eq FILTER EXPECTED: `jq -rc FILTER` on nstop's JSON must print EXPECTED.
jq_eq()
{
	local filter=$1 expected=$2 actual
	json >/dev/null
	if ! actual=$(jq -r -c "$filter" "$NSTOP_JSON_FILE" 2>&1); then
		actual="(jq failed) $actual"
	fi
	if [[ "$actual" != "$expected" ]]; then
		{
			echo "FAIL: jq_eq mismatch"
			echo "  filter:   $filter"
			echo "  expected: $expected"
			echo "  actual:   $actual"
		} >&2
		show_dump
		exit 1
	fi
	echo "ok: $filter == $expected"
}

# expect_eq WHAT EXPECTED ACTUAL: a check on something other than the JSON.
expect_eq()
{
	if [[ "$3" != "$2" ]]; then
		{
			echo "FAIL: $1"
			echo "  expected: $2"
			echo "  actual:   $3"
		} >&2
		show_dump
		exit 1
	fi
	echo "ok: $1 == $2"
}

# jq filters selecting one namespace / link / route of nstop's JSON.
ns_f() { printf '.namespaces[] | select(.name == "%s")' "$1"; }
link_f() { printf '%s | .links[] | select(.name == "%s")' "$(ns_f "$1")" "$2"; }
route_f() { printf '%s | .routes[] | select(.table == 254 and .dst == "%s")' "$(ns_f "$1")" "$2"; } # main table

# ip_in NS ARGS...: run ip in the namespace nstop calls NS: "/" (our own),
# "pid:N" (a process's), an absolute path (an nsfs mount) or a /run/netns name.
ip_in()
{
	local ns=$1
	shift
	case "$ns" in
	/) ip "$@" ;;
	pid:*) nsenter -t "${ns#pid:}" -n ip "$@" ;;
	/*) nsenter --net="$ns" ip "$@" ;;
	*) ip -n "$ns" "$@" ;;
	esac
}

# ip_link NS LINK JQ: a field of `ip -j -d link show dev LINK` in NS.
ip_link()
{
	ip_in "$1" -j -d link show dev "$2" | jq -r -c ".[0] | $3"
}

# settle NS LINK...: wait (up to 10 s) until each link is operationally up
# and has its IPv6 link-local address. The kernel sets both asynchronously
# (linkwatch), so without this nstop and ip could see different states.
settle()
{
	local ns=$1 link i
	shift
	for link in "$@"; do
		for ((i = 0; ; i++)); do
			if [[ "$(ip_link "$ns" "$link" .operstate)" == UP ]] &&
				ip_in "$ns" -j addr show dev "$link" |
				jq -e '[.[0].addr_info[] | select(.family == "inet6" and .scope == "link")] | length == 1' >/dev/null; then
				break
			fi
			((i < 100)) || fail "$ns:$link did not come up within 10 s"
			sleep 0.1
		done
	done
}

# wait_netns_changed PID: wait until PID is no longer in our network namespace
# (after `unshare -n CMD &`, the unshare may not have happened yet).
wait_netns_changed()
{
	local pid=$1 i
	for ((i = 0; ; i++)); do
		if [[ "$(readlink "/proc/$pid/ns/net" 2>/dev/null)" != "$(readlink /proc/self/ns/net)" &&
			"$(cat "/proc/$pid/comm" 2>/dev/null)" != unshare ]]; then
			return 0
		fi
		((i < 100)) || fail "pid $pid did not enter a new network namespace"
		sleep 0.1
	done
}

# check_ns NS KIND SELF INODE: the namespace's own fields.
check_ns()
{
	local f
	f=$(ns_f "$1")
	jq_eq "[$f] | length" 1
	jq_eq "$f | .kind" "$2"
	jq_eq "$f | .self" "$3"
	jq_eq "$f | .inode" "$4"
}

# check_link NS LINK KIND UP: one link of nstop's JSON against ip's view of
# it: ifindex, kind, up, operstate, mtu, mac, master and every address.
check_link()
{
	local ns=$1 link=$2 kind=$3 up=$4 f k_kind k_up k_ifindex k_oper k_mtu k_mac k_master
	f=$(link_f "$ns" "$link")
	read -r k_kind k_up k_ifindex k_oper k_mtu k_mac k_master < <(ip_link "$ns" "$link" \
		'[.linkinfo.info_kind // "loopback", (.flags | index("UP") != null), .ifindex,
		  (.operstate | ascii_downcase), .mtu, .address, .master] | map(tostring) | join(" ")')
	jq_eq "[$f] | length" 1
	jq_eq "$f | .kind" "$kind"
	expect_eq "ip's kind of $ns:$link" "$kind" "$k_kind"
	jq_eq "$f | .up" "$up"
	expect_eq "ip's UP flag of $ns:$link" "$up" "$k_up"
	jq_eq "$f | .ifindex" "$k_ifindex"
	jq_eq "$f | .operstate" "$k_oper"
	jq_eq "$f | .mtu" "$k_mtu"
	jq_eq "$f | .mac" "$k_mac"
	jq_eq "$f | .master" "$k_master"
	jq_eq "$f | .addresses | sort" \
		"$(ip_in "$ns" -j addr show dev "$link" | jq -c '[.[0].addr_info[] | "\(.local)/\(.prefixlen)"] | sort')"
}

# check_ipv4 NS LINK JSON-ARRAY: the link's IPv4 addresses, in order.
check_ipv4()
{
	jq_eq "[$(link_f "$1" "$2") | .addresses[] | select(contains(\":\") | not)]" "$3"
}

# check_peer NS LINK PEER-NS PEER-LINK: the veth's peer resolved to
# PEER-NS:PEER-LINK, with the peer's ifindex and the nsid ip reports.
check_peer()
{
	local ns=$1 link=$2 pns=$3 plink=$4 f pifindex k_link k_nsid
	f=$(link_f "$ns" "$link")
	pifindex=$(ip_link "$pns" "$plink" .ifindex)
	read -r k_link k_nsid < <(ip_link "$ns" "$link" '"\(.link_index) \(.link_netnsid)"')
	jq_eq "$f | .peer.namespace" "$pns"
	jq_eq "$f | .peer.name" "$plink"
	jq_eq "$f | .peer.ifindex" "$pifindex"
	expect_eq "ip's peer ifindex of $ns:$link" "$pifindex" "$k_link"
	jq_eq "$f | .peer.nsid" "$k_nsid"
	jq_eq "$f | .warnings" "[]"
}

# check_route NS DST GATEWAY DEV SCOPE PROTOCOL [FAMILY]: exactly one route
# to DST ("default" or a CIDR) in NS's main table, with these fields.
check_route()
{
	local f
	f=$(route_f "$1" "$2")
	jq_eq "[$f] | length" 1
	jq_eq "$f | .family" "${7:-inet}"
	jq_eq "$f | .gateway" "$3"
	jq_eq "$f | .dev" "$4"
	jq_eq "$f | .scope" "$5"
	jq_eq "$f | .protocol" "$6"
}

# make_seed_bridge: the seed's bridge topology, shared by topo_seed_bridge.sh
# and ns_filter.sh. ns1..ns3 each hold one end of a veth pair (vethB, vethD,
# vethF) whose other end (vethA, vethC, vethE) is a port of mybridge in /.
make_seed_bridge()
{
	local ns outer inner addr
	ip link add mybridge type bridge
	while read -r ns outer inner addr; do
		ip netns add "$ns"
		ip link add "$outer" type veth peer name "$inner"
		ip link set "$inner" netns "$ns"
		ip link set "$outer" master mybridge
		ip link set "$outer" up
		ip -n "$ns" link set "$inner" up
		ip -n "$ns" addr add "$addr/24" dev "$inner"
		ip -n "$ns" route add default via 192.168.10.1
	done <<-END
		ns1 vethA vethB 192.168.10.2
		ns2 vethC vethD 192.168.10.3
		ns3 vethE vethF 192.168.10.4
	END
	ip addr add 192.168.10.1/24 dev mybridge
	ip link set mybridge up
	settle / vethA vethC vethE mybridge
	settle ns1 vethB
	settle ns2 vethD
	settle ns3 vethF
}

# dump_links NS: "indent:name" of each link line of NS's section in
# `nstop --dump`, one per line, in the order printed.
dump_links()
{
	"$NSTOP" --dump | awk -v ns="$1" '
		index($0, ns "  (") == 1 { inside = 1; next }
		/^[^ ]/ || /^$/ { inside = 0 }
		inside && / (UP|DOWN)\/[a-z]+ mtu / {
			match($0, /^ */)
			print RLENGTH ":" $1
		}'
}

# check_routes_vs_kernel NS: NS's main-table routes in nstop's JSON are
# exactly those `ip route show table main` lists (IPv4 and IPv6):
# family, dst, gateway, dev and protocol of each.
check_routes_vs_kernel()
{
	local ns=$1 kernel fam
	kernel=$(for fam in inet inet6; do
		ip_in "$ns" -j -f "$fam" route show table main |
			jq -r --arg fam "$fam" '.[] | "\($fam) \(.dst) \(.gateway // "null") \(.dev // "null") \(.protocol // "boot")"'
	done | jq -R . | jq -s -c sort)
	jq_eq "[$(ns_f "$ns") | .routes[] | select(.table == 254) | \"\\(.family) \\(.dst) \\(.gateway) \\(.dev) \\(.protocol)\"] | sort" "$kernel"
}

# explain_golden NAME ARGS...: the text (--ascii) and the JSON of `--explain ARGS`, byte for byte
# against $GOLDEN.NAME.txt and .json (UPDATE_GOLDEN=1 rewrites them, for review).
explain_golden()
{
	local name=$1 ext
	shift
	"$NSTOP" --explain "$@" --ascii >"$TESTDIR/$name.txt" || true
	"$NSTOP" --explain "$@" --json >"$TESTDIR/$name.json" || true
	for ext in txt json; do
		if [[ ${UPDATE_GOLDEN:-} == 1 ]]; then
			cp "$TESTDIR/$name.$ext" "$GOLDEN.$name.$ext"
		fi
		diff -u "$GOLDEN.$name.$ext" "$TESTDIR/$name.$ext" >&2 || fail "golden $name.$ext differs"
	done
}

# make_lab1 [XDEV [RETURN]]: the seed's lab1, h1 [v1 11.0.0.1] - [XDEV 11.0.0.254] x [vethG 13.0.0.2] -
# [vethH 13.0.0.1] y [vethJ 12.0.0.1] - [v2 12.0.0.2] h2, x and y forwarding, x routing 12.0.0.0/24 by y;
# y's return route is RETURN via x: by default the seed's typo 11.0.1.0/24 (fixed: 11.0.0.0/24).
make_lab1()
{
	local xdev=${1:-vethE} back=${2:-11.0.1.0/24} n l
	for n in h1 x y h2; do ip netns add $n; ip -n $n link set lo up; done
	ip link add v1 netns h1 type veth peer name "$xdev" netns x
	ip link add vethG netns x type veth peer name vethH netns y
	ip link add vethJ netns y type veth peer name v2 netns h2
	ip -n h1 addr add 11.0.0.1/24 dev v1
	ip -n x addr add 11.0.0.254/24 dev "$xdev"
	ip -n x addr add 13.0.0.2/24 dev vethG
	ip -n y addr add 13.0.0.1/24 dev vethH
	ip -n y addr add 12.0.0.1/24 dev vethJ
	ip -n h2 addr add 12.0.0.2/24 dev v2
	for l in h1:v1 "x:$xdev" x:vethG y:vethH y:vethJ h2:v2; do ip -n "${l%%:*}" link set "${l#*:}" up; done
	ip -n h1 route add default via 11.0.0.254
	ip -n h2 route add default via 12.0.0.1
	ip netns exec x sysctl -qw net.ipv4.ip_forward=1
	ip netns exec y sysctl -qw net.ipv4.ip_forward=1
	ip -n x route add 12.0.0.0/24 via 13.0.0.1
	ip -n y route add "$back" via 13.0.0.2
}
