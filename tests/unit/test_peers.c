/* SPDX-License-Identifier: MIT */
/* Peer pairing, ordering and diagnostics on hand-built models (no root, no kernel). */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "fixtures.h"
#include "model.h"
#include "unit.h"

static struct nst_model *built(void)
{
	struct nst_model *m = fixture_seed_bridge();

	nst_model_sort(m);
	nst_model_pair_peers(m);
	nst_model_diagnose(m);
	return m;
}

static void test_sort_order(void)
{
	struct nst_model *m = built();

	CHECK_INT(m->n_ns, 3);
	CHECK_STR(m->ns[0].name, "/");
	CHECK_STR(m->ns[1].name, "ns1");
	CHECK_STR(m->ns[2].name, "ns2");
	CHECK_INT(m->ns[0].links[0].ifindex, 1);
	CHECK_INT(m->ns[0].links[1].ifindex, 3);
	CHECK_INT(m->ns[0].links[2].ifindex, 4);
	CHECK_INT(m->ns[0].links[3].ifindex, 6);
	CHECK_INT(m->ns[0].pids[0], 1);
	CHECK_INT(m->ns[0].pids[1], 7);
	nst_model_destroy(m);
}

static void test_cross_namespace_pairs(void)
{
	struct nst_model *m = built();
	const struct nst_ns *pns = NULL;
	const struct nst_link *a = nst_ns_find_link_name(&m->ns[0], "vethA");
	const struct nst_link *b = nst_ns_find_link_name(&m->ns[1], "vethB");
	const struct nst_link *d = nst_ns_find_link_name(&m->ns[2], "vethD");

	CHECK(a && b && d);
	CHECK_INT(a->peer.state, NST_REF_FOUND);
	CHECK(nst_link_peer(m, a, &pns) == b);
	CHECK_STR(pns->name, "ns1");
	CHECK(nst_link_peer(m, b, &pns) == a);
	CHECK_STR(pns->name, "/");
	CHECK_STR(nst_link_peer(m, d, &pns)->name, "vethC");
	CHECK_INT(nst_ns_find_link_name(&m->ns[0], "lo")->peer.state, NST_REF_NONE);
	nst_model_destroy(m);
}

static void test_same_namespace_pair(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *ns = nst_model_add_ns(m, "/", NST_NS_SELF, (struct nst_ns_id){ 4, 1 });
	struct nst_link *x = nst_ns_add_link(ns, 5, "x");
	struct nst_link *y = nst_ns_add_link(ns, 6, "y");

	x->peer.has = y->peer.has = true;
	x->peer.ifindex = 6;
	y->peer.ifindex = 5;
	nst_model_pair_peers(m);
	CHECK_INT(ns->links[0].peer.state, NST_REF_FOUND);
	CHECK_STR(nst_link_peer(m, &ns->links[0], NULL)->name, "y");
	CHECK_STR(nst_link_peer(m, &ns->links[1], NULL)->name, "x");
	nst_model_destroy(m);
}

static void test_unknown_namespace(void)
{
	struct nst_model *m = built();
	struct nst_link *c = nst_ns_find_link_name(&m->ns[0], "vethC");

	/* The backend could not map nsid 9 to any discovered namespace. */
	c->peer.ns_known = false;
	c->peer.nsid = 9;
	nst_model_pair_peers(m);
	nst_model_diagnose(m);
	CHECK_INT(c->peer.state, NST_REF_UNKNOWN);
	CHECK(nst_link_peer(m, c, NULL) == NULL);
	CHECK_INT(c->warnings.n, 1);
	CHECK_STR(c->warnings.v[0], "veth peer ifindex 2 is in nsid 9, a namespace nstop cannot see");
	nst_model_destroy(m);
}

static void test_known_namespace_missing_link(void)
{
	struct nst_model *m = built();
	struct nst_link *a = nst_ns_find_link_name(&m->ns[0], "vethA");

	a->peer.ifindex = 42; /* ns1 has no ifindex 42 */
	nst_model_pair_peers(m);
	CHECK_INT(a->peer.state, NST_REF_UNKNOWN);
	nst_model_destroy(m);
}

