/* SPDX-License-Identifier: MIT */
/* Streaming JSON output; names from the kernel can hold any byte but NUL: always valid UTF-8 out. */
#include "json_writer.h"

#include <inttypes.h>

#include "quote.h"

/*
 * One thread writes a stream at a time (nstop's worker threads never touch
 * it), so the unlocked stdio calls, and integers without printf: with a lock
 * per token and printf per number, rendering --json of 1000 namespaces took
 * ~45 ms of CPU, ~25 ms without.
 */
#define put1(c, out) putc_unlocked((c), (out))
#define putn(s, n, out) fwrite_unlocked((s), 1, (n), (out))

static void puts_(const char *s, FILE *out)
{
	fputs_unlocked(s, out);
}

/* v in decimal, as printf's %PRIu64 (or with a '-' first, %PRId64) would write it. */
static void put_u64(FILE *out, uint64_t v, bool neg)
{
	char buf[24];
	char *p = buf + sizeof(buf);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (neg) {
		*--p = '-';
	}
	putn(p, (size_t)(buf + sizeof(buf) - p), out);
}

void nst_json_init(struct nst_json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->has_items[0] = false;
}

/*
 * JSON is UTF-8 (RFC 8259) but names are bytes: a byte that is not part of a
 * valid UTF-8 character is written as the four characters \xHH, and so that
 * this stays reversible a backslash of the name is written as two (README.md,
 * "JSON strings"). Characters a terminal would act on (C0, DEL, C1, bidi
 * controls) are \u escapes, so the output is safe to print as well.
 */
void nst_json_write_string(FILE *out, const char *s)
{
	put1('"', out);
	while (*s) {
		/* a run of plain ASCII (most names) in one write: per-character stdio calls cost ~10% of --json */
		size_t run = 0;
		while (s[run] >= 0x20 && s[run] < 0x7f && s[run] != '"' && s[run] != '\\') {
			run++;
		}
		if (run) {
			putn(s, run, out);
			s += run;
			continue;
		}
		uint32_t cp;
		size_t n = nst_utf8_char(s, &cp);

		if (!n) {
			fprintf(out, "\\\\x%02x", (unsigned)(unsigned char)*s);
			s++;
			continue;
		}
		switch (cp) {
		case '"':
			puts_("\\\"", out);
			break;
		case '\\':
			puts_("\\\\\\\\", out);
			break;
		case '\n':
			puts_("\\n", out);
			break;
		case '\t':
			puts_("\\t", out);
			break;
		case '\r':
			puts_("\\r", out);
			break;
		default:
			if (!nst_cp_printable(cp)) {
				fprintf(out, "\\u%04x", (unsigned)cp);
			} else {
				putn(s, n, out);
			}
		}
		s += n;
	}
	put1('"', out);
}

static void item(struct nst_json *j, const char *key)
{
	if (j->has_items[j->depth]) {
		put1(',', j->out);
	}
	j->has_items[j->depth] = true;
	if (key) {
		nst_json_write_string(j->out, key);
		put1(':', j->out);
	}
}

static void open_container(struct nst_json *j, const char *key, char c)
{
	item(j, key);
	put1(c, j->out);
	if (j->depth + 1 < NST_JSON_MAX_DEPTH) {
		j->depth++;
	}
	j->has_items[j->depth] = false;
}

static void close_container(struct nst_json *j, char c)
{
	put1(c, j->out);
	if (j->depth > 0) {
		j->depth--;
	}
}

void nst_json_obj_begin(struct nst_json *j, const char *key)
{
	open_container(j, key, '{');
}

void nst_json_obj_end(struct nst_json *j)
{
	close_container(j, '}');
}

void nst_json_arr_begin(struct nst_json *j, const char *key)
{
	open_container(j, key, '[');
}

void nst_json_arr_end(struct nst_json *j)
{
	close_container(j, ']');
}

void nst_json_str(struct nst_json *j, const char *key, const char *val)
{
	item(j, key);
	if (val) {
		nst_json_write_string(j->out, val);
	} else {
		puts_("null", j->out);
	}
}

void nst_json_int(struct nst_json *j, const char *key, int64_t val)
{
	item(j, key);
	put_u64(j->out, val < 0 ? (uint64_t)0 - (uint64_t)val : (uint64_t)val, val < 0);
}

void nst_json_uint(struct nst_json *j, const char *key, uint64_t val)
{
	item(j, key);
	put_u64(j->out, val, false);
}

void nst_json_bool(struct nst_json *j, const char *key, bool val)
{
	item(j, key);
	puts_(val ? "true" : "false", j->out);
}

void nst_json_null(struct nst_json *j, const char *key)
{
	item(j, key);
	puts_("null", j->out);
}
