/* SPDX-License-Identifier: MIT */
/*
 * Raw RTM_NEWLINK / RTM_NEWADDR / RTM_NEWROUTE messages into the model, with
 * libmnl: the fixed header and every attribute are checked against a type
 * table before anything is read, and a message that fails adds nothing.
 * libnl is used only for its name tables (operstate, scope, protocol) and
 * address printing, so the output matches what its caches gave before.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/ip.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <netlink/route/rtnl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "be_nlmsg.h"
#include "be_stats.h"
#include "cut.h"
#include "route_text.h"

static const struct be_attr_rule link_rules[IFLA_MAX + 1] = {
	[IFLA_IFNAME] = { MNL_TYPE_NUL_STRING, 0 },
	[IFLA_MTU] = { MNL_TYPE_U32, 0 },
	[IFLA_LINK] = { MNL_TYPE_U32, 0 },
	[IFLA_MASTER] = { MNL_TYPE_U32, 0 },
	[IFLA_OPERSTATE] = { MNL_TYPE_U8, 0 },
	[IFLA_ADDRESS] = { MNL_TYPE_BINARY, 0 },
	[IFLA_LINKINFO] = { MNL_TYPE_NESTED, 0 },
	[IFLA_LINK_NETNSID] = { MNL_TYPE_U32, 0 },
	[IFLA_CARRIER] = { MNL_TYPE_U8, 0 },
	[IFLA_STATS] = { MNL_TYPE_UNSPEC, 8 * sizeof(uint32_t) },
	[IFLA_STATS64] = { MNL_TYPE_UNSPEC, 8 * sizeof(uint64_t) },
	[IFLA_AF_SPEC] = { MNL_TYPE_NESTED, 0 },
};

/* IFLA_AF_SPEC is keyed by address family; only AF_INET's devconf is read. */
static const struct be_attr_rule af_spec_rules[AF_INET + 1] = {
	[AF_INET] = { MNL_TYPE_NESTED, 0 },
};
static const struct be_attr_rule inet_rules[IFLA_INET_MAX + 1] = {
	[IFLA_INET_CONF] = { MNL_TYPE_BINARY, 0 },
};

/*
 * net.ipv4.conf.<link>.X from the link message's devconf array
 * (IFLA_AF_SPEC/AF_INET/IFLA_INET_CONF, u32 per IPV4_DEVCONF_* - 1): netconf
 * does not carry accept_local or arp_ignore, and reading /proc/sys per link
 * costs a lookup among every namespace's entries of that name. -1: the kernel
 * did not say (or a value no sysctl takes).
 */
static int inet_devconf(const struct nlmsghdr *h, const struct nlattr *af_spec, unsigned idx)
{
	const struct nlattr *af[AF_INET + 1], *in[IFLA_INET_MAX + 1];
	uint32_t v;

	if (!af_spec || be_nl_parse_attrs(h, 0, af_spec, af_spec_rules, AF_INET, af) < 0 || !af[AF_INET] ||
	    be_nl_parse_attrs(h, 0, af[AF_INET], inet_rules, IFLA_INET_MAX, in) < 0 || !in[IFLA_INET_CONF] ||
	    mnl_attr_get_payload_len(in[IFLA_INET_CONF]) < idx * sizeof(v)) {
		return -1;
	}
	memcpy(&v, (const char *)mnl_attr_get_payload(in[IFLA_INET_CONF]) + (idx - 1) * sizeof(v), sizeof(v));
	return v <= 1000 ? (int)v : -1;
}

static const struct be_attr_rule linkinfo_rules[IFLA_INFO_MAX + 1] = {
	[IFLA_INFO_KIND] = { MNL_TYPE_STRING, 1 },
	[IFLA_INFO_DATA] = { MNL_TYPE_NESTED, 0 },
	[IFLA_INFO_SLAVE_KIND] = { MNL_TYPE_STRING, 1 },
	[IFLA_INFO_SLAVE_DATA] = { MNL_TYPE_NESTED, 0 },
};

void be_counters_from64(const uint64_t v[8], struct nst_stats *st)
{
	/* rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors, rx_dropped, tx_dropped */
	memset(st, 0, sizeof(*st));
	st->rx_packets = v[0];
	st->tx_packets = v[1];
	st->rx_bytes = v[2];
	st->tx_bytes = v[3];
	st->rx_dropped = v[6];
	st->tx_dropped = v[7];
}

