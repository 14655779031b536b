/* SPDX-License-Identifier: MIT */
/*
 * The reachability matrix view: sources down, destinations across grouped
 * under their namespace's name with each address below it, a mark per cell
 * (✓ ✗ ? and · for the row's own namespace; + - ? . in ASCII), scrolled to
 * keep the cursor in sight; under the grid the cursor cell in words.
 */
#include <arpa/inet.h>
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "views.h"

#define LABEL_MAX 20
#define ADDR_MAX 24 /* a column is as wide as its widest address up to this; the line below names a cell whole */

static const char *mark(const struct ui *ui, const struct nst_reach_cell *c)
{
	if (c->self) {
		return ui->ascii ? "." : "\u00b7";
	}
	if (c->reachable == 1) {
		return ui->ascii ? "+" : "\u2713";
	}
	return c->reachable == 0 ? (ui->ascii ? "-" : "\u2717") : "?";
}

static int mark_attr(const struct ui *ui, const struct nst_reach_cell *c)
{
	if (c->self) {
		return ui->attr[UI_ROLE_DIM];
	}
	return c->reachable == 1 ? ui->attr[UI_ROLE_UP]
	       : c->reachable == 0 ? ui->attr[UI_ROLE_DOWN] : ui->attr[UI_ROLE_WARN];
}

static void addr_text(const struct nst_reach_col *c, char *buf, size_t len)
{
	if (!inet_ntop(c->family, c->addr, buf, (socklen_t)len)) {
		snprintf(buf, len, "?");
	}
}

/* The first of n shown from *first so that cur is among them. */
static void keep_in_view(size_t *first, size_t cur, size_t n)
{
	if (n == 0) {
		return;
	}
	if (cur < *first) {
		*first = cur;
	} else if (cur >= *first + n) {
		*first = cur - n + 1;
	}
}

/* The cursor's cell in words: "ns1 → 7.7.7.7 (myns): NOT reachable: in /: forwarding is off ..." */
static void describe(struct ui *ui, int y, int w)
{
	const struct ui_reach *r = &ui->reach;
	const struct nst_reach_cell *c = nst_reach_matrix_cell(&r->mx, r->row, r->col);
	const struct nst_reach_col *col = r->col < r->mx.n_cols ? &r->mx.cols[r->col] : NULL;
	char addr[INET6_ADDRSTRLEN], line[1024];

	if (!c || !col) {
		return;
	}
	addr_text(col, addr, sizeof(addr));
	snprintf(line, sizeof(line), "%s %s %s (%s): %s%s%s%s%s", r->mx.rows[r->row].display, ui->g.to, addr,
		 r->mx.rows[col->row].display,
		 c->self ? "its own namespace, not asked" : c->reachable == 1 ? "reachable" : c->reachable == 0 ? "NOT reachable" : "unknown",
		 c->reason ? ": " : "", c->failed_reply ? "reply, " : "", c->failed_in ? "in " : "",
		 c->failed_in ? c->failed_in : "");
	int used = ui_put(y, 0, w, line, c->self ? ui->attr[UI_ROLE_DIM] : mark_attr(ui, c));
	if (c->reason && used < w) {
		used += ui_put(y, used, w - used, ": ", ui->attr[UI_ROLE_NORMAL]);
		ui_put(y, used, w - used, c->reason, ui->attr[UI_ROLE_NORMAL]);
	}
}

