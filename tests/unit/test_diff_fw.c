/* SPDX-License-Identifier: MIT */
/* Change lines for the whole ruleset (diff_fw.c): tables, chains, policies, rules; counters are not changes. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "diff.h"
#include "unit.h"

struct collected {
	char lines[64][1800];
	size_t n, total;
};

static void collect(void *ctx, const struct nst_change *c)
{
	struct collected *col = ctx;

	col->total++;
	if (col->n < 64) {
		snprintf(col->lines[col->n++], sizeof(col->lines[0]), "[%s] %s|%s|%s|%s", c->ns, c->text,
			 nst_change_object_str(c->object), c->action, c->name);
	}
}

static void table(struct nst_fw_ruleset *rs, const char *fam, const char *name)
{
	struct nst_fw_table *t = nst_fw_add_table(rs);

	snprintf(t->family, sizeof(t->family), "%s", fam);
	snprintf(t->name, sizeof(t->name), "%s", name);
}

static struct nst_fw_chain *chain(struct nst_fw_ruleset *rs, const char *fam, const char *tab, const char *name,
				  const char *hook, int prio, int policy /* -1 none, 0 drop, 1 accept */)
{
	struct nst_fw_chain *c = nst_fw_add_chain(rs);

	snprintf(c->family, sizeof(c->family), "%s", fam);
	snprintf(c->table, sizeof(c->table), "%s", tab);
	snprintf(c->name, sizeof(c->name), "%s", name);
	if (hook) {
		c->base = true;
		snprintf(c->type, sizeof(c->type), "filter");
		snprintf(c->hook, sizeof(c->hook), "%s", hook);
		c->priority = prio;
		c->has_policy = policy >= 0;
		c->policy_accept = policy == 1;
	}
	return c;
}

/* A rule whose text is `before`, then a counter with these values when counter, then `after`. */
static struct nst_fw_rule *rule(struct nst_fw_ruleset *rs, const char *fam, const char *tab, const char *ch,
				uint64_t handle, const char *before, bool counter, uint64_t pk, uint64_t by,
				const char *after)
{
	struct nst_fw_rule *r = nst_fw_add_rule(rs);
	int n;

	snprintf(r->family, sizeof(r->family), "%s", fam);
	snprintf(r->table, sizeof(r->table), "%s", tab);
	snprintf(r->chain, sizeof(r->chain), "%s", ch);
	r->handle = handle;
	n = snprintf(r->text, sizeof(r->text), "%s", before);
	if (counter) {
		r->has_counter = true;
		r->packets = pk;
		r->bytes = by;
		r->counter_at = (uint16_t)(n ? n + 1 : 0);
		n += snprintf(r->text + n, sizeof(r->text) - (size_t)n, "%scounter packets %" PRIu64 " bytes %" PRIu64,
			      n ? " " : "", pk, by);
		r->counter_len = (uint16_t)(n - r->counter_at);
	}
	snprintf(r->text + n, sizeof(r->text) - (size_t)n, "%s%s", n && after[0] ? " " : "", after);
	return r;
}

/* The filter table as iptables-nft makes it, plus a user chain with two rules. */
static void base_ruleset(struct nst_fw_ruleset *rs, uint64_t pk)
{
	table(rs, "ip", "filter");
	chain(rs, "ip", "filter", "INPUT", "input", 0, 1);
	chain(rs, "ip", "filter", "FORWARD", "forward", 0, 1);
	chain(rs, "ip", "filter", "DOCKER-USER", NULL, 0, -1);
	rule(rs, "ip", "filter", "FORWARD", 4, "", true, pk, pk * 84, "jump DOCKER-USER");
	rule(rs, "ip", "filter", "DOCKER-USER", 5, "iifname \"lab0\"", true, pk * 10, pk * 840, "accept");
	rule(rs, "ip", "filter", "DOCKER-USER", 6, "", false, 0, 0, "return");
}

