/* SPDX-License-Identifier: MIT */
/* Hand-built models for the unit tests. */
#include "fixtures.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct nst_addr fixture_addr4(const char *s, int prefix)
{
	return fixture_addr(s, prefix);
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
	l->peer.has = true;
	l->peer.ifindex = peer_ifindex;
	l->peer.elsewhere = true;
	l->peer.nsid = nsid;
	l->peer.ns_known = true;
	l->peer.ns = peer_ns;
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
	veth(root, 6, "vethC", 2, 2, ns2_id)->master.ifindex = 3;
	veth(root, 4, "vethA", 2, 1, ns1_id)->master.ifindex = 3;
	struct nst_link *lo = nst_ns_add_link(root, 1, "lo");
	strcpy(lo->kind, "loopback");
	lo->up = true;
	lo->mtu = 65536;

	struct nst_link *b = veth(ns1, 2, "vethB", 4, 0, root_id);
	a = fixture_addr4("192.168.10.2", 24);
	nst_link_add_addr(b, &a);
	return m;
}

struct nst_link *fixture_link(struct nst_ns *ns, int ifindex, const char *name, const char *kind, bool up)
{
	struct nst_link *l = nst_ns_add_link(ns, ifindex, name);

	snprintf(l->kind, sizeof(l->kind), "%s", kind);
	snprintf(l->operstate, sizeof(l->operstate), "%s", up ? "up" : "down");
	l->up = up;
	l->mtu = strcmp(kind, "loopback") == 0 ? 65536 : 1500;
	return l;
}

struct nst_addr fixture_addr(const char *s, int prefix)
{
	struct nst_addr a;

	memset(&a, 0, sizeof(a));
	a.family = strchr(s, ':') ? AF_INET6 : AF_INET;
	inet_pton(a.family, s, a.bytes);
	a.prefixlen = (uint8_t)prefix;
	return a;
}

void fixture_add_addr(struct nst_link *l, const char *s, int prefix)
{
	struct nst_addr a = fixture_addr(s, prefix);

	nst_link_add_addr(l, &a);
}

struct nst_model *fixture_myns(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns_id root_id = { 4, 200 }, myns_id = { 4, 201 };
	struct nst_ns *myns = nst_model_add_ns(m, "myns", NST_NS_NAMED, myns_id);
	struct nst_ns *root = nst_model_add_ns(m, "/", NST_NS_SELF, root_id);

	fixture_link(root, 1, "lo", "loopback", true);
	fixture_add_addr(veth(root, 5, "vethY", 2, 0, myns_id), "6.6.6.6", 24);
	fixture_link(myns, 1, "lo", "loopback", false);
	fixture_add_addr(veth(myns, 2, "vethZ", 5, 0, root_id), "7.7.7.7", 24);
	return m;
}

struct nst_model *fixture_lab(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns_id rid = { 4, 300 }, aid = { 4, 301 }, bid = { 4, 302 }, cid = { 4, 303 },
			 lid = { 4, 304 }, rgid = { 4, 305 }, isoid = { 4, 306 };
	struct nst_link *l;

	/* all namespaces first: adding one may move the array */
	nst_model_add_ns(m, "/", NST_NS_SELF, rid);
	nst_model_add_ns(m, "a", NST_NS_NAMED, aid);
	nst_model_add_ns(m, "b", NST_NS_NAMED, bid);
	nst_model_add_ns(m, "c", NST_NS_NAMED, cid);
	nst_model_add_ns(m, "left", NST_NS_NAMED, lid);
	nst_model_add_ns(m, "right", NST_NS_NAMED, rgid);
	nst_model_add_ns(m, "lonely", NST_NS_NAMED, isoid);
	struct nst_ns *root = nst_model_find_ns(m, "/"), *a = nst_model_find_ns(m, "a"),
		      *b = nst_model_find_ns(m, "b"), *cc = nst_model_find_ns(m, "c"),
		      *left = nst_model_find_ns(m, "left"), *right = nst_model_find_ns(m, "right"),
		      *iso = nst_model_find_ns(m, "lonely");

	fixture_link(root, 1, "lo", "loopback", true);
	fixture_add_addr(fixture_link(root, 2, "br0", "bridge", true), "10.0.0.1", 24);
	fixture_link(root, 3, "bond0", "bond", true)->master.ifindex = 2;
	fixture_link(root, 4, "eth1", "device", true)->master.ifindex = 3;
	veth(root, 5, "va", 2, 1, aid)->master.ifindex = 2;
	l = veth(root, 6, "vb", 2, 2, bid);
	l->master.ifindex = 2;
	fixture_add_addr(l, "10.9.9.9", 24); /* an address on a port: a warning */
	veth(root, 7, "in1", 8, -1, rid)->peer.elsewhere = false;
	veth(root, 8, "in2", 7, -1, rid)->peer.elsewhere = false;
	l = veth(root, 9, "lost", 4, 9, rid);
	l->peer.ns_known = false;

	fixture_link(a, 1, "lo", "loopback", false);
	fixture_add_addr(veth(a, 2, "eth0", 5, 0, rid), "10.0.0.2", 24);
	veth(a, 3, "ab", 3, 1, bid);

	fixture_link(b, 1, "lo", "loopback", false);
	l = veth(b, 2, "eth0", 6, 0, rid);
	fixture_add_addr(l, "fd00::b", 64); /* IPv4 is shown first all the same */
	fixture_add_addr(l, "10.0.0.3", 24);
	veth(b, 3, "ba", 3, 1, aid);
	veth(b, 4, "tc", 2, 2, cid);

	l = veth(cc, 2, "fromb", 4, 0, bid);
	l->up = false;
	strcpy(l->operstate, "down");
	fixture_add_addr(l, "fd00::c", 64);

	fixture_add_addr(veth(left, 2, "l0", 2, 0, rgid), "172.16.0.1", 30);
	fixture_add_addr(veth(right, 2, "r0", 2, 0, lid), "172.16.0.2", 30);
	fixture_link(iso, 1, "lo", "loopback", true);
	return m;
}

