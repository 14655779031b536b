/* SPDX-License-Identifier: MIT */
/*
 * Docker's files: a container's config.v2.json + hostconfig.json (moby
 * container/container.go writes them), and libnetwork's local-kv.db, where
 * libkv keeps each record as an 8-byte index followed by the JSON.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bolt.h"
#include "engine_parse.h"
#include "json_read.h"
#include "quote.h"
#include "xalloc.h"

static char *dup_str(const char *s)
{
	return s && s[0] ? xstrdup(s) : NULL;
}

/* "80/tcp" → 80, "tcp"; false for anything else. */
static bool port_key(const char *key, uint16_t *port, char *proto, size_t proto_len)
{
	const char *slash = strchr(key, '/');
	char num[8];
	unsigned long long v;

	if (!slash || slash == key || (size_t)(slash - key) >= sizeof(num) || !slash[1] ||
	    strlen(slash + 1) >= proto_len) {
		return false;
	}
	memcpy(num, key, (size_t)(slash - key));
	num[slash - key] = '\0';
	if (!nst_parse_ulong(num, 65535, &v) || v == 0) {
		return false;
	}
	*port = (uint16_t)v;
	snprintf(proto, proto_len, "%s", slash + 1);
	return true;
}

/* NetworkSettings.Ports / HostConfig.PortBindings: {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}. */
static void add_ports(struct nst_container *c, const struct nst_json *ports)
{
	for (size_t i = 0; ports && ports->type == NST_JSON_OBJ && i < ports->n_kids; i++) {
		const struct nst_json *k = &ports->kids[i];
		struct nst_published p = { 0 };
		if (!port_key(k->key, &p.container_port, p.proto, sizeof(p.proto))) {
			continue;
		}
		for (size_t b = 0; k->type == NST_JSON_ARR && b < k->n_kids; b++) {
			const char *hp = nst_json_get_str(&k->kids[b], "HostPort");
			const char *hip = nst_json_get_str(&k->kids[b], "HostIp");
			unsigned long long v;
			if (!hp || !nst_parse_ulong(hp, 65535, &v) || v == 0) {
				continue; /* not published, or a range docker has not bound yet */
			}
			p.host_port = (uint16_t)v;
			snprintf(p.host_ip, sizeof(p.host_ip), "%s", hip && strlen(hip) < sizeof(p.host_ip) ? hip : "");
			nst_published_add(c, &p);
		}
	}
}

int nst_docker_parse_container(struct nst_engine_facts *f, const char *config, size_t config_len,
			       const char *hostconfig, size_t hostconfig_len)
{
	struct nst_json *j = nst_json_parse(config, config_len, NULL);
	struct nst_json *h = hostconfig ? nst_json_parse(hostconfig, hostconfig_len, NULL) : NULL;
	const char *id = nst_json_get_str(j, "ID");
	int rc = -EINVAL;

	if (!id || !id[0]) {
		goto out;
	}
	struct nst_engine_ctr *e = nst_facts_add_ctr(f, "docker", id);
	const char *name = nst_json_get_str(j, "Name");
	if (name && name[0] == '/') {
		name++; /* docker keeps names with the leading slash of its old link tree */
	}
	e->c.name = dup_str(name);
	e->c.image = dup_str(nst_json_as_str(nst_json_at(j, "Config", "Image", NULL)));
	e->netns_path = dup_str(nst_json_as_str(nst_json_at(j, "NetworkSettings", "SandboxKey", NULL)));
	/* HostConfig lives in hostconfig.json; older dockers kept it in config.v2.json */
	const struct nst_json *hc = h ? h : nst_json_get(j, "HostConfig");
	const char *mode = nst_json_get_str(hc, "NetworkMode");
	e->c.joined = mode && strncmp(mode, "container:", 10) == 0;
	if (e->c.joined && !e->netns_path && mode[10]) {
		/* no sandbox of its own: nst_docker_link_joined gives it its owner's */
		e->netns_path = xasprintf("container:%s", mode + 10);
	}
	/* the bound ports while it runs; what it asked for otherwise */
	const struct nst_json *ports = nst_json_at(j, "NetworkSettings", "Ports", NULL);
	add_ports(&e->c, ports);
	if (!e->c.n_ports) {
		add_ports(&e->c, nst_json_get(hc, "PortBindings"));
	}
	rc = 0;
out:
	nst_json_free(j);
	nst_json_free(h);
	return rc;
}

void nst_docker_link_joined(struct nst_engine_facts *f)
{
	for (size_t i = 0; i < f->n_ctrs; i++) {
		struct nst_engine_ctr *e = &f->ctrs[i];
		if (strcmp(e->c.engine, "docker") != 0 || !e->netns_path || strncmp(e->netns_path, "container:", 10) != 0) {
			continue;
		}
		const struct nst_engine_ctr *o = nst_facts_find_ctr(f, e->netns_path + 10);
		char *path = o && o != e && o->netns_path && strncmp(o->netns_path, "container:", 10) != 0
				     ? xstrdup(o->netns_path)
				     : NULL;
		free(e->netns_path);
		e->netns_path = path;
	}
}

