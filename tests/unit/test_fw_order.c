/* SPDX-License-Identifier: MIT */
/* Hook order across tables and families, chain lookups, jump targets and owners (fw_order.h). */
#include <stdio.h>
#include <string.h>

#include "fw_order.h"
#include "unit.h"

static void chain(struct nst_fw_ruleset *rs, const char *fam, const char *table, const char *name, const char *hook,
		  int prio, const char *dev)
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
		snprintf(c->device, sizeof(c->device), "%s", dev ? dev : "");
	}
}

static void rule(struct nst_fw_ruleset *rs, const char *fam, const char *table, const char *ch, enum nst_fw_verdict_kind k,
		 const char *target)
{
	struct nst_fw_rule *r = nst_fw_add_rule(rs);

	snprintf(r->family, sizeof(r->family), "%s", fam);
	snprintf(r->table, sizeof(r->table), "%s", table);
	snprintf(r->chain, sizeof(r->chain), "%s", ch);
	r->verdict.kind = k;
	snprintf(r->verdict.target, sizeof(r->verdict.target), "%s", target ? target : "");
}

static const char *name_at(const struct nst_fw_ruleset *rs, const struct nst_fw_hook *h, size_t i)
{
	static char buf[3][800];
	static int k;
	const struct nst_fw_chain *c = &rs->chains[h->chains[i]];

	k = (k + 1) % 3;
	snprintf(buf[k], sizeof(buf[k]), "%s %s %s", c->family, c->table, c->name);
	return buf[k];
}

static void test_order(void)
{
	struct nst_fw_ruleset rs = { 0 };
	struct nst_fw_order o;

	chain(&rs, "inet", "fw", "fwd", "forward", 0, NULL);
	chain(&rs, "ip", "filter", "FORWARD", "forward", 0, NULL);
	chain(&rs, "ip6", "x", "early", "forward", -10, NULL);
	chain(&rs, "ip", "nat", "POSTROUTING", "postrouting", 100, NULL);
	chain(&rs, "ip", "nat", "PREROUTING", "prerouting", -100, NULL);
	chain(&rs, "ip", "raw", "PREROUTING", "prerouting", -300, NULL);
	chain(&rs, "bridge", "b", "fwd", "forward", 0, NULL);
	chain(&rs, "netdev", "n", "in1", "ingress", 0, "eth1");
	chain(&rs, "netdev", "n", "in0", "ingress", 0, "eth0");
	chain(&rs, "inet", "fw", "ing", "ingress", -5, "eth0");
	chain(&rs, "ip", "filter", "DOCKER", NULL, 0, NULL);
	nst_fw_order_build(&rs, &o);
	CHECK_INT(o.n, 6);
	CHECK_STR(o.hooks[0].hook, "prerouting");
	CHECK_INT(o.hooks[0].n, 2);
	CHECK_STR(name_at(&rs, &o.hooks[0], 0), "ip raw PREROUTING");
	CHECK_STR(o.hooks[1].hook, "forward");
	CHECK_STR(o.hooks[1].family_class, "inet");
	CHECK_INT(o.hooks[1].n, 3);
	CHECK_STR(name_at(&rs, &o.hooks[1], 0), "ip6 x early");
	CHECK_STR(name_at(&rs, &o.hooks[1], 1), "inet fw fwd"); /* equal priority: by family, table, name */
	CHECK_STR(name_at(&rs, &o.hooks[1], 2), "ip filter FORWARD");
	CHECK_STR(o.hooks[2].hook, "postrouting");
	CHECK_STR(o.hooks[3].family_class, "bridge");
	/* ingress per device, inet's with netdev's */
	CHECK_STR(o.hooks[4].family_class, "netdev");
	CHECK_STR(o.hooks[4].device, "eth0");
	CHECK_INT(o.hooks[4].n, 2);
	CHECK_STR(name_at(&rs, &o.hooks[4], 0), "inet fw ing");
	CHECK_STR(o.hooks[5].device, "eth1");
	nst_fw_order_free(&o);
	CHECK_INT(o.n, 0);

	/* rules chain by chain; a jump's target in its own table */
	rule(&rs, "ip", "filter", "FORWARD", NST_FV_JUMP, "DOCKER");
	rule(&rs, "ip", "filter", "FORWARD", NST_FV_JUMP, "NOPE");
	rule(&rs, "ip", "filter", "DOCKER", NST_FV_ACCEPT, NULL);
	size_t first = 99;
	CHECK_INT(nst_fw_chain_rules(&rs, (size_t)nst_fw_chain_find(&rs, "ip", "filter", "FORWARD"), &first), 2);
	CHECK_INT(first, 0);
	CHECK_INT(nst_fw_chain_rules(&rs, (size_t)nst_fw_chain_find(&rs, "ip", "filter", "DOCKER"), &first), 1);
	CHECK_INT(first, 2);
	CHECK_INT(nst_fw_chain_rules(&rs, (size_t)nst_fw_chain_find(&rs, "inet", "fw", "fwd"), &first), 0);
	CHECK_INT(nst_fw_jump_target(&rs, &rs.rules[0]), nst_fw_chain_find(&rs, "ip", "filter", "DOCKER"));
	CHECK_INT(nst_fw_jump_target(&rs, &rs.rules[1]), -1);
	CHECK_INT(nst_fw_jump_target(&rs, &rs.rules[2]), -1);
	CHECK_INT(nst_fw_chain_find(&rs, "ip6", "filter", "DOCKER"), -1);
	/* all at once, through the sorted index: the same answers */
	long all[8];
	size_t first_of[16], count_of[16];
	nst_fw_jump_targets(&rs, all);
	for (size_t i = 0; i < rs.n_rules; i++) {
		CHECK_INT(all[i], nst_fw_jump_target(&rs, &rs.rules[i]));
	}
	nst_fw_chain_spans(&rs, first_of, count_of);
	for (size_t c = 0; c < rs.n_chains; c++) {
		size_t f = 0, n = nst_fw_chain_rules(&rs, c, &f);
		CHECK_INT(count_of[c], n);
		if (n) {
			CHECK_INT(first_of[c], f);
		}
	}
	CHECK_STR(nst_fw_rule_owner(&rs.rules[0]), "Docker"); /* by its jump target */
	CHECK(nst_fw_rule_owner(&rs.rules[1]) == NULL);
	nst_fw_clear(&rs);
}

static void test_owner(void)
{
	CHECK_STR(nst_fw_chain_owner("nat", "DOCKER"), "Docker");
	CHECK_STR(nst_fw_chain_owner("filter", "DOCKER-ISOLATION-STAGE-1"), "Docker");
	CHECK_STR(nst_fw_chain_owner("nat", "NETAVARK-HOSTPORT-DNAT"), "Podman (netavark)");
	CHECK_STR(nst_fw_chain_owner("netavark", "anything"), "Podman (netavark)");
	CHECK_STR(nst_fw_chain_owner("nat", "CNI-HOSTPORT-DNAT"), "CNI");
	CHECK_STR(nst_fw_chain_owner("nat", "KUBE-SVC-ABC"), "kube-proxy");
	CHECK_STR(nst_fw_chain_owner("nstop", "prerouting"), "nstop");
	CHECK(nst_fw_chain_owner("nstop_evil", "prerouting") == NULL); /* not nstop's: its delete asks */
	CHECK(nst_fw_chain_owner("nat", "PREROUTING") == NULL);
	CHECK(nst_fw_chain_owner("filter", "my-DOCKER") == NULL);
}

UNIT_MAIN(test_order, test_owner)
