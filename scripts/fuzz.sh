#!/bin/sh
# SPDX-License-Identifier: MIT
# Fuzz nstop's parsers with libFuzzer + ASan + UBSan: every harness
# tests/fuzz/fuzz_NAME.c, built with clang directly (outside the meson gcc
# build) from the sources the table below names, run for SECONDS (default 60)
# from its seed corpus tests/fuzz/corpus/NAME/ (new inputs go to
# $FUZZ_OUT/NAME/corpus, never into the seeds). Prints one line a harness,
# "fuzz NAME: N execs, C crashes in S s"; exits non-zero on any crash, leak,
# timeout, sanitizer report or build failure, leaving the input as
# $FUZZ_OUT/NAME/crash-* (leak-*, timeout-*, oom-*).
# Usage: scripts/fuzz.sh [SECONDS [HARNESS...]]   (no HARNESS: all of them)
#        scripts/fuzz.sh --list                   (the harness names)
#        scripts/fuzz.sh --table                  (per harness: name, then its sources with
#                                                  the globs expanded, "|", its pkg-config packages;
#                                                  meson -Dfuzzers=true reads it: one table)
#        env: FUZZ_OUT (default build-fuzz), FUZZ_FORK=N (N worker processes),
#        CLANG (default clang)
set -eu
cd "$(dirname "$0")/.."

# One line a harness, TAB-separated: name, the sources it links besides
# tests/fuzz/fuzz_NAME.c (globs allowed), pkg-config packages ("-": none),
# -max_len. A new harness needs a line here; the script refuses one without.
table()
{
	cat <<'EOF'
pkt	src/model/packets/*.c src/model/util/xalloc.c	-	4096
nft	src/backend/be_nft_parse.c src/backend/be_nft_set_parse.c src/backend/be_nlattr.c src/model/*/*.c	libmnl	8192
extack	src/backend/be_edit.c src/backend/be_error.c	libnl-3.0 libnl-route-3.0	4096
proc	src/model/topo/procparse.c src/model/util/json_read.c src/model/util/quote.c src/model/util/xalloc.c	-	8192
engines	src/model/*/*.c	-	262144
rtnl	src/backend/be_rtnl_parse.c src/backend/be_link_kinds.c src/backend/be_kind_*.c src/backend/be_rtnl_encap.c src/backend/be_rtnl_rule.c src/backend/be_rtnl_nexthop.c src/backend/be_rtnl_neigh.c src/backend/be_nlattr.c src/model/*/*.c	libmnl libnl-3.0 libnl-route-3.0	8192
trace	src/backend/be_trace.c src/backend/be_nft_edit.c src/backend/be_nlattr.c src/backend/be_nlmsg.c src/backend/be_edit.c src/backend/be_error.c src/backend/be_setns.c src/model/*/*.c	libmnl libnftnl libnl-3.0 libnl-route-3.0	8192
EOF
}

names()
{
	for f in tests/fuzz/fuzz_*.c; do
		[ -e "$f" ] || continue
		f=${f#tests/fuzz/fuzz_}
		echo "${f%.c}"
	done
}

if [ "${1:-}" = "--list" ]; then
	names
	exit 0
fi
if [ "${1:-}" = "--table" ]; then
	for n in $(names); do
		line=$(table | grep "^$n$(printf '\t')") || continue
		# shellcheck disable=SC2046 # the globs of the table expand here, on purpose
		echo "$n" $(echo "$line" | cut -f2) "|" $(echo "$line" | cut -f3 | sed 's/^-$//')
	done
	exit 0
fi
secs=${1:-60}
[ "$#" -gt 0 ] && shift
out=${FUZZ_OUT:-build-fuzz}
clang=${CLANG:-clang}
tab=$(printf '\t')

if ! command -v "$clang" >/dev/null 2>&1; then
	echo "fuzz: $clang not found (scripts/deps.sh --test installs clang and libclang-rt-14-dev)" >&2
	exit 1
fi

# build NAME DIR: compile the harness into DIR/fuzz_NAME; 0 or 1
build()
{
	name=$1 dir=$2
	line=$(table | grep "^$name$tab" || true)
	if [ -z "$line" ]; then
		echo "fuzz $name: no line for it in the table of scripts/fuzz.sh (its sources and libraries)" >&2
		return 1
	fi
	srcs=$(echo "$line" | cut -f2)
	pkgs=$(echo "$line" | cut -f3)
	pkgflags=""
	if [ "$pkgs" != "-" ]; then
		# shellcheck disable=SC2086 # a list of package names
		pkgflags=$(pkg-config --cflags --libs $pkgs) || {
			echo "fuzz $name: pkg-config $pkgs failed" >&2
			return 1
		}
	fi
	# -Wno-unused-command-line-argument: clang says so for -D_GNU_SOURCE at link on some versions
	# shellcheck disable=SC2086 # $srcs (globs) and $pkgflags are lists
	"$clang" -std=gnu11 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla -Werror \
		-Wno-unused-command-line-argument \
		$(for d in src/model/*/; do printf -- '-I%s ' "${d%/}"; done) -Isrc/backend -Itests/fuzz -o "$dir/fuzz_$name" "tests/fuzz/fuzz_$name.c" $srcs \
		$pkgflags >"$dir/build.log" 2>&1 || {
		cat "$dir/build.log" >&2
		echo "fuzz $name: build failed (is libclang-rt-14-dev, the libFuzzer runtime, installed?)" >&2
		return 1
	}
}

