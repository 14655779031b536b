/* SPDX-License-Identifier: MIT */
/*
 * `nstop --export-script` on hand-built models: golden scripts for the
 * fixtures (GENERATE=1 rewrites them), and targeted checks of quoting, what
 * is left to the kernel, what is skipped as a comment, and command order.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"
#include "golden.h"
#include "ops.h"
#include "quote.h"
#include "render.h"
#include "unit.h"

static struct nst_model *built(struct nst_model *m)
{
	nst_model_sort(m);
	nst_model_pair_peers(m);
	nst_model_diagnose(m);
	return m;
}

/* The script, with this build's version replaced so golden files outlive releases. */
static char *script(const struct nst_model *m, const struct nst_ns *only)
{
	char *s = render_to_string(nst_render_script, m, only);
	const char *v = "(nstop " NSTOP_VERSION ")", *r = "(nstop VERSION)";
	char *at = strstr(s, v);

	if (!at) {
		return s;
	}
	char *t = malloc(strlen(s) - strlen(v) + strlen(r) + 1);
	sprintf(t, "%.*s%s%s", (int)(at - s), s, r, at + strlen(v));
	free(s);
	return t;
}

/* Whether s has this exact line. */
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

#define CHECK_LINE(s, line)                                                                     \
	do {                                                                                    \
		if (!has_line((s), (line))) {                                                   \
			fprintf(stderr, "%s:%d: missing line: %s\n", __FILE__, __LINE__, (line)); \
			unit_failures++;                                                        \
		}                                                                               \
	} while (0)

#define CHECK_NO(s, text)                                                                         \
	do {                                                                                      \
		if (strstr((s), (text))) {                                                        \
			fprintf(stderr, "%s:%d: unexpected text: %s\n", __FILE__, __LINE__, (text)); \
			unit_failures++;                                                          \
		}                                                                                 \
	} while (0)

static size_t count(const char *s, const char *text)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, text)); p += strlen(text)) {
		n++;
	}
	return n;
}

/*
 * The order rules, line by line: every `ip netns add` before any `link add`;
 * in each namespace, every route after every `addr add` and `link set ... up`;
 * NAT (nft, sysctl) in its section after everything iproute2 does.
 * The namespace of a command is the text between "ip " (and "-6 ") and its
 * object word, so "" for "/" and "-n NAME " for a named one.
 */
static void check_order(const char *s)
{
	enum { MAXNS = 256 };
	char keys[MAXNS][128];
	long first_route[MAXNS];
	size_t n_keys = 0;
	long lineno = 0, last_netns = -1, first_link_add = -1, nat = -1;
	char *copy = strdup(s), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save), lineno++) {
		if (strcmp(line, "# NAT: nstop's own rules (table ip nstop) with nft, and ip_forward where it was 1") == 0) {
			nat = lineno;
		}
		/* NAT: nft and sysctl, run in a named namespace by `ip netns exec`, last of all */
		if (strncmp(line, "nft ", 4) == 0 || strncmp(line, "sysctl ", 7) == 0 ||
		    strncmp(line, "ip netns exec ", 14) == 0) {
			CHECK(nat >= 0 && last_netns < nat);
			continue;
		}
		if (strncmp(line, "ip ", 3) != 0) {
			CHECK(line[0] == '#' || strcmp(line, "set -e") == 0 || strncmp(line, NST_SH_GUARD, strlen(line)) == 0);
			continue;
		}
		CHECK(nat < 0);
		if (strncmp(line, "ip netns add ", 13) == 0) {
			last_netns = lineno;
			continue;
		}
		char *p = line + 3;
		if (strncmp(p, "-6 ", 3) == 0) {
			p += 3;
		}
		const char *objs[] = { "link ", "addr ", "route " };
		char *obj = NULL;
		for (size_t k = 0; k < 3; k++) {
			char *o = strstr(p, objs[k]);
			if (o && (o == p || o[-1] == ' ') && (!obj || o < obj)) {
				obj = o;
			}
		}
		CHECK(obj != NULL);
		if (!obj) {
			continue;
		}
		size_t klen = (size_t)(obj - p), ki;
		for (ki = 0; ki < n_keys; ki++) {
			if (strlen(keys[ki]) == klen && strncmp(keys[ki], p, klen) == 0) {
				break;
			}
		}
		if (ki == n_keys && n_keys < MAXNS && klen < sizeof(keys[0])) {
			memcpy(keys[n_keys], p, klen);
			keys[n_keys][klen] = '\0';
			first_route[n_keys] = -1;
			n_keys++;
		}
		if (ki == n_keys) {
			continue;
		}
		if (strncmp(obj, "link add ", 9) == 0 && first_link_add < 0) {
			first_link_add = lineno;
		}
		size_t ol = strlen(obj);
		if (strncmp(obj, "addr add ", 9) == 0 || (strncmp(obj, "link set ", 9) == 0 && ol > 3 &&
							      strcmp(obj + ol - 3, " up") == 0)) {
			if (first_route[ki] >= 0) {
				fprintf(stderr, "configured after a route of its namespace: %s\n", line);
				unit_failures++;
			}
		}
		if (strncmp(obj, "route ", 6) == 0 && first_route[ki] < 0) {
			first_route[ki] = lineno;
		}
	}
	if (first_link_add >= 0) {
		CHECK(last_netns < first_link_add);
	}
	free(copy);
}

