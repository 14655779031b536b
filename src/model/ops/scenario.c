/* SPDX-License-Identifier: MIT */
/*
 * The scenario parser: one statement a line, words split on blanks, "..."
 * for a word with blanks. Everything is parsed and cross-checked before
 * anything is built, so a bad file changes nothing; edits become the same
 * struct nst_op the TUI's forms make, so one validator and one apply path
 * serve both.
 */
#include "scenario.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "xalloc.h"

#define MAX_WORDS 24

/* What the scenario has made so far: the names later statements may use. */
struct known {
	char ns[NST_SCN_MAX_NS][NST_OP_TEXT];
	size_t n_ns;
	struct {
		size_t ns;
		char name[NST_IFNAMSIZ];
		bool bridge;
	} links[NST_SCN_MAX_STEPS * 2];
	size_t n_links;
};

struct parser {
	const char *label;
	int line;
	const char *keyword;
	char *msg;
	size_t msg_len;
	struct known k;
	struct nst_scenario *s;
};

/* The one place a message is made: escaped whole, so names from the file never reach a terminal raw. */
__attribute__((format(printf, 2, 3))) static int fail(struct parser *p, const char *fmt, ...)
{
	char raw[1024], what[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (p->keyword) {
		snprintf(raw, sizeof(raw), "%s:%d: %s: %s", p->label, p->line, p->keyword, what);
	} else {
		snprintf(raw, sizeof(raw), "%s:%d: %s", p->label, p->line, what);
	}
	nst_term_str(raw, p->msg, p->msg_len);
	return -1;
}

/* Split one line into words; "..." holds blanks and '#', \" and \\ inside it. */
static int split(struct parser *p, char *line, char **w, size_t *n)
{
	char *r = line, *out = line;

	*n = 0;
	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\r') {
			r++;
		}
		if (!*r || *r == '#') {
			return 0;
		}
		if (*n == MAX_WORDS) {
			return fail(p, "more than %d words on one line", MAX_WORDS);
		}
		w[(*n)++] = out;
		if (*r == '"') {
			r++;
			while (*r != '"') {
				if (!*r) {
					return fail(p, "a quote (\") is not closed on this line");
				}
				if (*r == '\\' && (r[1] == '"' || r[1] == '\\')) {
					r++;
				}
				*out++ = *r++;
			}
			r++;
			if (*r && *r != ' ' && *r != '\t' && *r != '\r') {
				return fail(p, "a closing quote must end the word");
			}
		} else {
			while (*r && *r != ' ' && *r != '\t' && *r != '\r') {
				if (*r == '"') {
					return fail(p, "a quote (\") may only begin a word");
				}
				*out++ = *r++;
			}
		}
		/* quotes only shrink a word: what is written never passes what is read */
		bool more = *r != '\0';
		*out = '\0';
		r += more;
		out = r;
	}
}

static long find_ns(const struct known *k, const char *name)
{
	for (size_t i = 0; i < k->n_ns; i++) {
		if (strcmp(k->ns[i], name) == 0) {
			return (long)i;
		}
	}
	return -1;
}

static long find_link(const struct known *k, size_t ns, const char *name)
{
	for (size_t i = 0; i < k->n_links; i++) {
		if (k->links[i].ns == ns && strcmp(k->links[i].name, name) == 0) {
			return (long)i;
		}
	}
	return -1;
}

static int need_ns(struct parser *p, const char *name, size_t *out)
{
	long i = find_ns(&p->k, name);

	if (i < 0) {
		return fail(p, "'%s' is not a namespace of this scenario (make it with `netns %s` first; '/' is the demo's own)",
			    name, name);
	}
	*out = (size_t)i;
	return 0;
}

static int need_link(struct parser *p, size_t ns, const char *name, long *out)
{
	char msg[300];

	if (!nst_check_ifname(name, msg, sizeof(msg))) {
		return fail(p, "%s", msg);
	}
	long i = find_link(&p->k, ns, name);
	if (i < 0 && strcmp(name, "lo") != 0) {
		return fail(p, "'%s' is not a link of namespace '%s' in this scenario", name, p->k.ns[ns]);
	}
	*out = i;
	return 0;
}

