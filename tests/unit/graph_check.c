/* SPDX-License-Identifier: MIT */
/*
 * Structural checks of a graph layout (graph_check.h): boxes from the
 * objects, lines traced from border to border, each drawn alone and compared
 * with the whole picture so that two lines never share a cell except at a crossing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph_check.h"
#include "unit.h"

/* The object for namespace ns (ifindex 0) or its link ifindex. */
const struct ui_obj *find_obj(const struct ui_canvas *c, struct nst_ns_id ns, int ifindex)
{
	struct ui_sel s = ifindex ? ui_sel_link(ns, ifindex) : ui_sel_ns(ns);
	return ui_canvas_find_obj(c, &s);
}


/* Which box covers each cell: box index + 1, 0 for none. */
static int *box_map(const struct ui_canvas *c, const struct tbox *b, int nb)
{
	int *owner = calloc((size_t)c->w * (size_t)c->h + 1, sizeof(*owner));

	for (int i = 0; i < nb; i++) {
		for (int y = b[i].y; y < b[i].y + b[i].h && y < c->h; y++) {
			for (int x = b[i].x; x < b[i].x + b[i].w && x < c->w; x++) {
				if (owner[(size_t)y * (size_t)c->w + (size_t)x]) {
					fprintf(stderr, "boxes overlap at (%d,%d)\n", x, y);
					unit_failures++;
				}
				owner[(size_t)y * (size_t)c->w + (size_t)x] = i + 1;
			}
		}
	}
	return owner;
}

static int find_box(const struct ui_canvas *c, const int *owner, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h) {
		return -1;
	}
	return owner[(size_t)y * (size_t)c->w + (size_t)x] - 1;
}

static bool on_border(const struct tbox *b, int x, int y)
{
	return x == b->x || x == b->x + b->w - 1 || y == b->y || y == b->y + b->h - 1;
}

bool row_has(struct ui_canvas *c, const struct ui_obj *o, const char *needle)
{
	char row[512];
	size_t n = 0;

	for (int x = o->x; x < o->x + o->w && n + 1 < sizeof(row); x++) {
		uint32_t ch = ui_canvas_at(c, x, o->y)->ch;
		row[n++] = ch && ch < 0x80 ? (char)ch : ' ';
	}
	row[n] = '\0';
	return strstr(row, needle) != NULL;
}

/* The boxes, from the objects: a title, then its links. Checks the objects' geometry and order. */
int collect_boxes(const struct nst_model *m, const struct ui_canvas *c, struct tbox *boxes)
{
	int nb = 0;

	for (size_t i = 0; i < c->n_objs; i++) {
		const struct ui_obj *o = &c->objs[i];

		if (o->ref.kind == UI_SEL_NS) {
			const struct nst_ns *ns = nst_model_find_ns_id(m, o->ref.ns);
			CHECK(ns != NULL);
			if (!ns) {
				return nb;
			}
			boxes[nb++] = (struct tbox){ .ns = (size_t)(ns - m->ns), .x = o->x, .y = o->y, .w = o->w,
						     .first_obj = i };
			continue;
		}
		CHECK(nb > 0);
		if (!nb) {
			return 0;
		}
		struct tbox *b = &boxes[nb - 1];
		if (o->x != b->x + 1) {
			continue; /* a bus tap's port, left of the box it leads to (check_buses) */
		}
		/* a link row belongs to the box just opened, one row below the last */
		CHECK(nst_ns_id_eq(o->ref.ns, m->ns[b->ns].id));
		CHECK_INT(o->y, b->y + 1 + (int)b->n_links);
		CHECK_INT(o->x, b->x + 1);
		CHECK_INT(o->w, b->w - 2);
		b->n_links++;
	}
	for (int i = 0; i < nb; i++) {
		boxes[i].h = 2 + (boxes[i].n_links ? (int)boxes[i].n_links : 1);
		boxes[i].col = 0;
		for (int j = 0; j < nb; j++) {
			boxes[i].col += boxes[j].x < boxes[i].x && (j == 0 || boxes[j].x != boxes[j - 1].x);
		}
	}
	return nb;
}

/* Direction bits: opposite of each, and the step they make. */
static uint8_t opposite(uint8_t d)
{
	return d == UI_LINE_N ? UI_LINE_S : d == UI_LINE_S ? UI_LINE_N : d == UI_LINE_E ? UI_LINE_W : UI_LINE_E;
}

