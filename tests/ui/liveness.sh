#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Changes made by another process (ip, nft) show within 1 s, and stale objects
# never linger: in the TUI (tmux) and in `nstop --monitor` (plain and --json).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

now_us() { echo "${EPOCHREALTIME/./}"; }
report() { printf '%-44s %4d ms\n' "$1" $((($(now_us) - $2) / 1000)); }

# absent_for REGEX SECONDS: the screen must not show REGEX at any sample.
absent_for()
{
	local re=$1 end=$(($(now_us) + $2 * 1000000))
	while (($(now_us) < end)); do
		if body | grep -qE -- "$re"; then
			screen >&2
			fail "stale object /$re/ reappeared"
		fi
		sleep 0.05
	done
}

make_seed
start_ui
wait_screen 'vethF'

t=$(now_us)
add_netns ns4
ip link add vethG address 02:00:00:00:03:01 type veth peer name vethH address 02:00:00:00:03:02 netns ns4
wait_screen '^▾ ns4 ' 1
wait_screen 'vethG ⇄ ns4:vethH' 1
wait_screen 'vethH ⇄ /:vethG' 1
report "ui: netns add + veth pair" "$t"

t=$(now_us)
ip -n ns1 addr del 192.168.10.2/24 dev vethB
ip -n ns1 addr add 192.168.10.12/24 dev vethB
wait_screen 'vethB .* 192\.168\.10\.12/24' 1
report "ui: address changed" "$t"
absent_for '192\.168\.10\.2/24' 1

t=$(now_us)
ip -n ns2 link set vethD down
wait_screen 'vethD .*DOWN' 1
wait_screen 'vethC .*NO-CARRIER' 1
report "ui: link down (and peer loses carrier)" "$t"

t=$(now_us)
ip link del vethE
wait_gone 'vethE' 1
wait_gone 'vethF' 1
report "ui: link deleted (both ends gone)" "$t"
absent_for 'vethE|vethF' 1

t=$(now_us)
ip netns del ns4
# vethG lives until the kernel has destroyed ns4 (asynchronously, after the
# last reference, ours included, is gone): wait for both, then no comeback.
wait_gone 'ns4|vethG|vethH' 1
report "ui: netns deleted with its veth" "$t"
absent_for 'ns4|vethG|vethH' 1

# NAT rules made with nft elsewhere arrive through nf_tables events: the rule's
# row appears under its namespace, and goes when the rule is deleted.
in_ns() { local ns=$1; shift; if [[ $ns == / ]]; then "$@"; else ip netns exec "$ns" "$@"; fi; }
nat_rule='tcp dport 8080 dnat to 192\.168\.10\.3:80'
nat_setup()
{
	in_ns "$1" nft add table ip t
	in_ns "$1" nft add chain ip t pre '{ type nat hook prerouting priority -100; }'
	sleep 0.2 # let the re-read these two caused pass: time the rule alone
}
nat_add() { in_ns "$1" nft add rule ip t pre tcp dport 8080 dnat to 192.168.10.3:80; }
nat_handle() { in_ns "$1" nft -a list chain ip t pre | sed -nE "s/.*$nat_rule # handle ([0-9]+)$/\1/p"; }

# ns_rows NS: the body rows of namespace NS, from its row to the next namespace's.
ns_rows()
{
	body | awk -v ns="$1" '/^(▾|▸) / { on = ($2 == ns) } on'
}

# wait_ns_row NS REGEX [gone]: until a row of NS matches (or NS is shown and
# none of its rows does), 1 s at most.
wait_ns_row()
{
	local ns=$1 re=$2 want=${3:-shown} start rows
	start=$(now_us)
	while :; do
		rows=$(ns_rows "$ns")
		if grep -qE -- "$re" <<<"$rows"; then
			[[ $want == shown ]] && return
		elif [[ $want == gone && -n $rows ]]; then
			return
		fi
		if (($(now_us) - start > 1000000)); then
			screen >&2
			fail "namespace $ns: /$re/ not $want within 1 s"
		fi
		sleep 0.01
	done
}

for ns in / myns; do
	nat_setup "$ns"
	t=$(now_us)
	nat_add "$ns"
	wait_ns_row "$ns" "dnat .*$nat_rule"
	report "ui: nat rule add ($ns)" "$t"
	h=$(nat_handle "$ns")
	t=$(now_us)
	in_ns "$ns" nft delete rule ip t pre handle "$h"
	wait_ns_row "$ns" "$nat_rule" gone
	report "ui: nat rule delete ($ns)" "$t"
	absent_for "$nat_rule" 1
	in_ns "$ns" nft delete table ip t
