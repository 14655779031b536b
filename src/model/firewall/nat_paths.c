/* SPDX-License-Identifier: MIT */
/*
 * The NAT walk (nat_paths.h). Docker, netavark, CNI portmap and kube-proxy
 * put their dnat rules in regular chains reached by jumps from PREROUTING
 * and OUTPUT; the port forward is the jump's conditions and the rule's
 * together, so each path gets its own record. The kernel refuses loops and
 * paths deeper than its jump stack; a hand-made or hostile ruleset in the
 * model may have either, and a diamond of jumps has exponentially many
 * paths, so the walk bounds depth, records and steps, and counts what it
 * left out.
 */
#include "nat_paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw_order.h"
#include "xalloc.h"

bool nst_fw_rule_is_nat(const struct nst_fw_rule *r)
{
	static const char *const xt[] = { "DNAT", "SNAT", "MASQUERADE", "REDIRECT", "NETMAP" };

	switch (r->verdict.kind) {
	case NST_FV_DNAT:
	case NST_FV_SNAT:
	case NST_FV_MASQUERADE:
	case NST_FV_REDIRECT:
		return true;
	case NST_FV_XT:
		for (size_t i = 0; i < sizeof(xt) / sizeof(xt[0]); i++) {
			if (strcmp(r->verdict.target, xt[i]) == 0) {
				return true;
			}
		}
		return false;
	default:
		return false;
	}
}

bool nst_fw_xt_continues(const char *name)
{
	static const char *const go_on[] = { "LOG",   "NFLOG", "MARK", "CONNMARK", "TRACE",	  "AUDIT",
					     "CLASSIFY", "TOS", "DSCP", "TTL",	    "HL",	  "CT",
					     "NOTRACK", "TCPMSS", "CHECKSUM", "CONNSECMARK", "SECMARK", "IDLETIMER",
					     "SET",	"TEE", "RATEEST", "LED" };

	for (size_t i = 0; i < sizeof(go_on) / sizeof(go_on[0]); i++) {
		if (strcmp(name, go_on[i]) == 0) {
			return true;
		}
	}
	return false;
}

struct walk {
	const struct nst_fw_ruleset *rs;
	const struct nst_nat_rule *cands;
	long *cand_of;  /* per rule: its record in cands, or -1 */
	size_t *first, *count; /* per chain: its rules */
	long *target;   /* per rule: its jump or goto target chain, or -1 */
	uint8_t *how;   /* per rule: HOW_* (what leaves() and unconditional() say, found once) */
	struct memo *memo; /* past NST_NAT_PATHS_MAX: what a chain's walk counted, by chain and stack (MEMO_SLOTS) */
	const struct nst_fw_chain *base;
	size_t stack[NST_FW_JUMP_DEPTH]; /* chain indices from the base chain */
	size_t via[NST_FW_JUMP_DEPTH];   /* the rule that leaves stack[i] */
	long via_elem[NST_FW_JUMP_DEPTH]; /* a verdict map's element it left by (rs->elems), or -1 */
	size_t depth;
	uint32_t divert;
	size_t steps;
	struct nst_nat_rule **out;
	size_t *n_out, *cap_out;
	struct nst_nat_walk *st;
};

static bool same_rule(const struct nst_nat_rule *c, const struct nst_fw_rule *r)
{
	return c->handle == r->handle && strcmp(c->family, r->family) == 0 && strcmp(c->table, r->table) == 0 &&
	       strcmp(c->chain, r->chain) == 0;
}

/* cands are usually the NAT rules in dump order: try the next one first, then search. */
static void map_cands(struct walk *w, size_t n_cands)
{
	const struct nst_fw_ruleset *rs = w->rs;
	size_t next = 0;

	for (size_t i = 0; i < rs->n_rules; i++) {
		w->cand_of[i] = -1;
		if (!nst_fw_rule_is_nat(&rs->rules[i])) {
			continue;
		}
		if (next < n_cands && same_rule(&w->cands[next], &rs->rules[i])) {
			w->cand_of[i] = (long)next++;
			continue;
		}
		for (size_t k = 0; k < n_cands; k++) {
			if (same_rule(&w->cands[k], &rs->rules[i])) {
				w->cand_of[i] = (long)k;
				next = k + 1;
				break;
			}
		}
	}
}

/* A rule whose conditions are none at all: every packet that reaches it takes its verdict. */
static bool unconditional(const struct nst_fw_rule *r)
{
	return !r->cond[0] && !r->cond_cut && !r->match.other && !r->raw;
}

