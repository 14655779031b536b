/* SPDX-License-Identifier: MIT */
/*
 * Neighbours and FDB entries: the state and flag words as iproute2 prints
 * them, the parser on hand-built RTM_NEWNEIGH messages (an NDA_DST of 5 bytes,
 * a truncated lladdr, an FDB entry without a MAC: refused; an unknown attribute:
 * fine), the order and lookup per link, the diff's lines and what is churn,
 * the --dump line, the JSON keys and the tree row's badge. No root.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "be_nlmsg.h"
#include "diff.h"
#include "render.h"
#include "route_text.h"
#include "rows.h"
#include "unit.h"

static unsigned char buf[1024] __attribute__((aligned(8)));
static size_t len;

static struct nlmsghdr *neigh_msg(uint8_t family, int ifindex, uint16_t state, uint8_t flags)
{
	struct ndmsg ndm = { .ndm_family = family, .ndm_ifindex = ifindex, .ndm_state = state, .ndm_flags = flags };
	struct nlmsghdr *h = (struct nlmsghdr *)buf;

	memset(buf, 0, sizeof(buf));
	h->nlmsg_type = RTM_NEWNEIGH;
	memcpy(buf + NLMSG_HDRLEN, &ndm, sizeof(ndm));
	len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(ndm));
	h->nlmsg_len = (uint32_t)len;
	return h;
}

static void attr(uint16_t type, const void *data, size_t n)
{
	struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + n), .nla_type = type };

	memcpy(buf + len, &a, sizeof(a));
	memcpy(buf + len + NLA_HDRLEN, data, n);
	len += NLA_HDRLEN + NLA_ALIGN(n);
	((struct nlmsghdr *)buf)->nlmsg_len = (uint32_t)len;
}

static const uint8_t mac1[6] = { 0xaa, 0xbb, 0xcc, 0x00, 0x00, 0x01 };

static void ip4(const char *s)
{
	struct in_addr a;
	inet_pton(AF_INET, s, &a);
	attr(NDA_DST, &a, 4);
}

static void test_state_text(void)
{
	char b[64];

	CHECK_STR(nst_neigh_state_text(NST_NUD_REACHABLE, b, sizeof(b)), "REACHABLE");
	CHECK_STR(nst_neigh_state_text(NST_NUD_STALE, b, sizeof(b)), "STALE");
	CHECK_STR(nst_neigh_state_text(NST_NUD_FAILED, b, sizeof(b)), "FAILED");
	CHECK_STR(nst_neigh_state_text(NST_NUD_INCOMPLETE, b, sizeof(b)), "INCOMPLETE");
	CHECK_STR(nst_neigh_state_text(NST_NUD_PERMANENT, b, sizeof(b)), "PERMANENT");
	CHECK_STR(nst_neigh_state_text(NST_NUD_NOARP, b, sizeof(b)), "NOARP");
	CHECK_STR(nst_neigh_state_text(NST_NUD_DELAY, b, sizeof(b)), "DELAY");
	CHECK_STR(nst_neigh_state_text(NST_NUD_PROBE, b, sizeof(b)), "PROBE");
	CHECK_STR(nst_neigh_state_text(0, b, sizeof(b)), "NONE");
	/* combinations in iproute2's bit order, unknown bits as hex */
	CHECK_STR(nst_neigh_state_text(NST_NUD_PROBE | NST_NUD_FAILED, b, sizeof(b)), "PROBE FAILED");
	CHECK_STR(nst_neigh_state_text(NST_NUD_STALE | 0x100, b, sizeof(b)), "STALE 0x100");
	CHECK_STR(nst_neigh_state_text(NST_NUD_STALE | NST_NUD_FAILED, b, 6), "STALE"); /* cut, terminated */
	CHECK_STR(nst_fdb_state_text(NST_NUD_PERMANENT, b, sizeof(b)), "permanent");
	CHECK_STR(nst_fdb_state_text(NST_NUD_NOARP, b, sizeof(b)), "static");
	CHECK_STR(nst_fdb_state_text(NST_NUD_STALE, b, sizeof(b)), "stale");
	CHECK_STR(nst_fdb_state_text(NST_NUD_REACHABLE, b, sizeof(b)), "");
	CHECK_STR(nst_neigh_flag_word(0, NST_NTF_SELF, true), "self");
	CHECK_STR(nst_neigh_flag_word(4, NST_NTF_MASTER, true), "master");
	CHECK_STR(nst_neigh_flag_word(0, NST_NTF_ROUTER, false), "router");
	CHECK_STR(nst_neigh_flag_word(0, 0, false), "");
	CHECK(nst_neigh_flag_word(4, 0xff, false) == NULL);
}