/* The first eight counters are the same in rtnl_link_stats and rtnl_link_stats64, in width apart. */
static void read_counters(const struct nlattr *const *tb, struct nst_stats *st)
{
	uint64_t v[8] = { 0 };

	if (tb[IFLA_STATS64]) {
		memcpy(v, mnl_attr_get_payload(tb[IFLA_STATS64]), sizeof(v));
	} else if (tb[IFLA_STATS]) {
		uint32_t w[8];
		memcpy(w, mnl_attr_get_payload(tb[IFLA_STATS]), sizeof(w));
		for (int i = 0; i < 8; i++) {
			v[i] = w[i];
		}
	}
	be_counters_from64(v, st);
}

/* the first 8 counters of struct rtnl_link_stats64 (be_counters_from64), which only grew at its end */
#define STATS_MIN_LEN (8 * sizeof(uint64_t))

static const struct be_attr_rule stats_rules[IFLA_STATS_MAX + 1] = {
	[IFLA_STATS_LINK_64] = { MNL_TYPE_UNSPEC, STATS_MIN_LEN },
};

int be_stats_parse(const struct nlmsghdr *h, struct nst_ns *ns, uint64_t now_ms)
{
	const struct nlattr *tb[IFLA_STATS_MAX + 1];
	struct if_stats_msg ifsm;
	uint64_t v[8];
	struct nst_stats st;

	if (h->nlmsg_type != RTM_NEWSTATS || h->nlmsg_len < NLMSG_HDRLEN + sizeof(ifsm)) {
		return -EBADMSG;
	}
	memcpy(&ifsm, mnl_nlmsg_get_payload(h), sizeof(ifsm));
	if ((int)ifsm.ifindex <= 0 ||
	    be_nl_parse_attrs(h, sizeof(ifsm), NULL, stats_rules, IFLA_STATS_MAX, tb) < 0) {
		return -EBADMSG;
	}
	struct nst_link *l = nst_ns_find_link(ns, (int)ifsm.ifindex);
	if (!l || !tb[IFLA_STATS_LINK_64]) {
		return 0; /* a link born since the last reading: its row comes with the next one */
	}
	memcpy(v, mnl_attr_get_payload(tb[IFLA_STATS_LINK_64]), sizeof(v));
	be_counters_from64(v, &st);
	nst_link_sample_stats(l, &st, now_ms);
	return 0;
}

static int link_header(const struct nlmsghdr *h, struct ifinfomsg *ifi, const struct nlattr **tb)
{
	if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_HDRLEN + sizeof(*ifi)) {
		return -EBADMSG;
	}
	memcpy(ifi, mnl_nlmsg_get_payload(h), sizeof(*ifi));
	if (ifi->ifi_index <= 0) {
		return -EBADMSG;
	}
	return be_nl_parse_attrs(h, sizeof(*ifi), NULL, link_rules, IFLA_MAX, tb);
}

/* A MAC as libnl prints it (its family guessed from the length, as its link parser does). */
static void format_hwaddr(const struct nlattr *a, char *out, size_t len)
{
	uint16_t n = mnl_attr_get_payload_len(a);
	struct nl_addr *addr;

	if (n == 0 || n > 32) {
		return;
	}
	addr = nl_addr_build(AF_UNSPEC, mnl_attr_get_payload(a), n);
	if (addr) {
		nl_addr_set_family(addr, nl_addr_guess_family(addr));
		nl_addr2str(addr, out, len);
		nl_addr_put(addr);
	}
}

