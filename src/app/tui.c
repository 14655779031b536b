/* SPDX-License-Identifier: MIT */
/*
 * The TUI loop: stdin, every backend fd and a one-second tick in one
 * poll(). Keys become UI reactions; backend changes redraw and show the
 * latest change in the status line; the tick samples counters for the
 * namespaces on screen and redraws the clock and rates.
 */
#include "tui.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "loop.h"
#include "tui_capture.h"

#define TICK_MS 1000
#define PACKET_FRAME_MS 50 /* packets redraw at most this often: a flood must not become a draw loop */

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static bool wants_stats(void *ctx, const struct nst_ns *ns)
{
	return ui_wants_stats(ctx, ns);
}

static void show_change(void *ctx, const struct nst_change *c)
{
	ui_set_status(ctx, false, "[%s] %s", c->ns, c->text);
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

/* The loop's side of an edit: apply the UI's pending op, log the outcome. */
static void apply_pending(struct be_live *live, struct ui *ui)
{
	struct be_error err = { 0 };
	const struct nst_op *op = ui_pending_op(ui);
	bool ok = be_live_apply(live, op, &err) == 0;

	ui_log_result(ui, be_live_model(live), op, ok, ok ? NULL : err.msg);
}

static void save_log(struct ui *ui)
{
	char *script = ui_log_script(ui);
	const char *path = ui_save_path(ui);
	struct be_error err = { 0 };

	/* a new file only (no overwrite, no symlink), executable once whole */
	if (be_write_new_file(path, script, strlen(script), 0755, &err) < 0) {
		ui_set_status(ui, true, "%s", err.msg);
	} else {
		ui_set_status(ui, false, "action log saved as %s", path);
	}
	free(script);
}

int tui_run(struct be_live *live, const struct ui_options *opt)
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
	}
	report_unreadable(ui, be_live_model(live));
	ui_draw(ui, be_live_model(live));
	uint64_t next_tick = mono_ms() + TICK_MS, last_draw = mono_ms();
	struct tui_captures caps = { 0 };
	bool packets_pending = false;

	while (!loop_should_stop()) {
		uint64_t now = mono_ms();
		int tick_in = next_tick > now ? (int)(next_tick - now) : 0;
		if (packets_pending) {
			int frame_in = last_draw + PACKET_FRAME_MS > now ? (int)(last_draw + PACKET_FRAME_MS - now) : 0;
			tick_in = frame_in < tick_in ? frame_in : tick_in;
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
			reactions |= ui_handle_input(ui, be_live_model(live));
		}
		if (fds.v[0].revents & (POLLHUP | POLLERR)) {
			break; /* the terminal went away */
		}
		if (reactions & UI_QUIT) {
			break;
		}
		if (reactions & UI_APPLY) {
			apply_pending(live, ui);
		}
		if (reactions & UI_SAVE_LOG) {
			save_log(ui);
		}
		/* dispatch before the requests change the captures: fds.v[1..] are in their order
		 * (a pane a key just closed has no ring any more, and dispatch drops its capture) */
		if (n > 0 && tui_captures_dispatch(&caps, fds.v + 1, ui)) {
			packets_pending = true;
		}
		tui_captures_requests(&caps, live, ui);
		if (be_live_dispatch(live, fds.v + extra, fds.n - extra, show_change, ui)) {
			tui_captures_check(&caps, ui, be_live_model(live));
			reactions |= UI_REDRAW;
		}
		if (reactions & UI_WANT_STATS) {
			/* Draw first: what is on screen decides which namespaces get counters. */
			ui_draw(ui, be_live_model(live));
			be_live_sample_stats(live, wants_stats, ui);
		}
		if (mono_ms() >= next_tick) {
			next_tick = mono_ms() + TICK_MS;
			be_live_sample_stats(live, wants_stats, ui);
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
