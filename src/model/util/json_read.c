/* SPDX-License-Identifier: MIT */
/*
 * Recursive descent over RFC 8259 JSON with caps on depth, size and values;
 * strings come out as valid UTF-8 the way Go's encoding/json decodes them.
 */
#include "json_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct parser {
	const unsigned char *p, *end, *start;
	size_t nodes;
	struct nst_json_error *err;
	bool failed;
};

static void fail(struct parser *ps, const char *why)
{
	if (ps->failed) {
		return;
	}
	ps->failed = true;
	if (ps->err) {
		ps->err->offset = (size_t)(ps->p - ps->start);
		snprintf(ps->err->msg, sizeof(ps->err->msg), "%s", why);
	}
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) {
		ps->p++;
	}
}

static size_t put_utf8(unsigned char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

#define REPLACEMENT 0xfffdu

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 when it is not one (RFC 3629). */
static size_t utf8_valid(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80) {
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		lo = c == 0xe0 ? 0xa0 : 0x80; /* overlong */
		hi = c == 0xed ? 0x9f : 0xbf; /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		lo = c == 0xf0 ? 0x90 : 0x80;
		hi = c == 0xf4 ? 0x8f : 0xbf; /* beyond U+10FFFF */
	} else {
		return 0;
	}
	if (n < need + 1 || s[1] < lo || s[1] > hi) {
		return 0;
	}
	for (size_t i = 2; i <= need; i++) {
		if (s[i] < 0x80 || s[i] > 0xbf) {
			return 0;
		}
	}
	return need + 1;
}

static int hex4(const unsigned char *s, const unsigned char *end, uint32_t *out)
{
	uint32_t v = 0;

	if (end - s < 4) {
		return -1;
	}
	for (int i = 0; i < 4; i++) {
		unsigned char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9') {
			v |= (uint32_t)(c - '0');
		} else if (c >= 'a' && c <= 'f') {
			v |= (uint32_t)(c - 'a' + 10);
		} else if (c >= 'A' && c <= 'F') {
			v |= (uint32_t)(c - 'A' + 10);
		} else {
			return -1;
		}
	}
	*out = v;
	return 0;
}

