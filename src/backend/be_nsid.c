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
#include <sys/socket.h>

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

static int query(int observer_fd, uint32_t port, int target_fd, int32_t *nsid);

int be_nsid_query(struct nl_sock *observer, int target_fd, int32_t *nsid)
{
	return query(nl_socket_get_fd(observer), nl_socket_get_local_port(observer), target_fd, nsid);
}

int be_nsid_query_fd(int observer_fd, int target_fd, int32_t *nsid)
{
	return query(observer_fd, be_nl_local_port(observer_fd), target_fd, nsid);
}

/* RTM_GETNSID for target_fd into h (NSID_REQ_SPACE bytes, zeroed). */
#define NSID_REQ_SPACE 32
static void nsid_req(struct nlmsghdr *h, int target_fd)
{
	h->nlmsg_len = NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct rtgenmsg))); /* attributes start aligned */
	h->nlmsg_type = RTM_GETNSID;
	((struct rtgenmsg *)mnl_nlmsg_get_payload(h))->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(h, NETNSA_FD, (uint32_t)target_fd);
}

static int query(int observer_fd, uint32_t port, int target_fd, int32_t *nsid)
{
	union {
		struct nlmsghdr h;
		char buf[NSID_REQ_SPACE];
	} req;
	struct nsid_reply reply = { 0 };
	struct nlmsghdr *h = &req.h;

	memset(&req, 0, sizeof(req));
	nsid_req(h, target_fd);
	/* The reply and then the ACK, both checked to come from the kernel for this request. */
	int rc = be_nl_request_port(observer_fd, port, h, nsid_reply, &reply, NULL, NULL, 0);
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

/*
 * b->nsids looked up by nsid and by namespace through b->nsid_ix: `/` of 10 000
 * veths learns 10 000 nsids and looked them up linearly for each link (a third
 * of the TUI's start there). Probing finds the first remembered of equals first,
 * as the linear walk did.
 */
static size_t hash_nsid(int32_t nsid)
{
	return (size_t)((uint64_t)(uint32_t)nsid * 0x9E3779B97F4A7C15ull >> 20);
}

static size_t hash_id(struct nst_ns_id id)
{
	return (size_t)((id.ino ^ (id.dev << 32)) * 0x9E3779B97F4A7C15ull >> 20);
}

static void ix_put(struct be_ns *b, size_t pos)
{
	size_t cap = b->nsid_ix_cap, mask = cap - 1;
	size_t *by_nsid = b->nsid_ix, *by_id = b->nsid_ix + cap;
	size_t s = hash_nsid(b->nsids[pos].nsid) & mask;

	while (by_nsid[s]) {
		s = (s + 1) & mask;
	}
	by_nsid[s] = pos + 1;
	for (s = hash_id(b->nsids[pos].id) & mask; by_id[s]; s = (s + 1) & mask) {
	}
	by_id[s] = pos + 1;
}

/* After b->nsids gained its last entry: index it, growing the index to keep it at most half full. */
static void ix_add_last(struct be_ns *b)
{
	if (2 * b->n_nsids > b->nsid_ix_cap) {
		size_t cap = 16;
		while (cap < 4 * b->n_nsids) {
			cap *= 2;
		}
		free(b->nsid_ix);
		b->nsid_ix = xcalloc(2 * cap, sizeof(*b->nsid_ix));
		b->nsid_ix_cap = cap;
		for (size_t i = 0; i < b->n_nsids; i++) {
			ix_put(b, i);
		}
		return;
	}
	ix_put(b, b->n_nsids - 1);
}

static bool map_lookup(const struct be_ns *b, int32_t nsid, struct nst_ns_id *id)
{
	if (!b->nsid_ix_cap) {
		return false; /* nothing remembered yet */
	}
	size_t mask = b->nsid_ix_cap - 1;
	for (size_t s = hash_nsid(nsid) & mask; b->nsid_ix[s]; s = (s + 1) & mask) {
		const struct be_nsid_map *e = &b->nsids[b->nsid_ix[s] - 1];
		if (e->nsid == nsid) {
			*id = e->id;
			return true;
		}
	}
	return false;
}

/*
 * Where a veth's peer probably lives, without asking: every link that names a
 * peer, keyed by (its ifindex, its peer's ifindex). l's peer's home has an
 * entry (l->peer.ifindex, l->ifindex). Sorted once per resolution, so finding
 * the likely homes is a binary search, not a walk over every namespace's links.
 */
struct home {
	int ifindex, peer_ifindex;
	size_t pos;           /* in list->v */
	struct nst_link *link; /* that namespace's end, in the model */
};

struct homes {
	struct home *v;
	size_t n, cap;
	bool built; /* made on first need: a re-read whose nsids are all known needs none */
	struct be_ns_list *list;
	struct nst_model *m;
};

static int cmp_home(const void *a, const void *b)
{
	const struct home *x = a, *y = b;

	if (x->ifindex != y->ifindex) {
		return x->ifindex < y->ifindex ? -1 : 1;
	}
	if (x->peer_ifindex != y->peer_ifindex) {
		return x->peer_ifindex < y->peer_ifindex ? -1 : 1;
	}
	return (x->pos > y->pos) - (x->pos < y->pos); /* list order among equals, as the walk had */
}

static void homes_build(struct homes *h)
{
	struct be_ns_list *list = h->list;
	struct nst_model *m = h->m;

	h->built = true;
	for (size_t i = 0; i < list->n; i++) {
		struct nst_ns *ns = nst_model_find_ns_id(m, list->v[i].id);

		for (size_t k = 0; ns && k < ns->n_links; k++) {
			struct nst_link *c = &ns->links[k];
			if (c->peer.has) {
				*(struct home *)xgrow(&h->v, &h->n, &h->cap, sizeof(*h->v)) =
					(struct home){ c->ifindex, c->peer.ifindex, i, c };
			}
		}
	}
	if (h->n > 1) {
		qsort(h->v, h->n, sizeof(*h->v), cmp_home);
	}
}

/* The entries for the far end of l: [*first, return) */
static size_t homes_range(struct homes *h, const struct nst_link *l, size_t *first)
{
	struct home key = { l->peer.ifindex, l->ifindex, 0, NULL };

	if (!h->built) {
		homes_build(h);
	}
	size_t lo = 0, hi = h->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_home(&h->v[mid], &key) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	*first = lo;
	while (lo < h->n && h->v[lo].ifindex == key.ifindex && h->v[lo].peer_ifindex == key.peer_ifindex) {
		lo++;
	}
	return lo;
}

/* The candidate most likely to be the peer's home: it has a veth at peer_ifindex pointing back. */
static bool likely_home(const struct nst_ns *cand, const struct nst_link *l)
{
	const struct nst_link *c = nst_ns_find_link(cand, l->peer.ifindex);
	return c && c->peer.has && c->peer.ifindex == l->ifindex;
}

static void remember(struct be_ns *obs, const struct be_ns *cand, int32_t nsid)
{
	struct be_nsid_map *slot = xgrow(&obs->nsids, &obs->n_nsids, &obs->cap_nsids, sizeof(*obs->nsids));
	slot->nsid = nsid;
	slot->id = cand->id;
	ix_add_last(obs);
}

/* Ask obs for cand's nsid, remember it; true if it is want. */
static bool ask(struct be_ns *obs, struct be_ns *cand, int32_t want)
{
	int32_t nsid;

	if (be_nsid_query(obs->sk, cand->fd, &nsid) < 0 || nsid < 0) {
		return false;
	}
	remember(obs, cand, nsid);
	return nsid == want;
}

/*
 * obs already gave cand an nsid that it remembers: asking again would say
 * the same (an nsid stays until one of the two namespaces dies, and then
 * be_nsid_forget clears every map).
 */
static bool known(const struct be_ns *obs, const struct be_ns *cand)
{
	size_t cap = obs->nsid_ix_cap, mask = cap - 1;

	if (!cap) {
		return false;
	}
	for (size_t s = hash_id(cand->id) & mask; obs->nsid_ix[cap + s]; s = (s + 1) & mask) {
		if (nst_ns_id_eq(obs->nsids[obs->nsid_ix[cap + s] - 1].id, cand->id)) {
			return true;
		}
	}
	return false;
}

/*
 * Ask obs for the nsids of cands[0..n) at once: one datagram of RTM_GETNSID
 * requests without NLM_F_ACK (one reply, or an error, each), where one query
 * at a time was a send and two receives. rtnetlink answers every request of
 * the datagram before sendto returns, so the replies are read until none is
 * queued; a request not answered (replies lost to a full buffer) is left
 * unremembered, and the walk asks it alone. What is remembered is what ask
 * would have remembered.
 */
#define ASK_BATCH 64
static void ask_batch(struct be_ns *obs, struct be_ns *const *cands, size_t n)
{
	static union {
		struct nlmsghdr h;
		char buf[ASK_BATCH * NSID_REQ_SPACE];
	} reqs;
	static char rbuf[16384] __attribute__((aligned(NLMSG_ALIGNTO)));
	uint32_t seq[ASK_BATCH];
	bool answered[ASK_BATCH] = { false };
	size_t len = 0, left = n;
	int fd = nl_socket_get_fd(obs->sk);
	uint32_t port = nl_socket_get_local_port(obs->sk);

	if (n == 0 || n > ASK_BATCH) {
		return;
	}
	memset(&reqs, 0, sizeof(reqs));
	for (size_t i = 0; i < n; i++) {
		struct nlmsghdr *h = (struct nlmsghdr *)(reqs.buf + len);
		nsid_req(h, cands[i]->fd);
		h->nlmsg_flags = NLM_F_REQUEST;
		h->nlmsg_seq = seq[i] = be_nl_next_seq();
		len += NLMSG_ALIGN(h->nlmsg_len);
	}
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	if (sendto(fd, reqs.buf, len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) != (ssize_t)len) {
		return;
	}
	while (left > 0) {
		ssize_t r = be_nl_recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL);
		if (r == -EINTR || r == -ENOBUFS || r == 0) {
			continue; /* 0: not the kernel's, counted; -ENOBUFS: some lost, the rest still queued */
		}
		if (r < 0) {
			break; /* -EAGAIN: nothing more is coming */
		}
		size_t rest = (size_t)r;
		const struct nlmsghdr *h = (const struct nlmsghdr *)rbuf;
		for (; be_nlmsg_ok(h, rest); h = be_nlmsg_next(h, &rest)) {
			size_t i = 0;
			while (i < n && seq[i] != h->nlmsg_seq) {
				i++;
			}
			if (i == n || answered[i] || h->nlmsg_pid != port) {
				be_nl_drop(NULL);
				continue;
			}
			if (h->nlmsg_type == NLMSG_NOOP || h->nlmsg_type == NLMSG_OVERRUN) {
				continue;
			}
			answered[i] = true;
			left--;
			if (h->nlmsg_type == NLMSG_ERROR) {
				continue; /* ask: no nsid, nothing remembered */
			}
			struct nsid_reply reply = { 0 };
			if (nsid_reply(h, &reply) < 0) {
				be_nl_drop(NULL);
				continue;
			}
			if (reply.nsid >= 0) {
				remember(obs, cands[i], reply.nsid);
			}
		}
		if (rest > 0) {
			be_nl_drop(NULL); /* a torn tail */
		}
	}
}

