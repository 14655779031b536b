/* SPDX-License-Identifier: MIT */
/*
 * Neighbour and FDB lines of a namespace's diff. Every entry added or deleted
 * is a line; a change only when it says something about reachability: into
 * or out of FAILED or INCOMPLETE (no answer / waiting for one), to or from
 * PERMANENT/NOARP, or a new lladdr. STALE, DELAY, PROBE and REACHABLE follow
 * each other all the time on a healthy link: that churn is no line, and nor
 * are the NOARP entries the kernel makes for multicast groups or a device's
 * own multicast FDB entries.
 */
#include <stdio.h>
#include <string.h>

#include "diff.h"
#include "diff_emit.h"
#include "model.h"

/* The states a person tells apart; a change within one class is churn. */
static int state_class(uint16_t s)
{
	if (s & NST_NUD_FAILED) {
		return 1;
	}
	if (s & NST_NUD_INCOMPLETE) {
		return 2;
	}
	if (s & (NST_NUD_PERMANENT | NST_NUD_NOARP)) {
		return 3 + ((s & NST_NUD_PERMANENT) != 0);
	}
	return 0; /* REACHABLE, STALE, DELAY, PROBE, NONE */
}

bool nst_neigh_change_worth_a_line(const struct nst_neigh *o, const struct nst_neigh *n)
{
	if (n->family == NST_AF_BRIDGE) { /* permanent / static / dynamic: a learnt entry refreshing is none */
		char a[16], b[16];
		/* stale (not seen for a while) and dynamic are one class: ageing is churn */
		nst_fdb_state_text(o->state & ~NST_NUD_STALE, a, sizeof(a));
		nst_fdb_state_text(n->state & ~NST_NUD_STALE, b, sizeof(b));
		return strcmp(a, b) != 0;
	}
	if (o->lladdr_len != n->lladdr_len || memcmp(o->lladdr, n->lladdr, n->lladdr_len) != 0) {
		/* a resolution (none -> some) shows in the state too; a new MAC for the same address is news */
		return (o->lladdr_len && n->lladdr_len) || state_class(o->state) != state_class(n->state);
	}
	return state_class(o->state) != state_class(n->state) ||
	       (o->flags & NST_NTF_ROUTER) != (n->flags & NST_NTF_ROUTER);
}

static const char *dev_name(const struct nst_ns *ns, int ifindex, char *buf, size_t len)
{
	const char *name = nst_ns_link_name(ns, ifindex);

	if (name) {
		return name;
	}
	snprintf(buf, len, "if%d", ifindex);
	return buf;
}

static void fdb_line(const struct nst_ns *ns, const struct nst_neigh *e, const char *action, nst_change_fn fn,
		     void *ctx)
{
	char mac[3 * NST_LLADDR_MAX], dev[24], mdev[24], vlan[16] = "", st[16], dst[64];
	const char *master = e->master ? dev_name(ns, e->master, mdev, sizeof(mdev)) : NULL;

	nst_neigh_lladdr_text(e, mac, sizeof(mac));
	nst_fdb_state_text(e->state, st, sizeof(st));
	if (e->has_vlan) {
		snprintf(vlan, sizeof(vlan), " vlan %u", e->vlan);
	}
	nst_neigh_addr_text(e, dst, sizeof(dst));
	nst_diff_emit(fn, ctx, ns->name, NST_CHG_FDB, action, mac, "%s %s dev %s%s%s%s%s%s%s%s%s", action, mac,
		      dev_name(ns, e->ifindex, dev, sizeof(dev)), vlan, master ? " master " : "", master ? master : "",
		      e->flags & NST_NTF_SELF ? " self" : "", dst[0] ? " dst " : "", dst, st[0] ? " " : "", st);
}