struct nst_model *fixture_many(int n)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns_id rid = { 4, 1000 };
	char name[32], a[32];

	nst_model_add_ns(m, "/", NST_NS_SELF, rid);
	fixture_link(&m->ns[0], 1, "lo", "loopback", true);
	fixture_add_addr(fixture_link(&m->ns[0], 2, "br0", "bridge", true), "10.0.0.1", 16);
	for (int i = 1; i < n; i++) {
		struct nst_ns_id id = { 4, 1000 + (uint64_t)i }, prev = { 4, 1000 + (uint64_t)i - 1 };

		snprintf(name, sizeof(name), "ns%03d", i);
		nst_model_add_ns(m, name, NST_NS_NAMED, id);
		/* adding may move the array: index, don't keep pointers */
		struct nst_ns *ns = &m->ns[i], *root = &m->ns[0];

		fixture_link(ns, 1, "lo", "loopback", true);
		if (i % 10 == 0) {
			continue;
		}
		snprintf(a, sizeof(a), "10.0.%d.%d", i / 200, i % 200 + 2);
		if (i % 4 == 0) {
			struct nst_ns *pns = &m->ns[i - 1];

			snprintf(name, sizeof(name), "vb%d", i);
			fixture_add_addr(veth(ns, 2, name, 3, 0, prev), a, 16);
			snprintf(name, sizeof(name), "va%d", i);
			veth(pns, 3, name, 2, 1, id);
			continue;
		}
		snprintf(name, sizeof(name), "vr%d", i);
		veth(root, 2 + i, name, 2, i, id)->master.ifindex = 2;
		snprintf(name, sizeof(name), "vn%d", i);
		fixture_add_addr(veth(ns, 2, name, 2 + i, 0, rid), a, 16);
	}
	return m;
}

static unsigned next_rand(unsigned *state)
{
	*state = *state * 1103515245u + 12345u; /* a fixed LCG: the same models on every libc */
	return (*state >> 16) & 0x7fff;
}

struct nst_model *fixture_random(unsigned seed, int n_ns, int n_veth)
{
	struct nst_model *m = nst_model_create();
	int *next_if = calloc((size_t)n_ns, sizeof(*next_if));
	char name[32];

