/* SPDX-License-Identifier: MIT */
/* --explain FROM TO: read the model, ask the kernel's FIB hop by hop, print the explanation. */
#pragma once
#include <stdbool.h>

struct explain_args {
	const char *from, *to;
	const char *proto;  /* NULL: icmp */
	const char *port;   /* NULL: none */
	const char *source; /* NULL: the kernel's choice */
	const char *probe;  /* NULL: predict only; else how many packets to send (1 to 3) */
	bool json, ascii;
};

/* Exit status: 0 reachable, 1 not, 3 unknown (or nothing could be read), 2 bad usage (the error is printed);
 * 4 when --probe observed something other than the (known) prediction. */
int explain_run(const struct explain_args *a);
