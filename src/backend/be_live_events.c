/* SPDX-License-Identifier: MIT */
/*
 * rtnetlink events applied to the live model in place (issue 16): a link,
 * address or route message carries the whole object, so it is parsed by the
 * dump parser (be_rtnl_parse.c) into a scratch namespace and upserted or
 * deleted by identity (src/model/topo/apply.c), its lines emitted by the
 * diff's own emitters. What cannot be applied safely asks for today's re-read
 * of the namespace (BE_EV_REREAD): an unknown kind of message, a link gone or
 * set up/down (IPv4 flushes its routes without a word) or gaining its carrier
 * (IPv6's tentative link-local, announced only after DAD), an IPv6 multipath
 * append (one hop at a time: a half route), a delete nstop cannot match.
 */
#include <errno.h>
#include <net/if.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "apply.h"
#include "be_live_events.h"
#include "be_nlmsg.h"
#include "link_kinds.h"
#include "route_text.h"
#include "xalloc.h"

/* The dump parsers take RTM_NEW*; a delete carries the same object: parse a copy typed as its NEW. */
static struct nlmsghdr *as_new(const struct nlmsghdr *h, uint16_t type)
{
	struct nlmsghdr *c = xmalloc(h->nlmsg_len);

	memcpy(c, h, h->nlmsg_len);
	c->nlmsg_type = type;
	return c;
}

static struct nst_model *scratch(const struct nst_ns *ns, struct nst_ns **out)
{
	struct nst_model *m = nst_model_create();

	*out = nst_model_add_ns(m, ns->name, ns->kind, ns->id);
	return m;
}

static int apply_link(struct nst_ns *ns, const struct nlmsghdr *h, uint64_t now_ms, nst_change_fn fn, void *ctx)
{
	bool del = h->nlmsg_type == RTM_DELLINK;
	struct ifinfomsg ifi;

	if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(ifi)) {
		return BE_EV_REREAD;
	}
	memcpy(&ifi, NLMSG_DATA(h), sizeof(ifi));
	/* Only the link's own message (AF_UNSPEC, as dumped) is the link: a bridge port's view
	 * (br_ifinfo_notify: AF_BRIDGE, a "del" when it leaves the bridge) and IPv6's (AF_INET6,
	 * IFLA_PROTINFO) lack its kind and say nothing the AF_UNSPEC one does not */
	if (ifi.ifi_family != AF_UNSPEC) {
		return 0;
	}
	struct nlmsghdr *c = del ? as_new(h, RTM_NEWLINK) : NULL;
	struct nst_ns *tmp;
	struct nst_model *m = scratch(ns, &tmp);
	struct nst_link *msg = NULL;
	int rc = be_rtnl_parse_link(c ? c : h, tmp, now_ms, &msg);
	int got = 0;

	free(c);
	if (rc < 0 || !msg) {
		got = BE_EV_REREAD;
	} else if (del) {
		struct nst_link gone;
		if (nst_ns_apply_link_del(ns, msg->ifindex, &gone)) {
			if (fn) {
				nst_diff_link(ns, &gone, NULL, fn, ctx);
			}
			nst_link_finish(&gone);
		}
		got = BE_EV_CHANGED | BE_EV_REREAD; /* its routes and neighbours went without a message */
	} else {
		const struct nst_link_kind *k = nst_link_kind_find(msg->kind);
		struct nst_link was;
		bool added;
		struct nst_link *l = nst_ns_apply_link(ns, msg, &was, &added);
		if (fn) {
			nst_diff_link(ns, added ? NULL : &was, l, fn, ctx);
		}
		got = BE_EV_CHANGED;
		/* up/down: IPv4 drops the link's routes silently; wireguard's fields and a veth's
		 * peer without IFLA_LINK come from other reads (be_wg_read, ethtool) */
		/* the message's own ifi_change says up/down moved, also when a dump replayed under it already
		 * shows the link down (the model then agrees with it, but not with the routes it dropped) */
		/* carrier gained: IPv6 makes the link-local address at once, tentative, and says so only once
		 * DAD is done (addrconf_dad_begin notifies optimistic addresses alone) — a dump shows it before
		 * any message does. Such messages carry ifi_change 0 (netdev_state_change), so the operstate
		 * tells. */
		bool carrier_up = !added && strcmp(was.operstate, "up") != 0 && strcmp(l->operstate, "up") == 0;
		if ((ifi.ifi_change & IFF_UP) || (!added && was.up != l->up) || carrier_up || k->id == NST_KIND_WIREGUARD ||
		    (k->has_peer && !l->peer.has)) {
			got |= BE_EV_REREAD;
		}
		if (l->peer.elsewhere || l->lower.elsewhere) {
			got |= BE_EV_NSID;
		}
	}
	nst_model_destroy(m);
	return got;
}

