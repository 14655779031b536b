/* SPDX-License-Identifier: MIT */
/*
 * The graph view's layout: namespaces as boxes in columns by veth distance
 * from the center, bridge ports (and bond members) as a tree under their
 * master, and veth pairs between adjacent columns as three-segment lines,
 * each in a lane of its own; lower-device and tunnel lines (graph_refs.c)
 * share the lanes; a bridge with many ports is one bus instead (graph_bus.c).
 * The picture is recorded, not rasterized (ui_canvas_window shows a part).
 */
#include "graph_internal.h"
#include "rows.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "xalloc.h"

/* ---- rows: links in display order, ports under their master ---- */

struct link_tree {
	const struct nst_ns *ns;
	int *master;   /* link index of each link's master, -1: a top-level row */
	int *first;    /* children of link k: kids[first[k] .. first[k + 1]) */
	int *kids;
	int *row_of_link;
};

/* One rule reached by several paths (nat_paths.h) is one forward on the graph: its first record. */
static bool later_path(const struct nst_ns *ns, size_t i)
{
	const struct nst_nat_rule *r = &ns->nat[i];

	for (size_t k = 0; k < i; k++) {
		const struct nst_nat_rule *e = &ns->nat[k];
		if (e->handle == r->handle && strcmp(e->chain, r->chain) == 0 && strcmp(e->table, r->table) == 0 &&
		    strcmp(e->family, r->family) == 0) {
			return true;
		}
	}
	return false;
}

static void add_nat_row(struct box *b, const struct nst_ns *ns, size_t i, int depth)
{
	if (later_path(ns, i)) {
		return;
	}
	b->rows[b->n_rows++] = (struct row){ .nat = &ns->nat[i], .depth = depth,
					     .parent = -1, .peer_box = -1, .nat_box = -1 };
}

static void emit_row(struct box *b, const struct link_tree *t, int k, int depth, int parent)
{
	int r = b->n_rows++;

	b->rows[r] = (struct row){ .l = &t->ns->links[k], .depth = depth, .parent = parent, .peer_box = -1,
				   .nat_box = -1 };
	t->row_of_link[k] = r;
	for (size_t i = 0; i < t->ns->n_nat; i++) {
		if (ui_nat_leaves_by(&t->ns->nat[i], &t->ns->links[k])) {
			add_nat_row(b, t->ns, i, depth + 1);
		}
	}
	for (int i = t->first[k]; i < t->first[k + 1]; i++) {
		emit_row(b, t, t->kids[i], depth + 1, r);
	}
}

static bool leaves_by_a_link(const struct nst_ns *ns, const struct nst_nat_rule *r)
{
	for (size_t k = 0; k < ns->n_links; k++) {
		if (ui_nat_leaves_by(r, &ns->links[k])) {
			return true;
		}
	}
	return false;
}

/* After the links: forwards, source NAT with no link to sit under, and a count of the rest. */
static void add_nat_rows(struct box *b, const struct nst_ns *ns)
{
	int other = 0;

	for (size_t i = 0; i < ns->n_nat; i++) {
		const struct nst_nat_rule *r = &ns->nat[i];

		if (r->type == NST_NAT_OTHER) {
			other++;
		} else if (!leaves_by_a_link(ns, r)) {
			add_nat_row(b, ns, i, 0);
		}
	}
	if (other) {
		b->rows[b->n_rows++] = (struct row){ .n_other = other, .parent = -1, .peer_box = -1, .nat_box = -1 };
	}
}

struct ifx {
	int ifindex, k;
};