static void test_ifindex_only_peer(void)
{
	struct nst_model *m = built();
	struct nst_link *b = nst_ns_find_link_name(&m->ns[1], "vethB");

	/* ethtool fallback: ifindex known, namespace not: resolved by the link pointing back. */
	b->peer.ns_known = false;
	b->peer.nsid = -1;
	nst_model_pair_peers(m);
	CHECK_INT(b->peer.state, NST_REF_FOUND);
	CHECK_STR(nst_link_peer(m, b, NULL)->name, "vethA");
	nst_model_destroy(m);
}

static void add_pointing_back(struct nst_model *m, const char *name, uint64_t ino)
{
	struct nst_ns *ns = nst_model_add_ns(m, name, NST_NS_NAMED, (struct nst_ns_id){ 4, ino });
	struct nst_link *z = nst_ns_add_link(ns, 6, "z");

	z->peer.has = true;
	z->peer.ifindex = 2; /* vethB's ifindex in ns1 */
	z->peer.elsewhere = true;
	z->peer.nsid = -1;
}

static void test_ifindex_only_ambiguous(void)
{
	struct nst_model *m = built();

	/* vethB knows only "ifindex 6"; two namespaces have a link 6 pointing back at 2. */
	add_pointing_back(m, "ns3", 103);
	add_pointing_back(m, "ns4", 104);
	struct nst_link *b = nst_ns_find_link_name(nst_model_find_ns(m, "ns1"), "vethB");
	b->peer.ns_known = false;
	b->peer.nsid = -1;
	b->peer.ifindex = 6;
	nst_model_pair_peers(m);
	CHECK_INT(b->peer.state, NST_REF_UNKNOWN);
	nst_model_destroy(m);

	/* With one such namespace the answer is unique. */
	m = built();
	add_pointing_back(m, "ns3", 103);
	b = nst_ns_find_link_name(nst_model_find_ns(m, "ns1"), "vethB");
	b->peer.ns_known = false;
	b->peer.nsid = -1;
	b->peer.ifindex = 6;
	nst_model_pair_peers(m);
	CHECK_INT(b->peer.state, NST_REF_FOUND);
	const struct nst_ns *pns = NULL;
	CHECK_STR(nst_link_peer(m, b, &pns)->name, "z");
	CHECK_STR(pns->name, "ns3");
	nst_model_destroy(m);
}

static void test_diagnostics(void)
{
	struct nst_model *m = built();
	struct nst_ns *root = &m->ns[0];
	struct nst_link *a = nst_ns_find_link_name(root, "vethA");
	struct nst_link *b = nst_ns_find_link_name(&m->ns[1], "vethB");
	struct nst_link *br = nst_ns_find_link_name(root, "mybridge");
	struct nst_addr addr = fixture_addr4("10.9.9.9", 24);

	CHECK_INT(br->warnings.n, 0);
	CHECK_INT(a->warnings.n, 0);
	b->up = false;
	nst_link_add_addr(a, &addr);
	nst_ns_find_link_name(root, "vethC")->master.ifindex = 0;
	a->master.ifindex = 0;
	nst_model_diagnose(m);
	CHECK_INT(br->warnings.n, 1);
	CHECK_STR(br->warnings.v[0], "bridge has no ports");
	CHECK_INT(a->warnings.n, 1);
	CHECK_STR(a->warnings.v[0], "peer ns1:vethB is down, so this end has no carrier");

	a->master.ifindex = br->ifindex;
	nst_model_diagnose(m);
	CHECK_INT(br->warnings.n, 0);
	CHECK_INT(a->warnings.n, 2);
	CHECK_STR(a->warnings.v[1], "address 10.9.9.9/24 is on a port of bridge mybridge; put it on the bridge instead");
	nst_model_destroy(m);
}

static void test_find(void)
{
	struct nst_model *m = built();

	CHECK(nst_model_find_ns(m, "ns2") == &m->ns[2]);
	CHECK(nst_model_find_ns(m, "nope") == NULL);
	CHECK(nst_model_find_ns_id(m, (struct nst_ns_id){ 4, 101 }) == &m->ns[1]);
	CHECK(nst_model_find_ns_id(m, (struct nst_ns_id){ 5, 101 }) == NULL);
	CHECK(nst_ns_find_link(&m->ns[0], 99) == NULL);
	nst_model_destroy(NULL);
	nst_model_destroy(m);
}

