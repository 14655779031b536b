# SPDX-License-Identifier: MIT
# Kubernetes pods made as kubelet + containerd make them, with us as the runtime:
# a cni-<uuid> netns, the conflist's plugins run in order (ADD with prevResult),
# libcni's result cache, kubelet-style cgroups (cgroupfs or systemd driver) and logs.
# Sourced by lib.sh; needs the sandbox's mounts.

RT_CNI_NET=containerd-net
RT_CNI_CONF=/etc/cni/net.d/10-containerd-net.conflist
RT_CNI_PODS=() # "netns cid" of each pod, for DEL at the end
RT_CNI_PIDS=()
# shellcheck disable=SC2034 # RT_CNI_LAST, RT_CNI_A, RT_CNI_B: read by the scripts
RT_CNI_LAST='' RT_CNI_A='' RT_CNI_B=''

rt_cni_conflist()
{
	cat >"$RT_CNI_CONF" <<-'END'
		{
		  "cniVersion": "1.0.0",
		  "name": "containerd-net",
		  "plugins": [
		    {
		      "type": "bridge",
		      "bridge": "cni0",
		      "isGateway": true,
		      "ipMasq": true,
		      "promiscMode": true,
		      "ipam": {
		        "type": "host-local",
		        "ranges": [[{"subnet": "10.88.0.0/16"}]],
		        "routes": [{"dst": "0.0.0.0/0"}]
		      }
		    },
		    {
		      "type": "portmap",
		      "capabilities": {"portMappings": true}
		    }
		  ]
		}
	END
}

hex64() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
uuid() { cat /proc/sys/kernel/random/uuid; }

# rt_cni_exec CMD CID NETNS ARGS PLUGIN-CONF: run one plugin as libcni does.
rt_cni_exec()
{
	local cmd=$1 cid=$2 netns=$3 args=$4 conf=$5 type
	type=$(jq -r .type <<<"$conf")
	CNI_COMMAND=$cmd CNI_CONTAINERID=$cid CNI_NETNS=$netns CNI_IFNAME=eth0 \
		CNI_ARGS=$args CNI_PATH=$RT_CNI_BIN "$RT_CNI_BIN/$type" <<<"$conf"
}

# rt_cni_cgroup DRIVER POD-UID ID: the cgroup kubelet (DRIVER cgroupfs|systemd) gives
# container ID of a best-effort pod, relative to a hierarchy's root.
rt_cni_cgroup()
{
	local driver=$1 uid=$2 id=$3
	if [[ $driver == cgroupfs ]]; then
		echo "/kubepods/besteffort/pod$uid/$id"
	else
		echo "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${uid//-/_}.slice/cri-containerd-$id.scope"
	fi
}