static int popcount4(uint8_t b)
{
	return (b & 1) + (b >> 1 & 1) + (b >> 2 & 1) + (b >> 3 & 1);
}

struct point {
	int x, y;
};

/*
 * Follow the line leaving a right border at (x, y) eastwards: straight over
 * crossings (┼), along two-bit cells, until a box's left border. A T, a
 * dead end, text or a westward step means lines merged or broke. Returns the
 * corners of the path, ends included.
 */
static int trace(struct ui_canvas *c, const struct tbox *boxes, const int *owner, int x, int y,
		 struct point *corners, int max_corners)
{
	uint8_t dir = UI_LINE_E;
	int n = 0;

	corners[n++] = (struct point){ x, y };
	for (long steps = 0; steps < (long)c->w * c->h; steps++) {
		x += dir == UI_LINE_E ? 1 : dir == UI_LINE_W ? -1 : 0;
		y += dir == UI_LINE_S ? 1 : dir == UI_LINE_N ? -1 : 0;
		struct ui_cell *cell = ui_canvas_at(c, x, y);
		uint8_t in = opposite(dir);

		if (!cell || !(cell->lines & in) || cell->ch || dir == UI_LINE_W || n >= max_corners) {
			fprintf(stderr, "trace: line broken at (%d, %d)\n", x, y);
			return -1;
		}
		int bi = find_box(c, owner, x, y);
		if (bi >= 0) {
			if (x != boxes[bi].x || dir != UI_LINE_E) {
				fprintf(stderr, "trace: line enters a box at (%d, %d)\n", x, y);
				return -1;
			}
			corners[n++] = (struct point){ x, y };
			return n;
		}
		if (cell->lines == 0x0f) {
			continue;
		}
		if (popcount4(cell->lines) != 2) {
			fprintf(stderr, "trace: lines merge at (%d, %d), bits %u\n", x, y, cell->lines);
			return -1;
		}
		uint8_t out = cell->lines & (uint8_t)~in;
		if (out != dir) {
			corners[n++] = (struct point){ x, y };
			dir = out;
		}
	}
	return -1;
}

/* The traced line (n corners, ending at end) drawn alone: where it touches another, only a plain crossing. */
static void account(const struct ui_canvas *c, const struct point *corners, int n, struct point end,
		    struct ui_canvas *alone, struct ui_canvas *all, int *touch, uint8_t *first, int *arrivals)
{
	arrivals[(size_t)end.y * (size_t)c->w + (size_t)end.x]++;
	int x0 = c->w, x1 = 0, y0 = c->h, y1 = 0;
	for (int k = 0; k < n; k++) {
		x0 = corners[k].x < x0 ? corners[k].x : x0;
		x1 = corners[k].x > x1 ? corners[k].x : x1;
		y0 = corners[k].y < y0 ? corners[k].y : y0;
		y1 = corners[k].y > y1 ? corners[k].y : y1;
		if (k && corners[k].y == corners[k - 1].y) {
			ui_canvas_hline(alone, corners[k - 1].x, corners[k].x, corners[k].y, UI_CLS_VETH);
		} else if (k) {
			ui_canvas_vline(alone, corners[k].x, corners[k - 1].y, corners[k].y, UI_CLS_VETH);
		}
	}
	for (int cy = y0; cy <= y1; cy++) {
		for (int cx = x0; cx <= x1; cx++) {
			size_t at = (size_t)cy * (size_t)c->w + (size_t)cx;
			uint8_t bits = alone->cells[at].lines;

			alone->cells[at].lines = 0; /* ready for the next line */
			if (!bits) {
				continue;
			}
			if (touch[at]++ == 0) {
				first[at] = bits;
			} else if (!((first[at] == (UI_LINE_E | UI_LINE_W) && bits == (UI_LINE_N | UI_LINE_S)) ||
				     (first[at] == (UI_LINE_N | UI_LINE_S) && bits == (UI_LINE_E | UI_LINE_W))) ||
				   touch[at] > 2) {
				fprintf(stderr, "two lines share cell (%d,%d) without crossing\n", cx, cy);
				unit_failures++;
			}
			all->cells[at].lines |= bits;
		}
	}
}

/*
 * A line out of a row that is no veth: a lower-device or tunnel line (graph_refs.c).
 * It must end at the row of the link it stands for, either way round.
 */
