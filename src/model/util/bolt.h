/* SPDX-License-Identifier: MIT */
/*
 * A read-only reader of BoltDB (bbolt) files held in memory: Docker's
 * network/files/local-kv.db and Podman's libpod/bolt_state.db. Nothing in the
 * file is trusted: every page, element and length is checked against the
 * buffer, and a walk visits no page more often than the file has pages.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nst_bolt {
	const uint8_t *buf;
	size_t len;
	uint32_t page_size;
	uint64_t root;  /* page of the root bucket (top-level buckets are its bucket keys) */
	uint64_t txid;  /* of the meta page chosen */
	uint64_t pages; /* whole pages in the buffer */
};

/* A bucket: its root page, or the page stored inline in its parent's value. */
struct nst_bolt_bucket {
	const struct nst_bolt *db;
	uint64_t root;             /* 0: inline */
	const uint8_t *inline_page;
	size_t inline_len;
};

/*
 * Open the db in buf: the valid meta page (magic 0xED0CDAED, version 2,
 * FNV-1a-64 checksum) with the higher txid of pages 0 and 1. 0, or -EINVAL
 * with why filled (may be NULL). buf must outlive db.
 */
int nst_bolt_open(struct nst_bolt *db, const void *buf, size_t len, char *why, size_t why_len);

/* The root bucket, whose keys are the top-level buckets. */
void nst_bolt_root(const struct nst_bolt *db, struct nst_bolt_bucket *out);

/*
 * Called for every key of a bucket in key order. is_bucket: val is a nested
 * bucket (open it with nst_bolt_sub). Return nonzero to stop; that value is
 * what nst_bolt_foreach returns.
 */
typedef int (*nst_bolt_fn)(void *ctx, const uint8_t *key, size_t klen, const uint8_t *val, size_t vlen,
			   bool is_bucket);

/* 0 after every key, fn's nonzero result, or -EBADMSG when a page is out of bounds, of the wrong type or loops. */
int nst_bolt_foreach(const struct nst_bolt_bucket *b, nst_bolt_fn fn, void *ctx);

/* A nested bucket from its value (as handed to nst_bolt_fn with is_bucket). 0 or -EBADMSG. */
int nst_bolt_sub(const struct nst_bolt *db, const uint8_t *val, size_t vlen, struct nst_bolt_bucket *out);

/* The value of key in b: 0 (*is_bucket says which kind), -ENOENT, or -EBADMSG. */
int nst_bolt_get(const struct nst_bolt_bucket *b, const void *key, size_t klen, const uint8_t **val,
		 size_t *vlen, bool *is_bucket);

/* The nested bucket named name in b: 0, -ENOENT (absent or not a bucket), -EBADMSG. */
int nst_bolt_bucket(const struct nst_bolt_bucket *b, const char *name, struct nst_bolt_bucket *out);

/* FNV-1a 64 (bolt's meta checksum). */
uint64_t nst_fnv1a64(const void *data, size_t len);
