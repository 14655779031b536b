/* SPDX-License-Identifier: MIT */
/*
 * Routes and rules from hand-built RTM_NEWROUTE / RTM_NEWRULE messages: types,
 * metric, source, pref, encap (seg6, mpls, one nstop cannot decode: kept with
 * a warning), broken framing refused; and route_text.c's lines. No root.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/lwtunnel.h>
#include <linux/mpls_iptunnel.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/seg6.h>
#include <linux/seg6_iptunnel.h>
#include <sys/socket.h>

#include "be_nlmsg.h"
#include "render.h"
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

static size_t attr(uint16_t type, const void *data, size_t n)
{
	struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + n), .nla_type = type };
	size_t at = len;

	memcpy(buf + len, &a, sizeof(a));
	if (data) {
		memcpy(buf + len + NLA_HDRLEN, data, n);
	}
	len += NLA_HDRLEN + NLA_ALIGN(n);
	((struct nlmsghdr *)buf)->nlmsg_len = (uint32_t)len;
	return at;
}

static void nest_end(size_t at)
{
	uint16_t n = (uint16_t)(len - at);
	memcpy(buf + at, &n, sizeof(n));
}

static void u32(uint16_t type, uint32_t v)
{
	attr(type, &v, 4);
}

static struct nlmsghdr *route6(uint8_t type, uint32_t table)
{
	struct rtmsg rtm = { .rtm_family = AF_INET6, .rtm_dst_len = 64, .rtm_table = RT_TABLE_UNSPEC,
			     .rtm_protocol = RTPROT_BOOT, .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = type };
	struct in6_addr dst;
	struct nlmsghdr *h = msg(RTM_NEWROUTE, &rtm, sizeof(rtm));

	inet_pton(AF_INET6, "fc00:1::", &dst);
	u32(RTA_TABLE, table);
	attr(RTA_DST, &dst, 16);
	u32(RTA_OIF, 2);
	u32(RTA_PRIORITY, 1024);
	uint8_t pref = 0;
	attr(RTA_PREF, &pref, 1);
	return h;
}

/* An encap of type etype with one nested attribute (ntype, data). */
static void encap(uint16_t etype, uint16_t ntype, const void *data, size_t n)
{
	attr(RTA_ENCAP_TYPE, &etype, 2);
	size_t at = attr(RTA_ENCAP | NLA_F_NESTED, NULL, 0);
	attr(ntype, data, n);
	nest_end(at);
}

static void test_seg6(void)
{
	struct nst_ns ns = { .name = "t" };
	char line[512];
	struct {
		int mode;
		struct ipv6_sr_hdr srh;
		struct in6_addr seg[2];
	} __attribute__((packed)) t;

	memset(&t, 0, sizeof(t));
	t.mode = SEG6_IPTUN_MODE_ENCAP;
	t.srh.first_segment = 1;
	t.srh.hdrlen = 4;
	t.srh.type = 4;
	inet_pton(AF_INET6, "fc00::3", &t.seg[0]);
	inet_pton(AF_INET6, "fc00::2", &t.seg[1]);
	route6(RTN_UNICAST, RT_TABLE_MAIN);
	encap(LWTUNNEL_ENCAP_SEG6, SEG6_IPTUNNEL_SRH, &t, sizeof(t));
	CHECK_INT(be_rtnl_parse_route((struct nlmsghdr *)buf, &ns), 0);
	CHECK_INT(ns.n_routes, 1);
	/* iproute2 lists the segments last first: the order they were given */
	CHECK_STR(nst_route_encap(&ns.routes[0]), "seg6 mode encap segs 2 [ fc00::2 fc00::3 ]");
	CHECK_STR(nst_route_warning(&ns.routes[0]), "");
	CHECK_INT(ns.routes[0].metric, 1024);
	CHECK_INT(ns.routes[0].has_pref && ns.routes[0].pref == 0, 1);
	CHECK_STR(nst_route_text(&ns, &ns.routes[0], line, sizeof(line)),
		  "fc00:1::/64 encap seg6 mode encap segs 2 [ fc00::2 fc00::3 ] dev if2 proto boot metric 1024 pref medium");

	/* an SRH shorter than its first_segment says: kept, named not decoded */
	route6(RTN_UNICAST, RT_TABLE_MAIN);
	encap(LWTUNNEL_ENCAP_SEG6, SEG6_IPTUNNEL_SRH, &t, sizeof(t) - 16);
	CHECK_INT(be_rtnl_parse_route((struct nlmsghdr *)buf, &ns), 0);
	CHECK_INT(ns.n_routes, 2);
	CHECK_STR(nst_route_encap(&ns.routes[1]), "seg6 (not decoded)");
	CHECK_STR(nst_route_warning(&ns.routes[1]), "encap seg6 not decoded by nstop");
	nst_ns_clear_routes(&ns);
	free(ns.routes);
}

