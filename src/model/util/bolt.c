/* SPDX-License-Identifier: MIT */
/*
 * bbolt's on-disk format (page.go, meta in db.go, bucket.go), read only:
 * a page is a 16-byte header (id, flags, count, overflow) and elements;
 * branch elements point at child pages, leaf elements hold keys and values,
 * and a bucket value is (root page, sequence) with an inline page after it
 * when root is 0. Little-endian, as every machine bolt runs on writes it.
 */
#include "bolt.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define PAGE_HDR 16
#define ELEM_SIZE 16
#define BUCKET_HDR 16
#define META_SIZE 64
#define META_SUM_OFF 56
#define FLAG_BRANCH 0x01
#define FLAG_LEAF 0x02
#define FLAG_META 0x04
#define LEAF_BUCKET 0x01
#define MAGIC 0xED0CDAEDu
#define MAX_DEPTH 64

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

uint64_t nst_fnv1a64(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

struct meta {
	uint32_t page_size;
	uint64_t root, pgid, txid;
};

/* The meta at byte off: true when its page is a meta page with the right magic, version and sum. */
static bool read_meta(const uint8_t *buf, size_t len, size_t off, struct meta *m)
{
	if (off > len || len - off < PAGE_HDR + META_SIZE) {
		return false;
	}
	const uint8_t *pg = buf + off, *mp = pg + PAGE_HDR;
	if (!(rd16(pg + 8) & FLAG_META) || rd32(mp) != MAGIC || rd32(mp + 4) != 2) {
		return false;
	}
	if (nst_fnv1a64(mp, META_SUM_OFF) != rd64(mp + META_SUM_OFF)) {
		return false;
	}
	m->page_size = rd32(mp + 8);
	m->root = rd64(mp + 16);
	m->pgid = rd64(mp + 40);
	m->txid = rd64(mp + 48);
	/* bolt uses the OS page size: 4 KiB, 16 KiB, 64 KiB; a power of two in any case */
	return m->page_size >= 512 && m->page_size <= (1u << 20) && !(m->page_size & (m->page_size - 1));
}

int nst_bolt_open(struct nst_bolt *db, const void *buf, size_t len, char *why, size_t why_len)
{
	struct meta m0, m1;
	bool ok0 = read_meta(buf, len, 0, &m0), ok1 = false;

	memset(db, 0, sizeof(*db));
	/* page 1 is one page in: that page's size, from a valid page 0 or the usual ones */
	static const uint32_t sizes[] = { 4096, 16384, 65536, 8192, 32768, 2048, 1024, 512 };
	if (ok0) {
		ok1 = read_meta(buf, len, m0.page_size, &m1) && m1.page_size == m0.page_size;
	}
	for (size_t i = 0; !ok0 && !ok1 && i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ok1 = read_meta(buf, len, sizes[i], &m1) && m1.page_size == sizes[i];
	}
	if (!ok0 && !ok1) {
		if (why) {
			snprintf(why, why_len, "no valid bolt meta page (magic, version 2, checksum)");
		}
		return -EINVAL;
	}
	const struct meta *m = ok0 && (!ok1 || m0.txid >= m1.txid) ? &m0 : &m1;
	db->buf = buf;
	db->len = len;
	db->page_size = m->page_size;
	db->root = m->root;
	db->txid = m->txid;
	db->pages = len / m->page_size;
	if (m->root < 2 || m->root >= db->pages) {
		if (why) {
			snprintf(why, why_len, "bolt root page %llu outside the file", (unsigned long long)m->root);
		}
		return -EINVAL;
	}
	return 0;
}

void nst_bolt_root(const struct nst_bolt *db, struct nst_bolt_bucket *out)
{
	memset(out, 0, sizeof(*out));
	out->db = db;
	out->root = db->root;
}

/* A page's bytes: the header at *pg, *span bytes in all. false when it does not fit in the file. */
static bool page_at(const struct nst_bolt *db, uint64_t id, const uint8_t **pg, size_t *span)
{
	if (id < 2 || id >= db->pages) {
		return false;
	}
	const uint8_t *p = db->buf + id * db->page_size;
	uint64_t pages = (uint64_t)rd32(p + 12) + 1;
	if (pages > db->pages - id || rd64(p) != id) {
		return false;
	}
	*pg = p;
	*span = (size_t)(pages * db->page_size);
	return true;
}

struct walk {
	const struct nst_bolt *db;
	nst_bolt_fn fn;
	void *ctx;
	uint64_t visits; /* pages entered; more than the file has means a loop */
};

static int walk_page(struct walk *w, const uint8_t *pg, size_t span, int depth);

static int walk_id(struct walk *w, uint64_t id, int depth)
{
	const uint8_t *pg;
	size_t span;

	if (depth > MAX_DEPTH || ++w->visits > w->db->pages || !page_at(w->db, id, &pg, &span)) {
		return -EBADMSG;
	}
	return walk_page(w, pg, span, depth);
}

static int walk_page(struct walk *w, const uint8_t *pg, size_t span, int depth)
{
	uint16_t flags = rd16(pg + 8), count = rd16(pg + 10);

	if (span < PAGE_HDR || (span - PAGE_HDR) / ELEM_SIZE < count) {
		return -EBADMSG;
	}
	for (uint16_t i = 0; i < count; i++) {
		const uint8_t *e = pg + PAGE_HDR + (size_t)i * ELEM_SIZE;
		size_t at = PAGE_HDR + (size_t)i * ELEM_SIZE;
		int rc;
		if (flags & FLAG_BRANCH) {
			/* the branch's key is only the child's first key: the child says it again */
			uint64_t pos = rd32(e), ks = rd32(e + 4);
			if (at + pos + ks > span) {
				return -EBADMSG;
			}
			rc = walk_id(w, rd64(e + 8), depth + 1);
		} else if (flags & FLAG_LEAF) {
			uint32_t lf = rd32(e);
			uint64_t pos = rd32(e + 4), ks = rd32(e + 8), vs = rd32(e + 12);
			if (at + pos + ks + vs > span) {
				return -EBADMSG;
			}
			const uint8_t *k = e + pos;
			rc = w->fn(w->ctx, k, (size_t)ks, k + ks, (size_t)vs, (lf & LEAF_BUCKET) != 0);
		} else {
			return -EBADMSG;
		}
		if (rc) {
			return rc;
		}
	}
	return 0;
}

int nst_bolt_foreach(const struct nst_bolt_bucket *b, nst_bolt_fn fn, void *ctx)
{
	struct walk w = { .db = b->db, .fn = fn, .ctx = ctx };

	if (b->root) {
		return walk_id(&w, b->root, 0);
	}
	if (!b->inline_page || b->inline_len < PAGE_HDR ||
	    (rd16(b->inline_page + 8) & (FLAG_LEAF | FLAG_BRANCH)) != FLAG_LEAF) {
		return -EBADMSG; /* an inline bucket is one leaf: it can point at no page */
	}
	return walk_page(&w, b->inline_page, b->inline_len, 0);
}

int nst_bolt_sub(const struct nst_bolt *db, const uint8_t *val, size_t vlen, struct nst_bolt_bucket *out)
{
	memset(out, 0, sizeof(*out));
	out->db = db;
	if (vlen < BUCKET_HDR) {
		return -EBADMSG;
	}
	out->root = rd64(val);
	if (out->root == 0) {
		out->inline_page = val + BUCKET_HDR;
		out->inline_len = vlen - BUCKET_HDR;
		if (out->inline_len < PAGE_HDR) {
			return -EBADMSG;
		}
	} else if (out->root < 2 || out->root >= db->pages) {
		return -EBADMSG;
	}
	return 0;
}

struct find {
	const void *key;
	size_t klen;
	const uint8_t *val;
	size_t vlen;
	bool is_bucket;
};

static int find_fn(void *ctx, const uint8_t *key, size_t klen, const uint8_t *val, size_t vlen, bool is_bucket)
{
	struct find *f = ctx;

	if (klen != f->klen || memcmp(key, f->key, klen) != 0) {
		return 0;
	}
	f->val = val;
	f->vlen = vlen;
	f->is_bucket = is_bucket;
	return 1;
}

int nst_bolt_get(const struct nst_bolt_bucket *b, const void *key, size_t klen, const uint8_t **val,
		 size_t *vlen, bool *is_bucket)
{
	struct find f = { .key = key, .klen = klen };
	/* a full walk, not a search down the branches: the buckets here are small, and a
	 * walk trusts no branch key's order */
	int rc = nst_bolt_foreach(b, find_fn, &f);

	if (rc < 0) {
		return rc;
	}
	if (rc == 0) {
		return -ENOENT;
	}
	*val = f.val;
	*vlen = f.vlen;
	if (is_bucket) {
		*is_bucket = f.is_bucket;
	}
	return 0;
}

int nst_bolt_bucket(const struct nst_bolt_bucket *b, const char *name, struct nst_bolt_bucket *out)
{
	const uint8_t *val;
	size_t vlen;
	bool is_bucket = false;
	int rc = nst_bolt_get(b, name, strlen(name), &val, &vlen, &is_bucket);

	if (rc < 0) {
		return rc;
	}
	if (!is_bucket) {
		return -ENOENT;
	}
	return nst_bolt_sub(b->db, val, vlen, out);
}
