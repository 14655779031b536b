/* SPDX-License-Identifier: MIT */
/*
 * be_trace_parse (--probe's trace events) on crafted NFT_MSG_TRACE messages:
 * headers classify a packet and later events of it inherit that; other
 * packets, other namespaces' nsids and malformed attributes are left out,
 * never read past their end, and never stop the process.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "be_trace.h"
#include "unit.h"

#define KEY 0x4242

static char buf[8192] __attribute__((aligned(8)));
static size_t used;

struct ev {
	uint8_t family;
	const char *table, *chain;
	uint32_t type, id;
	uint64_t handle; /* 0: none */
	int verdict;     /* NFT_CONTINUE etc.; 99: no verdict attribute */
	const char *target;
	const uint8_t *th;
	size_t th_len;
	uint32_t iif;
	uint32_t policy;
};

static struct nlmsghdr *put(const struct ev *e)
{
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf + used);
	h->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_TRACE;
	struct nfgenmsg *g = mnl_nlmsg_put_extra_header(h, sizeof(*g));
	g->nfgen_family = e->family;
	mnl_attr_put_strz(h, NFTA_TRACE_TABLE, e->table);
	mnl_attr_put_strz(h, NFTA_TRACE_CHAIN, e->chain);
	mnl_attr_put_u32(h, NFTA_TRACE_TYPE, htonl(e->type));
	mnl_attr_put_u32(h, NFTA_TRACE_ID, htonl(e->id));
	if (e->handle) {
		mnl_attr_put_u64(h, NFTA_TRACE_RULE_HANDLE, htobe64(e->handle));
	}
	if (e->verdict != 99) {
		struct nlattr *n = mnl_attr_nest_start(h, NFTA_TRACE_VERDICT);
		mnl_attr_put_u32(h, NFTA_VERDICT_CODE, htonl((uint32_t)e->verdict));
		if (e->target) {
			mnl_attr_put_strz(h, NFTA_VERDICT_CHAIN, e->target);
		}
		mnl_attr_nest_end(h, n);
	}
	if (e->type == NFT_TRACETYPE_POLICY) {
		mnl_attr_put_u32(h, NFTA_TRACE_POLICY, htonl(e->policy));
	}
	if (e->th) {
		uint8_t nh[20] = { 0x45 };
		nh[9] = 1; /* ICMP */
		mnl_attr_put(h, NFTA_TRACE_NETWORK_HEADER, sizeof(nh), nh);
		mnl_attr_put(h, NFTA_TRACE_TRANSPORT_HEADER, e->th_len, e->th);
	}
	if (e->iif) {
		mnl_attr_put_u32(h, NFTA_TRACE_IIF, htonl(e->iif));
	}
	used += NLMSG_ALIGN(h->nlmsg_len);
	return h;
}

static struct nst_ns ns_x, ns_y;
static struct nst_link x_links[1];
static const struct be_trace_ns map[] = { { 7, &ns_x }, { -1, &ns_y } };

static void setup(struct be_trace_sink *s, struct nst_reach_observed *o)
{
	memset(s, 0, sizeof(*s));
	memset(o, 0, sizeof(*o));
	ns_x.name = "x";
	ns_x.id = (struct nst_ns_id){ 1, 100 };
	x_links[0].ifindex = 5;
	strcpy(x_links[0].name, "vethE");
	ns_x.links = x_links;
	ns_x.n_links = 1;
	ns_y.name = "y";
	ns_y.id = (struct nst_ns_id){ 1, 200 };
	s->map = map;
	s->n_map = 2;
	s->self_nsid = -2;
	s->match = (struct be_trace_match){ .family = 2, .l4proto = 1, .key = KEY };
	s->packet = 1;
	s->o = o;
	used = 0;
}

static void clear(struct be_trace_sink *s, struct nst_reach_observed *o)
{
	be_trace_sink_clear(s);
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].ns);
		free(o->v[i].table);
		free(o->v[i].chain);
		free(o->v[i].target);
	}
	free(o->v);
}

static const uint8_t echo_req[8] = { 8, 0, 0, 0, KEY >> 8, KEY & 0xff, 0, 2 };
static const uint8_t echo_rep[8] = { 0, 0, 0, 0, KEY >> 8, KEY & 0xff, 0, 2 };
static const uint8_t other_req[8] = { 8, 0, 0, 0, 0x11, 0x11, 0, 1 };

