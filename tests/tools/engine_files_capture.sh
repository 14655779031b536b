#!/bin/sh
# SPDX-License-Identifier: MIT
# Run dockerd and podman inside the sandbox (ARCHITECTURE.md §13), make a few
# containers, networks and a pod, and copy the engines' own files to OUT
# (tests/unit/engine_fixtures are made this way). Usage, as root:
#   sh tests/sandbox.sh sh tests/tools/engine_files_capture.sh OUT
set -eu
out=$1
mkdir -p "$out"
# podman needs the host's policy.json and registries.conf under the private /etc/containers
mkdir -p /run/etc-containers
cp -r /etc/containers/. /run/etc-containers/ 2>/dev/null || true
for d in /var/lib/docker /var/lib/containerd /var/lib/containers /var/lib/cni /etc/docker /etc/cni/net.d \
	/etc/containers /var/log/pods /var/log/containers /tmp/bbroot; do
	mkdir -p "$d"
	mount -t tmpfs tmpfs "$d"
done
cp -r /run/etc-containers/. /etc/containers/
mount -t tmpfs tmpfs /sys/fs/cgroup
for c in cpu cpuacct cpuset memory devices freezer blkio pids; do
	mkdir -p /sys/fs/cgroup/$c
	mount -t cgroup -o $c cgroup /sys/fs/cgroup/$c
done
mkdir -p /sys/fs/cgroup/systemd /sys/fs/cgroup/unified
mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd
mount -t cgroup2 cgroup2 /sys/fs/cgroup/unified
mkdir -p /tmp/bbroot/bin
cp /usr/bin/busybox /tmp/bbroot/bin/busybox
for a in $(/usr/bin/busybox --list); do
	[ "$a" = busybox ] || ln -s busybox /tmp/bbroot/bin/$a
done
D="/usr/bin/docker -H unix:///run/docker.sock"
P="podman --network-backend netavark --runtime /usr/sbin/runc --cgroup-manager cgroupfs"
P2="podman --network-backend cni --runtime /usr/sbin/runc --cgroup-manager cgroupfs"
cleanup()
{
{ $D ps -aq --no-trunc; $P ps -aq --no-trunc; $P pod ps -q --no-trunc; $P2 ps -aq --no-trunc; } >"$out/ids" 2>/dev/null || true
	# stop everything by pid
	$P2 rm -f -a -t 0 >/dev/null 2>&1 || true
	$P pod rm -f -a -t 0 >/dev/null 2>&1 || true
	$P rm -f -a -t 0 >/dev/null 2>&1 || true
	$D rm -f $($D ps -aq) >/dev/null 2>&1 || true
	kill "$(cat /run/docker.pid)" 2>/dev/null || true
	i=0
	while [ -e /run/docker.pid ] && [ $i -lt 40 ]; do sleep 0.5; i=$((i + 1)); done
	# the v1 hierarchies are the host's: remove the empty cgroups the runtimes made there
	for id in $(cat "$out/ids" 2>/dev/null); do
		for h in /sys/fs/cgroup/*/docker/$id /sys/fs/cgroup/*/libpod_parent/$id /sys/fs/cgroup/*/libpod_parent/*/libpod-$id \
			/sys/fs/cgroup/*/libpod_parent/libpod-$id /sys/fs/cgroup/*/libpod_parent/libpod-conmon-$id \
			/sys/fs/cgroup/*/libpod_parent/*/libpod-conmon-$id; do
			[ -d "$h" ] && rmdir "$h" 2>/dev/null || true
		done
	done
	for h in /sys/fs/cgroup/*/libpod_parent/*/; do rmdir "$h" 2>/dev/null || true; done
}
trap cleanup EXIT
dockerd --data-root /var/lib/docker --exec-root /run/docker --pidfile /run/docker.pid \
	-H unix:///run/docker.sock >/run/dockerd.log 2>&1 &
i=0
until /usr/bin/docker -H unix:///run/docker.sock info >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 60 ] || { tail -20 /run/dockerd.log; exit 1; }
	sleep 0.5
done
tar -C /tmp/bbroot -c . | $D import -c 'CMD ["/bin/sh"]' - bb >/dev/null
$D network create appnet >/dev/null
$D run -d --name web1 -p 8080:80 -p 127.0.0.1:5353:53/udp bb sleep 1000 >/dev/null
$D run -d --name app1 --network appnet bb sleep 1000 >/dev/null
$D run -d --name side --network container:app1 bb sleep 1000 >/dev/null
$D run -d --name lonely --network none bb sleep 1000 >/dev/null
$D network create emptynet >/dev/null
$D inspect web1 app1 side lonely >"$out/docker-inspect.json"
$D network inspect bridge appnet emptynet >"$out/docker-network-inspect.json"
mkdir -p "$out/docker"
cp /var/lib/docker/network/files/local-kv.db "$out/docker/local-kv.db"
for c in /var/lib/docker/containers/*; do
	id=$(basename "$c")
	name=$($D inspect -f '{{.Name}}' "$id" | tr -d /)
	cp "$c/config.v2.json" "$out/docker/$name.config.v2.json"
	cp "$c/hostconfig.json" "$out/docker/$name.hostconfig.json"
done
# podman, netavark
tar -C /tmp/bbroot -c . | $P import -c 'CMD ["/bin/sh"]' - bb >/dev/null
$P network create pnet >/dev/null
$P pod create --name pod1 -p 8081:80 --infra-image localhost/bb --infra-command "/bin/sleep 100000" >/dev/null
$P run -d --pod pod1 --name pa bb sleep 1000 >/dev/null
$P run -d --pod pod1 --name pb bb sleep 1000 >/dev/null
$P run -d --name solo --network pnet -p 9090:90 bb sleep 1000 >/dev/null
$P inspect pa pb solo >"$out/podman-inspect.json"
$P pod inspect pod1 >"$out/podman-pod-inspect.json"
mkdir -p "$out/podman"
cp /var/lib/containers/storage/libpod/bolt_state.db "$out/podman/bolt_state.db"
cp /var/lib/containers/storage/overlay-containers/containers.json "$out/podman/containers.json"
cp /etc/containers/networks/*.json "$out/podman/" 2>/dev/null || true
for p in $($P ps -q --no-trunc); do
	echo "$p $(cat /proc/$($P inspect -f '{{.State.Pid}}' $p)/cgroup | tr '\n' ' ')"
done >"$out/podman/cgroups.txt"
for c in $($D ps -q --no-trunc); do
	echo "$c $(cat /proc/$($D inspect -f '{{.State.Pid}}' $c)/cgroup | tr '\n' ' ')"
done >"$out/docker/cgroups.txt"
# podman on CNI: the libcni cache
$P2 network create cnet >/dev/null 2>&1 || true
$P2 run -d --name cnictr --network cnet -p 7070:70 bb sleep 1000 >/dev/null 2>&1 || echo "cni run failed" >"$out/cni-failed"
mkdir -p "$out/cni"
cp -r /var/lib/cni/. "$out/cni/" 2>/dev/null || true
cp /etc/cni/net.d/* "$out/cni/" 2>/dev/null || true
$P2 inspect cnictr >"$out/podman-cni-inspect.json" 2>/dev/null || true
# NSTOP_PROBE=build/tests/backend/be_engines_probe: what nstop's backend makes of it all, live daemons running
if [ -n "${NSTOP_PROBE:-}" ]; then
	"$NSTOP_PROBE" sites >"$out/probe.txt" 2>&1 || true
	"$NSTOP_PROBE" snapshot >>"$out/probe.txt" 2>&1 || true
fi
chmod -R a+rX "$out"
