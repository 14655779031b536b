/* SPDX-License-Identifier: MIT */
/*
 * What changed in a namespace's whole nf_tables ruleset between two readings:
 * tables, chains (policy included) and rules of every family, one line each.
 * Sorted identities and a merge walk keep 5000 rules cheap; counters are not changes.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "diff_emit.h"
#include "xalloc.h"

/* ---- identities: (family, table), (family, table, chain), (family, table, chain, handle) ---- */

static int cmp_table(const struct nst_fw_table *a, const struct nst_fw_table *b)
{
	int c = strcmp(a->family, b->family);
	return c ? c : strcmp(a->name, b->name);
}

static int cmp_chain(const struct nst_fw_chain *a, const struct nst_fw_chain *b)
{
	int c = strcmp(a->family, b->family);
	c = c ? c : strcmp(a->table, b->table);
	return c ? c : strcmp(a->name, b->name);
}

static int cmp_rule(const struct nst_fw_rule *a, const struct nst_fw_rule *b)
{
	/* handles first: they differ for nearly every pair, so the strcmps mostly do not run */
	if (a->handle != b->handle) {
		return a->handle < b->handle ? -1 : 1;
	}
	int c = strcmp(a->family, b->family);
	c = c ? c : strcmp(a->table, b->table);
	return c ? c : strcmp(a->chain, b->chain);
}

static int qcmp_table(const void *a, const void *b)
{
	return cmp_table(*(const struct nst_fw_table *const *)a, *(const struct nst_fw_table *const *)b);
}

static int qcmp_chain(const void *a, const void *b)
{
	return cmp_chain(*(const struct nst_fw_chain *const *)a, *(const struct nst_fw_chain *const *)b);
}

static int qcmp_rule(const void *a, const void *b)
{
	return cmp_rule(*(const struct nst_fw_rule *const *)a, *(const struct nst_fw_rule *const *)b);
}

/* Pointers to the n records of size sz at v, sorted by cmp (on pointers to pointers). */
static const void **sorted(const void *v, size_t n, size_t sz, int (*cmp)(const void *, const void *))
{
	const void **p = xmalloc((n ? n : 1) * sizeof(*p));

	for (size_t i = 0; i < n; i++) {
		p[i] = (const char *)v + i * sz;
	}
	qsort(p, n, sizeof(*p), cmp);
	return p;
}

/* ---- rule text without the counter's values ---- */

/*
 * The counter's piece of text ("counter packets 12 bytes 720") at counter_at:
 * its length as the text itself says, so a text whose counter grew by a digit
 * still splits where it should. 0 when the rule prints no counter there.
 */
static size_t counter_span(const struct nst_fw_rule *r)
{
	static const char pfx[] = "counter packets ";
	size_t at = r->counter_at, len = strnlen(r->text, sizeof(r->text));

	if (!r->counter_len || at >= len || strncmp(r->text + at, pfx, sizeof(pfx) - 1) != 0) {
		return 0;
	}
	const char *p = r->text + at + sizeof(pfx) - 1;
	size_t d = strspn(p, "0123456789");
	if (!d || strncmp(p + d, " bytes ", 7) != 0) {
		return 0;
	}
	p += d + 7;
	d = strspn(p, "0123456789");
	return d ? (size_t)(p + d - (r->text + at)) : 0;
}

/* The text with the counter's piece as plain "counter": what a change line shows. */
static void rule_key(const struct nst_fw_rule *r, char *out, size_t len)
{
	size_t span = counter_span(r);

	if (!span) {
		snprintf(out, len, "%s", r->text);
	} else {
		snprintf(out, len, "%.*scounter%s", (int)r->counter_at, r->text, r->text + r->counter_at + span);
	}
}

/* Whether two readings of one rule differ in more than their counter values. */
static bool rule_changed(const struct nst_fw_rule *a, const struct nst_fw_rule *b)
{
	size_t sa = counter_span(a), sb = counter_span(b);

	/* the verdict too: a raw rule's text may not show all of it */
	if ((sa != 0) != (sb != 0) || a->has_comment != b->has_comment ||
	    (a->has_comment && strcmp(a->comment, b->comment) != 0) || a->verdict.kind != b->verdict.kind ||
	    strcmp(a->verdict.target, b->verdict.target) != 0) {
		return true;
	}
	if (!sa) {
		return strcmp(a->text, b->text) != 0;
	}
	return a->counter_at != b->counter_at || strncmp(a->text, b->text, a->counter_at) != 0 ||
	       strcmp(a->text + a->counter_at + sa, b->text + b->counter_at + sb) != 0;
}

