#!/bin/bash
# SPDX-License-Identifier: MIT
# Only the kernel speaks (issue: security 1). An unprivileged user (uid 65534)
# makes a user+net namespace and, from inside it, tests/tools/nl_attacker
# floods every netlink socket nstop opens there with crafted rtnl and
# nfnetlink messages (fake links/addresses/routes/rules named evil* or
# 10.66.x.x, truncated attributes, fake DONE/ERROR/DUMP_INTR, oversized
# lengths) and multicasts to the rtnl and nf_tables groups, while
# `nstop --monitor` and then `nstop --json` run. nstop must stay alive, print
# nothing the attacker invented, report the real change made meanwhile, and
# count what it dropped. Runs inside tests/sandbox.sh; needs NSTOP and ATTACKER.
set -u
: "${ATTACKER:?set ATTACKER to tests/tools/nl_attacker}"
# shellcheck source=../netns/lib.sh
source "$(dirname "$0")/../netns/lib.sh"

command -v setpriv >/dev/null || { echo "SKIP: setpriv (util-linux) is not installed" >&2; exit 77; }

# The attacker's files must be reachable by uid 65534.
PUB=$(mktemp -d /run/nstop-attack.XXXXXX)
chmod 755 "$PUB"
cp "$ATTACKER" "$PUB/nl_attacker"
chmod 755 "$PUB/nl_attacker"
touch "$PUB/attacker.out"
chown 65534:65534 "$PUB/attacker.out"

MON_OUT=$TESTDIR/monitor.out
MON_ERR=$TESTDIR/monitor.err
"$NSTOP" --monitor >"$MON_OUT" 2>"$MON_ERR" &
MON=$!

cleanup()
{
	kill "$MON" "${HOSTILE:-}" 2>/dev/null
	wait 2>/dev/null
}
trap cleanup EXIT

# The hostile namespace: held by a sleeping process (nstop finds it in /proc as
# a process-held namespace) and the attacker, both uid 65534 outside it.
# shellcheck disable=SC2016 # expanded by the shell inside the namespace
setpriv --reuid=65534 --regid=65534 --clear-groups unshare -rn sh -c '
	ip link set lo up
	sleep 600 &
	exec "$0" 40 >"$1"' "$PUB/nl_attacker" "$PUB/attacker.out" &
HOSTILE=$! # the attacker itself, after setpriv, unshare and sh exec it

# Wait until the attacker has found nstop --monitor's sockets there, then give it time.
for _ in $(seq 150); do
	[[ $(grep -c '^target' "$PUB/attacker.out") -ge 2 ]] && break
	sleep 0.1
done
[[ $(grep -c '^target' "$PUB/attacker.out") -ge 2 ]] || fail "the attacker found no nstop socket: $(cat "$PUB/attacker.out")"
sleep 2
kill -0 "$MON" 2>/dev/null || fail "nstop --monitor died under attack (exit $(wait "$MON"; echo $?)): $(cat "$MON_ERR")"
grep -q 'netlink messages dropped' "$MON_ERR" || fail "nstop --monitor does not report dropped messages"

# A real change during the attack must still be reported.
ip link add realveth0 type veth peer name realveth1
for _ in $(seq 50); do
	grep -q 'realveth0' "$MON_OUT" && break
	sleep 0.1
done
grep -q 'realveth0' "$MON_OUT" || fail "the real veth made during the attack was not reported: $(cat "$MON_OUT")"

# nstop --json under the same attack, again and again.
json_dropped=0
for run in $(seq 20); do
	json_reset
	json_run
	if json | grep -Eq 'evil|10\.66\.'; then
		fail "nstop --json run $run shows an object the attacker invented"
	fi
	json_dropped=$((json_dropped + $(json | jq '.dropped_messages')))
	jq_eq '.namespaces[] | select(.userns != null) | .owner_uid' 65534
	jq_eq '[.namespaces[] | select(.userns != null)] | length' 1
	jq_eq '.namespaces[] | select(.name == "/") | [.owner_uid, .userns]' '[0,null]'
done
# The hostile namespace is the attacker's (its sleeper's pid labels it).
jq_eq '.namespaces[] | select(.userns != null) | .kind' process
jq_eq '.namespaces[] | select(.userns != null) | .stale' false

# The monitor has been under attack all along: still alive, then stopped cleanly.
sleep 2
kill -0 "$MON" 2>/dev/null || fail "nstop --monitor died under attack: $(cat "$MON_ERR")"
kill -TERM "$MON"
rc=0
wait "$MON" || rc=$?
[[ $rc -eq 0 ]] || fail "nstop --monitor exited $rc after the attack: $(cat "$MON_ERR")"
if grep -Eq 'evil|10\.66\.' "$MON_OUT"; then
	fail "nstop --monitor printed an object the attacker invented: $(grep -E 'evil|10\.66\.' "$MON_OUT" | head -5)"
fi
mon_dropped=$(sed -n 's/^nstop: \([0-9]*\) netlink messages dropped.*/\1/p' "$MON_ERR" | tail -1)
[[ -n "$mon_dropped" && "$mon_dropped" -gt 0 ]] || fail "no final dropped count from nstop --monitor: $(cat "$MON_ERR")"

kill -TERM "$HOSTILE" 2>/dev/null
wait "$HOSTILE" 2>/dev/null
sent=$(sed -n 's/^sent \([0-9]*\) messages.*/\1/p' "$PUB/attacker.out")
echo "attack: attacker: $(grep -c '^target' "$PUB/attacker.out") sockets attacked, $(tail -1 "$PUB/attacker.out")"
echo "attack: nstop --monitor dropped $mon_dropped messages; nstop --json dropped $json_dropped over 20 runs"
[[ -n "$sent" && "$sent" -gt 0 ]] || fail "the attacker sent nothing (is the namespace made?)"
# Every drop nstop counts is a message that really arrived: never more than were sent.
[[ $((mon_dropped + json_dropped)) -le $sent ]] || fail "nstop counted more drops than the attacker sent"
rm -rf "$PUB"
echo "ok: nstop survived the attack and printed nothing invented"
