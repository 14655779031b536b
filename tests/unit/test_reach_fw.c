/* SPDX-License-Identifier: MIT */
/*
 * The packet evaluator (pkt_eval.h) on rules built as the decoder leaves them:
 * each field kind, negation, sets, jumps, gotos and returns, policies,
 * priorities across tables, unknown naming the rule, NAT rewrites; then the
 * explain walk's NAT on a table oracle, reversed on the reply.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "fixtures.h"
#include "pkt_eval.h"
#include "reach.h"
#include "unit.h"

#define S(dst, src) snprintf(dst, sizeof(dst), "%s", src)

static struct nst_fw_chain *chain(struct nst_fw_ruleset *rs, const char *fam, const char *table, const char *name,
				  const char *type, const char *hook, int prio, bool accept)
{
	struct nst_fw_chain *c = nst_fw_add_chain(rs);

	S(c->family, fam);
	S(c->table, table);
	S(c->name, name);
	if (hook) {
		c->base = true;
		S(c->hook, hook);
		S(c->type, type);
		c->priority = prio;
		c->has_policy = true;
		c->policy_accept = accept;
	}
	return c;
}

static struct nst_fw_rule *rule(struct nst_fw_ruleset *rs, const char *fam, const char *table, const char *ch,
				uint64_t handle, enum nst_fw_verdict_kind k, const char *target, const char *text)
{
	struct nst_fw_rule *r = nst_fw_add_rule(rs);

	S(r->family, fam);
	S(r->table, table);
	S(r->chain, ch);
	r->handle = handle;
	r->verdict.kind = k;
	S(r->verdict.target, target ? target : "");
	S(r->text, text);
	S(r->cond, text);
	return r;
}

static struct nst_pkt pkt(const char *src, const char *dst, uint8_t l4, uint16_t dport)
{
	struct nst_pkt p = { .family = AF_INET, .known = NST_PKT_K_ALL, .l4 = l4, .sport = 40000, .dport = dport };

	inet_pton(AF_INET, src, p.saddr);
	inet_pton(AF_INET, dst, p.daddr);
	S(p.iif, "eth0");
	S(p.oif, "eth1");
	return p;
}

/* The hook's verdict for p, with the deciding rule's handle (0: policy) in *handle. */
static enum nst_pv eval(const struct nst_fw_ruleset *rs, const char *hook, struct nst_pkt *p, uint64_t *handle,
			char *why, size_t len)
{
	struct nst_pkt_hook h;

	nst_pkt_eval_hook(rs, NULL, 0, hook, p, &h);
	enum nst_pv v = h.verdict;
	*handle = 0;
	if (why) {
		why[0] = '\0';
	}
	if (h.n) {
		const struct nst_pkt_verdict *x = &h.v[h.n - 1];
		*handle = x->rule >= 0 ? rs->rules[x->rule].handle : 0;
		if (why) {
			snprintf(why, len, "%s", x->why);
		}
	}
	nst_pkt_hook_free(&h);
	return v;
}

/* One rule "field value drop" in a forward chain (policy accept): does it drop p? */
static enum nst_pv one(void (*set)(struct nst_fw_rule *, const char *), const char *value, struct nst_pkt p)
{
	struct nst_fw_ruleset rs = { 0 };
	uint64_t h;

	chain(&rs, "ip", "t", "f", "filter", "forward", 0, true);
	struct nst_fw_rule *r = rule(&rs, "ip", "t", "f", 1, NST_FV_DROP, NULL, "x drop");
	set(r, value);
	enum nst_pv v = eval(&rs, "forward", &p, &h, NULL, 0);
	nst_fw_clear(&rs);
	return v;
}

static void f_saddr(struct nst_fw_rule *r, const char *v) { S(r->match.saddr, v); }
static void f_daddr(struct nst_fw_rule *r, const char *v) { S(r->match.daddr, v); }
static void f_dport(struct nst_fw_rule *r, const char *v) { S(r->match.dport, v); S(r->match.proto, "tcp"); }
static void f_sport(struct nst_fw_rule *r, const char *v) { S(r->match.sport, v); S(r->match.proto, "tcp"); }
static void f_proto(struct nst_fw_rule *r, const char *v) { S(r->match.proto, v); }
static void f_iif(struct nst_fw_rule *r, const char *v) { S(r->match.iif, v); }
static void f_oif(struct nst_fw_rule *r, const char *v) { S(r->match.oif, v); }
static void f_ct(struct nst_fw_rule *r, const char *v) { S(r->match.ct_state, v); }

