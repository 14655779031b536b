/* SPDX-License-Identifier: MIT */
/*
 * The raw netlink parsers (be_rtnl_parse.c, be_nft_parse.c) on hand-built
 * messages and on real dump datagrams (tests/fuzz/corpus/rtnl): what they
 * read, and that a torn, short or unterminated attribute makes them refuse
 * the whole message and add nothing. One message libnftnl 1.2.4 would end
 * the process on (a 2-byte u32) is shown to do so in a child, and refused here.
 * No root.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libnftnl/rule.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "be_internal.h"
#include "be_nlmsg.h"
#include "route_text.h"
#include "unit.h"

static unsigned char buf[16384] __attribute__((aligned(8)));
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

/* Append an attribute of n payload bytes; claim (if not 0) is the nla_len written instead. */
static size_t attr(uint16_t type, const void *data, size_t n, uint16_t claim)
{
	struct nlattr a = { .nla_len = claim ? claim : (uint16_t)(NLA_HDRLEN + n), .nla_type = type };
	size_t at = len;

	memcpy(buf + len, &a, sizeof(a));
	if (data) {
		memcpy(buf + len + NLA_HDRLEN, data, n);
	}
	len += NLA_HDRLEN + NLA_ALIGN(n);
	((struct nlmsghdr *)buf)->nlmsg_len = (uint32_t)len;
	return at;
}

static void u32(uint16_t type, uint32_t v)
{
	attr(type, &v, 4, 0);
}

static void str(uint16_t type, const char *s)
{
	attr(type, s, strlen(s) + 1, 0);
}

static size_t nest(uint16_t type)
{
	return attr(type | NLA_F_NESTED, NULL, 0, 0);
}

static void nest_end(size_t at)
{
	uint16_t n = (uint16_t)(len - at);
	memcpy(buf + at, &n, sizeof(n));
}

static struct nlmsghdr *veth_link(void)
{
	struct ifinfomsg ifi = { .ifi_index = 5, .ifi_flags = IFF_UP };
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	struct nlmsghdr *h = msg(RTM_NEWLINK, &ifi, sizeof(ifi));

	str(IFLA_IFNAME, "veth0");
	u32(IFLA_MTU, 1400);
	attr(IFLA_OPERSTATE, "\x06", 1, 0);
	attr(IFLA_ADDRESS, mac, 6, 0);
	size_t li = nest(IFLA_LINKINFO);
	str(IFLA_INFO_KIND, "veth");
	nest_end(li);
	u32(IFLA_LINK, 7);
	u32(IFLA_LINK_NETNSID, 2);
	return h;
}

static void test_link(void)
{
	struct nst_ns ns = { .name = "t" };
	struct nst_link *l = NULL;

	CHECK_INT(be_rtnl_parse_link(veth_link(), &ns, 1, &l), 0);
	CHECK(l != NULL && ns.n_links == 1);
	if (l) {
		CHECK_STR(l->name, "veth0");
		CHECK_STR(l->kind, "veth");
		CHECK_STR(l->operstate, "up");
		CHECK_STR(l->mac, "02:00:00:00:00:01");
		CHECK_INT(l->mtu, 1400);
		CHECK(l->up && l->peer.has && l->peer.elsewhere);
		CHECK_INT(l->peer.ifindex, 7);
		CHECK_INT(l->peer.nsid, 2);
	}
	free(ns.links);
}

static void refused_link(const char *what)
{
	struct nst_ns ns = { .name = "t" };
	struct nst_link *l = (struct nst_link *)1;

	if (be_rtnl_parse_link((struct nlmsghdr *)buf, &ns, 1, &l) != -EBADMSG || ns.n_links != 0 || l != NULL) {
		fprintf(stderr, "not refused: %s\n", what);
		unit_failures++;
	}
	free(ns.links);
}

static void test_link_refused(void)
{
	veth_link();
	attr(IFLA_MASTER, "\x01\x00", 2, 0);
	refused_link("a u32 of 2 bytes");

	veth_link();
	attr(IFLA_ADDRESS, "\x02\x00\x00\x00", 4, 900);
	refused_link("an attribute longer than the message");

	veth_link();
	attr(IFLA_IFNAME, "evilevil", 8, 0);
	refused_link("an unterminated name");

	veth_link();
	size_t li = nest(IFLA_LINKINFO);
	attr(IFLA_INFO_KIND, "veth", 4, 40);
	nest_end(li);
	refused_link("a torn attribute inside a nest");

	veth_link();
	len += 2;
	((struct nlmsghdr *)buf)->nlmsg_len = (uint32_t)len;
	refused_link("two torn bytes after the last attribute");

	struct ifinfomsg ifi = { .ifi_index = 0 };
	msg(RTM_NEWLINK, &ifi, sizeof(ifi));
	refused_link("ifindex 0");

	msg(RTM_NEWLINK, "\x00\x00", 2);
	refused_link("a header shorter than ifinfomsg");
}

