/* SPDX-License-Identifier: MIT */
/*
 * Warnings a person debugging namespaces wants next to the object they
 * concern: unreachable veth peers, empty bridges, a down far end, addresses
 * on bridge ports, a bridge whose traffic the forward hook drops (fwd_eval.h),
 * a route's gateway whose neighbour entry is FAILED (neigh.c).
 * Run after nst_model_pair_peers().
 */
#include "fwd_eval.h"
#include "model.h"

#include <string.h>
#include <sys/socket.h>

static size_t count_ports(const struct nst_ns *ns, int bridge_ifindex)
{
	size_t n = 0;

	for (size_t i = 0; i < ns->n_links; i++) {
		n += ns->links[i].master.ifindex == bridge_ifindex;
	}
	return n;
}

static void diagnose_link(const struct nst_model *m, struct nst_ns *ns, struct nst_link *l)
{
	if (l->kind_data_bad) {
		nst_strv_addf(&l->warnings, "the kernel's %s data did not decode (an attribute of an unexpected size): "
			      "its fields are not shown", nst_link_kind_label(l->kind, &l->info));
	}
	if (l->peer.state == NST_REF_UNKNOWN) {
		const char *kind = nst_link_kind_label(l->kind, &l->info); /* veth or netkit */

		if (l->peer.elsewhere && l->peer.nsid >= 0) {
			nst_strv_addf(&l->warnings, "%s peer ifindex %d is in nsid %d, a namespace nstop cannot see",
				      kind, l->peer.ifindex, l->peer.nsid);
		} else {
			nst_strv_addf(&l->warnings, "%s peer ifindex %d not found in any visible namespace", kind,
				      l->peer.ifindex);
		}
	}
	if (l->peer.state == NST_REF_FOUND) {
		const struct nst_ns *pns = NULL;
		const struct nst_link *peer = nst_link_peer(m, l, &pns);

		if (peer && l->up && !peer->up) {
			nst_strv_addf(&l->warnings, "peer %s:%s is down, so this end has no carrier",
				      nst_ns_display(pns), peer->name);
		}
	}
	/* an engine's network with no container on it yet is normal (docker network create) */
	if (nst_link_is(l, NST_KIND_BRIDGE) && !l->network && count_ports(ns, l->ifindex) == 0) {
		nst_strv_add(&l->warnings, "bridge has no ports");
	}
	struct nst_fwd_drop drop;
	if (nst_bridge_fwd_dropped(ns, l, &drop)) {
		nst_bridge_fwd_warning(ns, l, &drop, &l->warnings);
		ns->bridges_fwd_cut++;
	}
	if (l->master.ifindex && l->n_addrs) {
		const struct nst_link *master = nst_ns_find_link(ns, l->master.ifindex);

		for (size_t i = 0; i < l->n_addrs; i++) {
			/* link-local IPv6 on a port is the kernel's doing, not a mistake */
			if (l->addrs[i].family == AF_INET6 && l->addrs[i].bytes[0] == 0xfe &&
			    (l->addrs[i].bytes[1] & 0xc0) == 0x80) {
				continue;
			}
			char buf[NST_ADDR_STRLEN];
			nst_strv_addf(&l->warnings,
				      "address %s is on a port of bridge %s; put it on the bridge instead",
				      nst_addr_format(&l->addrs[i], true, buf, sizeof(buf)),
				      master ? master->name : "?");
			break;
		}
	}
}

void nst_model_diagnose(struct nst_model *m)
{
	for (size_t i = 0; i < m->n_ns; i++) {
		struct nst_ns *ns = &m->ns[i];

		for (size_t j = 0; j < ns->n_links; j++) {
			nst_strv_clear(&ns->links[j].warnings);
		}
		ns->bridges_fwd_cut = 0;
		for (size_t j = 0; j < ns->n_links; j++) {
			diagnose_link(m, ns, &ns->links[j]);
		}
		nst_ns_diagnose_gateways(ns);
	}
}