static void test_parse(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *ns = nst_model_add_ns(m, "t", NST_NS_NAMED, (struct nst_ns_id){ 1, 1 });
	char b[64];

	/* a good IPv4 neighbour, with an attribute nstop does not know */
	neigh_msg(AF_INET, 3, NUD_REACHABLE, NTF_ROUTER);
	ip4("10.0.0.2");
	attr(NDA_LLADDR, mac1, 6);
	uint32_t x = 7;
	attr(NDA_MAX + 5, &x, 4);
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), 0);
	CHECK_INT(ns->n_neighs, 1);
	CHECK_STR(nst_neigh_addr_text(&ns->neighs[0], b, sizeof(b)), "10.0.0.2");
	CHECK_STR(nst_neigh_lladdr_text(&ns->neighs[0], b, sizeof(b)), "aa:bb:cc:00:00:01");
	CHECK(ns->neighs[0].flags & NST_NTF_ROUTER);
	/* NDA_DST of 5 bytes, or an IPv6 one on an IPv4 entry: left out and counted (the read goes on), nothing added */
	neigh_msg(AF_INET, 3, NUD_REACHABLE, 0);
	attr(NDA_DST, "\x0a\x00\x00\x02\x01", 5);
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), 0);
	neigh_msg(AF_INET, 3, NUD_REACHABLE, 0);
	attr(NDA_DST, "0123456789abcdef", 16);
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), 0);
	/* an IP neighbour without its address */
	neigh_msg(AF_INET6, 3, NUD_REACHABLE, 0);
	attr(NDA_LLADDR, mac1, 6);
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), 0);
	/* a truncated lladdr: its length runs past the message */
	neigh_msg(AF_INET, 3, NUD_REACHABLE, 0);
	ip4("10.0.0.3");
	attr(NDA_LLADDR, mac1, 6);
	((struct nlmsghdr *)buf)->nlmsg_len -= 4;
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), -EBADMSG);
	/* an lladdr longer than any device's (MAX_ADDR_LEN 32) */
	uint8_t big[33] = { 0 };
	neigh_msg(AF_INET, 3, NUD_REACHABLE, 0);
	ip4("10.0.0.3");
	attr(NDA_LLADDR, big, sizeof(big));
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), -EBADMSG);
	/* a header cut short, a bad ifindex, a vlan of the wrong size */
	neigh_msg(AF_INET, 3, NUD_REACHABLE, 0);
	((struct nlmsghdr *)buf)->nlmsg_len = NLMSG_HDRLEN + 4;
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), -EBADMSG);
	neigh_msg(AF_INET, 0, NUD_REACHABLE, 0);
	ip4("10.0.0.4");
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), 0);
	neigh_msg(AF_BRIDGE, 4, NUD_NOARP, NTF_MASTER);
	attr(NDA_LLADDR, mac1, 6);
	attr(NDA_VLAN, &x, 4);
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), -EBADMSG);
	/* an FDB entry is a MAC: none, or one not of 6 bytes (another device type's), left out and counted */
	neigh_msg(AF_BRIDGE, 4, NUD_NOARP, NTF_MASTER);
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), 0);
	neigh_msg(AF_BRIDGE, 4, NUD_NOARP, NTF_MASTER);
	attr(NDA_LLADDR, mac1, 4);
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), 0);
	CHECK_INT(ns->n_neighs, 1);
	/* a good FDB entry: vlan, master */
	uint16_t vlan = 10;
	uint32_t master = 2;
	neigh_msg(AF_BRIDGE, 4, NUD_NOARP, NTF_MASTER);
	attr(NDA_LLADDR, mac1, 6);
	attr(NDA_VLAN, &vlan, 2);
	attr(NDA_MASTER, &master, 4);
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), 0);
	/* a proxy entry may have no device (ip neigh add proxy ADDR); it is a different entry from the
	 * neighbour of the same address */
	neigh_msg(AF_INET, 0, 0, NTF_PROXY);
	ip4("10.0.0.4");
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), 0);
	neigh_msg(AF_INET, 3, 0, NTF_PROXY);
	ip4("10.0.0.2");
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), 0);
	neigh_msg(AF_INET, -1, 0, NTF_PROXY);
	ip4("10.0.0.4");
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), 0);
	/* another table's family (AF_PACKET): skipped, not refused */
	neigh_msg(AF_PACKET, 3, NUD_REACHABLE, 0);
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), 0);
	/* not a NEWNEIGH */
	neigh_msg(AF_INET, 3, NUD_REACHABLE, 0)->nlmsg_type = RTM_NEWROUTE;
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), -EBADMSG);
	CHECK_INT(ns->n_neighs, 4);
	/* left out and counted: two bad addresses, no address, ifindex 0 not a proxy, two FDB MACs, ifindex -1 */
	CHECK_INT(ns->neighs_bad, 7);
	nst_ns_sort_neighs(ns);
	size_t n0 = 0;
	const struct nst_neigh *none = nst_ns_link_neighs(ns, 0, &n0);
	CHECK(n0 == 1 && none && (none->flags & NST_NTF_PROXY));
	CHECK_INT(ns->neighs[1].ifindex, 3);
	CHECK_INT(ns->neighs[2].ifindex, 3);
	CHECK(!nst_neigh_same(&ns->neighs[1], &ns->neighs[2])); /* 10.0.0.2: the neighbour and the proxy entry */
	CHECK_STR(nst_neigh_status(&ns->neighs[2], b, sizeof(b)), "proxy");
	CHECK_INT(ns->neighs[3].ifindex, 4);
	CHECK(ns->neighs[3].has_vlan && ns->neighs[3].vlan == 10 && ns->neighs[3].master == 2);
	/* past NST_NEIGH_MAX a valid entry is counted, not kept */
	struct nst_neigh fill = ns->neighs[1];
	while (ns->n_neighs < NST_NEIGH_MAX) {
		nst_ns_add_neigh(ns, &fill);
	}
	CHECK_INT(ns->neighs_cut, 0);
	neigh_msg(AF_BRIDGE, 4, NUD_NOARP, NTF_MASTER);
	attr(NDA_LLADDR, mac1, 6);
	CHECK_INT(be_rtnl_parse_neigh((struct nlmsghdr *)buf, ns), 0);
	CHECK_INT(ns->n_neighs, NST_NEIGH_MAX);
	CHECK_INT(ns->neighs_cut, 1);
	nst_model_destroy(m);
}

