/* SPDX-License-Identifier: MIT */
/* poll() plumbing shared by --monitor and the TUI: fd collection and signals. */
#include "loop.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static volatile sig_atomic_t stop_requested, dump_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void on_usr1(int sig)
{
	(void)sig;
	dump_requested = 1;
}

void loop_install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* only where the live model may be written out (NSTOP_LIVE_JSON): else USR1 keeps its default */
	if (getenv("NSTOP_LIVE_JSON")) {
		sa.sa_handler = on_usr1;
		sigaction(SIGUSR1, &sa, NULL);
	}
}

bool loop_dump_requested(void)
{
	bool r = dump_requested != 0;
	dump_requested = 0;
	return r;
}

bool loop_should_stop(void)
{
	return stop_requested != 0;
}

int loop_collect(struct be_live *live, struct loop_fds *fds, size_t extra, int other_timeout_ms)
{
	size_t want = extra + be_live_pollfd_count(live);

	if (want > fds->cap) {
		fds->v = xrealloc(fds->v, want * sizeof(*fds->v));
		fds->cap = want;
	}
	fds->n = extra + be_live_pollfds(live, fds->v + extra, fds->cap - extra);
	int t = be_live_timeout_ms(live);
	if (other_timeout_ms >= 0 && (t < 0 || other_timeout_ms < t)) {
		t = other_timeout_ms;
	}
	return t;
}
