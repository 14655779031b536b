/* SPDX-License-Identifier: MIT */
/*
 * Routes and rules as iproute2 writes them: the words for types, tables and
 * actions, and one line per route or rule, used by --dump, details and --monitor.
 */
#include "route_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "xalloc.h"

const char *nst_route_type_str(unsigned type)
{
	/* RTN_* in linux/rtnetlink.h order */
	static const char *const names[] = { "unspec",    "unicast",     "local",    "broadcast",
					     "anycast",   "multicast",   "blackhole", "unreachable",
					     "prohibit",  "throw",       "nat",       "xresolve" };
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}

const char *nst_route_table_str(uint32_t table, char *buf, size_t len)
{
	switch (table) {
	case NST_RT_TABLE_MAIN:
		return "main";
	case NST_RT_TABLE_LOCAL:
		return "local";
	case 253:
		return "default";
	default:
		snprintf(buf, len, "%u", table);
		return buf;
	}
}

bool nst_route_folded(const struct nst_route *r)
{
	static const uint8_t fe80[8] = { 0xfe, 0x80 };

	if (r->table == NST_RT_TABLE_LOCAL) {
		return true;
	}
	/* exactly the kernel's own fe80::/64: one someone added (proto static), a metric
	 * route elsewhere or a longer prefix inside it are shown */
	return r->family == AF_INET6 && r->table == NST_RT_TABLE_MAIN && r->type == NST_RTN_UNICAST && !r->is_default &&
	       r->dst.prefixlen == 64 && memcmp(r->dst.bytes, fe80, sizeof(fe80)) == 0 && !r->has_gateway &&
	       r->n_nexthops == 0 && !r->nh_id && strcmp(r->protocol, "kernel") == 0;
}

size_t nst_route_other_tables(const struct nst_ns *ns, struct nst_route_table_count *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < ns->n_routes; i++) {
		uint32_t t = ns->routes[i].table;
		bool seen = false;

		if (t == NST_RT_TABLE_MAIN || t == NST_RT_TABLE_LOCAL) {
			continue;
		}
		/* a table is counted at its first route: the ones before say whether it was seen */
		for (size_t k = 0; k < i && !seen; k++) {
			seen = ns->routes[k].table == t;
		}
		if (seen) {
			for (size_t k = 0; k < n && k < max; k++) {
				out[k].routes += out[k].table == t;
			}
			continue;
		}
		if (n < max) {
			out[n].table = t;
			out[n].routes = 1;
		}
		n++;
	}
	return n;
}

const char *nst_route_pref_str(const struct nst_route *r)
{
	if (!r->has_pref) {
		return NULL;
	}
	switch (r->pref) {
	case 0:
		return "medium";
	case 1:
		return "high";
	case 3:
		return "low";
	default:
		return NULL;
	}
}

/* Appends to a buffer; a line that does not fit is cut, never overrun. */
struct line {
	char *buf;
	size_t len, at;
};

__attribute__((format(printf, 2, 3))) static void put(struct line *L, const char *fmt, ...)
{
	va_list ap;

	if (L->at + 1 >= L->len) {
		return;
	}
	va_start(ap, fmt);
	int n = vsnprintf(L->buf + L->at, L->len - L->at, fmt, ap);
	va_end(ap);
	if (n > 0) {
		L->at = (size_t)n < L->len - L->at ? L->at + (size_t)n : L->len - 1;
	}
}

static void put_hop(struct line *L, const struct nst_ns *ns, bool has_gw, const struct nst_addr *gw, int oif)
{
	char a[NST_ADDR_STRLEN];
	const char *dev = oif ? nst_ns_link_name(ns, oif) : NULL;

	if (has_gw) {
		put(L, " via %s", nst_addr_format(gw, false, a, sizeof(a)));
	}
	if (dev) {
		put(L, " dev %s", dev);
	} else if (oif) {
		put(L, " dev if%d", oif);
	}
}

