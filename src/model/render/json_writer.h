/* SPDX-License-Identifier: MIT */
/* A small streaming JSON writer: commas and escaping handled in one place. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define NST_JSON_MAX_DEPTH 32

struct nst_json {
	FILE *out;
	int depth;
	bool has_items[NST_JSON_MAX_DEPTH];
};

void nst_json_init(struct nst_json *j, FILE *out);

/* key is NULL inside arrays and at top level. */
void nst_json_obj_begin(struct nst_json *j, const char *key);
void nst_json_obj_end(struct nst_json *j);
void nst_json_arr_begin(struct nst_json *j, const char *key);
void nst_json_arr_end(struct nst_json *j);
void nst_json_str(struct nst_json *j, const char *key, const char *val); /* NULL val: null */
void nst_json_int(struct nst_json *j, const char *key, int64_t val);
void nst_json_uint(struct nst_json *j, const char *key, uint64_t val);
void nst_json_bool(struct nst_json *j, const char *key, bool val);
void nst_json_null(struct nst_json *j, const char *key);

/* Write s as a JSON string literal (quotes included); control bytes escaped. */
void nst_json_write_string(FILE *out, const char *s);