static void golden(const char *name, struct nst_model *m, const char *only)
{
	char *s = script(m, only ? nst_model_find_ns(m, only) : NULL);

	check_golden(name, s);
	check_order(s);
	free(s);
}

static void test_golden(void)
{
	struct nst_model *m = built(fixture_seed_bridge());

	golden("script_seed_bridge.sh", m, NULL);
	golden("script_seed_bridge_ns1.sh", m, "ns1");
	golden("script_seed_bridge_root.sh", m, "/");
	nst_model_destroy(m);
	m = built(fixture_myns());
	golden("script_myns.sh", m, NULL);
	nst_model_destroy(m);
	m = built(fixture_lab());
	golden("script_lab.sh", m, NULL);
	nst_model_destroy(m);
	m = built(fixture_nat());
	golden("script_nat.sh", m, NULL);
	nst_model_destroy(m);
}

/* --- a model with one of each awkward thing --- */

static void wire(struct nst_model *m, const char *ns_a, const char *a, const char *ns_b, const char *b)
{
	struct nst_ns *na = nst_model_find_ns(m, ns_a), *nb = nst_model_find_ns(m, ns_b);
	struct nst_link *la = nst_ns_find_link_name(na, a), *lb = nst_ns_find_link_name(nb, b);

	la->peer.has = lb->peer.has = true;
	la->peer.ifindex = lb->ifindex;
	lb->peer.ifindex = la->ifindex;
	la->peer.elsewhere = lb->peer.elsewhere = na != nb;
	la->peer.ns_known = lb->peer.ns_known = true;
	la->peer.ns = nb->id;
	lb->peer.ns = na->id;
	la->peer.nsid = lb->peer.nsid = na != nb ? 0 : -1;
}

static struct nst_route *route(struct nst_ns *ns, const char *dst, const char *gw, int oif, const char *scope,
			       const char *proto)
{
	struct nst_route *r = nst_ns_add_route(ns);
	char buf[64];

	snprintf(buf, sizeof(buf), "%s", dst);
	char *slash = strchr(buf, '/');
	if (strcmp(dst, "default") == 0 || strcmp(dst, "default6") == 0) {
		r->is_default = true;
		r->family = dst[7] ? AF_INET6 : AF_INET;
	} else {
		*slash = '\0';
		r->dst = fixture_addr(buf, atoi(slash + 1));
		r->family = r->dst.family;
	}
	if (gw) {
		r->has_gateway = true;
		r->gateway = fixture_addr(gw, r->family == AF_INET6 ? 128 : 32);
	}
	r->oif = oif;
	snprintf(r->scope, sizeof(r->scope), "%s", scope);
	snprintf(r->protocol, sizeof(r->protocol), "%s", proto);
	return r;
}