static void test_unknown_encap(void)
{
	struct nst_ns ns = { .name = "t" };
	uint32_t label = htonl(100u << 12 | 1u << 8);
	char line[512];

	route6(RTN_UNICAST, 100);
	encap(99, 1, "abcd", 4);
	CHECK_INT(be_rtnl_parse_route((struct nlmsghdr *)buf, &ns), 0);
	CHECK_INT(ns.n_routes, 1);
	CHECK_STR(nst_route_encap(&ns.routes[0]), "type 99 (not decoded)");
	CHECK_STR(nst_route_warning(&ns.routes[0]), "encap of an unknown type not decoded by nstop");
	CHECK_STR(nst_route_raw(&ns.routes[0]), "0800010061626364"); /* the nested attribute: len 8, type 1, "abcd" */
	CHECK_INT(ns.routes[0].table, 100);
	CHECK_STR(nst_route_text(&ns, &ns.routes[0], line, sizeof(line)),
		  "fc00:1::/64 encap type 99 (not decoded) dev if2 table 100 proto boot metric 1024 pref medium"
		  " (encap of an unknown type not decoded by nstop)");
	route6(RTN_UNICAST, RT_TABLE_MAIN);
	encap(LWTUNNEL_ENCAP_MPLS, MPLS_IPTUNNEL_DST, &label, 4);
	CHECK_INT(be_rtnl_parse_route((struct nlmsghdr *)buf, &ns), 0);
	CHECK_STR(ns.n_routes == 2 ? nst_route_encap(&ns.routes[1]) : "", "mpls 100");
	/* an RTA_ENCAP whose inner attribute runs past it: still nstop's reading, kept */
	route6(RTN_UNICAST, RT_TABLE_MAIN);
	uint16_t et = LWTUNNEL_ENCAP_SEG6;
	attr(RTA_ENCAP_TYPE, &et, 2);
	struct nlattr torn = { .nla_len = 40, .nla_type = SEG6_IPTUNNEL_SRH };
	attr(RTA_ENCAP, &torn, sizeof(torn));
	CHECK_INT(be_rtnl_parse_route((struct nlmsghdr *)buf, &ns), 0);
	CHECK_INT(ns.n_routes, 3);
	CHECK_STR(ns.n_routes == 3 ? nst_route_encap(&ns.routes[2]) : "", "seg6 (not decoded)");
	/* torn framing of the message itself is the kernel's contract: refused, nothing added */
	route6(RTN_UNICAST, RT_TABLE_MAIN);
	((struct nlmsghdr *)buf)->nlmsg_len -= 4; /* into RTA_PREF, past its padding */
	CHECK_INT(be_rtnl_parse_route((struct nlmsghdr *)buf, &ns), -EBADMSG);
	/* torn rtnexthop records too */
	route6(RTN_UNICAST, RT_TABLE_MAIN);
	struct rtnexthop nh = { .rtnh_len = 64, .rtnh_ifindex = 2 };
	attr(RTA_MULTIPATH, &nh, sizeof(nh));
	CHECK_INT(be_rtnl_parse_route((struct nlmsghdr *)buf, &ns), -EBADMSG);
	CHECK_INT(ns.n_routes, 3);
	nst_ns_clear_routes(&ns);
	free(ns.routes);
}

