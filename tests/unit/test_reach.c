/* SPDX-License-Identifier: MIT */
/*
 * nst_reach_explain over a table oracle (the kernel's answers written down):
 * a veth hop, a bridge hop, local arrival and the reply, each refusal's words
 * and fix, a loop, a link down, a next hop nobody owns, a chain's policy drop.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "fixtures.h"
#include "reach.h"
#include "unit.h"

/* One answer: in ns, for dst arriving on iif (0: sent there). No row: no route (ENETUNREACH). */
struct row {
	const char *ns;
	int iif;
	const char *dst;
	int err, out_err;
	uint8_t type;
	int oif;
	const char *gw, *prefsrc;
};

static const struct row *rows;
static int asked;

static int table_lookup(void *ctx, const struct nst_ns *ns, const struct nst_fib_query *q, struct nst_fib_answer *a)
{
	(void)ctx;
	asked++;
	for (const struct row *r = rows; r && r->ns; r++) {
		uint8_t d[16] = { 0 };
		inet_pton(AF_INET, r->dst, d);
		if (strcmp(r->ns, ns->name) != 0 || r->iif != q->iif || memcmp(d, q->dst, 4) != 0) {
			continue;
		}
		if (r->err == -EIO) {
			return -EIO; /* the question itself failed */
		}
		a->err = r->err;
		a->out_err = r->out_err;
		a->type = r->type ? r->type : 1;
		a->table = 254;
		a->oif = r->oif;
		if (r->gw) {
			a->has_gateway = true;
			inet_pton(AF_INET, r->gw, a->gateway);
		}
		if (r->prefsrc) {
			a->has_prefsrc = true;
			inet_pton(AF_INET, r->prefsrc, a->prefsrc);
		}
		return 0;
	}
	a->err = -ENETUNREACH;
	return 0;
}

static int listeners = -1; /* what the listening question answers; -1: the oracle cannot say (NULL) */

static int table_listening(void *ctx, const struct nst_ns *ns, int family, enum nst_reach_proto proto,
			   const uint8_t *addr, uint16_t port)
{
	(void)ctx;
	(void)ns;
	(void)family;
	(void)addr;
	return proto == NST_PROTO_TCP && port == 80 ? listeners : -EIO;
}

static struct nst_fib_oracle oracle = { .lookup = table_lookup };

static void explain_proto(const struct nst_model *m, const char *from, const char *dst, enum nst_reach_proto proto,
			  uint16_t port, struct nst_reach *r)
{
	struct nst_reach_probe p = { .from = nst_model_find_ns(m, from), .family = AF_INET, .proto = proto, .port = port };

	oracle.listening = listeners < 0 ? NULL : table_listening;
	inet_pton(AF_INET, dst, p.dst);
	asked = 0;
	nst_reach_explain(m, &oracle, &p, r);
}

static void explain(const struct nst_model *m, const char *from, const char *dst, struct nst_reach *r)
{
	struct nst_reach_probe p = { .from = nst_model_find_ns(m, from), .family = AF_INET };

	inet_pton(AF_INET, dst, p.dst);
	asked = 0;
	nst_reach_explain(m, &oracle, &p, r);
}

static struct nst_model *myns(void)
{
	struct nst_model *m = fixture_myns();

	nst_model_sort(m);
	nst_model_pair_peers(m);
	return m;
}

/* myns (vethZ 7.7.7.7, ifindex 2) <-> "/" (vethY 6.6.6.6, ifindex 5). */
static const struct row veth_rows[] = {
	{ "myns", 0, "6.6.6.6", 0, 0, 1, 2, NULL, "7.7.7.7" },
	{ "/", 5, "6.6.6.6", 0, 0, 2, 1, NULL, NULL },
	{ "/", 0, "7.7.7.7", 0, 0, 1, 5, NULL, "6.6.6.6" },
	{ "myns", 2, "7.7.7.7", 0, 0, 2, 1, NULL, NULL },
	{ 0 },
};

