/* SPDX-License-Identifier: MIT */
/*
 * What changed between two readings of a namespace, as `ip monitor`-like
 * lines: "link vethD down", "addr add 192.168.10.2/24 dev vethB",
 * "route del default via 192.168.10.1 dev vethB", "netns add ns4",
 * "nat add ip nstop prerouting handle 4: tcp dport 9999 dnat to 192.168.10.3:9999".
 * Used by --monitor and the UI's status line; pure, unit-tested.
 */
#pragma once
#include "model.h"

enum nst_change_object { NST_CHG_NETNS, NST_CHG_LINK, NST_CHG_ADDR, NST_CHG_ROUTE, NST_CHG_NAT };

struct nst_change {
	const char *ns;          /* namespace name */
	enum nst_change_object object;
	const char *action;      /* add, del, up, down, change, move */
	const char *name;        /* link name, address, route destination, namespace,
				    NAT rule ("ip nstop prerouting handle 4"), "ip_forward", "iptables-legacy" */
	char text[768];          /* the whole line without the [ns] prefix; a NAT summary is up to 511 */
};

typedef void (*nst_change_fn)(void *ctx, const struct nst_change *c);

/*
 * Links, addresses, routes and NAT rules (with ip_forward and iptables-legacy)
 * that differ between old and new readings of one namespace. NAT counters alone
 * are not a change.
 */
void nst_diff_ns(const struct nst_ns *old_ns, const struct nst_ns *new_ns, nst_change_fn fn, void *ctx);

/* A namespace that appeared or vanished. */
void nst_change_netns(const char *name, bool added, nst_change_fn fn, void *ctx);

const char *nst_change_object_str(enum nst_change_object o);
