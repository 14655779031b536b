/* SPDX-License-Identifier: MIT */
/*
 * IFLA_INFO_DATA of each kind the model's kind table decodes (link_kinds.h),
 * with libmnl: one decoder per kind family (be_kind_*.c, in the spirit of
 * iproute2's iplink_<kind>.c) found by enum nst_kind, never by name. Every
 * attribute is checked against the kind's type table first (a u32 of 2
 * bytes, an address of the wrong size refuse the whole message).
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <string.h>
#include <sys/socket.h>

#include "be_kinds.h"

static const struct be_kind_decoder *const decoders[NST_KIND_COUNT] = {
	[NST_KIND_BRIDGE] = &be_kind_bridge,
	[NST_KIND_MACVLAN] = &be_kind_macvlan,
	[NST_KIND_MACVTAP] = &be_kind_macvlan,
	[NST_KIND_IPVLAN] = &be_kind_ipvlan,
	[NST_KIND_VLAN] = &be_kind_vlan,
	[NST_KIND_VXLAN] = &be_kind_vxlan,
	[NST_KIND_GENEVE] = &be_kind_geneve,
	[NST_KIND_GRE] = &be_kind_gre,
	[NST_KIND_GRETAP] = &be_kind_gre,
	[NST_KIND_IP6GRE] = &be_kind_gre,
	[NST_KIND_IP6GRETAP] = &be_kind_gre,
	[NST_KIND_IPIP] = &be_kind_iptun,
	[NST_KIND_SIT] = &be_kind_iptun,
	[NST_KIND_IP6TNL] = &be_kind_iptun,
	[NST_KIND_VRF] = &be_kind_vrf,
	[NST_KIND_BOND] = &be_kind_bond,
	[NST_KIND_TUN] = &be_kind_tun,
	[NST_KIND_NETKIT] = &be_kind_netkit,
	/* veth, ifb, dummy, team: no data nstop reads; wireguard's is empty (its fields come from genl) */
};

int be_kind_ip(const struct nlattr *a, int family, struct nst_ip *out)
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

int be_link_info_decode(enum nst_kind id, const struct nlmsghdr *h, const struct nlattr *data,
			struct nst_link_info *in, int *lower)
{
	const struct nlattr *tb[BE_KIND_TB] = { 0 };
	const struct be_kind_decoder *d = (unsigned)id < NST_KIND_COUNT ? decoders[id] : NULL;

	memset(in, 0, sizeof(*in));
	*lower = 0;
	if (!d) {
		return 0; /* a kind without fields nstop decodes: its data is not read */
	}
	if (d->max >= BE_KIND_TB || be_nl_parse_attrs(h, 0, data, d->rules, d->max, tb) < 0) {
		return -EBADMSG;
	}
	if (d->decode(id, tb, in, lower) < 0) {
		memset(in, 0, sizeof(*in));
		*lower = 0;
		return -EBADMSG;
	}
	return 0;
}

int be_link_slave_decode(const struct nlmsghdr *h, const struct nlattr *slave_kind, const struct nlattr *data,
			 struct nst_link_info *in)
{
	char kind[24] = "";

	if (!slave_kind || !data) {
		return 0;
	}
	/* not necessarily NUL-terminated: at most its payload, and a name longer than any kind is none */
	size_t n = strnlen(mnl_attr_get_payload(slave_kind), mnl_attr_get_payload_len(slave_kind));
	if (n >= sizeof(kind)) {
		return 0;
	}
	memcpy(kind, mnl_attr_get_payload(slave_kind), n);
	if (nst_link_kind_find(kind)->id == NST_KIND_BOND) {
		return be_kind_bond_slave(h, data, in);
	}
	return 0; /* a bridge port's (IFLA_BRPORT_*) and other masters' data: not read */
}
