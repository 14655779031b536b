/* SPDX-License-Identifier: MIT */
/*
 * Where a DNAT goes: the namespace and link that own its to_addr, so the UI
 * can say `→ ns2:vethD 192.168.10.3:9999` and draw the forward. Also the NAT
 * diagnostics: a DNAT nobody owns, NAT that forwards without ip_forward, a
 * DNAT an earlier one shadows, NAT paths left out, legacy rules.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cut.h"
#include "model.h"
#include "xalloc.h"

static bool owns(const struct nst_link *l, int family, const uint8_t *bytes)
{
	for (size_t i = 0; i < l->n_addrs; i++) {
		if (l->addrs[i].family == family && memcmp(l->addrs[i].bytes, bytes, family == AF_INET ? 4 : 16) == 0) {
			return true;
		}
	}
	return false;
}

static void found(struct nst_nat_rule *r, const struct nst_ns *ns, const char *link)
{
	r->target_found = true;
	r->target_id.dev = ns->id.dev;
	r->target_id.ino = ns->id.ino;
	nst_fmt_cut(r->target_ns, sizeof(r->target_ns), "%s", ns->name);
	snprintf(r->target_link, sizeof(r->target_link), "%s", link);
}

const char *nst_nat_target_display(const struct nst_model *m, const struct nst_nat_rule *r)
{
	const struct nst_ns *ns = nst_model_find_ns_id(m, (struct nst_ns_id){ r->target_id.dev, r->target_id.ino });

	return ns ? nst_ns_display(ns) : r->target_ns;
}

static void resolve(const struct nst_model *m, const struct nst_ns *own, struct nst_nat_rule *r)
{
	uint8_t bytes[16];
	static const uint8_t v6_lo[16] = { [15] = 1 };
	int family = strchr(r->to_addr, ':') ? AF_INET6 : AF_INET;

	r->target_found = false;
	if (r->type != NST_NAT_DNAT || !r->to_addr[0] || inet_pton(family, r->to_addr, bytes) != 1) {
		return; /* no address, or a range: no single owner */
	}
	/* 127.0.0.0/8 and ::1 are the namespace's own loopback (Docker's DNS at 127.0.0.11) */
	if ((family == AF_INET && bytes[0] == 127) || (family == AF_INET6 && memcmp(bytes, v6_lo, 16) == 0)) {
		for (size_t k = 0; k < own->n_links; k++) {
			if (nst_link_is(&own->links[k], NST_KIND_LOOPBACK)) {
				found(r, own, own->links[k].name);
				return;
			}
		}
		found(r, own, "lo");
		return;
	}
	for (size_t i = 0; i < m->n_ns && !r->target_found; i++) {
		const struct nst_ns *ns = &m->ns[i];
		for (size_t k = 0; k < ns->n_links && !r->target_found; k++) {
			if (owns(&ns->links[k], family, bytes)) {
				found(r, ns, ns->links[k].name);
			}
		}
	}
}

/* 127.0.0.0/8 or a part of it, matched as equal: traffic that never leaves the host. */
static bool loopback_saddr(const char *saddr)
{
	char a[64];
	uint8_t b[4];
	const char *slash = strchr(saddr, '/');
	size_t n = slash ? (size_t)(slash - saddr) : strlen(saddr);

	if (n >= sizeof(a)) {
		return false;
	}
	/* "!= 127.0.0.0/8" and other operators fail inet_pton: not local-only */
	memcpy(a, saddr, n);
	a[n] = '\0';
	return inet_pton(AF_INET, a, b) == 1 && b[0] == 127 && (!slash || atoi(slash + 1) >= 8);
}

/*
 * A record that needs net.ipv4.ip_forward: a DNAT in prerouting to an address
 * this namespace does not own, or source NAT in postrouting of traffic that is
 * not local-only. Docker's embedded DNS (output DNAT to 127.0.0.11, SNAT of
 * saddr 127.0.0.11) never forwards.
 */
static bool needs_forward(const struct nst_ns *ns, const struct nst_nat_rule *r)
{
	if ((strcmp(r->family, "ip") != 0 && strcmp(r->family, "inet") != 0) || strchr(r->to_addr, ':')) {
		return false; /* IPv6 NAT: net.ipv6's forwarding, not this switch */
	}
	if (r->type == NST_NAT_DNAT && strcmp(r->hook, "prerouting") == 0) {
		return !(r->target_found && r->target_id.dev == ns->id.dev && r->target_id.ino == ns->id.ino);
	}
	if ((r->type == NST_NAT_SNAT || r->type == NST_NAT_MASQ) && strcmp(r->hook, "postrouting") == 0) {
		return !loopback_saddr(r->match.saddr) && strcmp(r->match.oif, "lo") != 0;
	}
	return false;
}

