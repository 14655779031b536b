#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Counters for what is on screen (issue 16): with 120 bridges in '/', a screen
# shows a few of them, and those are sampled one by one (RTM_GETSTATS per
# ifindex) instead of by a dump of all 120. The rates must still be true:
# traffic on a link on screen shows in its row (RX pkt/s); the links scrolled to get
# counters of their own (a number, not "-") once on screen; and the
# timing file says which way each sample went.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

no_ipv6 /
add_netns t
ip link add hv type veth peer name eth0 netns t
ip addr add 10.77.0.1/24 dev hv
ip link set hv up
ip -n t addr add 10.77.0.2/24 dev eth0
ip -n t link set eth0 up
for ((i = 0; i < 120; i++)); do printf 'link add d%03d type bridge\nlink set d%03d up\n' "$i" "$i"; done | ip -batch -

timing=/run/nstop-stats.timing
UI_ENV="NSTOP_TIMING=$timing" start_ui
wait_screen '^▾ /' 5
# raw rows, rates unmasked: NAME ... RX TX (the last columns)
row() { tmux capture-pane -p -t t | grep -E "^[ │├└─]*$1 " | head -n1; }
# traffic from t to hv, ~100 UDP datagrams a second for the rest of the test (bash's /dev/udp: no ping needed)
ip netns exec t bash -c 'while :; do echo x >/dev/udp/10.77.0.1/9 || true; sleep 0.01; done' 2>/dev/null &
pinger=$!
trap 'kill $pinger 2>/dev/null || true; tmux kill-server >/dev/null 2>&1 || true' EXIT
# RX pkt/s, the last column but one: at least 10 (or in thousands)
rx_pps() { local f; read -ra f <<<"$(row "$1")"; ((${#f[@]} > 2)) && echo "${f[-2]}"; }
ok=
for ((k = 0; k < 60; k++)); do
	p=$(rx_pps hv || true)
	if [[ $p =~ ^[0-9]+$ && $p -ge 10 || $p =~ ^[0-9.]+k$ ]]; then ok=1; break; fi
	sleep 0.1
done
[[ -n $ok ]] || { screen >&2; fail "hv's row never showed its traffic's rate: '$(row hv)'"; }
echo "ok: hv shows its traffic: $(row hv | tr -s ' ')"
grep -Eq '^stats ns=[0-9]+ one_by_one=[0-9]+ of 12[0-9]$' "$timing" ||
	{ tail -5 "$timing" >&2; fail "the sample of '/' was not asked link by link"; }
echo "ok: $(grep -m1 '^stats ' "$timing")"
# the bottom of the list: rows never on screen before get numbers within a few samples
tmux send-keys -t t G
wait_screen 'd119 ' 3
for ((k = 0; k < 50; k++)); do
	r=$(row d118)
	[[ -n $r && ! $r =~ -[[:space:]]*$ ]] && break
	sleep 0.1
done
r=$(row d118)
[[ -n $r && ! $r =~ -[[:space:]]*$ ]] || { screen >&2; fail "d118's row has no counters after it came on screen: '$r'"; }
echo "ok: after G, d118 has rates of its own: $(echo "$r" | tr -s ' ')"
quit_ui
