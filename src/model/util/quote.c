/* SPDX-License-Identifier: MIT */
/*
 * The shell quoter, the nft quoter and the terminal escaper (quote.h): every
 * name that leaves nstop for a script, an nft command or a screen goes
 * through one of these, so there is one place to get them right.
 */
#include "quote.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static void reserve(struct nst_buf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap) {
		return;
	}
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + more + 1) {
		cap *= 2;
	}
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void nst_buf_putn(struct nst_buf *b, const char *s, size_t n)
{
	reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void nst_buf_puts(struct nst_buf *b, const char *s)
{
	nst_buf_putn(b, s, strlen(s));
}

void nst_buf_putc(struct nst_buf *b, char c)
{
	nst_buf_putn(b, &c, 1);
}

void nst_buf_printf(struct nst_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0) {
		return;
	}
	reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *nst_buf_str(const struct nst_buf *b)
{
	return b->s ? b->s : "";
}

char *nst_buf_take(struct nst_buf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void nst_buf_clear(struct nst_buf *b)
{
	b->len = 0;
	if (b->s) {
		b->s[0] = '\0';
	}
}

void nst_buf_free(struct nst_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

size_t nst_utf8_char(const char *str, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return s[0] ? 1 : 0;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			return 0; /* also stops at the NUL */
		}
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		return 0;
	}
	*cp = c;
	return n;
}

bool nst_utf8_valid(const char *s)
{
	uint32_t cp;

	while (*s) {
		size_t n = nst_utf8_char(s, &cp);
		if (!n) {
			return false;
		}
		s += n;
	}
	return true;
}

bool nst_cp_printable(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
		return false;
	}
	/* bidi embeddings, overrides and isolates reorder what follows; separators end lines */
	return !(cp >= 0x202a && cp <= 0x202e) && !(cp >= 0x2066 && cp <= 0x2069) && cp != 0x2028 && cp != 0x2029 &&
	       cp != 0x200e && cp != 0x200f && cp != 0x061c && cp != 0xfeff;
}

/* Bytes of s that are one printable character, or 0. */
static size_t printable_at(const char *s)
{
	uint32_t cp;
	size_t n = nst_utf8_char(s, &cp);

	return n && nst_cp_printable(cp) ? n : 0;
}

static bool sh_plain(const char *s)
{
	static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:/@+=,%-";

	return *s && strspn(s, ok) == strlen(s);
}

void nst_sh_word(struct nst_buf *b, const char *s)
{
	enum sh_mode { NONE, QUOTED, ANSI } mode = NONE;

	if (sh_plain(s)) {
		nst_buf_puts(b, s);
		return;
	}
	if (!*s) {
		nst_buf_puts(b, "''");
		return;
	}
	/*
	 * A quote is \' outside both kinds of quotes, never \' inside $'...':
	 * a shell without $'...' (dash) then still parses the script the same
	 * way, reads $'\NNN' as a harmless literal, and the guard line stops it.
	 */
	while (*s) {
		size_t n = printable_at(s);
		enum sh_mode want = *s == '\'' ? NONE : n ? QUOTED : ANSI;

		if (mode != want && mode != NONE) {
			nst_buf_putc(b, '\'');
		}
		if (want == QUOTED && mode != QUOTED) {
			nst_buf_putc(b, '\'');
		} else if (want == ANSI && mode != ANSI) {
			nst_buf_puts(b, "$'");
		}
		mode = want;
		if (want == NONE) {
			nst_buf_puts(b, "\\'");
			s++;
		} else if (want == ANSI) {
			nst_buf_printf(b, "\\%03o", (unsigned)(unsigned char)*s);
			s++;
		} else {
			nst_buf_putn(b, s, n);
			s += n;
		}
	}
	if (mode != NONE) {
		nst_buf_putc(b, '\'');
	}
}

/* The one escaper; backslash doubled when the text must read back unambiguously. */
static bool term_plain(const char *s, bool backslash)
{
	while (*s) {
		size_t n = printable_at(s);
		if (!n || (backslash && *s == '\\')) {
			return false;
		}
		s += n;
	}
	return true;
}

/* The escape of one character (or one byte of no character) at s; returns the bytes of s it stands for. */
static size_t term_unit(struct nst_buf *b, const char *s, bool backslash)
{
	size_t n = printable_at(s);

	if (backslash && *s == '\\') {
		nst_buf_puts(b, "\\\\");
		return 1;
	}
	if (n) {
		nst_buf_putn(b, s, n);
		return n;
	}
	switch (*s) {
	case '\n':
		nst_buf_puts(b, "\\n");
		break;
	case '\r':
		nst_buf_puts(b, "\\r");
		break;
	case '\t':
		nst_buf_puts(b, "\\t");
		break;
	default:
		nst_buf_printf(b, "\\x%02x", (unsigned)(unsigned char)*s);
	}
	return 1;
}

static void term_text(struct nst_buf *b, const char *s, bool backslash)
{
	while (*s) {
		s += term_unit(b, s, backslash);
	}
}

bool nst_term_plain(const char *s)
{
	return term_plain(s, true);
}

void nst_term_text(struct nst_buf *b, const char *s)
{
	term_text(b, s, true);
}

bool nst_screen_plain(const char *s)
{
	return term_plain(s, false);
}

void nst_screen_text(struct nst_buf *b, const char *s)
{
	term_text(b, s, false);
}

const char *nst_term_str(const char *s, char *out, size_t len)
{
	struct nst_buf b = { 0 };

	if (!len) {
		return out;
	}
	out[0] = '\0';
	/* whole escapes and characters only: a cut never leaves half of one */
	while (*s) {
		size_t had = b.len;
		s += term_unit(&b, s, true);
		if (b.len >= len) {
			b.len = had;
			break;
		}
	}
	memcpy(out, nst_buf_str(&b), b.len);
	out[b.len] = '\0';
	nst_buf_free(&b);
	return out;
}

bool nst_nft_name(struct nst_buf *b, const char *s)
{
	static const char first[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.";
	static const char rest[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./-";

	if (!*s || !strchr(first, *s) || strspn(s, rest) != strlen(s)) {
		return false;
	}
	nst_buf_puts(b, s);
	return true;
}

bool nst_nft_string(struct nst_buf *b, const char *s)
{
	if (strchr(s, '"')) {
		return false;
	}
	nst_buf_putc(b, '"');
	nst_buf_puts(b, s);
	nst_buf_putc(b, '"');
	return true;
}

bool nst_parse_ulong(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;

	if (!*s) {
		return false;
	}
	for (; *s; s++) {
		unsigned d = (unsigned)(*s - '0');
		if (*s < '0' || *s > '9' || d > max || v > (max - d) / 10) {
			return false;
		}
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

bool nst_parse_long(const char *s, long long min, long long max, long long *out)
{
	bool neg = *s == '-';
	unsigned long long v, lim = neg ? (unsigned long long)(-(min + 1)) + 1 : (unsigned long long)(max < 0 ? 0 : max);

	if (!nst_parse_ulong(s + neg, lim, &v)) {
		return false;
	}
	if (neg && min >= 0) {
		return false;
	}
	long long r = neg ? (v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v) : (long long)v;
	if (r < min || r > max) {
		return false;
	}
	*out = r;
	return true;
}
