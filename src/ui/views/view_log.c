/* SPDX-License-Identifier: MIT */
/* The action log panel (`L`): newest commands at the bottom, failures with their error. */
#include <stdio.h>
#include <string.h>

#include "views.h"

void ui_log_draw(struct ui *ui, int y, int h, int w)
{
	int attr = ui->attr[UI_ROLE_HEADER];
	int rows = h - 1, row = 0;
	size_t lines = 0;

	ui_fill(y, 0, w, attr);
	ui_put(y, 1, w - 2, "Action log  (L: close, W: save as script)", attr);
	/* Count command lines so the newest fit at the bottom. */
	for (size_t i = 0; i < ui->n_log; i++) {
		for (const char *p = ui->log[i].commands; *p; p++) {
			lines += *p == '\n';
		}
		lines += ui->log[i].ok ? 0 : 1;
	}
	long skip = (long)lines - rows;
	for (size_t i = 0; i < ui->n_log && row < rows; i++) {
		const struct ui_log_entry *e = &ui->log[i];
		const char *p = e->commands;
		while (*p && row < rows) {
			size_t n = strcspn(p, "\n");
			if (skip-- <= 0) {
				char buf[1200];
				snprintf(buf, sizeof(buf), "%s %s %.*s", e->when, e->ok ? "ok    " : "FAILED", (int)n, p);
				ui_put(y + 1 + row++, 1, w - 2, buf, e->ok ? ui->attr[UI_ROLE_NORMAL] : ui->attr[UI_ROLE_DOWN]);
			}
			p += n + (p[n] == '\n');
		}
		if (!e->ok && row < rows && skip-- <= 0) {
			char buf[600];
			snprintf(buf, sizeof(buf), "         error: %s", e->error);
			ui_put(y + 1 + row++, 1, w - 2, buf, ui->attr[UI_ROLE_WARN]);
		}
	}
	if (ui->n_log == 0) {
		ui_put(y + 1, 1, w - 2, "no edits yet: each applied edit appears here as the iproute2 command it equals",
		       ui->attr[UI_ROLE_DIM]);
	}
}
