/* SPDX-License-Identifier: MIT */
/* --monitor's namespace lines: one identity (inode) from add to del, rename, display names learnt (diff_ns.c). */
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "fixtures.h"
#include "unit.h"
#include "xalloc.h"

struct collected {
	char lines[16][1800];
	size_t n;
};

/* "[prefix] text|action|name|inode|display" */
static void collect(void *ctx, const struct nst_change *c)
{
	struct collected *col = ctx;

	if (col->n < 16) {
		snprintf(col->lines[col->n++], sizeof(col->lines[0]), "[%s] %s|%s|%s|%llu|%s", c->ns, c->text, c->action,
			 c->name, (unsigned long long)c->id.ino, c->display ? c->display : "(null)");
	}
}

static void test_lines(void)
{
	struct collected col = { 0 };
	struct nst_ns_id id = { 4, 4026532301 };

	nst_change_netns_id("pid:2294", NULL, id, true, collect, &col);
	nst_change_netns_rename("pid:2294", "/run/docker/netns/83e6b377c157", "web1", id, collect, &col);
	nst_change_netns_display("/run/docker/netns/83e6b377c157", "/run/docker/netns/83e6b377c157", "web1", id, collect,
				 &col);
	nst_change_netns_id("/run/docker/netns/83e6b377c157", "web1", id, false, collect, &col);
	CHECK_INT(col.n, 4);
	CHECK_STR(col.lines[0], "[/] netns add pid:2294|add|pid:2294|4026532301|pid:2294");
	CHECK_STR(col.lines[1], "[/] netns rename pid:2294 -> /run/docker/netns/83e6b377c157|rename|"
				"/run/docker/netns/83e6b377c157|4026532301|web1");
	CHECK_STR(col.lines[2], "[/] netns display /run/docker/netns/83e6b377c157: /run/docker/netns/83e6b377c157 -> web1|"
				"display|/run/docker/netns/83e6b377c157|4026532301|web1");
	CHECK_STR(col.lines[3], "[/] netns del /run/docker/netns/83e6b377c157|del|/run/docker/netns/83e6b377c157|"
				"4026532301|web1");
}

static void test_display_snap(void)
{
	struct nst_model *m = fixture_docker();
	struct nst_engine_facts none = { 0 };
	struct nst_display_snap was = { 0 };
	struct collected col = { 0 };

	/* nothing learnt, nothing said */
	nst_display_snap_take(&was, m);
	nst_display_snap_diff(&was, m, collect, &col);
	CHECK_INT(col.n, 0);

	/* the engines' files gone: what the cgroups say is left (pid:77 had no more than that) */
	nst_model_attach_containers(m, &none);
	nst_display_snap_diff(&was, m, collect, &col);
	CHECK_INT(col.n, 3);
	CHECK_STR(col.lines[0], "[/] netns display cni-1234: default/nginx-7d9f -> kubepods:1f0c2d3e-4a5|display|"
				"cni-1234|304|kubepods:1f0c2d3e-4a5");
	CHECK_STR(col.lines[1], "[/] netns display /run/docker/netns/86420b3ab6fc: web1 -> /run/docker/netns/86420b3ab6fc|"
				"display|/run/docker/netns/86420b3ab6fc|301|/run/docker/netns/86420b3ab6fc");

	/* learnt again, a new namespace with a name among them; a rename alone is no display line */
	col.n = 0;
	nst_display_snap_take(&was, m);
	struct nst_ns_id nid = { 4, 306 };
	struct nst_ns *n = nst_model_add_ns(m, "pid:4000", NST_NS_PROCESS, nid);
	struct nst_cgroup_ref *r = xgrow(&n->cgroups, &n->n_cgroups, &n->cap_cgroups, sizeof(*r));
	memset(r, 0, sizeof(*r));
	snprintf(r->engine, sizeof(r->engine), "docker");
	snprintf(r->id, sizeof(r->id), "%s", m->engines.ctrs[0].c.id);
	struct nst_ns *lab = nst_model_find_ns(m, "lab");
	free(lab->name);
	lab->name = xstrdup("lab2");
	nst_model_attach_containers(m, &m->engines);
	nst_display_snap_diff(&was, m, collect, &col);
	CHECK_INT(col.n, 4);
	CHECK_STR(col.lines[col.n - 1], "[/] netns display pid:4000: pid:4000 -> web1|display|pid:4000|306|web1");
	for (size_t i = 0; i < col.n; i++) {
		CHECK(strstr(col.lines[i], "lab") == NULL);
	}
	nst_display_snap_clear(&was);
	nst_model_destroy(m);
}

static void test_ns_lines_carry_identity(void)
{
	struct nst_model *a = fixture_docker(), *b = fixture_docker();
	const char *path = "/run/docker/netns/86420b3ab6fc";
	struct nst_ns *o = nst_model_find_ns(a, path), *n = nst_model_find_ns(b, path);
	struct collected col = { 0 };

	/* the fresh reading has no containers attached yet: the lines name it as the model did */
	nst_facts_clear(&b->engines);
	nst_model_attach_containers(b, &b->engines);
	nst_ns_find_link_name(n, "eth0")->up = false;
	nst_diff_ns(o, n, collect, &col);
	CHECK_INT(col.n, 1);
	CHECK_STR(col.lines[0], "[/run/docker/netns/86420b3ab6fc] link eth0 down|down|eth0|301|web1");
	/* a namespace that never had a display name: its name */
	col.n = 0;
	nst_diff_ns(n, o, collect, &col);
	CHECK_INT(col.n, 1);
	CHECK_STR(col.lines[0], "[/run/docker/netns/86420b3ab6fc] link eth0 up|up|eth0|301|web1");
	col.n = 0;
	struct nst_ns *lo = nst_model_find_ns(a, "lab"), *ln = nst_model_find_ns(b, "lab");
	fixture_link(ln, 7, "x", "dummy", true);
	nst_diff_ns(lo, ln, collect, &col);
	CHECK_INT(col.n, 1);
	CHECK_STR(col.lines[0], "[lab] link x add dummy up|add|x|305|lab");
	nst_model_destroy(a);
	nst_model_destroy(b);
}

UNIT_MAIN(test_lines, test_display_snap, test_ns_lines_carry_identity)
