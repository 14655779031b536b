/* SPDX-License-Identifier: MIT */
/*
 * `nstop --export-script` for issue 13 on hand-built models, for what this
 * kernel cannot make (vlan, ipvlan, dummy, vlan_filtering, mpls, kinds nstop
 * does not recreate) and what no kernel shows twice: the lines written, the
 * order of lower and upper devices, and the comments for what is left out.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fixtures.h"
#include "neigh.h"
#include "render.h"
#include "route_text.h"
#include "unit.h"

static bool has_line(const char *s, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = s; (p = strstr(p, line)); p++) {
		if ((p == s || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0')) {
			return true;
		}
	}
	return false;
}

static const char *line_at(const char *s, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = s; (p = strstr(p, line)); p++) {
		if ((p == s || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0')) {
			return p;
		}
	}
	return NULL;
}

/* Both lines are there, a first. */
static bool before(const char *s, const char *a, const char *b)
{
	const char *pa = line_at(s, a), *pb = line_at(s, b);

	return pa && pb && pa < pb;
}

#define CHECK_LINE(s, line)                                                                     \
	do {                                                                                    \
		if (!has_line((s), (line))) {                                                   \
			fprintf(stderr, "%s:%d: missing line: %s\n", __FILE__, __LINE__, (line)); \
			unit_failures++;                                                        \
		}                                                                               \
	} while (0)

#define CHECK_NO(s, text)                                                                     \
	do {                                                                                  \
		if (strstr((s), (text))) {                                                    \
			fprintf(stderr, "%s:%d: unexpected text: %s\n", __FILE__, __LINE__, (text)); \
			unit_failures++;                                                      \
		}                                                                             \
	} while (0)

/* The one place these tests write a link's lower-device reference (it is the backend's to fill). */
static void set_lower(struct nst_link *l, const struct nst_ns *lns, int ifindex, const struct nst_ns *own)
{
	l->lower.has = true;
	l->lower.ifindex = ifindex;
	l->lower.elsewhere = lns != own;
	l->lower.nsid = lns != own ? 0 : -1;
	l->lower.ns_known = lns != NULL;
	if (lns) {
		l->lower.ns = lns->id;
	}
}

static struct nst_link *kind_link(struct nst_ns *ns, int ifindex, const char *name, const char *kind, bool up)
{
	struct nst_link *l = fixture_link(ns, ifindex, name, kind, up);

	l->mtu = 1500;
	return l;
}