static struct nst_model *fixture_odd(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_link *l;

	nst_model_add_ns(m, "/", NST_NS_SELF, (struct nst_ns_id){ 9, 1 });
	nst_model_add_ns(m, "my ns", NST_NS_NAMED, (struct nst_ns_id){ 9, 2 });
	nst_model_add_ns(m, "it's", NST_NS_NAMED, (struct nst_ns_id){ 9, 3 });
	nst_model_add_ns(m, "42", NST_NS_NAMED, (struct nst_ns_id){ 9, 4 });
	nst_model_add_ns(m, "pid:77", NST_NS_PROCESS, (struct nst_ns_id){ 9, 5 });
	nst_model_add_ns(m, "/run/docker/netns/abc", NST_NS_MOUNT, (struct nst_ns_id){ 9, 6 });
	nst_model_add_ns(m, "plain-ns_1.x", NST_NS_NAMED, (struct nst_ns_id){ 9, 7 });
	struct nst_ns *root = nst_model_find_ns(m, "/"), *my = nst_model_find_ns(m, "my ns"),
		      *its = nst_model_find_ns(m, "it's"), *n42 = nst_model_find_ns(m, "42"),
		      *proc = nst_model_find_ns(m, "pid:77"), *mnt = nst_model_find_ns(m, "/run/docker/netns/abc"),
		      *plain = nst_model_find_ns(m, "plain-ns_1.x");

	nst_ns_set_label(proc, "nginx");
	nst_ns_add_pid(proc, 77);

	l = fixture_link(root, 1, "lo", "loopback", true);
	fixture_add_addr(l, "127.0.0.1", 8);
	fixture_add_addr(l, "10.255.0.1", 32);
	fixture_add_addr(l, "::1", 128);
	l = fixture_link(root, 2, "eth0", "device", true);
	fixture_add_addr(l, "192.0.2.10", 24);
	fixture_add_addr(l, "fe80::2", 64);
	l = fixture_link(root, 3, "eth0.5", "vlan", true);
	l->master.ifindex = 4;
	fixture_add_addr(l, "198.51.100.1", 24);
	l = fixture_link(root, 4, "br'0", "bridge", true);
	l->mtu = 9000;
	fixture_add_addr(l, "10.4.0.1", 24);
	fixture_link(root, 5, "v$1", "veth", true)->master.ifindex = 4;
	fixture_link(root, 6, "to42", "veth", false);
	fixture_link(root, 7, "vproc", "veth", true);
	l = fixture_link(root, 8, "lost", "veth", true);
	l->peer.has = true;
	l->peer.ifindex = 3;
	l->peer.elsewhere = true;
	l->peer.nsid = 5;
	route(root, "default", "192.0.2.1", 2, "global", "dhcp");
	route(root, "192.0.2.0/24", NULL, 2, "link", "kernel");
	route(root, "198.51.100.0/24", NULL, 3, "link", "kernel");
	route(root, "203.0.113.0/24", "198.51.100.9", 3, "global", "boot");
	route(root, "10.4.0.0/24", NULL, 4, "link", "kernel");
	route(root, "10.44.0.0/16", "10.4.0.254", 4, "global", "static");
	route(root, "10.45.0.0/16", NULL, 4, "host", "boot");
	route(root, "10.66.0.0/16", NULL, 0, "global", "boot")->type = 6; /* RTN_BLACKHOLE */
	route(root, "10.67.0.0/16", NULL, 0, "global", "boot")->table = 100;

	l = fixture_link(my, 1, "lo", "loopback", false);
	l->mtu = 1280;
	l = fixture_link(my, 2, "p\"q", "veth", true);
	l->mtu = 9000;
	fixture_add_addr(l, "10.4.0.2", 24);
	l = fixture_link(my, 3, "x1", "veth", true);
	fixture_add_addr(l, "fe80::1", 64);
	fixture_add_addr(l, "fd00::1", 64);
	fixture_add_addr(l, "10.7.0.1", 24);
	route(my, "10.7.0.0/24", NULL, 3, "link", "kernel");
	route(my, "10.4.0.0/24", NULL, 2, "link", "kernel");
	route(my, "default", "10.4.0.1", 2, "global", "boot");
	route(my, "default", "10.7.0.2", 3, "global", "boot"); /* a second hop */
	route(my, "10.9.0.0/16", "172.31.0.1", 3, "global", "boot"); /* reachable from nothing */
	route(my, "10.7.0.0/24", "10.7.0.3", 3, "global", "boot");   /* the kernel's has this dst */
	route(my, "fd00::/64", NULL, 3, "global", "kernel");
	route(my, "fe80::/64", NULL, 3, "global", "kernel");
	route(my, "ff00::/8", NULL, 3, "global", "boot");
	route(my, "fd01::/64", "fd00::2", 3, "global", "boot");
	route(my, "default6", "fe80::9", 3, "global", "ra");

	l = fixture_link(its, 1, "lo", "loopback", true);
	l = fixture_link(its, 2, "x2", "veth", false);
	fixture_link(n42, 2, "from0", "veth", true);
	fixture_link(plain, 2, "v-1", "veth", true);
	fixture_link(plain, 3, "v-2", "veth", true);
	fixture_link(proc, 2, "eth0", "veth", true);
	fixture_link(mnt, 1, "lo", "loopback", true);

	wire(m, "/", "v$1", "my ns", "p\"q");
	wire(m, "my ns", "x1", "it's", "x2");
	wire(m, "42", "from0", "/", "to42");
	wire(m, "/", "vproc", "pid:77", "eth0");
	wire(m, "plain-ns_1.x", "v-1", "plain-ns_1.x", "v-2");
	return built(m);
}

static void test_odd_names_quoted(void)
{
	struct nst_model *m = fixture_odd();
	char *s = script(m, NULL);

	CHECK_LINE(s, "ip netns add 'my ns'");
	CHECK_LINE(s, "ip netns add 'it'\\''s'");
	CHECK_LINE(s, "ip netns add 42");
	CHECK_LINE(s, "ip netns add plain-ns_1.x");
	CHECK_LINE(s, "ip link add name 'br'\\''0' mtu 9000 type bridge");
	CHECK_LINE(s, "ip link add name 'v$1' type veth peer name 'p\"q' mtu 9000 netns 'my ns'");
	CHECK_LINE(s, "ip -n 'it'\\''s' link add name x2 type veth peer name x1 netns 'my ns'");
	/* a number after netns would be a pid: the path says it is a name */
	CHECK_LINE(s, "ip link add name to42 type veth peer name from0 netns /run/netns/42");
	CHECK_LINE(s, "ip -n plain-ns_1.x link add name v-1 type veth peer name v-2");
	CHECK_LINE(s, "ip link set dev 'v$1' master 'br'\\''0'");
	CHECK_LINE(s, "ip -n 'my ns' link set dev lo mtu 1280");
	CHECK_LINE(s, "ip -n 'my ns' addr add 10.4.0.2/24 dev 'p\"q'");
	CHECK_LINE(s, "ip -n 'my ns' link set dev 'p\"q' up");
	CHECK_LINE(s, "ip -n 'it'\\''s' link set dev lo up");
	CHECK_NO(s, "link set dev x2 up");
	CHECK_NO(s, "link set dev to42 up");
	CHECK_LINE(s, "ip -n 42 link set dev from0 up");
	free(s);
	nst_model_destroy(m);
}