#define KV_PREFIX "docker/network/v1.0/"

struct netdb {
	struct nst_engine_facts *f;
	const struct nst_bolt *db;
	/* bridge driver records: network id → BridgeName */
	struct bridge_rec {
		char *id, *name;
	} *bridges;
	size_t n_bridges, cap_bridges;
	int pass;
};

/* The JSON of a libkv record: after its 8-byte index (or none, if an older store wrote none). */
static struct nst_json *kv_json(const uint8_t *val, size_t vlen)
{
	if (vlen > 8 && val[8] == '{') {
		return nst_json_parse((const char *)val + 8, vlen - 8, NULL);
	}
	return vlen && val[0] == '{' ? nst_json_parse((const char *)val, vlen, NULL) : NULL;
}

/* "<prefix><id>/" → id (in buf); false when key is not such a record. */
static bool kv_id(const uint8_t *key, size_t klen, const char *prefix, char *buf, size_t len)
{
	size_t pl = strlen(prefix);

	if (klen <= pl + 1 || memcmp(key, prefix, pl) != 0 || key[klen - 1] != '/' || klen - pl - 1 >= len) {
		return false;
	}
	memcpy(buf, key + pl, klen - pl - 1);
	buf[klen - pl - 1] = '\0';
	return strchr(buf, '/') == NULL && strlen(buf) == klen - pl - 1;
}

static const char *bridge_name_of(const struct netdb *d, const char *id)
{
	for (size_t i = 0; i < d->n_bridges; i++) {
		if (strcmp(d->bridges[i].id, id) == 0) {
			return d->bridges[i].name;
		}
	}
	return NULL;
}

static int netdb_fn(void *ctx, const uint8_t *key, size_t klen, const uint8_t *val, size_t vlen, bool is_bucket)
{
	struct netdb *d = ctx;
	char id[128];

	if (is_bucket) {
		return 0;
	}
	if (d->pass == 0 && kv_id(key, klen, KV_PREFIX "bridge/", id, sizeof(id))) {
		struct nst_json *j = kv_json(val, vlen);
		const char *br = nst_json_get_str(j, "BridgeName");
		if (br && br[0] && strlen(br) < 16) {
			struct bridge_rec *r = xgrow(&d->bridges, &d->n_bridges, &d->cap_bridges, sizeof(*r));
			r->id = xstrdup(id);
			r->name = xstrdup(br);
		}
		nst_json_free(j);
	} else if (d->pass == 1 && kv_id(key, klen, KV_PREFIX "network/", id, sizeof(id))) {
		struct nst_json *j = kv_json(val, vlen);
		const char *name = nst_json_get_str(j, "name");
		const char *type = nst_json_get_str(j, "networkType");
		const char *nid = nst_json_get_str(j, "id");
		if (name && name[0] && type && strcmp(type, "bridge") == 0 && nid && strcmp(nid, id) == 0) {
			const char *br = bridge_name_of(d, id);
			char def[16];
			if (!br) {
				br = nst_json_as_str(nst_json_at(j, "generic", "com.docker.network.generic",
							      "com.docker.network.bridge.name", NULL));
			}
			if (!br || !br[0] || strlen(br) >= 16) {
				snprintf(def, sizeof(def), "br-%.12s", id);
				br = def;
			}
			struct nst_engine_net *n = nst_facts_add_net(d->f, "docker", name, br);
			n->id = xstrdup(id);
		}
		nst_json_free(j);
	}
	return 0;
}

int nst_docker_parse_netdb(struct nst_engine_facts *f, const uint8_t *buf, size_t len)
{
	struct nst_bolt db;
	struct nst_bolt_bucket root, b;
	struct netdb d = { .f = f, .db = &db };
	int rc;

	if (nst_bolt_open(&db, buf, len, NULL, 0) < 0) {
		return -EINVAL;
	}
	nst_bolt_root(&db, &root);
	if (nst_bolt_bucket(&root, "libnetwork", &b) < 0) {
		return -EINVAL;
	}
	size_t before = f->n_nets;
	rc = nst_bolt_foreach(&b, netdb_fn, &d);
	d.pass = 1;
	if (rc == 0) {
		rc = nst_bolt_foreach(&b, netdb_fn, &d);
	}
	for (size_t i = 0; i < d.n_bridges; i++) {
		free(d.bridges[i].id);
		free(d.bridges[i].name);
	}
	free(d.bridges);
	if (rc < 0) {
		/* a damaged page: keep nothing half-read */
		while (f->n_nets > before) {
			f->n_nets--;
			free(f->nets[f->n_nets].name);
			free(f->nets[f->n_nets].id);
		}
		return -EINVAL;
	}
	return 0;
}
