/* SPDX-License-Identifier: MIT */
/*
 * Nexthop objects from hand-built RTM_NEWNEXTHOP messages (hops, blackhole,
 * groups with 8- and 16-bit weights, resilient, fdb; torn groups and missing
 * ids refused), routes naming them (nhid: text, hops resolved from the
 * object), --monitor lines; which routes views fold (fe80::/64, local);
 * netconf's proxy_neigh, conf/all and conf/default; conf/ names. No root.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netconf.h>
#include <linux/netlink.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "be_internal.h"
#include "be_nlmsg.h"
#include "diff.h"
#include "route_text.h"
#include "unit.h"

static unsigned char buf[4096] __attribute__((aligned(8)));
static size_t len;

static struct nlmsghdr *msg(uint16_t type, const void *hdr, size_t hdr_len)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;

	memset(buf, 0, sizeof(buf));
	h->nlmsg_type = type;
	memcpy(buf + NLMSG_HDRLEN, hdr, hdr_len);
	len = NLMSG_HDRLEN + NLMSG_ALIGN(hdr_len);
	h->nlmsg_len = (uint32_t)len;
	return h;
}

static void attr(uint16_t type, const void *data, size_t n)
{
	struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + n), .nla_type = type };

	memcpy(buf + len, &a, sizeof(a));
	if (data) {
		memcpy(buf + len + NLA_HDRLEN, data, n);
	}
	len += NLA_HDRLEN + NLA_ALIGN(n);
	((struct nlmsghdr *)buf)->nlmsg_len = (uint32_t)len;
}

static void u32(uint16_t type, uint32_t v)
{
	attr(type, &v, 4);
}

static struct nlmsghdr *nh(uint8_t family, uint32_t id, uint32_t flags)
{
	struct nhmsg m = { .nh_family = family, .nh_scope = RT_SCOPE_LINK, .nh_protocol = RTPROT_UNSPEC, .nh_flags = flags };
	struct nlmsghdr *h = msg(RTM_NEWNEXTHOP, &m, sizeof(m));

	if (id) {
		u32(NHA_ID, id);
	}
	return h;
}

static int parse(struct nst_ns *ns)
{
	return be_rtnl_parse_nexthop((struct nlmsghdr *)buf, ns);
}

static void add_link(struct nst_ns *ns, int ifindex, const char *name)
{
	nst_ns_add_link(ns, ifindex, name);
}

/* The namespace the tests share: v0 (2), v1 (3) and objects 1 2 3 4 10 11 20. */
static void objects(struct nst_ns *ns)
{
	uint8_t gw1[4] = { 10, 9, 0, 2 }, gw2[4] = { 10, 8, 0, 2 }, gw6[16] = { 0xfd, 0, [15] = 2 };

	add_link(ns, 2, "v0");
	add_link(ns, 3, "v1");
	nh(AF_INET, 1, 0);
	attr(NHA_GATEWAY, gw1, 4);
	u32(NHA_OIF, 2);
	CHECK_INT(parse(ns), 0);
	nh(AF_INET, 2, RTNH_F_ONLINK);
	attr(NHA_GATEWAY, gw2, 4);
	u32(NHA_OIF, 3);
	CHECK_INT(parse(ns), 0);
	nh(AF_INET, 3, 0);
	attr(NHA_BLACKHOLE, NULL, 0);
	CHECK_INT(parse(ns), 0);
	nh(AF_INET6, 4, 0);
	attr(NHA_GATEWAY, gw6, 16);
	u32(NHA_OIF, 2);
	CHECK_INT(parse(ns), 0);
	struct nexthop_grp g[2] = { { .id = 1, .weight = 0 }, { .id = 2, .weight = 2 } };
	nh(AF_UNSPEC, 10, 0);
	attr(NHA_GROUP, g, sizeof(g));
	CHECK_INT(parse(ns), 0);
	/* a 16-bit weight (Linux 6.12+): 300 is 299 stored, high byte in resvd1 */
	struct nexthop_grp r[2] = { { .id = 1, .weight = 299 & 0xff, .resvd1 = 299 >> 8 }, { .id = 2, .weight = 0 } };
	uint16_t res = NEXTHOP_GRP_TYPE_RES;
	nh(AF_UNSPEC, 11, 0);
	attr(NHA_GROUP, r, sizeof(r));
	attr(NHA_GROUP_TYPE, &res, 2);
	/* its table: 8 buckets, idle timer 120 s (in clock_t), no unbalanced timer attribute */
	unsigned char table[16] = { 6, 0, NHA_RES_GROUP_BUCKETS, 0, 8, 0, 0, 0, 8, 0, NHA_RES_GROUP_IDLE_TIMER, 0 };
	uint32_t idle = 12000;
	memcpy(table + 12, &idle, 4);
	attr(NHA_RES_GROUP, table, sizeof(table));
	CHECK_INT(parse(ns), 0);
	nh(AF_INET, 20, 0);
	attr(NHA_GATEWAY, gw1, 4);
	attr(NHA_FDB, NULL, 0);
	CHECK_INT(parse(ns), 0);
}

