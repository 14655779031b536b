/* SPDX-License-Identifier: MIT */
/* Tree rows and the filter: nesting, folding, --ns ordering, regex vs substring. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "filter.h"
#include "fixtures.h"
#include "rows.h"
#include "unit.h"

static struct nst_model *built(void)
{
	struct nst_model *m = fixture_seed_bridge();

	nst_model_sort(m);
	nst_model_pair_peers(m);
	return m;
}

/* "N:/" for a namespace row, "L2:vethA" for a link row at depth 2, "A1:addr" for an address row,
 * "T1:summary" for a NAT rule, "E1:summary" for source NAT under its output link; "$": last child. */
static void describe(const struct ui_rows *rows, const struct nst_model *m, char *out, size_t len)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < rows->n && n < len; i++) {
		const struct ui_row *r = &rows->v[i];
		char addr[NST_ADDR_STRLEN];
		switch (r->kind) {
		case UI_ROW_NS:
			n += (size_t)snprintf(out + n, len - n, "%sN:%s", i ? " " : "", ui_row_ns(r, m)->name);
			break;
		case UI_ROW_LINK:
			n += (size_t)snprintf(out + n, len - n, " L%d:%s%s", r->depth, ui_row_link(r, m)->name,
					      r->last_child ? "$" : "");
			break;
		case UI_ROW_NAT:
			n += (size_t)snprintf(out + n, len - n, " T%d:%s%s", r->depth, ui_row_nat(r, m)->summary,
					      r->last_child ? "$" : "");
			break;
		case UI_ROW_NAT_HEAD:
			n += (size_t)snprintf(out + n, len - n, " H%d%s", r->depth, r->last_child ? "$" : "");
			break;
		case UI_ROW_EGRESS:
			n += (size_t)snprintf(out + n, len - n, " E%d:%s", r->depth, ui_row_nat(r, m)->summary);
			break;
		case UI_ROW_FW:
			n += (size_t)snprintf(out + n, len - n, " F%d%s", r->depth, r->last_child ? "$" : "");
			break;
		case UI_ROW_RT_HEAD:
		case UI_ROW_ROUTE:
		case UI_ROW_IPRULE: /* test_route_rows.c describes them */
			n += (size_t)snprintf(out + n, len - n, " R%d%s", r->depth, r->last_child ? "$" : "");
			break;
		case UI_ROW_ADDR:
			n += (size_t)snprintf(out + n, len - n, " A%d:%s", r->depth,
					      nst_addr_format(&r->addr, true, addr, sizeof(addr)));
			break;
		}
	}
}

static void test_nesting(void)
{
	struct nst_model *m = built();
	struct ui_expand e = { .default_expanded = true };
	struct ui_filter f = { 0 };
	struct ui_rows rows = { 0 };
	char d[512];

	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, m, d, sizeof(d));
	CHECK_STR(d, "N:/ L1:lo L1:mybridge$ L2:vethA L2:vethC$ N:ns1 L1:vethB$ N:ns2 L1:vethD$");
	CHECK(!ui_row_selectable(&(struct ui_row){ .kind = UI_ROW_ADDR }));

	/* A second IPv4 address gets its own row; an IPv6 link-local one does not. */
	struct nst_link *b = nst_ns_find_link_name(nst_model_find_ns(m, "ns1"), "vethB");
	struct nst_addr extra = fixture_addr4("10.0.0.2", 8), ll = { .family = AF_INET6, .prefixlen = 64 };
	ll.bytes[0] = 0xfe;
	ll.bytes[1] = 0x80;
	nst_link_add_addr(b, &ll);
	nst_link_add_addr(b, &extra);
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, m, d, sizeof(d));
	CHECK(strstr(d, "N:ns1 L1:vethB$ A1:10.0.0.2/8 N:ns2") != NULL);
	ui_rows_finish(&rows);
	nst_model_destroy(m);
}