static void test_left_to_kernel(void)
{
	struct nst_model *m = fixture_odd();
	char *s = script(m, NULL);

	CHECK_NO(s, "fe80::1/64");
	CHECK_NO(s, "fe80::2/64");
	CHECK_NO(s, "127.0.0.1/8 dev");
	CHECK_NO(s, "::1/128 dev");
	CHECK_LINE(s, "ip addr add 10.255.0.1/32 dev lo");
	CHECK_LINE(s, "ip -n 'my ns' addr add fd00::1/64 dev x1");
	/* kernel routes, fe80::/64 and multicast are not written, not even as comments */
	CHECK_NO(s, "192.0.2.0/24");
	CHECK_NO(s, "10.4.0.0/24");
	CHECK_NO(s, "fd00::/64");
	CHECK_NO(s, "route fe80::/64");
	CHECK_NO(s, "route add fe80::/64");
	CHECK_NO(s, "ff00::/8");
	free(s);
	nst_model_destroy(m);
}

static void test_skipped_are_comments(void)
{
	struct nst_model *m = fixture_odd();
	char *s = script(m, NULL);

	CHECK_LINE(s, "# skipped pid:77: a process namespace (nginx), held only by processes, it has no name "
		      "to recreate it by; not recreated, nor its 1 link, addresses and routes");
	CHECK_LINE(s, "# skipped /run/docker/netns/abc: a mount namespace, an nsfs mount outside /run/netns; "
		      "ip netns cannot recreate it there; not recreated, nor its 1 link, addresses and routes");
	CHECK_LINE(s, "# skipped / eth0: a device without a kind (physical or a driver's); left alone");
	CHECK_LINE(s, "# skipped / eth0.5: vlan: nstop did not read its id, so it cannot write the vlan back");
	CHECK_LINE(s, "# skipped / vproc: veth whose peer pid:77:eth0 is in a process namespace, which cannot "
		      "be recreated");
	CHECK_LINE(s, "# skipped / lost: veth whose peer (ifindex 3) is in nsid 5, a namespace nstop cannot see");
	CHECK_LINE(s, "# skipped / eth0: address 192.0.2.10/24 (the link is not created by this script)");
	CHECK_LINE(s, "# skipped / eth0.5: address 198.51.100.1/24 (the link is not created by this script)");
	CHECK_LINE(s, "# skipped /: route default via 192.0.2.1 dev eth0: its device is not created by this script");
	CHECK_LINE(s, "# skipped /: route 203.0.113.0/24 via 198.51.100.9 dev eth0.5: its device is not created "
		      "by this script");
	CHECK_LINE(s, "ip route add blackhole 10.66.0.0/16");
	CHECK_LINE(s, "# skipped /: route 10.67.0.0/16 table 100: no device and no gateway");
	CHECK_LINE(s, "# skipped my ns: route default via fe80::9 dev x1: learnt from a router advertisement "
		      "(proto ra); the router announces it");
	/* nothing touches a link the script did not create, lo aside */
	CHECK_NO(s, "dev eth0 ");
	CHECK_NO(s, "dev eth0\n");
	CHECK_NO(s, "eth0.5 up");
	CHECK_NO(s, "dev vproc");
	CHECK_NO(s, "dev lost");
	CHECK_NO(s, "pid:77 link");
	CHECK_NO(s, "-n pid:77");
	free(s);
	nst_model_destroy(m);
}

static void test_routes(void)
{
	struct nst_model *m = fixture_odd();
	char *s = script(m, NULL);

	CHECK_LINE(s, "ip route add 10.45.0.0/16 dev 'br'\\''0' scope host");
	CHECK_LINE(s, "ip route add 10.44.0.0/16 via 10.4.0.254 dev 'br'\\''0' proto static");
	CHECK_LINE(s, "ip -n 'my ns' route add default via 10.4.0.1 dev 'p\"q'");
	CHECK_LINE(s, "# the destination is in the table already: appended");
	CHECK_LINE(s, "ip -n 'my ns' route append default via 10.7.0.2 dev x1");
	CHECK_LINE(s, "ip -n 'my ns' route add 10.9.0.0/16 via 172.31.0.1 dev x1 onlink");
	CHECK_LINE(s, "ip -n 'my ns' route append 10.7.0.0/24 via 10.7.0.3 dev x1");
	CHECK_LINE(s, "ip -6 -n 'my ns' route add fd01::/64 via fd00::2 dev x1");
	CHECK_INT(count(s, "route add default"), 1);
	free(s);
	nst_model_destroy(m);
}

static void test_order(void)
{
	struct nst_model *m = fixture_odd();
	char *s = script(m, NULL);

	check_order(s);
	/* the sections themselves: namespaces, links, ports, addresses, up, routes */
	const char *sections[] = { "\n# namespaces\n", "\n# links:", "\n# bridge ports\n", "\n# addresses",
				   "\n# up states\n", "\n# routes" };
	const char *prev = s;
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		const char *at = strstr(s, sections[i]);
		CHECK(at != NULL && at > prev);
		prev = at ? at : prev;
	}
	/* bridges before veths */
	CHECK(strstr(s, "type bridge") < strstr(s, "type veth"));
	const char *head = "#!/bin/bash\n# Made by nstop --export-script (nstop VERSION).\n";
	CHECK(strncmp(s, head, strlen(head)) == 0);
	CHECK(has_line(s, "set -e"));
	free(s);
	nst_model_destroy(m);
}

