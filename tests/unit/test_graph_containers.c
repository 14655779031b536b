/* SPDX-License-Identifier: MIT */
/*
 * The graph of a container host: many namespaces on docker0, titles that are
 * mount paths or container names (cut in the middle), bridges with their
 * network names; boxes apart and every one reachable by the view's scrolling.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "containers.h"
#include "fixtures.h"
#include "golden.h"
#include "graph_check.h"
#include "graph_layout.h"
#include "unit.h"
#include "xalloc.h"

#define HOST_INO 1
#define CTR_INO 100
#define VETH0 10 /* the host's veth of container i is ifindex VETH0 + i */

static struct nst_link *veth(struct nst_ns *ns, int ifindex, const char *name, int peer_ifindex, struct nst_ns_id peer)
{
	struct nst_link *l = fixture_link(ns, ifindex, name, "veth", true);

	l->peer.has = true;
	l->peer.ifindex = peer_ifindex;
	l->peer.elsewhere = true;
	l->peer.ns_known = true;
	l->peer.ns = peer;
	return l;
}

/* Container i's short id: 12 hex digits, all different, as Docker names its netns mounts. */
static void short_id(int i, char *buf, size_t len)
{
	snprintf(buf, len, "%012llx", (0x86420b3ab6fcULL * (unsigned long long)(i + 1)) & 0xffffffffffffULL);
}

/*
 * A Docker host as the backend reports it: "/" with lo, eth0, docker0 and an
 * empty user network's bridge br-1d80c203eabc; n containers mounted at
 * /run/docker/netns/<id>, each with lo and eth0, eth0's peer a port of docker0.
 */
static struct nst_model *docker_host(int n)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns_id hid = { 4, HOST_INO };
	char name[64], a[32], id[16];

	nst_model_add_ns(m, "/", NST_NS_SELF, hid);
	fixture_link(&m->ns[0], 1, "lo", "loopback", true);
	fixture_add_addr(fixture_link(&m->ns[0], 2, "eth0", "device", true), "10.0.2.15", 24);
	fixture_add_addr(fixture_link(&m->ns[0], 3, "docker0", "bridge", true), "172.17.0.1", 16);
	fixture_add_addr(fixture_link(&m->ns[0], 4, "br-1d80c203eabc", "bridge", true), "172.18.0.1", 16);
	for (int i = 0; i < n; i++) {
		struct nst_ns_id cid = { 4, CTR_INO + (uint64_t)i };

		short_id(i, id, sizeof(id));
		snprintf(name, sizeof(name), "/run/docker/netns/%s", id);
		nst_model_add_ns(m, name, NST_NS_MOUNT, cid);
		struct nst_ns *ns = &m->ns[m->n_ns - 1]; /* adding may move the array */
		fixture_add_addr(fixture_link(ns, 1, "lo", "loopback", true), "127.0.0.1", 8);
		snprintf(a, sizeof(a), "172.17.%d.%d", (i + 2) / 256, (i + 2) % 256);
		fixture_add_addr(veth(ns, 2, "eth0", VETH0 + i, hid), a, 16);
		snprintf(name, sizeof(name), "veth%07x", 0xb7dc8c1 + i * 77);
		veth(&m->ns[0], VETH0 + i, name, 2, cid)->master.ifindex = 3;
	}
	nst_model_sort(m);
	nst_model_pair_peers(m);
	nst_model_diagnose(m);
	return m;
}

/*
 * What Docker's files say about that host (as the engines' reader fills the
 * facts): a name for each container, one joined to another's namespace, a
 * long compose name, a wide-character one; docker0 is "bridge", the user
 * network "appnet". Attached as the backend does after each reading.
 */
