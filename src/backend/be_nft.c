/* SPDX-License-Identifier: MIT */
/*
 * One namespace's NAT rules (DESIGN.md §6): dump chains to learn which are
 * of type nat (with hook and priority), dump rules, turn each rule's
 * expressions into struct nst_expr (be_nft_parse.c, validated, no libnftnl)
 * and let the model decode them. The socket is made inside the namespace.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"
#include "be_nlmsg.h"
#include "xalloc.h"

struct dump_ctx {
	struct be_nft_chain *chains;
	size_t n_chains, cap_chains;
	struct nst_ns *ns;
};

int be_nft_open(struct be_ns *b)
{
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);

	if (!nl) {
		return -errno;
	}
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;
		mnl_socket_close(nl);
		return -e;
	}
	int rc = be_nl_connect_kernel(mnl_socket_get_fd(nl)); /* only the kernel may unicast to it */
	if (rc < 0) {
		mnl_socket_close(nl);
		return rc;
	}
	b->nft = nl;
	return 0;
}

static const char *hook_name(uint32_t h)
{
	static const char *const names[] = { "prerouting", "input", "forward", "output", "postrouting" };
	return h < 5 ? names[h] : "?";
}

static int on_chain(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *ctx = data;
	struct be_nft_chain c;

	if (be_nft_parse_chain(nlh, &c) < 0) {
		return -EBADMSG;
	}
	if (strcmp(c.type, "nat") == 0 &&
	    (c.family == NFPROTO_IPV4 || c.family == NFPROTO_IPV6 || c.family == NFPROTO_INET)) {
		*(struct be_nft_chain *)xgrow(&ctx->chains, &ctx->n_chains, &ctx->cap_chains, sizeof(c)) = c;
	}
	return 0;
}

static void chains_reset(void *data)
{
	((struct dump_ctx *)data)->n_chains = 0;
}

static const struct be_nft_chain *find_chain(const struct dump_ctx *ctx, uint32_t family, const char *table,
					  const char *chain)
{
	for (size_t i = 0; i < ctx->n_chains; i++) {
		const struct be_nft_chain *c = &ctx->chains[i];
		if (c->family == family && strcmp(c->table, table) == 0 && strcmp(c->name, chain) == 0) {
			return c;
		}
	}
	return NULL;
}

static int on_rule(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *ctx = data;
	struct nst_nat_rule rule;
	char table[NST_NFT_NAMELEN], chain[NST_NFT_NAMELEN];
	uint32_t family = 0;

	memset(&rule, 0, sizeof(rule));
	if (be_nft_rule_decode(nlh, &rule, &family, table, sizeof(table), chain, sizeof(chain)) < 0) {
		return -EBADMSG;
	}
	const struct be_nft_chain *c = find_chain(ctx, family, table, chain);
	if (c) {
		struct nst_nat_rule *nr = nst_ns_add_nat(ctx->ns);
		*nr = rule;
		snprintf(nr->table, sizeof(nr->table), "%s", table);
		snprintf(nr->chain, sizeof(nr->chain), "%s", chain);
		snprintf(nr->hook, sizeof(nr->hook), "%s", hook_name(c->hook));
		nr->priority = c->prio;
	}
	return 0;
}

static void rules_reset(void *data)
{
	((struct dump_ctx *)data)->ns->n_nat = 0;
}

static int dump(struct be_ns *b, uint8_t type, const struct be_dump_ops *ops, struct dump_ctx *ctx)
{
	union {
		struct nlmsghdr h;
		char buf[NLMSG_HDRLEN + 16];
	} req;
	struct nfgenmsg g = { .nfgen_family = NFPROTO_UNSPEC, .version = NFNETLINK_V0 };

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = (uint32_t)NLMSG_LENGTH(sizeof(g));
	req.h.nlmsg_type = (uint16_t)((NFNL_SUBSYS_NFTABLES << 8) | type);
	memcpy(mnl_nlmsg_get_payload(&req.h), &g, sizeof(g));
	return be_nl_dump(mnl_socket_get_fd(b->nft), &req.h, ops, ctx, &b->dropped);
}

int be_nft_read(struct be_ns *b, struct nst_ns *ns)
{
	struct dump_ctx ctx = { .ns = ns };
	int rc;

	if (!b->nft) {
		return -ENOTCONN;
	}
	ns->n_nat = 0;
	static const struct be_dump_ops chain_ops = { on_chain, chains_reset };
	static const struct be_dump_ops rule_ops = { on_rule, rules_reset };
	rc = dump(b, NFT_MSG_GETCHAIN, &chain_ops, &ctx);
	if (rc == 0 && ctx.n_chains) {
		rc = dump(b, NFT_MSG_GETRULE, &rule_ops, &ctx);
	}
	free(ctx.chains);
	/* No nf_tables at all (module absent) is not an error: there are no rules. */
	return rc == -ENOENT || rc == -EPROTONOSUPPORT ? 0 : rc;
}

/*
 * Counters change without an nf_tables event: re-dump and copy them onto the
 * rules already in ns (same family, table, chain and handle). The rules
 * themselves are left alone; a changed ruleset arrives as an event.
 */
int be_nft_sample_counters(struct be_ns *b, struct nst_ns *ns)
{
	struct nst_ns fresh = { 0 };
	int rc = be_nft_read(b, &fresh), changed = 0;

	for (size_t i = 0; rc == 0 && i < fresh.n_nat; i++) {
		const struct nst_nat_rule *f = &fresh.nat[i];

		for (size_t k = 0; k < ns->n_nat; k++) {
			struct nst_nat_rule *r = &ns->nat[k];

			if (r->handle == f->handle && strcmp(r->chain, f->chain) == 0 && strcmp(r->table, f->table) == 0 &&
			    strcmp(r->family, f->family) == 0) {
				/* the summary prints the counter, as nft does */
				changed += strcmp(r->summary, f->summary) != 0;
				r->packets = f->packets;
				r->bytes = f->bytes;
				memcpy(r->summary, f->summary, sizeof(r->summary));
				break;
			}
		}
	}
	free(fresh.nat);
	return rc < 0 ? rc : changed;
}

void be_nft_close(struct mnl_socket *nl)
{
	if (nl) {
		mnl_socket_close(nl);
	}
}

/* Read while inside the namespace: /proc/sys/net and /proc/thread-self/net follow the thread. */
void be_read_sysctls(struct nst_ns *ns)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_forward", "re");
	int c;

	ns->ip_forward = -1;
	if (f) {
		c = fgetc(f);
		ns->ip_forward = c == '1' ? 1 : c == '0' ? 0 : -1;
		fclose(f);
	}
	f = fopen("/proc/thread-self/net/ip_tables_names", "re");
	ns->iptables_legacy = false;
	if (f) {
		ns->iptables_legacy = fgetc(f) != EOF;
		fclose(f);
	}
}
