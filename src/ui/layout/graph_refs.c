/* SPDX-License-Identifier: MIT */
/*
 * The graph's lines besides veths: a macvlan (ipvlan, vlan, vxlan, ...) to
 * its lower device in another namespace, and the two ends of a paired
 * tunnel. They take only rows no veth or NAT line ends at and no veth's
 * (a line on a veth's row is always its veth), so every row has at most one
 * line and the lane router's rules still hold.
 */
#include <stdlib.h>

#include "graph_internal.h"

static void resolve(const struct layout *L, struct row_ref *ref, const struct nst_link *to, const struct nst_ns *ns,
		    int *const *row_of_link)
{
	*ref = (struct row_ref){ .box = -1, .row = -1 };
	if (!to) {
		return;
	}
	size_t pi = (size_t)(ns - L->m->ns);

	ref->l = to;
	ref->ns = ns;
	ref->box = L->box_of_ns[pi];
	if (ref->box >= 0) {
		ref->row = row_of_link[pi][to - ns->links];
	}
}

void ui_gl_row_refs(const struct layout *L, struct row *row, int *const *row_of_link)
{
	const struct nst_ns *ns = NULL;
	const struct nst_link *to;

	for (int i = 0; i < N_REFS; i++) {
		row->ref[i] = (struct row_ref){ .box = -1, .row = -1 };
	}
	if (!row->l) {
		return;
	}
	to = nst_link_lower(L->m, row->l, &ns);
	resolve(L, &row->ref[REF_LOWER], to, ns, row_of_link);
	to = nst_link_ref_get(L->m, &row->l->tunnel_peer, &ns);
	resolve(L, &row->ref[REF_TUNNEL], to, ns, row_of_link);
}

bool ui_gl_refers_to(const struct box *b, int target)
{
	for (int r = 0; b->has_refs && r < b->n_rows; r++) {
		for (int i = 0; i < N_REFS; i++) {
			if (b->rows[r].ref[i].box == target) {
				return true;
			}
		}
	}
	return false;
}

int ui_gl_ref_boxes(const struct box *b, int self, int *out, int max)
{
	int n = 0;

	for (int r = 0; r < b->n_rows; r++) {
		for (int i = 0; i < N_REFS && n < max; i++) {
			int rb = b->rows[r].ref[i].box;

			if (rb >= 0 && rb != self) {
				out[n++] = rb;
			}
		}
	}
	return n;
}

static bool adjacent(const struct layout *L, int a, int b)
{
	int d = L->boxes[a].col - L->boxes[b].col;

	return a != b && (d == 1 || d == -1);
}

void ui_gl_reserve_rows(struct layout *L)
{
	for (int bi = 0; bi < L->n_boxes; bi++) {
		struct box *b = &L->boxes[bi];

		for (int r = 0; r < b->n_rows; r++) {
			struct row *row = &b->rows[r];

			/* a veth row's line is its veth's, drawn or not: one meaning per row's line */
			if (row->l && row->l->peer.has) {
				row->lined = true;
			}
			if (row->peer_box >= 0 && adjacent(L, bi, row->peer_box)) {
				row->lined = true;
				if (row->peer_row >= 0) { /* -1: a bus tap (graph_bus.c), lined already */
					L->boxes[row->peer_box].rows[row->peer_row].lined = true;
				}
			}
			if (row->nat_box >= 0 && adjacent(L, bi, row->nat_box)) {
				row->lined = true;
			}
		}
	}
}

/* The tunnel's other end points back here: one line for the pair, from the left column's end. */
static bool mutual(const struct layout *L, int bi, int r, const struct row_ref *ref)
{
	const struct row_ref *back = &L->boxes[ref->box].rows[ref->row].ref[REF_TUNNEL];

	return back->box == bi && back->row == r;
}

void ui_gl_ref_edges(struct layout *L, int k, struct edge **e, int *n, int *cap)
{
	for (int side = 0; side < 2; side++) {
		int col = k + side;

		for (int i = 0; i < L->n_in_col[col]; i++) {
			int bi = L->cols[col][i];
			struct box *b = &L->boxes[bi];

			for (int r = 0; r < b->n_rows; r++) {
				for (int t = 0; t < N_REFS; t++) {
					struct row_ref *ref = &b->rows[r].ref[t];

					if (ref->box < 0 || L->boxes[ref->box].col != k + 1 - side || b->rows[r].lined) {
						continue;
					}
					struct row *to = &L->boxes[ref->box].rows[ref->row];
					if (to->lined || (t == REF_TUNNEL && side == 1 && mutual(L, bi, r, ref))) {
						continue;
					}
					struct edge *ed = ui_gl_new_edge(e, n, cap);
					*ed = (struct edge){ .lbox = side ? ref->box : bi, .lrow = side ? ref->row : r,
							     .rbox = side ? bi : ref->box, .rrow = side ? r : ref->row,
							     .style = t == REF_LOWER ? EDGE_LOWER : EDGE_TUNNEL,
							     .obox = bi, .orow = r };
					ui_gl_set_span(L, ed);
					b->rows[r].lined = to->lined = true;
				}
			}
		}
	}
}
