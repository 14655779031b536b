/* SPDX-License-Identifier: MIT */
/*
 * Edit ops: construction and the iproute2 commands each one equals. Every
 * name goes through quote.h: nst_sh_word for the shell, nst_nft_name and
 * nst_nft_string inside nft commands, nst_term_text inside comments.
 */
#include "ops.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "xalloc.h"

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
		[NST_OP_NAT_DEL] = "delete rule",       [NST_OP_IP_FORWARD] = "enable ip_forward",
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
		const char *t = text ? text : "";
		/* a name cut to fit would name another object (or none): the op is refused instead */
		if (strlen(t) >= sizeof(op->f[f])) {
			op->too_long = 1 + (int)f;
			op->f[f][0] = '\0';
			return;
		}
		memcpy(op->f[f], t, strlen(t) + 1);
	}
}

bool nst_op_flag(const struct nst_op *op, enum nst_field f)
{
	const char *s = op->f[f];
	return strcmp(s, "y") == 0 || strcmp(s, "yes") == 0 || strcmp(s, "1") == 0 || strcmp(s, "on") == 0;
}


/* Where a namespace named in an op is, and so how a command reaches it. */
enum where { W_SELF, W_NAMED, W_PID, W_PATH };

struct cmds {
	struct nst_buf *b;
	const struct nst_model *m;
};

/*
 * The model says what kind a namespace is; without it (or once it is gone)
 * the name does: nstop names a process-held one pid:N and a mount by its
 * path, and a /run/netns name has no '/'.
 */
static enum where where_is(const struct cmds *c, const char *ns, long long *pid)
{
	const struct nst_ns *n = c->m && strcmp(ns, "/") != 0 ? nst_model_find_ns(c->m, ns) : NULL;

	if (strcmp(ns, "/") == 0 || (n && n->kind == NST_NS_SELF)) {
		return W_SELF;
	}
	if (n && n->kind == NST_NS_PROCESS && n->n_pids) {
		*pid = n->pids[0];
		return W_PID;
	}
	if (n) {
		return n->kind == NST_NS_MOUNT ? W_PATH : W_NAMED;
	}
	if (strncmp(ns, "pid:", 4) == 0 && nst_parse_long(ns + 4, 1, 1LL << 31, pid)) {
		return W_PID;
	}
	return strchr(ns, '/') ? W_PATH : W_NAMED;
}

static void word(struct cmds *c, const char *s)
{
	nst_sh_word(c->b, s);
}

/* "--net=PATH" as one word: nsenter's way into a namespace held by a mount. */
static void net_path(struct cmds *c, const char *path)
{
	char *arg = xasprintf("--net=%s", path);

	word(c, arg);
	free(arg);
}

/* The start of a command run by tool in namespace ns: "ip -n NS ", "ip netns exec NS nft ", "nsenter ...". */
static void in_ns(struct cmds *c, const char *ns, const char *tool)
{
	long long pid = 0;
	bool ip = strcmp(tool, "ip") == 0;

	switch (where_is(c, ns, &pid)) {
	case W_SELF:
		break;
	case W_NAMED:
		nst_buf_puts(c->b, ip ? "ip -n " : "ip netns exec ");
		word(c, ns);
		nst_buf_putc(c->b, ' ');
		if (ip) {
			return; /* "ip -n NS " is the whole prefix */
		}
		break;
	case W_PID:
		nst_buf_printf(c->b, "nsenter -t %lld -n ", pid);
		break;
	case W_PATH:
		nst_buf_puts(c->b, "nsenter ");
		net_path(c, ns);
		nst_buf_putc(c->b, ' ');
		break;
	}
	nst_buf_puts(c->b, tool);
	nst_buf_putc(c->b, ' ');
}

/* The `netns` argument of ip link: ip reads a number as a pid, so a numeric name goes by its path. */
static void netns_arg(struct cmds *c, const char *ns)
{
	long long pid = 0, num;

	switch (where_is(c, ns, &pid)) {
	case W_SELF:
		/* '/' is where the commands run: the shell's own namespace (pid 1's may be another) */
		nst_buf_puts(c->b, "/proc/$$/ns/net");
		return;
	case W_PID:
		nst_buf_printf(c->b, "%lld", pid);
		return;
	case W_NAMED:
		if (nst_parse_long(ns, 0, 1LL << 62, &num)) {
			char *path = xasprintf("/run/netns/%s", ns);
			word(c, path);
			free(path);
			return;
		}
		/* fall through */
	case W_PATH:
		word(c, ns);
		return;
	}
}

