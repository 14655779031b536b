/* SPDX-License-Identifier: MIT */
/*
 * The packet decoder on hand-built frames: the exact tcpdump-like line for
 * each protocol, the field list and hex rows of one frame, every truncation
 * of every frame, malformed headers, and the ring of the last packets.
 */
#include <stdbool.h>
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

/* ---- more builders ---- */

static void ip4x(struct frame *f, unsigned ihl, unsigned tot, unsigned id, unsigned frag, unsigned proto,
		 uint32_t src, uint32_t dst)
{
	u8(f, 0x40 | ihl);
	u8(f, 0);
	u16(f, tot);
	u16(f, id);
	u16(f, frag);
	u8(f, 64);
	u8(f, proto);
	u16(f, 0);
	u32(f, src);
	u32(f, dst);
	for (unsigned i = 5; i < ihl; i++) {
		u32(f, 0x01010101); /* NOP options */
	}
}

static void tcpx(struct frame *f, unsigned sport, unsigned dport, uint32_t seq, uint32_t ack, unsigned doff,
		 unsigned flags, unsigned win, unsigned urp)
{
	u16(f, sport);
	u16(f, dport);
	u32(f, seq);
	u32(f, ack);
	u8(f, doff << 4);
	u8(f, flags);
	u16(f, win);
	u16(f, 0);
	u16(f, urp);
}

static void arp(struct frame *f, unsigned op, const uint8_t *sha, uint32_t spa, const uint8_t *tha, uint32_t tpa)
{
	u16(f, 1);
	u16(f, 0x0800);
	u8(f, 6);
	u8(f, 4);
	u16(f, op);
	bytes(f, sha, 6);
	u32(f, spa);
	bytes(f, tha, 6);
	u32(f, tpa);
}

static const uint8_t zmac[6];
#define IP_A A4(10, 0, 0, 1)
#define IP_B A4(10, 0, 0, 2)

/* An ICMP error quoting a UDP (or TCP) datagram from B to dst port 80. */
static void icmp_err(struct frame *f, unsigned type, unsigned code, uint32_t rest, unsigned qproto, uint32_t qdst)
{
	ip4(f, 1, IP_B, IP_A, 8 + 28);
	u8(f, type);
	u8(f, code);
	u16(f, 0);
	u32(f, rest);
	ip4(f, qproto, IP_A, qdst, 8);
	udp(f, 4000, 80, 0);
}

static void icmp6_hdr(struct frame *f, unsigned type, unsigned code, uint32_t rest)
{
	u8(f, type);
	u8(f, code);
	u16(f, 0);
	u32(f, rest);
}

/* ICMPv6 error quoting an IPv6 datagram to fd00::9 of next header nh, 8 bytes of it. */
static void icmp6_err(struct frame *f, unsigned type, unsigned code, uint32_t rest, unsigned nh)
{
	static const uint8_t fd9[16] = { 0xfd, [15] = 9 };

	ip6(f, 58, fd2, fd1, 8 + 40 + 8);
	icmp6_hdr(f, type, code, rest);
	ip6(f, nh, fd1, fd9, 8);
	udp(f, 4000, 53, 0);
}

/* A frame of the table: how to build it, how much of it to capture (0: all), what it decodes to. */
struct want {
	const char *name;
	int dlt;
	void (*build)(struct frame *f);
	size_t cap;
	const char *line;
	enum nst_pkt_class cls;
};

#define ETH(f, type) eth(f, mac2, mac1, type)

static void b_arp_req(struct frame *f)
{
	eth(f, bcast, mac1, 0x0806);
	arp(f, 1, mac1, A4(192, 168, 10, 2), zmac, A4(192, 168, 10, 3));
}

static void b_arp_reply(struct frame *f)
{
	eth(f, mac1, mac2, 0x0806);
	arp(f, 2, mac2, A4(192, 168, 10, 3), mac1, A4(192, 168, 10, 2));
}

static void b_arp_req_tha(struct frame *f)
{
	eth(f, bcast, mac1, 0x0806);
	arp(f, 1, mac1, A4(192, 168, 10, 2), mac2, A4(192, 168, 10, 3));
}

static void b_arp_rarp_req(struct frame *f)
{
	eth(f, bcast, mac1, 0x0806);
	arp(f, 3, mac1, 0, mac1, 0);
}

static void b_arp_inv_reply(struct frame *f)
{
	eth(f, mac1, mac2, 0x0806);
	arp(f, 9, mac2, A4(192, 168, 10, 3), mac1, A4(192, 168, 10, 2));
}

static void b_arp_op7(struct frame *f)
{
	eth(f, mac1, mac2, 0x0806);
	arp(f, 7, mac2, A4(192, 168, 10, 3), mac1, A4(192, 168, 10, 2));
}

static void b_arp_other_hw(struct frame *f)
{
	eth(f, mac1, mac2, 0x0806);
	arp(f, 1, mac2, A4(192, 168, 10, 3), mac1, A4(192, 168, 10, 2));
	f->b[15] = 6; /* hardware type IEEE 802 */
	f->b[16] = 0x86; /* protocol IPv6 */
	f->b[17] = 0xdd;
}

static void b_icmp_req(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 1, A4(192, 168, 10, 2), A4(192, 168, 10, 3), 64);
	icmp_echo(f, 8, 7, 1, 56);
}

static void b_tcp_syn(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 6, A4(192, 168, 10, 2), A4(192, 168, 10, 3), 20);
	tcp(f, 40000, 9999, 1234, 0, 0x02, 64240);
}

static void b_tcp_psh(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 6, A4(192, 168, 10, 2), A4(192, 168, 10, 3), 25);
	tcp(f, 40000, 9999, 1, 1, 0x18, 502);
	bytes(f, "hello", 5);
}

static void b_udp(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 17, A4(192, 168, 10, 2), A4(192, 168, 10, 3), 20);
	udp(f, 5353, 53, 12);
	zeros(f, 12);
}

static void b_icmp6_req(struct frame *f)
{
	ETH(f, 0x86dd);
	ip6(f, 58, fd1, fd2, 64);
	icmp_echo(f, 128, 7, 1, 56);
}

static void b_vlan_icmp(struct frame *f)
{
	ETH(f, 0x8100);
	vlan(f, 10, 0x0800);
	ip4(f, 1, IP_A, IP_B, 64);
	icmp_echo(f, 0, 1, 2, 56);
}

static void b_qinq_udp(struct frame *f)
{
	ETH(f, 0x88a8);
	vlan(f, 100, 0x8100);
	vlan(f, 5u << 13 | 0x1000 | 10, 0x0800);
	ip4(f, 17, IP_A, IP_B, 12);
	udp(f, 1000, 2000, 4);
	u32(f, 0);
}

static void b_gre(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 47, IP_A, IP_B, 24);
	zeros(f, 24);
}

static void b_lldp(struct frame *f)
{
	ETH(f, 0x88cc);
	zeros(f, 46);
}

static void b_llc(struct frame *f)
{
	ETH(f, 46);
	zeros(f, 46);
}

static void b_ipopt_synack(struct frame *f)
{
	static const uint8_t opts[] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 100, 0, 0, 0, 200, 1, 3, 3, 7 };

	ETH(f, 0x0800);
	ip4x(f, 6, 24 + 40, 1, 0, 6, IP_A, IP_B);
	tcpx(f, 80, 40000, 5000, 1001, 10, 0x12, 65160, 0);
	bytes(f, opts, sizeof(opts));
}

