/* SPDX-License-Identifier: MIT */
/*
 * The NAT walk (nat_paths.h) on hand-built rulesets: Docker's, kube-proxy's,
 * cycles, depth, gotos, returns, diamonds; and the NAT diagnostics on its records.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "model.h"
#include "nat_paths.h"
#include "unit.h"
#include "xalloc.h"

struct set {
	struct nst_fw_ruleset rs;
	struct nst_nat_rule *cands;
	size_t n_cands, cap_cands;
	struct nst_nat_rule *out;
	size_t n_out, cap_out;
	struct nst_nat_walk st;
};

static void chain(struct set *s, const char *table, const char *name, const char *hook, const char *type, int prio)
{
	struct nst_fw_chain *c = nst_fw_add_chain(&s->rs);

	snprintf(c->family, sizeof(c->family), "ip");
	snprintf(c->table, sizeof(c->table), "%s", table);
	snprintf(c->name, sizeof(c->name), "%s", name);
	if (hook) {
		c->base = true;
		snprintf(c->hook, sizeof(c->hook), "%s", hook);
		snprintf(c->type, sizeof(c->type), "%s", type);
		c->priority = prio;
		c->has_policy = true;
		c->policy_accept = true;
	}
}

/* A rule; cond "" is unconditional; iif: the structured field (also in cond, as the decoder does). */
static struct nst_fw_rule *rule(struct set *s, const char *table, const char *ch, uint64_t handle,
				enum nst_fw_verdict_kind k, const char *target, const char *cond, const char *iif)
{
	struct nst_fw_rule *r = nst_fw_add_rule(&s->rs);

	snprintf(r->family, sizeof(r->family), "ip");
	snprintf(r->table, sizeof(r->table), "%s", table);
	snprintf(r->chain, sizeof(r->chain), "%s", ch);
	r->handle = handle;
	r->verdict.kind = k;
	snprintf(r->verdict.target, sizeof(r->verdict.target), "%s", target ? target : "");
	snprintf(r->cond, sizeof(r->cond), "%s", cond);
	snprintf(r->match.iif, sizeof(r->match.iif), "%s", iif ? iif : "");
	r->match.other = strstr(cond, "fib") != NULL;
	return r;
}

/* A NAT rule: the ruleset's rule and its decoded record (cand). */
static void nat(struct set *s, const char *table, const char *ch, uint64_t handle, enum nst_nat_type t,
		const char *cond, const char *iif, const char *to)
{
	rule(s, table, ch, handle, t == NST_NAT_DNAT ? NST_FV_DNAT : t == NST_NAT_MASQ ? NST_FV_MASQUERADE : NST_FV_SNAT,
	     NULL, cond, iif);
	struct nst_nat_rule *c = xgrow(&s->cands, &s->n_cands, &s->cap_cands, sizeof(*c));
	memset(c, 0, sizeof(*c));
	snprintf(c->family, sizeof(c->family), "ip");
	snprintf(c->table, sizeof(c->table), "%s", table);
	snprintf(c->chain, sizeof(c->chain), "%s", ch);
	c->handle = handle;
	c->type = t;
	snprintf(c->cond, sizeof(c->cond), "%s", cond);
	snprintf(c->match.iif, sizeof(c->match.iif), "%s", iif ? iif : "");
	snprintf(c->to_addr, sizeof(c->to_addr), "%s", to);
}

static void walk(struct set *s)
{
	nst_nat_paths(&s->rs, s->cands, s->n_cands, &s->out, &s->n_out, &s->cap_out, &s->st);
}

static void done(struct set *s)
{
	nst_fw_clear(&s->rs);
	free(s->cands);
	free(s->out);
	memset(s, 0, sizeof(*s));
}

static const char *path_str(const struct nst_nat_rule *r)
{
	static char buf[2048];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->n_path; i++) {
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? ">" : "", nst_nat_path(r, i));
	}
	return buf;
}

