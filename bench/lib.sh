# SPDX-License-Identifier: MIT
# Shared by the benchmarks, sourced inside the sandbox: timing helpers and the
# star topology (br0 192.168.1.1/24 in '/', namespaces b000.. each with eth0
# 192.168.1.(10+i)/24 on a veth whose host end hNNN is a port of br0).

now_us() { local t=${EPOCHREALTIME/./}; echo "$t"; } # bash 5: µs, no fork
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) / 1000 }'; }
ns_name() { printf 'b%03d' "$1"; }
host_name() { printf 'h%03d' "$1"; }

# star_batch N PER NS_FMT HOST_FMT [ADDR_FMT [BASE]]: the `ip -batch` lines (on stdout) for N
# namespaces (printf NS_FMT of 0..N-1), each with eth0 on a veth whose host end (HOST_FMT) is a port of
# bridge br(i/PER) in '/' (a Linux bridge takes at most 1023 ports); ADDR_FMT, printf'd with BASE plus
# the bridge's number, gives each bridge an address.
star_batch()
{
	local n=$1 per=$2 nsf=$3 hf=$4 addrf=${5:-} base=${6:-0} b i
	for ((b = 0; b * per < n; b++)); do
		echo "link add br$b type bridge"
		[[ -z $addrf ]] || printf "addr add $addrf dev br%d\n" $((base + b)) "$b"
		echo "link set br$b up"
	done
	for ((i = 0; i < n; i++)); do printf "netns add $nsf\n" "$i"; done
	for ((i = 0; i < n; i++)); do
		printf "link add $hf type veth peer name eth0 netns $nsf\n" "$i" "$i"
		printf "link set $hf master br%d up\n" "$i" $((i / per))
	done
}

# median_of NUMBER...: their median, one decimal (the mean of the middle two for an even count).
median_of() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# star_configure N PREFIX DIR: lo and eth0 up in each namespace PREFIX0000.. (PREFIX then 4 digits),
# eth0 10.K.x.y/16 and a default route through it, by one `ip -n NS -batch` each, a few at a time
# (DIR/cfg holds the batch files). Returns ip's failure.
star_configure()
{
	local n=$1 p=$2 dir=$3 i
	mkdir -p "$dir/cfg"
	for ((i = 0; i < n; i++)); do
		printf '%s\n' "link set lo up" "addr add 10.$((i / 1000)).$((i % 1000 / 250)).$((i % 250 + 2))/16 dev eth0" \
			"link set eth0 up" "route add default dev eth0" >"$dir/cfg/$(printf "$p%04d" "$i")"
	done
	(cd "$dir/cfg" && printf '%s\n' "$p"* | xargs -P "$(($(nproc) * 2))" -I{} ip -n {} -batch {})
}

# make_star N TMPDIR [routes]: build the star; "routes" adds a default route via
# br0 in each namespace. Prints the setup timing and sets STAR_SETUP_MS.
# Calls die (defined by the caller) on failure.
make_star()
{
	local n=$1 dir=$2 routes=${3:-} i k up t0 t1 t2 t3
	t0=$(now_us)
	{
		echo "link add br0 type bridge"
		echo "addr add 192.168.1.1/24 dev br0"
		echo "link set br0 up"
		for ((i = 0; i < n; i++)); do echo "netns add $(ns_name "$i")"; done
		for ((i = 0; i < n; i++)); do
			echo "link add $(host_name "$i") type veth peer name eth0 netns $(ns_name "$i")"
			echo "link set $(host_name "$i") master br0 up"
		done
	} | ip -batch -
	t1=$(now_us)
	# One batch file per namespace, a few at a time: each `ip -n NS` costs several
	# ms (process start, setns, a private mount namespace, a sysfs remount).
	mkdir -p "$dir/cfg"
	for ((i = 0; i < n; i++)); do
		printf '%s\n' "link set lo up" "addr add 192.168.1.$((i + 10))/24 dev eth0" "link set eth0 up" \
			>"$dir/cfg/$(ns_name "$i")"
		[[ -n $routes ]] && echo "route add default via 192.168.1.1" >>"$dir/cfg/$(ns_name "$i")"
	done
	(cd "$dir/cfg" && printf '%s\n' b* | xargs -P "$(($(nproc) * 2))" -I{} ip -n {} -batch {}) ||
		die "configuring the namespaces (ip -n NS -batch)"
	t2=$(now_us)
	# Let carrier and operstate settle so every tool reads the same topology.
	for ((k = 0; k < 50; k++)); do
		up=$(ip -o link show master br0 up | grep -c 'state UP' || true)
		[[ $up -eq $n ]] && break
		sleep 0.1
	done
	[[ $up -eq $n ]] || die "only $up of $n bridge ports are UP after 5 s"
	t3=$(now_us)
	STAR_SETUP_MS=$(ms "$t0" "$t3")
	echo "setup: $n namespaces + veths + bridge in $(ms "$t0" "$t1") ms (ip -batch in /)," \
		"per-namespace config in $(ms "$t1" "$t2") ms ($n x ip -n NS -batch, $(($(nproc) * 2)) in parallel)," \
		"settle $(ms "$t2" "$t3") ms; total $STAR_SETUP_MS ms"
}
