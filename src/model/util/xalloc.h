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
/* Give back what xgrow's doubling left unused: *cap becomes count (no items: freed, NULL). */
void xshrink(void *items_ptr, size_t count, size_t *cap, size_t elem_size);
