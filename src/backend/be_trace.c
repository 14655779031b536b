/* SPDX-License-Identifier: MIT */
/*
 * nf_tables tracing for --probe (be_trace.h): the temporary table that marks
 * the probe's packets, and the one listener that hears every namespace's
 * trace events. The events are kernel messages about hostile rulesets: every
 * length is checked and every string bounded before it reaches the model.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <netinet/in.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "be_internal.h"
#include "be_nft_edit.h"
#include "be_nlmsg.h"
#include "be_trace.h"
#include "xalloc.h"

#define TRACE_PRIO (-350) /* before conntrack (-200) and every NAT chain: the packet as sent */
#define NAME_CAP 256      /* NFT_NAME_MAXLEN */
#define SLOTS 32

static const struct {
	const char *name;
	uint32_t hook;
} hooks[] = {
	{ "prerouting", NF_INET_PRE_ROUTING }, { "input", NF_INET_LOCAL_IN },	      { "forward", NF_INET_FORWARD },
	{ "output", NF_INET_LOCAL_OUT },       { "postrouting", NF_INET_POST_ROUTING },
};

static void expr_payload(struct nftnl_rule *r, uint32_t offset)
{
	struct nftnl_expr *e = nftnl_expr_alloc("payload");
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, NFT_PAYLOAD_TRANSPORT_HEADER);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, offset);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, 2);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	nftnl_rule_add_expr(r, e);
}

static void expr_cmp(struct nftnl_rule *r, const void *data, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("cmp");
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
	nftnl_rule_add_expr(r, e);
}

/* meta l4proto P @th,OFFSET*8,16 == KEY meta nftrace set 1 */
static struct nftnl_rule *trace_rule(const char *chain, uint8_t l4proto, uint32_t offset, uint16_t key)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	uint16_t k = htons(key);
	uint8_t one = 1;

	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_INET);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, NST_TRACE_TABLE);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
	struct nftnl_expr *e = nftnl_expr_alloc("meta");
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_L4PROTO);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	nftnl_rule_add_expr(r, e);
	expr_cmp(r, &l4proto, 1);
	expr_payload(r, offset);
	expr_cmp(r, &k, 2);
	e = nftnl_expr_alloc("immediate");
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_1);
	nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, &one, 1);
	nftnl_rule_add_expr(r, e);
	e = nftnl_expr_alloc("meta");
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_NFTRACE);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_SREG, NFT_REG_1);
	nftnl_rule_add_expr(r, e);
	return r;
}

static void batch_begin(struct be_nft_batch *bt)
{
	bt->seq = bt->first_seq = be_nl_next_seq();
	bt->b = mnl_nlmsg_batch_start(bt->buf, sizeof(bt->buf));
	nftnl_batch_begin(mnl_nlmsg_batch_current(bt->b), bt->seq++);
	mnl_nlmsg_batch_next(bt->b);
}

static void batch_rule(struct be_nft_batch *bt, struct nftnl_rule *r)
{
	struct nlmsghdr *nlh = nftnl_rule_nlmsg_build_hdr(mnl_nlmsg_batch_current(bt->b), NFT_MSG_NEWRULE, NFPROTO_INET,
							  NLM_F_APPEND | NLM_F_CREATE | NLM_F_ACK, bt->seq++);
	nftnl_rule_nlmsg_build_payload(nlh, r);
	nftnl_rule_free(r);
	mnl_nlmsg_batch_next(bt->b);
}

/*
 * The key is what survives NAT: DNAT rewrites the destination address and
 * port, SNAT and masquerade the source address, but the probe's own source
 * port (tcp, udp) or echo id (icmp) is kept unless it clashes with another
 * connection's, and the reply carries it back as its destination port.
 */
