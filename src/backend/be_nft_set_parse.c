/* SPDX-License-Identifier: MIT */
/*
 * NFT_MSG_NEWSET and NFT_MSG_NEWSETELEM parsed with libmnl and type tables
 * (be_nlattr.c), never libnftnl, which exit()s on an attribute of the wrong
 * size. Names are kept whole or the message is refused; a key or data value
 * is at most NFT_DATA_VALUE_MAXLEN (64) bytes, as the kernel allows.
 */
#include <endian.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/ipset/ip_set.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdio.h>
#include <string.h>

#include "be_nft_set.h"
#include "be_nft_msg.h"
#include "be_nlmsg.h"
#include "xalloc.h"

#define U32 { MNL_TYPE_U32, 0 }
#define U64 { MNL_TYPE_U64, 0 }
#define STR { MNL_TYPE_NUL_STRING, 0 }
#define NEST { MNL_TYPE_NESTED, 0 }
#define BIN { MNL_TYPE_BINARY, 0 }

/* A name whole, or -EBADMSG: a cut name would be another set's. A missing one is refused too. */
static int name(const struct nlattr *a, char *out)
{
	if (!a) {
		return -EBADMSG;
	}
	const char *s = mnl_attr_get_str(a);
	size_t n = strlen(s);
	if (n == 0 || n >= NST_NFT_NAMELEN) {
		return -EBADMSG;
	}
	memcpy(out, s, n + 1);
	return 0;
}

static const struct be_attr_rule set_rules[NFTA_SET_MAX + 1] = {
	[NFTA_SET_TABLE] = STR,	    [NFTA_SET_NAME] = STR,	[NFTA_SET_FLAGS] = U32,	  [NFTA_SET_KEY_TYPE] = U32,
	[NFTA_SET_KEY_LEN] = U32,   [NFTA_SET_DATA_TYPE] = U32, [NFTA_SET_DATA_LEN] = U32, [NFTA_SET_POLICY] = U32,
	[NFTA_SET_DESC] = NEST,	    [NFTA_SET_ID] = U32,	[NFTA_SET_TIMEOUT] = U64, [NFTA_SET_GC_INTERVAL] = U32,
	[NFTA_SET_USERDATA] = BIN, [NFTA_SET_OBJ_TYPE] = U32,	[NFTA_SET_HANDLE] = U64,  [NFTA_SET_EXPR] = NEST,
	[NFTA_SET_EXPRESSIONS] = NEST,
};

int be_nft_parse_set(const struct nlmsghdr *h, struct be_nft_set *out)
{
	const struct nlattr *tb[NFTA_SET_MAX + 1];

	memset(out, 0, sizeof(*out));
	if (!be_nft_is_msg(h, NFT_MSG_NEWSET) ||
	    be_nl_parse_attrs(h, sizeof(struct nfgenmsg), NULL, set_rules, NFTA_SET_MAX, tb) < 0 ||
	    name(tb[NFTA_SET_TABLE], out->table) < 0 || name(tb[NFTA_SET_NAME], out->name) < 0 || !tb[NFTA_SET_KEY_LEN]) {
		return -EBADMSG;
	}
	out->family = be_nft_msg_family(h);
	out->handle = tb[NFTA_SET_HANDLE] ? be64toh(mnl_attr_get_u64(tb[NFTA_SET_HANDLE])) : 0;
	out->flags = be_nft_be32(tb[NFTA_SET_FLAGS]);
	out->key_type = be_nft_be32(tb[NFTA_SET_KEY_TYPE]);
	out->key_len = be_nft_be32(tb[NFTA_SET_KEY_LEN]);
	out->data_type = be_nft_be32(tb[NFTA_SET_DATA_TYPE]);
	out->data_len = be_nft_be32(tb[NFTA_SET_DATA_LEN]);
	/* the kernel's own bounds: a key of 1..64 bytes, a map's data of at most 64 */
	if (out->key_len == 0 || out->key_len > NFT_DATA_VALUE_MAXLEN || out->data_len > NFT_DATA_VALUE_MAXLEN) {
		return -EBADMSG;
	}
	return 0;
}

