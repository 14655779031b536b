/* SPDX-License-Identifier: MIT */
/*
 * One rule's conditions against one packet, three-valued: the match record's
 * fields when they hold the whole condition, else the conditions' text as
 * nft writes it, with named and anonymous sets looked up in the ruleset.
 * Anything else in the text is "may match", never guessed.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "pkt_internal.h"
#include "quote.h"

enum kind { K_ADDR_S, K_ADDR_D, K_PORT_S, K_PORT_D, K_PROTO, K_IIF, K_OIF, K_CT, K_NFPROTO, K_FIB_DTYPE, K_IIFX, K_OIFX };
enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

static enum nst_tri and3(enum nst_tri a, enum nst_tri b)
{
	return a < b ? a : b;
}

static enum nst_tri not3(enum nst_tri a)
{
	return a == NST_T_MAYBE ? a : a == NST_T_YES ? NST_T_NO : NST_T_YES;
}

bool nst_pkt_parse_addr(int family, const char *s, uint8_t *out)
{
	char buf[64];
	uint8_t tmp[16];

	if (strlen(s) >= sizeof(buf)) {
		return false;
	}
	snprintf(buf, sizeof(buf), "%s", s);
	if (inet_pton(family, buf, tmp) != 1) {
		return false;
	}
	memcpy(out, tmp, family == AF_INET ? 4 : 16);
	return true;
}

/* "a", "a/len", "a-b" against addr. */
static enum nst_tri addr_elem(int family, const char *v, const uint8_t *addr)
{
	size_t alen = family == AF_INET ? 4 : 16;
	uint8_t lo[16], hi[16];
	char a[64];
	const char *slash = strchr(v, '/'), *dash = strchr(v, '-');

	if (strlen(v) >= sizeof(a)) {
		return NST_T_MAYBE;
	}
	if (slash) {
		char *end;
		unsigned long len = strtoul(slash + 1, &end, 10);
		snprintf(a, sizeof(a), "%.*s", (int)(slash - v), v);
		if (*end || len > alen * 8 || !nst_pkt_parse_addr(family, a, lo)) {
			return NST_T_MAYBE; /* another family, or not an address nstop reads */
		}
		for (unsigned i = 0; i < len; i++) {
			uint8_t bit = (uint8_t)(0x80u >> (i % 8));
			if ((lo[i / 8] & bit) != (addr[i / 8] & bit)) {
				return NST_T_NO;
			}
		}
		return NST_T_YES;
	}
	if (dash) {
		snprintf(a, sizeof(a), "%.*s", (int)(dash - v), v);
		if (!nst_pkt_parse_addr(family, a, lo) || !nst_pkt_parse_addr(family, dash + 1, hi)) {
			return NST_T_MAYBE;
		}
		return memcmp(addr, lo, alen) >= 0 && memcmp(addr, hi, alen) <= 0 ? NST_T_YES : NST_T_NO;
	}
	if (!nst_pkt_parse_addr(family, v, lo)) {
		return NST_T_MAYBE;
	}
	return memcmp(lo, addr, alen) == 0 ? NST_T_YES : NST_T_NO;
}

static bool parse_u(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (*s < '0' || *s > '9') {
		return false;
	}
	*out = strtoul(s, &end, 10);
	return !*end && *out <= max;
}

/* "80", "1000-2000" with an ordering operator against port. */
static enum nst_tri port_elem(const char *v, enum op op, unsigned port)
{
	unsigned long lo, hi;
	const char *dash = strchr(v, '-');
	char a[16];

