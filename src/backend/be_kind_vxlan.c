/* SPDX-License-Identifier: MIT */
/*
 * UDP overlays: a vxlan's VNI, local, remote or group, port, underlay device
 * (IFLA_VXLAN_LINK: vxlan gives no IFLA_LINK), learning and external; a
 * geneve's VNI, remote, port, ttl and external (collect_metadata).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <string.h>
#include <sys/socket.h>

#include "be_kinds.h"

_Static_assert(IFLA_VXLAN_MAX < BE_KIND_TB && IFLA_GENEVE_MAX < BE_KIND_TB, "tb holds their attributes");

static const struct be_attr_rule vxlan_rules[IFLA_VXLAN_MAX + 1] = {
	[IFLA_VXLAN_ID] = { MNL_TYPE_U32, 0 },
	[IFLA_VXLAN_GROUP] = { MNL_TYPE_BINARY, 0 },
	[IFLA_VXLAN_GROUP6] = { MNL_TYPE_BINARY, 0 },
	[IFLA_VXLAN_LOCAL] = { MNL_TYPE_BINARY, 0 },
	[IFLA_VXLAN_LOCAL6] = { MNL_TYPE_BINARY, 0 },
	[IFLA_VXLAN_LINK] = { MNL_TYPE_U32, 0 },
	[IFLA_VXLAN_LEARNING] = { MNL_TYPE_U8, 0 },
	[IFLA_VXLAN_PORT] = { MNL_TYPE_U16, 0 },
	[IFLA_VXLAN_COLLECT_METADATA] = { MNL_TYPE_U8, 0 },
};

static const struct be_attr_rule geneve_rules[IFLA_GENEVE_MAX + 1] = {
	[IFLA_GENEVE_ID] = { MNL_TYPE_U32, 0 },
	[IFLA_GENEVE_REMOTE] = { MNL_TYPE_BINARY, 0 },
	[IFLA_GENEVE_REMOTE6] = { MNL_TYPE_BINARY, 0 },
	[IFLA_GENEVE_TTL] = { MNL_TYPE_U8, 0 },
	[IFLA_GENEVE_TTL_INHERIT] = { MNL_TYPE_U8, 0 },
	[IFLA_GENEVE_PORT] = { MNL_TYPE_U16, 0 },
	[IFLA_GENEVE_COLLECT_METADATA] = { MNL_TYPE_FLAG, 0 },
};

static bool multicast(const struct nst_ip *a)
{
	return a->family == AF_INET ? (a->bytes[0] & 0xf0) == 0xe0 : a->bytes[0] == 0xff;
}

/* The IPv4 attribute, else the IPv6 one, into *out; 0 when neither is there. All zero (geneve's "any") is none. */
static int either_ip(const struct nlattr *v4, const struct nlattr *v6, struct nst_ip *out, uint32_t bit,
		     struct nst_link_info *in)
{
	static const uint8_t zero[16];

	if (!v4 && !v6) {
		return 0;
	}
	if (be_kind_ip(v4 ? v4 : v6, v4 ? AF_INET : AF_INET6, out) < 0) {
		return -EBADMSG;
	}
	if (memcmp(out->bytes, zero, sizeof(zero)) != 0) {
		in->have |= bit;
	}
	return 0;
}

static int vxlan(enum nst_kind id, const struct nlattr *const *tb, struct nst_link_info *in, int *lower)
{
	(void)id;
	if (tb[IFLA_VXLAN_ID]) {
		in->vni = mnl_attr_get_u32(tb[IFLA_VXLAN_ID]);
		in->have |= NST_LI_VNI;
	}
	if (either_ip(tb[IFLA_VXLAN_LOCAL], tb[IFLA_VXLAN_LOCAL6], &in->local, NST_LI_LOCAL, in) < 0 ||
	    either_ip(tb[IFLA_VXLAN_GROUP], tb[IFLA_VXLAN_GROUP6], &in->remote, NST_LI_REMOTE, in) < 0) {
		return -EBADMSG;
	}
	/* the kernel keeps remote and group in one field: a multicast address is a group */
	in->remote_is_group = (in->have & NST_LI_REMOTE) && multicast(&in->remote);
	if (tb[IFLA_VXLAN_PORT]) {
		in->dstport = ntohs(mnl_attr_get_u16(tb[IFLA_VXLAN_PORT]));
		in->have |= NST_LI_DSTPORT;
	}
	if (tb[IFLA_VXLAN_LEARNING]) {
		in->learning = mnl_attr_get_u8(tb[IFLA_VXLAN_LEARNING]) != 0;
		in->have |= NST_LI_LEARNING;
	}
	if (tb[IFLA_VXLAN_COLLECT_METADATA]) {
		in->external = mnl_attr_get_u8(tb[IFLA_VXLAN_COLLECT_METADATA]) != 0;
		in->have |= NST_LI_EXTERNAL;
	}
	if (tb[IFLA_VXLAN_LINK] && (int)mnl_attr_get_u32(tb[IFLA_VXLAN_LINK]) > 0) {
		*lower = (int)mnl_attr_get_u32(tb[IFLA_VXLAN_LINK]);
	}
	return 0;
}

static int geneve(enum nst_kind id, const struct nlattr *const *tb, struct nst_link_info *in, int *lower)
{
	(void)id;
	(void)lower; /* a geneve has no underlay device: its socket is the namespace's */
	if (tb[IFLA_GENEVE_ID]) {
		in->vni = mnl_attr_get_u32(tb[IFLA_GENEVE_ID]);
		in->have |= NST_LI_VNI;
	}
	if (either_ip(tb[IFLA_GENEVE_REMOTE], tb[IFLA_GENEVE_REMOTE6], &in->remote, NST_LI_REMOTE, in) < 0) {
		return -EBADMSG;
	}
	if (tb[IFLA_GENEVE_PORT]) {
		in->dstport = ntohs(mnl_attr_get_u16(tb[IFLA_GENEVE_PORT]));
		in->have |= NST_LI_DSTPORT;
	}
	if (tb[IFLA_GENEVE_TTL]) {
		/* ttl_inherit: the inner packet's, which iproute2 prints as "ttl inherit" and nstop as ttl 0 */
		bool inherit = tb[IFLA_GENEVE_TTL_INHERIT] && mnl_attr_get_u8(tb[IFLA_GENEVE_TTL_INHERIT]);
		in->ttl = inherit ? 0 : mnl_attr_get_u8(tb[IFLA_GENEVE_TTL]);
		in->have |= NST_LI_TTL;
	}
	in->external = tb[IFLA_GENEVE_COLLECT_METADATA] != NULL; /* a flag: present or not */
	in->have |= NST_LI_EXTERNAL;
	return 0;
}

const struct be_kind_decoder be_kind_vxlan = { vxlan_rules, IFLA_VXLAN_MAX, vxlan };
const struct be_kind_decoder be_kind_geneve = { geneve_rules, IFLA_GENEVE_MAX, geneve };
