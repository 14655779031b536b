/* SPDX-License-Identifier: MIT */
/*
 * `nstop --export-script`: the model as a POSIX sh script of iproute2 commands
 * that recreates it on a clean machine. Whatever cannot be recreated is written
 * as a `# skipped` comment that says why; nothing is dropped silently.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "render.h"
#include "script_internal.h"
#include "xalloc.h"

#ifndef NSTOP_VERSION
#define NSTOP_VERSION "unknown"
#endif

void nst_script_word(const char *s, FILE *out)
{
	struct nst_buf b = { 0 };

	nst_sh_word(&b, s);
	fputs(nst_buf_str(&b), out);
	nst_buf_free(&b);
}

void nst_script_comment(const char *s, FILE *out)
{
	struct nst_buf b = { 0 };

	nst_term_text(&b, s);
	fputs(nst_buf_str(&b), out);
	nst_buf_free(&b);
}

void nst_script_ip(const struct nst_ns *ns, bool inet6, FILE *out)
{
	fputs(inet6 ? "ip -6 " : "ip ", out);
	if (ns->kind == NST_NS_NAMED) {
		fputs("-n ", out);
		nst_script_word(ns->name, out);
		fputc(' ', out);
	}
}

void nst_script_comment_ns(const struct nst_ns *ns, FILE *out)
{
	nst_script_comment(nst_ns_display(ns), out);
	if (ns->display) {
		fputs(" (", out);
		nst_script_comment(ns->name, out);
		fputc(')', out);
	}
}

void nst_script_skip(const struct nst_ns *ns, const char *what, FILE *out)
{
	fputs("# skipped ", out);
	nst_script_comment_ns(ns, out);
	if (what) {
		fputc(' ', out);
		nst_script_comment(what, out);
	}
	fputs(": ", out);
}

void nst_script_netns_arg(const struct nst_ns *target, FILE *out)
{
	long long num;

	fputs(" netns ", out);
	if (target->kind == NST_NS_SELF) {
		/* the script's own namespace has no name: its shell's pid names it */
		fputs("$$", out);
		return;
	}
	/* ip reads a number there as a pid: name a numeric namespace by its path */
	char *path = xasprintf("/run/netns/%s", target->name);
	nst_script_word(nst_parse_long(target->name, 0, 1LL << 62, &num) ? path : target->name, out);
	free(path);
}

static const char *ns_kind_why(const struct nst_ns *ns)
{
	return ns->kind == NST_NS_PROCESS ? "held only by processes, it has no name to recreate it by"
					  : "an nsfs mount outside /run/netns; ip netns cannot recreate it there";
}

/* Which veth end is the other of each pair, trusting either end's view. */
static void pair_up(struct script *s)
{
	const struct nst_model *m = s->m;

	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		for (size_t j = 0; j < ns->n_links; j++) {
			const struct nst_ns *pns = NULL;
			const struct nst_link *peer = nst_link_peer(m, &ns->links[j], &pns);
			size_t a = s->base[i] + j;

			if (!is_kind(&ns->links[j], NST_KIND_VETH) || !peer || peer == &ns->links[j] ||
			    !is_kind(peer, NST_KIND_VETH)) {
				continue;
			}
			size_t b = flat(s, pns, peer);
			if (s->partner[a] == SIZE_MAX && s->partner[b] == SIZE_MAX) {
				s->partner[a] = b;
				s->partner[b] = a;
			}
		}
	}
}

const struct nst_link *nst_script_flat_link(const struct script *s, size_t idx, const struct nst_ns **ns)
{
	size_t i = 0;

	while (i + 1 < s->m->n_ns && s->base[i + 1] <= idx) {
		i++;
	}
	*ns = &s->m->ns[i];
	return &s->m->ns[i].links[idx - s->base[i]];
}

/*
 * Decide each link's fate. A veth pair is written once, from the end in the
 * namespace the script runs in when it has one (so no `netns` argument ever
 * has to name that namespace), else from the end met first.
 */
