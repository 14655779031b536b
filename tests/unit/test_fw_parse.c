/* SPDX-License-Identifier: MIT */
/*
 * The whole-ruleset read path (be_nft_parse.c into ruleset.c) on hand-built
 * NEWTABLE/NEWCHAIN/NEWRULE messages (every verdict kind, reject and queue,
 * udata and xt comments, policies, hook devices, refused messages) and on
 * the messages a kernel dumped for tests/fuzz/firewall_rules.nft
 * (tests/fuzz/corpus/nft/fw-*). No root.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include "be_internal.h"
#include "be_nlmsg.h"
#include "render.h"
#include "unit.h"

static unsigned char buf[16384] __attribute__((aligned(8)));
static size_t len;

static struct nlmsghdr *msg(uint8_t type, uint8_t family)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct nfgenmsg g = { .nfgen_family = family, .version = NFNETLINK_V0 };

	memset(buf, 0, sizeof(buf));
	h->nlmsg_type = (uint16_t)((NFNL_SUBSYS_NFTABLES << 8) | type);
	memcpy(buf + NLMSG_HDRLEN, &g, sizeof(g));
	len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(g));
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

static void be32a(uint16_t type, uint32_t v)
{
	v = htonl(v);
	attr(type, &v, 4);
}

static void be64a(uint16_t type, uint64_t v)
{
	v = htobe64(v);
	attr(type, &v, 8);
}

static void str(uint16_t type, const char *s)
{
	attr(type, s, strlen(s) + 1);
}

static size_t nest(uint16_t type)
{
	return attr(type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(size_t at)
{
	uint16_t n = (uint16_t)(len - at);
	memcpy(buf + at, &n, sizeof(n));
}

/* ---- rules: a message is begun, expressions appended, then parsed ---- */

static size_t list_at;

static void rule_begin(uint8_t family)
{
	msg(NFT_MSG_NEWRULE, family);
	str(NFTA_RULE_TABLE, "t");
	str(NFTA_RULE_CHAIN, "c");
	be64a(NFTA_RULE_HANDLE, 5);
	list_at = nest(NFTA_RULE_EXPRESSIONS);
}

/* One expression: returns the offset of its data nest, closed by expr_end. */
static size_t el_at;
static size_t expr_begin(const char *name)
{
	el_at = nest(NFTA_LIST_ELEM);
	str(NFTA_EXPR_NAME, name);
	return nest(NFTA_EXPR_DATA);
}

static void expr_end(size_t data)
{
	nest_end(data);
	nest_end(el_at);
}

