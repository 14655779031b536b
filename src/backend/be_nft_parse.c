/* SPDX-License-Identifier: MIT */
/*
 * nf_tables chain and rule messages parsed with libmnl and type tables, not
 * libnftnl: libnftnl 1.2.4's attribute callbacks call exit() ("nf_tables
 * kernel ABI is broken") on an attribute of the wrong size, and a library
 * must never end nstop. A message that fails a check is refused whole.
 * Values are converted as libnftnl does (big-endian u32/u64, data in a
 * nested NFTA_DATA_VALUE) into the model's neutral struct nst_expr.
 */
#include <endian.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"
#include "be_nft_msg.h"
#include "be_nlmsg.h"
#include "cut.h"
#include "xalloc.h"

#define U32 { MNL_TYPE_U32, 0 }
#define U64 { MNL_TYPE_U64, 0 }
#define U8 { MNL_TYPE_U8, 0 }
#define STR { MNL_TYPE_NUL_STRING, 0 }
#define NEST { MNL_TYPE_NESTED, 0 }
#define BIN { MNL_TYPE_BINARY, 0 }
#define U8 { MNL_TYPE_U8, 0 }
#define U16 { MNL_TYPE_U16, 0 }

/* The largest attribute index any table below uses, so one tb array serves all. */
#define TB_MAX 16

static uint64_t be64(const struct nlattr *a)
{
	return a ? be64toh(mnl_attr_get_u64(a)) : 0;
}

/* A name is kept whole or the message refused: a cut name would be another object's. */
static int str_copy(const char *s, char *out, size_t len)
{
	size_t n = strlen(s);

	if (n >= len) {
		out[0] = '\0';
		return -EBADMSG;
	}
	memcpy(out, s, n + 1);
	return 0;
}

/* The same for a validated string attribute; an absent one is "". */
static int str(const struct nlattr *a, char *out, size_t len)
{
	return str_copy(a ? mnl_attr_get_str(a) : "", out, len);
}

static const struct be_attr_rule gen_rules[NFTA_GEN_MAX + 1] = {
	[NFTA_GEN_ID] = U32,
};

int be_nft_parse_gen(const struct nlmsghdr *h, uint32_t *id)
{
	const struct nlattr *tb[NFTA_GEN_MAX + 1];

	if (!be_nft_is_msg(h, NFT_MSG_NEWGEN) ||
	    be_nl_parse_attrs(h, sizeof(struct nfgenmsg), NULL, gen_rules, NFTA_GEN_MAX, tb) < 0 || !tb[NFTA_GEN_ID]) {
		return -EBADMSG;
	}
	*id = be_nft_be32(tb[NFTA_GEN_ID]);
	return 0;
}

static const struct be_attr_rule table_rules[NFTA_TABLE_MAX + 1] = {
	[NFTA_TABLE_NAME] = STR, [NFTA_TABLE_HANDLE] = U64, [NFTA_TABLE_FLAGS] = U32, [NFTA_TABLE_USE] = U32,
};

int be_nft_parse_table(const struct nlmsghdr *h, struct be_nft_table *out)
{
	const struct nlattr *tb[NFTA_TABLE_MAX + 1];

	memset(out, 0, sizeof(*out));
	if (!be_nft_is_msg(h, NFT_MSG_NEWTABLE) ||
	    be_nl_parse_attrs(h, sizeof(struct nfgenmsg), NULL, table_rules, NFTA_TABLE_MAX, tb) < 0 ||
	    !tb[NFTA_TABLE_NAME] || str(tb[NFTA_TABLE_NAME], out->name, sizeof(out->name)) < 0) {
		return -EBADMSG;
	}
	out->family = be_nft_msg_family(h);
	out->handle = be64(tb[NFTA_TABLE_HANDLE]);
	return 0;
}

