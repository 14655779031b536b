/* SPDX-License-Identifier: MIT */
/*
 * The details pane's neighbours and FDB entries of a link: address, lladdr
 * and state as `ip neigh` says them (FAILED and INCOMPLETE in the warn role:
 * they are why a ping gets no answer), a bridge port's MACs as `bridge fdb`.
 */
#include <stdio.h>

#include "details.h"

/* A bridge learns every MAC it sees: the pane lists this many, then says how many more. */
#define NEIGH_LINES_MAX 64

static void neigh_line(struct ui_lines *L, const struct nst_neigh *n)
{
	char addr[64], ll[3 * NST_LLADDR_MAX], st[64];

	nst_neigh_addr_text(n, addr, sizeof(addr));
	nst_neigh_lladdr_text(n, ll, sizeof(ll));
	nst_neigh_status(n, st, sizeof(st));
	ui_line(L, nst_neigh_unanswered(n) ? UI_ROLE_WARN : UI_ROLE_NORMAL, "  %-5s %-26s %-17s %s%s",
		nst_family_str(n->family), addr, ll[0] ? ll : "-", st, n->flags & NST_NTF_ROUTER ? "  router" : "");
}

static void fdb_line(struct ui_lines *L, const struct nst_ns *ns, const struct nst_neigh *n)
{
	char ll[3 * NST_LLADDR_MAX], st[16], vlan[16] = "", dst[64];
	const char *master = n->master ? nst_ns_link_name(ns, n->master) : NULL;

	nst_neigh_lladdr_text(n, ll, sizeof(ll));
	nst_fdb_state_text(n->state, st, sizeof(st));
	nst_neigh_addr_text(n, dst, sizeof(dst));
	if (n->has_vlan) {
		snprintf(vlan, sizeof(vlan), "vlan %u", n->vlan);
	}
	ui_line(L, UI_ROLE_NORMAL, "  %s %-9s %-9s %s%s%s%s%s", ll, vlan, st[0] ? st : "dynamic",
		master ? "master " : "", master ? master : "", n->flags & NST_NTF_SELF ? " self" : "", dst[0] ? " dst " : "",
		dst);
}

void ui_neigh_details(struct ui_lines *L, const struct nst_ns *ns, const struct nst_link *l)
{
	struct nst_neigh_counts c = nst_ns_link_neigh_counts(ns, l->ifindex);
	size_t n, shown = 0;
	const struct nst_neigh *v = nst_ns_link_neighs(ns, l->ifindex, &n);

	if (c.neigh) {
		char mc[48] = "";
		if (c.noarp) { /* the row counts these out: say why the numbers differ */
			snprintf(mc, sizeof(mc), " + %zu multicast (NOARP)", c.noarp);
		}
		ui_line(L, c.failed || c.incomplete ? UI_ROLE_WARN : UI_ROLE_DIM, "neighbours: %zu%s%s", c.neigh - c.noarp, mc,
			c.failed ? "  FAILED: no answer to ARP/NDP" : c.incomplete ? "  INCOMPLETE: waiting for an answer" : "");
		for (size_t i = 0; i < n; i++) {
			if (v[i].family != NST_AF_BRIDGE && shown++ < NEIGH_LINES_MAX) {
				neigh_line(L, &v[i]);
			}
		}
		if (shown > NEIGH_LINES_MAX) {
			ui_line(L, UI_ROLE_DIM, "  … %zu more (nstop --json lists every one)", shown - NEIGH_LINES_MAX);
		}
	}
	if (c.fdb) {
		shown = 0;
		ui_line(L, UI_ROLE_DIM, "fdb: %zu", c.fdb);
		for (size_t i = 0; i < n; i++) {
			if (v[i].family == NST_AF_BRIDGE && !nst_fdb_own_multicast(&v[i]) && shown++ < NEIGH_LINES_MAX) {
				fdb_line(L, ns, &v[i]);
			}
		}
		if (shown > NEIGH_LINES_MAX) {
			ui_line(L, UI_ROLE_DIM, "  … %zu more (nstop --json lists every one)", shown - NEIGH_LINES_MAX);
		}
	}
}
