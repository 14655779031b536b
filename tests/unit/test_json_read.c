/* SPDX-License-Identifier: MIT */
/* The bounded JSON reader: values, lookups, unescaping to UTF-8, and hostile inputs refused. */
#include <stdint.h>

#include "json_read.h"
#include "unit.h"

static struct nst_json *parse(const char *s)
{
	return nst_json_parse(s, strlen(s), NULL);
}

static void test_values(void)
{
	struct nst_json *j = parse(" {\"Name\":\"/web1\",\"Config\":{\"Image\":\"bb\",\"Tty\":false},"
				   "\"n\":-12,\"big\":9223372036854775807,\"f\":1.5e3,\"a\":[1,\"x\",null,true],"
				   "\"e\":{},\"ea\":[]} \n");
	CHECK(j != NULL);
	if (!j) {
		return;
	}
	CHECK_INT(j->type, NST_JSON_OBJ);
	CHECK_STR(nst_json_get_str(j, "Name"), "/web1");
	CHECK_STR(nst_json_as_str(nst_json_at(j, "Config", "Image", NULL)), "bb");
	CHECK(!nst_json_is_true(nst_json_at(j, "Config", "Tty", NULL)));
	CHECK(nst_json_at(j, "Config", "Nope", "x", NULL) == NULL);
	CHECK(nst_json_get_str(j, "n") == NULL); /* a number is not a string */
	int64_t v = 0;
	CHECK(nst_json_as_int(nst_json_get(j, "n"), &v));
	CHECK_INT(v, -12);
	CHECK(nst_json_as_int(nst_json_get(j, "big"), &v));
	CHECK_INT(v, INT64_MAX);
	CHECK(!nst_json_as_int(nst_json_get(j, "f"), &v));
	CHECK_STR(nst_json_get(j, "f")->s, "1.5e3");
	const struct nst_json *a = nst_json_get(j, "a");
	CHECK_INT(a->n_kids, 4);
	CHECK_STR(nst_json_as_str(nst_json_kid(a, 1)), "x");
	CHECK_INT(nst_json_kid(a, 2)->type, NST_JSON_NULL);
	CHECK(nst_json_is_true(nst_json_kid(a, 3)));
	CHECK(nst_json_kid(a, 4) == NULL);
	CHECK_INT(nst_json_get(j, "e")->n_kids, 0);
	CHECK_INT(nst_json_get(j, "ea")->type, NST_JSON_ARR);
	CHECK_STR(nst_json_kid(j, 0)->key, "Name");
	nst_json_free(j);

	/* a repeated key: the last one, as Go's encoding/json reads it */
	j = parse("{\"k\":\"first\",\"k\":\"last\"}");
	CHECK_STR(nst_json_get_str(j, "k"), "last");
	nst_json_free(j);

	j = parse("-9223372036854775808");
	CHECK(nst_json_as_int(j, &v));
	CHECK_INT(v, INT64_MIN);
	nst_json_free(j);
	j = parse("9223372036854775808");
	CHECK(j && !nst_json_as_int(j, &v));
	nst_json_free(j);
}

static void test_strings(void)
{
	struct nst_json *j = parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\u20ac\\ud83d\\ude00\"");
	CHECK(j != NULL);
	CHECK_STR(nst_json_as_str(j), "a\"b\\c/d\n\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	CHECK_INT(j ? j->len : 0, 18);
	nst_json_free(j);

	/* lone surrogates, an escaped NUL, bytes that are not UTF-8: U+FFFD each, never a cut string */
	j = parse("\"x\\ud800y\\udc00z\\u0000w\"");
	CHECK_STR(nst_json_as_str(j), "x\xef\xbf\xbdy\xef\xbf\xbdz\xef\xbf\xbdw");
	nst_json_free(j);
	j = parse("\"\\ud83d\\u0041\""); /* a high surrogate followed by no low one */
	CHECK_STR(nst_json_as_str(j), "\xef\xbf\xbd" "A");
	nst_json_free(j);
	j = parse("\"\xff\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80ok\xc3\xa9\"");
	CHECK(j != NULL);
	/* ff, c0, af, ed a0 80 (3), f4 90 80 80 (4): every byte alone is invalid */
	CHECK_INT(j ? j->len : 0, 10 * 3 + 2 + 2);
	CHECK(j && strstr(j->s, "ok\xc3\xa9") != NULL);
	nst_json_free(j);
	j = parse("\"\xe2\x82\""); /* a truncated sequence before the quote */
	CHECK_STR(nst_json_as_str(j), "\xef\xbf\xbd\xef\xbf\xbd");
	nst_json_free(j);
}

static void test_rejects(void)
{
	static const char *bad[] = {
		"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\"}", "{\"a\" 1}", "{1:2}", "[1 2]", "\"abc",
		"\"a\\\"", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"a\nb\"", "01", "-", "1.", "1e", "1e+",
		".5", "+1", "tru", "nul", "falsey", "[] []", "{\"a\":1}x", "NaN", "[-]", "\"\\",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct nst_json_error err;
		struct nst_json *j = nst_json_parse(bad[i], strlen(bad[i]), &err);
		if (j) {
			fprintf(stderr, "accepted: %s\n", bad[i]);
		}
		CHECK(j == NULL);
		CHECK(err.msg[0] != '\0');
		nst_json_free(j);
	}
	/* a NUL byte inside the buffer */
	struct nst_json_error err;
	CHECK(nst_json_parse("\"a\0b\"", 5, &err) == NULL);
	CHECK_INT(err.offset, 2);
	/* the length is what counts, not a NUL: "[1]" of "[1]]" */
	struct nst_json *j = nst_json_parse("[1]]", 3, NULL);
	CHECK(j && j->n_kids == 1);
	nst_json_free(j);
}

static void test_caps(void)
{
	char deep[2 * NST_JSON_MAX_DEPTH + 8];
	size_t n = 0;

	/* exactly the cap parses, one more is refused */
	for (int i = 0; i < NST_JSON_MAX_DEPTH; i++) {
		deep[n++] = '[';
	}
	for (int i = 0; i < NST_JSON_MAX_DEPTH; i++) {
		deep[n++] = ']';
	}
	struct nst_json *j = nst_json_parse(deep, n, NULL);
	CHECK(j != NULL);
	nst_json_free(j);
	memmove(deep + 1, deep, n);
	deep[0] = '[';
	deep[n + 1] = ']';
	struct nst_json_error err;
	CHECK(nst_json_parse(deep, n + 2, &err) == NULL);
	CHECK_STR(err.msg, "nested too deep");

	/* a million-element array of a hostile size stays within the node cap */
	size_t count = NST_JSON_MAX_NODES + 1;
	char *big = malloc(count * 2 + 2);
	size_t k = 0;
	big[k++] = '[';
	for (size_t i = 0; i < count; i++) {
		big[k++] = '0';
		big[k++] = ',';
	}
	big[k - 1] = ']';
	CHECK(nst_json_parse(big, k, &err) == NULL);
	CHECK_STR(err.msg, "too many values");
	free(big);
	/* the size is checked before a byte is read */
	CHECK(nst_json_parse("1", (size_t)NST_JSON_MAX_SIZE + 1, &err) == NULL);
	CHECK_STR(err.msg, "too large");
}

UNIT_MAIN(test_values, test_strings, test_rejects, test_caps)
