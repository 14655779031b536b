/* SPDX-License-Identifier: MIT */
/*
 * The edit keys: `a` add menu (n v b i r), `d` delete with a y/N that names
 * the object, `u` up/down, `M` move, `B` attach/detach, `L` action log, `W`
 * save the log as a script (action_log.c keeps the log). Keys only build ops and validate them against
 * the model; they queue them (UI_ACT_APPLY) and the loop applies them in order and reports back.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cut.h"
#include "fw_rows.h"
#include "input.h"
#include "xalloc.h"

static const struct nst_ns *sel_ns(const struct ui *ui, const struct nst_model *m)
{
	return ui->have_sel ? ui_sel_find_ns(m, &ui->sel) : NULL;
}

static const struct nst_link *sel_link(const struct ui *ui, const struct nst_model *m)
{
	return ui->have_sel ? ui_sel_find_link(m, &ui->sel) : NULL;
}

/* Validate and hand over without a form (u, B detach) or refuse in the status line. */
static int direct(struct ui *ui, const struct nst_model *m, const struct nst_op *op)
{
	struct nst_op_error err;

	if (nst_op_validate(op, m, &err) < 0) {
		ui_set_status(ui, true, "%s refused: %s", nst_op_kind_name(op->kind), err.msg);
		return UI_REDRAW;
	}
	struct nst_op seen = *op;
	nst_op_remember(&seen, m); /* applied later, it acts only on what is shown now */
	ui_actions_apply(&ui->actions, &seen);
	return UI_REDRAW;
}

static int need_link(struct ui *ui, const char *what)
{
	ui_set_status(ui, true, "%s: select a link first", what);
	return UI_REDRAW;
}

static void open_add_form(struct ui *ui, const struct nst_model *m, int ch)
{
	const struct nst_ns *ns = sel_ns(ui, m);
	const struct nst_link *l = sel_link(ui, m);
	const char *nsname = ns ? ns->name : "/";
	struct nst_op op;

	switch (ch) {
	case 'n': {
		static const struct ui_form_field f[] = { { NST_F_NAME, "name" }, { NST_F_UP, "lo up (y/n)" } };
		nst_op_init(&op, NST_OP_NS_ADD);
		nst_op_set(&op, NST_F_UP, "y");
		ui_form_open(&ui->form, "add namespace", &op, f, 2);
		break;
	}
	case 'v': {
		static const struct ui_form_field f[] = {
			{ NST_F_NAME, "name" },       { NST_F_NS, "namespace" },    { NST_F_PEER, "peer name" },
			{ NST_F_PEER_NS, "peer namespace" }, { NST_F_ADDR, "address" }, { NST_F_PEER_ADDR, "peer address" },
			{ NST_F_UP, "up (y/n)" },
		};
		nst_op_init(&op, NST_OP_VETH_ADD);
		nst_op_set(&op, NST_F_NS, nsname);
		nst_op_set(&op, NST_F_UP, "y");
		ui_form_open(&ui->form, "add veth pair", &op, f, 7);
		break;
	}
	case 'b': {
		static const struct ui_form_field f[] = {
			{ NST_F_NAME, "name" }, { NST_F_NS, "namespace" }, { NST_F_ADDR, "address" }, { NST_F_UP, "up (y/n)" },
		};
		nst_op_init(&op, NST_OP_BRIDGE_ADD);
		nst_op_set(&op, NST_F_NS, nsname);
		nst_op_set(&op, NST_F_UP, "y");
		ui_form_open(&ui->form, "add bridge", &op, f, 4);
		break;
	}
	case 'i': {
		static const struct ui_form_field f[] = {
			{ NST_F_NS, "namespace" }, { NST_F_NAME, "device" }, { NST_F_ADDR, "address/prefix" },
		};
		nst_op_init(&op, NST_OP_ADDR_ADD);
		nst_op_set(&op, NST_F_NS, nsname);
		nst_op_set(&op, NST_F_NAME, l ? l->name : "");
		ui_form_open(&ui->form, "add address", &op, f, 3);
		break;
	}
	case 'r': {
		static const struct ui_form_field f[] = {
			{ NST_F_NS, "namespace" }, { NST_F_DST, "destination" }, { NST_F_GATEWAY, "via (gateway)" },
			{ NST_F_NAME, "dev" },
		};
		nst_op_init(&op, NST_OP_ROUTE_ADD);
		nst_op_set(&op, NST_F_NS, nsname);
		nst_op_set(&op, NST_F_DST, "default");
		nst_op_set(&op, NST_F_NAME, l ? l->name : "");
		ui_form_open(&ui->form, "add route", &op, f, 4);
		break;
	}
	case 'f': {
		static const struct ui_form_field f[] = {
			{ NST_F_NS, "namespace" },      { NST_F_PROTO, "protocol" },     { NST_F_PORT, "external port" },
			{ NST_F_IIF, "input interface" }, { NST_F_DADDR, "match dest addr" }, { NST_F_TO_ADDR, "to address" },
			{ NST_F_TO_PORT, "to port" },
		};
		nst_op_init(&op, NST_OP_NAT_FORWARD);
		nst_op_set(&op, NST_F_NS, nsname);
		nst_op_set(&op, NST_F_PROTO, "tcp");
		ui_form_open(&ui->form, "add port forward (DNAT)", &op, f, 7);
		ui_form_offer_nat_choices(&ui->form, m);
		break;
	}
	case 'm': {
		static const struct ui_form_field f[] = {
			{ NST_F_NS, "namespace" }, { NST_F_SRC, "source subnet" }, { NST_F_OIF, "output interface" },
			{ NST_F_SNAT_TO, "SNAT to (empty: masq)" },
		};
		nst_op_init(&op, NST_OP_NAT_MASQ);
		nst_op_set(&op, NST_F_NS, nsname);
		nst_op_set(&op, NST_F_OIF, l ? l->name : "");
		ui_form_open(&ui->form, "add masquerade / SNAT", &op, f, 4);
		ui_form_offer_nat_choices(&ui->form, m);
		break;
	}
	default:
		ui_set_status(ui, false, "add: cancelled");
		break;
	}
}