static const struct be_attr_rule chain_rules[NFTA_CHAIN_MAX + 1] = {
	[NFTA_CHAIN_TABLE] = STR, [NFTA_CHAIN_NAME] = STR,    [NFTA_CHAIN_TYPE] = STR,	 [NFTA_CHAIN_HOOK] = NEST,
	[NFTA_CHAIN_HANDLE] = U64, [NFTA_CHAIN_POLICY] = U32, [NFTA_CHAIN_FLAGS] = U32, [NFTA_CHAIN_USE] = U32,
};
static const struct be_attr_rule hook_rules[NFTA_HOOK_MAX + 1] = {
	[NFTA_HOOK_HOOKNUM] = U32, [NFTA_HOOK_PRIORITY] = U32, [NFTA_HOOK_DEV] = STR, [NFTA_HOOK_DEVS] = NEST,
};
static const struct be_attr_rule devs_rules[NFTA_DEVICE_MAX + 1] = {
	[NFTA_DEVICE_NAME] = STR,
};

/* NFTA_HOOK_DEVS: a list of NFTA_DEVICE_NAME strings, each checked; their count in *n. */
static int hook_devs(const struct nlattr *devs, char *first, size_t len, unsigned *n)
{
	const struct nlattr *a;
	const struct nlattr *tb[NFTA_DEVICE_MAX + 1];

	*n = 0;
	if (be_nl_parse_attrs(NULL, 0, devs, devs_rules, NFTA_DEVICE_MAX, tb) < 0) {
		return -EBADMSG;
	}
	mnl_attr_for_each_nested(a, devs) {
		if (mnl_attr_get_type(a) != NFTA_DEVICE_NAME || mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0) {
			return -EBADMSG;
		}
		if (*n == 0 && str(a, first, len) < 0) {
			return -EBADMSG;
		}
		(*n)++;
	}
	return 0;
}

int be_nft_parse_chain(const struct nlmsghdr *h, struct be_nft_chain *out)
{
	const struct nlattr *tb[NFTA_CHAIN_MAX + 1], *hk[NFTA_HOOK_MAX + 1];

	memset(out, 0, sizeof(*out));
	if (!be_nft_is_msg(h, NFT_MSG_NEWCHAIN) ||
	    be_nl_parse_attrs(h, sizeof(struct nfgenmsg), NULL, chain_rules, NFTA_CHAIN_MAX, tb) < 0) {
		return -EBADMSG;
	}
	if (tb[NFTA_CHAIN_HOOK]) {
		if (be_nl_parse_attrs(h, 0, tb[NFTA_CHAIN_HOOK], hook_rules, NFTA_HOOK_MAX, hk) < 0) {
			return -EBADMSG;
		}
		out->has_hook = hk[NFTA_HOOK_HOOKNUM] != NULL;
		out->hook = be_nft_be32(hk[NFTA_HOOK_HOOKNUM]);
		out->prio = (int32_t)be_nft_be32(hk[NFTA_HOOK_PRIORITY]);
		/* The kernel sends the list, and NFTA_HOOK_DEV too when there is one device. */
		unsigned ndev = 0;
		char first[sizeof(out->device)];
		if ((hk[NFTA_HOOK_DEV] && str(hk[NFTA_HOOK_DEV], out->device, sizeof(out->device)) < 0) ||
		    (hk[NFTA_HOOK_DEVS] && hook_devs(hk[NFTA_HOOK_DEVS], first, sizeof(first), &ndev) < 0)) {
			return -EBADMSG;
		}
		if (!hk[NFTA_HOOK_DEV] && ndev == 1) {
			memcpy(out->device, first, sizeof(first));
		}
		out->n_devices = hk[NFTA_HOOK_DEVS] ? ndev : out->device[0] != '\0';
	}
	out->handle = be64(tb[NFTA_CHAIN_HANDLE]);
	out->has_policy = tb[NFTA_CHAIN_POLICY] != NULL;
	out->policy = be_nft_be32(tb[NFTA_CHAIN_POLICY]);
	out->family = be_nft_msg_family(h);
	if (str(tb[NFTA_CHAIN_TABLE], out->table, sizeof(out->table)) < 0 ||
	    str(tb[NFTA_CHAIN_NAME], out->name, sizeof(out->name)) < 0 ||
	    str(tb[NFTA_CHAIN_TYPE], out->type, sizeof(out->type)) < 0) {
		return -EBADMSG;
	}
	return 0;
}

