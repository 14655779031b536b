/* SPDX-License-Identifier: MIT */
/*
 * Hook order, chain lookups and owners (fw_order.h). The kernel runs the
 * base chains of one hook by priority, lowest first; chains of equal
 * priority run in the order they were registered, which no dump says, so
 * nstop orders those by family, table and name and a reader sees them as
 * equals by their priority.
 */
#include "fw_order.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const char *const ip_hooks[] = { "prerouting", "input", "forward", "output", "postrouting" };

static bool is_ip_family(const char *f)
{
	return strcmp(f, "ip") == 0 || strcmp(f, "ip6") == 0 || strcmp(f, "inet") == 0;
}

/* Where a hook sorts among the others: IP hooks in packet order, then the rest by family. */
static int hook_rank(const struct nst_fw_hook *h)
{
	if (strcmp(h->family_class, "inet") == 0) {
		for (int i = 0; i < 5; i++) {
			if (strcmp(h->hook, ip_hooks[i]) == 0) {
				return i;
			}
		}
		return 5; /* inet ingress: per device, beside netdev's */
	}
	return strcmp(h->family_class, "bridge") == 0 ? 10 : strcmp(h->family_class, "arp") == 0 ? 20 : 30;
}

static const struct nst_fw_ruleset *sort_rs; /* qsort has no context argument; used only while sorting */

static int cmp_chain(const void *a, const void *b)
{
	const struct nst_fw_chain *x = &sort_rs->chains[*(const size_t *)a], *y = &sort_rs->chains[*(const size_t *)b];

	if (x->priority != y->priority) {
		return x->priority < y->priority ? -1 : 1;
	}
	int c = strcmp(x->family, y->family);
	if (!c) {
		c = strcmp(x->table, y->table);
	}
	return c ? c : strcmp(x->name, y->name);
}

static int cmp_hook(const void *a, const void *b)
{
	const struct nst_fw_hook *x = a, *y = b;
	int rx = hook_rank(x), ry = hook_rank(y);

	if (rx != ry) {
		return rx < ry ? -1 : 1;
	}
	int c = strcmp(x->hook, y->hook);
	return c ? c : strcmp(x->device, y->device);
}

static struct nst_fw_hook *hook_for(struct nst_fw_order *o, size_t *cap, const struct nst_fw_chain *c)
{
	bool ingress = memcmp(c->hook, "ingress", sizeof("ingress")) == 0;
	char cls[NST_FW_FAMILY];

	/* inet ingress is per device like netdev's: one group with them */
	snprintf(cls, sizeof(cls), "%s", !is_ip_family(c->family) ? c->family : ingress ? "netdev" : "inet");
	for (size_t i = 0; i < o->n; i++) {
		struct nst_fw_hook *h = &o->hooks[i];
		if (strcmp(h->family_class, cls) == 0 && strcmp(h->hook, c->hook) == 0 &&
		    strcmp(h->device, c->device) == 0) {
			return h;
		}
	}
	struct nst_fw_hook *h = xgrow(&o->hooks, &o->n, cap, sizeof(*h));
	memset(h, 0, sizeof(*h));
	snprintf(h->family_class, sizeof(h->family_class), "%s", cls);
	snprintf(h->hook, sizeof(h->hook), "%s", c->hook);
	memcpy(h->device, c->device, sizeof(h->device));
	return h;
}

void nst_fw_order_build(const struct nst_fw_ruleset *rs, struct nst_fw_order *o)
{
	size_t cap = 0;

	memset(o, 0, sizeof(*o));
	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct nst_fw_chain *c = &rs->chains[i];
		if (!c->base) {
			continue;
		}
		struct nst_fw_hook *h = hook_for(o, &cap, c);
		h->chains = xrealloc(h->chains, (h->n + 1) * sizeof(*h->chains));
		h->chains[h->n++] = i;
	}
	sort_rs = rs;
	for (size_t i = 0; i < o->n; i++) {
		qsort(o->hooks[i].chains, o->hooks[i].n, sizeof(size_t), cmp_chain);
	}
	sort_rs = NULL;
	if (o->n) {
		qsort(o->hooks, o->n, sizeof(*o->hooks), cmp_hook);
	}
}

void nst_fw_order_free(struct nst_fw_order *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->hooks[i].chains);
	}
	free(o->hooks);
	memset(o, 0, sizeof(*o));
}

long nst_fw_chain_find(const struct nst_fw_ruleset *rs, const char *family, const char *table, const char *name)
{
	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct nst_fw_chain *c = &rs->chains[i];
		if (strcmp(c->name, name) == 0 && strcmp(c->table, table) == 0 && strcmp(c->family, family) == 0) {
			return (long)i;
		}
	}
	return -1;
}

size_t nst_fw_chain_rules(const struct nst_fw_ruleset *rs, size_t ci, size_t *first)
{
	const struct nst_fw_chain *c = &rs->chains[ci];
	size_t i = 0, n = 0;

	while (i < rs->n_rules && !(strcmp(rs->rules[i].chain, c->name) == 0 && strcmp(rs->rules[i].table, c->table) == 0 &&
				    strcmp(rs->rules[i].family, c->family) == 0)) {
		i++;
	}
	*first = i;
	while (i + n < rs->n_rules && strcmp(rs->rules[i + n].chain, c->name) == 0 &&
	       strcmp(rs->rules[i + n].table, c->table) == 0 && strcmp(rs->rules[i + n].family, c->family) == 0) {
		n++;
	}
	return n;
}

