/* SPDX-License-Identifier: MIT */
/* Identities of what the UI shows and selects, and their lookup in the current model. */
#include "sel.h"

#include <stdio.h>
#include <string.h>

#include "fw_order.h"

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
	s.nat.path_key = r->path_key;
	return s;
}

bool ui_nat_key_is(const struct ui_nat_key *key, const struct nst_nat_rule *r)
{
	return key->handle == r->handle && key->path_key == r->path_key && strcmp(key->family, r->family) == 0 &&
	       strcmp(key->table, r->table) == 0 && strcmp(key->chain, r->chain) == 0;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h = (h ^ b[i]) * 0x100000001b3ull;
	}
	return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
	return fnv(h, s, strlen(s) + 1); /* the NUL too: "ab"+"c" is not "a"+"bc" */
}

/* A node's place in the tree, given to its children as their path. */
static uint64_t node_hash(const struct ui_sel *s)
{
	uint64_t h = fnv(0xcbf29ce484222325ull, &s->fw.node, sizeof(s->fw.node));

	h = fnv(h, &s->fw.path, sizeof(s->fw.path));
	h = fnv_str(fnv_str(fnv_str(h, s->nat.family), s->nat.table), s->nat.chain);
	h = fnv(h, &s->nat.handle, sizeof(s->nat.handle));
	return fnv_str(fnv_str(h, s->fw.hook), s->fw.device);
}

static struct ui_sel fw_node(struct nst_ns_id ns, enum ui_fw_node node)
{
	struct ui_sel s = { .kind = UI_SEL_FW, .ns = ns };

	s.fw.node = node;
	return s;
}

struct ui_sel ui_sel_fw_head(struct nst_ns_id ns)
{
	return fw_node(ns, UI_FW_HEAD);
}

struct ui_sel ui_sel_fw_loose(struct nst_ns_id ns)
{
	struct ui_sel s = fw_node(ns, UI_FW_LOOSE), head = ui_sel_fw_head(ns);

	s.fw.path = node_hash(&head);
	return s;
}

struct ui_sel ui_sel_fw_hook(const struct ui_sel *parent, const char *family_class, const char *hook,
			     const char *device)
{
	struct ui_sel s = fw_node(parent->ns, UI_FW_HOOK);

	snprintf(s.nat.family, sizeof(s.nat.family), "%s", family_class);
	snprintf(s.fw.hook, sizeof(s.fw.hook), "%s", hook);
	snprintf(s.fw.device, sizeof(s.fw.device), "%s", device);
	s.fw.path = node_hash(parent);
	return s;
}

struct ui_sel ui_sel_fw_chain(const struct ui_sel *parent, const struct nst_fw_chain *c)
{
	struct ui_sel s = fw_node(parent->ns, UI_FW_CHAIN);

	snprintf(s.nat.family, sizeof(s.nat.family), "%s", c->family);
	snprintf(s.nat.table, sizeof(s.nat.table), "%s", c->table);
	snprintf(s.nat.chain, sizeof(s.nat.chain), "%s", c->name);
	s.fw.path = node_hash(parent);
	return s;
}

struct ui_sel ui_sel_fw_rule(const struct ui_sel *parent, const struct nst_fw_rule *r)
{
	struct ui_sel s = fw_node(parent->ns, UI_FW_RULE);

	snprintf(s.nat.family, sizeof(s.nat.family), "%s", r->family);
	snprintf(s.nat.table, sizeof(s.nat.table), "%s", r->table);
	snprintf(s.nat.chain, sizeof(s.nat.chain), "%s", r->chain);
	s.nat.handle = r->handle;
	s.fw.path = node_hash(parent);
	return s;
}

static bool nat_key_eq(const struct ui_nat_key *a, const struct ui_nat_key *b)
{
	return a->handle == b->handle && a->path_key == b->path_key && strcmp(a->family, b->family) == 0 &&
	       strcmp(a->table, b->table) == 0 && strcmp(a->chain, b->chain) == 0;
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
		return nat_key_eq(&a->nat, &b->nat);
	case UI_SEL_FW:
		return a->fw.node == b->fw.node && a->fw.path == b->fw.path && nat_key_eq(&a->nat, &b->nat) &&
		       strcmp(a->fw.hook, b->fw.hook) == 0 && strcmp(a->fw.device, b->fw.device) == 0;
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

const struct nst_fw_rule *ui_fw_rule_in(const struct nst_ns *ns, const struct ui_nat_key *key)
{
	const struct nst_fw_ruleset *rs = &ns->fw;

	for (size_t i = 0; i < rs->n_rules; i++) {
		const struct nst_fw_rule *r = &rs->rules[i];
		if (r->handle == key->handle && strcmp(r->chain, key->chain) == 0 && strcmp(r->table, key->table) == 0 &&
		    strcmp(r->family, key->family) == 0) {
			return r;
		}
	}
	return NULL;
}

const struct nst_fw_rule *ui_sel_find_fw_rule(const struct nst_model *m, const struct ui_sel *s)
{
	const struct nst_ns *ns = s->kind == UI_SEL_FW && s->fw.node == UI_FW_RULE ? nst_model_find_ns_id(m, s->ns) : NULL;

	return ns ? ui_fw_rule_in(ns, &s->nat) : NULL;
}

const struct nst_fw_chain *ui_sel_find_fw_chain(const struct nst_model *m, const struct ui_sel *s)
{
	const struct nst_ns *ns = s->kind == UI_SEL_FW && s->fw.node == UI_FW_CHAIN ? nst_model_find_ns_id(m, s->ns) : NULL;
	long i = ns ? nst_fw_chain_find(&ns->fw, s->nat.family, s->nat.table, s->nat.chain) : -1;

	return i >= 0 ? &ns->fw.chains[i] : NULL;
}
