/* SPDX-License-Identifier: MIT */
/*
 * What the kernel's answer does not say: which namespace's device is on the
 * other end of a veth or behind a bridge and owns the next hop, what its
 * neighbour entry says, what a refusal means in words, and what a bridge
 * crossed on the way does (br_netfilter's forward hook; bridge-family chains
 * are not judged).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "reach_internal.h"
#include "route_text.h"
#include "xalloc.h"

#define SEG_MAX 1024

struct seg_end {
	const struct nst_ns *ns;
	const struct nst_link *l;
	const struct nst_link *bridge; /* reached through this bridge's port */
	const struct nst_ns *bridge_ns;
	bool by_wire; /* reached over a veth from its other end: that end is where frames came from, not a way on */
};

struct seg {
	struct seg_end v[SEG_MAX];
	size_t n;
	const struct nst_ns *down_ns; /* the first link found down on the way */
	const struct nst_link *down;
	const struct nst_link *expanded[64]; /* bridges whose ports are in: a port's turn adds nothing new (perf) */
	size_t n_expanded;
	const struct nst_link *set[2 * SEG_MAX]; /* the links of v by address: seg_has in O(1) on a big bridge (perf) */
	/* the model's macvlan/macvtap links, found once a build: a lower device's children are looked for
	 * among these, not among every link of every namespace at each end (perf: 4.6 s -> ms at 50) */
	struct macv_ref { const struct nst_ns *ns; const struct nst_link *l; } macv[SEG_MAX];
	size_t n_macv;
	bool macv_cut;                 /* more than SEG_MAX of them: every link is looked at, as before */
};

static size_t seg_slot(const struct seg *s, const struct nst_link *l)
{
	size_t i = (size_t)(((uintptr_t)l >> 4) * 0x9E3779B97F4A7C15ULL >> 40) & (2 * SEG_MAX - 1);

	while (s->set[i] && s->set[i] != l) {
		i = (i + 1) & (2 * SEG_MAX - 1);
	}
	return i;
}

static bool seg_has(const struct seg *s, const struct nst_ns *ns, const struct nst_link *l)
{
	(void)ns; /* a link is in one namespace: its address names it */
	return s->set[seg_slot(s, l)] == l;
}

static void seg_add(struct seg *s, const struct nst_ns *ns, const struct nst_link *l, const struct nst_link *bridge,
		    const struct nst_ns *bridge_ns, bool by_wire)
{
	if (!l || seg_has(s, ns, l) || s->n == SEG_MAX) {
		return;
	}
	if (!l->up) {
		if (!s->down) {
			s->down = l;
			s->down_ns = ns;
		}
		return; /* a link down passes nothing */
	}
	s->v[s->n++] = (struct seg_end){ ns, l, bridge, bridge_ns, by_wire };
	s->set[seg_slot(s, l)] = l;
}

static bool is_port_of(const struct nst_link *l, const struct nst_link *br)
{
	return l->master.ifindex == br->ifindex && !l->master.elsewhere;
}

#define MACVLAN_BRIDGE 4u /* linux/if_link.h MACVLAN_MODE_BRIDGE */

static bool is_macv(const struct nst_link *l)
{
	/* the first letters first: the kind table's lookup is a walk of strcmp */
	return l->kind[0] == 'm' && (nst_link_is(l, NST_KIND_MACVLAN) || nst_link_is(l, NST_KIND_MACVTAP));
}

static bool macv_bridge(const struct nst_link *l)
{
	return (l->info.have & NST_LI_MODE) && l->info.mode == MACVLAN_BRIDGE;
}

/*
 * The macvlan/macvtap children of lower, in any namespace. A frame coming in
 * on the lower device's wire reaches a child of any mode (from == NULL); a
 * child's own frame reaches only siblings when both are in bridge mode
 * (private never, vepa only through a hairpin switch on the wire).
 */
