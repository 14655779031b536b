/* SPDX-License-Identifier: MIT */
/*
 * Sets and maps: captured NEWSET / NEWSETELEM messages (nat_fixtures/sets.hex,
 * tests/backend/nft_set_capture after `nft -f nat_fixtures/sets.nft`) through
 * the backend's parsers and the model's element text (every type, intervals,
 * concatenations, verdict and data maps, the anonymous set); then hand-made
 * messages the parsers must refuse whole, and the per-set bound. No root.
 */
#include <endian.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "be_nft_set.h"
#include "be_nlmsg.h"
#include "render.h"
#include "unit.h"
#include "xalloc.h"

#define MAX_SETS 64

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

static struct nst_fw_ruleset rs;
static struct be_nft_set sets[MAX_SETS];
static struct {
	struct nst_fw_elem_raw *raw;
	size_t n, cap;
} elems[MAX_SETS];
static size_t n_sets;

static void load(void)
{
	const char *dir = getenv("UNIT_FIXTURE_DIR");
	char path[1024], *line = NULL;
	size_t cap = 0;
	static unsigned char msg[65536] __attribute__((aligned(8)));

	snprintf(path, sizeof(path), "%s/sets.hex", dir ? dir : ".");
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f) {
		return;
	}
	while (getline(&line, &cap, f) > 0) {
		bool is_set = strncmp(line, "set ", 4) == 0;
		size_t n = unhex(line + (is_set ? 4 : 5), msg, sizeof(msg));
		CHECK(n >= 20);
		if (is_set) {
			CHECK(n_sets < MAX_SETS);
			CHECK_INT(be_nft_parse_set((const struct nlmsghdr *)msg, &sets[n_sets]), 0);
			be_nft_set_adopt(&rs, &sets[n_sets]);
			n_sets++;
			continue;
		}
		struct nst_fw_elem_raw *tmp = NULL;
		size_t tn = 0, tcap = 0;
		char table[NST_NFT_NAMELEN], set[NST_NFT_NAMELEN];
		uint32_t fam;
		CHECK_INT(be_nft_parse_setelems((const struct nlmsghdr *)msg, &fam, table, set, &tmp, &tn, &tcap), 0);
		size_t i = 0;
		while (i < n_sets && !(sets[i].family == fam && strcmp(sets[i].table, table) == 0 && strcmp(sets[i].name, set) == 0)) {
			i++;
		}
		CHECK(i < n_sets);
		for (size_t k = 0; i < n_sets && k < tn; k++) {
			*(struct nst_fw_elem_raw *)xgrow(&elems[i].raw, &elems[i].n, &elems[i].cap, sizeof(*tmp)) = tmp[k];
		}
		free(tmp);
	}
	free(line);
	fclose(f);
	for (size_t i = 0; i < n_sets; i++) {
		nst_fw_set_elems(&rs, i, elems[i].raw, elems[i].n);
		free(elems[i].raw);
	}
}

static const struct nst_fw_set *find(const char *name)
{
	for (size_t i = 0; i < rs.n_sets; i++) {
		if (strcmp(rs.sets[i].name, name) == 0) {
			return &rs.sets[i];
		}
	}
	return NULL;
}

/* name's key, data and elements ("|"-joined, any order) must be these */
static void expect(const char *name, const char *key, const char *data, const char *const *want, size_t n)
{
	const struct nst_fw_set *s = find(name);

	CHECK(s != NULL);
	if (!s) {
		fprintf(stderr, "  no set %s\n", name);
		return;
	}
	CHECK_STR(s->key, key);
	CHECK_STR(s->data, data);
	CHECK_INT(s->n_elems, n);
	for (size_t i = 0; i < n; i++) {
		bool found = false;
		for (size_t k = 0; k < s->n_elems; k++) {
			found |= strcmp(rs.elems[s->first_elem + k].text, want[i]) == 0;
		}
		if (!found) {
			fprintf(stderr, "  set %s lacks %s\n", name, want[i]);
		}
		CHECK(found);
	}
}

#define EXPECT(name, key, data, ...)                                                       \
	do {                                                                               \
		static const char *const w_[] = { __VA_ARGS__ };                           \
		expect(name, key, data, w_, sizeof(w_) / sizeof(w_[0]));                   \
	} while (0)

