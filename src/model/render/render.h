/* SPDX-License-Identifier: MIT */
/* Output without a terminal: JSON (schema version 1), indented text, Graphviz. */
#pragma once
#include <stdio.h>

#include "model.h"

#define NST_JSON_SCHEMA_VERSION 1

/* only: NULL for every namespace, else just that one (peers still name the other side). */
void nst_render_json(const struct nst_model *m, const struct nst_ns *only, FILE *out);
void nst_render_text(const struct nst_model *m, const struct nst_ns *only, FILE *out);
void nst_render_dot(const struct nst_model *m, const struct nst_ns *only, FILE *out);
void nst_render_script(const struct nst_model *m, const struct nst_ns *only, FILE *out);
