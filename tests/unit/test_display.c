/* SPDX-License-Identifier: MIT */
/*
 * Containers where people read them: --dump, --json and --dot of a Docker
 * host (goldens), --ns by any name (ns_match.h), published ports and the DNAT
 * that implements them (containers_ports.h), empty engine bridges.
 */
#include <stdlib.h>
#include <string.h>

#include "containers_ports.h"
#include "fixtures.h"
#include "golden.h"
#include "ns_match.h"
#include "render.h"
#include "unit.h"
#include "xalloc.h"

static void test_goldens(void)
{
	struct nst_model *m = fixture_docker();
	char *s;

	s = render_to_string(nst_render_text, m, NULL);
	check_golden("containers.txt", s);
	free(s);
	s = render_to_string(nst_render_json, m, NULL);
	check_golden("containers.json", s);
	free(s);
	s = render_to_string(nst_render_dot, m, NULL);
	check_golden("containers.dot", s);
	free(s);
	s = render_to_string(nst_render_script, m, NULL);
	check_golden("script_containers.sh", s);
	free(s);
	nst_model_destroy(m);
}

/* The one namespace NAME names, or NULL when none or several. */
static const struct nst_ns *one(const struct nst_model *m, const char *name, size_t *n)
{
	const struct nst_ns *v[8];

	*n = nst_ns_match(m, name, v, 8);
	return *n == 1 ? v[0] : NULL;
}

static void check_names(const struct nst_model *m, const char *name, const char *expect_ns)
{
	size_t n;
	const struct nst_ns *ns = one(m, name, &n);

	if (!ns || strcmp(ns->name, expect_ns) != 0) {
		fprintf(stderr, "--ns %s: %zu matches, %s (expected %s)\n", name, n, ns ? ns->name : "-", expect_ns);
		unit_failures++;
	}
}

static void test_match(void)
{
	struct nst_model *m = fixture_docker();
	size_t n;

	check_names(m, "/run/docker/netns/86420b3ab6fc", "/run/docker/netns/86420b3ab6fc");
	check_names(m, "web1", "/run/docker/netns/86420b3ab6fc");
	check_names(m, "app1+side", "pid:2294");     /* the display */
	check_names(m, "side", "pid:2294");          /* a joiner's own name */
	check_names(m, "nginx-7d9f", "cni-1234");    /* pod, bare */
	check_names(m, "default/nginx-7d9f", "cni-1234");
	check_names(m, "86420b3ab6fc", "/run/docker/netns/86420b3ab6fc");   /* id prefix of 12 */
	check_names(m, "86420b3ab6fc0a1e2f", "/run/docker/netns/86420b3ab6fc");
	check_names(m, "docker:66ac0edf8f13", "pid:2294");
	check_names(m, "containerd:9db4257e235a", "pid:77");
	check_names(m, "303", "pid:77");             /* an inode */
	check_names(m, "lab", "lab");

	CHECK(one(m, "86420b", &n) == NULL);         /* under 12 digits names nothing */
	CHECK_INT(n, 0);
	CHECK(one(m, "docker:9db4257e235a", &n) == NULL); /* the engine must agree */
	CHECK_INT(n, 0);
	CHECK(one(m, "other/nginx-7d9f", &n) == NULL);
	CHECK(one(m, "", &n) == NULL);
	CHECK(one(m, "nosuch", &n) == NULL);
	CHECK_INT(n, 0);

	/* a container named like another namespace's inode, and two sharing a name: every match */
	struct nst_ns *lab = nst_model_find_ns(m, "lab");
	struct nst_container *c = xgrow(&lab->containers, &lab->n_containers, &lab->cap_containers, sizeof(*c));
	memset(c, 0, sizeof(*c));
	snprintf(c->engine, sizeof(c->engine), "podman");
	c->id = xstrdup("abcdef012345abcdef");
	c->name = xstrdup("web1");
	CHECK(one(m, "web1", &n) == NULL);
	CHECK_INT(n, 2);
	const struct nst_ns *v[1];
	CHECK_INT(nst_ns_match(m, "web1", v, 1), 2); /* counted beyond what the caller keeps */
	/* a namespace's own name still wins outright */
	free(c->name);
	c->name = xstrdup("pid:77");
	check_names(m, "pid:77", "pid:77");
	check_names(m, "lab", "lab");
	nst_model_destroy(m);
}

