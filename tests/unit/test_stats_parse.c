/* SPDX-License-Identifier: MIT */
/*
 * be_stats.c's RTM_NEWSTATS parser (issue 16's counter sample) on crafted
 * messages: the 64-bit block lands in the link with the message's ifindex
 * and makes rates over two samples; unknown links are skipped; short,
 * torn and foreign messages are refused and change nothing.
 */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <string.h>

#include "be_stats.h"
#include "unit.h"

static union {
	struct nlmsghdr h;
	uint8_t b[1024];
} m;

/* RTM_NEWSTATS for ifindex with IFLA_STATS_LINK_64 of block_len bytes (0: none) from the counters. */
static const struct nlmsghdr *stats_msg(int ifindex, const struct rtnl_link_stats64 *s, size_t block_len)
{
	struct if_stats_msg ifsm = { .ifindex = (uint32_t)ifindex,
				     .filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64) };
	memset(&m, 0, sizeof(m));
	m.h.nlmsg_type = RTM_NEWSTATS;
	memcpy(m.b + NLMSG_HDRLEN, &ifsm, sizeof(ifsm));
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(ifsm));
	if (block_len) {
		struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + block_len), .nla_type = IFLA_STATS_LINK_64 };
		memcpy(m.b + off, &a, sizeof(a));
		memcpy(m.b + off + NLA_HDRLEN, s, block_len < sizeof(*s) ? block_len : sizeof(*s));
		off += NLA_ALIGN(NLA_HDRLEN + block_len);
	}
	m.h.nlmsg_len = (uint32_t)off;
	return &m.h;
}

static void test_sample(void)
{
	struct nst_ns ns = { .name = "t" };
	struct rtnl_link_stats64 s = { 0 };

	nst_ns_add_link(&ns, 3, "veth0");
	nst_ns_add_link(&ns, 5, "veth1");
	s.rx_packets = 10;
	s.tx_packets = 20;
	s.rx_bytes = 1000;
	s.tx_bytes = 2000;
	s.rx_errors = 77;
	s.rx_dropped = 4;
	s.tx_dropped = 6;
	CHECK_INT(be_stats_parse(stats_msg(5, &s, sizeof(s)), &ns, 1000), 0);
	struct nst_link *l = nst_ns_find_link(&ns, 5);
	CHECK_INT(l->stats.rx_packets, 10);
	CHECK_INT(l->stats.tx_packets, 20);
	CHECK_INT(l->stats.rx_bytes, 1000);
	CHECK_INT(l->stats.tx_bytes, 2000);
	CHECK_INT(l->stats.rx_dropped, 4);
	CHECK_INT(l->stats.tx_dropped, 6);
	CHECK(!l->has_rates);
	CHECK_INT(nst_ns_find_link(&ns, 3)->stats.rx_bytes, 0); /* only the message's link */

	/* a second sample 2 s later: rates per second */
	s.rx_bytes += 2000;
	s.rx_packets += 8;
	CHECK_INT(be_stats_parse(stats_msg(5, &s, sizeof(s)), &ns, 3000), 0);
	CHECK(l->has_rates);
	CHECK_INT(l->rates.rx_bps, 8000);
	CHECK_INT(l->rates.rx_pps, 4);
	CHECK_INT(l->rates.tx_bps, 0);

	/* an older kernel's shorter block (its first 8 counters and more) is enough */
	s.tx_bytes += 4000;
	CHECK_INT(be_stats_parse(stats_msg(5, &s, 8 * sizeof(uint64_t) + 16), &ns, 5000), 0);
	CHECK_INT(l->stats.tx_bytes, 6000);

	/* a link not in the reading yet: skipped, nothing added */
	CHECK_INT(be_stats_parse(stats_msg(9, &s, sizeof(s)), &ns, 7000), 0);
	CHECK_INT(ns.n_links, 2);
	/* no 64-bit block (a kernel that ignored the mask's bit): nothing changes */
	CHECK_INT(be_stats_parse(stats_msg(5, &s, 0), &ns, 9000), 0);
	CHECK_INT(l->stats_ms, 5000);
	for (size_t i = 0; i < ns.n_links; i++) {
		nst_link_finish(&ns.links[i]);
	}
	free(ns.links);
}

static void test_refused(void)
{
	struct nst_ns ns = { .name = "t" };
	struct rtnl_link_stats64 s = { .rx_bytes = 5 };
	struct nlmsghdr *h;

	nst_ns_add_link(&ns, 3, "veth0");
	struct nst_link *l = nst_ns_find_link(&ns, 3);
	/* a block too short for the 8 counters */
	CHECK_INT(be_stats_parse(stats_msg(3, &s, 7 * sizeof(uint64_t)), &ns, 1000), -EBADMSG);
	/* not RTM_NEWSTATS */
	h = (struct nlmsghdr *)stats_msg(3, &s, sizeof(s));
	h->nlmsg_type = RTM_NEWLINK;
	CHECK_INT(be_stats_parse(h, &ns, 1000), -EBADMSG);
	/* shorter than its fixed header */
	h = (struct nlmsghdr *)stats_msg(3, &s, sizeof(s));
	h->nlmsg_len = NLMSG_HDRLEN + 4;
	CHECK_INT(be_stats_parse(h, &ns, 1000), -EBADMSG);
	/* the attribute runs past the message */
	h = (struct nlmsghdr *)stats_msg(3, &s, sizeof(s));
	h->nlmsg_len -= 8;
	CHECK_INT(be_stats_parse(h, &ns, 1000), -EBADMSG);
	/* ifindex 0 / negative */
	CHECK_INT(be_stats_parse(stats_msg(0, &s, sizeof(s)), &ns, 1000), -EBADMSG);
	CHECK_INT(be_stats_parse(stats_msg(-2, &s, sizeof(s)), &ns, 1000), -EBADMSG);
	CHECK_INT(l->stats_ms, 0);
	CHECK_INT(l->stats.rx_bytes, 0);
	for (size_t i = 0; i < ns.n_links; i++) {
		nst_link_finish(&ns.links[i]);
	}
	free(ns.links);
}

UNIT_MAIN(test_sample, test_refused)
