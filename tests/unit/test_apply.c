/* SPDX-License-Identifier: MIT */
/* Events applied in place (topo/apply.c) and their lines (diff.c's one-object emitters): idempotent, by identity. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "apply.h"
#include "diff.h"
#include "unit.h"

struct collected {
	char lines[8][1700];
	size_t n;
};

static void collect(void *ctx, const struct nst_change *c)
{
	struct collected *col = ctx;

	if (col->n < 8) {
		snprintf(col->lines[col->n++], sizeof(col->lines[0]), "[%s] %s|%llu", c->ns, c->text,
			 (unsigned long long)c->id.ino);
	}
}

static struct nst_addr v4(const char *s, int prefix)
{
	struct nst_addr a = { .family = AF_INET, .prefixlen = (uint8_t)prefix };
	inet_pton(AF_INET, s, a.bytes);
	return a;
}

static void test_links(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *ns = nst_model_add_ns(m, "lab", NST_NS_NAMED, (struct nst_ns_id){ 4, 77 });
	struct nst_model *t = nst_model_create();
	struct nst_ns *tmp = nst_model_add_ns(t, "lab", NST_NS_NAMED, (struct nst_ns_id){ 4, 77 });
	struct collected col = { 0 };
	struct nst_link was;
	bool added;

	struct nst_link *msg = nst_ns_add_link(tmp, 5, "eth0");
	snprintf(msg->kind, sizeof(msg->kind), "veth");
	msg->up = true;
	msg->mtu = 1500;
	struct nst_link *l = nst_ns_apply_link(ns, msg, &was, &added);
	CHECK(added);
	nst_diff_link(ns, NULL, l, collect, &col);
	struct nst_addr a = v4("10.0.0.2", 24);
	CHECK(nst_link_apply_addr(l, &a, true));
	CHECK(!nst_link_apply_addr(l, &a, true)); /* the dump had it already: no second copy */
	l->forwarding4 = 1;                       /* netconf's, not the link message's */

	/* the same link, down and a new MTU: addresses and netconf stay, two lines */
	msg->up = false;
	msg->mtu = 1400;
	l = nst_ns_apply_link(ns, msg, &was, &added);
	CHECK(!added);
	CHECK_INT(l->n_addrs, 1);
	CHECK_INT(l->forwarding4, 1);
	CHECK_INT(ns->n_links, 1);
	nst_diff_link(ns, &was, l, collect, &col);
	nst_diff_addr_line(ns, l, &a, false, collect, &col);
	CHECK(nst_link_apply_addr(l, &a, false));
	CHECK(!nst_link_apply_addr(l, &a, false));

	struct nst_link gone;
	CHECK(nst_ns_apply_link_del(ns, 5, &gone));
	struct nst_link none;
	CHECK(!nst_ns_apply_link_del(ns, 5, &none));
	nst_diff_link(ns, &gone, NULL, collect, &col);
	nst_link_finish(&gone);
	CHECK_INT(ns->n_links, 0);

	CHECK_INT(col.n, 5);
	CHECK_STR(col.lines[0], "[lab] link eth0 add veth up|77");
	CHECK_STR(col.lines[1], "[lab] link eth0 down|77");
	CHECK_STR(col.lines[2], "[lab] link eth0 mtu 1400|77");
	CHECK_STR(col.lines[3], "[lab] addr del 10.0.0.2/24 dev eth0|77");
	CHECK_STR(col.lines[4], "[lab] link eth0 del|77");
	nst_model_destroy(t);
	nst_model_destroy(m);
}

