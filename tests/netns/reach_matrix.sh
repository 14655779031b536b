#!/bin/bash
# SPDX-License-Identifier: MIT
# nstop --reach (issue 14): on the seed's labs, one with a deliberate gap,
# every cell of `--reach --json` must equal `--explain FROM ADDR --json`'s
# .reachable and what the kernel does with a real echo (netprobe icmp-echo)
# between the sandbox's namespaces; a text golden of a small matrix (ASCII
# and UTF-8); the exit codes. Run inside tests/sandbox.sh with NSTOP and NETPROBE set.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
: "${NETPROBE:?set NETPROBE to tests/tools/netprobe}"

CELLS=0
AGREE=0
UNKNOWN=0
M=$TESTDIR/reach.json

# reach ARGS...: nstop --reach ARGS --json into $M; sets RC.
reach()
{
	RC=0
	"$NSTOP" --reach "$@" --json >"$M" 2>"$TESTDIR/reach.err" || RC=$?
	[[ $RC -le 1 || $RC -eq 3 ]] || { cat "$TESTDIR/reach.err" >&2; fail "--reach $* exited $RC"; }
	jq -e . "$M" >/dev/null || fail "--reach $* printed no JSON"
	local want
	want=$(jq -r 'if .counts.unreachable > 0 then 1 elif .counts.unknown > 0 then 3 else 0 end' "$M")
	[[ $RC -eq $want ]] || fail "--reach $*: exit $RC, but the counts say $want"
	# the counts are the cells'
	jq -e '.counts.reachable == ([.cells[] | select(.reachable == true)] | length) and
		.counts.unreachable == ([.cells[] | select(.reachable == false)] | length) and
		.counts.unknown == ([.cells[] | select(.reachable == null)] | length)' "$M" >/dev/null ||
		fail "--reach $*: counts differ from the cells"
	# every namespace to every address of every other: rows x columns minus each one's own
	jq -e '(.namespaces | length) as $n | ([.namespaces[].addresses[]] | length) as $c |
		(.cells | length) == ($n * $c - $c) and all(.cells[]; .from != .to)' "$M" >/dev/null ||
		fail "--reach $*: not one cell for each namespace and every other namespace's address"
}

# run_in NS CMD...: CMD in namespace NS ("/" is the sandbox's own)
run_in()
{
	local ns=$1
	shift
	if [[ $ns == / ]]; then "$@"; else ip netns exec "$ns" "$@"; fi
}

# check_cells LABEL: every cell of $M against --explain and a real echo (the echoes in parallel).
check_cells()
{
	local label=$1 i=0 from to addr pred expl
	local -a pids=() froms=() addrs=() preds=()
	jq -r '.cells[] | [.from, .to, .address, (.reachable | tostring)] | @tsv' "$M" >"$TESTDIR/cells.tsv"
	while IFS=$'\t' read -r from to addr pred; do
		expl=0
		"$NSTOP" --explain "$from" "$addr" --json >"$TESTDIR/e.json" 2>/dev/null || expl=$?
		[[ $(jq -r .reachable "$TESTDIR/e.json") == "$pred" ]] ||
			fail "$label: --reach says $from -> $addr ($to) reachable=$pred, --explain says $(jq -r .reachable "$TESTDIR/e.json")"
		froms[i]=$from addrs[i]=$addr preds[i]=$pred
		run_in "$from" "$NETPROBE" icmp-echo "$addr" 1 >/dev/null 2>&1 &
		pids[i]=$!
		i=$((i + 1))
	done <"$TESTDIR/cells.tsv"
	[[ $i -gt 0 ]] || fail "$label: no cells"
	for ((k = 0; k < i; k++)); do
		local real=false
		wait "${pids[k]}" && real=true
		CELLS=$((CELLS + 1))
		if [[ ${preds[k]} == null ]]; then
			UNKNOWN=$((UNKNOWN + 1))
		elif [[ ${preds[k]} == "$real" ]]; then
			AGREE=$((AGREE + 1))
		else
			"$NSTOP" --explain "${froms[k]}" "${addrs[k]}" --ascii >&2 || true
			fail "$label: ${froms[k]} -> ${addrs[k]}: predicted reachable=${preds[k]}, the real echo says $real"
		fi
	done
}

# --- the bridge lab: ns1-ns3 on mybridge (192.168.10.1) in the sandbox's own namespace, vethE down
ip link add name mybridge type bridge
ip link set mybridge up
ip addr add 192.168.10.1/24 dev mybridge
for n in ns1 ns2 ns3; do ip netns add $n; ip -n $n link set lo up; done
i=2
for p in A:B:ns1 C:D:ns2 E:F:ns3; do
	IFS=: read -r h n ns <<<"$p"
	ip link add "veth$h" type veth peer name "veth$n" netns "$ns"
	ip link set "veth$h" master mybridge up
	ip -n "$ns" addr add "192.168.10.$i/24" dev "veth$n"
	ip -n "$ns" link set "veth$n" up
	i=$((i + 1))
