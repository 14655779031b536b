#!/bin/sh
# SPDX-License-Identifier: MIT
# Fuzz the packet decoder (DESIGN.md §7) with libFuzzer + ASan + UBSan for
# SECONDS (default 60), starting from the seed corpus tests/fuzz/corpus/ (new
# inputs go to $FUZZ_OUT/corpus, never into the seeds). Built with clang
# directly, outside the meson (gcc) build. Prints the exec count; exits
# non-zero on any crash, leak, timeout or sanitizer report, leaving the input
# as $FUZZ_OUT/crash-*.
# Usage: scripts/fuzz.sh [SECONDS]   env: FUZZ_OUT (default build-fuzz),
#        FUZZ_FORK=N (N worker processes), CLANG (default clang)
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
out=${FUZZ_OUT:-build-fuzz}
clang=${CLANG:-clang}

if ! command -v "$clang" >/dev/null 2>&1; then
	echo "fuzz: $clang not found (scripts/deps.sh --test installs clang and libclang-rt-14-dev)" >&2
	exit 1
fi
mkdir -p "$out/corpus"
# -Wno-unused-command-line-argument: clang says so for -D_GNU_SOURCE at link on some versions
"$clang" -std=gnu11 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla -Werror \
	-Isrc/model/packets -Isrc/model/util -Itests/fuzz -o "$out/fuzz_pkt" \
	tests/fuzz/fuzz_pkt.c src/model/packets/pkt_decode.c src/model/packets/pkt_fields.c src/model/packets/pkt_wire.c \
		src/model/packets/pkt_ring.c src/model/util/xalloc.c || {
	echo "fuzz: build failed (is libclang-rt-14-dev, the libFuzzer runtime, installed?)" >&2
	exit 1
}

fork=""
[ -n "${FUZZ_FORK:-}" ] && fork="-fork=$FUZZ_FORK"
log="$out/fuzz.log"
start=$(date +%s)
rc=0
# shellcheck disable=SC2086 # $fork is empty or one word
ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
	"$out/fuzz_pkt" $fork -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
	-print_final_stats=1 -artifact_prefix="$out/" "$out/corpus" tests/fuzz/corpus >"$log" 2>&1 || rc=$?
end=$(date +%s)

# -fork prints "#N ... exec/s" progress lines; a single process prints the stat line at exit
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" | tail -1)
crashes=$(find "$out" -maxdepth 1 -name 'crash-*' -o -maxdepth 1 -name 'leak-*' -o -maxdepth 1 -name 'timeout-*' | wc -l)
echo "fuzz: ${execs:-0} execs in $((end - start)) s, corpus $(find "$out/corpus" tests/fuzz/corpus -type f | wc -l) files, exit $rc"
if [ "$rc" -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error:' "$log"; then
	grep -E -A30 'ERROR:|runtime error:' "$log" | head -60 >&2
	echo "fuzz: FAILED ($crashes crash files in $out/)" >&2
	exit 1
fi