static void test_a_packet(void)
{
	struct be_trace_sink s;
	struct nst_reach_observed o;
	setup(&s, &o);
	/* nstop's own prerouting chain: the marking rule (left out), then its policy */
	put(&(struct ev){ NFPROTO_INET, NST_TRACE_TABLE, "prerouting", NFT_TRACETYPE_RULE, 9, 3, NFT_CONTINUE, NULL,
			  echo_req, sizeof(echo_req), 5, 0 });
	put(&(struct ev){ NFPROTO_INET, NST_TRACE_TABLE, "prerouting", NFT_TRACETYPE_POLICY, 9, 0, 99, NULL, NULL, 0, 0,
			  NF_ACCEPT });
	/* another table's chain at the forward hook: headers again (a new chain run), a jump, then the drop */
	put(&(struct ev){ NFPROTO_INET, NST_TRACE_TABLE, "forward", NFT_TRACETYPE_POLICY, 9, 0, 99, NULL, echo_req,
			  sizeof(echo_req), 5, NF_ACCEPT });
	put(&(struct ev){ NFPROTO_IPV4, "filt", "gate", NFT_TRACETYPE_RULE, 9, 4, NFT_JUMP, "deeper", echo_req,
			  sizeof(echo_req), 5, 0 });
	put(&(struct ev){ NFPROTO_IPV4, "filt", "deeper", NFT_TRACETYPE_RULE, 9, 0, NFT_CONTINUE, NULL, NULL, 0, 0, 0 });
	put(&(struct ev){ NFPROTO_IPV4, "filt", "deeper", NFT_TRACETYPE_RULE, 9, 8, NF_DROP, NULL, NULL, 0, 0, 0 });
	be_trace_parse(buf, used, true, 7, &s);
	CHECK_INT(o.n, 4);
	if (o.n == 4) {
		CHECK_STR(o.v[0].ns, "x");
		CHECK(o.v[0].ours && !o.v[0].reply);
		CHECK_STR(o.v[0].hook, "prerouting");
		CHECK_STR(o.v[0].verdict, "accept");
		CHECK_STR(o.v[0].iif, "vethE"); /* from the chain's first event */
		CHECK_INT(o.v[0].packet, 2);    /* the echo's sequence */
		CHECK_STR(o.v[2].family, "ip");
		CHECK_STR(o.v[2].verdict, "jump");
		CHECK_STR(o.v[2].target, "deeper");
		CHECK_INT(o.v[2].rule, 4);
		CHECK_STR(o.v[2].hook, "forward");
		CHECK_STR(o.v[3].chain, "deeper");
		CHECK_STR(o.v[3].verdict, "drop");
		CHECK_INT(o.v[3].rule, 8);
		CHECK_STR(o.v[3].hook, "forward"); /* inherited: no headers on it */
		CHECK(!o.v[3].ours);
	}
	clear(&s, &o);
}

static void test_left_out(void)
{
	struct be_trace_sink s;
	struct nst_reach_observed o;
	setup(&s, &o);
	/* an nsid off the path */
	put(&(struct ev){ NFPROTO_INET, NST_TRACE_TABLE, "output", NFT_TRACETYPE_POLICY, 1, 0, 99, NULL, echo_req,
			  sizeof(echo_req), 0, NF_ACCEPT });
	be_trace_parse(buf, used, true, 8, &s);
	CHECK_INT(o.n, 0);
	/* another packet (someone else's ping) in a namespace on the path, and its header-less follow-up */
	used = 0;
	put(&(struct ev){ NFPROTO_IPV4, "t", "c", NFT_TRACETYPE_RULE, 2, 3, NF_ACCEPT, NULL, other_req,
			  sizeof(other_req), 0, 0 });
	put(&(struct ev){ NFPROTO_IPV4, "t", "c", NFT_TRACETYPE_RULE, 2, 4, NF_DROP, NULL, NULL, 0, 0, 0 });
	/* an event of a packet never seen, without headers: whose it is cannot be told */
	put(&(struct ev){ NFPROTO_IPV4, "t", "c", NFT_TRACETYPE_RULE, 3, 4, NF_DROP, NULL, NULL, 0, 0, 0 });
	be_trace_parse(buf, used, true, 7, &s);
	CHECK_INT(o.n, 0);
	CHECK(s.foreign >= 4);
	/* the reply in nstop's own namespace (no nsid): kept, as the reply */
	used = 0;
	put(&(struct ev){ NFPROTO_INET, NST_TRACE_TABLE, "input", NFT_TRACETYPE_POLICY, 4, 0, 99, NULL, echo_rep,
			  sizeof(echo_rep), 0, NF_ACCEPT });
	be_trace_parse(buf, used, false, 0, &s);
	CHECK_INT(o.n, 1);
	if (o.n == 1) {
		CHECK_STR(o.v[0].ns, "y");
		CHECK(o.v[0].reply);
	}
	clear(&s, &o);
}

