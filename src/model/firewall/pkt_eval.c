/* SPDX-License-Identifier: MIT */
/*
 * The packet evaluator (pkt_eval.h). Each base chain is walked twice: once
 * as the set of outcomes every way through could give (a rule that may
 * match adds its verdict's to the rest's; computed from the end of a chain
 * back, once per chain), and once along the way where what may match does
 * not, which names the deciding rule. The walk's verdict stands only when the
 * set holds nothing else.
 */
#include "pkt_eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fw_order.h"
#include "nat_paths.h"
#include "pkt_internal.h"
#include "xalloc.h"

enum { O_ACCEPT = 1, O_DROP = 2, O_RETURN = 4, O_UNKNOWN = 8, O_NAT = 16, O_BUSY = 0x40, O_DONE = 0x80 };

struct ev {
	const struct nst_fw_ruleset *rs;
	const struct nst_pkt *p;
	size_t *first, *count;
	long *target;  /* per rule: its jump's or goto's chain, -1 */
	uint8_t *memo; /* per chain: O_DONE | outcome, or O_BUSY while it is evaluated */
	size_t depth;
	char why[200];
};

const char *nst_pv_str(enum nst_pv v)
{
	static const char *const s[] = { "accept", "drop", "reject", "unknown" };
	return v <= NST_PV_UNKNOWN ? s[v] : "unknown";
}

static bool xt_nat(const char *t)
{
	return strcmp(t, "DNAT") == 0 || strcmp(t, "SNAT") == 0 || strcmp(t, "MASQUERADE") == 0 ||
	       strcmp(t, "REDIRECT") == 0;
}

static unsigned chain_outcome(struct ev *e, long ci);

/*
 * A rule that goes on to the next may still have changed the packet the next
 * ones match, or its conntrack: a payload rewrite, notrack, a zone, or
 * statements nstop did not decode. Marks, counters and logs change nothing
 * this evaluator reads.
 */
static bool changes_packet(const struct nst_fw_rule *r)
{
	size_t n = strlen(r->cond);
	const char *st = strncmp(r->text, r->cond, n) == 0 ? r->text + n : r->text;

	if (!nst_pkt_text_whole(r)) {
		return true;
	}
	if (r->verdict.kind == NST_FV_XT) {
		/* conntrack's own targets: a zone, a helper, no tracking change the state and NAT later hooks see */
		return strcmp(r->verdict.target, "CT") == 0 || strcmp(r->verdict.target, "NOTRACK") == 0;
	}
	return strstr(st, "addr set ") || strstr(st, "port set ") || strstr(st, "protocol set ") ||
	       strstr(st, "nexthdr set ") || strstr(st, "@nh,") || strstr(st, "@th,") || strstr(st, "notrack") ||
	       strstr(st, "ct zone set") || strstr(st, "ct helper set");
}

/* What a rule does to a packet it matches; rest: what the chain does after it. */
static unsigned verdict_outcome(struct ev *e, const struct nst_fw_rule *r, unsigned rest)
{
	const char *xt = r->verdict.target;
	unsigned t;

	switch (r->verdict.kind) {
	case NST_FV_NONE:
	case NST_FV_CONTINUE:
		return changes_packet(r) ? O_UNKNOWN : rest;
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
	case NST_FV_DNAT:
	case NST_FV_SNAT:
	case NST_FV_MASQUERADE:
	case NST_FV_REDIRECT:
		return O_NAT;
	case NST_FV_XT:
		if (strcmp(xt, "REJECT") == 0 || strcmp(xt, "DROP") == 0) {
			return O_DROP;
		}
		if (xt_nat(xt)) {
			return O_NAT;
		}
		return nst_fw_xt_continues(xt) && !changes_packet(r) ? rest : O_UNKNOWN;
	default:
		return O_UNKNOWN; /* queue, a verdict map, a verdict code nstop has no name for */
	}
}

static unsigned chain_outcome(struct ev *e, long ci)
{
	char why[200];

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
		enum nst_tri m = nst_pkt_rule_match(e->rs, r, e->p, why, sizeof(why));

		if (m == NST_T_YES) {
			rest = verdict_outcome(e, r, rest);
		} else if (m == NST_T_MAYBE) {
			rest |= verdict_outcome(e, r, rest);
		}
	}
	e->depth--;
	e->memo[ci] = (uint8_t)(O_DONE | rest);
	return rest;
}

