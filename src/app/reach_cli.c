/* SPDX-License-Identifier: MIT */
/*
 * `nstop --reach`: read the model, open the kernel's FIB in every namespace
 * once, build the matrix (reach_matrix.c) and print it as a grid that fits
 * the terminal, or as JSON.
 */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "backend.h"
#include "be_fib.h"
#include "be_probe.h"
#include "explain_cli.h"
#include "quote.h"
#include "reach_cli.h"
#include "reach_matrix.h"
#include "reach_probe.h"
#include "reach_render.h"

static int parse(const struct reach_args *a, enum nst_reach_proto *proto, int *port)
{
	char shown[256];

	*proto = NST_PROTO_ICMP;
	*port = -1;
	if (a->proto && strcmp(a->proto, "tcp") == 0) {
		*proto = NST_PROTO_TCP;
	} else if (a->proto && strcmp(a->proto, "udp") == 0) {
		*proto = NST_PROTO_UDP;
	} else if (a->proto && strcmp(a->proto, "icmp") != 0) {
		fprintf(stderr, "nstop: --proto is icmp, tcp or udp, not '%s'\n", nst_term_str(a->proto, shown, sizeof(shown)));
		return 2;
	}
	if (a->port) {
		long long n;
		if (*proto == NST_PROTO_ICMP || !nst_parse_long(a->port, 1, 65535, &n)) {
			fprintf(stderr, "nstop: --port wants 1 to 65535 with --proto tcp or udp, not '%s'\n",
				nst_term_str(a->port, shown, sizeof(shown)));
			return 2;
		}
		*port = (int)n;
	} else if (*proto != NST_PROTO_ICMP) {
		fputs("nstop: --proto tcp or udp wants --port N\n", stderr);
		return 2;
	}
	return 0;
}

/* --probe: whether this process may probe, and stale trace tables gone; 0 or 2 with the reason printed. */
static int probe_check(void)
{
	struct be_error err = { 0 };
	char why[160];

	if (!be_probe_allowed(why, sizeof(why))) {
		fprintf(stderr, "nstop: --probe: %s\n", why);
		return 2;
	}
	if (be_trace_sweep(&err) < 0) {
		fprintf(stderr, "nstop: --probe: cannot look for stale trace tables: %s\n", err.msg);
		return 2;
	}
	return 0;
}

/* One cell confirmed as --explain --probe confirms one explanation: the cell's walk again (its
 * path says where to trace), one real probe from the source it used, the comparison. */
static int confirm_cell(void *ctx, const struct nst_model *m, const struct nst_reach_probe *cell_probe,
			const struct nst_reach_cell *predicted, struct nst_reach_observed **obs)
{
	const struct nst_fib_oracle *oracle = ctx;
	struct nst_reach_probe p = *cell_probe;
	struct nst_reach r;
	char why[256];

	(void)predicted; /* the walk below is the cell's own, asked again with its path */
	nst_reach_explain(m, oracle, &p, &r);
	int rc = explain_probe(m, &p, &r, 1, why, sizeof(why));
	if (rc == 0) {
		*obs = r.probe;
		r.probe = NULL; /* the cell owns it now */
	}
	nst_reach_free(&r);
	return rc;
}

/* The terminal's width when stdout is one, else $COLUMNS, else 0 (the renderer's 80). */
static int out_width(void)
{
	struct winsize ws;
	long long n;
	const char *env = getenv("COLUMNS");

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		return ws.ws_col;
	}
	if (env && nst_parse_long(env, 1, 100000, &n)) {
		return (int)n;
	}
	return 0;
}

int reach_run(const struct reach_args *a)
{
	struct nst_model *m = NULL;
	struct be_error err = { 0 };
	enum nst_reach_proto proto;
	int port;
	int rc = parse(a, &proto, &port);

	if (rc || (a->probe && (rc = probe_check()) != 0)) {
		return rc;
	}
	if (be_snapshot(&m, &err) < 0) {
		fprintf(stderr, "nstop: %s\n", err.msg);
		return 3; /* nothing read: nstop cannot tell, which is not "unreachable" */
	}
	struct be_fib *fib = NULL;
	struct nst_fib_oracle oracle;
	if (be_fib_open(m, &fib, &oracle, &err) < 0) {
		fprintf(stderr, "nstop: %s\n", err.msg);
		nst_model_destroy(m);
		return 3;
	}
	struct nst_reach_matrix mx;
	nst_reach_matrix_build(m, &oracle, proto, port, &mx);
	if (a->probe) {
		nst_reach_matrix_confirm(&mx, m, confirm_cell, &oracle);
	}
	if (a->json) {
		nst_render_reach_json(&mx, stdout);
	} else {
		setlocale(LC_CTYPE, "");
		bool utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
		nst_render_reach_text(&mx, a->ascii || !utf8, out_width(), stdout);
	}
	/* a cell known to fail is the answer; unknown cells only when nothing is known to fail */
	rc = mx.n_fail ? 1 : mx.n_unknown ? 3 : 0;
	if (a->probe && nst_reach_matrix_disagreements(&mx)) {
		rc = 4; /* as --explain --probe: a real packet contradicts a known prediction */
	}
	nst_reach_matrix_free(&mx);
	be_fib_close(fib);
	nst_model_destroy(m);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("nstop: write");
		rc = 1;
	}
	return rc;
}
