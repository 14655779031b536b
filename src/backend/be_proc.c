/* SPDX-License-Identifier: MIT */
/*
 * Processes per namespace: stat every /proc/PID/ns/net (no open, cheap),
 * group by inode, attach pids to known namespaces and add the rest as
 * process-held ones named pid:<lowest pid>, labelled by comm; what each
 * namespace's processes' cgroups say of containers goes to its cgroup refs.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "be_internal.h"
#include "procparse.h"
#include "quote.h"
#include "xalloc.h"

struct pid_ns {
	struct nst_ns_id id;
	int pid;
};

static int cmp_pid_ns(const void *a, const void *b)
{
	const struct pid_ns *x = a, *y = b;

	if (x->id.dev != y->id.dev) {
		return x->id.dev < y->id.dev ? -1 : 1;
	}
	if (x->id.ino != y->id.ino) {
		return x->id.ino < y->id.ino ? -1 : 1;
	}
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static char *read_small_file(const char *path)
{
	char buf[4096];
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		return NULL;
	}
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0) {
		return NULL;
	}
	buf[n] = '\0';
	return xstrdup(buf);
}

static char *read_comm(int pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	char *s = read_small_file(path);
	size_t n = s ? strlen(s) : 0;
	/* the kernel ends it with one newline; a process may have put others in its comm */
	if (n && s[n - 1] == '\n') {
		s[n - 1] = '\0';
	}
	return s;
}

#define CGROUP_PIDS_MAX 256 /* processes read per namespace: refs repeat, a fork bomb must not cost more */
#define CGROUP_REFS_MAX 64

static bool same_ref(const struct nst_cgroup_ref *a, const struct nst_cgroup_ref *b)
{
	return strcmp(a->engine, b->engine) == 0 && strcmp(a->id, b->id) == 0 && strcmp(a->pod_uid, b->pod_uid) == 0 &&
	       strcmp(a->pod_id, b->pod_id) == 0;
}

/* What every process of the group says in its cgroup paths, each distinct ref once. */
static void cgroup_refs(struct be_ns *b, const struct pid_ns *g, size_t n)
{
	b->n_cgroups = 0;
	for (size_t i = 0; i < n && i < CGROUP_PIDS_MAX && b->n_cgroups < CGROUP_REFS_MAX; i++) {
		char path[64];
		struct nst_cgroup_ref r;

		snprintf(path, sizeof(path), "/proc/%d/cgroup", g[i].pid);
		char *text = read_small_file(path);
		bool found = text && nst_cgroup_ref_parse(text, &r);
		free(text);
		for (size_t k = 0; found && k < b->n_cgroups; k++) {
			found = !same_ref(&b->cgroups[k], &r);
		}
		if (found) {
			*(struct nst_cgroup_ref *)xgrow(&b->cgroups, &b->n_cgroups, &b->cap_cgroups, sizeof(r)) = r;
		}
	}
}

void be_ns_copy_cgroups(struct nst_ns *ns, const struct be_ns *b)
{
	ns->n_cgroups = 0;
	for (size_t i = 0; i < b->n_cgroups; i++) {
		*(struct nst_cgroup_ref *)xgrow(&ns->cgroups, &ns->n_cgroups, &ns->cap_cgroups, sizeof(*ns->cgroups)) =
			b->cgroups[i];
	}
}

/*
 * Another nstop (this binary) enters each namespace for a moment to read it:
 * it does not hold the namespace, and counting it would name the namespace
 * pid:<its pid> until it leaves, then rename it. (A namespace held only by an
 * nstop run inside it is left out: it has no other holder to be named by.)
 */
static bool is_nstop(long long pid, const struct stat *self_exe)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%lld/exe", pid);
	return stat(path, &st) == 0 && st.st_dev == self_exe->st_dev && st.st_ino == self_exe->st_ino;
}

static struct pid_ns *collect(size_t *count, size_t *unreadable, int *first_errno)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	struct pid_ns *v = NULL;
	size_t cap = 0;

	*count = 0;
	if (!d) {
		return NULL;
	}
	struct stat self_ns, self_exe;
	bool have_self = stat("/proc/self/ns/net", &self_ns) == 0 && stat("/proc/self/exe", &self_exe) == 0;
	while ((de = readdir(d))) {
		char path[64];
		struct stat st;

		long long pid;
		if (!nst_parse_long(de->d_name, 1, INT_MAX, &pid)) {
			continue;
		}
		snprintf(path, sizeof(path), "/proc/%lld/ns/net", pid);
		if (stat(path, &st) < 0) {
			/* ENOENT: the process exited meanwhile, nothing to report */
			if (errno != ENOENT && errno != ESRCH) {
				if (!*unreadable) {
					*first_errno = errno;
				}
				(*unreadable)++;
			}
			continue;
		}
		if (have_self && (st.st_dev != self_ns.st_dev || st.st_ino != self_ns.st_ino) && is_nstop(pid, &self_exe)) {
			continue;
		}
		struct pid_ns *slot = xgrow(&v, count, &cap, sizeof(*v));
		slot->id.dev = st.st_dev;
		slot->id.ino = st.st_ino;
		slot->pid = (int)pid;
	}
	closedir(d);
	if (*count > 1) {
		qsort(v, *count, sizeof(*v), cmp_pid_ns);
	}
	return v;
}

/* Open the namespace of the group's first live process whose inode still matches. */
static int open_group(const struct pid_ns *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char path[64];
		struct stat st;

		snprintf(path, sizeof(path), "/proc/%d/ns/net", g[i].pid);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			continue;
		}
		if (fstat(fd, &st) == 0 && st.st_ino == g[i].id.ino && st.st_dev == g[i].id.dev) {
			return fd;
		}
		close(fd);
	}
	return -1;
}

void be_proc_scan(struct be_ns_list *list, struct nst_strv *warnings)
{
	size_t count = 0, unreadable = 0;
	int first_errno = 0;
	struct pid_ns *v = collect(&count, &unreadable, &first_errno);

	for (size_t i = 0; i < count;) {
		size_t j = i;
		while (j < count && nst_ns_id_eq(v[j].id, v[i].id)) {
			j++;
		}
		struct be_ns *b = be_ns_list_find(list, v[i].id);
		if (!b) {
			int fd = open_group(&v[i], j - i);
			if (fd >= 0) {
				char name[32];
				snprintf(name, sizeof(name), "pid:%d", v[i].pid);
				b = be_ns_list_add(list, v[i].id);
				b->kind = NST_NS_PROCESS;
				b->name = xstrdup(name);
				b->fd = fd;
			}
		}
		if (b) {
			for (size_t k = i; k < j; k++) {
				int *slot = xgrow(&b->pids, &b->n_pids, &b->cap_pids, sizeof(*b->pids));
				*slot = v[k].pid;
			}
			/* nstop's own namespace holds the host's processes, none of them a container's */
			if (!b->self) {
				cgroup_refs(b, &v[i], j - i);
			}
			if (!b->label && b->kind == NST_NS_PROCESS) {
				b->label = read_comm(v[i].pid);
			}
		}
		i = j;
	}
	free(v);
	if (unreadable) {
		nst_strv_addf(warnings, "%zu process%s /proc/PID/ns/net could not be read (%s); "
			      "namespaces held only by them are not shown",
			      unreadable, unreadable == 1 ? "'s" : "es'", strerror(first_errno));
	}
}
