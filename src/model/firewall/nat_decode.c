/* SPDX-License-Identifier: MIT */
/*
 * Decoding a NAT rule from its expressions by following registers, as
 * nftables' netlink_delinearize.c does: loads (meta, payload, bitwise,
 * immediate) fill registers; cmp/range turn a register into a match; nat,
 * masq and redir read their addresses and ports from registers; iptables-nft
 * xt targets (DNAT, SNAT, MASQUERADE, REDIRECT) carry theirs in a struct.
 * Bytes are copied out, never cast. Unknown expressions stay visible, and
 * an expression not wholly in the summary and the record (a mask, an
 * operator, a set, a map, a flag nstop does not know) marks the rule raw,
 * saying why: the export script never recreates a rule from a summary that
 * lost a condition.
 */
#include "nat.h"
#include "quote.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* Kernel constants (linux/netfilter/nf_tables.h, nf_nat.h), spelled out to keep the model libc-only. */
enum { META_LEN = 0, META_PROTOCOL = 1, META_IIF = 4, META_OIF = 5, META_IIFNAME = 6, META_OIFNAME = 7,
       META_NFPROTO = 15, META_L4PROTO = 16 };
enum { PAYLOAD_LL = 0, PAYLOAD_NETWORK = 1, PAYLOAD_TRANSPORT = 2 };
enum { CMP_EQ, CMP_NEQ, CMP_LT, CMP_LTE, CMP_GT, CMP_GTE };
enum { NAT_SNAT = 0, NAT_DNAT = 1 };
enum { NFPROTO_IPV4 = 2, NFPROTO_IPV6 = 10 };
enum { RANGE_MAP_IPS = 1, RANGE_PROTO_SPECIFIED = 2, RANGE_RANDOM = 4, RANGE_PERSISTENT = 8,
       RANGE_RANDOM_FULLY = 0x10, RANGE_KNOWN = 0x1f };
enum { BITWISE_BOOL = 0 };
enum { LOOKUP_F_INV = 1 };
#define NREGS 32

enum reg_kind { R_NONE, R_META, R_PAYLOAD, R_IMM, R_CT, R_MAP };

struct reg {
	enum reg_kind kind;
	uint32_t key, base, offset, len;
	uint8_t data[NST_EXPR_DATA]; /* R_IMM: the value; R_MAP: the map's name */
	uint32_t data_len;
	bool masked;  /* a bitwise went over it: a consumer that ignores the mask would drop it */
	int prefix;   /* the mask is leading ones with xor 0: their count; -1 otherwise */
	uint8_t mask[NST_EXPR_DATA], xor[NST_EXPR_DATA];
	uint32_t mask_len, xor_len;
};

struct dec {
	struct reg r[NREGS];
	struct nst_nat_rule *rule;
	int ipv6;            /* the rule's network header is IPv6 (family ip6, or nfproto ipv6 in inet) */
	bool verdicts;       /* nst_rule_text_decode: verdicts are text, not raw */
	bool arp;            /* family arp: the network header is ARP's, not IP's */
	bool family_ip;      /* family ip or ip6: a reject's icmp type is the family's own */
	const char *l4;      /* protocol name for transport fields */
	size_t n;            /* summary length */
	bool full;           /* the summary ran out of room */
	char l4_text[64];    /* "meta l4proto tcp", printed unless a port match folds it in */
	struct {             /* a `>=` on a port waiting for its `<=` (nft writes 1000-2000 so) */
		bool on;
		uint32_t sreg, offset;
		uint16_t port;
		char l4[8];
	} lo;
};

const char *nst_nat_type_str(enum nst_nat_type t)
{
	switch (t) {
	case NST_NAT_DNAT:
		return "dnat";
	case NST_NAT_SNAT:
		return "snat";
	case NST_NAT_MASQ:
		return "masquerade";
	case NST_NAT_REDIRECT:
		return "redirect";
	default:
		return "other";
	}
}

/* The rule is not wholly in the record: keep the first reason. */
static void raw(struct dec *d, const char *why)
{
	d->rule->raw = true;
	if (!d->rule->raw_why[0]) {
		snprintf(d->rule->raw_why, sizeof(d->rule->raw_why), "%s", why);
	}
}

static void say_raw(struct dec *d, const char *text)
{
	char *s = d->rule->summary;
	size_t cap = sizeof(d->rule->summary), need = strlen(text) + (d->n ? 1 : 0);

	/* room for " ..." stays, so a cut summary says so */
	if (d->full || d->n + need + 4 >= cap) {
		d->full = true;
		return;
	}
	d->n += (size_t)snprintf(s + d->n, cap - d->n, "%s%s", d->n ? " " : "", text);
}

/* A pending l4proto match not folded into a port match is printed before what follows. */
static void flush_l4(struct dec *d)
{
	if (d->l4_text[0]) {
		char t[sizeof(d->l4_text)];
		snprintf(t, sizeof(t), "%s", d->l4_text);
		d->l4_text[0] = '\0';
		say_raw(d, t);
	}
}

