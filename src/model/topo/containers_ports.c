/* SPDX-License-Identifier: MIT */
/*
 * Which DNAT record implements a published port (containers_ports.h): Docker's
 * DOCKER chain, netavark's and CNI portmap's DN chains all end in a rule that
 * matches the host port (on the way there, in the record's merged match) and
 * DNATs to the container's address and port.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers_ports.h"

static bool port_is(const char *text, unsigned port)
{
	char want[8];

	snprintf(want, sizeof(want), "%u", port);
	return strcmp(text, want) == 0;
}

/* "0.0.0.0", "::" and "" publish on every address: any daddr (or none) will do. */
static bool any_addr(const char *ip)
{
	return !ip[0] || strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "::") == 0;
}

/* A daddr match of exactly the host address, "127.0.0.1" or "127.0.0.1/32". */
static bool daddr_is(const char *daddr, const char *ip)
{
	size_t n = strlen(ip);

	return strncmp(daddr, ip, n) == 0 && (!daddr[n] || strcmp(daddr + n, "/32") == 0 || strcmp(daddr + n, "/128") == 0);
}

static bool implements(const struct nst_nat_rule *r, const struct nst_ns *ns, const struct nst_published *p)
{
	if (r->type != NST_NAT_DNAT || !r->target_found || r->target_id.dev != ns->id.dev ||
	    r->target_id.ino != ns->id.ino) {
		return false;
	}
	if (!port_is(r->match.dport, p->host_port)) {
		return false;
	}
	if (p->proto[0] && r->match.proto[0] && strcmp(r->match.proto, p->proto) != 0) {
		return false;
	}
	/* no port in the DNAT keeps the packet's own: the host port */
	unsigned to = r->to_port[0] ? (unsigned)strtoul(r->to_port, NULL, 10) : p->host_port;
	if (to != p->container_port || strchr(r->to_port, '-')) {
		return false;
	}
	return any_addr(p->host_ip) || daddr_is(r->match.daddr, p->host_ip);
}

static const struct nst_nat_rule *in_ns(const struct nst_ns *h, const struct nst_ns *ns, const struct nst_published *p)
{
	const struct nst_nat_rule *best = NULL;

	for (size_t k = 0; k < h->n_nat; k++) {
		const struct nst_nat_rule *r = &h->nat[k];
		if (!implements(r, ns, p)) {
			continue;
		}
		/* one rule has a record per path (PREROUTING and OUTPUT to DOCKER): the prerouting one is the port */
		if (!best || (strcmp(best->hook, "prerouting") != 0 && strcmp(r->hook, "prerouting") == 0)) {
			best = r;
		}
	}
	return best;
}

const struct nst_nat_rule *nst_published_dnat(const struct nst_model *m, const struct nst_ns *ns,
					      const struct nst_published *p, const struct nst_ns **host)
{
	/* nstop's own namespace first: where engines' daemons usually run */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < m->n_ns; i++) {
			const struct nst_ns *h = &m->ns[i];
			if (h == ns || h->self != (pass == 0)) {
				continue;
			}
			const struct nst_nat_rule *r = in_ns(h, ns, p);
			if (r) {
				if (host) {
					*host = h;
				}
				return r;
			}
		}
	}
	if (host) {
		*host = NULL;
	}
	return NULL;
}

void nst_published_format(const struct nst_model *m, const struct nst_ns *ns, const struct nst_published *p,
			  char *buf, size_t len)
{
	const struct nst_ns *h = NULL;
	const struct nst_nat_rule *r = nst_published_dnat(m, ns, p, &h);
	const char *ip = p->host_ip[0] ? p->host_ip : "0.0.0.0";
	bool v6 = strchr(ip, ':') != NULL;
	int n = snprintf(buf, len, "%s%s%s:%u/%s -> %u", v6 ? "[" : "", ip, v6 ? "]" : "", p->host_port,
			 p->proto[0] ? p->proto : "tcp", p->container_port);

	if (n < 0 || (size_t)n >= len) {
		return;
	}
	if (!r) {
		snprintf(buf + n, len - (size_t)n, " (no DNAT rule found)");
	} else if (h && !h->self) {
		snprintf(buf + n, len - (size_t)n, " (nat %s handle %llu in %s)", r->chain, (unsigned long long)r->handle,
			 nst_ns_display(h));
	} else {
		snprintf(buf + n, len - (size_t)n, " (nat %s handle %llu)", r->chain, (unsigned long long)r->handle);
	}
}

void nst_container_describe(const struct nst_container *c, char *buf, size_t len)
{
	size_t n = 0;
	int w = snprintf(buf, len, "%s %.12s%s%s", c->engine, c->id && c->id[0] ? c->id : "-", c->name ? " " : "",
			 c->name ? c->name : "");

	n = w > 0 ? (size_t)w : 0;
	if (n < len && c->pod) {
		w = snprintf(buf + n, len - n, " pod %s%s%s", c->pod_ns ? c->pod_ns : "", c->pod_ns ? "/" : "", c->pod);
		n += w > 0 ? (size_t)w : 0;
	}
	if (n < len && c->image) {
		w = snprintf(buf + n, len - n, " image %s", c->image);
		n += w > 0 ? (size_t)w : 0;
	}
	if (n < len && (c->joined || c->infra)) {
		snprintf(buf + n, len - n, "%s%s", c->joined ? " joined" : "", c->infra ? " infra" : "");
	}
}
