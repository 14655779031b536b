/* SPDX-License-Identifier: MIT */
/*
 * The one-line decode of a frame, as `tcpdump -n -l` prints it, and its time
 * stamp. Untrusted bytes (ARCHITECTURE.md §11): every read is checked against what
 * was captured; a header cut short ends the line with a "[|proto]" marker.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pkt.h"
#include "pkt_wire.h"

/* The line being written: appends are bounded, overlong text is cut. */
struct ln {
	char *s;
	size_t n;
	enum nst_pkt_class cls;
	bool bad;
};

/*
 * A stretch of the frame: cap bytes captured at p, len bytes on the wire
 * (cap ≤ len always). Headers are read from cap, lengths printed from len.
 */
struct span {
	const uint8_t *p;
	size_t cap, len;
};

static void put(struct ln *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct ln *l, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (l->n >= NST_PKT_TEXT - 1) {
		return;
	}
	va_start(ap, fmt);
	r = vsnprintf(l->s + l->n, NST_PKT_TEXT - l->n, fmt, ap);
	va_end(ap);
	if (r > 0) {
		l->n += (size_t)r;
	}
	if (l->n > NST_PKT_TEXT - 1) {
		l->n = NST_PKT_TEXT - 1;
	}
}

/* A header ends before it should: say where, the way tcpdump does. */
static void cut(struct ln *l, const char *proto)
{
	put(l, "%s[|%s]", l->n && l->s[l->n - 1] != ' ' ? " " : "", proto);
	l->bad = true;
}

static struct span skip(struct span s, size_t n)
{
	/* callers check n ≤ cap; stay inside even if one did not */
	if (n > s.cap) {
		n = s.cap;
	}
	return (struct span){ s.p + n, s.cap - n, s.len - n };
}

/*
 * The datagram is len bytes, as its IP header says: fewer than the frame
 * (Ethernet padding), or more (a frame that lies; tcpdump prints the lengths
 * the headers claim too). Reads stay within what was captured either way.
 */
static struct span with_len(struct span s, size_t len)
{
	s.len = len;
	if (s.cap > len) {
		s.cap = len;
	}
	return s;
}

/* ---- transport ---- */

/* The addresses of the datagram a transport header is in. */
struct addrs {
	char src[48], dst[48];
	bool frag;  /* first fragment of several: transport lengths cover more than this datagram */
	bool shown; /* "src > dst: " is on the line already (IPv6 with extension headers) */
};

/* "src > dst: " for a protocol without ports, unless IPv6 printed it before its extension headers. */
static void put_addrs(struct ln *l, const struct addrs *a)
{
	if (!a->shown) {
		put(l, "%s > %s: ", a->src, a->dst);
	}
}

/*
 * "src.sport > dst.dport: ", or "sport > dport: " when IPv6 printed the
 * addresses before its extension headers (as tcpdump does). False when the
 * ports are not captured: the addresses alone are printed.
 */
static bool put_ports(struct ln *l, const struct addrs *a, struct span s)
{
	if (s.cap < 4) {
		put_addrs(l, a);
		return false;
	}
	if (a->shown) {
		put(l, "%u > %u: ", nst_rd16(s.p), nst_rd16(s.p + 2));
	} else {
		put(l, "%s.%u > %s.%u: ", a->src, nst_rd16(s.p), a->dst, nst_rd16(s.p + 2));
	}
	return true;
}

