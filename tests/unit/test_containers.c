/* SPDX-License-Identifier: MIT */
/* Containers meet namespaces by cgroup, pod and mount path; display names and bridge networks (containers.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "model.h"
#include "unit.h"
#include "xalloc.h"

#define ID_APP1 "86420b3ab6fc0a1e2f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091"
#define ID_SIDE "66ac0edf8f13aa1e2f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091"
#define ID_LONE "9db4257e235a0a1e2f3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091"
#define POD_UID "1f0c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f"

static struct nst_ns *ns_with(struct nst_model *m, const char *name, enum nst_ns_kind kind, uint64_t ino)
{
	return nst_model_add_ns(m, name, kind, (struct nst_ns_id){ .dev = 4, .ino = ino });
}

static void cgroup(struct nst_ns *ns, const char *engine, const char *id, const char *pod_uid)
{
	struct nst_cgroup_ref *r = xgrow(&ns->cgroups, &ns->n_cgroups, &ns->cap_cgroups, sizeof(*ns->cgroups));
	snprintf(r->engine, sizeof(r->engine), "%s", engine);
	snprintf(r->id, sizeof(r->id), "%s", id);
	snprintf(r->pod_uid, sizeof(r->pod_uid), "%s", pod_uid ? pod_uid : "");
}

static struct nst_engine_ctr *ctr(struct nst_engine_facts *f, const char *engine, const char *id, const char *name)
{
	struct nst_engine_ctr *c = nst_facts_add_ctr(f, engine, id);
	c->c.name = name ? xstrdup(name) : NULL;
	return c;
}

static void test_docker_by_cgroup_and_shared(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_engine_facts f = { 0 };
	struct nst_ns *ns = ns_with(m, "pid:2294", NST_NS_PROCESS, 10);

	cgroup(ns, "docker", ID_SIDE, NULL);
	cgroup(ns, "docker", ID_APP1, NULL);
	ctr(&f, "docker", ID_APP1, "app1");
	ctr(&f, "docker", ID_SIDE, "side")->c.joined = true;
	ctr(&f, "docker", ID_LONE, "elsewhere");
	nst_model_attach_containers(m, &f);
	CHECK_INT(m->ns[0].n_containers, 2);
	/* the owner first though "side" was seen first and a joiner sorts after */
	CHECK_STR(nst_ns_display(&m->ns[0]), "app1+side");
	CHECK_STR(m->ns[0].containers[0].id, ID_APP1);

	/* a second attach replaces, never appends */
	nst_model_attach_containers(m, &f);
	CHECK_INT(m->ns[0].n_containers, 2);
	nst_facts_clear(&f);
	nst_model_destroy(m);
}

static void test_mount_path_and_unknown_engine(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_engine_facts f = { 0 };
	ns_with(m, "/run/docker/netns/86420b3ab6fc", NST_NS_MOUNT, 11);
	struct nst_ns *b = ns_with(m, "cni-1234", NST_NS_NAMED, 12);
	struct nst_ns *c = ns_with(m, "pid:77", NST_NS_PROCESS, 13);
	ns_with(m, "lab", NST_NS_NAMED, 14);

	cgroup(b, "containerd", "", POD_UID);
	cgroup(c, "containerd", ID_LONE, NULL);
	ctr(&f, "docker", ID_APP1, "web1")->netns_path = xstrdup("/var/run/docker/netns/86420b3ab6fc");
	struct nst_engine_ctr *pod = ctr(&f, "containerd", "aaaa1111bbbb2222", NULL);
	pod->c.pod = xstrdup("nginx-7d9f");
	pod->c.pod_ns = xstrdup("default");
	pod->c.infra = true;
	pod->pod_uid = xstrdup(POD_UID);
	nst_model_attach_containers(m, &f);
	CHECK_STR(nst_ns_display(&m->ns[0]), "web1");      /* /var/run == /run */
	CHECK_STR(nst_ns_display(&m->ns[1]), "default/nginx-7d9f");
	CHECK_INT(m->ns[1].n_containers, 1);                 /* the pod's ref adds no unnamed twin */
	CHECK_STR(nst_ns_display(&m->ns[2]), "containerd:9db4257e235a");
	CHECK_STR(nst_ns_display(&m->ns[3]), "lab");
	CHECK_INT(m->ns[3].n_containers, 0);
	nst_facts_clear(&f);
	nst_model_destroy(m);
}

