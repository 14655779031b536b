/* SPDX-License-Identifier: MIT */
/*
 * A bounded JSON reader for files other programs wrote (container engines'
 * state): the whole buffer becomes a tree, or it is refused with a reason.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NST_JSON_MAX_DEPTH 64          /* nesting of arrays and objects */
#define NST_JSON_MAX_SIZE (64u << 20)  /* bytes of input */
#define NST_JSON_MAX_NODES (1u << 20)  /* values in one document: 56 MiB of nodes at most */

enum nst_json_type {
	NST_JSON_NULL,
	NST_JSON_BOOL,
	NST_JSON_NUM,
	NST_JSON_STR,
	NST_JSON_ARR,
	NST_JSON_OBJ,
};

/*
 * One value. Strings are unescaped to UTF-8 and NUL-terminated; what Go's
 * encoding/json would turn into U+FFFD (a lone surrogate escape, a byte that
 * is not UTF-8) becomes U+FFFD here too, and so does \u0000, so a C string is
 * never cut short by what the file says. A number keeps its text.
 */
struct nst_json {
	enum nst_json_type type;
	bool b;              /* BOOL */
	char *s;             /* STR: the text; NUM: the number as written */
	size_t len;          /* bytes of s without the NUL */
	char *key;           /* a member of an object: its key, unescaped; else NULL */
	struct nst_json *kids; /* ARR: elements; OBJ: members, in file order */
	size_t n_kids;
};

struct nst_json_error {
	size_t offset;    /* byte where the input stopped making sense */
	char msg[64];
};

/*
 * Parse len bytes (no NUL needed; a NUL byte in them is refused). NULL when
 * the input is not one JSON value (surrounding white space allowed), deeper
 * than NST_JSON_MAX_DEPTH, larger than NST_JSON_MAX_SIZE or has more than
 * NST_JSON_MAX_NODES values; err (may be NULL) says where and why.
 */
struct nst_json *nst_json_parse(const char *buf, size_t len, struct nst_json_error *err);
void nst_json_free(struct nst_json *j);

/* The member key of an object (the last one when a key repeats, as Go reads it); NULL otherwise. */
const struct nst_json *nst_json_get(const struct nst_json *obj, const char *key);

/* Members down a path of keys ending in NULL: nst_json_at(j, "NetworkSettings", "SandboxKey", NULL). */
const struct nst_json *nst_json_at(const struct nst_json *j, ...) __attribute__((sentinel));

/* j's text when it is a string, else NULL (j may be NULL). */
const char *nst_json_as_str(const struct nst_json *j);

/* A string member's text, or NULL: nst_json_as_str(nst_json_get(obj, key)). */
const char *nst_json_get_str(const struct nst_json *obj, const char *key);

/* True when j is an integer number (no fraction, no exponent) that fits in int64_t. */
bool nst_json_as_int(const struct nst_json *j, int64_t *out);

/* True when j is the boolean true. */
bool nst_json_is_true(const struct nst_json *j);

/* Element i of an array or member i of an object; NULL past the end or for other types. */
const struct nst_json *nst_json_kid(const struct nst_json *j, size_t i);
