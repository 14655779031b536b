/* SPDX-License-Identifier: MIT */
/*
 * The UI's state, shared by its core, input handlers (input/) and views
 * (views/); never included outside src/ui. Input and views never include
 * each other: input changes this state and queues actions, views draw it.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actions.h"
#include "canvas.h"
#include "filter.h"
#include "form.h"
#include "path.h"
#include "reach_matrix.h"
#include "rows.h"
#include "ui.h"

enum ui_view { UI_VIEW_TREE, UI_VIEW_GRAPH };
enum ui_focus { UI_FOCUS_MAIN, UI_FOCUS_DETAILS, UI_FOCUS_PANE };

/* Colour pairs / attributes by role. */
enum ui_role {
	UI_ROLE_NORMAL,
	UI_ROLE_HEADER,
	UI_ROLE_NS,
	UI_ROLE_UP,
	UI_ROLE_DOWN,
	UI_ROLE_WARN,
	UI_ROLE_DIM,
	UI_ROLE_SELECT,
	UI_ROLE_VETH,
	UI_ROLE_PORT,
	UI_ROLE_ERROR,
	UI_ROLE_KEY,
	UI_ROLE_NAT,
	UI_ROLE_PATH,    /* an explained path in the graph */
	UI_ROLE_FAILHOP, /* the box of the hop it fails at */
	UI_ROLE_COUNT
};

struct ui_glyphs {
	const char *peer;      /* "⇄" or "<->" */
	const char *open;      /* "▾" or "v" */
	const char *closed;    /* "▸" or ">" */
	const char *tee;       /* "├─" or "|-" */
	const char *elbow;     /* "└─" or "`-" */
	const char *pipe;      /* "│ " or "| " */
	const char *egress;    /* "↳" or "`>": source NAT under the link it leaves by */
	const char *to;        /* "→" or "->" */
};

/* A packet pane: one capture's ring and how it is being looked at. */
struct ui_pane {
	int id;                 /* 0: slot free */
	struct nst_ns_id ns;
	int ifindex;
	char ifname[NST_IFNAMSIZ];
	char nsname[128];
	struct nst_pkt_ring ring;
	int dlt;
	bool capturing;         /* the loop has an open capture for it */
	char ended[256];        /* why the capture stopped, or "" */
	char filter[256];       /* the filter in force */
	uint64_t dropped;       /* pcap_stats: dropped by the kernel */
	bool paused;
	uint64_t paused_seq;    /* while paused: packets after this one are kept but not shown */
	uint64_t cursor_seq;    /* 0: follow the newest */
	uint64_t top_seq;
	bool detail;            /* Enter: fields and hex of the cursor packet */
	int detail_top;
	enum { PANE_PROMPT_NONE, PANE_PROMPT_FILTER, PANE_PROMPT_SAVE } prompt;
	char prompt_buf[256];
	int rows;               /* list rows at the last draw (page size) */
	int hscroll;            /* columns of each line scrolled off to the left (h/l) */
};

/*
 * The explanation pane (explain_state.c, input/explain_keys.c,
 * views/view_explain.c): the text of an answer, one line per row, and its
 * path by identity for the graph. More sections may be appended (a probe's
 * observed path beside the predicted one).
 */
struct ui_explain {
	bool open;
	int id;                  /* the request it answers (or waits for: pending) */
	bool pending;
	int reachable;           /* 1, 0, -1 unknown */
	struct ui_explain_req req; /* what was asked, by identities */
	char **lines;
	size_t n_lines, cap_lines;
	int top;                 /* first line shown */
	int rows;                /* lines shown at the last draw (page size) */
	struct ui_path path;     /* request and reply hops, highlighted in the graph */
};

/*
 * The reachability matrix view (`R`; reach_state.c, input/reach_keys.c,
 * views/view_reach.c): the loop's matrix, owned here; it names namespaces by
 * identity, so it stays readable as the model moves on. Enter on a cell
 * explains it in the explanation pane.
 */
struct ui_reach {
	bool open;
	bool pending;            /* asked, no answer yet */
	int id;
	bool have;               /* mx holds an answer */
	char error[256];         /* it could not be built: why */
	struct nst_reach_matrix mx;
	size_t row, col;         /* the cursor */
	size_t top, left;        /* first row and column shown */
};

struct ui {
	struct ui_options opt;
	bool started;
	bool ascii;
	bool color;
	int attr[UI_ROLE_COUNT];
	struct ui_glyphs g;

	enum ui_view view;
	enum ui_focus focus;
	bool details_open;
	bool help_open;
	int help_page;  /* the help's page on screen; help_pages: how many the last draw needed */
	int help_pages;
	bool filter_editing;
	char filter_buf[128];
	char filter_buf_saved[128]; /* restored when the prompt is cancelled */
	size_t filter_len;
	struct ui_filter filter;

