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
		[NST_OP_NAT_FORWARD] = "add port forward", [NST_OP_NAT_MASQ] = "add masquerade",
		[NST_OP_NAT_DEL] = "delete NAT rule",   [NST_OP_IP_FORWARD] = "enable ip_forward",
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

/* "nft ..." run in namespace ns: `ip netns exec NS` prefix unless it is nstop's own. */
static void nft_line(struct out *o, const char *ns, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void nft_line(struct out *o, const char *ns, const char *fmt, ...)
{
	char nsq[2 * NST_OP_TEXT + 8];
	va_list ap;
	int n;

	if (o->used >= o->len) {
		return;
	}
	n = strcmp(ns, "/") == 0 ? 0 : snprintf(o->buf + o->used, o->len - o->used, "ip netns exec %s ", q(ns, nsq, sizeof(nsq)));
	o->used += n > 0 ? (size_t)n : 0;
	va_start(ap, fmt);
	n = o->used < o->len ? vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap) : 0;
	va_end(ap);
	o->used += n > 0 ? (size_t)n : 0;
	if (o->used + 1 < o->len) {
		o->buf[o->used++] = '\n';
		o->buf[o->used] = '\0';
	} else {
		o->used = o->len;
	}
}

/* "table ip nstop, chain CHAIN (nat, hook, priority), rule": add is a no-op for what exists. */
static void nat_rule_lines(struct out *o, const char *ns, const char *chain, const char *hook, int priority,
			   const char *rule)
{
	char cq[2 * NST_OP_TEXT + 8], rq[2048];

	nft_line(o, ns, "nft add table ip %s", NST_NAT_TABLE);
	nft_line(o, ns, "nft add chain ip %s %s '{ type nat hook %s priority %d; }'", NST_NAT_TABLE,
		 q(chain, cq, sizeof(cq)), hook, priority);
	/* One shell word: nft needs the double quotes around interface names, the shell must not see them. */
	nft_line(o, ns, "nft add rule ip %s %s %s", NST_NAT_TABLE, q(chain, cq, sizeof(cq)), q(rule, rq, sizeof(rq)));
}

void nst_nat_rule_commands(const char *ns, const char *chain, const char *hook, int priority, const char *rule,
			   char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	if (len) {
		buf[0] = '\0';
	}
	nat_rule_lines(&o, ns, chain, hook, priority, rule);
}

void nst_op_nat_rule(const struct nst_op *op, char *buf, size_t len)
{
	size_t n = 0;

#define ADD(...) (n += n < len ? (size_t)snprintf(buf + n, len - n, __VA_ARGS__) : 0)
	if (len) {
		buf[0] = '\0';
	}
	if (op->kind == NST_OP_NAT_FORWARD) {
		if (op->f[NST_F_IIF][0]) {
			ADD("iifname \"%s\" ", op->f[NST_F_IIF]);
		}
		if (op->f[NST_F_DADDR][0]) {
			ADD("ip daddr %s ", op->f[NST_F_DADDR]);
		}
		ADD("%s dport %s counter dnat to %s:%s", op->f[NST_F_PROTO], op->f[NST_F_PORT], op->f[NST_F_TO_ADDR],
		    op->f[NST_F_TO_PORT][0] ? op->f[NST_F_TO_PORT] : op->f[NST_F_PORT]);
	} else if (op->kind == NST_OP_NAT_MASQ) {
		if (op->f[NST_F_SRC][0]) {
			ADD("ip saddr %s ", op->f[NST_F_SRC]);
		}
		if (op->f[NST_F_OIF][0]) {
			ADD("oifname \"%s\" ", op->f[NST_F_OIF]);
		}
		if (op->f[NST_F_SNAT_TO][0]) {
			ADD("counter snat to %s", op->f[NST_F_SNAT_TO]);
		} else {
			ADD("counter masquerade");
		}
	}
#undef ADD
}

static void nat_commands(struct out *o, const struct nst_op *op)
{
	const char *ns = op->f[NST_F_NS];
	char rule[1024], a[300], b[300], ipt[600] = "";

	switch (op->kind) {
	case NST_OP_NAT_FORWARD: {
		const char *to_port = op->f[NST_F_TO_PORT][0] ? op->f[NST_F_TO_PORT] : op->f[NST_F_PORT];
		nst_op_nat_rule(op, rule, sizeof(rule));
		nat_rule_lines(o, ns, NST_NAT_PRE_CHAIN, "prerouting", -100, rule);
		snprintf(ipt, sizeof(ipt), "# iptables -t nat -A PREROUTING%s%s%s%s -p %s --dport %s -j DNAT --to-destination %s:%s",
			 op->f[NST_F_IIF][0] ? " -i " : "", op->f[NST_F_IIF], op->f[NST_F_DADDR][0] ? " -d " : "",
			 op->f[NST_F_DADDR], op->f[NST_F_PROTO], op->f[NST_F_PORT], op->f[NST_F_TO_ADDR], to_port);
		break;
	}
	case NST_OP_NAT_MASQ:
		nst_op_nat_rule(op, rule, sizeof(rule));
		nat_rule_lines(o, ns, NST_NAT_POST_CHAIN, "postrouting", 100, rule);
		snprintf(ipt, sizeof(ipt), "# iptables -t nat -A POSTROUTING%s%s%s%s -j %s%s%s",
			 op->f[NST_F_OIF][0] ? " -o " : "", op->f[NST_F_OIF], op->f[NST_F_SRC][0] ? " -s " : "",
			 op->f[NST_F_SRC], op->f[NST_F_SNAT_TO][0] ? "SNAT" : "MASQUERADE",
			 op->f[NST_F_SNAT_TO][0] ? " --to-source " : "", op->f[NST_F_SNAT_TO]);
		break;
	case NST_OP_NAT_DEL:
		nft_line(o, ns, "nft delete rule %s %s %s handle %s", op->f[NST_F_FAMILY], q(op->f[NST_F_TABLE], a, sizeof(a)),
			 q(op->f[NST_F_CHAIN], b, sizeof(b)), op->f[NST_F_HANDLE]);
		return;
	case NST_OP_IP_FORWARD:
		nft_line(o, ns, "sysctl -w net.ipv4.ip_forward=1");
		return;
	default:
		return;
	}
	/* The iptables form, as a comment, for people who think in iptables. */
	size_t l = strlen(ipt);
	if (o->used + l + 2 < o->len) {
		memcpy(o->buf + o->used, ipt, l);
		o->used += l;
		o->buf[o->used++] = '\n';
		o->buf[o->used] = '\0';
	}
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
	case NST_OP_NAT_FORWARD:
	case NST_OP_NAT_MASQ:
	case NST_OP_NAT_DEL:
	case NST_OP_IP_FORWARD:
		nat_commands(&o, op);
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
