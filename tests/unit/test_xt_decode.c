/* SPDX-License-Identifier: MIT */
/*
 * The xt match decoder (decode_xt.c): real iptables-nft rule messages
 * (nat_fixtures/xt.tsv: nft 1.0.6's listing of each, TAB, the message in hex,
 * made by make_xt_tsv.py from xt_rules.sh), then the layouts iptables 1.8.9
 * no longer writes (xt mark, ipset's set, conntrack rev 1 and 2, addrtype
 * rev 0, multiport rev 0) built from the kernel's own uapi structs, and every
 * size, flag and revision that must keep a rule raw. No root.
 */
#include <arpa/inet.h>
#include <linux/netfilter/xt_addrtype.h>
#include <linux/netfilter/xt_LOG.h>
#include <linux/netfilter/xt_connmark.h>
#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter/xt_iprange.h>
#include <linux/netfilter/xt_owner.h>
#include <linux/netfilter/xt_mark.h>
#include <linux/netfilter/xt_multiport.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <linux/netfilter/xt_physdev.h>
#include <linux/netfilter/xt_set.h>
#include <linux/netfilter/xt_statistic.h>
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"
#include "be_nlmsg.h"
#include "unit.h"

static size_t unhex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;

	while (s[0] && s[1] && s[0] != '\n' && n < max) {
		unsigned v;
		if (sscanf(s, "%2x", &v) != 1) {
			break;
		}
		out[n++] = (unsigned char)v;
		s += 2;
	}
	return n;
}

static void test_captured(void)
{
	const char *dir = getenv("UNIT_FIXTURE_DIR");
	char path[1024], *line = NULL;
	size_t cap = 0, checked = 0, states = 0;

	snprintf(path, sizeof(path), "%s/xt.tsv", dir ? dir : ".");
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f) {
		return;
	}
	while (getline(&line, &cap, f) > 0) {
		char *tab = strchr(line, '\t');
		if (!tab) {
			continue;
		}
		*tab = '\0';
		static unsigned char msg[8192] __attribute__((aligned(8)));
		size_t n = unhex(tab + 1, msg, sizeof(msg));
		struct be_nft_rule br;
		static struct nst_fw_rule fr;

		CHECK(n >= 16);
		CHECK_INT(be_nft_parse_rule((const struct nlmsghdr *)msg, &br), 0);
		be_nft_rule_fw(&br, &fr);
		be_nft_rule_free(&br);
		CHECK_STR(fr.text, line);
		/* physdev alone has no nft words: raw; everything else decoded whole */
		CHECK_INT(fr.raw, strncmp(line, "xt physdev", 10) == 0);
		const struct nst_nat_match *m = &fr.match;
		if (strncmp(line, "ct state ", 9) == 0 && !strstr(line, "expiration")) {
			/* a bare state: the record's field, nothing the evaluator cannot judge */
			CHECK(m->ct_state[0] != '\0');
			CHECK(!m->other);
			states++;
		} else if (strstr(line, "tcp dport 8080") || strstr(line, "tcp dport 80-90")) {
			/* one port or range: the record's field */
			CHECK_STR(m->dport, strstr(line, "8080") ? "8080" : "80-90");
			CHECK(!m->other);
		} else if (strcmp(line, "counter packets 0 bytes 0 accept") == 0) {
			CHECK(fr.has_comment);
			CHECK_STR(fr.comment, "hello");
			CHECK(!m->other);
		} else if (strstr(line, "mark set") || strstr(line, "reject") || strncmp(line, "counter packets 0 bytes 0 log", 29) == 0) {
			/* MARK, CONNMARK, LOG and REJECT are statements: no condition beyond -p */
			CHECK(!m->other);
			CHECK(strstr(fr.cond, "mark") == NULL && strstr(fr.cond, "reject") == NULL && strstr(fr.cond, "log") == NULL);
		} else {
			CHECK(m->other);
			if (!m->other) {
				fprintf(stderr, "  rule: %s\n", line);
			}
		}
		if (strncmp(line, "ct state related,established ", 29) == 0) {
			CHECK_STR(m->ct_state, "related,established");
		}
		if (strncmp(line, "ct state ! invalid ", 19) == 0) {
			CHECK_STR(m->ct_state, "!= invalid");
		}
		checked++;
	}
	free(line);
	fclose(f);
	CHECK(checked >= 66);
	CHECK(states >= 4);
}