static void test_parse(void)
{
	struct nst_ns ns = { .name = "t" };
	char line[256];

	objects(&ns);
	CHECK_INT(ns.n_nhobjs, 7);
	if (ns.n_nhobjs != 7) {
		return;
	}
	CHECK_STR(nst_nhobj_text(&ns, &ns.nhobjs[0], line, sizeof(line)), "id 1 via 10.9.0.2 dev v0 scope link");
	CHECK_STR(nst_nhobj_text(&ns, &ns.nhobjs[1], line, sizeof(line)), "id 2 via 10.8.0.2 dev v1 scope link onlink");
	CHECK_STR(nst_nhobj_text(&ns, &ns.nhobjs[2], line, sizeof(line)), "id 3 blackhole scope link");
	CHECK_STR(nst_nhobj_text(&ns, &ns.nhobjs[3], line, sizeof(line)), "id 4 via fd00::2 dev v0 scope link");
	CHECK_STR(nst_nhobj_text(&ns, &ns.nhobjs[4], line, sizeof(line)), "id 10 group 1/2,3");
	CHECK_STR(nst_nhobj_text(&ns, &ns.nhobjs[5], line, sizeof(line)),
		  "id 11 group 1,300/2 type resilient buckets 8 idle_timer 120 unbalanced_timer 0");
	CHECK_STR(nst_nhobj_text(&ns, &ns.nhobjs[6], line, sizeof(line)), "id 20 via 10.9.0.2 scope link fdb");
	CHECK(ns.nhobjs[2].blackhole && !ns.nhobjs[0].blackhole && ns.nhobjs[6].fdb && ns.nhobjs[1].onlink);
	CHECK_INT(ns.nhobjs[5].group[0].weight, 300);
	CHECK(nst_ns_find_nhobj(&ns, 10) == &ns.nhobjs[4] && nst_ns_find_nhobj(&ns, 99) == NULL &&
	      nst_ns_find_nhobj(&ns, 0) == NULL);
	/* a cut line stays terminated */
	CHECK_STR(nst_nhobj_text(&ns, &ns.nhobjs[0], line, 8), "id 1 vi");

	/* refused whole, nothing added: a group of 7 bytes, an empty group, no id, id 0, a 2-byte oif, a flag with payload */
	size_t before = ns.n_nhobjs;
	unsigned char seven[7] = { 1 };
	nh(AF_UNSPEC, 12, 0);
	attr(NHA_GROUP, seven, 7);
	CHECK_INT(parse(&ns), -EBADMSG);
	nh(AF_UNSPEC, 12, 0);
	attr(NHA_GROUP, NULL, 0);
	CHECK_INT(parse(&ns), -EBADMSG);
	nh(AF_INET, 0, 0);
	attr(NHA_BLACKHOLE, NULL, 0);
	CHECK_INT(parse(&ns), -EBADMSG);
	nh(AF_INET, 0, 0);
	u32(NHA_ID, 0);
	CHECK_INT(parse(&ns), -EBADMSG);
	nh(AF_INET, 13, 0);
	attr(NHA_OIF, seven, 2);
	CHECK_INT(parse(&ns), -EBADMSG);
	nh(AF_INET, 13, 0);
	attr(NHA_BLACKHOLE, seven, 4);
	CHECK_INT(parse(&ns), -EBADMSG);
	struct nhmsg short_hdr = { 0 };
	msg(RTM_NEWNEXTHOP, &short_hdr, 4);
	((struct nlmsghdr *)buf)->nlmsg_len = NLMSG_HDRLEN + 4;
	CHECK_INT(parse(&ns), -EBADMSG);
	nh(AF_INET, 13, 0);
	((struct nlmsghdr *)buf)->nlmsg_type = RTM_NEWROUTE;
	CHECK_INT(parse(&ns), -EBADMSG);
	CHECK_INT(ns.n_nhobjs, before);
	/* kept with a warning: a gateway the size of no family, an unknown group type */
	uint8_t gw5[5] = { 1, 2, 3, 4, 5 };
	nh(AF_INET, 14, 0);
	attr(NHA_GATEWAY, gw5, 5);
	CHECK_INT(parse(&ns), 0);
	uint16_t t9 = 9, res16 = NEXTHOP_GRP_TYPE_RES;
	struct nexthop_grp one = { .id = 1 };
	nh(AF_UNSPEC, 15, 0);
	attr(NHA_GROUP, &one, sizeof(one));
	attr(NHA_GROUP_TYPE, &t9, 2);
	CHECK_INT(parse(&ns), 0);
	/* a torn resilient table (a 1-byte bucket count): the group is kept, its table is not */
	unsigned char torn[8] = { 5, 0, NHA_RES_GROUP_BUCKETS, 0, 8, 0, 0, 0 };
	nh(AF_UNSPEC, 16, 0);
	attr(NHA_GROUP, &one, sizeof(one));
	attr(NHA_GROUP_TYPE, &res16, 2);
	attr(NHA_RES_GROUP, torn, sizeof(torn));
	CHECK_INT(parse(&ns), 0);
	CHECK_INT(ns.n_nhobjs, before + 3);
	if (ns.n_nhobjs == before + 3) {
		CHECK(!ns.nhobjs[before + 2].has_res);
		CHECK_STR(nst_nhobj_text(&ns, &ns.nhobjs[before + 2], line, sizeof(line)),
			  "id 16 group 1 type resilient (resilient group settings not decoded)");
	}
	if (ns.n_nhobjs >= before + 2) {
		CHECK_STR(nst_nhobj_text(&ns, &ns.nhobjs[before], line, sizeof(line)),
			  "id 14 scope link (gateway not decoded)");
		CHECK_STR(nst_nhobj_text(&ns, &ns.nhobjs[before + 1], line, sizeof(line)),
			  "id 15 group 1 type 9 (group type not known to nstop)");
	}
	nst_ns_clear_nhobjs(&ns);
	free(ns.nhobjs);
	free(ns.links);
}