	if (dash) {
		snprintf(a, sizeof(a), "%.*s", (int)(dash - v) < 15 ? (int)(dash - v) : 15, v);
		if (op != OP_EQ || !parse_u(a, 65535, &lo) || !parse_u(dash + 1, 65535, &hi)) {
			return NST_T_MAYBE;
		}
		return port >= lo && port <= hi ? NST_T_YES : NST_T_NO;
	}
	if (!parse_u(v, 65535, &lo)) {
		return NST_T_MAYBE; /* a service name nstop has no table for */
	}
	switch (op) {
	case OP_LT:
		return port < lo ? NST_T_YES : NST_T_NO;
	case OP_LE:
		return port <= lo ? NST_T_YES : NST_T_NO;
	case OP_GT:
		return port > lo ? NST_T_YES : NST_T_NO;
	case OP_GE:
		return port >= lo ? NST_T_YES : NST_T_NO;
	default:
		return port == lo ? NST_T_YES : NST_T_NO;
	}
}

/* "80", "1000-2000" with an ordering operator as the interval of ports it matches; false: not one. */
static bool port_interval(const char *v, enum op op, unsigned long *lo, unsigned long *hi)
{
	const char *dash = strchr(v, '-');
	char a[16];

	if (dash) {
		snprintf(a, sizeof(a), "%.*s", (int)(dash - v) < 15 ? (int)(dash - v) : 15, v);
		return op == OP_EQ && parse_u(a, 65535, lo) && parse_u(dash + 1, 65535, hi) && *lo <= *hi;
	}
	unsigned long n;
	if (!parse_u(v, 65535, &n)) {
		return false;
	}
	switch (op) {
	case OP_LT:
		*lo = 0, *hi = n ? n - 1 : 0;
		return n > 0;
	case OP_LE:
		*lo = 0, *hi = n;
		return true;
	case OP_GT:
		*lo = n + 1, *hi = 65535;
		return n < 65535;
	case OP_GE:
		*lo = n, *hi = 65535;
		return true;
	default:
		*lo = *hi = n;
		return true;
	}
}

/* A port known only to lie in [plo, phi] against a port condition: yes when all of it matches, no when none does. */
static enum nst_tri port_range_elem(const char *v, enum op op, unsigned plo, unsigned phi)
{
	unsigned long lo, hi;

	if (!port_interval(v, op, &lo, &hi)) {
		return NST_T_MAYBE;
	}
	if (plo >= lo && phi <= hi) {
		return NST_T_YES;
	}
	return phi < lo || plo > hi ? NST_T_NO : NST_T_MAYBE;
}

static int proto_num(const char *v)
{
	static const struct { const char *name; int num; } names[] = {
		{ "icmp", 1 }, { "igmp", 2 }, { "tcp", 6 }, { "udp", 17 }, { "gre", 47 }, { "esp", 50 },
		{ "ah", 51 }, { "icmpv6", 58 }, { "ipv6-icmp", 58 }, { "sctp", 132 }, { "dccp", 33 },
		{ "udplite", 136 },
	};
	unsigned long n;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(v, names[i].name) == 0) {
			return names[i].num;
		}
	}
	return parse_u(v, 255, &n) ? (int)n : -1;
}

/* An interface name as nft writes it: "eth0", "eth*" (a prefix); a quote or escape: not decided here. */
static enum nst_tri name_elem(const char *v, const char *name)
{
	size_t n = strlen(v);

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	}
	if (!n || memchr(v, '"', n) || memchr(v, '\\', n)) {
		return NST_T_MAYBE;
	}
	if (v[n - 1] == '*') {
		return strncmp(v, name, n - 1) == 0 ? NST_T_YES : NST_T_NO;
	}
	return strlen(name) == n && strncmp(v, name, n) == 0 ? NST_T_YES : NST_T_NO;
}

/* ct state: a packet is new or established (nstop's probes are neither related nor invalid). */
static enum nst_tri ct_elem(const char *v, bool established)
{
	const char *want = established ? "established" : "new";
	static const char *const known[] = { "new", "established", "related", "invalid", "untracked" };

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(v, known[i]) == 0) {
			return strcmp(v, want) == 0 ? NST_T_YES : NST_T_NO;
		}
	}
	return NST_T_MAYBE;
}

