/* SPDX-License-Identifier: MIT */
/*
 * The link kinds this kernel cannot make, from crafted RTM_NEWLINK messages:
 * geneve, gre, gretap, ip6gre, ip6gretap, ipip, sit, ip6tnl, vrf, bond (and a
 * member's state), team, wireguard, netkit; every field, the row text, the
 * lower device or peer; hostile lengths leave the link without fields (torn
 * framing refuses the message); an unknown kind left undecoded. And wireguard's generic netlink replies, crafted. No root.
 */
#include <arpa/inet.h>
#include <linux/if_tunnel.h>
#include <linux/wireguard.h>
#include <sys/socket.h>
#include <unistd.h>

#define KIND_SEED_TAG "b"
#include "be_kinds.h"
#include "fixtures.h"
#include "kind_msg.h"
#include "render.h"

static const char *text_of(const struct nst_link *l)
{
	static char text[160];
	nst_link_info_text(l->kind, &l->info, "->", text, sizeof(text));
	return text;
}

static void test_geneve(void)
{
	struct nst_ns ns = { .name = "t" };
	uint8_t remote[4] = { 10, 1, 1, 1 }, remote6[16] = { 0xfd, [15] = 9 };
	char b[64];

	begin(10, "gnv0", "geneve");
	u32(IFLA_GENEVE_ID, 5);
	attr(IFLA_GENEVE_REMOTE, remote, 4, 0);
	u8(IFLA_GENEVE_TTL, 64);
	u8(IFLA_GENEVE_TTL_INHERIT, 0);
	u16(IFLA_GENEVE_PORT, htons(6081));
	end();
	struct nst_link *l = parse(&ns);
	if (l) {
		CHECK_INT(nst_link_kind_find(l->kind)->id, NST_KIND_GENEVE);
		CHECK_STR(field(l, "id", b, sizeof(b)), "5");
		CHECK_STR(field(l, "remote", b, sizeof(b)), "10.1.1.1");
		CHECK_STR(field(l, "port", b, sizeof(b)), "6081");
		CHECK_STR(field(l, "ttl", b, sizeof(b)), "64");
		CHECK_STR(field(l, "external", b, sizeof(b)), "false");
		CHECK_STR(field(l, "local", b, sizeof(b)), "(none)");
		CHECK_INT(n_fields(l), 5);
		CHECK_STR(text_of(l), "geneve 5 -> 10.1.1.1");
		CHECK(!l->lower.has && !l->peer.has);
	}
	free(ns.links);

	/* IPv6, collect_metadata (a flag), ttl inherited */
	ns = (struct nst_ns){ .name = "t" };
	begin(11, "gnv6", "geneve");
	u32(IFLA_GENEVE_ID, 77);
	attr(IFLA_GENEVE_REMOTE6, remote6, 16, 0);
	u8(IFLA_GENEVE_TTL, 0);
	u8(IFLA_GENEVE_TTL_INHERIT, 1);
	attr(IFLA_GENEVE_COLLECT_METADATA, NULL, 0, 0);
	end();
	l = parse(&ns);
	if (l) {
		CHECK_STR(field(l, "remote", b, sizeof(b)), "fd00::9");
		CHECK_STR(field(l, "ttl", b, sizeof(b)), "0");
		CHECK_STR(field(l, "external", b, sizeof(b)), "true");
		CHECK_STR(text_of(l), "geneve 77 -> fd00::9 external");
	}
	free(ns.links);
}

/* A gre-family tunnel: both keys set (equal or not), underlay link 3. */
static void gre_msg(const char *kind, int family, uint32_t ikey, uint32_t okey, bool key_flags)
{
	uint8_t l4[4] = { 10, 1, 1, 2 }, r4[4] = { 10, 1, 1, 1 };
	uint8_t l6[16] = { 0xfd, 0, 0, 1, [15] = 2 }, r6[16] = { 0xfd, 0, 0, 1, [15] = 1 };

	begin(12, "t0", kind);
	u32(IFLA_GRE_LINK, 3);
	u16(IFLA_GRE_IFLAGS, key_flags ? GRE_KEY : 0);
	u16(IFLA_GRE_OFLAGS, key_flags ? GRE_KEY : 0);
	u32(IFLA_GRE_IKEY, htonl(ikey));
	u32(IFLA_GRE_OKEY, htonl(okey));
	attr(IFLA_GRE_LOCAL, family == AF_INET ? l4 : l6, family == AF_INET ? 4 : 16, 0);
	attr(IFLA_GRE_REMOTE, family == AF_INET ? r4 : r6, family == AF_INET ? 4 : 16, 0);
	u8(IFLA_GRE_TTL, 64);
	u8(IFLA_GRE_TOS, 0);
	end();
	u32(IFLA_LINK, 3);
}

