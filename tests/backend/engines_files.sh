#!/bin/bash
# SPDX-License-Identifier: MIT
# The engines' files, end to end without their daemons (run inside
# tests/sandbox.sh): fake dockerd, conmon and containerd processes (shell
# scripts with the daemons' names and command lines) point at trees of the
# real files captured in tests/unit/engine_fixtures; the namespaces and
# bridges those files name are made here. Checks that the locations come from
# the command lines (containerd's from its chroot, through /proc/PID/root),
# that every namespace gets its containers' names and every bridge its
# network, with docker/podman inspect of the captured containers as the
# oracle; then that the live loop reads the files once while idle, again on
# a change and when a daemon goes, and how long a read of 20 containers takes.
set -euo pipefail
FX=$(cd "$(dirname "$0")/../unit/engine_fixtures" && pwd)
PROBE=${BE_ENGINES_PROBE:?}
T=/run/engtest
mkdir -p "$T/bin"
fail=0
check() # WHAT, then a command that must succeed
{
	local what=$1
	shift
	if "$@"; then
		echo "ok: $what"
	else
		echo "FAIL: $what" >&2
		fail=1
	fi
}
pids=()
cleanup()
{
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# a fake daemon: the script's name is the process's comm, its arguments the command line
fake()
{
	local path=$1
	printf '#!/bin/sh\nsleep 1000\n' >"$path"
	chmod +x "$path"
}

# --- Docker: data root from --data-root ---
D=$T/docker-root
for n in web1 app1 side lonely; do
	id=$(jq -r .ID "$FX/docker/$n.config.v2.json")
	mkdir -p "$D/containers/$id"
	cp "$FX/docker/$n.config.v2.json" "$D/containers/$id/config.v2.json"
	cp "$FX/docker/$n.hostconfig.json" "$D/containers/$id/hostconfig.json"
done
mkdir -p "$D/network/files"
cp "$FX/docker/local-kv.db" "$D/network/files/"
fake "$T/bin/dockerd"
"$T/bin/dockerd" --data-root "$D" --exec-root /run/docker -H unix:///run/x.sock &
pids+=($!)

# --- Podman: graphroot from conmon's exit command ---
P=$T/podman-root
mkdir -p "$P/libpod" "$P/overlay-containers" "$T/podman-nets"
cp "$FX/podman/bolt_state.db" "$P/libpod/"
cp "$FX/podman/containers.json" "$P/overlay-containers/"
cp "$FX/podman/pnet.json" "$T/podman-nets/"
fake "$T/bin/conmon"
"$T/bin/conmon" --api-version 1 -c 52da169dfe48 --exit-command /usr/bin/podman --exit-command-arg --root \
	--exit-command-arg "$P" --exit-command-arg --network-config-dir --exit-command-arg "$T/podman-nets" \
	--exit-command-arg --network-backend --exit-command-arg netavark --exit-command-arg container &
conmon_pid=$!
pids+=($conmon_pid)

# --- containerd in a chroot: /var/lib/cni and /var/log/pods of its own root (read through /proc/PID/root) ---
C=$T/croot
# /var/lib/cni an absolute symlink in the chroot: it must resolve in the daemon's root, not nstop's
mkdir -p "$C/bin" "$C/data/cni/results" "$C/var/lib" "$C/var/log/pods" "$C/var/log/containers"
ln -s /data/cni "$C/var/lib/cni"
[ ! -e /data/cni ] || { echo "FAIL: /data/cni exists outside the chroot: the symlink check would not tell" >&2; exit 1; }
# sh and sleep with the libraries they load, nothing else
for f in /bin/sh /bin/sleep $(ldd /bin/sh; ldd /bin/sleep); do
	[ "${f#/}" != "$f" ] && [ -e "$f" ] || continue # ldd's other words: names, addresses
	mkdir -p "$C$(dirname "$f")"
	cp -L "$f" "$C$f"
done
cp "$FX"/cni/results/* "$C/data/cni/results/"
uid=0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f
sb=9db4257e235a4c1f9db4257e235a4c1f9db4257e235a4c1f9db4257e235a4c1f
cat >"$C/data/cni/results/k8s-pod-network-$sb-eth0" <<EOF
{"kind":"cniCacheV1","containerId":"$sb","ifName":"eth0","networkName":"k8s-pod-network",
 "cniArgs":[["K8S_POD_NAMESPACE","default"],["K8S_POD_NAME","nginx-7d9f"],["K8S_POD_UID","$uid"]],
 "result":{"interfaces":[{"name":"cni0"},{"name":"vethk1"},{"name":"eth0","sandbox":"/var/run/netns/cni-k8s1"}]}}
EOF
mkdir -p "$C/var/log/pods/default_nginx-7d9f_$uid"
fake "$C/bin/containerd"
chroot "$C" /bin/containerd --config /etc/containerd/config.toml &
pids+=($!)

# --- the namespaces and bridges those files name ---
sandbox_key()
{
	jq -r .NetworkSettings.SandboxKey "$1"
}
mkdir -p /run/docker/netns
for n in web1 app1 lonely; do
	k=$(sandbox_key "$FX/docker/$n.config.v2.json")
	touch "$k"
	unshare --net="$k" true
done
for k in $(jq -r '.[].NetworkSettings.SandboxKey' "$FX/podman-inspect.json" | sort -u) \
	$(jq -r '.[0].NetworkSettings.SandboxKey' "$FX/podman-cni-inspect.json") \
	/run/netns/cni-k8s1; do
	ip netns add "$(basename "$k")"
done
for br in docker0 br-af9c8d21089d br-329ad3748e1f podman0 podman1 cni-podman1 cni0; do
	ip link add "$br" type bridge
done
# a dockerd anyone could start: not root, so its files name nothing
mkdir -p "$T/nobody"
fake "$T/nobody/dockerd"
chmod 755 "$T" "$T/nobody"
setpriv --reuid 65534 --regid 65534 --clear-groups "$T/nobody/dockerd" --data-root "$T/evil-root" &
pids+=($!)
sleep 0.3 # the fake daemons exec'd their scripts

"$PROBE" sites >"$T/sites"
cat "$T/sites"
check "dockerd's --data-root" grep -qx "site docker [0-9]* $D - -" "$T/sites"
check "conmon's --root and --network-config-dir" grep -qx "site podman $conmon_pid $P $T/podman-nets -" "$T/sites"
check "containerd: CNI's cache" grep -qx "site containerd [0-9]* - - /var/lib/cni" "$T/sites"
check "a dockerd not run by root is not believed" sh -c "! grep -q evil-root '$T/sites'"
check "... though it runs" pgrep -u 65534 -f evil-root

"$PROBE" snapshot >"$T/snap"
cat "$T/snap"
# every docker container with a namespace of its own is named on it, by docker inspect's name
for n in web1 app1 lonely; do
	k=$(sandbox_key "$FX/docker/$n.config.v2.json")
	check "docker $n on $k" grep -q "^ns $k display=$n[+ ].*ctr=docker:$n:" "$T/snap"
done
# side joined app1's namespace (--network container:app1): both names on it
owner=$(jq -r '.NetworkMode | split(":")[1]' "$FX/docker/side.hostconfig.json")
for n in app1 web1 lonely; do
	id=$(jq -r .ID "$FX/docker/$n.config.v2.json")
	[ "$id" = "$owner" ] && k=$(sandbox_key "$FX/docker/$n.config.v2.json") && o=$n
done
check "side shares $o's namespace $k" grep -q "^ns $k display=$o+side ctr=docker:$o:.* ctr=docker:side:" "$T/snap"
check "web1's published tcp port" grep -q "^ns /run/docker/netns/.* display=web1 .*tcp/0.0.0.0/8080/80" "$T/snap"
check "web1's published udp port" grep -q "^ns /run/docker/netns/.* display=web1 .*udp/127.0.0.1/5353/53" "$T/snap"
# docker network inspect: every bridge network by its name
while read -r name br; do
	check "docker network $name on $br" grep -qx "bridge / $br network=$name engine=docker" "$T/snap"
done < <(jq -r '.[] | select(.Driver == "bridge") |
	"\(.Name) \(.Options["com.docker.network.bridge.name"] // ("br-" + .Id[0:12]))"' \
	"$FX/docker-network-inspect.json")
# podman inspect: solo alone, the pod's three (infra, pa, pb) as the pod
while read -r name key pod; do
	want=$([ "$pod" = - ] && echo "$name" || echo pod1)
	check "podman $name on $key shows $want" grep -q "^ns $(basename "$key") display=$want .*ctr=podman:$name:" "$T/snap"
done < <(jq -r '.[] | "\(.Name) \(.NetworkSettings.SandboxKey) \(if .Pod == "" then "-" else .Pod end)"' \
	"$FX/podman-inspect.json")
check "podman network pnet" grep -qx "bridge / podman1 network=pnet engine=podman" "$T/snap"
check "podman's built-in network" grep -qx "bridge / podman0 network=podman engine=podman" "$T/snap"
# CNI: podman's CNI container by its name, the k8s sandbox as namespace/pod, the networks' bridges
cni_name=$(jq -r '.[0].Name' "$FX/podman-cni-inspect.json")
check "CNI result names $cni_name" grep -q "^ns netns-0ba87896-707d-8bb8-26e0-bc02cd5092e4 display=$cni_name .*tcp/\*/7070/70" "$T/snap"
check "k8s pod sandbox" grep -q "^ns cni-k8s1 display=default/nginx-7d9f ctr=containerd:-:nginx-7d9f:default:" "$T/snap"
check "CNI network cnet" grep -qx "bridge / cni-podman1 network=cnet engine=cni" "$T/snap"
check "CNI network k8s-pod-network" grep -qx "bridge / cni0 network=k8s-pod-network engine=cni" "$T/snap"
check "no notes (everything was readable)" sh -c "! grep -q '^note' '$T/snap'"

# --- live: one read while idle, one per change, one when a daemon goes ---
NSTOP_TIMING=$T/timing "$PROBE" live 9 >"$T/live" &
lp=$!
# and nstop itself, as a person runs it (--monitor is the TUI's loop without the screen)
NSTOP_TIMING=$T/timing-monitor "${NSTOP:?}" --monitor >"$T/monitor" 2>&1 &
mp=$!
pids+=($mp)
sleep 3
web_id=$(jq -r .ID "$FX/docker/web1.config.v2.json")
sed 's/"Name":"\/web1"/"Name":"\/web1renamed"/' "$FX/docker/web1.config.v2.json" >"$D/containers/$web_id/config.v2.json.tmp"
mv "$D/containers/$web_id/config.v2.json.tmp" "$D/containers/$web_id/config.v2.json"
sleep 2
kill "$conmon_pid"
wait "$lp"
kill "$mp"
grep '^engines' "$T/timing"
reads=$(grep -c '^engines' "$T/timing")
check "live: 3 reads (start, the rename, conmon gone), not one per rescan: $reads" [ "$reads" -eq 3 ]
reads=$(grep -c '^engines' "$T/timing-monitor")
check "nstop --monitor: the same 3 reads in 9 s: $reads" [ "$reads" -eq 3 ]
check "live: the renamed container" grep -q "display=web1renamed" "$T/live"
check "live: podman's containers gone with conmon" sh -c "! grep -q 'ctr=podman:solo' '$T/live'"

# --- how long one read takes with 20 containers ---
for i in $(seq 1 16); do
	nid=$(printf '%064x' "$i")
	mkdir -p "$D/containers/$nid"
	sed "s/$web_id/$nid/g; s/\"Name\":\"\/web1\"/\"Name\":\"\/c$i\"/" "$FX/docker/web1.config.v2.json" >"$D/containers/$nid/config.v2.json"
	cp "$FX/docker/web1.hostconfig.json" "$D/containers/$nid/hostconfig.json"
done
NSTOP_TIMING=$T/timing20 "$PROBE" live 1 >/dev/null
grep '^engines' "$T/timing20"
check "20 docker containers read" grep -q '^engines ms=[0-9.]* ctrs=2[0-9] ' "$T/timing20"
exit $fail
