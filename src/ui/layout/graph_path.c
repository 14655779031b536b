/* SPDX-License-Identifier: MIT */
/*
 * An explained path on the graph: after the picture is drawn, the borders of
 * the boxes the path goes through, the veth lines it crosses and the bridge
 * trunk to each port on it change class
 * (graph_layout.c's draw calls this last), so the layout is the same with or
 * without a path and only the highlight differs.
 */
#include "graph_internal.h"

/* Line cells only: a title or a link name keeps its own class (ui_canvas_paint). */
static void paint(struct ui_canvas *c, int x, int y, enum ui_cell_class cls)
{
	ui_canvas_paint(c, x, y, x, y, cls);
}

static void paint_box(struct ui_canvas *c, const struct box *b, enum ui_cell_class cls)
{
	ui_canvas_paint(c, b->x, b->y, b->x + b->w - 1, b->y, cls);
	ui_canvas_paint(c, b->x, b->y + b->h - 1, b->x + b->w - 1, b->y + b->h - 1, cls);
	ui_canvas_paint(c, b->x, b->y, b->x, b->y + b->h - 1, cls);
	ui_canvas_paint(c, b->x + b->w - 1, b->y, b->x + b->w - 1, b->y + b->h - 1, cls);
}

/* The cells ui_gl_draw_edge drew for a veth line. */
static void paint_edge(const struct layout *L, struct ui_canvas *c, int k, const struct edge *e)
{
	const struct box *lb = &L->boxes[e->lbox];
	int xl = lb->x + lb->w - 1, xr = L->col_x[k + 1];
	int lane = L->col_x[k] + L->col_w[k] + GAP_LEAD + e->lane;
	int y0 = e->yl < e->yr ? e->yl : e->yr, y1 = e->yl < e->yr ? e->yr : e->yl;

	ui_canvas_paint(c, xl, e->yl, lane, e->yl, UI_CLS_PATH);
	ui_canvas_paint(c, lane, y0, lane, y1, UI_CLS_PATH);
	ui_canvas_paint(c, lane, e->yr, xr, e->yr, UI_CLS_PATH);
}

/* A bridge's trunk from its row down to a port on the path, and the port's tee (graph_draw.c's geometry). */
static void paint_ports(const struct layout *L, struct ui_canvas *c, const struct box *b, const struct ui_path_links *s)
{
	struct nst_ns_id id = L->m->ns[b->ns].id;

	for (int r = 0; r < b->n_rows; r++) {
		const struct row *row = &b->rows[r];
		int p = row->parent;

		if (p < 0 || !row->l || !b->rows[p].l || !ui_path_has_link(s, id, row->l->ifindex) ||
		    !ui_path_has_link(s, id, b->rows[p].l->ifindex)) {
			continue;
		}
		int x = b->x + 2 + b->rows[p].depth * INDENT;
		ui_canvas_paint(c, x, b->y + 2 + p, x, b->y + 1 + r, UI_CLS_PATH);
		paint(c, x + 1, b->y + 1 + r, UI_CLS_PATH);
	}
}

static bool end_on(const struct layout *L, const struct ui_path_links *s, int bi, int r)
{
	const struct box *b = &L->boxes[bi];

	if (r < 0 || r >= b->n_rows || !b->rows[r].l) {
		return false;
	}
	return ui_path_has_link(s, L->m->ns[b->ns].id, b->rows[r].l->ifindex);
}

static bool box_on(const struct ui_path *p, const struct ui_path_links *s, struct nst_ns_id id)
{
	if (ui_path_has_ns(p, id, false)) {
		return true;
	}
	for (size_t i = 0; i < s->n; i++) {
		if (nst_ns_id_eq(s->v[i].ns, id)) {
			return true; /* a bridge's namespace the packet crosses without a routing hop */
		}
	}
	return false;
}

void ui_gl_mark_path(const struct layout *L, struct ui_canvas *c, const struct ui_path *p)
{
	struct ui_path_links s = { 0 };

	ui_path_links(L->m, p, &s);
	for (int bi = 0; bi < L->n_boxes; bi++) {
		const struct box *b = &L->boxes[bi];
		struct nst_ns_id id = L->m->ns[b->ns].id;

		if (ui_path_has_ns(p, id, true)) {
			paint_box(c, b, UI_CLS_FAIL);
		} else if (box_on(p, &s, id)) {
			paint_box(c, b, UI_CLS_PATH);
		}
		paint_ports(L, c, b, &s);
	}
	ui_gl_mark_buses(L, c, &s);
	for (int k = 0; k + 1 < L->n_cols; k++) {
		for (int i = 0; i < L->n_edges[k]; i++) {
			const struct edge *e = &L->edges[k][i];

			if (!e->dropped && !e->arrow && e->style == EDGE_VETH && end_on(L, &s, e->lbox, e->lrow) &&
			    end_on(L, &s, e->rbox, e->rrow)) {
				paint_edge(L, c, k, e);
			}
		}
	}
	ui_path_links_finish(&s);
}