/* Words of a command, with %s replaced by the next name (shell-quoted) and %% by '%'. */
static void words(struct cmds *c, const char *fmt, va_list ap)
{
	for (const char *p = fmt; *p; p++) {
		if (*p == '%' && p[1] == 's') {
			word(c, va_arg(ap, const char *));
			p++;
		} else {
			nst_buf_putc(c->b, *p);
		}
	}
}

/* "ip [-n NS] <words>\n"; '/' is nstop's own namespace, reached without -n. */
static void line(struct cmds *c, const char *ns, const char *fmt, ...)
{
	va_list ap;

	in_ns(c, ns ? ns : "/", "ip");
	va_start(ap, fmt);
	words(c, fmt, ap);
	va_end(ap);
	nst_buf_putc(c->b, '\n');
}

/* A comment line: text made printable, so it cannot end early. */
static void comment(struct cmds *c, const char *what, const char *name, const char *why)
{
	nst_buf_puts(c->b, "# ");
	nst_buf_puts(c->b, what);
	if (name) {
		nst_term_text(c->b, name);
	}
	nst_buf_puts(c->b, why);
	nst_buf_putc(c->b, '\n');
}

/* The rule text of a port forward or masquerade; false when an interface name cannot be an nft string. */
static bool nat_rule_text(const struct nst_op *op, struct nst_buf *b)
{
	if (op->kind == NST_OP_NAT_FORWARD) {
		if (op->f[NST_F_IIF][0]) {
			nst_buf_puts(b, "iifname ");
			if (!nst_nft_string(b, op->f[NST_F_IIF])) {
				return false;
			}
			nst_buf_putc(b, ' ');
		}
		if (op->f[NST_F_DADDR][0]) {
			nst_buf_printf(b, "ip daddr %s ", op->f[NST_F_DADDR]);
		}
		nst_buf_printf(b, "%s dport %s counter dnat to %s:%s", op->f[NST_F_PROTO], op->f[NST_F_PORT],
			       op->f[NST_F_TO_ADDR], op->f[NST_F_TO_PORT][0] ? op->f[NST_F_TO_PORT] : op->f[NST_F_PORT]);
	} else if (op->kind == NST_OP_NAT_MASQ) {
		if (op->f[NST_F_SRC][0]) {
			nst_buf_printf(b, "ip saddr %s ", op->f[NST_F_SRC]);
		}
		if (op->f[NST_F_OIF][0]) {
			nst_buf_puts(b, "oifname ");
			if (!nst_nft_string(b, op->f[NST_F_OIF])) {
				return false;
			}
			nst_buf_putc(b, ' ');
		}
		if (op->f[NST_F_SNAT_TO][0]) {
			nst_buf_printf(b, "counter snat to %s", op->f[NST_F_SNAT_TO]);
		} else {
			nst_buf_puts(b, "counter masquerade");
		}
	}
	return true;
}

void nst_op_nat_rule(const struct nst_op *op, char *buf, size_t len)
{
	struct nst_buf b = { 0 };

	if (len) {
		buf[0] = '\0';
	}
	if (nat_rule_text(op, &b) && b.len < len) {
		memcpy(buf, nst_buf_str(&b), b.len + 1);
	}
	nst_buf_free(&b);
}

/* "table ip nstop, chain CHAIN (nat, hook, priority), rule": add is a no-op for what exists. */
static void nat_rule_lines(struct cmds *c, const char *ns, const char *chain, const char *hook, int priority,
			   const char *rule)
{
	struct nst_buf name = { 0 };

	if (!nst_nft_name(&name, chain)) {
		comment(c, "not written: chain ", chain, " of table ip " NST_NAT_TABLE
			" is not a name nft's command syntax can hold (it has no quoting for names)");
		return;
	}
	in_ns(c, ns, "nft");
	nst_buf_puts(c->b, "add table ip " NST_NAT_TABLE "\n");
	in_ns(c, ns, "nft");
	nst_buf_printf(c->b, "add chain ip " NST_NAT_TABLE " %s '{ type nat hook %s priority %d; }'\n", name.s, hook,
		       priority);
	/* One shell word: nft needs the double quotes around interface names, the shell must not see them. */
	in_ns(c, ns, "nft");
	nst_buf_printf(c->b, "add rule ip " NST_NAT_TABLE " %s ", name.s);
	word(c, rule);
	nst_buf_putc(c->b, '\n');
	nst_buf_free(&name);
}

char *nst_nat_rule_commands(const struct nst_model *m, const char *ns, const char *chain, const char *hook,
			    int priority, const char *rule)
{
	struct nst_buf b = { 0 };
	struct cmds c = { &b, m };

	nat_rule_lines(&c, ns, chain, hook, priority, rule);
	return nst_buf_take(&b);
}

