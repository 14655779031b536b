/* SPDX-License-Identifier: MIT */
/*
 * The namespace lines of --monitor (diff.h): add and del with the inode that
 * is the namespace's identity from birth to death, rename when its name
 * changes (a process-held one gets mounted), display when a container's name
 * is learnt or changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "diff_emit.h"
#include "xalloc.h"

/* nst_diff_emit, with the namespace the line is about */
static void emit_ns(nst_change_fn fn, void *ctx, const char *action, const char *name, const char *display,
		    struct nst_ns_id id, const char *text)
{
	struct nst_change c = { .ns = "/", .object = NST_CHG_NETNS, .action = action, .name = name, .id = id,
				.display = display };

	snprintf(c.text, sizeof(c.text), "netns %s", text);
	fn(ctx, &c);
}

void nst_change_netns_id(const char *name, const char *display, struct nst_ns_id id, bool added, nst_change_fn fn,
			 void *ctx)
{
	char text[1024];

	snprintf(text, sizeof(text), "%s %s", added ? "add" : "del", name);
	emit_ns(fn, ctx, added ? "add" : "del", name, display ? display : name, id, text);
}

void nst_change_netns_rename(const char *old_name, const char *new_name, const char *display, struct nst_ns_id id,
			     nst_change_fn fn, void *ctx)
{
	char text[1500];

	snprintf(text, sizeof(text), "rename %s -> %s", old_name, new_name);
	emit_ns(fn, ctx, "rename", new_name, display ? display : new_name, id, text);
}

void nst_change_netns_display(const char *name, const char *old_display, const char *new_display,
			      struct nst_ns_id id, nst_change_fn fn, void *ctx)
{
	char text[1500];

	snprintf(text, sizeof(text), "display %s: %s -> %s", name, old_display, new_display);
	emit_ns(fn, ctx, "display", name, new_display, id, text);
}

void nst_display_snap_take(struct nst_display_snap *s, const struct nst_model *m)
{
	nst_display_snap_clear(s);
	for (size_t i = 0; i < m->n_ns; i++) {
		struct nst_display_was *e = xgrow(&s->v, &s->n, &s->cap, sizeof(*s->v));
		e->id = m->ns[i].id;
		e->display = m->ns[i].display ? xstrdup(m->ns[i].display) : NULL;
	}
}

void nst_display_snap_diff(const struct nst_display_snap *s, const struct nst_model *m, nst_change_fn fn, void *ctx)
{
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];
		const char *was = NULL;

		for (size_t k = 0; k < s->n; k++) {
			if (nst_ns_id_eq(s->v[k].id, ns->id)) {
				was = s->v[k].display;
				break;
			}
		}
		bool same = was && ns->display ? strcmp(was, ns->display) == 0 : was == ns->display;
		if (!same) {
			nst_change_netns_display(ns->name, was ? was : ns->name, nst_ns_display(ns), ns->id, fn, ctx);
		}
	}
}

void nst_display_snap_clear(struct nst_display_snap *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].display);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}
