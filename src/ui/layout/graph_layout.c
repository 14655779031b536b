/* SPDX-License-Identifier: MIT */
/*
 * The graph view's layout: namespaces as boxes in columns by veth distance
 * from the center, bridge ports as a tree under their bridge, and veth pairs
 * between adjacent columns as three-segment lines, each in a lane of its own.
 */
#include "graph_layout.h"
#include "rows.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "xalloc.h"

#define BOX_MAX_W 40 /* a box never grows wider; rows are clipped */
#define TITLE_BOX_W 30 /* a title widens its box to this at most; longer names are cut in the middle */
#define NET_MIN 8      /* a bridge's network name is cut in the middle to fit its row, not below this */
#define INDENT 3     /* "├─ " before a port */
#define GAP_LEAD 2   /* line cells between a column and its first lane, and after the last */
#define GAP_EMPTY 3  /* between columns with no lines */

/*
 * A row is a link, or a NAT rule (l == NULL, nat set): DNAT/redirect rows
 * after the links, an SNAT/masquerade under the link it leaves by (or after
 * the links when it names none); the rest are counted on one closing row
 * (l and nat NULL) and listed in the tree view.
 */
struct row {
	const struct nst_link *l;
	const struct nst_nat_rule *nat;
	int nat_box;   /* box of a DNAT's target namespace, -1: none visible */
	int depth;
	int parent;    /* row of its master in the same box, -1: none */
	int peer_box;  /* box of the veth peer, -1: none visible */
	int peer_row;
	const struct nst_ns *peer_ns;
	const struct nst_link *peer;
	bool unknown;  /* a veth whose peer nstop cannot see */
	bool drawn;    /* its peering is a line, so no "<->" text */
	bool incoming; /* some edge already ends at this row */
	int n_other;   /* the closing row: NAT rules not drawn */
};

struct box {
	size_t ns; /* model index */
	int col;   /* -1 until placed */
	int x, y, w, h;
	struct row *rows;
	int n_rows;
	size_t fwd_cut; /* bridges whose traffic the forward hook drops (fwd_eval.h): a marker on the title */
};

/* After the title of a namespace with such a bridge; its bridge rows carry "!" with the warning. */
static const char fwd_marker[] = "[fwd DROP]";

/* A veth line, or a DNAT arrow between a rule's row and its target's title row (row -1). */
struct edge {
	int lbox, lrow, rbox, rrow;
	int arrow; /* 0: a veth; 1: arrowhead at the right end; -1: at the left end */
	int yl, yr, lo, hi;
	int lane;
	bool dropped; /* could not be routed without merging: shown as text */
};

struct layout {
	const struct nst_model *m;
	struct box *boxes;
	int n_boxes;
	int *box_of_ns; /* model index → box, -1: filtered out */
	int n_cols;
	int **cols; /* boxes per column, top to bottom */
	int *n_in_col;
	int *col_x, *col_w;
	struct edge **edges; /* per gap between column k and k+1 */
	int *n_edges, *n_lanes;
	struct ui_canvas scratch; /* one row, to measure text exactly as it will be drawn */
};

