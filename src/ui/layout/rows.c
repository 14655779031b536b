/* SPDX-License-Identifier: MIT */
/* Flattening the model into tree rows. */
#include "rows.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fw_rows.h"
#include "route_rows.h"
#include "xalloc.h"

bool ui_expand_is_open(const struct ui_expand *e, struct nst_ns_id id)
{
	for (size_t i = 0; i < e->n; i++) {
		if (nst_ns_id_eq(e->toggled[i], id)) {
			return !e->default_expanded;
		}
	}
	return e->default_expanded;
}

void ui_expand_set(struct ui_expand *e, struct nst_ns_id id, bool open)
{
	for (size_t i = 0; i < e->n; i++) {
		if (nst_ns_id_eq(e->toggled[i], id)) {
			if (open == e->default_expanded) {
				e->toggled[i] = e->toggled[--e->n];
				e->changes++;
			}
			return;
		}
	}
	if (open != e->default_expanded) {
		struct nst_ns_id *slot = xgrow(&e->toggled, &e->n, &e->cap, sizeof(*e->toggled));
		*slot = id;
		e->changes++;
	}
}

void ui_expand_finish(struct ui_expand *e)
{
	free(e->toggled);
	e->toggled = NULL;
	e->n = e->cap = 0;
	free(e->fw_open);
	e->fw_open = NULL;
	e->n_fw = e->cap_fw = 0;
	e->changes++;
}

bool ui_expand_fw_is_open(const struct ui_expand *e, const struct ui_sel *s)
{
	for (size_t i = 0; i < e->n_fw; i++) {
		if (ui_sel_eq(&e->fw_open[i], s)) {
			return true;
		}
	}
	return false;
}

void ui_expand_fw_set(struct ui_expand *e, const struct ui_sel *s, bool open)
{
	for (size_t i = 0; i < e->n_fw; i++) {
		if (ui_sel_eq(&e->fw_open[i], s)) {
			if (!open) {
				e->fw_open[i] = e->fw_open[--e->n_fw];
				e->changes++;
			}
			return;
		}
	}
	if (open) {
		*(struct ui_sel *)xgrow(&e->fw_open, &e->n_fw, &e->cap_fw, sizeof(*e->fw_open)) = *s;
		e->changes++;
	}
}

void ui_expand_fw_prune(struct ui_expand *e, const struct nst_model *m)
{
	for (size_t i = 0; i < e->n_fw;) {
		if (!nst_model_find_ns_id(m, e->fw_open[i].ns)) {
			e->fw_open[i] = e->fw_open[--e->n_fw];
			e->changes++;
		} else {
			i++;
		}
	}
}

bool ui_addr_shown(const struct nst_addr *a)
{
	return a->family == AF_INET || !(a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80);
}

size_t ui_first_shown_addr(const struct nst_link *l)
{
	/* IPv4 first (what a person compares with `ip -4 addr`), then global IPv6. */
	for (size_t i = 0; i < l->n_addrs; i++) {
		if (l->addrs[i].family == AF_INET) {
			return i;
		}
	}
	for (size_t i = 0; i < l->n_addrs; i++) {
		if (ui_addr_shown(&l->addrs[i])) {
			return i;
		}
	}
	return l->n_addrs;
}

struct ui_row *ui_rows_add(struct ui_rows *rows, enum ui_row_kind kind, const struct ui_sel *ref, int depth)
{
	struct ui_row *r = xgrow(&rows->v, &rows->n, &rows->cap, sizeof(*rows->v));

	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->sel_kind = ref->kind;
	r->ns = ref->ns;
	r->ifindex = ref->ifindex;
	if (ref->kind == UI_SEL_NAT || ref->kind == UI_SEL_FW) {
		r->full = xmalloc(sizeof(*r->full));
		*r->full = *ref;
	}
	r->depth = depth;
	r->ns_pos = rows->cur_ns;
	r->link_pos = SIZE_MAX;
	return r;
}

long ui_rows_parent(const struct ui_rows *rows, long i)
{
	if (i < 0 || i >= (long)rows->n) {
		return -1;
	}
	int d = rows->v[i].depth;
	while (--i >= 0) {
		const struct ui_row *r = &rows->v[i];
		if (r->depth < d && r->kind != UI_ROW_ADDR && r->kind != UI_ROW_EGRESS) {
			return i;
		}
	}
	return -1;
}

/*
 * One namespace's links, indexed once per build: which are shown under the
 * filter, and each bridge's ports as a list in link order. Looking a port's
 * master up by linear search made "/" with a thousand bridge ports O(L^2).
 */
