/* SPDX-License-Identifier: MIT */
/*
 * `nstop --dump`: the model as indented text. Namespace, then links with
 * their addresses; bridge ports nested under their bridge; veth peers as
 * `vethB <-> /:vethA`; routes last.
 */
#include <string.h>

#include "quote.h"
#include "render.h"

/* Every name, label and rule text is shown through nst_term_text: no control byte reaches the terminal. */
struct txt {
	FILE *out;
	struct nst_buf ring[4]; /* enough for the names of one fprintf */
	unsigned next;
};

static const char *T(struct txt *t, const char *s)
{
	if (nst_term_plain(s)) {
		return s;
	}
	struct nst_buf *b = &t->ring[t->next++ % 4];
	nst_buf_clear(b);
	nst_term_text(b, s);
	return nst_buf_str(b);
}

static void text_ns_header(struct txt *t, const struct nst_ns *ns)
{
	FILE *out = t->out;

	fprintf(out, "%s  (%s%s, inode %llu", T(t, ns->name), nst_ns_kind_str(ns->kind),
		ns->self && ns->kind != NST_NS_SELF ? ", self" : "", (unsigned long long)ns->id.ino);
	if (ns->label) {
		fprintf(out, ", label %s", T(t, ns->label));
	}
	if (ns->n_pids) {
		fprintf(out, ", %zu pid%s: %d", ns->n_pids, ns->n_pids == 1 ? "" : "s", ns->pids[0]);
		for (size_t i = 1; i < ns->n_pids && i < 8; i++) {
			fprintf(out, " %d", ns->pids[i]);
		}
		if (ns->n_pids > 8) {
			fputs(" ...", out);
		}
	}
	fputs(")\n", out);
}

static void text_peer(struct txt *t, const struct nst_model *m, const struct nst_link *l)
{
	FILE *out = t->out;
	const struct nst_ns *pns = NULL;
	const struct nst_link *peer = nst_link_peer(m, l, &pns);

	if (peer) {
		fprintf(out, " <-> %s:%s", T(t, pns->name), T(t, peer->name));
	} else if (l->peer_elsewhere && l->peer_nsid >= 0) {
		fprintf(out, " <-> ?:ifindex %d (nsid %d, unknown namespace)", l->peer_ifindex, l->peer_nsid);
	} else {
		fprintf(out, " <-> ?:ifindex %d (unknown)", l->peer_ifindex);
	}
}

static void text_link(struct txt *t, const struct nst_model *m, const struct nst_ns *ns, const struct nst_link *l,
		      int depth)
{
	FILE *out = t->out;
	char buf[NST_ADDR_STRLEN];
	int ind = 2 * depth;

	fprintf(out, "%*s%s", ind, "", T(t, l->name));
	if (l->has_peer) {
		text_peer(t, m, l);
	}
	fprintf(out, "  %s %s/%s mtu %u", T(t, l->kind), l->up ? "UP" : "DOWN", T(t, l->operstate), l->mtu);
	if (l->mac[0]) {
		fprintf(out, " %s", T(t, l->mac));
	}
	fprintf(out, " ifindex %d\n", l->ifindex);
	for (size_t i = 0; i < l->n_addrs; i++) {
		fprintf(out, "%*s%s %s\n", ind + 4, "", nst_family_str(l->addrs[i].family),
			nst_addr_format(&l->addrs[i], true, buf, sizeof(buf)));
	}
	for (size_t i = 0; i < l->warnings.n; i++) {
		fprintf(out, "%*s! %s\n", ind + 4, "", T(t, l->warnings.v[i]));
	}
	for (size_t i = 0; i < ns->n_links; i++) {
		if (ns->links[i].master_ifindex == l->ifindex && &ns->links[i] != l) {
			text_link(t, m, ns, &ns->links[i], depth + 1);
		}
	}
}

static void text_route(struct txt *t, const struct nst_ns *ns, const struct nst_route *r)
{
	FILE *out = t->out;
	char buf[NST_ADDR_STRLEN];
	const char *dev = r->oif ? nst_ns_link_name(ns, r->oif) : NULL;

	fprintf(out, "    %s", nst_route_dst_format(r, buf, sizeof(buf)));
	if (r->has_gateway) {
		fprintf(out, " via %s", nst_addr_format(&r->gateway, false, buf, sizeof(buf)));
	}
	if (dev) {
		fprintf(out, " dev %s", T(t, dev));
	}
	fprintf(out, " scope %s proto %s\n", T(t, r->scope), T(t, r->protocol));
}

static void text_ns(struct txt *t, const struct nst_model *m, const struct nst_ns *ns)
{
	FILE *out = t->out;

	text_ns_header(t, ns);
	for (size_t i = 0; i < ns->warnings.n; i++) {
		fprintf(out, "  ! %s\n", T(t, ns->warnings.v[i]));
	}
	for (size_t i = 0; i < ns->diag.n; i++) {
		fprintf(out, "  ! %s\n", T(t, ns->diag.v[i]));
	}
	for (size_t i = 0; i < ns->n_links; i++) {
		const struct nst_link *l = &ns->links[i];

		/* Ports are printed under their master. */
		if (l->master_ifindex && nst_ns_find_link(ns, l->master_ifindex)) {
			continue;
		}
		text_link(t, m, ns, l, 1);
	}
	if (ns->n_nat) {
		fputs("  nat:\n", out);
		for (size_t i = 0; i < ns->n_nat; i++) {
			const struct nst_nat_rule *r = &ns->nat[i];
			fprintf(out, "    %s %s ", T(t, r->family), T(t, r->table));
			fprintf(out, "%s: %s", T(t, r->chain), T(t, r->summary));
			if (r->target_found) {
				fprintf(out, "  -> %s:%s", T(t, r->target_ns), T(t, r->target_link));
			}
			fputc('\n', out);
		}
	}
	if (ns->n_routes) {
		fputs("  routes:\n", out);
		for (size_t i = 0; i < ns->n_routes; i++) {
			text_route(t, ns, &ns->routes[i]);
		}
	}
}

void nst_render_text(const struct nst_model *m, const struct nst_ns *only, FILE *out)
{
	struct txt t = { .out = out };
	bool first = true;

	for (size_t i = 0; i < m->n_ns; i++) {
		if (only && only != &m->ns[i]) {
			continue;
		}
		if (!first) {
			fputc('\n', out);
		}
		first = false;
		text_ns(&t, m, &m->ns[i]);
	}
	for (size_t i = 0; i < m->warnings.n; i++) {
		fprintf(out, "! %s\n", T(&t, m->warnings.v[i]));
	}
	for (size_t i = 0; i < 4; i++) {
		nst_buf_free(&t.ring[i]);
	}
}
