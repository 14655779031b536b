/* SPDX-License-Identifier: MIT */
/*
 * `--reach`: every namespace to every address of every other namespace, each
 * cell one nst_reach_explain. Rows and columns name namespaces by identity, so
 * the matrix outlives the model generation it was built from.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "reach.h"

struct nst_fib_memo; /* reach_memo.h */

/* One source namespace. */
struct nst_reach_row {
	struct nst_ns_id ns;
	char *name;              /* what commands use (ns->name) */
	char *display;           /* what is shown (nst_ns_display) */
};

/* One destination: an address (neither loopback nor link-local) of a namespace. */
struct nst_reach_col {
	struct nst_ns_id ns;
	size_t row;              /* the row of the namespace that owns it */
	int family;              /* AF_INET, AF_INET6 */
	uint8_t addr[16];
};

struct nst_reach_cell {
	bool self;               /* the column is the row's own namespace: not asked, not counted */
	bool pending;            /* not explained yet (nst_reach_matrix_step has not come to it) */
	int reachable;           /* 1 yes, 0 no, -1 unknown (self: 0) */
	char *reason;            /* the first failing or unknown hop's; NULL when reachable */
	char *failed_in;         /* that hop's namespace (display name); NULL when reachable */
	struct nst_ns_id failed_id;
	bool failed_reply;       /* that hop is on the reply's way */
	struct nst_reach_observed *probe; /* nst_reach_matrix_confirm's; NULL: not probed */
};

struct nst_reach_matrix {
	enum nst_reach_proto proto;
	int port;                /* -1: none (icmp) */
	uint64_t generation;     /* the model's when built */
	struct nst_reach_row *rows;
	size_t n_rows;
	struct nst_reach_col *cols; /* grouped by namespace, in row order */
	size_t n_cols;
	struct nst_reach_cell *cells; /* n_rows * n_cols, row by row */
	size_t n_ok, n_fail, n_unknown; /* over the cells that are not self */
	size_t lookups, memo_hits;   /* FIB questions asked of the oracle; answered from the memo */
	size_t next;                 /* the next cell nst_reach_matrix_step explains; n_rows * n_cols: done */
	struct nst_fib_memo *memo;   /* the steps' memo; NULL before the first and once done */
};

/*
 * Build *out (zeroed here) for m: rows every namespace in model order, columns
 * their addresses, every non-self cell explained through o (FIB answers are
 * memoised per namespace and question for this build). port -1: none.
 * Free it with nst_reach_matrix_free.
 */
void nst_reach_matrix_build(const struct nst_model *m, const struct nst_fib_oracle *o, enum nst_reach_proto proto,
			    int port, struct nst_reach_matrix *out);
/*
 * The same build in slices, for a loop that must not stop for seconds (the
 * TUI's `R` does not use it yet: it builds at once, a few seconds at 200
 * namespaces, during which the loop waits):
 * begin lays out rows, columns and pending cells; each step explains up to max
 * more cells (row by row) and returns how many remain pending. Every step must get the
 * model begin read, unchanged (same generation), and the same oracle.
 */
void nst_reach_matrix_begin(const struct nst_model *m, enum nst_reach_proto proto, int port,
			    struct nst_reach_matrix *out);
size_t nst_reach_matrix_step(struct nst_reach_matrix *mx, const struct nst_model *m, const struct nst_fib_oracle *o,
			     size_t max);
void nst_reach_matrix_free(struct nst_reach_matrix *mx);

/* The cell at (row, col), or NULL when either is out of range. */
const struct nst_reach_cell *nst_reach_matrix_cell(const struct nst_reach_matrix *mx, size_t row, size_t col);
/* The row of namespace id, or -1. */
long nst_reach_matrix_find_row(const struct nst_reach_matrix *mx, struct nst_ns_id id);
/* The first column of row's namespace and how many it has (*n 0: none). */
size_t nst_reach_matrix_row_cols(const struct nst_reach_matrix *mx, size_t row, size_t *n);

/*
 * The probe that explains cell (row, col) against m (the model may be newer
 * than the matrix): 0, or -ENOENT when the source namespace is gone, -ERANGE
 * out of range, -EINVAL a self cell. Enter on a cell, and --reach --probe, use it.
 */
int nst_reach_matrix_probe(const struct nst_reach_matrix *mx, const struct nst_model *m, size_t row, size_t col,
			   struct nst_reach_probe *p);

/*
 * The seam for `--reach --probe`: confirm asks a real probe for one cell's
 * prediction and returns 0 with *obs (malloc'd, the cell owns it) or -errno.
 * Called for every non-self cell; returns how many cells were confirmed.
 */
typedef int (*nst_reach_confirm_fn)(void *ctx, const struct nst_model *m, const struct nst_reach_probe *p,
				    const struct nst_reach_cell *predicted, struct nst_reach_observed **obs);
/* Cells whose probe was compared with a known prediction and disagrees. */
size_t nst_reach_matrix_disagreements(const struct nst_reach_matrix *mx);
size_t nst_reach_matrix_confirm(struct nst_reach_matrix *mx, const struct nst_model *m, nst_reach_confirm_fn confirm,
				void *ctx);
