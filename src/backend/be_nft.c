/* SPDX-License-Identifier: MIT */
/*
 * One namespace's nf_tables ruleset (ARCHITECTURE.md §10): one dump each of tables,
 * chains and rules, every family. Every table, chain and rule goes into
 * ns->fw; rules whose verdict is a NAT statement are decoded as NAT records
 * too, and after the whole read the walk (nat_paths.h) makes ns->nat of
 * those a nat base chain reaches, one per path. Expressions become struct nst_expr (be_nft_parse.c,
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
#include "be_nft_events.h"
#include "be_nft_set.h"
#include "be_nlmsg.h"
#include "xalloc.h"

struct dump_ctx {
	struct nst_nat_rule *cands; /* rules whose verdict is a NAT statement, for nst_nat_paths */
	size_t n_cands, cap_cands;
	struct nst_ns *ns;
	bool counters_only; /* a counter sample: rules only, no set elements (one request per set) */
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
	return 0;
}

static void chains_reset(void *data)
{
	((struct dump_ctx *)data)->ns->fw.n_chains = 0;
}

static int on_rule(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *ctx = data;
	struct be_nft_rule r;

	if (be_nft_parse_rule(nlh, &r) < 0) {
		return -EBADMSG;
	}
	struct nst_fw_rule *fr = nst_fw_add_rule(&ctx->ns->fw);
	be_nft_rule_fw(&r, fr);
	if ((r.family == NFPROTO_IPV4 || r.family == NFPROTO_IPV6 || r.family == NFPROTO_INET) &&
	    nst_fw_rule_is_nat(fr)) {
		/* a NAT statement, in whatever chain: its record, decoded as it always was; the
		 * walk after the whole read (nst_nat_paths) makes one per path that reaches it */
		struct nst_nat_rule *nr = xgrow(&ctx->cands, &ctx->n_cands, &ctx->cap_cands, sizeof(*nr));
		memset(nr, 0, sizeof(*nr));
		snprintf(nr->family, sizeof(nr->family), "%s", be_nft_family_name(r.family));
		nr->handle = r.handle;
		nst_nat_decode(r.exprs, r.n, nr->family, nr);
		memcpy(nr->table, r.table, sizeof(nr->table));
		memcpy(nr->chain, r.chain, sizeof(nr->chain));
	}
	be_nft_rule_free(&r);
	return 0;
}

static void rules_reset(void *data)
{
	((struct dump_ctx *)data)->n_cands = 0;
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

/* The ruleset's generation id (NFT_MSG_GETGEN); be_nft_events.c reads a chain between two too. */
int be_nft_gen_id(struct be_ns *b, uint32_t *id)
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
	ctx->n_cands = 0;
	int rc = be_nft_gen_id(b, &before);
	if (rc == 0) {
		rc = dump(b, NFT_MSG_GETTABLE, &table_ops, ctx);
	}
	if (rc == 0) {
		rc = dump(b, NFT_MSG_GETCHAIN, &chain_ops, ctx);
	}
	if (rc == 0 && ns->fw.n_chains) {
		rc = dump(b, NFT_MSG_GETRULE, &rule_ops, ctx);
	}
	if (rc == 0 && !ctx->counters_only) {
		rc = be_nft_read_sets(b, ns); /* be_nft_set.c: sets and maps with their elements */
	} else if (rc == 0) {
		be_nft_name_rule_ipsets(b, ns); /* the texts copied onto the rules name their ipsets */
	}
	if (rc == 0) {
		rc = be_nft_gen_id(b, &after);
	}
	*changed = rc == 0 && before != after;
	return rc;
}

/* The whole read into ns->fw; the NAT statements' decodes stay in ctx->cands for the caller. */
static int read_all(struct be_ns *b, struct nst_ns *ns, struct dump_ctx *ctx)
{
	int rc = -EINTR;

	if (!b->nft) {
		return -ENOTCONN;
	}
	for (int attempt = 0; attempt < BE_DUMP_TRIES; attempt++) {
		bool changed = false;
		rc = read_once(b, ns, ctx, &changed);
		if (rc < 0 || !changed) {
			break;
		}
		rc = -EINTR; /* a change committed between the dumps: they may not agree */
	}
	/* No nf_tables at all (module absent) is not an error: there are no rules. */
	return rc == -ENOENT || rc == -EPROTONOSUPPORT ? 0 : rc;
}

int be_nft_read(struct be_ns *b, struct nst_ns *ns)
{
	struct dump_ctx ctx = { .ns = ns };
	int rc = read_all(b, ns, &ctx);

	memset(&ns->nat_walk, 0, sizeof(ns->nat_walk));
	if (rc == 0) {
		be_nft_name_nat_ipsets(b, ctx.cands, ctx.n_cands);
		nst_nat_paths(&ns->fw, ctx.cands, ctx.n_cands, &ns->nat, &ns->n_nat, &ns->cap_nat, &ns->nat_walk);
	}
	free(ctx.cands);
	return rc;
}