static struct nst_model *script_kinds_model(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *root = nst_model_add_ns(m, "/", NST_NS_SELF, (struct nst_ns_id){ 7, 1 });
	struct nst_ns *far = nst_model_add_ns(m, "far", NST_NS_NAMED, (struct nst_ns_id){ 7, 2 });
	struct nst_link *l;

	fixture_link(root, 1, "lo", "loopback", true);
	l = kind_link(root, 2, "br0", "bridge", true);
	l->info.have = NST_LI_STP | NST_LI_FORWARD_DELAY | NST_LI_VLAN_FILTERING;
	l->info.stp_state = 0;
	l->info.forward_delay = 1500;
	l->info.vlan_filtering = true;
	/* declared upper first: the script must still make the lower first */
	l = kind_link(root, 3, "vl'5", "vlan", true);
	l->info.have = NST_LI_VLAN_ID | NST_LI_VLAN_PROTO;
	l->info.vlan_id = 5;
	l->info.vlan_proto = 0x88a8;
	set_lower(l, root, 4, root);
	l->mtu = 9000; /* the lower's: not written */
	fixture_add_addr(l, "10.5.0.1", 24);
	l = kind_link(root, 4, "d0", "dummy", true);
	l->mtu = 9000;
	l = kind_link(root, 5, "ipv0", "ipvlan", false);
	l->info.have = NST_LI_MODE;
	l->info.mode = 1; /* l3 */
	set_lower(l, root, 4, root);
	l->mtu = 9000; /* the lower's: not written */
	kind_link(root, 6, "gre1", "gre", true);
	kind_link(root, 7, "wg0", "wireguard", true);
	l = kind_link(root, 8, "eth0", "device", true);
	l = kind_link(root, 9, "mveth", "macvlan", true);
	l->info.have = NST_LI_MODE;
	l->info.mode = 4;
	set_lower(l, root, 8, root); /* a physical parent the script does not make */
	l = kind_link(root, 10, "mvlost", "macvlan", true);
	l->info.have = NST_LI_MODE;
	l->info.mode = 4;
	set_lower(l, NULL, 3, root); /* in a namespace nstop cannot see */
	l = kind_link(root, 11, "vx0", "vxlan", true);
	l->info.have = NST_LI_LEARNING; /* no VNI */
	l = kind_link(root, 12, "tun9", "tun", true);
	l->info.have = NST_LI_TUN_TYPE | NST_LI_PERSIST;
	l->info.tun_type = 1;
	l->info.persist = true;
	l = kind_link(root, 13, "ifb0", "ifb", false);
	l->mtu = 1500;
	/* a macvlan of far on root's dummy: made in /, sent to far */
	l = kind_link(far, 2, "mvf", "macvtap", true);
	l->info.have = NST_LI_MODE;
	l->info.mode = 8;
	set_lower(l, root, 4, far);
	/* 1500, not its lower's 9000: written */
	fixture_link(far, 1, "lo", "loopback", false);
	l = kind_link(far, 3, "vxf", "vxlan", true);
	l->info.have = NST_LI_VNI | NST_LI_REMOTE | NST_LI_LOCAL | NST_LI_DSTPORT | NST_LI_LEARNING;
	l->info.vni = 77;
	l->info.local = (struct nst_ip){ .family = AF_INET6, .bytes = { 0xfd, [15] = 1 } };
	l->info.remote = (struct nst_ip){ .family = AF_INET6, .bytes = { 0xff, 0x05, [15] = 2 } };
	l->info.remote_is_group = true;
	l->info.dstport = 4789;
	l->info.learning = true;
	set_lower(l, far, 2, far); /* on the macvtap: after it */
	l->mtu = 1430;             /* 1500 - 70 (IPv6): the default */

	struct nst_route *r = nst_ns_add_route(root);
	r->family = AF_INET;
	r->dst = fixture_addr("10.90.0.0", 16);
	r->oif = 4;
	snprintf(r->protocol, sizeof(r->protocol), "boot");
	snprintf(nst_route_extra(r)->encap, sizeof(r->extra->encap), "mpls 100/200");
	r = nst_ns_add_route(root);
	r->family = AF_INET;
	r->dst = fixture_addr("10.91.0.0", 16);
	r->oif = 4;
	snprintf(r->protocol, sizeof(r->protocol), "boot");
	snprintf(nst_route_extra(r)->encap, sizeof(r->extra->encap), "bpf (not decoded)");
	snprintf(nst_route_extra(r)->raw, sizeof(r->extra->raw), "0a0b");
	r = nst_ns_add_route(root);
	r->family = AF_INET;
	r->dst = fixture_addr("10.92.0.0", 16);
	r->type = 10; /* RTN_NAT: the kernel refuses to make it */
	r->table = 100;
	r = nst_ns_add_route(root);
	r->family = AF_INET;
	r->dst = fixture_addr("10.93.0.0", 16);
	r->oif = 6; /* the gre */
	r->table = 100;

	struct nst_rule *u = nst_ns_add_rule(root);
	u->family = AF_INET;
	u->priority = 0;
	u->action = 1;
	u->table = 255;
	u = nst_ns_add_rule(root);
	u->family = AF_INET;
	u->priority = 500;
	u->action = 1;
	u->table = 100;
	snprintf(u->iif, sizeof(u->iif), "it's");
	u->has_sport = true;
	u->sport_lo = u->sport_hi = 53;
	u = nst_ns_add_rule(root);
	u->family = AF_INET;
	u->priority = 501;
	u->action = 1;
	u->table = 100;
	u->undecoded = NST_RULE_UNDECODED_ADDR;
	u = nst_ns_add_rule(root);
	u->family = AF_INET;
	u->priority = 32766;
	u->action = 1;
	u->table = 254;
	/* 32767 default is gone: the script deletes it; IPv6 has none read, so none deleted */

	nst_model_sort(m);
	nst_model_pair_peers(m);
	nst_model_diagnose(m);
	return m;
}

static void test_kinds_written(void)
{
	struct nst_model *m = script_kinds_model();
	char *s = render_to_string(nst_render_script, m, NULL);

	CHECK_LINE(s, "ip link add name br0 type bridge vlan_filtering 1");
	CHECK_LINE(s, "ip link add name d0 mtu 9000 type dummy");
	CHECK_LINE(s, "ip link add link d0 name 'vl'\\''5' type vlan protocol 802.1ad id 5");
	CHECK_LINE(s, "ip link add link d0 name ipv0 type ipvlan mode l3");
	CHECK_LINE(s, "ip link add name ifb0 type ifb");
	CHECK_LINE(s, "ip tuntap add mode tun name tun9");
	CHECK_LINE(s, "ip link add link d0 name mvf mtu 1500 netns far type macvtap mode passthru");
	CHECK_LINE(s, "ip -n far link add name vxf type vxlan id 77 local fd00::1 group ff05::2 dev mvf dstport 4789");
	CHECK_LINE(s, "ip addr add 10.5.0.1/24 dev 'vl'\\''5'");
	CHECK_LINE(s, "ip link set dev 'vl'\\''5' up");
	CHECK_NO(s, "ipv0 up");
	/* lower devices first, and up first */
	CHECK(before(s, "ip link add name d0 mtu 9000 type dummy",
		     "ip link add link d0 name 'vl'\\''5' type vlan protocol 802.1ad id 5"));
	CHECK(before(s, "ip link add link d0 name mvf mtu 1500 netns far type macvtap mode passthru",
		     "ip -n far link add name vxf type vxlan id 77 local fd00::1 group ff05::2 dev mvf dstport 4789"));
	CHECK(before(s, "ip link set dev d0 up", "ip link set dev 'vl'\\''5' up"));
	CHECK(before(s, "ip -n far link set dev mvf up", "ip -n far link set dev vxf up"));
	free(s);
	nst_model_destroy(m);
}

