/* SPDX-License-Identifier: MIT */
/*
 * The tree view: namespaces as top-level rows, links under them, bridge
 * ports under their bridge, veth peers as `⇄ ns:peer`, first address on the
 * row and further ones below, per-second rates in the last columns.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "route_text.h"
#include "views.h"
#include "units.h"

struct columns {
	int name, kind, state, addr, rate; /* widths; rate = one of up to four rate columns */
	int n_rates;
};

static struct columns layout_columns(int w)
{
	struct columns c = { .kind = 9, .state = 11, .addr = 19, .rate = 9, .n_rates = 4 };

	/* Narrow terminals lose packet rates, then all rates, then the address column. */
	if (w < 96) {
		c.n_rates = 2;
	}
	if (w < 72) {
		c.n_rates = 0;
	}
	if (w < 56) {
		c.addr = 0;
	}
	c.name = w - c.kind - c.state - c.addr - c.n_rates * c.rate - 1;
	if (c.name < 12) {
		c.name = 12;
	}
	return c;
}

static const char *link_state(const struct nst_link *l, int *role)
{
	if (!l->up) {
		*role = UI_ROLE_DOWN;
		return "DOWN";
	}
	if (strcmp(l->operstate, "up") == 0 || strcmp(l->operstate, "unknown") == 0) {
		*role = UI_ROLE_UP;
		return "UP";
	}
	*role = UI_ROLE_WARN;
	return strcmp(l->operstate, "dormant") == 0 ? "DORMANT" : "NO-CARRIER";
}

static void draw_rates(struct ui *ui, const struct nst_link *l, const struct columns *c, int y, int x,
		       int attr)
{
	const double v[4] = { l->rates.rx_bps, l->rates.tx_bps, l->rates.rx_pps, l->rates.tx_pps };
	char buf[32];

	for (int i = 0; i < c->n_rates; i++) {
		if (l->has_rates) {
			nst_format_si(v[i], buf, sizeof(buf));
		} else {
			snprintf(buf, sizeof(buf), "-");
		}
		int tw = ui_text_width(buf);
		ui_put(y, x + i * c->rate + (c->rate - 1 - tw), c->rate - 1, buf, attr ? attr : ui->attr[UI_ROLE_NORMAL]);
	}
}

void ui_tree_prefix(struct ui *ui, const struct ui_row *r, const bool *last_at, char *out, size_t len)
{
	size_t n = 0;

	out[0] = '\0';
	for (int d = 1; d < r->depth && n + 8 < len; d++) {
		n += (size_t)snprintf(out + n, len - n, "%s", last_at[d] ? "  " : ui->g.pipe);
	}
	if (r->depth >= 1 && n + 8 < len) {
		if (r->kind == UI_ROW_ADDR || r->kind == UI_ROW_EGRESS) {
			snprintf(out + n, len - n, "%s", last_at[r->depth] ? "   " : ui->g.pipe);
		} else {
			snprintf(out + n, len - n, "%s ", r->last_child ? ui->g.elbow : ui->g.tee);
		}
	}
}

