#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Kubernetes/CNI pods by name (issue 12): two pods made as kubelet + containerd make
# them (lib_cni.sh: bridge + host-local + portmap, libcni's cache, kubelet-style
# cgroups, one pod per cgroup driver, kubelet's log dirs); nstop --json against the
# CNI result cache (containerd runs, as on a node), the bridge named after the conflist, --dump, --ns by pod name,
# and both hostPorts reached from another namespace.
. "$(dirname "$0")/lib.sh"
. "$RT_LIB_DIR/lib_checks.sh"
rt_start_containerd # the node's runtime: nstop finds the CRI files from its process
rt_cni_scenario
client_ns

oracle=$(oracle_cni)
expect_eq "pods in libcni's cache" 2 "$(jq length <<<"$oracle")"
check_all "$oracle"
phase "json checks"

check_network "$(jq -r '.plugins[0].bridge' "$RT_CNI_CONF")" "$(jq -r .name "$RT_CNI_CONF")"
phase "network checks"

for ino in $(jq -r '.[].inode' <<<"$oracle"); do
	d=$(oracle_display "$oracle" "$ino")
	check_dump_peer "$d" "$ino"
	check_ns_arg "$d" "$ino"
	check_ns_arg "$(jq -r --argjson i "$ino" 'map(select(.inode == $i))[0].pod' <<<"$oracle")" "$ino"
done
phase "dump/--ns checks"

# both hostPorts, through portmap's DNAT, from another namespace
for port in $(jq -r '.[].ports[] | split(" ")[1]' <<<"$oracle"); do
	check_http_from client 10.99.0.1 "$port"
done
phase "traffic"
