/* SPDX-License-Identifier: MIT */
/* --monitor mode: print changes until interrupted. */
#pragma once
#include <stdbool.h>

#include "live.h"

/* Returns the exit status. */
int monitor_run(struct be_live *live, const char *only_ns, bool json);
