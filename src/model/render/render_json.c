/* SPDX-License-Identifier: MIT */
/* `nstop --json`: schema version 1, documented in README.md. Keys are only ever added. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "containers_ports.h"
#include "json_firewall.h"
#include "json_neigh.h"
#include "json_route.h"
#include "json_writer.h"
#include "render.h"
#include "xalloc.h"

/*
 * A link reference (peer, lower, master_link, tunnel_peer), one shape for all:
 * null when there is none; "unknown" true (namespace, ns, name null) when
 * the kernel named a link nstop cannot see. "namespace" and "ns" say the same
 * (peer had the one, lower the other, before they shared this writer).
 */
static void json_ref(struct nst_json *j, const char *key, const struct nst_model *m, const struct nst_link_ref *ref,
		     bool candidates)
{
	if (!ref->has) {
		nst_json_null(j, key);
		return;
	}
	const struct nst_ns *rns = NULL;
	const struct nst_link *to = nst_link_ref_get(m, ref, &rns);

	nst_json_obj_begin(j, key);
	nst_json_str(j, "namespace", to ? rns->name : NULL);
	nst_json_str(j, "name", to ? to->name : NULL);
	if (ref->ifindex > 0) {
		nst_json_int(j, "ifindex", ref->ifindex);
	} else {
		nst_json_null(j, "ifindex");
	}
	if (ref->elsewhere && ref->nsid >= 0) {
		nst_json_int(j, "nsid", ref->nsid);
	} else {
		nst_json_null(j, "nsid");
	}
	nst_json_str(j, "ns", to ? rns->name : NULL);
	nst_json_bool(j, "unknown", !to);
	if (candidates) {
		nst_json_int(j, "candidates", ref->candidates);
		nst_json_bool(j, "one_sided", ref->one_sided);
	}
	nst_json_obj_end(j);
}

/* The kind's decoded fields (link_kinds.h), or null when there are none. */
static void json_info(struct nst_json *j, const struct nst_link *l)
{
	struct nst_kind_field f[NST_KIND_FIELDS_MAX];
	const struct nst_link_kind *k = nst_link_kind_find(l->kind);

	size_t n = nst_link_info_fields(k->id, &l->info, f, NST_KIND_FIELDS_MAX); /* a bond member's of any kind too */
	if (n == 0) {
		nst_json_null(j, "info");
		return;
	}
	nst_json_obj_begin(j, "info");
	for (size_t i = 0; i < n; i++) {
		if (f[i].type == NST_KF_UINT) {
			nst_json_uint(j, f[i].key, f[i].u);
		} else if (f[i].type == NST_KF_BOOL) {
			nst_json_bool(j, f[i].key, f[i].b);
		} else {
			nst_json_str(j, f[i].key, f[i].s);
		}
	}
	nst_json_obj_end(j);
}

/* "members": the links naming l as their master (a bond's slaves, a bridge's ports); only on masters. */
static void json_members(struct nst_json *j, const struct nst_ns *ns, const struct nst_link *l)
{
	bool any = false;

	for (size_t i = 0; i < ns->n_links && !any; i++) {
		any = ns->links[i].master.ifindex == l->ifindex;
	}
	if (!any && !nst_link_is(l, NST_KIND_BRIDGE)) {
		return;
	}
	nst_json_arr_begin(j, "members");
	for (size_t i = 0; i < ns->n_links; i++) {
		if (ns->links[i].master.ifindex == l->ifindex) {
			nst_json_str(j, NULL, ns->links[i].name);
		}
	}
	nst_json_arr_end(j);
}

static void json_strv(struct nst_json *j, const char *key, const struct nst_strv *sv)
{
	nst_json_arr_begin(j, key);
	for (size_t i = 0; i < sv->n; i++) {
		nst_json_str(j, NULL, sv->v[i]);
	}
	nst_json_arr_end(j);
}

/* A sysctl that is 0/1: a bool, or null when it was not read. */
static void json_flag(struct nst_json *j, const char *key, int v)
{
	if (v >= 0) {
		nst_json_bool(j, key, v != 0);
	} else {
		nst_json_null(j, key);
	}
}

