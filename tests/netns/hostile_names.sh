#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hostile names (issue: text that leaves nstop is safe where it lands).
# Interfaces, namespaces, a process's comm and nf_tables strings hold
# newlines, $(...), backticks, quotes, ';', escape sequences and invalid
# UTF-8. Every output mode is checked byte for byte: --dump and --monitor
# show no control byte but the line ends; --json is valid UTF-8 and decodes
# back to the names by README.md's rule; --dot gives an SVG that parses as
# XML; and --export-script, run in a fresh sandbox, recreates the names
# exactly and runs nothing else: no marker file appears, table ip keepme
# survives. A command substitution here only ever makes a file named M
# (`$(>M)`), so a regression shows as a file, not as damage.
# shellcheck disable=SC2016 # $(...) in single quotes on purpose: they are the names
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for _tool in nft python3 dot; do
	command -v "$_tool" >/dev/null 2>&1 || {
		echo "SKIP: $_tool is not installed" >&2
		exit 77
	}
done
SANDBOX=$(realpath "$(dirname "${BASH_SOURCE[0]}")/../sandbox.sh")
CHECK=$TESTDIR/check.py
cd "$TESTDIR"

# Namespace names are file names: any byte but '/' and NUL.
N1=$'ns\n$(>M)'
N2=$'ns`>M`;\'"{}'
N3=$'\e[2J\e]0;title\a'
N4=$'\xff\xfe'
N5=$'v\xc3\xa9'
# Interface names: no '/', ':' or whitespace, at most 15 bytes.
I1=$'`>M`;\'"x'
I2=$'$(>M)\e[2J'
I3=$'\e]0;t\a\xff\xfe'
I4='abcdefghijklmn$'
I5=$'\xc2\x9b31m'
I6=$'v\xc3\xa91'
I7=$'a\\b\x7f'
# nft strings hold anything; an iifname at most 15 bytes.
IIF=$'a\n$(>M);{}'
BADCHAIN=$'x{};delete table ip keepme;'
BADTABLE=$'t\n$(>M)\e[2J'
COMM=$'\e[2J\n$(>M)\xff'