static void test_fields(void)
{
	struct nst_pkt p = pkt("10.0.0.5", "192.168.1.9", 6, 80);
	struct nst_pkt est = p;

	est.established = true;
	CHECK_INT(one(f_saddr, "10.0.0.5", p), NST_PV_DROP);
	CHECK_INT(one(f_saddr, "10.0.0.6", p), NST_PV_ACCEPT);
	CHECK_INT(one(f_saddr, "10.0.0.0/8", p), NST_PV_DROP);
	CHECK_INT(one(f_saddr, "10.0.1.0/24", p), NST_PV_ACCEPT);
	CHECK_INT(one(f_saddr, "!= 10.0.0.0/8", p), NST_PV_ACCEPT);
	CHECK_INT(one(f_daddr, "192.168.1.1-192.168.1.10", p), NST_PV_DROP);
	CHECK_INT(one(f_daddr, "192.168.1.10-192.168.1.20", p), NST_PV_ACCEPT);
	CHECK_INT(one(f_daddr, "!= 192.168.1.9", p), NST_PV_ACCEPT);
	CHECK_INT(one(f_dport, "80", p), NST_PV_DROP);
	CHECK_INT(one(f_dport, "!= 80", p), NST_PV_ACCEPT);
	CHECK_INT(one(f_dport, "1-1023", p), NST_PV_DROP);
	CHECK_INT(one(f_dport, ">= 1024", p), NST_PV_ACCEPT);
	CHECK_INT(one(f_dport, "< 81", p), NST_PV_DROP);
	CHECK_INT(one(f_sport, "40000", p), NST_PV_DROP);
	CHECK_INT(one(f_proto, "tcp", p), NST_PV_DROP);
	CHECK_INT(one(f_proto, "udp", p), NST_PV_ACCEPT);
	CHECK_INT(one(f_proto, "!= udp", p), NST_PV_DROP);
	CHECK_INT(one(f_proto, "6", p), NST_PV_DROP);
	CHECK_INT(one(f_iif, "eth0", p), NST_PV_DROP);
	CHECK_INT(one(f_iif, "eth*", p), NST_PV_DROP);
	CHECK_INT(one(f_iif, "wlan*", p), NST_PV_ACCEPT);
	CHECK_INT(one(f_oif, "!= eth1", p), NST_PV_ACCEPT);
	CHECK_INT(one(f_ct, "new", p), NST_PV_DROP);
	CHECK_INT(one(f_ct, "new", est), NST_PV_ACCEPT);
	CHECK_INT(one(f_ct, "established,related", est), NST_PV_DROP);
	CHECK_INT(one(f_ct, "!= established", est), NST_PV_ACCEPT);
	/* a port rule against an icmp packet: the proto decides first */
	CHECK_INT(one(f_dport, "80", pkt("10.0.0.5", "192.168.1.9", 1, 0)), NST_PV_ACCEPT);
	/* what the packet does not say (the request's source port) is not guessed */
	struct nst_pkt nosport = p;
	nosport.known &= ~(unsigned)NST_PKT_K_SPORT;
	CHECK_INT(one(f_sport, "40000", nosport), NST_PV_UNKNOWN);
	/* a value nstop cannot read: unknown */
	CHECK_INT(one(f_dport, "http", p), NST_PV_UNKNOWN);

	/* IPv6: addresses and prefixes of the family; an ip6 chain, not an ip one */
	struct nst_pkt p6 = { .family = AF_INET6, .known = NST_PKT_K_ALL, .l4 = 58 };
	inet_pton(AF_INET6, "2001:db8::5", p6.saddr);
	inet_pton(AF_INET6, "fd00::9", p6.daddr);
	struct nst_fw_ruleset rs = { 0 };
	uint64_t h;
	chain(&rs, "ip6", "t", "f", "filter", "forward", 0, true);
	chain(&rs, "ip", "t4", "f", "filter", "forward", 0, false); /* not an IPv6 packet's */
	S(rule(&rs, "ip6", "t", "f", 1, NST_FV_DROP, NULL, "ip6 saddr 2001:db8::/32 drop")->match.saddr, "2001:db8::/32");
	CHECK_INT(eval(&rs, "forward", &p6, &h, NULL, 0), NST_PV_DROP);
	CHECK_INT(h, 1);
	S(rs.rules[0].match.saddr, "2001:db9::/32");
	CHECK_INT(eval(&rs, "forward", &p6, &h, NULL, 0), NST_PV_ACCEPT);
	S(rs.rules[0].match.saddr, "");
	S(rs.rules[0].match.proto, "icmpv6");
	CHECK_INT(eval(&rs, "forward", &p6, &h, NULL, 0), NST_PV_DROP);
	/* an IPv4 value against an IPv6 packet is never taken as a match */
	S(rs.rules[0].match.daddr, "10.0.0.1");
	CHECK_INT(eval(&rs, "forward", &p6, &h, NULL, 0), NST_PV_UNKNOWN);
	nst_fw_clear(&rs);
}

