/* SPDX-License-Identifier: MIT */
/*
 * Namespace discovery (ARCHITECTURE.md §7): our own, /run/netns, other nsfs mounts
 * from mountinfo, then process-held ones (be_proc.c). Identity is the nsfs
 * inode; an unreadable entry becomes a warning, never a failure.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "be_internal.h"
#include "procparse.h"
#include "xalloc.h"

#define NETNS_RUN_DIR "/run/netns"

static struct be_ns *add_ns(struct be_ns_list *list, const char *name, enum nst_ns_kind kind,
			    struct nst_ns_id id, int fd)
{
	struct be_ns *b = be_ns_list_add(list, id);
	b->kind = kind;
	b->name = xstrdup(name);
	b->fd = fd;
	return b;
}

/* Open path as a network namespace: fd, or -errno (-EINVAL when not nsfs). */
static int open_netns(const char *path, struct nst_ns_id *id)
{
	struct statfs sfs;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		return -errno;
	}
	if (fstatfs(fd, &sfs) < 0 || sfs.f_type != NSFS_MAGIC || fstat(fd, &st) < 0) {
		close(fd);
		return -EINVAL;
	}
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	return fd;
}

static void discover_named(struct be_ns_list *list, struct nst_strv *warnings)
{
	DIR *d = opendir(NETNS_RUN_DIR);
	struct dirent *de;

	if (!d) {
		if (errno != ENOENT) {
			nst_strv_addf(warnings, "%s: %s", NETNS_RUN_DIR, strerror(errno));
		}
		return;
	}
	while ((de = readdir(d))) {
		struct nst_ns_id id;
		char path[PATH_MAX];

		if (de->d_name[0] == '.') {
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, de->d_name);
		int fd = open_netns(path, &id);
		if (fd == -EINVAL) {
			/* `ip netns add` creates the file before bind-mounting: not yet a namespace */
			continue;
		}
		if (fd < 0) {
			nst_strv_addf(warnings, "%s: skipped: %s", path, strerror(-fd));
			continue;
		}
		struct be_ns *known = be_ns_list_find(list, id);
		if (known) {
			/* Our own namespace with a name (`ip netns exec ns1 nstop`): keep the name. */
			if (known->kind == NST_NS_SELF) {
				free(known->name);
				known->name = xstrdup(de->d_name);
				known->kind = NST_NS_NAMED;
			}
			close(fd);
			continue;
		}
		add_ns(list, de->d_name, NST_NS_NAMED, id, fd);
	}
	closedir(d);
}

static void discover_mounts(struct be_ns_list *list, struct nst_strv *warnings)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL;
	size_t cap = 0;

	if (!f) {
		nst_strv_addf(warnings, "/proc/self/mountinfo: %s", strerror(errno));
		return;
	}
	while (getline(&line, &cap, f) > 0) {
		char path[PATH_MAX];
		uint64_t ino;
		struct nst_ns_id id;

		if (!nst_mountinfo_parse_netns(line, &ino, path, sizeof(path))) {
			continue;
		}
		/* Already known by name (or a shadowed mount): skip before touching it. */
		if (be_ns_list_find_ino(list, ino)) {
			continue;
		}
		int fd = open_netns(path, &id);
		if (fd < 0) {
			/* Mounts under a covered directory are unreachable from here: not an error. */
			if (fd != -ENOENT && fd != -EINVAL) {
				nst_strv_addf(warnings, "%s: skipped: %s", path, strerror(-fd));
			}
			continue;
		}
		if (id.ino != ino || be_ns_list_find(list, id)) {
			close(fd);
			continue;
		}
		add_ns(list, path, NST_NS_MOUNT, id, fd);
	}
	free(line);
	fclose(f);
}

/* Our own namespace, first in the list. */
static int open_self(struct be_ns_list *list, struct be_error *err)
{
	struct nst_ns_id self_id;
	int self_fd = open_netns("/proc/self/ns/net", &self_id);

	if (self_fd < 0) {
		be_error_set(err, self_fd, "cannot open /proc/self/ns/net: %s", strerror(-self_fd));
		return self_fd;
	}
	list->self_fd = self_fd;
	int dup_fd = fcntl(self_fd, F_DUPFD_CLOEXEC, 0);
	if (dup_fd < 0) {
		be_error_set(err, -errno, "dup: %s", strerror(errno));
		return -errno;
	}
	struct be_ns *self = add_ns(list, "/", NST_NS_SELF, self_id, dup_fd);
	self->self = true;
	return 0;
}

int be_discover_split(struct be_ns_list *list, struct nst_strv *fs_warnings, struct nst_strv *proc_warnings,
		      struct be_error *err)
{
	int rc = open_self(list, err);

	if (rc < 0) {
		return rc;
	}
	discover_named(list, fs_warnings);
	discover_mounts(list, fs_warnings);
	be_proc_scan(list, proc_warnings);
	for (size_t i = 0; i < list->n; i++) {
		be_ns_owner(&list->v[i]);
	}
	return 0;
}

int be_discover(struct be_ns_list *list, struct nst_strv *warnings, struct be_error *err)
{
	return be_discover_split(list, warnings, warnings, err);
}

int be_discover_processes(struct be_ns_list *list, const struct be_ns_list *known, struct nst_strv *warnings,
			  struct be_error *err)
{
	int rc = open_self(list, err);

	if (rc < 0) {
		return rc;
	}
	for (size_t i = 0; i < known->n; i++) {
		const struct be_ns *k = &known->v[i];
		if (k->kind != NST_NS_NAMED && k->kind != NST_NS_MOUNT) {
			continue;
		}
		if (k->self) {
			/* our own, known by a name: keep it */
			free(list->v[0].name);
			list->v[0].name = xstrdup(k->name);
			list->v[0].kind = k->kind;
			continue;
		}
		int fd = -1;
		if (k->unwatched && k->fd < 0) {
			/* it gave its fd back for lack of fds: the rescan offers a fresh one (be_live.c) */
			struct nst_ns_id id;
			char path[PATH_MAX];
			snprintf(path, sizeof(path), "%s%s%s", k->kind == NST_NS_NAMED ? NETNS_RUN_DIR : "",
				 k->kind == NST_NS_NAMED ? "/" : "", k->name);
			fd = open_netns(path, &id);
			if (fd >= 0 && !nst_ns_id_eq(id, k->id)) {
				close(fd);
				fd = -1;
			}
		}
		add_ns(list, k->name, k->kind, k->id, fd < 0 ? -1 : fd);
	}
	size_t before = list->n;
	be_proc_scan(list, warnings);
	for (size_t i = before; i < list->n; i++) {
		be_ns_owner(&list->v[i]);
	}
	return 0;
}

void be_ns_list_clear(struct be_ns_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		struct be_ns *b = &list->v[i];

		if (b->fd >= 0) {
			close(b->fd);
		}
		nl_socket_free(b->sk);
		nl_socket_free(b->ev);
		be_nft_close(b->nft);
		be_nft_close(b->nft_ev);
		free(b->name);
		free(b->pids);
		free(b->label);
		free(b->cgroups);
		free(b->nsids);
		free(b->nsid_ix);
	}
	free(list->v);
	be_ns_list_index_free(list);
	if (list->self_fd >= 0) {
		close(list->self_fd);
	}
	memset(list, 0, sizeof(*list));
	list->self_fd = -1;
}
