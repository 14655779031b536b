/* SPDX-License-Identifier: MIT */
/* Shared by reach.c (the walk), reach_seg.c (segments, refusals) and reach_fw.c (hooks, NAT); not for others. */
#pragma once
#include "quote.h"
#include "reach.h"

#define NST_RTN_LOCAL 2

/* One NAT the request met, kept so the reply's is reversed where it was done (conntrack's view). */
struct reach_nat_done {
	struct nst_ns_id ns;
	bool dst;                 /* DNAT / redirect (the destination); else SNAT / masquerade */
	uint8_t from[16], to[16];
	uint16_t from_port, to_port; /* 0: the port was not changed */
};

struct reach_conn {
	struct reach_nat_done v[2 * NST_REACH_TTL]; /* a hop does at most one DNAT and one SNAT: never full */
	size_t n;
	bool has_orig;
	uint8_t orig_src[16];     /* the request's source before any NAT */
	struct nst_ns_id seen[NST_REACH_TTL]; /* namespaces whose hooks the request met: conntrack knows it there */
	size_t n_seen;
};

/* One direction of the walk: the packet as it is at this hop. */
struct reach_leg {
	int family;
	uint8_t dst[16];
	bool has_src;
	uint8_t src[16];
	enum nst_reach_proto proto;
	uint16_t port;            /* the request's destination port (0: icmp, or the reply) */
	bool reply;               /* ct state established: no nat chains, the request's NAT reversed */
	uint16_t sport;           /* the reply's source port (the port the destination saw) */
	uint16_t eph_lo, eph_hi;  /* the connection's own port (the request's source, the reply's destination)
				     lies here: the source's ip_local_port_range; eph_hi 0: not known */
	struct reach_conn *conn;  /* NAT done on the request (NULL: not recorded) */
};

/* Where the packet arrives after leaving by a device. */
struct reach_next {
	const struct nst_ns *ns;
	int iif;
	bool prerouted;           /* its prerouting hook already ran there (a bridge's, DNAT'd: now routed) */
};

const char *reach_ip(int family, const uint8_t *bytes, char *buf, size_t len);
size_t reach_alen(int family);
void reach_ip_prefix(struct nst_buf *b, const struct nst_ns *ns, const char *tool);
/* Fill h (result, reason, fix) for the kernel's refusal a. */
void reach_refusal(const struct nst_model *m, const struct nst_ns *ns, const struct reach_leg *g, int iif,
		   const struct nst_fib_answer *a, struct nst_reach_hop *h);
/*
 * reach_fw.c: run hook of ns for the leg's packet (in, out: the devices it came in and leaves by, NULL
 * none; they are iifname / oifname, and redirect's and masquerade's address; nh: the next hop, which
 * picks masquerade's address, NULL: the destination), append each base chain's verdict to h->hooks,
 * apply NAT to g (recorded in g->conn) and say it in h->nat. OK, or FAIL / UNKNOWN with the hop's
 * result, reason, fix and command set.
 */
enum nst_reach_verdict reach_hook(const struct nst_ns *ns, const char *hook, struct reach_leg *g,
				  const struct nst_link *in, const struct nst_link *out, const uint8_t *nh,
				  struct nst_reach_hop *h);
/* The reply at ns: the request's SNAT done here reversed on its destination (dst true, before the
 * route lookup), or its DNAT reversed on its source (dst false, after). */
void reach_unnat(const struct nst_ns *ns, struct reach_leg *g, bool dst, struct nst_reach_hop *h);
/* Follow out to the namespace owning the next hop: OK and *nx, or FAIL/UNKNOWN with h filled. A
 * bridge between two ports with br_netfilter on runs its namespace's IP hooks on g (NAT too). */
enum nst_reach_verdict reach_next_hop(const struct nst_model *m, const struct nst_ns *ns, const struct nst_link *out,
				      struct reach_leg *g, const struct nst_fib_answer *a,
				      struct nst_reach_hop *h, struct reach_next *nx);
