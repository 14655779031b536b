/* SPDX-License-Identifier: MIT */
/*
 * Reading the engines' files into facts (every file size-capped, every
 * failure a note), and the cache be_live keeps: the facts are re-read when
 * inotify reports a change in a directory that holds them, or when a daemon
 * comes or goes, never on a timer.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "be_engines.h"
#include "engine_parse.h"
#include "model.h"
#include "xalloc.h"

#define CONFIG_MAX (1u << 20)       /* a container's config.v2.json, a CNI result */
#define HOSTCONFIG_MAX (256u << 10)
#define DB_MAX (64u << 20)          /* local-kv.db, bolt_state.db */
#define STORAGE_MAX (16u << 20)     /* containers.json */
#define SMALL_MAX (64u << 10)       /* network files, host-local entries */
#define DIR_MAX 4096                /* entries read from one directory */
#define TOTAL_MAX (256u << 20)      /* bytes read in one refresh, all files together */

/* The whole regular file open on fd (closed here) when it is at most max bytes; else NULL with *err set. */
static char *read_capped(int fd, size_t max, size_t *len, int *err)
{
	struct stat st;

	*err = 0;
	if (fd < 0) {
		*err = errno;
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		*err = EINVAL;
		close(fd);
		return NULL;
	}
	if ((uint64_t)st.st_size > max) {
		*err = EFBIG;
		close(fd);
		return NULL;
	}
	/* the size may change between fstat and read: read what fstat said, and fail if there is more */
	size_t want = (size_t)st.st_size;
	char *buf = xmalloc(want + 1);
	size_t n = 0;
	ssize_t r;
	while (n < want && (r = read(fd, buf + n, want - n)) > 0) {
		n += (size_t)r;
	}
	char extra;
	bool more = read(fd, &extra, 1) > 0;
	close(fd);
	if (more) {
		free(buf);
		*err = EAGAIN; /* growing while read: the next change event reads it again */
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

struct reader {
	const struct be_engine_site *s;
	struct nst_engine_facts *f;
	struct be_engine_watches *w; /* NULL: no watches wanted */
	size_t *spent;               /* bytes read so far in this refresh, against TOTAL_MAX */
	int root_fd;                 /* the daemon's root (O_PATH), -1: paths are joined instead */
};

/*
 * path as the daemon sees it, opened in the daemon's root: symlinks in it
 * resolve there too (openat2 RESOLVE_IN_ROOT), not in nstop's root as a
 * joined "/proc/PID/root/..." would resolve an absolute link. Kernels before
 * 5.6 get the joined path.
 */
static int site_open(struct reader *r, const char *path, int flags)
{
	char full[PATH_MAX + 64];

	if (r->root_fd >= 0) {
		struct open_how how = { .flags = (uint64_t)(flags | O_CLOEXEC),
					.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
		int fd = (int)syscall(SYS_openat2, r->root_fd, path, &how, sizeof(how));
		if (fd >= 0 || (errno != ENOSYS && errno != E2BIG)) {
			return fd;
		}
	}
	snprintf(full, sizeof(full), "%s%s", r->s->root, path);
	return open(full, flags | O_CLOEXEC);
}

/* Watch the directory open on fd (its inode, whatever path led there). */
static void watch_fd(struct reader *r, int fd)
{
	char link[64];

	if (!r->w || r->w->fd < 0) {
		return;
	}
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	int wd = inotify_add_watch(r->w->fd, link, BE_ENGINE_WATCH_MASK);
	if (wd >= 0) {
		*(int *)xgrow(&r->w->wds, &r->w->n, &r->w->cap, sizeof(int)) = wd;
	}
}

static void note_err(struct reader *r, const char *path, int err)
{
	if (err != ENOENT) {
		nst_facts_add_note(r->f, "%s: %s: %s", r->s->engine, path, err == EFBIG ? "larger than nstop reads" : strerror(err));
	}
}

/* path (engine's view) → the file in the daemon's root; read with max, or NULL (noted). */
static char *site_file(struct reader *r, const char *path, size_t max, size_t *len)
{
	int err;

	if (*r->spent >= TOTAL_MAX) {
		note_err(r, path, EFBIG);
		return NULL;
	}
	int fd = site_open(r, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
	char *buf = read_capped(fd, max < TOTAL_MAX - *r->spent ? max : TOTAL_MAX - *r->spent, len, &err);
	if (!buf) {
		note_err(r, path, err);
		return NULL;
	}
	*r->spent += *len;
	return buf;
}

static DIR *site_dir(struct reader *r, const char *path, bool watch)
{
	int fd = site_open(r, path, O_RDONLY | O_DIRECTORY);

	if (fd < 0) {
		note_err(r, path, errno);
		return NULL;
	}
	if (watch) {
		watch_fd(r, fd);
	}
	DIR *d = fdopendir(fd);
	if (!d) {
		note_err(r, path, errno);
		close(fd);
	}
	return d;
}

/* Watch a directory without listing it. */
static void site_watch(struct reader *r, const char *path)
{
	if (r->w && r->w->fd >= 0) {
		int fd = site_open(r, path, O_RDONLY | O_DIRECTORY);
		if (fd >= 0) {
			watch_fd(r, fd);
			close(fd);
		}
	}
}

/* Nets added from index `from` on live in the daemon's namespace. */
static void own_nets(struct reader *r, size_t from)
{
	for (size_t i = from; i < r->f->n_nets; i++) {
		r->f->nets[i].has_ns = r->s->has_ns;
		r->f->nets[i].ns_dev = r->s->ns_dev;
		r->f->nets[i].ns_ino = r->s->ns_ino;
	}
}

static bool plain_name(const char *n)
{
	return n[0] && n[0] != '.' && !strchr(n, '/');
}

static void read_docker(struct reader *r)
{
	char path[PATH_MAX];
	size_t count = 0;

	snprintf(path, sizeof(path), "%s/containers", r->s->data);
	DIR *d = site_dir(r, path, true);
	struct dirent *de;
	while (d && (de = readdir(d)) && count < DIR_MAX) {
		if (!plain_name(de->d_name) || strlen(de->d_name) > 128) {
			continue;
		}
		count++;
		size_t cl = 0, hl = 0;
		/* docker rewrites config.v2.json by rename inside the container's directory: watched
		 * before it is read, so a rewrite meanwhile is an event */
		snprintf(path, sizeof(path), "%s/containers/%s", r->s->data, de->d_name);
		site_watch(r, path);
		snprintf(path, sizeof(path), "%s/containers/%s/config.v2.json", r->s->data, de->d_name);
		char *cfg = site_file(r, path, CONFIG_MAX, &cl);
		snprintf(path, sizeof(path), "%s/containers/%s/hostconfig.json", r->s->data, de->d_name);
		char *hc = cfg ? site_file(r, path, HOSTCONFIG_MAX, &hl) : NULL;
		if (cfg && nst_docker_parse_container(r->f, cfg, cl, hc, hl) < 0) {
			nst_facts_add_note(r->f, "docker: %s/containers/%s/config.v2.json: not Docker's format", r->s->data,
					   de->d_name);
		}
		free(cfg);
		free(hc);
	}
	if (d) {
		closedir(d);
	}
	nst_docker_link_joined(r->f);
	size_t len, from = r->f->n_nets;
	snprintf(path, sizeof(path), "%s/network/files", r->s->data);
	site_watch(r, path);
	snprintf(path, sizeof(path), "%s/network/files/local-kv.db", r->s->data);
	char *db = site_file(r, path, DB_MAX, &len);
	if (db && nst_docker_parse_netdb(r->f, (const uint8_t *)db, len) < 0) {
		nst_facts_add_note(r->f, "docker: %s: not a BoltDB file nstop can read (being written?)", path);
	}
	own_nets(r, from);
	free(db);
}

static void read_podman(struct reader *r)
{
	char path[PATH_MAX];
	size_t len, from = r->f->n_nets;

	snprintf(path, sizeof(path), "%s/libpod", r->s->data);
	site_watch(r, path);
	snprintf(path, sizeof(path), "%s/libpod/bolt_state.db", r->s->data);
	char *db = site_file(r, path, DB_MAX, &len);
	if (db && nst_podman_parse_bolt(r->f, (const uint8_t *)db, len) < 0) {
		nst_facts_add_note(r->f, "podman: %s: not a BoltDB file nstop can read (being written?)", path);
	}
	free(db);
	snprintf(path, sizeof(path), "%s/overlay-containers", r->s->data);
	site_watch(r, path);
	snprintf(path, sizeof(path), "%s/overlay-containers/containers.json", r->s->data);
	char *st = site_file(r, path, STORAGE_MAX, &len);
	if (st && nst_podman_parse_storage(r->f, st, len) < 0) {
		nst_facts_add_note(r->f, "podman: %s: not the storage layer's format", path);
	}
	free(st);
	DIR *d = site_dir(r, r->s->netconf, true);
	struct dirent *de;
	size_t count = 0;
	while (d && (de = readdir(d)) && count < DIR_MAX) {
		size_t n = strlen(de->d_name);
		if (!plain_name(de->d_name) || n < 6 || strcmp(de->d_name + n - 5, ".json") != 0) {
			continue;
		}
		count++;
		snprintf(path, sizeof(path), "%s/%s", r->s->netconf, de->d_name);
		char *j = site_file(r, path, SMALL_MAX, &len);
		if (j) {
			nst_podman_parse_network(r->f, j, len); /* a macvlan network has no bridge: not an error */
		}
		free(j);
	}
	if (d) {
		closedir(d);
	}
	nst_podman_default_network(r->f);
	own_nets(r, from);
}

static void read_cni(struct reader *r)
{
	char path[PATH_MAX];
	size_t len, count = 0, from = r->f->n_nets;
	struct dirent *de;

	snprintf(path, sizeof(path), "%s/results", r->s->cni);
	DIR *d = site_dir(r, path, true);
	while (d && (de = readdir(d)) && count < DIR_MAX) {
		if (!plain_name(de->d_name)) {
			continue;
		}
		count++;
		snprintf(path, sizeof(path), "%s/results/%s", r->s->cni, de->d_name);
		char *j = site_file(r, path, CONFIG_MAX, &len);
		if (j && nst_cni_parse_result(r->f, r->s->engine, j, len) < 0) {
			nst_facts_add_note(r->f, "%s: %s: not a libcni cache file", r->s->engine, path);
		}
		free(j);
	}
	if (d) {
		closedir(d);
	}
	/* host-local's leases: container ids per network, for what has no result cached */
	snprintf(path, sizeof(path), "%s/networks", r->s->cni);
	d = site_dir(r, path, false);
	while (d && (de = readdir(d)) && count < DIR_MAX) {
		if (!plain_name(de->d_name)) {
			continue;
		}
		char net[256];
		snprintf(net, sizeof(net), "%s", de->d_name);
		snprintf(path, sizeof(path), "%s/networks/%s", r->s->cni, net);
		DIR *nd = site_dir(r, path, false);
		struct dirent *le;
		while (nd && (le = readdir(nd)) && count < DIR_MAX) {
			/* leases are named by address; lock and last_reserved_ip.N are not */
			if (!plain_name(le->d_name) || strchr("0123456789abcdef:", le->d_name[0]) == NULL ||
			    strncmp(le->d_name, "last_reserved_ip", 16) == 0) {
				continue;
			}
			count++;
			snprintf(path, sizeof(path), "%s/networks/%s/%s", r->s->cni, net, le->d_name);
			char *t = site_file(r, path, SMALL_MAX, &len);
			if (t) {
				nst_cni_parse_hostlocal(r->f, net, t, len);
			}
			free(t);
		}
		if (nd) {
			closedir(nd);
		}
	}
	if (d) {
		closedir(d);
	}
	own_nets(r, from);
}

static void read_logs(struct reader *r)
{
	static const char *dirs[] = { "/var/log/pods", "/var/log/containers" };

	for (size_t k = 0; k < 2; k++) {
		DIR *d = site_dir(r, dirs[k], true);
		struct dirent *de;
		size_t count = 0;
		while (d && (de = readdir(d)) && count < DIR_MAX) {
			if (!plain_name(de->d_name)) {
				continue;
			}
			count++;
			if (k == 0) {
				nst_k8s_parse_pod_dir(r->f, de->d_name);
			} else {
				nst_k8s_parse_container_log(r->f, de->d_name);
			}
		}
		if (d) {
			closedir(d);
		}
	}
}

void be_engines_read(const struct be_engine_sites *sites, struct nst_engine_facts *f, struct be_engine_watches *w)
{
	size_t spent = 0;
	int *roots = xcalloc(sites->n ? sites->n : 1, sizeof(int));

	for (size_t i = 0; i < sites->n; i++) {
		roots[i] = open(sites->v[i].root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	}

	nst_facts_clear(f);
	/* sites come sorted docker, podman, CRI: an engine's own record of a container is read before
	 * the CNI cache that only names its sandbox */
	for (size_t i = 0; i < sites->n; i++) {
		struct reader r = { .s = &sites->v[i], .f = f, .w = w, .spent = &spent, .root_fd = roots[i] };
		switch (r.s->kind) {
		case BE_ENGINE_DOCKER:
			read_docker(&r);
			break;
		case BE_ENGINE_PODMAN:
			read_podman(&r);
			break;
		case BE_ENGINE_CRI:
			break;
		}
	}
	for (size_t i = 0; i < sites->n; i++) {
		struct reader r = { .s = &sites->v[i], .f = f, .w = w, .spent = &spent, .root_fd = roots[i] };
		if (r.s->cni[0]) {
			read_cni(&r);
		}
	}
	/* kubelet's names last: a pod the CNI cache gave already keeps its sandbox's record */
	for (size_t i = 0; i < sites->n; i++) {
		struct reader r = { .s = &sites->v[i], .f = f, .w = w, .spent = &spent, .root_fd = roots[i] };
		if (r.s->kind == BE_ENGINE_CRI && r.s->logs) {
			read_logs(&r);
		}
	}
	for (size_t i = 0; i < sites->n; i++) {
		if (roots[i] >= 0) {
			close(roots[i]);
		}
	}
	free(roots);
}
