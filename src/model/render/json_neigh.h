/* SPDX-License-Identifier: MIT */
/* A link's "neighbours" (ip neigh) and "fdb" (bridge fdb) in `nstop --json` (README.md, JSON schema). */
#pragma once
#include "json_writer.h"
#include "model.h"

void nst_json_link_neighs(struct nst_json *j, const struct nst_ns *ns, const struct nst_link *l);
/* "proxy_neighbours": proxy entries of no device (`ip neigh add proxy ADDR`: every link answers for it). */
void nst_json_ns_proxies(struct nst_json *j, const struct nst_ns *ns);
