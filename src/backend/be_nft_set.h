/* SPDX-License-Identifier: MIT */
/*
 * nf_tables sets and maps with their elements: the messages parsed with
 * libmnl and type tables (be_nft_set_parse.c), the dumps (be_nft_set.c).
 * Private to src/backend.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "be_internal.h"

struct nlmsghdr;

struct be_nft_set {
	uint32_t family;
	char table[NST_NFT_NAMELEN], name[NST_NFT_NAMELEN];
	uint64_t handle;
	uint32_t flags, key_type, key_len, data_type, data_len;
};
/* One NFT_MSG_NEWSET message, every attribute validated; -EBADMSG otherwise. */
int be_nft_parse_set(const struct nlmsghdr *h, struct be_nft_set *out);

/*
 * One NFT_MSG_NEWSETELEM message (a part of one set's elements): its table
 * and set into table/set (NST_NFT_NAMELEN each), each element appended to
 * *raw (n, cap as xgrow's). -EBADMSG (nothing appended) when any attribute
 * of any element breaks its rule.
 */
int be_nft_parse_setelems(const struct nlmsghdr *h, uint32_t *family, char *table, char *set,
			  struct nst_fw_elem_raw **raw, size_t *n, size_t *cap);

/* ipset's reply to IPSET_CMD_GET_BYINDEX: the set's name (at most IPSET_MAXNAMELEN 32 bytes) into name[33]. */
int be_ipset_parse_name(const struct nlmsghdr *h, char *name);

/* The parsed set as the ruleset keeps it (types named): a slot appended to rs. */
struct nst_fw_set *be_nft_set_adopt(struct nst_fw_ruleset *rs, const struct be_nft_set *s);

/*
 * Every set of every family into ns->fw, each with its elements (one dump a set); then the ipsets
 * the rules' xt set matches name by kernel index are named (IPSET_CMD_GET_BYINDEX, once an index;
 * one ipset does not know stays "#index"). 0 or -errno.
 */
int be_nft_read_sets(struct be_ns *b, struct nst_ns *ns);
/* The rules' xt set matches by name (be_nft_read_sets does it too). */
void be_nft_name_rule_ipsets(struct be_ns *b, struct nst_ns *ns);
/* The NAT statements' decodes (before the walk copies them into records): their xt set matches by name. */
void be_nft_name_nat_ipsets(struct be_ns *b, struct nst_nat_rule *nat, size_t n);
