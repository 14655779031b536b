/* SPDX-License-Identifier: MIT */
/*
 * `R`: the reachability matrix view, and its keys — the arrows (h j k l)
 * move the cursor over the cells, Enter explains the cell under it in the
 * explanation pane (the same request `e` makes), R or Esc closes the view.
 */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "input.h"

int ui_reach_open_key(struct ui *ui)
{
	if (ui->reach.open) {
		ui_reach_close(ui);
		return UI_REDRAW | UI_WANT_STATS;
	}
	ui_reach_request(ui);
	return UI_REDRAW;
}

static int explain_cell(struct ui *ui, const struct nst_model *m)
{
	struct ui_reach *r = &ui->reach;
	struct nst_reach_probe p;
	int rc = nst_reach_matrix_probe(&r->mx, m, r->row, r->col, &p);

	if (rc == -EINVAL) {
		ui_set_status(ui, false, "its own namespace: not asked");
		return UI_REDRAW;
	}
	if (rc < 0) {
		ui_set_status(ui, true, "explain: %s", rc == -ENOENT ? "the source namespace is gone (R again rebuilds the matrix)"
									 : "no such cell");
		return UI_REDRAW;
	}
	struct ui_explain_req req = { .from = p.from->id, .family = p.family, .has_src = p.has_src,
				      .proto = (int)p.proto, .port = r->mx.port };
	memcpy(req.dst, p.dst, sizeof(req.dst));
	memcpy(req.src, p.src, sizeof(req.src));
	ui_explain_request(ui, &req);
	return UI_REDRAW;
}

static void move_by(size_t *v, size_t n, long d)
{
	long x = (long)*v + d;

	*v = n == 0 || x < 0 ? 0 : x >= (long)n ? n - 1 : (size_t)x;
}

int ui_reach_key(struct ui *ui, const struct nst_model *m, int ch)
{
	struct ui_reach *r = &ui->reach;

	if (!r->open) {
		return -1;
	}
	switch (ch) {
	case 'R':
		return ui_reach_open_key(ui);
	case KEY_ESC:
	case 'q':
		if (ui->explain.open) {
			return -1; /* the explanation over it closes first */
		}
		ui_reach_close(ui);
		return UI_REDRAW | UI_WANT_STATS;
	}
	if (!r->have) {
		return ch == '?' ? -1 : UI_NOTHING; /* waiting: nothing to move over yet */
	}
	switch (ch) {
	case 'j':
	case KEY_DOWN:
		move_by(&r->row, r->mx.n_rows, 1);
		return UI_REDRAW;
	case 'k':
	case KEY_UP:
		move_by(&r->row, r->mx.n_rows, -1);
		return UI_REDRAW;
	case 'l':
	case KEY_RIGHT:
		move_by(&r->col, r->mx.n_cols, 1);
		return UI_REDRAW;
	case 'h':
	case KEY_LEFT:
		move_by(&r->col, r->mx.n_cols, -1);
		return UI_REDRAW;
	case 'g':
	case KEY_HOME:
		r->row = r->col = 0;
		return UI_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		return explain_cell(ui, m);
	default:
		return -1;
	}
}
