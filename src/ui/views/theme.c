/* SPDX-License-Identifier: MIT */
/*
 * Colours and glyphs. NO_COLOR (no-color.org) turns colour off and leaves
 * bold/reverse; a non-UTF-8 locale (or --ascii) gets ASCII line drawing.
 */
#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "views.h"

static const struct ui_glyphs utf8_glyphs = {
	.peer = "\xe2\x87\x84",                 /* ⇄ */
	.open = "\xe2\x96\xbe",                 /* ▾ */
	.closed = "\xe2\x96\xb8",               /* ▸ */
	.tee = "\xe2\x94\x9c\xe2\x94\x80",      /* ├─ */
	.elbow = "\xe2\x94\x94\xe2\x94\x80",    /* └─ */
	.pipe = "\xe2\x94\x82 ",                /* │  */
	.egress = "\xe2\x86\xb3",              /* ↳ */
	.to = "\xe2\x86\x92",                  /* → */
};

static const struct ui_glyphs ascii_glyphs = {
	.peer = "<->", .open = "v", .closed = ">", .tee = "|-", .elbow = "`-", .pipe = "| ",
	.egress = "`>", .to = "->",
};

void ui_theme_init(struct ui *ui)
{
	const char *no_color = getenv("NO_COLOR");
	const char *codeset = nl_langinfo(CODESET);

	ui->ascii = ui->opt.force_ascii || !codeset || strcmp(codeset, "UTF-8") != 0;
	ui->g = ui->ascii ? ascii_glyphs : utf8_glyphs;
	ui_put_set_ascii(ui->ascii);
	ui->color = has_colors() && !(no_color && *no_color);

	for (int i = 0; i < UI_ROLE_COUNT; i++) {
		ui->attr[i] = A_NORMAL;
	}
	ui->attr[UI_ROLE_HEADER] = A_REVERSE;
	ui->attr[UI_ROLE_NS] = A_BOLD;
	ui->attr[UI_ROLE_SELECT] = A_REVERSE; /* reverse video reads in every palette; no bold (grey on some) */
	ui->attr[UI_ROLE_DOWN] = A_DIM;
	ui->attr[UI_ROLE_WARN] = A_BOLD;
	ui->attr[UI_ROLE_ERROR] = A_BOLD;
	ui->attr[UI_ROLE_DIM] = A_DIM;
	ui->attr[UI_ROLE_KEY] = A_BOLD;
	ui->attr[UI_ROLE_NAT] = A_BOLD;
	ui->attr[UI_ROLE_PATH] = A_BOLD;
	ui->attr[UI_ROLE_FAILHOP] = A_BOLD | A_REVERSE;
	if (!ui->color) {
		return;
	}
	start_color();
	use_default_colors();
	static const struct {
		enum ui_role role;
		short fg, bg;
		int extra;
	} pairs[] = {
		{ UI_ROLE_HEADER, COLOR_BLACK, COLOR_CYAN, 0 },
		{ UI_ROLE_NS, COLOR_CYAN, -1, A_BOLD },
		{ UI_ROLE_UP, COLOR_GREEN, -1, 0 },
		{ UI_ROLE_DOWN, COLOR_RED, -1, 0 },
		{ UI_ROLE_WARN, COLOR_YELLOW, -1, A_BOLD },
		{ UI_ROLE_DIM, COLOR_BLUE, -1, A_BOLD },
		{ UI_ROLE_VETH, COLOR_MAGENTA, -1, 0 },
		{ UI_ROLE_PORT, COLOR_YELLOW, -1, 0 },
		{ UI_ROLE_ERROR, COLOR_WHITE, COLOR_RED, A_BOLD },
		{ UI_ROLE_KEY, COLOR_CYAN, -1, A_BOLD },
		{ UI_ROLE_NAT, COLOR_MAGENTA, -1, A_BOLD },
		{ UI_ROLE_PATH, COLOR_GREEN, -1, A_BOLD },
		{ UI_ROLE_FAILHOP, COLOR_RED, -1, A_BOLD },
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		init_pair((short)(i + 1), pairs[i].fg, pairs[i].bg);
		ui->attr[pairs[i].role] = (int)COLOR_PAIR(i + 1) | pairs[i].extra;
	}
}
