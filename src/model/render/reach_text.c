/* SPDX-License-Identifier: MIT */
/*
 * `nstop --reach` as text: sources down, destinations across grouped by
 * namespace with each address under its name, folded into blocks of columns
 * that fit the width; then the legend, the counts and each failing cell's reason.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "quote.h"
#include "reach_probe.h"
#include "reach_render.h"
#include "xalloc.h"

#define LABEL_MAX 24 /* a source's name is cut to this; the reasons below name it whole */
#define GAP 2

/* Characters (code points) of terminal-safe UTF-8: what a column's width counts. */
static size_t text_width(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		n += (*p & 0xc0) != 0x80;
	}
	return n;
}

/* name made terminal-safe and cut to w characters, the cut marked; padded to w when pad. */
static void put_cut(FILE *out, const char *name, size_t w, bool ascii, bool pad)
{
	struct nst_buf b = { 0 };
	size_t n = 0;

	nst_term_text(&b, name);
	const char *s = nst_buf_str(&b);
	size_t total = text_width(s);
	size_t keep = total <= w ? total : w ? w - 1 : 0;
	const char *p = s;
	while (*p && n < keep) {
		p++;
		while ((*(const unsigned char *)p & 0xc0) == 0x80) {
			p++;
		}
		n++;
	}
	fwrite(s, 1, (size_t)(p - s), out);
	if (total > w && w) {
		fputs(ascii ? "~" : "…", out);
		n++;
	}
	for (; pad && n < w; n++) {
		fputc(' ', out);
	}
	nst_buf_free(&b);
}

static void pad_to(FILE *out, size_t n)
{
	while (n--) {
		fputc(' ', out);
	}
}

static const char *addr_str(const struct nst_reach_col *c, char *buf, size_t len)
{
	struct nst_addr a = { .family = c->family };

	memcpy(a.bytes, c->addr, 16);
	return nst_addr_format(&a, false, buf, len);
}

static const char *glyph(const struct nst_reach_cell *c, bool ascii)
{
	if (c->self) {
		return ascii ? "." : "·";
	}
	if (c->pending) {
		return " "; /* a matrix shown while it is built */
	}
	if (c->reachable == 1) {
		return ascii ? "+" : "✓";
	}
	return c->reachable == 0 ? (ascii ? "-" : "✗") : "?";
}

static size_t name_width(const char *name)
{
	struct nst_buf b = { 0 };

	nst_term_text(&b, name);
	size_t n = text_width(nst_buf_str(&b));
	nst_buf_free(&b);
	return n > LABEL_MAX ? LABEL_MAX : n;
}

/* Each column's width: its address; a group's last column also takes what its namespace's name needs more. */
static size_t *col_widths(const struct nst_reach_matrix *mx)
{
	size_t *cw = xcalloc(mx->n_cols ? mx->n_cols : 1, sizeof(*cw));
	char a[NST_ADDR_STRLEN];

	for (size_t c = 0; c < mx->n_cols;) {
		size_t w = 0, e = c;
		while (e < mx->n_cols && mx->cols[e].row == mx->cols[c].row) {
			cw[e] = strlen(addr_str(&mx->cols[e], a, sizeof(a)));
			w += cw[e] + (e > c ? GAP : 0);
			e++;
		}
		size_t need = name_width(mx->rows[mx->cols[c].row].display);
		if (need > w) {
			cw[e - 1] += need - w;
		}
		c = e;
	}
	return cw;
}

/* The namespace names over columns [from, to): each group's name over its first column, cut to the group. */
static void group_line(const struct nst_reach_matrix *mx, const size_t *cw, size_t from, size_t to, size_t label, bool ascii, FILE *out)
{
	pad_to(out, label + GAP);
	for (size_t c = from; c < to;) {
		size_t w = 0, e = c;
		while (e < to && mx->cols[e].row == mx->cols[c].row) {
			w += cw[e] + (e > c ? GAP : 0);
			e++;
		}
		put_cut(out, mx->rows[mx->cols[c].row].display, w, ascii, e < to);
		if (e < to) {
			pad_to(out, GAP);
		}
		c = e;
	}
	fputc('\n', out);
}

static void block(const struct nst_reach_matrix *mx, const size_t *cw, size_t from, size_t to, size_t label, bool ascii, FILE *out)
{
	char a[NST_ADDR_STRLEN];

	group_line(mx, cw, from, to, label, ascii, out);
	pad_to(out, label + GAP);
	for (size_t c = from; c < to; c++) {
		fputs(addr_str(&mx->cols[c], a, sizeof(a)), out);
		if (c + 1 < to) {
			pad_to(out, GAP + cw[c] - strlen(a));
		}
	}
	fputc('\n', out);
	for (size_t r = 0; r < mx->n_rows; r++) {
		put_cut(out, mx->rows[r].display, label, ascii, true);
		pad_to(out, GAP);
		for (size_t c = from; c < to; c++) {
			fputs(glyph(nst_reach_matrix_cell(mx, r, c), ascii), out);
			if (c + 1 < to) {
				pad_to(out, GAP + cw[c] - 1);
			}
		}
		fputc('\n', out);
	}
}

