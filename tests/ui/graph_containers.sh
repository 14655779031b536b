#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The graph of a container host in a 120x40 terminal: twelve namespaces
# mounted where Docker mounts them (/run/docker/netns/<12 hex>, the sandbox's
# own /run), each with a veth to docker0 in the main namespace. Box titles are
# the mount paths cut in the middle (both ends kept, the kind word left out
# when it does not fit); stepping the selection with j scrolls every box into
# view, whole; the first and last screens match golden files.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
command -v nsenter >/dev/null 2>&1 || skip "nsenter (util-linux) is not installed"
command -v unshare >/dev/null 2>&1 || skip "unshare (util-linux) is not installed"

N=12
no_ipv6 /
ip link add docker0 address 02:42:00:00:00:01 type bridge
ip addr add 172.17.0.1/16 dev docker0
ip link set docker0 up
mkdir -p /run/docker/netns
ids=()
for i in $(seq 1 $N); do
	id=$(printf '%012x' $(((0x86420b3ab6fc * i) & 0xffffffffffff)))
	ids+=("$id")
	path=/run/docker/netns/$id
	touch "$path"
	unshare --net="$path" true # a namespace held by its mount alone, as dockerd leaves it
	nsenter --net="$path" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	nsenter --net="$path" ip link set lo up
	host=$(printf 'veth%07x' $((0xb7dc8c1 + (i - 1) * 77)))
	ip link add "$host" address "$(printf '02:42:00:00:01:%02x' "$i")" type veth peer name eth0 \
		address "$(printf '02:42:ac:11:00:%02x' $((i + 1)))" netns "$path"
	ip link set "$host" master docker0 up
	nsenter --net="$path" ip addr add "172.17.0.$((i + 1))/16" dev eth0
	nsenter --net="$path" ip link set eth0 up
done
[[ $(findmnt -n -t nsfs -o TARGET | grep -c '^/run/docker/netns/') == "$N" ]] || fail "expected $N nsfs mounts"

rm -f "$UI_RC"
tmux -u -f /dev/null new-session -d -s t -x 120 -y 40 "${UI_ENV:-} $NSTOP; echo \$? >$UI_RC; sleep 600"
wait_screen "$((N + 1)) namespaces" 5
wait_screen "veth pairs" 5
keys v
wait_screen '\[graph\]'
# the selection starts on "/": the first screen
golden graph-containers-top

# titles: the middle of the path cut, the container id whole, no half "(mount)"
body | grep -q "(mou" && fail "a title shows a cut kind word"
body | grep -qF "┌─ /run/docker…${ids[0]} ─┐" || {
	screen >&2
	fail "the first container's title is not the cut mount path"
}

# every object once with j (51: "/", lo, docker0, 12 ports; 12 boxes of title, lo, eth0),
# collecting the box titles seen with their whole box under them
declare -A seen_title seen_whole
for step in $(seq 1 60); do
	s=$(body)
	for id in "${ids[@]}"; do
		if grep -qF "┌─ /run/docker…$id ─┐" <<<"$s"; then
			seen_title[$id]=1
			# the whole box: title, lo, eth0 and the bottom border on the rows that follow
			if awk -v id="$id" '
				index($0, "/run/docker…" id) { t = NR; col = index($0, "┌─ /run/docker…" id) }
				t && NR == t + 1 && index($0, "lo loopback 127.0.0.1/8") { lo = 1 }
				t && NR == t + 2 && index($0, "eth0 veth 172.17.0.") { e = 1 }
				t && NR == t + 3 && index($0, "└──") { b = 1 }
				END { exit !(lo && e && b) }' <<<"$s"; then
				seen_whole[$id]=1
			fi
		fi
	done
	keys j
	[[ $step -gt 52 ]] && break
done
for id in "${ids[@]}"; do
	[[ -n ${seen_title[$id]:-} ]] || fail "box /run/docker/netns/$id never came into view"
	[[ -n ${seen_whole[$id]:-} ]] || fail "box /run/docker/netns/$id was never seen whole"
done
# at the last object: the last container whole on screen, with the line that reaches it
golden graph-containers-end
body | grep -qF "┌─ /run/docker…${ids[N - 1]} ─┐" || fail "the last box is not on the last screen"

# and back to the first with g: the top again
keys g
golden graph-containers-top
quit_ui
echo "ok: $N mounted container namespaces in the graph, each reached by scrolling"
