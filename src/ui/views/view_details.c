/* SPDX-License-Identifier: MIT */
/*
 * The details pane for the selection: a namespace's identity, processes,
 * routes and warnings; a link's state, addresses, peer, master, counters
 * and rates. Updated at every draw, so it is live.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "containers_ports.h"
#include "details.h"
#include "fw_order.h"
#include "quote.h"
#include "route_text.h"
#include "units.h"

/* The next line is deletable item number L->item: highlight it when picked. */
static int item_role(struct ui_lines *L, int role)
{
	bool picked = L->pick && L->item == L->ui->details_item;
	L->item++;
	return picked ? UI_ROLE_SELECT : role;
}

void ui_line(struct ui_lines *L, int role, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (L->row >= L->skip && L->row - L->skip < L->h) {
		ui_put(L->y + L->row - L->skip, 1, L->w - 2, buf, L->ui->attr[role]);
	}
	L->row++;
}

void ui_line_wrap(struct ui_lines *L, int role, const char *indent, const char *text)
{
	struct nst_buf b = { 0 };
	int w = L->w - 2 - ui_text_width(indent);
	const char *s;

	nst_screen_text(&b, text);
	s = nst_buf_str(&b);
	if (w < 8) {
		w = 8;
	}
	/* continuation lines under the text, not under the label */
	int pad = ui_text_width(indent);
	bool first = true;
	do {
		size_t n = ui_fit(s, w);
		ui_line(L, role, "%*s%s%.*s", first ? 0 : pad, "", first ? indent : "", (int)n, s);
		s += n;
		first = false;
	} while (*s);
	nst_buf_free(&b);
}

/* A NAT record reached through jumps: the way from its base chain, and the match of the whole way. */
static void nat_path_lines(struct ui_lines *L, struct ui *ui, const struct nst_nat_rule *r)
{
	struct nst_buf b = { 0 };

	if (r->n_path < 2) {
		return;
	}
	for (size_t i = 0; i < r->n_path; i++) {
		if (i) {
			nst_buf_printf(&b, " %s ", ui->g.to);
		}
		if (i && r->path_cut && i + 1u == r->n_path) {
			nst_buf_printf(&b, "… %s ", ui->g.to);
		}
		nst_buf_printf(&b, "%s", nst_nat_path(r, i));
	}
	ui_line_wrap(L, UI_ROLE_DIM, "path: ", nst_buf_str(&b));
	nst_buf_free(&b);
	if (r->eff_match[0]) {
		ui_line_wrap(L, UI_ROLE_NORMAL, "whole match: ", r->eff_match);
		if (r->eff_cut || r->eff_raw) {
			ui_line(L, UI_ROLE_WARN, "  (%s)", r->eff_cut ? "cut: longer than nstop keeps"
								 : "a condition on the way is not wholly decoded");
		}
	}
}

/* "containers (2)", then each with the ports it publishes and the DNAT that does it. */
static void container_lines(struct ui_lines *L, const struct nst_model *m, const struct nst_ns *ns)
{
	char buf[512];

	if (!ns->n_containers) {
		return;
	}
	ui_line(L, UI_ROLE_DIM, "containers (%zu):", ns->n_containers);
	for (size_t i = 0; i < ns->n_containers; i++) {
		const struct nst_container *c = &ns->containers[i];

		nst_container_describe(c, buf, sizeof(buf));
		ui_line(L, UI_ROLE_NORMAL, "  %s", buf);
		for (size_t k = 0; k < c->n_ports; k++) {
			nst_published_format(m, ns, &c->ports[k], buf, sizeof(buf));
			ui_line(L, nst_published_dnat(m, ns, &c->ports[k], NULL) ? UI_ROLE_NORMAL : UI_ROLE_WARN,
				"    published %s", buf);
		}
	}
}

