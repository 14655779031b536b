# SPDX-License-Identifier: MIT
# The sandbox for the real container runtimes (ARCHITECTURE.md §13), sourced first by every
# tests/runtimes/*.sh: outside it re-runs the script in fresh net+mount+pid+cgroup
# namespaces with private state dirs, then removes every cgroup the runtimes made.
#   NSTOP=build/src/nstop bash tests/runtimes/docker_names.sh
# Why a cgroup namespace: v1 hierarchies are shared with the host, so the runtimes'
# cgroups (docker/, libpod_parent/, kubepods/) land in a directory of our own
# (<our cgroup>/nstop-rt.PID in each hierarchy), which the sandbox sees as its root:
# /proc/PID/cgroup reads /docker/<id> as on a real host, and cleanup is one subtree.

set -euo pipefail

# skip WHY: meson's SKIP (77); under CI=true a failure, as CI installs every runtime
# (scripts/deps.sh --test) and a suite that never ran must not go green.
skip()
{
	if [[ ${CI:-} == true ]]; then
		echo "FAIL (CI=true, no skipping): $*" >&2
		exit 1
	fi
	echo "SKIP: $*" >&2
	exit 77
}

fail()
{
	echo "FAIL: $*" >&2
	exit 1
}

RT_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RT_SCRIPT=$(realpath "$0")
RT_DOCKER=/usr/bin/docker # /usr/local/bin/docker is an unrelated static client
RT_DOCKERD=${RT_DOCKERD:-/usr/sbin/dockerd} # (overridable: the failure path is tested so)
RT_RUNC=/usr/sbin/runc
RT_CNI_BIN=/usr/lib/cni # (RT_CNI_*: the CNI helpers in lib_cni.sh)
RT_BUSYBOX=/bin/busybox
RT_TMP=/run/nstop-rt-tmp # the runtimes' TMPDIR, inside the sandbox's private /run

# phase NAME: print how long the step that ends here took (and the total so far).
RT_T0=${EPOCHREALTIME/./}
RT_TLAST=$RT_T0
phase()
{
	local now=${EPOCHREALTIME/./}
	printf 'phase %-28s %6.2fs  (total %6.2fs)\n' "$1" \
		"$(((now - RT_TLAST) / 10000))e-2" "$(((now - RT_T0) / 10000))e-2"
	RT_TLAST=$now
}

