/* SPDX-License-Identifier: MIT */
/*
 * Words about the ruleset for the Firewall tree, its details and its y/n
 * question (fw_rows.h): labels, who owns a rule, and the command that would
 * delete one, quoted for nft and then for the shell.
 */
#include <stdio.h>
#include <string.h>

#include "fw_order.h"
#include "fw_rows.h"

void ui_fw_head_label(const struct nst_fw_ruleset *rs, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "%zu rule%s, %zu chain%s", rs->n_rules, rs->n_rules == 1 ? "" : "s",
				    rs->n_chains, rs->n_chains == 1 ? "" : "s");
	size_t drops = 0;

	/* Each dropping chain's name once: ip and ip6 FORWARD both dropping read "FORWARD". */
	for (size_t i = 0; i < rs->n_chains && n < len; i++) {
		const struct nst_fw_chain *c = &rs->chains[i];
		bool dup = false;
		if (!c->base || !c->has_policy || c->policy_accept) {
			continue;
		}
		for (size_t k = 0; k < i && !dup; k++) {
			const struct nst_fw_chain *o = &rs->chains[k];
			dup = o->base && o->has_policy && !o->policy_accept && strcmp(o->name, c->name) == 0;
		}
		if (!dup) {
			n += (size_t)snprintf(buf + n, len - n, ", %s", c->name);
			drops++;
		}
	}
	if (drops && n < len) {
		snprintf(buf + n, len - n, " policy drop");
	}
}

void ui_fw_hook_label(const struct ui_sel *hook, char *buf, size_t len)
{
	bool ip = strcmp(hook->nat.family, "inet") == 0;

	snprintf(buf, len, "%s%s%s%s%s", ip ? "" : hook->nat.family, ip ? "" : " ", hook->fw.hook,
		 hook->fw.device[0] ? " " : "", hook->fw.device);
}

void ui_fw_chain_label(const struct nst_fw_chain *c, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s %s %s", c->family, c->table, c->name);

	if (c->base && n >= 0 && (size_t)n < len) {
		n += snprintf(buf + n, len - (size_t)n, "  %s prio %d", c->type, (int)c->priority);
	}
	if (c->base && c->has_policy && n >= 0 && (size_t)n < len) {
		snprintf(buf + n, len - (size_t)n, "  policy %s", c->policy_accept ? "accept" : "drop");
	}
}

/* A JSON string for nft -j: exact (unlike the --json writer, which shows bytes): false on invalid UTF-8. */
static bool json_string(struct nst_buf *b, const char *s)
{
	if (!nst_utf8_valid(s)) {
		return false;
	}
	nst_buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			nst_buf_putc(b, '\\');
			nst_buf_putc(b, (char)c);
		} else if (c < 0x20 || c == 0x7f) {
			nst_buf_printf(b, "\\u%04x", c);
		} else {
			nst_buf_putc(b, (char)c);
		}
	}
	nst_buf_putc(b, '"');
	return true;
}

/* "ip netns exec NS " and the like: how a shell reaches ns (as nst_op_commands writes it). */
static void ns_prefix(const struct nst_ns *ns, struct nst_buf *out)
{
	switch (ns->kind) {
	case NST_NS_SELF:
		break;
	case NST_NS_NAMED:
		nst_buf_puts(out, "ip netns exec ");
		nst_sh_word(out, ns->name);
		nst_buf_putc(out, ' ');
		break;
	case NST_NS_PROCESS:
		if (ns->n_pids) {
			nst_buf_printf(out, "nsenter -t %d -n ", (int)ns->pids[0]);
			break;
		}
		/* no process to enter by, only a name */
		__attribute__((fallthrough));
	case NST_NS_MOUNT: {
		struct nst_buf arg = { 0 };
		nst_buf_printf(&arg, "--net=%s", ns->name);
		nst_buf_puts(out, "nsenter ");
		nst_sh_word(out, nst_buf_str(&arg));
		nst_buf_putc(out, ' ');
		nst_buf_free(&arg);
		break;
	}
	}
}

bool ui_fw_delete_command(const struct nst_ns *ns, const struct nst_fw_rule *r, struct nst_buf *out)
{
	struct nst_buf t = { 0 }, c = { 0 };
	bool ok = true;

	ns_prefix(ns, out);
	if (nst_nft_name(&t, r->table) && nst_nft_name(&c, r->chain)) {
		/* nft's names are shell-plain (nst_nft_name); the shell quoter says so by leaving them be */
		nst_buf_puts(out, "nft delete rule ");
		nst_sh_word(out, r->family);
		nst_buf_putc(out, ' ');
		nst_sh_word(out, nst_buf_str(&t));
		nst_buf_putc(out, ' ');
		nst_sh_word(out, nst_buf_str(&c));
		nst_buf_printf(out, " handle %llu", (unsigned long long)r->handle);
	} else {
		struct nst_buf j = { 0 };
		nst_buf_puts(&j, "{\"nftables\":[{\"delete\":{\"rule\":{\"family\":");
		ok = json_string(&j, r->family);
		nst_buf_puts(&j, ",\"table\":");
		ok = ok && json_string(&j, r->table);
		nst_buf_puts(&j, ",\"chain\":");
		ok = ok && json_string(&j, r->chain);
		nst_buf_printf(&j, ",\"handle\":%llu}}}]}", (unsigned long long)r->handle);
		if (ok) {
			nst_buf_puts(out, "nft -j ");
			nst_sh_word(out, nst_buf_str(&j));
		} else {
			nst_buf_clear(out);
			nst_buf_puts(out, "no command can name this rule: its table or chain is not valid UTF-8, "
					  "which neither nft's syntax nor its JSON can hold");
		}
		nst_buf_free(&j);
	}
	nst_buf_free(&t);
	nst_buf_free(&c);
	return ok;
}

void ui_fw_owner_warning(const struct nst_fw_rule *r, char *buf, size_t len)
{
	const char *by_chain = nst_fw_chain_owner(r->table, r->chain);
	const char *owner = nst_fw_rule_owner(r);

	buf[0] = '\0';
	if (owner && strcmp(owner, "nstop") == 0) {
		return;
	}
	if (by_chain) {
		snprintf(buf, len, "this rule belongs to %s's chain %s; %s will put it back", owner, r->chain, owner);
	} else if (owner) {
		snprintf(buf, len, "this rule jumps to %s's chain %s; %s will put it back", owner, r->verdict.target, owner);
	} else {
		snprintf(buf, len, "table %s %s is not nstop's", r->family, r->table);
	}
}
