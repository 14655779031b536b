/* SPDX-License-Identifier: MIT */
/*
 * `--export-script`: nexthop objects (`ip nexthop add`), single hops before
 * the groups that name them, so routes can say `nhid N` as the kernel has
 * them. An object it cannot write is a comment, and so is every route that
 * names it (script_routes.c asks nst_script_nhobj_writable).
 */
#include <stdio.h>
#include <string.h>

#include "route_text.h"
#include "script_internal.h"

/* Why the object cannot be written, or NULL. depth bounds a group's walk (groups do not nest). */
static const char *why_not(const struct script *s, const struct nst_ns *ns, const struct nst_nhobj *o, int depth)
{
	if (o->warning[0]) {
		return "nstop did not decode all of it";
	}
	if (o->encap[0]) {
		return "its encap is not one this script writes back";
	}
	if (o->group) {
		if (depth > 0) {
			return "a group inside a group";
		}
		if (o->group_type > 1) {
			return "a group type nstop does not know";
		}
		if (o->group_type == 1 && (!o->has_res || o->res_buckets == 0)) {
			return "a resilient group whose bucket count the kernel did not say";
		}
		for (size_t i = 0; i < o->n_group; i++) {
			const struct nst_nhobj *m = nst_ns_find_nhobj(ns, o->group[i].id);
			if (!m || why_not(s, ns, m, depth + 1)) {
				return "a member is not recreated";
			}
		}
		return NULL;
	}
	if (o->oif) {
		const struct nst_link *dev = nst_ns_find_link(ns, o->oif);
		if (!dev) {
			return "its device is not in the model";
		}
		if (!configured(s->plan[flat(s, ns, dev)])) {
			return "its device is not created by this script";
		}
	} else if (!o->blackhole && !o->fdb) {
		return "no device, no blackhole";
	}
	return NULL;
}

bool nst_script_nhobj_writable(const struct script *s, const struct nst_ns *ns, uint32_t id)
{
	const struct nst_nhobj *o = nst_ns_find_nhobj(ns, id);

	return o && !why_not(s, ns, o, 0);
}

static void nhobj_add(const struct nst_ns *ns, const struct nst_nhobj *o, FILE *out)
{
	char buf[NST_ADDR_STRLEN];

	nst_script_ip(ns, o->family == AF_INET6, out);
	fprintf(out, "nexthop add id %u", o->id);
	for (size_t i = 0; o->group && i < o->n_group; i++) {
		fprintf(out, "%s%u", i ? "/" : " group ", o->group[i].id);
		if (o->group[i].weight != 1) {
			fprintf(out, ",%d", o->group[i].weight);
		}
	}
	if (o->group && o->group_type == 1) {
		/* timers in whole seconds, as ip takes them */
		fprintf(out, " type resilient buckets %u idle_timer %u unbalanced_timer %u", o->res_buckets,
			o->res_idle_timer / 100, o->res_unbalanced_timer / 100);
	}
	if (o->blackhole) {
		fputs(" blackhole", out);
	}
	if (o->has_gateway) {
		fprintf(out, " via %s", nst_addr_format(&o->gateway, false, buf, sizeof(buf)));
	}
	if (o->oif) {
		fputs(" dev ", out);
		nst_script_word(nst_ns_link_name(ns, o->oif), out);
	}
	if (o->onlink) {
		fputs(" onlink", out);
	}
	if (o->fdb) {
		fputs(" fdb", out);
	}
	fputc('\n', out);
}

/* One namespace's objects: called between its device routes and its gateway routes (a hop's gateway must be reachable). */
void nst_script_nexthops(const struct script *s, const struct nst_ns *ns)
{
	char text[512];

	for (int groups = 0; groups < 2; groups++) {
		for (size_t i = 0; i < ns->n_nhobjs; i++) {
			const struct nst_nhobj *o = &ns->nhobjs[i];
			const char *why = why_not(s, ns, o, 0);

			if ((o->group != NULL) != groups) {
				continue;
			}
			if (!why) {
				nhobj_add(ns, o, s->out);
				continue;
			}
			nst_script_skip(ns, NULL, s->out);
			fputs("nexthop ", s->out);
			nst_script_comment(nst_nhobj_text(ns, o, text, sizeof(text)), s->out);
			fputs(": ", s->out);
			nst_script_comment(why, s->out);
			fputc('\n', s->out);
		}
	}
}
