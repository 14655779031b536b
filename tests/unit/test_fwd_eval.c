/* SPDX-License-Identifier: MIT */
/* The forward evaluator (fwd_eval.h) on hand-built rulesets: Docker's FORWARD trap, may-match, gotos, loops. */
#include <stdio.h>
#include <string.h>

#include "fwd_eval.h"
#include "unit.h"

static void chain(struct nst_fw_ruleset *rs, const char *fam, const char *table, const char *name, const char *hook,
		  int prio, bool accept)
{
	struct nst_fw_chain *c = nst_fw_add_chain(rs);

	snprintf(c->family, sizeof(c->family), "%s", fam);
	snprintf(c->table, sizeof(c->table), "%s", table);
	snprintf(c->name, sizeof(c->name), "%s", name);
	if (hook) {
		c->base = true;
		snprintf(c->hook, sizeof(c->hook), "%s", hook);
		snprintf(c->type, sizeof(c->type), "filter");
		c->priority = prio;
		c->has_policy = true;
		c->policy_accept = accept;
	}
}

static struct nst_fw_rule *rule(struct nst_fw_ruleset *rs, const char *fam, const char *table, const char *ch,
				uint64_t handle, const char *iif, const char *oif, enum nst_fw_verdict_kind k,
				const char *target)
{
	struct nst_fw_rule *r = nst_fw_add_rule(rs);

	snprintf(r->family, sizeof(r->family), "%s", fam);
	snprintf(r->table, sizeof(r->table), "%s", table);
	snprintf(r->chain, sizeof(r->chain), "%s", ch);
	r->handle = handle;
	snprintf(r->match.iif, sizeof(r->match.iif), "%s", iif ? iif : "");
	snprintf(r->match.oif, sizeof(r->match.oif), "%s", oif ? oif : "");
	r->verdict.kind = k;
	snprintf(r->verdict.target, sizeof(r->verdict.target), "%s", target ? target : "");
	return r;
}

/* dockerd 20.10's filter rules for docker0, FORWARD policy DROP; user: a rule first in DOCKER-USER */
static void docker(struct nst_fw_ruleset *rs, bool user_fix)
{
	const char *f = "filter";

	chain(rs, "ip", f, "FORWARD", "forward", 0, false);
	chain(rs, "ip", f, "DOCKER", NULL, 0, false);
	chain(rs, "ip", f, "DOCKER-ISOLATION-STAGE-1", NULL, 0, false);
	chain(rs, "ip", f, "DOCKER-ISOLATION-STAGE-2", NULL, 0, false);
	chain(rs, "ip", f, "DOCKER-USER", NULL, 0, false);
	rule(rs, "ip", f, "FORWARD", 1, NULL, NULL, NST_FV_JUMP, "DOCKER-USER");
	rule(rs, "ip", f, "FORWARD", 2, NULL, NULL, NST_FV_JUMP, "DOCKER-ISOLATION-STAGE-1");
	struct nst_fw_rule *ct = rule(rs, "ip", f, "FORWARD", 3, NULL, "docker0", NST_FV_ACCEPT, NULL);
	ct->match.other = true; /* -m conntrack --ctstate RELATED,ESTABLISHED */
	rule(rs, "ip", f, "FORWARD", 4, NULL, "docker0", NST_FV_JUMP, "DOCKER");
	rule(rs, "ip", f, "FORWARD", 5, "docker0", "!= docker0", NST_FV_ACCEPT, NULL);
	rule(rs, "ip", f, "FORWARD", 6, "docker0", "docker0", NST_FV_ACCEPT, NULL);
	struct nst_fw_rule *d = rule(rs, "ip", f, "DOCKER", 7, "!= docker0", "docker0", NST_FV_ACCEPT, NULL);
	snprintf(d->match.daddr, sizeof(d->match.daddr), "172.17.0.4");
	rule(rs, "ip", f, "DOCKER-ISOLATION-STAGE-1", 8, "docker0", "!= docker0", NST_FV_JUMP, "DOCKER-ISOLATION-STAGE-2");
	rule(rs, "ip", f, "DOCKER-ISOLATION-STAGE-1", 9, NULL, NULL, NST_FV_RETURN, NULL);
	rule(rs, "ip", f, "DOCKER-ISOLATION-STAGE-2", 10, NULL, "docker0", NST_FV_DROP, NULL);
	rule(rs, "ip", f, "DOCKER-ISOLATION-STAGE-2", 11, NULL, NULL, NST_FV_RETURN, NULL);
	if (user_fix) {
		rule(rs, "ip", f, "DOCKER-USER", 13, "lab0", "lab0", NST_FV_ACCEPT, NULL);
	}
	rule(rs, "ip", f, "DOCKER-USER", 12, NULL, NULL, NST_FV_RETURN, NULL);
}

