/* SPDX-License-Identifier: MIT */
/*
 * The TUI loop: stdin, every backend fd and a one-second tick in one
 * poll(). Keys queue actions, which the loop carries out in order, each
 * reported back to the UI before the next; after an edit, the keys that
 * follow wait until the model has caught up with it. Backend changes redraw
 * and show the latest change in the status line; the tick samples counters
 * for the namespaces on screen and redraws the clock and rates.
 */
#include "tui.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "be_probe.h"
#include "loop.h"
#include "tui_capture.h"
#include "tui_explain.h"

#define TICK_MS 1000
#define PACKET_FRAME_MS 50 /* packets redraw at most this often: a flood must not become a draw loop */
/* After an edit, the next keys wait for the kernel's events about it to be read:
 * until no backend fd is ready and nothing is due sooner than QUIET_MS (the
 * backend debounces events by less), checked every SETTLE_POLL_MS, SETTLE_MAX_MS at most. */
#define QUIET_MS 50
#define SETTLE_POLL_MS 5
#define SETTLE_MAX_MS 1000

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

struct stats_ctx {
	struct ui *ui;
	const struct nst_model *m;
};

static long wants_stats(void *ctx, const struct nst_ns *ns, int *ifindexes, size_t cap)
{
	struct stats_ctx *c = ctx;
	return ui_stats_links(c->ui, c->m, ns, ifindexes, cap);
}

static void sample_stats(struct be_live *live, struct ui *ui)
{
	struct stats_ctx c = { ui, be_live_model(live) };
	be_live_sample_stats(live, wants_stats, &c);
}

struct change_ctx {
	struct ui *ui;
	bool hint_showing; /* --demo's hint stays until the first key: the demo's own churn must not hide it */
};

static void show_change(void *ctx, const struct nst_change *c)
{
	struct change_ctx *cc = ctx;

	if (cc->hint_showing) {
		return;
	}
	/* as --monitor prints it: a namespace's own lines under its display name */
	ui_set_status(cc->ui, false, "[%s] %s", c->object != NST_CHG_NETNS && c->display ? c->display : c->ns, c->text);
}

/* Say once what cannot be read, so a person knows the picture is partial. */
static void report_unreadable(struct ui *ui, const struct nst_model *m)
{
	size_t unread = 0;

	for (size_t i = 0; i < m->n_ns; i++) {
		for (size_t k = 0; k < m->ns[i].warnings.n; k++) {
			unread += strncmp(m->ns[i].warnings.v[k], "not read:", 9) == 0;
		}
	}
	if (unread) {
		ui_set_status(ui, true, "%zu namespace%s could not be read%s", unread, unread == 1 ? "" : "s",
			      geteuid() != 0 ? ": run as root (CAP_SYS_ADMIN to enter namespaces)" : "");
	} else if (m->warnings.n) {
		ui_set_status(ui, true, "%s", m->warnings.v[0]);
	}
}

/* The loop's side of an edit: validate it again, apply it, log the outcome. */
static void apply_op(struct be_live *live, struct ui *ui, const struct nst_op *op)
{
	struct nst_op_error verr = { 0 };
	struct be_error err = { 0 };

	/* The key validated it; what it names may have changed since (an earlier action, an event). */
	if (nst_op_validate(op, be_live_model(live), &verr) < 0) {
		ui_log_result(ui, be_live_model(live), op, false, verr.msg);
		return;
	}
	bool ok = be_live_apply(live, op, &err) == 0;
	ui_log_result(ui, be_live_model(live), op, ok, ok ? NULL : err.msg);
}

static void save_log(struct ui *ui, const char *path)
{
	char *script = ui_log_script(ui);
	struct be_error err = { 0 };

	/* a new file only (no overwrite, no symlink), executable once whole */
	if (be_write_new_file(path, script, strlen(script), 0755, &err) < 0) {
		ui_set_status(ui, true, "%s", err.msg);
	} else {
		ui_set_status(ui, false, "action log saved as %s", path);
	}
	free(script);
}

/* Carry out the queued actions in order. Returns false on quit; *edited when an edit was applied. */
static bool run_actions(struct be_live *live, struct ui *ui, struct tui_captures *caps, bool *edited)
{
	struct ui_action a;

	while (ui_next_action(ui, &a)) {
		switch (a.kind) {
		case UI_ACT_QUIT:
			return false;
		case UI_ACT_APPLY:
			apply_op(live, ui, &a.u.op);
			*edited = true;
			break;
		case UI_ACT_SAVE_LOG:
			save_log(ui, a.u.path);
			break;
		case UI_ACT_PANE:
			tui_captures_request(caps, live, ui, &a.u.pane);
			break;
		case UI_ACT_EXPLAIN:
			tui_explain_request(live, ui, &a.u.explain);
			break;
		case UI_ACT_REACH:
			tui_reach_request(live, ui, &a.u.reach);
			break;
		}
	}
	return true;
}

