/* SPDX-License-Identifier: MIT */
/*
 * The decoder's summary (each piece, cut marks, raw reasons) and its view of
 * registers and values: names as nft writes them, bytes copied out, never cast.
 */
#include "decode_internal.h"
#include "quote.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* The rule is not wholly in the record: keep the first reason. */
void dec_raw(struct dec *d, const char *why)
{
	d->rule->raw = true;
	if (!d->rule->raw_why[0]) {
		snprintf(d->rule->raw_why, sizeof(d->rule->raw_why), "%s", why);
	}
}

bool dec_printable(const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			return false;
		}
	}
	return true;
}

void dec_other(struct dec *d)
{
	d->rule->match.other = true;
}

void dec_say_raw(struct dec *d, const char *text)
{
	char *s = d->rule->summary;
	size_t cap = sizeof(d->rule->summary), need = strlen(text) + (d->n ? 1 : 0);

	/* room for " ..." stays, so a cut summary says so */
	if (d->full || d->n + need + 4 >= cap) {
		d->full = true;
		return;
	}
	/* it fits (checked above): copied, not printed (this runs for every piece of every rule) */
	size_t tlen = need - (d->n ? 1 : 0);
	if (d->n) {
		s[d->n++] = ' ';
	}
	memcpy(s + d->n, text, tlen + 1);
	d->n += tlen;
	if (!d->stmt) {
		char *c = d->rule->cond;
		size_t ccap = sizeof(d->rule->cond), cneed = tlen + (d->cond_n ? 1 : 0);

		if (d->cond_n + cneed >= ccap) {
			d->rule->cond_cut = true;
			return;
		}
		if (d->cond_n) {
			c[d->cond_n++] = ' ';
		}
		memcpy(c + d->cond_n, text, tlen + 1);
		d->cond_n += tlen;
	}
}

/* A pending l4proto match not folded into a port match is printed before what follows. */
void dec_flush_l4(struct dec *d)
{
	if (d->l4_text[0]) {
		char t[sizeof(d->l4_text)];
		snprintf(t, sizeof(t), "%s", d->l4_text);
		d->l4_text[0] = '\0';
		dec_say_raw(d, t);
	}
}


/* One piece of the summary; a piece cut short says so and makes the rule raw. */
static void piece(struct dec *d, char *text, size_t len, const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static void piece(struct dec *d, char *text, size_t len, const char *fmt, va_list ap)
{
	if ((size_t)vsnprintf(text, len, fmt, ap) >= len) {
		strcpy(text + len - 4, "...");
		dec_raw(d, "a part of the rule too long for the summary");
	}
}

void dec_say(struct dec *d, const char *fmt, ...)
{
	char text[320];
	va_list ap;

	va_start(ap, fmt);
	piece(d, text, sizeof(text), fmt, ap);
	va_end(ap);
	dec_flush_l4(d);
	dec_say_raw(d, text);
}

void dec_say4(struct dec *d, bool keep_l4, const char *a, const char *b, const char *c, const char *e)
{
	const char *p[4] = { a, b, c, e };
	char text[320];
	size_t o = 0, total = 0;

	for (int i = 0; i < 4; i++) {
		size_t l = strlen(p[i]);
		size_t k = o + l < sizeof(text) - 1 ? l : sizeof(text) - 1 - o;
		memcpy(text + o, p[i], k);
		o += k;
		total += l;
	}
	text[o] = '\0';
	if (total >= sizeof(text)) { /* as piece() cuts */
		strcpy(text + sizeof(text) - 4, "...");
		dec_raw(d, "a part of the rule too long for the summary");
	}
	if (!keep_l4) {
		dec_flush_l4(d);
	}
	dec_say_raw(d, text);
}

/* Address and interface matches keep a pending l4proto pending: nft folds
 * `meta l4proto tcp ip daddr X th dport 80` into `ip daddr X tcp dport 80`. */

void dec_say_keep_l4(struct dec *d, const char *fmt, ...)
{
	char text[320];
	va_list ap;

	va_start(ap, fmt);
	piece(d, text, sizeof(text), fmt, ap);
	va_end(ap);
	dec_say_raw(d, text);
}

struct reg *dec_reg(struct dec *d, uint32_t i)
{
	static struct reg none;
	/* NFT_REG_1..4 are 16-byte registers 1..4; NFT_REG32_* are 8..23: map both into the table. */
	if (i < NREGS) {
		return &d->r[i];
	}
	memset(&none, 0, sizeof(none));
	return &none;
}

const char *dec_proto_name(uint8_t p, char *buf, size_t len)
{
	switch (p) {
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 1:
		return "icmp";
	case 58:
		return "icmpv6";
	case 132:
		return "sctp";
	case 33:
		return "dccp";
	default:
		snprintf(buf, len, "%u", p);
		return buf;
	}
}

uint16_t dec_be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

size_t dec_cat3(char *out, size_t len, const char *a, const char *b, const char *c)
{
	const char *p[3] = { a, b, c };
	size_t o = 0, total = 0;

	for (int i = 0; i < 3; i++) {
		size_t l = strlen(p[i]);
		size_t k = o + l < len - 1 ? l : len - 1 - o;
		memcpy(out + o, p[i], k);
		o += k;
		total += l;
	}
	out[o] = '\0';
	return total;
}

size_t dec_utoa(uint64_t v, char *out)
{
	char t[20];
	size_t n = 0;

	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++) {
		out[i] = t[n - 1 - i];
	}
	out[n] = '\0';
	return n;
}