static const char *route_text(const struct nst_ns *ns, const struct nst_route *r, bool brief, char *buf, size_t len)
{
	struct line L = { buf, len, 0 };
	char a[NST_ADDR_STRLEN], t[12];
	const char *type = nst_route_type_str(r->type);

	if (len == 0) {
		return buf;
	}
	buf[0] = '\0';
	if (r->type != NST_RTN_UNICAST) {
		if (type) {
			put(&L, "%s ", type);
		} else {
			put(&L, "type %u ", r->type);
		}
	}
	put(&L, "%s", nst_route_dst_format(r, a, sizeof(a)));
	if (r->nh_id) {
		put(&L, " nhid %u", r->nh_id); /* where iproute2 writes it; the hops follow, as the kernel gave them */
	}
	if (nst_route_encap(r)[0]) {
		put(&L, " encap %s", nst_route_encap(r));
	}
	if (r->n_nexthops == 0) {
		put_hop(&L, ns, r->has_gateway, &r->gateway, r->oif);
	}
	if (r->table != NST_RT_TABLE_MAIN) {
		put(&L, " table %s", nst_route_table_str(r->table, t, sizeof(t)));
	}
	if (r->protocol[0] && !brief) {
		put(&L, " proto %s", r->protocol);
	}
	if (r->scope[0] && !brief && strcmp(r->scope, "global") != 0 && strcmp(r->scope, "universe") != 0) {
		put(&L, " scope %s", r->scope);
	}
	if (r->has_prefsrc) {
		put(&L, " src %s", nst_addr_format(&r->prefsrc, false, a, sizeof(a)));
	}
	if (r->has_metric) {
		put(&L, " metric %u", r->metric);
	}
	if (r->onlink) {
		put(&L, " onlink");
	}
	if (nst_route_pref_str(r)) {
		put(&L, " pref %s", nst_route_pref_str(r));
	}
	for (size_t i = 0; i < r->n_nexthops; i++) {
		const struct nst_nexthop *h = &r->nexthops[i];
		put(&L, " nexthop");
		put_hop(&L, ns, h->has_gateway, &h->gateway, h->oif);
		put(&L, " weight %d", h->weight);
		if (h->onlink) {
			put(&L, " onlink");
		}
	}
	if (nst_route_warning(r)[0]) {
		put(&L, " (%s)", nst_route_warning(r));
	}
	return buf;
}

const char *nst_route_text(const struct nst_ns *ns, const struct nst_route *r, char *buf, size_t len)
{
	return route_text(ns, r, false, buf, len);
}

const char *nst_route_text_brief(const struct nst_ns *ns, const struct nst_route *r, char *buf, size_t len)
{
	return route_text(ns, r, true, buf, len);
}

const char *nst_rule_action_str(unsigned action)
{
	static const char *const names[] = { "unspec", "lookup", "goto", "nop", "res3", "res4",
					     "blackhole", "unreachable", "prohibit" };
	return action < sizeof(names) / sizeof(names[0]) ? names[action] : NULL;
}

static void put_range(struct line *L, const char *what, uint16_t lo, uint16_t hi)
{
	if (lo == hi) {
		put(L, " %s %u", what, lo);
	} else {
		put(L, " %s %u-%u", what, lo, hi);
	}
}