static void say(struct dec *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One piece of the summary; a piece cut short says so and makes the rule raw. */
static void piece(struct dec *d, char *text, size_t len, const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static void piece(struct dec *d, char *text, size_t len, const char *fmt, va_list ap)
{
	if ((size_t)vsnprintf(text, len, fmt, ap) >= len) {
		strcpy(text + len - 4, "...");
		raw(d, "a part of the rule too long for the summary");
	}
}

static void say(struct dec *d, const char *fmt, ...)
{
	char text[320];
	va_list ap;

	va_start(ap, fmt);
	piece(d, text, sizeof(text), fmt, ap);
	va_end(ap);
	flush_l4(d);
	say_raw(d, text);
}

/* Address and interface matches keep a pending l4proto pending: nft folds
 * `meta l4proto tcp ip daddr X th dport 80` into `ip daddr X tcp dport 80`. */
static void say_keep_l4(struct dec *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say_keep_l4(struct dec *d, const char *fmt, ...)
{
	char text[320];
	va_list ap;

	va_start(ap, fmt);
	piece(d, text, sizeof(text), fmt, ap);
	va_end(ap);
	say_raw(d, text);
}

static struct reg *reg(struct dec *d, uint32_t i)
{
	static struct reg none;
	/* NFT_REG_1..4 are 16-byte registers 1..4; NFT_REG32_* are 8..23: map both into the table. */
	if (i < NREGS) {
		return &d->r[i];
	}
	memset(&none, 0, sizeof(none));
	return &none;
}

static const char *proto_name(uint8_t p, char *buf, size_t len)
{
	switch (p) {
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 1:
		return "icmp";
	case 58:
		return "icmpv6";
	case 132:
		return "sctp";
	case 33:
		return "dccp";
	default:
		snprintf(buf, len, "%u", p);
		return buf;
	}
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static void fmt_addr(int family, const uint8_t *bytes, char *out, size_t len)
{
	if (!inet_ntop(family, bytes, out, (socklen_t)len)) {
		snprintf(out, len, "?");
	}
}

/* "0x0a000001": bytes in order, as far as they fit. */
static void hex(const uint8_t *p, uint32_t n, char *out, size_t len)
{
	size_t o = (size_t)snprintf(out, len, "0x");

	for (uint32_t i = 0; i < n && o + 3 <= len; i++) {
		o += (size_t)snprintf(out + o, len - o, "%02x", p[i]);
	}
}

/* The operator in front of a value, as nft writes it; "" for equality. */
static const char *op_str(uint32_t op)
{
	static const char *const ops[] = { "", "!= ", "< ", "<= ", "> ", ">= " };
	return op < 6 ? ops[op] : "? ";
}

/* Set a field of the match record; one it already holds would be lost, so the rule is raw. */
static void set_field(struct dec *d, char *field, size_t len, uint32_t op, const char *val)
{
	if (field[0]) {
		raw(d, "a field matched twice, the record holds one");
	}
	if ((size_t)snprintf(field, len, "%s%s", op_str(op), val) >= len) {
		raw(d, "a value longer than its field");
	}
}

/* What register r holds, in nft's words where nstop knows them: "meta mark", "@nh,96,32". */
static void reg_name(const struct dec *d, uint32_t i, const struct reg *r, char *out, size_t len)
{
	static const char *const meta[] = { [0] = "length", [1] = "protocol", [2] = "priority", [3] = "mark",
					    [4] = "iif", [5] = "oif", [6] = "iifname", [7] = "oifname",
					    [8] = "iiftype", [9] = "oiftype", [10] = "skuid", [11] = "skgid",
					    [15] = "nfproto", [16] = "l4proto" };
	static const char *const ct[] = { "state", "direction", "status", "mark", "secmark", "expiration",
					  "helper", "l3proto", "saddr", "daddr", "protocol", "proto-src",
					  "proto-dst", "label" };
	static const char *const base[] = { "ll", "nh", "th" };

	switch (r->kind) {
	case R_META:
		if (r->key >= META_IIF && r->key <= META_OIFNAME) {
			snprintf(out, len, "%s", meta[r->key]); /* nft writes these without "meta" */
		} else if (r->key < sizeof(meta) / sizeof(meta[0]) && meta[r->key]) {
			snprintf(out, len, "meta %s", meta[r->key]);
		} else {
			snprintf(out, len, "meta key%u", r->key);
		}
		return;
	case R_CT:
		if (r->key < sizeof(ct) / sizeof(ct[0])) {
			snprintf(out, len, "ct %s%s", r->base == 1 ? "original " : r->base == 2 ? "reply " : "", ct[r->key]);
		} else {
			snprintf(out, len, "ct %skey%u", r->base == 1 ? "original " : r->base == 2 ? "reply " : "", r->key);
		}
		return;
	case R_PAYLOAD:
		if (r->base == PAYLOAD_TRANSPORT && r->len == 2 && (r->offset == 0 || r->offset == 2)) {
			snprintf(out, len, "%s %s", d->l4 ? d->l4 : "th", r->offset ? "dport" : "sport");
		} else if (r->base == PAYLOAD_NETWORK && r->len == (d->ipv6 ? 16u : 4u) &&
			   (r->offset == (d->ipv6 ? 8u : 12u) || r->offset == (d->ipv6 ? 24u : 16u))) {
			snprintf(out, len, "%s %s", d->ipv6 ? "ip6" : "ip", r->offset == (d->ipv6 ? 8u : 12u) ? "saddr" : "daddr");
		} else {
			snprintf(out, len, "@%s,%u,%u", r->base < 3 ? base[r->base] : "?", r->offset * 8, r->len * 8);
		}
		return;
	case R_MAP:
		snprintf(out, len, "[map @%.*s]", (int)r->data_len, (const char *)r->data);
		return;
	default:
		snprintf(out, len, "[register %u]", i);
		return;
	}
}

/* A value as nft shows it: meta and ct registers hold host-order integers, payloads bytes in order. */
static void value(const struct reg *r, const uint8_t *p, uint32_t n, char *out, size_t len)
{
	if ((r->kind == R_META || r->kind == R_CT) && (n == 1 || n == 2 || n == 4 || n == 8)) {
		uint64_t v = 0;
		uint32_t v32 = 0;
		uint16_t v16 = 0;

		if (n == 8) {
			memcpy(&v, p, 8);
		} else if (n == 4) {
			memcpy(&v32, p, 4);
			v = v32;
		} else if (n == 2) {
			memcpy(&v16, p, 2);
			v = v16;
		} else {
			v = p[0];
		}
		snprintf(out, len, "0x%0*llx", (int)n * 2, (unsigned long long)v);
		return;
	}
	hex(p, n, out, len);
}

/* Anything nstop does not turn into a field: shown whole (mask, xor, operator, value), rule raw. */
static void match_raw(struct dec *d, uint32_t i, const struct reg *r, uint32_t op, const uint8_t *v, uint32_t n,
		      const char *why)
{
	char name[48], mask[2 * NST_EXPR_DATA + 8] = "", xor[2 * NST_EXPR_DATA + 8] = "", val[2 * NST_EXPR_DATA + 4];
	bool any_xor = false;

	reg_name(d, i, r, name, sizeof(name));
	for (uint32_t k = 0; k < r->xor_len; k++) {
		any_xor |= r->xor[k] != 0;
	}
	if (r->masked) {
		strcpy(mask, " & ");
		value(r, r->mask, r->mask_len, mask + 3, sizeof(mask) - 3);
	}
	if (any_xor) {
		strcpy(xor, " ^ ");
		value(r, r->xor, r->xor_len, xor + 3, sizeof(xor) - 3);
	}
	value(r, v, n, val, sizeof(val));
	say(d, "%s%s%s %s%s", name, mask, xor, op < 6 ? op_str(op) : "?op ", val);
	raw(d, why);
}

/* Interface name from cmp data: NUL-terminated, or a prefix match (iptables' "eth+") without NUL. */
static void ifname_from(const struct nst_expr *e, char *out, size_t len)
{
	size_t n = strnlen((const char *)e->data, e->data_len < NST_EXPR_DATA ? e->data_len : NST_EXPR_DATA);
	bool prefix = n == e->data_len && n < 16;
	snprintf(out, len, "%.*s%s", (int)n, (const char *)e->data, prefix ? "*" : "");
}

static void match_meta(struct dec *d, const struct reg *r, const struct nst_expr *e)
{
	struct nst_nat_match *m = &d->rule->match;
	char buf[32];

	if (r->masked) {
		match_raw(d, e->sreg, r, e->op, e->data, e->data_len, "a masked meta match");
		return;
	}
	switch (r->key) {
	case META_L4PROTO:
		if (e->data_len == 1) {
			const char *p = proto_name(e->data[0], buf, sizeof(buf));
			bool foldable = e->op == CMP_EQ && (e->data[0] == 6 || e->data[0] == 17);

			set_field(d, m->proto, sizeof(m->proto), e->op, p);
			d->l4 = foldable ? (e->data[0] == 6 ? "tcp" : "udp") : "th";
			/* nft prints "tcp dport 9999" for l4proto tcp + a port: held until we know */
			snprintf(d->l4_text, sizeof(d->l4_text), "meta l4proto %s%s", op_str(e->op), p);
			if (!foldable) {
				flush_l4(d);
			}
			return;
		}
		break;
	case META_NFPROTO:
		if (e->data_len == 1 && (e->data[0] == NFPROTO_IPV4 || e->data[0] == NFPROTO_IPV6) &&
		    (e->op == CMP_EQ || e->op == CMP_NEQ)) {
			/* what follows reads the network header of the family that matched */
			d->ipv6 = (e->data[0] == NFPROTO_IPV6) == (e->op == CMP_EQ);
			say(d, "meta nfproto %s%s", op_str(e->op), e->data[0] == NFPROTO_IPV6 ? "ipv6" : "ipv4");
			return;
		}
		break;
	case META_IIFNAME:
	case META_OIFNAME:
		if (e->data_len >= 1 && e->data_len <= 16) {
			char name[24];
			bool in = r->key == META_IIFNAME;

			ifname_from(e, name, sizeof(name));
			set_field(d, in ? m->iif : m->oif, sizeof(m->iif), e->op, name);
			say_keep_l4(d, "%s %s\"%s\"", in ? "iifname" : "oifname", op_str(e->op), name);
			return;
		}
		break;
	default:
		break;
	}
	match_raw(d, e->sreg, r, e->op, e->data, e->data_len, "a meta match that is not a field of the record");
}

/* ct state: a load of the state bits, a mask, a compare with 0 (nft's own pattern). */
static void match_ct(struct dec *d, const struct reg *r, const struct nst_expr *e)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} states[] = { { 1, "invalid" }, { 2, "established" }, { 4, "related" }, { 8, "new" }, { 64, "untracked" } };
	uint32_t mask = 0, v = 0, xor = 0;
	char buf[96] = "";

	memcpy(&mask, r->mask, r->mask_len < 4 ? r->mask_len : 4);
	memcpy(&v, e->data, e->data_len < 4 ? e->data_len : 4);
	memcpy(&xor, r->xor, r->xor_len < 4 ? r->xor_len : 4);
	if (r->key == 0 && r->masked && r->mask_len == 4 && xor == 0 && e->data_len == 4 && v == 0 &&
	    e->op == CMP_NEQ) {
		for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
			if (mask & states[i].bit) {
				strcat(buf, buf[0] ? "," : "");
				strcat(buf, states[i].name);
				mask &= ~states[i].bit;
			}
		}
		if (mask) {
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s0x%x", buf[0] ? "," : "", mask);
		}
		say(d, "ct state %s", buf);
		raw(d, "a conntrack match, shown but not a field of the record");
		return;
	}
	match_raw(d, e->sreg, r, e->op, e->data, e->data_len, "a conntrack match, shown but not a field of the record");
}

/* A byte-aligned address load (nft loads only a prefix's bytes) with at most a prefix mask. */
static bool addr_prefix(const struct dec *d, const struct reg *r, const uint8_t *v, uint32_t n, char *out,
			size_t len, bool *src)
{
	uint32_t alen = d->ipv6 ? 16 : 4, saddr_off = d->ipv6 ? 8 : 12, daddr_off = d->ipv6 ? 24 : 16;
	uint8_t full[16] = { 0 };
	char addr[64];
	int prefix;

	if (r->base != PAYLOAD_NETWORK || (r->offset != saddr_off && r->offset != daddr_off) || r->len < 1 ||
	    r->len > alen || n != r->len) {
		return false;
	}
	if (r->masked && (r->prefix < 0 || r->mask_len != r->len)) {
		return false;
	}
	prefix = r->masked ? r->prefix : (int)r->len * 8;
	memcpy(full, v, r->len);
	/* bits past the prefix set in the value: not something nft would write as ADDR/LEN */
	for (int b = prefix; b < (int)r->len * 8; b++) {
		if (full[b / 8] & (0x80 >> (b % 8))) {
			return false;
		}
	}
	fmt_addr(d->ipv6 ? AF_INET6 : AF_INET, full, addr, sizeof(addr));
	if (prefix < (int)(alen * 8)) {
		snprintf(out, len, "%s/%d", addr, prefix);
	} else {
		snprintf(out, len, "%s", addr);
	}
	*src = r->offset == saddr_off;
	return true;
}

static bool is_port(const struct reg *r)
{
	return r->kind == R_PAYLOAD && r->base == PAYLOAD_TRANSPORT && (r->offset == 0 || r->offset == 2) &&
	       r->len == 2 && !r->masked;
}

static void port_match(struct dec *d, uint32_t offset, const char *l4, uint32_t op, const char *val)
{
	struct nst_nat_match *m = &d->rule->match;

	d->l4_text[0] = '\0'; /* folded: "tcp dport" */
	set_field(d, offset == 0 ? m->sport : m->dport, sizeof(m->dport), op, val);
	say(d, "%s %s %s%s", l4 ? l4 : "th", offset == 0 ? "sport" : "dport", op_str(op), val);
}

/* A `>=` whose `<=` did not follow is a match of its own. */
static void flush_lo(struct dec *d)
{
	char v[8];

	if (d->lo.on) {
		d->lo.on = false;
		snprintf(v, sizeof(v), "%u", d->lo.port);
		port_match(d, d->lo.offset, d->lo.l4, CMP_GTE, v);
	}
}

static void match_payload(struct dec *d, const struct reg *r, const struct nst_expr *e)
{
	struct nst_nat_match *m = &d->rule->match;
	char buf[80];
	bool src;

	if (d->arp && r->base == PAYLOAD_NETWORK) {
		match_raw(d, e->sreg, r, e->op, e->data, e->data_len, "an ARP header match");
		return;
	}
	if ((e->op == CMP_EQ || e->op == CMP_NEQ) && addr_prefix(d, r, e->data, e->data_len, buf, sizeof(buf), &src)) {
		set_field(d, src ? m->saddr : m->daddr, sizeof(m->saddr), e->op, buf);
		say_keep_l4(d, "%s %s %s%s", d->ipv6 ? "ip6" : "ip", src ? "saddr" : "daddr", op_str(e->op), buf);
		return;
	}
	if (r->base == PAYLOAD_NETWORK && r->offset == (d->ipv6 ? 6u : 9u) && r->len == 1 && e->data_len == 1 &&
	    !r->masked) {
		char pb[8];
		const char *p = proto_name(e->data[0], pb, sizeof(pb));

		set_field(d, m->proto, sizeof(m->proto), e->op, p);
		d->l4 = e->op != CMP_EQ ? "th" : e->data[0] == 6 ? "tcp" : e->data[0] == 17 ? "udp" : "th";
		say(d, "%s %s%s", d->ipv6 ? "ip6 nexthdr" : "ip protocol", op_str(e->op), p);
		return;
	}
	if (is_port(r) && e->data_len == 2) {
		char v[16];

		if (e->op == CMP_GTE) {
			d->lo.on = true;
			d->lo.sreg = e->sreg;
			d->lo.offset = r->offset;
			d->lo.port = be16(e->data);
			snprintf(d->lo.l4, sizeof(d->lo.l4), "%s", d->l4 ? d->l4 : "th");
			d->l4_text[0] = '\0';
			return;
		}
		snprintf(v, sizeof(v), "%u", be16(e->data));
		port_match(d, r->offset, d->l4, e->op, v);
		return;
	}
	match_raw(d, e->sreg, r, e->op, e->data, e->data_len, "a payload match that is not a field of the record");
}

static void on_cmp(struct dec *d, const struct nst_expr *e)
{
	const struct reg *r = reg(d, e->sreg);

	if (e->op > CMP_GTE) {
		match_raw(d, e->sreg, r, e->op, e->data, e->data_len, "an unknown cmp operator");
		return;
	}
	/* the `<=` that closes a pending `>=` on the same port: "1000-2000" */
	if (d->lo.on && e->op == CMP_LTE && e->sreg == d->lo.sreg && is_port(r) && r->offset == d->lo.offset &&
	    e->data_len == 2) {
		char v[16];

		d->lo.on = false;
		snprintf(v, sizeof(v), "%u-%u", d->lo.port, be16(e->data));
		port_match(d, r->offset, d->lo.l4, CMP_EQ, v);
		return;
	}
	if (r->kind == R_CT) {
		match_ct(d, r, e);
	} else if (r->kind == R_META) {
		match_meta(d, r, e);
	} else if (r->kind == R_PAYLOAD) {
		match_payload(d, r, e);
	} else {
		match_raw(d, e->sreg, r, e->op, e->data, e->data_len, "a compare of a register nstop did not follow");
	}
}

/* NFT_RANGE_EQ / _NEQ between two values: ports and whole addresses are fields. */
static void on_range(struct dec *d, const struct nst_expr *x)
{
	struct nst_nat_match *m = &d->rule->match;
	const struct reg *r = reg(d, x->sreg);
	uint32_t alen = d->ipv6 ? 16 : 4, op = x->op ? CMP_NEQ : CMP_EQ;
	char v[160], a[64], b[64];
	bool src;

	if (x->op <= 1 && is_port(r) && x->data_len == 2 && x->data2_len == 2) {
		snprintf(v, sizeof(v), "%u-%u", be16(x->data), be16(x->data2));
		port_match(d, r->offset, d->l4, op, v);
		return;
	}
	if (x->op <= 1 && r->len == alen && x->data2_len == alen &&
	    addr_prefix(d, r, x->data, x->data_len, a, sizeof(a), &src)) {
		fmt_addr(d->ipv6 ? AF_INET6 : AF_INET, x->data2, b, sizeof(b));
		snprintf(v, sizeof(v), "%s-%s", a, b);
		set_field(d, src ? m->saddr : m->daddr, sizeof(m->saddr), op, v);
		say_keep_l4(d, "%s %s %s%s", d->ipv6 ? "ip6" : "ip", src ? "saddr" : "daddr", op_str(op), v);
		return;
	}
	char name[48], lo[2 * NST_EXPR_DATA + 4], hi[2 * NST_EXPR_DATA + 4];
	reg_name(d, x->sreg, r, name, sizeof(name));
	hex(x->data, x->data_len, lo, sizeof(lo));
	hex(x->data2, x->data2_len, hi, sizeof(hi));
	say(d, "%s%s %s%s-%s", name, r->masked ? " & [mask]" : "", x->op ? "!= " : "", lo, hi);
	raw(d, "a range that is not a field of the record");
}

/* Set lookups match against elements nstop does not read; a map lookup loads a register. */
static void on_lookup(struct dec *d, const struct nst_expr *x)
{
	const struct reg *r = reg(d, x->sreg);
	char name[48], set[NST_EXPR_DATA + 1];

	reg_name(d, x->sreg, r, name, sizeof(name));
	snprintf(set, sizeof(set), "%.*s", (int)x->data_len, (const char *)x->data);
	if (is_port(r)) {
		d->l4_text[0] = '\0';
	}
	if (x->dreg) {
		struct reg *out = reg(d, x->dreg);

		say(d, "%s%s map @%s", name, r->masked ? " & [mask]" : "", set);
		memset(out, 0, sizeof(*out));
		out->kind = R_MAP;
		out->prefix = -1;
		out->data_len = x->data_len < NST_EXPR_DATA ? x->data_len : NST_EXPR_DATA;
		memcpy(out->data, x->data, out->data_len);
		raw(d, "a map lookup, whose elements nstop does not read");
		return;
	}
	say(d, "%s%s %s@%s", name, r->masked ? " & [mask]" : "", x->flags & LOOKUP_F_INV ? "!= " : "", set);
	raw(d, "a set lookup, whose elements nstop does not read");
}

/*
 * Address (and port) a nat statement reads from registers: true when there is
 * none (min 0) or it is an immediate; otherwise out names the register.
 */
static bool reg_addr(struct dec *d, uint32_t min, uint32_t max, int af, char *out, size_t len)
{
	char a[NST_ADDR_TEXT], b[NST_ADDR_TEXT];
	const struct reg *lo = reg(d, min), *hi = reg(d, max);
	uint32_t alen = af == AF_INET6 ? 16 : 4;

	out[0] = '\0';
	if (!min) {
		return true;
	}
	if (lo->kind != R_IMM || lo->data_len != alen || (max && max != min && (hi->kind != R_IMM || hi->data_len != alen))) {
		reg_name(d, min, lo, out, len);
		return false;
	}
	fmt_addr(af, lo->data, a, sizeof(a));
	if (max && max != min && memcmp(hi->data, lo->data, alen) != 0) {
		fmt_addr(af, hi->data, b, sizeof(b));
		snprintf(out, len, "%s-%s", a, b);
	} else {
		snprintf(out, len, "%s", a);
	}
	return true;
}

static bool reg_port(struct dec *d, uint32_t min, uint32_t max, char *out, size_t len)
{
	const struct reg *lo = reg(d, min), *hi = reg(d, max);

	out[0] = '\0';
	if (!min) {
		return true;
	}
	if (lo->kind != R_IMM || lo->data_len != 2 || (max && max != min && (hi->kind != R_IMM || hi->data_len != 2))) {
		reg_name(d, min, lo, out, len);
		return false;
	}
	uint16_t p = be16(lo->data);
	if (max && max != min && be16(hi->data) != p) {
		snprintf(out, len, "%u-%u", p, be16(hi->data));
	} else {
		snprintf(out, len, "%u", p);
	}
	return true;
}

/* nf_nat range flags as nft prints them after the target; unknown ones make the rule raw. */
static void say_flags(struct dec *d, uint32_t flags)
{
	char buf[64] = "";

	/* nft joins them with commas: "masquerade random,persistent" */
	if (flags & RANGE_RANDOM) {
		strcat(buf, "random");
	}
	if (flags & RANGE_RANDOM_FULLY) {
		strcat(buf, buf[0] ? ",fully-random" : "fully-random");
	}
	if (flags & RANGE_PERSISTENT) {
		strcat(buf, buf[0] ? ",persistent" : "persistent");
	}
	if (flags & ~(uint32_t)RANGE_KNOWN) {
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s[flags 0x%x]", buf[0] ? "," : "",
			 flags & ~(uint32_t)RANGE_KNOWN);
		raw(d, "a nat flag nstop does not know");
	}
	if (buf[0]) {
		say(d, "%s", buf);
	}
}

