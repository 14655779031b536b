/* SPDX-License-Identifier: MIT */
/*
 * `--export-script`: the neighbours and FDB entries a person adds by hand —
 * permanent ARP/NDP entries (`ip neigh add ... nud permanent`), proxy entries
 * (`ip neigh add proxy`), static bridge FDB entries (`bridge fdb add ...
 * master static`) and a vxlan's remotes (`bridge fdb append ... dst`). What
 * the kernel learns or makes itself (reachable/stale entries, NOARP multicast mappings,
 * a port's own permanent MACs) is not recreated: it comes back by itself.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "neigh.h"
#include "script_internal.h"

static bool link_made(const struct script *s, const struct nst_ns *ns, int ifindex, const struct nst_link **out)
{
	const struct nst_link *l = nst_ns_find_link(ns, ifindex);

	*out = l;
	return l && configured(s->plan[flat(s, ns, l)]);
}

/* Exactly PERMANENT with a hardware address: `ip neigh add` made it (the kernel's own are NOARP). */
static bool neigh_by_hand(const struct nst_neigh *n)
{
	return n->family != NST_AF_BRIDGE && n->has_addr && n->state == NST_NUD_PERMANENT && n->lladdr_len > 0 &&
	       !(n->flags & (NST_NTF_PROXY | NST_NTF_EXT_LEARNED));
}

/* `ip neigh add proxy ADDR [dev D]`: no state, no lladdr. */
static bool proxy_by_hand(const struct nst_neigh *n)
{
	return n->family != NST_AF_BRIDGE && n->has_addr && (n->flags & NST_NTF_PROXY);
}

/* A static entry in the bridge's table (NOARP is `static`); permanent ones are the ports' own addresses. */
static bool fdb_by_hand(const struct nst_neigh *n)
{
	return n->family == NST_AF_BRIDGE && n->master && !(n->flags & NST_NTF_SELF) && n->state == NST_NUD_NOARP &&
	       n->lladdr_len == 6 && !n->has_addr && !(n->flags & NST_NTF_EXT_LEARNED) && !nst_fdb_own_multicast(n);
}

static bool all_zero_mac(const struct nst_neigh *n)
{
	static const uint8_t zero[6];
	return n->lladdr_len == 6 && memcmp(n->lladdr, zero, 6) == 0;
}

/*
 * A vxlan's own remote entry (`bridge fdb append MAC dev vx0 dst IP`, self,
 * permanent): written but for the one the kernel makes from the link's
 * `remote` (all-zero MAC to that address); learnt ones come back by themselves.
 */
static bool vxlan_fdb_by_hand(const struct nst_ns *ns, const struct nst_neigh *n)
{
	const struct nst_link *l = nst_ns_find_link(ns, n->ifindex);

	if (n->family != NST_AF_BRIDGE || !(n->flags & NST_NTF_SELF) || !n->has_addr || n->lladdr_len != 6 ||
	    !(n->state & NST_NUD_PERMANENT) || !l || !nst_link_is(l, NST_KIND_VXLAN)) {
		return false;
	}
	const struct nst_ip *r = &l->info.remote;
	bool kernels = all_zero_mac(n) && (l->info.have & NST_LI_REMOTE) && r->family == n->addr_family &&
		       memcmp(r->bytes, n->addr, n->addr_family == AF_INET6 ? 16 : 4) == 0;
	return !kernels;
}

static void bridge_cmd(const struct nst_ns *ns, FILE *out)
{
	fputs("bridge ", out);
	if (ns->kind == NST_NS_NAMED) {
		fputs("-n ", out);
		nst_script_word(ns->name, out);
		fputc(' ', out);
	}
}

static void neigh_line(const struct script *s, const struct nst_ns *ns, const struct nst_neigh *n,
		       const struct nst_link *l)
{
	char addr[64], ll[3 * NST_LLADDR_MAX];

	nst_neigh_lladdr_text(n, ll, sizeof(ll));
	nst_neigh_addr_text(n, addr, sizeof(addr));
	if (n->family == NST_AF_BRIDGE) {
		bridge_cmd(ns, s->out);
		/* append: a vxlan keeps several remotes for one MAC (the all-zero one floods to each) */
		fprintf(s->out, "fdb %s %s dev ", n->has_addr ? "append" : "add", ll);
		nst_script_word(l->name, s->out);
		if (n->has_addr) {
			fprintf(s->out, " dst %s self permanent", addr);
		} else {
			fputs(" master static", s->out);
		}
		if (n->has_vlan) {
			fprintf(s->out, " vlan %u", n->vlan);
		}
	} else if (n->flags & NST_NTF_PROXY) {
		nst_script_ip(ns, n->family == AF_INET6, s->out);
		fprintf(s->out, "neigh add proxy %s", addr);
		if (l) {
			fputs(" dev ", s->out);
			nst_script_word(l->name, s->out);
		}
	} else {
		nst_script_ip(ns, n->family == AF_INET6, s->out);
		fprintf(s->out, "neigh add %s lladdr %s dev ", addr, ll);
		nst_script_word(l->name, s->out);
		fputs(" nud permanent", s->out);
		if (n->flags & NST_NTF_ROUTER) {
			fputs(" router", s->out);
		}
	}
	fputc('\n', s->out);
}

void nst_script_neighbours(const struct script *s)
{
	const struct nst_model *m = s->m;
	bool title = false;

	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		if (!selected(s, ns) || !recreatable(ns)) {
			continue;
		}
		for (size_t k = 0; k < ns->n_neighs; k++) {
			const struct nst_neigh *n = &ns->neighs[k];
			const struct nst_link *l = NULL;

			if (!neigh_by_hand(n) && !proxy_by_hand(n) && !fdb_by_hand(n) && !vxlan_fdb_by_hand(ns, n)) {
				continue;
			}
			if (!title) {
				fputs("\n# neighbours and bridge FDB entries added by hand (permanent, static)\n", s->out);
				title = true;
			}
			if (link_made(s, ns, n->ifindex, &l) || (n->ifindex == 0 && proxy_by_hand(n))) {
				neigh_line(s, ns, n, l); /* a proxy of no device: l is NULL */
				continue;
			}
			char addr[64], ll[3 * NST_LLADDR_MAX];
			nst_script_skip(ns, NULL, s->out);
			fprintf(s->out, "%s %s", n->family == NST_AF_BRIDGE ? "fdb" : "neigh",
				n->family == NST_AF_BRIDGE ? nst_neigh_lladdr_text(n, ll, sizeof(ll))
							   : nst_neigh_addr_text(n, addr, sizeof(addr)));
			fputs(" dev ", s->out);
			nst_script_comment(l ? l->name : "?", s->out);
			fputs(": its device is not created by this script\n", s->out);
		}
	}
}
