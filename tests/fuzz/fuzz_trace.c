/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for --probe's trace reader (be_trace_parse): the input's
 * first byte picks the nsid it came with (none, a namespace on the path,
 * another) and the probe's protocol; the rest is one datagram of
 * NFT_MSG_TRACE messages as NFNLGRP_NFTRACE delivers it — from namespaces
 * unprivileged users own, so every byte is hostile. What it keeps is then
 * compared and rendered as text and JSON; every kept string must be a C
 * string and every event must name a namespace of the map.
 */
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be_trace.h"
#include "explain_probe.h"
#include "json_writer.h"
#include "reach_probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;
static struct nst_ns ns_x, ns_y;
static struct nst_link x_links[2];
static const struct be_trace_ns map[] = { { 7, &ns_x }, { -1, &ns_y } };

#define CSTR(s) (memchr((s), '\0', sizeof(s)) != NULL)

static void setup_once(void)
{
	if (devnull) {
		return;
	}
	devnull = fopen("/dev/null", "w");
	ns_x.name = "x";
	ns_x.id = (struct nst_ns_id){ 1, 100 };
	x_links[0].ifindex = 5;
	strcpy(x_links[0].name, "vethE");
	x_links[1].ifindex = 6;
	strcpy(x_links[1].name, "vethG");
	ns_x.links = x_links;
	ns_x.n_links = 2;
	ns_y.name = "y\033[2J";
	ns_y.id = (struct nst_ns_id){ 1, 200 };
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t l4[4] = { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMPV6 };
	static const int32_t nsids[4] = { 7, 8, -1, 0x7fffffff };
	struct be_trace_sink s;
	struct nst_reach r;

	if (size < 1) {
		return 0;
	}
	setup_once();
	memset(&s, 0, sizeof(s));
	memset(&r, 0, sizeof(r));
	r.probe = calloc(1, sizeof(*r.probe));
	if (!r.probe) {
		return 0;
	}
	s.map = map;
	s.n_map = 2;
	s.self_nsid = data[0] & 0x40 ? 7 : -2;
	s.match = (struct be_trace_match){ .family = (data[0] & 3) == 3 ? AF_INET6 : AF_INET, .l4proto = l4[data[0] & 3],
					   .key = 0x4242 };
	s.packet = 1;
	s.o = r.probe;
	/* a datagram is received into aligned memory: copy it so, as recvmsg would */
	size_t len = size - 1;
	void *buf = malloc(len ? len : 1);
	if (!buf) {
		free(r.probe);
		return 0;
	}
	memcpy(buf, data + 1, len);
	int32_t nsid = nsids[(data[0] >> 2) & 3];
	be_trace_parse(buf, len, (data[0] & 0x10) != 0, nsid, &s);
	be_trace_parse(buf, len, (data[0] & 0x10) == 0, nsid, &s); /* the same bytes again: a second datagram */
	const struct nst_reach_observed *o = r.probe;
	for (size_t i = 0; i < o->n; i++) {
		const struct nst_reach_obs_event *e = &o->v[i];
		if (!CSTR(e->family) || !CSTR(e->verdict) || !CSTR(e->iif) || !CSTR(e->oif) || !CSTR(e->hook)) {
			abort();
		}
		if (e->ns && strcmp(e->ns, "x") != 0 && strcmp(e->ns, "y\033[2J") != 0) {
			abort(); /* an event of a namespace not in the map */
		}
	}
	nst_reach_probe_compare(&r, s.match.l4proto == IPPROTO_TCP ? NST_PROTO_TCP
				    : s.match.l4proto == IPPROTO_UDP ? NST_PROTO_UDP : NST_PROTO_ICMP, r.probe);
	nst_render_explain_probe_text(&r, (data[0] & 0x20) != 0, devnull);
	struct nst_json j;
	nst_json_init(&j, devnull);
	nst_json_obj_begin(&j, NULL);
	nst_render_explain_probe_json(&j, &r);
	nst_json_obj_end(&j);
	be_trace_sink_clear(&s);
	nst_reach_free(&r); /* frees the observations too */
	free(buf);
	return 0;
}