/* "ip filter FORWARD handle 7: iifname "lab0" counter accept comment "x"" */
static void rule_line(const char *nsn, const struct nst_fw_rule *r, const char *action, nst_change_fn fn, void *ctx)
{
	char name[sizeof(r->family) + sizeof(r->table) + sizeof(r->chain) + 32], key[sizeof(r->text) + 8];

	snprintf(name, sizeof(name), "%s %s %s handle %" PRIu64, r->family, r->table, r->chain, r->handle);
	rule_key(r, key, sizeof(key));
	nst_diff_emit(fn, ctx, nsn, NST_CHG_FIREWALL, action, name, "rule %s %s: %s%s%s%s%s", action, name, key,
		      r->has_comment ? " comment \"" : "", r->has_comment ? r->comment : "", r->has_comment ? "\"" : "",
		      r->raw ? " [raw]" : "");
}

/* ---- chains ---- */

static const char *policy_str(const struct nst_fw_chain *c)
{
	return !c->has_policy ? "" : c->policy_accept ? "accept" : "drop";
}

/* " type filter hook forward priority 0 policy drop device eth0": what a base chain is */
static void chain_desc(const struct nst_fw_chain *c, char *out, size_t len)
{
	if (!c->base) {
		out[0] = '\0';
		return;
	}
	snprintf(out, len, " type %s hook %s priority %" PRId32 "%s%s%s%s", c->type, c->hook, c->priority,
		 c->has_policy ? " policy " : "", policy_str(c), c->device[0] ? " device " : "", c->device);
}

static void chain_line(const char *nsn, const struct nst_fw_chain *c, const char *action, nst_change_fn fn, void *ctx)
{
	char name[sizeof(c->family) + sizeof(c->table) + sizeof(c->name) + 4], desc[128];

	snprintf(name, sizeof(name), "%s %s %s", c->family, c->table, c->name);
	chain_desc(c, desc, sizeof(desc));
	nst_diff_emit(fn, ctx, nsn, NST_CHG_FIREWALL, action, name, "chain %s %s%s", action, name,
		      strcmp(action, "del") ? desc : "");
}

static void chain_compare(const char *nsn, const struct nst_fw_chain *o, const struct nst_fw_chain *n,
			  nst_change_fn fn, void *ctx)
{
	char name[sizeof(n->family) + sizeof(n->table) + sizeof(n->name) + 4];

	snprintf(name, sizeof(name), "%s %s %s", n->family, n->table, n->name);
	if (o->base != n->base || (n->base && (strcmp(o->type, n->type) || strcmp(o->hook, n->hook) ||
					       o->priority != n->priority || strcmp(o->device, n->device)))) {
		chain_line(nsn, n, "change", fn, ctx); /* a netdev chain's device, or one made again */
	} else if (n->base && (o->has_policy != n->has_policy || o->policy_accept != n->policy_accept)) {
		nst_diff_emit(fn, ctx, nsn, NST_CHG_FIREWALL, "change", name, "policy %s %s", name,
			      n->has_policy ? policy_str(n) : "none");
	}
}

/* ---- the merge walks ---- */

/* One pass per kind of line, so deleted rules go before their chain and added ones come after it. */
enum pass { PASS_DEL, PASS_ADD, PASS_CHANGE };
struct pass_ctx {
	enum pass pass;
	const char *nsn;
	nst_change_fn fn;
	void *ctx;
};

/* What is only in old (n NULL), only in new (o NULL), or in both. */
typedef void (*walk_fn)(const struct pass_ctx *p, const void *o, const void *n);

/*
 * One kind's records of both readings in identity order. Readings of a
 * ruleset come in the same dump order where it did not change: the common
 * prefix and suffix are walked in step, and only what lies between them is
 * sorted (once, for all passes). A rule added to one chain sorts nothing
 * but itself.
 */
struct walk {
	const char *ov, *nv;
	size_t on, nn, sz, prefix, suffix;
	int (*cmp)(const void *, const void *); /* on pointers to records */
	const void **op, **np;                  /* the middle of each, sorted */
};

static void walk_prepare(struct walk *w, int (*qcmp)(const void *, const void *))
{
	size_t i = 0, k = 0;

	while (i < w->on && i < w->nn && w->cmp(w->ov + i * w->sz, w->nv + i * w->sz) == 0) {
		i++;
	}
	while (k < w->on - i && k < w->nn - i &&
	       w->cmp(w->ov + (w->on - 1 - k) * w->sz, w->nv + (w->nn - 1 - k) * w->sz) == 0) {
		k++;
	}
	w->prefix = i;
	w->suffix = k;
	w->op = sorted(w->ov + i * w->sz, w->on - i - k, w->sz, qcmp);
	w->np = sorted(w->nv + i * w->sz, w->nn - i - k, w->sz, qcmp);
}

