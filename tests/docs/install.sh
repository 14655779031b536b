#!/bin/sh
# SPDX-License-Identifier: MIT
# `meson install --destdir` from the configured build installs the binary, the man
# page and the completions, each where the build's options say; the installed man
# page renders without a warning (groff -ww, and man -l); the installed binary runs.
# Usage: install.sh BUILD_DIR    (the build must be complete: --no-rebuild)
set -u
build=$1
fail=0
bad()
{
	echo "FAIL: $*"
	fail=1
}
skip()
{
	if [ "${CI:-}" = true ]; then
		echo "FAIL (CI=true, no skipping): $*" >&2
		exit 1
	fi
	echo "SKIP: $*" >&2
	exit 77
}
command -v meson >/dev/null 2>&1 || skip "meson is not on PATH"
dest=$(mktemp -d "${TMPDIR:-/tmp}/nstop-install.XXXXXX")
trap 'rm -rf "$dest"' EXIT
# the options the build was configured with (prefix, mandir, the completion dirs)
opt()
{
	meson introspect --buildoptions "$build" | python3 -c '
import json, sys
for o in json.load(sys.stdin):
    if o["name"] == sys.argv[1]:
        print(o["value"])' "$1"
}
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed (it reads meson introspect)"
prefix=$(opt prefix) bindir=$(opt bindir) mandir=$(opt mandir) datadir=$(opt datadir)
man_opt=$(opt man)
if ! out=$(meson install -C "$build" --no-rebuild --destdir "$dest" 2>&1); then
	echo "$out"
	bad "meson install --destdir exits non-zero"
	exit 1
fi
echo "installed:"
(cd "$dest" && find . -type f -o -type l | sort | sed 's/^\./  /')

bin=$dest$prefix/$bindir/nstop
[ -x "$bin" ] || bad "no executable $prefix/$bindir/nstop"
"$bin" --version | grep -q '^nstop ' || bad "the installed nstop --version does not say 'nstop VERSION'"

page=$dest$prefix/$mandir/man8/nstop.8
if [ -f "$page" ]; then
	head -c 300 "$page" | grep -q '^\.TH "nstop" "8"' || bad "man8/nstop.8 is not a roff page of section 8"
	if command -v groff >/dev/null 2>&1; then
		w=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
		[ -z "$w" ] || bad "groff -ww warns about nstop.8: $w"
		for s in NAME SYNOPSIS OPTIONS KEYS 'EXIT STATUS' FILES ENVIRONMENT JSON 'SCENARIO FILES' EXAMPLES 'SEE ALSO'; do
			groff -man -Tutf8 -P-cbou "$page" 2>/dev/null | grep -q "^$s\$" || bad "the rendered page has no $s section"
		done
	else
		skip "groff is not installed (scripts/deps.sh --test installs groff-base)"
	fi
	if command -v man >/dev/null 2>&1; then
		w=$(MANWIDTH=80 man -l "$page" 2>&1 >/dev/null)
		[ -z "$w" ] || bad "man -l warns about nstop.8: $w"
	fi
elif [ "$man_opt" = disabled ]; then
	echo "man page: disabled (-Dman=disabled)"
else
	bad "no man page $prefix/$mandir/man8/nstop.8 (is scdoc installed? -Dman=$man_opt)"
fi

bash_dir=$(opt bash_completions_dir)
if [ -z "$bash_dir" ]; then
	bash_dir=$(pkg-config --define-variable=datadir="$prefix/$datadir" --variable=completionsdir bash-completion 2>/dev/null) ||
		bash_dir=$datadir/bash-completion/completions
fi
case $bash_dir in /*) ;; *) bash_dir=$prefix/$bash_dir ;; esac
[ -f "$dest$bash_dir/nstop" ] || bad "no bash completion $bash_dir/nstop"
bash -n "$dest$bash_dir/nstop" || bad "the installed bash completion does not parse"
bash -c '. "$1" && complete -p nstop' sh "$dest$bash_dir/nstop" >/dev/null || bad "the installed bash completion registers nothing for nstop"
zsh_dir=$(opt zsh_completions_dir)
[ -n "$zsh_dir" ] || zsh_dir=$datadir/zsh/site-functions
case $zsh_dir in /*) ;; *) zsh_dir=$prefix/$zsh_dir ;; esac
[ -f "$dest$zsh_dir/_nstop" ] || bad "no zsh completion $zsh_dir/_nstop"
[ "$fail" -eq 0 ] && echo "install: ok"
exit $fail
