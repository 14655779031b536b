/* SPDX-License-Identifier: MIT */
/* Models built by hand, shaped like what the backend reports for the seed's topologies. */
#pragma once
#include <stdio.h>

#include "model.h"

/* "/" with mybridge (192.168.10.1/24) and ports vethA/vethC; ns1/ns2 with vethB/vethD. */
struct nst_model *fixture_seed_bridge(void);

/* Render with fn into a malloc'd string. */
char *render_to_string(void (*fn)(const struct nst_model *, const struct nst_ns *, FILE *),
		       const struct nst_model *m, const struct nst_ns *only);

struct nst_addr fixture_addr4(const char *s, int prefix);
