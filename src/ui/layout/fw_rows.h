/* SPDX-License-Identifier: MIT */
/*
 * The Firewall node of a namespace in the tree: hooks in the order packets
 * meet them, each hook's base chains by priority, each chain's rules, a jump
 * opened into its target's rules, and the chains no hook reaches. Rows are
 * made only for what is open, so a 5000-rule ruleset costs one row until asked.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "quote.h"
#include "rows.h"

/* Jumps followed inside one another at most this deep (the tree stays readable, a loop cannot run away). */
#define UI_FW_MAX_NEST 8

/* Whether ns has a Firewall node: any table at all. */
bool ui_fw_shown(const struct nst_ns *ns);
/* The Firewall node of ns at depth 1 and, as far as e opens it, the tree below. last: the namespace's last child. */
void ui_fw_rows_add(struct ui_rows *rows, const struct nst_ns *ns, const struct ui_expand *e, bool last);

/*
 * Labels (ASCII but for the names, which the views escape):
 * "37 rules, 12 chains, FORWARD policy drop" for the head,
 * "prerouting" / "bridge forward" / "netdev ingress eth0" for a hook,
 * "ip filter FORWARD  filter prio 0  policy drop" for a base chain.
 */
void ui_fw_head_label(const struct nst_fw_ruleset *rs, char *buf, size_t len);
void ui_fw_hook_label(const struct ui_sel *hook, char *buf, size_t len);
void ui_fw_chain_label(const struct nst_fw_chain *c, char *buf, size_t len);

/*
 * The command that deletes rule r of ns, for a shell: `nft delete rule ip
 * nat DOCKER handle 12`, prefixed `ip netns exec NS ` (or nsenter) when ns
 * is not nstop's own, every word quoted for the shell (nst_sh_word). nft's
 * command syntax has no quoting for names, so a name it cannot read goes in
 * nft's JSON input instead (`nft -j '{"nftables":[{"delete":{"rule":...}}]}'`).
 * false (out holds why) when neither can hold the names (invalid UTF-8).
 */
bool ui_fw_delete_command(const struct nst_ns *ns, const struct nst_fw_rule *r, struct nst_buf *out);

/*
 * What the y/n question says before rule r is deleted, by who owns it
 * (nst_fw_rule_owner): "this rule belongs to Docker's chain DOCKER; Docker
 * will put it back", "table ip filter is not nstop's", or "" for nstop's own.
 */
void ui_fw_owner_warning(const struct nst_fw_rule *r, char *buf, size_t len);
