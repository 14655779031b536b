/* SPDX-License-Identifier: MIT */
/*
 * The rule decoder's shared state and helpers (nat_decode.c and the
 * decode_*.c files it is made of). Private to src/model/firewall.
 */
#pragma once
#include "nat.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

/* Kernel constants (linux/netfilter/nf_tables.h, nf_nat.h), spelled out to keep the model libc-only. */
enum { META_LEN = 0, META_PROTOCOL = 1, META_IIF = 4, META_OIF = 5, META_IIFNAME = 6, META_OIFNAME = 7,
       META_NFPROTO = 15, META_L4PROTO = 16 };
enum { PAYLOAD_LL = 0, PAYLOAD_NETWORK = 1, PAYLOAD_TRANSPORT = 2 };
enum { CMP_EQ, CMP_NEQ, CMP_LT, CMP_LTE, CMP_GT, CMP_GTE };
enum { NAT_SNAT = 0, NAT_DNAT = 1 };
enum { NFPROTO_IPV4 = 2, NFPROTO_IPV6 = 10 };
enum { RANGE_MAP_IPS = 1, RANGE_PROTO_SPECIFIED = 2, RANGE_RANDOM = 4, RANGE_PERSISTENT = 8,
       RANGE_RANDOM_FULLY = 0x10, RANGE_KNOWN = 0x1f };
enum { BITWISE_BOOL = 0 };
enum { LOOKUP_F_INV = 1 };
#define NREGS 32

enum reg_kind { R_NONE, R_META, R_PAYLOAD, R_IMM, R_CT, R_MAP };

struct reg {
	enum reg_kind kind;
	uint32_t key, base, offset, len;
	uint8_t data[NST_EXPR_DATA]; /* R_IMM: the value; R_MAP: the map's name */
	uint32_t data_len;
	bool masked;  /* a bitwise went over it: a consumer that ignores the mask would drop it */
	int prefix;   /* the mask is leading ones with xor 0: their count; -1 otherwise */
	uint8_t mask[NST_EXPR_DATA], xor[NST_EXPR_DATA];
	uint32_t mask_len, xor_len;
};

struct dec {
	struct reg r[NREGS];
	struct nst_nat_rule *rule;
	int ipv6;            /* the rule's network header is IPv6 (family ip6, or nfproto ipv6 in inet) */
	bool verdicts;       /* nst_rule_text_decode: verdicts are text, not raw */
	bool arp;            /* family arp: the network header is ARP's, not IP's */
	bool family_ip;      /* family ip or ip6: a reject's icmp type is the family's own */
	const char *l4;      /* protocol name for transport fields */
	size_t n;            /* summary length */
	bool full;           /* the summary ran out of room */
	bool stmt;           /* pieces said now are a statement (counter, nat, verdict), not a condition */
	size_t cond_n;       /* rule->cond's length */
	char l4_text[64];    /* "meta l4proto tcp", printed unless a port match folds it in */
	struct {             /* a `>=` on a port waiting for its `<=` (nft writes 1000-2000 so) */
		bool on;
		uint32_t sreg, offset;
		uint16_t port;
		char l4[8];
	} lo;
};

/* Kernel verdict codes (linux/netfilter.h, nf_tables.h) and reject/queue constants. */
/* NF_QUEUE, NF_STOLEN, NFT_BREAK ... as an immediate: nft writes none of them, so nstop names none */
enum { V_DROP = 0, V_ACCEPT = 1, V_CONTINUE = -1, V_JUMP = -3, V_GOTO = -4, V_RETURN = -5 };
enum { REJECT_ICMP = 0, REJECT_TCP_RST = 1, REJECT_ICMPX = 2 };
enum { QUEUE_BYPASS = 1, QUEUE_FANOUT = 2 };