int be_rtnl_parse_link(const struct nlmsghdr *h, struct nst_ns *ns, uint64_t now_ms, struct nst_link **out)
{
	const struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1];
	struct ifinfomsg ifi;
	struct nst_stats st;
	struct nst_link_info li = { 0 };
	int kind_lower = 0;
	bool data_bad = false;
	char kind[24] = "";

	if (out) {
		*out = NULL;
	}
	if (link_header(h, &ifi, tb) < 0) {
		return -EBADMSG;
	}
	if (tb[IFLA_LINKINFO]) {
		if (be_nl_parse_attrs(h, 0, tb[IFLA_LINKINFO], linkinfo_rules, IFLA_INFO_MAX, info) < 0) {
			return -EBADMSG;
		}
		if (info[IFLA_INFO_KIND]) {
			/* not necessarily NUL-terminated: copy at most its payload */
			nst_fmt_cut(kind, sizeof(kind), "%.*s", (int)strnlen(mnl_attr_get_payload(info[IFLA_INFO_KIND]),
									mnl_attr_get_payload_len(info[IFLA_INFO_KIND])),
				 (const char *)mnl_attr_get_payload(info[IFLA_INFO_KIND]));
		}
		/*
		 * A kind's data nstop cannot decode (an attribute of another size than
		 * its type, a torn nest inside IFLA_INFO_DATA) loses its fields, not the
		 * link: refusing would let one odd device hide a whole namespace.
		 */
		if (info[IFLA_INFO_DATA] &&
		    be_link_info_decode(nst_link_kind_find(kind)->id, h, info[IFLA_INFO_DATA], &li, &kind_lower) < 0) {
			memset(&li, 0, sizeof(li));
			kind_lower = 0;
			data_bad = true;
		}
		struct nst_link_info slave = li;
		if (be_link_slave_decode(h, info[IFLA_INFO_SLAVE_KIND], info[IFLA_INFO_SLAVE_DATA], &slave) < 0) {
			data_bad = true; /* a bond member's state: the kind's own fields stay */
		} else {
			li = slave;
		}
	}
	const struct nst_link_kind *k = nst_link_kind_find(kind);
	const char *name = tb[IFLA_IFNAME] ? mnl_attr_get_str(tb[IFLA_IFNAME]) : "?";
	if (strlen(name) >= NST_IFNAMSIZ) {
		return -EBADMSG; /* the kernel's names fit IFNAMSIZ: a longer one is not the kernel's, and cut it would name another link */
	}
	struct nst_link *l = nst_ns_add_link(ns, ifi.ifi_index, name);

	if (ifi.ifi_flags & IFF_LOOPBACK) {
		snprintf(l->kind, sizeof(l->kind), "loopback");
	} else if (kind[0]) {
		snprintf(l->kind, sizeof(l->kind), "%s", kind);
	}
	l->up = ifi.ifi_flags & IFF_UP;
	rtnl_link_operstate2str(tb[IFLA_OPERSTATE] ? mnl_attr_get_u8(tb[IFLA_OPERSTATE]) : 0, l->operstate,
				sizeof(l->operstate));
	l->mtu = tb[IFLA_MTU] ? mnl_attr_get_u32(tb[IFLA_MTU]) : 0;
	if (tb[IFLA_ADDRESS]) {
		format_hwaddr(tb[IFLA_ADDRESS], l->mac, sizeof(l->mac));
	}
	l->master.ifindex = tb[IFLA_MASTER] ? (int)mnl_attr_get_u32(tb[IFLA_MASTER]) : 0;
	int al = inet_devconf(h, tb[IFLA_AF_SPEC], IPV4_DEVCONF_ACCEPT_LOCAL);
	l->accept_local = al < 0 ? -1 : al != 0;
	l->arp_ignore = inet_devconf(h, tb[IFLA_AF_SPEC], IPV4_DEVCONF_ARP_IGNORE);
	read_counters(tb, &st);
	nst_link_sample_stats(l, &st, now_ms);

	if (k->id == NST_KIND_TUN && tb[IFLA_CARRIER]) {
		/* tun_attach turns the carrier on, the last close off: whether a process has it open */
		li.open = mnl_attr_get_u8(tb[IFLA_CARRIER]) != 0;
		li.have |= NST_LI_OPEN;
	}
	l->info = li;
	l->kind_data_bad = data_bad;
	/* IFLA_LINK on a veth (netkit) is the peer; the caller falls back to ethtool when a veth's is missing. */
	if (k->has_peer && tb[IFLA_LINK] && (int)mnl_attr_get_u32(tb[IFLA_LINK]) > 0) {
		l->peer.has = true;
		l->peer.ifindex = (int)mnl_attr_get_u32(tb[IFLA_LINK]);
		if (tb[IFLA_LINK_NETNSID]) {
			l->peer.elsewhere = true;
			l->peer.nsid = (int32_t)mnl_attr_get_u32(tb[IFLA_LINK_NETNSID]);
		}
	}
	/* A lower device: IFLA_LINK (tunnels: the kind's own LINK attribute), in IFLA_LINK_NETNSID when given. */
	int lower = kind_lower > 0 ? kind_lower : tb[IFLA_LINK] ? (int)mnl_attr_get_u32(tb[IFLA_LINK]) : 0;
	if (k->has_lower && lower > 0 && (lower != ifi.ifi_index || tb[IFLA_LINK_NETNSID])) {
		l->lower.has = true;
		l->lower.ifindex = lower;
		if (tb[IFLA_LINK_NETNSID]) {
			l->lower.elsewhere = true;
			l->lower.nsid = (int32_t)mnl_attr_get_u32(tb[IFLA_LINK_NETNSID]);
		}
	}
	if (out) {
		*out = l;
	}
	return 0;
}

