#!/bin/sh
# SPDX-License-Identifier: MIT
# The long run of --explain's property test (issue 14): N random topologies
# (default 50, seeds FIRST..FIRST+N-1, FIRST default 1) of
# tests/netns/explain_random_fw.sh in one sandbox, each pair predicted and
# probed for real. Prints the figures (topologies, pairs, agree, unknown,
# disagree) and the disagreements grouped by cause: predicted vs real and the
# reason nstop gave, numbers folded so one cause is one line; the unknowns by
# reason likewise. The whole log,
# with each disagreement's --explain text, stays in $OUT (default
# build/explain_property.log). Root only (the sandbox). Exit 1 on any
# disagreement or unnamed unknown.
# Usage: scripts/explain_property.sh [N [FIRST]]   env: BUILD (default build), OUT
set -eu
cd "$(dirname "$0")/.."
n=${1:-50}
first=${2:-1}
build=${BUILD:-build}
out=${OUT:-$build/explain_property.log}
# the scripts are read as they run: run a copy, so editing the tree meanwhile cannot change a long run
snap=$(mktemp -d "${TMPDIR:-/tmp}/explain_property.XXXXXX")
trap 'rm -rf "$snap"' EXIT
mkdir -p "$snap/tests/netns"
cp tests/sandbox.sh "$snap/tests/"
cp tests/netns/lib.sh tests/netns/explain_random_fw.sh "$snap/tests/netns/"
case $n$first in *[!0-9]*) echo "usage: $0 [N [FIRST]]" >&2; exit 2 ;; esac
[ -x "$build/src/nstop" ] && [ -x "$build/tests/netprobe" ] || {
	echo "$0: build first: meson setup $build && ninja -C $build" >&2
	exit 2
}
build=$(cd "$build" && pwd)
seeds=$(seq "$first" $((first + n - 1)) | tr '\n' ' ')
rc=0
sh "$snap/tests/sandbox.sh" env NSTOP="$build/src/nstop" NETPROBE="$build/tests/netprobe" \
	EXPLAIN_FW_SEEDS="$seeds" EXPLAIN_FW_VERBOSE=1 bash "$snap/tests/netns/explain_random_fw.sh" >"$out" 2>&1 || rc=$?
grep '^explain_random_fw:' "$out" || { tail -20 "$out" >&2; echo "$0: the test did not finish (exit $rc)" >&2; exit 1; }
echo "causes of disagreement (count, predicted/real, nstop's reason):"
sed -n 's/^DISAGREE seed [0-9]*: .*: predicted \([a-z]*\) (\(.*\)), real \([a-z]*\) (\(.*\))$/\1\/\3: \2/p' "$out" |
	sed 's/[0-9][0-9.:]*/N/g' | sort | uniq -c | sort -rn
grep -c '^DISAGREE' "$out" >/dev/null || echo "      none"
echo "unknowns naming no chain: $(grep -c '^UNNAMED' "$out" || true)"
echo "unknowns by reason (count, nstop's reason):"
sed -n 's/^UNKNOWN seed [0-9]*: [^:]*: \(.*\) (real: .*)$/\1/p' "$out" | sed 's/[0-9][0-9.:]*/N/g' | sort | uniq -c | sort -rn
echo "log: $out"
exit "$rc"