static const struct be_attr_rule list_rules[NFTA_SET_ELEM_LIST_MAX + 1] = {
	[NFTA_SET_ELEM_LIST_TABLE] = STR, [NFTA_SET_ELEM_LIST_SET] = STR, [NFTA_SET_ELEM_LIST_ELEMENTS] = NEST,
	[NFTA_SET_ELEM_LIST_SET_ID] = U32,
};
static const struct be_attr_rule elem_rules[NFTA_SET_ELEM_MAX + 1] = {
	[NFTA_SET_ELEM_KEY] = NEST,	   [NFTA_SET_ELEM_DATA] = NEST,	   [NFTA_SET_ELEM_FLAGS] = U32,
	[NFTA_SET_ELEM_TIMEOUT] = U64,	   [NFTA_SET_ELEM_EXPIRATION] = U64, [NFTA_SET_ELEM_USERDATA] = BIN,
	[NFTA_SET_ELEM_EXPR] = NEST,	   [NFTA_SET_ELEM_OBJREF] = STR,   [NFTA_SET_ELEM_KEY_END] = NEST,
	[NFTA_SET_ELEM_EXPRESSIONS] = NEST,
};
static const struct be_attr_rule data_rules[NFTA_DATA_MAX + 1] = {
	[NFTA_DATA_VALUE] = BIN, [NFTA_DATA_VERDICT] = NEST,
};
static const struct be_attr_rule verdict_rules[NFTA_VERDICT_MAX + 1] = {
	[NFTA_VERDICT_CODE] = U32, [NFTA_VERDICT_CHAIN] = STR, [NFTA_VERDICT_CHAIN_ID] = U32,
};

/* A nested nft_data: a value of at most 64 bytes, or (where verdict is not NULL) a verdict. */
static int data(const struct nlattr *a, uint8_t *out, uint32_t *len, struct nst_fw_elem_raw *verdict)
{
	const struct nlattr *tb[NFTA_DATA_MAX + 1], *vt[NFTA_VERDICT_MAX + 1];

	*len = 0;
	if (be_nl_parse_attrs(NULL, 0, a, data_rules, NFTA_DATA_MAX, tb) < 0) {
		return -EBADMSG;
	}
	if (tb[NFTA_DATA_VALUE]) {
		uint16_t n = mnl_attr_get_payload_len(tb[NFTA_DATA_VALUE]);
		if (n == 0 || n > NFT_DATA_VALUE_MAXLEN) {
			return -EBADMSG;
		}
		memcpy(out, mnl_attr_get_payload(tb[NFTA_DATA_VALUE]), n);
		*len = n;
		return 0;
	}
	if (!tb[NFTA_DATA_VERDICT] || !verdict ||
	    be_nl_parse_attrs(NULL, 0, tb[NFTA_DATA_VERDICT], verdict_rules, NFTA_VERDICT_MAX, vt) < 0 ||
	    !vt[NFTA_VERDICT_CODE]) {
		return -EBADMSG;
	}
	verdict->has_verdict = true;
	verdict->verdict = (int32_t)be_nft_be32(vt[NFTA_VERDICT_CODE]);
	if (verdict->verdict == NFT_JUMP || verdict->verdict == NFT_GOTO) {
		return name(vt[NFTA_VERDICT_CHAIN], verdict->chain);
	}
	return 0;
}

static int parse_elem(const struct nlattr *a, struct nst_fw_elem_raw *e)
{
	const struct nlattr *tb[NFTA_SET_ELEM_MAX + 1];

	memset(e, 0, sizeof(*e));
	if (mnl_attr_get_type(a) != NFTA_LIST_ELEM ||
	    be_nl_parse_attrs(NULL, 0, a, elem_rules, NFTA_SET_ELEM_MAX, tb) < 0) {
		return -EBADMSG;
	}
	e->flags = be_nft_be32(tb[NFTA_SET_ELEM_FLAGS]);
	/* an interval's end-of-space marker may come without a key; any other element has one */
	if (!tb[NFTA_SET_ELEM_KEY]) {
		return e->flags & NFT_SET_ELEM_INTERVAL_END ? 1 : -EBADMSG;
	}
	if (data(tb[NFTA_SET_ELEM_KEY], e->key, &e->key_len, NULL) < 0 ||
	    (tb[NFTA_SET_ELEM_KEY_END] && data(tb[NFTA_SET_ELEM_KEY_END], e->key_end, &e->key_end_len, NULL) < 0) ||
	    (tb[NFTA_SET_ELEM_DATA] && data(tb[NFTA_SET_ELEM_DATA], e->data, &e->data_len, e) < 0)) {
		return -EBADMSG;
	}
	return 0;
}