static void seg_add_children(const struct nst_model *m, struct seg *s, const struct nst_link *lower,
			     const struct nst_link *from, const struct seg_end *e)
{
	if (s->macv_cut) {
		for (size_t i = 0; i < m->n_ns; i++) {
			for (size_t j = 0; j < m->ns[i].n_links; j++) {
				const struct nst_link *c = &m->ns[i].links[j];
				if (c != from && is_macv(c) && nst_link_lower(m, c, NULL) == lower &&
				    (!from || (macv_bridge(from) && macv_bridge(c)))) {
					seg_add(s, &m->ns[i], c, e->bridge, e->bridge_ns, false);
				}
			}
		}
		return;
	}
	for (size_t i = 0; i < s->n_macv; i++) {
		const struct nst_ns *cns = s->macv[i].ns;
		const struct nst_link *c = s->macv[i].l;
		if (c == from || nst_link_lower(m, c, NULL) != lower) {
			continue;
		}
		if (!from || (macv_bridge(from) && macv_bridge(c))) {
			seg_add(s, cns, c, e->bridge, e->bridge_ns, false);
		}
	}
}

/* A macvlan child sends to its siblings and out of its lower device, whose own addresses it never reaches. */
static void seg_macv_child(const struct nst_model *m, struct seg *s, const struct seg_end *e)
{
	const struct nst_ns *lns = NULL;
	const struct nst_link *lower = nst_link_lower(m, e->l, &lns);

	if (!lower) {
		return;
	}
	if (!lower->up) {
		if (!s->down) {
			s->down = lower;
			s->down_ns = lns;
		}
		return; /* no carrier on the child either */
	}
	seg_add_children(m, s, lower, e->l, e);
	const struct nst_ns *pns = NULL;
	const struct nst_link *p = nst_link_is(lower, NST_KIND_VETH) ? nst_link_peer(m, lower, &pns) : NULL;
	if (p) {
		seg_add(s, pns, p, e->bridge, e->bridge_ns, true);
	}
}

/*
 * The L2 domain of (ns, out): veth peers, bridges and their ports, macvlan
 * children and siblings, transitively; an end reached over a veth does not
 * lead back over it, and only a frame from the wire (not the sender's own,
 * v[0]) reaches a lower device's children.
 */
static void seg_build(const struct nst_model *m, const struct nst_ns *ns, const struct nst_link *out, struct seg *s)
{
	s->n = 0;
	s->down = NULL;
	s->n_expanded = 0;
	memset(s->set, 0, sizeof(s->set));
	s->n_macv = 0;
	s->macv_cut = false;
	for (size_t i = 0; i < m->n_ns && !s->macv_cut; i++) {
		for (size_t j = 0; j < m->ns[i].n_links; j++) {
			if (!is_macv(&m->ns[i].links[j])) {
				continue;
			}
			if (s->n_macv == SEG_MAX) {
				s->macv_cut = true;
				break;
			}
			s->macv[s->n_macv++] = (struct macv_ref){ &m->ns[i], &m->ns[i].links[j] };
		}
	}
	seg_add(s, ns, out, NULL, NULL, false);
	for (size_t i = 0; i < s->n; i++) {
		struct seg_end e = s->v[i];
		const struct nst_ns *pns = NULL;
		if (nst_link_is(e.l, NST_KIND_VETH) && !e.by_wire) {
			const struct nst_link *p = nst_link_peer(m, e.l, &pns);
			if (p) {
				seg_add(s, pns, p, e.bridge, e.bridge_ns, true);
			}
		}
		if (is_macv(e.l)) {
			seg_macv_child(m, s, &e);
		} else if (i > 0) {
			seg_add_children(m, s, e.l, NULL, &e);
		}
		const struct nst_link *br = NULL;
		const struct nst_ns *bns = e.ns;
		if (nst_link_is(e.l, NST_KIND_BRIDGE)) {
			br = e.l;
		} else {
			const struct nst_link *mst = nst_link_master(m, e.l, &bns);
			if (mst && nst_link_is(mst, NST_KIND_BRIDGE)) {
				br = mst;
				seg_add(s, bns, mst, mst, bns, false);
			}
		}
		bool again = false;
		for (size_t k = 0; br && k < s->n_expanded; k++) {
			again |= s->expanded[k] == br;
		}
		if (br && !again && s->n_expanded < 64) {
			s->expanded[s->n_expanded++] = br;
		}
		if (br && !again) {
			for (size_t j = 0; j < bns->n_links; j++) {
				if (is_port_of(&bns->links[j], br)) {
					seg_add(s, bns, &bns->links[j], br, bns, false);
				}
			}
		}
	}
}

