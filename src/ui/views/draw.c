/* SPDX-License-Identifier: MIT */
/*
 * Writing UTF-8 text into a fixed number of terminal columns. Every string
 * on screen comes through here; names may hold any byte, so control bytes and
 * invalid UTF-8 are shown escaped (\x1b, \n: quote.h), never sent raw.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "quote.h"
#include "views.h"

/* Decode one character of s; returns bytes used (1 for invalid bytes, shown as '?'). */
static size_t next_char(const char *s, wchar_t *wc, int *width)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t n = mbrtowc(wc, s, MB_CUR_MAX, &st);

	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = L'?';
		n = 1;
	}
	*width = wcwidth(*wc);
	if (*width < 0) {
		*wc = L'?';
		*width = 1;
	}
	return n;
}

/* s as printable text: s itself, or its escaped form in b. */
static const char *shown(const char *s, struct nst_buf *b)
{
	if (nst_screen_plain(s)) {
		return s;
	}
	nst_screen_text(b, s);
	return nst_buf_str(b);
}

int ui_text_width(const char *text)
{
	struct nst_buf b = { 0 };
	const char *s = shown(text, &b);
	int w = 0;

	while (*s) {
		wchar_t wc;
		int cw;
		s += next_char(s, &wc, &cw);
		w += cw;
	}
	nst_buf_free(&b);
	return w;
}

static bool cut_ascii; /* set by the theme: one terminal, one glyph set */

void ui_put_set_ascii(bool ascii)
{
	cut_ascii = ascii;
}

/* Text that does not fit says so: its last shown character becomes "…" ("~" in ASCII). */
static void mark_cut(int y, int x, int w)
{
	static const wchar_t ellipsis[2] = { 0x2026, 0 };

	if (!cut_ascii && MB_CUR_MAX > 1) {
		mvaddnwstr(y, x, ellipsis, 1);
	} else {
		mvaddch(y, x, '~');
	}
	for (int i = 1; i < w; i++) {
		addch(' ');
	}
}

/* Clipped to max_w columns; a cut with more than spaces after it is marked (mark_cut). */
int ui_put(int y, int x, int max_w, const char *text, int attr)
{
	struct nst_buf b = { 0 };
	int used = 0;

	if (max_w <= 0) {
		return 0;
	}
	const char *s = shown(text, &b);
	attr_t old_attr;
	short old_pair;
	attr_get(&old_attr, &old_pair, NULL);
	attrset(attr);
	move(y, x);
	int last_w = 0;
	while (*s) {
		wchar_t wc[2] = { 0, 0 };
		int cw;
		size_t n = next_char(s, &wc[0], &cw);

		if (used + cw > max_w) {
			if (s[strspn(s, " ")] && used > 0) {
				mark_cut(y, x + used - last_w, last_w);
			}
			break;
		}
		addnwstr(wc, 1);
		used += cw;
		last_w = cw;
		s += n;
	}
	attr_set(old_attr, old_pair, NULL);
	nst_buf_free(&b);
	return used;
}

/* Bytes of s (plain: no control bytes) that fit in w columns, broken after a space when one is near the end. */
size_t ui_fit(const char *s, int w)
{
	size_t n = 0, space = 0;
	int used = 0;

	while (s[n]) {
		wchar_t wc;
		mbstate_t st;
		memset(&st, 0, sizeof(st));
		size_t k = mbrtowc(&wc, s + n, MB_CUR_MAX, &st);
		int cw = k == (size_t)-1 || k == (size_t)-2 || k == 0 ? 1 : wcwidth(wc);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			k = 1;
		}
		cw = cw < 0 ? 1 : cw;
		if (used + cw > w) {
			break;
		}
		used += cw;
		n += k;
		if (s[n - 1] == ' ') {
			space = n;
		}
	}
	/* a break at a space unless that wastes more than a third of the line */
	return s[n] && space > n * 2 / 3 ? space : n ? n : (s[0] ? 1 : 0);
}

int ui_put_wrapped_indent(int y, int x, int w, int max_lines, int indent, const char *text, int attr)
{
	struct nst_buf b = { 0 };
	const char *s = shown(text, &b);
	int lines = 0;

	if (indent > w / 2) {
		indent = w / 2;
	}
	if (w <= 0) {
		nst_buf_free(&b);
		return 0;
	}
	while (*s) {
		int lx = x + (lines ? indent : 0), lw = w - (lines ? indent : 0);
		size_t n = ui_fit(s, lw);
		if (lines < max_lines) {
			char line[1024];
			snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) ? n : sizeof(line) - 1), s);
			/* the last line allowed shows the rest, cut with a mark, rather than dropping it */
			ui_put(y + lines, lx, lw, lines + 1 == max_lines ? s : line, attr);
		}
		lines++;
		s += n;
		s += strspn(s, " "); /* a line does not start with the spaces it broke at */
	}
	nst_buf_free(&b);
	return lines ? lines : 1;
}

int ui_put_wrapped(int y, int x, int w, int max_lines, const char *text, int attr)
{
	return ui_put_wrapped_indent(y, x, w, max_lines, 0, text, attr);
}

void ui_fill(int y, int x, int w, int attr)
{
	if (w <= 0) {
		return;
	}
	attr_t old_attr;
	short old_pair;
	attr_get(&old_attr, &old_pair, NULL);
	attrset(attr);
	mvhline(y, x, ' ', w);
	attr_set(old_attr, old_pair, NULL);
}

void ui_overlay_box(struct ui *ui, int y0, int x0, int bh, int bw, const char *title)
{
	char buf[128];

	for (int y = 0; y < bh; y++) {
		ui_fill(y0 + y, x0, bw, ui->attr[UI_ROLE_NORMAL]);
	}
	attrset(ui->attr[UI_ROLE_NS]);
	if (ui->ascii) { /* --ascii is ASCII everywhere: no alternate character set either */
		mvhline(y0, x0, '-', bw);
		mvhline(y0 + bh - 1, x0, '-', bw);
		mvvline(y0, x0, '|', bh);
		mvvline(y0, x0 + bw - 1, '|', bh);
		mvaddch(y0, x0, '+');
		mvaddch(y0, x0 + bw - 1, '+');
		mvaddch(y0 + bh - 1, x0, '+');
		mvaddch(y0 + bh - 1, x0 + bw - 1, '+');
	} else {
		mvhline(y0, x0, ACS_HLINE, bw);
		mvhline(y0 + bh - 1, x0, ACS_HLINE, bw);
		mvvline(y0, x0, ACS_VLINE, bh);
		mvvline(y0, x0 + bw - 1, ACS_VLINE, bh);
		mvaddch(y0, x0, ACS_ULCORNER);
		mvaddch(y0, x0 + bw - 1, ACS_URCORNER);
		mvaddch(y0 + bh - 1, x0, ACS_LLCORNER);
		mvaddch(y0 + bh - 1, x0 + bw - 1, ACS_LRCORNER);
	}
	attrset(A_NORMAL);
	snprintf(buf, sizeof(buf), " %s ", title);
	ui_put(y0, x0 + 2, bw - 4, buf, ui->attr[UI_ROLE_NS]);
}