static size_t family_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

/* An address attribute must be exactly the family's size. */
static bool addr_attr(const struct nlattr *a, int family, struct nst_addr *out, uint8_t prefixlen)
{
	size_t n = family_len(family);

	if (!a || n == 0 || mnl_attr_get_payload_len(a) != n) {
		return false;
	}
	memset(out, 0, sizeof(*out));
	out->family = family;
	memcpy(out->bytes, mnl_attr_get_payload(a), n);
	out->prefixlen = prefixlen;
	return true;
}

static const struct be_attr_rule addr_rules[IFA_MAX + 1] = {
	[IFA_ADDRESS] = { MNL_TYPE_BINARY, 0 },
	[IFA_LOCAL] = { MNL_TYPE_BINARY, 0 },
};

int be_rtnl_parse_addr(const struct nlmsghdr *h, struct nst_ns *ns)
{
	const struct nlattr *tb[IFA_MAX + 1];
	struct ifaddrmsg ifa;
	struct nst_addr a;

	if (h->nlmsg_type != RTM_NEWADDR || h->nlmsg_len < NLMSG_HDRLEN + sizeof(ifa)) {
		return -EBADMSG;
	}
	memcpy(&ifa, mnl_nlmsg_get_payload(h), sizeof(ifa));
	if (be_nl_parse_attrs(h, sizeof(ifa), NULL, addr_rules, IFA_MAX, tb) < 0) {
		return -EBADMSG;
	}
	if (family_len(ifa.ifa_family) == 0) {
		return 0; /* not an IP address: nothing nstop shows */
	}
	if (ifa.ifa_prefixlen > family_len(ifa.ifa_family) * 8) {
		return -EBADMSG;
	}
	/* libnl's rule: IFA_LOCAL is the address; without it (IPv6) IFA_ADDRESS is. */
	const struct nlattr *local = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!local) {
		return 0;
	}
	if (!addr_attr(local, ifa.ifa_family, &a, ifa.ifa_prefixlen) ||
	    (tb[IFA_ADDRESS] && mnl_attr_get_payload_len(tb[IFA_ADDRESS]) != family_len(ifa.ifa_family))) {
		return -EBADMSG;
	}
	struct nst_link *l = nst_ns_find_link(ns, (int)ifa.ifa_index);
	if (l) {
		nst_link_add_addr(l, &a);
	}
	return 0;
}

/*
 * Where a route stops being the kernel's message and starts being nstop's
 * reading of it: the header, the attribute framing, RTA_DST and the
 * rtnexthop records are the kernel's contract, and a message that breaks
 * them fails the read. What nstop interprets inside that frame (a gateway of
 * an unexpected size, RTA_VIA, an encap it cannot decode) keeps the route
 * with a warning: a route is never dropped for what nstop does not know.
 */
static const struct be_attr_rule route_rules[RTA_MAX + 1] = {
	[RTA_DST] = { MNL_TYPE_BINARY, 0 },
	[RTA_OIF] = { MNL_TYPE_U32, 0 },
	[RTA_TABLE] = { MNL_TYPE_U32, 0 },
	[RTA_PRIORITY] = { MNL_TYPE_U32, 0 },
	[RTA_PREF] = { MNL_TYPE_U8, 0 },
	[RTA_NH_ID] = { MNL_TYPE_U32, 0 },
	[RTA_ENCAP_TYPE] = { MNL_TYPE_U16, 0 },
};

#define MAX_HOPS 512 /* more: the route is refused, and its namespace read marked stale */

static void route_warn(struct nst_route *r, const char *what)
{
	struct nst_route_extra *x = nst_route_extra(r);
	size_t at = strlen(x->warning);

	nst_fmt_cut(x->warning + at, sizeof(x->warning) - at, "%s%s", at ? "; " : "", what);
}

