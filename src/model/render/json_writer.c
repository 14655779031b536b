/* SPDX-License-Identifier: MIT */
/* Streaming JSON output; names from the kernel can hold any byte but NUL, so escape all. */
#include "json_writer.h"

#include <inttypes.h>

void nst_json_init(struct nst_json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->has_items[0] = false;
}

void nst_json_write_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
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
			/* Bytes >= 0x80 pass through: kernel names are usually UTF-8; invalid
			 * sequences are the kernel's, and jq reports them rather than us hiding them. */
			if (*p < 0x20 || *p == 0x7f) {
				fprintf(out, "\\u%04x", *p);
			} else {
				fputc(*p, out);
			}
		}
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