static void ns_details(struct ui_lines *L, const struct nst_model *m, const struct nst_ns *ns)
{
	char pids[256];
	size_t n = 0;

	ui_line(L, UI_ROLE_NS, "%s  (%s%s)", nst_ns_display(ns), nst_ns_kind_str(ns->kind),
		ns->self ? ", nstop runs here" : "");
	if (ns->display) {
		/* what the display name stands for: the path or name the commands use */
		ui_line(L, UI_ROLE_NORMAL, "%s %s", ns->kind == NST_NS_MOUNT ? "path" : "name", ns->name);
	}
	ui_line(L, UI_ROLE_NORMAL, "inode %llu   links %zu   label %s", (unsigned long long)ns->id.ino, ns->n_links,
	     ns->label ? ns->label : "-");
	pids[0] = '\0';
	for (size_t i = 0; i < ns->n_pids && n + 12 < sizeof(pids); i++) {
		n += (size_t)snprintf(pids + n, sizeof(pids) - n, "%s%d", i ? " " : "", ns->pids[i]);
	}
	ui_line(L, UI_ROLE_NORMAL, "pids (%zu): %s", ns->n_pids, ns->n_pids ? pids : "none");
	container_lines(L, m, ns);
	for (size_t i = 0; i < ns->warnings.n; i++) {
		ui_line_wrap(L, UI_ROLE_WARN, "! ", ns->warnings.v[i]);
	}
	for (size_t i = 0; i < ns->diag.n; i++) {
		ui_line_wrap(L, UI_ROLE_WARN, "! ", ns->diag.v[i]);
	}
	for (size_t i = 0; i < ns->n_links; i++) {
		for (size_t k = 0; k < ns->links[i].warnings.n; k++) {
			char buf[512];
			snprintf(buf, sizeof(buf), "%s: %s", ns->links[i].name, ns->links[i].warnings.v[k]);
			ui_line_wrap(L, UI_ROLE_WARN, "! ", buf);
		}
	}
	if (ns->ip_forward >= 0) {
		ui_line(L, ns->ip_forward ? UI_ROLE_NORMAL : UI_ROLE_WARN, "net.ipv4.ip_forward = %d   NAT rules: %zu%s",
		     ns->ip_forward, ns->n_nat, ns->iptables_legacy ? "   iptables-legacy tables present" : "");
	}
	ui_details_ns_routing(L, ns); /* conf/all, then the nexthop objects the routes below name */
	size_t main_n = 0, local_n = 0;
	for (size_t i = 0; i < ns->n_routes; i++) {
		main_n += ns->routes[i].table == NST_RT_TABLE_MAIN;
		local_n += ns->routes[i].table == NST_RT_TABLE_LOCAL;
	}
	ui_line(L, UI_ROLE_DIM, "routes: %zu (main %zu, local %zu, other tables %zu)", ns->n_routes, main_n, local_n,
		ns->n_routes - main_n - local_n);
	/* every route is an item (d deletes the picked one): all are listed, in the kernel's order */
	for (size_t i = 0; i < ns->n_routes; i++) {
		const struct nst_route *r = &ns->routes[i];
		char line[1024];

		nst_route_text(ns, r, line, sizeof(line));
		ui_line(L, item_role(L, nst_route_warning(r)[0] ? UI_ROLE_WARN : nst_route_folded(r) ? UI_ROLE_DIM : UI_ROLE_NORMAL),
			"  %s", line);
	}
	if (ns->n_rules) {
		ui_line(L, UI_ROLE_DIM, "rules: %zu", ns->n_rules);
		for (size_t i = 0; i < ns->n_rules; i++) {
			char line[512];
			ui_line(L, UI_ROLE_NORMAL, "  %s %s", nst_family_str(ns->rules[i].family),
				nst_rule_text(&ns->rules[i], line, sizeof(line)));
		}
	}
}

/* Every field the kind decoded, and the lower device as a link reference. */
static void kind_details(struct ui_lines *L, const struct nst_model *m, const struct nst_link *l)
{
	struct nst_kind_field f[NST_KIND_FIELDS_MAX];
	const struct nst_link_kind *k = nst_link_kind_find(l->kind);
	size_t n = nst_link_info_fields(k->id, &l->info, f, NST_KIND_FIELDS_MAX);

	if (l->lower.has) {
		const struct nst_ns *lns = NULL;
		const struct nst_link *lower = nst_link_lower(m, l, &lns);
		if (lower) {
			ui_line(L, UI_ROLE_PORT, "lower %s:%s (ifindex %d%s)", nst_ns_display(lns), lower->name, l->lower.ifindex,
			     l->lower.elsewhere ? ", other namespace" : ", same namespace");
		} else {
			ui_line(L, UI_ROLE_WARN, "lower ifindex %d in a namespace nstop cannot see", l->lower.ifindex);
		}
	}
	if (n == 0) {
		return;
	}
	ui_line(L, UI_ROLE_DIM, "%s", nst_link_kind_label(l->kind, &l->info));
	for (size_t i = 0; i < n; i++) {
		if (f[i].type == NST_KF_UINT && strcmp(f[i].key, "forward_delay") == 0) {
			ui_line(L, UI_ROLE_NORMAL, "  %s %llu (%.2f s)", f[i].key, (unsigned long long)f[i].u, (double)f[i].u / 100.0);
		} else if (f[i].type == NST_KF_UINT) {
			ui_line(L, UI_ROLE_NORMAL, "  %s %llu", f[i].key, (unsigned long long)f[i].u);
		} else if (f[i].type == NST_KF_BOOL) {
			ui_line(L, UI_ROLE_NORMAL, "  %s %s", f[i].key, f[i].b ? "yes" : "no");
		} else {
			ui_line(L, UI_ROLE_NORMAL, "  %s %s", f[i].key, f[i].s);
		}
	}
}

