/* SPDX-License-Identifier: MIT */
/*
 * An explained path on the graph (layout/path.c, graph_path.c), on the seed's
 * bridge (ns1 and ns2 on mybridge in "/"): the links between two hops are
 * found across the bridge, the boxes, veth lines and bridge ports on the way change class
 * and nothing else moves, the failing hop's box gets its own; golden pictures
 * in tests/unit/golden/graph_path*.txt (GENERATE=1 rewrites them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "golden.h"
#include "graph_check.h"
#include "graph_layout.h"
#include "unit.h"

/* The fixture as the backend settles it: sorted, peers paired. */
static struct nst_model *seed(void)
{
	struct nst_model *m = fixture_seed_bridge();

	nst_model_sort(m);
	nst_model_pair_peers(m);
	nst_model_diagnose(m);
	return m;
}

static struct nst_ns_id id_of(const struct nst_model *m, const char *ns)
{
	return nst_model_find_ns(m, ns)->id;
}

static int ifx(const struct nst_model *m, const char *ns, const char *link)
{
	return nst_ns_find_link_name(nst_model_find_ns(m, ns), link)->ifindex;
}

static void hop(struct ui_path *p, const struct nst_model *m, const char *ns, const char *iif, const char *oif,
		bool failed, bool start)
{
	struct ui_path_hop h = { .ns = id_of(m, ns), .iif = iif ? ifx(m, ns, iif) : 0, .oif = oif ? ifx(m, ns, oif) : 0,
				 .failed = failed, .start = start };
	ui_path_add(p, &h);
}

/* Every cell of the box of namespace ns's border that is a line has class cls. */
static bool border_is(const struct nst_model *m, const struct ui_canvas *c, const char *ns, enum ui_cell_class cls)
{
	const struct ui_obj *o = find_obj(c, id_of(m, ns), 0);
	int lines = 0;

	for (int x = o ? o->x : 0; o && x < o->x + o->w; x++) {
		const struct ui_cell *cell = ui_canvas_at((struct ui_canvas *)c, x, o->y);
		if (cell && !cell->ch && cell->lines) {
			lines++;
			if (cell->cls != cls) {
				return false;
			}
		}
	}
	return lines > 0;
}

/* The cell just right of a link row's box (where its veth line leaves) has class cls. */
static bool leaves_as(const struct nst_model *m, const struct ui_canvas *c, const char *ns, const char *link,
		      enum ui_cell_class cls)
{
	const struct ui_obj *o = find_obj(c, id_of(m, ns), ifx(m, ns, link));
	const struct ui_cell *cell = o ? ui_canvas_at((struct ui_canvas *)c, o->x + o->w + 1, o->y) : NULL;

	return cell && cell->lines && cell->cls == cls;
}

/* A bridge port's tee (the first cell of its row) has class cls. */
static bool tee_is(const struct nst_model *m, const struct ui_canvas *c, const char *ns, const char *link,
		   enum ui_cell_class cls)
{
	const struct ui_obj *o = find_obj(c, id_of(m, ns), ifx(m, ns, link));
	const struct ui_cell *cell = o ? ui_canvas_at((struct ui_canvas *)c, o->x + 1, o->y) : NULL;

	return cell && !cell->ch && cell->lines && cell->cls == cls;
}

/* With or without a path, the same characters and lines in the same cells: only classes differ. */
static void check_same_picture(const struct ui_canvas *a, const struct ui_canvas *b)
{
	CHECK_INT(a->w, b->w);
	CHECK_INT(a->h, b->h);
	CHECK_INT((long long)a->n_objs, (long long)b->n_objs);
	for (int i = 0; a->w == b->w && a->h == b->h && i < a->w * a->h; i++) {
		if (a->cells[i].ch != b->cells[i].ch || a->cells[i].lines != b->cells[i].lines) {
			CHECK(!"a path changed the picture, not only its classes");
			return;
		}
	}
}