static int cmp_ifx(const void *a, const void *b)
{
	const struct ifx *x = a, *y = b;
	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

/* Rows in link order, each followed by its ports (any link naming it master), recursively. */
static void build_rows(struct box *b, const struct nst_ns *ns, int *row_of_link)
{
	int n = (int)ns->n_links;
	size_t sz = (size_t)n + 1;
	struct link_tree t = { .ns = ns, .row_of_link = row_of_link, .master = xmalloc(sz * sizeof(int)),
			       .first = xcalloc(sz + 1, sizeof(int)), .kids = xmalloc(sz * sizeof(int)) };
	struct ifx *by_ifindex = xmalloc(sz * sizeof(*by_ifindex));

	for (int k = 0; k < n; k++) {
		by_ifindex[k] = (struct ifx){ ns->links[k].ifindex, k };
	}
	qsort(by_ifindex, (size_t)n, sizeof(*by_ifindex), cmp_ifx);
	for (int k = 0; k < n; k++) {
		struct ifx key = { ns->links[k].master.ifindex, 0 };
		const struct ifx *hit = key.ifindex ? bsearch(&key, by_ifindex, (size_t)n, sizeof(key), cmp_ifx) : NULL;

		t.master[k] = hit && hit->k != k ? hit->k : -1;
	}
	/* the kernel forbids master loops, but a bad snapshot must not hang the UI */
	for (int k = 0; k < n; k++) {
		int j = t.master[k];
		for (int steps = 0; j >= 0 && j != k && steps < n; steps++) {
			j = t.master[j];
		}
		if (j == k) {
			t.master[k] = -1;
		}
	}
	for (int k = 0; k < n; k++) {
		if (t.master[k] >= 0) {
			t.first[t.master[k] + 1]++;
		}
	}
	for (int k = 0; k < n; k++) {
		t.first[k + 1] += t.first[k];
	}
	int *fill = xmalloc(sz * sizeof(int));
	memcpy(fill, t.first, sz * sizeof(int));
	for (int k = 0; k < n; k++) {
		if (t.master[k] >= 0) {
			t.kids[fill[t.master[k]]++] = k;
		}
	}
	b->rows = xcalloc(sz + ns->n_nat + 1, sizeof(*b->rows));
	for (int k = 0; k < n; k++) {
		if (t.master[k] < 0) {
			emit_row(b, &t, k, 0, -1);
		}
	}
	add_nat_rows(b, ns);
	free(fill);
	free(by_ifindex);
	free(t.kids);
	free(t.first);
	free(t.master);
}

static int dnat_target_box(const struct layout *L, const struct nst_nat_rule *r)
{
	if (r->type != NST_NAT_DNAT || !r->target_found) {
		return -1;
	}
	for (size_t i = 0; i < L->m->n_ns; i++) {
		if (L->m->ns[i].id.dev == r->target_id.dev && L->m->ns[i].id.ino == r->target_id.ino) {
			return L->box_of_ns[i];
		}
	}
	return -1;
}

/* Boxes for the visible namespaces, rows, and each row's peer box and row. */
static void build_boxes(struct layout *L, const bool *visible)
{
	const struct nst_model *m = L->m;
	int **row_of_link = xcalloc(m->n_ns ? m->n_ns : 1, sizeof(*row_of_link));

	L->boxes = xcalloc(m->n_ns ? m->n_ns : 1, sizeof(*L->boxes));
	L->box_of_ns = xmalloc((m->n_ns ? m->n_ns : 1) * sizeof(*L->box_of_ns));
	for (size_t i = 0; i < m->n_ns; i++) {
		L->box_of_ns[i] = -1;
		if (visible && !visible[i]) {
			continue;
		}
		struct box *b = &L->boxes[L->n_boxes];

		L->box_of_ns[i] = L->n_boxes++;
		b->ns = i;
		b->col = -1;
		b->fwd_cut = m->ns[i].bridges_fwd_cut; /* counted once by the diagnosis, not per layout */
		row_of_link[i] = xmalloc((m->ns[i].n_links ? m->ns[i].n_links : 1) * sizeof(int));
		build_rows(b, &m->ns[i], row_of_link[i]);
	}
	for (int bi = 0; bi < L->n_boxes; bi++) {
		struct box *b = &L->boxes[bi];

		for (int r = 0; r < b->n_rows; r++) {
			struct row *row = &b->rows[r];
			const struct nst_ns *pns = NULL;

			ui_gl_row_refs(L, row, row_of_link);
			for (int i = 0; i < N_REFS; i++) {
				b->has_refs |= row->ref[i].box >= 0 && row->ref[i].box != bi;
			}
			if (row->nat) {
				row->nat_box = dnat_target_box(L, row->nat);
				row->nat_target = row->nat->target_found ? nst_nat_target_display(m, row->nat) : NULL;
				continue;
			}
			if (!row->l || !row->l->peer.has) {
				continue;
			}
			row->peer = nst_link_peer(m, row->l, &pns);
			if (!row->peer) {
				row->unknown = true;
				continue;
			}
			size_t pi = (size_t)(pns - m->ns);

			row->peer_ns = pns;
			row->peer_box = L->box_of_ns[pi];
			if (row->peer_box >= 0) {
				row->peer_row = row_of_link[pi][row->peer - pns->links];
			}
		}
	}
	for (size_t i = 0; i < m->n_ns; i++) {
		free(row_of_link[i]);
	}
	free(row_of_link);
}

/* ---- columns: BFS over veth peers ---- */

static bool has_neighbour(const struct box *b, int self)
{
	int any;

	for (int r = 0; r < b->n_rows; r++) {
		if (b->rows[r].peer_box >= 0 && b->rows[r].peer_box != self) {
			return true;
		}
	}
	return ui_gl_ref_boxes(b, self, &any, 1) > 0;
}

/* Lower devices and tunnel ends are neighbours too, after the veths (the picture's spine). */
static void visit(struct layout *L, const struct box *b, int pb, int *order, int *n)
{
	if (pb >= 0 && L->boxes[pb].col < 0) {
		L->boxes[pb].col = b->col + 1;
		order[(*n)++] = pb;
	}
}

/* Appends to order[*n] in discovery order. */
static void bfs(struct layout *L, int start, int *order, int *n)
{
	int head = *n;

	L->boxes[start].col = 0;
	order[(*n)++] = start;
	while (head < *n) {
		struct box *b = &L->boxes[order[head++]];

		for (int r = 0; r < b->n_rows; r++) {
			visit(L, b, b->rows[r].peer_box, order, n);
		}
		for (int r = 0; r < b->n_rows; r++) {
			for (int i = 0; i < N_REFS; i++) {
				visit(L, b, b->rows[r].ref[i].box, order, n);
			}
		}
		/* references point one way (a macvlan names its parent): boxes naming this one */
		int self = (int)(b - L->boxes);
		for (int ob = 0; ob < L->n_boxes; ob++) {
			if (L->boxes[ob].col < 0 && ui_gl_refers_to(&L->boxes[ob], self)) {
				visit(L, b, ob, order, n);
			}
		}
	}
}

static int pick_center(const struct layout *L, const struct ui_graph_opts *o)
{
	const struct nst_model *m = L->m;

	if (o && o->center && o->center >= m->ns && o->center < m->ns + m->n_ns &&
	    L->box_of_ns[o->center - m->ns] >= 0) {
		return L->box_of_ns[o->center - m->ns];
	}
	for (int bi = 0; bi < L->n_boxes; bi++) {
		if (m->ns[L->boxes[bi].ns].self) {
			return bi;
		}
	}
	return 0;
}

/*
 * A leaf of the center: all its lines go to the center and nothing but the
 * center draws one to it (peers need not be reciprocal, DNATs point anywhere).
 */
static bool is_leaf(const struct layout *L, int bi, int center, const int *foreign)
{
	const struct box *b = &L->boxes[bi];
	bool to_center = false;

	if (foreign[bi]) {
		return false;
	}
	for (int r = 0; r < b->n_rows; r++) {
		int pb = b->rows[r].peer_box, nb = b->rows[r].nat_box;

		if ((pb >= 0 && pb != bi && pb != center) || (nb >= 0 && nb != bi && nb != center)) {
			return false;
		}
		to_center |= pb == center;
		for (int i = 0; i < N_REFS; i++) {
			int rb = b->rows[r].ref[i].box;
			if (rb >= 0 && rb != bi && rb != center) {
				return false;
			}
			to_center |= rb == center;
		}
	}
	return to_center;
}

/*
 * Every other leaf of the center (in the center's row order) to a new column
 * left of it; the rest of the layout moves one column right. Lines on either
 * side keep their order, so the split adds no crossing.
 */
static bool mirror_leaves(struct layout *L, int center, const int *order, int n_first)
{
	int *foreign = xcalloc((size_t)L->n_boxes, sizeof(*foreign)); /* rows of others than the center to it */
	int n_leaves = 0;
	bool *left = xcalloc((size_t)L->n_boxes, sizeof(*left));

	for (int bi = 0; bi < L->n_boxes; bi++) {
		for (int r = 0; bi != center && r < L->boxes[bi].n_rows; r++) {
			int pb = L->boxes[bi].rows[r].peer_box, nb = L->boxes[bi].rows[r].nat_box;
			if (pb >= 0 && pb != bi) {
				foreign[pb]++;
			}
			if (nb >= 0 && nb != bi) {
				foreign[nb]++;
			}
			for (int i = 0; i < N_REFS; i++) {
				int rb = L->boxes[bi].rows[r].ref[i].box;
				if (rb >= 0 && rb != bi) {
					foreign[rb]++;
				}
			}
		}
	}
	for (int i = 0; i < n_first; i++) {
		int bi = order[i];
		if (L->boxes[bi].col == 1 && is_leaf(L, bi, center, foreign)) {
			left[bi] = n_leaves++ % 2 == 1;
		}
	}
	if (n_leaves >= 2) {
		for (int bi = 0; bi < L->n_boxes; bi++) {
			L->boxes[bi].col = left[bi] ? 0 : L->boxes[bi].col + 1;
		}
		L->n_cols++;
		L->center_col = 1;
	}
	free(left);
	free(foreign);
	return n_leaves >= 2;
}

/*
 * Columns, each listed top to bottom. BFS discovers a column's boxes in the
 * order of the rows they hang from in the column before (that column was
 * discovered in its own top-to-bottom order, each box scanned row by row),
 * which is the order with the fewest crossings; no sort needed. With mirror,
 * the center's leaves may be split to both sides (mirror_leaves); true if so.
 */
static bool assign_columns(struct layout *L, const struct ui_graph_opts *o, bool mirror)
{
	int *order = xmalloc((size_t)L->n_boxes * sizeof(*order));
	int n = 0, max_col = 0, center = pick_center(L, o), n_first;
	bool mirrored = false;

	bfs(L, center, order, &n);
	n_first = n;
	for (int bi = 0; bi < L->n_boxes; bi++) {
		if (L->boxes[bi].col < 0 && has_neighbour(&L->boxes[bi], bi)) {
			bfs(L, bi, order, &n); /* another connected group: from column 0 again, below */
		}
	}
	for (int i = 0; i < n; i++) {
		max_col = L->boxes[order[i]].col > max_col ? L->boxes[order[i]].col : max_col;
	}
	L->n_cols = max_col + 1;
	for (int bi = 0; bi < L->n_boxes; bi++) {
		if (L->boxes[bi].col < 0) {
			L->boxes[bi].col = max_col + 1;
			L->n_cols = max_col + 2;
			order[n++] = bi;
		}
	}
	if (mirror) {
		mirrored = mirror_leaves(L, center, order, n_first);
	}
	L->cols = xcalloc((size_t)L->n_cols, sizeof(*L->cols));
	L->n_in_col = xcalloc((size_t)L->n_cols, sizeof(*L->n_in_col));
	for (int k = 0; k < L->n_cols; k++) {
		L->cols[k] = xmalloc((size_t)L->n_boxes * sizeof(**L->cols));
	}
	for (int i = 0; i < n; i++) {
		int k = L->boxes[order[i]].col;
		L->cols[k][L->n_in_col[k]++] = order[i];
	}
	free(order);
	return mirrored;
}

/* ---- vertical placement ---- */

/*
 * Stack column k with a blank row between boxes, moving a box down so the
 * link it hangs from column `toward` by (the one nearer the center, placed
 * before it; -1: none) sits on that link's row, when there is room: a
 * straight line.
 */
static void place_column(struct layout *L, int k, int toward)
{
	int cursor = 0;

	for (int i = 0; i < L->n_in_col[k]; i++) {
		struct box *b = &L->boxes[L->cols[k][i]];
		int key = INT_MAX, align = 0;

		for (int r = 0; toward >= 0 && r < b->n_rows; r++) {
			int pb = b->rows[r].peer_box;

			if (pb >= 0 && b->rows[r].peer_row >= 0 && L->boxes[pb].col == toward) { /* a bus tap: no row to align with */
				int py = L->boxes[pb].y + 1 + b->rows[r].peer_row;

				if (py < key) {
					key = py;
					align = py - 1 - r;
				}
			}
		}
		b->h = 2 + (b->n_rows ? b->n_rows : 1);
		b->y = align > cursor ? align : cursor;
		cursor = b->y + b->h + 1;
	}
}

/* The center's column first, then outwards on each side. */
static void place_rows(struct layout *L)
{
	int cc = L->center_col;

	place_column(L, cc, -1);
	for (int k = cc - 1; k >= 0; k--) {
		place_column(L, k, k + 1);
	}
	for (int k = cc + 1; k < L->n_cols; k++) {
		place_column(L, k, k - 1);
	}
}

/* ---- edges and lanes ---- */

static int edge_group(const struct edge *e)
{
	return e->yl < e->yr ? 0 : e->yl == e->yr ? 1 : 2;
}

/*
 * Left-to-right order of lanes that avoids needless crossings: of two
 * overlapping downward edges the one starting higher goes right; of two
 * upward ones the one starting lower.
 */
static int cmp_edge(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;
	int gx = edge_group(x), gy = edge_group(y);

	if (gx != gy) {
		return gx - gy;
	}
	if (x->yl != y->yl) {
		return (gx == 0) == (x->yl > y->yl) ? -1 : 1;
	}
	return 0;
}

/*
 * Where an edge's right end and another's left end share a row, the one
 * starting there must take a lane further left, or the two horizontals
 * would overlap. Those constraints form chains; emit each edge after the edge
 * it must be right of. A cycle cannot be routed with three segments: the
 * edge closing it is dropped and shown as text.
 */
static int order_edges(struct edge *e, int n, const int *left_at, int *order)
{
	int *state = xcalloc((size_t)(n ? n : 1), sizeof(*state)); /* 0 new, 1 on the chain, 2 done */
	int *chain = xmalloc((size_t)(n ? n : 1) * sizeof(*chain));
	int n_order = 0;

	for (int i = 0; i < n; i++) {
		int len = 0, cur = i;

		while (cur >= 0 && state[cur] == 0 && !e[cur].dropped) {
			int pred = left_at[e[cur].yr];

			state[cur] = 1;
			chain[len++] = cur;
			if (pred == cur || pred < 0 || e[pred].dropped || state[pred] == 2) {
				break;
			}
			if (state[pred] == 1) {
				e[cur].dropped = true;
				break;
			}
			cur = pred;
		}
		while (len > 0) {
			int k = chain[--len];

			state[k] = 2;
			if (!e[k].dropped) {
				order[n_order++] = k;
			}
		}
	}
	free(chain);
	free(state);
	return n_order;
}

static int row_y(const struct box *b, int r)
{
	return r < 0 ? b->y : b->y + 1 + r;
}

struct edge *ui_gl_new_edge(struct edge **e, int *n, int *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*e = xrealloc(*e, (size_t)*cap * sizeof(**e));
	}
	return &(*e)[(*n)++];
}

