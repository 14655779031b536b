/* SPDX-License-Identifier: MIT */
/*
 * The packet evaluator against brute force: random rulesets (base chains by
 * priority, jumps, gotos, returns, rules that match, do not, or may), every
 * way the rules that may match could go run through a plain simulator of the
 * kernel's chain semantics. A verdict pkt_eval claims must be every way's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "pkt_eval.h"
#include "unit.h"

#define CHAINS 6 /* 0, 1: base chains of the forward hook; 2..5 regular, jumped to only upwards (no loops) */
#define RULES 5

static unsigned seed = 12345;

static unsigned rnd(unsigned n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) % n;
}

struct sim {
	const struct nst_fw_ruleset *rs;
	unsigned maybe_bits;   /* for each rule that may match (by its index among them): taken or not */
	const int *maybe_of;   /* per rule: its index among those, -1 when it is decided */
	const bool *yes;       /* per rule: decided and true */
};

enum { S_ACCEPT, S_DROP, S_RETURN };

static long find(const struct nst_fw_ruleset *rs, const char *table, const char *name)
{
	for (size_t i = 0; i < rs->n_chains; i++) {
		if (strcmp(rs->chains[i].table, table) == 0 && strcmp(rs->chains[i].name, name) == 0) {
			return (long)i;
		}
	}
	return -1;
}

/* The kernel's semantics for one chain, with every rule's match known. */
static int run(const struct sim *s, long ci)
{
	const struct nst_fw_chain *c = &s->rs->chains[ci];

	for (size_t i = 0; i < s->rs->n_rules; i++) {
		const struct nst_fw_rule *r = &s->rs->rules[i];
		if (strcmp(r->table, c->table) != 0 || strcmp(r->chain, c->name) != 0) {
			continue;
		}
		bool m = s->maybe_of[i] >= 0 ? (s->maybe_bits >> s->maybe_of[i]) & 1 : s->yes[i];
		if (!m) {
			continue;
		}
		switch (r->verdict.kind) {
		case NST_FV_ACCEPT:
			return S_ACCEPT;
		case NST_FV_DROP:
			return S_DROP;
		case NST_FV_RETURN:
			return S_RETURN;
		case NST_FV_JUMP: {
			int o = run(s, find(s->rs, r->table, r->verdict.target));
			if (o != S_RETURN) {
				return o;
			}
			break;
		}
		case NST_FV_GOTO:
			return run(s, find(s->rs, r->table, r->verdict.target));
		default:
			break;
		}
	}
	return S_RETURN;
}

static void build(struct nst_fw_ruleset *rs)
{
	static const char *const iifs[] = { "", "eth0", "eth1", "!= eth0", "eth*", "MAYBE" };

	for (int c = 0; c < CHAINS; c++) {
		struct nst_fw_chain *ch = nst_fw_add_chain(rs);
		snprintf(ch->family, sizeof(ch->family), "%s", c == 1 ? "inet" : "ip");
		snprintf(ch->table, sizeof(ch->table), "%s", c == 1 ? "u" : "t");
		snprintf(ch->name, sizeof(ch->name), "c%d", c);
		if (c < 2) {
			ch->base = true;
			snprintf(ch->type, sizeof(ch->type), "filter");
			snprintf(ch->hook, sizeof(ch->hook), "forward");
			ch->priority = (int)rnd(3) - 1;
			ch->has_policy = true;
			ch->policy_accept = rnd(2);
		}
	}
	/* rules chain by chain, as the ruleset stores them */
	for (int c = 0; c < CHAINS; c++) {
		int n = (int)rnd(RULES + 1);
		for (int k = 0; k < n; k++) {
			struct nst_fw_rule *r = nst_fw_add_rule(rs);
			const struct nst_fw_chain *ch = &rs->chains[c];
			snprintf(r->family, sizeof(r->family), "%s", ch->family);
			snprintf(r->table, sizeof(r->table), "%s", ch->table);
			snprintf(r->chain, sizeof(r->chain), "%s", ch->name);
			r->handle = rs->n_rules;
			const char *iif = iifs[rnd(6)];
			if (strcmp(iif, "MAYBE") == 0) {
				r->match.other = true;
				snprintf(r->cond, sizeof(r->cond), "meta mark 0x00000001");
			} else {
				snprintf(r->match.iif, sizeof(r->match.iif), "%s", iif);
			}
			unsigned v = rnd(6);
			/* jumps only to a later regular chain of the same table (chain 1's table has none) */
			if ((v == 3 || v == 4) && (c == 1 || c == CHAINS - 1)) {
				v = 5;
			}
			r->verdict.kind = v == 0 ? NST_FV_ACCEPT : v == 1 ? NST_FV_DROP : v == 2 ? NST_FV_RETURN
					: v == 3 ? NST_FV_JUMP : v == 4 ? NST_FV_GOTO : NST_FV_NONE;
			if (v == 3 || v == 4) {
				int lo = c < 2 ? 2 : c + 1;
				snprintf(r->verdict.target, sizeof(r->verdict.target), "c%d", lo + (int)rnd((unsigned)(CHAINS - lo)));
			}
		}
	}
}

