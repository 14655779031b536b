/* SPDX-License-Identifier: MIT */
/*
 * `--dump`'s firewall section on a hand-built ruleset (golden firewall.txt):
 * tables of several families, base chains with hook, priority, policy and a
 * device, regular chains, rules with counters, comments, every verdict shown
 * for raw rules, and hostile names shown escaped.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "golden.h"
#include "render.h"
#include "unit.h"

static void table(struct nst_fw_ruleset *rs, const char *fam, const char *name, uint64_t handle)
{
	struct nst_fw_table *t = nst_fw_add_table(rs);

	snprintf(t->family, sizeof(t->family), "%s", fam);
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->handle = handle;
}

static struct nst_fw_chain *chain(struct nst_fw_ruleset *rs, const char *fam, const char *tab, const char *name,
				  const char *type, const char *hook, int prio, int policy)
{
	struct nst_fw_chain *c = nst_fw_add_chain(rs);

	snprintf(c->family, sizeof(c->family), "%s", fam);
	snprintf(c->table, sizeof(c->table), "%s", tab);
	snprintf(c->name, sizeof(c->name), "%s", name);
	if (hook) {
		c->base = true;
		snprintf(c->type, sizeof(c->type), "%s", type);
		snprintf(c->hook, sizeof(c->hook), "%s", hook);
		c->priority = prio;
		c->has_policy = policy >= 0;
		c->policy_accept = policy == 1;
	}
	return c;
}

static struct nst_fw_rule *rule(struct nst_fw_ruleset *rs, const char *fam, const char *tab, const char *ch,
				uint64_t handle, const char *text, enum nst_fw_verdict_kind k, const char *target)
{
	struct nst_fw_rule *r = nst_fw_add_rule(rs);

	snprintf(r->family, sizeof(r->family), "%s", fam);
	snprintf(r->table, sizeof(r->table), "%s", tab);
	snprintf(r->chain, sizeof(r->chain), "%s", ch);
	r->handle = handle;
	snprintf(r->text, sizeof(r->text), "%s", text);
	r->verdict.kind = k;
	snprintf(r->verdict.target, sizeof(r->verdict.target), "%s", target ? target : "");
	return r;
}

static void raw(struct nst_fw_rule *r, const char *why)
{
	r->raw = true;
	snprintf(r->raw_why, sizeof(r->raw_why), "%s", why);
}

static struct nst_model *built(void)
{
	struct nst_model *m = fixture_seed_bridge();
	struct nst_ns *ns2 = nst_model_find_ns(m, "ns2");
	struct nst_fw_ruleset *rs = &ns2->fw;
	struct nst_fw_rule *r;

	/* iptables-nft's filter table as Docker leaves it */
	table(rs, "ip", "filter", 1);
	chain(rs, "ip", "filter", "INPUT", "filter", "input", 0, 1);
	chain(rs, "ip", "filter", "FORWARD", "filter", "forward", 0, 0);
	chain(rs, "ip", "filter", "DOCKER-USER", NULL, NULL, 0, -1);
	chain(rs, "ip", "filter", "EMPTY", NULL, NULL, 0, -1);
	r = rule(rs, "ip", "filter", "INPUT", 2, "meta l4proto icmp counter packets 3 bytes 252 accept", NST_FV_ACCEPT,
		 NULL);
	r->has_counter = true;
	r->packets = 3;
	r->bytes = 252;
	rule(rs, "ip", "filter", "FORWARD", 4, "counter packets 0 bytes 0 jump DOCKER-USER", NST_FV_JUMP, "DOCKER-USER");
	r = rule(rs, "ip", "filter", "FORWARD", 5, "xt match \"addrtype\" [verdict]", NST_FV_XT, "MASQUERADE");
	raw(r, "xt match addrtype");
	r = rule(rs, "ip", "filter", "DOCKER-USER", 6, "iifname \"lab0\" oifname \"lab0\" accept", NST_FV_ACCEPT, NULL);
	r->has_comment = true;
	snprintf(r->comment, sizeof(r->comment), "lab bridge");
	r = rule(rs, "ip", "filter", "DOCKER-USER", 7, "[verdict]", NST_FV_REJECT, NULL);
	snprintf(r->verdict.reject_type, sizeof(r->verdict.reject_type), "icmp");
	snprintf(r->verdict.reject_code, sizeof(r->verdict.reject_code), "port-unreachable");
	raw(r, "a payload nstop does not decode");
	r = rule(rs, "ip", "filter", "DOCKER-USER", 8, "[verdict]", NST_FV_QUEUE, NULL);
	r->verdict.queue_num = 3;
	r->verdict.queue_flags = 1;
	raw(r, "queue");
	r = rule(rs, "ip", "filter", "DOCKER-USER", 9, "[verdict]", NST_FV_OTHER, NULL);
	r->verdict.code = -5;
	raw(r, "verdict code");

	/* a netdev ingress chain on one device, and a table whose names are hostile */
	table(rs, "netdev", "edge", 2);
	snprintf(chain(rs, "netdev", "edge", "ing", "filter", "ingress", -500, 1)->device, NST_FW_IFNAME, "vethD");
	rule(rs, "netdev", "edge", "ing", 2, "ip saddr 10.0.0.0/8 drop", NST_FV_DROP, NULL);
	table(rs, "inet", "t\x1b[2J", 3);
	chain(rs, "inet", "t\x1b[2J", "c\x07", NULL, NULL, 0, -1);
	r = rule(rs, "inet", "t\x1b[2J", "c\x07", 3, "iifname \"e\x1b]0;x\x07\" goto c\x07", NST_FV_GOTO, "c\x07");
	r->has_comment = true;
	snprintf(r->comment, sizeof(r->comment), "\x1b[31mred");
	raw(r, "\x1b[1mbold");
	nst_model_sort(m);
	nst_model_pair_peers(m);
	return m;
}

static void test_golden_firewall(void)
{
	struct nst_model *m = built();
	char *s = render_to_string(nst_render_text, m, nst_model_find_ns(m, "ns2"));

	check_golden("firewall.txt", s);
	CHECK(strchr(s, '\x1b') == NULL && strchr(s, '\x07') == NULL); /* no control byte reaches the terminal */
	free(s);

	/* a namespace without a ruleset prints no section */
	s = render_to_string(nst_render_text, m, nst_model_find_ns(m, "ns1"));
	CHECK(strstr(s, "firewall") == NULL);
	free(s);
	nst_model_destroy(m);
}

/* Every rule the JSON lists is in the dump, by handle and text, under its chain. */
static void test_dump_has_every_rule(void)
{
	struct nst_model *m = built();
	const struct nst_ns *ns2 = nst_model_find_ns(m, "ns2");
	char *s = render_to_string(nst_render_text, m, ns2), line[700];

	for (size_t i = 0; i < ns2->fw.n_rules; i++) {
		const struct nst_fw_rule *r = &ns2->fw.rules[i];
		if (strchr(r->text, '\x1b')) {
			continue; /* shown escaped: the golden file has it */
		}
		snprintf(line, sizeof(line), "        handle %" PRIu64 ": %s", r->handle, r->text);
		CHECK(strstr(s, line) != NULL);
	}
	CHECK(strstr(s, "  firewall: 3 tables, 6 chains, 9 rules\n") != NULL);
	free(s);
	nst_model_destroy(m);
}

UNIT_MAIN(test_golden_firewall, test_dump_has_every_rule)