static void test_types(void)
{
	struct nst_ns ns = { .name = "t" };
	struct rtmsg rtm = { .rtm_family = AF_INET, .rtm_dst_len = 16, .rtm_table = 100,
			     .rtm_protocol = RTPROT_BOOT, .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_BLACKHOLE };
	uint8_t dst[4] = { 10, 66, 0, 0 }, src[4] = { 10, 9, 0, 1 };
	char line[256];

	msg(RTM_NEWROUTE, &rtm, sizeof(rtm));
	attr(RTA_DST, dst, 4);
	u32(RTA_PRIORITY, 5);
	CHECK_INT(be_rtnl_parse_route((struct nlmsghdr *)buf, &ns), 0);
	rtm.rtm_type = RTN_UNICAST;
	rtm.rtm_table = RT_TABLE_MAIN;
	rtm.rtm_flags = RTNH_F_ONLINK;
	msg(RTM_NEWROUTE, &rtm, sizeof(rtm));
	attr(RTA_DST, dst, 4);
	attr(RTA_PREFSRC, src, 4);
	attr(RTA_GATEWAY, src, 4);
	u32(RTA_OIF, 7);
	rtm.rtm_type = 42; /* a type nstop has no name for: kept */
	rtm.rtm_flags = 0;
	CHECK_INT(be_rtnl_parse_route((struct nlmsghdr *)buf, &ns), 0);
	msg(RTM_NEWROUTE, &rtm, sizeof(rtm));
	CHECK_INT(be_rtnl_parse_route((struct nlmsghdr *)buf, &ns), 0);
	CHECK_INT(ns.n_routes, 3);
	if (ns.n_routes == 3) {
		CHECK_STR(nst_route_text(&ns, &ns.routes[0], line, sizeof(line)),
			  "blackhole 10.66.0.0/16 table 100 proto boot metric 5");
		CHECK_STR(nst_route_text(&ns, &ns.routes[1], line, sizeof(line)),
			  "10.66.0.0/16 via 10.9.0.1 dev if7 proto boot src 10.9.0.1 onlink");
		CHECK_STR(nst_route_text(&ns, &ns.routes[2], line, sizeof(line)),
			  "type 42 default proto boot (route type not known to nstop)");
		CHECK(!nst_route_folded(&ns.routes[0]));
	}
	struct nst_route_table_count tc[1];
	CHECK_INT(nst_route_other_tables(&ns, tc, 1), 1); /* table 100; main is not counted */
	CHECK_INT(tc[0].table, 100);
	CHECK_INT(tc[0].routes, 1);
	nst_ns_add_route(&ns)->table = 7;
	nst_ns_add_route(&ns)->table = NST_RT_TABLE_LOCAL;
	nst_ns_add_route(&ns)->table = 100;
	nst_ns_add_route(&ns)->table = 7;
	struct nst_route_table_count tc2[2];
	CHECK_INT(nst_route_other_tables(&ns, tc2, 2), 2);
	CHECK(tc2[0].table == 100 && tc2[0].routes == 2 && tc2[1].table == 7 && tc2[1].routes == 2);
	CHECK_INT(nst_route_other_tables(&ns, tc2, 1), 2); /* only one kept, both counted */
	/* a short line is cut, never overrun */
	CHECK_STR(nst_route_text(&ns, &ns.routes[0], line, 10), "blackhole");
	CHECK_STR(nst_route_type_str(RTN_THROW), "throw");
	CHECK(nst_route_type_str(200) == NULL);
	nst_ns_clear_routes(&ns);
	free(ns.routes);
}

