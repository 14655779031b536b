/* SPDX-License-Identifier: MIT */
/*
 * Link kinds from crafted RTM_NEWLINK messages: the kinds this kernel cannot
 * make (vlan, ipvlan, dummy) and an IPv6 vxlan, kind data of hostile lengths
 * (the link kept without fields; torn framing refused, nothing added), and
 * the model side: the kind table's text and fields, and lower devices resolved across namespaces or left unknown. No root.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#define KIND_SEED_TAG "a"
#include "kind_msg.h"

static void test_vlan(void)
{
	struct nst_ns ns = { .name = "t" };
	char b[64], text[128];

	begin(9, "eth0.100", "vlan");
	u16(IFLA_VLAN_ID, 100);
	u16(IFLA_VLAN_PROTOCOL, htons(0x88a8));
	end();
	u32(IFLA_LINK, 3);
	struct nst_link *l = parse(&ns);
	CHECK(l != NULL);
	if (l) {
		CHECK_STR(field(l, "id", b, sizeof(b)), "100");
		CHECK_STR(field(l, "protocol", b, sizeof(b)), "802.1ad");
		CHECK(l->lower.has && !l->lower.elsewhere && !l->peer.has);
		CHECK_INT(l->lower.ifindex, 3);
		nst_link_info_text(l->kind, &l->info, "->", text, sizeof(text));
		CHECK_STR(text, "vlan 100");
	}
	free(ns.links);
}

static void test_ipvlan(void)
{
	struct nst_ns ns = { .name = "t" };
	char b[64];

	begin(4, "ipv0", "ipvlan");
	u16(IFLA_IPVLAN_MODE, 1);
	end();
	u32(IFLA_LINK, 2);
	u32(IFLA_LINK_NETNSID, 5);
	struct nst_link *l = parse(&ns);
	if (l) {
		CHECK_STR(field(l, "mode", b, sizeof(b)), "l3");
		CHECK(l->lower.has && l->lower.elsewhere);
		CHECK_INT(l->lower.nsid, 5);
		CHECK_INT(l->lower.ifindex, 2);
	}
	free(ns.links);
}

static void test_dummy(void)
{
	struct nst_ns ns = { .name = "t" };
	struct nst_kind_field f[NST_KIND_FIELDS_MAX];

	/* a dummy has no data nstop reads: even bytes that would break a u32 rule are not looked at */
	begin(6, "dummy0", "dummy");
	attr(1, "\x01\x02", 2, 0);
	end();
	u32(IFLA_LINK, 2);
	struct nst_link *l = parse(&ns);
	if (l) {
		CHECK_STR(l->kind, "dummy");
		CHECK_INT(nst_link_kind_find(l->kind)->id, NST_KIND_DUMMY);
		CHECK_INT(l->info.have, 0);
		CHECK_INT(nst_link_info_fields(NST_KIND_DUMMY, &l->info, f, NST_KIND_FIELDS_MAX), 0);
		CHECK(!l->lower.has); /* a dummy has no lower device */
	}
	free(ns.links);
}

static void test_vxlan6(void)
{
	struct nst_ns ns = { .name = "t" };
	uint8_t group[16] = { 0xff, 0x05, [15] = 1 }, local[16] = { 0xfd, [15] = 2 };
	char b[64], text[128];

	begin(8, "vx6", "vxlan");
	u32(IFLA_VXLAN_ID, 4242);
	attr(IFLA_VXLAN_GROUP6, group, 16, 0);
	attr(IFLA_VXLAN_LOCAL6, local, 16, 0);
	u32(IFLA_VXLAN_LINK, 2);
	u16(IFLA_VXLAN_PORT, htons(4789));
	attr(IFLA_VXLAN_LEARNING, "\x00", 1, 0);
	end();
	struct nst_link *l = parse(&ns);
	if (l) {
		CHECK_STR(field(l, "id", b, sizeof(b)), "4242");
		CHECK_STR(field(l, "group", b, sizeof(b)), "ff05::1");
		CHECK_STR(field(l, "remote", b, sizeof(b)), "(none)");
		CHECK_STR(field(l, "local", b, sizeof(b)), "fd00::2");
		CHECK_STR(field(l, "port", b, sizeof(b)), "4789");
		CHECK_STR(field(l, "learning", b, sizeof(b)), "false");
		CHECK(l->lower.has && !l->lower.elsewhere);
		CHECK_INT(l->lower.ifindex, 2);
		nst_link_info_text(l->kind, &l->info, "->", text, sizeof(text));
		CHECK_STR(text, "vxlan 4242 -> group ff05::1");
	}
	free(ns.links);
}

static void test_hostile(void)
{
	begin(9, "v", "vlan");
	attr(IFLA_VLAN_ID, "\x01", 1, 0);
	end();
	kept_bare("a vlan id of 1 byte");

	begin(9, "vx", "vxlan");
	attr(IFLA_VXLAN_GROUP, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8, 0);
	end();
	kept_bare("an IPv4 vxlan group of 8 bytes");

	begin(9, "vx", "vxlan");
	attr(IFLA_VXLAN_LOCAL6, "\xfd\x00", 2, 0);
	end();
	kept_bare("an IPv6 vxlan local of 2 bytes");

	begin(9, "t", "tun");
	attr(IFLA_TUN_OWNER, "\x01\x02\x03\x04", 4, 200); /* claims 200: past its nest and the message */
	end();
	kept_bare("a tun owner longer than its nest");

	begin(9, "m", "macvlan");
	u32(IFLA_MACVLAN_MODE, 4);
	end();
	/* INFO_DATA claims more than LINKINFO holds */
	uint16_t claim = (uint16_t)(len - data_at + 64);
	memcpy(buf + data_at, &claim, sizeof(claim));
	refused("kind data longer than the link info");

	begin(9, "br", "bridge");
	attr(IFLA_BR_STP_STATE, "\x01\x00\x00", 3, 0);
	end();
	kept_bare("a bridge stp_state of 3 bytes");
}

