/* SPDX-License-Identifier: MIT */
/*
 * Every set and map of a namespace's nf_tables (NFT_MSG_GETSET, all
 * families), then each one's elements (NFT_MSG_GETSETELEM names the table
 * and set). be_nft.c calls this between its rule dump and the closing
 * generation read, so sets are adopted only from a ruleset that did not
 * change meanwhile.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be_nft_set.h"
#include "be_nlmsg.h"
#include "xalloc.h"

struct elem_ctx {
	const struct be_nft_set *want;
	struct nst_fw_elem_raw *raw;
	size_t n, cap;
};

struct set_ctx {
	struct nst_ns *ns;
	struct be_nft_set *sets; /* as the kernel named them: the element requests need family and names */
	size_t n, cap;
};

static int on_set(const struct nlmsghdr *h, void *data)
{
	struct set_ctx *ctx = data;
	struct be_nft_set s;

	if (be_nft_parse_set(h, &s) < 0) {
		return -EBADMSG;
	}
	be_nft_set_adopt(&ctx->ns->fw, &s);
	*(struct be_nft_set *)xgrow(&ctx->sets, &ctx->n, &ctx->cap, sizeof(s)) = s;
	return 0;
}

static void sets_reset(void *data)
{
	struct set_ctx *ctx = data;

	ctx->n = 0;
	ctx->ns->fw.n_sets = 0;
	ctx->ns->fw.n_elems = 0;
}

static int on_elems(const struct nlmsghdr *h, void *data)
{
	struct elem_ctx *ctx = data;
	char table[NST_NFT_NAMELEN], set[NST_NFT_NAMELEN];
	uint32_t family;
	size_t before = ctx->n;

	if (be_nft_parse_setelems(h, &family, table, set, &ctx->raw, &ctx->n, &ctx->cap) < 0) {
		return -EBADMSG;
	}
	/* only the set asked for: anything else is not this set's */
	if (family != ctx->want->family || strcmp(table, ctx->want->table) != 0 || strcmp(set, ctx->want->name) != 0) {
		ctx->n = before;
		return -EBADMSG;
	}
	return 0;
}

static void elems_reset(void *data)
{
	((struct elem_ctx *)data)->n = 0;
}

static void req_init(struct nlmsghdr *h, uint8_t type, uint8_t family)
{
	struct nfgenmsg g = { .nfgen_family = family, .version = NFNETLINK_V0 };

	h->nlmsg_len = (uint32_t)NLMSG_LENGTH(sizeof(g));
	h->nlmsg_type = (uint16_t)((NFNL_SUBSYS_NFTABLES << 8) | type);
	h->nlmsg_flags = 0;
	memcpy(mnl_nlmsg_get_payload(h), &g, sizeof(g));
}

static int read_elems(struct be_ns *b, const struct be_nft_set *s, struct elem_ctx *ec)
{
	static const struct be_dump_ops ops = { on_elems, elems_reset };
	union {
		struct nlmsghdr h;
		char buf[NLMSG_HDRLEN + 16 + 2 * (NST_NFT_NAMELEN + 8)];
	} req;

	memset(&req, 0, sizeof(req));
	req_init(&req.h, NFT_MSG_GETSETELEM, (uint8_t)s->family);
	mnl_attr_put_strz(&req.h, NFTA_SET_ELEM_LIST_TABLE, s->table);
	mnl_attr_put_strz(&req.h, NFTA_SET_ELEM_LIST_SET, s->name);
	ec->want = s;
	ec->n = 0;
	return be_nl_dump(mnl_socket_get_fd(b->nft), &req.h, &ops, ec, &b->dropped);
}

int be_nft_read_sets(struct be_ns *b, struct nst_ns *ns)
{
	static const struct be_dump_ops ops = { on_set, sets_reset };
	union {
		struct nlmsghdr h;
		char buf[NLMSG_HDRLEN + 16];
	} req;
	struct set_ctx ctx = { .ns = ns };
	struct elem_ctx ec = { 0 };

	memset(&req, 0, sizeof(req));
	req_init(&req.h, NFT_MSG_GETSET, NFPROTO_UNSPEC);
	ns->fw.n_sets = ns->fw.n_elems = 0;
	int rc = be_nl_dump(mnl_socket_get_fd(b->nft), &req.h, &ops, &ctx, &b->dropped);
	for (size_t i = 0; rc == 0 && i < ctx.n; i++) {
		rc = read_elems(b, &ctx.sets[i], &ec);
		if (rc == -ENOENT) {
			/* deleted since the set dump: the closing generation read sees the change */
			rc = 0;
			ec.n = 0;
		}
		if (rc == 0) {
			nst_fw_set_elems(&ns->fw, i, ec.raw, ec.n);
		}
	}
	free(ctx.sets);
	free(ec.raw);
	return rc;
}