/*
 * The question before a rule goes: who owns it when that is not nstop (their
 * tool puts it back), and the command it equals (names nft cannot read go
 * as nft JSON: fw_rows.h).
 */
static void confirm_rule(struct ui *ui, const struct nst_ns *ns, const struct nst_fw_rule *fr, bool nat_row)
{
	char warn[700];
	struct nst_buf cmd = { 0 };

	ui_fw_owner_warning(fr, warn, sizeof(warn));
	ui_fw_delete_command(ns, fr, &cmd);
	if (warn[0]) {
		/* the owner's words fill the line: the command goes on the status line above it */
		nst_fmt_cut(ui->confirm_text, sizeof(ui->confirm_text), "%s. Delete? (y/n)", warn);
		ui_set_status(ui, false, "d deletes: %s", nst_buf_str(&cmd));
	} else {
		nst_fmt_cut(ui->confirm_text, sizeof(ui->confirm_text), "%s?  y/N  (%s)",
			    nat_row ? nst_op_kind_name(NST_OP_NAT_DEL) : "delete rule", nst_buf_str(&cmd));
	}
	nst_buf_free(&cmd);
}

/* The delete op for the selection (or the details item), and its y/N question. */
static int ask_delete(struct ui *ui, const struct nst_model *m)
{
	const struct nst_ns *ns = sel_ns(ui, m);
	const struct nst_link *l = sel_link(ui, m);
	struct nst_op op;
	char buf[NST_ADDR_STRLEN];
	const struct nst_fw_rule *fr = NULL; /* a rule: its owner is named before it goes */

	if (!ns) {
		ui_set_status(ui, true, "delete: nothing selected");
		return UI_REDRAW;
	}
	size_t items = ui_details_items(ui, m);
	if (ui->focus == UI_FOCUS_DETAILS && ui->details_open && items > 0) {
		/* The list may have shrunk since the item was picked (a deletion, an event). */
		size_t i = (size_t)ui->details_item < items ? (size_t)ui->details_item : items - 1;
		if (l) {
			nst_op_init(&op, NST_OP_ADDR_DEL);
			nst_op_set(&op, NST_F_NS, ns->name);
			nst_op_set(&op, NST_F_NAME, l->name);
			nst_op_set(&op, NST_F_ADDR, nst_addr_format(&l->addrs[i], true, buf, sizeof(buf)));
		} else {
			const struct nst_route *r = &ns->routes[i];
			nst_op_init(&op, NST_OP_ROUTE_DEL);
			nst_op_set(&op, NST_F_NS, ns->name);
			nst_op_set(&op, NST_F_DST, nst_route_dst_format(r, buf, sizeof(buf)));
			/* a route using a nexthop object matches no via/dev in the kernel: its destination names it */
			if (r->has_gateway && !r->nh_id) {
				nst_op_set(&op, NST_F_GATEWAY, nst_addr_format(&r->gateway, false, buf, sizeof(buf)));
			}
			if (r->oif && !r->nh_id) {
				nst_op_set(&op, NST_F_NAME, nst_ns_link_name(ns, r->oif));
			}
		}
	} else if (ui->sel.kind == UI_SEL_NAT || ui->sel.kind == UI_SEL_FW) {
		const struct nst_nat_rule *r = ui->sel.kind == UI_SEL_NAT ? ui_sel_find_nat(m, &ui->sel) : NULL;
		fr = ui->sel.kind == UI_SEL_NAT ? ui_fw_rule_in(ns, &ui->sel.nat) : ui_sel_find_fw_rule(m, &ui->sel);
		char h[24];
		if (ui->sel.kind == UI_SEL_FW && ui->sel.fw.node != UI_FW_RULE) {
			ui_set_status(ui, true, "delete: select a rule (nstop deletes rules, not chains or tables)");
			return UI_REDRAW;
		}
		if (!r && !fr) {
			ui_set_status(ui, true, "delete: the rule is gone");
			return UI_REDRAW;
		}
		snprintf(h, sizeof(h), "%llu", (unsigned long long)(fr ? fr->handle : r->handle));
		nst_op_init(&op, NST_OP_NAT_DEL);
		nst_op_set(&op, NST_F_NS, ns->name);
		nst_op_set(&op, NST_F_FAMILY, fr ? fr->family : r->family);
		nst_op_set(&op, NST_F_TABLE, fr ? fr->table : r->table);
		nst_op_set(&op, NST_F_CHAIN, fr ? fr->chain : r->chain);
		nst_op_set(&op, NST_F_HANDLE, h);
	} else if (l) {
		nst_op_init(&op, NST_OP_LINK_DEL);
		nst_op_set(&op, NST_F_NS, ns->name);
		nst_op_set(&op, NST_F_NAME, l->name);
	} else {
		nst_op_init(&op, NST_OP_NS_DEL);
		nst_op_set(&op, NST_F_NS, ns->name);
	}
	struct nst_op_error err;
	if (nst_op_validate(&op, m, &err) < 0) {
		ui_set_status(ui, true, "%s refused: %s", nst_op_kind_name(op.kind), err.msg);
		return UI_REDRAW;
	}
	char *cmds = nst_op_commands(&op, m);
	cmds[strcspn(cmds, "\n")] = '\0';
	nst_op_remember(&op, m); /* `y` may come after the name was given to another object */
	ui->confirm_op = op;
	ui->confirm_open = true;
	if (fr) {
		confirm_rule(ui, ns, fr, ui->sel.kind == UI_SEL_NAT);
	} else {
		/* the question first: a long command may be cut (and then says so), the y/N never */
		nst_fmt_cut(ui->confirm_text, sizeof(ui->confirm_text), "%s?  y/N  (%s)", nst_op_kind_name(op.kind), cmds);
	}
	free(cmds);
	return UI_REDRAW;
}

