/* SPDX-License-Identifier: MIT */
/* A vlan's id and protocol (802.1Q, 802.1ad); its parent is IFLA_LINK. */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>

#include "be_kinds.h"

_Static_assert(IFLA_VLAN_MAX < BE_KIND_TB, "tb holds a vlan's attributes");

static const struct be_attr_rule rules[IFLA_VLAN_MAX + 1] = {
	[IFLA_VLAN_ID] = { MNL_TYPE_U16, 0 },
	[IFLA_VLAN_PROTOCOL] = { MNL_TYPE_U16, 0 },
};

static int decode(enum nst_kind id, const struct nlattr *const *tb, struct nst_link_info *in, int *lower)
{
	(void)id;
	(void)lower;
	if (tb[IFLA_VLAN_ID]) {
		in->vlan_id = mnl_attr_get_u16(tb[IFLA_VLAN_ID]);
		in->have |= NST_LI_VLAN_ID;
	}
	if (tb[IFLA_VLAN_PROTOCOL]) {
		in->vlan_proto = ntohs(mnl_attr_get_u16(tb[IFLA_VLAN_PROTOCOL]));
		in->have |= NST_LI_VLAN_PROTO;
	}
	return 0;
}

const struct be_kind_decoder be_kind_vlan = { rules, IFLA_VLAN_MAX, decode };
