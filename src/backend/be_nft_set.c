/* SPDX-License-Identifier: MIT */
/*
 * Every set and map of a namespace's nf_tables (NFT_MSG_GETSET, all
 * families), then each one's elements (NFT_MSG_GETSETELEM names the table
 * and set). be_nft.c calls this between its rule dump and the closing
 * generation read, so sets are adopted only from a ruleset that did not
 * change meanwhile.
 */
#include <endian.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/ipset/ip_set.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be_nft_set.h"
#include "be_nlmsg.h"
#include "xalloc.h"

/* Kernel elements held for one set before pairing (intervals come as two each); past it they are only
 * counted, so a set of millions costs nstop no more than this. */
#define ELEMS_RAW_MAX (4 * NST_FW_SET_ELEMS)
/* Sets whose elements are read, a namespace: one request each, on every ruleset change. */
#define SETS_READ_MAX 1024

struct elem_ctx {
	const struct be_nft_set *want;
	struct nst_fw_elem_raw *raw;
	size_t n, cap;
	size_t over; /* kernel elements past ELEMS_RAW_MAX */
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
	if (ctx->n > ELEMS_RAW_MAX) {
		ctx->over += ctx->n - ELEMS_RAW_MAX;
		ctx->n = ELEMS_RAW_MAX;
	}
	return 0;
}

static void elems_reset(void *data)
{
	((struct elem_ctx *)data)->n = 0;
	((struct elem_ctx *)data)->over = 0;
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
	ec->n = ec->over = 0;
	return be_nl_dump(mnl_socket_get_fd(b->nft), &req.h, &ops, ec, &b->dropped);
}

struct name_reply {
	char name[IPSET_MAXNAMELEN + 1];
	bool got;
};

static int on_ipset_name(const struct nlmsghdr *h, void *data)
{
	struct name_reply *r = data;

	if (be_ipset_parse_name(h, r->name) < 0) {
		return -EBADMSG;
	}
	r->got = true;
	return 0;
}

/* IPSET_CMD_GET_BYINDEX: the ipset at kernel index idx. 0 and its name, or -errno (-ENOENT: none there). */
static int ipset_name(struct be_ns *b, uint16_t idx, char *name)
{
	union {
		struct nlmsghdr h;
		char buf[NLMSG_HDRLEN + 64];
	} req;
	struct nfgenmsg g = { .nfgen_family = NFPROTO_IPV4, .version = NFNETLINK_V0 };
	struct name_reply r = { .got = false };

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = (uint32_t)NLMSG_LENGTH(sizeof(g));
	req.h.nlmsg_type = (uint16_t)((NFNL_SUBSYS_IPSET << 8) | IPSET_CMD_GET_BYINDEX);
	req.h.nlmsg_flags = NLM_F_REQUEST;
	memcpy(mnl_nlmsg_get_payload(&req.h), &g, sizeof(g));
	mnl_attr_put_u8(&req.h, IPSET_ATTR_PROTOCOL, IPSET_PROTOCOL);
	mnl_attr_put_u16(&req.h, IPSET_ATTR_INDEX | NLA_F_NET_BYTEORDER, htobe16(idx));
	int rc = be_nl_request(mnl_socket_get_fd(b->nft), &req.h, on_ipset_name, &r, &b->dropped, NULL, 0);
	if (rc == 0 && !r.got) {
		rc = -EBADMSG;
	}
	if (rc == 0) {
		memcpy(name, r.name, sizeof(r.name));
	}
	return rc;
}

struct ipset_cache {
	struct {
		uint16_t idx;
		bool known;
		char name[IPSET_MAXNAMELEN + 1];
	} e[64];
	size_t n;
};

/* The name of index idx, asked once a read; NULL when ipset has none (or the cache is full). */
static const char *cached_name(struct be_ns *b, struct ipset_cache *c, uint16_t idx)
{
	size_t k = 0;

	while (k < c->n && c->e[k].idx != idx) {
		k++;
	}
	if (k == c->n) {
		if (c->n == sizeof(c->e) / sizeof(c->e[0])) {
			return NULL;
		}
		c->e[k].idx = idx;
		c->e[k].known = ipset_name(b, idx, c->e[k].name) == 0;
		c->n++;
	}
	return c->e[k].known ? c->e[k].name : NULL;
}

/* The rules' xt set matches by name; several in one text are named one at a time. */
void be_nft_name_rule_ipsets(struct be_ns *b, struct nst_ns *ns)
{
	struct ipset_cache cache = { .n = 0 };

	for (size_t i = 0; i < ns->fw.n_rules; i++) {
		struct nst_fw_rule *r = &ns->fw.rules[i];
		for (int guard = 0; guard < 8; guard++) {
			long idx = nst_ipset_index_in(r->text);
			const char *name = idx < 0 ? NULL : cached_name(b, &cache, (uint16_t)idx);
			if (!name || !nst_fw_rule_ipset_name(r, (unsigned)idx, name)) {
				break;
			}
		}
	}
}

void be_nft_name_nat_ipsets(struct be_ns *b, struct nst_nat_rule *nat, size_t n)
{
	struct ipset_cache cache = { .n = 0 };

	for (size_t i = 0; i < n; i++) {
		struct nst_nat_rule *r = &nat[i];
		for (int guard = 0; guard < 8; guard++) {
			long idx = nst_ipset_index_in(r->summary);
			const char *name = idx < 0 ? NULL : cached_name(b, &cache, (uint16_t)idx);
			if (!name || !nst_nat_rule_ipset_name(r, (unsigned)idx, name)) {
				break;
			}
		}
	}
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
		if (i >= SETS_READ_MAX) {
			ns->fw.sets[i].elems_unread = true; /* named and typed, its elements not asked for */
			continue;
		}
		rc = read_elems(b, &ctx.sets[i], &ec);
		if (rc == -ENOENT) {
			/* deleted since the set dump: the closing generation read sees the change */
			rc = 0;
			ec.n = 0;
		}
		if (rc == 0) {
			nst_fw_set_elems(&ns->fw, i, ec.raw, ec.n);
			ns->fw.sets[i].elems_not_kept += ec.over; /* kernel elements (an interval is two) */
		}
	}
	free(ctx.sets);
	free(ec.raw);
	if (rc == 0) {
		be_nft_name_rule_ipsets(b, ns);
	}
	return rc;
}
