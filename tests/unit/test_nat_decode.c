/* SPDX-License-Identifier: MIT */
/* The NAT decoder on hand-built expression lists: fields, xt targets (rev 0 and 2), edge cases. */
#include <arpa/inet.h>
#include <string.h>

#include "nat.h"
#include "unit.h"

static struct nst_expr meta(uint32_t key, uint32_t dreg)
{
	return (struct nst_expr){ .kind = NST_E_META, .name = "meta", .key = key, .dreg = dreg };
}

static struct nst_expr payload(uint32_t base, uint32_t off, uint32_t len, uint32_t dreg)
{
	return (struct nst_expr){ .kind = NST_E_PAYLOAD, .name = "payload", .base = base, .offset = off, .len = len, .dreg = dreg };
}

static struct nst_expr cmp(uint32_t sreg, uint32_t op, const void *data, uint32_t len)
{
	struct nst_expr e = { .kind = NST_E_CMP, .name = "cmp", .sreg = sreg, .op = op, .data_len = len };
	memcpy(e.data, data, len);
	return e;
}

static struct nst_expr imm(uint32_t dreg, const void *data, uint32_t len)
{
	struct nst_expr e = { .kind = NST_E_IMMEDIATE, .name = "immediate", .dreg = dreg, .data_len = len };
	memcpy(e.data, data, len);
	return e;
}

static void test_native_dnat_fields(void)
{
	uint8_t tcp = 6, port[2] = { 0x27, 0x0f }, addr[4] = { 192, 168, 10, 3 };
	struct nst_expr e[] = {
		meta(16, 1), cmp(1, 0, &tcp, 1), payload(2, 2, 2, 1), cmp(1, 0, port, 2),
		imm(1, addr, 4), imm(2, port, 2),
		{ .kind = NST_E_NAT, .name = "nat", .nat_type = 1, .nat_family = 2, .reg_addr_min = 1, .reg_proto_min = 2 },
	};
	struct nst_nat_rule r = { 0 };

	nst_nat_decode(e, sizeof(e) / sizeof(e[0]), "ip", &r);
	CHECK_INT(r.type, NST_NAT_DNAT);
	CHECK_STR(r.match.proto, "tcp");
	CHECK_STR(r.match.dport, "9999");
	CHECK_STR(r.to_addr, "192.168.10.3");
	CHECK_STR(r.to_port, "9999");
	CHECK(!r.has_counter && !r.raw);
	CHECK_STR(r.summary, "tcp dport 9999 dnat to 192.168.10.3:9999");
}

static void test_l4proto_alone_is_printed(void)
{
	uint8_t icmp = 1, udp = 17;
	struct nst_expr a[] = { meta(16, 1), cmp(1, 0, &icmp, 1), { .kind = NST_E_MASQ, .name = "masq" } };
	struct nst_expr b[] = { meta(16, 1), cmp(1, 0, &udp, 1), { .kind = NST_E_MASQ, .name = "masq" } };
	struct nst_nat_rule r = { 0 };

	nst_nat_decode(a, 3, "ip", &r);
	CHECK_STR(r.summary, "meta l4proto icmp masquerade");
	CHECK_STR(r.match.proto, "icmp");
	nst_nat_decode(b, 3, "ip", &r);
	CHECK_STR(r.summary, "meta l4proto udp masquerade");
}

/* iptables-nft's DNAT target rev 2: struct nf_nat_range2 in the xt info. */
static void test_xt_dnat_rev2(void)
{
	struct nst_expr t = { .kind = NST_E_TARGET, .name = "DNAT", .rev = 2, .data_len = 4 + 16 + 16 + 2 + 2 + 2 };
	uint32_t flags = 1 | 2; /* MAP_IPS | PROTO_SPECIFIED */
	uint8_t ip[4] = { 192, 168, 10, 3 };

	memcpy(t.data, &flags, 4);
	memcpy(t.data + 4, ip, 4);
	memcpy(t.data + 20, ip, 4);
	t.data[36] = 0x27;
	t.data[37] = 0x0e;
	t.data[38] = 0x27;
	t.data[39] = 0x0e;
	struct nst_nat_rule r = { 0 };
	nst_nat_decode(&t, 1, "ip", &r);
	CHECK_INT(r.type, NST_NAT_DNAT);
	CHECK_STR(r.to_addr, "192.168.10.3");
	CHECK_STR(r.to_port, "9998");
	CHECK_STR(r.summary, "dnat to 192.168.10.3:9998");
}

