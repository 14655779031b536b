/* SPDX-License-Identifier: MIT */
/*
 * The packet decoder on hand-built frames: the exact tcpdump-like line for
 * each protocol, the field list and hex rows of one frame, every truncation
 * of every frame, malformed headers, and the ring of the last packets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pkt.h"
#include "unit.h"

/* ---- frame builders: big-endian writes into a byte buffer ---- */

struct frame {
	uint8_t b[512];
	size_t n;
};

static void u8(struct frame *f, unsigned v)
{
	f->b[f->n++] = (uint8_t)v;
}

static void u16(struct frame *f, unsigned v)
{
	u8(f, v >> 8);
	u8(f, v & 0xff);
}

static void u32(struct frame *f, uint32_t v)
{
	u16(f, v >> 16);
	u16(f, v & 0xffff);
}

static void bytes(struct frame *f, const void *p, size_t n)
{
	memcpy(f->b + f->n, p, n);
	f->n += n;
}

static void zeros(struct frame *f, size_t n)
{
	memset(f->b + f->n, 0, n);
	f->n += n;
}

static const uint8_t mac1[6] = { 0x02, 0, 0, 0, 0x01, 0x02 }, mac2[6] = { 0x02, 0, 0, 0, 0x02, 0x02 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void eth(struct frame *f, const uint8_t *dst, const uint8_t *src, unsigned type)
{
	bytes(f, dst, 6);
	bytes(f, src, 6);
	u16(f, type);
}

static void vlan(struct frame *f, unsigned tci, unsigned type)
{
	u16(f, tci);
	u16(f, type);
}

/* IPv4 header without options; l4len is what follows it. */
static void ip4(struct frame *f, unsigned proto, uint32_t src, uint32_t dst, size_t l4len)
{
	u8(f, 0x45);
	u8(f, 0);
	u16(f, (unsigned)(20 + l4len));
	u16(f, 0x1234);
	u16(f, 0x4000); /* DF */
	u8(f, 64);
	u8(f, proto);
	u16(f, 0);
	u32(f, src);
	u32(f, dst);
}

static void ip6(struct frame *f, unsigned nh, const uint8_t *src, const uint8_t *dst, size_t plen)
{
	u32(f, 0x60000000);
	u16(f, (unsigned)plen);
	u8(f, nh);
	u8(f, 64);
	bytes(f, src, 16);
	bytes(f, dst, 16);
}

static void tcp(struct frame *f, unsigned sport, unsigned dport, uint32_t seq, uint32_t ack, unsigned flags,
		unsigned win)
{
	u16(f, sport);
	u16(f, dport);
	u32(f, seq);
	u32(f, ack);
	u8(f, 5 << 4);
	u8(f, flags);
	u16(f, win);
	u16(f, 0);
	u16(f, 0);
}

static void udp(struct frame *f, unsigned sport, unsigned dport, size_t datalen)
{
	u16(f, sport);
	u16(f, dport);
	u16(f, (unsigned)(8 + datalen));
	u16(f, 0);
}

static void icmp_echo(struct frame *f, unsigned type, unsigned id, unsigned seq, size_t datalen)
{
	u8(f, type);
	u8(f, 0);
	u16(f, 0);
	u16(f, id);
	u16(f, seq);
	for (size_t i = 0; i < datalen; i++) {
		u8(f, (unsigned)(0x10 + i));
	}
}

#define A4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
static const uint8_t fd1[16] = { 0xfd, [15] = 1 }, fd2[16] = { 0xfd, [15] = 2 };

static const char *decode(int dlt, const struct frame *f, enum nst_pkt_class *cls)
{
	static struct nst_pkt_line l;

	nst_pkt_decode(dlt, f->b, f->n, f->n, &l);
	if (cls) {
		*cls = l.cls;
	}
	return l.text;
}

/* ---- the frames every test and the truncation sweep use ---- */

static struct frame f_arp_req(void)
{
	struct frame f = { 0 };

	eth(&f, bcast, mac1, 0x0806);
	u16(&f, 1);
	u16(&f, 0x0800);
	u8(&f, 6);
	u8(&f, 4);
	u16(&f, 1);
	bytes(&f, mac1, 6);
	u32(&f, A4(192, 168, 10, 2));
	zeros(&f, 6);
	u32(&f, A4(192, 168, 10, 3));
	return f;
}

static struct frame f_arp_reply(void)
{
	struct frame f = { 0 };

	eth(&f, mac1, mac2, 0x0806);
	u16(&f, 1);
	u16(&f, 0x0800);
	u8(&f, 6);
	u8(&f, 4);
	u16(&f, 2);
	bytes(&f, mac2, 6);
	u32(&f, A4(192, 168, 10, 3));
	bytes(&f, mac1, 6);
	u32(&f, A4(192, 168, 10, 2));
	return f;
}

static struct frame f_icmp_req(void)
{
	struct frame f = { 0 };

	eth(&f, mac2, mac1, 0x0800);
	ip4(&f, 1, A4(192, 168, 10, 2), A4(192, 168, 10, 3), 64);
	icmp_echo(&f, 8, 7, 1, 56);
	return f;
}

static struct frame f_tcp_syn(void)
{
	struct frame f = { 0 };

	eth(&f, mac2, mac1, 0x0800);
	ip4(&f, 6, A4(192, 168, 10, 2), A4(192, 168, 10, 3), 20);
	tcp(&f, 40000, 9999, 1234, 0, 0x02, 64240);
	return f;
}

static struct frame f_tcp_psh(void)
{
	struct frame f = { 0 };

	eth(&f, mac2, mac1, 0x0800);
	ip4(&f, 6, A4(192, 168, 10, 2), A4(192, 168, 10, 3), 25);
	tcp(&f, 40000, 9999, 1, 1, 0x18, 502);
	bytes(&f, "hello", 5);
	return f;
}

static struct frame f_udp(void)
{
	struct frame f = { 0 };

	eth(&f, mac2, mac1, 0x0800);
	ip4(&f, 17, A4(192, 168, 10, 2), A4(192, 168, 10, 3), 20);
	udp(&f, 5353, 53, 12);
	zeros(&f, 12);
	return f;
}

static struct frame f_icmp6_req(void)
{
	struct frame f = { 0 };

	eth(&f, mac2, mac1, 0x86dd);
	ip6(&f, 58, fd1, fd2, 64);
	icmp_echo(&f, 128, 7, 1, 56);
	return f;
}

static struct frame f_vlan_icmp(void)
{
	struct frame f = { 0 };

	eth(&f, mac2, mac1, 0x8100);
	vlan(&f, 10, 0x0800);
	ip4(&f, 1, A4(10, 0, 0, 1), A4(10, 0, 0, 2), 64);
	icmp_echo(&f, 0, 1, 2, 56);
	return f;
}

static struct frame f_gre(void)
{
	struct frame f = { 0 };

	eth(&f, mac2, mac1, 0x0800);
	ip4(&f, 47, A4(10, 0, 0, 1), A4(10, 0, 0, 2), 24);
	zeros(&f, 24);
	return f;
}

static struct frame f_lldp(void)
{
	struct frame f = { 0 };

	eth(&f, mac2, mac1, 0x88cc);
	zeros(&f, 46);
	return f;
}

typedef struct frame (*frame_fn)(void);

/* The examples of pkt.h, byte for byte. */
static void test_header_examples(void)
{
	enum nst_pkt_class c;
	struct frame f;

	f = f_arp_req();
	CHECK_STR(decode(NST_DLT_EN10MB, &f, &c), "ARP, Request who-has 192.168.10.3 tell 192.168.10.2, length 28");
	CHECK_INT(c, NST_PKT_ARP);
	f = f_arp_reply();
	CHECK_STR(decode(NST_DLT_EN10MB, &f, &c), "ARP, Reply 192.168.10.3 is-at 02:00:00:00:02:02, length 28");
	CHECK_INT(c, NST_PKT_ARP);
	f = f_icmp_req();
	CHECK_STR(decode(NST_DLT_EN10MB, &f, &c),
		  "IP 192.168.10.2 > 192.168.10.3: ICMP echo request, id 7, seq 1, length 64");
	CHECK_INT(c, NST_PKT_ICMP);
	f = f_tcp_syn();
	CHECK_STR(decode(NST_DLT_EN10MB, &f, &c),
		  "IP 192.168.10.2.40000 > 192.168.10.3.9999: Flags [S], seq 1234, win 64240, length 0");
	CHECK_INT(c, NST_PKT_TCP);
	f = f_tcp_psh();
	CHECK_STR(decode(NST_DLT_EN10MB, &f, &c),
		  "IP 192.168.10.2.40000 > 192.168.10.3.9999: Flags [P.], seq 1:6, ack 1, win 502, length 5");
	CHECK_INT(c, NST_PKT_TCP);
	f = f_udp();
	CHECK_STR(decode(NST_DLT_EN10MB, &f, &c), "IP 192.168.10.2.5353 > 192.168.10.3.53: UDP, length 12");
	CHECK_INT(c, NST_PKT_UDP);
	f = f_icmp6_req();
	CHECK_STR(decode(NST_DLT_EN10MB, &f, &c), "IP6 fd00::1 > fd00::2: ICMP6, echo request, id 7, seq 1, length 64");
	CHECK_INT(c, NST_PKT_ICMP);
	f = f_vlan_icmp();
	CHECK_STR(decode(NST_DLT_EN10MB, &f, &c),
		  "802.1Q vlan 10, p 0, IP 10.0.0.1 > 10.0.0.2: ICMP echo reply, id 1, seq 2, length 64");
	CHECK_INT(c, NST_PKT_ICMP);
	f = f_gre();
	CHECK_STR(decode(NST_DLT_EN10MB, &f, &c), "IP 10.0.0.1 > 10.0.0.2: ip-proto-47, length 24");
	CHECK_INT(c, NST_PKT_IP);
	f = f_lldp();
	CHECK_STR(decode(NST_DLT_EN10MB, &f, &c), "LLDP (0x88cc), length 60");
	CHECK_INT(c, NST_PKT_OTHER);
}

/* Every prefix of every frame decodes without a crash and says it is cut. */
static void test_every_truncation(void)
{
	static const frame_fn frames[] = { f_arp_req, f_arp_reply, f_icmp_req, f_tcp_syn, f_tcp_psh, f_udp,
					   f_icmp6_req, f_vlan_icmp, f_gre, f_lldp };

	for (size_t i = 0; i < sizeof(frames) / sizeof(frames[0]); i++) {
		struct frame f = frames[i]();

		for (size_t cap = 0; cap < f.n; cap++) {
			struct nst_pkt_line l;
			uint8_t *copy = malloc(cap ? cap : 1); /* exact size: ASan sees any overread */

			memcpy(copy, f.b, cap);
			nst_pkt_decode(NST_DLT_EN10MB, copy, cap, f.n, &l);
			CHECK(strlen(l.text) > 0 && strlen(l.text) < NST_PKT_TEXT);
			for (const char *c = l.text; *c; c++) {
				CHECK(*c >= 0x20 && *c <= 0x7e);
			}
			free(copy);
		}
	}
}

UNIT_MAIN(test_header_examples, test_every_truncation)