/* RTA_GATEWAY (the route's family) or RTA_VIA (struct rtvia: any family); false: not decoded. */
static bool hop_gateway(const struct nlattr *a, bool via, int family, struct nst_addr *gw)
{
	if (via) {
		uint16_t fam;
		if (mnl_attr_get_payload_len(a) < sizeof(fam)) {
			return false;
		}
		memcpy(&fam, mnl_attr_get_payload(a), sizeof(fam));
		size_t n = family_len(fam);
		if (n == 0 || mnl_attr_get_payload_len(a) != sizeof(fam) + n) {
			return false;
		}
		memset(gw, 0, sizeof(*gw));
		gw->family = fam;
		memcpy(gw->bytes, (const char *)mnl_attr_get_payload(a) + sizeof(fam), n);
		gw->prefixlen = (uint8_t)(n * 8);
		return true;
	}
	/* Gateways keep the full-length prefix libnl gave addresses built from an attribute. */
	return addr_attr(a, family, gw, (uint8_t)(family_len(family) * 8));
}

/* Walk attributes in [p, p + len): false when they do not tile it. fn sees each. */
static bool walk_attrs(const char *p, size_t len, void (*fn)(const struct nlattr *, void *), void *arg)
{
	while (len >= sizeof(struct nlattr)) {
		struct nlattr a;
		memcpy(&a, p, sizeof(a));
		if (a.nla_len < sizeof(a) || a.nla_len > len) {
			return false;
		}
		/* 4-byte aligned: records and attributes are, in an aligned message */
		if (fn) {
			fn((const struct nlattr *)(const void *)p, arg);
		}
		size_t step = NLA_ALIGN(a.nla_len);
		if (step >= len) {
			return true;
		}
		p += step;
		len -= step;
	}
	return len == 0;
}

/* The payload of what was not decoded, for a person to read: 64 bytes at most. */
static void raw_hex(const struct nlattr *a, char *out, size_t len)
{
	size_t n = a ? mnl_attr_get_payload_len(a) : 0;
	const unsigned char *p = a ? mnl_attr_get_payload(a) : NULL;

	out[0] = '\0';
	for (size_t i = 0; i < n && i < 64 && 2 * i + 2 < len; i++) {
		snprintf(out + 2 * i, len - 2 * i, "%02x", p[i]);
	}
}

struct hop_ctx {
	int family;
	struct nst_route *r;
	struct nst_nexthop *hop;
};

static void hop_attr(const struct nlattr *a, void *arg)
{
	struct hop_ctx *c = arg;
	uint16_t type = mnl_attr_get_type(a);

	if (type == RTA_GATEWAY || type == RTA_VIA) {
		if (hop_gateway(a, type == RTA_VIA, c->family, &c->hop->gateway)) {
			c->hop->has_gateway = true;
		} else {
			route_warn(c->r, "a next hop's gateway not decoded");
		}
	} else if (type == RTA_ENCAP || type == RTA_ENCAP_TYPE) {
		route_warn(c->r, "a next hop's encap not decoded");
	}
}

/* How many rtnexthop records RTA_MULTIPATH holds; -EBADMSG when they do not tile it. */
static int count_hops(const struct nlattr *mp)
{
	const char *p = mnl_attr_get_payload(mp);
	size_t left = mnl_attr_get_payload_len(mp);
	int n = 0;

	while (left > 0) {
		struct rtnexthop nh;
		if (left < sizeof(nh) || n >= MAX_HOPS) {
			return -EBADMSG;
		}
		memcpy(&nh, p, sizeof(nh));
		if (nh.rtnh_len < sizeof(nh) || nh.rtnh_len > left) {
			return -EBADMSG;
		}
		size_t alen = nh.rtnh_len - RTNH_ALIGN(sizeof(nh));
		if (nh.rtnh_len < RTNH_ALIGN(sizeof(nh)) || !walk_attrs(p + RTNH_ALIGN(sizeof(nh)), alen, NULL, NULL)) {
			return -EBADMSG;
		}
		n++;
		size_t step = RTNH_ALIGN(nh.rtnh_len);
		if (step >= left) {
			break;
		}
		p += step;
		left -= step;
	}
	return n;
}

