/* SPDX-License-Identifier: MIT */
/* Shared by reach.c (the walk) and reach_seg.c (segments, refusals, filter chains); not for others. */
#pragma once
#include "quote.h"
#include "reach.h"

#define NST_RTN_LOCAL 2

/* One direction of the walk: the packet as it is at this hop. */
struct reach_leg {
	int family;
	uint8_t dst[16];
	bool has_src;
	uint8_t src[16];
	enum nst_reach_proto proto;
	uint16_t port;
};

/* Where the packet arrives after leaving by a device. */
struct reach_next {
	const struct nst_ns *ns;
	int iif;
};

const char *reach_ip(int family, const uint8_t *bytes, char *buf, size_t len);
size_t reach_alen(int family);
void reach_ip_prefix(struct nst_buf *b, const struct nst_ns *ns, const char *tool);
/* Fill h (result, reason, fix) for the kernel's refusal a. */
void reach_refusal(const struct nst_model *m, const struct nst_ns *ns, const struct reach_leg *g, int iif,
		   const struct nst_fib_answer *a, struct nst_reach_hop *h);
/* "family table chain (hook)" of a base chain on the packet's hooks that could change the verdict, or NULL. */
char *reach_filter_chain(const struct nst_ns *ns, int family, bool forwarded, bool local);
/* Follow out to the namespace owning the next hop: OK and *nx, or FAIL/UNKNOWN with h filled. */
enum nst_reach_verdict reach_next_hop(const struct nst_model *m, const struct nst_ns *ns, const struct nst_link *out,
				      const struct reach_leg *g, const struct nst_fib_answer *a,
				      struct nst_reach_hop *h, struct reach_next *nx);