static void test_veth_hop(void)
{
	struct nst_model *m = myns();
	struct nst_reach r;

	rows = veth_rows;
	explain(m, "myns", "6.6.6.6", &r);
	CHECK_INT(r.reachable, 1);
	CHECK_INT(asked, 4);
	CHECK_INT(r.request.n, 2);
	CHECK_INT(r.reply.n, 2);
	CHECK(r.reason == NULL);
	CHECK_STR(r.request.v[0].oif, "vethZ");
	CHECK_STR(r.request.v[0].command, "ip -n myns route get 6.6.6.6");
	CHECK_STR(r.request.v[0].reason, "leaves by vethZ to / (vethY, owner of 6.6.6.6)");
	CHECK_STR(r.request.v[1].iif, "vethY");
	CHECK_STR(r.request.v[1].command, "ip route get 6.6.6.6 from 7.7.7.7 iif vethY");
	CHECK_STR(r.request.v[1].reason, "6.6.6.6 is local here: delivered");
	CHECK_STR(r.reply.v[1].ns, "myns");
	CHECK_INT(r.reply.v[1].result, NST_REACH_OK);

	/* the JSON of the whole explanation, as --explain --json prints it */
	struct nst_explain_head h = { .from = "myns", .to = "6.6.6.6", .family = AF_INET, .proto = NST_PROTO_ICMP,
				      .port = -1 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	nst_render_explain_json(&h, &r, f);
	fclose(f);
	CHECK_STR(buf,
		  "{\"from\":\"myns\",\"to\":\"6.6.6.6\",\"proto\":\"icmp\",\"port\":null,\"source\":\"7.7.7.7\","
		  "\"reachable\":true,\"reason\":null,\"fix\":null,\"request\":["
		  "{\"namespace\":\"myns\",\"iif\":null,\"oif\":\"vethZ\",\"route\":\"table main dev vethZ src 7.7.7.7\","
		  "\"nat\":null,\"verdicts\":[],\"neighbour\":\"6.6.6.6 on vethZ: no entry yet\",\"result\":\"ok\","
		  "\"reason\":\"leaves by vethZ to / (vethY, owner of 6.6.6.6)\",\"fix\":null,"
		  "\"command\":\"ip -n myns route get 6.6.6.6\"},"
		  "{\"namespace\":\"/\",\"iif\":\"vethY\",\"oif\":null,\"route\":\"table main local dev lo\","
		  "\"nat\":null,\"verdicts\":[],\"neighbour\":null,\"result\":\"ok\","
		  "\"reason\":\"6.6.6.6 is local here: delivered\",\"fix\":null,"
		  "\"command\":\"ip route get 6.6.6.6 from 7.7.7.7 iif vethY\"}],\"reply\":["
		  "{\"namespace\":\"/\",\"iif\":null,\"oif\":\"vethY\",\"route\":\"table main dev vethY src 6.6.6.6\","
		  "\"nat\":null,\"verdicts\":[],\"neighbour\":\"7.7.7.7 on vethY: no entry yet\",\"result\":\"ok\","
		  "\"reason\":\"leaves by vethY to myns (vethZ, owner of 7.7.7.7)\",\"fix\":null,"
		  "\"command\":\"ip route get 7.7.7.7 from 6.6.6.6\"},"
		  "{\"namespace\":\"myns\",\"iif\":\"vethZ\",\"oif\":null,\"route\":\"table main local dev lo\","
		  "\"nat\":null,\"verdicts\":[],\"neighbour\":null,\"result\":\"ok\","
		  "\"reason\":\"7.7.7.7 is local here: delivered\",\"fix\":null,"
		  "\"command\":\"ip -n myns route get 7.7.7.7 from 6.6.6.6 iif vethZ\"}],\"probe\":null}\n");
	free(buf);
	/* and as text, in ASCII */
	buf = NULL;
	f = open_memstream(&buf, &len);
	nst_render_explain_text(&h, &r, true, f);
	fclose(f);
	CHECK_STR(buf, "reachable: myns -> 6.6.6.6 icmp\n"
		       "request:\n"
		       "  OK   1 myns [- -> vethZ]: table main dev vethZ src 7.7.7.7\n"
		       "      neighbour: 6.6.6.6 on vethZ: no entry yet\n"
		       "      leaves by vethZ to / (vethY, owner of 6.6.6.6)\n"
		       "      shown by: ip -n myns route get 6.6.6.6\n"
		       "  OK   2 / [vethY -> -]: table main local dev lo\n"
		       "      6.6.6.6 is local here: delivered\n"
		       "      shown by: ip route get 6.6.6.6 from 7.7.7.7 iif vethY\n"
		       "reply:\n"
		       "  OK   1 / [- -> vethY]: table main dev vethY src 6.6.6.6\n"
		       "      neighbour: 7.7.7.7 on vethY: no entry yet\n"
		       "      leaves by vethY to myns (vethZ, owner of 7.7.7.7)\n"
		       "      shown by: ip route get 7.7.7.7 from 6.6.6.6\n"
		       "  OK   2 myns [vethZ -> -]: table main local dev lo\n"
		       "      7.7.7.7 is local here: delivered\n"
		       "      shown by: ip -n myns route get 7.7.7.7 from 6.6.6.6 iif vethZ\n");
	free(buf);
	nst_reach_free(&r);

	/* the peer down: the segment passes nothing */
	nst_ns_find_link_name(nst_model_find_ns(m, "/"), "vethY")->up = false;
	explain(m, "myns", "6.6.6.6", &r);
	CHECK_INT(r.reachable, 0);
	CHECK_STR(r.reason, "no answer to ARP for 6.6.6.6: vethY in / is down, on the way from vethZ");
	CHECK_STR(r.fix, "ip link set vethY up");
	nst_reach_free(&r);
	nst_model_destroy(m);
}

/* ns1 (vethB 192.168.10.2) -> mybridge in "/" (ports vethA, vethC) -> ns2 (vethD 192.168.10.3). */
static const struct row bridge_rows[] = {
	{ "ns1", 0, "192.168.10.3", 0, 0, 1, 2, NULL, "192.168.10.2" },
	{ "ns2", 2, "192.168.10.3", 0, 0, 2, 1, NULL, NULL },
	{ "ns2", 0, "192.168.10.2", 0, 0, 1, 2, NULL, "192.168.10.3" },
	{ "ns1", 2, "192.168.10.2", 0, 0, 2, 1, NULL, NULL },
	{ "ns1", 0, "192.168.10.9", 0, 0, 1, 2, NULL, "192.168.10.2" },
	{ 0 },
};

static void test_bridge_hop(void)
{
	struct nst_model *m = fixture_seed_bridge();
	struct nst_reach r;

	nst_model_sort(m);
	nst_model_pair_peers(m);
	rows = bridge_rows;
	explain(m, "ns1", "192.168.10.3", &r);
	CHECK_INT(r.reachable, 1);
	CHECK_STR(r.request.v[0].reason, "leaves by vethB through bridge mybridge to ns2 (vethD, owner of 192.168.10.3)");
	CHECK_STR(r.request.v[1].ns, "ns2");
	nst_reach_free(&r);

	/* the sender knows the MAC and the bridge learnt it behind vethC: the hop names the port */
	struct nst_neigh n = { .family = AF_INET, .ifindex = 2, .has_addr = true, .addr_family = AF_INET,
			       .addr = { 192, 168, 10, 3 }, .lladdr = { 2, 0, 0, 0, 0, 3 }, .lladdr_len = 6,
			       .state = NST_NUD_REACHABLE };
	nst_ns_add_neigh(nst_model_find_ns(m, "ns1"), &n);
	nst_ns_sort_neighs(nst_model_find_ns(m, "ns1"));
	struct nst_neigh fdb = { .family = NST_AF_BRIDGE, .ifindex = 6, .lladdr = { 2, 0, 0, 0, 0, 3 }, .lladdr_len = 6,
				 .master = 3 };
	nst_ns_add_neigh(nst_model_find_ns(m, "/"), &fdb);
	nst_ns_sort_neighs(nst_model_find_ns(m, "/"));
	explain(m, "ns1", "192.168.10.3", &r);
	CHECK_INT(r.reachable, 1);
	CHECK_STR(r.request.v[0].reason,
		  "leaves by vethB through bridge mybridge (FDB: port vethC) to ns2 (vethD, owner of 192.168.10.3)");
	CHECK_STR(r.request.v[0].neighbour, "192.168.10.3 REACHABLE on vethB");
	nst_reach_free(&r);

	/* an address on the segment nobody owns */
	explain(m, "ns1", "192.168.10.9", &r);
	CHECK_INT(r.reachable, 0);
	CHECK_STR(r.reason, "no answer to ARP for 192.168.10.9: no namespace on the segment of vethB owns it");
	CHECK_STR(r.request.v[0].command, "ip -n ns1 neigh show dev vethB");
	nst_reach_free(&r);

	/* the port towards ns2 down */
	nst_ns_find_link_name(nst_model_find_ns(m, "/"), "vethC")->up = false;
	explain(m, "ns1", "192.168.10.3", &r);
	CHECK_INT(r.reachable, 0);
	CHECK(strstr(r.reason, "vethC in / is down") != NULL);
	nst_reach_free(&r);
	nst_model_destroy(m);
}

static void refused(int err, int out_err, const char *reason, const char *fix)
{
	struct nst_model *m = myns();
	const struct row rs[] = {
		{ "myns", 0, "9.9.9.9", 0, 0, 1, 2, "6.6.6.6", "7.7.7.7" },
		{ "/", 5, "9.9.9.9", err, out_err, 0, 0, NULL, NULL },
		{ 0 },
	};
	struct nst_reach r;

	rows = rs;
	explain(m, "myns", "9.9.9.9", &r);
	CHECK_INT(r.reachable, 0);
	CHECK_INT(r.request.n, 2);
	CHECK_INT(r.reply.n, 0);
	CHECK_STR(r.reason, reason);
	if (fix) {
		CHECK_STR(r.fix, fix);
	} else {
		CHECK(r.fix == NULL);
	}
	CHECK_STR(r.request.v[1].command, "ip route get 9.9.9.9 from 7.7.7.7 iif vethY");
	nst_reach_free(&r);
	nst_model_destroy(m);
}

static void test_refusals(void)
{
	refused(-ENETUNREACH, 0, "no route to 9.9.9.9 here", "a route to 9.9.9.9 in this namespace");
	refused(-EHOSTUNREACH, 0, "forwarding is off: a packet arriving on vethY is not routed on",
		"sysctl -w net.ipv4.ip_forward=1");
	refused(-EHOSTUNREACH, -EHOSTUNREACH, "an unreachable route for 9.9.9.9", NULL);
	refused(-EACCES, -EACCES, "a prohibit route for 9.9.9.9", NULL);
	refused(-EINVAL, -EINVAL, "a blackhole route for 9.9.9.9", NULL);
	refused(-EINVAL, 0,
		"source 7.7.7.7 refused on vethY: the reverse-path filter (rp_filter unknown, all unknown) finds no route back to it "
		"by vethY, or it is a martian",
		"a route back to 7.7.7.7 by vethY in /, or rp_filter 2 (loose)");
}

/* The fix names a gateway on a connected segment whose namespace has a route there. */
static void test_route_fix(void)
{
	struct nst_model *m = myns();
	struct nst_route *rt = nst_ns_add_route(nst_model_find_ns(m, "/"));
	struct nst_reach r;

	rt->family = AF_INET;
	rt->dst = fixture_addr4("9.9.0.0", 16);
	rt->type = 1;
	rt->table = 254;
	rows = NULL;
	explain(m, "myns", "9.9.9.9", &r);
	CHECK_INT(r.reachable, 0);
	CHECK_INT(r.request.n, 1);
	CHECK_STR(r.fix, "ip -n myns route add 9.9.0.0/16 via 6.6.6.6");
	nst_reach_free(&r);
	nst_model_destroy(m);
}

static void test_loop_and_unknown(void)
{
	struct nst_model *m = myns();
	const struct row loop[] = {
		{ "myns", 0, "9.9.9.9", 0, 0, 1, 2, "6.6.6.6", "7.7.7.7" },
		{ "/", 5, "9.9.9.9", 0, 0, 1, 5, "7.7.7.7", NULL },
		{ "myns", 2, "9.9.9.9", 0, 0, 1, 2, "6.6.6.6", NULL },
		{ 0 },
	};
	const struct row broken[] = {
		{ "myns", 0, "6.6.6.6", 0, 0, 1, 2, NULL, "7.7.7.7" },
		{ "/", 5, "6.6.6.6", -EIO, 0, 0, 0, NULL, NULL },
		{ 0 },
	};
	struct nst_reach r;

	rows = loop;
	explain(m, "myns", "9.9.9.9", &r);
	CHECK_INT(r.reachable, 0);
	CHECK_INT(r.request.n, 4);
	CHECK_STR(r.reason, "routing loop: the packet to 9.9.9.9 comes back here");
	CHECK(asked < NST_REACH_TTL);
	nst_reach_free(&r);

	rows = broken;
	explain(m, "myns", "6.6.6.6", &r);
	CHECK_INT(r.reachable, -1);
	CHECK_STR(r.reason, "the kernel could not be asked here: Input/output error");
	nst_reach_free(&r);

	/* a base chain with a drop policy on the way: evaluated (reach_fw.c), the policy named */
	struct nst_fw_chain *c = nst_fw_add_chain(&nst_model_find_ns(m, "/")->fw);
	strcpy(c->family, "inet");
	strcpy(c->table, "filt");
	strcpy(c->name, "in");
	strcpy(c->hook, "input");
	c->base = true;
	c->has_policy = true;
	c->policy_accept = false;
	rows = veth_rows;
	explain(m, "myns", "6.6.6.6", &r);
	CHECK_INT(r.reachable, 0);
	CHECK_STR(r.reason, "policy drop of inet filt in");
	CHECK_STR(r.request.v[1].command, "nft -a list chain inet filt in");
	nst_reach_free(&r);
	/* accept policy and no rule: it cannot change anything */
	c = &nst_model_find_ns(m, "/")->fw.chains[0];
	c->policy_accept = true;
	explain(m, "myns", "6.6.6.6", &r);
	CHECK_INT(r.reachable, 1);
	nst_reach_free(&r);
	nst_model_destroy(m);
}

/* A given source the namespace does not own: the kernel's ENETUNREACH is not a missing route. */
static void test_foreign_source(void)
{
	struct nst_model *m = myns();
	struct nst_reach_probe p = { .from = nst_model_find_ns(m, "myns"), .family = AF_INET, .has_src = true };
	struct nst_reach r;

	inet_pton(AF_INET, "6.6.6.6", p.dst);
	inet_pton(AF_INET, "10.9.9.9", p.src);
	rows = NULL;
	nst_reach_explain(m, &oracle, &p, &r);
	CHECK_INT(r.reachable, 0);
	CHECK_STR(r.reason, "source 10.9.9.9 is not an address of this namespace: nothing is sent from it");
	CHECK_STR(r.request.v[0].command, "ip -n myns route get 6.6.6.6 from 10.9.9.9");
	nst_reach_free(&r);
	nst_model_destroy(m);
}

/* A namespace name that needs quoting reaches the command as one shell word. */
static void test_hostile_name(void)
{
	struct nst_model *m = myns();
	struct nst_ns *ns = nst_model_find_ns(m, "myns");
	struct nst_reach r;
	const struct row rs[] = { { "a b;$(x)", 0, "6.6.6.6", -ENETUNREACH, 0, 0, 0, NULL, NULL }, { 0 } };

	free(ns->name);
	ns->name = strdup("a b;$(x)");
	rows = rs;
	explain(m, "a b;$(x)", "6.6.6.6", &r);
	CHECK_STR(r.request.v[0].command, "ip -n 'a b;$(x)' route get 6.6.6.6");
	nst_reach_free(&r);
	nst_model_destroy(m);
}

/* tcp/udp arrival: a listener, none (refused), or not checked when the oracle cannot say. */
static void test_listening(void)
{
	struct nst_model *m = myns();
	struct nst_reach r;

	rows = veth_rows;
	listeners = 1;
	explain_proto(m, "myns", "6.6.6.6", NST_PROTO_TCP, 80, &r);
	CHECK_INT(r.reachable, 1);
	CHECK_STR(r.request.v[1].reason, "6.6.6.6 is local here: delivered to a tcp socket on port 80");
	CHECK_STR(r.request.v[1].command, "ss -ltn 'sport = :80'");
	CHECK_STR(r.reply.v[1].reason, "7.7.7.7 is local here: delivered");
	nst_reach_free(&r);
	listeners = 0;
	explain_proto(m, "myns", "6.6.6.6", NST_PROTO_TCP, 80, &r);
	CHECK_INT(r.reachable, 0);
	CHECK_STR(r.reason, "6.6.6.6 is local here, but nothing listens on tcp port 80: connection refused");
	CHECK_INT(r.reply.n, 0);
	nst_reach_free(&r);
	explain_proto(m, "myns", "6.6.6.6", NST_PROTO_UDP, 53, &r);
	CHECK_INT(r.reachable, -1);
	CHECK_STR(r.reason, "6.6.6.6 is local here, but its udp sockets could not be read: Input/output error");
	nst_reach_free(&r);
	listeners = -1;
	explain_proto(m, "myns", "6.6.6.6", NST_PROTO_UDP, 53, &r);
	CHECK_INT(r.reachable, 1);
	CHECK_STR(r.request.v[1].reason, "6.6.6.6 is local here: delivered (listening socket not checked)");
	nst_reach_free(&r);
	nst_model_destroy(m);
}

UNIT_MAIN(test_listening, test_veth_hop, test_bridge_hop, test_refusals, test_route_fix, test_loop_and_unknown, test_hostile_name,
	  test_foreign_source)