static void test_gre(void)
{
	struct nst_ns ns = { .name = "t" };
	char b[64];

	gre_msg("gre", AF_INET, 7, 7, true);
	struct nst_link *l = parse(&ns);
	if (l) {
		CHECK_INT(nst_link_kind_find(l->kind)->id, NST_KIND_GRE);
		CHECK_STR(field(l, "local", b, sizeof(b)), "10.1.1.2");
		CHECK_STR(field(l, "remote", b, sizeof(b)), "10.1.1.1");
		CHECK_STR(field(l, "ttl", b, sizeof(b)), "64");
		CHECK_STR(field(l, "ikey", b, sizeof(b)), "7");
		CHECK_STR(field(l, "okey", b, sizeof(b)), "7");
		CHECK_STR(field(l, "external", b, sizeof(b)), "false");
		CHECK_INT(n_fields(l), 6);
		CHECK_STR(text_of(l), "gre 10.1.1.2 -> 10.1.1.1 key 7 ttl 64");
		CHECK(l->lower.has && !l->lower.elsewhere);
		CHECK_INT(l->lower.ifindex, 3);
		CHECK(nst_link_kind_find(l->kind)->lower_as_dev);
	}
	free(ns.links);

	/* keys without GRE_KEY in the flags are not on the wire: not shown */
	ns = (struct nst_ns){ .name = "t" };
	gre_msg("gretap", AF_INET, 1, 2, false);
	l = parse(&ns);
	if (l) {
		CHECK_INT(nst_link_kind_find(l->kind)->id, NST_KIND_GRETAP);
		CHECK_STR(field(l, "ikey", b, sizeof(b)), "(none)");
		CHECK_STR(field(l, "okey", b, sizeof(b)), "(none)");
		CHECK_STR(text_of(l), "gretap 10.1.1.2 -> 10.1.1.1 ttl 64");
	}
	free(ns.links);

	ns = (struct nst_ns){ .name = "t" };
	gre_msg("ip6gre", AF_INET6, 1, 2, true);
	l = parse(&ns);
	if (l) {
		CHECK_INT(nst_link_kind_find(l->kind)->id, NST_KIND_IP6GRE);
		CHECK_STR(field(l, "local", b, sizeof(b)), "fd00:1::2");
		CHECK_STR(field(l, "remote", b, sizeof(b)), "fd00:1::1");
		CHECK_STR(field(l, "ikey", b, sizeof(b)), "1");
		CHECK_STR(field(l, "okey", b, sizeof(b)), "2");
		CHECK_STR(text_of(l), "ip6gre fd00:1::2 -> fd00:1::1 ikey 1 okey 2 ttl 64");
	}
	free(ns.links);

	ns = (struct nst_ns){ .name = "t" };
	gre_msg("ip6gretap", AF_INET6, 4242, 4242, true);
	l = parse(&ns);
	if (l) {
		CHECK_INT(nst_link_kind_find(l->kind)->id, NST_KIND_IP6GRETAP);
		CHECK_STR(field(l, "ikey", b, sizeof(b)), "4242");
		CHECK_STR(text_of(l), "ip6gretap fd00:1::2 -> fd00:1::1 key 4242 ttl 64");
		CHECK_INT(l->lower.ifindex, 3);
	}
	free(ns.links);

	/* the family is the kind's: an IPv4 address on an ip6gre, or IPv6 on a gre, is not decoded */
	gre_msg("ip6gre", AF_INET, 1, 1, true);
	kept_bare("an ip6gre with 4-byte endpoints");
	gre_msg("gre", AF_INET6, 1, 1, true);
	kept_bare("a gre with 16-byte endpoints");
}

