/* SPDX-License-Identifier: MIT */
/*
 * Details of the selected Firewall node: a rule's path from its hook through
 * the jumps the tree followed, its whole text, counter, comment, verdict,
 * owner and the command that deletes it; a chain's hook, priority, policy
 * and the rules that jump to it; a hook's base chains; the ruleset's tables.
 */
#include <stdio.h>
#include <string.h>

#include "details.h"
#include "fw_order.h"
#include "fw_rows.h"

static const char *fam_table_name(const char *family, const char *table, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s %s", family, table, name);
	return buf;
}

/* "forward → ip filter FORWARD → DOCKER-USER": the tree's way down to the selected row. */
static void chain_path(struct ui_lines *L, const struct nst_ns *ns, struct nst_buf *out)
{
	const struct ui_rows *rows = &L->ui->rows;
	long i = ui_rows_find(rows, &L->ui->sel), up[32];
	size_t n = 0;

	for (long p = ui_rows_parent(rows, i); p >= 0 && n < 32; p = ui_rows_parent(rows, p)) {
		up[n++] = p;
	}
	bool first = true;
	while (n--) {
		const struct ui_row *r = &rows->v[up[n]];
		char buf[600];
		const struct nst_fw_rule *fr;

		if (r->kind != UI_ROW_FW) {
			continue; /* the namespace */
		}
		switch (ui_row_key(r)->fw.node) {
		case UI_FW_HOOK:
			ui_fw_hook_label(ui_row_key(r), buf, sizeof(buf));
			break;
		case UI_FW_LOOSE:
			snprintf(buf, sizeof(buf), "(no hook)");
			break;
		case UI_FW_CHAIN:
			fam_table_name(ui_row_key(r)->nat.family, ui_row_key(r)->nat.table, ui_row_key(r)->nat.chain, buf, sizeof(buf));
			break;
		case UI_FW_RULE:
			fr = ui_fw_rule_in(ns, &ui_row_key(r)->nat);
			snprintf(buf, sizeof(buf), "%s%s", fr && fr->verdict.kind == NST_FV_GOTO ? "goto " : "",
				 fr ? fr->verdict.target : "?");
			break;
		default:
			continue; /* the head */
		}
		nst_buf_puts(out, first ? "" : " → ");
		nst_buf_puts(out, buf);
		first = false;
	}
	if (L->ui->ascii) {
		/* the path is text for the eye: the ASCII arrow where the terminal has no "→" */
		struct nst_buf a = { 0 };
		for (const char *s = nst_buf_str(out); *s; s++) {
			if (strncmp(s, "→", strlen("→")) == 0) {
				nst_buf_puts(&a, "->");
				s += strlen("→") - 1;
			} else {
				nst_buf_putc(&a, *s);
			}
		}
		nst_buf_clear(out);
		nst_buf_puts(out, nst_buf_str(&a));
		nst_buf_free(&a);
	}
}

static void verdict_text(const struct nst_fw_verdict *v, char *buf, size_t len)
{
	const char *k = nst_fw_verdict_kind_str(v->kind);

	switch (v->kind) {
	case NST_FV_JUMP:
	case NST_FV_VMAP:
	case NST_FV_GOTO:
	case NST_FV_XT:
		snprintf(buf, len, "%s %s", k, v->target);
		break;
	case NST_FV_REJECT:
		snprintf(buf, len, "%s%s%s%s%s", k, v->reject_type[0] ? " with " : "", v->reject_type,
			 v->reject_code[0] ? " " : "", v->reject_code);
		break;
	case NST_FV_QUEUE:
		snprintf(buf, len, "%s num %u%s", k, v->queue_num, v->queue_total > 1 ? " (fanout)" : "");
		break;
	case NST_FV_OTHER:
		snprintf(buf, len, "%s (code %d)", k, (int)v->code);
		break;
	default:
		snprintf(buf, len, "%s", k);
		break;
	}
}

static void chain_details(struct ui_lines *L, const struct nst_ns *ns, const struct nst_fw_chain *c);

/* Does text name @name whole (not as the start of a longer name)? */
static bool names_set(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strchr(text, '@'); p && n; p = strchr(p + 1, '@')) {
		if (strncmp(p + 1, name, n) == 0 && (p[1 + n] == '\0' || p[1 + n] == ' ' || p[1 + n] == ',')) {
			return true;
		}
	}
	return false;
}