static void test_docker_trap(void)
{
	struct nst_fw_ruleset rs = { 0 };
	struct nst_fwd_drop d;

	docker(&rs, false);
	nst_fwd_eval(&rs, "lab0", "lab0", &d);
	CHECK(d.dropped);
	CHECK(d.by_policy);
	CHECK(d.chain && strcmp(d.chain->name, "FORWARD") == 0);
	nst_fwd_eval(&rs, "docker0", "docker0", &d);
	CHECK(!d.dropped); /* docker0's own traffic: accepted */
	nst_fwd_eval(&rs, "docker0", "eth0", &d);
	CHECK(!d.dropped);
	nst_fwd_eval(&rs, "eth0", "docker0", &d);
	CHECK(!d.dropped); /* the conntrack accept may match: no claim */
	nst_fw_clear(&rs);

	docker(&rs, true);
	nst_fwd_eval(&rs, "lab0", "lab0", &d);
	CHECK(!d.dropped);
	nst_fwd_eval(&rs, "lab1", "lab1", &d);
	CHECK(d.dropped);
	nst_fw_clear(&rs);
}

/* may match: an accept ends the evaluation with no claim, a drop is skipped */
static void test_maybe(void)
{
	struct nst_fw_ruleset rs = { 0 };
	struct nst_fwd_drop d;

	chain(&rs, "ip", "filter", "FORWARD", "forward", 0, false);
	struct nst_fw_rule *r = rule(&rs, "ip", "filter", "FORWARD", 1, NULL, NULL, NST_FV_DROP, NULL);
	snprintf(r->match.dport, sizeof(r->match.dport), "22");
	nst_fwd_eval(&rs, "br0", "br0", &d);
	CHECK(d.dropped && d.by_policy);
	r = rule(&rs, "ip", "filter", "FORWARD", 2, NULL, NULL, NST_FV_ACCEPT, NULL);
	snprintf(r->match.saddr, sizeof(r->match.saddr), "10.0.0.0/8");
	nst_fwd_eval(&rs, "br0", "br0", &d);
	CHECK(!d.dropped);
	nst_fw_clear(&rs);

	/* a sure drop by a rule: named by its handle; iptables' "veth+" is "veth*" */
	chain(&rs, "ip", "filter", "FORWARD", "forward", 0, true);
	rule(&rs, "ip", "filter", "FORWARD", 1, "!= veth*", NULL, NST_FV_ACCEPT, NULL);
	rule(&rs, "ip", "filter", "FORWARD", 2, "veth*", NULL, NST_FV_DROP, NULL);
	nst_fwd_eval(&rs, "veth9", "veth9", &d);
	CHECK(d.dropped && !d.by_policy);
	CHECK_INT(d.rule_handle, 2);
	nst_fwd_eval(&rs, "vet", "x", &d);
	CHECK(!d.dropped);
	nst_fw_clear(&rs);

	/* a name that ends in '*' itself ("lab\*", as nft writes it) is not a prefix: no sure drop of lab0 */
	chain(&rs, "ip", "filter", "FORWARD", "forward", 0, true);
	rule(&rs, "ip", "filter", "FORWARD", 1, "lab\\*", "lab\\*", NST_FV_DROP, NULL);
	nst_fwd_eval(&rs, "lab0", "lab0", &d);
	CHECK(!d.dropped);
	nst_fw_clear(&rs);

	/* ct state: a new connection is not established */
	chain(&rs, "ip", "filter", "FORWARD", "forward", 0, false);
	r = rule(&rs, "ip", "filter", "FORWARD", 1, NULL, NULL, NST_FV_ACCEPT, NULL);
	snprintf(r->match.ct_state, sizeof(r->match.ct_state), "established,related");
	nst_fwd_eval(&rs, "br0", "br0", &d);
	CHECK(d.dropped);
	snprintf(r->match.ct_state, sizeof(r->match.ct_state), "!= invalid");
	nst_fwd_eval(&rs, "br0", "br0", &d);
	CHECK(!d.dropped);
	nst_fw_clear(&rs);
}

