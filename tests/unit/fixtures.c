/* SPDX-License-Identifier: MIT */
/* Hand-built models for the unit tests. */
#include "fixtures.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct nst_addr fixture_addr4(const char *s, int prefix)
{
	struct nst_addr a;

	memset(&a, 0, sizeof(a));
	a.family = AF_INET;
	inet_pton(AF_INET, s, a.bytes);
	a.prefixlen = (uint8_t)prefix;
	return a;
}

static struct nst_link *veth(struct nst_ns *ns, int ifindex, const char *name, int peer_ifindex,
			     int32_t nsid, struct nst_ns_id peer_ns)
{
	struct nst_link *l = nst_ns_add_link(ns, ifindex, name);

	snprintf(l->kind, sizeof(l->kind), "veth");
	snprintf(l->operstate, sizeof(l->operstate), "up");
	l->up = true;
	l->mtu = 1500;
	snprintf(l->mac, sizeof(l->mac), "02:00:00:00:%02x:%02x", (unsigned)ns->id.ino & 0xff, ifindex);
	l->has_peer = true;
	l->peer_ifindex = peer_ifindex;
	l->peer_elsewhere = true;
	l->peer_nsid = nsid;
	l->peer_ns_known = true;
	l->peer_ns = peer_ns;
	return l;
}

struct nst_model *fixture_seed_bridge(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns_id root_id = { 4, 100 }, ns1_id = { 4, 101 }, ns2_id = { 4, 102 };

	/* Added out of order on purpose: nst_model_sort must fix it. */
	struct nst_ns *ns2 = nst_model_add_ns(m, "ns2", NST_NS_NAMED, ns2_id);
	struct nst_ns *root = nst_model_add_ns(m, "/", NST_NS_SELF, root_id);
	struct nst_ns *ns1 = nst_model_add_ns(m, "ns1", NST_NS_NAMED, ns1_id);
	struct nst_addr a;

	nst_ns_add_pid(root, 7);
	nst_ns_add_pid(root, 1);

	struct nst_link *d = veth(ns2, 2, "vethD", 6, 0, root_id);
	a = fixture_addr4("192.168.10.3", 24);
	nst_link_add_addr(d, &a);
	struct nst_route *r = nst_ns_add_route(ns2);
	r->family = AF_INET;
	r->is_default = true;
	r->has_gateway = true;
	r->gateway = fixture_addr4("192.168.10.1", 32);
	r->oif = 2;
	strcpy(r->scope, "global");
	strcpy(r->protocol, "boot");

	struct nst_link *br = nst_ns_add_link(root, 3, "mybridge");
	strcpy(br->kind, "bridge");
	strcpy(br->operstate, "up");
	br->up = true;
	br->mtu = 1500;
	a = fixture_addr4("192.168.10.1", 24);
	nst_link_add_addr(br, &a);
	veth(root, 6, "vethC", 2, 2, ns2_id)->master_ifindex = 3;
	veth(root, 4, "vethA", 2, 1, ns1_id)->master_ifindex = 3;
	struct nst_link *lo = nst_ns_add_link(root, 1, "lo");
	strcpy(lo->kind, "loopback");
	lo->up = true;
	lo->mtu = 65536;

	struct nst_link *b = veth(ns1, 2, "vethB", 4, 0, root_id);
	a = fixture_addr4("192.168.10.2", 24);
	nst_link_add_addr(b, &a);
	return m;
}

char *render_to_string(void (*fn)(const struct nst_model *, const struct nst_ns *, FILE *),
		       const struct nst_model *m, const struct nst_ns *only)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fn(m, only, f);
	fclose(f);
	return buf;
}
