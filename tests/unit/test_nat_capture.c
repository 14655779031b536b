/* SPDX-License-Identifier: MIT */
/*
 * The NAT decoder on real netlink rule messages captured from nft and
 * iptables-nft (tests/unit/nat_fixtures/rules.tsv: expected summary, TAB,
 * the NEWRULE message in hex, as tests/backend/nft_capture prints it). The
 * expected summaries are `nft list ruleset`'s own lines. conditions.tsv
 * (summary, raw or -, the record's fields, hex) holds the rules of
 * tests/fuzz/nat_rules.nft and iptables-nft: every operator, mask, set, map
 * and unknown expression either lands whole in summary and record or marks
 * the rule raw, and no rule that is not raw lost a condition.
 * No root: be_nft_rule_decode parses the bytes, the model decodes.
 */
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"
#include "unit.h"

static size_t unhex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;

	while (s[0] && s[1] && s[0] != '\n' && n < max) {
		unsigned v;
		if (sscanf(s, "%2x", &v) != 1) {
			break;
		}
		out[n++] = (unsigned char)v;
		s += 2;
	}
	return n;
}

static void test_captured_rules(void)
{
	const char *dir = getenv("UNIT_FIXTURE_DIR");
	char path[1024], *line = NULL;
	size_t cap = 0, checked = 0;

	snprintf(path, sizeof(path), "%s/rules.tsv", dir ? dir : ".");
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f) {
		return;
	}
	while (getline(&line, &cap, f) > 0) {
		char *tab = strchr(line, '\t');
		if (!tab) {
			continue;
		}
		*tab = '\0';
		static unsigned char msg[8192] __attribute__((aligned(8)));
		size_t n = unhex(tab + 1, msg, sizeof(msg));
		struct nst_nat_rule r;
		char table[NST_NFT_NAMELEN], chain[NST_NFT_NAMELEN];
		uint32_t family = 0;

		memset(&r, 0, sizeof(r));
		CHECK(n >= 16);
		CHECK_INT(be_nft_rule_decode((const struct nlmsghdr *)msg, &r, &family, table, sizeof(table), chain,
					     sizeof(chain)),
			  0);
		CHECK_STR(r.summary, line);
		/* the conditions alone: no counter, no statement; the counter's span is the counter */
		CHECK(strstr(r.cond, "counter") == NULL);
		CHECK(strstr(r.cond, "dnat") == NULL && strstr(r.cond, "snat") == NULL && strstr(r.cond, "masquerade") == NULL);
		CHECK(strncmp(r.summary, r.cond, strlen(r.cond)) == 0 || strstr(r.summary, "counter") == r.summary);
		CHECK_INT(r.counter_len != 0, strstr(r.summary, "counter packets") != NULL);
		if (r.counter_len) {
			CHECK(strncmp(r.summary + r.counter_at, "counter packets", 15) == 0);
			CHECK(r.summary[r.counter_at + r.counter_len] == ' ' || r.summary[r.counter_at + r.counter_len] == '\0');
		}
		checked++;
	}
	free(line);
	fclose(f);
	CHECK(checked >= 15);
}

static void field(char *buf, size_t len, const char *key, const char *val)
{
	if (val[0]) {
		size_t n = strlen(buf);
		snprintf(buf + n, len - n, "%s%s=%s", n ? ";" : "", key, val);
	}
}

static void test_captured_conditions(void)
{
	const char *dir = getenv("UNIT_FIXTURE_DIR");
	char path[1024], *line = NULL;
	size_t cap = 0, checked = 0, raw = 0;

	snprintf(path, sizeof(path), "%s/conditions.tsv", dir ? dir : ".");
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f) {
		return;
	}
	while (getline(&line, &cap, f) > 0) {
		char *summary = line, *rawcol = strchr(summary, '\t');
		char *fields = rawcol ? strchr(rawcol + 1, '\t') : NULL;
		char *hex = fields ? strchr(fields + 1, '\t') : NULL;
		if (!hex) {
			continue;
		}
		*rawcol++ = *fields++ = *hex++ = '\0';
		static unsigned char msg[8192] __attribute__((aligned(8)));
		size_t n = unhex(hex, msg, sizeof(msg));
		struct nst_nat_rule r;
		char table[NST_NFT_NAMELEN], chain[NST_NFT_NAMELEN], got[512] = "";
		uint32_t family = 0;

		memset(&r, 0, sizeof(r));
		CHECK(n >= 16);
		CHECK_INT(be_nft_rule_decode((const struct nlmsghdr *)msg, &r, &family, table, sizeof(table), chain,
					     sizeof(chain)),
			  0);
		CHECK_STR(r.summary, summary);
		CHECK_INT(r.raw, strcmp(rawcol, "raw") == 0);
		/* a raw rule says why; one that is not says nothing */
		CHECK_INT(r.raw_why[0] != '\0', r.raw);
		field(got, sizeof(got), "type", nst_nat_type_str(r.type));
		field(got, sizeof(got), "proto", r.match.proto);
		field(got, sizeof(got), "iif", r.match.iif);
		field(got, sizeof(got), "oif", r.match.oif);
		field(got, sizeof(got), "saddr", r.match.saddr);
		field(got, sizeof(got), "daddr", r.match.daddr);
		field(got, sizeof(got), "sport", r.match.sport);
		field(got, sizeof(got), "dport", r.match.dport);
		field(got, sizeof(got), "ct_state", r.match.ct_state);
		field(got, sizeof(got), "to_addr", r.to_addr);
		field(got, sizeof(got), "to_port", r.to_port);
		CHECK_STR(got, fields);
		checked++;
		raw += r.raw;
	}
	free(line);
	fclose(f);
	CHECK(checked >= 50);
	CHECK(raw >= 20 && raw < checked);
}

UNIT_MAIN(test_captured_rules, test_captured_conditions)
