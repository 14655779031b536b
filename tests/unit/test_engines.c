/* SPDX-License-Identifier: MIT */
/*
 * The engine parsers on real files (tests/unit/engine_fixtures, captured by
 * tests/tools/engine_files_capture.sh) checked against what `docker inspect`
 * and `podman inspect` said of the same containers then; cgroup paths of
 * every driver; CNI and kubelet names; hostile inputs.
 */
#include <errno.h>
#include <stdint.h>

#include "engine_parse.h"
#include "json_read.h"
#include "procparse.h"
#include "unit.h"

static char *load(const char *name, size_t *len)
{
	char path[512];
	const char *dir = getenv("UNIT_FIXTURE_DIR");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/unit/engine_fixtures", name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		unit_failures++;
		*len = 0;
		return NULL;
	}
	char *buf = malloc(1 << 20);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static struct nst_json *load_json(const char *name)
{
	size_t len;
	char *s = load(name, &len);
	struct nst_json *j = s ? nst_json_parse(s, len, NULL) : NULL;

	free(s);
	CHECK(j != NULL);
	return j;
}

static const struct nst_engine_ctr *find(const struct nst_engine_facts *f, const char *id)
{
	return nst_facts_find_ctr((struct nst_engine_facts *)f, id);
}

static const struct nst_engine_net *find_net(const struct nst_engine_facts *f, const char *name)
{
	for (size_t i = 0; i < f->n_nets; i++) {
		if (strcmp(f->nets[i].name, name) == 0) {
			return &f->nets[i];
		}
	}
	return NULL;
}

static bool has_port(const struct nst_container *c, const char *proto, const char *ip, uint16_t host, uint16_t ctr)
{
	for (size_t i = 0; i < c->n_ports; i++) {
		const struct nst_published *p = &c->ports[i];
		if (strcmp(p->proto, proto) == 0 && strcmp(p->host_ip, ip) == 0 && p->host_port == host &&
		    p->container_port == ctr) {
			return true;
		}
	}
	return false;
}

