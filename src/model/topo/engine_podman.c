/* SPDX-License-Identifier: MIT */
/*
 * Podman's files (4.x): libpod's bolt_state.db (buckets "ctr" and "pod", one
 * nested bucket per id with "config", "netns", "pod-id", "state"), the
 * storage layer's containers.json, and netavark's network files.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bolt.h"
#include "engine_parse.h"
#include "json_read.h"
#include "xalloc.h"

#define MAX_RANGE_PORTS 256 /* a -p 1000-60000 is shown by its first ports, not 59000 rows */

static char *dup_str(const char *s)
{
	return s && s[0] ? xstrdup(s) : NULL;
}

/* A bolt value as a C string (values are not NUL-terminated), or NULL when it holds a NUL. */
static char *val_str(const uint8_t *v, size_t n)
{
	if (!n || memchr(v, '\0', n)) {
		return NULL;
	}
	char *s = xmalloc(n + 1);
	memcpy(s, v, n);
	s[n] = '\0';
	return s;
}

struct pod {
	char *id, *name, *infra;
};

struct pstate {
	struct nst_engine_facts *f;
	const struct nst_bolt *db;
	struct pod *pods;
	size_t n_pods, cap_pods;
	struct join {
		size_t ctr;   /* index in f->ctrs */
		char *owner;  /* netNsCtr: the container whose namespace it joined */
	} *joins;
	size_t n_joins, cap_joins;
};

