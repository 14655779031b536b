/* SPDX-License-Identifier: MIT */
/*
 * Mapping a veth's link-netnsid to a discovered namespace. An nsid only
 * means something to the namespace that reports it, so ask that namespace's
 * socket: RTM_GETNSID with NETNSA_FD = candidate fd (ARCHITECTURE.md §8).
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <netlink/socket.h>
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"
#include "be_nlmsg.h"
#include "xalloc.h"

struct nsid_reply {
	bool got;
	int32_t nsid;
};

static const struct be_attr_rule nsid_rules[NETNSA_MAX + 1] = {
	[NETNSA_NSID] = { MNL_TYPE_U32, 0 },
};

static int nsid_reply(const struct nlmsghdr *h, void *arg)
{
	struct nsid_reply *r = arg;
	const struct nlattr *tb[NETNSA_MAX + 1];

	if (h->nlmsg_type != RTM_NEWNSID || be_nl_parse_attrs(h, sizeof(struct rtgenmsg), NULL, nsid_rules, NETNSA_MAX, tb) < 0 ||
	    !tb[NETNSA_NSID]) {
		return -EBADMSG;
	}
	r->nsid = (int32_t)mnl_attr_get_u32(tb[NETNSA_NSID]);
	r->got = true;
	return 0;
}

int be_nsid_query(struct nl_sock *observer, int target_fd, int32_t *nsid)
{
	return be_nsid_query_fd(nl_socket_get_fd(observer), target_fd, nsid);
}

int be_nsid_query_fd(int observer_fd, int target_fd, int32_t *nsid)
{
	union {
		struct nlmsghdr h;
		char buf[NLMSG_HDRLEN + 32];
	} req;
	struct nsid_reply reply = { 0 };
	struct nlmsghdr *h = &req.h;

	memset(&req, 0, sizeof(req));
	h->nlmsg_len = NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct rtgenmsg))); /* attributes start aligned */
	h->nlmsg_type = RTM_GETNSID;
	((struct rtgenmsg *)mnl_nlmsg_get_payload(h))->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(h, NETNSA_FD, (uint32_t)target_fd);
	/* The reply and then the ACK, both checked to come from the kernel for this request. */
	int rc = be_nl_request(observer_fd, h, nsid_reply, &reply, NULL, NULL, 0);
	if (rc < 0 || !reply.got) {
		return -EIO;
	}
	*nsid = reply.nsid;
	return 0;
}

/* RTM_NEWNSID with NETNSA_NSID -1: the kernel picks the number (as `ip netns set NAME auto`). */
int be_nsid_assign_fd(int observer_fd, int target_fd)
{
	union {
		struct nlmsghdr h;
		char buf[NLMSG_HDRLEN + 64];
	} req;
	struct nlmsghdr *h = &req.h;

	memset(&req, 0, sizeof(req));
	h->nlmsg_len = NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct rtgenmsg)));
	h->nlmsg_type = RTM_NEWNSID;
	((struct rtgenmsg *)mnl_nlmsg_get_payload(h))->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(h, NETNSA_FD, (uint32_t)target_fd);
	mnl_attr_put_u32(h, NETNSA_NSID, (uint32_t)-1);
	return be_nl_request(observer_fd, h, NULL, NULL, NULL, NULL, 0);
}

static bool map_lookup(const struct be_nsid_map *map, size_t n, int32_t nsid, struct nst_ns_id *id)
{
	for (size_t i = 0; i < n; i++) {
		if (map[i].nsid == nsid) {
			*id = map[i].id;
			return true;
		}
	}
	return false;
}

/* The candidate most likely to be the peer's home: it has a veth at peer_ifindex pointing back. */
static bool likely_home(const struct nst_ns *cand, const struct nst_link *l)
{
	const struct nst_link *c = nst_ns_find_link(cand, l->peer.ifindex);
	return c && c->peer.has && c->peer.ifindex == l->ifindex;
}

static bool resolve_one(struct be_ns_list *list, struct nst_model *m, struct be_ns *obs,
			struct be_nsid_map **map, size_t *n_map, size_t *cap_map, const struct nst_link *l,
			int32_t want, struct nst_ns_id *out)
{
	if (map_lookup(*map, *n_map, want, out)) {
		return true;
	}
	/* Two passes: likely homes first (one query in the usual case), then everyone. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < list->n; i++) {
			struct be_ns *cand = &list->v[i];
			const struct nst_ns *cns = nst_model_find_ns_id(m, cand->id);
			int32_t nsid;

			/* l NULL (a lower device): no hint, every candidate in the second pass */
			if (cand == obs || cand->fd < 0 || !cns || (pass == 0) != (l && likely_home(cns, l))) {
				continue;
			}
			if (be_nsid_query(obs->sk, cand->fd, &nsid) < 0 || nsid < 0) {
				continue;
			}
			struct be_nsid_map *slot = xgrow(map, n_map, cap_map, sizeof(**map));
			slot->nsid = nsid;
			slot->id = cand->id;
			if (nsid == want) {
				*out = cand->id;
				return true;
			}
		}
	}
	return false;
}

void be_nsid_resolve_ns(struct be_ns_list *list, struct nst_model *m, struct be_ns *obs)
{
	struct nst_ns *ns = nst_model_find_ns_id(m, obs->id);

	if (!ns || !obs->sk) {
		return;
	}
	for (size_t k = 0; k < ns->n_links; k++) {
		struct nst_link *l = &ns->links[k];
		struct nst_ns_id id;

		if (l->lower.has && l->lower.elsewhere && l->lower.nsid >= 0 && !l->lower.ns_known &&
		    resolve_one(list, m, obs, &obs->nsids, &obs->n_nsids, &obs->cap_nsids, NULL, l->lower.nsid, &id)) {
			l->lower.ns_known = true;
			l->lower.ns = id;
		}
		if (!l->peer.has || !l->peer.elsewhere || l->peer.nsid < 0 || l->peer.ns_known) {
			continue;
		}
		/* obs->nsids persists across re-reads: a re-read of `/` asks nothing it knew. */
		if (resolve_one(list, m, obs, &obs->nsids, &obs->n_nsids, &obs->cap_nsids, l, l->peer.nsid, &id)) {
			l->peer.ns_known = true;
			l->peer.ns = id;
		}
	}
}

void be_nsid_forget(struct be_ns_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		list->v[i].n_nsids = 0;
	}
}

void be_nsid_resolve(struct be_ns_list *list, struct nst_model *m)
{
	for (size_t i = 0; i < list->n; i++) {
		be_nsid_resolve_ns(list, m, &list->v[i]);
	}
}