/* "dnat to ADDR:PORT"; an address or port from a register nstop could not read is named, rule raw. */
static void say_to(struct dec *d, const char *verb, const char *fam, const char *addr, const char *port)
{
	bool v6 = strchr(addr, ':') != NULL;

	if (addr[0] && port[0]) {
		say(d, "%s%s to %s%s%s:%s", verb, fam, v6 ? "[" : "", addr, v6 ? "]" : "", port);
	} else if (addr[0]) {
		say(d, "%s%s to %s", verb, fam, addr);
	} else if (port[0]) {
		say(d, "%s%s to :%s", verb, fam, port);
	} else {
		say(d, "%s%s", verb, fam);
	}
}

/* nat, masq, redir: where they read address and ports (0: none). */
static void on_nat_stmt(struct dec *d, const char *verb, const char *fam, int af, const struct nst_expr *e,
			bool with_addr)
{
	struct nst_nat_rule *r = d->rule;
	char addr[sizeof(d->rule->to_addr)] = "", port[48];
	bool ok = true;

	if (with_addr) {
		ok = reg_addr(d, e->reg_addr_min, e->reg_addr_max, af, addr, sizeof(addr));
	}
	ok = reg_port(d, e->reg_proto_min, e->reg_proto_max, port, sizeof(port)) && ok;
	if (ok) {
		snprintf(r->to_addr, sizeof(r->to_addr), "%s", addr);
		snprintf(r->to_port, sizeof(r->to_port), "%s", port);
	} else {
		raw(d, "a nat address or port from a register nstop cannot read");
	}
	say_to(d, verb, fam, addr, port);
	say_flags(d, e->flags);
}

