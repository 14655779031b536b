/* SPDX-License-Identifier: MIT */
/* The details pane's lines, shared by its parts (view_details.c, view_fw_details.c): scrolled, clipped, wrapped. */
#pragma once
#include "views.h"

struct ui_lines {
	struct ui *ui;
	int y, h, w, skip, row;
	int item;     /* index of the next deletable item drawn */
	bool pick;    /* highlight the picked item (details pane has focus) */
};

/* One line, clipped to the pane (a cut is marked). */
void ui_line(struct ui_lines *L, int role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* text whole, over as many lines as it takes, each after indent (text is shown escaped, as ui_put does). */
void ui_line_wrap(struct ui_lines *L, int role, const char *indent, const char *text);

/* view_fw_details.c: the selected Firewall node (sel is UI_SEL_FW). */
void ui_fw_details(struct ui_lines *L, const struct nst_model *m, const struct nst_ns *ns);
/* view_routing_details.c: a namespace's conf/all switches and nexthop objects; a link's conf/<link> switches. */
void ui_details_ns_routing(struct ui_lines *L, const struct nst_ns *ns);
void ui_details_link_sysctl(struct ui_lines *L, const struct nst_link *l);

/* view_neigh.c: a link's neighbours and FDB entries (not items: nothing to delete there). */
void ui_neigh_details(struct ui_lines *L, const struct nst_ns *ns, const struct nst_link *l);