static void test_fold_and_focus(void)
{
	struct nst_model *m = built();
	struct ui_expand e = { .default_expanded = false }; /* as with --ns */
	struct ui_filter f = { 0 };
	struct ui_rows rows = { 0 };
	char d[512];
	const struct nst_ns *ns2 = nst_model_find_ns(m, "ns2");

	ui_expand_set(&e, ns2->id, true);
	ui_rows_build(&rows, m, &e, &f, ns2);
	describe(&rows, m, d, sizeof(d));
	CHECK_STR(d, "N:ns2 L1:vethD$ N:/ N:ns1");
	ui_expand_set(&e, ns2->id, false);
	CHECK_INT(e.n, 0);
	ui_rows_build(&rows, m, &e, &f, ns2);
	describe(&rows, m, d, sizeof(d));
	CHECK_STR(d, "N:ns2 N:/ N:ns1");

	struct ui_sel want = ui_sel_ns(nst_model_find_ns(m, "ns1")->id);
	CHECK_INT(ui_rows_find(&rows, &want), 2);
	want = ui_sel_link(want.ns, 2);
	CHECK_INT(ui_rows_find(&rows, &want), -1);
	ui_rows_finish(&rows);
	ui_expand_finish(&e);
	nst_model_destroy(m);
}

static void test_filter(void)
{
	struct nst_model *m = built();
	struct ui_expand e = { .default_expanded = true };
	struct ui_filter f = { 0 };
	struct ui_rows rows = { 0 };
	char d[512];

	/* substring on an address: the link and its namespace */
	ui_filter_set(&f, "192.168.10.3");
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, m, d, sizeof(d));
	CHECK_STR(d, "N:ns2 L1:vethD$");

	/* a regex, case-insensitive: both veth ends A and B */
	ui_filter_set(&f, "^VETH[AB]$");
	CHECK(f.is_regex);
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, m, d, sizeof(d));
	CHECK_STR(d, "N:/ L1:vethA$ N:ns1 L1:vethB$");

	/* a namespace name matches: all of its links */
	ui_filter_set(&f, "ns1");
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, m, d, sizeof(d));
	CHECK_STR(d, "N:ns1 L1:vethB$");

	/* not a valid regex: matched as text */
	ui_filter_set(&f, "veth[");
	CHECK(f.active && !f.is_regex);
	ui_rows_build(&rows, m, &e, &f, NULL);
	CHECK_INT(rows.n, 0);

	/* the bridge matches by kind: it keeps its ports only if they match too */
	ui_filter_set(&f, "bridge");
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, m, d, sizeof(d));
	CHECK_STR(d, "N:/ L1:mybridge$");

	ui_filter_set(&f, "");
	CHECK(!f.active);
	ui_filter_clear(&f);
	ui_rows_finish(&rows);
	nst_model_destroy(m);
}

static struct nst_nat_rule *add_rule(struct nst_ns *ns, enum nst_nat_type type, const char *oif, const char *summary)
{
	struct nst_nat_rule *r = nst_ns_add_nat(ns);

	r->type = type;
	snprintf(r->family, sizeof(r->family), "ip");
	snprintf(r->table, sizeof(r->table), "nstop");
	snprintf(r->chain, sizeof(r->chain), "%s", type == NST_NAT_DNAT ? "prerouting" : "postrouting");
	r->handle = ns->n_nat; /* unique: rules are told apart by (family, table, chain, handle) */
	snprintf(r->match.oif, sizeof(r->match.oif), "%s", oif);
	snprintf(r->summary, sizeof(r->summary), "%s", summary);
	return r;
}

