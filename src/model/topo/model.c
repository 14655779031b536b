/* SPDX-License-Identifier: MIT */
/* Building, finding and freeing the topology model. */
#include "model.h"
#include "route_text.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "xalloc.h"

void nst_strv_add(struct nst_strv *sv, const char *s)
{
	char **slot = xgrow(&sv->v, &sv->n, &sv->cap, sizeof(*sv->v));
	*slot = xstrdup(s);
}

void nst_strv_addf(struct nst_strv *sv, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		abort();
	}
	char **slot = xgrow(&sv->v, &sv->n, &sv->cap, sizeof(*sv->v));
	*slot = s;
}

void nst_strv_extend(struct nst_strv *dst, const struct nst_strv *src)
{
	for (size_t i = 0; i < src->n; i++) {
		nst_strv_add(dst, src->v[i]);
	}
}

void nst_strv_clear(struct nst_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++) {
		free(sv->v[i]);
	}
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}

const char *nst_ns_kind_str(enum nst_ns_kind kind)
{
	switch (kind) {
	case NST_NS_SELF:
		return "self";
	case NST_NS_NAMED:
		return "named";
	case NST_NS_MOUNT:
		return "mount";
	case NST_NS_PROCESS:
		return "process";
	}
	return "unknown";
}

bool nst_addr_in_prefix(const struct nst_addr *net, const uint8_t *ip)
{
	unsigned bits = net->prefixlen, full = bits / 8;

	if (bits > (net->family == AF_INET ? 32u : 128u) || memcmp(net->bytes, ip, full) != 0) {
		return false;
	}
	uint8_t mask = (uint8_t)(0xff << (8 - bits % 8));
	return bits % 8 == 0 || (net->bytes[full] & mask) == (ip[full] & mask);
}

const char *nst_addr_format(const struct nst_addr *a, bool with_prefix, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	if (!inet_ntop(a->family, a->bytes, ip, sizeof(ip))) {
		snprintf(ip, sizeof(ip), "?");
	}
	if (with_prefix) {
		snprintf(buf, len, "%s/%u", ip, a->prefixlen);
	} else {
		snprintf(buf, len, "%s", ip);
	}
	return buf;
}

struct nst_model *nst_model_create(void)
{
	return xcalloc(1, sizeof(struct nst_model));
}

void nst_link_finish(struct nst_link *l)
{
	free(l->network);
	free(l->addrs);
	nst_strv_clear(&l->warnings);
}

void nst_ns_trim(struct nst_ns *ns)
{
	for (size_t i = 0; i < ns->n_links; i++) {
		struct nst_link *l = &ns->links[i];
		xshrink(&l->addrs, l->n_addrs, &l->cap_addrs, sizeof(*l->addrs));
	}
	xshrink(&ns->links, ns->n_links, &ns->cap_links, sizeof(*ns->links));
	xshrink(&ns->routes, ns->n_routes, &ns->cap_routes, sizeof(*ns->routes));
	xshrink(&ns->rules, ns->n_rules, &ns->cap_rules, sizeof(*ns->rules));
	xshrink(&ns->nhobjs, ns->n_nhobjs, &ns->cap_nhobjs, sizeof(*ns->nhobjs));
	xshrink(&ns->neighs, ns->n_neighs, &ns->cap_neighs, sizeof(*ns->neighs));
	xshrink(&ns->nat, ns->n_nat, &ns->cap_nat, sizeof(*ns->nat));
}

static void ns_finish(struct nst_ns *ns)
{
	for (size_t i = 0; i < ns->n_links; i++) {
		nst_link_finish(&ns->links[i]);
	}
	free(ns->links);
	nst_ns_clear_routes(ns);
	free(ns->routes);
	free(ns->rules);
	nst_ns_clear_nhobjs(ns);
	free(ns->nhobjs);
	free(ns->neighs);
	free(ns->nat);
	nst_fw_clear(&ns->fw);
	free(ns->pids);
	free(ns->name);
	free(ns->label);
	free(ns->display);
	for (size_t i = 0; i < ns->n_containers; i++) {
		nst_container_clear(&ns->containers[i]);
	}
	free(ns->containers);
	free(ns->cgroups);
	nst_strv_clear(&ns->warnings);
	nst_strv_clear(&ns->diag);
}

/*
 * The namespace index: nsfs identity -> position in m->ns. Peer pairing and
 * every reader look namespaces up by id, once per link or reference, so a
 * linear search made start-up grow with N^2 (N^3 with the nsid mapping).
 */