	for (int i = 0; i < n_ns; i++) {
		snprintf(name, sizeof(name), i ? "r%02d" : "/", i);
		nst_model_add_ns(m, name, i ? NST_NS_NAMED : NST_NS_SELF, (struct nst_ns_id){ 5, 2000 + (uint64_t)i });
	}
	for (int i = 0; i < n_ns; i++) {
		fixture_link(&m->ns[i], 1, "lo", "loopback", true);
		next_if[i] = 2;
		if (next_rand(&seed) % 3 == 0) {
			fixture_link(&m->ns[i], next_if[i]++, "br0", "bridge", true);
		}
	}
	for (int v = 0; v < n_veth; v++) {
		int a = (int)(next_rand(&seed) % (unsigned)n_ns), b = (int)(next_rand(&seed) % (unsigned)n_ns);
		int ia = next_if[a]++, ib = next_if[b]++;
		struct nst_link *l;

		snprintf(name, sizeof(name), "v%da", v);
		l = veth(&m->ns[a], ia, name, ib, b, m->ns[b].id);
		l->peer.elsewhere = a != b;
		l->up = next_rand(&seed) % 5 != 0;
		const struct nst_link *br = nst_ns_find_link(&m->ns[a], 2);

		if (br && strcmp(br->kind, "bridge") == 0 && next_rand(&seed) % 2) {
			l->master.ifindex = 2;
		}
		snprintf(name, sizeof(name), "v%db", v);
		l = veth(&m->ns[b], ib, name, ia, a, m->ns[a].id);
		l->peer.elsewhere = a != b;
		if (next_rand(&seed) % 8 == 0) {
			l->peer.ns_known = false;
		}
	}
	free(next_if);
	return m;
}

/* --- NAT: expression lists shaped like nft's and nstop's own, decoded as the backend does --- */

enum { F_META_IIFNAME = 6, F_META_OIFNAME = 7, F_META_L4PROTO = 16, F_NET = 1, F_TRANSPORT = 2 };

struct fx_rule {
	struct nst_expr e[16];
	size_t n;
};

static void fx_push(struct fx_rule *r, struct nst_expr e)
{
	r->e[r->n++] = e;
}

static void fx_cmp(struct fx_rule *r, const void *data, uint32_t len)
{
	struct nst_expr e = { .kind = NST_E_CMP, .name = "cmp", .sreg = 1, .data_len = len };

	memcpy(e.data, data, len);
	fx_push(r, e);
}

static void fx_ifname(struct fx_rule *r, uint32_t key, const char *name)
{
	fx_push(r, (struct nst_expr){ .kind = NST_E_META, .name = "meta", .key = key, .dreg = 1 });
	fx_cmp(r, name, (uint32_t)strlen(name) + 1);
}

/* "tcp dport N" / "udp dport N" as nft and nstop write it: l4proto, then the port. */
static void fx_dport(struct fx_rule *r, uint8_t proto, uint16_t port)
{
	uint8_t p[2] = { (uint8_t)(port >> 8), (uint8_t)port };

	fx_push(r, (struct nst_expr){ .kind = NST_E_META, .name = "meta", .key = F_META_L4PROTO, .dreg = 1 });
	fx_cmp(r, &proto, 1);
	fx_push(r, (struct nst_expr){ .kind = NST_E_PAYLOAD, .name = "payload", .base = F_TRANSPORT, .offset = 2,
				      .len = 2, .dreg = 1 });
	fx_cmp(r, p, 2);
}

/* ip saddr/daddr: 4 bytes and a mask (nstop's way; nft loads only the prefix bytes, same summary). */
static void fx_addr(struct fx_rule *r, uint32_t offset, const char *a, int prefix)
{
	struct nst_addr x = fixture_addr4(a, prefix);
	struct nst_expr mask = { .kind = NST_E_BITWISE, .name = "bitwise", .sreg = 1, .dreg = 1, .data_len = 4,
				 .data2_len = 4 };

	fx_push(r, (struct nst_expr){ .kind = NST_E_PAYLOAD, .name = "payload", .base = F_NET, .offset = offset,
				      .len = 4, .dreg = 1 });
	if (prefix < 32) {
		for (int b = 0; b < prefix; b++) {
			mask.data[b / 8] |= (uint8_t)(0x80 >> (b % 8));
		}
		fx_push(r, mask);
	}
	fx_cmp(r, x.bytes, 4);
}

static void fx_counter(struct fx_rule *r, uint64_t packets, uint64_t bytes)
{
	fx_push(r, (struct nst_expr){ .kind = NST_E_COUNTER, .name = "counter", .packets = packets, .bytes = bytes });
}

/* dnat/snat to addr[:port] (port 0: none). */
static void fx_nat(struct fx_rule *r, uint32_t type, const char *addr, uint16_t port)
{
	struct nst_addr a = fixture_addr4(addr, 32);
	uint8_t p[2] = { (uint8_t)(port >> 8), (uint8_t)port };
	struct nst_expr imm = { .kind = NST_E_IMMEDIATE, .name = "immediate", .dreg = 1, .data_len = 4 };

	memcpy(imm.data, a.bytes, 4);
	fx_push(r, imm);
	if (port) {
		imm.dreg = 2;
		imm.data_len = 2;
		memcpy(imm.data, p, 2);
		fx_push(r, imm);
	}
	fx_push(r, (struct nst_expr){ .kind = NST_E_NAT, .name = "nat", .nat_type = type, .nat_family = 2,
				      .reg_addr_min = 1, .reg_proto_min = port ? 2 : 0 });
}