static bool same_key(const struct nst_nat_rule *a, const struct nst_nat_rule *b)
{
	return a->handle == b->handle && strcmp(a->family, b->family) == 0 && strcmp(a->table, b->table) == 0 &&
	       strcmp(a->chain, b->chain) == 0;
}

/*
 * Earlier record e catches every packet later l matches: same hook, families
 * that see the same packets, the same effective match, and nothing on e's own
 * part of the way (below where the two paths part) that may send a packet
 * elsewhere first. Cut paths or matches, and raw ones (`xt match "statistic"`
 * is the same text whatever its probability), are not compared.
 */
/* The packets a record's NAT acts on: 4 or 6, 0 for both (an inet masquerade or redirect with no address). */
static int nat_af(const struct nst_nat_rule *r)
{
	if (strcmp(r->family, "ip") == 0) {
		return 4;
	}
	if (strcmp(r->family, "ip6") == 0) {
		return 6;
	}
	/* inet: `dnat ip to` acts on IPv4 only, `dnat ip6 to` on IPv6; another packet goes on past it */
	return r->to_addr[0] ? (strchr(r->to_addr, ':') ? 6 : 4) : 0;
}

static bool shadows(const struct nst_nat_rule *e, const struct nst_nat_rule *l)
{
	int ea = nat_af(e), la = nat_af(l);
	/* e catches l's packets only if it acts on every family l acts on */
	bool fam = ea == 0 || ea == la;

	/* a chance match (statistic, numgen) lets some of the flow past: the same text is not the same match */
	if (!fam || strcmp(e->hook, l->hook) != 0 || e->path_cut || l->path_cut || e->eff_cut || l->eff_cut ||
	    e->eff_raw || l->eff_raw || e->match.chance || l->match.chance || same_key(e, l) ||
	    strcmp(e->eff_match, l->eff_match) != 0) {
		return false;
	}
	/* paths in one table share chains; the first where they differ, or the rule each takes there */
	bool same_table = strcmp(e->table, l->table) == 0 && strcmp(e->family, l->family) == 0;
	size_t k = 0;
	while (same_table && k < e->n_path && k < l->n_path && strcmp(nst_nat_path(e, k), nst_nat_path(l, k)) == 0 &&
	       e->path_via[k] == l->path_via[k]) {
		k++;
	}
	/* parted inside one chain: what comes before e's way on there came before l's too */
	bool parted_in_chain = same_table && k < e->n_path && k < l->n_path && strcmp(nst_nat_path(e, k), nst_nat_path(l, k)) == 0;
	size_t from = parted_in_chain ? k + 1 : k;
	return from >= 32 || (e->divert >> from) == 0;
}

/*
 * Records grouped by a hash (qsort: equal hashes together, each group in
 * record order), so the pairwise checks below cost what the groups hold,
 * not the square of a kube-proxy-sized nat[].
 */
struct keyed {
	uint64_t h;
	size_t i;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->h != y->h) {
		return x->h < y->h ? -1 : 1;
	}
	return (x->i > y->i) - (x->i < y->i);
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h = (h ^ (uint8_t)*s) * 1099511628211ull;
	}
	return (h ^ 0xff) * 1099511628211ull; /* a separator: "ab","c" is not "a","bc" */
}

static uint64_t rule_hash(const struct nst_nat_rule *r)
{
	return fnv(fnv(fnv(1469598103934665603ull ^ r->handle, r->family), r->table), r->chain);
}

static uint64_t match_hash(const struct nst_nat_rule *r)
{
	return fnv(fnv(1469598103934665603ull, r->hook), r->eff_match);
}

static struct keyed *grouped(const struct nst_ns *ns, uint64_t (*hash)(const struct nst_nat_rule *))
{
	struct keyed *k = xcalloc(ns->n_nat ? ns->n_nat : 1, sizeof(*k));

	for (size_t i = 0; i < ns->n_nat; i++) {
		k[i] = (struct keyed){ hash(&ns->nat[i]), i };
	}
	qsort(k, ns->n_nat, sizeof(*k), cmp_keyed);
	return k;
}

/* first[i]: the index of the first record of record i's rule (i itself when it is the first). */
static size_t *rule_firsts(const struct nst_ns *ns)
{
	struct keyed *k = grouped(ns, rule_hash);
	size_t *first = xcalloc(ns->n_nat ? ns->n_nat : 1, sizeof(*first));

	for (size_t g = 0; g < ns->n_nat;) {
		size_t end = g + 1;
		while (end < ns->n_nat && k[end].h == k[g].h) {
			end++;
		}
		for (size_t x = g; x < end; x++) {
			first[k[x].i] = k[x].i;
			for (size_t y = g; y < x; y++) {
				if (same_key(&ns->nat[k[y].i], &ns->nat[k[x].i])) {
					first[k[x].i] = first[k[y].i];
					break;
				}
			}
		}
		g = end;
	}
	free(k);
	return first;
}

