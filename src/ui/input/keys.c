/* SPDX-License-Identifier: MIT */
/*
 * Keys (htop/k9s conventions). Handlers change UI state, queue actions for
 * the loop (actions.h) and return reactions; they never touch the kernel.
 * Keys are handled one at a time, in order, each against the layout the one
 * before produced. Edit keys live in edit_keys.c, pane keys in pane_keys.c.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "input.h"

#define KEY_TAB '\t'
#define CTRL_L 12

/* The selectable objects of the current view, in order: graph objects or tree rows (rows.sel_v indexes them). */
static size_t selectable_count(const struct ui *ui)
{
	return ui->view == UI_VIEW_GRAPH ? ui->canvas.n_objs : ui->rows.n_sel;
}

static struct ui_sel selectable_at(const struct ui *ui, size_t i)
{
	if (ui->view == UI_VIEW_GRAPH) {
		return ui_canvas_obj_sel(&ui->canvas, i);
	}
	return ui_row_sel(&ui->rows.v[ui->rows.sel_v[i]]);
}

/* The selection's place among the selectable objects, or -1: O(log rows) in the tree while it stays on its row. */
static long current_index(struct ui *ui, size_t n)
{
	if (ui->view == UI_VIEW_TREE) {
		long row = ui_sel_row(ui);
		return row >= 0 ? ui_rows_sel_rank(&ui->rows, row) : -1;
	}
	for (size_t i = 0; ui->have_sel && i < n; i++) {
		struct ui_sel s = selectable_at(ui, i);
		if (ui_sel_eq(&s, &ui->sel)) {
			return (long)i;
		}
	}
	return -1;
}

/* Select the i-th selectable object (i < selectable_count); in the tree its row is remembered as the hint. */
static void select_at(struct ui *ui, size_t i)
{
	ui->sel = selectable_at(ui, i);
	ui->have_sel = true;
	if (ui->view == UI_VIEW_TREE) {
		ui->sel_row = (long)ui->rows.sel_v[i];
		ui->sel_row_build = ui->rows.build_id;
	}
	ui->details_top = 0;
	ui->details_item = 0;
}

void ui_select_move(struct ui *ui, long delta)
{
	long n = (long)selectable_count(ui);
	long i = current_index(ui, (size_t)n);

	if (n == 0) {
		ui->have_sel = false;
		return;
	}
	i = i < 0 ? 0 : i + delta;
	if (i < 0) {
		i = 0;
	}
	if (i >= n) {
		i = n - 1;
	}
	select_at(ui, (size_t)i);
}

void ui_select_edge(struct ui *ui, bool last)
{
	size_t n = selectable_count(ui);

	if (n == 0) {
		ui->have_sel = false;
		return;
	}
	select_at(ui, last ? n - 1 : 0);
}

static int page(void)
{
	return LINES > 8 ? LINES - 6 : 1;
}

/* l opens the selected Firewall node; h closes it, or goes up to its parent when it is closed. */
static void fold_fw(struct ui *ui, bool open)
{
	long i = ui_sel_row(ui);
	const struct ui_row *r = i >= 0 ? &ui->rows.v[i] : NULL;

	if (!r) {
		return;
	}
	if (r->can_open && r->open != open) {
		ui_expand_fw_set(&ui->expand, ui_row_key(r), open);
		return;
	}
	long p = open ? -1 : ui_rows_parent(&ui->rows, i);
	if (p >= 0) {
		ui->sel = ui_row_sel(&ui->rows.v[p]);
		ui->sel_row = p;
		ui->sel_row_build = ui->rows.build_id;
		ui->details_top = 0;
	}
}

static void fold(struct ui *ui, const struct nst_model *m, bool open)
{
	if (!ui->have_sel) {
		return;
	}
	if (ui->sel.kind == UI_SEL_FW) {
		if (ui->view == UI_VIEW_TREE) {
			fold_fw(ui, open);
		}
		return;
	}
	if (ui->sel.kind != UI_SEL_NS && !open) {
		/* h on a link (or a rule) goes up to its namespace, as in a file tree. */
		ui->sel = ui_sel_ns(ui->sel.ns);
		return;
	}
	if (nst_model_find_ns_id(m, ui->sel.ns)) {
		ui_expand_set(&ui->expand, ui->sel.ns, open);
	}
}