static void fx_add(struct nst_ns *ns, const char *family, const char *table, const char *chain, const char *hook,
		   int prio, uint64_t handle, const struct fx_rule *x)
{
	struct nst_nat_rule *r = nst_ns_add_nat(ns);

	snprintf(r->table, sizeof(r->table), "%s", table);
	snprintf(r->chain, sizeof(r->chain), "%s", chain);
	snprintf(r->hook, sizeof(r->hook), "%s", hook);
	r->priority = prio;
	r->handle = handle;
	snprintf(r->family, sizeof(r->family), "%s", family);
	nst_nat_decode(x->e, x->n, family, r);
}

struct nst_model *fixture_nat(void)
{
	struct nst_model *m = fixture_myns();
	struct fx_rule x;

	nst_model_add_ns(m, "lab 1", NST_NS_NAMED, (struct nst_ns_id){ 4, 210 });
	nst_model_add_ns(m, "42", NST_NS_NAMED, (struct nst_ns_id){ 4, 211 });
	nst_model_add_ns(m, "pid:9", NST_NS_PROCESS, (struct nst_ns_id){ 4, 212 });
	struct nst_ns *root = nst_model_find_ns(m, "/"), *lab = nst_model_find_ns(m, "lab 1"),
		      *n42 = nst_model_find_ns(m, "42"), *proc = nst_model_find_ns(m, "pid:9");

	nst_ns_add_pid(proc, 9);
	root->ip_forward = 1;
	nst_model_find_ns(m, "myns")->ip_forward = 0;
	lab->ip_forward = 0;
	n42->ip_forward = -1;
	n42->iptables_legacy = true;
	proc->ip_forward = 1;

	/* nstop's port forward (a f) and masquerade / SNAT (a m), with traffic counted */
	x.n = 0;
	fx_ifname(&x, F_META_IIFNAME, "vethY");
	fx_dport(&x, 6, 8080);
	fx_counter(&x, 3, 180);
	fx_nat(&x, 1, "7.7.7.7", 80);
	fx_add(root, "ip", "nstop", "prerouting", "prerouting", -100, 4, &x);
	/* iptables -t nat -A PREROUTING -p tcp --dport 2222 -j DNAT (native matches): another tool's */
	x.n = 0;
	fx_dport(&x, 6, 2222);
	fx_counter(&x, 0, 0);
	fx_nat(&x, 1, "7.7.7.7", 22);
	fx_add(root, "ip", "nat", "PREROUTING", "prerouting", -100, 7, &x);
	x.n = 0;
	fx_addr(&x, 12, "7.7.7.0", 24);
	fx_ifname(&x, F_META_OIFNAME, "vethY");
	fx_counter(&x, 0, 0);
	fx_push(&x, (struct nst_expr){ .kind = NST_E_MASQ, .name = "masq" });
	fx_add(root, "ip", "nstop", "postrouting", "postrouting", 100, 5, &x);
	x.n = 0;
	fx_addr(&x, 12, "10.1.0.0", 16);
	fx_counter(&x, 12, 1024);
	fx_nat(&x, 0, "6.6.6.6", 0);
	fx_add(root, "ip", "nstop", "postrouting", "postrouting", 100, 6, &x);
	x.n = 0;
	fx_push(&x, (struct nst_expr){ .kind = NST_E_MASQ, .name = "masq" });
	fx_add(root, "ip", "nat", "POSTROUTING", "postrouting", 100, 8, &x);
	fx_add(root, "inet", "docker", "post", "postrouting", 100, 2, &x);

