/* SPDX-License-Identifier: MIT */
/*
 * `--ns NAME` by any name a person may know a namespace by (ns_match.h).
 * Names come from engines' files and namespace owners: a match is only a
 * lookup, and several matches are reported, never guessed between.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ns_match.h"

static bool all_digits(const char *s)
{
	if (!*s) {
		return false;
	}
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s)) {
			return false;
		}
	}
	return true;
}

static bool hex_prefix(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++) {
		if (!isxdigit((unsigned char)s[n])) {
			return false;
		}
	}
	return n >= 12;
}

static bool eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* "docker:86420b3ab6fc" (nst_container_short's form) or a bare id prefix of 12 hex digits or more. */
static bool id_names(const struct nst_container *c, const char *name)
{
	const char *id = name;
	const char *colon = strchr(name, ':');

	if (!c->id || !c->id[0]) {
		return false;
	}
	if (colon) {
		size_t n = (size_t)(colon - name);
		if (n != strlen(c->engine) || strncmp(name, c->engine, n) != 0) {
			return false;
		}
		id = colon + 1;
	}
	return hex_prefix(id) && strncmp(c->id, id, strlen(id)) == 0;
}

static bool pod_names(const struct nst_container *c, const char *name)
{
	if (!c->pod) {
		return false;
	}
	if (eq(c->pod, name)) {
		return true;
	}
	/* "default/nginx-7d9f" */
	size_t nl = c->pod_ns ? strlen(c->pod_ns) : 0;
	return nl && strncmp(name, c->pod_ns, nl) == 0 && name[nl] == '/' && eq(c->pod, name + nl + 1);
}

static bool names_ns(const struct nst_ns *ns, const char *name, bool inode, unsigned long long ino)
{
	if (inode && ns->id.ino == ino) {
		return true;
	}
	if (ns->display && eq(ns->display, name)) {
		return true;
	}
	for (size_t i = 0; i < ns->n_containers; i++) {
		const struct nst_container *c = &ns->containers[i];
		if (eq(c->name, name) || pod_names(c, name) || id_names(c, name)) {
			return true;
		}
	}
	return false;
}

size_t nst_ns_match(const struct nst_model *m, const char *name, const struct nst_ns **out, size_t max)
{
	size_t n = 0;

	if (!name || !name[0]) {
		return 0;
	}
	for (size_t i = 0; i < m->n_ns; i++) {
		if (strcmp(m->ns[i].name, name) == 0) {
			if (max) {
				out[0] = &m->ns[i];
			}
			return 1;
		}
	}
	bool inode = all_digits(name) && strlen(name) <= 20;
	unsigned long long ino = inode ? strtoull(name, NULL, 10) : 0;

	for (size_t i = 0; i < m->n_ns; i++) {
		if (names_ns(&m->ns[i], name, inode, ino)) {
			if (n < max) {
				out[n] = &m->ns[i];
			}
			n++;
		}
	}
	return n;
}
