/* SPDX-License-Identifier: MIT */
/*
 * The TUI's explain form and pane without a terminal (keys pushed, ui_handle_input):
 * `e` on ns1 of the seed's bridge offers the other namespaces' addresses, a bad
 * port is refused by its field and queues nothing, a good form queues the probe
 * by identities; the loop's answer becomes the pane's lines and a path of
 * identities, and a late answer to an older request is dropped.
 */
#include <arpa/inet.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "fixtures.h"
#include "ui_state.h"
#include "unit.h"

static void press(struct ui *ui, const struct nst_model *m, const int *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ui_fifo_push(&ui->keys, &keys[i]);
	}
	while (ui_keys_waiting(ui)) {
		ui_handle_input(ui, m);
	}
}

static void type(struct ui *ui, const struct nst_model *m, const char *s)
{
	int clear = 21; /* Ctrl-U */

	press(ui, m, &clear, 1);
	for (; *s; s++) {
		int ch = (unsigned char)*s;
		press(ui, m, &ch, 1);
	}
}

static struct nst_model *seed(void)
{
	struct nst_model *m = fixture_seed_bridge();

	nst_model_sort(m);
	nst_model_pair_peers(m);
	return m;
}

static void test_form(void)
{
	struct nst_model *m = seed();
	struct ui_options o = { 0 };
	struct ui *ui = ui_create(&o);
	const struct nst_ns *ns1 = nst_model_find_ns(m, "ns1");
	struct ui_action a;
	int k;

	ui->sel = ui_sel_ns(ns1->id);
	ui->have_sel = true;
	k = 'e';
	press(ui, m, &k, 1);
	CHECK(ui->form.open && ui->form.explain);
	CHECK(nst_ns_id_eq(ui->form.from, ns1->id));
	/* the destinations: "/"'s bridge and ns2, never ns1's own */
	CHECK_INT(ui->form.choices[0].n, 2);
	CHECK_STR(ui->form.choices[0].v[0].value, "192.168.10.1");
	CHECK_STR(ui->form.choices[0].v[1].value, "192.168.10.3");
	CHECK(strstr(ui->form.choices[0].v[1].label, "ns2:vethD") != NULL);
	int right[] = { KEY_RIGHT, KEY_RIGHT };
	press(ui, m, right, 2);
	CHECK_STR(ui->form.op.f[NST_F_DADDR], "192.168.10.3");
	/* tcp with port 70000: refused by the port, nothing queued */
	k = '\t';
	press(ui, m, &k, 1);
	type(ui, m, "tcp");
	press(ui, m, &k, 1);
	type(ui, m, "70000");
	k = '\r';
	press(ui, m, &k, 1);
	CHECK(ui->form.open);
	CHECK_INT(ui->form.error.field, NST_F_PORT);
	CHECK(strstr(ui->form.error.msg, "'70000'") != NULL);
	CHECK(!ui_next_action(ui, &a));
	/* a source of the other family: refused by the source */
	type(ui, m, "80");
	k = '\t';
	press(ui, m, &k, 1);
	type(ui, m, "fd00::1");
	k = '\r';
	press(ui, m, &k, 1);
	CHECK_INT(ui->form.error.field, NST_F_SRC);
	CHECK(!ui_next_action(ui, &a));
	type(ui, m, "");
	press(ui, m, &k, 1);
	CHECK(!ui->form.open);
	CHECK(ui->explain.open && ui->explain.pending);
	CHECK(ui_next_action(ui, &a));
	CHECK_INT(a.kind, UI_ACT_EXPLAIN);
	CHECK(nst_ns_id_eq(a.u.explain.from, ns1->id));
	CHECK_INT(a.u.explain.family, AF_INET);
	CHECK_INT(a.u.explain.proto, NST_PROTO_TCP);
	CHECK_INT(a.u.explain.port, 80);
	CHECK(!a.u.explain.has_src);
	uint8_t want[4] = { 192, 168, 10, 3 };
	CHECK(memcmp(a.u.explain.dst, want, 4) == 0);
	CHECK_INT(a.u.explain.id, ui->explain.id);
	ui_destroy(ui);
	nst_model_destroy(m);
}