static void test_iptun(void)
{
	struct nst_ns ns = { .name = "t" };
	uint8_t any[4] = { 0 }, r4[4] = { 10, 0, 0, 2 };
	uint8_t l6[16] = { 0xfd, [15] = 1 }, r6[16] = { 0xfd, [15] = 2 };
	char b[64];

	/* ipip: local "any" (all zero) is no local; the underlay in another namespace */
	begin(13, "ipip0", "ipip");
	u32(IFLA_IPTUN_LINK, 2);
	attr(IFLA_IPTUN_LOCAL, any, 4, 0);
	attr(IFLA_IPTUN_REMOTE, r4, 4, 0);
	u8(IFLA_IPTUN_TTL, 0);
	u8(IFLA_IPTUN_PROTO, IPPROTO_IPIP);
	end();
	u32(IFLA_LINK, 2);
	u32(IFLA_LINK_NETNSID, 4);
	struct nst_link *l = parse(&ns);
	if (l) {
		CHECK_INT(nst_link_kind_find(l->kind)->id, NST_KIND_IPIP);
		CHECK_STR(field(l, "local", b, sizeof(b)), "(none)");
		CHECK_STR(field(l, "remote", b, sizeof(b)), "10.0.0.2");
		CHECK_STR(field(l, "ttl", b, sizeof(b)), "0");
		CHECK_STR(field(l, "proto", b, sizeof(b)), "ipip");
		CHECK_STR(field(l, "external", b, sizeof(b)), "false");
		CHECK_STR(text_of(l), "ipip any -> 10.0.0.2"); /* ttl 0: inherited, not shown */
		CHECK(l->lower.has && l->lower.elsewhere);
		CHECK_INT(l->lower.ifindex, 2);
		CHECK_INT(l->lower.nsid, 4);
	}
	free(ns.links);

	ns = (struct nst_ns){ .name = "t" };
	begin(14, "sit1", "sit");
	attr(IFLA_IPTUN_LOCAL, r4, 4, 0);
	u8(IFLA_IPTUN_TTL, 64);
	u8(IFLA_IPTUN_PROTO, IPPROTO_IPV6);
	attr(IFLA_IPTUN_COLLECT_METADATA, NULL, 0, 0);
	end();
	l = parse(&ns);
	if (l) {
		CHECK_STR(field(l, "local", b, sizeof(b)), "10.0.0.2");
		CHECK_STR(field(l, "proto", b, sizeof(b)), "ip6ip");
		CHECK_STR(field(l, "external", b, sizeof(b)), "true");
		CHECK_STR(text_of(l), "sit external 10.0.0.2 -> any ttl 64");
		CHECK(!l->lower.has); /* no underlay named */
	}
	free(ns.links);

	ns = (struct nst_ns){ .name = "t" };
	begin(15, "ip6tnl1", "ip6tnl");
	u32(IFLA_IPTUN_LINK, 0);
	attr(IFLA_IPTUN_LOCAL, l6, 16, 0);
	attr(IFLA_IPTUN_REMOTE, r6, 16, 0);
	u8(IFLA_IPTUN_TTL, 64);
	u8(IFLA_IPTUN_ENCAP_LIMIT, 4); /* not decoded: no rule, never read */
	u8(IFLA_IPTUN_PROTO, IPPROTO_IPV6);
	end();
	l = parse(&ns);
	if (l) {
		CHECK_INT(nst_link_kind_find(l->kind)->id, NST_KIND_IP6TNL);
		CHECK_STR(field(l, "local", b, sizeof(b)), "fd00::1");
		CHECK_STR(field(l, "remote", b, sizeof(b)), "fd00::2");
		CHECK_STR(field(l, "proto", b, sizeof(b)), "ip6ip6");
		CHECK_INT(n_fields(l), 5);
		CHECK_STR(text_of(l), "ip6tnl ip6ip6 fd00::1 -> fd00::2 ttl 64");
		CHECK(!l->lower.has); /* IFLA_IPTUN_LINK 0: none */
	}
	free(ns.links);
	CHECK_STR(nst_iptun_proto_str(NST_KIND_IP6TNL, IPPROTO_IPIP), "ipip6");
	CHECK_STR(nst_iptun_proto_str(NST_KIND_IP6TNL, 0), "any");
	CHECK_STR(nst_iptun_proto_str(NST_KIND_SIT, 137), "mplsip");
	CHECK_STR(nst_iptun_proto_str(NST_KIND_SIT, 99), "?");
}