/* One xt match (then accept) in family fam, decoded as a rule of any chain. */
static void decode(const char *name, uint32_t rev, const void *info, uint32_t len, const char *fam,
		   struct nst_fw_rule *out)
{
	struct nst_expr e[2];

	memset(e, 0, sizeof(e));
	e[0].kind = NST_E_MATCH;
	snprintf(e[0].name, sizeof(e[0].name), "%s", name);
	e[0].rev = rev;
	e[0].info = info;
	e[0].info_len = len;
	e[1].kind = NST_E_IMMEDIATE;
	e[1].has_verdict = true;
	e[1].verdict_code = 1;
	memset(out, 0, sizeof(*out));
	nst_fw_rule_decode(e, 2, fam, out);
}

#define XT_SIZE(s) ((uint32_t)((sizeof(s) + 7) & ~(size_t)7))

/* `-m tcp` / `-m udp` (kube-proxy writes a bare `-m tcp`): ports as fields, the whole range no condition. */
static void test_tcpudp(void)
{
	static uint8_t buf[64] __attribute__((aligned(8)));
	struct nst_fw_rule r;
	struct xt_tcp t = { .spts = { 0, 0xffff }, .dpts = { 0, 0xffff } };
	struct xt_udp u = { .spts = { 1000, 2000 }, .dpts = { 53, 53 }, .invflags = XT_UDP_INV_DSTPT };

	memcpy(buf, &t, sizeof(t));
	decode("tcp", 0, buf, XT_SIZE(t), "ip", &r);
	CHECK_STR(r.text, "accept");
	CHECK(!r.raw && !r.match.other);
	t.dpts[0] = t.dpts[1] = 8080;
	memcpy(buf, &t, sizeof(t));
	decode("tcp", 0, buf, XT_SIZE(t), "ip", &r);
	CHECK_STR(r.text, "tcp dport 8080 accept");
	CHECK_STR(r.match.dport, "8080");
	CHECK(!r.raw && !r.match.other);
	memcpy(buf, &u, sizeof(u));
	decode("udp", 0, buf, XT_SIZE(u), "ip", &r);
	CHECK_STR(r.text, "udp sport 1000-2000 udp dport != 53 accept");
	CHECK_STR(r.match.sport, "1000-2000");
	CHECK_STR(r.match.dport, "!= 53");
	/* flags (--syn) stay raw; so does a size that is not the struct's */
	t.flg_mask = 0x17;
	t.flg_cmp = 0x02;
	memcpy(buf, &t, sizeof(t));
	decode("tcp", 0, buf, XT_SIZE(t), "ip", &r);
	CHECK(r.raw && r.match.other);
	decode("tcp", 0, buf, 4, "ip", &r);
	CHECK(r.raw && r.match.other);
	decode("tcp", 1, buf, XT_SIZE(t), "ip", &r);
	CHECK(r.raw);
}

/* iptables-nft's native -m mark: as nft lists it (== with a mask), a rule's text not raw; a NAT record keeps it raw. */
static void test_native_mark(void)
{
	struct nst_fw_rule r;
	struct nst_nat_rule nr;
	uint32_t mask = 0x4000, val = 0x4000;
	struct nst_expr e[4];

	memset(e, 0, sizeof(e));
	e[0].kind = NST_E_META;
	e[0].key = 3; /* NFT_META_MARK */
	e[0].dreg = 1;
	e[1].kind = NST_E_BITWISE;
	e[1].sreg = e[1].dreg = 1;
	memcpy(e[1].data, &mask, 4);
	e[1].data_len = 4;
	e[1].data2_len = 4; /* xor 0 */
	e[2].kind = NST_E_CMP;
	e[2].sreg = 1;
	memcpy(e[2].data, &val, 4);
	e[2].data_len = 4;
	e[3].kind = NST_E_IMMEDIATE;
	e[3].has_verdict = true;
	e[3].verdict_code = 1;
	memset(&r, 0, sizeof(r));
	nst_fw_rule_decode(e, 4, "ip", &r);
	CHECK_STR(r.text, "meta mark & 0x00004000 == 0x00004000 accept");
	CHECK(!r.raw && r.match.other);
	e[2].op = 1; /* != */
	nst_fw_rule_decode(e, 4, "ip", &r);
	CHECK_STR(r.text, "meta mark & 0x00004000 != 0x00004000 accept");
	memset(&nr, 0, sizeof(nr));
	nst_nat_decode(e, 3, "ip", &nr);
	CHECK(nr.raw);
}

