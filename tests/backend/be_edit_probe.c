/* SPDX-License-Identifier: MIT */
/*
 * Applies one edit through the live backend, for backend_edits.sh (inside
 * tests/sandbox.sh):  be_edit_probe KIND key=value...
 *   KIND: ns-add ns-del veth-add bridge-add link-del link-up link-down link-move
 *         link-master link-nomaster addr-add addr-del route-add route-del
 *   keys: name ns peer peer_ns addr peer_addr dst gw up
 * Prints the equivalent iproute2 commands, then "ok", or "invalid FIELD: msg"
 * (exit 3, nothing sent) or "failed: msg" (exit 4).
 */
#include <stdio.h>
#include <string.h>

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

int main(int argc, char **argv)
{
	struct nst_op op;
	int kind = -1;

	for (int k = 0; argc > 1 && k < (int)(sizeof(kinds) / sizeof(kinds[0])); k++) {
		if (kinds[k] && strcmp(argv[1], kinds[k]) == 0) {
			kind = k;
		}
	}
	if (kind < 0) {
		fprintf(stderr, "usage: be_edit_probe KIND key=value...\n");
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
	} else {
		char cmds[4096];
		nst_op_commands(&op, cmds, sizeof(cmds));
		fputs(cmds, stdout);
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