static enum nst_tri elem(enum kind k, const char *v, enum op op, const struct nst_pkt *p)
{
	if (op != OP_EQ && op != OP_NE && k != K_PORT_S && k != K_PORT_D) {
		return NST_T_MAYBE;
	}
	enum op eq = op == OP_NE ? OP_EQ : op;
	switch (k) {
	case K_ADDR_S:
	case K_ADDR_D:
		if (!(p->known & NST_PKT_K_ADDR)) {
			return NST_T_MAYBE;
		}
		return addr_elem(p->family, v, k == K_ADDR_S ? p->saddr : p->daddr);
	case K_PORT_S:
	case K_PORT_D:
		if (!(p->known & NST_PKT_K_L4) || (p->l4 != 6 && p->l4 != 17)) {
			return NST_T_MAYBE; /* no ports: the header's bytes there are something else */
		}
		if (!(p->known & (k == K_PORT_S ? NST_PKT_K_SPORT : NST_PKT_K_DPORT))) {
			unsigned lo = k == K_PORT_S ? p->sport_lo : p->dport_lo, hi = k == K_PORT_S ? p->sport_hi : p->dport_hi;
			return hi ? port_range_elem(v, eq, lo, hi) : NST_T_MAYBE;
		}
		return port_elem(v, eq, k == K_PORT_S ? p->sport : p->dport);
	case K_PROTO: {
		int n = proto_num(v);
		if (!(p->known & NST_PKT_K_L4) || n < 0) {
			return NST_T_MAYBE;
		}
		return n == p->l4 ? NST_T_YES : NST_T_NO;
	}
	case K_IIF:
		return name_elem(v, p->iif);
	case K_OIF:
		return name_elem(v, p->oif);
	case K_CT:
		return p->known & NST_PKT_K_CT ? ct_elem(v, p->established) : NST_T_MAYBE;
	case K_FIB_DTYPE:
		/* a local destination's type is local; another's is unicast, broadcast, ...: not decided here */
		if (!(p->known & NST_PKT_K_LOCAL)) {
			return NST_T_MAYBE;
		}
		if (strcmp(v, "local") == 0) {
			return p->daddr_local ? NST_T_YES : NST_T_NO;
		}
		return p->daddr_local ? NST_T_NO : NST_T_MAYBE;
	case K_IIFX:
	case K_OIFX: {
		/* meta iif / oif: the device's index, as the decoder writes it ("0x00000001") */
		char *end;
		unsigned long x = strtoul(v, &end, 16);
		int have = k == K_IIFX ? p->iif_index : p->oif_index;
		if (!(p->known & NST_PKT_K_IFINDEX) || strncmp(v, "0x", 2) != 0 || *end || x > 0x7fffffff) {
			return NST_T_MAYBE;
		}
		/* no device on this hook loads index 0 (nft_meta_store_ifindex), so `iif != X` matches it */
		return (unsigned long)have == x ? NST_T_YES : NST_T_NO;
	}
	case K_NFPROTO:
		if (strcmp(v, "ipv4") != 0 && strcmp(v, "ipv6") != 0) {
			return NST_T_MAYBE;
		}
		return (strcmp(v, "ipv6") == 0) == (p->family == AF_INET6) ? NST_T_YES : NST_T_NO;
	}
	return NST_T_MAYBE;
}

/* A comma-separated list (ct state's "established,related", a set's "a, b"): true of any element. */
static enum nst_tri any_of(enum kind k, const char *list, enum op op, const struct nst_pkt *p)
{
	enum nst_tri t = NST_T_NO;
	char one[NST_FW_ELEM_TEXT];

	for (const char *s = list; *s;) {
		while (*s == ' ' || *s == ',') {
			s++;
		}
		size_t n = strcspn(s, ",");
		while (n && s[n - 1] == ' ') {
			n--;
		}
		if (!n) {
			break;
		}
		if (n >= sizeof(one)) {
			return NST_T_MAYBE;
		}
		snprintf(one, sizeof(one), "%.*s", (int)n, s);
		enum nst_tri e = elem(k, one, op == OP_NE ? OP_EQ : op, p);
		t = e > t ? e : t;
		s += n;
		while (*s && *s != ',') {
			s++;
		}
	}
	return t;
}