static void test_docker(void)
{
	static const char *names[] = { "web1", "app1", "side", "lonely" };
	struct nst_engine_facts f = { 0 };

	for (size_t i = 0; i < 4; i++) {
		char p1[64], p2[64];
		size_t l1, l2;
		snprintf(p1, sizeof(p1), "docker/%s.config.v2.json", names[i]);
		snprintf(p2, sizeof(p2), "docker/%s.hostconfig.json", names[i]);
		char *c = load(p1, &l1), *h = load(p2, &l2);
		CHECK_INT(nst_docker_parse_container(&f, c, l1, h, l2), 0);
		free(c);
		free(h);
	}
	CHECK_INT(f.n_ctrs, 4);
	nst_docker_link_joined(&f);
	/* the oracle: docker inspect of the same containers */
	struct nst_json *ins = load_json("docker-inspect.json");
	for (size_t i = 0; ins && i < ins->n_kids; i++) {
		const struct nst_json *d = &ins->kids[i];
		const struct nst_engine_ctr *e = find(&f, nst_json_get_str(d, "Id"));
		CHECK(e != NULL);
		if (!e) {
			continue;
		}
		CHECK_STR(e->c.engine, "docker");
		CHECK_STR(e->c.name, nst_json_get_str(d, "Name") + 1);
		CHECK_STR(e->c.image, nst_json_as_str(nst_json_at(d, "Config", "Image", NULL)));
		const char *key = nst_json_as_str(nst_json_at(d, "NetworkSettings", "SandboxKey", NULL));
		const char *mode = nst_json_as_str(nst_json_at(d, "HostConfig", "NetworkMode", NULL));
		CHECK_INT(e->c.joined, strncmp(mode, "container:", 10) == 0);
		if (e->c.joined) {
			/* inspect says nothing of a joiner's sandbox: it is the owner's */
			const struct nst_engine_ctr *o = find(&f, mode + 10);
			CHECK(o && o->netns_path && e->netns_path && strcmp(o->netns_path, e->netns_path) == 0);
		} else if (key && key[0]) {
			CHECK_STR(e->netns_path, key);
		} else {
			CHECK(e->netns_path == NULL);
		}
		/* every published port inspect lists */
		const struct nst_json *ports = nst_json_at(d, "NetworkSettings", "Ports", NULL);
		size_t want = 0;
		for (size_t k = 0; ports && k < ports->n_kids; k++) {
			const struct nst_json *b = &ports->kids[k];
			for (size_t m = 0; b->type == NST_JSON_ARR && m < b->n_kids; m++) {
				char proto[8];
				unsigned cport = 0;
				sscanf(b->key, "%u/%7s", &cport, proto);
				CHECK(has_port(&e->c, proto, nst_json_get_str(&b->kids[m], "HostIp"),
					       (uint16_t)atoi(nst_json_get_str(&b->kids[m], "HostPort")), (uint16_t)cport));
				want++;
			}
		}
		CHECK_INT(e->c.n_ports, want);
	}
	nst_json_free(ins);
	const struct nst_engine_ctr *web = NULL;
	for (size_t i = 0; i < f.n_ctrs; i++) {
		web = strcmp(f.ctrs[i].c.name, "web1") == 0 ? &f.ctrs[i] : web;
	}
	CHECK(web && has_port(&web->c, "tcp", "0.0.0.0", 8080, 80) && has_port(&web->c, "udp", "127.0.0.1", 5353, 53));

	/* networks: the oracle is docker network inspect */
	size_t len;
	char *db = load("docker/local-kv.db", &len);
	CHECK_INT(nst_docker_parse_netdb(&f, (const uint8_t *)db, len), 0);
	struct nst_json *nets = load_json("docker-network-inspect.json");
	CHECK_INT(f.n_nets, nets ? nets->n_kids : 99);
	for (size_t i = 0; nets && i < nets->n_kids; i++) {
		const struct nst_json *n = &nets->kids[i];
		const struct nst_engine_net *e = find_net(&f, nst_json_get_str(n, "Name"));
		CHECK(e != NULL);
		if (!e) {
			continue;
		}
		CHECK_STR(e->id, nst_json_get_str(n, "Id"));
		const char *br = nst_json_as_str(nst_json_at(n, "Options", "com.docker.network.bridge.name", NULL));
		char def[16];
		snprintf(def, sizeof(def), "br-%.12s", nst_json_get_str(n, "Id"));
		CHECK_STR(e->ifname, br ? br : def);
	}
	CHECK_STR(find_net(&f, "bridge")->ifname, "docker0");
	nst_json_free(nets);
	/* a broken db adds nothing */
	size_t before = f.n_nets;
	db[4096 + 16 + 3] ^= 0x55;
	db[16 + 3] ^= 0x55;
	CHECK_INT(nst_docker_parse_netdb(&f, (const uint8_t *)db, len), -EINVAL);
	CHECK_INT(f.n_nets, before);
	free(db);

	/* hostile configs: no id, not JSON, ports of every wrong shape */
	CHECK_INT(nst_docker_parse_container(&f, "{\"Name\":\"/x\"}", 12, NULL, 0), -EINVAL);
	CHECK_INT(nst_docker_parse_container(&f, "{\"ID\":", 6, NULL, 0), -EINVAL);
	const char *odd = "{\"ID\":\"abcdef0123456789\",\"Name\":\"\",\"NetworkSettings\":{\"Ports\":{\"80\":[],"
			  "\"0/tcp\":[{\"HostPort\":\"1\"}],\"99999/tcp\":[{\"HostPort\":\"1\"}],\"81/tcp\":[{\"HostPort\":\"x\"}],"
			  "\"82/tcp\":null,\"83/tcp\":[{\"HostPort\":\"70000\"}],\"84/udp\":[{\"HostPort\":\"8484\",\"HostIp\":7}]}}}";
	CHECK_INT(nst_docker_parse_container(&f, odd, strlen(odd), NULL, 0), 0);
	const struct nst_engine_ctr *o = find(&f, "abcdef0123456789");
	CHECK(o && o->c.name == NULL && o->c.n_ports == 1 && has_port(&o->c, "udp", "", 8484, 84));
	nst_facts_clear(&f);
}