static void test_rule(void)
{
	struct nst_ns ns = { .name = "t" };
	struct fib_rule_hdr frh = { .family = AF_INET, .src_len = 24, .table = 100, .action = FR_ACT_TO_TBL };
	uint8_t src[4] = { 10, 9, 0, 0 };
	char line[256];

	msg(RTM_NEWRULE, &frh, sizeof(frh));
	u32(FRA_PRIORITY, 1000);
	attr(FRA_SRC, src, 4);
	u32(FRA_TABLE, 100);
	CHECK_INT(be_rtnl_parse_rule((struct nlmsghdr *)buf, &ns), 0);
	frh = (struct fib_rule_hdr){ .family = AF_INET6, .action = FR_ACT_PROHIBIT };
	msg(RTM_NEWRULE, &frh, sizeof(frh));
	u32(FRA_PRIORITY, 1001);
	u32(FRA_FWMARK, 0x10);
	u32(FRA_FWMASK, 0xff);
	attr(FRA_IIFNAME, "veth0", 6);
	struct fib_rule_port_range pr = { 80, 90 };
	attr(FRA_DPORT_RANGE, &pr, sizeof(pr));
	attr(FRA_SRC, src, 4); /* 4 bytes in an IPv6 rule: kept, with a warning */
	CHECK_INT(be_rtnl_parse_rule((struct nlmsghdr *)buf, &ns), 0);
	frh.family = 128; /* RTNL_FAMILY_IPMR: not `ip rule` */
	msg(RTM_NEWRULE, &frh, sizeof(frh));
	CHECK_INT(be_rtnl_parse_rule((struct nlmsghdr *)buf, &ns), 0);
	frh.family = AF_INET;
	msg(RTM_NEWRULE, &frh, sizeof(frh));
	attr(FRA_PRIORITY, src, 2); /* a 2-byte u32: the kernel's contract broken, refused */
	CHECK_INT(be_rtnl_parse_rule((struct nlmsghdr *)buf, &ns), -EBADMSG);
	CHECK_INT(ns.n_rules, 2);
	if (ns.n_rules == 2) {
		CHECK_STR(nst_rule_text(&ns.rules[0], line, sizeof(line)), "1000: from 10.9.0.0/24 lookup 100");
		CHECK_STR(nst_rule_text(&ns.rules[1], line, sizeof(line)),
			  "1001: from all fwmark 0x10/0xff iif veth0 dport 80-90 prohibit (an address selector not decoded)");
	}
	free(ns.rules);
}

/* --json and --dump of a route nstop could not decode: kept, with its raw bytes and the warning. */
static void test_render_undecoded(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns_id id = { 1, 1 };
	struct nst_ns *ns = nst_model_add_ns(m, "t", NST_NS_NAMED, id);
	char *text = NULL;
	size_t n = 0;

	route6(RTN_UNICAST, 100);
	encap(99, 1, "abcd", 4);
	CHECK_INT(be_rtnl_parse_route((struct nlmsghdr *)buf, ns), 0);
	FILE *f = open_memstream(&text, &n);
	nst_render_json(m, NULL, f);
	fclose(f);
	CHECK(text && strstr(text, "\"table\":100,\"type\":\"unicast\",\"metric\":1024,\"prefsrc\":null,\"onlink\":false,"
				   "\"pref\":\"medium\",\"nhid\":null,\"nexthops\":[],\"encap\":\"type 99 (not decoded)\","
				   "\"raw\":\"0800010061626364\",\"warning\":\"encap of an unknown type not decoded by nstop\"}"));
	free(text);
	text = NULL;
	f = open_memstream(&text, &n);
	nst_render_text(m, NULL, f);
	fclose(f);
	CHECK(text && strstr(text, "    fc00:1::/64 encap type 99 (not decoded) dev if2 table 100 proto boot metric 1024 "
				   "pref medium (encap of an unknown type not decoded by nstop)\n"));
	free(text);
	nst_model_destroy(m);
}

UNIT_MAIN(test_seg6, test_unknown_encap, test_types, test_rule, test_render_undecoded)
