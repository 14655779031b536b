/* SPDX-License-Identifier: MIT */
/* Form state, keys and drawing (an overlay box, one row per field, the error under its field). */
#include "form.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui_internal.h"

void ui_form_open(struct ui_form *f, const char *title, const struct nst_op *op, const struct ui_form_field *fields,
		  int n_fields)
{
	memset(f, 0, sizeof(*f));
	f->open = true;
	f->title = title;
	f->op = *op;
	f->n_fields = n_fields < UI_FORM_MAX_FIELDS ? n_fields : UI_FORM_MAX_FIELDS;
	memcpy(f->fields, fields, (size_t)f->n_fields * sizeof(*fields));
	f->error.field = NST_F_NONE;
	f->focus = 0; /* always the first field: Tab is a predictable walk through the form */
	for (int i = 0; i < f->n_fields; i++) {
		f->choices[i].field = f->fields[i].field;
		f->choices[i].cur = -1;
	}
}

void ui_form_add_choice(struct ui_form *f, enum nst_field field, const char *value, const char *label)
{
	for (int i = 0; i < f->n_fields; i++) {
		struct ui_form_choices *c = &f->choices[i];

		if (c->field != field || c->n >= UI_FORM_MAX_CHOICES) {
			continue;
		}
		snprintf(c->v[c->n].value, sizeof(c->v[c->n].value), "%s", value);
		snprintf(c->v[c->n].label, sizeof(c->v[c->n].label), "%s", label);
		if (strcmp(f->op.f[field], value) == 0 && c->cur < 0) {
			c->cur = c->n;
		}
		c->n++;
	}
}

/* Left/Right: the previous/next choice becomes the field's value. */
static void pick(struct ui_form *f, int step)
{
	struct ui_form_choices *c = &f->choices[f->focus];

	if (c->n == 0) {
		return;
	}
	c->cur = c->cur < 0 ? (step > 0 ? 0 : c->n - 1) : (c->cur + step + c->n) % c->n;
	size_t n = strnlen(c->v[c->cur].value, sizeof(c->v[c->cur].value) - 1);

	memcpy(f->op.f[c->field], c->v[c->cur].value, n);
	f->op.f[c->field][n] = '\0';
}

int ui_form_key(struct ui *ui, const struct nst_model *m, int ch)
{
	struct ui_form *f = &ui->form;
	char *val = f->op.f[f->fields[f->focus].field];
	size_t n = strlen(val);

	switch (ch) {
	case 27: /* Esc */
		f->open = false;
		ui_set_status(ui, false, "%s: cancelled, nothing changed", f->title);
		return UI_REDRAW;
	case '\t':
	case KEY_DOWN:
		f->focus = (f->focus + 1) % f->n_fields;
		return UI_REDRAW;
	case KEY_BTAB:
	case KEY_UP:
		f->focus = (f->focus + f->n_fields - 1) % f->n_fields;
		return UI_REDRAW;
	case KEY_RIGHT:
	case KEY_LEFT:
		pick(f, ch == KEY_RIGHT ? 1 : -1);
		return UI_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (nst_op_validate(&f->op, m, &f->error) < 0) {
			/* Move to the field that is wrong, so the fix is one keystroke away. */
			for (int i = 0; i < f->n_fields; i++) {
				if (f->fields[i].field == f->error.field) {
					f->focus = i;
				}
			}
			return UI_REDRAW;
		}
		f->open = false;
		ui->pending = f->op;
		return UI_REDRAW | UI_APPLY;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (n > 0) {
			val[n - 1] = '\0';
		}
		f->choices[f->focus].cur = -1;
		return UI_REDRAW;
	case 21: /* Ctrl-U: clear the field */
		val[0] = '\0';
		f->choices[f->focus].cur = -1;
		return UI_REDRAW;
	default:
		if (ch >= 32 && ch < 127 && n + 1 < NST_OP_TEXT) {
			val[n] = (char)ch;
			val[n + 1] = '\0';
			f->choices[f->focus].cur = -1;
		}
		return UI_REDRAW;
	}
}

#define CHOICE_ROWS 5

/* The focused field's choices under the fields: a window of CHOICE_ROWS around the current one. */
static void draw_choices(struct ui *ui, const struct ui_form_choices *c, int y, int x, int w)
{
	int first = c->cur - CHOICE_ROWS / 2;
	char buf[128];

	if (first > c->n - CHOICE_ROWS) {
		first = c->n - CHOICE_ROWS;
	}
	if (first < 0) {
		first = 0;
	}
	snprintf(buf, sizeof(buf), "Left/Right picks (%d of %d):", c->cur < 0 ? 0 : c->cur + 1, c->n);
	ui_put(y, x, w, buf, ui->attr[UI_ROLE_DIM]);
	for (int i = first; i < c->n && i < first + CHOICE_ROWS; i++) {
		ui_fill(y + 1 + i - first, x, w, i == c->cur ? ui->attr[UI_ROLE_SELECT] : 0);
		ui_put(y + 1 + i - first, x + 2, w - 2, c->v[i].label, i == c->cur ? ui->attr[UI_ROLE_SELECT] : 0);
	}
}

void ui_form_draw(struct ui *ui, int h, int w)
{
	const struct ui_form *f = &ui->form;
	const struct ui_form_choices *ch = &f->choices[f->focus];
	int list = ch->n ? 1 + (ch->n < CHOICE_ROWS ? ch->n : CHOICE_ROWS) + 1 : 0;
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
	ui_put(y0 + bh - 2, x0 + 2, bw - 4, "Tab/Shift-Tab: field  Enter: apply  Esc: cancel  Ctrl-U: clear",
	       ui->attr[UI_ROLE_DIM]);
	if (cursor_y >= 0) {
		move(cursor_y, cursor_x);
	}
}