static void draw_ns_row(struct ui *ui, const struct nst_ns *ns, int y, int w, int sel_attr)
{
	char buf[512];
	bool open = ui_expand_is_open(&ui->expand, ns->id) || ui->filter.active;
	size_t warnings = ns->warnings.n + ns->diag.n;

	for (size_t i = 0; i < ns->n_links; i++) {
		warnings += ns->links[i].warnings.n;
	}
	int x = ui_put(y, 0, w, open ? ui->g.open : ui->g.closed, sel_attr ? sel_attr : ui->attr[UI_ROLE_NS]);
	x += ui_put(y, x, w - x, " ", sel_attr);
	x += ui_put(y, x, w - x, nst_ns_display(ns), sel_attr ? sel_attr : ui->attr[UI_ROLE_NS]);
	int n = snprintf(buf, sizeof(buf), "  %s", nst_ns_kind_str(ns->kind));
	if (ns->display) {
		/* a container's name stands for the path or pid: it stays on the row */
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, " %s", ns->name);
		n = n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1;
	}
	if (ns->self && ns->kind != NST_NS_SELF) {
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, ", self");
	}
	if (ns->label) {
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "  %s", ns->label);
	}
	if (ns->n_pids == 1) {
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "  pid %d", ns->pids[0]);
	} else if (ns->n_pids > 1) {
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "  %zu pids", ns->n_pids);
	}
	n += snprintf(buf + n, sizeof(buf) - (size_t)n, "  %zu link%s", ns->n_links, ns->n_links == 1 ? "" : "s");
	/* routes of other tables grouped (main is the usual, local is noise: neither is named) */
	struct nst_route_table_count t[3];
	size_t nt = nst_route_other_tables(ns, t, 3);
	for (size_t i = 0; i < nt && i < 3 && n > 0 && n < (int)sizeof(buf); i++) {
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "  table %u: %zu route%s", t[i].table, t[i].routes,
			      t[i].routes == 1 ? "" : "s");
	}
	if (nt > 3 && n > 0 && n < (int)sizeof(buf)) {
		snprintf(buf + n, sizeof(buf) - (size_t)n, "  +%zu tables", nt - 3);
	}
	x += ui_put(y, x, w - x, buf, sel_attr ? sel_attr : ui->attr[UI_ROLE_DIM]);
	if (warnings) {
		snprintf(buf, sizeof(buf), "  ! %zu warning%s", warnings, warnings == 1 ? "" : "s");
		ui_put(y, x, w - x, buf, sel_attr ? sel_attr : ui->attr[UI_ROLE_WARN]);
	}
}

/* Extra text after the name shown whole or not at all: a stub like " 1 n…" after a peer reads as a cut peer. */
static int put_whole(int y, int x, int max_w, const char *text, int attr)
{
	return ui_text_width(text) <= max_w ? ui_put(y, x, max_w, text, attr) : 0;
}

/* `@ns:lower macvlan bridge`, `vxlan 42 → 10.50.0.2 dev up0`, `tap owner 1000`: what the kind says. */
static int draw_kind_text(struct ui *ui, const struct nst_model *m, const struct nst_link *l, int x, int max_w, int y,
			  int sel_attr)
{
	const struct nst_link_kind *k = nst_link_kind_find(l->kind);
	char text[128], buf[200];
	int used = 0;

	if (!k->has_info && !k->has_lower) {
		return 0;
	}
	const struct nst_ns *lns = NULL;
	const struct nst_link *lower = nst_link_lower(m, l, &lns);
	char ref[NST_IFNAMSIZ + 300] = "";
	if (l->lower.has) {
		if (lower && !l->lower.elsewhere) {
			snprintf(ref, sizeof(ref), "%s", lower->name); /* the row's own namespace */
		} else if (lower) {
			snprintf(ref, sizeof(ref), "%s:%s", nst_ns_display(lns), lower->name);
		} else {
			snprintf(ref, sizeof(ref), "?");
		}
	}
	if (ref[0] && !k->lower_as_dev) {
		snprintf(buf, sizeof(buf), "@%s", ref);
		used += ui_put(y, x + used, max_w - used, buf, sel_attr ? sel_attr : ui->attr[UI_ROLE_PORT]);
	}
	nst_link_info_text(l->kind, &l->info, ui->g.to, text, sizeof(text));
	if (!ref[0] && strcmp(text, nst_link_kind_label(l->kind, &l->info)) == 0) {
		return used; /* the kind alone (a bridge without stp, a tun with no owner): the KIND column says it */
	}
	snprintf(buf, sizeof(buf), " %s%s%s", text, ref[0] && k->lower_as_dev ? " dev " : "",
		 ref[0] && k->lower_as_dev ? ref : "");
	used += put_whole(y, x + used, max_w - used, buf, sel_attr ? sel_attr : ui->attr[UI_ROLE_DIM]);
	return used;
}