/* docker run -p 8080:80 as dockerd writes it with iptables-nft; chains stored out of hook order */
static void test_docker(void)
{
	struct set s = { 0 };

	chain(&s, "nat", "POSTROUTING", "postrouting", "nat", 100);
	chain(&s, "nat", "DOCKER", NULL, NULL, 0);
	chain(&s, "nat", "OUTPUT", "output", "nat", -100);
	chain(&s, "nat", "PREROUTING", "prerouting", "nat", -100);
	chain(&s, "filter", "FORWARD", "forward", "filter", 0);
	nat(&s, "nat", "POSTROUTING", 3, NST_NAT_MASQ, "ip saddr 172.17.0.0/16 oifname != \"docker0\"", NULL, "");
	rule(&s, "nat", "DOCKER", 4, NST_FV_RETURN, NULL, "iifname \"docker0\"", "docker0");
	nat(&s, "nat", "DOCKER", 5, NST_NAT_DNAT, "iifname != \"docker0\" tcp dport 8080", "!= docker0", "172.17.0.4");
	rule(&s, "nat", "OUTPUT", 2, NST_FV_JUMP, "DOCKER", "ip daddr != 127.0.0.0/8 fib daddr type local", NULL);
	rule(&s, "nat", "PREROUTING", 1, NST_FV_JUMP, "DOCKER", "fib daddr type local", NULL);
	walk(&s);
	CHECK_INT(s.n_out, 3);
	CHECK_INT(s.st.paths, 3);
	if (s.n_out == 3) {
		CHECK_STR(s.out[0].hook, "prerouting");
		CHECK_STR(s.out[0].chain, "DOCKER");
		CHECK_INT(s.out[0].handle, 5);
		CHECK_STR(path_str(&s.out[0]), "PREROUTING>DOCKER");
		CHECK_STR(s.out[0].eff_match, "fib daddr type local iifname != \"docker0\" tcp dport 8080");
		CHECK_STR(s.out[0].match.iif, "!= docker0");
		CHECK(s.out[0].match.other); /* the path's fib match */
		CHECK_INT(s.out[0].path_via[0], 1);
		CHECK_INT(s.out[0].path_via[1], 5);
		CHECK(s.out[0].divert == 2); /* DOCKER's return comes first */
		CHECK_INT(s.out[0].priority, -100);
		CHECK_STR(s.out[1].hook, "output");
		CHECK_STR(path_str(&s.out[1]), "OUTPUT>DOCKER");
		CHECK_STR(s.out[1].eff_match,
			  "ip daddr != 127.0.0.0/8 fib daddr type local iifname != \"docker0\" tcp dport 8080");
		CHECK_STR(s.out[2].hook, "postrouting");
		CHECK_STR(path_str(&s.out[2]), "POSTROUTING");
		CHECK_INT(s.out[2].priority, 100);
		CHECK(s.out[2].type == NST_NAT_MASQ);
	}
	/* a jump rule alone is no NAT record, and a NAT statement nobody reaches is none either */
	chain(&s, "nat", "ORPHAN", NULL, NULL, 0);
	nat(&s, "nat", "ORPHAN", 9, NST_NAT_DNAT, "tcp dport 1", NULL, "1.1.1.1");
	walk(&s);
	CHECK_INT(s.n_out, 3);
	done(&s);
}

/* kube-proxy: one endpoint's DNAT reached from two services and two hooks: four records */
static void test_several_paths(void)
{
	struct set s = { 0 };

	chain(&s, "nat", "PREROUTING", "prerouting", "nat", -100);
	chain(&s, "nat", "OUTPUT", "output", "nat", -100);
	chain(&s, "nat", "KUBE-SERVICES", NULL, NULL, 0);
	chain(&s, "nat", "KUBE-SVC-A", NULL, NULL, 0);
	chain(&s, "nat", "KUBE-SVC-B", NULL, NULL, 0);
	chain(&s, "nat", "KUBE-SEP-1", NULL, NULL, 0);
	rule(&s, "nat", "PREROUTING", 1, NST_FV_JUMP, "KUBE-SERVICES", "", NULL);
	rule(&s, "nat", "OUTPUT", 2, NST_FV_JUMP, "KUBE-SERVICES", "", NULL);
	rule(&s, "nat", "KUBE-SERVICES", 3, NST_FV_JUMP, "KUBE-SVC-A", "ip daddr 10.96.0.1 tcp dport 443", NULL);
	rule(&s, "nat", "KUBE-SERVICES", 4, NST_FV_JUMP, "KUBE-SVC-B", "ip daddr 10.96.0.2 tcp dport 80", NULL);
	rule(&s, "nat", "KUBE-SVC-A", 5, NST_FV_JUMP, "KUBE-SEP-1", "", NULL);
	rule(&s, "nat", "KUBE-SVC-B", 6, NST_FV_JUMP, "KUBE-SEP-1", "", NULL);
	nat(&s, "nat", "KUBE-SEP-1", 7, NST_NAT_DNAT, "meta l4proto tcp", NULL, "10.244.0.5");
	walk(&s);
	CHECK_INT(s.n_out, 4);
	if (s.n_out == 4) {
		CHECK_STR(path_str(&s.out[0]), "PREROUTING>KUBE-SERVICES>KUBE-SVC-A>KUBE-SEP-1");
		CHECK_STR(s.out[0].eff_match, "ip daddr 10.96.0.1 tcp dport 443 meta l4proto tcp");
		CHECK_STR(path_str(&s.out[1]), "PREROUTING>KUBE-SERVICES>KUBE-SVC-B>KUBE-SEP-1");
		CHECK_STR(s.out[1].eff_match, "ip daddr 10.96.0.2 tcp dport 80 meta l4proto tcp");
		CHECK_STR(s.out[2].hook, "output");
		CHECK_INT(s.out[3].handle, 7);
		CHECK(s.out[1].divert == 2); /* the jump to KUBE-SVC-A in KUBE-SERVICES may take the packet first */
		/* one rule, four records: each path its own key */
		for (int i = 0; i < 4; i++) {
			for (int k = 0; k < i; k++) {
				CHECK(s.out[i].path_key != s.out[k].path_key);
			}
		}
		uint64_t key = s.out[2].path_key;
		walk(&s);
		CHECK(s.out[2].path_key == key);
	}
	done(&s);
}

