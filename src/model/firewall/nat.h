/* SPDX-License-Identifier: MIT */
/*
 * NAT rules as nstop shows them: a structured record and a one-line summary
 * in nft syntax, decoded from a rule's expressions the way nftables'
 * netlink_delinearize follows registers. The backend converts libnftnl
 * expressions into struct nst_expr; everything here is pure.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum nst_expr_kind {
	NST_E_OTHER,
	NST_E_META,
	NST_E_CMP,
	NST_E_PAYLOAD,
	NST_E_BITWISE,
	NST_E_IMMEDIATE,
	NST_E_RANGE,
	NST_E_NAT,
	NST_E_MASQ,
	NST_E_REDIR,
	NST_E_COUNTER,
	NST_E_TARGET, /* xt target (iptables-nft): DNAT, SNAT, MASQUERADE ... */
	NST_E_MATCH,  /* xt match */
	NST_E_CT,     /* conntrack load (ct state, ...) */
	NST_E_LOOKUP, /* set lookup: name in data */
	NST_E_REJECT, /* reject statement: reject_type, icmp_code */
	NST_E_QUEUE,  /* queue statement: queue_num, queue_total, queue_flags */
};

/* nf_tables names (NFT_NAME_MAXLEN): whole, so a script recreates them as they are. */
#define NST_NFT_NAMELEN 256

#define NST_EXPR_DATA 64

/* One expression, with the attributes the decoder needs (unset ones are 0). */
struct nst_expr {
	enum nst_expr_kind kind;
	char name[24];          /* libnftnl expression name, or xt target/match name */
	uint32_t dreg, sreg;
	uint32_t key;           /* meta key */
	uint32_t base, offset, len; /* payload (ct: base = 1 + direction, 0 none; bitwise: len) */
	uint32_t op;            /* cmp / range op (NFT_CMP_*, NFT_RANGE_*) */
	uint8_t data[NST_EXPR_DATA]; /* cmp data, immediate data, bitwise mask, range from, xt info */
	uint32_t data_len;
	uint8_t data2[NST_EXPR_DATA]; /* bitwise xor, range to */
	uint32_t data2_len;
	bool has_verdict;       /* immediate: a verdict; lookup: a verdict map (its dreg is the verdict register) */
	bool name_cut;          /* lookup: the set's name was longer than data holds ("…" ends it) */
	int32_t verdict_code;   /* immediate verdict: NF_DROP 0, NF_ACCEPT 1, NFT_JUMP -3, ... */
	char verdict_chain[NST_NFT_NAMELEN]; /* jump/goto target */
	/* reject, queue */
	uint32_t reject_type;   /* NFT_REJECT_ICMP_UNREACH 0, _TCP_RST 1, _ICMPX_UNREACH 2 */
	uint8_t icmp_code;
	uint16_t queue_num, queue_total, queue_flags;
	bool queue_sreg;        /* the queue number comes from a register */
	/* xt match info as the message holds it (data keeps only NST_EXPR_DATA bytes);
	 * valid while the message is, NULL when none */
	const uint8_t *info;
	uint32_t info_len;
	/* nat */
	uint32_t nat_type;      /* NFT_NAT_SNAT / NFT_NAT_DNAT */
	uint32_t nat_family;
	uint32_t reg_addr_min, reg_addr_max, reg_proto_min, reg_proto_max;
	uint32_t flags;
	/* counter */
	uint64_t packets, bytes;
	/* xt target/match */
	uint32_t rev;
};

enum nst_nat_type { NST_NAT_DNAT, NST_NAT_SNAT, NST_NAT_MASQ, NST_NAT_REDIRECT, NST_NAT_OTHER };

/*
 * A field is the value as nft writes it, after its operator when that is not
 * equality: "9999", "5000-5010", "!= 22", ">= 1000", "!= 10.0.0.0/8".
 */
struct nst_nat_match {
	char proto[16];  /* tcp, udp, ... or a number */
	char iif[24], oif[24];
	char saddr[64], daddr[64];
	char sport[24], dport[24];
	char ct_state[64]; /* "established,related", "!= new" */
	bool other;        /* a condition none of the fields above holds (a mark, a set, an xt match ...) */
	bool chance;       /* a condition that matches some packets of a flow and not others (statistic,
			      numgen): two rules with the same text are not the same match */
};

#define NST_ADDR_TEXT 46 /* INET6_ADDRSTRLEN: the longest address inet_ntop writes */

/* Chains a NAT record's path keeps (nat_paths.h): a longer path keeps its first
 * NST_NAT_PATH - 1 chains and its last, and says path_cut. */
#define NST_NAT_PATH 8
/* Bytes for the path's names, one after the other with their NULs: the base chain's and the rule's own
 * always fit whole (two names of NST_NFT_NAMELEN); middle chains whose names do not fit are left out,
 * as a path too deep leaves them (path_cut). Not NST_NAT_PATH names of the longest kind: a record is
 * copied per path (4096 of them for kube-proxy), and real chain names are short. */
#define NST_NAT_PATH_TEXT (2 * NST_NFT_NAMELEN)