struct ns_index {
	bool *vis;         /* shown under the filter */
	long *first, *next; /* ports of link i: first[i], then next[] (-1 ends), in link order */
	long *tail;        /* while building: the last port of each list */
	bool *top;         /* not under a shown master: a row at depth 1 */
	struct pos { int ifindex; long i; } *by_ifindex;
	size_t cap;
};

static int cmp_pos(const void *a, const void *b)
{
	const struct pos *x = a, *y = b;

	if (x->ifindex != y->ifindex) {
		return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
	}
	return (x->i > y->i) - (x->i < y->i);
}

/* The first link with this ifindex (as nst_ns_find_link finds it), or -1. */
static long link_pos(const struct ns_index *x, size_t n, int ifindex)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->by_ifindex[mid].ifindex < ifindex) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < n && x->by_ifindex[lo].ifindex == ifindex ? x->by_ifindex[lo].i : -1;
}

static void index_grow(struct ns_index *x, size_t n)
{
	if (n <= x->cap) {
		return;
	}
	x->cap = n;
	x->vis = xrealloc(x->vis, n * sizeof(*x->vis));
	x->first = xrealloc(x->first, n * sizeof(*x->first));
	x->next = xrealloc(x->next, n * sizeof(*x->next));
	x->tail = xrealloc(x->tail, n * sizeof(*x->tail));
	x->top = xrealloc(x->top, n * sizeof(*x->top));
	x->by_ifindex = xrealloc(x->by_ifindex, n * sizeof(*x->by_ifindex));
}

static void index_free(struct ns_index *x)
{
	free(x->vis);
	free(x->first);
	free(x->next);
	free(x->tail);
	free(x->top);
	free(x->by_ifindex);
}

/* Fill x for ns; the same visibility and nesting as the filter functions and the masters say. */
static void index_ns(struct ns_index *x, const struct nst_ns *ns, const struct ui_filter *f, bool ns_match)
{
	size_t n = ns->n_links;

	index_grow(x, n);
	for (size_t i = 0; i < n; i++) {
		x->vis[i] = ns_match || ui_filter_match_link(f, &ns->links[i]);
		x->first[i] = x->next[i] = x->tail[i] = -1;
		x->by_ifindex[i] = (struct pos){ ns->links[i].ifindex, (long)i };
	}
	if (n) {
		qsort(x->by_ifindex, n, sizeof(*x->by_ifindex), cmp_pos);
	}
	for (size_t i = 0; i < n; i++) {
		const struct nst_link *l = &ns->links[i];
		long mp = l->master.ifindex ? link_pos(x, n, l->master.ifindex) : -1;
		bool under = mp >= 0 && mp != (long)i && x->vis[mp];
		x->top[i] = !under;
		if (under && x->vis[i]) {
			if (x->tail[mp] < 0) {
				x->first[mp] = (long)i;
			} else {
				x->next[x->tail[mp]] = (long)i;
			}
			x->tail[mp] = (long)i;
		}
	}
}

static void add_link(struct ui_rows *rows, const struct nst_ns *ns, const struct ns_index *x, long li, int depth,
		     bool last)
{
	const struct nst_link *l = &ns->links[li];
	struct ui_sel ref = ui_sel_link(ns->id, l->ifindex);
	struct ui_row *r = ui_rows_add(rows, UI_ROW_LINK, &ref, depth);
	size_t first = ui_first_shown_addr(l);

	r->last_child = last;
	r->link_pos = (size_t)li;
	for (size_t i = 0; i < l->n_addrs; i++) {
		if (i != first && ui_addr_shown(&l->addrs[i])) {
			r = ui_rows_add(rows, UI_ROW_ADDR, &ref, depth);
			r->addr = l->addrs[i];
			r->link_pos = (size_t)li;
		}
	}
	/* Source NAT acts where packets leave: show it on that link too. */
	for (size_t i = 0; i < ns->n_nat; i++) {
		if (ui_nat_leaves_by(&ns->nat[i], l)) {
			struct ui_sel rule = ui_sel_nat(ns->id, &ns->nat[i]);
			rule.ifindex = l->ifindex;
			ui_rows_add(rows, UI_ROW_EGRESS, &rule, depth)->link_pos = (size_t)li;
		}
	}
	/* Ports follow their bridge, one level deeper. */
	for (long p = x->first[li]; p >= 0; p = x->next[p]) {
		add_link(rows, ns, x, p, depth + 1, x->next[p] < 0);
	}
}