/* The sets and maps the rule looks up (`@name`), each with its elements: the text shows only the name. */
static void set_lines(struct ui_lines *L, const struct nst_fw_ruleset *rs, const struct nst_fw_rule *r)
{
	enum { SHOWN = 64 }; /* a details pane, not a dump: the JSON has them all */

	for (size_t i = 0; i < rs->n_sets; i++) {
		const struct nst_fw_set *st = &rs->sets[i];
		struct nst_buf b = { 0 };

		if (strcmp(st->family, r->family) != 0 || strcmp(st->table, r->table) != 0 || !names_set(r->text, st->name)) {
			continue;
		}
		const char *flags[12];
		size_t nf = nst_fw_set_flag_names(st->flags & ~(uint32_t)NST_SET_MAP, flags, sizeof(flags) / sizeof(flags[0]));
		nst_buf_printf(&b, "@%s  %s %s%s%s", st->name, st->flags & NST_SET_MAP ? "map" : "set", st->key,
			       st->data[0] ? " : " : "", st->data);
		for (size_t k = 0; k < nf; k++) {
			nst_buf_printf(&b, "%s%s", k ? "," : "  ", flags[k]);
		}
		nst_buf_printf(&b, "  %zu element%s", st->n_elems + st->elems_not_kept,
			       st->n_elems + st->elems_not_kept == 1 ? "" : "s");
		ui_line_wrap(L, UI_ROLE_NORMAL, "set: ", nst_buf_str(&b));
		nst_buf_clear(&b);
		for (size_t e = 0; e < st->n_elems && e < SHOWN; e++) {
			nst_buf_printf(&b, "%s%s", e ? ", " : "", rs->elems[st->first_elem + e].text);
		}
		size_t more = st->elems_not_kept + (st->n_elems > SHOWN ? st->n_elems - SHOWN : 0);
		if (more) {
			nst_buf_printf(&b, " … and %zu more", more);
		}
		if (st->n_elems) {
			ui_line_wrap(L, UI_ROLE_DIM, "  elements: ", nst_buf_str(&b));
		}
		nst_buf_free(&b);
	}
}

static void rule_details(struct ui_lines *L, const struct nst_ns *ns, const struct nst_fw_rule *r)
{
	struct nst_buf b = { 0 };
	char buf[600];
	const char *owner = nst_fw_rule_owner(r);

	ui_line(L, UI_ROLE_NS, "%s: rule %s handle %llu", nst_ns_display(ns), fam_table_name(r->family, r->table, r->chain, buf, sizeof(buf)),
		(unsigned long long)r->handle);
	chain_path(L, ns, &b);
	ui_line_wrap(L, UI_ROLE_DIM, "path: ", nst_buf_str(&b));
	nst_buf_clear(&b);
	ui_line(L, UI_ROLE_NORMAL, "family %s   table %s   chain %s   handle %llu", r->family, r->table, r->chain,
		(unsigned long long)r->handle);
	ui_line_wrap(L, r->raw ? UI_ROLE_WARN : UI_ROLE_NORMAL, "  ", r->text[0] ? r->text : "(no expressions)");
	if (r->raw) {
		ui_line_wrap(L, UI_ROLE_WARN, "  not decoded whole: ", r->raw_why);
	}
	if (r->has_counter) {
		ui_line(L, UI_ROLE_NORMAL, "counter: %llu packets, %llu bytes", (unsigned long long)r->packets,
			(unsigned long long)r->bytes);
	} else {
		ui_line(L, UI_ROLE_DIM, "counter: none");
	}
	if (r->has_comment) {
		ui_line_wrap(L, UI_ROLE_NORMAL, "comment: ", r->comment);
	}
	set_lines(L, &ns->fw, r);
	verdict_text(&r->verdict, buf, sizeof(buf));
	ui_line(L, UI_ROLE_NORMAL, "verdict: %s", buf);
	ui_line(L, UI_ROLE_NORMAL, "owner: %s", owner ? owner : "no tool nstop knows");
	bool ok = ui_fw_delete_command(ns, r, &b);
	ui_line_wrap(L, ok ? UI_ROLE_KEY : UI_ROLE_WARN, "delete (d): ", nst_buf_str(&b));
	nst_buf_free(&b);
	/* the tree shows a jump's target as rules under it, never as a chain row: its details go here */
	long t = nst_fw_jump_target(&ns->fw, r);
	if (t >= 0) {
		ui_line(L, UI_ROLE_DIM, "%s", r->verdict.kind == NST_FV_GOTO ? "goes to:" : "jumps to:");
		chain_details(L, ns, &ns->fw.chains[t]);
	}
}