static void plan_links(struct script *s)
{
	const struct nst_model *m = s->m;

	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		if (selected(s, ns) && ns->kind == NST_NS_NAMED) {
			s->ns_add[i] = true;
		}
		for (size_t j = 0; j < ns->n_links; j++) {
			const struct nst_link *l = &ns->links[j];
			size_t a = s->base[i] + j;

			if (s->plan[a] != PLAN_NONE) {
				continue; /* the far end of a pair planned earlier */
			}
			if (!recreatable(ns) || (!is_kind(l, NST_KIND_VETH) && !is_kind(l, NST_KIND_BRIDGE) &&
						 !is_kind(l, NST_KIND_LOOPBACK) && !nst_script_kind_made(l))) {
				s->plan[a] = selected(s, ns) ? PLAN_SKIP : PLAN_NONE;
				continue;
			}
			if (!is_kind(l, NST_KIND_VETH)) {
				if (selected(s, ns)) {
					s->plan[a] = is_kind(l, NST_KIND_LOOPBACK) ? PLAN_EXISTS : PLAN_CREATE;
				}
				continue;
			}
			const struct nst_ns *pns = NULL;
			size_t b = s->partner[a];
			if (b == SIZE_MAX) {
				s->plan[a] = selected(s, ns) ? PLAN_SKIP : PLAN_NONE;
				continue;
			}
			nst_script_flat_link(s, b, &pns);
			if (!selected(s, ns) && !selected(s, pns)) {
				continue;
			}
			if (!recreatable(pns)) {
				s->plan[a] = selected(s, ns) ? PLAN_SKIP : PLAN_NONE;
				continue;
			}
			s->plan[a] = selected(s, ns) ? PLAN_CREATE : PLAN_PEER;
			s->plan[b] = selected(s, pns) ? PLAN_CREATE : PLAN_PEER;
			s->first[pns->kind == NST_NS_SELF && ns->kind != NST_NS_SELF ? b : a] = true;
			s->ns_add[i] = s->ns_add[i] || ns->kind == NST_NS_NAMED;
			s->ns_add[ns_index(s, pns)] = s->ns_add[ns_index(s, pns)] || pns->kind == NST_NS_NAMED;
		}
	}
}

static void header(const struct script *s)
{
	FILE *out = s->out;

	fputs("#!/bin/bash\n"
	      "# Made by nstop --export-script (nstop " NSTOP_VERSION ").\n"
	      "# Recreates the network namespaces nstop saw with iproute2: named namespaces,\n"
	      "# veth pairs, bridges (stp_state, forward_delay, vlan_filtering) and their ports,\n"
	      "# macvlan/macvtap (mode, parent), ipvlan (mode), vlan (id, protocol), vxlan (id,\n"
	      "# local, remote/group, dev, dstport, learning), persistent tun/tap (owner), ifb,\n"
	      "# dummy, addresses, up states, routes of every table (type, metric, src, onlink,\n"
	      "# pref, next hops, seg6/mpls encap) and ip rules of both families;\n"
	      "# with nft and sysctl, nstop's own NAT rules (table ip nstop) and ip_forward=1.\n"
	      "# Run it as root on a clean machine (a fresh VM or an empty sandbox): it expects\n"
	      "# none of these names to exist and stops at the first command that fails.\n"
	      "# '/' is the namespace the script runs in (plain `ip`); named ones use `ip -n NAME`,\n"
	      "# and `ip netns exec NAME` for nft and sysctl.\n"
	      "# It touches no link it does not create except lo. Left to the kernel: IPv6\n"
	      "# link-local addresses, 127.0.0.1/8 and ::1 on an up lo, and the routes the kernel\n"
	      "# makes itself (proto kernel, fe80::/64, multicast), and its own ip rules. Not\n"
	      "# known to nstop, so not recreated: MAC addresses, address flags, other options\n"
	      "# of each kind (they get the kernel's defaults), a tun/tap's group and flags.\n"
	      "# Lines starting with '# skipped' say what else was left out, and why.\n"
	      "# Names are shell words: bytes that are not printable text are written $'\\NNN'\n"
	      "# (bash, ksh, zsh, POSIX.1-2024 sh); in comments they read \\xHH.\n",
	      out);
	if (s->only) {
		fputs("# Only namespace ", out);
		nst_script_comment_ns(s->only, out);
		fputs(" (--ns): its links, addresses and routes. A veth to another\n"
		      "# namespace is still created whole: the far end goes there (`ip netns add` makes\n"
		      "# it if named) but stays down, with no address or master; nothing else of it is here.\n",
		      out);
	}
	for (size_t i = 0; i < s->m->warnings.n; i++) {
		fputs("# nstop warned: ", out);
		nst_script_comment(s->m->warnings.v[i], out);
		fputc('\n', out);
	}
	fputs(NST_SH_GUARD "set -e\n", out);
}

