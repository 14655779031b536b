/* SPDX-License-Identifier: MIT */
/*
 * The graph view's off-screen canvas: cells of code points or line bits, and
 * the list of selectable rows. Lines are stored as direction bits so that
 * junctions and crossings are chosen when the canvas is shown, not drawn.
 */
#include "canvas.h"
#include "quote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Where drawing lands: a window of cells onto the picture (a plain canvas: all of it). */
struct grid {
	struct ui_cell *cells; /* NULL: count only */
	int ox, oy, w, h;
};

static struct ui_cell *grid_at(const struct grid *g, int x, int y)
{
	if (!g->cells || x < g->ox || y < g->oy || x >= g->ox + g->w || y >= g->oy + g->h) {
		return NULL;
	}
	return &g->cells[(size_t)(y - g->oy) * (size_t)g->w + (size_t)(x - g->ox)];
}

static struct grid plain_grid(struct ui_canvas *c)
{
	return (struct grid){ c->cells, 0, 0, c->w, c->h };
}

void ui_canvas_init(struct ui_canvas *c, int w, int h)
{
	memset(c, 0, sizeof(*c));
	ui_canvas_ensure(c, w, h);
}

void ui_canvas_init_recorded(struct ui_canvas *c, int w, int h)
{
	memset(c, 0, sizeof(*c));
	c->recorded = true;
	c->w = w > 0 ? w : 0;
	c->h = h > 0 ? h : 0;
}

void ui_canvas_finish(struct ui_canvas *c)
{
	if (!c) {
		return;
	}
	free(c->cells);
	free(c->objs);
	free(c->refs);
	free(c->shown_ns);
	free(c->ops);
	free(c->text);
	memset(c, 0, sizeof(*c));
}

void ui_canvas_ensure(struct ui_canvas *c, int w, int h)
{
	int nw = w > c->w ? w : c->w, nh = h > c->h ? h : c->h;

	if (nw == c->w && nh == c->h) {
		return;
	}
	if (c->recorded) {
		c->w = nw;
		c->h = nh;
		c->win_valid = false;
		return;
	}
	struct ui_cell *cells = xcalloc((size_t)nw * (size_t)nh, sizeof(*cells));

	for (int y = 0; y < c->h; y++) {
		memcpy(&cells[(size_t)y * (size_t)nw], &c->cells[(size_t)y * (size_t)c->w],
		       (size_t)c->w * sizeof(*cells));
	}
	free(c->cells);
	c->cells = cells;
	c->w = nw;
	c->h = nh;
	c->win_w = nw;
	c->win_h = nh;
}

struct ui_cell *ui_canvas_at(struct ui_canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h) {
		return NULL;
	}
	if (c->recorded) {
		struct grid g = { c->win_valid ? c->cells : NULL, c->win_x, c->win_y, c->win_w, c->win_h };
		return grid_at(&g, x, y);
	}
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

enum { OP_TEXT, OP_HLINE, OP_VLINE, OP_PAINT };

static struct ui_canvas_op *record(struct ui_canvas *c, int kind, int x0, int y0, int x1, int y1, enum ui_cell_class cls)
{
	struct ui_canvas_op *op = xgrow(&c->ops, &c->n_ops, &c->cap_ops, sizeof(*op));

	*op = (struct ui_canvas_op){ .kind = (uint8_t)kind, .cls = (uint8_t)cls, .x0 = x0, .y0 = y0, .x1 = x1, .y1 = y1 };
	c->win_valid = false;
	return op;
}

static bool is_cont(unsigned char b)
{
	return (b & 0xc0) == 0x80;
}

#define BAD_BYTE UINT32_MAX

/*
 * One code point from s; *len gets the bytes used. Anything that is not
 * well-formed UTF-8 (stray continuation, overlong, surrogate, beyond U+10FFFF,
 * truncated) yields BAD_BYTE for its first byte only, so each bad byte shows
 * up as one '?' cell.
 */