static void test_counters_are_not_changes(void)
{
	struct nst_fw_ruleset a = { 0 }, b = { 0 };
	struct collected col = { 0 };

	base_ruleset(&a, 0);
	base_ruleset(&b, 123456); /* every counter grew, by several digits */
	nst_diff_fw("/", &a, &b, collect, &col);
	CHECK_INT(col.total, 0);

	/* the same texts with the counter's span as the older reading had it (counter values sampled since) */
	b.rules[1].counter_len = a.rules[1].counter_len;
	nst_diff_fw("/", &a, &b, collect, &col);
	nst_diff_fw("/", &b, &a, collect, &col);
	CHECK_INT(col.total, 0);

	/* a counter added to a rule is a change, and the line shows the counter without its values */
	struct nst_fw_ruleset c = { 0 };
	base_ruleset(&c, 7);
	struct nst_fw_rule *r = &c.rules[2];
	snprintf(r->text, sizeof(r->text), "counter packets 3 bytes 180 return");
	r->has_counter = true;
	r->counter_at = 0;
	r->counter_len = 27;
	nst_diff_fw("/", &a, &c, collect, &col);
	CHECK_INT(col.total, 1);
	CHECK_STR(col.lines[0], "[/] firewall rule change ip filter DOCKER-USER handle 6: counter return"
				"|firewall|change|ip filter DOCKER-USER handle 6");
	nst_fw_clear(&a);
	nst_fw_clear(&b);
	nst_fw_clear(&c);
}

static void test_rule_add_del_change(void)
{
	struct nst_fw_ruleset a = { 0 }, b = { 0 };
	struct collected col = { 0 };

	base_ruleset(&a, 1);
	base_ruleset(&b, 2);
	rule(&b, "ip", "filter", "INPUT", 9, "tcp dport 22", true, 0, 0, "drop");
	snprintf(b.rules[1].text, sizeof(b.rules[1].text), "iifname \"lab1\" accept"); /* replaced: no counter */
	b.rules[1].counter_len = 0;
	nst_diff_fw("ns1", &a, &b, collect, &col);
	CHECK_INT(col.total, 2);
	CHECK_STR(col.lines[0], "[ns1] firewall rule add ip filter INPUT handle 9: tcp dport 22 counter drop"
				"|firewall|add|ip filter INPUT handle 9");
	CHECK_STR(col.lines[1], "[ns1] firewall rule change ip filter DOCKER-USER handle 5: iifname \"lab1\" accept"
				"|firewall|change|ip filter DOCKER-USER handle 5");
	col.n = col.total = 0;
	nst_diff_fw("ns1", &b, &a, collect, &col);
	CHECK_INT(col.total, 2);
	CHECK_STR(col.lines[0], "[ns1] firewall rule del ip filter INPUT handle 9: tcp dport 22 counter drop"
				"|firewall|del|ip filter INPUT handle 9");

	/* a comment is part of the rule; the raw mark shows */
	col.n = col.total = 0;
	nst_fw_clear(&b);
	base_ruleset(&b, 1);
	b.rules[2].has_comment = true;
	snprintf(b.rules[2].comment, sizeof(b.rules[2].comment), "kube");
	b.rules[2].raw = true;
	nst_diff_fw("/", &a, &b, collect, &col);
	CHECK_INT(col.total, 1);
	CHECK_STR(col.lines[0], "[/] firewall rule change ip filter DOCKER-USER handle 6: return comment \"kube\" [raw]"
				"|firewall|change|ip filter DOCKER-USER handle 6");

	/* a raw rule whose text stays the same while its verdict changes: a change */
	col.n = col.total = 0;
	nst_fw_clear(&a);
	nst_fw_clear(&b);
	struct nst_fw_rule *ra = rule(&a, "ip", "filter", "FORWARD", 8, "xt match \"addrtype\" [verdict]", false, 0, 0, "");
	ra->raw = true;
	ra->verdict.kind = NST_FV_JUMP;
	snprintf(ra->verdict.target, sizeof(ra->verdict.target), "DOCKER");
	struct nst_fw_rule *rb = rule(&b, "ip", "filter", "FORWARD", 8, "xt match \"addrtype\" [verdict]", false, 0, 0, "");
	*rb = *ra;
	snprintf(rb->verdict.target, sizeof(rb->verdict.target), "DOCKER-2");
	nst_diff_fw("/", &a, &b, collect, &col);
	CHECK_INT(col.total, 1);
	rb->verdict.kind = NST_FV_GOTO;
	snprintf(rb->verdict.target, sizeof(rb->verdict.target), "DOCKER");
	nst_diff_fw("/", &a, &b, collect, &col);
	CHECK_INT(col.total, 2);
	CHECK_STR(col.lines[1], "[/] firewall rule change ip filter FORWARD handle 8: xt match \"addrtype\" [verdict] [raw]"
				"|firewall|change|ip filter FORWARD handle 8");
	nst_fw_clear(&a);
	nst_fw_clear(&b);
}

