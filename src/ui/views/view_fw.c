/* SPDX-License-Identifier: MIT */
/*
 * Rows of the Firewall tree: the head with counts and the policies that
 * drop, hooks, chains with type, priority and policy, rules as nft writes
 * them (counters and verdict included), cut with a mark where they do not fit.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "fw_order.h"
#include "fw_rows.h"
#include "views.h"

static int verdict_role(const struct nst_fw_rule *r)
{
	switch (r->verdict.kind) {
	case NST_FV_DROP:
	case NST_FV_REJECT:
		return UI_ROLE_WARN;
	case NST_FV_ACCEPT:
		return UI_ROLE_UP;
	case NST_FV_JUMP:
	case NST_FV_GOTO:
		return UI_ROLE_VETH;
	case NST_FV_DNAT:
	case NST_FV_SNAT:
	case NST_FV_MASQUERADE:
	case NST_FV_REDIRECT:
		return UI_ROLE_NAT;
	default:
		return UI_ROLE_NORMAL;
	}
}

static const char *mark_text(enum ui_fw_mark m)
{
	switch (m) {
	case UI_FW_MARK_LOOP:
		return "  (loop: its target is on the way here)";
	case UI_FW_MARK_DEEP:
		return "  (not followed: jumps nested too deep)";
	case UI_FW_MARK_NO_TARGET:
		return "  (no such chain)";
	default:
		return "";
	}
}

/* What the row says after its glyph: text and its role, then a dim tail. */
static void row_text(const struct nst_ns *ns, const struct ui_row *r, char *text, size_t tlen, int *role, char *tail,
		     size_t len)
{
	const struct nst_fw_ruleset *rs = &ns->fw;

	tail[0] = '\0';
	*role = UI_ROLE_NORMAL;
	switch (ui_row_key(r)->fw.node) {
	case UI_FW_HEAD: {
		char label[400];
		ui_fw_head_label(rs, label, sizeof(label));
		snprintf(text, tlen, "Firewall");
		*role = UI_ROLE_NAT;
		snprintf(tail, len, "  %s", label);
		break;
	}
	case UI_FW_HOOK:
		ui_fw_hook_label(ui_row_key(r), text, tlen);
		*role = UI_ROLE_NS;
		snprintf(tail, len, "  %zu base chain%s", r->count, r->count == 1 ? "" : "s");
		break;
	case UI_FW_LOOSE:
		snprintf(text, tlen, "chains");
		*role = UI_ROLE_NS;
		snprintf(tail, len, "  %zu not reached from any hook", r->count);
		break;
	case UI_FW_CHAIN: {
		long ci = nst_fw_chain_find(rs, ui_row_key(r)->nat.family, ui_row_key(r)->nat.table, ui_row_key(r)->nat.chain);
		if (ci < 0) {
			snprintf(text, tlen, "?");
			break;
		}
		const struct nst_fw_chain *c = &rs->chains[ci];
		ui_fw_chain_label(c, text, tlen);
		*role = c->base && c->has_policy && !c->policy_accept ? UI_ROLE_WARN : UI_ROLE_NORMAL;
		snprintf(tail, len, "  %zu rule%s", r->count, r->count == 1 ? "" : "s");
		break;
	}
	case UI_FW_RULE: {
		const struct nst_fw_rule *fr = ui_fw_rule_in(ns, &ui_row_key(r)->nat);
		if (!fr) {
			snprintf(text, tlen, "?");
			break;
		}
		snprintf(text, tlen, "%s", fr->text);
		for (size_t e = strlen(text); e > 0 && text[e - 1] == ' '; e--) {
			text[e - 1] = '\0'; /* "jump " where the name could not be written */
		}
		*role = verdict_role(fr);
		int n = 0;
		struct nst_buf plain = { 0 };
		if ((fr->verdict.kind == NST_FV_JUMP || fr->verdict.kind == NST_FV_GOTO) &&
		    !nst_nft_name(&plain, fr->verdict.target)) {
			/* nft's syntax cannot write the name, so the text leaves it out: the row names it (escaped) */
			n = snprintf(tail, len, "  (chain %s)", fr->verdict.target);
		}
		nst_buf_free(&plain);
		if (n >= 0 && (size_t)n < len) {
			n += snprintf(tail + n, len - (size_t)n, "%s", mark_text(r->mark));
		}
		if (fr->has_comment && n >= 0 && (size_t)n < len) {
			snprintf(tail + n, len - (size_t)n, "  comment \"%s\"", fr->comment);
		}
		break;
	}
	}
}

void ui_fw_row_draw(struct ui *ui, const struct nst_ns *ns, const struct ui_row *r, const bool *last_at, int y, int w,
		    int sel_attr)
{
	char prefix[160], text[1024], tail[512];
	int role;

	ui_tree_prefix(ui, r, last_at, prefix, sizeof(prefix));
	int x = ui_put(y, 1, w - 1, prefix, sel_attr ? sel_attr : ui->attr[UI_ROLE_DIM]) + 1;
	if (r->can_open) {
		x += ui_put(y, x, w - x, r->open ? ui->g.open : ui->g.closed, sel_attr ? sel_attr : ui->attr[UI_ROLE_NS]);
		x += ui_put(y, x, w - x, " ", sel_attr);
	}
	row_text(ns, r, text, sizeof(text), &role, tail, sizeof(tail));
	/* the tail (counts, comment) goes after the text; a rule's text keeps the room first */
	x += ui_put(y, x, w - x, text, sel_attr ? sel_attr : ui->attr[role]);
	bool drops = ui_row_key(r)->fw.node == UI_FW_HEAD && strstr(tail, " policy drop");
	ui_put(y, x, w - x, tail, sel_attr ? sel_attr : ui->attr[drops ? UI_ROLE_WARN : UI_ROLE_DIM]);
}
