/* SPDX-License-Identifier: MIT */
/*
 * An explanation (and the matrix, `R`) for the TUI, as `--explain` makes one (explain_cli.c): the
 * probe's namespace looked up by identity in the live model, the backend's FIB
 * oracle opened for it, nst_reach_explain, and the answer handed to the UI,
 * which keeps its text and path and not the answer itself.
 */
#include "tui_explain.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be_fib.h"
#include "be_probe.h"
#include "explain_cli.h"
#include "explain.h"
#include "reach_matrix.h"
#include "reach_probe.h"

/* `P`: a real packet from the source the prediction used; what could not run says why in the pane. */
static void probe(const struct nst_model *m, struct nst_reach_probe *p, struct nst_reach *res)
{
	char why[160];

	if (!be_probe_allowed(why, sizeof(why)) || explain_probe(m, p, res, 1, why, sizeof(why)) < 0) {
		res->probe = calloc(1, sizeof(*res->probe));
		if (res->probe) {
			res->probe->error = strdup(why);
		}
	}
}

void tui_explain_request(struct be_live *live, struct ui *ui, const struct ui_explain_req *r)
{
	const struct nst_model *m = be_live_model(live);
	const struct nst_ns *from = nst_model_find_ns_id(m, r->from);
	struct nst_reach_probe p = { .from = from, .family = r->family, .has_src = r->has_src,
				     .proto = (enum nst_reach_proto)r->proto, .port = r->port > 0 ? (uint16_t)r->port : 0 };
	struct be_error err = { 0 };
	struct be_fib *fib = NULL;
	struct nst_fib_oracle oracle;
	char to[INET6_ADDRSTRLEN];

	if (!from) {
		ui_explain_failed(ui, r->id, "the source namespace is gone");
		return;
	}
	if (r->family != AF_INET && r->family != AF_INET6) {
		ui_explain_failed(ui, r->id, "the destination is neither IPv4 nor IPv6");
		return;
	}
	memcpy(p.dst, r->dst, sizeof(p.dst));
	memcpy(p.src, r->src, sizeof(p.src));
	if (!inet_ntop(r->family, r->dst, to, sizeof(to))) {
		snprintf(to, sizeof(to), "?");
	}
	if (be_fib_open(m, &fib, &oracle, &err) < 0) {
		ui_explain_failed(ui, r->id, err.msg);
		return;
	}
	struct nst_reach res;
	struct nst_explain_head h = { .from = nst_ns_display(from), .to = to, .family = r->family,
				      .proto = p.proto, .port = r->proto == NST_PROTO_ICMP ? -1 : r->port };
	nst_reach_explain(m, &oracle, &p, &res);
	if (r->probe) {
		probe(m, &p, &res);
	}
	ui_explain_reply(ui, m, r->id, &h, &res);
	nst_reach_free(&res);
	be_fib_close(fib);
}

void tui_reach_request(struct be_live *live, struct ui *ui, const struct ui_reach_req *r)
{
	const struct nst_model *m = be_live_model(live);
	struct be_error err = { 0 };
	struct be_fib *fib = NULL;
	struct nst_fib_oracle oracle;
	struct nst_reach_matrix mx;

	if (be_fib_open(m, &fib, &oracle, &err) < 0) {
		ui_reach_failed(ui, r->id, err.msg);
		return;
	}
	nst_reach_matrix_build(m, &oracle, (enum nst_reach_proto)r->proto, r->port, &mx);
	be_fib_close(fib);
	ui_reach_reply(ui, r->id, &mx); /* the UI takes it over */
}
