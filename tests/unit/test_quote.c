/* SPDX-License-Identifier: MIT */
/*
 * The quoters of util/quote.c: every byte through the shell quoter and back
 * through a real shell, the terminal escaper's output printable and
 * reversible, the nft quoter's refusals, JSON's byte rule, number parsing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json_writer.h"
#include "quote.h"
#include "unit.h"

static char *sh_quoted(const char *s)
{
	struct nst_buf b = { 0 };

	nst_sh_word(&b, s);
	return nst_buf_take(&b);
}

static char *term(const char *s)
{
	struct nst_buf b = { 0 };

	nst_term_text(&b, s);
	return nst_buf_take(&b);
}

/* No byte a terminal acts on, no newline: what a comment or a screen line may hold. */
static bool printable_only(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			return false;
		}
	}
	return nst_utf8_valid(s);
}

#define N_WORDS 600

/*
 * Each word printed by `printf '%s\0' WORD` in one script run by shell; the
 * output split at the NULs must be the words again, byte for byte.
 */
static void check_shell_round_trip(const char *shell, char **words, size_t n)
{
	char path[] = "/tmp/nstop-test-quote.XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	CHECK(f != NULL);
	if (!f) {
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char *q = sh_quoted(words[i]);
		CHECK(printable_only(q));
		fprintf(f, "printf '%%s\\0' %s\n", q);
		free(q);
	}
	fclose(f);

	char cmd[128];
	snprintf(cmd, sizeof(cmd), "%s %s", shell, path);
	FILE *p = popen(cmd, "r");
	char *out = NULL;
	size_t len = 0, cap = 0;
	int c;

	CHECK(p != NULL);
	while (p && (c = fgetc(p)) != EOF) {
		if (len + 1 >= cap) {
			cap = cap ? 2 * cap : 4096;
			out = realloc(out, cap);
		}
		out[len++] = (char)c;
	}
	CHECK_INT(p ? pclose(p) : -1, 0);
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		size_t wl = strlen(words[i]);
		bool same = at + wl < len + 1 && out && memcmp(out + at, words[i], wl) == 0 && at + wl < len &&
			    out[at + wl] == '\0';
		if (!same) {
			char *q = sh_quoted(words[i]);
			fprintf(stderr, "word %zu did not round-trip through %s: %s\n", i, shell, q);
			free(q);
			unit_failures++;
			break;
		}
		at += wl + 1;
	}
	CHECK_INT(at, len);
	free(out);
	unlink(path);
}

static void test_sh_every_byte(void)
{
	char *words[N_WORDS];
	size_t n = 0;
	char all[256];

	for (int b = 1; b < 256; b++) {
		char w[8];
		snprintf(w, sizeof(w), "%c", b);
		words[n++] = strdup(w);
		snprintf(w, sizeof(w), "a%cb", b);
		words[n++] = strdup(w);
		all[b - 1] = (char)b;
	}
	all[255] = '\0';
	words[n++] = strdup(all);
	words[n++] = strdup("$(touch /tmp/nstop-quote-marker)`id`;'\"\\\n\r\x1b[2J\x1b]0;t\x07\xff\xfe");
	words[n++] = strdup("v\xc3\xa9" "1 \xe2\x80\xae" "x\xc2\x9b" "y");
	words[n++] = strdup("''''");
	words[n++] = strdup("");
	words[n++] = strdup("plain-name_1.2:3/4@5+6=7,8%9");
	words[n++] = strdup("-n");
	check_shell_round_trip("bash", words, n);
	CHECK(access("/tmp/nstop-quote-marker", F_OK) != 0);
	for (size_t i = 0; i < n; i++) {
		free(words[i]);
	}
}

static void test_sh_shapes(void)
{
	char *q;

	CHECK_STR(q = sh_quoted("vethA"), "vethA");
	free(q);
	CHECK_STR(q = sh_quoted(""), "''");
	free(q);
	CHECK_STR(q = sh_quoted("lab 1"), "'lab 1'");
	free(q);
	CHECK_STR(q = sh_quoted("o'1"), "'o'\\''1'");
	free(q);
	CHECK_STR(q = sh_quoted("a\nb"), "'a'$'\\012''b'");
	free(q);
	CHECK_STR(q = sh_quoted("\x1b[2J"), "$'\\033''[2J'");
	free(q);
	CHECK_STR(q = sh_quoted("'"), "\\'");
	free(q);
	/* valid UTF-8 stays readable; an invalid byte and a C1 control do not */
	CHECK_STR(q = sh_quoted("v\xc3\xa9" "1"), "'v\xc3\xa9" "1'");
	free(q);
	CHECK_STR(q = sh_quoted("\xff"), "$'\\377'");
	free(q);
	CHECK_STR(q = sh_quoted("\xc2\x9b"), "$'\\302\\233'");
	free(q);
}

/* dash has no $'...': the guard line must stop it before anything else runs. */
static void test_sh_guard(void)
{
	char path[] = "/tmp/nstop-test-guard.XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	char cmd[160];

	CHECK(f != NULL);
	if (!f) {
		return;
	}
	fputs(NST_SH_GUARD "echo ran\n", f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "bash %s >/dev/null 2>&1", path);
	CHECK_INT(system(cmd), 0);
	if (access("/bin/dash", X_OK) == 0) {
		snprintf(cmd, sizeof(cmd), "/bin/dash %s 2>/dev/null | grep -q ran", path);
		CHECK(system(cmd) != 0);
	}
	unlink(path);
}

/* Undo nst_term_text: \\ \n \r \t \xHH. */
static char *unterm(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	while (*s) {
		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'x': {
			unsigned v = 0;
			sscanf(s + 1, "%2x", &v);
			*o++ = (char)v;
			s += 2;
			break;
		}
		default:
			*o++ = *s;
		}
		s++;
	}
	*o = '\0';
	return out;
}