static void test_captured(void)
{
	load();
	CHECK_INT(rs.n_sets, 20);
	EXPECT("s4", "ipv4_addr", "", "10.0.0.1", "192.168.1.7");
	EXPECT("s6", "ipv6_addr", "", "fd00::1", "2001:db8::42");
	EXPECT("ports", "inet_service", "", "22", "80", "443");
	EXPECT("protos", "inet_proto", "", "tcp", "udp", "ipv6-icmp");
	EXPECT("macs", "ether_addr", "", "02:00:00:00:00:01", "aa:bb:cc:dd:ee:ff");
	EXPECT("ifs", "ifname", "", "\"eth0\"", "\"veth1\"");
	EXPECT("marks", "mark", "", "0x00000001", "0x0000ff00");
	EXPECT("nets", "ipv4_addr", "", "10.0.0.0/8", "192.168.1.1-192.168.1.9", "172.16.0.5");
	EXPECT("prange", "inet_service", "", "1000-2000", "8080");
	EXPECT("pairs", "ipv4_addr . inet_service", "", "10.0.0.1 . 80", "10.0.0.2 . 443");
	EXPECT("triple", "ipv4_addr . inet_proto . inet_service", "", "10.0.0.3 . tcp . 22");
	EXPECT("cnets", "ipv4_addr . inet_service", "", "10.1.0.0/16 . 80-90", "10.2.0.1 . 22");
	EXPECT("vm", "inet_service", "verdict", "22 : accept", "23 : drop", "80 : jump web", "81 : goto web");
	EXPECT("dm", "ipv4_addr", "ipv4_addr", "10.0.0.1 : 192.168.0.1");
	EXPECT("pm", "inet_service", "ipv4_addr . inet_service", "8080 : 10.0.0.9 . 80");
	EXPECT("a6", "ipv6_addr", "", "fd00::/64", "2001:db8::1-2001:db8::5");
	EXPECT("bm", "ether_addr", "", "02:00:00:00:00:02");
	EXPECT("__set0", "inet_service", "", "5000", "6000");
	const struct nst_fw_set *s = find("__set0");
	CHECK(s && s->flags == (NST_SET_ANONYMOUS | NST_SET_CONSTANT));
	s = find("empty");
	CHECK(s && s->n_elems == 0 && !s->elems_not_kept);
	s = find("dyn");
	CHECK(s && (s->flags & NST_SET_TIMEOUT) && (s->flags & NST_SET_EVAL));
	const char *names[16];
	CHECK_INT(nst_fw_set_flag_names(NST_SET_MAP | NST_SET_INTERVAL | NST_SET_EVAL, names, 16), 3);
	CHECK_STR(names[0], "interval");
	CHECK_STR(names[2], "dynamic");

	/* a copy holds the same; clear frees all */
	struct nst_fw_ruleset copy = { 0 };
	nst_fw_copy(&copy, &rs);
	CHECK_INT(copy.n_sets, rs.n_sets);
	CHECK_INT(copy.n_elems, rs.n_elems);
	CHECK(copy.n_elems && strcmp(copy.elems[0].text, rs.elems[0].text) == 0);
	nst_fw_clear(&copy);
}

/* A NEWSET or NEWSETELEM message built by hand: attributes after the nfgenmsg. */
static struct nlmsghdr *msg_begin(void *buf, uint8_t type)
{
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *g = mnl_nlmsg_put_extra_header(h, sizeof(*g));

	h->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | type;
	g->nfgen_family = NFPROTO_IPV4;
	return h;
}

