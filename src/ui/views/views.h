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
/* Bytes of plain s (no control bytes) that fit in w columns, broken after a space when one is near the end. */
size_t ui_fit(const char *s, int w);
/* text word-wrapped to w columns from row y, at most max_lines drawn (the last one cut with a mark);
 * returns the lines the whole text takes (max_lines 0: only counts). Shown escaped, as ui_put shows it. */
int ui_put_wrapped(int y, int x, int w, int max_lines, const char *text, int attr);
/* The same with the lines after the first indented by indent columns (at most half of w). */
int ui_put_wrapped_indent(int y, int x, int w, int max_lines, int indent, const char *text, int attr);
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
/* view_chrome.c: the rows the footer needs at width w (the add menu and a y/N question wrap), then it there. */
int ui_footer_lines(struct ui *ui, int w);
void ui_footer_draw(struct ui *ui, int y, int lines, int w);
void ui_form_draw(struct ui *ui, int h, int w);
void ui_log_draw(struct ui *ui, int y, int h, int w);
void ui_panes_draw(struct ui *ui, int y, int h, int w);
void ui_explain_draw(struct ui *ui, int y, int h, int w);
void ui_reach_draw(struct ui *ui, int y, int h, int w);