static void test_text(void)
{
	struct nst_link_info in = { .have = NST_LI_MODE, .mode = 4 };
	char text[128];

	nst_link_info_text("macvlan", &in, "->", text, sizeof(text));
	CHECK_STR(text, "macvlan bridge");
	in = (struct nst_link_info){ .have = NST_LI_TUN_TYPE | NST_LI_OWNER | NST_LI_OPEN, .tun_type = 2, .owner = 1000,
				     .open = true };
	nst_link_info_text("tun", &in, "->", text, sizeof(text));
	CHECK_STR(text, "tap owner 1000");
	CHECK_STR(nst_link_kind_label("tun", &in), "tap");
	in.tun_type = 1;
	in.open = false;
	nst_link_info_text("tun", &in, "->", text, sizeof(text));
	CHECK_STR(text, "tun owner 1000 (not open)");
	in = (struct nst_link_info){ .have = NST_LI_VNI | NST_LI_REMOTE, .vni = 42, .remote = { AF_INET, { 10, 50, 0, 2 } } };
	nst_link_info_text("vxlan", &in, "→", text, sizeof(text));
	CHECK_STR(text, "vxlan 42 → 10.50.0.2");
	CHECK_INT(nst_link_kind_find("not-a-kind")->id, NST_KIND_OTHER);
	CHECK_INT(nst_link_kind_find(NULL)->id, NST_KIND_OTHER);
	CHECK(nst_link_kind_find("macvtap")->has_lower && nst_link_kind_find("vxlan")->lower_as_dev);
	CHECK(!nst_link_kind_find("veth")->has_lower);
}

/* A macvlan moved to ns "b" names its parent in "/"; one with an unmapped nsid is unknown. */
static void test_lower_resolve(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *root = nst_model_add_ns(m, "/", NST_NS_SELF, (struct nst_ns_id){ 1, 10 });
	nst_ns_add_link(root, 3, "up0");
	struct nst_ns *b = nst_model_add_ns(m, "b", NST_NS_NAMED, (struct nst_ns_id){ 1, 11 });
	struct nst_link *mv = nst_ns_add_link(b, 5, "mv2");
	snprintf(mv->kind, sizeof(mv->kind), "macvlan");
	mv->lower.has = true;
	mv->lower.ifindex = 3;
	mv->lower.elsewhere = true;
	mv->lower.nsid = 0;
	mv->lower.ns_known = true;
	mv->lower.ns = (struct nst_ns_id){ 1, 10 };
	struct nst_link *lost = nst_ns_add_link(b, 6, "mv3");
	snprintf(lost->kind, sizeof(lost->kind), "macvlan");
	lost->lower.has = true;
	lost->lower.ifindex = 3;
	lost->lower.elsewhere = true;
	lost->lower.nsid = 7;
	struct nst_link *gone = nst_ns_add_link(root, 8, "vx0");
	snprintf(gone->kind, sizeof(gone->kind), "vxlan");
	gone->lower.has = true;
	gone->lower.ifindex = 99; /* same namespace, no such link */

	nst_model_pair_peers(m);
	const struct nst_ns *lns = NULL;
	b = nst_model_find_ns(m, "b");
	root = nst_model_find_ns(m, "/");
	const struct nst_link *lower = nst_link_lower(m, nst_ns_find_link_name(b, "mv2"), &lns);
	CHECK(lower != NULL && lns != NULL);
	if (lower && lns) {
		CHECK_STR(lower->name, "up0");
		CHECK_STR(lns->name, "/");
	}
	CHECK(nst_link_lower(m, nst_ns_find_link_name(b, "mv3"), NULL) == NULL);
	CHECK_INT(nst_ns_find_link_name(b, "mv3")->lower.state, NST_REF_UNKNOWN);
	CHECK(nst_link_lower(m, nst_ns_find_link_name(root, "vx0"), NULL) == NULL);
	CHECK_INT(nst_ns_find_link_name(root, "vx0")->lower.state, NST_REF_UNKNOWN);
	CHECK_INT(nst_ns_find_link_name(root, "up0")->lower.state, NST_REF_NONE);
	nst_model_destroy(m);
}

/* vlan_filtering on: this kernel refuses to set it, so only a crafted message shows the decoder the true value */
static void test_bridge_vlan_filtering(void)
{
	struct nst_ns ns = { .name = "t" };
	char b[64];

	begin(5, "br0", "bridge");
	u32(IFLA_BR_STP_STATE, 1);
	u32(IFLA_BR_FORWARD_DELAY, 1500);
	u8(IFLA_BR_VLAN_FILTERING, 1);
	end();
	struct nst_link *l = parse(&ns);
	if (l) {
		CHECK_STR(field(l, "vlan_filtering", b, sizeof(b)), "true");
		CHECK_STR(field(l, "stp_state", b, sizeof(b)), "1");
		CHECK_STR(field(l, "forward_delay", b, sizeof(b)), "1500");
	}
	free(ns.links);
}

UNIT_MAIN(test_vlan, test_ipvlan, test_dummy, test_vxlan6, test_bridge_vlan_filtering, test_hostile, test_text, test_lower_resolve)
