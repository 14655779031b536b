/* SPDX-License-Identifier: MIT */
/*
 * The explanation pane's state: the loop's answer rendered once by the same
 * text renderer as `--explain` (into memory, split into lines), and its hops
 * kept by identity for the graph's highlight. The UI never holds the answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "ui_state.h"
#include "xalloc.h"

static void clear_lines(struct ui_explain *e)
{
	for (size_t i = 0; i < e->n_lines; i++) {
		free(e->lines[i]);
	}
	free(e->lines);
	e->lines = NULL;
	e->n_lines = e->cap_lines = 0;
}

static void add_line(struct ui_explain *e, const char *s, size_t n)
{
	char *l = xmalloc(n + 1);

	memcpy(l, s, n);
	l[n] = '\0';
	*(char **)xgrow(&e->lines, &e->n_lines, &e->cap_lines, sizeof(*e->lines)) = l;
}

/* text as lines; a last line without '\n' counts too */
static void add_text(struct ui_explain *e, const char *text)
{
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		add_line(e, text, n);
		text += n + (nl != NULL);
	}
}

void ui_explain_close(struct ui *ui)
{
	struct ui_explain *e = &ui->explain;
	int id = e->id;

	clear_lines(e);
	ui_path_clear(&e->path);
	memset(e, 0, sizeof(*e));
	e->id = id; /* a late answer to it is not shown */
	ui->layout_stale = true; /* the graph drops the highlight */
}

void ui_explain_finish(struct ui *ui)
{
	ui_explain_close(ui);
}

void ui_explain_request(struct ui *ui, struct ui_explain_req *req)
{
	struct ui_explain *e = &ui->explain;

	ui_explain_close(ui);
	req->id = ++ui->next_explain_id;
	e->open = true;
	e->pending = true;
	e->id = req->id;
	e->req = *req;
	e->reachable = -1;
	add_text(e, "explaining...");
	ui_actions_explain(&ui->actions, req);
}

static int ifindex_of(const struct nst_model *m, struct nst_ns_id id, const char *name)
{
	const struct nst_ns *ns = name[0] ? nst_model_find_ns_id(m, id) : NULL;
	const struct nst_link *l = ns ? nst_ns_find_link_name(ns, name) : NULL;

	return l ? l->ifindex : 0;
}

static void add_path(struct ui_path *out, const struct nst_model *m, const struct nst_reach_path *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct nst_reach_hop *h = &p->v[i];
		struct ui_path_hop hop = {
			.ns = h->ns_id,
			.iif = ifindex_of(m, h->ns_id, h->iif),
			.oif = ifindex_of(m, h->ns_id, h->oif),
			.failed = h->result != NST_REACH_OK,
			.start = i == 0,
		};
		ui_path_add(out, &hop);
	}
}

void ui_explain_reply(struct ui *ui, const struct nst_model *m, int id, const struct nst_explain_head *h,
		      const struct nst_reach *r)
{
	struct ui_explain *e = &ui->explain;
	char *text = NULL;
	size_t len = 0;

	if (!e->open || id != e->id) {
		return; /* closed, or another asked since */
	}
	clear_lines(e);
	ui_path_clear(&e->path);
	e->pending = false;
	e->top = 0;
	e->reachable = r->reachable;
	FILE *f = open_memstream(&text, &len);
	if (!f) {
		add_text(e, "the explanation could not be rendered: out of memory");
		return;
	}
	nst_render_explain_text(h, r, ui->ascii, f);
	fclose(f);
	add_text(e, text);
	free(text);
	add_path(&e->path, m, &r->request);
	add_path(&e->path, m, &r->reply);
	ui->layout_stale = true; /* the graph shows the path */
}

void ui_explain_failed(struct ui *ui, int id, const char *why)
{
	struct ui_explain *e = &ui->explain;

	if (!e->open || id != e->id) {
		return;
	}
	clear_lines(e);
	e->pending = false;
	e->reachable = -1;
	char *line = xasprintf("cannot explain: %s", why ? why : "no reason given");
	add_text(e, line);
	free(line);
}

void ui_explain_append(struct ui *ui, int id, const char *text)
{
	struct ui_explain *e = &ui->explain;

	if (e->open && id == e->id) {
		add_text(e, text);
	}
}
