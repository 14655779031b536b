#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Keys typed in one burst (one tmux send-keys: nstop reads them at once) do
# what the same keys typed one at a time do: the same kernel state (ip -j)
# and the same action log (the script W saves). Each sequence runs twice on
# the same fresh topology, slowly (a pause after each key) and as a burst,
# and the outcome is also checked against what the keys mean.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# / with the veth pair a0, a1 (both down; a0 has the lower ifindex, so the
# tree shows / lo a0 a1 and `j j` selects a0), no namespaces, no rules.
reset_topo()
{
	local l
	ip -all netns delete 2>/dev/null || true
	nft flush ruleset
	sysctl -qw net.ipv4.ip_forward=0
	for l in $(ip -j link show | jq -r '.[].ifname | select(. != "lo")'); do
		ip link del "$l" 2>/dev/null || true # a veth's peer went with it
	done
	ip link add a1 address 02:00:00:00:0a:01 type veth peer name a0 address 02:00:00:00:0a:00
}

# The kernel's side, normalised: namespaces, links with flags and master, addresses.
state()
{
	ip netns list | awk '{ print $1 }' | sort
	ip -j -d link show | jq -c '[.[] | {ifname, flags, master, kind: .linkinfo.info_kind}] | sort_by(.ifname)'
	ip -j addr show | jq -c '[.[] | {ifname, a: [.addr_info[] | "\(.local)/\(.prefixlen)"]}] | sort_by(.ifname)'
	nft -j list ruleset | jq -c '[.nftables[] | select(.rule) | .rule | {family, table, chain, expr}]'
	echo "ip_forward $(cat /proc/sys/net/ipv4/ip_forward)"
}

# flags IFNAME: its IFF flags, comma-separated.
flags() { ip -j link show "$1" | jq -r '.[0].flags | join(",")'; }
is_up() { [[ ,$(flags "$1"), == *,UP,* ]]; }

# run MODE NAME KEY...: the keys on a fresh topology and a fresh nstop, slowly
# (MODE slow) or in one send-keys (MODE burst); then W saves the log and the
# kernel state is recorded, in /run/NAME.MODE.{sh,state}.
run()
{
	local mode=$1 name=$2 k
	shift 2
	reset_topo
	rm -f "/run/$name.$mode.sh"
	start_ui
	wait_screen '^ +└─ a1 '
	if [[ $mode == slow ]]; then
		for k in "$@"; do
			tmux send-keys -t t "$k"
			sleep 0.4 # each key's effect, and the kernel's answer to it, before the next
		done
	else
		tmux send-keys -t t "$@"
	fi
	# W queues behind whatever the keys queued, so the script holds all of it.
	tmux send-keys -t t W C-u
	tmux send-keys -t t -l "/run/$name.$mode.sh"
	tmux send-keys -t t Enter
	local i
	for i in $(seq 500); do
		[[ -s /run/$name.$mode.sh ]] && break
		sleep 0.02
	done
	[[ -s /run/$name.$mode.sh ]] || { screen >&2; fail "$name ($mode): the action log was never saved"; }
	state >"/run/$name.$mode.state"
	screen >"/run/$name.$mode.screen"
	quit_ui
}

# same NAME: the burst left what the slow run left.
same()
{
	local name=$1
	if ! diff -u "/run/$name.slow.state" "/run/$name.burst.state" >&2; then
		fail "$name: the burst left the kernel in another state than the same keys typed slowly"
	fi
	if ! diff -u <(sed -E 's/^# [0-9:]{8}/# T/' "/run/$name.slow.sh") \
		<(sed -E 's/^# [0-9:]{8}/# T/' "/run/$name.burst.sh") >&2; then
		fail "$name: the burst logged other actions than the same keys typed slowly"
	fi
}

# entries NAME MODE: the number of actions logged.
entries() { grep -cE '^# [0-9:]{8}' "/run/$1.$2.sh" || true; }

no_ipv6 /

