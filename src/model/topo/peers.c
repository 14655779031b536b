/* SPDX-License-Identifier: MIT */
/*
 * Second pass over a filled model: resolve each veth's peer to a link in a
 * discovered namespace (plotnetcfg's discover-then-pair shape). The backend
 * has already mapped link-netnsids to namespace identities where it could;
 * what remains unmapped is a namespace nstop cannot see. Lower devices
 * (a macvlan's parent, a vxlan's underlay) and masters are the same kind of
 * reference (struct nst_link_ref), resolved by the same function; a
 * tunnel's other end is found by matching local/remote (pair_tunnel).
 */
#include <string.h>
#include <sys/socket.h>

#include "model.h"

/* Peer known only by ifindex (ethtool fallback): accept the one veth that points back. */
static bool find_by_back_pointer(const struct nst_model *m, const struct nst_ns *own,
				 const struct nst_link *l, struct nst_ns_id *out)
{
	size_t matches = 0;

	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];
		const struct nst_link *cand = nst_ns_find_link(ns, l->peer.ifindex);

		if (!cand || !cand->peer.has || cand->peer.ifindex != l->ifindex || cand == l) {
			continue;
		}
		/* The candidate must not name some other namespace as its peer's home. */
		if (cand->peer.ns_known && !nst_ns_id_eq(cand->peer.ns, own->id)) {
			continue;
		}
		if (!cand->peer.elsewhere && ns != own) {
			continue;
		}
		*out = ns->id;
		matches++;
	}
	return matches == 1;
}

/*
 * One reference: in the link's own namespace, or where the backend mapped its
 * nsid; a veth peer known only by ifindex (by_back_pointer) is the one veth
 * that points back.
 */
static void resolve_ref(const struct nst_model *m, const struct nst_ns *ns, const struct nst_link *l,
			struct nst_link_ref *ref, bool by_back_pointer)
{
	struct nst_ns_id where;

	if (!ref->has) {
		ref->state = NST_REF_NONE;
		return;
	}
	if (!ref->elsewhere) {
		where = ns->id;
	} else if (ref->ns_known) {
		where = ref->ns;
	} else if (by_back_pointer && ref->nsid < 0 && find_by_back_pointer(m, ns, l, &where)) {
		/* ifindex only, resolved by the unique link pointing back */
	} else {
		ref->state = NST_REF_UNKNOWN;
		return;
	}
	const struct nst_ns *rns = nst_model_find_ns_id(m, where);
	if (rns && nst_ns_find_link(rns, ref->ifindex)) {
		ref->ns = where;
		ref->state = NST_REF_FOUND;
	} else {
		ref->state = NST_REF_UNKNOWN;
	}
}

const struct nst_link *nst_link_ref_get(const struct nst_model *m, const struct nst_link_ref *ref,
					const struct nst_ns **out_ns)
{
	if (ref->state != NST_REF_FOUND) {
		return NULL;
	}
	const struct nst_ns *ns = nst_model_find_ns_id(m, ref->ns);
	if (!ns) {
		return NULL;
	}
	if (out_ns) {
		*out_ns = ns;
	}
	return nst_ns_find_link(ns, ref->ifindex);
}

const struct nst_link *nst_link_peer(const struct nst_model *m, const struct nst_link *l,
				     const struct nst_ns **peer_ns)
{
	return nst_link_ref_get(m, &l->peer, peer_ns);
}

const struct nst_link *nst_link_lower(const struct nst_model *m, const struct nst_link *l,
				      const struct nst_ns **lower_ns)
{
	return nst_link_ref_get(m, &l->lower, lower_ns);
}

const struct nst_link *nst_link_master(const struct nst_model *m, const struct nst_link *l,
				       const struct nst_ns **master_ns)
{
	return nst_link_ref_get(m, &l->master, master_ns);
}

bool nst_link_is(const struct nst_link *l, enum nst_kind id)
{
	return nst_link_kind_find(l->kind)->id == id;
}

static bool ip_eq(const struct nst_ip *a, const struct nst_ip *b)
{
	size_t n = a->family == AF_INET6 ? 16 : 4;

	return a->family == b->family && memcmp(a->bytes, b->bytes, n) == 0;
}

/* The namespace has ip as an address of one of its links: the underlay delivers there. */
static bool ns_owns(const struct nst_ns *ns, const struct nst_ip *ip)
{
	size_t n = ip->family == AF_INET6 ? 16 : 4;

	for (size_t i = 0; i < ns->n_links; i++) {
		const struct nst_link *l = &ns->links[i];

		for (size_t k = 0; k < l->n_addrs; k++) {
			if (l->addrs[k].family == ip->family && memcmp(l->addrs[k].bytes, ip->bytes, n) == 0) {
				return true;
			}
		}
	}
	return false;
}

/* A point-to-point tunnel end: both addresses given, remote not a multicast group. */
static bool tunnel_end(const struct nst_ns *ns, const struct nst_link *l)
{
	const uint32_t both = NST_LI_LOCAL | NST_LI_REMOTE;

	return (l->info.have & both) == both && !l->info.remote_is_group &&
	       nst_link_kind_find(l->kind)->id != NST_KIND_OTHER && ns_owns(ns, &l->info.local);
}