static void test_routes(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *ns = nst_model_add_ns(m, "lab", NST_NS_NAMED, (struct nst_ns_id){ 4, 78 });
	struct collected col = { 0 };
	struct nst_route r = { .family = AF_INET, .dst = v4("10.200.1.0", 24), .table = 254, .type = 1, .oif = 0 };
	struct nst_route old;
	size_t at = 9;

	snprintf(r.protocol, sizeof(r.protocol), "boot");
	snprintf(r.scope, sizeof(r.scope), "universe");
	r.type = 6; /* blackhole */
	CHECK_INT(nst_ns_apply_route(ns, &r, false, &old, &at), 0);
	CHECK_INT(at, 0);
	nst_diff_route_line(ns, &ns->routes[at], true, collect, &col);
	CHECK_INT(nst_ns_apply_route(ns, &r, false, &old, &at), -EEXIST); /* already read */
	CHECK_INT(ns->n_routes, 1);

	/* replace: the same slot (table, destination, metric), another type */
	r.type = 7; /* unreachable */
	CHECK_INT(nst_ns_apply_route(ns, &r, true, &old, &at), 1);
	CHECK_INT(old.type, 6);
	CHECK_INT(ns->n_routes, 1);
	/* without NLM_F_REPLACE another metric is another route */
	r.has_metric = true;
	r.metric = 5;
	CHECK_INT(nst_ns_apply_route(ns, &r, false, &old, &at), 0);
	CHECK_INT(ns->n_routes, 2);
	CHECK(nst_ns_apply_route_del(ns, &r, &old));
	CHECK_INT(ns->n_routes, 1);
	CHECK(!nst_ns_apply_route_del(ns, &r, &old));
	r.has_metric = false;
	r.type = 6;
	CHECK(!nst_ns_apply_route_del(ns, &r, &old)); /* the type names it too */
	r.type = 7;
	CHECK(nst_ns_apply_route_del(ns, &r, &old));
	nst_diff_route_line(ns, &old, false, collect, &col);
	CHECK_INT(ns->n_routes, 0);
	CHECK_INT(col.n, 2);
	CHECK_STR(col.lines[0], "[lab] route add blackhole 10.200.1.0/24|78");
	CHECK_STR(col.lines[1], "[lab] route del unreachable 10.200.1.0/24|78");
	nst_model_destroy(m);
}

/* Added routes go where a dump lists them: IPv4's default first, IPv6's last, by destination in between. */
static void test_route_order(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *ns = nst_model_add_ns(m, "lab", NST_NS_NAMED, (struct nst_ns_id){ 4, 79 });
	struct nst_route old;
	size_t at;
	struct nst_route a = { .family = AF_INET, .dst = v4("10.9.0.0", 24), .table = 254, .type = 1, .oif = 2 };
	struct nst_route d = { .family = AF_INET, .is_default = true, .table = 254, .type = 1, .oif = 2 };
	struct nst_route b = { .family = AF_INET, .dst = v4("10.1.0.0", 16), .table = 254, .type = 1, .oif = 2 };
	struct nst_route l = { .family = AF_INET, .dst = v4("10.9.0.1", 32), .table = 255, .type = 2, .oif = 2 };
	struct nst_route s6 = { .family = AF_INET6, .table = 254, .type = 1, .oif = 2 };
	struct nst_route d6 = { .family = AF_INET6, .is_default = true, .table = 254, .type = 1, .oif = 2 };

	s6.dst.family = AF_INET6;
	s6.dst.prefixlen = 64;
	s6.dst.bytes[0] = 0xfd;
	CHECK_INT(nst_ns_apply_route(ns, &a, false, &old, &at), 0);
	CHECK_INT(nst_ns_apply_route(ns, &l, false, &old, &at), 0);
	CHECK_INT(nst_ns_apply_route(ns, &d6, false, &old, &at), 0);
	CHECK_INT(nst_ns_apply_route(ns, &s6, false, &old, &at), 0);
	CHECK_INT(at, 2); /* before IPv6's default */
	CHECK_INT(nst_ns_apply_route(ns, &d, false, &old, &at), 0);
	CHECK_INT(at, 0); /* IPv4's default first */
	CHECK_INT(nst_ns_apply_route(ns, &b, false, &old, &at), 0);
	CHECK_INT(at, 1);
	CHECK_INT(ns->n_routes, 6);
	CHECK(ns->routes[0].is_default && ns->routes[0].family == AF_INET);
	CHECK_INT(ns->routes[1].dst.prefixlen, 16);
	CHECK_INT(ns->routes[2].dst.prefixlen, 24);
	CHECK_INT(ns->routes[3].table, 255); /* after main's, where it was */
	CHECK(ns->routes[4].family == AF_INET6 && !ns->routes[4].is_default);
	CHECK(ns->routes[5].family == AF_INET6 && ns->routes[5].is_default);
	nst_model_destroy(m);
}

UNIT_MAIN(test_links, test_routes, test_route_order)
