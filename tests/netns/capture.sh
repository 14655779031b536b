#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `nstop --capture` (issue 6) on real traffic between two sandbox namespaces:
# ns1 (vethB 192.168.10.2/24) and ns2 (vethD 192.168.10.3/24) joined by a veth
# pair, IPv6 off and neighbour timers tamed so the wire carries only what this
# script sends. nstop captures on ns2:vethD while tests/tools/netprobe makes
# ARP (first contact), ICMP echo, UDP and a TCP handshake with data; the lines
# are checked with regexes on the stable parts of the tcpdump-style decode
# (protocol words, addresses, ports, flags, id/seq, lengths), in order. Then:
# --filter, --count, SIGTERM/SIGINT (exit 0, lines flushed per packet, the
# counts on stderr), --write read back by tcpdump -r, capture in nstop's own
# namespace, and exit 2 for a bad filter, interface or namespace or an
# existing --write file (left untouched).
# Traffic goes only between the namespaces this script makes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
probe=${NETPROBE:?NETPROBE must point at tests/tools/netprobe}

A=192.168.10.2 # ns1:vethB
B=192.168.10.3 # ns2:vethD
MAC_B=02:00:00:00:02:01
MAC_D=02:00:00:00:02:02
TS_RE='([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{6}'

# ---- topology ----
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
for ns in ns1 ns2; do
	ip netns add "$ns"
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	ip -n "$ns" link set lo up
done
ip link add vethB address "$MAC_B" type veth peer name vethD address "$MAC_D"
ip link set vethB netns ns1
ip link set vethD netns ns2
ip netns exec ns1 sysctl -qw net.ipv6.conf.vethB.disable_ipv6=1
ip netns exec ns2 sysctl -qw net.ipv6.conf.vethD.disable_ipv6=1
# No ARP but the first contact: ns2 knows ns1 for good (so it never probes
# the entry an ARP request would leave STALE), and ns1's entry for ns2 stays
# REACHABLE for the whole test (no re-probe after the usual 15-45 s).
ip -n ns2 neigh replace "$A" lladdr "$MAC_B" dev vethD nud permanent
ip netns exec ns1 sysctl -qw net.ipv4.neigh.vethB.base_reachable_time_ms=3600000
ip -n ns1 addr add "$A/24" dev vethB
ip -n ns2 addr add "$B/24" dev vethD
ip -n ns1 link set vethB up
ip -n ns2 link set vethD up
for ((i = 0; ; i++)); do
	[[ "$(ip_link ns1 vethB .operstate) $(ip_link ns2 vethD .operstate)" == "UP UP" ]] && break
	((i < 100)) || fail "vethB/vethD did not come up within 10 s"
	sleep 0.1
done
IFX_D=$(ip_link ns2 vethD .ifindex)

