/* SPDX-License-Identifier: MIT */
/*
 * What keys ask of the loop, in the order they were typed (tmux's cmdq): an
 * edit to apply, the action log to save, a packet pane request, quitting.
 * The loop carries out each one and reports back (ui_log_result, the pane
 * replies) before it takes the next, so a burst of keys does what the same
 * keys typed slowly do. Pure: a FIFO of values, unit-tested.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "ops.h"

/* A first-in first-out queue of fixed-size items (actions, keys). */
struct ui_fifo {
	char *v;
	size_t elem;         /* size of one item */
	size_t head, n, cap; /* items v[head .. n) wait, oldest first */
};

void ui_fifo_init(struct ui_fifo *f, size_t elem);
void ui_fifo_push(struct ui_fifo *f, const void *item);
bool ui_fifo_pop(struct ui_fifo *f, void *out); /* false: empty */
size_t ui_fifo_len(const struct ui_fifo *f);
void ui_fifo_finish(struct ui_fifo *f);

enum ui_pane_req_kind { UI_PANE_REQ_OPEN, UI_PANE_REQ_CLOSE, UI_PANE_REQ_FILTER, UI_PANE_REQ_SAVE };

/* A packet pane asks the loop to open, re-filter, save or close the capture behind it. */
struct ui_pane_req {
	enum ui_pane_req_kind kind;
	int id; /* the pane's id (stable while it is open) */
	struct nst_ns_id ns;
	char ifname[NST_IFNAMSIZ];
	char text[256]; /* FILTER: the new filter; SAVE: the file name */
};

/*
 * An explanation asked for (`e`, Enter on a matrix cell): the probe by
 * identities, looked up in the model when the loop carries it out. The
 * loop answers with ui_explain_reply() (ui.h), id naming the request.
 */
struct ui_explain_req {
	int id;
	struct nst_ns_id from;
	int family;             /* AF_INET, AF_INET6 */
	uint8_t dst[16];
	bool has_src;
	uint8_t src[16];
	int proto;              /* enum nst_reach_proto */
	int port;               /* -1: none (icmp) */
	bool probe;             /* `P`: then send one real probe along the path, traced (be_probe.h) */
};

/* The reachability matrix asked for (`R`): every namespace to every other's addresses. */
struct ui_reach_req {
	int id;
	int proto; /* enum nst_reach_proto */
	int port;  /* -1: none */
};

enum ui_action_kind {
	UI_ACT_APPLY,    /* apply u.op, then ui_log_result() */
	UI_ACT_SAVE_LOG, /* write ui_log_script() to u.path */
	UI_ACT_PANE,     /* carry out u.pane, then the pane reply */
	UI_ACT_EXPLAIN,  /* explain u.explain, then ui_explain_reply() */
	UI_ACT_REACH,    /* build the matrix u.reach asks for, then ui_reach_reply() */
	UI_ACT_QUIT,
};

struct ui_action {
	enum ui_action_kind kind;
	union {
		/* validated against the model when the key was typed; the loop
		 * validates it again when it applies it, as an earlier action may
		 * have changed what it names */
		struct nst_op op;
		char path[256];
		struct ui_pane_req pane;
		struct ui_explain_req explain;
		struct ui_reach_req reach;
	} u;
};

/* Actions, oldest first. */
struct ui_actions {
	struct ui_fifo q;
};

void ui_actions_init(struct ui_actions *a);
void ui_actions_finish(struct ui_actions *a);
void ui_actions_push(struct ui_actions *a, const struct ui_action *act);
bool ui_actions_pop(struct ui_actions *a, struct ui_action *out);
size_t ui_actions_len(const struct ui_actions *a);

void ui_actions_apply(struct ui_actions *a, const struct nst_op *op);
void ui_actions_save_log(struct ui_actions *a, const char *path);
void ui_actions_pane(struct ui_actions *a, const struct ui_pane_req *req);
void ui_actions_explain(struct ui_actions *a, const struct ui_explain_req *req);
void ui_actions_reach(struct ui_actions *a, const struct ui_reach_req *req);
void ui_actions_quit(struct ui_actions *a);
