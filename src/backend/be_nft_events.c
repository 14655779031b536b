/* SPDX-License-Identifier: MIT */
/*
 * nf_tables events applied in place (issue 16). Until now any event meant
 * the namespace's whole re-read: 5000 kube-proxy rules dumped, decoded and
 * diffed to learn that one rule was added. NEWRULE and DELRULE name their
 * chain; that chain alone is dumped again (between two equal generations,
 * as the whole read is) and its rules replace the old ones. The chain, not
 * the event's rule: an event has no position (`nft insert`, `add position`
 * put it anywhere), the dump has the kernel's order. Whatever else came
 * (tables, chains, sets, an overflow), or a NAT rule (NAT records come from
 * a walk of the whole ruleset), falls back to the whole re-read.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "be_internal.h"
#include "be_nft_events.h"
#include "be_nft_msg.h"
#include "be_nft_set.h"
#include "be_nlmsg.h"
#include "fw_order.h"
#include "nat_paths.h"

/* More chains than this in one burst: a bulk change, the whole re-read is as good. */
#define EV_CHAINS 8

struct chain_ref {
	uint32_t family;
	char table[NST_NFT_NAMELEN], chain[NST_NFT_NAMELEN];
	long ci; /* in ns->fw.chains */
	struct nst_fw_ruleset fresh; /* its rules as dumped now (rules only) */
};

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static const struct be_attr_rule id_rules[NFTA_RULE_MAX + 1] = {
	[NFTA_RULE_TABLE] = { MNL_TYPE_NUL_STRING, 0 },
	[NFTA_RULE_CHAIN] = { MNL_TYPE_NUL_STRING, 0 },
};

static bool name_copy(const struct nlattr *a, char *out, size_t len)
{
	const char *s = a ? mnl_attr_get_str(a) : NULL;

	if (!s || !*s || strlen(s) >= len) {
		return false;
	}
	memcpy(out, s, strlen(s) + 1);
	return true;
}

/* One event message: 0 taken (a rule's chain noted, or a generation), -1 anything that needs the whole re-read. */
static int note(const struct nlmsghdr *h, struct chain_ref *refs, size_t *n)
{
	const struct nlattr *tb[NFTA_RULE_MAX + 1];
	uint8_t type = (uint8_t)(h->nlmsg_type & 0xff);
	struct chain_ref c;

	if ((h->nlmsg_type >> 8) != NFNL_SUBSYS_NFTABLES) {
		return -1;
	}
	if (type == NFT_MSG_NEWGEN) {
		return 0; /* the commit's end: the objects it changed came as their own messages */
	}
	if ((type != NFT_MSG_NEWRULE && type != NFT_MSG_DELRULE) || !be_nft_is_msg(h, type) ||
	    be_nl_parse_attrs(h, sizeof(struct nfgenmsg), NULL, id_rules, NFTA_RULE_MAX, tb) < 0) {
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.family = be_nft_msg_family(h);
	if (!be_nft_family_name(c.family) || !name_copy(tb[NFTA_RULE_TABLE], c.table, sizeof(c.table)) ||
	    !name_copy(tb[NFTA_RULE_CHAIN], c.chain, sizeof(c.chain))) {
		return -1;
	}
	for (size_t i = 0; i < *n; i++) {
		if (refs[i].family == c.family && strcmp(refs[i].table, c.table) == 0 && strcmp(refs[i].chain, c.chain) == 0) {
			return 0;
		}
	}
	if (*n == EV_CHAINS) {
		return -1;
	}
	refs[(*n)++] = c;
	return 0;
}

struct chain_dump {
	struct chain_ref *ref;
	bool bad; /* a NAT rule, or one of another chain: not applied */
};

static int on_rule(const struct nlmsghdr *h, void *data)
{
	struct chain_dump *d = data;
	struct be_nft_rule r;

	if (be_nft_parse_rule(h, &r) < 0) {
		return -EBADMSG;
	}
	struct nst_fw_rule *fr = nst_fw_add_rule(&d->ref->fresh);
	be_nft_rule_fw(&r, fr);
	if (r.family != d->ref->family || strcmp(r.table, d->ref->table) != 0 || strcmp(r.chain, d->ref->chain) != 0 ||
	    nst_fw_rule_is_nat(fr)) {
		d->bad = true;
	}
	be_nft_rule_free(&r);
	return 0;
}

static void rules_reset(void *data)
{
	((struct chain_dump *)data)->ref->fresh.n_rules = 0;
}

/* NFT_MSG_GETRULE of one chain: the kernel filters the dump by family, table and chain. */
static int dump_chain(struct be_ns *b, struct chain_ref *ref, bool *bad)
{
	static const struct be_dump_ops ops = { on_rule, rules_reset };
	union {
		struct nlmsghdr h;
		char buf[NLMSG_HDRLEN + 16 + 2 * (NLA_HDRLEN + NST_NFT_NAMELEN + 4)];
	} req;
	struct chain_dump d = { .ref = ref };

	memset(&req, 0, sizeof(req));
	struct nlmsghdr *h = mnl_nlmsg_put_header(req.buf);
	h->nlmsg_type = (uint16_t)((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETRULE);
	struct nfgenmsg *g = mnl_nlmsg_put_extra_header(h, sizeof(*g));
	g->nfgen_family = (uint8_t)ref->family;
	g->version = NFNETLINK_V0;
	mnl_attr_put_strz(h, NFTA_RULE_TABLE, ref->table);
	mnl_attr_put_strz(h, NFTA_RULE_CHAIN, ref->chain);
	ref->fresh.n_rules = 0;
	int rc = be_nl_dump(mnl_socket_get_fd(b->nft), h, &ops, &d, &b->dropped);
	*bad |= d.bad;
	return rc;
}

/* A nat base chain in this table: its rules feed the NAT walk, which only the whole read does. */
static bool table_has_nat(const struct nst_fw_ruleset *rs, const char *family, const char *table)
{
	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct nst_fw_chain *c = &rs->chains[i];
		if (c->base && strcmp(c->type, "nat") == 0 && strcmp(c->family, family) == 0 &&
		    strcmp(c->table, table) == 0) {
			return true;
		}
	}
	return false;
}

/* Every chain known, no NAT in its table or rules; then each dumped between two equal generations. */
static bool read_chains(struct be_ns *b, const struct nst_ns *ns, struct chain_ref *refs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *fam = be_nft_family_name(refs[i].family);
		size_t count, at;

		refs[i].ci = nst_fw_chain_find(&ns->fw, fam, refs[i].table, refs[i].chain);
		if (refs[i].ci < 0 || table_has_nat(&ns->fw, fam, refs[i].table)) {
			return false;
		}
		at = nst_fw_chain_rules_at(&ns->fw, (size_t)refs[i].ci, &count);
		for (size_t k = 0; k < count; k++) {
			if (nst_fw_rule_is_nat(&ns->fw.rules[at + k])) {
				return false;
			}
		}
	}
	if (!b->nft) {
		return false;
	}
	for (int attempt = 0; attempt < BE_DUMP_TRIES; attempt++) {
		uint32_t before = 0, after = 0;
		bool bad = false;
		int rc = be_nft_gen_id(b, &before);

		for (size_t i = 0; rc == 0 && i < n; i++) {
			rc = dump_chain(b, &refs[i], &bad);
		}
		if (rc == 0) {
			rc = be_nft_gen_id(b, &after);
		}
		if (rc < 0 || bad) {
			return false; /* a chain gone meanwhile (ENOENT), a NAT rule: the whole re-read tells */
		}
		if (before == after) {
			return true;
		}
	}
	return false;
}