static void dec_tcp(struct ln *l, const struct addrs *a, struct span s)
{
	uint8_t flags, hlen;
	uint32_t seq, ack;
	size_t dlen;
	char f[12];

	l->cls = NST_PKT_TCP;
	if (!put_ports(l, a, s)) {
		cut(l, "tcp");
		return;
	}
	if (s.cap < NST_TCP_HLEN) {
		cut(l, "tcp");
		return;
	}
	hlen = (uint8_t)((s.p[12] >> 4) * 4);
	flags = s.p[13];
	if (hlen < NST_TCP_HLEN) {
		put(l, "tcp %zu [bad hdr length %u - too short, < 20]", s.len, hlen);
		l->bad = true;
		return;
	}
	if (hlen > s.len) {
		put(l, "tcp %zu [bad hdr length %u - too long, > %zu]", s.len, hlen, s.len);
		l->bad = true;
		return;
	}
	seq = nst_rd32(s.p + 4);
	ack = nst_rd32(s.p + 8);
	dlen = s.len - hlen;
	nst_pkt_tcp_flags_str(flags, f, sizeof(f));
	put(l, "Flags [%s]", f);
	if (dlen > 0 || (flags & (NST_TH_SYN | NST_TH_FIN | NST_TH_RST))) {
		put(l, ", seq %u", seq);
		if (dlen > 0) {
			put(l, ":%u", (uint32_t)(seq + (uint32_t)dlen));
		}
	}
	if (flags & NST_TH_ACK) {
		put(l, ", ack %u", ack);
	}
	put(l, ", win %u", nst_rd16(s.p + 14));
	if (flags & NST_TH_URG) {
		put(l, ", urg %u", nst_rd16(s.p + 18));
	}
	if (hlen > NST_TCP_HLEN) {
		char opts[NST_PKT_TEXT];

		if (s.cap < hlen) {
			put(l, ", options");
			cut(l, "tcp");
			return;
		}
		nst_pkt_tcp_opts_str(s.p + NST_TCP_HLEN, hlen - NST_TCP_HLEN, opts, sizeof(opts));
		put(l, ", options [%s]", opts);
	}
	put(l, ", length %zu", dlen);
}

static void dec_udp(struct ln *l, const struct addrs *a, struct span s)
{
	uint16_t ulen;

	l->cls = NST_PKT_UDP;
	if (!put_ports(l, a, s)) {
		cut(l, "udp");
		return;
	}
	if (s.cap < NST_UDP_HLEN) {
		cut(l, "udp");
		return;
	}
	ulen = nst_rd16(s.p + 4);
	if (ulen < NST_UDP_HLEN) {
		put(l, "UDP, bad length %u < 8", ulen);
		l->bad = true;
	} else if (ulen > s.len && !a->frag) {
		put(l, "UDP, bad length %u > %zu", ulen - NST_UDP_HLEN, s.len - (s.len >= 8 ? 8 : s.len));
		l->bad = true;
	} else {
		put(l, "UDP, length %u", ulen - NST_UDP_HLEN);
	}
}

/* tcpdump's words for ICMP unreachable codes, around the original destination. */
static const struct {
	const char *pre, *post;
} unreach[] = {
	[0] = { "net ", " unreachable" },
	[1] = { "host ", " unreachable" },
	[5] = { "", " unreachable - source route failed" },
	[6] = { "net ", " unreachable - unknown" },
	[7] = { "host ", " unreachable - unknown" },
	[8] = { "", " unreachable - source host isolated" },
	[9] = { "net ", " unreachable - admin prohibited" },
	[10] = { "host ", " unreachable - admin prohibited" },
	[11] = { "net ", " unreachable - tos prohibited" },
	[12] = { "host ", " unreachable - tos prohibited" },
	[13] = { "host ", " unreachable - admin prohibited filter" },
	[14] = { "host ", " unreachable - host precedence violation" },
	[15] = { "host ", " unreachable - precedence cutoff" },
};

/* Destination unreachable: what it says about the datagram it quotes (at s.p + 8). False when cut or bad. */
static bool dec_icmp_unreach(struct ln *l, struct span s)
{
	uint8_t code = s.p[1], ihl, proto;
	struct span in;
	char dst[48];

	if (s.cap < 8 + NST_IP4_HLEN) {
		put(l, "unreachable, code %u", code);
		cut(l, "icmp");
		return false;
	}
	in = skip(s, 8);
	ihl = (uint8_t)((in.p[0] & 0x0f) * 4);
	proto = in.p[9];
	nst_pkt_ip4_str(in.p + 16, dst, sizeof(dst));
	if ((in.p[0] >> 4) != 4 || ihl < NST_IP4_HLEN) {
		put(l, "unreachable, code %u, bad inner ip", code);
		l->bad = true;
		return false;
	}
	switch (code) {
	case 2:
		put(l, "%s protocol %u unreachable", dst, proto);
		break;
	case 3:
		if (in.cap < (size_t)ihl + 4) {
			put(l, "%s port unreachable", dst);
			cut(l, "icmp");
			return false;
		}
		if (proto == NST_IPP_TCP || proto == NST_IPP_UDP) {
			put(l, "%s %s port %u unreachable", dst, proto == NST_IPP_TCP ? "tcp" : "udp",
			    nst_rd16(in.p + ihl + 2));
		} else {
			put(l, "%s protocol %u port %u unreachable", dst, proto, nst_rd16(in.p + ihl + 2));
		}
		break;
	case 4:
		if (nst_rd16(s.p + 6)) {
			put(l, "%s unreachable - need to frag (mtu %u)", dst, nst_rd16(s.p + 6));
		} else {
			put(l, "%s unreachable - need to frag", dst);
		}
		break;
	default:
		if (code < sizeof(unreach) / sizeof(unreach[0]) && unreach[code].pre) {
			put(l, "%s%s%s", unreach[code].pre, dst, unreach[code].post);
		} else {
			put(l, "%s unreachable - #%u", dst, code);
		}
		break;
	}
	return true;
}

