/* SPDX-License-Identifier: MIT */
/*
 * The TUI: ncurses views over a const model. Keys come in, reactions go out
 * (htop's Action pattern); the UI never talks to the kernel.
 */
#pragma once
#include <stdbool.h>

#include "model.h"

struct ui;

struct ui_options {
	const char *focus_ns; /* --ns: start focused on this namespace, or NULL */
	bool force_ascii;     /* line drawing without Unicode even in a UTF-8 locale */
};

enum ui_reaction {
	UI_NOTHING = 0,
	UI_REDRAW = 1 << 0,
	UI_QUIT = 1 << 1,
	UI_WANT_STATS = 1 << 2, /* the set of namespaces that need counters changed */
	UI_APPLY = 1 << 3,      /* an edit is ready: ui_pending_op(), then ui_log_result() */
	UI_SAVE_LOG = 1 << 4,   /* write ui_log_script() to ui_save_path() */
};

struct ui *ui_create(const struct ui_options *o);
void ui_destroy(struct ui *ui);

/* Enter and leave curses mode. ui_start returns 0, or -1 when there is no terminal. */
int ui_start(struct ui *ui);
void ui_stop(struct ui *ui);

/* Read and handle every pending key (stdin was readable, or poll was interrupted). */
int ui_handle_input(struct ui *ui, const struct nst_model *m);
void ui_draw(struct ui *ui, const struct nst_model *m);

/* A message in the status line; error ones are shown in the error colour until replaced. */
void ui_set_status(struct ui *ui, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

struct nst_op;

/* Edits are refused with this reason (e.g. no CAP_NET_ADMIN); NULL allows them. */
void ui_set_read_only(struct ui *ui, const char *reason);
const struct nst_op *ui_pending_op(const struct ui *ui);
/* Record an applied edit (its iproute2 commands) or its failure in the action log. */
void ui_log_result(struct ui *ui, const struct nst_op *op, bool ok, const char *error);
/* The successful edits as a runnable shell script (malloc'd), and where to save it. */
char *ui_log_script(const struct ui *ui);
const char *ui_save_path(const struct ui *ui);

/* Whether the namespace is on screen enough to need per-second counters. */
bool ui_wants_stats(const struct ui *ui, const struct nst_ns *ns);
