/* SPDX-License-Identifier: MIT */
/*
 * The memo of nst_fib_memo_create: an open-addressed table keyed by the whole
 * question (namespace identity, family, addresses, iif; or the listening
 * question), so two questions share an answer only when they are the same.
 * A question that could not be asked (-errno) is not kept: the next may work.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "reach_memo.h"
#include "xalloc.h"

/* A field added to the question, or a question added to the oracle, must be added here too: the memo
 * would otherwise answer two different questions alike, or drop one. */
_Static_assert(sizeof(struct nst_fib_query) == 44, "nst_fib_query changed: put the new field in struct memo_key");
_Static_assert(sizeof(struct nst_fib_oracle) == 3 * sizeof(void *), "nst_fib_oracle changed: memoise or pass on the new question");

enum memo_kind { MEMO_FIB = 1, MEMO_LISTEN };

/* Every byte of the key is set (memset first), so keys compare and hash as bytes. */
struct memo_key {
	uint8_t kind;
	uint8_t has_src;
	uint8_t proto;
	uint8_t pad;
	int32_t family;
	int32_t iif;
	uint32_t port;
	uint64_t dev, ino;
	uint8_t dst[16];
	uint8_t src[16];
};

_Static_assert(sizeof(struct memo_key) % 8 == 0, "hash_key reads the key as 64-bit words");

struct memo_slot {
	bool used;
	struct memo_key key;
	int rc;                   /* listening's answer (1/0) */
	struct nst_fib_answer a;  /* lookup's */
};

struct nst_fib_memo {
	const struct nst_fib_oracle *inner;
	struct memo_slot *v;
	size_t cap, n;            /* cap a power of two */
	size_t asked, hits;
};

static uint64_t hash_key(const struct memo_key *k)
{
	uint64_t w[sizeof(*k) / 8], h = 0x9E3779B97F4A7C15ULL;

	memcpy(w, k, sizeof(w));
	for (size_t i = 0; i < sizeof(w) / 8; i++) {
		h = (h ^ w[i]) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	return h;
}

static struct memo_slot *find(struct nst_fib_memo *mo, const struct memo_key *k)
{
	size_t i = (size_t)hash_key(k) & (mo->cap - 1);

	while (mo->v[i].used && memcmp(&mo->v[i].key, k, sizeof(*k)) != 0) {
		i = (i + 1) & (mo->cap - 1);
	}
	return &mo->v[i];
}

static void grow(struct nst_fib_memo *mo)
{
	struct memo_slot *old = mo->v;
	size_t old_cap = mo->cap;

	mo->cap = old_cap ? 2 * old_cap : 256;
	mo->v = xcalloc(mo->cap, sizeof(*mo->v));
	for (size_t i = 0; i < old_cap; i++) {
		if (old[i].used) {
			*find(mo, &old[i].key) = old[i];
		}
	}
	free(old);
}

/* The slot for k: found (used) or where it goes (not used), with room kept below 1/2 full. */
static struct memo_slot *slot_for(struct nst_fib_memo *mo, const struct memo_key *k)
{
	if (2 * (mo->n + 1) > mo->cap) {
		grow(mo);
	}
	return find(mo, k);
}

static int memo_lookup(void *ctx, const struct nst_ns *ns, const struct nst_fib_query *q, struct nst_fib_answer *a)
{
	struct nst_fib_memo *mo = ctx;
	struct memo_key k;

	mo->asked++;
	if (q->iif == 0) {
		/* Sent from here: (ns, dst) is one cell's first question, (ns, dst, src) its reply's; no other
		 * cell asks either. Only an arrival repeats (the reverse cell's reply ends where this one's
		 * request does), so only arrivals are kept: half the table, the same hits. */
		return mo->inner->lookup(mo->inner->ctx, ns, q, a);
	}
	memset(&k, 0, sizeof(k));
	k.kind = MEMO_FIB;
	k.family = q->family;
	k.iif = q->iif;
	k.has_src = q->has_src;
	k.dev = ns->id.dev;
	k.ino = ns->id.ino;
	memcpy(k.dst, q->dst, 16);
	if (q->has_src) {
		memcpy(k.src, q->src, 16);
	}
	struct memo_slot *s = slot_for(mo, &k);
	if (s->used) {
		mo->hits++;
		*a = s->a;
		return 0;
	}
	int rc = mo->inner->lookup(mo->inner->ctx, ns, q, a);
	if (rc < 0) {
		return rc;
	}
	s->used = true;
	s->key = k;
	s->a = *a;
	mo->n++;
	return 0;
}

static int memo_listening(void *ctx, const struct nst_ns *ns, int family, enum nst_reach_proto proto,
			  const uint8_t *addr, uint16_t port)
{
	struct nst_fib_memo *mo = ctx;
	struct memo_key k;

	memset(&k, 0, sizeof(k));
	k.kind = MEMO_LISTEN;
	k.family = family;
	k.proto = (uint8_t)proto;
	k.port = port;
	k.dev = ns->id.dev;
	k.ino = ns->id.ino;
	memcpy(k.dst, addr, family == AF_INET6 ? 16 : 4);
	mo->asked++;
	struct memo_slot *s = slot_for(mo, &k);
	if (s->used) {
		mo->hits++;
		return s->rc;
	}
	int rc = mo->inner->listening(mo->inner->ctx, ns, family, proto, addr, port);
	if (rc < 0) {
		return rc;
	}
	s->used = true;
	s->key = k;
	s->rc = rc;
	mo->n++;
	return rc;
}

void nst_fib_memo_oracle(struct nst_fib_memo *mo, struct nst_fib_oracle *out)
{
	out->lookup = memo_lookup;
	out->listening = mo->inner->listening ? memo_listening : NULL;
	out->ctx = mo;
}

struct nst_fib_memo *nst_fib_memo_create(const struct nst_fib_oracle *inner, struct nst_fib_oracle *out)
{
	struct nst_fib_memo *mo = xcalloc(1, sizeof(*mo));

	mo->inner = inner;
	grow(mo);
	nst_fib_memo_oracle(mo, out);
	return mo;
}

void nst_fib_memo_destroy(struct nst_fib_memo *mo)
{
	if (mo) {
		free(mo->v);
		free(mo);
	}
}

void nst_fib_memo_stats(const struct nst_fib_memo *mo, size_t *asked, size_t *hits)
{
	*asked = mo->asked;
	*hits = mo->hits;
}
