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

/* The table the backend installs in each namespace on the path; its chains are named after their hooks. */
#define NST_TRACE_TABLE "nstop_trace"
/* Events kept of one probe: a hostile namespace can make its packets loop through many rules. */
#define NST_PROBE_MAX_EVENTS 512
#define NST_PROBE_MAX_COUNT 3
/* Devices captured on (each hop's iif and oif, request and reply, each once): more are cut, and said so. */
#define NST_PROBE_MAX_CAPTURES 32

/* One trace event (NFT_TRACETYPE_RULE / _POLICY / _RETURN) of a probe packet. */
struct nst_reach_obs_event {
	char *ns;                /* display name of the namespace it came from (by nsid); NULL: not known */
	struct nst_ns_id ns_id;  /* that namespace (the backend maps the nsid through the model) */
	char family[8];
	char *table, *chain;
	uint64_t rule;           /* 0: the chain's policy */
	char verdict[16];        /* accept, drop, continue, jump, goto, return, break, queue, stolen */
	char iif[16], oif[16];
	char hook[16];           /* prerouting, input, forward, output, postrouting ("" unknown) */
	bool reply;              /* the packet is the reply (or an ICMP error about the probe) */
	bool ours;               /* nstop's own trace chain: it says only that the packet met that hook */
	char *target;            /* a jump's or goto's chain; NULL: none */
	int packet;              /* which probe (1..sent) was the latest sent when it was read */
};

/* What a capture on one device of the predicted path saw of the probe's packets (libpcap, both ways). */
struct nst_reach_obs_capture {
	char *ns;                /* display name of its namespace */
	struct nst_ns_id ns_id;
	char dev[NST_IFNAMSIZ];
	int request, reply;      /* packets seen going the request's way (sport = key, echo request) and back
				  * (dport = key, echo reply, an ICMP error quoting the probe) */
	char *error;             /* why it could not be opened or read; NULL: it captured */
};

/* Where the prediction says a device meets the probe (nst_reach_probe_capture_plan). */
enum {
	NST_CAP_REQ_IN = 1,   /* the request arrives by it (a hop's iif) */
	NST_CAP_REQ_OUT = 2,  /* the request leaves by it (a hop's oif) */
	NST_CAP_REP_IN = 4,
	NST_CAP_REP_OUT = 8,
	NST_CAP_REQ_PAST = 16, /* the oif of the hop the request is predicted to stop in: must see none */
};

struct nst_reach_cap_plan {
	const char *ns;          /* borrowed from the prediction's hop */
	struct nst_ns_id ns_id;
	const char *dev;         /* borrowed */
	unsigned roles;          /* NST_CAP_* */
};

/* What became of the probe, from the answers and the trace (nst_reach_probe_compare). */
enum nst_probe_outcome {
	NST_PROBE_ANSWERED,  /* a reply came back: echo reply, SYN-ACK, datagram */
	NST_PROBE_DELIVERED, /* udp: no reply, but the trace saw it accepted at the destination's input hook */
	NST_PROBE_REFUSED,   /* an RST or ICMP unreachable came back, or the source refused to send */
	NST_PROBE_DROPPED,   /* a traced rule or policy dropped it */
	NST_PROBE_LOST,      /* no answer, and no drop the trace could see */
	NST_PROBE_FAILED,    /* the probe could not run (error) */
};

struct nst_reach_observed {
	char *error;             /* why the probe could not run; NULL when it ran */
	int sent, answered;      /* probes sent; replies (echo reply, SYN-ACK, datagram) received */
	bool refused;            /* an RST or ICMP unreachable came back */
	int send_err;            /* the source's own refusal to send (errno: ENETUNREACH...); 0 none */
	int refused_err;         /* the error an answer carried (ECONNREFUSED, EHOSTUNREACH...); 0 none */
	bool events_lost;        /* the trace socket overflowed, or NST_PROBE_MAX_EVENTS was reached */
	uint64_t elapsed_ms;     /* from the first packet sent to the last event read */
	struct nst_reach_obs_event *v;
	size_t n, cap;
	struct nst_reach_obs_capture *caps; /* per device the prediction names (be_probe_capture.c) */
	size_t n_caps, cap_caps;
	size_t caps_cut;         /* devices left out past NST_PROBE_MAX_CAPTURES */
	/* Filled by nst_reach_probe_compare: */
	enum nst_probe_outcome outcome;
	const struct nst_reach_obs_event *drop; /* the event that dropped it (into v); NULL none */
	bool compared;           /* false: the prediction was unknown (or the probe failed): nothing to agree with */
	bool agrees;             /* the observed outcome and path are the predicted ones */
	char *disagreement;      /* how they differ; NULL when they agree */
	char *summary;           /* "answered from h2", "dropped in x by ip filt gate rule 3" */
};

/* A new zeroed event at the end of o->v, or NULL when NST_PROBE_MAX_EVENTS are kept (events_lost set). */
struct nst_reach_obs_event *nst_reach_observed_add(struct nst_reach_observed *o);
void nst_reach_observed_free(struct nst_reach_observed *o);
/* A new zeroed capture at the end of o->caps (no cap here: the plan is already bounded). */
struct nst_reach_obs_capture *nst_reach_observed_add_capture(struct nst_reach_observed *o);

/*
 * The devices the prediction r names, each (namespace, device) once, in path
 * order: every hop's iif and oif of the request and, when r->reachable is 1,
 * of the reply. Up to max into v; returns how many there are (may exceed max).
 */
size_t nst_reach_probe_capture_plan(const struct nst_reach *r, struct nst_reach_cap_plan *v, size_t max);

/*
 * The namespaces the request (reply false) or the reply passed, in order,
 * consecutive repeats folded: up to max into ids (and their names into names,
 * may be NULL); returns how many there are (may exceed max).
 */
size_t nst_reach_observed_path(const struct nst_reach_observed *o, bool reply, struct nst_ns_id *ids,
			       const char **names, size_t max);

/*
 * Decide o's outcome and compare it with the prediction r: the outcome
 * (reachable means answered, for udp delivered too), the namespaces in order
 * (request and reply), and for a predicted drop the chain and rule that
 * dropped it, and the captures: each device the prediction crosses must
 * have seen the packet going its way, and the one past a predicted stop
 * none. Sets outcome, drop, summary, compared, agrees, disagreement.
 */
void nst_reach_probe_compare(const struct nst_reach *r, enum nst_reach_proto proto, struct nst_reach_observed *o);
const char *nst_probe_outcome_str(enum nst_probe_outcome v);
/* "ip filt gate rule 3" / "inet t c policy": where e fell, into buf. */
const char *nst_reach_obs_where(const struct nst_reach_obs_event *e, char *buf, size_t len);