/* The same handle in another chain, table or family is another rule. */
static void test_rule_identity(void)
{
	struct nst_fw_ruleset a = { 0 }, b = { 0 };
	struct collected col = { 0 };

	rule(&a, "ip", "t", "c", 2, "", false, 0, 0, "accept");
	rule(&b, "ip", "t", "d", 2, "", false, 0, 0, "accept");
	rule(&b, "ip6", "t", "c", 2, "", false, 0, 0, "accept");
	rule(&b, "ip", "u", "c", 2, "", false, 0, 0, "accept");
	nst_diff_fw("/", &a, &b, collect, &col);
	CHECK_INT(col.total, 4);
	CHECK_STR(col.lines[0], "[/] firewall rule del ip t c handle 2: accept|firewall|del|ip t c handle 2");
	CHECK_STR(col.lines[1], "[/] firewall rule add ip t d handle 2: accept|firewall|add|ip t d handle 2");
	CHECK_STR(col.lines[2], "[/] firewall rule add ip u c handle 2: accept|firewall|add|ip u c handle 2");
	CHECK_STR(col.lines[3], "[/] firewall rule add ip6 t c handle 2: accept|firewall|add|ip6 t c handle 2");
	nst_fw_clear(&a);
	nst_fw_clear(&b);
}

static void test_chains_tables_policies(void)
{
	struct nst_fw_ruleset a = { 0 }, b = { 0 };
	struct collected col = { 0 };

	base_ruleset(&a, 1);
	base_ruleset(&b, 1);
	b.chains[1].policy_accept = false; /* iptables -P FORWARD DROP */
	chain(&b, "ip", "filter", "KUBE-FIREWALL", NULL, 0, -1);
	table(&b, "inet", "lab");
	chain(&b, "inet", "lab", "in", "input", -5, 0);
	rule(&b, "inet", "lab", "in", 2, "ct state established", false, 0, 0, "accept");
	nst_diff_fw("/", &a, &b, collect, &col);
	CHECK_INT(col.total, 5);
	CHECK_STR(col.lines[0], "[/] firewall table add inet lab|firewall|add|inet lab");
	CHECK_STR(col.lines[1], "[/] firewall chain add inet lab in type filter hook input priority -5 policy drop"
				"|firewall|add|inet lab in");
	CHECK_STR(col.lines[2], "[/] firewall chain add ip filter KUBE-FIREWALL|firewall|add|ip filter KUBE-FIREWALL");
	CHECK_STR(col.lines[3], "[/] firewall policy ip filter FORWARD drop|firewall|change|ip filter FORWARD");
	CHECK_STR(col.lines[4], "[/] firewall rule add inet lab in handle 2: ct state established accept"
				"|firewall|add|inet lab in handle 2");

	/* and back: the rule before its chain, the chains before their table */
	col.n = col.total = 0;
	nst_diff_fw("/", &b, &a, collect, &col);
	CHECK_INT(col.total, 5);
	CHECK_STR(col.lines[0], "[/] firewall rule del inet lab in handle 2: ct state established accept"
				"|firewall|del|inet lab in handle 2");
	CHECK_STR(col.lines[1], "[/] firewall chain del inet lab in|firewall|del|inet lab in");
	CHECK_STR(col.lines[2], "[/] firewall chain del ip filter KUBE-FIREWALL|firewall|del|ip filter KUBE-FIREWALL");
	CHECK_STR(col.lines[3], "[/] firewall table del inet lab|firewall|del|inet lab");
	CHECK_STR(col.lines[4], "[/] firewall policy ip filter FORWARD accept|firewall|change|ip filter FORWARD");

	/* a netdev chain moved to another device is a change of the chain */
	col.n = col.total = 0;
	nst_fw_clear(&a);
	nst_fw_clear(&b);
	snprintf(chain(&a, "netdev", "n", "ing", "ingress", 0, 1)->device, NST_FW_IFNAME, "eth0");
	snprintf(chain(&b, "netdev", "n", "ing", "ingress", 0, 1)->device, NST_FW_IFNAME, "eth1");
	nst_diff_fw("/", &a, &b, collect, &col);
	CHECK_INT(col.total, 1);
	CHECK_STR(col.lines[0], "[/] firewall chain change netdev n ing type filter hook ingress priority 0 policy accept"
				" device eth1|firewall|change|netdev n ing");
	nst_fw_clear(&a);
	nst_fw_clear(&b);
}

/*
 * 5000 rules over 300 chains, read again in another dump order with one rule
 * gone, one added, one replaced and every counter moved: exactly three lines.
 */
