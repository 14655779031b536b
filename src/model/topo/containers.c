/* SPDX-License-Identifier: MIT */
/*
 * Containers meet namespaces: an engine's record belongs to a namespace when
 * the namespace's processes run in its cgroup, or its mount is the path the
 * engine recorded. The display name follows from what was found.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "model.h"
#include "xalloc.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct nst_engine_ctr *nst_facts_add_ctr(struct nst_engine_facts *f, const char *engine, const char *id)
{
	struct nst_engine_ctr *c = xgrow(&f->ctrs, &f->n_ctrs, &f->cap_ctrs, sizeof(*f->ctrs));
	snprintf(c->c.engine, sizeof(c->c.engine), "%s", engine);
	c->c.id = xstrdup(id);
	return c;
}

struct nst_engine_net *nst_facts_add_net(struct nst_engine_facts *f, const char *engine, const char *name,
					 const char *ifname)
{
	struct nst_engine_net *n = xgrow(&f->nets, &f->n_nets, &f->cap_nets, sizeof(*f->nets));
	snprintf(n->engine, sizeof(n->engine), "%s", engine);
	snprintf(n->ifname, sizeof(n->ifname), "%s", ifname);
	n->name = xstrdup(name);
	return n;
}

void nst_facts_add_note(struct nst_engine_facts *f, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	char **slot = xgrow(&f->notes, &f->n_notes, &f->cap_notes, sizeof(*f->notes));
	*slot = xstrdup(buf);
}

void nst_container_clear(struct nst_container *c)
{
	free(c->id);
	free(c->name);
	free(c->pod);
	free(c->pod_ns);
	free(c->image);
	free(c->ports);
	memset(c, 0, sizeof(*c));
}

void nst_container_copy(struct nst_container *dst, const struct nst_container *src)
{
	*dst = *src;
	dst->id = xstrdup(src->id ? src->id : "");
	dst->name = dup_or_null(src->name);
	dst->pod = dup_or_null(src->pod);
	dst->pod_ns = dup_or_null(src->pod_ns);
	dst->image = dup_or_null(src->image);
	dst->ports = NULL;
	dst->n_ports = 0;
	for (size_t i = 0; i < src->n_ports; i++) {
		nst_published_add(dst, &src->ports[i]);
	}
}

void nst_published_add(struct nst_container *c, const struct nst_published *p)
{
	size_t cap = c->n_ports;
	struct nst_published *slot = xgrow(&c->ports, &c->n_ports, &cap, sizeof(*c->ports));
	*slot = *p;
}

void nst_facts_clear(struct nst_engine_facts *f)
{
	for (size_t i = 0; i < f->n_ctrs; i++) {
		nst_container_clear(&f->ctrs[i].c);
		free(f->ctrs[i].netns_path);
		free(f->ctrs[i].pod_uid);
		free(f->ctrs[i].pod_id);
	}
	for (size_t i = 0; i < f->n_nets; i++) {
		free(f->nets[i].name);
		free(f->nets[i].id);
	}
	for (size_t i = 0; i < f->n_notes; i++) {
		free(f->notes[i]);
	}
	free(f->ctrs);
	free(f->nets);
	free(f->notes);
	memset(f, 0, sizeof(*f));
}

void nst_container_short(const struct nst_container *c, char *buf, size_t len)
{
	if (c->name && c->name[0]) {
		snprintf(buf, len, "%s", c->name);
	} else {
		snprintf(buf, len, "%s:%.12s", c->engine, c->id ? c->id : "");
	}
}

/* Ids match when equal, or one is a prefix of the other and the shorter has 12 digits or more. */
static bool id_match(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), n = na < nb ? na : nb;

	return (na == nb && strcmp(a, b) == 0) || (n >= 12 && strncmp(a, b, n) == 0);
}

/* /var/run is /run on every distribution nstop knows: compare paths without it. */
static const char *run_path(const char *p)
{
	return strncmp(p, "/var/run/", 9) == 0 ? p + 4 : p;
}

static bool path_match(const struct nst_ns *ns, const char *recorded)
{
	if (!recorded || !recorded[0]) {
		return false;
	}
	const char *r = run_path(recorded);
	if (ns->kind == NST_NS_MOUNT) {
		return strcmp(run_path(ns->name), r) == 0;
	}
	if (ns->kind == NST_NS_NAMED) {
		return strncmp(r, "/run/netns/", 11) == 0 && strcmp(r + 11, ns->name) == 0;
	}
	return false;
}

static bool ctr_in_ns(const struct nst_ns *ns, const struct nst_engine_ctr *e)
{
	if (path_match(ns, e->netns_path)) {
		return true;
	}
	/* A namespace of another user namespace is a user's: its processes can sit in a delegated
	 * cgroup named like any container's scope, so their cgroups name nothing. */
	for (size_t i = 0; !ns->userns && i < ns->n_cgroups; i++) {
		const struct nst_cgroup_ref *r = &ns->cgroups[i];
		if (r->id[0] && e->c.id && id_match(r->id, e->c.id)) {
			return true;
		}
		if (r->pod_uid[0] && e->pod_uid && strcmp(r->pod_uid, e->pod_uid) == 0) {
			return true;
		}
		if (r->pod_id[0] && e->pod_id && id_match(r->pod_id, e->pod_id)) {
			return true;
		}
	}
	return false;
}