static void dec_icmp(struct ln *l, const struct addrs *a, struct span s)
{
	const char *name;
	uint8_t type, code;

	l->cls = NST_PKT_ICMP;
	put_addrs(l, a);
	put(l, "ICMP ");
	if (s.cap < 4) {
		cut(l, "icmp");
		return;
	}
	type = s.p[0];
	code = s.p[1];
	name = nst_pkt_icmp_type_name(type);
	switch (type) {
	case 0:
	case 8:
		if (s.cap < 8) {
			put(l, "%s", name);
			cut(l, "icmp");
			return;
		}
		put(l, "%s, id %u, seq %u", name, nst_rd16(s.p + 4), nst_rd16(s.p + 6));
		break;
	case 3:
		if (!dec_icmp_unreach(l, s)) {
			return;
		}
		break;
	case 5: {
		char dst[16], gw[16];

		if (s.cap < 8 + NST_IP4_HLEN) {
			put(l, "redirect");
			cut(l, "icmp");
			return;
		}
		nst_pkt_ip4_str(s.p + 8 + 16, dst, sizeof(dst));
		nst_pkt_ip4_str(s.p + 4, gw, sizeof(gw));
		if (code < 4) {
			put(l, code == 0 ? "redirect %s to net %s" : code == 1 ? "redirect %s to host %s"
				: code == 2 ? "redirect-tos %s to net %s" : "redirect-tos %s to host %s", dst, gw);
		} else {
			put(l, "redirect-#%u %s to %s", code, dst, gw);
		}
		break;
	}
	case 12:
		if (code == 0) {
			put(l, "parameter problem - octet %u", s.cap > 4 ? s.p[4] : 0);
		} else {
			put(l, "parameter problem - code %u", code);
		}
		break;
	case 13:
	case 14:
		if (s.cap < 8) {
			put(l, "%s", name);
			cut(l, "icmp");
			return;
		}
		put(l, "time stamp %s id %u seq %u", type == 13 ? "query" : "reply", nst_rd16(s.p + 4), nst_rd16(s.p + 6));
		break;
	case 11:
		if (code == 0) {
			put(l, "time exceeded in-transit");
		} else if (code == 1) {
			put(l, "ip reassembly time exceeded");
		} else {
			put(l, "time exceeded, code %u", code);
		}
		break;
	default:
		if (name) {
			put(l, "%s", name);
		} else {
			put(l, "type-#%u", type);
		}
		break;
	}
	put(l, ", length %zu", s.len);
}