# ---- helpers ----
CAP_PID='' CAP_NAME='' CAP_RC=''
cleanup()
{
	if [[ -n $CAP_PID ]]; then kill "$CAP_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

# show NAME: nstop's stdout and stderr of capture NAME, for context.
show()
{
	{
		echo "--- stdout of nstop ($1):"
		cat "$TESTDIR/$1.out" 2>/dev/null || true
		echo "--- stderr of nstop ($1):"
		cat "$TESTDIR/$1.err" 2>/dev/null || true
		echo "---"
	} >&2
}

cfail()
{
	show "$CAP_NAME"
	fail "$*"
}

# capturing NS IFINDEX: a packet socket of NS is bound to IFINDEX
# (/proc/net/packet: sk RefCnt Type Proto Iface ...).
capturing()
{
	# shellcheck disable=SC2016 # awk's $5
	nsenter --net="/run/netns/$1" awk -v ifx="$2" 'NR > 1 && $5 == ifx { found = 1 } END { exit !found }' /proc/net/packet
}

# cap_start NAME [NSTOP ARGS...]: start `nstop --ns ns2 --capture vethD ARGS`
# in the background (stdout/stderr in $TESTDIR/NAME.out/.err) and wait until
# its packet socket is bound to vethD. With CAP_PREFIX (e.g. "env
# --default-signal=INT") the command is run through it.
cap_start()
{
	CAP_NAME=$1
	shift
	# shellcheck disable=SC2086 # CAP_PREFIX is a word list
	${CAP_PREFIX:-} "$NSTOP" --ns ns2 --capture vethD "$@" >"$TESTDIR/$CAP_NAME.out" 2>"$TESTDIR/$CAP_NAME.err" &
	CAP_PID=$!
	local i
	for ((i = 0; ; i++)); do
		capturing ns2 "$IFX_D" && break
		if ! kill -0 "$CAP_PID" 2>/dev/null; then
			CAP_RC=0
			wait "$CAP_PID" || CAP_RC=$?
			CAP_PID=
			cfail "nstop --capture vethD $* exited ($CAP_RC) before it was capturing"
		fi
		((i < 200)) || cfail "nstop --capture vethD $* had no packet socket on vethD after 10 s"
		sleep 0.05
	done
	# The filter goes on right after the socket is bound: give it a moment.
	sleep 0.2
}

# cap_wait SECONDS: wait for the capture to exit on its own; sets CAP_RC.
cap_wait()
{
	local i
	for ((i = 0; i < $1 * 20; i++)); do
		kill -0 "$CAP_PID" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$CAP_PID" 2>/dev/null; then
		kill -KILL "$CAP_PID" 2>/dev/null || true
		wait "$CAP_PID" 2>/dev/null || true
		CAP_PID=
		cfail "nstop ($CAP_NAME) did not exit within $1 s"
	fi
	CAP_RC=0
	wait "$CAP_PID" || CAP_RC=$?
	CAP_PID=
}

# cap_stop SIGNAL: send SIGNAL and wait (5 s) for the exit; sets CAP_RC.
cap_stop()
{
	kill "-$1" "$CAP_PID"
	cap_wait 5
}

# wait_lines N SECONDS: until the capture has printed at least N lines
# (it flushes after each packet, so they are there before it exits).
wait_lines()
{
	local i
	for ((i = 0; i < $2 * 20; i++)); do
		(($(wc -l <"$TESTDIR/$CAP_NAME.out") >= $1)) && return 0
		sleep 0.05
	done
	cfail "nstop ($CAP_NAME) printed $(wc -l <"$TESTDIR/$CAP_NAME.out") lines within $2 s, expected $1 (not flushed per packet?)"
}

# check_exit RC PACKETS: exit status, and stderr's "N packets captured" and
# "N packets dropped by kernel" lines (tcpdump's words).
check_exit()
{
	[[ $CAP_RC == "$1" ]] || cfail "nstop ($CAP_NAME) exited $CAP_RC, expected $1"
	grep -qxE "$2 packets? captured" "$TESTDIR/$CAP_NAME.err" ||
		cfail "stderr of nstop ($CAP_NAME) has no line '$2 packets captured'"
	grep -qxE "0 packets? dropped by kernel" "$TESTDIR/$CAP_NAME.err" ||
		cfail "stderr of nstop ($CAP_NAME) has no line '0 packets dropped by kernel' (nothing is dropped on a quiet link)"
	echo "ok: $CAP_NAME: exit $1, '$2 packets captured', '0 packets dropped by kernel'"
}

# check_lines RE...: stdout of the capture has exactly one line per RE, in
# order; each is "HH:MM:SS.uuuuuu " + a decode matching RE (grep -E), and the
# times do not go back (but over midnight).
check_lines()
{
	local -a lines res=("$@")
	local i n=$# re t prev=-1 us
	mapfile -t lines <"$TESTDIR/$CAP_NAME.out"
	((${#lines[@]} == n)) || cfail "nstop ($CAP_NAME) printed ${#lines[@]} lines, expected $n"
	for ((i = 0; i < n; i++)); do
		re=${res[i]}
		[[ ${lines[i]} =~ ^$TS_RE\  ]] || cfail "line $((i + 1)) does not start with HH:MM:SS.uuuuuu: '${lines[i]}'"
		t=${lines[i]:0:15}
		us=$(((10#${t:0:2} * 3600 + 10#${t:3:2} * 60 + 10#${t:6:2}) * 1000000 + 10#${t:9:6}))
		((us >= prev || prev - us > 43200000000)) || cfail "line $((i + 1)) goes back in time: '${lines[i]}'"
		prev=$us
		grep -qE -- "$re" <<<"${lines[i]:16}" ||
			cfail "line $((i + 1)) of nstop ($CAP_NAME): '${lines[i]:16}' does not match /$re/"
	done
	echo "ok: $CAP_NAME: $n lines, in order"
}

# field LINE_NO RE: the first group of RE in that line's decode.
field()
{
	local line
	line=$(sed -n "$1p" "$TESTDIR/$CAP_NAME.out")
	[[ ${line:16} =~ $2 ]] || cfail "line $1 has no /$2/: '$line'"
	echo "${BASH_REMATCH[1]}"
}

# listen KIND NS ADDR PORT OUT: a one-shot netprobe KIND-listen in NS ("/":
# the sandbox's own), ready when this returns.
listen()
{
	local i
	if [[ $2 == / ]]; then
		"$probe" "$1-listen" "$3" "$4" >"$5" 2>&1 &
	else
		ip netns exec "$2" "$probe" "$1-listen" "$3" "$4" >"$5" 2>&1 &
	fi
	for ((i = 0; i < 100; i++)); do
		grep -q '^ready$' "$5" 2>/dev/null && return 0
		sleep 0.02
	done
	fail "$1 listener in $2 did not start: $(cat "$5")"
}

# from_port OUT: the peer port a listener printed ("from IP:PORT").
from_port()
{
	local i
	for ((i = 0; i < 100; i++)); do
		grep -q '^from ' "$1" 2>/dev/null && break
		sleep 0.02
	done
	sed -n 's/^from [0-9.]*:\([0-9]*\)$/\1/p' "$1" | grep . || fail "no 'from IP:PORT' in $1: $(cat "$1")"
}

echo_probe() { ip netns exec ns1 "$probe" icmp-echo "$B" "$@" >/dev/null || fail "netprobe icmp-echo $B $* failed"; }

esc() { echo "${1//./\\.}"; }
Ae=$(esc "$A") Be=$(esc "$B")

# ---- 1. ARP, ICMP, UDP, TCP: the first 11 packets on ns2:vethD ----
listen udp ns2 "$B" 9998 "$TESTDIR/udp.out"
listen tcp ns2 "$B" 9999 "$TESTDIR/tcp.out"
cap_start all --count 11
echo_probe 2 7
ip netns exec ns1 "$probe" udp-send "$B" 9998 'hello world!' || fail "udp-send failed"
uport=$(from_port "$TESTDIR/udp.out")
ip netns exec ns1 "$probe" tcp-send "$B" 9999 hello || fail "tcp-send failed"
tport=$(from_port "$TESTDIR/tcp.out")
cap_wait 5
check_lines \
	"^ARP\b.*Request\b.*who-has $Be\b.*tell $Ae\b.*length 28$" \
	"^ARP\b.*Reply $Be\b.*is-at $MAC_D\b.*length 28$" \
	"^IP $Ae > $Be: ICMP echo request\b.*\bid 7\b.*\bseq 1\b.*length 64$" \
	"^IP $Be > $Ae: ICMP echo reply\b.*\bid 7\b.*\bseq 1\b.*length 64$" \
	"^IP $Ae > $Be: ICMP echo request\b.*\bid 7\b.*\bseq 2\b.*length 64$" \
	"^IP $Be > $Ae: ICMP echo reply\b.*\bid 7\b.*\bseq 2\b.*length 64$" \
	"^IP $Ae\.$uport > $Be\.9998: UDP\b.*length 12$" \
	"^IP $Ae\.$tport > $Be\.9999: Flags \[S\],? seq [0-9]+\b.*\bwin [0-9]+\b.*length 0$" \
	"^IP $Be\.9999 > $Ae\.$tport: Flags \[S\.\],? seq [0-9]+\b.*\back [0-9]+\b.*\bwin [0-9]+\b.*length 0$" \
	"^IP $Ae\.$tport > $Be\.9999: Flags \[\.\],? ack [0-9]+\b.*\bwin [0-9]+\b.*length 0$" \
	"^IP $Ae\.$tport > $Be\.9999: Flags \[P\.\],? seq [0-9]+:[0-9]+\b.*\back [0-9]+\b.*\bwin [0-9]+\b.*length 5$"
check_exit 0 11
# The TCP numbers hang together, whether nstop prints them absolute or, like
# tcpdump, relative after the SYN.
syn=$(field 8 'seq ([0-9]+)')
synack=$(field 9 'seq ([0-9]+)')
[[ $(field 9 'ack ([0-9]+)') == $((syn + 1)) ]] || cfail "SYN-ACK does not ack the SYN's seq $syn + 1"
ack3=$(field 10 'ack ([0-9]+)')
[[ $ack3 == 1 || $ack3 == $((synack + 1)) ]] || cfail "the handshake's ACK is neither ack 1 nor ack $((synack + 1))"
d0=$(field 11 'seq ([0-9]+):') d1=$(field 11 'seq [0-9]+:([0-9]+)')
[[ $d0 == 1 || $d0 == $((syn + 1)) ]] || cfail "the data does not start at seq 1 or $((syn + 1))"
((d1 - d0 == 5)) || cfail "the data's seq range $d0:$d1 is not 5 bytes"
[[ $(field 11 'ack ([0-9]+)') == "$ack3" ]] || cfail "the data segment's ack differs from the handshake's"
echo "ok: TCP seq/ack consistent (SYN $syn, SYN-ACK $synack, data $d0:$d1)"
grep -qx 'hello world!' "$TESTDIR/udp.out" || fail "the UDP listener did not get the text"
wait # the listeners

# ---- 2. --filter udp: ICMP and TCP first, then two datagrams: only UDP shows ----
cap_start filter --filter udp --count 2
echo_probe 1 8
listen tcp ns2 "$B" 9999 "$TESTDIR/tcp2.out"
ip netns exec ns1 "$probe" tcp-send "$B" 9999 not-udp || fail "tcp-send failed"
listen udp ns2 "$B" 9998 "$TESTDIR/udp2.out"
ip netns exec ns1 "$probe" udp-send "$B" 9998 one || fail "udp-send failed"
u1=$(from_port "$TESTDIR/udp2.out")
listen udp ns2 "$B" 9997 "$TESTDIR/udp3.out"
ip netns exec ns1 "$probe" udp-send "$B" 9997 second || fail "udp-send failed"
u2=$(from_port "$TESTDIR/udp3.out")
cap_wait 5
check_lines \
	"^IP $Ae\.$u1 > $Be\.9998: UDP\b.*length 3$" \
	"^IP $Ae\.$u2 > $Be\.9997: UDP\b.*length 6$"
check_exit 0 2
wait

# ---- 3. --count 3 stops after the third of four packets ----
cap_start count3 --count 3
echo_probe 2 9
cap_wait 5
check_lines \
	"^IP $Ae > $Be: ICMP echo request\b.*\bid 9\b.*\bseq 1\b.*length 64$" \
	"^IP $Be > $Ae: ICMP echo reply\b.*\bid 9\b.*\bseq 1\b.*length 64$" \
	"^IP $Ae > $Be: ICMP echo request\b.*\bid 9\b.*\bseq 2\b.*length 64$"
check_exit 0 3

# ---- 4. SIGTERM and SIGINT end a capture with exit 0; lines come as they happen ----
cap_start term --write "$TESTDIR/term.pcap"
echo_probe 2 10
wait_lines 4 5
cap_stop TERM
check_lines \
	"^IP $Ae > $Be: ICMP echo request\b.*\bid 10\b.*\bseq 1\b.*length 64$" \
	"^IP $Be > $Ae: ICMP echo reply\b.*\bid 10\b.*\bseq 1\b.*length 64$" \
	"^IP $Ae > $Be: ICMP echo request\b.*\bid 10\b.*\bseq 2\b.*length 64$" \
	"^IP $Be > $Ae: ICMP echo reply\b.*\bid 10\b.*\bseq 2\b.*length 64$"
check_exit 0 4
# A background job of a script starts with SIGINT ignored: give it back its default.
CAP_PREFIX="env --default-signal=INT" cap_start int
echo_probe 1 11
wait_lines 2 5
cap_stop INT
check_lines \
	"^IP $Ae > $Be: ICMP echo request\b.*\bid 11\b.*\bseq 1\b.*length 64$" \
	"^IP $Be > $Ae: ICMP echo reply\b.*\bid 11\b.*\bseq 1\b.*length 64$"
check_exit 0 2

# ---- 5. --write: tcpdump -r reads the same packets nstop printed ----
# check_pcap NAME FILE N: FILE holds N packets by tcpdump -r, with the times,
# protocol word and addresses of nstop's N lines of capture NAME.
check_pcap()
{
	local name=$1 file=$2 n=$3 i
	local -a ours theirs
	if ! command -v tcpdump >/dev/null; then
		# scripts/deps.sh installs it; without it only the pcap magic is checked.
		[[ $(od -An -tx1 -N4 "$file" | tr -d ' ') =~ ^(d4c3b2a1|a1b2c3d4|4d3cb2a1|a1b23c4d)$ ]] ||
			fail "$file is not a pcap file"
		echo "NOTE: tcpdump is not installed; $file not read back" >&2
		return 0
	fi
	tcpdump -r "$file" -n >"$TESTDIR/$name.tcpdump" 2>"$TESTDIR/$name.tcpdump.err" ||
		fail "tcpdump -r $file failed: $(cat "$TESTDIR/$name.tcpdump.err")"
	expect_eq "tcpdump -r $file -n | wc -l" "$n" "$(wc -l <"$TESTDIR/$name.tcpdump")"
	expect_eq "nstop's lines with --write ($name)" "$n" "$(wc -l <"$TESTDIR/$name.out")"
	mapfile -t ours <"$TESTDIR/$name.out"
	mapfile -t theirs <"$TESTDIR/$name.tcpdump"
	for ((i = 0; i < n; i++)); do
		# "HH:MM:SS.uuuuuu ARP," / "HH:MM:SS.uuuuuu IP a > b:" / "... IP a.p > b.q:"
		[[ ${ours[i]} =~ ^($TS_RE\ (ARP,|IP [0-9.]+ > [0-9.]+:)) ]] || fail "nstop line $((i + 1)) ($name): '${ours[i]}'"
		[[ ${theirs[i]} == "${BASH_REMATCH[1]}"* ]] ||
			fail "packet $((i + 1)) of $file: tcpdump -r says '${theirs[i]}', nstop printed '${ours[i]}'"
	done
	echo "ok: $file: tcpdump -r reads $n packets, same times and addresses as nstop's lines"
}
check_pcap term "$TESTDIR/term.pcap" 4

listen udp ns2 "$B" 9998 "$TESTDIR/udp4.out"
cap_start write --write /run/x.pcap --count 7
echo_probe 3 12
ip netns exec ns1 "$probe" udp-send "$B" 9998 'to the file' || fail "udp-send failed"
cap_wait 5
check_exit 0 7
check_pcap write /run/x.pcap 7
grep -q 'UDP, length 11$' "$TESTDIR/write.tcpdump" || fail "tcpdump -r does not show the datagram: $(cat "$TESTDIR/write.tcpdump")"
wait

# ---- 6. no --ns: nstop's own namespace (the sandbox's), here on lo ----
listen udp / 127.0.0.1 9996 "$TESTDIR/udp5.out"
CAP_NAME=own
"$NSTOP" --capture lo --count 1 >"$TESTDIR/own.out" 2>"$TESTDIR/own.err" &
CAP_PID=$!
for ((i = 0; ; i++)); do
	capturing_self=$(awk -v ifx=1 'NR > 1 && $5 == ifx { n++ } END { print n + 0 }' /proc/net/packet)
	((capturing_self > 0)) && break
	kill -0 "$CAP_PID" 2>/dev/null || { cap_wait 1; cfail "nstop --capture lo exited ($CAP_RC) before capturing"; }
	((i < 200)) || cfail "nstop --capture lo had no packet socket on lo after 10 s"
	sleep 0.05
done
sleep 0.2
"$probe" udp-send 127.0.0.1 9996 loopback || fail "udp-send on lo failed"
lport=$(from_port "$TESTDIR/udp5.out")
cap_wait 5
check_lines "^IP 127\.0\.0\.1\.$lport > 127\.0\.0\.1\.9996: UDP\b.*length 8$"
check_exit 0 1
wait

# ---- 7. bad filter, interface or namespace: exit 2 with the reason ----
# bad NAME STDERR_RE ARGS...: nstop ARGS exits 2 at once, prints nothing on
# stdout and a message matching STDERR_RE (grep -iE) on stderr.
bad()
{
	local name=$1 re=$2 rc=0
	shift 2
	CAP_NAME=$name
	timeout 10 "$NSTOP" "$@" >"$TESTDIR/$name.out" 2>"$TESTDIR/$name.err" || rc=$?
	[[ $rc == 2 ]] || cfail "nstop $* exited $rc, expected 2"
	[[ ! -s "$TESTDIR/$name.out" ]] || cfail "nstop $* printed on stdout"
	grep -qiE -- "$re" "$TESTDIR/$name.err" || cfail "stderr of nstop $* does not match /$re/"
	echo "ok: nstop $* exits 2: $(head -1 "$TESTDIR/$name.err")"
}
bad badfilter 'syntax error' --ns ns2 --capture vethD --filter 'udp and and'
bad badfilter2 'syntax error|unknown|illegal|parse' --ns ns2 --capture vethD --filter 'port 99999999 xyzzy'
bad badif 'no such device|nosuch0' --ns ns2 --capture nosuch0
bad wrongns 'no such device|vethD' --ns ns1 --capture vethD # vethD is in ns2, not ns1
bad ownns 'no such device|vethD' --capture vethD            # nor in nstop's own
bad badns 'nosuchns' --ns nosuchns --capture vethD
# --write never overwrites: /run/x.pcap (from 5.) stays as it was.
sum=$(md5sum </run/x.pcap)
bad overwrite 'exists|x\.pcap' --ns ns2 --capture vethD --write /run/x.pcap --count 1
[[ $(md5sum </run/x.pcap) == "$sum" ]] || fail "nstop --write changed the existing /run/x.pcap"

echo "PASS: capture"
