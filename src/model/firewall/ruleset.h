/* SPDX-License-Identifier: MIT */
/*
 * A namespace's whole nf_tables ruleset as nstop shows it: every table,
 * chain and rule of every family, each rule with its verdict, counter,
 * comment and text. Pure data; the backend fills it from one dump per kind.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nat.h"

#define NST_FW_FAMILY 8   /* ip, ip6, inet, bridge, arp, netdev */
#define NST_FW_IFNAME 16  /* IFNAMSIZ */
#define NST_FW_COMMENT 256 /* xt_comment_info's 256 bytes; udata comments are shorter */

struct nst_fw_table {
	char family[NST_FW_FAMILY];
	char name[NST_NFT_NAMELEN];
	uint64_t handle;
};

struct nst_fw_chain {
	char family[NST_FW_FAMILY];
	char table[NST_NFT_NAMELEN];
	char name[NST_NFT_NAMELEN];
	uint64_t handle;
	bool base;                 /* a base chain: the fields below are set */
	char type[16];             /* filter, nat, route */
	char hook[16];             /* prerouting ... ingress, egress */
	int32_t priority;
	bool has_policy;
	bool policy_accept;        /* NF_ACCEPT; else NF_DROP */
	char device[NST_FW_IFNAME]; /* netdev / inet ingress: the one device, "" when none or several */
};

enum nst_fw_verdict_kind {
	NST_FV_NONE,     /* no verdict expression: the rule falls through */
	NST_FV_ACCEPT,
	NST_FV_DROP,
	NST_FV_REJECT,   /* reject_type, reject_code */
	NST_FV_QUEUE,    /* queue_num, queue_total, queue_flags */
	NST_FV_JUMP,     /* target: the chain */
	NST_FV_GOTO,
	NST_FV_RETURN,
	NST_FV_CONTINUE,
	NST_FV_XT,       /* iptables-nft xt target: target is its name */
	NST_FV_DNAT,     /* native NAT statements end the rule too */
	NST_FV_SNAT,
	NST_FV_MASQUERADE,
	NST_FV_REDIRECT,
	NST_FV_VMAP,     /* a verdict map decides: target is the map's name */
	NST_FV_OTHER,    /* a verdict code nstop has no name for (stolen, repeat, ...) */
};

struct nst_fw_verdict {
	enum nst_fw_verdict_kind kind;
	char target[NST_NFT_NAMELEN];
	char reject_type[12]; /* "icmp", "icmpv6", "icmpx", "tcp reset"; "" when unknown */
	char reject_code[24]; /* "port-unreachable", ...; "" for tcp reset or unknown */
	uint16_t queue_num, queue_total, queue_flags;
	int32_t code;         /* NST_FV_OTHER: the kernel's verdict code */
};

struct nst_fw_rule {
	char family[NST_FW_FAMILY];
	char table[NST_NFT_NAMELEN];
	char chain[NST_NFT_NAMELEN];
	uint64_t handle;
	struct nst_fw_verdict verdict;
	bool has_counter;
	uint64_t packets, bytes;
	bool has_comment;
	char comment[NST_FW_COMMENT];
	bool raw;          /* text is not the whole rule (nst_rule_text_decode) */
	char raw_why[64];
	char text[512];    /* in nft syntax, without the comment */
	uint16_t counter_at, counter_len; /* the counter's piece of text (len 0: none): not a change when it moves */
	char cond[512];    /* the conditions alone (no counter, statement, verdict), for a path's effective match */
	bool cond_cut;     /* cond ran out of room */
	struct nst_nat_match match; /* the conditions as fields, where the record has one; match.other: more */
};

/* NFT_SET_* (linux/netfilter/nf_tables.h), as the kernel sends a set's flags */
enum { NST_SET_ANONYMOUS = 0x1, NST_SET_CONSTANT = 0x2, NST_SET_INTERVAL = 0x4, NST_SET_MAP = 0x8,
       NST_SET_TIMEOUT = 0x10, NST_SET_EVAL = 0x20, NST_SET_OBJECT = 0x40, NST_SET_CONCAT = 0x80,
       NST_SET_EXPR = 0x100 };
#define NST_FW_SET_ELEMS 1024  /* elements kept per set; the rest are counted (elems_not_kept) */
#define NST_FW_ELEM_TEXT 320   /* one element (key, and " : " data for a map) in nft's words */
#define NST_FW_DATA_VERDICT 0xffffff00u /* NFT_DATA_VERDICT: a verdict map's data type */

/* A set or map (anonymous ones too: `__set0`, the `{ 80, 443 }` of a rule). */
struct nst_fw_set {
	char family[NST_FW_FAMILY];
	char table[NST_NFT_NAMELEN];
	char name[NST_NFT_NAMELEN];
	uint64_t handle;
	uint32_t flags;                /* NST_SET_* */
	uint32_t key_type, key_len;    /* nft's datatype number (a concatenation: 6 bits a part) and bytes */
	uint32_t data_type, data_len;  /* maps (NST_SET_MAP): NST_FW_DATA_VERDICT or a datatype */
	char key[128];                 /* "ipv4_addr", "ipv4_addr . inet_service"; unknown: "type 77" */
	char data[128];                /* maps: "verdict", "ipv4_addr"; "" otherwise */
	size_t first_elem, n_elems;    /* rs->elems[first_elem .. first_elem + n_elems) */
	size_t elems_not_kept;         /* beyond NST_FW_SET_ELEMS */
	bool elems_unread;             /* a namespace's sets past the first 1024: elements not asked for */
};

