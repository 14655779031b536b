#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The TUI with hostile names (issue: text that leaves nstop is safe where it
# lands): the screen tmux holds has no raw control byte but tmux's own SGR;
# edits typed with $(...), backticks, quotes and UTF-8 (vé1) create exactly
# those names; a failed edit whose error quotes a namespace name with a
# newline stays a comment; the log saved with W, replayed in a fresh sandbox,
# recreates the names and runs nothing else (a command substitution here only
# makes a file named M); an edit in a process-held namespace is logged as an
# nsenter command that runs; W refuses an existing file and a symlink.
# shellcheck disable=SC2016 # $(...) in single quotes on purpose: they are the names
set -euo pipefail
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null 2>&1 || {
	echo "SKIP: python3 is not installed" >&2
	exit 77
}
WORK=$(mktemp -d /run/nstop-hostile.XXXXXX)
cd "$WORK"

# form VALUE...: fill the open form field by field (Ctrl-U clears the prefill), then Enter.
form()
{
	local v
	for v in "$@"; do
		tmux send-keys -t t C-u
		[[ -n $v ]] && tmux send-keys -t t -l "$v"
		tmux send-keys -t t Tab
	done
	keys Enter
}

# wait_kernel DESCRIPTION CMD...: until CMD succeeds (the kernel has the change), 2 s at most.
wait_kernel()
{
	for _ in $(seq 100); do
		"${@:2}" >/dev/null 2>&1 && return 0
		sleep 0.02
	done
	screen >&2
	fail "the kernel never got: $1"
}

select_row()
{
	keys /
	tmux send-keys -t t -l "$1"
	keys Enter
	keys g "$2"
	keys Escape
}

# clean_screen WHAT: the pane as tmux holds it (-e: with attributes) has no
# byte a terminal would act on, once tmux's own SGR sequences are taken out.
clean_screen()
{
	tmux capture-pane -e -p -t t >"$WORK/pane.bin"
	python3 - "$WORK/pane.bin" "$1" <<'EOF' || fail "the screen ($2) holds a raw control byte"
import re, sys
data = re.sub(rb'\x1b\[[0-9;:]*m', b'', open(sys.argv[1], 'rb').read())
text = data.decode('utf-8', errors='strict')
for i, ch in enumerate(text):
    o = ord(ch)
    if ch != '\n' and (o < 0x20 or 0x7f <= o < 0xa0):
        sys.exit(f'{sys.argv[2]}: U+{o:04X} at {i}: {text[max(0, i - 40):i + 10]!r}')
EOF
	echo "ok: the screen ($1) holds printable text and SGR only"
}

N1=$'x\n$(>M)'
L1=$'e\e[2J`>M`'
L2=$'$(>M)\e]0;t\a'
COMM=$'\e[2J\n$(>M)\x9b'
T1=$'ns\xc3\xa9$(>M)\'"`;{}'
V1=$'v\xc3\xa91'
# (no ';' at the end: tmux send-keys would read it as its own separator)
W1=$'w`>M`\'";x'
B1='b$(>M);x'
LONG=$(printf "L'%.0s" $(seq 100))'$(>M)' # each quote is four bytes quoted

no_ipv6 /
add_netns "$N1"
ip link add "$L1" type veth peer name "$L2" netns "/run/netns/$N1"
# mounted twice, `ip netns delete` cannot unlink it: the failed edit quotes the name
mount --bind "/run/netns/$N1" "/run/netns/$N1"
# a process-held namespace whose process set its own comm (in one write)
COMM=$COMM unshare -n python3 -c 'import os, time
with open("/proc/self/comm", "wb") as f:
    f.write(os.environb[b"COMM"])
time.sleep(1000)' &
HOLDER=$!
trap 'kill $HOLDER 2>/dev/null || true; tmux kill-server >/dev/null 2>&1 || true' EXIT
for _ in $(seq 50); do
	[[ "$(cat /proc/$HOLDER/comm)" == "$COMM" ]] && break
	sleep 0.1
done
nsenter -t "$HOLDER" -n ip link add pv type veth peer name pw

start_ui
wait_screen '^▾ /'
wait_screen 'x\\n\$\(>M\)'
clean_screen "tree with hostile names"

# typed names: UTF-8 and shell syntax, in forms
keys a n
wait_screen 'add namespace'
form "$T1" y
wait_kernel "namespace $T1" test -e "/run/netns/$T1"
keys a v
wait_screen 'add veth pair'
form "$V1" "$T1" "$W1" / 10.77.0.1/24 "" y
wait_kernel "typing vé1 creates vé1" ip -n "$T1" link show "$V1"
# a long entry (> 1024 bytes, once cut mid-quote) right before one with $(...) in a name
keys a n
wait_screen 'add namespace'
form "$LONG" y
wait_kernel "namespace $LONG" test -e "/run/netns/$LONG"
keys a v
wait_screen 'add veth pair'
form lv1 "$LONG" lv2 "$T1" 10.88.0.1/24 10.88.0.2/24 y
wait_kernel "veth lv1 in the long namespace" ip -n "$LONG" link show lv1
keys a b
wait_screen 'add bridge'
form "$B1" "$T1" "" y
wait_kernel "bridge $B1" ip -n "$T1" link show "$B1"
echo "ok: forms took UTF-8 and shell syntax as typed"

