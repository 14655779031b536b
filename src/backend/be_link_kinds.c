/* SPDX-License-Identifier: MIT */
/*
 * IFLA_INFO_DATA of each kind the model's kind table decodes (link_kinds.h),
 * with libmnl: every attribute is checked against the kind's type table (a
 * u32 of 2 bytes, an address of the wrong size refuse the whole message).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <string.h>
#include <sys/socket.h>

#include "be_nlmsg.h"

static const struct be_attr_rule bridge_rules[IFLA_BR_MAX + 1] = {
	[IFLA_BR_FORWARD_DELAY] = { MNL_TYPE_U32, 0 },
	[IFLA_BR_STP_STATE] = { MNL_TYPE_U32, 0 },
	[IFLA_BR_VLAN_FILTERING] = { MNL_TYPE_U8, 0 },
};

static const struct be_attr_rule macvlan_rules[IFLA_MACVLAN_MAX + 1] = {
	[IFLA_MACVLAN_MODE] = { MNL_TYPE_U32, 0 },
};

static const struct be_attr_rule ipvlan_rules[IFLA_IPVLAN_MAX + 1] = {
	[IFLA_IPVLAN_MODE] = { MNL_TYPE_U16, 0 },
};

static const struct be_attr_rule vlan_rules[IFLA_VLAN_MAX + 1] = {
	[IFLA_VLAN_ID] = { MNL_TYPE_U16, 0 },
	[IFLA_VLAN_PROTOCOL] = { MNL_TYPE_U16, 0 },
};

static const struct be_attr_rule vxlan_rules[IFLA_VXLAN_MAX + 1] = {
	[IFLA_VXLAN_ID] = { MNL_TYPE_U32, 0 },
	[IFLA_VXLAN_GROUP] = { MNL_TYPE_BINARY, 0 },
	[IFLA_VXLAN_GROUP6] = { MNL_TYPE_BINARY, 0 },
	[IFLA_VXLAN_LOCAL] = { MNL_TYPE_BINARY, 0 },
	[IFLA_VXLAN_LOCAL6] = { MNL_TYPE_BINARY, 0 },
	[IFLA_VXLAN_LINK] = { MNL_TYPE_U32, 0 },
	[IFLA_VXLAN_LEARNING] = { MNL_TYPE_U8, 0 },
	[IFLA_VXLAN_PORT] = { MNL_TYPE_U16, 0 },
};

static const struct be_attr_rule tun_rules[IFLA_TUN_MAX + 1] = {
	[IFLA_TUN_OWNER] = { MNL_TYPE_U32, 0 },
	[IFLA_TUN_TYPE] = { MNL_TYPE_U8, 0 },
	[IFLA_TUN_PERSIST] = { MNL_TYPE_U8, 0 },
	[IFLA_TUN_NUM_QUEUES] = { MNL_TYPE_U32, 0 },
	[IFLA_TUN_NUM_DISABLED_QUEUES] = { MNL_TYPE_U32, 0 },
};

/* An address attribute is exactly 4 (IPv4) or 16 (IPv6) bytes; anything else refuses the message. */
static int ip_attr(const struct nlattr *a, int family, struct nst_ip *out)
{
	size_t n = family == AF_INET ? 4 : 16;

	if (mnl_attr_get_payload_len(a) != n) {
		return -EBADMSG;
	}
	memset(out, 0, sizeof(*out));
	out->family = family;
	memcpy(out->bytes, mnl_attr_get_payload(a), n);
	return 0;
}

static bool multicast(const struct nst_ip *a)
{
	return a->family == AF_INET ? (a->bytes[0] & 0xf0) == 0xe0 : a->bytes[0] == 0xff;
}

static int vxlan(const struct nlattr **tb, struct nst_link_info *in, int *lower)
{
	const struct nlattr *local = tb[IFLA_VXLAN_LOCAL] ? tb[IFLA_VXLAN_LOCAL] : tb[IFLA_VXLAN_LOCAL6];
	const struct nlattr *group = tb[IFLA_VXLAN_GROUP] ? tb[IFLA_VXLAN_GROUP] : tb[IFLA_VXLAN_GROUP6];

	if (tb[IFLA_VXLAN_ID]) {
		in->vni = mnl_attr_get_u32(tb[IFLA_VXLAN_ID]);
		in->have |= NST_LI_VNI;
	}
	if (local) {
		if (ip_attr(local, local == tb[IFLA_VXLAN_LOCAL] ? AF_INET : AF_INET6, &in->local) < 0) {
			return -EBADMSG;
		}
		in->have |= NST_LI_LOCAL;
	}
	if (group) {
		if (ip_attr(group, group == tb[IFLA_VXLAN_GROUP] ? AF_INET : AF_INET6, &in->remote) < 0) {
			return -EBADMSG;
		}
		in->remote_is_group = multicast(&in->remote);
		in->have |= NST_LI_REMOTE;
	}
	if (tb[IFLA_VXLAN_PORT]) {
		in->dstport = ntohs(mnl_attr_get_u16(tb[IFLA_VXLAN_PORT]));
		in->have |= NST_LI_DSTPORT;
	}
	if (tb[IFLA_VXLAN_LEARNING]) {
		in->learning = mnl_attr_get_u8(tb[IFLA_VXLAN_LEARNING]) != 0;
		in->have |= NST_LI_LEARNING;
	}
	if (tb[IFLA_VXLAN_LINK] && (int)mnl_attr_get_u32(tb[IFLA_VXLAN_LINK]) > 0) {
		*lower = (int)mnl_attr_get_u32(tb[IFLA_VXLAN_LINK]);
	}
	return 0;
}

