/* SPDX-License-Identifier: MIT */
/*
 * The forward evaluator (fwd_eval.h): the forward hook of pkt_eval.h for a
 * packet of which only the interfaces are known (its addresses and ports
 * may be anything), so a condition on them "may match".
 */
#include "fwd_eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fw_order.h"
#include "pkt_eval.h"
#include "quote.h"
#include "xalloc.h"

void nst_fwd_eval(const struct nst_fw_ruleset *rs, const char *iif, const char *oif, struct nst_fwd_drop *out)
{
	struct nst_pkt p = { .family = AF_INET, .known = NST_PKT_K_CT }; /* a new connection, from anywhere to anywhere */
	struct nst_pkt_hook h;

	memset(out, 0, sizeof(*out));
	snprintf(p.iif, sizeof(p.iif), "%s", iif);
	snprintf(p.oif, sizeof(p.oif), "%s", oif);
	nst_pkt_eval_hook(rs, NULL, 0, "forward", &p, &h);
	if (h.n && (h.verdict == NST_PV_DROP || h.verdict == NST_PV_REJECT)) {
		const struct nst_pkt_verdict *v = &h.v[h.n - 1];
		out->dropped = true;
		out->chain = &rs->chains[v->base];
		out->by_policy = v->rule < 0;
		out->rule_handle = !out->by_policy && v->base_rule >= 0 ? rs->rules[v->base_rule].handle : 0;
	}
	nst_pkt_hook_free(&h);
}

static size_t ports_of(const struct nst_ns *ns, const struct nst_link *bridge)
{
	size_t n = 0;

	for (size_t i = 0; i < ns->n_links; i++) {
		n += ns->links[i].master.ifindex == bridge->ifindex;
	}
	return n;
}

bool nst_bridge_fwd_dropped(const struct nst_ns *ns, const struct nst_link *l, struct nst_fwd_drop *out)
{
	struct nst_fwd_drop d;

	if (!out) {
		out = &d;
	}
	memset(out, 0, sizeof(*out));
	if (ns->br_nf_iptables != 1 || !nst_link_is(l, NST_KIND_BRIDGE) || ports_of(ns, l) < 2) {
		return false;
	}
	nst_fwd_eval(&ns->fw, l->name, l->name, out);
	return out->dropped;
}

/* The ACCEPT rule that lets the bridge's traffic through, as a command; false when it cannot be written. */
static bool fix_command(const struct nst_ns *ns, const struct nst_link *l, const struct nst_fw_chain *c,
			struct nst_buf *b)
{
	bool ipt = strcmp(c->family, "ip") == 0 && strcmp(c->table, "filter") == 0;

	if (ipt) {
		bool user = nst_fw_chain_find(&ns->fw, "ip", "filter", "DOCKER-USER") >= 0;
		nst_buf_printf(b, "iptables -I %s -i ", user ? "DOCKER-USER" : "FORWARD");
		if (!user && strcmp(c->name, "FORWARD") != 0) {
			nst_buf_clear(b);
			nst_buf_puts(b, "iptables -I ");
			nst_sh_word(b, c->name);
			nst_buf_puts(b, " -i ");
		}
		nst_sh_word(b, l->name);
		nst_buf_puts(b, " -o ");
		nst_sh_word(b, l->name);
		nst_buf_puts(b, " -j ACCEPT");
		return true;
	}
	/* an nft chain: the rule first in it, as one shell word for nft */
	struct nst_buf rule = { 0 };
	bool ok = true;
	nst_buf_printf(&rule, "insert rule %s ", c->family);
	ok = nst_nft_name(&rule, c->table);
	nst_buf_putc(&rule, ' ');
	ok = ok && nst_nft_name(&rule, c->name);
	nst_buf_puts(&rule, " iifname ");
	ok = ok && nst_nft_string(&rule, l->name);
	nst_buf_puts(&rule, " oifname ");
	ok = ok && nst_nft_string(&rule, l->name);
	nst_buf_puts(&rule, " accept");
	if (ok) {
		nst_buf_puts(b, "nft ");
		nst_sh_word(b, nst_buf_str(&rule));
	}
	nst_buf_free(&rule);
	return ok;
}

void nst_bridge_fwd_warning(const struct nst_ns *ns, const struct nst_link *l, const struct nst_fwd_drop *d,
			    struct nst_strv *out)
{
	struct nst_buf fix = { 0 };
	char why[48];

	if (d->by_policy) {
		snprintf(why, sizeof(why), "policy drop");
	} else if (d->rule_handle) {
		snprintf(why, sizeof(why), "rule handle %llu", (unsigned long long)d->rule_handle);
	} else {
		snprintf(why, sizeof(why), "its rules"); /* several together, or through jumps: no one rule */
	}
	bool have_fix = fix_command(ns, l, d->chain, &fix);
	/* a warning of the bridge's own: shown next to it, and "lab0: ..." in --json */
	nst_strv_addf(out, "traffic between its ports is dropped by %s %s %s (%s; bridge-nf-call-iptables = 1): "
		      "%s%ssysctl net.bridge.bridge-nf-call-iptables=0", d->chain->family, d->chain->table,
		      d->chain->name, why, have_fix ? nst_buf_str(&fix) : "", have_fix ? ", or " : "");
	nst_buf_free(&fix);
}