static void test_foreign_userns_cgroups_name_nothing(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_engine_facts f = { 0 };
	struct nst_ns *ns = ns_with(m, "pid:6", NST_NS_PROCESS, 21);

	ns->userns = 4026532999; /* unshare -rn by a user whose delegated cgroup mimics web1's scope */
	cgroup(ns, "docker", ID_APP1, NULL);
	ctr(&f, "docker", ID_APP1, "web1");
	nst_model_attach_containers(m, &f);
	CHECK_INT(m->ns[0].n_containers, 0);
	CHECK_STR(nst_ns_display(&m->ns[0]), "pid:6");
	nst_facts_clear(&f);
	nst_model_destroy(m);
}

static void test_short_ids_do_not_match_loosely(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_engine_facts f = { 0 };
	struct nst_ns *ns = ns_with(m, "pid:5", NST_NS_PROCESS, 20);

	cgroup(ns, "docker", "86420b", NULL); /* a prefix under 12 digits names nothing */
	ctr(&f, "docker", ID_APP1, "app1");
	nst_model_attach_containers(m, &f);
	CHECK_INT(m->ns[0].n_containers, 1);
	CHECK_STR(nst_ns_display(&m->ns[0]), "docker:86420b");
	nst_facts_clear(&f);
	nst_model_destroy(m);
}

static void test_many_and_podman_pod(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_engine_facts f = { 0 };
	struct nst_ns *ns = ns_with(m, "pid:9", NST_NS_PROCESS, 30);
	struct nst_ns *pp = ns_with(m, "pid:10", NST_NS_PROCESS, 31);
	const char *names[] = { "e", "d", "c", "b", "a" };

	for (int i = 0; i < 5; i++) {
		char id[65];
		snprintf(id, sizeof(id), "%012d%052d", i, 0);
		cgroup(ns, "docker", id, NULL);
		ctr(&f, "docker", id, names[i]);
	}
	struct nst_engine_ctr *infra = ctr(&f, "podman", "abcdefabcdef0000", "0f1e2d3c4b5a-infra");
	infra->c.infra = true;
	infra->c.pod = xstrdup("mypod");
	infra->pod_id = xstrdup("0f1e2d3c4b5a6978");
	cgroup(pp, "podman", "abcdefabcdef0000", NULL);
	nst_model_attach_containers(m, &f);
	CHECK_STR(nst_ns_display(&m->ns[0]), "a+b+c+2 more");
	CHECK_STR(nst_ns_display(&m->ns[1]), "mypod");
	nst_facts_clear(&f);
	nst_model_destroy(m);
}

static void test_bridge_networks(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_engine_facts f = { 0 };
	struct nst_ns *host = ns_with(m, "(self)", NST_NS_SELF, 40);
	struct nst_ns *other = ns_with(m, "lab", NST_NS_NAMED, 41);
	const char *names[] = { "docker0", "br-1d80c203eabc", "cni0" };

	for (int i = 0; i < 3; i++) {
		snprintf(nst_ns_add_link(host, i + 2, names[i])->kind, 24, "bridge");
	}
	snprintf(nst_ns_add_link(other, 2, "docker0")->kind, 24, "bridge");
	struct nst_engine_net *n = nst_facts_add_net(&f, "docker", "bridge", "docker0");
	n->has_ns = true;
	n->ns_dev = 4;
	n->ns_ino = 40;
	n = nst_facts_add_net(&f, "docker", "appnet", "br-1d80c203eabc");
	n->has_ns = true;
	n->ns_dev = 4;
	n->ns_ino = 40;
	nst_facts_add_net(&f, "cni", "mynet", "cni0"); /* no namespace recorded: nstop's own */
	nst_model_attach_containers(m, &f);
	CHECK_STR(m->ns[0].links[0].network, "bridge");
	CHECK_STR(m->ns[0].links[1].network, "appnet");
	CHECK_STR(m->ns[0].links[1].network_engine, "docker");
	CHECK_STR(m->ns[0].links[2].network, "mynet");
	CHECK(m->ns[1].links[0].network == NULL); /* same ifname in another namespace is not docker's */
	nst_facts_clear(&f);
	nst_model_attach_containers(m, &f);
	CHECK(m->ns[0].links[1].network == NULL);
	nst_model_destroy(m);
}

UNIT_MAIN(test_docker_by_cgroup_and_shared, test_mount_path_and_unknown_engine, test_short_ids_do_not_match_loosely,
	  test_foreign_userns_cgroups_name_nothing,
	  test_many_and_podman_pod, test_bridge_networks)
