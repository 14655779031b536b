/* SPDX-License-Identifier: MIT */
/*
 * The order the kernel runs a ruleset in, and who wrote a rule: base chains
 * grouped by hook and sorted by priority across tables and families, the
 * rules of each chain, jump targets looked up by name, and the tool a chain
 * or table belongs to by the names those tools use. Pure: computed from a
 * const ruleset at each use; indices are into that ruleset and die with it.
 */
#pragma once
#include <stddef.h>

#include "ruleset.h"

/*
 * One hook as traffic meets it. family_class: "inet" for the IP hooks
 * (chains of ip, ip6 and inet merged: IPv4 packets see ip + inet, IPv6 ones
 * ip6 + inet), else the chains' own family ("bridge", "arp", "netdev").
 * device: the device of an ingress/egress hook, "" for the others.
 */
struct nst_fw_hook {
	char family_class[NST_FW_FAMILY];
	char hook[16];
	char device[NST_FW_IFNAME];
	size_t *chains; /* indices into rs->chains, by priority, then family, table, name */
	size_t n;
};

struct nst_fw_order {
	struct nst_fw_hook *hooks; /* IP hooks first in packet order (prerouting, input, forward, output,
				      postrouting), then bridge, arp, netdev/ingress ones */
	size_t n;
};

/* Every base chain in a hook; order is empty for an empty ruleset. */
void nst_fw_order_build(const struct nst_fw_ruleset *rs, struct nst_fw_order *order);
void nst_fw_order_free(struct nst_fw_order *order);

/* The chain (family, table, name) or -1. */
long nst_fw_chain_find(const struct nst_fw_ruleset *rs, const char *family, const char *table, const char *name);
/* The rules of chain ci: rs->rules[*first .. *first + return). Rules are stored chain by chain. */
size_t nst_fw_chain_rules(const struct nst_fw_ruleset *rs, size_t ci, size_t *first);
/* A jump's or goto's target chain in the rule's own table, or -1 (not a jump, or no such chain). */
long nst_fw_jump_target(const struct nst_fw_ruleset *rs, const struct nst_fw_rule *r);
/*
 * The same for every rule at once, out[i] for rs->rules[i] (n_rules entries):
 * through a sorted index of the chains, so 50000 chains cost a sort, not
 * rules x chains compares.
 */
void nst_fw_jump_targets(const struct nst_fw_ruleset *rs, long *out);
/*
 * Every chain's rules at once (rules are stored chain by chain): rs->rules
 * [first[i] .. first[i] + count[i]) for chain i, as nst_fw_chain_rules says,
 * in one pass through the same index. first and count hold rs->n_chains each.
 */
void nst_fw_chain_spans(const struct nst_fw_ruleset *rs, size_t *first, size_t *count);

/*
 * The tool that wrote a chain, by the names it uses ("Docker", "Podman
 * (netavark)", "CNI", "kube-proxy", "firewalld", "libvirt", "nstop"), or NULL.
 * A rule belongs to its chain's tool, else to its jump target's (Docker's
 * `jump DOCKER` in PREROUTING is Docker's), else NULL.
 */
const char *nst_fw_chain_owner(const char *table, const char *chain);
const char *nst_fw_rule_owner(const struct nst_fw_rule *r);