static void test_refused(void)
{
	static char buf[4096] __attribute__((aligned(8)));
	struct be_nft_set s;
	struct nlmsghdr *h;

	h = msg_begin(buf, NFT_MSG_NEWSET);
	mnl_attr_put_strz(h, NFTA_SET_TABLE, "t");
	mnl_attr_put_strz(h, NFTA_SET_NAME, "s");
	mnl_attr_put_u32(h, NFTA_SET_KEY_TYPE, htobe32(7));
	mnl_attr_put_u32(h, NFTA_SET_KEY_LEN, htobe32(4));
	CHECK_INT(be_nft_parse_set(h, &s), 0);
	CHECK_INT(s.key_len, 4);
	mnl_attr_put_u32(h, NFTA_SET_KEY_LEN, htobe32(65)); /* the last one wins: past the kernel's 64 */
	CHECK_INT(be_nft_parse_set(h, &s), -EBADMSG);
	h = msg_begin(buf, NFT_MSG_NEWSET);
	mnl_attr_put_strz(h, NFTA_SET_TABLE, "t");
	mnl_attr_put_u32(h, NFTA_SET_KEY_LEN, htobe32(4));
	CHECK_INT(be_nft_parse_set(h, &s), -EBADMSG); /* no name */
	h = msg_begin(buf, NFT_MSG_NEWSET);
	mnl_attr_put_strz(h, NFTA_SET_TABLE, "t");
	mnl_attr_put_strz(h, NFTA_SET_NAME, "s");
	mnl_attr_put_u16(h, NFTA_SET_KEY_LEN, 4); /* a u16 where a u32 belongs */
	CHECK_INT(be_nft_parse_set(h, &s), -EBADMSG);
	h = msg_begin(buf, NFT_MSG_NEWRULE);
	CHECK_INT(be_nft_parse_set(h, &s), -EBADMSG);

	/* elements: a key of 65 bytes; a jump without its chain; an element without a key */
	struct nst_fw_elem_raw *raw = NULL;
	size_t n = 0, cap = 0;
	char table[NST_NFT_NAMELEN], set[NST_NFT_NAMELEN];
	uint32_t fam;
	uint8_t big[65] = { 0 };
	for (int c = 0; c < 4; c++) {
		h = msg_begin(buf, NFT_MSG_NEWSETELEM);
		mnl_attr_put_strz(h, NFTA_SET_ELEM_LIST_TABLE, "t");
		mnl_attr_put_strz(h, NFTA_SET_ELEM_LIST_SET, "s");
		struct nlattr *list = mnl_attr_nest_start(h, NFTA_SET_ELEM_LIST_ELEMENTS);
		struct nlattr *el = mnl_attr_nest_start(h, NFTA_LIST_ELEM);
		if (c != 2) {
			struct nlattr *k = mnl_attr_nest_start(h, NFTA_SET_ELEM_KEY);
			mnl_attr_put(h, NFTA_DATA_VALUE, c == 0 ? 65 : 4, big);
			mnl_attr_nest_end(h, k);
		}
		if (c == 1 || c == 3) {
			struct nlattr *d = mnl_attr_nest_start(h, NFTA_SET_ELEM_DATA);
			struct nlattr *v = mnl_attr_nest_start(h, NFTA_DATA_VERDICT);
			mnl_attr_put_u32(h, NFTA_VERDICT_CODE, htobe32((uint32_t)(c == 1 ? NFT_JUMP : NF_ACCEPT)));
			mnl_attr_nest_end(h, v);
			mnl_attr_nest_end(h, d);
		}
		mnl_attr_nest_end(h, el);
		mnl_attr_nest_end(h, list);
		int rc = be_nft_parse_setelems(h, &fam, table, set, &raw, &n, &cap);
		CHECK_INT(rc, c == 3 ? 0 : -EBADMSG);
		CHECK_INT(n, c == 3 ? 1 : 0);
	}
	CHECK(raw && raw[0].has_verdict && raw[0].verdict == NF_ACCEPT && raw[0].key_len == 4);
	free(raw);
}

