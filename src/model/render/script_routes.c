/* SPDX-License-Identifier: MIT */
/*
 * `--export-script`: the routes of every table with their types, metrics,
 * sources, next hops and encap, device routes before nexthop objects
 * (script_nexthops.c) before gateway routes, and a comment for each it cannot
 * write; the kernel's own routes are its to make.
 */
#include <stdio.h>
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
 * `onlink`. A gateway nothing reaches means the route needs onlink, flag or
 * not (what reached it is not in the model), or the `route add` would fail.
 * An address's prefix counts too: its route is the kernel's.
 */
static bool gateway_reachable(const struct nst_ns *ns, const struct nst_route *r, const struct nst_addr *gw, int oif)
{
	if (addr_is_link_local(gw)) {
		return true;
	}
	for (size_t i = 0; i < ns->n_links; i++) {
		const struct nst_link *l = &ns->links[i];

		for (size_t k = 0; (!oif || l->ifindex == oif) && k < l->n_addrs; k++) {
			if (prefix_contains(&l->addrs[k], l->addrs[k].prefixlen, gw)) {
				return true;
			}
		}
	}
	for (size_t i = 0; i < ns->n_routes; i++) {
		const struct nst_route *c = &ns->routes[i];

		if (c->has_gateway || c->n_nexthops || c->type != NST_RTN_UNICAST || c->family != r->family ||
		    c->table != r->table || (oif && c->oif != oif)) {
			continue;
		}
		if (c->is_default || prefix_contains(&c->dst, c->dst.prefixlen, gw)) {
			return true;
		}
	}
	return false;
}

/* Types `ip route add` makes, and which of them need a device. */
static bool type_known(uint8_t type)
{
	return type == NST_RTN_UNICAST || type == 2 || type == 3 || type == 4 || type == 5 || type == 6 ||
	       type == 7 || type == 8 || type == 9;
}

static bool type_needs_dev(uint8_t type)
{
	return type == NST_RTN_UNICAST || type == 2 || type == 3 || type == 4 || type == 5;
}

/* An encap the script can write: seg6 and mpls, in the words iproute2 reads. */
static bool encap_writable(const char *encap)
{
	return strncmp(encap, "seg6 mode ", 10) == 0 || strncmp(encap, "mpls ", 5) == 0;
}

/* A device of the route (its own or a next hop's) the script does not configure; NULL: none. */
static const char *dev_missing(const struct script *s, const struct nst_ns *ns, int oif)
{
	const struct nst_link *dev = oif ? nst_ns_find_link(ns, oif) : NULL;

	if (oif && !dev) {
		return "its device is not in the model";
	}
	if (dev && !configured(s->plan[flat(s, ns, dev)])) {
		return "its device is not created by this script";
	}
	return NULL;
}

