#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# be_nft_sample_counters with NAT records on several paths (inside
# tests/sandbox.sh): one dnat in a regular chain reached from prerouting and
# from output is two records of one rule; after a real connection through
# it, sampling gives both records the rule's counter as nft -j reads it.
set -euo pipefail
probe=${BE_PROBE:?BE_PROBE must point at the be_probe binary}
net=${NETPROBE:?NETPROBE must point at tests/tools/netprobe}
command -v nft >/dev/null 2>&1 || { echo "SKIP: nft is not installed" >&2; [[ ${CI:-} == true ]] && exit 1; exit 77; }

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

ip link set lo up
ip addr add 10.77.0.1/32 dev lo
nft -f - <<'EOF'
table ip t {
	chain X {
		tcp dport 7000 counter dnat to 10.77.0.1:7001
	}
	chain pre {
		type nat hook prerouting priority -100;
		jump X
	}
	chain out {
		type nat hook output priority -100;
		ip daddr 10.77.0.1 jump X
	}
}
EOF
h=$(nft -a -j list chain ip t X | jq '.nftables[] | select(.rule) | .rule.handle')
kernel_packets() { nft -j list chain ip t X | jq '.nftables[] | select(.rule) | .rule.expr[] | select(.counter) | .counter.packets'; }

tmp=$(mktemp -d /run/nat-counters.XXXXXX) # the sandbox's own /run
coproc P { "$probe" nat-counters 2>"$tmp/probe.err"; }
ppid=$P_PID
# the coprocess's pipes kept by fds of our own: bash unsets P when it ends, and its stderr in a file,
# so a probe that stops early says why (CI once saw P[0] unbound and nothing else)
exec {pout}<&"${P[0]}" {pin}>&"${P[1]}"
read_lines() { # N: N lines of the probe's output, one string
	local i line out=""
	for ((i = 0; i < $1; i++)); do
		IFS= read -r -t 5 line <&"$pout" || fail "be_probe said less than $1 lines: $(cat "$tmp/probe.err")"
		out+="$line;"
	done
	echo "$out"
}
before=$(read_lines 2)
[[ $before == "$h prerouting 0;$h output 0;" ]] || fail "records before: '$before' (want one per path, rule $h)"

"$net" tcp-listen 10.77.0.1 7001 >"$tmp/listen" 2>&1 &
lpid=$!
for ((i = 0; i < 50; i++)); do grep -q ready "$tmp/listen" 2>/dev/null && break; sleep 0.1; done
"$net" tcp-send 10.77.0.1 7000 hello || fail "connect to 10.77.0.1:7000 failed"
wait "$lpid" || fail "the listener on 7001 got nothing"
grep -qx hello "$tmp/listen" || fail "the dnat did not deliver: $(cat "$tmp/listen")"
k=$(kernel_packets)
[[ $k == 1 ]] || fail "nft -j says the rule counted $k packets, not 1"

echo sample >&"$pin"
after=$(read_lines 3)
# changed: the texts that printed a counter that moved — both records and the rule's own text
[[ $after == "changed 3;$h prerouting $k;$h output $k;" ]] ||
	fail "records after sampling: '$after' (want both records at the rule's $k packets)"
wait "$ppid" 2>/dev/null || true
echo "PASS"