/* loops (the kernel refuses them; a model may hold one) and the kernel's jump depth */
static void test_cycles_depth(void)
{
	struct set s = { 0 };
	char a[16], b[16];

	chain(&s, "nat", "A", "prerouting", "nat", -100);
	chain(&s, "nat", "B", NULL, NULL, 0);
	chain(&s, "nat", "C", NULL, NULL, 0);
	rule(&s, "nat", "A", 1, NST_FV_JUMP, "B", "", NULL);
	rule(&s, "nat", "B", 2, NST_FV_JUMP, "A", "tcp dport 1", NULL);
	rule(&s, "nat", "B", 3, NST_FV_JUMP, "B", "tcp dport 2", NULL);
	rule(&s, "nat", "B", 4, NST_FV_GOTO, "C", "tcp dport 3", NULL);
	nat(&s, "nat", "C", 5, NST_NAT_DNAT, "", NULL, "1.2.3.4");
	walk(&s);
	CHECK_INT(s.n_out, 1);
	CHECK_INT(s.st.too_deep, 2);
	CHECK_STR(path_str(&s.out[0]), "A>B>C");
	CHECK_STR(s.out[0].eff_match, "tcp dport 3");
	done(&s);

	/* D0 (base) -> D1 -> ... -> D19, a dnat in each: the kernel's stack holds 16 chains */
	for (int i = 0; i < 20; i++) {
		snprintf(a, sizeof(a), "D%d", i);
		chain(&s, "nat", a, i ? NULL : "prerouting", "nat", -100);
	}
	for (int i = 0; i < 20; i++) {
		snprintf(a, sizeof(a), "D%d", i);
		snprintf(b, sizeof(b), "D%d", i + 1);
		nat(&s, "nat", a, (uint64_t)(100 + i), NST_NAT_DNAT, "tcp dport 9", NULL, "1.1.1.1");
		rule(&s, "nat", a, (uint64_t)(200 + i), NST_FV_JUMP, b, "", NULL);
	}
	walk(&s);
	CHECK_INT(s.n_out, NST_FW_JUMP_DEPTH);
	CHECK_INT(s.st.too_deep, 1);
	CHECK(!s.out[NST_NAT_PATH - 1].path_cut);
	CHECK_INT(s.out[NST_NAT_PATH - 1].n_path, NST_NAT_PATH);
	const struct nst_nat_rule *deep = &s.out[NST_FW_JUMP_DEPTH - 1];
	CHECK(deep->path_cut);
	CHECK_INT(deep->n_path, NST_NAT_PATH);
	CHECK_STR(nst_nat_path(deep, NST_NAT_PATH - 2), "D6");
	CHECK_STR(nst_nat_path(deep, NST_NAT_PATH - 1), "D15"); /* the rule's own chain stays last */
	CHECK_STR(deep->chain, "D15");
	done(&s);
}

/* what an unconditional goto, return or NAT statement leaves behind is reached by no packet */
static void test_goto_return(void)
{
	struct set s = { 0 };

	chain(&s, "nat", "P", "prerouting", "nat", -100);
	chain(&s, "nat", "G", NULL, NULL, 0);
	chain(&s, "nat", "R", NULL, NULL, 0);
	rule(&s, "nat", "P", 1, NST_FV_GOTO, "R", "iifname \"eth1\"", "eth1");
	rule(&s, "nat", "P", 2, NST_FV_GOTO, "G", "", NULL);
	nat(&s, "nat", "P", 3, NST_NAT_DNAT, "tcp dport 1", NULL, "1.1.1.1"); /* after the goto: never */
	rule(&s, "nat", "R", 4, NST_FV_RETURN, NULL, "tcp dport 22", NULL);
	nat(&s, "nat", "R", 5, NST_NAT_DNAT, "tcp dport 2", NULL, "2.2.2.2");
	rule(&s, "nat", "R", 6, NST_FV_RETURN, NULL, "", NULL);
	nat(&s, "nat", "R", 7, NST_NAT_DNAT, "tcp dport 3", NULL, "3.3.3.3"); /* after an unconditional return */
	nat(&s, "nat", "G", 8, NST_NAT_DNAT, "", NULL, "4.4.4.4");
	nat(&s, "nat", "G", 9, NST_NAT_DNAT, "tcp dport 5", NULL, "5.5.5.5"); /* after an unconditional dnat */
	walk(&s);
	CHECK_INT(s.n_out, 2);
	if (s.n_out == 2) {
		CHECK_INT(s.out[0].handle, 5);
		CHECK_STR(s.out[0].eff_match, "iifname \"eth1\" tcp dport 2");
		CHECK_STR(s.out[0].match.iif, "eth1");
		CHECK(s.out[0].divert == 2); /* R's conditional return */
		CHECK_INT(s.out[1].handle, 8);
		CHECK_STR(path_str(&s.out[1]), "P>G");
		CHECK(s.out[1].divert == 1); /* P's conditional goto to R */
	}
	done(&s);
}

