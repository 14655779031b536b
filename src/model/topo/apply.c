/* SPDX-License-Identifier: MIT */
/* Events applied to the model in place, by identity (apply.h): no re-read, no diff of the whole namespace. */
#include "apply.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static bool addr_eq(const struct nst_addr *a, const struct nst_addr *b)
{
	return a->family == b->family && a->prefixlen == b->prefixlen &&
	       memcmp(a->bytes, b->bytes, a->family == AF_INET6 ? 16 : 4) == 0;
}

/* A reference as the message gave it: the same one keeps the namespace the backend mapped it to. */
static void take_ref(struct nst_link_ref *live, const struct nst_link_ref *msg)
{
	if (live->has == msg->has && live->ifindex == msg->ifindex && live->elsewhere == msg->elsewhere &&
	    (!msg->elsewhere || live->nsid == msg->nsid)) {
		return;
	}
	*live = *msg;
}

struct nst_link *nst_ns_apply_link(struct nst_ns *ns, const struct nst_link *msg, struct nst_link *was, bool *added)
{
	struct nst_link *l = nst_ns_find_link(ns, msg->ifindex);

	*added = l == NULL;
	if (!l) {
		l = nst_ns_add_link(ns, msg->ifindex, msg->name);
	}
	*was = *l;
	/* the message's own fields; addresses, netconf, counters, network and warnings are other messages' */
	memcpy(l->name, msg->name, sizeof(l->name));
	memcpy(l->kind, msg->kind, sizeof(l->kind));
	l->up = msg->up;
	memcpy(l->operstate, msg->operstate, sizeof(l->operstate));
	l->mtu = msg->mtu;
	memcpy(l->mac, msg->mac, sizeof(l->mac));
	l->master.ifindex = msg->master.ifindex;
	take_ref(&l->peer, &msg->peer);
	take_ref(&l->lower, &msg->lower);
	l->info = msg->info;
	l->kind_data_bad = msg->kind_data_bad;
	l->accept_local = msg->accept_local;
	l->arp_ignore = msg->arp_ignore;
	if (*added) {
		l->stats = msg->stats;
		l->stats_ms = msg->stats_ms;
	}
	return l;
}

bool nst_ns_apply_link_del(struct nst_ns *ns, int ifindex, struct nst_link *gone)
{
	struct nst_link *l = nst_ns_find_link(ns, ifindex);

	if (!l) {
		return false;
	}
	size_t i = (size_t)(l - ns->links);
	*gone = *l;
	memmove(l, l + 1, (ns->n_links - i - 1) * sizeof(*l));
	ns->n_links--;
	return true;
}

bool nst_link_apply_addr(struct nst_link *l, const struct nst_addr *a, bool add)
{
	for (size_t i = 0; i < l->n_addrs; i++) {
		if (addr_eq(&l->addrs[i], a)) {
			if (add) {
				return false;
			}
			memmove(&l->addrs[i], &l->addrs[i + 1], (l->n_addrs - i - 1) * sizeof(*l->addrs));
			l->n_addrs--;
			return true;
		}
	}
	if (add) {
		nst_link_add_addr(l, a);
	}
	return add;
}

/* What the kernel replaces on NLM_F_REPLACE: family, table, destination, metric. */
static bool same_slot(const struct nst_route *a, const struct nst_route *b)
{
	return a->family == b->family && a->table == b->table && a->is_default == b->is_default &&
	       (a->is_default || addr_eq(&a->dst, &b->dst)) && a->has_metric == b->has_metric &&
	       (!a->has_metric || a->metric == b->metric);
}

bool nst_route_same_key(const struct nst_route *a, const struct nst_route *b)
{
	return same_slot(a, b) && a->type == b->type && a->oif == b->oif && a->has_gateway == b->has_gateway &&
	       (!a->has_gateway || addr_eq(&a->gateway, &b->gateway)) && a->nh_id == b->nh_id;
}