int be_trace_install(struct mnl_socket *nl, const struct be_trace_match *m, char *why, size_t why_len)
{
	struct be_nft_batch *bt = xcalloc(1, sizeof(*bt));
	struct nlmsghdr *nlh;
	bool v6 = m->family == AF_INET6;
	/* an ICMP error quotes the packet after its own 8 bytes and the quoted IP header */
	uint32_t quoted = 8 + (v6 ? 40 : 20);
	uint8_t icmp = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;

	batch_begin(bt);
	struct nftnl_table *t = nftnl_table_alloc();
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, NST_TRACE_TABLE);
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_INET);
	nftnl_table_set_u32(t, NFTNL_TABLE_FLAGS, NFT_TABLE_F_OWNER);
	nlh = nftnl_table_nlmsg_build_hdr(mnl_nlmsg_batch_current(bt->b), NFT_MSG_NEWTABLE, NFPROTO_INET,
					  NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, bt->seq++);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	mnl_nlmsg_batch_next(bt->b);
	for (size_t i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++) {
		struct nftnl_chain *c = nftnl_chain_alloc();
		nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, NST_TRACE_TABLE);
		nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, hooks[i].name);
		nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
		nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, hooks[i].hook);
		nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, TRACE_PRIO);
		nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
		nlh = nftnl_chain_nlmsg_build_hdr(mnl_nlmsg_batch_current(bt->b), NFT_MSG_NEWCHAIN, NFPROTO_INET,
						  NLM_F_CREATE | NLM_F_ACK, bt->seq++);
		nftnl_chain_nlmsg_build_payload(nlh, c);
		nftnl_chain_free(c);
		mnl_nlmsg_batch_next(bt->b);
	}
	/* Marking happens where a packet enters a namespace (prerouting) or is made there (output):
	 * the mark does not survive a veth into the next namespace. */
	const char *mark_in[] = { "prerouting", "output" };
	for (size_t i = 0; i < 2; i++) {
		if (m->l4proto == IPPROTO_TCP || m->l4proto == IPPROTO_UDP) {
			batch_rule(bt, trace_rule(mark_in[i], m->l4proto, 0, m->key)); /* the request */
			batch_rule(bt, trace_rule(mark_in[i], m->l4proto, 2, m->key)); /* the reply, an RST */
			batch_rule(bt, trace_rule(mark_in[i], icmp, quoted, m->key));  /* an error about the request */
		} else {
			batch_rule(bt, trace_rule(mark_in[i], icmp, 4, m->key));          /* echo request and reply */
			batch_rule(bt, trace_rule(mark_in[i], icmp, quoted + 4, m->key)); /* an error about the echo */
		}
	}
	int rc = be_nft_batch_send(nl, bt, why, why_len);
	free(bt);
	return rc;
}

int be_trace_remove(struct mnl_socket *nl, char *why, size_t why_len)
{
	struct be_nft_batch *bt = xcalloc(1, sizeof(*bt));

	batch_begin(bt);
	struct nftnl_table *t = nftnl_table_alloc();
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, NST_TRACE_TABLE);
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_INET);
	struct nlmsghdr *nlh = nftnl_table_nlmsg_build_hdr(mnl_nlmsg_batch_current(bt->b), NFT_MSG_DELTABLE, NFPROTO_INET,
							   NLM_F_ACK, bt->seq++);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	mnl_nlmsg_batch_next(bt->b);
	int rc = be_nft_batch_send(nl, bt, why, why_len);
	free(bt);
	return rc;
}

/* A question, not a transaction: a batch costs milliseconds even when it changes nothing. */
int be_trace_exists(struct mnl_socket *nl)
{
	union {
		struct nlmsghdr h;
		char buf[256];
	} req;

	memset(&req, 0, sizeof(req));
	struct nftnl_table *t = nftnl_table_alloc();
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, NST_TRACE_TABLE);
	struct nlmsghdr *h = nftnl_table_nlmsg_build_hdr(req.buf, NFT_MSG_GETTABLE, NFPROTO_INET, 0, be_nl_next_seq());
	nftnl_table_nlmsg_build_payload(h, t);
	nftnl_table_free(t);
	int rc = be_nl_request(mnl_socket_get_fd(nl), h, NULL, NULL, NULL, NULL, 0);
	return rc == 0 ? 1 : rc == -ENOENT ? 0 : rc;
}

int be_trace_listen(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_NETFILTER);
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int group = NFNLGRP_NFTRACE, one = 1, size = 1 << 20;

	if (fd < 0) {
		return -errno;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0 ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID, &one, sizeof(one)) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	/* a packet through many rules makes many events: room for them all (FORCE needs CAP_NET_ADMIN) */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0) {
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	}
	return fd;
}

struct be_trace_slot {
	const struct nst_ns *ns;
	uint32_t id;
	bool reply, ignore;
	int packet;
	char hook[16];
	char iif[16], oif[16]; /* the kernel sends them with a chain's first event only */
};

void be_trace_sink_clear(struct be_trace_sink *sink)
{
	free(sink->slots);
	sink->slots = NULL;
	sink->n_slots = 0;
}