/* newPortMappings: [{"host_ip": "", "container_port": 80, "host_port": 8081, "range": 1, "protocol": "tcp"}] */
static void add_ports(struct nst_container *c, const struct nst_json *ports)
{
	for (size_t i = 0; ports && ports->type == NST_JSON_ARR && i < ports->n_kids; i++) {
		const struct nst_json *m = &ports->kids[i];
		int64_t cp, hp, range = 1;
		const char *ip = nst_json_get_str(m, "host_ip");
		const char *proto = nst_json_get_str(m, "protocol");
		if (!nst_json_as_int(nst_json_get(m, "container_port"), &cp) ||
		    !nst_json_as_int(nst_json_get(m, "host_port"), &hp)) {
			continue;
		}
		nst_json_as_int(nst_json_get(m, "range"), &range);
		if (range < 1) {
			range = 1;
		}
		/* podman may write several protocols as "tcp,udp" */
		char protos[32];
		snprintf(protos, sizeof(protos), "%s", proto && proto[0] ? proto : "tcp");
		char *save = NULL;
		for (char *p = strtok_r(protos, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
			for (int64_t k = 0; k < range && k < MAX_RANGE_PORTS; k++) {
				struct nst_published pub = { 0 };
				if (cp + k < 1 || cp + k > 65535 || hp + k < 1 || hp + k > 65535) {
					break;
				}
				pub.container_port = (uint16_t)(cp + k);
				pub.host_port = (uint16_t)(hp + k);
				snprintf(pub.proto, sizeof(pub.proto), "%s", p);
				snprintf(pub.host_ip, sizeof(pub.host_ip), "%s", ip && strlen(ip) < sizeof(pub.host_ip) ? ip : "");
				nst_published_add(c, &pub);
			}
		}
	}
}

static const uint8_t *sub_val(const struct nst_bolt_bucket *b, const char *key, size_t *n)
{
	const uint8_t *v;
	bool is_bucket = false;

	if (nst_bolt_get(b, key, strlen(key), &v, n, &is_bucket) < 0 || is_bucket) {
		return NULL;
	}
	return v;
}

static int pod_fn(void *ctx, const uint8_t *key, size_t klen, const uint8_t *val, size_t vlen, bool is_bucket)
{
	struct pstate *s = ctx;
	struct nst_bolt_bucket b;
	size_t n;

	(void)key;
	(void)klen;
	if (!is_bucket || nst_bolt_sub(s->db, val, vlen, &b) < 0) {
		return 0;
	}
	const uint8_t *cfg = sub_val(&b, "config", &n);
	struct nst_json *j = cfg ? nst_json_parse((const char *)cfg, n, NULL) : NULL;
	const uint8_t *st = sub_val(&b, "state", &n);
	struct nst_json *state = st ? nst_json_parse((const char *)st, n, NULL) : NULL;
	const char *id = nst_json_get_str(j, "id"), *name = nst_json_get_str(j, "name");
	if (id && id[0] && name && name[0]) {
		struct pod *p = xgrow(&s->pods, &s->n_pods, &s->cap_pods, sizeof(*p));
		p->id = xstrdup(id);
		p->name = xstrdup(name);
		p->infra = dup_str(nst_json_get_str(state, "InfraContainerID"));
	}
	nst_json_free(j);
	nst_json_free(state);
	return 0;
}

static const struct pod *find_pod(const struct pstate *s, const char *id)
{
	for (size_t i = 0; id && i < s->n_pods; i++) {
		if (strcmp(s->pods[i].id, id) == 0) {
			return &s->pods[i];
		}
	}
	return NULL;
}

static int ctr_fn(void *ctx, const uint8_t *key, size_t klen, const uint8_t *val, size_t vlen, bool is_bucket)
{
	struct pstate *s = ctx;
	struct nst_bolt_bucket b;
	size_t n;

	(void)key;
	(void)klen;
	if (!is_bucket || nst_bolt_sub(s->db, val, vlen, &b) < 0) {
		return 0;
	}
	const uint8_t *cfg = sub_val(&b, "config", &n);
	struct nst_json *j = cfg ? nst_json_parse((const char *)cfg, n, NULL) : NULL;
	const char *id = nst_json_get_str(j, "id");
	if (id && id[0] && !nst_facts_find_ctr(s->f, id)) {
		struct nst_engine_ctr *e = nst_facts_add_ctr(s->f, "podman", id);
		const char *podid = nst_json_get_str(j, "pod");
		const struct pod *p = find_pod(s, podid);
		const char *img = nst_json_get_str(j, "rootfsImageName");
		e->c.name = dup_str(nst_json_get_str(j, "name"));
		e->c.image = dup_str(img ? img : nst_json_get_str(j, "RawImageName"));
		e->pod_id = dup_str(podid);
		e->c.pod = p ? xstrdup(p->name) : NULL;
		e->c.infra = p && p->infra && strcmp(p->infra, id) == 0;
		/* in a pod every member joins the infra's namespace: that is the pod, not a join */
		const char *owner = nst_json_get_str(j, "netNsCtr");
		e->c.joined = !p && owner;
		if (owner && owner[0]) {
			struct join *jn = xgrow(&s->joins, &s->n_joins, &s->cap_joins, sizeof(*jn));
			jn->ctr = (size_t)(e - s->f->ctrs);
			jn->owner = xstrdup(owner);
		}
		add_ports(&e->c, nst_json_get(j, "newPortMappings"));
		const uint8_t *ns = sub_val(&b, "netns", &n);
		e->netns_path = ns ? val_str(ns, n) : NULL;
	}
	nst_json_free(j);
	return 0;
}

int nst_podman_parse_bolt(struct nst_engine_facts *f, const uint8_t *buf, size_t len)
{
	struct nst_bolt db;
	struct nst_bolt_bucket root, ctrs, pods;
	struct pstate s = { .f = f, .db = &db };
	int rc = 0;

	if (nst_bolt_open(&db, buf, len, NULL, 0) < 0) {
		return -EINVAL;
	}
	nst_bolt_root(&db, &root);
	if (nst_bolt_bucket(&root, "ctr", &ctrs) < 0) {
		return -EINVAL;
	}
	if (nst_bolt_bucket(&root, "pod", &pods) == 0 && nst_bolt_foreach(&pods, pod_fn, &s) < 0) {
		rc = -EINVAL; /* the containers are still worth reading */
	}
	if (nst_bolt_foreach(&ctrs, ctr_fn, &s) < 0) {
		rc = -EINVAL;
	}
	/* a joiner has no netns record of its own: it is its owner's */
	for (size_t i = 0; i < s.n_joins; i++) {
		struct nst_engine_ctr *e = &f->ctrs[s.joins[i].ctr];
		const struct nst_engine_ctr *o = nst_facts_find_ctr(f, s.joins[i].owner);
		if (!e->netns_path && o && o != e && o->netns_path) {
			e->netns_path = xstrdup(o->netns_path);
		}
		free(s.joins[i].owner);
	}
	free(s.joins);
	for (size_t i = 0; i < s.n_pods; i++) {
		free(s.pods[i].id);
		free(s.pods[i].name);
		free(s.pods[i].infra);
	}
	free(s.pods);
	return rc;
}

int nst_podman_parse_storage(struct nst_engine_facts *f, const char *json, size_t len)
{
	struct nst_json *j = nst_json_parse(json, len, NULL);

	if (!j || j->type != NST_JSON_ARR) {
		nst_json_free(j);
		return -EINVAL;
	}
	for (size_t i = 0; i < j->n_kids; i++) {
		const struct nst_json *e = &j->kids[i];
		const char *id = nst_json_get_str(e, "id");
		if (!id || !id[0] || nst_facts_find_ctr(f, id)) {
			continue;
		}
		struct nst_engine_ctr *c = nst_facts_add_ctr(f, "podman", id);
		c->c.name = dup_str(nst_json_as_str(nst_json_kid(nst_json_get(e, "names"), 0)));
		/* metadata is JSON inside a string */
		const char *meta = nst_json_get_str(e, "metadata");
		struct nst_json *m = meta ? nst_json_parse(meta, strlen(meta), NULL) : NULL;
		c->c.image = dup_str(nst_json_get_str(m, "image-name"));
		nst_json_free(m);
	}
	nst_json_free(j);
	return 0;
}

int nst_podman_parse_network(struct nst_engine_facts *f, const char *json, size_t len)
{
	struct nst_json *j = nst_json_parse(json, len, NULL);
	const char *name = nst_json_get_str(j, "name");
	const char *driver = nst_json_get_str(j, "driver");
	const char *ifname = nst_json_get_str(j, "network_interface");
	int rc = -EINVAL;

	/* macvlan/ipvlan name their parent interface there: only a bridge network owns it */
	if (name && name[0] && driver && strcmp(driver, "bridge") == 0 && ifname && ifname[0] &&
	    strlen(ifname) < 16) {
		struct nst_engine_net *n = nst_facts_add_net(f, "podman", name, ifname);
		n->id = dup_str(nst_json_get_str(j, "id"));
		rc = 0;
	}
	nst_json_free(j);
	return rc;
}

void nst_podman_default_network(struct nst_engine_facts *f)
{
	for (size_t i = 0; i < f->n_nets; i++) {
		if (strcmp(f->nets[i].engine, "podman") == 0 && strcmp(f->nets[i].name, "podman") == 0) {
			return; /* a podman.json on disk overrides the built-in one */
		}
	}
	nst_facts_add_net(f, "podman", "podman", "podman0");
}