static enum op op_prefix(const char **v)
{
	static const struct { const char *s; enum op op; } ops[] = {
		{ "!= ", OP_NE }, { "<= ", OP_LE }, { ">= ", OP_GE }, { "< ", OP_LT }, { "> ", OP_GT }, { "== ", OP_EQ },
	};
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].s);
		if (strncmp(*v, ops[i].s, n) == 0) {
			*v += n;
			return ops[i].op;
		}
	}
	return OP_EQ;
}

/* One field of the match record: "" any, else [op] value. */
static enum nst_tri field(enum kind k, const char *f, const struct nst_pkt *p)
{
	if (!f[0]) {
		return NST_T_YES;
	}
	enum op op = op_prefix(&f);
	if (strpbrk(f, "{}@")) {
		return NST_T_MAYBE;
	}
	enum nst_tri t = k == K_CT ? any_of(k, f, op, p) : elem(k, f, op, p);
	return op == OP_NE ? not3(t) : t;
}

static enum nst_tri fields(const struct nst_fw_rule *r, const struct nst_pkt *p)
{
	const struct nst_nat_match *m = &r->match;
	enum nst_tri t = field(K_PROTO, m->proto, p);

	t = and3(t, field(K_IIF, m->iif, p));
	t = and3(t, field(K_OIF, m->oif, p));
	t = and3(t, field(K_ADDR_S, m->saddr, p));
	t = and3(t, field(K_ADDR_D, m->daddr, p));
	t = and3(t, field(K_PORT_S, m->sport, p));
	t = and3(t, field(K_PORT_D, m->dport, p));
	return and3(t, field(K_CT, m->ct_state, p));
}

/* The next token of s at *at: a "..." string, a { ... } group or a word; false at the end. */
static bool token(const char *s, size_t *at, char *out, size_t len)
{
	size_t i = *at, n;

	while (s[i] == ' ') {
		i++;
	}
	if (!s[i]) {
		return false;
	}
	if (s[i] == '"') {
		const char *q = strchr(s + i + 1, '"');
		n = q ? (size_t)(q - (s + i)) + 1 : strlen(s + i);
	} else if (s[i] == '{') {
		const char *q = strchr(s + i, '}');
		n = q ? (size_t)(q - (s + i)) + 1 : strlen(s + i);
	} else {
		n = strcspn(s + i, " ");
	}
	if (n >= len) {
		return false;
	}
	snprintf(out, len, "%.*s", (int)n, s + i);
	*at = i + n;
	return true;
}

/* A named or anonymous set's elements as one list "a, b"; MAYBE (why) when they are not all known. */
static bool set_elems(const struct nst_fw_ruleset *rs, const struct nst_fw_rule *r, const char *name, char **list,
		      char *why, size_t len)
{
	for (size_t i = 0; i < rs->n_sets; i++) {
		const struct nst_fw_set *s = &rs->sets[i];
		if (strcmp(s->family, r->family) != 0 || strcmp(s->table, r->table) != 0 || strcmp(s->name, name) != 0) {
			continue;
		}
		if (s->elems_unread || s->elems_not_kept || s->first_elem + s->n_elems > rs->n_elems) {
			snprintf(why, len, "set @%.64s: its elements are not all read", name);
			return false;
		}
		if (s->flags & (NST_SET_MAP | NST_SET_CONCAT | NST_SET_OBJECT)) {
			snprintf(why, len, "set @%.64s is a map or a concatenation", name);
			return false;
		}
		if (s->flags & (NST_SET_TIMEOUT | NST_SET_EVAL)) {
			snprintf(why, len, "set @%.64s is dynamic: the packets fill it", name);
			return false;
		}
		size_t cap = 1;
		for (size_t k = 0; k < s->n_elems; k++) {
			cap += strlen(rs->elems[s->first_elem + k].text) + 2;
		}
		*list = calloc(1, cap);
		if (!*list) {
			snprintf(why, len, "out of memory");
			return false;
		}
		for (size_t k = 0; k < s->n_elems; k++) {
			if (k) {
				strcat(*list, ", ");
			}
			strcat(*list, rs->elems[s->first_elem + k].text);
		}
		return true;
	}
	snprintf(why, len, "set @%.64s: nstop has not read it", name);
	return false;
}

