/* SPDX-License-Identifier: MIT */
/*
 * Decoding a NAT rule from its expressions by following registers, as
 * nftables' netlink_delinearize.c does: loads (meta, payload, bitwise,
 * immediate) fill registers; cmp/range turn a register into a match; nat,
 * masq and redir read their addresses and ports from registers; iptables-nft
 * xt targets (DNAT, SNAT, MASQUERADE, REDIRECT) carry theirs in a struct.
 * Bytes are copied out, never cast. Unknown expressions stay visible.
 */
#include "nat.h"

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
enum { RANGE_MAP_IPS = 1, RANGE_PROTO_SPECIFIED = 2 };
#define NREGS 32

enum reg_kind { R_NONE, R_META, R_PAYLOAD, R_IMM, R_CT };

struct reg {
	enum reg_kind kind;
	uint32_t key, base, offset, len;
	uint8_t data[NST_EXPR_DATA];
	uint32_t data_len;
	int prefix; /* a bitwise mask of leading ones: prefix length; -1 none */
	uint8_t mask[NST_EXPR_DATA]; /* the bitwise mask itself (ct state bits) */
	uint32_t mask_len;
};

struct dec {
	struct reg r[NREGS];
	struct nst_nat_rule *rule;
	int ipv6;            /* the rule's network header is IPv6 (family ip6, or nfproto ipv6 in inet) */
	const char *l4;      /* protocol name for transport fields */
	size_t n;            /* summary length */
	char pending_lo[24]; /* a `>=` on a port waiting for its `<=` (range) */
	char l4_text[40];    /* "meta l4proto tcp", printed unless a port match folds it in */
	uint32_t pending_reg;
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

static void say(struct dec *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say_raw(struct dec *d, const char *text);

/* A pending l4proto match not folded into a port match is printed before what follows. */
static void flush_l4(struct dec *d)
{
	if (d->l4_text[0]) {
		char t[40];
		snprintf(t, sizeof(t), "%s", d->l4_text);
		d->l4_text[0] = '\0';
		say_raw(d, t);
	}
}

static void say(struct dec *d, const char *fmt, ...)
{
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	flush_l4(d);
	say_raw(d, text);
}

/* Address and interface matches keep a pending l4proto pending: nft folds
 * `meta l4proto tcp ip daddr X th dport 80` into `ip daddr X tcp dport 80`. */
static void say_keep_l4(struct dec *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say_keep_l4(struct dec *d, const char *fmt, ...)
{
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	say_raw(d, text);
}

static void say_raw(struct dec *d, const char *text)
{
	char *s = d->rule->summary;
	size_t cap = sizeof(d->rule->summary);

	if (d->n + 2 >= cap) {
		return;
	}
	if (d->n) {
		s[d->n++] = ' ';
		s[d->n] = '\0';
	}
	int w = snprintf(s + d->n, cap - d->n, "%s", text);
	d->n += w > 0 ? (size_t)w : 0;
	if (d->n >= cap) {
		d->n = cap - 1;
	}
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

static const char *op_str(uint32_t op)
{
	static const char *const ops[] = { "", "!= ", "< ", "<= ", "> ", ">= " };
	return op < 6 ? ops[op] : "? ";
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

	switch (r->key) {
	case META_L4PROTO:
		if (e->data_len >= 1) {
			snprintf(m->proto, sizeof(m->proto), "%s%s", e->op == CMP_NEQ ? "!" : "",
				 proto_name(e->data[0], buf, sizeof(buf)));
			bool foldable = e->op == CMP_EQ && (e->data[0] == 6 || e->data[0] == 17);
			d->l4 = foldable ? (e->data[0] == 6 ? "tcp" : "udp") : "th";
			/* nft prints "tcp dport 9999" for l4proto tcp + a port: held until we know */
			snprintf(d->l4_text, sizeof(d->l4_text), "meta l4proto %s%s", op_str(e->op),
				 proto_name(e->data[0], buf, sizeof(buf)));
			if (!foldable) {
				flush_l4(d);
			}
		}
		return;
	case META_NFPROTO:
		if (e->data_len >= 1) {
			d->ipv6 = e->data[0] == NFPROTO_IPV6;
			say(d, "meta nfproto %s%s", op_str(e->op), d->ipv6 ? "ipv6" : e->data[0] == NFPROTO_IPV4 ? "ipv4" : "?");
		}
		return;
	case META_IIFNAME:
	case META_OIFNAME: {
		char name[24];
		ifname_from(e, name, sizeof(name));
		snprintf(r->key == META_IIFNAME ? m->iif : m->oif, sizeof(m->iif), "%s%s", e->op == CMP_NEQ ? "!" : "", name);
		say_keep_l4(d, "%s %s\"%s\"", r->key == META_IIFNAME ? "iifname" : "oifname", op_str(e->op), name);
		return;
	}
	default: {
		static const char *const keys[] = { [0] = "length", [1] = "protocol", [2] = "priority", [3] = "mark",
						    [4] = "iif", [5] = "oif", [8] = "iiftype", [9] = "oiftype",
						    [10] = "skuid", [11] = "skgid" };
		const char *kn = r->key < sizeof(keys) / sizeof(keys[0]) ? keys[r->key] : NULL;
		uint32_t v = 0;
		memcpy(&v, e->data, e->data_len < 4 ? e->data_len : 4);
		if (kn) {
			say(d, "meta %s %s0x%08x", kn, op_str(e->op), v);
		} else {
			say(d, "meta key%u %s0x%08x", r->key, op_str(e->op), v);
		}
		d->rule->raw = true; /* shown, but not a field of the record */
	}
	}
}

/* ct state: a load of the state bits, a mask, a compare with 0 (nft's own pattern). */
static void match_ct(struct dec *d, const struct reg *r, const struct nst_expr *e)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} states[] = { { 1, "invalid" }, { 2, "established" }, { 4, "related" }, { 8, "new" }, { 64, "untracked" } };
	uint32_t mask = 0, v = 0;
	char buf[80] = "";

	memcpy(&mask, r->mask, r->mask_len < 4 ? r->mask_len : 4);
	memcpy(&v, e->data, e->data_len < 4 ? e->data_len : 4);
	if (r->key == 0 && r->mask_len && v == 0 && e->op == CMP_NEQ) {
		for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
			if (mask & states[i].bit) {
				strcat(buf, buf[0] ? "," : "");
				strcat(buf, states[i].name);
			}
		}
		say(d, "ct state %s", buf);
	} else {
		say(d, "ct key%u %s0x%08x", r->key, op_str(e->op), v);
	}
	d->rule->raw = true; /* conntrack matches are shown, not modelled as fields */
}

static void match_payload(struct dec *d, const struct reg *r, const struct nst_expr *e)
{
	struct nst_nat_match *m = &d->rule->match;
	char buf[64], addr[64];
	int af = d->ipv6 ? AF_INET6 : AF_INET;
	uint32_t alen = d->ipv6 ? 16 : 4;
	uint32_t saddr_off = d->ipv6 ? 8 : 12, daddr_off = d->ipv6 ? 24 : 16, proto_off = d->ipv6 ? 6 : 9;

	/* nft loads only the prefix bytes of a byte-aligned prefix (/24: 3 bytes, no mask). */
	if (r->base == PAYLOAD_NETWORK && (r->offset == saddr_off || r->offset == daddr_off) && r->len >= 1 &&
	    r->len <= alen && e->data_len >= r->len) {
		uint8_t full[16] = { 0 };
		int prefix = r->prefix >= 0 ? r->prefix : (int)r->len * 8;

		memcpy(full, e->data, r->len);
		fmt_addr(af, full, addr, sizeof(addr));
		if (prefix < (int)(alen * 8)) {
			snprintf(buf, sizeof(buf), "%s/%d", addr, prefix);
		} else {
			snprintf(buf, sizeof(buf), "%s", addr);
		}
		bool src = r->offset == saddr_off;
		snprintf(src ? m->saddr : m->daddr, sizeof(m->saddr), "%s%s", e->op == CMP_NEQ ? "!" : "", buf);
		say_keep_l4(d, "%s %s %s%s", d->ipv6 ? "ip6" : "ip", src ? "saddr" : "daddr", op_str(e->op), buf);
		return;
	}
	if (r->base == PAYLOAD_NETWORK && r->offset == proto_off && r->len == 1 && e->data_len >= 1) {
		char pb[8];
		snprintf(m->proto, sizeof(m->proto), "%s", proto_name(e->data[0], pb, sizeof(pb)));
		d->l4 = e->data[0] == 6 ? "tcp" : e->data[0] == 17 ? "udp" : "th";
		say(d, "%s %s %s%s", d->ipv6 ? "ip6 nexthdr" : "ip protocol", "", op_str(e->op), m->proto);
		return;
	}
	if (r->base == PAYLOAD_TRANSPORT && (r->offset == 0 || r->offset == 2) && r->len == 2 && e->data_len >= 2) {
		d->l4_text[0] = '\0'; /* folded: "tcp dport" */
		char *field = r->offset == 0 ? m->sport : m->dport;
		const char *name = r->offset == 0 ? "sport" : "dport";
		uint16_t port = be16(e->data);

		if (e->op == CMP_GTE) {
			/* nft writes "5000-5010" as >= then <= on the same register */
			snprintf(d->pending_lo, sizeof(d->pending_lo), "%u", port);
			return;
		}
		if (e->op == CMP_LTE && d->pending_lo[0]) {
			snprintf(field, sizeof(m->dport), "%s-%u", d->pending_lo, port);
			d->pending_lo[0] = '\0';
			say(d, "%s %s %s", d->l4 ? d->l4 : "th", name, field);
			return;
		}
		snprintf(field, sizeof(m->dport), "%s%u", e->op == CMP_NEQ ? "!" : "", port);
		say(d, "%s %s %s%u", d->l4 ? d->l4 : "th", name, op_str(e->op), port);
		return;
	}
	say(d, "@%s,%u,%u %s[%u bytes]", r->base == PAYLOAD_LL ? "ll" : r->base == PAYLOAD_NETWORK ? "nh" : "th",
	    r->offset * 8, r->len * 8, op_str(e->op), e->data_len);
	d->rule->raw = true;
}

static void on_cmp(struct dec *d, const struct nst_expr *e)
{
	const struct reg *r = reg(d, e->sreg);

	if (r->kind == R_CT) {
		match_ct(d, r, e);
	} else if (r->kind == R_META) {
		match_meta(d, r, e);
	} else if (r->kind == R_PAYLOAD) {
		match_payload(d, r, e);
	} else {
		say(d, "[cmp]");
		d->rule->raw = true;
	}
}

/* Address (and port) a nat statement reads from registers. */
static void reg_addr(struct dec *d, uint32_t min, uint32_t max, int af, char *out, size_t len)
{
	char a[64], b[64];
	const struct reg *lo = reg(d, min), *hi = reg(d, max);
	uint32_t alen = af == AF_INET6 ? 16 : 4;

	out[0] = '\0';
	if (!min || lo->kind != R_IMM || lo->data_len < alen) {
		return;
	}
	fmt_addr(af, lo->data, a, sizeof(a));
	if (max && max != min && hi->kind == R_IMM && hi->data_len >= alen && memcmp(hi->data, lo->data, alen) != 0) {
		fmt_addr(af, hi->data, b, sizeof(b));
		snprintf(out, len, "%s-%s", a, b);
	} else {
		snprintf(out, len, "%s", a);
	}
}

static void reg_port(struct dec *d, uint32_t min, uint32_t max, char *out, size_t len)
{
	const struct reg *lo = reg(d, min), *hi = reg(d, max);

	out[0] = '\0';
	if (!min || lo->kind != R_IMM || lo->data_len < 2) {
		return;
	}
	uint16_t p = be16(lo->data);
	if (max && max != min && hi->kind == R_IMM && hi->data_len >= 2 && be16(hi->data) != p) {
		snprintf(out, len, "%u-%u", p, be16(hi->data));
	} else {
		snprintf(out, len, "%u", p);
	}
}

/* nf_nat range flags as nft prints them after the target. */
static void say_flags(struct dec *d, uint32_t flags)
{
	char buf[48] = "";

	/* nft joins them with commas: "masquerade random,persistent" */
	if (flags & 0x4) {
		strcat(buf, "random");
	}
	if (flags & 0x10) {
		strcat(buf, buf[0] ? ",fully-random" : "fully-random");
	}
	if (flags & 0x8) {
		strcat(buf, buf[0] ? ",persistent" : "persistent");
	}
	if (buf[0]) {
		say(d, "%s", buf);
	}
}

static void say_to(struct dec *d, const char *verb, const char *fam)
{
	struct nst_nat_rule *r = d->rule;
	bool v6 = strchr(r->to_addr, ':') != NULL;

	if (r->to_addr[0] && r->to_port[0]) {
		say(d, "%s%s to %s%s%s:%s", verb, fam, v6 ? "[" : "", r->to_addr, v6 ? "]" : "", r->to_port);
	} else if (r->to_addr[0]) {
		say(d, "%s%s to %s", verb, fam, r->to_addr);
	} else if (r->to_port[0]) {
		say(d, "%s%s to :%s", verb, fam, r->to_port);
	} else {
		say(d, "%s%s", verb, fam);
	}
}

static void on_nat(struct dec *d, const struct nst_expr *e, const char *family)
{
	struct nst_nat_rule *r = d->rule;
	int af = e->nat_family == NFPROTO_IPV6 ? AF_INET6 : AF_INET;
	/* inet tables name the family in the statement: "dnat ip to ..." */
	const char *fam = strcmp(family, "inet") == 0 ? (af == AF_INET6 ? " ip6" : " ip") : "";

	r->type = e->nat_type == NAT_DNAT ? NST_NAT_DNAT : NST_NAT_SNAT;
	reg_addr(d, e->reg_addr_min, e->reg_addr_max, af, r->to_addr, sizeof(r->to_addr));
	reg_port(d, e->reg_proto_min, e->reg_proto_max, r->to_port, sizeof(r->to_port));
	say_to(d, r->type == NST_NAT_DNAT ? "dnat" : "snat", fam);
	say_flags(d, e->flags);
}

/* iptables-nft targets: struct nf_nat_range(2) for rev >= 1, nf_nat_ipv4_multi_range_compat for rev 0. */
static void on_xt_target(struct dec *d, const struct nst_expr *e)
{
	struct nst_nat_rule *r = d->rule;
	bool dnat = strcmp(e->name, "DNAT") == 0, snat = strcmp(e->name, "SNAT") == 0;
	bool masq = strcmp(e->name, "MASQUERADE") == 0, redir = strcmp(e->name, "REDIRECT") == 0;
	uint32_t flags = 0;
	uint8_t min_ip[16] = { 0 }, max_ip[16] = { 0 };
	uint16_t min_port = 0, max_port = 0;
	int af = AF_INET;

	if (!dnat && !snat && !masq && !redir) {
		say(d, "xt target \"%s\"", e->name);
		r->raw = true;
		return;
	}
	if (e->rev >= 1 && e->data_len >= 4 + 16 + 16 + 2 + 2) {
		/* flags u32, min_addr[16], max_addr[16], min_proto be16, max_proto be16 */
		memcpy(&flags, e->data, 4);
		memcpy(min_ip, e->data + 4, 16);
		memcpy(max_ip, e->data + 20, 16);
		min_port = be16(e->data + 36);
		max_port = be16(e->data + 38);
		af = d->ipv6 ? AF_INET6 : AF_INET;
	} else if (e->data_len >= 4 + 4 + 4 + 4 + 2 + 2) {
		/* rangesize u32, then range[0]: flags u32, min_ip be32, max_ip be32, min be16, max be16 */
		memcpy(&flags, e->data + 4, 4);
		memcpy(min_ip, e->data + 8, 4);
		memcpy(max_ip, e->data + 12, 4);
		min_port = be16(e->data + 16);
		max_port = be16(e->data + 18);
	}
	r->type = dnat ? NST_NAT_DNAT : snat ? NST_NAT_SNAT : masq ? NST_NAT_MASQ : NST_NAT_REDIRECT;
	if ((flags & RANGE_MAP_IPS) && (dnat || snat)) {
		char a[64], b[64];
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
	say_to(d, nst_nat_type_str(r->type), "");
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

/* A bitwise AND with leading ones (xor 0) is a prefix: `ip saddr 192.168.10.0/24`. */
static void on_bitwise(struct dec *d, const struct nst_expr *e)
{
	struct reg src = *reg(d, e->sreg);
	int prefix = 0;
	bool contiguous = true;

	for (uint32_t i = 0; i < e->data_len && i < NST_EXPR_DATA; i++) {
		for (int b = 7; b >= 0; b--) {
			bool one = e->data[i] & (1u << b);
			if (one && !contiguous) {
				prefix = -2;
			}
			if (one && contiguous) {
				prefix++;
			}
			if (!one) {
				contiguous = false;
			}
		}
	}
	src.prefix = prefix >= 0 ? prefix : -1;
	src.mask_len = e->data_len < NST_EXPR_DATA ? e->data_len : NST_EXPR_DATA;
	memcpy(src.mask, e->data, src.mask_len);
	if (prefix < 0 && src.kind != R_CT) {
		say(d, "[bitwise]");
		d->rule->raw = true;
	}
	*reg(d, e->dreg) = src;
}

void nst_nat_decode(const struct nst_expr *e, size_t n, const char *family, struct nst_nat_rule *rule)
{
	struct dec d;

	memset(&d, 0, sizeof(d));
	d.rule = rule;
	d.ipv6 = strcmp(family, "ip6") == 0;
	rule->type = NST_NAT_OTHER;
	rule->summary[0] = '\0';
	memset(&rule->match, 0, sizeof(rule->match));
	rule->to_addr[0] = rule->to_port[0] = '\0';
	rule->has_counter = false;
	rule->raw = false;

	for (size_t i = 0; i < n; i++) {
		const struct nst_expr *x = &e[i];

		switch (x->kind) {
		case NST_E_META:
		case NST_E_PAYLOAD:
			if (x->dreg) {
				on_load(&d, x);
			} else {
				say(&d, "[%s set]", x->name);
				rule->raw = true;
			}
			break;
		case NST_E_IMMEDIATE:
			if (x->has_verdict || !x->dreg) {
				say(&d, "[verdict]");
				rule->raw = true;
			} else {
				on_load(&d, x);
			}
			break;
		case NST_E_BITWISE:
			on_bitwise(&d, x);
			break;
		case NST_E_CMP:
			on_cmp(&d, x);
			break;
		case NST_E_COUNTER:
			rule->has_counter = true;
			rule->packets = x->packets;
			rule->bytes = x->bytes;
			say(&d, "counter packets %llu bytes %llu", (unsigned long long)x->packets, (unsigned long long)x->bytes);
			break;
		case NST_E_NAT:
			on_nat(&d, x, family);
			break;
		case NST_E_MASQ:
			rule->type = NST_NAT_MASQ;
			reg_port(&d, x->reg_proto_min, x->reg_proto_max, rule->to_port, sizeof(rule->to_port));
			say_to(&d, "masquerade", "");
			say_flags(&d, x->flags);
			break;
		case NST_E_REDIR:
			rule->type = NST_NAT_REDIRECT;
			reg_port(&d, x->reg_proto_min, x->reg_proto_max, rule->to_port, sizeof(rule->to_port));
			say_to(&d, "redirect", "");
			say_flags(&d, x->flags);
			break;
		case NST_E_TARGET:
			on_xt_target(&d, x);
			break;
		case NST_E_MATCH:
			say(&d, "xt match \"%s\"", x->name);
			rule->raw = true;
			break;
		case NST_E_RANGE: {
			const struct reg *r = reg(&d, x->sreg);
			if (r->kind == R_PAYLOAD && r->base == PAYLOAD_TRANSPORT && r->len == 2 && x->data_len >= 2 &&
			    x->data2_len >= 2) {
				char *field = r->offset == 0 ? rule->match.sport : rule->match.dport;
				d.l4_text[0] = '\0';
				snprintf(field, sizeof(rule->match.dport), "%s%u-%u", x->op ? "!" : "", be16(x->data), be16(x->data2));
				say(&d, "%s %s %s%u-%u", d.l4 ? d.l4 : "th", r->offset == 0 ? "sport" : "dport", x->op ? "!= " : "",
				    be16(x->data), be16(x->data2));
			} else {
				say(&d, "[range]");
				rule->raw = true;
			}
			break;
		}
		case NST_E_LOOKUP: {
			/* the set's elements are not dumped here: name the field and the set */
			const struct reg *r = reg(&d, x->sreg);
			if (r->kind == R_PAYLOAD && r->base == PAYLOAD_TRANSPORT && r->len == 2) {
				d.l4_text[0] = '\0';
				say(&d, "%s %s @%s", d.l4 ? d.l4 : "th", r->offset == 0 ? "sport" : "dport", (const char *)x->data);
			} else {
				say(&d, "[lookup @%s]", (const char *)x->data);
			}
			rule->raw = true;
			break;
		}
		case NST_E_CT:
			if (x->dreg) {
				on_load(&d, x);
			}
			break;
		case NST_E_OTHER:
			say(&d, "[%s]", x->name[0] ? x->name : "?");
			rule->raw = true;
			break;
		}
	}
	flush_l4(&d);
}
