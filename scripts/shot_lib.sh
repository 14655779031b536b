#!/bin/bash
# SPDX-License-Identifier: MIT
# Shared by scripts/screenshots.sh and screenshots_docker.sh: a tmux pane (session t)
# rendered to PNG through aha and headless Chromium. The caller sets cols, rows,
# work (a scratch dir) and defines screen (tests/ui/lib.sh) and fail.

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

# Terminal palette (One Half Dark), bold not brightened, as most terminals
# now draw it. aha -b names the colours: dimgray is black as a foreground,
# black and white also come from reverse video (default colours swapped).
palette='
	my %fg = (dimgray => "#000000", black => "#282c34", red => "#e06c75", lime => "#98c379",
		yellow => "#e5c07b", "#3333FF" => "#61afef", fuchsia => "#c678dd", aqua => "#56b6c2",
		white => "#dcdfe4");
	my %bg = (%fg, black => "#000000");
	my $c = join "|", map quotemeta, keys %fg;
	s/background-color:($c);/background:$bg{$1};/g;
	s/color:($c);/color:$fg{$1};/g;'

# DejaVu Sans Mono: advance 0.602em; its box-drawing glyphs span ascent +
# descent, 1.164em (17.5px at 15px), so 17px rows make vertical lines overlap
# a little instead of leaving seams. The window is the terminal plus padding.
font_px=15 line_px=17 pad=10
width=$(awk -v c=$cols -v f=$font_px -v p=$pad 'BEGIN { w = c * f * 1233 / 2048 + 2 * p; print int(w) + (w > int(w)) }')
height=$((rows * line_px + 2 * pad))

# shot_png NAME PNG: capture tmux pane t and render it to PNG.
shot_png()
{
	local name=$1 png=$2 html=$work/$1.html log=$work/$1.chromium.log
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
	# HOME and XDG dirs point into $work so Chromium writes nothing outside it.
	if ! HOME=$work XDG_CONFIG_HOME=$work/.config XDG_CACHE_HOME=$work/.cache \
		chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$work/profile.XXXXXX")" --hide-scrollbars \
		--force-device-scale-factor=1 --window-size="$width,$height" \
		--screenshot="$png" "file://$html" >"$log" 2>&1 ||
		[[ ! -s "$png" ]]; then
		cat "$log" >&2
		fail "chromium did not write $png"
	fi
	echo "wrote $png"
}