/* ps->p at the opening quote; the unescaped text in *out (malloc'd), its length in *len. */
static bool parse_string(struct parser *ps, char **out, size_t *len)
{
	const unsigned char *q = ps->p + 1;
	size_t raw = 0;

	/* find the closing quote first: the output is at most three bytes per input byte */
	while (q + raw < ps->end && q[raw] != '"') {
		raw += q[raw] == '\\' && q + raw + 1 < ps->end ? 2 : 1;
	}
	if (q + raw >= ps->end) {
		fail(ps, "unterminated string");
		return false;
	}
	unsigned char *o = xmalloc(raw * 3 + 1);
	size_t n = 0;
	const unsigned char *s = q, *e = q + raw;
	while (s < e) {
		unsigned char c = *s;
		if (c < 0x20) {
			ps->p = s;
			fail(ps, "control character in string");
			free(o);
			return false;
		}
		if (c != '\\') {
			size_t v = utf8_valid(s, (size_t)(e - s));
			if (v == 0) {
				n += put_utf8(o + n, REPLACEMENT);
				s++;
			} else {
				memcpy(o + n, s, v);
				n += v;
				s += v;
			}
			continue;
		}
		unsigned char x = s[1]; /* s + 1 < e: the scan above paired every backslash */
		s += 2;
		switch (x) {
		case '"': o[n++] = '"'; break;
		case '\\': o[n++] = '\\'; break;
		case '/': o[n++] = '/'; break;
		case 'b': o[n++] = '\b'; break;
		case 'f': o[n++] = '\f'; break;
		case 'n': o[n++] = '\n'; break;
		case 'r': o[n++] = '\r'; break;
		case 't': o[n++] = '\t'; break;
		case 'u': {
			uint32_t cp, lo;
			if (hex4(s, e, &cp) < 0) {
				ps->p = s;
				fail(ps, "bad \\u escape");
				free(o);
				return false;
			}
			s += 4;
			if (cp >= 0xd800 && cp <= 0xdbff && e - s >= 6 && s[0] == '\\' && s[1] == 'u' &&
			    hex4(s + 2, e, &lo) == 0 && lo >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				s += 6;
			} else if ((cp >= 0xd800 && cp <= 0xdfff) || cp == 0) {
				cp = REPLACEMENT; /* lone surrogate; NUL would cut the C string */
			}
			n += put_utf8(o + n, cp);
			break;
		}
		default:
			ps->p = s - 2;
			fail(ps, "bad escape");
			free(o);
			return false;
		}
	}
	o[n] = '\0';
	*out = (char *)o;
	*len = n;
	ps->p = e + 1;
	return true;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool parse_number(struct parser *ps, struct nst_json *j)
{
	const unsigned char *s = ps->p, *p = s;

	if (p < ps->end && *p == '-') {
		p++;
	}
	if (p < ps->end && *p == '0') {
		p++;
	} else if (p < ps->end && is_digit(*p)) {
		while (p < ps->end && is_digit(*p)) {
			p++;
		}
	} else {
		fail(ps, "bad number");
		return false;
	}
	if (p < ps->end && *p == '.') {
		p++;
		if (p >= ps->end || !is_digit(*p)) {
			ps->p = p;
			fail(ps, "bad fraction");
			return false;
		}
		while (p < ps->end && is_digit(*p)) {
			p++;
		}
	}
	if (p < ps->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < ps->end && (*p == '+' || *p == '-')) {
			p++;
		}
		if (p >= ps->end || !is_digit(*p)) {
			ps->p = p;
			fail(ps, "bad exponent");
			return false;
		}
		while (p < ps->end && is_digit(*p)) {
			p++;
		}
	}
	j->type = NST_JSON_NUM;
	j->len = (size_t)(p - s);
	j->s = xmalloc(j->len + 1);
	memcpy(j->s, s, j->len);
	j->s[j->len] = '\0';
	ps->p = p;
	return true;
}

static bool literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) {
		fail(ps, "unexpected character");
		return false;
	}
	ps->p += n;
	return true;
}

static void node_finish(struct nst_json *j)
{
	for (size_t i = 0; i < j->n_kids; i++) {
		node_finish(&j->kids[i]);
	}
	free(j->kids);
	free(j->s);
	free(j->key);
}

static bool parse_value(struct parser *ps, struct nst_json *j, int depth);

/* Arrays and objects: ps->p at '[' or '{'. */
static bool parse_container(struct parser *ps, struct nst_json *j, int depth)
{
	bool obj = *ps->p == '{';
	unsigned char close = obj ? '}' : ']';
	size_t cap = 0;

	if (depth >= NST_JSON_MAX_DEPTH) {
		fail(ps, "nested too deep");
		return false;
	}
	j->type = obj ? NST_JSON_OBJ : NST_JSON_ARR;
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return true;
	}
	for (;;) {
		struct nst_json kid = { 0 };
		skip_ws(ps);
		if (obj) {
			if (ps->p >= ps->end || *ps->p != '"') {
				fail(ps, "expected a key");
				return false;
			}
			if (!parse_string(ps, &kid.key, &kid.len)) {
				return false;
			}
			kid.len = 0;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				free(kid.key);
				fail(ps, "expected ':'");
				return false;
			}
			ps->p++;
		}
		if (!parse_value(ps, &kid, depth + 1)) {
			node_finish(&kid);
			return false;
		}
		struct nst_json *slot = xgrow(&j->kids, &j->n_kids, &cap, sizeof(*j->kids));
		*slot = kid;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			return true;
		}
		fail(ps, obj ? "expected ',' or '}'" : "expected ',' or ']'");
		return false;
	}
}

