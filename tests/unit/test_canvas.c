/* SPDX-License-Identifier: MIT */
/* The graph canvas: text clipping and UTF-8 decoding, wide characters, cuts, scrolling, line junctions in both modes, boxes, objects, text output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "unit.h"

static uint32_t ch_at(struct ui_canvas *c, int x, int y)
{
	struct ui_cell *cell = ui_canvas_at(c, x, y);
	return cell ? cell->ch : 0xffffffff;
}

static void check_text(const struct ui_canvas *c, bool ascii, const char *expected)
{
	char *s = ui_canvas_to_text(c, ascii);
	CHECK_STR(s, expected);
	free(s);
}

static void test_at_and_ensure(void)
{
	struct ui_canvas c;

	ui_canvas_init(&c, 4, 2);
	CHECK(ui_canvas_at(&c, 0, 0) != NULL);
	CHECK(ui_canvas_at(&c, 3, 1) != NULL);
	CHECK(ui_canvas_at(&c, 4, 0) == NULL);
	CHECK(ui_canvas_at(&c, 0, 2) == NULL);
	CHECK(ui_canvas_at(&c, -1, 0) == NULL);
	CHECK(ui_canvas_at(&c, 0, -1) == NULL);
	ui_canvas_text(&c, 1, 1, -1, "xyz", UI_CLS_TEXT);
	ui_canvas_ensure(&c, 6, 3);
	CHECK_INT(c.w, 6);
	CHECK_INT(c.h, 3);
	CHECK_INT(ch_at(&c, 1, 1), 'x');
	CHECK_INT(ch_at(&c, 3, 1), 'z');
	CHECK_INT(ch_at(&c, 4, 1), 0);
	CHECK_INT(ch_at(&c, 5, 2), 0);
	ui_canvas_ensure(&c, 2, 2); /* never shrinks */
	CHECK_INT(c.w, 6);
	CHECK_INT(c.h, 3);
	check_text(&c, true, "\n xyz\n\n");
	ui_canvas_finish(&c);
	CHECK(c.cells == NULL && c.w == 0);
	ui_canvas_finish(&c); /* twice is fine */

	ui_canvas_init(&c, 0, 0);
	check_text(&c, false, "");
	ui_canvas_finish(&c);
}

static void test_text_clipping(void)
{
	struct ui_canvas c;

	ui_canvas_init(&c, 8, 1);
	CHECK_INT(ui_canvas_text(&c, 1, 0, 3, "abcdef", UI_CLS_UP), 3);
	CHECK_INT(ch_at(&c, 3, 0), 'c');
	CHECK_INT(ch_at(&c, 4, 0), 0);
	CHECK_INT(ui_canvas_at(&c, 1, 0)->cls, UI_CLS_UP);
	CHECK_INT(ui_canvas_text(&c, 6, 0, -1, "xyz", UI_CLS_TEXT), 2); /* right edge */
	CHECK_INT(ch_at(&c, 7, 0), 'y');
	CHECK_INT(ui_canvas_text(&c, -2, 0, -1, "12345", UI_CLS_TEXT), 3); /* left edge */
	CHECK_INT(ch_at(&c, 0, 0), '3');
	CHECK_INT(ch_at(&c, 2, 0), '5');
	CHECK_INT(ui_canvas_text(&c, 0, 1, -1, "row", UI_CLS_TEXT), 0); /* below */
	CHECK_INT(ui_canvas_text(&c, 0, 0, 0, "none", UI_CLS_TEXT), 0);
	CHECK_INT(ch_at(&c, 0, 0), '3');
	CHECK_INT(ui_canvas_text(&c, 0, 0, -1, "", UI_CLS_TEXT), 0);
	/* clipping counts cells, not bytes */
	CHECK_INT(ui_canvas_text(&c, 0, 0, 2, "\xc3\xa9\xc3\xa9\xc3\xa9", UI_CLS_TEXT), 2);
	CHECK_INT(ch_at(&c, 1, 0), 0xe9);
	CHECK_INT(ch_at(&c, 2, 0), '5');
	ui_canvas_finish(&c);
}

