/* SPDX-License-Identifier: MIT */
/*
 * Captures for the packet panes. Each dispatch reads a bounded batch so a
 * flood cannot starve the keyboard: the loop comes back to poll() between
 * batches and the kernel buffer holds the rest.
 */
#include "tui_capture.h"

#include <stdio.h>
#include <string.h>

#include "capture.h"

#define BATCH 512 /* packets per capture per loop turn */

static int find(const struct tui_captures *tc, int id)
{
	for (size_t i = 0; i < tc->n; i++) {
		if (tc->v[i].id == id) {
			return (int)i;
		}
	}
	return -1;
}

static void drop(struct tui_captures *tc, size_t i)
{
	be_capture_close(tc->v[i].cap);
	tc->v[i] = tc->v[--tc->n];
}

static void open_capture(struct tui_captures *tc, struct be_live *live, struct ui *ui, const struct ui_pane_req *r)
{
	struct be_capture *cap = NULL;
	struct be_error err = { 0 };

	if (tc->n == UI_MAX_PANES || be_capture_open(live, r->ns, r->ifname, NULL, &cap, &err) < 0) {
		ui_pane_failed(ui, r->id, tc->n == UI_MAX_PANES ? "too many captures" : err.msg);
		return;
	}
	tc->v[tc->n].id = r->id;
	tc->v[tc->n].cap = cap;
	tc->n++;
	ui_pane_opened(ui, r->id, be_capture_dlt(cap));
}

static void save(struct ui *ui, const struct ui_pane_req *r)
{
	struct be_error err = { 0 };
	const struct nst_pkt_ring *ring = ui_pane_ring(ui, r->id);

	if (!ring) {
		return;
	}
	if (be_pcap_save(ring, ui_pane_dlt(ui, r->id), r->text, &err) < 0) {
		ui_set_status(ui, true, "packets: %s", err.msg);
	} else {
		ui_set_status(ui, false, "packets: %zu saved to %s", ring->n, r->text);
	}
}

void tui_captures_request(struct tui_captures *tc, struct be_live *live, struct ui *ui, const struct ui_pane_req *r)
{
	int i = find(tc, r->id);
	struct be_error err = { 0 };

	switch (r->kind) {
	case UI_PANE_REQ_OPEN:
		open_capture(tc, live, ui, r);
		break;
	case UI_PANE_REQ_CLOSE:
		if (i >= 0) {
			drop(tc, (size_t)i);
		}
		break;
	case UI_PANE_REQ_FILTER:
		if (i >= 0) {
			int rc = be_capture_set_filter(tc->v[i].cap, r->text, &err);
			ui_pane_filter_done(ui, r->id, r->text, rc < 0 ? err.msg : NULL);
		}
		break;
	case UI_PANE_REQ_SAVE:
		save(ui, r);
		break;
	}
}

size_t tui_captures_pollfds(const struct tui_captures *tc, struct pollfd *fds)
{
	for (size_t i = 0; i < tc->n; i++) {
		fds[i] = (struct pollfd){ .fd = be_capture_fd(tc->v[i].cap), .events = POLLIN };
	}
	return tc->n;
}

bool tui_captures_dispatch(struct tui_captures *tc, const struct pollfd *fds, struct ui *ui)
{
	bool changed = false;

	/* backwards: drop() moves the last entry into the hole */
	for (size_t k = tc->n; k-- > 0;) {
		struct nst_pkt_ring *ring = ui_pane_ring(ui, tc->v[k].id);
		struct be_error err = { 0 };

		if (!ring) { /* the pane went away */
			drop(tc, k);
			continue;
		}
		if (!fds[k].revents) {
			continue;
		}
		int n = be_capture_dispatch(tc->v[k].cap, ring, BATCH, NULL, NULL, &err);
		if (n < 0) {
			ui_pane_ended(ui, tc->v[k].id, err.msg);
			drop(tc, k);
		}
		changed = true;
	}
	return changed;
}

void tui_captures_check(struct tui_captures *tc, struct ui *ui, const struct nst_model *m)
{
	int ids[UI_MAX_PANES], ifindex[UI_MAX_PANES];
	struct nst_ns_id ns[UI_MAX_PANES];
	size_t n = ui_pane_list(ui, ids, ns, ifindex, UI_MAX_PANES);

	for (size_t i = 0; i < n; i++) {
		const struct nst_ns *home = nst_model_find_ns_id(m, ns[i]);
		int k = find(tc, ids[i]);

		if (k >= 0 && (!home || !nst_ns_find_link(home, ifindex[i]))) {
			ui_pane_ended(ui, ids[i], home ? "the interface is gone (deleted or moved to another namespace)"
						       : "its namespace is gone");
			drop(tc, (size_t)k);
		}
	}
}

void tui_captures_stats(struct tui_captures *tc, struct ui *ui)
{
	for (size_t i = 0; i < tc->n; i++) {
		struct be_capture_stats st;
		if (be_capture_stats(tc->v[i].cap, &st) == 0) {
			ui_pane_set_dropped(ui, tc->v[i].id, st.dropped);
		}
	}
}

void tui_captures_close_all(struct tui_captures *tc)
{
	while (tc->n) {
		drop(tc, tc->n - 1);
	}
}