void ui_gl_set_span(const struct layout *L, struct edge *ed)
{
	ed->yl = row_y(&L->boxes[ed->lbox], ed->lrow);
	ed->yr = row_y(&L->boxes[ed->rbox], ed->rrow);
	ed->lo = ed->yl < ed->yr ? ed->yl : ed->yr;
	ed->hi = ed->yl < ed->yr ? ed->yr : ed->yl;
}

/* DNAT arrows across gap k: rules in column k to a target in k + 1, and the reverse. */
static void nat_edges(struct layout *L, int k, struct edge **e, int *n, int *cap)
{
	for (int side = 0; side < 2; side++) {
		int col = k + side;

		for (int i = 0; i < L->n_in_col[col]; i++) {
			int bi = L->cols[col][i];
			const struct box *b = &L->boxes[bi];

			for (int r = 0; r < b->n_rows; r++) {
				int tb = b->rows[r].nat_box;

				if (tb < 0 || L->boxes[tb].col != k + 1 - side) {
					continue;
				}
				struct edge *ed = ui_gl_new_edge(e, n, cap);
				if (side == 0) {
					*ed = (struct edge){ .lbox = bi, .lrow = r, .rbox = tb, .rrow = -1, .arrow = 1 };
				} else {
					*ed = (struct edge){ .lbox = tb, .lrow = -1, .rbox = bi, .rrow = r, .arrow = -1 };
				}
				ui_gl_set_span(L, ed);
			}
		}
	}
}

