/* SPDX-License-Identifier: MIT */
/*
 * The L2 segment of --explain with macvlan children (reach_seg.c seg_build):
 * bridge-mode siblings meet, private and vepa ones do not, the parent's wire
 * is reached from every child, the parent itself never. The same lab as
 * tests/netns/explain_macvlan.sh, where the kernel said so; a connected-only
 * oracle answers as the kernel does on one subnet.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fixtures.h"
#include "reach.h"
#include "unit.h"

/* One subnet: local when ns owns dst, else out of the link whose /24 holds it. */
static int connected(void *ctx, const struct nst_ns *ns, const struct nst_fib_query *q, struct nst_fib_answer *a)
{
	(void)ctx;
	for (size_t i = 0; i < ns->n_links; i++) {
		const struct nst_link *l = &ns->links[i];
		for (size_t j = 0; j < l->n_addrs; j++) {
			const struct nst_addr *ad = &l->addrs[j];
			if (memcmp(ad->bytes, q->dst, 4) == 0) {
				a->type = 2; /* RTN_LOCAL */
				a->table = 255;
				a->oif = 1;
				return 0;
			}
		}
	}
	for (size_t i = 0; i < ns->n_links; i++) {
		const struct nst_link *l = &ns->links[i];
		for (size_t j = 0; j < l->n_addrs; j++) {
			const struct nst_addr *ad = &l->addrs[j];
			if (l->up && memcmp(ad->bytes, q->dst, 3) == 0) {
				a->type = 1;
				a->table = 254;
				a->oif = l->ifindex;
				a->has_prefsrc = true;
				memcpy(a->prefsrc, ad->bytes, 4);
				return 0;
			}
		}
	}
	a->err = -101; /* -ENETUNREACH */
	return 0;
}

static const struct nst_ns_id SW = { 4, 500 }, PAR = { 4, 501 }, M1 = { 4, 502 }, M2 = { 4, 503 }, M3 = { 4, 504 },
			      M4 = { 4, 505 }, M5 = { 4, 506 }, M10 = { 4, 507 };

static void ref(struct nst_link_ref *r, int ifindex, struct nst_ns_id ns, bool elsewhere)
{
	r->has = true;
	r->ifindex = ifindex;
	r->elsewhere = elsewhere;
	r->ns_known = true;
	r->ns = ns;
	r->state = NST_REF_FOUND;
}

/* A child of par's "wire" (ifindex 3): mode is MACVLAN_MODE_* (1 private, 2 vepa, 4 bridge). */
static void child(struct nst_model *m, struct nst_ns_id id, int ifindex, const char *name, uint32_t mode,
		  const char *addr)
{
	struct nst_ns *ns = nst_model_find_ns_id(m, id);
	struct nst_link *l = fixture_link(ns, ifindex, name, "macvlan", true);

	l->info.have |= NST_LI_MODE;
	l->info.mode = mode;
	ref(&l->lower, 3, PAR, !nst_ns_id_eq(id, PAR));
	fixture_add_addr(l, addr, 24);
}

static struct nst_model *lab(void)
{
	struct nst_model *m = nst_model_create();
	const struct nst_ns_id ids[] = { SW, PAR, M1, M2, M3, M4, M5, M10 };
	const char *names[] = { "sw", "par", "m1", "m2", "m3", "m4", "m5", "m10" };

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct nst_ns *ns = nst_model_add_ns(m, names[i], NST_NS_NAMED, ids[i]);
		ns->ip_forward = 0;
		fixture_link(ns, 1, "lo", "loopback", true);
	}
	struct nst_link *l = fixture_link(nst_model_find_ns_id(m, SW), 2, "up0", "veth", true);
	ref(&l->peer, 3, PAR, true);
	fixture_add_addr(l, "10.50.0.1", 24);
	l = fixture_link(nst_model_find_ns_id(m, PAR), 3, "wire", "veth", true);
	ref(&l->peer, 2, SW, true);
	fixture_add_addr(l, "10.50.0.2", 24);
	child(m, M1, 2, "mb1", 4, "10.50.0.11");
	child(m, M2, 2, "mb2", 4, "10.50.0.12");
	child(m, M3, 2, "mp1", 1, "10.50.0.13");
	child(m, M4, 2, "mp2", 1, "10.50.0.14");
	child(m, M5, 2, "mv1", 2, "10.50.0.15");
	child(m, PAR, 4, "mpar", 4, "10.70.0.20");
	child(m, M10, 2, "mb10", 4, "10.70.0.21");
	return m;
}

static int reach(const struct nst_model *m, const char *from, const char *to)
{
	struct nst_fib_oracle o = { .lookup = connected };
	struct nst_reach_probe p = { .from = nst_model_find_ns(m, from), .family = AF_INET };
	struct nst_reach r;

	inet_pton(AF_INET, to, p.dst);
	nst_reach_explain(m, &o, &p, &r);
	int v = r.reachable;
	if (v != 1 && !r.reason) {
		fprintf(stderr, "%s -> %s: no reason given\n", from, to);
		v = 9;
	}
	nst_reach_free(&r);
	return v;
}

static void test_siblings(void)
{
	struct nst_model *m = lab();

	CHECK_INT(reach(m, "m1", "10.50.0.12"), 1); /* bridge - bridge */
	CHECK_INT(reach(m, "m2", "10.50.0.11"), 1);
	CHECK_INT(reach(m, "m1", "10.50.0.13"), 0); /* to a private child */
	CHECK_INT(reach(m, "m3", "10.50.0.14"), 0); /* private - private */
	CHECK_INT(reach(m, "m3", "10.50.0.11"), 0);
	CHECK_INT(reach(m, "m5", "10.50.0.11"), 0); /* vepa: only through a hairpin switch */
	CHECK_INT(reach(m, "m1", "10.50.0.15"), 0);
	CHECK_INT(reach(m, "par", "10.70.0.21"), 1); /* a child in the parent's own namespace */
	CHECK_INT(reach(m, "m10", "10.70.0.20"), 1);
	nst_model_destroy(m);
}

static void test_wire_and_parent(void)
{
	struct nst_model *m = lab();

	/* every mode reaches the wire behind the parent, and is reached from it */
	CHECK_INT(reach(m, "m1", "10.50.0.1"), 1);
	CHECK_INT(reach(m, "m3", "10.50.0.1"), 1);
	CHECK_INT(reach(m, "m5", "10.50.0.1"), 1);
	CHECK_INT(reach(m, "sw", "10.50.0.13"), 1);
	CHECK_INT(reach(m, "sw", "10.50.0.2"), 1);
	/* the parent and its children never meet, either way */
	CHECK_INT(reach(m, "par", "10.50.0.11"), 0);
	CHECK_INT(reach(m, "m1", "10.50.0.2"), 0);
	CHECK_INT(reach(m, "m3", "10.50.0.2"), 0);
	nst_model_destroy(m);
}

static void test_parent_down(void)
{
	struct nst_model *m = lab();

	nst_ns_find_link(nst_model_find_ns_id(m, PAR), 3)->up = false;
	CHECK_INT(reach(m, "m1", "10.50.0.12"), 0); /* no carrier on any child */
	CHECK_INT(reach(m, "m1", "10.50.0.1"), 0);
	nst_model_destroy(m);
}

UNIT_MAIN(test_siblings, test_wire_and_parent, test_parent_down)
