/* SPDX-License-Identifier: MIT */
/*
 * One NFT_MSG_NEWRULE message into the model's neutral expressions, parsed
 * with libmnl's bounded attribute walk. Not libnftnl's parser: libnftnl 1.2
 * calls exit() ("kernel ABI is broken") on an attribute of an unexpected
 * length (found by tests/fuzz/fuzz_nft.c). A malformed expression becomes an
 * unknown one, shown raw; the rule is never cut short.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"
#include "xalloc.h"

#define TB_MAX 16 /* above every NFTA_*_MAX nstop reads */

struct tb {
	const struct nlattr *a[TB_MAX + 1];
	bool bad; /* an attribute nstop reads has the wrong size */
};

static int put_attr(const struct nlattr *attr, void *data)
{
	struct tb *tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= TB_MAX) {
		tb->a[type] = attr;
	}
	return MNL_CB_OK;
}

static void nested(const struct nlattr *attr, struct tb *tb)
{
	memset(tb, 0, sizeof(*tb));
	if (attr && mnl_attr_parse_nested(attr, put_attr, tb) < 0) {
		tb->bad = true;
	}
}

static uint32_t u32(struct tb *tb, int type)
{
	const struct nlattr *a = tb->a[type];

	if (!a) {
		return 0;
	}
	if (mnl_attr_get_payload_len(a) != sizeof(uint32_t)) {
		tb->bad = true;
		return 0;
	}
	return ntohl(mnl_attr_get_u32(a));
}

static uint64_t u64(struct tb *tb, int type)
{
	const struct nlattr *a = tb->a[type];
	uint64_t v;

	if (!a) {
		return 0;
	}
	if (mnl_attr_get_payload_len(a) != sizeof(v)) {
		tb->bad = true;
		return 0;
	}
	memcpy(&v, mnl_attr_get_payload(a), sizeof(v));
	return be64toh(v);
}

/* A string attribute into out, cut at its first NUL or its end. */
static void str(const struct tb *tb, int type, char *out, size_t len)
{
	const struct nlattr *a = tb->a[type];
	size_t n = a ? strnlen(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a)) : 0;

	snprintf(out, len, "%.*s", (int)n, a ? (const char *)mnl_attr_get_payload(a) : "");
}

static void bytes(const struct nlattr *a, uint8_t *out, uint32_t *out_len)
{
	uint32_t n = a ? mnl_attr_get_payload_len(a) : 0;

	*out_len = n < NST_EXPR_DATA ? n : NST_EXPR_DATA;
	if (*out_len) {
		memcpy(out, mnl_attr_get_payload(a), *out_len);
	}
}

/* struct nft_data: a value, or a verdict (NFTA_DATA_VERDICT). */
static void data(struct tb *tb, int type, uint8_t *out, uint32_t *out_len, bool *verdict)
{
	struct tb d;

	*out_len = 0;
	if (!tb->a[type]) {
		return;
	}
	nested(tb->a[type], &d);
	tb->bad |= d.bad;
	if (d.a[NFTA_DATA_VERDICT]) {
		if (verdict) {
			*verdict = true;
		} else {
			tb->bad = true;
		}
	}
	bytes(d.a[NFTA_DATA_VALUE], out, out_len);
}