static uint32_t utf8_next(const unsigned char *s, size_t *len)
{
	unsigned char b = s[0];
	uint32_t cp;
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf; /* allowed range of the second byte */

	*len = 1;
	if (b < 0x80) {
		return b;
	}
	if (b >= 0xc2 && b <= 0xdf) {
		n = 2;
		cp = b & 0x1f;
	} else if (b >= 0xe0 && b <= 0xef) {
		n = 3;
		cp = b & 0x0f;
		lo = b == 0xe0 ? 0xa0 : 0x80; /* overlong */
		hi = b == 0xed ? 0x9f : 0xbf; /* surrogates */
	} else if (b >= 0xf0 && b <= 0xf4) {
		n = 4;
		cp = b & 0x07;
		lo = b == 0xf0 ? 0x90 : 0x80; /* overlong */
		hi = b == 0xf4 ? 0x8f : 0xbf; /* > U+10FFFF */
	} else {
		return BAD_BYTE;
	}
	if (s[1] < lo || s[1] > hi) {
		return BAD_BYTE;
	}
	for (size_t i = 1; i < n; i++) {
		if (!is_cont(s[i])) {
			return BAD_BYTE;
		}
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*len = n;
	return cp;
}

/*
 * Terminal columns of a code point, as the canvas gives it cells: 2 for East
 * Asian wide and fullwidth characters and the emoji blocks, 1 otherwise. The
 * table is libc- and locale-free so layouts are the same in tests and on screen.
 */
int ui_cp_cells(uint32_t cp)
{
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115f },   { 0x231a, 0x231b },   { 0x2329, 0x232a },   { 0x23e9, 0x23ec },
		{ 0x23f0, 0x23f0 },   { 0x23f3, 0x23f3 },   { 0x25fd, 0x25fe },   { 0x2614, 0x2615 },
		{ 0x2648, 0x2653 },   { 0x267f, 0x267f },   { 0x2693, 0x2693 },   { 0x26a1, 0x26a1 },
		{ 0x26aa, 0x26ab },   { 0x26bd, 0x26be },   { 0x26c4, 0x26c5 },   { 0x26ce, 0x26ce },
		{ 0x26d4, 0x26d4 },   { 0x26ea, 0x26ea },   { 0x26f2, 0x26f3 },   { 0x26f5, 0x26f5 },
		{ 0x26fa, 0x26fa },   { 0x26fd, 0x26fd },   { 0x2705, 0x2705 },   { 0x270a, 0x270b },
		{ 0x2728, 0x2728 },   { 0x274c, 0x274c },   { 0x274e, 0x274e },   { 0x2753, 0x2755 },
		{ 0x2757, 0x2757 },   { 0x2795, 0x2797 },   { 0x27b0, 0x27b0 },   { 0x27bf, 0x27bf },
		{ 0x2b1b, 0x2b1c },   { 0x2b50, 0x2b50 },   { 0x2b55, 0x2b55 },   { 0x2e80, 0x303e },
		{ 0x3041, 0x33ff },   { 0x3400, 0x4dbf },   { 0x4e00, 0x9fff },   { 0xa000, 0xa4cf },
		{ 0xa960, 0xa97f },   { 0xac00, 0xd7a3 },   { 0xf900, 0xfaff },   { 0xfe10, 0xfe19 },
		{ 0xfe30, 0xfe6f },   { 0xff00, 0xff60 },   { 0xffe0, 0xffe6 },   { 0x16fe0, 0x16fe4 },
		{ 0x17000, 0x18cff }, { 0x1b000, 0x1b2ff }, { 0x1f004, 0x1f004 }, { 0x1f0cf, 0x1f0cf },
		{ 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a }, { 0x1f200, 0x1f251 }, { 0x1f300, 0x1f64f },
		{ 0x1f680, 0x1f6ff }, { 0x1f7e0, 0x1f7eb }, { 0x1f90c, 0x1f9ff }, { 0x1fa70, 0x1faff },
		{ 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
	};
	size_t lo = 0, hi = sizeof(wide) / sizeof(wide[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < wide[mid][0]) {
			hi = mid;
		} else if (cp > wide[mid][1]) {
			lo = mid + 1;
		} else {
			return 2;
		}
	}
	return 1;
}