/* A field both ends must agree on when either gives it (VNI, UDP port). */
static bool same_opt(uint32_t have_a, uint32_t have_b, uint32_t bit, uint32_t va, uint32_t vb)
{
	if ((have_a & bit) != (have_b & bit)) {
		return false;
	}
	return !(have_a & bit) || va == vb;
}

/* GRE keys cross: what one end sends (okey) is what the other expects (ikey), and back. */
static bool gre_keys_cross(const struct nst_link_info *x, const struct nst_link_info *y)
{
	bool xo = x->have & NST_LI_OKEY, yi = y->have & NST_LI_IKEY;
	bool xi = x->have & NST_LI_IKEY, yo = y->have & NST_LI_OKEY;

	return xo == yi && xi == yo && (!xo || x->okey == y->ikey) && (!xi || x->ikey == y->okey);
}

static bool tunnel_match(const struct nst_link *a, const struct nst_link *b)
{
	const struct nst_link_info *x = &a->info, *y = &b->info;

	/* cheap comparisons first: every tunnel end is compared with every other */
	return ip_eq(&x->local, &y->remote) && ip_eq(&x->remote, &y->local) &&
	       same_opt(x->have, y->have, NST_LI_VNI, x->vni, y->vni) &&
	       same_opt(x->have, y->have, NST_LI_DSTPORT, x->dstport, y->dstport) && gre_keys_cross(x, y) &&
	       nst_link_kind_find(a->kind)->id == nst_link_kind_find(b->kind)->id;
}

/*
 * The tunnel's other end: every tunnel end in every namespace that matches
 * (tunnel_match; tunnel_peer.has marks the ends, set for all links first so
 * the search compares only ends). Exactly one pairs; none or several leave
 * it UNKNOWN with the count, since guessing would draw a path the kernel may
 * not use.
 */
static void pair_tunnel(const struct nst_model *m, const struct nst_ns *ns, struct nst_link *l)
{
	struct nst_link_ref *ref = &l->tunnel_peer;

	if (!ref->has) {
		return;
	}
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *cns = &m->ns[i];

		for (size_t j = 0; j < cns->n_links; j++) {
			const struct nst_link *c = &cns->links[j];

			if (c == l || !c->tunnel_peer.has || !tunnel_match(l, c)) {
				continue;
			}
			if (ref->candidates++ == 0) {
				ref->ifindex = c->ifindex;
				ref->ns = cns->id;
				ref->elsewhere = cns != ns;
				ref->ns_known = true;
			}
		}
	}
	if (ref->candidates == 1) {
		ref->state = NST_REF_FOUND;
	} else {
		ref->ifindex = 0;
		ref->ns_known = false;
	}
}

void nst_model_pair_peers(struct nst_model *m)
{
	for (size_t i = 0; i < m->n_ns; i++) {
		struct nst_ns *ns = &m->ns[i];

		for (size_t j = 0; j < ns->n_links; j++) {
			struct nst_link *l = &ns->links[j];

			/* IFLA_MASTER 0 is "none", and a master is always in the link's own namespace */
			l->master.has = l->master.ifindex > 0;
			l->master.elsewhere = false;
			resolve_ref(m, ns, l, &l->peer, true);
			resolve_ref(m, ns, l, &l->lower, false);
			resolve_ref(m, ns, l, &l->master, false);
			l->tunnel_peer = (struct nst_link_ref){ .has = tunnel_end(ns, l), .nsid = -1 };
			l->tunnel_peer.state = l->tunnel_peer.has ? NST_REF_UNKNOWN : NST_REF_NONE;
		}
	}
	for (size_t i = 0; i < m->n_ns; i++) {
		for (size_t j = 0; j < m->ns[i].n_links; j++) {
			pair_tunnel(m, &m->ns[i], &m->ns[i].links[j]);
		}
	}
	/*
	 * A pair is mutual: an end whose only match has other matches too is no
	 * pair either, or anyone could claim a tunnel by owning its remote address
	 * in a namespace of their own. Demoting in place is safe: a demoted end
	 * pointed at one that did not point back, so no one else's pair was it.
	 */
	for (size_t i = 0; i < m->n_ns; i++) {
		for (size_t j = 0; j < m->ns[i].n_links; j++) {
			struct nst_link *l = &m->ns[i].links[j];
			const struct nst_ns *tns = NULL;
			const struct nst_link *t = nst_link_ref_get(m, &l->tunnel_peer, &tns);

			if (t && (t->tunnel_peer.state != NST_REF_FOUND || t->tunnel_peer.ifindex != l->ifindex ||
				  !nst_ns_id_eq(t->tunnel_peer.ns, m->ns[i].id))) {
				l->tunnel_peer.state = NST_REF_UNKNOWN;
				l->tunnel_peer.one_sided = true;
				l->tunnel_peer.ifindex = 0;
				l->tunnel_peer.ns_known = false;
			}
		}
	}
}
