/* SPDX-License-Identifier: MIT */
/*
 * nst_reach_matrix_build: the rows and columns from the model, then one
 * explanation per cell through a memo of the oracle; each cell keeps only
 * its verdict and the first failing hop (reason and namespace).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "containers.h"
#include "reach_matrix.h"
#include "reach_memo.h"
#include "reach_probe.h"
#include "xalloc.h"

static size_t alen(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* The walk's own rule (reach.c): loopback and link-local addresses are not destinations. */
static bool leave_out(const struct nst_addr *a)
{
	static const uint8_t loop6[16] = { [15] = 1 };

	if (a->family == AF_INET) {
		return a->bytes[0] == 127 || (a->bytes[0] == 169 && a->bytes[1] == 254);
	}
	if (a->family != AF_INET6) {
		return true;
	}
	return memcmp(a->bytes, loop6, 16) == 0 || (a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80);
}

/* Has the namespace's column group (from first) this address already (two links may share one)? */
static bool have_col(const struct nst_reach_matrix *mx, size_t first, const struct nst_addr *a)
{
	for (size_t c = first; c < mx->n_cols; c++) {
		if (mx->cols[c].family == a->family && memcmp(mx->cols[c].addr, a->bytes, alen(a->family)) == 0) {
			return true;
		}
	}
	return false;
}

static void add_cols(struct nst_reach_matrix *mx, size_t *cap, const struct nst_ns *ns, size_t row)
{
	size_t first = mx->n_cols;

	for (size_t i = 0; i < ns->n_links; i++) {
		const struct nst_link *l = &ns->links[i];
		for (size_t j = 0; j < l->n_addrs; j++) {
			const struct nst_addr *a = &l->addrs[j];
			if (leave_out(a) || have_col(mx, first, a)) {
				continue;
			}
			if (mx->n_cols == *cap) {
				*cap = *cap ? 2 * *cap : 16;
				mx->cols = xrealloc(mx->cols, *cap * sizeof(*mx->cols));
			}
			struct nst_reach_col *c = &mx->cols[mx->n_cols++];
			memset(c, 0, sizeof(*c));
			c->ns = ns->id;
			c->row = row;
			c->family = a->family;
			memcpy(c->addr, a->bytes, alen(a->family));
		}
	}
}

static const struct nst_reach_hop *first_failed(const struct nst_reach *r, bool *in_reply)
{
	const struct nst_reach_path *paths[2] = { &r->request, &r->reply };

	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < paths[k]->n; i++) {
			if (paths[k]->v[i].result != NST_REACH_OK) {
				*in_reply = k == 1;
				return &paths[k]->v[i];
			}
		}
	}
	return NULL;
}

/* The cell from one explanation; an answer delivered in another namespace than the column's is not the column's. */
static void fill_cell(const struct nst_reach_matrix *mx, const struct nst_reach_col *col, const struct nst_reach *r,
		      struct nst_reach_cell *cell)
{
	cell->reachable = r->reachable;
	if (r->reachable == 1) {
		const struct nst_reach_hop *last = r->request.n ? &r->request.v[r->request.n - 1] : NULL;
		if (last && !nst_ns_id_eq(last->ns_id, col->ns)) {
			const struct nst_reach_row *owner = &mx->rows[col->row];
			cell->reachable = 0;
			cell->reason = xasprintf("delivered in %s, which owns the same address, not in %s", last->ns,
						 owner->display);
			cell->failed_in = xstrdup(last->ns);
			cell->failed_id = last->ns_id;
		}
		return;
	}
	const struct nst_reach_hop *h = first_failed(r, &cell->failed_reply);
	cell->reason = xstrdup(r->reason ? r->reason : h && h->reason ? h->reason : "no reason given");
	if (h) {
		cell->failed_in = xstrdup(h->ns);
		cell->failed_id = h->ns_id;
	}
}

static void count(struct nst_reach_matrix *mx, const struct nst_reach_cell *c)
{
	if (c->self) {
		return;
	}
	if (c->reachable == 1) {
		mx->n_ok++;
	} else if (c->reachable == 0) {
		mx->n_fail++;
	} else {
		mx->n_unknown++;
	}
}

void nst_reach_matrix_begin(const struct nst_model *m, enum nst_reach_proto proto, int port,
			    struct nst_reach_matrix *out)
{
	size_t cap_cols = 0;

	memset(out, 0, sizeof(*out));
	out->proto = proto;
	out->port = port;
	out->generation = m->generation;
	out->n_rows = m->n_ns;
	out->rows = xcalloc(m->n_ns ? m->n_ns : 1, sizeof(*out->rows));
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];
		out->rows[i].ns = ns->id;
		out->rows[i].name = xstrdup(ns->name);
		out->rows[i].display = xstrdup(nst_ns_display(ns));
		add_cols(out, &cap_cols, ns, i);
	}
	size_t n_cells = out->n_rows * out->n_cols;
	out->cells = xcalloc(n_cells ? n_cells : 1, sizeof(*out->cells));
	for (size_t i = 0; i < n_cells; i++) {
		struct nst_reach_cell *cell = &out->cells[i];
		cell->self = out->cols[i % out->n_cols].row == i / out->n_cols;
		cell->pending = !cell->self;
		cell->reachable = cell->self ? 0 : -1;
	}
}

