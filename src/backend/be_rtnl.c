/* SPDX-License-Identifier: MIT */
/*
 * One namespace's links, addresses, routes of every table and rules: dumps
 * through be_nl_dump on the namespace's own NETLINK_ROUTE socket, parsed by
 * be_rtnl_parse.c. The socket is created inside the namespace (be_rtnl_open)
 * and keeps it; the dumps themselves can run from anywhere. libnl still owns
 * the socket for edits, with a guard that drops what the kernel did not send.
 */
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/if.h>
#include <linux/netconf.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"
#include "be_nlmsg.h"
#include "route_text.h"

/* Big enough for one dump burst of a busy namespace; libnl's default is 32 KiB. */
#define BE_RTNL_RCVBUF (4 * 1024 * 1024)

/* libnl reads edit replies itself: a message whose sender is not the kernel never reaches its parsers. */
static int guard_msg_in(struct nl_msg *msg, void *arg)
{
	struct sockaddr_nl *src = nlmsg_get_src(msg);

	(void)arg;
	if (!src || src->nl_pid != 0) {
		be_nl_drop(NULL);
		return NL_SKIP;
	}
	return NL_OK;
}

void be_nl_guard(struct nl_sock *sk)
{
	nl_socket_modify_cb(sk, NL_CB_MSG_IN, NL_CB_CUSTOM, guard_msg_in, NULL);
}

int be_rtnl_open(struct be_ns *bns, struct be_error *err)
{
	struct nl_sock *sk = nl_socket_alloc();
	int rc;

	if (!sk) {
		be_error_set(err, -ENOMEM, "%s: cannot allocate netlink socket", bns->name);
		return -ENOMEM;
	}
	rc = nl_connect(sk, NETLINK_ROUTE);
	if (rc < 0) {
		int e = errno; /* libnl says "Unspecific failure" for a refused socket(): the fd limit is worth naming */
		nl_socket_free(sk);
		if (e == EMFILE || e == ENFILE) {
			be_error_set(err, -e, "%s: no netlink socket: %s", bns->name, strerror(e));
			return -e;
		}
		be_error_set(err, -EIO, "%s: netlink connect: %s", bns->name, nl_geterror(rc));
		return -EIO;
	}
	nl_socket_set_buffer_size(sk, BE_RTNL_RCVBUF, 0);
	/* Only the kernel may unicast to it; the guard drops anything that still comes. */
	rc = be_nl_connect_kernel(nl_socket_get_fd(sk));
	if (rc < 0) {
		be_error_set(err, rc, "%s: netlink connect to the kernel: %s", bns->name, strerror(-rc));
		nl_socket_free(sk);
		return rc;
	}
	be_nl_guard(sk);
	bns->sk = sk;
	return 0;
}

struct rtnl_dump {
	struct nst_ns *ns;
	uint64_t now_ms;
};

static int link_msg(const struct nlmsghdr *h, void *arg)
{
	struct rtnl_dump *d = arg;
	return be_rtnl_parse_link(h, d->ns, d->now_ms, NULL);
}

static void links_reset(void *arg)
{
	struct nst_ns *ns = ((struct rtnl_dump *)arg)->ns;

	for (size_t i = 0; i < ns->n_links; i++) {
		nst_link_finish(&ns->links[i]);
	}
	memset(ns->links, 0, ns->n_links * sizeof(*ns->links));
	ns->n_links = 0;
}

static int addr_msg(const struct nlmsghdr *h, void *arg)
{
	return be_rtnl_parse_addr(h, ((struct rtnl_dump *)arg)->ns);
}

static void addrs_reset(void *arg)
{
	struct nst_ns *ns = ((struct rtnl_dump *)arg)->ns;

	for (size_t i = 0; i < ns->n_links; i++) {
		ns->links[i].n_addrs = 0;
	}
}

static int route_msg(const struct nlmsghdr *h, void *arg)
{
	return be_rtnl_parse_route(h, ((struct rtnl_dump *)arg)->ns);
}