/* the rule's own fields win over the path's; a path field fills an empty one; two differing: other */
static void test_merge(void)
{
	struct set s = { 0 };

	chain(&s, "nat", "P", "prerouting", "nat", -100);
	chain(&s, "nat", "X", NULL, NULL, 0);
	struct nst_fw_rule *j = rule(&s, "nat", "P", 1, NST_FV_JUMP, "X", "iifname \"eth0\" tcp dport 80", "eth0");
	snprintf(j->match.dport, sizeof(j->match.dport), "80");
	snprintf(j->match.proto, sizeof(j->match.proto), "tcp");
	nat(&s, "nat", "X", 2, NST_NAT_DNAT, "iifname \"eth1\"", "eth1", "1.1.1.1");
	walk(&s);
	CHECK_INT(s.n_out, 1);
	CHECK_STR(s.out[0].match.iif, "eth1");
	CHECK_STR(s.out[0].match.dport, "80");
	CHECK_STR(s.out[0].match.proto, "tcp");
	CHECK(s.out[0].match.other);
	done(&s);
}

/* 14 levels of 4 jumps each to the next (4^13 paths) to one dnat, walked */
static void walk_diamond(struct set *s)
{
	char a[16], b[16];

	for (int i = 0; i < 14; i++) {
		snprintf(a, sizeof(a), "L%d", i);
		chain(s, "nat", a, i ? NULL : "prerouting", "nat", -100);
	}
	for (int i = 0; i < 13; i++) {
		snprintf(a, sizeof(a), "L%d", i);
		snprintf(b, sizeof(b), "L%d", i + 1);
		for (int k = 0; k < 4; k++) {
			rule(s, "nat", a, (uint64_t)(i * 10 + k + 1), NST_FV_JUMP, b, "tcp dport 1", NULL);
		}
	}
	nat(s, "nat", "L13", 999, NST_NAT_DNAT, "", NULL, "1.1.1.1");
	walk(s);
}

/* a diamond: the walk stops and says so */
static void test_diamond(void)
{
	struct set s = { 0 };
	clock_t t0 = clock();

	walk_diamond(&s);
	CHECK_INT(s.n_out, NST_NAT_PATHS_MAX);
	CHECK(s.st.left_out > 0);
	CHECK(s.st.steps_out);
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
	done(&s);
}

/* hooks in packet order, then priority; only nat base chains of ip, ip6, inet start a walk */
static void test_order(void)
{
	struct set s = { 0 };

	chain(&s, "nat", "POSTROUTING", "postrouting", "nat", 100);
	chain(&s, "late", "pre", "prerouting", "nat", 50);
	chain(&s, "early", "pre", "prerouting", "nat", -200);
	chain(&s, "filter", "FORWARD", "forward", "filter", 0);
	nat(&s, "nat", "POSTROUTING", 1, NST_NAT_SNAT, "", NULL, "9.9.9.9");
	nat(&s, "late", "pre", 2, NST_NAT_DNAT, "tcp dport 2", NULL, "2.2.2.2");
	nat(&s, "early", "pre", 3, NST_NAT_DNAT, "tcp dport 3", NULL, "3.3.3.3");
	nat(&s, "filter", "FORWARD", 4, NST_NAT_DNAT, "tcp dport 4", NULL, "4.4.4.4"); /* not a nat chain */
	walk(&s);
	CHECK_INT(s.n_out, 3);
	if (s.n_out == 3) {
		CHECK_INT(s.out[0].handle, 3);
		CHECK_INT(s.out[0].priority, -200);
		CHECK_INT(s.out[1].handle, 2);
		CHECK_INT(s.out[2].handle, 1);
	}
	CHECK(nst_fw_rule_is_nat(&s.rs.rules[0]));
	done(&s);
	struct nst_fw_rule r = { .verdict = { .kind = NST_FV_XT } };
	snprintf(r.verdict.target, sizeof(r.verdict.target), "MASQUERADE");
	CHECK(nst_fw_rule_is_nat(&r));
	snprintf(r.verdict.target, sizeof(r.verdict.target), "LOG");
	CHECK(!nst_fw_rule_is_nat(&r));
	CHECK(nst_fw_xt_continues("LOG"));
	CHECK(!nst_fw_xt_continues("REJECT"));
}

static size_t diag_count(const struct nst_ns *ns, const char *what)
{
	size_t n = 0;

	for (size_t i = 0; i < ns->diag.n; i++) {
		n += strstr(ns->diag.v[i], what) != NULL;
	}
	return n;
}

/* the walk's records into a namespace of a model, then its diagnostics */
static struct nst_ns *diag_ns(struct nst_model *m, struct set *s, int ip_forward)
{
	struct nst_ns *ns = nst_model_add_ns(m, "x", NST_NS_NAMED, (struct nst_ns_id){ 1, (uint64_t)m->n_ns + 1 });
	struct nst_link *lo = nst_ns_add_link(ns, 1, "lo");

	snprintf(lo->kind, sizeof(lo->kind), "loopback");
	ns->ip_forward = ip_forward;
	walk(s);
	ns->nat = s->out;
	ns->n_nat = s->n_out;
	ns->cap_nat = s->cap_out;
	s->out = NULL;
	s->n_out = s->cap_out = 0;
	nst_model_resolve_nat(m);
	return ns;
}

