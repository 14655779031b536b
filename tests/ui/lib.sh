# SPDX-License-Identifier: MIT
# Helpers for the TUI tests: the real nstop binary in a private tmux server
# (TMUX_TMPDIR of our own, 100x30), inside tests/sandbox.sh. Screens are
# compared with golden files in tests/ui/golden; GENERATE=1 rewrites them.

: "${NSTOP:?set NSTOP to the nstop binary}"
# skip WHY: meson's SKIP (77); under CI=true a failure, as CI installs every
# tool (scripts/deps.sh --test).
skip()
{
	if [[ ${CI:-} == true ]]; then
		echo "FAIL (CI=true, no skipping): $*" >&2
		exit 1
	fi
	echo "SKIP: $*" >&2
	exit 77
}

for _tool in tmux ip; do
	command -v "$_tool" >/dev/null 2>&1 || skip "$_tool is not installed"
done
if [[ "$(findmnt -n -o SOURCE --mountpoint /run 2>/dev/null)" != nstop-sandbox-run ]]; then
	echo "FAIL: $0 must run inside tests/sandbox.sh (it changes the network)" >&2
	exit 1
fi

GOLDEN_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/golden
export TMUX_TMPDIR
TMUX_TMPDIR=$(mktemp -d /run/nstop-tmux.XXXXXX)
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color
unset TMUX NO_COLOR
trap 'tmux kill-server >/dev/null 2>&1 || true' EXIT
# A session that outlives the test's own: without it the server exits when
# quit_ui kills the last session, and the next new-session can reach the
# dying server ("server exited unexpectedly", seen once in CI).
tmux -u -f /dev/null new-session -d -s keepalive -x 40 -y 10 "sleep 100000"

fail()
{
	echo "FAIL: $*" >&2
	exit 1
}

# Topology helpers: deterministic MACs, no IPv6 (link-local addresses and
# router solicitations would make screens differ from run to run).
no_ipv6()
{
	local ns=$1
	if [[ $ns == / ]]; then
		sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	else
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	fi
}

add_netns()
{
	ip netns add "$1"
	no_ipv6 "$1"
	ip -n "$1" link set lo up
}

# The seed's two exercises: myns with vethY/vethZ, ns1-ns3 on mybridge.
make_seed()
{
	no_ipv6 /
	add_netns myns
	ip link add vethY address 02:00:00:00:00:59 type veth peer name vethZ address 02:00:00:00:00:5a netns myns
	ip -n myns addr add 7.7.7.7/24 dev vethZ
	ip -n myns link set vethZ up
	ip -n myns route add default dev vethZ
	ip link set vethY up
	ip addr add 6.6.6.6/24 dev vethY
	ip route add 7.7.7.0/24 dev vethY
	local i=1 pair
	ip link add mybridge address 02:00:00:00:00:b0 type bridge
	ip addr add 192.168.10.1/24 dev mybridge
	ip link set mybridge up
	for pair in A:B C:D E:F; do
		local out=veth${pair%:*} in=veth${pair#*:} ns=ns$i
		add_netns "$ns"
		ip link add "$out" address "02:00:00:00:01:0$i" type veth peer name "$in" address "02:00:00:00:02:0$i" netns "$ns"
		ip link set "$out" master mybridge up
		ip -n "$ns" addr add "192.168.10.$((i + 1))/24" dev "$in"
		ip -n "$ns" link set "$in" up
		ip -n "$ns" route add default via 192.168.10.1
		i=$((i + 1))
	done
}

# start_ui [nstop args...]: nstop in a fresh tmux session "t" (UI_W x UI_H, 100x30 unless set); its
# exit status lands in $UI_RC when it quits (ASan reports leaks through it).
UI_RC=/run/nstop-ui.rc
start_ui()
{
	rm -f "$UI_RC"
	tmux -u -f /dev/null new-session -d -s t -x "${UI_W:-100}" -y "${UI_H:-30}" "${UI_ENV:-} $NSTOP $*; echo \$? >$UI_RC; sleep 600"
	wait_screen 'namespace' 5
}

# quit_ui: press q and require a clean exit (status 0).
quit_ui()
{
	tmux send-keys -t t q
	local i
	for i in $(seq 50); do
		[[ -s $UI_RC ]] && break
		sleep 0.1
	done
	[[ -s $UI_RC ]] || fail "nstop did not exit on q"
	[[ $(cat "$UI_RC") == 0 ]] || fail "nstop exited with status $(cat "$UI_RC")"
	tmux kill-session -t t >/dev/null 2>&1 || true
}

# screen: the visible pane, with the clock, inodes, pids and rates masked (UI_RATES: the rate
# columns at this width, 4 unless set; 80 columns have 2).
screen()
{
	# Rates and counters are masked too: the kernel's own background frames make them vary.
	tmux capture-pane -p -t t | sed -E '1s/[0-9]{2}:[0-9]{2}:[0-9]{2}$/HH:MM:SS/; s/inode [0-9]+/inode N/;
		s/[0-9]+ pids/N pids/; s/pids \([0-9]+\): [0-9 ]+/pids (N): .../; s/  [0-9]+ p(┌|\+|│|\|)/  N p\1/;
		s/( +([0-9.]+[kMGT]?|-)){'"${UI_RATES:-4}"'}$/ <rates>/; s/(rx|tx) [0-9.]+ [KMGTP]?i?B  [0-9]+ packets/\1 <counters>/;
		s/rate rx .*/rate <rates>/'
}

# wait_screen REGEX SECONDS: until the screen matches (grep -E), else fail.
wait_screen()
{
	local re=$1 limit_us=$((${2:-2} * 1000000)) start=${EPOCHREALTIME/./}
	while ! screen | grep -qE -- "$re"; do
		if ((${EPOCHREALTIME/./} - start > limit_us)); then
			screen >&2
			fail "screen did not show /$re/ within ${2:-2}s"
		fi
		sleep 0.02
	done
}

# body: the screen without the status and key lines (the status line names
# the last change, which may mention an object that is gone).
body()
{
	screen | head -n -2
}

# wait_gone REGEX SECONDS: until the views no longer show it.
wait_gone()
{
	local re=$1 limit_us=$((${2:-2} * 1000000)) start=${EPOCHREALTIME/./}
	while body | grep -qE -- "$re"; do
		if ((${EPOCHREALTIME/./} - start > limit_us)); then
			screen >&2
			fail "screen still shows /$re/ after ${2:-2}s"
		fi
		sleep 0.02
	done
}

keys()
{
	tmux send-keys -t t "$@"
	sleep 0.15 # one frame: nstop redraws on each key
}

# golden NAME: compare the screen with golden/NAME.txt (GENERATE=1 writes it).
golden()
{
	local name=$1 file=$GOLDEN_DIR/$1.txt
	sleep 0.2
	if [[ -n "${GENERATE:-}" ]]; then
		screen >"$file"
		echo "wrote $file"
		return
	fi
	if ! diff -u "$file" <(screen) >&2; then
		fail "screen differs from golden/$name.txt (GENERATE=1 refreshes it after review)"
	fi
}