/* A namespace with br0 (2), its port p1 (4) and eth0 (3) with three neighbours. */
static struct nst_model *fixture(struct nst_ns **out)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *ns = nst_model_add_ns(m, "t", NST_NS_NAMED, (struct nst_ns_id){ 1, 1 });
	struct nst_neigh n = { .family = AF_INET, .ifindex = 3, .has_addr = true, .addr_family = AF_INET };

	nst_ns_add_link(ns, 2, "br0");
	nst_ns_add_link(ns, 3, "eth0");
	nst_ns_add_link(ns, 4, "p1")->master.ifindex = 2;
	inet_pton(AF_INET, "10.0.0.9", n.addr);
	n.state = NST_NUD_FAILED;
	nst_ns_add_neigh(ns, &n);
	inet_pton(AF_INET, "10.0.0.2", n.addr);
	n.state = NST_NUD_REACHABLE;
	n.lladdr_len = 6;
	memcpy(n.lladdr, mac1, 6);
	nst_ns_add_neigh(ns, &n);
	struct nst_neigh mc = { .family = AF_INET6, .ifindex = 3, .has_addr = true, .addr_family = AF_INET6,
				.state = NST_NUD_NOARP, .lladdr_len = 6, .lladdr = { 0x33, 0x33, 0, 0, 0, 0x16 } };
	inet_pton(AF_INET6, "ff02::16", mc.addr);
	nst_ns_add_neigh(ns, &mc);
	struct nst_neigh f = { .family = NST_AF_BRIDGE, .ifindex = 4, .lladdr_len = 6, .state = NST_NUD_REACHABLE,
			       .flags = NST_NTF_MASTER, .master = 2, .has_vlan = true, .vlan = 1 };
	memcpy(f.lladdr, mac1, 6);
	nst_ns_add_neigh(ns, &f);
	f.state = NST_NUD_PERMANENT;
	f.flags = NST_NTF_SELF;
	f.master = 0;
	f.has_vlan = false;
	nst_ns_add_neigh(ns, &f);
	nst_model_sort(m);
	*out = ns;
	return m;
}

