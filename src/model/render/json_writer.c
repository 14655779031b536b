/* SPDX-License-Identifier: MIT */
/* Streaming JSON output; names from the kernel can hold any byte but NUL: always valid UTF-8 out. */
#include "json_writer.h"

#include <inttypes.h>

#include "quote.h"

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
	fputc('"', out);
	while (*s) {
		/* a run of plain ASCII (most names) in one write: per-character stdio calls cost ~10% of --json */
		size_t run = 0;
		while (s[run] >= 0x20 && s[run] < 0x7f && s[run] != '"' && s[run] != '\\') {
			run++;
		}
		if (run) {
			fwrite(s, 1, run, out);
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
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			if (!nst_cp_printable(cp)) {
				fprintf(out, "\\u%04x", (unsigned)cp);
			} else {
				fwrite(s, 1, n, out);
			}
		}
		s += n;
	}
	fputc('"', out);
}

static void item(struct nst_json *j, const char *key)
{
	if (j->has_items[j->depth]) {
		fputc(',', j->out);
	}
	j->has_items[j->depth] = true;
	if (key) {
		nst_json_write_string(j->out, key);
		fputc(':', j->out);
	}
}

static void open_container(struct nst_json *j, const char *key, char c)
{
	item(j, key);
	fputc(c, j->out);
	if (j->depth + 1 < NST_JSON_MAX_DEPTH) {
		j->depth++;
	}
	j->has_items[j->depth] = false;
}

static void close_container(struct nst_json *j, char c)
{
	fputc(c, j->out);
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
		fputs("null", j->out);
	}
}

void nst_json_int(struct nst_json *j, const char *key, int64_t val)
{
	item(j, key);
	fprintf(j->out, "%" PRId64, val);
}

void nst_json_uint(struct nst_json *j, const char *key, uint64_t val)
{
	item(j, key);
	fprintf(j->out, "%" PRIu64, val);
}

void nst_json_bool(struct nst_json *j, const char *key, bool val)
{
	item(j, key);
	fputs(val ? "true" : "false", j->out);
}

void nst_json_null(struct nst_json *j, const char *key)
{
	item(j, key);
	fputs("null", j->out);
}
