/* SPDX-License-Identifier: MIT */
/*
 * Sets and maps in nft's words: the key and data types from nft's datatype
 * numbers (a concatenation packs 6 bits a part, the first part highest, each
 * part padded to 4 bytes in the key), each element's value as nft lists it,
 * and an interval set's two ends (the kernel keeps a start and an exclusive
 * end element) paired back into one "a-b" or "a/len".
 */
#include "ruleset.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "xalloc.h"

/* nftables' enum datatypes (include/datatype.h) */
enum { T_VERDICT = 1, T_INTEGER = 4, T_STRING = 5, T_IPADDR = 7, T_IP6ADDR = 8, T_ETHERADDR = 9,
       T_INET_PROTOCOL = 12, T_INET_SERVICE = 13, T_MARK = 19, T_IFNAME = 41, TYPE_BITS = 6 };
enum { ELEM_INTERVAL_END = 1 };
enum { V_DROP = 0, V_ACCEPT = 1, V_CONTINUE = -1, V_JUMP = -3, V_GOTO = -4, V_RETURN = -5 };
#define MAX_PARTS 8

struct type_info {
	uint32_t type;
	const char *name;
	uint32_t len; /* bytes of a value; 0: as long as the key */
};

static const struct type_info types[] = {
	{ T_VERDICT, "verdict", 0 },	     { T_INTEGER, "integer", 0 },	  { T_STRING, "string", 0 },
	{ T_IPADDR, "ipv4_addr", 4 },	     { T_IP6ADDR, "ipv6_addr", 16 },	  { T_ETHERADDR, "ether_addr", 6 },
	{ T_INET_PROTOCOL, "inet_proto", 1 }, { T_INET_SERVICE, "inet_service", 2 }, { T_MARK, "mark", 4 },
	{ T_IFNAME, "ifname", 16 },
};

static const struct type_info *type_of(uint32_t t)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (types[i].type == t) {
			return &types[i];
		}
	}
	return NULL;
}

/* A concatenation's parts, first first; 1 for a plain type. */
static size_t parts_of(uint32_t t, uint32_t *out)
{
	uint32_t rev[MAX_PARTS];
	size_t n = 0;

	if (t < (1u << TYPE_BITS)) {
		out[0] = t;
		return 1;
	}
	while (t && n < MAX_PARTS) {
		rev[n++] = t & ((1u << TYPE_BITS) - 1);
		t >>= TYPE_BITS;
	}
	for (size_t i = 0; i < n; i++) {
		out[i] = rev[n - 1 - i];
	}
	return n;
}

static void type_text(uint32_t t, char *out, size_t len)
{
	uint32_t parts[MAX_PARTS];
	size_t n = parts_of(t, parts), o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const struct type_info *ti = type_of(parts[i]);
		if (ti) {
			o += (size_t)snprintf(out + o, o < len ? len - o : 0, "%s%s", i ? " . " : "", ti->name);
		} else {
			o += (size_t)snprintf(out + o, o < len ? len - o : 0, "%stype %u", i ? " . " : "", parts[i]);
		}
	}
}

void nst_fw_set_types(struct nst_fw_set *s)
{
	type_text(s->key_type, s->key, sizeof(s->key));
	s->data[0] = '\0';
	if (s->flags & NST_SET_MAP) {
		if (s->data_type == NST_FW_DATA_VERDICT) {
			snprintf(s->data, sizeof(s->data), "verdict");
		} else {
			type_text(s->data_type, s->data, sizeof(s->data));
		}
	}
}

size_t nst_fw_set_flag_names(uint32_t flags, const char **out, size_t max)
{
	static const char *const names[] = { "anonymous", "constant", "interval", "map",    "timeout",
					     "dynamic",	  "object",   "concat",	  "expr" };
	size_t n = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && n < max; i++) {
		if (flags & (1u << i)) {
			out[n++] = names[i];
		}
	}
	return n;
}

static void hex(const uint8_t *p, size_t n, char *out, size_t len)
{
	size_t o = (size_t)snprintf(out, len, "0x");
	for (size_t i = 0; i < n && o + 3 <= len; i++) {
		o += (size_t)snprintf(out + o, len - o, "%02x", p[i]);
	}
}

static const char *proto_name(uint8_t p)
{
	switch (p) {
	case 1:
		return "icmp";
	case 2:
		return "igmp";
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 47:
		return "gre";
	case 50:
		return "esp";
	case 51:
		return "ah";
	case 58:
		return "ipv6-icmp";
	case 132:
		return "sctp";
	case 136:
		return "udplite";
	default:
		return NULL;
	}
}

