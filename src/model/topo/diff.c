/* SPDX-License-Identifier: MIT */
/* Differences between two readings of a namespace, one line per change. */
#include "diff.h"
#include "diff_emit.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "model.h"
#include "route_text.h"

const char *nst_change_object_str(enum nst_change_object o)
{
	switch (o) {
	case NST_CHG_NETNS:
		return "netns";
	case NST_CHG_LINK:
		return "link";
	case NST_CHG_ADDR:
		return "addr";
	case NST_CHG_ROUTE:
		return "route";
	case NST_CHG_NAT:
		return "nat";
	case NST_CHG_FIREWALL:
		return "firewall";
	case NST_CHG_RULE:
		return "rule";
	case NST_CHG_NEXTHOP:
		return "nexthop";
	case NST_CHG_SYSCTL:
		return "sysctl";
	case NST_CHG_NEIGH:
		return "neigh";
	case NST_CHG_FDB:
		return "fdb";
	}
	return "?";
}

void nst_diff_emit(nst_change_fn fn, void *ctx, const char *ns, enum nst_change_object object, const char *action,
		   const char *name, const char *fmt, ...)
{
	struct nst_change c = { .ns = ns, .object = object, .action = action, .name = name };
	va_list ap;
	int n = snprintf(c.text, sizeof(c.text), "%s ", nst_change_object_str(object));

	va_start(ap, fmt);
	vsnprintf(c.text + n, sizeof(c.text) - (size_t)n, fmt, ap);
	va_end(ap);
	fn(ctx, &c);
}

static bool addr_eq(const struct nst_addr *a, const struct nst_addr *b)
{
	return a->family == b->family && a->prefixlen == b->prefixlen &&
	       memcmp(a->bytes, b->bytes, a->family == AF_INET6 ? 16 : 4) == 0;
}

static bool link_has_addr(const struct nst_link *l, const struct nst_addr *a)
{
	for (size_t i = 0; i < l->n_addrs; i++) {
		if (addr_eq(&l->addrs[i], a)) {
			return true;
		}
	}
	return false;
}

static void diff_addrs(const char *nsn, const struct nst_link *o, const struct nst_link *n, bool added,
		       nst_change_fn fn, void *ctx)
{
	char buf[NST_ADDR_STRLEN];
	const struct nst_link *from = added ? n : o, *other = added ? o : n;

	for (size_t i = 0; from && i < from->n_addrs; i++) {
		if (other && link_has_addr(other, &from->addrs[i])) {
			continue;
		}
		nst_addr_format(&from->addrs[i], true, buf, sizeof(buf));
		nst_diff_emit(fn, ctx, nsn, NST_CHG_ADDR, added ? "add" : "del", buf, "%s %s dev %s", added ? "add" : "del",
		     buf, from->name);
	}
}

static void diff_link(const struct nst_ns *old_ns, const struct nst_ns *new_ns, const struct nst_link *o,
		      const struct nst_link *n, nst_change_fn fn, void *ctx)
{
	const char *nsn = new_ns->name;

	if (strcmp(o->name, n->name) != 0) {
		nst_diff_emit(fn, ctx, nsn, NST_CHG_LINK, "change", n->name, "%s rename from %s", n->name, o->name);
	}
	if (o->up != n->up) {
		nst_diff_emit(fn, ctx, nsn, NST_CHG_LINK, n->up ? "up" : "down", n->name, "%s %s", n->name,
		     n->up ? "up" : "down");
	} else if (strcmp(o->operstate, n->operstate) != 0) {
		nst_diff_emit(fn, ctx, nsn, NST_CHG_LINK, "change", n->name, "%s state %s", n->name, n->operstate);
	}
	if (o->mtu != n->mtu) {
		nst_diff_emit(fn, ctx, nsn, NST_CHG_LINK, "change", n->name, "%s mtu %u", n->name, n->mtu);
	}
	if (strcmp(o->mac, n->mac) != 0) {
		nst_diff_emit(fn, ctx, nsn, NST_CHG_LINK, "change", n->name, "%s address %s", n->name, n->mac);
	}
	if (o->master.ifindex != n->master.ifindex) {
		const char *master = n->master.ifindex ? nst_ns_link_name(new_ns, n->master.ifindex) : NULL;

		if (master) {
			nst_diff_emit(fn, ctx, nsn, NST_CHG_LINK, "change", n->name, "%s master %s", n->name, master);
		} else {
			const char *was = nst_ns_link_name(old_ns, o->master.ifindex);
			nst_diff_emit(fn, ctx, nsn, NST_CHG_LINK, "change", n->name, "%s nomaster%s%s%s", n->name,
			     was ? " (was " : "", was ? was : "", was ? ")" : "");
		}
	}
	diff_addrs(nsn, o, n, false, fn, ctx);
	diff_addrs(nsn, o, n, true, fn, ctx);
}

