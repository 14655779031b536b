#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# screenshots/docker-tree.png and docker-graph.png from a real Docker host: the Docker
# scenario of tests/runtimes (dockerd inside the runtime sandbox, lib.sh), the real
# nstop TUI in a 120x40 tmux, captured with colours and rendered the way
# scripts/screenshots.sh renders its captures (aha, then headless Chromium).
# Usage: scripts/screenshots_docker.sh [path/to/nstop]   (root; installs tmux, aha,
# chromium and fonts-dejavu-core from Debian if missing; not part of CI)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if [[ ${NSTOP_RT_INSIDE:-} != 1 ]]; then
	missing=()
	for pkg in tmux aha chromium fonts-dejavu-core; do
		if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]]; then
			missing+=("$pkg")
		fi
	done
	if ((${#missing[@]})); then
		echo "installing ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y --no-install-recommends "${missing[@]}" ||
			{ apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; }
	fi
	NSTOP=$(realpath "${1:-$repo/build/src/nstop}")
	export NSTOP
fi
# lib.sh re-runs this script in the runtime sandbox and continues below inside it
. "$repo/tests/runtimes/lib.sh"
. "$repo/tests/ui/lib.sh"
# shellcheck disable=SC2154 # assigned in the trap
trap 'shots_rc=$?; tmux kill-server >/dev/null 2>&1 || true; rt_finish "$shots_rc"' EXIT
out=$repo/screenshots
cols=120 rows=40
work=$(mktemp -d /run/nstop-shots.XXXXXX)

rt_start_docker
rt_docker_scenario
sleep 1 # IPv6 link-local addresses settle, so the picture is stable

# settle: until two captures a little apart agree (clock and rates masked).
settle()
{
	local prev='' cur i
	for ((i = 0; i < 50; i++)); do
		sleep 0.2
		cur=$(screen)
		[[ "$cur" == "$prev" ]] && return 0
		prev=$cur
	done
	echo "warning: the screen did not settle" >&2
}

# The palette and geometry of scripts/screenshots.sh (One Half Dark, DejaVu Sans Mono).
palette='
	my %fg = (dimgray => "#000000", black => "#282c34", red => "#e06c75", lime => "#98c379",
		yellow => "#e5c07b", "#3333FF" => "#61afef", fuchsia => "#c678dd", aqua => "#56b6c2",
		white => "#dcdfe4");
	my %bg = (%fg, black => "#000000");
	my $c = join "|", map quotemeta, keys %fg;
	s/background-color:($c);/background:$bg{$1};/g;
	s/color:($c);/color:$fg{$1};/g;'
font_px=15 line_px=17 pad=10
width=$(awk -v c=$cols -v f=$font_px -v p=$pad 'BEGIN { w = c * f * 1233 / 2048 + 2 * p; print int(w) + (w > int(w)) }')
height=$((rows * line_px + 2 * pad))

# shot NAME: capture the pane and render screenshots/docker-NAME.png.
shot()
{
	local name=$1 html=$work/$1.html log=$work/$1.chromium.log png=$out/docker-$1.png
	settle
	tmux capture-pane -e -p -N -t t >"$work/$name.ansi"
	{
		printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>nstop %s</title><style>\n' "$name"
		printf 'html, body { margin: 0; background: #282c34; overflow: hidden; }\n'
		printf 'pre { margin: 0; padding: %dpx; color: #dcdfe4; font-family: "DejaVu Sans Mono", monospace;\n' "$pad"
		printf '  font-size: %dpx; line-height: %dpx; font-variant-ligatures: none; }\n' "$font_px" "$line_px"
		printf '</style></head><body><pre>'
		aha -n -b <"$work/$name.ansi" | perl -pe "$palette"
		printf '</pre></body></html>\n'
	} >"$html"
	rm -f "$png"
	if ! HOME=$work XDG_CONFIG_HOME=$work/.config XDG_CACHE_HOME=$work/.cache \
		chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$work/profile.XXXXXX")" --hide-scrollbars \
		--force-device-scale-factor=1 --window-size="$width,$height" \
		--screenshot="$png" "file://$html" >"$log" 2>&1 || [[ ! -s "$png" ]]; then
		cat "$log" >&2
		fail "chromium did not write $png"
	fi
	echo "wrote $png"
}

tmux -u -f /dev/null new-session -d -s t -x "$cols" -y "$rows" "$NSTOP; echo \$? >$UI_RC; sleep 600"
wait_screen '⇄ web1:eth0' 5
sleep 2 # two samples, so the rate columns have numbers
shot tree
keys v
wait_screen '\[graph\]' 3
wait_screen '┌─.*web1' 5 # the box titles are the containers' names
shot graph
quit_ui