/* A route with RTA_NH_ID only, as a message without hops would be. */
static void route_nhid(struct nst_ns *ns, uint8_t b2, uint32_t id)
{
	struct rtmsg rtm = { .rtm_family = AF_INET, .rtm_dst_len = 16, .rtm_table = RT_TABLE_MAIN,
			     .rtm_protocol = RTPROT_BOOT, .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_UNICAST };
	uint8_t dst[4] = { 10, b2, 0, 0 };

	msg(RTM_NEWROUTE, &rtm, sizeof(rtm));
	attr(RTA_DST, dst, 4);
	u32(RTA_NH_ID, id);
	CHECK_INT(be_rtnl_parse_route((struct nlmsghdr *)buf, ns), 0);
}

static void test_routes(void)
{
	struct nst_ns ns = { .name = "t" };
	char line[512];

	objects(&ns);
	route_nhid(&ns, 50, 10);
	route_nhid(&ns, 51, 1);
	route_nhid(&ns, 52, 77); /* an id no object has: kept as it came */
	nst_ns_resolve_nhids(&ns);
	CHECK_INT(ns.n_routes, 3);
	if (ns.n_routes == 3) {
		CHECK_INT(ns.routes[0].nh_id, 10);
		CHECK_STR(nst_route_text(&ns, &ns.routes[0], line, sizeof(line)),
			  "10.50.0.0/16 nhid 10 proto boot nexthop via 10.9.0.2 dev v0 weight 1 "
			  "nexthop via 10.8.0.2 dev v1 weight 3 onlink");
		CHECK_STR(nst_route_text(&ns, &ns.routes[1], line, sizeof(line)),
			  "10.51.0.0/16 nhid 1 via 10.9.0.2 dev v0 proto boot");
		CHECK_STR(nst_route_text(&ns, &ns.routes[2], line, sizeof(line)), "10.52.0.0/16 nhid 77 proto boot");
		CHECK(ns.routes[0].oif == 2 && ns.routes[0].has_gateway);
	}
	nst_ns_clear_routes(&ns);
	nst_ns_clear_nhobjs(&ns);
	free(ns.routes);
	free(ns.nhobjs);
	free(ns.links);
}

