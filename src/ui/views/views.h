/* SPDX-License-Identifier: MIT */
/*
 * Views: each draws UI state and the const model into the rectangle it is
 * given, and handles no key. Input handlers (input/) are never included here.
 */
#pragma once
#include "ui_state.h"

/* theme.c */
void ui_theme_init(struct ui *ui);
/* draw.c: UTF-8 aware output clipped to a width; returns columns used. */
int ui_put(int y, int x, int max_w, const char *s, int attr);
/* Mark cut text with "~" instead of "…" (ASCII line drawing). */
void ui_put_set_ascii(bool ascii);
void ui_fill(int y, int x, int w, int attr);
int ui_text_width(const char *s);
/* A bordered box with a title in the top border, cleared inside (help, forms). */
void ui_overlay_box(struct ui *ui, int y0, int x0, int bh, int bw, const char *title);

/* view_tree.c: the tree lines before a row ("│  ├─ "); last_at: per depth, whether the row above there was the last. */
void ui_tree_prefix(struct ui *ui, const struct ui_row *r, const bool *last_at, char *out, size_t len);
/* view_fw.c: one row of a Firewall node (UI_ROW_FW). */
void ui_fw_row_draw(struct ui *ui, const struct nst_ns *ns, const struct ui_row *r, const bool *last_at, int y, int w,
		    int sel_attr);
/* view_route_rows.c: one Routing row (UI_ROW_RT_HEAD, UI_ROW_ROUTE, UI_ROW_IPRULE); never selected. */
void ui_rt_row_draw(struct ui *ui, const struct nst_ns *ns, const struct ui_row *r, const bool *last_at, int y, int w);
void ui_tree_draw(struct ui *ui, const struct nst_model *m, int y, int h, int w);
void ui_graph_draw(struct ui *ui, const struct nst_model *m, int y, int h, int w);
void ui_details_draw(struct ui *ui, const struct nst_model *m, int y, int h, int w);
void ui_help_draw(struct ui *ui, int h, int w);
void ui_header_draw(struct ui *ui, const struct nst_model *m, int w);
void ui_footer_draw(struct ui *ui, int y, int w);
void ui_form_draw(struct ui *ui, int h, int w);
void ui_log_draw(struct ui *ui, int y, int h, int w);
void ui_panes_draw(struct ui *ui, int y, int h, int w);
void ui_explain_draw(struct ui *ui, int y, int h, int w);
void ui_reach_draw(struct ui *ui, int y, int h, int w);