static void on_nat(struct dec *d, const struct nst_expr *e, const char *family)
{
	struct nst_nat_rule *r = d->rule;
	int af = e->nat_family == NFPROTO_IPV6 ? AF_INET6 : AF_INET;
	/* inet tables name the family in the statement: "dnat ip to ..." */
	const char *fam = strcmp(family, "inet") == 0 ? (af == AF_INET6 ? " ip6" : " ip") : "";

	if (e->nat_type != NAT_DNAT && e->nat_type != NAT_SNAT) {
		say(d, "[nat type %u]", e->nat_type);
		raw(d, "a nat type nstop does not know");
		return;
	}
	if (e->reg_addr_min && e->nat_family != NFPROTO_IPV4 && e->nat_family != NFPROTO_IPV6) {
		say(d, "[nat family %u]", e->nat_family);
		raw(d, "a nat family nstop does not know");
		return;
	}
	r->type = e->nat_type == NAT_DNAT ? NST_NAT_DNAT : NST_NAT_SNAT;
	on_nat_stmt(d, r->type == NST_NAT_DNAT ? "dnat" : "snat", fam, af, e, true);
}

/*
 * iptables-nft targets: struct nf_nat_ipv4_multi_range_compat for DNAT/SNAT
 * rev 0 and IPv4 MASQUERADE/REDIRECT rev 0; struct nf_nat_range (rev 1, and
 * IPv6 MASQUERADE/REDIRECT rev 0) or nf_nat_range2 (rev 2) otherwise.
 */
