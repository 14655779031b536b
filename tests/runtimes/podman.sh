#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Podman by name (issue 12): a pod of two containers (and its infra) and a standalone
# container on the netavark network podnet, cgroupfs driver; nstop --json against
# podman inspect / podman pod inspect / podman network inspect, --dump, --ns by
# pod and container name, and the pod's published port reached from another namespace.
. "$(dirname "$0")/lib.sh"
. "$RT_LIB_DIR/lib_checks.sh"
rt_start_podman
rt_podman_scenario
client_ns

oracle=$(oracle_podman)
expect_eq "containers podman ps lists (with the pod's infra)" 4 "$(jq length <<<"$oracle")"
check_all "$oracle"
phase "json checks"

while read -r name ifname; do
	check_network "$ifname" "$name"
done < <(podman network inspect podnet | jq -r '.[] | "\(.name) \(.network_interface)"')
phase "network checks"

pod_ino=$(jq -r 'map(select(.pod != null))[0].inode' <<<"$oracle")
pstand_ino=$(jq -r 'map(select(.name == "pstand"))[0].inode' <<<"$oracle")
pod_name=$(podman pod inspect pod1 | jq -r .Name)
check_dump_peer "$pod_name" "$pod_ino"
check_dump_peer pstand "$pstand_ino"
dump=$("$NSTOP" --dump)
if grep -qF -- "<-> /run/netns/netns-" <<<"$dump"; then
	fail "nstop --dump still names a Podman peer by its mount path"
fi
phase "dump checks"

check_ns_arg "$pod_name" "$pod_ino"
check_ns_arg pod1-web "$pod_ino"
check_ns_arg pod1-side "$pod_ino"
check_ns_arg pstand "$pstand_ino"
phase "--ns checks"

check_http_from client 10.99.0.1 8081
phase "traffic"