/* NAT rules follow the links; source NAT also shows under the link it leaves by. */
static void test_nat_rows(void)
{
	struct nst_model *m = built();
	struct nst_ns *root = nst_model_find_ns(m, "/");
	struct nst_link *eno1 = nst_ns_add_link(root, 40, "eno1");
	struct ui_expand e = { .default_expanded = true };
	struct ui_filter f = { 0 };
	struct ui_rows rows = { 0 };
	char d[1024], buf[200];

	(void)eno1;
	struct nst_nat_rule *dnat = add_rule(root, NST_NAT_DNAT, "", "D");
	snprintf(dnat->match.proto, sizeof(dnat->match.proto), "tcp");
	snprintf(dnat->match.dport, sizeof(dnat->match.dport), "9999");
	snprintf(dnat->to_addr, sizeof(dnat->to_addr), "192.168.10.3");
	snprintf(dnat->to_port, sizeof(dnat->to_port), "9999");
	struct nst_nat_rule *masq = add_rule(root, NST_NAT_MASQ, "eno1", "M");
	snprintf(masq->match.saddr, sizeof(masq->match.saddr), "192.168.10.0/24");
	add_rule(root, NST_NAT_SNAT, "eth*", "W"); /* a wildcard names no one link */
	add_rule(root, NST_NAT_MASQ, "", "A");
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, m, d, sizeof(d));
	CHECK_STR(d, "N:/ L1:lo L1:mybridge L2:vethA L2:vethC$ L1:eno1 E1:M H1$ T2:D T2:M T2:W T2:A$ N:ns1 L1:vethB$ "
		     "N:ns2 L1:vethD$");
	CHECK(!ui_row_selectable(&(struct ui_row){ .kind = UI_ROW_EGRESS }));
	CHECK(!ui_row_selectable(&(struct ui_row){ .kind = UI_ROW_NAT_HEAD }));
	/* the egress row is not the rule: selecting the rule finds its NAT row */
	struct ui_sel rule = ui_sel_nat(root->id, masq);
	long i = ui_rows_find(&rows, &rule);
	CHECK(i >= 0 && rows.v[i].kind == UI_ROW_NAT && ui_row_nat(&rows.v[i], m) == masq);

	CHECK_STR(ui_nat_short(dnat, buf, sizeof(buf)), "dnat tcp/9999 -> 192.168.10.3:9999");
	CHECK_STR(ui_nat_short(masq, buf, sizeof(buf)), "masquerade from 192.168.10.0/24");
	snprintf(masq->to_addr, sizeof(masq->to_addr), "fd00::1");
	snprintf(masq->to_port, sizeof(masq->to_port), "1024-2048");
	masq->type = NST_NAT_SNAT;
	CHECK_STR(ui_nat_short(masq, buf, sizeof(buf)), "snat from 192.168.10.0/24 to [fd00::1]:1024-2048");
	dnat->type = NST_NAT_REDIRECT;
	dnat->to_addr[0] = '\0';
	snprintf(dnat->to_port, sizeof(dnat->to_port), "8080");
	CHECK_STR(ui_nat_short(dnat, buf, sizeof(buf)), "redirect tcp/9999 -> :8080");
	dnat->type = NST_NAT_OTHER;
	CHECK_STR(ui_nat_short(dnat, buf, sizeof(buf)), "D");

	/* a filter that matches the namespace keeps its NAT rows; one that matches only a link drops them */
	ui_filter_set(&f, "vethA");
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, m, d, sizeof(d));
	CHECK(strstr(d, "T2:") == NULL && strstr(d, " H1") == NULL);
	ui_filter_clear(&f);
	ui_rows_finish(&rows);
	nst_model_destroy(m);
}

/*
 * Rows outlive the model they came from: they name objects by identity, so a
 * selection is found again after the model grew (its arrays moved), and
 * reading them never touches the old model (ASan: its memory is freed here).
 */
