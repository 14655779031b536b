/* SPDX-License-Identifier: MIT */
/*
 * The BoltDB reader on real files (Docker's local-kv.db, Podman's
 * bolt_state.db captured in a sandbox: tests/tools/engine_files_capture.sh)
 * and on hand-built hostile ones: bad meta pages, loops, pages out of bounds.
 */
#include <errno.h>
#include <stdint.h>

#include "bolt.h"
#include "unit.h"

#define PS 4096

static uint8_t *load(const char *name, size_t *len)
{
	char path[512];
	const char *dir = getenv("UNIT_FIXTURE_DIR");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/unit/engine_fixtures", name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		unit_failures++;
		return NULL;
	}
	uint8_t *buf = malloc(1 << 20);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

struct count {
	size_t keys, buckets;
	char first[128];
};

static int count_fn(void *ctx, const uint8_t *key, size_t klen, const uint8_t *val, size_t vlen, bool is_bucket)
{
	struct count *c = ctx;

	(void)val;
	(void)vlen;
	if (!c->keys && !c->buckets) {
		snprintf(c->first, sizeof(c->first), "%.*s", (int)klen, (const char *)key);
	}
	if (is_bucket) {
		c->buckets++;
	} else {
		c->keys++;
	}
	return 0;
}

static void test_real_files(void)
{
	size_t len;
	uint8_t *buf = load("docker/local-kv.db", &len);
	struct nst_bolt db;
	struct nst_bolt_bucket root, b;
	char why[128];

	if (!buf) {
		return;
	}
	CHECK_INT(nst_bolt_open(&db, buf, len, why, sizeof(why)), 0);
	CHECK_INT(db.page_size, 4096);
	nst_bolt_root(&db, &root);
	struct count c = { 0 };
	CHECK_INT(nst_bolt_foreach(&root, count_fn, &c), 0);
	CHECK_INT(c.buckets, 1);
	CHECK_STR(c.first, "libnetwork");
	CHECK_INT(nst_bolt_bucket(&root, "libnetwork", &b), 0);
	memset(&c, 0, sizeof(c));
	CHECK_INT(nst_bolt_foreach(&b, count_fn, &c), 0);
	CHECK(c.keys >= 15); /* networks, endpoints, sandboxes, counts of the captured daemon */
	const uint8_t *v;
	size_t vl;
	bool isb;
	const char *k = "docker/network/v1.0/endpoint_count/";
	CHECK_INT(nst_bolt_get(&b, k, strlen(k), &v, &vl, &isb), 0);
	CHECK(!isb);
	CHECK_INT(nst_bolt_get(&b, "nope", 4, &v, &vl, &isb), -ENOENT);
	CHECK_INT(nst_bolt_bucket(&root, "nope", &b), -ENOENT);

	/* every meta page damaged: refused; one damaged: the other is used */
	uint8_t *bad = malloc(len);
	memcpy(bad, buf, len);
	bad[16 + 20] ^= 1; /* page 0's meta root, under its checksum */
	CHECK_INT(nst_bolt_open(&db, bad, len, why, sizeof(why)), 0);
	nst_bolt_root(&db, &root);
	CHECK_INT(nst_bolt_bucket(&root, "libnetwork", &b), 0);
	bad[PS + 16 + 20] ^= 1;
	CHECK_INT(nst_bolt_open(&db, bad, len, why, sizeof(why)), -EINVAL);
	CHECK(strstr(why, "meta") != NULL);
	/* truncated anywhere: never read past the end */
	for (size_t cut = 0; cut < len; cut += 509) {
		if (nst_bolt_open(&db, buf, cut, NULL, 0) == 0) {
			nst_bolt_root(&db, &root);
			memset(&c, 0, sizeof(c));
			nst_bolt_foreach(&root, count_fn, &c);
		}
	}
	free(bad);
	free(buf);

	buf = load("podman/bolt_state.db", &len);
	if (!buf) {
		return;
	}
	CHECK_INT(nst_bolt_open(&db, buf, len, why, sizeof(why)), 0);
	nst_bolt_root(&db, &root);
	struct nst_bolt_bucket ctr, one, nets;
	CHECK_INT(nst_bolt_bucket(&root, "ctr", &ctr), 0);
	memset(&c, 0, sizeof(c));
	CHECK_INT(nst_bolt_foreach(&ctr, count_fn, &c), 0);
	CHECK_INT(c.buckets, 4); /* solo, pa, pb and the pod's infra */
	/* a nested inline bucket two levels down: ctr/<id>/networks/pnet */
	CHECK_INT(nst_bolt_bucket(&ctr, "52da169dfe4882b1522a8f9aed2fea152dc96b239cb3e923dae5b0ec63d26f0e", &one), 0);
	CHECK(one.root != 0);
	CHECK_INT(nst_bolt_bucket(&one, "networks", &nets), 0);
	CHECK_INT(nets.root, 0); /* small enough to live inline in its parent's leaf */
	CHECK_INT(nst_bolt_get(&nets, "pnet", 4, &v, &vl, &isb), 0);
	CHECK(vl > 0 && v[0] == '{');
	CHECK_INT(nst_bolt_get(&one, "netns", 5, &v, &vl, &isb), 0);
	CHECK(vl > 11 && memcmp(v, "/run/netns/", 11) == 0);
	free(buf);
}