/* Conditions only the text holds: a named set, an anonymous one, nfproto, a mark. */
static void test_text_and_sets(void)
{
	struct nst_fw_ruleset rs = { 0 };
	struct nst_pkt p = pkt("10.0.0.5", "192.168.1.9", 6, 443);
	uint64_t h;
	char why[200];

	chain(&rs, "inet", "t", "f", "filter", "forward", 0, true);
	struct nst_fw_rule *r = rule(&rs, "inet", "t", "f", 4, NST_FV_DROP, NULL, "meta nfproto ipv4 ip saddr @bad drop");
	r->match.other = true;
	S(r->cond, "meta nfproto ipv4 ip saddr @bad");
	struct nst_fw_set *s = nst_fw_add_set(&rs);
	S(s->family, "inet");
	S(s->table, "t");
	S(s->name, "bad");
	s->first_elem = rs.n_elems;
	const char *elems[] = { "172.16.0.0/12", "10.0.0.1-10.0.0.9" };
	for (size_t i = 0; i < 2; i++) {
		rs.elems = realloc(rs.elems, (rs.n_elems + 1) * sizeof(*rs.elems));
		S(rs.elems[rs.n_elems].text, elems[i]);
		rs.n_elems++;
		s->n_elems++;
	}
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_DROP);
	CHECK_INT(h, 4);
	inet_pton(AF_INET, "10.0.0.10", p.saddr);
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_ACCEPT);
	CHECK_INT(h, 0);
	/* elements not all kept: unknown, naming the set */
	rs.sets[0].elems_not_kept = 5;
	CHECK_INT(eval(&rs, "forward", &p, &h, why, sizeof(why)), NST_PV_UNKNOWN);
	CHECK_INT(h, 4);
	CHECK_STR(why, "set @bad: its elements are not all read");
	rs.sets[0].elems_not_kept = 0;
	rs.sets[0].flags = NST_SET_TIMEOUT;
	CHECK_INT(eval(&rs, "forward", &p, &h, why, sizeof(why)), NST_PV_UNKNOWN);
	CHECK_STR(why, "set @bad is dynamic: the packets fill it");
	rs.sets[0].flags = 0;
	/* an IPv6 packet: nfproto ipv4 does not hold */
	struct nst_pkt p6 = p;
	p6.family = AF_INET6;
	CHECK_INT(eval(&rs, "forward", &p6, &h, NULL, 0), NST_PV_ACCEPT);

	/* an anonymous set: the rule is raw for its record, its text names @__set0 */
	r = &rs.rules[0];
	S(r->cond, "tcp dport != @__set0");
	S(r->text, "tcp dport != @__set0 drop");
	r->raw = true;
	S(r->raw_why, "an anonymous set, whose elements are listed apart, not inline");
	S(rs.sets[0].name, "__set0");
	S(rs.elems[0].text, "22");
	S(rs.elems[1].text, "440-450");
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_ACCEPT); /* 443 is in the set */
	p.dport = 80;
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_DROP);
	char *t = nst_pkt_rule_text(&rs, r);
	CHECK_STR(t, "tcp dport != { 22, 440-450 } drop");
	free(t);
	/* raw for another reason: unknown, naming why */
	S(r->raw_why, "an expression nstop does not decode");
	CHECK_INT(eval(&rs, "forward", &p, &h, why, sizeof(why)), NST_PV_UNKNOWN);
	CHECK_STR(why, "the rule is not wholly decoded (an expression nstop does not decode)");
	/* iptables' -m addrtype --dst-type LOCAL: known when the caller says whether daddr is local */
	r->raw = false;
	S(r->cond, "fib daddr type local");
	p.daddr_local = true;
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_DROP);
	p.daddr_local = false;
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_ACCEPT);
	S(r->cond, "fib daddr type != local");
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_DROP);
	S(r->cond, "fib daddr type unicast");
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_UNKNOWN); /* not local: unicast or broadcast? */
	p.known &= ~(unsigned)NST_PKT_K_LOCAL;
	S(r->cond, "fib daddr type local");
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_UNKNOWN);
	p.known = NST_PKT_K_ALL;
	/* meta iif / oif by index, as the decoder writes them (raw: not a field of the record) */
	S(r->raw_why, "a meta match that is not a field of the record");
	r->raw = true;
	S(r->cond, "iif 0x00000001");
	p.iif_index = 1;
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_DROP);
	p.iif_index = 3;
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_ACCEPT);
	S(r->cond, "oif != 0x00000001");
	p.oif_index = 0; /* no out device (input): the kernel loads index 0, which is != 1 (seen on 6.18) */
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_DROP);
	S(r->cond, "oif 0x00000001");
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_ACCEPT);
	S(r->cond, "oif != 0x00000001");
	p.oif_index = 2;
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_DROP);
	p.known &= ~(unsigned)NST_PKT_K_IFINDEX;
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_UNKNOWN);
	p.known = NST_PKT_K_ALL;
	r->raw = false;
	/* a mark: not evaluated, but a may-match accept before a policy accept is an accept every way */
	r->raw = false;
	S(r->cond, "meta mark 0x00000001");
	CHECK_INT(eval(&rs, "forward", &p, &h, why, sizeof(why)), NST_PV_UNKNOWN);
	CHECK_STR(why, "condition `meta mark 0x00000001` (nstop does not evaluate it)");
	/* a word longer than any nstop knows is a condition too, never skipped */
	S(r->cond, "meta_a_very_long_word_that_is_longer_than_any_keyword_nstop_reads_at_all 1");
	CHECK_INT(eval(&rs, "forward", &p, &h, why, sizeof(why)), NST_PV_UNKNOWN);
	S(r->cond, "meta mark 0x00000001");
	r->verdict.kind = NST_FV_ACCEPT;
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_ACCEPT);
	/* but not when a drop follows it */
	rule(&rs, "inet", "t", "f", 5, NST_FV_DROP, NULL, "")->match.proto[0] = '\0';
	CHECK_INT(eval(&rs, "forward", &p, &h, NULL, 0), NST_PV_UNKNOWN);
	CHECK_INT(h, 4);
	nst_fw_clear(&rs);
}

