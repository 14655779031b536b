/* SPDX-License-Identifier: MIT */
/*
 * Bridges with many ports as a bus. A row per port under the bridge, and a
 * lane per veth to the next column, put 1000 containers 1000 lanes and ~4000
 * rows away from their ports: never both on a screen. Instead the ports leave
 * the bridge's box; one vertical line (the bus) runs from the bridge's row
 * down the gap, and a tap goes from it to each container's veth row with the
 * port's name on the tap. The containers stack in the next column in port
 * order, so a box and its port are always on the same row.
 */
#include <stdlib.h>
#include <string.h>

#include "graph_internal.h"
#include "xalloc.h"

/* Row r of box bi can be a tap of bridge row p: a plain veth port whose peer is in the next column and names it back. */
static bool tap_port(const struct layout *L, int bi, int p, int r)
{
	const struct box *b = &L->boxes[bi];
	const struct row *row = &b->rows[r];

	if (row->parent != p || !row->l || strcmp(row->l->kind, "veth") != 0 || row->peer_box < 0 ||
	    row->peer_box == bi || L->boxes[row->peer_box].col != b->col + 1) {
		return false;
	}
	/* a port with rows of its own (ports, NAT rules under it) keeps its row */
	if (r + 1 < b->n_rows && b->rows[r + 1].depth > row->depth) {
		return false;
	}
	for (int i = 0; i < N_REFS; i++) {
		if (row->ref[i].box >= 0) {
			return false;
		}
	}
	const struct row *peer = &L->boxes[row->peer_box].rows[row->peer_row];
	return peer->peer_box == bi && peer->peer_row == r && !peer->bus1;
}

static int *remap(const struct box *b, const bool *gone)
{
	int *map = xmalloc((size_t)(b->n_rows ? b->n_rows : 1) * sizeof(*map));

	for (int r = 0, k = 0; r < b->n_rows; r++) {
		map[r] = gone[r] ? -1 : k++;
	}
	return map;
}

void ui_gl_make_buses(struct layout *L)
{
	bool **gone = xcalloc((size_t)L->n_boxes, sizeof(*gone));
	int **map = xcalloc((size_t)L->n_boxes, sizeof(*map));
	size_t cap = 0, n_buses = 0;

	for (int bi = 0; bi < L->n_boxes; bi++) {
		struct box *b = &L->boxes[bi];

		for (int p = 0; p < b->n_rows; p++) {
			int n = 0;

			for (int r = p + 1; r < b->n_rows && b->rows[r].depth > b->rows[p].depth; r++) {
				n += tap_port(L, bi, p, r);
			}
			if (n < BUS_MIN) {
				continue;
			}
			struct bus *bus = xgrow(&L->buses, &n_buses, &cap, sizeof(*bus));
			*bus = (struct bus){ .box = bi, .row = p, .taps = xmalloc((size_t)n * sizeof(struct tap)) };
			b->rows[p].lined = true; /* the bus leaves by the bridge row's border: no lower-device line there */
			if (!gone[bi]) {
				gone[bi] = xcalloc((size_t)b->n_rows, sizeof(**gone));
			}
			for (int r = p + 1; r < b->n_rows && b->rows[r].depth > b->rows[p].depth; r++) {
				if (!tap_port(L, bi, p, r)) {
					continue;
				}
				struct row *peer = &L->boxes[b->rows[r].peer_box].rows[b->rows[r].peer_row];
				bus->taps[bus->n_taps++] = (struct tap){ .box = b->rows[r].peer_box, .row = b->rows[r].peer_row,
									 .port = b->rows[r].l };
				peer->bus1 = (int)n_buses; /* this bus's index + 1 */
				peer->tap_port = b->rows[r].l;
				peer->drawn = peer->lined = true;
				gone[bi][r] = true;
			}
		}
	}
	L->n_buses = (int)n_buses;
	if (!n_buses) {
		free(gone);
		free(map);
		return;
	}
	for (int bi = 0; bi < L->n_boxes; bi++) {
		map[bi] = gone[bi] ? remap(&L->boxes[bi], gone[bi]) : NULL;
	}
	/* every row index into a box that lost rows, then the rows themselves */
	for (int bi = 0; bi < L->n_boxes; bi++) {
		struct box *b = &L->boxes[bi];

		for (int r = 0; r < b->n_rows; r++) {
			struct row *row = &b->rows[r];

			if (row->parent >= 0 && map[bi]) {
				row->parent = map[bi][row->parent];
			}
			if (row->peer_box >= 0 && map[row->peer_box]) {
				row->peer_row = map[row->peer_box][row->peer_row];
			}
			for (int i = 0; i < N_REFS; i++) {
				if (row->ref[i].box >= 0 && map[row->ref[i].box]) {
					row->ref[i].row = map[row->ref[i].box][row->ref[i].row];
					row->ref[i].box = row->ref[i].row >= 0 ? row->ref[i].box : -1;
				}
			}
		}
	}
	for (int i = 0; i < L->n_buses; i++) {
		struct bus *bus = &L->buses[i];

		bus->row = map[bus->box] ? map[bus->box][bus->row] : bus->row;
		for (int t = 0; t < bus->n_taps; t++) {
			struct tap *tp = &bus->taps[t];
			tp->row = map[tp->box] ? map[tp->box][tp->row] : tp->row;
		}
	}
	for (int bi = 0; bi < L->n_boxes; bi++) {
		struct box *b = &L->boxes[bi];
		int k = 0;

		for (int r = 0; gone[bi] && r < b->n_rows; r++) {
			if (!gone[bi][r]) {
				b->rows[k++] = b->rows[r];
			}
		}
		b->n_rows = gone[bi] ? k : b->n_rows;
		free(gone[bi]);
		free(map[bi]);
	}
	free(gone);
	free(map);
}

