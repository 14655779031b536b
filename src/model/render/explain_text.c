/* SPDX-License-Identifier: MIT */
/*
 * `nstop --explain` as text: a verdict line, then one line per hop (✓ ✗ ?,
 * or OK/FAIL/?? in ASCII) with each filter/NAT hook's verdict under it, its NAT,
 * reason, fix and the command that shows it.
 */
#include <stdio.h>

#include "explain.h"
#include "quote.h"

static const char *mark(enum nst_reach_verdict v, bool ascii)
{
	switch (v) {
	case NST_REACH_OK:
		return ascii ? "OK  " : "\u2713";
	case NST_REACH_FAIL:
		return ascii ? "FAIL" : "\u2717";
	default:
		return ascii ? "??  " : "?";
	}
}

static void term(FILE *out, const char *s)
{
	struct nst_buf b = { 0 };

	nst_term_text(&b, s);
	fputs(nst_buf_str(&b), out);
	nst_buf_free(&b);
}

static void path(FILE *out, const char *title, const struct nst_reach_path *p, bool ascii)
{
	fprintf(out, "%s:\n", title);
	for (size_t i = 0; i < p->n; i++) {
		const struct nst_reach_hop *h = &p->v[i];
		fprintf(out, "  %s %zu ", mark(h->result, ascii), i + 1);
		term(out, h->ns);
		if (h->iif[0] || h->oif[0]) {
			fputs(" [", out);
			term(out, h->iif[0] ? h->iif : "-");
			fputs(ascii ? " -> " : " \u2192 ", out);
			term(out, h->oif[0] ? h->oif : "-");
			fputc(']', out);
		}
		if (h->route) {
			fputs(": ", out);
			term(out, h->route);
		}
		fputc('\n', out);
		for (size_t k = 0; k < h->n_hooks; k++) {
			const struct nst_reach_hook *x = &h->hooks[k];
			fprintf(out, "      %s %s ", mark(x->result, ascii), x->hook);
			term(out, x->family);
			fputc(' ', out);
			term(out, x->table ? x->table : "?");
			fputc(' ', out);
			term(out, x->chain ? x->chain : "?");
			if (x->ns) {
				fputs(" (in ", out);
				term(out, x->ns);
				fputc(')', out);
			}
			if (x->rule) {
				fprintf(out, " rule %llu", (unsigned long long)x->rule);
			}
			fputs(": ", out);
			term(out, x->verdict ? x->verdict : "?");
			fputc('\n', out);
		}
		if (h->nat) {
			fputs("      nat: ", out);
			term(out, h->nat);
			fputc('\n', out);
		}
		if (h->neighbour) {
			fputs("      neighbour: ", out);
			term(out, h->neighbour);
			fputc('\n', out);
		}
		if (h->reason) {
			fputs("      ", out);
			term(out, h->reason);
			fputc('\n', out);
		}
		if (h->fix) {
			fputs("      fix: ", out);
			term(out, h->fix);
			fputc('\n', out);
		}
		if (h->command) {
			fputs("      shown by: ", out);
			term(out, h->command);
			fputc('\n', out);
		}
	}
}

void nst_render_explain_text(const struct nst_explain_head *q, const struct nst_reach *r, bool ascii, FILE *out)
{
	fputs(r->reachable == 1 ? "reachable" : r->reachable == 0 ? "NOT reachable" : "unknown", out);
	fputs(": ", out);
	term(out, q->from);
	fputs(ascii ? " -> " : " \u2192 ", out);
	term(out, q->to);
	fprintf(out, " %s", nst_reach_proto_str(q->proto));
	if (q->port >= 0) {
		fprintf(out, " port %d", q->port);
	}
	fputc('\n', out);
	if (r->reason) {
		fputs("reason: ", out);
		term(out, r->reason);
		fputc('\n', out);
	}
	if (r->fix) {
		fputs("fix: ", out);
		term(out, r->fix);
		fputc('\n', out);
	}
	path(out, "request", &r->request, ascii);
	if (r->reply.n) {
		path(out, "reply", &r->reply, ascii);
	}
}
