/* SPDX-License-Identifier: MIT */
/* The `/` filter by the names containers give: display names, container and pod names, images, networks. */
#include "filter.h"
#include "fixtures.h"
#include "unit.h"

static bool ns_shown(const struct nst_model *m, const char *name, const char *text)
{
	struct ui_filter f = { 0 };
	const struct nst_ns *ns = nst_model_find_ns(m, name);

	ui_filter_set(&f, text);
	bool shown = ns && ui_filter_ns_visible(&f, ns);
	ui_filter_clear(&f);
	return shown;
}

static void test_names(void)
{
	struct nst_model *m = fixture_docker();
	const char *web = "/run/docker/netns/86420b3ab6fc";

	CHECK(ns_shown(m, web, "web1"));             /* the display name */
	CHECK(ns_shown(m, web, "nginx:lat"));        /* its image */
	CHECK(ns_shown(m, web, "86420b"));           /* the path, as before */
	CHECK(!ns_shown(m, web, "side"));
	CHECK(ns_shown(m, "pid:2294", "^side$"));   /* a joiner not in the display's first names */
	CHECK(ns_shown(m, "pid:2294", "app1\\+side"));
	CHECK(ns_shown(m, "cni-1234", "nginx-7d9f")); /* the pod */
	CHECK(ns_shown(m, "cni-1234", "default/"));
	CHECK(!ns_shown(m, "lab", "web1"));
	CHECK(!ns_shown(m, "lab", "appnet"));
	CHECK(ns_shown(m, "/", "appnet"));           /* a bridge by its network */

	struct ui_filter f = { 0 };
	const struct nst_ns *host = nst_model_find_ns(m, "/");
	ui_filter_set(&f, "appnet");
	CHECK(ui_filter_match_link(&f, nst_ns_find_link_name(host, "br-1d80c203eabc")));
	CHECK(!ui_filter_match_link(&f, nst_ns_find_link_name(host, "docker0")));
	ui_filter_clear(&f);
	nst_model_destroy(m);
}

UNIT_MAIN(test_names)