/* One value of type t in len bytes, as nft lists it; false when nstop does not know t at this length. */
static bool value_text(uint32_t t, const uint8_t *p, size_t len, char *out, size_t olen)
{
	const struct type_info *ti = type_of(t);
	uint32_t u32;

	if (!ti || (ti->len && len != ti->len)) {
		return false;
	}
	switch (t) {
	case T_IPADDR:
	case T_IP6ADDR:
		return inet_ntop(t == T_IPADDR ? AF_INET : AF_INET6, p, out, (socklen_t)olen) != NULL;
	case T_INET_SERVICE:
		snprintf(out, olen, "%u", (unsigned)(p[0] << 8 | p[1]));
		return true;
	case T_INET_PROTOCOL: {
		const char *s = proto_name(p[0]);
		if (s) {
			snprintf(out, olen, "%s", s);
		} else {
			snprintf(out, olen, "%u", p[0]);
		}
		return true;
	}
	case T_ETHERADDR:
		snprintf(out, olen, "%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2], p[3], p[4], p[5]);
		return true;
	case T_MARK:
		memcpy(&u32, p, 4); /* host byte order, as nft keeps a mark */
		snprintf(out, olen, "0x%08x", u32);
		return true;
	case T_IFNAME: {
		const uint8_t *nul = memchr(p, '\0', len);
		size_t n = nul ? (size_t)(nul - p) : len;
		if (memchr(p, '"', n)) {
			return false; /* a quote would end the "...": hex, so ", " never splits one element in two */
		}
		/* a prefix (iptables' "eth+") is stored without its NUL: nft writes "eth*"; a literal '*' "lab\*" */
		bool star = nul && n && p[n - 1] == '*';
		snprintf(out, olen, "\"%.*s%s\"", (int)(star ? n - 1 : n), (const char *)p, nul ? (star ? "\\*" : "") : "*");
		return true;
	}
	default:
		return false;
	}
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* an address range that is exactly a prefix: its length; -1 otherwise */
static int range_prefix(const uint8_t *lo, const uint8_t *hi, size_t n)
{
	size_t bits = n * 8, k = 0;

	while (k < bits && ((lo[k / 8] ^ hi[k / 8]) & (0x80 >> (k % 8))) == 0) {
		k++;
	}
	for (size_t b = k; b < bits; b++) {
		bool l = lo[b / 8] & (0x80 >> (b % 8)), h = hi[b / 8] & (0x80 >> (b % 8));
		if (l || !h) {
			return -1;
		}
	}
	return (int)k;
}

/* A value, or a range lo..hi (inclusive) of it, as nft writes it. */
static bool range_text(uint32_t t, const uint8_t *lo, const uint8_t *hi, size_t len, char *out, size_t olen)
{
	char a[96], b[96];

	if (!value_text(t, lo, len, a, sizeof(a))) {
		return false;
	}
	if (!hi || memcmp(lo, hi, len) == 0) {
		snprintf(out, olen, "%s", a);
		return true;
	}
	if (!value_text(t, hi, len, b, sizeof(b))) {
		return false;
	}
	int prefix = t == T_IPADDR || t == T_IP6ADDR ? range_prefix(lo, hi, len) : -1;
	if (prefix >= 0) {
		snprintf(out, olen, "%s/%d", a, prefix);
	} else {
		snprintf(out, olen, "%s-%s", a, b);
	}
	return true;
}

/* A key or data of type t (a concatenation too), lo..hi when hi is not NULL; hex when a part is unknown. */
static void key_text(uint32_t t, const uint8_t *lo, const uint8_t *hi, size_t len, char *out, size_t olen)
{
	uint32_t parts[MAX_PARTS];
	size_t n = parts_of(t, parts), off = 0, o = 0;

	out[0] = '\0';
	if (n == 1) {
		/* a plain type whose length is the key's (integer, string ...) or fixed */
		const struct type_info *ti = type_of(t);
		/* integer, string: no byte order or length nstop can know; hex */
		if (ti && ti->len == len && range_text(t, lo, hi, len, out, olen)) {
			return;
		}
		hex(lo, len, out, olen);
		if (hi && memcmp(lo, hi, len) != 0) {
			size_t k = strlen(out);
			out[k] = '-';
			hex(hi, len, out + k + 1, olen - k - 1);
		}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct type_info *ti = type_of(parts[i]);
		char v[200];
		if (!ti || !ti->len || off + ti->len > len ||
		    !range_text(parts[i], lo + off, hi ? hi + off : NULL, ti->len, v, sizeof(v))) {
			hex(lo, len, out, olen);
			return;
		}
		o += (size_t)snprintf(out + o, o < olen ? olen - o : 0, "%s%s", i ? " . " : "", v);
		off += pad4(ti->len);
	}
	if (off != pad4(len) && off != len) {
		hex(lo, len, out, olen);
	}
}

static void verdict_text(const struct nst_fw_elem_raw *r, char *out, size_t len)
{
	switch (r->verdict) {
	case V_ACCEPT:
		snprintf(out, len, "accept");
		break;
	case V_DROP:
		snprintf(out, len, "drop");
		break;
	case V_CONTINUE:
		snprintf(out, len, "continue");
		break;
	case V_RETURN:
		snprintf(out, len, "return");
		break;
	case V_JUMP:
	case V_GOTO:
		snprintf(out, len, "%s %s", r->verdict == V_JUMP ? "jump" : "goto", r->chain);
		break;
	default:
		snprintf(out, len, "verdict %d", r->verdict);
		break;
	}
}

static void add_elem(struct nst_fw_ruleset *rs, struct nst_fw_set *s, const struct nst_fw_elem_raw *r,
		     const uint8_t *hi)
{
	if (s->n_elems >= NST_FW_SET_ELEMS) {
		s->elems_not_kept++;
		return;
	}
	struct nst_fw_elem *e = xgrow(&rs->elems, &rs->n_elems, &rs->cap_elems, sizeof(*rs->elems));
	char data[NST_NFT_NAMELEN + 16];
	s->n_elems++;
	key_text(s->key_type, r->key, hi, r->key_len, e->text, sizeof(e->text));
	if (!(s->flags & NST_SET_MAP)) {
		if (strlen(e->text) == sizeof(e->text) - 1) {
			memcpy(e->text + sizeof(e->text) - 4, "...", 4);
		}
		return;
	}
	if (r->has_verdict) {
		verdict_text(r, data, sizeof(data));
	} else {
		key_text(s->data_type, r->data, NULL, r->data_len, data, sizeof(data));
	}
	size_t k = strlen(e->text);
	snprintf(e->text + k, sizeof(e->text) - k, " : %s", data);
	if (strlen(e->text) == sizeof(e->text) - 1) {
		/* ran out of room: say so rather than show a shorter value */
		memcpy(e->text + sizeof(e->text) - 4, "...", 4);
	}
}

static int key_cmp(const void *a, const void *b)
{
	const struct nst_fw_elem_raw *x = a, *y = b;
	size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
	int c = memcmp(x->key, y->key, n);

	if (c || x->key_len != y->key_len) {
		return c ? c : (x->key_len < y->key_len ? -1 : 1);
	}
	/* an end and a start on one key: the end closes the range before, so it sorts first */
	return (int)(y->flags & ELEM_INTERVAL_END) - (int)(x->flags & ELEM_INTERVAL_END);
}

/* big-endian minus one; false at zero */
static bool dec_be(uint8_t *p, size_t n)
{
	for (size_t i = n; i-- > 0;) {
		if (p[i]--) {
			return true;
		}
	}
	return false;
}

void nst_fw_set_elems(struct nst_fw_ruleset *rs, size_t set, struct nst_fw_elem_raw *raw, size_t n)
{
	struct nst_fw_set *s = &rs->sets[set];

	s->first_elem = rs->n_elems;
	s->n_elems = s->elems_not_kept = 0;
	bool intervals = (s->flags & NST_SET_INTERVAL) && !(s->flags & NST_SET_CONCAT);
	if (n == 0) {
		return;
	}
	if (!intervals) {
		for (size_t i = 0; i < n; i++) {
			add_elem(rs, s, &raw[i], raw[i].key_end_len == raw[i].key_len && raw[i].key_end_len ? raw[i].key_end : NULL);
		}
		return;
	}
	/* the kernel's tree holds a start and the first value past the end: sort, then pair */
	qsort(raw, n, sizeof(*raw), key_cmp);
	for (size_t i = 0; i < n; i++) {
		uint8_t hi[64];
		if (raw[i].flags & ELEM_INTERVAL_END) {
			continue; /* an end without its start: nft's own end-of-space marker */
		}
		if (i + 1 < n && (raw[i + 1].flags & ELEM_INTERVAL_END) && raw[i + 1].key_len == raw[i].key_len) {
			memcpy(hi, raw[i + 1].key, raw[i].key_len);
			if (!dec_be(hi, raw[i].key_len)) {
				memcpy(hi, raw[i].key, raw[i].key_len);
			}
			i++;
			add_elem(rs, s, &raw[i - 1], hi);
		} else {
			/* no end: the range runs to the top of the space */
			memset(hi, 0xff, sizeof(hi));
			add_elem(rs, s, &raw[i], hi);
		}
	}
}

/* Replace "#idx" after "xt set " (or "xt set ! ") in s with name; the position, or -1 when absent or no room. */
/*
 * The ipset index tokens of a text ("xt set #3", "xt set ! #3") outside
 * "..." strings: a log prefix or an ipset name already put in may read
 * like one and must not be rewritten (their quotes are never escaped: a
 * quote inside makes the rule raw, or is a '?'). The first token's offset
 * (at the '#') with its index in *idx (any), or the first of index *idx; -1.
 */
static long next_index(const char *s, bool any, unsigned *idx)
{
	bool quoted = false;

	if (!strstr(s, "xt set ")) {
		return -1; /* the usual case, every rule of a ruleset checked: no scan byte by byte */
	}

	for (const char *p = s; *p; p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (quoted || (p != s && p[-1] != ' ') || strncmp(p, "xt set ", 7) != 0) {
			continue;
		}
		const char *h = p + 7 + (strncmp(p + 7, "! ", 2) == 0 ? 2 : 0);
		char *end;
		if (*h != '#' || h[1] < '0' || h[1] > '9') {
			continue;
		}
		unsigned long v = strtoul(h + 1, &end, 10);
		if (v <= 0xffff && (*end == ' ' || *end == '\0') && (any || v == *idx)) {
			*idx = (unsigned)v;
			return (long)(h - s);
		}
	}
	return -1;
}

long nst_ipset_index_in(const char *text)
{
	unsigned idx = 0;

	return next_index(text, true, &idx) < 0 ? -1 : (long)idx;
}

static long replace_index(char *s, size_t cap, unsigned idx, const char *name)
{
	unsigned found = idx;
	long at = next_index(s, false, &found);
	char tok[32];

	if (at < 0) {
		return -1;
	}
	size_t tl = (size_t)snprintf(tok, sizeof(tok), "#%u", idx), len = strlen(s), nl = strlen(name);
	if (len - tl + nl + 1 > cap) {
		return -1;
	}
	memmove(s + at + nl, s + at + tl, len - (size_t)at - tl + 1);
	memcpy(s + at, name, nl);
	return at;
}

/* The rewrite on one text (and its cond, counter span): a rule's or a NAT record's. */
static int ipset_name_in(char *text, size_t text_cap, char *cond, size_t cond_cap, uint16_t *counter_at,
			 uint16_t counter_len, bool *cond_cut, unsigned idx, const char *name)
{
	char shown[2 * 32 + 3];
	size_t o = 0;
	bool bare = name[0] != '\0';

	for (const char *c = name; *c; c++) {
		bare = bare && ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
				*c == '_' || *c == '-' || *c == '.');
	}
	if (strlen(name) > 32) {
		return 0; /* IPSET_MAXNAMELEN: the kernel sends no longer one */
	}
	if (!bare) {
		/* a name of any bytes: quoted, and what would end the quotes or the line is a '?' */
		shown[o++] = '"';
		for (const char *c = name; *c; c++) {
			shown[o++] = (*c == '"' || *c == '\\' || (unsigned char)*c < 0x20 || *c == 0x7f) ? '?' : *c;
		}
		shown[o++] = '"';
	} else {
		memcpy(shown, name, strlen(name));
		o = strlen(name);
	}
	shown[o] = '\0';
	long at = replace_index(text, text_cap, idx, shown);
	if (at < 0) {
		return 0;
	}
	long grew = (long)o - 1 - (long)snprintf(NULL, 0, "%u", idx); /* "#idx" became the name */
	if (counter_len && at < (long)*counter_at) {
		*counter_at = (uint16_t)((long)*counter_at + grew);
	}
	if (replace_index(cond, cond_cap, idx, shown) < 0 && strstr(cond, "xt set")) {
		*cond_cut = true; /* no room: the conditions are no longer whole */
	}
	return 1;
}

int nst_fw_rule_ipset_name(struct nst_fw_rule *r, unsigned idx, const char *name)
{
	return ipset_name_in(r->text, sizeof(r->text), r->cond, sizeof(r->cond), &r->counter_at, r->counter_len,
			     &r->cond_cut, idx, name);
}

int nst_nat_rule_ipset_name(struct nst_nat_rule *r, unsigned idx, const char *name)
{
	return ipset_name_in(r->summary, sizeof(r->summary), r->cond, sizeof(r->cond), &r->counter_at,
			     r->counter_len, &r->cond_cut, idx, name);
}
