/* SPDX-License-Identifier: MIT */
/*
 * `nstop --export-script`: the model as a POSIX sh script of iproute2 commands
 * that recreates it on a clean machine. Whatever cannot be recreated is written
 * as a `# skipped` comment that says why; nothing is dropped silently.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ops.h"
#include "quote.h"
#include "render.h"
#include "route_text.h"
#include "xalloc.h"

#ifndef NSTOP_VERSION
#define NSTOP_VERSION "unknown"
#endif

/* What the script does with one link. */
enum plan {
	PLAN_NONE,   /* outside --ns: not mentioned */
	PLAN_SKIP,   /* mentioned in a comment only */
	PLAN_EXISTS, /* lo: the kernel makes it; the script only configures it */
	PLAN_CREATE, /* created and configured */
	PLAN_PEER,   /* created as the far end of a selected veth, nothing else (--ns) */
};

struct script {
	const struct nst_model *m;
	const struct nst_ns *only;
	FILE *out;
	size_t *base;        /* per namespace: index of its first link in the arrays below */
	enum plan *plan;     /* per link */
	size_t *partner;     /* per veth: the other end (flat index), or SIZE_MAX */
	bool *first;         /* per veth: the pair's `link add` is written from this end */
	bool *ns_add;        /* per namespace: the script runs `ip netns add` for it */
};

/* A shell word for s (quote.h): the one shell quoter. */
static void sh_word(const char *s, FILE *out)
{
	struct nst_buf b = { 0 };

	nst_sh_word(&b, s);
	fputs(nst_buf_str(&b), out);
	nst_buf_free(&b);
}

/* Text inside a comment: printable only (quote.h), so a newline in a name cannot end it. */
static void comment_text(const char *s, FILE *out)
{
	struct nst_buf b = { 0 };

	nst_term_text(&b, s);
	fputs(nst_buf_str(&b), out);
	nst_buf_free(&b);
}

static bool recreatable(const struct nst_ns *ns)
{
	return ns->kind == NST_NS_SELF || ns->kind == NST_NS_NAMED;
}

static bool selected(const struct script *s, const struct nst_ns *ns)
{
	return !s->only || s->only == ns;
}

static size_t ns_index(const struct script *s, const struct nst_ns *ns)
{
	return (size_t)(ns - s->m->ns);
}

static size_t flat(const struct script *s, const struct nst_ns *ns, const struct nst_link *l)
{
	return s->base[ns_index(s, ns)] + (size_t)(l - ns->links);
}

static bool is_kind(const struct nst_link *l, enum nst_kind kind)
{
	return nst_link_is(l, kind);
}

/* `ip ` for the namespace the script runs in, `ip -n NAME ` for a named one. */
static void ip_cmd(const struct nst_ns *ns, bool inet6, FILE *out)
{
	fputs(inet6 ? "ip -6 " : "ip ", out);
	if (ns->kind == NST_NS_NAMED) {
		fputs("-n ", out);
		sh_word(ns->name, out);
		fputc(' ', out);
	}
}

/* A namespace in a comment: its display name, and the path or name the commands use when that differs. */
static void comment_ns(const struct nst_ns *ns, FILE *out)
{
	comment_text(nst_ns_display(ns), out);
	if (ns->display) {
		fputs(" (", out);
		comment_text(ns->name, out);
		fputc(')', out);
	}
}

