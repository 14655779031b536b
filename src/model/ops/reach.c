/* SPDX-License-Identifier: MIT */
/*
 * The walk of nst_reach_explain: in each namespace the filter and NAT hooks in
 * the kernel's order around the oracle's route (reach_fw.c), then the answer's
 * device to the namespace that owns the next hop (reach_seg.c); it stops at
 * local delivery, a refusal, a loop, a drop, or a rule nstop cannot judge.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "quote.h"
#include "reach.h"
#include "reach_internal.h"
#include "reach_probe.h"
#include "route_text.h"
#include "xalloc.h"

const char *nst_reach_proto_str(enum nst_reach_proto p)
{
	return p == NST_PROTO_TCP ? "tcp" : p == NST_PROTO_UDP ? "udp" : "icmp";
}

const char *reach_ip(int family, const uint8_t *bytes, char *buf, size_t len)
{
	struct nst_addr a = { .family = family };

	memcpy(a.bytes, bytes, family == AF_INET ? 4 : 16);
	return nst_addr_format(&a, false, buf, len);
}

size_t reach_alen(int family)
{
	return family == AF_INET ? 4 : 16;
}

static bool link_local_or_loop(const struct nst_addr *a)
{
	if (a->family == AF_INET) {
		return a->bytes[0] == 127 || (a->bytes[0] == 169 && a->bytes[1] == 254);
	}
	static const uint8_t loop6[16] = { [15] = 1 };
	return memcmp(a->bytes, loop6, 16) == 0 || (a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80);
}

const struct nst_addr *nst_reach_ns_addr(const struct nst_ns *ns, int family)
{
	for (size_t i = 0; i < ns->n_links; i++) {
		const struct nst_link *l = &ns->links[i];
		for (size_t j = 0; j < l->n_addrs; j++) {
			const struct nst_addr *a = &l->addrs[j];
			if ((family == 0 || a->family == family) && !link_local_or_loop(a)) {
				return a;
			}
		}
	}
	return NULL;
}

/* "ip -n NS " (named), "ip " (nstop's own), "nsenter -t PID -n ip " or "nsenter --net=PATH ip ". */
void reach_ip_prefix(struct nst_buf *b, const struct nst_ns *ns, const char *tool)
{
	bool ip = strcmp(tool, "ip") == 0;

	if (ns->self) {
		nst_buf_printf(b, "%s ", tool);
		return;
	}
	switch (ns->kind) {
	case NST_NS_NAMED:
		nst_buf_puts(b, ip ? "ip -n " : "ip netns exec ");
		nst_sh_word(b, ns->name);
		nst_buf_putc(b, ' ');
		if (ip) {
			return;
		}
		break;
	case NST_NS_PROCESS:
		nst_buf_printf(b, "nsenter -t %d -n ", ns->n_pids ? ns->pids[0] : 0);
		break;
	default: {
		char *arg = xasprintf("--net=%s", ns->name);
		nst_buf_puts(b, "nsenter ");
		nst_sh_word(b, arg);
		nst_buf_putc(b, ' ');
		free(arg);
		break;
	}
	}
	nst_buf_printf(b, "%s ", tool);
}

static struct nst_reach_hop *add_hop(struct nst_reach_path *p, const struct nst_ns *ns, const char *iif)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 8;
		p->v = xrealloc(p->v, p->cap * sizeof(*p->v));
	}
	struct nst_reach_hop *h = &p->v[p->n++];
	memset(h, 0, sizeof(*h));
	h->ns = xstrdup(ns->display ? ns->display : ns->name);
	h->ns_id = ns->id;
	snprintf(h->iif, sizeof(h->iif), "%s", iif ? iif : "");
	return h;
}

/* `ip -n NS route get DST [from SRC] [iif IIF]`: the kernel's own answer for this hop. */
static char *route_get_cmd(const struct nst_ns *ns, const struct reach_leg *g, const char *iif)
{
	struct nst_buf b = { 0 };
	char a[NST_ADDR_STRLEN];

	reach_ip_prefix(&b, ns, "ip");
	nst_buf_printf(&b, "route get %s", reach_ip(g->family, g->dst, a, sizeof(a)));
	if (g->has_src) {
		nst_buf_printf(&b, " from %s", reach_ip(g->family, g->src, a, sizeof(a)));
	}
	if (iif && *iif) {
		nst_buf_puts(&b, " iif ");
		nst_sh_word(&b, iif);
	}
	return nst_buf_take(&b);
}

