/* SPDX-License-Identifier: MIT */
/*
 * Packet pane keys: opening one with `p` on a link, the keys inside a pane
 * (filter, pause, scroll, detail, clear, save, close), turned into requests
 * (pane_state.c) the loop makes libpcap calls of. Pausing freezes the view
 * while the capture keeps filling the ring.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "input.h"


int ui_pane_open_key(struct ui *ui, const struct nst_model *m)
{
	const struct nst_ns *ns = ui->have_sel ? ui_sel_find_ns(m, &ui->sel) : NULL;
	const struct nst_link *l = ui->have_sel ? ui_sel_find_link(m, &ui->sel) : NULL;
	int free_slot = -1;

	if (!l) {
		ui_set_status(ui, true, "packets: select a link first");
		return UI_REDRAW;
	}
	for (int i = 0; i < UI_MAX_PANES; i++) {
		struct ui_pane *p = &ui->panes[i];
		if (p->id && nst_ns_id_eq(p->ns, ns->id) && p->ifindex == l->ifindex && p->capturing) {
			ui->focus = UI_FOCUS_PANE; /* already open: go there */
			ui->pane_focus = i;
			return UI_REDRAW;
		}
		if (!p->id && free_slot < 0) {
			free_slot = i;
		}
	}
	if (free_slot < 0) {
		ui_set_status(ui, true, "packets: at most %d panes; close one with x", UI_MAX_PANES);
		return UI_REDRAW;
	}
	struct ui_pane *p = &ui->panes[free_slot];
	memset(p, 0, sizeof(*p));
	p->id = ++ui->next_pane_id;
	p->ns = ns->id;
	p->ifindex = l->ifindex;
	snprintf(p->ifname, sizeof(p->ifname), "%s", l->name);
	snprintf(p->nsname, sizeof(p->nsname), "%s", nst_ns_display(ns)); /* its title and status: for a person */
	nst_pkt_ring_init(&p->ring, NST_PKT_RING_DEFAULT);
	ui->focus = UI_FOCUS_PANE;
	ui->pane_focus = free_slot;
	ui_pane_request(ui, UI_PANE_REQ_OPEN, p, NULL);
	return UI_REDRAW;
}

void ui_focus_next(struct ui *ui)
{
	int from = ui->focus == UI_FOCUS_MAIN ? -2 : ui->focus == UI_FOCUS_DETAILS ? -1 : ui->pane_focus;

	if (from == -2 && ui->details_open) {
		ui->focus = UI_FOCUS_DETAILS;
		return;
	}
	for (int i = from < 0 ? 0 : from + 1; i < UI_MAX_PANES; i++) {
		if (ui->panes[i].id) {
			ui->focus = UI_FOCUS_PANE;
			ui->pane_focus = i;
			return;
		}
	}
	ui->focus = UI_FOCUS_MAIN;
}

/* ---- replies from the loop ---- */

/* ---- keys inside a pane ---- */

static uint64_t seq_at(const struct ui_pane *p, size_t i)
{
	const struct nst_pkt *k = nst_pkt_ring_at(&p->ring, i);
	return k ? k->seq : 0;
}

/* Move the cursor by delta packets; landing on the newest follows again. */
static void move_cursor(struct ui_pane *p, long delta)
{
	size_t n = ui_pane_shown(p);

	if (!n) {
		return;
	}
	long cur = (long)ui_pane_cursor(p, n) + delta;
	cur = cur < 0 ? 0 : cur >= (long)n ? (long)n - 1 : cur;
	p->cursor_seq = cur == (long)n - 1 && !p->paused ? 0 : seq_at(p, (size_t)cur);
}

static int prompt_key(struct ui *ui, struct ui_pane *p, int ch)
{
	switch (ch) {
	case KEY_ESC:
		p->prompt = PANE_PROMPT_NONE;
		return UI_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER: {
		int kind = p->prompt == PANE_PROMPT_FILTER ? UI_PANE_REQ_FILTER : UI_PANE_REQ_SAVE;
		p->prompt = PANE_PROMPT_NONE;
		if (kind == UI_PANE_REQ_FILTER && !p->capturing) {
			ui_set_status(ui, true, "packets: the capture has ended; nothing to filter");
			return UI_REDRAW;
		}
		char msg[160];
		if (!ui_line_check(p->prompt_buf, msg, sizeof(msg))) {
			ui_set_status(ui, true, "packets: %s", msg);
			return UI_REDRAW;
		}
		if (kind == UI_PANE_REQ_SAVE && !p->prompt_buf[0]) {
			ui_set_status(ui, true, "packets: no file name, nothing saved");
			return UI_REDRAW;
		}
		ui_pane_request(ui, (enum ui_pane_req_kind)kind, p, p->prompt_buf);
		return UI_REDRAW;
	}
	default: {
		char msg[160];

		if (ui_line_edit(p->prompt_buf, sizeof(p->prompt_buf), ch, msg, sizeof(msg)) < 0) {
			ui_set_status(ui, true, "packets: %s", msg);
		}
		return UI_REDRAW;
	}
	}
}