static void json_link(struct nst_json *j, const struct nst_model *m, const struct nst_ns *ns,
		      const struct nst_link *l)
{
	char buf[NST_ADDR_STRLEN];

	nst_json_obj_begin(j, NULL);
	nst_json_int(j, "ifindex", l->ifindex);
	nst_json_str(j, "name", l->name);
	nst_json_str(j, "kind", l->kind);
	nst_json_bool(j, "up", l->up);
	nst_json_str(j, "operstate", l->operstate);
	nst_json_uint(j, "mtu", l->mtu);
	nst_json_str(j, "mac", l->mac[0] ? l->mac : NULL);
	nst_json_str(j, "master", l->master.ifindex ? nst_ns_link_name(ns, l->master.ifindex) : NULL);
	json_ref(j, "master_link", m, &l->master, false);
	json_ref(j, "peer", m, &l->peer, false);
	json_info(j, l);
	json_ref(j, "lower", m, &l->lower, false);
	json_ref(j, "tunnel_peer", m, &l->tunnel_peer, true);
	nst_json_obj_begin(j, "forwarding");
	json_flag(j, "ipv4", l->forwarding4);
	json_flag(j, "ipv6", l->forwarding6);
	nst_json_obj_end(j);
	if (l->rp_filter >= 0) {
		nst_json_int(j, "rp_filter", l->rp_filter);
	} else {
		nst_json_null(j, "rp_filter");
	}
	json_flag(j, "proxy_arp", l->proxy_arp);
	json_flag(j, "proxy_ndp", l->proxy_ndp);
	json_flag(j, "accept_local", l->accept_local);
	if (nst_link_is(l, NST_KIND_BRIDGE)) {
		nst_json_str(j, "network", l->network);
		nst_json_str(j, "network_engine", l->network && l->network_engine[0] ? l->network_engine : NULL);
		nst_json_arr_begin(j, "ports");
		for (size_t i = 0; i < ns->n_links; i++) {
			if (ns->links[i].master.ifindex == l->ifindex) {
				nst_json_str(j, NULL, ns->links[i].name);
			}
		}
		nst_json_arr_end(j);
	}
	json_members(j, ns, l);
	nst_json_arr_begin(j, "addresses");
	for (size_t i = 0; i < l->n_addrs; i++) {
		nst_json_str(j, NULL, nst_addr_format(&l->addrs[i], true, buf, sizeof(buf)));
	}
	nst_json_arr_end(j);
	nst_json_link_neighs(j, ns, l);
	nst_json_obj_begin(j, "stats");
	nst_json_uint(j, "rx_bytes", l->stats.rx_bytes);
	nst_json_uint(j, "tx_bytes", l->stats.tx_bytes);
	nst_json_uint(j, "rx_packets", l->stats.rx_packets);
	nst_json_uint(j, "tx_packets", l->stats.tx_packets);
	nst_json_uint(j, "rx_dropped", l->stats.rx_dropped);
	nst_json_uint(j, "tx_dropped", l->stats.tx_dropped);
	nst_json_obj_end(j);
	json_strv(j, "warnings", &l->warnings);
	nst_json_obj_end(j);
}

static void json_opt_str(struct nst_json *j, const char *key, const char *val)
{
	if (val[0]) {
		nst_json_str(j, key, val);
	}
}