static int filter_key(struct ui *ui, int ch)
{
	switch (ch) {
	case KEY_ESC:
		ui->filter_editing = false;
		ui_filter_set(&ui->filter, ui->filter_buf_saved);
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		ui->filter_editing = false;
		if (ui->filter.active && !ui->filter.is_regex) {
			ui_set_status(ui, false, "filter is not a valid regex; matching it as plain text");
		}
		break;
	default: {
		char msg[160];
		int r = ui_line_edit(ui->filter_buf, sizeof(ui->filter_buf), ch, msg, sizeof(msg));

		if (r < 0) {
			ui_set_status(ui, true, "filter: %s", msg);
		} else if (r > 0) {
			ui->filter_len = strlen(ui->filter_buf);
			ui_filter_set(&ui->filter, ui->filter_buf);
		}
		break;
	}
	}
	return UI_REDRAW | UI_WANT_STATS; /* ui_handle_input re-lays out after every key */
}

/* In the details pane j/k pick the address or route `d` acts on (else scroll). */
static int details_key(struct ui *ui, const struct nst_model *m, int ch)
{
	int items = (int)ui_details_items(ui, m);

	switch (ch) {
	case 'j':
	case KEY_DOWN:
		if (items > 0) {
			ui->details_item = ui->details_item + 1 < items ? ui->details_item + 1 : items - 1;
		} else {
			ui->details_top++;
		}
		return UI_REDRAW;
	case 'k':
	case KEY_UP:
		if (items > 0) {
			ui->details_item = ui->details_item > 0 ? ui->details_item - 1 : 0;
		} else {
			ui->details_top = ui->details_top > 0 ? ui->details_top - 1 : 0;
		}
		return UI_REDRAW;
	case KEY_NPAGE:
		ui->details_top += page() / 2;
		return UI_REDRAW;
	case KEY_PPAGE:
		ui->details_top = ui->details_top > page() / 2 ? ui->details_top - page() / 2 : 0;
		return UI_REDRAW;
	case 'g':
		ui->details_top = 0;
	ui->details_item = 0;
		return UI_REDRAW;
	default:
		return -1; /* not a details key: fall through to the main keys */
	}
}

static int main_key(struct ui *ui, const struct nst_model *m, int ch)
{
	switch (ch) {
	case 'q':
	case KEY_F(10):
		ui_actions_quit(&ui->actions); /* after whatever was queued before it */
		return UI_NOTHING;
	case 'j':
	case KEY_DOWN:
		ui_select_move(ui, 1);
		break;
	case 'k':
	case KEY_UP:
		ui_select_move(ui, -1);
		break;
	case KEY_NPAGE:
		ui_select_move(ui, page());
		break;
	case KEY_PPAGE:
		ui_select_move(ui, -page());
		break;
	case 'g':
	case KEY_HOME:
		ui_select_edge(ui, false);
		break;
	case 'G':
	case KEY_END:
		ui_select_edge(ui, true);
		break;
	case 'h':
	case KEY_LEFT:
		fold(ui, m, false);
		return UI_REDRAW | UI_WANT_STATS;
	case 'l':
	case KEY_RIGHT:
		fold(ui, m, true);
		return UI_REDRAW | UI_WANT_STATS;
	case '\n':
	case '\r':
	case KEY_ENTER:
		ui->details_open = !ui->details_open;
		ui->focus = UI_FOCUS_MAIN;
		ui->details_top = 0;
	ui->details_item = 0;
		break;
	case KEY_TAB:
		if (!ui->details_open && !ui_panes_count(ui)) {
			ui->details_open = true;
		}
		ui_focus_next(ui);
		break;
	case 'v':
		ui->view = ui->view == UI_VIEW_TREE ? UI_VIEW_GRAPH : UI_VIEW_TREE;
		return UI_REDRAW | UI_WANT_STATS;
	case '/':
		ui->filter_editing = true;
		snprintf(ui->filter_buf_saved, sizeof(ui->filter_buf_saved), "%s", ui->filter.text);
		snprintf(ui->filter_buf, sizeof(ui->filter_buf), "%s", ui->filter.text);
		ui->filter_len = strlen(ui->filter_buf);
		break;
	case KEY_ESC:
		if (ui->filter.active) {
			ui_filter_clear(&ui->filter);
			return UI_REDRAW | UI_WANT_STATS;
		}
		break;
	case '?':
		ui->help_open = true;
		ui->help_page = 0;
		break;
	case CTRL_L:
		clearok(curscr, TRUE);
		break;
	case 'p':
		return ui_pane_open_key(ui, m);
	case 'e':
		return ui_explain_open_key(ui, m);
	case 'R':
		return ui_reach_open_key(ui);
	case KEY_RESIZE:
		break;
	default: {
		int r = ui_edit_key(ui, m, ch);
		return r >= 0 ? r : UI_NOTHING;
	}
	}
	return UI_REDRAW;
}