static void test_addr(void)
{
	struct nst_ns ns = { .name = "t" };
	struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = 24, .ifa_index = 5 };
	uint8_t a[4] = { 10, 0, 0, 1 };
	char text[NST_ADDR_STRLEN];

	be_rtnl_parse_link(veth_link(), &ns, 1, NULL);
	msg(RTM_NEWADDR, &ifa, sizeof(ifa));
	attr(IFA_LOCAL, a, 4, 0);
	attr(IFA_ADDRESS, a, 4, 0);
	CHECK_INT(be_rtnl_parse_addr((struct nlmsghdr *)buf, &ns), 0);
	CHECK_INT(ns.links[0].n_addrs, 1);
	CHECK_STR(nst_addr_format(&ns.links[0].addrs[0], true, text, sizeof(text)), "10.0.0.1/24");

	msg(RTM_NEWADDR, &ifa, sizeof(ifa));
	attr(IFA_LOCAL, a, 3, 0);
	CHECK_INT(be_rtnl_parse_addr((struct nlmsghdr *)buf, &ns), -EBADMSG);
	ifa.ifa_prefixlen = 33;
	msg(RTM_NEWADDR, &ifa, sizeof(ifa));
	attr(IFA_LOCAL, a, 4, 0);
	CHECK_INT(be_rtnl_parse_addr((struct nlmsghdr *)buf, &ns), -EBADMSG);
	CHECK_INT(ns.links[0].n_addrs, 1);
	free(ns.links[0].addrs);
	free(ns.links);
}

static struct nlmsghdr *multipath_route(uint32_t table, size_t gw_len)
{
	struct rtmsg rtm = { .rtm_family = AF_INET, .rtm_dst_len = 24, .rtm_table = RT_TABLE_UNSPEC,
			     .rtm_protocol = RTPROT_STATIC, .rtm_scope = RT_SCOPE_UNIVERSE };
	uint8_t dst[4] = { 10, 9, 0, 0 };
	struct nlmsghdr *h = msg(RTM_NEWROUTE, &rtm, sizeof(rtm));

	u32(RTA_TABLE, table);
	attr(RTA_DST, dst, 4, 0);
	size_t mp = attr(RTA_MULTIPATH, NULL, 0, 0);
	for (int i = 0; i < 2; i++) {
		struct rtnexthop nh = { .rtnh_len = (unsigned short)(sizeof(nh) + NLA_HDRLEN + NLA_ALIGN(gw_len)), .rtnh_ifindex = 3 + i };
		uint8_t gw[4] = { 192, 168, 10, (uint8_t)(2 + i) };
		memcpy(buf + len, &nh, sizeof(nh));
		len += sizeof(nh);
		attr(RTA_GATEWAY, gw, gw_len, 0);
	}
	nest_end(mp);
	return h;
}

static void test_route(void)
{
	struct nst_ns ns = { .name = "t" };
	char text[NST_ADDR_STRLEN];

	/* ECMP is one route with its next hops; the first hop stands for the route's device and gateway */
	CHECK_INT(be_rtnl_parse_route(multipath_route(RT_TABLE_MAIN, 4), &ns), 0);
	CHECK_INT(ns.n_routes, 1);
	if (ns.n_routes == 1 && ns.routes[0].n_nexthops == 2) {
		CHECK_STR(nst_addr_format(&ns.routes[0].nexthops[1].gateway, false, text, sizeof(text)), "192.168.10.3");
		CHECK_INT(ns.routes[0].nexthops[1].oif, 4);
		CHECK_INT(ns.routes[0].nexthops[1].weight, 1);
		CHECK_INT(ns.routes[0].oif, 3);
		CHECK_STR(nst_addr_format(&ns.routes[0].dst, true, text, sizeof(text)), "10.9.0.0/24");
		CHECK_STR(ns.routes[0].protocol, "static");
		CHECK_STR(ns.routes[0].scope, "global");
		CHECK_INT(ns.routes[0].table, RT_TABLE_MAIN);
		CHECK_STR(nst_route_warning(&ns.routes[0]), "");
	} else {
		CHECK(!"one route with two next hops");
	}
	/* every table is read now */
	CHECK_INT(be_rtnl_parse_route(multipath_route(RT_TABLE_LOCAL, 4), &ns), 0);
	CHECK_INT(ns.n_routes, 2);
	CHECK_INT(ns.n_routes == 2 ? ns.routes[1].table : 0, RT_TABLE_LOCAL);
	/* a 3-byte gateway is nstop's reading, not the framing: the route is kept with a warning */
	CHECK_INT(be_rtnl_parse_route(multipath_route(RT_TABLE_MAIN, 3), &ns), 0);
	CHECK_INT(ns.n_routes, 3);
	CHECK(ns.n_routes == 3 && nst_route_warning(&ns.routes[2])[0] != '\0' && !ns.routes[2].nexthops[0].has_gateway);
	nst_ns_clear_routes(&ns);
	free(ns.routes);
}