static void test_podman(void)
{
	struct nst_engine_facts f = { 0 };
	size_t len;
	char *db = load("podman/bolt_state.db", &len);

	CHECK_INT(nst_podman_parse_bolt(&f, (const uint8_t *)db, len), 0);
	free(db);
	CHECK_INT(f.n_ctrs, 4);
	char *st = load("podman/containers.json", &len);
	CHECK_INT(nst_podman_parse_storage(&f, st, len), 0);
	free(st);
	CHECK_INT(f.n_ctrs, 4); /* the same containers: nothing new */

	struct nst_json *ins = load_json("podman-inspect.json");
	struct nst_json *pods = load_json("podman-pod-inspect.json");
	const struct nst_json *pod = pods && pods->type == NST_JSON_ARR ? nst_json_kid(pods, 0) : pods;
	const char *infra = nst_json_get_str(pod, "InfraContainerID");
	for (size_t i = 0; ins && i < ins->n_kids; i++) {
		const struct nst_json *d = &ins->kids[i];
		const struct nst_engine_ctr *e = find(&f, nst_json_get_str(d, "Id"));
		CHECK(e != NULL);
		if (!e) {
			continue;
		}
		CHECK_STR(e->c.engine, "podman");
		CHECK_STR(e->c.name, nst_json_get_str(d, "Name"));
		CHECK_STR(e->c.image, nst_json_get_str(d, "ImageName"));
		CHECK_STR(e->netns_path, nst_json_as_str(nst_json_at(d, "NetworkSettings", "SandboxKey", NULL)));
		const char *podid = nst_json_get_str(d, "Pod");
		if (podid && podid[0]) {
			CHECK_STR(e->pod_id, podid);
			CHECK_STR(e->c.pod, nst_json_get_str(pod, "Name"));
			CHECK(!e->c.joined);
		} else {
			CHECK(e->pod_id == NULL && e->c.pod == NULL);
			/* the pod's members publish the pod's ports, which its infra holds */
			const struct nst_json *ports = nst_json_at(d, "NetworkSettings", "Ports", NULL);
			CHECK_INT(e->c.n_ports, ports ? ports->n_kids : 0);
		}
		CHECK(!e->c.infra);
	}
	const struct nst_engine_ctr *in = find(&f, infra);
	CHECK(in && in->c.infra && in->c.pod && strcmp(in->c.pod, "pod1") == 0);
	CHECK(in && has_port(&in->c, "tcp", "", 8081, 80));
	nst_json_free(ins);
	nst_json_free(pods);

	/* storage alone: names and images without the bolt db */
	struct nst_engine_facts g = { 0 };
	st = load("podman/containers.json", &len);
	CHECK_INT(nst_podman_parse_storage(&g, st, len), 0);
	free(st);
	CHECK_INT(g.n_ctrs, 4);
	CHECK(find(&g, "52da169dfe48") && strcmp(find(&g, "52da169dfe48")->c.name, "solo") == 0);
	CHECK_STR(find(&g, "52da169dfe48")->c.image, "localhost/bb:latest");
	nst_facts_clear(&g);

	char *nj = load("podman/pnet.json", &len);
	CHECK_INT(nst_podman_parse_network(&f, nj, len), 0);
	free(nj);
	CHECK_STR(find_net(&f, "pnet")->ifname, "podman1");
	nst_podman_default_network(&f);
	CHECK_STR(find_net(&f, "podman")->ifname, "podman0");
	size_t n = f.n_nets;
	nst_podman_default_network(&f);
	CHECK_INT(f.n_nets, n);
	const char *mac = "{\"name\":\"mv\",\"driver\":\"macvlan\",\"network_interface\":\"eth0\"}";
	CHECK_INT(nst_podman_parse_network(&f, mac, strlen(mac)), -EINVAL);
	const char *longif = "{\"name\":\"x\",\"driver\":\"bridge\",\"network_interface\":\"0123456789abcdef\"}";
	CHECK_INT(nst_podman_parse_network(&f, longif, strlen(longif)), -EINVAL);
	CHECK_INT(nst_podman_parse_bolt(&f, (const uint8_t *)"x", 1), -EINVAL);
	CHECK_INT(nst_podman_parse_storage(&f, "{}", 2), -EINVAL);
	nst_facts_clear(&f);
}