static void test_mark(void)
{
	struct xt_mark_mtinfo1 mk = { .mark = 1, .mask = 0xffffffff, .invert = 0 };
	unsigned char buf[16] = { 0 };
	struct nst_fw_rule r;

	memcpy(buf, &mk, sizeof(mk));
	decode("mark", 1, buf, XT_SIZE(mk), "ip", &r);
	CHECK_STR(r.text, "meta mark 0x00000001 accept");
	CHECK(!r.raw && r.match.other);
	mk = (struct xt_mark_mtinfo1){ .mark = 0x1, .mask = 0xff, .invert = 1 };
	memcpy(buf, &mk, sizeof(mk));
	decode("mark", 1, buf, XT_SIZE(mk), "ip", &r);
	CHECK_STR(r.text, "meta mark & 0x000000ff != 0x00000001 accept");
	mk.invert = 0;
	memcpy(buf, &mk, sizeof(mk));
	decode("mark", 1, buf, XT_SIZE(mk), "ip", &r);
	CHECK_STR(r.text, "meta mark & 0x000000ff == 0x00000001 accept");
	/* rev 0 holds unsigned longs; a short info is another layout */
	decode("mark", 0, buf, 16, "ip", &r);
	CHECK(r.raw && r.match.other);
	decode("mark", 1, buf, 8, "ip", &r);
	CHECK(r.raw && strstr(r.text, "[8 bytes]") != NULL);
	decode("mark", 1, buf, 24, "ip", &r);
	CHECK(r.raw);
	decode("mark", 1, NULL, 0, "ip", &r);
	CHECK(r.raw);
}

static void test_set(void)
{
	/* iptables' parse_dirs: dimension i (from 1) is a source when flags bit i is set; bit 0 inverts */
	struct xt_set_info_match_v1 v1 = { .match_set = { .index = 3, .dim = 1, .flags = IPSET_DIM_ONE_SRC } };
	struct xt_set_info_match_v4 v4;
	struct xt_set_info_match_v0 v0;
	unsigned char buf[64] = { 0 };
	struct nst_fw_rule r;

	memcpy(buf, &v1, sizeof(v1));
	decode("set", 1, buf, XT_SIZE(v1), "ip", &r);
	CHECK_STR(r.text, "xt set #3 src accept");
	CHECK(r.raw && r.match.other);
	CHECK_STR(r.raw_why, "an ipset match: nft has no words for it");
	v1.match_set.flags = IPSET_INV_MATCH | IPSET_RETURN_NOMATCH; /* dst, inverted */
	memcpy(buf, &v1, sizeof(v1));
	decode("set", 2, buf, XT_SIZE(v1), "ip6", &r);
	CHECK_STR(r.text, "xt set ! #3 dst return-nomatch accept");
	memset(&v4, 0, sizeof(v4));
	v4.match_set = (struct xt_set_info){ .index = 7, .dim = 2, .flags = 1 << 2 }; /* dst,src */
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &v4, sizeof(v4));
	decode("set", 4, buf, XT_SIZE(v4), "ip", &r);
	CHECK_STR(r.text, "xt set #7 dst,src accept");
	v4.flags = IPSET_FLAG_SKIP_COUNTER_UPDATE; /* said */
	memcpy(buf, &v4, sizeof(v4));
	decode("set", 3, buf, XT_SIZE(v4), "ip", &r);
	CHECK_STR(r.text, "xt set #7 dst,src [set flags 0x8] accept");
	memset(&v0, 0, sizeof(v0));
	v0.match_set.index = 2;
	v0.match_set.u.compat.dim = 1;
	v0.match_set.u.flags[0] = IPSET_SRC | IPSET_MATCH_INV;
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &v0, sizeof(v0));
	decode("set", 0, buf, XT_SIZE(v0), "ip", &r);
	CHECK_STR(r.text, "xt set ! #2 src accept");
	buf[28] = 9; /* dim past IPSET_DIM_MAX */
	decode("set", 0, buf, XT_SIZE(v0), "ip", &r);
	CHECK(strstr(r.text, "dim 9") != NULL && r.raw);
	decode("set", 5, buf, 48, "ip", &r);
	CHECK(r.raw && strstr(r.text, "rev 5"));
}

