/* SPDX-License-Identifier: MIT */
/*
 * NAT edits in one nf_tables batch (ARCHITECTURE.md §10): begin, NEWTABLE ip nstop
 * (no EXCL: reuse it), NEWCHAIN nat prerouting -100 / postrouting 100,
 * NEWRULE append, end. The kernel applies all of it or nothing, so a bad
 * rule leaves no table behind. Deletions are one DELRULE by handle, so rules
 * other tools own can be removed but are never rewritten.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "be_internal.h"
#include "be_nft_edit.h"
#include "be_nlmsg.h"
#include "quote.h"

static void add_meta(struct nftnl_rule *r, uint32_t key)
{
	struct nftnl_expr *e = nftnl_expr_alloc("meta");
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	nftnl_rule_add_expr(r, e);
}

static void add_payload(struct nftnl_rule *r, uint32_t base, uint32_t offset, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("payload");
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, offset);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	nftnl_rule_add_expr(r, e);
}

static void add_cmp(struct nftnl_rule *r, const void *data, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("cmp");
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
	nftnl_rule_add_expr(r, e);
}

static void add_ifname(struct nftnl_rule *r, uint32_t key, const char *name)
{
	char buf[16] = { 0 };

	snprintf(buf, sizeof(buf), "%s", name);
	add_meta(r, key);
	add_cmp(r, buf, (uint32_t)strlen(buf) + 1);
}

static void add_imm(struct nftnl_rule *r, uint32_t reg, const void *data, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("immediate");
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, reg);
	nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, data, len);
	nftnl_rule_add_expr(r, e);
}

static void add_counter(struct nftnl_rule *r)
{
	nftnl_rule_add_expr(r, nftnl_expr_alloc("counter"));
}

/* ip saddr A.B.C.D/P: load 4 bytes, mask, compare with the network. */
static void add_saddr(struct nftnl_rule *r, const struct nst_addr *net)
{
	uint8_t mask[4] = { 0 }, zero[4] = { 0 };

	for (int b = 0; b < net->prefixlen; b++) {
		mask[b / 8] |= (uint8_t)(0x80 >> (b % 8));
	}
	add_payload(r, NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	struct nftnl_expr *e = nftnl_expr_alloc("bitwise");
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, 4);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, mask, 4);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, zero, 4);
	nftnl_rule_add_expr(r, e);
	add_cmp(r, net->bytes, 4);
}

static struct nftnl_rule *build_rule(const struct nst_op *op, const char *chain)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nst_addr a;
	char msg[200];

	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_IPV4);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, NST_NAT_TABLE);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
	if (op->kind == NST_OP_NAT_FORWARD) {
		uint8_t proto = strcmp(op->f[NST_F_PROTO], "udp") == 0 ? 17 : 6;
		unsigned long long p = 0, tp = 0; /* validated 1-65535 (nst_op_validate); 0 if not, which nft refuses */
		nst_parse_ulong(op->f[NST_F_PORT], 65535, &p);
		nst_parse_ulong(op->f[NST_F_TO_PORT][0] ? op->f[NST_F_TO_PORT] : op->f[NST_F_PORT], 65535, &tp);
		uint16_t port = htons((uint16_t)p);
		uint16_t to_port = htons((uint16_t)tp);

		if (op->f[NST_F_IIF][0]) {
			add_ifname(r, NFT_META_IIFNAME, op->f[NST_F_IIF]);
		}
		if (op->f[NST_F_DADDR][0] && nst_parse_host(op->f[NST_F_DADDR], &a, msg, sizeof(msg))) {
			add_payload(r, NFT_PAYLOAD_NETWORK_HEADER, 16, 4);
			add_cmp(r, a.bytes, 4);
		}
		add_meta(r, NFT_META_L4PROTO);
		add_cmp(r, &proto, 1);
		add_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
		add_cmp(r, &port, 2);
		add_counter(r);
		nst_parse_host(op->f[NST_F_TO_ADDR], &a, msg, sizeof(msg));
		add_imm(r, NFT_REG_1, a.bytes, 4);
		add_imm(r, NFT_REG_2, &to_port, 2);
		struct nftnl_expr *e = nftnl_expr_alloc("nat");
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_TYPE, NFT_NAT_DNAT);
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FAMILY, NFPROTO_IPV4);
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_PROTO_MIN, NFT_REG_2);
		nftnl_rule_add_expr(r, e);
		return r;
	}
	if (op->f[NST_F_SRC][0] && nst_parse_cidr(op->f[NST_F_SRC], &a, true, msg, sizeof(msg))) {
		add_saddr(r, &a);
	}
	if (op->f[NST_F_OIF][0]) {
		add_ifname(r, NFT_META_OIFNAME, op->f[NST_F_OIF]);
	}
	add_counter(r);
	if (op->f[NST_F_SNAT_TO][0] && nst_parse_host(op->f[NST_F_SNAT_TO], &a, msg, sizeof(msg))) {
		add_imm(r, NFT_REG_1, a.bytes, 4);
		struct nftnl_expr *e = nftnl_expr_alloc("nat");
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_TYPE, NFT_NAT_SNAT);
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FAMILY, NFPROTO_IPV4);
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN, NFT_REG_1);
		nftnl_rule_add_expr(r, e);
	} else {
		nftnl_rule_add_expr(r, nftnl_expr_alloc("masq"));
	}
	return r;
}