static void fill_hops(const struct nlattr *mp, int family, struct nst_route *r)
{
	const char *p = mnl_attr_get_payload(mp);

	for (size_t i = 0; i < r->n_nexthops; i++) {
		struct rtnexthop nh;
		memcpy(&nh, p, sizeof(nh));
		struct hop_ctx c = { family, r, &r->nexthops[i] };
		c.hop->oif = nh.rtnh_ifindex;
		c.hop->weight = nh.rtnh_hops + 1;
		c.hop->onlink = nh.rtnh_flags & RTNH_F_ONLINK;
		walk_attrs(p + RTNH_ALIGN(sizeof(nh)), nh.rtnh_len - RTNH_ALIGN(sizeof(nh)), hop_attr, &c);
		p += RTNH_ALIGN(nh.rtnh_len);
	}
}

int be_rtnl_parse_route(const struct nlmsghdr *h, struct nst_ns *ns)
{
	const struct nlattr *tb[RTA_MAX + 1];
	struct rtmsg rtm;
	int n = 0;

	if (h->nlmsg_type != RTM_NEWROUTE || h->nlmsg_len < NLMSG_HDRLEN + sizeof(rtm)) {
		return -EBADMSG;
	}
	memcpy(&rtm, mnl_nlmsg_get_payload(h), sizeof(rtm));
	if (be_nl_parse_attrs(h, sizeof(rtm), NULL, route_rules, RTA_MAX, tb) < 0) {
		return -EBADMSG;
	}
	size_t alen = family_len(rtm.rtm_family);
	if (alen == 0) {
		return 0; /* multicast forwarding caches (RTNL_FAMILY_IPMR...): not routes nstop shows */
	}
	if (rtm.rtm_dst_len > alen * 8) {
		return -EBADMSG;
	}
	struct nst_addr dst;
	bool has_dst = tb[RTA_DST] != NULL;
	if (has_dst && !addr_attr(tb[RTA_DST], rtm.rtm_family, &dst, rtm.rtm_dst_len)) {
		return -EBADMSG;
	}
	if (tb[RTA_MULTIPATH] && (n = count_hops(tb[RTA_MULTIPATH])) < 0) {
		return -EBADMSG;
	}
	struct nst_route *r = nst_ns_add_route_hops(ns, (size_t)n);

	r->family = rtm.rtm_family;
	if (!has_dst || rtm.rtm_dst_len == 0) {
		r->is_default = true;
	} else {
		r->dst = dst;
	}
	r->table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) : rtm.rtm_table;
	r->type = rtm.rtm_type;
	if (!nst_route_type_str(rtm.rtm_type)) {
		route_warn(r, "route type not known to nstop");
	}
	r->onlink = rtm.rtm_flags & RTNH_F_ONLINK;
	if (tb[RTA_PRIORITY]) {
		r->has_metric = true;
		r->metric = mnl_attr_get_u32(tb[RTA_PRIORITY]);
	}
	if (tb[RTA_PREF]) {
		r->has_pref = true;
		r->pref = mnl_attr_get_u8(tb[RTA_PREF]);
	}
	if (tb[RTA_PREFSRC]) {
		if (addr_attr(tb[RTA_PREFSRC], rtm.rtm_family, &r->prefsrc, (uint8_t)(alen * 8))) {
			r->has_prefsrc = true;
		} else {
			route_warn(r, "preferred source not decoded");
		}
	}
	if (tb[RTA_OIF]) {
		r->oif = (int)mnl_attr_get_u32(tb[RTA_OIF]);
	}
	if (tb[RTA_NH_ID]) {
		r->nh_id = mnl_attr_get_u32(tb[RTA_NH_ID]);
	}
	if (tb[RTA_GATEWAY] || tb[RTA_VIA]) {
		bool via = !tb[RTA_GATEWAY];
		if (hop_gateway(via ? tb[RTA_VIA] : tb[RTA_GATEWAY], via, rtm.rtm_family, &r->gateway)) {
			r->has_gateway = true;
		} else {
			route_warn(r, "gateway not decoded");
		}
	}
	if (n > 0) {
		fill_hops(tb[RTA_MULTIPATH], rtm.rtm_family, r);
		/* the first hop stands for the route where one device or gateway is read */
		if (!tb[RTA_OIF]) {
			r->oif = r->nexthops[0].oif;
		}
		if (!r->has_gateway && r->nexthops[0].has_gateway) {
			r->has_gateway = true;
			r->gateway = r->nexthops[0].gateway;
		}
	}
	if (tb[RTA_ENCAP_TYPE] || tb[RTA_ENCAP]) {
		char why[96] = "";
		struct nst_route_extra *x = nst_route_extra(r);
		be_rtnl_encap_text(tb[RTA_ENCAP_TYPE] ? mnl_attr_get_u16(tb[RTA_ENCAP_TYPE]) : 0, tb[RTA_ENCAP],
				   x->encap, sizeof(x->encap), why, sizeof(why));
		if (why[0]) {
			route_warn(r, why);
			raw_hex(tb[RTA_ENCAP], x->raw, sizeof(x->raw));
		}
	}
	rtnl_scope2str(rtm.rtm_scope, r->scope, sizeof(r->scope));
	rtnl_route_proto2str(rtm.rtm_protocol, r->protocol, sizeof(r->protocol));
	return 0;
}

