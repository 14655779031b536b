/* SPDX-License-Identifier: MIT */
/*
 * Masters of other links: a bond's mode, miimon and active member; a bond
 * member's state (IFLA_INFO_SLAVE_DATA); a vrf's table. A team sends no
 * data at all (teamd holds its mode over generic netlink): nothing here.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>

#include "be_kinds.h"

_Static_assert(IFLA_BOND_MAX < BE_KIND_TB && IFLA_BOND_SLAVE_MAX < BE_KIND_TB && IFLA_VRF_MAX < BE_KIND_TB,
	       "tb holds their attributes");

static const struct be_attr_rule bond_rules[IFLA_BOND_MAX + 1] = {
	[IFLA_BOND_MODE] = { MNL_TYPE_U8, 0 },
	[IFLA_BOND_ACTIVE_SLAVE] = { MNL_TYPE_U32, 0 },
	[IFLA_BOND_MIIMON] = { MNL_TYPE_U32, 0 },
};

static const struct be_attr_rule slave_rules[IFLA_BOND_SLAVE_MAX + 1] = {
	[IFLA_BOND_SLAVE_STATE] = { MNL_TYPE_U8, 0 },
	[IFLA_BOND_SLAVE_MII_STATUS] = { MNL_TYPE_U8, 0 },
};

static const struct be_attr_rule vrf_rules[IFLA_VRF_MAX + 1] = {
	[IFLA_VRF_TABLE] = { MNL_TYPE_U32, 0 },
};

static int bond(enum nst_kind id, const struct nlattr *const *tb, struct nst_link_info *in, int *lower)
{
	(void)id;
	(void)lower;
	if (tb[IFLA_BOND_MODE]) {
		in->mode = mnl_attr_get_u8(tb[IFLA_BOND_MODE]);
		in->have |= NST_LI_MODE;
	}
	if (tb[IFLA_BOND_MIIMON]) {
		in->miimon = mnl_attr_get_u32(tb[IFLA_BOND_MIIMON]);
		in->have |= NST_LI_MIIMON;
	}
	/* only while a member is active (active-backup, tlb, alb): the kernel omits it otherwise */
	if (tb[IFLA_BOND_ACTIVE_SLAVE] && mnl_attr_get_u32(tb[IFLA_BOND_ACTIVE_SLAVE]) > 0) {
		in->active_slave = mnl_attr_get_u32(tb[IFLA_BOND_ACTIVE_SLAVE]);
		in->have |= NST_LI_ACTIVE_SLAVE;
	}
	return 0;
}

static int vrf(enum nst_kind id, const struct nlattr *const *tb, struct nst_link_info *in, int *lower)
{
	(void)id;
	(void)lower;
	if (tb[IFLA_VRF_TABLE]) {
		in->table = mnl_attr_get_u32(tb[IFLA_VRF_TABLE]);
		in->have |= NST_LI_TABLE;
	}
	return 0;
}

int be_kind_bond_slave(const struct nlmsghdr *h, const struct nlattr *data, struct nst_link_info *in)
{
	const struct nlattr *tb[IFLA_BOND_SLAVE_MAX + 1];

	if (be_nl_parse_attrs(h, 0, data, slave_rules, IFLA_BOND_SLAVE_MAX, tb) < 0) {
		return -EBADMSG;
	}
	if (tb[IFLA_BOND_SLAVE_STATE]) {
		in->slave_state = mnl_attr_get_u8(tb[IFLA_BOND_SLAVE_STATE]);
		in->have |= NST_LI_SLAVE_STATE;
	}
	if (tb[IFLA_BOND_SLAVE_MII_STATUS]) {
		in->slave_mii = mnl_attr_get_u8(tb[IFLA_BOND_SLAVE_MII_STATUS]);
		in->have |= NST_LI_SLAVE_MII;
	}
	return 0;
}

const struct be_kind_decoder be_kind_bond = { bond_rules, IFLA_BOND_MAX, bond };
const struct be_kind_decoder be_kind_vrf = { vrf_rules, IFLA_VRF_MAX, vrf };
