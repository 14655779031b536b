/* SPDX-License-Identifier: MIT */
/*
 * The tree's Routing rows: other tables grouped with their routes, the local
 * table and fe80::/64 as one count, rules without the kernel's defaults; a
 * namespace with nothing else gets none; rows find their route by identity
 * after the model changed.
 */
#include <string.h>
#include <sys/socket.h>

#include "filter.h"
#include "fixtures.h"
#include "route_rows.h"
#include "route_text.h"
#include "unit.h"

static struct nst_route *route(struct nst_ns *ns, const char *dst, int plen, uint32_t table, const char *proto)
{
	struct nst_route *r = nst_ns_add_route(ns);

	r->family = strchr(dst, ':') ? AF_INET6 : AF_INET;
	r->dst = r->family == AF_INET ? fixture_addr4(dst, plen) : fixture_addr(dst, plen);
	r->table = table;
	r->type = NST_RTN_UNICAST;
	r->oif = 2;
	snprintf(r->protocol, sizeof(r->protocol), "%s", proto);
	return r;
}

static void rule(struct nst_ns *ns, int family, uint32_t prio, uint32_t table, bool selector)
{
	struct nst_rule *r = nst_ns_add_rule(ns);

	r->family = family;
	r->priority = prio;
	r->action = 1;
	r->table = table;
	if (selector) {
		r->has_src = true;
		r->src = fixture_addr4("10.9.0.0", 24);
	}
}

/* "R1:table100=2" heads, "r2:10.50.0.0/16" routes, "u2:1000" rules; "$": last child. */
static void describe(const struct ui_rows *rows, const struct nst_model *m, char *out, size_t len)
{
	size_t n = 0;
	char a[NST_ADDR_STRLEN];

	out[0] = '\0';
	for (size_t i = 0; i < rows->n && n < len; i++) {
		const struct ui_row *r = &rows->v[i];
		const struct nst_ns *ns = ui_row_ns(r, m);
		const struct nst_route *rt = ui_rt_row_route(ns, r);
		const struct nst_rule *ru = ui_rt_row_rule(ns, r);
		const char *last = r->last_child ? "$" : "";
		if (r->kind == UI_ROW_NS) {
			n += (size_t)snprintf(out + n, len - n, "%sN:%s", i ? " " : "", ns->name);
		} else if (r->kind == UI_ROW_RT_HEAD) {
			static const char *const heads[] = { "table", "local", "rules" };
			n += (size_t)snprintf(out + n, len - n, " R%d:%s%u=%zu+%zu%s", r->depth, heads[r->rt.head], r->rt.table,
					      r->count, r->rt.folded, last);
		} else if (r->kind == UI_ROW_ROUTE) {
			n += (size_t)snprintf(out + n, len - n, " r%d:%s%s", r->depth,
					      rt ? nst_route_dst_format(rt, a, sizeof(a)) : "?", last);
		} else if (r->kind == UI_ROW_IPRULE) {
			n += (size_t)snprintf(out + n, len - n, " u%d:%u%s", r->depth, ru ? ru->priority : 0, last);
		} else {
			n += (size_t)snprintf(out + n, len - n, " %c%d%s", r->kind == UI_ROW_LINK ? 'L' : '?', r->depth, last);
		}
	}
}