/* --probe: how many cells a real packet confirmed, and every cell where it did not, whole. */
static void probes(const struct nst_reach_matrix *mx, FILE *out)
{
	size_t probed = 0, agree = 0, not_compared = 0, failed = 0;
	char a[NST_ADDR_STRLEN];
	struct nst_buf b = { 0 };

	for (size_t i = 0; i < mx->n_rows * mx->n_cols; i++) {
		const struct nst_reach_observed *o = mx->cells[i].probe;
		if (!o) {
			continue;
		}
		probed++;
		failed += o->error != NULL;
		not_compared += !o->error && !o->compared;
		agree += o->compared && o->agrees;
	}
	if (!probed) {
		return;
	}
	fprintf(out, "probed %zu cells: %zu agree, %zu disagree, %zu not compared (unknown prediction), %zu could not run\n",
		probed, agree, nst_reach_matrix_disagreements(mx), not_compared, failed);
	for (size_t r = 0; r < mx->n_rows; r++) {
		for (size_t c = 0; c < mx->n_cols; c++) {
			const struct nst_reach_observed *o = nst_reach_matrix_cell(mx, r, c)->probe;
			if (!o || (o->compared && o->agrees) || (!o->error && !o->compared)) {
				continue;
			}
			nst_buf_clear(&b);
			nst_buf_puts(&b, "  ");
			nst_term_text(&b, mx->rows[r].display);
			nst_buf_printf(&b, " -> %s: ", addr_str(&mx->cols[c], a, sizeof(a)));
			nst_buf_puts(&b, o->error ? "probe could not run: " : "probe DISAGREES: ");
			nst_term_text(&b, o->error ? o->error : o->disagreement ? o->disagreement : "");
			fprintf(out, "%s\n", nst_buf_str(&b));
		}
	}
	nst_buf_free(&b);
}

static void reasons(const struct nst_reach_matrix *mx, int want, const char *title, FILE *out)
{
	char a[NST_ADDR_STRLEN];
	struct nst_buf b = { 0 };
	bool any = false;

	for (size_t r = 0; r < mx->n_rows; r++) {
		for (size_t c = 0; c < mx->n_cols; c++) {
			const struct nst_reach_cell *cell = nst_reach_matrix_cell(mx, r, c);
			if (cell->self || cell->pending || cell->reachable != want) {
				continue;
			}
			if (!any) {
				fprintf(out, "%s:\n", title);
				any = true;
			}
			nst_buf_clear(&b);
			nst_buf_puts(&b, "  ");
			nst_term_text(&b, mx->rows[r].display);
			nst_buf_printf(&b, " -> %s (", addr_str(&mx->cols[c], a, sizeof(a)));
			nst_term_text(&b, mx->rows[mx->cols[c].row].display);
			nst_buf_puts(&b, "): ");
			if (cell->failed_in) {
				nst_buf_puts(&b, cell->failed_reply ? "reply, in " : "in ");
				nst_term_text(&b, cell->failed_in);
				nst_buf_puts(&b, ": ");
			}
			nst_term_text(&b, cell->reason ? cell->reason : "");
			fprintf(out, "%s\n", nst_buf_str(&b));
		}
	}
	nst_buf_free(&b);
}

void nst_render_reach_text(const struct nst_reach_matrix *mx, bool ascii, int width, FILE *out)
{
	size_t label = 1;
	size_t w = width < 40 ? 80 : (size_t)width;

	fprintf(out, "reach %s", nst_reach_proto_str(mx->proto));
	if (mx->port > 0) {
		fprintf(out, " port %d", mx->port);
	}
	fprintf(out, ": %zu namespaces, %zu addresses\n", mx->n_rows, mx->n_cols);
	for (size_t r = 0; r < mx->n_rows; r++) {
		size_t n = name_width(mx->rows[r].display);
		label = n > label ? n : label;
	}
	size_t *cw = col_widths(mx);
	if (mx->n_cols == 0) {
		fputs("no address to reach (loopback and link-local addresses are left out)\n", out);
	}
	for (size_t from = 0; from < mx->n_cols;) {
		size_t used = label + GAP, to = from;
		while (to < mx->n_cols && (to == from || used + cw[to] <= w)) {
			used += cw[to] + GAP;
			to++;
		}
		if (from > 0 || to < mx->n_cols) {
			fprintf(out, "%saddresses %zu-%zu of %zu\n", from ? "\n" : "", from + 1, to, mx->n_cols);
		}
		block(mx, cw, from, to, label, ascii, out);
		from = to;
	}
	free(cw);
	fprintf(out, "\n%s reachable  %s not reachable  ? unknown  %s own namespace (not asked)\n", ascii ? "+" : "✓",
		ascii ? "-" : "✗", ascii ? "." : "·");
	fprintf(out, "reachable %zu, not reachable %zu, unknown %zu\n", mx->n_ok, mx->n_fail, mx->n_unknown);
	reasons(mx, 0, "not reachable", out);
	reasons(mx, -1, "unknown", out);
	probes(mx, out);
}