static bool ref_line(const struct nst_model *m, struct ui_canvas *c, const struct tbox *boxes, const int *owner,
		     const struct nst_ns *ns, const struct nst_link *l, int rx, int y, struct point *corners,
		     struct ui_canvas *alone, struct ui_canvas *all, int *touch, uint8_t *first, int *arrivals)
{
	int n = trace(c, boxes, owner, rx, y, corners, 64);

	if (n < 0) {
		fprintf(stderr, "%s:%s: line from (%d,%d) ends nowhere\n", ns->name, l->name, rx, y);
		return false;
	}
	struct point end = corners[n - 1];
	const struct ui_obj *eo = NULL;
	for (size_t i = 0; i < c->n_objs; i++) {
		if (c->objs[i].ref.kind == UI_SEL_LINK && c->objs[i].x == end.x + 1 && c->objs[i].y == end.y) {
			eo = &c->objs[i];
		}
	}
	const struct nst_ns *ens = eo ? nst_model_find_ns_id(m, eo->ref.ns) : NULL;
	const struct nst_link *el = ens ? nst_ns_find_link(ens, eo->ref.ifindex) : NULL;
	const struct nst_ns *x = NULL;
	bool ok = el && ((nst_link_lower(m, l, &x) == el && x == ens) || (nst_link_lower(m, el, &x) == l && x == ns) ||
			 (nst_link_ref_get(m, &l->tunnel_peer, &x) == el && x == ens) ||
			 (nst_link_ref_get(m, &el->tunnel_peer, &x) == l && x == ns));
	if (!ok) {
		fprintf(stderr, "%s:%s: line from (%d,%d) ends at (%d,%d), no lower device or tunnel end of it\n",
			ns->name, l->name, rx, y, end.x, end.y);
		return false;
	}
	uint8_t want = nst_link_lower(m, l, NULL) == el || nst_link_lower(m, el, NULL) == l ? UI_CLS_LOWER : UI_CLS_TUNNEL;
	if (ui_canvas_at(c, rx + 1, y)->cls != want) {
		fprintf(stderr, "%s:%s: line's class %u, want %u\n", ns->name, l->name, ui_canvas_at(c, rx + 1, y)->cls, want);
		return false;
	}
	account(c, corners, n, end, alone, all, touch, first, arrivals);
	return true;
}

/* l is a bridge whose ports are bus taps: objects outside its box. */
static bool is_bus(const struct nst_model *m, const struct ui_canvas *c, const struct nst_ns *ns, const struct nst_link *l)
{
	for (size_t i = 0; i < ns->n_links; i++) {
		const struct ui_obj *o = ns->links[i].master.ifindex == l->ifindex ? find_obj(c, ns->id, ns->links[i].ifindex) : NULL;
		const struct ui_obj *t = find_obj(c, ns->id, 0);

		if (o && t && (o->x < t->x || o->x >= t->x + t->w)) {
			return true;
		}
	}
	(void)m;
	return false;
}

/*
 * The bus taps (graph_bus.c): each port object sits on the row of its peer's
 * box, left of it; a line runs from that box's left border west under the
 * port's name to the bus lane, which runs to the bridge's row, and from there
 * west to the bridge's box. The bus's lines go into all, each tap's arrival
 * into arrivals; the whole-picture comparison then proves nothing else is drawn.
 */
