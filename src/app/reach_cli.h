/* SPDX-License-Identifier: MIT */
/* --reach: every namespace to every other namespace's addresses, each cell explained by the kernel's FIB. */
#pragma once
#include <stdbool.h>

struct reach_args {
	const char *proto; /* NULL: icmp */
	const char *port;  /* NULL: none */
	bool json, ascii;
	bool probe;        /* --probe: each cell confirmed by one real packet */
};

/* Exit status: 0 every cell reachable, 1 some not, else 3 some unknown (or nothing could be read), 2 bad
 * usage; 4 when --probe saw a cell disagree with its known prediction. */
int reach_run(const struct reach_args *a);
