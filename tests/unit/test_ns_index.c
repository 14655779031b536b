/* SPDX-License-Identifier: MIT */
/*
 * nst_model_find_ns_id's index (model.c): every lookup agrees with a linear
 * search after adds that reallocate ns[], removals that shift it, sorts that
 * permute it, and with ids that collide in the hash or repeat.
 */
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "unit.h"

static struct nst_ns *linear(const struct nst_model *m, struct nst_ns_id id)
{
	for (size_t i = 0; i < m->n_ns; i++) {
		if (nst_ns_id_eq(m->ns[i].id, id)) {
			return &m->ns[i];
		}
	}
	return NULL;
}

static struct nst_ns_id id_of(unsigned i)
{
	/* dev varies too: the hash must use both halves */
	return (struct nst_ns_id){ .dev = 4 + i % 3, .ino = 4026531840u + i * 7u };
}

/* Every id 0..upto-1 (present or not) finds what a linear search finds. */
static void check_all(const struct nst_model *m, unsigned upto)
{
	for (unsigned i = 0; i < upto; i++) {
		struct nst_ns *want = linear(m, id_of(i)), *got = nst_model_find_ns_id(m, id_of(i));
		if (got != want) {
			fprintf(stderr, "id %u: index %p, linear %p\n", i, (void *)got, (void *)want);
		}
		CHECK(got == want);
	}
	CHECK_INT(m->id_n, m->n_ns);
}

static void test_add_grow(void)
{
	struct nst_model *m = nst_model_create();
	char name[16];

	CHECK(nst_model_find_ns_id(m, id_of(0)) == NULL); /* empty, no table yet */
	for (unsigned i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "n%u", i);
		struct nst_ns *ns = nst_model_add_ns(m, name, NST_NS_NAMED, id_of(i));
		/* the pointer returned is the one found, even right after ns[] moved */
		CHECK(nst_model_find_ns_id(m, id_of(i)) == ns);
		if (i % 499 == 0) {
			check_all(m, i + 10);
		}
	}
	CHECK(m->id_cap >= 2 * m->n_ns);
	CHECK_STR(nst_model_find_ns_id(m, id_of(2999))->name, "n2999");
	CHECK(nst_model_find_ns_id(m, (struct nst_ns_id){ .dev = 99, .ino = 1 }) == NULL);
	nst_model_destroy(m);
}

static void test_remove_sort(void)
{
	struct nst_model *m = nst_model_create();
	char name[16];

	for (unsigned i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "z%03u", 199 - i); /* sorting reverses them */
		nst_model_add_ns(m, name, NST_NS_NAMED, id_of(i));
	}
	/* remove from the front, the middle and the end: later ones shift down */
	nst_model_remove_ns(m, &m->ns[0]);
	nst_model_remove_ns(m, &m->ns[50]);
	nst_model_remove_ns(m, &m->ns[m->n_ns - 1]);
	CHECK_INT(m->n_ns, 197);
	CHECK(nst_model_find_ns_id(m, id_of(0)) == NULL);
	CHECK(nst_model_find_ns_id(m, id_of(51)) == NULL);
	CHECK(nst_model_find_ns_id(m, id_of(199)) == NULL);
	check_all(m, 210);
	CHECK_STR(nst_model_find_ns_id(m, id_of(52))->name, "z147");

	nst_model_sort(m);
	CHECK_STR(m->ns[0].name, "z001");
	check_all(m, 210);
	CHECK(nst_model_find_ns_id(m, id_of(198)) == &m->ns[0]);

	/* adds after a sort and a removal keep working */
	nst_model_add_ns(m, "late", NST_NS_NAMED, id_of(500));
	check_all(m, 510);
	while (m->n_ns) {
		nst_model_remove_ns(m, &m->ns[m->n_ns / 2]);
		if (m->n_ns % 37 == 0) {
			check_all(m, 510);
		}
	}
	check_all(m, 510);
	nst_model_destroy(m);
}

/* Two namespaces with one id (a re-read racing a rediscovery): the first, as before the index. */
static void test_duplicate_id(void)
{
	struct nst_model *m = nst_model_create();

	nst_model_add_ns(m, "a", NST_NS_NAMED, id_of(1));
	nst_model_add_ns(m, "b", NST_NS_NAMED, id_of(1));
	nst_model_add_ns(m, "c", NST_NS_NAMED, id_of(2));
	CHECK_STR(nst_model_find_ns_id(m, id_of(1))->name, "a");
	nst_model_remove_ns(m, &m->ns[0]);
	CHECK_STR(nst_model_find_ns_id(m, id_of(1))->name, "b");
	CHECK_STR(nst_model_find_ns_id(m, id_of(2))->name, "c");
	nst_model_destroy(m);
}

UNIT_MAIN(test_add_grow, test_remove_sort, test_duplicate_id)