/* The links naming l as their master, space-separated; false: none. */
static bool members_text(const struct nst_ns *ns, const struct nst_link *l, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ns->n_links && n + NST_IFNAMSIZ + 2 < len; i++) {
		if (ns->links[i].master.ifindex == l->ifindex && &ns->links[i] != l) {
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "", ns->links[i].name);
		}
	}
	return n > 0;
}

/* A tunnel end's other end (peers.c pairs them), or why there is none. */
static void tunnel_details(struct ui_lines *L, const struct nst_model *m, const struct nst_link *l)
{
	const struct nst_ns *tns = NULL;
	const struct nst_link *t = nst_link_ref_get(m, &l->tunnel_peer, &tns);

	if (!l->tunnel_peer.has) {
		return;
	}
	if (t) {
		ui_line(L, UI_ROLE_VETH, "tunnel peer %s:%s (ifindex %d%s)", nst_ns_display(tns), t->name, t->ifindex,
			l->tunnel_peer.elsewhere ? ", other namespace" : ", same namespace");
	} else if (l->tunnel_peer.one_sided) {
		ui_line_wrap(L, UI_ROLE_WARN, "tunnel peer: ", "its one matching end matches other ends too, so none is shown");
	} else if (l->tunnel_peer.candidates > 1) {
		ui_line(L, UI_ROLE_WARN, "tunnel peer: %d ends match (local/remote swapped, same id), so none is shown",
			l->tunnel_peer.candidates);
	} else {
		ui_line(L, UI_ROLE_DIM, "tunnel peer: no visible end with local/remote swapped and the same id");
	}
}

static void link_details(struct ui_lines *L, const struct nst_model *m, const struct nst_ns *ns, const struct nst_link *l)
{
	char buf[NST_ADDR_STRLEN], a[32], b[32], c[32], d[32];
	const struct nst_ns *pns = NULL;
	const struct nst_link *peer = nst_link_peer(m, l, &pns);
	const char *master = l->master.ifindex ? nst_ns_link_name(ns, l->master.ifindex) : NULL;

	ui_line(L, UI_ROLE_NS, "%s:%s  (%s, ifindex %d)", nst_ns_display(ns), l->name, l->kind, l->ifindex);
	ui_line(L, l->up ? UI_ROLE_UP : UI_ROLE_DOWN, "admin %s   operstate %s   mtu %u   mac %s", l->up ? "up" : "down",
	     l->operstate, l->mtu, l->mac[0] ? l->mac : "-");
	if (l->peer.has) {
		if (peer) {
			char text[NST_IFNAMSIZ + 400];
			snprintf(text, sizeof(text), "%s:%s (ifindex %d%s)", nst_ns_display(pns), peer->name, l->peer.ifindex,
				 l->peer.elsewhere ? ", other namespace" : ", same namespace");
			ui_line_wrap(L, UI_ROLE_VETH, "peer ", text);
		} else {
			ui_line(L, UI_ROLE_WARN, "peer ifindex %d in a namespace nstop cannot see", l->peer.ifindex);
		}
	}
	if (master) {
		ui_line(L, UI_ROLE_PORT, "master %s", master);
	} else if (l->master.has) {
		ui_line(L, UI_ROLE_WARN, "master ifindex %d is not in this namespace", l->master.ifindex);
	}
	tunnel_details(L, m, l); /* before the kind's fields: a short pane still shows it */
	kind_details(L, m, l);
	char members[256];
	bool any = members_text(ns, l, members, sizeof(members));
	if (nst_link_is(l, NST_KIND_BRIDGE)) {
		ui_line(L, UI_ROLE_PORT, "ports: %s", any ? members : "none");
		if (l->network) {
			ui_line(L, UI_ROLE_PORT, "network %s (%s)", l->network, l->network_engine[0] ? l->network_engine : "?");
		}
	} else if (any) {
		ui_line(L, UI_ROLE_PORT, "members: %s", members); /* a bond's (team's, vrf's) slaves */
	}
	ui_line(L, UI_ROLE_DIM, "addresses: %zu", l->n_addrs);
	for (size_t i = 0; i < l->n_addrs; i++) {
		ui_line(L, item_role(L, UI_ROLE_NORMAL), "  %s %s", nst_family_str(l->addrs[i].family),
		     nst_addr_format(&l->addrs[i], true, buf, sizeof(buf)));
	}
	ui_neigh_details(L, ns, l);
	ui_line(L, UI_ROLE_DIM, "counters");
	ui_line(L, UI_ROLE_NORMAL, "  rx %s  %llu packets  %llu dropped", nst_format_bytes(l->stats.rx_bytes, a, sizeof(a)),
	     (unsigned long long)l->stats.rx_packets, (unsigned long long)l->stats.rx_dropped);
	ui_line(L, UI_ROLE_NORMAL, "  tx %s  %llu packets  %llu dropped", nst_format_bytes(l->stats.tx_bytes, b, sizeof(b)),
	     (unsigned long long)l->stats.tx_packets, (unsigned long long)l->stats.tx_dropped);
	if (l->has_rates) {
		ui_line(L, UI_ROLE_NORMAL, "  rate rx %s %s  tx %s %s", nst_format_bits(l->rates.rx_bps, a, sizeof(a)),
		     nst_format_packets(l->rates.rx_pps, b, sizeof(b)), nst_format_bits(l->rates.tx_bps, c, sizeof(c)),
		     nst_format_packets(l->rates.tx_pps, d, sizeof(d)));
	}
	for (size_t i = 0; i < l->warnings.n; i++) {
		ui_line_wrap(L, UI_ROLE_WARN, "! ", l->warnings.v[i]);
	}
	ui_details_link_sysctl(L, l); /* last: counters and warnings first in a short pane */
}

