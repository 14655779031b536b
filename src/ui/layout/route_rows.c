/* SPDX-License-Identifier: MIT */
/*
 * Routing rows of the tree (route_rows.h). Rows name a route by its fields
 * (family, table, type, destination, metric, device) and its place among
 * routes with the same fields, a rule by family, priority and place: never
 * by index or pointer, so a row read after the model moved finds the same
 * object or nothing.
 */
#include "route_rows.h"

#include <string.h>
#include <sys/socket.h>

#include "route_text.h"

#define MAX_TABLES 64 /* groups shown; more tables than that is a namespace no tree row can summarise */

static size_t own_rules(const struct nst_ns *ns)
{
	size_t n = 0;

	for (size_t i = 0; i < ns->n_rules; i++) {
		n += !nst_rule_is_kernel_default(&ns->rules[i]);
	}
	return n;
}

bool ui_rt_shown(const struct nst_ns *ns)
{
	struct nst_route_table_count t[1];

	return nst_route_other_tables(ns, t, 1) > 0 || own_rules(ns) > 0;
}

static bool addr_same(const struct nst_addr *a, const struct nst_addr *b)
{
	return a->family == b->family && a->prefixlen == b->prefixlen && memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

static bool route_is(const struct ui_rt_key *k, const struct nst_route *r)
{
	return r->family == k->family && r->table == k->table && r->type == k->type && r->is_default == k->is_default &&
	       (r->is_default || addr_same(&r->dst, &k->dst)) && r->has_metric == k->has_metric &&
	       (!r->has_metric || r->metric == k->metric) && r->oif == k->oif;
}

static struct ui_rt_key route_key(const struct nst_ns *ns, size_t i)
{
	const struct nst_route *r = &ns->routes[i];
	struct ui_rt_key k = { .table = r->table, .family = r->family, .type = r->type, .is_default = r->is_default,
			       .has_metric = r->has_metric, .metric = r->metric, .oif = r->oif };

	if (!r->is_default) {
		k.dst = r->dst;
	}
	for (size_t b = 0; b < i; b++) {
		k.ordinal += route_is(&k, &ns->routes[b]);
	}
	return k;
}

const struct nst_route *ui_rt_row_route(const struct nst_ns *ns, const struct ui_row *r)
{
	size_t seen = 0;

	for (size_t i = 0; ns && r->kind == UI_ROW_ROUTE && i < ns->n_routes; i++) {
		if (route_is(&r->rt, &ns->routes[i]) && seen++ == r->rt.ordinal) {
			return &ns->routes[i];
		}
	}
	return NULL;
}

const struct nst_rule *ui_rt_row_rule(const struct nst_ns *ns, const struct ui_row *r)
{
	size_t seen = 0;

	for (size_t i = 0; ns && r->kind == UI_ROW_IPRULE && i < ns->n_rules; i++) {
		const struct nst_rule *x = &ns->rules[i];
		if (x->family == r->rt.family && x->priority == r->rt.priority && seen++ == r->rt.ordinal) {
			return x;
		}
	}
	return NULL;
}

void ui_rt_rows_add(struct ui_rows *rows, const struct nst_ns *ns, bool last)
{
	struct nst_route_table_count t[MAX_TABLES];
	size_t nt = nst_route_other_tables(ns, t, MAX_TABLES), folded = 0, own = own_rules(ns);
	struct ui_sel ref = ui_sel_ns(ns->id);

	nt = nt < MAX_TABLES ? nt : MAX_TABLES;
	for (size_t i = 0; i < ns->n_routes; i++) {
		folded += nst_route_folded(&ns->routes[i]);
	}
	for (size_t g = 0; g < nt; g++) {
		struct ui_row *h = ui_rows_add(rows, UI_ROW_RT_HEAD, &ref, 1);
		h->rt.head = UI_RT_TABLE;
		h->rt.table = t[g].table;
		h->count = t[g].routes;
		h->last_child = last && g + 1 == nt && !folded && !own;
		size_t left = t[g].routes;
		for (size_t i = 0; i < ns->n_routes && left; i++) {
			if (ns->routes[i].table != t[g].table) {
				continue;
			}
			struct ui_row *r = ui_rows_add(rows, UI_ROW_ROUTE, &ref, 2);
			r->rt = route_key(ns, i);
			r->last_child = --left == 0;
		}
	}
	if (folded) {
		struct ui_row *h = ui_rows_add(rows, UI_ROW_RT_HEAD, &ref, 1);
		h->rt.head = UI_RT_LOCAL;
		h->count = folded;
		h->last_child = last && !own;
	}
	if (own) {
		struct ui_row *h = ui_rows_add(rows, UI_ROW_RT_HEAD, &ref, 1);
		h->rt.head = UI_RT_RULES;
		h->count = own;
		h->rt.folded = ns->n_rules - own;
		h->last_child = last;
		size_t left = own;
		for (size_t i = 0; i < ns->n_rules; i++) {
			const struct nst_rule *x = &ns->rules[i];
			if (nst_rule_is_kernel_default(x)) {
				continue;
			}
			struct ui_row *r = ui_rows_add(rows, UI_ROW_IPRULE, &ref, 2);
			r->rt.family = x->family;
			r->rt.priority = x->priority;
			for (size_t b = 0; b < i; b++) {
				r->rt.ordinal += ns->rules[b].family == x->family && ns->rules[b].priority == x->priority;
			}
			r->last_child = --left == 0;
		}
	}
}
