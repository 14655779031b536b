#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `nstop --monitor` follows the whole ruleset (issue 11): rules added, replaced
# and deleted in filter chains (iptables-nft and nft, in '/' and in a named
# namespace), chains added and deleted, a table deleted with what it holds,
# base-chain policies flipped with `iptables -P` and with nft. Traffic moves
# the counters of several rules, then an address change makes nstop re-read
# both namespaces: the address lines appear and no firewall line. The whole
# plain output must be exactly the expected lines, in order; the --json
# stream carries the same changes as objects. Then --dump's firewall section
# must list nft's chains, rule counts and rules, and --dot must still draw a
# port forward to the namespace owning its target.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

: "${NETPROBE:?set NETPROBE to tests/tools/netprobe}"
for _tool in nft iptables; do
	command -v "$_tool" >/dev/null 2>&1 || skip "$_tool is not installed"
done
iptables -V 2>/dev/null | grep -q nf_tables || skip "iptables is not iptables-nft"

# No IPv6 on the test's links: no link-local address or DAD event lands among the expected lines.
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip netns add fa
ip netns exec fa sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip link add fw0 type veth peer name fw1 netns fa
ip addr add 10.77.0.1/24 dev fw0
ip link set fw0 up
ip -n fa addr add 10.77.0.2/24 dev fw1
ip -n fa link set fw1 up
ip -n fa link set lo up

# Rules that count the test's pings, and an nft table of another family.
iptables -A OUTPUT -p icmp -j ACCEPT
iptables -A INPUT -p icmp -j ACCEPT
ip netns exec fa iptables -A INPUT -p icmp -j ACCEPT
nft add table inet lab
nft add chain inet lab fw '{ type filter hook forward priority 5; policy accept; }'
nft add rule inet lab fw tcp dport 22 counter accept
"$NETPROBE" icmp-echo 10.77.0.2 1 >/dev/null || fail "no ping between / and fa before the monitor starts"
# carrier and operstate settle before the monitor's first reading
for _ in $(seq 100); do
	ip link show fw0 | grep -q 'state UP' && ip -n fa link show fw1 | grep -q 'state UP' && break
	sleep 0.05
done
ip -n fa link show fw1 | grep -q 'state UP' || fail "fw1 is not UP after 5 s"

mon=$TESTDIR/monitor.txt
monj=$TESTDIR/monitor.jsonl
"$NSTOP" --monitor >"$mon" 2>"$TESTDIR/monitor.err" &
mon_pid=$!
"$NSTOP" --monitor --json >"$monj" 2>>"$TESTDIR/monitor.err" &
monj_pid=$!
trap 'kill $mon_pid $monj_pid 2>/dev/null || true' EXIT

expected=()
# expect LINE...: each must arrive (2 s at most), in order after those before.
expect()
{
	local line start
	for line in "$@"; do
		expected+=("$line")
		start=$SECONDS
		while [[ $(grep -cxF -- "$line" "$mon" || true) -lt 1 ]]; do
			if ((SECONDS - start > 2)); then
				cat "$mon" >&2
				fail "no line '$line' within 2 s"
			fi
			sleep 0.02
		done
	done
}
handle_of() { # CHAIN-LISTING-CMD... PATTERN: the handle of the one rule matching PATTERN
	local pat=${*: -1}
	"${@:1:$#-1}" | sed -nE "s/.*${pat} # handle ([0-9]+)$/\\1/p"
}

# Live: a first change shows in both streams.
sleep 1 # both have read the initial state (there is no readiness signal to wait for)
ip addr add 10.9.9.9/32 dev lo
expect '[/] addr add 10.9.9.9/32 dev lo'
for _ in $(seq 100); do grep -q '10.9.9.9' "$monj" && break; sleep 0.02; done

# A rule in a filter chain, added with iptables-nft (the chain comes with it) and with nft in fa.
iptables -A FORWARD -i lab0 -o lab0 -j ACCEPT
h_fwd=$(handle_of nft -a list chain ip filter FORWARD 'iifname "lab0" oifname "lab0" counter packets 0 bytes 0 accept')
[[ -n $h_fwd ]] || fail "no handle for the FORWARD rule"
expect '[/] firewall chain add ip filter FORWARD type filter hook forward priority 0 policy accept' \
	"[/] firewall rule add ip filter FORWARD handle $h_fwd: iifname \"lab0\" oifname \"lab0\" counter accept"