static void test_vrf_bond_team(void)
{
	struct nst_ns ns = { .name = "t" };
	char b[64];

	begin(16, "vrf-blue", "vrf");
	u32(IFLA_VRF_TABLE, 10);
	end();
	struct nst_link *l = parse(&ns);
	if (l) {
		CHECK_STR(field(l, "table", b, sizeof(b)), "10");
		CHECK_INT(n_fields(l), 1);
		CHECK_STR(text_of(l), "vrf table 10");
	}
	free(ns.links);

	ns = (struct nst_ns){ .name = "t" };
	begin(17, "bond0", "bond");
	u8(IFLA_BOND_MODE, 4);
	u32(IFLA_BOND_ACTIVE_SLAVE, 7);
	u32(IFLA_BOND_MIIMON, 100);
	u32(IFLA_BOND_UPDELAY, 0); /* not decoded */
	end();
	l = parse(&ns);
	if (l) {
		CHECK_STR(field(l, "mode", b, sizeof(b)), "802.3ad");
		CHECK_STR(field(l, "miimon", b, sizeof(b)), "100");
		CHECK_STR(field(l, "active_slave_ifindex", b, sizeof(b)), "7");
		CHECK_INT(n_fields(l), 3);
		CHECK_STR(text_of(l), "bond 802.3ad");
	}
	free(ns.links);
	static const char *const modes[] = { "balance-rr", "active-backup", "balance-xor", "broadcast",
					     "802.3ad",    "balance-tlb",   "balance-alb",  "?" };
	for (uint32_t i = 0; i < 8; i++) {
		CHECK_STR(nst_bond_mode_str(i), modes[i]);
	}

	/* a bond's member: a veth whose master is a bond says its state in IFLA_INFO_SLAVE_DATA */
	ns = (struct nst_ns){ .name = "t" };
	msg(18);
	attr(IFLA_IFNAME, "m1", 3, 0);
	size_t li = nest(IFLA_LINKINFO);
	attr(IFLA_INFO_KIND, "veth", 5, 0);
	attr(IFLA_INFO_SLAVE_KIND, "bond", 5, 0);
	size_t sd = nest(IFLA_INFO_SLAVE_DATA);
	u8(IFLA_BOND_SLAVE_STATE, 1);
	u8(IFLA_BOND_SLAVE_MII_STATUS, 0);
	u32(IFLA_BOND_SLAVE_LINK_FAILURE_COUNT, 3);
	nest_end(sd);
	nest_end(li);
	u32(IFLA_MASTER, 17);
	l = parse(&ns);
	if (l) {
		CHECK_STR(field(l, "bond_slave_state", b, sizeof(b)), "backup");
		CHECK_STR(field(l, "bond_slave_mii_status", b, sizeof(b)), "up");
		CHECK_INT(n_fields(l), 2);
		CHECK_INT(l->master.ifindex, 17);
	}
	free(ns.links);

	/* a bridge port's slave data is not read, whatever it holds */
	ns = (struct nst_ns){ .name = "t" };
	msg(19);
	attr(IFLA_IFNAME, "p1", 3, 0);
	li = nest(IFLA_LINKINFO);
	attr(IFLA_INFO_KIND, "veth", 5, 0);
	attr(IFLA_INFO_SLAVE_KIND, "bridge", 7, 0);
	sd = nest(IFLA_INFO_SLAVE_DATA);
	attr(IFLA_BOND_SLAVE_STATE, "\x01\x02\x03", 3, 0);
	nest_end(sd);
	nest_end(li);
	l = parse(&ns);
	if (l) {
		CHECK_INT(l->info.have, 0);
		CHECK_INT(n_fields(l), 0);
	}
	free(ns.links);

	/* team: kind only; its (empty here, junk) data is not read, and the fields say why no mode */
	ns = (struct nst_ns){ .name = "t" };
	begin(20, "team0", "team");
	attr(1, "\x01\x02", 2, 0);
	end();
	l = parse(&ns);
	if (l) {
		CHECK_INT(nst_link_kind_find(l->kind)->id, NST_KIND_TEAM);
		CHECK_INT(l->info.have, 0);
		CHECK_STR(field(l, "note", b, sizeof(b)), "mode lives in generic netlink (teamd); not read");
		CHECK_STR(field(l, "mode", b, sizeof(b)), "(none)");
		CHECK_STR(text_of(l), "team");
	}
	free(ns.links);
}

static void test_netkit_wireguard(void)
{
	struct nst_ns ns = { .name = "t" };
	char b[64];

	/* netkit: IFLA_NETKIT_* are 2 PRIMARY, 3 POLICY, 4 PEER_POLICY, 5 MODE; the peer as a veth's */
	begin(21, "nk0", "netkit");
	u8(2, 1);
	u32(3, 0);
	u32(4, 2);
	u32(5, 1);
	u32(6, 1); /* scrub: not decoded */
	end();
	u32(IFLA_LINK, 22);
	u32(IFLA_LINK_NETNSID, 1);
	struct nst_link *l = parse(&ns);
	if (l) {
		CHECK_INT(nst_link_kind_find(l->kind)->id, NST_KIND_NETKIT);
		CHECK_STR(field(l, "mode", b, sizeof(b)), "l3");
		CHECK_STR(field(l, "policy", b, sizeof(b)), "forward");
		CHECK_STR(field(l, "peer_policy", b, sizeof(b)), "blackhole");
		CHECK_STR(field(l, "primary", b, sizeof(b)), "true");
		CHECK_INT(n_fields(l), 4);
		CHECK_STR(text_of(l), "netkit l3 primary");
		CHECK(l->peer.has && l->peer.elsewhere && !l->lower.has);
		CHECK_INT(l->peer.ifindex, 22);
		CHECK_INT(l->peer.nsid, 1);
	}
	free(ns.links);

	/* wireguard: IFLA_INFO_DATA is empty; nothing until generic netlink answers */
	ns = (struct nst_ns){ .name = "t" };
	begin(23, "wg0", "wireguard");
	end();
	l = parse(&ns);
	if (l) {
		CHECK_INT(nst_link_kind_find(l->kind)->id, NST_KIND_WIREGUARD);
		CHECK_INT(l->info.have, 0);
		CHECK_INT(n_fields(l), 0);
		CHECK_STR(text_of(l), "wireguard");
	}
	free(ns.links);

	/* an unknown kind stays its name alone: its data is never read, even where it would break a rule */
	ns = (struct nst_ns){ .name = "t" };
	begin(24, "x0", "hsr");
	attr(IFLA_GRE_LOCAL, "\x01\x02\x03\x04\x05", 5, 0);
	end();
	l = parse(&ns);
	if (l) {
		CHECK_STR(l->kind, "hsr");
		CHECK_INT(nst_link_kind_find(l->kind)->id, NST_KIND_OTHER);
		CHECK_INT(l->info.have, 0);
		CHECK_INT(n_fields(l), 0);
		CHECK_STR(text_of(l), "hsr");
		CHECK(!l->lower.has && !l->peer.has);
	}
	free(ns.links);
}

