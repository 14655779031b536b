/* SPDX-License-Identifier: MIT */
/*
 * IP tunnels: gre, gretap, ip6gre, ip6gretap (IFLA_GRE_*: endpoints, ttl,
 * keys when GRE_KEY is set, underlay IFLA_GRE_LINK) and ipip, sit, ip6tnl
 * (IFLA_IPTUN_*: endpoints, ttl, inner protocol, underlay IFLA_IPTUN_LINK).
 * The kind says the endpoints' family: an address of another size is refused.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <string.h>
#include <sys/socket.h>

#include "be_kinds.h"

_Static_assert(IFLA_GRE_MAX < BE_KIND_TB && IFLA_IPTUN_MAX < BE_KIND_TB, "tb holds their attributes");

static const struct be_attr_rule gre_rules[IFLA_GRE_MAX + 1] = {
	[IFLA_GRE_LINK] = { MNL_TYPE_U32, 0 },
	[IFLA_GRE_IFLAGS] = { MNL_TYPE_U16, 0 },
	[IFLA_GRE_OFLAGS] = { MNL_TYPE_U16, 0 },
	[IFLA_GRE_IKEY] = { MNL_TYPE_U32, 0 },
	[IFLA_GRE_OKEY] = { MNL_TYPE_U32, 0 },
	[IFLA_GRE_LOCAL] = { MNL_TYPE_BINARY, 0 },
	[IFLA_GRE_REMOTE] = { MNL_TYPE_BINARY, 0 },
	[IFLA_GRE_TTL] = { MNL_TYPE_U8, 0 },
	[IFLA_GRE_COLLECT_METADATA] = { MNL_TYPE_FLAG, 0 },
};

static const struct be_attr_rule iptun_rules[IFLA_IPTUN_MAX + 1] = {
	[IFLA_IPTUN_LINK] = { MNL_TYPE_U32, 0 },
	[IFLA_IPTUN_LOCAL] = { MNL_TYPE_BINARY, 0 },
	[IFLA_IPTUN_REMOTE] = { MNL_TYPE_BINARY, 0 },
	[IFLA_IPTUN_TTL] = { MNL_TYPE_U8, 0 },
	[IFLA_IPTUN_PROTO] = { MNL_TYPE_U8, 0 },
	[IFLA_IPTUN_COLLECT_METADATA] = { MNL_TYPE_FLAG, 0 },
};

/* local and remote of the tunnel's family; the kernel sends both, all zero for "any": that is no end */
static int ends(const struct nlattr *local, const struct nlattr *remote, int family, struct nst_link_info *in)
{
	static const uint8_t zero[16];
	const struct nlattr *a[2] = { local, remote };
	struct nst_ip *out[2] = { &in->local, &in->remote };
	const uint32_t bit[2] = { NST_LI_LOCAL, NST_LI_REMOTE };

	for (int i = 0; i < 2; i++) {
		if (!a[i]) {
			continue;
		}
		if (be_kind_ip(a[i], family, out[i]) < 0) {
			return -EBADMSG;
		}
		if (memcmp(out[i]->bytes, zero, sizeof(zero)) != 0) {
			in->have |= bit[i];
		}
	}
	return 0;
}

static void underlay(const struct nlattr *link, int *lower)
{
	if (link && (int)mnl_attr_get_u32(link) > 0) {
		*lower = (int)mnl_attr_get_u32(link);
	}
}

static int gre(enum nst_kind id, const struct nlattr *const *tb, struct nst_link_info *in, int *lower)
{
	int family = id == NST_KIND_IP6GRE || id == NST_KIND_IP6GRETAP ? AF_INET6 : AF_INET;

	if (ends(tb[IFLA_GRE_LOCAL], tb[IFLA_GRE_REMOTE], family, in) < 0) {
		return -EBADMSG;
	}
	if (tb[IFLA_GRE_TTL]) {
		in->ttl = mnl_attr_get_u8(tb[IFLA_GRE_TTL]);
		in->have |= NST_LI_TTL;
	}
	/* a key is only on the wire when GRE_KEY is set (iflags for what arrives, oflags for what is sent) */
	if (tb[IFLA_GRE_IFLAGS] && (mnl_attr_get_u16(tb[IFLA_GRE_IFLAGS]) & GRE_KEY) && tb[IFLA_GRE_IKEY]) {
		in->ikey = ntohl(mnl_attr_get_u32(tb[IFLA_GRE_IKEY]));
		in->have |= NST_LI_IKEY;
	}
	if (tb[IFLA_GRE_OFLAGS] && (mnl_attr_get_u16(tb[IFLA_GRE_OFLAGS]) & GRE_KEY) && tb[IFLA_GRE_OKEY]) {
		in->okey = ntohl(mnl_attr_get_u32(tb[IFLA_GRE_OKEY]));
		in->have |= NST_LI_OKEY;
	}
	in->external = tb[IFLA_GRE_COLLECT_METADATA] != NULL;
	in->have |= NST_LI_EXTERNAL;
	underlay(tb[IFLA_GRE_LINK], lower);
	return 0;
}

static int iptun(enum nst_kind id, const struct nlattr *const *tb, struct nst_link_info *in, int *lower)
{
	if (ends(tb[IFLA_IPTUN_LOCAL], tb[IFLA_IPTUN_REMOTE], id == NST_KIND_IP6TNL ? AF_INET6 : AF_INET, in) < 0) {
		return -EBADMSG;
	}
	if (tb[IFLA_IPTUN_TTL]) {
		in->ttl = mnl_attr_get_u8(tb[IFLA_IPTUN_TTL]);
		in->have |= NST_LI_TTL;
	}
	if (tb[IFLA_IPTUN_PROTO]) {
		in->proto = mnl_attr_get_u8(tb[IFLA_IPTUN_PROTO]);
		in->have |= NST_LI_PROTO;
	}
	in->external = tb[IFLA_IPTUN_COLLECT_METADATA] != NULL;
	in->have |= NST_LI_EXTERNAL;
	underlay(tb[IFLA_IPTUN_LINK], lower);
	return 0;
}

const struct be_kind_decoder be_kind_gre = { gre_rules, IFLA_GRE_MAX, gre };
const struct be_kind_decoder be_kind_iptun = { iptun_rules, IFLA_IPTUN_MAX, iptun };