/* "# skipped ns1 eth0: " and the like, the name made safe for a comment. */
static void skip_prefix(const struct nst_ns *ns, const char *what, FILE *out)
{
	fputs("# skipped ", out);
	comment_ns(ns, out);
	if (what) {
		fputc(' ', out);
		comment_text(what, out);
	}
	fputs(": ", out);
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

static const struct nst_link *flat_link(const struct script *s, size_t idx, const struct nst_ns **ns)
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
						 !is_kind(l, NST_KIND_LOOPBACK))) {
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
			flat_link(s, b, &pns);
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
	      "# veth pairs, bridges and their ports, addresses, main-table routes, up states;\n"
	      "# with nft and sysctl, nstop's own NAT rules (table ip nstop) and ip_forward=1.\n"
	      "# Run it as root on a clean machine (a fresh VM or an empty sandbox): it expects\n"
	      "# none of these names to exist and stops at the first command that fails.\n"
	      "# '/' is the namespace the script runs in (plain `ip`); named ones use `ip -n NAME`,\n"
	      "# and `ip netns exec NAME` for nft and sysctl.\n"
	      "# It touches no link it does not create except lo. Left to the kernel: IPv6\n"
	      "# link-local addresses, 127.0.0.1/8 and ::1 on an up lo, and the routes the kernel\n"
	      "# makes itself (proto kernel, fe80::/64, multicast). Not known to nstop, so not\n"
	      "# recreated: MAC addresses, bridge options, address flags, route metrics and\n"
	      "# types, tables other than main.\n"
	      "# Lines starting with '# skipped' say what else was left out, and why.\n"
	      "# Names are shell words: bytes that are not printable text are written $'\\NNN'\n"
	      "# (bash, ksh, zsh, POSIX.1-2024 sh); in comments they read \\xHH.\n",
	      out);
	if (s->only) {
		fputs("# Only namespace ", out);
		comment_ns(s->only, out);
		fputs(" (--ns): its links, addresses and routes. A veth to another\n"
		      "# namespace is still created whole: the far end goes there (`ip netns add` makes\n"
		      "# it if named) but stays down, with no address or master; nothing else of it is here.\n",
		      out);
	}
	for (size_t i = 0; i < s->m->warnings.n; i++) {
		fputs("# nstop warned: ", out);
		comment_text(s->m->warnings.v[i], out);
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
			sh_word(ns->name, out);
			fputc('\n', out);
		} else if (!recreatable(ns)) {
			skip_prefix(ns, NULL, out);
			fprintf(out, "a %s namespace", nst_ns_kind_str(ns->kind));
			if (ns->label) {
				fputs(" (", out);
				comment_text(ns->label, out);
				fputc(')', out);
			}
			fprintf(out, ", %s; not recreated, nor its %zu link%s, addresses and routes\n",
				ns_kind_why(ns), ns->n_links, ns->n_links == 1 ? "" : "s");
		}
		for (size_t k = 0; selected(s, ns) && k < ns->warnings.n; k++) {
			fputs("# nstop warned about ", out);
			comment_ns(ns, out);
			fputs(": ", out);
			comment_text(ns->warnings.v[k], out);
			fputc('\n', out);
		}
	}
}

static void mtu_arg(const struct nst_link *l, uint32_t dflt, FILE *out)
{
	if (l->mtu && l->mtu != dflt) {
		fprintf(out, " mtu %u", l->mtu);
	}
}

static void veth_add(const struct script *s, const struct nst_ns *ns, const struct nst_link *l)
{
	const struct nst_ns *pns = NULL;
	const struct nst_link *peer = flat_link(s, s->partner[flat(s, ns, l)], &pns);
	FILE *out = s->out;

	ip_cmd(ns, false, out);
	fputs("link add name ", out);
	sh_word(l->name, out);
	mtu_arg(l, 1500, out);
	fputs(" type veth peer name ", out);
	sh_word(peer->name, out);
	mtu_arg(peer, 1500, out);
	if (pns != ns) {
		/* ip reads a number there as a pid: name a numeric namespace by its path */
		long long num;
		char *path = xasprintf("/run/netns/%s", pns->name);
		fputs(" netns ", out);
		sh_word(nst_parse_long(pns->name, 0, 1LL << 62, &num) ? path : pns->name, out);
		free(path);
	}
	fputc('\n', out);
}