static void route_gap(struct layout *L, int k, int *left_at)
{
	int n = 0, cap = 0;
	struct edge *e = NULL;

	for (int i = 0; i < L->n_in_col[k]; i++) {
		int bi = L->cols[k][i];
		struct box *b = &L->boxes[bi];

		for (int r = 0; r < b->n_rows; r++) {
			struct row *row = &b->rows[r];

			if (row->peer_box < 0 || L->boxes[row->peer_box].col != k + 1) {
				continue;
			}
			struct row *prow = &L->boxes[row->peer_box].rows[row->peer_row];

			if (prow->incoming) { /* peers not reciprocal: one line per row */
				continue;
			}
			prow->incoming = true;
			struct edge *ed = ui_gl_new_edge(&e, &n, &cap);
			*ed = (struct edge){ .lbox = bi, .lrow = r, .rbox = row->peer_box, .rrow = row->peer_row };
			ui_gl_set_span(L, ed);
		}
	}
	nat_edges(L, k, &e, &n, &cap);
	ui_gl_ref_edges(L, k, &e, &n, &cap);
	if (n) {
		qsort(e, (size_t)n, sizeof(*e), cmp_edge);
	}
	for (int i = 0; i < n; i++) {
		left_at[e[i].yl] = i;
	}
	int *order = xmalloc((size_t)(n ? n : 1) * sizeof(*order));
	int n_order = order_edges(e, n, left_at, order), n_lanes = 0;

	for (int i = 0; i < n; i++) {
		left_at[e[i].yl] = -1;
	}
	/* first fit that keeps the order: right of every overlapping edge placed before */
	for (int i = 0; i < n_order; i++) {
		struct edge *ei = &e[order[i]];

		ei->lane = 0;
		for (int j = 0; j < i; j++) {
			const struct edge *ej = &e[order[j]];

			if (ej->lo <= ei->hi && ei->lo <= ej->hi && ej->lane >= ei->lane) {
				ei->lane = ej->lane + 1;
			}
		}
		if (ei->lane + 1 > n_lanes) {
			n_lanes = ei->lane + 1;
		}
	}
	ui_gl_bus_lanes(L, k, e, n, &n_lanes);
	for (int i = 0; i < n; i++) {
		if (e[i].dropped) {
			continue;
		}
		if (e[i].arrow) {
			L->boxes[e[i].arrow > 0 ? e[i].lbox : e[i].rbox].rows[e[i].arrow > 0 ? e[i].lrow : e[i].rrow].drawn = true;
			continue;
		}
		if (e[i].style != EDGE_VETH) {
			int t = e[i].style == EDGE_LOWER ? REF_LOWER : REF_TUNNEL;
			struct row *own = &L->boxes[e[i].obox].rows[e[i].orow];
			struct row *far = &L->boxes[own->ref[t].box].rows[own->ref[t].row];

			own->ref[t].drawn = true;
			/* the other tunnel end names this one: the same line shows its reference too */
			if (t == REF_TUNNEL && far->ref[t].box == e[i].obox && far->ref[t].row == e[i].orow) {
				far->ref[t].drawn = true;
			}
			continue;
		}
		struct row *lrow = &L->boxes[e[i].lbox].rows[e[i].lrow];
		struct row *rrow = &L->boxes[e[i].rbox].rows[e[i].rrow];

		lrow->drawn = true;
		rrow->drawn = rrow->peer_box == e[i].lbox && rrow->peer_row == e[i].lrow;
	}
	free(order);
	L->edges[k] = e;
	L->n_edges[k] = n;
	L->n_lanes[k] = n_lanes;
}

