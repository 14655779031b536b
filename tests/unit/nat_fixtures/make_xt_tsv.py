#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Builds xt.tsv (expected text, TAB, the NEWRULE message in hex) from a sandbox
# that ran xt_rules.sh: nft_capture's hex lines and `nft -a list ruleset`, joined
# by family, table, chain and handle. The expected text is nft's own line (its
# counter as nft prints it); where nft 1.0.6 has no words (physdev: "xt match
# physdev", the comment match: an empty string) it is PHYSDEV_TEXT below, nstop's
# iptables-save wording, written here by hand.
# Usage: make_xt_tsv.py CAPTURE.hex NFT-LIST.txt > xt.tsv
import re
import struct
import sys

PHYSDEV_TEXT = {
    # handle in table ip filter, chain FORWARD: the rule's text
    19: 'xt physdev --physdev-is-bridged counter packets 0 bytes 0 accept',
    20: 'xt physdev --physdev-in "veth0" counter packets 0 bytes 0 accept',
    21: 'xt physdev --physdev-out "veth1" --physdev-is-bridged counter packets 0 bytes 0 accept',
    22: 'xt physdev ! --physdev-is-in counter packets 0 bytes 0 accept',
    23: 'xt physdev --physdev-in "veth+" ! --physdev-is-out counter packets 0 bytes 0 drop',
}


def rule_key(msg):
    fam = msg[16]
    off, attrs = 20, {}
    while off + 4 <= len(msg):
        alen, atype = struct.unpack_from('<HH', msg, off)
        attrs[atype & 0x7fff] = msg[off + 4:off + alen]
        off += (alen + 3) & ~3
    name = lambda b: b.rstrip(b'\0').decode()
    return fam, name(attrs[1]), name(attrs[2]), struct.unpack('>Q', attrs[3])[0]


def listing(path):
    fams = {'ip': 2, 'ip6': 10, 'inet': 1, 'bridge': 7, 'arp': 3, 'netdev': 5}
    out, table, chain = {}, None, None
    for line in open(path):
        m = re.match(r'table (\S+) (\S+) \{', line)
        if m:
            table = (fams[m.group(1)], m.group(2))
        m = re.match(r'\tchain (\S+) \{', line)
        if m:
            chain = m.group(1)
        m = re.match(r'\t\t(.*) # handle (\d+)$', line)
        if m and 'type ' not in m.group(1)[:5]:
            out[(table[0], table[1], chain, int(m.group(2)))] = m.group(1).strip()
    return out


def main():
    rules = listing(sys.argv[2])
    for line in open(sys.argv[1]):
        msg = bytes.fromhex(line.strip())
        key = rule_key(msg)
        text = rules[key]
        if text.startswith('xt match physdev'):
            text = PHYSDEV_TEXT[key[3]]
        print('%s\t%s' % (text, line.strip()))


main()
