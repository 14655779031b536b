/* SPDX-License-Identifier: MIT */
/* Form state and keys; views/view_form.c draws it. */
#include "form.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "input.h"

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
		for (int i = 0; i < f->n_fields; i++) {
			if (!ui_line_check(f->op.f[f->fields[i].field], f->error.msg, sizeof(f->error.msg))) {
				f->error.field = f->fields[i].field;
				f->focus = i;
				return UI_REDRAW;
			}
		}
		if (f->explain) {
			return ui_explain_submit(ui, m);
		}
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
		nst_op_remember(&f->op, m);
		ui_actions_apply(&ui->actions, &f->op);
		return UI_REDRAW;
	default: {
		/* text, Backspace, Ctrl-U: UTF-8 kept whole; what cannot be typed is said, not dropped */
		char msg[160];
		int r = ui_line_edit(val, NST_OP_TEXT, ch, msg, sizeof(msg));

		if (r < 0) {
			ui_set_status(ui, true, "%s: %s", f->title, msg);
		} else if (r > 0) {
			f->choices[f->focus].cur = -1;
		}
		return UI_REDRAW;
	}
	}
}