static void fill_field(char *dst, size_t len, const char *src, bool *other)
{
	if (!src[0]) {
		return;
	}
	if (!dst[0]) {
		size_t n = strnlen(src, len - 1); /* as snprintf "%s" cuts (the fields are the same size) */
		memcpy(dst, src, n);
		dst[n] = '\0';
	} else if (strcmp(dst, src) != 0) {
		*other = true; /* two conditions on one field: the record holds the rule's own */
	}
}

/* The rule's own fields win; a field of a rule on the way fills one the rule leaves empty. */
static void merge_match(struct nst_nat_match *m, const struct nst_nat_match *p)
{
	fill_field(m->proto, sizeof(m->proto), p->proto, &m->other);
	fill_field(m->iif, sizeof(m->iif), p->iif, &m->other);
	fill_field(m->oif, sizeof(m->oif), p->oif, &m->other);
	fill_field(m->saddr, sizeof(m->saddr), p->saddr, &m->other);
	fill_field(m->daddr, sizeof(m->daddr), p->daddr, &m->other);
	fill_field(m->sport, sizeof(m->sport), p->sport, &m->other);
	fill_field(m->dport, sizeof(m->dport), p->dport, &m->other);
	fill_field(m->ct_state, sizeof(m->ct_state), p->ct_state, &m->other);
	m->other |= p->other;
	m->chance |= p->chance;
}

static void append(struct nst_nat_rule *r, size_t *n, const char *text, bool cut)
{
	if (cut) {
		r->eff_cut = true;
	}
	if (!text[0]) {
		return;
	}
	/* what snprintf "%s%s" would write, copied: the walk appends to every record it makes */
	size_t room = sizeof(r->eff_match) - *n, sep = *n ? 1 : 0, len = strlen(text);
	char *at = r->eff_match + *n;
	if (room == 0) {
		r->eff_cut = true;
		*n = sizeof(r->eff_match) - 1;
		return;
	}
	if (sep + len >= room) { /* cut: what fits, as snprintf leaves it */
		size_t fit = room - 1;
		if (sep && fit) {
			*at++ = ' ';
			fit--;
		}
		memcpy(at, text, fit);
		at[fit] = '\0';
		r->eff_cut = true;
		*n = sizeof(r->eff_match) - 1;
		return;
	}
	if (sep) {
		*at++ = ' ';
	}
	memcpy(at, text, len + 1);
	*n += sep + len;
}

/*
 * The way through a verdict map's element is a condition: the map's key
 * (`ip daddr . meta l4proto . th dport`, the rule's text before "vmap @")
 * equal to the element's key (`10.96.0.10 . tcp . 80`). No field holds it.
 */
static void vmap_condition(struct nst_nat_rule *r, size_t *n, const struct nst_fw_rule *j, const char *elem)
{
	const char *end = strstr(j->text, " vmap @"), *sep = strstr(elem, " : ");
	size_t skip = strlen(j->cond);
	char cond[sizeof(j->text) + NST_FW_ELEM_TEXT];

	r->match.other = true;
	if (!end || !sep || strncmp(j->text, j->cond, skip) != 0 || (size_t)(end - j->text) < skip) {
		r->eff_raw = true; /* not in the shape nstop writes: the match says less than the way */
		return;
	}
	const char *key = j->text + skip + (skip && j->text[skip] == ' ');
	snprintf(cond, sizeof(cond), "%.*s %.*s", (int)(end - key), key, (int)(sep - elem), elem);
	append(r, n, cond, false);
}