/*
 * Combining marks and zero-width characters would join the cell before them
 * on the terminal and shift everything after: the canvas shows them as '?'.
 */
static bool zero_width(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x0483 && cp <= 0x0489) || (cp >= 0x0591 && cp <= 0x05bd) ||
	       (cp >= 0x0610 && cp <= 0x061a) || (cp >= 0x064b && cp <= 0x065f) || (cp >= 0x1ab0 && cp <= 0x1aff) ||
	       (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x200b && cp <= 0x200d) || (cp >= 0x20d0 && cp <= 0x20ff) ||
	       (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xfe20 && cp <= 0xfe2f) || (cp >= 0xe0100 && cp <= 0xe01ef) ||
	       cp == 0x3099 || cp == 0x309a;
}

/* The code point a cell shows for cp (bad, unprintable and zero-width ones as '?'), and its cells. */
static uint32_t shown_cp(uint32_t cp, int *cells)
{
	/* invalid bytes, control, bidi and line-separator characters would corrupt
	 * the terminal or reorder what it shows: the same rule as ui_put's */
	if (cp == BAD_BYTE || !nst_cp_printable(cp) || zero_width(cp)) {
		cp = '?';
	}
	*cells = ui_cp_cells(cp);
	return cp;
}

/*
 * The text onto g, for a picture lw cells wide and lh tall; returns the cells
 * inside the picture (the same count whether g holds cells, a window, or none)
 * and in *span the cells the text took, inside or not.
 */
static int text_into(const struct grid *g, int lw, int lh, int x, int y, int max_w, const char *utf8,
		     enum ui_cell_class cls, int *span)
{
	const unsigned char *s = (const unsigned char *)utf8;
	int written = 0, i = 0;

	/* i counts cells used by the text, written those inside the canvas */
	while (s && *s && (max_w < 0 || i < max_w) && x + i < lw) {
		size_t len;
		int cells;
		uint32_t cp = shown_cp(utf8_next(s, &len), &cells);

		if (cells == 2 && ((max_w >= 0 && i + 2 > max_w) || x + i + 1 >= lw)) {
			break; /* half a wide character would shift the rest of the row */
		}
		s += len;
		for (int k = 0; k < cells; k++, i++) {
			if (x + i < 0 || y < 0 || y >= lh) {
				continue;
			}
			written++;
			struct ui_cell *cell = grid_at(g, x + i, y);
			if (cell) {
				/* the second half of one cut by the left edge is a blank */
				cell->ch = !k ? cp : x + i - 1 >= 0 ? UI_CH_WIDE_CONT : ' ';
				cell->cls = (uint8_t)cls;
			}
		}
	}
	*span = i;
	return written;
}

int ui_canvas_text(struct ui_canvas *c, int x, int y, int max_w, const char *utf8, enum ui_cell_class cls)
{
	int span;

	if (!c->recorded) {
		struct grid g = plain_grid(c);
		return text_into(&g, c->w, c->h, x, y, max_w, utf8, cls, &span);
	}
	struct grid none = { 0 };
	int written = text_into(&none, c->w, c->h, x, y, max_w, utf8, cls, &span);

	if (written > 0 && utf8) {
		size_t len = strlen(utf8) + 1;
		struct ui_canvas_op *op = record(c, OP_TEXT, x, y, x + span - 1, y, cls);

		op->max_w = max_w;
		op->text = c->n_text;
		if (c->n_text + len > c->cap_text) {
			c->cap_text = (c->n_text + len) * 2;
			c->text = xrealloc(c->text, c->cap_text);
		}
		memcpy(c->text + c->n_text, utf8, len);
		c->n_text += len;
	}
	return written;
}

int ui_text_cells(const char *utf8)
{
	const unsigned char *s = (const unsigned char *)utf8;
	int n = 0;

	while (s && *s) {
		size_t len;
		int cells;
		shown_cp(utf8_next(s, &len), &cells);
		s += len;
		n += cells;
	}
	return n;
}