size_t dec_put_u3(char *out, unsigned v)
{
	size_t n = 0;

	if (v >= 100) {
		out[n++] = (char)('0' + v / 100);
	}
	if (v >= 10) {
		out[n++] = (char)('0' + v / 10 % 10);
	}
	out[n++] = (char)('0' + v % 10);
	return n;
}

void dec_fmt_addr(int family, const uint8_t *bytes, char *out, size_t len)
{
	if (family == AF_INET) {
		/* what inet_ntop writes for IPv4 (dotted decimal, no leading zeros), and its ENOSPC */
		char t[16];
		size_t o = 0;
		for (int i = 0; i < 4; i++) {
			unsigned v = bytes[i];
			if (i) {
				t[o++] = '.';
			}
			o += dec_put_u3(t + o, v);
		}
		t[o] = '\0';
		if (o + 1 <= len) {
			memcpy(out, t, o + 1);
			return;
		}
	} else if (inet_ntop(family, bytes, out, (socklen_t)len)) {
		return;
	}
	snprintf(out, len, "?");
}

/* "0x0a000001": bytes in order, as far as they fit. */
void dec_hex(const uint8_t *p, uint32_t n, char *out, size_t len)
{
	size_t o = (size_t)snprintf(out, len, "0x");

	for (uint32_t i = 0; i < n && o + 3 <= len; i++) {
		o += (size_t)snprintf(out + o, len - o, "%02x", p[i]);
	}
}

/* The operator in front of a value, as nft writes it; "" for equality. */
const char *dec_op_str(uint32_t op)
{
	static const char *const ops[] = { "", "!= ", "< ", "<= ", "> ", ">= " };
	return op < 6 ? ops[op] : "? ";
}

/* Set a field of the match record; one it already holds would be lost, so the rule is raw. */
void dec_set_field(struct dec *d, char *field, size_t len, uint32_t op, const char *val)
{
	if (field[0]) {
		dec_raw(d, "a field matched twice, the record holds one");
	}
	if (dec_cat3(field, len, dec_op_str(op), val, "") >= len) {
		dec_raw(d, "a value longer than its field");
	}
}