/* NEWRULE ip t c handle 9: masq, its NFTA_MASQ_FLAGS flags_len bytes long. */
static struct nlmsghdr *masq_rule(size_t flags_len)
{
	struct nfgenmsg g = { .nfgen_family = 2, .version = NFNETLINK_V0 };
	uint64_t handle = htobe64(9);
	uint32_t flags = 0;
	struct nlmsghdr *h = msg((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWRULE, &g, sizeof(g));

	str(NFTA_RULE_TABLE, "t");
	str(NFTA_RULE_CHAIN, "c");
	attr(NFTA_RULE_HANDLE, &handle, 8, 0);
	size_t list = nest(NFTA_RULE_EXPRESSIONS);
	size_t el = nest(NFTA_LIST_ELEM);
	str(NFTA_EXPR_NAME, "masq");
	size_t data = nest(NFTA_EXPR_DATA);
	attr(NFTA_MASQ_FLAGS, &flags, flags_len, 0);
	nest_end(data);
	nest_end(el);
	nest_end(list);
	return h;
}

static void test_nft_rule(void)
{
	struct nst_nat_rule r;
	char table[NST_NFT_NAMELEN], chain[NST_NFT_NAMELEN];
	uint32_t family = 0;

	memset(&r, 0, sizeof(r));
	CHECK_INT(be_nft_rule_decode(masq_rule(4), &r, &family, table, sizeof(table), chain, sizeof(chain)), 0);
	CHECK_STR(r.summary, "masquerade");
	CHECK_INT(r.handle, 9);
	CHECK_STR(table, "t");

	/* libnftnl's own parser ends the process on this message ("kernel ABI is broken") ... */
	pid_t pid = fork();
	if (pid == 0) {
		struct nftnl_rule *nr = nftnl_rule_alloc();
		int devnull = open("/dev/null", O_WRONLY);
		dup2(devnull, 2);
		nftnl_rule_nlmsg_parse(masq_rule(2), nr);
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1);
	/* ... nstop's refuses it and goes on. */
	CHECK_INT(be_nft_rule_decode(masq_rule(2), &r, &family, table, sizeof(table), chain, sizeof(chain)), -EBADMSG);

	struct be_nft_chain c;
	struct nfgenmsg g = { .nfgen_family = 2 };
	msg((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWCHAIN, &g, sizeof(g));
	str(NFTA_CHAIN_TABLE, "t");
	str(NFTA_CHAIN_NAME, "post");
	str(NFTA_CHAIN_TYPE, "nat");
	size_t hk = nest(NFTA_CHAIN_HOOK);
	u32(NFTA_HOOK_HOOKNUM, htonl(4));
	u32(NFTA_HOOK_PRIORITY, htonl(100));
	nest_end(hk);
	CHECK_INT(be_nft_parse_chain((struct nlmsghdr *)buf, &c), 0);
	CHECK_STR(c.type, "nat");
	CHECK_INT(c.hook, 4);
	CHECK_INT(c.prio, 100);
	attr(NFTA_CHAIN_USE, "\x01", 1, 300);
	CHECK_INT(be_nft_parse_chain((struct nlmsghdr *)buf, &c), -EBADMSG);
}

/* Real dump datagrams: every message is either accepted or the dump's DONE. */
static void test_real_dumps(void)
{
	const char *dir = getenv("UNIT_FIXTURE_DIR");
	struct nst_ns ns = { .name = "t" };
	size_t files = 0, refused = 0;
	DIR *d = opendir(dir ? dir : ".");
	struct dirent *e;

	CHECK(d != NULL);
	/* links first: addresses attach to them */
	for (int pass = 0; pass < 2 && d; pass++) {
		rewinddir(d);
		while ((e = readdir(d))) {
			char path[1024];
			if (strncmp(e->d_name, "rtnl-", 5) != 0 || (pass == 0) != (strncmp(e->d_name, "rtnl-link", 9) == 0)) {
				continue;
			}
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			FILE *f = fopen(path, "rb");
			size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
			if (f) {
				fclose(f);
			}
			files++;
			for (const struct nlmsghdr *h = (void *)buf; be_nlmsg_ok(h, n); h = be_nlmsg_next(h, &n)) {
				int rc = h->nlmsg_type == NLMSG_DONE ? 0
					 : h->nlmsg_type == RTM_NEWLINK ? be_rtnl_parse_link(h, &ns, 1, NULL)
					 : h->nlmsg_type == RTM_NEWADDR ? be_rtnl_parse_addr(h, &ns)
					 : h->nlmsg_type == RTM_NEWRULE ? be_rtnl_parse_rule(h, &ns)
					 : h->nlmsg_type == RTM_NEWNEXTHOP ? be_rtnl_parse_nexthop(h, &ns)
					 : h->nlmsg_type == RTM_NEWNETCONF ? be_rtnl_parse_netconf(h, &ns)
					 : h->nlmsg_type == RTM_NEWNEIGH ? be_rtnl_parse_neigh(h, &ns)
									: be_rtnl_parse_route(h, &ns);
				refused += rc != 0;
			}
		}
	}
	if (d) {
		closedir(d);
	}
	CHECK(files >= 6);
	CHECK_INT(refused, 0);
	CHECK(ns.n_links >= 5 && ns.n_routes >= 3);
	/* make_corpus_rtnl.sh's neighbours: the permanent one, a static FDB entry, a vxlan remote */
	bool perm = false, fdb_static = false, vx = false;
	for (size_t i = 0; i < ns.n_neighs; i++) {
		const struct nst_neigh *nb = &ns.neighs[i];
		perm |= nb->family == AF_INET && nb->state == NST_NUD_PERMANENT && nb->addr[3] == 7 && nb->lladdr[5] == 7;
		fdb_static |= nb->family == NST_AF_BRIDGE && nb->state == NST_NUD_NOARP && nb->lladdr[5] == 0x77 && nb->master;
		vx |= nb->family == NST_AF_BRIDGE && nb->has_addr && nb->addr_family == AF_INET && nb->addr[3] == 3;
	}
	CHECK(perm && fdb_static && vx);
	free(ns.neighs);
	/* make_corpus_rtnl.sh's seg6 route and rules, read whole */
	bool seg6 = false, rule = false;
	for (size_t i = 0; i < ns.n_routes; i++) {
		seg6 |= strcmp(nst_route_encap(&ns.routes[i]), "seg6 mode encap segs 2 [ fc00::2 fc00::3 ]") == 0;
	}
	for (size_t i = 0; i < ns.n_rules; i++) {
		rule |= ns.rules[i].priority == 1000 && ns.rules[i].table == 100 && ns.rules[i].has_src;
	}
	CHECK(seg6 && rule);
	/* and its nexthop objects: the weighted group, the fdb one; a route naming the group */
	const struct nst_nhobj *g = nst_ns_find_nhobj(&ns, 10), *fdb = nst_ns_find_nhobj(&ns, 20);
	CHECK(g && g->n_group == 2 && g->group[1].id == 2 && g->group[1].weight == 3);
	CHECK(fdb && fdb->fdb && fdb->has_gateway);
	bool nhid = false;
	for (size_t i = 0; i < ns.n_routes; i++) {
		nhid |= ns.routes[i].nh_id == 10 && ns.routes[i].n_nexthops == 2;
	}
	CHECK(nhid);
	const struct nst_link *va = nst_ns_find_link_name(&ns, "va");
	CHECK(va && va->peer.has && va->peer.elsewhere && va->n_addrs >= 1);
	/* its netconf of both families, as the script set it */
	const struct nst_link *br0 = nst_ns_find_link_name(&ns, "br0");
	CHECK(va && va->proxy_arp == 1 && va->rp_filter == 2 && va->proxy_ndp == 1 && va->forwarding6 == 1);
	CHECK(br0 && br0->forwarding4 == 1 && ns.ip6_forward == 1 && ns.conf_all.forwarding6 == 1);
	for (size_t i = 0; i < ns.n_links; i++) {
		free(ns.links[i].addrs);
	}
	free(ns.links);
	nst_ns_clear_routes(&ns);
	free(ns.routes);
	free(ns.rules);
	nst_ns_clear_nhobjs(&ns);
	free(ns.nhobjs);
}

UNIT_MAIN(test_link, test_link_refused, test_addr, test_route, test_nft_rule, test_real_dumps)
