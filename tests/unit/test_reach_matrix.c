/* SPDX-License-Identifier: MIT */
/*
 * nst_reach_matrix over a table oracle (the kernel's answers written down):
 * rows, columns and self cells, a failing request and a failing reply, an
 * oracle that cannot answer, an address two namespaces own, the memo, the
 * probe seam; the text grid (golden, ASCII and UTF-8, folded) and the JSON.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "golden.h"
#include "reach_matrix.h"
#include "reach_memo.h"
#include "reach_probe.h"
#include "reach_render.h"
#include "unit.h"

/* One answer: in ns, for dst arriving on iif (0: sent there). No row: no route (ENETUNREACH). */
struct row {
	const char *ns;
	int iif;
	const char *dst;
	int err;
	uint8_t type; /* 0: unicast */
	int oif;
	const char *prefsrc;
};

static const struct row *rows;
static int asked, listen_asked;

static int table_lookup(void *ctx, const struct nst_ns *ns, const struct nst_fib_query *q, struct nst_fib_answer *a)
{
	(void)ctx;
	asked++;
	for (const struct row *r = rows; r && r->ns; r++) {
		uint8_t d[16] = { 0 };
		inet_pton(AF_INET, r->dst, d);
		if (strcmp(r->ns, ns->name) != 0 || r->iif != q->iif || memcmp(d, q->dst, 4) != 0) {
			continue;
		}
		if (r->err == -EIO) {
			return -EIO;
		}
		a->err = r->err;
		a->type = r->type ? r->type : 1;
		a->table = 254;
		a->oif = r->oif;
		if (r->prefsrc) {
			a->has_prefsrc = true;
			inet_pton(AF_INET, r->prefsrc, a->prefsrc);
		}
		return 0;
	}
	a->err = -ENETUNREACH;
	return 0;
}

static int table_listening(void *ctx, const struct nst_ns *ns, int family, enum nst_reach_proto proto,
			   const uint8_t *addr, uint16_t port)
{
	(void)ctx;
	(void)family;
	(void)addr;
	listen_asked++;
	return proto == NST_PROTO_TCP && port == 80 && strcmp(ns->name, "ns2") == 0;
}

static const struct nst_fib_oracle oracle = { .lookup = table_lookup };
static const struct nst_fib_oracle oracle_tcp = { .lookup = table_lookup, .listening = table_listening };

/* The seed: ns1 (vethB .2) and ns2 (vethD .3) on mybridge (.1) in "/"; every pair routed both ways. */
static const struct row seed_rows[] = {
	{ "ns1", 0, "192.168.10.3", 0, 0, 2, "192.168.10.2" },
	{ "ns1", 0, "192.168.10.1", 0, 0, 2, "192.168.10.2" },
	{ "ns1", 2, "192.168.10.2", 0, 2, 1, NULL },
	{ "ns2", 0, "192.168.10.2", 0, 0, 2, "192.168.10.3" },
	{ "ns2", 0, "192.168.10.1", 0, 0, 2, "192.168.10.3" },
	{ "ns2", 2, "192.168.10.3", 0, 2, 1, NULL },
	{ "/", 0, "192.168.10.2", 0, 0, 3, "192.168.10.1" },
	{ "/", 0, "192.168.10.3", 0, 0, 3, "192.168.10.1" },
	{ "/", 3, "192.168.10.1", 0, 2, 1, NULL },
	{ 0 },
};

static struct nst_model *seed(void)
{
	struct nst_model *m = fixture_seed_bridge();

	nst_model_sort(m);
	nst_model_pair_peers(m);
	return m;
}

static char *text(const struct nst_reach_matrix *mx, bool ascii, int width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	nst_render_reach_text(mx, ascii, width, f);
	fclose(f);
	return buf;
}

static char *json(const struct nst_reach_matrix *mx)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	nst_render_reach_json(mx, f);
	fclose(f);
	return buf;
}

static size_t col_of(const struct nst_reach_matrix *mx, const char *addr)
{
	uint8_t a[16] = { 0 };

	inet_pton(AF_INET, addr, a);
	for (size_t c = 0; c < mx->n_cols; c++) {
		if (memcmp(mx->cols[c].addr, a, 4) == 0) {
			return c;
		}
	}
	return (size_t)-1;
}

static size_t row_of(const struct nst_model *m, const struct nst_reach_matrix *mx, const char *name)
{
	return (size_t)nst_reach_matrix_find_row(mx, nst_model_find_ns(m, name)->id);
}

