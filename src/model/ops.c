/* SPDX-License-Identifier: MIT */
/* Edit ops: construction and the iproute2 commands each one equals. */
#include "ops.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *nst_op_kind_name(enum nst_op_kind kind)
{
	static const char *const names[] = {
		[NST_OP_NS_ADD] = "add namespace",      [NST_OP_NS_DEL] = "delete namespace",
		[NST_OP_VETH_ADD] = "add veth pair",    [NST_OP_BRIDGE_ADD] = "add bridge",
		[NST_OP_LINK_DEL] = "delete link",      [NST_OP_LINK_UP] = "set link up",
		[NST_OP_LINK_DOWN] = "set link down",   [NST_OP_LINK_MOVE] = "move link",
		[NST_OP_LINK_MASTER] = "attach to bridge", [NST_OP_LINK_NOMASTER] = "detach from bridge",
		[NST_OP_ADDR_ADD] = "add address",      [NST_OP_ADDR_DEL] = "delete address",
		[NST_OP_ROUTE_ADD] = "add route",       [NST_OP_ROUTE_DEL] = "delete route",
	};
	return (size_t)kind < sizeof(names) / sizeof(names[0]) && names[kind] ? names[kind] : "edit";
}

void nst_op_init(struct nst_op *op, enum nst_op_kind kind)
{
	memset(op, 0, sizeof(*op));
	op->kind = kind;
}

void nst_op_set(struct nst_op *op, enum nst_field f, const char *text)
{
	if (f > NST_F_NONE && f < NST_F_COUNT) {
		snprintf(op->f[f], sizeof(op->f[f]), "%s", text ? text : "");
	}
}

bool nst_op_flag(const struct nst_op *op, enum nst_field f)
{
	const char *s = op->f[f];
	return strcmp(s, "y") == 0 || strcmp(s, "yes") == 0 || strcmp(s, "1") == 0 || strcmp(s, "on") == 0;
}

/* Shell-safe word: as is when plain, else single-quoted. */
static const char *q(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	if (*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:/@+-=,%") == strlen(s)) {
		return s;
	}
	buf[n++] = '\'';
	for (; *s && n + 5 < len; s++) {
		if (*s == '\'') {
			memcpy(buf + n, "'\\''", 4);
			n += 4;
		} else {
			buf[n++] = *s;
		}
	}
	buf[n++] = '\'';
	buf[n] = '\0';
	return buf;
}

struct out {
	char *buf;
	size_t len, used;
};