static size_t id_hash(struct nst_ns_id id)
{
	uint64_t h = (id.ino ^ (id.dev * 0x9e3779b97f4a7c15ull)) * 0xff51afd7ed558ccdull;
	return (size_t)(h ^ (h >> 32));
}

/* Put m->ns[i] in the table (room is there); an id already held keeps its first position. */
static void index_put(struct nst_model *m, size_t i)
{
	size_t mask = m->id_cap - 1;

	for (size_t s = id_hash(m->ns[i].id) & mask;; s = (s + 1) & mask) {
		if (!m->id_slots[s]) {
			m->id_slots[s] = i + 1;
			break;
		}
		if (nst_ns_id_eq(m->ns[m->id_slots[s] - 1].id, m->ns[i].id)) {
			break; /* a duplicate: the linear search's answer was the first one too */
		}
	}
	m->id_n = i + 1;
}

/* Rebuild from scratch after ns[] moved (remove, sort) or the table filled. */
static void index_rebuild(struct nst_model *m)
{
	xslots_reset(&m->id_slots, &m->id_cap, m->n_ns);
	m->id_n = 0;
	for (size_t i = 0; i < m->n_ns; i++) {
		index_put(m, i);
	}
}

void nst_model_destroy(struct nst_model *m)
{
	if (!m) {
		return;
	}
	for (size_t i = 0; i < m->n_ns; i++) {
		ns_finish(&m->ns[i]);
	}
	free(m->ns);
	free(m->id_slots);
	nst_strv_clear(&m->warnings);
	nst_facts_clear(&m->engines);
	free(m);
}

struct nst_ns *nst_model_add_ns(struct nst_model *m, const char *name, enum nst_ns_kind kind,
				struct nst_ns_id id)
{
	struct nst_ns *ns = xgrow(&m->ns, &m->n_ns, &m->cap_ns, sizeof(*m->ns));
	ns->name = xstrdup(name);
	ns->kind = kind;
	ns->self = kind == NST_NS_SELF;
	ns->id = id;
	ns->ip_forward = -1;
	ns->port_range_lo = ns->port_range_hi = -1;
	ns->ip6_forward = ns->br_nf_iptables = ns->br_nf_ip6tables = ns->br_nf_arptables = -1;
	ns->conf_all = ns->conf_default = (struct nst_netconf){ -1, -1, -1, -1, -1, -1, -1 };
	if (m->id_n + 1 != m->n_ns || 2 * m->n_ns > m->id_cap) {
		index_rebuild(m); /* out of step, or over half full */
	} else {
		index_put(m, m->n_ns - 1);
	}
	return ns;
}

struct nst_link *nst_ns_add_link(struct nst_ns *ns, int ifindex, const char *name)
{
	struct nst_link *l = xgrow(&ns->links, &ns->n_links, &ns->cap_links, sizeof(*ns->links));
	l->ifindex = ifindex;
	snprintf(l->name, sizeof(l->name), "%s", name);
	snprintf(l->kind, sizeof(l->kind), "device");
	snprintf(l->operstate, sizeof(l->operstate), "unknown");
	l->forwarding4 = l->forwarding6 = l->rp_filter = -1;
	l->proxy_arp = l->proxy_ndp = l->accept_local = l->arp_ignore = -1;
	return l;
}

void nst_ns_add_pid(struct nst_ns *ns, int pid)
{
	int *slot = xgrow(&ns->pids, &ns->n_pids, &ns->cap_pids, sizeof(*ns->pids));
	*slot = pid;
}

void nst_ns_set_label(struct nst_ns *ns, const char *label)
{
	free(ns->label);
	ns->label = label ? xstrdup(label) : NULL;
}

void nst_link_add_addr(struct nst_link *l, const struct nst_addr *a)
{
	struct nst_addr *slot = xgrow(&l->addrs, &l->n_addrs, &l->cap_addrs, sizeof(*l->addrs));
	*slot = *a;
}

struct nst_route *nst_ns_add_route(struct nst_ns *ns)
{
	struct nst_route *r = xgrow(&ns->routes, &ns->n_routes, &ns->cap_routes, sizeof(*ns->routes));

	r->table = NST_RT_TABLE_MAIN; /* what a route the caller does not place is */
	r->type = NST_RTN_UNICAST;
	return r;
}

void nst_model_remove_ns(struct nst_model *m, struct nst_ns *ns)
{
	size_t i = (size_t)(ns - m->ns);

	if (i >= m->n_ns) {
		return;
	}
	ns_finish(ns);
	memmove(&m->ns[i], &m->ns[i + 1], (m->n_ns - i - 1) * sizeof(*m->ns));
	m->n_ns--;
	index_rebuild(m); /* every namespace after i moved down one */
}

