/* SPDX-License-Identifier: MIT */
/* The one allocation family; abort on OOM so callers never carry half-built state. */
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
	fputs("nstop: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		oom();
	}
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p) {
		oom();
	}
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		oom();
	}
	return q;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p) {
		oom();
	}
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *out = NULL;

	va_start(ap, fmt);
	int n = vasprintf(&out, fmt, ap);
	va_end(ap);
	if (n < 0) {
		oom();
	}
	return out;
}

void *xgrow(void *items_ptr, size_t *count, size_t *cap, size_t elem_size)
{
	void **items = items_ptr;

	if (*count == *cap) {
		/* Doubling while small; past 1024 items a quarter more: a namespace's arrays are trimmed
		 * once read (nst_ns_trim), and doubling on the next event would leave half of a big one
		 * unused (/ of a 3000-container host: its 3000 links and 9000 routes). */
		size_t ncap = *cap < 4 ? 4 : *cap < 1024 ? *cap * 2 : *cap + *cap / 4;
		*items = xrealloc(*items, ncap * elem_size);
		*cap = ncap;
	}
	char *slot = (char *)*items + (*count)++ * elem_size;
	memset(slot, 0, elem_size);
	return slot;
}

void xslots_reset(size_t **slots, size_t *cap, size_t n)
{
	size_t want = 16;

	while (want < 2 * n) {
		want *= 2;
	}
	if (want != *cap) {
		free(*slots);
		*slots = xcalloc(want, sizeof(**slots));
		*cap = want;
	} else {
		memset(*slots, 0, want * sizeof(**slots));
	}
}

void xshrink(void *items_ptr, size_t count, size_t *cap, size_t elem_size)
{
	void **items = items_ptr;

	if (*cap == count) {
		return;
	}
	if (count == 0) {
		free(*items);
		*items = NULL;
	} else {
		*items = xrealloc(*items, count * elem_size);
	}
	*cap = count;
}
