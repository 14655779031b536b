/* SPDX-License-Identifier: MIT */
/*
 * The tree's Routing rows (layout/route_rows.h): a table's head and its
 * routes as iproute2 writes them, the folded count of the local table and
 * fe80::/64, the rules head and the rules that are not the defaults.
 */
#include <stdio.h>

#include "route_rows.h"
#include "route_text.h"
#include "views.h"

static void head_text(const struct ui_row *r, char *name, size_t nlen, char *tail, size_t tlen)
{
	switch (r->rt.head) {
	case UI_RT_TABLE:
		snprintf(name, nlen, "table %u", r->rt.table);
		snprintf(tail, tlen, "  %zu route%s", r->count, r->count == 1 ? "" : "s");
		break;
	case UI_RT_LOCAL:
		snprintf(name, nlen, "local");
		snprintf(tail, tlen, "  %zu kernel route%s folded (table local, fe80::/64): details list them", r->count,
			 r->count == 1 ? "" : "s");
		break;
	case UI_RT_RULES:
		snprintf(name, nlen, "rules");
		if (r->rt.folded) {
			snprintf(tail, tlen, "  %zu  +%zu default", r->count, r->rt.folded);
		} else {
			snprintf(tail, tlen, "  %zu", r->count);
		}
		break;
	}
}

void ui_rt_row_draw(struct ui *ui, const struct nst_ns *ns, const struct ui_row *r, const bool *last_at, int y, int w)
{
	char prefix[160], text[1024], tail[160] = "";
	int role = UI_ROLE_NORMAL;

	ui_tree_prefix(ui, r, last_at, prefix, sizeof(prefix));
	int x = ui_put(y, 1, w - 1, prefix, ui->attr[UI_ROLE_DIM]) + 1;
	if (r->kind == UI_ROW_RT_HEAD) {
		head_text(r, text, sizeof(text), tail, sizeof(tail));
		role = r->rt.head == UI_RT_LOCAL ? UI_ROLE_DIM : UI_ROLE_NS;
	} else if (r->kind == UI_ROW_ROUTE) {
		const struct nst_route *rt = ui_rt_row_route(ns, r);
		if (!rt) {
			return; /* only when the rows are older than the model, which ui_sync prevents */
		}
		nst_route_text_brief(ns, rt, text, sizeof(text));
		role = nst_route_warning(rt)[0] ? UI_ROLE_WARN : UI_ROLE_NORMAL;
	} else {
		const struct nst_rule *ru = ui_rt_row_rule(ns, r);
		if (!ru) {
			return;
		}
		char line[512];
		snprintf(text, sizeof(text), "%s %s", nst_family_str(ru->family), nst_rule_text(ru, line, sizeof(line)));
		role = ru->undecoded ? UI_ROLE_WARN : UI_ROLE_NORMAL;
	}
	/* names in the text are the kernel's bytes: ui_put escapes them for the terminal */
	x += ui_put(y, x, w - x, text, ui->attr[role]);
	ui_put(y, x, w - x, tail, ui->attr[UI_ROLE_DIM]);
}
