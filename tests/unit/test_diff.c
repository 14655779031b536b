/* SPDX-License-Identifier: MIT */
/* Change lines between two readings of a namespace (what --monitor prints). */
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "diff.h"
#include "fixtures.h"
#include "route_text.h"
#include "unit.h"

struct collected {
	char lines[32][1800];
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

/* Routes of other tables, one route changing only its metric, and rules; a link renamed changes no route. */
static void test_table_and_rule_changes(void)
{
	struct nst_model *a = fixture_seed_bridge(), *b = fixture_seed_bridge();
	struct nst_ns *o = nst_model_find_ns(a, "ns2"), *n = nst_model_find_ns(b, "ns2");
	struct collected col = { 0 };

	struct nst_route *r = nst_ns_add_route(n);
	r->dst = fixture_addr4("10.66.0.0", 16);
	r->family = r->dst.family;
	r->table = 100;
	r->type = 6;
	snprintf(r->protocol, sizeof(r->protocol), "boot");
	n->routes[0].has_metric = true;
	n->routes[0].metric = 5;
	struct nst_route *k = nst_ns_add_route(n); /* an address's echo in table local: no line */
	k->dst = fixture_addr4("192.168.10.3", 32);
	k->family = k->dst.family;
	k->table = NST_RT_TABLE_LOCAL;
	k->type = 2;
	snprintf(k->protocol, sizeof(k->protocol), "kernel");
	struct nst_rule *u = nst_ns_add_rule(n);
	u->priority = 1000;
	u->has_src = true;
	u->src = fixture_addr4("10.9.0.0", 24);
	u->family = u->src.family;
	u->action = 1;
	u->table = 100;
	nst_diff_ns(o, n, collect, &col);
	CHECK_INT(col.n, 4);
	CHECK_STR(col.lines[0], "[ns2] route del default via 192.168.10.1 dev vethD|route|del|default");
	CHECK_STR(col.lines[1], "[ns2] route add default via 192.168.10.1 dev vethD metric 5|route|add|default");
	CHECK_STR(col.lines[2], "[ns2] route add blackhole 10.66.0.0/16 table 100|route|add|10.66.0.0/16");
	CHECK_STR(col.lines[3], "[ns2] rule add inet 1000: from 10.9.0.0/24 lookup 100|rule|add|1000");
	col.n = 0;
	nst_diff_ns(n, o, collect, &col);
	CHECK_STR(col.lines[col.n - 1], "[ns2] rule del inet 1000: from 10.9.0.0/24 lookup 100|rule|del|1000");
	/* the same routes with vethD renamed: only the link line */
	col.n = 0;
	struct nst_model *c = fixture_seed_bridge();
	struct nst_ns *cn = nst_model_find_ns(c, "ns2");
	snprintf(nst_ns_find_link_name(cn, "vethD")->name, NST_IFNAMSIZ, "vethR");
	nst_diff_ns(o, cn, collect, &col);
	for (size_t i = 0; i < col.n; i++) {
		CHECK(strstr(col.lines[i], "|route|") == NULL);
	}
	CHECK(col.n >= 1);
	nst_model_destroy(a);
	nst_model_destroy(b);
	nst_model_destroy(c);
}

static void test_master_changes(void)
{
	struct nst_model *a = fixture_seed_bridge(), *b = fixture_seed_bridge();
	struct nst_ns *o = nst_model_find_ns(a, "/"), *n = nst_model_find_ns(b, "/");
	struct collected col = { 0 };

	nst_ns_find_link_name(n, "vethA")->master.ifindex = 0;
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

/* The summary and, as the decoder marks it, the counter's piece ("counter" at the start or after a space). */
static void set_summary(struct nst_nat_rule *r, const char *summary, bool counter)
{
	snprintf(r->summary, sizeof(r->summary), "%s", summary);
	r->counter_at = r->counter_len = 0;
	const char *c = counter ? strstr(r->summary, "counter packets ") : NULL;
	const char *end = c ? strstr(c, " bytes ") : NULL;
	if (end) {
		end += strlen(" bytes ");
		end += strspn(end, "0123456789");
		r->counter_at = (uint16_t)(c - r->summary);
		r->counter_len = (uint16_t)(end - c);
	}
}

static struct nst_nat_rule *add_rule(struct nst_ns *ns, const char *table, const char *chain, uint64_t handle,
				     const char *summary)
{
	struct nst_nat_rule *r = nst_ns_add_nat(ns);

	memset(r, 0, sizeof(*r));
	snprintf(r->family, sizeof(r->family), "ip");
	snprintf(r->table, sizeof(r->table), "%s", table);
	snprintf(r->chain, sizeof(r->chain), "%s", chain);
	r->handle = handle;
	set_summary(r, summary, true);
	return r;
}

/* Two readings of "/" with the same NAT ruleset and ip_forward 0. */
static void nat_pair(struct nst_model **a, struct nst_model **b, struct nst_ns **o, struct nst_ns **n)
{
	*a = fixture_seed_bridge();
	*b = fixture_seed_bridge();
	*o = nst_model_find_ns(*a, "/");
	*n = nst_model_find_ns(*b, "/");
	for (int k = 0; k < 2; k++) {
		struct nst_ns *ns = k ? *n : *o;
		ns->ip_forward = 0;
		add_rule(ns, "nstop", "postrouting", 3, "ip saddr 192.168.10.0/24 oifname \"eno1\" masquerade");
	}
}

static void test_nat_add_del(void)
{
	struct nst_model *a, *b;
	struct nst_ns *o, *n;
	struct collected col = { 0 };

	nat_pair(&a, &b, &o, &n);
	add_rule(n, "nstop", "prerouting", 4, "tcp dport 9999 dnat to 192.168.10.3:9999");
	nst_diff_ns(o, n, collect, &col);
	CHECK_INT(col.n, 1);
	CHECK_STR(col.lines[0], "[/] nat add ip nstop prerouting handle 4: tcp dport 9999 dnat to 192.168.10.3:9999"
				"|nat|add|ip nstop prerouting handle 4");
	col.n = 0;
	nst_diff_ns(n, o, collect, &col);
	CHECK_INT(col.n, 1);
	CHECK_STR(col.lines[0], "[/] nat del ip nstop prerouting handle 4: tcp dport 9999 dnat to 192.168.10.3:9999"
				"|nat|del|ip nstop prerouting handle 4");
	nst_model_destroy(a);
	nst_model_destroy(b);
}

/* The same handle in another table, chain or family is another rule. */
static void test_nat_identity(void)
{
	struct nst_model *a, *b;
	struct nst_ns *o, *n;
	struct collected col = { 0 };

	nat_pair(&a, &b, &o, &n);
	add_rule(o, "t", "pre", 2, "tcp dport 8080 dnat to 192.168.10.3:80");
	add_rule(n, "t", "pre2", 2, "tcp dport 8080 dnat to 192.168.10.3:80");
	snprintf(add_rule(n, "t", "pre", 2, "tcp dport 8080 dnat to 192.168.10.3:80")->family, 8, "ip6");
	nst_diff_ns(o, n, collect, &col);
	CHECK_INT(col.n, 3);
	CHECK_STR(col.lines[0], "[/] nat del ip t pre handle 2: tcp dport 8080 dnat to 192.168.10.3:80"
				"|nat|del|ip t pre handle 2");
	CHECK_STR(col.lines[1], "[/] nat add ip t pre2 handle 2: tcp dport 8080 dnat to 192.168.10.3:80"
				"|nat|add|ip t pre2 handle 2");
	CHECK_STR(col.lines[2], "[/] nat add ip6 t pre handle 2: tcp dport 8080 dnat to 192.168.10.3:80"
				"|nat|add|ip6 t pre handle 2");
	nst_model_destroy(a);
	nst_model_destroy(b);
}

/* Traffic moves counters: no line. A replaced rule (same handle) is a change. */
static void test_nat_counter_and_change(void)
{
	struct nst_model *a, *b;
	struct nst_ns *o, *n;
	struct collected col = { 0 };

	nat_pair(&a, &b, &o, &n);
	add_rule(o, "nstop", "prerouting", 4, "tcp dport 9999 counter packets 0 bytes 0 dnat to 192.168.10.3:9999");
	struct nst_nat_rule *r =
		add_rule(n, "nstop", "prerouting", 4, "tcp dport 9999 counter packets 12 bytes 720 dnat to 192.168.10.3:9999");
	r->has_counter = true;
	r->packets = 12;
	r->bytes = 720;
	nst_diff_ns(o, n, collect, &col);
	CHECK_INT(col.n, 0);

	set_summary(r, "tcp dport 9999 counter packets 13 bytes 780 dnat to 192.168.10.4:9999", true);
	nst_diff_ns(o, n, collect, &col);
	CHECK_INT(col.n, 1);
	CHECK_STR(col.lines[0], "[/] nat change ip nstop prerouting handle 4: tcp dport 9999 counter dnat to "
				"192.168.10.4:9999|nat|change|ip nstop prerouting handle 4");

	/* the counter itself removed is a change of the rule */
	col.n = 0;
	set_summary(r, "tcp dport 9999 dnat to 192.168.10.3:9999", true);
	nst_diff_ns(o, n, collect, &col);
	CHECK_INT(col.n, 1);
	CHECK_STR(col.lines[0], "[/] nat change ip nstop prerouting handle 4: tcp dport 9999 dnat to "
				"192.168.10.3:9999|nat|change|ip nstop prerouting handle 4");
	nst_model_destroy(a);
	nst_model_destroy(b);
}

static void test_nat_ip_forward_and_legacy(void)
{
	struct nst_model *a, *b;
	struct nst_ns *o, *n;
	struct collected col = { 0 };

	nat_pair(&a, &b, &o, &n);
	n->ip_forward = 1;
	n->iptables_legacy = true;
	nst_diff_ns(o, n, collect, &col);
	CHECK_INT(col.n, 2);
	CHECK_STR(col.lines[0], "[/] nat ip_forward 1|nat|change|ip_forward");
	CHECK_STR(col.lines[1], "[/] nat add iptables-legacy tables (their rules are invisible to nf_tables)"
				"|nat|add|iptables-legacy");
	col.n = 0;
	nst_diff_ns(n, o, collect, &col);
	CHECK_INT(col.n, 2);
	CHECK_STR(col.lines[0], "[/] nat ip_forward 0|nat|change|ip_forward");
	CHECK_STR(col.lines[1], "[/] nat del iptables-legacy tables|nat|del|iptables-legacy");

	/* an unreadable sysctl is not a change */
	col.n = 0;
	n->ip_forward = -1;
	n->iptables_legacy = false;
	nst_diff_ns(o, n, collect, &col);
	nst_diff_ns(n, o, collect, &col);
	CHECK_INT(col.n, 0);
	nst_model_destroy(a);
	nst_model_destroy(b);
}

/* Only the decoder's counter piece is a counter: a name that reads like one is the rule's text. */
static void test_nat_counter_lookalike(void)
{
	struct nst_model *a, *b;
	struct nst_ns *o, *n;
	struct collected col = { 0 };

	nat_pair(&a, &b, &o, &n);
	struct nst_nat_rule *r = add_rule(o, "nstop", "prerouting", 7, "x");
	set_summary(r, "iifname \"counter packets 1 bytes 2\" dnat to 10.0.0.1", false);
	r = add_rule(n, "nstop", "prerouting", 7, "x");
	set_summary(r, "iifname \"counter packets 3 bytes 4\" dnat to 10.0.0.1", false);
	nst_diff_ns(o, n, collect, &col);
	CHECK_INT(col.n, 1); /* another interface name: a change, not counters */
	CHECK(col.n && strstr(col.lines[0], "counter packets 3 bytes 4") != NULL);
	nst_model_destroy(a);
	nst_model_destroy(b);
}

/* One rule reached by two paths is two records: each its own line, told apart by the way. */
static void test_nat_two_paths(void)
{
	struct nst_model *a, *b;
	struct nst_ns *o, *n;
	struct collected col = { 0 };

	nat_pair(&a, &b, &o, &n);
	for (int i = 0; i < 2; i++) {
		struct nst_nat_rule *r = add_rule(n, "nat", "DOCKER", 12, "tcp dport 8080 dnat to 172.17.0.4:80");
		r->n_path = 0;
		r->path_key = 100 + (uint64_t)i;
		nst_nat_path_add(r, i ? "OUTPUT" : "PREROUTING", strlen(i ? "OUTPUT" : "PREROUTING"));
		nst_nat_path_add(r, "DOCKER", 6);
	}
	nst_diff_ns(o, n, collect, &col);
	CHECK_INT(col.n, 2);
	CHECK(col.n == 2 && strstr(col.lines[0], "handle 12 via PREROUTING: tcp dport 8080") != NULL);
	CHECK(col.n == 2 && strstr(col.lines[1], "handle 12 via OUTPUT: tcp dport 8080") != NULL);
	/* the same two again: no change, each found as itself */
	col.n = 0;
	nst_diff_ns(n, n, collect, &col);
	CHECK_INT(col.n, 0);
	nst_model_destroy(a);
	nst_model_destroy(b);
}

/* The longest summary still reaches the line whole. */
static void test_nat_long_summary(void)
{
	struct nst_model *a, *b;
	struct nst_ns *o, *n;
	struct collected col = { 0 };
	char summary[sizeof(((struct nst_nat_rule *)0)->summary)];

	nat_pair(&a, &b, &o, &n);
	memset(summary, 'x', sizeof(summary) - 1);
	summary[sizeof(summary) - 1] = '\0';
	add_rule(n, "nstop", "prerouting", 9, summary);
	nst_diff_ns(o, n, collect, &col);
	CHECK_INT(col.n, 1);
	CHECK(strstr(col.lines[0], summary) != NULL);
	nst_model_destroy(a);
	nst_model_destroy(b);
}

/* 3000 routes (a "/" with a link-local route per veth): the same list rotated by 7 differs in nothing;
 * one gone and one new say exactly those two lines (the search resumes after the last match and wraps). */
static void many_routes(struct nst_ns *ns, size_t n, size_t rotate, size_t skip, bool extra)
{
	for (size_t j = 0; j < n; j++) {
		size_t i = (j + rotate) % n;
		if (i == skip) {
			continue;
		}
		struct nst_route *r = nst_ns_add_route(ns);
		r->family = AF_INET;
		r->dst = fixture_addr4("10.0.0.0", 24);
		r->dst.bytes[1] = (uint8_t)(i / 256);
		r->dst.bytes[2] = (uint8_t)(i % 256);
		r->oif = 2;
		r->table = 254;
		r->type = 1;
		snprintf(r->scope, sizeof(r->scope), "link");
		snprintf(r->protocol, sizeof(r->protocol), "kernel");
	}
	if (extra) {
		struct nst_route *r = nst_ns_add_route(ns);
		r->family = AF_INET;
		r->dst = fixture_addr4("10.250.0.0", 16);
		r->oif = 2;
		r->table = 254;
		r->type = 1;
		snprintf(r->scope, sizeof(r->scope), "link");
		snprintf(r->protocol, sizeof(r->protocol), "boot");
	}
}

static void test_many_routes(void)
{
	struct nst_model *ma = nst_model_create(), *mb = nst_model_create(), *mc = nst_model_create();
	struct nst_ns *a = nst_model_add_ns(ma, "/", NST_NS_SELF, (struct nst_ns_id){ 1, 1 });
	struct nst_ns *b = nst_model_add_ns(mb, "/", NST_NS_SELF, (struct nst_ns_id){ 1, 1 });
	struct nst_ns *c = nst_model_add_ns(mc, "/", NST_NS_SELF, (struct nst_ns_id){ 1, 1 });
	struct collected col = { 0 };

	many_routes(a, 3000, 0, SIZE_MAX, false);
	many_routes(b, 3000, 7, SIZE_MAX, false);
	many_routes(c, 3000, 0, 1234, true);
	nst_diff_ns(a, b, collect, &col);
	CHECK_INT(col.n, 0);
	nst_diff_ns(a, c, collect, &col);
	CHECK_INT(col.n, 2);
	CHECK_STR(col.lines[0], "[/] route del 10.4.210.0/24 dev if2|route|del|10.4.210.0/24");
	CHECK_STR(col.lines[1], "[/] route add 10.250.0.0/16 dev if2|route|add|10.250.0.0/16");
	nst_model_destroy(ma);
	nst_model_destroy(mb);
	nst_model_destroy(mc);
}

UNIT_MAIN(test_many_routes, test_no_change, test_link_changes, test_addr_and_route_changes, test_table_and_rule_changes, test_master_changes, test_netns,
	  test_nat_add_del, test_nat_identity, test_nat_counter_and_change, test_nat_ip_forward_and_legacy,
	  test_nat_long_summary, test_nat_counter_lookalike, test_nat_two_paths)
