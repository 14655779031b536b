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
#include "decode_internal.h"
#include "quote.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>


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


static void on_load(struct dec *d, const struct nst_expr *e)
{
	struct reg *r = dec_reg(d, e->dreg);

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
	struct reg src = *dec_reg(d, e->sreg);
	int prefix = 0;
	bool contiguous = true;

	if (e->op != BITWISE_BOOL) {
		dec_other(d);
		dec_say(d, "[bitwise shift]");
		dec_raw(d, "a bitwise shift");
		memset(dec_reg(d, e->dreg), 0, sizeof(struct reg));
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
		dec_other(d);
		dec_say(d, "[bitwise over a masked register]");
		dec_raw(d, "two bitwise operations on one register");
	}
	src.masked = true;
	src.mask_len = e->data_len < NST_EXPR_DATA ? e->data_len : NST_EXPR_DATA;
	memcpy(src.mask, e->data, src.mask_len);
	src.xor_len = e->data2_len < NST_EXPR_DATA ? e->data2_len : NST_EXPR_DATA;
	memcpy(src.xor, e->data2, src.xor_len);
	*dec_reg(d, e->dreg) = src;
}



/* What an expression says is a statement (it acts or ends the rule), not a condition of the match. */
static bool is_statement(const struct nst_expr *x)
{
	switch (x->kind) {
	case NST_E_COUNTER:
	case NST_E_NAT:
	case NST_E_MASQ:
	case NST_E_REDIR:
	case NST_E_TARGET:
	case NST_E_REJECT:
	case NST_E_QUEUE:
		return true;
	case NST_E_IMMEDIATE:
		return x->has_verdict || !x->dreg;
	case NST_E_META:
	case NST_E_PAYLOAD:
	case NST_E_CT:
		return !x->dreg; /* a set statement */
	case NST_E_LOOKUP:
		return x->has_verdict; /* a verdict map */
	default:
		return false;
	}
}

static void on_expr(struct dec *d, const struct nst_expr *x, const char *family)
{
	struct nst_nat_rule *rule = d->rule;

	d->stmt = is_statement(x);
	if (d->stmt && x->kind != NST_E_LOOKUP) { /* a verdict map folds a pending l4proto itself */
		/* a pending port or protocol match is a condition, said before the statement */
		d->stmt = false;
		dec_flush_lo(d);
		dec_flush_l4(d);
		d->stmt = true;
	}
	switch (x->kind) {
	case NST_E_META:
	case NST_E_PAYLOAD:
	case NST_E_CT:
		if (x->dreg) {
			on_load(d, x);
		} else {
			dec_say(d, "[%s set]", x->name);
			dec_raw(d, "a statement that sets a field");
		}
		break;
	case NST_E_IMMEDIATE:
		if (x->has_verdict && d->verdicts) {
			dec_on_verdict(d, x);
		} else if (x->has_verdict || !x->dreg) {
			dec_say(d, "[verdict]");
			dec_raw(d, "a verdict: accept, jump, ...");
		} else {
			on_load(d, x);
		}
		break;
	case NST_E_BITWISE:
		on_bitwise(d, x);
		break;
	case NST_E_CMP:
		dec_on_cmp(d, x);
		break;
	case NST_E_COUNTER:
		rule->has_counter = true;
		rule->packets = x->packets;
		rule->bytes = x->bytes;
		size_t at = d->n + (d->n ? 1 : 0);
		char pk[21], by[21];
		dec_utoa(x->packets, pk);
		dec_utoa(x->bytes, by);
		dec_say4(d, false, "counter packets ", pk, " bytes ", by); /* as "counter packets %llu bytes %llu" */
		if (d->n > at && !rule->counter_len) {
			rule->counter_at = (uint16_t)at;
			rule->counter_len = (uint16_t)(d->n - at);
		}
		break;
	case NST_E_NAT:
		dec_on_nat(d, x, family);
		break;
	case NST_E_MASQ:
		rule->type = NST_NAT_MASQ;
		dec_on_nat_stmt(d, "masquerade", "", AF_INET, x, false);
		break;
	case NST_E_REDIR:
		rule->type = NST_NAT_REDIRECT;
		dec_on_nat_stmt(d, "redirect", "", AF_INET, x, false);
		break;
	case NST_E_TARGET:
		dec_on_xt_target(d, x);
		break;
	case NST_E_MATCH:
		if (d->verdicts && strcmp(x->name, "comment") == 0) {
			break; /* the rule's comment (nst_fw_xt_comment), as nft keeps a comment apart */
		}
		dec_on_xt_match(d, x); /* decode_xt.c */
		break;
	case NST_E_RANGE:
		dec_on_range(d, x);
		break;
	case NST_E_LOOKUP:
		dec_on_lookup(d, x);
		break;
	case NST_E_REJECT:
	case NST_E_QUEUE:
		if (d->verdicts) {
			(x->kind == NST_E_REJECT ? dec_on_reject : dec_on_queue)(d, x);
			break;
		}
		/* nst_nat_decode shows them as before, unknown */
		__attribute__((fallthrough));
	case NST_E_OTHER:
	default:
		dec_other(d);
		dec_say(d, "[%s]", x->name[0] ? x->name : "?");
		dec_raw(d, "an expression nstop does not decode");
		break;
	}
}