/* The attributes of one expression (NFTA_EXPR_DATA) as the decoder needs them. */
static void convert(struct tb *t, const char *name, struct nst_expr *x)
{
	if (strcmp(name, "meta") == 0) {
		x->kind = NST_E_META;
		x->key = u32(t, NFTA_META_KEY);
		x->dreg = u32(t, NFTA_META_DREG);
		x->sreg = u32(t, NFTA_META_SREG);
	} else if (strcmp(name, "payload") == 0) {
		x->kind = NST_E_PAYLOAD;
		x->dreg = u32(t, NFTA_PAYLOAD_DREG);
		x->sreg = u32(t, NFTA_PAYLOAD_SREG);
		x->base = u32(t, NFTA_PAYLOAD_BASE);
		x->offset = u32(t, NFTA_PAYLOAD_OFFSET);
		x->len = u32(t, NFTA_PAYLOAD_LEN);
	} else if (strcmp(name, "cmp") == 0) {
		x->kind = NST_E_CMP;
		x->sreg = u32(t, NFTA_CMP_SREG);
		x->op = u32(t, NFTA_CMP_OP);
		data(t, NFTA_CMP_DATA, x->data, &x->data_len, NULL);
	} else if (strcmp(name, "bitwise") == 0) {
		x->kind = NST_E_BITWISE;
		x->sreg = u32(t, NFTA_BITWISE_SREG);
		x->dreg = u32(t, NFTA_BITWISE_DREG);
		x->len = u32(t, NFTA_BITWISE_LEN);
		x->op = u32(t, NFTA_BITWISE_OP); /* NFT_BITWISE_BOOL (mask, xor) or a shift */
		data(t, NFTA_BITWISE_MASK, x->data, &x->data_len, NULL);
		data(t, NFTA_BITWISE_XOR, x->data2, &x->data2_len, NULL);
	} else if (strcmp(name, "immediate") == 0) {
		x->kind = NST_E_IMMEDIATE;
		x->dreg = u32(t, NFTA_IMMEDIATE_DREG);
		data(t, NFTA_IMMEDIATE_DATA, x->data, &x->data_len, &x->has_verdict);
	} else if (strcmp(name, "nat") == 0) {
		x->kind = NST_E_NAT;
		x->nat_type = u32(t, NFTA_NAT_TYPE);
		x->nat_family = u32(t, NFTA_NAT_FAMILY);
		x->reg_addr_min = u32(t, NFTA_NAT_REG_ADDR_MIN);
		x->reg_addr_max = u32(t, NFTA_NAT_REG_ADDR_MAX);
		x->reg_proto_min = u32(t, NFTA_NAT_REG_PROTO_MIN);
		x->reg_proto_max = u32(t, NFTA_NAT_REG_PROTO_MAX);
		x->flags = u32(t, NFTA_NAT_FLAGS);
	} else if (strcmp(name, "masq") == 0) {
		x->kind = NST_E_MASQ;
		x->reg_proto_min = u32(t, NFTA_MASQ_REG_PROTO_MIN);
		x->reg_proto_max = u32(t, NFTA_MASQ_REG_PROTO_MAX);
		x->flags = u32(t, NFTA_MASQ_FLAGS);
	} else if (strcmp(name, "redir") == 0) {
		x->kind = NST_E_REDIR;
		x->reg_proto_min = u32(t, NFTA_REDIR_REG_PROTO_MIN);
		x->reg_proto_max = u32(t, NFTA_REDIR_REG_PROTO_MAX);
		x->flags = u32(t, NFTA_REDIR_FLAGS);
	} else if (strcmp(name, "counter") == 0) {
		x->kind = NST_E_COUNTER;
		x->packets = u64(t, NFTA_COUNTER_PACKETS);
		x->bytes = u64(t, NFTA_COUNTER_BYTES);
	} else if (strcmp(name, "target") == 0 || strcmp(name, "match") == 0) {
		bool tg = name[0] == 't';
		x->kind = tg ? NST_E_TARGET : NST_E_MATCH;
		str(t, tg ? NFTA_TARGET_NAME : NFTA_MATCH_NAME, x->name, sizeof(x->name));
		x->rev = u32(t, tg ? NFTA_TARGET_REV : NFTA_MATCH_REV);
		bytes(t->a[tg ? NFTA_TARGET_INFO : NFTA_MATCH_INFO], x->data, &x->data_len);
	} else if (strcmp(name, "range") == 0) {
		x->kind = NST_E_RANGE;
		x->sreg = u32(t, NFTA_RANGE_SREG);
		x->op = u32(t, NFTA_RANGE_OP);
		data(t, NFTA_RANGE_FROM_DATA, x->data, &x->data_len, NULL);
		data(t, NFTA_RANGE_TO_DATA, x->data2, &x->data2_len, NULL);
	} else if (strcmp(name, "ct") == 0) {
		x->kind = NST_E_CT;
		x->key = u32(t, NFTA_CT_KEY);
		x->dreg = u32(t, NFTA_CT_DREG);
		x->sreg = u32(t, NFTA_CT_SREG);
	} else if (strcmp(name, "lookup") == 0) {
		x->kind = NST_E_LOOKUP;
		x->sreg = u32(t, NFTA_LOOKUP_SREG);
		x->dreg = u32(t, NFTA_LOOKUP_DREG); /* a map: the lookup loads, not matches */
		x->flags = u32(t, NFTA_LOOKUP_FLAGS);
		str(t, NFTA_LOOKUP_SET, (char *)x->data, sizeof(x->data));
		x->data_len = (uint32_t)strlen((char *)x->data);
	} else {
		x->kind = NST_E_OTHER;
	}
}

