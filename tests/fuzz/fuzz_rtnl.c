/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the raw rtnetlink parsers (be_rtnl_parse.c): the
 * input is one dump datagram (netlink messages back to back, as recvmsg
 * returns them); every message goes to the link, link-stats, address and
 * route, rule, nexthop and neighbour parsers, as a dump would feed them, and
 * to wireguard's generic netlink parsers (its family's type taken as the
 * message's). Checks that a refused message added nothing and that every
 * string the model got is terminated. Built
 * and run by scripts/fuzz.sh (its table names the sources and libraries).
 * Seeds: tests/fuzz/corpus/rtnl/ (tests/fuzz/make_corpus_rtnl.sh; kind-*: the
 * crafted messages of the link kind unit tests, tests/fuzz/make_corpus_kinds.sh).
 */
#include <libmnl/libmnl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "be_kinds.h"
#include "be_nlmsg.h"
#include "be_stats.h"
#include "model.h"
#include "route_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_ns(const struct nst_ns *ns)
{
	for (size_t i = 0; i < ns->n_links; i++) {
		const struct nst_link *l = &ns->links[i];
		if (!memchr(l->name, 0, sizeof(l->name)) || !memchr(l->kind, 0, sizeof(l->kind)) ||
		    !memchr(l->operstate, 0, sizeof(l->operstate)) || !memchr(l->mac, 0, sizeof(l->mac)) || l->ifindex <= 0) {
			abort();
		}
		/* the kind's decoded fields: addresses of a real family, text terminated */
		if (((l->info.have & NST_LI_LOCAL) && l->info.local.family != 2 && l->info.local.family != 10) ||
		    ((l->info.have & NST_LI_REMOTE) && l->info.remote.family != 2 && l->info.remote.family != 10) ||
		    (l->lower.has && l->lower.ifindex <= 0)) {
			abort();
		}
		struct nst_kind_field f[NST_KIND_FIELDS_MAX];
		size_t nf = nst_link_info_fields(nst_link_kind_find(l->kind)->id, &l->info, f, NST_KIND_FIELDS_MAX);
		char text[128];
		nst_link_info_text(l->kind, &l->info, "->", text, sizeof(text));
		if (nf > NST_KIND_FIELDS_MAX || !memchr(text, 0, sizeof(text))) {
			abort();
		}
		for (size_t k = 0; k < nf; k++) {
			if (!memchr(f[k].s, 0, sizeof(f[k].s))) {
				abort();
			}
		}
		for (size_t k = 0; k < l->n_addrs; k++) {
			const struct nst_addr *a = &l->addrs[k];
			if ((a->family != 2 && a->family != 10) || a->prefixlen > (a->family == 2 ? 32 : 128)) {
				abort();
			}
		}
	}
	for (size_t i = 0; i < ns->n_neighs; i++) {
		const struct nst_neigh *n = &ns->neighs[i];
		char t[3 * NST_LLADDR_MAX], st[64];
		/* only a proxy entry may have no device (ifindex 0) */
		if (n->ifindex < 0 || (n->ifindex == 0 && !(n->flags & NST_NTF_PROXY)) || n->lladdr_len > NST_LLADDR_MAX ||
		    (n->family == NST_AF_BRIDGE && n->lladdr_len != 6) || (n->family != NST_AF_BRIDGE && !n->has_addr) ||
		    !memchr(nst_neigh_lladdr_text(n, t, sizeof(t)), 0, sizeof(t)) ||
		    !memchr(nst_neigh_state_text(n->state, st, sizeof(st)), 0, sizeof(st)) ||
		    (i && nst_neigh_cmp(&ns->neighs[i - 1], n) > 0)) {
			abort();
		}
	}
	char sum[256];
	for (size_t i = 0; i < ns->n_links; i++) {
		if (!memchr(nst_neigh_summary(ns, ns->links[i].ifindex, sum, sizeof(sum)), 0, sizeof(sum))) {
			abort();
		}
	}
	for (size_t i = 0; i < ns->n_routes; i++) {
		const struct nst_route *r = &ns->routes[i];
		if (!memchr(r->scope, 0, sizeof(r->scope)) || !memchr(r->protocol, 0, sizeof(r->protocol)) ||
		    (r->family != 2 && r->family != 10)) {
			abort();
		}
	}
}

