/* SPDX-License-Identifier: MIT */
/*
 * The walk's filter and NAT hooks: the leg's packet through one hook of a
 * namespace's ruleset (pkt_eval.h), each base chain's verdict kept on the
 * hop, NAT applied and remembered so the reply's is reversed where conntrack
 * would reverse it, and a drop or what nstop cannot judge said with the rule.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fw_order.h"
#include "pkt_eval.h"
#include "reach_internal.h"
#include "xalloc.h"

/* A secondary address (the kernel's IFA_F_SECONDARY): an earlier one on l has its subnet. */
static bool secondary(const struct nst_link *l, size_t i)
{
	for (size_t j = 0; j < i; j++) {
		const struct nst_addr *a = &l->addrs[j];
		if (a->family == l->addrs[i].family && a->prefixlen == l->addrs[i].prefixlen &&
		    nst_addr_in_prefix(a, l->addrs[i].bytes)) {
			return true;
		}
	}
	return false;
}

/*
 * The address masquerade (near: the next hop; inet_select_addr) or redirect (near NULL: the in
 * device's first address) would take on l: a primary address whose subnet holds near, else the first
 * primary one. IPv6 link-local addresses are left out.
 */
static bool link_addr(const struct nst_link *l, int family, const uint8_t *near, uint8_t *out)
{
	const struct nst_addr *first = NULL;

	for (size_t i = 0; l && i < l->n_addrs; i++) {
		const struct nst_addr *a = &l->addrs[i];
		if (a->family != family || (family == AF_INET6 && a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80) ||
		    secondary(l, i)) {
			continue;
		}
		if (!first) {
			first = a;
		}
		if (near && nst_addr_in_prefix(a, near)) {
			first = a;
			break;
		}
	}
	if (first) {
		memcpy(out, first->bytes, 16);
	}
	return first != NULL;
}

static bool conn_seen(const struct reach_conn *c, const struct nst_ns *ns)
{
	for (size_t i = 0; i < c->n_seen; i++) {
		if (nst_ns_id_eq(c->seen[i], ns->id)) {
			return true;
		}
	}
	return false;
}

/*
 * The destination's address type is local (`fib daddr type local`, iptables'
 * addrtype LOCAL): one of ns's addresses, loopback's, or inside a local-type
 * route of the local table (AnyIP: `ip route add local 10.9.0.0/24 dev lo`).
 */