/* A hand-built db: meta pages 0 and 1, the root bucket's page at 2, more pages after. */
static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static void page_hdr(uint8_t *db, uint64_t id, uint16_t flags, uint16_t count)
{
	uint8_t *p = db + id * PS;
	put64(p, id);
	p[8] = (uint8_t)flags;
	p[9] = (uint8_t)(flags >> 8);
	p[10] = (uint8_t)count;
	p[11] = (uint8_t)(count >> 8);
	put32(p + 12, 0);
}

static void meta(uint8_t *db, uint64_t id, uint64_t root, uint64_t txid)
{
	uint8_t *m = db + id * PS + 16;
	page_hdr(db, id, 0x04, 0);
	put32(m, 0xED0CDAED);
	put32(m + 4, 2);
	put32(m + 8, PS);
	put64(m + 16, root);
	put64(m + 40, 8);
	put64(m + 48, txid);
	put64(m + 56, nst_fnv1a64(m, 56));
}

/* A leaf at page id with one key "k<id>" = "v". */
static void leaf(uint8_t *db, uint64_t id)
{
	uint8_t *p = db + id * PS;
	page_hdr(db, id, 0x02, 1);
	put32(p + 16, 0);
	put32(p + 20, 16);
	put32(p + 24, 2);
	put32(p + 28, 1);
	p[32] = 'k';
	p[33] = (uint8_t)('0' + id);
	p[34] = 'v';
}

/* A branch at page id pointing at the children given. */
static void branch(uint8_t *db, uint64_t id, const uint64_t *kids, uint16_t n)
{
	uint8_t *p = db + id * PS;
	page_hdr(db, id, 0x01, n);
	for (uint16_t i = 0; i < n; i++) {
		uint8_t *e = p + 16 + 16 * i;
		put32(e, (uint32_t)(16 * (n - i))); /* key right after the elements */
		put32(e + 4, 1);
		put64(e + 8, kids[i]);
		p[16 + 16 * n + i] = 'k';
	}
}