static bool has_addr(const struct nst_link *l, int family, const uint8_t *ip, const struct nst_addr **found)
{
	for (size_t i = 0; i < l->n_addrs; i++) {
		const struct nst_addr *a = &l->addrs[i];
		if (a->family == family && memcmp(a->bytes, ip, reach_alen(family)) == 0) {
			if (found) {
				*found = a;
			}
			return true;
		}
	}
	return false;
}

/*
 * Whether the device at e answers ARP / neighbour solicitation for ip, asked
 * by a sender on out. A bridge port answers nothing itself (its frames go up
 * to the bridge device). IPv6 answers only for the device's own addresses.
 * IPv4 follows arp_ignore, the larger of conf/all and the device's (as the
 * kernel's IN_DEV_ARP_IGNORE): 0 (and the reserved 4-7) any local address of
 * the namespace, its device up or down (Linux's weak host model), 1 the
 * device's own, 2 the device's own in a subnet the sender has an address in,
 * 3 any local address that is not host-scoped (127/8: the model keeps no
 * address scope), 8 none.
 */
static bool owns(const struct nst_model *m, const struct seg_end *e, const struct nst_link *out, int family,
		 const uint8_t *ip)
{
	const struct nst_link *mst = nst_link_master(m, e->l, NULL);
	const struct nst_addr *a = NULL;

	if (mst && nst_link_is(mst, NST_KIND_BRIDGE)) {
		return false;
	}
	if (family != AF_INET) {
		return has_addr(e->l, family, ip, NULL);
	}
	int all = e->ns->conf_all.arp_ignore, dev = e->l->arp_ignore;
	int mode = all > dev ? all : dev; /* -1 (not read) is the kernel's default, 0 */
	switch (mode) {
	case 1:
		return has_addr(e->l, family, ip, NULL);
	case 2:
		if (!has_addr(e->l, family, ip, &a)) {
			return false;
		}
		for (size_t i = 0; i < out->n_addrs; i++) {
			if (a->family == out->addrs[i].family && nst_addr_in_prefix(a, out->addrs[i].bytes)) {
				return true;
			}
		}
		return false;
	case 8:
		return false;
	default:
		break;
	}
	for (size_t i = 0; i < e->ns->n_links; i++) {
		const struct nst_link *l = &e->ns->links[i];
		if (has_addr(l, family, ip, &a) && (mode != 3 || a->bytes[0] != 127)) {
			return true;
		}
	}
	return false;
}

static char *bridge_chain(const struct nst_ns *bns);

/* " (FDB: port P)" when the sender's neighbour entry has the next hop's MAC and the bridge learnt it; else "". */
static void fdb_port(const struct nst_ns *ns, const struct nst_link *out, const struct nst_ns *bns,
		     const struct nst_link *br, int family, const uint8_t *nh, char *buf, size_t len)
{
	const struct nst_neigh *n = nst_ns_find_neigh(ns, family, out->ifindex, nh);

	buf[0] = '\0';
	if (!n || !n->lladdr_len) {
		return;
	}
	for (size_t i = 0; i < bns->n_neighs; i++) {
		const struct nst_neigh *f = &bns->neighs[i];
		const struct nst_link *port = nst_ns_find_link(bns, f->ifindex);
		if (f->family != NST_AF_BRIDGE || f->lladdr_len != n->lladdr_len ||
		    memcmp(f->lladdr, n->lladdr, n->lladdr_len) != 0 || !port || port == br || !is_port_of(port, br)) {
			continue;
		}
		char pn[64];
		snprintf(buf, len, " (FDB: port %s)", nst_term_str(port->name, pn, sizeof(pn)));
		return;
	}
}