static int new_link(struct parser *p, size_t ns, const char *name, bool bridge)
{
	char msg[300];

	if (!nst_check_ifname(name, msg, sizeof(msg))) {
		return fail(p, "%s", msg);
	}
	if (strcmp(name, "lo") == 0 || find_link(&p->k, ns, name) >= 0) {
		return fail(p, "namespace '%s' already has a link named '%s'", p->k.ns[ns], name);
	}
	p->k.links[p->k.n_links].ns = ns;
	snprintf(p->k.links[p->k.n_links].name, NST_IFNAMSIZ, "%s", name);
	p->k.links[p->k.n_links].bridge = bridge;
	p->k.n_links++;
	return 0;
}

static int set(struct parser *p, struct nst_op *op, enum nst_field f, const char *v)
{
	if (strlen(v) >= NST_OP_TEXT) {
		return fail(p, "a word of %zu bytes is too long (at most %d)", strlen(v), NST_OP_TEXT - 1);
	}
	nst_op_set(op, f, v);
	return 0;
}

static int cidr(struct parser *p, const char *v, bool network)
{
	struct nst_addr a;
	char msg[300];

	return nst_parse_cidr(v, &a, network, msg, sizeof(msg)) ? 0 : fail(p, "%s", msg);
}

static int host(struct parser *p, const char *v, bool v4, uint8_t out4[4])
{
	struct nst_addr a;
	char msg[300];

	if (!nst_parse_host(v, &a, msg, sizeof(msg))) {
		return fail(p, "%s", msg);
	}
	if (v4 && a.family != AF_INET) {
		return fail(p, "'%s': the demo's traffic and NAT are IPv4", v);
	}
	if (out4) {
		memcpy(out4, a.bytes, 4);
	}
	return 0;
}

static int port(struct parser *p, const char *v, uint16_t *out)
{
	long long n;

	if (!nst_parse_long(v, 1, 65535, &n)) {
		return fail(p, "'%s' is not a port (1-65535)", v);
	}
	if (out) {
		*out = (uint16_t)n;
	}
	return 0;
}

static int proto(struct parser *p, const char *v, bool icmp_ok, enum nst_scn_proto *out)
{
	if (strcmp(v, "tcp") == 0) {
		*out = NST_SCN_TCP;
	} else if (strcmp(v, "udp") == 0) {
		*out = NST_SCN_UDP;
	} else if (icmp_ok && strcmp(v, "icmp") == 0) {
		*out = NST_SCN_ICMP;
	} else {
		return fail(p, "'%s' is not %s", v, icmp_ok ? "icmp, udp or tcp" : "tcp or udp");
	}
	return 0;
}

static int want(struct parser *p, size_t n, size_t min, size_t max, const char *usage)
{
	if (n < min || n > max) {
		return fail(p, "usage: %s", usage);
	}
	return 0;
}

/*
 * Optional "key value" pairs from w[i]: each key at most once, in any order.
 * keys is NULL-terminated; vals[k] is set to the value of keys[k] or left NULL.
 */
static int options(struct parser *p, char **w, size_t n, size_t i, const char *const *keys, const char **vals,
		   const char *usage)
{
	for (; i < n; i += 2) {
		size_t k = 0;
		while (keys[k] && strcmp(keys[k], w[i]) != 0) {
			k++;
		}
		if (!keys[k] || i + 1 >= n || vals[k]) {
			return fail(p, "usage: %s", usage);
		}
		vals[k] = w[i + 1];
	}
	return 0;
}

static struct nst_scn_step *add_step(struct parser *p, enum nst_scn_kind kind)
{
	struct nst_scn_step *st = &p->s->steps[p->s->n_steps++];

	memset(st, 0, sizeof(*st));
	st->line = p->line;
	st->kind = kind;
	st->keyword = p->keyword;
	return st;
}

