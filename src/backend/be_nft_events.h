/* SPDX-License-Identifier: MIT */
/*
 * nf_tables events applied without re-reading the whole ruleset
 * (be_nft_events.c): a rule added or deleted re-reads only its chain.
 */
#pragma once
#include <stdint.h>
#include <stdio.h>

#include "diff.h"
#include "model.h"

struct be_ns;

/* What be_nft_events found on the socket: a bit set. */
enum {
	BE_NFT_EV_KERNEL = 1,   /* kernel messages that need the namespace re-read whole */
	BE_NFT_EV_OVERFLOW = 2, /* the socket overflowed (ENOBUFS): events were lost, re-read whole */
	BE_NFT_EV_APPLIED = 4,  /* every event was a rule change, applied to ns: no re-read needed */
};

/*
 * Drain the nf_tables event socket fd of b. When every kernel message is a
 * rule added or deleted (NFT_MSG_NEWRULE / DELRULE, with NEWGEN) in at most
 * a few chains nstop has, in tables with no nat base chain, and none of the
 * rules is a NAT statement (NAT records come from a walk of the whole
 * ruleset): each such chain is dumped alone between two equal generations,
 * its rules replace the chain's in ns->fw, the changes go to fn as a whole
 * re-read's diff would say them, and the result is BE_NFT_EV_APPLIED.
 * Anything else leaves ns as it was and says KERNEL (or OVERFLOW): the
 * caller re-reads the namespace as before. ns may be NULL (then nothing is
 * applied). timing (may be NULL): a "reread ... apply=chains" line.
 */
int be_nft_events(struct be_ns *b, int fd, struct nst_ns *ns, FILE *timing, nst_change_fn fn, void *ctx);

/* be_nft.c: the ruleset's generation id (NFT_MSG_GETGEN); 0 or -errno. */
int be_nft_gen_id(struct be_ns *b, uint32_t *id);
