/* SPDX-License-Identifier: MIT */
/* The loop's side of the packet panes: the captures behind them, in the one poll(). */
#pragma once
#include <poll.h>
#include <stdbool.h>

#include "live.h"
#include "ui.h"

struct be_capture;

struct tui_captures {
	struct {
		int id; /* the pane's id */
		struct be_capture *cap;
	} v[UI_MAX_PANES];
	size_t n;
};

/* Carry out what a pane asked for (open, filter, save, close) and reply to the UI. */
void tui_captures_request(struct tui_captures *tc, struct be_live *live, struct ui *ui, const struct ui_pane_req *r);
/* Put each capture's fd into fds (room for tc->n); returns how many. */
size_t tui_captures_pollfds(const struct tui_captures *tc, struct pollfd *fds);
/* Read what is ready into the panes' rings; true when packets arrived or a capture ended. */
bool tui_captures_dispatch(struct tui_captures *tc, const struct pollfd *fds, struct ui *ui);
/* End captures whose link is gone from the model (deleted, moved, namespace gone). */
void tui_captures_check(struct tui_captures *tc, struct ui *ui, const struct nst_model *m);
/* Kernel drops (pcap_stats) into the pane titles (once a second). */
void tui_captures_stats(struct tui_captures *tc, struct ui *ui);
void tui_captures_close_all(struct tui_captures *tc);