static void close_pane(struct ui *ui, struct ui_pane *p)
{
	if (p->capturing) {
		ui_pane_request(ui, UI_PANE_REQ_CLOSE, p, NULL);
	}
	ui_pane_free(ui, p);
	ui_focus_next(ui);
	if (ui->focus == UI_FOCUS_DETAILS) {
		ui->focus = UI_FOCUS_MAIN;
	}
}

int ui_pane_key(struct ui *ui, int ch)
{
	struct ui_pane *p = &ui->panes[ui->pane_focus];
	int page = p->rows > 1 ? p->rows - 1 : 1;

	if (!p->id) {
		ui->focus = UI_FOCUS_MAIN;
		return -1;
	}
	if (p->prompt != PANE_PROMPT_NONE) {
		return prompt_key(ui, p, ch);
	}
	switch (ch) {
	case 'x':
	case KEY_ESC:
		if (p->detail) {
			p->detail = false;
			return UI_REDRAW;
		}
		close_pane(ui, p);
		return UI_REDRAW;
	case 'F':
		p->prompt = PANE_PROMPT_FILTER;
		memcpy(p->prompt_buf, p->filter, sizeof(p->prompt_buf)); /* same size, both terminated */
		return UI_REDRAW;
	case 'w': {
		p->prompt = PANE_PROMPT_SAVE;
		char path[sizeof(p->prompt_buf)];
		snprintf(path, sizeof(path), "/tmp/nstop-%s.pcap", p->ifname);
		memcpy(p->prompt_buf, path, sizeof(path));
		return UI_REDRAW;
	}
	case ' ':
		p->paused = !p->paused;
		if (p->paused) {
			const struct nst_pkt *last = nst_pkt_ring_at(&p->ring, p->ring.n ? p->ring.n - 1 : 0);
			p->paused_seq = last ? last->seq : p->ring.next_seq - 1;
		} else if (p->cursor_seq && p->cursor_seq >= p->paused_seq) {
			p->cursor_seq = 0; /* was at the newest: follow again */
		}
		return UI_REDRAW;
	case 'c':
		nst_pkt_ring_clear(&p->ring);
		p->cursor_seq = p->top_seq = 0;
		p->paused_seq = p->ring.next_seq - 1;
		p->detail = false;
		return UI_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (ui_pane_shown(p)) {
			if (!p->cursor_seq) {
				p->cursor_seq = seq_at(p, ui_pane_shown(p) - 1); /* hold still while looking at it */
			}
			p->detail = !p->detail;
			p->detail_top = 0;
		}
		return UI_REDRAW;
	case 'j':
	case KEY_DOWN:
		if (p->detail) {
			p->detail_top++;
		} else {
			move_cursor(p, 1);
		}
		return UI_REDRAW;
	case 'k':
	case KEY_UP:
		if (p->detail) {
			p->detail_top = p->detail_top > 0 ? p->detail_top - 1 : 0;
		} else {
			move_cursor(p, -1);
		}
		return UI_REDRAW;
	case KEY_NPAGE:
		if (p->detail) {
			p->detail_top += page;
		} else {
			move_cursor(p, page);
		}
		return UI_REDRAW;
	case KEY_PPAGE:
		if (p->detail) {
			p->detail_top = p->detail_top > page ? p->detail_top - page : 0;
		} else {
			move_cursor(p, -page);
		}
		return UI_REDRAW;
	case 'g':
	case KEY_HOME:
		if (p->detail) {
			p->detail_top = 0;
			return UI_REDRAW;
		}
		move_cursor(p, -(long)NST_PKT_RING_DEFAULT * 2);
		return UI_REDRAW;
	case 'h':
	case KEY_LEFT:
		p->hscroll = p->hscroll > 8 ? p->hscroll - 8 : 0;
		return UI_REDRAW;
	case 'l':
	case KEY_RIGHT:
		p->hscroll = p->hscroll + 8 < NST_PKT_TEXT ? p->hscroll + 8 : p->hscroll;
		return UI_REDRAW;
	case 'G':
	case KEY_END:
		if (p->detail) {
			p->detail_top = 1 << 20; /* the draw clamps it to the last page: the hex */
			return UI_REDRAW;
		}
		p->cursor_seq = 0;
		move_cursor(p, 0);
		return UI_REDRAW;
	default:
		return -1;
	}
}
