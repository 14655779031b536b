/* SPDX-License-Identifier: MIT */
/*
 * A netkit's mode (l2, l3), its and its peer's policy, whether it is the
 * primary end. The peer itself is IFLA_LINK + IFLA_LINK_NETNSID, as a
 * veth's (the kind table's has_peer): be_rtnl_parse.c reads it.
 */
#include <libmnl/libmnl.h>
#include <linux/if_link.h>

#include "be_kinds.h"

/* include/uapi/linux/if_link.h (Linux 6.7+), which older headers lack: IFLA_NETKIT_* */
enum {
	BE_NETKIT_PRIMARY = 2,     /* u8 */
	BE_NETKIT_POLICY = 3,      /* u32, enum netkit_action */
	BE_NETKIT_PEER_POLICY = 4, /* u32 */
	BE_NETKIT_MODE = 5,        /* u32, enum netkit_mode */
	BE_NETKIT_MAX = 9,         /* ... SCRUB, PEER_SCRUB (u32), HEADROOM, TAILROOM (u16): not read */
};

static const struct be_attr_rule rules[BE_NETKIT_MAX + 1] = {
	[BE_NETKIT_PRIMARY] = { MNL_TYPE_U8, 0 },
	[BE_NETKIT_POLICY] = { MNL_TYPE_U32, 0 },
	[BE_NETKIT_PEER_POLICY] = { MNL_TYPE_U32, 0 },
	[BE_NETKIT_MODE] = { MNL_TYPE_U32, 0 },
};

static int decode(enum nst_kind id, const struct nlattr *const *tb, struct nst_link_info *in, int *lower)
{
	(void)id;
	(void)lower;
	if (tb[BE_NETKIT_MODE]) {
		in->mode = mnl_attr_get_u32(tb[BE_NETKIT_MODE]);
		in->have |= NST_LI_MODE;
	}
	if (tb[BE_NETKIT_POLICY]) {
		in->policy = (int32_t)mnl_attr_get_u32(tb[BE_NETKIT_POLICY]);
		in->have |= NST_LI_POLICY;
	}
	if (tb[BE_NETKIT_PEER_POLICY]) {
		/* only while the peer exists */
		in->peer_policy = (int32_t)mnl_attr_get_u32(tb[BE_NETKIT_PEER_POLICY]);
		in->have |= NST_LI_PEER_POLICY;
	}
	if (tb[BE_NETKIT_PRIMARY]) {
		in->primary = mnl_attr_get_u8(tb[BE_NETKIT_PRIMARY]) != 0;
		in->have |= NST_LI_PRIMARY;
	}
	return 0;
}

const struct be_kind_decoder be_kind_netkit = { rules, BE_NETKIT_MAX, decode };