static bool resolve_one(struct be_ns_list *list, struct nst_model *m, struct be_ns *obs, struct homes *h,
			const struct nst_link *l, int32_t want, struct nst_ns_id *out)
{
	if (map_lookup(obs, want, out)) {
		return true;
	}
	/* Likely homes first (one query in the usual case); l NULL (a lower device): no hint. */
	size_t first = 0, end = l ? homes_range(h, l, &first) : 0;
	for (size_t e = first; e < end; e++) {
		struct be_ns *cand = &list->v[h->v[e].pos];
		if (cand != obs && cand->fd >= 0 && !known(obs, cand) && ask(obs, cand, want)) {
			*out = cand->id;
			return true;
		}
	}
	/* Then everyone else: a peer that does not point back (a changed topology, a lower device). */
	for (size_t i = 0; i < list->n; i++) {
		struct be_ns *cand = &list->v[i];
		const struct nst_ns *cns = nst_model_find_ns_id(m, cand->id);

		if (cand == obs || cand->fd < 0 || !cns || (l && likely_home(cns, l)) || known(obs, cand)) {
			continue;
		}
		if (ask(obs, cand, want)) {
			*out = cand->id;
			return true;
		}
	}
	return false;
}

/*
 * Pairing is symmetric: l (in obs) has its peer in home at ifindex p, so
 * home's link p, a veth whose peer is l's ifindex, has its peer in obs. Mark
 * it so, and its own lookup asks nothing: one nsid query per pair.
 */