# run NAME: build, fuzz SECS seconds, print the line; 0 clean, 1 anything else
run()
{
	name=$1 dir=$out/$1
	seeds=tests/fuzz/corpus/$name
	mkdir -p "$dir/corpus"
	[ -d "$seeds" ] || seeds=""
	build "$name" "$dir" || return 1
	maxlen=$(table | grep "^$name$tab" | cut -f4)
	fork=""
	[ -n "${FUZZ_FORK:-}" ] && fork="-fork=$FUZZ_FORK"
	log=$dir/fuzz.log
	: >"$dir/.start"
	start=$(date +%s)
	rc=0
	# shellcheck disable=SC2086 # $fork and $seeds are empty or one word
	ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
		"$dir/fuzz_$name" $fork -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$maxlen" \
		-print_final_stats=1 -artifact_prefix="$dir/" "$dir/corpus" $seeds >"$log" 2>&1 || rc=$?
	end=$(date +%s)
	# -fork prints "#N ... exec/s" progress lines; a single process prints the stat line at exit
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" | tail -1)
	crashes=$(find "$dir" -maxdepth 1 -newer "$dir/.start" \( -name 'crash-*' -o -name 'leak-*' -o \
		-name 'timeout-*' -o -name 'oom-*' \) | wc -l)
	if [ "$crashes" -eq 0 ] && { [ "$rc" -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error:' "$log"; }; then
		crashes=1 # a report without an artifact (libFuzzer died before writing one)
	fi
	echo "fuzz $name: ${execs:-0} execs, $crashes crashes in $((end - start)) s" \
		"(corpus $(find "$dir/corpus" ${seeds:+"$seeds"} -type f | wc -l) files, exit $rc)"
	if [ "$crashes" -ne 0 ]; then
		grep -E -A30 'ERROR:|runtime error:' "$log" | head -60 >&2
		echo "fuzz $name: FAILED (log $log; inputs $dir/crash-* leak-* timeout-* oom-*)" >&2
		return 1
	fi
	return 0
}

# shellcheck disable=SC2046 # harness names are single words
[ "$#" -gt 0 ] || set -- $(names)
failed=0
for name in "$@"; do
	if [ ! -f "tests/fuzz/fuzz_$name.c" ]; then
		echo "fuzz $name: no tests/fuzz/fuzz_$name.c (harnesses: $(names | tr '\n' ' '))" >&2
		failed=$((failed + 1))
		continue
	fi
	run "$name" || failed=$((failed + 1))
done
[ "$failed" -eq 0 ] || {
	echo "fuzz: $failed of $# harnesses FAILED" >&2
	exit 1
}