static char *neigh_text(const struct nst_ns *ns, const struct nst_link *out, int family, const uint8_t *nh,
			uint16_t *state)
{
	const struct nst_neigh *n = nst_ns_find_neigh(ns, family, out->ifindex, nh);
	char ip[NST_ADDR_STRLEN], st[64], dev[64];

	reach_ip(family, nh, ip, sizeof(ip));
	nst_term_str(out->name, dev, sizeof(dev));
	*state = n ? n->state : 0;
	if (!n) {
		return xasprintf("%s on %s: no entry yet", ip, dev);
	}
	return xasprintf("%s %s on %s", ip, nst_neigh_state_text(n->state, st, sizeof(st)), dev);
}

static char *neigh_cmd(const struct nst_ns *ns, const struct nst_link *out)
{
	struct nst_buf b = { 0 };

	reach_ip_prefix(&b, ns, "ip");
	nst_buf_puts(&b, "neigh show dev ");
	nst_sh_word(&b, out->name);
	return nst_buf_take(&b);
}

static const char *arp(int family)
{
	return family == AF_INET ? "ARP" : "neighbour solicitation";
}

static const char *shown(const struct nst_ns *ns)
{
	return ns->display ? ns->display : ns->name;
}

/*
 * br_netfilter: a frame bridged between two ports of br meets the IP hooks of
 * br's namespace as iifname/oifname br — prerouting (DNAT), forward,
 * postrouting (SNAT, masquerade) — and its conntrack there (a reply's NAT is
 * reversed). A DNAT that changes the destination makes br_netfilter route the
 * packet in that namespace instead (*routed, the walk goes on there, its
 * prerouting done). The hooks' lines say whose namespace they are.
 */
static enum nst_reach_verdict bridged_ip_hooks(const struct nst_ns *bns, const struct nst_link *br, struct reach_leg *g,
					       struct nst_reach_hop *h, bool *routed)
{
	size_t first = h->n_hooks;
	uint8_t dst0[16];
	uint16_t port0 = g->port;

	memcpy(dst0, g->dst, sizeof(dst0));
	if (g->reply) {
		reach_unnat(bns, g, true, h);
	}
	enum nst_reach_verdict v = reach_hook(bns, "prerouting", g, br, NULL, NULL, h);
	if (v == NST_REACH_OK && !g->reply && (memcmp(dst0, g->dst, sizeof(dst0)) != 0 || port0 != g->port)) {
		*routed = true;
	} else if (v == NST_REACH_OK) {
		v = reach_hook(bns, "forward", g, br, br, NULL, h);
		if (v == NST_REACH_OK && g->reply) {
			reach_unnat(bns, g, false, h);
		}
		if (v == NST_REACH_OK) {
			v = reach_hook(bns, "postrouting", g, br, br, NULL, h);
		}
	}
	for (size_t k = first; k < h->n_hooks; k++) {
		if (!h->hooks[k].ns) {
			h->hooks[k].ns = xstrdup(shown(bns));
		}
	}
	return v;
}

enum nst_reach_verdict reach_next_hop(const struct nst_model *m, const struct nst_ns *ns, const struct nst_link *out,
				      struct reach_leg *g, const struct nst_fib_answer *a,
				      struct nst_reach_hop *h, struct reach_next *nx)
{
	const uint8_t *nh = a->has_gateway ? a->gateway : g->dst;
	struct seg *s = xcalloc(1, sizeof(*s));
	char ip[NST_ADDR_STRLEN], dev[64], ons[96];
	uint16_t state = 0;
	enum nst_reach_verdict v = NST_REACH_FAIL;