static void emit(struct walk *w, size_t ri, uint32_t divert)
{
	if (*w->n_out >= NST_NAT_PATHS_MAX) {
		w->st->left_out++;
		return;
	}
	const struct nst_fw_ruleset *rs = w->rs;
	/* grown by hand, not by xgrow: its memset of each 5.5 KiB record is overwritten at once */
	if (*w->n_out == *w->cap_out) {
		*w->cap_out = *w->cap_out ? *w->cap_out * 2 : 16;
		*w->out = xrealloc(*w->out, *w->cap_out * sizeof(**w->out));
	}
	struct nst_nat_rule *r = &(*w->out)[(*w->n_out)++];
	size_t n = 0;

	memcpy(r, &w->cands[w->cand_of[ri]], sizeof(*r));
	_Static_assert(sizeof(r->hook) == sizeof(w->base->hook), "hook sizes differ");
	memcpy(r->hook, w->base->hook, sizeof(r->hook));
	r->hook[sizeof(r->hook) - 1] = '\0';
	r->priority = w->base->priority;
	r->divert = divert;
	r->path_cut = w->depth > NST_NAT_PATH;
	r->n_path = 0;
	/* the rule's own chain always has its room: the middle ones take what is left, first first */
	const char *own = rs->chains[w->stack[w->depth - 1]].name;
	size_t own_len = strlen(own);
	bool middle_full = false;
	r->eff_match[0] = '\0';
	r->eff_cut = false;
	r->eff_raw = r->raw;
	for (size_t d = 0; d < w->depth; d++) {
		/* a path too long keeps its first chains and the rule's own */
		if (d + 1 == w->depth) {
			r->path_via[r->n_path] = r->handle;
			nst_nat_path_add(r, own, own_len); /* room kept for it below: it fits */
		} else if (d < NST_NAT_PATH - 1 && !middle_full) {
			const char *name = rs->chains[w->stack[d]].name;
			size_t len = strlen(name);
			if (len + 1 + own_len + 1 <= nst_nat_path_room(r)) {
				r->path_via[r->n_path] = rs->rules[w->via[d]].handle;
				nst_nat_path_add(r, name, len);
			} else {
				middle_full = true; /* names too long for the record: left out, as a path too deep */
				r->path_cut = true;
			}
		}
		if (d + 1 < w->depth) {
			const struct nst_fw_rule *j = &rs->rules[w->via[d]];
			append(r, &n, j->cond, j->cond_cut);
			merge_match(&r->match, &j->match);
			r->eff_raw |= j->raw;
			if (w->via_elem[d] >= 0) {
				vmap_condition(r, &n, j, rs->elems[w->via_elem[d]].text);
			}
		}
	}
	append(r, &n, r->cond, r->cond_cut);
	/* FNV-1a over the base chain and the rules that lead on from each chain */
	uint64_t h = 1469598103934665603ull;
	const struct nst_fw_chain *b = w->base;
	for (const char *p = b->table; *p; p++) {
		h = (h ^ (uint8_t)*p) * 1099511628211ull;
	}
	for (const char *p = b->name; *p; p++) {
		h = (h ^ (uint8_t)*p) * 1099511628211ull;
	}
	for (size_t d = 0; d + 1 < w->depth; d++) {
		h = (h ^ rs->rules[w->via[d]].handle) * 1099511628211ull;
		h = (h ^ (uint64_t)(w->via_elem[d] + 1)) * 1099511628211ull; /* which element of a verdict map */
	}
	r->path_key = h ? h : 1;
	w->st->paths++;
}

static bool on_stack(const struct walk *w, size_t ci)
{
	for (size_t d = 0; d < w->depth; d++) {
		if (w->stack[d] == ci) {
			return true;
		}
	}
	return false;
}

/* A verdict that may send a packet elsewhere than the next rule of this chain. */
static bool leaves(const struct nst_fw_rule *r)
{
	switch (r->verdict.kind) {
	case NST_FV_NONE:
	case NST_FV_CONTINUE:
		return false;
	case NST_FV_XT:
		return !nst_fw_xt_continues(r->verdict.target);
	default:
		return true;
	}
}

static void walk_chain(struct walk *w, size_t ci);

enum { HOW_LEAVES = 1, HOW_ENDS = 2 };

/* Per rule, once: the walk visits a rule once per path through its chain (kube-proxy: thousands). */
static void rule_hows(const struct nst_fw_ruleset *rs, uint8_t *how)
{
	for (size_t i = 0; i < rs->n_rules; i++) {
		const struct nst_fw_rule *r = &rs->rules[i];
		how[i] = 0;
		if (!leaves(r)) {
			continue;
		}
		how[i] = HOW_LEAVES;
		/* what comes after a verdict every packet takes is reached by none; a jump comes back, and a
		 * verdict map lets a key it has no element for go on (its jumps are not followed: a gap) */
		if (unconditional(r) && r->verdict.kind != NST_FV_JUMP && r->verdict.kind != NST_FV_VMAP) {
			how[i] |= HOW_ENDS;
		}
	}
}

/* The chain a verdict map's element jumps or goes to ("KEY : jump CHAIN"), or -1. */
static long elem_target(const struct nst_fw_ruleset *rs, const struct nst_fw_rule *r, const char *elem)
{
	const char *j = strstr(elem, " : jump "), *g = strstr(elem, " : goto ");
	const char *name = j ? j + 8 : g ? g + 8 : NULL;

	return name ? nst_fw_chain_find(rs, r->family, r->table, name) : -1;
}

