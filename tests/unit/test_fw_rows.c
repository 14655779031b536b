/* SPDX-License-Identifier: MIT */
/*
 * The Firewall tree's rows (fw_rows.h): what a closed and an open node make,
 * hooks and chains in the kernel's order, jumps opened (loops and depth
 * bounded), identities by path, labels, owner warnings, delete commands, and
 * the time rows take for a 5000-rule ruleset.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fixtures.h"
#include "fw_rows.h"
#include "unit.h"

static void table(struct nst_fw_ruleset *rs, const char *fam, const char *name)
{
	struct nst_fw_table *t = nst_fw_add_table(rs);

	snprintf(t->family, sizeof(t->family), "%s", fam);
	snprintf(t->name, sizeof(t->name), "%s", name);
}

static void chain(struct nst_fw_ruleset *rs, const char *fam, const char *tbl, const char *name, const char *hook,
		  int prio, bool drop)
{
	struct nst_fw_chain *c = nst_fw_add_chain(rs);

	snprintf(c->family, sizeof(c->family), "%s", fam);
	snprintf(c->table, sizeof(c->table), "%s", tbl);
	snprintf(c->name, sizeof(c->name), "%s", name);
	if (hook) {
		c->base = true;
		snprintf(c->hook, sizeof(c->hook), "%s", hook);
		snprintf(c->type, sizeof(c->type), "%s", strcmp(tbl, "nat") == 0 ? "nat" : "filter");
		c->priority = prio;
		c->has_policy = true;
		c->policy_accept = !drop;
	}
}

static uint64_t next_handle = 100;

static void rule(struct nst_fw_ruleset *rs, const char *fam, const char *tbl, const char *ch, enum nst_fw_verdict_kind k,
		 const char *target)
{
	struct nst_fw_rule *r = nst_fw_add_rule(rs);

	snprintf(r->family, sizeof(r->family), "%s", fam);
	snprintf(r->table, sizeof(r->table), "%s", tbl);
	snprintf(r->chain, sizeof(r->chain), "%s", ch);
	r->handle = next_handle++;
	r->verdict.kind = k;
	snprintf(r->verdict.target, sizeof(r->verdict.target), "%s", target ? target : "");
	snprintf(r->text, sizeof(r->text), "%s%s%s", nst_fw_verdict_kind_str(k), target ? " " : "", target ? target : "");
}

/* Docker's ruleset in "/": nat PREROUTING -> DOCKER (twice: two jumps), filter FORWARD policy drop, inet lab. */
static struct nst_model *docker_model(void)
{
	struct nst_model *m = fixture_myns();

	nst_model_add_ns(m, "lab 1", NST_NS_NAMED, (struct nst_ns_id){ 4, 210 });
	struct nst_fw_ruleset *rs = &nst_model_find_ns(m, "/")->fw;
	table(rs, "ip", "nat");
	table(rs, "ip", "filter");
	table(rs, "inet", "lab");
	chain(rs, "ip", "nat", "PREROUTING", "prerouting", -100, false);
	chain(rs, "ip", "nat", "DOCKER", NULL, 0, false);
	chain(rs, "ip", "filter", "FORWARD", "forward", 0, true);
	chain(rs, "ip", "filter", "DOCKER-USER", NULL, 0, false);
	chain(rs, "inet", "lab", "lab_fwd", "forward", -5, false);
	chain(rs, "inet", "lab", "orphan", NULL, 0, false);
	rule(rs, "ip", "nat", "PREROUTING", NST_FV_JUMP, "DOCKER");
	rule(rs, "ip", "nat", "PREROUTING", NST_FV_JUMP, "DOCKER");
	rule(rs, "ip", "nat", "DOCKER", NST_FV_RETURN, NULL);
	rule(rs, "ip", "nat", "DOCKER", NST_FV_DNAT, NULL);
	rule(rs, "ip", "filter", "FORWARD", NST_FV_JUMP, "DOCKER-USER");
	rule(rs, "ip", "filter", "FORWARD", NST_FV_JUMP, "NOWHERE");
	rule(rs, "ip", "filter", "DOCKER-USER", NST_FV_RETURN, NULL);
	rule(rs, "inet", "lab", "lab_fwd", NST_FV_DROP, NULL);
	rule(rs, "inet", "lab", "orphan", NST_FV_ACCEPT, NULL);
	return m;
}

