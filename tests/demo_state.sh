# SPDX-License-Identifier: MIT
# Sourced by the --demo tests (tests/netns/demo_scenarios.sh, tests/ui/demo.sh),
# after their lib.sh (which defines fail): what must not change in the namespace
# the test runs in, whatever the demo does inside its own sandbox.
demo_state()
{
	echo "-- links"
	ip -o link show | sed -E 's/^[0-9]+: //; s/ link\/.*//'
	echo "-- /run/netns"
	ls -A /run/netns
	echo "-- nft"
	nft list ruleset
	echo "-- net namespaces of processes"
	for p in /proc/[0-9]*; do readlink "$p/ns/net" 2>/dev/null || true; done | sort -u
	echo "-- processes"
	ps -e -o comm= | grep -c nstop || true
}
DEMO_BEFORE=$(demo_state)

# nothing_left WHAT: within 5 s the state is DEMO_BEFORE again, or fail naming WHAT.
nothing_left()
{
	local i now
	for i in $(seq 50); do
		now=$(demo_state)
		[[ $now == "$DEMO_BEFORE" ]] && return 0
		sleep 0.1
	done
	diff -u <(echo "$DEMO_BEFORE") <(echo "$now") >&2 || true
	fail "$1 left something behind in the namespace it was started from"
}
