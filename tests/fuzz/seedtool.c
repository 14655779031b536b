/* SPDX-License-Identifier: MIT */
/*
 * Writes fuzz seeds from the kernel of the current network namespace, one
 * raw netlink message a file (tests/fuzz/make_seeds.sh runs it in a sandbox):
 *   seedtool rules DIR PREFIX   every nf_tables rule as its NEWRULE message
 *   seedtool chains DIR PREFIX  every chain (NEWCHAIN); tables: every table (NEWTABLE)
 *   seedtool extack DIR         the NLMSG_ERROR answers, extended ack and all,
 *                               to requests the kernel refuses (capped or not)
 */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static int save(const char *dir, const char *prefix, unsigned n, const void *msg, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s-%04u", dir, prefix, n);
	f = fopen(path, "wb");
	if (!f || fwrite(msg, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

struct rules {
	const char *dir, *prefix;
	unsigned n;
};

static int on_rule(const struct nlmsghdr *nlh, void *data)
{
	struct rules *r = data;

	return save(r->dir, r->prefix, ++r->n, nlh, nlh->nlmsg_len) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static int dump(const char *dir, const char *prefix, uint8_t type)
{
	char buf[32768];
	struct mnl_socket *nl = mnl_socket_open(NETLINK_NETFILTER);
	struct rules r = { dir, prefix, 0 };
	uint32_t seq = (uint32_t)time(NULL);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *g;
	int rc;

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("mnl");
		return 1;
	}
	nlh->nlmsg_type = (uint16_t)((NFNL_SUBSYS_NFTABLES << 8) | type);
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = NFPROTO_UNSPEC;
	g->version = NFNETLINK_V0;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("send");
		return 1;
	}
	while ((rc = (int)mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		rc = mnl_cb_run(buf, (size_t)rc, seq, mnl_socket_get_portid(nl), on_rule, &r);
		if (rc <= MNL_CB_STOP) {
			break;
		}
	}
	mnl_socket_close(nl);
	printf("%u %s\n", r.n, type == NFT_MSG_GETRULE ? "rules" : type == NFT_MSG_GETCHAIN ? "chains" : "tables");
	return rc < 0 ? 1 : 0;
}

/* Send one request with NETLINK_EXT_ACK (and NETLINK_CAP_ACK if capped) and save the error answer. */
static int refused(const char *dir, unsigned *n, int proto, struct nlmsghdr *req, int capped)
{
	char buf[8192];
	struct mnl_socket *nl = mnl_socket_open(proto);
	int one = 1, rc;

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("mnl");
		return -1;
	}
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	if (capped) {
		mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	}
	req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	req->nlmsg_seq = ++*n;
	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0) {
		perror("send");
		mnl_socket_close(nl);
		return -1;
	}
	rc = (int)mnl_socket_recvfrom(nl, buf, sizeof(buf));
	mnl_socket_close(nl);
	for (struct nlmsghdr *h = (struct nlmsghdr *)buf; rc > 0 && mnl_nlmsg_ok(h, rc); h = mnl_nlmsg_next(h, &rc)) {
		if (h->nlmsg_type == NLMSG_ERROR) {
			return save(dir, capped ? "capped" : "echoed", *n, h, h->nlmsg_len);
		}
	}
	fprintf(stderr, "request %u: no error answer\n", *n);
	return -1;
}

static struct nlmsghdr *rtnl(char *buf, uint16_t type, uint16_t flags, void *body, size_t body_len)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	memcpy(mnl_nlmsg_put_extra_header(nlh, body_len), body, body_len);
	return nlh;
}

static int extack(const char *dir)
{
	char buf[4096];
	unsigned n = 0;
	int bad = 0;

	for (int capped = 0; capped < 2; capped++) {
		/* a link of a kind this kernel does not have: "Unknown device type" */
		struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
		struct nlmsghdr *nlh = rtnl(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof(ifi));
		mnl_attr_put_strz(nlh, IFLA_IFNAME, "seed0");
		struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "nosuchkind");
		mnl_attr_nest_end(nlh, info);
		bad |= refused(dir, &n, NETLINK_ROUTE, nlh, capped);

		/* an IPv4 address with prefix length 33 on lo */
		struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = 33, .ifa_index = if_nametoindex("lo") };
		uint32_t addr = htonl(0x0a000001);
		nlh = rtnl(buf, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof(ifa));
		mnl_attr_put(nlh, IFA_LOCAL, sizeof(addr), &addr);
		bad |= refused(dir, &n, NETLINK_ROUTE, nlh, capped);

		/* a route through an ifindex that does not exist */
		struct rtmsg rtm = { .rtm_family = AF_INET, .rtm_dst_len = 24, .rtm_table = RT_TABLE_MAIN,
				     .rtm_protocol = RTPROT_BOOT, .rtm_scope = RT_SCOPE_LINK, .rtm_type = RTN_UNICAST };
		uint32_t dst = htonl(0x0a010000), oif = 999999;
		nlh = rtnl(buf, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, &rtm, sizeof(rtm));
		mnl_attr_put(nlh, RTA_DST, sizeof(dst), &dst);
		mnl_attr_put_u32(nlh, RTA_OIF, oif);
		bad |= refused(dir, &n, NETLINK_ROUTE, nlh, capped);

		/* a veth whose peer name is too long: "Attribute failed policy validation" */
		nlh = rtnl(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof(ifi));
		mnl_attr_put_strz(nlh, IFLA_IFNAME, "averyveryverylongname");
		bad |= refused(dir, &n, NETLINK_ROUTE, nlh, capped);

		/* nf_tables: a rule for a table that does not exist */
		struct nfgenmsg g = { .nfgen_family = NFPROTO_IPV4, .version = NFNETLINK_V0 };
		nlh = rtnl(buf, (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND, &g, sizeof(g));
		mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, "nosuchtable");
		mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "nosuchchain");
		bad |= refused(dir, &n, NETLINK_NETFILTER, nlh, capped);
	}
	printf("%u requests\n", n);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "rules") == 0) {
		return dump(argv[2], argv[3], NFT_MSG_GETRULE);
	}
	if (argc == 4 && strcmp(argv[1], "chains") == 0) {
		return dump(argv[2], argv[3], NFT_MSG_GETCHAIN);
	}
	if (argc == 4 && strcmp(argv[1], "tables") == 0) {
		return dump(argv[2], argv[3], NFT_MSG_GETTABLE);
	}
	if (argc == 3 && strcmp(argv[1], "extack") == 0) {
		return extack(argv[2]);
	}
	fprintf(stderr, "usage: seedtool rules DIR PREFIX | seedtool extack DIR\n");
	return 2;
}