static char lines[2048];

static void collect(void *ctx, const struct nst_change *c)
{
	(void)ctx;
	size_t at = strlen(lines);
	snprintf(lines + at, sizeof(lines) - at, "%s\n", c->text);
}

static void test_monitor(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns_id id = { 1, 1 };
	struct nst_ns *a = nst_model_add_ns(m, "t", NST_NS_NAMED, id);
	struct nst_ns *b = nst_model_add_ns(m, "t", NST_NS_NAMED, id);
	uint8_t gw[4] = { 10, 9, 0, 7 };

	objects(a);
	objects(b);
	for (size_t k = 4; k < b->n_nhobjs; k++) {
		free(b->nhobjs[k].group);
	}
	b->n_nhobjs = 4; /* 10 11 20 gone ... */
	nh(AF_INET, 30, 0); /* ... 30 came, 1 changed its gateway */
	attr(NHA_GATEWAY, gw, 4);
	CHECK_INT(parse(b), 0);
	memcpy(b->nhobjs[0].gateway.bytes, gw, 4);
	b->links[1].rp_filter = 2;
	a->links[1].rp_filter = 0;
	b->conf_all.forwarding6 = 1;
	a->conf_all.forwarding6 = 0;
	b->links[0].accept_local = 1; /* a was never read (-1): not a change */
	/* all.forwarding of IPv6 moved and the kernel copied it to v0: one line, not two; v1 went its own way */
	a->links[0].forwarding6 = a->links[1].forwarding6 = 0;
	b->links[0].forwarding6 = 1;
	b->links[1].forwarding6 = 0;
	a->links[1].forwarding4 = 1;
	b->links[1].forwarding4 = 0; /* ip_forward unknown (-1): v1's own change */
	lines[0] = '\0';
	nst_diff_ns(a, b, collect, NULL);
	CHECK_STR(lines, "nexthop del id 1 via 10.9.0.2 dev v0 scope link\n"
			 "nexthop del id 10 group 1/2,3\n"
			 "nexthop del id 11 group 1,300/2 type resilient buckets 8 idle_timer 120 unbalanced_timer 0\n"
			 "nexthop del id 20 via 10.9.0.2 scope link fdb\n"
			 "nexthop add id 1 via 10.9.0.7 dev v0 scope link\n"
			 "nexthop add id 30 via 10.9.0.7 scope link\n"
			 "sysctl net.ipv6.conf.all.forwarding 1\n"
			 "sysctl net.ipv4.conf.v1.forwarding 0\n"
			 "sysctl net.ipv4.conf.v1.rp_filter 2\n");
	nst_model_destroy(m);
}

static struct nst_route fold_route(int family, const char *dst, int plen, uint32_t table, const char *proto)
{
	struct nst_route r = { .family = family, .table = table, .type = NST_RTN_UNICAST };

	inet_pton(family, dst, r.dst.bytes);
	r.dst.family = family;
	r.dst.prefixlen = (uint8_t)plen;
	snprintf(r.protocol, sizeof(r.protocol), "%s", proto);
	return r;
}