static void test_filtered(void)
{
	struct nst_model *m = fixture_odd();
	char *s = script(m, nst_model_find_ns(m, "my ns"));

	CHECK_LINE(s, "ip netns add 'my ns'");
	CHECK_LINE(s, "ip netns add 'it'\\''s'"); /* holds x1's peer */
	CHECK_NO(s, "ip netns add 42");
	CHECK_NO(s, "ip netns add plain");
	CHECK_LINE(s, "ip link add name 'v$1' type veth peer name 'p\"q' mtu 9000 netns 'my ns'");
	CHECK_LINE(s, "ip -n 'it'\\''s' link add name x2 type veth peer name x1 netns 'my ns'");
	CHECK_NO(s, "type bridge");
	CHECK_NO(s, " master ");
	CHECK_NO(s, "ip link set"); /* nothing of / but the veth */
	CHECK_NO(s, "ip addr");
	CHECK_NO(s, "ip route");
	CHECK_NO(s, "-n 'it'\\''s' link set");
	CHECK_NO(s, "to42");
	CHECK_NO(s, "skipped /");
	CHECK_LINE(s, "ip -n 'my ns' link set dev x1 up");
	CHECK_LINE(s, "ip -n 'my ns' route add default via 10.4.0.1 dev 'p\"q'");
	CHECK_LINE(s, "# Only namespace my ns (--ns): its links, addresses and routes. A veth to another");
	check_order(s);
	free(s);
	s = script(m, nst_model_find_ns(m, "pid:77"));
	CHECK_INT(count(s, "\nip "), 0);
	CHECK(strstr(s, "# skipped pid:77: a process namespace") != NULL);
	CHECK_NO(s, "vproc"); /* its peer in / is another namespace's business */
	free(s);
	nst_model_destroy(m);
}

/* Each veth pair once, whichever end the scan meets first and whatever either end says. */
static void test_veth_pairs_once(void)
{
	for (unsigned seed = 1; seed <= 20; seed++) {
		struct nst_model *m = built(fixture_random(seed, 12, 30));
		char *s = script(m, NULL);
		size_t expected = 0;

		for (size_t i = 0; i < m->n_ns; i++) {
			for (size_t j = 0; j < m->ns[i].n_links; j++) {
				const struct nst_link *l = &m->ns[i].links[j];
				const struct nst_ns *pns = NULL;
				const struct nst_link *peer = nst_link_peer(m, l, &pns);
				char name[40];

				if (strcmp(l->kind, "veth") != 0) {
					continue;
				}
				const struct nst_link *back = peer ? nst_link_peer(m, peer, NULL) : NULL;
				snprintf(name, sizeof(name), "name %s ", l->name);
				size_t n = count(s, name);
				snprintf(name, sizeof(name), "name %s\n", l->name);
				n += count(s, name);
				if (peer || back) {
					CHECK_INT(n, 1);
				}
				/* one pair counted from its "a" end, which always knows its peer */
				expected += l->name[strlen(l->name) - 1] == 'a' && peer;
			}
		}
		CHECK_INT(count(s, " type veth peer name "), expected);
		check_order(s);
		free(s);
		nst_model_destroy(m);
	}
}

static void test_comments_stay_comments(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *p = nst_model_add_ns(m, "pid:5", NST_NS_PROCESS, (struct nst_ns_id){ 1, 1 });
	char *s;

	nst_ns_set_label(p, "evil\nrm -rf /");
	nst_strv_add(&m->warnings, "line one\nip link del lo");
	s = script(m, NULL);
	CHECK_NO(s, "\nrm -rf");
	CHECK_NO(s, "\nip link del");
	CHECK(strstr(s, "(evil\\nrm -rf /)") != NULL);
	CHECK_LINE(s, "# nstop warned: line one\\nip link del lo");
	free(s);
	nst_model_destroy(m);
}

/* --- NAT: nstop's own rules through its edit ops, the rest named --- */

/* The lines of s from the one starting with from up to (not including) the next blank line. */
static char *section(const char *s, const char *from)
{
	const char *a = strstr(s, from), *b = a ? strstr(a, "\n\n") : NULL;

	if (!a) {
		return strdup("");
	}
	return strndup(a, b ? (size_t)(b - a) + 1 : strlen(a));
}

/* sh -n on the script: the quoting holds for the shell, not only for the eye. */
static void check_sh_syntax(const char *s)
{
	char path[] = "/tmp/nstop-test-script.XXXXXX", cmd[64];
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	CHECK(f != NULL);
	if (!f) {
		return;
	}
	fputs(s, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "sh -n %s", path);
	CHECK_INT(system(cmd), 0);
	unlink(path);
}

