/* SPDX-License-Identifier: MIT */
/*
 * The graph layout's own types, shared by its two halves: graph_layout.c
 * places boxes and routes lines, graph_draw.c says what each row shows and
 * draws it. Not for use outside them.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "canvas.h"
#include "graph_layout.h"

#define BOX_MAX_W 40 /* a box never grows wider; rows are clipped */
#define TITLE_BOX_W 30 /* a title widens its box to this at most; longer names are cut in the middle */
#define NET_MIN 8      /* a bridge's network name is cut in the middle to fit its row, not below this */
#define INDENT 3     /* "├─ " before a port */
#define GAP_LEAD 2   /* line cells between a column and its first lane, and after the last */
#define GAP_EMPTY 3  /* between columns with no lines */
/*
 * A bridge with at least this many veth ports to boxes in the next column
 * draws them as one bus (graph_bus.c); fewer keep a line each under the
 * bridge, where a dozen containers still fit one screen with their names.
 */
#define BUS_MIN 16

/* The other links a row names that a line may show besides its veth peer. */
enum { REF_LOWER, REF_TUNNEL, N_REFS };

/* A lower device (macvlan → parent, in any namespace) or a tunnel's other end. */
struct row_ref {
	const struct nst_link *l; /* NULL: none, or not in the model */
	const struct nst_ns *ns;
	int box, row;             /* -1: its namespace is filtered out */
	bool drawn;               /* a line shows it, so no text */
};

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
	const char *nat_target; /* a DNAT's target namespace by display name; NULL: not found */
	const struct nst_link *peer;
	bool unknown;  /* a veth whose peer nstop cannot see */
	bool drawn;    /* its peering is a line, so no "<->" text */
	bool incoming; /* some edge already ends at this row */
	int n_other;   /* the closing row: NAT rules not drawn */
	struct row_ref ref[N_REFS];
	bool lined;    /* a veth or NAT line ends here (or will): no other line may */
	int bus1;      /* a bus tap ends at this row: the bus's index + 1; 0: none */
	const struct nst_link *tap_port; /* with bus1: the bridge port the tap shows */
};

struct box {
	size_t ns; /* model index */
	int col;   /* -1 until placed */
	int x, y, w, h;
	struct row *rows;
	int n_rows;
	size_t fwd_cut; /* bridges whose traffic the forward hook drops (fwd_eval.h): a marker on the title */
	bool has_refs;  /* some row's lower device or tunnel end is in another visible box */
};

/* What a line shows: its class, and in graph_draw.c its glyphs. */
enum edge_style { EDGE_VETH, EDGE_LOWER, EDGE_TUNNEL };

/* A veth line, or a DNAT arrow between a rule's row and its target's title row (row -1). */
struct edge {
	int lbox, lrow, rbox, rrow;
	int arrow; /* 0: a veth; 1: arrowhead at the right end; -1: at the left end */
	enum edge_style style; /* lower and tunnel lines: the row owning the reference is obox/orow */
	int obox, orow;
	int yl, yr, lo, hi;
	int lane;
	bool dropped; /* could not be routed without merging: shown as text */
};

/* A tap: where a container's veth joins its bridge's bus; the bridge's port is the tap's label. */
struct tap {
	int box, row;               /* the container's box and its veth's row */
	const struct nst_link *port; /* the bridge port (its row left the bridge's box) */
};

/* A bridge's ports as one vertical line in the gap right of its box, a tap per port. */
struct bus {
	int box, row;    /* the bridge's box and row */
	struct tap *taps;
	int n_taps;
	int lane;        /* in the gap after the bridge's column, right of every other line */
	int yl, lo, hi;  /* the bridge's row; the vertical's extent */
};

struct layout {
	const struct nst_model *m;
	struct box *boxes;
	int n_boxes;
	int *box_of_ns; /* model index → box, -1: filtered out */
	int n_cols;
	int center_col; /* 0, or 1 when leaves of the center went to its left (mirror) */
	int **cols; /* boxes per column, top to bottom */
	int *n_in_col;
	int *col_x, *col_w;
	struct edge **edges; /* per gap between column k and k+1 */
	int *n_edges, *n_lanes;
	struct bus *buses;
	int n_buses;
	struct ui_canvas scratch; /* one row, to measure text exactly as it will be drawn */
};

/* graph_layout.c: a new edge in *e (grown), and its span from its ends' rows. */
struct edge *ui_gl_new_edge(struct edge **e, int *n, int *cap);
void ui_gl_set_span(const struct layout *L, struct edge *ed);

/* graph_refs.c: row's lower device and tunnel peer as boxes and rows (row_of_link per model ns). */
void ui_gl_row_refs(const struct layout *L, struct row *row, int *const *row_of_link);
/* Boxes other than b's own that b's rows' references reach (bfs and leaf tests), into out; how many. */
int ui_gl_ref_boxes(const struct box *b, int self, int *out, int max);
/* Some row of b names a link in box target. */
bool ui_gl_refers_to(const struct box *b, int target);
/* Mark rows that a veth or NAT line will end at, before any reference line is routed. */
void ui_gl_reserve_rows(struct layout *L);
/* Lower-device and tunnel lines across gap k, between rows no other line ends at. */
void ui_gl_ref_edges(struct layout *L, int k, struct edge **e, int *n, int *cap);

/* Box widths from their rows and titles, then column x positions from the lanes between them. */
void ui_gl_place_columns(struct layout *L);
/* A box: border, title, rows, port trunks; its objects in reading order. */
void ui_gl_draw_box(struct layout *L, struct ui_canvas *c, const struct box *b);
/* A line across gap k (between column k and k + 1) in its lane. */
void ui_gl_draw_edge(const struct layout *L, struct ui_canvas *c, int k, const struct edge *e);
/* graph_bus.c: bridges with many ports to the next column become buses; their ports leave the bridge's box. */
void ui_gl_make_buses(struct layout *L);
/* Bus lanes in gap k right of the n_lanes taken; lines e[] that would merge with a bus are dropped (text). */
void ui_gl_bus_lanes(struct layout *L, int k, struct edge *e, int n, int *n_lanes);
/* Cells the taps' labels need in gap k (0: no bus), from its lanes (after ui_gl_bus_lanes). */
int ui_gl_bus_gap(const struct layout *L, int k);
/* The selectable ports on b's taps (before b's own objects: the tap is read first, left of the box). */
void ui_gl_bus_objs(const struct layout *L, struct ui_canvas *c, const struct box *b);
/* Every bus: from its bridge's row, down the lane, a tap to each port's box with the port's name on it. */
void ui_gl_draw_buses(const struct layout *L, struct ui_canvas *c);
/* The bus cells from a bridge on the path to each of its ports on it. */
void ui_gl_mark_buses(const struct layout *L, struct ui_canvas *c, const struct ui_path_links *s);

/* graph_path.c: the boxes and lines an explained path crosses, in the path's classes (the failing hop's box in its own). */
void ui_gl_mark_path(const struct layout *L, struct ui_canvas *c, const struct ui_path *p);