static void b_tcp_rst(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 6, IP_A, IP_B, 20);
	tcp(f, 80, 40000, 7, 0, 0x04, 0);
}

static void b_tcp_finack(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 6, IP_A, IP_B, 20);
	tcp(f, 80, 40000, 10, 20, 0x11, 100);
}

static void b_tcp_ack(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 6, IP_A, IP_B, 20);
	tcp(f, 80, 40000, 10, 20, 0x10, 100);
}

static void b_tcp_urg(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 6, IP_A, IP_B, 24);
	tcpx(f, 80, 40000, 100, 1, 5, 0xf8, 10, 3);
	u32(f, 0x41424344);
}

static void b_tcp_none(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 6, IP_A, IP_B, 20);
	tcp(f, 80, 40000, 0, 0, 0, 0);
}

static void b_tcp_sack(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 6, IP_A, IP_B, 32);
	tcpx(f, 80, 40000, 10, 20, 8, 0x10, 100, 0);
	u8(f, 1);
	u8(f, 1);
	u8(f, 5);
	u8(f, 10);
	u32(f, 1000);
	u32(f, 2000);
}

static void b_tcp_badopt(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 6, IP_A, IP_B, 24);
	tcpx(f, 80, 40000, 10, 20, 6, 0x10, 100, 0);
	u8(f, 2);
	u8(f, 9); /* mss of length 9 in 4 bytes */
	u16(f, 0);
}

static void b_tcp_doff4(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 6, IP_A, IP_B, 20);
	tcpx(f, 80, 40000, 10, 20, 4, 0x10, 100, 0);
}

static void b_tcp_doff15(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 6, IP_A, IP_B, 20);
	tcpx(f, 80, 40000, 10, 20, 15, 0x10, 100, 0);
}

static void b_udp_short(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 17, IP_A, IP_B, 8);
	u16(f, 1000);
	u16(f, 2000);
	u16(f, 4);
	u16(f, 0);
}

static void b_udp_long(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 17, IP_A, IP_B, 8);
	udp(f, 1000, 2000, 100);
}

static void b_ip_ihl4(struct frame *f)
{
	ETH(f, 0x0800);
	ip4x(f, 4, 40, 1, 0, 6, IP_A, IP_B);
	zeros(f, 20);
}

static void b_ip_badlen(struct frame *f)
{
	ETH(f, 0x0800);
	ip4x(f, 5, 10, 1, 0, 6, IP_A, IP_B);
	zeros(f, 20);
}

static void b_ip_trunc(struct frame *f)
{
	ETH(f, 0x0800);
	ip4x(f, 5, 20 + 8 + 30, 1, 0, 17, IP_A, IP_B);
	udp(f, 1000, 2000, 30);
	zeros(f, 10);
}

/* A GSO super-packet captured on its way out: total length 0. */
static void b_ip_tso(struct frame *f)
{
	ETH(f, 0x0800);
	ip4x(f, 5, 0, 1, 0x4000, 6, IP_A, IP_B);
	tcp(f, 80, 40000, 1, 1, 0x18, 10);
	zeros(f, 100);
}

static void b_frag_first(struct frame *f)
{
	ETH(f, 0x0800);
	ip4x(f, 5, 20 + 24, 0x4d2, 0x2000, 17, IP_A, IP_B);
	udp(f, 1000, 2000, 100);
	zeros(f, 16);
}

static void b_frag_mid(struct frame *f)
{
	ETH(f, 0x0800);
	ip4x(f, 5, 20 + 24, 0x4d2, 0x2000 | 3, 17, IP_A, IP_B);
	zeros(f, 24);
}

static void b_frag_last(struct frame *f)
{
	ETH(f, 0x0800);
	ip4x(f, 5, 20 + 84, 0x4d2, 6, 17, IP_A, IP_B);
	zeros(f, 84);
}

static void b_unreach_net(struct frame *f)
{
	ETH(f, 0x0800);
	icmp_err(f, 3, 0, 0, 17, A4(10, 9, 9, 9));
}

static void b_unreach_host(struct frame *f)
{
	ETH(f, 0x0800);
	icmp_err(f, 3, 1, 0, 17, A4(10, 9, 9, 9));
}

static void b_unreach_proto(struct frame *f)
{
	ETH(f, 0x0800);
	icmp_err(f, 3, 2, 0, 47, IP_B);
}

static void b_unreach_port(struct frame *f)
{
	ETH(f, 0x0800);
	icmp_err(f, 3, 3, 0, 6, IP_B);
}

static void b_unreach_frag(struct frame *f)
{
	ETH(f, 0x0800);
	icmp_err(f, 3, 4, 1400, 17, IP_B);
}

/* A port unreachable whose IP header claims 100 bytes more than the frame has. */
static void b_unreach_port_long(struct frame *f)
{
	b_unreach_port(f);
	f->b[14 + 3] += 100;
}

static void b_unreach_filter(struct frame *f)
{
	ETH(f, 0x0800);
	icmp_err(f, 3, 13, 0, 17, IP_B);
}

static void b_unreach_99(struct frame *f)
{
	ETH(f, 0x0800);
	icmp_err(f, 3, 99, 0, 17, IP_B);
}

static void b_time_exceeded(struct frame *f)
{
	ETH(f, 0x0800);
	icmp_err(f, 11, 0, 0, 17, IP_B);
}

static void b_reasm_exceeded(struct frame *f)
{
	ETH(f, 0x0800);
	icmp_err(f, 11, 1, 0, 17, IP_B);
}

static void b_redirect(struct frame *f)
{
	ETH(f, 0x0800);
	icmp_err(f, 5, 1, A4(10, 0, 0, 254), 17, A4(10, 9, 9, 9));
}

static void b_param_problem(struct frame *f)
{
	ETH(f, 0x0800);
	icmp_err(f, 12, 0, 9u << 24, 17, IP_B);
}

static void b_icmp_tstamp(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 1, IP_A, IP_B, 20);
	icmp_echo(f, 13, 1, 2, 12);
}

static void b_icmp_type42(struct frame *f)
{
	ETH(f, 0x0800);
	ip4(f, 1, IP_A, IP_B, 8);
	icmp_echo(f, 42, 0, 0, 0);
}

static void b_icmp6_ns(struct frame *f)
{
	static const uint8_t sn[16] = { 0xff, 0x02, [11] = 1, [12] = 0xff, [15] = 2 };

	ETH(f, 0x86dd);
	ip6(f, 58, fd1, sn, 32);
	icmp6_hdr(f, 135, 0, 0);
	bytes(f, fd2, 16);
	u8(f, 1);
	u8(f, 1);
	bytes(f, mac1, 6);
}

static void b_icmp6_na(struct frame *f)
{
	ETH(f, 0x86dd);
	ip6(f, 58, fd2, fd1, 32);
	icmp6_hdr(f, 136, 0, 0x60000000);
	bytes(f, fd2, 16);
	u8(f, 2);
	u8(f, 1);
	bytes(f, mac2, 6);
}

