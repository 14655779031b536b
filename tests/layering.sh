#!/bin/sh
# SPDX-License-Identifier: MIT
# The layering fences (ARCHITECTURE.md §1), checked on the built libraries and on the
# sources. meson compiles each folder with only the include paths it may use;
# this test checks what the compiler cannot: which symbols each library links
# against. A library may only use symbols defined by itself, by the libraries
# below it, or by the system libraries its layer may use; the model and the UI
# make no syscalls (socket, open, setns, ...) even through libc; the product
# never shells out.
# Usage: layering.sh SRC_DIR LIBDIR_MODEL LIBDIR_UI
set -eu
export LC_ALL=C
src=${1:?usage: layering.sh SRC_DIR MODEL_LIBDIR UI_LIBDIR}
mlib=${2:?}
ulib=${3:?}
bad=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

report() {
	echo "layering: $1" >&2
	echo "$2" | sed 's/^/  /' >&2
	bad=1
}

defined() { nm -g --defined-only "$@" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u; }
undefined() { nm -u "$@" 2>/dev/null | awk 'NF == 2 { print $2 }' | sort -u; }
dynsyms() {
	for l in "$@"; do
		p=$(gcc -print-file-name="$l")
		[ -e "$p" ] || continue
		# Linker scripts (libc.so, libncursesw.so) name the real objects.
		if head -c 4 "$p" | grep -q ELF; then
			nm -D --defined-only "$p"
		else
			# INPUT(libncursesw.so.6 -ltinfo) or GROUP(/lib/.../libc.so.6 ...): resolve beside it.
			for real in $(grep -oE '[^ ()]+\.so[^ ()]*' "$p"); do
				case $real in /*) ;; *) real=$(dirname "$p")/$real ;; esac
				[ -e "$real" ] && nm -D --defined-only "$real"
			done
		fi
	done 2>/dev/null | awk '{ print $NF }' | sed 's/@.*//' | sort -u
}

dynsyms libc.so libm.so >"$tmp/libc"
dynsyms libncursesw.so libtinfo.so >"$tmp/curses"
[ -s "$tmp/libc" ] || { echo "layering: cannot read libc's symbols" >&2; exit 1; }
[ -s "$tmp/curses" ] || { echo "layering: cannot read ncursesw's symbols" >&2; exit 1; }
# Compiler and sanitizer runtime symbols are not a layer's choice.
runtime='^(_GLOBAL_OFFSET_TABLE_|__stack_chk_fail|__asan_.*|__ubsan_.*|__sanitizer_.*|__lsan_.*|__tls_get_addr)$'
# libc calls that are syscalls or process control: never in the model or the UI.
syscalls='^(socket|socketpair|bind|connect|listen|accept|accept4|sendmsg|recvmsg|sendto|recvfrom|send|recv|setsockopt|getsockopt|setns|unshare|clone|fork|vfork|execve|execv|execvp|execl|execlp|system|popen|ioctl|mount|umount|umount2|open|open64|openat|openat64|creat|fopen|fopen64|freopen|opendir|fdopendir|read|write|pread|pwrite|close|unlink|rename|mkdir|rmdir|chmod|fchmod|chown|stat|lstat|fstat|fstatat|inotify_init1|poll|ppoll|select|epoll_create1|kill|signal|sigaction|exit|_exit|dlopen)(64)?$'

# check NAME LIBRARY ALLOWED_DEFINED_FILE SYSTEM_FILE...
check() {
	name=$1 lib=$2 allowed=$3
	shift 3
	[ -f "$lib" ] || { report "$name: no library $lib" ""; return; }
	cat "$allowed" "$@" | sort -u >"$tmp/ok"
	undefined "$lib" >"$tmp/u"
	defined "$lib" >"$tmp/self"
	hits=$(comm -23 "$tmp/u" "$tmp/self" | grep -vE "$runtime" | comm -23 - "$tmp/ok" || true)
	[ -z "$hits" ] || report "$name uses symbols from outside its layer" "$hits"
	hits=$(comm -23 "$tmp/u" "$tmp/self" | grep -E "$syscalls" || true)
	[ -z "$hits" ] || report "$name must not make syscalls" "$hits"
}

: >"$tmp/none"
m=$mlib
defined "$m/libnstmodel_util.a" >"$tmp/util"
defined "$m/libnstmodel_packets.a" >"$tmp/packets"
defined "$m/libnstmodel_firewall.a" >"$tmp/firewall"
defined "$m/libnstmodel_topo.a" >"$tmp/topo"
defined "$m/libnstmodel_ops.a" >"$tmp/ops"
defined "$m/libnstmodel_render.a" >"$tmp/render"
cat "$tmp/util" "$tmp/packets" "$tmp/firewall" "$tmp/topo" "$tmp/ops" "$tmp/render" >"$tmp/model"