done
ip link set vethE down

# The golden text first, before any echo changes a neighbour entry.
rc=0
COLUMNS=80 "$NSTOP" --reach --ascii >"$TESTDIR/t" 2>&1 || rc=$?
[[ $rc -eq 1 ]] || { cat "$TESTDIR/t" >&2; fail "the bridge lab with vethE down: --reach exited $rc, not 1"; }
cat >"$TESTDIR/want" <<'G'
reach icmp: 4 namespaces, 4 addresses
     /             ns1           ns2           ns3
     192.168.10.1  192.168.10.2  192.168.10.3  192.168.10.4
/    .             +             +             -
ns1  +             .             +             -
ns2  +             +             .             -
ns3  -             -             -             .

+ reachable  - not reachable  ? unknown  . own namespace (not asked)
reachable 6, not reachable 6, unknown 0
not reachable:
  / -> 192.168.10.4 (ns3): in /: no answer to ARP for 192.168.10.4: vethE in / is down, on the way from mybridge
  ns1 -> 192.168.10.4 (ns3): in ns1: no answer to ARP for 192.168.10.4: vethE in / is down, on the way from vethB
  ns2 -> 192.168.10.4 (ns3): in ns2: no answer to ARP for 192.168.10.4: vethE in / is down, on the way from vethD
  ns3 -> 192.168.10.1 (/): in ns3: no answer to ARP for 192.168.10.1: vethE in / is down, on the way from vethF
  ns3 -> 192.168.10.2 (ns1): in ns3: no answer to ARP for 192.168.10.2: vethE in / is down, on the way from vethF
  ns3 -> 192.168.10.3 (ns2): in ns3: no answer to ARP for 192.168.10.3: vethE in / is down, on the way from vethF
G
diff -u "$TESTDIR/want" "$TESTDIR/t" >&2 || fail "--reach --ascii: not the golden text"
# UTF-8: the same grid with its own marks
LC_ALL=C.UTF-8 COLUMNS=80 "$NSTOP" --reach >"$TESTDIR/u" 2>&1 || true
sed -e 's/✓/+/g' -e 's/✗/-/g' -e 's/·/./g' "$TESTDIR/u" | diff -u "$TESTDIR/want" - >&2 ||
	fail "--reach in UTF-8: not the golden text with ✓ ✗ ·"
grep -q "^ns1  ✓             ·             ✓             ✗$" "$TESTDIR/u" || fail "--reach in UTF-8: no ✓ ✗ · marks"
# 40 columns: two blocks of columns, every source in each
COLUMNS=40 "$NSTOP" --reach --ascii >"$TESTDIR/f" 2>&1 || true
[[ $(grep -c "^addresses [0-9]-[0-9] of 4$" "$TESTDIR/f") -eq 2 && $(grep -c "^ns3 " "$TESTDIR/f") -eq 2 ]] ||
	{ cat "$TESTDIR/f" >&2; fail "--reach in 40 columns: not folded into two blocks"; }
awk '/^\+ reachable/ { exit 0 } length($0) > 40 { exit 1 }' "$TESTDIR/f" || fail "--reach in 40 columns: a grid line is wider"

reach
jq -e '[.cells[] | select(.reachable == false)] | length == 6 and
	all(.to == "ns3" or .from == "ns3") and all(.reason | test("vethE in / is down"))' "$M" >/dev/null ||
	{ jq . "$M" >&2; fail "bridge lab: the six cells through vethE must fail, naming it"; }
jq -e '.cells[] | select(.from == "ns1" and .address == "192.168.10.4") | .failed_in == "ns1" and .failed_on_reply == false' \
	"$M" >/dev/null || fail "bridge lab: ns1 -> ns3 fails in ns1 on the request"
check_cells "bridge lab, vethE down"
# --probe: every cell confirmed by a real traced packet, the failing ones too, no trace table left
probe_all()
{
	jq -e '[.cells[] | .probe] | all(. != null and .error == null and .agrees == true)' "$M" >/dev/null ||
		{ jq -c '.cells[] | select(.probe.agrees != true) | [.from, .address, .probe]' "$M" >&2;
		  fail "--reach --probe: $1: a cell not confirmed by its probe"; }
	local n
	for n in / ns1 ns2 ns3; do
		! run_in "$n" nft list tables | grep -q nstop_trace || fail "--reach --probe left a trace table in $n"
	done
}
reach --probe
[[ $RC -eq 1 ]] || fail "--reach --probe with vethE down: exit $RC, not 1"
probe_all "vethE down"
ip link set vethE up
reach
[[ $RC -eq 0 ]] || { jq -c '.cells[] | select(.reachable != true)' "$M" >&2; fail "bridge lab: every cell reachable, exit $RC"; }
check_cells "bridge lab"
reach --probe
[[ $RC -eq 0 ]] || fail "--reach --probe: exit $RC, not 0"
probe_all "every cell reachable"
"$NSTOP" --reach --probe --ascii >"$TESTDIR/p.txt" || fail "--reach --probe in text: exit $?"
grep -q '^probed 12 cells: 12 agree, 0 disagree' "$TESTDIR/p.txt" || { cat "$TESTDIR/p.txt" >&2; fail "--reach --probe: no count of confirmed cells"; }