/* One piece of a line, a space before it unless it is the first. */
static void piece(struct nst_buf *b, const char *s)
{
	if (b->len) {
		nst_buf_putc(b, ' ');
	}
	nst_buf_puts(b, s);
}

/* The answer's route as text: "table main 12.0.0.0/24 via 13.0.0.1 dev vethG". */
static char *route_text(const struct nst_ns *ns, int family, const struct nst_fib_answer *a)
{
	struct nst_buf b = { 0 };
	char t[32], x[NST_ADDR_STRLEN], w[96];
	const char *type = nst_route_type_str(a->type);

	if (a->table) {
		snprintf(w, sizeof(w), "table %s", nst_route_table_str(a->table, t, sizeof(t)));
		piece(&b, w);
	}
	if (a->type != NST_RTN_UNICAST && type) {
		piece(&b, type);
	}
	if (a->has_match) {
		if (a->match_len == 0) {
			piece(&b, "default");
		} else {
			snprintf(w, sizeof(w), "%s/%u", reach_ip(family, a->match_dst, x, sizeof(x)), a->match_len);
			piece(&b, w);
		}
	}
	if (a->has_gateway) {
		snprintf(w, sizeof(w), "via %s", reach_ip(family, a->gateway, x, sizeof(x)));
		piece(&b, w);
	}
	const char *dev = nst_ns_link_name(ns, a->oif);
	if (dev) {
		char q[64];
		snprintf(w, sizeof(w), "dev %s", nst_term_str(dev, q, sizeof(q)));
		piece(&b, w);
	}
	if (a->has_prefsrc) {
		snprintf(w, sizeof(w), "src %s", reach_ip(family, a->prefsrc, x, sizeof(x)));
		piece(&b, w);
	}
	return nst_buf_take(&b);
}

static void set_fail(struct nst_reach_hop *h, enum nst_reach_verdict v, char *reason, char *fix)
{
	h->result = v;
	free(h->reason);
	free(h->fix);
	h->reason = reason;
	h->fix = fix;
}

/* `ss -ltn 'sport = :80'` (tcp) or `ss -lun ...` (udp) in ns: who listens. */
static char *ss_cmd(const struct nst_ns *ns, const struct reach_leg *g)
{
	struct nst_buf b = { 0 };

	reach_ip_prefix(&b, ns, "ss");
	nst_buf_printf(&b, "-%sn 'sport = :%u'", g->proto == NST_PROTO_TCP ? "lt" : "lu", g->port);
	return nst_buf_take(&b);
}

/* Local delivery; for tcp/udp only with a socket there (an echo is answered by the kernel itself). */
static enum nst_reach_verdict arrive(const struct nst_fib_oracle *o, const struct nst_ns *ns, const struct reach_leg *g,
				     struct nst_reach_hop *h)
{
	char ip[NST_ADDR_STRLEN];
	const char *p = nst_reach_proto_str(g->proto);

	reach_ip(g->family, g->dst, ip, sizeof(ip));
	h->result = NST_REACH_OK;
	if (g->proto == NST_PROTO_ICMP || g->port == 0) {
		h->reason = xasprintf("%s is local here: delivered", ip);
		return NST_REACH_OK;
	}
	if (!o->listening) {
		h->reason = xasprintf("%s is local here: delivered (listening socket not checked)", ip);
		return NST_REACH_OK;
	}
	int rc = o->listening(o->ctx, ns, g->family, g->proto, g->dst, g->port);
	if (rc < 0) {
		set_fail(h, NST_REACH_UNKNOWN, xasprintf("%s is local here, but its %s sockets could not be read: %s", ip, p,
							 strerror(-rc)), NULL);
		return NST_REACH_UNKNOWN;
	}
	free(h->command);
	h->command = ss_cmd(ns, g);
	if (rc == 0) {
		set_fail(h, NST_REACH_FAIL,
			 xasprintf(g->proto == NST_PROTO_TCP ? "%s is local here, but nothing listens on %s port %u: connection refused"
							     : "%s is local here, but no socket is bound to %s port %u: port unreachable",
				   ip, p, g->port), NULL);
		return NST_REACH_FAIL;
	}
	h->reason = xasprintf("%s is local here: delivered to a %s socket on port %u", ip, p, g->port);
	return NST_REACH_OK;
}

