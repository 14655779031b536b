/* SPDX-License-Identifier: MIT */
/* Change lines between two readings of a namespace (what --monitor prints). */
#include <string.h>

#include "diff.h"
#include "fixtures.h"
#include "unit.h"

struct collected {
	char lines[32][300];
	size_t n;
};

static void collect(void *ctx, const struct nst_change *c)
{
	struct collected *col = ctx;

	if (col->n < 32) {
		snprintf(col->lines[col->n++], sizeof(col->lines[0]), "[%s] %s|%s|%s|%s", c->ns, c->text,
			 nst_change_object_str(c->object), c->action, c->name);
	}
}

static void test_no_change(void)
{
	struct nst_model *a = fixture_seed_bridge(), *b = fixture_seed_bridge();
	struct collected col = { 0 };

	nst_diff_ns(nst_model_find_ns(a, "/"), nst_model_find_ns(b, "/"), collect, &col);
	CHECK_INT(col.n, 0);
	nst_model_destroy(a);
	nst_model_destroy(b);
}

static void test_link_changes(void)
{
	struct nst_model *a = fixture_seed_bridge(), *b = fixture_seed_bridge();
	struct nst_ns *o = nst_model_find_ns(a, "ns2"), *n = nst_model_find_ns(b, "ns2");
	struct collected col = { 0 };
	struct nst_link *d = nst_ns_find_link_name(n, "vethD");

	d->up = false;
	d->mtu = 1400;
	struct nst_link *x = nst_ns_add_link(n, 9, "vethX");
	strcpy(x->kind, "veth");
	struct nst_addr a4 = fixture_addr4("10.1.2.3", 16);
	nst_link_add_addr(x, &a4);
	nst_diff_ns(o, n, collect, &col);
	CHECK_INT(col.n, 4);
	CHECK_STR(col.lines[0], "[ns2] link vethD down|link|down|vethD");
	CHECK_STR(col.lines[1], "[ns2] link vethD mtu 1400|link|change|vethD");
	CHECK_STR(col.lines[2], "[ns2] link vethX add veth down|link|add|vethX");
	CHECK_STR(col.lines[3], "[ns2] addr add 10.1.2.3/16 dev vethX|addr|add|10.1.2.3/16");

	/* and back: the link goes away, vethD comes up */
	col.n = 0;
	nst_diff_ns(n, o, collect, &col);
	CHECK_INT(col.n, 3);
	CHECK_STR(col.lines[0], "[ns2] link vethX del|link|del|vethX");
	CHECK_STR(col.lines[1], "[ns2] link vethD up|link|up|vethD");
	CHECK_STR(col.lines[2], "[ns2] link vethD mtu 1500|link|change|vethD");
	nst_model_destroy(a);
	nst_model_destroy(b);
}

static void test_addr_and_route_changes(void)
{
	struct nst_model *a = fixture_seed_bridge(), *b = fixture_seed_bridge();
	struct nst_ns *o = nst_model_find_ns(a, "ns2"), *n = nst_model_find_ns(b, "ns2");
	struct collected col = { 0 };
	struct nst_link *d = nst_ns_find_link_name(n, "vethD");

	d->addrs[0] = fixture_addr4("192.168.10.9", 24); /* changed address = del + add */
	n->n_routes = 0;                                    /* default route gone */
	nst_diff_ns(o, n, collect, &col);
	CHECK_INT(col.n, 3);
	CHECK_STR(col.lines[0], "[ns2] addr del 192.168.10.3/24 dev vethD|addr|del|192.168.10.3/24");
	CHECK_STR(col.lines[1], "[ns2] addr add 192.168.10.9/24 dev vethD|addr|add|192.168.10.9/24");
	CHECK_STR(col.lines[2], "[ns2] route del default via 192.168.10.1 dev vethD|route|del|default");
	col.n = 0;
	nst_diff_ns(n, o, collect, &col);
	CHECK_STR(col.lines[col.n - 1], "[ns2] route add default via 192.168.10.1 dev vethD|route|add|default");
	nst_model_destroy(a);
	nst_model_destroy(b);
}

static void test_master_changes(void)
{
	struct nst_model *a = fixture_seed_bridge(), *b = fixture_seed_bridge();
	struct nst_ns *o = nst_model_find_ns(a, "/"), *n = nst_model_find_ns(b, "/");
	struct collected col = { 0 };

	nst_ns_find_link_name(n, "vethA")->master_ifindex = 0;
	nst_diff_ns(o, n, collect, &col);
	CHECK_INT(col.n, 1);
	CHECK_STR(col.lines[0], "[/] link vethA nomaster (was mybridge)|link|change|vethA");
	col.n = 0;
	nst_diff_ns(n, o, collect, &col);
	CHECK_STR(col.lines[0], "[/] link vethA master mybridge|link|change|vethA");
	nst_model_destroy(a);
	nst_model_destroy(b);
}

static void test_netns(void)
{
	struct collected col = { 0 };

	nst_change_netns("ns4", true, collect, &col);
	nst_change_netns("ns4", false, collect, &col);
	CHECK_STR(col.lines[0], "[/] netns add ns4|netns|add|ns4");
	CHECK_STR(col.lines[1], "[/] netns del ns4|netns|del|ns4");
}

UNIT_MAIN(test_no_change, test_link_changes, test_addr_and_route_changes, test_master_changes, test_netns)