/* Objects have an id, whole members, a gateway of their family; their text and the routes they resolve stay in bounds. */
static void check_nhobjs(struct nst_ns *ns)
{
	char text[512];

	for (size_t i = 0; i < ns->n_nhobjs; i++) {
		const struct nst_nhobj *o = &ns->nhobjs[i];
		if (o->id == 0 || (o->group == NULL) != (o->n_group == 0) ||
		    (o->has_gateway && o->gateway.family != o->family) || !memchr(o->scope, 0, sizeof(o->scope)) ||
		    !memchr(o->protocol, 0, sizeof(o->protocol)) || !memchr(o->warning, 0, sizeof(o->warning))) {
			abort();
		}
		for (size_t k = 0; k < o->n_group; k++) {
			if (o->group[k].weight < 1 || o->group[k].weight > 65536) {
				abort();
			}
		}
		nst_nhobj_text(ns, o, text, sizeof(text));
		if (!memchr(text, 0, sizeof(text))) {
			abort();
		}
	}
	nst_ns_sort_nhobjs(ns);
	nst_ns_resolve_nhids(ns);
	for (size_t i = 0; i < ns->n_routes; i++) {
		nst_route_text(ns, &ns->routes[i], text, sizeof(text));
	}
}

static size_t total_addrs(const struct nst_ns *ns)
{
	size_t n = 0;
	for (size_t i = 0; i < ns->n_links; i++) {
		n += ns->links[i].n_addrs;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns_id id = { 1, 1 };
	struct nst_ns *ns = nst_model_add_ns(m, "fuzz", NST_NS_NAMED, id);
	/* an exact-size, aligned copy, so ASan sees a read one byte past the datagram */
	void *buf = malloc(size ? size : 1);
	size_t len = size;
	struct be_wg_dump wg = { .ifindex = 7 };

	memcpy(buf, data, size);
	for (const struct nlmsghdr *h = buf; be_nlmsg_ok(h, len); h = be_nlmsg_next(h, &len)) {
		size_t links = ns->n_links, routes = ns->n_routes, addrs = total_addrs(ns);
		struct nst_link *l = NULL;

		if (be_rtnl_parse_link(h, ns, 1000, &l) < 0 && (ns->n_links != links || l)) {
			abort();
		}
		if (be_stats_parse(h, ns, 2000) < 0 && ns->n_links != (l ? links + 1 : links)) {
			abort();
		}
		addrs = total_addrs(ns);
		if (be_rtnl_parse_addr(h, ns) < 0 && total_addrs(ns) != addrs) {
			abort();
		}
		size_t rules = ns->n_rules;
		if (be_rtnl_parse_rule(h, ns) < 0 && ns->n_rules != rules) {
			abort();
		}
		if (be_rtnl_parse_route(h, ns) < 0 && ns->n_routes != routes) {
			abort();
		}
		be_rtnl_parse_netconf(h, ns); /* fills values only: nothing to count */
		size_t nhobjs = ns->n_nhobjs;
		if (be_rtnl_parse_nexthop(h, ns) < 0 && ns->n_nhobjs != nhobjs) {
			abort();
		}
		/* wireguard's replies: a refused one counts nothing; a peer count only grows */
		uint16_t family = 0;
		if (be_genl_parse_family(h, "wireguard", &family) == 0 && family < 16) {
			abort();
		}
		wg.ifindex = 7;
		struct be_wg_dump before = wg;
		if (be_wg_parse_device(h, h->nlmsg_type, &wg) < 0 ? memcmp(&wg, &before, sizeof(wg)) != 0
								  : wg.peers < before.peers) {
			abort();
		}
		size_t neighs = ns->n_neighs;
		if (be_rtnl_parse_neigh(h, ns) < 0 && ns->n_neighs != neighs) {
			abort();
		}
	}
	nst_ns_sort_neighs(ns);
	check_nhobjs(ns);
	check_ns(ns);
	struct nst_link_info in = { 0 };
	be_wg_dump_info(&wg, &in);
	char text[128];
	nst_link_info_text("wireguard", &in, "->", text, sizeof(text));
	if (!memchr(text, 0, sizeof(text)) || !(in.have & NST_LI_PEERS)) {
		abort();
	}
	free(buf);
	nst_model_destroy(m);
	return 0;
}
