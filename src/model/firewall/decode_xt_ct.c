/* SPDX-License-Identifier: MIT */
/*
 * iptables-nft's conntrack match (xt_conntrack_mtinfo1/2/3) and the old
 * state match in nft's words, as nft 1.0.6 lists them: direction, protocol,
 * state, status, expiration, addresses, ports. Bytes copied out at the
 * uapi layouts (decode_xt.c's helpers); what nft cannot say keeps it raw.
 */
#include "decode_internal.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* The parts of xt_conntrack_mtinfo1/2/3 nstop reads, widened as iptables does (cinfo_transform). */
struct ct_info {
	uint8_t addr[4][2][16]; /* origsrc, origdst, replsrc, repldst: address, mask */
	uint32_t expires_min, expires_max;
	uint16_t l4proto;
	uint16_t port[4], port_high[4];
	uint16_t flags, invert;
	uint16_t state, status;
};

enum { CT_STATE = 1, CT_PROTO = 2, CT_ORIGSRC = 4, CT_ORIGDST = 8, CT_REPLSRC = 0x10, CT_REPLDST = 0x20,
       CT_STATUS = 0x40, CT_EXPIRES = 0x80, CT_ORIGSRC_PORT = 0x100, CT_DIRECTION = 0x1000, CT_STATE_ALIAS = 0x2000,
       CT_KNOWN = 0x3fff };
/* XT_CONNTRACK_STATE_*: INVALID 1 << 0, BIT(ESTABLISHED 0) 2, BIT(RELATED 1) 4, BIT(NEW 2) 8,
 * SNAT 1 << (IP_CT_NUMBER 5 + 1), DNAT 1 << 7, UNTRACKED 1 << 8 */
enum { ST_INVALID = 1, ST_ESTABLISHED = 2, ST_RELATED = 4, ST_NEW = 8, ST_SNAT = 64, ST_DNAT = 128,
       ST_UNTRACKED = 256 };

static bool ct_read(struct dec *d, const struct nst_expr *e, struct ct_info *c)
{
	/* sizes: mtinfo1 152, mtinfo2 156, mtinfo3 164 */
	static const uint32_t size[] = { 0, 152, 156, 164 };

	if (e->rev < 1 || e->rev > 3) {
		dec_say(d, "xt match \"conntrack\" rev %u", e->rev);
		dec_raw(d, "a conntrack revision nstop does not know");
		return false;
	}
	if (!dec_xt_sized(d, e, size[e->rev])) {
		return false;
	}
	const uint8_t *p = e->info;
	memset(c, 0, sizeof(*c));
	memcpy(c->addr, p, sizeof(c->addr)); /* 8 union nf_inet_addr of 16 bytes */
	c->expires_min = dec_u32_at(p, 128);
	c->expires_max = dec_u32_at(p, 132);
	c->l4proto = dec_u16_at(p, 136);
	for (int i = 0; i < 4; i++) {
		uint16_t v = dec_u16_at(p, 138 + 2u * (unsigned)i);
		/* rev 1 and 2: __be16 and no range; rev 3: host order with a high end */
		c->port[i] = e->rev == 3 ? v : dec_be16(p + 138 + 2 * i);
		c->port_high[i] = e->rev == 3 ? dec_u16_at(p, 154 + 2u * (unsigned)i) : c->port[i];
	}
	c->flags = dec_u16_at(p, 146);
	c->invert = dec_u16_at(p, 148);
	if (e->rev == 1) {
		c->state = p[150];
		c->status = p[151];
	} else {
		c->state = dec_u16_at(p, 150);
		c->status = dec_u16_at(p, 152);
	}
	return true;
}

static bool ct_state_text(uint16_t st, char *out, size_t len)
{
	/* iptables' order, which nft lists for an xt match: invalid, new, related, established, untracked */
	static const struct {
		uint16_t bit;
		const char *name;
	} names[] = { { ST_INVALID, "invalid" }, { ST_NEW, "new" }, { ST_RELATED, "related" },
		      { ST_ESTABLISHED, "established" }, { ST_UNTRACKED, "untracked" } };
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (st & names[i].bit) {
			o += (size_t)snprintf(out + o, len - o, "%s%s", o ? "," : "", names[i].name);
			st &= (uint16_t)~names[i].bit;
		}
	}
	return st == 0 && o > 0;
}

static bool ct_addr(struct dec *d, const struct ct_info *c, int which, char *out, size_t len)
{
	size_t alen = d->ipv6 ? 16 : 4;
	int prefix = dec_mask_prefix(c->addr[which][1], alen);
	char a[64];

	if (prefix < 0) {
		return false;
	}
	dec_fmt_addr(d->ipv6 ? AF_INET6 : AF_INET, c->addr[which][0], a, sizeof(a));
	if ((size_t)prefix == alen * 8) {
		snprintf(out, len, "%s", a);
	} else {
		snprintf(out, len, "%s/%d", a, prefix);
	}
	return true;
}

/* --ctstate, --ctstatus, --ctproto, --ctorig/repl src/dst (and ports), --ctexpire, --ctdir, in
 * iptables-translate's order: direction, protocol, state, status, expiration, addresses, ports. */