/* " 3 neigh" dim, " 1 FAILED" in the warn role; the columns used. */
static int draw_neigh_badge(struct ui *ui, const struct nst_ns *ns, const struct nst_link *l, int x, int max_w, int y,
			    int sel_attr)
{
	char count[32], bad[32], buf[40];
	int used = 0;

	if (!ns || max_w <= 0) {
		return 0;
	}
	ui_neigh_badge(ns, l, count, sizeof(count), bad, sizeof(bad));
	if (count[0]) {
		snprintf(buf, sizeof(buf), " %s", count);
		used += put_whole(y, x, max_w, buf, sel_attr ? sel_attr : ui->attr[UI_ROLE_DIM]);
	}
	if (bad[0] && used < max_w) {
		snprintf(buf, sizeof(buf), " %s", bad);
		used += put_whole(y, x + used, max_w - used, buf, sel_attr ? sel_attr : ui->attr[UI_ROLE_WARN]);
	}
	return used;
}

/* " ⇄ ns:peer" of a veth (or " ⇄ ?"); false for a link without a peer. */
static bool peer_text(struct ui *ui, const struct nst_model *m, const struct nst_link *l, char *buf, size_t len)
{
	const struct nst_ns *pns = NULL;
	const struct nst_link *peer = l->peer.has ? nst_link_peer(m, l, &pns) : NULL;

	if (!l->peer.has) {
		return false;
	}
	if (peer) {
		snprintf(buf, len, " %s %s:%s", ui->g.peer, nst_ns_display(pns), peer->name);
	} else {
		snprintf(buf, len, " %s ?", ui->g.peer);
	}
	return true;
}

/* The columns a link row's name needs to be whole: tree lines, name, (network), and the peer; *full: also
 * the neighbour badge and the warning mark, which may take only what the STATE column does not use. */
static int link_name_need(struct ui *ui, const struct nst_model *m, const struct ui_row *r, int *full)
{
	const struct nst_link *l = r->kind == UI_ROW_LINK ? ui_row_link(r, m) : NULL;
	const struct nst_ns *ns = l ? ui_row_ns(r, m) : NULL;
	char buf[256], count[32], bad[32];

	*full = 0;
	if (!l) {
		return 0;
	}
	/* x starts after the tree lines (at 1 + their width), and one column stays free before KIND */
	int need = 1 + (r->depth >= 1 ? 2 * (r->depth - 1) + 3 : 0) + ui_text_width(l->name) + 1;
	if (l->network) {
		need += 3 + ui_text_width(l->network);
	}
	if (peer_text(ui, m, l, buf, sizeof(buf))) {
		need += ui_text_width(buf);
	}
	*full = need + (l->warnings.n ? 2 : 0);
	if (ns) {
		ui_neigh_badge(ns, l, count, sizeof(count), bad, sizeof(bad));
		*full += (count[0] ? 1 + ui_text_width(count) : 0) + (bad[0] ? 1 + ui_text_width(bad) : 0);
	}
	return need;
}

#define ADDR_MIN_W 12 /* what the address column keeps when a peer takes from it: "10.0.0.1/24" */

/* The peer has priority: rows on screen whose name and peer (and badges) do not fit widen the name column
 * by what the STATE column does not use (it is sized for NO-CARRIER); then the peer alone takes from the
 * address column down to ADDR_MIN_W. A row that would stay cut even so takes nothing: its cut is marked
 * and the addresses keep their room. Only the rows shown count, so this costs a screenful. */
