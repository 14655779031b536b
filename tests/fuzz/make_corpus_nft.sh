#!/bin/sh
# SPDX-License-Identifier: MIT
# Refill the seed corpus of fuzz_nft (tests/fuzz/corpus_nft/): the real
# NEWRULE messages of tests/unit/nat_fixtures/rules.tsv (captured from nft and
# iptables-nft by tests/backend/nft_capture), one message a file.
# Usage: tests/fuzz/make_corpus_nft.sh   (needs xxd)
set -eu
cd "$(dirname "$0")/../.."
corpus=tests/fuzz/corpus_nft
mkdir -p "$corpus"
rm -f "$corpus"/nft-rule-*
i=0
cut -f2 tests/unit/nat_fixtures/rules.tsv | while read -r hex; do
	i=$((i + 1))
	printf '%s' "$hex" | xxd -r -p >"$corpus/nft-rule-$(printf %04d "$i")"
done
echo "corpus_nft: $(find "$corpus" -type f | wc -l) seeds"
