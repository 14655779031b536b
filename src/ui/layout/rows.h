/* SPDX-License-Identifier: MIT */
/*
 * The tree view as a flat list of rows: namespaces, their links (bridge
 * ports nested under the bridge), and continuation rows for extra addresses.
 * Pure: built from the model, the expanded set and the filter; unit-tested.
 * Rows name objects by identity (sel.h), never by address: they stay safe to
 * read after the model changed, and are rebuilt when its generation moved.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter.h"
#include "model.h"
#include "sel.h"

/* Namespaces whose expanded state differs from the default; the Firewall nodes that are open (all start closed). */
struct ui_expand {
	bool default_expanded;
	struct nst_ns_id *toggled;
	size_t n, cap;
	struct ui_sel *fw_open;
	size_t n_fw, cap_fw;
	uint64_t changes; /* moves whenever what is open changes: the rows are rebuilt only then (or for the model, the filter) */
};

bool ui_expand_is_open(const struct ui_expand *e, struct nst_ns_id id);
void ui_expand_set(struct ui_expand *e, struct nst_ns_id id, bool open);
void ui_expand_finish(struct ui_expand *e);
/* A Firewall node (UI_SEL_FW, any node but a rule without a target) open or closed. */
bool ui_expand_fw_is_open(const struct ui_expand *e, const struct ui_sel *s);
void ui_expand_fw_set(struct ui_expand *e, const struct ui_sel *s, bool open);
/* Forget the open nodes of namespaces m no longer has (their inodes may come back as others). */
void ui_expand_fw_prune(struct ui_expand *e, const struct nst_model *m);

/* NAT_HEAD: the "NAT" node a namespace's rules hang under (NAT rows, one
 * level deeper). EGRESS: an SNAT/masquerade rule shown again under the link
 * it leaves by. Neither is selectable. FW: a node of the Firewall tree
 * (fw_rows.h), ref.fw.node says which. */
enum ui_row_kind { UI_ROW_NS, UI_ROW_LINK, UI_ROW_ADDR, UI_ROW_NAT, UI_ROW_EGRESS, UI_ROW_NAT_HEAD, UI_ROW_FW,
		   UI_ROW_RT_HEAD, UI_ROW_ROUTE, UI_ROW_IPRULE /* route_rows.h: neither selectable */ };

/* RT_HEAD: which group; ROUTE, IPRULE: the object by its fields and its place among equals
 * (route_rows.h looks it up in the model at each draw). */
enum ui_rt_head { UI_RT_TABLE, UI_RT_LOCAL, UI_RT_RULES };
struct ui_rt_key {
	enum ui_rt_head head;
	uint32_t table;        /* TABLE head, ROUTE */
	int family;            /* ROUTE, IPRULE */
	uint8_t type;
	bool is_default;
	struct nst_addr dst;
	bool has_metric;
	uint32_t metric;
	int oif;
	uint32_t priority;     /* IPRULE */
	size_t ordinal;        /* how many before it have the same key */
	size_t folded;         /* RULES head: default rules not shown */
};

/* FW rule rows whose jump is not followed: why. */
enum ui_fw_mark { UI_FW_MARK_NONE, UI_FW_MARK_LOOP, UI_FW_MARK_DEEP, UI_FW_MARK_NO_TARGET };

struct ui_row {
	enum ui_row_kind kind;
	/* What the row shows, by identity (sel.h; ui_row_sel gives it whole). NS, NAT_HEAD: the
	 * namespace; LINK, ADDR: the link; NAT: the rule; EGRESS: the rule, with ifindex the link it
	 * is shown under. Kind, namespace and ifindex inline; a NAT or FW key (~600 bytes of
	 * nf_tables names) in full, owned by the row: the rows of 3000 namespaces were 12 MiB with
	 * a whole ui_sel in each. */
	enum ui_sel_kind sel_kind;
	struct nst_ns_id ns;
	int ifindex;
	struct ui_sel *full; /* UI_SEL_NAT, UI_SEL_FW; NULL for the others */
	struct nst_addr addr;        /* ADDR rows: the address shown */
	int depth;                   /* 0 namespace, 1 link, 2 bridge port, ... */
	bool last_child;             /* for tree lines: the last row at this depth under its parent */
	/* FW rows */
	bool can_open, open;         /* a node with children (a jump rule: its target's rules) */
	enum ui_fw_mark mark;
	size_t count;                /* HOOK: base chains; CHAIN: rules; LOOSE: chains; RT_HEAD: routes, rules */
	struct ui_rt_key rt;         /* RT_HEAD, ROUTE, IPRULE */
	/* Tree lines: bit d is the last-child flag of the latest row at depth d (< 16, not ADDR or EGRESS) up to and
	 * including this one, so a screen starting at row i+1 draws its lines without reading the rows above it. */
	uint16_t last_at;
	/* Where its namespace and link were in the model it was built from: tried first (checked by identity), so
	 * looking a row's objects up costs O(1), not a search of all namespaces and links, at every draw. */
	size_t ns_pos, link_pos;
};