/* "H" head, "K:forward" hook, "C:ip filter FORWARD" chain, "R:jump DOCKER" rule, "L" loose group;
 * depth in front, "+" open, "^" can open, "$" last child, "!loop" / "!deep" / "!none" marks. */
static void describe(const struct ui_rows *rows, const struct nst_ns *ns, char *out, size_t len)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < rows->n && n < len; i++) {
		const struct ui_row *r = &rows->v[i];
		char what[1100] = "";
		if (r->kind != UI_ROW_FW) {
			continue;
		}
		switch (ui_row_key(r)->fw.node) {
		case UI_FW_HEAD:
			snprintf(what, sizeof(what), "H");
			break;
		case UI_FW_HOOK:
			snprintf(what, sizeof(what), "K:%s", ui_row_key(r)->fw.hook);
			break;
		case UI_FW_LOOSE:
			snprintf(what, sizeof(what), "L");
			break;
		case UI_FW_CHAIN:
			snprintf(what, sizeof(what), "C:%s %s", ui_row_key(r)->nat.table, ui_row_key(r)->nat.chain);
			break;
		case UI_FW_RULE: {
			const struct nst_fw_rule *fr = ui_fw_rule_in(ns, &ui_row_key(r)->nat);
			snprintf(what, sizeof(what), "R:%s", fr ? fr->text : "?");
			break;
		}
		}
		static const char *const marks[] = { "", "!loop", "!deep", "!none" };
		n += (size_t)snprintf(out + n, len - n, "%s%d%s%s%s%s%s", n ? " | " : "", r->depth, what,
				      r->open ? "+" : r->can_open ? "^" : "", r->last_child ? "$" : "", marks[r->mark],
				      r->count ? "" : "");
	}
}

static long find(const struct ui_rows *rows, enum ui_fw_node node, const char *name, int nth)
{
	for (size_t i = 0; i < rows->n; i++) {
		const struct ui_row *r = &rows->v[i];
		const char *s = node == UI_FW_HOOK ? ui_row_key(r)->fw.hook : ui_row_key(r)->nat.chain;
		if (r->kind == UI_ROW_FW && ui_row_key(r)->fw.node == node && (!name || strcmp(s, name) == 0) && nth-- == 0) {
			return (long)i;
		}
	}
	return -1;
}

static void open_row(struct ui_expand *e, struct ui_rows *rows, long i)
{
	CHECK(i >= 0);
	if (i >= 0) {
		CHECK(rows->v[i].can_open);
		ui_expand_fw_set(e, ui_row_key(&rows->v[i]), true);
	}
}