static void verdict(int32_t code, const char *chain)
{
	size_t d = expr_begin("immediate");
	be32a(NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
	size_t data = nest(NFTA_IMMEDIATE_DATA);
	size_t v = nest(NFTA_DATA_VERDICT);
	be32a(NFTA_VERDICT_CODE, (uint32_t)code);
	if (chain) {
		str(NFTA_VERDICT_CHAIN, chain);
	}
	nest_end(v);
	nest_end(data);
	expr_end(d);
}

static void reject(uint32_t type, int code)
{
	size_t d = expr_begin("reject");
	be32a(NFTA_REJECT_TYPE, type);
	if (code >= 0) {
		uint8_t c = (uint8_t)code;
		attr(NFTA_REJECT_ICMP_CODE, &c, 1);
	}
	expr_end(d);
}

static void counter(uint64_t packets, uint64_t bytes)
{
	size_t d = expr_begin("counter");
	be64a(NFTA_COUNTER_BYTES, bytes);
	be64a(NFTA_COUNTER_PACKETS, packets);
	expr_end(d);
}

/* The parsed rule, as the ruleset keeps it; -errno when refused. */
static int rule_end(struct nst_fw_rule *out)
{
	struct be_nft_rule r;

	nest_end(list_at);
	memset(out, 0, sizeof(*out));
	int rc = be_nft_parse_rule((struct nlmsghdr *)buf, &r);
	if (rc == 0) {
		be_nft_rule_fw(&r, out);
		be_nft_rule_free(&r);
	}
	return rc;
}

static void one_verdict(int32_t code, const char *chain, const char *kind, const char *text)
{
	struct nst_fw_rule r;

	rule_begin(NFPROTO_IPV4);
	verdict(code, chain);
	CHECK_INT(rule_end(&r), 0);
	CHECK_STR(nst_fw_verdict_kind_str(r.verdict.kind), kind);
	CHECK_STR(r.text, text);
	CHECK_STR(r.verdict.target, chain ? chain : "");
	CHECK(!r.raw);
	CHECK_STR(r.family, "ip");
	CHECK_STR(r.chain, "c");
	CHECK_INT(r.handle, 5);
	CHECK(!r.has_counter && !r.has_comment);
}

static void test_verdicts(void)
{
	struct nst_fw_rule r;

	one_verdict(NF_ACCEPT, NULL, "accept", "accept");
	one_verdict(NF_DROP, NULL, "drop", "drop");
	one_verdict(NFT_RETURN, NULL, "return", "return");
	one_verdict(NFT_CONTINUE, NULL, "continue", "continue");
	one_verdict(NFT_JUMP, "DOCKER-USER", "jump", "jump DOCKER-USER");
	one_verdict(NFT_GOTO, "KUBE-SVC-1", "goto", "goto KUBE-SVC-1");

	/* a verdict code without a name: kept, says so */
	rule_begin(NFPROTO_IPV4);
	verdict(NF_STOLEN, NULL);
	CHECK_INT(rule_end(&r), 0);
	CHECK(r.verdict.kind == NST_FV_OTHER && r.verdict.code == NF_STOLEN);
	CHECK(r.raw);
	CHECK_STR(r.text, "[verdict 2]");
	rule_begin(NFPROTO_IPV4);
	verdict(NF_QUEUE | (3 << NF_VERDICT_QBITS), NULL);
	CHECK_INT(rule_end(&r), 0);
	CHECK(r.verdict.kind == NST_FV_OTHER && r.raw);

	/* a jump without a chain, or with an empty one, is no kernel's message */
	rule_begin(NFPROTO_IPV4);
	verdict(NFT_JUMP, NULL);
	CHECK_INT(rule_end(&r), -EBADMSG);
	rule_begin(NFPROTO_IPV4);
	verdict(NFT_GOTO, "");
	CHECK_INT(rule_end(&r), -EBADMSG);

	/* the last verdict-setting expression is the rule's; the counter is read too */
	rule_begin(NFPROTO_INET);
	counter(3, 180);
	verdict(NFT_JUMP, "sub");
	CHECK_INT(rule_end(&r), 0);
	CHECK_STR(r.text, "counter packets 3 bytes 180 jump sub");
	CHECK(r.has_counter && r.packets == 3 && r.bytes == 180);
	CHECK_STR(r.family, "inet");

	/* nst_nat_decode is unchanged: a verdict there is raw, as before */
	struct nst_nat_rule nr;
	char table[NST_NFT_NAMELEN], chain[NST_NFT_NAMELEN];
	uint32_t family;
	rule_begin(NFPROTO_IPV4);
	verdict(NFT_JUMP, "DOCKER");
	nest_end(list_at);
	memset(&nr, 0, sizeof(nr));
	CHECK_INT(be_nft_rule_decode((struct nlmsghdr *)buf, &nr, &family, table, sizeof(table), chain, sizeof(chain)), 0);
	CHECK_STR(nr.summary, "[verdict]");
	CHECK(nr.raw);
}

static void one_reject(uint8_t family, uint32_t type, int code, const char *rtype, const char *rcode, const char *text)
{
	struct nst_fw_rule r;

	rule_begin(family);
	reject(type, code);
	CHECK_INT(rule_end(&r), 0);
	CHECK(r.verdict.kind == NST_FV_REJECT);
	CHECK_STR(r.verdict.reject_type, rtype);
	CHECK_STR(r.verdict.reject_code, rcode);
	CHECK_STR(r.text, text);
	CHECK(!r.raw);
}

static void test_reject_queue(void)
{
	struct nst_fw_rule r;

	/* the family's default code is left out of the text, as nft does; the record keeps it */
	one_reject(NFPROTO_IPV4, NFT_REJECT_ICMP_UNREACH, 3, "icmp", "port-unreachable", "reject");
	one_reject(NFPROTO_IPV4, NFT_REJECT_ICMP_UNREACH, 13, "icmp", "admin-prohibited",
		   "reject with icmp admin-prohibited");
	one_reject(NFPROTO_IPV6, NFT_REJECT_ICMP_UNREACH, 1, "icmpv6", "admin-prohibited",
		   "reject with icmpv6 admin-prohibited");
	one_reject(NFPROTO_IPV6, NFT_REJECT_ICMP_UNREACH, 4, "icmpv6", "port-unreachable", "reject");
	one_reject(NFPROTO_IPV4, NFT_REJECT_TCP_RST, -1, "tcp reset", "", "reject with tcp reset");
	one_reject(NFPROTO_INET, NFT_REJECT_ICMPX_UNREACH, 2, "icmpx", "host-unreachable",
		   "reject with icmpx host-unreachable");
	one_reject(NFPROTO_BRIDGE, NFT_REJECT_ICMPX_UNREACH, 1, "icmpx", "port-unreachable", "reject");

	/* a type or code nft has no name for: the text says what it is and the rule is raw */
	rule_begin(NFPROTO_IPV4);
	reject(9, 0);
	CHECK_INT(rule_end(&r), 0);
	CHECK(r.verdict.kind == NST_FV_REJECT && r.raw);
	CHECK_STR(r.verdict.reject_type, "");
	CHECK_STR(r.text, "[reject type 9 code 0]");

	/* an icmp code with no byte is refused (MNL_TYPE_U8 wants one) */
	rule_begin(NFPROTO_IPV4);
	size_t d = expr_begin("reject");
	be32a(NFTA_REJECT_TYPE, NFT_REJECT_ICMP_UNREACH);
	attr(NFTA_REJECT_ICMP_CODE, NULL, 0);
	expr_end(d);
	CHECK_INT(rule_end(&r), -EBADMSG);

	/* queue num 3-4 bypass: u16 attributes in network order */
	rule_begin(NFPROTO_INET);
	d = expr_begin("queue");
	uint16_t num = htons(3), total = htons(2), flags = htons(NFT_QUEUE_FLAG_BYPASS);
	attr(NFTA_QUEUE_NUM, &num, 2);
	attr(NFTA_QUEUE_TOTAL, &total, 2);
	attr(NFTA_QUEUE_FLAGS, &flags, 2);
	expr_end(d);
	CHECK_INT(rule_end(&r), 0);
	CHECK(r.verdict.kind == NST_FV_QUEUE && r.verdict.queue_num == 3 && r.verdict.queue_total == 2);
	CHECK_INT(r.verdict.queue_flags, NFT_QUEUE_FLAG_BYPASS);
	CHECK_STR(r.text, "queue num 3-4 bypass");
	CHECK(!r.raw);

	/* a queue number from a register is not written as a number */
	rule_begin(NFPROTO_INET);
	d = expr_begin("queue");
	be32a(NFTA_QUEUE_SREG_QNUM, NFT_REG32_00);
	expr_end(d);
	CHECK_INT(rule_end(&r), 0);
	CHECK(r.verdict.kind == NST_FV_QUEUE && r.raw);
}

static void xt_comment(const char *text, size_t info_len)
{
	uint8_t info[300];
	uint32_t rev = 0;

	memset(info, 'x', sizeof(info));
	if (text) {
		memset(info, 0, sizeof(info));
		memcpy(info, text, strlen(text));
	}
	size_t d = expr_begin("match");
	str(NFTA_MATCH_NAME, "comment");
	attr(NFTA_MATCH_REV, &rev, 4);
	attr(NFTA_MATCH_INFO, info, info_len);
	expr_end(d);
}

static void test_comments(void)
{
	struct nst_fw_rule r;

	/* udata: another record first, then the comment (type 0), NUL-terminated */
	const uint8_t udata[] = { 5, 2, 'a', 'b', 0, 12, 'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', 0 };
	rule_begin(NFPROTO_BRIDGE);
	verdict(NF_DROP, NULL);
	nest_end(list_at);
	attr(NFTA_RULE_USERDATA, udata, sizeof(udata));
	struct be_nft_rule br;
	CHECK_INT(be_nft_parse_rule((struct nlmsghdr *)buf, &br), 0);
	be_nft_rule_fw(&br, &r);
	be_nft_rule_free(&br);
	CHECK(r.has_comment);
	CHECK_STR(r.comment, "hello world");
	CHECK_STR(r.family, "bridge");
	CHECK_STR(r.text, "drop");

	/* udata that does not tile: no comment, and the rule is still read */
	const uint8_t torn[] = { 0, 40, 'h', 'i', 0 };
	rule_begin(NFPROTO_IPV4);
	verdict(NF_ACCEPT, NULL);
	nest_end(list_at);
	attr(NFTA_RULE_USERDATA, torn, sizeof(torn));
	CHECK_INT(be_nft_parse_rule((struct nlmsghdr *)buf, &br), 0);
	be_nft_rule_fw(&br, &r);
	be_nft_rule_free(&br);
	CHECK(!r.has_comment);
	CHECK(r.verdict.kind == NST_FV_ACCEPT);

	/* iptables-nft's -m comment: struct xt_comment_info, 256 bytes; not in the text */
	rule_begin(NFPROTO_IPV4);
	xt_comment("hello", 256);
	counter(0, 0);
	verdict(NF_ACCEPT, NULL);
	CHECK_INT(rule_end(&r), 0);
	CHECK(r.has_comment);
	CHECK_STR(r.comment, "hello");
	CHECK_STR(r.text, "counter packets 0 bytes 0 accept");
	CHECK(!r.raw);

	/* a comment of 255 bytes is whole (more than an expression's 64 data bytes) */
	char longc[256];
	memset(longc, 'c', 255);
	longc[255] = '\0';
	rule_begin(NFPROTO_IPV4);
	xt_comment(longc, 256);
	CHECK_INT(rule_end(&r), 0);
	CHECK(r.has_comment && strlen(r.comment) == 255);

	/* no NUL within its 256 bytes: not a comment */
	rule_begin(NFPROTO_IPV4);
	xt_comment(NULL, 256);
	CHECK_INT(rule_end(&r), 0);
	CHECK(!r.has_comment);

	/* the model's own udata reader: none, found, and the bad cases */
	char out[NST_FW_COMMENT];
	const uint8_t none[] = { 1, 1, 'x' };
	const uint8_t nonul[] = { 0, 2, 'h', 'i' };
	const uint8_t empty[] = { 0, 1, 0 };
	CHECK_INT(nst_fw_udata_comment(none, sizeof(none), out, sizeof(out)), 0);
	CHECK_INT(nst_fw_udata_comment(nonul, sizeof(nonul), out, sizeof(out)), -1);
	CHECK_INT(nst_fw_udata_comment(empty, sizeof(empty), out, sizeof(out)), 1);
	CHECK_STR(out, "");
	CHECK_INT(nst_fw_udata_comment(udata, 1, out, sizeof(out)), -1);
	CHECK_INT(nst_fw_udata_comment(udata, sizeof(udata), out, 5), -1); /* does not fit whole */
}

static void test_chains_tables(void)
{
	struct be_nft_chain c;
	struct be_nft_table t;

	/* netdev ingress on one device, policy drop, its handle */
	msg(NFT_MSG_NEWCHAIN, NFPROTO_NETDEV);
	str(NFTA_CHAIN_TABLE, "tnd");
	str(NFTA_CHAIN_NAME, "ing");
	be64a(NFTA_CHAIN_HANDLE, 7);
	str(NFTA_CHAIN_TYPE, "filter");
	size_t hk = nest(NFTA_CHAIN_HOOK);
	be32a(NFTA_HOOK_HOOKNUM, NF_NETDEV_INGRESS);
	be32a(NFTA_HOOK_PRIORITY, (uint32_t)-500);
	str(NFTA_HOOK_DEV, "vx0");
	size_t devs = nest(NFTA_HOOK_DEVS);
	str(NFTA_DEVICE_NAME, "vx0");
	nest_end(devs);
	nest_end(hk);
	be32a(NFTA_CHAIN_POLICY, NF_DROP);
	CHECK_INT(be_nft_parse_chain((struct nlmsghdr *)buf, &c), 0);
	CHECK(c.has_hook && c.hook == NF_NETDEV_INGRESS && c.prio == -500);
	CHECK(c.has_policy && c.policy == NF_DROP);
	CHECK_INT(c.handle, 7);
	CHECK_STR(c.device, "vx0");
	CHECK_INT(c.n_devices, 1);
	CHECK_STR(nst_fw_hook_name("netdev", c.hook), "ingress");
	/* a policy of two bytes is refused whole */
	attr(NFTA_CHAIN_POLICY, "\x00\x01", 2);
	CHECK_INT(be_nft_parse_chain((struct nlmsghdr *)buf, &c), -EBADMSG);

	/* two devices, no NFTA_HOOK_DEV: no one device to name */
	msg(NFT_MSG_NEWCHAIN, NFPROTO_NETDEV);
	str(NFTA_CHAIN_TABLE, "tnd");
	str(NFTA_CHAIN_NAME, "ing2");
	hk = nest(NFTA_CHAIN_HOOK);
	be32a(NFTA_HOOK_HOOKNUM, NF_NETDEV_INGRESS);
	be32a(NFTA_HOOK_PRIORITY, 0);
	devs = nest(NFTA_HOOK_DEVS);
	str(NFTA_DEVICE_NAME, "a0");
	str(NFTA_DEVICE_NAME, "b0");
	nest_end(devs);
	nest_end(hk);
	CHECK_INT(be_nft_parse_chain((struct nlmsghdr *)buf, &c), 0);
	CHECK_STR(c.device, "");
	CHECK_INT(c.n_devices, 2);
	CHECK(!c.has_policy);

	/* a device name longer than IFNAMSIZ is no device: refused, not cut */
	msg(NFT_MSG_NEWCHAIN, NFPROTO_NETDEV);
	str(NFTA_CHAIN_TABLE, "tnd");
	str(NFTA_CHAIN_NAME, "ing3");
	hk = nest(NFTA_CHAIN_HOOK);
	be32a(NFTA_HOOK_HOOKNUM, NF_NETDEV_INGRESS);
	str(NFTA_HOOK_DEV, "abcdefghijklmnopq");
	nest_end(hk);
	CHECK_INT(be_nft_parse_chain((struct nlmsghdr *)buf, &c), -EBADMSG);

	/* a regular chain: no hook */
	msg(NFT_MSG_NEWCHAIN, NFPROTO_IPV4);
	str(NFTA_CHAIN_TABLE, "filter");
	str(NFTA_CHAIN_NAME, "DOCKER-USER");
	be64a(NFTA_CHAIN_HANDLE, 2);
	CHECK_INT(be_nft_parse_chain((struct nlmsghdr *)buf, &c), 0);
	CHECK(!c.has_hook && !c.has_policy);

	msg(NFT_MSG_NEWTABLE, NFPROTO_ARP);
	str(NFTA_TABLE_NAME, "tarp");
	be64a(NFTA_TABLE_HANDLE, 5);
	be32a(NFTA_TABLE_FLAGS, 0);
	CHECK_INT(be_nft_parse_table((struct nlmsghdr *)buf, &t), 0);
	CHECK_STR(t.name, "tarp");
	CHECK_INT(t.handle, 5);
	CHECK_STR(be_nft_family_name(t.family), "arp");
	/* no name, or a handle of four bytes: refused */
	msg(NFT_MSG_NEWTABLE, NFPROTO_ARP);
	be64a(NFTA_TABLE_HANDLE, 5);
	CHECK_INT(be_nft_parse_table((struct nlmsghdr *)buf, &t), -EBADMSG);
	msg(NFT_MSG_NEWTABLE, NFPROTO_ARP);
	str(NFTA_TABLE_NAME, "tarp");
	be32a(NFTA_TABLE_HANDLE, 5);
	CHECK_INT(be_nft_parse_table((struct nlmsghdr *)buf, &t), -EBADMSG);

	/* the generation read around the three dumps */
	uint32_t id = 0;
	msg(NFT_MSG_NEWGEN, NFPROTO_UNSPEC);
	be32a(NFTA_GEN_ID, 77);
	be32a(NFTA_GEN_PROC_PID, 1);
	str(NFTA_GEN_PROC_NAME, "nft");
	CHECK_INT(be_nft_parse_gen((struct nlmsghdr *)buf, &id), 0);
	CHECK_INT(id, 77);
	msg(NFT_MSG_NEWGEN, NFPROTO_UNSPEC);
	attr(NFTA_GEN_ID, "\x01\x02", 2);
	CHECK_INT(be_nft_parse_gen((struct nlmsghdr *)buf, &id), -EBADMSG);
	msg(NFT_MSG_NEWGEN, NFPROTO_UNSPEC);
	CHECK_INT(be_nft_parse_gen((struct nlmsghdr *)buf, &id), -EBADMSG);
	msg(NFT_MSG_NEWTABLE, NFPROTO_UNSPEC);
	be32a(NFTA_GEN_ID, 77);
	CHECK_INT(be_nft_parse_gen((struct nlmsghdr *)buf, &id), -EBADMSG);

	/* hooks as nft names them per family */
	CHECK_STR(nst_fw_hook_name("arp", 1), "output");
	CHECK_STR(nst_fw_hook_name("bridge", 2), "forward");
	CHECK_STR(nst_fw_hook_name("inet", 5), "ingress");
	CHECK(nst_fw_hook_name("ip", 5) == NULL);
	CHECK(nst_fw_hook_name("netdev", 2) == NULL);
}

/* The ruleset's storage: a copy is whole and apart, a move leaves the source empty. */
static void test_storage(void)
{
	struct nst_fw_ruleset a = { 0 }, b = { 0 }, c = { 0 };

	for (int i = 0; i < 40; i++) {
		nst_fw_add_rule(&a)->handle = (uint64_t)i;
	}
	snprintf(nst_fw_add_table(&a)->name, NST_NFT_NAMELEN, "t");
	nst_fw_add_chain(&a)->handle = 9;
	nst_fw_copy(&b, &a);
	CHECK(b.n_rules == 40 && b.rules != a.rules && b.rules[39].handle == 39);
	CHECK(b.n_tables == 1 && b.n_chains == 1 && b.chains[0].handle == 9);
	nst_fw_move(&c, &a);
	CHECK(a.n_rules == 0 && a.rules == NULL && c.n_rules == 40);
	nst_fw_copy(&c, &a); /* copying an empty one empties */
	CHECK(c.n_rules == 0 && c.rules == NULL);
	nst_fw_clear(&b);
	nst_fw_clear(&c);
	CHECK(b.rules == NULL && b.n_tables == 0);
}

/* The JSON firewall object: a regular chain's hook fields null, a rule's verdict, counter, comment. */
static void test_json(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *ns = nst_model_add_ns(m, "/", NST_NS_SELF, (struct nst_ns_id){ 4, 1 });
	char *s = NULL;
	size_t n = 0;

	struct nst_fw_table *t = nst_fw_add_table(&ns->fw);
	snprintf(t->family, sizeof(t->family), "ip");
	snprintf(t->name, sizeof(t->name), "filter");
	t->handle = 7;
	struct nst_fw_chain *c = nst_fw_add_chain(&ns->fw);
	snprintf(c->family, sizeof(c->family), "ip");
	snprintf(c->table, sizeof(c->table), "filter");
	snprintf(c->name, sizeof(c->name), "FORWARD");
	c->handle = 1;
	c->base = true;
	snprintf(c->type, sizeof(c->type), "filter");
	snprintf(c->hook, sizeof(c->hook), "forward");
	c->priority = -5;
	c->has_policy = true;
	c = nst_fw_add_chain(&ns->fw);
	snprintf(c->family, sizeof(c->family), "ip");
	snprintf(c->table, sizeof(c->table), "filter");
	snprintf(c->name, sizeof(c->name), "DOCKER-USER");
	c->handle = 2;
	struct nst_fw_rule *r = nst_fw_add_rule(&ns->fw);
	snprintf(r->family, sizeof(r->family), "ip");
	snprintf(r->table, sizeof(r->table), "filter");
	snprintf(r->chain, sizeof(r->chain), "FORWARD");
	r->handle = 3;
	r->verdict.kind = NST_FV_JUMP;
	snprintf(r->verdict.target, sizeof(r->verdict.target), "DOCKER-USER");
	r->has_counter = true;
	r->packets = 2;
	r->bytes = 80;
	r->has_comment = true;
	snprintf(r->comment, sizeof(r->comment), "say \"hi\"");
	snprintf(r->text, sizeof(r->text), "counter packets 2 bytes 80 jump DOCKER-USER");
	r = nst_fw_add_rule(&ns->fw);
	snprintf(r->family, sizeof(r->family), "ip");
	r->verdict.kind = NST_FV_REJECT;
	snprintf(r->verdict.reject_type, sizeof(r->verdict.reject_type), "tcp reset");
	r->raw = true;
	snprintf(r->raw_why, sizeof(r->raw_why), "why");

	FILE *f = open_memstream(&s, &n);
	nst_render_json(m, NULL, f);
	fclose(f);
	CHECK(strstr(s, "\"firewall\":{\"tables\":[{\"family\":\"ip\",\"name\":\"filter\",\"handle\":7}],"
			"\"chains\":[{\"family\":\"ip\",\"table\":\"filter\",\"name\":\"FORWARD\",\"handle\":1,"
			"\"type\":\"filter\",\"hook\":\"forward\",\"priority\":-5,\"policy\":\"drop\",\"device\":null},"
			"{\"family\":\"ip\",\"table\":\"filter\",\"name\":\"DOCKER-USER\",\"handle\":2,\"type\":null,"
			"\"hook\":null,\"priority\":null,\"policy\":null,\"device\":null}],"
			"\"rules\":[{\"family\":\"ip\",\"table\":\"filter\",\"chain\":\"FORWARD\",\"handle\":3,"
			"\"text\":\"counter packets 2 bytes 80 jump DOCKER-USER\","
			"\"verdict\":{\"kind\":\"jump\",\"target\":\"DOCKER-USER\"},"
			"\"counter\":{\"packets\":2,\"bytes\":80},\"comment\":\"say \\\"hi\\\"\",\"raw\":false},"
			"{\"family\":\"ip\",\"table\":\"\",\"chain\":\"\",\"handle\":0,\"text\":\"\","
			"\"verdict\":{\"kind\":\"reject\",\"type\":\"tcp reset\",\"code\":null},"
			"\"counter\":null,\"comment\":null,\"raw\":true,\"raw_reason\":\"why\"}],\"sets\":[],"
		      "\"hooks\":[{\"family_class\":\"inet\",\"hook\":\"forward\",\"device\":null,"
		      "\"chains\":[{\"family\":\"ip\",\"table\":\"filter\",\"name\":\"FORWARD\",\"priority\":-5}]}]}") != NULL);
	free(s);
	nst_model_destroy(m);
}

/* What a kernel dumped for firewall_rules.nft and the Docker-like iptables-nft rules. */
static void test_captured(void)
{
	const char *dir = getenv("UNIT_FIXTURE_DIR");
	DIR *d = opendir(dir ? dir : ".");
	struct dirent *e;
	size_t rules = 0, chains = 0, tables = 0, refused = 0;
	unsigned kinds = 0, families = 0;
	bool hello = false, hello_world = false, ingress_vx0 = false, forward_drop = false;

	CHECK(d != NULL);
	while (d && (e = readdir(d))) {
		char path[1024];
		if (strncmp(e->d_name, "fw-", 3) != 0) {
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
		if (f) {
			fclose(f);
		}
		const struct nlmsghdr *h = (const void *)buf;
		if (!be_nlmsg_ok(h, n)) {
			refused++;
			continue;
		}
		if (strncmp(e->d_name, "fw-rule", 7) == 0) {
			struct be_nft_rule br;
			struct nst_fw_rule r;
			rules++;
			if (be_nft_parse_rule(h, &br) < 0) {
				refused++;
				continue;
			}
			be_nft_rule_fw(&br, &r);
			be_nft_rule_free(&br);
			kinds |= 1u << r.verdict.kind;
			hello |= r.has_comment && strcmp(r.comment, "hello") == 0 && strcmp(r.chain, "FORWARD") == 0;
			hello_world |= r.has_comment && strcmp(r.comment, "hello world") == 0;
			CHECK(r.text[0] != '\0');
		} else if (strncmp(e->d_name, "fw-chain", 8) == 0) {
			struct be_nft_chain c;
			chains++;
			if (be_nft_parse_chain(h, &c) < 0) {
				refused++;
				continue;
			}
			ingress_vx0 |= c.family == NFPROTO_NETDEV && strcmp(c.device, "vx0") == 0;
			forward_drop |= strcmp(c.name, "FORWARD") == 0 && c.has_policy && c.policy == NF_DROP;
		} else {
			struct be_nft_table t;
			tables++;
			if (be_nft_parse_table(h, &t) < 0) {
				refused++;
				continue;
			}
			families |= 1u << t.family;
		}
	}
	if (d) {
		closedir(d);
	}
	CHECK(rules >= 15 && chains >= 10 && tables >= 6);
	CHECK_INT(refused, 0);
	CHECK(hello && hello_world && ingress_vx0 && forward_drop);
	const unsigned want = 1u << NST_FV_ACCEPT | 1u << NST_FV_DROP | 1u << NST_FV_REJECT | 1u << NST_FV_JUMP |
			      1u << NST_FV_GOTO | 1u << NST_FV_RETURN | 1u << NST_FV_CONTINUE | 1u << NST_FV_XT |
			      1u << NST_FV_NONE;
	CHECK_INT(kinds & want, want);
	const unsigned fams = 1u << NFPROTO_IPV4 | 1u << NFPROTO_IPV6 | 1u << NFPROTO_INET | 1u << NFPROTO_BRIDGE |
			      1u << NFPROTO_ARP | 1u << NFPROTO_NETDEV;
	CHECK_INT(families, fams);
}

UNIT_MAIN(test_verdicts, test_reject_queue, test_comments, test_chains_tables, test_storage, test_json, test_captured)