/* Each jump or goto of the verdict map rule ri looks up: walked like a jump, its element the way's condition. */
static void walk_vmap(struct walk *w, size_t ri, size_t d, uint32_t divert)
{
	const struct nst_fw_ruleset *rs = w->rs;
	const struct nst_fw_rule *r = &rs->rules[ri];

	for (size_t i = 0; i < rs->n_sets; i++) {
		const struct nst_fw_set *s = &rs->sets[i];
		if (strcmp(s->name, r->verdict.target) != 0 || strcmp(s->table, r->table) != 0 ||
		    strcmp(s->family, r->family) != 0) {
			continue;
		}
		for (size_t e = 0; e < s->n_elems; e++) {
			long t = elem_target(rs, r, rs->elems[s->first_elem + e].text);
			if (t < 0) {
				continue;
			}
			if (w->depth >= NST_FW_JUMP_DEPTH || on_stack(w, (size_t)t)) {
				w->st->too_deep++;
				continue;
			}
			uint32_t saved = w->divert;
			w->via[d] = ri;
			w->via_elem[d] = (long)(s->first_elem + e);
			w->divert = divert;
			walk_chain(w, (size_t)t);
			w->divert = saved;
			w->via_elem[d] = -1;
		}
		return;
	}
}

/*
 * Past NST_NAT_PATHS_MAX a walk only counts (steps, NAT paths left out, jumps not followed), and
 * what it counts below a chain depends on nothing but the chain and the stack it is entered with
 * (depth and on_stack): kube-proxy enters each KUBE-SVC-* chain from thousands of KUBE-SERVICES
 * rules with the same stack. The counts are kept by chain and stack, and added again instead of
 * walking again when the step budget holds them (else the walk runs, to stop where it stops).
 */
#define MEMO_SLOTS 2048
#define MEMO_PROBES 8

struct memo {
	uint32_t ci;  /* the chain, + 1 (0: a free slot) */
	uint32_t depth;
	uint32_t stack[NST_FW_JUMP_DEPTH];
	size_t steps, left_out, too_deep;
};

static size_t memo_hash(const struct walk *w, size_t ci)
{
	uint64_t h = (1469598103934665603ull ^ ci) * 1099511628211ull;

	h = (h ^ w->depth) * 1099511628211ull;
	for (size_t d = 0; d < w->depth; d++) {
		h = (h ^ w->stack[d]) * 1099511628211ull;
	}
	return (size_t)(h ^ (h >> 29));
}

static bool memo_is(const struct memo *m, const struct walk *w, size_t ci)
{
	if (m->ci != ci + 1 || m->depth != w->depth) {
		return false;
	}
	for (size_t d = 0; d < w->depth; d++) {
		if (m->stack[d] != w->stack[d]) {
			return false;
		}
	}
	return true;
}

/* The slot of (ci, stack): its counts when m->ci is set, else a free slot for them; NULL when none. */
static struct memo *memo_slot(struct walk *w, size_t ci)
{
	if (ci >= UINT32_MAX || w->rs->n_chains >= UINT32_MAX) {
		return NULL;
	}
	if (!w->memo) {
		w->memo = xcalloc(MEMO_SLOTS, sizeof(*w->memo));
	}
	size_t h = memo_hash(w, ci);
	for (size_t k = 0; k < MEMO_PROBES; k++) {
		struct memo *m = &w->memo[(h + k) % MEMO_SLOTS];
		if (!m->ci || memo_is(m, w, ci)) {
			return m;
		}
	}
	return NULL;
}

static void walk_chain_rules(struct walk *w, size_t ci);

static void walk_chain(struct walk *w, size_t ci)
{
	if (*w->n_out < NST_NAT_PATHS_MAX || w->st->steps_out) {
		walk_chain_rules(w, ci);
		return;
	}
	struct memo *m = memo_slot(w, ci);
	if (m && m->ci && w->steps + m->steps <= NST_NAT_WALK_STEPS) {
		w->steps += m->steps; /* as the walk below would count: it would not reach the budget */
		w->st->left_out += m->left_out;
		w->st->too_deep += m->too_deep;
		return;
	}
	size_t steps = w->steps, left_out = w->st->left_out, too_deep = w->st->too_deep;
	walk_chain_rules(w, ci);
	m = memo_slot(w, ci); /* again: the chains below may have taken the free one */
	if (m && !m->ci && !w->st->steps_out) {
		m->ci = (uint32_t)ci + 1;
		m->depth = (uint32_t)w->depth;
		for (size_t d = 0; d < w->depth; d++) {
			m->stack[d] = (uint32_t)w->stack[d];
		}
		m->steps = w->steps - steps;
		m->left_out = w->st->left_out - left_out;
		m->too_deep = w->st->too_deep - too_deep;
	}
}