const char *nst_rule_text(const struct nst_rule *r, char *buf, size_t len)
{
	struct line L = { buf, len, 0 };
	char a[NST_ADDR_STRLEN], t[12];
	const char *act = nst_rule_action_str(r->action);

	if (len == 0) {
		return buf;
	}
	buf[0] = '\0';
	put(&L, "%u:", r->priority);
	if (r->invert) {
		put(&L, " not");
	}
	put(&L, " from %s", r->has_src ? nst_addr_format(&r->src, r->src.prefixlen != (r->family == AF_INET ? 32 : 128), a, sizeof(a)) : "all");
	if (r->has_dst) {
		put(&L, " to %s", nst_addr_format(&r->dst, r->dst.prefixlen != (r->family == AF_INET ? 32 : 128), a, sizeof(a)));
	}
	if (r->tos) {
		put(&L, " tos 0x%02x", r->tos);
	}
	if (r->has_fwmark) {
		if (r->fwmask == 0xffffffffu) {
			put(&L, " fwmark 0x%x", r->fwmark);
		} else {
			put(&L, " fwmark 0x%x/0x%x", r->fwmark, r->fwmask);
		}
	}
	if (r->iif[0]) {
		put(&L, " iif %s", r->iif);
	}
	if (r->oif[0]) {
		put(&L, " oif %s", r->oif);
	}
	if (r->has_uidrange) {
		put(&L, " uidrange %u-%u", r->uid_start, r->uid_end);
	}
	if (r->ipproto) {
		put(&L, " ipproto %u", r->ipproto);
	}
	if (r->has_sport) {
		put_range(&L, "sport", r->sport_lo, r->sport_hi);
	}
	if (r->has_dport) {
		put_range(&L, "dport", r->dport_lo, r->dport_hi);
	}
	if (r->l3mdev) {
		put(&L, " lookup [l3mdev-table]");
	} else if (r->action == 1) {
		put(&L, " lookup %s", nst_route_table_str(r->table, t, sizeof(t)));
	} else if (r->action == 2) {
		put(&L, " goto %u", r->goto_target);
	} else if (act) {
		put(&L, " %s", act);
	} else {
		put(&L, " action %u", r->action);
	}
	if (r->undecoded) {
		char w[192];
		put(&L, " (%s)", nst_rule_warning(r, w, sizeof(w)));
	}
	return buf;
}

struct nst_route *nst_ns_add_route_hops(struct nst_ns *ns, size_t n_hops)
{
	struct nst_route *r = nst_ns_add_route(ns);

	if (n_hops) {
		r->nexthops = xcalloc(n_hops, sizeof(*r->nexthops));
		r->n_nexthops = n_hops;
	}
	return r;
}

const char *nst_rule_warning(const struct nst_rule *r, char *buf, size_t len)
{
	static const char *const words[] = { "an address selector not decoded", "a device selector not decoded",
					      "a port range not decoded", "uidrange not decoded",
					      "action not known to nstop" };
	size_t at = 0;

	if (len) {
		buf[0] = '\0';
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if ((r->undecoded & (1u << i)) && at < len) {
			int n = snprintf(buf + at, len - at, "%s%s", at ? "; " : "", words[i]);
			at = n < 0 ? len : at + (size_t)n;
		}
	}
	return buf;
}

struct nst_rule *nst_ns_add_rule(struct nst_ns *ns)
{
	return xgrow(&ns->rules, &ns->n_rules, &ns->cap_rules, sizeof(*ns->rules));
}

struct nst_route_extra *nst_route_extra(struct nst_route *r)
{
	if (!r->extra) {
		r->extra = xcalloc(1, sizeof(*r->extra));
	}
	return r->extra;
}

void nst_route_free_parts(struct nst_route *r)
{
	free(r->nexthops);
	r->nexthops = NULL;
	r->n_nexthops = 0;
	free(r->extra);
	r->extra = NULL;
}

void nst_ns_clear_routes(struct nst_ns *ns)
{
	for (size_t i = 0; i < ns->n_routes; i++) {
		nst_route_free_parts(&ns->routes[i]);
	}
	ns->n_routes = 0;
}

bool nst_rule_is_kernel_default(const struct nst_rule *r)
{
	if (r->has_src || r->has_dst || r->iif[0] || r->oif[0] || r->has_fwmark || r->tos || r->has_uidrange ||
	    r->ipproto || r->has_sport || r->has_dport || r->l3mdev || r->invert || r->action != 1 || r->undecoded) {
		return false;
	}
	return (r->priority == 0 && r->table == NST_RT_TABLE_LOCAL) || (r->priority == 32766 && r->table == NST_RT_TABLE_MAIN) ||
	       (r->priority == 32767 && r->table == 253 && r->family == AF_INET);
}
