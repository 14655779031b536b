/* SPDX-License-Identifier: MIT */
/*
 * `nstop --dump`: the model as indented text. Namespace, then links with
 * their kind's fields and addresses; bridge ports nested under their bridge;
 * veth peers as `vethB <-> /:vethA`; NAT, then the whole firewall (tables,
 * chains with hook, priority and policy, rules by handle); routes last.
 */
#include <inttypes.h>
#include <string.h>

#include "containers_ports.h"
#include "fw_order.h"
#include "quote.h"
#include "render.h"
#include "route_text.h"

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

	/* a container's namespace under its display name, its path kept beside it */
	fprintf(out, "%s  (", T(t, nst_ns_display(ns)));
	if (ns->display) {
		fprintf(out, "%s, ", T(t, ns->name));
	}
	fprintf(out, "%s%s, inode %llu", nst_ns_kind_str(ns->kind), ns->self && ns->kind != NST_NS_SELF ? ", self" : "",
		(unsigned long long)ns->id.ino);
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

/*
 *   container docker 86420b3ab6fc web1 image nginx:latest
 *     published 0.0.0.0:8080/tcp -> 80 (nat DOCKER handle 12)
 */
static void text_containers(struct txt *t, const struct nst_model *m, const struct nst_ns *ns)
{
	char buf[512];

	for (size_t i = 0; i < ns->n_containers; i++) {
		const struct nst_container *c = &ns->containers[i];

		nst_container_describe(c, buf, sizeof(buf));
		fprintf(t->out, "  container %s\n", T(t, buf));
		for (size_t k = 0; k < c->n_ports; k++) {
			nst_published_format(m, ns, &c->ports[k], buf, sizeof(buf));
			fprintf(t->out, "    published %s\n", T(t, buf));
		}
	}
}

static void text_peer(struct txt *t, const struct nst_model *m, const struct nst_link *l)
{
	FILE *out = t->out;
	const struct nst_ns *pns = NULL;
	const struct nst_link *peer = nst_link_peer(m, l, &pns);

	if (peer) {
		fprintf(out, " <-> %s:%s", T(t, nst_ns_display(pns)), T(t, peer->name));
	} else if (l->peer.elsewhere && l->peer.nsid >= 0) {
		fprintf(out, " <-> ?:ifindex %d (nsid %d, unknown namespace)", l->peer.ifindex, l->peer.nsid);
	} else {
		fprintf(out, " <-> ?:ifindex %d (unknown)", l->peer.ifindex);
	}
}

/*
 * A kind's decoded fields as iproute2's `ip -d link` words, under the link:
 * "vxlan id 42 local 10.50.0.1 remote 10.50.0.2 port 4789 learning on dev up0".
 * Nothing for a kind with neither fields nor a lower device.
 */
static void text_kind(struct txt *t, const struct nst_model *m, const struct nst_link *l, int ind)
{
	struct nst_kind_field f[NST_KIND_FIELDS_MAX];
	const struct nst_link_kind *k = nst_link_kind_find(l->kind);
	size_t n = nst_link_info_fields(k->id, &l->info, f, NST_KIND_FIELDS_MAX);
	FILE *out = t->out;

	if (n == 0 && !l->lower.has) {
		return;
	}
	fprintf(out, "%*s%s", ind, "", T(t, nst_link_kind_label(l->kind, &l->info)));
	for (size_t i = 0; i < n; i++) {
		if (f[i].type == NST_KF_UINT) {
			fprintf(out, " %s %llu", f[i].key, (unsigned long long)f[i].u);
		} else if (f[i].type == NST_KF_BOOL) {
			fprintf(out, " %s %s", f[i].key, f[i].b ? "on" : "off");
		} else if (strcmp(f[i].key, "note") == 0) {
			fprintf(out, " (%s)", T(t, f[i].s));
		} else {
			fprintf(out, " %s %s", f[i].key, T(t, f[i].s));
		}
	}
	if (l->lower.has) {
		const struct nst_ns *lns = NULL;
		const struct nst_link *lower = nst_link_lower(m, l, &lns);
		/* a tunnel's underlay is "dev", a macvlan's or vlan's parent "link", as in `ip link add` */
		fprintf(out, " %s ", k->lower_as_dev ? "dev" : "link");
		if (lower && !l->lower.elsewhere) {
			fprintf(out, "%s", T(t, lower->name));
		} else if (lower) {
			fprintf(out, "%s:%s", T(t, nst_ns_display(lns)), T(t, lower->name));
		} else {
			fprintf(out, "?:ifindex %d (unknown)", l->lower.ifindex);
		}
	}
	fputc('\n', out);
}