int be_nft_parse_setelems(const struct nlmsghdr *h, uint32_t *family, char *table, char *set,
			  struct nst_fw_elem_raw **raw, size_t *n, size_t *cap)
{
	const struct nlattr *tb[NFTA_SET_ELEM_LIST_MAX + 1], *a;
	size_t start = *n;

	if (!be_nft_is_msg(h, NFT_MSG_NEWSETELEM) ||
	    be_nl_parse_attrs(h, sizeof(struct nfgenmsg), NULL, list_rules, NFTA_SET_ELEM_LIST_MAX, tb) < 0 ||
	    name(tb[NFTA_SET_ELEM_LIST_TABLE], table) < 0 || name(tb[NFTA_SET_ELEM_LIST_SET], set) < 0) {
		return -EBADMSG;
	}
	*family = be_nft_msg_family(h);
	if (!tb[NFTA_SET_ELEM_LIST_ELEMENTS]) {
		return 0;
	}
	const struct be_attr_rule any[1] = { { 0, 0 } };
	const struct nlattr *ignored[1];
	if (be_nl_parse_attrs(NULL, 0, tb[NFTA_SET_ELEM_LIST_ELEMENTS], any, 0, ignored) < 0) {
		return -EBADMSG;
	}
	mnl_attr_for_each_nested(a, tb[NFTA_SET_ELEM_LIST_ELEMENTS]) {
		struct nst_fw_elem_raw *e = xgrow(raw, n, cap, sizeof(**raw));
		int rc = parse_elem(a, e);
		if (rc < 0) {
			*n = start;
			return -EBADMSG;
		}
		if (rc == 1) {
			(*n)--; /* nothing to show */
		}
	}
	return 0;
}

struct nst_fw_set *be_nft_set_adopt(struct nst_fw_ruleset *rs, const struct be_nft_set *s)
{
	const char *fam = be_nft_family_name(s->family);
	struct nst_fw_set *fs = nst_fw_add_set(rs);

	snprintf(fs->family, sizeof(fs->family), "%s", fam ? fam : "?");
	memcpy(fs->table, s->table, sizeof(fs->table));
	memcpy(fs->name, s->name, sizeof(fs->name));
	fs->handle = s->handle;
	fs->flags = s->flags;
	fs->key_type = s->key_type;
	fs->key_len = s->key_len;
	fs->data_type = s->data_type;
	fs->data_len = s->data_len;
	nst_fw_set_types(fs);
	return fs;
}

static const struct be_attr_rule ipset_rules[IPSET_ATTR_CMD_MAX + 1] = {
	[IPSET_ATTR_PROTOCOL] = { MNL_TYPE_U8, 0 }, [IPSET_ATTR_SETNAME] = STR,
};

int be_ipset_parse_name(const struct nlmsghdr *h, char *out)
{
	const struct nlattr *tb[IPSET_ATTR_CMD_MAX + 1];

	if (h->nlmsg_type != ((NFNL_SUBSYS_IPSET << 8) | IPSET_CMD_GET_BYINDEX) ||
	    h->nlmsg_len < NLMSG_HDRLEN + sizeof(struct nfgenmsg) ||
	    be_nl_parse_attrs(h, sizeof(struct nfgenmsg), NULL, ipset_rules, IPSET_ATTR_CMD_MAX, tb) < 0 ||
	    !tb[IPSET_ATTR_SETNAME]) {
		return -EBADMSG;
	}
	const char *s = mnl_attr_get_str(tb[IPSET_ATTR_SETNAME]);
	size_t n = strlen(s);
	if (n == 0 || n >= IPSET_MAXNAMELEN) {
		return -EBADMSG;
	}
	memcpy(out, s, n + 1);
	return 0;
}