/* The first error among the answers in buf (ACKs are errors of 0), or 0. */
static int batch_answers(const char *buf, ssize_t n, uint32_t port, uint32_t seq_lo, uint32_t seq_hi, bool *answered,
			 char *why, size_t why_len)
{
	size_t len = (size_t)n;
	int rc = 0;

	for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf; be_nlmsg_ok(h, len); h = be_nlmsg_next(h, &len)) {
		if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_len < NLMSG_HDRLEN + sizeof(struct nlmsgerr) ||
		    h->nlmsg_pid != port || h->nlmsg_seq - seq_lo >= seq_hi - seq_lo) {
			/* not an answer to this batch (a stale one, or not ours): ignored */
			continue;
		}
		struct nlmsgerr e;
		memcpy(&e, mnl_nlmsg_get_payload(h), sizeof(e));
		*answered = true;
		if (e.error != 0 && rc == 0) {
			snprintf(why, why_len, "%s", strerror(-e.error));
			be_extack_append(h, why, why_len);
			rc = e.error;
		}
	}
	return rc;
}

/*
 * Send a batch and collect every answer. An ACK alone does not mean it was
 * applied: when any message fails the kernel drops the whole batch but still
 * ACKs the others. nfnetlink handles the batch inside sendmsg, so all answers
 * are queued when sendto returns: wait for the first, then take what is queued
 * (as nft's mnl_batch_talk does) and report the first error.
 */
static int run_batch(struct mnl_socket *nl, const struct be_nft_batch *bt, char *why, size_t why_len)
{
	struct mnl_nlmsg_batch *b = bt->b;
	char buf[16384] __attribute__((aligned(4)));
	bool answered = false;
	int rc = 0;

	if (mnl_socket_sendto(nl, mnl_nlmsg_batch_head(b), mnl_nlmsg_batch_size(b)) < 0) {
		snprintf(why, why_len, "send: %s", strerror(errno));
		return -errno;
	}
	for (;;) {
		/* Only the kernel's answers count: anyone else's is dropped (be_nlmsg.h). */
		ssize_t n = be_nl_recv(mnl_socket_get_fd(nl), buf, sizeof(buf), answered ? MSG_DONTWAIT : 0, NULL);
		if (n == 0) {
			continue;
		}
		if (n == -EAGAIN && answered) {
			return rc;
		}
		if (n < 0) {
			snprintf(why, why_len, "receive: %s", strerror((int)-n));
			return -EIO;
		}
		int e = batch_answers(buf, n, mnl_socket_get_portid(nl), bt->first_seq, bt->seq, &answered, why, why_len);
		rc = rc ? rc : e;
	}
}

/* A netfilter socket made inside the namespace for this one batch. */
struct mnl_socket *be_nft_socket_open(int nsfd, int self_fd, bool self)
{
	struct be_error err;
	struct mnl_socket *nl;
	int one = 1;

	if (!self && be_enter_ns(nsfd, &err) < 0) {
		return NULL;
	}
	nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
	if (!self) {
		be_leave_ns(self_fd);
	}
	/* Bound, and connected to the kernel: nobody else may unicast answers to it. */
	if (nl && (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 || be_nl_connect_kernel(mnl_socket_get_fd(nl)) < 0)) {
		mnl_socket_close(nl);
		return NULL;
	}
	if (nl) {
		mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	}
	return nl;
}