static void test_cni(void)
{
	struct nst_engine_facts f = { 0 };
	size_t len;
	char *r = load("cni/results/cnet-320147e4827d7c3a803421edb283fab1ebddc90e0fab6d885ab6f38750c457bb-eth0", &len);

	CHECK_INT(nst_cni_parse_result(&f, "podman", r, len), 0);
	free(r);
	struct nst_json *ins = load_json("podman-cni-inspect.json");
	const struct nst_json *d = nst_json_kid(ins, 0);
	const struct nst_engine_ctr *e = find(&f, nst_json_get_str(d, "Id"));
	CHECK(e != NULL);
	if (e) {
		CHECK_STR(e->c.name, nst_json_get_str(d, "Name"));
		CHECK_STR(e->netns_path, nst_json_as_str(nst_json_at(d, "NetworkSettings", "SandboxKey", NULL)));
		CHECK(has_port(&e->c, "tcp", "", 7070, 70));
		CHECK(e->c.pod == NULL);
	}
	nst_json_free(ins);
	const struct nst_engine_net *n = find_net(&f, "cnet");
	CHECK(n && strcmp(n->ifname, "cni-podman1") == 0);

	/* a CRI pod sandbox: K8S_POD_* arguments, a bridge plugin named cni0, no config to decode */
	const char *k8s = "{\"kind\":\"cniCacheV1\",\"containerId\":\"9db4257e235a9db4257e235a\",\"ifName\":\"eth0\","
			  "\"networkName\":\"k8s-pod-network\",\"cniArgs\":[[\"K8S_POD_NAMESPACE\",\"default\"],"
			  "[\"K8S_POD_NAME\",\"nginx-7d9f\"],[\"K8S_POD_UID\",\"0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f\"]],"
			  "\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":30080,\"containerPort\":80,\"protocol\":\"tcp\"}]},"
			  "\"result\":{\"interfaces\":[{\"name\":\"cni0\"},{\"name\":\"veth1\"},"
			  "{\"name\":\"eth0\",\"sandbox\":\"/var/run/netns/cni-1234\"}]}}";
	CHECK_INT(nst_cni_parse_result(&f, "containerd", k8s, strlen(k8s)), 0);
	e = find(&f, "9db4257e235a9db4257e235a");
	CHECK(e && e->c.infra && strcmp(e->c.pod, "nginx-7d9f") == 0 && strcmp(e->c.pod_ns, "default") == 0);
	CHECK(e && strcmp(e->pod_uid, "0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f") == 0);
	CHECK(e && strcmp(e->netns_path, "/var/run/netns/cni-1234") == 0 && has_port(&e->c, "tcp", "", 30080, 80));
	CHECK(e && strcmp(e->c.engine, "containerd") == 0);
	CHECK_STR(find_net(&f, "k8s-pod-network")->ifname, "cni0");
	CHECK_INT(nst_cni_parse_result(&f, "cni", "{\"ifName\":\"eth0\"}", 16), -EINVAL);
	/* base64 that is not base64, an interface list that is an object */
	const char *odd = "{\"containerId\":\"aaaabbbbccccdddd\",\"config\":\"!!\",\"networkName\":\"n\","
			  "\"result\":{\"interfaces\":{\"name\":\"x\"}}}";
	CHECK_INT(nst_cni_parse_result(&f, NULL, odd, strlen(odd)), 0);
	CHECK(find(&f, "aaaabbbbccccdddd") && find_net(&f, "n") == NULL);

	/* host-local: id and ifname lines */
	char *hl = load("cni/networks/cnet/10.89.1.2", &len);
	size_t before = f.n_ctrs;
	CHECK_INT(nst_cni_parse_hostlocal(&f, "cnet", hl, len), 0);
	free(hl);
	CHECK_INT(f.n_ctrs, before); /* the results file named it already */
	CHECK_INT(nst_cni_parse_hostlocal(&f, "cnet", "1234567890abcdef1234\r\neth0", 26), 0);
	CHECK_INT(f.n_ctrs, before + 1);
	CHECK_INT(nst_cni_parse_hostlocal(&f, "cnet", "10.89.1.1", 9), -EINVAL);
	CHECK_INT(nst_cni_parse_hostlocal(&f, "cnet", "", 0), -EINVAL);
	nst_facts_clear(&f);
}

