/* SPDX-License-Identifier: MIT */
/*
 * The tree's selection under keys, without a terminal (keys pushed, ui_handle_input),
 * over fixture_many: j/k/g/G/PgDn step through the selectable rows exactly as a scan
 * of the rows orders them, and rebuild nothing (rows.build_id stays); folding, the
 * filter and a new model generation rebuild once and keep the selection on its
 * object. ui_wants_stats answers as a scan of the rows on screen would.
 */
#include <curses.h>
#include <string.h>

#include "fixtures.h"
#include "ui_state.h"
#include "unit.h"

static void press(struct ui *ui, const struct nst_model *m, int key)
{
	ui_fifo_push(&ui->keys, &key);
	while (ui_keys_waiting(ui)) {
		ui_handle_input(ui, m);
	}
}

/* The selectable rows by a plain scan: the k-th one, or -1. */
static long scan_selectable(const struct ui_rows *rows, long k)
{
	for (size_t i = 0; i < rows->n; i++) {
		if (ui_row_selectable(&rows->v[i]) && k-- == 0) {
			return (long)i;
		}
	}
	return -1;
}

static long scan_count(const struct ui_rows *rows)
{
	long n = 0;

	for (size_t i = 0; i < rows->n; i++) {
		n += ui_row_selectable(&rows->v[i]);
	}
	return n;
}

/* The rank of the selection among the selectable rows, by a scan. */
static long scan_rank(const struct ui *ui)
{
	long k = 0;

	for (size_t i = 0; i < ui->rows.n; i++) {
		if (ui_row_selectable(&ui->rows.v[i])) {
			struct ui_sel row = ui_row_sel(&ui->rows.v[i]);
			if (ui_sel_eq(&row, &ui->sel)) {
				return k;
			}
			k++;
		}
	}
	return -1;
}

static struct nst_model *many(void)
{
	struct nst_model *m = fixture_many(120);

	nst_model_sort(m);
	nst_model_pair_peers(m);
	return m;
}

static void test_moves_rebuild_nothing(void)
{
	struct nst_model *m = many();
	struct ui_options o = { 0 };
	struct ui *ui = ui_create(&o);

	ui_sync(ui, m);
	CHECK(ui->have_sel);
	uint64_t id = ui->rows.build_id;
	long n = scan_count(&ui->rows);
	CHECK(n > 200);
	CHECK_INT(scan_rank(ui), 0);
	for (long k = 1; k < 40; k++) {
		press(ui, m, 'j');
		CHECK_INT(scan_rank(ui), k);
	}
	for (long k = 38; k >= 30; k--) {
		press(ui, m, KEY_UP);
		CHECK_INT(scan_rank(ui), k);
	}
	press(ui, m, 'G');
	CHECK_INT(scan_rank(ui), n - 1);
	struct ui_sel last = ui_row_sel(&ui->rows.v[scan_selectable(&ui->rows, n - 1)]);
	CHECK(ui_sel_eq(&ui->sel, &last));
	press(ui, m, 'j'); /* at the end: stays */
	CHECK_INT(scan_rank(ui), n - 1);
	press(ui, m, 'k');
	CHECK_INT(scan_rank(ui), n - 2);
	press(ui, m, 'g');
	CHECK_INT(scan_rank(ui), 0);
	press(ui, m, KEY_NPAGE); /* no terminal: a page is one row */
	CHECK_INT(scan_rank(ui), 1);
	press(ui, m, '\n'); /* details open and close: not what the rows are built from */
	press(ui, m, '\n');
	CHECK(ui->rows.build_id == id);

	/* the model moved: one rebuild, the selection stays on its object */
	struct ui_sel was = ui->sel;
	m->generation++;
	press(ui, m, 'j');
	CHECK(ui->rows.build_id == id + 1);
	CHECK_INT(scan_rank(ui), 2);
	press(ui, m, 'k');
	CHECK(ui_sel_eq(&ui->sel, &was));
	CHECK(ui->rows.build_id == id + 1);
	ui_destroy(ui);
	nst_model_destroy(m);
}

static void test_fold_and_filter_rebuild(void)
{
	struct nst_model *m = many();
	struct ui_options o = { 0 };
	struct ui *ui = ui_create(&o);
	const struct nst_ns *ns5 = nst_model_find_ns(m, "ns005");

	ui_sync(ui, m);
	ui->sel = ui_sel_ns(ns5->id);
	ui->have_sel = true;
	uint64_t id = ui->rows.build_id;
	size_t rows = ui->rows.n;
	press(ui, m, 'h'); /* fold ns005 */
	CHECK(ui->rows.build_id == id + 1);
	CHECK(ui->rows.n < rows);
	CHECK(ui_sel_eq(&ui->sel, &(struct ui_sel){ .kind = UI_SEL_NS, .ns = ns5->id }));
	press(ui, m, 'h'); /* already folded: nothing to rebuild */
	CHECK(ui->rows.build_id == id + 1);
	press(ui, m, 'l');
	CHECK(ui->rows.build_id == id + 2);
	CHECK_INT((long)ui->rows.n, (long)rows);

	/* the filter: one rebuild per key that changes its text */
	press(ui, m, '/');
	CHECK(ui->rows.build_id == id + 2);
	press(ui, m, 'n');
	press(ui, m, 's');
	press(ui, m, '0');
	press(ui, m, '0');
	press(ui, m, '5');
	CHECK(ui->rows.build_id == id + 7);
	press(ui, m, '\r');
	CHECK(ui->rows.build_id == id + 7);
	CHECK(ui->have_sel && ui_sel_eq(&ui->sel, &(struct ui_sel){ .kind = UI_SEL_NS, .ns = ns5->id }));
	press(ui, m, 27); /* Esc clears it */
	CHECK(ui->rows.build_id == id + 8);
	CHECK_INT((long)ui->rows.n, (long)rows);
	ui_destroy(ui);
	nst_model_destroy(m);
}

/* What ui_wants_stats said before it kept a set: a scan of the rows on screen for a link of ns. */
static bool scan_wants(const struct ui *ui, const struct nst_ns *ns)
{
	for (long i = ui->tree_top; i < ui->tree_top + ui->view_h && i < (long)ui->rows.n; i++) {
		const struct ui_row *r = &ui->rows.v[i];
		if (r->kind == UI_ROW_LINK && nst_ns_id_eq(r->ns, ns->id)) {
			return true;
		}
	}
	return false;
}

static void test_wants_stats(void)
{
	struct nst_model *m = many();
	struct ui_options o = { 0 };
	struct ui *ui = ui_create(&o);
	int on = 0;

	ui_sync(ui, m);
	ui->view_h = 30;
	for (long top = 0; top < (long)ui->rows.n; top += 17) {
		ui->tree_top = top;
		for (size_t i = 0; i < m->n_ns; i++) {
			bool w = ui_wants_stats(ui, m, &m->ns[i]);
			CHECK(w == scan_wants(ui, &m->ns[i]));
			on += w;
		}
	}
	CHECK(on > 0);
	ui->view_h = 0;
	CHECK(!ui_wants_stats(ui, m, &m->ns[0]));
	ui_destroy(ui);
	nst_model_destroy(m);
}

UNIT_MAIN(test_moves_rebuild_nothing, test_fold_and_filter_rebuild, test_wants_stats)