/* "nat": one record per path to a NAT rule; match is the effective one; fields absent when not in it. */
static void json_nat(struct nst_json *j, const struct nst_ns *ns)
{
	nst_json_arr_begin(j, "nat");
	for (size_t i = 0; i < ns->n_nat; i++) {
		const struct nst_nat_rule *r = &ns->nat[i];
		const struct nst_nat_match *m = &r->match;

		nst_json_obj_begin(j, NULL);
		nst_json_str(j, "family", r->family);
		nst_json_str(j, "table", r->table);
		nst_json_str(j, "chain", r->chain);
		nst_json_str(j, "hook", r->hook);
		nst_json_int(j, "priority", r->priority);
		nst_json_uint(j, "handle", r->handle);
		nst_json_str(j, "type", nst_nat_type_str(r->type));
		nst_json_obj_begin(j, "match");
		json_opt_str(j, "proto", m->proto);
		json_opt_str(j, "iif", m->iif);
		json_opt_str(j, "oif", m->oif);
		json_opt_str(j, "saddr", m->saddr);
		json_opt_str(j, "daddr", m->daddr);
		json_opt_str(j, "sport", m->sport);
		json_opt_str(j, "dport", m->dport);
		json_opt_str(j, "ct_state", m->ct_state);
		nst_json_obj_end(j);
		/* the chains from the base chain to the rule's, and the conditions of all of them */
		nst_json_arr_begin(j, "path");
		for (size_t k = 0; k < r->n_path; k++) {
			nst_json_str(j, NULL, nst_nat_path(r, k));
		}
		nst_json_arr_end(j);
		if (r->path_cut) {
			nst_json_bool(j, "path_cut", true);
		}
		nst_json_str(j, "effective_match", r->eff_match);
		if (r->eff_raw) {
			nst_json_bool(j, "effective_match_raw", true); /* a rule on the way is not wholly decoded */
		}
		if (r->eff_cut) {
			nst_json_bool(j, "effective_match_cut", true);
		}
		json_opt_str(j, "to_addr", r->to_addr);
		json_opt_str(j, "to_port", r->to_port);
		nst_json_str(j, "summary", r->summary);
		if (r->has_counter) {
			nst_json_obj_begin(j, "counter");
			nst_json_uint(j, "packets", r->packets);
			nst_json_uint(j, "bytes", r->bytes);
			nst_json_obj_end(j);
		}
		if (r->target_found) {
			nst_json_obj_begin(j, "target");
			nst_json_str(j, "namespace", r->target_ns);
			nst_json_str(j, "link", r->target_link);
			nst_json_obj_end(j);
		}
		nst_json_bool(j, "raw", r->raw);
		if (r->raw) {
			nst_json_str(j, "raw_reason", r->raw_why);
		}
		nst_json_obj_end(j);
	}
	nst_json_arr_end(j);
}

/* A published port with the host's DNAT record that implements it (containers_ports.h), or null. */
static void json_port(struct nst_json *j, const struct nst_model *m, const struct nst_ns *ns,
		      const struct nst_published *p)
{
	const struct nst_ns *h = NULL;
	const struct nst_nat_rule *r = nst_published_dnat(m, ns, p, &h);

	nst_json_obj_begin(j, NULL);
	nst_json_str(j, "proto", p->proto[0] ? p->proto : NULL);
	nst_json_str(j, "host_ip", p->host_ip[0] ? p->host_ip : NULL);
	nst_json_uint(j, "host_port", p->host_port);
	nst_json_uint(j, "container_port", p->container_port);
	if (r && h) {
		nst_json_obj_begin(j, "dnat");
		nst_json_str(j, "ns", h->name);
		nst_json_str(j, "family", r->family);
		nst_json_str(j, "table", r->table);
		nst_json_str(j, "chain", r->chain);
		nst_json_uint(j, "handle", r->handle);
		nst_json_obj_end(j);
	} else {
		nst_json_null(j, "dnat");
	}
	nst_json_obj_end(j);
}

static void json_containers(struct nst_json *j, const struct nst_model *m, const struct nst_ns *ns)
{
	nst_json_arr_begin(j, "containers");
	for (size_t i = 0; i < ns->n_containers; i++) {
		const struct nst_container *c = &ns->containers[i];

		nst_json_obj_begin(j, NULL);
		nst_json_str(j, "engine", c->engine);
		nst_json_str(j, "id", c->id && c->id[0] ? c->id : NULL);
		nst_json_str(j, "name", c->name);
		nst_json_str(j, "pod", c->pod);
		nst_json_str(j, "namespace", c->pod_ns);
		nst_json_str(j, "image", c->image);
		nst_json_bool(j, "joined", c->joined);
		nst_json_bool(j, "infra", c->infra);
		nst_json_arr_begin(j, "ports");
		for (size_t k = 0; k < c->n_ports; k++) {
			json_port(j, m, ns, &c->ports[k]);
		}
		nst_json_arr_end(j);
		nst_json_obj_end(j);
	}
	nst_json_arr_end(j);
}