[[ ${#I4} -eq 15 ]] || fail "the 15-byte name is ${#I4} bytes"
for n in "$N1" "$N2" "$N3" "$N4" "$N5"; do
	ip netns add "$n"
done
ip link add "$I1" type veth peer name "$I2" netns "/run/netns/$N1"
ip -n "$N2" link add "$I3" type veth peer name "$I4" netns "/run/netns/$N3"
ip -n "$N4" link add "$I5" type bridge
ip -n "$N4" link add "$I6" type veth peer name "$I7" netns "/run/netns/$N5"
ip -n "$N4" link set "$I6" master "$I5"
ip addr add 10.66.0.1/24 dev "$I1"
ip link set "$I1" up
ip -n "$N1" addr add 10.66.0.2/24 dev "$I2"
ip -n "$N1" link set "$I2" up
ip -n "$N1" route add 10.99.0.0/16 via 10.66.0.1 dev "$I2"
ip -n "$N4" link set "$I5" up

# A process-held namespace whose only process set its own comm.
# (Only a thread group may set its own comm, and in one write: each write replaces it.)
COMM=$COMM unshare -n python3 -c 'import os, time
with open("/proc/self/comm", "wb") as f:
    f.write(os.environb[b"COMM"])
time.sleep(1000)' &
HOLDER=$!
trap 'kill $HOLDER 2>/dev/null || true' EXIT
for _ in $(seq 50); do
	[[ "$(cat /proc/$HOLDER/comm)" == "$COMM" ]] && break
	sleep 0.1
done
[[ "$(cat /proc/$HOLDER/comm)" == "$COMM" ]] || fail "setup: the holder did not set its comm"
nsenter -t "$HOLDER" -n ip link add "$I2" type veth peer name "$I3"

# NAT: nstop's own forward with a hostile iifname (written as nstop's op);
# a chain whose name would end an nft command; another table; a rule of a
# named namespace. nft's command syntax has no quoting for names: nft -j.
nft add table ip nstop
nft add chain ip nstop prerouting '{ type nat hook prerouting priority -100; }'
nft add rule ip nstop prerouting iifname "\"$IIF\"" tcp dport 8080 counter dnat to 10.66.0.2:80
nft -j -f - <<EOF
{"nftables": [
 {"add": {"chain": {"family": "ip", "table": "nstop", "name": "x{};delete table ip keepme;",
   "type": "nat", "hook": "prerouting", "prio": -150, "policy": "accept"}}},
 {"add": {"rule": {"family": "ip", "table": "nstop", "chain": "x{};delete table ip keepme;", "expr": [
   {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 2222}},
   {"dnat": {"addr": "10.66.0.3"}}]}}},
 {"add": {"table": {"family": "ip", "name": "t\n\$(>M)\u001b[2J"}}},
 {"add": {"chain": {"family": "ip", "table": "t\n\$(>M)\u001b[2J", "name": "c",
   "type": "nat", "hook": "postrouting", "prio": 100, "policy": "accept"}}},
 {"add": {"rule": {"family": "ip", "table": "t\n\$(>M)\u001b[2J", "chain": "c", "expr": [
   {"masquerade": null}]}}}
]}
EOF
# The longest chain name nft takes (NFT_NAME_MAXLEN: 256 with the NUL).
LONGCHAIN=$(printf 'c%.0s' $(seq 255))
if nft add chain ip nstop "$LONGCHAIN" '{ type nat hook postrouting priority 110; }' 2>/dev/null; then
	nft add rule ip nstop "$LONGCHAIN" oifname "\"$I6\"" counter masquerade
	if nft add chain ip nstop "c$LONGCHAIN" 2>/dev/null; then
		fail "nft took a 256-byte chain name; the test expects its limit at 255"
	fi
else
	LONGCHAIN=
fi
ip netns exec "$N1" nft add table ip nstop
ip netns exec "$N1" nft add chain ip nstop postrouting '{ type nat hook postrouting priority 100; }'
ip netns exec "$N1" nft add rule ip nstop postrouting oifname "\"$I2\"" counter masquerade
nft list tables | grep -q 'x{}' && fail "setup: the hostile chain made a table"

cat >"$CHECK" <<'EOF'
import json, os, sys, xml.etree.ElementTree as ET

def term_clean(path):
    """No byte a terminal acts on: only printable UTF-8 and newlines."""
    data = open(path, 'rb').read()
    try:
        text = data.decode('utf-8', errors='strict')
    except UnicodeDecodeError as e:
        sys.exit(f'{path}: not valid UTF-8: {e}')
    for i, ch in enumerate(text):
        o = ord(ch)
        if ch != '\n' and (o < 0x20 or 0x7f <= o < 0xa0):
            sys.exit(f'{path}: raw control character U+{o:04X} at {i}: {text[max(0, i - 40):i + 10]!r}')
    return text

def unname(s):
    """README.md's rule: after JSON decoding, \\\\ is a backslash and \\xHH the byte HH."""
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == '\\':
            if s[i + 1] == '\\':
                out.append(0x5c); i += 2; continue
            if s[i + 1] == 'x':
                out.append(int(s[i + 2:i + 4], 16)); i += 4; continue
            sys.exit(f'undocumented escape in {s!r}')
        out += s[i].encode('utf-8'); i += 1
    return bytes(out)

def load_json(path):
    data = open(path, 'rb').read()
    return json.loads(data.decode('utf-8', errors='strict'))

def names(path):
    """{namespace name: sorted link names} as bytes, and the nat tables, from nstop --json."""
    doc = load_json(path)
    ns = {}
    for n in doc['namespaces']:
        ns[unname(n['name'])] = sorted(unname(l['name']) for l in n['links'])
    return doc, ns

mode = sys.argv[1]
if mode == 'term':
    for p in sys.argv[2:]:
        term_clean(p)
elif mode == 'contains':
    text = term_clean(sys.argv[2])
    for want in sys.argv[3:]:
        if want not in text:
            sys.exit(f'{sys.argv[2]}: lacks {want!r}')
elif mode == 'json':
    doc, ns = names(sys.argv[2])
    want = [os.fsencode(a) for a in sys.argv[3:]]
    have = set(ns) | {l for v in ns.values() for l in v}
    for n in doc['namespaces']:
        have |= {unname(r['table']) for r in n.get('nat', [])}
        have |= {unname(r['chain']) for r in n.get('nat', [])}
        if n.get('label'):
            have.add(unname(n['label']))
    for w in want:
        if w not in have:
            sys.exit(f'--json: {w!r} does not decode back from any name: {sorted(have)!r}')
elif mode == 'xml':
    ET.parse(sys.argv[2])
elif mode == 'same':
    # the recreatable part: named namespaces and "/", their links
    _, a = names(sys.argv[2])
    _, b = names(sys.argv[3])
    skip = {os.fsencode(x) for x in sys.argv[4:]}
    a = {k: v for k, v in a.items() if not k.startswith(b'pid:')}
    a = {k: [l for l in v if l not in skip] for k, v in a.items()}
    if a != b:
        sys.exit(f'recreated names differ:\n  original  {a!r}\n  recreated {b!r}')
elif mode == 'nft':
    # table ip nstop as nft -j lists it in the replay: chains and the iifname
    doc = json.loads(open(sys.argv[2], 'rb').read().decode('utf-8'))
    chains = sorted(o['chain']['name'] for o in doc['nftables'] if 'chain' in o and o['chain']['table'] == 'nstop')
    want = sorted(sys.argv[4:])
    if chains != want:
        sys.exit(f'replayed chains of table ip nstop: {chains!r}, want {want!r}')
    iifs = [e['match']['right'] for o in doc['nftables'] if 'rule' in o for e in o['rule']['expr']
            if 'match' in e and e['match']['left'] == {'meta': {'key': 'iifname'}}]
    if iifs != [sys.argv[3]]:
        sys.exit(f'replayed iifnames {iifs!r}, want {[sys.argv[3]]!r}')
EOF

ALL_NAMES=("$N1" "$N2" "$N3" "$N4" "$N5" "$I1" "$I2" "$I3" "$I4" "$I5" "$I6" "$I7" "$BADCHAIN" "$BADTABLE" "$COMM")

# --dump: escaped, all of it
"$NSTOP" --dump >dump.txt
python3 "$CHECK" contains dump.txt 'ns\n$(>M)' '\x1b[2J\x1b]0;title\x07' '\xff\xfe' 'a\\b\x7f' '\xc2\x9b31m' \
	"v$(printf '\xc3\xa9')1" 'x{};delete table ip keepme;' 't\n$(>M)\x1b[2J' '\x1b[2J\n$(>M)\xff' 'iifname "a\n$(>M);{}"' ||
	fail "--dump shows a name raw or not at all"
echo "ok: --dump shows every hostile name escaped, no raw control byte"

# --json: valid UTF-8, every name decodes back to its bytes
"$NSTOP" --json >dump.json
python3 "$CHECK" json dump.json "${ALL_NAMES[@]}" || fail "--json does not give the names back"
python3 "$CHECK" term dump.json || fail "--json holds a raw control character"
echo "ok: --json is valid UTF-8 and decodes back to all ${#ALL_NAMES[@]} names"

# --dot: Graphviz takes it, the SVG is XML
"$NSTOP" --dot >dump.dot
dot -Tsvg dump.dot >dump.svg || fail "dot rejects nstop --dot"
python3 "$CHECK" xml dump.svg || fail "the SVG of nstop --dot is not XML"
grep -q 'v\xc3\xa9' dump.svg 2>/dev/null || grep -qF "v$(printf '\xc3\xa9')" dump.svg || fail "--dot lost a UTF-8 name"
echo "ok: --dot passes dot -Tsvg and the SVG parses as XML"

# --monitor: changes with hostile names arrive escaped
"$NSTOP" --monitor >monitor.txt 2>&1 &
MON=$!
sleep 1.5
N6=$'mon\n$(>M)\e[31m'
ip netns add "$N6"
sleep 1.5 # watched by then: what follows arrives as events
ip -n "$N6" link add $'m\e[2J\xff' type veth peer name $'`>M`\a'
ip -n "$N6" link set $'m\e[2J\xff' up
ip link set "$I1" down
sleep 2
kill "$MON"
wait "$MON" 2>/dev/null || true
python3 "$CHECK" contains monitor.txt 'mon\n$(>M)\x1b[31m' 'm\x1b[2J\xff' '`>M`\x07' ||
	{ cat -v monitor.txt >&2; fail "--monitor lines show names raw or miss them"; }
echo "ok: --monitor lines carry the hostile names escaped ($(wc -l <monitor.txt) lines)"
ip netns delete "$N6"

# --count: overflow refused
rc=0
"$NSTOP" --capture lo --count 99999999999999999999 >/dev/null 2>count.err || rc=$?
if [[ $rc -eq 0 ]] || ! grep -q 'count' count.err; then
	fail "--count 99999999999999999999 was accepted"
fi
echo "ok: --count 99999999999999999999 is refused"

# --export-script: in a fresh sandbox it recreates the names and runs nothing else
"$NSTOP" --export-script >export.sh
python3 "$CHECK" term export.sh || fail "the script holds a raw control byte"
grep -q '^# skipped .*x{};delete table ip keepme;.*nft' export.sh || fail "the unwritable chain is not named as skipped"
grep -q '^# skipped pid:' export.sh || fail "the process-held namespace is not named as skipped"
REPLAY='set -e
mkdir /run/replay && cd /run/replay
cat >export.sh
nft add table ip keepme
bash export.sh >&2
[ "$(ls -A)" = export.sh ] || { echo "the script made files: $(ls -A)" >&2; exit 3; }
[ ! -e /run/M ] && [ ! -e /M ] || { echo "the script made a marker file" >&2; exit 3; }
nft list table ip keepme >/dev/null || { echo "table ip keepme is gone" >&2; exit 3; }
"$1" --json | jq -c .
nft -j list ruleset | jq -c .'
rc=0
sh "$SANDBOX" bash -c "$REPLAY" replay "$NSTOP" <export.sh >replay.out 2>replay.err || rc=$?
if [[ $rc -ne 0 ]]; then
	cat replay.err >&2
	cat -n export.sh >&2
	fail "the exported script failed or did more than it should in a fresh sandbox (exit $rc)"
fi
sed -n 1p replay.out >replay.json
sed -n 2p replay.out >replay.nft.json
python3 "$CHECK" same dump.json replay.json || fail "the replay did not recreate the names exactly"
python3 "$CHECK" nft replay.nft.json "$IIF" prerouting ${LONGCHAIN:+"$LONGCHAIN"} ||
	fail "the replay did not recreate table ip nstop as it was (less the unwritable chain)"
[[ ! -e M ]] || fail "a marker file appeared"
echo "ok: --export-script in a fresh sandbox recreates every name and runs nothing else"
