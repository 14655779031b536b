/* SPDX-License-Identifier: MIT */
/* Shared by pkt_eval.c (chains and verdicts) and pkt_match.c (one rule's conditions); not for others. */
#pragma once
#include "pkt_eval.h"

enum nst_tri { NST_T_NO, NST_T_MAYBE, NST_T_YES };

/*
 * Whether rule r of rs matches p: its match fields, or its conditions' text
 * when a field cannot hold them (sets, anonymous ones too, resolved from
 * rs->sets). MAYBE writes why into why (len bytes).
 */
enum nst_tri nst_pkt_rule_match(const struct nst_fw_ruleset *rs, const struct nst_fw_rule *r, const struct nst_pkt *p,
				char *why, size_t len);
/* r's text says every condition it has (it is not raw, or raw only for what the text still writes out). */
bool nst_pkt_text_whole(const struct nst_fw_rule *r);
/* An address (family's) from text; false when it is not one. */
bool nst_pkt_parse_addr(int family, const char *s, uint8_t *out);