/* More elements than a set keeps: NST_FW_SET_ELEMS kept, the rest counted; an interval without its end. */
static void test_bound(void)
{
	struct nst_fw_ruleset r = { 0 };
	struct nst_fw_set *s = nst_fw_add_set(&r);
	size_t n = NST_FW_SET_ELEMS + 10;
	struct nst_fw_elem_raw *raw = calloc(n, sizeof(*raw));

	s->key_type = 13; /* inet_service */
	s->key_len = 2;
	nst_fw_set_types(s);
	for (size_t i = 0; i < n; i++) {
		raw[i].key[0] = (uint8_t)(i >> 8);
		raw[i].key[1] = (uint8_t)i;
		raw[i].key_len = 2;
	}
	nst_fw_set_elems(&r, 0, raw, n);
	CHECK_INT(r.sets[0].n_elems, NST_FW_SET_ELEMS);
	CHECK_INT(r.sets[0].elems_not_kept, 10);
	CHECK_STR(r.elems[1].text, "1");
	/* interval: 60000 with no end element runs to 65535; an unknown type is hex */
	s = nst_fw_add_set(&r);
	s->key_type = 13;
	s->key_len = 2;
	s->flags = NST_SET_INTERVAL;
	raw[0].key[0] = 0xea;
	raw[0].key[1] = 0x60;
	raw[1] = raw[0];
	raw[1].key[1] = 0x5f;
	raw[1].flags = 1; /* an end with no start before it: skipped */
	raw[1].key[0] = 0x00;
	nst_fw_set_elems(&r, 1, raw, 2);
	CHECK_INT(r.sets[1].n_elems, 1);
	CHECK_STR(r.elems[r.sets[1].first_elem].text, "60000-65535");
	s = nst_fw_add_set(&r);
	s->key_type = 50; /* no nft datatype; 64 and up would be a concatenation */
	s->key_len = 3;
	nst_fw_set_types(s);
	CHECK_STR(s->key, "type 50");
	memset(&raw[0], 0, sizeof(raw[0])); /* the interval sort reordered raw */
	raw[0].key_len = 3;
	raw[0].key[0] = 0xea;
	raw[0].key[1] = 0x60;
	raw[0].key[2] = 0x01;
	nst_fw_set_elems(&r, 2, raw, 1);
	CHECK_STR(r.elems[r.sets[2].first_elem].text, "0xea6001");
	/* a map of four IPv6 ranges concatenated to four IPv6 addresses: longer than an element's text,
	 * which says it was cut */
	s = nst_fw_add_set(&r);
	s->key_type = 0;
	for (int i = 0; i < 4; i++) {
		s->key_type = s->key_type << 6 | 8;
	}
	s->key_len = 64;
	s->flags = NST_SET_INTERVAL | NST_SET_CONCAT | NST_SET_MAP;
	s->data_type = s->key_type;
	s->data_len = 64;
	memset(&raw[0], 0, sizeof(raw[0]));
	raw[0].key_len = raw[0].key_end_len = raw[0].data_len = 64;
	memset(raw[0].key_end, 0xab, 64);
	memset(raw[0].data, 0xcd, 64);
	nst_fw_set_elems(&r, 3, raw, 1);
	const char *t = r.elems[r.sets[3].first_elem].text;
	CHECK(strlen(t) == NST_FW_ELEM_TEXT - 1 && strcmp(t + strlen(t) - 3, "...") == 0);
	CHECK(strncmp(t, "::-abab:", 8) == 0);
	CHECK(strstr(t, " : cdcd:") != NULL);
	free(raw);
	nst_fw_clear(&r);
}

/* The ipset names the backend asks for, written into a rule's text and cond. */
static void test_ipset_name(void)
{
	static struct nst_fw_rule r;
	static char buf[512] __attribute__((aligned(8)));
	char name[40];

	memset(&r, 0, sizeof(r));
	snprintf(r.text, sizeof(r.text), "xt set ! #12 src xt set #3 dst,dst counter packets 1 bytes 2 accept");
	snprintf(r.cond, sizeof(r.cond), "xt set ! #12 src xt set #3 dst,dst");
	r.counter_at = (uint16_t)(strstr(r.text, "counter") - r.text);
	r.counter_len = 24;
	CHECK_INT(nst_fw_rule_ipset_name(&r, 3, "KUBE-CLUSTER-IP"), 1);
	CHECK_INT(nst_fw_rule_ipset_name(&r, 12, "a"), 1);
	CHECK_STR(r.text, "xt set ! a src xt set KUBE-CLUSTER-IP dst,dst counter packets 1 bytes 2 accept");
	CHECK_STR(r.cond, "xt set ! a src xt set KUBE-CLUSTER-IP dst,dst");
	CHECK(strncmp(r.text + r.counter_at, "counter packets 1 bytes 2", r.counter_len) == 0);
	/* not there (#1 is no "#12"), a hostile name quoted, an index that only looks like one */
	CHECK_INT(nst_fw_rule_ipset_name(&r, 1, "x"), 0);
	snprintf(r.text, sizeof(r.text), "xt set #7 src tcp dport 7 #7x");
	r.counter_len = 0;
	CHECK_INT(nst_fw_rule_ipset_name(&r, 7, "a\"b\n c"), 1);
	CHECK_STR(r.text, "xt set \"a?b? c\" src tcp dport 7 #7x");
	CHECK_INT(nst_fw_rule_ipset_name(&r, 7, "y"), 0);
	/* what only reads like an index inside "..." (a log prefix, a name put in before) is left alone */
	snprintf(r.text, sizeof(r.text), "xt set #4 src log prefix \"xt set #4 \"");
	CHECK_INT(nst_fw_rule_ipset_name(&r, 4, "xt set #4 "), 1);
	CHECK_STR(r.text, "xt set \"xt set #4 \" src log prefix \"xt set #4 \"");
	CHECK_INT(nst_fw_rule_ipset_name(&r, 4, "z"), 0);
	CHECK_INT(nst_ipset_index_in(r.text), -1);

	/* a NAT record's summary the same way */
	static struct nst_nat_rule nr;
	snprintf(nr.summary, sizeof(nr.summary), "xt set #0 dst,dst counter packets 0 bytes 0 dnat to 10.0.0.5");
	snprintf(nr.cond, sizeof(nr.cond), "xt set #0 dst,dst");
	nr.counter_at = 18;
	nr.counter_len = 25;
	CHECK_INT(nst_nat_rule_ipset_name(&nr, 0, "KUBE-SVC"), 1);
	CHECK_STR(nr.summary, "xt set KUBE-SVC dst,dst counter packets 0 bytes 0 dnat to 10.0.0.5");
	CHECK_STR(nr.cond, "xt set KUBE-SVC dst,dst");
	CHECK(strncmp(nr.summary + nr.counter_at, "counter packets 0 bytes 0", nr.counter_len) == 0);

	/* ipset's GET_BYINDEX reply: protocol, name; a name of 32 bytes is past IPSET_MAXNAMELEN */
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	h->nlmsg_type = (6 << 8) | 15; /* NFNL_SUBSYS_IPSET, IPSET_CMD_GET_BYINDEX */
	mnl_nlmsg_put_extra_header(h, sizeof(struct nfgenmsg));
	mnl_attr_put_u8(h, 1, 7);
	mnl_attr_put_strz(h, 2, "allow4");
	CHECK_INT(be_ipset_parse_name(h, name), 0);
	CHECK_STR(name, "allow4");
	h = mnl_nlmsg_put_header(buf);
	h->nlmsg_type = (6 << 8) | 15;
	mnl_nlmsg_put_extra_header(h, sizeof(struct nfgenmsg));
	mnl_attr_put_strz(h, 2, "0123456789012345678901234567890X");
	CHECK_INT(be_ipset_parse_name(h, name), -EBADMSG);
	h->nlmsg_type = (6 << 8) | 14;
	CHECK_INT(be_ipset_parse_name(h, name), -EBADMSG);
}