/* The walk along the way where "may match" does not. */
struct way {
	long rule, chain, base_rule;
	bool reject;
	long maybe;           /* the first rule that may match and would change something, -1 */
	char maybe_why[200];
	bool maybe_nat;       /* ... and it is a NAT rule */
	char why[200];        /* O_UNKNOWN: why */
};

static unsigned walk(struct ev *e, long ci, size_t depth, struct way *w)
{
	char why[200];

	if (ci < 0 || depth >= NST_FW_JUMP_DEPTH) {
		snprintf(w->why, sizeof(w->why), ci < 0 ? "a jump to a chain nstop has not read" : "jumps deeper than the kernel allows");
		return O_UNKNOWN;
	}
	for (size_t k = 0; k < e->count[ci]; k++) {
		size_t ri = e->first[ci] + k;
		const struct nst_fw_rule *r = &e->rs->rules[ri];
		enum nst_tri m = nst_pkt_rule_match(e->rs, r, e->p, why, sizeof(why));
		unsigned effect = verdict_outcome(e, r, 0);

		if (m == NST_T_NO || (m == NST_T_MAYBE && effect == 0)) {
			continue;
		}
		if (m == NST_T_MAYBE) {
			if (w->maybe < 0) {
				w->maybe = (long)ri;
				snprintf(w->maybe_why, sizeof(w->maybe_why), "%s", why);
			}
			w->maybe_nat |= effect == O_NAT;
			continue;
		}
		if (depth == 0) {
			w->base_rule = (long)ri;
		}
		w->rule = (long)ri;
		w->chain = ci;
		switch (r->verdict.kind) {
		case NST_FV_NONE:
		case NST_FV_CONTINUE:
			if (changes_packet(r)) {
				snprintf(w->why, sizeof(w->why), "it may rewrite the packet the rules after it see%s%.63s%s",
					 r->raw ? " (" : "", r->raw ? r->raw_why : "", r->raw ? ")" : "");
				return O_UNKNOWN;
			}
			continue;
		case NST_FV_JUMP: {
			unsigned o = walk(e, e->target[ri], depth + 1, w);
			if (o == O_RETURN) {
				w->rule = -1;
				continue;
			}
			return o;
		}
		case NST_FV_GOTO:
			return walk(e, e->target[ri], depth + 1, w);
		case NST_FV_RETURN:
			w->rule = -1;
			return O_RETURN;
		default:
			break;
		}
		unsigned o = verdict_outcome(e, r, O_RETURN);
		if (o == O_RETURN) {
			continue; /* an xt target that goes on (LOG, MARK) */
		}
		w->reject = r->verdict.kind == NST_FV_REJECT || (r->verdict.kind == NST_FV_XT && strcmp(r->verdict.target, "REJECT") == 0);
		if (o == O_UNKNOWN) {
			snprintf(w->why, sizeof(w->why), "its verdict (%s%s%.40s) is not followed", nst_fw_verdict_kind_str(r->verdict.kind),
				 r->verdict.target[0] ? " " : "", r->verdict.target);
		}
		return o;
	}
	w->rule = -1;
	w->chain = ci;
	return O_RETURN;
}

static const struct nst_nat_rule *nat_record(const struct nst_nat_rule *nat, size_t n, const struct nst_fw_rule *r)
{
	for (size_t i = 0; i < n; i++) {
		if (nat[i].handle == r->handle && strcmp(nat[i].family, r->family) == 0 &&
		    strcmp(nat[i].table, r->table) == 0 && strcmp(nat[i].chain, r->chain) == 0) {
			return &nat[i];
		}
	}
	return NULL;
}

/* "a", "a-a" (one address), "[a]" for IPv6; false for a range the kernel picks from. */
static bool one_addr(int family, const char *s, uint8_t *out)
{
	char a[2 * NST_ADDR_TEXT + 4];
	size_t n = strlen(s);

	if (n >= sizeof(a)) {
		return false;
	}
	snprintf(a, sizeof(a), "%s", s[0] == '[' ? s + 1 : s);
	char *rb = strchr(a, ']');
	if (rb) {
		*rb = '\0';
	}
	char *dash = strchr(a, '-');
	if (dash) {
		uint8_t hi[16];
		*dash = '\0';
		return nst_pkt_parse_addr(family, a, out) && nst_pkt_parse_addr(family, dash + 1, hi) &&
		       memcmp(out, hi, family == AF_INET ? 4 : 16) == 0;
	}
	return nst_pkt_parse_addr(family, a, out);
}