# Model subsystems: each sees only what lies below it (src/model/meson.build).
check model/util "$m/libnstmodel_util.a" "$tmp/none" "$tmp/libc"
check model/packets "$m/libnstmodel_packets.a" "$tmp/util" "$tmp/libc"
check model/firewall "$m/libnstmodel_firewall.a" "$tmp/util" "$tmp/libc"
cat "$tmp/firewall" "$tmp/util" >"$tmp/below_topo"
check model/topo "$m/libnstmodel_topo.a" "$tmp/below_topo" "$tmp/libc"
cat "$tmp/topo" "$tmp/below_topo" >"$tmp/below_ops"
check model/ops "$m/libnstmodel_ops.a" "$tmp/below_ops" "$tmp/libc"
cat "$tmp/ops" "$tmp/below_ops" >"$tmp/below_render"
check model/render "$m/libnstmodel_render.a" "$tmp/below_render" "$tmp/libc"

# UI: layout is pure (no curses); input and views never use each other.
u=$ulib
defined "$u/libnstui_layout.a" >"$tmp/layout"
defined "$u/libnstui_input.a" >"$tmp/input"
defined "$u/libnstui_views.a" >"$tmp/views"
# meson makes thin archives and the core bundles the others (link_whole):
# its own objects are the ones under libnstui.a.p/.
core_objs=$(ar t "$u/libnstui.a" | grep -E '/libnstui\.a\.p/[^/]*\.o$' || true)
[ -n "$core_objs" ] || report "ui core: no objects found in $u/libnstui.a" ""
# shellcheck disable=SC2086 # a list of object files
defined $core_objs >"$tmp/core"
check ui/layout "$u/libnstui_layout.a" "$tmp/model" "$tmp/libc"
cat "$tmp/model" "$tmp/layout" "$tmp/core" >"$tmp/ui_base"
check ui/input "$u/libnstui_input.a" "$tmp/ui_base" "$tmp/libc" "$tmp/curses"
check ui/views "$u/libnstui_views.a" "$tmp/ui_base" "$tmp/libc" "$tmp/curses"
cat "$tmp/ui_base" "$tmp/input" "$tmp/views" | sort -u >"$tmp/ui_all"
# shellcheck disable=SC2086 # a list of object files
undefined $core_objs | grep -vE "$runtime" | comm -23 - "$tmp/ui_all" | comm -23 - "$tmp/libc" | comm -23 - "$tmp/curses" >"$tmp/h" || true
[ ! -s "$tmp/h" ] || report "ui core uses symbols from outside its layer" "$(cat "$tmp/h")"
# shellcheck disable=SC2086
hits=$(undefined $core_objs | grep -E "$syscalls" || true)
[ -z "$hits" ] || report "ui core must not make syscalls" "$hits"

# Sources: the model includes no kernel library, ncurses or syscall header;
# the UI never includes the backend; input and views never include each other.
hits=$(grep -rnE --include='*.[ch]' '#include[[:space:]]*<(netlink|linux|libnftnl|libmnl|pcap|ncurses|curses|sys/ioctl|sys/mount|sys/socket\.h>|sched)[^>]*>' \
	"$src"/model | grep -v 'sys/socket.h' || true)
[ -z "$hits" ] || report "src/model must stay libc-only data" "$hits"
hits=$(grep -rnE --include='*.[ch]' '#include[[:space:]]*[<"](backend|be_[a-z_]*|live|capture|netlink/[^>]*)\.h[>"]' "$src"/ui || true)
[ -z "$hits" ] || report "src/ui must not include the backend or libnl" "$hits"
hits=$(grep -rnE --include='*.[ch]' '#include[[:space:]]*[<"](curses|ncurses)[^>"]*[>"]' "$src"/ui/layout || true)
[ -z "$hits" ] || report "src/ui/layout must not use curses" "$hits"
hits=$(grep -rnE --include='*.[ch]' '#include[[:space:]]*"(views|view_[a-z_]*)\.h"' "$src"/ui/input || true)
[ -z "$hits" ] || report "src/ui/input must not include views" "$hits"
hits=$(grep -rnE --include='*.[ch]' '#include[[:space:]]*"(input|[a-z_]*_keys)\.h"' "$src"/ui/views || true)
[ -z "$hits" ] || report "src/ui/views must not include input" "$hits"

hits=$(grep -rnE --include='*.[ch]' '\b(system|popen|execl|execlp|execv|execvp)[[:space:]]*\(' "$src" || true)
[ -z "$hits" ] || report "nstop must not shell out (no system/popen/exec)" "$hits"

exit $bad