/* several base chains: an accept ends one; ip6 chains see no IPv4; goto's return is the caller's */
static void test_chains(void)
{
	struct nst_fw_ruleset rs = { 0 };
	struct nst_fwd_drop d;

	chain(&rs, "inet", "fw", "fwd", "forward", -10, true);
	chain(&rs, "ip6", "six", "fwd", "forward", -20, false);
	chain(&rs, "ip", "filter", "FORWARD", "forward", 0, false);
	chain(&rs, "ip", "filter", "G", NULL, 0, false);
	rule(&rs, "inet", "fw", "fwd", 1, NULL, NULL, NST_FV_ACCEPT, NULL);
	rule(&rs, "ip", "filter", "FORWARD", 2, NULL, NULL, NST_FV_GOTO, "G");
	rule(&rs, "ip", "filter", "FORWARD", 3, NULL, NULL, NST_FV_ACCEPT, NULL); /* never: after the goto */
	rule(&rs, "ip", "filter", "G", 4, "br0", NULL, NST_FV_RETURN, NULL);
	rule(&rs, "ip", "filter", "G", 5, NULL, NULL, NST_FV_ACCEPT, NULL);
	nst_fwd_eval(&rs, "br0", "br0", &d);
	CHECK(d.dropped && d.by_policy);
	CHECK_STR(d.chain->table, "filter");
	nst_fwd_eval(&rs, "br1", "br1", &d);
	CHECK(!d.dropped);
	nst_fw_clear(&rs);

	/* a loop: no claim */
	chain(&rs, "ip", "filter", "FORWARD", "forward", 0, false);
	chain(&rs, "ip", "filter", "A", NULL, 0, false);
	rule(&rs, "ip", "filter", "FORWARD", 1, NULL, NULL, NST_FV_JUMP, "A");
	rule(&rs, "ip", "filter", "A", 2, NULL, NULL, NST_FV_JUMP, "FORWARD");
	nst_fwd_eval(&rs, "br0", "br0", &d);
	CHECK(!d.dropped);
	nst_fw_clear(&rs);
}

static void add_port(struct nst_ns *ns, int ifindex, const char *name, int master)
{
	struct nst_link *l = nst_ns_add_link(ns, ifindex, name);

	snprintf(l->kind, sizeof(l->kind), "veth");
	l->master.ifindex = master;
}