/* decode_text.c: the summary, registers, values */
void dec_raw(struct dec *d, const char *why);
/* A condition the match record has no field for: an evaluator must treat the rule as "may match". */
void dec_other(struct dec *d);
/* No control byte (< 0x20, 0x7f) in s: what nft could hold between quotes, quotes and backslashes aside. */
bool dec_printable(const char *s);
void dec_say_raw(struct dec *d, const char *text);
void dec_flush_l4(struct dec *d);
void dec_say(struct dec *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void dec_say_keep_l4(struct dec *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* dec_say (keep_l4 false) or dec_say_keep_l4 of the four strings one after the other ("%s%s%s%s"),
 * without printf: the pieces every address and port match says */
void dec_say4(struct dec *d, bool keep_l4, const char *a, const char *b, const char *c, const char *e);
/* snprintf(out, len, "%s%s%s", a, b, c) (len > 0) without printf: the length it would have written. */
size_t dec_cat3(char *out, size_t len, const char *a, const char *b, const char *c);
/* v (below 1000) in decimal at out, no NUL: how many digits were written. */
size_t dec_put_u3(char *out, unsigned v);
/* v in decimal into out (room for 21 bytes), as "%llu" writes it; its length. */
size_t dec_utoa(uint64_t v, char *out);
struct reg *dec_reg(struct dec *d, uint32_t i);
const char *dec_proto_name(uint8_t p, char *buf, size_t len);
uint16_t dec_be16(const uint8_t *p);
void dec_fmt_addr(int family, const uint8_t *bytes, char *out, size_t len);
void dec_hex(const uint8_t *p, uint32_t n, char *out, size_t len);
const char *dec_op_str(uint32_t op);
void dec_set_field(struct dec *d, char *field, size_t len, uint32_t op, const char *val);
void dec_reg_name(const struct dec *d, uint32_t i, const struct reg *r, char *out, size_t len);
void dec_value(const struct reg *r, const uint8_t *p, uint32_t n, char *out, size_t len);
void dec_match_raw(struct dec *d, uint32_t i, const struct reg *r, uint32_t op, const uint8_t *v, uint32_t n, const char *why);
void dec_flush_lo(struct dec *d);
/* A port match as a field: "tcp dport 80" (offset 0 sport, 2 dport; op CMP_EQ/NEQ...; val "80", "1-9"). */
void dec_port_match(struct dec *d, uint32_t offset, const char *l4, uint32_t op, const char *val);
void dec_on_cmp(struct dec *d, const struct nst_expr *e);
void dec_on_range(struct dec *d, const struct nst_expr *x);
void dec_on_lookup(struct dec *d, const struct nst_expr *x);
void dec_on_nat(struct dec *d, const struct nst_expr *e, const char *family);
void dec_on_nat_stmt(struct dec *d, const char *verb, const char *fam, int af, const struct nst_expr *e, bool with_addr);
void dec_on_xt_target(struct dec *d, const struct nst_expr *e);
void dec_on_verdict(struct dec *d, const struct nst_expr *x);
void dec_on_reject(struct dec *d, const struct nst_expr *x);
void dec_on_queue(struct dec *d, const struct nst_expr *x);
/* decode_xt.c: an iptables-nft xt match (addrtype, conntrack, mark, statistic, physdev, multiport, set) */
void dec_on_xt_match(struct dec *d, const struct nst_expr *e);
/* e's info is at least size bytes and at most XT_ALIGN(size), as the kernel dumps it; else said, raw */
bool dec_xt_sized(struct dec *d, const struct nst_expr *e, uint32_t size);
uint16_t dec_u16_at(const uint8_t *p, size_t off);
uint32_t dec_u32_at(const uint8_t *p, size_t off);
/* Names of mask's bits in bit order joined by sep; false when a set bit has no name */
bool dec_bit_names(uint32_t mask, const char *const *names, size_t n, const char *sep, char *out, size_t len);
/* The leading ones of an n-byte netmask; -1 when it is not leading ones */
int dec_mask_prefix(const uint8_t *m, size_t n);
/* decode_xt_ct.c: the conntrack and state matches */
void dec_xt_conntrack(struct dec *d, const struct nst_expr *e);
void dec_xt_state(struct dec *d, const struct nst_expr *e);
/* decode_xt.c: the xt targets besides NAT's (MARK, REJECT); false when e is none of them */
bool dec_on_xt_target_more(struct dec *d, const struct nst_expr *e);
/* decode_xt_misc.c: iprange, pkttype, connmark, owner, length; the CONNMARK and LOG targets (false: none of them) */
bool dec_xt_misc_match(struct dec *d, const struct nst_expr *e);
bool dec_xt_misc_target(struct dec *d, const struct nst_expr *e);
