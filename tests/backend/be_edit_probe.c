/* SPDX-License-Identifier: MIT */
/*
 * Applies one edit through the live backend, for backend_edits.sh (inside
 * tests/sandbox.sh):  be_edit_probe KIND key=value...
 *   KIND: ns-add ns-del veth-add bridge-add link-del link-up link-down link-move
 *         link-master link-nomaster addr-add addr-del route-add route-del
 *   keys: name ns peer peer_ns addr peer_addr dst gw up
 * Prints the equivalent iproute2 commands, then "ok", or "invalid FIELD: msg"
 * (exit 3, nothing sent) or "failed: msg" (exit 4).
 *
 * nat-forward-poisoned (keys as nat-forward): the real batch of that port
 * forward plus one NEWRULE the kernel must reject, before the batch end.
 * Prints "refused: msg" (exit 0) or "applied" (exit 5): the kernel must take
 * all of a batch or nothing, so the script then finds the ruleset unchanged.
 *
 * BE_EDIT_BEFORE_APPLY=CMD runs CMD (sh -c) after validation, right before
 * the apply, with nstop's model and namespace fds held: what a namespace
 * deleted while shown does to an edit.
 */
#include <libmnl/libmnl.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be_internal.h"
#include "be_nft_edit.h"
#include "live.h"
#include "ops.h"

static const char *const kinds[] = {
	[NST_OP_NS_ADD] = "ns-add",          [NST_OP_NS_DEL] = "ns-del",
	[NST_OP_VETH_ADD] = "veth-add",      [NST_OP_BRIDGE_ADD] = "bridge-add",
	[NST_OP_LINK_DEL] = "link-del",      [NST_OP_LINK_UP] = "link-up",
	[NST_OP_LINK_DOWN] = "link-down",    [NST_OP_LINK_MOVE] = "link-move",
	[NST_OP_LINK_MASTER] = "link-master", [NST_OP_LINK_NOMASTER] = "link-nomaster",
	[NST_OP_ADDR_ADD] = "addr-add",      [NST_OP_ADDR_DEL] = "addr-del",
	[NST_OP_ROUTE_ADD] = "route-add",    [NST_OP_ROUTE_DEL] = "route-del",
	[NST_OP_NAT_FORWARD] = "nat-forward", [NST_OP_NAT_MASQ] = "nat-masq",
	[NST_OP_NAT_DEL] = "nat-del",        [NST_OP_IP_FORWARD] = "ip-forward",
};

static const char *const keys[NST_F_COUNT] = {
	[NST_F_NAME] = "name", [NST_F_NS] = "ns",     [NST_F_PEER] = "peer", [NST_F_PEER_NS] = "peer_ns",
	[NST_F_ADDR] = "addr", [NST_F_PEER_ADDR] = "peer_addr", [NST_F_DST] = "dst", [NST_F_GATEWAY] = "gw",
	[NST_F_UP] = "up", [NST_F_PROTO] = "proto", [NST_F_PORT] = "port", [NST_F_IIF] = "iif",
	[NST_F_DADDR] = "daddr", [NST_F_TO_ADDR] = "to", [NST_F_TO_PORT] = "to_port", [NST_F_SRC] = "src",
	[NST_F_OIF] = "oif", [NST_F_SNAT_TO] = "snat_to", [NST_F_FAMILY] = "family", [NST_F_TABLE] = "table",
	[NST_F_CHAIN] = "chain", [NST_F_HANDLE] = "handle",
};

/* A nat expression with no address or port register: nft_nat_init refuses it (EINVAL). */
static void add_poisoned_rule(struct be_nft_batch *bt)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nftnl_expr *e = nftnl_expr_alloc("nat");
	struct nlmsghdr *nlh;

	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_IPV4);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, NST_NAT_TABLE);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, NST_NAT_PRE_CHAIN);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_TYPE, NFT_NAT_DNAT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FAMILY, NFPROTO_IPV4);
	nftnl_rule_add_expr(r, e);
	nlh = nftnl_rule_nlmsg_build_hdr(mnl_nlmsg_batch_current(bt->b), NFT_MSG_NEWRULE, NFPROTO_IPV4,
					 NLM_F_APPEND | NLM_F_CREATE | NLM_F_ACK, bt->seq++);
	nftnl_rule_nlmsg_build_payload(nlh, r);
	nftnl_rule_free(r);
	mnl_nlmsg_batch_next(bt->b);
}