static bool one_port(const char *s, uint16_t *out)
{
	char *end;
	unsigned long lo = strtoul(s, &end, 10), hi = lo;

	if (end == s) {
		return false;
	}
	if (*end == '-') {
		hi = strtoul(end + 1, &end, 10);
	}
	if (*end || lo == 0 || lo > 65535 || hi != lo) {
		return false;
	}
	*out = (uint16_t)lo;
	return true;
}

/* Apply rule r's NAT to p; false (why) when nstop cannot say what it writes. */
static bool apply_nat(const struct nst_nat_rule *nat, size_t n_nat, const struct nst_fw_rule *r, const char *hook,
		      struct nst_pkt *p, struct nst_pkt_verdict *v)
{
	const struct nst_nat_rule *rec = nat_record(nat, n_nat, r);
	size_t alen = p->family == AF_INET ? 4 : 16;

	if (!rec) {
		snprintf(v->why, sizeof(v->why), "its NAT target was not decoded");
		return false;
	}
	v->nat = true;
	v->nat_type = rec->type;
	if (rec->to_port[0]) {
		if (!one_port(rec->to_port, &v->nat_to_port) || (p->l4 != 6 && p->l4 != 17)) {
			snprintf(v->why, sizeof(v->why), "port %.24s: the kernel picks one of a range, or the packet has no ports", rec->to_port);
			return false;
		}
		v->nat_port = true;
	}
	switch (rec->type) {
	case NST_NAT_DNAT:
	case NST_NAT_SNAT:
		if (rec->to_addr[0]) {
			if (!one_addr(p->family, rec->to_addr, v->nat_to)) {
				snprintf(v->why, sizeof(v->why), "address %.60s: a range or a map the kernel picks from", rec->to_addr);
				return false;
			}
			v->nat_addr = true;
		}
		break;
	case NST_NAT_MASQ:
		if (!p->has_oif_addr) {
			snprintf(v->why, sizeof(v->why), "masquerade: the out device has no address of the family");
			return false;
		}
		memcpy(v->nat_to, p->oif_addr, alen);
		v->nat_addr = true;
		break;
	case NST_NAT_REDIRECT:
		if (strcmp(hook, "output") == 0) {
			memset(v->nat_to, 0, 16);
			if (p->family == AF_INET) {
				v->nat_to[0] = 127, v->nat_to[3] = 1;
			} else {
				v->nat_to[15] = 1;
			}
		} else if (p->has_iif_addr) {
			memcpy(v->nat_to, p->iif_addr, alen);
		} else {
			snprintf(v->why, sizeof(v->why), "redirect: the in device has no address of the family");
			return false;
		}
		v->nat_addr = true;
		break;
	default:
		snprintf(v->why, sizeof(v->why), "a NAT statement nstop does not follow");
		return false;
	}
	bool dst = rec->type == NST_NAT_DNAT || rec->type == NST_NAT_REDIRECT;
	if (v->nat_addr) {
		memcpy(dst ? p->daddr : p->saddr, v->nat_to, alen);
		if (dst) {
			p->known &= ~(unsigned)NST_PKT_K_LOCAL; /* whether the new one is local: not known here */
		}
	}
	if (v->nat_port) {
		*(dst ? &p->dport : &p->sport) = v->nat_to_port;
	}
	return true;
}

static unsigned one_bit(unsigned s)
{
	return s && !(s & (s - 1));
}

/* One base chain: its verdict into *v; the packet rewritten by a NAT rule. */
static void eval_base(struct ev *e, size_t ci, const struct nst_nat_rule *nat, size_t n_nat, const char *hook,
		      struct nst_pkt *p, struct nst_pkt_verdict *v)
{
	const struct nst_fw_chain *c = &e->rs->chains[ci];
	unsigned policy = c->has_policy && !c->policy_accept ? O_DROP : O_ACCEPT;
	struct way w = { .rule = -1, .chain = (long)ci, .base_rule = -1, .maybe = -1 };