static void test_hostile(void)
{
	begin(9, "g", "geneve");
	attr(IFLA_GENEVE_REMOTE, "\x0a\x00\x00\x01\x02", 5, 0);
	end();
	kept_bare("a geneve remote of 5 bytes");

	begin(9, "g", "geneve");
	attr(IFLA_GENEVE_COLLECT_METADATA, "\x01", 1, 0);
	end();
	kept_bare("a geneve collect_metadata flag with a payload");

	begin(9, "t", "gre");
	attr(IFLA_GRE_LOCAL, "\x0a\x00\x00\x01\x02", 5, 0);
	end();
	kept_bare("a gre local of 5 bytes");

	begin(9, "t", "gre");
	attr(IFLA_GRE_IKEY, "\x00\x07", 2, 0);
	end();
	kept_bare("a gre ikey of 2 bytes");

	begin(9, "t", "ip6tnl");
	attr(IFLA_IPTUN_REMOTE, "\x0a\x00\x00\x01", 4, 0);
	end();
	kept_bare("an ip6tnl remote of 4 bytes");

	begin(9, "t", "ipip");
	attr(IFLA_IPTUN_LINK, "\x02\x00", 2, 0);
	end();
	kept_bare("an ipip link of 2 bytes");

	begin(9, "v", "vrf");
	attr(IFLA_VRF_TABLE, "\x0a\x00", 2, 0);
	end();
	kept_bare("a vrf table of 2 bytes");

	begin(9, "b", "bond");
	u32(IFLA_BOND_MODE, 4);
	end();
	kept_bare("a bond mode of 4 bytes");

	begin(9, "n", "netkit");
	u16(5, 1);
	end();
	kept_bare("a netkit mode of 2 bytes");

	begin(9, "b", "bond");
	size_t at = attr(IFLA_BOND_MIIMON, "\x64\x00\x00\x00", 4, 0);
	end();
	uint16_t claim = 40; /* runs past INFO_DATA's end */
	memcpy(buf + at, &claim, sizeof(claim));
	kept_bare("a bond miimon claiming past its nest");

	/* a member's truncated slave data */
	msg(9);
	attr(IFLA_IFNAME, "m", 2, 0);
	size_t li = nest(IFLA_LINKINFO);
	attr(IFLA_INFO_KIND, "veth", 5, 0);
	attr(IFLA_INFO_SLAVE_KIND, "bond", 5, 0);
	size_t sd = nest(IFLA_INFO_SLAVE_DATA);
	u8(IFLA_BOND_SLAVE_STATE, 0);
	nest_end(sd);
	nest_end(li);
	claim = (uint16_t)(len - sd + 16);
	memcpy(buf + sd, &claim, sizeof(claim));
	refused("bond slave data longer than the link info");

	msg(9);
	attr(IFLA_IFNAME, "m", 2, 0);
	li = nest(IFLA_LINKINFO);
	attr(IFLA_INFO_SLAVE_KIND, "bond", 5, 0);
	sd = nest(IFLA_INFO_SLAVE_DATA);
	u16(IFLA_BOND_SLAVE_STATE, 1);
	nest_end(sd);
	nest_end(li);
	kept_bare("a bond slave state of 2 bytes");
}

/* Wireguard's generic netlink replies. */
enum { WG_FAMILY = 0x1b };

static void key_attr(uint16_t type, uint8_t fill, size_t n)
{
	uint8_t k[WG_KEY_LEN + 1];
	memset(k, fill, sizeof(k));
	attr(type, k, n, 0);
}

/* One peer nest (index i) with a public key of fill bytes. */
static void peer(uint16_t i, uint8_t fill, size_t key_len)
{
	size_t p = nest(i);
	key_attr(WGPEER_A_PUBLIC_KEY, fill, key_len);
	u16(WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, 25);
	nest_end(p);
}

static int wg_parse(struct be_wg_dump *d)
{
	seed_save();
	return be_wg_parse_device((const struct nlmsghdr *)buf, WG_FAMILY, d);
}