static void check_buses(const struct nst_model *m, struct ui_canvas *c, const struct tbox *boxes, int nb,
			const int *owner, struct ui_canvas *all, int *arrivals)
{
	for (size_t i = 0; i < c->n_objs; i++) {
		const struct ui_obj *o = &c->objs[i];
		int bi = find_box(c, owner, o->x, o->y);

		if (o->ref.kind != UI_SEL_LINK || (bi >= 0 && o->x == boxes[bi].x + 1)) {
			continue;
		}
		const struct nst_ns *hns = nst_model_find_ns_id(m, o->ref.ns), *pns = NULL;
		const struct nst_link *port = hns ? nst_ns_find_link(hns, o->ref.ifindex) : NULL;
		const struct nst_link *peer = port ? nst_link_peer(m, port, &pns) : NULL;
		const struct ui_obj *po = peer ? find_obj(c, pns->id, peer->ifindex) : NULL;
		const struct ui_obj *bo = port && port->master.ifindex ? find_obj(c, hns->id, port->master.ifindex) : NULL;

		CHECK(bi < 0 && po && bo);
		if (bi >= 0 || !po || !bo) {
			continue;
		}
		/* the peer's row is on the tap's row, right of it */
		CHECK_INT(po->y, o->y);
		CHECK(po->x > o->x + o->w);
		int xr = po->x - 1, x = xr - 1, y = o->y; /* xr: the box's left border */
		/* west to the lane: the first cell with a vertical that is not a plain crossing */
		while (x > 0 && (ui_canvas_at(c, x, y)->lines & UI_LINE_W) &&
		       (!(ui_canvas_at(c, x, y)->lines & (UI_LINE_N | UI_LINE_S)) || ui_canvas_at(c, x, y)->lines == 0x0f)) {
			x--;
		}
		CHECK(x < o->x); /* the line passes under the name */
		const struct ui_cell *turn = ui_canvas_at(c, x, y);
		CHECK(turn && (turn->lines & UI_LINE_E) && (turn->lines & (UI_LINE_N | UI_LINE_S)) && !turn->ch);
		int bb = find_box(c, owner, bo->x, bo->y), rx = boxes[bb].x + boxes[bb].w - 1;
		CHECK(rx < x);
		for (int cx = rx + 1; cx < x; cx++) {
			if ((ui_canvas_at(c, cx, bo->y)->lines & (UI_LINE_E | UI_LINE_W)) != (UI_LINE_E | UI_LINE_W)) {
				fprintf(stderr, "%s:%s: the bus's line from its bridge breaks at (%d,%d)\n", hns->name,
					port->name, cx, bo->y);
				unit_failures++;
				break;
			}
		}
		ui_canvas_hline(all, rx, x, bo->y, UI_CLS_PORT);
		ui_canvas_vline(all, x, bo->y, y, UI_CLS_PORT);
		ui_canvas_hline(all, x, xr, y, UI_CLS_VETH);
		arrivals[(size_t)y * (size_t)c->w + (size_t)xr]++;
		(void)nb;
	}
}

/*
 * Every visible link has its row, in reading order, and every veth row either
 * has a line that ends at its peer's row or names the peer in text. With
 * strict, a veth between adjacent columns must be a line.
 */
