/* SPDX-License-Identifier: MIT */
/*
 * The probe's nf_tables tracing (be_trace.c), shared with be_probe.c only:
 * the temporary `inet nstop_trace` table, the one NFNLGRP_NFTRACE listener
 * and the parser that turns its events into observations.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "reach_probe.h"

struct mnl_socket;

/* Which packets the trace rules mark: see be_trace_install. */
struct be_trace_match {
	int family;      /* AF_INET, AF_INET6 */
	uint8_t l4proto; /* IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP */
	uint16_t key;    /* host order: the probe's source port (tcp, udp) or echo id (icmp) */
};

/*
 * Add, on nl (a netfilter socket inside the namespace, kept open until
 * be_trace_remove: the table is owned by it, so the kernel deletes it when
 * the socket closes, a SIGKILL too), table inet nstop_trace with one chain
 * per hook at priority -350 and, on prerouting and output, rules that set
 * `meta nftrace` for m's packets both ways and ICMP errors about them.
 * 0 or -errno with the kernel's words in why.
 */
int be_trace_install(struct mnl_socket *nl, const struct be_trace_match *m, char *why, size_t why_len);
/* Delete it again (DELTABLE): 0, -ENOENT when there is none, -errno. */
int be_trace_remove(struct mnl_socket *nl, char *why, size_t why_len);
/* Whether the namespace has one (GETTABLE): 1, 0, or -errno. */
int be_trace_exists(struct mnl_socket *nl);

/* One NETLINK_NETFILTER socket in nstop's namespace, in NFNLGRP_NFTRACE, hearing every namespace with an nsid. */
int be_trace_listen(void);

/* Where an nsid's events go: the namespace it names in nstop's own (self: no nsid in the message). */
struct be_trace_ns {
	int32_t nsid; /* -1: nstop's own namespace */
	const struct nst_ns *ns;
};

struct be_trace_slot; /* per packet in a namespace: its direction, probe number, hook */

struct be_trace_sink {
	const struct be_trace_ns *map;
	size_t n_map;
	int32_t self_nsid;         /* the nsid nstop's namespace has for itself, when it has one; else -2 */
	struct be_trace_match match;
	int packet;                /* the probe sent last (udp, tcp); icmp takes the echo's sequence */
	struct nst_reach_observed *o;
	uint64_t foreign;          /* events of namespaces off the path, or of other packets: ignored */
	struct be_trace_slot *slots;
	size_t n_slots;
};

/*
 * Read what is queued on fd (non-blocking) into sink->o: -EAGAIN when it
 * is drained, -ENOBUFS noted as events_lost, 0 on reading something.
 */
int be_trace_read(int fd, struct be_trace_sink *sink);
/* One datagram of trace messages as received, nsid from its cmsg (has_nsid false: nstop's own namespace). */
void be_trace_parse(const void *buf, size_t len, bool has_nsid, int32_t nsid, struct be_trace_sink *sink);
void be_trace_sink_clear(struct be_trace_sink *sink);
