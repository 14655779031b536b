/* SPDX-License-Identifier: MIT */
/*
 * The graph view's layout: golden pictures (tests/unit/golden/graph_*.txt,
 * GENERATE=1 rewrites them; review the diff), and the properties any layout
 * has (graph_check.c) on hand-made, random and many-namespace models.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixtures.h"
#include "golden.h"
#include "graph_check.h"
#include "graph_layout.h"
#include "unit.h"

/* The object for rule i of ns. */
static const struct ui_obj *find_rule(const struct ui_canvas *c, const struct nst_ns *ns, size_t i)
{
	struct ui_sel s = ui_sel_nat(ns->id, &ns->nat[i]);
	return ui_canvas_find_obj(c, &s);
}

/* ---- golden files (as in test_render.c) ---- */

static struct nst_model *built(struct nst_model *m)
{
	nst_model_sort(m);
	nst_model_pair_peers(m);
	nst_model_diagnose(m);
	return m;
}

static const bool *hide(const struct nst_model *m, bool *vis, const char *name)
{
	for (size_t i = 0; i < m->n_ns; i++) {
		vis[i] = strcmp(m->ns[i].name, name) != 0;
	}
	return vis;
}

static char *layout_text(const struct nst_model *m, const struct ui_graph_opts *o, bool ascii)
{
	struct ui_canvas c;

	ui_canvas_init(&c, 0, 0);
	layout_all(m, o, &c);
	char *s = ui_canvas_to_text(&c, ascii);
	ui_canvas_finish(&c);
	return s;
}

static void check_layout_golden(const struct nst_model *m, const struct ui_graph_opts *o, const char *name,
				bool utf8_too)
{
	char file[256];
	char *s = layout_text(m, o, true);

	snprintf(file, sizeof(file), "graph_%s.txt", name);
	check_golden(file, s);
	free(s);
	if (utf8_too) {
		s = layout_text(m, o, false);
		snprintf(file, sizeof(file), "graph_%s_utf8.txt", name);
		check_golden(file, s);
		free(s);
	}
}

/* ---- tests ---- */

static void test_goldens(void)
{
	struct nst_model *m = built(fixture_seed_bridge());
	bool vis[16];

	check_layout_golden(m, NULL, "seed_bridge", true);
	check_layout_golden(m, &(struct ui_graph_opts){ .center = nst_model_find_ns(m, "ns2") }, "seed_bridge_center_ns2",
			    false);
	nst_model_destroy(m);

	m = built(fixture_myns());
	check_layout_golden(m, NULL, "myns", true);
	nst_model_destroy(m);

	m = built(fixture_lab());
	check_layout_golden(m, NULL, "lab", true);
	check_layout_golden(m, &(struct ui_graph_opts){ .visible = hide(m, vis, "b") }, "lab_without_b", false);
	nst_model_destroy(m);
}

