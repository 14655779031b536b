/* SPDX-License-Identifier: MIT */
/*
 * Routes and policy rules as words and one-line text, the way iproute2 writes
 * them (`ip route show table all`, `ip rule`), and the memory a route owns.
 */
#pragma once
#include <stddef.h>

#include "model.h"

#define NST_RT_TABLE_MAIN 254
#define NST_RT_TABLE_LOCAL 255
#define NST_RTN_UNICAST 1

/* "unicast", "blackhole", ... for RTN_*; NULL for a number nstop has no name for. */
const char *nst_route_type_str(unsigned type);
/* "main", "local", "default" or the number; buf holds 12. */
const char *nst_route_table_str(uint32_t table, char *buf, size_t len);
/* Noise to most people, folded by views (--json keeps them): the local table (255), and the
 * fe80::/64 the kernel adds on every IPv6 link (main, unicast, proto kernel), as link-local
 * addresses are. */
bool nst_route_folded(const struct nst_route *r);
/* Tables other than main and local (folded) with their route counts, in first-seen order;
 * at most max of them; returns how many tables there are in all. */
struct nst_route_table_count {
	uint32_t table;
	size_t routes;
};
size_t nst_route_other_tables(const struct nst_ns *ns, struct nst_route_table_count *out, size_t max);
/* "medium", "high", "low" for RTA_PREF, NULL when absent or unknown. */
const char *nst_route_pref_str(const struct nst_route *r);
/* The whole route on one line: "blackhole 10.66.0.0/16 table 100 proto boot metric 5". Raw names: quote for where it lands. */
const char *nst_route_text(const struct nst_ns *ns, const struct nst_route *r, char *buf, size_t len);
/* The same without proto and scope, for --monitor lines ("route add 10.50.0.0/16 via 192.168.10.1 dev vethB"). */
const char *nst_route_text_brief(const struct nst_ns *ns, const struct nst_route *r, char *buf, size_t len);

/* "lookup", "goto", "nop", "blackhole", "unreachable", "prohibit" for FR_ACT_*; NULL: unknown. */
const char *nst_rule_action_str(unsigned action);
/* One of the rules a namespace starts with (0 local, 32766 main, and for IPv4 32767 default), as the
 * kernel made it: no selector, no warning. Views fold them; the export script leaves them be. */
bool nst_rule_is_kernel_default(const struct nst_rule *r);
/* `ip rule` text: "1000:\tfrom 10.9.0.0/24 lookup 100". Raw names: quote for where it lands. */
const char *nst_rule_text(const struct nst_rule *r, char *buf, size_t len);
/* What of r nstop could not decode, in words ("an address selector not decoded; ..."); "" when all was. */
const char *nst_rule_warning(const struct nst_rule *r, char *buf, size_t len);

/* Nexthop objects (nhobj.c). An object with n_members zeroed members (a group) or none. */
struct nst_nhobj *nst_ns_add_nhobj(struct nst_ns *ns, size_t n_members);
void nst_ns_clear_nhobjs(struct nst_ns *ns);
/* Order ns->nhobjs by id (the kernel dumps them so; nst_model_sort and the backend call it). */
void nst_ns_sort_nhobjs(struct nst_ns *ns);
/* The object of that id, or NULL; ns->nhobjs sorted. */
const struct nst_nhobj *nst_ns_find_nhobj(const struct nst_ns *ns, uint32_t id);
/* `ip nexthop show` text: "id 10 group 1/2,3", "id 1 via 10.1.0.2 dev v1 scope link". Raw names: quote where it lands. */
const char *nst_nhobj_text(const struct nst_ns *ns, const struct nst_nhobj *o, char *buf, size_t len);
/* Routes naming an object (nh_id) whose message carried no hop get the object's gateway,
 * device, or the group's members as next hops with their weights. */
void nst_ns_resolve_nhids(struct nst_ns *ns);

/* nst_ns_add_route with n_hops zeroed next hops (main table, unicast until told). */
struct nst_route *nst_ns_add_route_hops(struct nst_ns *ns, size_t n_hops);
struct nst_rule *nst_ns_add_rule(struct nst_ns *ns);
/* Free what routes own and empty the list (the array stays). */
void nst_ns_clear_routes(struct nst_ns *ns);
/* r's encap/raw/warning to write into: made empty on first use. */
struct nst_route_extra *nst_route_extra(struct nst_route *r);
/* Free what one route owns (next hops, extra); r is then plain. */
void nst_route_free_parts(struct nst_route *r);