	reach_ip(g->family, nh, ip, sizeof(ip));
	nst_term_str(out->name, dev, sizeof(dev));
	h->neighbour = neigh_text(ns, out, g->family, nh, &state);
	seg_build(m, ns, out, s);
	if (s->n == 0) {
		h->result = NST_REACH_FAIL;
		h->reason = xasprintf("%s is down", dev);
		struct nst_buf b = { 0 };
		reach_ip_prefix(&b, ns, "ip");
		nst_buf_puts(&b, "link set ");
		nst_sh_word(&b, out->name);
		nst_buf_puts(&b, " up");
		h->fix = nst_buf_take(&b);
		goto done;
	}
	for (size_t i = 1; i < s->n; i++) {
		if (owns(m, &s->v[i], out, g->family, nh)) {
			const struct seg_end *e = &s->v[i];
			char in[64], br[64];
			nx->ns = e->ns;
			nx->iif = e->l->ifindex;
			nst_term_str(shown(e->ns), ons, sizeof(ons));
			nst_term_str(e->l->name, in, sizeof(in));
			char *chain = e->bridge ? bridge_chain(e->bridge_ns) : NULL;
			if (chain) {
				h->result = NST_REACH_UNKNOWN;
				h->reason = xasprintf("not evaluated: bridge %s crosses chain %s in %s, which may change the verdict",
						      nst_term_str(e->bridge->name, br, sizeof(br)), chain,
						      nst_term_str(shown(e->bridge_ns), ons, sizeof(ons)));
				free(chain);
				v = NST_REACH_UNKNOWN;
				goto done;
			}
			bool between_ports = e->bridge && e->l != e->bridge && !(ns == e->bridge_ns && out == e->bridge);
			if (between_ports &&
			    (g->family == AF_INET ? e->bridge_ns->br_nf_iptables : e->bridge_ns->br_nf_ip6tables) == 1) {
				bool routed = false;
				v = bridged_ip_hooks(e->bridge_ns, e->bridge, g, h, &routed);
				if (v == NST_REACH_OK && routed) {
					/* a DNAT in the bridge's prerouting: br_netfilter routes it there instead */
					nx->ns = e->bridge_ns;
					nx->iif = e->bridge->ifindex;
					nx->prerouted = true;
					nst_term_str(shown(e->bridge_ns), ons, sizeof(ons));
					h->reason = xasprintf("leaves by %s into bridge %s, whose prerouting hook in %s changes its "
							      "destination (bridge-nf-call-iptables = 1): routed there", dev,
							      nst_term_str(e->bridge->name, br, sizeof(br)), ons);
					goto done;
				}
				if (v != NST_REACH_OK) {
					char *why = h->reason;
					h->reason = xasprintf("bridge %s in %s passes its ports' traffic to the IP forward hook "
							      "(bridge-nf-call-iptables = 1): %s",
							      nst_term_str(e->bridge->name, br, sizeof(br)),
							      nst_term_str(shown(e->bridge_ns), ons, sizeof(ons)), why ? why : "");
					free(why);
					goto done;
				}
			}
			if (e->bridge) {
				char fdb[96];
				fdb_port(ns, out, e->bridge_ns, e->bridge, g->family, nh, fdb, sizeof(fdb));
				h->reason = xasprintf("leaves by %s through bridge %s%s to %s (%s, owner of %s)", dev,
						      nst_term_str(e->bridge->name, br, sizeof(br)), fdb, ons, in, ip);
			} else {
				h->reason = xasprintf("leaves by %s to %s (%s, owner of %s)", dev, ons, in, ip);
			}
			v = NST_REACH_OK;
			goto done;
		}
	}
	h->result = NST_REACH_FAIL;
	free(h->command);
	h->command = neigh_cmd(ns, out);
	if (s->down) {
		char dn[64];
		nst_term_str(shown(s->down_ns), ons, sizeof(ons));
		h->reason = xasprintf("no answer to %s for %s: %s in %s is down, on the way from %s", arp(g->family), ip,
				      nst_term_str(s->down->name, dn, sizeof(dn)), ons, dev);
		struct nst_buf b = { 0 };
		reach_ip_prefix(&b, s->down_ns, "ip");
		nst_buf_puts(&b, "link set ");
		nst_sh_word(&b, s->down->name);
		nst_buf_puts(&b, " up");
		h->fix = nst_buf_take(&b);
	} else {
		h->reason = xasprintf("no answer to %s for %s: no namespace on the segment of %s owns it%s", arp(g->family),
				      ip, dev,
				      (state & (NST_NUD_FAILED | NST_NUD_INCOMPLETE)) ? " (neighbour entry FAILED/INCOMPLETE)" : "");
	}
done:
	free(s);
	return v;
}