static uint64_t rule_key(const struct nst_nat_rule *r)
{
	uint64_t h = 1469598103934665603ull ^ r->handle;

	for (const char *p = r->chain; *p; p++) {
		h = (h ^ (uint8_t)*p) * 1099511628211ull;
	}
	for (const char *p = r->table; *p; p++) {
		h = (h ^ (uint8_t)*p) * 1099511628211ull;
	}
	return (h ^ (uint8_t)r->family[0] ^ ((uint64_t)(uint8_t)r->family[2] << 8)) * 1099511628211ull;
}

static bool same_rule(const struct nst_nat_rule *a, const struct nst_nat_rule *b)
{
	return a->handle == b->handle && strcmp(a->chain, b->chain) == 0 && strcmp(a->table, b->table) == 0 &&
	       strcmp(a->family, b->family) == 0;
}

/*
 * Counters change without an nf_tables event: re-dump and copy them onto the
 * rules already in ns (same family, table, chain and handle). The rules
 * themselves are left alone; a changed ruleset arrives as an event. NAT
 * records take theirs from the fresh decodes of their rules (no walk: the
 * paths are the ones already in ns), found through a hash of the key, as
 * several records (one per path) share one rule.
 */
int be_nft_sample_counters(struct be_ns *b, struct nst_ns *ns)
{
	struct nst_ns fresh = { 0 };
	struct dump_ctx ctx = { .ns = &fresh, .counters_only = true };
	int rc = read_all(b, &fresh, &ctx), changed = 0;
	size_t slots = 1;
	long *slot = NULL;

	if (rc == 0) {
		be_nft_name_nat_ipsets(b, ctx.cands, ctx.n_cands); /* as the records were made */
	}

	while (slots < 2 * ctx.n_cands + 2) {
		slots *= 2;
	}
	if (rc == 0 && ns->n_nat) {
		slot = xmalloc(slots * sizeof(*slot));
		for (size_t i = 0; i < slots; i++) {
			slot[i] = -1;
		}
		for (size_t i = 0; i < ctx.n_cands; i++) {
			size_t at = rule_key(&ctx.cands[i]) & (slots - 1);
			while (slot[at] >= 0) {
				at = (at + 1) & (slots - 1);
			}
			slot[at] = (long)i;
		}
	}
	for (size_t k = 0; slot && k < ns->n_nat; k++) {
		struct nst_nat_rule *r = &ns->nat[k];

		for (size_t at = rule_key(r) & (slots - 1); slot[at] >= 0; at = (at + 1) & (slots - 1)) {
			const struct nst_nat_rule *f = &ctx.cands[slot[at]];
			if (!same_rule(r, f)) {
				continue;
			}
			/* the summary prints the counter, as nft does */
			changed += strcmp(r->summary, f->summary) != 0;
			r->has_counter = f->has_counter;
			r->packets = f->packets;
			r->bytes = f->bytes;
			memcpy(r->summary, f->summary, sizeof(r->summary));
			r->counter_at = f->counter_at; /* the counter's digits moved what follows */
			r->counter_len = f->counter_len;
			break;
		}
	}
	free(slot);
	free(ctx.cands);
	/* The ruleset's rules: same dump order unless the ruleset changed, so try the same index first. */
	for (size_t i = 0; rc == 0 && i < fresh.fw.n_rules; i++) {
		const struct nst_fw_rule *f = &fresh.fw.rules[i];

		for (size_t k = 0; k < ns->fw.n_rules; k++) {
			struct nst_fw_rule *r = &ns->fw.rules[(i + k) % ns->fw.n_rules];

			if (r->handle == f->handle && strcmp(r->chain, f->chain) == 0 && strcmp(r->table, f->table) == 0 &&
			    strcmp(r->family, f->family) == 0) {
				changed += strcmp(r->text, f->text) != 0; /* the Firewall rows print the counter */
				r->has_counter = f->has_counter;
				r->packets = f->packets;
				r->bytes = f->bytes;
				memcpy(r->text, f->text, sizeof(r->text));
				r->counter_at = f->counter_at;
				r->counter_len = f->counter_len;
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
void be_read_sysctls(struct nst_ns *ns)
{
	/* ip_forward comes with the netconf dump (be_rtnl_read), br_netfilter's switches
	 * with be_read_link_sysctls (one /proc/sys/net/bridge walk for the three) */
	FILE *f = fopen("/proc/thread-self/net/ip_tables_names", "re");
	ns->iptables_legacy = false;
	if (f) {
		ns->iptables_legacy = fgetc(f) != EOF;
		fclose(f);
	}
}