static bool hop_eq(bool ha, const struct nst_addr *ga, int oa, bool hb, const struct nst_addr *gb, int ob)
{
	return ha == hb && (!ha || addr_eq(ga, gb)) && oa == ob;
}

/* Two readings of one route, by ifindex (a link renamed is not a route changed). */
static bool route_eq(const struct nst_route *a, const struct nst_route *b)
{
	if (a->family != b->family || a->table != b->table || a->type != b->type || a->is_default != b->is_default ||
	    (!a->is_default && !addr_eq(&a->dst, &b->dst)) ||
	    !hop_eq(a->has_gateway, &a->gateway, a->oif, b->has_gateway, &b->gateway, b->oif) ||
	    a->has_metric != b->has_metric || a->metric != b->metric || a->has_prefsrc != b->has_prefsrc ||
	    (a->has_prefsrc && !addr_eq(&a->prefsrc, &b->prefsrc)) || a->onlink != b->onlink ||
	    a->has_pref != b->has_pref || a->pref != b->pref || strcmp(a->protocol, b->protocol) != 0 ||
	    strcmp(a->scope, b->scope) != 0 || strcmp(nst_route_encap(a), nst_route_encap(b)) != 0 || a->n_nexthops != b->n_nexthops) {
		return false;
	}
	for (size_t i = 0; i < a->n_nexthops; i++) {
		const struct nst_nexthop *x = &a->nexthops[i], *y = &b->nexthops[i];
		if (!hop_eq(x->has_gateway, &x->gateway, x->oif, y->has_gateway, &y->gateway, y->oif) ||
		    x->weight != y->weight || x->onlink != y->onlink) {
			return false;
		}
	}
	return true;
}

/*
 * Routes of every table, as `ip monitor route` would: "route add blackhole 10.66.0.0/16 table 100 ...".
 * Each route of a is looked for in b from just after the last one found: two readings list routes
 * in the same order (the kernel's, or where apply.c put them), so a "/" with thousands of veths'
 * link-local routes is a walk, not thousands squared (which made a re-read of "/" 300 ms at 3000
 * namespaces); routes out of order are still found, by going round.
 */
static void diff_routes(const struct nst_ns *a, const struct nst_ns *b, bool added, nst_change_fn fn, void *ctx)
{
	size_t from = 0;

	for (size_t i = 0; i < a->n_routes; i++) {
		bool found = false;
		for (size_t s = 0; s < b->n_routes && !found; s++) {
			size_t k = (from + s) % b->n_routes;
			if (route_eq(&a->routes[i], &b->routes[k])) {
				found = true;
				from = k + 1;
			}
		}
		/* the local table's kernel routes echo addresses (their "addr add" line says it) */
		if (found || (nst_route_folded(&a->routes[i]) && strcmp(a->routes[i].protocol, "kernel") == 0)) {
			continue;
		}
		char line[1024], dst[NST_ADDR_STRLEN], buf[NST_ADDR_STRLEN];
		nst_route_text_brief(a, &a->routes[i], line, sizeof(line));
		snprintf(dst, sizeof(dst), "%s", nst_route_dst_format(&a->routes[i], buf, sizeof(buf)));
		nst_diff_emit(fn, ctx, b->name, NST_CHG_ROUTE, added ? "add" : "del", dst, "%s %s", added ? "add" : "del", line);
	}
}