static void b_icmp6_rs(struct frame *f)
{
	static const uint8_t all_routers[16] = { 0xff, 0x02, [15] = 2 };

	ETH(f, 0x86dd);
	ip6(f, 58, fd1, all_routers, 8);
	icmp6_hdr(f, 133, 0, 0);
}

static void b_icmp6_ra(struct frame *f)
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };

	ETH(f, 0x86dd);
	ip6(f, 58, fd2, all_nodes, 16);
	icmp6_hdr(f, 134, 0, 64u << 24 | 1800);
	zeros(f, 8);
}

static void b_icmp6_mld2(struct frame *f)
{
	static const uint8_t mld[16] = { 0xff, 0x02, [15] = 0x16 };
	static const uint8_t ra[8] = { 58, 0, 5, 2, 0, 0, 1, 0 };

	ETH(f, 0x86dd);
	ip6(f, 0, fd1, mld, 8 + 8 + 20);
	bytes(f, ra, sizeof(ra));
	icmp6_hdr(f, 143, 0, 1);
	u8(f, 4);
	u8(f, 0);
	u16(f, 0);
	bytes(f, mld, 16);
}

static void b_icmp6_toobig(struct frame *f)
{
	ETH(f, 0x86dd);
	icmp6_err(f, 2, 0, 1280, 17);
}

static void b_icmp6_noport(struct frame *f)
{
	ETH(f, 0x86dd);
	icmp6_err(f, 1, 4, 0, 17);
}

static void b_icmp6_noroute(struct frame *f)
{
	ETH(f, 0x86dd);
	icmp6_err(f, 1, 0, 0, 17);
}

static void b_icmp6_timex(struct frame *f)
{
	ETH(f, 0x86dd);
	icmp6_err(f, 3, 0, 0, 17);
}

static void b_icmp6_type200(struct frame *f)
{
	ETH(f, 0x86dd);
	ip6(f, 58, fd1, fd2, 8);
	icmp6_hdr(f, 200, 0, 0);
}

static void b_ip6_tcp(struct frame *f)
{
	ETH(f, 0x86dd);
	ip6(f, 6, fd1, fd2, 20);
	tcp(f, 40000, 9999, 1234, 0, 0x02, 64800);
}

static void b_ip6_chain(struct frame *f)
{
	ETH(f, 0x86dd);
	ip6(f, 0, fd1, fd2, 8 + 8 + 8 + 8 + 8 + 4);
	u8(f, 60); /* hop-by-hop → destination options */
	u8(f, 0);
	u8(f, 1);
	u8(f, 4);
	u32(f, 0);
	u8(f, 43); /* destination options → routing */
	u8(f, 0);
	u8(f, 1);
	u8(f, 4);
	u32(f, 0);
	u8(f, 44); /* routing (type 253, nothing to list) → fragment */
	u8(f, 0);
	u8(f, 253);
	u8(f, 0);
	u32(f, 0);
	u8(f, 17); /* fragment: first, more → UDP */
	u8(f, 0);
	u16(f, 1);
	u32(f, 0xabcd);
	udp(f, 1000, 2000, 100);
	u32(f, 0);
}

static void b_ip6_frag2(struct frame *f)
{
	ETH(f, 0x86dd);
	ip6(f, 44, fd1, fd2, 8 + 16);
	u8(f, 17);
	u8(f, 0);
	u16(f, 1448);
	u32(f, 0xabcd);
	zeros(f, 16);
}

static void b_ip6_loop(struct frame *f)
{
	ETH(f, 0x86dd);
	ip6(f, 60, fd1, fd2, 8 * 12);
	for (int i = 0; i < 12; i++) {
		u8(f, 60);
		u8(f, 0);
		u16(f, 0x0104);
		u32(f, 0);
	}
}

static void b_ip6_extover(struct frame *f)
{
	ETH(f, 0x86dd);
	ip6(f, 0, fd1, fd2, 16);
	u8(f, 17);
	u8(f, 200); /* 1608 bytes of options in a 16-byte payload */
	zeros(f, 14);
}

static void b_ip6_nonext(struct frame *f)
{
	ETH(f, 0x86dd);
	ip6(f, 59, fd1, fd2, 0);
}

/* The same datagrams on the other link types. */
static void b_raw4(struct frame *f)
{
	ip4(f, 6, A4(192, 168, 10, 2), A4(192, 168, 10, 3), 25);
	tcp(f, 40000, 9999, 1, 1, 0x18, 502);
	bytes(f, "hello", 5);
}

static void b_raw6(struct frame *f)
{
	ip6(f, 58, fd1, fd2, 64);
	icmp_echo(f, 128, 7, 1, 56);
}

static void b_raw_bad(struct frame *f)
{
	u8(f, 0x55);
	zeros(f, 19);
}

static void b_sll(struct frame *f)
{
	u16(f, 4); /* outgoing */
	u16(f, 1);
	u16(f, 6);
	bytes(f, mac1, 6);
	u16(f, 0);
	u16(f, 0x0800);
	ip4(f, 17, A4(192, 168, 10, 2), A4(192, 168, 10, 3), 20);
	udp(f, 5353, 53, 12);
	zeros(f, 12);
}

static void b_sll2(struct frame *f)
{
	u16(f, 0x0806);
	u16(f, 0);
	u32(f, 3);
	u16(f, 1);
	u8(f, 1); /* broadcast */
	u8(f, 6);
	bytes(f, mac1, 6);
	u16(f, 0);
	arp(f, 1, mac1, A4(192, 168, 10, 2), zmac, A4(192, 168, 10, 3));
}

static void b_sll2_vlan(struct frame *f)
{
	u16(f, 0x8100);
	u16(f, 0);
	u32(f, 7);
	u16(f, 1);
	u8(f, 0);
	u8(f, 6);
	bytes(f, mac1, 6);
	u16(f, 0);
	vlan(f, 3u << 13 | 42, 0x0800);
	ip4(f, 1, IP_A, IP_B, 64);
	icmp_echo(f, 8, 1, 1, 56);
}