/* ip_forward 0 matters for a prerouting DNAT or forwarded source NAT only; Docker's DNS is local */
static void test_diag_forward(void)
{
	struct nst_model *m = nst_model_create();
	struct set s = { 0 };

	chain(&s, "nat", "OUTPUT", "output", "nat", -100);
	chain(&s, "nat", "POSTROUTING", "postrouting", "nat", 100);
	chain(&s, "nat", "DOCKER_OUTPUT", NULL, NULL, 0);
	chain(&s, "nat", "DOCKER_POSTROUTING", NULL, NULL, 0);
	rule(&s, "nat", "OUTPUT", 1, NST_FV_JUMP, "DOCKER_OUTPUT", "ip daddr 127.0.0.11", NULL);
	rule(&s, "nat", "POSTROUTING", 2, NST_FV_JUMP, "DOCKER_POSTROUTING", "ip daddr 127.0.0.11", NULL);
	nat(&s, "nat", "DOCKER_OUTPUT", 3, NST_NAT_DNAT, "ip daddr 127.0.0.11 tcp dport 53", NULL, "127.0.0.11");
	nat(&s, "nat", "DOCKER_POSTROUTING", 4, NST_NAT_SNAT, "ip saddr 127.0.0.11 tcp sport 41225", NULL, "");
	snprintf(s.cands[1].match.saddr, sizeof(s.cands[1].match.saddr), "127.0.0.11");
	struct nst_ns *ctr = diag_ns(m, &s, 0);
	CHECK_INT(ctr->n_nat, 2);
	CHECK_INT(ctr->diag.n, 0); /* no ip_forward warning, and 127.0.0.11 is the namespace's own */
	CHECK(ctr->nat[0].target_found);
	CHECK_STR(ctr->nat[0].target_link, "lo");
	done(&s);

	chain(&s, "nat", "PREROUTING", "prerouting", "nat", -100);
	chain(&s, "nat", "POSTROUTING", "postrouting", "nat", 100);
	nat(&s, "nat", "POSTROUTING", 5, NST_NAT_MASQ, "oifname \"lo\"", NULL, "");
	snprintf(s.cands[0].match.oif, sizeof(s.cands[0].match.oif), "lo");
	struct nst_ns *lo_only = diag_ns(m, &s, 0);
	CHECK_INT(diag_count(lo_only, "ip_forward is 0"), 0);
	done(&s);

	chain(&s, "nat", "PREROUTING", "prerouting", "nat", -100);
	chain(&s, "nat", "POSTROUTING", "postrouting", "nat", 100);
	nat(&s, "nat", "PREROUTING", 6, NST_NAT_DNAT, "tcp dport 80", NULL, "9.9.9.9");
	nat(&s, "nat", "POSTROUTING", 7, NST_NAT_MASQ, "ip saddr 172.17.0.0/16", NULL, "");
	snprintf(s.cands[1].match.saddr, sizeof(s.cands[1].match.saddr), "172.17.0.0/16");
	struct nst_ns *host = diag_ns(m, &s, 0);
	CHECK_INT(diag_count(host, "2 NAT rules here but net.ipv4.ip_forward is 0"), 1);
	CHECK_INT(diag_count(host, "no visible namespace owns 9.9.9.9"), 1);
	done(&s);
	nst_model_destroy(m);
}

/* A verdict map lets a key it has no element for go on; an unconditional SET target goes on too. */
static void test_vmap_and_set_go_on(void)
{
	struct set s = { 0 };

	chain(&s, "nat", "PREROUTING", "prerouting", "nat", -100);
	rule(&s, "nat", "PREROUTING", 1, NST_FV_VMAP, "svc", "", NULL);
	rule(&s, "nat", "PREROUTING", 2, NST_FV_XT, "SET", "", NULL);
	nat(&s, "nat", "PREROUTING", 3, NST_NAT_DNAT, "tcp dport 80", NULL, "10.0.0.1");
	walk(&s);
	CHECK_INT(s.n_out, 1);
	done(&s);
}

