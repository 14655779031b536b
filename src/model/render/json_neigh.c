/* SPDX-License-Identifier: MIT */
/*
 * links[].neighbours[] {family, address, lladdr, state[], flags[], router} and
 * links[].fdb[] {mac, vlan, master, self, state, flags[], dst}: the words are
 * iproute2's (`ip -j neigh`, `bridge -j fdb`), so a script can compare them.
 */
#include "json_neigh.h"

#include <sys/socket.h>

static void words(struct nst_json *j, const char *key, const struct nst_neigh *n, bool flags, bool fdb)
{
	const char *w;

	nst_json_arr_begin(j, key);
	for (unsigned i = 0; (w = flags ? nst_neigh_flag_word(i, n->flags, fdb) : nst_neigh_state_word(i, n->state)); i++) {
		if (*w) {
			nst_json_str(j, NULL, w);
		}
	}
	nst_json_arr_end(j);
}

static void neighbour(struct nst_json *j, const struct nst_neigh *n)
{
	char buf[3 * NST_LLADDR_MAX];

	nst_json_obj_begin(j, NULL);
	nst_json_str(j, "family", nst_family_str(n->family));
	nst_json_str(j, "address", n->has_addr ? nst_neigh_addr_text(n, buf, sizeof(buf)) : NULL);
	nst_json_str(j, "lladdr", n->lladdr_len ? nst_neigh_lladdr_text(n, buf, sizeof(buf)) : NULL);
	words(j, "state", n, false, false);
	words(j, "flags", n, true, false);
	nst_json_bool(j, "router", n->flags & NST_NTF_ROUTER);
	nst_json_obj_end(j);
}

static void fdb_entry(struct nst_json *j, const struct nst_ns *ns, const struct nst_neigh *n)
{
	char buf[3 * NST_LLADDR_MAX];

	nst_json_obj_begin(j, NULL);
	nst_json_str(j, "mac", nst_neigh_lladdr_text(n, buf, sizeof(buf)));
	if (n->has_vlan) {
		nst_json_uint(j, "vlan", n->vlan);
	} else {
		nst_json_null(j, "vlan");
	}
	nst_json_str(j, "master", n->master ? nst_ns_link_name(ns, n->master) : NULL);
	nst_json_bool(j, "self", n->flags & NST_NTF_SELF);
	nst_json_str(j, "state", nst_fdb_state_text(n->state, buf, sizeof(buf)));
	words(j, "flags", n, true, true);
	nst_json_str(j, "dst", n->has_addr ? nst_neigh_addr_text(n, buf, sizeof(buf)) : NULL);
	nst_json_obj_end(j);
}

void nst_json_link_neighs(struct nst_json *j, const struct nst_ns *ns, const struct nst_link *l)
{
	size_t n;
	const struct nst_neigh *v = nst_ns_link_neighs(ns, l->ifindex, &n);

	nst_json_arr_begin(j, "neighbours");
	for (size_t i = 0; i < n; i++) {
		if (v[i].family != NST_AF_BRIDGE) {
			neighbour(j, &v[i]);
		}
	}
	nst_json_arr_end(j);
	nst_json_arr_begin(j, "fdb");
	for (size_t i = 0; i < n; i++) {
		if (v[i].family == NST_AF_BRIDGE) {
			fdb_entry(j, ns, &v[i]);
		}
	}
	nst_json_arr_end(j);
}

void nst_json_ns_proxies(struct nst_json *j, const struct nst_ns *ns)
{
	size_t n;
	const struct nst_neigh *v = nst_ns_link_neighs(ns, 0, &n); /* only proxy entries have no link */

	nst_json_arr_begin(j, "proxy_neighbours");
	for (size_t i = 0; i < n; i++) {
		neighbour(j, &v[i]);
	}
	nst_json_arr_end(j);
}
