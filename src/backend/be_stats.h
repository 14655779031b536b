/* SPDX-License-Identifier: MIT */
/* Link counters from RTM_GETSTATS: the dump in be_stats.c, the parser in be_rtnl_parse.c (no libnl types here). */
#pragma once
#include <stdint.h>

#include "model.h"

struct nlmsghdr;

/*
 * One RTM_NEWSTATS message: IFLA_STATS_LINK_64 sampled at now_ms into the
 * link of ns with its ifindex (0, nothing done, when ns has none or the
 * message carries no 64-bit block). -EBADMSG when the message is not a
 * whole RTM_NEWSTATS, an attribute is torn, or the block is short.
 */
int be_stats_parse(const struct nlmsghdr *h, struct nst_ns *ns, uint64_t now_ms);