static void text_link(struct txt *t, const struct nst_model *m, const struct nst_ns *ns, const struct nst_link *l,
		      int depth)
{
	FILE *out = t->out;
	char buf[NST_ADDR_STRLEN];
	int ind = 2 * depth;

	fprintf(out, "%*s%s", ind, "", T(t, l->name));
	if (l->network) {
		fprintf(out, " (%s)", T(t, l->network)); /* the container network the bridge is for */
	}
	if (l->peer.has) {
		text_peer(t, m, l);
	}
	fprintf(out, "  %s %s/%s mtu %u", T(t, l->kind), l->up ? "UP" : "DOWN", T(t, l->operstate), l->mtu);
	if (l->mac[0]) {
		fprintf(out, " %s", T(t, l->mac));
	}
	fprintf(out, " ifindex %d\n", l->ifindex);
	text_kind(t, m, l, ind + 4);
	for (size_t i = 0; i < l->n_addrs; i++) {
		fprintf(out, "%*s%s %s\n", ind + 4, "", nst_family_str(l->addrs[i].family),
			nst_addr_format(&l->addrs[i], true, buf, sizeof(buf)));
	}
	char nb[512];
	if (*nst_neigh_summary(ns, l->ifindex, nb, sizeof(nb))) {
		fprintf(out, "%*s%s\n", ind + 4, "", T(t, nb));
	}
	for (size_t i = 0; i < l->warnings.n; i++) {
		fprintf(out, "%*s! %s\n", ind + 4, "", T(t, l->warnings.v[i]));
	}
	for (size_t i = 0; i < ns->n_links; i++) {
		if (ns->links[i].master.ifindex == l->ifindex && &ns->links[i] != l) {
			text_link(t, m, ns, &ns->links[i], depth + 1);
		}
	}
}

/* iproute2's line (route_text.c): names in it are raw, so the whole line goes through T. */
static void text_route(struct txt *t, const struct nst_ns *ns, const struct nst_route *r)
{
	char line[1024];

	fprintf(t->out, "    %s\n", T(t, nst_route_text(ns, r, line, sizeof(line))));
}

/* What ends a rule, where its text may not say it: "jump KUBE-SVC-1", "reject icmp port-unreachable", "queue 3". */
static void text_verdict(struct txt *t, const struct nst_fw_verdict *v)
{
	FILE *out = t->out;

	fputs(nst_fw_verdict_kind_str(v->kind), out);
	switch (v->kind) {
	case NST_FV_JUMP:
	case NST_FV_VMAP:
	case NST_FV_GOTO:
	case NST_FV_XT:
		fprintf(out, " %s", T(t, v->target));
		break;
	case NST_FV_REJECT:
		fprintf(out, "%s%s%s%s", v->reject_type[0] ? " " : "", T(t, v->reject_type), v->reject_code[0] ? " " : "",
			T(t, v->reject_code));
		break;
	case NST_FV_QUEUE:
		fprintf(out, " %u total %u%s%s", v->queue_num, v->queue_total ? v->queue_total : 1,
			v->queue_flags & 1 ? " bypass" : "", v->queue_flags & 2 ? " fanout" : "");
		break;
	case NST_FV_OTHER:
		fprintf(out, " code %" PRId32, v->code);
		break;
	default:
		break;
	}
}

static void text_rule(struct txt *t, const struct nst_fw_rule *r)
{
	FILE *out = t->out;

	fprintf(out, "        handle %" PRIu64 ": %s", r->handle, T(t, r->text));
	if (r->has_comment) {
		fprintf(out, " comment \"%s\"", T(t, r->comment));
	}
	if (r->raw) {
		/* the text is partial: say why, and what the kernel does at the end of it */
		fprintf(out, "  [raw: %s; verdict ", T(t, r->raw_why));
		text_verdict(t, &r->verdict);
		fputc(']', out);
	}
	fputc('\n', out);
}

/* The rules of chain ci; *next is where the previous chain's ended, as rules are stored chain by chain. */
static size_t chain_rules(const struct nst_fw_ruleset *rs, size_t ci, size_t *next, size_t *first)
{
	const struct nst_fw_chain *c = &rs->chains[ci];
	size_t i = *next, n = 0;

	while (i + n < rs->n_rules && strcmp(rs->rules[i + n].chain, c->name) == 0 &&
	       strcmp(rs->rules[i + n].table, c->table) == 0 && strcmp(rs->rules[i + n].family, c->family) == 0) {
		n++;
	}
	if (!n) {
		n = nst_fw_chain_rules(rs, ci, &i);
	}
	*first = i;
	*next = i + n;
	return n;
}

/*
 *   firewall: 1 table, 2 chains, 3 rules
 *     table ip filter
 *       chain FORWARD  filter hook forward priority 0 policy drop, 2 rules
 *         handle 4: iifname "lab0" counter packets 3 bytes 252 accept
 */