static const struct be_attr_rule netconf_rules[NETCONFA_MAX + 1] = {
	[NETCONFA_IFINDEX] = { MNL_TYPE_U32, 0 },
	[NETCONFA_FORWARDING] = { MNL_TYPE_U32, 0 },
	[NETCONFA_RP_FILTER] = { MNL_TYPE_U32, 0 },
	[NETCONFA_PROXY_NEIGH] = { MNL_TYPE_U32, 0 },
};

/* A value the message carries, else what was known (an event may carry one attribute only). */
static int netconf_val(const struct nlattr *a, int was, bool flag)
{
	if (!a) {
		return was;
	}
	uint32_t v = mnl_attr_get_u32(a);
	return flag ? v != 0 : v > 2 ? 2 : (int)v; /* rp_filter is 0, 1 or 2 (the kernel takes the max) */
}

int be_rtnl_parse_netconf(const struct nlmsghdr *h, struct nst_ns *ns)
{
	const struct nlattr *tb[NETCONFA_MAX + 1];
	struct netconfmsg ncm;

	if (h->nlmsg_type != RTM_NEWNETCONF || h->nlmsg_len < NLMSG_HDRLEN + sizeof(ncm)) {
		return -EBADMSG;
	}
	memcpy(&ncm, mnl_nlmsg_get_payload(h), sizeof(ncm));
	/* the kernel pads netconfmsg's one byte to 4 before the attributes */
	if (be_nl_parse_attrs(h, NLMSG_ALIGN(sizeof(ncm)), NULL, netconf_rules, NETCONFA_MAX, tb) < 0) {
		return -EBADMSG;
	}
	if (!tb[NETCONFA_IFINDEX] || (ncm.ncm_family != AF_INET && ncm.ncm_family != AF_INET6)) {
		return 0;
	}
	int ifindex = (int)mnl_attr_get_u32(tb[NETCONFA_IFINDEX]);
	bool v4 = ncm.ncm_family == AF_INET;
	struct nst_netconf *c = ifindex == NETCONFA_IFINDEX_ALL ? &ns->conf_all
				: ifindex == NETCONFA_IFINDEX_DEFAULT ? &ns->conf_default : NULL;
	struct nst_link *l = c ? NULL : nst_ns_find_link(ns, ifindex);
	if (!c && !l) {
		return 0; /* a link that came after the link dump */
	}
	int *fwd = c ? (v4 ? &c->forwarding4 : &c->forwarding6) : (v4 ? &l->forwarding4 : &l->forwarding6);
	int *proxy = c ? (v4 ? &c->proxy_arp : &c->proxy_ndp) : (v4 ? &l->proxy_arp : &l->proxy_ndp);
	*fwd = netconf_val(tb[NETCONFA_FORWARDING], *fwd, true);
	*proxy = netconf_val(tb[NETCONFA_PROXY_NEIGH], *proxy, true);
	if (v4) {
		int *rpf = c ? &c->rp_filter : &l->rp_filter;
		*rpf = netconf_val(tb[NETCONFA_RP_FILTER], *rpf, false);
	}
	if (ifindex == NETCONFA_IFINDEX_ALL) {
		/* net.ipv4.ip_forward is IPv4's all.forwarding */
		*(v4 ? &ns->ip_forward : &ns->ip6_forward) = *fwd;
	}
	return 0;
}
