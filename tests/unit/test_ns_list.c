/* SPDX-License-Identifier: MIT */
/*
 * be_ns_list.c's index (issue 16: discovery and the 2 s rescan looked every
 * namespace up linearly): after random adds and removes, every lookup by id
 * and by inode gives what a linear search of the list gives — the first
 * entry in order, duplicates of an inode on other devices included — and
 * absent ids give NULL.
 */
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"
#include "unit.h"

static struct be_ns *linear(struct be_ns_list *l, struct nst_ns_id id, bool by_id)
{
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].id.ino == id.ino && (!by_id || l->v[i].id.dev == id.dev)) {
			return &l->v[i];
		}
	}
	return NULL;
}

static void test_index_agrees(void)
{
	struct be_ns_list l = { .self_fd = -1 };
	unsigned seed = 16;
	size_t checks = 0;

	CHECK(be_ns_list_find(&l, (struct nst_ns_id){ 1, 1 }) == NULL); /* empty: no index, no crash */
	for (int round = 0; round < 4000; round++) {
		int op = rand_r(&seed) % 10;
		/* inodes from a small range so they repeat; two devices */
		struct nst_ns_id id = { .dev = (uint64_t)(rand_r(&seed) % 2), .ino = 4026531840u + (uint64_t)(rand_r(&seed) % 600) };
		if (op < 6) {
			be_ns_list_add(&l, id)->fd = -1;
		} else if (op < 8 && l.n) {
			be_ns_list_remove(&l, (size_t)rand_r(&seed) % l.n);
		}
		/* lookups interleaved with changes: a stale index would answer for the old list */
		for (int k = 0; k < 3; k++) {
			struct nst_ns_id q = { .dev = (uint64_t)(rand_r(&seed) % 3),
					       .ino = 4026531840u + (uint64_t)(rand_r(&seed) % 700) };
			CHECK(be_ns_list_find(&l, q) == linear(&l, q, true));
			CHECK(be_ns_list_find_ino(&l, q.ino) == linear(&l, q, false));
			checks += 2;
		}
	}
	CHECK(l.n > 100); /* the list grew past a few index sizes */
	for (size_t i = 0; i < l.n; i++) {
		CHECK(be_ns_list_find(&l, l.v[i].id) == linear(&l, l.v[i].id, true));
		CHECK(be_ns_list_find(&l, l.v[i].id) != NULL);
	}
	printf("%zu lookups over %zu entries agree with a linear search\n", checks, l.n);
	be_ns_list_clear(&l);
	CHECK(l.n == 0 && l.idx_slots == NULL);
}

UNIT_MAIN(test_index_agrees)