/* " -i NAME" and the like, made printable: it is written inside a comment. */
static void ipt_opt(struct nst_buf *b, const char *opt, const char *v)
{
	if (v[0]) {
		nst_buf_puts(b, opt);
		nst_term_text(b, v);
	}
}

/* The families nft names (a rule of any of them can be deleted: the Firewall tree's d). */
static bool nft_family(const char *f)
{
	static const char *const families[] = { "ip", "ip6", "inet", "bridge", "arp", "netdev" };

	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		if (strcmp(f, families[i]) == 0) {
			return true;
		}
	}
	return false;
}

static void nat_del(struct cmds *c, const struct nst_op *op)
{
	struct nst_buf t = { 0 }, ch = { 0 };
	long long handle;

	if (!nst_nft_name(&t, op->f[NST_F_TABLE]) || !nst_nft_name(&ch, op->f[NST_F_CHAIN]) ||
	    !nst_parse_long(op->f[NST_F_HANDLE], 0, 1LL << 62, &handle) ||
	    !nft_family(op->f[NST_F_FAMILY])) {
		nst_buf_puts(c->b, "# not written: delete rule ");
		nst_term_text(c->b, op->f[NST_F_FAMILY]);
		nst_buf_putc(c->b, ' ');
		nst_term_text(c->b, op->f[NST_F_TABLE]);
		nst_buf_putc(c->b, ' ');
		nst_term_text(c->b, op->f[NST_F_CHAIN]);
		nst_buf_puts(c->b, " handle ");
		nst_term_text(c->b, op->f[NST_F_HANDLE]);
		nst_buf_puts(c->b, ": a name nft's command syntax cannot hold (it has no quoting for names)\n");
	} else {
		in_ns(c, op->f[NST_F_NS], "nft");
		nst_buf_printf(c->b, "delete rule %s %s %s handle %lld\n", op->f[NST_F_FAMILY], t.s, ch.s, handle);
	}
	nst_buf_free(&t);
	nst_buf_free(&ch);
}

static void nat_commands(struct cmds *c, const struct nst_op *op)
{
	const char *ns = op->f[NST_F_NS];
	struct nst_buf rule = { 0 }, ipt = { 0 };

	switch (op->kind) {
	case NST_OP_NAT_FORWARD:
	case NST_OP_NAT_MASQ:
		break;
	case NST_OP_NAT_DEL:
		nat_del(c, op);
		return;
	case NST_OP_IP_FORWARD:
		in_ns(c, ns, "sysctl");
		nst_buf_puts(c->b, "-w net.ipv4.ip_forward=1\n");
		return;
	default:
		return;
	}
	if (!nat_rule_text(op, &rule)) {
		comment(c, "not written: interface name ", op->f[op->kind == NST_OP_NAT_FORWARD ? NST_F_IIF : NST_F_OIF],
			": it holds a double quote, which an nft string cannot");
		nst_buf_free(&rule);
		return;
	}
	if (op->kind == NST_OP_NAT_FORWARD) {
		nat_rule_lines(c, ns, NST_NAT_PRE_CHAIN, "prerouting", -100, rule.s);
		nst_buf_puts(&ipt, "# iptables -t nat -A PREROUTING");
		ipt_opt(&ipt, " -i ", op->f[NST_F_IIF]);
		ipt_opt(&ipt, " -d ", op->f[NST_F_DADDR]);
		ipt_opt(&ipt, " -p ", op->f[NST_F_PROTO]);
		ipt_opt(&ipt, " --dport ", op->f[NST_F_PORT]);
		ipt_opt(&ipt, " -j DNAT --to-destination ", op->f[NST_F_TO_ADDR]);
		ipt_opt(&ipt, ":", op->f[NST_F_TO_PORT][0] ? op->f[NST_F_TO_PORT] : op->f[NST_F_PORT]);
	} else {
		nat_rule_lines(c, ns, NST_NAT_POST_CHAIN, "postrouting", 100, rule.s);
		nst_buf_puts(&ipt, "# iptables -t nat -A POSTROUTING");
		ipt_opt(&ipt, " -o ", op->f[NST_F_OIF]);
		ipt_opt(&ipt, " -s ", op->f[NST_F_SRC]);
		nst_buf_puts(&ipt, op->f[NST_F_SNAT_TO][0] ? " -j SNAT" : " -j MASQUERADE");
		ipt_opt(&ipt, " --to-source ", op->f[NST_F_SNAT_TO]);
	}
	/* The iptables form, as a comment, for people who think in iptables. */
	nst_buf_puts(c->b, nst_buf_str(&ipt));
	nst_buf_putc(c->b, '\n');
	nst_buf_free(&rule);
	nst_buf_free(&ipt);
}

