/* SPDX-License-Identifier: MIT */
/* The loop's side of an explanation the UI asked for (UI_ACT_EXPLAIN). */
#pragma once
#include "live.h"
#include "ui.h"

/* Walk r's probe in the live model with the kernel's FIB as the oracle; answer the UI. */
void tui_explain_request(struct be_live *live, struct ui *ui, const struct ui_explain_req *r);