static void test_seed_structure(void)
{
	struct nst_model *m = built(fixture_seed_bridge());
	const struct nst_ns *root = nst_model_find_ns(m, "/"), *ns1 = nst_model_find_ns(m, "ns1");
	const struct nst_ns *ns2 = nst_model_find_ns(m, "ns2");
	struct ui_canvas c;

	ui_canvas_init(&c, 0, 0);
	layout_all(m, NULL, &c);
	check_structure(m, NULL, &c, true);

	/* the center first, at the top left */
	CHECK(c.n_objs > 0 && nst_ns_id_eq(c.objs[0].ref.ns, root->id) && c.objs[0].ref.kind == UI_SEL_NS);
	CHECK(c.objs[0].x == 0 && c.objs[0].y == 0);

	/* vethA's line: from the root box's border to ns1's, on one row since the boxes line up */
	const struct ui_obj *a = find_obj(&c, root->id, 4), *b = find_obj(&c, ns1->id, 2);
	const struct ui_obj *t1 = find_obj(&c, ns1->id, 0);
	CHECK(a && b && t1);
	if (a && b && t1) {
		CHECK_INT(a->y, b->y);
		CHECK_INT(ui_canvas_at(&c, a->x + a->w, a->y)->lines, UI_LINE_N | UI_LINE_S | UI_LINE_E);
		for (int x = a->x + a->w + 1; x < t1->x; x++) {
			CHECK_INT(ui_canvas_at(&c, x, a->y)->lines, UI_LINE_E | UI_LINE_W);
			CHECK_INT(ui_canvas_at(&c, x, a->y)->cls, UI_CLS_VETH);
		}
		CHECK_INT(ui_canvas_at(&c, t1->x, b->y)->lines, UI_LINE_N | UI_LINE_S | UI_LINE_W);
		CHECK_INT(ui_canvas_at(&c, t1->x, b->y)->cls, UI_CLS_BOX);
		CHECK(!row_has(&c, a, "<->"));
	}
	/* ns2 below ns1: vethA comes before vethC under the bridge */
	const struct ui_obj *t2 = find_obj(&c, ns2->id, 0);
	CHECK(t1 && t2 && t2->x == t1->x && t2->y > t1->y);

	/* bridge ports hang under mybridge: ├ then └, in the port class */
	const struct ui_obj *br = find_obj(&c, root->id, 3), *vc = find_obj(&c, root->id, 6);
	CHECK(br && vc && a);
	if (br && vc && a) {
		int tx = br->x + 1;
		CHECK_INT(a->y, br->y + 1);
		CHECK_INT(vc->y, br->y + 2);
		CHECK_INT(ui_canvas_at(&c, tx, a->y)->lines, UI_LINE_N | UI_LINE_S | UI_LINE_E);
		CHECK_INT(ui_canvas_at(&c, tx, vc->y)->lines, UI_LINE_N | UI_LINE_E);
		CHECK_INT(ui_canvas_at(&c, tx, vc->y)->cls, UI_CLS_PORT);
		CHECK_INT(ui_canvas_at(&c, tx, br->y)->ch, 'm');
		CHECK_INT(ui_canvas_at(&c, tx + 3, vc->y)->ch, 'v');
		CHECK_INT(ui_canvas_at(&c, tx + 3, vc->y)->cls, UI_CLS_UP);
	}
	/* the title in the top border */
	CHECK(t1 && row_has(&c, &(struct ui_obj){ .x = t1->x, .y = t1->y, .w = t1->w }, " ns1 (named) "));
	CHECK(t1 && ui_canvas_at(&c, t1->x + 3, t1->y)->cls == UI_CLS_TITLE);
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

static void test_lab_structure(void)
{
	struct nst_model *m = built(fixture_lab());
	struct ui_canvas c;

	ui_canvas_init(&c, 0, 0);
	layout_all(m, NULL, &c);
	check_structure(m, NULL, &c, true);

	const struct nst_ns *root = nst_model_find_ns(m, "/"), *a = nst_model_find_ns(m, "a");
	const struct nst_ns *b = nst_model_find_ns(m, "b"), *cc = nst_model_find_ns(m, "c");
	const struct ui_obj *tr = find_obj(&c, root->id, 0), *ta = find_obj(&c, a->id, 0);
	const struct ui_obj *tb = find_obj(&c, b->id, 0), *tc = find_obj(&c, cc->id, 0);
	const struct ui_obj *tl = find_obj(&c, nst_model_find_ns(m, "left")->id, 0);
	const struct ui_obj *tg = find_obj(&c, nst_model_find_ns(m, "right")->id, 0);
	const struct ui_obj *ti = find_obj(&c, nst_model_find_ns(m, "lonely")->id, 0);

	/* columns: / | a b right | c | lonely; the second group starts again at the left */
	CHECK(tr->x == 0 && tl->x == 0 && tl->y > tr->y);
	CHECK(ta->x > 0 && ta->x == tb->x && tb->x == tg->x && ta->y < tb->y);
	CHECK(tc->x > tb->x);
	CHECK(ti->x > tc->x);
	/* text instead of lines: same box, same column, unknown peer */
	CHECK(row_has(&c, find_obj(&c, root->id, 7), "in1 veth <-> /:in2"));
	CHECK(row_has(&c, find_obj(&c, a->id, 3), "ab veth <-> b:ba"));
	const struct ui_obj *lost = find_obj(&c, root->id, 9);
	CHECK(row_has(&c, lost, "lost veth <-> ? !"));
	/* the warning marker: its own class, at the end of the row */
	for (int x = lost->x; x < lost->x + lost->w; x++) {
		if (ui_canvas_at(&c, x, lost->y)->ch == '!') {
			CHECK_INT(ui_canvas_at(&c, x, lost->y)->cls, UI_CLS_WARN);
		}
	}
	/* down link name in its class, kind dim */
	const struct ui_obj *fb = find_obj(&c, cc->id, 2);
	CHECK_INT(ui_canvas_at(&c, fb->x + 1, fb->y)->cls, UI_CLS_DOWN);
	CHECK_INT(ui_canvas_at(&c, fb->x + 7, fb->y)->cls, UI_CLS_DIM);
	/* the bond under the bridge, its device under the bond; the bridge's trunk runs past */
	const struct ui_obj *bond = find_obj(&c, root->id, 3), *eth1 = find_obj(&c, root->id, 4);
	CHECK_INT(ui_canvas_at(&c, bond->x + 1, bond->y)->lines, UI_LINE_N | UI_LINE_S | UI_LINE_E);
	CHECK_INT(ui_canvas_at(&c, bond->x + 1, eth1->y)->lines, UI_LINE_N | UI_LINE_S);
	CHECK_INT(ui_canvas_at(&c, bond->x + 4, eth1->y)->lines, UI_LINE_N | UI_LINE_E);
	CHECK_INT(ui_canvas_at(&c, bond->x + 7, eth1->y)->ch, 'e');
	/* an unknown peer is marked even before diagnose has said why */
	nst_strv_clear(&nst_ns_find_link(root, 9)->warnings);
	layout_all(m, NULL, &c);
	CHECK(row_has(&c, find_obj(&c, root->id, 9), "lost veth <-> ? !"));
	/* no box wider than 40 columns: long rows are clipped, the warning marker stays */
	for (size_t i = 0; i < c.n_objs; i++) {
		CHECK(c.objs[i].w <= 40);
	}
	struct nst_link *eth0 = nst_ns_find_link(a, 2);
	struct nst_addr v6 = { .family = AF_INET6, .prefixlen = 64 };
	inet_pton(AF_INET6, "2001:db8:1234:5678:9abc:def0:1234:5678", v6.bytes);
	eth0->n_addrs = 0;
	nst_link_add_addr(eth0, &v6);
	nst_strv_add(&eth0->warnings, "made up");
	nst_ns_set_label(nst_model_find_ns(m, "a"), "a container label long enough to overflow");
	layout_all(m, NULL, &c);
	check_structure(m, NULL, &c, true);
	const struct ui_obj *ta2 = find_obj(&c, a->id, 0), *e0 = find_obj(&c, a->id, 2);
	CHECK_INT(ta2->w, 40);
	CHECK(row_has(&c, &(struct ui_obj){ .x = ta2->x, .y = ta2->y, .w = ta2->w }, " a (named) a container label"));
	CHECK_INT(ui_canvas_at(&c, ta2->x + 39, ta2->y)->lines, UI_LINE_W | UI_LINE_S); /* the corner survives */
	/* clipped rows end in "~" so a cut address is not mistaken for a whole one */
	CHECK(row_has(&c, e0, "eth0 veth 2001:db8:1234:5678:9abc~ !"));
	CHECK_INT(ui_canvas_at(&c, e0->x + e0->w - 2, e0->y)->ch, '!');
	CHECK_INT(ui_canvas_at(&c, e0->x + e0->w - 2, e0->y)->cls, UI_CLS_WARN);
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

static void test_filtering(void)
{
	struct nst_model *m = built(fixture_seed_bridge());
	const struct nst_ns *root = nst_model_find_ns(m, "/"), *ns1 = nst_model_find_ns(m, "ns1");
	bool vis[8];
	struct ui_canvas c;

	ui_canvas_init(&c, 0, 0);
	layout_all(m, &(struct ui_graph_opts){ .visible = hide(m, vis, "ns1") }, &c);
	check_structure(m, vis, &c, true);
	CHECK(find_obj(&c, ns1->id, 0) == NULL);
	CHECK(find_obj(&c, ns1->id, 2) == NULL);
	const struct ui_obj *a = find_obj(&c, root->id, 4), *vc = find_obj(&c, root->id, 6);
	CHECK(a && vc);
	if (a && vc) {
		/* vethA's line is gone, its peer named instead; vethC's line stays */
		CHECK(!(ui_canvas_at(&c, a->x + a->w, a->y)->lines & UI_LINE_E));
		CHECK(row_has(&c, a, "<-> ns1:vethB"));
		CHECK(ui_canvas_at(&c, vc->x + vc->w, vc->y)->lines & UI_LINE_E);
	}
	char *s = ui_canvas_to_text(&c, true);
	CHECK(strstr(s, "ns1 (named)") == NULL);
	CHECK(strstr(s, "ns2 (named)") != NULL);
	free(s);

	/* the center filtered out: the self namespace leads */
	layout_all(m, &(struct ui_graph_opts){ .center = ns1, .visible = vis }, &c);
	CHECK(c.n_objs && nst_ns_id_eq(c.objs[0].ref.ns, root->id));

	/* nothing visible: an empty canvas, no objects */
	memset(vis, 0, sizeof(vis));
	layout_all(m, &(struct ui_graph_opts){ .visible = vis }, &c);
	CHECK(c.w == 0 && c.h == 0 && c.n_objs == 0);
	s = ui_canvas_to_text(&c, false);
	CHECK_STR(s, "");
	free(s);
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

static void test_center(void)
{
	struct nst_model *m = built(fixture_seed_bridge());
	const struct nst_ns *root = nst_model_find_ns(m, "/"), *ns1 = nst_model_find_ns(m, "ns1");
	const struct nst_ns *ns2 = nst_model_find_ns(m, "ns2");
	struct ui_canvas c;

	ui_canvas_init(&c, 0, 0);
	layout_all(m, &(struct ui_graph_opts){ .center = ns2 }, &c);
	check_structure(m, NULL, &c, true);
	const struct ui_obj *t2 = find_obj(&c, ns2->id, 0), *tr = find_obj(&c, root->id, 0);
	const struct ui_obj *t1 = find_obj(&c, ns1->id, 0);
	CHECK(c.objs[0].ref.ns.ino == ns2->id.ino && t2->x == 0 && t2->y == 0);
	CHECK(tr->x > t2->x && t1->x > tr->x);
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

/* Boxes follow the rows they hang from: swap the seed's peers and ns2 moves above ns1. */
static void test_column_order(void)
{
	struct nst_model *m = built(fixture_seed_bridge());
	struct nst_ns *root = nst_model_find_ns(m, "/"), *ns1 = nst_model_find_ns(m, "ns1");
	struct nst_ns *ns2 = nst_model_find_ns(m, "ns2");
	struct nst_link *va = nst_ns_find_link_name(root, "vethA"), *vc = nst_ns_find_link_name(root, "vethC");
	struct nst_link *vb = nst_ns_find_link_name(ns1, "vethB"), *vd = nst_ns_find_link_name(ns2, "vethD");
	struct ui_canvas c;

	va->peer.ns = ns2->id;
	vd->peer.ifindex = va->ifindex;
	vc->peer.ns = ns1->id;
	vb->peer.ifindex = vc->ifindex;
	nst_model_pair_peers(m);
	ui_canvas_init(&c, 0, 0);
	layout_all(m, NULL, &c);
	check_structure(m, NULL, &c, true);
	const struct ui_obj *t1 = find_obj(&c, ns1->id, 0), *t2 = find_obj(&c, ns2->id, 0);
	CHECK(t1 && t2 && t2->y < t1->y);
	for (int i = 0; i < c.w * c.h; i++) {
		CHECK(c.cells[i].lines != 0x0f); /* no crossing */
	}
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

/* Random topologies, random filters: the structural properties hold for all. */
static void test_random(void)
{
	for (unsigned seed = 1; seed <= 300; seed++) {
		unsigned st = seed * 7919u;
		int n_ns = 2 + (int)(seed % 11), n_veth = (int)(seed * 13 % 23);
		struct nst_model *m = built(fixture_random(seed, n_ns, n_veth));
		bool vis[16];
		struct ui_canvas c;
		int before = unit_failures;

		for (int i = 0; i < n_ns; i++) {
			st = st * 1103515245u + 12345u;
			vis[i] = seed % 3 != 0 || (st >> 16) % 4 != 0;
		}
		ui_canvas_init(&c, 0, 0);
		layout_all(m, &(struct ui_graph_opts){ .visible = vis, .center = &m->ns[seed % (unsigned)n_ns] }, &c);
		check_structure(m, vis, &c, false);
		/* fitted to a small view: the center's leaves may go to its left (graph_layout.h) */
		layout_all(m, &(struct ui_graph_opts){ .visible = vis, .center = &m->ns[seed % (unsigned)n_ns],
							 .view_w = 40 + (int)(seed % 3) * 20, .view_h = 10 + (int)(seed % 4) * 5 }, &c);
		check_structure(m, vis, &c, false);
		if (unit_failures != before) {
			char *s = ui_canvas_to_text(&c, true);
			fprintf(stderr, "random topology %u:\n%s", seed, s);
			free(s);
			before = unit_failures;
		}
		ui_canvas_finish(&c);
		nst_model_destroy(m);
	}
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void test_many(void)
{
	struct nst_model *m = built(fixture_many(25));
	struct ui_canvas c;
	struct timespec t0;

	ui_canvas_init(&c, 0, 0);
	layout_all(m, NULL, &c);
	check_structure(m, NULL, &c, true);
	/* a star whose lines need not cross: the lane order must find that */
	int crossings = 0;
	for (int i = 0; i < c.w * c.h; i++) {
		crossings += c.cells[i].lines == 0x0f;
	}
	CHECK_INT(crossings, 0);
	/* fitted to 80x24: br0's 20 ports are a bus (graph_bus.c), so no leaves go left of "/"; no crossing */
	layout_all(m, &(struct ui_graph_opts){ .view_w = 80, .view_h = 21 }, &c);
	check_structure(m, NULL, &c, true);
	crossings = 0;
	for (int i = 0; i < c.w * c.h; i++) {
		crossings += c.cells[i].lines == 0x0f;
	}
	CHECK_INT(crossings, 0);
	CHECK_INT(find_obj(&c, nst_model_find_ns(m, "/")->id, 0)->x, 0);
	nst_model_destroy(m);

	m = built(fixture_many(200));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	layout_all(m, NULL, &c);
	/* printed, not asserted: sanitizers and loaded machines vary */
	printf("graph layout of %zu namespaces: %.2f ms, canvas %dx%d, %zu objects\n", m->n_ns, ms_since(&t0), c.w,
	       c.h, c.n_objs);
	check_structure(m, NULL, &c, true);
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

static struct nst_nat_rule *add_rule(struct nst_ns *ns, enum nst_nat_type type, const char *summary)
{
	struct nst_nat_rule *r = nst_ns_add_nat(ns);

	r->type = type;
	snprintf(r->family, sizeof(r->family), "ip");
	snprintf(r->table, sizeof(r->table), "nstop");
	r->handle = ns->n_nat; /* unique: rules are told apart by (family, table, chain, handle) */
	snprintf(r->summary, sizeof(r->summary), "%s", summary);
	return r;
}

/* The seed's last steps: eno1 uplink in "/", a port forward to ns2, masquerade out eno1. */
static struct nst_model *seed_with_nat(void)
{
	struct nst_model *m = built(fixture_seed_bridge());
	struct nst_ns *root = nst_model_find_ns(m, "/");
	struct nst_link *eno1 = nst_ns_add_link(root, 2, "eno1");
	struct nst_addr a = fixture_addr4("10.0.0.5", 24);

	snprintf(eno1->kind, sizeof(eno1->kind), "veth");
	eno1->up = true;
	nst_link_add_addr(eno1, &a);
	struct nst_nat_rule *d = add_rule(root, NST_NAT_DNAT, "tcp dport 9999 dnat to 192.168.10.3:9999");
	snprintf(d->match.proto, sizeof(d->match.proto), "tcp");
	snprintf(d->match.dport, sizeof(d->match.dport), "9999");
	snprintf(d->to_addr, sizeof(d->to_addr), "192.168.10.3");
	snprintf(d->to_port, sizeof(d->to_port), "9999");
	struct nst_nat_rule *q = add_rule(root, NST_NAT_MASQ, "ip saddr 192.168.10.0/24 oifname \"eno1\" masquerade");
	snprintf(q->match.saddr, sizeof(q->match.saddr), "192.168.10.0/24");
	snprintf(q->match.oif, sizeof(q->match.oif), "eno1");
	add_rule(root, NST_NAT_OTHER, "jump DOCKER");
	nst_model_sort(m);
	nst_model_resolve_nat(m);
	return m;
}

/* The DNAT row in "/" and the arrowhead one cell before the target box's top-left corner. */
static void check_arrow(const struct nst_model *m, const struct ui_canvas *c, bool right)
{
	const struct nst_ns *root = nst_model_find_ns(m, "/"), *ns2 = nst_model_find_ns(m, "ns2");
	const struct ui_obj *rule = find_rule(c, root, 0);
	const struct ui_obj *box = find_obj(c, ns2->id, 0);

	CHECK(rule != NULL && box != NULL);
	if (!rule || !box) {
		return;
	}
	if (right) {
		CHECK_INT((int)ui_cell_glyph(&c->cells[box->y * c->w + box->x - 1], true), '>');
	} else {
		CHECK_INT((int)ui_cell_glyph(&c->cells[box->y * c->w + box->x + box->w], true), '<');
	}
	/* the rule's row leaves its box on the side facing the target */
	int edge_x = right ? rule->x + rule->w : rule->x - 1;
	CHECK(c->cells[rule->y * c->w + edge_x].lines & (right ? UI_LINE_E : UI_LINE_W));
}

static void test_nat(void)
{
	struct nst_model *m = seed_with_nat();
	struct ui_canvas c;

	check_layout_golden(m, NULL, "seed_nat", true);
	check_layout_golden(m, &(struct ui_graph_opts){ .center = nst_model_find_ns(m, "ns2") }, "seed_nat_center_ns2",
			    true);
	ui_canvas_init(&c, 0, 0);
	layout_all(m, NULL, &c);
	check_arrow(m, &c, true);
	/* every NAT rule shown is selectable; the "other" one is only counted */
	CHECK(find_rule(&c, &m->ns[0], 1) != NULL);
	CHECK(find_rule(&c, &m->ns[0], 2) == NULL);
	layout_all(m, &(struct ui_graph_opts){ .center = nst_model_find_ns(m, "ns2") }, &c);
	check_arrow(m, &c, false);
	/* hidden target: no arrowhead anywhere, the target named in the row instead (clipped at the box's width) */
	bool vis[8] = { true, true, false, true };
	CHECK_STR(m->ns[2].name, "ns2");
	layout_all(m, &(struct ui_graph_opts){ .visible = vis }, &c);
	int heads = 0;
	for (int i = 0; i < c.w * c.h; i++) {
		heads += c.cells[i].ch == 0x25B6 || c.cells[i].ch == 0x25C0;
	}
	CHECK_INT(heads, 0);
	char *s = ui_canvas_to_text(&c, true);
	CHECK(strstr(s, "| dnat tcp/9999 -> ns2 192.168.10.3:9~ |") != NULL);
	free(s);
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

/* a namespace whose bridge the forward hook cuts (fwd_eval.h) gets "[fwd DROP]" after its title */
static void test_fwd_marker(void)
{
	struct nst_model *m = built(fixture_seed_bridge());
	struct nst_ns *root = nst_model_find_ns(m, "/");
	char *s = layout_text(m, NULL, true);

	CHECK(strstr(s, "[fwd DROP]") == NULL);
	free(s);
	struct nst_fw_chain *c = nst_fw_add_chain(&root->fw);
	snprintf(c->family, sizeof(c->family), "ip");
	snprintf(c->table, sizeof(c->table), "filter");
	snprintf(c->name, sizeof(c->name), "FORWARD");
	snprintf(c->hook, sizeof(c->hook), "forward");
	c->base = c->has_policy = true;
	root->br_nf_iptables = 1;
	built(m);
	s = layout_text(m, NULL, true);
	/* on the title line of "/", nowhere else */
	const char *at = strstr(s, "[fwd DROP]");
	CHECK(at != NULL);
	if (at) {
		const char *line = at;
		while (line > s && line[-1] != '\n') {
			line--;
		}
		CHECK(strstr(line, " / (self)") != NULL && strstr(line, " / (self)") < at);
		CHECK(strstr(at + 1, "[fwd DROP]") == NULL);
	}
	free(s);
	root->br_nf_iptables = 0;
	built(m); /* the diagnosis counts cut bridges, as the backend runs it after each reading */
	s = layout_text(m, NULL, true);
	CHECK(strstr(s, "[fwd DROP]") == NULL);
	free(s);
	nst_model_destroy(m);
}

/* one rule on several paths (nat_paths.h) is one forward on the graph */
static void test_nat_paths_once(void)
{
	struct nst_model *m = built(fixture_nat());
	char *before = layout_text(m, NULL, true);
	bool dup = false;

	for (size_t i = 0; i < m->n_ns && !dup; i++) {
		struct nst_ns *ns = &m->ns[i];
		for (size_t k = 0; k < ns->n_nat && !dup; k++) {
			if (ns->nat[k].type == NST_NAT_DNAT) {
				struct nst_nat_rule copy = ns->nat[k];
				snprintf(copy.hook, sizeof(copy.hook), "output");
				*nst_ns_add_nat(ns) = copy;
				dup = true;
			}
		}
	}
	CHECK(dup);
	char *after = layout_text(m, NULL, true);
	CHECK_STR(after, before);
	free(before);
	free(after);
	nst_model_destroy(m);
}

UNIT_MAIN(test_nat, test_fwd_marker, test_nat_paths_once, test_goldens, test_seed_structure, test_lab_structure, test_filtering, test_center, test_column_order, test_random,
	  test_many)