done
tmux kill-server >/dev/null 2>&1 || true

# --monitor: the same kinds of change as lines, plain and JSON.
mon=/run/monitor.txt
monj=/run/monitor.jsonl
"$NSTOP" --monitor >"$mon" &
mon_pid=$!
"$NSTOP" --monitor --json >"$monj" &
monj_pid=$!
trap 'kill $mon_pid $monj_pid 2>/dev/null || true' EXIT
sleep 0.5 # both have read the initial state

wait_line()
{
	local file=$1 re=$2 limit_us=1000000 start
	start=$(now_us)
	while ! grep -qE -- "$re" "$file"; do
		if (($(now_us) - start > limit_us)); then
			cat "$file" >&2
			fail "no line /$re/ in $file within 1 s"
		fi
		sleep 0.01
	done
}

t=$(now_us)
add_netns ns5
wait_line "$mon" '^\[/\] netns add ns5$'
report "monitor: netns add" "$t"

t=$(now_us)
ip link add vethM type veth peer name vethN netns ns5
wait_line "$mon" '^\[/\] link vethM add veth down$'
wait_line "$mon" '^\[ns5\] link vethN add veth down$'
report "monitor: veth pair across namespaces" "$t"

t=$(now_us)
ip -n ns5 addr add 10.99.0.2/24 dev vethN
wait_line "$mon" '^\[ns5\] addr add 10\.99\.0\.2/24 dev vethN$'
report "monitor: addr add" "$t"

t=$(now_us)
ip -n ns2 link set vethD up
wait_line "$mon" '^\[ns2\] link vethD up$'
report "monitor: link up" "$t"

t=$(now_us)
ip -n ns1 route add 10.50.0.0/16 via 192.168.10.1
wait_line "$mon" '^\[ns1\] route add 10\.50\.0\.0/16 via 192\.168\.10\.1 dev vethB$'
report "monitor: route add" "$t"

t=$(now_us)
ip link del vethM
wait_line "$mon" '^\[/\] link vethM del$'
wait_line "$mon" '^\[ns5\] link vethN del$'
report "monitor: link del" "$t"

for ns in / ns1; do
	nat_setup "$ns"
	t=$(now_us)
	nat_add "$ns"
	wait_line "$mon" "^\\[${ns}\\] nat add ip t pre handle [0-9]+: $nat_rule\$"
	report "monitor: nat rule add ($ns)" "$t"
	h=$(nat_handle "$ns")
	t=$(now_us)
	in_ns "$ns" nft delete rule ip t pre handle "$h"
	wait_line "$mon" "^\\[${ns}\\] nat del ip t pre handle $h: $nat_rule\$"
	report "monitor: nat rule delete ($ns)" "$t"
	in_ns "$ns" nft delete table ip t
done

# a sysctl write raises no link/route/nft event: the netconf group carries it
t=$(now_us)
ip netns exec ns2 sysctl -qw net.ipv4.ip_forward=1
wait_line "$mon" '^\[ns2\] nat ip_forward 1$'
report "monitor: ip_forward on (ns2)" "$t"

t=$(now_us)
ip netns del ns5
wait_line "$mon" '^\[/\] netns del ns5$'
report "monitor: netns del" "$t"

# Both monitors end cleanly on SIGTERM (status 0; under ASan a leak would show here).
kill -TERM $mon_pid $monj_pid
wait $mon_pid || fail "nstop --monitor exited with status $?"
wait $monj_pid || fail "nstop --monitor --json exited with status $?"

# The JSON stream carries the same changes, one valid object per line.
wait_line "$monj" '"text":"netns del ns5"'
if command -v jq >/dev/null; then
	jq -e -s 'length >= 8 and all(.[]; has("namespace") and has("object") and has("action") and has("text"))' \
		"$monj" >/dev/null || fail "--monitor --json lines are not the expected objects"
	jq -e -s 'any(.[]; .namespace == "ns5" and .object == "addr" and .action == "add" and .name == "10.99.0.2/24")' \
		"$monj" >/dev/null || fail "--monitor --json misses the addr add"
	jq -e -s 'any(.[]; .namespace == "ns1" and .object == "nat" and .action == "del" and (.name | test("^ip t pre handle [0-9]+$")))' \
		"$monj" >/dev/null || fail "--monitor --json misses the nat rule delete"
fi
# Every line of the plain stream names a namespace in brackets: nothing else is printed.
if grep -vqE '^\[[^]]+\] (netns|link|addr|route|nat|firewall|neigh|fdb|rule|nexthop|sysctl) ' "$mon"; then
	cat "$mon" >&2
	fail "unexpected line in --monitor output"
fi
echo "liveness ok"