static void test_tree(void)
{
	struct nst_model *m = docker_model();
	struct nst_ns *root = nst_model_find_ns(m, "/");
	struct ui_expand e = { .default_expanded = true };
	struct ui_filter f = { 0 };
	struct ui_rows rows = { 0 };
	char d[4096];

	/* closed: one row, after the links, the namespace's last child (no NAT records) */
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, root, d, sizeof(d));
	CHECK_STR(d, "1H^$");
	CHECK(!rows.v[find(&rows, UI_FW_HEAD, NULL, 0) - 1].last_child); /* vethY is no longer the last */

	open_row(&e, &rows, find(&rows, UI_FW_HEAD, NULL, 0));
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, root, d, sizeof(d));
	CHECK_STR(d, "1H+$ | 2K:prerouting^ | 2K:forward^ | 2L^$");

	/* a hook's base chains by priority across tables; a chain's rules */
	open_row(&e, &rows, find(&rows, UI_FW_HOOK, "forward", 0));
	ui_rows_build(&rows, m, &e, &f, NULL);
	open_row(&e, &rows, find(&rows, UI_FW_CHAIN, "FORWARD", 0));
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, root, d, sizeof(d));
	CHECK_STR(d, "1H+$ | 2K:prerouting^ | 2K:forward+ | 3C:lab lab_fwd^ | 3C:filter FORWARD+$ | "
		     "4R:jump DOCKER-USER^ | 4R:jump NOWHERE$!none | 2L^$");

	/* a jump opened: its target's rules one deeper */
	open_row(&e, &rows, find(&rows, UI_FW_RULE, "FORWARD", 0));
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, root, d, sizeof(d));
	CHECK(strstr(d, "4R:jump DOCKER-USER+ | 5R:return$ | 4R:jump NOWHERE$!none") != NULL);

	/* the same chain reached by two jumps: two places, two identities; opening one opens only it */
	open_row(&e, &rows, find(&rows, UI_FW_HOOK, "prerouting", 0));
	ui_rows_build(&rows, m, &e, &f, NULL);
	open_row(&e, &rows, find(&rows, UI_FW_CHAIN, "PREROUTING", 0));
	ui_rows_build(&rows, m, &e, &f, NULL);
	long j1 = find(&rows, UI_FW_RULE, "PREROUTING", 0), j2 = find(&rows, UI_FW_RULE, "PREROUTING", 1);
	CHECK(j1 >= 0 && j2 > j1);
	open_row(&e, &rows, j2);
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, root, d, sizeof(d));
	CHECK(strstr(d, "3C:nat PREROUTING+$ | 4R:jump DOCKER^ | 4R:jump DOCKER+$ | 5R:return | 5R:dnat$ | 2K:forward+") !=
	      NULL);
	open_row(&e, &rows, find(&rows, UI_FW_RULE, "PREROUTING", 0));
	ui_rows_build(&rows, m, &e, &f, NULL);
	long a = find(&rows, UI_FW_RULE, "DOCKER", 0), b = find(&rows, UI_FW_RULE, "DOCKER", 2);
	CHECK(a >= 0 && b > a);
	if (a >= 0 && b > a) {
		CHECK(!ui_sel_eq(ui_row_key(&rows.v[a]), ui_row_key(&rows.v[b])));
		CHECK_INT(ui_rows_find(&rows, ui_row_key(&rows.v[b])), b);
		/* the path a rule was reached by: parent is the jump that led there */
		CHECK_INT(ui_rows_parent(&rows, b), j2 + 2); /* j2 moved down by DOCKER's two rows under j1 */
	}

	/* the loose group holds the chain no hook reaches */
	open_row(&e, &rows, find(&rows, UI_FW_LOOSE, NULL, 0));
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, root, d, sizeof(d));
	CHECK(strstr(d, "2L+$ | 3C:lab orphan^$") != NULL);

	/* closing the head drops everything below; its children stay open for the next time */
	ui_expand_fw_set(&e, ui_row_key(&rows.v[find(&rows, UI_FW_HEAD, NULL, 0)]), false);
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, root, d, sizeof(d));
	CHECK_STR(d, "1H^$");
	CHECK(e.n_fw > 0);

	/* a namespace that goes takes its open nodes with it */
	nst_model_remove_ns(m, root);
	ui_expand_fw_prune(&e, m);
	CHECK_INT(e.n_fw, 0);
	ui_rows_finish(&rows);
	ui_expand_finish(&e);
	nst_model_destroy(m);
}