static int st_netns(struct parser *p, char **w, size_t n)
{
	char msg[300];

	if (want(p, n, 2, 2, "netns NAME") < 0) {
		return -1;
	}
	if (!nst_check_nsname(w[1], msg, sizeof(msg))) {
		return fail(p, "%s", msg);
	}
	if (find_ns(&p->k, w[1]) >= 0) {
		return fail(p, "namespace '%s' is made twice", w[1]);
	}
	if (p->k.n_ns == NST_SCN_MAX_NS) {
		return fail(p, "more than %d namespaces", NST_SCN_MAX_NS - 1);
	}
	if (strlen(w[1]) >= NST_OP_TEXT) {
		return fail(p, "a name of %zu bytes is too long", strlen(w[1]));
	}
	snprintf(p->k.ns[p->k.n_ns++], NST_OP_TEXT, "%s", w[1]);
	struct nst_scn_step *st = add_step(p, NST_SCN_OP);
	nst_op_init(&st->op, NST_OP_NS_ADD);
	set(p, &st->op, NST_F_NAME, w[1]);
	set(p, &st->op, NST_F_UP, "yes");
	return 0;
}

static int st_bridge(struct parser *p, char **w, size_t n)
{
	static const char *const keys[] = { "addr", NULL };
	const char *usage = "bridge NS NAME [addr CIDR]", *v[1] = { NULL };
	size_t ns = 0;

	if (want(p, n, 3, 5, usage) < 0 || options(p, w, n, 3, keys, v, usage) < 0 || need_ns(p, w[1], &ns) < 0 ||
	    new_link(p, ns, w[2], true) < 0 || (v[0] && cidr(p, v[0], false) < 0)) {
		return -1;
	}
	struct nst_scn_step *st = add_step(p, NST_SCN_OP);
	nst_op_init(&st->op, NST_OP_BRIDGE_ADD);
	set(p, &st->op, NST_F_NS, w[1]);
	set(p, &st->op, NST_F_NAME, w[2]);
	set(p, &st->op, NST_F_ADDR, v[0] ? v[0] : "");
	set(p, &st->op, NST_F_UP, "yes");
	return 0;
}

static int st_veth(struct parser *p, char **w, size_t n)
{
	static const char *const keys[] = { "addr", "peer-addr", NULL };
	const char *usage = "veth NS NAME PEER_NS PEER [addr CIDR] [peer-addr CIDR]", *v[2] = { NULL, NULL };
	size_t ns = 0, pns = 0;

	if (want(p, n, 5, 9, usage) < 0 || options(p, w, n, 5, keys, v, usage) < 0 || need_ns(p, w[1], &ns) < 0 ||
	    need_ns(p, w[3], &pns) < 0 || new_link(p, ns, w[2], false) < 0 || new_link(p, pns, w[4], false) < 0 ||
	    (v[0] && cidr(p, v[0], false) < 0) || (v[1] && cidr(p, v[1], false) < 0)) {
		return -1;
	}
	struct nst_scn_step *st = add_step(p, NST_SCN_OP);
	nst_op_init(&st->op, NST_OP_VETH_ADD);
	set(p, &st->op, NST_F_NS, w[1]);
	set(p, &st->op, NST_F_NAME, w[2]);
	set(p, &st->op, NST_F_PEER_NS, w[3]);
	set(p, &st->op, NST_F_PEER, w[4]);
	set(p, &st->op, NST_F_ADDR, v[0] ? v[0] : "");
	set(p, &st->op, NST_F_PEER_ADDR, v[1] ? v[1] : "");
	set(p, &st->op, NST_F_UP, "yes");
	return 0;
}

static int st_master(struct parser *p, char **w, size_t n)
{
	size_t ns = 0;
	long dev, br;

	if (want(p, n, 4, 4, "master NS DEV BRIDGE") < 0 || need_ns(p, w[1], &ns) < 0 || need_link(p, ns, w[2], &dev) < 0 ||
	    need_link(p, ns, w[3], &br) < 0) {
		return -1;
	}
	if (br < 0 || !p->k.links[br].bridge) {
		return fail(p, "'%s' is not a bridge of this scenario", w[3]);
	}
	if (dev == br) {
		return fail(p, "a bridge cannot be its own port");
	}
	struct nst_scn_step *st = add_step(p, NST_SCN_OP);
	nst_op_init(&st->op, NST_OP_LINK_MASTER);
	set(p, &st->op, NST_F_NS, w[1]);
	set(p, &st->op, NST_F_NAME, w[2]);
	set(p, &st->op, NST_F_PEER, w[3]);
	return 0;
}

