/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the container engines' file parsers: the first byte
 * picks the parser (JSON reader, BoltDB walk, Docker config / network db,
 * Podman bolt db / containers.json / network, CNI result / host-local,
 * kubelet log names, cgroup refs), the rest is the file. Every fact that
 * comes out is walked (its strings read to their NUL) so a bad pointer or an
 * unterminated string is an ASan report. Seeds: corpus/engines/, the real
 * files of tests/unit/engine_fixtures behind their selector byte.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bolt.h"
#include "engine_parse.h"
#include "json_read.h"
#include "procparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

static void touch(const char *s)
{
	if (s) {
		sink += strlen(s);
	}
}

static void walk_json(const struct nst_json *j)
{
	touch(j->s);
	touch(j->key);
	int64_t v;
	if (nst_json_as_int(j, &v)) {
		sink += (size_t)v;
	}
	for (size_t i = 0; i < j->n_kids; i++) {
		walk_json(&j->kids[i]);
	}
	if (j->type == NST_JSON_OBJ && j->n_kids) {
		/* a lookup of the first key must find a member with that key */
		const struct nst_json *k = nst_json_get(j, j->kids[0].key);
		if (!k || strcmp(k->key, j->kids[0].key) != 0) {
			abort();
		}
	}
}

static void walk_facts(const struct nst_engine_facts *f)
{
	for (size_t i = 0; i < f->n_ctrs; i++) {
		const struct nst_engine_ctr *c = &f->ctrs[i];
		touch(c->c.engine);
		touch(c->c.id);
		touch(c->c.name);
		touch(c->c.pod);
		touch(c->c.pod_ns);
		touch(c->c.image);
		touch(c->netns_path);
		touch(c->pod_uid);
		touch(c->pod_id);
		for (size_t p = 0; p < c->c.n_ports; p++) {
			touch(c->c.ports[p].proto);
			touch(c->c.ports[p].host_ip);
		}
	}
	for (size_t i = 0; i < f->n_nets; i++) {
		touch(f->nets[i].name);
		touch(f->nets[i].id);
		if (!memchr(f->nets[i].ifname, '\0', sizeof(f->nets[i].ifname))) {
			abort();
		}
	}
}

struct walk {
	const struct nst_bolt *db;
	int depth;
};

static int bolt_fn(void *ctx, const uint8_t *key, size_t klen, const uint8_t *val, size_t vlen, bool is_bucket)
{
	struct walk *w = ctx;
	struct nst_bolt_bucket b;

	for (size_t i = 0; i < klen; i++) {
		sink += key[i];
	}
	for (size_t i = 0; i < vlen; i++) {
		sink += val[i];
	}
	if (is_bucket && w->depth < 4 && nst_bolt_sub(w->db, val, vlen, &b) == 0) {
		struct walk inner = { w->db, w->depth + 1 };
		nst_bolt_foreach(&b, bolt_fn, &inner);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nst_engine_facts f = { 0 };

	if (size < 1) {
		return 0;
	}
	uint8_t sel = data[0];
	size_t n = size - 1;
	/* an exact-size copy: one byte past it is an ASan report; text parsers get a NUL after */
	char *buf = malloc(n + 1);
	memcpy(buf, data + 1, n);
	buf[n] = '\0';
	switch (sel % 12) {
	case 0: {
		struct nst_json_error err;
		struct nst_json *j = nst_json_parse(buf, n, &err);
		if (j) {
			walk_json(j);
		} else if (err.offset > n || !memchr(err.msg, '\0', sizeof(err.msg))) {
			abort();
		}
		nst_json_free(j);
		break;
	}
	case 1: {
		struct nst_bolt db;
		struct nst_bolt_bucket root;
		if (nst_bolt_open(&db, buf, n, NULL, 0) == 0) {
			struct walk w = { &db, 0 };
			nst_bolt_root(&db, &root);
			nst_bolt_foreach(&root, bolt_fn, &w);
		}
		break;
	}
	case 2: {
		/* config and hostconfig, split at the first 0xff (a byte JSON text never holds) */
		const char *split = memchr(buf, 0xff, n);
		size_t cl = split ? (size_t)(split - buf) : n;
		nst_docker_parse_container(&f, buf, cl, split ? split + 1 : NULL, split ? n - cl - 1 : 0);
		break;
	}
	case 3:
		nst_docker_parse_netdb(&f, (const uint8_t *)buf, n);
		break;
	case 4:
		nst_podman_parse_bolt(&f, (const uint8_t *)buf, n);
		break;
	case 5:
		nst_podman_parse_storage(&f, buf, n);
		break;
	case 6:
		nst_podman_parse_network(&f, buf, n);
		nst_podman_default_network(&f);
		break;
	case 7:
		nst_cni_parse_result(&f, "containerd", buf, n);
		nst_cni_parse_result(&f, NULL, buf, n); /* again: the merge into an existing fact */
		break;
	case 8:
		nst_cni_parse_hostlocal(&f, "net", buf, n);
		break;
	case 9:
		nst_k8s_parse_pod_dir(&f, buf);
		nst_k8s_parse_container_log(&f, buf);
		break;
	case 10: {
		struct nst_cgroup_ref r;
		if (nst_cgroup_ref_parse(buf, &r) &&
		    (!memchr(r.id, '\0', sizeof(r.id)) || !memchr(r.pod_uid, '\0', sizeof(r.pod_uid)) ||
		     !memchr(r.pod_id, '\0', sizeof(r.pod_id)) || !memchr(r.engine, '\0', sizeof(r.engine)))) {
			abort();
		}
		break;
	}
	default:
		/* everything at once into one set of facts, as the backend does */
		nst_docker_parse_container(&f, buf, n, buf, n);
		nst_podman_parse_storage(&f, buf, n);
		nst_cni_parse_result(&f, "cni", buf, n);
		break;
	}
	walk_facts(&f);
	nst_facts_clear(&f);
	free(buf);
	return 0;
}