/*
 * One direction. Returns the verdict of the leg; *arrived gets the namespace
 * it was delivered in. g->src is filled from the first answer when not given.
 */
static enum nst_reach_verdict walk(const struct nst_model *m, const struct nst_fib_oracle *o,
				   const struct nst_ns *ns, struct reach_leg *g, struct nst_reach_path *path,
				   const struct nst_ns **arrived)
{
	struct reach_seen { struct nst_ns_id id; int iif; } seen[NST_REACH_TTL];
	size_t n_seen = 0;
	int iif = 0;
	bool prerouted = false; /* the hop's prerouting ran in the bridge that sent it here (reach_next) */
	char ipbuf[NST_ADDR_STRLEN];

	for (int ttl = 0; ttl < NST_REACH_TTL; ttl++) {
		const char *iifname = iif ? nst_ns_link_name(ns, iif) : NULL;
		struct nst_reach_hop *h = add_hop(path, ns, iifname);

		for (size_t i = 0; i < n_seen; i++) {
			if (nst_ns_id_eq(seen[i].id, ns->id) && seen[i].iif == iif) {
				h->command = route_get_cmd(ns, g, iifname);
				set_fail(h, NST_REACH_FAIL, xasprintf("routing loop: the packet to %s comes back here",
								      reach_ip(g->family, g->dst, ipbuf, sizeof(ipbuf))), NULL);
				return NST_REACH_FAIL;
			}
		}
		seen[n_seen].id = ns->id;
		seen[n_seen++].iif = iif;

		const struct nst_link *in = iif ? nst_ns_find_link(ns, iif) : NULL;
		enum nst_reach_verdict hv;
		if (g->reply) {
			reach_unnat(ns, g, true, h); /* the request's SNAT here: before the route lookup */
		}
		if (iif && !prerouted && (hv = reach_hook(ns, "prerouting", g, in, NULL, NULL, h)) != NST_REACH_OK) {
			return hv;
		}
		struct nst_fib_answer a;
		const struct nst_link *out = NULL;
		bool local = false;
		for (int pass = 0; pass < 2; pass++) {
			struct nst_fib_query q = { .family = g->family, .has_src = g->has_src, .iif = iif };
			uint8_t dst_before[16];
			memcpy(q.dst, g->dst, 16);
			memcpy(q.src, g->src, 16);
			memset(&a, 0, sizeof(a));
			free(h->command);
			h->command = route_get_cmd(ns, g, iifname);
			int rc = o->lookup(o->ctx, ns, &q, &a);
			if (rc < 0) {
				set_fail(h, NST_REACH_UNKNOWN, xasprintf("the kernel could not be asked here: %s", strerror(-rc)), NULL);
				return NST_REACH_UNKNOWN;
			}
			if (a.err) {
				reach_refusal(m, ns, g, iif, &a, h);
				return NST_REACH_FAIL;
			}
			free(h->route);
			h->route = route_text(ns, g->family, &a);
			if (!g->has_src) {
				if (!a.has_prefsrc) {
					set_fail(h, NST_REACH_FAIL, xasprintf("no source address: %s has no address to send from",
									      h->ns), NULL);
					return NST_REACH_FAIL;
				}
				memcpy(g->src, a.prefsrc, 16);
				g->has_src = true;
			}
			if (g->conn && !g->reply && !g->conn->has_orig) {
				g->conn->has_orig = true;
				memcpy(g->conn->orig_src, g->src, 16);
			}
			local = a.type == NST_RTN_LOCAL;
			out = local ? NULL : nst_ns_find_link(ns, a.oif);
			if (!local && !out) {
				set_fail(h, NST_REACH_UNKNOWN, xasprintf("the kernel names device %d, which nstop has not read", a.oif), NULL);
				return NST_REACH_UNKNOWN;
			}
			snprintf(h->oif, sizeof(h->oif), "%s", out ? out->name : "");
			if (iif || pass) {
				break;
			}
			/* sent here: the output hook sees the routed packet; a DNAT there routes it again */
			memcpy(dst_before, g->dst, 16);
			const struct nst_link *dev = out ? out : nst_ns_find_link(ns, a.oif); /* local: lo */
			if ((hv = reach_hook(ns, "output", g, NULL, dev, NULL, h)) != NST_REACH_OK) {
				return hv;
			}
			if (memcmp(dst_before, g->dst, 16) == 0) {
				break;
			}
		}
		if (local) {
			/* sent to itself: it comes in on lo, the device the kernel's answer names */
			const struct nst_link *lin = iif ? in : nst_ns_find_link(ns, a.oif);
			if ((hv = reach_hook(ns, "input", g, lin, NULL, NULL, h)) != NST_REACH_OK) {
				return hv;
			}
			if (g->reply) {
				reach_unnat(ns, g, false, h);
			}
			*arrived = ns;
			return arrive(o, ns, g, h);
		}
		if (iif && (hv = reach_hook(ns, "forward", g, in, out, NULL, h)) != NST_REACH_OK) {
			return hv;
		}
		if (g->reply) {
			reach_unnat(ns, g, false, h); /* the request's DNAT here: the reply's source put back */
		}
		if ((hv = reach_hook(ns, "postrouting", g, in, out, a.has_gateway ? a.gateway : NULL, h)) != NST_REACH_OK) {
			return hv;
		}
		struct reach_next nx = { 0 };
		enum nst_reach_verdict v = reach_next_hop(m, ns, out, g, &a, h, &nx);
		if (v != NST_REACH_OK) {
			return v;
		}
		h->result = NST_REACH_OK;
		ns = nx.ns;
		iif = nx.iif;
		prerouted = nx.prerouted;
	}
	struct nst_reach_hop *h = add_hop(path, ns, NULL);
	set_fail(h, NST_REACH_FAIL, xasprintf("more than %d hops: TTL exceeded", NST_REACH_TTL), NULL);
	return NST_REACH_FAIL;
}