static bool any_ready(const struct pollfd *fds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (fds[i].revents) {
			return true;
		}
	}
	return false;
}

int tui_run(struct be_live *live, const struct ui_options *opt, const char *hint)
{
	struct ui *ui = ui_create(opt);
	struct loop_fds fds = { 0 };
	int rc = 0;

	if (ui_start(ui) < 0) {
		ui_destroy(ui);
		fputs("nstop: the interactive view needs a terminal; use --dump, --json or --monitor\n", stderr);
		return 2;
	}
	loop_install_signals();
	char why[200];
	if (!be_can_edit(why, sizeof(why))) {
		ui_set_read_only(ui, why);
	} else {
		be_trace_sweep(&(struct be_error){ 0 }); /* tables a killed --probe left (be_probe.h) */
	}
	report_unreadable(ui, be_live_model(live));
	char unwatched[256];
	if (be_live_watch_text(live, unwatched, sizeof(unwatched))) {
		ui_set_status(ui, true, "%s", unwatched); /* the picture would go stale without a word */
	}
	struct change_ctx cc = { ui, hint && *hint };
	if (cc.hint_showing) {
		ui_set_status(ui, false, "%s", hint); /* --demo's: what to try first */
	}
	ui_draw(ui, be_live_model(live));
	uint64_t next_tick = mono_ms() + TICK_MS, last_draw = mono_ms();
	uint64_t settle_until = 0; /* keys wait for the model after an edit until then; 0: not waiting */
	struct tui_captures caps = { 0 };
	bool packets_pending = false;

	while (!loop_should_stop()) {
		uint64_t now = mono_ms();
		int tick_in = next_tick > now ? (int)(next_tick - now) : 0;
		if (packets_pending) {
			int frame_in = last_draw + PACKET_FRAME_MS > now ? (int)(last_draw + PACKET_FRAME_MS - now) : 0;
			tick_in = frame_in < tick_in ? frame_in : tick_in;
		}
		if (ui_keys_waiting(ui)) {
			tick_in = settle_until ? (tick_in < SETTLE_POLL_MS ? tick_in : SETTLE_POLL_MS) : 0;
		}

		size_t extra = 1 + caps.n;
		int timeout = loop_collect(live, &fds, extra, tick_in);
		fds.v[0] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
		tui_captures_pollfds(&caps, fds.v + 1);
		int n = poll(fds.v, fds.n, timeout);
		int reactions = UI_NOTHING;

		if (n < 0 && errno != EINTR) {
			rc = 1;
			break;
		}
		/* EINTR is usually SIGWINCH: getch() then returns KEY_RESIZE. */
		if (n < 0 || (fds.v[0].revents & POLLIN)) {
			ui_read_keys(ui);
			cc.hint_showing = cc.hint_showing && !ui_keys_waiting(ui);
		}
		if (fds.v[0].revents & (POLLHUP | POLLERR)) {
			break; /* the terminal went away */
		}
		/* Packets and the model first: keys then act on what is current. The
		 * fds after stdin are the captures' and the backend's, in their order. */
		if (n > 0 && tui_captures_dispatch(&caps, fds.v + 1, ui)) {
			packets_pending = true;
		}
		bool backend_ready = n > 0 && any_ready(fds.v + extra, fds.n - extra);
		if (be_live_dispatch(live, fds.v + extra, fds.n - extra, show_change, &cc)) {
			tui_captures_check(&caps, ui, be_live_model(live));
			reactions |= UI_REDRAW;
		}
		if (settle_until && ((!backend_ready && be_live_timeout_ms(live) > QUIET_MS) || mono_ms() >= settle_until)) {
			settle_until = 0;
		}
		if (!settle_until && ui_keys_waiting(ui)) {
			bool edited = false;
			reactions |= ui_handle_input(ui, be_live_model(live));
			if (!run_actions(live, ui, &caps, &edited)) {
				break;
			}
			if (edited) {
				settle_until = mono_ms() + SETTLE_MAX_MS;
			}
			reactions |= UI_REDRAW;
		}
		if (reactions & UI_WANT_STATS) {
			/* Draw first: what is on screen decides which namespaces get counters. */
			ui_draw(ui, be_live_model(live));
			sample_stats(live, ui);
		}
		if (mono_ms() >= next_tick) {
			next_tick = mono_ms() + TICK_MS;
			sample_stats(live, ui);
			tui_captures_stats(&caps, ui);
			reactions |= UI_REDRAW;
		}
		if (packets_pending && mono_ms() >= last_draw + PACKET_FRAME_MS) {
			reactions |= UI_REDRAW;
		}
		if (reactions & UI_REDRAW) {
			ui_draw(ui, be_live_model(live));
			last_draw = mono_ms();
			packets_pending = false;
		}
	}
	tui_captures_close_all(&caps);
	free(fds.v);
	ui_destroy(ui);
	return rc;
}
