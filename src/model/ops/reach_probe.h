/* SPDX-License-Identifier: MIT */
/*
 * What a real probe saw (--probe): the packets sent and answered, and the
 * nf_tables trace events of its packets in each namespace on the way, set
 * beside the prediction. Pure data; the backend sends and traces.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reach.h"

/* One trace event (NFT_TRACETYPE_RULE / _POLICY / _RETURN) of a probe packet. */
struct nst_reach_obs_event {
	char *ns;                /* display name of the namespace it came from (by nsid); NULL: not known */
	char family[8];
	char *table, *chain;
	uint64_t rule;           /* 0: the chain's policy */
	char verdict[16];        /* accept, drop, continue, jump, return, policy ... */
	char iif[16], oif[16];
};

struct nst_reach_observed {
	char *error;             /* why the probe could not run; NULL when it ran */
	int sent, answered;      /* probes sent; replies (echo reply, SYN-ACK, datagram) received */
	bool refused;            /* an RST or ICMP unreachable came back */
	struct nst_reach_obs_event *v;
	size_t n;
	bool agrees;             /* the observed outcome and path are the predicted ones */
	char *disagreement;      /* how they differ; NULL when they agree */
};

void nst_reach_observed_free(struct nst_reach_observed *o);