static void attach_names(struct nst_model *m, int n)
{
	struct nst_engine_facts f = { 0 };
	char id[80], path[128], name[64];

	for (int i = 0; i < n; i++) {
		short_id(i, id, sizeof(id));
		snprintf(path, sizeof(path), "%s/run/docker/netns/%s", i == 3 ? "/var" : "", id);
		snprintf(id + 12, sizeof(id) - 12, "%052d", i);
		snprintf(name, sizeof(name), "web%d", i + 1);
		if (i == 1) {
			snprintf(name, sizeof(name), "myproject_backend_worker_1");
		} else if (i == 2) {
			snprintf(name, sizeof(name), "\xe7\xbd\x91\xe7\xbb\x9c\xe6\x9c\x8d\xe5\x8a\xa1-\xe5\x89\x8d\xe7\xab\xaf-"
						     "\xe7\x94\x9f\xe4\xba\xa7-01"); /* 网络服务-前端-生产-01 */
		}
		struct nst_engine_ctr *c = nst_facts_add_ctr(&f, "docker", id);
		c->c.name = xstrdup(i == 0 ? "app1" : name);
		c->netns_path = xstrdup(path);
		if (i == 0) {
			id[0] = 'f'; /* a second container in app1's namespace (--network container:app1) */
			c = nst_facts_add_ctr(&f, "docker", id);
			c->c.name = xstrdup("side");
			c->c.joined = true;
			c->netns_path = xstrdup(path);
		}
	}
	nst_facts_add_net(&f, "docker", "bridge", "docker0");
	nst_facts_add_net(&f, "docker", "appnet", "br-1d80c203eabc");
	nst_model_attach_containers(m, &f);
	nst_facts_clear(&f);
}

/* The rows an ASCII-only needle can be found in: the box title of ns. */
static bool title_has(struct ui_canvas *c, const struct nst_ns *ns, const char *needle)
{
	const struct ui_obj *t = find_obj(c, ns->id, 0);
	return t && row_has(c, &(struct ui_obj){ .x = t->x, .y = t->y, .w = t->w }, needle);
}

/* UTF-8 text of canvas cells [x0, x0 + w) on row y, as to_text shows them. */
static void cells_text(const struct ui_canvas *c, int x0, int y, int w, char *buf, size_t len)
{
	struct ui_canvas row;

	ui_canvas_init(&row, w, 1);
	for (int x = 0; x < w && x0 + x < c->w; x++) {
		row.cells[x] = c->cells[(size_t)y * (size_t)c->w + (size_t)(x0 + x)];
	}
	char *s = ui_canvas_to_text(&row, false);
	snprintf(buf, len, "%s", s);
	buf[strcspn(buf, "\n")] = '\0';
	free(s);
	ui_canvas_finish(&row);
}

/* What a view_w × view_h window at (x, y) shows, as text (the view without colours). */
static char *screen_text(const struct ui_canvas *c, int x, int y, int view_w, int view_h)
{
	struct ui_canvas win;

	ui_canvas_init(&win, view_w, view_h);
	for (int r = 0; r < view_h && y + r < c->h; r++) {
		for (int k = 0; k < view_w && x + k < c->w; k++) {
			win.cells[(size_t)r * (size_t)view_w + (size_t)k] = c->cells[(size_t)(y + r) * (size_t)c->w + (size_t)(x + k)];
		}
	}
	char *s = ui_canvas_to_text(&win, false);
	ui_canvas_finish(&win);
	return s;
}

/*
 * The view on a term_w × term_h terminal (the graph gets all rows but the
 * header, status and footer): no two boxes share a cell, every box fits its
 * width, and stepping the selection through every object (j, as the keys do)
 * scrolls each fully into view; a box no taller than the view is then seen
 * whole when its last row is selected. Lines are checked by check_structure.
 */
