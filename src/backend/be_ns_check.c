/* SPDX-License-Identifier: MIT */
/*
 * Right before an edit: is the namespace the model names still the one it
 * showed, alive by the means it was found? nstop's own fd keeps a deleted
 * namespace alive: a link moved into it through that fd vanishes (with its
 * peer) once nstop lets go, so an edit into a namespace that is gone must
 * fail, not act on the fd.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "be_internal.h"

#define NETNS_RUN_DIR "/run/netns"

static bool same(const struct stat *st, struct nst_ns_id id)
{
	return (uint64_t)st->st_dev == id.dev && (uint64_t)st->st_ino == id.ino;
}

/* A path that must still be a mount of this namespace: 0, or -ENOENT with why. */
static int by_path(const char *path, struct nst_ns_id id, const char *why_gone, char *why, size_t len)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		snprintf(why, len, "%s", why_gone);
		return -ENOENT;
	}
	if (!same(&st, id)) {
		snprintf(why, len, "deleted since it was shown; %s is another namespace now", path);
		return -ENOENT;
	}
	return 0;
}

int be_ns_check_alive(const struct be_ns *b, const char *shown, struct be_error *err)
{
	char path[512], why[600] = "";
	struct stat st;
	int rc = 0;

	/* the fd nstop holds must be the namespace the model means */
	if (b->fd < 0 || fstat(b->fd, &st) < 0 || !same(&st, b->id)) {
		be_error_set(err, -ESTALE, "%s: namespace is gone (nstop no longer holds it)", shown);
		return -ESTALE;
	}
	if (b->self) {
		return 0; /* nstop runs in it: alive whatever its name does */
	}
	switch (b->kind) {
	case NST_NS_NAMED:
		snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, b->name);
		rc = by_path(path, b->id, "deleted since it was shown", why, sizeof(why));
		break;
	case NST_NS_MOUNT:
		rc = by_path(b->name, b->id, "unmounted since it was shown", why, sizeof(why));
		break;
	case NST_NS_PROCESS:
		/* held by processes only: one of them must still be in it */
		rc = -ENOENT;
		for (size_t i = 0; i < b->n_pids && rc < 0; i++) {
			snprintf(path, sizeof(path), "/proc/%d/ns/net", b->pids[i]);
			if (stat(path, &st) == 0 && same(&st, b->id)) {
				rc = 0;
			}
		}
		snprintf(why, sizeof(why), "its processes left it since it was shown");
		break;
	default:
		break;
	}
	if (rc < 0) {
		be_error_set(err, rc, "%s: namespace is gone (%s)", shown, why);
	}
	return rc;
}
