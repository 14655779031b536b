/* SPDX-License-Identifier: MIT */
/*
 * `e`: the explain form on a namespace or a link — the destination picked with
 * Left/Right from every other namespace's addresses (or typed), the protocol
 * and the port — and the keys of the explanation pane. Enter checks every
 * field and queues the probe by identities (UI_ACT_EXPLAIN); the loop walks it.
 */
#include <arpa/inet.h>
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "quote.h"
#include "reach.h"
#include "xalloc.h"

static bool offered(const struct nst_addr *a)
{
	if (a->family == AF_INET) {
		return a->bytes[0] != 127 && !(a->bytes[0] == 169 && a->bytes[1] == 254);
	}
	static const uint8_t loop6[16] = { [15] = 1 };
	return a->family == AF_INET6 && memcmp(a->bytes, loop6, 16) != 0 &&
	       !(a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80);
}

/* Each usable address of ns's links as a choice of field, labelled "ns:link addr" (or "link addr"). */
static void offer_addrs(struct ui_form *f, enum nst_field field, const struct nst_ns *ns, bool with_ns)
{
	char addr[NST_ADDR_STRLEN], label[400];

	for (size_t k = 0; k < ns->n_links; k++) {
		const struct nst_link *l = &ns->links[k];

		for (size_t i = 0; i < l->n_addrs; i++) {
			if (!offered(&l->addrs[i])) {
				continue;
			}
			nst_addr_format(&l->addrs[i], false, addr, sizeof(addr));
			if (with_ns) {
				snprintf(label, sizeof(label), "%s:%s  %s", nst_ns_display(ns), l->name, addr);
			} else {
				snprintf(label, sizeof(label), "%s  %s", l->name, addr);
			}
			ui_form_add_choice(f, field, addr, label);
		}
	}
}

int ui_explain_open_key(struct ui *ui, const struct nst_model *m)
{
	static const struct ui_form_field fields[] = {
		{ NST_F_DADDR, "destination" },
		{ NST_F_PROTO, "protocol" },
		{ NST_F_PORT, "port (tcp/udp)" },
		{ NST_F_SRC, "source (opt.)" },
	};
	const struct nst_ns *ns = ui->have_sel ? ui_sel_find_ns(m, &ui->sel) : NULL;
	struct ui_form *f = &ui->form;
	struct nst_op op;

	if (!ns || (ui->sel.kind != UI_SEL_NS && ui->sel.kind != UI_SEL_LINK)) {
		ui_set_status(ui, true, "explain: select a namespace or a link first");
		return UI_REDRAW;
	}
	nst_op_init(&op, NST_OP_NS_ADD); /* only its text fields are used: nothing is applied */
	nst_op_set(&op, NST_F_NS, ns->name);
	nst_op_set(&op, NST_F_PROTO, "icmp");
	ui_form_open(f, "explain", &op, fields, 4);
	f->explain = true;
	f->from = ns->id;
	snprintf(f->title_buf, sizeof(f->title_buf), "explain: can %s reach...", nst_ns_display(ns));
	f->title = f->title_buf;
	ui_form_add_choice(f, NST_F_PROTO, "icmp", "icmp (ping)");
	ui_form_add_choice(f, NST_F_PROTO, "tcp", "tcp (connect)");
	ui_form_add_choice(f, NST_F_PROTO, "udp", "udp (a datagram)");
	for (size_t n = 0; n < m->n_ns; n++) {
		if (!nst_ns_id_eq(m->ns[n].id, ns->id)) {
			offer_addrs(f, NST_F_DADDR, &m->ns[n], true);
		}
	}
	ui_form_add_choice(f, NST_F_SRC, "", "(the kernel's choice)");
	offer_addrs(f, NST_F_SRC, ns, false);
	return UI_REDRAW;
}

static int refuse(struct ui_form *f, enum nst_field field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The message next to field, and the focus there: the fix is one keystroke away. */
static int refuse(struct ui_form *f, enum nst_field field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->error.msg, sizeof(f->error.msg), fmt, ap);
	va_end(ap);
	f->error.field = field;
	for (int i = 0; i < f->n_fields; i++) {
		if (f->fields[i].field == field) {
			f->focus = i;
		}
	}
	return UI_REDRAW;
}

/* A typed value in a message: what the terminal can show, cut short. */
static const char *said(const char *s, char *buf, size_t len)
{
	return nst_term_str(s, buf, len);
}

static int parse_addr(const char *s, uint8_t *bytes)
{
	if (inet_pton(AF_INET, s, bytes) == 1) {
		return AF_INET;
	}
	if (inet_pton(AF_INET6, s, bytes) == 1) {
		return AF_INET6;
	}
	return 0;
}

