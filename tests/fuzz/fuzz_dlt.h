/* SPDX-License-Identifier: MIT */
/* The fuzz input's first byte picks a link type: shared by the harness and pcaptool. */
#pragma once
#include <stdint.h>

#include "pkt.h"

static const int fuzz_dlts[] = { NST_DLT_EN10MB, NST_DLT_RAW, NST_DLT_LINUX_SLL, NST_DLT_LINUX_SLL2,
				 NST_DLT_IPV4, NST_DLT_IPV6 };
#define FUZZ_NDLT (sizeof(fuzz_dlts) / sizeof(fuzz_dlts[0]))

static inline int fuzz_dlt(uint8_t b)
{
	return fuzz_dlts[b % FUZZ_NDLT];
}

static inline int fuzz_dlt_index(int dlt)
{
	for (unsigned i = 0; i < FUZZ_NDLT; i++) {
		if (fuzz_dlts[i] == dlt) {
			return (int)i;
		}
	}
	return -1;
}