static void grid(struct ui *ui, int y, int h, int w)
{
	struct ui_reach *r = &ui->reach;
	const struct nst_reach_matrix *mx = &r->mx;
	int label_w = 4, cw = 4;
	char addr[INET6_ADDRSTRLEN];

	for (size_t c = 0; c < mx->n_cols; c++) {
		addr_text(&mx->cols[c], addr, sizeof(addr));
		int aw = (int)strlen(addr) > ADDR_MAX ? ADDR_MAX : (int)strlen(addr);
		cw = aw + 2 > cw ? aw + 2 : cw;
	}

	for (size_t i = 0; i < mx->n_rows; i++) {
		int tw = ui_text_width(mx->rows[i].display);
		label_w = tw + 2 > label_w ? (tw > LABEL_MAX ? LABEL_MAX : tw) + 2 : label_w;
	}
	size_t ncols = w > label_w + cw ? (size_t)((w - label_w) / cw) : 1;
	size_t nrows = h > 2 ? (size_t)(h - 2) : 1;
	keep_in_view(&r->left, r->col, ncols);
	keep_in_view(&r->top, r->row, nrows);
	for (size_t k = 0; k < ncols && r->left + k < mx->n_cols; k++) {
		size_t c = r->left + k;
		const struct nst_reach_col *col = &mx->cols[c];
		int x = label_w + (int)k * cw;
		if (k == 0 || mx->cols[c - 1].row != col->row) {
			/* the group's name over its first column, as wide as the group is on screen */
			size_t span = 1;
			while (k + span < ncols && c + span < mx->n_cols && mx->cols[c + span].row == col->row) {
				span++;
			}
			ui_put(y, x, (int)span * cw - 1, mx->rows[col->row].display, ui->attr[UI_ROLE_NS]);
		}
		addr_text(col, addr, sizeof(addr));
		ui_put(y + 1, x, cw - 1, addr, ui->attr[UI_ROLE_DIM]);
	}
	for (size_t i = 0; i < nrows && r->top + i < mx->n_rows; i++) {
		size_t row = r->top + i;
		int yy = y + 2 + (int)i;
		ui_put(yy, 0, label_w - 1, mx->rows[row].display, row == r->row ? ui->attr[UI_ROLE_KEY] : ui->attr[UI_ROLE_NS]);
		for (size_t k = 0; k < ncols && r->left + k < mx->n_cols; k++) {
			size_t c = r->left + k;
			const struct nst_reach_cell *cell = nst_reach_matrix_cell(mx, row, c);
			int x = label_w + (int)k * cw;
			bool cur = row == r->row && c == r->col;
			if (cur) {
				ui_fill(yy, x, 3, ui->attr[UI_ROLE_SELECT]);
			}
			ui_put(yy, x + 1, 1, mark(ui, cell), cur ? ui->attr[UI_ROLE_SELECT] : mark_attr(ui, cell));
		}
	}
}

void ui_reach_draw(struct ui *ui, int y, int h, int w)
{
	struct ui_reach *r = &ui->reach;
	const struct nst_reach_matrix *mx = &r->mx;
	char title[320];

	if (r->pending) {
		ui_put(y, 0, w, "reachability: asking the kernel in every namespace...", ui->attr[UI_ROLE_DIM]);
		return;
	}
	if (!r->have) {
		snprintf(title, sizeof(title), "reachability: cannot build the matrix: %s", r->error);
		ui_put(y, 0, w, title, ui->attr[UI_ROLE_ERROR]);
		return;
	}
	snprintf(title, sizeof(title),
		 "reachability (%s): %zu namespaces, %zu addresses   %s %zu  %s %zu  ? %zu   (%s own namespace)",
		 nst_reach_proto_str(mx->proto), mx->n_rows, mx->n_cols, ui->ascii ? "+" : "\u2713", mx->n_ok,
		 ui->ascii ? "-" : "\u2717", mx->n_fail, mx->n_unknown, ui->ascii ? "." : "\u00b7");
	ui_put(y, 0, w, title, ui->attr[UI_ROLE_NS]);
	if (h < 6 || mx->n_rows == 0 || mx->n_cols == 0) {
		ui_put(y + 1, 0, w, mx->n_cols ? "" : "no addresses to reach (loopback and link-local are left out)",
		       ui->attr[UI_ROLE_DIM]);
		return;
	}
	grid(ui, y + 2, h - 5, w);
	describe(ui, y + h - 2, w);
	ui_put(y + h - 1, 0, w, "arrows/hjkl move  Enter explain the cell  R or Esc close the matrix",
	       ui->attr[UI_ROLE_DIM]);
}
