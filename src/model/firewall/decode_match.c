/* SPDX-License-Identifier: MIT */
/*
 * Matches: a compare, range or set lookup over a register a load filled,
 * turned into nft's words and, where the record has one, a field of it.
 */
#include "decode_internal.h"
#include "quote.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/*
 * Interface name from cmp data: NUL-terminated, or a prefix match (iptables'
 * "eth+") without NUL, written "eth*". A name that itself ends in '*' is
 * written "lab\*" as nft does, so the two never read the same; one holding a
 * quote would end the "..." early: its text is not the rule.
 */
static void ifname_from(struct dec *d, const struct nst_expr *e, char *out, size_t len)
{
	size_t n = strnlen((const char *)e->data, e->data_len < NST_EXPR_DATA ? e->data_len : NST_EXPR_DATA);
	bool prefix = n == e->data_len && n < 16;
	bool star = !prefix && n && e->data[n - 1] == '*';

	if (memchr(e->data, '"', n)) {
		dec_raw(d, "an interface name with a quote: its text is ambiguous"); /* the rest is escaped where shown */
	}
	snprintf(out, len, "%.*s%s", (int)(star ? n - 1 : n), (const char *)e->data, prefix ? "*" : star ? "\\*" : "");
}

/*
 * `meta mark & 0x00004000 == 0x00004000` (kube-proxy's -m mark --mark
 * 0x4000/0x4000, iptables-nft native) and `meta mark 0x00000007`: an AND
 * mask or none, no xor, == or != — exact as nft writes it, so a rule's text
 * is not raw; a condition the record has no field for.
 */
static bool mark_match(struct dec *d, const struct reg *r, const struct nst_expr *e)
{
	enum { META_MARK = 3 };
	uint32_t mask = 0xffffffffu, val, xor = 0;

	/* a NAT record keeps it raw: the export recreates only what its record holds as fields */
	if (!d->verdicts || r->key != META_MARK || e->data_len != 4 || (e->op != CMP_EQ && e->op != CMP_NEQ) ||
	    (r->masked && r->mask_len != 4)) {
		return false;
	}
	if (r->xor_len) {
		if (r->xor_len != 4) {
			return false;
		}
		memcpy(&xor, r->xor, 4);
	}
	if (xor) {
		return false;
	}
	if (r->masked) {
		memcpy(&mask, r->mask, 4);
	}
	memcpy(&val, e->data, 4);
	dec_other(d);
	if (r->masked) {
		dec_say(d, "meta mark & 0x%08x %s 0x%08x", mask, e->op == CMP_EQ ? "==" : "!=", val);
	} else {
		dec_say(d, "meta mark %s0x%08x", e->op == CMP_EQ ? "" : "!= ", val);
	}
	return true;
}

