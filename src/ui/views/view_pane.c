/* SPDX-License-Identifier: MIT */
/*
 * Drawing the packet panes side by side under the main view: a title with
 * the interface, namespace, filter, counts and state; the packets as
 * `tcpdump -n -l` lines coloured by protocol, or one packet's fields and hex.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "views.h"

static int class_attr(const struct ui *ui, enum nst_pkt_class c)
{
	switch (c) {
	case NST_PKT_ARP:
		return ui->attr[UI_ROLE_PORT];
	case NST_PKT_ICMP:
		return ui->attr[UI_ROLE_VETH];
	case NST_PKT_TCP:
		return ui->attr[UI_ROLE_UP];
	case NST_PKT_UDP:
		return (int)(ui->attr[UI_ROLE_NS] & ~A_BOLD);
	case NST_PKT_BAD:
		return ui->attr[UI_ROLE_WARN];
	case NST_PKT_OTHER:
		return ui->attr[UI_ROLE_DIM];
	default:
		return ui->attr[UI_ROLE_NORMAL];
	}
}

/* " vethD @ ns2 [PAUSED] | 12 captured, 0 dropped | filter: udp": the state before what may be clipped */
static void title(const struct ui *ui, const struct ui_pane *p, bool focused, int y, int x, int w)
{
	char buf[700], state[300] = "";

	if (p->ended[0]) {
		snprintf(state, sizeof(state), " [ENDED: %s]", p->ended);
	} else if (!p->capturing) {
		snprintf(state, sizeof(state), " [opening]");
	} else if (p->paused) {
		snprintf(state, sizeof(state), " [PAUSED]");
	}
	/* captured: what reached the ring (pcap's ps_recv also counts what the kernel dropped); the ring's
	 * count and byte bounds push the oldest out, said when they did so no one scrolls for them */
	char out[48] = "";
	if (p->ring.evicted) {
		snprintf(out, sizeof(out), ", %llu pushed out", (unsigned long long)p->ring.evicted);
	}
	snprintf(buf, sizeof(buf), " %s @ %s%s | %llu captured%s, %llu dropped | %s%s ", p->ifname, p->nsname, state,
		 (unsigned long long)(p->ring.next_seq - 1), out, (unsigned long long)p->dropped,
		 p->filter[0] ? "filter: " : "no filter", p->filter);
	int attr = focused ? ui->attr[UI_ROLE_HEADER] : (int)(ui->attr[UI_ROLE_DIM] | A_REVERSE);

	ui_fill(y, x, w, attr);
	ui_put(y, x, w, buf, attr);
}

static void draw_list(struct ui_pane *p, const struct ui *ui, bool focused, int y, int x, int h, int w)
{
	size_t n = ui_pane_shown(p);
	const struct nst_pkt *first = nst_pkt_ring_at(&p->ring, 0);
	char line[NST_PKT_TEXT + 32];

	p->rows = h;
	if (!n || !first) {
		const char *why = p->paused && p->ring.n ? "paused, and the packets held were pushed out of the ring by "
							   "newer ones (space resumes)"
				  : p->capturing ? "waiting for packets..." : "";
		ui_put(y, x + 1, w - 1, why, ui->attr[UI_ROLE_DIM]);
		return;
	}
	size_t cur = ui_pane_cursor(p, n);
	size_t top = p->top_seq >= first->seq ? (size_t)(p->top_seq - first->seq) : 0;
	if (!p->cursor_seq) {
		top = n > (size_t)h ? n - (size_t)h : 0; /* following: the newest at the bottom */
	}
	if (cur < top) {
		top = cur;
	}
	if (cur >= top + (size_t)h) {
		top = cur - (size_t)h + 1;
	}
	p->top_seq = first->seq + top;
	for (int row = 0; row < h && top + (size_t)row < n; row++) {
		const struct nst_pkt *k = nst_pkt_ring_at(&p->ring, top + (size_t)row);
		bool at_cursor = focused && top + (size_t)row == cur;
		int attr = at_cursor ? ui->attr[UI_ROLE_SELECT] : class_attr(ui, k->line.cls);

		nst_pkt_format(k->sec, k->usec, &k->line, line, sizeof(line));
		if (at_cursor) {
			ui_fill(y + row, x, w, attr);
		}
		/* the decode is ASCII: a byte offset is a column */
		size_t len = strlen(line), skip = (size_t)p->hscroll < len ? (size_t)p->hscroll : len;
		ui_put(y + row, x + 1, w - 1, line + skip, attr);
	}
}

