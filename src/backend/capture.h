/* SPDX-License-Identifier: MIT */
/*
 * Live packet capture on one interface in any namespace (libpcap): opened
 * inside the namespace (the packet socket stays bound there), non-blocking,
 * with a pollable fd for the caller's loop. Packets go into a model ring.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "backend.h"
#include "pkt.h"

struct be_live;
struct be_capture;

struct be_capture_stats {
	uint64_t received; /* pcap_stats ps_recv: packets the filter passed */
	uint64_t dropped;  /* ps_drop: dropped by the kernel (buffer full) */
};

/*
 * Capture on ifname in namespace ns (as the live backend knows it), with an
 * optional BPF filter (tcpdump syntax; NULL or "" for none). Not promiscuous:
 * nstop watches, it does not change the interface's flags. 0, or -errno with
 * err->msg carrying pcap's own message.
 */
/*
 * Whether libpcap would take ifname for one of its own capture sources rather
 * than a network device ("any", "nflog", "nfqueue", "dbus-system", "usbmon0",
 * "bluetooth0" ...): a namespace's owner can name a device so, and root nstop
 * must not then bind a netfilter queue or connect to the host's bus. Real
 * device names never hold ':' (the kernel refuses them), libpcap's often do.
 */
bool be_pcap_pseudo_name(const char *ifname);

int be_capture_open(struct be_live *live, struct nst_ns_id ns, const char *ifname, const char *filter,
		    struct be_capture **out, struct be_error *err);
void be_capture_close(struct be_capture *c);

int be_capture_fd(const struct be_capture *c);
int be_capture_dlt(const struct be_capture *c);
const char *be_capture_dlt_name(const struct be_capture *c); /* "EN10MB", as tcpdump says it */

/* Replace the filter; on a bad one the old filter stays and err says why. */
int be_capture_set_filter(struct be_capture *c, const char *filter, struct be_error *err);

/*
 * Read what is ready (never blocks) into ring, calling on_pkt for each packet
 * (may be NULL), at most max packets (<= 0: all that is buffered). Returns
 * the number read, or -1 when the capture has ended (interface gone, namespace
 * gone) with err->msg saying why.
 */
int be_capture_dispatch(struct be_capture *c, struct nst_pkt_ring *ring, int max,
			void (*on_pkt)(void *ctx, const struct nst_pkt *p), void *ctx, struct be_error *err);

int be_capture_stats(struct be_capture *c, struct be_capture_stats *st);

/* Also write every packet dispatched from now on to path (a pcap file); refuses to overwrite. */
int be_capture_write_to(struct be_capture *c, const char *path, struct be_error *err);

/* Save the packets in ring as a pcap file (link type dlt); refuses to overwrite an existing file. */
int be_pcap_save(const struct nst_pkt_ring *ring, int dlt, const char *path, struct be_error *err);