/* --json's sets: a map with a hostile element text, a set, a cut one */
static void test_json(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *ns = nst_model_add_ns(m, "/", NST_NS_SELF, (struct nst_ns_id){ 4, 1 });
	struct nst_fw_elem_raw raw[2];
	char *out = NULL;
	size_t len = 0;

	struct nst_fw_set *s = nst_fw_add_set(&ns->fw);
	snprintf(s->family, sizeof(s->family), "inet");
	snprintf(s->table, sizeof(s->table), "t");
	snprintf(s->name, sizeof(s->name), "vm");
	s->handle = 4;
	s->flags = NST_SET_MAP;
	s->key_type = 41; /* ifname */
	s->key_len = 16;
	s->data_type = NST_FW_DATA_VERDICT;
	nst_fw_set_types(s);
	memset(raw, 0, sizeof(raw));
	memcpy(raw[0].key, "a\"b\n", 5); /* a quote and a newline: not writable between quotes, so hex */
	raw[0].key_len = 16;
	raw[0].has_verdict = true;
	raw[0].verdict = -3;
	snprintf(raw[0].chain, sizeof(raw[0].chain), "web");
	nst_fw_set_elems(&ns->fw, 0, raw, 1);
	s = nst_fw_add_set(&ns->fw);
	snprintf(s->family, sizeof(s->family), "ip");
	snprintf(s->table, sizeof(s->table), "t");
	snprintf(s->name, sizeof(s->name), "s");
	s->flags = NST_SET_INTERVAL | NST_SET_CONSTANT;
	s->key_type = 7;
	s->key_len = 4;
	nst_fw_set_types(s);
	s->elems_not_kept = 3;
	FILE *f = open_memstream(&out, &len);
	nst_render_json(m, NULL, f);
	fclose(f);
	CHECK(strstr(out, "\"sets\":[{\"family\":\"inet\",\"table\":\"t\",\"name\":\"vm\",\"handle\":4,"
			  "\"flags\":[\"map\"],\"key\":\"ifname\",\"data\":\"verdict\","
			  "\"elements\":[\"0x6122620a000000000000000000000000 : jump web\"],\"elements_cut\":false,\"elements_not_kept\":0},"
			  "{\"family\":\"ip\",\"table\":\"t\",\"name\":\"s\",\"handle\":0,"
			  "\"flags\":[\"constant\",\"interval\"],\"key\":\"ipv4_addr\",\"data\":null,"
			  "\"elements\":[],\"elements_cut\":true,\"elements_not_kept\":3}]") != NULL);
	if (!strstr(out, "\"elements_not_kept\":3}]")) {
		fprintf(stderr, "%s\n", out);
	}
	free(out);
	nst_model_destroy(m);
}

UNIT_MAIN(test_captured, test_refused, test_bound, test_ipset_name, test_json)