static void mark_far_end(struct be_ns_list *list, struct nst_model *m, const struct be_ns *obs,
			 const struct nst_link *l, struct nst_ns_id home)
{
	/* home's link at l's peer ifindex, looked up directly: the homes index (a sort of every
	 * link) was built for this in each namespace's re-read, 3000 of them after a start */
	struct nst_ns *hns = nst_model_find_ns_id(m, home);
	struct nst_link *p = hns ? nst_ns_find_link(hns, l->peer.ifindex) : NULL;
	struct be_ns *hb = be_ns_list_find(list, home);
	struct nst_ns_id known;

	if (p && hb && p->peer.has && p->peer.ifindex == l->ifindex && p->peer.elsewhere && p->peer.nsid >= 0 &&
	    !p->peer.ns_known &&
	    /* home's model may be behind obs's (a pair remade, one side applied): an nsid home already
	     * maps elsewhere says this is not l's far end; its own lookup decides */
	    (!map_lookup(hb, p->peer.nsid, &known) || nst_ns_id_eq(known, obs->id))) {
		p->peer.ns_known = true;
		p->peer.ns = obs->id;
		/* and home remembers it, as if it had been asked: its own re-read then resolves this end
		 * from the map (3000 re-reads after a start each sorted the homes index of every link) */
		if (!map_lookup(hb, p->peer.nsid, &known)) {
			remember(hb, obs, p->peer.nsid);
		}
	}
}