/* `ip link add` of a veth pair, its far end in another namespace maybe. */
static void veth_add(struct cmds *c, const struct nst_op *op)
{
	const char *ns = op->f[NST_F_NS], *pns = op->f[NST_F_PEER_NS];
	const char *name = op->f[NST_F_NAME], *peer = op->f[NST_F_PEER];

	in_ns(c, ns, "ip");
	nst_buf_puts(c->b, "link add ");
	word(c, name);
	nst_buf_puts(c->b, " type veth peer name ");
	word(c, peer);
	if (strcmp(pns, ns) != 0) {
		nst_buf_puts(c->b, " netns ");
		netns_arg(c, pns);
	}
	nst_buf_putc(c->b, '\n');
	if (op->f[NST_F_ADDR][0]) {
		line(c, ns, "addr add %s dev %s", op->f[NST_F_ADDR], name);
	}
	if (op->f[NST_F_PEER_ADDR][0]) {
		line(c, pns, "addr add %s dev %s", op->f[NST_F_PEER_ADDR], peer);
	}
	if (nst_op_flag(op, NST_F_UP)) {
		line(c, ns, "link set %s up", name);
		line(c, pns, "link set %s up", peer);
	}
}

static void route(struct cmds *c, const struct nst_op *op)
{
	in_ns(c, op->f[NST_F_NS], "ip");
	nst_buf_puts(c->b, op->kind == NST_OP_ROUTE_ADD ? "route add " : "route del ");
	word(c, op->f[NST_F_DST]);
	if (op->f[NST_F_GATEWAY][0]) {
		nst_buf_puts(c->b, " via ");
		word(c, op->f[NST_F_GATEWAY]);
	}
	if (op->f[NST_F_NAME][0]) {
		nst_buf_puts(c->b, " dev ");
		word(c, op->f[NST_F_NAME]);
	}
	nst_buf_putc(c->b, '\n');
}

char *nst_op_commands(const struct nst_op *op, const struct nst_model *m)
{
	struct nst_buf b = { 0 };
	struct cmds c = { &b, m };
	const char *ns = op->f[NST_F_NS], *name = op->f[NST_F_NAME];

	switch (op->kind) {
	case NST_OP_NS_ADD:
		line(&c, NULL, "netns add %s", name);
		if (nst_op_flag(op, NST_F_UP)) {
			/* a /run/netns name even when it reads like pid:N: it was just made so */
			nst_buf_puts(&b, "ip -n ");
			word(&c, name);
			nst_buf_puts(&b, " link set lo up\n");
		}
		break;
	case NST_OP_NS_DEL:
		line(&c, NULL, "netns delete %s", ns);
		break;
	case NST_OP_VETH_ADD:
		veth_add(&c, op);
		break;
	case NST_OP_BRIDGE_ADD:
		line(&c, ns, "link add %s type bridge", name);
		if (op->f[NST_F_ADDR][0]) {
			line(&c, ns, "addr add %s dev %s", op->f[NST_F_ADDR], name);
		}
		if (nst_op_flag(op, NST_F_UP)) {
			line(&c, ns, "link set %s up", name);
		}
		break;
	case NST_OP_LINK_DEL:
		line(&c, ns, "link delete %s", name);
		break;
	case NST_OP_LINK_UP:
	case NST_OP_LINK_DOWN:
		line(&c, ns, op->kind == NST_OP_LINK_UP ? "link set %s up" : "link set %s down", name);
		break;
	case NST_OP_LINK_MOVE:
		in_ns(&c, ns, "ip");
		nst_buf_puts(&b, "link set ");
		word(&c, name);
		nst_buf_puts(&b, " netns ");
		netns_arg(&c, op->f[NST_F_PEER_NS]);
		nst_buf_putc(&b, '\n');
		break;
	case NST_OP_LINK_MASTER:
		line(&c, ns, "link set %s master %s", name, op->f[NST_F_PEER]);
		break;
	case NST_OP_LINK_NOMASTER:
		line(&c, ns, "link set %s nomaster", name);
		break;
	case NST_OP_ADDR_ADD:
	case NST_OP_ADDR_DEL:
		line(&c, ns, op->kind == NST_OP_ADDR_ADD ? "addr add %s dev %s" : "addr del %s dev %s", op->f[NST_F_ADDR],
		     name);
		break;
	case NST_OP_NAT_FORWARD:
	case NST_OP_NAT_MASQ:
	case NST_OP_NAT_DEL:
	case NST_OP_IP_FORWARD:
		nat_commands(&c, op);
		break;
	case NST_OP_ROUTE_ADD:
	case NST_OP_ROUTE_DEL:
		route(&c, op);
		break;
	}
	return nst_buf_take(&b);
}