/* a DNAT an earlier one with the same effective match catches first; not when something may divert */
static void test_diag_shadow(void)
{
	struct nst_model *m = nst_model_create();
	struct set s = { 0 };

	chain(&s, "nat", "PREROUTING", "prerouting", "nat", -100);
	chain(&s, "nat", "X", NULL, NULL, 0);
	chain(&s, "nat", "Y", NULL, NULL, 0);
	nat(&s, "nat", "PREROUTING", 1, NST_NAT_DNAT, "tcp dport 9000", NULL, "1.1.1.1");
	nat(&s, "nat", "PREROUTING", 2, NST_NAT_DNAT, "tcp dport 9000", NULL, "2.2.2.2");
	rule(&s, "nat", "PREROUTING", 3, NST_FV_JUMP, "X", "iifname \"eth0\"", "eth0");
	rule(&s, "nat", "PREROUTING", 4, NST_FV_JUMP, "Y", "iifname \"eth0\"", "eth0");
	/* every packet it matches went to X (which catches or returns it) and then to Y, which catches it */
	nat(&s, "nat", "PREROUTING", 8, NST_NAT_DNAT, "iifname \"eth0\" tcp dport 7", NULL, "5.5.5.5");
	rule(&s, "nat", "X", 5, NST_FV_RETURN, NULL, "ip saddr 10.0.0.1", NULL);
	nat(&s, "nat", "X", 6, NST_NAT_DNAT, "tcp dport 7", NULL, "3.3.3.3");
	nat(&s, "nat", "Y", 7, NST_NAT_DNAT, "tcp dport 7", NULL, "4.4.4.4"); /* X may return first: not shadowed */
	struct nst_ns *ns = diag_ns(m, &s, 1);
	CHECK_INT(ns->n_nat, 5);
	CHECK_INT(diag_count(ns, "never hits"), 2);
	CHECK_INT(diag_count(ns, "dnat in ip nat PREROUTING handle 2 never hits: ip nat PREROUTING handle 1 before it "
				 "has the same match (tcp dport 9000)"), 1);
	CHECK_INT(diag_count(ns, "handle 8 never hits: ip nat Y handle 7 before"), 1);
	CHECK_INT(diag_count(ns, "handle 7 never hits"), 0); /* X's return lets some past handle 6 */
	done(&s);

	/* a chance match (statistic) passes some packets on: the same text is not the same match */
	chain(&s, "nat", "PREROUTING", "prerouting", "nat", -100);
	nat(&s, "nat", "PREROUTING", 1, NST_NAT_DNAT, "tcp dport 80 meta random & 2147483647 < 1073741824", NULL,
	    "1.1.1.1");
	nat(&s, "nat", "PREROUTING", 2, NST_NAT_DNAT, "tcp dport 80 meta random & 2147483647 < 1073741824", NULL,
	    "2.2.2.2");
	s.cands[0].match.chance = s.cands[1].match.chance = true;
	ns = diag_ns(m, &s, 1);
	CHECK_INT(diag_count(ns, "never hits"), 0);
	done(&s);

	/* an inet `dnat ip6 to` does nothing to IPv4: a later inet `dnat ip to` with the same match hits */
	chain(&s, "nat", "PREROUTING", "prerouting", "nat", -100);
	nat(&s, "nat", "PREROUTING", 1, NST_NAT_DNAT, "tcp dport 80", NULL, "fd00::1");
	nat(&s, "nat", "PREROUTING", 2, NST_NAT_DNAT, "tcp dport 80", NULL, "10.0.0.1");
	nat(&s, "nat", "PREROUTING", 3, NST_NAT_DNAT, "tcp dport 80", NULL, "10.0.0.2");
	for (size_t i = 0; i < s.rs.n_chains; i++) {
		snprintf(s.rs.chains[i].family, sizeof(s.rs.chains[i].family), "inet");
	}
	for (size_t i = 0; i < s.rs.n_rules; i++) {
		snprintf(s.rs.rules[i].family, sizeof(s.rs.rules[i].family), "inet");
	}
	for (size_t i = 0; i < s.n_cands; i++) {
		snprintf(s.cands[i].family, sizeof(s.cands[i].family), "inet");
	}
	ns = diag_ns(m, &s, 1);
	CHECK_INT(diag_count(ns, "handle 2 never hits"), 0);
	CHECK_INT(diag_count(ns, "handle 3 never hits: inet nat PREROUTING handle 2 before"), 1);
	done(&s);
	nst_model_destroy(m);
}

/* one rule on several paths: its warnings once; shadowed on one path but reached on another: it hits */
static void test_diag_once(void)
{
	struct nst_model *m = nst_model_create();
	struct set s = { 0 };

	chain(&s, "nat", "PREROUTING", "prerouting", "nat", -100);
	chain(&s, "nat", "OUTPUT", "output", "nat", -100);
	chain(&s, "nat", "X", NULL, NULL, 0);
	nat(&s, "nat", "PREROUTING", 1, NST_NAT_DNAT, "tcp dport 5", NULL, "1.1.1.1");
	rule(&s, "nat", "PREROUTING", 2, NST_FV_JUMP, "X", "", NULL);
	rule(&s, "nat", "OUTPUT", 3, NST_FV_JUMP, "X", "", NULL);
	nat(&s, "nat", "X", 4, NST_NAT_DNAT, "tcp dport 5", NULL, "2.2.2.2");
	struct nst_ns *ns = diag_ns(m, &s, 0);
	CHECK_INT(ns->n_nat, 3);
	CHECK_INT(diag_count(ns, "no visible namespace owns 2.2.2.2"), 1);
	CHECK_INT(diag_count(ns, "never hits"), 0); /* from OUTPUT nothing comes first */
	CHECK_INT(diag_count(ns, "2 NAT rules here but net.ipv4.ip_forward is 0"), 1);
	done(&s);

	/* without the OUTPUT path every path to handle 4 is shadowed */
	chain(&s, "nat", "PREROUTING", "prerouting", "nat", -100);
	chain(&s, "nat", "X", NULL, NULL, 0);
	nat(&s, "nat", "PREROUTING", 1, NST_NAT_DNAT, "tcp dport 5", NULL, "1.1.1.1");
	rule(&s, "nat", "PREROUTING", 2, NST_FV_JUMP, "X", "", NULL);
	nat(&s, "nat", "X", 4, NST_NAT_DNAT, "tcp dport 5", NULL, "2.2.2.2");
	ns = diag_ns(m, &s, 1);
	CHECK_INT(diag_count(ns, "nat: dnat in ip nat X handle 4 never hits: ip nat PREROUTING handle 1 before it"), 1);
	done(&s);

	/* kube-proxy's endpoints: the same text, `xt match "statistic"`, for different probabilities */
	for (int raw = 1; raw >= 0; raw--) {
		chain(&s, "nat", "SVC", "prerouting", "nat", -100);
		chain(&s, "nat", "SEP1", NULL, NULL, 0);
		chain(&s, "nat", "SEP2", NULL, NULL, 0);
		rule(&s, "nat", "SVC", 1, NST_FV_JUMP, "SEP1", "xt match \"statistic\"", NULL)->raw = raw;
		rule(&s, "nat", "SVC", 2, NST_FV_JUMP, "SEP2", "xt match \"statistic\"", NULL)->raw = raw;
		nat(&s, "nat", "SEP1", 3, NST_NAT_DNAT, "meta l4proto tcp", NULL, "1.1.1.1");
		nat(&s, "nat", "SEP2", 4, NST_NAT_DNAT, "meta l4proto tcp", NULL, "2.2.2.2");
		ns = diag_ns(m, &s, 1);
		CHECK_INT(diag_count(ns, "SEP2 handle 4 never hits"), raw ? 0 : 1);
		done(&s);
	}
	nst_model_destroy(m);
}

