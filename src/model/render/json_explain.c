/* SPDX-License-Identifier: MIT */
/*
 * `nstop --explain --json`: {"from","to","proto","port","source","reachable",
 * "reason","fix","request":[hop],"reply":[hop],"probe":null} (README).
 */
#include "explain.h"
#include "json_writer.h"
#include "quote.h"
#include <string.h>

static const char *result_str(enum nst_reach_verdict v)
{
	return v == NST_REACH_OK ? "ok" : v == NST_REACH_FAIL ? "fail" : "unknown";
}

static void hops(struct nst_json *j, const char *key, const struct nst_reach_path *p)
{
	nst_json_arr_begin(j, key);
	for (size_t i = 0; i < p->n; i++) {
		const struct nst_reach_hop *h = &p->v[i];
		nst_json_obj_begin(j, NULL);
		nst_json_str(j, "namespace", h->ns);
		nst_json_str(j, "iif", h->iif[0] ? h->iif : NULL);
		nst_json_str(j, "oif", h->oif[0] ? h->oif : NULL);
		nst_json_str(j, "route", h->route);
		nst_json_str(j, "nat", h->nat);
		nst_json_arr_begin(j, "verdicts");
		for (size_t k = 0; k < h->n_hooks; k++) {
			const struct nst_reach_hook *x = &h->hooks[k];
			struct nst_buf c = { 0 };
			nst_buf_printf(&c, "%s %s %s", x->family, x->table ? x->table : "?", x->chain ? x->chain : "?");
			nst_json_obj_begin(j, NULL);
			nst_json_str(j, "hook", x->hook);
			nst_json_str(j, "chain", nst_buf_str(&c));
			if (x->rule) {
				nst_json_uint(j, "rule", x->rule);
			} else {
				nst_json_null(j, "rule");
			}
			nst_json_str(j, "verdict", x->verdict);
			nst_json_obj_end(j);
			nst_buf_free(&c);
		}
		nst_json_arr_end(j);
		nst_json_str(j, "neighbour", h->neighbour);
		nst_json_str(j, "result", result_str(h->result));
		nst_json_str(j, "reason", h->reason);
		nst_json_str(j, "fix", h->fix);
		nst_json_str(j, "command", h->command);
		nst_json_obj_end(j);
	}
	nst_json_arr_end(j);
}

void nst_render_explain_json(const struct nst_explain_head *q, const struct nst_reach *r, FILE *out)
{
	struct nst_json j;
	char src[NST_ADDR_STRLEN];

	nst_json_init(&j, out);
	nst_json_obj_begin(&j, NULL);
	nst_json_str(&j, "from", q->from);
	nst_json_str(&j, "to", q->to);
	nst_json_str(&j, "proto", nst_reach_proto_str(q->proto));
	if (q->port >= 0) {
		nst_json_int(&j, "port", q->port);
	} else {
		nst_json_null(&j, "port");
	}
	struct nst_addr a = { .family = q->family };
	memcpy(a.bytes, r->src, sizeof(a.bytes));
	nst_json_str(&j, "source", r->has_src ? nst_addr_format(&a, false, src, sizeof(src)) : NULL);
	if (r->reachable < 0) {
		nst_json_null(&j, "reachable");
	} else {
		nst_json_bool(&j, "reachable", r->reachable == 1);
	}
	nst_json_str(&j, "reason", r->reason);
	nst_json_str(&j, "fix", r->fix);
	hops(&j, "request", &r->request);
	hops(&j, "reply", &r->reply);
	nst_json_null(&j, "probe");
	nst_json_obj_end(&j);
	fputc('\n', out);
}
