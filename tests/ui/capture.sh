#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Packet panes in the real binary: `p` on both ends of a veth pair opens two
# panes side by side and TCP traffic between the namespaces shows in both;
# then detail view, filter (and a bad one), pause, save as pcap, closing one
# pane leaves the other, and deleting the link ends its capture with a
# message. Traffic only between the sandbox's namespaces.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
probe=${NETPROBE:?NETPROBE must point at tests/tools/netprobe}

add_netns ns1
add_netns ns2
ip link add vethB address 02:00:00:00:02:01 netns ns1 type veth peer name vethD address 02:00:00:00:02:02 netns ns2
ip -n ns1 addr add 192.168.10.2/24 dev vethB
ip -n ns2 addr add 192.168.10.3/24 dev vethD
ip -n ns1 link set vethB up
ip -n ns2 link set vethD up

# send TEXT: one TCP connection ns1 -> ns2:9999 carrying TEXT
send()
{
	local out=/run/listen.out i
	: >"$out" # not only by the child's redirection (after the fork): the last listener's "ready" is gone
	ip netns exec ns2 "$probe" tcp-listen 192.168.10.3 9999 >"$out" 2>&1 &
	# up to 10 s: a loaded 2-core machine can take seconds to start a process
	for i in $(seq 500); do grep -q ready "$out" 2>/dev/null && break; sleep 0.02; done
	grep -q ready "$out" || fail "listener in ns2 not ready after 10 s: $(cat "$out")"
	ip netns exec ns1 "$probe" tcp-send 192.168.10.3 9999 "$1" || fail "tcp-send failed"
	wait
}
select_link() { keys / ; tmux send-keys -t t -l "$1"; keys Enter; keys g j; keys Escape; }
# type TEXT into the open prompt (after clearing it) and press Enter
answer() { tmux send-keys -t t C-u; tmux send-keys -t t -l "$1"; keys Enter; }
# rows of the bottom pane area (titles and packets), without the status line
pane_rows() { screen | sed -n '/ @ ns[12] | /,$p' | head -n -2; }

start_ui
wait_screen '^▾ ns1'
select_link vethB
keys p
wait_screen ' vethB @ ns1 \| 0 captured, 0 dropped \| no filter'
keys Tab # the pane had the focus; back to the main view
select_link vethD
keys p
wait_screen ' vethB @ ns1 \| [0-9]+ captured.* vethD @ ns2 \| 0 captured, 0 dropped \| no filter'

send hello-panes
# both ends, side by side on the same rows: the ARP reply and the TCP packets
# each pane is 50 columns: the MAC may be cut, and a cut is marked (…)
wait_screen 'ARP, Reply 192\.168\.10\.3 is-at 0.*ARP, Reply 192\.168\.10\.3 is-at 0' 3
wait_screen 'IP 192\.168\.10\.2\.[0-9]+ > 192\.168.*IP 192\.168\.10\.2\.[0-9]+ > 192\.168'
wait_screen 'vethB @ ns1 \| 1[0-9] captured, 0 dropped \| no filter .*vethD @ ns2 \| 1[0-9] captured, 0 dropped \| no filter' 3

# g: back to the oldest packet, the ARP request that started it
keys g
wait_screen 'ARP, Request who-has 192\.168\.10'
keys G
# the focused pane (vethD) scrolls sideways to the TCP flags
keys l l l l l l
wait_screen 'Flags \[S\]'
keys h h h h h h

# Enter: the newest packet's fields and hex; Esc back
keys Enter
wait_screen '#[0-9]+  [0-9:.]+  [0-9]+ of [0-9]+ bytes'
wait_screen 'Destination +02:00:00:00:02:0[12]'
keys G # the end of the detail: the hex rows
wait_screen '  0000  02 00 00 00 02 0[12] 02 00 00 00'
keys Escape
wait_gone 'Destination +02:'