/*
 * Random rulesets (jumps, gotos, returns, loops, NAT anywhere): the walk ends,
 * keeps its bounds, and every record's path is a way the ruleset has: a nat
 * base chain first, each next chain the target of the rule path_via names in
 * the one before, the rule's own chain last. The forward evaluator ends too.
 */
static void test_random(void)
{
	unsigned seed = 12345;
	char a[16], b[16];
	size_t total = 0, deep = 0;

	for (int round = 0; round < 300; round++) {
		struct set s = { 0 };
		int n_chains = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 20;

		for (int c = 0; c < n_chains; c++) {
			bool base = c < 2;
			snprintf(a, sizeof(a), "C%d", c);
			chain(&s, "nat", a, base ? (c ? "output" : "prerouting") : NULL, "nat", -100);
		}
		for (int c = 0; c < n_chains; c++) {
			int n_rules = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 8;
			snprintf(a, sizeof(a), "C%d", c);
			for (int k = 0; k < n_rules; k++) {
				unsigned r = (seed = seed * 1103515245u + 12345u) >> 16;
				uint64_t h = (uint64_t)(c * 100 + k + 1);
				const char *cond = r & 1 ? "tcp dport 1" : "";
				snprintf(b, sizeof(b), "C%u", (r >> 3) % (unsigned)n_chains);
				switch ((r >> 1) % 4) {
				case 0:
					nat(&s, "nat", a, h, NST_NAT_DNAT, cond, NULL, "1.1.1.1");
					break;
				case 1:
					rule(&s, "nat", a, h, NST_FV_JUMP, b, cond, NULL);
					break;
				case 2:
					rule(&s, "nat", a, h, NST_FV_GOTO, b, cond, NULL);
					break;
				default:
					rule(&s, "nat", a, h, NST_FV_RETURN, NULL, cond, NULL);
					break;
				}
			}
		}
		walk(&s);
		CHECK(s.n_out <= NST_NAT_PATHS_MAX);
		CHECK_INT(s.st.paths, s.n_out);
		total += s.n_out;
		for (size_t i = 0; i < s.n_out; i++) {
			const struct nst_nat_rule *r = &s.out[i];
			bool ok = r->n_path >= 1 && r->n_path <= NST_NAT_PATH;
			ok = ok && (strcmp(nst_nat_path(r, 0), "C0") == 0 || strcmp(nst_nat_path(r, 0), "C1") == 0);
			ok = ok && strcmp(nst_nat_path(r, r->n_path - 1), r->chain) == 0 && r->path_via[r->n_path - 1] == r->handle;
			for (size_t d = 0; ok && d + 1 < r->n_path && !r->path_cut; d++) {
				bool found = false;
				for (size_t k = 0; k < s.rs.n_rules; k++) {
					const struct nst_fw_rule *j = &s.rs.rules[k];
					found |= j->handle == r->path_via[d] && strcmp(j->chain, nst_nat_path(r, d)) == 0 &&
						 strcmp(j->verdict.target, nst_nat_path(r, d + 1)) == 0;
				}
				ok = found;
			}
			CHECK(ok);
			deep += r->n_path > 2;
			if (!ok) {
				break;
			}
		}
		done(&s);
	}
	/* the rounds made what they test: records, and paths through several chains */
	printf("random rulesets: %zu records, %zu through more than two chains\n", total, deep);
	CHECK(total > 300);
	CHECK(deep > 30);
}

