#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The whole ruleset (issue 11, first slice): tables of every family (ip, ip6,
# inet, bridge, arp, netdev with an ingress chain on a veth), base chains of
# both policies at several priorities, regular chains, rules with every
# verdict, counters (some nonzero), comments, and the rules iptables-nft
# writes for Docker. nstop's "firewall" object must equal `nft -a -j list
# ruleset` field by field (tables; chains with type, hook, priority, policy,
# device; rules with handle, verdict kind and target, counter, comment), each
# rule's text must be the line `nft -a list ruleset` prints unless nstop
# marks it raw, and a second namespace's ruleset must appear under it alone.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

for _tool in nft jq; do
	command -v "$_tool" >/dev/null 2>&1 || skip "$_tool is not installed"
done
if command -v iptables-nft >/dev/null 2>&1; then
	IPT=iptables-nft
elif command -v iptables >/dev/null 2>&1 && iptables -V 2>/dev/null | grep -q nf_tables; then
	IPT=iptables
else
	skip "no iptables with the nf_tables backend (iptables-nft)"
fi

# Left down: no IPv6 neighbour discovery moves the ingress counters between reads.
ip link add vx0 type veth peer name vx1

cat >"$TESTDIR/rs.nft" <<'NFT'
table ip tfilter {
	chain inp {
		type filter hook input priority 0; policy accept;
		counter accept comment "hello world"
		tcp dport 22 drop
		tcp dport 23 reject with icmp type port-unreachable
		tcp dport 24 reject with tcp reset
		tcp dport 26 jump sub
		tcp dport 27 goto sub
		tcp dport 28 continue
		counter
	}
	chain outp {
		type filter hook output priority -150; policy accept;
		ip daddr 127.0.0.2 counter drop comment "no 127.0.0.2"
	}
	chain sub {
		counter return
	}
}
table ip6 t6 {
	chain fwd6 {
		type filter hook forward priority 10; policy drop;
		reject with icmpv6 type admin-prohibited
	}
}
table inet tinet {
	chain pre {
		type filter hook prerouting priority -300; policy accept;
		meta l4proto udp reject with icmpx type host-unreachable
		meta nfproto ipv6 tcp dport 9 reject with icmpv6 type port-unreachable
	}
	chain ing4 {
		type filter hook ingress device "vx1" priority 5; policy accept;
		counter
	}
}
table bridge tbr {
	chain bfwd {
		type filter hook forward priority -200; policy accept;
		counter drop comment "bridge drop"
	}
	chain bsub {
	}
}
table arp tarp {
	chain ain {
		type filter hook input priority 0; policy accept;
		accept
	}
	chain aout {
		type filter hook output priority 100; policy drop;
	}
}
table netdev tnd {
	chain ing {
		type filter hook ingress device "vx0" priority -500; policy accept;
		counter accept
	}
}
NFT
nft -f "$TESTDIR/rs.nft"
# queue needs nft_queue, which some kernels leave out (CONFIG_NFT_QUEUE): the
# queue verdict is then covered by the unit tests' crafted messages alone.
if nft add rule ip tfilter inp tcp dport 25 queue num 1 bypass 2>"$TESTDIR/queue.err"; then
	HAVE_QUEUE=1
else
	HAVE_QUEUE=0
	echo "note: this kernel has no nft queue ($(head -c 200 "$TESTDIR/queue.err")); queue is checked by tests/unit only"
fi

# What Docker writes, with iptables-nft.
$IPT -t filter -P FORWARD DROP
$IPT -N DOCKER-USER
$IPT -A FORWARD -j DOCKER-USER
$IPT -A DOCKER-USER -j RETURN
$IPT -t nat -N DOCKER
$IPT -t nat -A DOCKER ! -i docker0 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.4:80
$IPT -A FORWARD -m comment --comment "hello" -j ACCEPT
$IPT -A FORWARD -p udp --dport 9 -j NFQUEUE --queue-num 1 --queue-bypass

# A second namespace with its own ruleset.
ip netns add fw2
ip netns exec fw2 nft -f - <<'NFT'
table inet t2 {
	chain c2 {
		type filter hook output priority 0; policy drop;
		counter jump c3 comment "in fw2"
	}
	chain c3 {
		return
	}
}
NFT

