/* SPDX-License-Identifier: MIT */
/*
 * `--export-script`: `ip rule` of both families with every selector nstop
 * decodes. The kernel's own rules (0 local, 32766 main, 32767 default) exist
 * in a new namespace already; one of them missing is deleted instead.
 */
#include <stdio.h>
#include <string.h>

#include "route_text.h"
#include "script_internal.h"

#define FR_ACT_TABLE 1
#define FR_ACT_GOTO 2

static bool no_selector(const struct nst_rule *r)
{
	return !r->has_src && !r->has_dst && !r->iif[0] && !r->oif[0] && !r->has_fwmark && !r->tos &&
	       !r->has_uidrange && !r->ipproto && !r->has_sport && !r->has_dport && !r->l3mdev && !r->invert;
}

/* The rules a namespace starts with: priority and table, per family. */
static const struct {
	int family;
	uint32_t priority, table;
} kernels[] = {
	{ AF_INET, 0, 255 },  { AF_INET, 32766, 254 },  { AF_INET, 32767, 253 },
	{ AF_INET6, 0, 255 }, { AF_INET6, 32766, 254 },
};

static bool is_kernels(const struct nst_rule *r, size_t k)
{
	return r->family == kernels[k].family && r->priority == kernels[k].priority && r->action == FR_ACT_TABLE &&
	       r->table == kernels[k].table && no_selector(r) && !r->undecoded;
}

static bool rule_default(const struct nst_rule *r)
{
	return nst_rule_is_kernel_default(r);
}

static void range_arg(const char *what, uint16_t lo, uint16_t hi, FILE *out)
{
	if (lo == hi) {
		fprintf(out, " %s %u", what, lo);
	} else {
		fprintf(out, " %s %u-%u", what, lo, hi);
	}
}

/* Why r cannot be written; NULL when it can. */
static const char *rule_why(const struct nst_rule *r)
{
	if (r->undecoded) {
		return "nstop did not decode all of it";
	}
	if (r->action != FR_ACT_TABLE && r->action != FR_ACT_GOTO && r->action != 3 && r->action != 6 &&
	    r->action != 7 && r->action != 8) {
		return "an action iproute2 has no word for";
	}
	return NULL;
}

static void rule_add(const struct script *s, const struct nst_ns *ns, const struct nst_rule *r)
{
	char buf[NST_ADDR_STRLEN];
	FILE *out = s->out;

	nst_script_ip(ns, r->family == AF_INET6, out);
	fprintf(out, "rule add priority %u", r->priority);
	if (r->invert) {
		fputs(" not", out);
	}
	if (r->has_src) {
		fprintf(out, " from %s", nst_addr_format(&r->src, true, buf, sizeof(buf)));
	}
	if (r->has_dst) {
		fprintf(out, " to %s", nst_addr_format(&r->dst, true, buf, sizeof(buf)));
	}
	if (r->tos) {
		fprintf(out, " tos 0x%02x", r->tos);
	}
	if (r->has_fwmark) {
		fprintf(out, " fwmark 0x%x/0x%x", r->fwmark, r->fwmask);
	}
	if (r->iif[0]) {
		fputs(" iif ", out);
		nst_script_word(r->iif, out);
	}
	if (r->oif[0]) {
		fputs(" oif ", out);
		nst_script_word(r->oif, out);
	}
	if (r->has_uidrange) {
		fprintf(out, " uidrange %u-%u", r->uid_start, r->uid_end);
	}
	if (r->ipproto) {
		fprintf(out, " ipproto %u", r->ipproto);
	}
	if (r->has_sport) {
		range_arg("sport", r->sport_lo, r->sport_hi, out);
	}
	if (r->has_dport) {
		range_arg("dport", r->dport_lo, r->dport_hi, out);
	}
	if (r->l3mdev) {
		fputs(" l3mdev", out);
	} else if (r->action == FR_ACT_TABLE) {
		fprintf(out, " table %u", r->table);
	} else if (r->action == FR_ACT_GOTO) {
		fprintf(out, " goto %u", r->goto_target);
	} else {
		fprintf(out, " %s", nst_rule_action_str(r->action));
	}
	fputc('\n', out);
}

/* Rules the kernel made that are gone: deleted, so the new namespace lacks them too. */
static void kernels_gone(const struct script *s, const struct nst_ns *ns)
{
	for (size_t k = 0; k < sizeof(kernels) / sizeof(kernels[0]); k++) {
		bool family_read = false, found = false;

		for (size_t i = 0; i < ns->n_rules; i++) {
			family_read = family_read || ns->rules[i].family == kernels[k].family;
			found = found || is_kernels(&ns->rules[i], k);
		}
		/* no rule of the family at all: nstop read none (an IPv6-less namespace has none) */
		if (!family_read || found) {
			continue;
		}
		nst_script_ip(ns, kernels[k].family == AF_INET6, s->out);
		fprintf(s->out, "rule del priority %u table %u\n", kernels[k].priority, kernels[k].table);
	}
}

void nst_script_rules(const struct script *s)
{
	const struct nst_model *m = s->m;
	FILE *out = s->out;
	char buf[256];

	fputs("\n# policy rules (ip rule) in priority order, but the kernel's own (0 local, 32766 main, 32767 "
	      "default)\n",
	      out);
	for (size_t i = 0; i < m->n_ns; i++) {
		const struct nst_ns *ns = &m->ns[i];

		if (!selected(s, ns) || !recreatable(ns)) {
			continue;
		}
		kernels_gone(s, ns);
		for (int fam = 0; fam < 2; fam++) {
			/* the kernel lists them by priority already; a stable pass keeps equal ones in order */
			for (size_t k = 0; k < ns->n_rules; k++) {
				const struct nst_rule *r = &ns->rules[k];
				const char *why = rule_why(r);

				if (r->family != (fam ? AF_INET6 : AF_INET) || rule_default(r)) {
					continue;
				}
				if (why) {
					nst_script_skip(ns, NULL, out);
					fprintf(out, "%s rule ", nst_family_str(r->family));
					nst_rule_text(r, buf, sizeof(buf));
					/* `ip rule`'s tab after the priority would read \t in a comment */
					for (char *tab = strchr(buf, '\t'); tab; tab = strchr(tab, '\t')) {
						*tab = ' ';
					}
					nst_script_comment(buf, out);
					fprintf(out, ": %s\n", why);
					continue;
				}
				rule_add(s, ns, r);
			}
		}
	}
}
