/* SPDX-License-Identifier: MIT */
/*
 * What the UI points at, by identity and never by address: a namespace (its
 * nsfs inode), a link (namespace, ifindex), a NAT rule (namespace, family,
 * table, chain, handle) or a node of the Firewall tree (a hook, a chain, a
 * rule: their nf_tables names). Looked up in the current model at each use.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "model.h"

enum ui_sel_kind { UI_SEL_NS, UI_SEL_LINK, UI_SEL_NAT, UI_SEL_FW };

/* nf_tables names a rule by these four; its index in ns->nat moves when another rule goes. */
struct ui_nat_key {
	char family[8];
	char table[NST_NFT_NAMELEN]; /* whole: two chains differing past any cut are two rules */
	char chain[NST_NFT_NAMELEN];
	uint64_t handle;
	uint64_t path_key; /* NAT: which of the rule's paths (nst_nat_rule.path_key); 0 elsewhere */
};

/* The Firewall tree's nodes: the namespace's head, a hook, a chain, a rule, the group of unreached chains. */
enum ui_fw_node { UI_FW_HEAD, UI_FW_HOOK, UI_FW_CHAIN, UI_FW_RULE, UI_FW_LOOSE };

struct ui_fw_key {
	enum ui_fw_node node;
	char hook[16];              /* HOOK: the hook (nat.family holds its family class) */
	char device[NST_FW_IFNAME]; /* HOOK: ingress/egress device */
	/* Where in the tree: a hash of the ancestors' names. One chain or rule
	 * can show at several places (reached by two jumps); each is its own row. */
	uint64_t path;
};

struct ui_sel {
	enum ui_sel_kind kind;
	struct nst_ns_id ns;
	int ifindex;           /* LINK; for a NAT rule shown under a link, that link */
	struct ui_nat_key nat; /* NAT; FW: a rule (all four), a chain (family, table, chain = its name) */
	struct ui_fw_key fw;   /* FW */
};

struct ui_sel ui_sel_ns(struct nst_ns_id ns);
struct ui_sel ui_sel_link(struct nst_ns_id ns, int ifindex);
struct ui_sel ui_sel_nat(struct nst_ns_id ns, const struct nst_nat_rule *r);
/* FW nodes; path is the parent's (ui_sel_fw_child hashes it in). */
struct ui_sel ui_sel_fw_head(struct nst_ns_id ns);
struct ui_sel ui_sel_fw_loose(struct nst_ns_id ns);
struct ui_sel ui_sel_fw_hook(const struct ui_sel *parent, const char *family_class, const char *hook,
			     const char *device);
struct ui_sel ui_sel_fw_chain(const struct ui_sel *parent, const struct nst_fw_chain *c);
struct ui_sel ui_sel_fw_rule(const struct ui_sel *parent, const struct nst_fw_rule *r);
/* The same object (a NAT rule's ifindex, where it is shown, does not count; a FW node's path does). */
bool ui_sel_eq(const struct ui_sel *a, const struct ui_sel *b);

/* The object in m now, or NULL when it is gone (or s is of another kind). */
const struct nst_ns *ui_sel_find_ns(const struct nst_model *m, const struct ui_sel *s);
const struct nst_link *ui_sel_find_link(const struct nst_model *m, const struct ui_sel *s);
const struct nst_nat_rule *ui_sel_find_nat(const struct nst_model *m, const struct ui_sel *s);
/* A FW rule or chain node's object in m now, or NULL. */
const struct nst_fw_rule *ui_sel_find_fw_rule(const struct nst_model *m, const struct ui_sel *s);
const struct nst_fw_chain *ui_sel_find_fw_chain(const struct nst_model *m, const struct ui_sel *s);
/* The rule of ns's ruleset (family, table, chain, handle), or NULL. */
const struct nst_fw_rule *ui_fw_rule_in(const struct nst_ns *ns, const struct ui_nat_key *key);
/* Whether rule r of a namespace is the one key names. */
bool ui_nat_key_is(const struct ui_nat_key *key, const struct nst_nat_rule *r);