	memset(v, 0, sizeof(*v));
	v->base = ci;
	memset(e->memo, 0, e->rs->n_chains);
	e->p = p;
	unsigned all = chain_outcome(e, (long)ci);
	if (all & O_RETURN) {
		all = (all & ~(unsigned)O_RETURN) | policy;
	}
	unsigned o = walk(e, (long)ci, 0, &w);
	if (o == O_RETURN) {
		o = policy;
		w.rule = -1;
		w.chain = (long)ci;
	}
	v->chain = w.chain;
	v->rule = w.rule;
	v->base_rule = w.base_rule;
	v->maybe_rule = -1;
	if (o == O_UNKNOWN) {
		v->verdict = NST_PV_UNKNOWN;
		snprintf(v->why, sizeof(v->why), "%s", w.why);
		return;
	}
	if (!one_bit(all) || (all & O_UNKNOWN) || (o == O_NAT && w.maybe_nat)) {
		v->verdict = NST_PV_UNKNOWN;
		if (w.maybe >= 0) {
			v->rule = w.maybe;
			v->chain = nst_fw_chain_find(e->rs, e->rs->rules[w.maybe].family, e->rs->rules[w.maybe].table,
						     e->rs->rules[w.maybe].chain);
			snprintf(v->why, sizeof(v->why), "%s", w.maybe_why);
		} else {
			snprintf(v->why, sizeof(v->why), "the ways through it end differently");
		}
		return;
	}
	if (o == O_NAT) {
		if (!apply_nat(nat, n_nat, &e->rs->rules[w.rule], hook, p, v)) {
			v->verdict = NST_PV_UNKNOWN;
			return;
		}
		v->verdict = NST_PV_ACCEPT;
		return;
	}
	v->verdict = o == O_ACCEPT ? NST_PV_ACCEPT : w.reject ? NST_PV_REJECT : NST_PV_DROP;
	/* every way gives this verdict, but an earlier rule that may match would give it itself */
	v->maybe_rule = w.maybe;
}

void nst_pkt_eval_hook(const struct nst_fw_ruleset *rs, const struct nst_nat_rule *nat, size_t n_nat,
		       const char *hook, struct nst_pkt *p, struct nst_pkt_hook *out)
{
	struct ev e = { .rs = rs, .p = p };
	struct nst_fw_order order;
	const char *other = p->family == AF_INET ? "ip6" : "ip";
	bool nat_done = false;

	memset(out, 0, sizeof(*out));
	out->verdict = NST_PV_ACCEPT;
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
	for (size_t h = 0; h < order.n && out->verdict == NST_PV_ACCEPT; h++) {
		const struct nst_fw_hook *hk = &order.hooks[h];
		if (strcmp(hk->family_class, "inet") != 0 || strcmp(hk->hook, hook) != 0) {
			continue;
		}
		/* an accept ends one base chain; the next by priority still sees the packet */
		for (size_t k = 0; k < hk->n && out->verdict == NST_PV_ACCEPT; k++) {
			const struct nst_fw_chain *c = &rs->chains[hk->chains[k]];
			bool is_nat = strcmp(c->type, "nat") == 0;
			bool ct = p->known & NST_PKT_K_CT;
			if (strcmp(c->family, other) == 0 || (is_nat && ((ct && p->established) || nat_done))) {
				continue; /* nat chains see a connection's first packet, until one binds it */
			}
			struct nst_pkt_verdict tmp;
			if (is_nat && !ct) {
				/* new or not is unknown here: only a chain that would not translate it is no question */
				struct nst_pkt q = *p;
				q.known |= NST_PKT_K_CT;
				q.established = false;
				eval_base(&e, hk->chains[k], nat, n_nat, hook, &q, &tmp);
				if (tmp.verdict == NST_PV_ACCEPT && !tmp.nat) {
					continue;
				}
				if (tmp.verdict != NST_PV_UNKNOWN) {
					snprintf(tmp.why, sizeof(tmp.why), "conntrack's state for this packet is not known here, "
						 "and were it new this chain would %s it", tmp.nat ? "translate" : "drop");
					tmp.verdict = NST_PV_UNKNOWN;
					tmp.nat = false;
				}
				out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
				out->v[out->n++] = tmp;
				out->verdict = NST_PV_UNKNOWN;
				continue;
			}
			out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
			struct nst_pkt_verdict *v = &out->v[out->n++];
			eval_base(&e, hk->chains[k], nat, n_nat, hook, p, v);
			nat_done |= is_nat && v->nat;
			out->verdict = v->verdict;
		}
	}
	nst_fw_order_free(&order);
	free(e.first);
	free(e.count);
	free(e.target);
	free(e.memo);
}

void nst_pkt_hook_free(struct nst_pkt_hook *h)
{
	free(h->v);
	memset(h, 0, sizeof(*h));
}
