/* SPDX-License-Identifier: MIT */
/*
 * The UI's lifecycle and frame: curses setup, the model-derived layout
 * (rows and graph canvas) with a selection that follows object identity,
 * and the screen split into header, main view, details, status and keys.
 */
#include <curses.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "graph_layout.h"
#include "input.h"
#include "ui_state.h"
#include "views.h"
#include "xalloc.h"

#define MIN_W 40
#define MIN_H 10

struct ui *ui_create(const struct ui_options *o)
{
	struct ui *ui = xcalloc(1, sizeof(*ui));

	ui->opt = *o;
	/* With --ns the focused namespace starts open and the rest folded; otherwise all open. */
	ui->expand.default_expanded = o->focus_ns == NULL;
	ui_canvas_init(&ui->canvas, 0, 0);
	ui_fifo_init(&ui->keys, sizeof(int));
	ui_actions_init(&ui->actions);
	return ui;
}

void ui_destroy(struct ui *ui)
{
	if (!ui) {
		return;
	}
	ui_stop(ui);
	ui_filter_clear(&ui->filter);
	ui_expand_finish(&ui->expand);
	ui_rows_finish(&ui->rows);
	free(ui->on_screen.v);
	ui_canvas_finish(&ui->canvas);
	ui_panes_finish(ui);
	ui_explain_finish(ui);
	ui_reach_close(ui);
	ui_fifo_finish(&ui->keys);
	ui_actions_finish(&ui->actions);
	ui_log_free(ui);
	free(ui);
}

int ui_start(struct ui *ui)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		return -1;
	}
	setlocale(LC_ALL, "");
	if (!initscr()) {
		return -1;
	}
	ui->started = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	ui_theme_init(ui);
	return 0;
}

void ui_stop(struct ui *ui)
{
	if (ui->started) {
		endwin();
		ui->started = false;
	}
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void ui_set_status(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->status, sizeof(ui->status), fmt, ap);
	va_end(ap);
	ui->status_error = error;
	ui->status_until_ms = error ? 0 : now_ms() + 5000;
}

const struct nst_ns *ui_focus_ns(const struct ui *ui, const struct nst_model *m)
{
	return ui->opt.focus_ns ? nst_model_find_ns(m, ui->opt.focus_ns) : NULL;
}

long ui_sel_row(struct ui *ui)
{
	if (!ui->have_sel) {
		return -1;
	}
	long hint = ui->sel_row_build == ui->rows.build_id ? ui->sel_row : -1;
	long i = ui_rows_find_near(&ui->rows, &ui->sel, hint);
	ui->sel_row = i;
	ui->sel_row_build = ui->rows.build_id;
	return i;
}

const struct nst_counts *ui_model_counts(struct ui *ui, const struct nst_model *m)
{
	if (ui->counts_of != m || ui->counts_generation != m->generation) {
		ui->counts = nst_model_counts(m);
		ui->counts_of = m;
		ui->counts_generation = m->generation;
	}
	return &ui->counts;
}

/* Keep the selection on its object; if the object vanished, fall back sensibly. old_row: its row before the rebuild, or -1. */
static void fix_selection(struct ui *ui, const struct nst_model *m, long old_row)
{
	bool found;

	if (ui->view == UI_VIEW_TREE) {
		found = ui_sel_row(ui) >= 0;
	} else {
		found = ui->have_sel && ui_canvas_find_obj(&ui->canvas, &ui->sel);
	}
	if (found) {
		return;
	}
	/* A Firewall row gone (a rule deleted, a node closed above it): the row now in its place, as in a list. */
	if (ui->have_sel && ui->sel.kind == UI_SEL_FW && ui->view == UI_VIEW_TREE && old_row >= 0 && ui->rows.n) {
		for (long j = old_row < (long)ui->rows.n ? old_row : (long)ui->rows.n - 1; j >= 0; j--) {
			const struct ui_row *r = &ui->rows.v[j];
			if (ui_row_selectable(r) && nst_ns_id_eq(r->ns, ui->sel.ns)) {
				ui->sel = ui_row_sel(r);
				return;
			}
		}
	}
	/* A vanished link or rule: its namespace, if that is still shown. */
	if (ui->have_sel && ui->sel.kind != UI_SEL_NS && nst_model_find_ns_id(m, ui->sel.ns)) {
		struct ui_sel ns_sel = ui_sel_ns(ui->sel.ns);
		bool ns_found = ui->view == UI_VIEW_TREE ? ui_rows_find(&ui->rows, &ns_sel) >= 0
							  : ui_canvas_find_obj(&ui->canvas, &ns_sel) != NULL;
		if (ns_found) {
			ui->sel = ns_sel;
			return;
		}
	}
	ui->have_sel = false;
	ui_select_edge(ui, false);
}