static void skip_link(const struct script *s, const struct nst_ns *ns, const struct nst_link *l)
{
	const struct nst_ns *pns = NULL;
	const struct nst_link *peer = nst_link_peer(s->m, l, &pns);
	FILE *out = s->out;

	skip_prefix(ns, l->name, out);
	if (is_kind(l, NST_KIND_DEVICE)) {
		fputs("a device without a kind (physical or a driver's); left alone\n", out);
	} else if (!is_kind(l, NST_KIND_VETH)) {
		fputs("kind ", out);
		comment_text(l->kind, out);
		fputs(" is not recreated (only veth, bridge and lo are)\n", out);
	} else if (peer && !recreatable(pns)) {
		fputs("veth whose peer ", out);
		comment_ns(pns, out);
		fputc(':', out);
		comment_text(peer->name, out);
		fprintf(out, " is in a %s namespace, which cannot be recreated\n", nst_ns_kind_str(pns->kind));
	} else if (l->peer.elsewhere && l->peer.nsid >= 0) {
		fprintf(out, "veth whose peer (ifindex %d) is in nsid %d, a namespace nstop cannot see\n",
			l->peer.ifindex, l->peer.nsid);
	} else {
		fputs("veth whose peer nstop could not find\n", out);
	}
}

static void links(const struct script *s)
{
	const struct nst_model *m = s->m;
	FILE *out = s->out;

	fputs("\n# links: bridges, then veth pairs (each pair once)\n", out);
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < m->n_ns; i++) {
			const struct nst_ns *ns = &m->ns[i];

			for (size_t j = 0; j < ns->n_links; j++) {
				const struct nst_link *l = &ns->links[j];
				size_t a = s->base[i] + j;

				if (pass == 0 && s->plan[a] == PLAN_CREATE && is_kind(l, NST_KIND_BRIDGE)) {
					ip_cmd(ns, false, out);
					fputs("link add name ", out);
					sh_word(l->name, out);
					mtu_arg(l, 1500, out);
					fputs(" type bridge\n", out);
				} else if (pass == 1 && s->first[a]) {
					veth_add(s, ns, l);
				} else if (pass == 2 && s->plan[a] == PLAN_EXISTS && l->mtu != 65536 && l->mtu) {
					ip_cmd(ns, false, out);
					fputs("link set dev ", out);
					sh_word(l->name, out);
					fprintf(out, " mtu %u\n", l->mtu);
				} else if (pass == 2 && s->plan[a] == PLAN_SKIP && recreatable(ns)) {
					skip_link(s, ns, l);
				}
			}
		}
	}
}

static bool configured(enum plan p)
{
	return p == PLAN_CREATE || p == PLAN_EXISTS;
}

static void masters(const struct script *s)
{
	const struct nst_model *m = s->m;
	FILE *out = s->out;

	fputs("\n# bridge ports\n", out);
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		for (size_t j = 0; j < ns->n_links; j++) {
			const struct nst_link *l = &ns->links[j];
			const struct nst_link *master = nst_ns_find_link(ns, l->master.ifindex);

			if (!l->master.ifindex || !configured(s->plan[s->base[i] + j])) {
				continue;
			}
			if (master && s->plan[flat(s, ns, master)] == PLAN_CREATE && is_kind(master, NST_KIND_BRIDGE)) {
				ip_cmd(ns, false, out);
				fputs("link set dev ", out);
				sh_word(l->name, out);
				fputs(" master ", out);
				sh_word(master->name, out);
				fputc('\n', out);
			} else {
				skip_prefix(ns, l->name, out);
				if (master) {
					fputs("master ", out);
					comment_text(master->name, out);
					fputs(" is not created by this script\n", out);
				} else {
					fprintf(out, "master ifindex %d is not in the model\n", l->master.ifindex);
				}
			}
		}
	}
}

static bool addr_is_link_local(const struct nst_addr *a)
{
	return a->family == AF_INET6 && a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80;
}