#define ELLIPSIS "\xe2\x80\xa6"

/*
 * A head and a tail of whole characters by cells (a sequence is never split,
 * a wide character never halved), "…" between them.
 */
void ui_text_cut(const char *utf8, int max_w, bool middle, char *out, size_t len)
{
	const unsigned char *s = (const unsigned char *)utf8;
	size_t n = strlen(utf8), head_bytes = 0, tail_at = n;
	int total = ui_text_cells(utf8), head, tail, used = 0;

	if (!len) {
		return;
	}
	if (total <= max_w || max_w < 1) {
		snprintf(out, len, "%s", total <= max_w ? utf8 : "");
		return;
	}
	/* the tail keeps the larger half: what tells names apart (container ids, numbers) ends them */
	head = middle ? (max_w - 1) / 2 : max_w - 1;
	tail = max_w - 1 - head;
	for (size_t i = 0; i < n;) {
		size_t cl;
		int cells;
		shown_cp(utf8_next(s + i, &cl), &cells);
		if (used + cells > head) {
			break;
		}
		used += cells;
		i += cl;
		head_bytes = i;
	}
	/* the shortest suffix of whole characters after the head taking at most tail cells */
	for (size_t i = head_bytes; i < n;) {
		size_t cl;
		int cells;
		if (total - used <= tail) {
			tail_at = i;
			break;
		}
		shown_cp(utf8_next(s + i, &cl), &cells);
		used += cells;
		i += cl;
	}
	snprintf(out, len, "%.*s" ELLIPSIS "%s", (int)head_bytes, utf8, utf8 + tail_at);
}

/*
 * Add bits to one cell. The first class to draw a line in a cell keeps it, so
 * a box border stays a border where a connector joins it.
 */
static void add_bits(const struct grid *g, int x, int y, uint8_t bits, enum ui_cell_class cls)
{
	struct ui_cell *cell = grid_at(g, x, y);

	if (!cell || !bits) {
		return;
	}
	if (!cell->lines && !cell->ch) {
		cell->cls = (uint8_t)cls;
	}
	cell->lines |= bits;
}

/* Only the part inside g: a line thousands of rows long costs the window's cells. */
static void hline_into(const struct grid *g, int x0, int x1, int y, enum ui_cell_class cls)
{
	int from = x0 > g->ox ? x0 : g->ox, to = x1 < g->ox + g->w - 1 ? x1 : g->ox + g->w - 1;

	for (int x = from; x <= to; x++) {
		add_bits(g, x, y, (uint8_t)((x < x1 ? UI_LINE_E : 0) | (x > x0 ? UI_LINE_W : 0)), cls);
	}
}

static void vline_into(const struct grid *g, int x, int y0, int y1, enum ui_cell_class cls)
{
	int from = y0 > g->oy ? y0 : g->oy, to = y1 < g->oy + g->h - 1 ? y1 : g->oy + g->h - 1;

	for (int y = from; y <= to; y++) {
		add_bits(g, x, y, (uint8_t)((y < y1 ? UI_LINE_S : 0) | (y > y0 ? UI_LINE_N : 0)), cls);
	}
}

static void paint_into(const struct grid *g, int x0, int y0, int x1, int y1, enum ui_cell_class cls)
{
	for (int y = y0 > g->oy ? y0 : g->oy; y <= y1 && y < g->oy + g->h; y++) {
		for (int x = x0 > g->ox ? x0 : g->ox; x <= x1 && x < g->ox + g->w; x++) {
			struct ui_cell *cell = grid_at(g, x, y);

			if (cell && !cell->ch && cell->lines) {
				cell->cls = (uint8_t)cls;
			}
		}
	}
}

static void order(int *a, int *b)
{
	if (*a > *b) {
		int t = *a;
		*a = *b;
		*b = t;
	}
}

/*
 * A segment joins the centres of its end cells: the ends get only the bit
 * pointing inwards, cells between get both. A one-cell segment has no length
 * and adds nothing. Text cells keep their text; the bits stay underneath.
 */