/* addr NS DEV CIDR, down NS DEV, forward NS: one op on one namespace (and a link). */
static int st_simple(struct parser *p, char **w, size_t n, enum nst_op_kind kind)
{
	size_t ns = 0, args = kind == NST_OP_ADDR_ADD ? 4 : kind == NST_OP_LINK_DOWN ? 3 : 2;
	const char *usage = kind == NST_OP_ADDR_ADD ? "addr NS DEV CIDR" : kind == NST_OP_LINK_DOWN ? "down NS DEV" : "forward NS";
	long dev;

	if (want(p, n, args, args, usage) < 0 || need_ns(p, w[1], &ns) < 0 ||
	    (args > 2 && need_link(p, ns, w[2], &dev) < 0) || (args == 4 && cidr(p, w[3], false) < 0)) {
		return -1;
	}
	struct nst_scn_step *st = add_step(p, NST_SCN_OP);
	nst_op_init(&st->op, kind);
	set(p, &st->op, NST_F_NS, w[1]);
	if (args > 2) {
		set(p, &st->op, NST_F_NAME, w[2]);
	}
	if (args == 4) {
		set(p, &st->op, NST_F_ADDR, w[3]);
	}
	return 0;
}

static int st_route(struct parser *p, char **w, size_t n)
{
	static const char *const keys[] = { "via", "dev", NULL };
	const char *usage = "route NS DST|default [via GW] [dev DEV]", *v[2] = { NULL, NULL };
	size_t ns = 0;
	long dev;

	if (want(p, n, 5, 7, usage) < 0 || options(p, w, n, 3, keys, v, usage) < 0 || need_ns(p, w[1], &ns) < 0 ||
	    (strcmp(w[2], "default") != 0 && cidr(p, w[2], true) < 0) || (v[0] && host(p, v[0], false, NULL) < 0) ||
	    (v[1] && need_link(p, ns, v[1], &dev) < 0)) {
		return -1;
	}
	struct nst_scn_step *st = add_step(p, NST_SCN_OP);
	nst_op_init(&st->op, NST_OP_ROUTE_ADD);
	set(p, &st->op, NST_F_NS, w[1]);
	set(p, &st->op, NST_F_DST, w[2]);
	set(p, &st->op, NST_F_GATEWAY, v[0] ? v[0] : "");
	set(p, &st->op, NST_F_NAME, v[1] ? v[1] : "");
	return 0;
}

static int st_dnat(struct parser *p, char **w, size_t n)
{
	static const char *const keys[] = { "iif", "daddr", NULL };
	const char *usage = "dnat NS tcp|udp PORT to ADDR[:PORT] [iif DEV] [daddr ADDR]", *v[2] = { NULL, NULL };
	enum nst_scn_proto pr;
	char to[NST_OP_TEXT];
	size_t ns = 0;
	long dev;

	if (want(p, n, 6, 10, usage) < 0 || strcmp(w[4], "to") != 0 || options(p, w, n, 6, keys, v, usage) < 0) {
		return n >= 6 ? fail(p, "usage: %s", usage) : -1;
	}
	if (need_ns(p, w[1], &ns) < 0 || proto(p, w[2], false, &pr) < 0 || port(p, w[3], NULL) < 0 ||
	    (v[0] && need_link(p, ns, v[0], &dev) < 0) || (v[1] && host(p, v[1], true, NULL) < 0)) {
		return -1;
	}
	snprintf(to, sizeof(to), "%s", w[5]);
	char *colon = strchr(to, ':');
	if (colon && strchr(colon + 1, ':')) {
		return fail(p, "'%s': the demo's traffic and NAT are IPv4 (to ADDR or ADDR:PORT)", w[5]);
	}
	if (colon) {
		*colon++ = '\0';
		if (port(p, colon, NULL) < 0) {
			return -1;
		}
	}
	if (host(p, to, true, NULL) < 0) {
		return -1;
	}
	struct nst_scn_step *st = add_step(p, NST_SCN_OP);
	nst_op_init(&st->op, NST_OP_NAT_FORWARD);
	set(p, &st->op, NST_F_NS, w[1]);
	set(p, &st->op, NST_F_PROTO, w[2]);
	set(p, &st->op, NST_F_PORT, w[3]);
	set(p, &st->op, NST_F_TO_ADDR, to);
	set(p, &st->op, NST_F_TO_PORT, colon ? colon : "");
	set(p, &st->op, NST_F_IIF, v[0] ? v[0] : "");
	set(p, &st->op, NST_F_DADDR, v[1] ? v[1] : "");
	return 0;
}