void be_nft_batch_build(struct be_nft_batch *bt, const struct nst_op *op)
{
	struct nlmsghdr *nlh;

	/* the read path's sequence: fresh per batch, so no earlier answer can pass for this one's */
	bt->seq = bt->first_seq = be_nl_next_seq();
	bt->b = mnl_nlmsg_batch_start(bt->buf, sizeof(bt->buf));
	nftnl_batch_begin(mnl_nlmsg_batch_current(bt->b), bt->seq++);
	mnl_nlmsg_batch_next(bt->b);
	if (op->kind == NST_OP_NAT_DEL) {
		struct nftnl_rule *r = nftnl_rule_alloc();
		/* any family's rule: the Firewall tree deletes bridge, arp and netdev rules too */
		const char *f = op->f[NST_F_FAMILY];
		int family = strcmp(f, "ip6") == 0      ? NFPROTO_IPV6
			     : strcmp(f, "inet") == 0   ? NFPROTO_INET
			     : strcmp(f, "bridge") == 0 ? NFPROTO_BRIDGE
			     : strcmp(f, "arp") == 0    ? NFPROTO_ARP
			     : strcmp(f, "netdev") == 0 ? NFPROTO_NETDEV
							: NFPROTO_IPV4;
		nftnl_rule_set_str(r, NFTNL_RULE_TABLE, op->f[NST_F_TABLE]);
		nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, op->f[NST_F_CHAIN]);
		unsigned long long handle = 0; /* 0 names no rule: the kernel refuses it */
		nst_parse_ulong(op->f[NST_F_HANDLE], UINT64_MAX, &handle);
		nftnl_rule_set_u64(r, NFTNL_RULE_HANDLE, handle);
		nlh = nftnl_rule_nlmsg_build_hdr(mnl_nlmsg_batch_current(bt->b), NFT_MSG_DELRULE, (uint16_t)family, NLM_F_ACK,
						 bt->seq++);
		nftnl_rule_nlmsg_build_payload(nlh, r);
		nftnl_rule_free(r);
		mnl_nlmsg_batch_next(bt->b);
	} else {
		bool pre = op->kind == NST_OP_NAT_FORWARD;
		const char *chain_name = pre ? NST_NAT_PRE_CHAIN : NST_NAT_POST_CHAIN;
		struct nftnl_table *t = nftnl_table_alloc();
		nftnl_table_set_str(t, NFTNL_TABLE_NAME, NST_NAT_TABLE);
		nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_IPV4);
		nlh = nftnl_table_nlmsg_build_hdr(mnl_nlmsg_batch_current(bt->b), NFT_MSG_NEWTABLE, NFPROTO_IPV4, NLM_F_CREATE,
						  bt->seq++);
		nftnl_table_nlmsg_build_payload(nlh, t);
		nftnl_table_free(t);
		mnl_nlmsg_batch_next(bt->b);

		struct nftnl_chain *c = nftnl_chain_alloc();
		nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, NST_NAT_TABLE);
		nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, chain_name);
		nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "nat");
		nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, pre ? NF_INET_PRE_ROUTING : NF_INET_POST_ROUTING);
		nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, pre ? -100 : 100);
		nlh = nftnl_chain_nlmsg_build_hdr(mnl_nlmsg_batch_current(bt->b), NFT_MSG_NEWCHAIN, NFPROTO_IPV4, NLM_F_CREATE,
						  bt->seq++);
		nftnl_chain_nlmsg_build_payload(nlh, c);
		nftnl_chain_free(c);
		mnl_nlmsg_batch_next(bt->b);

		struct nftnl_rule *r = build_rule(op, chain_name);
		nlh = nftnl_rule_nlmsg_build_hdr(mnl_nlmsg_batch_current(bt->b), NFT_MSG_NEWRULE, NFPROTO_IPV4,
						 NLM_F_APPEND | NLM_F_CREATE | NLM_F_ACK, bt->seq++);
		nftnl_rule_nlmsg_build_payload(nlh, r);
		nftnl_rule_free(r);
		mnl_nlmsg_batch_next(bt->b);
	}
}

int be_nft_batch_send(struct mnl_socket *nl, struct be_nft_batch *bt, char *why, size_t why_len)
{
	int rc;

	nftnl_batch_end(mnl_nlmsg_batch_current(bt->b), bt->seq++);
	mnl_nlmsg_batch_next(bt->b);
	rc = run_batch(nl, bt, why, why_len);
	mnl_nlmsg_batch_stop(bt->b);
	bt->b = NULL;
	return rc;
}

int be_nft_apply(const struct nst_op *op, int nsfd, int self_fd, bool self, struct be_error *err)
{
	struct be_nft_batch bt;
	struct mnl_socket *nl = be_nft_socket_open(nsfd, self_fd, self);
	char why[300];
	int rc;

	if (!nl) {
		be_error_set(err, -EIO, "cannot open an nf_tables socket in %s", op->f[NST_F_NS]);
		return -EIO;
	}
	be_nft_batch_build(&bt, op);
	rc = be_nft_batch_send(nl, &bt, why, sizeof(why));
	mnl_socket_close(nl);
	if (rc < 0) {
		be_error_set(err, rc, "%s: nf_tables refused the batch (nothing was applied): %s", nst_op_kind_name(op->kind), why);
	}
	return rc < 0 ? rc : 0;
}

int be_ip_forward_enable(int nsfd, int self_fd, bool self, struct be_error *err)
{
	int rc = self ? 0 : be_enter_ns(nsfd, err);
	int fd = -1;

	if (rc < 0) {
		return rc;
	}
	/* /proc/sys/net follows the opening thread's namespace. */
	fd = open("/proc/sys/net/ipv4/ip_forward", O_WRONLY | O_CLOEXEC);
	if (!self) {
		be_leave_ns(self_fd);
	}
	if (fd < 0 || write(fd, "1\n", 2) != 2) {
		be_error_set(err, -errno, "cannot set net.ipv4.ip_forward: %s", strerror(errno));
		rc = -errno;
	}
	if (fd >= 0) {
		close(fd);
	}
	return rc;
}