static void test_scale(void)
{
	struct nst_fw_ruleset a = { 0 }, b = { 0 };
	struct collected col = { 0 };
	char ch[32], txt[64];

	table(&a, "ip", "nat");
	table(&b, "ip", "nat");
	for (int c = 0; c < 300; c++) {
		snprintf(ch, sizeof(ch), "KUBE-SEP-%d", c);
		chain(&a, "ip", "nat", ch, NULL, 0, -1);
		chain(&b, "ip", "nat", ch, NULL, 0, -1);
	}
	for (int i = 0; i < 5000; i++) {
		snprintf(ch, sizeof(ch), "KUBE-SEP-%d", i % 300);
		snprintf(txt, sizeof(txt), "ip daddr 10.96.%d.%d tcp dport 80", i / 250, i % 250);
		rule(&a, "ip", "nat", ch, (uint64_t)i + 10, txt, true, 1, 60, "jump KUBE-MARK-MASQ");
	}
	for (int i = 4999; i >= 0; i--) { /* the other reading: reversed */
		if (i == 1234) {
			continue;
		}
		snprintf(ch, sizeof(ch), "KUBE-SEP-%d", i % 300);
		snprintf(txt, sizeof(txt), "ip daddr 10.96.%d.%d tcp dport %d", i / 250, i % 250, i == 4321 ? 443 : 80);
		rule(&b, "ip", "nat", ch, (uint64_t)i + 10, txt, true, (uint64_t)i * 1000, (uint64_t)i * 60000,
		     "jump KUBE-MARK-MASQ");
	}
	rule(&b, "ip", "nat", "KUBE-SEP-7", 6000, "", false, 0, 0, "return");
	nst_diff_fw("/", &a, &b, collect, &col);
	CHECK_INT(col.total, 3);
	CHECK_STR(col.lines[0], "[/] firewall rule del ip nat KUBE-SEP-34 handle 1244: ip daddr 10.96.4.234 tcp dport 80"
				" counter jump KUBE-MARK-MASQ|firewall|del|ip nat KUBE-SEP-34 handle 1244");
	CHECK_STR(col.lines[1], "[/] firewall rule add ip nat KUBE-SEP-7 handle 6000: return"
				"|firewall|add|ip nat KUBE-SEP-7 handle 6000");
	CHECK_STR(col.lines[2], "[/] firewall rule change ip nat KUBE-SEP-121 handle 4331: ip daddr 10.96.17.71 tcp dport 443"
				" counter jump KUBE-MARK-MASQ|firewall|change|ip nat KUBE-SEP-121 handle 4331");
	col.n = col.total = 0;
	nst_diff_fw("/", &a, &a, collect, &col);
	CHECK_INT(col.total, 0);

	/* the same dump order around the changes (walked in step, not sorted): a rule inserted near the
	 * start, one deleted in the middle, one replaced near the end, one changed in the first and last place */
	nst_fw_copy(&b, &a); /* the same tables and chains */
	b.n_rules = 0;
	for (int i = 0; i < 5000; i++) {
		struct nst_fw_rule *r;
		if (i == 100) {
			rule(&b, "ip", "nat", "KUBE-SEP-100", 7000, "", false, 0, 0, "accept");
		}
		if (i == 2500) {
			continue;
		}
		r = nst_fw_add_rule(&b);
		*r = a.rules[i];
		r->packets = 99;
		if (i == 0 || i == 4990 || i == 4999) {
			snprintf(r->text, sizeof(r->text), "changed %d", i);
			r->counter_len = 0;
		}
	}
	col.n = col.total = 0;
	nst_diff_fw("/", &a, &b, collect, &col);
	CHECK_INT(col.total, 5);
	CHECK_STR(col.lines[0], "[/] firewall rule del ip nat KUBE-SEP-100 handle 2510: ip daddr 10.96.10.0 tcp dport 80"
				" counter jump KUBE-MARK-MASQ|firewall|del|ip nat KUBE-SEP-100 handle 2510");
	CHECK_STR(col.lines[1], "[/] firewall rule add ip nat KUBE-SEP-100 handle 7000: accept"
				"|firewall|add|ip nat KUBE-SEP-100 handle 7000");
	CHECK_STR(col.lines[2], "[/] firewall rule change ip nat KUBE-SEP-0 handle 10: changed 0"
				"|firewall|change|ip nat KUBE-SEP-0 handle 10");
	CHECK_STR(col.lines[3], "[/] firewall rule change ip nat KUBE-SEP-190 handle 5000: changed 4990"
				"|firewall|change|ip nat KUBE-SEP-190 handle 5000");
	CHECK_STR(col.lines[4], "[/] firewall rule change ip nat KUBE-SEP-199 handle 5009: changed 4999"
				"|firewall|change|ip nat KUBE-SEP-199 handle 5009");
	nst_fw_clear(&a);
	nst_fw_clear(&b);
}

UNIT_MAIN(test_counters_are_not_changes, test_rule_add_del_change, test_rule_identity, test_chains_tables_policies,
	  test_scale)