static struct be_trace_slot *slot_for(struct be_trace_sink *s, const struct nst_ns *ns, uint32_t id)
{
	if (!s->slots) {
		s->slots = xcalloc(SLOTS, sizeof(*s->slots));
	}
	for (size_t i = 0; i < s->n_slots; i++) {
		if (s->slots[i].ns == ns && s->slots[i].id == id) {
			return &s->slots[i];
		}
	}
	/* oldest out: a packet's events come together, one hook after another */
	if (s->n_slots == SLOTS) {
		memmove(s->slots, s->slots + 1, (SLOTS - 1) * sizeof(*s->slots));
		s->n_slots--;
	}
	struct be_trace_slot *sl = &s->slots[s->n_slots++];
	memset(sl, 0, sizeof(*sl));
	sl->ns = ns;
	sl->id = id;
	sl->packet = s->packet;
	return sl;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The packet's direction (and, for icmp, its probe number) from its transport header; false: not ours. */
static bool classify(const struct be_trace_sink *s, const uint8_t *th, uint32_t len, uint8_t l4, struct be_trace_slot *sl)
{
	const struct be_trace_match *m = &s->match;
	bool icmp = l4 == IPPROTO_ICMP || l4 == IPPROTO_ICMPV6;

	if (icmp && len >= 8) {
		uint8_t type = th[0];
		bool echo_req = type == 8 || type == 128, echo_rep = type == 0 || type == 129;
		if (m->l4proto == IPPROTO_ICMP || m->l4proto == IPPROTO_ICMPV6) {
			if ((echo_req || echo_rep) && get16(th + 4) == m->key) {
				sl->reply = echo_rep;
				sl->packet = get16(th + 6) ? get16(th + 6) : 1;
				return true;
			}
		}
		if (echo_req || echo_rep) {
			return false;
		}
		/* an ICMP error about the probe: its quoted header carries the key */
		uint32_t q = 8 + (l4 == IPPROTO_ICMPV6 ? 40 : 20);
		bool ping = m->l4proto == IPPROTO_ICMP || m->l4proto == IPPROTO_ICMPV6;
		uint32_t at = q + (ping ? 4 : 0);
		/* the kernel dumps 20 bytes of transport header: the quote is often cut, and then
		 * the mark (our rule matched the quoted key) is all there is to go by */
		if (len >= at + 2 && get16(th + at) != m->key) {
			return false;
		}
		sl->reply = true;
		if (ping && len >= at + 4) {
			sl->packet = get16(th + at + 2) ? get16(th + at + 2) : 1;
		}
		return true;
	}
	if (l4 != m->l4proto || len < 4) {
		return false;
	}
	if (get16(th) == m->key) {
		sl->reply = false;
		/* tcp: only the SYN is the probe; the ACK after a SYN-ACK and the closing RST are not */
		return l4 != IPPROTO_TCP || (len >= 14 && (th[13] & 0x12) == 0x02);
	}
	if (get16(th + 2) == m->key) {
		sl->reply = true;
		return l4 != IPPROTO_TCP || (len >= 14 && (th[13] & 0x12) == 0x12) || (len >= 14 && (th[13] & 0x04));
	}
	return false;
}

/* The transport protocol from the network header (no extension headers for IPv6). */
static int l4_of(const uint8_t *nh, uint32_t len)
{
	if (len >= 20 && nh[0] >> 4 == 4) {
		return nh[9];
	}
	if (len >= 40 && nh[0] >> 4 == 6) {
		return nh[6];
	}
	return -1;
}

static const char *verdict_str(int32_t v)
{
	switch (v) {
	case NFT_CONTINUE:
		return "continue";
	case NFT_BREAK:
		return "break";
	case NFT_JUMP:
		return "jump";
	case NFT_GOTO:
		return "goto";
	case NFT_RETURN:
		return "return";
	default:
		break;
	}
	switch (v & NF_VERDICT_MASK) {
	case NF_DROP:
		return "drop";
	case NF_ACCEPT:
		return "accept";
	case NF_STOLEN:
		return "stolen";
	case NF_QUEUE:
		return "queue";
	case NF_REPEAT:
		return "repeat";
	default:
		return "other";
	}
}

static const char *family_str(uint8_t f)
{
	return f == NFPROTO_INET     ? "inet"
	       : f == NFPROTO_IPV4   ? "ip"
	       : f == NFPROTO_IPV6   ? "ip6"
	       : f == NFPROTO_BRIDGE ? "bridge"
	       : f == NFPROTO_ARP    ? "arp"
	       : f == NFPROTO_NETDEV ? "netdev"
				     : "?";
}

/*
 * Our own attribute parser, not libnftnl's nftnl_trace_nlmsg_parse: that one
 * exits the process on an attribute of the wrong type, and nothing here may.
 */
static const struct be_attr_rule trace_rules[NFTA_TRACE_MAX + 1] = {
	[NFTA_TRACE_TABLE] = { MNL_TYPE_NUL_STRING, 0 },      [NFTA_TRACE_CHAIN] = { MNL_TYPE_NUL_STRING, 0 },
	[NFTA_TRACE_RULE_HANDLE] = { MNL_TYPE_U64, 0 },       [NFTA_TRACE_TYPE] = { MNL_TYPE_U32, 0 },
	[NFTA_TRACE_VERDICT] = { MNL_TYPE_NESTED, 0 },        [NFTA_TRACE_ID] = { MNL_TYPE_U32, 0 },
	[NFTA_TRACE_NETWORK_HEADER] = { MNL_TYPE_BINARY, 0 }, [NFTA_TRACE_TRANSPORT_HEADER] = { MNL_TYPE_BINARY, 0 },
	[NFTA_TRACE_IIF] = { MNL_TYPE_U32, 0 },               [NFTA_TRACE_OIF] = { MNL_TYPE_U32, 0 },
	[NFTA_TRACE_POLICY] = { MNL_TYPE_U32, 0 },
};
static const struct be_attr_rule verdict_rules[NFTA_VERDICT_MAX + 1] = {
	[NFTA_VERDICT_CODE] = { MNL_TYPE_U32, 0 },
	[NFTA_VERDICT_CHAIN] = { MNL_TYPE_NUL_STRING, 0 },
};

static char *bounded(const struct nlattr *a)
{
	if (!a) {
		return NULL;
	}
	const char *s = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a);
	size_t n = strnlen(s, len < NAME_CAP ? len : NAME_CAP);
	char *out = xmalloc(n + 1);
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

static uint32_t be32(const struct nlattr *a)
{
	return ntohl(mnl_attr_get_u32(a));
}

static void ifname(const struct nst_ns *ns, const struct nlattr *a, char *out, size_t len)
{
	if (!a) {
		return;
	}
	uint32_t idx = be32(a);
	const struct nst_link *l = idx <= INT32_MAX ? nst_ns_find_link(ns, (int)idx) : NULL;
	if (l) {
		snprintf(out, len, "%s", l->name);
	} else {
		snprintf(out, len, "if%u", idx);
	}
}

static void one_event(const struct nlmsghdr *h, const struct nst_ns *ns, struct be_trace_sink *s)
{
	const struct nlattr *tb[NFTA_TRACE_MAX + 1], *vt[NFTA_VERDICT_MAX + 1] = { 0 };
	struct nfgenmsg g;

	if (be_nl_parse_attrs(h, sizeof(g), NULL, trace_rules, NFTA_TRACE_MAX, tb) < 0 || !tb[NFTA_TRACE_TYPE] ||
	    (tb[NFTA_TRACE_VERDICT] &&
	     be_nl_parse_attrs(h, 0, tb[NFTA_TRACE_VERDICT], verdict_rules, NFTA_VERDICT_MAX, vt) < 0)) {
		s->foreign++; /* refused whole */
		return;
	}
	memcpy(&g, mnl_nlmsg_get_payload(h), sizeof(g));
	uint32_t id = tb[NFTA_TRACE_ID] ? be32(tb[NFTA_TRACE_ID]) : 0;
	bool fresh = true;
	for (size_t i = 0; i < s->n_slots; i++) {
		fresh = fresh && !(s->slots[i].ns == ns && s->slots[i].id == id);
	}
	struct be_trace_slot *sl = slot_for(s, ns, id);
	const struct nlattr *nha = tb[NFTA_TRACE_NETWORK_HEADER], *tha = tb[NFTA_TRACE_TRANSPORT_HEADER];
	if (nha && tha) {
		int l4 = l4_of(mnl_attr_get_payload(nha), mnl_attr_get_payload_len(nha));
		sl->packet = s->packet;
		sl->ignore = l4 < 0 || !classify(s, mnl_attr_get_payload(tha), mnl_attr_get_payload_len(tha), (uint8_t)l4, sl);
	} else if (fresh) {
		sl->ignore = true; /* no headers and no earlier event of this packet: cannot tell whose it is */
	}
	char *table = bounded(tb[NFTA_TRACE_TABLE]), *chain = bounded(tb[NFTA_TRACE_CHAIN]);
	bool ours = g.nfgen_family == NFPROTO_INET && table && strcmp(table, NST_TRACE_TABLE) == 0;
	if (ours && chain) {
		snprintf(sl->hook, sizeof(sl->hook), "%s", chain);
	}
	if (nha) {
		sl->iif[0] = sl->oif[0] = '\0'; /* a chain's first event: its devices come with it */
	}
	ifname(ns, tb[NFTA_TRACE_IIF], sl->iif, sizeof(sl->iif));
	ifname(ns, tb[NFTA_TRACE_OIF], sl->oif, sizeof(sl->oif));
	uint32_t type = be32(tb[NFTA_TRACE_TYPE]);
	/* our marking rule's own "continue" says nothing the chain's policy event does not, nor
	 * does a rule event without a rule (the kernel's mark of a chain's end, before its
	 * policy or the return to the chain that jumped) */
	bool skip = type == NFT_TRACETYPE_RULE && (ours || !tb[NFTA_TRACE_RULE_HANDLE]);
	struct nst_reach_obs_event *e = sl->ignore || skip ? NULL : nst_reach_observed_add(s->o);
	if (!e) {
		if (sl->ignore) {
			s->foreign++;
		}
		free(table);
		free(chain);
		return;
	}
	e->ns = xstrdup(ns->display ? ns->display : ns->name);
	e->ns_id = ns->id;
	snprintf(e->family, sizeof(e->family), "%s", family_str(g.nfgen_family));
	e->table = table;
	e->chain = chain;
	e->rule = type == NFT_TRACETYPE_RULE && tb[NFTA_TRACE_RULE_HANDLE] ? be64toh(mnl_attr_get_u64(tb[NFTA_TRACE_RULE_HANDLE]))
									     : 0;
	int32_t v = type == NFT_TRACETYPE_POLICY && tb[NFTA_TRACE_POLICY] ? (int32_t)be32(tb[NFTA_TRACE_POLICY])
		    : vt[NFTA_VERDICT_CODE]				   ? (int32_t)be32(vt[NFTA_VERDICT_CODE])
									   : NFT_CONTINUE;
	snprintf(e->verdict, sizeof(e->verdict), "%s", type == NFT_TRACETYPE_RETURN ? "return" : verdict_str(v));
	e->target = bounded(vt[NFTA_VERDICT_CHAIN]);
	memcpy(e->iif, sl->iif, sizeof(e->iif));
	memcpy(e->oif, sl->oif, sizeof(e->oif));
	snprintf(e->hook, sizeof(e->hook), "%s", sl->hook);
	e->reply = sl->reply;
	e->ours = ours;
	e->packet = sl->packet ? sl->packet : 1;
}

void be_trace_parse(const void *buf, size_t len, bool has_nsid, int32_t nsid, struct be_trace_sink *s)
{
	const struct nst_ns *ns = NULL;

	/* our own namespace's events come without an nsid (6.18 even when it has one for itself;
	 * a kernel that tags them with that one is taken too) */
	bool self = !has_nsid || (s->self_nsid >= 0 && nsid == s->self_nsid);
	for (size_t i = 0; i < s->n_map; i++) {
		if (self ? s->map[i].nsid == -1 : s->map[i].nsid == nsid) {
			ns = s->map[i].ns;
		}
	}
	for (const struct nlmsghdr *h = buf; be_nlmsg_ok(h, len); h = be_nlmsg_next(h, &len)) {
		if (h->nlmsg_type != ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_TRACE) ||
		    h->nlmsg_len < NLMSG_HDRLEN + sizeof(struct nfgenmsg)) {
			continue;
		}
		if (!ns) {
			s->foreign++; /* a namespace off the path */
			continue;
		}
		one_event(h, ns, s);
	}
}

