/* SPDX-License-Identifier: MIT */
/* Identities of what the UI shows and selects, and their lookup in the current model. */
#include "sel.h"

#include <stdio.h>
#include <string.h>

struct ui_sel ui_sel_ns(struct nst_ns_id ns)
{
	return (struct ui_sel){ .kind = UI_SEL_NS, .ns = ns };
}

struct ui_sel ui_sel_link(struct nst_ns_id ns, int ifindex)
{
	return (struct ui_sel){ .kind = UI_SEL_LINK, .ns = ns, .ifindex = ifindex };
}

struct ui_sel ui_sel_nat(struct nst_ns_id ns, const struct nst_nat_rule *r)
{
	struct ui_sel s = { .kind = UI_SEL_NAT, .ns = ns };

	snprintf(s.nat.family, sizeof(s.nat.family), "%s", r->family);
	snprintf(s.nat.table, sizeof(s.nat.table), "%s", r->table);
	snprintf(s.nat.chain, sizeof(s.nat.chain), "%s", r->chain);
	s.nat.handle = r->handle;
	return s;
}

bool ui_nat_key_is(const struct ui_nat_key *key, const struct nst_nat_rule *r)
{
	return key->handle == r->handle && strcmp(key->family, r->family) == 0 && strcmp(key->table, r->table) == 0 &&
	       strcmp(key->chain, r->chain) == 0;
}

bool ui_sel_eq(const struct ui_sel *a, const struct ui_sel *b)
{
	if (a->kind != b->kind || !nst_ns_id_eq(a->ns, b->ns)) {
		return false;
	}
	switch (a->kind) {
	case UI_SEL_LINK:
		return a->ifindex == b->ifindex;
	case UI_SEL_NAT:
		return a->nat.handle == b->nat.handle && strcmp(a->nat.family, b->nat.family) == 0 &&
		       strcmp(a->nat.table, b->nat.table) == 0 && strcmp(a->nat.chain, b->nat.chain) == 0;
	default:
		return true;
	}
}

const struct nst_ns *ui_sel_find_ns(const struct nst_model *m, const struct ui_sel *s)
{
	return nst_model_find_ns_id(m, s->ns);
}

const struct nst_link *ui_sel_find_link(const struct nst_model *m, const struct ui_sel *s)
{
	const struct nst_ns *ns = s->kind == UI_SEL_LINK ? nst_model_find_ns_id(m, s->ns) : NULL;

	return ns ? nst_ns_find_link(ns, s->ifindex) : NULL;
}

const struct nst_nat_rule *ui_sel_find_nat(const struct nst_model *m, const struct ui_sel *s)
{
	const struct nst_ns *ns = s->kind == UI_SEL_NAT ? nst_model_find_ns_id(m, s->ns) : NULL;

	for (size_t i = 0; ns && i < ns->n_nat; i++) {
		if (ui_nat_key_is(&s->nat, &ns->nat[i])) {
			return &ns->nat[i];
		}
	}
	return NULL;
}
