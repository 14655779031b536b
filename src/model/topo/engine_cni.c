/* SPDX-License-Identifier: MIT */
/*
 * CNI's caches (libcni's results/<net>-<id>-<ifname>, host-local's
 * networks/<net>/<ip>) and kubelet's log directories, whose names carry the
 * pod's namespace, name and UID and each container's name and id.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_parse.h"
#include "json_read.h"
#include "xalloc.h"

static char *dup_str(const char *s)
{
	return s && s[0] ? xstrdup(s) : NULL;
}

static bool id_match(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), n = na < nb ? na : nb;

	return (na == nb && strcmp(a, b) == 0) || (n >= 12 && strncmp(a, b, n) == 0);
}

struct nst_engine_ctr *nst_facts_find_ctr(struct nst_engine_facts *f, const char *id)
{
	for (size_t i = 0; id && id[0] && i < f->n_ctrs; i++) {
		if (f->ctrs[i].c.id && id_match(f->ctrs[i].c.id, id)) {
			return &f->ctrs[i];
		}
	}
	return NULL;
}

static int b64_digit(unsigned char c)
{
	if (c >= 'A' && c <= 'Z') {
		return c - 'A';
	}
	if (c >= 'a' && c <= 'z') {
		return c - 'a' + 26;
	}
	if (c >= '0' && c <= '9') {
		return c - '0' + 52;
	}
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Standard base64 (Go's []byte in JSON); NULL when it is not. */
static char *b64_decode(const char *s, size_t *out_len)
{
	size_t n = strlen(s), o = 0;
	char *out = xmalloc(n / 4 * 3 + 4);
	uint32_t acc = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '=') {
			break;
		}
		int d = b64_digit((unsigned char)s[i]);
		if (d < 0) {
			free(out);
			return NULL;
		}
		acc = (acc << 6) | (uint32_t)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

/* The bridge the config's bridge plugin names ("bridge": "cni0"), from a conflist or a single conf. */
static const char *conf_bridge(const struct nst_json *conf)
{
	const struct nst_json *plugins = nst_json_get(conf, "plugins");

	if (!plugins) {
		const char *type = nst_json_get_str(conf, "type");
		return type && strcmp(type, "bridge") == 0 ? nst_json_get_str(conf, "bridge") : NULL;
	}
	for (size_t i = 0; plugins->type == NST_JSON_ARR && i < plugins->n_kids; i++) {
		const char *type = nst_json_get_str(&plugins->kids[i], "type");
		if (type && strcmp(type, "bridge") == 0) {
			return nst_json_get_str(&plugins->kids[i], "bridge");
		}
	}
	return NULL;
}

/* cniArgs: [["K8S_POD_NAME", "x"], ...] */
static const char *cni_arg(const struct nst_json *args, const char *name)
{
	for (size_t i = 0; args && args->type == NST_JSON_ARR && i < args->n_kids; i++) {
		const struct nst_json *kv = &args->kids[i];
		const char *k = nst_json_as_str(nst_json_kid(kv, 0));
		if (k && strcmp(k, name) == 0) {
			return nst_json_as_str(nst_json_kid(kv, 1));
		}
	}
	return NULL;
}

static void add_ports(struct nst_container *c, const struct nst_json *ports)
{
	for (size_t i = 0; ports && ports->type == NST_JSON_ARR && i < ports->n_kids; i++) {
		const struct nst_json *m = &ports->kids[i];
		int64_t hp, cp;
		const char *proto = nst_json_get_str(m, "protocol");
		const char *ip = nst_json_get_str(m, "hostIP");
		if (!nst_json_as_int(nst_json_get(m, "hostPort"), &hp) || !nst_json_as_int(nst_json_get(m, "containerPort"), &cp) ||
		    hp < 1 || hp > 65535 || cp < 1 || cp > 65535) {
			continue;
		}
		struct nst_published p = { .host_port = (uint16_t)hp, .container_port = (uint16_t)cp };
		snprintf(p.proto, sizeof(p.proto), "%s", proto && strlen(proto) < sizeof(p.proto) ? proto : "tcp");
		snprintf(p.host_ip, sizeof(p.host_ip), "%s", ip && strlen(ip) < sizeof(p.host_ip) ? ip : "");
		nst_published_add(c, &p);
	}
}

