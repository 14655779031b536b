/* SPDX-License-Identifier: MIT */
/*
 * An off-screen character canvas for the graph view: text cells plus line
 * segments kept as direction bits, so crossings and junctions come out right
 * in both UTF-8 box drawing and plain ASCII. Pure data (libc + model types),
 * no ncurses: layouts are unit-tested as text.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "sel.h"

/* Line directions a cell connects to. */
enum {
	UI_LINE_N = 1,
	UI_LINE_S = 2,
	UI_LINE_E = 4,
	UI_LINE_W = 8,
};

/* What a cell shows, for colour. */
enum ui_cell_class {
	UI_CLS_TEXT = 0,
	UI_CLS_BOX,      /* namespace box border */
	UI_CLS_TITLE,    /* namespace name in the box border */
	UI_CLS_VETH,     /* veth connector */
	UI_CLS_PORT,     /* bridge membership connector */
	UI_CLS_UP,       /* link name of an up link */
	UI_CLS_DOWN,     /* link name of a down link */
	UI_CLS_DIM,      /* secondary text: kind, addresses */
	UI_CLS_WARN,     /* warning marker */
	UI_CLS_NAT,      /* NAT rules and DNAT arrows */
	UI_CLS_LOWER,    /* a link to its lower device: dashed ┄ ┆ (ASCII . :) */
	UI_CLS_TUNNEL,   /* between two tunnel ends: ≈ ┇ (ASCII ~ !) */
	UI_CLS_PATH,     /* an explained path's boxes and lines: heavy ━ ┃ ┏ (ASCII = H #) */
	UI_CLS_FAIL,     /* the box of the hop it fails at: double ═ ║ ╔ (ASCII x X) */
};

/* Arrowheads (▶ ◀); ui_cell_glyph shows them as > < in ASCII. */
#define UI_ARROW_RIGHT "\xe2\x96\xb6"
#define UI_ARROW_LEFT "\xe2\x97\x80"

/* The second cell of a wide character (ui_cp_cells() == 2): the first one's glyph covers it. */
#define UI_CH_WIDE_CONT 0x110000u

struct ui_cell {
	uint32_t ch;   /* Unicode code point of text, or UI_CH_WIDE_CONT; 0 = none (lines or blank) */
	uint8_t lines; /* UI_LINE_* bits, drawn when ch == 0 */
	uint8_t cls;   /* enum ui_cell_class */
};

/*
 * A selectable object's identity, small: a whole ui_sel is ~600 bytes (NAT
 * and firewall keys) and the graph of 3000 namespaces has ~15 000 objects.
 */
struct ui_obj_ref {
	enum ui_sel_kind kind;
	struct nst_ns_id ns;
	int ifindex;
	uint32_t full; /* NAT (and other) objects: index + 1 of their whole ui_sel in the canvas's refs; 0: none needed */
};

/* A selectable object placed on the canvas: a namespace, a link or a NAT rule, by identity. */
struct ui_obj {
	struct ui_obj_ref ref;
	int x, y, w; /* the row it occupies: selection highlight and scrolling */
};

/* One recorded drawing call (a recorded canvas keeps these instead of cells). */
struct ui_canvas_op {
	uint8_t kind, cls;
	int x0, y0, x1, y1; /* the cells it may touch, inclusive */
	int max_w;          /* text: as given */
	size_t text;        /* text: offset in the canvas's text store */
};

/*
 * Two kinds. A plain canvas (ui_canvas_init) holds all h rows of w cells.
 * A recorded one (ui_canvas_init_recorded: the graph) keeps its drawing calls
 * and rasterizes only a window of it (ui_canvas_window) into cells: a graph
 * of thousands of boxes costs memory for what is on screen, not its area.
 */
struct ui_canvas {
	int w, h;              /* the whole picture's size */
	struct ui_cell *cells; /* plain: h rows of w cells; recorded: the window's win_h rows of win_w */
	int win_x, win_y, win_w, win_h; /* plain: 0, 0, w, h */
	bool recorded, win_valid;
	struct ui_canvas_op *ops;
	size_t n_ops, cap_ops;
	char *text;            /* recorded texts, NUL-terminated one after another */
	size_t n_text, cap_text;
	struct ui_obj *objs;   /* in reading order: box by box, column by column, top to bottom */
	size_t n_objs, cap_objs;
	struct ui_sel *refs;   /* whole identities of the objects that need one (ui_obj_ref.full) */
	size_t n_refs, cap_refs;
	struct nst_ns_id *shown_ns; /* ui_canvas_shows_links_of's index: namespaces with a link row in rows shown_y0.. */
	size_t n_shown;
	int shown_y0, shown_y1;
	bool shown_valid;
	uint64_t layout_sig;   /* what graph_layout.c laid this out from (ui_graph_opts.reuse); 0: unknown */
};