/* The conditions' text: every condition one nstop knows, else MAYBE with the first it does not. */
static enum nst_tri text_match(const struct nst_fw_ruleset *rs, const struct nst_fw_rule *r, const struct nst_pkt *p,
			       char *why, size_t len)
{
	enum nst_tri t = NST_T_YES;
	size_t at = 0, start;
	char a[64], b[64], v[512];

	for (;;) {
		while (r->cond[at] == ' ') {
			at++;
		}
		start = at;
		if (!r->cond[at]) {
			break;
		}
		if (!token(r->cond, &at, a, sizeof(a))) {
			snprintf(why, len, "condition `%.120s` (nstop does not evaluate it)", r->cond + start);
			return NST_T_MAYBE; /* a word longer than any nstop knows: never skipped as if absent */
		}
		enum kind k = K_PROTO;
		bool ok = true;
		const char *implied = NULL;
		if (strcmp(a, "iifname") == 0 || strcmp(a, "oifname") == 0) {
			k = a[0] == 'i' ? K_IIF : K_OIF;
		} else if (strcmp(a, "iif") == 0 || strcmp(a, "oif") == 0) {
			k = a[0] == 'i' ? K_IIFX : K_OIFX;
		} else if (!token(r->cond, &at, b, sizeof(b))) {
			ok = false;
		} else if ((strcmp(a, "ip") == 0 || strcmp(a, "ip6") == 0) &&
			   (strcmp(b, "saddr") == 0 || strcmp(b, "daddr") == 0)) {
			k = b[0] == 's' ? K_ADDR_S : K_ADDR_D;
		} else if ((strcmp(a, "ip") == 0 && strcmp(b, "protocol") == 0) ||
			   (strcmp(a, "ip6") == 0 && strcmp(b, "nexthdr") == 0) ||
			   (strcmp(a, "meta") == 0 && strcmp(b, "l4proto") == 0)) {
			k = K_PROTO;
		} else if (strcmp(a, "meta") == 0 && strcmp(b, "nfproto") == 0) {
			k = K_NFPROTO;
		} else if (strcmp(a, "fib") == 0 && strcmp(b, "daddr") == 0) {
			char c[16];
			k = K_FIB_DTYPE; /* "fib daddr type local" (iptables' -m addrtype --dst-type LOCAL) */
			ok = token(r->cond, &at, c, sizeof(c)) && strcmp(c, "type") == 0;
		} else if (strcmp(a, "ct") == 0 && strcmp(b, "state") == 0) {
			k = K_CT;
		} else if ((strcmp(a, "tcp") == 0 || strcmp(a, "udp") == 0 || strcmp(a, "th") == 0) &&
			   (strcmp(b, "sport") == 0 || strcmp(b, "dport") == 0)) {
			k = b[0] == 's' ? K_PORT_S : K_PORT_D;
			implied = strcmp(a, "th") != 0 ? a : NULL; /* nft folds l4proto into "tcp dport" */
		} else {
			ok = false;
		}
		enum op op = OP_EQ;
		if (ok && token(r->cond, &at, v, sizeof(v))) {
			const char *o = v;
			char sp[sizeof(v) + 1];
			snprintf(sp, sizeof(sp), "%s ", v);
			o = sp;
			enum op got = op_prefix(&o);
			if (o != sp) {
				op = got;
				ok = token(r->cond, &at, v, sizeof(v));
			}
		} else {
			ok = false;
		}
		if (!ok) {
			snprintf(why, len, "condition `%.120s` (nstop does not evaluate it)", r->cond + start);
			return NST_T_MAYBE;
		}
		enum nst_tri e;
		if (v[0] == '@') {
			char *list = NULL;
			if (!set_elems(rs, r, v + 1, &list, why, len)) {
				return NST_T_MAYBE;
			}
			e = any_of(k, list, op, p);
			free(list);
		} else if (v[0] == '{') {
			size_t n = strlen(v);
			if (n < 2 || v[n - 1] != '}') {
				snprintf(why, len, "condition `%.120s` (a set nstop cannot read whole)", r->cond + start);
				return NST_T_MAYBE;
			}
			v[n - 1] = '\0';
			e = any_of(k, v + 1, op, p);
		} else {
			e = k == K_CT ? any_of(k, v, op, p) : elem(k, v, op, p);
		}
		if (op == OP_NE) {
			e = not3(e);
		}
		if (implied) {
			e = and3(e, elem(K_PROTO, implied, OP_EQ, p));
		}
		if (e == NST_T_MAYBE && !why[0]) {
			snprintf(why, len, "condition `%.120s` is not decided for this packet", r->cond + start);
		}
		t = and3(t, e);
	}
	return t;
}

