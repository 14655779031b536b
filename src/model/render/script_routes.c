/* SPDX-License-Identifier: MIT */
/*
 * `--export-script`: the routes, device routes before gateway routes, and
 * a comment for each it cannot write.
 */
#include <string.h>

#include "route_text.h"
#include "script_internal.h"

/* Routes the kernel adds by itself: for addresses, IPv6 link-local and multicast. */
static bool route_is_kernels(const struct nst_route *r)
{
	if (strcmp(r->protocol, "kernel") == 0) {
		return true;
	}
	if (r->family != AF_INET6 || r->is_default) {
		return false;
	}
	return (r->dst.bytes[0] == 0xfe && (r->dst.bytes[1] & 0xc0) == 0x80 && r->dst.prefixlen >= 10) ||
	       (r->dst.bytes[0] == 0xff && r->dst.prefixlen >= 8);
}

static bool prefix_contains(const struct nst_addr *net, int prefixlen, const struct nst_addr *a)
{
	int full = prefixlen / 8, rest = prefixlen % 8;

	if (net->family != a->family) {
		return false;
	}
	if (memcmp(net->bytes, a->bytes, (size_t)full) != 0) {
		return false;
	}
	return !rest || ((net->bytes[full] ^ a->bytes[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

/*
 * The kernel accepts a gateway only when a link-scope route (or, for IPv6, a
 * link-local gateway) reaches it on that device, unless the route was added
 * `onlink`. nstop does not read that flag; a gateway nothing reaches means it
 * was set, and without it the `route add` would fail. An address's prefix
 * counts too: its route is the kernel's.
 */
static bool gateway_reachable(const struct nst_ns *ns, const struct nst_route *r)
{
	if (addr_is_link_local(&r->gateway)) {
		return true;
	}
	for (size_t i = 0; i < ns->n_links; i++) {
		const struct nst_link *l = &ns->links[i];

		for (size_t k = 0; (!r->oif || l->ifindex == r->oif) && k < l->n_addrs; k++) {
			if (prefix_contains(&l->addrs[k], l->addrs[k].prefixlen, &r->gateway)) {
				return true;
			}
		}
	}
	for (size_t i = 0; i < ns->n_routes; i++) {
		const struct nst_route *c = &ns->routes[i];

		if (c->has_gateway || c->family != r->family || c->table != r->table || (r->oif && c->oif != r->oif)) {
			continue;
		}
		if (c->is_default || prefix_contains(&c->dst, c->dst.prefixlen, &r->gateway)) {
			return true;
		}
	}
	return false;
}

static bool route_writable(const struct script *s, const struct nst_ns *ns, const struct nst_route *r,
			   bool comment)
{
	const struct nst_link *dev = r->oif ? nst_ns_find_link(ns, r->oif) : NULL;
	char buf[NST_ADDR_STRLEN], whybuf[96];
	const char *why = NULL;

	if (route_is_kernels(r)) {
		return false;
	}
	if (r->oif && !dev) {
		why = "its device is not in the model";
	} else if (dev && !configured(s->plan[flat(s, ns, dev)])) {
		why = "its device is not created by this script";
	} else if (r->type != NST_RTN_UNICAST) {
		snprintf(whybuf, sizeof(whybuf), "a %s route: not recreated by this script",
			 nst_route_type_str(r->type) ? nst_route_type_str(r->type) : "typed");
		why = whybuf;
	} else if (r->table != NST_RT_TABLE_MAIN) {
		snprintf(whybuf, sizeof(whybuf), "in table %u: not recreated by this script", r->table);
		why = whybuf;
	} else if (r->n_nexthops > 1) {
		why = "a multipath route: not recreated by this script";
	} else if (!r->oif && !r->has_gateway) {
		why = "no device and no gateway";
	} else if (strcmp(r->protocol, "ra") == 0) {
		why = "learnt from a router advertisement (proto ra); the router announces it";
	}
	if (why && comment) {
		nst_script_skip(ns, NULL, s->out);
		fprintf(s->out, "route %s", nst_route_dst_format(r, buf, sizeof(buf)));
		if (r->has_gateway) {
			fprintf(s->out, " via %s", nst_addr_format(&r->gateway, false, buf, sizeof(buf)));
		}
		if (dev) {
			fputs(" dev ", s->out);
			nst_script_comment(dev->name, s->out);
		}
		fprintf(s->out, ": %s\n", why);
	}
	return !why;
}

static bool same_dst(const struct nst_route *a, const struct nst_route *b)
{
	if (a->family != b->family || a->is_default != b->is_default) {
		return false;
	}
	return a->is_default || (a->dst.prefixlen == b->dst.prefixlen &&
				 memcmp(a->dst.bytes, b->dst.bytes, sizeof(a->dst.bytes)) == 0);
}

/*
 * Whether the destination of r is in the table already when the script adds r:
 * a route the kernel makes, or one written before it (device routes come
 * before gateway routes). nstop reads no metrics, so all of them collide.
 */
static bool route_seen(const struct script *s, const struct nst_ns *ns, const struct nst_route *r)
{
	for (const struct nst_route *c = ns->routes; c < ns->routes + ns->n_routes; c++) {
		if (c == r || !same_dst(c, r)) {
			continue;
		}
		if (route_is_kernels(c)) {
			return true;
		}
		bool earlier = c->has_gateway == r->has_gateway ? c < r : !c->has_gateway;
		if (earlier && route_writable(s, ns, c, false)) {
			return true;
		}
	}
	return false;
}

static void route_add(const struct script *s, const struct nst_ns *ns, const struct nst_route *r)
{
	const struct nst_link *dev = r->oif ? nst_ns_find_link(ns, r->oif) : NULL;
	const char *dflt_scope = r->has_gateway ? "global" : "link";
	char buf[NST_ADDR_STRLEN];
	FILE *out = s->out;
	bool again = route_seen(s, ns, r);

	if (again) {
		/* nstop lists one entry per next hop and does not read metrics: a second
		 * entry is a multipath hop or another metric; append keeps both. */
		fputs("# the destination is in the table already: appended\n", out);
	}
	nst_script_ip(ns, r->family == AF_INET6, out);
	fprintf(out, "route %s %s", again ? "append" : "add", nst_route_dst_format(r, buf, sizeof(buf)));
	if (r->has_gateway) {
		fprintf(out, " via %s", nst_addr_format(&r->gateway, false, buf, sizeof(buf)));
	}
	if (dev) {
		fputs(" dev ", out);
		nst_script_word(dev->name, out);
	}
	if (r->family == AF_INET && r->scope[0] && strcmp(r->scope, dflt_scope) != 0) {
		fputs(" scope ", out);
		nst_script_word(r->scope, out);
	}
	if (r->protocol[0] && strcmp(r->protocol, "boot") != 0) {
		fputs(" proto ", out);
		nst_script_word(r->protocol, out);
	}
	if (r->has_gateway && !gateway_reachable(ns, r)) {
		fputs(" onlink", out);
	}
	fputc('\n', out);
}

void nst_script_routes(const struct script *s)
{
	const struct nst_model *m = s->m;

	fputs("\n# routes of the main table: through a device first, then through a gateway\n", s->out);
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		if (!selected(s, ns) || !recreatable(ns)) {
			continue;
		}
		for (size_t k = 0; k < ns->n_routes; k++) {
			if (!ns->routes[k].has_gateway && route_writable(s, ns, &ns->routes[k], true)) {
				route_add(s, ns, &ns->routes[k]);
			}
		}
		for (size_t k = 0; k < ns->n_routes; k++) {
			if (ns->routes[k].has_gateway && route_writable(s, ns, &ns->routes[k], true)) {
				route_add(s, ns, &ns->routes[k]);
			}
		}
	}
}
