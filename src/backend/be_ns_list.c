/* SPDX-License-Identifier: MIT */
/*
 * The backend's list of namespaces (be_internal.h): added to by discovery,
 * removed from by rediscovery, looked up by identity everywhere. The index is
 * a hash by inode over positions in v, rebuilt on the first lookup after the
 * list changed: at 3000 namespaces a linear find per namespace discovered was
 * most of an idle rescan (issue 16).
 */
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"
#include "xalloc.h"

static size_t ino_hash(uint64_t ino)
{
	uint64_t h = ino * 0x9e3779b97f4a7c15ull;

	return (size_t)(h ^ (h >> 29));
}

struct be_ns *be_ns_list_add(struct be_ns_list *list, struct nst_ns_id id)
{
	struct be_ns *b = xgrow(&list->v, &list->n, &list->cap, sizeof(*list->v));

	b->id = id; /* before any lookup can index it */
	list->gen++;
	return b;
}

void be_ns_list_remove(struct be_ns_list *list, size_t i)
{
	memmove(&list->v[i], &list->v[i + 1], (list->n - i - 1) * sizeof(*list->v));
	list->n--;
	list->gen++;
}

void be_ns_list_index_free(struct be_ns_list *list)
{
	free(list->idx_slots);
	list->idx_slots = NULL;
	list->idx_cap = 0;
	list->gen++;
}

/* Valid for the list as it is, or rebuilt; false only for an empty list. */
static bool index_fresh(struct be_ns_list *list)
{
	if (list->idx_slots && list->idx_gen == list->gen) {
		return true;
	}
	if (!list->n) {
		return false;
	}
	xslots_reset(&list->idx_slots, &list->idx_cap, list->n);
	size_t mask = list->idx_cap - 1;
	for (size_t i = 0; i < list->n; i++) {
		size_t s = ino_hash(list->v[i].id.ino) & mask;
		while (list->idx_slots[s]) {
			s = (s + 1) & mask;
		}
		list->idx_slots[s] = i + 1;
	}
	list->idx_gen = list->gen;
	return true;
}

/* The first entry (in v's order, as a linear search would find) matching id, or ino alone when !by_id. */
static struct be_ns *lookup(struct be_ns_list *list, struct nst_ns_id id, bool by_id)
{
	if (!index_fresh(list)) {
		return NULL;
	}
	size_t mask = list->idx_cap - 1, best = 0;

	for (size_t s = ino_hash(id.ino) & mask; list->idx_slots[s]; s = (s + 1) & mask) {
		size_t at = list->idx_slots[s];
		const struct be_ns *b = &list->v[at - 1];
		if (b->id.ino == id.ino && (!by_id || b->id.dev == id.dev) && (!best || at < best)) {
			best = at;
		}
	}
	return best ? &list->v[best - 1] : NULL;
}

struct be_ns *be_ns_list_find(struct be_ns_list *list, struct nst_ns_id id)
{
	return lookup(list, id, true);
}

struct be_ns *be_ns_list_find_ino(struct be_ns_list *list, uint64_t ino)
{
	return lookup(list, (struct nst_ns_id){ .ino = ino }, false);
}