static void dec_icmp6(struct ln *l, const struct addrs *a, struct span s)
{
	const char *name;
	uint8_t type, code;
	char addr[48];

	l->cls = NST_PKT_ICMP;
	put_addrs(l, a);
	put(l, "ICMP6, ");
	if (s.cap < 4) {
		cut(l, "icmp6");
		return;
	}
	type = s.p[0];
	code = s.p[1];
	name = nst_pkt_icmp6_type_name(type);
	if (name) {
		put(l, "%s", name);
	} else {
		put(l, "type-#%u", type);
	}
	switch (type) {
	case 128:
	case 129:
		if (s.cap < 8) {
			cut(l, "icmp6");
			return;
		}
		put(l, ", id %u, seq %u", nst_rd16(s.p + 4), nst_rd16(s.p + 6));
		break;
	case 1: {
		static const char *const codes[] = { "unreachable route", "unreachable prohibited", "beyond scope",
						     "unreachable address", "unreachable port",
						     "source address failed policy", "reject route" };

		if (code < sizeof(codes) / sizeof(codes[0])) {
			put(l, ", %s", codes[code]);
		} else {
			put(l, ", code %u", code);
		}
		if (s.cap < 8 + NST_IP6_HLEN) {
			cut(l, "icmp6");
			return;
		}
		/* the datagram it quotes: its destination, and for a port its transport header */
		nst_pkt_ip6_str(s.p + 8 + 24, addr, sizeof(addr));
		if (code == 4) {
			uint8_t nh = s.p[8 + 6];
			const uint8_t *th = s.p + 8 + NST_IP6_HLEN;

			if (s.cap < 8 + NST_IP6_HLEN + 4) {
				cut(l, "icmp6");
				return;
			}
			if (nh == NST_IPP_TCP || nh == NST_IPP_UDP) {
				put(l, ", %s %s port %u", addr, nh == NST_IPP_TCP ? "tcp" : "udp", nst_rd16(th + 2));
			} else {
				put(l, ", %s protocol %u port %u unreachable", addr, nh, nst_rd16(th + 2));
			}
		} else if (code == 2) {
			char src[48];

			nst_pkt_ip6_str(s.p + 8 + 8, src, sizeof(src));
			put(l, " %s, source address %s", addr, src);
		} else {
			put(l, " %s", addr);
		}
		break;
	}
	case 2:
		if (s.cap < 8) {
			cut(l, "icmp6");
			return;
		}
		put(l, ", mtu %u", nst_rd32(s.p + 4));
		break;
	case 3:
		if (code == 0) {
			if (s.cap < 8 + NST_IP6_HLEN) {
				put(l, " in-transit");
				cut(l, "icmp6");
				return;
			}
			nst_pkt_ip6_str(s.p + 8 + 24, addr, sizeof(addr));
			put(l, " in-transit for %s", addr);
		} else if (code == 1) {
			put(l, " (reassembly)");
		} else {
			put(l, ", unknown code (%u)", code);
		}
		break;
	case 135:
	case 136:
		if (s.cap < 24) {
			cut(l, "icmp6");
			return;
		}
		nst_pkt_ip6_str(s.p + 8, addr, sizeof(addr));
		put(l, type == 135 ? ", who has %s" : ", tgt is %s", addr);
		break;
	case 143:
		if (s.cap < 8) {
			cut(l, "icmp6");
			return;
		}
		put(l, ", %u group record(s)", nst_rd16(s.p + 6));
		break;
	default:
		break;
	}
	put(l, ", length %zu", s.len);
}

/* The transport inside an IPv4 or IPv6 datagram; v6 selects ICMPv6 over ICMP. */
static void dec_l4(struct ln *l, const struct addrs *a, uint8_t proto, bool v6, struct span s)
{
	if (proto == NST_IPP_TCP) {
		dec_tcp(l, a, s);
	} else if (proto == NST_IPP_UDP) {
		dec_udp(l, a, s);
	} else if (proto == NST_IPP_ICMP && !v6) {
		dec_icmp(l, a, s);
	} else if (proto == NST_IPP_ICMPV6 && v6) {
		dec_icmp6(l, a, s);
	} else if (proto == NST_IPP_NONE && v6) {
		l->cls = NST_PKT_IP;
		put_addrs(l, a);
		put(l, "no next header");
	} else {
		l->cls = NST_PKT_IP;
		put_addrs(l, a);
		put(l, "ip-proto-%u, length %zu", proto, s.len);
	}
}

/* ---- network ---- */