/* MASQUERADE rev 0 and SNAT rev 0: struct nf_nat_ipv4_multi_range_compat. */
static void test_xt_rev0(void)
{
	struct nst_expr t = { .kind = NST_E_TARGET, .name = "SNAT", .rev = 0, .data_len = 20 };
	uint32_t size = 1, flags = 1;
	uint8_t lo[4] = { 192, 168, 1, 126 }, hi[4] = { 192, 168, 1, 130 };

	memcpy(t.data, &size, 4);
	memcpy(t.data + 4, &flags, 4);
	memcpy(t.data + 8, lo, 4);
	memcpy(t.data + 12, hi, 4);
	struct nst_nat_rule r = { 0 };
	nst_nat_decode(&t, 1, "ip", &r);
	CHECK_STR(r.summary, "snat to 192.168.1.126-192.168.1.130");

	struct nst_expr m = { .kind = NST_E_TARGET, .name = "MASQUERADE", .rev = 0, .data_len = 20 };
	flags = 2 | 4; /* ports + random */
	memcpy(m.data, &size, 4);
	memcpy(m.data + 4, &flags, 4);
	m.data[16] = 0x04;
	m.data[17] = 0x00;
	m.data[18] = 0x08;
	m.data[19] = 0x00;
	nst_nat_decode(&m, 1, "ip", &r);
	CHECK_INT(r.type, NST_NAT_MASQ);
	CHECK_STR(r.to_port, "1024-2048");
	CHECK_STR(r.summary, "masquerade to :1024-2048 random");
}

static void test_unknown_is_shown(void)
{
	struct nst_expr e[] = {
		{ .kind = NST_E_OTHER, .name = "lookup" },
		{ .kind = NST_E_MATCH, .name = "conntrack" },
		{ .kind = NST_E_TARGET, .name = "MARK" },
		{ .kind = NST_E_IMMEDIATE, .name = "immediate", .has_verdict = true },
	};
	struct nst_nat_rule r = { 0 };

	nst_nat_decode(e, 4, "ip", &r);
	CHECK(r.raw);
	CHECK_INT(r.type, NST_NAT_OTHER);
	CHECK_STR(r.summary, "[lookup] xt match \"conntrack\" xt target \"MARK\" [verdict]");
}

static void test_ipv6_prefix_and_ports(void)
{
	uint8_t net[16] = { 0xfd, 0, 0, 0x0a }, mask[16] = { 0xff, 0xff, 0xff, 0xf0 };
	uint8_t lo[2] = { 0x13, 0x88 }, hi[2] = { 0x13, 0x92 }, udp = 17;
	struct nst_expr e[] = {
		payload(1, 8, 16, 1),
		{ .kind = NST_E_BITWISE, .name = "bitwise", .sreg = 1, .dreg = 1, .data_len = 16 },
		cmp(1, 0, net, 16),
		meta(16, 1), cmp(1, 0, &udp, 1),
		payload(2, 2, 2, 1), cmp(1, 5, lo, 2), cmp(1, 3, hi, 2),
		{ .kind = NST_E_COUNTER, .name = "counter", .packets = 3, .bytes = 180 },
		{ .kind = NST_E_MASQ, .name = "masq" },
	};
	struct nst_nat_rule r = { 0 };

	memcpy(e[1].data, mask, 16);
	nst_nat_decode(e, sizeof(e) / sizeof(e[0]), "ip6", &r);
	CHECK_STR(r.match.saddr, "fd00:a::/28");
	CHECK_STR(r.match.dport, "5000-5010");
	CHECK(r.has_counter);
	CHECK_INT(r.packets, 3);
	CHECK_INT(r.bytes, 180);
	CHECK_STR(r.summary, "ip6 saddr fd00:a::/28 udp dport 5000-5010 counter packets 3 bytes 180 masquerade");
}

static void test_truncated_cmp_data_is_safe(void)
{
	uint8_t one = 192;
	struct nst_expr e[] = { payload(1, 12, 4, 1), cmp(1, 0, &one, 1), { .kind = NST_E_MASQ, .name = "masq" } };
	struct nst_nat_rule r = { 0 };

	/* a 4-byte load compared with 1 byte of data: not decoded as an address */
	nst_nat_decode(e, 3, "ip", &r);
	CHECK(r.raw);
	CHECK_STR(r.match.saddr, "");
}

UNIT_MAIN(test_native_dnat_fields, test_l4proto_alone_is_printed, test_xt_dnat_rev2, test_xt_rev0,
	  test_unknown_is_shown, test_ipv6_prefix_and_ports, test_truncated_cmp_data_is_safe)
