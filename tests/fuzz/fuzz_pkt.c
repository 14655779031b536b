/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the packet decoder (ARCHITECTURE.md §11): the first byte
 * picks the link type, the rest is the frame. Runs the one-line decode, the
 * field list, every hex row and a push into a small ring; checks the line is
 * printable and bounded and every field covers captured bytes. Built by
 * scripts/fuzz.sh with clang (libFuzzer + ASan + UBSan), not by meson.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_dlt.h"
#include "pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct nst_pkt_ring ring;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nst_pkt_field fields[128];
	struct nst_pkt_line l;
	char row[128];
	size_t n, caplen;
	uint8_t *frame;
	int dlt;

	if (size < 1) {
		return 0;
	}
	dlt = fuzz_dlt(data[0]);
	caplen = size - 1;
	/* an exact-size copy, so ASan sees a read one byte past the frame */
	frame = malloc(caplen ? caplen : 1);
	memcpy(frame, data + 1, caplen);

	/* the wire length as captured, and as a longer frame cut by the snaplen */
	nst_pkt_decode(dlt, frame, caplen, caplen, &l);
	if (strlen(l.text) >= NST_PKT_TEXT || (unsigned)l.cls > NST_PKT_BAD) {
		abort();
	}
	for (const char *c = l.text; *c; c++) {
		if (*c < 0x20 || *c > 0x7e) {
			abort();
		}
	}
	nst_pkt_decode(dlt, frame, caplen, caplen + 1500, &l);
	nst_pkt_decode(dlt, frame, caplen, caplen ? caplen - 1 : 0, &l);

	n = nst_pkt_fields(dlt, frame, caplen, fields, sizeof(fields) / sizeof(fields[0]));
	if (n > sizeof(fields) / sizeof(fields[0])) {
		abort();
	}
	for (size_t i = 0; i < n; i++) {
		if ((size_t)fields[i].off + fields[i].len > caplen || fields[i].depth > 1 ||
		    !memchr(fields[i].name, 0, sizeof(fields[i].name)) ||
		    !memchr(fields[i].value, 0, sizeof(fields[i].value))) {
			abort();
		}
	}
	n = nst_pkt_fields(dlt, frame, caplen, fields, 3);
	if (n > 3) {
		abort();
	}
	for (size_t off = 0; off < caplen; off += 16) {
		nst_pkt_hex_row(frame, caplen, off, row, sizeof(row));
		if (strlen(row) >= sizeof(row)) {
			abort();
		}
	}
	nst_pkt_hex_row(frame, caplen, 0, row, 7);

	if (!ring.v) {
		nst_pkt_ring_init(&ring, 4);
	}
	if (nst_pkt_ring_push(&ring, dlt, 0, 0, frame, (uint32_t)caplen, (uint32_t)caplen)->caplen != caplen ||
	    ring.n > 4) {
		abort();
	}
	free(frame);
	return 0;
}
