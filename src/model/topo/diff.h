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

enum nst_change_object { NST_CHG_NETNS, NST_CHG_LINK, NST_CHG_ADDR, NST_CHG_ROUTE, NST_CHG_NAT, NST_CHG_FIREWALL };

struct nst_change {
	const char *ns;          /* namespace name */
	enum nst_change_object object;
	const char *action;      /* add, del, up, down, change, move */
	const char *name;        /* link name, address, route destination, namespace,
				    NAT rule ("ip nstop prerouting handle 4"), "ip_forward", "iptables-legacy",
				    firewall table ("ip filter"), chain ("ip filter FORWARD"), rule ("ip filter FORWARD handle 7") */
	char text[1600];         /* the whole line without the [ns] prefix: a rule's names (3 x 255) and text (511) fit */
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

/* A namespace that appeared or vanished. */
void nst_change_netns(const char *name, bool added, nst_change_fn fn, void *ctx);

const char *nst_change_object_str(enum nst_change_object o);
