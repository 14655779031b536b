/* SPDX-License-Identifier: MIT */
/*
 * One namespace's NAT rules through libnftnl + libmnl (DESIGN.md §6): dump
 * chains to learn which are of type nat (with hook and priority), dump
 * rules, turn each rule's expressions into struct nst_expr and let the model
 * decode them. The socket is made inside the namespace, like the rtnl one.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "be_internal.h"
#include "xalloc.h"

struct nat_chain {
	uint32_t family;
	char table[64], name[64];
	uint32_t hook;
	int32_t prio;
};

struct dump_ctx {
	struct nat_chain *chains;
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
	b->nft = nl;
	return 0;
}

static const char *family_name(uint32_t f)
{
	switch (f) {
	case NFPROTO_IPV4:
		return "ip";
	case NFPROTO_IPV6:
		return "ip6";
	case NFPROTO_INET:
		return "inet";
	default:
		return NULL;
	}
}

static const char *hook_name(uint32_t h)
{
	static const char *const names[] = { "prerouting", "input", "forward", "output", "postrouting" };
	return h < 5 ? names[h] : "?";
}

static int on_chain(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *ctx = data;
	struct nftnl_chain *c = nftnl_chain_alloc();

	if (c && nftnl_chain_nlmsg_parse(nlh, c) == 0 && nftnl_chain_is_set(c, NFTNL_CHAIN_TYPE) &&
	    strcmp(nftnl_chain_get_str(c, NFTNL_CHAIN_TYPE), "nat") == 0 &&
	    family_name(nftnl_chain_get_u32(c, NFTNL_CHAIN_FAMILY))) {
		struct nat_chain *nc = xgrow(&ctx->chains, &ctx->n_chains, &ctx->cap_chains, sizeof(*nc));
		nc->family = nftnl_chain_get_u32(c, NFTNL_CHAIN_FAMILY);
		snprintf(nc->table, sizeof(nc->table), "%s", nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE));
		snprintf(nc->name, sizeof(nc->name), "%s", nftnl_chain_get_str(c, NFTNL_CHAIN_NAME));
		nc->hook = nftnl_chain_get_u32(c, NFTNL_CHAIN_HOOKNUM);
		nc->prio = (int32_t)nftnl_chain_get_u32(c, NFTNL_CHAIN_PRIO);
	}
	nftnl_chain_free(c);
	return MNL_CB_OK;
}

static const struct nat_chain *find_chain(const struct dump_ctx *ctx, uint32_t family, const char *table,
					  const char *chain)
{
	for (size_t i = 0; i < ctx->n_chains; i++) {
		const struct nat_chain *c = &ctx->chains[i];
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
	char table[64], chain[64];
	uint32_t family = 0;

	memset(&rule, 0, sizeof(rule));
	if (be_nft_rule_decode(nlh, &rule, &family, table, sizeof(table), chain, sizeof(chain)) < 0) {
		return MNL_CB_OK;
	}
	const struct nat_chain *c = find_chain(ctx, family, table, chain);
	if (c) {
		struct nst_nat_rule *nr = nst_ns_add_nat(ctx->ns);
		*nr = rule;
		snprintf(nr->table, sizeof(nr->table), "%s", table);
		snprintf(nr->chain, sizeof(nr->chain), "%s", chain);
		snprintf(nr->hook, sizeof(nr->hook), "%s", hook_name(c->hook));
		nr->priority = c->prio;
	}
	return MNL_CB_OK;
}

static int dump(struct mnl_socket *nl, uint16_t type, mnl_cb_t cb, void *data)
{
	char buf[32768]; /* MNL_SOCKET_BUFFER_SIZE is a runtime value; this holds any dump batch */
	uint32_t seq = (uint32_t)time(NULL), portid = mnl_socket_get_portid(nl);
	struct nlmsghdr *nlh;
	int rc;

	if (type == NFT_MSG_GETCHAIN) {
		nlh = nftnl_chain_nlmsg_build_hdr(buf, NFT_MSG_GETCHAIN, NFPROTO_UNSPEC, NLM_F_DUMP, seq);
	} else {
		nlh = nftnl_rule_nlmsg_build_hdr(buf, NFT_MSG_GETRULE, NFPROTO_UNSPEC, NLM_F_DUMP, seq);
	}
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		return -errno;
	}
	while ((rc = (int)mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		rc = mnl_cb_run(buf, (size_t)rc, seq, portid, cb, data);
		if (rc <= MNL_CB_STOP) {
			break;
		}
	}
	return rc < 0 ? -errno : 0;
}

int be_nft_read(struct be_ns *b, struct nst_ns *ns)
{
	struct dump_ctx ctx = { .ns = ns };
	int rc;

	if (!b->nft) {
		return -ENOTCONN;
	}
	ns->n_nat = 0;
	rc = dump(b->nft, NFT_MSG_GETCHAIN, on_chain, &ctx);
	if (rc == 0 && ctx.n_chains) {
		rc = dump(b->nft, NFT_MSG_GETRULE, on_rule, &ctx);
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
	int rc = be_nft_read(b, &fresh);

	for (size_t i = 0; rc == 0 && i < fresh.n_nat; i++) {
		const struct nst_nat_rule *f = &fresh.nat[i];

		for (size_t k = 0; k < ns->n_nat; k++) {
			struct nst_nat_rule *r = &ns->nat[k];

			if (r->handle == f->handle && strcmp(r->chain, f->chain) == 0 && strcmp(r->table, f->table) == 0 &&
			    strcmp(r->family, f->family) == 0) {
				/* the summary prints the counter, as nft does */
				r->packets = f->packets;
				r->bytes = f->bytes;
				memcpy(r->summary, f->summary, sizeof(r->summary));
				break;
			}
		}
	}
	free(fresh.nat);
	return rc;
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
