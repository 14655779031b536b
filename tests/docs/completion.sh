#!/usr/bin/env bash
# shellcheck disable=SC2016 # the hostile names are literal on purpose: nothing may expand them
# SPDX-License-Identifier: MIT
# The bash completion, driven as bash drives it: source the file, set COMP_WORDS and
# COMP_CWORD, call _nstop, read COMPREPLY. Real namespaces (one named "a b", one
# named "$(touch pwned)"), real links; every offered word must, parsed by the shell,
# be exactly the name (and nothing in it may run: no file "pwned" appears). Then the
# fallback without nstop (/run/netns, /sys/class/net), and as uid 65534. Then the zsh file.
# Runs inside tests/sandbox.sh. Usage: completion.sh COMPLETION_FILE (env NSTOP)
set -uo pipefail
: "${NSTOP:?set NSTOP to the nstop binary}"
NSTOP=$(readlink -f "$NSTOP")
comp=$(readlink -f "$1")
fails=0 checks=0
fail()
{
	echo "FAIL: $*"
	fails=$((fails + 1))
}
if [[ "$(findmnt -n -o SOURCE --mountpoint /run 2>/dev/null)" != nstop-sandbox-run ]]; then
	echo "FAIL: $0 must run inside tests/sandbox.sh (it makes namespaces)" >&2
	exit 1
fi
work=$(mktemp -d /run/nstop-comp.XXXXXX)
chmod 755 "$work" # uid 65534 runs nstop from it below
bin=$work/bin
mkdir -p "$bin"
ln -s "$(readlink -f "$NSTOP")" "$bin/nstop"
cd "$work" || exit 1

# shellcheck source=/dev/null
. "$comp" || { echo "FAIL: sourcing $comp"; exit 1; }
complete -p nstop >/dev/null || fail "the file does not register a completion for nstop"