/* What register r holds, in nft's words where nstop knows them: "meta mark", "@nh,96,32". */
void dec_reg_name(const struct dec *d, uint32_t i, const struct reg *r, char *out, size_t len)
{
	static const char *const meta[] = { [0] = "length", [1] = "protocol", [2] = "priority", [3] = "mark",
					    [4] = "iif", [5] = "oif", [6] = "iifname", [7] = "oifname",
					    [8] = "iiftype", [9] = "oiftype", [10] = "skuid", [11] = "skgid",
					    [15] = "nfproto", [16] = "l4proto" };
	static const char *const ct[] = { "state", "direction", "status", "mark", "secmark", "expiration",
					  "helper", "l3proto", "saddr", "daddr", "protocol", "proto-src",
					  "proto-dst", "label" };
	static const char *const base[] = { "ll", "nh", "th" };

	switch (r->kind) {
	case R_META:
		if (r->key >= META_IIF && r->key <= META_OIFNAME) {
			snprintf(out, len, "%s", meta[r->key]); /* nft writes these without "meta" */
		} else if (r->key < sizeof(meta) / sizeof(meta[0]) && meta[r->key]) {
			snprintf(out, len, "meta %s", meta[r->key]);
		} else {
			snprintf(out, len, "meta key%u", r->key);
		}
		return;
	case R_CT:
		if (r->key < sizeof(ct) / sizeof(ct[0])) {
			snprintf(out, len, "ct %s%s", r->base == 1 ? "original " : r->base == 2 ? "reply " : "", ct[r->key]);
		} else {
			snprintf(out, len, "ct %skey%u", r->base == 1 ? "original " : r->base == 2 ? "reply " : "", r->key);
		}
		return;
	case R_PAYLOAD:
		if (r->base == PAYLOAD_TRANSPORT && r->len == 2 && (r->offset == 0 || r->offset == 2)) {
			snprintf(out, len, "%s %s", d->l4 ? d->l4 : "th", r->offset ? "dport" : "sport");
		} else if (r->base == PAYLOAD_NETWORK && r->len == (d->ipv6 ? 16u : 4u) &&
			   (r->offset == (d->ipv6 ? 8u : 12u) || r->offset == (d->ipv6 ? 24u : 16u))) {
			snprintf(out, len, "%s %s", d->ipv6 ? "ip6" : "ip", r->offset == (d->ipv6 ? 8u : 12u) ? "saddr" : "daddr");
		} else {
			snprintf(out, len, "@%s,%u,%u", r->base < 3 ? base[r->base] : "?", r->offset * 8, r->len * 8);
		}
		return;
	case R_MAP:
		snprintf(out, len, "[map @%.*s]", (int)r->data_len, (const char *)r->data);
		return;
	default:
		snprintf(out, len, "[register %u]", i);
		return;
	}
}

/* A value as nft shows it: meta and ct registers hold host-order integers, payloads bytes in order. */
void dec_value(const struct reg *r, const uint8_t *p, uint32_t n, char *out, size_t len)
{
	if ((r->kind == R_META || r->kind == R_CT) && (n == 1 || n == 2 || n == 4 || n == 8)) {
		uint64_t v = 0;
		uint32_t v32 = 0;
		uint16_t v16 = 0;

		if (n == 8) {
			memcpy(&v, p, 8);
		} else if (n == 4) {
			memcpy(&v32, p, 4);
			v = v32;
		} else if (n == 2) {
			memcpy(&v16, p, 2);
			v = v16;
		} else {
			v = p[0];
		}
		snprintf(out, len, "0x%0*llx", (int)n * 2, (unsigned long long)v);
		return;
	}
	dec_hex(p, n, out, len);
}

/* Anything nstop does not turn into a field: shown whole (mask, xor, operator, value), rule raw. */
void dec_match_raw(struct dec *d, uint32_t i, const struct reg *r, uint32_t op, const uint8_t *v, uint32_t n,
		      const char *why)
{
	char name[48], mask[2 * NST_EXPR_DATA + 8] = "", xor[2 * NST_EXPR_DATA + 8] = "", val[2 * NST_EXPR_DATA + 4];
	bool any_xor = false;

	dec_other(d);
	dec_reg_name(d, i, r, name, sizeof(name));
	for (uint32_t k = 0; k < r->xor_len; k++) {
		any_xor |= r->xor[k] != 0;
	}
	if (r->masked) {
		strcpy(mask, " & ");
		dec_value(r, r->mask, r->mask_len, mask + 3, sizeof(mask) - 3);
	}
	if (any_xor) {
		strcpy(xor, " ^ ");
		dec_value(r, r->xor, r->xor_len, xor + 3, sizeof(xor) - 3);
	}
	dec_value(r, v, n, val, sizeof(val));
	dec_say(d, "%s%s%s %s%s", name, mask, xor, op < 6 ? dec_op_str(op) : "?op ", val);
	dec_raw(d, why);
}
