/* SPDX-License-Identifier: MIT */
/* A probe's observations (reach_probe.h): freeing them. */
#include "reach_probe.h"

#include <stdlib.h>

void nst_reach_observed_free(struct nst_reach_observed *o)
{
	if (!o) {
		return;
	}
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].ns);
		free(o->v[i].table);
		free(o->v[i].chain);
	}
	free(o->v);
	free(o->error);
	free(o->disagreement);
	free(o);
}