static void walk_run(const struct walk *w, const struct pass_ctx *p, walk_fn each)
{
	size_t on = w->on - w->prefix - w->suffix, nn = w->nn - w->prefix - w->suffix, a = 0, b = 0;

	for (size_t i = 0; i < w->prefix; i++) {
		each(p, w->ov + i * w->sz, w->nv + i * w->sz);
	}
	while (a < on || b < nn) {
		int c = a == on ? 1 : b == nn ? -1 : w->cmp(w->op[a], w->np[b]);
		each(p, c <= 0 ? w->op[a] : NULL, c >= 0 ? w->np[b] : NULL);
		a += c <= 0;
		b += c >= 0;
	}
	for (size_t k = 0; k < w->suffix; k++) {
		each(p, w->ov + (w->on - w->suffix + k) * w->sz, w->nv + (w->nn - w->suffix + k) * w->sz);
	}
}

static void walk_free(struct walk *w)
{
	free(w->op);
	free(w->np);
}

static int rcmp_table(const void *a, const void *b)
{
	return cmp_table(a, b);
}

static int rcmp_chain(const void *a, const void *b)
{
	return cmp_chain(a, b);
}

static int rcmp_rule(const void *a, const void *b)
{
	return cmp_rule(a, b);
}

static void each_table(const struct pass_ctx *p, const void *o, const void *n)
{
	const struct nst_fw_table *t = o ? o : n;
	char name[sizeof(t->family) + sizeof(t->name) + 2];

	if ((p->pass == PASS_DEL && !n) || (p->pass == PASS_ADD && !o)) {
		snprintf(name, sizeof(name), "%s %s", t->family, t->name);
		nst_diff_emit(p->fn, p->ctx, p->nsn, NST_CHG_FIREWALL, n ? "add" : "del", name, "table %s %s",
			      n ? "add" : "del", name);
	}
}

static void each_chain(const struct pass_ctx *p, const void *o, const void *n)
{
	if (p->pass == PASS_DEL && !n) {
		chain_line(p->nsn, o, "del", p->fn, p->ctx);
	} else if (p->pass == PASS_ADD && !o) {
		chain_line(p->nsn, n, "add", p->fn, p->ctx);
	} else if (p->pass == PASS_CHANGE && o && n) {
		chain_compare(p->nsn, o, n, p->fn, p->ctx);
	}
}

static void each_rule(const struct pass_ctx *p, const void *o, const void *n)
{
	if (p->pass == PASS_DEL && !n) {
		rule_line(p->nsn, o, "del", p->fn, p->ctx);
	} else if (p->pass == PASS_ADD && !o) {
		rule_line(p->nsn, n, "add", p->fn, p->ctx);
	} else if (p->pass == PASS_CHANGE && o && n && rule_changed(o, n)) {
		rule_line(p->nsn, n, "change", p->fn, p->ctx); /* `nft replace rule` keeps the handle */
	}
}

void nst_diff_fw(const char *nsn, const struct nst_fw_ruleset *old_rs, const struct nst_fw_ruleset *new_rs,
		 nst_change_fn fn, void *ctx)
{
	struct walk tables = { .ov = (const char *)old_rs->tables, .nv = (const char *)new_rs->tables,
			       .on = old_rs->n_tables, .nn = new_rs->n_tables, .sz = sizeof(*old_rs->tables),
			       .cmp = rcmp_table };
	struct walk chains = { .ov = (const char *)old_rs->chains, .nv = (const char *)new_rs->chains,
			       .on = old_rs->n_chains, .nn = new_rs->n_chains, .sz = sizeof(*old_rs->chains),
			       .cmp = rcmp_chain };
	struct walk rules = { .ov = (const char *)old_rs->rules, .nv = (const char *)new_rs->rules,
			      .on = old_rs->n_rules, .nn = new_rs->n_rules, .sz = sizeof(*old_rs->rules),
			      .cmp = rcmp_rule };
	const struct pass_ctx del = { PASS_DEL, nsn, fn, ctx }, add = { PASS_ADD, nsn, fn, ctx },
			      change = { PASS_CHANGE, nsn, fn, ctx };

	walk_prepare(&tables, qcmp_table);
	walk_prepare(&chains, qcmp_chain);
	walk_prepare(&rules, qcmp_rule);
	walk_run(&rules, &del, each_rule);
	walk_run(&chains, &del, each_chain);
	walk_run(&tables, &del, each_table);
	walk_run(&tables, &add, each_table);
	walk_run(&chains, &add, each_chain);
	walk_run(&chains, &change, each_chain);
	walk_run(&rules, &add, each_rule);
	walk_run(&rules, &change, each_rule);
	walk_free(&tables);
	walk_free(&chains);
	walk_free(&rules);
}