static void test_fold(void)
{
	struct nst_route r = fold_route(AF_INET6, "fe80::", 64, NST_RT_TABLE_MAIN, "kernel");

	CHECK(nst_route_folded(&r)); /* the kernel's fe80::/64 on every IPv6 link */
	r.type = 5;                  /* a multicast route there is not the kernel's echo */
	CHECK(!nst_route_folded(&r));
	r = fold_route(AF_INET6, "fe80::", 64, NST_RT_TABLE_MAIN, "static"); /* someone added it */
	CHECK(!nst_route_folded(&r));
	r = fold_route(AF_INET6, "fe80::", 10, NST_RT_TABLE_MAIN, "kernel");
	CHECK(!nst_route_folded(&r));
	r = fold_route(AF_INET6, "fe80:0:0:1::", 64, NST_RT_TABLE_MAIN, "kernel");
	CHECK(!nst_route_folded(&r));
	r = fold_route(AF_INET6, "fe80::", 64, 100, "kernel");
	CHECK(!nst_route_folded(&r));
	r = fold_route(AF_INET6, "fe80::", 64, NST_RT_TABLE_MAIN, "kernel");
	r.has_gateway = true;
	CHECK(!nst_route_folded(&r));
	r = fold_route(AF_INET, "254.128.0.0", 16, NST_RT_TABLE_MAIN, "kernel");
	CHECK(!nst_route_folded(&r));
	r = fold_route(AF_INET6, "ff00::", 8, NST_RT_TABLE_LOCAL, "kernel"); /* multicast of the local table */
	r.type = 5;
	CHECK(nst_route_folded(&r));
	r = fold_route(AF_INET, "10.9.0.1", 32, NST_RT_TABLE_LOCAL, "kernel");
	CHECK(nst_route_folded(&r));
	r = fold_route(AF_INET6, "fd00::", 64, NST_RT_TABLE_MAIN, "kernel");
	CHECK(!nst_route_folded(&r));
}

static void netconf(uint8_t family, int32_t ifindex, int fwd, int rpf, int proxy)
{
	struct netconfmsg ncm = { .ncm_family = family };

	msg(RTM_NEWNETCONF, &ncm, sizeof(ncm));
	u32(NETCONFA_IFINDEX, (uint32_t)ifindex);
	if (fwd >= 0) {
		u32(NETCONFA_FORWARDING, (uint32_t)fwd);
	}
	if (rpf >= 0) {
		u32(NETCONFA_RP_FILTER, (uint32_t)rpf);
	}
	if (proxy >= 0) {
		u32(NETCONFA_PROXY_NEIGH, (uint32_t)proxy);
	}
}

static void test_netconf(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns_id id = { 1, 1 };
	struct nst_ns *ns = nst_model_add_ns(m, "t", NST_NS_NAMED, id);

	add_link(ns, 2, "v0");
	netconf(AF_INET, 2, 1, 2, 1);
	CHECK_INT(be_rtnl_parse_netconf((struct nlmsghdr *)buf, ns), 0);
	netconf(AF_INET6, 2, 0, -1, 1);
	CHECK_INT(be_rtnl_parse_netconf((struct nlmsghdr *)buf, ns), 0);
	netconf(AF_INET, NETCONFA_IFINDEX_ALL, 1, 1, 0);
	CHECK_INT(be_rtnl_parse_netconf((struct nlmsghdr *)buf, ns), 0);
	netconf(AF_INET6, NETCONFA_IFINDEX_DEFAULT, 1, -1, 0);
	CHECK_INT(be_rtnl_parse_netconf((struct nlmsghdr *)buf, ns), 0);
	/* an event with one attribute changes that one, the rest stay */
	netconf(AF_INET, 2, -1, -1, 0);
	CHECK_INT(be_rtnl_parse_netconf((struct nlmsghdr *)buf, ns), 0);
	const struct nst_link *l = &ns->links[0];
	CHECK(l->forwarding4 == 1 && l->rp_filter == 2 && l->proxy_arp == 0 && l->forwarding6 == 0 && l->proxy_ndp == 1);
	CHECK(ns->ip_forward == 1 && ns->conf_all.forwarding4 == 1 && ns->conf_all.rp_filter == 1 &&
	      ns->conf_all.proxy_arp == 0);
	CHECK(ns->conf_default.forwarding6 == 1 && ns->conf_default.proxy_ndp == 0 && ns->conf_default.forwarding4 == -1);
	CHECK(ns->ip6_forward == -1); /* default is not all */
	CHECK(l->accept_local == -1);
	/* a 2-byte u32 is refused, nothing changes */
	struct netconfmsg ncm = { .ncm_family = AF_INET };
	msg(RTM_NEWNETCONF, &ncm, sizeof(ncm));
	u32(NETCONFA_IFINDEX, 2);
	attr(NETCONFA_PROXY_NEIGH, "\1\0", 2);
	CHECK_INT(be_rtnl_parse_netconf((struct nlmsghdr *)buf, ns), -EBADMSG);
	CHECK_INT(l->proxy_arp, 0);
	nst_model_destroy(m);

}

UNIT_MAIN(test_parse, test_routes, test_monitor, test_fold, test_netconf)