/* The chains' new rules into ns, the changes said as the whole re-read's diff says them. */
static void apply(struct be_ns *b, struct nst_ns *ns, struct chain_ref *refs, size_t n, nst_change_fn fn, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		struct nst_ns tmp = { .fw = refs[i].fresh };

		/* "xt set #3" named as the whole read names it */
		be_nft_name_rule_ipsets(b, &tmp);
		refs[i].fresh = tmp.fw;
		if (fn) {
			size_t count, at = nst_fw_chain_rules_at(&ns->fw, (size_t)refs[i].ci, &count);
			/* the same namespace twice, but for this chain's rules: only they can differ */
			struct nst_ns was = *ns, now = *ns;
			was.fw.rules = ns->fw.rules + at;
			was.fw.n_rules = count;
			now.fw.rules = refs[i].fresh.rules;
			now.fw.n_rules = refs[i].fresh.n_rules;
			nst_diff_ns(&was, &now, fn, ctx);
		}
		nst_fw_replace_chain_rules(&ns->fw, (size_t)refs[i].ci, refs[i].fresh.rules, refs[i].fresh.n_rules);
	}
}

int be_nft_events(struct be_ns *b, int fd, struct nst_ns *ns, FILE *timing, nst_change_fn fn, void *ctx)
{
	static char buf[16384] __attribute__((aligned(4)));
	struct chain_ref *refs = calloc(EV_CHAINS, sizeof(*refs));
	size_t n = 0;
	int got = 0;
	bool kernel = false, whole = refs == NULL;

	/* Anyone else's message is dropped (be_nl_recv) and counted, and triggers nothing. */
	for (;;) {
		ssize_t len = be_nl_recv(fd, buf, sizeof(buf), MSG_DONTWAIT, &b->dropped);
		if (len == -ENOBUFS || len == -EMSGSIZE) {
			got |= BE_NFT_EV_OVERFLOW;
			continue;
		}
		if (len == 0) {
			continue;
		}
		if (len < 0) {
			break;
		}
		kernel = true;
		size_t left = (size_t)len;
		for (const struct nlmsghdr *h = (const void *)buf; !whole && be_nlmsg_ok(h, left); h = be_nlmsg_next(h, &left)) {
			whole = note(h, refs, &n) < 0;
		}
	}
	if (!kernel) {
		free(refs);
		return got;
	}
	uint64_t t0 = now_us();
	if (!whole && !(got & BE_NFT_EV_OVERFLOW) && n == 0) {
		free(refs);
		return got; /* a generation alone: the commit's objects came (and were applied) before */
	}
	if (whole || (got & BE_NFT_EV_OVERFLOW) || !ns || ns->stale || !read_chains(b, ns, refs, n)) {
		got |= BE_NFT_EV_KERNEL;
	} else {
		apply(b, ns, refs, n, fn, ctx);
		got = BE_NFT_EV_APPLIED;
		if (timing) {
			fprintf(timing, "reread ns=%llu ms=%.1f rules=%zu chains=%zu apply=chains:%zu\n",
				(unsigned long long)b->id.ino, (double)(now_us() - t0) / 1000, ns->fw.n_rules, ns->fw.n_chains, n);
			fflush(timing);
		}
	}
	for (size_t i = 0; i < EV_CHAINS && refs; i++) {
		nst_fw_clear(&refs[i].fresh);
	}
	free(refs);
	return got;
}
