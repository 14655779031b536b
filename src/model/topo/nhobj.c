/* SPDX-License-Identifier: MIT */
/*
 * Nexthop objects (`ip nexthop`): their memory, their iproute2 line, and the
 * route whose kernel message named one by id (RTA_NH_ID) but gave no hop.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "route_text.h"
#include "xalloc.h"

struct nst_nhobj *nst_ns_add_nhobj(struct nst_ns *ns, size_t n_members)
{
	struct nst_nhobj *o = xgrow(&ns->nhobjs, &ns->n_nhobjs, &ns->cap_nhobjs, sizeof(*ns->nhobjs));

	if (n_members) {
		o->group = xcalloc(n_members, sizeof(*o->group));
		o->n_group = n_members;
	}
	return o;
}

void nst_ns_clear_nhobjs(struct nst_ns *ns)
{
	for (size_t i = 0; i < ns->n_nhobjs; i++) {
		free(ns->nhobjs[i].group);
	}
	if (ns->nhobjs) {
		memset(ns->nhobjs, 0, ns->n_nhobjs * sizeof(*ns->nhobjs));
	}
	ns->n_nhobjs = 0;
}

static int cmp_nhobj(const void *a, const void *b)
{
	uint32_t x = ((const struct nst_nhobj *)a)->id, y = ((const struct nst_nhobj *)b)->id;
	return (x > y) - (x < y);
}

void nst_ns_sort_nhobjs(struct nst_ns *ns)
{
	if (ns->n_nhobjs > 1) {
		qsort(ns->nhobjs, ns->n_nhobjs, sizeof(*ns->nhobjs), cmp_nhobj);
	}
}

const struct nst_nhobj *nst_ns_find_nhobj(const struct nst_ns *ns, uint32_t id)
{
	/* a binary search (nst_ns_sort_nhobjs): every route naming an object looks it up on each read */
	struct nst_nhobj key = { .id = id };

	if (id == 0 || ns->n_nhobjs == 0) {
		return NULL;
	}
	return bsearch(&key, ns->nhobjs, ns->n_nhobjs, sizeof(*ns->nhobjs), cmp_nhobj);
}

/* Cut, never overrun: the line is for a person. */
__attribute__((format(printf, 4, 5))) static size_t put(char *buf, size_t len, size_t at, const char *fmt, ...)
{
	va_list ap;

	if (at + 1 >= len) {
		return at;
	}
	va_start(ap, fmt);
	int n = vsnprintf(buf + at, len - at, fmt, ap);
	va_end(ap);
	return n < 0 ? at : (size_t)n < len - at ? at + (size_t)n : len - 1;
}

const char *nst_nhobj_text(const struct nst_ns *ns, const struct nst_nhobj *o, char *buf, size_t len)
{
	char a[NST_ADDR_STRLEN];
	size_t at = 0;

	if (len == 0) {
		return buf;
	}
	buf[0] = '\0';
	at = put(buf, len, at, "id %u", o->id);
	if (o->group) {
		/* iproute2: "group 1/2,3": members by '/', a weight other than 1 after ',' */
		for (size_t i = 0; i < o->n_group; i++) {
			at = i ? put(buf, len, at, "/%u", o->group[i].id) : put(buf, len, at, " group %u", o->group[i].id);
			if (o->group[i].weight != 1) {
				at = put(buf, len, at, ",%u", (unsigned)o->group[i].weight);
			}
		}
		if (o->group_type == 1) {
			at = put(buf, len, at, " type %s", "resilient");
			if (o->has_res) {
				at = put(buf, len, at, " buckets %u idle_timer %u unbalanced_timer %u", o->res_buckets,
					 o->res_idle_timer / 100, o->res_unbalanced_timer / 100);
			}
		} else if (o->group_type != 0) {
			at = put(buf, len, at, " type %u", o->group_type);
		}
	}
	if (o->blackhole) {
		at = put(buf, len, at, " %s", "blackhole");
	}
	if (o->encap[0]) {
		at = put(buf, len, at, " encap %s", o->encap);
	}
	if (o->has_gateway) {
		at = put(buf, len, at, " via %s", nst_addr_format(&o->gateway, false, a, sizeof(a)));
	}
	if (o->oif) {
		const char *dev = nst_ns_link_name(ns, o->oif);
		at = dev ? put(buf, len, at, " dev %s", dev) : put(buf, len, at, " dev if%u", (unsigned)o->oif);
	}
	/* a group has no scope of its own (its members do) */
	if (!o->group && o->scope[0] && strcmp(o->scope, "global") != 0 && strcmp(o->scope, "universe") != 0) {
		at = put(buf, len, at, " scope %s", o->scope);
	}
	if (o->protocol[0] && strcmp(o->protocol, "unspec") != 0) {
		at = put(buf, len, at, " proto %s", o->protocol);
	}
	if (o->onlink) {
		at = put(buf, len, at, " %s", "onlink");
	}
	if (o->fdb) {
		at = put(buf, len, at, " %s", "fdb");
	}
	if (o->warning[0]) {
		put(buf, len, at, " (%s)", o->warning);
	}
	return buf;
}

/* One route's hops from the object it names: a single hop, or each member of a group. */
static void resolve_one(const struct nst_ns *ns, struct nst_route *r)
{
	const struct nst_nhobj *o = nst_ns_find_nhobj(ns, r->nh_id);

	if (!o) {
		return;
	}
	if (!o->group) {
		r->oif = o->oif;
		r->has_gateway = o->has_gateway;
		r->gateway = o->gateway;
		return;
	}
	size_t n = 0;
	for (size_t i = 0; i < o->n_group; i++) {
		const struct nst_nhobj *m = nst_ns_find_nhobj(ns, o->group[i].id);
		n += m && !m->group;
	}
	if (n == 0) {
		return;
	}
	r->nexthops = xcalloc(n, sizeof(*r->nexthops));
	r->n_nexthops = 0;
	for (size_t i = 0; i < o->n_group; i++) {
		const struct nst_nhobj *m = nst_ns_find_nhobj(ns, o->group[i].id);
		if (!m || m->group) {
			continue; /* groups do not nest in the kernel */
		}
		struct nst_nexthop *h = &r->nexthops[r->n_nexthops++];
		h->has_gateway = m->has_gateway;
		h->gateway = m->gateway;
		h->oif = m->oif;
		h->weight = o->group[i].weight;
		h->onlink = m->onlink;
	}
	r->oif = r->nexthops[0].oif;
	r->has_gateway = r->nexthops[0].has_gateway;
	r->gateway = r->nexthops[0].gateway;
}

void nst_ns_resolve_nhids(struct nst_ns *ns)
{
	for (size_t i = 0; i < ns->n_routes; i++) {
		struct nst_route *r = &ns->routes[i];
		/* the kernel fills a route's hops from its object; a message without them gets them here */
		if (r->nh_id && !r->oif && !r->has_gateway && r->n_nexthops == 0) {
			resolve_one(ns, r);
		}
	}
}