static int netconf_msg(const struct nlmsghdr *h, void *arg)
{
	return be_rtnl_parse_netconf(h, ((struct rtnl_dump *)arg)->ns);
}

/* A retry starts its own family over and leaves the other's values as read. */
static void netconf_reset_family(struct nst_ns *ns, bool v4)
{
	struct nst_netconf *cs[2] = { &ns->conf_all, &ns->conf_default };

	*(v4 ? &ns->ip_forward : &ns->ip6_forward) = -1;
	for (int k = 0; k < 2; k++) {
		if (v4) {
			cs[k]->forwarding4 = cs[k]->rp_filter = cs[k]->proxy_arp = -1;
		} else {
			cs[k]->forwarding6 = cs[k]->proxy_ndp = -1;
		}
	}
	for (size_t i = 0; i < ns->n_links; i++) {
		struct nst_link *l = &ns->links[i];
		if (v4) {
			l->forwarding4 = l->rp_filter = l->proxy_arp = -1;
		} else {
			l->forwarding6 = l->proxy_ndp = -1;
		}
	}
}

static void netconf4_reset(void *arg)
{
	netconf_reset_family(((struct rtnl_dump *)arg)->ns, true);
}

static void netconf6_reset(void *arg)
{
	netconf_reset_family(((struct rtnl_dump *)arg)->ns, false);
}

static void netconf_reset(void *arg)
{
	netconf4_reset(arg);
	netconf6_reset(arg);
}

static void routes_reset(void *arg)
{
	nst_ns_clear_routes(((struct rtnl_dump *)arg)->ns);
}

static int rule_msg(const struct nlmsghdr *h, void *arg)
{
	return be_rtnl_parse_rule(h, ((struct rtnl_dump *)arg)->ns);
}

static int nexthop_msg(const struct nlmsghdr *h, void *arg)
{
	return be_rtnl_parse_nexthop(h, ((struct rtnl_dump *)arg)->ns);
}

static void nexthops_reset(void *arg)
{
	nst_ns_clear_nhobjs(((struct rtnl_dump *)arg)->ns);
}

static void rules_reset(void *arg)
{
	((struct rtnl_dump *)arg)->ns->n_rules = 0;
}

static int dump(struct be_ns *bns, uint16_t type, size_t hdr_len, const struct be_dump_ops *ops, struct rtnl_dump *d);

/* A netconf dump of one family: netconfmsg is one byte, the family. */
static int dump_family(struct be_ns *bns, uint16_t type, uint8_t family, const struct be_dump_ops *ops,
		       struct rtnl_dump *d)
{
	union {
		struct nlmsghdr h;
		char buf[NLMSG_HDRLEN + 8];
	} req;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = (uint32_t)NLMSG_LENGTH(sizeof(struct netconfmsg));
	req.h.nlmsg_type = type;
	((struct netconfmsg *)NLMSG_DATA(&req.h))->ncm_family = family;
	return be_nl_dump_port(nl_socket_get_fd(bns->sk), nl_socket_get_local_port(bns->sk), &req.h,
			       ops, d, &bns->dropped);
}

/* One dump request: the header and an all-zero family message of hdr_len bytes. */
static int dump(struct be_ns *bns, uint16_t type, size_t hdr_len, const struct be_dump_ops *ops, struct rtnl_dump *d)
{
	union {
		struct nlmsghdr h;
		char buf[NLMSG_HDRLEN + 64];
	} req;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = (uint32_t)NLMSG_LENGTH(hdr_len);
	req.h.nlmsg_type = type;
	return be_nl_dump_port(nl_socket_get_fd(bns->sk), nl_socket_get_local_port(bns->sk), &req.h,
			       ops, d, &bns->dropped);
}

/*
 * The first message for a fresh veth can lack IFLA_LINK (ARCHITECTURE.md §8). We
 * are inside the namespace during reads, so ethtool can answer.
 */
