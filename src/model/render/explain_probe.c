/* SPDX-License-Identifier: MIT */
/*
 * A probe's observations (reach_probe.h) as text and JSON: what was sent and
 * came back, the observed namespaces beside the predicted ones, each traced
 * verdict, and the agreement — a disagreement is always printed in full.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "explain_probe.h"
#include "quote.h"
#include "reach_probe.h"

#define PATH_NS 64

static void term(FILE *out, const char *s)
{
	struct nst_buf b = { 0 };

	nst_term_text(&b, s ? s : "?");
	fputs(nst_buf_str(&b), out);
	nst_buf_free(&b);
}

static void names_line(FILE *out, const char **v, size_t n, bool ascii, const char *none)
{
	if (!n) {
		fputs(none, out);
	}
	for (size_t i = 0; i < n && i < PATH_NS; i++) {
		if (i) {
			fputs(ascii ? " -> " : " \u2192 ", out);
		}
		term(out, v[i]);
	}
	fputc('\n', out);
}

static void predicted_line(FILE *out, const struct nst_reach_path *p, bool ascii)
{
	const char *v[PATH_NS];
	size_t n = 0;

	for (size_t i = 0; i < p->n && n < PATH_NS; i++) {
		if (n && i && nst_ns_id_eq(p->v[i - 1].ns_id, p->v[i].ns_id)) {
			continue;
		}
		v[n++] = p->v[i].ns;
	}
	names_line(out, v, n, ascii, "(none predicted)");
}

static void observed_line(FILE *out, const struct nst_reach_observed *o, bool reply, bool ascii)
{
	struct nst_ns_id ids[PATH_NS];
	const char *v[PATH_NS];
	size_t n = nst_reach_observed_path(o, reply, ids, v, PATH_NS);

	names_line(out, v, n, ascii, "(nothing traced)");
}

/* Each namespace's visit on one line: the hooks met, then every other table's verdict. */
static void events(FILE *out, const struct nst_reach_observed *o)
{
	char where[400];

	for (size_t i = 0; i < o->n;) {
		const struct nst_reach_obs_event *e = &o->v[i];
		size_t j = i;
		fprintf(out, "    #%d %s ", e->packet, e->reply ? "reply  " : "request");
		term(out, e->ns);
		fputc(':', out);
		for (; j < o->n && o->v[j].packet == e->packet && o->v[j].reply == e->reply &&
		       nst_ns_id_eq(o->v[j].ns_id, e->ns_id);
		     j++) {
			const struct nst_reach_obs_event *f = &o->v[j];
			if (f->ours) {
				fputc(' ', out);
				term(out, f->hook);
				if (f->iif[0] || f->oif[0]) {
					fputs(" (", out);
					term(out, f->iif[0] ? f->iif : "-");
					fputc('>', out);
					term(out, f->oif[0] ? f->oif : "-");
					fputc(')', out);
				}
			} else {
				fputs(" [", out);
				term(out, nst_reach_obs_where(f, where, sizeof(where)));
				fputs(": ", out);
				fputs(f->verdict, out);
				if (f->target) {
					fputc(' ', out);
					term(out, f->target);
				}
				fputc(']', out);
			}
		}
		fputc('\n', out);
		i = j;
	}
}

/* One line for every device captured on: its packets each way, or why it could not be watched. */
static void captures_line(FILE *out, const struct nst_reach_observed *o)
{
	if (!o->n_caps && !o->caps_cut) {
		return;
	}
	fputs("  captured: ", out);
	for (size_t i = 0; i < o->n_caps; i++) {
		const struct nst_reach_obs_capture *c = &o->caps[i];
		if (i) {
			fputs(", ", out);
		}
		term(out, c->ns);
		fputc(':', out);
		term(out, c->dev);
		fprintf(out, " req %d rep %d", c->request, c->reply);
		if (c->error) {
			fputs(" (", out);
			term(out, c->error);
			fputc(')', out);
		}
	}
	if (o->caps_cut) {
		fprintf(out, "%s%zu more devices not captured (at most %d are)", o->n_caps ? "; " : "", o->caps_cut,
			NST_PROBE_MAX_CAPTURES);
	}
	fputc('\n', out);
}

