/* SPDX-License-Identifier: MIT */
/* mountinfo and cgroup parsing (proc(5)); the backend feeds the text. */
#include "procparse.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static const struct scope_pattern patterns[] = {
	{ "docker-", ".scope", "docker" },
	{ "libpod-", ".scope", "podman" },
	{ "cri-containerd-", ".scope", "containerd" },
	{ "crio-", ".scope", "cri-o" },
	{ "docker/", "", "docker" }, /* cgroup v1 / cgroupfs driver: /docker/<id> */
};

static bool match_component(const char *comp, size_t n, char *engine, size_t engine_len, char *id,
			    size_t id_len)
{
	for (size_t k = 0; k < sizeof(patterns) / sizeof(patterns[0]); k++) {
		const struct scope_pattern *p = &patterns[k];
		size_t pl = strlen(p->prefix), sl = strlen(p->suffix);

		if (n <= pl + sl || strncmp(comp, p->prefix, pl) != 0 ||
		    strncmp(comp + n - sl, p->suffix, sl) != 0) {
			continue;
		}
		const char *s = comp + pl;
		size_t idn = n - pl - sl;
		if (!is_hex_id(s, idn)) {
			continue;
		}
		snprintf(engine, engine_len, "%s", p->engine);
		snprintf(id, id_len, "%.*s", (int)idn, s);
		return true;
	}
	return false;
}

bool nst_cgroup_container(const char *text, char *engine, size_t engine_len, char *id, size_t id_len)
{
	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t n = eol ? (size_t)(eol - line) : strlen(line);
		const char *path = memchr(line, ':', n);

		path = path ? memchr(path + 1, ':', n - (size_t)(path + 1 - line)) : NULL;
		if (path) {
			path++;
			size_t pn = n - (size_t)(path - line);
			/* Try each path component, and "docker/<id>" pairs of components. */
			for (size_t i = 0; i < pn; i++) {
				if (i > 0 && path[i - 1] != '/') {
					continue;
				}
				size_t rest = pn - i;
				size_t comp = strcspn(path + i, "/\n");
				if (comp > rest) {
					comp = rest;
				}
				if (match_component(path + i, comp, engine, engine_len, id, id_len)) {
					return true;
				}
				/* "docker/<id>" spans two components */
				if (comp == 6 && strncmp(path + i, "docker", 6) == 0 && i + 7 < pn) {
					size_t c2 = strcspn(path + i + 7, "/\n");
					if (c2 > rest - 7) {
						c2 = rest - 7;
					}
					if (match_component(path + i, 7 + c2, engine, engine_len, id, id_len)) {
						return true;
					}
				}
			}
		}
		line = eol ? eol + 1 : NULL;
	}
	return false;
}

/* Copy the JSON string that starts right after p (no escapes expected in names). */
static bool copy_json_string(const char *p, char *out, size_t len)
{
	size_t n = strcspn(p, "\"\\");

	if (p[n] != '"' || n == 0) {
		return false;
	}
	snprintf(out, len, "%.*s", (int)n, p);
	return true;
}

bool nst_docker_config_name(const char *json, char *out, size_t len)
{
	const char *p = strstr(json, "\"Name\":\"");

	if (!p) {
		return false;
	}
	p += strlen("\"Name\":\"");
	if (*p == '/') {
		p++;
	}
	return copy_json_string(p, out, len);
}

bool nst_podman_container_name(const char *json, const char *id, char *out, size_t len)
{
	char anchor[128];

	/* cut, the anchor would lose its closing quote and match a longer id */
	if ((size_t)snprintf(anchor, sizeof(anchor), "\"id\":\"%s\"", id) >= sizeof(anchor)) {
		return false;
	}
	const char *entry = strstr(json, anchor);
	if (!entry) {
		return false;
	}
	/* The names belong to this entry only if they come before the next entry's id. */
	const char *names = strstr(entry, "\"names\":[\"");
	const char *next = strstr(entry + strlen(anchor), "\"id\":\"");
	if (!names || (next && next < names)) {
		return false;
	}
	return copy_json_string(names + strlen("\"names\":[\""), out, len);
}