static void test_identity(void)
{
	struct nst_model *m = built();
	struct ui_expand e = { .default_expanded = true };
	struct ui_filter f = { 0 };
	struct ui_rows rows = { 0 };

	CHECK(!ui_rows_current(&rows, m));
	ui_rows_build(&rows, m, &e, &f, NULL);
	CHECK(ui_rows_current(&rows, m));
	const struct nst_ns *ns2 = nst_model_find_ns(m, "ns2");
	struct ui_sel sel = ui_sel_link(ns2->id, nst_ns_find_link_name(ns2, "vethD")->ifindex);
	long before = ui_rows_find(&rows, &sel);
	CHECK(before >= 0);

	/* New namespaces (a rescan): the namespace array is reallocated, the generation moves. */
	for (int i = 0; i < 40; i++) {
		char name[16];
		snprintf(name, sizeof(name), "new%02d", i);
		nst_ns_add_link(nst_model_add_ns(m, name, NST_NS_PROCESS, (struct nst_ns_id){ 9, 1000 + (uint64_t)i }),
				1, "lo");
	}
	nst_model_sort(m);
	m->generation++;
	CHECK(!ui_rows_current(&rows, m));
	/* the old rows are still safe to search: identities, not addresses */
	CHECK_INT(ui_rows_find(&rows, &sel), before);
	ui_rows_build(&rows, m, &e, &f, NULL);
	CHECK(ui_rows_current(&rows, m));
	long after = ui_rows_find(&rows, &sel);
	CHECK(after >= 0 && strcmp(ui_row_link(&rows.v[after], m)->name, "vethD") == 0);
	ns2 = nst_model_find_ns(m, "ns2");
	CHECK(ui_row_ns(&rows.v[after], m) == ns2);

	/* A model without those namespaces: the rows' objects are simply not there. */
	struct nst_model *other = nst_model_create();
	nst_model_destroy(m);
	CHECK(ui_row_ns(&rows.v[after], other) == NULL && ui_row_link(&rows.v[after], other) == NULL);
	CHECK_INT(ui_rows_find(&rows, &sel), after);
	/* every row's identity is readable with the model gone */
	size_t links = 0;
	for (size_t i = 0; i < rows.n; i++) {
		links += rows.v[i].kind == UI_ROW_LINK && rows.v[i].ifindex > 0;
	}
	CHECK(links > 40);
	nst_model_destroy(other);
	ui_rows_finish(&rows);
	CHECK(!rows.built);
}

/* A NAT rule is its (family, table, chain, handle): deleting the rule before it keeps the selection on it. */
static void test_nat_identity(void)
{
	struct nst_model *m = built();
	struct nst_ns *root = nst_model_find_ns(m, "/");
	struct ui_expand e = { .default_expanded = true };
	struct ui_filter f = { 0 };
	struct ui_rows rows = { 0 };

	add_rule(root, NST_NAT_DNAT, "", "first");
	add_rule(root, NST_NAT_DNAT, "", "second");
	add_rule(root, NST_NAT_MASQ, "", "third");
	/* the same handle in another chain is another rule */
	struct nst_nat_rule *twin = add_rule(root, NST_NAT_DNAT, "", "twin");
	snprintf(twin->chain, sizeof(twin->chain), "output");
	twin->handle = root->nat[1].handle;
	ui_rows_build(&rows, m, &e, &f, NULL);
	struct ui_sel sel = ui_sel_nat(root->id, &root->nat[1]);
	long i = ui_rows_find(&rows, &sel);
	CHECK(i >= 0 && strcmp(ui_row_nat(&rows.v[i], m)->summary, "second") == 0);
	struct ui_sel third_sel = ui_sel_nat(root->id, &root->nat[2]);
	CHECK(!ui_sel_eq(&sel, &third_sel));

	/* "first" is deleted: "second" moves to index 0 */
	memmove(&root->nat[0], &root->nat[1], (root->n_nat - 1) * sizeof(root->nat[0]));
	root->n_nat--;
	m->generation++;
	CHECK(!ui_rows_current(&rows, m));
	ui_rows_build(&rows, m, &e, &f, NULL);
	i = ui_rows_find(&rows, &sel);
	CHECK(i >= 0 && strcmp(ui_row_nat(&rows.v[i], m)->summary, "second") == 0);
	CHECK(ui_sel_find_nat(m, &sel) == &root->nat[0]);

	/* and once "second" is gone too, nothing else is taken for it */
	memmove(&root->nat[0], &root->nat[1], (root->n_nat - 1) * sizeof(root->nat[0]));
	root->n_nat--;
	m->generation++;
	ui_rows_build(&rows, m, &e, &f, NULL);
	CHECK_INT(ui_rows_find(&rows, &sel), -1);
	CHECK(ui_sel_find_nat(m, &sel) == NULL);
	ui_rows_finish(&rows);
	nst_model_destroy(m);
}

