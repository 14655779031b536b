/* SPDX-License-Identifier: MIT */
/*
 * What the graph's boxes say and how they are drawn: row texts (links, NAT
 * rules), titles fitted to their box (display name cut in the middle), box
 * widths and column positions, and the lines between columns.
 */
#include <stdio.h>
#include <string.h>

#include "graph_internal.h"
#include "rows.h"
#include "xalloc.h"

#define NAME_MAX_CELLS 64 /* network and peer names before any fitting: a row never shows more */

/* After the title of a namespace with such a bridge; its bridge rows carry "!" with the warning. */
static const char fwd_marker[] = "[fwd DROP]";

static int text_width(struct layout *L, const char *s)
{
	return ui_canvas_text(&L->scratch, 0, 0, -1, s, UI_CLS_TEXT);
}

/* ---- row text ---- */

struct seg {
	const char *s;
	enum ui_cell_class cls;
};

struct row_text {
	struct seg seg[6];
	int n;
	bool warn;
	char name[NST_IFNAMSIZ + 4 * NAME_MAX_CELLS + 8]; /* a bridge's name with its container network: "br-1d80c203eabc (appnet)" */
	char addr[NST_ADDR_STRLEN];
	char peer[NST_IFNAMSIZ + 4 * NAME_MAX_CELLS + 16];
	char nat[200];
	char lname[2 * (NST_IFNAMSIZ + 4 * NAME_MAX_CELLS + 8)]; /* "mv2@/:up0" */
	char dev[NST_IFNAMSIZ + 4 * NAME_MAX_CELLS + 16];      /* "dev ns:up0" (a vxlan's underlay elsewhere) */
	char tunnel[NST_IFNAMSIZ + 4 * NAME_MAX_CELLS + 16];   /* "<~> ns:vx0" */
};

/* "ns:link", the namespace by its display name cut to NAME_MAX_CELLS. */
static void ref_name(const struct row_ref *ref, char *buf, size_t len)
{
	char who[4 * NAME_MAX_CELLS + 4];

	ui_text_cut(nst_ns_display(ref->ns), NAME_MAX_CELLS, true, who, sizeof(who));
	snprintf(buf, len, "%s:%s", who, ref->l->name);
}

/*
 * The lower device when no line shows it, as the tree writes it: "mv1@up0",
 * "mv2@ns:up0", "@?" when nstop cannot see it; a vxlan's underlay only when
 * it is in another namespace ("dev ns:up0"), as its own namespace routes it.
 */
