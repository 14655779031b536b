/* SPDX-License-Identifier: MIT */
/*
 * The graph's lower-device and tunnel lines and bond members, on a crafted
 * model (this kernel makes no bond): a macvlan whose parent is in another
 * namespace, a vxlan pair, a bond with two members, and a macvlan on a veth
 * (text, since a veth's row line is its veth's). Golden pictures in
 * tests/unit/golden/graph_refs*.txt (GENERATE=1 rewrites them) and the
 * structure checks of graph_check.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fixtures.h"
#include "golden.h"
#include "graph_check.h"
#include "graph_layout.h"
#include "unit.h"

static const struct nst_ns_id ROOT = { 4, 1 }, MV = { 4, 2 }, FAR = { 4, 3 }, C1 = { 4, 4 };

static void vxlan(struct nst_link *l, uint32_t vni, const char *local, const char *remote)
{
	struct nst_addr a = fixture_addr(local, 32), b = fixture_addr(remote, 32);

	l->info.have = NST_LI_VNI | NST_LI_LOCAL | NST_LI_REMOTE | NST_LI_DSTPORT;
	l->info.vni = vni;
	l->info.dstport = 4789;
	l->info.local = (struct nst_ip){ .family = AF_INET };
	l->info.remote = (struct nst_ip){ .family = AF_INET };
	memcpy(l->info.local.bytes, a.bytes, 4);
	memcpy(l->info.remote.bytes, b.bytes, 4);
}

static void lower(struct nst_link *l, int ifindex, const struct nst_ns_id *elsewhere)
{
	l->lower.has = true;
	l->lower.ifindex = ifindex;
	if (elsewhere) {
		l->lower.elsewhere = l->lower.ns_known = true;
		l->lower.nsid = 0;
		l->lower.ns = *elsewhere;
	}
}

static void veth(struct nst_link *l, int peer, struct nst_ns_id ns)
{
	l->peer = (struct nst_link_ref){ .has = true, .ifindex = peer, .elsewhere = true, .nsid = 1, .ns_known = true,
					 .ns = ns };
}

static struct nst_model *model(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *root = nst_model_add_ns(m, "/", NST_NS_SELF, ROOT);
	struct nst_ns *mv = nst_model_add_ns(m, "mv", NST_NS_NAMED, MV);
	struct nst_ns *far = nst_model_add_ns(m, "far", NST_NS_NAMED, FAR);
	struct nst_ns *c1 = nst_model_add_ns(m, "c1", NST_NS_NAMED, C1);

	fixture_add_addr(fixture_link(root, 2, "eth0", "device", true), "10.50.0.1", 24);
	fixture_link(root, 3, "bond0", "bond", true);
	fixture_link(root, 4, "eth1", "device", true)->master.ifindex = 3;
	fixture_link(root, 5, "eth2", "device", true)->master.ifindex = 3;
	struct nst_link *vx = fixture_link(root, 6, "vx0", "vxlan", true);
	vxlan(vx, 42, "10.50.0.1", "10.50.0.2");
	lower(vx, 2, NULL);
	veth(fixture_link(root, 7, "vethA", "veth", true), 2, C1);

	lower(fixture_link(mv, 2, "mv0", "macvlan", true), 2, &ROOT);
	lower(fixture_link(mv, 3, "mv9", "macvlan", true), 7, &ROOT); /* on a veth: text */

	fixture_add_addr(fixture_link(far, 2, "u0", "device", true), "10.50.0.2", 24);
	vx = fixture_link(far, 3, "vx0", "vxlan", true);
	vxlan(vx, 42, "10.50.0.2", "10.50.0.1");
	lower(vx, 2, NULL);

	veth(fixture_link(c1, 2, "vethB", "veth", true), 7, ROOT);
	lower(fixture_link(c1, 3, "mv1", "macvlan", true), 2, NULL); /* same namespace: mv1@vethB */

	nst_model_sort(m);
	nst_model_pair_peers(m);
	nst_model_diagnose(m);
	return m;
}

static const struct ui_obj *obj(const struct nst_model *m, const struct ui_canvas *c, const char *ns, const char *link)
{
	const struct nst_ns *n = nst_model_find_ns(m, ns);
	const struct nst_link *l = n ? nst_ns_find_link_name(n, link) : NULL;
	const struct ui_obj *o = l ? find_obj(c, n->id, l->ifindex) : NULL;

	if (!o) {
		fprintf(stderr, "no object for %s:%s\n", ns, link);
		unit_failures++;
	}
	return o;
}

/* The row's line: at its box's left border (W) or right border (E), of class cls. */
static bool line_at(struct ui_canvas *c, const struct ui_obj *o, bool right, enum ui_cell_class cls)
{
	int bx = right ? o->x + o->w : o->x - 1;
	const struct ui_cell *border = ui_canvas_at(c, bx, o->y);
	const struct ui_cell *out = ui_canvas_at(c, right ? bx + 1 : bx - 1, o->y);

	return border && out && (border->lines & (right ? UI_LINE_E : UI_LINE_W)) && out->cls == cls;
}

