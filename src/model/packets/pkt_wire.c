/* SPDX-License-Identifier: MIT */
/*
 * What the one-line decode and the field list both print: addresses, TCP
 * flags and options as tcpdump writes them, and the names of protocol numbers.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "pkt.h"
#include "pkt_wire.h"

void nst_pkt_mac_str(const uint8_t *p, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2], p[3], p[4], p[5]);
}

void nst_pkt_ip4_str(const uint8_t *p, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
}

void nst_pkt_ip6_str(const uint8_t *p, char *buf, size_t len)
{
	uint8_t a[16];

	memcpy(a, p, sizeof(a));
	if (len == 0 || !inet_ntop(AF_INET6, a, buf, (socklen_t)len)) {
		if (len) {
			buf[0] = '\0';
		}
	}
}

void nst_pkt_tcp_flags_str(uint8_t flags, char *buf, size_t len)
{
	static const struct {
		uint8_t bit;
		char c;
	} order[] = {
		{ NST_TH_FIN, 'F' }, { NST_TH_SYN, 'S' }, { NST_TH_RST, 'R' }, { NST_TH_PUSH, 'P' },
		{ NST_TH_ACK, '.' }, { NST_TH_URG, 'U' }, { NST_TH_ECE, 'E' }, { NST_TH_CWR, 'W' },
	};
	size_t n = 0;

	if (len == 0) {
		return;
	}
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]) && n + 1 < len; i++) {
		if (flags & order[i].bit) {
			buf[n++] = order[i].c;
		}
	}
	buf[n] = '\0';
	if (n == 0) {
		snprintf(buf, len, "none");
	}
}

/* Bounded appends for the option list: text past the end is dropped. */
struct sbuf {
	char *s;
	size_t n, cap;
};

