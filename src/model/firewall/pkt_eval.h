/* SPDX-License-Identifier: MIT */
/*
 * One packet through one IP hook of a decoded ruleset: every base chain by
 * priority, jumps, gotos and returns followed, NAT statements applied to the
 * packet. Three-valued: what nstop cannot evaluate is "may match", and a
 * verdict is given only when every way through gives it; else UNKNOWN names
 * the rule. Pure: rs (and the NAT records) are read, never kept.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nat.h"
#include "ruleset.h"

/* What the caller knows of the packet: a condition on an unknown part may match. */
/* K_L4: the protocol; K_SPORT / K_DPORT: the ports (a connection's ephemeral one is not known) */
/* K_LOCAL: daddr_local is known (fib daddr type local); K_CT: the conntrack state (established) is known;
 * K_IFINDEX: iif_index / oif_index are (meta iif, oif) */
enum { NST_PKT_K_ADDR = 1, NST_PKT_K_L4 = 2, NST_PKT_K_SPORT = 4, NST_PKT_K_DPORT = 8, NST_PKT_K_LOCAL = 16,
       NST_PKT_K_CT = 32, NST_PKT_K_IFINDEX = 64, NST_PKT_K_ALL = 127 };

struct nst_pkt {
	int family;                 /* AF_INET, AF_INET6 */
	unsigned known;             /* NST_PKT_K_* */
	char iif[NST_FW_IFNAME];    /* "" none (sent here) */
	char oif[NST_FW_IFNAME];    /* "" none (delivered here) */
	int iif_index, oif_index;   /* the same devices' ifindex, 0 none */
	uint8_t l4;                 /* IPPROTO_ICMP, _TCP, _UDP, _ICMPV6 */
	uint8_t saddr[16], daddr[16];
	uint16_t sport, dport;      /* 0 for icmp */
	/* a port not known (K_SPORT / K_DPORT unset) that lies in [lo, hi] all the same: a connection's
	 * own port, from ip_local_port_range; hi 0: nothing is known of it */
	uint16_t sport_lo, sport_hi, dport_lo, dport_hi;
	bool established;           /* ct state established (a reply); else new: only new packets see nat chains */
	bool daddr_local;           /* daddr is an address of the namespace (its local table) */
	/* masquerade / redirect: the address the kernel would put (out / in device's); has_*: known */
	bool has_oif_addr, has_iif_addr;
	uint8_t oif_addr[16], iif_addr[16];
};

enum nst_pv { NST_PV_ACCEPT, NST_PV_DROP, NST_PV_REJECT, NST_PV_UNKNOWN };

/* One base chain's verdict for the packet. Indices are into the ruleset evaluated. */
struct nst_pkt_verdict {
	enum nst_pv verdict;
	size_t base;        /* the base chain */
	long chain;         /* the chain the deciding rule is in (base for a policy) */
	long rule;          /* the deciding rule (rs->rules), -1: the chain's policy (or no rule decided) */
	long base_rule;     /* the rule of the base chain that led there (itself or its jump), -1 */
	long maybe_rule;    /* the verdict is certain, but this earlier rule may match and give it instead, so
			       which rule decides is not (-1: rule decides surely) */
	char why[200];      /* UNKNOWN: what nstop cannot evaluate, in words */
	bool nat;           /* a NAT statement fired: the packet was rewritten as below */
	enum nst_nat_type nat_type;
	bool nat_addr, nat_port; /* what it set */
	uint8_t nat_to[16];
	uint16_t nat_to_port;
};

struct nst_pkt_hook {
	struct nst_pkt_verdict *v; /* one per base chain the packet met, in the kernel's order */
	size_t n;
	enum nst_pv verdict;       /* ACCEPT when every chain let it on; else the first chain's that did not */
};

/*
 * Evaluate hook ("prerouting", "input", "forward", "output", "postrouting") of
 * rs for *p: ip + inet chains for IPv4, ip6 + inet for IPv6, nat chains only
 * for a new packet. A NAT rule rewrites *p (DNAT: daddr, dport; SNAT: saddr,
 * sport; masquerade: saddr = oif_addr; redirect: daddr = iif_addr) with
 * to_addr / to_port from its record in nat (family, table, chain, handle),
 * where the chains after it see the new packet. Without K_CT a nat chain that
 * would translate the packet (were it new) makes the hook UNKNOWN, one that
 * would not is passed over. *out is reset; free with nst_pkt_hook_free.
 */
void nst_pkt_eval_hook(const struct nst_fw_ruleset *rs, const struct nst_nat_rule *nat, size_t n_nat,
		       const char *hook, struct nst_pkt *p, struct nst_pkt_hook *out);
void nst_pkt_hook_free(struct nst_pkt_hook *h);

/* r's text with each anonymous set (@__set0) written inline, "{ 22, 80 }", as nft lists it; malloc'd. */
char *nst_pkt_rule_text(const struct nst_fw_ruleset *rs, const struct nst_fw_rule *r);
/* "accept", "drop", "reject", "unknown". */
const char *nst_pv_str(enum nst_pv v);
