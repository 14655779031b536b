/* SPDX-License-Identifier: MIT */
/*
 * Routes and rules for --json. A route keeps the keys it always had (family,
 * dst, gateway, dev, scope, protocol: the first next hop for ECMP) and adds
 * the rest; absent values are null so every route has every key.
 */
#include "json_route.h"

#include <stdio.h>
#include <sys/socket.h>

#include "route_text.h"

static void json_addr(struct nst_json *j, const char *key, bool has, const struct nst_addr *a, bool prefix)
{
	char buf[NST_ADDR_STRLEN];

	nst_json_str(j, key, has ? nst_addr_format(a, prefix, buf, sizeof(buf)) : NULL);
}

static void json_dev(struct nst_json *j, const struct nst_ns *ns, int oif)
{
	nst_json_str(j, "dev", oif ? nst_ns_link_name(ns, oif) : NULL);
}

void nst_json_route(struct nst_json *j, const struct nst_ns *ns, const struct nst_route *r)
{
	char buf[NST_ADDR_STRLEN];
	const char *type = nst_route_type_str(r->type);

	nst_json_obj_begin(j, NULL);
	nst_json_str(j, "family", nst_family_str(r->family));
	nst_json_str(j, "dst", nst_route_dst_format(r, buf, sizeof(buf)));
	json_addr(j, "gateway", r->has_gateway, &r->gateway, false);
	json_dev(j, ns, r->oif);
	nst_json_str(j, "scope", r->scope);
	nst_json_str(j, "protocol", r->protocol);
	nst_json_uint(j, "table", r->table);
	if (type) {
		nst_json_str(j, "type", type);
	} else {
		nst_json_uint(j, "type", r->type); /* a number nstop has no name for */
	}
	if (r->has_metric) {
		nst_json_uint(j, "metric", r->metric);
	} else {
		nst_json_null(j, "metric");
	}
	json_addr(j, "prefsrc", r->has_prefsrc, &r->prefsrc, false);
	nst_json_bool(j, "onlink", r->onlink);
	nst_json_str(j, "pref", nst_route_pref_str(r));
	if (r->nh_id) {
		nst_json_uint(j, "nhid", r->nh_id); /* the object in the namespace's "nexthops"; the hops below are its */
	} else {
		nst_json_null(j, "nhid");
	}
	nst_json_arr_begin(j, "nexthops");
	for (size_t i = 0; i < r->n_nexthops; i++) {
		const struct nst_nexthop *h = &r->nexthops[i];
		nst_json_obj_begin(j, NULL);
		json_addr(j, "gateway", h->has_gateway, &h->gateway, false);
		json_dev(j, ns, h->oif);
		nst_json_int(j, "weight", h->weight);
		nst_json_bool(j, "onlink", h->onlink);
		nst_json_obj_end(j);
	}
	nst_json_arr_end(j);
	nst_json_str(j, "encap", nst_route_encap(r)[0] ? nst_route_encap(r) : NULL);
	nst_json_str(j, "raw", nst_route_raw(r)[0] ? nst_route_raw(r) : NULL);
	nst_json_str(j, "warning", nst_route_warning(r)[0] ? nst_route_warning(r) : NULL);
	nst_json_obj_end(j);
}

static void json_range(struct nst_json *j, const char *key, bool has, uint16_t lo, uint16_t hi)
{
	char buf[16];

	if (!has) {
		nst_json_null(j, key);
		return;
	}
	if (lo == hi) {
		snprintf(buf, sizeof(buf), "%u", lo);
	} else {
		snprintf(buf, sizeof(buf), "%u-%u", lo, hi);
	}
	nst_json_str(j, key, buf);
}