static const struct be_attr_rule data_rules[NFTA_DATA_MAX + 1] = {
	[NFTA_DATA_VALUE] = BIN, [NFTA_DATA_VERDICT] = NEST,
};

static const struct be_attr_rule verdict_rules[NFTA_VERDICT_MAX + 1] = {
	[NFTA_VERDICT_CODE] = U32, [NFTA_VERDICT_CHAIN] = STR, [NFTA_VERDICT_CHAIN_ID] = U32,
};

/* NFTA_DATA_VERDICT: the code, and the chain of a jump or goto (by name; an id is only for a batch). */
static int verdict_attr(const struct nlattr *a, struct nst_expr *x)
{
	const struct nlattr *tb[NFTA_VERDICT_MAX + 1];

	if (be_nl_parse_attrs(NULL, 0, a, verdict_rules, NFTA_VERDICT_MAX, tb) < 0 || !tb[NFTA_VERDICT_CODE]) {
		return -EBADMSG;
	}
	x->verdict_code = (int32_t)be_nft_be32(tb[NFTA_VERDICT_CODE]);
	if (str(tb[NFTA_VERDICT_CHAIN], x->verdict_chain, sizeof(x->verdict_chain)) < 0) {
		return -EBADMSG;
	}
	/* a jump or goto names its chain: the kernel never sends one without */
	if ((x->verdict_code == NFT_JUMP || x->verdict_code == NFT_GOTO) && !x->verdict_chain[0]) {
		return -EBADMSG;
	}
	return 0;
}

/* A nested nft_data: its value copied into out (as libnftnl keeps it, at most 64 bytes), or a verdict into vx. */
static int data_attr(const struct nlattr *a, uint8_t *out, uint32_t *out_len, bool *verdict, struct nst_expr *vx)
{
	const struct nlattr *tb[NFTA_DATA_MAX + 1];

	*out_len = 0;
	if (!a) {
		return 0;
	}
	if (be_nl_parse_attrs(NULL, 0, a, data_rules, NFTA_DATA_MAX, tb) < 0) {
		return -EBADMSG;
	}
	if (tb[NFTA_DATA_VALUE]) {
		uint16_t n = mnl_attr_get_payload_len(tb[NFTA_DATA_VALUE]);
		if (n > NFT_DATA_VALUE_MAXLEN || n > NST_EXPR_DATA) {
			return -EBADMSG;
		}
		memcpy(out, mnl_attr_get_payload(tb[NFTA_DATA_VALUE]), n);
		*out_len = n;
	} else if (tb[NFTA_DATA_VERDICT] && verdict) {
		*verdict = true;
		return verdict_attr(tb[NFTA_DATA_VERDICT], vx);
	}
	return 0;
}

/* nst_fmt_cut(out, len, "%s", s) without printf when s fits (every xt name and set name passes here). */
static bool name_cut(char *out, size_t len, const char *s)
{
	size_t n = strnlen(s, len);

	if (n < len) {
		memcpy(out, s, n + 1);
		return false;
	}
	return nst_fmt_cut(out, len, "%s", s);
}

/* One expression kind: its libnftnl name, attribute table, and how its attributes map. */
struct expr_kind {
	const char *name;
	enum nst_expr_kind kind;
	uint16_t max;
	struct be_attr_rule rules[TB_MAX + 1];
};