/* A loop (the kernel refuses one, a hostile model need not) and a chain of jumps too deep to follow. */
static void test_loops(void)
{
	struct nst_model *m = fixture_myns();
	struct nst_ns *root = nst_model_find_ns(m, "/");
	struct nst_fw_ruleset *rs = &root->fw;
	struct ui_expand e = { .default_expanded = true };
	struct ui_filter f = { 0 };
	struct ui_rows rows = { 0 };
	char d[8192], name[16], next[16];

	table(rs, "ip", "t");
	chain(rs, "ip", "t", "in", "input", 0, false);
	chain(rs, "ip", "t", "a", NULL, 0, false);
	chain(rs, "ip", "t", "b", NULL, 0, false);
	rule(rs, "ip", "t", "in", NST_FV_JUMP, "a");
	rule(rs, "ip", "t", "in", NST_FV_JUMP, "c0");
	rule(rs, "ip", "t", "a", NST_FV_JUMP, "b");
	rule(rs, "ip", "t", "b", NST_FV_GOTO, "a");
	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		snprintf(next, sizeof(next), "c%d", i + 1);
		chain(rs, "ip", "t", name, NULL, 0, false);
		rule(rs, "ip", "t", name, NST_FV_JUMP, next);
	}
	chain(rs, "ip", "t", "c12", NULL, 0, false);
	rule(rs, "ip", "t", "c12", NST_FV_ACCEPT, NULL);
	ui_rows_build(&rows, m, &e, &f, NULL);
	open_row(&e, &rows, find(&rows, UI_FW_HEAD, NULL, 0));
	ui_rows_build(&rows, m, &e, &f, NULL);
	open_row(&e, &rows, find(&rows, UI_FW_HOOK, "input", 0));
	ui_rows_build(&rows, m, &e, &f, NULL);
	open_row(&e, &rows, find(&rows, UI_FW_CHAIN, "in", 0));
	/* open every jump, as deep as the rows let */
	for (int pass = 0; pass < 20; pass++) {
		ui_rows_build(&rows, m, &e, &f, NULL);
		for (size_t i = 0; i < rows.n; i++) {
			if (rows.v[i].can_open && !rows.v[i].open && ui_row_key(&rows.v[i])->fw.node == UI_FW_RULE) {
				ui_expand_fw_set(&e, ui_row_key(&rows.v[i]), true);
			}
		}
	}
	ui_rows_build(&rows, m, &e, &f, NULL);
	describe(&rows, root, d, sizeof(d));
	CHECK(strstr(d, "4R:jump a+ | 5R:jump b+$ | 6R:goto a$!loop | 4R:jump c0+$") != NULL);
	CHECK(strstr(d, "!deep") != NULL);
	int deepest = 0;
	for (size_t i = 0; i < rows.n; i++) {
		deepest = rows.v[i].depth > deepest ? rows.v[i].depth : deepest;
	}
	CHECK_INT(deepest, 4 + UI_FW_MAX_NEST); /* rules at 4, each followed jump one deeper */
	CHECK(deepest < 16);                     /* the tree view keeps 16 levels of lines */
	ui_rows_finish(&rows);
	ui_expand_finish(&e);
	nst_model_destroy(m);
}