static void test_all_reachable(void)
{
	struct nst_model *m = seed();
	struct nst_reach_matrix mx;

	rows = seed_rows;
	asked = 0;
	nst_reach_matrix_build(m, &oracle, NST_PROTO_ICMP, -1, &mx);
	CHECK_INT(mx.n_rows, 3);
	CHECK_INT(mx.n_cols, 3);
	CHECK_INT(mx.n_ok, 6);
	CHECK_INT(mx.n_fail + mx.n_unknown, 0);
	/* rows in model order, each namespace's columns under its own row */
	for (size_t r = 0; r < mx.n_rows; r++) {
		CHECK(nst_ns_id_eq(mx.rows[r].ns, m->ns[r].id));
		size_t n, first = nst_reach_matrix_row_cols(&mx, r, &n);
		CHECK_INT(n, 1);
		CHECK(nst_ns_id_eq(mx.cols[first].ns, m->ns[r].id));
		CHECK(nst_reach_matrix_cell(&mx, r, first)->self);
	}
	/* four questions a cell (there and back, two hops each); a reply's last one is the
	 * reverse cell's arrival, asked once for both */
	CHECK_INT(mx.lookups, 24);
	CHECK_INT(asked, 18);
	CHECK_INT(mx.memo_hits, 6);
	size_t r1 = row_of(m, &mx, "ns1"), c3 = col_of(&mx, "192.168.10.3");
	const struct nst_reach_cell *cell = nst_reach_matrix_cell(&mx, r1, c3);
	CHECK_INT(cell->reachable, 1);
	CHECK(cell->reason == NULL && cell->failed_in == NULL);
	CHECK(nst_reach_matrix_cell(&mx, 3, 0) == NULL);
	CHECK(nst_reach_matrix_cell(&mx, 0, 3) == NULL);
	struct nst_ns_id gone = { 9, 9 };
	CHECK_INT(nst_reach_matrix_find_row(&mx, gone), -1);

	/* the probe a cell stands for; a self cell has none */
	struct nst_reach_probe p;
	CHECK_INT(nst_reach_matrix_probe(&mx, m, r1, c3, &p), 0);
	CHECK_STR(p.from->name, "ns1");
	CHECK_INT(p.family, AF_INET);
	CHECK_INT(p.dst[3], 3);
	CHECK_INT(nst_reach_matrix_probe(&mx, m, r1, col_of(&mx, "192.168.10.2"), &p), -EINVAL);
	CHECK_INT(nst_reach_matrix_probe(&mx, m, 7, 0, &p), -ERANGE);
	nst_reach_matrix_free(&mx);
	nst_model_destroy(m);
}