size_t nst_reach_matrix_step(struct nst_reach_matrix *mx, const struct nst_model *m, const struct nst_fib_oracle *o,
			     size_t max)
{
	size_t n_cells = mx->n_rows * mx->n_cols;
	struct nst_fib_oracle memo_o;

	if (mx->next < n_cells && !mx->memo) {
		mx->memo = nst_fib_memo_create(o, &memo_o);
	}
	for (size_t done = 0; mx->next < n_cells && done < max; mx->next++) {
		struct nst_reach_cell *cell = &mx->cells[mx->next];
		size_t r = mx->next / mx->n_cols, c = mx->next % mx->n_cols;
		struct nst_reach_probe p;
		struct nst_reach e;
		if (!cell->pending) {
			continue;
		}
		if (nst_reach_matrix_probe(mx, m, r, c, &p) < 0) {
			cell->reason = xstrdup("the source namespace is gone");
		} else {
			nst_fib_memo_oracle(mx->memo, &memo_o);
			nst_reach_explain(m, &memo_o, &p, &e);
			fill_cell(mx, &mx->cols[c], &e, cell);
			nst_reach_free(&e);
		}
		cell->pending = false;
		count(mx, cell);
		done++;
	}
	if (mx->memo) {
		nst_fib_memo_stats(mx->memo, &mx->lookups, &mx->memo_hits);
	}
	if (mx->next >= n_cells) {
		nst_fib_memo_destroy(mx->memo);
		mx->memo = NULL;
	}
	/* each column is one row's own: the rest are cells, counted once explained */
	return n_cells - mx->n_cols - (mx->n_ok + mx->n_fail + mx->n_unknown);
}

void nst_reach_matrix_build(const struct nst_model *m, const struct nst_fib_oracle *o, enum nst_reach_proto proto,
			    int port, struct nst_reach_matrix *out)
{
	nst_reach_matrix_begin(m, proto, port, out);
	nst_reach_matrix_step(out, m, o, (size_t)-1);
}

void nst_reach_matrix_free(struct nst_reach_matrix *mx)
{
	for (size_t i = 0; i < mx->n_rows; i++) {
		free(mx->rows[i].name);
		free(mx->rows[i].display);
	}
	for (size_t i = 0; mx->cells && i < mx->n_rows * mx->n_cols; i++) {
		free(mx->cells[i].reason);
		free(mx->cells[i].failed_in);
		nst_reach_observed_free(mx->cells[i].probe);
	}
	nst_fib_memo_destroy(mx->memo);
	free(mx->rows);
	free(mx->cols);
	free(mx->cells);
	memset(mx, 0, sizeof(*mx));
}

const struct nst_reach_cell *nst_reach_matrix_cell(const struct nst_reach_matrix *mx, size_t row, size_t col)
{
	if (row >= mx->n_rows || col >= mx->n_cols) {
		return NULL;
	}
	return &mx->cells[row * mx->n_cols + col];
}

long nst_reach_matrix_find_row(const struct nst_reach_matrix *mx, struct nst_ns_id id)
{
	for (size_t i = 0; i < mx->n_rows; i++) {
		if (nst_ns_id_eq(mx->rows[i].ns, id)) {
			return (long)i;
		}
	}
	return -1;
}

size_t nst_reach_matrix_row_cols(const struct nst_reach_matrix *mx, size_t row, size_t *n)
{
	size_t first = 0;

	*n = 0;
	while (first < mx->n_cols && mx->cols[first].row < row) {
		first++;
	}
	while (first + *n < mx->n_cols && mx->cols[first + *n].row == row) {
		(*n)++;
	}
	return first;
}

int nst_reach_matrix_probe(const struct nst_reach_matrix *mx, const struct nst_model *m, size_t row, size_t col,
			   struct nst_reach_probe *p)
{
	memset(p, 0, sizeof(*p));
	if (row >= mx->n_rows || col >= mx->n_cols) {
		return -ERANGE;
	}
	if (mx->cols[col].row == row) {
		return -EINVAL;
	}
	p->from = nst_model_find_ns_id(m, mx->rows[row].ns);
	if (!p->from) {
		return -ENOENT;
	}
	p->family = mx->cols[col].family;
	memcpy(p->dst, mx->cols[col].addr, 16);
	p->proto = mx->proto;
	p->port = mx->port > 0 ? (uint16_t)mx->port : 0;
	return 0;
}

size_t nst_reach_matrix_confirm(struct nst_reach_matrix *mx, const struct nst_model *m, nst_reach_confirm_fn confirm,
				void *ctx)
{
	size_t done = 0;

	for (size_t r = 0; r < mx->n_rows; r++) {
		for (size_t c = 0; c < mx->n_cols; c++) {
			struct nst_reach_cell *cell = &mx->cells[r * mx->n_cols + c];
			struct nst_reach_probe p;
			struct nst_reach_observed *obs = NULL;
			if (cell->self || nst_reach_matrix_probe(mx, m, r, c, &p) < 0) {
				continue;
			}
			if (confirm(ctx, m, &p, cell, &obs) == 0 && obs) {
				nst_reach_observed_free(cell->probe);
				cell->probe = obs;
				done++;
			}
		}
	}
	return done;
}

size_t nst_reach_matrix_disagreements(const struct nst_reach_matrix *mx)
{
	size_t n = 0;

	for (size_t i = 0; i < mx->n_rows * mx->n_cols; i++) {
		const struct nst_reach_observed *o = mx->cells[i].probe;
		n += o && o->compared && !o->agrees;
	}
	return n;
}