/* Does x read register r (conservatively: an expression nstop does not know may read any)? */
static bool reads(const struct nst_expr *x, uint32_t r)
{
	switch (x->kind) {
	case NST_E_CMP:
	case NST_E_RANGE:
	case NST_E_LOOKUP:
	case NST_E_BITWISE:
		return x->sreg == r;
	case NST_E_NAT:
	case NST_E_MASQ:
	case NST_E_REDIR:
		return x->reg_addr_min == r || x->reg_addr_max == r || x->reg_proto_min == r || x->reg_proto_max == r;
	case NST_E_META:
	case NST_E_PAYLOAD:
	case NST_E_CT:
		return !x->dreg && x->sreg == r; /* a set statement */
	case NST_E_IMMEDIATE:
	case NST_E_COUNTER:
	case NST_E_REJECT:
		return false;
	case NST_E_QUEUE:
		return x->queue_sreg;
	default:
		return true;
	}
}

/*
 * A load nothing reads before the register is loaded again: the text says
 * nothing of it. nft's concatenations (`ip daddr . meta l4proto . th dport
 * vmap @m`) load the registers after the lookup's own, which the lookup
 * reads through its key length; nstop writes only the first, so such a rule
 * is not wholly in its text.
 */
static bool unread_load(const struct nst_expr *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct nst_expr *x = &e[i];
		bool load = x->dreg && (x->kind == NST_E_META || x->kind == NST_E_PAYLOAD || x->kind == NST_E_CT ||
					x->kind == NST_E_BITWISE || x->kind == NST_E_LOOKUP ||
					(x->kind == NST_E_IMMEDIATE && !x->has_verdict));
		if (!load) {
			continue;
		}
		bool read = false;
		for (size_t j = i + 1; j < n && !read; j++) {
			read = reads(&e[j], x->dreg);
			if (!read && e[j].dreg == x->dreg && e[j].kind != NST_E_CMP && e[j].kind != NST_E_RANGE) {
				break; /* loaded again first */
			}
		}
		if (!read) {
			return true;
		}
	}
	return false;
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
	rule->cond[0] = '\0';
	rule->cond_cut = false;
	rule->counter_at = rule->counter_len = 0;
	memset(&rule->match, 0, sizeof(rule->match));
	rule->to_addr[0] = rule->to_port[0] = '\0';
	rule->has_counter = false;
	rule->raw = false;
	rule->raw_why[0] = '\0';

	for (size_t i = 0; i < n; i++) {
		const struct nst_expr *x = &e[i];

		/* a pending `>=` stands alone unless this is its `<=` */
		if (d.lo.on && !(x->kind == NST_E_CMP && x->op == CMP_LTE && x->sreg == d.lo.sreg)) {
			dec_flush_lo(&d);
		}
		on_expr(&d, x, family);
	}
	d.stmt = false;
	dec_flush_lo(&d);
	dec_flush_l4(&d);
	if (unread_load(e, n)) {
		dec_other(&d);
		dec_raw(&d, "a concatenation, or a load nothing reads");
	}
	if (d.full) {
		/* cut: what is missing may be a condition */
		snprintf(rule->summary + d.n, sizeof(rule->summary) - d.n, "%s...", d.n ? " " : "");
		dec_raw(&d, "the rule is longer than nstop's summary");
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