# --- two links toggled: u j u ---
toggle=(j j u j u)
for mode in slow burst; do
	run $mode toggle "${toggle[@]}"
	is_up a0 || fail "toggle ($mode): a0 is not up"
	is_up a1 || fail "toggle ($mode): a1 is not up"
	[[ $(entries toggle $mode) == 2 ]] || fail "toggle ($mode): $(entries toggle $mode) actions logged, not 2"
	grep -qx 'ip link set a0 up' "/run/toggle.$mode.sh" || fail "toggle ($mode): a0 up not logged"
	grep -qx 'ip link set a1 up' "/run/toggle.$mode.sh" || fail "toggle ($mode): a1 up not logged"
done
same toggle
echo "u j u in one burst: both links toggled, both logged"

# --- a form opened, filled and submitted, then edits that act on the result ---
# a v: add a veth pair v0/v1 in / (up); u: a0 (still selected) up; G: the last
# row, which is the new v0 only once the model shows the pair; u: v0 down.
form=(j j a v C-u v0 Tab Tab C-u v1 Tab C-u / Enter u G u)
for mode in slow burst; do
	run $mode form "${form[@]}"
	ip link show v1 >/dev/null 2>&1 || fail "form ($mode): the veth pair was not made"
	is_up a0 || fail "form ($mode): a0 is not up"
	is_up v1 || fail "form ($mode): v1 is not up"
	is_up v0 && fail "form ($mode): v0 is still up: G did not select the new link"
	[[ $(entries form $mode) == 3 ]] || fail "form ($mode): $(entries form $mode) actions logged, not 3"
done
same form
echo "a form in one burst, then edits on what it made: as typed slowly"

# --- a packet pane opened between edits ---
# u: a0 up; p: a pane on a0 (the focus moves there); Tab: back to the tree; j u: a1 up.
pane=(j j u p Tab j u)
for mode in slow burst; do
	run $mode pane "${pane[@]}"
	is_up a0 || fail "pane ($mode): a0 is not up"
	is_up a1 || fail "pane ($mode): a1 is not up"
	grep -qE ' a0 @ / \| [0-9]+ captured' "/run/pane.$mode.screen" || {
		cat "/run/pane.$mode.screen" >&2
		fail "pane ($mode): no pane on a0"
	}
	[[ $(entries pane $mode) == 2 ]] || fail "pane ($mode): $(entries pane $mode) actions logged, not 2"
done
same pane
echo "a pane opened inside a burst of edits: as typed slowly"

# --- an edit, the offer it brings up, answered in the same burst ---
# a f: a port forward (tcp 9999 to 192.168.10.2); the model then shows
# ip_forward 0 in /, so nstop asks to enable it, and y says yes.
offer=(a f C-u / Tab C-u tcp Tab C-u 9999 Tab C-u Tab C-u Tab C-u 192.168.10.2 Tab C-u Tab Enter y)
for mode in slow burst; do
	run $mode offer "${offer[@]}"
	[[ $(cat /proc/sys/net/ipv4/ip_forward) == 1 ]] || fail "offer ($mode): ip_forward was not enabled"
	nft -j list chain ip nstop prerouting | jq -e '[.nftables[] | select(.rule)] | length == 1' >/dev/null ||
		fail "offer ($mode): no port forward rule"
	[[ $(entries offer $mode) == 2 ]] || fail "offer ($mode): $(entries offer $mode) actions logged, not 2"
done
same offer
echo "an edit and the offer it brings up, answered in one burst: as typed slowly"

# --- y on a question the model has since made moot: validated again, logged as failed ---
reset_topo
start_ui
wait_screen '^ +└─ a1 '
keys j j d
wait_screen 'delete link\?  y/N  \(ip link delete a0\)'
ip link del a0 # a1 goes with it
wait_gone 'a0|a1' 2
keys y L
wait_screen 'FAILED ip link delete a0' 2
wait_screen "error: .*a0" 2
quit_ui
echo "done: bursts behave as the same keys typed slowly; a stale edit fails with its reason"