static void test_groups(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *ns = nst_model_add_ns(m, "r", NST_NS_NAMED, (struct nst_ns_id){ 1, 1 });
	struct nst_ns *plain = nst_model_add_ns(m, "p", NST_NS_NAMED, (struct nst_ns_id){ 1, 2 });
	struct ui_expand e = { .default_expanded = true };
	struct ui_filter f = { 0 };
	struct ui_rows rows = { 0 };
	char d[1024];

	fixture_link(ns, 2, "v0", "veth", true);
	route(ns, "10.9.0.0", 24, NST_RT_TABLE_MAIN, "kernel");
	route(ns, "10.50.0.0", 16, 100, "boot");
	route(ns, "10.9.0.1", 32, NST_RT_TABLE_LOCAL, "kernel");
	route(ns, "fe80::", 64, NST_RT_TABLE_MAIN, "kernel");
	route(ns, "10.60.0.0", 16, 7, "boot");
	route(ns, "10.51.0.0", 16, 100, "boot");
	rule(ns, AF_INET, 0, NST_RT_TABLE_LOCAL, false);
	rule(ns, AF_INET, 1000, 100, true);
	rule(ns, AF_INET, 32766, NST_RT_TABLE_MAIN, false);
	rule(ns, AF_INET, 32767, 253, false);
	rule(ns, AF_INET6, 0, NST_RT_TABLE_LOCAL, false);
	rule(ns, AF_INET6, 32766, NST_RT_TABLE_MAIN, false);
	/* main, local, fe80 and the default rules only: no rows, as before */
	fixture_link(plain, 2, "w0", "veth", true);
	route(plain, "10.9.0.0", 24, NST_RT_TABLE_MAIN, "kernel");
	route(plain, "10.9.0.1", 32, NST_RT_TABLE_LOCAL, "kernel");
	rule(plain, AF_INET, 0, NST_RT_TABLE_LOCAL, false);
	rule(plain, AF_INET, 32766, NST_RT_TABLE_MAIN, false);
	CHECK(ui_rt_shown(ns) && !ui_rt_shown(plain));
	/* a default rule's priority with a selector, or another table, is someone's own */
	CHECK(nst_rule_is_kernel_default(&ns->rules[0]) && !nst_rule_is_kernel_default(&ns->rules[1]) && nst_rule_is_kernel_default(&ns->rules[3]) &&
	      !nst_rule_is_kernel_default(&(struct nst_rule){ .family = AF_INET6, .priority = 32767, .action = 1, .table = 253 }) &&
	      !nst_rule_is_kernel_default(&(struct nst_rule){ .family = AF_INET, .priority = 0, .action = 1, .table = 100 }));

	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, m, d, sizeof(d));
	CHECK_STR(d, "N:r L1 R1:table100=2+0 r2:10.50.0.0/16 r2:10.51.0.0/16$ R1:table7=1+0 r2:10.60.0.0/16$ "
		     "R1:local0=2+0 R1:rules0=1+5$ u2:1000$ N:p L1$");
	/* no routing row is selectable: the cursor stays on namespaces and links */
	for (size_t i = 0; i < rows.n; i++) {
		CHECK(ui_row_selectable(&rows.v[i]) == (rows.v[i].kind == UI_ROW_NS || rows.v[i].kind == UI_ROW_LINK));
	}

	/* Identity: a route before 10.51.0.0/16 goes, another with the same fields but a metric comes;
	 * the old rows still find the same routes (or nothing), never a neighbour by index. */
	long r51 = -1, r50 = -1;
	for (size_t i = 0; i < rows.n; i++) {
		const struct nst_route *rt = ui_rt_row_route(ns, &rows.v[i]);
		if (rt && rt->dst.bytes[1] == 51) {
			r51 = (long)i;
		} else if (rt && rt->dst.bytes[1] == 50) {
			r50 = (long)i;
		}
	}
	CHECK(r51 >= 0 && r50 >= 0);
	memmove(&ns->routes[1], &ns->routes[2], (ns->n_routes - 2) * sizeof(*ns->routes));
	ns->n_routes--;
	route(ns, "10.51.0.0", 16, 100, "boot")->has_metric = true;
	m->generation++;
	if (r51 >= 0 && r50 >= 0) {
		const struct nst_route *rt = ui_rt_row_route(ns, &rows.v[r51]);
		CHECK(rt && rt->dst.bytes[1] == 51 && !rt->has_metric);
		CHECK(ui_rt_row_route(ns, &rows.v[r50]) == NULL);
		CHECK(ui_rt_row_route(plain, &rows.v[r51]) == NULL);
		CHECK(ui_rt_row_rule(ns, &rows.v[r51]) == NULL); /* a route row is no rule */
	}
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, m, d, sizeof(d));
	CHECK_STR(d, "N:r L1 R1:table7=1+0 r2:10.60.0.0/16$ R1:table100=2+0 r2:10.51.0.0/16 r2:10.51.0.0/16$ "
		     "R1:local0=2+0 R1:rules0=1+5$ u2:1000$ N:p L1$");

	/* collapsed: nothing under the namespace */
	ui_expand_set(&e, ns->id, false);
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, m, d, sizeof(d));
	CHECK_STR(d, "N:r N:p L1$");
	ui_rows_finish(&rows);
	ui_expand_finish(&e);
	nst_model_destroy(m);
}

UNIT_MAIN(test_groups)