static void dec_ip4(struct ln *l, struct span s)
{
	uint8_t hlen, proto;
	uint16_t tot, frag, id;
	struct addrs a = { 0 };
	struct span pl;

	l->cls = NST_PKT_IP;
	put(l, "IP ");
	if (s.cap < 1) {
		cut(l, "ip");
		return;
	}
	if ((s.p[0] >> 4) != 4) {
		put(l, "bad-version %u, length %zu", s.p[0] >> 4, s.len);
		l->bad = true;
		return;
	}
	hlen = (uint8_t)((s.p[0] & 0x0f) * 4);
	if (hlen < NST_IP4_HLEN) {
		put(l, "bad-hlen %u", hlen);
		l->bad = true;
		return;
	}
	if (s.cap < NST_IP4_HLEN) {
		cut(l, "ip");
		return;
	}
	tot = nst_rd16(s.p + 2);
	if (tot == 0) {
		/* a TSO/GSO super-packet (BIG TCP) says 0: the wire length is all we know (as tcpdump) */
		tot = (uint16_t)(s.len > 0xffff ? 0xffff : s.len);
	}
	if (tot < hlen) {
		put(l, "bad-len %u", tot);
		l->bad = true;
		return;
	}
	if (tot > s.len) {
		put(l, "truncated-ip - %zu bytes missing! ", tot - s.len);
		l->bad = true;
	}
	s = with_len(s, tot);
	id = nst_rd16(s.p + 4);
	frag = nst_rd16(s.p + 6);
	proto = s.p[9];
	nst_pkt_ip4_str(s.p + 12, a.src, sizeof(a.src));
	nst_pkt_ip4_str(s.p + 16, a.dst, sizeof(a.dst));
	if (hlen > s.cap) {
		put(l, "%s > %s: ", a.src, a.dst);
		cut(l, "ip");
		return;
	}
	pl = skip(s, hlen);
	if (frag & 0x1fff) {
		/* not the first fragment: no transport header here */
		put(l, "%s > %s: ip-proto-%u, length %zu", a.src, a.dst, proto, pl.len);
	} else {
		a.frag = (frag & 0x2000) != 0;
		dec_l4(l, &a, proto, false, pl);
		if (!a.frag) {
			return;
		}
	}
	put(l, " (frag %u:%zu@%u%s)", id, pl.len, (frag & 0x1fff) * 8u, frag & 0x2000 ? "+" : "");
	if (frag & 0x1fff) {
		l->cls = NST_PKT_IP;
	}
}

static void dec_ip6(struct ln *l, struct span s)
{
	struct addrs a = { 0 };
	struct span pl;
	uint16_t plen;
	uint8_t nh;

	l->cls = NST_PKT_IP;
	put(l, "IP6 ");
	if (s.cap >= 1 && (s.p[0] >> 4) != 6) {
		put(l, "bad-version %u, length %zu", s.p[0] >> 4, s.len);
		l->bad = true;
		return;
	}
	if (s.cap < NST_IP6_HLEN) {
		cut(l, "ip6");
		return;
	}
	plen = nst_rd16(s.p + 4);
	nh = s.p[6];
	if (plen == 0) {
		/* a jumbogram or a GSO super-packet: the wire length is all we know */
		plen = (uint16_t)(s.len - NST_IP6_HLEN > 0xffff ? 0xffff : s.len - NST_IP6_HLEN);
	}
	if ((size_t)plen + NST_IP6_HLEN > s.len) {
		put(l, "truncated-ip6 - %zu bytes missing! ", (size_t)plen + NST_IP6_HLEN - s.len);
		l->bad = true;
	}
	s = with_len(s, (size_t)plen + NST_IP6_HLEN);
	nst_pkt_ip6_str(s.p + 8, a.src, sizeof(a.src));
	nst_pkt_ip6_str(s.p + 24, a.dst, sizeof(a.dst));
	pl = skip(s, NST_IP6_HLEN);
	if (nh != NST_IPP_TCP && nh != NST_IPP_UDP) {
		put(l, "%s > %s: ", a.src, a.dst);
		a.shown = true;
	}
	for (int i = 0;; i++) {
		const char *mark;
		size_t hl;

		if (nh != NST_IPP_HOPOPTS && nh != NST_IPP_DSTOPTS && nh != NST_IPP_ROUTING &&
		    nh != NST_IPP_FRAGMENT) {
			break;
		}
		if (i == NST_IP6_MAX_EXT) {
			put(l, "too many extension headers");
			l->bad = true;
			return;
		}
		if (nh == NST_IPP_HOPOPTS) {
			put(l, "HBH ");
			mark = "hbhopt";
		} else if (nh == NST_IPP_DSTOPTS) {
			put(l, "DSTOPT ");
			mark = "dstopt";
		} else if (nh == NST_IPP_ROUTING) {
			mark = "srcrt";
		} else {
			mark = "frag";
		}
		if (pl.cap < 2 || (nh == NST_IPP_FRAGMENT && pl.cap < 8) || (nh == NST_IPP_ROUTING && pl.cap < 4)) {
			cut(l, mark);
			return;
		}
		hl = nh == NST_IPP_FRAGMENT ? 8 : ((size_t)pl.p[1] + 1) * 8;
		if (hl > pl.len) {
			put(l, "[bad %s length %zu > %zu]", mark, hl, pl.len);
			l->bad = true;
			return;
		}
		if (nh == NST_IPP_ROUTING) {
			put(l, "RT6 (len=%u, type=%u, segleft=%u) ", pl.p[1], pl.p[2], pl.p[3]);
		} else if (nh == NST_IPP_FRAGMENT) {
			uint16_t off = nst_rd16(pl.p + 2);

			put(l, "frag (%u|%zu) ", (unsigned)(off & 0xfff8), pl.len - hl);
			if (off & 0xfff8) {
				/* not the first fragment: no transport header here */
				return;
			}
			a.frag = (off & 1) != 0;
		}
		if (hl > pl.cap) {
			cut(l, mark);
			return;
		}
		nh = pl.p[0];
		pl = skip(pl, hl);
	}
	dec_l4(l, &a, nh, true, pl);
}