/* Decode s on a fresh canvas; expected is its code points, terminated by 0. */
static void check_decode(const char *s, const uint32_t *expected)
{
	struct ui_canvas c;
	int n = 0;

	while (expected[n]) {
		n++;
	}
	ui_canvas_init(&c, 16, 1);
	CHECK_INT(ui_canvas_text(&c, 0, 0, -1, s, UI_CLS_TEXT), n);
	for (int i = 0; i <= n && i < 16; i++) {
		if (ch_at(&c, i, 0) != expected[i]) {
			fprintf(stderr, "decoding cell %d: expected U+%04X, got U+%04X\n", i, (unsigned)expected[i],
				(unsigned)ch_at(&c, i, 0));
			unit_failures++;
		}
	}
	ui_canvas_finish(&c);
}

static void test_utf8_decoding(void)
{
	check_decode("ab", (const uint32_t[]){ 'a', 'b', 0 });
	check_decode("\xc3\xa9", (const uint32_t[]){ 0xe9, 0 });
	check_decode("\xe2\x94\x80x", (const uint32_t[]){ 0x2500, 'x', 0 });
	check_decode("\xf0\x9f\x98\x80", (const uint32_t[]){ 0x1f600, UI_CH_WIDE_CONT, 0 }); /* wide: two cells */
	check_decode("\xf4\x8f\xbf\xbf", (const uint32_t[]){ 0x10ffff, 0 });
	/* each invalid byte is one '?' */
	check_decode("\xff", (const uint32_t[]){ '?', 0 });
	check_decode("a\x80z", (const uint32_t[]){ 'a', '?', 'z', 0 });
	check_decode("\xc3x", (const uint32_t[]){ '?', 'x', 0 });
	check_decode("\xc0\xaf", (const uint32_t[]){ '?', '?', 0 });             /* overlong '/' */
	check_decode("\xe0\x80\xaf", (const uint32_t[]){ '?', '?', '?', 0 });    /* overlong */
	check_decode("\xed\xa0\x80", (const uint32_t[]){ '?', '?', '?', 0 });    /* surrogate */
	check_decode("\xf4\x90\x80\x80", (const uint32_t[]){ '?', '?', '?', '?', 0 }); /* > U+10FFFF */
	check_decode("\xe2\x94", (const uint32_t[]){ '?', '?', 0 });             /* truncated at the end */
	check_decode("\xf0\x9f\x98", (const uint32_t[]){ '?', '?', '?', 0 });
	/* control characters would move the terminal cursor */
	check_decode("a\tb\x1b", (const uint32_t[]){ 'a', '?', 'b', '?', 0 });
	check_decode("\x7f\xc2\x85\xc2\xa0", (const uint32_t[]){ '?', '?', 0xa0, 0 });
	/* a combining mark would join the cell before on the terminal */
	check_decode("e\xcc\x81", (const uint32_t[]){ 'e', '?', 0 });
	check_decode("\xe4\xb8\xad" "1", (const uint32_t[]){ 0x4e2d, UI_CH_WIDE_CONT, '1', 0 });
}

/* Wide characters: two cells, never half of one; measured and shown the same way. */
static void test_wide(void)
{
	struct ui_canvas c;

	CHECK_INT(ui_cp_cells('a'), 1);
	CHECK_INT(ui_cp_cells(0x2500), 1);
	CHECK_INT(ui_cp_cells(0x4e2d), 2);  /* 中 */
	CHECK_INT(ui_cp_cells(0xac00), 2);  /* 가 */
	CHECK_INT(ui_cp_cells(0xff21), 2);  /* Ａ */
	CHECK_INT(ui_cp_cells(0x1f433), 2); /* 🐳 */
	CHECK_INT(ui_cp_cells(0x3fffe), 1);
	CHECK_INT(ui_text_cells("a\xe4\xb8\xad" "b"), 4);
	CHECK_INT(ui_text_cells("\xff\xfe"), 2); /* each bad byte a '?' */
	CHECK_INT(ui_text_cells(""), 0);

	ui_canvas_init(&c, 6, 1);
	/* three cells left for two wide characters: one is drawn, the other would be halved */
	CHECK_INT(ui_canvas_text(&c, 0, 0, 3, "\xe4\xb8\xad\xe6\x96\x87", UI_CLS_TEXT), 2);
	CHECK_INT(ch_at(&c, 2, 0), 0);
	/* at the canvas' right edge too */
	CHECK_INT(ui_canvas_text(&c, 5, 0, -1, "\xe4\xb8\xad", UI_CLS_TEXT), 0);
	CHECK_INT(ch_at(&c, 5, 0), 0);
	ui_canvas_text(&c, 3, 0, -1, "x", UI_CLS_TEXT);
	check_text(&c, false, "\xe4\xb8\xad x\n");
	check_text(&c, true, "?? x\n"); /* columns kept in ASCII */
	/* a wide character drawn over by one cell: its second half stays a column of its own */
	ui_canvas_text(&c, 0, 0, -1, "a", UI_CLS_TEXT);
	check_text(&c, false, "a  x\n");
	/* half of one cut by the left edge: a blank */
	ui_canvas_text(&c, -1, 0, -1, "\xe4\xb8\xad" "b", UI_CLS_TEXT);
	CHECK_INT(ch_at(&c, 0, 0), ' ');
	CHECK_INT(ch_at(&c, 1, 0), 'b');
	ui_canvas_finish(&c);
}