# Nonzero counters: loopback traffic through tfilter's input and output chains.
# (UDP datagrams with bash's /dev/udp: nothing need listen.)
for _ in 1 2 3; do
	echo x >/dev/udp/127.0.0.1/7 || true
	echo x 2>/dev/null >/dev/udp/127.0.0.2/7 || true
done

# ---- the comparison ----------------------------------------------------------

# nft's JSON in nstop's shape. A verdict is the last statement that ends the
# rule; iptables-nft's xt comment match carries a comment nft -j does not show
# (the text is "hello": added below, and checked on its own).
# shellcheck disable=SC2016 # a jq program: its $ are jq's
NFT_SHAPE='
def verdict:
  [ .expr[] | to_entries[0]
    | select(.key | IN("accept","drop","reject","queue","jump","goto","return","continue","xt","dnat","snat","masquerade","redirect"))
    | select(.key != "xt" or .value.type == "target") ] | last
  | if . == null then {kind: "none"}
    elif .key == "jump" or .key == "goto" then {kind: .key, target: .value.target}
    elif .key == "xt" then {kind: "xt", target: .value.name}
    elif .key == "reject" then {kind: "reject", type: (.value.type // null), code: (.value.expr // null)}
    elif .key == "queue" then {kind: "queue", num: .value.num, total: 1,
                               bypass: ((.value.flags // []) | if type == "string" then [.] else . end | index("bypass") != null),
                               fanout: ((.value.flags // []) | if type == "string" then [.] else . end | index("fanout") != null)}
    else {kind: .key} end;
def counter: [ .expr[] | select(has("counter")) | .counter ] | first // null | if . == null then null else {packets, bytes} end;
[.nftables[]] as $all |
{ tables: [ $all[] | .table | select(.) | {family, name, handle} ],
  chains: [ $all[] | .chain | select(.) | {family, table, name, handle, type: (.type // null), hook: (.hook // null),
                                           priority: (.prio // null), policy: (.policy // null),
                                           device: (.dev // $devs["\(.family) \(.table) \(.name)"] // null)} ],
  rules: [ $all[] | .rule | select(.) | {family, table, chain, handle, verdict: verdict, counter: counter,
                                         comment: (if any(.expr[]; .xt.type? == "match" and .xt.name? == "comment") then "hello" else (.comment // null) end)} ] }'
NSTOP_SHAPE='{ tables: .tables, chains: .chains, rules: [ .rules[] | {family, table, chain, handle, verdict, counter, comment} ] }'

# nft_devs [NETNS]: {"FAMILY TABLE CHAIN": device} from `nft list ruleset`'s
# text: nft 1.0.6's JSON leaves a chain's device out.
nft_devs()
{
	${1:+ip netns exec "$1"} nft list ruleset | awk '
		/^table / { fam = $2; tab = $3 }
		/^\tchain / { ch = $2 }
		/hook .* device "/ { d = $0; sub(/.*device "/, "", d); sub(/".*/, "", d); print fam " " tab " " ch "\t" d }' |
		jq -R -s -c 'split("\n") | map(select(length > 0) | split("\t") | {(.[0]): .[1]}) | add // {}'
}

# compare NS NFT-JSON-FILE DEVS: nstop's firewall object of NS against that nft dump.
compare()
{
	local ns=$1 nftfile=$2 expected actual
	expected=$(jq -S --argjson devs "$3" "$NFT_SHAPE" "$nftfile")
	actual=$(jq -S "$(ns_f "$ns") | .firewall | $NSTOP_SHAPE" "$NSTOP_JSON_FILE")
	if [[ "$expected" != "$actual" ]]; then
		echo "FAIL: namespace $ns: nstop's firewall differs from nft -a -j list ruleset" >&2
		diff <(echo "$expected") <(echo "$actual") >&2 || true
		exit 1
	fi
	echo "ok: $ns: $(jq '.tables | length' <<<"$actual") tables, $(jq '.chains | length' <<<"$actual") chains," \
		"$(jq '.rules | length' <<<"$actual") rules equal nft's"
}

nft -a -j list ruleset >"$TESTDIR/root.json"
ip netns exec fw2 nft -a -j list ruleset >"$TESTDIR/fw2.json"
json >/dev/null
compare / "$TESTDIR/root.json" "$(nft_devs)"
compare fw2 "$TESTDIR/fw2.json" "$(nft_devs fw2)"

# The comparison is only as good as what it saw: the ruleset must hold what was made.
jq_eq "$(ns_f /) | .firewall.tables | map(.family) | unique | join(\",\")" "arp,bridge,inet,ip,ip6,netdev"
jq_eq "$(ns_f /) | [.firewall.rules[].verdict.kind] | unique | join(\",\")" \
	"accept,continue,drop,goto,jump,none,$([[ $HAVE_QUEUE == 1 ]] && echo queue,)reject,return,xt"
jq_eq "$(ns_f /) | [.firewall.rules[] | select(.comment == \"hello\") | .table + \"/\" + .chain] | join(\",\")" "filter/FORWARD"
jq_eq "$(ns_f /) | [.firewall.rules[] | select(.table == \"tfilter\" and .chain == \"inp\") | .counter.packets // 0] | max > 0" "true"
jq_eq "$(ns_f /) | [.firewall.rules[] | select(.comment == \"no 127.0.0.2\") | .counter.packets] | .[0] > 0" "true"
jq_eq "$(ns_f /) | [.firewall.chains[] | select(.device != null) | .family + \":\" + .name + \"@\" + .device] | join(\",\")" \
	"inet:ing4@vx1,netdev:ing@vx0"
jq_eq "$(ns_f /) | [.firewall.rules[] | select(.verdict.kind == \"reject\") | .verdict.type + \"/\" + (.verdict.code // \"-\")] | join(\",\")" \
	"icmp/port-unreachable,tcp reset/-,icmpv6/admin-prohibited,icmpx/host-unreachable,icmpv6/port-unreachable"
jq_eq "$(ns_f /) | [.firewall.rules[] | select(.verdict.kind == \"xt\") | .verdict.target] | join(\",\")" "NFQUEUE,DNAT"
jq_eq "$(ns_f fw2) | [.firewall.rules[] | .verdict.kind] | join(\",\")" "jump,return"
jq_eq "[$(ns_f /) | .firewall.tables[] | select(.name == \"t2\")] | length" "0"
# hook order against nft's own listing: every base chain of the IP families under its hook, by priority
want=$(jq -c '[.nftables[] | select(.chain.hook and (.chain.family | IN("ip","ip6","inet")) and .chain.hook != "ingress")
	| .chain | {hook, family, table, name, prio}] | group_by(.hook) | map({hook: .[0].hook,
	chains: (sort_by(.prio, .family, .table, .name) | map("\(.family) \(.table) \(.name) \(.prio)"))}) | sort_by(.hook)' \
	"$TESTDIR/root.json")
got=$(jq -c "[$(ns_f /) | .firewall.hooks[] | select(.family_class == \"inet\") | {hook,
	chains: (.chains | map(\"\\(.family) \\(.table) \\(.name) \\(.priority)\"))}] | sort_by(.hook)" "$NSTOP_JSON_FILE")
expect_eq "hooks in priority order (nft -j)" "$want" "$got"
jq_eq "[$(ns_f /) | .firewall.hooks[].hook] | .[0:1] | join(\",\")" "prerouting"
# nat[] is as it was: only rules of nat base chains (DOCKER is a regular chain).
jq_eq "$(ns_f /) | .nat | length" "0"

# Each rule's text is nft's line (without comment and handle), unless raw.
nft -a list ruleset 2>/dev/null | awk '
	/^table / { fam = $2; tab = $3 }
	/^\tchain / { ch = $2 }
	/^\t\t.*# handle [0-9]+$/ {
		line = $0
		h = line; sub(/.*# handle /, "", h)
		sub(/ # handle [0-9]+$/, "", line)
		sub(/ comment ".*"$/, "", line)
		gsub(/^[ \t]+/, "", line)
		print fam " " tab " " ch " " h "\t" line
	}' | sort >"$TESTDIR/nft_lines"
# nstop writes the `meta nfproto ipv6` that nft leaves implied by a reject with icmpv6.
jq -r "$(ns_f /) | .firewall.rules[] | select(.raw | not) | \"\(.family) \(.table) \(.chain) \(.handle)\t\(.text)\"" \
	"$NSTOP_JSON_FILE" | sed 's/\tmeta nfproto ipv6 \(.*reject with icmpv6\)/\t\1/' | sort >"$TESTDIR/nstop_lines"
[[ -s "$TESTDIR/nstop_lines" ]] || fail "no rule of / has a text that is not raw"
if ! missing=$(comm -23 "$TESTDIR/nstop_lines" "$TESTDIR/nft_lines") || [[ -n "$missing" ]]; then
	echo "FAIL: rule texts that are not nft's line:" >&2
	echo "$missing" >&2
	echo "nft's lines:" >&2
	cat "$TESTDIR/nft_lines" >&2
	exit 1
fi
echo "ok: $(wc -l <"$TESTDIR/nstop_lines") rule texts equal nft's lines"
# What is raw says why, and only the xt targets nstop does not decode are.
jq_eq "$(ns_f /) | [.firewall.rules[] | select(.raw) | .raw_reason] | unique | join(\",\")" "an xt target nstop does not decode"
# ---- a ruleset that changes while nstop reads it ---------------------------
# Tables, chains and rules are three dumps; nstop reads them between two equal
# generations, so each read has all of table churn (its chain and 40 rules) or
# none of it, and never a rule whose chain or table it did not read.
{
	echo "table ip churn {"
	echo "	chain cc {"
	for ((i = 0; i < 40; i++)); do echo "		tcp dport $((1000 + i)) counter accept"; done
	echo "	}"
	echo "}"
} >"$TESTDIR/churn.nft"
(
	for ((i = 0; i < 400; i++)); do
		nft -f "$TESTDIR/churn.nft" && nft delete table ip churn
	done
) &
churn=$!
reads=0 with=0 without=0
while kill -0 "$churn" 2>/dev/null && ((reads < 40)); do
	json_reset
	json >/dev/null
	reads=$((reads + 1))
	verdict=$(jq -r "$(ns_f /) | .firewall as \$f |
		[\$f.chains[] | select(.table == \"churn\")] as \$cc | [\$f.rules[] | select(.table == \"churn\")] as \$cr |
		[\$f.tables[] | select(.name == \"churn\")] as \$ct |
		if ([\$f.rules[] | . as \$r | select([\$f.chains[] | select(.family == \$r.family and .table == \$r.table and .name == \$r.chain)] | length == 0)] | length) > 0
		then \"orphan rule\"
		elif ([\$f.chains[] | . as \$c | select([\$f.tables[] | select(.family == \$c.family and .name == \$c.table)] | length == 0)] | length) > 0
		then \"orphan chain\"
		elif ([\$f.tables[] | select(.name == \"tfilter\")] | length) == 0
		then (if any(.warnings[]; test(\"nf_tables rules not read\")) then \"without\" else \"tfilter lost, no warning\" end)
		elif (\$ct | length) == 1 and (\$cc | length) == 1 and (\$cr | length) == 40 then \"with\"
		elif (\$ct | length) == 0 and (\$cc | length) == 0 and (\$cr | length) == 0 then \"without\"
		else \"partial: \\(\$ct | length) tables, \\(\$cc | length) chains, \\(\$cr | length) rules\" end" "$NSTOP_JSON_FILE")
	case "$verdict" in
	with) with=$((with + 1)) ;;
	without) without=$((without + 1)) ;;
	*)
		kill "$churn" 2>/dev/null || true
		fail "read $reads while the ruleset changed: $verdict"
		;;
	esac
done
kill "$churn" 2>/dev/null || true
wait "$churn" 2>/dev/null || true
((reads >= 5)) || fail "only $reads reads while the ruleset changed"
echo "ok: $reads reads during changes, each whole ($with with table churn, $without without)"
echo "PASS"