static void json_rule(struct nst_json *j, const struct nst_rule *r)
{
	const char *act = nst_rule_action_str(r->action);
	size_t full = r->family == AF_INET ? 32 : 128;

	nst_json_obj_begin(j, NULL);
	nst_json_str(j, "family", nst_family_str(r->family));
	nst_json_uint(j, "priority", r->priority);
	nst_json_bool(j, "not", r->invert);
	json_addr(j, "src", r->has_src, &r->src, r->src.prefixlen != full);
	json_addr(j, "dst", r->has_dst, &r->dst, r->dst.prefixlen != full);
	nst_json_str(j, "iif", r->iif[0] ? r->iif : NULL);
	nst_json_str(j, "oif", r->oif[0] ? r->oif : NULL);
	if (r->has_fwmark) {
		nst_json_uint(j, "fwmark", r->fwmark);
		nst_json_uint(j, "fwmask", r->fwmask);
	} else {
		nst_json_null(j, "fwmark");
		nst_json_null(j, "fwmask");
	}
	nst_json_uint(j, "tos", r->tos);
	if (r->has_uidrange) {
		nst_json_obj_begin(j, "uidrange");
		nst_json_uint(j, "start", r->uid_start);
		nst_json_uint(j, "end", r->uid_end);
		nst_json_obj_end(j);
	} else {
		nst_json_null(j, "uidrange");
	}
	nst_json_uint(j, "ipproto", r->ipproto);
	json_range(j, "sport", r->has_sport, r->sport_lo, r->sport_hi);
	json_range(j, "dport", r->has_dport, r->dport_lo, r->dport_hi);
	nst_json_bool(j, "l3mdev", r->l3mdev);
	if (act) {
		nst_json_str(j, "action", act);
	} else {
		nst_json_uint(j, "action", r->action);
	}
	if (r->action == 1 && !r->l3mdev) {
		nst_json_uint(j, "table", r->table);
	} else {
		nst_json_null(j, "table");
	}
	if (r->action == 2) {
		nst_json_uint(j, "goto", r->goto_target);
	} else {
		nst_json_null(j, "goto");
	}
	char w[192];
	nst_json_str(j, "warning", r->undecoded ? nst_rule_warning(r, w, sizeof(w)) : NULL);
	nst_json_obj_end(j);
}

void nst_json_rules(struct nst_json *j, const struct nst_ns *ns)
{
	nst_json_arr_begin(j, "rules");
	for (size_t i = 0; i < ns->n_rules; i++) {
		json_rule(j, &ns->rules[i]);
	}
	nst_json_arr_end(j);
}

/* `ip -j nexthop show`, with every key on every object (null when absent). */
static void json_nhobj(struct nst_json *j, const struct nst_ns *ns, const struct nst_nhobj *o)
{
	nst_json_obj_begin(j, NULL);
	nst_json_uint(j, "id", o->id);
	nst_json_str(j, "family", o->family ? nst_family_str(o->family) : NULL);
	json_addr(j, "gateway", o->has_gateway, &o->gateway, false);
	json_dev(j, ns, o->oif);
	nst_json_bool(j, "blackhole", o->blackhole);
	nst_json_bool(j, "onlink", o->onlink);
	nst_json_bool(j, "fdb", o->fdb);
	if (o->group) {
		nst_json_arr_begin(j, "group");
		for (size_t i = 0; i < o->n_group; i++) {
			nst_json_obj_begin(j, NULL);
			nst_json_uint(j, "id", o->group[i].id);
			nst_json_int(j, "weight", o->group[i].weight);
			nst_json_obj_end(j);
		}
		nst_json_arr_end(j);
		if (o->group_type <= 1) {
			nst_json_str(j, "group_type", o->group_type ? "resilient" : "mpath");
		} else {
			nst_json_uint(j, "group_type", o->group_type);
		}
	} else {
		nst_json_null(j, "group");
		nst_json_null(j, "group_type");
	}
	if (o->has_res) {
		/* as `ip -j nexthop show` has them: timers in seconds */
		nst_json_obj_begin(j, "resilient");
		nst_json_uint(j, "buckets", o->res_buckets);
		nst_json_uint(j, "idle_timer", o->res_idle_timer / 100);
		nst_json_uint(j, "unbalanced_timer", o->res_unbalanced_timer / 100);
		nst_json_obj_end(j);
	} else {
		nst_json_null(j, "resilient");
	}
	nst_json_str(j, "scope", o->scope);
	nst_json_str(j, "protocol", o->protocol);
	nst_json_str(j, "encap", o->encap[0] ? o->encap : NULL);
	nst_json_str(j, "warning", o->warning[0] ? o->warning : NULL);
	nst_json_obj_end(j);
}

void nst_json_nexthops(struct nst_json *j, const struct nst_ns *ns)
{
	nst_json_arr_begin(j, "nexthops");
	for (size_t i = 0; i < ns->n_nhobjs; i++) {
		json_nhobj(j, ns, &ns->nhobjs[i]);
	}
	nst_json_arr_end(j);
}
