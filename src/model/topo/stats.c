/* SPDX-License-Identifier: MIT */
/* Rates from counter samples, and moving a re-read namespace's contents in place. */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "route_text.h"

static double per_second(uint64_t now, uint64_t before, uint64_t ms)
{
	return now >= before ? (double)(now - before) * 1000.0 / (double)ms : 0.0;
}

void nst_link_sample_stats(struct nst_link *l, const struct nst_stats *s, uint64_t now_ms)
{
	const struct nst_stats *o = &l->stats;

	/* A sample right after another (an expand, a re-read) would make a noisy rate. */
	if (l->stats_ms && now_ms < l->stats_ms + NST_MIN_SAMPLE_MS) {
		return;
	}
	if (l->stats_ms && now_ms > l->stats_ms) {
		uint64_t ms = now_ms - l->stats_ms;
		bool reset = s->rx_bytes < o->rx_bytes || s->tx_bytes < o->tx_bytes ||
			     s->rx_packets < o->rx_packets || s->tx_packets < o->tx_packets;

		l->has_rates = !reset;
		if (!reset) {
			l->rates.rx_bps = 8.0 * per_second(s->rx_bytes, o->rx_bytes, ms);
			l->rates.tx_bps = 8.0 * per_second(s->tx_bytes, o->tx_bytes, ms);
			l->rates.rx_pps = per_second(s->rx_packets, o->rx_packets, ms);
			l->rates.tx_pps = per_second(s->tx_packets, o->tx_packets, ms);
		}
	}
	l->stats = *s;
	l->stats_ms = now_ms;
}

void nst_ns_take_contents(struct nst_ns *dst, struct nst_ns *src)
{
	/* Links that survive keep their sample: rates are taken once a second by the
	 * stats timer, not over the few milliseconds between an event and a re-read. */
	for (size_t i = 0; i < src->n_links; i++) {
		struct nst_link *n = &src->links[i];
		const struct nst_link *o = nst_ns_find_link(dst, n->ifindex);

		if (o && o->stats_ms && strcmp(o->name, n->name) == 0) {
			n->stats = o->stats;
			n->stats_ms = o->stats_ms;
			n->has_rates = o->has_rates;
			n->rates = o->rates;
		}
	}
	for (size_t i = 0; i < dst->n_links; i++) {
		nst_link_finish(&dst->links[i]);
	}
	free(dst->links);
	nst_ns_clear_routes(dst);
	free(dst->routes);
	free(dst->rules);
	nst_ns_clear_nhobjs(dst);
	free(dst->nhobjs);
	free(dst->neighs);
	free(dst->nat);
	nst_strv_clear(&dst->warnings);

	dst->links = src->links;
	dst->n_links = src->n_links;
	dst->cap_links = src->cap_links;
	dst->routes = src->routes;
	dst->n_routes = src->n_routes;
	dst->cap_routes = src->cap_routes;
	dst->rules = src->rules;
	dst->n_rules = src->n_rules;
	dst->cap_rules = src->cap_rules;
	dst->nhobjs = src->nhobjs;
	dst->n_nhobjs = src->n_nhobjs;
	dst->cap_nhobjs = src->cap_nhobjs;
	dst->neighs = src->neighs;
	dst->n_neighs = src->n_neighs;
	dst->cap_neighs = src->cap_neighs;
	dst->neighs_cut = src->neighs_cut;
	dst->neighs_bad = src->neighs_bad;
	dst->nat = src->nat;
	dst->n_nat = src->n_nat;
	dst->cap_nat = src->cap_nat;
	dst->nat_walk = src->nat_walk;
	nst_fw_move(&dst->fw, &src->fw);
	dst->ip_forward = src->ip_forward;
	dst->ip6_forward = src->ip6_forward;
	dst->port_range_lo = src->port_range_lo;
	dst->port_range_hi = src->port_range_hi;
	dst->conf_all = src->conf_all;
	dst->conf_default = src->conf_default;
	dst->br_nf_iptables = src->br_nf_iptables;
	dst->br_nf_ip6tables = src->br_nf_ip6tables;
	dst->br_nf_arptables = src->br_nf_arptables;
	dst->iptables_legacy = src->iptables_legacy;
	dst->warnings = src->warnings;
	src->nat = NULL;
	src->n_nat = src->cap_nat = 0;
	src->links = NULL;
	src->n_links = src->cap_links = 0;
	src->routes = NULL;
	src->n_routes = src->cap_routes = 0;
	src->rules = NULL;
	src->n_rules = src->cap_rules = 0;
	src->nhobjs = NULL;
	src->n_nhobjs = src->cap_nhobjs = 0;
	src->neighs = NULL;
	src->n_neighs = src->cap_neighs = 0;
	memset(&src->warnings, 0, sizeof(src->warnings));
}

struct nst_counts nst_model_counts(const struct nst_model *m)
{
	struct nst_counts c = { .namespaces = m->n_ns };
	size_t veth_ends_found = 0, veth_unknown = 0;

	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		c.links += ns->n_links;
		for (size_t k = 0; k < ns->n_links; k++) {
			const struct nst_link *l = &ns->links[k];

			c.bridges += nst_link_is(l, NST_KIND_BRIDGE);
			if (!nst_link_is(l, NST_KIND_VETH)) {
				continue; /* a netkit pair has peers too, but the header counts veth pairs */
			}
			if (l->peer.state == NST_REF_FOUND) {
				veth_ends_found++;
			} else if (l->peer.has) {
				veth_unknown++;
			}
		}
	}
	/* Both ends of a visible pair are counted once; a pair with a hidden end once. */
	c.veth_pairs = veth_ends_found / 2 + veth_unknown;
	return c;
}