static void test_jumps_priorities(void)
{
	struct nst_fw_ruleset rs = { 0 };
	struct nst_pkt p = pkt("10.0.0.5", "192.168.1.9", 17, 53);
	uint64_t h;
	char why[200];

	/* ip t (priority 10): jump sub (returns unless udp), goto g, then accept */
	chain(&rs, "ip", "t", "in", "filter", "input", 10, true);
	chain(&rs, "ip", "t", "sub", NULL, NULL, 0, true);
	chain(&rs, "ip", "t", "g", NULL, NULL, 0, true);
	rule(&rs, "ip", "t", "in", 1, NST_FV_JUMP, "sub", "");
	rule(&rs, "ip", "t", "in", 2, NST_FV_GOTO, "g", "");
	rule(&rs, "ip", "t", "in", 3, NST_FV_DROP, NULL, "");
	S(rule(&rs, "ip", "t", "sub", 4, NST_FV_RETURN, NULL, "ip protocol tcp")->match.proto, "tcp");
	S(rule(&rs, "ip", "t", "sub", 5, NST_FV_ACCEPT, NULL, "udp dport 53")->match.dport, "53");
	rule(&rs, "ip", "t", "g", 6, NST_FV_RETURN, NULL, "");
	/* udp 53: accepted in sub by rule 5 */
	CHECK_INT(eval(&rs, "input", &p, &h, NULL, 0), NST_PV_ACCEPT);
	CHECK_INT(h, 5);
	/* tcp: sub returns, goto g returns from in itself: policy accept, rule 3 never seen */
	p.l4 = 6;
	CHECK_INT(eval(&rs, "input", &p, &h, NULL, 0), NST_PV_ACCEPT);
	CHECK_INT(h, 0);
	/* inet u priority 0 runs first and accepts; ip t's accept does not end the hook: the next still sees it */
	chain(&rs, "inet", "u", "first", "filter", "input", 0, true);
	rule(&rs, "inet", "u", "first", 7, NST_FV_ACCEPT, NULL, "");
	chain(&rs, "ip", "z", "last", "filter", "input", 20, false);
	struct nst_pkt_hook hk;
	nst_pkt_eval_hook(&rs, NULL, 0, "input", &p, &hk);
	CHECK_INT(hk.n, 3);
	CHECK_STR(rs.chains[hk.v[0].base].table, "u");
	CHECK_STR(rs.chains[hk.v[1].base].table, "t");
	CHECK_STR(rs.chains[hk.v[2].base].table, "z");
	CHECK_INT(hk.verdict, NST_PV_DROP);
	CHECK_INT(hk.v[2].rule, -1); /* z's policy */
	nst_pkt_hook_free(&hk);
	/* a drop in the first chain by priority ends everything */
	rs.rules[rs.n_rules - 1].verdict.kind = NST_FV_REJECT;
	nst_pkt_eval_hook(&rs, NULL, 0, "input", &p, &hk);
	CHECK_INT(hk.n, 1);
	CHECK_INT(hk.verdict, NST_PV_REJECT);
	nst_pkt_hook_free(&hk);
	/* a jump to a chain nstop has not read, a verdict map: unknown, named */
	rs.rules[rs.n_rules - 1].verdict.kind = NST_FV_JUMP;
	S(rs.rules[rs.n_rules - 1].verdict.target, "nowhere");
	CHECK_INT(eval(&rs, "input", &p, &h, why, sizeof(why)), NST_PV_UNKNOWN);
	CHECK_INT(h, 7);
	CHECK_STR(why, "a jump to a chain nstop has not read");
	rs.rules[rs.n_rules - 1].verdict.kind = NST_FV_VMAP;
	CHECK_INT(eval(&rs, "input", &p, &h, why, sizeof(why)), NST_PV_UNKNOWN);
	CHECK(strstr(why, "vmap") != NULL);
	/* a rule that goes on: a counter changes nothing; a payload rewrite changes what the next rules see */
	struct nst_fw_ruleset rw = { 0 };
	chain(&rw, "ip", "m", "in", "filter", "input", 0, true);
	struct nst_fw_rule *c1 = rule(&rw, "ip", "m", "in", 1, NST_FV_NONE, NULL, "counter packets 0 bytes 0");
	c1->cond[0] = '\0';
	rule(&rw, "ip", "m", "in", 2, NST_FV_DROP, NULL, "");
	CHECK_INT(eval(&rw, "input", &p, &h, NULL, 0), NST_PV_DROP);
	CHECK_INT(h, 2);
	S(c1->text, "ip daddr set 10.9.9.9");
	CHECK_INT(eval(&rw, "input", &p, &h, why, sizeof(why)), NST_PV_UNKNOWN);
	CHECK_INT(h, 1);
	CHECK_STR(why, "it may rewrite the packet the rules after it see");
	S(c1->text, "notrack");
	CHECK_INT(eval(&rw, "input", &p, &h, why, sizeof(why)), NST_PV_UNKNOWN);
	c1->verdict.kind = NST_FV_XT;
	S(c1->verdict.target, "LOG");
	S(c1->text, "log");
	CHECK_INT(eval(&rw, "input", &p, &h, NULL, 0), NST_PV_DROP);
	S(c1->verdict.target, "CT");
	CHECK_INT(eval(&rw, "input", &p, &h, NULL, 0), NST_PV_UNKNOWN);
	nst_fw_clear(&rw);
	/* an ip6 chain is not on an IPv4 packet's way */
	struct nst_fw_ruleset r6 = { 0 };
	chain(&r6, "ip6", "x", "in", "filter", "input", 0, false);
	CHECK_INT(eval(&r6, "input", &p, &h, NULL, 0), NST_PV_ACCEPT);
	nst_fw_clear(&r6);
	nst_fw_clear(&rs);
}