static void expr(const struct nlattr *elem, struct nst_expr *x)
{
	struct tb e, t;

	memset(x, 0, sizeof(*x));
	nested(elem, &e);
	str(&e, NFTA_EXPR_NAME, x->name, sizeof(x->name));
	if (e.bad || !x->name[0]) {
		snprintf(x->name, sizeof(x->name), "?");
		x->kind = NST_E_OTHER;
		return;
	}
	char name[sizeof(x->name)];
	snprintf(name, sizeof(name), "%s", x->name);
	nested(e.a[NFTA_EXPR_DATA], &t);
	convert(&t, name, x);
	if (t.bad) {
		/* a value of the wrong size is not what the kernel sends: show the name, decode nothing */
		memset(x, 0, sizeof(*x));
		snprintf(x->name, sizeof(x->name), "%.20s?", name);
		x->kind = NST_E_OTHER;
	}
}

static const char *family_name(uint8_t f)
{
	switch (f) {
	case NFPROTO_IPV4:
		return "ip";
	case NFPROTO_IPV6:
		return "ip6";
	case NFPROTO_INET:
		return "inet";
	default:
		return "?";
	}
}

int be_nft_rule_decode(const struct nlmsghdr *nlh, struct nst_nat_rule *out, uint32_t *family, char *table,
		       size_t table_len, char *chain, size_t chain_len)
{
	struct nfgenmsg g;
	struct tb tb = { 0 };
	struct nst_expr *exprs = NULL;
	size_t n = 0, cap = 0;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(g)) {
		return -EINVAL;
	}
	memcpy(&g, mnl_nlmsg_get_payload(nlh), sizeof(g));
	/* bounded by nlmsg_len itself: mnl_attr_parse reads up to its 4-byte alignment, past a short message */
	if (mnl_attr_parse_payload((const char *)mnl_nlmsg_get_payload(nlh) + sizeof(g),
				   nlh->nlmsg_len - NLMSG_HDRLEN - sizeof(g), put_attr, &tb) < 0 ||
	    !tb.a[NFTA_RULE_TABLE] || !tb.a[NFTA_RULE_CHAIN]) {
		return -EINVAL;
	}
	*family = g.nfgen_family;
	str(&tb, NFTA_RULE_TABLE, table, table_len);
	str(&tb, NFTA_RULE_CHAIN, chain, chain_len);
	snprintf(out->family, sizeof(out->family), "%s", family_name(g.nfgen_family));
	out->handle = u64(&tb, NFTA_RULE_HANDLE);
	if (tb.bad) {
		return -EINVAL;
	}
	if (tb.a[NFTA_RULE_EXPRESSIONS]) {
		const struct nlattr *elem;

		mnl_attr_for_each_nested(elem, tb.a[NFTA_RULE_EXPRESSIONS]) {
			if (mnl_attr_get_type(elem) == NFTA_LIST_ELEM) {
				expr(elem, xgrow(&exprs, &n, &cap, sizeof(*exprs)));
			}
		}
	}
	nst_nat_decode(exprs, n, out->family, out);
	free(exprs);
	return 0;
}