static void test_order_and_text(void)
{
	struct nst_ns *ns;
	struct nst_model *m = fixture(&ns);
	char b[512], c[32], d[32];
	size_t n;

	const struct nst_neigh *v = nst_ns_link_neighs(ns, 3, &n);
	CHECK_INT(n, 3);
	CHECK_STR(nst_neigh_addr_text(&v[0], b, sizeof(b)), "10.0.0.2"); /* by address within the link */
	CHECK(nst_ns_link_neighs(ns, 2, &n) == NULL && n == 0);
	v = nst_ns_link_neighs(ns, 4, &n);
	CHECK_INT(n, 2);
	CHECK(v[0].flags & NST_NTF_MASTER); /* master before self */
	struct nst_neigh_counts k = nst_ns_link_neigh_counts(ns, 3);
	CHECK(k.neigh == 3 && k.failed == 1 && k.incomplete == 0 && k.noarp == 1 && k.fdb == 0);
	CHECK_STR(nst_neigh_summary(ns, 3, b, sizeof(b)),
		  "neigh 10.0.0.2 aa:bb:cc:00:00:01 REACHABLE, 10.0.0.9 FAILED, ff02::16 33:33:00:00:00:16 NOARP");
	CHECK_STR(nst_neigh_summary(ns, 4, b, sizeof(b)), "fdb 2 (1 dynamic, 0 static, 1 permanent)");
	CHECK_STR(nst_neigh_summary(ns, 2, b, sizeof(b)), "");
	/* a device's own multicast subscription is neither counted nor summed up */
	struct nst_neigh own = { .family = NST_AF_BRIDGE, .ifindex = 2, .lladdr_len = 6, .state = NST_NUD_PERMANENT,
				 .flags = NST_NTF_SELF, .lladdr = { 0x33, 0x33, 0, 0, 0, 1 } };
	CHECK(nst_fdb_own_multicast(&own));
	nst_ns_add_neigh(ns, &own);
	nst_ns_sort_neighs(ns);
	CHECK_STR(nst_neigh_summary(ns, 2, b, sizeof(b)), "");
	CHECK_INT(nst_ns_link_neigh_counts(ns, 2).fdb, 0);
	CHECK(!nst_fdb_own_multicast(&ns->neighs[ns->n_neighs - 1])); /* p1's unicast self entry */
	nst_neigh_summary(ns, 3, b, 20); /* cut with the mark */
	CHECK(strlen(b) < 20 && strstr(b, "\xe2\x80\xa6") != NULL);
	ui_neigh_badge(ns, &ns->links[1], c, sizeof(c), d, sizeof(d));
	CHECK_STR(c, "2 neigh");
	CHECK_STR(d, "1 FAILED");
	ui_neigh_badge(ns, &ns->links[0], c, sizeof(c), d, sizeof(d));
	CHECK_STR(c, "");
	CHECK_STR(d, "");

	/* the JSON of eth0 and p1 */
	char *json = NULL;
	size_t jl = 0;
	FILE *f = open_memstream(&json, &jl);
	nst_render_json(m, NULL, f);
	fclose(f);
	CHECK(strstr(json, "\"neighbours\":[{\"family\":\"inet\",\"address\":\"10.0.0.2\",\"lladdr\":\"aa:bb:cc:00:00:01\","
			   "\"state\":[\"REACHABLE\"],\"flags\":[],\"router\":false},{\"family\":\"inet\",\"address\":"
			   "\"10.0.0.9\",\"lladdr\":null,\"state\":[\"FAILED\"],\"flags\":[],\"router\":false}") != NULL);
	CHECK(strstr(json, "\"fdb\":[{\"mac\":\"aa:bb:cc:00:00:01\",\"vlan\":1,\"master\":\"br0\",\"self\":false,"
			   "\"state\":\"\",\"flags\":[\"master\"],\"dst\":null},{\"mac\":\"aa:bb:cc:00:00:01\",\"vlan\":null,"
			   "\"master\":null,\"self\":true,\"state\":\"permanent\",\"flags\":[\"self\"],\"dst\":null}]") != NULL);
	free(json);
	nst_model_destroy(m);
}