static void test_conntrack_old(void)
{
	struct xt_conntrack_mtinfo1 c1;
	struct xt_conntrack_mtinfo2 c2;
	static unsigned char buf[200];
	struct nst_fw_rule r;

	memset(&c1, 0, sizeof(c1));
	c1.match_flags = XT_CONNTRACK_STATE | XT_CONNTRACK_ORIGDST_PORT;
	c1.state_mask = XT_CONNTRACK_STATE_BIT(IP_CT_NEW);
	c1.origdst_port = htons(8080);
	memcpy(buf, &c1, sizeof(c1));
	decode("conntrack", 1, buf, XT_SIZE(c1), "ip", &r);
	CHECK_STR(r.text, "ct state new ct original proto-dst 8080 accept");
	CHECK(!r.raw && r.match.other);
	CHECK_STR(r.match.ct_state, "new");
	memset(&c2, 0, sizeof(c2));
	c2.match_flags = XT_CONNTRACK_STATE | XT_CONNTRACK_ORIGSRC;
	c2.state_mask = XT_CONNTRACK_STATE_UNTRACKED;
	memset(c2.origsrc_addr.ip6, 0, 16);
	c2.origsrc_addr.ip6[0] = htonl(0xfd000000);
	memset(c2.origsrc_mask.ip6, 0xff, 8);
	memcpy(buf, &c2, sizeof(c2));
	decode("conntrack", 2, buf, XT_SIZE(c2), "ip6", &r);
	CHECK_STR(r.text, "ct state untracked ct original saddr fd00::/64 accept");
	/* a mask that is not a prefix; NEW or DNAT; an unknown state bit; an unknown flag */
	c2.origsrc_mask.ip6[0] = htonl(0xff00ff00);
	memcpy(buf, &c2, sizeof(c2));
	decode("conntrack", 2, buf, XT_SIZE(c2), "ip6", &r);
	CHECK(r.raw);
	memset(&c2, 0, sizeof(c2));
	c2.match_flags = XT_CONNTRACK_STATE;
	c2.state_mask = XT_CONNTRACK_STATE_BIT(IP_CT_NEW) | XT_CONNTRACK_STATE_DNAT;
	memcpy(buf, &c2, sizeof(c2));
	decode("conntrack", 2, buf, XT_SIZE(c2), "ip", &r);
	CHECK(r.raw && r.match.other && !r.match.ct_state[0]);
	c2.state_mask = 0x200;
	memcpy(buf, &c2, sizeof(c2));
	decode("conntrack", 2, buf, XT_SIZE(c2), "ip", &r);
	CHECK(r.raw && r.match.other);
	c2.match_flags = 0x4000;
	memcpy(buf, &c2, sizeof(c2));
	decode("conntrack", 2, buf, XT_SIZE(c2), "ip", &r);
	CHECK(r.raw);
	c2.match_flags = XT_CONNTRACK_STATUS;
	c2.status_mask = 0x10;
	memcpy(buf, &c2, sizeof(c2));
	decode("conntrack", 2, buf, XT_SIZE(c2), "ip", &r);
	CHECK(r.raw);
	/* rev 2's size is not rev 3's, nor rev 1's */
	decode("conntrack", 3, buf, XT_SIZE(c2), "ip", &r);
	CHECK(r.raw && strstr(r.text, "[160 bytes]"));
	decode("conntrack", 1, buf, XT_SIZE(c2), "ip", &r);
	CHECK(r.raw);
	decode("conntrack", 4, buf, 168, "ip", &r);
	CHECK(r.raw);
}