static void test_refs_picture(void)
{
	struct nst_model *m = model();
	struct ui_canvas c;

	CHECK(nst_link_ref_get(m, &nst_ns_find_link_name(&m->ns[0], "vx0")->tunnel_peer, NULL) != NULL);
	ui_canvas_init(&c, 0, 0);
	layout_all(m, NULL, &c);
	check_structure(m, NULL, &c, true);

	const struct ui_obj *mv0 = obj(m, &c, "mv", "mv0"), *mv9 = obj(m, &c, "mv", "mv9");
	const struct ui_obj *vx = obj(m, &c, "/", "vx0"), *fvx = obj(m, &c, "far", "vx0");
	const struct ui_obj *eth0 = obj(m, &c, "/", "eth0"), *mv1 = obj(m, &c, "c1", "mv1");
	if (mv0 && mv9 && vx && fvx && eth0 && mv1) {
		/* the macvlan in its own box, its parent in "/": a dashed line between them, no text */
		CHECK(line_at(&c, eth0, true, UI_CLS_LOWER));
		CHECK(line_at(&c, mv0, false, UI_CLS_LOWER));
		CHECK(!row_has(&c, mv0, "@"));
		/* on a veth's row there is only the veth's line: the parent is text */
		CHECK(row_has(&c, mv9, "mv9@/:vethA"));
		CHECK(!line_at(&c, mv9, false, UI_CLS_LOWER));
		CHECK(row_has(&c, mv1, "mv1@vethB"));
		/* the tunnel's two ends: one line, neither names the other in text */
		CHECK(line_at(&c, vx, true, UI_CLS_TUNNEL));
		CHECK(line_at(&c, fvx, false, UI_CLS_TUNNEL));
		CHECK(!row_has(&c, vx, "<~>") && !row_has(&c, fvx, "<~>"));
	}
	/* the bond's members under it, on its trunk, like a bridge's ports */
	const struct ui_obj *bond = obj(m, &c, "/", "bond0"), *e1 = obj(m, &c, "/", "eth1"), *e2 = obj(m, &c, "/", "eth2");
	if (bond && e1 && e2) {
		CHECK_INT(e1->y, bond->y + 1);
		CHECK_INT(e2->y, bond->y + 2);
		for (int y = bond->y + 1; y <= e2->y; y++) {
			const struct ui_cell *trunk = ui_canvas_at(&c, bond->x + 1, y);
			CHECK(trunk && (trunk->lines & UI_LINE_N) && trunk->cls == UI_CLS_PORT);
		}
		CHECK(row_has(&c, e2, "eth2"));
	}
	char *s = ui_canvas_to_text(&c, true);
	check_golden("graph_refs.txt", s);
	free(s);
	s = ui_canvas_to_text(&c, false);
	check_golden("graph_refs_utf8.txt", s);
	free(s);
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

/* With the far end's namespace filtered out the tunnel is text; with the parent's, so is the macvlan's. */
static void test_refs_filtered(void)
{
	struct nst_model *m = model();
	bool vis[4];
	struct ui_canvas c;

	for (size_t i = 0; i < m->n_ns; i++) {
		vis[i] = strcmp(m->ns[i].name, "far") != 0;
	}
	ui_canvas_init(&c, 0, 0);
	layout_all(m, &(struct ui_graph_opts){ .visible = vis }, &c);
	check_structure(m, vis, &c, true);
	const struct ui_obj *vx = obj(m, &c, "/", "vx0");
	if (vx) {
		CHECK(row_has(&c, vx, "<~> far:vx0"));
		CHECK(!line_at(&c, vx, true, UI_CLS_TUNNEL));
	}
	for (size_t i = 0; i < m->n_ns; i++) {
		vis[i] = strcmp(m->ns[i].name, "/") != 0;
	}
	layout_all(m, &(struct ui_graph_opts){ .visible = vis }, &c);
	check_structure(m, vis, &c, true);
	const struct ui_obj *mv0 = obj(m, &c, "mv", "mv0"), *fvx = obj(m, &c, "far", "vx0");
	if (mv0 && fvx) {
		CHECK(row_has(&c, mv0, "mv0@/:eth0"));
		CHECK(row_has(&c, fvx, "<~> /:vx0"));
	}
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

/* A tunnel end in the same column as its peer (no gap between them): text, never a line across a box. */
static void test_refs_same_column(void)
{
	struct nst_model *m = model();
	struct ui_canvas c;

	/* vethA's peer c1 and far both sit in column 1; a tunnel from far to c1 cannot be a line */
	struct nst_ns *c1 = nst_model_find_ns(m, "c1");
	fixture_add_addr(fixture_link(c1, 4, "u1", "device", true), "10.70.0.1", 24);
	struct nst_link *t = fixture_link(c1, 5, "gv0", "vxlan", true);
	vxlan(t, 7, "10.70.0.1", "10.50.0.2");
	struct nst_ns *far = nst_model_find_ns(m, "far");
	t = fixture_link(far, 4, "gv0", "vxlan", true);
	vxlan(t, 7, "10.50.0.2", "10.70.0.1");
	nst_model_sort(m);
	nst_model_pair_peers(m);
	ui_canvas_init(&c, 0, 0);
	layout_all(m, NULL, &c);
	check_structure(m, NULL, &c, true);
	const struct ui_obj *a = obj(m, &c, "c1", "gv0"), *b = obj(m, &c, "far", "gv0");
	if (a && b) {
		CHECK(a->x == b->x); /* same column */
		CHECK(row_has(&c, a, "<~> far:gv0"));
		CHECK(row_has(&c, b, "<~> c1:gv0"));
	}
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

UNIT_MAIN(test_refs_picture, test_refs_filtered, test_refs_same_column)