static char lines[2048];

static void collect(void *ctx, const struct nst_change *c)
{
	(void)ctx;
	size_t at = strlen(lines);
	snprintf(lines + at, sizeof(lines) - at, "%s|%s\n", c->ns, c->text);
}

static void test_diff(void)
{
	struct nst_ns *a, *b;
	struct nst_model *ma = fixture(&a), *mb = fixture(&b);

	/* the same: nothing */
	lines[0] = '\0';
	nst_diff_ns(a, b, collect, NULL);
	CHECK_STR(lines, "");
	/* churn: REACHABLE -> STALE -> DELAY; a dynamic FDB entry ageing to stale: no line */
	b->neighs[0].state = NST_NUD_STALE;
	nst_diff_ns(a, b, collect, NULL);
	b->neighs[0].state = NST_NUD_DELAY;
	nst_diff_ns(a, b, collect, NULL);
	b->neighs[3].state = NST_NUD_STALE;
	nst_diff_ns(a, b, collect, NULL);
	CHECK_STR(lines, "");
	/* into FAILED, a new lladdr, FAILED back to REACHABLE, INCOMPLETE -> FAILED */
	b->neighs[0].state = NST_NUD_FAILED;
	nst_diff_ns(a, b, collect, NULL);
	CHECK_STR(lines, "t|neigh change 10.0.0.2 dev eth0 lladdr aa:bb:cc:00:00:01 REACHABLE -> FAILED\n");
	lines[0] = '\0';
	b->neighs[0].state = NST_NUD_REACHABLE;
	b->neighs[0].lladdr[5] = 2;
	nst_diff_ns(a, b, collect, NULL);
	CHECK_STR(lines, "t|neigh change 10.0.0.2 dev eth0 lladdr aa:bb:cc:00:00:01 -> aa:bb:cc:00:00:02 REACHABLE -> REACHABLE\n");
	lines[0] = '\0';
	a->neighs[1].state = NST_NUD_INCOMPLETE;
	nst_diff_ns(a, b, collect, NULL);
	CHECK_STR(lines, "t|neigh change 10.0.0.2 dev eth0 lladdr aa:bb:cc:00:00:01 -> aa:bb:cc:00:00:02 REACHABLE -> REACHABLE\n"
			 "t|neigh change 10.0.0.9 dev eth0 INCOMPLETE -> FAILED\n");
	/* added and deleted; the NOARP multicast mapping is no line; an FDB entry made static */
	lines[0] = '\0';
	b->neighs[0] = a->neighs[0];
	a->neighs[1].state = NST_NUD_FAILED;
	b->neighs[1].addr[3] = 10; /* 10.0.0.9 went, 10.0.0.10 came */
	b->neighs[2].addr[15] = 0x17;
	b->neighs[3].state = NST_NUD_NOARP;
	nst_ns_sort_neighs(b);
	nst_diff_ns(a, b, collect, NULL);
	CHECK_STR(lines, "t|neigh del 10.0.0.9 dev eth0\n"
			 "t|neigh add 10.0.0.10 dev eth0 FAILED\n"
			 "t|fdb change aa:bb:cc:00:00:01 dev p1 vlan 1 master br0 static\n");
	/* a device's own multicast FDB entry coming with a link: no line of it (other lines may differ) */
	lines[0] = '\0';
	struct nst_neigh own = { .family = NST_AF_BRIDGE, .ifindex = 3, .lladdr_len = 6, .state = NST_NUD_PERMANENT,
				 .flags = NST_NTF_SELF, .lladdr = { 0x01, 0x00, 0x5e, 0, 0, 1 } };
	nst_ns_add_neigh(b, &own);
	nst_ns_sort_neighs(b);
	size_t before = strlen(lines);
	nst_diff_neighs(a, b, collect, NULL);
	CHECK(strstr(lines + before, "01:00:5e") == NULL);
	/* a link's entries go with it: its link del says it */
	lines[0] = '\0';
	b->n_neighs = 0;
	b->n_links = 1;
	nst_diff_neighs(a, b, collect, NULL);
	CHECK_STR(lines, "");
	b->n_links = 3;
	nst_model_destroy(ma);
	nst_model_destroy(mb);
}