static void test_gaps(void)
{
	struct nst_model *m = seed();
	struct nst_reach_matrix mx;
	struct row gap[16];
	size_t n = 0;

	/* "/" loses its way to 192.168.10.3, and ns1 cannot be asked for 192.168.10.1 (nor answer "/") */
	for (const struct row *r = seed_rows; r->ns; r++) {
		if (strcmp(r->ns, "/") == 0 && r->iif == 0 && strcmp(r->dst, "192.168.10.3") == 0) {
			continue;
		}
		gap[n] = *r;
		if (strcmp(r->ns, "ns1") == 0 && r->iif == 0 && strcmp(r->dst, "192.168.10.1") == 0) {
			gap[n].err = -EIO;
		}
		n++;
	}
	memset(&gap[n], 0, sizeof(gap[n]));
	rows = gap;
	nst_reach_matrix_build(m, &oracle, NST_PROTO_ICMP, -1, &mx);
	CHECK_INT(mx.n_ok, 2);
	CHECK_INT(mx.n_fail, 2);
	CHECK_INT(mx.n_unknown, 2);
	size_t root = row_of(m, &mx, "/"), r2 = row_of(m, &mx, "ns2"), r1 = row_of(m, &mx, "ns1");
	const struct nst_reach_cell *c = nst_reach_matrix_cell(&mx, root, col_of(&mx, "192.168.10.3"));
	CHECK_INT(c->reachable, 0);
	CHECK_STR(c->reason, "no route to 192.168.10.3 here");
	CHECK_STR(c->failed_in, "/");
	CHECK(!c->failed_reply);
	/* ns2's echo reaches "/", whose answer has no way back */
	c = nst_reach_matrix_cell(&mx, r2, col_of(&mx, "192.168.10.1"));
	CHECK_INT(c->reachable, 0);
	CHECK(c->failed_reply);
	CHECK_STR(c->failed_in, "/");
	c = nst_reach_matrix_cell(&mx, r1, col_of(&mx, "192.168.10.1"));
	CHECK_INT(c->reachable, -1);
	CHECK_STR(c->reason, "the kernel could not be asked here: Input/output error");
	CHECK_STR(c->failed_in, "ns1");

	char *t = text(&mx, true, 80);
	check_golden("reach_matrix_ascii.txt", t);
	free(t);
	t = text(&mx, false, 80);
	check_golden("reach_matrix_utf8.txt", t);
	free(t);
	/* 40 columns: the three addresses fold into two blocks, every row in each */
	t = text(&mx, true, 40);
	check_golden("reach_matrix_fold.txt", t);
	free(t);

	t = json(&mx);
	CHECK(strstr(t, "{\"proto\":\"icmp\",\"port\":null,\"namespaces\":[{\"name\":\"/\",\"display\":\"/\",\"inode\":100,"
			"\"addresses\":[\"192.168.10.1\"]},") == t);
	CHECK(strstr(t, "\"counts\":{\"reachable\":2,\"unreachable\":2,\"unknown\":2}") != NULL);
	CHECK(strstr(t, "{\"from\":\"/\",\"to\":\"ns2\",\"address\":\"192.168.10.3\",\"reachable\":false,"
			"\"reason\":\"no route to 192.168.10.3 here\",\"failed_in\":\"/\",\"failed_on_reply\":false,"
			"\"probe\":null}") != NULL);
	CHECK(strstr(t, "{\"from\":\"ns1\",\"to\":\"/\",\"address\":\"192.168.10.1\",\"reachable\":null,") != NULL);
	CHECK(strstr(t, "{\"from\":\"ns1\",\"to\":\"ns2\",\"address\":\"192.168.10.3\",\"reachable\":true,"
			"\"reason\":null,\"failed_in\":null,\"failed_on_reply\":false,\"probe\":null}") != NULL);
	CHECK(strstr(t, "\"from\":\"ns1\",\"to\":\"ns1\"") == NULL); /* no self cell */
	free(t);
	nst_reach_matrix_free(&mx);
	nst_model_destroy(m);
}

/* ns2 also holds 192.168.10.2: the column (ns2, .2) is its own; ns1's copy answers nobody else's echo. */
static void test_same_address(void)
{
	struct nst_model *m = seed();
	struct nst_addr a = fixture_addr4("192.168.10.2", 32);
	struct nst_reach_matrix mx;

	nst_link_add_addr(nst_ns_find_link_name(nst_model_find_ns(m, "ns2"), "vethD"), &a);
	rows = seed_rows;
	nst_reach_matrix_build(m, &oracle, NST_PROTO_ICMP, -1, &mx);
	CHECK_INT(mx.n_cols, 4);
	size_t r2, n;
	r2 = row_of(m, &mx, "ns2");
	nst_reach_matrix_row_cols(&mx, r2, &n);
	CHECK_INT(n, 2);
	/* "/" -> .2 arrives in ns1: right for ns1's column, not ns2's */
	size_t root = row_of(m, &mx, "/");
	size_t first = nst_reach_matrix_row_cols(&mx, r2, &n);
	const struct nst_reach_cell *c = nst_reach_matrix_cell(&mx, root, first + 1);
	CHECK_INT(mx.cols[first + 1].addr[3], 2);
	CHECK_INT(c->reachable, 0);
	CHECK_STR(c->reason, "delivered in ns1, which owns the same address, not in ns2");
	CHECK_STR(c->failed_in, "ns1");
	c = nst_reach_matrix_cell(&mx, root, nst_reach_matrix_row_cols(&mx, row_of(m, &mx, "ns1"), &n));
	CHECK_INT(c->reachable, 1);
	nst_reach_matrix_free(&mx);
	nst_model_destroy(m);
}

