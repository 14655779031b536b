/* SPDX-License-Identifier: MIT */
/*
 * The kind table and the names of each kind's modes: the only place link
 * kinds are told apart by name (in the spirit of iproute2's iplink_*.c).
 * Their fields and texts: link_kinds_text.c.
 */
#include "link_kinds.h"

#include <string.h>

/* name, id, has_info, has_lower, lower_as_dev, has_peer */
static const struct nst_link_kind kinds[] = {
	{ "", NST_KIND_OTHER, false, false, false, false },
	{ "veth", NST_KIND_VETH, false, false, false, true },
	{ "bridge", NST_KIND_BRIDGE, true, false, false, false },
	{ "macvlan", NST_KIND_MACVLAN, true, true, false, false },
	{ "macvtap", NST_KIND_MACVTAP, true, true, false, false },
	{ "ipvlan", NST_KIND_IPVLAN, true, true, false, false },
	{ "vlan", NST_KIND_VLAN, true, true, false, false },
	{ "vxlan", NST_KIND_VXLAN, true, true, true, false },
	{ "tun", NST_KIND_TUN, true, false, false, false },
	{ "ifb", NST_KIND_IFB, false, false, false, false },
	{ "dummy", NST_KIND_DUMMY, false, false, false, false },
	{ "geneve", NST_KIND_GENEVE, true, false, false, false },
	{ "gre", NST_KIND_GRE, true, true, true, false },
	{ "gretap", NST_KIND_GRETAP, true, true, true, false },
	{ "ip6gre", NST_KIND_IP6GRE, true, true, true, false },
	{ "ip6gretap", NST_KIND_IP6GRETAP, true, true, true, false },
	{ "ipip", NST_KIND_IPIP, true, true, true, false },
	{ "sit", NST_KIND_SIT, true, true, true, false },
	{ "ip6tnl", NST_KIND_IP6TNL, true, true, true, false },
	{ "vrf", NST_KIND_VRF, true, false, false, false },
	{ "bond", NST_KIND_BOND, true, false, false, false },
	{ "team", NST_KIND_TEAM, false, false, false, false },
	{ "wireguard", NST_KIND_WIREGUARD, true, false, false, false },
	{ "netkit", NST_KIND_NETKIT, true, false, false, true },
	{ "loopback", NST_KIND_LOOPBACK, false, false, false, false },
	{ "device", NST_KIND_DEVICE, false, false, false, false },
};

_Static_assert(sizeof(kinds) / sizeof(kinds[0]) == NST_KIND_COUNT, "one row per enum nst_kind");

const struct nst_link_kind *nst_link_kind_find(const char *name)
{
	for (size_t i = 1; name && name[0] && i < NST_KIND_COUNT; i++) {
		if (strcmp(kinds[i].name, name) == 0) {
			return &kinds[i];
		}
	}
	return &kinds[0];
}

const struct nst_link_kind *nst_link_kind_of(enum nst_kind id)
{
	return (unsigned)id < NST_KIND_COUNT ? &kinds[id] : &kinds[0];
}

const char *nst_macvlan_mode_str(uint32_t mode)
{
	/* linux/if_link.h MACVLAN_MODE_*: one bit each */
	switch (mode) {
	case 1: return "private";
	case 2: return "vepa";
	case 4: return "bridge";
	case 8: return "passthru";
	case 16: return "source";
	default: return "?";
	}
}

const char *nst_ipvlan_mode_str(uint32_t mode)
{
	static const char *const names[] = { "l2", "l3", "l3s" };
	return mode < 3 ? names[mode] : "?";
}

const char *nst_bond_mode_str(uint32_t mode)
{
	/* BOND_MODE_ROUNDROBIN 0 .. BOND_MODE_ALB 6 (include/uapi/linux/if_bonding.h), iproute2's names */
	static const char *const names[] = { "balance-rr", "active-backup", "balance-xor", "broadcast",
					     "802.3ad",    "balance-tlb",   "balance-alb" };
	return mode < 7 ? names[mode] : "?";
}

const char *nst_iptun_proto_str(enum nst_kind id, uint8_t proto)
{
	/* iproute2's link_iptnl.c (ipip, sit) and link_ip6tnl.c name the inner protocol after the pair */
	switch (proto) {
	case 0: return "any";
	case 4: return id == NST_KIND_IP6TNL ? "ipip6" : "ipip";   /* IPPROTO_IPIP */
	case 41: return id == NST_KIND_IP6TNL ? "ip6ip6" : "ip6ip"; /* IPPROTO_IPV6 */
	case 137: return "mplsip";                                  /* IPPROTO_MPLS */
	default: return "?";
	}
}

const char *nst_netkit_mode_str(uint32_t mode)
{
	return mode == 0 ? "l2" : mode == 1 ? "l3" : "?";
}

const char *nst_netkit_policy_str(int32_t policy)
{
	/* enum netkit_action: NETKIT_PASS 0, NETKIT_DROP 2; iproute2 says forward and blackhole */
	return policy == 0 ? "forward" : policy == 2 ? "blackhole" : "?";
}