static const struct expr_kind kinds[] = {
	{ "meta", NST_E_META, NFTA_META_MAX, { [NFTA_META_KEY] = U32, [NFTA_META_DREG] = U32 } },
	{ "payload", NST_E_PAYLOAD, NFTA_PAYLOAD_MAX,
	  { [NFTA_PAYLOAD_DREG] = U32, [NFTA_PAYLOAD_BASE] = U32, [NFTA_PAYLOAD_OFFSET] = U32, [NFTA_PAYLOAD_LEN] = U32 } },
	{ "cmp", NST_E_CMP, NFTA_CMP_MAX, { [NFTA_CMP_SREG] = U32, [NFTA_CMP_OP] = U32, [NFTA_CMP_DATA] = NEST } },
	{ "bitwise", NST_E_BITWISE, NFTA_BITWISE_MAX,
	  { [NFTA_BITWISE_SREG] = U32, [NFTA_BITWISE_DREG] = U32, [NFTA_BITWISE_LEN] = U32, [NFTA_BITWISE_MASK] = NEST,
	    [NFTA_BITWISE_XOR] = NEST, [NFTA_BITWISE_OP] = U32, [NFTA_BITWISE_DATA] = NEST } },
	{ "immediate", NST_E_IMMEDIATE, NFTA_IMMEDIATE_MAX, { [NFTA_IMMEDIATE_DREG] = U32, [NFTA_IMMEDIATE_DATA] = NEST } },
	{ "nat", NST_E_NAT, NFTA_NAT_MAX,
	  { [NFTA_NAT_TYPE] = U32, [NFTA_NAT_FAMILY] = U32, [NFTA_NAT_REG_ADDR_MIN] = U32, [NFTA_NAT_REG_ADDR_MAX] = U32,
	    [NFTA_NAT_REG_PROTO_MIN] = U32, [NFTA_NAT_REG_PROTO_MAX] = U32, [NFTA_NAT_FLAGS] = U32 } },
	{ "masq", NST_E_MASQ, NFTA_MASQ_MAX,
	  { [NFTA_MASQ_FLAGS] = U32, [NFTA_MASQ_REG_PROTO_MIN] = U32, [NFTA_MASQ_REG_PROTO_MAX] = U32 } },
	{ "redir", NST_E_REDIR, NFTA_REDIR_MAX,
	  { [NFTA_REDIR_FLAGS] = U32, [NFTA_REDIR_REG_PROTO_MIN] = U32, [NFTA_REDIR_REG_PROTO_MAX] = U32 } },
	{ "counter", NST_E_COUNTER, NFTA_COUNTER_MAX, { [NFTA_COUNTER_BYTES] = U64, [NFTA_COUNTER_PACKETS] = U64 } },
	{ "target", NST_E_TARGET, NFTA_TARGET_MAX, { [NFTA_TARGET_NAME] = STR, [NFTA_TARGET_REV] = U32, [NFTA_TARGET_INFO] = BIN } },
	{ "match", NST_E_MATCH, NFTA_MATCH_MAX, { [NFTA_MATCH_NAME] = STR, [NFTA_MATCH_REV] = U32, [NFTA_MATCH_INFO] = BIN } },
	{ "range", NST_E_RANGE, NFTA_RANGE_MAX,
	  { [NFTA_RANGE_SREG] = U32, [NFTA_RANGE_OP] = U32, [NFTA_RANGE_FROM_DATA] = NEST, [NFTA_RANGE_TO_DATA] = NEST } },
	{ "ct", NST_E_CT, NFTA_CT_MAX, { [NFTA_CT_KEY] = U32, [NFTA_CT_DREG] = U32, [NFTA_CT_DIRECTION] = U8 } },
	{ "lookup", NST_E_LOOKUP, NFTA_LOOKUP_MAX,
	  { [NFTA_LOOKUP_SET] = STR, [NFTA_LOOKUP_SREG] = U32, [NFTA_LOOKUP_DREG] = U32, [NFTA_LOOKUP_FLAGS] = U32,
	    [NFTA_LOOKUP_SET_ID] = U32 } },
	{ "reject", NST_E_REJECT, NFTA_REJECT_MAX, { [NFTA_REJECT_TYPE] = U32, [NFTA_REJECT_ICMP_CODE] = U8 } },
	{ "queue", NST_E_QUEUE, NFTA_QUEUE_MAX,
	  { [NFTA_QUEUE_NUM] = U16, [NFTA_QUEUE_TOTAL] = U16, [NFTA_QUEUE_FLAGS] = U16, [NFTA_QUEUE_SREG_QNUM] = U32 } },
};