void ui_canvas_hline(struct ui_canvas *c, int x0, int x1, int y, enum ui_cell_class cls)
{
	order(&x0, &x1);
	if (x0 == x1) {
		return;
	}
	if (c->recorded) {
		record(c, OP_HLINE, x0, y, x1, y, cls);
		return;
	}
	struct grid g = plain_grid(c);
	hline_into(&g, x0, x1, y, cls);
}

void ui_canvas_vline(struct ui_canvas *c, int x, int y0, int y1, enum ui_cell_class cls)
{
	order(&y0, &y1);
	if (y0 == y1) {
		return;
	}
	if (c->recorded) {
		record(c, OP_VLINE, x, y0, x, y1, cls);
		return;
	}
	struct grid g = plain_grid(c);
	vline_into(&g, x, y0, y1, cls);
}

void ui_canvas_paint(struct ui_canvas *c, int x0, int y0, int x1, int y1, enum ui_cell_class cls)
{
	order(&x0, &x1);
	order(&y0, &y1);
	if (c->recorded) {
		record(c, OP_PAINT, x0, y0, x1, y1, cls);
		return;
	}
	struct grid g = plain_grid(c);
	paint_into(&g, x0, y0, x1, y1, cls);
}

/* Replay the recorded calls that touch g, in their order (the order decides which class a cell keeps). */
static void replay(const struct ui_canvas *c, const struct grid *g)
{
	int gx1 = g->ox + g->w - 1, gy1 = g->oy + g->h - 1, span;

	for (size_t i = 0; i < c->n_ops; i++) {
		const struct ui_canvas_op *op = &c->ops[i];

		if (op->x1 < g->ox || op->x0 > gx1 || op->y1 < g->oy || op->y0 > gy1) {
			continue;
		}
		switch (op->kind) {
		case OP_TEXT:
			text_into(g, c->w, c->h, op->x0, op->y0, op->max_w, c->text + op->text, op->cls, &span);
			break;
		case OP_HLINE:
			hline_into(g, op->x0, op->x1, op->y0, op->cls);
			break;
		case OP_VLINE:
			vline_into(g, op->x0, op->y0, op->y1, op->cls);
			break;
		default:
			paint_into(g, op->x0, op->y0, op->x1, op->y1, op->cls);
			break;
		}
	}
}

void ui_canvas_window(struct ui_canvas *c, int x, int y, int w, int h)
{
	if (!c->recorded) {
		return;
	}
	x = x < 0 ? 0 : x > c->w ? c->w : x;
	y = y < 0 ? 0 : y > c->h ? c->h : y;
	w = w < 0 ? 0 : w > c->w - x ? c->w - x : w;
	h = h < 0 ? 0 : h > c->h - y ? c->h - y : h;
	if (c->win_valid && c->win_x == x && c->win_y == y && c->win_w == w && c->win_h == h) {
		return;
	}
	free(c->cells);
	c->cells = xcalloc((size_t)w * (size_t)h + 1, sizeof(*c->cells));
	c->win_x = x;
	c->win_y = y;
	c->win_w = w;
	c->win_h = h;
	c->win_valid = true;
	struct grid g = { c->cells, x, y, w, h };
	replay(c, &g);
}

void ui_canvas_box(struct ui_canvas *c, int x, int y, int w, int h, enum ui_cell_class cls)
{
	if (w < 2 || h < 2) {
		return;
	}
	ui_canvas_hline(c, x, x + w - 1, y, cls);
	ui_canvas_hline(c, x, x + w - 1, y + h - 1, cls);
	ui_canvas_vline(c, x, y, y + h - 1, cls);
	ui_canvas_vline(c, x + w - 1, y, y + h - 1, cls);
}

/* Namespaces and links are told apart by kind, namespace and ifindex alone (ui_sel_eq). */
static bool small_kind(enum ui_sel_kind k)
{
	return k == UI_SEL_NS || k == UI_SEL_LINK;
}

