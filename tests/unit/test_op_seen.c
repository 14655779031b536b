/* SPDX-License-Identifier: MIT */
/*
 * An op remembers which objects its names meant when it was made; applied
 * later (a y/N answered after the name was given to another namespace or
 * link), validation refuses it instead of acting on the new object. A name
 * too long for the op is refused, not cut.
 */
#include <stdio.h>
#include <string.h>

#include "fixtures.h"
#include "ops.h"

static int failures;

#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                                  \
		}                                                                    \
	} while (0)

static struct nst_op link_op(enum nst_op_kind kind, const char *ns, const char *name)
{
	struct nst_op op;

	nst_op_init(&op, kind);
	nst_op_set(&op, NST_F_NS, ns);
	nst_op_set(&op, NST_F_NAME, name);
	return op;
}

int main(void)
{
	struct nst_model *m = fixture_seed_bridge();
	struct nst_op_error err;
	struct nst_ns *ns1 = nst_model_find_ns(m, "ns1");
	struct nst_link *vethB = ns1 ? nst_ns_find_link_name(ns1, "vethB") : NULL;

	CHECK(ns1 && vethB);
	if (!ns1 || !vethB) {
		return 1;
	}
	/* unchanged model: the remembered op is valid */
	struct nst_op del = link_op(NST_OP_LINK_DEL, "ns1", "vethB");
	nst_op_remember(&del, m);
	CHECK(del.seen.ns_set && del.seen.link_set && del.seen.ifindex == vethB->ifindex);
	CHECK(nst_op_validate(&del, m, &err) == 0);

	/* the link was deleted and made again under the same name: another ifindex */
	int old = vethB->ifindex;
	vethB->ifindex = old + 100;
	CHECK(nst_op_validate(&del, m, &err) < 0);
	CHECK(err.field == NST_F_NAME && strstr(err.msg, "not the link shown"));
	/* a fresh op, made now, means the new link */
	struct nst_op fresh = link_op(NST_OP_LINK_DEL, "ns1", "vethB");
	nst_op_remember(&fresh, m);
	CHECK(nst_op_validate(&fresh, m, &err) == 0);
	vethB->ifindex = old;

	/* remembering twice keeps the first */
	struct nst_op up = link_op(NST_OP_LINK_UP, "ns1", "vethB");
	nst_op_remember(&up, m);
	struct nst_ns_id first = up.seen.ns;
	ns1->id.ino += 1000; /* ns1 deleted and made again: a new inode */
	nst_op_remember(&up, m);
	CHECK(nst_ns_id_eq(up.seen.ns, first));
	CHECK(nst_op_validate(&up, m, &err) < 0);
	CHECK(err.field == NST_F_NS && strstr(err.msg, "not the namespace shown"));

	/* an op never remembered is validated by name only (as typed in a script) */
	struct nst_op plain = link_op(NST_OP_LINK_UP, "ns1", "vethB");
	CHECK(nst_op_validate(&plain, m, &err) == 0 || err.field != NST_F_NS);

	/* a name the op cannot hold whole is refused, never cut to another name */
	char longname[300];
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	struct nst_op cut = link_op(NST_OP_LINK_UP, longname, "vethB");
	CHECK(nst_op_validate(&cut, m, &err) < 0);
	CHECK(err.field == NST_F_NS && strstr(err.msg, "longer than"));

	/* a route nstop does not delete is named for what it is, not "no such route" */
	struct nst_route *r100 = nst_ns_add_route(nst_model_find_ns(m, "ns1"));
	r100->family = 2; /* AF_INET */
	r100->dst.family = 2;
	r100->dst.bytes[0] = 10;
	r100->dst.bytes[1] = 66;
	r100->dst.prefixlen = 16;
	r100->table = 100;
	r100->type = 1; /* RTN_UNICAST */
	r100->oif = nst_ns_find_link_name(nst_model_find_ns(m, "ns1"), "vethB")->ifindex;
	struct nst_op rdel;
	nst_op_init(&rdel, NST_OP_ROUTE_DEL);
	nst_op_set(&rdel, NST_F_NS, "ns1");
	nst_op_set(&rdel, NST_F_DST, "10.66.0.0/16");
	nst_op_set(&rdel, NST_F_NAME, "vethB");
	CHECK(nst_op_validate(&rdel, m, &err) < 0);
	CHECK(strstr(err.msg, "unicast route in table 100") != NULL);
	struct nst_op rmain;
	nst_op_init(&rmain, NST_OP_ROUTE_DEL);
	nst_op_set(&rmain, NST_F_NS, "ns2");
	nst_op_set(&rmain, NST_F_DST, "default");
	nst_op_set(&rmain, NST_F_NAME, "vethD");
	CHECK(nst_op_validate(&rmain, m, &err) == 0);

	/* named by its destination alone (a nexthop object's route): deleted only when it is the only route
	 * to it; a main route to 10.66.0.0/16 beside the table-100 one would be the kernel's pick, not the one meant */
	struct nst_op bydst;
	nst_op_init(&bydst, NST_OP_ROUTE_DEL);
	nst_op_set(&bydst, NST_F_NS, "ns1");
	nst_op_set(&bydst, NST_F_DST, "10.66.0.0/16");
	struct nst_route *rmain66 = nst_ns_add_route(nst_model_find_ns(m, "ns1"));
	*rmain66 = (struct nst_route){ .family = 2, .dst = { .family = 2, .bytes = { 10, 66 }, .prefixlen = 16 },
				       .table = 254, .type = 1, .nh_id = 5 };
	CHECK(nst_op_validate(&bydst, m, &err) < 0);
	CHECK(strstr(err.msg, "ns1 has 2 routes to 10.66.0.0/16") != NULL);
	nst_model_find_ns(m, "ns1")->n_routes--; /* the table-100 one... */
	*r100 = *rmain66;                         /* ...becomes the only route, in main */
	CHECK(nst_op_validate(&bydst, m, &err) == 0);

	nst_model_destroy(m);
	if (failures) {
		fprintf(stderr, "%d failures\n", failures);
		return 1;
	}
	printf("test_op_seen: ok\n");
	return 0;
}
