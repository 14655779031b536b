/* SPDX-License-Identifier: MIT */
/* Models built by hand, shaped like what the backend reports for the seed's topologies. */
#pragma once
#include <stdio.h>

#include "model.h"

/* "/" with mybridge (192.168.10.1/24) and ports vethA/vethC; ns1/ns2 with vethB/vethD. */
struct nst_model *fixture_seed_bridge(void);

/* The seed's myns: "/" with lo and vethY (6.6.6.6/24), myns with lo (down) and vethZ (7.7.7.7/24). */
struct nst_model *fixture_myns(void);

/*
 * One of everything the graph view draws: a bridge with a nested bond, ports
 * into two namespaces, a chain one column further, a veth between two
 * namespaces of the same column, a veth inside "/", an unknown peer, a down
 * link, a second connected group (left, right) and an isolated namespace.
 */
struct nst_model *fixture_lab(void);

/*
 * n namespaces: "/" with bridge br0; ns001..: most hang off br0 by a veth,
 * every 4th is wired to the one before it instead, every 10th has only lo.
 */
struct nst_model *fixture_many(int n);

/*
 * A pseudo-random topology from seed: n_ns namespaces, some with a bridge,
 * n_veth veth pairs between random namespaces (both ends may share one),
 * some ports of the bridge, some with a peer nstop cannot see.
 */
struct nst_model *fixture_random(unsigned seed, int n_ns, int n_veth);

/*
 * NAT as the backend reports it (rules decoded from expressions): "/" with
 * ip_forward 1, nstop's port forward, masquerade and SNAT, and rules of
 * other tables; "lab 1" (ip_forward 0) with nstop's forward to an interface
 * named o'1 and hand-written rules in table ip nstop: no counter, another
 * chain, a ct match, masquerade random; "42" with ip_forward unknown and
 * iptables-legacy; "pid:9" with rules nobody can recreate.
 */
struct nst_model *fixture_nat(void);

/*
 * A Docker host after settle(): "/" with docker0 (two ports) and an empty
 * br-1d80c203eabc (appnet), DNATs for 8080 -> web1:80 and 9443; web1 (a mount,
 * by path) publishing 8080 and 8443; app1+side sharing pid:2294; pid:77
 * known by its cgroup only; the pod default/nginx-7d9f in cni-1234; lab.
 */
struct nst_model *fixture_docker(void);

/* fixtures_kinds.c: "/" with a gre over eth0, geneve, ip6tnl, vrf, bond with member m1, team, wireguard, and a
 * netkit whose peer is in c1: the kinds this kernel cannot make, as the backend reports them. */
struct nst_model *fixture_kinds(void);

/* Render with fn into a malloc'd string. */
char *render_to_string(void (*fn)(const struct nst_model *, const struct nst_ns *, FILE *),
		       const struct nst_model *m, const struct nst_ns *only);

struct nst_addr fixture_addr4(const char *s, int prefix);
/* An IPv4 or IPv6 address from text ("fd00::1" has a colon). */
struct nst_addr fixture_addr(const char *s, int prefix);
void fixture_add_addr(struct nst_link *l, const char *s, int prefix);
/* A link with kind, operstate and the usual mtu (65536 for loopback). */
struct nst_link *fixture_link(struct nst_ns *ns, int ifindex, const char *name, const char *kind, bool up);
