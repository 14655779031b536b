/* SPDX-License-Identifier: MIT */
/*
 * be_fib_parse on crafted RTM_GETROUTE answers (a route, a refusal, another
 * request's answer skipped) and be_sockdiag_parse on SOCK_DIAG dumps; hostile
 * lengths refused (never read past the end).
 */
#include <errno.h>
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "be_fib.h"
#include "unit.h"

struct msg {
	union {
		char buf[512];
		struct nlmsghdr h;
	} u;
};

static struct rtmsg *route_msg(struct msg *m, uint32_t seq)
{
	memset(m, 0, sizeof(*m));
	m->u.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	m->u.h.nlmsg_type = RTM_NEWROUTE;
	m->u.h.nlmsg_seq = seq;
	struct rtmsg *r = NLMSG_DATA(&m->u.h);
	r->rtm_family = AF_INET;
	r->rtm_type = RTN_UNICAST;
	r->rtm_table = RT_TABLE_MAIN;
	return r;
}

static struct rtattr *attr(struct msg *m, unsigned short type, const void *data, size_t len)
{
	struct rtattr *ra = (struct rtattr *)(m->u.buf + NLMSG_ALIGN(m->u.h.nlmsg_len));

	ra->rta_type = type;
	ra->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(ra), data, len);
	m->u.h.nlmsg_len = NLMSG_ALIGN(m->u.h.nlmsg_len) + RTA_ALIGN(ra->rta_len);
	return ra;
}

static void test_route(void)
{
	struct msg m;
	struct nst_fib_answer a;
	const uint8_t dst[4] = { 12, 0, 0, 0 }, gw[4] = { 13, 0, 0, 1 }, src[4] = { 11, 0, 0, 1 };
	uint32_t oif = 7, table = 254;

	route_msg(&m, 5)->rtm_dst_len = 24;
	attr(&m, RTA_DST, dst, 4);
	attr(&m, RTA_GATEWAY, gw, 4);
	attr(&m, RTA_PREFSRC, src, 4);
	attr(&m, RTA_OIF, &oif, 4);
	attr(&m, RTA_TABLE, &table, 4);
	memset(&a, 0, sizeof(a));
	CHECK_INT(be_fib_parse(m.u.buf, m.u.h.nlmsg_len, 5, AF_INET, &a), 0);
	CHECK_INT(a.err, 0);
	CHECK_INT(a.oif, 7);
	CHECK_INT(a.table, 254);
	CHECK_INT(a.type, RTN_UNICAST);
	CHECK(a.has_gateway && memcmp(a.gateway, gw, 4) == 0);
	CHECK(a.has_prefsrc && memcmp(a.prefsrc, src, 4) == 0);
	CHECK(a.has_match && a.match_len == 24 && memcmp(a.match_dst, dst, 4) == 0);

	/* another request's answer: not this one */
	memset(&a, 0, sizeof(a));
	CHECK_INT(be_fib_parse(m.u.buf, m.u.h.nlmsg_len, 6, AF_INET, &a), -ENOMSG);
	/* the wrong family */
	CHECK_INT(be_fib_parse(m.u.buf, m.u.h.nlmsg_len, 5, AF_INET6, &a), -EBADMSG);
}

static void test_error(void)
{
	struct msg m;
	struct nst_fib_answer a;

	memset(&m, 0, sizeof(m));
	m.u.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct nlmsgerr));
	m.u.h.nlmsg_type = NLMSG_ERROR;
	m.u.h.nlmsg_seq = 9;
	((struct nlmsgerr *)NLMSG_DATA(&m.u.h))->error = -ENETUNREACH;
	memset(&a, 0, sizeof(a));
	CHECK_INT(be_fib_parse(m.u.buf, m.u.h.nlmsg_len, 9, AF_INET, &a), 0);
	CHECK_INT(a.err, -ENETUNREACH);
	/* a positive or absurd errno is nobody's answer */
	((struct nlmsgerr *)NLMSG_DATA(&m.u.h))->error = 5;
	CHECK_INT(be_fib_parse(m.u.buf, m.u.h.nlmsg_len, 9, AF_INET, &a), -EBADMSG);
	((struct nlmsgerr *)NLMSG_DATA(&m.u.h))->error = -100000;
	CHECK_INT(be_fib_parse(m.u.buf, m.u.h.nlmsg_len, 9, AF_INET, &a), -EBADMSG);
	/* an error too short to hold its code */
	m.u.h.nlmsg_len = NLMSG_LENGTH(2);
	CHECK_INT(be_fib_parse(m.u.buf, m.u.h.nlmsg_len, 9, AF_INET, &a), -EBADMSG);
}