static void first_reason(struct nst_reach *r, const struct nst_reach_path *p)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->v[i].result != NST_REACH_OK) {
			r->reason = p->v[i].reason ? xstrdup(p->v[i].reason) : NULL;
			r->fix = p->v[i].fix ? xstrdup(p->v[i].fix) : NULL;
			return;
		}
	}
}

/*
 * A tcp/udp reply that arrives home from another address or port than the
 * request was sent to: the request was DNAT'd in a namespace the reply did not
 * come back through, so no conntrack put its source back, and the source's
 * socket (connected to the address it asked) does not take it. An echo reply
 * is still an echo reply: ping matches it by its id.
 */
static void reply_not_undone(const struct nst_model *m, const struct nst_reach_probe *p, const struct reach_leg *back,
			     const struct reach_conn *conn, struct nst_reach_hop *h)
{
	char from[NST_ADDR_STRLEN], want[NST_ADDR_STRLEN], where[128] = "";

	for (size_t i = 0; i < conn->n; i++) {
		const struct nst_ns *ns = conn->v[i].dst ? nst_model_find_ns_id(m, conn->v[i].ns) : NULL;
		if (ns) {
			char q[96];
			snprintf(where, sizeof(where), ": it does not come back through %s, where the request was DNAT'd "
				 "(only conntrack there puts the reply's source back)",
				 nst_term_str(ns->display ? ns->display : ns->name, q, sizeof(q)));
			break;
		}
	}
	set_fail(h, NST_REACH_FAIL,
		 xasprintf("the reply comes from %s port %u, not from %s port %u the request was sent to%s; "
			   "the %s socket there does not take it",
			   reach_ip(p->family, back->src, from, sizeof(from)), back->sport,
			   reach_ip(p->family, p->dst, want, sizeof(want)), p->port, where, nst_reach_proto_str(p->proto)),
		 NULL);
}

