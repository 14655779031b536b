/* SPDX-License-Identifier: MIT */
/* Header (counts, view, filter, clock), key hints, and the help overlay. */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "views.h"

void ui_header_draw(struct ui *ui, const struct nst_model *m, int w)
{
	struct nst_counts c = *ui_model_counts(ui, m);
	char buf[256], clock[16];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
	ui_fill(0, 0, w, ui->attr[UI_ROLE_HEADER]);
	/* Netlink messages refused (not the kernel's, or malformed): shown once there are any. */
	char dropped[48] = "";
	if (m->dropped_messages) {
		snprintf(dropped, sizeof(dropped), "  %llu msgs dropped", (unsigned long long)m->dropped_messages);
	}
	const char *view = ui->view == UI_VIEW_TREE ? "tree" : "graph";
	snprintf(buf, sizeof(buf), " nstop  %zu namespace%s  %zu links  %zu veth pair%s  %zu bridge%s  [%s]%s%s%s",
		 c.namespaces, c.namespaces == 1 ? "" : "s", c.links, c.veth_pairs, c.veth_pairs == 1 ? "" : "s",
		 c.bridges, c.bridges == 1 ? "" : "s", view, ui->filter.active ? "  filter: " : "",
		 ui->filter.active ? ui->filter.text : "", dropped);
	if (ui_text_width(buf) > w - 10) { /* at 80 columns a filter would be cut off: the counts get short */
		snprintf(buf, sizeof(buf), " nstop  %zu ns  %zu links  %zu veth  %zu br  [%s]%s%s%s", c.namespaces, c.links,
			 c.veth_pairs, c.bridges, view, ui->filter.active ? "  filter: " : "",
			 ui->filter.active ? ui->filter.text : "", dropped);
	}
	ui_put(0, 0, w - 10, buf, ui->attr[UI_ROLE_HEADER]);
	if (w > 10) {
		ui_put(0, w - 9, 9, clock, ui->attr[UI_ROLE_HEADER]);
	}
}

struct hint {
	const char *key, *what;
};