static int move_form(struct ui *ui, const struct nst_model *m)
{
	static const struct ui_form_field f[] = {
		{ NST_F_NS, "from namespace" }, { NST_F_NAME, "link" }, { NST_F_PEER_NS, "to namespace" },
	};
	const struct nst_link *l = sel_link(ui, m);
	struct nst_op op;

	if (!l) {
		return need_link(ui, "move");
	}
	nst_op_init(&op, NST_OP_LINK_MOVE);
	nst_op_set(&op, NST_F_NS, sel_ns(ui, m)->name);
	nst_op_set(&op, NST_F_NAME, l->name);
	ui_form_open(&ui->form, "move link to namespace", &op, f, 3);
	return UI_REDRAW;
}

static int bridge_key(struct ui *ui, const struct nst_model *m)
{
	static const struct ui_form_field f[] = {
		{ NST_F_NS, "namespace" }, { NST_F_NAME, "link" }, { NST_F_PEER, "bridge" },
	};
	const struct nst_ns *ns = sel_ns(ui, m);
	const struct nst_link *l = sel_link(ui, m);
	struct nst_op op;

	if (!l) {
		return need_link(ui, "attach to bridge");
	}
	if (l->master.ifindex) {
		nst_op_init(&op, NST_OP_LINK_NOMASTER);
		nst_op_set(&op, NST_F_NS, ns->name);
		nst_op_set(&op, NST_F_NAME, l->name);
		return direct(ui, m, &op);
	}
	nst_op_init(&op, NST_OP_LINK_MASTER);
	nst_op_set(&op, NST_F_NS, ns->name);
	nst_op_set(&op, NST_F_NAME, l->name);
	/* Prefill the bridge when the namespace has exactly one. */
	const struct nst_link *only = NULL;
	size_t bridges = 0;
	for (size_t i = 0; i < ns->n_links; i++) {
		if (nst_link_is(&ns->links[i], NST_KIND_BRIDGE) && &ns->links[i] != l) {
			only = &ns->links[i];
			bridges++;
		}
	}
	if (bridges == 1) {
		nst_op_set(&op, NST_F_PEER, only->name);
	}
	ui_form_open(&ui->form, "attach to bridge", &op, f, 3);
	return UI_REDRAW;
}