static struct nst_nat_rule natrec(const char *fam, const char *table, const char *ch, uint64_t handle,
				  enum nst_nat_type t, const char *addr, const char *port)
{
	struct nst_nat_rule n = { .handle = handle, .type = t };

	S(n.family, fam);
	S(n.table, table);
	S(n.chain, ch);
	S(n.to_addr, addr);
	S(n.to_port, port);
	return n;
}

static void test_nat(void)
{
	struct nst_fw_ruleset rs = { 0 };
	struct nst_pkt p = pkt("203.0.113.2", "203.0.113.1", 6, 8080);
	struct nst_pkt_hook hk;
	char a[INET_ADDRSTRLEN];

	chain(&rs, "ip", "nat", "pre", "nat", "prerouting", -100, true);
	chain(&rs, "ip", "f", "pre", "filter", "prerouting", 0, true);
	struct nst_fw_rule *r = rule(&rs, "ip", "nat", "pre", 3, NST_FV_DNAT, NULL, "tcp dport 8080 dnat to 10.1.0.2:80");
	S(r->match.proto, "tcp");
	S(r->match.dport, "8080");
	/* the filter after the nat chain sees the new destination */
	S(rule(&rs, "ip", "f", "pre", 4, NST_FV_DROP, NULL, "tcp dport 8080")->match.dport, "8080");
	struct nst_nat_rule nat[2] = { natrec("ip", "nat", "pre", 3, NST_NAT_DNAT, "10.1.0.2", "80") };
	nst_pkt_eval_hook(&rs, nat, 1, "prerouting", &p, &hk);
	CHECK_INT(hk.verdict, NST_PV_ACCEPT);
	CHECK_INT(hk.n, 2);
	CHECK(hk.v[0].nat && hk.v[0].nat_addr && hk.v[0].nat_port);
	CHECK_STR(inet_ntop(AF_INET, p.daddr, a, sizeof(a)), "10.1.0.2");
	CHECK_INT(p.dport, 80);
	nst_pkt_hook_free(&hk);
	/* an established packet does not see nat chains: the filter drops 8080 */
	p = pkt("203.0.113.2", "203.0.113.1", 6, 8080);
	p.established = true;
	nst_pkt_eval_hook(&rs, nat, 1, "prerouting", &p, &hk);
	CHECK_INT(hk.n, 1);
	CHECK_INT(hk.verdict, NST_PV_DROP);
	nst_pkt_hook_free(&hk);
	/* conntrack's state not known (a reply where the request never passed): a nat chain that would
	 * translate it is a question, and ct state conditions are not decided */
	p = pkt("203.0.113.2", "203.0.113.1", 6, 8080);
	p.known &= ~(unsigned)NST_PKT_K_CT;
	nst_pkt_eval_hook(&rs, nat, 1, "prerouting", &p, &hk);
	CHECK_INT(hk.verdict, NST_PV_UNKNOWN);
	CHECK_STR(hk.v[0].why, "conntrack's state for this packet is not known here, and were it new this chain "
			       "would translate it");
	CHECK_STR(inet_ntop(AF_INET, p.daddr, a, sizeof(a)), "203.0.113.1"); /* not rewritten */
	nst_pkt_hook_free(&hk);
	p.dport = 22; /* the nat chain would not translate it: passed over, the filter decides */
	nst_pkt_eval_hook(&rs, nat, 1, "prerouting", &p, &hk);
	CHECK_INT(hk.verdict, NST_PV_ACCEPT);
	CHECK_INT(hk.n, 1);
	nst_pkt_hook_free(&hk);
	CHECK_INT(one(f_ct, "established", p), NST_PV_UNKNOWN);
	p = pkt("203.0.113.2", "203.0.113.1", 6, 8080);
	/* a range the kernel picks from: unknown */
	p.established = false;
	S(nat[0].to_addr, "10.1.0.2-10.1.0.9");
	nst_pkt_eval_hook(&rs, nat, 1, "prerouting", &p, &hk);
	CHECK_INT(hk.verdict, NST_PV_UNKNOWN);
	CHECK(strstr(hk.v[0].why, "10.1.0.2-10.1.0.9") != NULL);
	nst_pkt_hook_free(&hk);
	/* no record for the rule: unknown */
	nst_pkt_eval_hook(&rs, NULL, 0, "prerouting", &p, &hk);
	CHECK_INT(hk.verdict, NST_PV_UNKNOWN);
	CHECK_STR(hk.v[0].why, "its NAT target was not decoded");
	nst_pkt_hook_free(&hk);
	nst_fw_clear(&rs);

	/* masquerade takes the out device's address; an xt MASQUERADE target too */
	chain(&rs, "ip", "nat", "post", "nat", "postrouting", 100, true);
	rule(&rs, "ip", "nat", "post", 9, NST_FV_XT, "MASQUERADE", "")->match.oif[0] = '\0';
	nat[0] = natrec("ip", "nat", "post", 9, NST_NAT_MASQ, "", "");
	p = pkt("192.168.10.3", "203.0.113.2", 1, 0);
	nst_pkt_eval_hook(&rs, nat, 1, "postrouting", &p, &hk);
	CHECK_INT(hk.verdict, NST_PV_UNKNOWN); /* the out device has no address */
	nst_pkt_hook_free(&hk);
	p.has_oif_addr = true;
	inet_pton(AF_INET, "203.0.113.1", p.oif_addr);
	nst_pkt_eval_hook(&rs, nat, 1, "postrouting", &p, &hk);
	CHECK_INT(hk.verdict, NST_PV_ACCEPT);
	CHECK_STR(inet_ntop(AF_INET, p.saddr, a, sizeof(a)), "203.0.113.1");
	nst_pkt_hook_free(&hk);
	nst_fw_clear(&rs);
	/* redirect in output: to the loopback address */
	chain(&rs, "ip", "nat", "out", "nat", "output", -100, true);
	rule(&rs, "ip", "nat", "out", 2, NST_FV_REDIRECT, NULL, "");
	nat[0] = natrec("ip", "nat", "out", 2, NST_NAT_REDIRECT, "", "3128");
	p = pkt("10.0.0.5", "1.2.3.4", 6, 80);
	nst_pkt_eval_hook(&rs, nat, 1, "output", &p, &hk);
	CHECK_STR(inet_ntop(AF_INET, p.daddr, a, sizeof(a)), "127.0.0.1");
	CHECK_INT(p.dport, 3128);
	nst_pkt_hook_free(&hk);
	nst_fw_clear(&rs);
}