void ui_details_draw(struct ui *ui, const struct nst_model *m, int y, int h, int w)
{
	int border = ui->focus == UI_FOCUS_DETAILS ? ui->attr[UI_ROLE_SELECT] : ui->attr[UI_ROLE_HEADER];
	struct ui_lines L = { .ui = ui, .y = y + 1, .h = h - 1, .w = w, .skip = ui->details_top,
			   .pick = ui->focus == UI_FOCUS_DETAILS };

	ui_fill(y, 0, w, border);
	ui_put(y, 1, w - 2,
	       ui->focus == UI_FOCUS_DETAILS ? "Details  (j/k: pick an address or route, d: delete it, Tab: back)"
					     : "Details  (Tab: focus, Enter: close)",
	       border);
	const struct nst_ns *ns = ui->have_sel ? ui_sel_find_ns(m, &ui->sel) : NULL;
	const struct nst_link *l = ui->have_sel ? ui_sel_find_link(m, &ui->sel) : NULL;
	const struct nst_nat_rule *r = ui->have_sel ? ui_sel_find_nat(m, &ui->sel) : NULL;

	if (!ns) {
		ui_line(&L, UI_ROLE_DIM, "nothing selected");
	} else if (ui->sel.kind == UI_SEL_FW) {
		ui_fw_details(&L, m, ns);
	} else if (r) {
		ui_line(&L, UI_ROLE_NS, "%s: %s %s %s handle %llu (%s, hook %s priority %d)", nst_ns_display(ns), r->family, r->table,
		     r->chain, (unsigned long long)r->handle, nst_nat_type_str(r->type), r->hook, r->priority);
		ui_line(&L, UI_ROLE_NORMAL, "%s", r->summary);
		nat_path_lines(&L, ui, r);
		if (r->target_found) {
			ui_line(&L, UI_ROLE_VETH, "forwards to %s:%s (%s%s%s)", nst_nat_target_display(m, r), r->target_link, r->to_addr,
			     r->to_port[0] ? ":" : "", r->to_port);
		}
		if (r->has_counter) {
			ui_line(&L, UI_ROLE_NORMAL, "counter: %llu packets, %llu bytes", (unsigned long long)r->packets,
			     (unsigned long long)r->bytes);
		}
		if (strcmp(r->table, "nstop") != 0) {
			const char *owner = nst_fw_chain_owner(r->table, r->chain);
			ui_line(&L, UI_ROLE_DIM, "owned by %s: nstop may delete it (d) but never rewrites it",
				owner ? owner : "another tool");
		}
	} else if (l) {
		link_details(&L, m, ns, l);
	} else {
		ns_details(&L, m, ns);
	}
	/* Keep the scroll offset within what there is to show. */
	if (ui->details_top > 0 && ui->details_top > L.row - L.h) {
		ui->details_top = L.row - L.h > 0 ? L.row - L.h : 0;
	}
}