static bool have_container(const struct nst_ns *ns, const char *id)
{
	for (size_t i = 0; i < ns->n_containers; i++) {
		if (ns->containers[i].id && id[0] && id_match(ns->containers[i].id, id)) {
			return true;
		}
	}
	return false;
}

static void clear_containers(struct nst_ns *ns)
{
	for (size_t i = 0; i < ns->n_containers; i++) {
		nst_container_clear(&ns->containers[i]);
	}
	ns->n_containers = 0;
}

/* Owners before joiners, workloads before infra, then by name: the display's order. */
static int cmp_container(const void *a, const void *b)
{
	const struct nst_container *x = a, *y = b;
	char bx[96], by[96];

	if (x->infra != y->infra) {
		return x->infra ? 1 : -1;
	}
	if (x->joined != y->joined) {
		return x->joined ? 1 : -1;
	}
	nst_container_short(x, bx, sizeof(bx));
	nst_container_short(y, by, sizeof(by));
	return strcmp(bx, by);
}

static void attach_ns(struct nst_ns *ns, const struct nst_engine_facts *f)
{
	clear_containers(ns);
	for (size_t i = 0; f && i < f->n_ctrs; i++) {
		const struct nst_engine_ctr *e = &f->ctrs[i];
		if (ctr_in_ns(ns, e) && !have_container(ns, e->c.id ? e->c.id : "")) {
			struct nst_container *c = xgrow(&ns->containers, &ns->n_containers, &ns->cap_containers,
							sizeof(*ns->containers));
			nst_container_copy(c, &e->c);
		}
	}
	/* A process in a container scope no engine file describes: its engine and id, as before. */
	for (size_t i = 0; !ns->userns && i < ns->n_cgroups; i++) {
		const struct nst_cgroup_ref *r = &ns->cgroups[i];
		const char *id = r->id[0] ? r->id : r->pod_uid;
		if (!id[0] || have_container(ns, id)) {
			continue;
		}
		bool pod_known = false;
		for (size_t k = 0; k < ns->n_containers && r->pod_uid[0]; k++) {
			pod_known |= ns->containers[k].pod_ns != NULL;
		}
		if (pod_known) {
			continue; /* another container of a pod whose name is known */
		}
		struct nst_container *c = xgrow(&ns->containers, &ns->n_containers, &ns->cap_containers,
						sizeof(*ns->containers));
		memset(c, 0, sizeof(*c));
		snprintf(c->engine, sizeof(c->engine), "%s", r->id[0] ? r->engine : "kubepods");
		c->id = xstrdup(id);
	}
	if (ns->n_containers > 1) {
		qsort(ns->containers, ns->n_containers, sizeof(*ns->containers), cmp_container);
	}
}

static void attach_bridges(struct nst_ns *ns, const struct nst_engine_facts *f)
{
	for (size_t i = 0; i < ns->n_links; i++) {
		struct nst_link *l = &ns->links[i];
		free(l->network);
		l->network = NULL;
		l->network_engine[0] = '\0';
		if (!nst_link_is(l, NST_KIND_BRIDGE)) {
			continue;
		}
		for (size_t k = 0; f && k < f->n_nets; k++) {
			const struct nst_engine_net *n = &f->nets[k];
			bool here = n->has_ns ? (n->ns_dev == ns->id.dev && n->ns_ino == ns->id.ino) : ns->self;
			if (here && strcmp(n->ifname, l->name) == 0) {
				l->network = xstrdup(n->name);
				snprintf(l->network_engine, sizeof(l->network_engine), "%s", n->engine);
				break;
			}
		}
	}
}

#define DISPLAY_MAX_NAMES 3

void nst_ns_update_display(struct nst_ns *ns)
{
	char buf[512];
	size_t n = 0, shown = 0, workloads = 0;

	free(ns->display);
	ns->display = NULL;
	for (size_t i = 0; i < ns->n_containers; i++) {
		const struct nst_container *c = &ns->containers[i];
		if (c->pod && c->pod_ns) {
			ns->display = xasprintf("%s/%s", c->pod_ns, c->pod);
			return;
		}
	}
	for (size_t i = 0; i < ns->n_containers; i++) {
		if (ns->containers[i].pod) {
			ns->display = xstrdup(ns->containers[i].pod);
			return;
		}
		workloads += !ns->containers[i].infra;
	}
	buf[0] = '\0';
	for (size_t i = 0; i < ns->n_containers; i++) {
		const struct nst_container *c = &ns->containers[i];
		char one[256];
		if (c->infra && workloads) {
			continue;
		}
		if (shown == DISPLAY_MAX_NAMES) {
			size_t more = (workloads ? workloads : ns->n_containers) - shown;
			snprintf(buf + n, sizeof(buf) - n, "+%zu more", more);
			break;
		}
		nst_container_short(c, one, sizeof(one));
		int w = snprintf(buf + n, sizeof(buf) - n, "%s%s", shown ? "+" : "", one);
		if (w < 0 || (size_t)w >= sizeof(buf) - n) {
			break;
		}
		n += (size_t)w;
		shown++;
	}
	if (shown) {
		ns->display = xstrdup(buf);
	}
}

const char *nst_ns_display(const struct nst_ns *ns)
{
	return ns->display ? ns->display : ns->name;
}

void nst_model_attach_containers(struct nst_model *m, const struct nst_engine_facts *f)
{
	for (size_t i = 0; i < m->n_ns; i++) {
		attach_ns(&m->ns[i], f);
		attach_bridges(&m->ns[i], f);
		nst_ns_update_display(&m->ns[i]);
	}
}
