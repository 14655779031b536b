/* SPDX-License-Identifier: MIT */
/*
 * The detail view of one frame: its headers layer by layer as named fields
 * with the bytes each covers, and a hex dump. The same bounded reads as the
 * one-line decode: a header cut short ends the list with a "Truncated" line.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "pkt.h"
#include "pkt_wire.h"

struct fl {
	struct nst_pkt_field *v;
	size_t n, max;
	const uint8_t *base;
	bool stop; /* a header was cut: nothing after it can be read */
};

/* As in pkt_decode.c: cap bytes captured at p, len on the wire. */
struct span {
	const uint8_t *p;
	size_t cap, len;
};

static void add(struct fl *f, uint8_t depth, const uint8_t *at, size_t len, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void add(struct fl *f, uint8_t depth, const uint8_t *at, size_t len, const char *name, const char *fmt, ...)
{
	struct nst_pkt_field *x;
	va_list ap;

	if (f->n >= f->max) {
		return;
	}
	x = &f->v[f->n++];
	memset(x, 0, sizeof(*x));
	x->off = (uint32_t)(at - f->base);
	x->len = (uint32_t)len;
	x->depth = depth;
	snprintf(x->name, sizeof(x->name), "%s", name);
	va_start(ap, fmt);
	vsnprintf(x->value, sizeof(x->value), fmt, ap);
	va_end(ap);
	for (char *c = x->value; *c; c++) {
		if (*c < 0x20 || *c > 0x7e) {
			*c = '?';
		}
	}
}

static void title(struct fl *f, const uint8_t *at, const char *name, const char *value)
{
	add(f, 0, at, 0, name, "%s", value);
}

/* Does the layer have n bytes captured? If not, say so and stop. */
static bool need(struct fl *f, struct span s, size_t n, const char *proto)
{
	if (s.cap >= n) {
		return true;
	}
	add(f, 0, s.p, 0, "Truncated", "[|%s] %zu of %zu header bytes captured", proto, s.cap, n);
	f->stop = true;
	return false;
}

static struct span skip(struct span s, size_t n)
{
	if (n > s.cap) {
		n = s.cap;
	}
	return (struct span){ s.p + n, s.cap - n, s.len - n };
}

static struct span clip(struct span s, size_t len)
{
	if (len < s.len) {
		s.len = len;
	}
	if (s.cap > s.len) {
		s.cap = s.len;
	}
	return s;
}

static void payload(struct fl *f, struct span s)
{
	if (s.cap > 0) {
		add(f, 0, s.p, 0, "Data", "%zu bytes", s.len);
		add(f, 1, s.p, s.cap, "Payload", "%zu bytes captured", s.cap);
	}
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static void f_tcp(struct fl *f, struct span s)
{
	uint8_t hl;
	char buf[NST_PKT_TEXT];

	title(f, s.p, "TCP", "");
	if (!need(f, s, NST_TCP_HLEN, "tcp")) {
		return;
	}
	hl = (uint8_t)((s.p[12] >> 4) * 4);
	add(f, 1, s.p, 2, "Source port", "%u", nst_rd16(s.p));
	add(f, 1, s.p + 2, 2, "Destination port", "%u", nst_rd16(s.p + 2));
	add(f, 1, s.p + 4, 4, "Sequence", "%u", nst_rd32(s.p + 4));
	add(f, 1, s.p + 8, 4, "Acknowledgment", "%u", nst_rd32(s.p + 8));
	add(f, 1, s.p + 12, 1, "Header length", "%u bytes%s", hl, hl < NST_TCP_HLEN ? " (bad: < 20)" : "");
	nst_pkt_tcp_flags_str(s.p[13], buf, sizeof(buf));
	add(f, 1, s.p + 13, 1, "Flags", "0x%02x [%s]", s.p[13], buf);
	add(f, 1, s.p + 14, 2, "Window", "%u", nst_rd16(s.p + 14));
	add(f, 1, s.p + 16, 2, "Checksum", "0x%04x", nst_rd16(s.p + 16));
	add(f, 1, s.p + 18, 2, "Urgent pointer", "%u", nst_rd16(s.p + 18));
	if (hl < NST_TCP_HLEN || hl > s.len) {
		add(f, 0, s.p + 12, 0, "Malformed", "header length %u of %zu bytes", hl, s.len);
		f->stop = true;
		return;
	}
	if (hl > NST_TCP_HLEN) {
		if (!need(f, s, hl, "tcp")) {
			return;
		}
		nst_pkt_tcp_opts_str(s.p + NST_TCP_HLEN, hl - NST_TCP_HLEN, buf, sizeof(buf));
		add(f, 1, s.p + NST_TCP_HLEN, hl - NST_TCP_HLEN, "Options", "%s", buf);
	}
	payload(f, skip(s, hl));
}

static void f_udp(struct fl *f, struct span s)
{
	title(f, s.p, "UDP", "");
	if (!need(f, s, NST_UDP_HLEN, "udp")) {
		return;
	}
	add(f, 1, s.p, 2, "Source port", "%u", nst_rd16(s.p));
	add(f, 1, s.p + 2, 2, "Destination port", "%u", nst_rd16(s.p + 2));
	add(f, 1, s.p + 4, 2, "Length", "%u", nst_rd16(s.p + 4));
	add(f, 1, s.p + 6, 2, "Checksum", "0x%04x", nst_rd16(s.p + 6));
	payload(f, skip(s, NST_UDP_HLEN));
}

static void f_icmp(struct fl *f, struct span s, bool v6)
{
	const char *name;
	uint8_t type;
	char addr[48];

	title(f, s.p, v6 ? "ICMPv6" : "ICMP", "");
	if (!need(f, s, 4, v6 ? "icmp6" : "icmp")) {
		return;
	}
	type = s.p[0];
	name = v6 ? nst_pkt_icmp6_type_name(type) : nst_pkt_icmp_type_name(type);
	add(f, 1, s.p, 1, "Type", "%u%s%s%s", type, name ? " (" : "", or_empty(name), name ? ")" : "");
	add(f, 1, s.p + 1, 1, "Code", "%u", s.p[1]);
	add(f, 1, s.p + 2, 2, "Checksum", "0x%04x", nst_rd16(s.p + 2));
	if (s.cap < 8) {
		payload(f, skip(s, 4));
		return;
	}
	if ((!v6 && (type == 0 || type == 8)) || (v6 && (type == 128 || type == 129))) {
		add(f, 1, s.p + 4, 2, "Identifier", "%u", nst_rd16(s.p + 4));
		add(f, 1, s.p + 6, 2, "Sequence", "%u", nst_rd16(s.p + 6));
	} else if (!v6 && type == 3 && s.p[1] == 4) {
		add(f, 1, s.p + 6, 2, "Next-hop MTU", "%u", nst_rd16(s.p + 6));
	} else if (v6 && type == 2) {
		add(f, 1, s.p + 4, 4, "MTU", "%u", nst_rd32(s.p + 4));
	} else if (v6 && (type == 135 || type == 136) && s.cap >= 24) {
		if (type == 136) {
			add(f, 1, s.p + 4, 1, "Flags", "0x%02x%s%s%s", s.p[4], s.p[4] & 0x80 ? " router" : "",
			    s.p[4] & 0x40 ? " solicited" : "", s.p[4] & 0x20 ? " override" : "");
		}
		nst_pkt_ip6_str(s.p + 8, addr, sizeof(addr));
		add(f, 1, s.p + 8, 16, "Target", "%s", addr);
		payload(f, skip(s, 24));
		return;
	} else {
		add(f, 1, s.p + 4, 4, "Rest of header", "0x%08x", nst_rd32(s.p + 4));
	}
	payload(f, skip(s, 8));
}

static void f_l4(struct fl *f, uint8_t proto, bool v6, struct span s)
{
	if (proto == NST_IPP_TCP) {
		f_tcp(f, s);
	} else if (proto == NST_IPP_UDP) {
		f_udp(f, s);
	} else if (proto == (v6 ? NST_IPP_ICMPV6 : NST_IPP_ICMP)) {
		f_icmp(f, s, v6);
	} else {
		payload(f, s);
	}
}

static void f_ip4(struct fl *f, struct span s)
{
	uint8_t hl;
	uint16_t tot, frag;
	const char *pn;
	char a[48];

	title(f, s.p, "IPv4", "");
	if (!need(f, s, NST_IP4_HLEN, "ip")) {
		return;
	}
	hl = (uint8_t)((s.p[0] & 0x0f) * 4);
	tot = nst_rd16(s.p + 2);
	frag = nst_rd16(s.p + 6);
	pn = nst_pkt_ip_proto_name(s.p[9]);
	add(f, 1, s.p, 1, "Version", "%u", s.p[0] >> 4);
	add(f, 1, s.p, 1, "Header length", "%u bytes%s", hl, hl < NST_IP4_HLEN ? " (bad: < 20)" : "");
	add(f, 1, s.p + 1, 1, "DSCP / ECN", "0x%02x (dscp %u, ecn %u)", s.p[1], s.p[1] >> 2, s.p[1] & 3);
	add(f, 1, s.p + 2, 2, "Total length", "%u", tot);
	add(f, 1, s.p + 4, 2, "Identification", "0x%04x (%u)", nst_rd16(s.p + 4), nst_rd16(s.p + 4));
	add(f, 1, s.p + 6, 2, "Flags", "0x%x%s%s", frag >> 13, frag & 0x4000 ? " DF" : "", frag & 0x2000 ? " MF" : "");
	add(f, 1, s.p + 6, 2, "Fragment offset", "%u", (frag & 0x1fff) * 8u);
	add(f, 1, s.p + 8, 1, "TTL", "%u", s.p[8]);
	add(f, 1, s.p + 9, 1, "Protocol", "%u%s%s%s", s.p[9], pn ? " (" : "", or_empty(pn), pn ? ")" : "");
	add(f, 1, s.p + 10, 2, "Checksum", "0x%04x", nst_rd16(s.p + 10));
	nst_pkt_ip4_str(s.p + 12, a, sizeof(a));
	add(f, 1, s.p + 12, 4, "Source", "%s", a);
	nst_pkt_ip4_str(s.p + 16, a, sizeof(a));
	add(f, 1, s.p + 16, 4, "Destination", "%s", a);
	if (hl < NST_IP4_HLEN || tot < hl) {
		add(f, 0, s.p, 0, "Malformed", "header length %u, total length %u", hl, tot);
		f->stop = true;
		return;
	}
	s = clip(s, tot);
	if (hl > NST_IP4_HLEN) {
		if (!need(f, s, hl, "ip")) {
			return;
		}
		add(f, 1, s.p + NST_IP4_HLEN, hl - NST_IP4_HLEN, "Options", "%u bytes", hl - NST_IP4_HLEN);
	}
	if (frag & 0x1fff) {
		payload(f, skip(s, hl));
	} else {
		f_l4(f, s.p[9], false, skip(s, hl));
	}
}

static void f_ip6(struct fl *f, struct span s)
{
	uint8_t nh;
	uint16_t plen;
	const char *pn;
	char a[48];
	struct span pl;

	title(f, s.p, "IPv6", "");
	if (!need(f, s, NST_IP6_HLEN, "ip6")) {
		return;
	}
	plen = nst_rd16(s.p + 4);
	nh = s.p[6];
	pn = nst_pkt_ip_proto_name(nh);
	add(f, 1, s.p, 1, "Version", "%u", s.p[0] >> 4);
	add(f, 1, s.p, 2, "Traffic class", "0x%02x", (nst_rd16(s.p) >> 4) & 0xff);
	add(f, 1, s.p + 1, 3, "Flow label", "0x%05x", nst_rd32(s.p) & 0xfffff);
	add(f, 1, s.p + 4, 2, "Payload length", "%u", plen);
	add(f, 1, s.p + 6, 1, "Next header", "%u%s%s%s", nh, pn ? " (" : "", or_empty(pn), pn ? ")" : "");
	add(f, 1, s.p + 7, 1, "Hop limit", "%u", s.p[7]);
	nst_pkt_ip6_str(s.p + 8, a, sizeof(a));
	add(f, 1, s.p + 8, 16, "Source", "%s", a);
	nst_pkt_ip6_str(s.p + 24, a, sizeof(a));
	add(f, 1, s.p + 24, 16, "Destination", "%s", a);
	if (plen) {
		s = clip(s, (size_t)plen + NST_IP6_HLEN);
	}
	pl = skip(s, NST_IP6_HLEN);
	for (int i = 0;; i++) {
		size_t hl;

		if (nh != NST_IPP_HOPOPTS && nh != NST_IPP_DSTOPTS && nh != NST_IPP_ROUTING &&
		    nh != NST_IPP_FRAGMENT) {
			break;
		}
		if (i == NST_IP6_MAX_EXT) {
			add(f, 0, pl.p, 0, "Malformed", "more than %d extension headers", NST_IP6_MAX_EXT);
			f->stop = true;
			return;
		}
		title(f, pl.p, nst_pkt_ip_proto_name(nh), "");
		if (!need(f, pl, nh == NST_IPP_FRAGMENT ? 8 : 2, "ip6")) {
			return;
		}
		hl = nh == NST_IPP_FRAGMENT ? 8 : ((size_t)pl.p[1] + 1) * 8;
		pn = nst_pkt_ip_proto_name(pl.p[0]);
		add(f, 1, pl.p, 1, "Next header", "%u%s%s%s", pl.p[0], pn ? " (" : "", or_empty(pn), pn ? ")" : "");
		add(f, 1, pl.p + 1, 1, "Length", "%zu bytes", hl);
		if (hl > pl.len) {
			add(f, 0, pl.p, 0, "Malformed", "extension header of %zu bytes in %zu", hl, pl.len);
			f->stop = true;
			return;
		}
		if (nh == NST_IPP_FRAGMENT) {
			uint16_t off = nst_rd16(pl.p + 2);

			add(f, 1, pl.p + 2, 2, "Fragment offset", "%u%s", off & 0xfff8u, off & 1 ? " (more)" : "");
			add(f, 1, pl.p + 4, 4, "Identification", "0x%08x", nst_rd32(pl.p + 4));
			if (off & 0xfff8) {
				payload(f, skip(pl, hl));
				return;
			}
		}
		if (!need(f, pl, hl, "ip6")) {
			return;
		}
		nh = pl.p[0];
		pl = skip(pl, hl);
	}
	f_l4(f, nh, true, pl);
}

static void f_arp(struct fl *f, struct span s)
{
	char a[48];

	title(f, s.p, "ARP", "");
	if (!need(f, s, NST_ARP_HLEN, "arp")) {
		return;
	}
	add(f, 1, s.p, 2, "Hardware type", "%u", nst_rd16(s.p));
	add(f, 1, s.p + 2, 2, "Protocol type", "0x%04x", nst_rd16(s.p + 2));
	add(f, 1, s.p + 4, 1, "Hardware size", "%u", s.p[4]);
	add(f, 1, s.p + 5, 1, "Protocol size", "%u", s.p[5]);
	add(f, 1, s.p + 6, 2, "Opcode", "%u%s%s%s", nst_rd16(s.p + 6), nst_pkt_arp_op_name(nst_rd16(s.p + 6)) ? " (" : "",
	    or_empty(nst_pkt_arp_op_name(nst_rd16(s.p + 6))), nst_pkt_arp_op_name(nst_rd16(s.p + 6)) ? ")" : "");
	if (nst_rd16(s.p) != 1 || nst_rd16(s.p + 2) != NST_ET_IP || s.p[4] != 6 || s.p[5] != 4) {
		payload(f, skip(s, NST_ARP_HLEN));
		return;
	}
	if (!need(f, s, 28, "arp")) {
		return;
	}
	nst_pkt_mac_str(s.p + 8, a, sizeof(a));
	add(f, 1, s.p + 8, 6, "Sender MAC", "%s", a);
	nst_pkt_ip4_str(s.p + 14, a, sizeof(a));
	add(f, 1, s.p + 14, 4, "Sender IP", "%s", a);
	nst_pkt_mac_str(s.p + 18, a, sizeof(a));
	add(f, 1, s.p + 18, 6, "Target MAC", "%s", a);
	nst_pkt_ip4_str(s.p + 24, a, sizeof(a));
	add(f, 1, s.p + 24, 4, "Target IP", "%s", a);
}

static void f_type(struct fl *f, const uint8_t *at, uint16_t type)
{
	const char *n = nst_pkt_ethertype_name(type);

	add(f, 1, at, 2, type < 0x0600 ? "Length" : "Type", "0x%04x%s%s%s", type, n ? " (" : "", or_empty(n), n ? ")" : "");
}

static void f_ethertype(struct fl *f, uint16_t type, struct span s)
{
	for (int tags = 0; type == NST_ET_8021Q || type == NST_ET_8021AD || type == NST_ET_QINQ9100; tags++) {
		uint16_t tci;

		if (tags == NST_MAX_VLAN) {
			add(f, 0, s.p, 0, "Malformed", "more than %d VLAN tags", NST_MAX_VLAN);
			f->stop = true;
			return;
		}
		title(f, s.p, nst_pkt_ethertype_name(type), "");
		if (!need(f, s, NST_VLAN_HLEN, "vlan")) {
			return;
		}
		tci = nst_rd16(s.p);
		add(f, 1, s.p, 1, "Priority", "%u", tci >> 13);
		add(f, 1, s.p, 1, "DEI", "%u", (tci >> 12) & 1);
		add(f, 1, s.p, 2, "VLAN ID", "%u", tci & 0x0fff);
		type = nst_rd16(s.p + 2);
		f_type(f, s.p + 2, type);
		s = skip(s, NST_VLAN_HLEN);
	}
	if (type == NST_ET_IP) {
		f_ip4(f, s);
	} else if (type == NST_ET_IP6) {
		f_ip6(f, s);
	} else if (type == NST_ET_ARP) {
		f_arp(f, s);
	} else {
		payload(f, s);
	}
}

size_t nst_pkt_fields(int dlt, const uint8_t *data, size_t caplen, struct nst_pkt_field *out, size_t max)
{
	static const uint8_t none[1];
	struct fl f = { .v = out, .max = max };
	struct span s;
	char a[48];

	if (!out || max == 0) {
		return 0;
	}
	if (!data) {
		data = none;
		caplen = 0;
	}
	f.base = data;
	s = (struct span){ data, caplen, caplen };
	switch (dlt) {
	case NST_DLT_EN10MB:
		title(&f, s.p, "Ethernet", "");
		if (!need(&f, s, NST_ETH_HLEN, "ether")) {
			break;
		}
		nst_pkt_mac_str(s.p, a, sizeof(a));
		add(&f, 1, s.p, 6, "Destination", "%s", a);
		nst_pkt_mac_str(s.p + 6, a, sizeof(a));
		add(&f, 1, s.p + 6, 6, "Source", "%s", a);
		f_type(&f, s.p + 12, nst_rd16(s.p + 12));
		f_ethertype(&f, nst_rd16(s.p + 12), skip(s, NST_ETH_HLEN));
		break;
	case NST_DLT_LINUX_SLL: {
		const char *dir;

		title(&f, s.p, "Linux cooked", "");
		if (!need(&f, s, NST_SLL_HLEN, "sll")) {
			break;
		}
		dir = nst_pkt_sll_type_name(nst_rd16(s.p));
		add(&f, 1, s.p, 2, "Packet type", "%u%s%s%s", nst_rd16(s.p), dir ? " (" : "", or_empty(dir), dir ? ")" : "");
		add(&f, 1, s.p + 2, 2, "Link type", "%u", nst_rd16(s.p + 2));
		add(&f, 1, s.p + 4, 2, "Address length", "%u", nst_rd16(s.p + 4));
		if (nst_rd16(s.p + 4) == 6) {
			nst_pkt_mac_str(s.p + 6, a, sizeof(a));
			add(&f, 1, s.p + 6, 6, "Address", "%s", a);
		}
		f_type(&f, s.p + 14, nst_rd16(s.p + 14));
		f_ethertype(&f, nst_rd16(s.p + 14), skip(s, NST_SLL_HLEN));
		break;
	}
	case NST_DLT_LINUX_SLL2: {
		const char *dir;

		title(&f, s.p, "Linux cooked v2", "");
		if (!need(&f, s, NST_SLL2_HLEN, "sll2")) {
			break;
		}
		dir = nst_pkt_sll_type_name(s.p[10]);
		f_type(&f, s.p, nst_rd16(s.p));
		add(&f, 1, s.p + 4, 4, "Interface index", "%u", nst_rd32(s.p + 4));
		add(&f, 1, s.p + 8, 2, "Link type", "%u", nst_rd16(s.p + 8));
		add(&f, 1, s.p + 10, 1, "Packet type", "%u%s%s%s", s.p[10], dir ? " (" : "", or_empty(dir), dir ? ")" : "");
		add(&f, 1, s.p + 11, 1, "Address length", "%u", s.p[11]);
		if (s.p[11] == 6) {
			nst_pkt_mac_str(s.p + 12, a, sizeof(a));
			add(&f, 1, s.p + 12, 6, "Address", "%s", a);
		}
		f_ethertype(&f, nst_rd16(s.p), skip(s, NST_SLL2_HLEN));
		break;
	}
	case NST_DLT_RAW:
		if (s.cap >= 1 && (s.p[0] >> 4) == 6) {
			f_ip6(&f, s);
		} else if (s.cap >= 1 && (s.p[0] >> 4) == 4) {
			f_ip4(&f, s);
		} else {
			title(&f, s.p, "Raw IP", "");
			if (need(&f, s, 1, "ip")) {
				add(&f, 1, s.p, 1, "Version", "%u (unknown)", s.p[0] >> 4);
				payload(&f, s);
			}
		}
		break;
	case NST_DLT_IPV4:
		f_ip4(&f, s);
		break;
	case NST_DLT_IPV6:
		f_ip6(&f, s);
		break;
	default:
		title(&f, s.p, "Frame", "");
		add(&f, 1, s.p, 0, "Link type", "%d (not decoded)", dlt);
		payload(&f, s);
		break;
	}
	return f.n;
}

void nst_pkt_hex_row(const uint8_t *data, size_t caplen, size_t off, char *buf, size_t len)
{
	char row[16 * 3 + 16 + 32];
	size_t n, k;

	if (len == 0) {
		return;
	}
	buf[0] = '\0';
	if (!data || off >= caplen) {
		return;
	}
	n = caplen - off < 16 ? caplen - off : 16;
	k = (size_t)snprintf(row, sizeof(row), "%04zx  ", off);
	if (k >= sizeof(row)) {
		return;
	}
	for (size_t i = 0; i < 16; i++) {
		if (i < n) {
			snprintf(row + k, sizeof(row) - k, "%02x ", data[off + i]);
		} else {
			snprintf(row + k, sizeof(row) - k, "   ");
		}
		k += 3;
	}
	row[k++] = ' ';
	for (size_t i = 0; i < n; i++) {
		uint8_t c = data[off + i];

		row[k++] = c >= 0x20 && c < 0x7f ? (char)c : '.';
	}
	row[k] = '\0';
	snprintf(buf, len, "%s", row);
}