/* The walk: myns (vethZ 7.7.7.7) <-> "/" (vethY 6.6.6.6); "/" forwards 6.6.6.6:8080 to its own 6.6.6.7:80. */
struct row {
	const char *ns;
	int iif;
	const char *dst;
	uint8_t type;
	int oif;
	const char *prefsrc;
};

static const struct row rows[] = {
	{ "myns", 0, "6.6.6.6", 1, 2, "7.7.7.7" },
	{ "/", 5, "6.6.6.7", 2, 1, NULL },
	{ "/", 0, "7.7.7.7", 1, 5, "6.6.6.6" },
	{ "/", 0, "7.7.7.8", 1, 5, "6.6.6.6" },
	{ "myns", 2, "7.7.7.7", 2, 1, NULL },
	{ "/", 5, "6.6.6.6", 2, 1, NULL },
	{ 0 },
};

static char queries[8][64];
static int n_queries;

static int lookup(void *ctx, const struct nst_ns *ns, const struct nst_fib_query *q, struct nst_fib_answer *a)
{
	(void)ctx;
	char d[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, q->dst, d, sizeof(d));
	if (n_queries < 8) {
		snprintf(queries[n_queries++], sizeof(queries[0]), "%s %s iif %d", ns->name, d, q->iif);
	}
	for (const struct row *r = rows; r->ns; r++) {
		uint8_t x[16] = { 0 };
		inet_pton(AF_INET, r->dst, x);
		if (strcmp(r->ns, ns->name) == 0 && r->iif == q->iif && memcmp(x, q->dst, 4) == 0) {
			a->type = r->type;
			a->table = 254;
			a->oif = r->oif;
			if (r->prefsrc) {
				a->has_prefsrc = true;
				inet_pton(AF_INET, r->prefsrc, a->prefsrc);
			}
			return 0;
		}
	}
	a->err = -ENETUNREACH;
	return 0;
}