static void neigh_line(const struct nst_ns *ns, const struct nst_neigh *o, const struct nst_neigh *e,
		       const char *action, nst_change_fn fn, void *ctx)
{
	char addr[64], dbuf[24], ll[3 * NST_LLADDR_MAX], oll[3 * NST_LLADDR_MAX], st[64], ost[64];
	const char *dev = dev_name(ns, e->ifindex, dbuf, sizeof(dbuf));

	nst_neigh_addr_text(e, addr, sizeof(addr));
	nst_neigh_lladdr_text(e, ll, sizeof(ll));
	nst_neigh_state_text(e->state, st, sizeof(st));
	if (e->flags & NST_NTF_PROXY) {
		/* as `ip neigh add proxy ADDR [dev DEV]` says it: an address answered for, no state */
		nst_diff_emit(fn, ctx, ns->name, NST_CHG_NEIGH, action, addr, "%s proxy %s%s%s", action, addr,
			      e->ifindex ? " dev " : "", e->ifindex ? dev : "");
		return;
	}
	if (strcmp(action, "del") == 0) {
		nst_diff_emit(fn, ctx, ns->name, NST_CHG_NEIGH, action, addr, "del %s dev %s", addr, dev);
	} else if (!o) {
		nst_diff_emit(fn, ctx, ns->name, NST_CHG_NEIGH, action, addr, "add %s dev %s%s%s%s %s", addr, dev,
			      ll[0] ? " lladdr " : "", ll, e->flags & NST_NTF_ROUTER ? " router" : "", st);
	} else {
		nst_neigh_lladdr_text(o, oll, sizeof(oll));
		nst_neigh_state_text(o->state, ost, sizeof(ost));
		bool moved = o->lladdr_len && e->lladdr_len && strcmp(oll, ll) != 0;
		nst_diff_emit(fn, ctx, ns->name, NST_CHG_NEIGH, action, addr, "change %s dev %s%s%s%s%s %s -> %s", addr, dev,
			      moved ? " lladdr " : (ll[0] ? " lladdr " : ""), moved ? oll : ll, moved ? " -> " : "",
			      moved ? ll : "", ost, st);
	}
}

static void entry_line(const struct nst_ns *ns, const struct nst_neigh *o, const struct nst_neigh *e,
		       const char *action, nst_change_fn fn, void *ctx)
{
	if ((e->family != NST_AF_BRIDGE && e->state == NST_NUD_NOARP) || nst_fdb_own_multicast(e)) {
		/* the kernel's multicast mappings (ff02::2 -> 33:33:00:00:00:02) and a device's own multicast
		 * subscriptions come with every address and link */
		return;
	}
	if (e->family == NST_AF_BRIDGE) {
		fdb_line(ns, e, action, fn, ctx);
	} else {
		neigh_line(ns, o, e, action, fn, ctx);
	}
}

void nst_diff_neighs(const struct nst_ns *old_ns, const struct nst_ns *new_ns, nst_change_fn fn, void *ctx)
{
	size_t i = 0, k = 0;

	/* both tables are sorted by identity: one merge walk */
	while (i < old_ns->n_neighs || k < new_ns->n_neighs) {
		const struct nst_neigh *o = i < old_ns->n_neighs ? &old_ns->neighs[i] : NULL;
		const struct nst_neigh *n = k < new_ns->n_neighs ? &new_ns->neighs[k] : NULL;
		int c = !o ? 1 : !n ? -1 : nst_neigh_cmp(o, n);

		if (c < 0) {
			/* the link itself went: its "link del" line says it all (a proxy of no device has none) */
			if (o->ifindex == 0 || nst_ns_find_link(new_ns, o->ifindex)) {
				entry_line(old_ns, NULL, o, "del", fn, ctx);
			}
			i++;
		} else if (c > 0) {
			entry_line(new_ns, NULL, n, "add", fn, ctx);
			k++;
		} else {
			if (nst_neigh_change_worth_a_line(o, n) && !nst_fdb_own_multicast(n)) {
				if (n->family == NST_AF_BRIDGE) {
					fdb_line(new_ns, n, "change", fn, ctx);
				} else {
					neigh_line(new_ns, o, n, "change", fn, ctx);
				}
			}
			i++;
			k++;
		}
	}
}

struct neigh_tag {
	nst_change_fn fn;
	void *ctx;
	const struct nst_ns *ns;
};

static void tag_line(void *p, const struct nst_change *c)
{
	const struct neigh_tag *t = p;
	struct nst_change tagged = *c;

	tagged.id = t->ns->id;
	tagged.display = nst_ns_display(t->ns);
	t->fn(t->ctx, &tagged);
}

void nst_diff_ns_neighs(const struct nst_ns *old_ns, const struct nst_ns *new_ns, nst_change_fn fn, void *ctx)
{
	struct neigh_tag t = { fn, ctx, new_ns };

	nst_diff_neighs(old_ns, new_ns, tag_line, &t);
}