void nst_reach_explain(const struct nst_model *m, const struct nst_fib_oracle *o, const struct nst_reach_probe *p,
		       struct nst_reach *out)
{
	struct reach_conn conn = { .n = 0 };
	struct reach_leg g = { .family = p->family, .has_src = p->has_src, .proto = p->proto, .port = p->port, .conn = &conn };
	if (p->from->port_range_lo > 0 && p->from->port_range_hi >= p->from->port_range_lo) {
		g.eph_lo = (uint16_t)p->from->port_range_lo;
		g.eph_hi = (uint16_t)p->from->port_range_hi;
	}
	const struct nst_ns *arrived = NULL;

	memset(out, 0, sizeof(*out));
	memcpy(g.dst, p->dst, 16);
	memcpy(g.src, p->src, 16);
	enum nst_reach_verdict v = walk(m, o, p->from, &g, &out->request, &arrived);
	out->has_src = g.has_src;
	memcpy(out->src, conn.has_orig ? conn.orig_src : g.src, 16);
	if (v == NST_REACH_OK) {
		/* The reply: from the destination address back to the source the destination saw. */
		/* port 0: the reply goes to the connection's own socket, not a listener */
		/* established: no nat chains; the NAT the request met reversed where it was done */
		struct reach_leg back = { .family = p->family, .has_src = true, .proto = p->proto, .port = 0,
					  .reply = true, .sport = g.port, .eph_lo = g.eph_lo, .eph_hi = g.eph_hi,
					  .conn = &conn };
		const struct nst_ns *home = NULL;
		memcpy(back.dst, g.src, 16);
		memcpy(back.src, g.dst, 16);
		v = walk(m, o, arrived, &back, &out->reply, &home);
		if (v == NST_REACH_OK && !nst_ns_id_eq(home->id, p->from->id)) {
			struct nst_reach_hop *h = &out->reply.v[out->reply.n - 1];
			char ip[NST_ADDR_STRLEN];
			set_fail(h, NST_REACH_FAIL,
				 xasprintf("the reply is delivered here, not in %s: %s is also an address of this namespace",
					   p->from->display ? p->from->display : p->from->name,
					   reach_ip(p->family, back.dst, ip, sizeof(ip))), NULL);
			v = NST_REACH_FAIL;
		} else if (v == NST_REACH_OK && memcmp(back.dst, out->src, reach_alen(p->family)) != 0) {
			struct nst_reach_hop *h = &out->reply.v[out->reply.n - 1];
			char ip[NST_ADDR_STRLEN], ip2[NST_ADDR_STRLEN];
			set_fail(h, NST_REACH_FAIL,
				 xasprintf("the reply arrives for %s, not for the request's source %s: a NAT on the way is not undone",
					   reach_ip(p->family, back.dst, ip, sizeof(ip)),
					   reach_ip(p->family, out->src, ip2, sizeof(ip2))), NULL);
			v = NST_REACH_FAIL;
		} else if (v == NST_REACH_OK && p->proto != NST_PROTO_ICMP &&
			   (memcmp(back.src, p->dst, reach_alen(p->family)) != 0 || back.sport != p->port)) {
			reply_not_undone(m, p, &back, &conn, &out->reply.v[out->reply.n - 1]);
			v = NST_REACH_FAIL;
		}
	}
	out->reachable = v == NST_REACH_OK ? 1 : v == NST_REACH_FAIL ? 0 : -1;
	if (v != NST_REACH_OK) {
		first_reason(out, &out->request);
		if (!out->reason) {
			first_reason(out, &out->reply);
		}
	}
}

static void free_path(struct nst_reach_path *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct nst_reach_hop *h = &p->v[i];
		free(h->ns);
		free(h->route);
		free(h->neighbour);
		free(h->reason);
		free(h->fix);
		free(h->command);
		free(h->nat);
		for (size_t k = 0; k < h->n_hooks; k++) {
			struct nst_reach_hook *k_ = &h->hooks[k];
			free(k_->table);
			free(k_->chain);
			free(k_->rule_text);
			free(k_->verdict);
			free(k_->ns);
		}
		free(h->hooks);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

void nst_reach_free(struct nst_reach *r)
{
	free_path(&r->request);
	free_path(&r->reply);
	free(r->reason);
	free(r->fix);
	nst_reach_observed_free(r->probe);
	memset(r, 0, sizeof(*r));
}