static void app(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void app(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (b->n + 1 >= b->cap) {
		return;
	}
	va_start(ap, fmt);
	r = vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
	va_end(ap);
	if (r > 0) {
		b->n += (size_t)r;
	}
	if (b->n >= b->cap) {
		b->n = b->cap - 1;
	}
}

void nst_pkt_tcp_opts_str(const uint8_t *p, size_t n, char *buf, size_t len)
{
	struct sbuf b = { buf, 0, len };
	size_t i = 0;

	if (len == 0) {
		return;
	}
	buf[0] = '\0';
	while (i < n) {
		uint8_t kind = p[i], olen;

		if (b.n) {
			app(&b, ",");
		}
		if (kind == 0) {
			app(&b, "eol");
			break;
		}
		if (kind == 1) {
			app(&b, "nop");
			i++;
			continue;
		}
		if (i + 2 > n || p[i + 1] < 2 || i + p[i + 1] > n) {
			app(&b, "[bad opt]");
			break;
		}
		olen = p[i + 1];
		if (kind == 2 && olen == 4) {
			app(&b, "mss %u", nst_rd16(p + i + 2));
		} else if (kind == 3 && olen == 3) {
			app(&b, "wscale %u", p[i + 2]);
		} else if (kind == 4 && olen == 2) {
			app(&b, "sackOK");
		} else if (kind == 5 && (olen - 2) % 8 == 0) {
			app(&b, "sack %u ", (olen - 2) / 8);
			for (size_t j = i + 2; j + 8 <= i + olen; j += 8) {
				app(&b, "{%u:%u}", nst_rd32(p + j), nst_rd32(p + j + 4));
			}
		} else if (kind == 8 && olen == 10) {
			app(&b, "TS val %u ecr %u", nst_rd32(p + i + 2), nst_rd32(p + i + 6));
		} else if (kind == 34) {
			app(&b, "tfo");
		} else if (kind == 30) {
			app(&b, "mptcp");
		} else if (kind == 19 && olen == 18) {
			app(&b, "md5");
		} else {
			app(&b, "unknown-%u", kind);
		}
		i += olen;
	}
}

const char *nst_pkt_ethertype_name(uint16_t type)
{
	switch (type) {
	case NST_ET_IP:
		return "IPv4";
	case NST_ET_ARP:
		return "ARP";
	case NST_ET_RARP:
		return "RARP";
	case NST_ET_IP6:
		return "IPv6";
	case NST_ET_8021Q:
		return "802.1Q";
	case NST_ET_8021AD:
		return "802.1Q-QinQ";
	case NST_ET_QINQ9100:
		return "802.1Q-9100";
	case 0x88cc:
		return "LLDP";
	case 0x8847:
		return "MPLS unicast";
	case 0x8848:
		return "MPLS multicast";
	case 0x888e:
		return "EAPOL";
	case 0x8863:
		return "PPPoE D";
	case 0x8864:
		return "PPPoE S";
	case 0x88e5:
		return "MACsec";
	case 0x8809:
		return "Slow Protocols";
	case 0x9000:
		return "Loopback";
	default:
		return NULL;
	}
}

const char *nst_pkt_ip_proto_name(uint8_t proto)
{
	switch (proto) {
	case NST_IPP_HOPOPTS:
		return "Hop-by-hop options";
	case NST_IPP_ICMP:
		return "ICMP";
	case 2:
		return "IGMP";
	case 4:
		return "IPIP";
	case NST_IPP_TCP:
		return "TCP";
	case NST_IPP_UDP:
		return "UDP";
	case 41:
		return "IPv6";
	case NST_IPP_ROUTING:
		return "Routing";
	case NST_IPP_FRAGMENT:
		return "Fragment";
	case 47:
		return "GRE";
	case 50:
		return "ESP";
	case 51:
		return "AH";
	case NST_IPP_ICMPV6:
		return "ICMPv6";
	case NST_IPP_NONE:
		return "No next header";
	case NST_IPP_DSTOPTS:
		return "Destination options";
	case 112:
		return "VRRP";
	case 132:
		return "SCTP";
	case 136:
		return "UDPLite";
	default:
		return NULL;
	}
}

const char *nst_pkt_icmp_type_name(uint8_t type)
{
	switch (type) {
	case 0:
		return "echo reply";
	case 3:
		return "unreachable";
	case 4:
		return "source quench";
	case 5:
		return "redirect";
	case 8:
		return "echo request";
	case 9:
		return "router advertisement";
	case 10:
		return "router solicitation";
	case 11:
		return "time exceeded";
	case 12:
		return "parameter problem";
	case 13:
		return "time stamp request";
	case 14:
		return "time stamp reply";
	case 15:
		return "information request";
	case 16:
		return "information reply";
	case 17:
		return "address mask request";
	case 18:
		return "address mask reply";
	default:
		return NULL;
	}
}

const char *nst_pkt_icmp6_type_name(uint8_t type)
{
	switch (type) {
	case 1:
		return "destination unreachable";
	case 2:
		return "packet too big";
	case 3:
		return "time exceeded";
	case 4:
		return "parameter problem";
	case 128:
		return "echo request";
	case 129:
		return "echo reply";
	case 130:
		return "multicast listener query";
	case 131:
		return "multicast listener report";
	case 132:
		return "multicast listener done";
	case 133:
		return "router solicitation";
	case 134:
		return "router advertisement";
	case 135:
		return "neighbor solicitation";
	case 136:
		return "neighbor advertisement";
	case 137:
		return "redirect";
	case 143:
		return "multicast listener report v2";
	default:
		return NULL;
	}
}

const char *nst_pkt_arp_op_name(uint16_t op)
{
	switch (op) {
	case 1:
		return "Request";
	case 2:
		return "Reply";
	case 3:
		return "Reverse Request";
	case 4:
		return "Reverse Reply";
	case 8:
		return "Inverse Request";
	case 9:
		return "Inverse Reply";
	default:
		return NULL;
	}
}

const char *nst_pkt_sll_type_name(uint16_t pkttype)
{
	switch (pkttype) {
	case 0:
		return "In";
	case 1:
		return "B";
	case 2:
		return "M";
	case 3:
		return "P";
	case 4:
		return "Out";
	default:
		return NULL;
	}
}