static void test_words(void)
{
	struct nst_model *m = docker_model();
	struct nst_ns *root = nst_model_find_ns(m, "/"), *myns = nst_model_find_ns(m, "myns"),
		      *lab = nst_model_find_ns(m, "lab 1");
	struct nst_fw_rule r = { .handle = 12 };
	struct nst_buf b = { 0 };
	char buf[512];

	ui_fw_head_label(&root->fw, buf, sizeof(buf));
	CHECK_STR(buf, "9 rules, 6 chains, FORWARD policy drop");
	chain(&root->fw, "ip6", "filter", "FORWARD", "forward", 0, true);
	chain(&root->fw, "ip", "filter", "INPUT", "input", 0, true);
	ui_fw_head_label(&root->fw, buf, sizeof(buf));
	CHECK_STR(buf, "9 rules, 8 chains, FORWARD, INPUT policy drop");
	ui_fw_chain_label(&root->fw.chains[2], buf, sizeof(buf));
	CHECK_STR(buf, "ip filter FORWARD  filter prio 0  policy drop");
	ui_fw_chain_label(&root->fw.chains[1], buf, sizeof(buf));
	CHECK_STR(buf, "ip nat DOCKER");
	struct ui_sel head = ui_sel_fw_head(root->id), ing = ui_sel_fw_hook(&head, "netdev", "ingress", "eth0"),
		      fwd = ui_sel_fw_hook(&head, "inet", "forward", "");
	ui_fw_hook_label(&ing, buf, sizeof(buf));
	CHECK_STR(buf, "netdev ingress eth0");
	ui_fw_hook_label(&fwd, buf, sizeof(buf));
	CHECK_STR(buf, "forward");

	/* owners */
	snprintf(r.family, sizeof(r.family), "ip");
	snprintf(r.table, sizeof(r.table), "nat");
	snprintf(r.chain, sizeof(r.chain), "DOCKER");
	ui_fw_owner_warning(&r, buf, sizeof(buf));
	CHECK_STR(buf, "this rule belongs to Docker's chain DOCKER; Docker will put it back");
	snprintf(r.chain, sizeof(r.chain), "PREROUTING");
	r.verdict.kind = NST_FV_JUMP;
	snprintf(r.verdict.target, sizeof(r.verdict.target), "DOCKER");
	ui_fw_owner_warning(&r, buf, sizeof(buf));
	CHECK_STR(buf, "this rule jumps to Docker's chain DOCKER; Docker will put it back");
	r.verdict.kind = NST_FV_ACCEPT;
	snprintf(r.table, sizeof(r.table), "filter");
	ui_fw_owner_warning(&r, buf, sizeof(buf));
	CHECK_STR(buf, "table ip filter is not nstop's");
	snprintf(r.table, sizeof(r.table), "nstop");
	ui_fw_owner_warning(&r, buf, sizeof(buf));
	CHECK_STR(buf, "");

	/* delete commands: plain names as nft writes them, the namespace's way in first */
	snprintf(r.table, sizeof(r.table), "nat");
	snprintf(r.chain, sizeof(r.chain), "DOCKER");
	CHECK(ui_fw_delete_command(root, &r, &b));
	CHECK_STR(nst_buf_str(&b), "nft delete rule ip nat DOCKER handle 12");
	nst_buf_clear(&b);
	CHECK(ui_fw_delete_command(myns, &r, &b));
	CHECK_STR(nst_buf_str(&b), "ip netns exec myns nft delete rule ip nat DOCKER handle 12");
	nst_buf_clear(&b);
	/* a name nft's syntax cannot hold: nft's JSON, one shell word */
	snprintf(r.chain, sizeof(r.chain), "x$(id)'\"\x1b[31m\\");
	CHECK(ui_fw_delete_command(lab, &r, &b));
	CHECK_STR(nst_buf_str(&b), "ip netns exec 'lab 1' nft -j '{\"nftables\":[{\"delete\":{\"rule\":{\"family\":\"ip\","
				   "\"table\":\"nat\",\"chain\":\"x$(id)'\\''\\\"\\u001b[31m\\\\\",\"handle\":12}}}]}'");
	nst_buf_clear(&b);
	snprintf(r.chain, sizeof(r.chain), "bad\xff");
	CHECK(!ui_fw_delete_command(lab, &r, &b));
	CHECK(strstr(nst_buf_str(&b), "not valid UTF-8") != NULL);
	nst_buf_free(&b);
	nst_model_destroy(m);
}

static double ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) * 1e3 + (double)(b.tv_nsec - a->tv_nsec) / 1e6;
}

/*
 * bench/firewall_5000.sh's shape: KUBE-SERVICES with 4245 jumps (PREROUTING, OUTPUT, POSTROUTING one each) to 50
 * KUBE-SVC-* chains of 5 jumps each to KUBE-SEP-* chains of 2 rules: 5000
 * rules, 306 chains. Rows of the closed node, of every hook and base chain
 * open, and of KUBE-SERVICES opened under PREROUTING (4245 rows more).
 */