static void on_xt_target(struct dec *d, const struct nst_expr *e)
{
	struct nst_nat_rule *r = d->rule;
	bool dnat = strcmp(e->name, "DNAT") == 0, snat = strcmp(e->name, "SNAT") == 0;
	bool masq = strcmp(e->name, "MASQUERADE") == 0, redir = strcmp(e->name, "REDIRECT") == 0;
	bool range = e->rev >= 1 || (d->ipv6 && (masq || redir));
	uint32_t flags = 0, size = 0;
	uint8_t min_ip[16] = { 0 }, max_ip[16] = { 0 };
	uint16_t min_port = 0, max_port = 0;
	int af = range && d->ipv6 ? AF_INET6 : AF_INET;

	if (!dnat && !snat && !masq && !redir) {
		say(d, "xt target \"%s\"", e->name);
		raw(d, "an xt target nstop does not decode");
		return;
	}
	if (e->rev > 2 || (range && e->data_len < 4 + 16 + 16 + 2 + 2) || (!range && e->data_len < 4 + 4 + 4 + 4 + 2 + 2)) {
		say(d, "xt target \"%s\" rev %u [%u bytes]", e->name, e->rev, e->data_len);
		raw(d, "an xt target of a layout nstop does not know");
		return;
	}
	if (range) {
		/* flags u32, min_addr[16], max_addr[16], min_proto be16, max_proto be16 */
		memcpy(&flags, e->data, 4);
		memcpy(min_ip, e->data + 4, 16);
		memcpy(max_ip, e->data + 20, 16);
		min_port = be16(e->data + 36);
		max_port = be16(e->data + 38);
	} else {
		/* rangesize u32, then range[0]: flags u32, min_ip be32, max_ip be32, min be16, max be16 */
		memcpy(&size, e->data, 4);
		memcpy(&flags, e->data + 4, 4);
		memcpy(min_ip, e->data + 8, 4);
		memcpy(max_ip, e->data + 12, 4);
		min_port = be16(e->data + 16);
		max_port = be16(e->data + 18);
		if (size != 1) {
			say(d, "xt target \"%s\" [%u ranges]", e->name, size);
			raw(d, "an xt target with other than one range");
			return;
		}
	}
	r->type = dnat ? NST_NAT_DNAT : snat ? NST_NAT_SNAT : masq ? NST_NAT_MASQ : NST_NAT_REDIRECT;
	if ((flags & RANGE_MAP_IPS) && (dnat || snat)) {
		char a[NST_ADDR_TEXT], b[NST_ADDR_TEXT];
		fmt_addr(af, min_ip, a, sizeof(a));
		fmt_addr(af, max_ip, b, sizeof(b));
		if (memcmp(min_ip, max_ip, af == AF_INET6 ? 16 : 4) != 0) {
			snprintf(r->to_addr, sizeof(r->to_addr), "%s-%s", a, b);
		} else {
			snprintf(r->to_addr, sizeof(r->to_addr), "%s", a);
		}
	}
	if (flags & RANGE_PROTO_SPECIFIED) {
		if (max_port && max_port != min_port) {
			snprintf(r->to_port, sizeof(r->to_port), "%u-%u", min_port, max_port);
		} else {
			snprintf(r->to_port, sizeof(r->to_port), "%u", min_port);
		}
	}
	say_to(d, nst_nat_type_str(r->type), "", r->to_addr, r->to_port);
	say_flags(d, flags);
}