static int st_masq(struct parser *p, char **w, size_t n)
{
	static const char *const keys[] = { "src", "oif", "snat-to", NULL };
	const char *usage = "masquerade NS [src CIDR] [oif DEV] [snat-to ADDR]", *v[3] = { NULL, NULL, NULL };
	size_t ns = 0;
	long dev;

	if (want(p, n, 4, 8, usage) < 0 || options(p, w, n, 2, keys, v, usage) < 0 || need_ns(p, w[1], &ns) < 0 ||
	    (v[0] && cidr(p, v[0], true) < 0) || (v[1] && need_link(p, ns, v[1], &dev) < 0) ||
	    (v[2] && host(p, v[2], true, NULL) < 0)) {
		return -1;
	}
	struct nst_scn_step *st = add_step(p, NST_SCN_OP);
	nst_op_init(&st->op, NST_OP_NAT_MASQ);
	set(p, &st->op, NST_F_NS, w[1]);
	set(p, &st->op, NST_F_SRC, v[0] ? v[0] : "");
	set(p, &st->op, NST_F_OIF, v[1] ? v[1] : "");
	set(p, &st->op, NST_F_SNAT_TO, v[2] ? v[2] : "");
	return 0;
}

static int st_listen(struct parser *p, char **w, size_t n)
{
	size_t ns = 0;
	struct nst_scn_step tmp = { 0 };

	if (want(p, n, 4, 4, "listen NS tcp|udp PORT") < 0 || need_ns(p, w[1], &ns) < 0 ||
	    proto(p, w[2], false, &tmp.proto) < 0 || port(p, w[3], &tmp.port) < 0) {
		return -1;
	}
	for (size_t i = 0; i < p->s->n_steps; i++) {
		const struct nst_scn_step *o = &p->s->steps[i];
		if (o->kind == NST_SCN_LISTEN && strcmp(o->ns, w[1]) == 0 && o->proto == tmp.proto && o->port == tmp.port) {
			return fail(p, "%s already listens on %s %u (line %d)", w[1], w[2], tmp.port, o->line);
		}
	}
	struct nst_scn_step *st = add_step(p, NST_SCN_LISTEN);
	snprintf(st->ns, sizeof(st->ns), "%s", w[1]);
	st->proto = tmp.proto;
	st->port = tmp.port;
	return 0;
}

static int st_traffic(struct parser *p, char **w, size_t n)
{
	const char *usage = "traffic NS ADDR icmp | udp PORT | tcp PORT [every MS]";
	struct nst_scn_step tmp = { .every_ms = NST_SCN_EVERY_DEFAULT };
	size_t ns = 0, i = 4;

	if (want(p, n, 4, 7, usage) < 0 || need_ns(p, w[1], &ns) < 0 || host(p, w[2], true, tmp.addr) < 0 ||
	    proto(p, w[3], true, &tmp.proto) < 0) {
		return -1;
	}
	if (tmp.proto != NST_SCN_ICMP) {
		if (n < 5 || port(p, w[4], &tmp.port) < 0) {
			return n < 5 ? fail(p, "usage: %s", usage) : -1;
		}
		i = 5;
	}
	if (i < n) {
		long long ms;
		if (n != i + 2 || strcmp(w[i], "every") != 0) {
			return fail(p, "usage: %s", usage);
		}
		if (!nst_parse_long(w[i + 1], NST_SCN_EVERY_MIN, NST_SCN_EVERY_MAX, &ms)) {
			return fail(p, "every wants milliseconds from %d to %d, not '%s'", NST_SCN_EVERY_MIN,
				    NST_SCN_EVERY_MAX, w[i + 1]);
		}
		tmp.every_ms = (int)ms;
	}
	struct nst_scn_step *st = add_step(p, NST_SCN_TRAFFIC);
	snprintf(st->ns, sizeof(st->ns), "%s", w[1]);
	st->proto = tmp.proto;
	st->port = tmp.port;
	memcpy(st->addr, tmp.addr, 4);
	st->every_ms = tmp.every_ms;
	return 0;
}