static void add_ns(struct ui_rows *rows, const struct nst_ns *ns, const struct ui_expand *e,
		   const struct ui_filter *f, struct ns_index *x)
{
	bool ns_match = ui_filter_match_ns(f, ns), shown = ns_match;

	for (size_t i = 0; !shown && i < ns->n_links; i++) {
		shown = ui_filter_match_link(f, &ns->links[i]);
	}
	if (!shown) {
		return;
	}
	struct ui_sel here = ui_sel_ns(ns->id);
	ui_rows_add(rows, UI_ROW_NS, &here, 0);
	/* A filter shows the matches even inside a collapsed namespace. */
	if (!ui_expand_is_open(e, ns->id) && !f->active) {
		return;
	}
	index_ns(x, ns, f, ns_match);
	long last_top = -1;
	for (size_t i = 0; i < ns->n_links; i++) {
		if (x->vis[i] && x->top[i]) {
			last_top = (long)i;
		}
	}
	bool nat = ns->n_nat > 0 && (!f->active || ns_match);
	bool fw = ui_fw_shown(ns) && (!f->active || ns_match);
	bool rt = ui_rt_shown(ns) && (!f->active || ns_match);
	for (size_t i = 0; i < ns->n_links; i++) {
		if (x->vis[i] && x->top[i]) {
			add_link(rows, ns, x, (long)i, 1, (long)i == last_top && !nat && !fw && !rt);
		}
	}
	/* Routing after the links it leaves by, before the ruleset */
	if (rt) {
		ui_rt_rows_add(rows, ns, !fw && !nat);
	}
	/* The whole ruleset before NAT: the NAT node stays the namespace's last. */
	if (fw) {
		ui_fw_rows_add(rows, ns, e, !nat);
	}
	/* NAT rules after the links, under a node of their own, one row each. */
	if (nat) {
		ui_rows_add(rows, UI_ROW_NAT_HEAD, &here, 1)->last_child = true;
	}
	for (size_t i = 0; nat && i < ns->n_nat; i++) {
		struct ui_sel rule = ui_sel_nat(ns->id, &ns->nat[i]);
		ui_rows_add(rows, UI_ROW_NAT, &rule, 2)->last_child = i + 1 == ns->n_nat;
	}
}

/* One pass after the build: the tree-line flags each row leaves, and the selectable rows' indices. */
static void index_rows(struct ui_rows *rows)
{
	uint16_t last_at = 0;

	rows->n_sel = 0;
	for (size_t i = 0; i < rows->n; i++) {
		struct ui_row *r = &rows->v[i];
		if (r->kind != UI_ROW_ADDR && r->kind != UI_ROW_EGRESS && r->depth >= 0 && r->depth < 16) {
			uint16_t bit = (uint16_t)(1u << r->depth);
			last_at = r->last_child ? (uint16_t)(last_at | bit) : (uint16_t)(last_at & ~bit);
		}
		r->last_at = last_at;
		if (ui_row_selectable(r)) {
			*(size_t *)xgrow(&rows->sel_v, &rows->n_sel, &rows->cap_sel, sizeof(*rows->sel_v)) = i;
		}
	}
}

static void free_keys(struct ui_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++) {
		free(rows->v[i].full);
		rows->v[i].full = NULL;
	}
}

void ui_rows_build(struct ui_rows *rows, const struct nst_model *m, const struct ui_expand *e,
		   const struct ui_filter *f, const struct nst_ns *first)
{
	struct ns_index x = { 0 };

	free_keys(rows);
	rows->n = 0;
	rows->built = true;
	rows->generation = m->generation;
	rows->build_id++;
	if (first) {
		rows->cur_ns = (size_t)(first - m->ns);
		add_ns(rows, first, e, f, &x);
	}
	for (size_t i = 0; i < m->n_ns; i++) {
		if (&m->ns[i] != first) {
			rows->cur_ns = i;
			add_ns(rows, &m->ns[i], e, f, &x);
		}
	}
	index_free(&x);
	index_rows(rows);
}

void ui_rows_finish(struct ui_rows *rows)
{
	free_keys(rows);
	free(rows->v);
	rows->v = NULL;
	rows->n = rows->cap = 0;
	free(rows->sel_v);
	rows->sel_v = NULL;
	rows->n_sel = rows->cap_sel = 0;
	rows->built = false;
}

bool ui_rows_current(const struct ui_rows *rows, const struct nst_model *m)
{
	return rows->built && rows->generation == m->generation;
}

const struct nst_ns *ui_row_ns(const struct ui_row *r, const struct nst_model *m)
{
	if (r->ns_pos < m->n_ns && nst_ns_id_eq(m->ns[r->ns_pos].id, r->ns)) {
		return &m->ns[r->ns_pos];
	}
	return nst_model_find_ns_id(m, r->ns);
}