static bool is_local(const struct nst_ns *ns, int family, const uint8_t *ip)
{
	static const uint8_t loop6[16] = { [15] = 1 };

	if (family == AF_INET ? ip[0] == 127 : memcmp(ip, loop6, 16) == 0) {
		return true;
	}
	for (size_t i = 0; i < ns->n_routes; i++) {
		const struct nst_route *r = &ns->routes[i];
		if (r->table == 255 && r->type == NST_RTN_LOCAL && r->family == family &&
		    nst_addr_in_prefix(&r->dst, ip)) {
			return true;
		}
	}
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

/* "family table chain", names as the terminal may show them. */
static char *chain_words(const struct nst_fw_ruleset *rs, long ci)
{
	char t[NST_NFT_NAMELEN * 2 + 8], n[NST_NFT_NAMELEN * 2 + 8];

	if (ci < 0) {
		return xstrdup("?");
	}
	const struct nst_fw_chain *c = &rs->chains[ci];
	return xasprintf("%s %s %s", c->family, nst_term_str(c->table, t, sizeof(t)), nst_term_str(c->name, n, sizeof(n)));
}

/* One name for nft, as one shell word: false when nft has no way to write it. */
static bool nft_word(struct nst_buf *b, const char *name)
{
	struct nst_buf q = { 0 };
	bool ok = nst_nft_name(&q, name);

	if (ok) {
		nst_sh_word(b, nst_buf_str(&q));
	}
	nst_buf_free(&q);
	return ok;
}

/* `ip netns exec NS nft -a list chain FAMILY TABLE CHAIN` (list ruleset when a name cannot be written). */
static char *list_cmd(const struct nst_ns *ns, const struct nst_fw_ruleset *rs, long ci)
{
	struct nst_buf b = { 0 }, tail = { 0 };

	reach_ip_prefix(&b, ns, "nft");
	if (ci >= 0) {
		const struct nst_fw_chain *c = &rs->chains[ci];
		nst_buf_printf(&tail, "-a list chain %s ", c->family);
		bool ok = nft_word(&tail, c->table);
		nst_buf_putc(&tail, ' ');
		if (ok && nft_word(&tail, c->name)) {
			nst_buf_puts(&b, nst_buf_str(&tail));
			nst_buf_free(&tail);
			return nst_buf_take(&b);
		}
	}
	nst_buf_free(&tail);
	nst_buf_puts(&b, "-a list ruleset");
	return nst_buf_take(&b);
}

/* The fix of a drop: delete the rule, or (a policy) insert an accept for this packet first. */
static char *drop_fix(const struct nst_ns *ns, const struct nst_fw_ruleset *rs, const struct nst_pkt_verdict *v,
		      const struct nst_pkt *p)
{
	const struct nst_fw_chain *c = &rs->chains[v->chain];
	struct nst_buf b = { 0 }, r = { 0 };
	char a[NST_ADDR_STRLEN];
	bool ok;

	reach_ip_prefix(&b, ns, "nft");
	if (v->rule >= 0) {
		nst_buf_printf(&b, "delete rule %s ", c->family);
		ok = nft_word(&b, c->table);
		nst_buf_putc(&b, ' ');
		ok = ok && nft_word(&b, c->name);
		nst_buf_printf(&b, " handle %llu", (unsigned long long)rs->rules[v->rule].handle);
	} else {
		nst_buf_printf(&r, "insert rule %s ", c->family);
		ok = nst_nft_name(&r, c->table);
		nst_buf_putc(&r, ' ');
		ok = ok && nst_nft_name(&r, c->name);
		if (p->established) {
			nst_buf_puts(&r, " ct state established,related accept"); /* a reply: let the connection's own back */
		} else {
			nst_buf_printf(&r, " %s daddr %s", p->family == AF_INET ? "ip" : "ip6",
				       reach_ip(p->family, p->daddr, a, sizeof(a)));
			if (p->l4 == IPPROTO_TCP || p->l4 == IPPROTO_UDP) {
				nst_buf_printf(&r, " %s dport %u", p->l4 == IPPROTO_TCP ? "tcp" : "udp", p->dport);
			}
			nst_buf_puts(&r, " accept");
		}
		nst_sh_word(&b, nst_buf_str(&r));
	}
	nst_buf_free(&r);
	if (!ok) {
		nst_buf_free(&b);
		return NULL;
	}
	return nst_buf_take(&b);
}

static void nat_say(struct nst_reach_hop *h, const char *what)
{
	char *s = h->nat ? xasprintf("%s; %s", h->nat, what) : xstrdup(what);

	free(h->nat);
	h->nat = s;
}

static const char *ap(int family, const uint8_t *ip, uint16_t port, char *buf, size_t len)
{
	char a[NST_ADDR_STRLEN];

	reach_ip(family, ip, a, sizeof(a));
	if (port) {
		snprintf(buf, len, family == AF_INET ? "%s:%u" : "[%s]:%u", a, port);
	} else {
		snprintf(buf, len, "%s", a);
	}
	return buf;
}

static void record_nat(const struct nst_ns *ns, const struct nst_fw_ruleset *rs, struct reach_leg *g,
		       const struct nst_pkt *before, const struct nst_pkt *after, const struct nst_pkt_verdict *v,
		       struct nst_reach_hop *h, bool via_link)
{
	bool dst = v->nat_type == NST_NAT_DNAT || v->nat_type == NST_NAT_REDIRECT;
	size_t alen = reach_alen(g->family);
	char x[80], y[80], *where = chain_words(rs, v->chain);
	const uint8_t *fa = dst ? before->daddr : before->saddr, *ta = dst ? after->daddr : after->saddr;
	uint16_t fp = dst ? before->dport : before->sport, tp = dst ? after->dport : after->sport;

	if (g->conn && g->conn->n < sizeof(g->conn->v) / sizeof(g->conn->v[0])) {
		struct reach_nat_done *d = &g->conn->v[g->conn->n++];
		d->ns = ns->id;
		d->dst = dst;
		memcpy(d->from, fa, 16);
		memcpy(d->to, ta, 16);
		d->from_port = v->nat_port ? fp : 0;
		d->to_port = v->nat_port ? tp : 0;
	}
	char *s = xasprintf("%s %s -> %s (%s rule handle %llu%s)", nst_nat_type_str(v->nat_type),
			    ap(g->family, fa, v->nat_port ? fp : 0, x, sizeof(x)), ap(g->family, ta, v->nat_port ? tp : 0, y, sizeof(y)),
			    where, (unsigned long long)rs->rules[v->rule].handle,
			    via_link ? "; the out device's address as nstop reads it, not asked of the kernel" : "");
	nat_say(h, s);
	free(s);
	free(where);
	memcpy(dst ? g->dst : g->src, ta, alen);
	if (v->nat_port) {
		if (dst) {
			g->port = tp;
		} else if (g->reply) {
			g->sport = tp;
		} else {
			g->eph_lo = g->eph_hi = 0; /* an SNAT to a port: the connection's own port is no longer the source's pick */
		}
	}
}

static void add_hook(struct nst_reach_hop *h, const struct nst_fw_ruleset *rs, const char *hook,
		     const struct nst_pkt_verdict *v, const char *nat_text)
{
	const struct nst_fw_chain *c = v->chain >= 0 ? &rs->chains[v->chain] : &rs->chains[v->base];
	const struct nst_fw_rule *r = v->rule >= 0 ? &rs->rules[v->rule] : NULL;

	h->hooks = xrealloc(h->hooks, (h->n_hooks + 1) * sizeof(*h->hooks));
	struct nst_reach_hook *k = &h->hooks[h->n_hooks++];
	memset(k, 0, sizeof(*k));
	snprintf(k->hook, sizeof(k->hook), "%s", hook);
	snprintf(k->family, sizeof(k->family), "%s", c->family);
	k->table = xstrdup(c->table);
	k->chain = xstrdup(c->name);
	k->rule = r ? r->handle : 0;
	k->rule_uncertain = v->maybe_rule >= 0;
	k->rule_text = r ? nst_pkt_rule_text(rs, r) : NULL;
	k->result = v->verdict == NST_PV_ACCEPT ? NST_REACH_OK : v->verdict == NST_PV_UNKNOWN ? NST_REACH_UNKNOWN : NST_REACH_FAIL;
	if (v->verdict == NST_PV_UNKNOWN) {
		k->verdict = xasprintf("unknown: %s", v->why);
	} else if (nat_text) {
		k->verdict = xstrdup(nat_text);
	} else {
		k->verdict = xasprintf("%s%s", r ? "" : "policy ", nst_pv_str(v->verdict));
	}
}

/*
 * The device hooks (netdev and inet ingress, netdev egress) and the ARP family's input and output are
 * not evaluated: a base chain there on dev (or on devices nstop cannot name: device "") that has rules
 * or drops makes the hop unknown.
 */
static bool device_hook(const struct nst_ns *ns, int family, const char *hook, const struct nst_link *dev,
			struct nst_reach_hop *h)
{
	const struct nst_fw_ruleset *rs = &ns->fw;
	/* the ARP family's input and output: what the neighbour resolution on dev meets */
	const char *arp = strcmp(hook, "ingress") == 0 ? "input" : "output";

	for (size_t i = 0; dev && i < rs->n_chains; i++) {
		const struct nst_fw_chain *c = &rs->chains[i];
		bool is_arp = family == AF_INET && strcmp(c->family, "arp") == 0 && strcmp(c->hook, arp) == 0;
		if (!c->base || (!is_arp && (strcmp(c->hook, hook) != 0 ||
					    (strcmp(c->family, "netdev") != 0 && strcmp(c->family, "inet") != 0) ||
					    (c->device[0] && strcmp(c->device, dev->name) != 0)))) {
			continue;
		}
		size_t first, n = nst_fw_chain_rules(rs, i, &first);
		if (!n && !(c->has_policy && !c->policy_accept)) {
			continue;
		}
		char d[64], *where = chain_words(rs, (long)i);
		free(h->reason);
		free(h->command);
		h->reason = xasprintf("not evaluated: %s (%s on %s): nstop does not judge %s", where, is_arp ? arp : hook,
				      nst_term_str(dev->name, d, sizeof(d)), is_arp ? "ARP filters" : "device hooks");
		h->command = list_cmd(ns, rs, (long)i);
		h->result = NST_REACH_UNKNOWN;
		free(where);
		return true;
	}
	return false;
}

enum nst_reach_verdict reach_hook(const struct nst_ns *ns, const char *hook, struct reach_leg *g,
				  const struct nst_link *in, const struct nst_link *out, const uint8_t *nh,
				  struct nst_reach_hop *h)
{
	const struct nst_fw_ruleset *rs = &ns->fw;
	struct nst_pkt p = { .family = g->family, .known = NST_PKT_K_ADDR | NST_PKT_K_L4 | NST_PKT_K_LOCAL | NST_PKT_K_CT,
			     .established = g->reply, .daddr_local = is_local(ns, g->family, g->dst) };
	struct nst_pkt_hook res;
	size_t alen = reach_alen(g->family);

	if (ns->iptables_legacy) {
		h->result = NST_REACH_UNKNOWN;
		free(h->reason);
		h->reason = xstrdup("not evaluated: iptables-legacy rules exist here (x_tables: not visible to nf_tables)");
		struct nst_buf b = { 0 };
		reach_ip_prefix(&b, ns, "iptables-legacy-save");
		free(h->command);
		h->command = nst_buf_take(&b);
		size_t n = strlen(h->command);
		if (n && h->command[n - 1] == ' ') {
			h->command[n - 1] = '\0'; /* the prefix ends ready for arguments; this command has none */
		}
		return NST_REACH_UNKNOWN;
	}
	if ((strcmp(hook, "prerouting") == 0 && device_hook(ns, g->family, "ingress", in, h)) ||
	    (strcmp(hook, "postrouting") == 0 && device_hook(ns, g->family, "egress", out, h))) {
		return NST_REACH_UNKNOWN;
	}
	if (g->conn && !conn_seen(g->conn, ns)) {
		if (g->reply) {
			/* the reply crosses a namespace the request did not: its conntrack has no entry to match */
			p.known &= ~(unsigned)NST_PKT_K_CT;
		} else if (g->conn->n_seen < NST_REACH_TTL) {
			g->conn->seen[g->conn->n_seen++] = ns->id;
		}
	}
	p.known |= NST_PKT_K_IFINDEX;
	p.iif_index = in ? in->ifindex : 0;
	p.oif_index = out ? out->ifindex : 0;
	snprintf(p.iif, sizeof(p.iif), "%s", in ? in->name : "");
	snprintf(p.oif, sizeof(p.oif), "%s", out ? out->name : "");
	p.l4 = g->proto == NST_PROTO_TCP ? IPPROTO_TCP : g->proto == NST_PROTO_UDP ? IPPROTO_UDP
		: g->family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
	memcpy(p.saddr, g->src, alen);
	memcpy(p.daddr, g->dst, alen);
	if (g->proto != NST_PROTO_ICMP) {
		/* the request's source port and the reply's destination port are the kernel's pick */
		p.known |= g->reply ? NST_PKT_K_SPORT : NST_PKT_K_DPORT;
		p.sport = g->reply ? g->sport : 0;
		p.dport = g->reply ? 0 : g->port;
		/* that pick comes from the source's ip_local_port_range (masquerade keeps it unless it clashes) */
		*(g->reply ? &p.dport_lo : &p.sport_lo) = g->eph_lo;
		*(g->reply ? &p.dport_hi : &p.sport_hi) = g->eph_hi;
	}
	p.has_oif_addr = link_addr(out, g->family, nh ? nh : g->dst, p.oif_addr);
	p.has_iif_addr = link_addr(in, g->family, NULL, p.iif_addr);
	nst_pkt_eval_hook(rs, ns->nat, ns->n_nat, hook, &p, &res);

	struct nst_pkt before = p;
	memcpy(before.saddr, g->src, alen);
	memcpy(before.daddr, g->dst, alen);
	before.sport = p.known & NST_PKT_K_SPORT ? g->sport : 0;
	before.dport = g->port;
	for (size_t i = 0; i < res.n; i++) {
		const struct nst_pkt_verdict *v = &res.v[i];
		char *nat_text = NULL;
		if (v->nat && v->verdict == NST_PV_ACCEPT) {
			struct nst_pkt after = before;
			bool dst = v->nat_type == NST_NAT_DNAT || v->nat_type == NST_NAT_REDIRECT;
			if (v->nat_addr) {
				memcpy(dst ? after.daddr : after.saddr, v->nat_to, alen);
			}
			if (v->nat_port) {
				*(dst ? &after.dport : &after.sport) = v->nat_to_port;
			}
			char y[80];
			nat_text = xasprintf("%s to %s", nst_nat_type_str(v->nat_type),
					     ap(g->family, dst ? after.daddr : after.saddr,
						v->nat_port ? (dst ? after.dport : after.sport) : 0, y, sizeof(y)));
			record_nat(ns, rs, g, &before, &after, v, h, v->nat_type == NST_NAT_MASQ);
			before = after;
		}
		add_hook(h, rs, hook, v, nat_text);
		free(nat_text);
	}
	enum nst_reach_verdict rv = NST_REACH_OK;
	if (res.n && res.verdict != NST_PV_ACCEPT) {
		const struct nst_pkt_verdict *v = &res.v[res.n - 1];
		char *where = chain_words(rs, v->chain);
		const struct nst_fw_rule *r = v->rule >= 0 ? &rs->rules[v->rule] : NULL;
		struct nst_buf txt = { 0 };
		if (r) {
			char *t = nst_pkt_rule_text(rs, r);
			nst_term_text(&txt, t);
			free(t);
		}
		free(h->reason);
		free(h->fix);
		free(h->command);
		h->fix = NULL;
		if (v->verdict == NST_PV_UNKNOWN) {
			rv = NST_REACH_UNKNOWN;
			if (r) {
				h->reason = xasprintf("not evaluated: %s rule handle %llu (`%s`): %s", where,
						      (unsigned long long)r->handle, nst_buf_str(&txt), v->why);
			} else {
				h->reason = xasprintf("not evaluated: %s (%s): %s", where, hook, v->why);
			}
		} else {
			rv = NST_REACH_FAIL;
			const char *what = v->verdict == NST_PV_REJECT ? "rejected" : "dropped";
			if (v->maybe_rule >= 0) {
				/* which rule decides is not certain: deleting one may not help, so no fix */
				h->reason = xasprintf("%s in %s: by %s, or before it by rule handle %llu, which may match",
						      what, where, r ? "its rule" : "its policy",
						      (unsigned long long)rs->rules[v->maybe_rule].handle);
				if (r) {
					char *t = h->reason;
					h->reason = xasprintf("%s (the surely matching one: rule handle %llu, `%s`)", t,
							      (unsigned long long)r->handle, nst_buf_str(&txt));
					free(t);
				}
			} else if (r) {
				h->reason = xasprintf("%s by %s rule handle %llu: `%s`", what, where,
						      (unsigned long long)r->handle, nst_buf_str(&txt));
				h->fix = drop_fix(ns, rs, v, &p);
			} else {
				h->reason = xasprintf("policy drop of %s", where);
				h->fix = drop_fix(ns, rs, v, &p);
			}
		}
		h->command = list_cmd(ns, rs, v->chain);
		h->result = rv;
		nst_buf_free(&txt);
		free(where);
	}
	nst_pkt_hook_free(&res);
	return rv;
}

void reach_unnat(const struct nst_ns *ns, struct reach_leg *g, bool dst, struct nst_reach_hop *h)
{
	size_t alen = reach_alen(g->family);

	for (size_t i = 0; g->conn && i < g->conn->n; i++) {
		const struct reach_nat_done *d = &g->conn->v[i];
		/* the reply's destination is the request's source, its source the request's destination */
		uint8_t *a = d->dst ? g->src : g->dst;
		if (d->dst != !dst || !nst_ns_id_eq(d->ns, ns->id) || memcmp(a, d->to, alen) != 0) {
			continue;
		}
		uint16_t *port = d->dst ? &g->sport : NULL;
		if (d->to_port && port && *port != d->to_port) {
			continue;
		}
		char x[80], y[80];
		char *s = xasprintf("reverses %s: %s %s -> %s (conntrack)", d->dst ? "dnat" : "snat",
				    d->dst ? "source" : "destination", ap(g->family, d->to, port ? d->to_port : 0, x, sizeof(x)),
				    ap(g->family, d->from, port ? d->from_port : 0, y, sizeof(y)));
		nat_say(h, s);
		free(s);
		memcpy(a, d->from, alen);
		if (port && d->from_port) {
			*port = d->from_port;
		}
	}
}