static void test_wireguard_genl(void)
{
	uint16_t id = 0;
	char b[64];

	genl_msg(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	attr(CTRL_ATTR_FAMILY_NAME, WG_GENL_NAME, sizeof(WG_GENL_NAME), 0);
	u16(CTRL_ATTR_FAMILY_ID, WG_FAMILY);
	u32(CTRL_ATTR_VERSION, 1);
	seed_save();
	CHECK_INT(be_genl_parse_family((const struct nlmsghdr *)buf, WG_GENL_NAME, &id), 0);
	CHECK_INT(id, WG_FAMILY);
	CHECK_INT(be_genl_parse_family((const struct nlmsghdr *)buf, "team", &id), -EBADMSG);
	genl_msg(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	attr(CTRL_ATTR_FAMILY_NAME, WG_GENL_NAME, sizeof(WG_GENL_NAME), 0);
	attr(CTRL_ATTR_FAMILY_ID, "\x1b", 1, 0);
	seed_save();
	CHECK_INT(be_genl_parse_family((const struct nlmsghdr *)buf, WG_GENL_NAME, &id), -EBADMSG);

	/* the first message: the device and two peers; the second: peer B again (allowed IPs that did not fit) and C */
	struct be_wg_dump d = { .ifindex = 23 };
	genl_msg(WG_FAMILY, WG_CMD_GET_DEVICE);
	u16(WGDEVICE_A_LISTEN_PORT, 51820);
	u32(WGDEVICE_A_FWMARK, 0);
	u32(WGDEVICE_A_IFINDEX, 23);
	attr(WGDEVICE_A_IFNAME, "wg0", 4, 0);
	key_attr(WGDEVICE_A_PUBLIC_KEY, 0x11, WG_KEY_LEN);
	size_t ps = nest(WGDEVICE_A_PEERS);
	peer(0, 0xaa, WG_KEY_LEN);
	peer(1, 0xbb, WG_KEY_LEN);
	nest_end(ps);
	CHECK_INT(wg_parse(&d), 0);
	CHECK_INT(d.peers, 2);
	genl_msg(WG_FAMILY, WG_CMD_GET_DEVICE);
	attr(WGDEVICE_A_IFNAME, "wg0", 4, 0);
	ps = nest(WGDEVICE_A_PEERS);
	peer(0, 0xbb, WG_KEY_LEN);
	peer(1, 0xcc, WG_KEY_LEN);
	nest_end(ps);
	CHECK_INT(wg_parse(&d), 0);
	CHECK_INT(d.peers, 3);
	CHECK(d.have_port);

	struct nst_link l = { .ifindex = 23 };
	snprintf(l.kind, sizeof(l.kind), "wireguard");
	be_wg_dump_info(&d, &l.info);
	CHECK_STR(field(&l, "listen_port", b, sizeof(b)), "51820");
	CHECK_STR(field(&l, "peers", b, sizeof(b)), "3");
	CHECK_STR(text_of(&l), "wireguard port 51820 3 peers");

	/* a truncated peer nest (claims past the peers nest): refused, nothing counted */
	struct be_wg_dump before = d;
	genl_msg(WG_FAMILY, WG_CMD_GET_DEVICE);
	ps = nest(WGDEVICE_A_PEERS);
	size_t p = nest(0);
	key_attr(WGPEER_A_PUBLIC_KEY, 0xdd, WG_KEY_LEN);
	nest_end(p);
	peer(1, 0xee, WG_KEY_LEN);
	nest_end(ps);
	uint16_t claim = (uint16_t)(len - p + 8);
	memcpy(buf + p, &claim, sizeof(claim));
	CHECK_INT(wg_parse(&d), -EBADMSG);
	CHECK_INT(d.peers, before.peers);
	CHECK(memcmp(d.last_key, before.last_key, sizeof(d.last_key)) == 0);

	/* a peer nest whose length is torn inside a key attribute */
	genl_msg(WG_FAMILY, WG_CMD_GET_DEVICE);
	ps = nest(WGDEVICE_A_PEERS);
	p = nest(0);
	key_attr(WGPEER_A_PUBLIC_KEY, 0xdd, WG_KEY_LEN);
	nest_end(p);
	nest_end(ps);
	claim = NLA_HDRLEN + 10;
	memcpy(buf + p, &claim, sizeof(claim));
	CHECK_INT(wg_parse(&d), -EBADMSG);

	/* a key of 31 bytes, a peer with no key, another device's ifindex, another family, another command */
	genl_msg(WG_FAMILY, WG_CMD_GET_DEVICE);
	ps = nest(WGDEVICE_A_PEERS);
	peer(0, 0xdd, WG_KEY_LEN - 1);
	nest_end(ps);
	CHECK_INT(wg_parse(&d), -EBADMSG);
	genl_msg(WG_FAMILY, WG_CMD_GET_DEVICE);
	ps = nest(WGDEVICE_A_PEERS);
	p = nest(0);
	u16(WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, 25);
	nest_end(p);
	nest_end(ps);
	CHECK_INT(wg_parse(&d), -EBADMSG);
	genl_msg(WG_FAMILY, WG_CMD_GET_DEVICE);
	u32(WGDEVICE_A_IFINDEX, 24);
	CHECK_INT(wg_parse(&d), -EBADMSG);
	genl_msg(WG_FAMILY + 1, WG_CMD_GET_DEVICE);
	u16(WGDEVICE_A_LISTEN_PORT, 1);
	CHECK_INT(wg_parse(&d), -EBADMSG);
	genl_msg(WG_FAMILY, WG_CMD_SET_DEVICE);
	u16(WGDEVICE_A_LISTEN_PORT, 1);
	CHECK_INT(wg_parse(&d), -EBADMSG);
	genl_msg(WG_FAMILY, WG_CMD_GET_DEVICE);
	attr(WGDEVICE_A_LISTEN_PORT, "\x01", 1, 0);
	CHECK_INT(wg_parse(&d), -EBADMSG);
	CHECK_INT(d.listen_port, 51820);
	CHECK_INT(d.peers, 3);

	/* one peer; a device without peers says 0 */
	struct be_wg_dump one = { .ifindex = 5 };
	genl_msg(WG_FAMILY, WG_CMD_GET_DEVICE);
	u16(WGDEVICE_A_LISTEN_PORT, 0);
	ps = nest(WGDEVICE_A_PEERS);
	peer(0, 0x01, WG_KEY_LEN);
	nest_end(ps);
	seed_save();
	CHECK_INT(be_wg_parse_device((const struct nlmsghdr *)buf, WG_FAMILY, &one), 0);
	struct nst_link_info in = { 0 };
	be_wg_dump_info(&one, &in);
	char text[64];
	nst_link_info_text("wireguard", &in, "->", text, sizeof(text));
	CHECK_STR(text, "wireguard port 0 1 peer");
	struct be_wg_dump none = { .ifindex = 5 };
	in = (struct nst_link_info){ 0 };
	be_wg_dump_info(&none, &in);
	CHECK(!(in.have & NST_LI_LISTEN_PORT) && (in.have & NST_LI_PEERS) && in.peers == 0);
}

/*
 * The real query where this kernel has no wireguard: no warning, no field, no
 * message refused. Asking for a family makes a kernel with modules load it,
 * so this runs only where none can be loaded (no /proc/modules) or wireguard
 * is in already (then the made-up ifindex is ENODEV: silent too).
 */
static void test_wg_query(void)
{
	if (access("/proc/modules", F_OK) == 0 && access("/sys/module/wireguard", F_OK) != 0) {
		fprintf(stderr, "test_wg_query: not run (a kernel with modules would load wireguard)\n");
		return;
	}
	struct be_ns b = { .name = "t" };
	struct nst_ns ns = { .name = "t" };
	struct nst_link *l = nst_ns_add_link(&ns, 999999, "wg0");
	snprintf(l->kind, sizeof(l->kind), "wireguard");
	nst_ns_add_link(&ns, 1, "lo");
	be_wg_read(&b, &ns);
	l = nst_ns_find_link(&ns, 999999);
	CHECK(l != NULL);
	if (l) {
		CHECK_INT(l->warnings.n, 0);
		CHECK(!(l->info.have & (NST_LI_LISTEN_PORT | NST_LI_PEERS)));
	}
	CHECK_INT(b.dropped, 0);
	free(ns.links);
}

/* --json and --dump of the hand-built kinds (fixture_kinds): every kind's info object and kind line. */
static void test_render(void)
{
	struct nst_model *m = fixture_kinds();
	char *j = render_to_string(nst_render_json, m, NULL), *t = render_to_string(nst_render_text, m, NULL);
	static const char *const want_json[] = {
		"\"name\":\"gre1\",\"kind\":\"gre\",",
		"\"info\":{\"local\":\"10.1.1.2\",\"remote\":\"10.1.1.1\",\"ttl\":64,\"ikey\":7,\"okey\":7,"
		"\"external\":false},\"lower\":{\"namespace\":\"/\",\"name\":\"eth0\",\"ifindex\":2,\"nsid\":null,\"ns\":\"/\","
		"\"unknown\":false}",
		"\"info\":{\"id\":5,\"remote\":\"10.1.1.1\",\"port\":6081,\"external\":false}",
		"\"info\":{\"local\":\"fd00::1\",\"remote\":\"fd00::2\",\"ttl\":64,\"proto\":\"ip6ip6\"}",
		"\"info\":{\"table\":10}",
		"\"info\":{\"mode\":\"active-backup\",\"miimon\":100,\"active_slave_ifindex\":8}",
		"\"master\":\"bond0\",\"master_link\":{\"namespace\":\"/\",\"name\":\"bond0\",\"ifindex\":7,\"nsid\":null,"
		"\"ns\":\"/\",\"unknown\":false},\"peer\":null,\"info\":{\"bond_slave_state\":\"active\","
		"\"bond_slave_mii_status\":\"up\"}",
		"\"info\":{\"note\":\"mode lives in generic netlink (teamd); not read\"}",
		"\"info\":{\"listen_port\":51820,\"peers\":3}",
		"\"peer\":{\"namespace\":\"c1\",\"name\":\"nk1\",\"ifindex\":2,\"nsid\":0,\"ns\":\"c1\",\"unknown\":false},"
		"\"info\":{\"mode\":\"l3\","
		"\"policy\":\"forward\",\"peer_policy\":\"blackhole\",\"primary\":true}",
	};
	static const char *const want_text[] = {
		"\n      gre local 10.1.1.2 remote 10.1.1.1 ttl 64 ikey 7 okey 7 external off dev eth0\n",
		"\n      geneve id 5 remote 10.1.1.1 port 6081 external off\n",
		"\n      ip6tnl local fd00::1 remote fd00::2 ttl 64 proto ip6ip6\n",
		"\n      vrf table 10\n",
		"\n      bond mode active-backup miimon 100 active_slave_ifindex 8\n",
		"\n        dummy bond_slave_state active bond_slave_mii_status up\n",
		"\n      team (mode lives in generic netlink (teamd); not read)\n",
		"\n      wireguard listen_port 51820 peers 3\n",
		"\n      netkit mode l3 policy forward peer_policy blackhole primary on\n",
	};

	for (size_t i = 0; i < sizeof(want_json) / sizeof(want_json[0]); i++) {
		if (!strstr(j, want_json[i])) {
			fprintf(stderr, "--json lacks %s\n", want_json[i]);
			unit_failures++;
		}
	}
	for (size_t i = 0; i < sizeof(want_text) / sizeof(want_text[0]); i++) {
		if (!strstr(t, want_text[i])) {
			fprintf(stderr, "--dump lacks%s", want_text[i]);
			unit_failures++;
		}
	}
	CHECK(strstr(t, " ifindex 2\n      inet 10.1.1.2/24\n") != NULL); /* a device: no kind line */
	free(j);
	free(t);
	nst_model_destroy(m);
}

/* Cut texts stay terminated and never overrun, for every kind. */
static void test_text_cut(void)
{
	struct nst_link_info in = { .have = NST_LI_LOCAL | NST_LI_REMOTE | NST_LI_IKEY | NST_LI_OKEY | NST_LI_TTL,
				    .local = { AF_INET6, { 0xfd, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 } },
				    .remote = { AF_INET6, { 0xfd, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16 } },
				    .ikey = 4000000000u, .okey = 1, .ttl = 255 };
	char small[24];

	memset(small, 'x', sizeof(small));
	nst_link_info_text("ip6gre", &in, "→", small, sizeof(small));
	CHECK(memchr(small, 0, sizeof(small)) != NULL);
	CHECK(strncmp(small, "ip6gre fd01:203:405", 19) == 0);
	char big[200];
	nst_link_info_text("ip6gre", &in, "→", big, sizeof(big));
	CHECK_STR(big, "ip6gre fd01:203:405:607:809:a0b:c0d:e0f → fd01:203:405:607:809:a0b:c0d:e10 ikey 4000000000 okey 1 ttl 255");
}

/* --dot: a lower device is a dashed "lower" edge, a netkit pair one edge labelled netkit, a bond member a port edge. */
static void test_dot(void)
{
	struct nst_model *m = fixture_kinds();
	char *d = render_to_string(nst_render_dot, m, NULL);

	CHECK(strstr(d, "\tn0_3 -- n0_2 [label=\"lower\", style=dashed];\n") != NULL); /* gre1 over eth0 */
	CHECK(strstr(d, "\tn0_8 -- n0_7 [style=dashed, label=\"port\"];\n") != NULL);  /* m1 in bond0 */
	CHECK(strstr(d, "\tn0_11 -- n1_2 [label=\"netkit\"];\n") != NULL);            /* nk0, nk1 once */
	CHECK(strstr(d, "n1_2 -- n0_11") == NULL);
	free(d);
	nst_model_destroy(m);
}

UNIT_MAIN(test_geneve, test_gre, test_iptun, test_vrf_bond_team, test_netkit_wireguard, test_hostile,
	  test_wireguard_genl, test_wg_query, test_render, test_dot, test_text_cut)
