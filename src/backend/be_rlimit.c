/* SPDX-License-Identifier: MIT */
/*
 * The open-file limit, raised for every mode before namespaces are opened:
 * each namespace costs an nsfs fd and one to four netlink sockets, and the
 * usual soft limit (1024) is below what a few hundred namespaces need. One
 * place decides, so a snapshot and the live model agree on the figure.
 */
#include <errno.h>
#include <sys/resource.h>

#include "be_internal.h"

int be_rlimit_raise(size_t want, struct be_fd_limit *out)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0) {
		return -errno;
	}
	/* want 0: as many as allowed (nothing is known yet); else want, at most the hard limit */
	rlim_t target = want == 0 || (rlim_t)want > rl.rlim_max ? rl.rlim_max : (rlim_t)want;
	int rc = 0;
	if (rl.rlim_cur != RLIM_INFINITY && (rl.rlim_cur < target || target == RLIM_INFINITY)) {
		rlim_t was = rl.rlim_cur;
		rl.rlim_cur = target;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
			rc = -errno;
			rl.rlim_cur = was;
		}
	}
	if (out) {
		out->soft = rl.rlim_cur;
		out->hard = rl.rlim_max;
	}
	return rc;
}