static void dec_arp(struct ln *l, struct span s)
{
	uint16_t hrd, pro, op;
	uint8_t hln, pln;
	char spa[16], tpa[16], sha[18], tha[18];
	const char *name;

	l->cls = NST_PKT_ARP;
	put(l, "ARP, ");
	if (s.cap < NST_ARP_HLEN) {
		cut(l, "arp");
		return;
	}
	hrd = nst_rd16(s.p);
	pro = nst_rd16(s.p + 2);
	hln = s.p[4];
	pln = s.p[5];
	op = nst_rd16(s.p + 6);
	name = nst_pkt_arp_op_name(op);
	if (hrd != 1 || pro != NST_ET_IP || hln != 6 || pln != 4) {
		put(l, "hardware %u, protocol 0x%04x, op %u, length %zu", hrd, pro, op, s.len);
		return;
	}
	if (s.cap < 28) {
		put(l, "%s", name ? name : "op");
		cut(l, "arp");
		return;
	}
	nst_pkt_ip4_str(s.p + 14, spa, sizeof(spa));
	nst_pkt_ip4_str(s.p + 24, tpa, sizeof(tpa));
	nst_pkt_mac_str(s.p + 8, sha, sizeof(sha));
	nst_pkt_mac_str(s.p + 18, tha, sizeof(tha));
	switch (op) {
	case 1: {
		static const uint8_t zero[6];

		put(l, "Request who-has %s", tpa);
		if (memcmp(s.p + 18, zero, 6) != 0) {
			put(l, " (%s)", tha);
		}
		put(l, " tell %s", spa);
		break;
	}
	case 2:
		put(l, "Reply %s is-at %s", spa, sha);
		break;
	case 3:
		put(l, "Reverse Request who-is %s tell %s", tha, sha);
		break;
	case 4:
		put(l, "Reverse Reply %s at %s", tha, tpa);
		break;
	case 8:
		put(l, "Inverse Request who-is %s tell %s", tha, spa);
		break;
	case 9:
		put(l, "Inverse Reply %s at %s", sha, spa);
		break;
	default:
		put(l, "op %u", op);
		break;
	}
	put(l, ", length %zu", s.len);
}

/* What follows an ethertype: VLAN tags are peeled here, so SLL frames get them too. */
static void dec_ethertype(struct ln *l, uint16_t type, struct span s, size_t frame_len)
{
	for (int tags = 0; type == NST_ET_8021Q || type == NST_ET_8021AD || type == NST_ET_QINQ9100; tags++) {
		uint16_t tci;

		if (tags == NST_MAX_VLAN) {
			put(l, "too many vlan tags");
			l->bad = true;
			return;
		}
		put(l, "%s ", nst_pkt_ethertype_name(type));
		if (s.cap < NST_VLAN_HLEN) {
			cut(l, "vlan");
			return;
		}
		tci = nst_rd16(s.p);
		put(l, "vlan %u, p %u%s, ", tci & 0x0fff, tci >> 13, tci & 0x1000 ? ", DEI" : "");
		type = nst_rd16(s.p + 2);
		s = skip(s, NST_VLAN_HLEN);
	}
	switch (type) {
	case NST_ET_IP:
		dec_ip4(l, s);
		break;
	case NST_ET_IP6:
		dec_ip6(l, s);
		break;
	case NST_ET_ARP:
		dec_arp(l, s);
		break;
	default:
		l->cls = NST_PKT_OTHER;
		if (type < 0x0600) {
			put(l, "802.3, length %zu", frame_len);
		} else {
			put(l, "ethertype 0x%04x, length %zu", type, frame_len);
		}
		break;
	}
}