static void chain_details(struct ui_lines *L, const struct nst_ns *ns, const struct nst_fw_chain *c)
{
	const struct nst_fw_ruleset *rs = &ns->fw;
	char buf[600];
	size_t first, n = nst_fw_chain_rules(rs, (size_t)(c - rs->chains), &first), jumps = 0;
	const char *owner = nst_fw_chain_owner(c->table, c->name);

	ui_line(L, UI_ROLE_NS, "%s: chain %s  (%s)", nst_ns_display(ns), fam_table_name(c->family, c->table, c->name, buf, sizeof(buf)),
		c->base ? "base chain" : "regular chain");
	if (c->base) {
		ui_line(L, c->has_policy && !c->policy_accept ? UI_ROLE_WARN : UI_ROLE_NORMAL,
			"type %s   hook %s   priority %d   policy %s%s%s", c->type, c->hook, (int)c->priority,
			c->has_policy ? (c->policy_accept ? "accept" : "drop") : "-", c->device[0] ? "   device " : "",
			c->device);
	}
	ui_line(L, UI_ROLE_NORMAL, "rules: %zu   owner: %s", n, owner ? owner : "no tool nstop knows");
	for (size_t i = 0; i < rs->n_rules; i++) {
		const struct nst_fw_rule *r = &rs->rules[i];
		if ((r->verdict.kind == NST_FV_JUMP || r->verdict.kind == NST_FV_GOTO) && strcmp(r->verdict.target, c->name) == 0 &&
		    strcmp(r->table, c->table) == 0 && strcmp(r->family, c->family) == 0) {
			if (!jumps++) {
				ui_line(L, UI_ROLE_DIM, "reached from:");
			}
			ui_line(L, UI_ROLE_NORMAL, "  %s %s handle %llu: %s", r->chain,
				r->verdict.kind == NST_FV_GOTO ? "goto" : "jump", (unsigned long long)r->handle, r->text);
		}
	}
	if (!jumps) {
		ui_line(L, UI_ROLE_DIM, c->base ? "no rule jumps here (a base chain runs from its hook)"
					   : "no rule jumps here: no packet reaches it");
	}
}

static void hook_details(struct ui_lines *L, const struct nst_ns *ns, const struct ui_sel *s)
{
	const struct nst_fw_ruleset *rs = &ns->fw;
	struct nst_fw_order o;
	char buf[600];

	ui_fw_hook_label(s, buf, sizeof(buf));
	ui_line(L, UI_ROLE_NS, "%s: hook %s  (base chains in the order the kernel runs them)", nst_ns_display(ns), buf);
	nst_fw_order_build(rs, &o);
	for (size_t h = 0; h < o.n; h++) {
		const struct nst_fw_hook *hk = &o.hooks[h];
		if (strcmp(hk->family_class, s->nat.family) != 0 || strcmp(hk->hook, s->fw.hook) != 0 ||
		    strcmp(hk->device, s->fw.device) != 0) {
			continue;
		}
		for (size_t k = 0; k < hk->n; k++) {
			ui_fw_chain_label(&rs->chains[hk->chains[k]], buf, sizeof(buf));
			ui_line(L, UI_ROLE_NORMAL, "  %zu. %s", k + 1, buf);
		}
	}
	nst_fw_order_free(&o);
}

static void head_details(struct ui_lines *L, const struct nst_ns *ns)
{
	const struct nst_fw_ruleset *rs = &ns->fw;
	char buf[600];

	ui_fw_head_label(rs, buf, sizeof(buf));
	ui_line(L, UI_ROLE_NS, "%s: firewall  %zu table%s, %s", nst_ns_display(ns), rs->n_tables, rs->n_tables == 1 ? "" : "s", buf);
	for (size_t i = 0; i < rs->n_tables; i++) {
		const struct nst_fw_table *t = &rs->tables[i];
		const char *owner = nst_fw_chain_owner(t->name, "");
		ui_line(L, UI_ROLE_NORMAL, "  table %s %s%s%s", t->family, t->name, owner ? "  " : "", owner ? owner : "");
	}
}

void ui_fw_details(struct ui_lines *L, const struct nst_model *m, const struct nst_ns *ns)
{
	const struct ui_sel *s = &L->ui->sel;

	switch (s->fw.node) {
	case UI_FW_HEAD:
		head_details(L, ns);
		break;
	case UI_FW_HOOK:
		hook_details(L, ns, s);
		break;
	case UI_FW_LOOSE:
		ui_line(L, UI_ROLE_NS, "%s: regular chains no hook reaches through jumps or gotos", nst_ns_display(ns));
		ui_line(L, UI_ROLE_DIM, "their rules see no packet until a rule jumps to them");
		break;
	case UI_FW_CHAIN: {
		const struct nst_fw_chain *c = ui_sel_find_fw_chain(m, s);
		if (c) {
			chain_details(L, ns, c);
		} else {
			ui_line(L, UI_ROLE_DIM, "the chain is gone");
		}
		break;
	}
	case UI_FW_RULE: {
		const struct nst_fw_rule *r = ui_sel_find_fw_rule(m, s);
		if (r) {
			rule_details(L, ns, r);
		} else {
			ui_line(L, UI_ROLE_DIM, "the rule is gone");
		}
		break;
	}
	}
}