_Static_assert(NFTA_NAT_MAX <= TB_MAX && NFTA_LOOKUP_MAX <= TB_MAX && NFTA_BITWISE_MAX <= TB_MAX &&
		       NFTA_PAYLOAD_MAX <= TB_MAX && NFTA_META_MAX <= TB_MAX && NFTA_CT_MAX <= TB_MAX &&
		       NFTA_REJECT_MAX <= TB_MAX && NFTA_QUEUE_MAX <= TB_MAX,
	       "TB_MAX too small");

static int fill_expr(const struct expr_kind *k, const struct nlattr *const *tb, struct nst_expr *x)
{
	int rc = 0;

	x->kind = k->kind;
	switch (k->kind) {
	case NST_E_META:
		x->key = be_nft_be32(tb[NFTA_META_KEY]);
		x->dreg = be_nft_be32(tb[NFTA_META_DREG]);
		break;
	case NST_E_PAYLOAD:
		x->dreg = be_nft_be32(tb[NFTA_PAYLOAD_DREG]);
		x->base = be_nft_be32(tb[NFTA_PAYLOAD_BASE]);
		x->offset = be_nft_be32(tb[NFTA_PAYLOAD_OFFSET]);
		x->len = be_nft_be32(tb[NFTA_PAYLOAD_LEN]);
		break;
	case NST_E_CMP:
		x->sreg = be_nft_be32(tb[NFTA_CMP_SREG]);
		x->op = be_nft_be32(tb[NFTA_CMP_OP]);
		rc = data_attr(tb[NFTA_CMP_DATA], x->data, &x->data_len, NULL, NULL);
		break;
	case NST_E_BITWISE:
		x->sreg = be_nft_be32(tb[NFTA_BITWISE_SREG]);
		x->dreg = be_nft_be32(tb[NFTA_BITWISE_DREG]);
		x->len = be_nft_be32(tb[NFTA_BITWISE_LEN]);
		x->op = be_nft_be32(tb[NFTA_BITWISE_OP]); /* NFT_BITWISE_BOOL (mask, xor) or a shift: the decoder tells them apart */
		rc = data_attr(tb[NFTA_BITWISE_MASK], x->data, &x->data_len, NULL, NULL);
		if (rc == 0) {
			rc = data_attr(tb[NFTA_BITWISE_XOR], x->data2, &x->data2_len, NULL, NULL);
		}
		break;
	case NST_E_IMMEDIATE:
		x->dreg = be_nft_be32(tb[NFTA_IMMEDIATE_DREG]);
		rc = data_attr(tb[NFTA_IMMEDIATE_DATA], x->data, &x->data_len, &x->has_verdict, x);
		break;
	case NST_E_NAT:
		x->nat_type = be_nft_be32(tb[NFTA_NAT_TYPE]);
		x->nat_family = be_nft_be32(tb[NFTA_NAT_FAMILY]);
		x->reg_addr_min = be_nft_be32(tb[NFTA_NAT_REG_ADDR_MIN]);
		x->reg_addr_max = be_nft_be32(tb[NFTA_NAT_REG_ADDR_MAX]);
		x->reg_proto_min = be_nft_be32(tb[NFTA_NAT_REG_PROTO_MIN]);
		x->reg_proto_max = be_nft_be32(tb[NFTA_NAT_REG_PROTO_MAX]);
		x->flags = be_nft_be32(tb[NFTA_NAT_FLAGS]);
		break;
	case NST_E_MASQ:
		x->reg_proto_min = be_nft_be32(tb[NFTA_MASQ_REG_PROTO_MIN]);
		x->reg_proto_max = be_nft_be32(tb[NFTA_MASQ_REG_PROTO_MAX]);
		x->flags = be_nft_be32(tb[NFTA_MASQ_FLAGS]);
		break;
	case NST_E_REDIR:
		x->reg_proto_min = be_nft_be32(tb[NFTA_REDIR_REG_PROTO_MIN]);
		x->reg_proto_max = be_nft_be32(tb[NFTA_REDIR_REG_PROTO_MAX]);
		x->flags = be_nft_be32(tb[NFTA_REDIR_FLAGS]);
		break;
	case NST_E_COUNTER:
		x->packets = be64(tb[NFTA_COUNTER_PACKETS]);
		x->bytes = be64(tb[NFTA_COUNTER_BYTES]);
		break;
	case NST_E_TARGET:
	case NST_E_MATCH: {
		/* NFTA_TARGET_* and NFTA_MATCH_* share their numbering */
		const struct nlattr *info = tb[NFTA_TARGET_INFO];
		name_cut(x->name, sizeof(x->name), tb[NFTA_TARGET_NAME] ? mnl_attr_get_str(tb[NFTA_TARGET_NAME]) : "?");
		x->rev = be_nft_be32(tb[NFTA_TARGET_REV]);
		if (info) {
			uint16_t n = mnl_attr_get_payload_len(info);
			x->data_len = n < NST_EXPR_DATA ? n : NST_EXPR_DATA;
			memcpy(x->data, mnl_attr_get_payload(info), x->data_len);
			x->info = mnl_attr_get_payload(info);
			x->info_len = n;
		}
		break;
	}
	case NST_E_RANGE:
		x->sreg = be_nft_be32(tb[NFTA_RANGE_SREG]);
		x->op = be_nft_be32(tb[NFTA_RANGE_OP]);
		rc = data_attr(tb[NFTA_RANGE_FROM_DATA], x->data, &x->data_len, NULL, NULL);
		if (rc == 0) {
			rc = data_attr(tb[NFTA_RANGE_TO_DATA], x->data2, &x->data2_len, NULL, NULL);
		}
		break;
	case NST_E_CT:
		x->key = be_nft_be32(tb[NFTA_CT_KEY]);
		x->dreg = be_nft_be32(tb[NFTA_CT_DREG]);
		/* ct original/reply: 1 + the direction, 0 for none (two conditions must not read alike) */
		x->base = tb[NFTA_CT_DIRECTION] ? 1u + mnl_attr_get_u8(tb[NFTA_CT_DIRECTION]) : 0;
		break;
	case NST_E_REJECT:
		x->reject_type = be_nft_be32(tb[NFTA_REJECT_TYPE]);
		x->icmp_code = tb[NFTA_REJECT_ICMP_CODE] ? mnl_attr_get_u8(tb[NFTA_REJECT_ICMP_CODE]) : 0;
		break;
	case NST_E_QUEUE:
		/* u16 in network order, as nft_queue dumps them */
		x->queue_num = tb[NFTA_QUEUE_NUM] ? be16toh(mnl_attr_get_u16(tb[NFTA_QUEUE_NUM])) : 0;
		x->queue_total = tb[NFTA_QUEUE_TOTAL] ? be16toh(mnl_attr_get_u16(tb[NFTA_QUEUE_TOTAL])) : 0;
		x->queue_flags = tb[NFTA_QUEUE_FLAGS] ? be16toh(mnl_attr_get_u16(tb[NFTA_QUEUE_FLAGS])) : 0;
		x->queue_sreg = tb[NFTA_QUEUE_SREG_QNUM] != NULL;
		break;
	case NST_E_LOOKUP:
		x->sreg = be_nft_be32(tb[NFTA_LOOKUP_SREG]);
		x->dreg = be_nft_be32(tb[NFTA_LOOKUP_DREG]); /* a map: the lookup loads, not matches */
		/* dreg 0 is the verdict register: a verdict map (`tcp dport vmap @m`) decides the rule */
		x->has_verdict = tb[NFTA_LOOKUP_DREG] && x->dreg == 0;
		x->flags = be_nft_be32(tb[NFTA_LOOKUP_FLAGS]);
		/* a set name longer than the record shows "…" and makes the rule raw */
		x->name_cut = name_cut((char *)x->data, sizeof(x->data),
				       tb[NFTA_LOOKUP_SET] ? mnl_attr_get_str(tb[NFTA_LOOKUP_SET]) : "?");
		x->data_len = (uint32_t)strlen((char *)x->data);
		break;
	default:
		break;
	}
	return rc;
}

