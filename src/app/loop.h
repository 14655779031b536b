/* SPDX-License-Identifier: MIT */
/* The one poll() loop that ties the live backend to a consumer (monitor or TUI). */
#pragma once
#include <poll.h>
#include <stdbool.h>

#include "live.h"

struct loop_fds {
	struct pollfd *v;
	size_t n, cap;
};

/*
 * Collect the backend's fds after `extra` caller fds already placed at the
 * front of fds->v (fds->n == extra on entry). Returns the poll timeout.
 */
int loop_collect(struct be_live *live, struct loop_fds *fds, size_t extra, int other_timeout_ms);

/* Install SIGINT/SIGTERM/SIGHUP handlers that make loop_should_stop() true; ignore SIGPIPE. */
void loop_install_signals(void);
bool loop_should_stop(void);
/* SIGUSR1 came since the last call (installed only with NSTOP_LIVE_JSON set). */
bool loop_dump_requested(void);