static const struct want table[] = {
	{ "arp request", NST_DLT_EN10MB, b_arp_req, 0,
	  "ARP, Request who-has 192.168.10.3 tell 192.168.10.2, length 28", NST_PKT_ARP },
	{ "arp reply", NST_DLT_EN10MB, b_arp_reply, 0,
	  "ARP, Reply 192.168.10.3 is-at 02:00:00:00:02:02, length 28", NST_PKT_ARP },
	{ "arp request with target mac", NST_DLT_EN10MB, b_arp_req_tha, 0,
	  "ARP, Request who-has 192.168.10.3 (02:00:00:00:02:02) tell 192.168.10.2, length 28", NST_PKT_ARP },
	{ "rarp request", NST_DLT_EN10MB, b_arp_rarp_req, 0,
	  "ARP, Reverse Request who-is 02:00:00:00:01:02 tell 02:00:00:00:01:02, length 28", NST_PKT_ARP },
	{ "inarp reply", NST_DLT_EN10MB, b_arp_inv_reply, 0,
	  "ARP, Inverse Reply 02:00:00:00:02:02 at 192.168.10.3, length 28", NST_PKT_ARP },
	{ "arp op 7", NST_DLT_EN10MB, b_arp_op7, 0, "ARP, op 7, length 28", NST_PKT_ARP },
	{ "arp other hardware", NST_DLT_EN10MB, b_arp_other_hw, 0,
	  "ARP, hardware 6, protocol 0x86dd, op 1, length 28", NST_PKT_ARP },
	{ "icmp echo request", NST_DLT_EN10MB, b_icmp_req, 0,
	  "IP 192.168.10.2 > 192.168.10.3: ICMP echo request, id 7, seq 1, length 64", NST_PKT_ICMP },
	{ "tcp syn", NST_DLT_EN10MB, b_tcp_syn, 0,
	  "IP 192.168.10.2.40000 > 192.168.10.3.9999: Flags [S], seq 1234, win 64240, length 0", NST_PKT_TCP },
	{ "tcp push", NST_DLT_EN10MB, b_tcp_psh, 0,
	  "IP 192.168.10.2.40000 > 192.168.10.3.9999: Flags [P.], seq 1:6, ack 1, win 502, length 5", NST_PKT_TCP },
	{ "udp", NST_DLT_EN10MB, b_udp, 0, "IP 192.168.10.2.5353 > 192.168.10.3.53: UDP, length 12", NST_PKT_UDP },
	{ "icmp6 echo request", NST_DLT_EN10MB, b_icmp6_req, 0,
	  "IP6 fd00::1 > fd00::2: ICMP6, echo request, id 7, seq 1, length 64", NST_PKT_ICMP },
	{ "vlan", NST_DLT_EN10MB, b_vlan_icmp, 0,
	  "802.1Q vlan 10, p 0, IP 10.0.0.1 > 10.0.0.2: ICMP echo reply, id 1, seq 2, length 64", NST_PKT_ICMP },
	{ "qinq", NST_DLT_EN10MB, b_qinq_udp, 0,
	  "802.1Q-QinQ vlan 100, p 0, 802.1Q vlan 10, p 5, DEI, IP 10.0.0.1.1000 > 10.0.0.2.2000: UDP, length 4",
	  NST_PKT_UDP },
	{ "gre", NST_DLT_EN10MB, b_gre, 0, "IP 10.0.0.1 > 10.0.0.2: ip-proto-47, length 24", NST_PKT_IP },
	{ "lldp", NST_DLT_EN10MB, b_lldp, 0, "ethertype 0x88cc, length 60", NST_PKT_OTHER },
	{ "802.3", NST_DLT_EN10MB, b_llc, 0, "802.3, length 60", NST_PKT_OTHER },
	{ "ip options, syn-ack with options", NST_DLT_EN10MB, b_ipopt_synack, 0,
	  "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [S.], seq 5000, ack 1001, win 65160, "
	  "options [mss 1460,sackOK,TS val 100 ecr 200,nop,wscale 7], length 0", NST_PKT_TCP },
	{ "tcp rst", NST_DLT_EN10MB, b_tcp_rst, 0, "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [R], seq 7, win 0, length 0",
	  NST_PKT_TCP },
	{ "tcp fin-ack", NST_DLT_EN10MB, b_tcp_finack, 0,
	  "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [F.], seq 10, ack 20, win 100, length 0", NST_PKT_TCP },
	{ "tcp ack", NST_DLT_EN10MB, b_tcp_ack, 0, "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [.], ack 20, win 100, length 0",
	  NST_PKT_TCP },
	{ "tcp urg ece cwr", NST_DLT_EN10MB, b_tcp_urg, 0,
	  "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [P.UEW], seq 100:104, ack 1, win 10, urg 3, length 4", NST_PKT_TCP },
	{ "tcp no flags", NST_DLT_EN10MB, b_tcp_none, 0, "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [none], win 0, length 0",
	  NST_PKT_TCP },
	{ "tcp sack", NST_DLT_EN10MB, b_tcp_sack, 0,
	  "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [.], ack 20, win 100, options [nop,nop,sack 1 {1000:2000}], length 0",
	  NST_PKT_TCP },
	{ "tcp bad option", NST_DLT_EN10MB, b_tcp_badopt, 0,
	  "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [.], ack 20, win 100, options [[bad opt]], length 0", NST_PKT_TCP },
	{ "tcp data offset 4", NST_DLT_EN10MB, b_tcp_doff4, 0,
	  "IP 10.0.0.1.80 > 10.0.0.2.40000: tcp 20 [bad hdr length 16 - too short, < 20]", NST_PKT_BAD },
	{ "tcp data offset 15", NST_DLT_EN10MB, b_tcp_doff15, 0,
	  "IP 10.0.0.1.80 > 10.0.0.2.40000: tcp 20 [bad hdr length 60 - too long, > 20]", NST_PKT_BAD },
	{ "tcp options cut", NST_DLT_EN10MB, b_ipopt_synack, 14 + 24 + 24,
	  "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [S.], seq 5000, ack 1001, win 65160, options [|tcp]", NST_PKT_BAD },
	{ "tcp header cut", NST_DLT_EN10MB, b_tcp_syn, 14 + 20 + 10, "IP 192.168.10.2.40000 > 192.168.10.3.9999: [|tcp]",
	  NST_PKT_BAD },
	{ "tcp ports cut", NST_DLT_EN10MB, b_tcp_syn, 14 + 20 + 3, "IP 192.168.10.2 > 192.168.10.3: [|tcp]", NST_PKT_BAD },
	{ "udp length < 8", NST_DLT_EN10MB, b_udp_short, 0, "IP 10.0.0.1.1000 > 10.0.0.2.2000: UDP, bad length 4 < 8",
	  NST_PKT_BAD },
	{ "udp length > ip", NST_DLT_EN10MB, b_udp_long, 0, "IP 10.0.0.1.1000 > 10.0.0.2.2000: UDP, bad length 100 > 0",
	  NST_PKT_BAD },
	{ "udp cut", NST_DLT_EN10MB, b_udp, 14 + 20 + 6, "IP 192.168.10.2.5353 > 192.168.10.3.53: [|udp]", NST_PKT_BAD },
	{ "ip ihl 4", NST_DLT_EN10MB, b_ip_ihl4, 0, "IP bad-hlen 16", NST_PKT_BAD },
	{ "ip total length < header", NST_DLT_EN10MB, b_ip_badlen, 0, "IP bad-len 10", NST_PKT_BAD },
	{ "ip longer than the frame", NST_DLT_EN10MB, b_ip_trunc, 0,
	  "IP truncated-ip - 20 bytes missing! 10.0.0.1.1000 > 10.0.0.2.2000: UDP, length 30", NST_PKT_BAD },
	{ "ip total length 0 (tso)", NST_DLT_EN10MB, b_ip_tso, 0,
	  "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [P.], seq 1:101, ack 1, win 10, length 100", NST_PKT_TCP },
	{ "ip header cut", NST_DLT_EN10MB, b_icmp_req, 14 + 12, "IP [|ip]", NST_PKT_BAD },
	{ "ip first fragment", NST_DLT_EN10MB, b_frag_first, 0,
	  "IP 10.0.0.1.1000 > 10.0.0.2.2000: UDP, length 100 (frag 1234:24@0+)", NST_PKT_UDP },
	{ "ip middle fragment", NST_DLT_EN10MB, b_frag_mid, 0,
	  "IP 10.0.0.1 > 10.0.0.2: ip-proto-17, length 24 (frag 1234:24@24+)", NST_PKT_IP },
	{ "ip last fragment", NST_DLT_EN10MB, b_frag_last, 0,
	  "IP 10.0.0.1 > 10.0.0.2: ip-proto-17, length 84 (frag 1234:84@48)", NST_PKT_IP },
	{ "icmp net unreachable", NST_DLT_EN10MB, b_unreach_net, 0,
	  "IP 10.0.0.2 > 10.0.0.1: ICMP net 10.9.9.9 unreachable, length 36", NST_PKT_ICMP },
	{ "icmp host unreachable", NST_DLT_EN10MB, b_unreach_host, 0,
	  "IP 10.0.0.2 > 10.0.0.1: ICMP host 10.9.9.9 unreachable, length 36", NST_PKT_ICMP },
	{ "icmp protocol unreachable", NST_DLT_EN10MB, b_unreach_proto, 0,
	  "IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 protocol 47 unreachable, length 36", NST_PKT_ICMP },
	{ "icmp port unreachable", NST_DLT_EN10MB, b_unreach_port, 0,
	  "IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 tcp port 80 unreachable, length 36", NST_PKT_ICMP },
	{ "icmp port unreachable, ip longer than the frame", NST_DLT_EN10MB, b_unreach_port_long, 0,
	  "IP truncated-ip - 100 bytes missing! 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 tcp port 80 unreachable, length 136",
	  NST_PKT_BAD },
	{ "icmp need to frag", NST_DLT_EN10MB, b_unreach_frag, 0,
	  "IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 unreachable - need to frag (mtu 1400), length 36", NST_PKT_ICMP },
	{ "icmp admin prohibited", NST_DLT_EN10MB, b_unreach_filter, 0,
	  "IP 10.0.0.2 > 10.0.0.1: ICMP host 10.0.0.2 unreachable - admin prohibited filter, length 36", NST_PKT_ICMP },
	{ "icmp unreachable code 99", NST_DLT_EN10MB, b_unreach_99, 0,
	  "IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 unreachable - #99, length 36", NST_PKT_ICMP },
	{ "icmp unreachable cut", NST_DLT_EN10MB, b_unreach_port, 14 + 20 + 8 + 10,
	  "IP 10.0.0.2 > 10.0.0.1: ICMP unreachable, code 3 [|icmp]", NST_PKT_BAD },
	{ "icmp time exceeded", NST_DLT_EN10MB, b_time_exceeded, 0,
	  "IP 10.0.0.2 > 10.0.0.1: ICMP time exceeded in-transit, length 36", NST_PKT_ICMP },
	{ "icmp reassembly time exceeded", NST_DLT_EN10MB, b_reasm_exceeded, 0,
	  "IP 10.0.0.2 > 10.0.0.1: ICMP ip reassembly time exceeded, length 36", NST_PKT_ICMP },
	{ "icmp redirect", NST_DLT_EN10MB, b_redirect, 0,
	  "IP 10.0.0.2 > 10.0.0.1: ICMP redirect 10.9.9.9 to host 10.0.0.254, length 36", NST_PKT_ICMP },
	{ "icmp parameter problem", NST_DLT_EN10MB, b_param_problem, 0,
	  "IP 10.0.0.2 > 10.0.0.1: ICMP parameter problem - octet 9, length 36", NST_PKT_ICMP },
	{ "icmp time stamp", NST_DLT_EN10MB, b_icmp_tstamp, 0,
	  "IP 10.0.0.1 > 10.0.0.2: ICMP time stamp query id 1 seq 2, length 20", NST_PKT_ICMP },
	{ "icmp type 42", NST_DLT_EN10MB, b_icmp_type42, 0, "IP 10.0.0.1 > 10.0.0.2: ICMP type-#42, length 8",
	  NST_PKT_ICMP },
	{ "icmp6 neighbor solicitation", NST_DLT_EN10MB, b_icmp6_ns, 0,
	  "IP6 fd00::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has fd00::2, length 32", NST_PKT_ICMP },
	{ "icmp6 neighbor advertisement", NST_DLT_EN10MB, b_icmp6_na, 0,
	  "IP6 fd00::2 > fd00::1: ICMP6, neighbor advertisement, tgt is fd00::2, length 32", NST_PKT_ICMP },
	{ "icmp6 router solicitation", NST_DLT_EN10MB, b_icmp6_rs, 0,
	  "IP6 fd00::1 > ff02::2: ICMP6, router solicitation, length 8", NST_PKT_ICMP },
	{ "icmp6 router advertisement", NST_DLT_EN10MB, b_icmp6_ra, 0,
	  "IP6 fd00::2 > ff02::1: ICMP6, router advertisement, length 16", NST_PKT_ICMP },
	{ "mld v2 report", NST_DLT_EN10MB, b_icmp6_mld2, 0,
	  "IP6 fd00::1 > ff02::16: HBH ICMP6, multicast listener report v2, 1 group record(s), length 28", NST_PKT_ICMP },
	{ "icmp6 packet too big", NST_DLT_EN10MB, b_icmp6_toobig, 0,
	  "IP6 fd00::2 > fd00::1: ICMP6, packet too big, mtu 1280, length 56", NST_PKT_ICMP },
	{ "icmp6 port unreachable", NST_DLT_EN10MB, b_icmp6_noport, 0,
	  "IP6 fd00::2 > fd00::1: ICMP6, destination unreachable, unreachable port, fd00::9 udp port 53, length 56",
	  NST_PKT_ICMP },
	{ "icmp6 no route", NST_DLT_EN10MB, b_icmp6_noroute, 0,
	  "IP6 fd00::2 > fd00::1: ICMP6, destination unreachable, unreachable route fd00::9, length 56", NST_PKT_ICMP },
	{ "icmp6 time exceeded", NST_DLT_EN10MB, b_icmp6_timex, 0,
	  "IP6 fd00::2 > fd00::1: ICMP6, time exceeded in-transit for fd00::9, length 56", NST_PKT_ICMP },
	{ "icmp6 type 200", NST_DLT_EN10MB, b_icmp6_type200, 0, "IP6 fd00::1 > fd00::2: ICMP6, type-#200, length 8",
	  NST_PKT_ICMP },
	{ "icmp6 cut", NST_DLT_EN10MB, b_icmp6_ns, 14 + 40 + 12,
	  "IP6 fd00::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation [|icmp6]", NST_PKT_BAD },
	{ "tcp over ipv6", NST_DLT_EN10MB, b_ip6_tcp, 0,
	  "IP6 fd00::1.40000 > fd00::2.9999: Flags [S], seq 1234, win 64800, length 0", NST_PKT_TCP },
	{ "ipv6 extension headers", NST_DLT_EN10MB, b_ip6_chain, 0,
	  "IP6 fd00::1 > fd00::2: HBH DSTOPT RT6 (len=0, type=253, segleft=0) frag (0|12) 1000 > 2000: UDP, length 100",
	  NST_PKT_UDP },
	{ "ipv6 later fragment", NST_DLT_EN10MB, b_ip6_frag2, 0, "IP6 fd00::1 > fd00::2: frag (1448|16)", NST_PKT_IP },
	{ "ipv6 header loop", NST_DLT_EN10MB, b_ip6_loop, 0,
	  "IP6 fd00::1 > fd00::2: DSTOPT DSTOPT DSTOPT DSTOPT DSTOPT DSTOPT DSTOPT DSTOPT too many extension headers",
	  NST_PKT_BAD },
	{ "ipv6 header overflow", NST_DLT_EN10MB, b_ip6_extover, 0,
	  "IP6 fd00::1 > fd00::2: HBH [bad hbhopt length 1608 > 16]", NST_PKT_BAD },
	{ "ipv6 no next header", NST_DLT_EN10MB, b_ip6_nonext, 0, "IP6 fd00::1 > fd00::2: no next header",
	  NST_PKT_IP },
	{ "ipv6 header cut", NST_DLT_EN10MB, b_ip6_tcp, 14 + 30, "IP6 [|ip6]", NST_PKT_BAD },
	{ "ethernet cut", NST_DLT_EN10MB, b_tcp_syn, 13, "[|ether]", NST_PKT_BAD },
	{ "vlan cut", NST_DLT_EN10MB, b_vlan_icmp, 16, "802.1Q [|vlan]", NST_PKT_BAD },
	{ "raw ipv4", NST_DLT_RAW, b_raw4, 0,
	  "IP 192.168.10.2.40000 > 192.168.10.3.9999: Flags [P.], seq 1:6, ack 1, win 502, length 5", NST_PKT_TCP },
	{ "raw ipv6", NST_DLT_RAW, b_raw6, 0, "IP6 fd00::1 > fd00::2: ICMP6, echo request, id 7, seq 1, length 64",
	  NST_PKT_ICMP },
	{ "raw bad version", NST_DLT_RAW, b_raw_bad, 0, "IP bad-version 5, length 20", NST_PKT_BAD },
	{ "dlt ipv4", NST_DLT_IPV4, b_raw4, 0,
	  "IP 192.168.10.2.40000 > 192.168.10.3.9999: Flags [P.], seq 1:6, ack 1, win 502, length 5", NST_PKT_TCP },
	{ "dlt ipv6", NST_DLT_IPV6, b_raw6, 0, "IP6 fd00::1 > fd00::2: ICMP6, echo request, id 7, seq 1, length 64",
	  NST_PKT_ICMP },
	{ "linux cooked", NST_DLT_LINUX_SLL, b_sll, 0, "Out IP 192.168.10.2.5353 > 192.168.10.3.53: UDP, length 12",
	  NST_PKT_UDP },
	{ "linux cooked v2", NST_DLT_LINUX_SLL2, b_sll2, 0,
	  "ifindex 3 B ARP, Request who-has 192.168.10.3 tell 192.168.10.2, length 28", NST_PKT_ARP },
	{ "linux cooked v2 vlan", NST_DLT_LINUX_SLL2, b_sll2_vlan, 0,
	  "ifindex 7 In 802.1Q vlan 42, p 3, IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64",
	  NST_PKT_ICMP },
	{ "linux cooked cut", NST_DLT_LINUX_SLL, b_sll, 10, "[|sll]", NST_PKT_BAD },
	{ "unknown link type", 999, b_raw4, 0, "link type 999, length 45", NST_PKT_OTHER },
};

