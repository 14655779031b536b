/* SPDX-License-Identifier: MIT */
/* Drawing an edit form: an overlay box, one row per field, the error under its field, choices under the focus. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "views.h"

/* The focused field's choices under the fields: a window of UI_FORM_CHOICE_ROWS around the current one. */
static void draw_choices(struct ui *ui, const struct ui_form_choices *c, int y, int x, int w)
{
	int first = c->cur - UI_FORM_CHOICE_ROWS / 2;
	char buf[128];

	if (first > c->n - UI_FORM_CHOICE_ROWS) {
		first = c->n - UI_FORM_CHOICE_ROWS;
	}
	if (first < 0) {
		first = 0;
	}
	snprintf(buf, sizeof(buf), "Left/Right picks (%d of %d):", c->cur < 0 ? 0 : c->cur + 1, c->n);
	ui_put(y, x, w, buf, ui->attr[UI_ROLE_DIM]);
	for (int i = first; i < c->n && i < first + UI_FORM_CHOICE_ROWS; i++) {
		ui_fill(y + 1 + i - first, x, w, i == c->cur ? ui->attr[UI_ROLE_SELECT] : 0);
		ui_put(y + 1 + i - first, x + 2, w - 2, c->v[i].label, i == c->cur ? ui->attr[UI_ROLE_SELECT] : 0);
	}
}

void ui_form_draw(struct ui *ui, int h, int w)
{
	const struct ui_form *f = &ui->form;
	const struct ui_form_choices *ch = &f->choices[f->focus];
	int list = ch->n ? 1 + (ch->n < UI_FORM_CHOICE_ROWS ? ch->n : UI_FORM_CHOICE_ROWS) + 1 : 0;
	int rows = f->n_fields * 2 + 5 + list;
	int bw = w < 74 ? w - 2 : 72, bh = rows < h - 2 ? rows : h - 2;
	int x0 = (w - bw) / 2, y0 = (h - bh) / 2, label_w = 16;
	ui_overlay_box(ui, y0, x0, bh, bw, f->title);

	int cursor_y = -1, cursor_x = -1;
	for (int i = 0, y = y0 + 2; i < f->n_fields && y < y0 + bh - 2; i++, y += 2) {
		const struct ui_form_field *fld = &f->fields[i];
		bool focused = i == f->focus;
		int vw = bw - 4 - label_w;

		ui_put(y, x0 + 2, label_w, fld->label, focused ? ui->attr[UI_ROLE_KEY] : ui->attr[UI_ROLE_DIM]);
		ui_fill(y, x0 + 2 + label_w, vw, ui->attr[UI_ROLE_SELECT]);
		const char *v = f->op.f[fld->field];
		int len = (int)strlen(v);
		const char *shown = len > vw - 1 ? v + len - (vw - 1) : v; /* keep the end (cursor) visible */
		int used = ui_put(y, x0 + 2 + label_w, vw, shown, ui->attr[UI_ROLE_SELECT]);
		if (focused) {
			cursor_y = y;
			cursor_x = x0 + 2 + label_w + used;
		}
		if (f->error.msg[0] && f->error.field == fld->field) {
			ui_put(y + 1, x0 + 2 + label_w, vw, f->error.msg, ui->attr[UI_ROLE_ERROR]);
		}
	}
	if (list && y0 + 2 + f->n_fields * 2 + list <= y0 + bh - 2) {
		draw_choices(ui, ch, y0 + 2 + f->n_fields * 2, x0 + 2 + label_w, bw - 4 - label_w);
	}
	if (f->error.msg[0] && f->error.field == NST_F_NONE) {
		ui_put(y0 + bh - 3, x0 + 2, bw - 4, f->error.msg, ui->attr[UI_ROLE_ERROR]);
	}
	ui_put(y0 + bh - 2, x0 + 2, bw - 4,
	       f->explain ? "Tab/Shift-Tab: field  Enter: explain  Esc: cancel  Ctrl-U: clear"
			  : "Tab/Shift-Tab: field  Enter: apply  Esc: cancel  Ctrl-U: clear",
	       ui->attr[UI_ROLE_DIM]);
	if (cursor_y >= 0) {
		move(cursor_y, cursor_x);
	}
}
