/* SPDX-License-Identifier: MIT */
/* The interactive mode: the live model drawn by the UI, one poll loop. */
#pragma once
#include "live.h"
#include "ui.h"

/* Returns the exit status. hint (NULL: none) is the first status line, e.g. --demo's. */
int tui_run(struct be_live *live, const struct ui_options *opt, const char *hint);