struct nst_nat_rule *nst_ns_add_nat(struct nst_ns *ns)
{
	return xgrow(&ns->nat, &ns->n_nat, &ns->cap_nat, sizeof(*ns->nat));
}

struct nst_ns *nst_model_find_ns(const struct nst_model *m, const char *name)
{
	for (size_t i = 0; i < m->n_ns; i++) {
		if (strcmp(m->ns[i].name, name) == 0) {
			return &m->ns[i];
		}
	}
	return NULL;
}

struct nst_ns *nst_model_find_ns_id(const struct nst_model *m, struct nst_ns_id id)
{
	if (m->id_cap && m->id_n == m->n_ns) {
		size_t mask = m->id_cap - 1;

		for (size_t s = id_hash(id) & mask; m->id_slots[s]; s = (s + 1) & mask) {
			struct nst_ns *ns = &m->ns[m->id_slots[s] - 1];
			if (nst_ns_id_eq(ns->id, id)) {
				return ns;
			}
		}
		return NULL;
	}
	/* not indexed (a model no one added to through model.c) */
	for (size_t i = 0; i < m->n_ns; i++) {
		if (nst_ns_id_eq(m->ns[i].id, id)) {
			return &m->ns[i];
		}
	}
	return NULL;
}

struct nst_link *nst_ns_find_link(const struct nst_ns *ns, int ifindex)
{
	/*
	 * Links are in ifindex order once sorted (nst_model_sort, every re-read)
	 * and as the kernel dumps them: a binary search finds it in `/`'s
	 * thousands of ports, looked up once per port. Not found that way (an
	 * array out of order), the walk decides, so the answer never depends on it.
	 */
	size_t lo = 0, hi = ns->n_links;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ns->links[mid].ifindex == ifindex) {
			while (mid > 0 && ns->links[mid - 1].ifindex == ifindex) {
				mid--; /* a repeated ifindex (hand-built models): the first, as the walk's */
			}
			return &ns->links[mid];
		}
		if (ns->links[mid].ifindex < ifindex) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	for (size_t i = 0; i < ns->n_links; i++) {
		if (ns->links[i].ifindex == ifindex) {
			return &ns->links[i];
		}
	}
	return NULL;
}

struct nst_link *nst_ns_find_link_name(const struct nst_ns *ns, const char *name)
{
	for (size_t i = 0; i < ns->n_links; i++) {
		if (strcmp(ns->links[i].name, name) == 0) {
			return &ns->links[i];
		}
	}
	return NULL;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_link(const void *a, const void *b)
{
	return cmp_int(&((const struct nst_link *)a)->ifindex, &((const struct nst_link *)b)->ifindex);
}

static int kind_rank(const struct nst_ns *ns)
{
	/* self first whatever its name; then named, mount, process */
	if (ns->self) {
		return 0;
	}
	return 1 + (int)ns->kind;
}

static int cmp_ns(const void *a, const void *b)
{
	const struct nst_ns *x = a, *y = b;
	int rx = kind_rank(x), ry = kind_rank(y);

	if (rx != ry) {
		return rx - ry;
	}
	if (x->kind == NST_NS_PROCESS && x->n_pids && y->n_pids) {
		return cmp_int(&x->pids[0], &y->pids[0]);
	}
	return strcmp(x->name, y->name);
}

/* qsort's array argument must not be NULL, even for zero elements. */
static void sort_items(void *items, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1) {
		qsort(items, n, size, cmp);
	}
}

void nst_model_sort(struct nst_model *m)
{
	for (size_t i = 0; i < m->n_ns; i++) {
		struct nst_ns *ns = &m->ns[i];
		sort_items(ns->links, ns->n_links, sizeof(*ns->links), cmp_link);
		nst_ns_sort_neighs(ns);
		nst_ns_sort_nhobjs(ns);
		sort_items(ns->pids, ns->n_pids, sizeof(*ns->pids), cmp_int);
	}
	sort_items(m->ns, m->n_ns, sizeof(*m->ns), cmp_ns);
	index_rebuild(m); /* positions changed */
}

const char *nst_family_str(int family)
{
	return family == AF_INET6 ? "inet6" : "inet";
}

const char *nst_ns_link_name(const struct nst_ns *ns, int ifindex)
{
	const struct nst_link *l = nst_ns_find_link(ns, ifindex);
	return l ? l->name : NULL;
}

const char *nst_route_dst_format(const struct nst_route *r, char *buf, size_t len)
{
	if (r->is_default) {
		return "default";
	}
	return nst_addr_format(&r->dst, true, buf, len);
}