static void check_fit(const struct nst_model *m, int term_w, int term_h)
{
	int view_w = term_w, view_h = term_h - 3, x = 0, y = 0;
	struct ui_canvas c;
	struct tbox *boxes = calloc(m->n_ns + 1, sizeof(*boxes));
	int before = unit_failures;

	ui_canvas_init(&c, 0, 0);
	layout_all(m, &(struct ui_graph_opts){ .view_w = view_w, .view_h = view_h }, &c);
	check_structure(m, NULL, &c, true);
	int nb = collect_boxes(m, &c, boxes);
	CHECK_INT(nb, (int)m->n_ns);
	for (int i = 0; i < nb; i++) {
		const struct tbox *a = &boxes[i];
		CHECK(a->x >= 0 && a->y >= 0 && a->x + a->w <= c.w && a->y + a->h <= c.h);
		CHECK(a->w <= view_w);
		for (int j = i + 1; j < nb; j++) {
			const struct tbox *b = &boxes[j];
			if (a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h) {
				fprintf(stderr, "%s and %s overlap\n", m->ns[a->ns].name, m->ns[b->ns].name);
				unit_failures++;
			}
		}
	}
	for (size_t i = 0; i < c.n_objs; i++) {
		const struct ui_obj *o = &c.objs[i];

		ui_canvas_scroll_to(&c, o, view_w, view_h, &x, &y);
		if (o->y < y || o->y >= y + view_h || o->x < x || o->x + o->w > x + view_w) {
			fprintf(stderr, "%dx%d: object %zu at (%d,%d) w %d not in the view at (%d,%d)\n", term_w, term_h, i,
				o->x, o->y, o->w, x, y);
			unit_failures++;
		}
	}
	/* each box: select its last row coming from above, as j does */
	for (int i = 0; i < nb; i++) {
		const struct tbox *b = &boxes[i];
		const struct ui_obj *last = &c.objs[b->first_obj + b->n_links];

		x = y = 0;
		for (size_t k = 0; k <= b->first_obj + b->n_links; k++) {
			ui_canvas_scroll_to(&c, &c.objs[k], view_w, view_h, &x, &y);
		}
		CHECK(last->y >= y && last->y < y + view_h);
		if (b->h <= view_h - 1 && !(b->y >= y && b->y + b->h <= y + view_h && b->x >= x && b->x + b->w <= x + view_w)) {
			fprintf(stderr, "%dx%d: box %s not whole in view\n", term_w, term_h, m->ns[b->ns].name);
			unit_failures++;
		}
	}
	/* every veth row has its line, on one side of its box: the side facing the peer */
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];
		const struct ui_obj *t = find_obj(&c, ns->id, 0);

		for (size_t k = 0; t && k < ns->n_links; k++) {
			const struct ui_obj *o = find_obj(&c, ns->id, ns->links[k].ifindex);
			const struct nst_ns *pns = NULL;
			const struct nst_link *peer = nst_link_peer(m, &ns->links[k], &pns);
			const struct ui_obj *pt = peer ? find_obj(&c, pns->id, 0) : NULL;

			if (!o || !pt || pns == ns || o->x < t->x || o->x >= t->x + t->w) {
				continue; /* outside its box: a bus tap's port, checked by check_structure */
			}
			bool west = ui_canvas_at(&c, o->x - 1, o->y)->lines & UI_LINE_W;
			bool east = ui_canvas_at(&c, o->x + o->w, o->y)->lines & UI_LINE_E;
			CHECK(west != east);
			CHECK(east == (pt->x > t->x));
		}
	}
	printf("%zu containers at %dx%d: canvas %dx%d\n", m->n_ns - 1, term_w, term_h, c.w, c.h);
	if (unit_failures != before) {
		char *s = ui_canvas_to_text(&c, true);
		fprintf(stderr, "%zu namespaces at %dx%d:\n%s", m->n_ns, term_w, term_h, s);
		free(s);
	}
	free(boxes);
	ui_canvas_finish(&c);
}

/* The canvas for a term_w × term_h terminal, as ui.c asks for it. */
static void layout_for(const struct nst_model *m, int term_w, int term_h, struct ui_canvas *c)
{
	layout_all(m, &(struct ui_graph_opts){ .view_w = term_w, .view_h = term_h - 3 }, c);
}

static void test_fit(void)
{
	static const int counts[] = { 1, 12, 40 };
	static const int sizes[][2] = { { 120, 40 }, { 80, 24 } };

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		struct nst_model *m = docker_host(counts[i]);
		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			check_fit(m, sizes[k][0], sizes[k][1]);
		}
		attach_names(m, counts[i]);
		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			check_fit(m, sizes[k][0], sizes[k][1]);
		}
		nst_model_destroy(m);
	}
	/* twelve on docker0 fit one 120x40 screen: half of them left of "/" */
	struct nst_model *m = docker_host(12);
	struct ui_canvas c;
	ui_canvas_init(&c, 0, 0);
	layout_for(m, 120, 40, &c);
	CHECK(c.w <= 120 && c.h <= 37);
	const struct ui_obj *host = find_obj(&c, nst_model_find_ns(m, "/")->id, 0);
	int left = 0, right = 0;
	for (size_t i = 0; i < c.n_objs; i++) {
		if (c.objs[i].ref.kind == UI_SEL_NS && !nst_ns_id_eq(c.objs[i].ref.ns, host->ref.ns)) {
			left += c.objs[i].x < host->x;
			right += c.objs[i].x > host->x;
		}
	}
	CHECK_INT(left, 6);
	CHECK_INT(right, 6);
	/* without a view size, or when splitting saves no screen, all on the right as before */
	layout_all(m, NULL, &c);
	CHECK_INT(find_obj(&c, nst_model_find_ns(m, "/")->id, 0)->x, 0);
	layout_for(m, 400, 100, &c);
	CHECK_INT(find_obj(&c, nst_model_find_ns(m, "/")->id, 0)->x, 0);
	nst_model_destroy(m);
	/* forty at 120x40: halves would be wider than the screen, for no fewer screens: one column, no sideways scroll */
	m = docker_host(40);
	layout_for(m, 120, 40, &c);
	CHECK_INT(find_obj(&c, nst_model_find_ns(m, "/")->id, 0)->x, 0);
	CHECK(c.w <= 120);
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

