/* SPDX-License-Identifier: MIT */
/* The namespace's "firewall" object of `nstop --json` (README.md, JSON schema). */
#pragma once
#include "json_writer.h"
#include "ruleset.h"

void nst_json_firewall(struct nst_json *j, const struct nst_fw_ruleset *rs);