static void test_term(void)
{
	const char *cases[] = {
		"plain", "a\nb", "\x1b[2J\x1b]0;title\x07", "\xff\xfe", "back\\slash", "\xc2\x9b" "csi",
		"v\xc3\xa9" "1", "\xe2\x80\xae" "rtl", "\t\r\x7f", "\xed\xa0\x80" "surrogate", "\xc0\xaf" "overlong",
		"\xf4\x90\x80\x80" "too big", "cut \xe2\x82",
	};
	char *t;

	CHECK_STR(t = term("a\nb\x1b[2J\\"), "a\\nb\\x1b[2J\\\\");
	free(t);
	CHECK_STR(t = term("v\xc3\xa9" "1\xff"), "v\xc3\xa9" "1\\xff");
	free(t);
	CHECK_STR(t = term("\xc2\x85"), "\\xc2\\x85");
	free(t);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = term(cases[i]);
		char *back = unterm(t);
		CHECK(printable_only(t));
		CHECK_STR(back, cases[i]);
		CHECK(nst_term_plain(cases[i]) == (strcmp(t, cases[i]) == 0));
		free(back);
		free(t);
	}
	/* every byte */
	for (int b = 1; b < 256; b++) {
		char in[4] = { 'x', (char)b, 'y', 0 };
		t = term(in);
		char *back = unterm(t);
		CHECK(printable_only(t));
		CHECK(strcmp(back, in) == 0);
		free(back);
		free(t);
	}
	/* the screen variant leaves a backslash single, escapes the rest the same */
	struct nst_buf b = { 0 };
	nst_screen_text(&b, "a\\b\n\x1b");
	CHECK_STR(nst_buf_str(&b), "a\\b\\n\\x1b");
	nst_buf_free(&b);
	/* a fixed buffer is cut at a character, never inside one */
	char small[6];
	CHECK_STR(nst_term_str("\xc3\xa9\xc3\xa9\xc3\xa9", small, sizeof(small)), "\xc3\xa9\xc3\xa9");
	CHECK_STR(nst_term_str("\x1b\x1b", small, sizeof(small)), "\\x1b");
}

static void test_nft(void)
{
	struct nst_buf b = { 0 };

	CHECK(nst_nft_name(&b, "prerouting"));
	CHECK(nst_nft_name(&b, "_a-b.c/d9"));
	CHECK_STR(nst_buf_str(&b), "prerouting_a-b.c/d9");
	nst_buf_clear(&b);
	const char *bad[] = { "", "x{};delete table ip keepme;", "a b", "9abc", "a\"b", "a;b", "a\nb", "-x", "\xff", "a#b" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(!nst_nft_name(&b, bad[i]));
		CHECK_INT(b.len, 0);
	}
	CHECK(nst_nft_string(&b, "a;b{}\n$(x)'"));
	CHECK_STR(nst_buf_str(&b), "\"a;b{}\n$(x)'\"");
	nst_buf_clear(&b);
	CHECK(!nst_nft_string(&b, "a\"b"));
	CHECK_INT(b.len, 0);
	nst_buf_free(&b);
}

static void test_numbers(void)
{
	unsigned long long u;
	long long l;

	CHECK(nst_parse_ulong("0", 10, &u) && u == 0);
	CHECK(nst_parse_ulong("18446744073709551615", UINT64_MAX, &u) && u == UINT64_MAX);
	CHECK(!nst_parse_ulong("18446744073709551616", UINT64_MAX, &u));
	CHECK(!nst_parse_ulong("99999999999999999999", UINT64_MAX, &u));
	CHECK(!nst_parse_ulong("11", 10, &u));
	CHECK(nst_parse_ulong("10", 10, &u) && u == 10);
	CHECK(!nst_parse_ulong("", 10, &u));
	CHECK(!nst_parse_ulong("1 ", 10, &u));
	CHECK(!nst_parse_ulong("+1", 10, &u));
	CHECK(!nst_parse_ulong("-1", 10, &u));
	CHECK(!nst_parse_ulong("5", 0, &u));
	CHECK(nst_parse_long("2147483647", 1, 2147483647, &l) && l == 2147483647);
	CHECK(!nst_parse_long("2147483648", 1, 2147483647, &l));
	CHECK(!nst_parse_long("99999999999999999999", 1, 2147483647, &l));
	CHECK(!nst_parse_long("0", 1, 2147483647, &l));
	CHECK(!nst_parse_long("-1", 0, 10, &l));
	CHECK(nst_parse_long("-9223372036854775808", INT64_MIN, INT64_MAX, &l) && l == INT64_MIN);
	CHECK(!nst_parse_long("-9223372036854775809", INT64_MIN, INT64_MAX, &l));
	CHECK(nst_parse_long("-5", -10, 10, &l) && l == -5);
	CHECK(!nst_parse_long("-11", -10, 10, &l));
}

/* JSON: the documented rule (README.md) decodes back to the bytes, and the text is valid UTF-8. */
static void test_json_bytes(void)
{
	const char *name = "a\xff\xfe\\x\n\x1b\xc2\x9b\xc3\xa9\"";
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	nst_json_write_string(f, name);
	fclose(f);
	CHECK(nst_utf8_valid(buf));
	CHECK_STR(buf, "\"a\\\\xff\\\\xfe\\\\\\\\x\\n\\u001b\\u009b\xc3\xa9\\\"\"");
	free(buf);
}

UNIT_MAIN(test_sh_every_byte, test_sh_shapes, test_sh_guard, test_term, test_nft, test_numbers, test_json_bytes)
