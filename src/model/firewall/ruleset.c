/* SPDX-License-Identifier: MIT */
/*
 * The ruleset's storage, and what a rule is beyond its text: the verdict
 * taken from the expression that sets it (immediate into the verdict
 * register, reject, queue, an xt target, a NAT statement), the counter,
 * and the comment from the rule's user data or iptables-nft's xt match.
 */
#include "ruleset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw_order.h"
#include "xalloc.h"

/* linux/netfilter.h, nf_tables.h, spelled out to keep the model libc-only */
enum { V_DROP = 0, V_ACCEPT = 1, V_CONTINUE = -1, V_JUMP = -3, V_GOTO = -4, V_RETURN = -5 };
enum { META_NFPROTO = 15, NAT_DNAT = 1, CMP_EQ = 0, PROTO_IPV6 = 10 };

struct nst_fw_table *nst_fw_add_table(struct nst_fw_ruleset *rs)
{
	return xgrow(&rs->tables, &rs->n_tables, &rs->cap_tables, sizeof(*rs->tables));
}

struct nst_fw_chain *nst_fw_add_chain(struct nst_fw_ruleset *rs)
{
	return xgrow(&rs->chains, &rs->n_chains, &rs->cap_chains, sizeof(*rs->chains));
}

struct nst_fw_rule *nst_fw_add_rule(struct nst_fw_ruleset *rs)
{
	return xgrow(&rs->rules, &rs->n_rules, &rs->cap_rules, sizeof(*rs->rules));
}

struct nst_fw_set *nst_fw_add_set(struct nst_fw_ruleset *rs)
{
	return xgrow(&rs->sets, &rs->n_sets, &rs->cap_sets, sizeof(*rs->sets));
}

void nst_fw_clear(struct nst_fw_ruleset *rs)
{
	free(rs->tables);
	free(rs->chains);
	free(rs->rules);
	free(rs->sets);
	free(rs->elems);
	memset(rs, 0, sizeof(*rs));
}

static void *dup_array(const void *src, size_t n, size_t size)
{
	if (!n) {
		return NULL;
	}
	void *p = xmalloc(n * size);
	memcpy(p, src, n * size);
	return p;
}

void nst_fw_copy(struct nst_fw_ruleset *dst, const struct nst_fw_ruleset *src)
{
	nst_fw_clear(dst);
	dst->tables = dup_array(src->tables, src->n_tables, sizeof(*src->tables));
	dst->n_tables = dst->cap_tables = src->n_tables;
	dst->chains = dup_array(src->chains, src->n_chains, sizeof(*src->chains));
	dst->n_chains = dst->cap_chains = src->n_chains;
	dst->rules = dup_array(src->rules, src->n_rules, sizeof(*src->rules));
	dst->n_rules = dst->cap_rules = src->n_rules;
	dst->sets = dup_array(src->sets, src->n_sets, sizeof(*src->sets));
	dst->n_sets = dst->cap_sets = src->n_sets;
	dst->elems = dup_array(src->elems, src->n_elems, sizeof(*src->elems));
	dst->n_elems = dst->cap_elems = src->n_elems;
}