/* A mount path does not fit: its middle goes, both ends and the whole container id stay; no half kind word. */
static void test_mount_path_titles(void)
{
	struct nst_model *m = docker_host(12);
	struct ui_canvas c;
	char id[16], want[64], got[256];

	ui_canvas_init(&c, 0, 0);
	layout_for(m, 120, 40, &c);
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];
		const struct ui_obj *t = find_obj(&c, ns->id, 0);

		if (ns->self) {
			CHECK(title_has(&c, ns, " / (self) "));
			continue;
		}
		snprintf(id, sizeof(id), "%s", ns->name + strlen("/run/docker/netns/"));
		snprintf(want, sizeof(want), "\xe2\x94\x8c\xe2\x94\x80 /run/docker\xe2\x80\xa6%s \xe2\x94\x80", id);
		cells_text(&c, t->x, t->y, t->w, got, sizeof(got));
		if (strncmp(got, want, strlen(want)) != 0) {
			fprintf(stderr, "title %s: \"%s\", want it to start \"%s\"\n", ns->name, got, want);
			unit_failures++;
		}
		CHECK(!title_has(&c, ns, "(mou"));
		CHECK_INT(ui_canvas_at(&c, t->x + t->w - 1, t->y)->lines, UI_LINE_W | UI_LINE_S); /* the corner */
	}
	char file[64];
	char *s = ui_canvas_to_text(&c, false);
	snprintf(file, sizeof(file), "graph_docker12.txt");
	check_golden(file, s);
	free(s);
	/* what a 120×40 terminal shows first, and with the last container selected */
	s = screen_text(&c, 0, 0, 120, 37);
	check_golden("graph_docker12_screen_top.txt", s);
	free(s);
	int x = 0, y = 0;
	for (size_t k = 0; k < c.n_objs; k++) {
		ui_canvas_scroll_to(&c, &c.objs[k], 120, 37, &x, &y);
	}
	s = screen_text(&c, x, y, 120, 37);
	check_golden("graph_docker12_screen_end.txt", s);
	free(s);
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

/* No cell holds the second half of a wide character without its first half before it. */
static void check_wide_whole(const struct ui_canvas *c)
{
	for (int y = 0; y < c->h; y++) {
		for (int x = 0; x < c->w; x++) {
			const struct ui_cell *cell = &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
			if (cell->ch == UI_CH_WIDE_CONT && (x == 0 || ui_cp_cells(cell[-1].ch) != 2)) {
				fprintf(stderr, "half a wide character at (%d,%d)\n", x, y);
				unit_failures++;
			}
		}
	}
}