static void test_kinds_skipped(void)
{
	struct nst_model *m = script_kinds_model();
	char *s = render_to_string(nst_render_script, m, NULL);
	const char *all = " is not recreated (nstop recreates veth, bridge, macvlan, macvtap, ipvlan, vlan, vxlan, "
			  "persistent tun/tap, ifb, dummy and lo)";
	char want[512];

	snprintf(want, sizeof(want), "# skipped / gre1: kind gre%s", all);
	CHECK_LINE(s, want);
	snprintf(want, sizeof(want), "# skipped / wg0: kind wireguard%s", all);
	CHECK_LINE(s, want);
	CHECK_LINE(s, "# skipped / mveth: macvlan: its lower device /:eth0 is not created by this script");
	CHECK_LINE(s, "# skipped / mvlost: macvlan: its lower device is in a namespace nstop cannot see");
	CHECK_LINE(s, "# skipped / vx0: vxlan: nstop did not read its id (VNI), so it cannot write the vxlan back");
	CHECK_NO(s, "dev mveth");
	CHECK_NO(s, "name mvlost");
	CHECK_NO(s, "name vx0");
	CHECK_NO(s, "name gre1");
	free(s);
	nst_model_destroy(m);
}

static void test_routes_and_rules(void)
{
	struct nst_model *m = script_kinds_model();
	char *s = render_to_string(nst_render_script, m, NULL);

	CHECK_LINE(s, "ip route add 10.90.0.0/16 encap mpls 100/200 dev d0");
	CHECK_LINE(s, "# skipped /: route 10.91.0.0/16 dev d0: its encap (bpf (not decoded)) is not one this script "
		      "writes back");
	CHECK_LINE(s, "# skipped /: route nat 10.92.0.0/16 table 100: a route of type 10: not one ip route add makes");
	CHECK_LINE(s, "# skipped /: route 10.93.0.0/16 dev gre1 table 100: its device is not created by this script");
	CHECK_LINE(s, "ip rule del priority 32767 table 253");
	CHECK_NO(s, "ip -6 rule del");
	CHECK_NO(s, "priority 32766");
	CHECK_NO(s, "rule add priority 0 ");
	CHECK_LINE(s, "ip rule add priority 500 iif 'it'\\''s' sport 53 table 100");
	CHECK_LINE(s, "# skipped /: inet rule 501: from all lookup 100 (an address selector not decoded): nstop did not decode "
		      "all of it");
	free(s);
	nst_model_destroy(m);
}

/* Nexthop objects: single hops before groups; one the script cannot write is a comment, and so is every route naming it. */
static void test_nexthops(void)
{
	struct nst_model *m = script_kinds_model();
	struct nst_ns *root = nst_model_find_ns(m, "/");
	struct nst_nhobj *o;

	o = nst_ns_add_nhobj(root, 2); /* declared first: still written after its members */
	o->id = 10;
	o->group[0] = (struct nst_nh_member){ 1, 1 };
	o->group[1] = (struct nst_nh_member){ 2, 3 };
	o = nst_ns_add_nhobj(root, 0);
	o->id = 1, o->family = AF_INET, o->oif = 4, o->has_gateway = true;
	o->gateway = fixture_addr("10.5.0.9", 32);
	o = nst_ns_add_nhobj(root, 0);
	o->id = 2, o->family = AF_INET, o->blackhole = true;
	o = nst_ns_add_nhobj(root, 0);
	o->id = 3, o->family = AF_INET, o->oif = 6; /* on gre1: not made by the script */
	o = nst_ns_add_nhobj(root, 1);
	o->id = 11, o->group_type = 1; /* resilient, but the kernel said no bucket count */
	o->group[0] = (struct nst_nh_member){ 1, 1 };
	struct nst_route *r = nst_ns_add_route(root);
	r->family = AF_INET, r->type = NST_RTN_UNICAST, r->table = NST_RT_TABLE_MAIN, r->nh_id = 10;
	r->dst = fixture_addr("10.94.0.0", 16);
	r = nst_ns_add_route(root);
	r->family = AF_INET, r->type = NST_RTN_UNICAST, r->table = NST_RT_TABLE_MAIN, r->nh_id = 3, r->oif = 6;
	r->dst = fixture_addr("10.95.0.0", 16);
	nst_model_sort(m); /* objects by id, as the backend leaves them */
	char *s = render_to_string(nst_render_script, m, NULL);

	CHECK_LINE(s, "ip nexthop add id 1 via 10.5.0.9 dev d0");
	CHECK_LINE(s, "ip nexthop add id 2 blackhole");
	CHECK_LINE(s, "ip nexthop add id 10 group 1/2,3");
	CHECK(before(s, "ip nexthop add id 2 blackhole", "ip nexthop add id 10 group 1/2,3"));
	CHECK_LINE(s, "# skipped /: nexthop id 3 dev gre1: its device is not created by this script");
	CHECK_LINE(s, "# skipped /: nexthop id 11 group 1 type resilient: a resilient group whose bucket count the "
		      "kernel did not say");
	CHECK_LINE(s, "ip route add 10.94.0.0/16 nhid 10");
	CHECK(before(s, "ip nexthop add id 10 group 1/2,3", "ip route add 10.94.0.0/16 nhid 10"));
	CHECK_LINE(s, "# skipped /: route 10.95.0.0/16 dev gre1: its nexthop object 3 is not recreated");
	CHECK_NO(s, "nhid 3");
	free(s);
	nst_model_destroy(m);
}

