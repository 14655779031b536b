/* SPDX-License-Identifier: MIT */
/* A bridge's IFLA_INFO_DATA: STP state, VLAN filtering, forward delay. */
#include <libmnl/libmnl.h>
#include <linux/if_link.h>

#include "be_kinds.h"

_Static_assert(IFLA_BR_MAX < BE_KIND_TB, "tb holds a bridge's attributes");

static const struct be_attr_rule rules[IFLA_BR_MAX + 1] = {
	[IFLA_BR_FORWARD_DELAY] = { MNL_TYPE_U32, 0 },
	[IFLA_BR_STP_STATE] = { MNL_TYPE_U32, 0 },
	[IFLA_BR_VLAN_FILTERING] = { MNL_TYPE_U8, 0 },
};

static int decode(enum nst_kind id, const struct nlattr *const *tb, struct nst_link_info *in, int *lower)
{
	(void)id;
	(void)lower;
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
}

const struct be_kind_decoder be_kind_bridge = { rules, IFLA_BR_MAX, decode };