static void test_ports(void)
{
	struct nst_model *m = fixture_docker();
	const struct nst_ns *web = nst_model_find_ns(m, "/run/docker/netns/86420b3ab6fc");
	const struct nst_ns *h = NULL;
	char buf[256];

	CHECK_INT(web->n_containers, 1);
	const struct nst_container *c = &web->containers[0];
	CHECK_INT(c->n_ports, 2);
	const struct nst_nat_rule *r = nst_published_dnat(m, web, &c->ports[0], &h);
	CHECK(r != NULL);
	if (r) {
		CHECK_INT(r->handle, 12);
		CHECK_STR(r->hook, "prerouting"); /* the prerouting record though output's comes first */
		CHECK_STR(h->name, "/");
	}
	nst_published_format(m, web, &c->ports[0], buf, sizeof(buf));
	CHECK_STR(buf, "0.0.0.0:8080/tcp -> 80 (nat DOCKER handle 12)");
	/* 9443 -> 443 goes to web1 too, but no rule takes 8443 */
	CHECK(nst_published_dnat(m, web, &c->ports[1], &h) == NULL);
	CHECK(h == NULL);
	nst_published_format(m, web, &c->ports[1], buf, sizeof(buf));
	CHECK_STR(buf, "0.0.0.0:8443/tcp -> 443 (no DNAT rule found)");

	/* another container port, another protocol, another address: not this rule */
	struct nst_published p = c->ports[0];
	p.container_port = 81;
	CHECK(nst_published_dnat(m, web, &p, NULL) == NULL);
	p = c->ports[0];
	snprintf(p.proto, sizeof(p.proto), "udp");
	CHECK(nst_published_dnat(m, web, &p, NULL) == NULL);
	p = c->ports[0];
	snprintf(p.host_ip, sizeof(p.host_ip), "127.0.0.1"); /* the rule has no daddr match for it */
	CHECK(nst_published_dnat(m, web, &p, NULL) == NULL);
	/* the same port of another namespace: the rule's target is web1's */
	const struct nst_ns *app = nst_model_find_ns(m, "pid:2294");
	CHECK(nst_published_dnat(m, app, &c->ports[0], NULL) == NULL);
	p = c->ports[0];
	snprintf(p.host_ip, sizeof(p.host_ip), "::");
	nst_published_format(m, web, &p, buf, sizeof(buf));
	CHECK_STR(buf, "[::]:8080/tcp -> 80 (nat DOCKER handle 12)");
	nst_model_destroy(m);
}

static bool has_warning(const struct nst_link *l, const char *w)
{
	for (size_t i = 0; i < l->warnings.n; i++) {
		if (strcmp(l->warnings.v[i], w) == 0) {
			return true;
		}
	}
	return false;
}

static void test_empty_engine_bridge_and_targets(void)
{
	struct nst_model *m = fixture_docker();
	struct nst_ns *host = nst_model_find_ns(m, "/");
	struct nst_link *br = nst_ns_find_link_name(host, "br-1d80c203eabc");

	CHECK(br && br->network && strcmp(br->network, "appnet") == 0);
	CHECK(br && !has_warning(br, "bridge has no ports"));
	/* without its network the same bridge warns, as any empty bridge does */
	nst_facts_clear(&m->engines);
	nst_model_attach_containers(m, &m->engines);
	for (size_t i = 0; i < m->n_ns; i++) {
		for (size_t k = 0; k < m->ns[i].n_links; k++) {
			nst_strv_clear(&m->ns[i].links[k].warnings);
		}
	}
	nst_model_diagnose(m);
	CHECK(br && br->network == NULL && has_warning(br, "bridge has no ports"));
	/* a DNAT's target reads as the display name, and falls back to the recorded name */
	const struct nst_nat_rule *r = &host->nat[0];
	CHECK(r->target_found);
	CHECK_STR(nst_nat_target_display(m, r), "/run/docker/netns/86420b3ab6fc");
	nst_model_destroy(m);

	m = fixture_docker();
	host = nst_model_find_ns(m, "/");
	CHECK_STR(nst_nat_target_display(m, &host->nat[0]), "web1");
	CHECK_STR(host->nat[0].target_ns, "/run/docker/netns/86420b3ab6fc"); /* JSON's name, unchanged */
	nst_model_remove_ns(m, nst_model_find_ns(m, "/run/docker/netns/86420b3ab6fc"));
	host = nst_model_find_ns(m, "/");
	CHECK_STR(nst_nat_target_display(m, &host->nat[0]), "/run/docker/netns/86420b3ab6fc");
	nst_model_destroy(m);
}

/* Engines' files are input: a name with control bytes never reaches a terminal raw, in any output. */
static void test_hostile_names(void)
{
	struct nst_model *m = fixture_docker();
	struct nst_engine_ctr *c = &m->engines.ctrs[0];
	void (*renders[])(const struct nst_model *, const struct nst_ns *, FILE *) = { nst_render_text, nst_render_dot,
										       nst_render_script, nst_render_json };

	free(c->c.name);
	c->c.name = xstrdup("web\x1b[2J\n\"x\\");
	free(c->c.image);
	c->c.image = xstrdup("img\r\x07");
	nst_model_attach_containers(m, &m->engines);
	for (size_t i = 0; i < sizeof(renders) / sizeof(renders[0]); i++) {
		char *s = render_to_string(renders[i], m, NULL);
		CHECK(strchr(s, '\x1b') == NULL && strchr(s, '\r') == NULL && strchr(s, '\x07') == NULL);
		CHECK(strstr(s, "web\n") == NULL); /* the newline is not the name's end of line */
		free(s);
	}
	char *s = render_to_string(nst_render_text, m, NULL);
	CHECK(strstr(s, "\nweb\\x1b[2J\\n\"x\\\\  (/run/docker/netns/86420b3ab6fc, mount,") != NULL);
	free(s);
	nst_model_destroy(m);
}

UNIT_MAIN(test_hostile_names, test_goldens, test_match, test_ports, test_empty_engine_bridge_and_targets)
