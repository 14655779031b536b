/* SPDX-License-Identifier: MIT */
/*
 * The NAT decoder on real netlink rule messages captured from nft and
 * iptables-nft (tests/unit/nat_fixtures/rules.tsv: expected summary, TAB,
 * the NEWRULE message in hex, as tests/backend/nft_capture prints it). The
 * expected summaries are `nft list ruleset`'s own lines.
 * No root: libnftnl parses the bytes, the model decodes.
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
		char table[64], chain[64];
		uint32_t family = 0;

		memset(&r, 0, sizeof(r));
		CHECK(n >= 16);
		CHECK_INT(be_nft_rule_decode((const struct nlmsghdr *)msg, &r, &family, table, sizeof(table), chain,
					     sizeof(chain)),
			  0);
		CHECK_STR(r.summary, line);
		checked++;
	}
	free(line);
	fclose(f);
	CHECK(checked >= 15);
}

UNIT_MAIN(test_captured_rules)