static void test_others(void)
{
	struct xt_addrtype_info a0 = { .source = 0, .dest = XT_ADDRTYPE_LOCAL, .invert_source = 0, .invert_dest = 1 };
	struct xt_addrtype_info_v1 a1 = { .source = XT_ADDRTYPE_THROW, .dest = 0, .flags = 0 };
	struct xt_multiport mp = { .flags = XT_MULTIPORT_DESTINATION, .count = 2, .ports = { 22, 80 } };
	struct xt_statistic_info st;
	struct xt_physdev_info pd;
	static unsigned char buf[200];
	struct nst_fw_rule r;

	memcpy(buf, &a0, sizeof(a0));
	decode("addrtype", 0, buf, XT_SIZE(a0), "ip", &r);
	CHECK_STR(r.text, "fib daddr type != local accept");
	CHECK(!r.raw && r.match.other);
	memcpy(buf, &a1, sizeof(a1));
	decode("addrtype", 1, buf, XT_SIZE(a1), "ip", &r);
	CHECK(r.raw); /* nft has no fib type throw */
	a1 = (struct xt_addrtype_info_v1){ .source = XT_ADDRTYPE_LOCAL, .dest = XT_ADDRTYPE_LOCAL,
					   .flags = XT_ADDRTYPE_INVERT_SOURCE };
	memcpy(buf, &a1, sizeof(a1));
	decode("addrtype", 1, buf, XT_SIZE(a1), "ip", &r);
	/* iptables-translate 1.8.9 drops the second: nstop says both */
	CHECK_STR(r.text, "fib saddr type != local fib daddr type local accept");
	a1.flags = XT_ADDRTYPE_LIMIT_IFACE_IN | XT_ADDRTYPE_LIMIT_IFACE_OUT;
	memcpy(buf, &a1, sizeof(a1));
	decode("addrtype", 1, buf, XT_SIZE(a1), "ip", &r);
	CHECK(r.raw);
	decode("addrtype", 2, buf, 8, "ip", &r);
	CHECK(r.raw);

	/* multiport rev 0 after `meta l4proto tcp` */
	struct nst_expr e[4];
	memset(e, 0, sizeof(e));
	e[0].kind = NST_E_META;
	e[0].key = 16; /* NFT_META_L4PROTO */
	e[0].dreg = 1;
	e[1].kind = NST_E_CMP;
	e[1].sreg = 1;
	e[1].data[0] = 6;
	e[1].data_len = 1;
	e[2].kind = NST_E_MATCH;
	snprintf(e[2].name, sizeof(e[2].name), "multiport");
	memcpy(buf, &mp, sizeof(mp));
	e[2].info = buf;
	e[2].info_len = XT_SIZE(mp);
	memset(&r, 0, sizeof(r));
	nst_fw_rule_decode(e, 3, "ip", &r);
	CHECK_STR(r.text, "meta l4proto tcp tcp dport { 22, 80 }");
	CHECK(!r.raw && r.match.other);
	CHECK_STR(r.match.proto, "tcp");
	/* without a protocol nft has no words for the ports */
	decode("multiport", 0, buf, XT_SIZE(mp), "ip", &r);
	CHECK(r.raw);
	buf[1] = 16; /* count past XT_MULTI_PORTS */
	e[2].info_len = XT_SIZE(mp);
	nst_fw_rule_decode(e, 3, "ip", &r);
	CHECK(r.raw);

	memset(&st, 0, sizeof(st));
	st.mode = 2;
	memcpy(buf, &st, sizeof(st));
	decode("statistic", 0, buf, XT_SIZE(st), "ip", &r);
	CHECK(r.raw && r.match.other);
	st.mode = XT_STATISTIC_MODE_NTH;
	st.flags = 2;
	memcpy(buf, &st, sizeof(st));
	decode("statistic", 0, buf, XT_SIZE(st), "ip", &r);
	CHECK(r.raw);
	st.flags = 0;
	st.u.nth.every = 0xffffffff;
	memcpy(buf, &st, sizeof(st));
	decode("statistic", 0, buf, XT_SIZE(st), "ip", &r);
	CHECK(r.raw);
	decode("statistic", 0, buf, 16, "ip", &r);
	CHECK(r.raw);

	memset(&pd, 0, sizeof(pd));
	memset(pd.physindev, 'a', sizeof(pd.physindev)); /* no NUL within IFNAMSIZ */
	pd.bitmask = XT_PHYSDEV_OP_IN;
	memcpy(buf, &pd, sizeof(pd));
	decode("physdev", 0, buf, XT_SIZE(pd), "ip", &r);
	CHECK(r.raw && strstr(r.text, "aaaa") == NULL);
	memset(&pd, 0, sizeof(pd));
	pd.bitmask = 0x20;
	memcpy(buf, &pd, sizeof(pd));
	decode("physdev", 0, buf, XT_SIZE(pd), "ip", &r);
	CHECK(r.raw);

	/* the old state match: ~mask for `!`, untracked at bit 4 */
	uint32_t sm = 2 | 4;
	memcpy(buf, &sm, 4);
	decode("state", 0, buf, 8, "ip", &r);
	CHECK_STR(r.text, "ct state related,established accept");
	CHECK_STR(r.match.ct_state, "related,established");
	CHECK(!r.raw && !r.match.other);
	sm = ~(uint32_t)(8 | 16);
	memcpy(buf, &sm, 4);
	decode("state", 0, buf, 8, "ip", &r);
	CHECK_STR(r.text, "ct state ! new,untracked accept");
	CHECK_STR(r.match.ct_state, "!= new,untracked");
	sm = 0x100;
	memcpy(buf, &sm, 4);
	decode("state", 0, buf, 8, "ip", &r);
	CHECK(r.raw && r.match.other);

	decode("hashlimit", 3, buf, 64, "ip", &r);
	CHECK_STR(r.text, "xt match \"hashlimit\" accept");
	CHECK(r.raw && r.match.other);
}