/* tcp: the listening question repeats for each source and the memo answers it once. */
static void test_tcp_memo(void)
{
	struct nst_model *m = seed();
	struct nst_reach_matrix mx;

	rows = seed_rows;
	asked = listen_asked = 0;
	nst_reach_matrix_build(m, &oracle_tcp, NST_PROTO_TCP, 80, &mx);
	CHECK_INT(mx.n_ok, 2); /* only ns2 listens */
	CHECK_INT(mx.n_fail, 4);
	CHECK_INT(listen_asked, 3);  /* ns2 asked once (two sources), ns1 and "/" once each */
	CHECK_INT(mx.memo_hits, 5);  /* the second source of each, and two replies' arrivals */
	const struct nst_reach_cell *c = nst_reach_matrix_cell(&mx, row_of(m, &mx, "ns1"), col_of(&mx, "192.168.10.1"));
	CHECK_STR(c->reason, "192.168.10.1 is local here, but nothing listens on tcp port 80: connection refused");
	char *t = json(&mx);
	CHECK(strstr(t, "{\"proto\":\"tcp\",\"port\":80,") == t);
	free(t);
	nst_reach_matrix_free(&mx);

	/* the memo alone: an arrival asked twice is asked once; one sent from here is passed on (no other
	 * cell asks it); a failed question is asked again; another source or device is another question */
	struct nst_fib_oracle mo;
	struct nst_fib_memo *memo = nst_fib_memo_create(&oracle, &mo);
	struct nst_fib_query q = { .family = AF_INET, .iif = 2, .has_src = true };
	struct nst_fib_answer ans;
	const struct nst_ns *ns1 = nst_model_find_ns(m, "ns1");
	struct row broken[] = { { "ns1", 2, "192.168.10.9", -EIO, 0, 0, NULL }, { 0 } };
	inet_pton(AF_INET, "192.168.10.2", q.dst);
	inet_pton(AF_INET, "192.168.10.3", q.src);
	asked = 0;
	CHECK_INT(mo.lookup(mo.ctx, ns1, &q, &ans), 0);
	memset(&ans, 0, sizeof(ans));
	CHECK_INT(mo.lookup(mo.ctx, ns1, &q, &ans), 0);
	CHECK_INT(asked, 1);
	CHECK_INT(ans.type, 2); /* local, as the table says */
	q.src[3] = 1;           /* another source */
	CHECK_INT(mo.lookup(mo.ctx, ns1, &q, &ans), 0);
	CHECK_INT(asked, 2);
	q.iif = 0;              /* sent from here: asked each time */
	inet_pton(AF_INET, "192.168.10.3", q.dst);
	CHECK_INT(mo.lookup(mo.ctx, ns1, &q, &ans), 0);
	CHECK_INT(mo.lookup(mo.ctx, ns1, &q, &ans), 0);
	CHECK_INT(asked, 4);
	CHECK_INT(ans.oif, 2);
	rows = broken;
	q.iif = 2;
	inet_pton(AF_INET, "192.168.10.9", q.dst);
	CHECK_INT(mo.lookup(mo.ctx, ns1, &q, &ans), -EIO);
	CHECK_INT(mo.lookup(mo.ctx, ns1, &q, &ans), -EIO);
	CHECK_INT(asked, 6);
	CHECK(mo.listening == NULL); /* the inner oracle has none */
	size_t qs, hits;
	nst_fib_memo_stats(memo, &qs, &hits);
	CHECK_INT(qs, 7);
	CHECK_INT(hits, 1);
	/* many distinct questions: the table grows and keeps every answer */
	rows = seed_rows;
	for (int i = 0; i < 2000; i++) {
		q.iif = 1000 + i;
		mo.lookup(mo.ctx, ns1, &q, &ans);
	}
	asked = 0;
	for (int i = 0; i < 2000; i++) {
		q.iif = 1000 + i;
		mo.lookup(mo.ctx, ns1, &q, &ans);
	}
	CHECK_INT(asked, 0);
	nst_fib_memo_destroy(memo);
	nst_model_destroy(m);
}

static int confirmed;

/* A confirmation that agrees with every prediction but ns2's: what --reach --probe's glue will fill. */
static int fake_confirm(void *ctx, const struct nst_model *m, const struct nst_reach_probe *p,
			const struct nst_reach_cell *predicted, struct nst_reach_observed **obs)
{
	(void)ctx;
	(void)m;
	confirmed++;
	if (strcmp(p->from->name, "ns2") == 0) {
		return -EPERM;
	}
	*obs = calloc(1, sizeof(**obs));
	(*obs)->sent = 1;
	(*obs)->answered = predicted->reachable == 1;
	(*obs)->outcome = NST_PROBE_ANSWERED;
	(*obs)->compared = true;
	(*obs)->agrees = true;
	return 0;
}