/* Everything a reading of the route holds, as diff.c's route_eq compares it. */
static bool route_same(const struct nst_route *a, const struct nst_route *b)
{
	if (!nst_route_same_key(a, b) || a->has_prefsrc != b->has_prefsrc ||
	    (a->has_prefsrc && !addr_eq(&a->prefsrc, &b->prefsrc)) || a->onlink != b->onlink || a->has_pref != b->has_pref ||
	    a->pref != b->pref || strcmp(a->protocol, b->protocol) != 0 || strcmp(a->scope, b->scope) != 0 ||
	    strcmp(nst_route_encap(a), nst_route_encap(b)) != 0 || a->n_nexthops != b->n_nexthops) {
		return false;
	}
	for (size_t i = 0; i < a->n_nexthops; i++) {
		const struct nst_nexthop *x = &a->nexthops[i], *y = &b->nexthops[i];
		if (x->has_gateway != y->has_gateway || (x->has_gateway && !addr_eq(&x->gateway, &y->gateway)) ||
		    x->oif != y->oif || x->weight != y->weight || x->onlink != y->onlink) {
			return false;
		}
	}
	return true;
}

/*
 * Where a dump would list r among the routes of its family and table: IPv4's
 * trie by destination (the default first), a longer prefix of the same
 * address first; IPv6's tree with the default last; then by metric. Views
 * show routes in the model's order, so an added route goes where a re-read
 * would put it, as far as this order is the kernel's.
 */
static int route_order(const struct nst_route *a, const struct nst_route *b)
{
	size_t n = a->family == AF_INET6 ? 16 : 4;

	if (a->family == AF_INET6 && a->is_default != b->is_default) {
		return a->is_default ? 1 : -1;
	}
	int c = memcmp(a->is_default ? (const uint8_t[16]){ 0 } : a->dst.bytes,
		       b->is_default ? (const uint8_t[16]){ 0 } : b->dst.bytes, n);
	if (c) {
		return c;
	}
	int pa = a->is_default ? 0 : a->dst.prefixlen, pb = b->is_default ? 0 : b->dst.prefixlen;
	if (pa != pb) {
		return pb - pa;
	}
	uint32_t ma = a->has_metric ? a->metric : 0, mb = b->has_metric ? b->metric : 0;
	return (ma > mb) - (ma < mb);
}

static size_t route_place(const struct nst_ns *ns, const struct nst_route *r)
{
	size_t after_group = ns->n_routes;
	bool in_group = false;

	for (size_t i = 0; i < ns->n_routes; i++) {
		const struct nst_route *o = &ns->routes[i];
		if (o->family != r->family || o->table != r->table) {
			if (in_group) {
				return i; /* the group ends here */
			}
			continue;
		}
		in_group = true;
		if (route_order(r, o) < 0) {
			return i;
		}
		after_group = i + 1;
	}
	return after_group;
}

int nst_ns_apply_route(struct nst_ns *ns, struct nst_route *r, bool replace, struct nst_route *old, size_t *at)
{
	for (size_t i = 0; i < ns->n_routes; i++) {
		if (route_same(&ns->routes[i], r)) {
			return -EEXIST; /* an event the dump already had */
		}
	}
	for (size_t i = 0; replace && i < ns->n_routes; i++) {
		if (same_slot(&ns->routes[i], r)) {
			*old = ns->routes[i];
			ns->routes[i] = *r;
			*at = i;
			r->nexthops = NULL;
			r->n_nexthops = 0;
			r->extra = NULL;
			return 1;
		}
	}
	size_t i = route_place(ns, r);
	nst_ns_add_route(ns);
	memmove(&ns->routes[i + 1], &ns->routes[i], (ns->n_routes - 1 - i) * sizeof(*ns->routes));
	ns->routes[i] = *r;
	*at = i;
	r->nexthops = NULL;
	r->n_nexthops = 0;
	r->extra = NULL;
	return 0;
}

bool nst_ns_apply_route_del(struct nst_ns *ns, const struct nst_route *r, struct nst_route *gone)
{
	for (size_t i = 0; i < ns->n_routes; i++) {
		if (nst_route_same_key(&ns->routes[i], r)) {
			*gone = ns->routes[i];
			memmove(&ns->routes[i], &ns->routes[i + 1], (ns->n_routes - i - 1) * sizeof(*ns->routes));
			ns->n_routes--;
			return true;
		}
	}
	return false;
}