void nst_render_explain_probe_text(const struct nst_reach *r, bool ascii, FILE *out)
{
	const struct nst_reach_observed *o = r->probe;

	if (!o) {
		return;
	}
	fputs("probe: ", out);
	if (o->error) {
		fputs("could not run: ", out);
		term(out, o->error);
		fputc('\n', out);
		return;
	}
	fprintf(out, "%d sent, %d answered in %" PRIu64 " ms: ", o->sent, o->answered, o->elapsed_ms);
	term(out, o->summary);
	fputc('\n', out);
	fputs("  predicted request: ", out);
	predicted_line(out, &r->request, ascii);
	fputs("  observed  request: ", out);
	observed_line(out, o, false, ascii);
	struct nst_ns_id ids[1];
	if (r->reply.n || nst_reach_observed_path(o, true, ids, NULL, 1)) {
		fputs("  predicted reply:   ", out);
		predicted_line(out, &r->reply, ascii);
		fputs("  observed  reply:   ", out);
		observed_line(out, o, true, ascii);
	}
	captures_line(out, o);
	if (o->n) {
		fputs("  traced:\n", out);
		events(out, o);
	}
	if (o->events_lost) {
		fputs("  (some trace events were lost: the observed path may be cut short)\n", out);
	}
	if (!o->compared) {
		fputs("probe: nothing to compare with: the prediction is unknown; the probe's outcome above is the answer\n",
		      out);
	} else if (o->agrees) {
		fputs("probe: agrees with the prediction\n", out);
	} else {
		fputs("probe: DISAGREES with the prediction: ", out);
		term(out, o->disagreement);
		fputc('\n', out);
	}
}

static void path_json(struct nst_json *j, const char *key, const struct nst_reach_observed *o, bool reply)
{
	struct nst_ns_id ids[PATH_NS];
	const char *v[PATH_NS];
	size_t n = nst_reach_observed_path(o, reply, ids, v, PATH_NS);

	nst_json_arr_begin(j, key);
	for (size_t i = 0; i < n && i < PATH_NS; i++) {
		nst_json_str(j, NULL, v[i]);
	}
	nst_json_arr_end(j);
}

static void event_json(struct nst_json *j, const struct nst_reach_obs_event *e)
{
	nst_json_obj_begin(j, NULL);
	nst_json_str(j, "namespace", e->ns);
	nst_json_str(j, "direction", e->reply ? "reply" : "request");
	nst_json_int(j, "packet", e->packet);
	nst_json_str(j, "hook", e->hook[0] ? e->hook : NULL);
	nst_json_str(j, "family", e->family);
	nst_json_str(j, "table", e->table);
	nst_json_str(j, "chain", e->chain);
	if (e->rule) {
		nst_json_uint(j, "rule", e->rule);
	} else {
		nst_json_null(j, "rule");
	}
	nst_json_str(j, "verdict", e->verdict);
	nst_json_str(j, "target", e->target);
	nst_json_str(j, "iif", e->iif[0] ? e->iif : NULL);
	nst_json_str(j, "oif", e->oif[0] ? e->oif : NULL);
	nst_json_bool(j, "nstop", e->ours);
	nst_json_obj_end(j);
}

void nst_render_explain_probe_json(struct nst_json *j, const struct nst_reach *r)
{
	const struct nst_reach_observed *o = r->probe;

	if (!o) {
		nst_json_null(j, "probe");
		return;
	}
	nst_json_obj_begin(j, "probe");
	nst_json_str(j, "error", o->error);
	nst_json_int(j, "sent", o->sent);
	nst_json_int(j, "answered", o->answered);
	nst_json_bool(j, "refused", o->refused);
	nst_json_str(j, "outcome", nst_probe_outcome_str(o->outcome));
	nst_json_str(j, "summary", o->summary);
	nst_json_uint(j, "elapsed_ms", o->elapsed_ms);
	nst_json_bool(j, "events_lost", o->events_lost);
	path_json(j, "request", o, false);
	path_json(j, "reply", o, true);
	if (o->drop) {
		nst_json_obj_begin(j, "drop");
		nst_json_str(j, "namespace", o->drop->ns);
		nst_json_str(j, "family", o->drop->family);
		nst_json_str(j, "table", o->drop->table);
		nst_json_str(j, "chain", o->drop->chain);
		if (o->drop->rule) {
			nst_json_uint(j, "rule", o->drop->rule);
		} else {
			nst_json_null(j, "rule");
		}
		nst_json_obj_end(j);
	} else {
		nst_json_null(j, "drop");
	}
	nst_json_arr_begin(j, "observed");
	for (size_t i = 0; i < o->n; i++) {
		event_json(j, &o->v[i]);
	}
	nst_json_arr_end(j);
	nst_json_arr_begin(j, "captures");
	for (size_t i = 0; i < o->n_caps; i++) {
		const struct nst_reach_obs_capture *c = &o->caps[i];
		nst_json_obj_begin(j, NULL);
		nst_json_str(j, "namespace", c->ns);
		nst_json_str(j, "device", c->dev);
		nst_json_int(j, "request", c->request);
		nst_json_int(j, "reply", c->reply);
		nst_json_str(j, "error", c->error);
		nst_json_obj_end(j);
	}
	nst_json_arr_end(j);
	nst_json_uint(j, "captures_cut", o->caps_cut);
	if (o->compared) {
		nst_json_bool(j, "agrees", o->agrees);
	} else {
		nst_json_null(j, "agrees");
	}
	nst_json_str(j, "disagreement", o->disagreement);
	nst_json_obj_end(j);
}
