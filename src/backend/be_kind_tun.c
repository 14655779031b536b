/* SPDX-License-Identifier: MIT */
/* A tun or tap: its type, persist flag, owner and queues (whether it is open comes from IFLA_CARRIER). */
#include <libmnl/libmnl.h>
#include <linux/if_link.h>

#include "be_kinds.h"

_Static_assert(IFLA_TUN_MAX < BE_KIND_TB, "tb holds a tun's attributes");

static const struct be_attr_rule rules[IFLA_TUN_MAX + 1] = {
	[IFLA_TUN_OWNER] = { MNL_TYPE_U32, 0 },
	[IFLA_TUN_TYPE] = { MNL_TYPE_U8, 0 },
	[IFLA_TUN_PERSIST] = { MNL_TYPE_U8, 0 },
	[IFLA_TUN_NUM_QUEUES] = { MNL_TYPE_U32, 0 },
	[IFLA_TUN_NUM_DISABLED_QUEUES] = { MNL_TYPE_U32, 0 },
};

static int decode(enum nst_kind id, const struct nlattr *const *tb, struct nst_link_info *in, int *lower)
{
	(void)id;
	(void)lower;
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
	return 0;
}

const struct be_kind_decoder be_kind_tun = { rules, IFLA_TUN_MAX, decode };
