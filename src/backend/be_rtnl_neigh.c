/* SPDX-License-Identifier: MIT */
/*
 * Neighbours (RTM_NEWNEIGH of AF_INET/AF_INET6: `ip neigh`) and the bridge
 * FDB (AF_BRIDGE: `bridge fdb`) into ns->neighs, checked like every rtnetlink
 * message (be_neigh_read.c dumps them).
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "be_nlmsg.h"

static const struct be_attr_rule neigh_rules[NDA_MAX + 1] = {
	[NDA_DST] = { MNL_TYPE_BINARY, 0 },
	[NDA_LLADDR] = { MNL_TYPE_BINARY, 0 },
	[NDA_VLAN] = { MNL_TYPE_U16, 0 },
	[NDA_MASTER] = { MNL_TYPE_U32, 0 },
	[NDA_PROBES] = { MNL_TYPE_U32, 0 },
	[NDA_IFINDEX] = { MNL_TYPE_U32, 0 },
};

/*
 * A well-framed entry nstop cannot represent (an address of no family's
 * length, an FDB entry of a non-Ethernet device, no device) is counted and
 * left out, not a reason to refuse the namespace's whole read: a namespace's
 * owner must not be able to blind nstop with one odd entry.
 */
static int skip(struct nst_ns *ns)
{
	ns->neighs_bad++;
	return 0;
}

int be_rtnl_parse_neigh(const struct nlmsghdr *h, struct nst_ns *ns)
{
	const struct nlattr *tb[NDA_MAX + 1];
	struct ndmsg ndm;
	struct nst_neigh n = { 0 };

	if (h->nlmsg_type != RTM_NEWNEIGH || h->nlmsg_len < NLMSG_HDRLEN + sizeof(ndm)) {
		return -EBADMSG;
	}
	memcpy(&ndm, mnl_nlmsg_get_payload(h), sizeof(ndm));
	if (be_nl_parse_attrs(h, sizeof(ndm), NULL, neigh_rules, NDA_MAX, tb) < 0) {
		return -EBADMSG;
	}
	if (ndm.ndm_family != AF_INET && ndm.ndm_family != AF_INET6 && ndm.ndm_family != AF_BRIDGE) {
		return 0; /* another neighbour table (none nstop shows) */
	}
	/* only a proxy entry may have no device (`ip neigh add proxy ADDR` answers on every link) */
	if (ndm.ndm_ifindex < 0 || (ndm.ndm_ifindex == 0 && !(ndm.ndm_flags & NTF_PROXY))) {
		return skip(ns);
	}
	n.family = ndm.ndm_family;
	n.ifindex = ndm.ndm_ifindex;
	n.state = ndm.ndm_state;
	n.flags = ndm.ndm_flags;
	if (tb[NDA_DST]) {
		size_t len = mnl_attr_get_payload_len(tb[NDA_DST]);
		/* an IP neighbour's address is of its family; an FDB entry's (vxlan's remote) either */
		int fam = len == 4 ? AF_INET : len == 16 ? AF_INET6 : 0;
		if (!fam || (n.family != AF_BRIDGE && fam != n.family)) {
			return skip(ns);
		}
		n.has_addr = true;
		n.addr_family = fam;
		memcpy(n.addr, mnl_attr_get_payload(tb[NDA_DST]), len);
	} else if (n.family != AF_BRIDGE) {
		return skip(ns); /* an IP neighbour is its address */
	}
	if (tb[NDA_LLADDR]) {
		size_t len = mnl_attr_get_payload_len(tb[NDA_LLADDR]);
		if (len > NST_LLADDR_MAX) {
			return -EBADMSG; /* MAX_ADDR_LEN: no device has a longer one */
		}
		n.lladdr_len = (uint8_t)len;
		memcpy(n.lladdr, mnl_attr_get_payload(tb[NDA_LLADDR]), len);
	}
	if (n.family == AF_BRIDGE && n.lladdr_len != 6) {
		return skip(ns); /* nstop's FDB entries are MAC addresses (another device type's are not shown) */
	}
	if (tb[NDA_VLAN]) {
		n.has_vlan = true;
		n.vlan = mnl_attr_get_u16(tb[NDA_VLAN]);
	}
	if (tb[NDA_MASTER]) {
		uint32_t m = mnl_attr_get_u32(tb[NDA_MASTER]);
		if (m == 0 || m > INT32_MAX) {
			return skip(ns);
		}
		n.master = (int)m;
	}
	if (ns->n_neighs >= NST_NEIGH_MAX) {
		ns->neighs_cut++; /* valid, but past what nstop keeps */
		return 0;
	}
	nst_ns_add_neigh(ns, &n);
	return 0;
}
