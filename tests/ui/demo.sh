#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `nstop --demo` in tmux (issue 15): the seed's namespaces, bridge and veth
# pairs on screen with the hint, non-zero rates within a few seconds, the p
# pane on vethB showing the demo's packets; nothing of it visible from the
# namespace it was started in while it runs; and after q, and after SIGKILL
# of the first process or of the worker, nothing left there (links,
# /run/netns, nft, network namespaces, processes). No golden file: the
# neighbour and NAT counters on screen move with the traffic; the lines
# that matter are checked one by one.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

for tool in nft ps; do command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"; done
. "$(dirname "$0")/../demo_state.sh"

# the outside nstop (its parent is the tmux pane's shell), the sandbox's pid 1, the worker
pids()
{
	local i
	for i in $(seq 50); do
		# pid ppid comm of every process; the outside nstop is the one whose parent is not nstop
		outside=$(ps -e -o pid=,ppid=,comm= | awk '$3 == "nstop" { nstop[$1] = $2 }
			END { for (p in nstop) if (!(nstop[p] in nstop)) print p }')
		init=$([[ -n $outside ]] && ps -o pid= --ppid "$outside" | tr -d ' ' || true)
		worker=$([[ -n $init ]] && ps -o pid= --ppid "$init" | tr -d ' ' || true)
		[[ -n $worker ]] && return 0
		sleep 0.1
	done
	fail "--demo does not run as three processes"
}

# rates NAME: the four rate columns of NAME's tree row
rates()
{
	tmux capture-pane -p -t t | awk -v n="$1" '$0 ~ "─ " n " " { print $(NF-3), $(NF-2), $(NF-1), $NF; exit }'
}

start_ui --demo
wait_screen '^demo: p on vethB shows its packets, e explains a path, a adds, \? keys, q quits' 5
for want in '▾ /  self' '├─ mybridge' 'vethA ⇄ ns1:vethB' 'vethC ⇄ ns2:vethD' 'vethE ⇄ ns3:vethF' 'vethY ⇄ myns:vethZ' \
	'eno1 ⇄ lan:eth0' '▾ lan  named' '▾ myns  named' '▾ ns1  named' 'masquerade from 192.168.10.0/24' 'dnat → ns2:vethD'; do
	wait_screen "$want" 5
done
# rates: within a few seconds vethA (ns1's traffic) and eno1 (the LAN's) are not all zero
for link in vethA eno1; do
	for i in $(seq 50); do
		r=$(rates "$link")
		[[ -n $r && $r != "0 0 0 0" && $r =~ [1-9] ]] && break
		sleep 0.1
	done
	[[ $r =~ [1-9] ]] || { tmux capture-pane -p -t t >&2; fail "no traffic on $link after 5 s (rates: '$r')"; }
	echo "ok: $link rates $r"
done
# while it runs, none of it is here
[[ -z $(ls -A /run/netns) ]] || fail "the demo's namespaces show in /run/netns here"
ip link show mybridge >/dev/null 2>&1 && fail "the demo's bridge shows here"
[[ -z $(nft list ruleset) ]] || fail "the demo's NAT shows here"
# p on vethB: its pane shows the demo's echo requests
keys /
tmux send-keys -t t -l vethB
keys Enter
keys g j
keys Escape
keys p
wait_screen 'ICMP echo (request|reply)' 5
echo "ok: p on vethB shows the demo's packets"
quit_ui
nothing_left "--demo, q"
echo "ok: after q nothing is left"

# SIGTERM to the first process reaches the worker, which ends the TUI cleanly (status 0)
start_ui --demo
wait_screen 'vethA ⇄ ns1:vethB' 5
pids
kill -TERM "$outside"
for _ in $(seq 50); do [[ -s $UI_RC ]] && break; sleep 0.1; done
[[ $(cat "$UI_RC" 2>/dev/null) == 0 ]] || fail "SIGTERM to the first process: exit status '$(cat "$UI_RC" 2>/dev/null)', not 0"
tmux kill-session -t t >/dev/null 2>&1 || true
nothing_left "--demo, SIGTERM"
echo "ok: SIGTERM to the first process ends the TUI with 0, nothing left"

for victim in outside worker; do
	start_ui --demo
	wait_screen 'vethA ⇄ ns1:vethB' 5
	pids
	case $victim in
	outside) kill -KILL "$outside" ;;
	worker) kill -KILL "$worker" ;;
	esac
	nothing_left "--demo, SIGKILL of the $victim process"
	tmux kill-session -t t >/dev/null 2>&1 || true
	echo "ok: after SIGKILL of the $victim process nothing is left"
done