long nst_fw_jump_target(const struct nst_fw_ruleset *rs, const struct nst_fw_rule *r)
{
	if (r->verdict.kind != NST_FV_JUMP && r->verdict.kind != NST_FV_GOTO) {
		return -1;
	}
	return nst_fw_chain_find(rs, r->family, r->table, r->verdict.target);
}

static int cmp_chain_name(const struct nst_fw_chain *x, const char *family, const char *table, const char *name)
{
	int c = strcmp(x->family, family);
	if (!c) {
		c = strcmp(x->table, table);
	}
	return c ? c : strcmp(x->name, name);
}

static int cmp_by_name(const void *a, const void *b)
{
	const struct nst_fw_chain *y = &sort_rs->chains[*(const size_t *)b];
	return cmp_chain_name(&sort_rs->chains[*(const size_t *)a], y->family, y->table, y->name);
}

/* The chains' indices sorted by (family, table, name): the caller frees it. */
static size_t *chains_by_name(const struct nst_fw_ruleset *rs)
{
	size_t *by = xmalloc((rs->n_chains ? rs->n_chains : 1) * sizeof(*by));

	for (size_t i = 0; i < rs->n_chains; i++) {
		by[i] = i;
	}
	sort_rs = rs;
	if (rs->n_chains) {
		qsort(by, rs->n_chains, sizeof(*by), cmp_by_name);
	}
	sort_rs = NULL;
	return by;
}

static long find_sorted(const struct nst_fw_ruleset *rs, const size_t *by, const char *family, const char *table,
			const char *name)
{
	size_t lo = 0, hi = rs->n_chains;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_chain_name(&rs->chains[by[mid]], family, table, name);
		if (c == 0) {
			return (long)by[mid]; /* names are unique in a table: the one chain */
		}
		if (c < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return -1;
}

void nst_fw_jump_targets(const struct nst_fw_ruleset *rs, long *out)
{
	size_t *by = chains_by_name(rs);

	for (size_t i = 0; i < rs->n_rules; i++) {
		const struct nst_fw_rule *r = &rs->rules[i];
		bool jumps = r->verdict.kind == NST_FV_JUMP || r->verdict.kind == NST_FV_GOTO;
		out[i] = jumps ? find_sorted(rs, by, r->family, r->table, r->verdict.target) : -1;
	}
	free(by);
}

void nst_fw_chain_spans(const struct nst_fw_ruleset *rs, size_t *first, size_t *count)
{
	size_t *by = chains_by_name(rs);

	for (size_t i = 0; i < rs->n_chains; i++) {
		first[i] = rs->n_rules;
		count[i] = 0;
	}
	for (size_t i = 0; i < rs->n_rules;) {
		const struct nst_fw_rule *r = &rs->rules[i];
		size_t n = 1;
		while (i + n < rs->n_rules && strcmp(rs->rules[i + n].chain, r->chain) == 0 &&
		       strcmp(rs->rules[i + n].table, r->table) == 0 && strcmp(rs->rules[i + n].family, r->family) == 0) {
			n++;
		}
		long ci = find_sorted(rs, by, r->family, r->table, r->chain);
		if (ci >= 0 && !count[ci]) {
			first[ci] = i; /* the first run, as nst_fw_chain_rules finds it */
			count[ci] = n;
		}
		i += n;
	}
	free(by);
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

const char *nst_fw_chain_owner(const char *table, const char *chain)
{
	static const struct {
		const char *prefix, *owner;
	} chains[] = {
		{ "DOCKER", "Docker" },	       { "NETAVARK", "Podman (netavark)" }, { "CNI-", "CNI" },
		{ "KUBE-", "kube-proxy" },     { "LIBVIRT_", "libvirt" },	  { "cali-", "Calico" },
		{ "FLANNEL", "flannel" },      { "CILIUM", "Cilium" },
	}, tables[] = {
		{ "nstop", "nstop" },	       { "netavark", "Podman (netavark)" }, { "firewalld", "firewalld" },
		{ "kube-proxy", "kube-proxy" }, { "libvirt", "libvirt" },	  { "docker", "Docker" },
		{ "cni", "CNI" },
	};

	/* nstop's own table is exactly "nstop": a table named nstop_x is someone else's */
	if (strcmp(table, "nstop") == 0) {
		return "nstop";
	}
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		if (strcmp(tables[i].owner, "nstop") != 0 && starts(table, tables[i].prefix)) {
			return tables[i].owner;
		}
	}
	for (size_t i = 0; i < sizeof(chains) / sizeof(chains[0]); i++) {
		if (starts(chain, chains[i].prefix)) {
			return chains[i].owner;
		}
	}
	return NULL;
}

const char *nst_fw_rule_owner(const struct nst_fw_rule *r)
{
	const char *o = nst_fw_chain_owner(r->table, r->chain);

	if (!o && (r->verdict.kind == NST_FV_JUMP || r->verdict.kind == NST_FV_GOTO)) {
		o = nst_fw_chain_owner(r->table, r->verdict.target);
	}
	return o;
}