int ui_edit_key(struct ui *ui, const struct nst_model *m, int ch)
{
	bool edit = ch == 'a' || ch == 'd' || ch == 'u' || ch == 'M' || ch == 'B';

	if (edit && ui->read_only[0]) {
		ui_set_status(ui, true, "edits are disabled: %s", ui->read_only);
		return UI_REDRAW;
	}
	switch (ch) {
	case 'a':
		ui->add_menu = true;
		return UI_REDRAW;
	case 'd':
		return ask_delete(ui, m);
	case 'u': {
		const struct nst_link *l = sel_link(ui, m);
		struct nst_op op;
		if (!l) {
			return need_link(ui, "up/down");
		}
		nst_op_init(&op, l->up ? NST_OP_LINK_DOWN : NST_OP_LINK_UP);
		nst_op_set(&op, NST_F_NS, sel_ns(ui, m)->name);
		nst_op_set(&op, NST_F_NAME, l->name);
		return direct(ui, m, &op);
	}
	case 'M':
		return move_form(ui, m);
	case 'B':
		return bridge_key(ui, m);
	case 'L':
		ui->log_open = !ui->log_open;
		return UI_REDRAW;
	case 'W':
		ui->save_editing = true;
		if (!ui->save_path[0]) {
			snprintf(ui->save_path, sizeof(ui->save_path), "nstop-actions.sh");
		}
		return UI_REDRAW;
	default:
		return -1;
	}
}

int ui_prompt_key(struct ui *ui, const struct nst_model *m, int ch)
{
	if (ui->form.open) {
		return ui_form_key(ui, m, ch);
	}
	if (ui->add_menu) {
		ui->add_menu = false;
		if (ch != 27) {
			open_add_form(ui, m, ch);
		}
		return UI_REDRAW;
	}
	if (ui->confirm_open) {
		ui->confirm_open = false;
		if (ch == 'y' || ch == 'Y') {
			ui_actions_apply(&ui->actions, &ui->confirm_op);
			return UI_REDRAW;
		}
		ui_set_status(ui, false, "not done, nothing changed");
		return UI_REDRAW;
	}
	if (ui->save_editing) {
		char msg[160];
		if (ch == 27) {
			ui->save_editing = false;
		} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
			if (!ui_line_check(ui->save_path, msg, sizeof(msg))) {
				ui_set_status(ui, true, "save: %s", msg);
				return UI_REDRAW;
			}
			ui->save_editing = false;
			if (ui->save_path[0]) {
				ui_actions_save_log(&ui->actions, ui->save_path);
			}
		} else if (ui_line_edit(ui->save_path, sizeof(ui->save_path), ch, msg, sizeof(msg)) < 0) {
			ui_set_status(ui, true, "save: %s", msg);
		}
		return UI_REDRAW;
	}
	return -1;
}