/* Rules by family and text: "rule add inet 1000: from 10.9.0.0/24 lookup 100". */
static void diff_rules(const struct nst_ns *a, const struct nst_ns *b, bool added, nst_change_fn fn, void *ctx)
{
	char la[512], lb[512], prio[16];

	for (size_t i = 0; i < a->n_rules; i++) {
		bool found = false;
		nst_rule_text(&a->rules[i], la, sizeof(la));
		for (size_t k = 0; k < b->n_rules && !found; k++) {
			found = a->rules[i].family == b->rules[k].family &&
				strcmp(la, nst_rule_text(&b->rules[k], lb, sizeof(lb))) == 0;
		}
		if (!found) {
			snprintf(prio, sizeof(prio), "%u", a->rules[i].priority);
			nst_diff_emit(fn, ctx, b->name, NST_CHG_RULE, added ? "add" : "del", prio, "%s %s %s",
				      added ? "add" : "del", nst_family_str(a->rules[i].family), la);
		}
	}
}

/*
 * The summary without the counter's values: packets and bytes move with
 * traffic and are not a change of the rule, but a counter added or removed is.
 */
/* The summary with the counter's piece (the decoder marks it) as "counter": counters moving are no change. */
static void nat_summary_key(const struct nst_nat_rule *r, char *out, size_t len)
{
	size_t at = r->counter_at, n = r->counter_len, total = strnlen(r->summary, sizeof(r->summary));

	if (!n || at + n > total) {
		snprintf(out, len, "%s", r->summary);
		return;
	}
	snprintf(out, len, "%.*scounter%s", (int)at, r->summary, r->summary + at + n);
}

/* Family, table, chain and handle: what names one rule (handles are unique per table). */
static bool nat_same_rule(const struct nst_nat_rule *a, const struct nst_nat_rule *b)
{
	/* one rule reached by two paths is two records: the path tells them apart */
	return a->handle == b->handle && a->path_key == b->path_key && strcmp(a->family, b->family) == 0 &&
	       strcmp(a->table, b->table) == 0 && strcmp(a->chain, b->chain) == 0;
}

/* Records keep their order from one reading to the next: the same index first, then the rest. */
static const struct nst_nat_rule *nat_find(const struct nst_ns *ns, const struct nst_nat_rule *r, size_t hint)
{
	for (size_t k = 0; k < ns->n_nat; k++) {
		const struct nst_nat_rule *c = &ns->nat[(hint + k) % ns->n_nat];
		if (nat_same_rule(c, r)) {
			return c;
		}
	}
	return NULL;
}

/* "nat add ip nstop prerouting handle 4: tcp dport 9999 dnat to 192.168.10.3:9999" */
static void nat_rule_line(const char *nsn, const struct nst_nat_rule *r, const char *action, nst_change_fn fn,
			  void *ctx)
{
	char name[sizeof(r->family) + sizeof(r->table) + sizeof(r->chain) + 32 + NST_NAT_PATH * (NST_NFT_NAMELEN + 8)];
	char key[sizeof(r->summary)];
	size_t o = (size_t)snprintf(name, sizeof(name), "%s %s %s handle %" PRIu64, r->family, r->table, r->chain,
				    r->handle);

	/* reached through jumps: which way, so one rule's paths read as two lines that differ */
	for (size_t i = 0; r->n_path > 1 && i + 1u < r->n_path && o < sizeof(name); i++) {
		o += (size_t)snprintf(name + o, sizeof(name) - o, "%s%s", i ? " -> " : " via ", nst_nat_path(r, i));
	}
	if (r->path_cut && o < sizeof(name)) {
		snprintf(name + o, sizeof(name) - o, " -> ..."); /* chains in the middle were left out */
	}
	nat_summary_key(r, key, sizeof(key));
	nst_diff_emit(fn, ctx, nsn, NST_CHG_NAT, action, name, "%s %s%s%s", action, name, key[0] ? ": " : "", key);
}