void ui_canvas_add_obj(struct ui_canvas *c, const struct ui_sel *ref, int x, int y, int w)
{
	struct ui_obj *o = xgrow(&c->objs, &c->n_objs, &c->cap_objs, sizeof(*o));

	o->ref = (struct ui_obj_ref){ .kind = ref->kind, .ns = ref->ns, .ifindex = ref->kind == UI_SEL_LINK ? ref->ifindex : 0 };
	if (!small_kind(ref->kind)) {
		*(struct ui_sel *)xgrow(&c->refs, &c->n_refs, &c->cap_refs, sizeof(*ref)) = *ref;
		o->ref.full = (uint32_t)c->n_refs;
	}
	o->x = x;
	o->y = y;
	o->w = w;
	c->shown_valid = false;
}

static int cmp_ns_id(const void *a, const void *b)
{
	const struct nst_ns_id *x = a, *y = b;

	if (x->dev != y->dev) {
		return x->dev < y->dev ? -1 : 1;
	}
	return (x->ino > y->ino) - (x->ino < y->ino);
}

bool ui_canvas_shows_links_of(struct ui_canvas *c, struct nst_ns_id ns, int y0, int y1)
{
	if (!c->shown_valid || c->shown_y0 != y0 || c->shown_y1 != y1) {
		c->n_shown = 0;
		c->shown_ns = xrealloc(c->shown_ns, (c->n_objs ? c->n_objs : 1) * sizeof(*c->shown_ns));
		for (size_t i = 0; i < c->n_objs; i++) {
			const struct ui_obj *o = &c->objs[i];
			if (o->ref.kind == UI_SEL_LINK && o->y >= y0 && o->y < y1) {
				c->shown_ns[c->n_shown++] = o->ref.ns;
			}
		}
		qsort(c->shown_ns, c->n_shown, sizeof(*c->shown_ns), cmp_ns_id);
		c->shown_y0 = y0;
		c->shown_y1 = y1;
		c->shown_valid = true;
	}
	return bsearch(&ns, c->shown_ns, c->n_shown, sizeof(ns), cmp_ns_id) != NULL;
}

struct ui_sel ui_canvas_obj_sel(const struct ui_canvas *c, size_t i)
{
	const struct ui_obj_ref *r = &c->objs[i].ref;

	if (r->full) {
		return c->refs[r->full - 1];
	}
	return r->kind == UI_SEL_LINK ? ui_sel_link(r->ns, r->ifindex) : ui_sel_ns(r->ns);
}

const struct ui_obj *ui_canvas_find_obj(const struct ui_canvas *c, const struct ui_sel *ref)
{
	for (size_t i = 0; i < c->n_objs; i++) {
		const struct ui_obj_ref *r = &c->objs[i].ref;

		if (r->kind != ref->kind || !nst_ns_id_eq(r->ns, ref->ns)) {
			continue;
		}
		if (r->full ? ui_sel_eq(&c->refs[r->full - 1], ref) : r->kind == UI_SEL_NS || r->ifindex == ref->ifindex) {
			return &c->objs[i];
		}
	}
	return NULL;
}

void ui_canvas_scroll_to(const struct ui_canvas *c, const struct ui_obj *o, int view_w, int view_h, int *x, int *y)
{
	if (o && o->y < *y) {
		*y = o->y > 0 ? o->y - 1 : 0;
	}
	/* a row of context below too, so a box's last row shows its bottom border */
	if (o && o->y >= *y + view_h - (view_h > 2 ? 1 : 0)) {
		*y = o->y - view_h + 2;
		if (*y > o->y) {
			*y = o->y; /* a view of one row */
		}
	}
	if (o && o->x < *x) {
		*x = o->x > 2 ? o->x - 2 : 0;
	}
	if (o && o->x + o->w > *x + view_w) {
		*x = o->x + o->w - view_w + 2;
		if (*x > o->x) {
			*x = o->x;
		}
	}
	if (*y > c->h - 1) {
		*y = c->h > 0 ? c->h - 1 : 0;
	}
	if (*x > c->w - 1) {
		*x = c->w > 0 ? c->w - 1 : 0;
	}
	*x = *x < 0 ? 0 : *x;
	*y = *y < 0 ? 0 : *y;
}

