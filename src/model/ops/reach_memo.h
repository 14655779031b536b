/* SPDX-License-Identifier: MIT */
/*
 * An oracle in front of an oracle: each FIB and listening question answered
 * once per (namespace, question). One matrix build asks the same questions
 * from many cells; the kernel's answers do not change between them.
 */
#pragma once
#include <stddef.h>

#include "reach.h"

struct nst_fib_memo;

/* *out asks through the memo, which asks inner (kept by pointer: it must outlive the memo). */
struct nst_fib_memo *nst_fib_memo_create(const struct nst_fib_oracle *inner, struct nst_fib_oracle *out);
void nst_fib_memo_destroy(struct nst_fib_memo *mo);
/* *out asks through mo again (the oracle create filled, for a caller that did not keep it). */
void nst_fib_memo_oracle(struct nst_fib_memo *mo, struct nst_fib_oracle *out);
/* Questions put to the memo, and how many of them inner did not have to answer. */
void nst_fib_memo_stats(const struct nst_fib_memo *mo, size_t *asked, size_t *hits);