/* The route a namespace on a connected segment has for dst: a gateway to name in the fix. */
static bool covers(const struct nst_route *r, int family, const uint8_t *dst)
{
	if (r->family != family || r->type != NST_RTN_UNICAST || r->table != 254) {
		return false;
	}
	return r->is_default || nst_addr_in_prefix(&r->dst, dst);
}

/* "ip -n NS route add PREFIX via GW" when a neighbour namespace owns a non-default route to dst. */
static char *route_fix(const struct nst_model *m, const struct nst_ns *ns, const struct reach_leg *g)
{
	struct seg *s;
	char *fix = NULL;

	for (size_t i = 0; i < ns->n_routes; i++) {
		if (covers(&ns->routes[i], g->family, g->dst)) {
			return NULL; /* main has a route the kernel did not take (rules, a link down): no route to add */
		}
	}
	s = xcalloc(1, sizeof(*s));
	for (size_t i = 0; i < ns->n_links && !fix; i++) {
		const struct nst_link *l = &ns->links[i];
		if (!l->up) {
			continue;
		}
		seg_build(m, ns, l, s);
		for (size_t j = 1; j < s->n && !fix; j++) {
			const struct seg_end *e = &s->v[j];
			if (e->ns == ns || nst_link_master(m, e->l, NULL)) {
				continue;
			}
			const struct nst_route *best = NULL;
			for (size_t k = 0; k < e->ns->n_routes; k++) {
				const struct nst_route *r = &e->ns->routes[k];
				if (!r->is_default && covers(r, g->family, g->dst) &&
				    (!best || r->dst.prefixlen > best->dst.prefixlen)) {
					best = r;
				}
			}
			const struct nst_addr *gw = NULL;
			for (size_t k = 0; k < e->l->n_addrs && best; k++) {
				if (e->l->addrs[k].family == g->family) {
					gw = &e->l->addrs[k];
					break;
				}
			}
			if (gw) {
				char pfx[NST_ADDR_STRLEN], via[NST_ADDR_STRLEN];
				struct nst_buf b = { 0 };
				reach_ip_prefix(&b, ns, "ip");
				nst_buf_printf(&b, "route add %s via %s", nst_addr_format(&best->dst, true, pfx, sizeof(pfx)),
					       nst_addr_format(gw, false, via, sizeof(via)));
				fix = nst_buf_take(&b);
			}
		}
	}
	free(s);
	return fix;
}

static char *sysctl_fix(const struct nst_ns *ns, int family)
{
	struct nst_buf b = { 0 };

	reach_ip_prefix(&b, ns, "sysctl");
	nst_buf_puts(&b, family == AF_INET ? "-w net.ipv4.ip_forward=1" : "-w net.ipv6.conf.all.forwarding=1");
	return nst_buf_take(&b);
}

static bool ns_owns(const struct nst_ns *ns, int family, const uint8_t *ip)
{
	for (size_t i = 0; i < ns->n_links; i++) {
		for (size_t j = 0; j < ns->links[i].n_addrs; j++) {
			const struct nst_addr *a = &ns->links[i].addrs[j];
			if (a->family == family && memcmp(a->bytes, ip, reach_alen(family)) == 0) {
				return true;
			}
		}
	}
	return false;
}