/* The nesting as it was first written, by linear search (O(L^2) for a bridge of L ports): the indexed build must
 * give the same link rows. "L<depth>:<ifindex>[$]" per link row. */
static size_t ref_links(const struct nst_ns *ns, const struct ui_filter *f, const struct nst_link *l, int depth, bool last,
			char *out, size_t n, size_t len)
{
	n += (size_t)snprintf(out + n, n < len ? len - n : 0, " L%d:%d%s", depth, l->ifindex, last ? "$" : "");
	const struct nst_link *last_port = NULL;
	for (size_t i = 0; i < ns->n_links; i++) {
		const struct nst_link *p = &ns->links[i];
		if (p->master.ifindex == l->ifindex && p != l && ui_filter_link_visible(f, ns, p)) {
			last_port = p;
		}
	}
	for (size_t i = 0; i < ns->n_links && n < len; i++) {
		const struct nst_link *p = &ns->links[i];
		if (p->master.ifindex == l->ifindex && p != l && ui_filter_link_visible(f, ns, p)) {
			n = ref_links(ns, f, p, depth + 1, p == last_port, out, n, len);
		}
	}
	return n;
}

static bool ref_master_shown(const struct ui_filter *f, const struct nst_ns *ns, const struct nst_link *l)
{
	const struct nst_link *master = l->master.ifindex ? nst_ns_find_link(ns, l->master.ifindex) : NULL;
	return master && master != l && ui_filter_link_visible(f, ns, master);
}

static void ref_describe(const struct nst_model *m, const struct ui_filter *f, char *out, size_t len)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t k = 0; k < m->n_ns && n < len; k++) {
		const struct nst_ns *ns = &m->ns[k];
		if (!ui_filter_ns_visible(f, ns)) {
			continue;
		}
		n += (size_t)snprintf(out + n, len - n, " N%zu", k);
		for (size_t i = 0; i < ns->n_links && n < len; i++) {
			const struct nst_link *l = &ns->links[i];
			if (ui_filter_link_visible(f, ns, l) && !ref_master_shown(f, ns, l)) {
				n = ref_links(ns, f, l, 1, false, out, n, len); /* last_child of top rows depends on NAT etc.: not compared */
			}
		}
	}
}

static void link_describe(const struct ui_rows *rows, const struct nst_model *m, char *out, size_t len)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < rows->n && n < len; i++) {
		const struct ui_row *r = &rows->v[i];
		if (r->kind == UI_ROW_NS) {
			n += (size_t)snprintf(out + n, len - n, " N%td", ui_row_ns(r, m) - m->ns);
		} else if (r->kind == UI_ROW_LINK) {
			n += (size_t)snprintf(out + n, len - n, " L%d:%d%s", r->depth, r->ifindex,
					      r->last_child && r->depth > 1 ? "$" : "");
		}
	}
}

/* What the build indexes beside the rows, checked against a plain scan: the selectable rows, their ranks, the
 * tree-line flags each row leaves, and the hinted lookup. */
