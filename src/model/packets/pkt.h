/* SPDX-License-Identifier: MIT */
/*
 * Packets as the packet pane and --capture show them: a one-line decode like
 * `tcpdump -n -l`, a field list and hex for the detail view, and the ring of
 * the last packets seen. Pure: the bytes come from libpcap in the backend.
 *
 * The decoder reads untrusted bytes (ARCHITECTURE.md §11): every read is bounded by
 * caplen, nothing is cast into the buffer, a short or malformed frame yields
 * a line that says so ("[|tcp]", "truncated"), never a crash.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Link-layer types (pcap DLT_* values, stable ABI numbers). */
enum {
	NST_DLT_EN10MB = 1,    /* Ethernet: veth, bridge, lo */
	NST_DLT_RAW = 12,      /* raw IPv4/IPv6 (tun, wireguard) */
	NST_DLT_LINUX_SLL = 113,
	NST_DLT_LINUX_SLL2 = 276,
	NST_DLT_IPV4 = 228,
	NST_DLT_IPV6 = 229,
};

/* What a packet is, for colour in the pane. */
enum nst_pkt_class {
	NST_PKT_OTHER,
	NST_PKT_ARP,
	NST_PKT_ICMP, /* ICMP and ICMPv6 */
	NST_PKT_TCP,
	NST_PKT_UDP,
	NST_PKT_IP,   /* IPv4/IPv6 with another protocol */
	NST_PKT_BAD,  /* truncated or malformed */
};

#define NST_PKT_TEXT 320

struct nst_pkt_line {
	enum nst_pkt_class cls;
	char text[NST_PKT_TEXT]; /* the decode, without time or length; printable ASCII only */
};

/*
 * Decode one frame of link type dlt: data holds caplen bytes of a frame that
 * was wirelen bytes long. Examples of text:
 *   ARP, Request who-has 192.168.10.3 tell 192.168.10.2, length 28
 *   ARP, Reply 192.168.10.3 is-at 02:00:00:00:02:02, length 28
 *   IP 192.168.10.2 > 192.168.10.3: ICMP echo request, id 7, seq 1, length 64
 *   IP 192.168.10.2.40000 > 192.168.10.3.9999: Flags [S], seq 1234, win 64240, length 0
 *   IP 192.168.10.2.40000 > 192.168.10.3.9999: Flags [P.], seq 1235:1240, ack 100, win 502, length 5
 * (sequence numbers are absolute, as `tcpdump -S` prints them: the decoder
 * keeps no per-connection state)
 *   IP 192.168.10.2.5353 > 192.168.10.3.53: UDP, length 12
 *   IP6 fd00::1 > fd00::2: ICMP6, echo request, id 7, seq 1, length 64
 *   802.1Q vlan 10, p 0, IP 10.0.0.1 > 10.0.0.2: ICMP echo reply, id 1, seq 2, length 64
 *   IP 10.0.0.1 > 10.0.0.2: ip-proto-47, length 24
 *   ethertype 0x88cc, length 60
 */
void nst_pkt_decode(int dlt, const uint8_t *data, size_t caplen, size_t wirelen, struct nst_pkt_line *out);

/* One field of the detail view: where it is in the frame and what it says. */
struct nst_pkt_field {
	uint32_t off, len; /* bytes of the frame this field covers (len 0: a header line) */
	uint8_t depth;     /* 0 layer title ("Ethernet", "IPv4", "TCP"), 1 field */
	char name[32];
	char value[96];
};

/* Fill up to max fields of the frame (layer by layer); returns how many were written. */
size_t nst_pkt_fields(int dlt, const uint8_t *data, size_t caplen, struct nst_pkt_field *out, size_t max);

/* One hex dump row of 16 bytes from off: "0010  45 00 00 54 ...  E..T..@.@." */
void nst_pkt_hex_row(const uint8_t *data, size_t caplen, size_t off, char *buf, size_t len);

/* "12:34:56.789012" in local time, as tcpdump prints it. */
void nst_pkt_time(int64_t sec, int32_t usec, char *buf, size_t len);

/*
 * The full line of --capture and the pane: "12:34:56.789012 <decode>" (the
 * decode carries the length, as tcpdump's does).
 */
void nst_pkt_format(int64_t sec, int32_t usec, const struct nst_pkt_line *l, char *buf, size_t len);

/* ---- the ring of the last packets (pkt_ring.c) ---- */

struct nst_pkt {
	int64_t sec;
	int32_t usec;
	uint32_t caplen, wirelen;
	uint8_t *data; /* caplen bytes, owned by the ring */
	struct nst_pkt_line line;
	uint64_t seq;  /* 1 for the first packet the capture saw, increasing */
};

/*
 * Bounded twice: by count (cap slots) and by the bytes of the frames held
 * (byte_cap). A count alone is 650 MB per pane at 10 000 64 KiB GSO frames;
 * the byte budget keeps a flood of big frames to a known size while small
 * ones still fill every slot. The oldest go first, whichever bound is hit;
 * the newest is always kept, even alone over the budget.
 */
struct nst_pkt_ring {
	struct nst_pkt *v; /* cap slots, oldest at head */
	size_t cap, n, head;
	size_t bytes, byte_cap; /* caplen bytes held now / at most */
	uint64_t next_seq; /* seq of the next packet pushed */
	uint64_t evicted;  /* pushed out to make room (by count or by bytes), not cleared */
	uint64_t evicted_bytes;
};

#define NST_PKT_RING_DEFAULT 10000
#define NST_PKT_RING_BYTES_DEFAULT ((size_t)32 << 20) /* 32 MiB of frames per pane */

/* cap slots (at least 1) and the default byte budget. */
void nst_pkt_ring_init(struct nst_pkt_ring *r, size_t cap);
/* cap slots and at most byte_cap bytes of frames (0: the default). */
void nst_pkt_ring_init_bytes(struct nst_pkt_ring *r, size_t cap, size_t byte_cap);
void nst_pkt_ring_finish(struct nst_pkt_ring *r);
/* Copy a frame in (decoding it); the oldest are dropped while either bound is passed. Returns the stored packet. */
const struct nst_pkt *nst_pkt_ring_push(struct nst_pkt_ring *r, int dlt, int64_t sec, int32_t usec,
					const uint8_t *data, uint32_t caplen, uint32_t wirelen);
/* The i-th packet, 0 = oldest kept; NULL past the end. */
const struct nst_pkt *nst_pkt_ring_at(const struct nst_pkt_ring *r, size_t i);
void nst_pkt_ring_clear(struct nst_pkt_ring *r);
