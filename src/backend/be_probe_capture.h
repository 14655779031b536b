/* SPDX-License-Identifier: MIT */
/*
 * --probe's second witness (be_probe_capture.c), for be_probe.c: libpcap on
 * every device the prediction names, opened before the probe and drained after.
 */
#pragma once
#include <stdint.h>

#include "be_internal.h"
#include "reach.h"
#include "reach_probe.h"

struct be_probe_caps;

/*
 * Open a capture on each device of r's capture plan (at most
 * NST_PROBE_MAX_CAPTURES, the rest counted in o->caps_cut), inside its
 * namespace, immediate and non-blocking, filtered to p's packets of key
 * (the echo id or the source port) both ways and ICMP errors quoting them.
 * Each device gets an entry in o->caps; one that cannot be opened keeps its
 * reason there. Never fails as a whole: NULL only when nothing was opened.
 */
struct be_probe_caps *be_probe_caps_open(struct be_ns_list *list, const struct nst_reach *r,
					 const struct nst_reach_probe *p, uint16_t key, struct nst_reach_observed *o);
/* Read what each capture holds into its o->caps entry: request and reply counts, or the error. */
void be_probe_caps_drain(struct be_probe_caps *c, struct nst_reach_observed *o);
void be_probe_caps_close(struct be_probe_caps *c);
