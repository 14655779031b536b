/* SPDX-License-Identifier: MIT */
/*
 * The explanation pane: a title bar with the verdict and the keys, then the
 * answer's lines (the `--explain` text) from the scroll offset; a hop's line
 * takes the colour of its mark. Sections appended later (a probe) scroll too.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "views.h"

/* "  ✓ 2 ns..." / "  OK   2 ns...": a hop line, by its mark. */
static int line_attr(const struct ui *ui, const char *l)
{
	if (strncmp(l, "  ", 2) != 0) {
		return strncmp(l, "reason:", 7) == 0 || strncmp(l, "fix:", 4) == 0 ? ui->attr[UI_ROLE_WARN]
										    : ui->attr[UI_ROLE_NORMAL];
	}
	l += 2;
	if (strncmp(l, "\u2713", 3) == 0 || strncmp(l, "OK ", 3) == 0) {
		return ui->attr[UI_ROLE_UP];
	}
	if (strncmp(l, "\u2717", 3) == 0 || strncmp(l, "FAIL", 4) == 0) {
		return ui->attr[UI_ROLE_DOWN];
	}
	if (strncmp(l, "? ", 2) == 0 || strncmp(l, "??", 2) == 0) {
		return ui->attr[UI_ROLE_WARN];
	}
	return ui->attr[UI_ROLE_NORMAL];
}

void ui_explain_draw(struct ui *ui, int y, int h, int w)
{
	struct ui_explain *e = &ui->explain;
	const char *verdict = e->pending ? "asking the kernel"
			      : e->reachable == 1 ? "reachable"
			      : e->reachable == 0 ? "NOT reachable" : "unknown";
	char title[200];

	snprintf(title, sizeof(title), " explanation: %s   j/k PgUp/PgDn scroll  v graph: the path  q close ",
		 verdict);
	ui_fill(y, 0, w, ui->attr[UI_ROLE_HEADER]);
	ui_put(y, 0, w, title, ui->attr[UI_ROLE_HEADER]);
	e->rows = h - 1;
	if (e->top > 0 && (size_t)e->top >= e->n_lines) {
		e->top = e->n_lines ? (int)e->n_lines - 1 : 0;
	}
	/* A line longer than the pane wraps, its rest indented under its text; scrolling is by line. */
	int row = 0;
	size_t next = (size_t)e->top;
	for (; row < h - 1 && next < e->n_lines; next++) {
		const char *l = e->lines[next];
		int indent = (int)strspn(l, " ") + 4;
		row += ui_put_wrapped_indent(y + 1 + row, 1, w - 2, h - 1 - row, indent, l, line_attr(ui, l));
	}
	if (next < e->n_lines && w > 12) {
		char more[32];
		snprintf(more, sizeof(more), " %zu more ", e->n_lines - next);
		ui_put(y + h - 1, w - (int)strlen(more) - 1, (int)strlen(more), more, ui->attr[UI_ROLE_DIM]);
	}
}
