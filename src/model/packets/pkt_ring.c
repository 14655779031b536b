/* SPDX-License-Identifier: MIT */
/*
 * The last packets of a capture, decoded once when they arrive: the pane
 * scrolls back through them, Enter shows one, `w` saves them as pcap. A
 * fixed number of slots, each owning a copy of its frame, and a budget of
 * frame bytes: the oldest go when a new one needs a slot or bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "pkt.h"
#include "xalloc.h"

void nst_pkt_ring_init_bytes(struct nst_pkt_ring *r, size_t cap, size_t byte_cap)
{
	memset(r, 0, sizeof(*r));
	r->cap = cap ? cap : 1;
	r->byte_cap = byte_cap ? byte_cap : NST_PKT_RING_BYTES_DEFAULT;
	r->v = xcalloc(r->cap, sizeof(*r->v));
	r->next_seq = 1;
}

void nst_pkt_ring_init(struct nst_pkt_ring *r, size_t cap)
{
	nst_pkt_ring_init_bytes(r, cap, 0);
}

void nst_pkt_ring_clear(struct nst_pkt_ring *r)
{
	for (size_t i = 0; i < r->cap; i++) {
		free(r->v[i].data);
		r->v[i].data = NULL;
	}
	r->n = r->head = 0;
	r->bytes = 0;
}

void nst_pkt_ring_finish(struct nst_pkt_ring *r)
{
	if (r->v) {
		nst_pkt_ring_clear(r);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* The oldest goes: its copy is freed now, so the byte count is what is held. */
static void drop_oldest(struct nst_pkt_ring *r)
{
	struct nst_pkt *o = &r->v[r->head];

	r->bytes -= o->caplen;
	r->evicted++;
	r->evicted_bytes += o->caplen;
	free(o->data);
	o->data = NULL;
	r->head = (r->head + 1) % r->cap;
	r->n--;
}

const struct nst_pkt *nst_pkt_ring_push(struct nst_pkt_ring *r, int dlt, int64_t sec, int32_t usec,
					const uint8_t *data, uint32_t caplen, uint32_t wirelen)
{
	struct nst_pkt *p;

	/* room first, so the ring never holds more than byte_cap plus the one frame being added */
	while (r->n && (r->n == r->cap || r->bytes + caplen > r->byte_cap)) {
		drop_oldest(r);
	}
	p = &r->v[(r->head + r->n++) % r->cap];
	free(p->data);
	p->data = xmalloc(caplen ? caplen : 1);
	if (caplen) {
		memcpy(p->data, data, caplen); /* data may be NULL when there is nothing */
	}
	r->bytes += caplen;
	p->sec = sec;
	p->usec = usec;
	p->caplen = caplen;
	p->wirelen = wirelen;
	p->seq = r->next_seq++;
	nst_pkt_decode(dlt, p->data, caplen, wirelen, &p->line);
	return p;
}

const struct nst_pkt *nst_pkt_ring_at(const struct nst_pkt_ring *r, size_t i)
{
	return i < r->n ? &r->v[(r->head + i) % r->cap] : NULL;
}