static const struct be_attr_rule expr_rules[NFTA_EXPR_MAX + 1] = {
	[NFTA_EXPR_NAME] = STR, [NFTA_EXPR_DATA] = NEST,
};

/* One NFTA_LIST_ELEM: its name picks the table its data is checked against. */
static int parse_expr(const struct nlattr *elem, struct nst_expr *x)
{
	const struct nlattr *tb[NFTA_EXPR_MAX + 1], *data[TB_MAX + 1];

	memset(x, 0, sizeof(*x));
	if (mnl_attr_get_type(elem) != NFTA_LIST_ELEM ||
	    be_nl_parse_attrs(NULL, 0, elem, expr_rules, NFTA_EXPR_MAX, tb) < 0 || !tb[NFTA_EXPR_NAME]) {
		return -EBADMSG;
	}
	const char *name = mnl_attr_get_str(tb[NFTA_EXPR_NAME]);
	/* as snprintf "%s" would, cut to the field (every expression of every rule passes here) */
	size_t nl = strnlen(name, sizeof(x->name) - 1);
	memcpy(x->name, name, nl);
	x->name[nl] = '\0';
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const struct expr_kind *k = &kinds[i];
		if (k->name[0] != name[0] || strcmp(k->name, name) != 0) {
			continue;
		}
		if (!tb[NFTA_EXPR_DATA]) {
			x->kind = k->kind;
			return 0;
		}
		if (be_nl_parse_attrs(NULL, 0, tb[NFTA_EXPR_DATA], k->rules, k->max, data) < 0) {
			return -EBADMSG;
		}
		return fill_expr(k, data, x);
	}
	/* Unknown to nstop: shown raw by the decoder, never hidden; its data is not read. */
	x->kind = NST_E_OTHER;
	return 0;
}