static void test_k8s_logs(void)
{
	struct nst_engine_facts f = { 0 };

	CHECK_INT(nst_k8s_parse_pod_dir(&f, "default_nginx-7d9f_0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f"), 0);
	CHECK_INT(f.n_ctrs, 1);
	CHECK_STR(f.ctrs[0].c.pod, "nginx-7d9f");
	CHECK_STR(f.ctrs[0].c.pod_ns, "default");
	CHECK_STR(f.ctrs[0].pod_uid, "0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f");
	const char *id = "3b1f0e6a2c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f";
	char log[256];
	snprintf(log, sizeof(log), "nginx-7d9f_default_my-app-%s.log", id);
	CHECK_INT(nst_k8s_parse_container_log(&f, log), 0);
	const struct nst_engine_ctr *e = find(&f, id);
	CHECK(e && strcmp(e->c.name, "my-app") == 0 && strcmp(e->c.pod, "nginx-7d9f") == 0 &&
	      strcmp(e->c.pod_ns, "default") == 0);
	static const char *bad_dirs[] = { "", "a_b", "_b_0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f", "a__uid", "a_b_short" };
	for (size_t i = 0; i < sizeof(bad_dirs) / sizeof(bad_dirs[0]); i++) {
		CHECK_INT(nst_k8s_parse_pod_dir(&f, bad_dirs[i]), -EINVAL);
	}
	static const char *bad_logs[] = { "", ".log", "a_b_c.log", "a_b_c-xyz.log", "a_b_-0123456789abcdef.log",
					  "a_b_c-0123456789abcdef.txt", "a_b_c-0123.log" };
	for (size_t i = 0; i < sizeof(bad_logs) / sizeof(bad_logs[0]); i++) {
		CHECK_INT(nst_k8s_parse_container_log(&f, bad_logs[i]), -EINVAL);
	}
	CHECK_INT(f.n_ctrs, 2);
	nst_facts_clear(&f);
}

struct cg_case {
	const char *text, *engine, *id, *pod_uid, *pod_id;
};