static void test_links_across_bridge(void)
{
	struct nst_model *m = seed();
	struct ui_path p = { 0 };
	struct ui_path_links s = { 0 };
	struct nst_ns_id root = id_of(m, "/");

	hop(&p, m, "ns1", NULL, "vethB", false, true);
	hop(&p, m, "ns2", "vethD", NULL, false, false);
	ui_path_links(m, &p, &s);
	CHECK(ui_path_has_link(&s, id_of(m, "ns1"), ifx(m, "ns1", "vethB")));
	CHECK(ui_path_has_link(&s, id_of(m, "ns2"), ifx(m, "ns2", "vethD")));
	/* the frame's way: vethB's peer vethA, the bridge, the port vethC whose peer is vethD */
	CHECK(ui_path_has_link(&s, root, ifx(m, "/", "vethA")));
	CHECK(ui_path_has_link(&s, root, ifx(m, "/", "mybridge")));
	CHECK(ui_path_has_link(&s, root, ifx(m, "/", "vethC")));
	CHECK(!ui_path_has_link(&s, root, ifx(m, "/", "lo")));
	CHECK_INT((long long)s.n, 5);
	/* a second walk (the reply) starts afresh: no way is looked for from the request's last hop */
	hop(&p, m, "ns2", NULL, "vethD", false, true);
	hop(&p, m, "ns1", "vethB", NULL, false, false);
	ui_path_links(m, &p, &s);
	CHECK_INT((long long)s.n, 5);
	CHECK(ui_path_has_ns(&p, id_of(m, "ns2"), false));
	CHECK(!ui_path_has_ns(&p, root, false)); /* no hop there: the bridge is crossed, not routed */
	CHECK(!ui_path_has_ns(&p, id_of(m, "ns1"), true));
	/* a device the model no longer has: no way, no crash */
	ui_path_clear(&p);
	ui_path_add(&p, &(struct ui_path_hop){ .ns = id_of(m, "ns1"), .oif = 99, .start = true });
	ui_path_add(&p, &(struct ui_path_hop){ .ns = id_of(m, "ns2"), .iif = ifx(m, "ns2", "vethD") });
	ui_path_links(m, &p, &s);
	CHECK_INT((long long)s.n, 2);
	ui_path_links_finish(&s);
	ui_path_clear(&p);
	nst_model_destroy(m);
}

static void test_reachable_picture(void)
{
	struct nst_model *m = seed();
	struct ui_path p = { 0 };
	struct ui_canvas plain, lit;

	hop(&p, m, "ns1", NULL, "vethB", false, true);
	hop(&p, m, "ns2", "vethD", NULL, false, false);
	ui_canvas_init(&plain, 0, 0);
	ui_canvas_init(&lit, 0, 0);
	layout_all(m, NULL, &plain);
	layout_all(m, &(struct ui_graph_opts){ .path = &p }, &lit);
	check_structure(m, NULL, &lit, true);
	check_same_picture(&plain, &lit);
	CHECK(border_is(m, &lit, "ns1", UI_CLS_PATH));
	CHECK(border_is(m, &lit, "ns2", UI_CLS_PATH));
	CHECK(border_is(m, &lit, "/", UI_CLS_PATH)); /* the bridge's namespace: crossed */
	CHECK(border_is(m, &plain, "/", UI_CLS_BOX));
	CHECK(leaves_as(m, &lit, "/", "vethA", UI_CLS_PATH));
	CHECK(leaves_as(m, &lit, "/", "vethC", UI_CLS_PATH));
	CHECK(leaves_as(m, &plain, "/", "vethA", UI_CLS_VETH));
	CHECK(tee_is(m, &lit, "/", "vethA", UI_CLS_PATH) && tee_is(m, &lit, "/", "vethC", UI_CLS_PATH));
	CHECK(tee_is(m, &plain, "/", "vethA", UI_CLS_PORT));
	char *s = ui_canvas_to_text(&lit, true);
	check_golden("graph_path.txt", s);
	free(s);
	s = ui_canvas_to_text(&lit, false);
	check_golden("graph_path_utf8.txt", s);
	free(s);
	ui_canvas_finish(&plain);
	ui_canvas_finish(&lit);
	ui_path_clear(&p);
	nst_model_destroy(m);
}

/* ns1 to "/" refused there (forwarding off): "/" in the failing class, ns2 and its line untouched. */
static void test_failing_picture(void)
{
	struct nst_model *m = seed();
	struct ui_path p = { 0 };
	struct ui_canvas c;

	hop(&p, m, "ns1", NULL, "vethB", false, true);
	hop(&p, m, "/", "mybridge", NULL, true, false);
	ui_canvas_init(&c, 0, 0);
	layout_all(m, &(struct ui_graph_opts){ .path = &p }, &c);
	check_structure(m, NULL, &c, true);
	CHECK(border_is(m, &c, "ns1", UI_CLS_PATH));
	CHECK(border_is(m, &c, "/", UI_CLS_FAIL));
	CHECK(border_is(m, &c, "ns2", UI_CLS_BOX));
	CHECK(leaves_as(m, &c, "/", "vethA", UI_CLS_PATH));
	CHECK(leaves_as(m, &c, "/", "vethC", UI_CLS_VETH));
	CHECK(tee_is(m, &c, "/", "vethA", UI_CLS_PATH) && tee_is(m, &c, "/", "vethC", UI_CLS_PORT));
	char *s = ui_canvas_to_text(&c, true);
	check_golden("graph_path_fail.txt", s);
	free(s);
	ui_canvas_finish(&c);
	ui_path_clear(&p);
	nst_model_destroy(m);
}

UNIT_MAIN(test_links_across_bridge, test_reachable_picture, test_failing_picture)
