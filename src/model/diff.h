/* SPDX-License-Identifier: MIT */
/*
 * What changed between two readings of a namespace, as `ip monitor`-like
 * lines: "link vethD down", "addr add 192.168.10.2/24 dev vethB",
 * "route del default via 192.168.10.1 dev vethB", "netns add ns4".
 * Used by --monitor and the UI's status line; pure, unit-tested.
 */
#pragma once
#include "model.h"

enum nst_change_object { NST_CHG_NETNS, NST_CHG_LINK, NST_CHG_ADDR, NST_CHG_ROUTE };

struct nst_change {
	const char *ns;          /* namespace name */
	enum nst_change_object object;
	const char *action;      /* add, del, up, down, change, move */
	const char *name;        /* link name, address, route destination, namespace */
	char text[256];          /* the whole line without the [ns] prefix */
};

typedef void (*nst_change_fn)(void *ctx, const struct nst_change *c);

/* Links, addresses and routes that differ between old and new readings of one namespace. */
void nst_diff_ns(const struct nst_ns *old_ns, const struct nst_ns *new_ns, nst_change_fn fn, void *ctx);

/* A namespace that appeared or vanished. */
void nst_change_netns(const char *name, bool added, nst_change_fn fn, void *ctx);

const char *nst_change_object_str(enum nst_change_object o);