static void check_index(const struct ui_rows *rows)
{
	bool last_at[16] = { 0 };
	size_t k = 0;

	for (size_t i = 0; i < rows->n; i++) {
		const struct ui_row *r = &rows->v[i];
		if (r->kind != UI_ROW_ADDR && r->kind != UI_ROW_EGRESS && r->depth < 16) {
			last_at[r->depth] = r->last_child;
		}
		for (int d = 0; d < 16; d++) {
			if (((r->last_at >> d) & 1u) != last_at[d]) {
				CHECK(!"last_at differs from the scan");
				return;
			}
		}
		if (ui_row_selectable(r)) {
			CHECK(k < rows->n_sel && rows->sel_v[k] == i);
			CHECK_INT(ui_rows_sel_rank(rows, (long)i), (long)k);
			struct ui_sel sel = ui_row_sel(r);
			CHECK_INT(ui_rows_find_near(rows, &sel, (long)i), (long)i);
			CHECK_INT(ui_rows_find_near(rows, &sel, (long)i + 1), ui_rows_find(rows, &sel));
			CHECK_INT(ui_rows_find_near(rows, &sel, -1), ui_rows_find(rows, &sel));
			k++;
		} else {
			CHECK_INT(ui_rows_sel_rank(rows, (long)i), -1);
		}
	}
	CHECK_INT(rows->n_sel, k);
}

static unsigned lcg(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

static void test_index_matches_scan(void)
{
	static const char *const filters[] = { "", "v1", "br0|v2", "r0", "zzz" };
	static char want[1 << 16], got[1 << 16];

	for (unsigned seed = 1; seed <= 40; seed++) {
		struct nst_model *m = fixture_random(seed, 6, 60);
		unsigned st = seed * 7919u;
		/* Masters of every sort: a real bridge, a port of a port (nested), itself, a link that is not there, a cycle. */
		for (size_t k = 0; k < m->n_ns; k++) {
			struct nst_ns *ns = &m->ns[k];
			for (size_t i = 0; ns->n_links && i < ns->n_links; i++) {
				unsigned r = lcg(&st) % 6;
				if (r == 0) {
					ns->links[i].master.ifindex = ns->links[lcg(&st) % ns->n_links].ifindex;
				} else if (r == 1) {
					ns->links[i].master.ifindex = 999;
				}
			}
		}
		nst_model_sort(m);
		nst_model_pair_peers(m);
		for (size_t fi = 0; fi < sizeof(filters) / sizeof(filters[0]); fi++) {
			struct ui_expand e = { .default_expanded = true };
			struct ui_filter f = { 0 };
			struct ui_rows rows = { 0 };
			ui_filter_set(&f, filters[fi]);
			ui_rows_build(&rows, m, &e, &f, NULL);
			ref_describe(m, &f, want, sizeof(want));
			link_describe(&rows, m, got, sizeof(got));
			if (strcmp(want, got) != 0) {
				fprintf(stderr, "seed %u filter '%s'\n", seed, filters[fi]);
				CHECK_STR(got, want);
			}
			check_index(&rows);
			uint64_t id = rows.build_id;
			ui_rows_build(&rows, m, &e, &f, NULL);
			CHECK(rows.build_id != id);
			ui_rows_finish(&rows);
			ui_filter_clear(&f);
		}
		nst_model_destroy(m);
	}
}

/* Folding moves the counter the UI rebuilds its rows by; a no-op does not. */
static void test_expand_changes(void)
{
	struct ui_expand e = { .default_expanded = true };
	struct nst_ns_id id = { 1, 2 };
	struct ui_sel fw = ui_sel_fw_head(id);

	uint64_t c = e.changes;
	ui_expand_set(&e, id, true);
	CHECK(e.changes == c);
	ui_expand_set(&e, id, false);
	CHECK(e.changes == c + 1);
	ui_expand_set(&e, id, false);
	CHECK(e.changes == c + 1);
	ui_expand_set(&e, id, true);
	CHECK(e.changes == c + 2);
	ui_expand_fw_set(&e, &fw, true);
	CHECK(e.changes == c + 3);
	ui_expand_fw_set(&e, &fw, true);
	CHECK(e.changes == c + 3);
	ui_expand_fw_set(&e, &fw, false);
	CHECK(e.changes == c + 4);
	ui_expand_finish(&e);
}

UNIT_MAIN(test_nat_rows, test_nesting, test_fold_and_focus, test_filter, test_identity, test_nat_identity, test_index_matches_scan,
	  test_expand_changes)