static void route_edges(struct layout *L)
{
	int max_y = 0;

	for (int bi = 0; bi < L->n_boxes; bi++) {
		if (L->boxes[bi].y + L->boxes[bi].h > max_y) {
			max_y = L->boxes[bi].y + L->boxes[bi].h;
		}
	}
	int *left_at = xmalloc((size_t)(max_y + 1) * sizeof(*left_at));

	for (int y = 0; y <= max_y; y++) {
		left_at[y] = -1;
	}
	L->edges = xcalloc((size_t)L->n_cols, sizeof(*L->edges));
	L->n_edges = xcalloc((size_t)L->n_cols, sizeof(*L->n_edges));
	L->n_lanes = xcalloc((size_t)L->n_cols, sizeof(*L->n_lanes));
	ui_gl_reserve_rows(L);
	for (int k = 0; k + 1 < L->n_cols; k++) {
		route_gap(L, k, left_at);
	}
	free(left_at);
}

static void layout_finish(struct layout *L)
{
	for (int bi = 0; bi < L->n_boxes; bi++) {
		free(L->boxes[bi].rows);
	}
	for (int k = 0; k < L->n_cols; k++) {
		free(L->cols[k]);
		if (L->edges) {
			free(L->edges[k]);
		}
	}
	free(L->boxes);
	free(L->box_of_ns);
	free(L->cols);
	free(L->n_in_col);
	free(L->col_x);
	free(L->col_w);
	free(L->edges);
	free(L->n_edges);
	free(L->n_lanes);
	for (int i = 0; i < L->n_buses; i++) {
		free(L->buses[i].taps);
	}
	free(L->buses);
	ui_canvas_finish(&L->scratch);
}