static void test_nat_lines(void)
{
	struct nst_model *m = built(fixture_nat());
	char *s = script(m, NULL);
	char *nat = section(s, "# NAT: ");

	/* "/" had ip_forward 1: nstop's forward, masquerade and SNAT, the table and each chain made once */
	const char *root =
		"sysctl -w net.ipv4.ip_forward=1\n"
		"nft add table ip nstop\n"
		"nft add chain ip nstop prerouting '{ type nat hook prerouting priority -100; }'\n"
		"nft add rule ip nstop prerouting 'iifname \"vethY\" tcp dport 8080 counter dnat to 7.7.7.7:80'\n"
		"# iptables -t nat -A PREROUTING -i vethY -p tcp --dport 8080 -j DNAT --to-destination 7.7.7.7:80\n"
		"nft add chain ip nstop postrouting '{ type nat hook postrouting priority 100; }'\n"
		"nft add rule ip nstop postrouting 'ip saddr 7.7.7.0/24 oifname \"vethY\" counter masquerade'\n"
		"# iptables -t nat -A POSTROUTING -o vethY -s 7.7.7.0/24 -j MASQUERADE\n"
		"nft add rule ip nstop postrouting 'ip saddr 10.1.0.0/16 counter snat to 6.6.6.6'\n"
		"# iptables -t nat -A POSTROUTING -s 10.1.0.0/16 -j SNAT --to-source 6.6.6.6\n"
		"# skipped /: 3 NAT rules of other tables, which other tools own (iptables-nft, docker, ...): "
		"ip nat (2), inet docker (1); not recreated\n";
	CHECK(strstr(nat, root) != NULL);
	/* a named namespace: nft through ip netns exec, the rule one shell word with the quote escaped */
	CHECK_LINE(s, "ip netns exec 'lab 1' nft add table ip nstop");
	CHECK_LINE(s, "ip netns exec 'lab 1' nft add chain ip nstop prerouting '{ type nat hook prerouting priority -100; }'");
	CHECK_LINE(s, "ip netns exec 'lab 1' nft add rule ip nstop prerouting "
		      "'iifname \"o'\\''1\" ip daddr 10.0.0.1 udp dport 53 counter dnat to 10.0.0.2:53'");
	/* hand-written rules of table ip nstop: from nstop's reading, with a comment; their own chain made */
	CHECK_INT(count(nat, "# in table ip nstop but not as nstop's edits write it (made by hand?): recreated as nstop "
			     "reads it\n"),
		  3);
	CHECK_LINE(s, "ip netns exec 'lab 1' nft add rule ip nstop prerouting 'tcp dport 22 dnat to 10.0.0.3'");
	CHECK_LINE(s, "ip netns exec 'lab 1' nft add chain ip nstop pre2 '{ type nat hook prerouting priority -150; }'");
	CHECK_LINE(s, "ip netns exec 'lab 1' nft add rule ip nstop pre2 'tcp dport 2222 counter dnat to 10.0.0.3:22'");
	CHECK_LINE(s, "ip netns exec 'lab 1' nft add rule ip nstop postrouting 'oifname \"eth0\" counter masquerade random'");
	CHECK_LINE(s, "# skipped lab 1: NAT rule ip nstop prerouting handle 11, meta mark 0x0000002a tcp dport 1234 dnat to "
		      "10.0.0.2: nstop does not decode all of it (a meta match that is not a field of the record), so it cannot "
		      "write it back");
	CHECK_INT(count(nat, "'lab 1' nft add table"), 1);
	CHECK_INT(count(nat, "'lab 1' nft add chain ip nstop prerouting"), 1);
	CHECK_INT(count(nat, "'lab 1' nft add chain ip nstop postrouting"), 1);
	CHECK_INT(count(nat, "nft add rule "), 8);
	/* ip_forward: 1 is set, 0 is the default, unknown is said */
	CHECK_INT(count(nat, "sysctl"), 1);
	CHECK_LINE(s, "# skipped 42: net.ipv4.ip_forward, which nstop could not read; not set");
	CHECK_LINE(s, "ip netns exec 42 nft add rule ip nstop prerouting 'tcp dport 443 counter dnat to 7.7.7.7:443'");
	CHECK_LINE(s, "# skipped 42: iptables-legacy tables, invisible to nf_tables: nstop cannot read them");
	CHECK_LINE(s, "# skipped pid:9: its 2 NAT rules: the namespace is not recreated");
	/* other tools' rules and counter values are never written */
	CHECK_NO(nat, "add rule ip nat ");
	CHECK_NO(nat, "add rule inet ");
	CHECK_NO(nat, "PREROUTING '");
	CHECK_NO(nat, "packets");
	CHECK_NO(nat, "pid:9 nft");
	CHECK_NO(nat, "myns");
	check_order(s);
	check_sh_syntax(s);
	free(nat);
	free(s);
	nst_model_destroy(m);
}