/* The ip_forward offer, once the model says it is still off there. */
static void check_offer(struct ui *ui, const struct nst_model *m)
{
	if (!ui->offer_pending || ui->confirm_open || ui->form.open) {
		return;
	}
	const struct nst_ns *ons = nst_model_find_ns(m, ui->offer.f[NST_F_NS]);
	ui->offer_pending = false;
	if (ons && ons->ip_forward == 0) {
		ui->confirm_op = ui->offer;
		nst_op_remember(&ui->confirm_op, m);
		ui->confirm_open = true;
		snprintf(ui->confirm_text, sizeof(ui->confirm_text),
			 "net.ipv4.ip_forward is 0 in %s, so forwarded traffic is dropped: enable it?  y/N", nst_ns_display(ons));
	}
}

static void rebuild_layout(struct ui *ui, const struct nst_model *m)
{
	const struct nst_ns *focus = ui_focus_ns(ui, m);

	if (focus && !ui->focus_applied) {
		ui_expand_set(&ui->expand, focus->id, true);
		ui->sel = ui_sel_ns(focus->id);
		ui->have_sel = true;
		ui->focus_applied = true;
	}
	long old_row = ui->rows.built ? ui_sel_row(ui) : -1;
	ui_expand_fw_prune(&ui->expand, m);
	ui_rows_build(&ui->rows, m, &ui->expand, &ui->filter, focus);
	if (ui->view == UI_VIEW_GRAPH) {
		bool *visible = xcalloc(m->n_ns ? m->n_ns : 1, sizeof(bool));
		for (size_t i = 0; i < m->n_ns; i++) {
			visible[i] = ui_filter_ns_visible(&ui->filter, &m->ns[i]);
		}
		struct ui_graph_opts o = { .center = focus, .visible = visible, .view_w = COLS, .view_h = LINES - 3,
					   .path = ui->explain.open ? &ui->explain.path : NULL, .reuse = true };
		ui_graph_layout(m, &o, &ui->canvas);
		free(visible);
	}
	ui->layout_stale = false;
	ui->laid_out.expand_changes = ui->expand.changes;
	ui->laid_out.filter_active = ui->filter.active;
	snprintf(ui->laid_out.filter_text, sizeof(ui->laid_out.filter_text), "%s", ui->filter.text);
	ui->laid_out.view = ui->view;
	ui->laid_out.cols = COLS;
	ui->laid_out.lines = LINES;
	fix_selection(ui, m, old_row);
}

/* Whether the rows and canvas match m and everything else they are built from (no O(N) here: called per frame). */
static bool layout_current(const struct ui *ui, const struct nst_model *m)
{
	return !ui->layout_stale && ui_rows_current(&ui->rows, m) && ui->laid_out.expand_changes == ui->expand.changes &&
	       ui->laid_out.filter_active == ui->filter.active && ui->laid_out.view == ui->view &&
	       strcmp(ui->laid_out.filter_text, ui->filter.text) == 0 &&
	       (ui->view != UI_VIEW_GRAPH || (ui->laid_out.cols == COLS && ui->laid_out.lines == LINES));
}

/* Returns whether it rebuilt (which also puts the selection right). */
static bool sync_layout(struct ui *ui, const struct nst_model *m)
{
	if (layout_current(ui, m)) {
		return false;
	}
	rebuild_layout(ui, m);
	return true;
}

void ui_sync(struct ui *ui, const struct nst_model *m)
{
	sync_layout(ui, m);
	check_offer(ui, m);
}

void ui_sync_key(struct ui *ui, const struct nst_model *m)
{
	if (!sync_layout(ui, m)) {
		/* No rebuild: the selection is checked where it was (O(1) in the tree) and put right if the key lost it. */
		bool found = ui->view == UI_VIEW_TREE ? ui_sel_row(ui) >= 0
						      : ui->have_sel && ui_canvas_find_obj(&ui->canvas, &ui->sel) != NULL;
		if (!found) {
			fix_selection(ui, m, ui->sel_row_build == ui->rows.build_id ? ui->sel_row : -1);
		}
	}
	check_offer(ui, m);
}