static void test_master_ref(void)
{
	struct nst_model *m = built();
	const struct nst_ns *mns = NULL;
	const struct nst_link *a = nst_ns_find_link_name(&m->ns[0], "vethA");

	CHECK(a && a->master.has && a->master.state == NST_REF_FOUND);
	CHECK_STR(nst_link_master(m, a, &mns)->name, "mybridge");
	CHECK(mns == &m->ns[0]);
	CHECK(!nst_ns_find_link_name(&m->ns[0], "lo")->master.has);
	CHECK(nst_link_master(m, nst_ns_find_link_name(&m->ns[0], "lo"), NULL) == NULL);
	nst_model_destroy(m);
}

static void ip4(struct nst_ip *ip, uint8_t last)
{
	*ip = (struct nst_ip){ .family = AF_INET, .bytes = { 10, 50, 0, last } };
}

/* An underlay address 10.50.0.<own> on "u0" (when own > 0) and a tunnel local .<own>, remote .<other>. */
static struct nst_link *tunnel(struct nst_ns *ns, int ifindex, const char *kind, uint32_t vni, uint8_t own,
			       uint8_t other)
{
	struct nst_link *l = nst_ns_add_link(ns, ifindex, "vx0");

	snprintf(l->kind, sizeof(l->kind), "%s", kind);
	l->info.have = NST_LI_LOCAL | NST_LI_REMOTE | NST_LI_VNI | NST_LI_DSTPORT;
	l->info.vni = vni;
	l->info.dstport = 4789;
	ip4(&l->info.local, own);
	ip4(&l->info.remote, other);
	return l;
}

static void underlay(struct nst_ns *ns, uint8_t own)
{
	struct nst_link *u = nst_ns_add_link(ns, 2, "u0");
	struct nst_addr a = { .family = AF_INET, .bytes = { 10, 50, 0, own }, .prefixlen = 24 };

	nst_link_add_addr(u, &a);
}

static void test_tunnel_pairs(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *a = nst_model_add_ns(m, "a", NST_NS_NAMED, (struct nst_ns_id){ 4, 1 });
	struct nst_ns *b = nst_model_add_ns(m, "b", NST_NS_NAMED, (struct nst_ns_id){ 4, 2 });
	struct nst_ns *c = nst_model_add_ns(m, "c", NST_NS_NAMED, (struct nst_ns_id){ 4, 3 });
	const struct nst_ns *pns = NULL;

	underlay(a, 1);
	underlay(b, 2);
	tunnel(a, 10, "vxlan", 42, 1, 2);
	tunnel(b, 10, "vxlan", 42, 2, 1);
	tunnel(a, 11, "vxlan", 43, 1, 2);   /* no VNI 43 on the other side */
	tunnel(b, 12, "vxlan", 44, 2, 1);   /* the other side's VNI 44 ... */
	tunnel(a, 12, "vxlan", 44, 2, 1);   /* ... also in a, which does not own .2 */
	tunnel(c, 10, "vxlan", 42, 2, 1);   /* c does not own 10.50.0.2 either: no candidate */
	tunnel(b, 13, "macvlan", 45, 2, 1); /* another kind never pairs with a vxlan */
	tunnel(a, 13, "vxlan", 45, 1, 2);
	nst_model_pair_peers(m);

	const struct nst_link *x = nst_ns_find_link(a, 10), *y = nst_ns_find_link(b, 10);
	CHECK(x->tunnel_peer.has && x->tunnel_peer.state == NST_REF_FOUND);
	CHECK(nst_link_ref_get(m, &x->tunnel_peer, &pns) == y && pns == b);
	CHECK(nst_link_ref_get(m, &y->tunnel_peer, &pns) == x && pns == a);
	CHECK(x->tunnel_peer.elsewhere);
	CHECK_INT(x->tunnel_peer.candidates, 1);
	CHECK_INT(nst_ns_find_link(a, 11)->tunnel_peer.state, NST_REF_UNKNOWN);
	CHECK_INT(nst_ns_find_link(a, 11)->tunnel_peer.candidates, 0);
	CHECK_INT(nst_ns_find_link(b, 12)->tunnel_peer.state, NST_REF_UNKNOWN);
	CHECK(!nst_ns_find_link(a, 12)->tunnel_peer.has); /* a does not own its local */
	CHECK(!nst_ns_find_link(c, 10)->tunnel_peer.has);
	CHECK_INT(nst_ns_find_link(a, 13)->tunnel_peer.candidates, 0);
	CHECK(!nst_ns_find_link(a, 2)->tunnel_peer.has);

	/* a second namespace owning .2 with the same tunnel: ambiguous, so no pair at all */
	underlay(c, 2);
	nst_model_pair_peers(m);
	CHECK_INT(x->tunnel_peer.state, NST_REF_UNKNOWN);
	CHECK_INT(x->tunnel_peer.candidates, 2);
	CHECK(nst_link_ref_get(m, &x->tunnel_peer, NULL) == NULL);
	/* and y, whose one match is x, is no pair either: x does not point back (a pair is mutual) */
	CHECK_INT(y->tunnel_peer.state, NST_REF_UNKNOWN);
	CHECK(y->tunnel_peer.one_sided && y->tunnel_peer.candidates == 1);
	CHECK(!x->tunnel_peer.one_sided);

	/* a multicast group is not a point-to-point end */
	struct nst_link *g = nst_ns_find_link(b, 10);
	g->info.remote_is_group = true;
	nst_model_pair_peers(m);
	CHECK(!g->tunnel_peer.has);
	CHECK(nst_link_ref_get(m, &x->tunnel_peer, &pns) == nst_ns_find_link(c, 10) && pns == c);
	CHECK(nst_link_ref_get(m, &nst_ns_find_link(c, 10)->tunnel_peer, NULL) == x);
	nst_model_destroy(m);
}

