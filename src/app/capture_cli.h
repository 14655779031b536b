/* SPDX-License-Identifier: MIT */
/* --capture: packets of one interface as lines on stdout, like `tcpdump -n -l -i`. */
#pragma once
#include "live.h"

struct capture_args {
	const char *ns_name; /* NULL: nstop's own namespace */
	const char *ifname;
	const char *filter;  /* NULL: everything */
	const char *write;   /* pcap file to write too, or NULL */
	long count;          /* stop after this many; 0: until interrupted */
};

/* Returns the exit status: 0 done, 1 the capture ended on an error, 2 bad interface or filter. */
int capture_run(struct be_live *live, const struct capture_args *a);