static void widen_for_peers(struct ui *ui, const struct nst_model *m, struct columns *c, long top, int h)
{
	int state_need = (int)sizeof("STATE"), role;

	for (long i = top; i < top + h && i < (long)ui->rows.n; i++) {
		const struct ui_row *r = &ui->rows.v[i];
		const struct nst_link *l = r->kind == UI_ROW_LINK ? ui_row_link(r, m) : NULL;
		int sw = l ? (int)strlen(link_state(l, &role)) + 1 : 0;
		state_need = sw > state_need ? sw : state_need;
	}
	int state_slack = c->state - state_need;
	int addr_slack = c->addr > ADDR_MIN_W ? c->addr - ADDR_MIN_W : 0;
	int need = 0, full = 0;
	for (long i = top; i < top + h && i < (long)ui->rows.n; i++) {
		int nf, n = link_name_need(ui, m, &ui->rows.v[i], &nf);
		need = n > need && n <= c->name + state_slack + addr_slack ? n : need;
		full = nf > full && nf <= c->name + state_slack ? nf : full;
	}
	int take = (full > need ? full : need) - c->name;
	take = take < state_slack ? take : state_slack;
	if (take > 0) {
		c->name += take;
		c->state -= take;
	}
	if (need > c->name) {
		take = need - c->name < addr_slack ? need - c->name : addr_slack;
		c->name += take;
		c->addr -= take;
	}
}

static void draw_link_row(struct ui *ui, const struct nst_model *m, const struct ui_row *r, const bool *last_at,
			  const struct columns *c, int y, int w, int sel_attr)
{
	const struct nst_link *l = ui_row_link(r, m);
	char prefix[128], buf[256];
	int role;

	ui_tree_prefix(ui, r, last_at, prefix, sizeof(prefix));
	int x = ui_put(y, 1, c->name - 1, prefix, sel_attr ? sel_attr : ui->attr[UI_ROLE_DIM]) + 1;
	if (r->kind == UI_ROW_ADDR) {
		nst_addr_format(&r->addr, true, buf, sizeof(buf));
		ui_put(y, c->name + c->kind + c->state, c->addr - 1, buf, sel_attr);
		return;
	}
	if (r->kind == UI_ROW_EGRESS) {
		const struct nst_nat_rule *n = ui_row_nat(r, m);
		x += ui_put(y, x, w - x, ui->g.egress, sel_attr ? sel_attr : ui->attr[UI_ROLE_NAT]) + 1;
		ui_put(y, x, w - x, n ? ui_nat_short(n, buf, sizeof(buf)) : "?",
		       sel_attr ? sel_attr : ui->attr[UI_ROLE_NAT]);
		return;
	}
	if (!l) {
		return; /* only when the rows are older than the model, which ui_sync prevents */
	}
	const char *state = link_state(l, &role);
	x += ui_put(y, x, c->name - x, l->name, sel_attr ? sel_attr : ui->attr[role == UI_ROLE_DOWN ? UI_ROLE_DOWN : UI_ROLE_NORMAL]);
	if (l->network) {
		snprintf(buf, sizeof(buf), " (%s)", l->network); /* br-1d80c203eabc (appnet) */
		x += ui_put(y, x, c->name - x - 1, buf, sel_attr ? sel_attr : ui->attr[UI_ROLE_DIM]);
	}
	int mark = l->warnings.n ? 2 : 0; /* " !" stays whole: a cut peer ends "…" before it */
	if (peer_text(ui, m, l, buf, sizeof(buf))) {
		x += ui_put(y, x, c->name - x - 1 - mark, buf, sel_attr ? sel_attr : ui->attr[UI_ROLE_VETH]);
	}
	x += draw_kind_text(ui, m, l, x, c->name - x - 1 - mark, y, sel_attr);
	x += draw_neigh_badge(ui, ui_row_ns(r, m), l, x, c->name - x - 1 - mark, y, sel_attr);
	if (l->warnings.n && x < c->name) {
		ui_put(y, x, c->name - x, " !", sel_attr ? sel_attr : ui->attr[UI_ROLE_WARN]);
	}
	x = c->name;
	ui_put(y, x, c->kind - 1, nst_link_kind_label(l->kind, &l->info), sel_attr ? sel_attr : ui->attr[UI_ROLE_DIM]);
	x += c->kind;
	ui_put(y, x, c->state - 1, state, sel_attr ? sel_attr : ui->attr[role]);
	x += c->state;
	size_t a = ui_first_shown_addr(l);
	if (c->addr && a < l->n_addrs) {
		ui_put(y, x, c->addr - 1, nst_addr_format(&l->addrs[a], true, buf, sizeof(buf)), sel_attr);
	}
	x += c->addr;
	draw_rates(ui, l, c, y, x, sel_attr);
}

