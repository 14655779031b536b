#!/bin/sh
# SPDX-License-Identifier: MIT
# Comments that cite a design section must point at a section that exists:
# every `ARCHITECTURE.md §N` (or `§N, §M`) in the sources names a heading
# `## N ...` of ARCHITECTURE.md, and nothing cites the design brief the
# repository does not hold. Before checking the real tree, the checker is run
# on a made-up tree with one bad citation of each kind and must refuse it, so
# this test can fail. ARCHITECTURE.md's own cross-references (§N) are checked too.
#   sh tests/doc_citations.sh SOURCE_ROOT
set -eu
root=${1:?usage: doc_citations.sh SOURCE_ROOT}
# Spelt in two pieces so this file does not cite it itself.
brief='DESIGN''\.md'

# check ROOT: prints every bad citation, returns 1 when there is one.
check()
{
	dir=$1
	bad=0
	if [ ! -f "$dir/ARCHITECTURE.md" ]; then
		echo "doc_citations: $dir/ARCHITECTURE.md is missing"
		return 1
	fi
	have=$(sed -n 's/^## \([0-9][0-9]*\) .*/\1/p' "$dir/ARCHITECTURE.md")
	paths=""
	for x in src tests bench scripts demo doc .ci meson.build meson_options.txt meson.options README.md; do
		[ -e "$dir/$x" ] && paths="$paths $x"
	done
	# One grep over the tree for each question: the tree has thousands of fixture files.
	# shellcheck disable=SC2086 # $paths is a list of relative paths without spaces
	if hits=$(cd "$dir" && grep -rIn "$brief" $paths); then
		printf '%s\n' "$hits" | sed 's|^|doc_citations: |; s|$|  (cites the design brief; cite ARCHITECTURE.md §N)|'
		bad=1
	fi
	# shellcheck disable=SC2086
	cites=$(cd "$dir" && grep -rIoE 'ARCHITECTURE\.md §[0-9]+(, §[0-9]+)*' $paths) || cites=""
	for sec in $(printf '%s\n' "$cites" | grep -oE '§[0-9]+' | tr -d '§' | sort -un); do
		if ! printf '%s\n' "$have" | grep -qx "$sec"; then
			printf '%s\n' "$cites" | grep -E "§$sec([^0-9]|\$)" | cut -d: -f1 | sort -u |
				sed "s|\$| cites ARCHITECTURE.md §$sec, which has no '## $sec' heading|; s|^|doc_citations: |"
			bad=1
		fi
	done
	# and ARCHITECTURE.md's own cross-references (§3) point inside it
	for sec in $(grep -oE '§[0-9]+' "$dir/ARCHITECTURE.md" | tr -d '§' | sort -un); do
		if ! printf '%s\n' "$have" | grep -qx "$sec"; then
			echo "doc_citations: ARCHITECTURE.md refers to its own §$sec, which it does not have"
			bad=1
		fi
	done
	return $bad
}

# The checker must see both kinds of mistake.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src"
printf '# t\n\n## 1 Layers\n\n## 2 Keys\n' >"$tmp/ARCHITECTURE.md"
arch='ARCHITECTURE''.md'  # in pieces too: these sample citations are not this file's own
printf '/* ok (%s §1, §2) */\n' "$arch" >"$tmp/src/ok.c"
check "$tmp" >/dev/null || { echo "doc_citations: self-test: a good tree was refused"; exit 1; }
printf '/* gone (%s §1, §3) */\n' "$arch" >"$tmp/src/bad.c"
if check "$tmp" >/dev/null; then echo "doc_citations: self-test: a missing section was not found"; exit 1; fi
rm "$tmp/src/bad.c"
printf '# see %s §1\n' "DESIGN"".md" >"$tmp/src/meson.build"
if check "$tmp" >/dev/null; then echo "doc_citations: self-test: a design-brief citation was not found"; exit 1; fi

ncites=$(cd "$root" && grep -rIoE 'ARCHITECTURE\.md §[0-9]+' src tests bench scripts 2>/dev/null | wc -l)
if check "$root"; then
	echo "doc_citations: ok, $ncites citations, sections: $(sed -n 's/^## \([0-9][0-9]*\) .*/\1/p' "$root/ARCHITECTURE.md" | tr '\n' ' ')"
else
	exit 1
fi