# complete WORD...: the line is the words, the last one being completed; sets REPLY_WORDS
# to COMPREPLY, each parsed back as the shell would read it on the command line
complete_line()
{
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_nstop nstop "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]:-}"
	REPLY_WORDS=()
	local w
	for w in "${COMPREPLY[@]}"; do
		# the test's one eval: of what the completion offers, as the shell would read it;
		# a wrong quote would run $(touch pwned) here, and the check below sees the file
		local -a parsed=()
		eval "parsed=($w)"
		if ((${#parsed[@]} != 1)); then
			fail "offered word '$w' is ${#parsed[@]} words on the command line"
		fi
		REPLY_WORDS+=("${parsed[0]:-}")
	done
}

# expect WHAT NAME... -- WORD...: the completion of WORDS is exactly the NAMEs (any order)
expect()
{
	local what=$1
	shift
	local -a want=()
	while [[ $1 != -- ]]; do
		want+=("$1")
		shift
	done
	shift
	complete_line "$@"
	checks=$((checks + 1))
	local got wanted
	got=$(printf '%s\n' "${REPLY_WORDS[@]}" | LC_ALL=C sort)
	wanted=$(printf '%s\n' "${want[@]}" | LC_ALL=C sort)
	if [[ $got != "$wanted" ]]; then
		fail "$what: '$*' completes to [$(printf '<%s>' "${REPLY_WORDS[@]}")], want [$(printf '<%s>' "${want[@]}")]"
	fi
}

hostile='$(touch pwned)'
ip netns add ns1
ip netns add 'a b'
ip netns add "$hostile"
ip link add vethA type veth peer name vethB netns ns1
ip -n ns1 link add 'x$(id)' type veth peer name 'y`id`' netns 'a b'
ip link add up0 type veth peer name up1

# nstop --complete itself: one name a line, nothing on stderr (an ASan report would be)
direct() # WANT ARGS...: stdout of nstop ARGS, sorted, is WANT, exit 0, stderr empty
{
	local expected=$1 out err
	shift
	checks=$((checks + 1))
	out=$("$NSTOP" "$@" 2>"$work/err") || fail "nstop $* exits $?"
	out=$(LC_ALL=C sort <<<"$out")
	err=$(cat "$work/err")
	[[ -z $err ]] || fail "nstop $* writes to stderr: $err"
	[[ $out == "$expected" ]] || fail "nstop $*: [$out], want [$expected]"
}
direct "$(printf '%s\n' / "$hostile" 'a b' ns1 | LC_ALL=C sort)" --complete ns
direct "$(printf '%s\n' lo 'y`id`' | LC_ALL=C sort)" --ns 'a b' --complete links
direct "$(printf '%s\n' lo up0 up1 vethA | LC_ALL=C sort)" --complete links
checks=$((checks + 1))
"$NSTOP" --ns nope --complete links >/dev/null 2>&1
rc=$?
((rc == 2)) || fail "nstop --ns nope --complete links exits $rc, want 2"
checks=$((checks + 1))
"$NSTOP" --complete frob >/dev/null 2>&1
rc=$?
((rc == 2)) || fail "nstop --complete frob exits $rc, want 2"

PATH=$bin:$PATH
expect "options" --ns -- nstop --n
expect "options" --demo --dump --dot -- nstop --d
expect "--ns names" / ns1 'a b' "$hostile" -- nstop --ns ''
expect "--ns prefix" 'a b' -- nstop --ns a
expect "--ns quoted prefix" 'a b' -- nstop --ns 'a\ '
expect "--ns hostile prefix" "$hostile" -- nstop --ns '$'
expect "--ns=" ns1 -- nstop --ns=n
expect "--explain FROM" ns1 -- nstop --explain n
expect "--explain FROM TO" 'a b' -- nstop --explain ns1 a
expect "--capture in /" lo vethA up0 up1 -- nstop --capture ''
expect "--capture in ns1" lo vethB 'x$(id)' -- nstop --ns ns1 --capture ''
expect "--capture in 'a b'" lo 'y`id`' -- nstop --ns "'a b'" --capture ''
expect "--capture in a\\ b" lo 'y`id`' -- nstop --ns 'a\ b' --capture ''
expect "--capture in \$(touch pwned)" lo -- nstop --ns "'$hostile'" --capture ''
expect "--proto" icmp tcp udp -- nstop --explain ns1 ns2 --proto ''
expect "--proto t" tcp -- nstop --reach --proto t
expect "--demo" seed -- nstop --demo s
: >my-scenario.conf
expect "--demo files" ./my-scenario.conf -- nstop --demo my
expect "--demo ./files" ./my-scenario.conf -- nstop --demo ./my
expect "--count" -- nstop --capture vethA --count ''
# the path the user typed is the nstop asked (no nstop on PATH)
PATH=/usr/sbin:/usr/bin:/sbin:/bin
expect "a path to nstop" ns1 -- "$bin/nstop" --ns n

# without nstop: /run/netns and /sys/class/net
expect "fallback --ns" / ns1 'a b' "$hostile" -- nstop --ns ''
expect "fallback --capture" lo vethA up0 up1 -- nstop --capture ''

# as a normal user: nstop reads no other namespace's links; names still come
uid_out=$(setpriv --reuid=65534 --regid=65534 --clear-groups env PATH="$bin:$PATH" COMP="$comp" bash -c '
	. "$COMP"; COMP_WORDS=(nstop --ns ""); COMP_CWORD=2; _nstop; printf "%s\n" "${COMPREPLY[@]}"' 2>&1)
checks=$((checks + 1))
for n in / ns1 'a\ b'; do
	grep -qxF -- "$n" <<<"$uid_out" || fail "as uid 65534, --ns '' does not offer $n: [$uid_out]"
done

# zsh (completions/_nstop beside the bash file): compinit finds it; its name helpers,
# with _wanted and compadd stubbed to print what they would offer (compadd does the
# quoting in zsh), give the same names
zfile=$(dirname "$comp")/_nstop
if [[ -f $zfile ]]; then
	command -v zsh >/dev/null 2>&1 || { [[ ${CI:-} == true ]] && fail "zsh is not installed"; }
fi
if [[ -f $zfile ]] && command -v zsh >/dev/null 2>&1; then
	PATH=$bin:$PATH
	checks=$((checks + 1))
	zout=$(ZDIR=$(dirname "$zfile") HOME=$work zsh -f -c '
		fpath=($ZDIR $fpath); autoload -U compinit; compinit -u -d $HOME/.zcompdump
		print -r -- "comp: $_comps[nstop]"' 2>&1)
	[[ $zout == "comp: _nstop" ]] || fail "zsh compinit does not bind nstop to _nstop: $zout"
	zns() # NS: what _nstop_namespaces, then _nstop_links with --ns NS as zsh stores it, offer
	{
		ZFILE=$zfile NSARG=$1 zsh -f -c '
			_arguments() { return 0 }
			_wanted() { shift 3; "$@" }
			compadd() { [[ $1 == -a ]] && print -rl -- ${(P)2} }
			words=(nstop); source $ZFILE
			typeset -A opt_args
			_nstop_namespaces; print -- --
			[[ -n $NSARG ]] && opt_args[--ns]=$NSARG
			_nstop_links' 2>&1
	}
	checks=$((checks + 1))
	zwant=$(printf '%s\n' / '$(touch pwned)' 'a b' ns1 -- lo 'y`id`')
	got=$(zns 'a\ b')
	[[ $got == "$zwant" ]] || fail "zsh: namespaces, then the links of 'a b': [$got], want [$zwant]"
	checks=$((checks + 1))
	got=$(zns '' | sed '1,/^--$/d' | LC_ALL=C sort | tr '\n' ' ')
	[[ $got == "lo up0 up1 vethA " ]] || fail "zsh: the links of /: [$got]"
	PATH=/usr/sbin:/usr/bin:/sbin:/bin
fi

checks=$((checks + 1))
if [[ -e pwned || -e /pwned || -e /tmp/pwned || -e $bin/pwned ]]; then
	fail "a name's \$(touch pwned) was run"
fi
echo "completion: $checks checks, $fails failed"
rm -rf "$work"
((fails == 0))
