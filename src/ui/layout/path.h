/* SPDX-License-Identifier: MIT */
/*
 * The path an explanation found, as the graph highlights it: each hop by
 * identity (namespace inode, link ifindex), never a pointer, so it outlives
 * the model generation it came from and simply shows less when links go.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct ui_path_hop {
	struct nst_ns_id ns;
	int iif, oif;  /* ifindex in ns; 0: sent from here / delivered or refused here */
	bool failed;   /* the hop that failed (or could not be told): its own colour */
	bool start;    /* first hop of a walk (the request's, the reply's): no line from the one before */
};

struct ui_path {
	struct ui_path_hop *v;
	size_t n, cap;
};

/* A link on the path: a hop's in or out device, or one the packet crosses between two hops. */
struct ui_path_link {
	struct nst_ns_id ns;
	int ifindex;
};

struct ui_path_links {
	struct ui_path_link *v;
	size_t n, cap;
};

void ui_path_add(struct ui_path *p, const struct ui_path_hop *h);
void ui_path_clear(struct ui_path *p);
void ui_path_copy(struct ui_path *dst, const struct ui_path *src);

/*
 * The links p crosses in m: every hop's devices, and between consecutive
 * hops the shortest way on the L2 segment from the one's out device to the
 * next one's in device (veth peers, a bridge and its ports). out is cleared first.
 */
void ui_path_links(const struct nst_model *m, const struct ui_path *p, struct ui_path_links *out);
bool ui_path_has_link(const struct ui_path_links *s, struct nst_ns_id ns, int ifindex);
void ui_path_links_finish(struct ui_path_links *s);
/* Some hop of p is in ns (failed: one that failed there). */
bool ui_path_has_ns(const struct ui_path *p, struct nst_ns_id ns, bool failed);