static int lane_x(const struct layout *L, int k, int lane)
{
	return L->col_x[k] + L->col_w[k] + GAP_LEAD + lane;
}

static int tap_y(const struct layout *L, const struct tap *t)
{
	return L->boxes[t->box].y + 1 + t->row;
}

/* Lower buses to the left: a bus passing another's taps on its way down stays left of them, no crossing. */
static int cmp_bus(const void *a, const void *b)
{
	const struct bus *x = *(const struct bus *const *)a, *y = *(const struct bus *const *)b;

	return (x->yl < y->yl) - (x->yl > y->yl);
}

void ui_gl_bus_lanes(struct layout *L, int k, struct edge *e, int n, int *n_lanes)
{
	struct bus **in = xmalloc((size_t)(L->n_buses ? L->n_buses : 1) * sizeof(*in));
	int m = 0, max_y = 0;

	for (int i = 0; i < L->n_buses; i++) {
		struct bus *bus = &L->buses[i];
		const struct box *b = &L->boxes[bus->box];

		if (b->col != k) {
			continue;
		}
		bus->yl = b->y + 1 + bus->row;
		bus->lo = bus->hi = bus->yl;
		for (int t = 0; t < bus->n_taps; t++) {
			int y = tap_y(L, &bus->taps[t]);
			bus->lo = y < bus->lo ? y : bus->lo;
			bus->hi = y > bus->hi ? y : bus->hi;
		}
		max_y = bus->hi > max_y ? bus->hi : max_y;
		in[m++] = bus;
	}
	if (!m) {
		free(in);
		return;
	}
	qsort(in, (size_t)m, sizeof(*in), cmp_bus);
	/* a line ending on a bus's row would run along the bus's horizontal: that line is text instead */
	bool *busy = xcalloc((size_t)max_y + 1, sizeof(*busy));
	for (int i = 0; i < m; i++) {
		in[i]->lane = *n_lanes + i;
		busy[in[i]->yl] = true;
		for (int t = 0; t < in[i]->n_taps; t++) {
			busy[tap_y(L, &in[i]->taps[t])] = true;
		}
	}
	for (int i = 0; i < n; i++) {
		if (e[i].yr <= max_y && busy[e[i].yr]) {
			e[i].dropped = true;
		}
	}
	*n_lanes += m;
	free(busy);
	free(in);
}

