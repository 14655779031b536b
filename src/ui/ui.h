/* SPDX-License-Identifier: MIT */
/*
 * The TUI: ncurses views over a const model. Keys come in; what they ask of
 * the loop goes out as actions, in key order (actions.h); the UI never talks
 * to the kernel. It names model objects by identity, and re-derives what it
 * built from the model whenever the model's generation moved.
 */
#pragma once
#include <stdbool.h>

#include "actions.h"
#include "model.h"
#include "pkt.h"

struct ui;

struct ui_options {
	const char *focus_ns; /* --ns: start focused on this namespace, or NULL */
	bool force_ascii;     /* line drawing without Unicode even in a UTF-8 locale */
};

/* What the loop does after keys besides their actions (which say the rest, ui_next_action). */
enum ui_reaction {
	UI_NOTHING = 0,
	UI_REDRAW = 1 << 0,
	UI_WANT_STATS = 1 << 1, /* the set of namespaces that need counters changed */
};

struct ui *ui_create(const struct ui_options *o);
void ui_destroy(struct ui *ui);

/* Enter and leave curses mode. ui_start returns 0, or -1 when there is no terminal. */
int ui_start(struct ui *ui);
void ui_stop(struct ui *ui);

/* Read every pending key into the UI's key queue (stdin was readable, or poll was interrupted). */
void ui_read_keys(struct ui *ui);
/* Keys read and not handled yet. */
bool ui_keys_waiting(const struct ui *ui);
/*
 * Handle the waiting keys in order, against m, up to and including the first
 * that queues an action; the rest wait until the loop has carried that out
 * (and, for an edit, the model has caught up), as if typed after it.
 */
int ui_handle_input(struct ui *ui, const struct nst_model *m);
/* The oldest action keys queued; false when there is none. */
bool ui_next_action(struct ui *ui, struct ui_action *out);
void ui_draw(struct ui *ui, const struct nst_model *m);

/* A message in the status line; error ones are shown in the error colour until replaced. */
void ui_set_status(struct ui *ui, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

struct nst_op;

/* Edits are refused with this reason (e.g. no CAP_NET_ADMIN); NULL allows them. */
void ui_set_read_only(struct ui *ui, const char *reason);
/* Record an applied edit (its iproute2 commands) or its failure in the action log; m says each namespace's kind. */
void ui_log_result(struct ui *ui, const struct nst_model *m, const struct nst_op *op, bool ok, const char *error);
/* The successful edits as a runnable shell script (malloc'd). */
char *ui_log_script(const struct ui *ui);

/* Whether the namespace (of m) is on screen enough to need per-second counters. */
bool ui_wants_stats(struct ui *ui, const struct nst_model *m, const struct nst_ns *ns);
/* The links of ns on screen: their count, the first cap of their ifindexes in ifindexes (sorted);
 * -1 when the view cannot say which (the graph: all of them then), 0 none. */
long ui_stats_links(struct ui *ui, const struct nst_model *m, const struct nst_ns *ns, int *ifindexes, size_t cap);

/*
 * Packet panes (pane_state.c, input/pane_keys.c, views/view_pane.c): the UI holds each pane's ring and asks the loop,
 * through UI_ACT_PANE actions (struct ui_pane_req), to open, re-filter, save or close the capture behind it.
 * The loop fills the ring and reports back; the UI never touches libpcap.
 */
#define UI_MAX_PANES 3

/* The ring the capture of pane id fills; NULL once the pane is closed. */
struct nst_pkt_ring *ui_pane_ring(struct ui *ui, int id);
/* Replies to requests. */
void ui_pane_opened(struct ui *ui, int id, int dlt);
void ui_pane_failed(struct ui *ui, int id, const char *why); /* could not open: the pane closes */
void ui_pane_ended(struct ui *ui, int id, const char *why);  /* was capturing, stopped: the pane stays */
void ui_pane_filter_done(struct ui *ui, int id, const char *filter, const char *error); /* error NULL: applied */
/* pcap's count of packets the kernel dropped for this pane (the pane counts what it got itself). */
void ui_pane_set_dropped(struct ui *ui, int id, uint64_t dropped);
int ui_pane_dlt(const struct ui *ui, int id);
/* Which link each open, capturing pane shows (for the loop to notice a link that vanished). */
size_t ui_pane_list(const struct ui *ui, int *ids, struct nst_ns_id *ns, int *ifindex, size_t max);

/*
 * Explanations (explain_state.c): `e` and Enter on a matrix cell queue a
 * UI_ACT_EXPLAIN; the loop walks it (nst_reach_explain) and answers here.
 * The UI keeps the text and the path by identity, not r: free r after.
 */
struct nst_reach;
struct nst_explain_head;
/* The answer to request id, walked in m (hops' devices are looked up there by name). */
void ui_explain_reply(struct ui *ui, const struct nst_model *m, int id, const struct nst_explain_head *h,
		      const struct nst_reach *r);
void ui_explain_failed(struct ui *ui, int id, const char *why); /* could not be asked: said in the pane */
/* More text under the answer to id (a probe's observed path), one line per '\n'. */
void ui_explain_append(struct ui *ui, int id, const char *text);

/* The answer to UI_ACT_REACH id: the UI takes *mx over (it is zeroed here); reach_state.c. */
struct nst_reach_matrix;
void ui_reach_reply(struct ui *ui, int id, struct nst_reach_matrix *mx);
void ui_reach_failed(struct ui *ui, int id, const char *why);