	/* a forward with a destination address, the external port reused, an awkward interface name */
	x.n = 0;
	fx_ifname(&x, F_META_IIFNAME, "o'1");
	fx_addr(&x, 16, "10.0.0.1", 32);
	fx_dport(&x, 17, 53);
	fx_counter(&x, 0, 0);
	fx_nat(&x, 1, "10.0.0.2", 53);
	fx_add(lab, "ip", "nstop", "prerouting", "prerouting", -100, 3, &x);
	/* by hand in table ip nstop: no counter and no port, which nstop's forward always writes */
	x.n = 0;
	fx_dport(&x, 6, 22);
	fx_nat(&x, 1, "10.0.0.3", 0);
	fx_add(lab, "ip", "nstop", "prerouting", "prerouting", -100, 9, &x);
	/* by hand: a chain of its own with another priority */
	x.n = 0;
	fx_dport(&x, 6, 2222);
	fx_counter(&x, 0, 0);
	fx_nat(&x, 1, "10.0.0.3", 22);
	fx_add(lab, "ip", "nstop", "pre2", "prerouting", -150, 10, &x);
	/* by hand: a mark match nstop shows but does not model */
	x.n = 0;
	fx_push(&x, (struct nst_expr){ .kind = NST_E_META, .name = "meta", .key = 3, .dreg = 1 });
	fx_push(&x, (struct nst_expr){ .kind = NST_E_CMP, .name = "cmp", .sreg = 1, .op = 0, .data_len = 4,
				       .data = { 0x2a } });
	fx_dport(&x, 6, 1234);
	fx_nat(&x, 1, "10.0.0.2", 0);
	fx_add(lab, "ip", "nstop", "prerouting", "prerouting", -100, 11, &x);
	/* by hand: masquerade random, which nstop's masquerade does not set */
	x.n = 0;
	fx_ifname(&x, F_META_OIFNAME, "eth0");
	fx_counter(&x, 0, 0);
	fx_push(&x, (struct nst_expr){ .kind = NST_E_MASQ, .name = "masq", .flags = 0x4 });
	fx_add(lab, "ip", "nstop", "postrouting", "postrouting", 100, 12, &x);

	x.n = 0;
	fx_dport(&x, 6, 443);
	fx_counter(&x, 0, 0);
	fx_nat(&x, 1, "7.7.7.7", 443);
	fx_add(n42, "ip", "nstop", "prerouting", "prerouting", -100, 2, &x);
	fx_add(proc, "ip", "nstop", "prerouting", "prerouting", -100, 2, &x);
	fx_add(proc, "ip", "nat", "PREROUTING", "prerouting", -100, 3, &x);
	return m;
}

/* --- A Docker host as the engines' facts describe it (containers.h): names, a pod, published ports --- */

#define FX_WEB1 "86420b3ab6fc0a1e2f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091"
#define FX_APP1 "66ac0edf8f13aa1e2f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091"
#define FX_SIDE "5c1de0a11b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6"
#define FX_LONE "9db4257e235a0a1e2f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091"
#define FX_POD_UID "1f0c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f"

static void fx_cgroup(struct nst_ns *ns, const char *engine, const char *id, const char *pod_uid)
{
	struct nst_cgroup_ref *r = xgrow(&ns->cgroups, &ns->n_cgroups, &ns->cap_cgroups, sizeof(*ns->cgroups));

	memset(r, 0, sizeof(*r));
	snprintf(r->engine, sizeof(r->engine), "%s", engine);
	snprintf(r->id, sizeof(r->id), "%s", id);
	snprintf(r->pod_uid, sizeof(r->pod_uid), "%s", pod_uid);
}

static struct nst_engine_ctr *fx_ctr(struct nst_engine_facts *f, const char *id, const char *name, const char *image)
{
	struct nst_engine_ctr *c = nst_facts_add_ctr(f, "docker", id);

	c->c.name = name ? xstrdup(name) : NULL;
	c->c.image = image ? xstrdup(image) : NULL;
	return c;
}

static void fx_port(struct nst_engine_ctr *c, const char *ip, uint16_t host, uint16_t ctr)
{
	struct nst_published p = { .host_port = host, .container_port = ctr };

	snprintf(p.proto, sizeof(p.proto), "tcp");
	snprintf(p.host_ip, sizeof(p.host_ip), "%s", ip);
	nst_published_add(&c->c, &p);
}

/* A rule of Docker's DOCKER chain as nat_paths records it: reached from base chain `from`. */
static void fx_docker(struct nst_ns *ns, const char *from, uint64_t handle, const struct fx_rule *x)
{
	bool pre = strcmp(from, "PREROUTING") == 0;

	fx_add(ns, "ip", "nat", "DOCKER", pre ? "prerouting" : "output", -100, handle, x);
	struct nst_nat_rule *r = &ns->nat[ns->n_nat - 1];
	r->n_path = 0;
	nst_nat_path_add(r, from, strlen(from));
	nst_nat_path_add(r, "DOCKER", 6);
	r->path_via[0] = pre ? 1 : 2;
	r->path_key = r->path_via[0];
	snprintf(r->eff_match, sizeof(r->eff_match), "%s", r->cond);
}

