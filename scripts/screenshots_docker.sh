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

# shot NAME: screenshots/docker-NAME.png, rendered as scripts/screenshots.sh does
# shellcheck source=shot_lib.sh
. "$repo/scripts/shot_lib.sh"
shot() { shot_png "$1" "$out/docker-$1.png"; }

tmux -u -f /dev/null new-session -d -s t -x "$cols" -y "$rows" "$NSTOP; echo \$? >$UI_RC; sleep 600"
wait_screen '⇄ web1:eth0' 5
sleep 2 # two samples, so the rate columns have numbers
shot tree
keys v
wait_screen '\[graph\]' 3
wait_screen '┌─.*web1' 5 # the box titles are the containers' names
shot graph
quit_ui