static void match_meta(struct dec *d, const struct reg *r, const struct nst_expr *e)
{
	struct nst_nat_match *m = &d->rule->match;
	char buf[32];

	if (mark_match(d, r, e)) {
		return;
	}
	if (r->masked) {
		dec_match_raw(d, e->sreg, r, e->op, e->data, e->data_len, "a masked meta match");
		return;
	}
	switch (r->key) {
	case META_L4PROTO:
		if (e->data_len == 1) {
			const char *p = dec_proto_name(e->data[0], buf, sizeof(buf));
			bool foldable = e->op == CMP_EQ && (e->data[0] == 6 || e->data[0] == 17);

			dec_set_field(d, m->proto, sizeof(m->proto), e->op, p);
			d->l4 = foldable ? (e->data[0] == 6 ? "tcp" : "udp") : "th";
			/* nft prints "tcp dport 9999" for l4proto tcp + a port: held until we know */
			dec_cat3(d->l4_text, sizeof(d->l4_text), "meta l4proto ", dec_op_str(e->op), p);
			if (!foldable) {
				dec_flush_l4(d);
			}
			return;
		}
		break;
	case META_NFPROTO:
		if (e->data_len == 1 && (e->data[0] == NFPROTO_IPV4 || e->data[0] == NFPROTO_IPV6) &&
		    (e->op == CMP_EQ || e->op == CMP_NEQ)) {
			/* what follows reads the network header of the family that matched */
			d->ipv6 = (e->data[0] == NFPROTO_IPV6) == (e->op == CMP_EQ);
			dec_other(d);
			dec_say(d, "meta nfproto %s%s", dec_op_str(e->op), e->data[0] == NFPROTO_IPV6 ? "ipv6" : "ipv4");
			return;
		}
		break;
	case META_IIFNAME:
	case META_OIFNAME:
		if (e->data_len >= 1 && e->data_len <= 16) {
			char name[24];
			bool in = r->key == META_IIFNAME;

			ifname_from(d, e, name, sizeof(name));
			dec_set_field(d, in ? m->iif : m->oif, sizeof(m->iif), e->op, name);
			dec_say_keep_l4(d, "%s %s\"%s\"", in ? "iifname" : "oifname", dec_op_str(e->op), name);
			return;
		}
		break;
	default:
		break;
	}
	dec_match_raw(d, e->sreg, r, e->op, e->data, e->data_len, "a meta match that is not a field of the record");
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
		dec_set_field(d, d->rule->match.ct_state, sizeof(d->rule->match.ct_state), CMP_EQ, buf);
		dec_say(d, "ct state %s", buf);
		return;
	}
	dec_match_raw(d, e->sreg, r, e->op, e->data, e->data_len, "a conntrack match, shown but not a field of the record");
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
	dec_fmt_addr(d->ipv6 ? AF_INET6 : AF_INET, full, addr, sizeof(addr));
	size_t al = strlen(addr);
	if (prefix < (int)(alen * 8) && al + 5 <= len) { /* "/128" and the NUL fit: written by hand */
		memcpy(out, addr, al);
		out[al++] = '/';
		al += dec_put_u3(out + al, (unsigned)prefix);
		out[al] = '\0';
	} else if (prefix < (int)(alen * 8)) {
		if (snprintf(out, len, "%s/%d", addr, prefix) < 0) {
			out[0] = '\0';
		}
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

void dec_port_match(struct dec *d, uint32_t offset, const char *l4, uint32_t op, const char *val)
{
	struct nst_nat_match *m = &d->rule->match;

	d->l4_text[0] = '\0'; /* folded: "tcp dport" */
	dec_set_field(d, offset == 0 ? m->sport : m->dport, sizeof(m->dport), op, val);
	dec_say4(d, false, l4 ? l4 : "th", offset == 0 ? " sport " : " dport ", dec_op_str(op), val);
}

/* A `>=` whose `<=` did not follow is a match of its own. */
void dec_flush_lo(struct dec *d)
{
	char v[8];

	if (d->lo.on) {
		d->lo.on = false;
		snprintf(v, sizeof(v), "%u", d->lo.port);
		dec_port_match(d, d->lo.offset, d->lo.l4, CMP_GTE, v);
	}
}

static void match_payload(struct dec *d, const struct reg *r, const struct nst_expr *e)
{
	struct nst_nat_match *m = &d->rule->match;
	char buf[80];
	bool src;

	if (d->arp && r->base == PAYLOAD_NETWORK) {
		dec_match_raw(d, e->sreg, r, e->op, e->data, e->data_len, "an ARP header match");
		return;
	}
	if ((e->op == CMP_EQ || e->op == CMP_NEQ) && addr_prefix(d, r, e->data, e->data_len, buf, sizeof(buf), &src)) {
		dec_set_field(d, src ? m->saddr : m->daddr, sizeof(m->saddr), e->op, buf);
		dec_say4(d, true, d->ipv6 ? "ip6" : "ip", src ? " saddr " : " daddr ", dec_op_str(e->op), buf);
		return;
	}
	if (r->base == PAYLOAD_NETWORK && r->offset == (d->ipv6 ? 6u : 9u) && r->len == 1 && e->data_len == 1 &&
	    !r->masked) {
		char pb[8];
		const char *p = dec_proto_name(e->data[0], pb, sizeof(pb));

		dec_set_field(d, m->proto, sizeof(m->proto), e->op, p);
		d->l4 = e->op != CMP_EQ ? "th" : e->data[0] == 6 ? "tcp" : e->data[0] == 17 ? "udp" : "th";
		dec_say(d, "%s %s%s", d->ipv6 ? "ip6 nexthdr" : "ip protocol", dec_op_str(e->op), p);
		return;
	}
	if (is_port(r) && e->data_len == 2) {
		char v[16];

		if (e->op == CMP_GTE) {
			d->lo.on = true;
			d->lo.sreg = e->sreg;
			d->lo.offset = r->offset;
			d->lo.port = dec_be16(e->data);
			snprintf(d->lo.l4, sizeof(d->lo.l4), "%s", d->l4 ? d->l4 : "th");
			d->l4_text[0] = '\0';
			return;
		}
		dec_utoa(dec_be16(e->data), v); /* at most "65535" */
		dec_port_match(d, r->offset, d->l4, e->op, v);
		return;
	}
	dec_match_raw(d, e->sreg, r, e->op, e->data, e->data_len, "a payload match that is not a field of the record");
}

void dec_on_cmp(struct dec *d, const struct nst_expr *e)
{
	const struct reg *r = dec_reg(d, e->sreg);

	if (e->op > CMP_GTE) {
		dec_match_raw(d, e->sreg, r, e->op, e->data, e->data_len, "an unknown cmp operator");
		return;
	}
	/* the `<=` that closes a pending `>=` on the same port: "1000-2000" */
	if (d->lo.on && e->op == CMP_LTE && e->sreg == d->lo.sreg && is_port(r) && r->offset == d->lo.offset &&
	    e->data_len == 2) {
		char v[16];

		d->lo.on = false;
		snprintf(v, sizeof(v), "%u-%u", d->lo.port, dec_be16(e->data));
		dec_port_match(d, r->offset, d->lo.l4, CMP_EQ, v);
		return;
	}
	if (r->kind == R_CT) {
		match_ct(d, r, e);
	} else if (r->kind == R_META) {
		match_meta(d, r, e);
	} else if (r->kind == R_PAYLOAD) {
		match_payload(d, r, e);
	} else {
		dec_match_raw(d, e->sreg, r, e->op, e->data, e->data_len, "a compare of a register nstop did not follow");
	}
}

/* NFT_RANGE_EQ / _NEQ between two values: ports and whole addresses are fields. */
void dec_on_range(struct dec *d, const struct nst_expr *x)
{
	struct nst_nat_match *m = &d->rule->match;
	const struct reg *r = dec_reg(d, x->sreg);
	uint32_t alen = d->ipv6 ? 16 : 4, op = x->op ? CMP_NEQ : CMP_EQ;
	char v[160], a[64], b[64];
	bool src;

	if (x->op <= 1 && is_port(r) && x->data_len == 2 && x->data2_len == 2) {
		snprintf(v, sizeof(v), "%u-%u", dec_be16(x->data), dec_be16(x->data2));
		dec_port_match(d, r->offset, d->l4, op, v);
		return;
	}
	if (x->op <= 1 && r->len == alen && x->data2_len == alen &&
	    addr_prefix(d, r, x->data, x->data_len, a, sizeof(a), &src)) {
		dec_fmt_addr(d->ipv6 ? AF_INET6 : AF_INET, x->data2, b, sizeof(b));
		snprintf(v, sizeof(v), "%s-%s", a, b);
		dec_set_field(d, src ? m->saddr : m->daddr, sizeof(m->saddr), op, v);
		dec_say_keep_l4(d, "%s %s %s%s", d->ipv6 ? "ip6" : "ip", src ? "saddr" : "daddr", dec_op_str(op), v);
		return;
	}
	char name[48], lo[2 * NST_EXPR_DATA + 4], hi[2 * NST_EXPR_DATA + 4];
	dec_reg_name(d, x->sreg, r, name, sizeof(name));
	dec_hex(x->data, x->data_len, lo, sizeof(lo));
	dec_hex(x->data2, x->data2_len, hi, sizeof(hi));
	dec_other(d);
	dec_say(d, "%s%s %s%s-%s", name, r->masked ? " & [mask]" : "", x->op ? "!= " : "", lo, hi);
	dec_raw(d, "a range that is not a field of the record");
}

/* Set lookups match against elements nstop does not read; a map lookup loads a register. */
void dec_on_lookup(struct dec *d, const struct nst_expr *x)
{
	const struct reg *r = dec_reg(d, x->sreg);
	char name[48], set[NST_EXPR_DATA + 1];

	dec_reg_name(d, x->sreg, r, name, sizeof(name));
	snprintf(set, sizeof(set), "%.*s", (int)x->data_len, (const char *)x->data);
	if (is_port(r)) {
		d->l4_text[0] = '\0'; /* folded: "tcp dport @s" */
	}
	if (x->has_verdict) {
		/* what is still pending is a condition, said before the verdict map */
		d->stmt = false;
		dec_flush_lo(d);
		dec_flush_l4(d);
		d->stmt = true;
	}
	if (x->name_cut) {
		dec_raw(d, "a set name longer than nstop keeps in a rule");
	}
	if (r->masked) {
		dec_raw(d, "a set lookup over a masked register");
	}
	/* In a rule's text a named set is exact, as nft writes it (the elements are the ruleset's sets);
	 * nft writes an anonymous one's elements inline, and a NAT record is what the export recreates,
	 * which makes no sets: there the lookup marks the rule raw, as before. */
	bool anonymous = strncmp(set, "__set", 5) == 0 || strncmp(set, "__map", 5) == 0;
	if (!d->verdicts || anonymous) {
		dec_raw(d, anonymous ? "an anonymous set, whose elements are listed apart, not inline"
				     : "a set lookup: the export recreates no sets");
	}
	if (x->has_verdict) {
		/* the map's verdict ends the rule: a statement */
		dec_say(d, "%s%s vmap @%s", name, r->masked ? " & [mask]" : "", set);
		return;
	}
	if (x->dreg) {
		struct reg *out = dec_reg(d, x->dreg);

		dec_other(d);
		dec_say(d, "%s%s map @%s", name, r->masked ? " & [mask]" : "", set);
		memset(out, 0, sizeof(*out));
		out->kind = R_MAP;
		out->prefix = -1;
		out->data_len = x->data_len < NST_EXPR_DATA ? x->data_len : NST_EXPR_DATA;
		memcpy(out->data, x->data, out->data_len);
		dec_raw(d, "a map lookup: what the map gives is not followed");
		return;
	}
	/* exact as nft writes it; the elements are the ruleset's (sets), not the rule's */
	dec_other(d);
	dec_say(d, "%s%s %s@%s", name, r->masked ? " & [mask]" : "", x->flags & LOOKUP_F_INV ? "!= " : "", set);
}