static int text_width(struct layout *L, const char *s)
{
	return ui_canvas_text(&L->scratch, 0, 0, -1, s, UI_CLS_TEXT);
}

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
		struct ifx key = { ns->links[k].master_ifindex, 0 };
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

			if (row->nat) {
				row->nat_box = dnat_target_box(L, row->nat);
				continue;
			}
			if (!row->l || !row->l->has_peer) {
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
	for (int r = 0; r < b->n_rows; r++) {
		if (b->rows[r].peer_box >= 0 && b->rows[r].peer_box != self) {
			return true;
		}
	}
	return false;
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
			int pb = b->rows[r].peer_box;

			if (pb >= 0 && L->boxes[pb].col < 0) {
				L->boxes[pb].col = b->col + 1;
				order[(*n)++] = pb;
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
 * Columns, each listed top to bottom. BFS discovers a column's boxes in the
 * order of the rows they hang from in the column before (that column was
 * discovered in its own top-to-bottom order, each box scanned row by row),
 * which is the order with the fewest crossings; no sort needed.
 */
static void assign_columns(struct layout *L, const struct ui_graph_opts *o)
{
	int *order = xmalloc((size_t)L->n_boxes * sizeof(*order));
	int n = 0, max_col = 0;

	bfs(L, pick_center(L, o), order, &n);
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
}

/* ---- vertical placement ---- */

/*
 * Stack each column with a blank row between boxes, moving a box down so the
 * link it hangs from the previous column by sits on that link's row, when
 * there is room: a straight line.
 */
static void place_rows(struct layout *L)
{
	for (int k = 0; k < L->n_cols; k++) {
		int cursor = 0;

		for (int i = 0; i < L->n_in_col[k]; i++) {
			struct box *b = &L->boxes[L->cols[k][i]];
			int key = INT_MAX, align = 0;

			for (int r = 0; k > 0 && r < b->n_rows; r++) {
				int pb = b->rows[r].peer_box;

				if (pb >= 0 && L->boxes[pb].col == k - 1) {
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

static struct edge *new_edge(struct edge **e, int *n, int *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*e = xrealloc(*e, (size_t)*cap * sizeof(**e));
	}
	return &(*e)[(*n)++];
}

static void set_span(const struct layout *L, struct edge *ed)
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
				struct edge *ed = new_edge(e, n, cap);
				if (side == 0) {
					*ed = (struct edge){ .lbox = bi, .lrow = r, .rbox = tb, .rrow = -1, .arrow = 1 };
				} else {
					*ed = (struct edge){ .lbox = tb, .lrow = -1, .rbox = bi, .rrow = r, .arrow = -1 };
				}
				set_span(L, ed);
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
			struct edge *ed = new_edge(&e, &n, &cap);
			*ed = (struct edge){ .lbox = bi, .lrow = r, .rbox = row->peer_box, .rrow = row->peer_row };
			set_span(L, ed);
		}
	}
	nat_edges(L, k, &e, &n, &cap);
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
	for (int i = 0; i < n; i++) {
		if (e[i].dropped) {
			continue;
		}
		if (e[i].arrow) {
			L->boxes[e[i].arrow > 0 ? e[i].lbox : e[i].rbox].rows[e[i].arrow > 0 ? e[i].lrow : e[i].rrow].drawn = true;
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
	for (int k = 0; k + 1 < L->n_cols; k++) {
		route_gap(L, k, left_at);
	}
	free(left_at);
}

/* ---- row text ---- */

struct seg {
	const char *s;
	enum ui_cell_class cls;
};

struct row_text {
	struct seg seg[4];
	int n;
	bool warn;
	char name[NST_IFNAMSIZ + 200]; /* a bridge's name with its container network: "br-1d80c203eabc (appnet)" */
	char addr[NST_ADDR_STRLEN];
	char peer[NST_IFNAMSIZ + 256];
	char nat[200];
};

/* A NAT row: the rule in a few words; where a DNAT goes when no arrow shows it. */
static void nat_row_text(const struct row *r, struct row_text *t)
{
	const struct nst_nat_rule *n = r->nat;
	size_t len;

	t->n = 0;
	t->warn = false;
	if (!n) {
		snprintf(t->nat, sizeof(t->nat), "+%d other NAT rule%s (tree view)", r->n_other, r->n_other == 1 ? "" : "s");
		t->seg[t->n++] = (struct seg){ t->nat, UI_CLS_DIM };
		return;
	}
	ui_nat_short(n, t->nat, sizeof(t->nat));
	len = strlen(t->nat);
	if (r->depth == 0 && n->match.oif[0] && (n->type == NST_NAT_SNAT || n->type == NST_NAT_MASQ)) {
		snprintf(t->nat + len, sizeof(t->nat) - len, " out %s", n->match.oif);
	} else if (n->type == NST_NAT_DNAT && n->target_found && !r->drawn) {
		/* no arrow: the target's name goes before the address, where clipping spares it */
		char *to = strstr(t->nat, " -> ");
		if (to) {
			char rest[200];
			snprintf(rest, sizeof(rest), "%s", to + 4);
			snprintf(to, sizeof(t->nat) - (size_t)(to - t->nat), " -> %s %s", n->target_ns, rest);
		}
	}
	t->seg[t->n++] = (struct seg){ t->nat, UI_CLS_NAT };
	t->warn = n->raw || (n->type == NST_NAT_DNAT && n->to_addr[0] && !n->target_found);
}

/* name, kind, first shown address, and the peer when no line shows it */
static void row_text(const struct row *r, struct row_text *t)
{
	const struct nst_link *l = r->l;
	const struct nst_addr *a = NULL;

	if (!l) {
		nat_row_text(r, t);
		return;
	}
	t->n = 0;
	if (l->network) {
		char net[160];
		ui_text_cut(l->network, 64, true, net, sizeof(net));
		snprintf(t->name, sizeof(t->name), "%s (%s)", l->name, net);
	}
	t->seg[t->n++] = (struct seg){ l->network ? t->name : l->name, l->up ? UI_CLS_UP : UI_CLS_DOWN };
	if (l->kind[0]) {
		t->seg[t->n++] = (struct seg){ l->kind, UI_CLS_DIM };
	}
	/* The same address the tree shows on the row: link-local IPv6 only in details. */
	size_t first = ui_first_shown_addr(l);
	if (first < l->n_addrs) {
		a = &l->addrs[first];
	}
	if (a) {
		t->seg[t->n++] = (struct seg){ nst_addr_format(a, true, t->addr, sizeof(t->addr)), UI_CLS_DIM };
	}
	if (l->has_peer && !r->drawn) {
		/* ASCII always: the canvas holds code points, the mode is chosen when shown */
		if (r->peer) {
			snprintf(t->peer, sizeof(t->peer), "<-> %s:%s", nst_ns_display(r->peer_ns), r->peer->name);
		} else {
			snprintf(t->peer, sizeof(t->peer), "<-> ?");
		}
		t->seg[t->n++] = (struct seg){ t->peer, UI_CLS_VETH };
	}
	t->warn = l->warnings.n > 0 || r->unknown;
}

static int segs_width(struct layout *L, const struct row_text *t)
{
	int w = 0;

	for (int i = 0; i < t->n; i++) {
		w += (i ? 1 : 0) + text_width(L, t->seg[i].s);
	}
	return w;
}

/*
 * A bridge row with its network name wider than the box: the kind goes first
 * (the network says it is a bridge), then the network name loses its middle,
 * so the address after it stays whole where it can.
 */
static void fit_network(struct layout *L, const struct row *r, struct row_text *t, int avail)
{
	const struct nst_link *l = r->l;

	if (!l || !l->network || segs_width(L, t) <= avail) {
		return;
	}
	if (l->kind[0] && t->n > 1 && t->seg[1].s == l->kind) {
		memmove(&t->seg[1], &t->seg[2], (size_t)(t->n - 2) * sizeof(t->seg[0]));
		t->n--;
	}
	int over = segs_width(L, t) - avail, net_w = ui_text_cells(l->network);
	if (over <= 0) {
		return;
	}
	char net[160];
	int want = net_w - over < NET_MIN ? NET_MIN : net_w - over;
	ui_text_cut(l->network, want < net_w ? want : net_w, true, net, sizeof(net));
	snprintf(t->name, sizeof(t->name), "%s (%s)", l->name, net);
}

static int row_width(struct layout *L, const struct row *r)
{
	struct row_text t;
	int w = r->depth * INDENT;

	row_text(r, &t);
	for (int i = 0; i < t.n; i++) {
		w += (i ? 1 : 0) + text_width(L, t.seg[i].s);
	}
	return w + (t.warn ? 2 : 0);
}

/* The title as wide as it comes: " name (kind) label ", in cells. */
static int title_width(struct layout *L, const struct nst_ns *ns)
{
	int w = 1 + text_width(L, nst_ns_display(ns)) + 2 + text_width(L, nst_ns_kind_str(ns->kind)) + 2;

	return w + (ns->label ? text_width(L, ns->label) + 1 : 0);
}

/*
 * The title in room cells: the display name first, cut in the middle when it
 * does not fit (a mount path keeps its start and its container id); then the
 * kind word and the holder's label, each only where it fits whole (the label
 * cut at its end), so none of them runs into the corner.
 */
static void title_fit(struct layout *L, const struct nst_ns *ns, int room, char *buf, size_t len)
{
	char name[256], kind[48], label[256];
	int used;
	size_t n;

	ui_text_cut(nst_ns_display(ns), room - 2, true, name, sizeof(name));
	n = (size_t)snprintf(buf, len, " %s", name);
	used = 2 + text_width(L, name);
	snprintf(kind, sizeof(kind), "(%s)", nst_ns_kind_str(ns->kind));
	if (n < len && used + 1 + text_width(L, kind) <= room) {
		n += (size_t)snprintf(buf + n, len - n, " %s", kind);
		used += 1 + text_width(L, kind);
	}
	if (n < len && ns->label && room - used - 1 >= 2) {
		ui_text_cut(ns->label, room - used - 1, false, label, sizeof(label));
		n += (size_t)snprintf(buf + n, len - n, " %s", label);
	}
	if (n < len) {
		snprintf(buf + n, len - n, " ");
	}
}

static const char no_links[] = "(no links)";

/* ---- horizontal placement ---- */

static void place_columns(struct layout *L)
{
	L->col_x = xcalloc((size_t)L->n_cols, sizeof(*L->col_x));
	L->col_w = xcalloc((size_t)L->n_cols, sizeof(*L->col_w));
	for (int bi = 0; bi < L->n_boxes; bi++) {
		struct box *b = &L->boxes[bi];
		int inner = b->n_rows ? 0 : text_width(L, no_links);

		for (int r = 0; r < b->n_rows; r++) {
			int w = row_width(L, &b->rows[r]);
			inner = w > inner ? w : inner;
		}
		b->w = inner + 4; /* "│ " and " │" */
		int tw = title_width(L, &L->m->ns[b->ns]) + (b->fwd_cut ? text_width(L, fwd_marker) + 1 : 0) + 4;
		tw = tw > TITLE_BOX_W ? TITLE_BOX_W : tw; /* "┌─" and "─┐"; a longer name is cut */
		if (tw > b->w) {
			b->w = tw;
		}
		if (b->w > BOX_MAX_W) {
			b->w = BOX_MAX_W;
		}
		if (b->w > L->col_w[b->col]) {
			L->col_w[b->col] = b->w;
		}
	}
	for (int k = 1; k < L->n_cols; k++) {
		int lanes = L->n_lanes[k - 1];

		L->col_x[k] = L->col_x[k - 1] + L->col_w[k - 1] + (lanes ? lanes + 2 * GAP_LEAD : GAP_EMPTY);
	}
	for (int bi = 0; bi < L->n_boxes; bi++) {
		L->boxes[bi].x = L->col_x[L->boxes[bi].col];
	}
}

/* ---- drawing ---- */

static void draw_row(struct layout *L, struct ui_canvas *c, const struct box *b, int r)
{
	const struct row *row = &b->rows[r];
	struct row_text t;
	int y = b->y + 1 + r, x = b->x + 2 + row->depth * INDENT, pos = 0;
	int avail = b->x + b->w - 2 - x;

	row_text(row, &t);
	if (t.warn) {
		avail -= 2;
	}
	fit_network(L, row, &t, avail);
	int full = segs_width(L, &t);
	for (int i = 0; i < t.n && pos < avail; i++) {
		if (i) {
			pos++;
		}
		pos += ui_canvas_text(c, x + pos, y, avail - pos > 0 ? avail - pos : 0, t.seg[i].s, t.seg[i].cls);
	}
	if (full > avail && avail > 0) {
		/* Clipped: say so, so a cut address is not taken for a whole one. */
		ui_canvas_text(c, x + avail - 1, y, 1, "~", UI_CLS_WARN);
	}
	if (t.warn) {
		pos = pos < avail ? pos : avail;
		ui_canvas_text(c, x + pos + 1, y, 1, "!", UI_CLS_WARN);
	}
	if (row->parent >= 0) {
		int px = x - INDENT;
		ui_canvas_hline(c, px, px + 1, y, UI_CLS_PORT);
	}
	if (row->l || row->nat) {
		struct nst_ns_id id = L->m->ns[b->ns].id;
		struct ui_sel ref = row->l ? ui_sel_link(id, row->l->ifindex) : ui_sel_nat(id, row->nat);
		ui_canvas_add_obj(c, &ref, b->x + 1, y, b->w - 2);
	}
}

static void draw_box(struct layout *L, struct ui_canvas *c, const struct box *b)
{
	const struct nst_ns *ns = &L->m->ns[b->ns];
	char title[512];

	ui_canvas_box(c, b->x, b->y, b->w, b->h, UI_CLS_BOX);
	/* the marker is a warning: the name gives way to it, down to a few cells */
	int marker = b->fwd_cut ? text_width(L, fwd_marker) + 1 : 0;
	if (b->w - 4 - marker < 5) {
		marker = 0;
	}
	title_fit(L, ns, b->w - 4 - marker, title, sizeof(title));
	int tw = ui_canvas_text(c, b->x + 2, b->y, b->w - 4, title, UI_CLS_TITLE);
	if (b->fwd_cut && b->w - 4 - tw > 1) {
		ui_canvas_text(c, b->x + 2 + tw + 1, b->y, b->w - 4 - tw - 1, fwd_marker, UI_CLS_WARN);
	}
	struct ui_sel ref = ui_sel_ns(ns->id);
	ui_canvas_add_obj(c, &ref, b->x, b->y, b->w);
	if (!b->n_rows) {
		ui_canvas_text(c, b->x + 2, b->y + 1, b->w - 4, no_links, UI_CLS_DIM);
	}
	for (int r = 0; r < b->n_rows; r++) {
		draw_row(L, c, b, r);
	}
	/* the trunk from each master down to its last port; a subtree's rows follow its root */
	for (int p = 0; p < b->n_rows; p++) {
		int last = -1;

		for (int r = p + 1; r < b->n_rows && b->rows[r].depth > b->rows[p].depth; r++) {
			if (b->rows[r].parent == p) {
				last = r;
			}
		}
		if (last >= 0) {
			int x = b->x + 2 + b->rows[p].depth * INDENT;
			ui_canvas_vline(c, x, b->y + 1 + p, b->y + 1 + last, UI_CLS_PORT);
		}
	}
}

static void draw_edge(const struct layout *L, struct ui_canvas *c, int k, const struct edge *e)
{
	const struct box *lb = &L->boxes[e->lbox];
	int xl = lb->x + lb->w - 1, xr = L->col_x[k + 1];
	int lane = L->col_x[k] + L->col_w[k] + GAP_LEAD + e->lane;
	enum ui_cell_class cls = e->arrow ? UI_CLS_NAT : UI_CLS_VETH;

	/*
	 * From border cell to border cell, so the borders get the joining bit;
	 * an arrow stops one cell short of the title's corner, at its head.
	 */
	if (e->arrow < 0) {
		ui_canvas_text(c, xl + 1, e->yl, 1, UI_ARROW_LEFT, cls);
	}
	ui_canvas_hline(c, e->arrow < 0 ? xl + 2 : xl, lane, e->yl, cls);
	if (e->yl != e->yr) {
		ui_canvas_vline(c, lane, e->yl, e->yr, cls);
	}
	ui_canvas_hline(c, lane, e->arrow > 0 ? xr - 2 : xr, e->yr, cls);
	if (e->arrow > 0) {
		ui_canvas_text(c, xr - 1, e->yr, 1, UI_ARROW_RIGHT, cls);
	}
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
	ui_canvas_finish(&L->scratch);
}

void ui_graph_layout(const struct nst_model *m, const struct ui_graph_opts *o, struct ui_canvas *c)
{
	struct layout L = { .m = m };
	int w = 0, h = 0;

	ui_canvas_finish(c);
	build_boxes(&L, o ? o->visible : NULL);
	if (!L.n_boxes) {
		ui_canvas_init(c, 0, 0);
		layout_finish(&L);
		return;
	}
	ui_canvas_init(&L.scratch, 256, 1);
	assign_columns(&L, o);
	place_rows(&L);
	route_edges(&L);
	place_columns(&L);
	for (int bi = 0; bi < L.n_boxes; bi++) {
		const struct box *b = &L.boxes[bi];

		w = b->x + b->w > w ? b->x + b->w : w;
		h = b->y + b->h > h ? b->y + b->h : h;
	}
	ui_canvas_init(c, w, h);
	/* boxes first: where a line joins a border, the cell stays a border */
	for (int k = 0; k < L.n_cols; k++) {
		for (int i = 0; i < L.n_in_col[k]; i++) {
			draw_box(&L, c, &L.boxes[L.cols[k][i]]);
		}
	}
	for (int k = 0; k + 1 < L.n_cols; k++) {
		for (int i = 0; i < L.n_edges[k]; i++) {
			if (!L.edges[k][i].dropped) {
				draw_edge(&L, c, k, &L.edges[k][i]);
			}
		}
	}
	layout_finish(&L);
}