static int cmp_ns_id(const void *a, const void *b)
{
	const struct nst_ns_id *x = a, *y = b;

	if (x->dev != y->dev) {
		return (x->dev > y->dev) - (x->dev < y->dev);
	}
	return (x->ino > y->ino) - (x->ino < y->ino);
}

/* On-screen links by namespace, then ifindex (the namespace's links are one run). */
static int cmp_on_screen(const void *a, const void *b)
{
	const struct ui_link_on_screen *x = a, *y = b;
	int c = cmp_ns_id(&x->ns, &y->ns);

	return c ? c : (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

/* The links in the visible part of the tree, sorted: O(screen). */
static void on_screen_update(struct ui *ui)
{
	if (ui->on_screen.valid && ui->on_screen.build_id == ui->rows.build_id && ui->on_screen.view == ui->view &&
	    ui->on_screen.top == ui->tree_top && ui->on_screen.y == ui->graph_y && ui->on_screen.h == ui->view_h) {
		return;
	}
	ui->on_screen.n = 0;
	for (long i = ui->tree_top; i < ui->tree_top + ui->view_h && i < (long)ui->rows.n; i++) {
		const struct ui_row *r = &ui->rows.v[i];
		if (r->kind == UI_ROW_LINK) {
			struct ui_link_on_screen *e = xgrow(&ui->on_screen.v, &ui->on_screen.n, &ui->on_screen.cap, sizeof(*e));
			e->ns = r->ns;
			e->ifindex = r->ifindex;
		}
	}
	if (ui->on_screen.n) {
		qsort(ui->on_screen.v, ui->on_screen.n, sizeof(*ui->on_screen.v), cmp_on_screen);
	}
	ui->on_screen.valid = true;
	ui->on_screen.build_id = ui->rows.build_id;
	ui->on_screen.view = ui->view;
	ui->on_screen.top = ui->tree_top;
	ui->on_screen.y = ui->graph_y;
	ui->on_screen.h = ui->view_h;
}

/* The first on-screen link of ns (its run starts there), or the number of entries when none. */
static size_t on_screen_first(const struct ui *ui, struct nst_ns_id ns)
{
	size_t lo = 0, hi = ui->on_screen.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_ns_id(&ui->on_screen.v[mid].ns, &ns) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < ui->on_screen.n && nst_ns_id_eq(ui->on_screen.v[lo].ns, ns) ? lo : ui->on_screen.n;
}

/* Counters are sampled only for namespaces with something on screen. Called once per namespace:
 * the set is computed once per frame (and layout), each call is a binary search in it. */
bool ui_wants_stats(struct ui *ui, const struct nst_model *m, const struct nst_ns *ns)
{
	return ui_stats_links(ui, m, ns, NULL, 0) != 0;
}

long ui_stats_links(struct ui *ui, const struct nst_model *m, const struct nst_ns *ns, int *ifindexes, size_t cap)
{
	sync_layout(ui, m); /* rows of an older model may show namespaces that are gone, or miss new ones */
	if (ui->view == UI_VIEW_GRAPH) { /* the canvas indexes its boxes by row (graph_*.c) */
		return ui_canvas_shows_links_of(&ui->canvas, ns->id, ui->graph_y, ui->graph_y + ui->view_h) ? -1 : 0;
	}
	on_screen_update(ui);
	size_t k = 0;
	for (size_t i = on_screen_first(ui, ns->id); i < ui->on_screen.n && nst_ns_id_eq(ui->on_screen.v[i].ns, ns->id); i++) {
		if (k < cap) {
			ifindexes[k] = ui->on_screen.v[i].ifindex;
		}
		k++;
	}
	return (long)k;
}

static void expire_status(struct ui *ui)
{
	if (ui->status_until_ms && now_ms() > ui->status_until_ms) {
		ui->status[0] = '\0';
		ui->status_until_ms = 0;
	}
}

#define STATUS_MAX_LINES 3 /* an error says all of itself at 80 columns; longer ones end cut, marked */

static int status_lines(struct ui *ui, int w)
{
	int n = ui->status[0] ? ui_put_wrapped(0, 0, w, 0, ui->status, 0) : 1;
	return n < STATUS_MAX_LINES ? n : STATUS_MAX_LINES;
}

static void draw_status(struct ui *ui, int y, int lines, int w)
{
	int attr = ui->status_error ? ui->attr[UI_ROLE_ERROR] : ui->attr[UI_ROLE_NORMAL];
	for (int i = 0; i < lines; i++) {
		ui_fill(y + i, 0, w, ui->status[0] ? attr : ui->attr[UI_ROLE_NORMAL]);
	}
	ui_put_wrapped(y, 0, w, lines, ui->status, attr);
}

void ui_draw(struct ui *ui, const struct nst_model *m)
{
	int h = LINES, w = COLS;

	erase();
	curs_set(0);
	if (w < MIN_W || h < MIN_H) {
		char buf[64];
		snprintf(buf, sizeof(buf), "%dx%d, needs %dx%d", w, h, MIN_W, MIN_H);
		ui_put(h / 2 - 1, 0, w, "terminal too small", A_BOLD);
		ui_put(h / 2, 0, w, buf, A_NORMAL);
		refresh();
		return;
	}
	ui_sync(ui, m);
	ui_header_draw(ui, m, w);
	expire_status(ui);
	int status_h = status_lines(ui, w), footer_h = ui_footer_lines(ui, w);
	while (h - 1 - status_h - footer_h < 8 && (status_h > 1 || footer_h > 1)) {
		status_h > 1 ? status_h-- : footer_h--; /* a short terminal keeps its view; the text ends cut, marked */
	}
	int main_h = h - 1 - status_h - footer_h;
	int details_h = 0, log_h = 0, panes_h = 0, explain_h = 0;
	if (ui_panes_count(ui)) {
		panes_h = main_h * 2 / 5 < 5 ? 5 : main_h * 2 / 5;
		main_h -= panes_h;
	}
	if (ui->explain.open) {
		explain_h = main_h / 2 < 5 ? 5 : main_h / 2;
		main_h -= explain_h;
	}
	if (ui->log_open) {
		log_h = main_h / 3 < 4 ? 4 : main_h / 3;
		main_h -= log_h;
	}
	if (ui->details_open) {
		details_h = main_h * 2 / 5;
		if (details_h < 4) {
			details_h = 4;
		}
		main_h -= details_h;
	}
	ui->view_h = main_h;
	ui->view_w = w;
	if (ui->reach.open) {
		ui_reach_draw(ui, 1, main_h, w); /* over the view, which keeps its state for when it closes */
	} else if (ui->view == UI_VIEW_TREE) {
		ui_tree_draw(ui, m, 1, main_h, w);
	} else {
		ui_graph_draw(ui, m, 1, main_h, w);
	}
	if (details_h) {
		ui_details_draw(ui, m, 1 + main_h, details_h, w);
	}
	if (log_h) {
		ui_log_draw(ui, 1 + main_h + details_h, log_h, w);
	}
	if (explain_h) {
		ui_explain_draw(ui, 1 + main_h + details_h + log_h, explain_h, w);
	}
	draw_status(ui, h - footer_h - status_h, status_h, w);
	ui_footer_draw(ui, h - footer_h, footer_h, w);
	if (panes_h) {
		/* after the footer: a pane's prompt leaves the cursor where typing goes */
		ui_panes_draw(ui, 1 + main_h + details_h + log_h + explain_h, panes_h, w);
	}
	if (ui->help_open) {
		ui_help_draw(ui, h, w);
	}
	if (ui->form.open) {
		ui_form_draw(ui, h, w);
	}
	if (ui->filter_editing || ui->save_editing || ui->form.open) {
		curs_set(1);
	}
	refresh();
}

size_t ui_details_items(const struct ui *ui, const struct nst_model *m)
{
	const struct nst_ns *ns = ui->have_sel ? ui_sel_find_ns(m, &ui->sel) : NULL;
	const struct nst_link *l = ui->have_sel ? ui_sel_find_link(m, &ui->sel) : NULL;

	if (!ns || ui->sel.kind == UI_SEL_NAT || ui->sel.kind == UI_SEL_FW) {
		return 0;
	}
	return ui->sel.kind == UI_SEL_LINK ? (l ? l->n_addrs : 0) : ns->n_routes;
}