static void test_confirm_seam(void)
{
	struct nst_model *m = seed();
	struct nst_reach_matrix mx;

	rows = seed_rows;
	nst_reach_matrix_build(m, &oracle, NST_PROTO_ICMP, -1, &mx);
	confirmed = 0;
	CHECK_INT(nst_reach_matrix_confirm(&mx, m, fake_confirm, NULL), 4);
	CHECK_INT(confirmed, 6);
	const struct nst_reach_cell *c = nst_reach_matrix_cell(&mx, row_of(m, &mx, "ns1"), col_of(&mx, "192.168.10.3"));
	CHECK(c->probe && c->probe->agrees && c->probe->answered == 1);
	CHECK(nst_reach_matrix_cell(&mx, row_of(m, &mx, "ns2"), col_of(&mx, "192.168.10.1"))->probe == NULL);
	char *t = json(&mx);
	CHECK(strstr(t, "\"probe\":{\"error\":null,\"sent\":1,\"answered\":1,\"outcome\":\"answered\",\"agrees\":true,"
		      "\"disagreement\":null}") != NULL);
	free(t);
	nst_reach_matrix_free(&mx);
	nst_model_destroy(m);
}

/* A hostile display name reaches the grid escaped, the JSON as a JSON string; a long one is cut in the grid. */
static void test_names(void)
{
	struct nst_model *m = seed();
	struct nst_ns *ns1 = nst_model_find_ns(m, "ns1");
	struct nst_reach_matrix mx;

	free(ns1->display);
	ns1->display = strdup("\x1b[2Jevil-container-with-a-long-name");
	rows = seed_rows;
	nst_reach_matrix_build(m, &oracle, NST_PROTO_ICMP, -1, &mx);
	char *t = text(&mx, true, 80);
	CHECK(strchr(t, '\x1b') == NULL);
	CHECK(strstr(t, "\\x1b[2Jevil-container-w~") != NULL);
	free(t);
	t = json(&mx);
	CHECK(strstr(t, "\"display\":\"\\u001b[2Jevil-container-with-a-long-name\"") != NULL);
	free(t);
	nst_reach_matrix_free(&mx);

	/* no address anywhere: rows, no columns, said so */
	struct nst_model *e = nst_model_create();
	struct nst_ns_id id = { 1, 1 };
	nst_model_add_ns(e, "empty", NST_NS_NAMED, id);
	nst_reach_matrix_build(e, &oracle, NST_PROTO_ICMP, -1, &mx);
	CHECK_INT(mx.n_rows, 1);
	CHECK_INT(mx.n_cols, 0);
	t = text(&mx, false, 0);
	CHECK(strstr(t, "no address to reach") != NULL);
	free(t);
	nst_reach_matrix_free(&mx);
	nst_model_destroy(e);
	nst_model_destroy(m);
}

/* In slices: the same cells as one build, the pending ones marked and not counted. */
static void test_steps(void)
{
	struct nst_model *m = seed();
	struct nst_reach_matrix whole, mx;

	rows = seed_rows;
	nst_reach_matrix_build(m, &oracle, NST_PROTO_ICMP, -1, &whole);
	nst_reach_matrix_begin(m, NST_PROTO_ICMP, -1, &mx);
	CHECK_INT(mx.n_rows * mx.n_cols, 9);
	size_t pending = 0;
	for (size_t i = 0; i < 9; i++) {
		pending += mx.cells[i].pending;
		CHECK(mx.cells[i].pending != mx.cells[i].self);
	}
	CHECK_INT(pending, 6);
	asked = 0;
	CHECK_INT(nst_reach_matrix_step(&mx, m, &oracle, 2), 4); /* row 0 ("/") done */
	CHECK_INT(mx.n_ok, 2);
	CHECK(mx.memo != NULL);
	CHECK(mx.cells[5].pending);
	CHECK_INT(nst_reach_matrix_step(&mx, m, &oracle, 1), 3);
	CHECK_INT(nst_reach_matrix_step(&mx, m, &oracle, 100), 0);
	CHECK(mx.memo == NULL);
	CHECK_INT(asked, 18); /* the memo lasted across the steps */
	CHECK_INT(mx.n_ok, 6);
	for (size_t i = 0; i < 9; i++) {
		CHECK(!mx.cells[i].pending);
		CHECK_INT(mx.cells[i].reachable, whole.cells[i].reachable);
	}
	CHECK_INT(nst_reach_matrix_step(&mx, m, &oracle, 100), 0);
	nst_reach_matrix_free(&mx);
	/* freed half way: the memo goes too (ASan) */
	nst_reach_matrix_begin(m, NST_PROTO_ICMP, -1, &mx);
	nst_reach_matrix_step(&mx, m, &oracle, 1);
	nst_reach_matrix_free(&mx);
	nst_reach_matrix_free(&whole);
	nst_model_destroy(m);
}

UNIT_MAIN(test_all_reachable, test_steps, test_gaps, test_same_address, test_tcp_memo, test_confirm_seam, test_names)
