/* SPDX-License-Identifier: MIT */
/*
 * The link kinds this kernel cannot make, as the backend reports them from
 * their messages (tests/unit/test_link_kinds2.c decodes those): for the TUI
 * over a hand-built model (tests/ui/kinds_crafted.sh).
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "fixtures.h"

static struct nst_ip ip4(const char *s)
{
	struct nst_ip a = { .family = AF_INET };
	inet_pton(AF_INET, s, a.bytes);
	return a;
}

static struct nst_ip ip6(const char *s)
{
	struct nst_ip a = { .family = AF_INET6 };
	inet_pton(AF_INET6, s, a.bytes);
	return a;
}

static void lower(struct nst_link *l, int ifindex)
{
	l->lower.has = true;
	l->lower.ifindex = ifindex;
}

struct nst_model *fixture_kinds(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns_id rid = { 4, 400 }, cid = { 4, 401 };

	nst_model_add_ns(m, "/", NST_NS_SELF, rid);
	nst_model_add_ns(m, "c1", NST_NS_NAMED, cid);
	struct nst_ns *root = nst_model_find_ns(m, "/"), *c1 = nst_model_find_ns(m, "c1");
	struct nst_link *l;

	fixture_link(root, 1, "lo", "loopback", true);
	fixture_add_addr(fixture_link(root, 2, "eth0", "device", true), "10.1.1.2", 24);
	l = fixture_link(root, 3, "gre1", "gre", true);
	l->info = (struct nst_link_info){ .have = NST_LI_LOCAL | NST_LI_REMOTE | NST_LI_TTL | NST_LI_IKEY | NST_LI_OKEY |
						  NST_LI_EXTERNAL,
					  .local = ip4("10.1.1.2"), .remote = ip4("10.1.1.1"), .ttl = 64, .ikey = 7,
					  .okey = 7 };
	lower(l, 2);
	l = fixture_link(root, 4, "gnv0", "geneve", true);
	l->info = (struct nst_link_info){ .have = NST_LI_VNI | NST_LI_REMOTE | NST_LI_DSTPORT | NST_LI_EXTERNAL,
					  .vni = 5, .remote = ip4("10.1.1.1"), .dstport = 6081 };
	l = fixture_link(root, 5, "tnl6", "ip6tnl", true);
	l->info = (struct nst_link_info){ .have = NST_LI_LOCAL | NST_LI_REMOTE | NST_LI_TTL | NST_LI_PROTO,
					  .local = ip6("fd00::1"), .remote = ip6("fd00::2"), .ttl = 64, .proto = 41 };
	l = fixture_link(root, 6, "blue", "vrf", true);
	l->info = (struct nst_link_info){ .have = NST_LI_TABLE, .table = 10 };
	l = fixture_link(root, 7, "bond0", "bond", true);
	l->info = (struct nst_link_info){ .have = NST_LI_MODE | NST_LI_MIIMON | NST_LI_ACTIVE_SLAVE, .mode = 1,
					  .miimon = 100, .active_slave = 8 };
	l = fixture_link(root, 8, "m1", "dummy", true);
	l->master.ifindex = 7;
	l->info = (struct nst_link_info){ .have = NST_LI_SLAVE_STATE | NST_LI_SLAVE_MII, .slave_state = 0 };
	fixture_link(root, 9, "team0", "team", false);
	l = fixture_link(root, 10, "wg0", "wireguard", true);
	l->info = (struct nst_link_info){ .have = NST_LI_LISTEN_PORT | NST_LI_PEERS, .listen_port = 51820, .peers = 3 };
	l = fixture_link(root, 11, "nk0", "netkit", true);
	l->info = (struct nst_link_info){ .have = NST_LI_MODE | NST_LI_POLICY | NST_LI_PEER_POLICY | NST_LI_PRIMARY,
					  .mode = 1, .policy = 0, .peer_policy = 2, .primary = true };
	l->peer.has = true;
	l->peer.ifindex = 2;
	l->peer.elsewhere = true;
	l->peer.nsid = 0;
	l->peer.ns_known = true;
	l->peer.ns = cid;
	fixture_link(c1, 1, "lo", "loopback", true);
	l = fixture_link(c1, 2, "nk1", "netkit", true);
	l->info = (struct nst_link_info){ .have = NST_LI_MODE | NST_LI_POLICY | NST_LI_PEER_POLICY | NST_LI_PRIMARY,
					  .mode = 1, .policy = 2, .peer_policy = 0, .primary = false };
	l->peer.has = true;
	l->peer.ifindex = 11;
	l->peer.elsewhere = true;
	l->peer.nsid = 0;
	l->peer.ns_known = true;
	l->peer.ns = rid;
	nst_model_sort(m);
	nst_model_pair_peers(m);
	return m;
}
