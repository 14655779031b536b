# SPDX-License-Identifier: MIT
# Checks of nstop's names against the runtimes' own views (docker inspect, podman
# inspect, the CNI result cache): an oracle is a JSON array of expected containers,
# one object each {inode, engine, id, name, pod, namespace, image, joined, infra,
# ports: ["proto host_port container_port"]}, built here from the CLIs, never typed.
# Sourced after lib.sh, inside the sandbox; uses tests/netns/lib.sh's jq_eq/expect_eq.

: "${NSTOP:?set NSTOP to the nstop binary}"
# shellcheck source=../netns/lib.sh
. "$RT_LIB_DIR/../netns/lib.sh"

# rt_netns_inode PID|PATH: the inode of a process's network namespace or of an nsfs mount.
rt_netns_inode()
{
	if [[ $1 == /* ]]; then
		stat -L -c %i "$1"
	else
		local l
		l=$(readlink "/proc/$1/ns/net")
		l=${l#net:[}
		echo "${l%]}"
	fi
}

# oracle_docker: every Docker container, from `docker inspect`.
oracle_docker()
{
	local id pid
	for id in $(docker ps -q --no-trunc); do
		pid=$(docker inspect -f '{{.State.Pid}}' "$id")
		docker inspect "$id" | jq -c --argjson ino "$(rt_netns_inode "$pid")" '.[0] | {
			inode: $ino, engine: "docker", id: .Id, name: (.Name | ltrimstr("/")),
			pod: null, namespace: null, image: .Config.Image,
			joined: (.HostConfig.NetworkMode | startswith("container:")), infra: false,
			ports: [(.NetworkSettings.Ports // {}) | to_entries[] | (.key | split("/")) as [$cp, $proto]
				| (.value // [])[] | "\($proto) \(.HostPort) \($cp)"]}'
	done | jq -s -c .
}

# oracle_podman: every Podman container, from `podman inspect` (pod names from `podman pod inspect`).
# A pod's members share the infra's namespace by membership (pod set), not by joining a
# container (NetworkMode container:ID is how podman implements it): joined only outside pods.
oracle_podman()
{
	local id pid pod podname
	for id in $(podman ps -q --no-trunc); do
		pid=$(podman inspect -f '{{.State.Pid}}' "$id")
		pod=$(podman inspect -f '{{.Pod}}' "$id")
		podname=null
		[[ -z $pod ]] || podname=$(podman pod inspect "$pod" | jq -c '.Name')
		podman inspect "$id" | jq -c --argjson ino "$(rt_netns_inode "$pid")" --argjson pod "$podname" '.[0] | {
			inode: $ino, engine: "podman", id: .Id, name: .Name, pod: $pod, namespace: null,
			image: .ImageName, infra: .IsInfra,
			joined: ((.HostConfig.NetworkMode | startswith("container:")) and $pod == null),
			ports: [(.NetworkSettings.Ports // {}) | to_entries[] | (.key | split("/")) as [$cp, $proto]
				| (.value // [])[] | "\($proto) \(.HostPort) \($cp)"]}'
	done | jq -s -c .
}

# oracle_cni: each pod sandbox in libcni's result cache (its netns, id, K8S_POD_* args,
# hostPorts from the capability args).
oracle_cni()
{
	local f netns
	for f in /var/lib/cni/results/*; do
		[[ -e $f ]] || continue
		netns=$(jq -r '.result.interfaces[] | select(.sandbox != null and .sandbox != "") | .sandbox' "$f" | head -n 1)
		jq -c --argjson ino "$(rt_netns_inode "$netns")" '
			(.cniArgs | map({(.[0]): .[1]}) | add) as $a | {
			inode: $ino, engine: "cni", id: .containerId, name: null, pod: $a.K8S_POD_NAME,
			namespace: $a.K8S_POD_NAMESPACE, image: null, joined: false, infra: true,
			ports: [.capabilityArgs.portMappings[]? | "\(.protocol) \(.hostPort) \(.containerPort)"]}' "$f"
	done | jq -s -c .
}

# oracle_display ORACLE INODE: the display name the issue defines for that namespace:
# "ns/pod" for a Kubernetes pod, the pod's name for a Podman pod, else the workloads'
# names (owners before joiners, by name; 3 at most, then "+N more") joined by "+".
oracle_display()
{
	jq -r --argjson ino "$2" '[.[] | select(.inode == $ino)] as $c
		| if ($c | map(select(.namespace != null and .pod != null)) | length) > 0 then
			($c | map(select(.namespace != null))[0] | "\(.namespace)/\(.pod)")
		elif ($c | map(select(.pod != null)) | length) > 0 then ($c | map(select(.pod != null))[0].pod)
		else ($c | map(select(.infra | not)) | if length == 0 then $c else . end
			| sort_by([.joined, .name]) | map(.name)) as $n
			| ($n[:3] | join("+")) + (if ($n | length) > 3 then "+\(($n | length) - 3) more" else "" end)
		end' <<<"$1"
}

# check_engine_ns ORACLE INODE: the namespace's display and containers in nstop --json,
# against the oracle (CNI: the pod sandbox's id, pod and namespace; its workloads'
# names are not in the CNI cache, so only the sandbox is compared field by field).
check_engine_ns()
{
	local oracle=$1 ino=$2 f want
	f=".namespaces[] | select(.inode == $ino)"
	jq_eq "[$f] | length" 1
	jq_eq "$f | .display" "$(oracle_display "$oracle" "$ino")"
	if [[ $(jq -r --argjson ino "$ino" 'map(select(.inode == $ino))[0].engine' <<<"$oracle") == cni ]]; then
		want=$(jq -c --argjson ino "$ino" 'map(select(.inode == $ino))[0] | {id, pod, namespace}' <<<"$oracle")
		jq_eq "$f | [.containers[] | select(.id == $(jq '.id' <<<"$want")) | {id, pod, namespace}]" "[$want]"
		jq_eq "$f | [.containers[] | select(.pod != null) | {pod, namespace}] | unique" \
			"[$(jq -c '{pod, namespace}' <<<"$want")]"
	else
		want=$(jq -c --argjson ino "$ino" 'map(select(.inode == $ino) | {engine, id, name, pod, namespace, image, joined, infra}) | sort_by(.id)' <<<"$oracle")
		jq_eq "$f | [.containers[] | {engine, id, name, pod, namespace, image, joined, infra}] | sort_by(.id)" "$want"
	fi
	# published ports: the namespace's, whichever of its containers carries them
	jq_eq "$f | [.containers[].ports[]? | \"\\(.proto) \\(.host_port) \\(.container_port)\"] | unique" \
		"$(jq -c --argjson ino "$ino" '[.[] | select(.inode == $ino) | .ports[]] | unique' <<<"$oracle")"
	jq_eq "$f | [.containers[].ports[]? | .host_ip | select(. != null and . != \"\" and . != \"0.0.0.0\" and . != \"::\")]" "[]"
	check_ports_dnat "$oracle" "$ino"
}

# check_ports_dnat ORACLE INODE: every engine here publishes IPv4 ports by DNAT, so each
# published port must be DNATed in the kernel's ruleset (`nft list ruleset`: "dport HOST
# ... dnat to ADDR:CONTAINER") and carry that DNAT in nstop's JSON (a non-null,
# non-false "dnat" on one of its entries).
check_ports_dnat()
{
	local ruleset p proto hp cp f
	ruleset=$(nft list ruleset)
	f=".namespaces[] | select(.inode == $2)"
	for p in $(jq -r --argjson ino "$2" '[.[] | select(.inode == $ino) | .ports[] | gsub(" "; ":")] | unique[]' <<<"$1"); do
		IFS=: read -r proto hp cp <<<"$p"
		grep -qE "dport $hp .*dnat (ip )?to [^ ]+:$cp( |$)" <<<"$ruleset" ||
			fail "the ruleset has no DNAT of $proto port $hp to :$cp (nft list ruleset)"
		jq_eq "$f | [.containers[].ports[]? | select(.proto == \"$proto\" and .host_port == $hp and .container_port == $cp
			and .dnat != null and .dnat != false)] | length > 0" true
	done
}

# check_all ORACLE: check_engine_ns for every namespace of the oracle.
check_all()
{
	local ino
	for ino in $(jq -r '[.[].inode] | unique[]' <<<"$1"); do
		check_engine_ns "$1" "$ino"
	done
}

# check_network IFNAME NAME: the bridge IFNAME in nstop's own namespace is network NAME.
check_network()
{
	jq_eq ".namespaces[] | select(.self) | .links[] | select(.name == \"$1\") | .network" "$2"
}

# check_ns_arg ARG INODE: `nstop --ns ARG --json` shows exactly the namespace INODE.
check_ns_arg()
{
	local out rc=0
	out=$("$NSTOP" --ns "$1" --json 2>&1) || rc=$?
	expect_eq "exit status of nstop --ns '$1' --json ($out)" 0 "$rc"
	expect_eq "namespaces of nstop --ns '$1' --json" "[$2]" "$(jq -c '[.namespaces[].inode]' <<<"$out")"
}

# check_ns_ambiguous ARG WORDS...: `nstop --ns ARG` exits 2 and its message names every
# match: each WORDS is "a|b|..." (a match's name or inode), one of which must appear.
check_ns_ambiguous()
{
	local arg=$1 out rc=0 w a alt found
	shift
	out=$("$NSTOP" --ns "$arg" --json 2>&1 >/dev/null) || rc=$?
	expect_eq "exit status of the ambiguous nstop --ns '$arg' ($out)" 2 "$rc"
	for w in "$@"; do
		found=
		IFS='|' read -ra alt <<<"$w"
		for a in "${alt[@]}"; do
			[[ $out == *"$a"* ]] && found=1
		done
		[[ -n $found ]] || fail "nstop --ns '$arg' is ambiguous but its message names none of ${alt[*]}: $out"
	done
	echo "ok: --ns '$arg' is ambiguous (exit 2) and names: $*"
}

# check_dump_header DISPLAY INODE: nstop --dump has a namespace header naming DISPLAY
# with its inode.
check_dump_header()
{
	"$NSTOP" --dump | grep -E '^[^ ]' | grep -F -- "$1" | grep -qF "inode $2" ||
		fail "nstop --dump has no namespace line naming '$1' with inode $2"
	echo "ok: --dump names $1 (inode $2)"
}

# check_dump_peer DISPLAY INODE: the header, and a veth whose peer is DISPLAY:eth0.
check_dump_peer()
{
	local d=$1 ino=$2 dump
	check_dump_header "$d" "$ino"
	dump=$("$NSTOP" --dump)
	grep -qF -- "<-> $d:eth0" <<<"$dump" ||
		fail "nstop --dump has no veth peer '$d:eth0':$(printf '\n%s' "$dump" | head -n 40)"
	echo "ok: --dump shows a peer $d:eth0"
}

# client_ns: a namespace "client" wired to ours (10.99.0.2 -> 10.99.0.1), to reach
# published ports from outside the runtimes' namespaces.
client_ns()
{
	ip netns add client
	ip link add cl0 type veth peer name eth0 netns client
	ip addr add 10.99.0.1/24 dev cl0
	ip link set cl0 up
	ip -n client addr add 10.99.0.2/24 dev eth0
	ip -n client link set eth0 up
	ip -n client link set lo up
	ip -n client route add default via 10.99.0.1
}

# check_http_from NS ADDR PORT: busybox wget in NS gets the scenario's index page.
check_http_from()
{
	local got i
	for ((i = 0; i < 10; i++)); do
		# (busybox 1.35's wget -T crashes on a refused connection: timeout(1) instead)
		got=$(timeout 2 ip netns exec "$1" "$RT_BUSYBOX" wget -q -O - "http://$2:$3/" 2>&1) && break
		sleep 0.2
	done
	expect_eq "http://$2:$3/ fetched from namespace $1" nstop-runtimes-ok "$got"
}
