/* SPDX-License-Identifier: MIT */
/* be_live_events.c: one event datagram applied to a namespace of the live model in place. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "diff.h"
#include "model.h"

enum {
	BE_EV_CHANGED = 1, /* the model moved: settle it */
	BE_EV_REREAD = 2,  /* something could not be applied safely: re-read the namespace whole */
	BE_EV_NEIGH = 4,   /* neighbour events: re-read its neighbours (be_neigh_reread) */
	BE_EV_NSID = 8,    /* a link names another namespace by nsid: map it (be_nsid_resolve_ns) */
};

/* Apply buf's messages (kernel-sent, len bytes) to ns, their lines through fn (may be NULL). BE_EV_* flags. */
int be_live_events_apply(struct nst_ns *ns, const void *buf, size_t len, uint64_t now_ms, nst_change_fn fn, void *ctx);
