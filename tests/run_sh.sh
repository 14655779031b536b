#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/run.sh on a throwaway one-file meson project (its deps.sh a stub), so
# it takes seconds: a fresh build, a build/ without build.ninja, an empty
# build/, a corrupt one, a compile error that must be shown with a non-zero
# exit, and, as root, a sudo-like run (SUDO_USER=nobody) that must build as
# nobody, or in build-root/ when the checkout is not nobody's.
#   sh tests/run_sh.sh SOURCE_ROOT
set -eu
src=${1:?usage: run_sh.sh SOURCE_ROOT}
src=$(cd "$src" && pwd)
fails=0
ok() { echo "ok   $*"; }
no() { echo "FAIL $*"; fails=$((fails + 1)); }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
t=$tmp/repo
mkdir -p "$t/scripts" "$t/src"
cp "$src/scripts/run.sh" "$t/scripts/run.sh"
printf '#!/bin/sh\nexit 0\n' >"$t/scripts/deps.sh"
chmod 755 "$t/scripts/deps.sh"
printf "project('fake', 'c')\nsubdir('src')\n" >"$t/meson.build"
printf "executable('nstop', 'main.c')\n" >"$t/src/meson.build"
good='#include <stdio.h>
int main(int argc, char **argv) { printf("fake nstop %s\n", argc > 1 ? argv[1] : ""); return 0; }'
printf '%s\n' "$good" >"$t/src/main.c"
run() { (cd "$t" && "$@" sh scripts/run.sh --hello) >"$tmp/out" 2>&1; }

if run env && grep -qx 'fake nstop --hello' "$tmp/out" && [ "$(wc -l <"$tmp/out")" -eq 1 ]; then
	ok "fresh checkout: built quietly, ran with the arguments"
else no "fresh checkout: $(cat "$tmp/out")"; fi

rm -f "$t/build/build.ninja"
if run env && grep -q 'fake nstop --hello' "$tmp/out"; then ok "build/ without build.ninja: set up again"
else no "build/ without build.ninja: $(cat "$tmp/out")"; fi

rm -rf "$t/build" && mkdir "$t/build"
if run env && grep -q 'fake nstop --hello' "$tmp/out"; then ok "empty build/: set up"
else no "empty build/: $(cat "$tmp/out")"; fi

mkdir -p "$t/build/meson-private"
echo junk >"$t/build/meson-private/coredata.dat"
if run env && grep -q 'fake nstop --hello' "$tmp/out"; then ok "corrupt build/: set up again"
else no "corrupt build/: $(cat "$tmp/out")"; fi

printf 'int main(void) { return nosuchsymbol_xyz; }\n' >"$t/src/main.c"
if run env; then no "compile error: exit 0"
elif grep -q 'nosuchsymbol_xyz' "$tmp/out" && grep -q 'error' "$tmp/out"; then ok "compile error: shown, exit non-zero"
else no "compile error not shown: $(cat "$tmp/out")"; fi
printf '%s\n' "$good" >"$t/src/main.c"

if [ "$(id -u)" -ne 0 ] || ! id nobody >/dev/null 2>&1; then
	echo "sudo-like runs need root and a user nobody"
	if [ "${CI:-}" = true ]; then exit 1; fi
	[ $fails -eq 0 ] && exit 77
	exit 1
fi
rm -rf "$t/build"
chown -R nobody "$t"
if run env SUDO_USER=nobody && grep -q 'fake nstop --hello' "$tmp/out" &&
	[ -z "$(find "$t" -user root)" ] && [ ! -e "$t/build-root" ]; then
	ok "SUDO_USER=nobody, nobody's checkout: built as nobody, nothing root's left"
else no "SUDO_USER=nobody, nobody's checkout: $(cat "$tmp/out"; find "$t" -user root | head -3)"; fi

rm -rf "$t/build" && mkdir "$t/build" && chown root "$t/build"
if run env SUDO_USER=nobody; then no "root-owned build/ under sudo: exit 0"
elif grep -q 'belongs to root' "$tmp/out"; then ok "root-owned build/ under sudo: refused, says so"
else no "root-owned build/ under sudo: $(cat "$tmp/out")"; fi

rm -rf "$t/build"
chown -R root "$t"
if run env SUDO_USER=nobody && grep -q 'fake nstop --hello' "$tmp/out" &&
	[ -x "$t/build-root/src/nstop" ] && [ ! -e "$t/build" ]; then
	ok "SUDO_USER=nobody, root's checkout: built in build-root/, build/ untouched"
else no "SUDO_USER=nobody, root's checkout: $(cat "$tmp/out")"; fi

echo "run_sh: $fails failed"
[ $fails -eq 0 ]