static const struct be_attr_rule rule_rules[NFTA_RULE_MAX + 1] = {
	[NFTA_RULE_TABLE] = STR, [NFTA_RULE_CHAIN] = STR,    [NFTA_RULE_HANDLE] = U64, [NFTA_RULE_EXPRESSIONS] = NEST,
	[NFTA_RULE_USERDATA] = BIN, [NFTA_RULE_POSITION] = U64, [NFTA_RULE_ID] = U32,
};

const char *be_nft_family_name(uint32_t f)
{
	switch (f) {
	case NFPROTO_IPV4:
		return "ip";
	case NFPROTO_IPV6:
		return "ip6";
	case NFPROTO_INET:
		return "inet";
	case NFPROTO_BRIDGE:
		return "bridge";
	case NFPROTO_ARP:
		return "arp";
	case NFPROTO_NETDEV:
		return "netdev";
	default:
		return NULL;
	}
}

void be_nft_rule_free(struct be_nft_rule *r)
{
	free(r->exprs);
	r->exprs = NULL;
	r->n = 0;
}

int be_nft_parse_rule(const struct nlmsghdr *nlh, struct be_nft_rule *out)
{
	const struct nlattr *tb[NFTA_RULE_MAX + 1];
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	if (!be_nft_is_msg(nlh, NFT_MSG_NEWRULE) ||
	    be_nl_parse_attrs(nlh, sizeof(struct nfgenmsg), NULL, rule_rules, NFTA_RULE_MAX, tb) < 0) {
		return -EBADMSG;
	}
	if (tb[NFTA_RULE_EXPRESSIONS]) {
		const struct nlattr *list = tb[NFTA_RULE_EXPRESSIONS], *elem;
		/* the nest's own tiling is checked before any element is read */
		const struct be_attr_rule any[1] = { { 0, 0 } };
		const struct nlattr *ignored[1];
		if (be_nl_parse_attrs(NULL, 0, list, any, 0, ignored) < 0) {
			return -EBADMSG;
		}
		/* every expression kept, however many: a rule is never cut short (counted first: one allocation) */
		mnl_attr_for_each_nested(elem, list) {
			cap++;
		}
		if (cap) {
			out->exprs = xmalloc(cap * sizeof(*out->exprs));
		}
		mnl_attr_for_each_nested(elem, list) {
			if (parse_expr(elem, &out->exprs[out->n++]) < 0) {
				be_nft_rule_free(out);
				return -EBADMSG;
			}
		}
	}
	out->family = be_nft_msg_family(nlh);
	if (str(tb[NFTA_RULE_TABLE], out->table, sizeof(out->table)) < 0 ||
	    str(tb[NFTA_RULE_CHAIN], out->chain, sizeof(out->chain)) < 0) {
		be_nft_rule_free(out);
		return -EBADMSG;
	}
	out->handle = be64(tb[NFTA_RULE_HANDLE]);
	if (tb[NFTA_RULE_USERDATA]) {
		/* opaque to the kernel, written by whoever made the rule: a record that does not
		 * parse is no comment, not a reason to hide the rule */
		out->has_comment = nst_fw_udata_comment(mnl_attr_get_payload(tb[NFTA_RULE_USERDATA]),
							mnl_attr_get_payload_len(tb[NFTA_RULE_USERDATA]), out->comment,
							sizeof(out->comment)) == 1;
	}
	return 0;
}