const struct nst_link *ui_row_link(const struct ui_row *r, const struct nst_model *m)
{
	const struct nst_ns *ns =
		r->kind == UI_ROW_LINK || r->kind == UI_ROW_ADDR || r->kind == UI_ROW_EGRESS ? ui_row_ns(r, m) : NULL;

	if (ns && r->link_pos < ns->n_links && ns->links[r->link_pos].ifindex == r->ifindex) {
		return &ns->links[r->link_pos];
	}
	return ns ? nst_ns_find_link(ns, r->ifindex) : NULL;
}

const struct nst_nat_rule *ui_row_nat(const struct ui_row *r, const struct nst_model *m)
{
	return r->kind == UI_ROW_NAT || r->kind == UI_ROW_EGRESS ? ui_sel_find_nat(m, ui_row_key(r)) : NULL;
}

bool ui_row_selectable(const struct ui_row *r)
{
	return r->kind != UI_ROW_ADDR && r->kind != UI_ROW_EGRESS && r->kind != UI_ROW_NAT_HEAD && r->kind != UI_ROW_RT_HEAD &&
	       r->kind != UI_ROW_ROUTE && r->kind != UI_ROW_IPRULE;
}

struct ui_sel ui_row_sel(const struct ui_row *r)
{
	if (r->full) {
		return *r->full;
	}
	struct ui_sel s = { .kind = r->sel_kind, .ns = r->ns, .ifindex = r->ifindex };
	return s;
}

const struct ui_sel *ui_row_key(const struct ui_row *r)
{
	static const struct ui_sel none;
	return r->full ? r->full : &none;
}

/* Whether r shows sel (ui_sel_eq without making the row's ui_sel). */
static bool row_is(const struct ui_row *r, const struct ui_sel *sel)
{
	if (r->full) {
		return ui_sel_eq(r->full, sel);
	}
	return r->sel_kind == sel->kind && nst_ns_id_eq(r->ns, sel->ns) &&
	       (r->sel_kind != UI_SEL_LINK || r->ifindex == sel->ifindex);
}

long ui_rows_find(const struct ui_rows *rows, const struct ui_sel *sel)
{
	for (size_t i = 0; i < rows->n; i++) {
		const struct ui_row *r = &rows->v[i];
		if (ui_row_selectable(r) && row_is(r, sel)) {
			return (long)i;
		}
	}
	return -1;
}

long ui_rows_find_near(const struct ui_rows *rows, const struct ui_sel *sel, long hint)
{
	if (hint >= 0 && hint < (long)rows->n && ui_row_selectable(&rows->v[hint]) && row_is(&rows->v[hint], sel)) {
		return hint;
	}
	return ui_rows_find(rows, sel);
}

long ui_rows_sel_rank(const struct ui_rows *rows, long i)
{
	size_t lo = 0, hi = rows->n_sel;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((long)rows->sel_v[mid] < i) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < rows->n_sel && (long)rows->sel_v[lo] == i ? (long)lo : -1;
}

bool ui_nat_leaves_by(const struct nst_nat_rule *r, const struct nst_link *l)
{
	return (r->type == NST_NAT_SNAT || r->type == NST_NAT_MASQ) && r->match.oif[0] &&
	       strcmp(r->match.oif, l->name) == 0;
}

/* "tcp/9999", "tcp", "" */
static void proto_port(const struct nst_nat_match *m, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", m->proto, m->proto[0] && m->dport[0] ? "/" : "", m->dport);
}

/* "192.168.10.3:9999", "[fd00::3]:80", ":8080", "192.168.10.3" */
static void to_text(const struct nst_nat_rule *r, char *buf, size_t len)
{
	bool v6 = strchr(r->to_addr, ':') != NULL;

	if (r->to_port[0]) {
		snprintf(buf, len, "%s%s%s:%s", v6 ? "[" : "", r->to_addr, v6 ? "]" : "", r->to_port);
	} else {
		snprintf(buf, len, "%s", r->to_addr);
	}
}

const char *ui_nat_short(const struct nst_nat_rule *r, char *buf, size_t len)
{
	char pp[64], to[128];
	const char *from = r->match.saddr[0] ? r->match.saddr : "any";

	proto_port(&r->match, pp, sizeof(pp));
	to_text(r, to, sizeof(to));
	switch (r->type) {
	case NST_NAT_DNAT:
	case NST_NAT_REDIRECT:
		snprintf(buf, len, "%s%s%s -> %s", nst_nat_type_str(r->type), pp[0] ? " " : "", pp, to[0] ? to : "?");
		break;
	case NST_NAT_SNAT:
		snprintf(buf, len, "snat from %s to %s", from, to[0] ? to : "?");
		break;
	case NST_NAT_MASQ:
		snprintf(buf, len, "masquerade from %s%s%s", from, to[0] ? " to " : "", to);
		break;
	default:
		snprintf(buf, len, "%s", r->summary);
		break;
	}
	return buf;
}