/* " name " and a warning mark: what a tap shows of its port. */
static int label_cells(const struct nst_link *port)
{
	return 1 + ui_text_cells(port->name) + (port->warnings.n ? 2 : 0) + 1;
}

int ui_gl_bus_gap(const struct layout *L, int k)
{
	int w = 0;

	for (int i = 0; i < L->n_buses; i++) {
		const struct bus *bus = &L->buses[i];

		for (int t = 0; L->boxes[bus->box].col == k && t < bus->n_taps; t++) {
			int c = label_cells(bus->taps[t].port);
			w = c > w ? c : w;
		}
	}
	return w;
}

/* The first cell of gap k's labels: one line cell right of its last lane. */
static int label_x(const struct layout *L, int k)
{
	return lane_x(L, k, L->n_lanes[k] - 1) + 2;
}

void ui_gl_bus_objs(const struct layout *L, struct ui_canvas *c, const struct box *b)
{
	for (int r = 0; r < b->n_rows; r++) {
		const struct row *row = &b->rows[r];

		if (!row->bus1) {
			continue;
		}
		const struct bus *bus = &L->buses[row->bus1 - 1];
		struct ui_sel ref = ui_sel_link(L->m->ns[L->boxes[bus->box].ns].id, row->tap_port->ifindex);
		ui_canvas_add_obj(c, &ref, label_x(L, L->boxes[bus->box].col), b->y + 1 + r, label_cells(row->tap_port));
	}
}

void ui_gl_draw_buses(const struct layout *L, struct ui_canvas *c)
{
	for (int i = 0; i < L->n_buses; i++) {
		const struct bus *bus = &L->buses[i];
		const struct box *b = &L->boxes[bus->box];
		int k = b->col, x = lane_x(L, k, bus->lane), lx = label_x(L, k), xr = L->col_x[k + 1];

		ui_canvas_hline(c, b->x + b->w - 1, x, bus->yl, UI_CLS_PORT);
		ui_canvas_vline(c, x, bus->lo, bus->hi, UI_CLS_PORT);
		for (int t = 0; t < bus->n_taps; t++) {
			const struct nst_link *port = bus->taps[t].port;
			int y = tap_y(L, &bus->taps[t]);
			int w = ui_text_cells(port->name);

			ui_canvas_hline(c, x, xr, y, UI_CLS_VETH);
			ui_canvas_text(c, lx, y, 1, " ", UI_CLS_TEXT);
			ui_canvas_text(c, lx + 1, y, w, port->name, port->up ? UI_CLS_UP : UI_CLS_DOWN);
			if (port->warnings.n) {
				ui_canvas_text(c, lx + 1 + w, y, 2, " !", UI_CLS_WARN);
			}
			ui_canvas_text(c, lx + label_cells(port) - 1, y, 1, " ", UI_CLS_TEXT);
		}
	}
}

void ui_gl_mark_buses(const struct layout *L, struct ui_canvas *c, const struct ui_path_links *s)
{
	for (int i = 0; i < L->n_buses; i++) {
		const struct bus *bus = &L->buses[i];
		const struct box *b = &L->boxes[bus->box];
		struct nst_ns_id id = L->m->ns[b->ns].id;
		int k = b->col, x = lane_x(L, k, bus->lane), xr = L->col_x[k + 1];

		if (!ui_path_has_link(s, id, b->rows[bus->row].l->ifindex)) {
			continue;
		}
		for (int t = 0; t < bus->n_taps; t++) {
			int y = tap_y(L, &bus->taps[t]);

			if (!ui_path_has_link(s, id, bus->taps[t].port->ifindex)) {
				continue;
			}
			ui_canvas_paint(c, b->x + b->w - 1, bus->yl, x, bus->yl, UI_CLS_PATH);
			ui_canvas_paint(c, x, bus->yl < y ? bus->yl : y, x, bus->yl < y ? y : bus->yl, UI_CLS_PATH);
			ui_canvas_paint(c, x, y, xr, y, UI_CLS_PATH);
		}
	}
}
