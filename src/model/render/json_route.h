/* SPDX-License-Identifier: MIT */
/* A namespace's routes (every table), "rules", "nexthops" (objects) and "sysctl" (json_sysctl.c) in `nstop --json` (README.md, JSON schema). */
#pragma once
#include "json_writer.h"
#include "model.h"

void nst_json_route(struct nst_json *j, const struct nst_ns *ns, const struct nst_route *r);
void nst_json_rules(struct nst_json *j, const struct nst_ns *ns);
void nst_json_nexthops(struct nst_json *j, const struct nst_ns *ns);
/* "sysctl": ip_forward, ipv6_forwarding, conf/all, conf/default and each interface's forwarding switches. */
void nst_json_sysctl(struct nst_json *j, const struct nst_ns *ns);
