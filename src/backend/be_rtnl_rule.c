/* SPDX-License-Identifier: MIT */
/*
 * RTM_NEWRULE (`ip rule`) into ns->rules: the fib_rule_hdr and its FRA_*
 * attributes, checked like every rtnetlink message. A selector nstop cannot
 * read keeps the rule with a warning; broken framing fails the read.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "be_nlmsg.h"
#include "cut.h"
#include "route_text.h"

static const struct be_attr_rule rule_rules[FRA_MAX + 1] = {
	[FRA_PRIORITY] = { MNL_TYPE_U32, 0 },
	[FRA_TABLE] = { MNL_TYPE_U32, 0 },
	[FRA_GOTO] = { MNL_TYPE_U32, 0 },
	[FRA_FWMARK] = { MNL_TYPE_U32, 0 },
	[FRA_FWMASK] = { MNL_TYPE_U32, 0 },
	[FRA_IP_PROTO] = { MNL_TYPE_U8, 0 },
	[FRA_L3MDEV] = { MNL_TYPE_U8, 0 },
};


static void rule_addr(struct nst_rule *r, const struct nlattr *a, uint8_t plen, bool *has, struct nst_addr *out)
{
	size_t n = r->family == AF_INET ? 4 : 16;

	if (mnl_attr_get_payload_len(a) != n || plen > n * 8) {
		r->undecoded |= NST_RULE_UNDECODED_ADDR;
		return;
	}
	memset(out, 0, sizeof(*out));
	out->family = r->family;
	memcpy(out->bytes, mnl_attr_get_payload(a), n);
	out->prefixlen = plen;
	*has = true;
}

static void rule_name(struct nst_rule *r, const struct nlattr *a, char *out)
{
	size_t n = strnlen(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));

	if (n == 0 || n >= NST_IFNAMSIZ) {
		r->undecoded |= NST_RULE_UNDECODED_DEV;
		return;
	}
	memcpy(out, mnl_attr_get_payload(a), n);
	out[n] = '\0';
}

static void rule_range(struct nst_rule *r, const struct nlattr *a, bool *has, uint16_t *lo, uint16_t *hi)
{
	struct fib_rule_port_range pr;

	if (mnl_attr_get_payload_len(a) != sizeof(pr)) {
		r->undecoded |= NST_RULE_UNDECODED_PORTS;
		return;
	}
	memcpy(&pr, mnl_attr_get_payload(a), sizeof(pr));
	*has = true;
	*lo = pr.start;
	*hi = pr.end;
}

int be_rtnl_parse_rule(const struct nlmsghdr *h, struct nst_ns *ns)
{
	const struct nlattr *tb[FRA_MAX + 1];
	struct fib_rule_hdr frh;

	if (h->nlmsg_type != RTM_NEWRULE || h->nlmsg_len < NLMSG_HDRLEN + sizeof(frh)) {
		return -EBADMSG;
	}
	memcpy(&frh, mnl_nlmsg_get_payload(h), sizeof(frh));
	if (be_nl_parse_attrs(h, sizeof(frh), NULL, rule_rules, FRA_MAX, tb) < 0) {
		return -EBADMSG;
	}
	if (frh.family != AF_INET && frh.family != AF_INET6) {
		return 0; /* multicast routing rules (RTNL_FAMILY_IPMR...): not `ip rule` */
	}
	struct nst_rule *r = nst_ns_add_rule(ns);

	r->family = frh.family;
	r->priority = tb[FRA_PRIORITY] ? mnl_attr_get_u32(tb[FRA_PRIORITY]) : 0;
	r->tos = frh.tos;
	r->action = frh.action;
	r->invert = frh.flags & FIB_RULE_INVERT;
	r->table = tb[FRA_TABLE] ? mnl_attr_get_u32(tb[FRA_TABLE]) : frh.table;
	r->goto_target = tb[FRA_GOTO] ? mnl_attr_get_u32(tb[FRA_GOTO]) : 0;
	if (tb[FRA_SRC]) {
		rule_addr(r, tb[FRA_SRC], frh.src_len, &r->has_src, &r->src);
	}
	if (tb[FRA_DST]) {
		rule_addr(r, tb[FRA_DST], frh.dst_len, &r->has_dst, &r->dst);
	}
	if (tb[FRA_IIFNAME]) {
		rule_name(r, tb[FRA_IIFNAME], r->iif);
	}
	if (tb[FRA_OIFNAME]) {
		rule_name(r, tb[FRA_OIFNAME], r->oif);
	}
	if (tb[FRA_FWMARK] || tb[FRA_FWMASK]) {
		r->has_fwmark = true;
		r->fwmark = tb[FRA_FWMARK] ? mnl_attr_get_u32(tb[FRA_FWMARK]) : 0;
		r->fwmask = tb[FRA_FWMASK] ? mnl_attr_get_u32(tb[FRA_FWMASK]) : 0xffffffffu;
	}
	if (tb[FRA_UID_RANGE]) {
		struct fib_rule_uid_range ur;
		if (mnl_attr_get_payload_len(tb[FRA_UID_RANGE]) == sizeof(ur)) {
			memcpy(&ur, mnl_attr_get_payload(tb[FRA_UID_RANGE]), sizeof(ur));
			/* the kernel reports every rule with the full range: only a narrower one selects */
			if (ur.start != 0 || ur.end != 0xffffffffu) {
				r->has_uidrange = true;
				r->uid_start = ur.start;
				r->uid_end = ur.end;
			}
		} else {
			r->undecoded |= NST_RULE_UNDECODED_UIDS;
		}
	}
	r->ipproto = tb[FRA_IP_PROTO] ? mnl_attr_get_u8(tb[FRA_IP_PROTO]) : 0;
	if (tb[FRA_SPORT_RANGE]) {
		rule_range(r, tb[FRA_SPORT_RANGE], &r->has_sport, &r->sport_lo, &r->sport_hi);
	}
	if (tb[FRA_DPORT_RANGE]) {
		rule_range(r, tb[FRA_DPORT_RANGE], &r->has_dport, &r->dport_lo, &r->dport_hi);
	}
	r->l3mdev = tb[FRA_L3MDEV] && mnl_attr_get_u8(tb[FRA_L3MDEV]);
	if (!nst_rule_action_str(r->action)) {
		r->undecoded |= NST_RULE_UNDECODED_ACTION;
	}
	return 0;
}
