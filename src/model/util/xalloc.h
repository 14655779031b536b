/* SPDX-License-Identifier: MIT */
/* Allocation that aborts on out-of-memory: nstop never half-handles ENOMEM. */
#pragma once
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *items (of elem_size) so that index *count fits; returns the new slot, zeroed. */
void *xgrow(void *items_ptr, size_t *count, size_t *cap, size_t elem_size);
/* An open-addressing table of size_t slots (0: empty) for n items, all emptied: a power of two at
 * least 16 and 2n (so at most half full), reallocated only when that size changes. */
void xslots_reset(size_t **slots, size_t *cap, size_t n);
/* Give back what xgrow's doubling left unused: *cap becomes count (no items: freed, NULL). */
void xshrink(void *items_ptr, size_t count, size_t *cap, size_t elem_size);
