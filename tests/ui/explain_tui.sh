#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `e` explains reachability in the TUI, on the seed lab (ns1-ns3 on mybridge
# in "/", myns behind vethY; ip_forward off in "/"):
#  - the form: the destination picked with Left/Right from the other
#    namespaces' addresses; a bad port, a port with icmp, a bad address each
#    get their error by the field and queue nothing;
#  - ns1 -> ns2 (192.168.10.3) reachable, ns1 -> myns (7.7.7.7) not (forwarding
#    off in "/"): the pane says so hop by hop and the graph highlights the path
#    (heavy lines; the failing hop's box double) — and a real ping agrees each
#    time; after the fix the pane names, the kernel lets the ping through;
#  - tcp to a port nothing listens on is refused, as a real connect is;
#  - Esc closes the pane and the highlight goes; --ascii draws it with = H # x.
# Traffic stays between the sandbox's own namespaces.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
probe=${NETPROBE:?NETPROBE must point at tests/tools/netprobe}

make_seed
# arp_ignore stays 0 (the kernel's default): "/" answers ARP on vethY for 192.168.10.1 of
# mybridge, so myns, on-link by vethZ, reaches it; the matrix below must say so.

# fill VALUES...: type each value into the focused field, Tab to the next
fill()
{
	local v
	for v in "$@"; do
		tmux send-keys -t t C-u
		[[ -n $v ]] && tmux send-keys -t t -l "$v"
		tmux send-keys -t t Tab
	done
	sleep 0.15
}

# pick ADDR: Right until the destination field holds ADDR (a choice, not typed)
pick()
{
	local i
	for i in $(seq 12); do
		screen | grep -qE "destination +$1 " && return 0
		keys Right
	done
	fail "Left/Right never offered $1"
}

# pings FROM ADDR: the kernel's answer, 0 when an echo reply came back
pings()
{
	ip netns exec "$1" "$probe" icmp-echo "$2" 1 >/dev/null 2>&1
}

# golden NAME, without the status line (it names the last neighbour event) and
# with each neighbour's state masked (a ping just made it REACHABLE, or not yet)
golden()
{
	local file=$GOLDEN_DIR/$1.txt
	sleep 0.2
	if [[ -n "${GENERATE:-}" ]]; then
		shown >"$file"
		echo "wrote $file"
		return
	fi
	diff -u "$file" <(shown) >&2 || fail "screen differs from golden/$1.txt (GENERATE=1 refreshes it after review)"
}

shown()
{
	body | sed -E 's/(neighbour: ).*/\1<state>/'
}

# the screen as it is (the lib's masks would take a row of addresses for rates), clock masked
raw()
{
	tmux capture-pane -p -t t | sed -E '1s/[0-9]{2}:[0-9]{2}:[0-9]{2}$/HH:MM:SS/'
}

golden_raw()
{
	local file=$GOLDEN_DIR/$1.txt
	sleep 0.2
	if [[ -n "${GENERATE:-}" ]]; then
		raw | head -n -2 | sed -E 's/(neighbour: ).*/\1<state>/' >"$file"
		echo "wrote $file"
		return
	fi
	diff -u "$file" <(raw | head -n -2 | sed -E 's/(neighbour: ).*/\1<state>/') >&2 ||
		fail "screen differs from golden/$1.txt (GENERATE=1 refreshes it after review)"
}

no_pane()
{
	! screen | grep -q 'explanation:' || fail "a refused form still asked for an explanation"
}

start_ui --ns ns1
wait_screen 'ns1'
keys v
wait_screen '\[graph\]'

# --- the form: choices, then refusals ---
keys e
wait_screen 'explain: can ns1 reach'
wait_screen 'Left/Right picks \(0 of 5\)'
golden explain-form
pick 192.168.10.3
wait_screen 'Left/Right picks \([1-5] of 5\)'
screen | grep -q 'ns2:vethD  192\.168\.10\.3' || fail "ns2's address is not among the choices"
! screen | grep -q 'ns1:vethB' || fail "the source's own address is offered as a destination"
keys Tab
fill tcp 70000
keys Enter
wait_screen "port is 1 to 65535, not '70000'"
no_pane
keys BTab
fill icmp 80
keys Enter
wait_screen 'icmp has no port'
no_pane
keys BTab BTab
fill 192.168.10.300
keys Enter
wait_screen "'192\.168\.10\.300' is not an IPv4 or IPv6 address"
golden explain-form-error
no_pane
keys Escape
wait_screen 'cancelled, nothing changed'
no_pane

# --- reachable: ns1 -> ns2 across the bridge in "/" ---
pings ns1 192.168.10.3 || fail "the kernel does not let ns1 ping ns2: the lab is wrong"
keys e
pick 192.168.10.3
keys Enter
wait_screen 'explanation: reachable'
wait_screen 'reachable: ns1 → 192\.168\.10\.3 icmp'
wait_screen '✓ 1 ns1 \[- → vethB\]'
golden explain-reachable
# the path: ns1's, "/"'s (the bridge) and ns2's boxes, the two veth lines; ns3 and myns not
screen | grep -q '┏━ ns2 (named)' || fail "ns2's box is not highlighted"
screen | grep -q '┏━ / (self)' || fail "the bridge's namespace is not highlighted"
screen | grep -q '┌─ ns3 (named)' || fail "ns3 is highlighted though the path does not cross it"
! screen | grep -q '╔' || fail "a reachable path shows a failing box"
# P: the same question confirmed by a real packet, traced in each namespace on the way
keys P
wait_screen 'explanation: reachable'
keys G # the probe's lines come after the prediction's
wait_screen 'probe: [0-9]+ sent, 1 answered'
wait_screen 'probe: agrees with the prediction'
# scrolling: G brought the last lines into view and took the first away; g brings them back
! screen | grep -q 'reachable: ns1 → 192' || fail "G did not scroll the pane"
keys g
wait_screen 'reachable: ns1 → 192\.168\.10\.3 icmp'
for n in ns1 ns2; do
	! ip netns exec "$n" nft list tables | grep -q nstop_trace || fail "P left its trace table in $n"