#define NTABLE (sizeof(table) / sizeof(table[0]))

static struct frame build(const struct want *w)
{
	struct frame f = { 0 };

	w->build(&f);
	CHECK(f.n <= sizeof(f.b));
	return f;
}

/* Each frame of the table decodes to exactly its line and class. */
static void test_lines(void)
{
	for (size_t i = 0; i < NTABLE; i++) {
		const struct want *w = &table[i];
		struct frame f = build(w);
		size_t cap = w->cap ? w->cap : f.n;
		struct nst_pkt_line l;

		nst_pkt_decode(w->dlt, f.b, cap, f.n, &l);
		if (strcmp(l.text, w->line) != 0 || l.cls != w->cls) {
			fprintf(stderr, "%s:\n  expected: %s (class %d)\n  actual:   %s (class %d)\n", w->name, w->line,
				w->cls, l.text, l.cls);
			unit_failures++;
		}
	}
}

static bool printable(const char *s)
{
	for (; *s; s++) {
		if (*s < 0x20 || *s > 0x7e) {
			return false;
		}
	}
	return true;
}

/*
 * Every prefix of every frame decodes without a crash into a printable line;
 * a prefix that cuts a header the full frame decodes is BAD. The copy is
 * exactly cap bytes so the sanitizer build sees any read past it.
 */
