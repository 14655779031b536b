/* SPDX-License-Identifier: MIT */
/* Small checks every nf_tables message parser shares (be_nft_parse.c, be_nft_set_parse.c). */
#pragma once
#include <endian.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* An nf_tables message of this type, long enough for its nfgenmsg. */
static inline bool be_nft_is_msg(const struct nlmsghdr *h, uint8_t type)
{
	return h->nlmsg_type == ((NFNL_SUBSYS_NFTABLES << 8) | type) &&
	       h->nlmsg_len >= NLMSG_HDRLEN + sizeof(struct nfgenmsg);
}

/* The family of a message be_nft_is_msg accepted (copied out, never cast). */
static inline uint32_t be_nft_msg_family(const struct nlmsghdr *h)
{
	struct nfgenmsg g;

	memcpy(&g, mnl_nlmsg_get_payload(h), sizeof(g));
	return g.nfgen_family;
}

/* A validated u32 attribute in network order, 0 when absent. */
static inline uint32_t be_nft_be32(const struct nlattr *a)
{
	return a ? be32toh(mnl_attr_get_u32(a)) : 0;
}
