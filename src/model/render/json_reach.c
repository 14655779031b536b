/* SPDX-License-Identifier: MIT */
/*
 * `nstop --reach --json`: {"proto","port","namespaces":[{"name","display",
 * "inode","addresses"}],"counts":{...},"cells":[{"from","to","address",
 * "reachable","reason","failed_in","probe"}]} (README). A namespace's own
 * addresses are no cell: nothing was asked.
 */
#include <string.h>

#include "json_writer.h"
#include "reach_probe.h"
#include "reach_render.h"

static const char *addr_str(const struct nst_reach_col *c, char *buf, size_t len)
{
	struct nst_addr a = { .family = c->family };

	memcpy(a.bytes, c->addr, 16);
	return nst_addr_format(&a, false, buf, len);
}

static void namespaces(struct nst_json *j, const struct nst_reach_matrix *mx)
{
	char a[NST_ADDR_STRLEN];

	nst_json_arr_begin(j, "namespaces");
	for (size_t r = 0; r < mx->n_rows; r++) {
		size_t n, first = nst_reach_matrix_row_cols(mx, r, &n);
		nst_json_obj_begin(j, NULL);
		nst_json_str(j, "name", mx->rows[r].name);
		nst_json_str(j, "display", mx->rows[r].display);
		nst_json_uint(j, "inode", mx->rows[r].ns.ino);
		nst_json_arr_begin(j, "addresses");
		for (size_t c = first; c < first + n; c++) {
			nst_json_str(j, NULL, addr_str(&mx->cols[c], a, sizeof(a)));
		}
		nst_json_arr_end(j);
		nst_json_obj_end(j);
	}
	nst_json_arr_end(j);
}

static void probe(struct nst_json *j, const struct nst_reach_observed *o)
{
	if (!o) {
		nst_json_null(j, "probe");
		return;
	}
	nst_json_obj_begin(j, "probe");
	nst_json_str(j, "error", o->error);
	nst_json_int(j, "sent", o->sent);
	nst_json_int(j, "answered", o->answered);
	nst_json_str(j, "outcome", o->error ? NULL : nst_probe_outcome_str(o->outcome));
	if (o->compared) {
		nst_json_bool(j, "agrees", o->agrees);
	} else {
		nst_json_null(j, "agrees"); /* an unknown prediction: nothing to agree with */
	}
	nst_json_str(j, "disagreement", o->disagreement);
	nst_json_obj_end(j);
}

void nst_render_reach_json(const struct nst_reach_matrix *mx, FILE *out)
{
	struct nst_json j;
	char a[NST_ADDR_STRLEN];

	nst_json_init(&j, out);
	nst_json_obj_begin(&j, NULL);
	nst_json_str(&j, "proto", nst_reach_proto_str(mx->proto));
	if (mx->port > 0) {
		nst_json_int(&j, "port", mx->port);
	} else {
		nst_json_null(&j, "port");
	}
	namespaces(&j, mx);
	nst_json_obj_begin(&j, "counts");
	nst_json_uint(&j, "reachable", mx->n_ok);
	nst_json_uint(&j, "unreachable", mx->n_fail);
	nst_json_uint(&j, "unknown", mx->n_unknown);
	nst_json_obj_end(&j);
	nst_json_arr_begin(&j, "cells");
	for (size_t r = 0; r < mx->n_rows; r++) {
		for (size_t c = 0; c < mx->n_cols; c++) {
			const struct nst_reach_cell *cell = nst_reach_matrix_cell(mx, r, c);
			if (cell->self || cell->pending) {
				continue; /* pending: not explained yet (a matrix built in steps) */
			}
			nst_json_obj_begin(&j, NULL);
			nst_json_str(&j, "from", mx->rows[r].name);
			nst_json_str(&j, "to", mx->rows[mx->cols[c].row].name);
			nst_json_str(&j, "address", addr_str(&mx->cols[c], a, sizeof(a)));
			if (cell->reachable < 0) {
				nst_json_null(&j, "reachable");
			} else {
				nst_json_bool(&j, "reachable", cell->reachable == 1);
			}
			nst_json_str(&j, "reason", cell->reason);
			/* by the name commands take when nstop read it, else as the hop showed it */
			long fr = cell->failed_in ? nst_reach_matrix_find_row(mx, cell->failed_id) : -1;
			nst_json_str(&j, "failed_in", fr >= 0 ? mx->rows[fr].name : cell->failed_in);
			nst_json_bool(&j, "failed_on_reply", cell->failed_reply);
			probe(&j, cell->probe);
			nst_json_obj_end(&j);
		}
	}
	nst_json_arr_end(&j);
	nst_json_obj_end(&j);
	fputc('\n', out);
}