/* The help's pages: space, PgDn, j or Down go on (past the last page: close), PgUp, k, Up or b go back; any other key closes. */
static int help_key(struct ui *ui, int ch)
{
	switch (ch) {
	case ' ':
	case KEY_NPAGE:
	case KEY_DOWN:
	case 'j':
		if (ui->help_page + 1 < ui->help_pages) {
			ui->help_page++;
		} else {
			ui->help_open = false;
		}
		break;
	case KEY_PPAGE:
	case KEY_UP:
	case 'k':
	case 'b':
		if (ui->help_page > 0) {
			ui->help_page--;
		}
		break;
	default:
		ui->help_open = false;
	}
	return UI_REDRAW;
}

static int handle_key(struct ui *ui, const struct nst_model *m, int ch)
{
	if (ch == KEY_RESIZE) {
		return UI_REDRAW;
	}
	if (ui->help_open) {
		return help_key(ui, ch);
	}
	if (ui->filter_editing) {
		return filter_key(ui, ch);
	}
	int r = ui_prompt_key(ui, m, ch);
	if (r >= 0) {
		return r;
	}
	/* A packet pane with the focus keeps its keys; otherwise the matrix view moves
	 * its cursor (Enter explains a cell) and the explanation pane scrolls and closes. */
	if (ui->focus != UI_FOCUS_PANE && (r = ui_reach_key(ui, m, ch)) >= 0) {
		return r;
	}
	if (ui->focus != UI_FOCUS_PANE && (r = ui_explain_key(ui, ch)) >= 0) {
		return r;
	}
	if (ui->focus == UI_FOCUS_DETAILS && ui->details_open) {
		r = details_key(ui, m, ch);
		if (r >= 0) {
			return r;
		}
	}
	if (ui->focus == UI_FOCUS_PANE) {
		if (ch == KEY_TAB) {
			ui_focus_next(ui);
			return UI_REDRAW;
		}
		r = ui_pane_key(ui, ch);
		if (r >= 0) {
			return r;
		}
		/* Only view-wide keys reach past a pane: no edit acts on a selection out of sight. */
		if (!(ch > 0 && ch < 128 && strchr("qvp?/", ch)) && ch != KEY_F(10) && ch != CTRL_L) {
			return UI_NOTHING;
		}
	}
	return main_key(ui, m, ch);
}

void ui_read_keys(struct ui *ui)
{
	int ch;

	while ((ch = getch()) != ERR) {
		ui_fifo_push(&ui->keys, &ch);
	}
}

bool ui_keys_waiting(const struct ui *ui)
{
	return ui_fifo_len(&ui->keys) > 0;
}

int ui_handle_input(struct ui *ui, const struct nst_model *m)
{
	size_t queued = ui_actions_len(&ui->actions);
	int reactions = UI_NOTHING;
	int ch;

	/* The layout must match the model the keys act on. */
	ui_sync(ui, m);
	while (ui_fifo_pop(&ui->keys, &ch)) {
		reactions |= handle_key(ui, m, ch);
		/* The next key acts on the layout this one produced: rebuilt only if the key changed
		 * what it is built from (folding, filter, view), else only the selection is checked. */
		ui_sync_key(ui, m);
		if (ui_actions_len(&ui->actions) > queued) {
			/* The loop carries the action out (and the model catches up
			 * with an edit) before the next key is read: as if typed slowly. */
			break;
		}
	}
	return reactions;
}
