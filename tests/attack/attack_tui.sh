#!/bin/bash
# SPDX-License-Identifier: MIT
# The attack of attack.sh against the TUI: uid 65534's namespace floods every
# netlink socket nstop opens there while the tree and graph views run in tmux.
# nstop must stay up, never show an object the attacker invented, still show
# a real change, count the dropped messages in its header, and quit cleanly.
# Runs inside tests/sandbox.sh; needs NSTOP and ATTACKER.
set -u
: "${ATTACKER:?set ATTACKER to tests/tools/nl_attacker}"
# shellcheck source=../ui/lib.sh
source "$(dirname "$0")/../ui/lib.sh"
command -v setpriv >/dev/null || { echo "SKIP: setpriv (util-linux) is not installed" >&2; exit 77; }

PUB=$(mktemp -d /run/nstop-attack.XXXXXX)
chmod 755 "$PUB"
install -m 755 "$ATTACKER" "$PUB/nl_attacker"
touch "$PUB/attacker.out"
chown 65534:65534 "$PUB/attacker.out"

# shellcheck disable=SC2119 # no arguments: the default view
start_ui
# shellcheck disable=SC2016 # expanded by the shell inside the namespace
setpriv --reuid=65534 --regid=65534 --clear-groups unshare -rn sh -c '
	ip link set lo up
	sleep 600 &
	exec "$0" 30 >"$1"' "$PUB/nl_attacker" "$PUB/attacker.out" &
HOSTILE=$!
trap 'kill $HOSTILE 2>/dev/null; tmux kill-server >/dev/null 2>&1 || true' EXIT

for _ in $(seq 150); do
	[[ $(grep -c '^target' "$PUB/attacker.out") -ge 2 ]] && break
	sleep 0.1
done
[[ $(grep -c '^target' "$PUB/attacker.out") -ge 2 ]] || fail "the attacker found no nstop socket: $(cat "$PUB/attacker.out")"

# Browse while under attack: the tree, the graph, back.
for k in j j j g j j g; do
	keys "$k"
	[[ -s $UI_RC ]] && fail "nstop exited with status $(cat "$UI_RC") under attack"
	if screen | grep -Eq 'evil|10\.66\.'; then
		screen >&2
		fail "the screen shows an object the attacker invented"
	fi
done
sleep 4 # into the attacker's second phase: rtnl sockets too
[[ -s $UI_RC ]] && fail "nstop exited with status $(cat "$UI_RC") under attack"
ip link add realveth0 type veth peer name realveth1
wait_screen realveth0 5
# The header counts what nstop refused.
wait_screen '[0-9]+ msgs dropped' 3
echo "attack: TUI header: $(screen | head -1 | grep -oE '[0-9]+ msgs dropped')"
if screen | grep -Eq 'evil|10\.66\.'; then
	screen >&2
	fail "the screen shows an object the attacker invented"
fi
quit_ui
kill -TERM "$HOSTILE" 2>/dev/null
wait "$HOSTILE" 2>/dev/null
echo "attack: attacker: $(grep -c '^target' "$PUB/attacker.out") sockets attacked, $(tail -1 "$PUB/attacker.out")"
rm -rf "$PUB"
echo "ok: the TUI survived the attack and showed nothing invented"
