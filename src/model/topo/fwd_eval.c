/* SPDX-License-Identifier: MIT */
/*
 * The forward evaluator (fwd_eval.h). A chain's outcome for the one packet
 * is a set: accept, drop, return (fell off its end), unknown (a verdict
 * nstop cannot follow). A rule that surely matches gives its verdict's set;
 * one that may match gives that and the rest of the chain's; one that
 * cannot match gives the rest's. Computed from the end of a chain back, and
 * once per chain (the packet is fixed), so a diamond of jumps costs as much
 * as its chains.
 */
#include "fwd_eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw_order.h"
#include "nat_paths.h"
#include "quote.h"
#include "xalloc.h"

enum { O_ACCEPT = 1, O_DROP = 2, O_RETURN = 4, O_UNKNOWN = 8, O_BUSY = 0x40, O_DONE = 0x80 };
enum tri { T_NO, T_MAYBE, T_YES };

struct ev {
	const struct nst_fw_ruleset *rs;
	const char *iif, *oif;
	size_t *first, *count;
	long *target;  /* per rule: its jump's or goto's chain, -1 */
	uint8_t *memo; /* per chain: O_DONE | outcome, or O_BUSY while it is evaluated */
	size_t depth;
};

/* An interface name field against name: "" any, "x" equal, "x*" prefix (iptables' x+), "!= ..." not. */
static enum tri match_name(const char *field, const char *name)
{
	bool neg = strncmp(field, "!= ", 3) == 0;
	const char *v = neg ? field + 3 : field;
	size_t n = strlen(v);

	if (!field[0]) {
		return T_YES;
	}
	if (!n || strpbrk(v, "{}@\" <>=\\")) {
		return T_MAYBE; /* a set, a map, another operator, a literal '*' ("lab\\*"): not decided here */
	}
	bool eq = v[n - 1] == '*' ? strncmp(v, name, n - 1) == 0 : strcmp(v, name) == 0;
	return eq != neg ? T_YES : T_NO;
}

/* ct state of a new connection against "new", "established,related", "!= invalid". */
static enum tri match_ct_new(const char *field)
{
	bool neg = strncmp(field, "!= ", 3) == 0;
	const char *v = neg ? field + 3 : field;
	bool in = false;

	if (!field[0]) {
		return T_YES;
	}
	if (strpbrk(v, "{}@\" <>=")) {
		return T_MAYBE;
	}
	for (const char *p = v; *p;) {
		size_t n = strcspn(p, ",");
		in |= n == 3 && strncmp(p, "new", 3) == 0;
		p += n + (p[n] == ',');
	}
	return in != neg ? T_YES : T_NO;
}

static enum tri and3(enum tri a, enum tri b)
{
	return a < b ? a : b;
}

static enum tri rule_match(const struct ev *e, const struct nst_fw_rule *r)
{
	const struct nst_nat_match *m = &r->match;
	enum tri t = and3(match_name(m->iif, e->iif), match_name(m->oif, e->oif));

	t = and3(t, match_ct_new(m->ct_state));
	/* a condition on what the packet holds: nstop evaluates names and state only */
	if (m->other || r->raw || r->cond_cut || m->proto[0] || m->saddr[0] || m->daddr[0] || m->sport[0] ||
	    m->dport[0]) {
		t = and3(t, T_MAYBE);
	}
	return t;
}

static unsigned chain_outcome(struct ev *e, long ci);

/* What a rule does to a packet it matches; rest: what the chain does after it. */
static unsigned verdict_outcome(struct ev *e, const struct nst_fw_rule *r, unsigned rest)
{
	const char *xt = r->verdict.target;
	unsigned t;

	switch (r->verdict.kind) {
	case NST_FV_NONE:
	case NST_FV_CONTINUE:
		return rest;
	case NST_FV_ACCEPT:
		return O_ACCEPT;
	case NST_FV_DROP:
	case NST_FV_REJECT:
		return O_DROP;
	case NST_FV_RETURN:
		return O_RETURN;
	case NST_FV_JUMP:
		t = chain_outcome(e, e->target[r - e->rs->rules]);
		return (t & ~(unsigned)O_RETURN) | (t & O_RETURN ? rest : 0);
	case NST_FV_GOTO:
		return chain_outcome(e, e->target[r - e->rs->rules]); /* its return is this chain's */
	case NST_FV_XT:
		if (strcmp(xt, "REJECT") == 0 || strcmp(xt, "DROP") == 0) {
			return O_DROP;
		}
		return nst_fw_xt_continues(xt) ? rest : O_UNKNOWN;
	default:
		return O_UNKNOWN; /* queue, nat, a verdict code nstop has no name for */
	}
}