/* the namespace's bridges, the sysctl, the warning and its fix */
static void test_bridges(void)
{
	struct nst_model *m = nst_model_create();
	struct nst_ns *ns = nst_model_add_ns(m, "host", NST_NS_NAMED, (struct nst_ns_id){ 1, 2 });
	struct nst_link *lab = nst_ns_add_link(ns, 2, "lab0");
	struct nst_fwd_drop d;
	struct nst_strv w = { 0 };

	snprintf(lab->kind, sizeof(lab->kind), "bridge");
	add_port(ns, 3, "v1", 2);
	docker(&ns->fw, false);
	ns->br_nf_iptables = 1;
	CHECK(!nst_bridge_fwd_dropped(ns, &ns->links[0], &d)); /* one port: nothing passes between ports */
	add_port(ns, 4, "v2", 2);
	lab = &ns->links[0];
	CHECK(nst_bridge_fwd_dropped(ns, lab, &d));
	nst_model_diagnose(m); /* counts the cut bridges once, for the graph's marker */
	CHECK_INT(ns->bridges_fwd_cut, 1);
	nst_bridge_fwd_warning(ns, lab, &d, &w);
	CHECK_INT(w.n, 1);
	CHECK_STR(w.v[0], "traffic between its ports is dropped by ip filter FORWARD (policy drop; "
			  "bridge-nf-call-iptables = 1): iptables -I DOCKER-USER -i lab0 -o lab0 -j ACCEPT, or "
			  "sysctl net.bridge.bridge-nf-call-iptables=0");
	nst_strv_clear(&w);
	ns->br_nf_iptables = 0;
	CHECK(!nst_bridge_fwd_dropped(ns, lab, &d));
	ns->br_nf_iptables = -1; /* br_netfilter not loaded */
	nst_model_diagnose(m);
	CHECK_INT(ns->bridges_fwd_cut, 0);

	/* no DOCKER-USER: the rule goes first in FORWARD; an nft chain gets an nft command */
	ns->br_nf_iptables = 1;
	nst_fw_clear(&ns->fw);
	chain(&ns->fw, "ip", "filter", "FORWARD", "forward", 0, false);
	CHECK(nst_bridge_fwd_dropped(ns, lab, &d));
	nst_bridge_fwd_warning(ns, lab, &d, &w);
	CHECK(w.n == 1 && strstr(w.v[0], "(policy drop; bridge-nf-call-iptables = 1): "
					 "iptables -I FORWARD -i lab0 -o lab0 -j ACCEPT, or") != NULL);
	nst_strv_clear(&w);
	nst_fw_clear(&ns->fw);
	chain(&ns->fw, "inet", "t", "filter_FORWARD", "forward", 0, true);
	rule(&ns->fw, "inet", "t", "filter_FORWARD", 7, "lab0", NULL, NST_FV_DROP, NULL);
	CHECK(nst_bridge_fwd_dropped(ns, lab, &d));
	nst_bridge_fwd_warning(ns, lab, &d, &w);
	CHECK(w.n == 1 && strstr(w.v[0], "by inet t filter_FORWARD (rule handle 7; bridge-nf-call-iptables = 1): "
					 "nft 'insert rule inet t filter_FORWARD iifname \"lab0\" oifname \"lab0\" accept', or") != NULL);
	nst_strv_clear(&w);
	/* the diagnostics put it on the bridge */
	nst_model_diagnose(m);
	CHECK_INT(ns->links[0].warnings.n, 1);
	nst_model_destroy(m);
}

/*
 * Random forward rulesets (loops, gotos, returns, may-match rules): the
 * evaluator ends, and never claims a drop where nothing can drop (no drop
 * rule, every policy accept); with nothing that can accept (no accept rule,
 * every policy drop, no may-match) it always claims one.
 */
static void test_random(void)
{
	unsigned seed = 777;
	size_t claims = 0;

	for (int round = 0; round < 400; round++) {
		struct nst_fw_ruleset rs = { 0 };
		int n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 12;
		bool no_drop = round % 2 == 0, no_accept = !no_drop;
		char a[16], t[16];
		struct nst_fwd_drop d;

		for (int c = 0; c < n; c++) {
			snprintf(a, sizeof(a), "C%d", c);
			chain(&rs, "ip", "filter", a, c < 2 ? "forward" : NULL, c, no_drop);
		}
		for (int c = 0; c < n; c++) {
			int k = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 6;
			snprintf(a, sizeof(a), "C%d", c);
			for (int i = 0; i < k; i++) {
				unsigned r = (seed = seed * 1103515245u + 12345u) >> 16;
				static const enum nst_fw_verdict_kind kinds[] = { NST_FV_JUMP, NST_FV_GOTO, NST_FV_RETURN,
										  NST_FV_NONE, NST_FV_DROP, NST_FV_ACCEPT };
				enum nst_fw_verdict_kind v = kinds[r % 6];
				if ((no_drop && v == NST_FV_DROP) || (no_accept && v == NST_FV_ACCEPT)) {
					v = NST_FV_NONE;
				}
				snprintf(t, sizeof(t), "C%u", (r >> 4) % (unsigned)n);
				struct nst_fw_rule *x = rule(&rs, "ip", "filter", a, (uint64_t)(c * 10 + i + 1),
							     r & 8 ? "br0" : r & 16 ? "!= br0" : NULL, NULL, v, t);
				x->match.other = no_drop && (r & 32);
			}
		}
		nst_fwd_eval(&rs, "br0", "br0", &d);
		if (no_drop) {
			CHECK(!d.dropped);
		} else {
			/* a loop or too deep a path is "cannot tell": no claim, so only loop-free rounds must claim */
			claims += d.dropped;
		}
		nst_fw_clear(&rs);
	}
	printf("random forward rulesets: %zu of 200 with no way to accept claimed dropped\n", claims);
	CHECK(claims > 100);
}

UNIT_MAIN(test_docker_trap, test_maybe, test_chains, test_bridges, test_random)