static void test_walk_nat(void)
{
	struct nst_model *m = fixture_myns();
	struct nst_fib_oracle o = { .lookup = lookup };
	struct nst_reach_probe p = { .family = AF_INET, .proto = NST_PROTO_TCP, .port = 8080 };
	struct nst_reach r;

	nst_model_sort(m);
	nst_model_pair_peers(m);
	struct nst_ns *root = nst_model_find_ns(m, "/"), *my = nst_model_find_ns(m, "myns");
	chain(&root->fw, "ip", "nat", "PREROUTING", "nat", "prerouting", -100, true);
	S(rule(&root->fw, "ip", "nat", "PREROUTING", 7, NST_FV_XT, "DNAT", "tcp dport 8080")->match.dport, "8080");
	struct nst_nat_rule *n = nst_ns_add_nat(root);
	*n = natrec("ip", "nat", "PREROUTING", 7, NST_NAT_DNAT, "6.6.6.7", "80");
	p.from = my;
	inet_pton(AF_INET, "6.6.6.6", p.dst);
	n_queries = 0;
	nst_reach_explain(m, &o, &p, &r);
	CHECK_INT(r.reachable, 1);
	CHECK_INT(r.request.n, 2);
	CHECK_STR(queries[1], "/ 6.6.6.7 iif 5"); /* routed after the DNAT */
	CHECK_STR(r.request.v[1].nat, "dnat 6.6.6.6:8080 -> 6.6.6.7:80 (ip nat PREROUTING rule handle 7)");
	CHECK_INT(r.request.v[1].n_hooks, 1);
	CHECK_STR(r.request.v[1].hooks[0].verdict, "dnat to 6.6.6.7:80");
	CHECK_INT(r.request.v[1].hooks[0].rule, 7);
	CHECK_STR(r.reply.v[0].nat, "reverses dnat: source 6.6.6.7:80 -> 6.6.6.6:8080 (conntrack)");
	CHECK_STR(r.reply.v[1].command, "ip -n myns route get 7.7.7.7 from 6.6.6.6 iif vethZ");
	nst_reach_free(&r);

	/* SNAT in myns's postrouting: the reply goes to 7.7.7.8 and is put back to 7.7.7.7 in myns */
	fixture_add_addr(nst_ns_find_link_name(my, "vethZ"), "7.7.7.8", 24);
	chain(&my->fw, "ip", "nat", "POSTROUTING", "nat", "postrouting", 100, true);
	rule(&my->fw, "ip", "nat", "POSTROUTING", 2, NST_FV_SNAT, NULL, "");
	n = nst_ns_add_nat(my);
	*n = natrec("ip", "nat", "POSTROUTING", 2, NST_NAT_SNAT, "7.7.7.8", "");
	nst_reach_explain(m, &o, &p, &r);
	CHECK_INT(r.reachable, 1);
	CHECK_STR(r.request.v[0].nat, "snat 7.7.7.7 -> 7.7.7.8 (ip nat POSTROUTING rule handle 2)");
	CHECK_STR(r.reply.v[0].command, "ip route get 7.7.7.8 from 6.6.6.7"); /* the DNAT is undone after the lookup */
	CHECK_STR(r.reply.v[1].nat, "reverses snat: destination 7.7.7.8 -> 7.7.7.7 (conntrack)");
	char src[INET_ADDRSTRLEN];
	CHECK_STR(inet_ntop(AF_INET, r.src, src, sizeof(src)), "7.7.7.7");
	nst_reach_free(&r);

	/* masquerade: the out device's primary address in the next hop's subnet (7.7.7.8 is secondary) */
	my->fw.rules[my->fw.n_rules - 1].verdict.kind = NST_FV_MASQUERADE;
	n->type = NST_NAT_MASQ;
	n->to_addr[0] = '\0';
	fixture_add_addr(nst_ns_find_link_name(my, "vethZ"), "6.6.6.200", 24);
	nst_reach_explain(m, &o, &p, &r);
	CHECK_STR(r.request.v[0].nat, "masquerade 7.7.7.7 -> 6.6.6.200 (ip nat POSTROUTING rule handle 2; "
				      "the out device's address as nstop reads it, not asked of the kernel)");
	CHECK_INT(r.reachable, 0); /* the reply to 6.6.6.200: this oracle has no route for it in "/" */
	nst_reach_free(&r);
	my->fw.rules[my->fw.n_rules - 1].match.proto[0] = '\0';
	S(my->fw.rules[my->fw.n_rules - 1].match.daddr, "1.1.1.1"); /* no longer matches: no NAT */
	nst_reach_explain(m, &o, &p, &r);
	CHECK(r.request.v[0].nat == NULL);
	CHECK_INT(r.reachable, 1);
	nst_reach_free(&r);

	/* a forward-less drop: "/"'s input drops port 80 after the DNAT, named with its command and fix */
	chain(&root->fw, "inet", "filt", "in", "filter", "input", 0, true);
	S(rule(&root->fw, "inet", "filt", "in", 3, NST_FV_DROP, NULL, "tcp dport 80 drop")->match.dport, "80");
	nst_reach_explain(m, &o, &p, &r);
	CHECK_INT(r.reachable, 0);
	CHECK_STR(r.reason, "dropped by inet filt in rule handle 3: `tcp dport 80 drop`");
	CHECK_STR(r.fix, "nft delete rule inet filt in handle 3");
	CHECK_STR(r.request.v[1].command, "nft -a list chain inet filt in");
	CHECK_INT(r.request.v[1].n_hooks, 2);
	CHECK_INT(r.request.v[1].hooks[1].result, NST_REACH_FAIL);
	/* rendered: a line per hook under the hop, the NAT line; in JSON "nat" and "verdicts" */
	struct nst_explain_head hd = { .from = "myns", .to = "6.6.6.6", .family = AF_INET, .proto = NST_PROTO_TCP,
				       .port = 8080 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	nst_render_explain_text(&hd, &r, true, f);
	fclose(f);
	CHECK(strstr(buf, "\n  FAIL 2 / [vethY -> -]: table main local dev lo\n"
			  "      OK   prerouting ip nat PREROUTING rule 7: dnat to 6.6.6.7:80\n"
			  "      FAIL input inet filt in rule 3: drop\n"
			  "      nat: dnat 6.6.6.6:8080 -> 6.6.6.7:80 (ip nat PREROUTING rule handle 7)\n"
			  "      dropped by inet filt in rule handle 3: `tcp dport 80 drop`\n"
			  "      fix: nft delete rule inet filt in handle 3\n"
			  "      shown by: nft -a list chain inet filt in\n") != NULL);
	for (const char *c = buf; *c; c++) {
		CHECK((unsigned char)*c < 0x80); /* --ascii stays ASCII */
	}
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	nst_render_explain_json(&hd, &r, f);
	fclose(f);
	CHECK(strstr(buf, "\"nat\":\"dnat 6.6.6.6:8080 -> 6.6.6.7:80 (ip nat PREROUTING rule handle 7)\","
			  "\"verdicts\":[{\"hook\":\"prerouting\",\"chain\":\"ip nat PREROUTING\",\"rule\":7,"
			  "\"verdict\":\"dnat to 6.6.6.7:80\"},{\"hook\":\"input\",\"chain\":\"inet filt in\",\"rule\":3,"
			  "\"verdict\":\"drop\"}]") != NULL);
	CHECK(strstr(buf, "\"probe\":null}") != NULL);
	free(buf);
	nst_reach_free(&r);

	/* iptables-legacy tables: invisible to nf_tables, so nothing is claimed */
	root->iptables_legacy = true;
	nst_reach_explain(m, &o, &p, &r);
	CHECK_INT(r.reachable, -1);
	CHECK_STR(r.reason, "not evaluated: iptables-legacy rules exist here (x_tables: not visible to nf_tables)");
	CHECK_STR(r.request.v[1].command, "iptables-legacy-save");
	nst_reach_free(&r);
	root->iptables_legacy = false;

	/* a hostile table name: shown escaped, never in a command nft cannot read; the JSON keeps it whole */
	S(root->fw.chains[root->fw.n_chains - 1].table, "x\033[2J y");
	S(root->fw.rules[root->fw.n_rules - 1].table, "x\033[2J y");
	nst_reach_explain(m, &o, &p, &r);
	CHECK_INT(r.reachable, 0);
	CHECK(r.reason && !strchr(r.reason, '\033'));
	CHECK_STR(r.request.v[1].command, "nft -a list ruleset");
	CHECK(r.fix == NULL);
	CHECK_STR(r.request.v[1].hooks[1].table, "x\033[2J y");
	nst_reach_free(&r);
	nst_model_destroy(m);
}

/* A port nstop does not know but knows the range of (the connection's own, from ip_local_port_range). */
static void test_port_range(void)
{
	struct nst_pkt p = pkt("10.0.0.1", "10.0.0.2", 6, 80);

	p.known &= ~(unsigned)NST_PKT_K_SPORT;
	CHECK_INT(one(f_sport, "22", p), NST_PV_UNKNOWN); /* nothing known of it: may be 22 */
	p.sport_lo = 32768;
	p.sport_hi = 60999;
	CHECK_INT(one(f_sport, "22", p), NST_PV_ACCEPT);            /* outside the range: cannot match */
	CHECK_INT(one(f_sport, "!= 22", p), NST_PV_DROP);           /* so its negation surely does */
	CHECK_INT(one(f_sport, "1024-65535", p), NST_PV_DROP);      /* the whole range inside */
	CHECK_INT(one(f_sport, "40000", p), NST_PV_UNKNOWN);        /* inside: some ports of it */
	CHECK_INT(one(f_sport, "30000-32768", p), NST_PV_UNKNOWN);  /* overlaps one end */
	CHECK_INT(one(f_sport, ">= 61000", p), NST_PV_ACCEPT);
	CHECK_INT(one(f_sport, "< 32768", p), NST_PV_ACCEPT);
	CHECK_INT(one(f_sport, "> 1023", p), NST_PV_DROP);
	CHECK_INT(one(f_sport, "http", p), NST_PV_UNKNOWN);         /* a name nstop has no table for */
}

/* A certain drop whose rule is not certain: an earlier rule may match and drop it first. */
static void test_uncertain_rule(void)
{
	struct nst_fw_ruleset rs = { 0 };
	struct nst_pkt p = pkt("10.0.0.1", "10.0.0.2", 6, 22);
	struct nst_pkt_hook h;

	chain(&rs, "ip", "t", "f", "filter", "forward", 0, true);
	struct nst_fw_rule *r1 = rule(&rs, "ip", "t", "f", 4, NST_FV_DROP, NULL, "meta mark 0x00000001 drop");
	r1->match.other = true; /* a mark: never decided */
	S(rule(&rs, "ip", "t", "f", 5, NST_FV_DROP, NULL, "tcp dport 22 drop")->match.dport, "22");
	nst_pkt_eval_hook(&rs, NULL, 0, "forward", &p, &h);
	CHECK_INT(h.verdict, NST_PV_DROP);
	CHECK_INT(h.n, 1);
	if (h.n == 1) {
		CHECK_INT(rs.rules[h.v[0].rule].handle, 5); /* the one that surely matches */
		CHECK(h.v[0].maybe_rule >= 0 && rs.rules[h.v[0].maybe_rule].handle == 4);
	}
	nst_pkt_hook_free(&h);
	/* without the earlier one the rule is certain */
	rs.rules[0].verdict.kind = NST_FV_NONE;
	nst_pkt_eval_hook(&rs, NULL, 0, "forward", &p, &h);
	CHECK_INT(h.verdict, NST_PV_DROP);
	CHECK(h.n == 1 && h.v[0].maybe_rule == -1);
	nst_pkt_hook_free(&h);
	nst_fw_clear(&rs);
}

UNIT_MAIN(test_fields, test_text_and_sets, test_jumps_priorities, test_nat, test_walk_nat, test_port_range,
	  test_uncertain_rule)
