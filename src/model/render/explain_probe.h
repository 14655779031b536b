/* SPDX-License-Identifier: MIT */
/* --probe's observations beside the prediction (explain_probe.c), for explain_text.c and json_explain.c. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "json_writer.h"
#include "reach.h"

/* The observed path beside the predicted one and whether they agree; nothing when no probe ran. */
void nst_render_explain_probe_text(const struct nst_reach *r, bool ascii, FILE *out);
/* The "probe" member: null when no probe ran, else {"observed":[...],"agrees":bool|null,...}. */
void nst_render_explain_probe_json(struct nst_json *j, const struct nst_reach *r);