	struct ui_sel sel;       /* by identity: looked up in the model at each use */
	bool focus_applied; /* --ns: the focused namespace was opened and selected */
	bool have_sel;
	struct ui_expand expand;
	/* Derived from the model: rebuilt (ui_sync) before any use once the
	 * model's generation moved or the UI's own state (a key) changed them. */
	struct ui_rows rows;
	struct ui_canvas canvas; /* graph layout, rebuilt with the rows */
	bool layout_stale;       /* a key changed what they show (filter, folding, view) */
	long tree_top;           /* first visible row */
	int graph_x, graph_y;    /* graph scroll offset */
	int details_top;
	int view_h, view_w;      /* size of the main view at the last draw (for what is on screen) */
	/* What the rows and canvas were built for besides the model: a key that changes none of it
	 * (j/k, Enter, ...) rebuilds nothing. */
	struct {
		uint64_t expand_changes;
		bool filter_active;
		char filter_text[128];
		enum ui_view view;
		int cols, lines;
	} laid_out;
	long sel_row;            /* where sel was last found in rows (a hint: checked before use) */
	uint64_t sel_row_build;  /* rows.build_id it was found in */
	/* The links on screen (sorted by namespace, then ifindex), for ui_wants_stats and ui_stats_links:
	 * computed once a frame, not per namespace. */
	struct {
		bool valid;
		uint64_t build_id;
		enum ui_view view;
		long top;
		int y, h;
		struct ui_link_on_screen {
			struct nst_ns_id ns;
			int ifindex;
		} *v;
		size_t n, cap;
	} on_screen;
	/* The header's counts (a walk of every link), taken again only when the model moved. */
	struct nst_counts counts;
	const struct nst_model *counts_of;
	uint64_t counts_generation;

	/* edits */
	char read_only[160];     /* non-empty: why edits are disabled */
	struct ui_form form;
	bool add_menu;           /* `a` pressed: the next key picks what to add */
	bool confirm_open;       /* y/N for a deletion (or an offer) */
	struct nst_op confirm_op; /* what y queues: the deletion asked about, or the offer */
	struct nst_op offer;     /* a follow-up to offer once the model shows it is needed */
	bool offer_pending;
	char confirm_text[800];
	bool log_open;
	struct ui_log_entry *log;
	size_t n_log, cap_log;
	bool save_editing;       /* `W`: typing the file name */
	char save_path[256];
	int details_item;        /* details focus: the address or route `d` acts on */

	struct ui_pane panes[UI_MAX_PANES];
	int pane_focus;          /* index into panes when focus == UI_FOCUS_PANE */
	int next_pane_id;

	struct ui_explain explain;
	int next_explain_id;
	struct ui_reach reach;

	struct ui_fifo keys;        /* read (ui_read_keys), not handled yet: ints */
	struct ui_actions actions;  /* queued by keys, taken by the loop in order */

	char status[256];
	bool status_error;
	uint64_t status_until_ms; /* 0: until replaced */
};

struct ui_log_entry {
	char when[16];
	bool ok;
	char *commands; /* nst_op_commands: every command whole, however long */
	char about[400]; /* " in web1 (/run/docker/netns/86420b3ab6fc)": the namespace by display name, or "" */
	char error[512];
};

/* Core state operations (ui.c, pane_state.c, action_log.c), for input and views alike. */

void ui_log_free(struct ui *ui); /* the entries and their commands */

/* Make the model-derived state (rows, canvas, selection) current for m and the
 * UI's own state: rebuilt when m's generation moved or layout_stale is set.
 * Every reader of rows or the canvas calls it first. Also puts a pending
 * offer (ip_forward after NAT) to the user once the model says it is needed. */
void ui_sync(struct ui *ui, const struct nst_model *m);
/* ui_sync after a key: also puts the selection back on a shown object if the key left it on none. */
void ui_sync_key(struct ui *ui, const struct nst_model *m);
/* The tree row of the selection, or -1 (rows as ui_sync left them); O(1) while it stays where it was found. */
long ui_sel_row(struct ui *ui);
/* nst_model_counts(m), computed once per model generation: the header is drawn every second. */
const struct nst_counts *ui_model_counts(struct ui *ui, const struct nst_model *m);
const struct nst_ns *ui_focus_ns(const struct ui *ui, const struct nst_model *m);
/* The details pane's deletable items (addresses of a link, routes of a namespace). */
size_t ui_details_items(const struct ui *ui, const struct nst_model *m);

/* Packet panes. */
int ui_panes_count(const struct ui *ui);
struct ui_pane *ui_pane_by_id(struct ui *ui, int id);
/* Queue an action for the loop (open, close, filter, save) about pane p. */
void ui_pane_request(struct ui *ui, enum ui_pane_req_kind kind, const struct ui_pane *p, const char *text);
void ui_pane_free(struct ui *ui, struct ui_pane *p);
void ui_panes_finish(struct ui *ui);
/* How many of the ring's packets the pane shows (all, or up to the pause). */
size_t ui_pane_shown(const struct ui_pane *p);
/* The cursor's index among the n shown (see pane_state.c). */
size_t ui_pane_cursor(const struct ui_pane *p, size_t n);

/* The explanation pane (explain_state.c). */
void ui_explain_close(struct ui *ui);
void ui_explain_finish(struct ui *ui);
/* Queue req (its id set here) and show the pane waiting for the answer. */
void ui_explain_request(struct ui *ui, struct ui_explain_req *req);
/* The matrix view (reach_state.c): ask for it (the view opens waiting), close it and free the matrix. */
void ui_reach_request(struct ui *ui);
void ui_reach_close(struct ui *ui);