/* REJECT in ip6 (ip6t_reject_info's numbering), MARK of another size, an icmp code */
static void test_targets(void)
{
	uint32_t with = 1; /* IP6T_ICMP6_ADM_PROHIBITED */
	struct nst_expr e;
	struct nst_nat_rule r;
	unsigned char buf[16] = { 0 };

	memset(&e, 0, sizeof(e));
	e.kind = NST_E_TARGET;
	snprintf(e.name, sizeof(e.name), "REJECT");
	memcpy(buf, &with, 4);
	e.info = buf;
	e.info_len = 8;
	memset(&r, 0, sizeof(r));
	nst_rule_text_decode(&e, 1, "ip6", &r);
	CHECK_STR(r.summary, "reject with icmpv6 type admin-prohibited");
	with = 4; /* port-unreachable: nft's plain reject */
	memcpy(buf, &with, 4);
	nst_rule_text_decode(&e, 1, "ip6", &r);
	CHECK_STR(r.summary, "reject");
	CHECK(!r.raw);
	with = 4; /* in ip: IPT_ICMP_ECHOREPLY, no nft words */
	nst_rule_text_decode(&e, 1, "ip", &r);
	CHECK(r.raw);
	with = 99;
	memcpy(buf, &with, 4);
	nst_rule_text_decode(&e, 1, "ip", &r);
	CHECK(r.raw);
	snprintf(e.name, sizeof(e.name), "MARK");
	e.rev = 1; /* xt_mark_tginfo1 is another struct */
	nst_rule_text_decode(&e, 1, "ip", &r);
	CHECK(r.raw);
	e.rev = 2;
	e.info_len = 16;
	nst_rule_text_decode(&e, 1, "ip", &r);
	CHECK(r.raw);
	/* --icmp-type 3/4: a code nft's icmp type cannot say */
	struct nst_fw_rule fr;
	unsigned char icmp[8] = { 3, 4, 4, 0 };
	decode("icmp", 0, icmp, 8, "ip", &fr);
	CHECK(fr.raw && fr.match.other);
	icmp[1] = 0;
	icmp[2] = 0xff;
	icmp[3] = 1;
	decode("icmp", 0, icmp, 8, "ip", &fr);
	CHECK_STR(fr.text, "icmp type != destination-unreachable accept");
	CHECK(!fr.raw);
	/* icmp6: nft's names, a code, an unnamed type, a revision */
	icmp[0] = 143;
	icmp[3] = 0;
	decode("icmp6", 0, icmp, 8, "ip6", &fr);
	CHECK_STR(fr.text, "icmpv6 type mld2-listener-report accept");
	CHECK(!fr.raw && fr.match.other);
	icmp[0] = 200;
	decode("icmp6", 0, icmp, 8, "ip6", &fr);
	CHECK(fr.raw);
	icmp[0] = 1;
	icmp[1] = 3;
	icmp[2] = 3;
	decode("icmp6", 0, icmp, 8, "ip6", &fr);
	CHECK(fr.raw);
	decode("icmp6", 1, icmp, 8, "ip6", &fr);
	CHECK(fr.raw);
}

