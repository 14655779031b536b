#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --ns NAME on the seed's bridge topology: only that namespace is printed but
# peers elsewhere are still named; bad --ns values and bad usage exit 2.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

make_seed_bridge

# run_nstop ARGS...: sets $rc, $out and $err.
run_nstop()
{
	rc=0
	"$NSTOP" "$@" >"$TESTDIR/out" 2>"$TESTDIR/err" || rc=$?
	out=$(cat "$TESTDIR/out")
	err=$(cat "$TESTDIR/err")
}

json_run --ns ns2
jq_eq '[.namespaces[].name]' '["ns2"]'
check_ns ns2 named false "$(stat -L -c %i /run/netns/ns2)"
jq_eq "[$(ns_f ns2) | .links[].name] | sort" '["lo","vethD"]'
check_link ns2 vethD veth true
check_peer ns2 vethD / vethC
check_ipv4 ns2 vethD '["192.168.10.3/24"]'
check_route ns2 default 192.168.10.1 vethD global boot
jq_eq '.warnings' '[]'

# by inode: the same namespace (issue 12)
json_run --ns "$(stat -L -c %i /run/netns/ns2)"
jq_eq '[.namespaces[] | [.name, .display]]' '[["ns2","ns2"]]'

json_run --ns /
jq_eq '[.namespaces[].name]' '["/"]'
check_ns / self true "$(stat -L -c %i /proc/self/ns/net)"
jq_eq "$(link_f / mybridge) | .ports" '["vethA","vethC","vethE"]'
check_peer / vethA ns1 vethB
check_peer / vethC ns2 vethD
check_peer / vethE ns3 vethF

# The other output modes honour --ns too.
run_nstop --ns ns2 --dump
expect_eq "exit status of --ns ns2 --dump" 0 "$rc"
expect_eq "namespace headers of --ns ns2 --dump" "ns2  (named, inode $(stat -L -c %i /run/netns/ns2))" \
	"$(grep -v '^ ' <<<"$out")"
expect_eq "vethD line of --ns ns2 --dump" 1 "$(grep -c '^  vethD <-> /:vethC  veth UP/up ' <<<"$out")"
run_nstop --dot --ns ns2
expect_eq "exit status of --dot --ns ns2" 0 "$rc"
expect_eq "clusters of --dot --ns ns2" 1 "$(grep -c 'subgraph cluster_' <<<"$out")"
expect_eq "outside peer node of --dot --ns ns2" 1 "$(grep -c '\[label="/:vethC", style=dashed\];$' <<<"$out")"
expect_eq "veth edges of --dot --ns ns2" 1 "$(grep -c ' -- .*\[label="veth"\];$' <<<"$out")"
if command -v dot >/dev/null; then
	dot -Tsvg >/dev/null <<<"$out" || fail "dot -Tsvg rejected nstop --dot --ns ns2"
fi

run_nstop --ns nosuch --json
expect_eq "exit status of --ns nosuch" 2 "$rc"
expect_eq "stdout of --ns nosuch" "" "$out"
expect_eq "stderr of --ns nosuch" \
	"nstop: no namespace named 'nosuch'; known namespaces: $(jq -r '[.namespaces[].name] | join(", ")' <("$NSTOP" --json))" "$err"
expect_eq "names listed by --ns nosuch" "/ ns1 ns2 ns3" \
	"$(sed -n 's/.*; known namespaces: //p' <<<"$err" | tr -d , | tr ' ' '\n' | sort | xargs)"

run_nstop --bogus
expect_eq "exit status of --bogus" 2 "$rc"
expect_eq "stdout of --bogus" "" "$out"
expect_eq "--bogus names the option" 1 "$(grep -c -e "unrecognized option '--bogus'" <<<"$err")"
expect_eq "--bogus points at --help" 1 "$(grep -c -F "Try 'nstop --help'." <<<"$err")"

run_nstop --json --dot
expect_eq "exit status of --json --dot" 2 "$rc"
expect_eq "stdout of --json --dot" "" "$out"
expect_eq "stderr of --json --dot" "nstop: --json, --dump and --dot are exclusive" "$err"

run_nstop --ns
expect_eq "exit status of --ns without a name" 2 "$rc"
run_nstop extra
expect_eq "exit status of a stray argument" 2 "$rc"
expect_eq "stderr of a stray argument" "nstop: unexpected argument 'extra'"$'\n'"Try 'nstop --help'." "$err"
# a namespace named like another's inode: its name wins, as it did before --ns took inodes
ino1=$(stat -L -c %i /run/netns/ns1)
ip netns add "$ino1"
json_run --ns "$ino1"
jq_eq '[.namespaces[] | [.name, .inode]]' "[[\"$ino1\",$(stat -L -c %i "/run/netns/$ino1")]]"
ip netns del "$ino1"
json_run --ns "$ino1"
jq_eq '[.namespaces[] | .name]' '["ns1"]'
echo "PASS: ns_filter"
