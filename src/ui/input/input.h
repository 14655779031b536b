/* SPDX-License-Identifier: MIT */
/*
 * Key handling: each handler changes UI state, queues what it asks of the
 * loop (ui->actions, actions.h) and returns reactions (ui.h);
 * none draws. Views (views/) are never included here.
 */
#pragma once
#include "ui_state.h"

#define KEY_ESC 27

/*
 * line_edit.c: Backspace, Ctrl-U and typed text (UTF-8, a byte per key) for a
 * prompt's buffer of size bytes. 1: buf changed; 0: ch is not an editing key;
 * -1: refused, msg says why (the caller shows it).
 */
int ui_line_edit(char *buf, size_t size, int ch, char *msg, size_t msg_len);
/* Before a prompt's text is used: false (msg set) when it is not valid UTF-8. */
bool ui_line_check(const char *buf, char *msg, size_t msg_len);

/* form.c (form_choices.c fills the pickers) */
int ui_form_key(struct ui *ui, const struct nst_model *m, int ch);
/* edit_keys.c: a d u M B L W and the menu, confirm and save prompts. */
int ui_edit_key(struct ui *ui, const struct nst_model *m, int ch);   /* -1: not an edit key */
int ui_prompt_key(struct ui *ui, const struct nst_model *m, int ch); /* -1: no prompt open */
/* pane_keys.c */
int ui_pane_open_key(struct ui *ui, const struct nst_model *m); /* `p` in the main view */
int ui_pane_key(struct ui *ui, int ch); /* keys while a pane has the focus; -1: not a pane key */
/* explain_keys.c: `e` opens the explain form; its Enter; keys while the explanation pane is open (-1: not one). */
int ui_explain_open_key(struct ui *ui, const struct nst_model *m);
int ui_explain_submit(struct ui *ui, const struct nst_model *m);
int ui_explain_key(struct ui *ui, int ch);
/* reach_keys.c: `R` opens (or closes) the matrix view; keys while it is open (-1: not one). */
int ui_reach_open_key(struct ui *ui);
int ui_reach_key(struct ui *ui, const struct nst_model *m, int ch);
/* Tab: main -> details (when open) -> each pane -> main */
void ui_focus_next(struct ui *ui);
/* Selection helpers (keys.c). */
void ui_select_move(struct ui *ui, long delta);
void ui_select_edge(struct ui *ui, bool last);
