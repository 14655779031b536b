/* SPDX-License-Identifier: MIT */
/*
 * Text that leaves nstop: the one shell quoter, the one nft quoter and the one
 * terminal escaper, over a growing string. Names come from the kernel and from
 * people and may hold any byte but NUL; what these write is safe where it lands.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growing NUL-terminated string; zero-initialised is empty. */
struct nst_buf {
	char *s;
	size_t len, cap;
};

void nst_buf_putn(struct nst_buf *b, const char *s, size_t n);
void nst_buf_puts(struct nst_buf *b, const char *s);
void nst_buf_putc(struct nst_buf *b, char c);
void nst_buf_printf(struct nst_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *nst_buf_str(const struct nst_buf *b); /* "" when empty, never NULL */
char *nst_buf_take(struct nst_buf *b);            /* the string, owned by the caller; b is empty again */
void nst_buf_clear(struct nst_buf *b);
void nst_buf_free(struct nst_buf *b);

/*
 * One UTF-8 character at s: its length (1-4) and code point when valid
 * (shortest form, no surrogate, at most U+10FFFF), else 0.
 */
size_t nst_utf8_char(const char *s, uint32_t *cp);
bool nst_utf8_valid(const char *s);
/* A character a terminal shows as itself: not C0, DEL, C1, nor a bidi or line-separator control. */
bool nst_cp_printable(uint32_t cp);

/*
 * One shell word that stands for exactly s: as is when it is plain, else
 * single-quoted runs of printable text and $'\NNN' words for every other byte
 * (so no raw newline, carriage return or escape sequence is ever written).
 * The output needs a shell with $'...' (POSIX.1-2024, bash, ksh, zsh; not dash 0.5.12).
 */
void nst_sh_word(struct nst_buf *b, const char *s);
/* The first line of a script using nst_sh_word: stops a shell without $'...' before it runs anything. */
#define NST_SH_GUARD \
	"[ \"$(printf %s $'\\101')\" = A ] || { echo \"$0: run this with bash: it needs \\$'...' quoting\" >&2; exit 2; }\n"

/*
 * Terminal text: printable UTF-8 as is; '\\' as "\\\\"; newline, carriage
 * return and tab as "\\n", "\\r", "\\t"; every other byte that is not part of a
 * printable character (C0, DEL, C1, invalid UTF-8) as "\\xHH". The result holds
 * printable characters only, so it is also what a shell comment holds.
 */
void nst_term_text(struct nst_buf *b, const char *s);
/* Same, into a fixed buffer (cut at a character boundary); returns out. */
const char *nst_term_str(const char *s, char *out, size_t len);
/* Whether s needs nst_term_text at all. */
bool nst_term_plain(const char *s);
/*
 * The same escaper for a screen nothing reads back (the TUI): a backslash is
 * left single, so what a person types shows as typed.
 */
void nst_screen_text(struct nst_buf *b, const char *s);
bool nst_screen_plain(const char *s);

/*
 * nft: an identifier (table, chain) goes into a command only when it is one
 * nft's grammar reads as a plain name ([A-Za-z_.][A-Za-z0-9_./-]*); nft 1.0
 * has no quoting for identifiers. A string (iifname, comment) goes in double
 * quotes, which nft cannot escape: one holding '"' cannot be written.
 * Both return false and write nothing when s cannot be written.
 */
bool nst_nft_name(struct nst_buf *b, const char *s);
bool nst_nft_string(struct nst_buf *b, const char *s);

/*
 * A decimal number in [min, max] with nothing else around it (no sign for
 * unsigned, no spaces, no overflow). true when valid.
 */
bool nst_parse_ulong(const char *s, unsigned long long max, unsigned long long *out);
bool nst_parse_long(const char *s, long long min, long long max, long long *out);