static void test_hostile(void)
{
	struct msg m;
	struct nst_fib_answer a;
	const uint8_t gw[4] = { 1, 2, 3, 4 };

	/* nlmsg_len past the datagram, and below a header */
	route_msg(&m, 1);
	m.u.h.nlmsg_len = 400;
	CHECK_INT(be_fib_parse(m.u.buf, 100, 1, AF_INET, &a), -EBADMSG);
	m.u.h.nlmsg_len = 8;
	CHECK_INT(be_fib_parse(m.u.buf, 100, 1, AF_INET, &a), -EBADMSG);
	/* a datagram shorter than a header: nothing to parse */
	CHECK_INT(be_fib_parse(m.u.buf, 10, 1, AF_INET, &a), -EBADMSG);
	/* a route message too short for its rtmsg */
	route_msg(&m, 1);
	m.u.h.nlmsg_len = NLMSG_LENGTH(4);
	CHECK_INT(be_fib_parse(m.u.buf, m.u.h.nlmsg_len, 1, AF_INET, &a), -EBADMSG);
	/* a prefix longer than the family's address */
	route_msg(&m, 1)->rtm_dst_len = 33;
	CHECK_INT(be_fib_parse(m.u.buf, m.u.h.nlmsg_len, 1, AF_INET, &a), -EBADMSG);
	/* a gateway of 3 bytes */
	route_msg(&m, 1);
	attr(&m, RTA_GATEWAY, gw, 3);
	CHECK_INT(be_fib_parse(m.u.buf, m.u.h.nlmsg_len, 1, AF_INET, &a), -EBADMSG);
	/* an attribute claiming more than the message holds */
	route_msg(&m, 1);
	attr(&m, RTA_GATEWAY, gw, 4)->rta_len = 200;
	CHECK_INT(be_fib_parse(m.u.buf, m.u.h.nlmsg_len, 1, AF_INET, &a), -EBADMSG);
	/* an attribute shorter than its own header */
	route_msg(&m, 1);
	attr(&m, RTA_GATEWAY, gw, 4)->rta_len = 2;
	CHECK_INT(be_fib_parse(m.u.buf, m.u.h.nlmsg_len, 1, AF_INET, &a), -EBADMSG);
	/* an OIF of 2 bytes */
	route_msg(&m, 1);
	attr(&m, RTA_OIF, gw, 2);
	CHECK_INT(be_fib_parse(m.u.buf, m.u.h.nlmsg_len, 1, AF_INET, &a), -EBADMSG);
	/* a good message followed by a truncated one, asked for the second */
	route_msg(&m, 1);
	size_t first = m.u.h.nlmsg_len;
	struct nlmsghdr tail = { .nlmsg_len = 64, .nlmsg_type = RTM_NEWROUTE, .nlmsg_seq = 2 };
	memcpy(m.u.buf + NLMSG_ALIGN(first), &tail, sizeof(tail));
	CHECK_INT(be_fib_parse(m.u.buf, NLMSG_ALIGN(first) + sizeof(tail), 2, AF_INET, &a), -EBADMSG);
	/* every length of a good message: no crash, a refusal or the answer */
	route_msg(&m, 3);
	attr(&m, RTA_GATEWAY, gw, 4);
	for (size_t len = 0; len <= m.u.h.nlmsg_len; len++) {
		int rc = be_fib_parse(m.u.buf, len, 3, AF_INET, &a);
		CHECK(len == m.u.h.nlmsg_len ? rc == 0 : rc < 0);
	}
}