static void on_load(struct dec *d, const struct nst_expr *e)
{
	struct reg *r = reg(d, e->dreg);

	memset(r, 0, sizeof(*r));
	r->prefix = -1;
	switch (e->kind) {
	case NST_E_META:
		r->kind = R_META;
		r->key = e->key;
		break;
	case NST_E_CT:
		r->kind = R_CT;
		r->key = e->key;
		r->base = e->base; /* 1 + direction, 0: none */
		break;
	case NST_E_PAYLOAD:
		r->kind = R_PAYLOAD;
		r->base = e->base;
		r->offset = e->offset;
		r->len = e->len;
		break;
	default:
		r->kind = R_IMM;
		r->data_len = e->data_len < NST_EXPR_DATA ? e->data_len : NST_EXPR_DATA;
		memcpy(r->data, e->data, r->data_len);
		break;
	}
}

/*
 * A bitwise AND (and XOR) over a register: the register remembers it, and
 * every consumer either understands it (a prefix of an address, ct state
 * bits) or prints it. Leading ones with xor 0 are a prefix: `ip saddr
 * 192.168.10.0/24`. A shift is not followed.
 */
static void on_bitwise(struct dec *d, const struct nst_expr *e)
{
	struct reg src = *reg(d, e->sreg);
	int prefix = 0;
	bool contiguous = true;

	if (e->op != BITWISE_BOOL) {
		say(d, "[bitwise shift]");
		raw(d, "a bitwise shift");
		memset(reg(d, e->dreg), 0, sizeof(struct reg));
		return;
	}
	for (uint32_t i = 0; i < e->data_len && i < NST_EXPR_DATA; i++) {
		for (int b = 7; b >= 0; b--) {
			bool one = e->data[i] & (1u << b);
			if (one && !contiguous) {
				prefix = -2;
			}
			if (one && contiguous && prefix >= 0) {
				prefix++;
			}
			if (!one) {
				contiguous = false;
			}
		}
	}
	for (uint32_t i = 0; i < e->data2_len && i < NST_EXPR_DATA; i++) {
		if (e->data2[i]) {
			prefix = -1;
		}
	}
	/* a second mask over a masked register: only the last would be shown */
	src.prefix = prefix >= 0 && !src.masked ? prefix : -1;
	if (src.masked) {
		say(d, "[bitwise over a masked register]");
		raw(d, "two bitwise operations on one register");
	}
	src.masked = true;
	src.mask_len = e->data_len < NST_EXPR_DATA ? e->data_len : NST_EXPR_DATA;
	memcpy(src.mask, e->data, src.mask_len);
	src.xor_len = e->data2_len < NST_EXPR_DATA ? e->data2_len : NST_EXPR_DATA;
	memcpy(src.xor, e->data2, src.xor_len);
	*reg(d, e->dreg) = src;
}

