/* SPDX-License-Identifier: MIT */
/*
 * The engines' facts as be_live keeps them: read once, then again only when
 * a watched directory changes (inotify) or the set of daemons does (checked
 * at the 2 s /proc rescan that runs anyway). The watches are re-armed on each
 * read, as the directories that matter follow the containers that exist.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "be_engines.h"
#include "model.h"
#include "xalloc.h"

#define DEBOUNCE_MS 250 /* docker run writes a dozen files: one re-read */

struct be_engines {
	struct be_engine_sites sites;
	struct be_engine_watches w; /* w.fd: the inotify fd */
	int fd_errno;               /* why there is none */
	bool read_once;
	uint64_t due_ms; /* 0: nothing due */
	bool due_now;    /* a daemon came or went: no debounce */
	uint64_t reads;
};

struct be_engines *be_engines_create(void)
{
	struct be_engines *e = xcalloc(1, sizeof(*e));

	e->w.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	e->fd_errno = e->w.fd < 0 ? errno : 0;
	be_engines_find(&e->sites);
	return e;
}

void be_engines_destroy(struct be_engines *e)
{
	if (!e) {
		return;
	}
	if (e->w.fd >= 0) {
		close(e->w.fd);
	}
	free(e->sites.v);
	free(e->w.wds);
	free(e);
}

int be_engines_fd(const struct be_engines *e)
{
	return e ? e->w.fd : -1;
}

/* Sites equal in what a re-read depends on: kind, daemon, where, which namespace. */
static bool sites_equal(const struct be_engine_sites *a, const struct be_engine_sites *b)
{
	if (a->n != b->n) {
		return false;
	}
	for (size_t i = 0; i < a->n; i++) {
		const struct be_engine_site *x = &a->v[i], *y = &b->v[i];
		if (x->kind != y->kind || x->pid != y->pid || strcmp(x->data, y->data) != 0 ||
		    strcmp(x->netconf, y->netconf) != 0 || strcmp(x->cni, y->cni) != 0 || x->ns_ino != y->ns_ino ||
		    x->ns_dev != y->ns_dev || strcmp(x->engine, y->engine) != 0) {
			return false;
		}
	}
	return true;
}

void be_engines_rescan(struct be_engines *e)
{
	struct be_engine_sites now = { 0 };

	be_engines_find(&now);
	if (!sites_equal(&now, &e->sites)) {
		free(e->sites.v);
		e->sites = now;
		e->due_now = true;
		return;
	}
	free(now.v);
}

void be_engines_drain(struct be_engines *e, uint64_t now_ms)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool any = false;
	ssize_t n;

	while (e->w.fd >= 0 && (n = read(e->w.fd, buf, sizeof(buf))) > 0) {
		any = true; /* which file does not matter: every one of them feeds the facts */
	}
	if (any && !e->due_ms) {
		e->due_ms = now_ms + DEBOUNCE_MS;
	}
}

void be_engines_expedite(struct be_engines *e, uint64_t now_ms)
{
	be_engines_drain(e, now_ms);
	if (e->due_ms) {
		e->due_now = true;
	}
}

bool be_engines_due(const struct be_engines *e, uint64_t now_ms)
{
	return !e->read_once || e->due_now || (e->due_ms && now_ms >= e->due_ms);
}

int be_engines_timeout_ms(const struct be_engines *e, uint64_t now_ms)
{
	if (be_engines_due(e, now_ms)) {
		return 0;
	}
	return e->due_ms ? (int)(e->due_ms - now_ms) : -1;
}

/* Drop the old watches before a read adds the new ones; a change seen meanwhile makes another read due. */
static void unwatch(struct be_engines *e, uint64_t now_ms)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool changed = false;
	ssize_t n;

	for (size_t i = 0; i < e->w.n; i++) {
		inotify_rm_watch(e->w.fd, e->w.wds[i]);
	}
	e->w.n = 0;
	/* the removals queued IN_IGNORED, which is no change; anything else came since the last read */
	while ((n = read(e->w.fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p + sizeof(struct inotify_event) <= buf + n;) {
			struct inotify_event ev;
			memcpy(&ev, p, sizeof(ev));
			changed |= !(ev.mask & IN_IGNORED);
			p += sizeof(ev) + ev.len;
		}
	}
	if (changed) {
		e->due_ms = now_ms + DEBOUNCE_MS;
	}
}

bool be_engines_refresh(struct be_engines *e, struct nst_engine_facts *f, uint64_t now_ms)
{
	if (!be_engines_due(e, now_ms)) {
		return false;
	}
	e->due_ms = 0;
	e->due_now = false;
	e->read_once = true;
	e->reads++;
	if (e->w.fd >= 0) {
		unwatch(e, now_ms);
	}
	/* watched before each directory is read: a change while reading is an event, not lost */
	be_engines_read(&e->sites, f, e->w.fd >= 0 ? &e->w : NULL);
	if (e->w.fd < 0 && e->sites.n) {
		nst_facts_add_note(f, "inotify: %s; container names are read once", strerror(e->fd_errno));
	}
	return true;
}

uint64_t be_engines_reads(const struct be_engines *e)
{
	return e->reads;
}