static int apply_addr(struct nst_ns *ns, const struct nlmsghdr *h, nst_change_fn fn, void *ctx)
{
	bool del = h->nlmsg_type == RTM_DELADDR;
	struct ifaddrmsg ifa;

	if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(ifa)) {
		return BE_EV_REREAD;
	}
	memcpy(&ifa, NLMSG_DATA(h), sizeof(ifa));
	struct nst_link *l = nst_ns_find_link(ns, (int)ifa.ifa_index);
	if (!l) {
		return BE_EV_REREAD; /* an address of a link nstop does not have: the model is behind */
	}
	struct nlmsghdr *c = del ? as_new(h, RTM_NEWADDR) : NULL;
	struct nst_ns *tmp;
	struct nst_model *m = scratch(ns, &tmp);
	struct nst_link *tl = nst_ns_add_link(tmp, l->ifindex, l->name);
	int rc = be_rtnl_parse_addr(c ? c : h, tmp);
	int got = 0;

	free(c);
	if (rc < 0) {
		got = BE_EV_REREAD;
	} else if (tl->n_addrs == 1 && nst_link_apply_addr(l, &tl->addrs[0], !del)) {
		if (fn) {
			nst_diff_addr_line(ns, l, &tl->addrs[0], !del, fn, ctx);
		}
		got = BE_EV_CHANGED;
	}
	/* An address gone takes routes with it without a message: IPv4 flushes the routes whose src it
	 * was (all the link's IPv4 routes with its last address), IPv6 clears their prefsrc. */
	if (del) {
		got |= BE_EV_REREAD;
	}
	nst_model_destroy(m);
	return got;
}

static int apply_route(struct nst_ns *ns, const struct nlmsghdr *h, nst_change_fn fn, void *ctx)
{
	bool del = h->nlmsg_type == RTM_DELROUTE;
	struct rtmsg rtm;

	if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(rtm)) {
		return BE_EV_REREAD;
	}
	memcpy(&rtm, NLMSG_DATA(h), sizeof(rtm));
	if (rtm.rtm_flags & RTM_F_CLONED) {
		return 0; /* a cached route (an IPv6 exception): not in the dumps, not a route nstop shows */
	}
	struct nlmsghdr *c = del ? as_new(h, RTM_NEWROUTE) : NULL;
	struct nst_ns *tmp;
	struct nst_model *m = scratch(ns, &tmp);
	int rc = be_rtnl_parse_route(c ? c : h, tmp);
	int got = 0;

	free(c);
	if (rc < 0) {
		got = BE_EV_REREAD;
	} else if (tmp->n_routes == 1) {
		struct nst_route *r = &tmp->routes[0], old;
		if (del && r->family == AF_INET6) {
			/* one hop of an IPv6 multipath route goes alone (its siblings stay): the model holds the
			 * route whole, keyed by its first hop, so only a re-read knows what is left */
			got = BE_EV_REREAD;
		} else if (del) {
			if (nst_ns_apply_route_del(ns, r, &old)) {
				if (fn) {
					nst_diff_route_line(ns, &old, false, fn, ctx);
				}
				nst_route_free_parts(&old);
				got = BE_EV_CHANGED;
			} else {
				got = BE_EV_REREAD; /* not the route nstop has: read them again */
			}
		} else if (r->family == AF_INET6 && (r->n_nexthops || (h->nlmsg_flags & NLM_F_APPEND))) {
			got = BE_EV_REREAD; /* IPv6 multipath comes a hop at a time */
		} else {
			size_t at = 0;
			int arc = nst_ns_apply_route(ns, r, h->nlmsg_flags & NLM_F_REPLACE, &old, &at);
			if (arc == 1 && fn) {
				nst_diff_route_line(ns, &old, false, fn, ctx);
			}
			if (arc == 1) {
				nst_route_free_parts(&old);
			}
			if (arc >= 0) {
				if (fn) {
					nst_diff_route_line(ns, &ns->routes[at], true, fn, ctx);
				}
				got = BE_EV_CHANGED;
			}
		}
	}
	nst_model_destroy(m);
	return got;
}

int be_live_events_apply(struct nst_ns *ns, const void *buf, size_t len, uint64_t now_ms, nst_change_fn fn, void *ctx)
{
	const struct nlmsghdr *h = buf;
	int got = 0;

	for (; be_nlmsg_ok(h, len); h = be_nlmsg_next(h, &len)) {
		if (got & BE_EV_REREAD) {
			/* the namespace is read whole next: later messages of this datagram are in it */
			if (h->nlmsg_type == RTM_NEWNEIGH || h->nlmsg_type == RTM_DELNEIGH) {
				got |= BE_EV_NEIGH;
			}
			continue;
		}
		switch (h->nlmsg_type) {
		case RTM_NEWLINK:
		case RTM_DELLINK:
			got |= apply_link(ns, h, now_ms, fn, ctx);
			break;
		case RTM_NEWADDR:
		case RTM_DELADDR:
			got |= apply_addr(ns, h, fn, ctx);
			break;
		case RTM_NEWROUTE:
		case RTM_DELROUTE:
			got |= apply_route(ns, h, fn, ctx);
			break;
		case RTM_NEWNEIGH:
		case RTM_DELNEIGH:
			got |= BE_EV_NEIGH;
			break;
		default:
			got |= BE_EV_REREAD; /* rules, nexthop objects, netconf, nsids: read again */
			break;
		}
	}
	return got;
}