static bool route_writable(const struct script *s, const struct nst_ns *ns, const struct nst_route *r,
			   bool comment)
{
	const struct nst_link *dev = r->oif ? nst_ns_find_link(ns, r->oif) : NULL;
	char buf[NST_ADDR_STRLEN], whybuf[sizeof(struct nst_route_extra) + 64];
	const char *why = NULL;

	if (route_is_kernels(r)) {
		return false;
	}
	why = dev_missing(s, ns, r->oif);
	for (size_t k = 0; !why && k < r->n_nexthops; k++) {
		why = dev_missing(s, ns, r->nexthops[k].oif);
	}
	if (r->nh_id && !nst_script_nhobj_writable(s, ns, r->nh_id)) {
		snprintf(whybuf, sizeof(whybuf), "its nexthop object %u is not recreated", r->nh_id);
		why = whybuf;
	} else if (r->nh_id) {
		why = NULL; /* the object's device was checked; the hops copied from it say nothing more */
	}
	if (why) {
		/* said first: the most common reasons */
	} else if (!type_known(r->type)) {
		snprintf(whybuf, sizeof(whybuf), "a route of type %u: not one ip route add makes", r->type);
		why = whybuf;
	} else if (nst_route_warning(r)[0]) {
		snprintf(whybuf, sizeof(whybuf), "nstop did not decode all of it (%s)", nst_route_warning(r));
		why = whybuf;
	} else if (nst_route_raw(r)[0] || (nst_route_encap(r)[0] && !encap_writable(nst_route_encap(r)))) {
		snprintf(whybuf, sizeof(whybuf), "its encap (%s) is not one this script writes back", nst_route_encap(r));
		why = whybuf;
	} else if (type_needs_dev(r->type) && !r->oif && !r->has_gateway && !r->n_nexthops && !r->nh_id) {
		why = "no device and no gateway";
	} else if (strcmp(r->protocol, "ra") == 0) {
		why = "learnt from a router advertisement (proto ra); the router announces it";
	}
	if (why && comment) {
		nst_script_skip(ns, NULL, s->out);
		fputs("route ", s->out);
		if (r->type != NST_RTN_UNICAST) {
			nst_script_comment(nst_route_type_str(r->type) ? nst_route_type_str(r->type) : "typed", s->out);
			fputc(' ', s->out);
		}
		fputs(nst_route_dst_format(r, buf, sizeof(buf)), s->out);
		if (r->has_gateway) {
			fprintf(s->out, " via %s", nst_addr_format(&r->gateway, false, buf, sizeof(buf)));
		}
		if (dev) {
			fputs(" dev ", s->out);
			nst_script_comment(dev->name, s->out);
		}
		if (r->table != NST_RT_TABLE_MAIN) {
			fprintf(s->out, " table %u", r->table);
		}
		fputs(": ", s->out);
		nst_script_comment(why, s->out);
		fputc('\n', s->out);
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

/* RTA_PRIORITY as the kernel keeps it: IPv4 sends none for 0, IPv6 routes added without one get 1024. */
static uint32_t metric_of(const struct nst_route *r)
{
	return r->has_metric ? r->metric : r->family == AF_INET6 ? 1024 : 0;
}

/* Written in the second pass: through a gateway, several next hops, or a nexthop object (made between the passes). */
static bool late(const struct nst_route *r)
{
	return r->has_gateway || r->n_nexthops || r->nh_id;
}

/*
 * Whether the key of r (table, destination, metric) is taken already when the
 * script adds r: by a route the kernel makes, or one written before it (device
 * routes come before gateway routes). `add` would fail: `append` keeps both.
 */
static bool route_seen(const struct script *s, const struct nst_ns *ns, const struct nst_route *r)
{
	for (const struct nst_route *c = ns->routes; c < ns->routes + ns->n_routes; c++) {
		if (c == r || !same_dst(c, r) || c->table != r->table || metric_of(c) != metric_of(r)) {
			continue;
		}
		if (route_is_kernels(c)) {
			return true;
		}
		bool earlier = late(c) == late(r) ? c < r : !late(c);
		if (earlier && route_writable(s, ns, c, false)) {
			return true;
		}
	}
	return false;
}

/* "seg6 mode encap segs 2 [ fc00::2 fc00::3 ]" (nstop's and ip's text) as ip reads it: "... segs fc00::2,fc00::3". */
static void encap_arg(const char *encap, FILE *out)
{
	const char *open = strstr(encap, " [ ");
	const char *segs = strstr(encap, " segs ");

	fputs(" encap ", out);
	if (strncmp(encap, "seg6 ", 5) != 0 || !open || !segs || segs > open) {
		fputs(encap, out);
		return;
	}
	fprintf(out, "%.*s segs ", (int)(segs - encap), encap);
	bool inline_mode = strncmp(encap, "seg6 mode inline ", 17) == 0;
	const char *p = open + 3;
	for (bool first = true; *p && *p != ']';) {
		size_t n = strcspn(p, " ]");
		/* inline mode keeps a slot for the destination, which ip adds back itself */
		bool slot = inline_mode && n == 2 && strncmp(p, "::", 2) == 0 && strcmp(p + n, " ]") == 0;
		if (n && !slot) {
			fprintf(out, "%s%.*s", first ? "" : ",", (int)n, p);
			first = false;
		}
		p += n;
		p += strspn(p, " ");
	}
}

static void hop_args(const struct script *s, const struct nst_ns *ns, const struct nst_route *r, bool has_gw,
		     const struct nst_addr *gw, int oif, bool onlink)
{
	const struct nst_link *dev = oif ? nst_ns_find_link(ns, oif) : NULL;
	char buf[NST_ADDR_STRLEN];

	if (has_gw) {
		fprintf(s->out, " via %s", nst_addr_format(gw, false, buf, sizeof(buf)));
	}
	if (dev) {
		fputs(" dev ", s->out);
		nst_script_word(dev->name, s->out);
	}
	if (has_gw && (onlink || !gateway_reachable(ns, r, gw, oif))) {
		fputs(" onlink", s->out);
	}
}

/* The scope `ip route add` gives a route of this type when none is said. */
static const char *default_scope(const struct nst_route *r)
{
	if (r->type == 2) {
		return "host";
	}
	if (r->type == 3 || r->type == 4 || r->type == 5) {
		return "link";
	}
	return r->type == NST_RTN_UNICAST && !r->has_gateway && !r->n_nexthops ? "link" : "global";
}

static void route_add(const struct script *s, const struct nst_ns *ns, const struct nst_route *r)
{
	char buf[NST_ADDR_STRLEN];
	FILE *out = s->out;
	bool again = route_seen(s, ns, r);

	if (again) {
		/* the same destination and metric in the same table: a second route the kernel keeps beside it */
		fputs("# the destination is in the table already: appended\n", out);
	}
	nst_script_ip(ns, r->family == AF_INET6, out);
	fprintf(out, "route %s ", again ? "append" : "add");
	/* a route naming an object takes its type from it (the kernel reports a blackhole one's as blackhole) */
	if (r->type != NST_RTN_UNICAST && !r->nh_id) {
		fprintf(out, "%s ", nst_route_type_str(r->type));
	}
	fputs(nst_route_dst_format(r, buf, sizeof(buf)), out);
	if (nst_route_encap(r)[0]) {
		encap_arg(nst_route_encap(r), out);
	}
	if (r->nh_id) {
		fprintf(out, " nhid %u", r->nh_id); /* the object's hops, not copies of them */
	} else if (!r->n_nexthops) {
		hop_args(s, ns, r, r->has_gateway, &r->gateway, r->oif, r->onlink);
	}
	if (r->table != NST_RT_TABLE_MAIN) {
		fprintf(out, " table %s", nst_route_table_str(r->table, buf, sizeof(buf)));
	}
	if (r->family == AF_INET && r->scope[0] && strcmp(r->scope, default_scope(r)) != 0) {
		fputs(" scope ", out);
		nst_script_word(r->scope, out);
	}
	if (r->protocol[0] && strcmp(r->protocol, "boot") != 0) {
		fputs(" proto ", out);
		nst_script_word(r->protocol, out);
	}
	if (metric_of(r) != (r->family == AF_INET6 ? 1024 : 0)) {
		fprintf(out, " metric %u", metric_of(r));
	}
	if (r->has_prefsrc) {
		fprintf(out, " src %s", nst_addr_format(&r->prefsrc, false, buf, sizeof(buf)));
	}
	if (r->family == AF_INET6 && nst_route_pref_str(r) && r->pref != 0) {
		fprintf(out, " pref %s", nst_route_pref_str(r));
	}
	for (size_t k = 0; !r->nh_id && k < r->n_nexthops; k++) {
		const struct nst_nexthop *h = &r->nexthops[k];

		fputs(" nexthop", out);
		hop_args(s, ns, r, h->has_gateway, &h->gateway, h->oif, h->onlink);
		fprintf(out, " weight %d", h->weight > 0 ? h->weight : 1);
	}
	fputc('\n', out);
}

void nst_script_routes(const struct script *s)
{
	const struct nst_model *m = s->m;

	fputs("\n# routes of every table: through a device first, then through a gateway\n", s->out);
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		if (!selected(s, ns) || !recreatable(ns)) {
			continue;
		}
		for (int pass = 0; pass < 2; pass++) {
			if (pass == 1 && ns->n_nhobjs) {
				nst_script_nexthops(s, ns);
			}
			for (size_t k = 0; k < ns->n_routes; k++) {
				const struct nst_route *r = &ns->routes[k];

				if (late(r) == (pass == 1) && route_writable(s, ns, r, true)) {
					route_add(s, ns, r);
				}
			}
		}
	}
}
