/* SPDX-License-Identifier: MIT */
/*
 * --probe (be_probe.c, be_trace.c): a real packet along a predicted path,
 * traced by nf_tables in every namespace on it and captured by libpcap on
 * every device the prediction names. For the app.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "backend.h"
#include "reach_probe.h"

/* Whether this process may probe (CAP_NET_ADMIN and CAP_SYS_ADMIN): false with the reason in why. */
bool be_probe_allowed(char *why, size_t len);

/*
 * Remove every `inet nstop_trace` a probe left behind (one killed before it
 * cleaned up, on a kernel that did not remove its owned table): every
 * namespace nstop sees. Tables a running probe owns are left alone. How
 * many were removed, or -errno (err says why). Call it at the start of
 * --explain --probe and of the TUI when not read-only.
 */
int be_trace_sweep(struct be_error *err);

/*
 * Send p's probe (icmp echo, tcp SYN, udp datagram) count times (1 to
 * NST_PROBE_MAX_COUNT; tcp connects once) from a socket made in p->from,
 * traced in every namespace of r's request and reply, and stop by itself
 * within 2 s. *out gets the observations (nst_reach_probe_compare decides
 * them): a probe that could not run says why in (*out)->error and returns 0.
 * -EPERM (err says why) without the capabilities: nothing is touched then.
 */
int be_probe_run(const struct nst_model *m, const struct nst_reach_probe *p, const struct nst_reach *r, int count,
		 struct nst_reach_observed **out, struct be_error *err);