/* GRE ends pair only when one's okey is the other's ikey (and back); no key on one side is no match. */
static void test_gre_keys(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *a = nst_model_add_ns(m, "a", NST_NS_NAMED, (struct nst_ns_id){ 4, 1 });
	struct nst_ns *b = nst_model_add_ns(m, "b", NST_NS_NAMED, (struct nst_ns_id){ 4, 2 });

	underlay(a, 1);
	underlay(b, 2);
	struct nst_link *x = tunnel(a, 10, "gre", 0, 1, 2), *y = tunnel(b, 10, "gre", 0, 2, 1);
	struct nst_link *z = tunnel(b, 11, "gre", 0, 2, 1);
	x->info.have = y->info.have = z->info.have = NST_LI_LOCAL | NST_LI_REMOTE | NST_LI_IKEY | NST_LI_OKEY;
	x->info.ikey = 7, x->info.okey = 8;
	y->info.ikey = 8, y->info.okey = 7; /* crossed: the pair */
	z->info.ikey = 7, z->info.okey = 8; /* the same keys as x: x's packets (key 8) would not reach it */
	nst_model_pair_peers(m);
	CHECK_INT(x->tunnel_peer.candidates, 1);
	CHECK(nst_link_ref_get(m, &x->tunnel_peer, NULL) == y);
	CHECK_INT(z->tunnel_peer.state, NST_REF_UNKNOWN);

	y->info.have &= ~(uint32_t)NST_LI_OKEY; /* y sends no key, x expects 7 */
	nst_model_pair_peers(m);
	CHECK_INT(x->tunnel_peer.candidates, 0);
	nst_model_destroy(m);
}

/* Kind data that did not decode is said on the link, not silent. */
static void test_kind_data_warning(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *a = nst_model_add_ns(m, "a", NST_NS_NAMED, (struct nst_ns_id){ 4, 1 });
	struct nst_link *l = nst_ns_add_link(a, 5, "gre1");

	snprintf(l->kind, sizeof(l->kind), "gre");
	l->kind_data_bad = true;
	nst_model_pair_peers(m);
	nst_model_diagnose(m);
	CHECK_INT(l->warnings.n, 1);
	if (l->warnings.n) {
		CHECK_STR(l->warnings.v[0], "the kernel's gre data did not decode (an attribute of an unexpected size): its "
					    "fields are not shown");
	}
	nst_model_destroy(m);
}

UNIT_MAIN(test_sort_order, test_cross_namespace_pairs, test_same_namespace_pair, test_unknown_namespace,
	  test_known_namespace_missing_link, test_ifindex_only_peer, test_ifindex_only_ambiguous,
	  test_diagnostics, test_find, test_master_ref, test_tunnel_pairs, test_gre_keys, test_kind_data_warning)