# filter udp on vethD, cleared: new TCP traffic shows only on vethB
keys F
wait_screen 'filter \(tcpdump syntax, empty: all\):'
answer udp
wait_screen 'vethD @ ns2 \| [0-9]+ captured, 0 dropped \| filter: u'
keys c
wait_screen 'waiting for packets'
before=$(pane_rows | grep -c 'IP 192' || true)
send after-filter
sleep 0.5
pane_rows | grep -q 'waiting for packets' || fail "TCP packets shown on vethD despite 'udp'"
# a bad filter is refused with pcap's message; the old one stays
keys F
answer 'port ('
wait_screen "bad filter 'port \(': .*syntax error"
wait_screen 'vethD @ ns2 \| [0-9]+ captured, 0 dropped \| filter: u'

# pause vethB: the capture goes on (seen grows), the lines hold still
keys Tab Tab # main view, then the first pane
keys ' '
wait_screen 'vethB @ ns1 \[PAUSED\]'
seen_b() { screen | sed -nE 's/.*vethB @ ns1 \[PAUSED\] \| ([0-9]+) captured.*/\1/p'; }
held=$(pane_rows | cut -c1-50)
seen0=$(seen_b)
send while-paused
sleep 1.3 # a stats tick
[[ "$(pane_rows | cut -c1-50 | grep -v '@ ns1')" == "$(grep -v '@ ns1' <<<"$held")" ]] || fail "a paused pane changed"
(($(seen_b) > seen0)) || fail "the capture stopped while paused (seen $seen0 -> $(seen_b))"
keys ' '
wait_gone 'PAUSED'

# save what vethB holds; tcpdump reads the same number of packets back
keys w
wait_screen 'save as pcap file: /tmp/nstop-vethB\.pcap'
answer /run/vethB.pcap
wait_screen 'packets: [0-9]+ saved to /run/vethB\.pcap'
saved=$(screen | sed -nE 's/.*packets: ([0-9]+) saved to .*/\1/p')
command -v tcpdump >/dev/null || fail "tcpdump is needed to read the saved file back (scripts/deps.sh --test)"
[[ $(tcpdump -r /run/vethB.pcap -n 2>/dev/null | wc -l) == "$saved" ]] || fail "tcpdump does not read $saved packets back"
keys w
answer /run/vethB.pcap
wait_screen 'exists \(nstop does not overwrite files\)'

# close vethB's pane: vethD's stays
keys x
wait_gone ' vethB @ ns1 '
wait_screen ' vethD @ ns2 \| [0-9]+ captured, 0 dropped \| filter: u'

# the link goes away: its capture ends with a message, nothing hangs
ip -n ns2 link del vethD
wait_screen 'vethD @ ns2 \[ENDED: (the interface is gone|The interface disappeared)' 3
keys x
# ... and so does its namespace (our packet socket alone keeps it alive)
add_netns ns4
ip link add vethG netns ns4 type veth peer name vethH netns ns1
ip -n ns4 link set vethG up
keys / ; tmux send-keys -t t -l vethG; keys Enter; keys G; keys Escape # the last row: ns4's vethG
keys p
wait_screen ' vethG @ ns4 \| 0 captured'
ip netns del ns4
wait_screen 'vethG @ ns4 \[ENDED: its namespace is gone' 3
quit_ui

# --capture without a terminal: its namespace deleted under it (our packet
# socket keeps the namespace alive, so pcap alone would wait forever)
add_netns ns3
ip link add vethE netns ns3 type veth peer name vethF netns ns1
ip -n ns3 link set vethE up
"$NSTOP" --ns ns3 --capture vethE >/run/cap3.out 2>/run/cap3.err &
cap=$!
for i in $(seq 100); do grep -q listening /run/cap3.err 2>/dev/null && break; sleep 0.02; done
t0=${EPOCHREALTIME/./}
ip netns del ns3
rc=0
wait $cap || rc=$?
ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
[[ $rc == 1 ]] || fail "--capture exited with $rc when its namespace went away: $(cat /run/cap3.err)"
grep -q 'capture ended: its namespace is gone' /run/cap3.err || fail "no reason given: $(cat /run/cap3.err)"
echo "--capture ended ${ms} ms after its namespace was deleted"
echo "capture panes ok (before filter: $before TCP rows; saved $saved)"