/* Everything but drawing; false: no box is visible. Mirrored when asked and the center has the leaves for it. */
static bool plan(struct layout *L, const struct ui_graph_opts *o, bool mirror, bool *mirrored)
{
	build_boxes(L, o ? o->visible : NULL);
	if (!L->n_boxes) {
		return false;
	}
	ui_canvas_init(&L->scratch, 256, 1);
	*mirrored = assign_columns(L, o, mirror);
	ui_gl_make_buses(L);
	place_rows(L);
	route_edges(L);
	ui_gl_place_columns(L);
	return true;
}

static void extent(const struct layout *L, int *w, int *h)
{
	*w = *h = 0;
	for (int bi = 0; bi < L->n_boxes; bi++) {
		const struct box *b = &L->boxes[bi];

		*w = b->x + b->w > *w ? b->x + b->w : *w;
		*h = b->y + b->h > *h ? b->y + b->h : *h;
	}
}

/* Screens of view_w × view_h it takes to see the whole layout. */
static long screens(const struct layout *L, const struct ui_graph_opts *o)
{
	int w, h;

	extent(L, &w, &h);
	return (long)((w + o->view_w - 1) / o->view_w) * ((h + o->view_h - 1) / o->view_h);
}

static void draw(struct layout *L, struct ui_canvas *c, const struct ui_graph_opts *o)
{
	int w, h;

	extent(L, &w, &h);
	ui_canvas_init_recorded(c, w, h); /* the view rasterizes what it shows (ui_canvas_window) */
	/* boxes first: where a line joins a border, the cell stays a border */
	for (int k = 0; k < L->n_cols; k++) {
		for (int i = 0; i < L->n_in_col[k]; i++) {
			ui_gl_bus_objs(L, c, &L->boxes[L->cols[k][i]]);
			ui_gl_draw_box(L, c, &L->boxes[L->cols[k][i]]);
		}
	}
	for (int k = 0; k + 1 < L->n_cols; k++) {
		for (int i = 0; i < L->n_edges[k]; i++) {
			if (!L->edges[k][i].dropped) {
				ui_gl_draw_edge(L, c, k, &L->edges[k][i]);
			}
		}
	}
	ui_gl_draw_buses(L, c);
	if (o && o->path && o->path->n) {
		ui_gl_mark_path(L, c, o->path);
	}
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h = (h ^ b[i]) * 0x100000001b3ULL;
	}
	return h;
}