static void diff_nat(const struct nst_ns *old_ns, const struct nst_ns *new_ns, nst_change_fn fn, void *ctx)
{
	const char *nsn = new_ns->name;

	for (size_t i = 0; i < old_ns->n_nat; i++) {
		if (!nat_find(new_ns, &old_ns->nat[i], i)) {
			nat_rule_line(nsn, &old_ns->nat[i], "del", fn, ctx);
		}
	}
	for (size_t i = 0; i < new_ns->n_nat; i++) {
		const struct nst_nat_rule *n = &new_ns->nat[i], *o = nat_find(old_ns, n, i);
		char ok[sizeof(n->summary)], nk[sizeof(n->summary)];

		if (!o) {
			nat_rule_line(nsn, n, "add", fn, ctx);
			continue;
		}
		nat_summary_key(o, ok, sizeof(ok));
		nat_summary_key(n, nk, sizeof(nk));
		if (strcmp(ok, nk) != 0) { /* `nft replace rule` keeps the handle */
			nat_rule_line(nsn, n, "change", fn, ctx);
		}
	}
	/* -1 is a failed read, not a setting anyone changed */
	if (old_ns->ip_forward >= 0 && new_ns->ip_forward >= 0 && old_ns->ip_forward != new_ns->ip_forward) {
		nst_diff_emit(fn, ctx, nsn, NST_CHG_NAT, "change", "ip_forward", "ip_forward %d", new_ns->ip_forward);
	}
	if (old_ns->iptables_legacy != new_ns->iptables_legacy) {
		bool added = new_ns->iptables_legacy;

		nst_diff_emit(fn, ctx, nsn, NST_CHG_NAT, added ? "add" : "del", "iptables-legacy", "%s iptables-legacy tables%s",
		     added ? "add" : "del", added ? " (their rules are invisible to nf_tables)" : "");
	}
}

/* Every line of one namespace carries its identity and display name (the reading's, old_ns: a fresh one has none yet). */
struct ns_tag {
	nst_change_fn fn;
	void *ctx;
	struct nst_ns_id id;
	const char *display;
};

/* Nexthop objects by text (which names devices: a rename is a change of the line): "nexthop add id 10 group 1/2,3". */
static void diff_nhobjs(const struct nst_ns *a, const struct nst_ns *b, bool added, nst_change_fn fn, void *ctx)
{
	char la[512], lb[512], id[16];

	for (size_t i = 0; i < a->n_nhobjs; i++) {
		const struct nst_nhobj *o = nst_ns_find_nhobj(b, a->nhobjs[i].id);
		nst_nhobj_text(a, &a->nhobjs[i], la, sizeof(la));
		if (o && strcmp(la, nst_nhobj_text(b, o, lb, sizeof(lb))) == 0) {
			continue;
		}
		/* a replaced object (same id, new contents) is its del and its add, as `ip monitor` says */
		snprintf(id, sizeof(id), "%u", a->nhobjs[i].id);
		nst_diff_emit(fn, ctx, b->name, NST_CHG_NEXTHOP, added ? "add" : "del", id, "%s %s", added ? "add" : "del", la);
	}
}

/* A switch both readings know that moved: "sysctl net.ipv4.conf.v1.rp_filter 2". */
static void sysctl_line(const char *nsn, const char *fam, const char *dir, const char *key, int was, int now,
			nst_change_fn fn, void *ctx)
{
	char name[96];

	/* -1 is a failed read, not a setting anyone changed */
	if (was < 0 || now < 0 || was == now) {
		return;
	}
	snprintf(name, sizeof(name), "net.%s.conf.%s.%s", fam, dir, key);
	nst_diff_emit(fn, ctx, nsn, NST_CHG_SYSCTL, "change", name, "%s %d", name, now);
}

/* fwd4/fwd6: that family's all.forwarding moved, which the kernel copies to default and every
 * link: their lines that only repeat it are left out (one change, one line) */
