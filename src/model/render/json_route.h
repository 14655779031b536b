/* SPDX-License-Identifier: MIT */
/* A namespace's routes (every table) and "rules" in `nstop --json` (README.md, JSON schema). */
#pragma once
#include "json_writer.h"
#include "model.h"

void nst_json_route(struct nst_json *j, const struct nst_ns *ns, const struct nst_route *r);
void nst_json_rules(struct nst_json *j, const struct nst_ns *ns);