# rt_cni_spawn CGROUP NETNS CMD...: CMD in the netns, in CGROUP of every hierarchy.
rt_cni_spawn()
{
	local cg=$1 netns=$2 spec mnt
	shift 2
	for spec in $NSTOP_RT_CGROUPS; do
		IFS=: read -r mnt _ _ <<<"$spec"
		mkdir -p "$mnt$cg"
		if [[ -f $mnt$cg/cpuset.cpus ]]; then
			local d=$mnt p
			for p in ${cg//\// }; do
				d=$d/$p
				[[ -s $d/cpuset.cpus ]] || cat "${d%/*}/cpuset.cpus" >"$d/cpuset.cpus"
				[[ -s $d/cpuset.mems ]] || cat "${d%/*}/cpuset.mems" >"$d/cpuset.mems"
			done
		fi
	done
	(
		for spec in $NSTOP_RT_CGROUPS; do
			IFS=: read -r mnt _ _ <<<"$spec"
			echo "$BASHPID" >"$mnt$cg/cgroup.procs"
		done
		exec ip netns exec "$netns" "$@" </dev/null >/dev/null 2>&1
	) &
	RT_CNI_PIDS+=($!)
}

# rt_cni_pod NS NAME DRIVER HOSTPORT: one pod (a pause process and an httpd "web"
# container); sets RT_CNI_LAST to "netns sandbox-id container-id pod-uid ip" (not a
# subshell: the pod's pids and DEL arguments are remembered for rt_cni_cleanup).
rt_cni_pod()
{
	local ns=$1 name=$2 driver=$3 hostport=$4
	local uid cid ctr netns path args conf prev='' result caps i n
	uid=$(uuid) cid=$(hex64) ctr=$(hex64) netns=cni-$(uuid)
	[[ -s $RT_CNI_CONF ]] || rt_cni_conflist
	ip netns add "$netns"
	ip -n "$netns" link set lo up
	path=/var/run/netns/$netns
	args="IgnoreUnknown=1;K8S_POD_NAMESPACE=$ns;K8S_POD_NAME=$name;K8S_POD_INFRA_CONTAINER_ID=$cid;K8S_POD_UID=$uid"
	caps=$(jq -nc --argjson p "$hostport" '{portMappings: [{hostPort: $p, containerPort: 80, protocol: "tcp", hostIP: ""}]}')
	n=$(jq '.plugins | length' "$RT_CNI_CONF")
	for ((i = 0; i < n; i++)); do
		conf=$(jq -c --argjson i "$i" --arg prev "$prev" --argjson caps "$caps" '
			.plugins[$i] + {name: .name, cniVersion: .cniVersion}
			| if $prev != "" then . + {prevResult: ($prev | fromjson)} else . end
			| if .capabilities.portMappings then . + {runtimeConfig: {portMappings: $caps.portMappings}} else . end' \
			"$RT_CNI_CONF")
		result=$(rt_cni_exec ADD "$cid" "$path" "$args" "$conf") ||
			fail "CNI ADD $(jq -r .type <<<"$conf") for $ns/$name: $result"
		prev=$result
	done
	RT_CNI_PODS+=("$path $cid $args")
	# libcni's cache (pkg/invoke cachedInfo), as containerd's go-cni writes it
	mkdir -p /var/lib/cni/results
	jq -nc --arg cid "$cid" --arg conf "$(base64 -w0 "$RT_CNI_CONF")" --arg net "$RT_CNI_NET" \
		--arg ns "$ns" --arg name "$name" --arg uid "$uid" --argjson caps "$caps" --argjson res "$result" '
		{kind: "cniCacheV1", containerId: $cid, config: $conf, ifName: "eth0", networkName: $net,
		 cniArgs: [["IgnoreUnknown", "1"], ["K8S_POD_NAMESPACE", $ns], ["K8S_POD_NAME", $name],
			["K8S_POD_INFRA_CONTAINER_ID", $cid], ["K8S_POD_UID", $uid]],
		 capabilityArgs: $caps, result: $res}' >"/var/lib/cni/results/$RT_CNI_NET-$cid-eth0"
	rt_cni_spawn "$(rt_cni_cgroup "$driver" "$uid" "$cid")" "$netns" "$RT_BUSYBOX" sleep 2147483647
	mkdir -p $RT_TMP/cni-www
	echo nstop-runtimes-ok >$RT_TMP/cni-www/index.html
	rt_cni_spawn "$(rt_cni_cgroup "$driver" "$uid" "$ctr")" "$netns" "$RT_BUSYBOX" httpd -f -p 80 -h $RT_TMP/cni-www
	# kubelet's logs: the pod directory and the flat symlink for log shippers
	mkdir -p "/var/log/pods/${ns}_${name}_$uid/web"
	: >"/var/log/pods/${ns}_${name}_$uid/web/0.log"
	ln -s "/var/log/pods/${ns}_${name}_$uid/web/0.log" "/var/log/containers/${name}_${ns}_web-$ctr.log"
	RT_CNI_LAST="$netns $cid $ctr $uid $(jq -r '.ips[0].address | sub("/.*"; "")' <<<"$result")"
}

# rt_cni_cleanup: DEL each pod's plugins in reverse order, stop its processes by pid.
rt_cni_cleanup()
{
	local pod path cid args conf i n pid
	for pid in "${RT_CNI_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	for pod in "${RT_CNI_PODS[@]}"; do
		read -r path cid args <<<"$pod"
		n=$(jq '.plugins | length' "$RT_CNI_CONF")
		for ((i = n - 1; i >= 0; i--)); do
			conf=$(jq -c --argjson i "$i" '.plugins[$i] + {name: .name, cniVersion: .cniVersion}' "$RT_CNI_CONF")
			rt_cni_exec DEL "$cid" "$path" "$args" "$conf" >/dev/null 2>&1 || true
		done
		ip netns del "${path##*/}" 2>/dev/null || true
	done
	RT_CNI_PODS=() RT_CNI_PIDS=()
# shellcheck disable=SC2034 # RT_CNI_LAST, RT_CNI_A, RT_CNI_B: read by the scripts
RT_CNI_LAST='' RT_CNI_A='' RT_CNI_B=''
}