void reach_refusal(const struct nst_model *m, const struct nst_ns *ns, const struct reach_leg *g, int iif,
		   const struct nst_fib_answer *a, struct nst_reach_hop *h)
{
	char d[NST_ADDR_STRLEN], s[NST_ADDR_STRLEN], in[64];
	const char *iifname = iif ? nst_ns_link_name(ns, iif) : NULL;

	reach_ip(g->family, g->dst, d, sizeof(d));
	reach_ip(g->family, g->src, s, sizeof(s));
	nst_term_str(iifname ? iifname : "?", in, sizeof(in));
	h->result = NST_REACH_FAIL;
	if (!iif && g->has_src && !ns_owns(ns, g->family, g->src)) {
		/* the kernel answers ENETUNREACH (or EINVAL) for a source it does not own: not a missing route */
		h->reason = xasprintf("source %s is not an address of this namespace: nothing is sent from it", s);
		h->fix = xstrdup("--source one of its addresses, or none (the kernel picks)");
		return;
	}
	switch (-a->err) {
	case ENETUNREACH:
		h->reason = xasprintf("no route to %s here", d);
		h->fix = route_fix(m, ns, g);
		if (!h->fix) {
			h->fix = xasprintf("a route to %s in this namespace", d);
		}
		break;
	case EHOSTUNREACH:
		if (iif && a->out_err == 0) {
			h->reason = xasprintf("forwarding is off: a packet arriving on %s is not routed on", in);
			h->fix = sysctl_fix(ns, g->family);
		} else if (iif && a->out_err == -ENETUNREACH) {
			h->reason = xasprintf("no route to %s here (and forwarding is off)", d);
			h->fix = route_fix(m, ns, g);
		} else {
			h->reason = xasprintf("an unreachable route for %s", d);
		}
		break;
	case EACCES:
		h->reason = xasprintf("a prohibit route for %s", d);
		break;
	case EINVAL:
		if (!iif) {
			h->reason = xasprintf("refused: a blackhole route for %s, or %s is not an address here", d, s);
		} else if (a->out_err == -EINVAL) {
			h->reason = xasprintf("a blackhole route for %s", d);
		} else {
			const struct nst_link *l = nst_ns_find_link(ns, iif);
			char rp[16] = "unknown", all[16] = "unknown";
			if (l && l->rp_filter >= 0) {
				snprintf(rp, sizeof(rp), "%d", l->rp_filter);
			}
			if (ns->conf_all.rp_filter >= 0) {
				snprintf(all, sizeof(all), "%d", ns->conf_all.rp_filter);
			}
			h->reason = xasprintf("source %s refused on %s: the reverse-path filter (rp_filter %s, all %s) "
					      "finds no route back to it by %s, or it is a martian", s, in, rp, all, in);
			h->fix = xasprintf("a route back to %s by %s in %s, or rp_filter 2 (loose)", s, in, h->ns);
		}
		break;
	default:
		h->reason = xasprintf("the kernel refuses: %s", strerror(-a->err));
		break;
	}
}

/* Bridged traffic meets the bridge family's chains (not evaluated: "family table chain (hook)" of one
 * that could decide, or NULL); with br_netfilter on, the IP forward hook too (reach_next_hop). */
static char *bridge_chain(const struct nst_ns *bns)
{
	for (size_t i = 0; i < bns->fw.n_chains; i++) {
		const struct nst_fw_chain *c = &bns->fw.chains[i];
		if (!c->base || strcmp(c->family, "bridge") != 0) {
			continue;
		}
		bool rules = false;
		for (size_t j = 0; j < bns->fw.n_rules && !rules; j++) {
			const struct nst_fw_rule *r = &bns->fw.rules[j];
			rules = strcmp(r->family, c->family) == 0 && strcmp(r->table, c->table) == 0 &&
				strcmp(r->chain, c->name) == 0;
		}
		if (rules || (c->has_policy && !c->policy_accept)) {
			char t[NST_NFT_NAMELEN * 2 + 8], n[NST_NFT_NAMELEN * 2 + 8];
			return xasprintf("bridge %s %s (%s)", nst_term_str(c->table, t, sizeof(t)),
					 nst_term_str(c->name, n, sizeof(n)), c->hook);
		}
	}
	return NULL;
}
