#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Firewall node: a Docker-like ruleset made with iptables-nft (nat
# PREROUTING/OUTPUT -> DOCKER with a DNAT, filter FORWARD policy drop with
# DOCKER-USER and DOCKER-ISOLATION jumps) and an inet table with every verdict.
# Golden screens of the node closed and open, a hook with two base chains in
# priority order across tables, a jump opened, a rule's details with its delete
# command; a delete of Docker's DNAT by keys (the owner named; n keeps it, y
# deletes it: nft -a list ruleset says so); hostile chain names shown escaped,
# and the delete command the details print, run by sh, deleting exactly its rule.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
for _tool in iptables nft jq; do
	command -v "$_tool" >/dev/null 2>&1 || skip "$_tool is not installed"
done

no_ipv6 /
iptables -t nat -N DOCKER
iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
iptables -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
iptables -t nat -A DOCKER -i docker0 -j RETURN
iptables -t nat -A DOCKER ! -i docker0 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
iptables -P FORWARD DROP
iptables -N DOCKER
iptables -N DOCKER-USER
iptables -N DOCKER-ISOLATION-STAGE-1
iptables -N DOCKER-ISOLATION-STAGE-2
iptables -A FORWARD -j DOCKER-USER
iptables -A FORWARD -j DOCKER-ISOLATION-STAGE-1
iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -A FORWARD -o docker0 -j DOCKER
iptables -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
iptables -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
iptables -A DOCKER-ISOLATION-STAGE-1 -j RETURN
iptables -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
iptables -A DOCKER-ISOLATION-STAGE-2 -j RETURN
iptables -A DOCKER-USER -j RETURN
# every verdict nft 1.0.6 writes here but queue (no nft_queue in this kernel: "No such file or directory")
nft -f - <<'NFT'
table inet lab {
	chain lab_fwd {
		type filter hook forward priority -5; policy accept;
		ip saddr 10.9.0.1 counter accept
		ip saddr 10.9.0.2 counter drop
		tcp dport 23 reject with tcp reset
		udp dport 9 reject with icmpx type admin-prohibited
		ip saddr 10.9.0.4 jump lab_sub
		ip saddr 10.9.0.5 goto lab_sub2
		ip saddr 10.9.0.6 continue
		meta mark 7 return
	}
	chain lab_sub {
		ip daddr 10.9.1.1 counter return
		counter accept comment "lab rule"
	}
	chain lab_sub2 {
		jump lab_sub
		drop
	}
	chain orphan {
		counter accept
	}
}
NFT

start_ui
wait_screen 'Firewall  28 rules, 13 chains, FORWARD policy drop'
golden fw-closed

# / lo Firewall: open it
keys g j j l
wait_screen 'chains  1 not reached from any hook'
golden fw-open

# forward: ip filter FORWARD (prio 0) after inet lab lab_fwd (prio -5)
keys j j l
wait_screen 'ip filter FORWARD  filter prio 0  policy drop  5 rules'
golden fw-hook

# FORWARD's rules, its jumps to DOCKER-USER and DOCKER-ISOLATION-STAGE-1 opened, and STAGE-1's to STAGE-2
# inside that (a rule too long for the row is cut with a mark)
keys j j l j l j j l j l
wait_screen '│ │   │ │ ├─ oifname "docker0" counter packets 0 bytes 0 drop'
golden fw-jump

# h closes an open node, goes up from a closed one: back to FORWARD, closed; then lab_fwd's every verdict
# (the jump to lab_sub opened shows its rule's comment)
keys h h h h h k l j j j j j l
wait_screen 'accept  comment "lab rule"'
golden fw-verdicts

# Docker's DNAT: prerouting > ip nat PREROUTING > jump DOCKER > the DNAT; its details
keys g j j j l j l j l j j Enter
wait_screen 'delete \(d\): nft delete rule ip nat DOCKER handle'
golden fw-rule-details
# the jump to DOCKER (two rows up): its target chain and every rule that jumps there (Tab, j: scrolled)
keys k k Tab j j j j j j Tab
wait_screen 'PREROUTING jump handle [0-9]+: fib daddr type local'
golden fw-jump-details
keys j j
wait_screen 'delete \(d\): nft delete rule ip nat DOCKER handle'

# --- delete Docker's DNAT by keys: the owner named first; n keeps it, y deletes it ---
before=$(nft -a list ruleset)
# every rule as [family, table, chain, handle], sorted
rule_ids() { nft -j -a list ruleset | jq -c '[.nftables[] | select(.rule) | .rule | [.family, .table, .chain, .handle]] | sort'; }
before_ids=$(rule_ids)
handle=$(nft -j -a list chain ip nat DOCKER | jq '[.nftables[] | select(.rule) | .rule | select(.expr | tostring | test("DNAT|dnat"))][0].handle')
[[ $handle =~ ^[0-9]+$ ]] || fail "no DNAT rule in ip nat DOCKER to delete: $handle"
keys d
wait_screen "^this rule belongs to Docker's chain DOCKER; Docker will put it back\. Delete\? \(y/n\)$"
wait_screen "^d deletes: nft delete rule ip nat DOCKER handle $handle\$"
golden fw-confirm
keys n
wait_screen 'not done, nothing changed'
[[ "$(nft -a list ruleset)" == "$before" ]] || fail "n changed the ruleset"
keys d
wait_screen "Docker will put it back"
keys y
for i in $(seq 100); do
	nft -a list chain ip nat DOCKER | grep -q "# handle $handle\$" || break
	sleep 0.05