static void line(struct out *o, const char *ns, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* "ip [-n NS] <rest>\n"; '/' is nstop's own namespace, reached without -n. */
static void line(struct out *o, const char *ns, const char *fmt, ...)
{
	char nsq[2 * NST_OP_TEXT + 8];
	va_list ap;
	int n;

	if (o->used >= o->len) {
		return;
	}
	if (ns && strcmp(ns, "/") != 0) {
		n = snprintf(o->buf + o->used, o->len - o->used, "ip -n %s ", q(ns, nsq, sizeof(nsq)));
	} else {
		n = snprintf(o->buf + o->used, o->len - o->used, "ip ");
	}
	o->used += n > 0 ? (size_t)n : 0;
	if (o->used >= o->len) {
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
	va_end(ap);
	o->used += n > 0 ? (size_t)n : 0;
	if (o->used + 1 < o->len) {
		o->buf[o->used++] = '\n';
		o->buf[o->used] = '\0';
	}
}

/* `netns` argument for a target namespace: '/' (nstop's own) is pid 1's here. */
static const char *netns_arg(const char *ns, char *buf, size_t len)
{
	return strcmp(ns, "/") == 0 ? "1" : q(ns, buf, len);
}

void nst_op_commands(const struct nst_op *op, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	char a[2 * NST_OP_TEXT + 8], b[2 * NST_OP_TEXT + 8], c[2 * NST_OP_TEXT + 8];
	const char *ns = op->f[NST_F_NS], *name = op->f[NST_F_NAME];
	bool up = nst_op_flag(op, NST_F_UP);

	if (len) {
		buf[0] = '\0';
	}
	switch (op->kind) {
	case NST_OP_NS_ADD:
		line(&o, NULL, "netns add %s", q(name, a, sizeof(a)));
		if (up) {
			line(&o, name, "link set lo up");
		}
		break;
	case NST_OP_NS_DEL:
		line(&o, NULL, "netns delete %s", q(ns, a, sizeof(a)));
		break;
	case NST_OP_VETH_ADD: {
		const char *pns = op->f[NST_F_PEER_NS], *peer = op->f[NST_F_PEER];
		if (strcmp(pns, ns) == 0) {
			line(&o, ns, "link add %s type veth peer name %s", q(name, a, sizeof(a)), q(peer, b, sizeof(b)));
		} else {
			line(&o, ns, "link add %s type veth peer name %s netns %s", q(name, a, sizeof(a)),
			     q(peer, b, sizeof(b)), netns_arg(pns, c, sizeof(c)));
		}
		if (op->f[NST_F_ADDR][0]) {
			line(&o, ns, "addr add %s dev %s", op->f[NST_F_ADDR], q(name, a, sizeof(a)));
		}
		if (op->f[NST_F_PEER_ADDR][0]) {
			line(&o, pns, "addr add %s dev %s", op->f[NST_F_PEER_ADDR], q(peer, b, sizeof(b)));
		}
		if (up) {
			line(&o, ns, "link set %s up", q(name, a, sizeof(a)));
			line(&o, pns, "link set %s up", q(peer, b, sizeof(b)));
		}
		break;
	}
	case NST_OP_BRIDGE_ADD:
		line(&o, ns, "link add %s type bridge", q(name, a, sizeof(a)));
		if (op->f[NST_F_ADDR][0]) {
			line(&o, ns, "addr add %s dev %s", op->f[NST_F_ADDR], q(name, a, sizeof(a)));
		}
		if (up) {
			line(&o, ns, "link set %s up", q(name, a, sizeof(a)));
		}
		break;
	case NST_OP_LINK_DEL:
		line(&o, ns, "link delete %s", q(name, a, sizeof(a)));
		break;
	case NST_OP_LINK_UP:
	case NST_OP_LINK_DOWN:
		line(&o, ns, "link set %s %s", q(name, a, sizeof(a)), op->kind == NST_OP_LINK_UP ? "up" : "down");
		break;
	case NST_OP_LINK_MOVE:
		line(&o, ns, "link set %s netns %s", q(name, a, sizeof(a)), netns_arg(op->f[NST_F_PEER_NS], b, sizeof(b)));
		break;
	case NST_OP_LINK_MASTER:
		line(&o, ns, "link set %s master %s", q(name, a, sizeof(a)), q(op->f[NST_F_PEER], b, sizeof(b)));
		break;
	case NST_OP_LINK_NOMASTER:
		line(&o, ns, "link set %s nomaster", q(name, a, sizeof(a)));
		break;
	case NST_OP_ADDR_ADD:
	case NST_OP_ADDR_DEL:
		line(&o, ns, "addr %s %s dev %s", op->kind == NST_OP_ADDR_ADD ? "add" : "del", op->f[NST_F_ADDR],
		     q(name, a, sizeof(a)));
		break;
	case NST_OP_ROUTE_ADD:
	case NST_OP_ROUTE_DEL: {
		char rest[2 * NST_OP_TEXT + 64] = "";
		if (op->f[NST_F_GATEWAY][0]) {
			snprintf(rest, sizeof(rest), " via %s", op->f[NST_F_GATEWAY]);
		}
		if (name[0]) {
			size_t n = strlen(rest);
			snprintf(rest + n, sizeof(rest) - n, " dev %s", q(name, a, sizeof(a)));
		}
		line(&o, ns, "route %s %s%s", op->kind == NST_OP_ROUTE_ADD ? "add" : "del", op->f[NST_F_DST], rest);
		break;
	}
	}
}
