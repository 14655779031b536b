#!/bin/sh
# SPDX-License-Identifier: MIT
# Install dependencies if missing; build with warnings as errors, once plain and
# once with AddressSanitizer + UndefinedBehaviorSanitizer; run every test in
# both; run each fuzz harness for 45 s (one more test each); end with
# "N passed, N failed, N skipped". Exit status non-zero on any failure; under
# CI=true a skip is a failure too (a suite that could not run is not green).
# Usage: scripts/test.sh   (as root, so the sandboxed network tests run)
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/deps.sh --test

passed=0 failed=0 skipped=0
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

run_build() {
	name=$1
	shift
	dir="$root/build-ci-$name"
	echo "== build $name: meson setup $*"
	meson setup "$dir" --wipe -Dwerror=true "$@" >"$root/build-ci-$name.setup.log" 2>&1 ||
		meson setup "$dir" -Dwerror=true "$@" >"$root/build-ci-$name.setup.log" 2>&1 || {
		cat "$root/build-ci-$name.setup.log"
		echo "build $name: meson setup failed"
		failed=$((failed + 1))
		return
	}
	if ! ninja -C "$dir"; then
		echo "build $name: compile failed"
		failed=$((failed + 1))
		return
	fi
	meson test -C "$dir" --no-rebuild --print-errorlogs --num-processes 2 || true
	log="$dir/meson-logs/testlog.json"
	if [ ! -s "$log" ]; then
		echo "build $name: no test log"
		failed=$((failed + 1))
		return
	fi
	p=$(grep -c '"result": "OK"' "$log" || true)
	f=$(grep -cE '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$log" || true)
	s=$(grep -c '"result": "SKIP"' "$log" || true)
	echo "== build $name: $p passed, $f failed, $s skipped"
	# the real runtimes' suite is the slowest: say how long it took (its scripts' sum)
	rt=$(jq -s '[.[] | select(.name | startswith("nstop:runtimes / ")) | .duration] | add // 0 | floor' "$log" 2>/dev/null || echo '?')
	echo "== build $name: suite runtimes took ${rt}s (sum of its tests)"
	if [ "$s" -gt 0 ] && [ "${CI:-}" = true ]; then
		# a suite that could not run (no namespaces, a tool missing) is not a pass in CI
		echo "build $name: $s tests skipped under CI=true, counted as failures:"
		grep '"result": "SKIP"' "$log" | sed -n 's/^{"name": "\([^"]*\)".*/  \1/p'
		f=$((f + s))
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
}

run_build plain
run_build sanitize -Db_sanitize=address,undefined -Db_lundef=false

# Every libFuzzer harness (clang, outside meson) for a minute each: one test each.
for h in $(scripts/fuzz.sh --list); do
	echo "== fuzz $h: scripts/fuzz.sh 45 $h"
	if FUZZ_OUT="$root/build-ci-fuzz" scripts/fuzz.sh 45 "$h"; then
		passed=$((passed + 1))
	else
		echo "fuzz $h: failed (log: build-ci-fuzz/$h/fuzz.log)"
		failed=$((failed + 1))
	fi
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