# tcp: one listener in ns2; the matrix names every other address "connection refused"
ip netns exec ns2 "$NETPROBE" tcp-listen 0.0.0.0 5000 >"$TESTDIR/listen.out" 2>&1 &
lpid=$!
for _ in $(seq 50); do grep -q ready "$TESTDIR/listen.out" && break; sleep 0.1; done
reach --proto tcp --port 5000
[[ $RC -eq 1 ]] || fail "tcp: exit $RC with one listener"
jq -e '.proto == "tcp" and .port == 5000 and
	([.cells[] | select(.reachable == true)] | length == 3 and all(.to == "ns2")) and
	all(.cells[] | select(.to != "ns2"); .reachable == false and (.reason | test("connection refused")))' "$M" >/dev/null ||
	{ jq . "$M" >&2; fail "tcp: only ns2's address is reachable on port 5000"; }
e=0; "$NSTOP" --explain ns1 192.168.10.3 --proto tcp --port 5000 --json >"$TESTDIR/e.json" || e=$?
[[ $e -eq 0 ]] || fail "tcp: --explain ns1 -> ns2:5000 disagrees with the matrix (exit $e)"
ip netns exec ns1 "$NETPROBE" tcp-send 192.168.10.3 5000 hello >/dev/null || fail "tcp: the real connect to ns2 failed"
wait "$lpid" || true
ip netns exec ns1 "$NETPROBE" tcp-send 192.168.10.4 5000 hello >/dev/null 2>&1 && fail "tcp: ns3 accepted a connect nstop said is refused"

# A filter chain with a rule nobody can evaluate statically (a random number): unknown cells, exit 3.
if command -v nft >/dev/null 2>&1; then
	ip netns exec ns3 nft add table ip filt
	ip netns exec ns3 nft add chain ip filt in '{ type filter hook input priority 0; policy accept; }'
	ip netns exec ns3 nft add rule ip filt in numgen random mod 2 == 0 drop
	reach
	[[ $RC -eq 3 ]] || { jq -c '.cells[] | select(.reachable != true)' "$M" >&2; fail "a random drop in ns3: exit $RC, not 3"; }
	jq -e '[.cells[] | select(.reachable == null)] | length > 0 and all(.to == "ns3" or .from == "ns3")' "$M" >/dev/null ||
		fail "a random drop in ns3: the unknown cells are not ns3's"
	check_cells "a random drop in ns3"
	ip netns exec ns3 nft delete table ip filt
else
	skip "nft is not installed"
fi

# --- lab1: h1 - x - y - h2, y's return route typed 11.0.1.0/24 instead of 11.0.0.0/24 (beside the bridge lab)
make_lab1 vethE2 11.0.1.0/24 # the typo
reach
[[ $RC -eq 1 ]] || fail "lab1 with the typo: exit $RC"
jq -e '.cells[] | select(.from == "h1" and .address == "12.0.0.2") | .reachable == false and
	.failed_in == "y" and .failed_on_reply and .reason == "no route to 11.0.0.1 here"' "$M" >/dev/null ||
	{ jq '.cells[] | select(.from == "h1")' "$M" >&2; fail "lab1: h1 -> h2 fails on the reply in y"; }
check_cells "lab1 with the typo"
ip -n y route add 11.0.0.0/24 via 13.0.0.2
reach
jq -e '.cells[] | select(.from == "h1" and .address == "12.0.0.2") | .reachable == true' "$M" >/dev/null ||
	fail "lab1: h1 -> h2 after the fix"
check_cells "lab1 fixed"

# Usage errors: exit 2.
for bad in "--proto sctp" "--port 80" "--proto tcp" "--dump" "--ns ns1" "--source 1.2.3.4" "--monitor" "--explain ns1 ns2"; do
	rc=0
	# shellcheck disable=SC2086 # each is several words
	"$NSTOP" --reach $bad >/dev/null 2>"$TESTDIR/e" || rc=$?
	[[ $rc -eq 2 && -s $TESTDIR/e ]] || fail "--reach $bad: exit $rc (want 2 and a message)"
done

echo "reach_matrix: $CELLS cells, $AGREE agree with --explain and a real echo, $UNKNOWN unknown (agree with --explain)"
[[ $CELLS -eq $((AGREE + UNKNOWN)) && $AGREE -gt 0 && $UNKNOWN -gt 0 ]] || fail "disagreements"
echo "PASS reach_matrix"