# a failed edit: the error quotes the name with its newline
select_row '^x.\$\(>M\)$' ''
keys d
wait_screen 'delete namespace\?'
keys y
wait_screen 'delete namespace failed'
clean_screen "a failed edit quoting a hostile name"

keys L
wait_screen 'Action log'
clean_screen "the action log"
keys W
tmux send-keys -t t C-u
tmux send-keys -t t -l "$WORK/log1.sh"
keys Enter
wait_screen "action log saved as"
[[ "$(stat -c %a "$WORK/log1.sh")" == 755 ]] || fail "the saved log is not mode 755"
entry=$(awk '/^# [0-9:]+$/ { n++ } n == 4' "$WORK/log1.sh")
[[ ${#entry} -gt 1024 && $(grep -c "^ip -n 'L'" <<<"$entry") -eq 3 && $(grep -c 'lv2' <<<"$entry") -eq 3 ]] ||
	{ cat "$WORK/log1.sh" >&2; fail "the long entry (${#entry} bytes) is not whole"; }
grep -q '^# [0-9:]* failed, not included: cannot remove /run/netns/x\\n\$(>M): ' "$WORK/log1.sh" ||
	{ cat -A "$WORK/log1.sh" >&2; fail "the failed edit is not one escaped comment"; }
python3 - "$WORK/log1.sh" <<'EOF' || fail "the saved log holds a raw control byte"
import sys
data = open(sys.argv[1], 'rb').read()
bad = [b for b in data if (b < 0x20 and b != 0x0a) or b == 0x7f]
sys.exit(f'raw bytes {bad!r}' if bad else 0)
EOF
# replayed in a fresh sandbox (its own /run and network): exactly the names, nothing else run
replayed=$(unshare --net --mount --propagation private -- sh -c '
	mount -t tmpfs none /run && mkdir /run/netns /run/replay && ip link set lo up && cd /run/replay
	bash /dev/fd/3 >&2 || exit 3
	[ -z "$(ls -A)" ] && [ ! -e /M ] || { echo "the log made files: $(ls -A)" >&2; exit 4; }
	python3 -c "import os; print(sorted(os.listdir(b\"/run/netns\")))"
	ip -n "$1" -o link show | sed -n "s/^[0-9]*: \([^:@]*\)[:@].*/\1/p" | sort
	ip -n "$2" -o link show | sed -n "s/^[0-9]*: \([^:@]*\)[:@].*/\1/p" | sort
	ip -o link show | sed -n "s/^[0-9]*: \([^:@]*\)[:@].*/\1/p" | sort' replay "$T1" "$LONG" 3<"$WORK/log1.sh") ||
	fail "replaying the saved log in a fresh sandbox failed or made files"
[[ ! -e M ]] || fail "a marker file appeared"
want_ns=$(python3 -c 'import os, sys; print(sorted(os.fsencode(a) for a in sys.argv[1:]))' "$T1" "$LONG")
[[ $(sed -n 1p <<<"$replayed") == "$want_ns" ]] || fail "the replay made namespaces $(sed -n 1p <<<"$replayed"), want $want_ns"
for name in "$V1" "$B1" "$W1" lv1 lv2; do
	grep -qxF "$name" <<<"$replayed" || fail "the replay did not recreate $name: $replayed"
done
echo "ok: the saved log, replayed in a fresh sandbox, recreates the names and runs nothing else"

# an edit in a process-held namespace: logged as an nsenter command that runs
keys L
select_row '^pv$' j
keys u
wait_kernel "pv up" bash -c "nsenter -t $HOLDER -n ip -o link show pv | grep -q '[<,]UP[,>]'"
nsenter -t "$HOLDER" -n ip link set pv down
keys L
keys W
tmux send-keys -t t C-u
tmux send-keys -t t -l "$WORK/log2.sh"
keys Enter
wait_screen "action log saved as"
line=$(grep -x "nsenter -t $HOLDER -n ip link set pv up" "$WORK/log2.sh") ||
	{ cat "$WORK/log2.sh" >&2; fail "the process-held namespace's edit is not an nsenter command"; }
bash -c "$line"
nsenter -t "$HOLDER" -n ip -o link show pv | grep -q '[<,]UP[,>]' || fail "the logged nsenter command did not run"
echo "ok: an edit in a process-held namespace is logged as: $line"

# W: an existing file and a symlink are refused, and left as they were
echo keep >"$WORK/victim"
chmod 600 "$WORK/victim"
ln -s "$WORK/victim" "$WORK/link"
for target in "$WORK/victim" "$WORK/link"; do
	keys W
	tmux send-keys -t t C-u
	tmux send-keys -t t -l "$target"
	keys Enter
	wait_screen "cannot create .*(exists|symbolic link)"
done
[[ "$(cat "$WORK/victim")" == keep && "$(stat -c %a "$WORK/victim")" == 600 ]] ||
	fail "W wrote through to an existing file"
echo "ok: W refuses an existing file and a symlink to one"
clean_screen "after all edits"
quit_ui
