/* SPDX-License-Identifier: MIT */
/* An explanation (reach.h) as text, one line per hop, or as the JSON of `--explain --json`. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "reach.h"

/* What was asked, as the person typed it (from) and as resolved (to: an address). */
struct nst_explain_head {
	const char *from;
	const char *to;
	int family;
	enum nst_reach_proto proto;
	int port; /* -1: none (icmp) */
};

void nst_render_explain_text(const struct nst_explain_head *q, const struct nst_reach *r, bool ascii, FILE *out);
void nst_render_explain_json(const struct nst_explain_head *q, const struct nst_reach *r, FILE *out);