/* The script's rule lines are the action log's: the same ops, the same text. */
static void test_nat_same_as_action_log(void)
{
	struct nst_model *m = built(fixture_nat());
	char *s = script(m, NULL);
	char *cmds;
	struct nst_op op;

	nst_op_init(&op, NST_OP_NAT_FORWARD);
	nst_op_set(&op, NST_F_NS, "lab 1");
	nst_op_set(&op, NST_F_PROTO, "udp");
	nst_op_set(&op, NST_F_PORT, "53");
	nst_op_set(&op, NST_F_IIF, "o'1");
	nst_op_set(&op, NST_F_DADDR, "10.0.0.1");
	nst_op_set(&op, NST_F_TO_ADDR, "10.0.0.2");
	cmds = nst_op_commands(&op, m);
	CHECK(strstr(s, cmds) != NULL);
	free(cmds);
	nst_op_init(&op, NST_OP_NAT_MASQ);
	nst_op_set(&op, NST_F_NS, "/");
	nst_op_set(&op, NST_F_SRC, "7.7.7.0/24");
	nst_op_set(&op, NST_F_OIF, "vethY");
	cmds = nst_op_commands(&op, m);
	/* the table line was written once, before the forward: the rest follows the chain line */
	CHECK(strncmp(cmds, "nft add table ip nstop\n", 23) == 0 && strstr(s, cmds + 23) != NULL);
	free(cmds);
	nst_op_init(&op, NST_OP_IP_FORWARD);
	nst_op_set(&op, NST_F_NS, "/");
	cmds = nst_op_commands(&op, m);
	CHECK_STR(cmds, "sysctl -w net.ipv4.ip_forward=1\n");
	free(cmds);
	free(s);
	nst_model_destroy(m);
}

/* An interface name nft cannot quote: said, not written half-right. */
static void test_nat_unquotable(void)
{
	struct nst_model *m = built(fixture_nat());
	struct nst_nat_rule *r = &nst_model_find_ns(m, "/")->nat[0];
	char *s;

	snprintf(r->match.iif, sizeof(r->match.iif), "a\"b");
	snprintf(r->summary, sizeof(r->summary), "iifname \"a\"b\" tcp dport 8080 counter dnat to 7.7.7.7:80");
	s = script(m, NULL);
	CHECK_LINE(s, "# skipped /: NAT rule ip nstop prerouting handle 4, iifname \"a\"b\" tcp dport 8080 counter dnat "
		      "to 7.7.7.7:80: an interface name with a double quote cannot be written in nft syntax");
	CHECK_NO(s, "tcp dport 8080 counter dnat to 7.7.7.7:80'");
	/* the masquerade still makes the table and its chain */
	CHECK_LINE(s, "nft add table ip nstop");
	check_sh_syntax(s);
	free(s);
	nst_model_destroy(m);
}

static void test_nat_filtered(void)
{
	struct nst_model *m = built(fixture_nat());
	char *s = script(m, nst_model_find_ns(m, "lab 1"));
	char *nat = section(s, "# NAT: ");

	CHECK_LINE(s, "ip netns add 'lab 1'");
	CHECK_INT(count(nat, "ip netns exec 'lab 1' nft add rule "), 4);
	CHECK_INT(count(nat, "\nnft "), 0); /* nothing of / */
	CHECK_NO(nat, "sysctl");
	CHECK_NO(nat, "42");
	CHECK_NO(nat, "pid:9");
	check_order(s);
	check_sh_syntax(s);
	free(nat);
	free(s);
	s = script(m, nst_model_find_ns(m, "myns"));
	nat = section(s, "# NAT: ");
	CHECK_STR(nat, "# NAT: nstop's own rules (table ip nstop) with nft, and ip_forward where it was 1\n");
	free(nat);
	free(s);
	nst_model_destroy(m);
}

/* Every line of an op's commands is a command or a comment, and no byte but the line ends is a control byte. */
static void check_lines_safe(const char *cmds)
{
	for (const unsigned char *p = (const unsigned char *)cmds; *p; p++) {
		CHECK(*p == '\n' || (*p >= 0x20 && *p != 0x7f));
	}
	CHECK(!*cmds || cmds[strlen(cmds) - 1] == '\n');
}

/* A hostile interface name in a port forward: one shell word in the rule, escaped in the iptables comment. */
static void test_ops_hostile_iif(void)
{
	struct nst_op op;
	char *cmds;

	nst_op_init(&op, NST_OP_NAT_FORWARD);
	nst_op_set(&op, NST_F_NS, "/");
	nst_op_set(&op, NST_F_PROTO, "tcp");
	nst_op_set(&op, NST_F_PORT, "80");
	nst_op_set(&op, NST_F_IIF, "e\n$(touch /x);");
	nst_op_set(&op, NST_F_TO_ADDR, "10.0.0.2");
	cmds = nst_op_commands(&op, NULL);
	check_lines_safe(cmds);
	CHECK_NO(cmds, "\n$(touch");
	CHECK_LINE(cmds, "nft add rule ip nstop prerouting 'iifname \"e'$'\\012''$(touch /x);\" tcp dport 80 counter dnat to 10.0.0.2:80'");
	CHECK_LINE(cmds, "# iptables -t nat -A PREROUTING -i e\\n$(touch /x); -p tcp --dport 80 -j DNAT --to-destination 10.0.0.2:80");
	free(cmds);
	nst_op_set(&op, NST_F_IIF, "a\"b");
	cmds = nst_op_commands(&op, NULL);
	CHECK(cmds[0] == '#' && strchr(cmds, '\n') == cmds + strlen(cmds) - 1);
	free(cmds);
}

