/* SPDX-License-Identifier: MIT */
/*
 * Named namespaces as `ip netns add/delete` make them (iproute2 ip/ipnetns.c,
 * ARCHITECTURE.md §9): /run/netns a shared mount, an empty file bind-mounted with a
 * new namespace made by a helper thread, so nstop's own thread never moves.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <netlink/socket.h>

#include "be_edit.h"

#define NETNS_RUN_DIR "/run/netns"

static int make_run_dir_shared(struct be_error *err)
{
	if (mkdir(NETNS_RUN_DIR, 0755) < 0 && errno != EEXIST) {
		be_error_set(err, -errno, "mkdir %s: %s", NETNS_RUN_DIR, strerror(errno));
		return -errno;
	}
	/* Bind mounts of namespace files must propagate to every mount namespace. */
	if (mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL) == 0) {
		return 0;
	}
	if (errno != EINVAL || mount(NETNS_RUN_DIR, NETNS_RUN_DIR, "none", MS_BIND | MS_REC, NULL) < 0 ||
	    mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL) < 0) {
		be_error_set(err, -errno, "cannot make %s a shared mount: %s", NETNS_RUN_DIR, strerror(errno));
		return -errno;
	}
	return 0;
}

struct creator {
	const char *path;
	int err;
};

/* In its own thread: unshare only moves this thread into the new namespace. */
static void *create_in_thread(void *arg)
{
	struct creator *c = arg;

	if (unshare(CLONE_NEWNET) < 0 ||
	    mount("/proc/thread-self/ns/net", c->path, "none", MS_BIND, NULL) < 0) {
		c->err = errno;
	}
	return NULL;
}

int be_netns_create(const char *name, struct be_error *err)
{
	char path[PATH_MAX];
	struct creator c = { path, 0 };
	pthread_t t;
	int rc = make_run_dir_shared(err);

	if (rc < 0) {
		return rc;
	}
	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0) {
		be_error_set(err, -errno, "cannot create %s: %s", path, strerror(errno));
		return -errno;
	}
	close(fd);
	rc = pthread_create(&t, NULL, create_in_thread, &c);
	if (rc == 0) {
		pthread_join(t, NULL);
	} else {
		c.err = rc;
	}
	if (c.err) {
		unlink(path); /* leave nothing behind */
		be_error_set(err, -c.err, "cannot create namespace %s: %s", name, strerror(c.err));
		return -c.err;
	}
	return 0;
}

int be_netns_delete(const char *name, struct be_error *err)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	umount2(path, MNT_DETACH);
	if (unlink(path) < 0) {
		be_error_set(err, -errno, "cannot remove %s: %s", path, strerror(errno));
		return -errno;
	}
	return 0;
}

int be_netns_lo_up(const char *name, int self_fd, struct be_error *err)
{
	char path[PATH_MAX];
	struct be_ns tmp = { .name = (char *)name, .fd = -1 };
	struct be_edit ed;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	tmp.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (tmp.fd < 0) {
		be_error_set(err, -errno, "%s: %s", path, strerror(errno));
		return -errno;
	}
	rc = be_enter_ns(tmp.fd, err);
	if (rc == 0) {
		rc = be_rtnl_open(&tmp, err);
		be_leave_ns(self_fd);
	}
	close(tmp.fd);
	if (rc < 0) {
		return rc;
	}
	be_edit_begin(&ed, tmp.sk);
	rc = be_edit_set_up(&ed, "lo", true);
	if (rc < 0) {
		rc = be_edit_fail(&ed, rc, err, "ip link set lo up");
	}
	be_edit_end(&ed);
	nl_socket_free(tmp.sk);
	return rc;
}
