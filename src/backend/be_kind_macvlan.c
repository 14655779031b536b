/* SPDX-License-Identifier: MIT */
/* The mode of a macvlan or macvtap (IFLA_MACVLAN_MODE) and of an ipvlan (IFLA_IPVLAN_MODE); the parent is IFLA_LINK. */
#include <libmnl/libmnl.h>
#include <linux/if_link.h>

#include "be_kinds.h"

_Static_assert(IFLA_MACVLAN_MAX < BE_KIND_TB && IFLA_IPVLAN_MAX < BE_KIND_TB, "tb holds their attributes");

static const struct be_attr_rule macvlan_rules[IFLA_MACVLAN_MAX + 1] = {
	[IFLA_MACVLAN_MODE] = { MNL_TYPE_U32, 0 },
};

static const struct be_attr_rule ipvlan_rules[IFLA_IPVLAN_MAX + 1] = {
	[IFLA_IPVLAN_MODE] = { MNL_TYPE_U16, 0 },
};

static int macvlan(enum nst_kind id, const struct nlattr *const *tb, struct nst_link_info *in, int *lower)
{
	(void)id;
	(void)lower;
	if (tb[IFLA_MACVLAN_MODE]) {
		in->mode = mnl_attr_get_u32(tb[IFLA_MACVLAN_MODE]);
		in->have |= NST_LI_MODE;
	}
	return 0;
}

static int ipvlan(enum nst_kind id, const struct nlattr *const *tb, struct nst_link_info *in, int *lower)
{
	(void)id;
	(void)lower;
	if (tb[IFLA_IPVLAN_MODE]) {
		in->mode = mnl_attr_get_u16(tb[IFLA_IPVLAN_MODE]);
		in->have |= NST_LI_MODE;
	}
	return 0;
}

const struct be_kind_decoder be_kind_macvlan = { macvlan_rules, IFLA_MACVLAN_MAX, macvlan };
const struct be_kind_decoder be_kind_ipvlan = { ipvlan_rules, IFLA_IPVLAN_MAX, ipvlan };