uint32_t ui_line_glyph(uint8_t lines, bool ascii)
{
	/* Indexed by the UI_LINE_* bits N=1 S=2 E=4 W=8. A lone half line shows as
	 * a full one: ╴╶╵╷ are missing from many terminal fonts. */
	static const uint32_t utf8[16] = {
		[0] = ' ',
		[UI_LINE_N] = 0x2502,
		[UI_LINE_S] = 0x2502,
		[UI_LINE_N | UI_LINE_S] = 0x2502,                         /* │ */
		[UI_LINE_E] = 0x2500,
		[UI_LINE_W] = 0x2500,
		[UI_LINE_E | UI_LINE_W] = 0x2500,                         /* ─ */
		[UI_LINE_S | UI_LINE_E] = 0x250c,                         /* ┌ */
		[UI_LINE_S | UI_LINE_W] = 0x2510,                         /* ┐ */
		[UI_LINE_N | UI_LINE_E] = 0x2514,                         /* └ */
		[UI_LINE_N | UI_LINE_W] = 0x2518,                         /* ┘ */
		[UI_LINE_N | UI_LINE_S | UI_LINE_E] = 0x251c,             /* ├ */
		[UI_LINE_N | UI_LINE_S | UI_LINE_W] = 0x2524,             /* ┤ */
		[UI_LINE_S | UI_LINE_E | UI_LINE_W] = 0x252c,             /* ┬ */
		[UI_LINE_N | UI_LINE_E | UI_LINE_W] = 0x2534,             /* ┴ */
		[UI_LINE_N | UI_LINE_S | UI_LINE_E | UI_LINE_W] = 0x253c, /* ┼ */
	};
	bool vert = lines & (UI_LINE_N | UI_LINE_S), horiz = lines & (UI_LINE_E | UI_LINE_W);

	lines &= 0x0f;
	if (!ascii) {
		return utf8[lines];
	}
	if (vert && horiz) {
		return '+';
	}
	return vert ? '|' : horiz ? '-' : ' ';
}

static size_t utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * An explained path's lines: heavy box drawing, the failing hop's box double,
 * so the highlight reads without colour too (NO_COLOR, a screen capture).
 */
static uint32_t path_line(uint8_t l, bool fail, bool ascii)
{
	static const uint32_t heavy[16] = {
		[UI_LINE_N] = 0x2503, [UI_LINE_S] = 0x2503, [UI_LINE_N | UI_LINE_S] = 0x2503,
		[UI_LINE_E] = 0x2501, [UI_LINE_W] = 0x2501, [UI_LINE_E | UI_LINE_W] = 0x2501,
		[UI_LINE_S | UI_LINE_E] = 0x250f, [UI_LINE_S | UI_LINE_W] = 0x2513,
		[UI_LINE_N | UI_LINE_E] = 0x2517, [UI_LINE_N | UI_LINE_W] = 0x251b,
		[UI_LINE_N | UI_LINE_S | UI_LINE_E] = 0x2523, [UI_LINE_N | UI_LINE_S | UI_LINE_W] = 0x252b,
		[UI_LINE_S | UI_LINE_E | UI_LINE_W] = 0x2533, [UI_LINE_N | UI_LINE_E | UI_LINE_W] = 0x253b,
		[UI_LINE_N | UI_LINE_S | UI_LINE_E | UI_LINE_W] = 0x254b,
	};
	static const uint32_t dbl[16] = {
		[UI_LINE_N] = 0x2551, [UI_LINE_S] = 0x2551, [UI_LINE_N | UI_LINE_S] = 0x2551,
		[UI_LINE_E] = 0x2550, [UI_LINE_W] = 0x2550, [UI_LINE_E | UI_LINE_W] = 0x2550,
		[UI_LINE_S | UI_LINE_E] = 0x2554, [UI_LINE_S | UI_LINE_W] = 0x2557,
		[UI_LINE_N | UI_LINE_E] = 0x255a, [UI_LINE_N | UI_LINE_W] = 0x255d,
		[UI_LINE_N | UI_LINE_S | UI_LINE_E] = 0x2560, [UI_LINE_N | UI_LINE_S | UI_LINE_W] = 0x2563,
		[UI_LINE_S | UI_LINE_E | UI_LINE_W] = 0x2566, [UI_LINE_N | UI_LINE_E | UI_LINE_W] = 0x2569,
		[UI_LINE_N | UI_LINE_S | UI_LINE_E | UI_LINE_W] = 0x256c,
	};
	bool vert = l & (UI_LINE_N | UI_LINE_S), horiz = l & (UI_LINE_E | UI_LINE_W);

	if (!l) {
		return 0;
	}
	if (!ascii) {
		return fail ? dbl[l] : heavy[l];
	}
	if (fail) {
		return vert && horiz ? 'X' : 'x';
	}
	return vert && horiz ? '#' : vert ? 'H' : '=';
}