static void check_cut(const char *s, int w, bool middle, const char *want)
{
	char out[128];

	ui_text_cut(s, w, middle, out, sizeof(out));
	CHECK_STR(out, want);
	if (strcmp(out, want) == 0 && w >= 1) {
		CHECK(ui_text_cells(out) <= w);
	}
}

static void test_cut(void)
{
	/* fits: unchanged */
	check_cut("web1", 4, true, "web1");
	check_cut("web1", 40, true, "web1");
	/* the middle goes, the tail keeps the larger half (a container id ends a mount path) */
	check_cut("/run/docker/netns/86420b3ab6fc", 18, true, "/run/doc\xe2\x80\xa6" "20b3ab6fc");
	check_cut("/run/docker/netns/86420b3ab6fc", 24, true, "/run/docker\xe2\x80\xa6" "86420b3ab6fc");
	check_cut("abcdef", 5, true, "ab\xe2\x80\xa6" "ef");
	check_cut("abcdef", 5, false, "abcd\xe2\x80\xa6");
	check_cut("abcdef", 1, true, "\xe2\x80\xa6");
	check_cut("abcdef", 2, true, "\xe2\x80\xa6" "f");
	check_cut("abcdef", 0, true, "");
	check_cut("abcdef", -3, false, "");
	/* never half a sequence or a wide character: 中文字 is 6 cells */
	check_cut("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 5, true, "\xe4\xb8\xad\xe2\x80\xa6\xe5\xad\x97");
	check_cut("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 4, true, "\xe2\x80\xa6\xe5\xad\x97");
	check_cut("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3, true, "\xc3\xa9\xe2\x80\xa6\xc3\xa9");
	/* a bad byte is one cell, kept whole as the canvas shows it ('?') */
	check_cut("a\xff\xfe\xfd", 3, true, "a\xe2\x80\xa6\xfd");
	char small[4];
	ui_text_cut("abcdef", 5, true, small, sizeof(small)); /* truncated by the buffer, still terminated */
	CHECK_INT(strlen(small), 3);
}

/* Scrolling follows an object: the least movement that shows it, clamped to the canvas. */
static void test_scroll_to(void)
{
	struct ui_canvas c;
	int x = 0, y = 0;

	ui_canvas_init(&c, 200, 100);
	struct ui_obj o = { .x = 150, .y = 60, .w = 30 };
	ui_canvas_scroll_to(&c, &o, 80, 20, &x, &y);
	CHECK(o.x >= x && o.x + o.w <= x + 80);
	CHECK(o.y >= y && o.y < y + 20);
	CHECK_INT(y, 42);
	o = (struct ui_obj){ .x = 10, .y = 5, .w = 20 };
	ui_canvas_scroll_to(&c, &o, 80, 20, &x, &y);
	CHECK_INT(x, 8);
	CHECK_INT(y, 4);
	/* visible already: no move */
	o = (struct ui_obj){ .x = 20, .y = 10, .w = 20 };
	ui_canvas_scroll_to(&c, &o, 80, 20, &x, &y);
	CHECK(x == 8 && y == 4);
	/* a view of one row still shows the object */
	o.y = 50;
	ui_canvas_scroll_to(&c, &o, 80, 1, &x, &y);
	CHECK_INT(y, 50);
	/* the canvas shrank under the offsets */
	x = 500;
	y = 500;
	ui_canvas_scroll_to(&c, NULL, 80, 20, &x, &y);
	CHECK(x == 199 && y == 99);
	ui_canvas_finish(&c);
	ui_canvas_init(&c, 0, 0);
	ui_canvas_scroll_to(&c, NULL, 80, 20, &x, &y);
	CHECK(x == 0 && y == 0);
	ui_canvas_finish(&c);
}

static void test_line_glyphs(void)
{
	static const struct {
		uint8_t lines;
		uint32_t utf8, ascii;
	} table[] = {
		{ 0, ' ', ' ' },
		{ UI_LINE_N, 0x2502, '|' },
		{ UI_LINE_S, 0x2502, '|' },
		{ UI_LINE_N | UI_LINE_S, 0x2502, '|' },
		{ UI_LINE_E, 0x2500, '-' },
		{ UI_LINE_W, 0x2500, '-' },
		{ UI_LINE_E | UI_LINE_W, 0x2500, '-' },
		{ UI_LINE_S | UI_LINE_E, 0x250c, '+' },
		{ UI_LINE_S | UI_LINE_W, 0x2510, '+' },
		{ UI_LINE_N | UI_LINE_E, 0x2514, '+' },
		{ UI_LINE_N | UI_LINE_W, 0x2518, '+' },
		{ UI_LINE_N | UI_LINE_S | UI_LINE_E, 0x251c, '+' },
		{ UI_LINE_N | UI_LINE_S | UI_LINE_W, 0x2524, '+' },
		{ UI_LINE_S | UI_LINE_E | UI_LINE_W, 0x252c, '+' },
		{ UI_LINE_N | UI_LINE_E | UI_LINE_W, 0x2534, '+' },
		{ UI_LINE_N | UI_LINE_S | UI_LINE_E | UI_LINE_W, 0x253c, '+' },
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (ui_line_glyph(table[i].lines, false) != table[i].utf8 ||
		    ui_line_glyph(table[i].lines, true) != table[i].ascii) {
			fprintf(stderr, "glyph for lines %u: got U+%04X / '%c'\n", table[i].lines,
				(unsigned)ui_line_glyph(table[i].lines, false),
				(int)ui_line_glyph(table[i].lines, true));
			unit_failures++;
		}
	}
}

static void test_line_junctions(void)
{
	struct ui_canvas c;

	/* a cross, a T and corners made of segments that meet */
	ui_canvas_init(&c, 7, 5);
	ui_canvas_hline(&c, 0, 4, 2, UI_CLS_VETH);
	ui_canvas_vline(&c, 2, 0, 4, UI_CLS_VETH);
	ui_canvas_vline(&c, 4, 4, 2, UI_CLS_VETH); /* ends given backwards */
	ui_canvas_hline(&c, 6, 4, 4, UI_CLS_PORT);
	CHECK_INT(ui_canvas_at(&c, 2, 2)->lines, UI_LINE_N | UI_LINE_S | UI_LINE_E | UI_LINE_W);
	CHECK_INT(ui_canvas_at(&c, 0, 2)->lines, UI_LINE_E);
	CHECK_INT(ui_canvas_at(&c, 4, 2)->lines, UI_LINE_W | UI_LINE_S);
	CHECK_INT(ui_canvas_at(&c, 4, 4)->lines, UI_LINE_N | UI_LINE_E);
	check_text(&c, false,
		   "  \xe2\x94\x82\n"
		   "  \xe2\x94\x82\n"
		   "\xe2\x94\x80\xe2\x94\x80\xe2\x94\xbc\xe2\x94\x80\xe2\x94\x90\n"
		   "  \xe2\x94\x82 \xe2\x94\x82\n"
		   "  \xe2\x94\x82 \xe2\x94\x94\xe2\x94\x80\xe2\x94\x80\n");
	check_text(&c, true, "  |\n  |\n--+-+\n  | |\n  | +--\n");
	/* the first class to draw in a cell keeps it */
	CHECK_INT(ui_canvas_at(&c, 4, 4)->cls, UI_CLS_VETH);
	CHECK_INT(ui_canvas_at(&c, 6, 4)->cls, UI_CLS_PORT);
	ui_canvas_finish(&c);

	/* a one-cell segment has no length; segments off the canvas are clipped */
	ui_canvas_init(&c, 3, 3);
	ui_canvas_hline(&c, 1, 1, 1, UI_CLS_VETH);
	ui_canvas_vline(&c, 1, 1, 1, UI_CLS_VETH);
	CHECK_INT(ui_canvas_at(&c, 1, 1)->lines, 0);
	ui_canvas_hline(&c, -5, 10, 0, UI_CLS_VETH);
	ui_canvas_vline(&c, 2, -3, 9, UI_CLS_VETH);
	CHECK_INT(ui_canvas_at(&c, 0, 0)->lines, UI_LINE_E | UI_LINE_W);
	CHECK_INT(ui_canvas_at(&c, 2, 0)->lines, UI_LINE_E | UI_LINE_W | UI_LINE_N | UI_LINE_S);
	/* lines under text stay hidden until the text goes */
	ui_canvas_text(&c, 0, 2, -1, "t", UI_CLS_TEXT);
	ui_canvas_hline(&c, 0, 1, 2, UI_CLS_VETH);
	CHECK_INT(ch_at(&c, 0, 2), 't');
	CHECK_INT(ui_canvas_at(&c, 0, 2)->cls, UI_CLS_TEXT);
	check_text(&c, true, "--+\n  |\nt-|\n");
	ui_canvas_finish(&c);
}

static void test_box(void)
{
	struct ui_canvas c;

	ui_canvas_init(&c, 9, 4);
	ui_canvas_box(&c, 1, 0, 5, 3, UI_CLS_BOX);
	ui_canvas_text(&c, 3, 0, 1, "T", UI_CLS_TITLE);
	ui_canvas_text(&c, 2, 1, 3, "abcdef", UI_CLS_UP);
	check_text(&c, true, " +-T-+\n |abc|\n +---+\n\n");
	check_text(&c, false,
		   " \xe2\x94\x8c\xe2\x94\x80T\xe2\x94\x80\xe2\x94\x90\n"
		   " \xe2\x94\x82" "abc\xe2\x94\x82\n"
		   " \xe2\x94\x94\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x98\n\n");
	/* a connector joining the border turns it into a junction, and the border keeps its class */
	ui_canvas_hline(&c, 5, 8, 1, UI_CLS_VETH);
	CHECK_INT(ui_canvas_at(&c, 5, 1)->lines, UI_LINE_N | UI_LINE_S | UI_LINE_E);
	CHECK_INT(ui_canvas_at(&c, 5, 1)->cls, UI_CLS_BOX);
	CHECK_INT(ui_canvas_at(&c, 6, 1)->cls, UI_CLS_VETH);
	CHECK_INT(ui_canvas_at(&c, 1, 0)->lines, UI_LINE_S | UI_LINE_E);
	CHECK_INT(ui_canvas_at(&c, 5, 2)->lines, UI_LINE_N | UI_LINE_W);
	check_text(&c, true, " +-T-+\n |abc+---\n +---+\n\n");
	char *u = ui_canvas_to_text(&c, false);
	CHECK(strstr(u, " \xe2\x94\x82" "abc\xe2\x94\x9c\xe2\x94\x80") != NULL); /* │abc├─ */
	free(u);
	/* too small to be a box: nothing */
	ui_canvas_box(&c, 0, 3, 1, 1, UI_CLS_BOX);
	CHECK_INT(ui_canvas_at(&c, 0, 3)->lines, 0);
	ui_canvas_finish(&c);
}

static const struct ui_obj *find(const struct ui_canvas *c, struct nst_ns_id ns, int ifindex)
{
	struct ui_sel s = ifindex ? ui_sel_link(ns, ifindex) : ui_sel_ns(ns);
	return ui_canvas_find_obj(c, &s);
}

static void test_objs(void)
{
	struct ui_canvas c;
	struct nst_ns_id a = { 4, 10 }, b = { 4, 11 }, d = { 5, 10 };

	ui_canvas_init(&c, 1, 1);
	CHECK(find(&c, a, 0) == NULL);
	for (int i = 0; i < 20; i++) { /* past the first growth */
		struct nst_ns_id id = i % 2 ? b : a;
		struct ui_sel s = i / 2 ? ui_sel_link(id, i / 2) : ui_sel_ns(id);
		ui_canvas_add_obj(&c, &s, i, 2 * i, 3);
	}
	struct ui_sel ds = ui_sel_link(d, 2);
	ui_canvas_add_obj(&c, &ds, 99, 98, 97);
	CHECK_INT(c.n_objs, 21);
	const struct ui_obj *o = find(&c, a, 2);
	CHECK(o && o->x == 4 && o->y == 8 && o->w == 3);
	o = find(&c, b, 2); /* same ifindex, other namespace */
	CHECK(o && o->x == 5);
	o = find(&c, d, 2); /* same inode, other device */
	CHECK(o && o->x == 99 && o->y == 98 && o->w == 97);
	CHECK(find(&c, d, 0) == NULL);
	CHECK(find(&c, a, 10) == NULL);
	CHECK(c.objs[0].ref.kind == UI_SEL_NS && c.objs[1].ref.kind == UI_SEL_NS && c.objs[19].ref.ifindex == 9);
	/* a rule is its (family, table, chain, handle), wherever it sits in the list */
	struct nst_nat_rule r = { .family = "ip", .table = "nstop", .chain = "postrouting", .handle = 7 };
	struct ui_sel rs = ui_sel_nat(a, &r);
	ui_canvas_add_obj(&c, &rs, 1, 2, 3);
	CHECK(ui_canvas_find_obj(&c, &rs) == &c.objs[21]);
	r.handle = 8;
	rs = ui_sel_nat(a, &r);
	CHECK(ui_canvas_find_obj(&c, &rs) == NULL);
	ui_canvas_finish(&c);
	CHECK(c.objs == NULL && c.n_objs == 0);
}

static void test_to_text(void)
{
	struct ui_canvas c;

	ui_canvas_init(&c, 6, 4);
	ui_canvas_text(&c, 0, 0, -1, "a  ", UI_CLS_TEXT); /* text spaces trim too */
	ui_canvas_text(&c, 2, 2, -1, "\xe2\x87\x84" "b", UI_CLS_TEXT);
	ui_canvas_text(&c, 0, 3, -1, "  x   ", UI_CLS_TEXT);
	check_text(&c, false, "a\n\n  \xe2\x87\x84" "b\n  x\n");
	check_text(&c, true, "a\n\n  ?b\n  x\n"); /* ASCII mode never emits UTF-8 */
	ui_canvas_finish(&c);
}

/* The same drawing on a plain canvas and a recorded one. */
static void draw_sample(struct ui_canvas *c)
{
	ui_canvas_box(c, 1, 1, 8, 4, UI_CLS_BOX);
	ui_canvas_box(c, 14, 0, 6, 3, UI_CLS_BOX);
	ui_canvas_hline(c, 8, 14, 2, UI_CLS_VETH);
	ui_canvas_vline(c, 11, 0, 6, UI_CLS_PORT); /* crosses the line */
	CHECK_INT(ui_canvas_text(c, 2, 2, 3, "网络ab", UI_CLS_TEXT), 2); /* a wide character is not halved */
	CHECK_INT(ui_canvas_text(c, 17, 5, -1, "tail cut", UI_CLS_UP), 3); /* clipped by the canvas */
	CHECK_INT(ui_canvas_text(c, -2, 6, -1, "xy网z", UI_CLS_DIM), 3);
	ui_canvas_paint(c, 8, 2, 14, 2, UI_CLS_PATH);
}

/*
 * A recorded canvas rasterizes any window exactly as the plain canvas has
 * those cells: same code points, lines and classes, at every offset and size.
 */
static void test_recorded_window(void)
{
	struct ui_canvas plain, rec;

	ui_canvas_init(&plain, 20, 7);
	ui_canvas_init_recorded(&rec, 20, 7);
	draw_sample(&plain);
	draw_sample(&rec);
	CHECK(rec.cells == NULL);
	CHECK(ui_canvas_at(&rec, 0, 0) == NULL); /* no window yet */
	char *a = ui_canvas_to_text(&plain, false), *b = ui_canvas_to_text(&rec, false);
	CHECK_STR(b, a);
	free(a);
	free(b);
	int mismatches = 0;
	for (int wy = 0; wy < 7; wy++) {
		for (int wx = 0; wx < 20; wx += 3) {
			ui_canvas_window(&rec, wx, wy, 7, 3);
			CHECK(rec.win_w <= 7 && rec.win_h <= 3);
			for (int y = 0; y < 7; y++) {
				for (int x = 0; x < 20; x++) {
					const struct ui_cell *p = ui_canvas_at(&plain, x, y), *r = ui_canvas_at(&rec, x, y);
					bool inside = x >= wx && x < wx + 7 && y >= wy && y < wy + 3;
					if (inside != (r != NULL) ||
					    (r && (r->ch != p->ch || r->lines != p->lines || r->cls != p->cls))) {
						mismatches++;
					}
				}
			}
		}
	}
	CHECK_INT(mismatches, 0);
	/* drawing after a window invalidates it: the next window shows the new line */
	ui_canvas_window(&rec, 0, 6, 20, 1);
	ui_canvas_hline(&rec, 0, 5, 6, UI_CLS_VETH);
	ui_canvas_window(&rec, 0, 6, 20, 1);
	CHECK(ui_canvas_at(&rec, 4, 6)->lines == (UI_LINE_E | UI_LINE_W));
	ui_canvas_finish(&plain);
	ui_canvas_finish(&rec);
}

/* Which namespaces have a link object in a row range: as a scan of the objects says, and again after a new object. */
static void test_shows_links_of(void)
{
	struct ui_canvas c;
	struct nst_ns_id a = { 4, 1 }, b = { 4, 2 }, d = { 5, 1 };

	ui_canvas_init_recorded(&c, 10, 100);
	ui_canvas_add_obj(&c, &(struct ui_sel){ .kind = UI_SEL_NS, .ns = a }, 0, 0, 5);
	ui_canvas_add_obj(&c, &(struct ui_sel){ .kind = UI_SEL_LINK, .ns = a, .ifindex = 2 }, 1, 1, 3);
	ui_canvas_add_obj(&c, &(struct ui_sel){ .kind = UI_SEL_NS, .ns = b }, 0, 40, 5); /* a title is no link */
	ui_canvas_add_obj(&c, &(struct ui_sel){ .kind = UI_SEL_LINK, .ns = b, .ifindex = 7 }, 1, 41, 3);
	CHECK(ui_canvas_shows_links_of(&c, a, 0, 30));
	CHECK(!ui_canvas_shows_links_of(&c, b, 0, 30));
	CHECK(!ui_canvas_shows_links_of(&c, b, 40, 41));
	CHECK(ui_canvas_shows_links_of(&c, b, 40, 42));
	CHECK(!ui_canvas_shows_links_of(&c, a, 40, 42));
	CHECK(!ui_canvas_shows_links_of(&c, d, 40, 42));
	ui_canvas_add_obj(&c, &(struct ui_sel){ .kind = UI_SEL_LINK, .ns = d, .ifindex = 1 }, 1, 41, 3);
	CHECK(ui_canvas_shows_links_of(&c, d, 40, 42)); /* the index follows new objects */
	/* a NAT object keeps its whole identity */
	struct ui_sel nat = { .kind = UI_SEL_NAT, .ns = a, .ifindex = 2 };
	snprintf(nat.nat.chain, sizeof(nat.nat.chain), "post");
	nat.nat.handle = 9;
	ui_canvas_add_obj(&c, &nat, 1, 2, 3);
	struct ui_sel back = ui_canvas_obj_sel(&c, c.n_objs - 1);
	CHECK(ui_sel_eq(&back, &nat));
	CHECK(ui_canvas_find_obj(&c, &nat) == &c.objs[c.n_objs - 1]);
	nat.nat.handle = 10;
	CHECK(ui_canvas_find_obj(&c, &nat) == NULL);
	ui_canvas_finish(&c);
}

UNIT_MAIN(test_wide, test_cut, test_scroll_to, test_at_and_ensure, test_text_clipping, test_utf8_decoding, test_line_glyphs, test_line_junctions,
	  test_box, test_objs, test_to_text, test_recorded_window, test_shows_links_of)