struct ui_rows {
	struct ui_row *v;
	size_t n, cap;
	bool built;
	uint64_t generation; /* the model's when they were built */
	uint64_t build_id;   /* moves at each build: an index into v remembered elsewhere is checked against it */
	/* The selectable rows' indices, in order (j/k count and step through these, not through all rows). */
	size_t *sel_v;
	size_t n_sel, cap_sel;
	size_t cur_ns; /* while building: the position of the namespace whose rows are being added */
};

/*
 * Build the rows. first: a namespace shown before all others (--ns), or NULL.
 * Addresses: one stays on the link row (ui_first_shown_addr); each other
 * IPv4 or non-link-local IPv6 address gets an ADDR row below it.
 */
void ui_rows_build(struct ui_rows *rows, const struct nst_model *m, const struct ui_expand *e,
		   const struct ui_filter *f, const struct nst_ns *first);
void ui_rows_finish(struct ui_rows *rows);
/* For the builders (rows.c, fw_rows.c): a new row at the end. */
struct ui_row *ui_rows_add(struct ui_rows *rows, enum ui_row_kind kind, const struct ui_sel *ref, int depth);
/* The row above i one level up (its parent), or -1. */
long ui_rows_parent(const struct ui_rows *rows, long i);
/* Whether rows were built from m as it is now (its generation has not moved since). */
bool ui_rows_current(const struct ui_rows *rows, const struct nst_model *m);

/* What a row shows, looked up in m; NULL when it is gone (rows not current). */
const struct nst_ns *ui_row_ns(const struct ui_row *r, const struct nst_model *m);
const struct nst_link *ui_row_link(const struct ui_row *r, const struct nst_model *m); /* LINK, ADDR, EGRESS */
const struct nst_nat_rule *ui_row_nat(const struct ui_row *r, const struct nst_model *m); /* NAT, EGRESS */

bool ui_row_selectable(const struct ui_row *r);
struct ui_sel ui_row_sel(const struct ui_row *r);
/* A NAT or FW row's whole key (its .nat and .fw); for any other row an empty one. */
const struct ui_sel *ui_row_key(const struct ui_row *r);
/* Index of the selectable row for sel, or -1. */
long ui_rows_find(const struct ui_rows *rows, const struct ui_sel *sel);
/* The same, trying row hint first (where sel was last seen): O(1) when it is still there. */
long ui_rows_find_near(const struct ui_rows *rows, const struct ui_sel *sel, long hint);
/* Among the selectable rows (sel_v): the rank of row i (a selectable row), or -1; O(log n). */
long ui_rows_sel_rank(const struct ui_rows *rows, long i);

/* Addresses worth a row of their own (IPv4 and non-link-local IPv6). */
bool ui_addr_shown(const struct nst_addr *a);
/* Index of the address shown on l's row (the first IPv4, else the first shown IPv6), or l->n_addrs. */
size_t ui_first_shown_addr(const struct nst_link *l);

/* A link row's neighbours (rows_neigh.c): count "3 neigh" (multicast NOARP mappings left out) and bad
 * "1 FAILED" or "2 INCOMPLETE" ("" each when none): a FAILED neighbour is why a ping gets no answer. */
void ui_neigh_badge(const struct nst_ns *ns, const struct nst_link *l, char *count, size_t clen, char *bad, size_t blen);

/* Whether r is an SNAT/masquerade whose output interface is exactly l (not a wildcard). */
bool ui_nat_leaves_by(const struct nst_nat_rule *r, const struct nst_link *l);
/*
 * A NAT rule in a few words, ASCII only (the graph canvas and narrow rows):
 * "dnat tcp/9999 -> 192.168.10.3:9999", "masquerade from 192.168.10.0/24",
 * "snat from any to 192.168.1.126", "redirect tcp/80 -> :8080".
 */
const char *ui_nat_short(const struct nst_nat_rule *r, char *buf, size_t len);