# rt_need_tools: every runtime binary the suite drives, else skip saying which.
rt_need_tools()
{
	local t missing=()
	for t in unshare ip jq nsenter findmnt tar tmux nft podman conmon /usr/lib/podman/netavark \
		"$RT_DOCKER" "$RT_DOCKERD" "$RT_RUNC" "$RT_BUSYBOX" containerd ctr \
		"$RT_CNI_BIN/bridge" "$RT_CNI_BIN/host-local" "$RT_CNI_BIN/portmap" "$RT_CNI_BIN/loopback"; do
		command -v "$t" >/dev/null 2>&1 || missing+=("$t")
	done
	((${#missing[@]} == 0)) || skip "not installed: ${missing[*]} (scripts/deps.sh --test installs them)"
}

# The host's cgroup hierarchies: "MOUNTPOINT TYPE OPTIONS" for each cgroup/cgroup2
# mount under /sys/fs/cgroup (OPTIONS: the controllers or name=, as mount -o wants).
rt_host_cgroups()
{
	awk '$3 == "cgroup" || $3 == "cgroup2" {
		if (index($2, "/sys/fs/cgroup/") != 1 && $2 != "/sys/fs/cgroup") next
		n = split($4, o, ","); opts = ""
		for (i = 1; i <= n; i++) {
			if (o[i] ~ /^(rw|ro|relatime|noatime|nosuid|nodev|noexec|nsdelegate|memory_recursiveprot)$/) continue
			opts = opts (opts == "" ? "" : ",") o[i]
		}
		if ($3 == "cgroup" && opts ~ /^name=/) opts = "none," opts
		print $2, $3, (opts == "" ? "-" : opts)
	}' /proc/self/mounts
}

# rt_own_cgroup TYPE OPTIONS: this process's cgroup in that hierarchy (/proc/self/cgroup).
rt_own_cgroup()
{
	local type=$1 opts=$2 id ctrls path c
	while IFS=: read -r id ctrls path; do
		if [[ $type == cgroup2 ]]; then
			[[ $id == 0 ]] && { echo "$path"; return; }
			continue
		fi
		for c in ${opts//,/ }; do
			[[ $c == none ]] && continue
			[[ ",$ctrls," == *",$c,"* ]] && { echo "$path"; return; }
		done
	done </proc/self/cgroup
	echo /
}

# The real namespace's state, compared before and after the run.
rt_host_state()
{
	ip -br link
	ls /run/netns 2>/dev/null || true
	nft list ruleset 2>/dev/null | md5sum
	# some of these do not exist on a machine where no runtime ever ran: find
	# then exits 1, which must not end the run under pipefail (it did, silently)
	{ find /var/lib/docker /var/lib/containerd /var/lib/containers /var/lib/cni /etc/docker \
		/etc/cni/net.d /etc/containers /var/log/pods /var/log/containers 2>/dev/null || true; } | sort
}

# rt_outer ARGS: make our cgroups, run this script in the sandbox, clean up.
rt_outer()
{
	[[ $(id -u) == 0 ]] || skip "the runtime tests need root (namespaces, mounts, cgroups, daemons)"
	rt_need_tools
	local why
	why=$(unshare --net --mount --pid --cgroup --fork --mount-proc true 2>&1) ||
		skip "cannot make the sandbox's namespaces: unshare --net --mount --pid --cgroup: ${why:-no message}"
	local before after rc=0 mnt type opts own dir dirs=() specs=()
	before=$(rt_host_state)
	while read -r mnt type opts; do
		own=$(rt_own_cgroup "$type" "$opts")
		dir=$mnt${own%/}/nstop-rt.$$
		mkdir "$dir" || fail "cannot make cgroup $dir"
		# a cpuset takes no process until it has cpus and mems (copy the parent's)
		if [[ -f $dir/cpuset.cpus ]]; then
			cat "${dir%/*}/cpuset.cpus" >"$dir/cpuset.cpus"
			cat "${dir%/*}/cpuset.mems" >"$dir/cpuset.mems"
		fi
		dirs+=("$dir")
		specs+=("$mnt:$type:$opts")
	done < <(rt_host_cgroups)
	((${#dirs[@]})) || skip "no cgroup hierarchy is mounted under /sys/fs/cgroup"
	# shellcheck disable=SC2016 # expanded by the inner bash
	(
		for dir in "${dirs[@]}"; do
			echo "$BASHPID" >"$dir/cgroup.procs" || fail "cannot join cgroup $dir"
		done
		exec unshare --net --mount --pid --cgroup --fork --mount-proc --propagation private -- \
			env NSTOP_RT_INSIDE=1 NSTOP_RT_CGROUPS="${specs[*]}" bash "$RT_SCRIPT" "$@"
	) || rc=$?
	rt_cgroup_cleanup "${dirs[@]}" || rc=1
	after=$(rt_host_state)
	if [[ "$before" != "$after" ]]; then
		echo "FAIL: the real namespace changed during the run:" >&2
		diff <(echo "$before") <(echo "$after") >&2 || true
		rc=1
	fi
	exit "$rc"
}

# rt_cgroup_cleanup DIR...: the sandbox is gone (its pid namespace killed every
# process); wait for the cgroups to empty, then remove each subtree deepest first.
rt_cgroup_cleanup()
{
	local dir i ok=0 left
	for dir in "$@"; do
		for ((i = 0; i < 100; i++)); do
			left=$(find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null | head -n 5)
			[[ -z $left ]] && break
			sleep 0.1
		done
		[[ -z $left ]] || { echo "FAIL: processes still in $dir: $left" >&2; ok=1; }
		find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
		if [[ -d $dir ]]; then
			echo "FAIL: cannot remove cgroup $dir" >&2
			ok=1
		fi
	done
	return "$ok"
}

# rt_private_dir DIR: a private tmpfs on DIR. A DIR the host lacks (a clean machine
# has no /var/log/pods) is made inside an overlay of its nearest existing parent, in
# the sandbox's mount namespace only: the host's tree never gets the directory.
RT_OVERLAID=()
rt_private_dir()
{
	local d=$1 parent o
	if [[ ! -d $d ]]; then
		parent=$(dirname "$d")
		while [[ ! -d $parent ]]; do parent=$(dirname "$parent"); done
		if [[ " ${RT_OVERLAID[*]} " != *" $parent "* ]]; then
			o=/run/nstop-ovl/${#RT_OVERLAID[@]}
			mkdir -p "$o/upper" "$o/work"
			mount -t overlay nstop-rt-ovl -o "lowerdir=$parent,upperdir=$o/upper,workdir=$o/work" "$parent" ||
				fail "$d does not exist and an overlay of $parent to make it in the sandbox failed"
			RT_OVERLAID+=("$parent")
		fi
		mkdir -p "$d"
	fi
	mount -t tmpfs -o mode=755 nstop-rt "$d"
}

# rt_inner_mounts: the sandbox's private state, one mount per place a runtime writes.
rt_inner_mounts()
{
	local spec mnt type opts d
	mount -t tmpfs -o mode=755 nstop-sandbox-run /run
	mkdir -p /run/netns /run/lock
	mount -t sysfs sysfs /sys
	mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
	for spec in $NSTOP_RT_CGROUPS; do
		IFS=: read -r mnt type opts <<<"$spec"
		mkdir -p "$mnt"
		if [[ $opts == - ]]; then
			mount -t "$type" "$type" "$mnt"
		else
			mount -t "$type" -o "$opts" "$type" "$mnt"
		fi
	done
	# podman reads its policy and registries from /etc/containers: keep those
	cp -a /etc/containers/policy.json /etc/containers/registries.conf /run/
	for d in /var/lib/docker /var/lib/containerd /var/lib/containers /var/lib/cni /etc/docker \
		/etc/cni/net.d /etc/containers /var/log/pods /var/log/containers; do
		rt_private_dir "$d"
	done
	# The runtimes' scratch space is under the private /run, not a tmpfs over /tmp:
	# the source tree and build may live in /tmp (a CI clone), and must stay visible.
	mkdir -p -m 1777 "$RT_TMP"
	export TMPDIR=$RT_TMP
	mv /run/policy.json /run/registries.conf /etc/containers/
	cat >/etc/containers/storage.conf <<-END
		[storage]
		driver = "overlay"
		runroot = "/run/containers/storage"
		graphroot = "/var/lib/containers/storage"
	END
	cat >/etc/containers/containers.conf <<-END
		[engine]
		cgroup_manager = "cgroupfs"
		events_logger = "file"
		runtime = "runc"
		infra_image = "localhost/podman-pause:4.3.1"
		[network]
		network_backend = "netavark"
	END
	ip link set lo up
}

# rt_image: the busybox image (/bin/busybox + one link per applet, never `busybox`
# itself; /pause for podman's infra; /www for httpd) as a tar in /run/bb.tar.
rt_image()
{
	local root=$RT_TMP/bbroot a
	mkdir -p "$root/bin" "$root/www" "$root/etc" "$root/tmp"
	cp "$RT_BUSYBOX" "$root/bin/busybox"
	for a in $("$RT_BUSYBOX" --list); do
		[[ $a == busybox ]] && continue
		ln -s busybox "$root/bin/$a"
	done
	printf '#!/bin/sh\nexec sleep 2147483647\n' >"$root/pause"
	chmod 755 "$root/pause"
	echo nstop-runtimes-ok >"$root/www/index.html"
	echo 'root:x:0:0:root:/:/bin/sh' >"$root/etc/passwd"
	tar -C "$root" -cf /run/bb.tar .
}

# docker ARGS: the Debian client on our socket.
docker()
{
	"$RT_DOCKER" -H unix:///run/docker.sock "$@"
}

# rt_start_docker: dockerd (and the containerd it manages) with every location
# explicit; waits until it answers, imports bb. Fails saying why.
RT_DOCKERD_PID=
rt_start_docker()
{
	"$RT_DOCKERD" --data-root /var/lib/docker --exec-root /run/docker \
		--pidfile /run/docker.pid -H unix:///run/docker.sock --log-level warn \
		>/run/dockerd.log 2>&1 &
	RT_DOCKERD_PID=$!
	local i
	for ((i = 0; i < 300; i++)); do
		docker version >/dev/null 2>&1 && break
		if ! kill -0 "$RT_DOCKERD_PID" 2>/dev/null; then
			cat /run/dockerd.log >&2
			RT_DOCKERD_PID=
			skip "dockerd exited before answering (its log above)"
		fi
		sleep 0.1
	done
	if ! docker version >/dev/null 2>&1; then
		tail -n 30 /run/dockerd.log >&2
		skip "dockerd did not answer on /run/docker.sock within 30 s (its log above)"
	fi
	phase "dockerd up"
	[[ -s /run/bb.tar ]] || rt_image
	docker import -c 'CMD ["/bin/sh"]' - bb </run/bb.tar >/dev/null ||
		skip "docker import of the busybox image failed"
	phase "docker import"
}

# rt_stop_docker: remove the containers (SIGKILL, so no 10 s stop timeouts), then
# dockerd by pid; its containerd (pid in its exec root) if it stayed.
rt_stop_docker()
{
	[[ -n $RT_DOCKERD_PID ]] || return 0
	local ids ctrd i
	ids=$(docker ps -aq 2>/dev/null || true)
	# shellcheck disable=SC2086 # one argument per id
	[[ -z $ids ]] || docker rm -f $ids >/dev/null 2>&1 || true
	ctrd=$(cat /run/docker/containerd/containerd.pid 2>/dev/null || true)
	kill -TERM "$RT_DOCKERD_PID" 2>/dev/null || true
	for ((i = 0; i < 150; i++)); do
		kill -0 "$RT_DOCKERD_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$RT_DOCKERD_PID" 2>/dev/null || true
	wait "$RT_DOCKERD_PID" 2>/dev/null || true
	if [[ -n $ctrd ]] && kill -0 "$ctrd" 2>/dev/null; then
		kill -TERM "$ctrd" 2>/dev/null || true
	fi
	RT_DOCKERD_PID=
}

# rt_start_containerd: a standalone containerd (its CRI plugin included), as on a
# Kubernetes node, with every location explicit; waits until it answers.
RT_CONTAINERD_PID=
rt_start_containerd()
{
	mkdir -p /run/containerd
	containerd --root /var/lib/containerd --state /run/containerd \
		--address /run/containerd/containerd.sock --log-level warn >/run/containerd.log 2>&1 &
	RT_CONTAINERD_PID=$!
	local i
	for ((i = 0; i < 200; i++)); do
		ctr --address /run/containerd/containerd.sock version >/dev/null 2>&1 && break
		if ! kill -0 "$RT_CONTAINERD_PID" 2>/dev/null; then
			cat /run/containerd.log >&2
			RT_CONTAINERD_PID=
			skip "containerd exited before answering (its log above)"
		fi
		sleep 0.1
	done
	ctr --address /run/containerd/containerd.sock version >/dev/null 2>&1 || {
		tail -n 30 /run/containerd.log >&2
		skip "containerd did not answer on /run/containerd/containerd.sock within 20 s (its log above)"
	}
	phase "containerd up"
}

rt_stop_containerd()
{
	local i
	kill -TERM "$RT_CONTAINERD_PID" 2>/dev/null || true
	for ((i = 0; i < 100; i++)); do
		kill -0 "$RT_CONTAINERD_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$RT_CONTAINERD_PID" 2>/dev/null || true
	wait "$RT_CONTAINERD_PID" 2>/dev/null || true
	RT_CONTAINERD_PID=
}

# podman ARGS: podman with every choice explicit (so conmon's cmdline names them).
RT_PODMAN_USED=
podman()
{
	RT_PODMAN_USED=1
	command podman --root /var/lib/containers/storage --runroot /run/containers/storage \
		--network-backend netavark --runtime "$RT_RUNC" --cgroup-manager cgroupfs \
		--events-backend file "$@"
}

# rt_start_podman: import bb into podman's store.
rt_start_podman()
{
	[[ -s /run/bb.tar ]] || rt_image
	local out
	out=$(podman import -c 'CMD ["/bin/sh"]' /run/bb.tar localhost/bb:latest 2>&1) ||
		skip "podman import failed: $out"
	# podman builds its pause image with catatonit, which Debian 12 lacks: the same rootfs
	out=$(podman import -c 'CMD ["/pause"]' /run/bb.tar localhost/podman-pause:4.3.1 2>&1) ||
		skip "podman import of the pause image failed: $out"
	phase "podman import"
}

rt_stop_podman()
{
	[[ -n $RT_PODMAN_USED ]] || return 0
	podman pod rm -f -t 0 -a >/dev/null 2>&1 || true
	podman rm -f -t 0 -a >/dev/null 2>&1 || true
}

# The end of every run: stop what we started, by pid; print the timings.
# rt_finish [RC]: RC defaults to the status the script is exiting with.
rt_finish()
{
	local rc=$?
	[[ $# == 0 ]] || rc=$1
	trap - EXIT
	if [[ -n $RT_PODMAN_USED ]]; then
		rt_stop_podman
		phase "podman stopped"
	fi
	if [[ -n $RT_DOCKERD_PID ]]; then
		rt_stop_docker
		phase "dockerd stopped"
	fi
	if ((${#RT_CNI_PODS[@]})); then
		rt_cni_cleanup
		phase "cni pods deleted"
	fi
	if [[ -n $RT_CONTAINERD_PID ]]; then
		rt_stop_containerd
		phase "containerd stopped"
	fi
	exit "$rc"
}

. "$RT_LIB_DIR/lib_cni.sh"
. "$RT_LIB_DIR/lib_scenarios.sh"

if [[ ${NSTOP_RT_INSIDE:-} != 1 ]]; then
	rt_outer "$@"
fi
[[ $$ == 1 || $PPID == 1 ]] || fail "$0: NSTOP_RT_INSIDE set outside the sandbox"
rt_inner_mounts
trap rt_finish EXIT
phase "sandbox"