void be_nft_rule_fw(const struct be_nft_rule *r, struct nst_fw_rule *out)
{
	const char *fam = be_nft_family_name(r->family);

	memset(out, 0, sizeof(*out));
	snprintf(out->family, sizeof(out->family), "%s", fam ? fam : "?");
	memcpy(out->table, r->table, sizeof(out->table));
	memcpy(out->chain, r->chain, sizeof(out->chain));
	out->handle = r->handle;
	nst_fw_rule_decode(r->exprs, r->n, out->family, out);
	if (r->has_comment) {
		out->has_comment = true;
		memcpy(out->comment, r->comment, sizeof(out->comment));
	}
}

int be_nft_rule_decode(const struct nlmsghdr *nlh, struct nst_nat_rule *out, uint32_t *family, char *table,
		       size_t table_len, char *chain, size_t chain_len)
{
	struct be_nft_rule r;

	if (be_nft_parse_rule(nlh, &r) < 0) {
		return -EBADMSG;
	}
	/* the NAT record names only the families a nat chain can have */
	const char *fam = r.family == NFPROTO_IPV4 || r.family == NFPROTO_IPV6 || r.family == NFPROTO_INET
				  ? be_nft_family_name(r.family)
				  : NULL;
	if (str_copy(r.table, table, table_len) < 0 || str_copy(r.chain, chain, chain_len) < 0) {
		be_nft_rule_free(&r);
		return -EBADMSG;
	}
	*family = r.family;
	snprintf(out->family, sizeof(out->family), "%s", fam ? fam : "?");
	out->handle = r.handle;
	nst_nat_decode(r.exprs, r.n, out->family, out);
	be_nft_rule_free(&r);
	return 0;
}
