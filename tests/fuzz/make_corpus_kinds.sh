#!/bin/sh
# SPDX-License-Identifier: MIT
# Refill the crafted link kind seeds of fuzz_rtnl (tests/fuzz/corpus/rtnl/kind-*):
# every RTM_NEWLINK and wireguard generic netlink message the unit tests
# test_link_kinds and test_link_kinds2 build (the kinds this kernel cannot
# make: geneve, gre*, ip tunnels, vrf, bond, team, wireguard, netkit, vlan,
# ipvlan; and the hostile lengths they refuse), one file a message.
# Usage: tests/fuzz/make_corpus_kinds.sh [BUILD_DIR]   (default build; no root)
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build}
corpus=tests/fuzz/corpus/rtnl
ninja -C "$build" tests/unit/test_link_kinds tests/unit/test_link_kinds2 >/dev/null
mkdir -p "$corpus"
rm -f "$corpus"/kind-*
for t in test_link_kinds test_link_kinds2; do
	KIND_SEED_DIR=$corpus "$build/tests/unit/$t"
done
echo "corpus/rtnl: $(find "$corpus" -name 'kind-*' -type f | wc -l) kind seeds"