static const struct hint main_hints[] = {
	{ "?", "help" }, { "Enter", "details" }, { "Tab", "pane" }, { "v", "tree/graph" },
	{ "/", "filter" }, { "h/l", "fold" }, { "q", "quit" },
};
static const struct hint pane_hints[] = {
	{ "F", "filter" }, { "space", "pause" }, { "Enter", "packet" }, { "c", "clear" },
	{ "w", "save" },   { "x", "close" },     { "Tab", "next" },     { "q", "quit" },
};
static const struct hint add_hints[] = {
	{ "add:", "" },    { "n", "namespace" },   { "v", "veth" },        { "b", "bridge" },
	{ "i", "address" }, { "r", "route" },      { "f", "port forward" }, { "m", "masquerade" },
	{ "Esc", "cancel" },
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Key hints from row y, an item never split: one that does not fit goes to the next row. Returns the rows
 * they take; only max_lines rows are drawn, the last ending in a marked cut when more would follow
 * (max_lines 0: only counts). */
static int draw_hints(struct ui *ui, int y, int max_lines, int w, const struct hint *h, size_t n)
{
	int x = 0, line = 0;

	for (size_t i = 0; i < n; i++) {
		int iw = ui_text_width(h[i].key) + (h[i].what[0] ? 1 + ui_text_width(h[i].what) : 0);
		if (x && x + iw > w) {
			if (max_lines && line + 1 >= max_lines) {
				char item[128]; /* no row left: the item cut, marked */
				snprintf(item, sizeof(item), "%s %s", h[i].key, h[i].what);
				ui_put(y + line, x, w - x, item, ui->attr[UI_ROLE_KEY]);
				break;
			}
			line++;
			x = 0;
		}
		if (line < max_lines) {
			int cx = x + ui_put(y + line, x, w - x, h[i].key, ui->attr[UI_ROLE_KEY]);
			if (h[i].what[0]) {
				cx += ui_put(y + line, cx, w - cx, " ", 0);
				ui_put(y + line, cx, w - cx, h[i].what, ui->attr[UI_ROLE_NORMAL]);
			}
		}
		x += iw + 2;
	}
	return line + 1;
}

/* The footer's modes, each one question: which hints, or which text, it shows. */
static const struct hint *footer_hints(const struct ui *ui, size_t *n)
{
	if (ui->add_menu) {
		*n = N_OF(add_hints);
		return add_hints;
	}
	if (ui->confirm_open || ui->save_editing || ui->filter_editing) {
		*n = 0;
		return NULL;
	}
	if (ui->focus == UI_FOCUS_PANE && !ui->form.open) {
		*n = N_OF(pane_hints);
		return pane_hints;
	}
	*n = N_OF(main_hints);
	return main_hints;
}

#define FOOTER_MAX_LINES 3

int ui_footer_lines(struct ui *ui, int w)
{
	size_t n;
	const struct hint *h = footer_hints(ui, &n);
	int lines = 1;

	if (h && ui->add_menu) { /* the everyday hints stay on one row; a menu shows all it offers */
		lines = draw_hints(ui, 0, 0, w, h, n);
	} else if (ui->confirm_open) {
		lines = ui_put_wrapped(0, 0, w, 0, ui->confirm_text, 0);
	}
	return lines < FOOTER_MAX_LINES ? lines : FOOTER_MAX_LINES;
}

void ui_footer_draw(struct ui *ui, int y, int lines, int w)
{
	size_t n;
	const struct hint *h = footer_hints(ui, &n);

	for (int i = 0; i < lines; i++) {
		ui_fill(y + i, 0, w, ui->attr[UI_ROLE_NORMAL]);
	}
	if (h) {
		draw_hints(ui, y, lines, w, h, n);
		return;
	}
	if (ui->confirm_open) {
		ui_put_wrapped(y, 0, w, lines, ui->confirm_text, ui->attr[UI_ROLE_WARN]);
		return;
	}
	if (ui->save_editing) {
		char buf[320];
		snprintf(buf, sizeof(buf), "save the action log as a shell script, file name: %s", ui->save_path);
		int used = ui_put(y, 0, w, buf, ui->attr[UI_ROLE_KEY]);
		move(y, used < w ? used : w - 1);
		return;
	}
	if (ui->filter_editing) {
		char buf[200];
		snprintf(buf, sizeof(buf), "filter (regex or text, Enter applies, Esc cancels): %s", ui->filter_buf);
		int used = ui_put(y, 0, w, buf, ui->attr[UI_ROLE_KEY]);
		move(y, used < w ? used : w - 1);
	}
}

/* Each line fits the 50 columns the box gives it at 80x24; a longer one goes on in an entry with no key. */
static const struct hint help_keys[] = {
	{ "Up/Down  j/k", "move the selection" },
	{ "PgUp/PgDn", "move a page" },
	{ "g / G", "first / last" },
	{ "Left/Right  h/l", "collapse / expand a namespace or a Firewall node" },
	{ "Enter", "open or close the details pane" },
	{ "Tab", "move between the main view, details and panes" },
	{ "v", "switch tree <-> graph" },
	{ "/", "filter names, addresses, labels (regex or text)" },
	{ "Esc", "clear the filter, close this help" },
	{ "Ctrl-L", "redraw the screen" },
	{ "?", "this help (space: next page)" },
	{ "q  F10", "quit" },
	{ "a", "add n/v/b/i/r/f/m (the menu names them)" },
	{ "d", "delete the selection, or the picked detail (y/N)" },
	{ "  on a rule", "any table's; another tool's rule names its owner" },
	{ "u", "set the selected link up / down" },
	{ "M", "move the selected link to another namespace" },
	{ "B", "attach the link to a bridge / detach it" },
	{ "L / W", "action log / save it as a shell script" },
	{ "p", "packets of the selected link, in a pane (up to 3)" },
	{ "  in a pane", "F filter, space pause, Enter hex, c clear," },
	{ "", "w save, x close" },
	{ "e / R", "explain the selection's reach / the reach matrix" },
	{ "  explaining", "j/k scroll, g/G ends, q close," },
	{ "", "P probes with real packets" },
	{ "  in the matrix", "h/j/k/l move, Enter explains a cell, q close" },
};

/* As many pages as the box needs: nothing is dropped at 80x24 (or at 40x10). */
void ui_help_draw(struct ui *ui, int h, int w)
{
	int n = (int)(sizeof(help_keys) / sizeof(help_keys[0]));
	int bw = w < 74 ? w - 2 : 72, bh = n + 5 < h - 2 ? n + 5 : h - 2;
	int per_page = bh - 5 > 1 ? bh - 5 : 1; /* border, blank, ..., blank, the page line, border */
	int x0 = (w - bw) / 2, y0 = (h - bh) / 2;
	char foot[96];

	ui->help_pages = (n + per_page - 1) / per_page;
	if (ui->help_page >= ui->help_pages) {
		ui->help_page = ui->help_pages - 1; /* a resize made the pages longer */
	}
	ui_overlay_box(ui, y0, x0, bh, bw, "nstop keys");
	for (int i = 0; i < per_page && ui->help_page * per_page + i < n; i++) {
		const struct hint *k = &help_keys[ui->help_page * per_page + i];
		ui_put(y0 + 2 + i, x0 + 2, 18, k->key, ui->attr[UI_ROLE_KEY]);
		ui_put(y0 + 2 + i, x0 + 20, bw - 22, k->what, ui->attr[UI_ROLE_NORMAL]);
	}
	if (ui->help_pages > 1) {
		snprintf(foot, sizeof(foot), "page %d of %d   space/PgDn next, PgUp back, any other key closes",
			 ui->help_page + 1, ui->help_pages);
	} else {
		snprintf(foot, sizeof(foot), "any key closes");
	}
	ui_put(y0 + bh - 2, x0 + 2, bw - 4, foot, ui->attr[UI_ROLE_DIM]);
}