struct nst_fw_elem {
	char text[NST_FW_ELEM_TEXT];   /* "10.0.0.0/8", "10.0.0.1 . 80", "80 : jump web", "1000-2000" */
};

/* One element as the kernel sends it (NFTA_SET_ELEM_*), before an interval's two ends are paired. */
struct nst_fw_elem_raw {
	uint8_t key[64], key_end[64], data[64];
	uint32_t key_len, key_end_len, data_len; /* key_end: a concatenation's range (0: none) */
	uint32_t flags;                          /* NFT_SET_ELEM_INTERVAL_END 1 */
	bool has_verdict;
	int32_t verdict;                         /* NF_ACCEPT 1, NF_DROP 0, NFT_JUMP -3 ... */
	char chain[NST_NFT_NAMELEN];
};

struct nst_fw_ruleset {
	struct nst_fw_table *tables;
	size_t n_tables, cap_tables;
	struct nst_fw_chain *chains;
	size_t n_chains, cap_chains;
	struct nst_fw_rule *rules; /* in dump order: chain by chain, in rule order */
	size_t n_rules, cap_rules;
	struct nst_fw_set *sets;
	size_t n_sets, cap_sets;
	struct nst_fw_elem *elems; /* every set's, set by set */
	size_t n_elems, cap_elems;
};

/* Zeroed slots appended; pointers stay valid until the next add of that kind. */
struct nst_fw_table *nst_fw_add_table(struct nst_fw_ruleset *rs);
struct nst_fw_chain *nst_fw_add_chain(struct nst_fw_ruleset *rs);
struct nst_fw_rule *nst_fw_add_rule(struct nst_fw_ruleset *rs);
struct nst_fw_set *nst_fw_add_set(struct nst_fw_ruleset *rs);
/* Free everything; rs is empty (and reusable) after. */
void nst_fw_clear(struct nst_fw_ruleset *rs);
/* dst (cleared first) becomes a copy of src. */
void nst_fw_copy(struct nst_fw_ruleset *dst, const struct nst_fw_ruleset *src);
/* dst (cleared first) takes src's contents; src is left empty. */
void nst_fw_move(struct nst_fw_ruleset *dst, struct nst_fw_ruleset *src);
/*
 * Where chain ci's rules are in rs->rules, and how many (*count); for a chain
 * with none, where they would go (rules are stored chain by chain, in the
 * chains' order, as the kernel dumps both).
 */
size_t nst_fw_chain_rules_at(const struct nst_fw_ruleset *rs, size_t ci, size_t *count);
/*
 * Chain ci's rules become v[0..n) (copied), in place of the ones it had: one
 * chain re-read after a rule was added or deleted (be_nft_events.c), not the
 * whole ruleset. Tables, chains, sets and other chains' rules are untouched.
 */
void nst_fw_replace_chain_rules(struct nst_fw_ruleset *rs, size_t ci, const struct nst_fw_rule *v, size_t n);

const char *nst_fw_verdict_kind_str(enum nst_fw_verdict_kind k);
/* The hook's name as nft writes it for family (hooknum as the kernel numbers it per family), or NULL. */
const char *nst_fw_hook_name(const char *family, uint32_t hooknum);

/*
 * Fill one rule from its expressions: verdict (the last verdict-setting
 * expression), counter, xt comment match, text and raw. family: "ip" ...
 * "netdev". The udata comment (nst_fw_udata_comment) is the caller's.
 */
void nst_fw_rule_decode(const struct nst_expr *e, size_t n, const char *family, struct nst_fw_rule *rule);

/*
 * NFTA_RULE_USERDATA: type-length-value records (u8 type, u8 len, value);
 * the comment is type 0 (NFTNL_UDATA_RULE_COMMENT), a string that must end
 * in its NUL within len. 1 and the comment in out when found, 0 when there
 * is none, -1 when the records do not tile or the comment is not a string
 * that fits out whole.
 */
int nst_fw_udata_comment(const uint8_t *p, size_t len, char *out, size_t out_len);
/* struct xt_comment_info: char comment[256], NUL-terminated within. 0 or -1 as above. */
int nst_fw_xt_comment(const uint8_t *info, size_t len, char *out, size_t out_len);

/* set_text.c: a set's key and data types in nft's words (key, data), from key_type / data_type. */
void nst_fw_set_types(struct nst_fw_set *s);
/*
 * The elements of rs->sets[set] (its last set, so its elements are the last in rs->elems) as nft
 * writes them: an interval set's start and end paired into "a-b" (an address prefix "a/len"), a
 * map's data after " : ". raw may be reordered. At most NST_FW_SET_ELEMS are kept.
 */
void nst_fw_set_elems(struct nst_fw_ruleset *rs, size_t set, struct nst_fw_elem_raw *raw, size_t n);
/* Names of a set's flags ("constant", "interval", "dynamic" for NFT_SET_EVAL ...), at most max; the count. */
size_t nst_fw_set_flag_names(uint32_t flags, const char **out, size_t max);
/*
 * ipset's set of kernel index idx is name: "xt set #idx" in r's text and cond becomes "xt set NAME"
 * (quoted, control bytes as '?', unless it is [A-Za-z0-9_.-]), the counter's span moved. 1 when
 * rewritten, 0 when r does not name idx or there is no room.
 */
int nst_fw_rule_ipset_name(struct nst_fw_rule *r, unsigned idx, const char *name);
/* The index of the first ipset still shown by index ("xt set #3") outside "..." strings, or -1. */
long nst_ipset_index_in(const char *text);
/* The same in a NAT record's summary and cond. */
int nst_nat_rule_ipset_name(struct nst_nat_rule *r, unsigned idx, const char *name);
