/* SPDX-License-Identifier: MIT */
/*
 * Routing in the tree, after a namespace's links: each table but main and
 * local as a group of its routes ("table 100  2 routes"), the local table
 * and the kernel's fe80::/64 routes as one count line, and the rules that
 * are not the kernel's three defaults ("rules  2  +3 default"). A namespace
 * with nothing but main, local and the default rules gets no rows at all:
 * main's routes stay in the details, as before.
 */
#pragma once
#include <stdbool.h>

#include "rows.h"

/* Whether ns gets Routing rows: a route outside main and local, or a rule that is not a default. */
bool ui_rt_shown(const struct nst_ns *ns);
/* The rows at depth 1 (heads) and 2 (routes, rules); last: they end the namespace. */
void ui_rt_rows_add(struct ui_rows *rows, const struct nst_ns *ns, bool last);
/* What a ROUTE or IPRULE row shows, in ns now; NULL when it is gone. */
const struct nst_route *ui_rt_row_route(const struct nst_ns *ns, const struct ui_row *r);
const struct nst_rule *ui_rt_row_rule(const struct nst_ns *ns, const struct ui_row *r);
