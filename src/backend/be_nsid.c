/* SPDX-License-Identifier: MIT */
/*
 * Mapping a veth's link-netnsid to a discovered namespace. An nsid only
 * means something to the namespace that reports it, so ask that namespace's
 * socket: RTM_GETNSID with NETNSA_FD = candidate fd (DESIGN.md §4).
 */
#include <errno.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <stdlib.h>

#include "be_internal.h"
#include "xalloc.h"

struct nsid_reply {
	bool got;
	int32_t nsid;
};

static int nsid_valid(struct nl_msg *msg, void *arg)
{
	struct nsid_reply *r = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct nlattr *tb[NETNSA_MAX + 1];

	if (h->nlmsg_type != RTM_NEWNSID ||
	    nlmsg_parse(h, sizeof(struct rtgenmsg), tb, NETNSA_MAX, NULL) < 0 || !tb[NETNSA_NSID]) {
		return NL_SKIP;
	}
	r->nsid = (int32_t)nla_get_u32(tb[NETNSA_NSID]);
	r->got = true;
	return NL_STOP;
}

int be_nsid_query(struct nl_sock *observer, int target_fd, int32_t *nsid)
{
	struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct nsid_reply reply = { 0 };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETNSID, NLM_F_REQUEST);
	struct nl_cb *cb = NULL;
	int rc;

	if (!msg) {
		return -ENOMEM;
	}
	if (nlmsg_append(msg, &g, sizeof(g), NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(msg, NETNSA_FD, (uint32_t)target_fd) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	rc = nl_send_auto(observer, msg);
	nlmsg_free(msg);
	if (rc < 0) {
		return -EIO;
	}
	struct nl_cb *sock_cb = nl_socket_get_cb(observer); /* takes a reference */
	cb = nl_cb_clone(sock_cb);
	nl_cb_put(sock_cb);
	if (!cb) {
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, nsid_valid, &reply);
	rc = nl_recvmsgs(observer, cb);
	nl_cb_put(cb);
	if (rc < 0 || !reply.got) {
		return -EIO; /* an error reply already ended the exchange */
	}
	/* The reply is followed by the ACK we asked for; reading it keeps libnl's
	 * sequence numbers in step for the next request on this socket. */
	if (nl_wait_for_ack(observer) < 0) {
		return -EIO;
	}
	*nsid = reply.nsid;
	return 0;
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
	const struct nst_link *c = nst_ns_find_link(cand, l->peer_ifindex);
	return c && c->has_peer && c->peer_ifindex == l->ifindex;
}

static bool resolve_one(struct be_ns_list *list, struct nst_model *m, struct be_ns *obs,
			struct be_nsid_map **map, size_t *n_map, size_t *cap_map, const struct nst_link *l,
			struct nst_ns_id *out)
{
	if (map_lookup(*map, *n_map, l->peer_nsid, out)) {
		return true;
	}
	/* Two passes: likely homes first (one query in the usual case), then everyone. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < list->n; i++) {
			struct be_ns *cand = &list->v[i];
			const struct nst_ns *cns = nst_model_find_ns_id(m, cand->id);
			int32_t nsid;

			if (cand == obs || cand->fd < 0 || !cns || (pass == 0) != likely_home(cns, l)) {
				continue;
			}
			if (be_nsid_query(obs->sk, cand->fd, &nsid) < 0 || nsid < 0) {
				continue;
			}
			struct be_nsid_map *slot = xgrow(map, n_map, cap_map, sizeof(**map));
			slot->nsid = nsid;
			slot->id = cand->id;
			if (nsid == l->peer_nsid) {
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

		if (!l->has_peer || !l->peer_elsewhere || l->peer_nsid < 0 || l->peer_ns_known) {
			continue;
		}
		/* obs->nsids persists across re-reads: a re-read of `/` asks nothing it knew. */
		if (resolve_one(list, m, obs, &obs->nsids, &obs->n_nsids, &obs->cap_nsids, l, &id)) {
			l->peer_ns_known = true;
			l->peer_ns = id;
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