void ui_canvas_init(struct ui_canvas *c, int w, int h);
/* A recorded canvas of w × h with no cells yet; ui_canvas_window gives it some. */
void ui_canvas_init_recorded(struct ui_canvas *c, int w, int h);
void ui_canvas_finish(struct ui_canvas *c);
/* Grow to at least w × h, keeping content (plain canvases). */
void ui_canvas_ensure(struct ui_canvas *c, int w, int h);
/*
 * Rasterize the window of w × h cells at (x, y) (clipped to the canvas) into
 * c->cells, replaying what was drawn; nothing to do when it is the window
 * already and nothing was drawn since. A plain canvas has all its cells: no-op.
 */
void ui_canvas_window(struct ui_canvas *c, int x, int y, int w, int h);
/* The cell at (x, y) of the picture; NULL outside the canvas or, recorded, outside its window. */
struct ui_cell *ui_canvas_at(struct ui_canvas *c, int x, int y);
/* Line cells (no text) in the rectangle x0..x1, y0..y1 take class cls: a highlight drawn after the picture. */
void ui_canvas_paint(struct ui_canvas *c, int x0, int y0, int x1, int y1, enum ui_cell_class cls);

/*
 * UTF-8 text at (x, y), clipped to max_w cells (max_w < 0: no limit); returns
 * cells written. A wide character takes two cells, or none when only one is left.
 */
int ui_canvas_text(struct ui_canvas *c, int x, int y, int max_w, const char *utf8, enum ui_cell_class cls);
/* Cells a code point takes (1 or 2), as the terminal shows it. */
int ui_cp_cells(uint32_t cp);
/* Cells ui_canvas_text gives utf8, unclipped. */
int ui_text_cells(const char *utf8);
/*
 * utf8 in at most max_w cells: itself when it fits, else a head and a tail
 * around "…" (middle) or a head and "…" (!middle), never splitting a
 * character; max_w < 1 gives "". out holds the result.
 */
void ui_text_cut(const char *utf8, int max_w, bool middle, char *out, size_t len);

/* Line segments; a segment adds direction bits to every cell it covers. */
void ui_canvas_hline(struct ui_canvas *c, int x0, int x1, int y, enum ui_cell_class cls);
void ui_canvas_vline(struct ui_canvas *c, int x, int y0, int y1, enum ui_cell_class cls);
void ui_canvas_box(struct ui_canvas *c, int x, int y, int w, int h, enum ui_cell_class cls);
void ui_canvas_add_obj(struct ui_canvas *c, const struct ui_sel *ref, int x, int y, int w);
const struct ui_obj *ui_canvas_find_obj(const struct ui_canvas *c, const struct ui_sel *ref);
/*
 * Some link object of namespace ns lies in rows y0 .. y1 - 1 (the counters
 * are sampled for those only). Indexed once per row range, so asking for
 * every namespace costs O(objects + N log N), not O(N × objects).
 */
bool ui_canvas_shows_links_of(struct ui_canvas *c, struct nst_ns_id ns, int y0, int y1);
/* Object i's whole identity, as given to ui_canvas_add_obj. */
struct ui_sel ui_canvas_obj_sel(const struct ui_canvas *c, size_t i);

/*
 * Scroll (*x, *y) so that o lies inside a view_w × view_h window onto c, moving
 * as little as it can and leaving a line of context above and below it; then keep the offsets on
 * the canvas. The graph view follows the selection with it.
 */
void ui_canvas_scroll_to(const struct ui_canvas *c, const struct ui_obj *o, int view_w, int view_h, int *x, int *y);

/* The glyph for a line bitmask: UTF-8 box drawing or ASCII (-, |, +). */
uint32_t ui_line_glyph(uint8_t lines, bool ascii);
/*
 * What a cell shows: its text, else its lines (a straight piece of a lower
 * or tunnel line in that class's glyph), else a blank; ASCII-only when
 * ascii ("…" as "~", other non-ASCII text as "?"). The second cell of a wide
 * character gives 0 (nothing to draw) in UTF-8, "?" in ASCII.
 */
uint32_t ui_cell_glyph(const struct ui_cell *cell, bool ascii);
/* The canvas as text, one '\n'-terminated row per line, trailing blanks trimmed (recorded: the whole picture rasterized). */
char *ui_canvas_to_text(const struct ui_canvas *c, bool ascii);
