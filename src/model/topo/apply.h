/* SPDX-License-Identifier: MIT */
/*
 * One kernel event applied to a namespace in place (issue 16): the object an
 * RTM_NEW/DEL LINK, ADDR or ROUTE message carries, as the dump parser read it,
 * upserted or deleted by identity. What a message does not carry stays as it
 * was (a link's addresses and netconf values, its counters). The caller emits
 * the lines (nst_diff_link, nst_diff_route_line) and settles the model.
 */
#pragma once
#include <stdbool.h>

#include "model.h"

/*
 * Upsert msg (a link as be_rtnl_parse_link read it into a scratch namespace)
 * into ns by ifindex. *was gets the old fields (addrs and the other owned
 * pointers are the live link's: read them, do not free them); *added when the
 * link is new. Returns the live link (valid until ns->links changes).
 */
struct nst_link *nst_ns_apply_link(struct nst_ns *ns, const struct nst_link *msg, struct nst_link *was, bool *added);
/* Remove the link ifindex; *gone takes its contents (nst_link_finish it). false: no such link. */
bool nst_ns_apply_link_del(struct nst_ns *ns, int ifindex, struct nst_link *gone);
/* An address added to (or deleted from) l: false when it was already there (or not there). */
bool nst_link_apply_addr(struct nst_link *l, const struct nst_addr *a, bool add);

/* The same route by what names it to the kernel: family, table, type, destination, metric, device, gateway. */
bool nst_route_same_key(const struct nst_route *a, const struct nst_route *b);
/*
 * Add r (ownership of r->nexthops moves to ns; r's pointer is cleared). replace:
 * a route with the same (family, table, destination, metric) is replaced, its old
 * contents into *old (nexthops included: free them) and true returned. An
 * identical route already there: nothing added, -EEXIST. 0 added, 1 replaced; *at: its index in ns->routes.
 */
int nst_ns_apply_route(struct nst_ns *ns, struct nst_route *r, bool replace, struct nst_route *old, size_t *at);
/* Remove the first route with r's key; its contents into *gone (free gone->nexthops). false: none. */
bool nst_ns_apply_route_del(struct nst_ns *ns, const struct nst_route *r, struct nst_route *gone);