/* Everything the picture is laid out from, hashed (never 0). */
static uint64_t layout_sig(const struct nst_model *m, const struct ui_graph_opts *o)
{
	uintptr_t mp = (uintptr_t)m;
	uint64_t h = fnv(0xcbf29ce484222325ULL, &mp, sizeof(mp));
	int v[3] = { o->view_w, o->view_h, o->center ? (int)(o->center - m->ns) : -1 };

	h = fnv(h, &m->generation, sizeof(m->generation));
	h = fnv(h, &m->n_ns, sizeof(m->n_ns));
	h = fnv(h, v, sizeof(v));
	if (o->visible) {
		h = fnv(h, o->visible, m->n_ns * sizeof(*o->visible));
	}
	for (size_t i = 0; o->path && i < o->path->n; i++) {
		const struct ui_path_hop *p = &o->path->v[i];
		int hop[4] = { p->iif, p->oif, p->failed, p->start };
		h = fnv(h, &p->ns, sizeof(p->ns));
		h = fnv(h, hop, sizeof(hop));
	}
	return h ? h : 1;
}

void ui_graph_layout(const struct nst_model *m, const struct ui_graph_opts *o, struct ui_canvas *c)
{
	struct layout L = { .m = m }, M = { .m = m };
	bool mirrored = false;
	uint64_t sig = o && o->reuse ? layout_sig(m, o) : 0;

	if (sig && c->layout_sig == sig) {
		return;
	}
	ui_canvas_finish(c);
	if (!plan(&L, o, false, &mirrored)) {
		ui_canvas_init_recorded(c, 0, 0);
	} else if (o && o->view_w > 0 && o->view_h > 0 && !L.n_buses && plan(&M, o, true, &mirrored) && mirrored &&
		   screens(&M, o) < screens(&L, o)) {
		draw(&M, c, o);
	} else {
		draw(&L, c, o);
	}
	layout_finish(&L);
	layout_finish(&M);
	c->layout_sig = sig;
}
