/* SPDX-License-Identifier: MIT */
/*
 * Between pcap files and the fuzz corpus (one frame a file, the first byte
 * naming the link type as fuzz_pkt.c reads it), and nstop's decode of a pcap
 * for a side-by-side look with `tcpdump -n -t -r`. libc only, no libpcap.
 *   pcaptool split IN.pcap DIR PREFIX   frames → DIR/PREFIX-0001 ...
 *   pcaptool join OUT.pcap FILE...      corpus files (of the first one's link type) → pcap
 *   pcaptool decode IN.pcap             one nstop line per frame
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_dlt.h"
#include "pkt.h"

struct rec {
	uint32_t sec, usec, caplen, wirelen;
	uint8_t data[262144];
};

static uint32_t rd32(const uint8_t *p, int swap)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

/* Open a pcap and read its header: link type, byte order, nanosecond stamps. */
static FILE *pcap_open(const char *path, int *dlt, int *swap, int *nsec)
{
	uint8_t h[24];
	uint32_t magic;
	FILE *f = fopen(path, "rb");

	if (!f || fread(h, 1, sizeof(h), f) != sizeof(h)) {
		fprintf(stderr, "pcaptool: %s: %s\n", path, f ? "short file" : strerror(errno));
		exit(1);
	}
	memcpy(&magic, h, 4);
	*swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
	*nsec = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
	if (!*swap && magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
		fprintf(stderr, "pcaptool: %s: not a pcap file (pcapng is not read here)\n", path);
		exit(1);
	}
	*dlt = (int)(rd32(h + 20, *swap) & 0xffff);
	return f;
}

static int pcap_next(FILE *f, int swap, struct rec *r)
{
	uint8_t h[16];

	if (fread(h, 1, sizeof(h), f) != sizeof(h)) {
		return 0;
	}
	r->sec = rd32(h, swap);
	r->usec = rd32(h + 4, swap);
	r->caplen = rd32(h + 8, swap);
	r->wirelen = rd32(h + 12, swap);
	if (r->caplen > sizeof(r->data) || fread(r->data, 1, r->caplen, f) != r->caplen) {
		fprintf(stderr, "pcaptool: bad record\n");
		exit(1);
	}
	return 1;
}

static int split(const char *in, const char *dir, const char *prefix)
{
	static struct rec r;
	int dlt, swap, nsec, n = 0, idx;
	FILE *f = pcap_open(in, &dlt, &swap, &nsec);

	idx = fuzz_dlt_index(dlt);
	if (idx < 0) {
		fprintf(stderr, "pcaptool: link type %d is not one the decoder knows\n", dlt);
		return 1;
	}
	while (pcap_next(f, swap, &r)) {
		char path[4096];
		uint8_t b = (uint8_t)idx;
		FILE *o;

		snprintf(path, sizeof(path), "%s/%s-%04d", dir, prefix, ++n);
		o = fopen(path, "wb");
		if (!o || fwrite(&b, 1, 1, o) != 1 || fwrite(r.data, 1, r.caplen, o) != r.caplen || fclose(o)) {
			fprintf(stderr, "pcaptool: %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	fclose(f);
	printf("%d frames\n", n);
	return 0;
}

static void put32(FILE *o, uint32_t v)
{
	fwrite(&v, 4, 1, o);
}

static int join(const char *out, int argc, char **argv)
{
	static uint8_t buf[262145];
	FILE *o = fopen(out, "wb");
	int dlt = -1, n = 0;

	if (!o) {
		fprintf(stderr, "pcaptool: %s: %s\n", out, strerror(errno));
		return 1;
	}
	for (int i = 0; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		size_t len;

		if (!f) {
			continue;
		}
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (len == 0) {
			continue;
		}
		if (dlt < 0) {
			dlt = fuzz_dlt(buf[0]);
			put32(o, 0xa1b2c3d4);
			put32(o, 2 | 4u << 16);
			put32(o, 0);
			put32(o, 0);
			put32(o, 262144);
			put32(o, (uint32_t)dlt);
		}
		if (fuzz_dlt(buf[0]) != dlt) {
			continue;
		}
		put32(o, (uint32_t)n);
		put32(o, 0);
		put32(o, (uint32_t)(len - 1));
		put32(o, (uint32_t)(len - 1));
		fwrite(buf + 1, 1, len - 1, o);
		n++;
	}
	fclose(o);
	printf("%d frames\n", n);
	return 0;
}

static int decode(const char *in)
{
	static struct rec r;
	struct nst_pkt_line l;
	int dlt, swap, nsec;
	FILE *f = pcap_open(in, &dlt, &swap, &nsec);

	while (pcap_next(f, swap, &r)) {
		nst_pkt_decode(dlt, r.data, r.caplen, r.wirelen, &l);
		printf("%s\n", l.text);
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "split")) {
		return split(argv[2], argv[3], argv[4]);
	}
	if (argc >= 3 && !strcmp(argv[1], "join")) {
		return join(argv[2], argc - 3, argv + 3);
	}
	if (argc == 3 && !strcmp(argv[1], "decode")) {
		return decode(argv[2]);
	}
	fprintf(stderr, "usage: pcaptool split IN.pcap DIR PREFIX | join OUT.pcap FILE... | decode IN.pcap\n");
	return 2;
}
