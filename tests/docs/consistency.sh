#!/bin/sh
# SPDX-License-Identifier: MIT
# The usage text, the man page and the completions name the same options and keys:
# every long option of main.c's getopt table is in `nstop --help` (unless marked
# hidden on its line), in the man page's source and in the bash and zsh completions;
# --help fits 80 columns and ends pointing to nstop(8); every key of the TUI's help
# table (help_keys[] in src/ui/views, or struct ui_help_key ...[] in src/ui/layout)
# is in the man page's KEYS section as *KEY*. Read from the sources, so a key or an
# option added without its documentation fails here.
# Usage: consistency.sh NSTOP MAIN_C UI_DIR MAN_SCD BASH_COMPLETION ZSH_COMPLETION
set -u
nstop=$1 main_c=$2 ui_dir=$3 man=$4 comp=$5 zcomp=$6
fail=0
bad()
{
	echo "FAIL: $*"
	fail=1
}

# --- options: { "name", no_argument|required_argument|optional_argument, ... }
opts=$(grep -oE '\{ *"[a-z][a-z0-9-]*", *(no|required|optional)_argument' "$main_c" | sed 's/^{ *"//; s/".*//')
hidden=$(grep -E '\{ *"[a-z][a-z0-9-]*", *(no|required|optional)_argument.*hidden' "$main_c" |
	sed 's/.*{ *"\([a-z][a-z0-9-]*\)".*/\1/')
n=$(echo "$opts" | grep -c .)
[ "$n" -ge 15 ] || bad "found only $n long options in $main_c: has the getopt table moved?"
help=$("$nstop" --help) || bad "nstop --help exits $?"
echo "$help" | tail -1 | grep -q 'nstop(8)' || bad "--help does not end by pointing to nstop(8)"
wide=$(echo "$help" | awk 'length($0) > 80 { print "  " length($0) ": " $0 }')
[ -z "$wide" ] || bad "--help has lines wider than 80 columns:
$wide"
man_opts=$(sed -n '/^# OPTIONS/,/^# KEYS/p' "$man")
for o in $opts; do
	if ! echo "$hidden" | grep -qx -- "$o"; then
		echo "$help" | grep -q -- "--$o\\b" || bad "--$o is not in nstop --help"
		grep -q -- "[\" ]--$o\\b" "$comp" || bad "--$o is not in the bash completion ($comp)"
		grep -qE -- "--$o([=[]|})" "$zcomp" || bad "--$o is not in the zsh completion ($zcomp)"
	fi
	echo "$man_opts" | grep -q -- "^\*.*--$o\*" || bad "--$o has no entry (a line starting *...--$o*) in the man page's OPTIONS"
done
echo "options: $n in the getopt table ($(echo "$hidden" | grep -c .) hidden), checked in --help, man page, completions"

# --- keys: the key string of each entry of the help table: { "KEY", "what" } (struct
# hint help_keys[] in views/view_chrome.c) or { CONTEXT, "KEY", "what" } (struct
# ui_help_key in layout/help_keys.c, ui_help_keys()): the first string of the entry
start='help_keys\[\] *=|struct ui_help_key [a-z_]*\[\] *='
table=$(grep -rlE "$start" "$ui_dir" | head -1)
[ -n "$table" ] || { bad "no help table (help_keys[] or struct ui_help_key ...[]) under $ui_dir"; exit 1; }
keys=$(awk -v re="$start" '$0 ~ re { on = 1 } on { print } on && /^};/ { exit }' "$table" |
	grep '^[[:space:]]*{' | sed -n 's/^[^"]*"\([^"]*\)", *".*/\1/p')
man_keys=$(sed -n '/^# KEYS/,/^# EXIT STATUS/p' "$man")
nk=0
# a key string names one or more keys: "Up/Down  j/k", "g / G", "q  F10", "/", "Ctrl-L",
# "h j k l  arrows"; an empty one, or one starting with a space, continues the line above
# ("  on a rule"). Case is not compared (Space, space).
echo "$keys" | {
	while IFS= read -r k; do
		case $k in " "* | "") continue ;; esac
		if [ "$k" = "/" ]; then
			toks="/"
		else
			# shellcheck disable=SC2020 # both blank and '/' separate keys
			toks=$(echo "$k" | tr ' /' '\n\n' | grep . | sed 's/^arrows$/Left Right Up Down/')
		fi
		for t in $toks; do
			nk=$((nk + 1))
			echo "$man_keys" | grep -qiF -- "*$t*" || bad "key '$t' (help table: '$k') is not in the man page's KEYS as *$t*"
		done
	done
	[ "$nk" -ge 20 ] || bad "found only $nk keys in $table: has the help table changed shape?"
	echo "keys: $nk in the help table of $table, checked in the man page's KEYS"
	exit $fail
} || fail=1
[ "$fail" -eq 0 ] && echo "consistency: ok"
exit $fail
