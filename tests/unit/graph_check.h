/* SPDX-License-Identifier: MIT */
/*
 * Properties every graph layout has, checked from its canvas alone: an object
 * per row in reading order, boxes apart, and veth lines traced cell by cell.
 */
#pragma once
#include <stdbool.h>

#include "canvas.h"
#include "graph_layout.h"
#include "model.h"

/* The object for namespace ns (ifindex 0) or its link ifindex. */
const struct ui_obj *find_obj(const struct ui_canvas *c, struct nst_ns_id ns, int ifindex);
/* The ASCII text of o's row contains needle. */
bool row_has(struct ui_canvas *c, const struct ui_obj *o, const char *needle);

/* A box as the objects describe it: its title, then its link rows. */
struct tbox {
	size_t ns; /* model index */
	int x, y, w, h, col;
	size_t first_obj, n_links;
};

/* The boxes of c in reading order into boxes (room for m->n_ns); checks the objects' geometry. */
int collect_boxes(const struct nst_model *m, const struct ui_canvas *c, struct tbox *boxes);

/*
 * Every visible link has its row, in reading order, no two boxes share a
 * cell, and every veth row either has a line that ends at its peer's row or
 * names the peer in text; two lines meet only at a plain crossing. With
 * strict, a veth between adjacent columns must be a line.
 */
void check_structure(const struct nst_model *m, const bool *vis, struct ui_canvas *c, bool strict);

/* ui_graph_layout, then the whole picture rasterized (c->cells: all h rows of w), as the checks read it. */
void layout_all(const struct nst_model *m, const struct ui_graph_opts *o, struct ui_canvas *c);
