#!/bin/sh
# SPDX-License-Identifier: MIT
# Install dependencies if missing, build, and run nstop with the given arguments.
# Usage: scripts/run.sh [nstop arguments...]   e.g. scripts/run.sh --dump
#
# The build is quiet when it works and shows meson's or the compiler's errors
# when it does not. A build directory that is missing or unusable (no
# build.ninja, or `meson introspect` fails: an interrupted setup, a meson
# upgrade) is set up again, with --wipe when it is a meson directory.
#
# Under sudo the build must not leave root-owned files in a tree the user
# builds in later, so: when SUDO_USER owns the checkout and runuser or setpriv
# exists, build/ is built as SUDO_USER and only nstop itself runs as root;
# otherwise root builds in its own build-root/ and never touches build/.
# Run as root without sudo (a root login), it builds in build/ as root.
set -eu
cd "$(dirname "$0")/.."

die() { echo "run.sh: $*" >&2; exit 1; }

scripts/deps.sh

dir=build
user=""   # set: the build runs as this user (via $how), nstop as root
how=""
if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
	if [ "$(stat -c %U .)" = "$SUDO_USER" ] && command -v runuser >/dev/null 2>&1; then
		user=$SUDO_USER how=runuser
	elif [ "$(stat -c %U .)" = "$SUDO_USER" ] && command -v setpriv >/dev/null 2>&1; then
		user=$SUDO_USER how=setpriv
	else
		dir=build-root
	fi
fi
home=/
[ -n "$user" ] && home=$(getent passwd "$user" | cut -d: -f6)

# as_builder CMD...: CMD as whoever builds (see above).
as_builder()
{
	case $how in
	runuser) runuser -u "$user" -- env HOME="$home" "$@" ;;
	setpriv) setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups -- env HOME="$home" "$@" ;;
	*) "$@" ;;
	esac
}

# b CMD...: a build step; its output is shown only when it fails.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
b()
{
	if ! as_builder "$@" >"$log" 2>&1; then
		cat "$log" >&2
		return 1
	fi
}

if [ -e "$dir" ] && [ -n "$user" ] && [ "$(stat -c %U "$dir")" != "$user" ]; then
	die "$dir/ belongs to $(stat -c %U "$dir"), not $user (an older sudo run?): rm -rf $dir, then run this again"
fi
if [ -e "$dir" ] && [ -z "$user" ] && [ ! -w "$dir" ]; then
	die "$dir/ is not writable by $(id -un) (made by root?): rm -rf $dir as root, then run this again"
fi

usable() { [ -f "$dir/build.ninja" ] && as_builder meson introspect "$dir" --projectinfo >/dev/null 2>&1; }
if ! usable; then
	if [ -d "$dir/meson-private" ]; then
		echo "run.sh: $dir/ is unusable, setting it up again (meson setup --wipe)" >&2
		b meson setup --wipe "$dir" || { rm -rf "$dir" && b meson setup "$dir"; } ||
			die "meson setup $dir failed (above)"
	elif [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
		die "$dir/ is not a meson build directory; move it away and run this again"
	else
		b meson setup "$dir" || die "meson setup $dir failed (above)"
	fi
fi
b ninja -C "$dir" || die "the build failed (above)"
exec "$dir/src/nstop" "$@"