static void walk_chain_rules(struct walk *w, size_t ci)
{
	const struct nst_fw_ruleset *rs = w->rs;
	size_t d = w->depth;
	bool divert_here = false;

	w->stack[w->depth++] = ci;
	for (size_t k = 0; k < w->count[ci]; k++) {
		if (++w->steps > NST_NAT_WALK_STEPS) {
			w->st->steps_out = true;
			break;
		}
		size_t ri = w->first[ci] + k;
		const struct nst_fw_rule *r = &rs->rules[ri];
		uint32_t divert = w->divert | (divert_here ? 1u << d : 0);

		if (w->cand_of[ri] >= 0) {
			emit(w, ri, divert);
		} else if (r->verdict.kind == NST_FV_JUMP || r->verdict.kind == NST_FV_GOTO) {
			long t = w->target[ri];
			if (t >= 0 && w->depth < NST_FW_JUMP_DEPTH && !on_stack(w, (size_t)t)) {
				uint32_t saved = w->divert;
				w->via[d] = ri;
				w->via_elem[d] = -1;
				w->divert = divert;
				walk_chain(w, (size_t)t);
				w->divert = saved;
			} else if (t >= 0) {
				w->st->too_deep++;
			}
		} else if (r->verdict.kind == NST_FV_VMAP) {
			walk_vmap(w, ri, d, divert);
		}
		if (!(w->how[ri] & HOW_LEAVES)) {
			continue;
		}
		if (w->how[ri] & HOW_ENDS) { /* rule_hows: nothing after it is reached */
			break;
		}
		divert_here = true;
	}
	w->depth--;
}

static bool nat_base(const struct nst_fw_chain *c)
{
	return c->base && strcmp(c->type, "nat") == 0 &&
	       (strcmp(c->family, "ip") == 0 || strcmp(c->family, "ip6") == 0 || strcmp(c->family, "inet") == 0);
}

void nst_nat_paths(const struct nst_fw_ruleset *rs, const struct nst_nat_rule *cands, size_t n_cands,
		   struct nst_nat_rule **out, size_t *n_out, size_t *cap_out, struct nst_nat_walk *st)
{
	struct walk w = { .rs = rs, .cands = cands, .out = out, .n_out = n_out, .cap_out = cap_out, .st = st };

	for (size_t i = 0; i < NST_FW_JUMP_DEPTH; i++) {
		w.via_elem[i] = -1;
	}
	struct nst_fw_order order;

	memset(st, 0, sizeof(*st));
	*n_out = 0;
	if (!rs->n_chains || !n_cands) {
		return;
	}
	w.cand_of = xcalloc(rs->n_rules + 1, sizeof(*w.cand_of));
	w.target = xcalloc(rs->n_rules + 1, sizeof(*w.target));
	w.how = xcalloc(rs->n_rules + 1, sizeof(*w.how));
	w.first = xcalloc(rs->n_chains, sizeof(*w.first));
	w.count = xcalloc(rs->n_chains, sizeof(*w.count));
	map_cands(&w, n_cands);
	nst_fw_jump_targets(rs, w.target);
	rule_hows(rs, w.how);
	nst_fw_chain_spans(rs, w.first, w.count);
	nst_fw_order_build(rs, &order);
	for (size_t h = 0; h < order.n; h++) {
		if (strcmp(order.hooks[h].family_class, "inet") != 0) {
			continue;
		}
		for (size_t k = 0; k < order.hooks[h].n; k++) {
			const struct nst_fw_chain *c = &rs->chains[order.hooks[h].chains[k]];
			if (!nat_base(c)) {
				continue;
			}
			w.base = c;
			w.depth = 0;
			w.divert = 0;
			walk_chain(&w, order.hooks[h].chains[k]);
		}
	}
	nst_fw_order_free(&order);
	free(w.cand_of);
	free(w.target);
	free(w.how);
	free(w.memo);
	free(w.first);
	free(w.count);
}
