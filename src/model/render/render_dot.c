/* SPDX-License-Identifier: MIT */
/*
 * `nstop --dot`: a Graphviz graph with a cluster per namespace, veth (netkit)
 * pairs as solid edges, bridge and bond membership and lower devices as dashed
 * edges, paired tunnel ends as bold edges. Node ids are
 * n<namespace index>_<ifindex>; labels are escaped for DOT.
 */
#include <string.h>

#include "quote.h"
#include "render.h"

/* A name in a label: printable text only (quote.h), so it stays valid UTF-8 and XML in the SVG. */
static void name(struct nst_buf *b, const char *s)
{
	nst_term_text(b, s);
}

/* Graphviz quoting: quote and backslash escaped, so no escape of dot's (\N, \l) comes from a name. */
static void dot_string(const char *s, FILE *out)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\') {
			fputc('\\', out);
		}
		if (*s == '\n') {
			fputs("\\n", out);
			continue;
		}
		fputc(*s, out);
	}
	fputc('"', out);
}

static size_t ns_index(const struct nst_model *m, const struct nst_ns *ns)
{
	return (size_t)(ns - m->ns);
}

static void dot_link_node(const struct nst_model *m, const struct nst_ns *ns, const struct nst_link *l,
			  FILE *out)
{
	struct nst_buf label = { 0 };
	char buf[NST_ADDR_STRLEN];

	name(&label, l->name);
	if (l->network) {
		nst_buf_puts(&label, " (");
		name(&label, l->network);
		nst_buf_putc(&label, ')');
	}
	nst_buf_putc(&label, '\n');
	name(&label, l->kind);
	nst_buf_puts(&label, l->up ? "" : " (down)");
	for (size_t i = 0; i < l->n_addrs; i++) {
		nst_buf_printf(&label, "\n%s", nst_addr_format(&l->addrs[i], true, buf, sizeof(buf)));
	}
	fprintf(out, "\t\tn%zu_%d [label=", ns_index(m, ns), l->ifindex);
	dot_string(nst_buf_str(&label), out);
	nst_buf_free(&label);
	fprintf(out, "%s];\n", nst_link_is(l, NST_KIND_BRIDGE) ? ", shape=box3d" : "");
}

static void dot_cluster(const struct nst_model *m, const struct nst_ns *ns, FILE *out)
{
	struct nst_buf label = { 0 };

	name(&label, nst_ns_display(ns));
	if (ns->display) {
		nst_buf_putc(&label, '\n'); /* the path a container's name stands for */
		name(&label, ns->name);
	}
	nst_buf_printf(&label, " (%s)", nst_ns_kind_str(ns->kind));
	if (ns->label) {
		nst_buf_putc(&label, ' ');
		name(&label, ns->label);
	}
	fprintf(out, "\tsubgraph cluster_%zu {\n\t\tlabel=", ns_index(m, ns));
	dot_string(nst_buf_str(&label), out);
	nst_buf_clear(&label);
	fputs(";\n", out);
	for (size_t i = 0; i < ns->n_links; i++) {
		dot_link_node(m, ns, &ns->links[i], out);
	}
	for (size_t i = 0; i < ns->n_nat; i++) {
		fprintf(out, "\t\tnat%zu_%zu [shape=note, label=", ns_index(m, ns), i);
		nst_buf_clear(&label);
		name(&label, ns->nat[i].summary);
		dot_string(nst_buf_str(&label), out);
		fputs("];\n", out);
	}
	nst_buf_free(&label);
	fputs("\t}\n", out);
}

/* A DNAT points at the link that owns its target address. */
static void dot_nat_edges(const struct nst_model *m, const struct nst_ns *ns, FILE *out)
{
	for (size_t i = 0; i < ns->n_nat; i++) {
		const struct nst_nat_rule *r = &ns->nat[i];
		const struct nst_ns *tns =
			r->target_found ? nst_model_find_ns_id(m, (struct nst_ns_id){ r->target_id.dev, r->target_id.ino }) : NULL;
		const struct nst_link *tl = tns ? nst_ns_find_link_name(tns, r->target_link) : NULL;

		if (tl) {
			fprintf(out, "\tnat%zu_%zu -- n%zu_%d [style=bold, color=blue, label=\"dnat\"];\n", ns_index(m, ns), i,
				ns_index(m, tns), tl->ifindex);
		}
	}
}

