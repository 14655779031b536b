/* SPDX-License-Identifier: MIT */
/*
 * Neighbours and FDB entries of a namespace: their order, identity and the
 * words iproute2 prints for their state and flags (ip neigh, bridge fdb).
 */
#include "neigh.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cut.h"
#include "model.h"
#include "xalloc.h"

struct nst_neigh *nst_ns_add_neigh(struct nst_ns *ns, const struct nst_neigh *n)
{
	struct nst_neigh *slot = xgrow(&ns->neighs, &ns->n_neighs, &ns->cap_neighs, sizeof(*ns->neighs));

	*slot = *n;
	return slot;
}

static int cmp_int(long a, long b)
{
	return a < b ? -1 : a > b;
}

/* The identity's order: link, family, proxy or not, address, then for FDB lladdr, master before self, vlan. */
static int key_cmp(const struct nst_neigh *a, const struct nst_neigh *b)
{
	int c = cmp_int(a->ifindex, b->ifindex);

	if (!c) {
		c = cmp_int(a->family, b->family);
	}
	if (!c && a->family != NST_AF_BRIDGE) {
		/* a proxy entry (`ip neigh add proxy`) may share its address with a real neighbour */
		c = cmp_int(a->flags & NST_NTF_PROXY, b->flags & NST_NTF_PROXY);
	}
	if (!c) {
		c = cmp_int(a->has_addr, b->has_addr);
	}
	if (!c && a->has_addr) {
		c = cmp_int(a->addr_family, b->addr_family);
		if (!c) {
			c = memcmp(a->addr, b->addr, a->addr_family == AF_INET6 ? 16 : 4);
		}
	}
	if (c || a->family != NST_AF_BRIDGE) {
		return c;
	}
	c = cmp_int(a->lladdr_len, b->lladdr_len);
	if (!c) {
		c = memcmp(a->lladdr, b->lladdr, a->lladdr_len);
	}
	if (!c) {
		c = cmp_int(b->flags & NST_NTF_MASTER, a->flags & NST_NTF_MASTER);
	}
	if (!c) {
		c = cmp_int(a->flags & NST_NTF_SELF, b->flags & NST_NTF_SELF);
	}
	if (!c) {
		c = cmp_int(a->has_vlan ? a->vlan + 1 : 0, b->has_vlan ? b->vlan + 1 : 0);
	}
	return c;
}

int nst_neigh_cmp(const struct nst_neigh *a, const struct nst_neigh *b)
{
	return key_cmp(a, b);
}

static int qsort_cmp(const void *a, const void *b)
{
	return key_cmp(a, b);
}

void nst_ns_sort_neighs(struct nst_ns *ns)
{
	if (ns->n_neighs > 1) {
		qsort(ns->neighs, ns->n_neighs, sizeof(*ns->neighs), qsort_cmp);
	}
}