static void lower_text(const struct row *r, struct row_text *t, const char **name)
{
	const struct nst_link *l = r->l;
	const struct row_ref *ref = &r->ref[REF_LOWER];
	char where[NST_IFNAMSIZ + 4 * NAME_MAX_CELLS + 8];

	if (!l->lower.has || ref->drawn) {
		return;
	}
	bool same = ref->l && !l->lower.elsewhere;
	if (ref->l && !same) {
		ref_name(ref, where, sizeof(where));
	} else {
		snprintf(where, sizeof(where), "%s", ref->l ? ref->l->name : "?");
	}
	if (nst_link_kind_find(l->kind)->lower_as_dev) {
		if (!same) {
			snprintf(t->dev, sizeof(t->dev), "dev %s", where);
			t->seg[t->n++] = (struct seg){ t->dev, UI_CLS_LOWER };
		}
		return;
	}
	snprintf(t->lname, sizeof(t->lname), "%s@%s", *name, where);
	*name = t->lname;
}

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
	} else if (n->type == NST_NAT_DNAT && r->nat_target && !r->drawn) {
		/* no arrow: the target's name goes before the address, where clipping spares it */
		char *to = strstr(t->nat, " -> ");
		if (to) {
			char rest[200];
			snprintf(rest, sizeof(rest), "%s", to + 4);
			snprintf(to, sizeof(t->nat) - (size_t)(to - t->nat), " -> %s %s", r->nat_target, rest);
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
		char net[4 * NAME_MAX_CELLS + 4];
		ui_text_cut(l->network, NAME_MAX_CELLS, true, net, sizeof(net));
		snprintf(t->name, sizeof(t->name), "%s (%s)", l->name, net);
	}
	const char *name = l->network ? t->name : l->name;
	int name_seg = t->n++;
	lower_text(r, t, &name);
	t->seg[name_seg] = (struct seg){ name, l->up ? UI_CLS_UP : UI_CLS_DOWN };
	if (l->kind[0]) {
		/* the tree's word: "tap" for a tun in tap mode */
		t->seg[t->n++] = (struct seg){ nst_link_kind_label(l->kind, &l->info), UI_CLS_DIM };
	}
	/* The same address the tree shows on the row: link-local IPv6 only in details. */
	size_t first = ui_first_shown_addr(l);
	if (first < l->n_addrs) {
		a = &l->addrs[first];
	}
	if (a) {
		t->seg[t->n++] = (struct seg){ nst_addr_format(a, true, t->addr, sizeof(t->addr)), UI_CLS_DIM };
	}
	if (l->peer.has && !r->drawn) {
		/* ASCII always: the canvas holds code points, the mode is chosen when shown */
		if (r->peer) {
			char who[4 * NAME_MAX_CELLS + 4]; /* cut whole characters, not bytes */
			ui_text_cut(nst_ns_display(r->peer_ns), NAME_MAX_CELLS, true, who, sizeof(who));
			snprintf(t->peer, sizeof(t->peer), "<-> %s:%s", who, r->peer->name);
		} else {
			snprintf(t->peer, sizeof(t->peer), "<-> ?");
		}
		t->seg[t->n++] = (struct seg){ t->peer, UI_CLS_VETH };
	}
	if (r->ref[REF_TUNNEL].l && !r->ref[REF_TUNNEL].drawn) {
		char who[sizeof(t->tunnel) - 8];
		ref_name(&r->ref[REF_TUNNEL], who, sizeof(who));
		snprintf(t->tunnel, sizeof(t->tunnel), "<~> %s", who);
		t->seg[t->n++] = (struct seg){ t->tunnel, UI_CLS_TUNNEL };
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
	if (l->kind[0] && t->n > 1 && t->seg[1].s == nst_link_kind_label(l->kind, &l->info)) {
		memmove(&t->seg[1], &t->seg[2], (size_t)(t->n - 2) * sizeof(t->seg[0]));
		t->n--;
	}
	int over = segs_width(L, t) - avail, net_w = ui_text_cells(l->network);

	net_w = net_w > NAME_MAX_CELLS ? NAME_MAX_CELLS : net_w; /* as row_text cut it */
	if (over <= 0) {
		return;
	}
	char net[4 * NAME_MAX_CELLS + 4];
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
 * kind word, only where it fits whole; then the holder's label in what is
 * left, cut at its end. Nothing runs into the corner.
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

void ui_gl_place_columns(struct layout *L)
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
		int lanes = L->n_lanes[k - 1], labels = ui_gl_bus_gap(L, k - 1);

		/* a bus's taps carry their port's name right of the last lane (graph_bus.c) */
		L->col_x[k] = L->col_x[k - 1] + L->col_w[k - 1] + (lanes ? lanes + 2 * GAP_LEAD : GAP_EMPTY) +
			      (labels ? labels + 1 : 0);
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

void ui_gl_draw_box(struct layout *L, struct ui_canvas *c, const struct box *b)
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

void ui_gl_draw_edge(const struct layout *L, struct ui_canvas *c, int k, const struct edge *e)
{
	const struct box *lb = &L->boxes[e->lbox];
	int xl = lb->x + lb->w - 1, xr = L->col_x[k + 1];
	int lane = L->col_x[k] + L->col_w[k] + GAP_LEAD + e->lane;
	enum ui_cell_class cls = e->arrow ? UI_CLS_NAT
				 : e->style == EDGE_LOWER ? UI_CLS_LOWER
				 : e->style == EDGE_TUNNEL ? UI_CLS_TUNNEL : UI_CLS_VETH;

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