ip netns exec fa nft add rule ip filter INPUT ip saddr 10.1.1.1 counter drop
h_fa=$(handle_of ip netns exec fa nft -a list chain ip filter INPUT 'ip saddr 10.1.1.1 counter packets 0 bytes 0 drop')
[[ -n $h_fa ]] || fail "no handle for fa's INPUT rule"
expect "[fa] firewall rule add ip filter INPUT handle $h_fa: ip saddr 10.1.1.1 counter drop"

# Replaced in place: same handle, new text.
ip netns exec fa nft replace rule ip filter INPUT handle "$h_fa" ip saddr 10.1.1.2 counter drop
expect "[fa] firewall rule change ip filter INPUT handle $h_fa: ip saddr 10.1.1.2 counter drop"

# Chains: a user chain with iptables, a base chain with nft, both deleted again.
iptables -N LABCHAIN
expect '[/] firewall chain add ip filter LABCHAIN'
iptables -X LABCHAIN
expect '[/] firewall chain del ip filter LABCHAIN'
nft add chain inet lab out '{ type filter hook output priority -10; policy accept; }'
expect '[/] firewall chain add inet lab out type filter hook output priority -10 policy accept'
nft delete chain inet lab out
expect '[/] firewall chain del inet lab out'

# A chain name with terminal escapes (nft -j takes any bytes): shown escaped, like every other line's names.
nft -j -f - <<<'{"nftables":[{"add":{"chain":{"family":"inet","table":"lab","name":"h\u001b[31m\u0007"}}}]}'
expect '[/] firewall chain add inet lab h\x1b[31m\x07'
nft -j -f - <<<'{"nftables":[{"delete":{"chain":{"family":"inet","table":"lab","name":"h\u001b[31m\u0007"}}}]}'
expect '[/] firewall chain del inet lab h\x1b[31m\x07'

# Policies: iptables -P (Docker's FORWARD DROP) and nft.
iptables -P FORWARD DROP
expect '[/] firewall policy ip filter FORWARD drop'
nft chain inet lab fw '{ policy drop; }'
expect '[/] firewall policy inet lab fw drop'
nft chain inet lab fw '{ policy accept; }'
expect '[/] firewall policy inet lab fw accept'

# Traffic moves counters in both namespaces; the next re-read of each must print only its address line.
before=$(nft -j list chain ip filter OUTPUT | jq '[.nftables[] | .rule? // empty | .expr[] | .counter? // empty | .packets] | add')
"$NETPROBE" icmp-echo 10.77.0.2 3 >/dev/null || fail "no ping between / and fa"
ip netns exec fa "$NETPROBE" icmp-echo 10.77.0.1 2 >/dev/null || fail "no ping from fa to /"
after=$(nft -j list chain ip filter OUTPUT | jq '[.nftables[] | .rule? // empty | .expr[] | .counter? // empty | .packets] | add')
fa_in=$(ip netns exec fa nft -j list chain ip filter INPUT |
	jq '[.nftables[] | .rule? // empty | .expr[] | .counter? // empty | .packets] | add')
((after > before)) || fail "the pings moved no counter in / ($before -> $after)"
((fa_in > 0)) || fail "the pings moved no counter in fa"
ip addr add 10.9.9.1/32 dev lo
ip -n fa addr add 10.9.9.2/32 dev lo
expect '[/] addr add 10.9.9.1/32 dev lo' '[fa] addr add 10.9.9.2/32 dev lo'

# --dump's firewall section lists what nft lists: per chain of '/', its rule count and every handle.
dump_check()
{
	"$NSTOP" --dump >"$TESTDIR/dump.txt" || fail "nstop --dump exited $?"
	awk '/^[^ ]/ { on = ($1 == "/") } on' "$TESTDIR/dump.txt" >"$TESTDIR/dump_root.txt"
	awk '/^    table / { t = $2 " " $3 } /^      chain / { c = $2; n = $NF == "rules" || $NF == "rule" ? $(NF - 1) : "?"; print t, c, n }' \
		"$TESTDIR/dump_root.txt" | sed 's/,//' | sort >"$TESTDIR/dump_chains.txt"
	nft -j list ruleset | jq -r '[.nftables[] | select(.chain) | .chain | "\(.family) \(.table) \(.name)"] as $c
		| [.nftables[] | select(.rule) | .rule | "\(.family) \(.table) \(.chain)"] as $r
		| $c[] as $x | "\($x) \([$r[] | select(. == $x)] | length)"' | sort >"$TESTDIR/nft_chains.txt"
	diff "$TESTDIR/nft_chains.txt" "$TESTDIR/dump_chains.txt" >&2 || fail "--dump's chains and rule counts differ from nft's (< nft, > dump)"
	n_handles=$(grep -c '^        handle [0-9]*: ' "$TESTDIR/dump_root.txt" || true)
	n_nft=$(nft -j list ruleset | jq '[.nftables[] | select(.rule)] | length')
	[[ $n_handles -eq $n_nft ]] || fail "--dump shows $n_handles rules of '/', nft lists $n_nft"
	grep -qx '      chain FORWARD  filter hook forward priority 0 policy drop, 1 rule' "$TESTDIR/dump_root.txt" ||
		fail "--dump does not show FORWARD's policy drop"
	echo "ok: --dump's firewall section has nft's $(wc -l <"$TESTDIR/nft_chains.txt") chains and $n_nft rules"
}
dump_check