static void json_ns(struct nst_json *j, const struct nst_model *m, const struct nst_ns *ns)
{
	nst_json_obj_begin(j, NULL);
	nst_json_str(j, "name", ns->name);
	nst_json_str(j, "kind", nst_ns_kind_str(ns->kind));
	nst_json_bool(j, "self", ns->self);
	nst_json_uint(j, "inode", ns->id.ino);
	nst_json_arr_begin(j, "pids");
	for (size_t i = 0; i < ns->n_pids; i++) {
		nst_json_int(j, NULL, ns->pids[i]);
	}
	nst_json_arr_end(j);
	nst_json_str(j, "label", ns->label);
	nst_json_str(j, "display", nst_ns_display(ns));
	json_containers(j, m, ns);
	nst_json_arr_begin(j, "links");
	for (size_t i = 0; i < ns->n_links; i++) {
		json_link(j, m, ns, &ns->links[i]);
	}
	nst_json_arr_end(j);
	nst_json_arr_begin(j, "routes");
	for (size_t i = 0; i < ns->n_routes; i++) {
		nst_json_route(j, ns, &ns->routes[i]);
	}
	nst_json_arr_end(j);
	nst_json_rules(j, ns);
	nst_json_nexthops(j, ns);
	nst_json_ns_proxies(j, ns);
	json_nat(j, ns);
	nst_json_firewall(j, &ns->fw);
	json_flag(j, "ip_forward", ns->ip_forward);
	json_flag(j, "ip6_forward", ns->ip6_forward);
	nst_json_sysctl(j, ns);
	if (ns->br_nf_iptables >= 0 || ns->br_nf_ip6tables >= 0 || ns->br_nf_arptables >= 0) {
		nst_json_obj_begin(j, "bridge_nf");
		json_flag(j, "call_iptables", ns->br_nf_iptables);
		json_flag(j, "call_ip6tables", ns->br_nf_ip6tables);
		json_flag(j, "call_arptables", ns->br_nf_arptables);
		nst_json_obj_end(j);
	} else {
		nst_json_null(j, "bridge_nf"); /* br_netfilter not loaded: bridged traffic skips the IP hooks */
	}
	nst_json_bool(j, "iptables_legacy", ns->iptables_legacy);
	nst_json_uint(j, "owner_uid", ns->owner_uid);
	if (ns->userns) {
		nst_json_uint(j, "userns", ns->userns);
	} else {
		nst_json_null(j, "userns");
	}
	nst_json_bool(j, "stale", ns->stale);
	nst_json_uint(j, "dropped_messages", ns->dropped_messages);
	/* Every warning of the namespace; its links' ones prefixed with the link name. */
	nst_json_arr_begin(j, "warnings");
	for (size_t i = 0; i < ns->warnings.n; i++) {
		nst_json_str(j, NULL, ns->warnings.v[i]);
	}
	for (size_t i = 0; i < ns->diag.n; i++) {
		nst_json_str(j, NULL, ns->diag.v[i]);
	}
	for (size_t i = 0; i < ns->n_links; i++) {
		const struct nst_link *l = &ns->links[i];

		for (size_t k = 0; k < l->warnings.n; k++) {
			char *w = xasprintf("%s: %s", l->name, l->warnings.v[k]);
			nst_json_str(j, NULL, w);
			free(w);
		}
	}
	nst_json_arr_end(j);
	nst_json_obj_end(j);
}

void nst_render_json(const struct nst_model *m, const struct nst_ns *only, FILE *out)
{
	struct nst_json j;

	nst_json_init(&j, out);
	nst_json_obj_begin(&j, NULL);
	nst_json_int(&j, "version", NST_JSON_SCHEMA_VERSION);
	nst_json_arr_begin(&j, "namespaces");
	for (size_t i = 0; i < m->n_ns; i++) {
		if (!only || only == &m->ns[i]) {
			json_ns(&j, m, &m->ns[i]);
		}
	}
	nst_json_arr_end(&j);
	json_strv(&j, "warnings", &m->warnings);
	nst_json_uint(&j, "dropped_messages", m->dropped_messages);
	nst_json_obj_end(&j);
	fputc('\n', out);
}
