/* SPDX-License-Identifier: MIT */
/*
 * The per-interface switch netconf does not carry: net.ipv4.conf.<if>.accept_local,
 * read from /proc/sys while inside the namespace (/proc/sys/net follows the
 * thread's namespace, as be_read_sysctls' files do). Names come from the
 * kernel's link dump, but are checked to be one path component anyway.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "be_internal.h"

/* A conf/ directory name: what the kernel allows as an ifname (dev_valid_name), and no more. */
bool be_sysctl_name_ok(const char *name)
{
	size_t n = strnlen(name, NST_IFNAMSIZ);

	return n > 0 && n < NST_IFNAMSIZ && strcmp(name, ".") != 0 && strcmp(name, "..") != 0 && !strchr(name, '/');
}

/* A small decimal sysctl: its value, or -1 (missing, unreadable, not a number). At most 15 bytes are read. */
static int read_int(const char *path)
{
	char buf[16];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0) {
		return -1;
	}
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		return -1;
	}
	buf[n] = '\0';
	char *end;
	long v = strtol(buf, &end, 10);
	return end != buf && (*end == '\n' || *end == '\0') && v >= 0 && v <= 1000 ? (int)v : -1;
}

static int accept_local(const char *name)
{
	char path[64 + NST_IFNAMSIZ];

	if (!be_sysctl_name_ok(name)) {
		return -1;
	}
	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/accept_local", name);
	return read_int(path);
}

void be_read_link_sysctls(struct nst_ns *ns)
{
	ns->conf_all.accept_local = accept_local("all");
	ns->conf_default.accept_local = accept_local("default");
	for (size_t i = 0; i < ns->n_links; i++) {
		int v = accept_local(ns->links[i].name);
		ns->links[i].accept_local = v < 0 ? -1 : v != 0;
	}
	if (ns->conf_all.accept_local > 0) {
		ns->conf_all.accept_local = 1;
	}
	if (ns->conf_default.accept_local > 0) {
		ns->conf_default.accept_local = 1;
	}
}