/*
 * Before the walk: the first likely home of each of ns's peers the walk
 * will look up (the one resolve_one asks first), asked in batches. `/` of a
 * thousand veths was a thousand queries one at a time.
 */
static void prefetch(struct be_ns_list *list, struct be_ns *obs, struct homes *h, const struct nst_ns *ns)
{
	struct be_ns *cands[ASK_BATCH];
	size_t n = 0;

	for (size_t k = 0; k < ns->n_links; k++) {
		const struct nst_link *l = &ns->links[k];
		struct nst_ns_id id;

		if (!l->peer.has || !l->peer.elsewhere || l->peer.nsid < 0 || l->peer.ns_known ||
		    map_lookup(obs, l->peer.nsid, &id)) {
			continue;
		}
		size_t first = 0, end = homes_range(h, l, &first);
		struct be_ns *cand = NULL;
		for (size_t e = first; e < end && !cand; e++) {
			struct be_ns *c = &list->v[h->v[e].pos];
			if (c != obs && c->fd >= 0) {
				cand = c;
			}
		}
		bool dup = !cand; /* one remembered under another nsid is asked again: rare, and a map walk per link is not */
		for (size_t i = 0; i < n && !dup; i++) {
			dup = cands[i] == cand;
		}
		if (dup) {
			continue;
		}
		cands[n++] = cand;
		if (n == ASK_BATCH) {
			ask_batch(obs, cands, n);
			n = 0;
		}
	}
	ask_batch(obs, cands, n);
}