const struct nst_neigh *nst_ns_link_neighs(const struct nst_ns *ns, int ifindex, size_t *count)
{
	size_t lo = 0, hi = ns->n_neighs;

	*count = 0;
	while (lo < hi) { /* the first entry with ifindex >= the one asked for */
		size_t mid = lo + (hi - lo) / 2;
		if (ns->neighs[mid].ifindex < ifindex) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	size_t end = lo;
	while (end < ns->n_neighs && ns->neighs[end].ifindex == ifindex) {
		end++;
	}
	*count = end - lo;
	return end > lo ? &ns->neighs[lo] : NULL;
}

const struct nst_neigh *nst_ns_find_neigh(const struct nst_ns *ns, int family, int ifindex, const uint8_t *addr)
{
	/* a binary search on the identity's order: a namespace may hold NST_NEIGH_MAX entries, and every
	 * route's gateway is looked up on each settle */
	struct nst_neigh key = { .family = family, .ifindex = ifindex, .has_addr = true, .addr_family = family };

	if (ns->n_neighs == 0) {
		return NULL; /* bsearch's array must not be NULL */
	}
	memcpy(key.addr, addr, family == AF_INET6 ? 16 : 4);
	return bsearch(&key, ns->neighs, ns->n_neighs, sizeof(*ns->neighs), qsort_cmp);
}

static void gateway_warn(struct nst_ns *ns, const struct nst_addr *gw, int oif)
{
	struct nst_link *l = oif ? nst_ns_find_link(ns, oif) : NULL;
	const struct nst_neigh *n = l ? nst_ns_find_neigh(ns, gw->family, oif, gw->bytes) : NULL;
	char addr[NST_ADDR_STRLEN], w[160];

	if (!n || !(n->state & NST_NUD_FAILED)) {
		return;
	}
	snprintf(w, sizeof(w), "gateway %s on %s does not answer %s (FAILED)", nst_addr_format(gw, false, addr, sizeof(addr)),
		 l->name, gw->family == AF_INET6 ? "NDP" : "ARP");
	for (size_t i = 0; i < l->warnings.n; i++) {
		if (strcmp(l->warnings.v[i], w) == 0) {
			return; /* several routes through one gateway: one warning */
		}
	}
	nst_strv_add(&l->warnings, w);
}

void nst_ns_diagnose_gateways(struct nst_ns *ns)
{
	for (size_t i = 0; i < ns->n_routes; i++) {
		const struct nst_route *r = &ns->routes[i];

		if (r->has_gateway) {
			gateway_warn(ns, &r->gateway, r->oif);
		}
		for (size_t k = 1; k < r->n_nexthops; k++) { /* the first hop is the route's own */
			if (r->nexthops[k].has_gateway) {
				gateway_warn(ns, &r->nexthops[k].gateway, r->nexthops[k].oif);
			}
		}
	}
}

bool nst_neigh_same(const struct nst_neigh *a, const struct nst_neigh *b)
{
	return key_cmp(a, b) == 0;
}

bool nst_neigh_eq(const struct nst_neigh *a, const struct nst_neigh *b)
{
	return key_cmp(a, b) == 0 && a->state == b->state && a->flags == b->flags && a->master == b->master &&
	       a->lladdr_len == b->lladdr_len && memcmp(a->lladdr, b->lladdr, a->lladdr_len) == 0;
}

static const char *const state_words[] = { "INCOMPLETE", "REACHABLE", "STALE", "DELAY",
					    "PROBE",      "FAILED",    "NOARP", "PERMANENT" };

const char *nst_neigh_state_word(unsigned i, uint16_t state)
{
	if (i >= sizeof(state_words) / sizeof(state_words[0])) {
		return NULL;
	}
	return state & (1u << i) ? state_words[i] : "";
}

const char *nst_neigh_state_text(uint16_t state, char *buf, size_t len)
{
	size_t at = 0;
	const char *w;

	if (len == 0) {
		return buf;
	}
	buf[0] = '\0';
	for (unsigned i = 0; (w = nst_neigh_state_word(i, state)) != NULL; i++) {
		if (*w && at < len) {
			int n = snprintf(buf + at, len - at, "%s%s", at ? " " : "", w);
			at = n < 0 ? len : at + (size_t)n;
		}
	}
	if ((state & 0xff00) && at < len) { /* bits no iproute2 word names: as its %#x */
		snprintf(buf + at, len - at, "%s0x%x", at ? " " : "", (unsigned)(state & 0xff00));
	} else if (!state) {
		snprintf(buf, len, "NONE");
	}
	return buf;
}

const char *nst_fdb_state_text(uint16_t state, char *buf, size_t len)
{
	const char *s = state & NST_NUD_PERMANENT ? "permanent" :
			state & NST_NUD_NOARP ? "static" :
			state & NST_NUD_STALE ? "stale" : "";

	snprintf(buf, len, "%s", s);
	return buf;
}

const char *nst_neigh_flag_word(unsigned i, uint8_t flags, bool fdb)
{
	/* iproute2's order: bridge/fdb.c and ip/ipneigh.c print them differently */
	struct flag_word {
		uint8_t bit;
		const char *word;
	};
	static const struct flag_word fdb_w[] = {
		{ NST_NTF_SELF, "self" }, { NST_NTF_ROUTER, "router" }, { NST_NTF_EXT_LEARNED, "extern_learn" },
		{ NST_NTF_OFFLOADED, "offload" }, { NST_NTF_MASTER, "master" }, { NST_NTF_STICKY, "sticky" },
	}, ip_w[] = {
		{ NST_NTF_ROUTER, "router" }, { NST_NTF_PROXY, "proxy" }, { NST_NTF_EXT_LEARNED, "extern_learn" },
		{ NST_NTF_OFFLOADED, "offload" },
	};
	size_t n = fdb ? sizeof(fdb_w) / sizeof(fdb_w[0]) : sizeof(ip_w) / sizeof(ip_w[0]);

	if (i >= n) {
		return NULL;
	}
	const struct flag_word *w = fdb ? &fdb_w[i] : &ip_w[i];
	return flags & w->bit ? w->word : "";
}

const char *nst_neigh_lladdr_text(const struct nst_neigh *n, char *buf, size_t len)
{
	size_t at = 0;

	if (len) {
		buf[0] = '\0';
	}
	for (size_t i = 0; i < n->lladdr_len && i < NST_LLADDR_MAX && at + 3 < len; i++) {
		at += (size_t)snprintf(buf + at, len - at, "%s%02x", i ? ":" : "", n->lladdr[i]);
	}
	return buf;
}

const char *nst_neigh_addr_text(const struct nst_neigh *n, char *buf, size_t len)
{
	if (len) {
		buf[0] = '\0';
	}
	if (n->has_addr && !inet_ntop(n->addr_family == AF_INET6 ? AF_INET6 : AF_INET, n->addr, buf, (socklen_t)len) &&
	    len) {
		buf[0] = '\0';
	}
	return buf;
}

bool nst_fdb_own_multicast(const struct nst_neigh *n)
{
	return n->family == NST_AF_BRIDGE && !(n->flags & NST_NTF_MASTER) && !n->has_addr && n->lladdr_len &&
	       (n->lladdr[0] & 1);
}

bool nst_neigh_unanswered(const struct nst_neigh *n)
{
	return n->family != NST_AF_BRIDGE && (n->state & (NST_NUD_FAILED | NST_NUD_INCOMPLETE));
}

struct nst_neigh_counts nst_ns_link_neigh_counts(const struct nst_ns *ns, int ifindex)
{
	struct nst_neigh_counts c = { 0 };
	size_t n;
	const struct nst_neigh *v = nst_ns_link_neighs(ns, ifindex, &n);

	for (size_t i = 0; i < n; i++) {
		if (v[i].family == NST_AF_BRIDGE) {
			c.fdb += !nst_fdb_own_multicast(&v[i]);
			continue;
		}
		c.neigh++;
		c.failed += (v[i].state & NST_NUD_FAILED) != 0;
		c.incomplete += (v[i].state & NST_NUD_INCOMPLETE) != 0;
		c.noarp += v[i].state == NST_NUD_NOARP;
	}
	return c;
}

/* Append three pieces to buf at *at; past the end the text is cut with the mark (nst_fmt_cut). */
static void put(char *buf, size_t len, size_t *at, const char *a, const char *b, const char *c)
{
	if (*at + 1 >= len) {
		return;
	}
	nst_fmt_cut(buf + *at, len - *at, "%s%s%s", a, b, c);
	*at += strlen(buf + *at);
}

const char *nst_neigh_summary(const struct nst_ns *ns, int ifindex, char *buf, size_t len)
{
	char addr[64], ll[3 * NST_LLADDR_MAX], st[64];
	size_t n, at = 0, dyn = 0, perm = 0, stat = 0, fdb = 0, ip = 0;
	const struct nst_neigh *v = nst_ns_link_neighs(ns, ifindex, &n);

	if (len) {
		buf[0] = '\0';
	}
	for (size_t i = 0; i < n; i++) {
		if (nst_fdb_own_multicast(&v[i])) {
			continue;
		}
		if (v[i].family == NST_AF_BRIDGE) {
			fdb++;
			perm += (v[i].state & NST_NUD_PERMANENT) != 0;
			stat += (v[i].state & (NST_NUD_PERMANENT | NST_NUD_NOARP)) == NST_NUD_NOARP;
			continue;
		}
		nst_neigh_addr_text(&v[i], addr, sizeof(addr));
		nst_neigh_lladdr_text(&v[i], ll, sizeof(ll));
		nst_neigh_status(&v[i], st, sizeof(st));
		put(buf, len, &at, ip++ ? ", " : "neigh ", addr, ll[0] ? " " : "");
		put(buf, len, &at, ll, " ", st);
	}
	dyn = fdb - perm - stat;
	if (fdb) {
		char counts[64];
		snprintf(counts, sizeof(counts), "%zu (%zu dynamic, %zu static, %zu permanent)", fdb, dyn, stat, perm);
		put(buf, len, &at, ip ? "; " : "", "fdb ", counts);
	}
	return buf;
}

const char *nst_neigh_status(const struct nst_neigh *n, char *buf, size_t len)
{
	if (n->flags & NST_NTF_PROXY) {
		snprintf(buf, len, "proxy"); /* answered for, not resolved: it has no state */
		return buf;
	}
	return nst_neigh_state_text(n->state, buf, len);
}