static void test_reply(void)
{
	struct nst_model *m = seed();
	struct ui_options o = { 0 };
	struct ui *ui = ui_create(&o);
	const struct nst_ns *ns1 = nst_model_find_ns(m, "ns1"), *ns2 = nst_model_find_ns(m, "ns2");
	struct ui_explain_req req = { .from = ns1->id, .family = AF_INET, .dst = { 192, 168, 10, 3 }, .port = -1 };
	struct nst_reach_hop hops[2] = {
		{ .ns = "ns1", .ns_id = ns1->id, .oif = "vethB", .route = "table main 192.168.10.0/24 dev vethB",
		  .result = NST_REACH_OK },
		{ .ns = "ns2\x1b[2J", .ns_id = ns2->id, .iif = "vethD", .result = NST_REACH_FAIL,
		  .reason = "nothing answers" },
	};
	struct nst_reach r = { .reachable = 0, .reason = "nothing answers", .request = { .v = hops, .n = 2, .cap = 2 } };
	struct nst_explain_head h = { .from = "ns1", .to = "192.168.10.3", .family = AF_INET, .port = -1 };
	struct ui_action a;

	ui_explain_request(ui, &req);
	int first = req.id;
	CHECK(ui_next_action(ui, &a));
	ui_explain_reply(ui, m, first, &h, &r);
	CHECK(!ui->explain.pending);
	CHECK_INT(ui->explain.reachable, 0);
	CHECK(ui->explain.n_lines > 3);
	CHECK_STR(ui->explain.lines[0], "NOT reachable: ns1 \u2192 192.168.10.3 icmp");
	bool escaped = false;
	for (size_t i = 0; i < ui->explain.n_lines; i++) {
		CHECK(strchr(ui->explain.lines[i], '\x1b') == NULL); /* a hostile name reaches no terminal raw */
		escaped |= strstr(ui->explain.lines[i], "ns2\\x1b[2J") != NULL;
	}
	CHECK(escaped);
	/* the path by identity: ns1 out vethB, ns2 in vethD, the failing hop marked */
	CHECK_INT((long long)ui->explain.path.n, 2);
	CHECK_INT(ui->explain.path.v[0].oif, nst_ns_find_link_name(ns1, "vethB")->ifindex);
	CHECK_INT(ui->explain.path.v[1].iif, nst_ns_find_link_name(ns2, "vethD")->ifindex);
	CHECK(!ui->explain.path.v[0].failed && ui->explain.path.v[1].failed);
	CHECK(ui->explain.path.v[0].start && !ui->explain.path.v[1].start);
	/* a second request: the first one's late answer is not shown */
	ui_explain_request(ui, &req);
	CHECK(ui_next_action(ui, &a));
	CHECK(req.id != first);
	ui_explain_reply(ui, m, first, &h, &r);
	CHECK(ui->explain.pending);
	CHECK_INT((long long)ui->explain.path.n, 0);
	ui_explain_append(ui, req.id, "probe: observed\n  1 ns1");
	CHECK_STR(ui->explain.lines[ui->explain.n_lines - 1], "  1 ns1");
	ui_explain_close(ui);
	CHECK(!ui->explain.open);
	CHECK_INT((long long)ui->explain.n_lines, 0);
	ui_destroy(ui);
	nst_model_destroy(m);
}

/* A matrix as the loop builds it: every namespace a row and one address a column, the diagonal not asked. */
static void matrix(const struct nst_model *m, struct nst_reach_matrix *mx)
{
	static const char *addr[] = { "192.168.10.1", "192.168.10.2", "192.168.10.3" };

	memset(mx, 0, sizeof(*mx));
	mx->port = -1;
	mx->n_rows = mx->n_cols = 3;
	mx->rows = calloc(3, sizeof(*mx->rows));
	mx->cols = calloc(3, sizeof(*mx->cols));
	mx->cells = calloc(9, sizeof(*mx->cells));
	for (size_t i = 0; i < 3; i++) {
		mx->rows[i].ns = m->ns[i].id;
		mx->rows[i].name = strdup(m->ns[i].name);
		mx->rows[i].display = strdup(m->ns[i].name);
		mx->cols[i] = (struct nst_reach_col){ .ns = m->ns[i].id, .row = i, .family = AF_INET };
		inet_pton(AF_INET, addr[i], mx->cols[i].addr);
		for (size_t c = 0; c < 3; c++) {
			mx->cells[i * 3 + c] = (struct nst_reach_cell){ .self = c == i, .reachable = c != i };
		}
	}
}

static void test_matrix_keys(void)
{
	struct nst_model *m = seed();
	struct ui_options o = { 0 };
	struct ui *ui = ui_create(&o);
	struct nst_reach_matrix mx;
	struct ui_action a;
	int k = 'R';

	CHECK_STR(m->ns[1].name, "ns1");
	press(ui, m, &k, 1);
	CHECK(ui->reach.open && ui->reach.pending);
	CHECK(ui_next_action(ui, &a));
	CHECK_INT(a.kind, UI_ACT_REACH);
	CHECK_INT(a.u.reach.proto, NST_PROTO_ICMP);
	matrix(m, &mx);
	ui_reach_reply(ui, a.u.reach.id, &mx);
	CHECK(ui->reach.have && !ui->reach.pending);
	CHECK(mx.rows == NULL); /* taken over */
	CHECK_INT((long long)ui->reach.col, 1); /* the first cell that was asked */
	/* ns1's own column: nothing to explain */
	int keys[] = { 'j', 'h', 'l', '\r' };
	press(ui, m, keys, 4);
	CHECK_INT((long long)ui->reach.row, 1);
	CHECK_INT((long long)ui->reach.col, 1);
	CHECK(!ui_next_action(ui, &a));
	CHECK(!ui->explain.open);
	/* ns1 -> ns2's 192.168.10.3: the request `e` would make */
	k = 'l';
	press(ui, m, &k, 1);
	k = '\r';
	press(ui, m, &k, 1);
	CHECK(ui_next_action(ui, &a));
	CHECK_INT(a.kind, UI_ACT_EXPLAIN);
	CHECK(nst_ns_id_eq(a.u.explain.from, m->ns[1].id));
	CHECK_INT(a.u.explain.dst[3], 3);
	CHECK_INT(a.u.explain.port, -1);
	CHECK(ui->explain.open);
	/* Esc: the explanation first, then the matrix */
	k = 27;
	press(ui, m, &k, 1);
	CHECK(!ui->explain.open && ui->reach.open);
	press(ui, m, &k, 1);
	CHECK(!ui->reach.open && !ui->reach.have);
	/* a late matrix for a view closed since is freed, not shown */
	matrix(m, &mx);
	ui_reach_reply(ui, a.u.reach.id, &mx);
	CHECK(!ui->reach.open && mx.rows == NULL);
	ui_destroy(ui);
	nst_model_destroy(m);
}

UNIT_MAIN(test_form, test_reply, test_matrix_keys)