static void tun(const struct nlattr **tb, struct nst_link_info *in)
{
	if (tb[IFLA_TUN_TYPE]) {
		in->tun_type = mnl_attr_get_u8(tb[IFLA_TUN_TYPE]);
		in->have |= NST_LI_TUN_TYPE;
	}
	if (tb[IFLA_TUN_PERSIST]) {
		in->persist = mnl_attr_get_u8(tb[IFLA_TUN_PERSIST]) != 0;
		in->have |= NST_LI_PERSIST;
	}
	if (tb[IFLA_TUN_OWNER]) {
		in->owner = mnl_attr_get_u32(tb[IFLA_TUN_OWNER]);
		in->have |= NST_LI_OWNER;
	}
	if (tb[IFLA_TUN_NUM_QUEUES]) {
		/* a multi-queue tun counts its disabled (still open) queues in NUM_QUEUES too */
		in->queues = mnl_attr_get_u32(tb[IFLA_TUN_NUM_QUEUES]);
		in->have |= NST_LI_QUEUES;
	}
	if (tb[IFLA_TUN_NUM_DISABLED_QUEUES]) {
		in->disabled_queues = mnl_attr_get_u32(tb[IFLA_TUN_NUM_DISABLED_QUEUES]);
	}
}

int be_link_info_decode(enum nst_kind id, const struct nlmsghdr *h, const struct nlattr *data,
			struct nst_link_info *in, int *lower)
{
	const struct nlattr *tb[64] = { 0 };
	const struct be_attr_rule *rules;
	uint16_t max;

	memset(in, 0, sizeof(*in));
	*lower = 0;
	switch (id) {
	case NST_KIND_BRIDGE: rules = bridge_rules; max = IFLA_BR_MAX; break;
	case NST_KIND_MACVLAN:
	case NST_KIND_MACVTAP: rules = macvlan_rules; max = IFLA_MACVLAN_MAX; break;
	case NST_KIND_IPVLAN: rules = ipvlan_rules; max = IFLA_IPVLAN_MAX; break;
	case NST_KIND_VLAN: rules = vlan_rules; max = IFLA_VLAN_MAX; break;
	case NST_KIND_VXLAN: rules = vxlan_rules; max = IFLA_VXLAN_MAX; break;
	case NST_KIND_TUN: rules = tun_rules; max = IFLA_TUN_MAX; break;
	default: return 0; /* a kind without fields nstop decodes: its data is not read */
	}
	_Static_assert(IFLA_BR_MAX < 64 && IFLA_VXLAN_MAX < 64, "tb holds every kind's attributes");
	if (be_nl_parse_attrs(h, 0, data, rules, max, tb) < 0) {
		return -EBADMSG;
	}
	switch (id) {
	case NST_KIND_BRIDGE:
		if (tb[IFLA_BR_STP_STATE]) {
			in->stp_state = mnl_attr_get_u32(tb[IFLA_BR_STP_STATE]);
			in->have |= NST_LI_STP;
		}
		if (tb[IFLA_BR_VLAN_FILTERING]) {
			in->vlan_filtering = mnl_attr_get_u8(tb[IFLA_BR_VLAN_FILTERING]) != 0;
			in->have |= NST_LI_VLAN_FILTERING;
		}
		if (tb[IFLA_BR_FORWARD_DELAY]) {
			in->forward_delay = mnl_attr_get_u32(tb[IFLA_BR_FORWARD_DELAY]);
			in->have |= NST_LI_FORWARD_DELAY;
		}
		return 0;
	case NST_KIND_MACVLAN:
	case NST_KIND_MACVTAP:
		if (tb[IFLA_MACVLAN_MODE]) {
			in->mode = mnl_attr_get_u32(tb[IFLA_MACVLAN_MODE]);
			in->have |= NST_LI_MODE;
		}
		return 0;
	case NST_KIND_IPVLAN:
		if (tb[IFLA_IPVLAN_MODE]) {
			in->mode = mnl_attr_get_u16(tb[IFLA_IPVLAN_MODE]);
			in->have |= NST_LI_MODE;
		}
		return 0;
	case NST_KIND_VLAN:
		if (tb[IFLA_VLAN_ID]) {
			in->vlan_id = mnl_attr_get_u16(tb[IFLA_VLAN_ID]);
			in->have |= NST_LI_VLAN_ID;
		}
		if (tb[IFLA_VLAN_PROTOCOL]) {
			in->vlan_proto = ntohs(mnl_attr_get_u16(tb[IFLA_VLAN_PROTOCOL]));
			in->have |= NST_LI_VLAN_PROTO;
		}
		return 0;
	case NST_KIND_VXLAN:
		return vxlan(tb, in, lower);
	case NST_KIND_TUN:
		tun(tb, in);
		return 0;
	default:
		return 0;
	}
}
