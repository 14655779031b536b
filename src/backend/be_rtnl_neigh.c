/* SPDX-License-Identifier: MIT */
/*
 * Neighbours (RTM_NEWNEIGH of AF_INET/AF_INET6: `ip neigh`) and the bridge
 * FDB (AF_BRIDGE: `bridge fdb`) into ns->neighs, checked like every rtnetlink
 * message; their dumps, and the neighbours-only re-read the live model does
 * on neighbour events (they come often: a whole re-read for each would cost
 * the namespace's every dump).
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netlink/socket.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "be_internal.h"
#include "be_nlmsg.h"

static const struct be_attr_rule neigh_rules[NDA_MAX + 1] = {
	[NDA_DST] = { MNL_TYPE_BINARY, 0 },
	[NDA_LLADDR] = { MNL_TYPE_BINARY, 0 },
	[NDA_VLAN] = { MNL_TYPE_U16, 0 },
	[NDA_MASTER] = { MNL_TYPE_U32, 0 },
	[NDA_PROBES] = { MNL_TYPE_U32, 0 },
	[NDA_IFINDEX] = { MNL_TYPE_U32, 0 },
};

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
	if (ndm.ndm_ifindex <= 0) {
		return -EBADMSG;
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
			return -EBADMSG;
		}
		n.has_addr = true;
		n.addr_family = fam;
		memcpy(n.addr, mnl_attr_get_payload(tb[NDA_DST]), len);
	} else if (n.family != AF_BRIDGE) {
		return -EBADMSG; /* an IP neighbour is its address */
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
		return -EBADMSG; /* an FDB entry is a MAC address */
	}
	if (tb[NDA_VLAN]) {
		n.has_vlan = true;
		n.vlan = mnl_attr_get_u16(tb[NDA_VLAN]);
	}
	if (tb[NDA_MASTER]) {
		uint32_t m = mnl_attr_get_u32(tb[NDA_MASTER]);
		if (m == 0 || m > INT32_MAX) {
			return -EBADMSG;
		}
		n.master = (int)m;
	}
	nst_ns_add_neigh(ns, &n);
	return 0;
}

/* What a dump adds; a restart drops it again, down to keep (the earlier dump's entries). */
struct neigh_dump {
	struct nst_ns *ns;
	size_t keep;
};

static int neigh_msg(const struct nlmsghdr *h, void *arg)
{
	return be_rtnl_parse_neigh(h, ((struct neigh_dump *)arg)->ns);
}

static void neighs_reset(void *arg)
{
	struct neigh_dump *d = arg;

	d->ns->n_neighs = d->keep;
}

/* One RTM_GETNEIGH dump of family (AF_UNSPEC: every IP neighbour table; AF_BRIDGE: the FDB). */
static int dump_neigh(struct be_ns *bns, uint8_t family, struct neigh_dump *d)
{
	static const struct be_dump_ops ops = { neigh_msg, neighs_reset };
	union {
		struct nlmsghdr h;
		char buf[NLMSG_HDRLEN + 32];
	} req;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = (uint32_t)NLMSG_LENGTH(sizeof(struct ndmsg));
	req.h.nlmsg_type = RTM_GETNEIGH;
	((struct ndmsg *)NLMSG_DATA(&req.h))->ndm_family = family;
	return be_nl_dump(nl_socket_get_fd(bns->sk), &req.h, &ops, d, &bns->dropped);
}

int be_rtnl_read_neighs(struct be_ns *bns, struct nst_ns *ns)
{
	struct neigh_dump d = { ns, 0 };
	int rc;

	ns->n_neighs = 0;
	rc = dump_neigh(bns, AF_UNSPEC, &d);
	if (rc == 0) {
		d.keep = ns->n_neighs;
		rc = dump_neigh(bns, AF_BRIDGE, &d);
	}
	if (rc == 0) {
		nst_ns_sort_neighs(ns);
	}
	return rc;
}

int be_neigh_reread(struct be_ns *b, struct nst_ns *cur, nst_change_fn fn, void *ctx)
{
	struct nst_ns fresh = { 0 };
	int rc;

	if (!b->sk) {
		return -ENOTCONN;
	}
	rc = be_rtnl_read_neighs(b, &fresh);
	cur->dropped_messages = b->dropped;
	if (rc < 0) {
		free(fresh.neighs);
		return rc; /* the caller re-reads the namespace whole */
	}
	bool same = fresh.n_neighs == cur->n_neighs;
	for (size_t i = 0; same && i < fresh.n_neighs; i++) {
		same = nst_neigh_eq(&fresh.neighs[i], &cur->neighs[i]);
	}
	if (same) {
		free(fresh.neighs);
		return 0;
	}
	struct nst_ns was = *cur; /* the same namespace with the old table, for the diff */
	cur->neighs = fresh.neighs;
	cur->n_neighs = fresh.n_neighs;
	cur->cap_neighs = fresh.cap_neighs;
	if (fn) {
		nst_diff_ns_neighs(&was, cur, fn, ctx);
	}
	free(was.neighs);
	return 1;
}
