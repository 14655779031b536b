/* SPDX-License-Identifier: MIT */
/*
 * The graph view: the canvas from graph_layout.c rasterized for the window
 * shown, at a scroll offset that keeps the selection visible
 * (ui_canvas_scroll_to); the selected row is highlighted.
 */
#include <curses.h>
#include <wchar.h>

#include "views.h"

static int cell_attr(const struct ui *ui, uint8_t cls)
{
	switch (cls) {
	case UI_CLS_BOX:
		return ui->attr[UI_ROLE_DIM];
	case UI_CLS_TITLE:
		return ui->attr[UI_ROLE_NS];
	case UI_CLS_VETH:
		return ui->attr[UI_ROLE_VETH];
	case UI_CLS_PORT:
	case UI_CLS_LOWER:
		return ui->attr[UI_ROLE_PORT];
	case UI_CLS_TUNNEL:
		return ui->attr[UI_ROLE_VETH];
	case UI_CLS_UP:
		return ui->attr[UI_ROLE_UP];
	case UI_CLS_DOWN:
		return ui->attr[UI_ROLE_DOWN];
	case UI_CLS_DIM:
		return ui->attr[UI_ROLE_DIM];
	case UI_CLS_WARN:
		return ui->attr[UI_ROLE_WARN];
	case UI_CLS_NAT:
		return ui->attr[UI_ROLE_NAT];
	case UI_CLS_PATH:
		return ui->attr[UI_ROLE_PATH];
	case UI_CLS_FAIL:
		return ui->attr[UI_ROLE_FAILHOP];
	default:
		return ui->attr[UI_ROLE_NORMAL];
	}
}

void ui_graph_draw(struct ui *ui, const struct nst_model *m, int y, int h, int w)
{
	struct ui_canvas *c = &ui->canvas;
	const struct ui_obj *sel = ui->have_sel ? ui_canvas_find_obj(c, &ui->sel) : NULL;

	(void)m;
	if (sel) {
		ui_canvas_scroll_to(c, sel, w, h, &ui->graph_x, &ui->graph_y);
	}
	ui_canvas_scroll_to(c, NULL, w, h, &ui->graph_x, &ui->graph_y); /* the canvas may have shrunk */
	ui_canvas_window(c, ui->graph_x, ui->graph_y, w, h); /* cells for what is shown only */
	for (int row = 0; row < h && ui->graph_y + row < c->h; row++) {
		int cy = ui->graph_y + row;
		bool covered = false; /* the cell before drew a wide character over this one */

		for (int col = 0; col < w && ui->graph_x + col < c->w; col++) {
			int cx = ui->graph_x + col;
			const struct ui_cell *cell = ui_canvas_at(c, cx, cy);
			uint32_t ch = ui_cell_glyph(cell, ui->ascii);
			int attr = cell_attr(ui, cell->cls);

			if (ch == 0 && covered) {
				covered = false;
				continue;
			}
			/* the canvas counted its cells; the terminal must agree, or the row would shift */
			int want = ch ? ui_cp_cells(ch) : 1;
			if (ch == 0 || (want == 2 && col + 1 >= w)) {
				ch = ' '; /* half a wide character: scrolled or clipped through it */
				want = 1;
			} else if (wcwidth((wchar_t)ch) != want) {
				ch = '?';
				want = 1;
			}
			covered = want == 2;
			if (sel && cy == sel->y && cx >= sel->x && cx < sel->x + sel->w) {
				attr = ui->attr[UI_ROLE_SELECT];
			}
			wchar_t wc[2] = { (wchar_t)ch, 0 };
			cchar_t cc;
			setcchar(&cc, wc, (attr_t)(attr & ~A_COLOR), (short)PAIR_NUMBER(attr), NULL);
			mvadd_wch(y + row, col, &cc);
		}
	}
	if (c->n_objs == 0) {
		ui_put(y, 2, w - 2, ui->filter.active ? "nothing matches the filter (Esc clears it)" : "no namespaces",
		       ui->attr[UI_ROLE_DIM]);
	}
}
