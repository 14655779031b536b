#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# All three engines on one host (issue 12): Docker, Podman and two CNI pods at once,
# every namespace named against its own engine's oracle, display names unique where
# the engines' names are; a name both Docker and Podman use (twin) is ambiguous for
# --ns (exit 2, both listed) and each engine's copy is still found by its inode.
. "$(dirname "$0")/lib.sh"
. "$RT_LIB_DIR/lib_checks.sh"
rt_start_docker
rt_docker_scenario
rt_start_podman
rt_podman_scenario
rt_cni_scenario
docker run -d --name twin bb sleep 2147483647 >/dev/null
podman run -d --name twin localhost/bb sleep 2147483647 >/dev/null
phase "twins"

oracle=$(jq -s -c 'add' <(oracle_docker) <(oracle_podman) <(oracle_cni))
expect_eq "containers of the three engines" 13 "$(jq length <<<"$oracle")"
expect_eq "namespaces no two engines share" \
	"$(jq '[.[].inode] | unique | length' <<<"$oracle")" \
	"$(jq 'group_by(.inode) | map(map(.engine) | unique | length) | map(select(. == 1)) | length' <<<"$oracle")"
check_all "$oracle"
phase "json checks"

d_ino=$(rt_netns_inode "$(docker inspect -f '{{.State.Pid}}' twin)")
p_ino=$(rt_netns_inode "$(podman inspect -f '{{.State.Pid}}' twin)")
d_name=$(json | jq -r ".namespaces[] | select(.inode == $d_ino) | .name")
p_name=$(json | jq -r ".namespaces[] | select(.inode == $p_ino) | .name")
check_ns_ambiguous twin "$d_name|$d_ino" "$p_name|$p_ino"
check_ns_arg "$d_ino" "$d_ino"
check_ns_arg "$p_ino" "$p_ino"
check_ns_arg web1 "$(rt_netns_inode "$(docker inspect -f '{{.State.Pid}}' web1)")"
check_ns_arg pod1 "$(jq -r 'map(select(.pod == "pod1"))[0].inode' <<<"$oracle")"
check_ns_arg default/nginx-7d9f "$(jq -r 'map(select(.pod == "nginx-7d9f"))[0].inode' <<<"$oracle")"
phase "--ns checks"