int ui_explain_submit(struct ui *ui, const struct nst_model *m)
{
	struct ui_form *f = &ui->form;
	struct ui_explain_req req = { .port = -1 };
	const char *dst = f->op.f[NST_F_DADDR], *proto = f->op.f[NST_F_PROTO], *port = f->op.f[NST_F_PORT];
	const char *src = f->op.f[NST_F_SRC];
	long long n;
	char b[96];

	f->error.field = NST_F_NONE;
	f->error.msg[0] = '\0';
	if (!nst_model_find_ns_id(m, f->from)) {
		snprintf(f->error.msg, sizeof(f->error.msg), "the namespace is gone; Esc closes the form");
		return UI_REDRAW;
	}
	req.from = f->from;
	if (!dst[0]) {
		return refuse(f, NST_F_DADDR, "pick a destination with Left/Right, or type an address");
	}
	if (!(req.family = parse_addr(dst, req.dst))) {
		return refuse(f, NST_F_DADDR, "'%s' is not an IPv4 or IPv6 address", said(dst, b, sizeof(b)));
	}
	if (!proto[0] || strcmp(proto, "icmp") == 0) {
		req.proto = NST_PROTO_ICMP;
	} else if (strcmp(proto, "tcp") == 0) {
		req.proto = NST_PROTO_TCP;
	} else if (strcmp(proto, "udp") == 0) {
		req.proto = NST_PROTO_UDP;
	} else {
		return refuse(f, NST_F_PROTO, "protocol is icmp, tcp or udp, not '%s'", said(proto, b, sizeof(b)));
	}
	if (req.proto == NST_PROTO_ICMP && port[0]) {
		return refuse(f, NST_F_PORT, "icmp has no port: leave it empty (or pick tcp/udp)");
	}
	if (req.proto != NST_PROTO_ICMP) {
		if (!port[0]) {
			return refuse(f, NST_F_PORT, "tcp and udp want a port, 1 to 65535");
		}
		if (!nst_parse_long(port, 1, 65535, &n)) {
			return refuse(f, NST_F_PORT, "port is 1 to 65535, not '%s'", said(port, b, sizeof(b)));
		}
		req.port = (int)n;
	}
	if (src[0]) {
		if (parse_addr(src, req.src) != req.family) {
			return refuse(f, NST_F_SRC, "'%s' is not an %s address (the destination is %s)",
				      said(src, b, sizeof(b)), req.family == AF_INET ? "IPv4" : "IPv6",
				      req.family == AF_INET ? "IPv4" : "IPv6");
		}
		req.has_src = true;
	}
	f->open = false;
	ui_explain_request(ui, &req);
	return UI_REDRAW;
}

/* `P`: the same question again, and a real packet sent along the path to confirm the answer. */
static int probe_key(struct ui *ui)
{
	struct ui_explain *e = &ui->explain;

	if (e->pending) {
		return UI_REDRAW; /* the answer is not in yet: nothing to confirm */
	}
	if (ui->read_only[0]) {
		char *line = xasprintf("P: no probe in read-only mode (%s)", ui->read_only);
		ui_explain_append(ui, e->id, line);
		free(line);
		return UI_REDRAW;
	}
	struct ui_explain_req req = e->req;
	req.probe = true;
	ui_explain_request(ui, &req);
	return UI_REDRAW;
}

static int page(const struct ui_explain *e)
{
	return e->rows > 2 ? e->rows - 1 : 1;
}

int ui_explain_key(struct ui *ui, int ch)
{
	struct ui_explain *e = &ui->explain;
	int last = (int)e->n_lines - page(e) - 1; /* the top that shows the last line at the bottom */

	if (!e->open) {
		return -1;
	}
	switch (ch) {
	case KEY_ESC:
	case 'q':
		ui_explain_close(ui);
		return UI_REDRAW | UI_WANT_STATS;
	case 'j':
	case KEY_DOWN:
		e->top++;
		break;
	case 'k':
	case KEY_UP:
		e->top--;
		break;
	case KEY_NPAGE:
	case ' ':
		e->top += page(e);
		break;
	case KEY_PPAGE:
		e->top -= page(e);
		break;
	case 'g':
	case KEY_HOME:
		e->top = 0;
		break;
	case 'G':
	case KEY_END:
		e->top = last;
		break;
	case 'P':
		return probe_key(ui);
	default:
		return -1;
	}
	e->top = e->top > last ? last : e->top;
	e->top = e->top < 0 ? 0 : e->top;
	return UI_REDRAW;
}