static void test_hostile(void)
{
	size_t len = 8 * PS;
	uint8_t *db = calloc(1, len);
	struct nst_bolt b;
	struct nst_bolt_bucket root;
	struct count c = { 0 };

	/* a tree of two leaves under a branch; meta 1 newer than meta 0 */
	leaf(db, 3);
	leaf(db, 4);
	branch(db, 2, (const uint64_t[]){ 3, 4 }, 2);
	meta(db, 0, 2, 5);
	meta(db, 1, 2, 6);
	CHECK_INT(nst_bolt_open(&b, db, len, NULL, 0), 0);
	CHECK_INT(b.txid, 6);
	nst_bolt_root(&b, &root);
	CHECK_INT(nst_bolt_foreach(&root, count_fn, &c), 0);
	CHECK_INT(c.keys, 2);
	CHECK_STR(c.first, "k3");

	/* a branch pointing at itself: refused, not a hang */
	branch(db, 2, (const uint64_t[]){ 3, 2 }, 2);
	CHECK_INT(nst_bolt_foreach(&root, count_fn, &c), -EBADMSG);
	/* the same page many times over (a DAG): stopped by the visit cap */
	branch(db, 5, (const uint64_t[]){ 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 }, 10);
	branch(db, 2, (const uint64_t[]){ 5, 5 }, 2);
	CHECK_INT(nst_bolt_foreach(&root, count_fn, &c), -EBADMSG);
	/* children outside the file, on the meta pages, past the end by overflow */
	branch(db, 2, (const uint64_t[]){ 99 }, 1);
	CHECK_INT(nst_bolt_foreach(&root, count_fn, &c), -EBADMSG);
	branch(db, 2, (const uint64_t[]){ 1 }, 1);
	CHECK_INT(nst_bolt_foreach(&root, count_fn, &c), -EBADMSG);
	branch(db, 2, (const uint64_t[]){ 3 }, 1);
	put32(db + 3 * PS + 12, 0xffffffffu);
	CHECK_INT(nst_bolt_foreach(&root, count_fn, &c), -EBADMSG);
	leaf(db, 3);
	/* a page whose id field is not where it is */
	put64(db + 3 * PS, 4);
	CHECK_INT(nst_bolt_foreach(&root, count_fn, &c), -EBADMSG);
	leaf(db, 3);
	/* a count larger than the page, a key past the page */
	db[3 * PS + 10] = 0xff;
	db[3 * PS + 11] = 0xff;
	CHECK_INT(nst_bolt_foreach(&root, count_fn, &c), -EBADMSG);
	leaf(db, 3);
	put32(db + 3 * PS + 24, PS);
	CHECK_INT(nst_bolt_foreach(&root, count_fn, &c), -EBADMSG);
	leaf(db, 3);
	/* a page that is neither branch nor leaf */
	db[3 * PS + 8] = 0x10;
	CHECK_INT(nst_bolt_foreach(&root, count_fn, &c), -EBADMSG);
	leaf(db, 3);

	/* an inline bucket must be one leaf, with room for its header */
	struct nst_bolt_bucket sub;
	uint8_t val[16 + 16 + 16 + 3] = { 0 };
	CHECK_INT(nst_bolt_sub(&b, val, 8, &sub), -EBADMSG);
	CHECK_INT(nst_bolt_sub(&b, val, 20, &sub), -EBADMSG);
	put64(val, 99);
	CHECK_INT(nst_bolt_sub(&b, val, sizeof(val), &sub), -EBADMSG);
	put64(val, 0);
	val[16 + 8] = 0x01; /* branch */
	CHECK_INT(nst_bolt_sub(&b, val, sizeof(val), &sub), 0);
	CHECK_INT(nst_bolt_foreach(&sub, count_fn, &c), -EBADMSG);
	val[16 + 8] = 0x02;
	val[16 + 10] = 1;
	put32(val + 32 + 4, 16);
	put32(val + 32 + 8, 2);
	put32(val + 32 + 12, 1);
	memcpy(val + 48, "abv", 3);
	memset(&c, 0, sizeof(c));
	CHECK_INT(nst_bolt_foreach(&sub, count_fn, &c), 0);
	CHECK_STR(c.first, "ab");
	put32(val + 32 + 12, 2); /* value one byte past the inline page */
	CHECK_INT(nst_bolt_foreach(&sub, count_fn, &c), -EBADMSG);

	/* meta pages: a newer but broken one loses to an older valid one; bad version; bad page size */
	meta(db, 1, 2, 9);
	db[PS + 16 + 48] ^= 0xff;
	CHECK_INT(nst_bolt_open(&b, db, len, NULL, 0), 0);
	CHECK_INT(b.txid, 5);
	meta(db, 0, 2, 5);
	put32(db + 16 + 4, 3);
	put64(db + 16 + 56, nst_fnv1a64(db + 16, 56));
	CHECK_INT(nst_bolt_open(&b, db, len, NULL, 0), -EINVAL);
	meta(db, 0, 7777, 5);
	CHECK_INT(nst_bolt_open(&b, db, len, NULL, 0), -EINVAL);
	meta(db, 0, 2, 5);
	put32(db + 16 + 8, 3000);
	put64(db + 16 + 56, nst_fnv1a64(db + 16, 56));
	CHECK_INT(nst_bolt_open(&b, db, len, NULL, 0), -EINVAL);
	CHECK_INT(nst_bolt_open(&b, db, 10, NULL, 0), -EINVAL);
	free(db);
}

UNIT_MAIN(test_real_files, test_hostile)