/*
 * One edge for a link reference (link_kinds' peers, lower devices, tunnel ends):
 * a symmetric one (peer, tunnel) once, from the end with the smaller (namespace
 * index, ifindex); an end outside --ns is a dashed node named ns:link; an
 * unresolved reference ends at a "? ifindex" node.
 */
static void dot_ref_edge(const struct nst_model *m, const struct nst_ns *ns, const struct nst_link *l,
			 const struct nst_link_ref *ref, bool symmetric, const char *label, const char *style,
			 const struct nst_ns *only, FILE *out)
{
	size_t a = ns_index(m, ns);
	const struct nst_ns *pns = NULL;
	const struct nst_link *to = nst_link_ref_get(m, ref, &pns);

	if (!to) {
		fprintf(out, "\tu%zu_%d_%d [label=\"? ifindex %d\\nunknown namespace\", style=dashed];\n", a,
			l->ifindex, ref->ifindex, ref->ifindex);
		fprintf(out, "\tn%zu_%d -- u%zu_%d_%d [label=", a, l->ifindex, a, l->ifindex, ref->ifindex);
		dot_string(label, out);
		fputs(", style=dotted];\n", out);
		return;
	}
	size_t b = ns_index(m, pns);
	bool outside = only && pns != only;

	if (symmetric && !outside && (b < a || (b == a && to->ifindex < l->ifindex))) {
		return;
	}
	if (outside) {
		struct nst_buf name_buf = { 0 };
		name(&name_buf, nst_ns_display(pns));
		nst_buf_putc(&name_buf, ':');
		name(&name_buf, to->name);
		fprintf(out, "\tn%zu_%d [label=", b, to->ifindex);
		dot_string(nst_buf_str(&name_buf), out);
		nst_buf_free(&name_buf);
		fputs(", style=dashed];\n", out);
	}
	fprintf(out, "\tn%zu_%d -- n%zu_%d [label=", a, l->ifindex, b, to->ifindex);
	dot_string(label, out);
	fprintf(out, "%s%s];\n", style ? ", style=" : "", style ? style : "");
}

void nst_render_dot(const struct nst_model *m, const struct nst_ns *only, FILE *out)
{
	fputs("graph nstop {\n\tcompound=true;\n\tnode [shape=box, fontname=\"monospace\"];\n", out);
	for (size_t i = 0; i < m->n_ns; i++) {
		if (!only || only == &m->ns[i]) {
			dot_cluster(m, &m->ns[i], out);
		}
	}
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		if (only && only != ns) {
			continue;
		}
		dot_nat_edges(m, ns, out);
		for (size_t k = 0; k < ns->n_links; k++) {
			const struct nst_link *l = &ns->links[k];

			const char *kind = nst_link_kind_label(l->kind, &l->info);
			if (l->peer.has) {
				dot_ref_edge(m, ns, l, &l->peer, true, kind, NULL, only, out);
			}
			if (l->lower.has) {
				dot_ref_edge(m, ns, l, &l->lower, false, "lower", "dashed", only, out);
			}
			if (l->tunnel_peer.state == NST_REF_FOUND) {
				dot_ref_edge(m, ns, l, &l->tunnel_peer, true, kind, "bold", only, out);
			}
			if (l->master.ifindex && nst_ns_find_link(ns, l->master.ifindex)) {
				fprintf(out, "\tn%zu_%d -- n%zu_%d [style=dashed, label=\"port\"];\n", i, l->ifindex,
					i, l->master.ifindex);
			}
		}
	}
	fputs("}\n", out);
}
