/* SPDX-License-Identifier: MIT */
/* The loop's side of an explanation (UI_ACT_EXPLAIN) and of the matrix (UI_ACT_REACH) the UI asked for. */
#pragma once
#include "live.h"
#include "ui.h"

/* Walk r's probe in the live model with the kernel's FIB as the oracle; answer the UI. */
void tui_explain_request(struct be_live *live, struct ui *ui, const struct ui_explain_req *r);
/* Build the reachability matrix r asks for in the live model; hand it over to the UI. */
void tui_reach_request(struct be_live *live, struct ui *ui, const struct ui_reach_req *r);