/* The namespace's nsfs fd as the live backend holds it. */
static struct be_ns *find_ns(struct be_live *live, const char *name)
{
	const struct nst_ns *ns = nst_model_find_ns(be_live_model(live), name);

	return ns ? be_ns_list_find(be_live_nslist(live), ns->id) : NULL;
}

static int poisoned(struct be_live *live, const struct nst_op *op)
{
	struct be_ns *b = find_ns(live, op->f[NST_F_NS]);
	struct mnl_socket *nl = b ? be_nft_socket_open(b->fd, be_live_nslist(live)->self_fd, b->self) : NULL;
	struct be_nft_batch bt;
	char why[300] = "";
	int rc;

	if (!nl) {
		printf("failed: no nf_tables socket in %s\n", op->f[NST_F_NS]);
		return 4;
	}
	be_nft_batch_build(&bt, op);
	add_poisoned_rule(&bt);
	rc = be_nft_batch_send(nl, &bt, why, sizeof(why));
	mnl_socket_close(nl);
	if (rc == 0) {
		printf("applied\n");
		return 5;
	}
	printf("refused: %s\n", why);
	return 0;
}

int main(int argc, char **argv)
{
	struct nst_op op;
	bool poison = argc > 1 && strcmp(argv[1], "nat-forward-poisoned") == 0;
	int kind = poison ? NST_OP_NAT_FORWARD : -1;

	for (int k = 0; argc > 1 && k < (int)(sizeof(kinds) / sizeof(kinds[0])); k++) {
		if (kinds[k] && strcmp(argv[1], kinds[k]) == 0) {
			kind = k;
		}
	}
	if (argc == 4 && strcmp(argv[1], "write-file") == 0) {
		/* be_write_new_file with N bytes: what the action-log save does */
		size_t n = strtoul(argv[3], NULL, 10);
		char *data = malloc(n + 1);
		struct be_error err = { 0 };
		memset(data, 'x', n);
		int rc = be_write_new_file(argv[2], data, n, 0755, &err);
		free(data);
		printf("%s\n", rc < 0 ? err.msg : "written");
		return rc < 0 ? 1 : 0;
	}
	if (kind < 0) {
		fprintf(stderr, "usage: be_edit_probe KIND key=value... | write-file PATH BYTES\n");
		return 2;
	}
	nst_op_init(&op, (enum nst_op_kind)kind);
	for (int i = 2; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		int f = -1;
		for (int k = 0; eq && k < NST_F_COUNT; k++) {
			if (strlen(keys[k]) == (size_t)(eq - argv[i]) && strncmp(argv[i], keys[k], (size_t)(eq - argv[i])) == 0) {
				f = k;
			}
		}
		if (f < 0) {
			fprintf(stderr, "unknown argument %s\n", argv[i]);
			return 2;
		}
		nst_op_set(&op, (enum nst_field)f, eq + 1);
	}

	struct be_live *live = NULL;
	struct be_error err = { 0 };
	if (be_live_create(&live, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	struct nst_op_error verr;
	int rc = 0;
	if (nst_op_validate(&op, be_live_model(live), &verr) < 0) {
		printf("invalid %s: %s\n", verr.field >= 0 ? keys[verr.field] : "-", verr.msg);
		rc = 3;
	} else if (poison) {
		rc = poisoned(live, &op);
	} else {
		char *cmds = nst_op_commands(&op, be_live_model(live));
		const char *before = getenv("BE_EDIT_BEFORE_APPLY");
		fputs(cmds, stdout);
		free(cmds);
		fflush(stdout);
		if (before && system(before) != 0) {
			fprintf(stderr, "BE_EDIT_BEFORE_APPLY failed: %s\n", before);
			be_live_destroy(live);
			return 1;
		}
		if (be_live_apply(live, &op, &err) < 0) {
			printf("failed: %s\n", err.msg);
			rc = 4;
		} else {
			printf("ok\n");
		}
	}
	be_live_destroy(live);
	return rc;
}