struct nst_model *fixture_docker(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns_id host_id = { 4, 300 }, web_id = { 4, 301 }, app_id = { 4, 302 };
	struct nst_engine_facts *f = &m->engines;
	struct fx_rule x;

	/* all first: adding one moves the others */
	nst_model_add_ns(m, "/", NST_NS_SELF, host_id);
	nst_model_add_ns(m, "/run/docker/netns/86420b3ab6fc", NST_NS_MOUNT, web_id);
	nst_model_add_ns(m, "pid:2294", NST_NS_PROCESS, app_id);
	nst_model_add_ns(m, "pid:77", NST_NS_PROCESS, (struct nst_ns_id){ 4, 303 });
	nst_model_add_ns(m, "cni-1234", NST_NS_NAMED, (struct nst_ns_id){ 4, 304 });
	nst_model_add_ns(m, "lab", NST_NS_NAMED, (struct nst_ns_id){ 4, 305 });
	struct nst_ns *host = &m->ns[0], *web = &m->ns[1], *app = &m->ns[2], *lone = &m->ns[3], *pod = &m->ns[4];

	host->self = true;
	host->ip_forward = 1;
	fixture_link(host, 1, "lo", "loopback", true);
	fixture_add_addr(fixture_link(host, 3, "docker0", "bridge", true), "172.17.0.1", 16);
	fixture_add_addr(fixture_link(host, 4, "br-1d80c203eabc", "bridge", false), "172.18.0.1", 16);
	veth(host, 5, "vethb7dc8c1", 2, 0, web_id)->master.ifindex = 3;
	veth(host, 6, "veth9", 2, 1, app_id)->master.ifindex = 3;
	fixture_link(web, 1, "lo", "loopback", true);
	fixture_add_addr(veth(web, 2, "eth0", 5, 0, host_id), "172.17.0.2", 16);
	fixture_add_addr(veth(app, 2, "eth0", 6, 0, host_id), "172.17.0.3", 16);
	nst_ns_add_pid(app, 2294);
	nst_ns_add_pid(lone, 77);

	/* docker run -p 8080:80 web1: the DOCKER chain's DNAT, one record per path as nat_paths makes them */
	x.n = 0;
	fx_dport(&x, 6, 8080);
	fx_nat(&x, 1, "172.17.0.2", 80);
	fx_docker(host, "OUTPUT", 12, &x);
	fx_docker(host, "PREROUTING", 12, &x);
	/* a rule for another port of web1's address: not the one for 8443 */
	x.n = 0;
	fx_dport(&x, 6, 9443);
	fx_nat(&x, 1, "172.17.0.2", 443);
	fx_docker(host, "PREROUTING", 13, &x);

	fx_port(fx_ctr(f, FX_WEB1, "web1", "nginx:latest"), "0.0.0.0", 8080, 80);
	fx_port(&f->ctrs[0], "", 8443, 443);
	f->ctrs[0].netns_path = xstrdup("/var/run/docker/netns/86420b3ab6fc");
	fx_cgroup(app, "docker", FX_APP1, "");
	fx_cgroup(app, "docker", FX_SIDE, "");
	fx_ctr(f, FX_APP1, "app1", "busybox");
	fx_ctr(f, FX_SIDE, "side", NULL)->c.joined = true;
	fx_cgroup(lone, "containerd", FX_LONE, "");
	fx_cgroup(pod, "containerd", "", FX_POD_UID);
	struct nst_engine_ctr *sandbox = nst_facts_add_ctr(f, "containerd", "aaaa1111bbbb2222cccc3333dddd4444");
	sandbox->c.pod = xstrdup("nginx-7d9f");
	sandbox->c.pod_ns = xstrdup("default");
	sandbox->c.infra = true;
	sandbox->pod_uid = xstrdup(FX_POD_UID);
	struct nst_engine_net *n = nst_facts_add_net(f, "docker", "bridge", "docker0");
	n->has_ns = true;
	n->ns_dev = host_id.dev;
	n->ns_ino = host_id.ino;
	n = nst_facts_add_net(f, "docker", "appnet", "br-1d80c203eabc");
	n->has_ns = true;
	n->ns_dev = host_id.dev;
	n->ns_ino = host_id.ino;

	/* what the backend's settle() does after every reading */
	nst_model_sort(m);
	nst_model_pair_peers(m);
	nst_model_attach_containers(m, f);
	nst_model_diagnose(m);
	nst_model_resolve_nat(m);
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
