/* SPDX-License-Identifier: MIT */
/*
 * RTM_NEWNEXTHOP (`ip nexthop`) into ns->nhobjs: the nhmsg header and its
 * NHA_* attributes, checked like every rtnetlink message. Broken framing (a
 * group that is not whole nexthop_grp records, no id) fails the read; what
 * nstop cannot decode (an encap, a gateway of the wrong size) keeps the
 * object with a warning.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <netlink/route/route.h>
#include <netlink/route/rtnl.h>
#include <string.h>
#include <sys/socket.h>

#include "be_nlmsg.h"
#include "cut.h"
#include "route_text.h"

/* The kernel's own limit is far lower; this only bounds what a message can make nstop allocate. */
#define MAX_MEMBERS 1024

static const struct be_attr_rule nh_rules[NHA_MAX + 1] = {
	[NHA_ID] = { MNL_TYPE_U32, 0 },
	[NHA_GROUP] = { MNL_TYPE_BINARY, 0 },
	[NHA_GROUP_TYPE] = { MNL_TYPE_U16, 0 },
	[NHA_BLACKHOLE] = { MNL_TYPE_FLAG, 0 },
	[NHA_OIF] = { MNL_TYPE_U32, 0 },
	[NHA_GATEWAY] = { MNL_TYPE_BINARY, 0 },
	[NHA_ENCAP_TYPE] = { MNL_TYPE_U16, 0 },
	[NHA_ENCAP] = { MNL_TYPE_NESTED, 0 },
	[NHA_FDB] = { MNL_TYPE_FLAG, 0 },
	[NHA_RES_GROUP] = { MNL_TYPE_NESTED, 0 },
};

static const struct be_attr_rule res_rules[NHA_RES_GROUP_MAX + 1] = {
	[NHA_RES_GROUP_BUCKETS] = { MNL_TYPE_U16, 0 },
	[NHA_RES_GROUP_IDLE_TIMER] = { MNL_TYPE_U32, 0 },
	[NHA_RES_GROUP_UNBALANCED_TIMER] = { MNL_TYPE_U32, 0 },
};

static void nh_warn(struct nst_nhobj *o, const char *what)
{
	size_t at = strlen(o->warning);
	nst_fmt_cut(o->warning + at, sizeof(o->warning) - at, "%s%s", at ? "; " : "", what);
}

static void nh_gateway(struct nst_nhobj *o, const struct nlattr *a)
{
	size_t n = o->family == AF_INET ? 4 : o->family == AF_INET6 ? 16 : 0;

	if (n == 0 || mnl_attr_get_payload_len(a) != n) {
		nh_warn(o, "gateway not decoded");
		return;
	}
	memset(&o->gateway, 0, sizeof(o->gateway));
	o->gateway.family = o->family;
	memcpy(o->gateway.bytes, mnl_attr_get_payload(a), n);
	o->gateway.prefixlen = (uint8_t)(n * 8);
	o->has_gateway = true;
}

int be_rtnl_parse_nexthop(const struct nlmsghdr *h, struct nst_ns *ns)
{
	const struct nlattr *tb[NHA_MAX + 1];
	struct nhmsg nhm;
	size_t n_members = 0;

	if (h->nlmsg_type != RTM_NEWNEXTHOP || h->nlmsg_len < NLMSG_HDRLEN + sizeof(nhm)) {
		return -EBADMSG;
	}
	memcpy(&nhm, mnl_nlmsg_get_payload(h), sizeof(nhm));
	if (be_nl_parse_attrs(h, sizeof(nhm), NULL, nh_rules, NHA_MAX, tb) < 0 || !tb[NHA_ID] ||
	    mnl_attr_get_u32(tb[NHA_ID]) == 0) {
		return -EBADMSG; /* the kernel never sends an object without its id */
	}
	if (tb[NHA_GROUP]) {
		size_t len = mnl_attr_get_payload_len(tb[NHA_GROUP]);
		if (len == 0 || len % sizeof(struct nexthop_grp) != 0 || len / sizeof(struct nexthop_grp) > MAX_MEMBERS) {
			return -EBADMSG;
		}
		n_members = len / sizeof(struct nexthop_grp);
	}
	struct nst_nhobj *o = nst_ns_add_nhobj(ns, n_members);

	o->id = mnl_attr_get_u32(tb[NHA_ID]);
	o->family = nhm.nh_family;
	o->onlink = nhm.nh_flags & RTNH_F_ONLINK;
	o->blackhole = tb[NHA_BLACKHOLE] != NULL;
	o->fdb = tb[NHA_FDB] != NULL;
	if (tb[NHA_OIF]) {
		o->oif = (int)mnl_attr_get_u32(tb[NHA_OIF]);
	}
	if (tb[NHA_GATEWAY]) {
		nh_gateway(o, tb[NHA_GATEWAY]);
	}
	const char *g = n_members ? mnl_attr_get_payload(tb[NHA_GROUP]) : NULL;
	for (size_t i = 0; i < n_members; i++) {
		struct nexthop_grp e;
		memcpy(&e, g + i * sizeof(e), sizeof(e));
		o->group[i].id = e.id;
		/* weights are 16 bits since Linux 6.12: the byte after `weight` is their high half */
		o->group[i].weight = (int)(((unsigned)e.resvd1 << 8 | e.weight) + 1);
	}
	if (tb[NHA_GROUP_TYPE]) {
		o->group_type = mnl_attr_get_u16(tb[NHA_GROUP_TYPE]);
		if (o->group_type > NEXTHOP_GRP_TYPE_RES) {
			nh_warn(o, "group type not known to nstop");
		}
	}
	if (tb[NHA_RES_GROUP]) {
		/* a resilient group's table: ip needs the bucket count to make one again */
		const struct nlattr *rtb[NHA_RES_GROUP_MAX + 1];
		if (be_nl_parse_attrs(h, sizeof(nhm), tb[NHA_RES_GROUP], res_rules, NHA_RES_GROUP_MAX, rtb) < 0) {
			nh_warn(o, "resilient group settings not decoded");
		} else {
			o->res_buckets = rtb[NHA_RES_GROUP_BUCKETS] ? mnl_attr_get_u16(rtb[NHA_RES_GROUP_BUCKETS]) : 0;
			o->res_idle_timer = rtb[NHA_RES_GROUP_IDLE_TIMER] ? mnl_attr_get_u32(rtb[NHA_RES_GROUP_IDLE_TIMER]) : 0;
			o->res_unbalanced_timer =
				rtb[NHA_RES_GROUP_UNBALANCED_TIMER] ? mnl_attr_get_u32(rtb[NHA_RES_GROUP_UNBALANCED_TIMER]) : 0;
			o->has_res = true;
		}
	}
	if (tb[NHA_ENCAP_TYPE] || tb[NHA_ENCAP]) {
		char why[96] = "";
		be_rtnl_encap_text(tb[NHA_ENCAP_TYPE] ? mnl_attr_get_u16(tb[NHA_ENCAP_TYPE]) : 0, tb[NHA_ENCAP], o->encap,
				   sizeof(o->encap), why, sizeof(why));
		if (why[0]) {
			nh_warn(o, why);
		}
	}
	rtnl_scope2str(nhm.nh_scope, o->scope, sizeof(o->scope));
	rtnl_route_proto2str(nhm.nh_protocol, o->protocol, sizeof(o->protocol));
	return 0;
}
