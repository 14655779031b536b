/* SPDX-License-Identifier: MIT */
/*
 * Can a namespace reach an address, and if not why: a probe walked hop by hop,
 * then its reply. Pure reasoning: every routing decision is the kernel's, asked
 * through an oracle (the backend's be_fib.c, a table in the unit tests).
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* One FIB question: in a namespace, a packet to dst (from src when known), arriving on iif (0: sent here). */
struct nst_fib_query {
	int family;
	uint8_t dst[16];
	bool has_src;
	uint8_t src[16];
	int iif;
};

/* The kernel's answer (RTM_GETROUTE, and RTM_F_FIB_MATCH for the route itself). */
struct nst_fib_answer {
	int err;         /* 0: a route; else the kernel's -errno (ENETUNREACH, EHOSTUNREACH, EACCES, EINVAL) */
	int out_err;     /* a refused forwarded lookup: the same dst asked as sent from here (0: a route) */
	uint8_t type;    /* RTN_* of the answer */
	uint32_t table;  /* RTA_TABLE; 0 unknown */
	int oif;
	bool has_gateway;
	uint8_t gateway[16];
	bool has_prefsrc;
	uint8_t prefsrc[16];
	bool has_match;  /* the matching route's prefix (RTM_F_FIB_MATCH) */
	uint8_t match_dst[16];
	uint8_t match_len;
};

enum nst_reach_proto { NST_PROTO_ICMP, NST_PROTO_TCP, NST_PROTO_UDP };

struct nst_fib_oracle {
	/* 0 with *a the answer (a refusal too); -errno when the question could not be asked. */
	int (*lookup)(void *ctx, const struct nst_ns *ns, const struct nst_fib_query *q, struct nst_fib_answer *a);
	/* A tcp socket listening, or a udp socket bound, on addr:port (or the wildcard) in ns: 1 yes,
	 * 0 none, -errno when it cannot be asked. NULL: not checked (the hop says so). */
	int (*listening)(void *ctx, const struct nst_ns *ns, int family, enum nst_reach_proto proto,
			 const uint8_t *addr, uint16_t port);
	void *ctx;
};

enum nst_reach_verdict { NST_REACH_OK, NST_REACH_FAIL, NST_REACH_UNKNOWN };

/*
 * One hook's verdict for the packet at a hop (prerouting, input, forward,
 * output, postrouting, in kernel order), from the decoded ruleset: the chain
 * and rule that decided it, or the policy. Strings malloc'd, NULL when none.
 */
struct nst_reach_hook {
	char hook[16];
	char family[8];              /* ip, ip6, inet, bridge */
	char *table, *chain;         /* where the verdict fell (a jump's target too) */
	uint64_t rule;               /* the deciding rule's handle; 0: the chain's policy or its end */
	bool rule_uncertain;         /* the verdict is certain, the rule is not: an earlier one may match and decide */
	char *rule_text;             /* that rule in nft's words */
	enum nst_reach_verdict result; /* OK: accepted (or translated), FAIL: dropped/rejected, UNKNOWN */
	char *verdict;               /* "accept", "drop", "reject", "policy drop", "dnat to 10.1.0.2:80", "unknown: ..." */
	char *ns;                    /* whose hook it is when not the hop's namespace (a bridge's under br_netfilter) */
};

struct nst_reach_observed; /* --probe's answer (reach_probe.h) */

/* One hop: strings are malloc'd, NULL when there is nothing to say. */
struct nst_reach_hop {
	char *ns;                /* display name */
	struct nst_ns_id ns_id;  /* the namespace itself (highlighting, probes look it up by this) */
	char iif[NST_IFNAMSIZ];  /* "" sent from here */
	char oif[NST_IFNAMSIZ];  /* "" delivered here or refused */
	char *route;             /* "table main 12.0.0.0/24 via 13.0.0.1 dev vethG" */
	char *neighbour;         /* "13.0.0.1 REACHABLE on vethG" */
	char *nat;               /* "dnat 12.0.0.2:8080 -> 10.1.0.2:80 (ip nat PREROUTING handle 7)"; NULL: none */
	struct nst_reach_hook *hooks; /* the hooks this hop's packet met, in kernel order */
	size_t n_hooks;
	enum nst_reach_verdict result;
	char *reason;
	char *fix;
	char *command;           /* the command that shows the fact, every name a shell word */
};

struct nst_reach_path {
	struct nst_reach_hop *v;
	size_t n, cap;
};

struct nst_reach_probe {
	const struct nst_ns *from;
	int family;              /* AF_INET (AF_INET6 as far as the kernel answers) */
	uint8_t dst[16];
	bool has_src;
	uint8_t src[16];
	enum nst_reach_proto proto;
	uint16_t port;
};

struct nst_reach {
	int reachable;           /* 1 yes, 0 no, -1 unknown */
	bool has_src;
	uint8_t src[16];         /* the source address used (given, or the kernel's prefsrc) */
	char *reason, *fix;      /* the first failing or unknown hop's; NULL when reachable */
	struct nst_reach_path request, reply;
	struct nst_reach_observed *probe; /* NULL: no probe ran; freed by nst_reach_free */
};

#define NST_REACH_TTL 64

/* Walk p through m asking o; *out (zeroed here) holds the answer; free it with nst_reach_free. */
void nst_reach_explain(const struct nst_model *m, const struct nst_fib_oracle *o, const struct nst_reach_probe *p,
		       struct nst_reach *out);
void nst_reach_free(struct nst_reach *r);
const char *nst_reach_proto_str(enum nst_reach_proto p);
/* The first address of ns that is neither loopback nor link-local (family 0: any), or NULL. */
const struct nst_addr *nst_reach_ns_addr(const struct nst_ns *ns, int family);