static void veth_peers_by_ethtool(struct nst_ns *ns)
{
	for (size_t i = 0; i < ns->n_links; i++) {
		struct nst_link *l = &ns->links[i];
		int peer = 0;

		if (!nst_link_is(l, NST_KIND_VETH) || l->peer.has) {
			continue;
		}
		if (be_ethtool_peer_ifindex(l->name, &peer) < 0 || peer <= 0) {
			continue;
		}
		l->peer.has = true;
		l->peer.ifindex = peer;
		l->peer.elsewhere = true; /* where it lives is unknown: pairing decides */
		l->peer.nsid = -1;
	}
}

int be_rtnl_read(struct be_ns *bns, struct nst_ns *ns, uint64_t now_ms, struct be_error *err)
{
	static const struct be_dump_ops link_ops = { link_msg, links_reset };
	static const struct be_dump_ops addr_ops = { addr_msg, addrs_reset };
	/*
	 * Routes are parsed one message at a time, never through libnl's cache:
	 * it keys routes by destination and metric, not device, so the fe80::/64
	 * of every link would collapse into one.
	 */
	static const struct be_dump_ops route_ops = { route_msg, routes_reset };
	struct rtnl_dump d = { ns, now_ms };
	const char *what = "links";
	int rc;

	rc = dump(bns, RTM_GETLINK, sizeof(struct ifinfomsg), &link_ops, &d);
	if (rc == 0) {
		veth_peers_by_ethtool(ns);
		what = "addresses";
		rc = dump(bns, RTM_GETADDR, sizeof(struct ifaddrmsg), &addr_ops, &d);
	}
	/* nexthop objects before the routes that name them (RTA_NH_ID) */
	static const struct be_dump_ops nexthop_ops = { nexthop_msg, nexthops_reset };
	if (rc == 0) {
		what = "nexthop objects";
		rc = dump(bns, RTM_GETNEXTHOP, sizeof(struct nhmsg), &nexthop_ops, &d);
		if (rc == -EOPNOTSUPP || rc == -EINVAL) {
			nst_ns_clear_nhobjs(ns); /* a kernel without nexthop objects (before 5.3): none */
			rc = 0;
		}
	}
	if (rc == 0) {
		what = "routes";
		rc = dump(bns, RTM_GETROUTE, sizeof(struct rtmsg), &route_ops, &d);
	}
	if (rc == 0) {
		nst_ns_sort_nhobjs(ns);
		nst_ns_resolve_nhids(ns);
	}
	/* `ip rule` of every family at once (AF_UNSPEC); the parser keeps IPv4 and IPv6 */
	static const struct be_dump_ops rule_ops = { rule_msg, rules_reset };
	if (rc == 0) {
		what = "rules";
		rc = dump(bns, RTM_GETRULE, sizeof(struct fib_rule_hdr), &rule_ops, &d);
	}
	/* per-link forwarding and rp_filter (no /proc/sys walk per link): one AF_UNSPEC dump
	 * answers for every family (rtnl_dump_all); a kernel that refuses it, one per family */
	static const struct be_dump_ops netconf_all_ops = { netconf_msg, netconf_reset };
	static const struct be_dump_ops netconf_ops[2] = { { netconf_msg, netconf4_reset }, { netconf_msg, netconf6_reset } };
	if (rc == 0) {
		what = "netconf";
		rc = dump_family(bns, RTM_GETNETCONF, AF_UNSPEC, &netconf_all_ops, &d);
		if (rc == -EOPNOTSUPP || rc == -EINVAL) {
			netconf_reset(&d); /* whatever the refused dump left */
			rc = 0;
			for (int fam = 0; rc == 0 && fam < 2; fam++) {
				what = fam ? "IPv6 netconf" : "IPv4 netconf";
				rc = dump_family(bns, RTM_GETNETCONF, fam ? AF_INET6 : AF_INET, &netconf_ops[fam], &d);
			}
		}
	}
	if (rc == 0) {
		what = "neighbours";
		rc = be_rtnl_read_neighs(bns, ns);
	}
	if (rc < 0) {
		be_error_set(err, rc, "%s: netlink dump of %s failed: %s", bns->name, what,
			     rc == -EINTR ? "interrupted by changes on every try" : strerror(-rc));
	}
	return rc;
}