int be_trace_read(int fd, struct be_trace_sink *sink)
{
	static char buf[65536] __attribute__((aligned(8)));
	union {
		struct cmsghdr c;
		char b[CMSG_SPACE(sizeof(int)) * 2];
	} ctl;
	struct sockaddr_nl sa;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr mh = { .msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = &ctl, .msg_controllen = sizeof(ctl) };
	int got = -EAGAIN;

	for (int i = 0; i < 256; i++) {
		memset(&sa, 0, sizeof(sa));
		mh.msg_controllen = sizeof(ctl);
		ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == ENOBUFS) {
				sink->o->events_lost = true;
				continue;
			}
			return errno == EAGAIN || errno == EWOULDBLOCK ? got : -errno;
		}
		got = 0;
		if (mh.msg_namelen < sizeof(sa) || sa.nl_pid != 0 || (mh.msg_flags & MSG_TRUNC)) {
			sink->foreign++; /* only the kernel speaks, and a cut message is not read */
			continue;
		}
		bool has_nsid = false;
		int32_t nsid = -1;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			if (c->cmsg_level == SOL_NETLINK && c->cmsg_type == NETLINK_LISTEN_ALL_NSID &&
			    c->cmsg_len >= CMSG_LEN(sizeof(int))) {
				memcpy(&nsid, CMSG_DATA(c), sizeof(nsid));
				has_nsid = true;
			}
		}
		be_trace_parse(buf, (size_t)n, has_nsid, nsid, sink);
	}
	return got;
}