/*
 * A DNAT rule that never hits: every path to it is shadowed by an earlier
 * record with the same effective match. Named once, with what shadows its
 * first path.
 */
static void diag_shadowed(struct nst_ns *ns, const size_t *first)
{
	struct keyed *k = grouped(ns, match_hash);
	long *by = xcalloc(ns->n_nat ? ns->n_nat : 1, sizeof(*by));

	for (size_t i = 0; i < ns->n_nat; i++) {
		by[i] = -1;
	}
	for (size_t g = 0; g < ns->n_nat;) {
		size_t end = g + 1;
		while (end < ns->n_nat && k[end].h == k[g].h) {
			end++;
		}
		for (size_t x = g; x < end; x++) {
			const struct nst_nat_rule *l = &ns->nat[k[x].i];
			for (size_t y = g; l->type == NST_NAT_DNAT && y < x; y++) {
				const struct nst_nat_rule *e = &ns->nat[k[y].i];
				if ((e->type == NST_NAT_DNAT || e->type == NST_NAT_REDIRECT) && shadows(e, l)) {
					by[k[x].i] = (long)k[y].i;
					break;
				}
			}
		}
		g = end;
	}
	for (size_t i = 0; i < ns->n_nat; i++) {
		const struct nst_nat_rule *l = &ns->nat[i];
		bool all = by[i] >= 0;

		if (first[i] != i || !all) {
			continue;
		}
		for (size_t j = i + 1; j < ns->n_nat && all; j++) {
			all = first[j] != i || by[j] >= 0;
		}
		if (!all) {
			continue; /* another path reaches it unshadowed */
		}
		const struct nst_nat_rule *e = &ns->nat[by[i]];
		nst_strv_addf(&ns->diag, "nat: dnat in %s %s %s handle %llu never hits: %s %s %s handle %llu "
			      "before it has the same match (%s)", l->family, l->table, l->chain,
			      (unsigned long long)l->handle, e->family, e->table, e->chain, (unsigned long long)e->handle,
			      e->eff_match[0] ? e->eff_match : "none");
	}
	free(by);
	free(k);
}

void nst_model_resolve_nat(struct nst_model *m)
{
	for (size_t i = 0; i < m->n_ns; i++) {
		struct nst_ns *ns = &m->ns[i];
		size_t forwarding = 0;

		nst_strv_clear(&ns->diag);
		/* a rule reached by several paths has several records: its warnings are said once */
		size_t *first = rule_firsts(ns);
		for (size_t k = 0; k < ns->n_nat; k++) {
			struct nst_nat_rule *r = &ns->nat[k];

			resolve(m, ns, r);
			if (first[k] != k) {
				forwarding += needs_forward(ns, r) && !needs_forward(ns, &ns->nat[first[k]]);
				continue;
			}
			if (r->type == NST_NAT_DNAT && r->to_addr[0] && !r->target_found && !strchr(r->to_addr, '-')) {
				nst_strv_addf(&ns->diag, "nat: dnat to %s (%s %s %s): no visible namespace owns %s", r->to_addr,
					      r->family, r->table, r->chain, r->to_addr);
			}
			forwarding += needs_forward(ns, r);
		}
		if (forwarding && ns->ip_forward == 0) {
			nst_strv_addf(&ns->diag, "nat: %zu NAT rule%s here but net.ipv4.ip_forward is 0: "
				      "forwarded packets are dropped (sysctl -w net.ipv4.ip_forward=1)",
				      forwarding, forwarding == 1 ? "" : "s");
		}
		diag_shadowed(ns, first);
		free(first);
		if (ns->nat_walk.left_out || ns->nat_walk.steps_out) {
			nst_strv_addf(&ns->diag, "nat: %zu NAT path%s not shown%s (nstop keeps %d per namespace)",
				      ns->nat_walk.left_out, ns->nat_walk.left_out == 1 ? "" : "s",
				      ns->nat_walk.steps_out ? ", and the walk of the jumps stopped early: more may exist" : "",
				      NST_NAT_PATHS_MAX);
		}
		if (ns->iptables_legacy) {
			nst_strv_add(&ns->diag, "iptables-legacy tables exist here: their rules are invisible to "
				     "nf_tables and not shown (see iptables-legacy-save)");
		}
	}
}
