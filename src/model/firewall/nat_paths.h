/* SPDX-License-Identifier: MIT */
/*
 * NAT found anywhere: every dnat/snat/masquerade/redirect in a chain a nat
 * base chain reaches through jumps and gotos, one record per path, with the
 * conditions of the jumps on the way as part of its effective match. Pure.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "ruleset.h"

#define NST_FW_JUMP_DEPTH 16      /* NFT_JUMP_STACK_SIZE: chains on one path, base chain included */
#define NST_NAT_PATHS_MAX 4096    /* records per namespace; more are counted, not kept */
#define NST_NAT_WALK_STEPS (1u << 20) /* rule visits per namespace: a diamond of jumps ends here */

struct nst_nat_walk {
	size_t paths;    /* records made */
	size_t left_out; /* NAT paths found past NST_NAT_PATHS_MAX */
	bool steps_out;  /* the walk stopped at NST_NAT_WALK_STEPS: more paths may exist */
	size_t too_deep; /* jumps not followed: deeper than NST_FW_JUMP_DEPTH, or back into a chain on the path */
};

/*
 * A rule nat_paths makes records of: its verdict is a NAT statement (native,
 * or iptables-nft's DNAT, SNAT, MASQUERADE, REDIRECT target).
 */
bool nst_fw_rule_is_nat(const struct nst_fw_rule *r);

/* An xt target that lets the packet go on to the next rule (LOG, MARK, ...). */
bool nst_fw_xt_continues(const char *name);

/*
 * Walk rs from each nat base chain (ip, ip6, inet) in hook order, then
 * priority, and append to *out one record per path to a NAT rule: a copy of
 * its decoded record in cands (found by family, table, chain, handle; rules
 * with none are skipped) with hook, priority, path, eff_match and the merged
 * match filled. cands: nst_nat_decode of the rules nst_fw_rule_is_nat says,
 * in any order. *out grows with xgrow; *n_out is reset first.
 */
void nst_nat_paths(const struct nst_fw_ruleset *rs, const struct nst_nat_rule *cands, size_t n_cands,
		   struct nst_nat_rule **out, size_t *n_out, size_t *cap_out, struct nst_nat_walk *st);
