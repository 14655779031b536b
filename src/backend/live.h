/* SPDX-License-Identifier: MIT */
/*
 * The live model: every namespace kept up to date from netlink events,
 * inotify on /run/netns, mountinfo changes and a cheap /proc rescan. The
 * caller owns the poll loop: it asks for fds and a timeout, then dispatches.
 */
#pragma once
#include <poll.h>
#include <stdbool.h>

#include "backend.h"
#include "diff.h"
#include "model.h"
#include "ops.h"

struct be_live;

/* Discover and read everything, subscribe to changes. */
int be_live_create(struct be_live **out, struct be_error *err);
void be_live_destroy(struct be_live *live);

/*
 * Namespaces whose changes nstop cannot see: an event socket it could not open
 * (the open-file limit), or one discovery had to skip for lack of fds. fd_need
 * is what all of them would take. Never silent: --monitor says it on stderr,
 * the TUI on its status line.
 */
struct be_live_watch {
	size_t total;      /* namespaces found, skipped ones included */
	size_t unwatched;  /* of them, not watched (skipped ones included) */
	unsigned long long fd_soft, fd_hard, fd_need;
	bool fd_limited;   /* the open-file limit is the reason */
};
void be_live_watch_state(const struct be_live *live, struct be_live_watch *out);
/* Each unwatched namespace's name (a path for one discovery skipped), to fn. */
void be_live_unwatched(const struct be_live *live, void (*fn)(void *ctx, const char *name), void *ctx);
/* "cannot watch 250 of 301 namespaces for changes: open-file limit 256 (hard 256), about 1870 fds needed";
 * false (buf "") when every namespace is watched or the limit is not why (not read: said as such). */
bool be_live_watch_text(const struct be_live *live, char *buf, size_t len);

/* The model; valid until the next be_live_dispatch / be_live_sample_stats. */
const struct nst_model *be_live_model(const struct be_live *live);

/* How many fds be_live_pollfds wants to fill right now. */
size_t be_live_pollfd_count(const struct be_live *live);
/* Fill fds (at most max) with what to poll; returns how many. Call before every poll. */
size_t be_live_pollfds(struct be_live *live, struct pollfd *fds, size_t max);
/* Milliseconds until the next backend deadline (debounced refresh, rescan); -1 for none. */
int be_live_timeout_ms(const struct be_live *live);
/*
 * Handle the ready fds (as filled by be_live_pollfds, with revents) and the
 * deadlines that are due. Each change is reported through fn. Returns true
 * when the model changed.
 */
bool be_live_dispatch(struct be_live *live, const struct pollfd *fds, size_t n, nst_change_fn fn, void *ctx);

/*
 * Apply an edit validated against be_live_model() (nst_op_validate). Multi-step
 * edits are undone when a later step fails. 0, or -errno with err->msg saying
 * what failed, with the kernel's message, and whether anything was left.
 * The model catches up through the usual events.
 */
int be_live_apply(struct be_live *live, const struct nst_op *op, struct be_error *err);

/*
 * Take a counter sample of each namespace want() names links of: want gives
 * their count and fills up to cap of their ifindexes, -1 for all of them, 0
 * none (ui_stats_links). A few links of many are asked for one by one, the
 * rest by one dump of the namespace. NULL want: every link everywhere.
 */
typedef long (*be_stats_want_fn)(void *ctx, const struct nst_ns *ns, int *ifindexes, size_t cap);
void be_live_sample_stats(struct be_live *live, be_stats_want_fn want, void *ctx);