struct nst_nat_rule {
	char family[8]; /* ip, ip6, inet */
	char table[NST_NFT_NAMELEN];
	char chain[NST_NFT_NAMELEN];
	char hook[16]; /* prerouting, postrouting, output, input */
	int priority;
	uint64_t handle;
	enum nst_nat_type type;
	struct nst_nat_match match;
	char to_addr[2 * NST_ADDR_TEXT + 2]; /* "" when absent; "a-b" for a range of two IPv6 addresses */
	char to_port[24];
	bool has_counter;
	uint64_t packets, bytes;
	bool raw;          /* something was not understood: summary lists it */
	char raw_why[64];  /* the first thing not understood, when raw */
	char summary[512];
	char cond[512];    /* the conditions alone, in the summary's words: no counter, statement or verdict */
	bool cond_cut;     /* cond ran out of room */
	uint16_t counter_at, counter_len; /* the counter's piece in summary (len 0: none) */
	/*
	 * The way from a nat base chain to this rule (nat_paths.c): path[0] is the
	 * base chain, path[n_path - 1] the rule's own chain. path_via[i] is the
	 * handle of the jump or goto rule that leaves path[i]. eff_match: the
	 * conditions of those rules, then the rule's own (cond); match above is
	 * merged the same way. divert bit i: a rule before the way on in path[i]
	 * may take a packet elsewhere (so an earlier record does not surely catch
	 * what this one matches).
	 */
	char path_text[NST_NAT_PATH_TEXT]; /* the names: nst_nat_path(r, i), appended by nst_nat_path_add */
	uint16_t path_at[NST_NAT_PATH];    /* where path i's name starts in path_text */
	uint64_t path_via[NST_NAT_PATH];
	uint8_t n_path;
	bool path_cut;     /* deeper than NST_NAT_PATH, or names longer than path_text holds: chains in the middle are left out */
	uint32_t divert;
	uint64_t path_key; /* the path among the records of one rule: base chain and path_via hashed (0: none) */
	char eff_match[1024];
	bool eff_cut;      /* eff_match ran out of room, or a condition on the way was cut */
	bool eff_raw;      /* the rule or one on the way is raw: eff_match may not say all (an xt
			      match's parameters, a set's elements), so it is not compared */
	/* DNAT target resolved to the namespace and link that own to_addr (nat_resolve.c) */
	bool target_found;
	struct nst_ns_id_raw {
		uint64_t dev, ino;
	} target_id;         /* the namespace itself: lookups go by identity, never by a display name */
	char target_ns[256]; /* its name for display; a longer one (a mount path) ends in "…" */
	char target_link[24];
};

const char *nst_nat_type_str(enum nst_nat_type t);

/* Chain i of r's path (i < r->n_path). */
static inline const char *nst_nat_path(const struct nst_nat_rule *r, size_t i)
{
	return r->path_text + r->path_at[i];
}

/* Bytes path_text has left after the names already in it. */
static inline size_t nst_nat_path_room(const struct nst_nat_rule *r)
{
	if (!r->n_path) {
		return sizeof(r->path_text);
	}
	size_t end = r->path_at[r->n_path - 1] + strlen(nst_nat_path(r, r->n_path - 1)) + 1;
	return sizeof(r->path_text) - end;
}

/*
 * Name (len bytes, no NUL among them) becomes chain n_path of r's path, when the path has room
 * for a chain (NST_NAT_PATH) and for len + 1 more bytes of names; false, and r unchanged, otherwise.
 */
static inline bool nst_nat_path_add(struct nst_nat_rule *r, const char *name, size_t len)
{
	if (r->n_path >= NST_NAT_PATH || len + 1 > nst_nat_path_room(r)) {
		return false;
	}
	size_t at = sizeof(r->path_text) - nst_nat_path_room(r);
	memcpy(r->path_text + at, name, len);
	r->path_text[at + len] = '\0';
	r->path_at[r->n_path++] = (uint16_t)at;
	return true;
}

/*
 * Decode the expressions of one rule (family: "ip", "ip6", "inet") into the
 * rule's type, match, to_addr, to_port, counter and summary. Never fails:
 * what is not understood is kept in the summary as raw expression names, and
 * any expression not wholly in the summary and the record marks the rule raw.
 */
void nst_nat_decode(const struct nst_expr *e, size_t n, const char *family, struct nst_nat_rule *rule);

/*
 * The same decode for a rule of any chain (family also "bridge", "arp",
 * "netdev"): verdicts (accept, drop, jump X, reject with ..., queue ...) are
 * written as nft writes them instead of marking the rule raw, and the xt
 * "comment" match is left to the rule's comment. nst_nat_decode's output is
 * unchanged by this.
 */
void nst_rule_text_decode(const struct nst_expr *e, size_t n, const char *family, struct nst_nat_rule *rule);
/* Reject as nft names it: "icmp", "icmpv6", "icmpx", "tcp reset"; the code's name
 * ("port-unreachable"), NULL for tcp reset. NULL for what nft has no name for. */
const char *nst_reject_type_str(int v6, uint32_t type);
const char *nst_reject_code_str(int v6, uint32_t type, uint8_t code);