void check_structure(const struct nst_model *m, const bool *vis, struct ui_canvas *c, bool strict)
{
	struct tbox *boxes = calloc(m->n_ns + 1, sizeof(*boxes));
	int nb = collect_boxes(m, c, boxes);
	int *owner = box_map(c, boxes, nb);
	size_t want_objs = 0;

	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];
		bool shown = !vis || vis[i];

		CHECK(shown == (find_obj(c, ns->id, 0) != NULL));
		for (size_t k = 0; k < ns->n_links; k++) {
			const struct ui_obj *o = find_obj(c, ns->id, ns->links[k].ifindex);
			if (shown != (o != NULL)) {
				fprintf(stderr, "%s:%s: %s\n", ns->name, ns->links[k].name,
					shown ? "no object" : "object of a filtered namespace");
				unit_failures++;
			}
		}
		want_objs += shown ? 1 + ns->n_links : 0;
	}
	CHECK_INT(c->n_objs, want_objs);

	/* reading order: column by column, top to bottom, a blank row between boxes */
	for (int i = 1; i < nb; i++) {
		const struct tbox *p = &boxes[i - 1], *b = &boxes[i];
		if (!(b->x > p->x || (b->x == p->x && b->y >= p->y + p->h + 1))) {
			fprintf(stderr, "box %s at (%d,%d) after %s at (%d,%d)\n", m->ns[b->ns].name, b->x, b->y,
				m->ns[p->ns].name, p->x, p->y);
			unit_failures++;
		}
	}

	/* each line, traced and drawn alone; where two touch a cell it must be a plain crossing */
	struct ui_canvas alone, all;
	uint8_t *first = calloc((size_t)c->w * (size_t)c->h + 1, 1);
	int *touch = calloc((size_t)c->w * (size_t)c->h + 1, sizeof(*touch));
	int *arrivals = calloc((size_t)c->w * (size_t)c->h + 1, sizeof(*arrivals));
	struct point corners[64];

	ui_canvas_init(&all, c->w, c->h);
	ui_canvas_init(&alone, c->w, c->h);
	for (int bi = 0; bi < nb; bi++) {
		const struct tbox *b = &boxes[bi];
		const struct nst_ns *ns = &m->ns[b->ns];

		for (size_t j = 0; j < b->n_links; j++) {
			const struct ui_obj *o = &c->objs[b->first_obj + 1 + j];
			const struct nst_link *l = nst_ns_find_link(ns, o->ref.ifindex);
			const struct nst_ns *pns = NULL;
			const struct nst_link *peer = l ? nst_link_peer(m, l, &pns) : NULL;
			const struct ui_obj *po = peer ? find_obj(c, pns->id, peer->ifindex) : NULL;
			int rx = b->x + b->w - 1, y = o->y;
			bool line_out = ui_canvas_at(c, rx, y)->lines & UI_LINE_E;
			bool line_in = ui_canvas_at(c, b->x, y)->lines & UI_LINE_W;
			bool text = row_has(c, o, "<->");

			if (l && is_bus(m, c, ns, l)) {
				continue; /* its line is the bus's (check_buses) */
			}
			if (!l || !l->peer.has) {
				CHECK(!text);
				CHECK(!(line_out && line_in));
				if (line_out && !ref_line(m, c, boxes, owner, ns, l, rx, y, corners, &alone, &all, touch,
							  first, arrivals)) {
					unit_failures++;
				}
				continue;
			}
			if (!line_out && !line_in) {
				char want[128] = "<-> ?";
				if (peer) {
					snprintf(want, sizeof(want), "<-> %s:%s", nst_ns_display(pns), peer->name);
				}
				if (!row_has(c, o, want)) {
					fprintf(stderr, "%s:%s: neither a line nor \"%s\"\n", ns->name, l->name, want);
					unit_failures++;
				}
				if (strict && po) {
					const struct tbox *pb = &boxes[find_box(c, owner, po->x, po->y)];
					int d = pb->col - b->col;
					if (d == 1 || d == -1) {
						fprintf(stderr, "%s:%s: adjacent columns but no line\n", ns->name, l->name);
						unit_failures++;
					}
				}
				continue;
			}
			/* a line shows the peering: no text too (unless this end disagrees, see fixture_random) */
			CHECK(!(text && (line_out || peer)));
			CHECK(!(line_out && line_in));
			if (!line_out) {
				continue; /* reached from the other end */
			}
			int n = trace(c, boxes, owner, rx, y, corners, 64);
			if (n < 0 || !po) {
				fprintf(stderr, "%s:%s: line from (%d,%d) does not reach its peer\n", ns->name, l->name,
					rx, y);
				unit_failures++;
				continue;
			}
			struct point end = corners[n - 1];
			if (end.x != po->x - 1 || end.y != po->y) {
				fprintf(stderr, "%s:%s: line ends at (%d,%d), its peer %s:%s is at (%d,%d)\n", ns->name,
					l->name, end.x, end.y, pns->name, peer->name, po->x - 1, po->y);
				unit_failures++;
			}
			account(c, corners, n, end, &alone, &all, touch, first, arrivals);
		}
	}
	check_buses(m, c, boxes, nb, owner, &all, arrivals);
	/* the whole picture outside the boxes' insides is exactly the borders and the lines drawn alone */
	for (int bi = 0; bi < nb; bi++) {
		ui_canvas_box(&all, boxes[bi].x, boxes[bi].y, boxes[bi].w, boxes[bi].h, UI_CLS_BOX);
	}
	for (int y = 0; y < c->h; y++) {
		for (int x = 0; x < c->w; x++) {
			size_t at = (size_t)y * (size_t)c->w + (size_t)x;
			int bi = find_box(c, owner, x, y);
			uint8_t got = c->cells[at].lines, want = all.cells[at].lines;

			if (bi >= 0 && !on_border(&boxes[bi], x, y)) {
				continue; /* port trees inside a box */
			}
			if (got != want) {
				fprintf(stderr, "cell (%d,%d): bits %u, the borders and lines alone make %u\n", x, y, got,
					want);
				unit_failures++;
			}
			if (bi >= 0 && x == boxes[bi].x && (got & UI_LINE_W) && arrivals[at] != 1) {
				fprintf(stderr, "left border (%d,%d): %d lines arrive\n", x, y, arrivals[at]);
				unit_failures++;
			}
		}
	}
	ui_canvas_finish(&alone);
	ui_canvas_finish(&all);
	free(owner);
	free(arrivals);
	free(touch);
	free(first);
	free(boxes);
}


void layout_all(const struct nst_model *m, const struct ui_graph_opts *o, struct ui_canvas *c)
{
	ui_graph_layout(m, o, c);
	ui_canvas_window(c, 0, 0, c->w, c->h);
}