static void test_every_truncation(void)
{
	for (size_t i = 0; i < NTABLE; i++) {
		const struct want *w = &table[i];
		struct frame f = build(w);

		for (size_t cap = 0; cap < f.n; cap++) {
			struct nst_pkt_field fl[64];
			struct nst_pkt_line l;
			uint8_t *copy = malloc(cap ? cap : 1);
			char row[100];
			size_t n;

			memcpy(copy, f.b, cap);
			nst_pkt_decode(w->dlt, copy, cap, f.n, &l);
			CHECK(strlen(l.text) > 0 && strlen(l.text) < NST_PKT_TEXT);
			CHECK(printable(l.text));
			/* with nothing after the link and network headers cut, the frame says so */
			if (w->dlt == NST_DLT_EN10MB && cap < 14) {
				CHECK_INT(l.cls, NST_PKT_BAD);
			}
			n = nst_pkt_fields(w->dlt, copy, cap, fl, 64);
			CHECK(n <= 64);
			for (size_t k = 0; k < n; k++) {
				CHECK(fl[k].off + fl[k].len <= cap);
			}
			for (size_t off = 0; off < cap; off += 16) {
				nst_pkt_hex_row(copy, cap, off, row, sizeof(row));
				CHECK(strlen(row) > 6);
			}
			free(copy);
		}
	}
}

/* A cut in the middle of any header the full frame has is reported as BAD (spot checks per layer). */
static void test_truncation_is_bad(void)
{
	static const struct {
		void (*build)(struct frame *f);
		size_t from, to; /* caps in [from, to) cut a header */
	} cuts[] = {
		{ b_arp_req, 0, 42 },      { b_icmp_req, 0, 14 + 20 + 8 }, { b_tcp_syn, 0, 14 + 20 + 20 },
		{ b_ipopt_synack, 0, 14 + 24 + 40 }, { b_udp, 0, 14 + 20 + 8 }, { b_icmp6_req, 0, 14 + 40 + 8 },
		{ b_icmp6_ns, 0, 14 + 40 + 24 },     { b_vlan_icmp, 0, 18 + 20 + 8 }, { b_ip6_chain, 0, 14 + 40 + 32 + 8 },
		{ b_qinq_udp, 0, 22 + 20 + 8 },
	};

	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		struct frame f = { 0 };

		cuts[i].build(&f);
		for (size_t cap = cuts[i].from; cap < cuts[i].to; cap++) {
			struct nst_pkt_line l;

			nst_pkt_decode(NST_DLT_EN10MB, f.b, cap, f.n, &l);
			if (l.cls != NST_PKT_BAD) {
				fprintf(stderr, "frame %zu cut at %zu: class %d: %s\n", i, cap, l.cls, l.text);
				unit_failures++;
			}
			CHECK(strstr(l.text, "[|") != NULL);
		}
	}
}