/* Kernel verdict codes (linux/netfilter.h, nf_tables.h) and reject/queue constants. */
/* NF_QUEUE, NF_STOLEN, NFT_BREAK ... as an immediate: nft writes none of them, so nstop names none */
enum { V_DROP = 0, V_ACCEPT = 1, V_CONTINUE = -1, V_JUMP = -3, V_GOTO = -4, V_RETURN = -5 };
enum { REJECT_ICMP = 0, REJECT_TCP_RST = 1, REJECT_ICMPX = 2 };
enum { QUEUE_BYPASS = 1, QUEUE_FANOUT = 2 };

static void on_verdict(struct dec *d, const struct nst_expr *x)
{
	struct nst_buf b = { 0 };

	switch (x->verdict_code) {
	case V_ACCEPT:
		say(d, "accept");
		break;
	case V_DROP:
		say(d, "drop");
		break;
	case V_CONTINUE:
		say(d, "continue");
		break;
	case V_RETURN:
		say(d, "return");
		break;
	case V_JUMP:
	case V_GOTO:
		if (!nst_nft_name(&b, x->verdict_chain)) {
			raw(d, "a chain name nft cannot write");
		}
		say(d, "%s %s", x->verdict_code == V_JUMP ? "jump" : "goto", nst_buf_str(&b));
		nst_buf_free(&b);
		break;
	default:
		say(d, "[verdict %d]", x->verdict_code);
		raw(d, "a verdict nstop does not know");
		break;
	}
}

static const char *icmp_code_name(int v6, uint32_t type, uint8_t code)
{
	static const char *const v4[] = { [0] = "net-unreachable", [1] = "host-unreachable", [2] = "prot-unreachable",
					  [3] = "port-unreachable", [9] = "net-prohibited", [10] = "host-prohibited",
					  [13] = "admin-prohibited" };
	static const char *const v6n[] = { [0] = "no-route", [1] = "admin-prohibited", [3] = "addr-unreachable",
					   [4] = "port-unreachable", [5] = "policy-fail", [6] = "reject-route" };
	static const char *const x[] = { "no-route", "port-unreachable", "host-unreachable", "admin-prohibited" };

	if (type == REJECT_ICMPX) {
		return code < 4 ? x[code] : NULL;
	}
	if (v6) {
		return code < sizeof(v6n) / sizeof(v6n[0]) ? v6n[code] : NULL;
	}
	return code < sizeof(v4) / sizeof(v4[0]) ? v4[code] : NULL;
}

const char *nst_reject_type_str(int v6, uint32_t type)
{
	return type == REJECT_TCP_RST ? "tcp reset" : type == REJECT_ICMPX ? "icmpx" : type != REJECT_ICMP ? NULL
	       : v6 ? "icmpv6" : "icmp";
}

const char *nst_reject_code_str(int v6, uint32_t type, uint8_t code)
{
	return type == REJECT_TCP_RST ? NULL : icmp_code_name(v6, type, code);
}

