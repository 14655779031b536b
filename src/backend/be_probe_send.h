/* SPDX-License-Identifier: MIT */
/*
 * The probe's own socket (be_probe_send.c), for be_probe.c: made in the source
 * namespace, bound so its key is known before the trace rules go in, then sent
 * and its answers read while the trace is read too.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "be_internal.h"
#include "be_trace.h"
#include "reach.h"
#include "reach_probe.h"

struct be_probe_sock {
	const struct nst_reach_probe *p;
	struct nst_reach_observed *o;
	int fd;         /* the probe's socket, made in p->from */
	uint16_t key;   /* its source port, or the echo id */
	bool got[NST_PROBE_MAX_COUNT + 1];
	bool done;      /* tcp: connected or refused */
	int refusals;   /* udp: datagrams answered by an error (port unreachable) */
};


/* The first problem that stopped the probe, into o->error (later ones are dropped). */
void be_probe_fail(struct nst_reach_observed *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* pr->fd in src, bound (to p->src when given), pr->key set: 0, or -1 with pr->o->error set. */
int be_probe_open(struct be_ns_list *list, struct be_ns *src, struct be_probe_sock *pr);
/* Send count probes (tcp: one connect), each waited for, reading tfd into sink; then the last events. */
void be_probe_send(struct be_probe_sock *pr, int tfd, struct be_trace_sink *sink, int count);