/* 127.0.0.1/8 and ::1/128, which the kernel puts on lo when it comes up. */
static bool addr_is_lo_own(const struct nst_link *l, const struct nst_addr *a)
{
	static const uint8_t v4[4] = { 127, 0, 0, 1 };
	static const uint8_t v6[16] = { [15] = 1 };

	if (!is_kind(l, NST_KIND_LOOPBACK) || !l->up) {
		return false;
	}
	if (a->family == AF_INET) {
		return a->prefixlen == 8 && memcmp(a->bytes, v4, 4) == 0;
	}
	return a->prefixlen == 128 && memcmp(a->bytes, v6, 16) == 0;
}

static void addresses(const struct script *s)
{
	const struct nst_model *m = s->m;
	FILE *out = s->out;
	char buf[NST_ADDR_STRLEN];

	fputs("\n# addresses (IPv6 link-local ones are the kernel's)\n", out);
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		for (size_t j = 0; j < ns->n_links; j++) {
			const struct nst_link *l = &ns->links[j];
			enum plan p = recreatable(ns) ? s->plan[s->base[i] + j] : PLAN_NONE;

			for (size_t k = 0; k < l->n_addrs && p != PLAN_NONE && p != PLAN_PEER; k++) {
				const struct nst_addr *a = &l->addrs[k];

				if (addr_is_link_local(a) || addr_is_lo_own(l, a)) {
					continue;
				}
				nst_addr_format(a, true, buf, sizeof(buf));
				if (p == PLAN_SKIP) {
					skip_prefix(ns, l->name, out);
					fprintf(out, "address %s (the link is not created by this script)\n", buf);
					continue;
				}
				ip_cmd(ns, false, out);
				fprintf(out, "addr add %s dev ", buf);
				sh_word(l->name, out);
				fputc('\n', out);
			}
		}
	}
}

static void up_states(const struct script *s)
{
	const struct nst_model *m = s->m;
	FILE *out = s->out;

	fputs("\n# up states\n", out);
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		for (size_t j = 0; j < ns->n_links; j++) {
			if (ns->links[j].up && configured(s->plan[s->base[i] + j])) {
				ip_cmd(ns, false, out);
				fputs("link set dev ", out);
				sh_word(ns->links[j].name, out);
				fputs(" up\n", out);
			}
		}
	}
}

/* Routes the kernel adds by itself: for addresses, IPv6 link-local and multicast. */
static bool route_is_kernels(const struct nst_route *r)
{
	if (strcmp(r->protocol, "kernel") == 0) {
		return true;
	}
	if (r->family != AF_INET6 || r->is_default) {
		return false;
	}
	return (r->dst.bytes[0] == 0xfe && (r->dst.bytes[1] & 0xc0) == 0x80 && r->dst.prefixlen >= 10) ||
	       (r->dst.bytes[0] == 0xff && r->dst.prefixlen >= 8);
}

