/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the nf_tables parsers (be_nft_parse.c), which
 * replace libnftnl's exit()-on-bad-attribute ones: the input is a dump
 * datagram; each message goes to the chain parser and the rule decoder.
 * Checks that every string out is terminated. Built with clang, outside meson:
 *   clang -fsanitize=fuzzer,address,undefined -Isrc/model -Isrc/backend \
 *     tests/fuzz/fuzz_nft.c src/backend/be_nft_parse.c src/backend/be_nlattr.c \
 *     src/model/nat_decode.c src/model/xalloc.c -lmnl
 * Seeds: tests/fuzz/corpus_nft/ (the NEWRULE messages of tests/unit/nat_fixtures).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"
#include "be_nlmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *buf = malloc(size ? size : 1);
	size_t len = size;

	memcpy(buf, data, size);
	for (const struct nlmsghdr *h = buf; be_nlmsg_ok(h, len); h = be_nlmsg_next(h, &len)) {
		struct be_nft_chain c;
		struct nst_nat_rule r;
		char table[64], chain[64];
		uint32_t family;

		if (be_nft_parse_chain(h, &c) == 0 &&
		    (!memchr(c.table, 0, sizeof(c.table)) || !memchr(c.name, 0, sizeof(c.name)) ||
		     !memchr(c.type, 0, sizeof(c.type)))) {
			abort();
		}
		memset(&r, 0, sizeof(r));
		if (be_nft_rule_decode(h, &r, &family, table, sizeof(table), chain, sizeof(chain)) == 0 &&
		    (!memchr(table, 0, sizeof(table)) || !memchr(chain, 0, sizeof(chain)) ||
		     !memchr(r.summary, 0, sizeof(r.summary)) || !memchr(r.family, 0, sizeof(r.family)))) {
			abort();
		}
	}
	free(buf);
	return 0;
}
