/* SPDX-License-Identifier: MIT */
/* Header (counts, view, filter, clock), key hints, and the help overlay. */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "views.h"

void ui_header_draw(struct ui *ui, const struct nst_model *m, int w)
{
	struct nst_counts c = nst_model_counts(m);
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
	snprintf(buf, sizeof(buf), " nstop  %zu namespace%s  %zu links  %zu veth pair%s  %zu bridge%s  [%s]%s%s%s",
		 c.namespaces, c.namespaces == 1 ? "" : "s", c.links, c.veth_pairs, c.veth_pairs == 1 ? "" : "s",
		 c.bridges, c.bridges == 1 ? "" : "s", ui->view == UI_VIEW_TREE ? "tree" : "graph",
		 ui->filter.active ? "  filter: " : "", ui->filter.active ? ui->filter.text : "", dropped);
	ui_put(0, 0, w - 10, buf, ui->attr[UI_ROLE_HEADER]);
	if (w > 10) {
		ui_put(0, w - 9, 9, clock, ui->attr[UI_ROLE_HEADER]);
	}
}

struct hint {
	const char *key, *what;
};

void ui_footer_draw(struct ui *ui, int y, int w)
{
	static const struct hint main_hints[] = {
		{ "?", "help" }, { "Enter", "details" }, { "Tab", "pane" }, { "v", "tree/graph" },
		{ "/", "filter" }, { "h/l", "fold" }, { "q", "quit" },
	};
	int x = 0;

	ui_fill(y, 0, w, ui->attr[UI_ROLE_NORMAL]);
	if (ui->add_menu) {
		ui_put(y, 0, w, "add:  n namespace  v veth  b bridge  i address  r route  f port forward  m masquerade  (Esc)",
		       ui->attr[UI_ROLE_KEY]);
		return;
	}
	if (ui->confirm_open) {
		ui_put(y, 0, w, ui->confirm_text, ui->attr[UI_ROLE_WARN]);
		return;
	}
	if (ui->save_editing) {
		char buf[320];
		snprintf(buf, sizeof(buf), "save the action log as a shell script, file name: %s", ui->save_path);
		int used = ui_put(y, 0, w, buf, ui->attr[UI_ROLE_KEY]);
		move(y, used < w ? used : w - 1);
		return;
	}
	if (ui->focus == UI_FOCUS_PANE && !ui->form.open) {
		static const struct hint pane_hints[] = {
			{ "F", "filter" }, { "space", "pause" }, { "Enter", "packet" }, { "c", "clear" },
			{ "w", "save" },   { "x", "close" },     { "Tab", "next" },     { "q", "quit" },
		};
		for (size_t i = 0; i < sizeof(pane_hints) / sizeof(pane_hints[0]) && x < w; i++) {
			x += ui_put(y, x, w - x, pane_hints[i].key, ui->attr[UI_ROLE_KEY]);
			x += ui_put(y, x, w - x, " ", 0);
			x += ui_put(y, x, w - x, pane_hints[i].what, ui->attr[UI_ROLE_NORMAL]);
			x += ui_put(y, x, w - x, "  ", 0);
		}
		return;
	}
	if (ui->filter_editing) {
		char buf[200];
		snprintf(buf, sizeof(buf), "filter (regex or text, Enter applies, Esc cancels): %s", ui->filter_buf);
		int used = ui_put(y, 0, w, buf, ui->attr[UI_ROLE_KEY]);
		move(y, used < w ? used : w - 1);
		return;
	}
	for (size_t i = 0; i < sizeof(main_hints) / sizeof(main_hints[0]) && x < w; i++) {
		x += ui_put(y, x, w - x, main_hints[i].key, ui->attr[UI_ROLE_KEY]);
		x += ui_put(y, x, w - x, " ", 0);
		x += ui_put(y, x, w - x, main_hints[i].what, ui->attr[UI_ROLE_NORMAL]);
		x += ui_put(y, x, w - x, "  ", 0);
	}
}

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
	{ "?", "this help" },
	{ "q  F10", "quit" },
	{ "a", "add n/v/b/i/r/f/m (the menu names them)" },
	{ "d", "delete the selection, or the picked detail (y/N)" },
	{ "  on a rule", "any table's; another tool's rule names its owner" },
	{ "u", "set the selected link up / down" },
	{ "M", "move the selected link to another namespace" },
	{ "B", "attach the link to a bridge / detach it" },
	{ "L / W", "action log / save it as a shell script" },
	{ "p", "packets of the selected link, in a pane (up to 3)" },
	{ "  in a pane", "F filter, space pause, Enter hex, w save, x close" },
	{ "e / R", "explain the selection's reach (P: probe) / matrix" },
};

void ui_help_draw(struct ui *ui, int h, int w)
{
	int rows = (int)(sizeof(help_keys) / sizeof(help_keys[0])) + 4;
	int bw = w < 74 ? w - 2 : 72, bh = rows < h - 2 ? rows : h - 2;
	int x0 = (w - bw) / 2, y0 = (h - bh) / 2;

	ui_overlay_box(ui, y0, x0, bh, bw, "nstop keys");
	for (int i = 0; i < (int)(sizeof(help_keys) / sizeof(help_keys[0])) && 2 + i < bh - 2; i++) {
		ui_put(y0 + 2 + i, x0 + 2, 18, help_keys[i].key, ui->attr[UI_ROLE_KEY]);
		ui_put(y0 + 2 + i, x0 + 20, bw - 22, help_keys[i].what, ui->attr[UI_ROLE_NORMAL]);
	}
	ui_put(y0 + bh - 2, x0 + 2, bw - 4, "any key closes", ui->attr[UI_ROLE_DIM]);
}