void dec_xt_conntrack(struct dec *d, const struct nst_expr *e)
{
	static const char *const status[] = { "expected", "seen-reply", "assured", "confirmed" };
	static const char *const addr_key[] = { "original saddr", "original daddr", "reply saddr", "reply daddr" };
	static const char *const port_key[] = { "original proto-src", "original proto-dst", "reply proto-src",
						"reply proto-dst" };
	struct ct_info c;
	char buf[128];

	if (!ct_read(d, e, &c)) {
		return;
	}
	uint16_t f = c.flags, inv = c.invert;
	bool reply = inv & CT_DIRECTION;
	/* only ct state, in the record's field: the forward evaluator judges it */
	if ((f & ~CT_STATE_ALIAS) != CT_STATE) {
		dec_other(d);
	}
	if (f & ~CT_KNOWN) {
		dec_say(d, "xt match \"conntrack\" flags 0x%x", f);
		dec_raw(d, "conntrack options nstop does not know");
		return;
	}
	if (f & CT_DIRECTION) {
		dec_say(d, "ct direction %s", reply ? "reply" : "original");
	}
	if (f & CT_PROTO) {
		dec_say(d, "ct %s protocol %s%u", reply ? "reply" : "original", inv & CT_PROTO ? "!= " : "", c.l4proto);
	}
	if (f & CT_STATE) {
		uint16_t virt = c.state & (ST_SNAT | ST_DNAT);
		const char *neg = inv & CT_STATE ? "! " : "";

		if (virt && virt != c.state) {
			/* "NEW,DNAT" is either; nft's ct state and ct status would both have to hold */
			dec_other(d);
			dec_say(d, "xt match \"conntrack\" ctstate 0x%x", c.state);
			dec_raw(d, "a conntrack state mixing SNAT/DNAT with states");
		} else if (virt) {
			dec_other(d);
			dec_say(d, "ct status %s%s", neg, virt == ST_SNAT ? "snat" : virt == ST_DNAT ? "dnat" : "snat,dnat");
		} else if (ct_state_text(c.state, buf, sizeof(buf))) {
			dec_set_field(d, d->rule->match.ct_state, sizeof(d->rule->match.ct_state),
				      inv & CT_STATE ? CMP_NEQ : CMP_EQ, buf);
			dec_say(d, "ct state %s%s", neg, buf);
		} else {
			dec_other(d);
			dec_say(d, "ct state 0x%x", c.state);
			dec_raw(d, "a conntrack state nstop has no name for");
		}
	}
	if (f & CT_STATUS) {
		if (dec_bit_names(c.status, status, 4, ",", buf, sizeof(buf)) && c.status) {
			dec_say(d, "ct status %s%s", inv & CT_STATUS ? "! " : "", buf);
		} else {
			dec_say(d, "ct status 0x%x", c.status);
			dec_raw(d, "a conntrack status nstop has no name for");
		}
	}
	if (f & CT_EXPIRES) {
		const char *neg = inv & CT_EXPIRES ? "!= " : "";
		if (c.expires_min == c.expires_max) {
			dec_say(d, "ct expiration %s%u", neg, c.expires_min);
		} else {
			dec_say(d, "ct expiration %s%u-%u", neg, c.expires_min, c.expires_max);
		}
	}
	for (int i = 0; i < 4; i++) {
		if (!(f & (CT_ORIGSRC << i))) {
			continue;
		}
		if (!ct_addr(d, &c, i, buf, sizeof(buf))) {
			dec_say(d, "ct %s [mask not a prefix]", addr_key[i]);
			dec_raw(d, "a conntrack address mask that is not a prefix");
			continue;
		}
		dec_say(d, "ct %s %s%s", addr_key[i], inv & (CT_ORIGSRC << i) ? "!= " : "", buf);
	}
	for (int i = 0; i < 4; i++) {
		if (!(f & (CT_ORIGSRC_PORT << i))) {
			continue;
		}
		const char *neg = inv & (CT_ORIGSRC_PORT << i) ? "!= " : "";
		if (c.port[i] == c.port_high[i]) {
			dec_say(d, "ct %s %s%u", port_key[i], neg, c.port[i]);
		} else {
			dec_say(d, "ct %s %s%u-%u", port_key[i], neg, c.port[i], c.port_high[i]);
		}
	}
}

/* xt_state_info (the old "state" match, rev 0): u32 statemask, XT_STATE_INVALID 1, BIT(ESTABLISHED) 2,
 * BIT(RELATED) 4, BIT(NEW) 8, XT_STATE_UNTRACKED 1 << (IP_CT_IS_REPLY + 1) = 16; iptables writes `!` as ~mask. */
void dec_xt_state(struct dec *d, const struct nst_expr *e)
{
	enum { KNOWN = 0x1f, UNTRACKED_OLD = 16 };
	char buf[96];

	if (e->rev != 0 || !dec_xt_sized(d, e, 4)) {
		dec_other(d);
		if (e->rev != 0) {
			dec_say(d, "xt match \"state\" rev %u", e->rev);
			dec_raw(d, "a state revision nstop does not know");
		}
		return;
	}
	uint32_t mask = dec_u32_at(e->info, 0);
	bool inv = (mask & ~(uint32_t)KNOWN) != 0;
	if (inv) {
		mask = ~mask; /* every other bit set: the states not named */
	}
	/* untracked moves to conntrack's bit; the other four are the same */
	uint16_t st = (uint16_t)((mask & 0xf) | (mask & UNTRACKED_OLD ? ST_UNTRACKED : 0));
	if ((mask & ~(uint32_t)KNOWN) || !ct_state_text(st, buf, sizeof(buf))) {
		dec_other(d);
		dec_say(d, "xt match \"state\" mask 0x%x", dec_u32_at(e->info, 0));
		dec_raw(d, "a state mask nstop cannot name");
		return;
	}
	dec_set_field(d, d->rule->match.ct_state, sizeof(d->rule->match.ct_state), inv ? CMP_NEQ : CMP_EQ, buf);
	dec_say(d, "ct state %s%s", inv ? "! " : "", buf);
}
