/* SPDX-License-Identifier: MIT */
/*
 * One namespace's nf_tables ruleset (DESIGN.md §6): one dump each of tables,
 * chains and rules, every family. Every table, chain and rule goes into
 * ns->fw; rules of chains of type nat (with hook and priority) are decoded
 * into ns->nat as well. Expressions become struct nst_expr (be_nft_parse.c,
 * validated, no libnftnl) for the model to decode. The socket is made inside
 * the namespace.
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
#include "be_nft_set.h"
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

static const char *family_or_unknown(uint32_t f)
{
	const char *s = be_nft_family_name(f);
	return s ? s : "?";
}

static int on_table(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *ctx = data;
	struct be_nft_table t;

	if (be_nft_parse_table(nlh, &t) < 0) {
		return -EBADMSG;
	}
	struct nst_fw_table *ft = nst_fw_add_table(&ctx->ns->fw);
	snprintf(ft->family, sizeof(ft->family), "%s", family_or_unknown(t.family));
	memcpy(ft->name, t.name, sizeof(ft->name));
	ft->handle = t.handle;
	return 0;
}

static void tables_reset(void *data)
{
	((struct dump_ctx *)data)->ns->fw.n_tables = 0;
}

/* Every chain into the ruleset; a base chain with its hook named as nft names it for its family. */
static void add_fw_chain(struct nst_fw_ruleset *rs, const struct be_nft_chain *c)
{
	struct nst_fw_chain *fc = nst_fw_add_chain(rs);

	snprintf(fc->family, sizeof(fc->family), "%s", family_or_unknown(c->family));
	memcpy(fc->table, c->table, sizeof(fc->table));
	memcpy(fc->name, c->name, sizeof(fc->name));
	fc->handle = c->handle;
	fc->base = c->has_hook;
	if (fc->base) {
		const char *h = nst_fw_hook_name(fc->family, c->hook);
		snprintf(fc->type, sizeof(fc->type), "%s", c->type);
		if (h) {
			snprintf(fc->hook, sizeof(fc->hook), "%s", h);
		} else {
			snprintf(fc->hook, sizeof(fc->hook), "%u", c->hook);
		}
		fc->priority = c->prio;
		fc->has_policy = c->has_policy;
		fc->policy_accept = c->policy == NF_ACCEPT;
		memcpy(fc->device, c->device, sizeof(fc->device));
	}
}

static int on_chain(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *ctx = data;
	struct be_nft_chain c;

	if (be_nft_parse_chain(nlh, &c) < 0) {
		return -EBADMSG;
	}
	if (c.has_policy && c.policy != NF_ACCEPT && c.policy != NF_DROP) {
		return -EBADMSG; /* the kernel allows only these two */
	}
	add_fw_chain(&ctx->ns->fw, &c);
	if (strcmp(c.type, "nat") == 0 &&
	    (c.family == NFPROTO_IPV4 || c.family == NFPROTO_IPV6 || c.family == NFPROTO_INET)) {
		*(struct be_nft_chain *)xgrow(&ctx->chains, &ctx->n_chains, &ctx->cap_chains, sizeof(c)) = c;
	}
	return 0;
}

static void chains_reset(void *data)
{
	((struct dump_ctx *)data)->n_chains = 0;
	((struct dump_ctx *)data)->ns->fw.n_chains = 0;
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
	struct be_nft_rule r;

	if (be_nft_parse_rule(nlh, &r) < 0) {
		return -EBADMSG;
	}
	be_nft_rule_fw(&r, nst_fw_add_rule(&ctx->ns->fw));
	const struct be_nft_chain *c = find_chain(ctx, r.family, r.table, r.chain);
	if (c) {
		/* a rule of a nat chain: the NAT record too, decoded as it always was */
		struct nst_nat_rule *nr = nst_ns_add_nat(ctx->ns);
		const char *fam = r.family == NFPROTO_IPV4 || r.family == NFPROTO_IPV6 || r.family == NFPROTO_INET
					  ? be_nft_family_name(r.family)
					  : "?";
		memset(nr, 0, sizeof(*nr));
		snprintf(nr->family, sizeof(nr->family), "%s", fam);
		nr->handle = r.handle;
		nst_nat_decode(r.exprs, r.n, nr->family, nr);
		memcpy(nr->table, r.table, sizeof(nr->table));
		memcpy(nr->chain, r.chain, sizeof(nr->chain));
		snprintf(nr->hook, sizeof(nr->hook), "%s", hook_name(c->hook));
		nr->priority = c->prio;
	}
	be_nft_rule_free(&r);
	return 0;
}

static void rules_reset(void *data)
{
	((struct dump_ctx *)data)->ns->n_nat = 0;
	((struct dump_ctx *)data)->ns->fw.n_rules = 0;
}

static void nft_req(void *buf, uint8_t type)
{
	struct nlmsghdr *h = buf;
	struct nfgenmsg g = { .nfgen_family = NFPROTO_UNSPEC, .version = NFNETLINK_V0 };

	memset(h, 0, NLMSG_HDRLEN + 16);
	h->nlmsg_len = (uint32_t)NLMSG_LENGTH(sizeof(g));
	h->nlmsg_type = (uint16_t)((NFNL_SUBSYS_NFTABLES << 8) | type);
	memcpy(mnl_nlmsg_get_payload(h), &g, sizeof(g));
}