/* Lengths that lie: caplen beyond wirelen, wirelen 0, no data at all, a line that would overflow. */
static void test_lying_lengths(void)
{
	struct frame f = { 0 };
	struct nst_pkt_line l;

	b_tcp_psh(&f);
	nst_pkt_decode(NST_DLT_EN10MB, f.b, f.n, 10, &l); /* caplen > wirelen: the bytes win */
	CHECK_STR(l.text, "IP 192.168.10.2.40000 > 192.168.10.3.9999: Flags [P.], seq 1:6, ack 1, win 502, length 5");
	nst_pkt_decode(NST_DLT_EN10MB, f.b, f.n, 0, &l);
	CHECK_INT(l.cls, NST_PKT_TCP);
	nst_pkt_decode(NST_DLT_EN10MB, f.b, 0, 0, &l);
	CHECK_STR(l.text, "[|ether]");
	CHECK_INT(l.cls, NST_PKT_BAD);
	nst_pkt_decode(NST_DLT_EN10MB, NULL, 100, 100, &l);
	CHECK_INT(l.cls, NST_PKT_BAD);
	nst_pkt_decode(NST_DLT_RAW, f.b, 0, 0, &l);
	CHECK_STR(l.text, "IP [|ip]");
	/* a snaplen-cut frame: lengths come from the headers, not the capture */
	nst_pkt_decode(NST_DLT_EN10MB, f.b, 14 + 20 + 20, f.n + 1000, &l);
	CHECK_STR(l.text, "IP 192.168.10.2.40000 > 192.168.10.3.9999: Flags [P.], seq 1:6, ack 1, win 502, length 5");
	CHECK_INT(l.cls, NST_PKT_TCP);
}

/* The longest line: 8 VLAN tags, IPv6 with long addresses, a full TCP option list. It is cut, never overrun. */
static void test_long_line(void)
{
	static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x11, 0x11, 0x22, 0x22,
					0x33, 0x33, 0x44, 0x44, 0x55, 0x55, 0x66, 0x66 };
	struct frame f = { 0 };
	struct nst_pkt_line l;

	ETH(&f, 0x8100);
	for (int i = 0; i < 7; i++) {
		vlan(&f, 4095, 0x8100);
	}
	vlan(&f, 4095, 0x86dd);
	ip6(&f, 6, a6, a6, 60);
	tcpx(&f, 65535, 65535, 0xffffffff, 0xffffffff, 15, 0xff, 65535, 65535);
	for (int i = 0; i < 4; i++) {
		u8(&f, 5);
		u8(&f, 10);
		u32(&f, 0xffffffff);
		u32(&f, 0xffffffff);
	}
	zeros(&f, 40 - 40);
	nst_pkt_decode(NST_DLT_EN10MB, f.b, f.n, f.n, &l);
	CHECK(strlen(l.text) >= NST_PKT_TEXT - 2 && strlen(l.text) < NST_PKT_TEXT); /* cut, trailing blank dropped */
	CHECK(printable(l.text));
	CHECK(strncmp(l.text, "802.1Q vlan 4095, p 0, 802.1Q vlan 4095", 39) == 0);
}

/* The detail view of the tcp push frame: every field, where it is, what it says. */
static void test_fields(void)
{
	static const char *const want[] = {
		"0 Ethernet= @0+0",
		"1 Destination=02:00:00:00:02:02 @0+6",
		"1 Source=02:00:00:00:01:02 @6+6",
		"1 Type=0x0800 (IPv4) @12+2",
		"0 IPv4= @14+0",
		"1 Version=4 @14+1",
		"1 Header length=20 bytes @14+1",
		"1 DSCP / ECN=0x00 (dscp 0, ecn 0) @15+1",
		"1 Total length=45 @16+2",
		"1 Identification=0x1234 (4660) @18+2",
		"1 Flags=0x2 DF @20+2",
		"1 Fragment offset=0 @20+2",
		"1 TTL=64 @22+1",
		"1 Protocol=6 (TCP) @23+1",
		"1 Checksum=0x0000 @24+2",
		"1 Source=192.168.10.2 @26+4",
		"1 Destination=192.168.10.3 @30+4",
		"0 TCP= @34+0",
		"1 Source port=40000 @34+2",
		"1 Destination port=9999 @36+2",
		"1 Sequence=1 @38+4",
		"1 Acknowledgment=1 @42+4",
		"1 Header length=20 bytes @46+1",
		"1 Flags=0x18 [P.] @47+1",
		"1 Window=502 @48+2",
		"1 Checksum=0x0000 @50+2",
		"1 Urgent pointer=0 @52+2",
		"0 Data=5 bytes @54+0",
		"1 Payload=5 bytes captured @54+5",
	};
	size_t nwant = sizeof(want) / sizeof(want[0]);
	struct nst_pkt_field fl[64];
	struct frame f = { 0 };
	size_t n;

	b_tcp_psh(&f);
	n = nst_pkt_fields(NST_DLT_EN10MB, f.b, f.n, fl, 64);
	CHECK_INT(n, nwant);
	for (size_t i = 0; i < n && i < nwant; i++) {
		char got[200];

		snprintf(got, sizeof(got), "%u %s=%s @%u+%u", fl[i].depth, fl[i].name, fl[i].value, fl[i].off, fl[i].len);
		CHECK_STR(got, want[i]);
	}
	/* no room: only what fits */
	CHECK_INT(nst_pkt_fields(NST_DLT_EN10MB, f.b, f.n, fl, 3), 3);
	CHECK_STR(fl[2].name, "Source");
	CHECK_INT(nst_pkt_fields(NST_DLT_EN10MB, f.b, f.n, fl, 0), 0);
	/* cut in the TCP header: the list ends saying so */
	n = nst_pkt_fields(NST_DLT_EN10MB, f.b, 14 + 20 + 10, fl, 64);
	CHECK(n > 0);
	CHECK_STR(fl[n - 1].name, "Truncated");
	CHECK_STR(fl[n - 1].value, "[|tcp] 10 of 20 header bytes captured");
	CHECK_INT(fl[n - 1].off, 34);
}

/* The IPv6 chain and an ICMPv6 neighbor solicitation, as fields. */
static void test_fields_ip6(void)
{
	struct nst_pkt_field fl[64];
	struct frame f = { 0 };
	size_t n;
	bool target = false, frag = false;

	b_icmp6_ns(&f);
	n = nst_pkt_fields(NST_DLT_EN10MB, f.b, f.n, fl, 64);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(fl[i].name, "Target")) {
			CHECK_STR(fl[i].value, "fd00::2");
			CHECK_INT(fl[i].off, 14 + 40 + 8);
			CHECK_INT(fl[i].len, 16);
			target = true;
		}
	}
	CHECK(target);
	f.n = 0;
	b_ip6_chain(&f);
	n = nst_pkt_fields(NST_DLT_EN10MB, f.b, f.n, fl, 64);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(fl[i].name, "Fragment")) {
			CHECK_INT(fl[i].depth, 0);
			CHECK_INT(fl[i].off, 14 + 40 + 24);
			frag = true;
		}
	}
	CHECK(frag);
	CHECK_STR(fl[n - 1].name, "Payload");
}