static void text_firewall(struct txt *t, const struct nst_fw_ruleset *rs)
{
	FILE *out = t->out;
	size_t next = 0;

	if (!rs->n_tables && !rs->n_chains && !rs->n_rules) {
		return;
	}
	fprintf(out, "  firewall: %zu table%s, %zu chain%s, %zu rule%s\n", rs->n_tables, rs->n_tables == 1 ? "" : "s",
		rs->n_chains, rs->n_chains == 1 ? "" : "s", rs->n_rules, rs->n_rules == 1 ? "" : "s");
	size_t shown = 0;

	for (size_t ti = 0; ti < rs->n_tables; ti++) {
		const struct nst_fw_table *tb = &rs->tables[ti];

		fprintf(out, "    table %s %s\n", T(t, tb->family), T(t, tb->name));
		for (size_t ci = 0; ci < rs->n_chains; ci++) {
			const struct nst_fw_chain *c = &rs->chains[ci];
			size_t first, n;

			if (strcmp(c->family, tb->family) != 0 || strcmp(c->table, tb->name) != 0) {
				continue;
			}
			n = chain_rules(rs, ci, &next, &first);
			fprintf(out, "      chain %s  ", T(t, c->name));
			if (c->base) {
				fprintf(out, "%s hook %s priority %" PRId32, T(t, c->type), T(t, c->hook), c->priority);
				if (c->device[0]) {
					fprintf(out, " device %s", T(t, c->device));
				}
				if (c->has_policy) {
					fprintf(out, " policy %s", c->policy_accept ? "accept" : "drop");
				}
				fputs(", ", out);
			}
			fprintf(out, "%zu rule%s\n", n, n == 1 ? "" : "s");
			for (size_t i = first; i < first + n; i++) {
				text_rule(t, &rs->rules[i]);
			}
			shown += n;
		}
	}
	if (shown < rs->n_rules) {
		/* never from one generation's dumps; said rather than dropped if a reading ever has it */
		fprintf(out, "    ! %zu rule%s of chains not listed\n", rs->n_rules - shown, rs->n_rules - shown == 1 ? "" : "s");
	}
}

static void text_ns(struct txt *t, const struct nst_model *m, const struct nst_ns *ns)
{
	FILE *out = t->out;

	text_ns_header(t, ns);
	text_containers(t, m, ns);
	for (size_t i = 0; i < ns->warnings.n; i++) {
		fprintf(out, "  ! %s\n", T(t, ns->warnings.v[i]));
	}
	for (size_t i = 0; i < ns->diag.n; i++) {
		fprintf(out, "  ! %s\n", T(t, ns->diag.v[i]));
	}
	for (size_t i = 0; i < ns->n_links; i++) {
		const struct nst_link *l = &ns->links[i];

		/* Ports are printed under their master. */
		if (l->master.ifindex && nst_ns_find_link(ns, l->master.ifindex)) {
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
				fprintf(out, "  -> %s:%s", T(t, nst_nat_target_display(m, r)), T(t, r->target_link));
			}
			fputc('\n', out);
		}
	}
	text_firewall(t, &ns->fw);
	if (ns->n_routes) {
		size_t local = 0, ll = 0;
		fputs("  routes:\n", out);
		for (size_t i = 0; i < ns->n_routes; i++) {
			/* the local table is the kernel's echo of every address, fe80::/64 its route on
			 * every IPv6 link: noise here, whole in --json */
			if (nst_route_folded(&ns->routes[i])) {
				*(ns->routes[i].table == NST_RT_TABLE_LOCAL ? &local : &ll) += 1;
				continue;
			}
			text_route(t, ns, &ns->routes[i]);
		}
		if (local || ll) {
			char a[64] = "", b[64] = "";
			if (local) {
				snprintf(a, sizeof(a), "%zu route%s of table local", local, local == 1 ? "" : "s");
			}
			if (ll) {
				snprintf(b, sizeof(b), "%zu fe80::/64 kernel route%s", ll, ll == 1 ? "" : "s");
			}
			fprintf(out, "    (%s%s%s, in --json)\n", a, local && ll ? " and " : "", b);
		}
	}
	if (ns->n_nhobjs) {
		char line[512];
		fputs("  nexthops:\n", out);
		for (size_t i = 0; i < ns->n_nhobjs; i++) {
			fprintf(out, "    %s\n", T(t, nst_nhobj_text(ns, &ns->nhobjs[i], line, sizeof(line))));
		}
	}
	if (ns->n_rules) {
		char line[512];
		fputs("  rules:\n", out);
		for (size_t i = 0; i < ns->n_rules; i++) {
			fprintf(out, "    %s %s\n", nst_family_str(ns->rules[i].family),
				T(t, nst_rule_text(&ns->rules[i], line, sizeof(line))));
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