/* Whether ns has a peer or lower device elsewhere whose namespace is not known yet. */
static bool unresolved(const struct nst_ns *ns)
{
	for (size_t k = 0; k < ns->n_links; k++) {
		const struct nst_link *l = &ns->links[k];
		if ((l->peer.has && l->peer.elsewhere && l->peer.nsid >= 0 && !l->peer.ns_known) ||
		    (l->lower.has && l->lower.elsewhere && l->lower.nsid >= 0 && !l->lower.ns_known)) {
			return true;
		}
	}
	return false;
}

/* A route socket made inside obs for its nsid queries (be_snapshot closes read namespaces' sockets
 * when fds run short: most ends are then known from their far end already). */
static bool open_for_queries(struct be_ns_list *list, struct be_ns *obs)
{
	struct be_error err = { 0 };

	if (obs->fd < 0 || be_enter_ns(obs->fd, &err) < 0) {
		return false;
	}
	int rc = be_rtnl_open(obs, &err);
	be_leave_ns(list->self_fd);
	return rc == 0;
}

static void resolve_links(struct be_ns_list *list, struct nst_model *m, struct be_ns *obs, struct homes *h,
			  struct nst_ns *ns)
{
	prefetch(list, obs, h, ns);
	for (size_t k = 0; k < ns->n_links; k++) {
		struct nst_link *l = &ns->links[k];
		struct nst_ns_id id;

		if (l->lower.has && l->lower.elsewhere && l->lower.nsid >= 0 && !l->lower.ns_known &&
		    resolve_one(list, m, obs, h, NULL, l->lower.nsid, &id)) {
			l->lower.ns_known = true;
			l->lower.ns = id;
		}
		if (!l->peer.has || !l->peer.elsewhere || l->peer.nsid < 0 || l->peer.ns_known) {
			continue;
		}
		/* obs->nsids persists across re-reads: a re-read of `/` asks nothing it knew. */
		if (resolve_one(list, m, obs, h, l, l->peer.nsid, &id)) {
			l->peer.ns_known = true;
			l->peer.ns = id;
			mark_far_end(list, m, obs, l, id);
		}
	}
}

static void resolve_ns(struct be_ns_list *list, struct nst_model *m, struct be_ns *obs, struct homes *h)
{
	struct nst_ns *ns = nst_model_find_ns_id(m, obs->id);
	bool opened = false;

	if (!ns) {
		return;
	}
	if (!obs->sk) {
		if (obs->self || !unresolved(ns) || !open_for_queries(list, obs)) {
			return;
		}
		opened = true;
	}
	resolve_links(list, m, obs, h, ns);
	if (opened) {
		nl_socket_free(obs->sk);
		obs->sk = NULL;
	}
}

void be_nsid_resolve_ns(struct be_ns_list *list, struct nst_model *m, struct be_ns *obs)
{
	struct homes h = { .list = list, .m = m };

	resolve_ns(list, m, obs, &h);
	free(h.v);
}

void be_nsid_forget(struct be_ns_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		struct be_ns *b = &list->v[i];
		b->n_nsids = 0;
		if (b->nsid_ix) {
			memset(b->nsid_ix, 0, 2 * b->nsid_ix_cap * sizeof(*b->nsid_ix));
		}
	}
}

void be_nsid_resolve(struct be_ns_list *list, struct nst_model *m)
{
	struct homes h = { .list = list, .m = m }; /* one index for all: the links do not move meanwhile */

	for (size_t i = 0; i < list->n; i++) {
		resolve_ns(list, m, &list->v[i], &h);
	}
	free(h.v);
}
