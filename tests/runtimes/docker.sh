#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Docker by name (issue 12): the scenario of lib_scenarios.sh on a real dockerd; every
# container's namespace, display name, containers and published ports in nstop --json
# against docker inspect, bridges named after docker network inspect, --dump, --dot,
# --ns by every kind of name, and the published port reached from another namespace.
. "$(dirname "$0")/lib.sh"
. "$RT_LIB_DIR/lib_checks.sh"
rt_start_docker
rt_docker_scenario
# a bridge no engine made, with no ports: it must keep warning (the control case)
ip link add lonebr type bridge
ip link set lonebr up
client_ns

oracle=$(oracle_docker)
expect_eq "containers docker ps lists" 5 "$(jq length <<<"$oracle")"
check_all "$oracle"
phase "json checks"

# networks: docker0 and br-<id12> carry the names docker network inspect gives
# shellcheck disable=SC2046 # one argument per id
while read -r name ifname; do
	check_network "$ifname" "$name"
done < <(docker network inspect $(docker network ls -q --filter driver=bridge) |
	jq -r '.[] | "\(.Name) \(.Options["com.docker.network.bridge.name"] // ("br-" + .Id[:12]))"')
empty_if=br-$(docker network inspect -f '{{.Id}}' emptynet | cut -c1-12)
jq_eq ".namespaces[] | select(.self) | .links[] | select(.name == \"$empty_if\") | [.warnings[]? | select(test(\"no ports\"))]" "[]"
jq_eq ".namespaces[] | select(.self) | .links[] | select(.name == \"lonebr\") | [.warnings[]? | select(test(\"no ports\"))] | length" 1
phase "network checks"

# text outputs: peers and headers by display name; the DOT graph parses and names them
for c in web1 db1 app1 lonely; do
	ino=$(rt_netns_inode "$(docker inspect -f '{{.State.Pid}}' "$c")")
	d=$(oracle_display "$oracle" "$ino")
	if [[ $c == lonely ]]; then
		check_dump_header "$d" "$ino" # --network none: no veth
	else
		check_dump_peer "$d" "$ino"
	fi
done
dump=$("$NSTOP" --dump)
if grep -qF -- "<-> /run/docker/netns/" <<<"$dump"; then
	fail "nstop --dump still names a Docker peer by its mount path: $(grep -F -- '<-> /run/docker/netns/' <<<"$dump" | head -n 3)"
fi
web1_ino=$(rt_netns_inode "$(docker inspect -f '{{.State.Pid}}' web1)")
grep -E -- "-> web1:eth0" <<<"$dump" | grep -q 'dnat to' ||
	fail "nstop --dump has no DNAT line whose target is web1:eth0"
dot=$("$NSTOP" --dot)
for d in web1 db1 app1+side lonely; do
	grep -qF -- "$d" <<<"$dot" || fail "nstop --dot does not name $d"
done
if command -v dot >/dev/null; then
	dot -Tsvg <<<"$dot" >/dev/null || fail "dot cannot read nstop --dot"
fi
echo "ok: --dot names every container namespace"
phase "dump/dot checks"

# --ns: container name, joiner's name, display name, inode; unknown names exit 2
app1_ino=$(rt_netns_inode "$(docker inspect -f '{{.State.Pid}}' app1)")
check_ns_arg web1 "$web1_ino"
check_ns_arg app1 "$app1_ino"
check_ns_arg side "$app1_ino"
check_ns_arg app1+side "$app1_ino"
check_ns_arg "$web1_ino" "$web1_ino"
rc=0
"$NSTOP" --ns no-such-container --json >/dev/null 2>&1 || rc=$?
expect_eq "exit status of nstop --ns no-such-container" 2 "$rc"
phase "--ns checks"

# traffic: the published port from another namespace, through Docker's DNAT (the
# network itself is not reachable from outside: Docker's FORWARD drops it, as it should)
check_http_from client 10.99.0.1 8080
phase "traffic"