static int st_hint(struct parser *p, char **w, size_t n)
{
	size_t used = 0;

	if (n < 2) {
		return fail(p, "usage: hint TEXT");
	}
	if (p->s->hint[0]) {
		return fail(p, "a scenario has one hint");
	}
	for (size_t i = 1; i < n; i++) {
		size_t l = strlen(w[i]);
		if (used + l + 1 >= sizeof(p->s->hint)) {
			return fail(p, "the hint is longer than %zu bytes", sizeof(p->s->hint) - 1);
		}
		if (i > 1) {
			p->s->hint[used++] = ' ';
		}
		memcpy(p->s->hint + used, w[i], l + 1);
		used += l;
	}
	return 0;
}

static int statement(struct parser *p, char **w, size_t n)
{
	static const struct {
		const char *kw;
		int (*fn)(struct parser *, char **, size_t);
		enum nst_op_kind simple; /* for st_simple; fn NULL */
	} table[] = {
		{ "netns", st_netns, 0 },       { "bridge", st_bridge, 0 }, { "veth", st_veth, 0 },
		{ "master", st_master, 0 },     { "addr", NULL, NST_OP_ADDR_ADD }, { "down", NULL, NST_OP_LINK_DOWN },
		{ "forward", NULL, NST_OP_IP_FORWARD }, { "route", st_route, 0 }, { "dnat", st_dnat, 0 },
		{ "masquerade", st_masq, 0 },   { "listen", st_listen, 0 }, { "traffic", st_traffic, 0 },
		{ "hint", st_hint, 0 },
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (strcmp(table[i].kw, w[0]) == 0) {
			p->keyword = table[i].kw;
			if (strcmp(w[0], "hint") != 0 && p->s->n_steps == NST_SCN_MAX_STEPS) {
				return fail(p, "more than %d statements", NST_SCN_MAX_STEPS);
			}
			return table[i].fn ? table[i].fn(p, w, n) : st_simple(p, w, n, table[i].simple);
		}
	}
	return fail(p, "unknown statement '%s' (netns, bridge, veth, master, addr, down, route, forward, dnat, "
		       "masquerade, listen, traffic, hint)", w[0]);
}

int nst_scenario_parse(const char *label, const char *text, size_t len, struct nst_scenario *out, char *msg,
		       size_t msg_len)
{
	struct parser *p = xcalloc(1, sizeof(*p));
	char line[NST_SCN_MAX_LINE + 1];
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->steps = xcalloc(NST_SCN_MAX_STEPS, sizeof(*out->steps));
	p->label = label;
	p->msg = msg;
	p->msg_len = msg_len;
	p->s = out;
	snprintf(p->k.ns[p->k.n_ns++], NST_OP_TEXT, "/");
	if (len > NST_SCN_MAX_BYTES) {
		rc = fail(p, "the file is %zu bytes; a scenario has at most %d", len, NST_SCN_MAX_BYTES);
	} else if (memchr(text, '\0', len)) {
		rc = fail(p, "the file holds a NUL byte: not a text file");
	}
	for (size_t at = 0; rc == 0 && at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t l = nl ? (size_t)(nl - (text + at)) : len - at;
		char *w[MAX_WORDS];
		size_t n;

		p->line++;
		p->keyword = NULL;
		if (l > NST_SCN_MAX_LINE) {
			rc = fail(p, "a line of %zu bytes (at most %d)", l, NST_SCN_MAX_LINE);
			break;
		}
		memcpy(line, text + at, l);
		line[l] = '\0';
		at += l + 1;
		if (split(p, line, w, &n) < 0 || (n > 0 && statement(p, w, n) < 0)) {
			rc = -1;
		}
	}
	if (rc == 0 && out->n_steps == 0) {
		p->line = 0;
		rc = fail(p, "nothing to build: no statements");
	}
	free(p);
	if (rc < 0) {
		nst_scenario_free(out);
	}
	return rc;
}

void nst_scenario_free(struct nst_scenario *s)
{
	free(s->steps);
	memset(s, 0, sizeof(*s));
}

const char *nst_scn_proto_name(enum nst_scn_proto p)
{
	return p == NST_SCN_ICMP ? "icmp" : p == NST_SCN_UDP ? "udp" : "tcp";
}
