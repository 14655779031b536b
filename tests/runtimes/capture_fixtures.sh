#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerate tests/unit/engine_fixtures/ from real runs: the three scenarios of
# scenarios.sh, then the files each engine keeps, copied as they are (nothing
# scrubbed), with the CLIs' own views beside them as the oracles.
# Usage (root): bash tests/runtimes/capture_fixtures.sh [OUTDIR]
. "$(dirname "$0")/lib.sh"
out=${1:-$RT_LIB_DIR/../unit/engine_fixtures}
# only this script's files: the unit fixtures of tests/tools/engine_files_capture.sh share the dirs
mkdir -p "$out"
(cd "$out" && rm -rf docker/root docker/proc docker/dockerd.cmdline docker/containerd.cmdline \
	docker/run-docker-netns.txt docker/inspect.json docker/network-inspect.json \
	podman/root podman/networks podman/proc podman/conmon-*.cmdline podman/inspect.json \
	podman/pod-inspect.json podman/network-inspect.json \
	cni/net.d cni/results/containerd-net-* cni/networks/containerd-net cni/log cni/proc cni/pods.txt \
	nsfs-mountinfo.txt)
mkdir -p "$out/docker" "$out/podman" "$out/cni"

rt_start_docker
rt_docker_scenario
rt_start_podman
rt_podman_scenario
rt_cni_scenario

# save_cgroup DIR NAME PID: /proc/PID/cgroup as the sandbox reads it
save_cgroup() { mkdir -p "$1/proc"; cp "/proc/$3/cgroup" "$1/proc/$2.cgroup"; }

# Docker: the data root's files nstop reads, per container and for networks
d=$out/docker
for name in $(docker ps -a --format '{{.Names}}'); do
	id=$(docker inspect -f '{{.Id}}' "$name")
	mkdir -p "$d/root/containers/$id"
	cp /var/lib/docker/containers/"$id"/{config.v2.json,hostconfig.json} "$d/root/containers/$id/"
	save_cgroup "$d" "$name" "$(docker inspect -f '{{.State.Pid}}' "$name")"
done
mkdir -p "$d/root/network/files"
cp /var/lib/docker/network/files/local-kv.db "$d/root/network/files/"
cp "/proc/$RT_DOCKERD_PID/cmdline" "$d/dockerd.cmdline"
cp "/proc/$(cat /run/docker/containerd/containerd.pid)/cmdline" "$d/containerd.cmdline"
ls /run/docker/netns >"$d/run-docker-netns.txt"
# shellcheck disable=SC2046
docker inspect $(docker ps -aq) >"$d/inspect.json"
# shellcheck disable=SC2046
docker network inspect $(docker network ls -q) >"$d/network-inspect.json"

# Podman: containers.json (containers/storage), bolt_state.db (libpod), netavark's networks
p=$out/podman
mkdir -p "$p/root/overlay-containers" "$p/root/libpod" "$p/networks"
cp /var/lib/containers/storage/overlay-containers/containers.json "$p/root/overlay-containers/"
cp /var/lib/containers/storage/libpod/bolt_state.db "$p/root/libpod/"
cp /etc/containers/networks/*.json "$p/networks/"
for name in $(podman ps -a --format '{{.Names}}'); do
	save_cgroup "$p" "$name" "$(podman inspect -f '{{.State.Pid}}' "$name")"
	id=$(podman inspect -f '{{.Id}}' "$name")
	cp "/proc/$(cat "/run/containers/storage/overlay-containers/$id/userdata/conmon.pid")/cmdline" \
		"$p/conmon-$name.cmdline"
done
# shellcheck disable=SC2046 # one argument per id
podman inspect $(podman ps -aq) >"$p/inspect.json"
podman pod inspect pod1 >"$p/pod-inspect.json"
podman network inspect podnet >"$p/network-inspect.json"

# CNI: the conflist, libcni's result cache, host-local's reservations, kubelet's logs
c=$out/cni
mkdir -p "$c/net.d" "$c/log"
cp "$RT_CNI_CONF" "$c/net.d/"
mkdir -p "$c/results" "$c/networks"
cp -a /var/lib/cni/results/. "$c/results/"
cp -a /var/lib/cni/networks/. "$c/networks/"
rm -f "$c/networks/$RT_CNI_NET/lock"
cp -a /var/log/pods /var/log/containers "$c/log/"
for pod in "$RT_CNI_A" "$RT_CNI_B"; do
	read -r netns cid ctr uid ip <<<"$pod"
	name=$(basename /var/log/pods/*_"$uid")
	for pid in $(ip netns pids "$netns"); do
		case $(tr '\0' ' ' <"/proc/$pid/cmdline") in
		*sleep*) save_cgroup "$c" "$name-pause" "$pid" ;;
		*httpd*) save_cgroup "$c" "$name-web" "$pid" ;;
		esac
	done
	echo "$netns $cid $ctr $uid $ip $name"
done >"$c/pods.txt"
# every nsfs mount, as /proc/self/mountinfo lists them (docker's and podman's netns files)
grep ' - nsfs ' /proc/self/mountinfo >"$out/nsfs-mountinfo.txt"
du -sh "$out"
phase "captured"
