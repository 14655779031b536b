/* SPDX-License-Identifier: MIT */
/*
 * Which links an explained path crosses. A hop names only its own in and out
 * devices; between two hops the packet may cross a veth into a bridge's
 * namespace and out by a port, so the way from one to the next is found on
 * the model's L2 links (breadth first: the way a frame would take).
 */
#include "path.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define MAX_VISIT 4096 /* links looked at between two hops; a segment is never that big in practice */

void ui_path_add(struct ui_path *p, const struct ui_path_hop *h)
{
	*(struct ui_path_hop *)xgrow(&p->v, &p->n, &p->cap, sizeof(*p->v)) = *h;
}

void ui_path_clear(struct ui_path *p)
{
	free(p->v);
	memset(p, 0, sizeof(*p));
}

void ui_path_copy(struct ui_path *dst, const struct ui_path *src)
{
	ui_path_clear(dst);
	for (size_t i = 0; i < src->n; i++) {
		ui_path_add(dst, &src->v[i]);
	}
}

bool ui_path_has_link(const struct ui_path_links *s, struct nst_ns_id ns, int ifindex)
{
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].ifindex == ifindex && nst_ns_id_eq(s->v[i].ns, ns)) {
			return true;
		}
	}
	return false;
}

static void add_link(struct ui_path_links *s, struct nst_ns_id ns, int ifindex)
{
	if (ifindex && !ui_path_has_link(s, ns, ifindex)) {
		*(struct ui_path_link *)xgrow(&s->v, &s->n, &s->cap, sizeof(*s->v)) =
			(struct ui_path_link){ .ns = ns, .ifindex = ifindex };
	}
}

void ui_path_links_finish(struct ui_path_links *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

bool ui_path_has_ns(const struct ui_path *p, struct nst_ns_id ns, bool failed)
{
	for (size_t i = 0; p && i < p->n; i++) {
		if (nst_ns_id_eq(p->v[i].ns, ns) && (!failed || p->v[i].failed)) {
			return true;
		}
	}
	return false;
}

struct node {
	const struct nst_ns *ns;
	const struct nst_link *l;
	int from; /* index of the node it was reached from, -1: the start */
};

struct walk {
	struct node v[MAX_VISIT];
	int n;
};

static void visit(struct walk *w, const struct nst_ns *ns, const struct nst_link *l, int from)
{
	if (!ns || !l || w->n >= MAX_VISIT) {
		return;
	}
	for (int i = 0; i < w->n; i++) {
		if (w->v[i].l == l) {
			return;
		}
	}
	w->v[w->n++] = (struct node){ ns, l, from };
}

/* Record the way from (a, oif) to (b, iif) on the links between them, when there is one. */
static void segment(const struct nst_model *m, const struct ui_path_hop *a, const struct ui_path_hop *b,
		    struct ui_path_links *out)
{
	const struct nst_ns *ans = nst_model_find_ns_id(m, a->ns);
	const struct nst_link *start = ans && a->oif ? nst_ns_find_link(ans, a->oif) : NULL;
	const struct nst_ns *bns = nst_model_find_ns_id(m, b->ns);
	const struct nst_link *goal = bns && b->iif ? nst_ns_find_link(bns, b->iif) : NULL;
	struct walk *w;

	if (!start || !goal) {
		return;
	}
	w = xcalloc(1, sizeof(*w));
	visit(w, ans, start, -1);
	for (int i = 0; i < w->n; i++) {
		const struct node nd = w->v[i];
		const struct nst_ns *other = NULL;

		if (nd.l == goal) {
			for (int k = i; k >= 0; k = w->v[k].from) {
				add_link(out, w->v[k].ns->id, w->v[k].l->ifindex);
			}
			break;
		}
		const struct nst_link *peer = nst_link_peer(m, nd.l, &other);
		visit(w, other, peer, i);
		const struct nst_link *master = nst_link_master(m, nd.l, &other);
		visit(w, other, master, i);
		if (nst_link_is(nd.l, NST_KIND_BRIDGE)) {
			for (size_t k = 0; k < nd.ns->n_links; k++) {
				const struct nst_link *port = &nd.ns->links[k];
				if (port->master.ifindex == nd.l->ifindex && port != nd.l) {
					visit(w, nd.ns, port, i);
				}
			}
		}
	}
	free(w);
}

void ui_path_links(const struct nst_model *m, const struct ui_path *p, struct ui_path_links *out)
{
	out->n = 0;
	for (size_t i = 0; p && i < p->n; i++) {
		add_link(out, p->v[i].ns, p->v[i].iif);
		add_link(out, p->v[i].ns, p->v[i].oif);
		if (i > 0 && !p->v[i].start) {
			segment(m, &p->v[i - 1], &p->v[i], out);
		}
	}
}
