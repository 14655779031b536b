/* SPDX-License-Identifier: MIT */
/*
 * A route's lightweight tunnel (RTA_ENCAP_TYPE + RTA_ENCAP) as iproute2 writes
 * it: seg6, mpls and ip are decoded; any other type, or a payload shaped
 * otherwise, is named "(not decoded)" with a reason, and the route is kept.
 */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/lwtunnel.h>
#include <linux/mpls_iptunnel.h>
#include <linux/seg6.h>
#include <linux/seg6_iptunnel.h>
#include <stdio.h>
#include <string.h>

#include "be_nlmsg.h"
#include "cut.h"

static const char *encap_name(uint16_t type)
{
	static const char *const names[] = { "none", "mpls", "ip", "ila", "ip6", "seg6", "bpf", "seg6local",
					     "rpl", "ioam6", "xfrm" };
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}

/* The nested attribute of type want inside RTA_ENCAP, when the nest tiles; NULL otherwise. */
static const struct nlattr *nested(const struct nlattr *encap, uint16_t want, bool *ok)
{
	const char *p = mnl_attr_get_payload(encap);
	size_t len = mnl_attr_get_payload_len(encap);
	const struct nlattr *found = NULL;

	*ok = true;
	while (len >= sizeof(struct nlattr)) {
		struct nlattr a;
		memcpy(&a, p, sizeof(a));
		if (a.nla_len < sizeof(a) || a.nla_len > len) {
			*ok = false;
			return NULL;
		}
		if ((a.nla_type & NLA_TYPE_MASK) == want) {
			found = (const struct nlattr *)(const void *)p;
		}
		size_t step = NLA_ALIGN(a.nla_len);
		if (step >= len) {
			return found;
		}
		p += step;
		len -= step;
	}
	*ok = len == 0;
	return *ok ? found : NULL;
}

static const char *seg6_mode(int mode)
{
	static const char *const names[] = { "inline", "encap", "l2encap", "encap.red", "l2encap.red" };
	return mode >= 0 && mode < (int)(sizeof(names) / sizeof(names[0])) ? names[mode] : NULL;
}

/* SEG6_IPTUNNEL_SRH: int mode, then an SRH whose segments iproute2 lists last first. */
static bool seg6_text(const struct nlattr *encap, char *out, size_t len)
{
	bool ok;
	const struct nlattr *a = encap ? nested(encap, SEG6_IPTUNNEL_SRH, &ok) : NULL;
	struct ipv6_sr_hdr srh;
	int mode;

	if (!a || mnl_attr_get_payload_len(a) < sizeof(mode) + sizeof(srh)) {
		return false;
	}
	const char *p = mnl_attr_get_payload(a);
	size_t plen = mnl_attr_get_payload_len(a);
	memcpy(&mode, p, sizeof(mode));
	memcpy(&srh, p + sizeof(mode), sizeof(srh));
	size_t nseg = (size_t)srh.first_segment + 1;
	if (!seg6_mode(mode) || sizeof(mode) + sizeof(srh) + nseg * 16 > plen) {
		return false;
	}
	size_t at = 0;
	int n = snprintf(out, len, "seg6 mode %s segs %zu [", seg6_mode(mode), nseg);
	at = n > 0 && (size_t)n < len ? (size_t)n : len - 1;
	for (size_t i = nseg; i-- > 0;) {
		char addr[INET6_ADDRSTRLEN];
		inet_ntop(AF_INET6, p + sizeof(mode) + sizeof(srh) + i * 16, addr, sizeof(addr));
		n = snprintf(out + at, len - at, " %s", addr);
		at = n > 0 && (size_t)n < len - at ? at + (size_t)n : len - 1;
	}
	snprintf(out + at, len - at, " ]");
	return true;
}

/* MPLS_IPTUNNEL_DST: labels in network order, label in the top 20 bits. */
static bool mpls_text(const struct nlattr *encap, char *out, size_t len)
{
	bool ok;
	const struct nlattr *a = encap ? nested(encap, MPLS_IPTUNNEL_DST, &ok) : NULL;

	if (!a || mnl_attr_get_payload_len(a) == 0 || mnl_attr_get_payload_len(a) % 4) {
		return false;
	}
	size_t at = (size_t)snprintf(out, len, "mpls ");
	for (size_t i = 0; i < mnl_attr_get_payload_len(a) / 4 && at < len; i++) {
		uint32_t v;
		memcpy(&v, (const char *)mnl_attr_get_payload(a) + i * 4, 4);
		int n = snprintf(out + at, len - at, "%s%u", i ? "/" : "", ntohl(v) >> 12);
		at = n > 0 ? at + (size_t)n : len;
	}
	return true;
}

/* LWTUNNEL_IP_*: id (u64, network order), dst, src, ttl, tos. */
static bool ip_text(const struct nlattr *encap, uint16_t type, char *out, size_t len)
{
	bool ok;
	int fam = type == LWTUNNEL_ENCAP_IP6 ? AF_INET6 : AF_INET;
	size_t alen = fam == AF_INET6 ? 16 : 4;
	const struct nlattr *id = encap ? nested(encap, LWTUNNEL_IP_ID, &ok) : NULL;
	const struct nlattr *dst = encap ? nested(encap, LWTUNNEL_IP_DST, &ok) : NULL;
	const struct nlattr *src = encap ? nested(encap, LWTUNNEL_IP_SRC, &ok) : NULL;
	const struct nlattr *ttl = encap ? nested(encap, LWTUNNEL_IP_TTL, &ok) : NULL;
	char d[INET6_ADDRSTRLEN] = "0.0.0.0", s[INET6_ADDRSTRLEN] = "0.0.0.0";
	uint64_t v = 0;

	if (!encap || !ok || (id && mnl_attr_get_payload_len(id) != 8) || (dst && mnl_attr_get_payload_len(dst) != alen) ||
	    (src && mnl_attr_get_payload_len(src) != alen) || (ttl && mnl_attr_get_payload_len(ttl) != 1)) {
		return false;
	}
	if (id) {
		memcpy(&v, mnl_attr_get_payload(id), 8);
		v = be64toh(v);
	}
	if (dst) {
		inet_ntop(fam, mnl_attr_get_payload(dst), d, sizeof(d));
	}
	if (src) {
		inet_ntop(fam, mnl_attr_get_payload(src), s, sizeof(s));
	}
	snprintf(out, len, "%s id %llu src %s dst %s ttl %u", encap_name(type), (unsigned long long)v, s, d,
		 ttl ? mnl_attr_get_u8(ttl) : 0);
	return true;
}

void be_rtnl_encap_text(uint16_t type, const struct nlattr *encap, char *out, size_t len, char *why, size_t why_len)
{
	bool done = false;

	out[0] = why[0] = '\0';
	switch (type) {
	case LWTUNNEL_ENCAP_SEG6:
		done = seg6_text(encap, out, len);
		break;
	case LWTUNNEL_ENCAP_MPLS:
		done = mpls_text(encap, out, len);
		break;
	case LWTUNNEL_ENCAP_IP:
	case LWTUNNEL_ENCAP_IP6:
		done = ip_text(encap, type, out, len);
		break;
	default:
		break;
	}
	if (!done) {
		const char *name = encap_name(type);
		if (name) {
			nst_fmt_cut(out, len, "%s (not decoded)", name);
		} else {
			nst_fmt_cut(out, len, "type %u (not decoded)", type);
		}
		nst_fmt_cut(why, why_len, "encap %s not decoded by nstop", name ? name : "of an unknown type");
	}
}