static bool parse_value(struct parser *ps, struct nst_json *j, int depth)
{
	skip_ws(ps);
	if (ps->p >= ps->end) {
		fail(ps, "unexpected end");
		return false;
	}
	if (++ps->nodes > NST_JSON_MAX_NODES) {
		fail(ps, "too many values");
		return false;
	}
	switch (*ps->p) {
	case '{':
	case '[':
		return parse_container(ps, j, depth);
	case '"':
		j->type = NST_JSON_STR;
		return parse_string(ps, &j->s, &j->len);
	case 't':
		j->type = NST_JSON_BOOL;
		j->b = true;
		return literal(ps, "true");
	case 'f':
		j->type = NST_JSON_BOOL;
		return literal(ps, "false");
	case 'n':
		j->type = NST_JSON_NULL;
		return literal(ps, "null");
	default:
		return parse_number(ps, j);
	}
}

struct nst_json *nst_json_parse(const char *buf, size_t len, struct nst_json_error *err)
{
	struct parser ps = { .p = (const unsigned char *)buf, .end = (const unsigned char *)buf + len,
			     .start = (const unsigned char *)buf, .err = err };
	struct nst_json *j = xcalloc(1, sizeof(*j));

	if (err) {
		memset(err, 0, sizeof(*err));
	}
	if (len > NST_JSON_MAX_SIZE) {
		fail(&ps, "too large");
	} else if (memchr(buf, '\0', len)) {
		ps.p = memchr(buf, '\0', len);
		fail(&ps, "NUL byte");
	} else if (parse_value(&ps, j, 0)) {
		skip_ws(&ps);
		if (ps.p != ps.end) {
			fail(&ps, "trailing data");
		}
	}
	if (ps.failed) {
		nst_json_free(j);
		return NULL;
	}
	return j;
}

void nst_json_free(struct nst_json *j)
{
	if (j) {
		node_finish(j);
		free(j);
	}
}

const struct nst_json *nst_json_get(const struct nst_json *obj, const char *key)
{
	if (!obj || obj->type != NST_JSON_OBJ) {
		return NULL;
	}
	for (size_t i = obj->n_kids; i-- > 0;) {
		if (strcmp(obj->kids[i].key, key) == 0) {
			return &obj->kids[i];
		}
	}
	return NULL;
}

const struct nst_json *nst_json_at(const struct nst_json *j, ...)
{
	va_list ap;
	const char *k;

	va_start(ap, j);
	while (j && (k = va_arg(ap, const char *))) {
		j = nst_json_get(j, k);
	}
	va_end(ap);
	return j;
}

const char *nst_json_as_str(const struct nst_json *j)
{
	return j && j->type == NST_JSON_STR ? j->s : NULL;
}

const char *nst_json_get_str(const struct nst_json *obj, const char *key)
{
	return nst_json_as_str(nst_json_get(obj, key));
}

bool nst_json_as_int(const struct nst_json *j, int64_t *out)
{
	if (!j || j->type != NST_JSON_NUM) {
		return false;
	}
	const char *p = j->s;
	bool neg = *p == '-';
	uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;

	p += neg;
	if (!*p) {
		return false;
	}
	for (; *p; p++) {
		if (!is_digit((unsigned char)*p)) {
			return false; /* fraction or exponent */
		}
		unsigned d = (unsigned)(*p - '0');
		if (v > (limit - d) / 10) {
			return false;
		}
		v = v * 10 + d;
	}
	*out = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
	return true;
}

bool nst_json_is_true(const struct nst_json *j)
{
	return j && j->type == NST_JSON_BOOL && j->b;
}

const struct nst_json *nst_json_kid(const struct nst_json *j, size_t i)
{
	if (!j || (j->type != NST_JSON_ARR && j->type != NST_JSON_OBJ) || i >= j->n_kids) {
		return NULL;
	}
	return &j->kids[i];
}
