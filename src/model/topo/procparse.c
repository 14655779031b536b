/* SPDX-License-Identifier: MIT */
/* mountinfo and cgroup parsing (proc(5)); the backend feeds the text. */
#include "procparse.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"
#include "quote.h"

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape_octal(const char *s, size_t n, char *out, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < len; i++) {
		if (s[i] == '\\' && i + 3 < n && isdigit((unsigned char)s[i + 1]) &&
		    isdigit((unsigned char)s[i + 2]) && isdigit((unsigned char)s[i + 3])) {
			out[o++] = (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0'));
			i += 3;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
}

/* Field idx (0-based, space separated) of line: start and length. */
static bool field(const char *line, int idx, const char **start, size_t *n)
{
	const char *p = line;

	for (int i = 0; i < idx; i++) {
		p = strchr(p, ' ');
		if (!p) {
			return false;
		}
		p++;
	}
	size_t len = strcspn(p, " \n");
	*start = p;
	*n = len;
	return len > 0;
}

bool nst_mountinfo_parse_netns(const char *line, uint64_t *ino, char *mountpoint, size_t len)
{
	const char *root, *mnt, *sep;
	size_t root_n, mnt_n;

	sep = strstr(line, " - ");
	if (!sep || strncmp(sep + 3, "nsfs ", 5) != 0) {
		return false;
	}
	if (!field(line, 3, &root, &root_n) || !field(line, 4, &mnt, &mnt_n) || mnt > sep) {
		return false;
	}
	if (root_n < 7 || strncmp(root, "net:[", 5) != 0 || root[root_n - 1] != ']') {
		return false;
	}
	char digits[32];
	size_t dn = root_n - 6;
	if (dn == 0 || dn >= sizeof(digits)) {
		return false;
	}
	memcpy(digits, root + 5, dn);
	digits[dn] = '\0';
	unsigned long long v;
	if (!nst_parse_ulong(digits, UINT64_MAX, &v)) {
		return false;
	}
	*ino = v;
	unescape_octal(mnt, mnt_n, mountpoint, len);
	return true;
}

static bool is_hex_id(const char *s, size_t n)
{
	if (n < 12) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

struct scope_pattern {
	const char *prefix;
	const char *suffix;
	const char *engine;
};

/* systemd's scopes, and podman's cgroupfs leaf (libpod-<id>, no suffix). */
static const struct scope_pattern patterns[] = {
	{ "docker-", ".scope", "docker" },
	{ "libpod-", ".scope", "podman" },
	{ "cri-containerd-", ".scope", "containerd" },
	{ "crio-", ".scope", "cri-o" },
	{ "libpod-", "", "podman" },
};

static bool has_prefix(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);

	return n >= pl && strncmp(s, prefix, pl) == 0;
}

static bool has_suffix(const char *s, size_t n, const char *suffix)
{
	size_t sl = strlen(suffix);

	return n >= sl && strncmp(s + n - sl, suffix, sl) == 0;
}

/* A Kubernetes pod UID: 8-4-4-4-12 hex digits; sep is '-' (cgroupfs) or '_' (systemd slice names). */
static bool is_uid(const char *s, size_t n, char sep)
{
	if (n != 36) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != sep : !isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

static void set_field(char *dst, size_t len, const char *s, size_t n)
{
	if (!dst[0] && n < len) {
		memcpy(dst, s, n);
		dst[n] = '\0';
	}
}

static void set_uid(struct nst_cgroup_ref *r, const char *s, size_t n)
{
	if (r->pod_uid[0] || n >= sizeof(r->pod_uid)) {
		return;
	}
	for (size_t i = 0; i < n; i++) {
		r->pod_uid[i] = s[i] == '_' ? '-' : s[i];
	}
	r->pod_uid[n] = '\0';
}

struct comp {
	const char *s;
	size_t n;
};

/* What one component says, given the one before it (prev, may be NULL). */
static void match_component(struct nst_cgroup_ref *r, const struct comp *c, const struct comp *prev)
{
	for (size_t k = 0; k < sizeof(patterns) / sizeof(patterns[0]); k++) {
		const struct scope_pattern *p = &patterns[k];
		size_t pl = strlen(p->prefix), sl = strlen(p->suffix);

		if (c->n <= pl + sl || !has_prefix(c->s, c->n, p->prefix) || !has_suffix(c->s, c->n, p->suffix) ||
		    !is_hex_id(c->s + pl, c->n - pl - sl) || c->n - pl - sl >= sizeof(r->id)) {
			continue;
		}
		if (!r->id[0]) {
			snprintf(r->engine, sizeof(r->engine), "%s", p->engine);
			set_field(r->id, sizeof(r->id), c->s + pl, c->n - pl - sl);
		}
		/* cgroupfs pods: /libpod_parent/<podid>/libpod-<id> */
		if (!sl && prev && is_hex_id(prev->s, prev->n)) {
			set_field(r->pod_id, sizeof(r->pod_id), prev->s, prev->n);
		}
		return;
	}
	/* cgroup v1 / cgroupfs driver: /docker/<id> */
	if (prev && prev->n == 6 && strncmp(prev->s, "docker", 6) == 0 && is_hex_id(c->s, c->n) &&
	    c->n < sizeof(r->id) && !r->id[0]) {
		snprintf(r->engine, sizeof(r->engine), "docker");
		set_field(r->id, sizeof(r->id), c->s, c->n);
		return;
	}
	/* systemd podman pods: machine.slice/machine-libpod_pod_<podid>.slice/libpod-<id>.scope */
	if (c->n > 19 + 6 && has_prefix(c->s, c->n, "machine-libpod_pod_") && has_suffix(c->s, c->n, ".slice") &&
	    is_hex_id(c->s + 19, c->n - 19 - 6)) {
		set_field(r->pod_id, sizeof(r->pod_id), c->s + 19, c->n - 19 - 6);
		return;
	}
	/* kubelet, systemd driver: kubepods[-<qos>]-pod<uid with _>.slice */
	if (has_prefix(c->s, c->n, "kubepods") && has_suffix(c->s, c->n, ".slice") && c->n > 36 + 6 + 4 &&
	    strncmp(c->s + c->n - 6 - 36 - 4, "-pod", 4) == 0 && is_uid(c->s + c->n - 6 - 36, 36, '_')) {
		set_uid(r, c->s + c->n - 6 - 36, 36);
		return;
	}
	/* kubelet, cgroupfs driver: /kubepods[/<qos>]/pod<uid>/<id> */
	if (c->n == 39 && has_prefix(c->s, c->n, "pod") && is_uid(c->s + 3, 36, '-')) {
		set_uid(r, c->s + 3, 36);
		return;
	}
	if (prev && prev->n == 39 && has_prefix(prev->s, prev->n, "pod") && is_uid(prev->s + 3, 36, '-') &&
	    is_hex_id(c->s, c->n) && c->n < sizeof(r->id) && !r->id[0]) {
		snprintf(r->engine, sizeof(r->engine), "cri"); /* the driver names no runtime */
		set_field(r->id, sizeof(r->id), c->s, c->n);
	}
}

#define MAX_COMPONENTS 64

bool nst_cgroup_ref_parse(const char *text, struct nst_cgroup_ref *ref)
{
	memset(ref, 0, sizeof(*ref));
	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t n = eol ? (size_t)(eol - line) : strlen(line);
		const char *path = memchr(line, ':', n);

		path = path ? memchr(path + 1, ':', n - (size_t)(path + 1 - line)) : NULL;
		/*
		 * systemd delegates /user.slice/... to its users: anyone may name a cgroup there
		 * docker-<id>.scope and put a process of theirs in it, and a container's name would
		 * go to their namespace. Root's engines never run containers there.
		 */
		if (path && strncmp(path + 1, "/user.slice/", 12) == 0) {
			path = NULL;
		}
		if (path) {
			path++;
			const char *end = line + n;
			struct comp prev = { 0 };
			bool have_prev = false;
			/* every component of the path, each with the one before it */
			for (const char *c = path; c < end;) {
				const char *slash = memchr(c, '/', (size_t)(end - c));
				struct comp cur = { c, slash ? (size_t)(slash - c) : (size_t)(end - c) };
				if (cur.n) {
					match_component(ref, &cur, have_prev ? &prev : NULL);
					prev = cur;
					have_prev = true;
				}
				c = slash ? slash + 1 : end;
			}
		}
		line = eol ? eol + 1 : NULL;
	}
	return ref->id[0] || ref->pod_uid[0] || ref->pod_id[0];
}

bool nst_cgroup_container(const char *text, char *engine, size_t engine_len, char *id, size_t id_len)
{
	struct nst_cgroup_ref r;

	if (!nst_cgroup_ref_parse(text, &r) || !r.id[0]) {
		return false;
	}
	snprintf(engine, engine_len, "%s", r.engine);
	snprintf(id, id_len, "%s", r.id);
	return true;
}

bool nst_docker_config_name(const char *json, char *out, size_t len)
{
	struct nst_json *j = nst_json_parse(json, strlen(json), NULL);
	const char *name = nst_json_get_str(j, "Name");
	bool ok = name && name[0];

	if (ok) {
		snprintf(out, len, "%s", name + (name[0] == '/'));
		ok = out[0] != '\0';
	}
	nst_json_free(j);
	return ok;
}

bool nst_podman_container_name(const char *json, const char *id, char *out, size_t len)
{
	struct nst_json *j = nst_json_parse(json, strlen(json), NULL);
	bool ok = false;

	for (size_t i = 0; j && !ok && i < j->n_kids; i++) {
		const struct nst_json *e = nst_json_kid(j, i);
		const char *eid = nst_json_get_str(e, "id");
		const char *name = nst_json_as_str(nst_json_kid(nst_json_get(e, "names"), 0));
		if (eid && strcmp(eid, id) == 0 && name && name[0]) {
			snprintf(out, len, "%s", name);
			ok = true;
		}
	}
	nst_json_free(j);
	return ok;
}
