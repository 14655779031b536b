/* SPDX-License-Identifier: MIT */
/*
 * Second pass over a filled model: resolve each veth's peer to a link in a
 * discovered namespace (plotnetcfg's discover-then-pair shape). The backend
 * has already mapped link-netnsids to namespace identities where it could;
 * what remains unmapped is a namespace nstop cannot see. Lower devices
 * (a macvlan's parent, a vxlan's underlay) are the same kind of reference.
 */
#include "model.h"

/* Peer known only by ifindex (ethtool fallback): accept the one veth that points back. */
static bool find_by_back_pointer(const struct nst_model *m, const struct nst_ns *own,
				 const struct nst_link *l, struct nst_ns_id *out)
{
	size_t matches = 0;

	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];
		const struct nst_link *cand = nst_ns_find_link(ns, l->peer_ifindex);

		if (!cand || !cand->has_peer || cand->peer_ifindex != l->ifindex || cand == l) {
			continue;
		}
		/* The candidate must not name some other namespace as its peer's home. */
		if (cand->peer_ns_known && !nst_ns_id_eq(cand->peer_ns, own->id)) {
			continue;
		}
		if (!cand->peer_elsewhere && ns != own) {
			continue;
		}
		*out = ns->id;
		matches++;
	}
	return matches == 1;
}

/* A lower device: in the link's own namespace, or where the backend mapped its nsid. */
static void pair_lower(const struct nst_model *m, const struct nst_ns *ns, struct nst_link *l)
{
	struct nst_ns_id where = ns->id;

	if (!l->has_lower) {
		l->lower_state = NST_PEER_NONE;
		return;
	}
	if (l->lower_elsewhere && !l->lower_ns_known) {
		l->lower_state = NST_PEER_UNKNOWN;
		return;
	}
	if (l->lower_elsewhere) {
		where = l->lower_ns;
	}
	const struct nst_ns *lns = nst_model_find_ns_id(m, where);
	if (lns && nst_ns_find_link(lns, l->lower_ifindex)) {
		l->lower_ns = where;
		l->lower_state = NST_PEER_FOUND;
	} else {
		l->lower_state = NST_PEER_UNKNOWN;
	}
}

const struct nst_link *nst_link_lower(const struct nst_model *m, const struct nst_link *l,
				      const struct nst_ns **lower_ns)
{
	if (l->lower_state != NST_PEER_FOUND) {
		return NULL;
	}
	const struct nst_ns *ns = nst_model_find_ns_id(m, l->lower_ns);
	if (!ns) {
		return NULL;
	}
	if (lower_ns) {
		*lower_ns = ns;
	}
	return nst_ns_find_link(ns, l->lower_ifindex);
}

bool nst_link_is(const struct nst_link *l, enum nst_kind id)
{
	return nst_link_kind_find(l->kind)->id == id;
}

void nst_model_pair_peers(struct nst_model *m)
{
	for (size_t i = 0; i < m->n_ns; i++) {
		struct nst_ns *ns = &m->ns[i];

		for (size_t j = 0; j < ns->n_links; j++) {
			struct nst_link *l = &ns->links[j];
			struct nst_ns_id where;

			pair_lower(m, ns, l);
			if (!l->has_peer) {
				l->peer_state = NST_PEER_NONE;
				continue;
			}
			if (!l->peer_elsewhere) {
				where = ns->id;
			} else if (l->peer_ns_known) {
				where = l->peer_ns;
			} else if (l->peer_nsid < 0 && find_by_back_pointer(m, ns, l, &where)) {
				/* ifindex only, resolved by the unique link pointing back */
			} else {
				l->peer_state = NST_PEER_UNKNOWN;
				continue;
			}
			const struct nst_ns *pns = nst_model_find_ns_id(m, where);
			if (pns && nst_ns_find_link(pns, l->peer_ifindex)) {
				l->peer_ns = where;
				l->peer_state = NST_PEER_FOUND;
			} else {
				l->peer_state = NST_PEER_UNKNOWN;
			}
		}
	}
}