static void draw_detail(struct ui_pane *p, const struct ui *ui, int y, int x, int h, int w)
{
	const struct nst_pkt *first = nst_pkt_ring_at(&p->ring, 0);
	const struct nst_pkt *k = first && p->cursor_seq >= first->seq
					  ? nst_pkt_ring_at(&p->ring, (size_t)(p->cursor_seq - first->seq)) : NULL;
	struct nst_pkt_field f[64];
	char buf[256], t[32];
	int line = 0;

	if (!k) {
		ui_put(y, x + 1, w - 1, "the packet is no longer kept (cleared or pushed out)", ui->attr[UI_ROLE_DIM]);
		return;
	}
	size_t nf = nst_pkt_fields(p->dlt, k->data, k->caplen, f, sizeof(f) / sizeof(f[0]));
	size_t hex_rows = (k->caplen + 15) / 16;
	int total = 2 + (int)nf + 1 + (int)hex_rows;
	if (p->detail_top > total - h) {
		p->detail_top = total - h > 0 ? total - h : 0;
	}
	/* line numbers: 0 summary, 1 blank, 2.. fields, blank, hex rows */
	for (int i = p->detail_top; i < total && line < h; i++, line++) {
		int attr = ui->attr[UI_ROLE_NORMAL];
		if (i == 0) {
			nst_pkt_time(k->sec, k->usec, t, sizeof(t));
			snprintf(buf, sizeof(buf), "#%llu  %s  %u of %u bytes  (Enter or Esc: back to the list)",
				 (unsigned long long)k->seq, t, k->caplen, k->wirelen);
			attr = ui->attr[UI_ROLE_KEY];
		} else if (i == 1 || i == 2 + (int)nf) {
			continue;
		} else if (i < 2 + (int)nf) {
			const struct nst_pkt_field *fd = &f[i - 2];
			if (fd->depth == 0) {
				snprintf(buf, sizeof(buf), "%s%s%s", fd->name, fd->value[0] ? "  " : "", fd->value);
				attr = ui->attr[UI_ROLE_NS];
			} else {
				snprintf(buf, sizeof(buf), "  %-18s %s", fd->name, fd->value);
			}
		} else {
			nst_pkt_hex_row(k->data, k->caplen, (size_t)(i - 3 - (int)nf) * 16, buf, sizeof(buf));
			attr = ui->attr[UI_ROLE_DIM];
		}
		ui_put(y + line, x + 1, w - 1, buf, attr);
	}
}

static void draw_prompt(const struct ui_pane *p, const struct ui *ui, int y, int x, int w)
{
	char buf[400];

	snprintf(buf, sizeof(buf), "%s %s", p->prompt == PANE_PROMPT_FILTER ? "filter (tcpdump syntax, empty: all):"
									     : "save as pcap file:", p->prompt_buf);
	ui_fill(y, x, w, ui->attr[UI_ROLE_KEY]);
	int used = ui_put(y, x + 1, w - 1, buf, ui->attr[UI_ROLE_KEY]);
	move(y, x + 1 + (used < w - 2 ? used : w - 2));
	curs_set(1);
}

void ui_panes_draw(struct ui *ui, int y, int h, int w)
{
	int n = ui_panes_count(ui), k = 0;

	for (int i = 0; i < UI_MAX_PANES && n; i++) {
		struct ui_pane *p = &ui->panes[i];
		if (!p->id) {
			continue;
		}
		/* side by side: equal widths, the last takes what is left */
		int pw = w / n, px = k * pw;
		if (k == n - 1) {
			pw = w - px;
		}
		bool focused = ui->focus == UI_FOCUS_PANE && ui->pane_focus == i;
		int body = h - 1 - (p->prompt != PANE_PROMPT_NONE);

		title(ui, p, focused, y, px, pw - (k < n - 1));
		if (p->detail) {
			draw_detail(p, ui, y + 1, px, body, pw - 1);
		} else {
			draw_list(p, ui, focused, y + 1, px, body, pw - 1);
		}
		if (p->prompt != PANE_PROMPT_NONE) {
			draw_prompt(p, ui, y + h - 1, px, pw - 1);
		}
		k++;
	}
}