static void dec_raw(struct ln *l, struct span s)
{
	if (s.cap < 1) {
		put(l, "IP ");
		cut(l, "ip");
	} else if ((s.p[0] >> 4) == 6) {
		dec_ip6(l, s);
	} else if ((s.p[0] >> 4) == 4) {
		dec_ip4(l, s);
	} else {
		put(l, "IP bad-version %u, length %zu", s.p[0] >> 4, s.len);
		l->bad = true;
	}
}

static void put_direction(struct ln *l, uint16_t pkttype)
{
	const char *dir = nst_pkt_sll_type_name(pkttype);

	if (dir) {
		put(l, "%s ", dir);
	} else {
		put(l, "pkttype %u ", pkttype);
	}
}

void nst_pkt_decode(int dlt, const uint8_t *data, size_t caplen, size_t wirelen, struct nst_pkt_line *out)
{
	struct ln l = { .s = out->text, .cls = NST_PKT_OTHER };
	struct span s;

	out->text[0] = '\0';
	if (!data) {
		static const uint8_t none[1];

		data = none;
		caplen = 0;
	}
	if (wirelen < caplen) {
		/* a header that lies: the bytes we have are what there is */
		wirelen = caplen;
	}
	s = (struct span){ data, caplen, wirelen };
	switch (dlt) {
	case NST_DLT_EN10MB:
		if (s.cap < NST_ETH_HLEN) {
			cut(&l, "ether");
			break;
		}
		dec_ethertype(&l, nst_rd16(s.p + 12), skip(s, NST_ETH_HLEN), wirelen);
		break;
	case NST_DLT_LINUX_SLL:
		if (s.cap < NST_SLL_HLEN) {
			cut(&l, "sll");
			break;
		}
		put_direction(&l, nst_rd16(s.p));
		dec_ethertype(&l, nst_rd16(s.p + 14), skip(s, NST_SLL_HLEN), wirelen);
		break;
	case NST_DLT_LINUX_SLL2:
		if (s.cap < NST_SLL2_HLEN) {
			cut(&l, "sll2");
			break;
		}
		put(&l, "ifindex %u ", nst_rd32(s.p + 4));
		put_direction(&l, s.p[10]);
		dec_ethertype(&l, nst_rd16(s.p), skip(s, NST_SLL2_HLEN), wirelen);
		break;
	case NST_DLT_RAW:
		dec_raw(&l, s);
		break;
	case NST_DLT_IPV4:
		dec_ip4(&l, s);
		break;
	case NST_DLT_IPV6:
		dec_ip6(&l, s);
		break;
	default:
		put(&l, "link type %d, length %zu", dlt, wirelen);
		break;
	}
	while (l.n > 0 && out->text[l.n - 1] == ' ') {
		l.n--; /* a decode that stopped after "frag (1448|1448) " */
	}
	/* the line is shown on a terminal: nothing but printable ASCII */
	for (size_t i = 0; i < l.n; i++) {
		if (out->text[i] < 0x20 || out->text[i] > 0x7e) {
			out->text[i] = '?';
		}
	}
	out->text[l.n] = '\0';
	out->cls = l.bad ? NST_PKT_BAD : l.cls;
}

void nst_pkt_time(int64_t sec, int32_t usec, char *buf, size_t len)
{
	time_t t;
	struct tm tm;

	if (len == 0) {
		return;
	}
	if (usec < 0 || usec > 999999) {
		usec = 0;
	}
	t = (time_t)sec;
	if ((int64_t)t != sec || !localtime_r(&t, &tm)) {
		snprintf(buf, len, "--:--:--.%06d", (int)usec);
		return;
	}
	snprintf(buf, len, "%02d:%02d:%02d.%06d", tm.tm_hour, tm.tm_min, tm.tm_sec, (int)usec);
}

void nst_pkt_format(int64_t sec, int32_t usec, const struct nst_pkt_line *l, char *buf, size_t len)
{
	char ts[32];

	if (len == 0) {
		return;
	}
	nst_pkt_time(sec, usec, ts, sizeof(ts));
	snprintf(buf, len, "%s %s", ts, l->text);
}
