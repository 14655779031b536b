/* SPDX-License-Identifier: MIT */
/*
 * Entering a namespace is only ever brief: create sockets there, come back.
 * Sockets keep the namespace they were made in (ARCHITECTURE.md §8).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"

int be_enter_ns(int nsfd, struct be_error *err)
{
	if (setns(nsfd, CLONE_NEWNET) < 0) {
		int e = errno;
		be_error_set(err, -e, "cannot enter namespace: %s%s", strerror(e),
			     e == EPERM ? " (needs root or CAP_SYS_ADMIN)" : "");
		return -e;
	}
	return 0;
}

void be_leave_ns(int self_fd)
{
	if (setns(self_fd, CLONE_NEWNET) < 0) {
		/* Carrying on in a foreign namespace would report it as our own. */
		fprintf(stderr, "nstop: cannot return to own network namespace: %s\n", strerror(errno));
		abort();
	}
}