static void test_hostile(void)
{
	struct be_trace_sink s;
	struct nst_reach_observed o;
	setup(&s, &o);
	/* a 1000-byte chain name: kept to 256 */
	char big[1001];
	memset(big, 'A', 1000);
	big[1000] = '\0';
	put(&(struct ev){ NFPROTO_IPV4, "t", big, NFT_TRACETYPE_RULE, 5, 3, NF_DROP, NULL, echo_req, sizeof(echo_req),
			  0, 0 });
	be_trace_parse(buf, used, true, 7, &s);
	CHECK_INT(o.n, 1);
	if (o.n == 1) {
		CHECK_INT(strlen(o.v[0].chain), 256);
	}
	/* the type attribute of the wrong size: refused whole (libnftnl would exit here) */
	used = 0;
	struct nlmsghdr *h = put(&(struct ev){ NFPROTO_IPV4, "t", "c", NFT_TRACETYPE_RULE, 5, 3, NF_DROP, NULL, echo_req,
					       sizeof(echo_req), 0, 0 });
	struct nlattr *a;
	mnl_attr_for_each(a, h, sizeof(struct nfgenmsg)) {
		if (mnl_attr_get_type(a) == NFTA_TRACE_TYPE) {
			a->nla_len = 6; /* 2 bytes of a u32 */
		}
	}
	size_t before = o.n;
	be_trace_parse(buf, used, true, 7, &s);
	CHECK_INT(o.n, before);
	/* a message longer than what was received, and one cut inside its header: nothing read past the end */
	used = 0;
	h = put(&(struct ev){ NFPROTO_IPV4, "t", "c", NFT_TRACETYPE_RULE, 5, 3, NF_DROP, NULL, echo_req,
			      sizeof(echo_req), 0, 0 });
	for (size_t cut = 0; cut < h->nlmsg_len; cut++) {
		char *copy = malloc(cut ? cut : 1);
		memcpy(copy, buf, cut);
		be_trace_parse(copy, cut, true, 7, &s);
		free(copy);
	}
	CHECK_INT(o.n, before);
	/* an attribute whose length runs past the message */
	mnl_attr_for_each(a, h, sizeof(struct nfgenmsg)) {
		if (mnl_attr_get_type(a) == NFTA_TRACE_CHAIN) {
			a->nla_len = 4000;
		}
	}
	be_trace_parse(buf, used, true, 7, &s);
	CHECK_INT(o.n, before);
	clear(&s, &o);
}

static void test_tcp(void)
{
	struct be_trace_sink s;
	struct nst_reach_observed o;
	setup(&s, &o);
	s.match.l4proto = 6;
	uint8_t syn[20] = { KEY >> 8, KEY & 0xff, 0, 80 }, synack[20] = { 0, 80, KEY >> 8, KEY & 0xff },
		ack[20] = { KEY >> 8, KEY & 0xff, 0, 80 };
	syn[13] = 0x02;
	synack[13] = 0x12;
	ack[13] = 0x10;
	struct ev e = { NFPROTO_INET, NST_TRACE_TABLE, "output", NFT_TRACETYPE_POLICY, 1, 0, 99, NULL, syn, 20, 0, NF_ACCEPT };
	/* tcp, not icmp, in the network header */
	put(&e);
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct nlattr *a;
	mnl_attr_for_each(a, h, sizeof(struct nfgenmsg)) {
		if (mnl_attr_get_type(a) == NFTA_TRACE_NETWORK_HEADER) {
			((uint8_t *)mnl_attr_get_payload(a))[9] = 6;
		}
	}
	size_t first = used;
	e.id = 2, e.th = synack;
	put(&e);
	e.id = 3, e.th = ack;
	put(&e);
	for (size_t off = first; off < used; off += NLMSG_ALIGN(((struct nlmsghdr *)(buf + off))->nlmsg_len)) {
		mnl_attr_for_each(a, (struct nlmsghdr *)(buf + off), sizeof(struct nfgenmsg)) {
			if (mnl_attr_get_type(a) == NFTA_TRACE_NETWORK_HEADER) {
				((uint8_t *)mnl_attr_get_payload(a))[9] = 6;
			}
		}
	}
	be_trace_parse(buf, used, true, 7, &s);
	CHECK_INT(o.n, 2); /* the SYN and the SYN-ACK; the ACK after it is not the probe */
	if (o.n == 2) {
		CHECK(!o.v[0].reply);
		CHECK(o.v[1].reply);
	}
	clear(&s, &o);
}

UNIT_MAIN(test_a_packet, test_left_out, test_hostile, test_tcp)
