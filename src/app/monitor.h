/* SPDX-License-Identifier: MIT */
/* --monitor mode: print changes until interrupted. */
#pragma once
#include <stdbool.h>

#include "live.h"
#include "model.h"

/* Returns the exit status. only: the one namespace to report (--ns), by identity; NULL: all. */
int monitor_run(struct be_live *live, const struct nst_ns_id *only, bool json);
