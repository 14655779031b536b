/* SPDX-License-Identifier: MIT */
/*
 * A namespace's neighbours and FDB: three RTM_GETNEIGH dumps (AF_UNSPEC: every IP
 * neighbour table, then its proxy entries; AF_BRIDGE: the FDB) parsed by be_rtnl_neigh.c, and the
 * neighbours-only re-read the live model does on neighbour events (they come
 * often: a whole re-read for each would cost the namespace's every dump).
 */
#include <errno.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netlink/socket.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "be_internal.h"
#include "be_nlmsg.h"

/* What a dump adds; a restart drops it again, down to keep (the earlier dump's entries). */
struct neigh_dump {
	struct nst_ns *ns;
	size_t keep, keep_cut, keep_bad;
};

static int neigh_msg(const struct nlmsghdr *h, void *arg)
{
	return be_rtnl_parse_neigh(h, ((struct neigh_dump *)arg)->ns);
}

static void neighs_reset(void *arg)
{
	struct neigh_dump *d = arg;

	d->ns->n_neighs = d->keep;
	d->ns->neighs_cut = d->keep_cut;
	d->ns->neighs_bad = d->keep_bad;
}

/* One RTM_GETNEIGH dump of family (AF_UNSPEC: every IP neighbour table; AF_BRIDGE: the FDB);
 * flags NTF_PROXY: the proxy entries instead (the kernel dumps them only when asked so). */
static int dump_neigh(struct be_ns *bns, uint8_t family, uint8_t flags, struct neigh_dump *d)
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
	((struct ndmsg *)NLMSG_DATA(&req.h))->ndm_flags = flags;
	return be_nl_dump_port(nl_socket_get_fd(bns->sk), nl_socket_get_local_port(bns->sk), &req.h,
			       &ops, d, &bns->dropped);
}

int be_rtnl_read_neighs(struct be_ns *bns, struct nst_ns *ns)
{
	struct neigh_dump d = { ns, 0, 0, 0 };
	int rc;

	ns->n_neighs = ns->neighs_cut = ns->neighs_bad = 0;
	rc = dump_neigh(bns, AF_UNSPEC, 0, &d);
	if (rc == 0) {
		d.keep = ns->n_neighs;
		d.keep_cut = ns->neighs_cut;
		d.keep_bad = ns->neighs_bad;
		rc = dump_neigh(bns, AF_UNSPEC, NTF_PROXY, &d);
	}
	if (rc == 0) {
		d.keep = ns->n_neighs;
		d.keep_cut = ns->neighs_cut;
		d.keep_bad = ns->neighs_bad;
		rc = dump_neigh(bns, AF_BRIDGE, 0, &d);
	}
	if (rc == 0) {
		nst_ns_sort_neighs(ns);
	}
	if (rc == 0 && ns->neighs_bad) {
		nst_strv_addf(&ns->warnings, "neighbours and FDB: %zu entries nstop cannot show (no device, or an address "
			      "not of its family's or a MAC's length), left out", ns->neighs_bad);
	}
	if (rc == 0 && ns->neighs_cut) {
		nst_strv_addf(&ns->warnings, "neighbours and FDB: %zu entries past the first %d not kept", ns->neighs_cut,
			      NST_NEIGH_MAX);
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
	nst_strv_clear(&fresh.warnings);
	if (rc < 0) {
		free(fresh.neighs);
		return rc; /* the caller re-reads the namespace whole */
	}
	bool same = fresh.n_neighs == cur->n_neighs && fresh.neighs_cut == cur->neighs_cut &&
		    fresh.neighs_bad == cur->neighs_bad;
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
	cur->neighs_cut = fresh.neighs_cut;
	cur->neighs_bad = fresh.neighs_bad;
	if (fn) {
		nst_diff_ns_neighs(&was, cur, fn, ctx);
	}
	free(was.neighs);
	return 1;
}