done
nft -a list chain ip nat DOCKER | grep -q "# handle $handle\$" && fail "DNAT rule $handle still in the kernel after y"
# exactly that rule: every other rule of every table still there
[[ "$(rule_ids)" == "$(jq -c --argjson h "$handle" '. - [["ip","nat","DOCKER",$h]]' <<<"$before_ids")" ]] ||
	fail "y changed more than rule ip nat DOCKER $handle: $(rule_ids)"
wait_gone 'dnat to 172\.17\.0\.2:80'
wait_screen 'Firewall  27 rules, 13 chains'
# d on a node that is not a rule (the Firewall head) deletes nothing, and never falls through to the namespace
keys g j j d
wait_screen 'delete: select a rule \(nstop deletes rules, not chains or tables\)'
[[ "$(rule_ids)" == "$(jq -c --argjson h "$handle" '. - [["ip","nat","DOCKER",$h]]' <<<"$before_ids")" ]] ||
	fail "d on the Firewall node changed the ruleset"
keys L
wait_screen 'nft delete rule ip nat DOCKER handle'
quit_ui
echo "docker rule deleted by keys; the kernel agrees"

# --- hostile names: a namespace with a quote, chains with $(...), quotes and an escape sequence ---
nft flush ruleset
ns="lab'1"
add_netns "$ns"
esc=$(printf 'e\033[31mx')
hostile=('x$(touch /run/pwned)y' "q\"uo'te" "$esc")
json_str() { jq -Rn --arg s "$1" '$s'; }
cmds='{"nftables":[{"add":{"table":{"family":"ip","name":"hx"}}},
	{"add":{"chain":{"family":"ip","table":"hx","name":"in","type":"filter","hook":"input","prio":0,"policy":"accept"}}}'
for c in "${hostile[@]}"; do
	cmds+=",{\"add\":{\"chain\":{\"family\":\"ip\",\"table\":\"hx\",\"name\":$(json_str "$c")}}}"
	cmds+=",{\"add\":{\"rule\":{\"family\":\"ip\",\"table\":\"hx\",\"chain\":\"in\",\"expr\":[{\"jump\":{\"target\":$(json_str "$c")}}]}}}"
	cmds+=",{\"add\":{\"rule\":{\"family\":\"ip\",\"table\":\"hx\",\"chain\":$(json_str "$c"),\"expr\":[{\"counter\":null},{\"accept\":null}]}}}"
	cmds+=",{\"add\":{\"rule\":{\"family\":\"ip\",\"table\":\"hx\",\"chain\":$(json_str "$c"),\"expr\":[{\"counter\":null},{\"drop\":null}]}}}"
done
ip netns exec "$ns" nft -j -f - <<<"$cmds]}"
# and a bridge table: a rule of a family nstop's NAT never had, deleted by keys below
ip netns exec "$ns" nft add table bridge bx
ip netns exec "$ns" nft add chain bridge bx brfwd '{ type filter hook forward priority 0; policy accept; }'
ip netns exec "$ns" nft add rule bridge bx brfwd counter drop
hrules() { ip netns exec "$ns" nft -j -a list ruleset | jq -c '[.nftables[] | select(.rule) | .rule | [.family, .chain, .handle, (.expr | map(keys[0]) | join(" "))]] | sort'; }
hbefore=$(hrules)
[[ $(jq length <<<"$hbefore") == 10 ]] || fail "hostile ruleset not made: $hbefore"

start_ui
wait_screen "lab'1"
# / lo lab'1 lo Firewall > input > ip hx in > its three jumps, each opened
keys g j j j j l j l j l j l j j j l j j j l
wait_screen 'e\\x1b\[31mx'
golden fw-hostile
# the escape-sequence chain's accept: its path shows the name escaped, the command names it in nft's JSON
keys g j j j j j j j j j j j j j j Enter
wait_screen 'path: input → ip hx in → e\\x1b\[31mx'
golden fw-hostile-details
keys Enter
tmux resize-window -t t -x 250 -y 40
for k in 0 1 2; do
	keys g
	for ((i = 0; i < 8 + 3 * k; i++)); do keys j; done
	keys Enter
	wait_screen '^ delete \(d\): '
	line=$(screen | sed -n 's/^ delete (d): //p' | sed 's/ *$//')
	[[ $line == "ip netns exec 'lab'\\''1' nft -j "* ]] || fail "hostile delete command not as expected: $line"
	printf '%s\n' "$line" >>/run/hostile.cmds
	keys Enter
done
# the bridge rule by keys (after the hooks of IP: g, 16 rows down, open the hook and its chain)
keys g
for ((i = 0; i < 16; i++)); do keys j; done
keys l j l j d
wait_screen "^table bridge bx is not nstop's\\. Delete\\? \\(y/n\\)\$"
keys y
for i in $(seq 100); do
	[[ $(ip netns exec "$ns" nft -j list chain bridge bx brfwd | jq '[.nftables[] | select(.rule)] | length') == 0 ]] && break
	sleep 0.05
done
[[ $(ip netns exec "$ns" nft -j list chain bridge bx brfwd | jq '[.nftables[] | select(.rule)] | length') == 0 ]] ||
	fail "the bridge rule is still there after y"
quit_ui
# each printed command, run by sh, deletes exactly its rule: the accept of its chain, nothing else
while IFS= read -r cmd; do
	sh -c "$cmd" || fail "sh could not run the printed command: $cmd"
done </run/hostile.cmds
[[ ! -e /run/pwned ]] || fail "a chain name ran as a command"
want=$(jq -c 'map(select(.[3] != "counter accept" and .[0] != "bridge"))' <<<"$hbefore")
[[ "$(hrules)" == "$want" ]] || fail "the printed commands and the keys did not delete exactly the three accepts and the bridge rule: $(hrules) (wanted $want)"
echo "hostile names shown escaped; their delete commands delete exactly their rules"
