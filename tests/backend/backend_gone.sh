#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Edits act on what was validated: with nstop's model and namespace fds held
# (be_edit_probe, BE_EDIT_BEFORE_APPLY), the namespace an edit names is
# deleted, replaced by another of the same name, or left by its processes
# right before the apply. The edit must fail saying "NAME: namespace is gone
# (...)" and change nothing: a link moved into a deleted namespace through
# nstop's fd died (with its peer) once nstop let go, while the log said ok.
set -euo pipefail
probe=${BE_EDIT:?BE_EDIT must point at be_edit_probe}
fail() { echo "FAIL: $*" >&2; exit 1; }
checks=0

# gone WHAT-GONE HOOK KIND args...: the probe fails (exit 4) with "failed: WHAT-GONE"
gone()
{
	local want=$1 hook=$2 out rc=0
	shift 2
	out=$(BE_EDIT_BEFORE_APPLY=$hook "$probe" "$@" 2>&1) || rc=$?
	[[ $rc -eq 4 ]] || fail "be_edit_probe $* with '$hook' first: expected failure (exit 4), got $rc: $out"
	[[ $(tail -n1 <<<"$out") == "failed: $want"* ]] || fail "be_edit_probe $*: expected 'failed: $want', got: $out"
	checks=$((checks + 1))
}
# still_there NS LINK: the link is in NS, after the probe (and its fds) are gone
still_there()
{
	local ns=$1 l=$2
	if [[ $ns == / ]]; then ip link show "$l" >/dev/null 2>&1; else ip -n "$ns" link show "$l" >/dev/null 2>&1; fi ||
		fail "$l is no longer in $ns: $(ip -br link)"
	checks=$((checks + 1))
}

ip link add vm1 type veth peer name vm2
ip link set vm1 up

# the defect: M into a namespace deleted a moment before
ip netns add t1
gone "t1: namespace is gone (deleted since it was shown)" "ip netns del t1" link-move ns=/ name=vm1 peer_ns=t1
sleep 0.2 # an open fd or socket of the probe's would have kept t1 (and vm1 in it) alive until now
still_there / vm1
still_there / vm2

# the name now belongs to another namespace: nothing goes into that one either
ip netns add t2
gone "t2: namespace is gone (deleted since it was shown; /run/netns/t2 is another namespace now)" \
	"ip netns del t2 && ip netns add t2" link-move ns=/ name=vm1 peer_ns=t2
still_there / vm1
! ip -n t2 -br link show | grep -qv '^lo ' || fail "t2 got a link: $(ip -n t2 -br link)"
# nor is the new one deleted by a delete of the old
gone "t2: namespace is gone" "ip netns del t2 && ip netns add t2" ns-del ns=t2
[[ -e /run/netns/t2 ]] || fail "ns-del deleted the namespace that took t2's name"
checks=$((checks + 1))

# edits inside a deleted namespace, and a veth whose peer would go into one
ip netns add t3
ip -n t3 link add v3 type veth peer name v3p
gone "t3: namespace is gone (deleted since it was shown)" "ip netns del t3" addr-add ns=t3 name=v3 addr=10.3.0.1/24
ip netns add t4
gone "t4: namespace is gone (deleted since it was shown)" "ip netns del t4" veth-add name=w1 ns=/ peer=w2 peer_ns=t4
! ip link show w1 >/dev/null 2>&1 || fail "w1 was made although its peer's namespace was gone"
ip netns add t5
gone "t5: namespace is gone (deleted since it was shown)" "ip netns del t5" nat-forward ns=t5 proto=tcp port=80 to=10.0.0.2
ip netns add t6
gone "t6: namespace is gone (deleted since it was shown)" "ip netns del t6" bridge-add name=b6 ns=t6

# a namespace held only by a process that exits
unshare --net sleep 600 &
pid=$!
sleep 0.3
gone "pid:$pid: namespace is gone (its processes left it since it was shown)" "kill -9 $pid; sleep 0.2" \
	link-move ns=/ name=vm1 peer_ns="pid:$pid"
wait "$pid" 2>/dev/null || true
sleep 0.2
still_there / vm1
still_there / vm2

# and a namespace that is still there takes the same edit
ip netns add t7
out=$("$probe" link-move ns=/ name=vm1 peer_ns=t7 2>&1) || fail "move into a live namespace: $out"
still_there t7 vm1
echo "backend gone ok: $checks checks"