static void draw_nat_row(struct ui *ui, const struct nst_model *m, const struct nst_nat_rule *n, const struct ui_row *r,
			 const bool *last_at, int y, int w, int sel_attr)
{
	char prefix[64], buf[700];

	ui_tree_prefix(ui, r, last_at, prefix, sizeof(prefix));
	int x = ui_put(y, 1, w - 1, prefix, sel_attr ? sel_attr : ui->attr[UI_ROLE_DIM]) + 1;
	snprintf(buf, sizeof(buf), "%s ", nst_nat_type_str(n->type));
	x += ui_put(y, x, w - x, buf, sel_attr ? sel_attr : ui->attr[UI_ROLE_NAT]);
	if (n->target_found) {
		/* where it goes first: the summary is long and the right end gets clipped */
		snprintf(buf, sizeof(buf), "%s %s:%s  ", ui->g.to, nst_nat_target_display(m, n), n->target_link);
		x += ui_put(y, x, w - x, buf, sel_attr ? sel_attr : ui->attr[UI_ROLE_NAT]);
	}
	/* reached through jumps: the way there tells one rule's several paths apart (PREROUTING → DOCKER:) */
	int dim = sel_attr ? sel_attr : ui->attr[UI_ROLE_DIM];
	for (size_t i = 0; n->n_path > 1 && i < n->n_path && x < w; i++) {
		if (i) {
			bool gap = n->path_cut && i + 1u == n->n_path; /* the middle was left out */
			snprintf(buf, sizeof(buf), " %s %s%s%s", ui->g.to, gap ? "… " : "", gap ? ui->g.to : "", gap ? " " : "");
			x += ui_put(y, x, w - x, buf, dim);
		}
		x += ui_put(y, x, w - x, nst_nat_path(n, i), dim);
		if (i + 1u == n->n_path) {
			x += ui_put(y, x, w - x, ": ", dim);
		}
	}
	ui_put(y, x, w - x, n->summary, sel_attr ? sel_attr : ui->attr[n->raw ? UI_ROLE_WARN : UI_ROLE_NORMAL]);
}

/* "NAT  3 rules  ip_forward 1" */
static void draw_nat_head(struct ui *ui, const struct nst_ns *ns, const struct ui_row *r, const bool *last_at, int y,
			  int w)
{
	char prefix[64], buf[128];

	ui_tree_prefix(ui, r, last_at, prefix, sizeof(prefix));
	int x = ui_put(y, 1, w - 1, prefix, ui->attr[UI_ROLE_DIM]) + 1;
	x += ui_put(y, x, w - x, "NAT", ui->attr[UI_ROLE_NAT]);
	snprintf(buf, sizeof(buf), "  %zu rule%s  ", ns->n_nat, ns->n_nat == 1 ? "" : "s");
	x += ui_put(y, x, w - x, buf, ui->attr[UI_ROLE_DIM]);
	if (ns->ip_forward >= 0) {
		snprintf(buf, sizeof(buf), "ip_forward %d", ns->ip_forward);
		ui_put(y, x, w - x, buf, ui->attr[ns->ip_forward ? UI_ROLE_DIM : UI_ROLE_WARN]);
	}
}

