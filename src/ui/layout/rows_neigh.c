/* SPDX-License-Identifier: MIT */
/* The neighbour counts a link row of the tree shows ("3 neigh", "1 FAILED"). Pure, unit-tested. */
#include <stdio.h>

#include "rows.h"

void ui_neigh_badge(const struct nst_ns *ns, const struct nst_link *l, char *count, size_t clen, char *bad, size_t blen)
{
	struct nst_neigh_counts c = nst_ns_link_neigh_counts(ns, l->ifindex);
	size_t shown = c.neigh - c.noarp;

	snprintf(count, clen, "%s", "");
	snprintf(bad, blen, "%s", "");
	if (shown) {
		snprintf(count, clen, "%zu neigh", shown);
	}
	if (c.failed) {
		snprintf(bad, blen, "%zu FAILED", c.failed);
	} else if (c.incomplete) {
		snprintf(bad, blen, "%zu INCOMPLETE", c.incomplete);
	}
}