/* A straight piece of a lower-device or tunnel line; 0: not one (corners, crossings stay plain). */
static uint32_t styled_line(const struct ui_cell *cell, bool ascii)
{
	uint8_t l = cell->lines & 0x0f;
	bool vert = l && !(l & (UI_LINE_E | UI_LINE_W)), horiz = l && !(l & (UI_LINE_N | UI_LINE_S));

	if (cell->cls == UI_CLS_LOWER) {
		return horiz ? (ascii ? '.' : 0x2504) : vert ? (ascii ? ':' : 0x2506) : 0;  /* ┄ ┆ */
	}
	if (cell->cls == UI_CLS_TUNNEL) {
		return horiz ? (ascii ? '~' : 0x2248) : vert ? (ascii ? '!' : 0x2507) : 0;  /* ≈ ┇ */
	}
	if (cell->cls == UI_CLS_PATH || cell->cls == UI_CLS_FAIL) {
		return path_line(l, cell->cls == UI_CLS_FAIL, ascii);
	}
	return 0;
}

uint32_t ui_cell_glyph(const struct ui_cell *cell, bool ascii)
{
	uint32_t styled = cell->ch ? 0 : styled_line(cell, ascii);
	uint32_t cp = cell->ch ? cell->ch : styled ? styled : ui_line_glyph(cell->lines, ascii);

	if (styled) {
		return cp;
	}

	if (cp == UI_CH_WIDE_CONT) {
		return ascii ? '?' : 0;
	}
	if (!ascii || cp < 0x80) {
		return cp;
	}
	switch (cp) {
	case 0x2026: /* … */
		return '~';
	case 0x25B6: /* ▶ */
		return '>';
	case 0x25C0: /* ◀ */
		return '<';
	default:
		return '?';
	}
}

char *ui_canvas_to_text(const struct ui_canvas *c, bool ascii)
{
	struct ui_canvas whole = *c; /* recorded: its own cells for all of it, the ops shared */
	struct ui_cell *own = NULL;

	if (c->recorded) {
		whole.cells = NULL;
		whole.win_valid = false;
		ui_canvas_window(&whole, 0, 0, c->w, c->h);
		own = whole.cells;
	}
	char *buf = xmalloc((size_t)c->h * ((size_t)c->w * 4 + 1) + 1);
	size_t n = 0;

	for (int y = 0; y < c->h; y++) {
		size_t keep = n;
		bool covered = false;

		for (int x = 0; x < c->w; x++) {
			const struct ui_cell *cell = &whole.cells[(size_t)y * (size_t)c->w + (size_t)x];
			uint32_t cp = ui_cell_glyph(cell, ascii);

			if (!cp && covered) {
				covered = false;
				continue; /* the wide character before covers this cell */
			}
			cp = cp ? cp : ' '; /* its wide character was drawn over: keep the columns */
			covered = !ascii && ui_cp_cells(cp) == 2;
			n += utf8_put(buf + n, cp);
			if (cp != ' ') {
				keep = n;
			}
		}
		n = keep;
		buf[n++] = '\n';
	}
	buf[n] = '\0';
	free(own);
	return buf;
}