static unsigned chain_outcome(struct ev *e, long ci)
{
	if (ci < 0 || e->depth >= NST_FW_JUMP_DEPTH || (e->memo[ci] & O_BUSY)) {
		return O_UNKNOWN; /* no such chain, too deep, a loop: the kernel refuses them all */
	}
	if (e->memo[ci] & O_DONE) {
		return e->memo[ci] & ~(unsigned)O_DONE;
	}
	e->memo[ci] = O_BUSY;
	e->depth++;
	unsigned rest = O_RETURN;
	for (size_t k = e->count[ci]; k-- > 0;) {
		const struct nst_fw_rule *r = &e->rs->rules[e->first[ci] + k];
		enum tri m = rule_match(e, r);

		if (m == T_YES) {
			rest = verdict_outcome(e, r, rest);
		} else if (m == T_MAYBE) {
			rest |= verdict_outcome(e, r, rest);
		}
	}
	e->depth--;
	e->memo[ci] = (uint8_t)(O_DONE | rest);
	return rest;
}

/* The first rule of the base chain that surely matches and whose outcome is a sure drop. */
static uint64_t dropping_rule(struct ev *e, size_t ci)
{
	for (size_t k = 0; k < e->count[ci]; k++) {
		const struct nst_fw_rule *r = &e->rs->rules[e->first[ci] + k];
		if (rule_match(e, r) == T_YES && verdict_outcome(e, r, O_RETURN) == O_DROP) {
			return r->handle;
		}
	}
	return 0;
}

void nst_fwd_eval(const struct nst_fw_ruleset *rs, const char *iif, const char *oif, struct nst_fwd_drop *out)
{
	struct ev e = { .rs = rs, .iif = iif, .oif = oif };
	struct nst_fw_order order;

	memset(out, 0, sizeof(*out));
	if (!rs->n_chains) {
		return;
	}
	e.first = xcalloc(rs->n_chains, sizeof(*e.first));
	e.count = xcalloc(rs->n_chains, sizeof(*e.count));
	e.memo = xcalloc(rs->n_chains, 1);
	e.target = xcalloc(rs->n_rules + 1, sizeof(*e.target));
	nst_fw_chain_spans(rs, e.first, e.count);
	nst_fw_jump_targets(rs, e.target);
	nst_fw_order_build(rs, &order);
	for (size_t h = 0; h < order.n; h++) {
		const struct nst_fw_hook *hk = &order.hooks[h];
		if (strcmp(hk->family_class, "inet") != 0 || strcmp(hk->hook, "forward") != 0) {
			continue;
		}
		/* an accept ends one base chain; the next by priority still sees the packet */
		for (size_t k = 0; k < hk->n; k++) {
			const struct nst_fw_chain *c = &rs->chains[hk->chains[k]];
			if (strcmp(c->family, "ip6") == 0) {
				continue;
			}
			unsigned o = chain_outcome(&e, (long)hk->chains[k]);
			bool policy_drop = c->has_policy && !c->policy_accept;
			if (o & O_RETURN) {
				o = (o & ~(unsigned)O_RETURN) | (policy_drop ? O_DROP : O_ACCEPT);
			}
			if (o & O_UNKNOWN) {
				break; /* nstop cannot tell: no claim */
			}
			if (o == O_DROP) {
				out->dropped = true;
				out->chain = c;
				out->by_policy = policy_drop && (chain_outcome(&e, (long)hk->chains[k]) & O_RETURN);
				out->rule_handle = out->by_policy ? 0 : dropping_rule(&e, hk->chains[k]);
				break;
			}
		}
	}
	nst_fw_order_free(&order);
	free(e.first);
	free(e.count);
	free(e.target);
	free(e.memo);
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
