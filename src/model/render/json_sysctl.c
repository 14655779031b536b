/* SPDX-License-Identifier: MIT */
/*
 * A namespace's "sysctl" in --json: the switches that decide whether and how
 * it forwards, named as /proc/sys/net names them (conf/all, conf/default,
 * conf/<interface>). Unknown values are null; an interface has every key.
 */
#include "json_route.h"

#include <string.h>

static void flag(struct nst_json *j, const char *key, int v)
{
	if (v >= 0) {
		nst_json_bool(j, key, v != 0);
	} else {
		nst_json_null(j, key);
	}
}

static void num(struct nst_json *j, const char *key, int v)
{
	if (v >= 0) {
		nst_json_int(j, key, v);
	} else {
		nst_json_null(j, key);
	}
}

/* One conf/<name> directory of both families. */
static void conf(struct nst_json *j, const char *key, const struct nst_netconf *c)
{
	nst_json_obj_begin(j, key);
	flag(j, "ipv4_forwarding", c->forwarding4);
	flag(j, "ipv6_forwarding", c->forwarding6);
	num(j, "rp_filter", c->rp_filter);      /* 0 off, 1 strict, 2 loose */
	flag(j, "proxy_arp", c->proxy_arp);
	flag(j, "proxy_ndp", c->proxy_ndp);
	flag(j, "accept_local", c->accept_local);
	num(j, "arp_ignore", c->arp_ignore);    /* 0 any local address, 1 the link's own, ... 8 none */
	nst_json_obj_end(j);
}

void nst_json_sysctl(struct nst_json *j, const struct nst_ns *ns)
{
	nst_json_obj_begin(j, "sysctl");
	flag(j, "ip_forward", ns->ip_forward);
	flag(j, "ipv6_forwarding", ns->ip6_forward);
	if (ns->port_range_lo >= 0) {
		nst_json_arr_begin(j, "ip_local_port_range");
		nst_json_int(j, NULL, ns->port_range_lo);
		nst_json_int(j, NULL, ns->port_range_hi);
		nst_json_arr_end(j);
	} else {
		nst_json_null(j, "ip_local_port_range");
	}
	conf(j, "all", &ns->conf_all);
	conf(j, "default", &ns->conf_default);
	/* keyed by name: unique within a namespace, as the conf/ directories are; a link the kernel
	 * sent no name for ("?") would repeat a key, so it has none here (its link object has the values) */
	nst_json_obj_begin(j, "interfaces");
	for (size_t i = 0; i < ns->n_links; i++) {
		const struct nst_link *l = &ns->links[i];
		if (strcmp(l->name, "?") == 0) {
			continue;
		}
		struct nst_netconf c = { l->forwarding4, l->forwarding6, l->rp_filter, l->proxy_arp, l->proxy_ndp,
					 l->accept_local, l->arp_ignore };
		conf(j, l->name, &c);
	}
	nst_json_obj_end(j);
	nst_json_obj_end(j);
}
