/* SPDX-License-Identifier: MIT */
/*
 * Who owns a network namespace: its user namespace (NS_GET_USERNS) and that
 * one's owner (NS_GET_OWNER_UID). A namespace owned by another user namespace
 * than nstop's was made by someone unprivileged (`unshare -rn`), who can send
 * netlink messages to nstop's sockets there: the model marks it.
 */
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "be_internal.h"

static uint64_t own_userns(void)
{
	static uint64_t ino;
	struct stat st;

	if (ino == 0 && stat("/proc/self/ns/user", &st) == 0) {
		ino = st.st_ino;
	}
	return ino;
}

void be_ns_owner(struct be_ns *b)
{
	struct stat st;
	uid_t uid = 0;
	int u;

	if (b->fd < 0) {
		return;
	}
	u = ioctl(b->fd, NS_GET_USERNS);
	if (u < 0) {
		return; /* an owner outside nstop's own user namespace: not visible from here */
	}
	if (fstat(u, &st) == 0 && st.st_ino != own_userns()) {
		b->userns = st.st_ino;
	}
	if (ioctl(u, NS_GET_OWNER_UID, &uid) == 0) {
		b->owner_uid = uid;
	}
	close(u);
}