static void test_hex_rows(void)
{
	struct frame f = { 0 };
	char row[100], small[10];

	b_tcp_psh(&f);
	nst_pkt_hex_row(f.b, f.n, 0, row, sizeof(row));
	CHECK_STR(row, "0000  02 00 00 00 02 02 02 00 00 00 01 02 08 00 45 00  ..............E.");
	nst_pkt_hex_row(f.b, f.n, 48, row, sizeof(row));
	CHECK_STR(row, "0030  01 f6 00 00 00 00 68 65 6c 6c 6f                 ......hello");
	nst_pkt_hex_row(f.b, f.n, f.n, row, sizeof(row));
	CHECK_STR(row, "");
	nst_pkt_hex_row(f.b, f.n, 0, small, sizeof(small));
	CHECK_STR(small, "0000  02 ");
	nst_pkt_hex_row(NULL, 0, 0, row, sizeof(row));
	CHECK_STR(row, "");
}

static void test_time(void)
{
	struct nst_pkt_line l = { .cls = NST_PKT_TCP, .text = "IP 10.0.0.1 > 10.0.0.2: ip-proto-47, length 24" };
	char buf[NST_PKT_TEXT + 32], tiny[12];

	setenv("TZ", "UTC", 1);
	tzset();
	nst_pkt_time(0, 5, buf, sizeof(buf));
	CHECK_STR(buf, "00:00:00.000005");
	nst_pkt_time(1700000000 + 3723, 999999, buf, sizeof(buf));
	CHECK_STR(buf, "23:15:23.999999");
	nst_pkt_time(-1, 0, buf, sizeof(buf));
	CHECK_STR(buf, "23:59:59.000000");
	nst_pkt_time(0, 2000000, buf, sizeof(buf)); /* not a microsecond count */
	CHECK_STR(buf, "00:00:00.000000");
	nst_pkt_time(INT64_MAX, 1, buf, sizeof(buf));
	CHECK_STR(buf, "--:--:--.000001");
	nst_pkt_format(3600, 42, &l, buf, sizeof(buf));
	CHECK_STR(buf, "01:00:00.000042 IP 10.0.0.1 > 10.0.0.2: ip-proto-47, length 24");
	nst_pkt_format(3600, 42, &l, tiny, sizeof(tiny));
	CHECK_STR(tiny, "01:00:00.00");
}

/* The ring: order, seq numbers, the oldest dropped when full, copies owned, clear. */
static void test_ring(void)
{
	struct nst_pkt_ring r;
	struct frame f = { 0 };
	const struct nst_pkt *p;

	b_tcp_syn(&f);
	nst_pkt_ring_init(&r, 3);
	CHECK(nst_pkt_ring_at(&r, 0) == NULL);
	for (int i = 0; i < 5; i++) {
		f.b[14 + 20 + 7] = (uint8_t)i; /* the low byte of the TCP sequence */
		p = nst_pkt_ring_push(&r, NST_DLT_EN10MB, 100 + i, i, f.b, (uint32_t)f.n, (uint32_t)f.n + 10);
		CHECK_INT(p->seq, i + 1);
		CHECK_INT(p->sec, 100 + i);
		CHECK_INT(p->wirelen, f.n + 10);
		CHECK_INT(p->line.cls, NST_PKT_TCP);
	}
	f.b[14 + 20 + 7] = 99; /* the ring has its own copy */
	CHECK_INT(r.n, 3);
	for (size_t i = 0; i < 3; i++) {
		p = nst_pkt_ring_at(&r, i);
		CHECK(p != NULL);
		if (p) {
			CHECK_INT(p->seq, i + 3);
			CHECK_INT(p->data[14 + 20 + 7], i + 2);
			CHECK_INT(p->caplen, f.n);
		}
	}
	CHECK(nst_pkt_ring_at(&r, 3) == NULL);
	p = nst_pkt_ring_at(&r, 2);
	CHECK_STR(p->line.text, "IP 192.168.10.2.40000 > 192.168.10.3.9999: Flags [S], seq 1028, win 64240, length 0");
	nst_pkt_ring_clear(&r);
	CHECK_INT(r.n, 0);
	CHECK(nst_pkt_ring_at(&r, 0) == NULL);
	/* numbering goes on after a clear: seq counts what the capture saw */
	p = nst_pkt_ring_push(&r, NST_DLT_EN10MB, 1, 0, f.b, 0, 0);
	CHECK_INT(p->seq, 6);
	CHECK_STR(p->line.text, "[|ether]");
	CHECK(nst_pkt_ring_at(&r, 0) == p);
	nst_pkt_ring_finish(&r);
	CHECK(r.v == NULL && r.n == 0);

	nst_pkt_ring_init(&r, 0); /* at least one slot */
	CHECK_INT(r.cap, 1);
	nst_pkt_ring_push(&r, NST_DLT_EN10MB, 1, 0, f.b, (uint32_t)f.n, (uint32_t)f.n);
	p = nst_pkt_ring_push(&r, NST_DLT_EN10MB, 2, 0, f.b, 20, (uint32_t)f.n);
	CHECK_INT(r.n, 1);
	CHECK(nst_pkt_ring_at(&r, 0) == p);
	CHECK_INT(p->line.cls, NST_PKT_BAD);
	nst_pkt_ring_finish(&r);
}

/*
 * With UNIT_PCAP_OUT=PREFIX set, write the table as PREFIX-<dlt>.pcap (cut
 * frames keep their wire length): tests/fuzz/make_corpus.sh seeds the
 * fuzzer with them, and `tcpdump -n -S -t -r` shows how close the lines are.
 */
static void write_pcaps(void)
{
	const char *prefix = getenv("UNIT_PCAP_OUT");
	static const int dlts[] = { NST_DLT_EN10MB, NST_DLT_RAW, NST_DLT_LINUX_SLL, NST_DLT_LINUX_SLL2,
				    NST_DLT_IPV4, NST_DLT_IPV6 };

	if (!prefix) {
		return;
	}
	for (size_t d = 0; d < sizeof(dlts) / sizeof(dlts[0]); d++) {
		const uint32_t head[6] = { 0xa1b2c3d4, 2 | 4u << 16, 0, 0, 65535, (uint32_t)dlts[d] };
		char path[4096];
		FILE *o;

		snprintf(path, sizeof(path), "%s-%d.pcap", prefix, dlts[d]);
		o = fopen(path, "wb");
		CHECK(o != NULL);
		if (!o) {
			return;
		}
		fwrite(head, sizeof(head), 1, o);
		for (size_t i = 0; i < NTABLE; i++) {
			struct frame f;
			uint32_t rec[4];

			if (table[i].dlt != dlts[d]) {
				continue;
			}
			f = build(&table[i]);
			rec[0] = (uint32_t)i;
			rec[1] = 0;
			rec[2] = (uint32_t)(table[i].cap ? table[i].cap : f.n);
			rec[3] = (uint32_t)f.n;
			fwrite(rec, sizeof(rec), 1, o);
			fwrite(f.b, 1, rec[2], o);
		}
		CHECK(fclose(o) == 0);
	}
}

UNIT_MAIN(test_lines, test_every_truncation, test_truncation_is_bad, test_lying_lengths, test_long_line, test_fields,
	  test_fields_ip6, test_hex_rows, test_time, test_ring, write_pcaps)
