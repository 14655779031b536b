/* SPDX-License-Identifier: MIT */
/*
 * The graph view's picture, as a learner draws it by hand: a box per
 * namespace, bridge ports hanging under their bridge, veth pairs as lines
 * between boxes. Pure layout onto a ui_canvas; no ncurses.
 */
#pragma once
#include <stdbool.h>

#include "canvas.h"
#include "model.h"
#include "path.h"

struct ui_graph_opts {
	const struct nst_ns *center; /* the namespace drawn first/at the left; NULL = the one with self==true, else the first */
	const bool *visible;         /* per model namespace index: false = filtered out; NULL = all visible */
	int view_w, view_h;          /* the view's size in cells; 0: unknown (the layout does not fit it) */
	const struct ui_path *path;  /* an explained path to highlight (graph_path.c); NULL: none */
	/*
	 * m is the model c was laid out from last time, if that was at the same
	 * generation (the UI's one live model): then c stays as it is when
	 * nothing above changed either, and a key or a tick costs no layout.
	 */
	bool reuse;
};

/*
 * Lay the model out on c (re-initialised to the size needed). c must be
 * initialised (ui_canvas_init, or zeroed); o may be NULL for the defaults.
 *
 * Columns: the center namespace in column 0, then BFS over veth peers (a
 * namespace one veth away from column k goes to column k+1); other connected
 * groups start again in column 0 below; namespaces with no veth to a visible
 * namespace get a column of their own after the others.
 *
 * When the view's size is given and the center has several leaf neighbours
 * (boxes whose only lines go to the center: containers on a bridge), every
 * other one of them goes to a column left of the center instead, halving the
 * tall column and its lanes, if that takes fewer screens of the view to see
 * it all; the center is then in column 1.
 *
 * A bridge with BUS_MIN or more veth ports to boxes in the next column
 * (containers on docker0) draws them as a bus (graph_bus.c): its ports leave
 * its box, one line runs down the gap, and each port is a tap on its peer's
 * row, so a container and its port are side by side; no mirroring then.
 *
 * Objects are added box by box (column by column, top to bottom): the title
 * row (ifindex 0; x, w = the whole box width), then each link row in the
 * order shown (x, w = the box interior); a bus tap's port comes just before
 * the box it leads to (x, w = its name on the tap).
 *
 * c is a recorded canvas: ui_canvas_window rasterizes the part to show.
 */
void ui_graph_layout(const struct nst_model *m, const struct ui_graph_opts *o, struct ui_canvas *c);