static void test_cgroup_refs(void)
{
	static const struct cg_case cases[] = {
		/* podman cgroupfs, and a pod's member (from the sandbox's real /proc/PID/cgroup) */
		{ "9:name=systemd:/libpod_parent/libpod-52da169dfe4882b1522a8f9aed2fea152dc96b239cb3e923dae5b0ec63d26f0e\n"
		  "0::/libpod_parent/libpod-52da169dfe4882b1522a8f9aed2fea152dc96b239cb3e923dae5b0ec63d26f0e\n",
		  "podman", "52da169dfe4882b1522a8f9aed2fea152dc96b239cb3e923dae5b0ec63d26f0e", "", "" },
		{ "8:pids:/libpod_parent/a380b9a2dfa79d5ce8cb7124382aac7d31875f5c0f8f1af8bf6163d6e12de0d9/"
		  "libpod-5320340b7109852a6945932534160ee6ea48f3df7bba920896460ca344203c2c\n",
		  "podman", "5320340b7109852a6945932534160ee6ea48f3df7bba920896460ca344203c2c", "",
		  "a380b9a2dfa79d5ce8cb7124382aac7d31875f5c0f8f1af8bf6163d6e12de0d9" },
		/* podman systemd, a pod */
		{ "0::/machine.slice/machine-libpod_pod_a380b9a2dfa79d5c.slice/libpod-5320340b71098529.scope\n",
		  "podman", "5320340b71098529", "", "a380b9a2dfa79d5c" },
		{ "0::/machine.slice/libpod-5320340b71098529.scope/container\n", "podman", "5320340b71098529", "", "" },
		/* kubelet, cgroupfs, qos class and guaranteed */
		{ "4:memory:/kubepods/besteffort/pod0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f/9db4257e235a77aa\n", "cri",
		  "9db4257e235a77aa", "0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f", "" },
		{ "0::/kubepods/pod0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f/9db4257e235a77aa\n", "cri", "9db4257e235a77aa",
		  "0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f", "" },
		/* kubelet, systemd: containerd, cri-o, docker */
		{ "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0f6b1a52_9c3c_4f1e_8d7e_1a2b3c4d5e6f.slice/"
		  "cri-containerd-9db4257e235a77aa.scope\n",
		  "containerd", "9db4257e235a77aa", "0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f", "" },
		{ "0::/kubepods.slice/kubepods-pod0f6b1a52_9c3c_4f1e_8d7e_1a2b3c4d5e6f.slice/crio-9db4257e235a77aa.scope\n",
		  "cri-o", "9db4257e235a77aa", "0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f", "" },
		{ "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f6b1a52_9c3c_4f1e_8d7e_1a2b3c4d5e6f.slice/"
		  "docker-9db4257e235a77aa.scope\n",
		  "docker", "9db4257e235a77aa", "0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f", "" },
		/* a pod's slice alone (the pause process before its scope) */
		{ "0::/kubepods.slice/kubepods-pod0f6b1a52_9c3c_4f1e_8d7e_1a2b3c4d5e6f.slice\n", "", "",
		  "0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f", "" },
		/* docker, both drivers */
		{ "0::/docker/d1968a88a3b907f2595b318ab64b979ee4798193d1548ddc7fb457bdb40b0a73\n", "docker",
		  "d1968a88a3b907f2595b318ab64b979ee4798193d1548ddc7fb457bdb40b0a73", "", "" },
		{ "0::/system.slice/docker-d1968a88a3b9.scope\n", "docker", "d1968a88a3b9", "", "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nst_cgroup_ref r;
		CHECK(nst_cgroup_ref_parse(cases[i].text, &r));
		CHECK_STR(r.engine, cases[i].engine);
		CHECK_STR(r.id, cases[i].id);
		CHECK_STR(r.pod_uid, cases[i].pod_uid);
		CHECK_STR(r.pod_id, cases[i].pod_id);
	}
	static const char *none[] = {
		"0::/\n", "0::/libpod_parent/libpod-conmon-52da169dfe48829\n", "0::/kubepods/podnotauid/abc\n",
		"0::/kubepods.slice/kubepods-pod0f6b1a52-9c3c-4f1e-8d7e-1a2b3c4d5e6f.slice\n", /* dashes: not systemd's */
		"0::/machine.slice/machine-libpod_pod_.slice\n", "0::/system.slice/docker.service\n", "::\n", "",
		/* a user's delegated subtree: names there are anyone's to choose */
		"0::/user.slice/user-1000.slice/user@1000.service/app.slice/docker-d1968a88a3b9.scope\n",
	};
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		struct nst_cgroup_ref r;
		CHECK(!nst_cgroup_ref_parse(none[i], &r));
	}
	/* every line of the captured sandbox's cgroup files names its container */
	size_t len;
	char *t = load("podman/cgroups.txt", &len);
	for (char *line = t; line && *line;) {
		char *eol = strchr(line, '\n');
		if (eol) {
			*eol = '\0';
		}
		char id[80];
		struct nst_cgroup_ref r;
		if (sscanf(line, "%79s", id) == 1) {
			/* the file has "ID 9:name=systemd:/... 8:pids:/..." with lines joined by spaces */
			char *text = strdup(strchr(line, ' ') + 1);
			for (char *p = text; *p; p++) {
				*p = *p == ' ' ? '\n' : *p;
			}
			CHECK(nst_cgroup_ref_parse(text, &r));
			CHECK_STR(r.id, id);
			free(text);
		}
		line = eol ? eol + 1 : NULL;
	}
	free(t);
}

UNIT_MAIN(test_docker, test_podman, test_cni, test_k8s_logs, test_cgroup_refs)