# Deleted: a rule, then a whole table (its rule and chain go first).
iptables -D FORWARD -i lab0 -o lab0 -j ACCEPT
expect "[/] firewall rule del ip filter FORWARD handle $h_fwd: iifname \"lab0\" oifname \"lab0\" counter accept"
h_lab=$(handle_of nft -a list chain inet lab fw 'tcp dport 22 counter packets 0 bytes 0 accept')
nft delete table inet lab
expect "[/] firewall rule del inet lab fw handle $h_lab: tcp dport 22 counter accept" \
	'[/] firewall chain del inet lab fw' '[/] firewall table del inet lab'

# One more change as a fence: whatever the deletions caused has been printed before it.
ip addr add 10.9.9.3/32 dev lo
expect '[/] addr add 10.9.9.3/32 dev lo'
kill -TERM $mon_pid $monj_pid
wait $mon_pid || fail "nstop --monitor exited with status $?"
wait $monj_pid || fail "nstop --monitor --json exited with status $?"
trap - EXIT

if ! diff <(printf '%s\n' "${expected[@]}") "$mon" >"$TESTDIR/monitor.diff"; then
	cat "$TESTDIR/monitor.diff" >&2
	fail "--monitor printed other lines than the expected ones (diff above: < expected, > printed)"
fi
[[ ! -s $TESTDIR/monitor.err ]] || { cat "$TESTDIR/monitor.err" >&2; fail "--monitor wrote to stderr"; }
LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$mon" && fail "--monitor printed a control byte"
echo "ok: --monitor printed exactly the ${#expected[@]} expected lines, none for moved counters"

# The JSON stream: the same firewall changes as objects.
jq -e -s '[.[] | select(.object == "firewall")] | length' "$monj" >/dev/null || fail "--monitor --json is not JSON lines"
n_fw=$(jq -s '[.[] | select(.object == "firewall")] | length' "$monj")
n_exp=$(printf '%s\n' "${expected[@]}" | grep -c '\] firewall ')
[[ $n_fw -eq $n_exp ]] || fail "--monitor --json has $n_fw firewall objects, the plain stream $n_exp"
jq -e -s 'any(.[]; .namespace == "/" and .object == "firewall" and .action == "change" and .name == "ip filter FORWARD"
	and .text == "firewall policy ip filter FORWARD drop")' "$monj" >/dev/null ||
	fail "--monitor --json misses the policy change"
jq -e -s --arg h "$h_fa" 'any(.[]; .namespace == "fa" and .action == "change" and .name == "ip filter INPUT handle " + $h)' \
	"$monj" >/dev/null || fail "--monitor --json misses the replaced rule"
echo "ok: --monitor --json carries the $n_fw firewall changes"


# --dot still draws a port forward (from the NAT records) to the namespace that owns its target.
nft add table ip pf
nft add chain ip pf pre '{ type nat hook prerouting priority -100; }'
nft add rule ip pf pre tcp dport 8080 dnat to 10.77.0.2:80
"$NSTOP" --dot >"$TESTDIR/graph.dot" || fail "nstop --dot exited $?"
node=$(sed -nE 's/^[[:space:]]*(n[0-9]+_[0-9]+) \[label="fw1\\n.*/\1/p' "$TESTDIR/graph.dot" | head -1)
[[ -n $node ]] || { cat "$TESTDIR/graph.dot" >&2; fail "--dot has no node for fa's fw1"; }
grep -qE "^[[:space:]]*nat[0-9]+_[0-9]+ -- $node \[style=bold, color=blue, label=\"dnat\"\];" "$TESTDIR/graph.dot" ||
	{ cat "$TESTDIR/graph.dot" >&2; fail "--dot draws no dnat edge to fa:fw1"; }
echo "ok: --dot draws the port forward to fa:fw1"