/* As nft writes it: `reject with icmp port-unreachable`, `reject with tcp reset`. */
static void on_reject(struct dec *d, const struct nst_expr *x)
{
	const char *t = nst_reject_type_str(d->ipv6, x->reject_type);
	const char *c = nst_reject_code_str(d->ipv6, x->reject_type, x->icmp_code);

	if (!t || (x->reject_type != REJECT_TCP_RST && !c)) {
		say(d, "[reject type %u code %u]", x->reject_type, x->icmp_code);
		raw(d, "a reject nstop does not know");
	} else if (x->reject_type == REJECT_TCP_RST) {
		say(d, "reject with tcp reset");
	} else if (strcmp(c, "port-unreachable") == 0 && (x->reject_type == REJECT_ICMPX || d->family_ip)) {
		say(d, "reject"); /* nft leaves the default out: icmpx anywhere, icmp in ip, icmpv6 in ip6 */
	} else {
		say(d, "reject with %s %s", t, c);
	}
}

static void on_queue(struct dec *d, const struct nst_expr *x)
{
	if (x->queue_sreg || (x->queue_flags & ~(QUEUE_BYPASS | QUEUE_FANOUT))) {
		say(d, "[queue]");
		raw(d, "a queue number from a register or unknown queue flags");
		return;
	}
	if (x->queue_total > 1) {
		say(d, "queue num %u-%u", x->queue_num, x->queue_num + x->queue_total - 1u);
	} else {
		say(d, "queue num %u", x->queue_num);
	}
	if (x->queue_flags & QUEUE_BYPASS) {
		say(d, "bypass");
	}
	if (x->queue_flags & QUEUE_FANOUT) {
		say(d, "fanout");
	}
}

static void on_expr(struct dec *d, const struct nst_expr *x, const char *family)
{
	struct nst_nat_rule *rule = d->rule;

	switch (x->kind) {
	case NST_E_META:
	case NST_E_PAYLOAD:
	case NST_E_CT:
		if (x->dreg) {
			on_load(d, x);
		} else {
			say(d, "[%s set]", x->name);
			raw(d, "a statement that sets a field");
		}
		break;
	case NST_E_IMMEDIATE:
		if (x->has_verdict && d->verdicts) {
			on_verdict(d, x);
		} else if (x->has_verdict || !x->dreg) {
			say(d, "[verdict]");
			raw(d, "a verdict: accept, jump, ...");
		} else {
			on_load(d, x);
		}
		break;
	case NST_E_BITWISE:
		on_bitwise(d, x);
		break;
	case NST_E_CMP:
		on_cmp(d, x);
		break;
	case NST_E_COUNTER:
		rule->has_counter = true;
		rule->packets = x->packets;
		rule->bytes = x->bytes;
		say(d, "counter packets %llu bytes %llu", (unsigned long long)x->packets, (unsigned long long)x->bytes);
		break;
	case NST_E_NAT:
		on_nat(d, x, family);
		break;
	case NST_E_MASQ:
		rule->type = NST_NAT_MASQ;
		on_nat_stmt(d, "masquerade", "", AF_INET, x, false);
		break;
	case NST_E_REDIR:
		rule->type = NST_NAT_REDIRECT;
		on_nat_stmt(d, "redirect", "", AF_INET, x, false);
		break;
	case NST_E_TARGET:
		on_xt_target(d, x);
		break;
	case NST_E_MATCH:
		if (d->verdicts && strcmp(x->name, "comment") == 0) {
			break; /* the rule's comment (nst_fw_xt_comment), as nft keeps a comment apart */
		}
		say(d, "xt match \"%s\"", x->name);
		raw(d, "an xt match");
		break;
	case NST_E_RANGE:
		on_range(d, x);
		break;
	case NST_E_LOOKUP:
		on_lookup(d, x);
		break;
	case NST_E_REJECT:
	case NST_E_QUEUE:
		if (d->verdicts) {
			(x->kind == NST_E_REJECT ? on_reject : on_queue)(d, x);
			break;
		}
		/* nst_nat_decode shows them as before, unknown */
		__attribute__((fallthrough));
	case NST_E_OTHER:
	default:
		say(d, "[%s]", x->name[0] ? x->name : "?");
		raw(d, "an expression nstop does not decode");
		break;
	}
}

static void decode(const struct nst_expr *e, size_t n, const char *family, struct nst_nat_rule *rule, bool verdicts)
{
	struct dec d;

	memset(&d, 0, sizeof(d));
	d.rule = rule;
	d.ipv6 = strcmp(family, "ip6") == 0;
	d.verdicts = verdicts;
	d.arp = verdicts && strcmp(family, "arp") == 0;
	d.family_ip = strcmp(family, "ip") == 0 || strcmp(family, "ip6") == 0;
	rule->type = NST_NAT_OTHER;
	rule->summary[0] = '\0';
	memset(&rule->match, 0, sizeof(rule->match));
	rule->to_addr[0] = rule->to_port[0] = '\0';
	rule->has_counter = false;
	rule->raw = false;
	rule->raw_why[0] = '\0';

	for (size_t i = 0; i < n; i++) {
		const struct nst_expr *x = &e[i];

		/* a pending `>=` stands alone unless this is its `<=` */
		if (d.lo.on && !(x->kind == NST_E_CMP && x->op == CMP_LTE && x->sreg == d.lo.sreg)) {
			flush_lo(&d);
		}
		on_expr(&d, x, family);
	}
	flush_lo(&d);
	flush_l4(&d);
	if (d.full) {
		/* cut: what is missing may be a condition */
		snprintf(rule->summary + d.n, sizeof(rule->summary) - d.n, "%s...", d.n ? " " : "");
		raw(&d, "the rule is longer than nstop's summary");
	}
}

void nst_nat_decode(const struct nst_expr *e, size_t n, const char *family, struct nst_nat_rule *rule)
{
	decode(e, n, family, rule, false);
}

void nst_rule_text_decode(const struct nst_expr *e, size_t n, const char *family, struct nst_nat_rule *rule)
{
	decode(e, n, family, rule, true);
}
