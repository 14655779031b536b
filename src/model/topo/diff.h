/* SPDX-License-Identifier: MIT */
/*
 * What changed between two readings of a namespace, as `ip monitor`-like
 * lines: "link vethD down", "addr add 192.168.10.2/24 dev vethB",
 * "route del default via 192.168.10.1 dev vethB", "netns add ns4",
 * "nat add ip nstop prerouting handle 4: tcp dport 9999 dnat to 192.168.10.3:9999",
 * "firewall rule add ip filter FORWARD handle 7: iifname "lab0" counter accept",
 * "firewall policy ip filter FORWARD drop".
 * Used by --monitor and the UI's status line; pure, unit-tested.
 */
#pragma once
#include "model.h"

enum nst_change_object { NST_CHG_NETNS, NST_CHG_LINK, NST_CHG_ADDR, NST_CHG_ROUTE, NST_CHG_NAT, NST_CHG_FIREWALL,
			    NST_CHG_RULE /* `ip rule` */, NST_CHG_NEXTHOP /* `ip nexthop` */,
			    NST_CHG_SYSCTL /* "sysctl net.ipv6.conf.v1.forwarding 1" (netconf, accept_local) */,
			    NST_CHG_NEIGH /* `ip neigh` */, NST_CHG_FDB /* `bridge fdb` */ };

struct nst_change {
	const char *ns;          /* namespace name */
	enum nst_change_object object;
	const char *action;      /* add, del, up, down, change, move */
	const char *name;        /* link name, address, route destination, namespace,
				    NAT rule ("ip nstop prerouting handle 4"), "ip_forward", "iptables-legacy",
				    firewall table ("ip filter"), chain ("ip filter FORWARD"), rule ("ip filter FORWARD handle 7") */
	char text[1600];         /* the whole line without the [ns] prefix: a rule's names (3 x 255) and text (511) fit */
	/* the namespace the line is about (for netns lines: the one added, deleted, renamed),
	 * by identity and by the name a person reads; id {0,0} and display NULL: not known */
	struct nst_ns_id id;
	const char *display;
};

typedef void (*nst_change_fn)(void *ctx, const struct nst_change *c);

/*
 * Links, addresses, routes and NAT rules (with ip_forward and iptables-legacy)
 * that differ between old and new readings of one namespace. NAT counters alone
 * are not a change.
 */
void nst_diff_ns(const struct nst_ns *old_ns, const struct nst_ns *new_ns, nst_change_fn fn, void *ctx);

/*
 * The whole ruleset (diff_fw.c): rules deleted, chains deleted, tables deleted,
 * tables added, chains added (a base chain with type, hook, priority, policy),
 * chains changed (policy), rules added, rules changed; within a group in dump
 * order where both readings agree (their common start and end), by identity
 * in between. A rule is (family, table,
 * chain, handle); only its counter values may differ for it to be unchanged.
 */
void nst_diff_fw(const char *nsn, const struct nst_fw_ruleset *old_rs, const struct nst_fw_ruleset *new_rs,
		 nst_change_fn fn, void *ctx);

/*
 * One object's lines, as nst_diff_ns writes them, for an event applied in
 * place (apply.h): a link (o NULL: added, n NULL: deleted, both: what moved),
 * an address, a route. ns is the namespace as it is now; lines carry its
 * identity and display name.
 */
void nst_diff_link(const struct nst_ns *ns, const struct nst_link *o, const struct nst_link *n, nst_change_fn fn,
		   void *ctx);
void nst_diff_addr_line(const struct nst_ns *ns, const struct nst_link *l, const struct nst_addr *a, bool added,
			nst_change_fn fn, void *ctx);
void nst_diff_route_line(const struct nst_ns *ns, const struct nst_route *r, bool added, nst_change_fn fn, void *ctx);

/* A namespace that appeared or vanished. */
void nst_change_netns(const char *name, bool added, nst_change_fn fn, void *ctx);

/*
 * The same with the namespace's identity and display name (diff_ns.c), and the
 * two changes a namespace may go through between its add and its del: a new
 * name (pid:2294 -> /run/docker/netns/83e6b377c157 when it gets mounted) and a
 * new display name (a container's name learnt).
 */
void nst_change_netns_id(const char *name, const char *display, struct nst_ns_id id, bool added, nst_change_fn fn,
			 void *ctx);
void nst_change_netns_rename(const char *old_name, const char *new_name, const char *display, struct nst_ns_id id,
			     nst_change_fn fn, void *ctx);
void nst_change_netns_display(const char *name, const char *old_display, const char *new_display,
			      struct nst_ns_id id, nst_change_fn fn, void *ctx);

/* Each namespace's display name as it was (before a settle), to report the ones that changed after it. */
struct nst_display_was {
	struct nst_ns_id id;
	char *display; /* ns->display: NULL when it reads as its name */
};
struct nst_display_snap {
	struct nst_display_was *v;
	size_t n, cap;
};
void nst_display_snap_take(struct nst_display_snap *s, const struct nst_model *m);
/* A display line for every namespace of m whose ns->display differs from the snapshot's (new ones: from none). */
void nst_display_snap_diff(const struct nst_display_snap *s, const struct nst_model *m, nst_change_fn fn, void *ctx);
void nst_display_snap_clear(struct nst_display_snap *s);

const char *nst_change_object_str(enum nst_change_object o);

/*
 * diff_neigh.c: "neigh add 10.0.0.2 dev veth0 lladdr aa:.. REACHABLE", "neigh change
 * 10.0.0.2 dev veth0 REACHABLE -> FAILED", "neigh del ...", "fdb add MAC dev P vlan 1
 * master br0 permanent"; changes only when nst_neigh_change_worth_a_line.
 */
void nst_diff_neighs(const struct nst_ns *old_ns, const struct nst_ns *new_ns, nst_change_fn fn, void *ctx);
/* The same with each line tagged with the namespace's identity and display, as nst_diff_ns does. */
void nst_diff_ns_neighs(const struct nst_ns *old_ns, const struct nst_ns *new_ns, nst_change_fn fn, void *ctx);
/* Into or out of FAILED / INCOMPLETE / PERMANENT / NOARP, or a new lladdr: not the REACHABLE/STALE/DELAY/PROBE churn. */
bool nst_neigh_change_worth_a_line(const struct nst_neigh *o, const struct nst_neigh *n);
