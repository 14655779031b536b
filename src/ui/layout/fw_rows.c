/* SPDX-License-Identifier: MIT */
/*
 * Firewall rows (fw_rows.h). An index over the ruleset (chains by name,
 * each chain's run of rules) is made once per build of an open node, so
 * following jumps and finding unreached chains stay O(rules log chains).
 */
#include "fw_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw_order.h"
#include "xalloc.h"

struct fw_index {
	const struct nst_fw_ruleset *rs;
	size_t *by_name;      /* chain indices by family, table, name */
	size_t *first, *count; /* per chain: its rules, rs->rules[first .. first + count) */
};

static int cmp_names(const struct nst_fw_chain *c, const char *family, const char *table, const char *name)
{
	int d = strcmp(c->family, family);

	if (!d) {
		d = strcmp(c->table, table);
	}
	return d ? d : strcmp(c->name, name);
}

static const struct nst_fw_ruleset *sort_rs; /* qsort has no context argument; set only while sorting */

static int cmp_chain(const void *a, const void *b)
{
	const struct nst_fw_chain *y = &sort_rs->chains[*(const size_t *)b];

	return cmp_names(&sort_rs->chains[*(const size_t *)a], y->family, y->table, y->name);
}

static long index_find(const struct fw_index *ix, const char *family, const char *table, const char *name)
{
	size_t lo = 0, hi = ix->rs->n_chains;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = cmp_names(&ix->rs->chains[ix->by_name[mid]], family, table, name);
		if (d == 0) {
			return (long)ix->by_name[mid];
		}
		if (d < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return -1;
}

static void index_build(struct fw_index *ix, const struct nst_fw_ruleset *rs)
{
	size_t nc = rs->n_chains ? rs->n_chains : 1;

	ix->rs = rs;
	ix->by_name = xcalloc(nc, sizeof(size_t));
	ix->first = xcalloc(nc, sizeof(size_t));
	ix->count = xcalloc(nc, sizeof(size_t));
	for (size_t i = 0; i < rs->n_chains; i++) {
		ix->by_name[i] = i;
	}
	sort_rs = rs;
	qsort(ix->by_name, rs->n_chains, sizeof(size_t), cmp_chain);
	sort_rs = NULL;
	/* Rules come chain by chain; a chain's rules are its first run (as nst_fw_chain_rules reads them). */
	long ci = -1;
	bool counting = false;
	for (size_t i = 0; i < rs->n_rules; i++) {
		const struct nst_fw_rule *r = &rs->rules[i], *p = i ? &rs->rules[i - 1] : NULL;
		if (!p || strcmp(p->chain, r->chain) != 0 || strcmp(p->table, r->table) != 0 ||
		    strcmp(p->family, r->family) != 0) {
			ci = index_find(ix, r->family, r->table, r->chain);
			counting = ci >= 0 && ix->count[ci] == 0;
			if (counting) {
				ix->first[ci] = i;
			}
		}
		if (counting) {
			ix->count[ci]++;
		}
	}
}

static void index_free(struct fw_index *ix)
{
	free(ix->by_name);
	free(ix->first);
	free(ix->count);
}

static long jump_target(const struct fw_index *ix, const struct nst_fw_rule *r)
{
	if (r->verdict.kind != NST_FV_JUMP && r->verdict.kind != NST_FV_GOTO) {
		return -1;
	}
	return index_find(ix, r->family, r->table, r->verdict.target);
}

/* Chains some base chain reaches through jumps and gotos (base chains themselves included). */
static bool *reached(const struct fw_index *ix)
{
	const struct nst_fw_ruleset *rs = ix->rs;
	bool *seen = xcalloc(rs->n_chains ? rs->n_chains : 1, sizeof(bool));
	size_t *todo = xcalloc(rs->n_chains ? rs->n_chains : 1, sizeof(size_t)), n = 0;

	for (size_t i = 0; i < rs->n_chains; i++) {
		if (rs->chains[i].base) {
			seen[i] = true;
			todo[n++] = i;
		}
	}
	while (n) {
		size_t ci = todo[--n];
		for (size_t k = 0; k < ix->count[ci]; k++) {
			long t = jump_target(ix, &rs->rules[ix->first[ci] + k]);
			if (t >= 0 && !seen[t]) {
				seen[t] = true;
				todo[n++] = (size_t)t;
			}
		}
	}
	free(todo);
	return seen;
}

bool ui_fw_shown(const struct nst_ns *ns)
{
	return ns->fw.n_tables > 0 || ns->fw.n_chains > 0;
}

struct build {
	struct ui_rows *rows;
	const struct ui_expand *e;
	const struct fw_index *ix;
	size_t stack[UI_FW_MAX_NEST + 1]; /* the chains on the way down: a jump back to one is a loop */
	size_t depth_stack;
};

static struct ui_row *node(struct build *b, struct ui_sel ref, int depth, bool last, bool can_open)
{
	struct ui_row *r = ui_rows_add(b->rows, UI_ROW_FW, &ref, depth);

	r->last_child = last;
	r->can_open = can_open;
	r->open = can_open && ui_expand_fw_is_open(b->e, &ref);
	return r;
}

/* Chain ci's rules under parent, at depth; an open jump nests its target's rules one deeper. */
static void add_rules(struct build *b, size_t ci, const struct ui_sel *parent, int depth)
{
	const struct nst_fw_ruleset *rs = b->ix->rs;
	size_t first = b->ix->first[ci], n = b->ix->count[ci];

	b->stack[b->depth_stack++] = ci;
	for (size_t k = 0; k < n; k++) {
		const struct nst_fw_rule *r = &rs->rules[first + k];
		long t = jump_target(b->ix, r);
		enum ui_fw_mark mark = UI_FW_MARK_NONE;

		if (t < 0 && (r->verdict.kind == NST_FV_JUMP || r->verdict.kind == NST_FV_GOTO)) {
			mark = UI_FW_MARK_NO_TARGET;
		}
		for (size_t s = 0; t >= 0 && s < b->depth_stack; s++) {
			if (b->stack[s] == (size_t)t) {
				mark = UI_FW_MARK_LOOP;
			}
		}
		if (t >= 0 && !mark && b->depth_stack > UI_FW_MAX_NEST) {
			mark = UI_FW_MARK_DEEP;
		}
		struct ui_row *row = node(b, ui_sel_fw_rule(parent, r), depth, k + 1 == n, t >= 0 && !mark);
		row->mark = mark;
		if (row->open) {
			struct ui_sel ref = ui_row_sel(row); /* row moves when rows grow */
			add_rules(b, (size_t)t, &ref, depth + 1);
		}
	}
	b->depth_stack--;
}

static void add_chain(struct build *b, size_t ci, const struct ui_sel *parent, int depth, bool last)
{
	struct ui_row *row = node(b, ui_sel_fw_chain(parent, &b->ix->rs->chains[ci]), depth, last, b->ix->count[ci] > 0);

	row->count = b->ix->count[ci];
	if (row->open) {
		struct ui_sel ref = ui_row_sel(row);
		add_rules(b, ci, &ref, depth + 1);
	}
}

void ui_fw_rows_add(struct ui_rows *rows, const struct nst_ns *ns, const struct ui_expand *e, bool last)
{
	const struct nst_fw_ruleset *rs = &ns->fw;
	struct ui_sel head = ui_sel_fw_head(ns->id);
	struct ui_row *hr = ui_rows_add(rows, UI_ROW_FW, &head, 1);

	hr->last_child = last;
	hr->can_open = rs->n_chains > 0;
	hr->open = hr->can_open && ui_expand_fw_is_open(e, &head);
	if (!hr->open) {
		return; /* nothing below is built while the node is closed */
	}
	struct fw_index ix;
	struct nst_fw_order order;
	index_build(&ix, rs);
	nst_fw_order_build(rs, &order);
	bool *seen = reached(&ix);
	size_t loose = 0;
	for (size_t i = 0; i < rs->n_chains; i++) {
		loose += !seen[i];
	}
	struct build b = { .rows = rows, .e = e, .ix = &ix };
	for (size_t h = 0; h < order.n; h++) {
		const struct nst_fw_hook *hk = &order.hooks[h];
		struct ui_row *row = node(&b, ui_sel_fw_hook(&head, hk->family_class, hk->hook, hk->device), 2,
					  h + 1 == order.n && !loose, hk->n > 0);
		row->count = hk->n;
		if (!row->open) {
			continue;
		}
		struct ui_sel ref = ui_row_sel(row);
		for (size_t k = 0; k < hk->n; k++) {
			add_chain(&b, hk->chains[k], &ref, 3, k + 1 == hk->n);
		}
	}
	if (loose) {
		struct ui_row *row = node(&b, ui_sel_fw_loose(ns->id), 2, true, true);
		row->count = loose;
		if (row->open) {
			struct ui_sel ref = ui_row_sel(row);
			size_t shown = 0;
			for (size_t i = 0; i < rs->n_chains; i++) {
				size_t ci = ix.by_name[i];
				if (!seen[ci]) {
					add_chain(&b, ci, &ref, 3, ++shown == loose);
				}
			}
		}
	}
	free(seen);
	nst_fw_order_free(&order);
	index_free(&ix);
}