static void test_5000(void)
{
	struct nst_model *m = fixture_myns();
	struct nst_ns *root = nst_model_find_ns(m, "/");
	struct nst_fw_ruleset *rs = &root->fw;
	struct ui_expand e = { .default_expanded = true };
	struct ui_filter f = { 0 };
	struct ui_rows rows = { 0 };
	char name[64], target[64];
	struct timespec t0;

	table(rs, "ip", "nat");
	chain(rs, "ip", "nat", "PREROUTING", "prerouting", -100, false);
	chain(rs, "ip", "nat", "OUTPUT", "output", -100, false);
	chain(rs, "ip", "nat", "POSTROUTING", "postrouting", 100, false);
	chain(rs, "ip", "nat", "KUBE-SERVICES", NULL, 0, false);
	chain(rs, "ip", "nat", "KUBE-MARK-MASQ", NULL, 0, false);
	chain(rs, "ip", "nat", "KUBE-POSTROUTING", NULL, 0, false);
	rule(rs, "ip", "nat", "PREROUTING", NST_FV_JUMP, "KUBE-SERVICES");
	rule(rs, "ip", "nat", "OUTPUT", NST_FV_JUMP, "KUBE-SERVICES");
	rule(rs, "ip", "nat", "POSTROUTING", NST_FV_JUMP, "KUBE-POSTROUTING");
	for (int i = 0; i < 4245; i++) {
		snprintf(target, sizeof(target), "KUBE-SVC-%03d", i % 50);
		rule(rs, "ip", "nat", "KUBE-SERVICES", NST_FV_JUMP, target);
	}
	rule(rs, "ip", "nat", "KUBE-MARK-MASQ", NST_FV_NONE, NULL);
	rule(rs, "ip", "nat", "KUBE-POSTROUTING", NST_FV_MASQUERADE, NULL);
	for (int s = 0; s < 50; s++) {
		snprintf(name, sizeof(name), "KUBE-SVC-%03d", s);
		chain(rs, "ip", "nat", name, NULL, 0, false);
		for (int p = 0; p < 5; p++) {
			snprintf(target, sizeof(target), "KUBE-SEP-%03d-%d", s, p);
			rule(rs, "ip", "nat", name, NST_FV_JUMP, target);
		}
	}
	for (int s = 0; s < 50; s++) {
		for (int p = 0; p < 5; p++) {
			snprintf(name, sizeof(name), "KUBE-SEP-%03d-%d", s, p);
			chain(rs, "ip", "nat", name, NULL, 0, false);
			rule(rs, "ip", "nat", name, NST_FV_JUMP, "KUBE-MARK-MASQ");
			rule(rs, "ip", "nat", name, NST_FV_DNAT, NULL);
		}
	}
	CHECK_INT(rs->n_rules, 5000);
	CHECK_INT(rs->n_chains, 306);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 100; i++) {
		ui_rows_build(&rows, m, &e, &f, NULL);
	}
	double closed = ms_since(&t0) / 100;
	open_row(&e, &rows, find(&rows, UI_FW_HEAD, NULL, 0));
	ui_rows_build(&rows, m, &e, &f, NULL);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < rows.n; i++) {
			if (rows.v[i].can_open && (ui_row_key(&rows.v[i])->fw.node == UI_FW_HOOK || ui_row_key(&rows.v[i])->fw.node == UI_FW_CHAIN)) {
				ui_expand_fw_set(&e, ui_row_key(&rows.v[i]), true);
			}
		}
		ui_rows_build(&rows, m, &e, &f, NULL);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 20; i++) {
		ui_rows_build(&rows, m, &e, &f, NULL);
	}
	double hooks = ms_since(&t0) / 20;
	size_t n_hooks = rows.n;
	open_row(&e, &rows, find(&rows, UI_FW_RULE, "PREROUTING", 0));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 20; i++) {
		ui_rows_build(&rows, m, &e, &f, NULL);
	}
	double big = ms_since(&t0) / 20;
	CHECK_INT(rows.n, n_hooks + 4245);
	/* every KUBE-SERVICES jump can open (its target exists, no loop) */
	long first = find(&rows, UI_FW_RULE, "KUBE-SERVICES", 0);
	CHECK(first >= 0 && rows.v[first].can_open && !rows.v[first].mark);
	printf("fw rows, 5000 rules / 306 chains: closed %.4f ms (%s), hooks and base chains open %.3f ms (%zu rows), "
	       "KUBE-SERVICES open %.3f ms (%zu rows)\n",
	       closed, "1 Firewall row", hooks, n_hooks, big, rows.n);
	/* generous: a quadratic build (a scan of the rules per chain or per jump) takes seconds here */
	CHECK(closed < 5);
	CHECK(big < 100);
	ui_rows_finish(&rows);
	ui_expand_finish(&e);
	nst_model_destroy(m);
}

UNIT_MAIN(test_tree, test_loops, test_words, test_5000)
