/* SPDX-License-Identifier: MIT */
/*
 * nst_fw_replace_chain_rules (issue 16): one chain's rules replaced in place
 * after its re-read, the rest of the ruleset untouched and still stored
 * chain by chain in the chains' order; an empty chain's first rules go
 * between the chains before and after it.
 */
#include <stdio.h>
#include <string.h>

#include "fw_order.h"
#include "ruleset.h"
#include "unit.h"

static void chain(struct nst_fw_ruleset *rs, const char *name)
{
	struct nst_fw_chain *c = nst_fw_add_chain(rs);
	snprintf(c->family, sizeof(c->family), "ip");
	snprintf(c->table, sizeof(c->table), "filter");
	snprintf(c->name, sizeof(c->name), "%s", name);
}

static void rule_in(struct nst_fw_rule *r, const char *chain_name, uint64_t handle)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->family, sizeof(r->family), "ip");
	snprintf(r->table, sizeof(r->table), "filter");
	snprintf(r->chain, sizeof(r->chain), "%s", chain_name);
	r->handle = handle;
	snprintf(r->text, sizeof(r->text), "rule %llu", (unsigned long long)handle);
}

static void rule(struct nst_fw_ruleset *rs, const char *chain_name, uint64_t handle)
{
	rule_in(nst_fw_add_rule(rs), chain_name, handle);
}

/* "a:1 a:2 c:7" */
static void layout(const struct nst_fw_ruleset *rs, char *out, size_t len)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < rs->n_rules && n < len; i++) {
		n += (size_t)snprintf(out + n, len - n, "%s%s:%llu", i ? " " : "", rs->rules[i].chain,
				      (unsigned long long)rs->rules[i].handle);
	}
}

static void test_splice(void)
{
	struct nst_fw_ruleset rs = { 0 };
	struct nst_fw_rule v[3];
	char buf[256];
	size_t count;

	chain(&rs, "a");
	chain(&rs, "b"); /* empty */
	chain(&rs, "c");
	chain(&rs, "d"); /* empty, last */
	rule(&rs, "a", 1);
	rule(&rs, "a", 2);
	rule(&rs, "c", 7);
	rule(&rs, "c", 8);

	CHECK_INT(nst_fw_chain_rules_at(&rs, 0, &count), 0);
	CHECK_INT(count, 2);
	CHECK_INT(nst_fw_chain_rules_at(&rs, 1, &count), 2); /* after a's */
	CHECK_INT(count, 0);
	CHECK_INT(nst_fw_chain_rules_at(&rs, 2, &count), 2);
	CHECK_INT(count, 2);
	CHECK_INT(nst_fw_chain_rules_at(&rs, 3, &count), 4); /* at the end */
	CHECK_INT(count, 0);

	/* a grows: an insert at its head and an append */
	rule_in(&v[0], "a", 9);
	rule_in(&v[1], "a", 1);
	rule_in(&v[2], "a", 2);
	nst_fw_replace_chain_rules(&rs, 0, v, 3);
	layout(&rs, buf, sizeof(buf));
	CHECK_STR(buf, "a:9 a:1 a:2 c:7 c:8");
	CHECK_INT(rs.n_rules, 5);

	/* b's first rule between a's and c's */
	rule_in(&v[0], "b", 20);
	nst_fw_replace_chain_rules(&rs, 1, v, 1);
	layout(&rs, buf, sizeof(buf));
	CHECK_STR(buf, "a:9 a:1 a:2 b:20 c:7 c:8");

	/* c shrinks to one (a delete) */
	rule_in(&v[0], "c", 8);
	nst_fw_replace_chain_rules(&rs, 2, v, 1);
	layout(&rs, buf, sizeof(buf));
	CHECK_STR(buf, "a:9 a:1 a:2 b:20 c:8");

	/* d, the last chain: its rule at the end; then emptied again */
	rule_in(&v[0], "d", 30);
	nst_fw_replace_chain_rules(&rs, 3, v, 1);
	layout(&rs, buf, sizeof(buf));
	CHECK_STR(buf, "a:9 a:1 a:2 b:20 c:8 d:30");
	nst_fw_replace_chain_rules(&rs, 3, NULL, 0);
	nst_fw_replace_chain_rules(&rs, 0, NULL, 0); /* a emptied: b's now first */
	layout(&rs, buf, sizeof(buf));
	CHECK_STR(buf, "b:20 c:8");
	CHECK_INT(rs.n_rules, 2);
	CHECK_STR(rs.rules[1].text, "rule 8"); /* whole rules moved, not just keys */

	/* growth past the capacity keeps every rule */
	struct nst_fw_rule many[40];
	for (int i = 0; i < 40; i++) {
		rule_in(&many[i], "c", 100 + (uint64_t)i);
	}
	nst_fw_replace_chain_rules(&rs, 2, many, 40);
	CHECK_INT(rs.n_rules, 41);
	CHECK(rs.cap_rules >= 41);
	CHECK_INT(rs.rules[0].handle, 20);
	CHECK_INT(rs.rules[40].handle, 139);
	CHECK_INT(nst_fw_chain_rules_at(&rs, 2, &count), 1);
	CHECK_INT(count, 40);
	nst_fw_clear(&rs);
}

UNIT_MAIN(test_splice)