/* Neighbours: permanent ones and static FDB entries are written (names quoted), learnt ones are not. */
static void test_neighbours(void)
{
	struct nst_model *m = script_kinds_model();
	struct nst_ns *root = nst_model_find_ns(m, "/");
	struct nst_neigh n = { .family = AF_INET, .ifindex = 3, .has_addr = true, .addr_family = AF_INET,
			       .addr = { 10, 5, 0, 7 }, .lladdr = { 2, 0, 0, 0, 0, 7 }, .lladdr_len = 6,
			       .state = NST_NUD_PERMANENT };

	nst_ns_add_neigh(root, &n); /* on vl'5 */
	n.ifindex = 6;              /* on gre1, which the script does not make */
	nst_ns_add_neigh(root, &n);
	n.ifindex = 3, n.state = NST_NUD_REACHABLE, n.addr[3] = 8; /* learnt */
	nst_ns_add_neigh(root, &n);
	struct nst_neigh f = { .family = NST_AF_BRIDGE, .ifindex = 4, .lladdr = { 2, 0, 0, 0, 0, 0x77 }, .lladdr_len = 6,
			       .state = NST_NUD_NOARP, .master = 2, .has_vlan = true, .vlan = 10 };
	nst_ns_add_neigh(root, &f);
	f.state = NST_NUD_PERMANENT, f.lladdr[5] = 0x78; /* a port's own address */
	nst_ns_add_neigh(root, &f);
	struct nst_neigh px = { .family = AF_INET, .ifindex = 0, .has_addr = true, .addr_family = AF_INET,
				.addr = { 10, 5, 0, 61 }, .flags = NST_NTF_PROXY }; /* a proxy of no device */
	nst_ns_add_neigh(root, &px);
	nst_ns_sort_neighs(root);
	char *s = render_to_string(nst_render_script, m, NULL);

	CHECK_LINE(s, "ip neigh add 10.5.0.7 lladdr 02:00:00:00:00:07 dev 'vl'\\''5' nud permanent");
	CHECK_LINE(s, "# skipped /: neigh 10.5.0.7 dev gre1: its device is not created by this script");
	CHECK_NO(s, "10.5.0.8");
	CHECK_LINE(s, "bridge fdb add 02:00:00:00:00:77 dev d0 master static vlan 10");
	CHECK_LINE(s, "ip neigh add proxy 10.5.0.61");
	CHECK_NO(s, "00:78");
	free(s);
	nst_model_destroy(m);
}

/* --ns far: the macvtap's lower lives in /, which this script does not make. */
static void test_kinds_filtered(void)
{
	struct nst_model *m = script_kinds_model();
	char *s = render_to_string(nst_render_script, m, nst_model_find_ns(m, "far"));

	CHECK_LINE(s, "# skipped far mvf: macvtap: its lower device /:d0 is not created by this script");
	CHECK_LINE(s, "# skipped far vxf: vxlan: its lower device far:mvf is not created by this script");
	CHECK_NO(s, "type dummy");
	CHECK_NO(s, "type macvtap");
	CHECK_NO(s, "type vxlan");
	free(s);
	nst_model_destroy(m);
}

UNIT_MAIN(test_kinds_written, test_kinds_skipped, test_routes_and_rules, test_nexthops, test_neighbours, test_kinds_filtered)
