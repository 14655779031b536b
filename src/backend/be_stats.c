/* SPDX-License-Identifier: MIT */
/*
 * The 1 s counter sample: RTM_GETSTATS asking for IFLA_STATS_LINK_64 only.
 * An RTM_GETLINK dump builds every link's full message, and for a veth
 * whose peer is elsewhere that walks the namespace's nsid table: the dump
 * of a "/" with N veths to N namespaces is O(N^2) in the kernel (8 ms at
 * 1000, 62.5 ms at 3000). A stats dump with the filter mask fills just
 * the 64-bit counters (0.27 / 1.13 ms). Raw netlink on the namespace's
 * socket through be_nl_dump, no libnl cache; each message parsed by
 * be_stats_parse (be_rtnl_parse.c, with the other parsers the rtnl fuzzer drives).
 */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/socket.h>
#include <sys/socket.h>
#include <string.h>

#include "be_internal.h"
#include "be_nlmsg.h"
#include "be_stats.h"

struct stats_dump {
	struct nst_ns *ns;
	uint64_t now_ms;
};

static int stats_msg(const struct nlmsghdr *h, void *arg)
{
	struct stats_dump *d = arg;
	return be_stats_parse(h, d->ns, d->now_ms);
}

union stats_req {
	struct nlmsghdr h;
	char buf[NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct if_stats_msg))];
};

/* RTM_GETSTATS for the 64-bit block of ifindex (0: every link, as a dump). */
static void stats_req(union stats_req *req, int ifindex)
{
	struct if_stats_msg *ifsm;

	memset(req, 0, sizeof(*req));
	req->h.nlmsg_len = (uint32_t)NLMSG_LENGTH(sizeof(*ifsm));
	req->h.nlmsg_type = RTM_GETSTATS;
	ifsm = (struct if_stats_msg *)NLMSG_DATA(&req->h);
	ifsm->family = AF_UNSPEC;
	ifsm->ifindex = (uint32_t)ifindex;
	ifsm->filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64);
}

/* Declared in be_internal.h, where be_live.c finds it; it once dumped RTM_GETLINK in be_rtnl.c. */
int be_rtnl_sample_stats(struct be_ns *bns, struct nst_ns *ns, uint64_t now_ms)
{
	static const struct be_dump_ops ops = { stats_msg, NULL };
	struct stats_dump d = { ns, now_ms };
	union stats_req req;

	stats_req(&req, 0);
	/* A partial sample only moves some counters forward: harmless, nothing is added or removed. */
	return be_nl_dump(nl_socket_get_fd(bns->sk), &req.h, &ops, &d, &bns->dropped);
}

/*
 * The same for the n links given, a request each: a screenful of "/"'s 3000
 * veths costs a few hundred µs instead of a dump of all 3000 (the kernel
 * fills each link's counters from every CPU's). A link gone meanwhile
 * answers ENODEV: skipped. 0, or the first other -errno.
 */
int be_rtnl_sample_stats_links(struct be_ns *bns, struct nst_ns *ns, uint64_t now_ms, const int *ifindexes, size_t n)
{
	struct stats_dump d = { ns, now_ms };
	int first = 0, fd = nl_socket_get_fd(bns->sk);
	uint32_t port = nl_socket_get_local_port(bns->sk); /* known: no getsockname per request */

	for (size_t i = 0; i < n; i++) {
		union stats_req req;
		stats_req(&req, ifindexes[i]);
		int rc = be_nl_request_port(fd, port, &req.h, stats_msg, &d, &bns->dropped, NULL, 0);
		if (rc < 0 && rc != -ENODEV && !first) {
			first = rc;
		}
	}
	return first;
}