/* SOCK_DIAG answers: a listener on the address, the wildcard, IPv6's wildcard for IPv4 unless v6only, hostile lengths. */
static void diag_msg(struct msg *m, uint32_t seq, int family, const void *src, size_t len, uint16_t port)
{
	memset(m, 0, sizeof(*m));
	m->u.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct inet_diag_msg));
	m->u.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	m->u.h.nlmsg_seq = seq;
	struct inet_diag_msg *d = NLMSG_DATA(&m->u.h);
	d->idiag_family = (uint8_t)family;
	d->id.idiag_sport = htons(port);
	memcpy(d->id.idiag_src, src, len);
}

static void test_sockdiag(void)
{
	struct msg m;
	const uint8_t a4[4] = { 12, 0, 0, 2 }, other[4] = { 12, 0, 0, 3 }, any[16] = { 0 };
	bool found;

	diag_msg(&m, 4, AF_INET, a4, 4, 80);
	found = false;
	CHECK_INT(be_sockdiag_parse(m.u.buf, m.u.h.nlmsg_len, 4, AF_INET, a4, 80, &found), 0);
	CHECK(found);
	found = false;
	CHECK_INT(be_sockdiag_parse(m.u.buf, m.u.h.nlmsg_len, 4, AF_INET, a4, 81, &found), 0);
	CHECK(!found);
	found = false;
	CHECK_INT(be_sockdiag_parse(m.u.buf, m.u.h.nlmsg_len, 4, AF_INET, other, 80, &found), 0);
	CHECK(!found);
	diag_msg(&m, 4, AF_INET, any, 4, 80);
	found = false;
	CHECK_INT(be_sockdiag_parse(m.u.buf, m.u.h.nlmsg_len, 4, AF_INET, a4, 80, &found), 0);
	CHECK(found);
	/* [::]:80 takes IPv4 too, unless v6only */
	diag_msg(&m, 4, AF_INET6, any, 16, 80);
	found = false;
	CHECK_INT(be_sockdiag_parse(m.u.buf, m.u.h.nlmsg_len, 4, AF_INET, a4, 80, &found), 0);
	CHECK(found);
	const uint8_t one = 1;
	attr(&m, INET_DIAG_SKV6ONLY, &one, 1);
	found = false;
	CHECK_INT(be_sockdiag_parse(m.u.buf, m.u.h.nlmsg_len, 4, AF_INET, a4, 80, &found), 0);
	CHECK(!found);
	/* done, an error, hostile lengths */
	memset(&m, 0, sizeof(m));
	m.u.h.nlmsg_len = NLMSG_LENGTH(4);
	m.u.h.nlmsg_type = NLMSG_DONE;
	m.u.h.nlmsg_seq = 4;
	CHECK_INT(be_sockdiag_parse(m.u.buf, m.u.h.nlmsg_len, 4, AF_INET, a4, 80, &found), 1);
	m.u.h.nlmsg_type = NLMSG_ERROR;
	*(int *)NLMSG_DATA(&m.u.h) = -EPERM;
	CHECK_INT(be_sockdiag_parse(m.u.buf, m.u.h.nlmsg_len, 4, AF_INET, a4, 80, &found), -EPERM);
	diag_msg(&m, 4, AF_INET, a4, 4, 80);
	CHECK_INT(be_sockdiag_parse(m.u.buf, 40, 4, AF_INET, a4, 80, &found), -EBADMSG);
	m.u.h.nlmsg_len = NLMSG_LENGTH(8);
	CHECK_INT(be_sockdiag_parse(m.u.buf, m.u.h.nlmsg_len, 4, AF_INET, a4, 80, &found), -EBADMSG);
	diag_msg(&m, 4, AF_INET6, any, 16, 80);
	attr(&m, INET_DIAG_SKV6ONLY, &one, 1)->rta_len = 100;
	CHECK_INT(be_sockdiag_parse(m.u.buf, m.u.h.nlmsg_len, 4, AF_INET, a4, 80, &found), -EBADMSG);
}

UNIT_MAIN(test_route, test_error, test_hostile, test_sockdiag)