/* chain names of the longest kind (255 bytes): the base chain's and the rule's own stay whole, the
 * middle ones that do not fit beside them are left out and the path says path_cut */
static void test_long_names(void)
{
	struct set s = { 0 };
	char n[4][NST_NFT_NAMELEN];

	for (int i = 0; i < 4; i++) {
		memset(n[i], 'a' + i, NST_NFT_NAMELEN - 1);
		n[i][NST_NFT_NAMELEN - 1] = '\0';
		chain(&s, "nat", n[i], i ? NULL : "prerouting", "nat", -100);
	}
	for (int i = 0; i < 3; i++) {
		rule(&s, "nat", n[i], (uint64_t)(10 + i), NST_FV_JUMP, n[i + 1], "tcp dport 1", NULL);
	}
	nat(&s, "nat", n[3], 20, NST_NAT_DNAT, "", NULL, "1.2.3.4");
	/* and a short path beside it: a base chain with a short name, one chain, whole */
	chain(&s, "nat", "P", "output", "nat", -100);
	chain(&s, "nat", "Q", NULL, NULL, 0);
	rule(&s, "nat", "P", 30, NST_FV_JUMP, "Q", "", NULL);
	nat(&s, "nat", "Q", 31, NST_NAT_DNAT, "", NULL, "1.2.3.5");
	walk(&s);
	CHECK_INT(s.n_out, 2);
	const struct nst_nat_rule *r = &s.out[0];
	CHECK_INT(r->n_path, 2);
	CHECK(r->path_cut);
	CHECK_STR(nst_nat_path(r, 0), n[0]);
	CHECK_STR(nst_nat_path(r, 1), n[3]);
	CHECK_INT(r->path_via[0], 10);
	CHECK_INT(r->path_via[1], 20);
	CHECK_STR(r->eff_match, "tcp dport 1 tcp dport 1 tcp dport 1");
	r = &s.out[1];
	CHECK_INT(r->n_path, 2);
	CHECK(!r->path_cut);
	CHECK_STR(path_str(r), "P>Q");
	CHECK_INT(r->path_via[0], 30);
	/* the accessors: a name that does not fit is refused, the record unchanged */
	struct nst_nat_rule x;
	memset(&x, 0, sizeof(x));
	CHECK(nst_nat_path_add(&x, n[0], strlen(n[0])));
	CHECK(nst_nat_path_add(&x, n[1], strlen(n[1])));
	CHECK_INT(nst_nat_path_room(&x), 0);
	CHECK(!nst_nat_path_add(&x, "z", 1));
	CHECK_INT(x.n_path, 2);
	CHECK_STR(nst_nat_path(&x, 1), n[1]);
	done(&s);
}

/* past NST_NAT_PATHS_MAX the walk counts what it leaves out: the counts are exact (the walk keeps
 * them by chain and stack instead of walking the same chain again), the step budget too */
static void test_cap_counts(void)
{
	struct set s = { 0 };
	char a[16];

	chain(&s, "nat", "P", "prerouting", "nat", -100);
	chain(&s, "nat", "A", NULL, NULL, 0);
	chain(&s, "nat", "B", NULL, NULL, 0);
	chain(&s, "nat", "C", NULL, NULL, 0);
	rule(&s, "nat", "P", 1, NST_FV_JUMP, "A", "", NULL);
	for (int i = 0; i < 200; i++) { /* rules chain by chain, as the kernel dumps them */
		snprintf(a, sizeof(a), "tcp dport %d", i % 100 + 1);
		rule(&s, "nat", i < 100 ? "A" : "B", (uint64_t)(100 + i), NST_FV_JUMP, i < 100 ? "B" : "C", a, NULL);
	}
	rule(&s, "nat", "C", 501, NST_FV_JUMP, "A", "", NULL); /* back onto the stack: not followed */
	nat(&s, "nat", "C", 500, NST_NAT_DNAT, "", NULL, "1.1.1.1");
	walk(&s);
	CHECK_INT(s.n_out, NST_NAT_PATHS_MAX);
	CHECK_INT(s.st.paths, NST_NAT_PATHS_MAX);
	CHECK_INT(s.st.left_out, 100 * 100 - NST_NAT_PATHS_MAX);
	CHECK_INT(s.st.too_deep, 100 * 100);
	CHECK(!s.st.steps_out);
	done(&s);

	/* test_diamond's ruleset: 4^13 paths, the step budget ends the walk where it ended before the counts were kept */
	walk_diamond(&s);
	printf("diamond: left_out %zu too_deep %zu steps_out %d\n", s.st.left_out, s.st.too_deep, s.st.steps_out);
	CHECK_INT(s.n_out, NST_NAT_PATHS_MAX);
	CHECK(s.st.steps_out);
	CHECK_INT(s.st.left_out, 445291); /* what the walk counted before it kept counts */
	CHECK_INT(s.st.too_deep, 0);
	done(&s);
}

UNIT_MAIN(test_docker, test_several_paths, test_cycles_depth, test_goto_return, test_merge, test_diamond, test_order,
	  test_diag_forward, test_vmap_and_set_go_on, test_diag_shadow, test_diag_once, test_random, test_long_names,
	  test_cap_counts)