static int dump(struct be_ns *b, uint8_t type, const struct be_dump_ops *ops, struct dump_ctx *ctx)
{
	union {
		struct nlmsghdr h;
		char buf[NLMSG_HDRLEN + 16];
	} req;

	nft_req(&req, type);
	return be_nl_dump(mnl_socket_get_fd(b->nft), &req.h, ops, ctx, &b->dropped);
}

struct gen_reply {
	uint32_t id;
	bool got;
};

static int on_gen(const struct nlmsghdr *h, void *data)
{
	struct gen_reply *g = data;

	if (be_nft_parse_gen(h, &g->id) < 0) {
		return -EBADMSG;
	}
	g->got = true;
	return 0;
}

/* The ruleset's generation id (NFT_MSG_GETGEN). */
static int gen_id(struct be_ns *b, uint32_t *id)
{
	union {
		struct nlmsghdr h;
		char buf[NLMSG_HDRLEN + 16];
	} req;
	struct gen_reply g = { 0 };

	nft_req(&req, NFT_MSG_GETGEN);
	int rc = be_nl_request(mnl_socket_get_fd(b->nft), &req.h, on_gen, &g, &b->dropped, NULL, 0);
	if (rc == 0 && !g.got) {
		rc = -EBADMSG;
	}
	*id = g.id;
	return rc;
}

/* Tables, chains and rules, each its own dump: read between two equal generations or not at all. */
static int read_once(struct be_ns *b, struct nst_ns *ns, struct dump_ctx *ctx, bool *changed)
{
	static const struct be_dump_ops table_ops = { on_table, tables_reset };
	static const struct be_dump_ops chain_ops = { on_chain, chains_reset };
	static const struct be_dump_ops rule_ops = { on_rule, rules_reset };
	uint32_t before = 0, after = 0;

	ns->n_nat = 0;
	nst_fw_clear(&ns->fw);
	ctx->n_chains = 0;
	int rc = gen_id(b, &before);
	if (rc == 0) {
		rc = dump(b, NFT_MSG_GETTABLE, &table_ops, ctx);
	}
	if (rc == 0) {
		rc = dump(b, NFT_MSG_GETCHAIN, &chain_ops, ctx);
	}
	if (rc == 0 && ns->fw.n_chains) {
		rc = dump(b, NFT_MSG_GETRULE, &rule_ops, ctx);
	}
	if (rc == 0) {
		rc = be_nft_read_sets(b, ns); /* be_nft_set.c: sets and maps with their elements */
	}
	if (rc == 0) {
		rc = gen_id(b, &after);
	}
	*changed = rc == 0 && before != after;
	return rc;
}

int be_nft_read(struct be_ns *b, struct nst_ns *ns)
{
	struct dump_ctx ctx = { .ns = ns };
	int rc = -EINTR;

	if (!b->nft) {
		return -ENOTCONN;
	}
	for (int attempt = 0; attempt < BE_DUMP_TRIES; attempt++) {
		bool changed = false;
		rc = read_once(b, ns, &ctx, &changed);
		if (rc < 0 || !changed) {
			break;
		}
		rc = -EINTR; /* a change committed between the dumps: they may not agree */
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
	/* The ruleset's rules: same dump order unless the ruleset changed, so try the same index first. */
	for (size_t i = 0; rc == 0 && i < fresh.fw.n_rules; i++) {
		const struct nst_fw_rule *f = &fresh.fw.rules[i];

		for (size_t k = 0; k < ns->fw.n_rules; k++) {
			struct nst_fw_rule *r = &ns->fw.rules[(i + k) % ns->fw.n_rules];

			if (r->handle == f->handle && strcmp(r->chain, f->chain) == 0 && strcmp(r->table, f->table) == 0 &&
			    strcmp(r->family, f->family) == 0) {
				r->has_counter = f->has_counter;
				r->packets = f->packets;
				r->bytes = f->bytes;
				memcpy(r->text, f->text, sizeof(r->text));
				break;
			}
		}
	}
	free(fresh.nat);
	nst_fw_clear(&fresh.fw);
	return rc < 0 ? rc : changed;
}

void be_nft_close(struct mnl_socket *nl)
{
	if (nl) {
		mnl_socket_close(nl);
	}
}

/* Read while inside the namespace: /proc/sys/net and /proc/thread-self/net follow the thread. */
/* A 0/1 sysctl file: 1, 0, or -1 when it does not exist or says something else. */
static int read_flag(const char *path)
{
	FILE *f = fopen(path, "re");
	int c = f ? fgetc(f) : EOF;

	if (f) {
		fclose(f);
	}
	return c == '1' ? 1 : c == '0' ? 0 : -1;
}

void be_read_sysctls(struct nst_ns *ns)
{
	/* ip_forward comes with the netconf dump (be_rtnl_read); br_netfilter's switches
	 * exist only once the module is loaded, then per namespace */
	ns->br_nf_iptables = read_flag("/proc/sys/net/bridge/bridge-nf-call-iptables");
	ns->br_nf_ip6tables = read_flag("/proc/sys/net/bridge/bridge-nf-call-ip6tables");
	ns->br_nf_arptables = read_flag("/proc/sys/net/bridge/bridge-nf-call-arptables");
	FILE *f = fopen("/proc/thread-self/net/ip_tables_names", "re");
	ns->iptables_legacy = false;
	if (f) {
		ns->iptables_legacy = fgetc(f) != EOF;
		fclose(f);
	}
}
