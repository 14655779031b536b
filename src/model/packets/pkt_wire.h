/* SPDX-License-Identifier: MIT */
/*
 * Private to the packet decoder (pkt_decode.c, pkt_fields.c): big-endian
 * reads from bytes the caller has already bounds-checked, and the names both
 * the one-line decode and the field list use. Nothing here casts the buffer.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

static inline uint16_t nst_rd16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint32_t nst_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Header sizes and values of the wire formats (pcap-linktype, RFC 791/8200/793/768/826). */
enum {
	NST_ETH_HLEN = 14, NST_SLL_HLEN = 16, NST_SLL2_HLEN = 20, NST_VLAN_HLEN = 4,
	NST_ARP_HLEN = 8, NST_IP4_HLEN = 20, NST_IP6_HLEN = 40, NST_TCP_HLEN = 20, NST_UDP_HLEN = 8,
};
enum {
	NST_ET_IP = 0x0800, NST_ET_ARP = 0x0806, NST_ET_RARP = 0x8035, NST_ET_IP6 = 0x86dd,
	NST_ET_8021Q = 0x8100, NST_ET_8021AD = 0x88a8, NST_ET_QINQ9100 = 0x9100,
};
enum {
	NST_IPP_HOPOPTS = 0, NST_IPP_ICMP = 1, NST_IPP_TCP = 6, NST_IPP_UDP = 17, NST_IPP_ROUTING = 43,
	NST_IPP_FRAGMENT = 44, NST_IPP_ICMPV6 = 58, NST_IPP_NONE = 59, NST_IPP_DSTOPTS = 60,
};
enum { NST_TH_FIN = 0x01, NST_TH_SYN = 0x02, NST_TH_RST = 0x04, NST_TH_PUSH = 0x08, NST_TH_ACK = 0x10,
       NST_TH_URG = 0x20, NST_TH_ECE = 0x40, NST_TH_CWR = 0x80 };

/* At most this many IPv6 extension headers are followed (a chain longer than that is malformed). */
#define NST_IP6_MAX_EXT 8
/* At most this many VLAN tags are peeled. */
#define NST_MAX_VLAN 8

/* "02:00:00:00:02:02" (buf ≥ 18). */
void nst_pkt_mac_str(const uint8_t *p, char *buf, size_t len);
/* Dotted quad or RFC 5952 text of 4 or 16 bytes (buf ≥ 46). */
void nst_pkt_ip4_str(const uint8_t *p, char *buf, size_t len);
void nst_pkt_ip6_str(const uint8_t *p, char *buf, size_t len);
/* tcpdump's flag letters: "S.", "P.", "none" (buf ≥ 12). */
void nst_pkt_tcp_flags_str(uint8_t flags, char *buf, size_t len);
/* tcpdump's option list without brackets: "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7". */
void nst_pkt_tcp_opts_str(const uint8_t *p, size_t n, char *buf, size_t len);
/* Names, or NULL when the number has none. */
const char *nst_pkt_ethertype_name(uint16_t type);
const char *nst_pkt_ip_proto_name(uint8_t proto);
const char *nst_pkt_icmp_type_name(uint8_t type);
const char *nst_pkt_icmp6_type_name(uint8_t type);
const char *nst_pkt_arp_op_name(uint16_t op);
const char *nst_pkt_sll_type_name(uint16_t pkttype);