static void namespaces(const struct script *s)
{
	FILE *out = s->out;

	fputs("\n# namespaces\n", out);
	for (size_t i = 0; i < s->m->n_ns; i++) {
		const struct nst_ns *ns = &s->m->ns[i];

		if (!selected(s, ns) && !s->ns_add[i]) {
			continue;
		}
		if (s->ns_add[i]) {
			fputs("ip netns add ", out);
			nst_script_word(ns->name, out);
			fputc('\n', out);
		} else if (!recreatable(ns)) {
			nst_script_skip(ns, NULL, out);
			fprintf(out, "a %s namespace", nst_ns_kind_str(ns->kind));
			if (ns->label) {
				fputs(" (", out);
				nst_script_comment(ns->label, out);
				fputc(')', out);
			}
			fprintf(out, ", %s; not recreated, nor its %zu link%s, addresses and routes\n",
				ns_kind_why(ns), ns->n_links, ns->n_links == 1 ? "" : "s");
		}
		for (size_t k = 0; selected(s, ns) && k < ns->warnings.n; k++) {
			fputs("# nstop warned about ", out);
			nst_script_comment_ns(ns, out);
			fputs(": ", out);
			nst_script_comment(ns->warnings.v[k], out);
			fputc('\n', out);
		}
	}
}

void nst_render_script(const struct nst_model *m, const struct nst_ns *only, FILE *out)
{
	struct script s = { .m = m, .only = only, .out = out };
	size_t n_links = 0;

	s.base = xcalloc(m->n_ns + 1, sizeof(*s.base));
	for (size_t i = 0; i < m->n_ns; i++) {
		s.base[i] = n_links;
		n_links += m->ns[i].n_links;
	}
	s.base[m->n_ns] = n_links;
	s.plan = xcalloc(n_links + 1, sizeof(*s.plan));
	s.partner = xcalloc(n_links + 1, sizeof(*s.partner));
	s.first = xcalloc(n_links + 1, sizeof(*s.first));
	s.ns_add = xcalloc(m->n_ns + 1, sizeof(*s.ns_add));
	s.order = xcalloc(n_links + 1, sizeof(*s.order));
	for (size_t i = 0; i < n_links; i++) {
		s.partner[i] = SIZE_MAX;
	}

	pair_up(&s);
	plan_links(&s);
	nst_script_plan_kinds(&s);
	header(&s);
	namespaces(&s);
	nst_script_links(&s);
	nst_script_masters(&s);
	nst_script_addresses(&s);
	nst_script_up_states(&s);
	nst_script_routes(&s);
	nst_script_neighbours(&s);
	nst_script_rules(&s);
	nst_script_nat(&s);

	free(s.base);
	free(s.plan);
	free(s.partner);
	free(s.first);
	free(s.ns_add);
	free(s.order);
}