static void diff_conf(const char *nsn, const char *dir, const struct nst_netconf *o, const struct nst_netconf *n,
		      int fwd4, int fwd6, nst_change_fn fn, void *ctx)
{
	if (fwd4 < 0 || n->forwarding4 != fwd4) {
		sysctl_line(nsn, "ipv4", dir, "forwarding", o->forwarding4, n->forwarding4, fn, ctx);
	}
	if (fwd6 < 0 || n->forwarding6 != fwd6) {
		sysctl_line(nsn, "ipv6", dir, "forwarding", o->forwarding6, n->forwarding6, fn, ctx);
	}
	sysctl_line(nsn, "ipv4", dir, "rp_filter", o->rp_filter, n->rp_filter, fn, ctx);
	sysctl_line(nsn, "ipv4", dir, "proxy_arp", o->proxy_arp, n->proxy_arp, fn, ctx);
	sysctl_line(nsn, "ipv6", dir, "proxy_ndp", o->proxy_ndp, n->proxy_ndp, fn, ctx);
	sysctl_line(nsn, "ipv4", dir, "accept_local", o->accept_local, n->accept_local, fn, ctx);
	sysctl_line(nsn, "ipv4", dir, "arp_ignore", o->arp_ignore, n->arp_ignore, fn, ctx);
}

/* -1 when a's and b's values are the same or unknown, else b's */
static int moved(int was, int now)
{
	return was >= 0 && now >= 0 && was != now ? now : -1;
}

static void diff_sysctls(const struct nst_ns *a, const struct nst_ns *b, nst_change_fn fn, void *ctx)
{
	int fwd4 = moved(a->ip_forward, b->ip_forward);
	int fwd6 = moved(a->conf_all.forwarding6, b->conf_all.forwarding6);
	/* all.forwarding of IPv4 is ip_forward, which has its own line (diff_nat) */
	struct nst_netconf oa = a->conf_all, na = b->conf_all;
	oa.forwarding4 = na.forwarding4 = -1;
	diff_conf(b->name, "all", &oa, &na, -1, -1, fn, ctx);
	diff_conf(b->name, "default", &a->conf_default, &b->conf_default, fwd4, fwd6, fn, ctx);
	for (size_t i = 0; i < b->n_links; i++) {
		const struct nst_link *n = &b->links[i], *o = nst_ns_find_link(a, n->ifindex);
		if (o) {
			struct nst_netconf oc = { o->forwarding4, o->forwarding6, o->rp_filter, o->proxy_arp, o->proxy_ndp,
						  o->accept_local, o->arp_ignore };
			struct nst_netconf nc = { n->forwarding4, n->forwarding6, n->rp_filter, n->proxy_arp, n->proxy_ndp,
						  n->accept_local, n->arp_ignore };
			diff_conf(b->name, n->name, &oc, &nc, fwd4, fwd6, fn, ctx);
		}
	}
}

static void tag_change(void *p, const struct nst_change *c)
{
	const struct ns_tag *t = p;
	struct nst_change tagged = *c;

	tagged.id = t->id;
	tagged.display = t->display;
	t->fn(t->ctx, &tagged);
}

static void diff_ns_lines(const struct nst_ns *old_ns, const struct nst_ns *new_ns, nst_change_fn fn, void *ctx);

void nst_diff_ns(const struct nst_ns *old_ns, const struct nst_ns *new_ns, nst_change_fn fn, void *ctx)
{
	struct ns_tag t = { .fn = fn, .ctx = ctx, .id = new_ns->id,
			    .display = old_ns->display ? old_ns->display : nst_ns_display(new_ns) };

	diff_ns_lines(old_ns, new_ns, tag_change, &t);
}