bool nst_pkt_text_whole(const struct nst_fw_rule *r)
{
	/* raw for a reason whose condition the text still says whole (dec_match_raw writes it out) */
	static const char *const whole[] = { "an anonymous set", "a meta match that is not a field of the record",
					     "a payload match that is not a field of the record",
					     "a range that is not a field of the record",
					     "a field matched twice, the record holds one" };

	if (!r->raw) {
		return true;
	}
	for (size_t i = 0; i < sizeof(whole) / sizeof(whole[0]); i++) {
		if (strncmp(r->raw_why, whole[i], strlen(whole[i])) == 0) {
			return true;
		}
	}
	return false;
}

enum nst_tri nst_pkt_rule_match(const struct nst_fw_ruleset *rs, const struct nst_fw_rule *r, const struct nst_pkt *p,
				char *why, size_t len)
{
	bool anon = r->raw && nst_pkt_text_whole(r);
	/* every field is a condition the rule surely has (all of a rule's are ANDed): one false decides */
	enum nst_tri t = fields(r, p);

	why[0] = '\0';
	if (t == NST_T_NO) {
		return t;
	}
	if (r->raw && !anon) {
		snprintf(why, len, "the rule is not wholly decoded (%.63s)", r->raw_why);
		return NST_T_MAYBE;
	}
	if (r->cond_cut) {
		snprintf(why, len, "its conditions are longer than nstop keeps");
		return NST_T_MAYBE;
	}
	if (!r->match.other && !r->raw) {
		if (t == NST_T_MAYBE) {
			snprintf(why, len, "condition `%.120s` is not decided for this packet", r->cond);
		}
		return t;
	}
	if (!r->cond[0]) {
		snprintf(why, len, "a condition the rule's text does not show");
		return NST_T_MAYBE;
	}
	return text_match(rs, r, p, why, len);
}

char *nst_pkt_rule_text(const struct nst_fw_ruleset *rs, const struct nst_fw_rule *r)
{
	struct nst_buf b = { 0 };
	char why[200];

	for (const char *s = r->text; *s;) {
		const char *at = strstr(s, "@__set");
		if (!at) {
			nst_buf_puts(&b, s);
			break;
		}
		size_t n = strcspn(at, " ");
		char name[NST_NFT_NAMELEN];
		char *list = NULL;
		snprintf(name, sizeof(name), "%.*s", (int)(n - 1), at + 1);
		nst_buf_putn(&b, s, (size_t)(at - s));
		if (set_elems(rs, r, name, &list, why, sizeof(why))) {
			nst_buf_printf(&b, "{ %s }", list);
			free(list);
		} else {
			nst_buf_putn(&b, at, n);
		}
		s = at + n;
	}
	return nst_buf_take(&b);
}
