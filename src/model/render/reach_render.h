/* SPDX-License-Identifier: MIT */
/* The `--reach` matrix (reach_matrix.h) as a folded text grid, or as JSON. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "reach_matrix.h"

/* A grid of ✓ ✗ ? (ASCII + - ?) folded into blocks of columns that fit width (< 40: 80), a legend, the counts, the reasons. */
void nst_render_reach_text(const struct nst_reach_matrix *mx, bool ascii, int width, FILE *out);
/* {"proto","port","namespaces":[...],"counts":{...},"cells":[...]} (README). */
void nst_render_reach_json(const struct nst_reach_matrix *mx, FILE *out);