/* A chain name that would end the nft command: never written into one, said in a comment. */
static void test_ops_hostile_chain(void)
{
	struct nst_op op;
	char *cmds;

	nst_op_init(&op, NST_OP_NAT_DEL);
	nst_op_set(&op, NST_F_NS, "/");
	nst_op_set(&op, NST_F_FAMILY, "ip");
	nst_op_set(&op, NST_F_TABLE, "t");
	nst_op_set(&op, NST_F_CHAIN, "x{};delete table ip keepme;\n");
	nst_op_set(&op, NST_F_HANDLE, "4");
	cmds = nst_op_commands(&op, NULL);
	check_lines_safe(cmds);
	CHECK_STR(cmds, "# not written: delete rule ip t x{};delete table ip keepme;\\n handle 4: a name nft's command "
			"syntax cannot hold (it has no quoting for names)\n");
	free(cmds);
	nst_op_set(&op, NST_F_CHAIN, "c");
	cmds = nst_op_commands(&op, NULL);
	CHECK_STR(cmds, "nft delete rule ip t c handle 4\n");
	free(cmds);
	cmds = nst_nat_rule_commands(NULL, "/", "a;b", "prerouting", -100, "tcp dport 1 dnat to 1.2.3.4");
	CHECK(cmds[0] == '#' && !strstr(cmds, "\nnft"));
	free(cmds);
}

/* A process-held namespace is entered with nsenter (ip -n cannot), a mount by its path. */
static void test_ops_process_ns(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *p = nst_model_add_ns(m, "pid:7", NST_NS_PROCESS, (struct nst_ns_id){ 1, 1 });
	struct nst_op op;
	char *cmds;

	nst_ns_add_pid(p, 7);
	nst_model_add_ns(m, "/run/x y", NST_NS_MOUNT, (struct nst_ns_id){ 1, 2 });
	nst_op_init(&op, NST_OP_LINK_UP);
	nst_op_set(&op, NST_F_NS, "pid:7");
	nst_op_set(&op, NST_F_NAME, "eth0");
	cmds = nst_op_commands(&op, m);
	CHECK_STR(cmds, "nsenter -t 7 -n ip link set eth0 up\n");
	free(cmds);
	nst_op_set(&op, NST_F_NS, "/run/x y");
	cmds = nst_op_commands(&op, m);
	CHECK_STR(cmds, "nsenter '--net=/run/x y' ip link set eth0 up\n");
	free(cmds);
	nst_op_init(&op, NST_OP_LINK_MOVE);
	nst_op_set(&op, NST_F_NS, "/");
	nst_op_set(&op, NST_F_NAME, "eth0");
	nst_op_set(&op, NST_F_PEER_NS, "pid:7");
	cmds = nst_op_commands(&op, m);
	CHECK_STR(cmds, "ip link set eth0 netns 7\n");
	free(cmds);
	nst_op_init(&op, NST_OP_IP_FORWARD);
	nst_op_set(&op, NST_F_NS, "pid:7");
	cmds = nst_op_commands(&op, m);
	CHECK_STR(cmds, "nsenter -t 7 -n sysctl -w net.ipv4.ip_forward=1\n");
	free(cmds);
	nst_model_destroy(m);
}

/* Long names make long commands: each is whole, none cut at a fixed size. */
static void test_ops_long(void)
{
	char ns[256], peer[256];
	struct nst_op op;
	char *cmds;

	memset(ns, 'n', 255);
	ns[255] = '\0';
	memset(peer, 'p', 255);
	peer[255] = '\0';
	ns[10] = '\x1b';
	nst_op_init(&op, NST_OP_VETH_ADD);
	nst_op_set(&op, NST_F_NS, ns);
	nst_op_set(&op, NST_F_PEER_NS, peer);
	nst_op_set(&op, NST_F_NAME, "a");
	nst_op_set(&op, NST_F_PEER, "b");
	nst_op_set(&op, NST_F_ADDR, "10.0.0.1/24");
	nst_op_set(&op, NST_F_PEER_ADDR, "10.0.0.2/24");
	nst_op_set(&op, NST_F_UP, "y");
	cmds = nst_op_commands(&op, NULL);
	check_lines_safe(cmds);
	CHECK(strlen(cmds) > 1500);
	CHECK_INT(count(cmds, "\n"), 5);
	CHECK_INT(count(cmds, peer), 3);
	CHECK(strstr(cmds, "$'\\033'") != NULL);
	free(cmds);
}

UNIT_MAIN(test_golden, test_odd_names_quoted, test_left_to_kernel, test_skipped_are_comments, test_routes,
	  test_order, test_filtered, test_veth_pairs_once, test_comments_stay_comments, test_nat_lines,
	  test_nat_same_as_action_log, test_nat_unquotable, test_nat_filtered, test_ops_hostile_iif,
	  test_ops_hostile_chain, test_ops_process_ns, test_ops_long)