static void diff_ns_lines(const struct nst_ns *old_ns, const struct nst_ns *new_ns, nst_change_fn fn, void *ctx)
{
	const char *nsn = new_ns->name;

	for (size_t i = 0; i < old_ns->n_links; i++) {
		const struct nst_link *o = &old_ns->links[i];
		if (!nst_ns_find_link(new_ns, o->ifindex)) {
			nst_diff_emit(fn, ctx, nsn, NST_CHG_LINK, "del", o->name, "%s del", o->name);
		}
	}
	for (size_t i = 0; i < new_ns->n_links; i++) {
		const struct nst_link *n = &new_ns->links[i];
		const struct nst_link *o = nst_ns_find_link(old_ns, n->ifindex);

		if (!o) {
			nst_diff_emit(fn, ctx, nsn, NST_CHG_LINK, "add", n->name, "%s add %s %s", n->name, n->kind,
			     n->up ? "up" : "down");
			diff_addrs(nsn, NULL, n, true, fn, ctx);
		} else {
			diff_link(old_ns, new_ns, o, n, fn, ctx);
		}
	}
	diff_routes(old_ns, new_ns, false, fn, ctx);
	diff_routes(new_ns, old_ns, true, fn, ctx);
	diff_rules(old_ns, new_ns, false, fn, ctx);
	diff_rules(new_ns, old_ns, true, fn, ctx);
	diff_nhobjs(old_ns, new_ns, false, fn, ctx);
	diff_nhobjs(new_ns, old_ns, true, fn, ctx);
	diff_sysctls(old_ns, new_ns, fn, ctx);
	nst_diff_neighs(old_ns, new_ns, fn, ctx);
	diff_nat(old_ns, new_ns, fn, ctx);
	nst_diff_fw(nsn, &old_ns->fw, &new_ns->fw, fn, ctx);
}

void nst_change_netns(const char *name, bool added, nst_change_fn fn, void *ctx)
{
	nst_diff_emit(fn, ctx, "/", NST_CHG_NETNS, added ? "add" : "del", name, "%s %s", added ? "add" : "del", name);
}

/*
 * The emitters for one object (apply.h's events): the same lines nst_diff_ns
 * writes for that object, tagged with ns's identity. ns is the namespace as
 * it is now (it names masters and devices).
 */
void nst_diff_link(const struct nst_ns *ns, const struct nst_link *o, const struct nst_link *n, nst_change_fn fn,
		   void *ctx)
{
	struct ns_tag t = { .fn = fn, .ctx = ctx, .id = ns->id, .display = nst_ns_display(ns) };

	if (!n && o) {
		nst_diff_emit(tag_change, &t, ns->name, NST_CHG_LINK, "del", o->name, "%s del", o->name);
	} else if (n && !o) {
		nst_diff_emit(tag_change, &t, ns->name, NST_CHG_LINK, "add", n->name, "%s add %s %s", n->name, n->kind,
			      n->up ? "up" : "down");
		diff_addrs(ns->name, NULL, n, true, tag_change, &t);
	} else if (n && o) {
		diff_link(ns, ns, o, n, tag_change, &t);
	}
}

void nst_diff_addr_line(const struct nst_ns *ns, const struct nst_link *l, const struct nst_addr *a, bool added,
			nst_change_fn fn, void *ctx)
{
	struct ns_tag t = { .fn = fn, .ctx = ctx, .id = ns->id, .display = nst_ns_display(ns) };
	char buf[NST_ADDR_STRLEN];

	nst_addr_format(a, true, buf, sizeof(buf));
	nst_diff_emit(tag_change, &t, ns->name, NST_CHG_ADDR, added ? "add" : "del", buf, "%s %s dev %s",
		      added ? "add" : "del", buf, l->name);
}

void nst_diff_route_line(const struct nst_ns *ns, const struct nst_route *r, bool added, nst_change_fn fn, void *ctx)
{
	struct ns_tag t = { .fn = fn, .ctx = ctx, .id = ns->id, .display = nst_ns_display(ns) };
	char line[1024], dst[NST_ADDR_STRLEN], buf[NST_ADDR_STRLEN];

	/* as diff_routes: the local table's kernel routes echo addresses */
	if (nst_route_folded(r) && strcmp(r->protocol, "kernel") == 0) {
		return;
	}
	nst_route_text_brief(ns, r, line, sizeof(line));
	snprintf(dst, sizeof(dst), "%s", nst_route_dst_format(r, buf, sizeof(buf)));
	nst_diff_emit(tag_change, &t, ns->name, NST_CHG_ROUTE, added ? "add" : "del", dst, "%s %s", added ? "add" : "del",
		      line);
}
