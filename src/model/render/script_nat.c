/* SPDX-License-Identifier: MIT */
/*
 * `--export-script`: nstop's own NAT rules (table ip nstop) through the ops
 * that write them, ip_forward, and comments naming every other NAT table.
 */
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "quote.h"
#include "script_internal.h"
#include "xalloc.h"

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
		nst_script_skip(ns, NULL, s->out);
		fprintf(s->out, "NAT rule ip %s ", NST_NAT_TABLE);
		nst_script_comment(r->chain, s->out);
		fprintf(s->out, " handle %llu, ", (unsigned long long)r->handle);
		nst_script_comment(r->summary, s->out);
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
	nst_script_skip(ns, NULL, s->out);
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
		nst_script_comment(r->family, s->out);
		fputc(' ', s->out);
		nst_script_comment(r->table, s->out);
		fprintf(s->out, " (%zu)", count);
	}
	fputs("; not recreated\n", s->out);
}

void nst_script_nat(const struct script *s)
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
				nst_script_skip(ns, NULL, out);
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
			nst_script_skip(ns, NULL, out);
			fputs("net.ipv4.ip_forward, which nstop could not read; not set\n", out);
		}
		for (size_t k = 0; k < ns->n_nat; k++) {
			if (nat_own(&ns->nat[k])) {
				nat_rule(s, ns, &ns->nat[k], &done);
			}
		}
		nat_others(s, ns);
		if (ns->iptables_legacy) {
			nst_script_skip(ns, NULL, out);
			fputs("iptables-legacy tables, invisible to nf_tables: nstop cannot read them\n", out);
		}
		nst_strv_clear(&done);
	}
}