/* A route through a FAILED neighbour: a warning on its link, once for two routes; REACHABLE: none. */
static void test_diagnose(void)
{
	struct nst_ns *ns;
	struct nst_model *m = fixture(&ns);

	for (int i = 0; i < 2; i++) {
		struct nst_route *r = nst_ns_add_route(ns);
		r->family = AF_INET;
		r->is_default = i == 0;
		r->dst.family = AF_INET;
		r->has_gateway = true;
		r->gateway.family = AF_INET;
		inet_pton(AF_INET, "10.0.0.9", r->gateway.bytes);
		r->oif = 3;
	}
	struct nst_route *r = nst_ns_add_route(ns);
	*r = (struct nst_route){ .family = AF_INET, .has_gateway = true, .gateway = { .family = AF_INET }, .oif = 3 };
	inet_pton(AF_INET, "10.0.0.2", r->gateway.bytes);
	nst_model_diagnose(m);
	const struct nst_link *l = nst_ns_find_link(ns, 3);
	CHECK_INT(l->warnings.n, 1);
	if (l->warnings.n) {
		CHECK_STR(l->warnings.v[0], "gateway 10.0.0.9 on eth0 does not answer ARP (FAILED)");
	}
	ns->neighs[1].state = NST_NUD_REACHABLE; /* it answered */
	nst_model_diagnose(m);
	CHECK_INT(nst_ns_find_link(ns, 3)->warnings.n, 0);
	nst_model_destroy(m);
}

/* A proxy entry's lines say what `ip neigh add proxy` said: no state, no device when it has none. */
static void test_diff_proxy(void)
{
	struct nst_ns *a, *b;
	struct nst_model *ma = fixture(&a), *mb = fixture(&b);
	struct nst_neigh p = { .family = AF_INET, .ifindex = 3, .has_addr = true, .addr_family = AF_INET,
			       .flags = NST_NTF_PROXY };

	inet_pton(AF_INET, "10.0.0.2", p.addr); /* beside the neighbour of the same address */
	nst_ns_add_neigh(b, &p);
	p.ifindex = 0;
	nst_ns_add_neigh(b, &p);
	nst_ns_sort_neighs(b);
	lines[0] = '\0';
	nst_diff_ns(a, b, collect, NULL);
	CHECK_STR(lines, "t|neigh add proxy 10.0.0.2\nt|neigh add proxy 10.0.0.2 dev eth0\n");
	lines[0] = '\0';
	nst_diff_ns(b, a, collect, NULL);
	CHECK_STR(lines, "t|neigh del proxy 10.0.0.2\nt|neigh del proxy 10.0.0.2 dev eth0\n");
	nst_model_destroy(ma);
	nst_model_destroy(mb);
}

UNIT_MAIN(test_state_text, test_parse, test_order_and_text, test_diff, test_diff_proxy, test_diagnose)