/* The refusals of decode_xt_misc.c, and what iptables 1.8.9 does not write (iprange in ip6) */
static void test_misc(void)
{
	static unsigned char buf[80];
	struct nst_fw_rule r;
	struct nst_expr e;
	struct nst_nat_rule nr;

	struct xt_iprange_mtinfo ir;
	memset(&ir, 0, sizeof(ir));
	ir.src_min.ip6[0] = htonl(0xfd000000);
	ir.src_max.ip6[0] = htonl(0xfd000000);
	ir.src_max.ip6[3] = htonl(9);
	ir.flags = IPRANGE_SRC | IPRANGE_SRC_INV;
	memcpy(buf, &ir, sizeof(ir));
	decode("iprange", 1, buf, XT_SIZE(ir), "ip6", &r);
	CHECK_STR(r.text, "ip6 saddr != fd00::-fd00::9 accept");
	CHECK(!r.raw && r.match.other);
	buf[64] = 0x40;
	decode("iprange", 1, buf, XT_SIZE(ir), "ip6", &r);
	CHECK(r.raw);
	decode("iprange", 0, buf, 24, "ip", &r);
	CHECK(r.raw);

	int pk[2] = { 3, 0 }; /* PACKET_OTHERHOST */
	memcpy(buf, pk, sizeof(pk));
	decode("pkttype", 0, buf, 8, "ip", &r);
	CHECK(r.raw && r.match.other);

	struct xt_owner_match_info ow = { .match = XT_OWNER_SOCKET };
	memcpy(buf, &ow, sizeof(ow));
	decode("owner", 1, buf, XT_SIZE(ow), "ip", &r);
	CHECK(r.raw);
	ow = (struct xt_owner_match_info){ .uid_min = 1, .uid_max = 1, .gid_min = 2, .gid_max = 3, .match = 3, .invert = 2 };
	memcpy(buf, &ow, sizeof(ow));
	decode("owner", 1, buf, XT_SIZE(ow), "ip", &r);
	CHECK_STR(r.text, "skuid 1 skgid != 2-3 accept");

	struct xt_connmark_mtinfo1 cm = { .mark = 1, .mask = 0xff, .invert = 0 };
	memcpy(buf, &cm, sizeof(cm));
	decode("connmark", 1, buf, XT_SIZE(cm), "ip", &r);
	CHECK_STR(r.text, "ct mark and 0xff 0x1 accept");
	decode("connmark", 0, buf, XT_SIZE(cm), "ip", &r);
	CHECK(r.raw);
	decode("length", 1, buf, 8, "ip", &r);
	CHECK(r.raw);

	/* targets: CONNMARK with a mask or a shift, LOG with flags or an unterminated prefix */
	memset(&e, 0, sizeof(e));
	e.kind = NST_E_TARGET;
	e.info = buf;
	snprintf(e.name, sizeof(e.name), "CONNMARK");
	struct xt_connmark_tginfo2 ct = { .ctmark = 1, .ctmask = 0xff, .nfmask = 0xffffffff, .mode = XT_CONNMARK_SET };
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &ct, sizeof(ct));
	e.rev = 2;
	e.info_len = XT_SIZE(ct);
	memset(&nr, 0, sizeof(nr));
	nst_rule_text_decode(&e, 1, "ip", &nr);
	CHECK(nr.raw);
	ct.ctmask = 0xffffffff;
	ct.shift_bits = 4;
	memcpy(buf, &ct, sizeof(ct));
	nst_rule_text_decode(&e, 1, "ip", &nr);
	CHECK(nr.raw);
	ct.shift_bits = 0;
	ct.mode = XT_CONNMARK_RESTORE;
	memcpy(buf, &ct, sizeof(ct));
	nst_rule_text_decode(&e, 1, "ip", &nr);
	CHECK_STR(nr.summary, "meta mark set ct mark");
	CHECK(!nr.raw);
	e.rev = 3;
	nst_rule_text_decode(&e, 1, "ip", &nr);
	CHECK(nr.raw);

	snprintf(e.name, sizeof(e.name), "LOG");
	struct xt_log_info lg = { .level = 6, .logflags = 0 };
	snprintf(lg.prefix, sizeof(lg.prefix), "in: ");
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &lg, sizeof(lg));
	e.rev = 0;
	e.info_len = XT_SIZE(lg);
	nst_rule_text_decode(&e, 1, "ip", &nr);
	CHECK_STR(nr.summary, "log prefix \"in: \" level info");
	buf[1] = XT_LOG_UID;
	nst_rule_text_decode(&e, 1, "ip", &nr);
	CHECK(nr.raw);
	buf[1] = 0;
	memset(buf + 2, 'x', 30);
	nst_rule_text_decode(&e, 1, "ip", &nr);
	CHECK(nr.raw);
}

UNIT_MAIN(test_tcpudp, test_native_mark, test_captured, test_mark, test_set, test_conntrack_old, test_others, test_targets, test_misc)