static bool prefix_contains(const struct nst_addr *net, int prefixlen, const struct nst_addr *a)
{
	int full = prefixlen / 8, rest = prefixlen % 8;

	if (net->family != a->family) {
		return false;
	}
	if (memcmp(net->bytes, a->bytes, (size_t)full) != 0) {
		return false;
	}
	return !rest || ((net->bytes[full] ^ a->bytes[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

/*
 * The kernel accepts a gateway only when a link-scope route (or, for IPv6, a
 * link-local gateway) reaches it on that device, unless the route was added
 * `onlink`. nstop does not read that flag; a gateway nothing reaches means it
 * was set, and without it the `route add` would fail. An address's prefix
 * counts too: its route is the kernel's.
 */
static bool gateway_reachable(const struct nst_ns *ns, const struct nst_route *r)
{
	if (addr_is_link_local(&r->gateway)) {
		return true;
	}
	for (size_t i = 0; i < ns->n_links; i++) {
		const struct nst_link *l = &ns->links[i];

		for (size_t k = 0; (!r->oif || l->ifindex == r->oif) && k < l->n_addrs; k++) {
			if (prefix_contains(&l->addrs[k], l->addrs[k].prefixlen, &r->gateway)) {
				return true;
			}
		}
	}
	for (size_t i = 0; i < ns->n_routes; i++) {
		const struct nst_route *c = &ns->routes[i];

		if (c->has_gateway || c->family != r->family || c->table != r->table || (r->oif && c->oif != r->oif)) {
			continue;
		}
		if (c->is_default || prefix_contains(&c->dst, c->dst.prefixlen, &r->gateway)) {
			return true;
		}
	}
	return false;
}

static bool route_writable(const struct script *s, const struct nst_ns *ns, const struct nst_route *r,
			   bool comment)
{
	const struct nst_link *dev = r->oif ? nst_ns_find_link(ns, r->oif) : NULL;
	char buf[NST_ADDR_STRLEN], whybuf[96];
	const char *why = NULL;

	if (route_is_kernels(r)) {
		return false;
	}
	if (r->oif && !dev) {
		why = "its device is not in the model";
	} else if (dev && !configured(s->plan[flat(s, ns, dev)])) {
		why = "its device is not created by this script";
	} else if (r->type != NST_RTN_UNICAST) {
		snprintf(whybuf, sizeof(whybuf), "a %s route: not recreated by this script",
			 nst_route_type_str(r->type) ? nst_route_type_str(r->type) : "typed");
		why = whybuf;
	} else if (r->table != NST_RT_TABLE_MAIN) {
		snprintf(whybuf, sizeof(whybuf), "in table %u: not recreated by this script", r->table);
		why = whybuf;
	} else if (r->n_nexthops > 1) {
		why = "a multipath route: not recreated by this script";
	} else if (!r->oif && !r->has_gateway) {
		why = "no device and no gateway";
	} else if (strcmp(r->protocol, "ra") == 0) {
		why = "learnt from a router advertisement (proto ra); the router announces it";
	}
	if (why && comment) {
		skip_prefix(ns, NULL, s->out);
		fprintf(s->out, "route %s", nst_route_dst_format(r, buf, sizeof(buf)));
		if (r->has_gateway) {
			fprintf(s->out, " via %s", nst_addr_format(&r->gateway, false, buf, sizeof(buf)));
		}
		if (dev) {
			fputs(" dev ", s->out);
			comment_text(dev->name, s->out);
		}
		fprintf(s->out, ": %s\n", why);
	}
	return !why;
}

static bool same_dst(const struct nst_route *a, const struct nst_route *b)
{
	if (a->family != b->family || a->is_default != b->is_default) {
		return false;
	}
	return a->is_default || (a->dst.prefixlen == b->dst.prefixlen &&
				 memcmp(a->dst.bytes, b->dst.bytes, sizeof(a->dst.bytes)) == 0);
}

/*
 * Whether the destination of r is in the table already when the script adds r:
 * a route the kernel makes, or one written before it (device routes come
 * before gateway routes). nstop reads no metrics, so all of them collide.
 */
static bool route_seen(const struct script *s, const struct nst_ns *ns, const struct nst_route *r)
{
	for (const struct nst_route *c = ns->routes; c < ns->routes + ns->n_routes; c++) {
		if (c == r || !same_dst(c, r)) {
			continue;
		}
		if (route_is_kernels(c)) {
			return true;
		}
		bool earlier = c->has_gateway == r->has_gateway ? c < r : !c->has_gateway;
		if (earlier && route_writable(s, ns, c, false)) {
			return true;
		}
	}
	return false;
}

static void route_add(const struct script *s, const struct nst_ns *ns, const struct nst_route *r)
{
	const struct nst_link *dev = r->oif ? nst_ns_find_link(ns, r->oif) : NULL;
	const char *dflt_scope = r->has_gateway ? "global" : "link";
	char buf[NST_ADDR_STRLEN];
	FILE *out = s->out;
	bool again = route_seen(s, ns, r);

	if (again) {
		/* nstop lists one entry per next hop and does not read metrics: a second
		 * entry is a multipath hop or another metric; append keeps both. */
		fputs("# the destination is in the table already: appended\n", out);
	}
	ip_cmd(ns, r->family == AF_INET6, out);
	fprintf(out, "route %s %s", again ? "append" : "add", nst_route_dst_format(r, buf, sizeof(buf)));
	if (r->has_gateway) {
		fprintf(out, " via %s", nst_addr_format(&r->gateway, false, buf, sizeof(buf)));
	}
	if (dev) {
		fputs(" dev ", out);
		sh_word(dev->name, out);
	}
	if (r->family == AF_INET && r->scope[0] && strcmp(r->scope, dflt_scope) != 0) {
		fputs(" scope ", out);
		sh_word(r->scope, out);
	}
	if (r->protocol[0] && strcmp(r->protocol, "boot") != 0) {
		fputs(" proto ", out);
		sh_word(r->protocol, out);
	}
	if (r->has_gateway && !gateway_reachable(ns, r)) {
		fputs(" onlink", out);
	}
	fputc('\n', out);
}

static void routes(const struct script *s)
{
	const struct nst_model *m = s->m;

	fputs("\n# routes of the main table: through a device first, then through a gateway\n", s->out);
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		if (!selected(s, ns) || !recreatable(ns)) {
			continue;
		}
		for (size_t k = 0; k < ns->n_routes; k++) {
			if (!ns->routes[k].has_gateway && route_writable(s, ns, &ns->routes[k], true)) {
				route_add(s, ns, &ns->routes[k]);
			}
		}
		for (size_t k = 0; k < ns->n_routes; k++) {
			if (ns->routes[k].has_gateway && route_writable(s, ns, &ns->routes[k], true)) {
				route_add(s, ns, &ns->routes[k]);
			}
		}
	}
}

/* nstop's own table: what its port forward and masquerade edits write into. */
static bool nat_own(const struct nst_nat_rule *r)
{
	return strcmp(r->family, "ip") == 0 && strcmp(r->table, NST_NAT_TABLE) == 0;
}

/* The summary with its counter piece (the decoder marks where) as "counter": the script makes fresh counters. */
static void nat_text(const struct nst_nat_rule *r, char *out, size_t len)
{
	size_t at = r->counter_at, n = r->counter_len, total = strnlen(r->summary, sizeof(r->summary));

	if (!n || at + n > total) {
		snprintf(out, len, "%s", r->summary);
		return;
	}
	snprintf(out, len, "%.*scounter%s", (int)at, r->summary, r->summary + at + n);
}

/* The name nst_op_commands knows the namespace by. */
static const char *op_ns(const struct nst_ns *ns)
{
	return ns->kind == NST_NS_SELF ? "/" : ns->name;
}

/*
 * The edit op that writes r, when there is one: the op's rule must read back
 * as exactly what nstop decoded (same matches, same order, a counter, the
 * port given), in nstop's chain with its hook and priority.
 */
static bool nat_as_op(const struct nst_ns *ns, const struct nst_nat_rule *r, struct nst_op *op)
{
	const struct nst_nat_match *m = &r->match;
	char want[sizeof(r->summary)], got[1024];

	if (strcmp(r->chain, NST_NAT_PRE_CHAIN) == 0 && strcmp(r->hook, "prerouting") == 0 && r->priority == -100 &&
	    r->type == NST_NAT_DNAT) {
		nst_op_init(op, NST_OP_NAT_FORWARD);
		nst_op_set(op, NST_F_PROTO, m->proto);
		nst_op_set(op, NST_F_PORT, m->dport);
		nst_op_set(op, NST_F_IIF, m->iif);
		nst_op_set(op, NST_F_DADDR, m->daddr);
		nst_op_set(op, NST_F_TO_ADDR, r->to_addr);
		nst_op_set(op, NST_F_TO_PORT, r->to_port);
	} else if (strcmp(r->chain, NST_NAT_POST_CHAIN) == 0 && strcmp(r->hook, "postrouting") == 0 &&
		   r->priority == 100 && (r->type == NST_NAT_MASQ || r->type == NST_NAT_SNAT)) {
		nst_op_init(op, NST_OP_NAT_MASQ);
		nst_op_set(op, NST_F_SRC, m->saddr);
		nst_op_set(op, NST_F_OIF, m->oif);
		nst_op_set(op, NST_F_SNAT_TO, r->type == NST_NAT_SNAT ? r->to_addr : "");
	} else {
		return false;
	}
	nst_op_set(op, NST_F_NS, op_ns(ns));
	nat_text(r, want, sizeof(want));
	nst_op_nat_rule(op, got, sizeof(got));
	return !r->raw && strcmp(want, got) == 0;
}

/*
 * Commands of one rule: set-up lines (table, chain) once per namespace, as
 * `nft add` of what exists is a no-op but noise; the rule line (the last
 * command) and comments always, so two equal rules stay two.
 */
static void nat_lines(const struct script *s, const char *text, struct nst_strv *done)
{
	char *copy = xstrdup(text), *save = NULL;
	const char *last = NULL;

	for (const char *p = text; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
		if (*p != '#' && *p != '\n') {
			last = p;
		}
	}
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		bool setup = *line != '#' && line - copy != last - text;
		bool seen = false;

		for (size_t i = 0; setup && i < done->n && !seen; i++) {
			seen = strcmp(done->v[i], line) == 0;
		}
		if (seen) {
			continue;
		}
		if (setup) {
			nst_strv_add(done, line);
		}
		fputs(line, s->out);
		fputc('\n', s->out);
	}
	free(copy);
}

static bool nat_hook_known(const char *hook)
{
	return strcmp(hook, "prerouting") == 0 || strcmp(hook, "input") == 0 || strcmp(hook, "output") == 0 ||
	       strcmp(hook, "postrouting") == 0;
}

static void nat_rule(const struct script *s, const struct nst_ns *ns, const struct nst_nat_rule *r,
		     struct nst_strv *done)
{
	char text[sizeof(r->summary)], *cmds;
	struct nst_buf chain = { 0 };
	char raw_why[sizeof(r->raw_why) + 80];
	const char *why = NULL;
	struct nst_op op;

	if (r->n_path > 1) {
		/* its match holds the jumps' conditions and its chain is no base chain: not what nstop writes */
		why = "it is in a chain a jump reaches, which nstop's script does not recreate";
	} else if (strchr(r->match.iif, '"') || strchr(r->match.oif, '"')) {
		why = "an interface name with a double quote cannot be written in nft syntax";
	} else if (!nst_nft_name(&chain, r->chain)) {
		why = "its chain's name is not one nft's command syntax can hold (nft has no quoting for names)";
	} else if (nat_as_op(ns, r, &op)) {
		cmds = nst_op_commands(&op, s->m);
		nat_lines(s, cmds, done);
		free(cmds);
		nst_buf_free(&chain);
		return;
	} else if (r->raw) {
		/* its summary may lack a condition: recreated from it, the rule would match more */
		snprintf(raw_why, sizeof(raw_why), "nstop does not decode all of it (%s), so it cannot write it back",
			 r->raw_why[0] ? r->raw_why : "?");
		why = raw_why;
	} else if (!nat_hook_known(r->hook)) {
		why = "its chain's hook is not one a nat chain of table ip has";
	}
	nst_buf_free(&chain);
	if (why) {
		skip_prefix(ns, NULL, s->out);
		fprintf(s->out, "NAT rule ip %s ", NST_NAT_TABLE);
		comment_text(r->chain, s->out);
		fprintf(s->out, " handle %llu, ", (unsigned long long)r->handle);
		comment_text(r->summary, s->out);
		fprintf(s->out, ": %s\n", why);
		return;
	}
	/* In nstop's table but not what its edits write: nstop's reading of it is nft syntax. */
	fputs("# in table ip nstop but not as nstop's edits write it (made by hand?): recreated as nstop reads it\n",
	      s->out);
	nat_text(r, text, sizeof(text));
	cmds = nst_nat_rule_commands(s->m, op_ns(ns), r->chain, r->hook, r->priority, text);
	nat_lines(s, cmds, done);
	free(cmds);
}

/* "3 NAT rules of other tables ... ip nat (2), inet t6 (1)": named, never silently dropped. */
static void nat_others(const struct script *s, const struct nst_ns *ns)
{
	size_t n = 0;

	for (size_t k = 0; k < ns->n_nat; k++) {
		n += !nat_own(&ns->nat[k]);
	}
	if (!n) {
		return;
	}
	skip_prefix(ns, NULL, s->out);
	fprintf(s->out, "%zu NAT rule%s of other tables, which other tools own (iptables-nft, docker, ...):", n,
		n == 1 ? "" : "s");
	for (size_t k = 0, named = 0; k < ns->n_nat; k++) {
		const struct nst_nat_rule *r = &ns->nat[k];
		size_t count = 0;
		bool first = true;

		for (size_t j = 0; j < ns->n_nat; j++) {
			bool same = strcmp(ns->nat[j].family, r->family) == 0 && strcmp(ns->nat[j].table, r->table) == 0;
			first = first && !(same && j < k);
			count += same;
		}
		if (nat_own(r) || !first) {
			continue;
		}
		fputs(named++ ? ", " : " ", s->out);
		comment_text(r->family, s->out);
		fputc(' ', s->out);
		comment_text(r->table, s->out);
		fprintf(s->out, " (%zu)", count);
	}
	fputs("; not recreated\n", s->out);
}

static void nat(const struct script *s)
{
	FILE *out = s->out;

	fputs("\n# NAT: nstop's own rules (table ip nstop) with nft, and ip_forward where it was 1\n", out);
	for (size_t i = 0; i < s->m->n_ns; i++) {
		const struct nst_ns *ns = &s->m->ns[i];
		struct nst_strv done = { 0 };
		size_t n_own = 0;

		if (!selected(s, ns)) {
			continue;
		}
		if (!recreatable(ns)) {
			if (ns->n_nat) {
				skip_prefix(ns, NULL, out);
				fprintf(out, "its %zu NAT rule%s: the namespace is not recreated\n", ns->n_nat,
					ns->n_nat == 1 ? "" : "s");
			}
			continue;
		}
		for (size_t k = 0; k < ns->n_nat; k++) {
			n_own += nat_own(&ns->nat[k]);
		}
		if (ns->ip_forward == 1) {
			struct nst_op op;

			nst_op_init(&op, NST_OP_IP_FORWARD);
			nst_op_set(&op, NST_F_NS, op_ns(ns));
			char *cmds = nst_op_commands(&op, s->m);
			fputs(cmds, out);
			free(cmds);
		} else if (ns->ip_forward < 0 && n_own) {
			/* a port forward is useless without it, but guessing 1 could open a router */
			skip_prefix(ns, NULL, out);
			fputs("net.ipv4.ip_forward, which nstop could not read; not set\n", out);
		}
		for (size_t k = 0; k < ns->n_nat; k++) {
			if (nat_own(&ns->nat[k])) {
				nat_rule(s, ns, &ns->nat[k], &done);
			}
		}
		nat_others(s, ns);
		if (ns->iptables_legacy) {
			skip_prefix(ns, NULL, out);
			fputs("iptables-legacy tables, invisible to nf_tables: nstop cannot read them\n", out);
		}
		nst_strv_clear(&done);
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
	for (size_t i = 0; i < n_links; i++) {
		s.partner[i] = SIZE_MAX;
	}

	pair_up(&s);
	plan_links(&s);
	header(&s);
	namespaces(&s);
	links(&s);
	masters(&s);
	addresses(&s);
	up_states(&s);
	routes(&s);
	nat(&s);

	free(s.base);
	free(s.plan);
	free(s.partner);
	free(s.first);
	free(s.ns_add);
}