/* Names from the engines' facts: container names in titles and peers, network names on bridges. */
static void test_container_names(void)
{
	struct nst_model *m = docker_host(12);
	struct ui_canvas c;
	char got[256];

	attach_names(m, 12);
	ui_canvas_init(&c, 0, 0);
	layout_for(m, 120, 40, &c);
	check_structure(m, NULL, &c, true);
	check_wide_whole(&c);
	const struct nst_ns *web5 = NULL, *app1 = NULL, *long1 = NULL, *wide = NULL;
	for (size_t i = 0; i < m->n_ns; i++) {
		const char *d = nst_ns_display(&m->ns[i]);
		web5 = strcmp(d, "web5") == 0 ? &m->ns[i] : web5;
		app1 = strcmp(d, "app1+side") == 0 ? &m->ns[i] : app1;
		long1 = strcmp(d, "myproject_backend_worker_1") == 0 ? &m->ns[i] : long1;
		wide = d[0] == '\xe7' ? &m->ns[i] : wide;
	}
	CHECK(web5 && app1 && long1 && wide);
	if (!web5 || !app1 || !long1 || !wide) {
		ui_canvas_finish(&c);
		nst_model_destroy(m);
		return;
	}
	/* short names whole, with the kind word where it fits */
	CHECK(title_has(&c, web5, " web5 (mount) "));
	CHECK(title_has(&c, app1, " app1+side (mount) "));
	/* a long name: the middle goes; the kind word would not fit whole, so it is left out */
	const struct ui_obj *t = find_obj(&c, long1->id, 0);
	cells_text(&c, t->x, t->y, t->w, got, sizeof(got));
	CHECK_STR(got, "\xe2\x94\x8c\xe2\x94\x80 myproject_b\xe2\x80\xa6" "end_worker_1 \xe2\x94\x80\xe2\x94\x90");
	/* a wide-character name: measured in cells, never half a character */
	t = find_obj(&c, wide->id, 0);
	cells_text(&c, t->x, t->y, t->w, got, sizeof(got));
	CHECK_INT(ui_text_cells(got), t->w);
	CHECK(strstr(got, "\xe2\x80\xa6") != NULL || strstr(got, "-01") != NULL);
	/* a veth whose peer is shown as text names the peer's display name */
	bool vis[16];
	for (size_t i = 0; i < m->n_ns; i++) {
		vis[i] = &m->ns[i] != web5;
	}
	layout_all(m, &(struct ui_graph_opts){ .visible = vis }, &c);
	check_structure(m, vis, &c, true);
	const struct nst_ns *host = nst_model_find_ns(m, "/");
	const struct ui_obj *v = NULL;
	for (size_t k = 0; k < host->n_links; k++) {
		const struct nst_ns *pns = NULL;
		if (host->links[k].peer.has && nst_link_peer(m, &host->links[k], &pns) && pns == web5) {
			v = find_obj(&c, host->id, host->links[k].ifindex);
		}
	}
	CHECK(v && row_has(&c, v, "<-> web5:eth0"));
	/* bridges with their networks; the kind goes when the row is too wide for it */
	layout_for(m, 120, 40, &c);
	CHECK(row_has(&c, find_obj(&c, host->id, 3), "docker0 (bridge) 172.17.0.1/16"));
	/* an empty network's bridge (warned: no ports) keeps its network name whole, the address is clipped */
	CHECK(row_has(&c, find_obj(&c, host->id, 4), "br-1d80c203eabc (appnet) 172.18.0~ !"));
	char *s = ui_canvas_to_text(&c, false);
	check_golden("graph_docker12_names.txt", s);
	free(s);
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

/* A long network name loses its middle, down to a few cells; the row still says it was cut. */
static void test_long_network(void)
{
	struct nst_model *m = docker_host(1);
	struct nst_engine_facts f = { 0 };
	struct ui_canvas c;

	nst_facts_add_net(&f, "docker", "myproject_backend_network", "br-1d80c203eabc");
	nst_model_attach_containers(m, &f);
	nst_facts_clear(&f);
	ui_canvas_init(&c, 0, 0);
	layout_all(m, NULL, &c);
	const struct ui_obj *br = find_obj(&c, nst_model_find_ns(m, "/")->id, 4);
	char got[256];
	cells_text(&c, br->x, br->y, br->w, got, sizeof(got));
	CHECK_STR(got, " br-1d80c203eabc (myp\xe2\x80\xa6work) 172.18~ !");
	/* without the warning the row has two cells more */
	nst_strv_clear(&nst_ns_find_link(nst_model_find_ns(m, "/"), 4)->warnings);
	layout_all(m, NULL, &c);
	br = find_obj(&c, nst_model_find_ns(m, "/")->id, 4);
	cells_text(&c, br->x, br->y, br->w, got, sizeof(got));
	CHECK_STR(got, " br-1d80c203eabc (myp\xe2\x80\xa6work) 172.18.0~");
	CHECK_INT(br->w, 40 - 2);
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

/* A port forward from "/" to a container left of it: the arrow runs leftwards into that box's title. */
static void test_forward_to_the_left(void)
{
	struct nst_model *m = docker_host(12);
	struct nst_ns *host = nst_model_find_ns(m, "/");
	struct nst_nat_rule *r = nst_ns_add_nat(host);
	struct ui_canvas c;

	r->type = NST_NAT_DNAT;
	snprintf(r->family, sizeof(r->family), "ip");
	snprintf(r->table, sizeof(r->table), "nat");
	snprintf(r->chain, sizeof(r->chain), "DOCKER");
	r->handle = 7;
	snprintf(r->summary, sizeof(r->summary), "tcp dport 8080 dnat to 172.17.0.3:80");
	snprintf(r->match.proto, sizeof(r->match.proto), "tcp");
	snprintf(r->match.dport, sizeof(r->match.dport), "8080");
	snprintf(r->to_addr, sizeof(r->to_addr), "172.17.0.3");
	snprintf(r->to_port, sizeof(r->to_port), "80");
	nst_model_resolve_nat(m);
	host = nst_model_find_ns(m, "/");
	CHECK(host->nat[0].target_found);
	const struct nst_ns *target = nst_model_find_ns_id(
		m, (struct nst_ns_id){ .dev = host->nat[0].target_id.dev, .ino = host->nat[0].target_id.ino });
	ui_canvas_init(&c, 0, 0);
	layout_for(m, 120, 40, &c);
	const struct ui_obj *t = target ? find_obj(&c, target->id, 0) : NULL;
	const struct ui_obj *h = find_obj(&c, host->id, 0);
	struct ui_sel rs = ui_sel_nat(host->id, &host->nat[0]);
	const struct ui_obj *rule = ui_canvas_find_obj(&c, &rs);
	CHECK(t && h && rule && t->x < h->x);
	if (t && h && rule) {
		CHECK_INT(ui_canvas_at(&c, t->x + t->w, t->y)->ch, 0x25C0); /* ◀ after the title's corner */
		CHECK(ui_canvas_at(&c, rule->x - 1, rule->y)->lines & UI_LINE_W);
		CHECK(row_has(&c, rule, "-> 172.17.0.3:80")); /* the arrow shows where it goes: no name in the row */
	}
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

/* The shared Docker host (fixtures.c): names, a pod, a process-held namespace, DNATs to web1 by name. */
static void test_fixture_docker(void)
{
	struct nst_model *m = fixture_docker();
	struct ui_canvas c;

	ui_canvas_init(&c, 0, 0);
	layout_for(m, 120, 40, &c);
	check_wide_whole(&c);
	char *s = ui_canvas_to_text(&c, false);
	check_golden("graph_fixture_docker.txt", s);
	CHECK(strstr(s, "br-1d80c203eabc (appnet)") != NULL);
	CHECK(strstr(s, " web1 (mount) ") != NULL);
	CHECK(strstr(s, " app1+side ") != NULL);
	CHECK(strstr(s, " default/nginx-7d9f ") != NULL);
	free(s);
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Printed, not asserted: sanitizers and loaded machines vary. */
static void test_timing(void)
{
	static const int counts[] = { 40, 200 };

	for (size_t i = 0; i < 2; i++) {
		struct nst_model *m = docker_host(counts[i]);
		struct ui_canvas c;
		double ms[5];

		attach_names(m, counts[i]);
		ui_canvas_init(&c, 0, 0);
		for (int r = 0; r < 5; r++) {
			struct timespec t0, t1;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			layout_for(m, 120, 40, &c); /* as ui.c asks: both plans, the better drawn */
			clock_gettime(CLOCK_MONOTONIC, &t1);
			ms[r] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		}
		qsort(ms, 5, sizeof(ms[0]), cmp_double);
		printf("graph layout of %d containers: median %.2f ms of 5 (%.2f..%.2f), canvas %dx%d\n", counts[i],
		       ms[2], ms[0], ms[4], c.w, c.h);
		CHECK_INT(c.n_objs, 1 + 4 + (size_t)counts[i] * 3 + (size_t)counts[i]);
		ui_canvas_finish(&c);
		nst_model_destroy(m);
	}
}

/*
 * 1000 containers on docker0 are a bus (graph_bus.c): stepping the selection
 * as j does, from each container's title to its eth0, the view (100x30 and
 * 120x40 terminals) shows the whole box and its port's name on the tap, on
 * the same row. The window rasterized is the view's size, whatever the canvas's.
 */
static void test_bus_on_one_screen(void)
{
	static const int sizes[][2] = { { 100, 30 }, { 120, 40 } };
	struct nst_model *m = docker_host(1000);
	const struct nst_ns *host = nst_model_find_ns(m, "/");

	for (size_t s = 0; s < 2; s++) {
		int view_w = sizes[s][0], view_h = sizes[s][1] - 3, x = 0, y = 0, bad = 0;
		struct ui_canvas c;

		ui_canvas_init(&c, 0, 0);
		ui_graph_layout(m, &(struct ui_graph_opts){ .view_w = view_w, .view_h = view_h }, &c);
		CHECK(c.recorded && c.cells == NULL); /* nothing rasterized until shown */
		for (size_t i = 0; i < c.n_objs; i++) {
			const struct ui_obj *o = &c.objs[i];
			ui_canvas_scroll_to(&c, o, view_w, view_h, &x, &y);
			if (o->ref.kind != UI_SEL_LINK || nst_ns_id_eq(o->ref.ns, host->id)) {
				continue;
			}
			const struct nst_ns *ns = nst_model_find_ns_id(m, o->ref.ns);
			const struct nst_link *eth0 = nst_ns_find_link(ns, o->ref.ifindex);
			if (strcmp(eth0->name, "eth0") != 0) {
				continue;
			}
			const struct ui_obj *port = find_obj(&c, host->id, eth0->peer.ifindex);
			const struct ui_obj *box = find_obj(&c, ns->id, 0);
			bool seen = port && box && port->y == o->y && port->x >= x && box->x + box->w <= x + view_w &&
				    box->y >= y && o->y + 1 < y + view_h;
			if (!seen && bad++ < 3) {
				fprintf(stderr, "%dx%d: %s: box or port off the view at (%d,%d)\n", sizes[s][0], sizes[s][1],
					ns->name, x, y);
			}
			ui_canvas_window(&c, x, y, view_w, view_h);
			CHECK(seen && row_has(&c, port, "veth"));
		}
		CHECK_INT(bad, 0);
		CHECK_INT(c.win_w * c.win_h <= view_w * view_h, 1);
		CHECK_INT(c.n_objs, 1 + 4 + 1000 * 3 + 1000);
		/* printed, not asserted: what the picture keeps instead of c.w × c.h cells */
		size_t kept = c.cap_ops * sizeof(*c.ops) + c.cap_text + c.cap_objs * sizeof(*c.objs) +
			      c.cap_refs * sizeof(*c.refs) + (size_t)c.win_w * (size_t)c.win_h * sizeof(*c.cells);
		printf("1000 containers at %dx%d: canvas %dx%d (%zu kB as cells), %zu drawing calls, window %dx%d, "
		       "%zu kB kept\n", sizes[s][0], sizes[s][1], c.w, c.h,
		       (size_t)c.w * (size_t)c.h * sizeof(struct ui_cell) / 1024, c.n_ops, c.win_w, c.win_h, kept / 1024);
		ui_canvas_finish(&c);
	}
	nst_model_destroy(m);
}

/* The class of the tap cell just left of container i's box, on its eth0 row. */
static int tap_class(const struct nst_model *m, struct ui_canvas *c, int i)
{
	struct nst_ns_id id = { 4, CTR_INO + (uint64_t)i };
	const struct ui_obj *o = find_obj(c, id, 2);
	const struct ui_cell *cell = o ? ui_canvas_at(c, o->x - 2, o->y) : NULL;

	(void)m;
	return cell && cell->lines ? cell->cls : -1;
}

/*
 * An explained path from container 3 to container 7 over docker0's bus: the
 * two taps and the bus between are the path's, another container's tap is
 * not; without the path nothing is highlighted and nothing moves.
 */
static void test_bus_path(void)
{
	struct nst_model *m = docker_host(20);
	struct ui_path p = { 0 };
	struct ui_canvas c, plain;
	struct nst_ns_id c3 = { 4, CTR_INO + 3 }, c7 = { 4, CTR_INO + 7 };

	ui_path_add(&p, &(struct ui_path_hop){ .ns = c3, .oif = 2, .start = true });
	ui_path_add(&p, &(struct ui_path_hop){ .ns = c7, .iif = 2 });
	ui_canvas_init(&c, 0, 0);
	ui_canvas_init(&plain, 0, 0);
	layout_all(m, &(struct ui_graph_opts){ .view_w = 120, .view_h = 37, .path = &p }, &c);
	layout_all(m, &(struct ui_graph_opts){ .view_w = 120, .view_h = 37 }, &plain);
	CHECK_INT(tap_class(m, &c, 3), UI_CLS_PATH);
	CHECK_INT(tap_class(m, &c, 7), UI_CLS_PATH);
	CHECK_INT(tap_class(m, &c, 5), UI_CLS_VETH);
	CHECK_INT(tap_class(m, &plain, 3), UI_CLS_VETH);
	/* the bus between the two taps, and not below the lower one */
	const struct ui_obj *o3 = find_obj(&c, c3, 2), *o7 = find_obj(&c, c7, 2);
	const struct ui_obj *port = find_obj(&c, nst_model_find_ns(m, "/")->id, VETH0 + 5);
	int lane = port->x - 2;
	CHECK_INT(ui_canvas_at(&c, lane, (o3->y + o7->y) / 2)->cls, UI_CLS_PATH);
	CHECK_INT(ui_canvas_at(&c, lane, o7->y + 2)->cls, UI_CLS_PORT);
	char *a = ui_canvas_to_text(&c, false), *b = ui_canvas_to_text(&plain, false);
	CHECK(strcmp(a, b) != 0); /* heavy lines */
	free(a);
	free(b);
	CHECK_INT(c.w, plain.w);
	CHECK_INT(c.h, plain.h);
	ui_path_clear(&p);
	ui_canvas_finish(&c);
	ui_canvas_finish(&plain);
	nst_model_destroy(m);
}

/*
 * Two bridges of 20 ports each (docker0 and br-1d80c203eabc): two buses side
 * by side, the lower bridge's left of the other, so neither crosses the
 * other's taps; every line traced (check_structure), no crossing at all.
 */
static void test_two_buses(void)
{
	struct nst_model *m = docker_host(40);
	struct nst_ns *host = nst_model_find_ns(m, "/");
	struct ui_canvas c;

	for (size_t k = 0; k < host->n_links; k++) {
		if (host->links[k].ifindex >= VETH0 + 20) {
			host->links[k].master.ifindex = 4;
		}
	}
	ui_canvas_init(&c, 0, 0);
	layout_all(m, &(struct ui_graph_opts){ .view_w = 120, .view_h = 37 }, &c);
	check_structure(m, NULL, &c, true);
	int crossings = 0;
	for (int i = 0; i < c.w * c.h; i++) {
		crossings += c.cells[i].lines == 0x0f;
	}
	CHECK_INT(crossings, 0);
	const struct ui_obj *first = find_obj(&c, host->id, VETH0), *second = find_obj(&c, host->id, VETH0 + 20);
	CHECK(first && second && first->x == second->x && first->y < second->y); /* the labels in one column */
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

/* With reuse, the same model at the same generation, filter and size is not laid out again; a new generation is. */
static void test_reuse(void)
{
	struct nst_model *m = docker_host(20);
	struct ui_canvas c;
	struct ui_graph_opts o = { .view_w = 120, .view_h = 37, .reuse = true };

	ui_canvas_init(&c, 0, 0);
	ui_graph_layout(m, &o, &c);
	const struct ui_obj *objs = c.objs;
	CHECK(c.layout_sig != 0);
	ui_graph_layout(m, &o, &c);
	CHECK(c.objs == objs); /* kept, not rebuilt */
	m->generation++;
	bool *vis = calloc(m->n_ns, sizeof(*vis));
	for (size_t i = 0; i < m->n_ns; i++) {
		vis[i] = i % 2 == 0;
	}
	uint64_t sig = c.layout_sig;
	ui_graph_layout(m, &o, &c);
	CHECK(c.layout_sig != sig);
	sig = c.layout_sig;
	o.visible = vis;
	ui_graph_layout(m, &o, &c);
	CHECK(c.layout_sig != sig);
	CHECK_INT(c.n_objs < 1 + 4 + 20 * 4, 1); /* the filter took effect */
	free(vis);
	ui_canvas_finish(&c);
	nst_model_destroy(m);
}

UNIT_MAIN(test_fit, test_mount_path_titles, test_container_names, test_long_network, test_forward_to_the_left,
	  test_fixture_docker, test_timing, test_bus_on_one_screen, test_reuse, test_bus_path, test_two_buses)