done
! nft list tables | grep -q nstop_trace || fail "P left its trace table in /"

# --- not reachable: ns1 -> myns, forwarding off in "/" ---
! pings ns1 7.7.7.7 || fail "the kernel lets ns1 ping 7.7.7.7: the lab is wrong"
keys Escape
wait_gone 'explanation:'
! screen | grep -qE '┏|╔' || fail "the highlight outlived the pane"
keys e
pick 7.7.7.7
keys Enter
wait_screen 'explanation: NOT reachable'
wait_screen 'fix: sysctl -w net.ipv4.ip_forward=1'
wait_screen '✗ 2 / \[mybridge → -\]'
golden explain-unreachable
screen | grep -q '╔═ / (self)' || fail "the failing hop's box is not drawn as failing"
screen | grep -q '┏━ ns1 (named)' || fail "the source's box is not on the path"
wait_screen 'shown by: ip route get 7\.7\.7\.7 from 192\.168\.10\.2 iif mybridge'
# with the fix it names, the request is forwarded; whatever the kernel then
# does with the ping (myns answers on-link by vethZ, where nobody answers ARP
# for 192.168.10.2), the pane must say the same
sysctl -qw net.ipv4.ip_forward=1
keys Escape
keys e
pick 7.7.7.7
keys Enter
if pings ns1 7.7.7.7; then
	wait_screen 'explanation: reachable'
else
	wait_screen 'explanation: NOT reachable'
	wait_screen '✓ 2 / \[mybridge → vethY\]'
	wait_screen 'reason: no answer to ARP for 192\.168\.10\.2'
	wait_screen '╔═ myns \(named\)' # the reply fails there: its box is the failing one
fi
golden explain-after-fix
sysctl -qw net.ipv4.ip_forward=0

# --- tcp to a port nothing listens on: refused, as connect is ---
! ip netns exec ns1 "$probe" tcp-send 192.168.10.3 8080 x 2>/dev/null || fail "something listens on ns2:8080"
keys Escape
keys e
pick 192.168.10.3
keys Tab
fill tcp 8080
keys Enter
wait_screen 'explanation: NOT reachable'
wait_screen 'NOT reachable: ns1 → 192\.168\.10\.3 tcp port 8080'
wait_screen 'refused|nothing listens|no socket'
keys q
wait_gone 'explanation:'

# --- R: the matrix; every cell it states is checked with a real ping ---
keys R
wait_screen 'reachability \(icmp\): 5 namespaces, 6 addresses'
golden_raw explain-matrix
# screen lines: 2 the title, 4 the namespaces, 5 their addresses, 6-10 the sources' rows
mapfile -t grid < <(raw | sed -n '6,10p')
read -ra addrs <<<"$(raw | sed -n '5p')"
[[ ${#addrs[@]} == 6 ]] || fail "the matrix header shows ${#addrs[@]} addresses, not 6: ${addrs[*]}"
checked=0
for line in "${grid[@]:0:5}"; do
	read -ra cell <<<"$line"
	src=${cell[0]}
	[[ ${#cell[@]} == 7 ]] || fail "row '$line' does not have 6 cells"
	for i in $(seq 0 5); do
		m=${cell[$((i + 1))]}
		[[ $m == · ]] && continue
		if [[ $src == / ]]; then "$probe" icmp-echo "${addrs[$i]}" 1 >/dev/null 2>&1 && k=✓ || k=✗
		else pings "$src" "${addrs[$i]}" && k=✓ || k=✗; fi
		[[ $m == "$k" ]] || fail "the matrix says $src -> ${addrs[$i]} is $m, the kernel's ping says $k"
		checked=$((checked + 1))
	done
done
[[ $checked == 24 ]] || fail "checked $checked cells against the kernel, not 24"
# Enter on ns1's cell for myns's 7.7.7.7: the same explanation as `e` gives
keys j j
wait_screen '^ns1 → 7\.7\.7\.7 \(myns\): NOT reachable: in /: forwarding is off'
keys Enter
wait_screen 'explanation: NOT reachable'
wait_screen 'NOT reachable: ns1 → 7\.7\.7\.7 icmp'
golden_raw explain-matrix-enter
keys Escape
wait_gone 'explanation:'
keys R
wait_gone 'reachability \(icmp\)'
quit_ui

# --- ASCII: the same path in = H # and the failing box in x X ---
start_ui --ns ns1 --ascii
wait_screen 'ns1'
keys v e
pick 7.7.7.7
keys Enter
wait_screen 'explanation: NOT reachable'
golden explain-ascii
screen | grep -qE '^#= ns1 \(named\) =+#' || fail "ASCII: the path's boxes are not drawn with = and #"
screen | grep -qE 'X[x]+ / \(self\) x+X' || fail "ASCII: the failing box is not drawn with x"
keys Escape
wait_gone 'explanation:'
quit_ui
echo "explain_tui: ok"