int nst_cni_parse_result(struct nst_engine_facts *f, const char *engine, const char *json, size_t len)
{
	struct nst_json *j = nst_json_parse(json, len, NULL);
	const char *id = nst_json_get_str(j, "containerId");
	const char *net = nst_json_get_str(j, "networkName");
	const struct nst_json *ifs = nst_json_at(j, "result", "interfaces", NULL);
	const char *sandbox = NULL, *bridge = NULL;

	if (!id || !id[0]) {
		nst_json_free(j);
		return -EINVAL;
	}
	/* config is the network's conf as bytes (base64): its bridge plugin names the bridge */
	const char *conf64 = nst_json_get_str(j, "config");
	size_t conf_len = 0;
	char *conf_text = conf64 ? b64_decode(conf64, &conf_len) : NULL;
	struct nst_json *conf = conf_text ? nst_json_parse(conf_text, conf_len, NULL) : NULL;
	const char *conf_br = conf_bridge(conf);
	for (size_t i = 0; ifs && ifs->type == NST_JSON_ARR && i < ifs->n_kids; i++) {
		const char *name = nst_json_get_str(&ifs->kids[i], "name");
		const char *sb = nst_json_get_str(&ifs->kids[i], "sandbox");
		if (sb && sb[0]) {
			sandbox = sandbox ? sandbox : sb;
		} else if (name && name[0] && !bridge && (!conf_br || strcmp(conf_br, name) == 0)) {
			bridge = name; /* the bridge plugin lists the bridge first, then the host veth */
		}
	}
	struct nst_engine_ctr *e = nst_facts_find_ctr(f, id);
	if (!e) {
		e = nst_facts_add_ctr(f, engine && engine[0] ? engine : "cni", id);
	}
	const struct nst_json *args = nst_json_get(j, "cniArgs");
	const char *pod = cni_arg(args, "K8S_POD_NAME"), *pod_ns = cni_arg(args, "K8S_POD_NAMESPACE");
	const char *uid = cni_arg(args, "K8S_POD_UID");
	if (pod_ns && pod_ns[0] && pod && pod[0]) {
		/* a CRI runtime's pod sandbox */
		if (!e->c.pod) {
			e->c.pod = xstrdup(pod);
			e->c.pod_ns = xstrdup(pod_ns);
		}
		e->c.infra = true;
		if (!e->pod_uid && uid && uid[0]) {
			e->pod_uid = xstrdup(uid);
		}
	} else if (!e->c.name) {
		e->c.name = dup_str(pod); /* podman passes the container's name there */
	}
	if (!e->netns_path) {
		e->netns_path = dup_str(sandbox);
	}
	const struct nst_json *ports = nst_json_at(j, "capabilityArgs", "portMappings", NULL);
	if (!e->c.n_ports) {
		add_ports(&e->c, ports ? ports : nst_json_at(j, "runtimeConfig", "portMappings", NULL));
	}
	if (net && net[0] && bridge && strlen(bridge) < 16) {
		bool have = false;
		for (size_t i = 0; i < f->n_nets; i++) {
			have |= strcmp(f->nets[i].ifname, bridge) == 0 && strcmp(f->nets[i].name, net) == 0;
		}
		if (!have) {
			nst_facts_add_net(f, "cni", net, bridge);
		}
	}
	nst_json_free(conf);
	free(conf_text);
	nst_json_free(j);
	return 0;
}

static bool all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return n >= 12;
}

int nst_cni_parse_hostlocal(struct nst_engine_facts *f, const char *net, const char *text, size_t len)
{
	size_t n = 0;
	char id[80];

	(void)net;
	while (n < len && text[n] != '\n' && text[n] != '\r') {
		n++;
	}
	if (n == 0 || n >= sizeof(id) || !all_hex(text, n)) {
		return -EINVAL;
	}
	memcpy(id, text, n);
	id[n] = '\0';
	/* nothing to name it by: the container is known, so its namespace shows its id */
	if (!nst_facts_find_ctr(f, id)) {
		nst_facts_add_ctr(f, "cni", id);
	}
	return 0;
}

/* Split name at its first two '_' into three non-empty parts. */
static bool three_parts(const char *s, char *a, size_t al, char *b, size_t bl, char *c, size_t cl)
{
	const char *u1 = strchr(s, '_'), *u2 = u1 ? strchr(u1 + 1, '_') : NULL;

	if (!u1 || !u2 || u1 == s || u2 == u1 + 1 || !u2[1]) {
		return false;
	}
	size_t na = (size_t)(u1 - s), nb = (size_t)(u2 - u1 - 1), nc = strlen(u2 + 1);
	if (na >= al || nb >= bl || nc >= cl) {
		return false;
	}
	snprintf(a, al, "%.*s", (int)na, s);
	snprintf(b, bl, "%.*s", (int)nb, u1 + 1);
	snprintf(c, cl, "%s", u2 + 1);
	return true;
}

int nst_k8s_parse_pod_dir(struct nst_engine_facts *f, const char *dirname)
{
	char ns[256], name[256], uid[64];

	/* Kubernetes names are DNS labels: '_' separates, it cannot be inside one */
	if (!three_parts(dirname, ns, sizeof(ns), name, sizeof(name), uid, sizeof(uid)) || strlen(uid) != 36) {
		return -EINVAL;
	}
	for (size_t i = 0; i < f->n_ctrs; i++) {
		if (f->ctrs[i].pod_uid && strcmp(f->ctrs[i].pod_uid, uid) == 0) {
			return 0; /* the runtime's record of the pod names it already */
		}
	}
	struct nst_engine_ctr *e = nst_facts_add_ctr(f, "kubernetes", uid);
	e->c.pod = xstrdup(name);
	e->c.pod_ns = xstrdup(ns);
	e->c.infra = true; /* stands for the pod, not a workload */
	e->pod_uid = xstrdup(uid);
	return 0;
}

int nst_k8s_parse_container_log(struct nst_engine_facts *f, const char *filename)
{
	char pod[256], ns[256], rest[512];
	size_t n = strlen(filename);

	if (n < 5 || strcmp(filename + n - 4, ".log") != 0 ||
	    !three_parts(filename, pod, sizeof(pod), ns, sizeof(ns), rest, sizeof(rest))) {
		return -EINVAL;
	}
	rest[strlen(rest) - 4] = '\0';
	char *dash = strrchr(rest, '-');
	if (!dash || dash == rest || !all_hex(dash + 1, strlen(dash + 1)) || strlen(dash + 1) >= 80) {
		return -EINVAL;
	}
	*dash = '\0';
	struct nst_engine_ctr *e = nst_facts_find_ctr(f, dash + 1);
	if (!e) {
		e = nst_facts_add_ctr(f, "cri", dash + 1);
	}
	if (!e->c.name) {
		e->c.name = xstrdup(rest);
	}
	if (!e->c.pod) {
		e->c.pod = xstrdup(pod);
		e->c.pod_ns = xstrdup(ns);
	}
	return 0;
}