static void draw_column_titles(struct ui *ui, const struct columns *c, int y, int w)
{
	static const char *const rates[] = { "RX bit/s", "TX bit/s", "RX pkt/s", "TX pkt/s" };
	int attr = ui->attr[UI_ROLE_DIM] | A_UNDERLINE;

	ui_fill(y, 0, w, attr);
	ui_put(y, 0, c->name, "NAMESPACE / LINK", attr);
	ui_put(y, c->name, c->kind, "KIND", attr);
	ui_put(y, c->name + c->kind, c->state, "STATE", attr);
	if (c->addr) {
		ui_put(y, c->name + c->kind + c->state, c->addr, "ADDRESS", attr);
	}
	for (int i = 0; i < c->n_rates; i++) {
		int x = c->name + c->kind + c->state + c->addr + i * c->rate;
		int tw = ui_text_width(rates[i]);
		ui_put(y, x + c->rate - 1 - tw, c->rate, rates[i], attr);
	}
}

void ui_tree_draw(struct ui *ui, const struct nst_model *m, int y, int h, int w)
{
	struct columns c = layout_columns(w);
	long sel = ui_sel_row(ui);
	bool last_at[16] = { 0 };

	if (h < 2) {
		return;
	}
	y++;
	h--;
	if (sel >= 0) {
		if (sel < ui->tree_top) {
			ui->tree_top = sel;
		}
		if (sel >= ui->tree_top + h) {
			ui->tree_top = sel - h + 1;
		}
	}
	if (ui->tree_top > (long)ui->rows.n - h) {
		ui->tree_top = (long)ui->rows.n - h;
	}
	if (ui->tree_top < 0) {
		ui->tree_top = 0;
	}
	widen_for_peers(ui, m, &c, ui->tree_top, h);
	draw_column_titles(ui, &c, y - 1, w);
	/* Tree lines need the last-child flags of the rows above the first visible one: the row just above carries
	 * them (ui_row.last_at), so a frame costs the rows shown, however far down they are. */
	if (ui->tree_top > 0 && ui->tree_top <= (long)ui->rows.n) {
		for (int d = 0; d < 16; d++) {
			last_at[d] = (ui->rows.v[ui->tree_top - 1].last_at >> d) & 1u;
		}
	}
	for (int row = 0; row < h; row++) {
		long i = ui->tree_top + row;
		if (i >= (long)ui->rows.n) {
			break;
		}
		const struct ui_row *r = &ui->rows.v[i];
		bool selected = i == sel;
		int sel_attr = selected ? ui->attr[UI_ROLE_SELECT] : 0;

		if (r->kind != UI_ROW_ADDR && r->kind != UI_ROW_EGRESS && r->depth < 16) {
			last_at[r->depth] = r->last_child;
		}
		if (selected) {
			ui_fill(y + row, 0, w, sel_attr);
		}
		const struct nst_ns *ns = ui_row_ns(r, m);
		const struct nst_nat_rule *nat = ui_row_nat(r, m);
		if (!ns) {
			continue; /* only when the rows are older than the model, which ui_sync prevents */
		}
		if (r->kind == UI_ROW_NS) {
			draw_ns_row(ui, ns, y + row, w, sel_attr);
		} else if (r->kind == UI_ROW_NAT) {
			if (nat) {
				draw_nat_row(ui, m, nat, r, last_at, y + row, w, sel_attr);
			}
		} else if (r->kind == UI_ROW_NAT_HEAD) {
			draw_nat_head(ui, ns, r, last_at, y + row, w);
		} else if (r->kind == UI_ROW_FW) {
			ui_fw_row_draw(ui, ns, r, last_at, y + row, w, sel_attr);
		} else if (r->kind == UI_ROW_RT_HEAD || r->kind == UI_ROW_ROUTE || r->kind == UI_ROW_IPRULE) {
			ui_rt_row_draw(ui, ns, r, last_at, y + row, w);
		} else {
			draw_link_row(ui, m, r, last_at, &c, y + row, w, sel_attr);
		}
	}
	if (ui->rows.n == 0) {
		ui_put(y, 2, w - 2, ui->filter.active ? "nothing matches the filter (Esc clears it)" : "no namespaces",
		       ui->attr[UI_ROLE_DIM]);
	}
}
