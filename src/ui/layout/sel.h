/* SPDX-License-Identifier: MIT */
/*
 * What the UI points at, by identity and never by address: a namespace (its
 * nsfs inode), a link (namespace, ifindex) or a NAT rule (namespace, family,
 * table, chain, handle). Looked up in the current model at each use.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "model.h"

enum ui_sel_kind { UI_SEL_NS, UI_SEL_LINK, UI_SEL_NAT };

/* nf_tables names a rule by these four; its index in ns->nat moves when another rule goes. */
struct ui_nat_key {
	char family[8];
	char table[NST_NFT_NAMELEN]; /* whole: two chains differing past any cut are two rules */
	char chain[NST_NFT_NAMELEN];
	uint64_t handle;
};

struct ui_sel {
	enum ui_sel_kind kind;
	struct nst_ns_id ns;
	int ifindex;           /* LINK; for a NAT rule shown under a link, that link */
	struct ui_nat_key nat; /* NAT */
};

struct ui_sel ui_sel_ns(struct nst_ns_id ns);
struct ui_sel ui_sel_link(struct nst_ns_id ns, int ifindex);
struct ui_sel ui_sel_nat(struct nst_ns_id ns, const struct nst_nat_rule *r);
/* The same object (a NAT rule's ifindex, where it is shown, does not count). */
bool ui_sel_eq(const struct ui_sel *a, const struct ui_sel *b);

/* The object in m now, or NULL when it is gone (or s is of another kind). */
const struct nst_ns *ui_sel_find_ns(const struct nst_model *m, const struct ui_sel *s);
const struct nst_link *ui_sel_find_link(const struct nst_model *m, const struct ui_sel *s);
const struct nst_nat_rule *ui_sel_find_nat(const struct nst_model *m, const struct ui_sel *s);
/* Whether rule r of a namespace is the one key names. */
bool ui_nat_key_is(const struct ui_nat_key *key, const struct nst_nat_rule *r);