static void test_against_brute_force(void)
{
	size_t claims = 0, unknowns = 0;

	for (int t = 0; t < 3000; t++) {
		struct nst_fw_ruleset rs = { 0 };
		struct nst_pkt p = { .family = AF_INET, .known = NST_PKT_K_ALL };
		struct nst_pkt_hook h;

		build(&rs);
		snprintf(p.iif, sizeof(p.iif), "%s", rnd(2) ? "eth0" : "eth1");
		snprintf(p.oif, sizeof(p.oif), "eth9");
		int *maybe_of = calloc(rs.n_rules + 1, sizeof(int));
		bool *yes = calloc(rs.n_rules + 1, sizeof(bool));
		int n_maybe = 0;
		for (size_t i = 0; i < rs.n_rules; i++) {
			const char *f = rs.rules[i].match.iif;
			bool neg = strncmp(f, "!= ", 3) == 0;
			const char *v = neg ? f + 3 : f;
			size_t n = strlen(v);
			bool eq = !n || (v[n - 1] == '*' ? strncmp(v, p.iif, n - 1) == 0 : strcmp(v, p.iif) == 0);
			maybe_of[i] = rs.rules[i].match.other ? n_maybe++ : -1;
			yes[i] = !rs.rules[i].match.other && (n ? eq != neg : true);
		}
		nst_pkt_eval_hook(&rs, NULL, 0, "forward", &p, &h);
		/* every way: the hook drops when a base chain does (policy at its end) */
		bool can_accept = false, can_drop = false;
		for (unsigned bits = 0; bits < (1u << n_maybe); bits++) {
			struct sim s = { &rs, bits, maybe_of, yes };
			bool dropped = false;
			for (long c = 0; c < 2; c++) {
				int o = run(&s, c);
				if (o == S_RETURN) {
					o = rs.chains[c].policy_accept ? S_ACCEPT : S_DROP;
				}
				dropped |= o == S_DROP;
			}
			can_drop |= dropped;
			can_accept |= !dropped;
		}
		if (h.verdict == NST_PV_ACCEPT) {
			CHECK(can_accept && !can_drop);
			claims++;
		} else if (h.verdict == NST_PV_DROP) {
			CHECK(can_drop && !can_accept);
			claims++;
		} else {
			CHECK_INT(h.verdict, NST_PV_UNKNOWN);
			CHECK(n_maybe > 0); /* with every rule decided, nstop must decide too */
			unknowns++;
		}
		if (unit_failures) {
			fprintf(stderr, "ruleset %d: pkt_eval %s, brute force accept %d drop %d\n", t, nst_pv_str(h.verdict),
				can_accept, can_drop);
			break;
		}
		nst_pkt_hook_free(&h);
		free(maybe_of);
		free(yes);
		nst_fw_clear(&rs);
	}
	printf("random rulesets: %zu verdicts claimed, %zu unknown, every claim every way's\n", claims, unknowns);
	CHECK(claims > 1500);
}

UNIT_MAIN(test_against_brute_force)
