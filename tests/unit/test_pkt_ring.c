/* SPDX-License-Identifier: MIT */
/*
 * The packet ring's byte budget (issue 16): big frames push the oldest out
 * before the slots run out, the bytes held never pass the budget (but for
 * one lone frame bigger than it), what went is counted, small frames still
 * use every slot.
 */
#include <stdint.h>
#include <stdlib.h>

#include "pkt.h"
#include "unit.h"

static uint8_t frame[70000];

static const struct nst_pkt *push(struct nst_pkt_ring *r, uint32_t len, uint8_t mark)
{
	frame[0] = mark;
	return nst_pkt_ring_push(r, NST_DLT_EN10MB, 1, 0, frame, len, len);
}

/* The sum of the frames held, walked: the ring's own count must agree. */
static size_t held(const struct nst_pkt_ring *r)
{
	size_t sum = 0;
	for (size_t i = 0; i < r->n; i++) {
		sum += nst_pkt_ring_at(r, i)->caplen;
	}
	return sum;
}

static void test_bytes_bound(void)
{
	struct nst_pkt_ring r;

	nst_pkt_ring_init_bytes(&r, 100, 10000);
	CHECK_INT(r.byte_cap, 10000);
	for (int i = 0; i < 10; i++) {
		push(&r, 3000, (uint8_t)i); /* 3 fit in 10000, the 4th pushes one out */
		CHECK(r.bytes <= r.byte_cap);
		CHECK_INT(r.bytes, held(&r));
	}
	CHECK_INT(r.n, 3);
	CHECK_INT(r.bytes, 9000);
	CHECK_INT(r.evicted, 7);
	CHECK_INT(r.evicted_bytes, 21000);
	/* the newest three, in order, with their own copies */
	for (size_t i = 0; i < 3; i++) {
		CHECK_INT(nst_pkt_ring_at(&r, i)->seq, 8 + i);
		CHECK_INT(nst_pkt_ring_at(&r, i)->data[0], 7 + i);
	}
	/* a small one fits beside them */
	push(&r, 1000, 42);
	CHECK_INT(r.n, 4);
	CHECK_INT(r.bytes, 10000);
	CHECK_INT(r.evicted, 7);
	/* one byte more pushes out the oldest (3000), not the small newest */
	push(&r, 1, 43);
	CHECK_INT(r.n, 4);
	CHECK_INT(r.bytes, 7001);
	CHECK_INT(nst_pkt_ring_at(&r, 0)->seq, 9);
	CHECK_INT(r.evicted, 8);

	/* a frame bigger than the whole budget empties the ring and is kept alone */
	push(&r, 20000, 44);
	CHECK_INT(r.n, 1);
	CHECK_INT(r.bytes, 20000);
	CHECK_INT(nst_pkt_ring_at(&r, 0)->data[0], 44);
	CHECK_INT(r.evicted, 12);
	/* and goes as soon as anything else comes */
	push(&r, 10, 45);
	CHECK_INT(r.n, 1);
	CHECK_INT(r.bytes, 10);
	CHECK_INT(r.evicted_bytes, 21000 + 3000 + 3000 + 3000 + 1000 + 1 + 20000);

	/* clear drops what is held without counting it evicted, and zeroes the bytes */
	nst_pkt_ring_clear(&r);
	CHECK_INT(r.n, 0);
	CHECK_INT(r.bytes, 0);
	CHECK_INT(r.evicted, 13);
	push(&r, 5000, 46);
	push(&r, 5000, 47);
	CHECK_INT(r.n, 2);
	CHECK_INT(r.bytes, 10000);
	nst_pkt_ring_finish(&r);
}

/* Small frames: the count bounds first, the byte budget is never reached. */
static void test_count_bound(void)
{
	struct nst_pkt_ring r;

	nst_pkt_ring_init_bytes(&r, 5, 1 << 20);
	for (int i = 0; i < 12; i++) {
		push(&r, 60, (uint8_t)i);
	}
	CHECK_INT(r.n, 5);
	CHECK_INT(r.bytes, 300);
	CHECK_INT(r.evicted, 7);
	CHECK_INT(nst_pkt_ring_at(&r, 0)->seq, 8);
	CHECK_INT(nst_pkt_ring_at(&r, 4)->seq, 12);
	nst_pkt_ring_finish(&r);
}

/* The pane's default: 10 000 GSO-sized frames stay within 32 MiB, not 650 MB. */
static void test_default_gso(void)
{
	struct nst_pkt_ring r;

	nst_pkt_ring_init(&r, NST_PKT_RING_DEFAULT);
	CHECK_INT(r.byte_cap, NST_PKT_RING_BYTES_DEFAULT);
	for (int i = 0; i < NST_PKT_RING_DEFAULT; i++) {
		push(&r, 65535, (uint8_t)i);
		if (r.bytes > r.byte_cap) {
			CHECK(r.bytes <= r.byte_cap);
			break;
		}
	}
	CHECK_INT(r.n, NST_PKT_RING_BYTES_DEFAULT / 65535);
	CHECK_INT(r.bytes, held(&r));
	CHECK_INT(r.evicted, NST_PKT_RING_DEFAULT - r.n);
	CHECK_INT(nst_pkt_ring_at(&r, r.n - 1)->seq, NST_PKT_RING_DEFAULT);
	nst_pkt_ring_finish(&r);
}

UNIT_MAIN(test_bytes_bound, test_count_bound, test_default_gso)
