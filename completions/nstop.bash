# SPDX-License-Identifier: MIT
# bash completion for nstop(8). Namespace and link names come from nstop itself
# (`nstop --complete ns`, `nstop --ns NAME --complete links`: it knows container
# and pod names); where that gives nothing (no nstop on PATH, or not root, so no
# setns) they come from /run/netns and /sys/class/net. Every name is offered
# quoted for the shell (printf %q), so a name with a space or `$(...)` is inserted
# as that literal name and nothing of it is ever evaluated.

_nstop_options="--ns --ascii --json --dump --dot --export-script --monitor --capture --count
--filter --write --explain --proto --port --source --reach --probe --demo --help --version"

# the nstop to ask: the command being completed when it is a path (build/src/nstop), else PATH's
_nstop_cmd()
{
	local c=${COMP_WORDS[0]}
	if [[ $c == */* && -x $c && ! -d $c ]]; then
		printf '%s' "$c"
	else
		printf 'nstop'
	fi
}

# _nstop_offer CUR NAME...: COMPREPLY gets each NAME that CUR begins, shell-quoted.
# CUR is the word as typed (maybe quoted already): it is matched against both the
# raw name and its quoted form, never dequoted by eval.
_nstop_offer()
{
	local cur=$1 name q
	shift
	for name in "$@"; do
		[[ -n $name ]] || continue
		printf -v q '%q' "$name"
		if [[ $name == "$cur"* || $q == "$cur"* ]]; then
			COMPREPLY+=("$q")
		fi
	done
}

_nstop_namespaces()
{
	local -a names=()
	local line
	while IFS= read -r line; do
		names+=("$line")
	done < <("$(_nstop_cmd)" --complete ns 2>/dev/null)
	if ((${#names[@]} == 0)); then
		names=(/)
		local f
		for f in /run/netns/*; do
			[[ -e $f ]] && names+=("${f##*/}")
		done
	fi
	_nstop_offer "$1" "${names[@]}"
}

# _nstop_dequote WORD: the word as the shell would read it, for the quoting people
# type ('a b', "a b", a\ b); a word with $ or ` outside single quotes is taken as
# typed. Nothing is evaluated.
_nstop_dequote()
{
	local w=$1 out="" c q="" i
	for ((i = 0; i < ${#w}; i++)); do
		c=${w:i:1}
		if [[ $q == "'" ]]; then
			[[ $c == "'" ]] && q="" || out+=$c
		elif [[ $c == '$' || $c == '`' ]]; then
			printf '%s' "$w"
			return
		elif [[ $c == \\ ]]; then
			((i++))
			out+=${w:i:1}
		elif [[ $c == '"' ]]; then
			[[ $q == '"' ]] && q="" || q='"'
		elif [[ $c == "'" && -z $q ]]; then
			q="'"
		else
			out+=$c
		fi
	done
	printf '%s' "$out"
}

# the value of --ns on the line, dequoted
_nstop_line_ns()
{
	local i w=""
	for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
		if [[ ${COMP_WORDS[i]} == --ns ]]; then
			w=${COMP_WORDS[i + 1]}
		elif [[ ${COMP_WORDS[i]} == --ns=* ]]; then
			w=${COMP_WORDS[i]#--ns=}
		fi
	done
	_nstop_dequote "$w"
}

_nstop_links()
{
	local ns
	ns=$(_nstop_line_ns)
	local -a names=() args=()
	local line
	[[ -n $ns ]] && args=(--ns "$ns")
	while IFS= read -r line; do
		names+=("$line")
	done < <("$(_nstop_cmd)" "${args[@]}" --complete links 2>/dev/null)
	if ((${#names[@]} == 0)) && [[ -z $ns || $ns == / ]]; then
		local f
		for f in /sys/class/net/*; do
			[[ -e $f ]] && names+=("${f##*/}")
		done
	fi
	_nstop_offer "$1" "${names[@]}"
}

_nstop()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=""
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	# --opt=VALUE as one word (bash splits at '=' only with COMP_WORDBREAKS holding it)
	if [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	elif [[ $cur == = && $prev == --* ]]; then
		cur=""
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	case $prev in
	--ns)
		_nstop_namespaces "$cur"
		return 0
		;;
	--capture)
		_nstop_links "$cur"
		return 0
		;;
	--proto)
		_nstop_offer "$cur" icmp tcp udp
		return 0
		;;
	--demo)
		# a scenario file is named by a path with a '/' (a bare word is a built-in name)
		_nstop_offer "$cur" seed lab docker-like
		local f
		while IFS= read -r f; do
			[[ $f == */* ]] || f=./$f
			COMPREPLY+=("$(printf '%q' "$f")")
		done < <(compgen -f -- "$cur")
		return 0
		;;
	--write)
		local f
		while IFS= read -r f; do
			COMPREPLY+=("$(printf '%q' "$f")")
		done < <(compgen -f -- "$cur")
		return 0
		;;
	--count | --filter | --port | --source)
		return 0 # a number, a BPF expression, an address: nothing to offer
		;;
	--explain)
		_nstop_namespaces "$cur"
		return 0
		;;
	esac
	# --explain FROM TO: TO is an address or a namespace
	if ((COMP_CWORD > 1)) && [[ ${COMP_WORDS[COMP_CWORD - 2]} == --explain && $cur != -* ]]; then
		_nstop_namespaces "$cur"
		return 0
	fi
	if [[ $cur == -* || -z $cur ]]; then
		local o
		for o in $_nstop_options; do
			[[ $o == "$cur"* ]] && COMPREPLY+=("$o")
		done
	fi
	return 0
}

complete -F _nstop nstop
