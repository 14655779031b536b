#!/bin/sh
# SPDX-License-Identifier: MIT
# The layering fence (DESIGN.md §1), checked on the sources: the model includes
# no kernel library, ncurses or syscall header; the UI never includes the
# backend; the product never shells out to ip, nft or tcpdump.
set -eu
src=${1:?usage: layering.sh SRC_DIR}
bad=0

report() {
	echo "layering: $1" >&2
	echo "$2" | sed 's/^/  /' >&2
	bad=1
}

hits=$(grep -nE '#include[[:space:]]*<(netlink|linux|libnftnl|libmnl|pcap|ncurses|curses|sys/ioctl|sys/mount|sched)[^>]*>' \
	"$src"/model/*.c "$src"/model/*.h || true)
[ -z "$hits" ] || report "src/model must stay libc-only data" "$hits"

hits=$(grep -nE '\b(socket|setns|unshare|ioctl|mount|open|opendir|fopen)[[:space:]]*\(' "$src"/model/*.c || true)
hits=$(echo "$hits" | grep -v 'open_memstream' || true)
[ -z "$hits" ] || report "src/model must not make syscalls" "$hits"

if ls "$src"/ui/*.[ch] >/dev/null 2>&1; then
	hits=$(grep -nE '#include[[:space:]]*[<"](backend|be_[a-z_]*|netlink/[^>]*)\.h[>"]' "$src"/ui/*.[ch] || true)
	[ -z "$hits" ] || report "src/ui must not include the backend or libnl" "$hits"
fi

hits=$(grep -rnE '\b(system|popen|execl|execlp|execv|execvp)[[:space:]]*\(' "$src" || true)
[ -z "$hits" ] || report "nstop must not shell out (no system/popen/exec)" "$hits"

exit $bad