void nst_fw_move(struct nst_fw_ruleset *dst, struct nst_fw_ruleset *src)
{
	nst_fw_clear(dst);
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

size_t nst_fw_chain_rules_at(const struct nst_fw_ruleset *rs, size_t ci, size_t *count)
{
	size_t *first = xcalloc(rs->n_chains, sizeof(*first)), *n = xcalloc(rs->n_chains, sizeof(*n));
	size_t at = 0;

	nst_fw_chain_spans(rs, first, n);
	if (n[ci]) {
		at = first[ci];
	} else {
		/* an empty chain's rules go after those of the chains before it: the dump's order */
		for (size_t j = 0; j < ci; j++) {
			if (n[j] && first[j] + n[j] > at) {
				at = first[j] + n[j];
			}
		}
	}
	*count = n[ci];
	free(first);
	free(n);
	return at;
}

void nst_fw_replace_chain_rules(struct nst_fw_ruleset *rs, size_t ci, const struct nst_fw_rule *v, size_t n)
{
	size_t old, at = nst_fw_chain_rules_at(rs, ci, &old);
	size_t total = rs->n_rules - old + n;

	if (total > rs->cap_rules) {
		size_t cap = rs->cap_rules ? rs->cap_rules : 4;
		while (cap < total) {
			cap *= 2;
		}
		rs->rules = xrealloc(rs->rules, cap * sizeof(*rs->rules));
		rs->cap_rules = cap;
	}
	/* the rules after the chain's move up or down by the difference; nothing else is touched */
	memmove(&rs->rules[at + n], &rs->rules[at + old], (rs->n_rules - at - old) * sizeof(*rs->rules));
	if (n) {
		memcpy(&rs->rules[at], v, n * sizeof(*v));
	}
	rs->n_rules = total;
}


const char *nst_fw_verdict_kind_str(enum nst_fw_verdict_kind k)
{
	static const char *const names[] = {
		[NST_FV_NONE] = "none",	      [NST_FV_ACCEPT] = "accept", [NST_FV_DROP] = "drop",
		[NST_FV_REJECT] = "reject",   [NST_FV_QUEUE] = "queue",	  [NST_FV_JUMP] = "jump",
		[NST_FV_GOTO] = "goto",	      [NST_FV_RETURN] = "return", [NST_FV_CONTINUE] = "continue",
		[NST_FV_XT] = "xt",	      [NST_FV_DNAT] = "dnat",	  [NST_FV_SNAT] = "snat",
		[NST_FV_MASQUERADE] = "masquerade", [NST_FV_REDIRECT] = "redirect", [NST_FV_VMAP] = "vmap",
		[NST_FV_OTHER] = "other",
	};
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "other";
}

const char *nst_fw_hook_name(const char *family, uint32_t h)
{
	static const char *const inet[] = { "prerouting", "input", "forward", "output", "postrouting", "ingress" };
	static const char *const arp[] = { "input", "output", "forward" };
	static const char *const netdev[] = { "ingress", "egress" };

	if (strcmp(family, "arp") == 0) {
		return h < 3 ? arp[h] : NULL;
	}
	if (strcmp(family, "netdev") == 0) {
		return h < 2 ? netdev[h] : NULL;
	}
	/* ip, ip6, inet and bridge (NF_BR_PRE_ROUTING ... NF_BR_POST_ROUTING) share 0..4; ingress is inet's */
	if (h == 5 && strcmp(family, "inet") != 0) {
		return NULL;
	}
	return h < 6 ? inet[h] : NULL;
}

static void set_verdict_code(struct nst_fw_verdict *v, const struct nst_expr *x)
{
	memset(v, 0, sizeof(*v));
	switch (x->verdict_code) {
	case V_ACCEPT:
		v->kind = NST_FV_ACCEPT;
		break;
	case V_DROP:
		v->kind = NST_FV_DROP;
		break;
	case V_CONTINUE:
		v->kind = NST_FV_CONTINUE;
		break;
	case V_RETURN:
		v->kind = NST_FV_RETURN;
		break;
	case V_JUMP:
	case V_GOTO:
		v->kind = x->verdict_code == V_JUMP ? NST_FV_JUMP : NST_FV_GOTO;
		_Static_assert(sizeof(v->target) == sizeof(x->verdict_chain), "chain name sizes differ");
		memcpy(v->target, x->verdict_chain, sizeof(v->target)); /* as "%s" into the same size */
		v->target[sizeof(v->target) - 1] = '\0';
		break;
	default:
		v->kind = NST_FV_OTHER;
		v->code = x->verdict_code;
		break;
	}
}

/* Expressions that end the rule's evaluation with a verdict; the last one is the rule's. */
static void verdict_of(const struct nst_expr *x, int v6, struct nst_fw_verdict *v)
{
	const char *s;

	switch (x->kind) {
	case NST_E_IMMEDIATE:
		if (x->has_verdict) {
			set_verdict_code(v, x);
		}
		break;
	case NST_E_REJECT:
		memset(v, 0, sizeof(*v));
		v->kind = NST_FV_REJECT;
		s = nst_reject_type_str(v6, x->reject_type);
		snprintf(v->reject_type, sizeof(v->reject_type), "%s", s ? s : "");
		s = nst_reject_code_str(v6, x->reject_type, x->icmp_code);
		snprintf(v->reject_code, sizeof(v->reject_code), "%s", s ? s : "");
		break;
	case NST_E_QUEUE:
		memset(v, 0, sizeof(*v));
		v->kind = NST_FV_QUEUE;
		v->queue_num = x->queue_num;
		v->queue_total = x->queue_total;
		v->queue_flags = x->queue_flags;
		break;
	case NST_E_LOOKUP:
		if (x->has_verdict) {
			memset(v, 0, sizeof(*v));
			v->kind = NST_FV_VMAP;
			snprintf(v->target, sizeof(v->target), "%.*s", (int)x->data_len, (const char *)x->data);
		}
		break;
	case NST_E_TARGET:
		memset(v, 0, sizeof(*v));
		v->kind = NST_FV_XT;
		snprintf(v->target, sizeof(v->target), "%s", x->name);
		break;
	case NST_E_NAT:
	case NST_E_MASQ:
	case NST_E_REDIR:
		memset(v, 0, sizeof(*v));
		v->kind = x->kind == NST_E_MASQ    ? NST_FV_MASQUERADE
			  : x->kind == NST_E_REDIR ? NST_FV_REDIRECT
			  : x->nat_type == NAT_DNAT ? NST_FV_DNAT
						    : NST_FV_SNAT;
		break;
	default:
		break;
	}
}

void nst_fw_rule_decode(const struct nst_expr *e, size_t n, const char *family, struct nst_fw_rule *rule)
{
	/* 5.5 KiB: not on the stack. Not zeroed either (5000 rules: 27 MB of memset): decode sets every
	 * field read below but the counter's, which it sets only when the rule has one. */
	struct nst_nat_rule *t = xmalloc(sizeof(*t));
	uint32_t nfproto_reg = 0;
	int v6 = strcmp(family, "ip6") == 0;

	memset(&rule->verdict, 0, sizeof(rule->verdict));
	for (size_t i = 0; i < n; i++) {
		const struct nst_expr *x = &e[i];

		/* `meta nfproto ipv6` in inet/bridge/netdev: a reject after it answers with ICMPv6 */
		if (x->kind == NST_E_META && x->key == META_NFPROTO && x->dreg) {
			nfproto_reg = x->dreg;
		} else if (x->dreg && x->dreg == nfproto_reg && x->kind != NST_E_CMP) {
			nfproto_reg = 0; /* the register now holds something else */
		} else if (x->kind == NST_E_CMP && nfproto_reg && x->sreg == nfproto_reg && x->op == CMP_EQ &&
			   x->data_len == 1) {
			v6 = x->data[0] == PROTO_IPV6;
		}
		if (x->kind == NST_E_MATCH && strcmp(x->name, "comment") == 0 && !rule->has_comment && x->info) {
			rule->has_comment = nst_fw_xt_comment(x->info, x->info_len, rule->comment, sizeof(rule->comment)) == 0;
		}
		verdict_of(x, v6, &rule->verdict);
	}
	t->packets = t->bytes = 0;
	nst_rule_text_decode(e, n, family, t);
	rule->has_counter = t->has_counter;
	rule->packets = t->packets;
	rule->bytes = t->bytes;
	rule->raw = t->raw;
	_Static_assert(sizeof(rule->raw_why) == sizeof(t->raw_why), "raw_why sizes differ");
	memcpy(rule->raw_why, t->raw_why, sizeof(rule->raw_why));
	rule->raw_why[sizeof(rule->raw_why) - 1] = '\0';
	_Static_assert(sizeof(rule->text) == sizeof(t->summary), "text and summary differ");
	memcpy(rule->text, t->summary, sizeof(rule->text));
	rule->counter_at = t->counter_at;
	rule->counter_len = t->counter_len;
	_Static_assert(sizeof(rule->cond) == sizeof(t->cond), "cond sizes differ");
	memcpy(rule->cond, t->cond, sizeof(rule->cond));
	rule->cond_cut = t->cond_cut;
	rule->match = t->match;
	free(t);
}

int nst_fw_udata_comment(const uint8_t *p, size_t len, char *out, size_t out_len)
{
	size_t off = 0;

	out[0] = '\0';
	while (off < len) {
		if (len - off < 2 || (size_t)p[off + 1] > len - off - 2) {
			return -1;
		}
		uint8_t type = p[off], n = p[off + 1];
		const uint8_t *v = p + off + 2;
		if (type == 0) {
			const uint8_t *nul = n ? memchr(v, '\0', n) : NULL;
			if (!nul || (size_t)(nul - v) >= out_len) {
				return -1;
			}
			memcpy(out, v, (size_t)(nul - v) + 1);
			return 1;
		}
		off += 2u + n;
	}
	return 0;
}

int nst_fw_xt_comment(const uint8_t *info, size_t len, char *out, size_t out_len)
{
	const uint8_t *nul = memchr(info, '\0', len < NST_FW_COMMENT ? len : NST_FW_COMMENT);

	out[0] = '\0';
	if (!nul || (size_t)(nul - info) >= out_len) {
		return -1;
	}
	memcpy(out, info, (size_t)(nul - info) + 1);
	return 0;
}
