/* SPDX-License-Identifier: MIT */
/* --explain FROM TO: read the model, ask the kernel's FIB hop by hop, print the explanation. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

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

struct nst_model;
struct nst_reach_probe;
struct nst_reach;
/*
 * Confirm the prediction r of p with count real packets from the source the prediction used (p's
 * source is set to it), compared into r->probe. 0, or -errno with why (len bytes) when the probe could
 * not be sent at all; r->probe then stays NULL. --explain, --reach --probe and the TUI's P share it.
 */
int explain_probe(const struct nst_model *m, struct nst_reach_probe *p, struct nst_reach *r, int count, char *why,
		  size_t len);
