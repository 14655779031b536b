/* SPDX-License-Identifier: MIT */
/*
 * Packet pane state: the requests (queued as actions) the loop turns into
 * libpcap calls, its replies, and which packets a pane shows. Keys live in input/pane_keys.c,
 * drawing in views/view_pane.c.
 */
#include <stdio.h>
#include <string.h>

#include "ui_state.h"

struct ui_pane *ui_pane_by_id(struct ui *ui, int id)
{
	for (int i = 0; i < UI_MAX_PANES; i++) {
		if (ui->panes[i].id == id && id) {
			return &ui->panes[i];
		}
	}
	return NULL;
}

void ui_pane_request(struct ui *ui, enum ui_pane_req_kind kind, const struct ui_pane *p, const char *text)
{
	struct ui_pane_req r = { .kind = kind, .id = p->id, .ns = p->ns };

	snprintf(r.ifname, sizeof(r.ifname), "%s", p->ifname);
	snprintf(r.text, sizeof(r.text), "%s", text ? text : "");
	ui_actions_pane(&ui->actions, &r);
}

int ui_panes_count(const struct ui *ui)
{
	int n = 0;

	for (int i = 0; i < UI_MAX_PANES; i++) {
		n += ui->panes[i].id != 0;
	}
	return n;
}

void ui_pane_free(struct ui *ui, struct ui_pane *p)
{
	nst_pkt_ring_finish(&p->ring);
	memset(p, 0, sizeof(*p));
	if (ui->focus == UI_FOCUS_PANE && ui_panes_count(ui) == 0) {
		ui->focus = UI_FOCUS_MAIN;
	}
}

void ui_panes_finish(struct ui *ui)
{
	for (int i = 0; i < UI_MAX_PANES; i++) {
		if (ui->panes[i].id) {
			ui_pane_free(ui, &ui->panes[i]);
		}
	}
}

struct nst_pkt_ring *ui_pane_ring(struct ui *ui, int id)
{
	struct ui_pane *p = ui_pane_by_id(ui, id);
	return p ? &p->ring : NULL;
}

void ui_pane_opened(struct ui *ui, int id, int dlt)
{
	struct ui_pane *p = ui_pane_by_id(ui, id);

	if (p) {
		p->capturing = true;
		p->dlt = dlt;
	}
}

void ui_pane_failed(struct ui *ui, int id, const char *why)
{
	struct ui_pane *p = ui_pane_by_id(ui, id);

	ui_set_status(ui, true, "packets: %s", why);
	if (p) {
		ui_pane_free(ui, p);
	}
}

void ui_pane_ended(struct ui *ui, int id, const char *why)
{
	struct ui_pane *p = ui_pane_by_id(ui, id);

	if (p) {
		p->capturing = false;
		snprintf(p->ended, sizeof(p->ended), "%s", why);
		ui_set_status(ui, true, "packets on %s in %s: %s", p->ifname, p->nsname, why);
	}
}

void ui_pane_filter_done(struct ui *ui, int id, const char *filter, const char *error)
{
	struct ui_pane *p = ui_pane_by_id(ui, id);

	if (error) {
		ui_set_status(ui, true, "%s (the old filter stays)", error);
	} else if (p) {
		snprintf(p->filter, sizeof(p->filter), "%s", filter);
		ui_set_status(ui, false, "packets on %s: filter %s", p->ifname, *filter ? filter : "cleared");
	}
}

void ui_pane_set_dropped(struct ui *ui, int id, uint64_t dropped)
{
	struct ui_pane *p = ui_pane_by_id(ui, id);

	if (p) {
		p->dropped = dropped;
	}
}

int ui_pane_dlt(const struct ui *ui, int id)
{
	for (int i = 0; i < UI_MAX_PANES; i++) {
		if (ui->panes[i].id == id && id) {
			return ui->panes[i].dlt;
		}
	}
	return 0;
}

size_t ui_pane_list(const struct ui *ui, int *ids, struct nst_ns_id *ns, int *ifindex, size_t max)
{
	size_t n = 0;

	for (int i = 0; i < UI_MAX_PANES && n < max; i++) {
		const struct ui_pane *p = &ui->panes[i];
		if (p->id && p->capturing) {
			ids[n] = p->id;
			ns[n] = p->ns;
			ifindex[n] = p->ifindex;
			n++;
		}
	}
	return n;
}

/* The packets shown: all kept ones, or while paused those up to the pause. */
size_t ui_pane_shown(const struct ui_pane *p)
{
	const struct nst_pkt *first = nst_pkt_ring_at(&p->ring, 0);

	if (!first) {
		return 0;
	}
	if (p->paused) {
		return p->paused_seq >= first->seq ? (size_t)(p->paused_seq - first->seq + 1) : 0;
	}
	return p->ring.n;
}

/*
 * Index of the cursor among the n packets shown: the newest when following;
 * the oldest kept when its packet was pushed out of the ring meanwhile.
 */
size_t ui_pane_cursor(const struct ui_pane *p, size_t n)
{
	const struct nst_pkt *first = nst_pkt_ring_at(&p->ring, 0);

	if (!n || !first || !p->cursor_seq) {
		return n ? n - 1 : 0;
	}
	if (p->cursor_seq < first->seq) {
		return 0;
	}
	return p->cursor_seq - first->seq < n ? (size_t)(p->cursor_seq - first->seq) : n - 1;
}
