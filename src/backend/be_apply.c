/* SPDX-License-Identifier: MIT */
/*
 * One validated op → the kernel, on the sockets of the namespaces it names.
 * Multi-step ops roll back in reverse when a later step fails, and say so.
 */
#include <errno.h>
#include <netlink/errno.h>
#include <stdio.h>
#include <string.h>

#include "be_edit.h"
#include "be_nft_edit.h"
#include "live.h"

static struct be_ns *ns_by_name(struct be_live *live, const char *name)
{
	const struct nst_ns *ns = nst_model_find_ns(be_live_model(live), name);
	return ns ? be_ns_list_find(be_live_nslist(live), ns->id) : NULL;
}

/* The namespace an op names, checked right before the op acts in it: still there, still the one shown. */
static int need(struct be_ns *b, const char *name, struct be_error *err)
{
	if (!b || !b->sk) {
		be_error_set(err, -ENOENT, "namespace %s is gone or could not be read", name);
		return -ENOENT;
	}
	return be_ns_check_alive(b, name, err);
}

/* Undo after a failed later step; append the outcome to err's message. */
static void rolled_back(struct be_error *err, int undo_rc, const char *undone)
{
	size_t n = strlen(err->msg);

	if (undo_rc == 0) {
		snprintf(err->msg + n, sizeof(err->msg) - n, "; undone (%s), nothing was left behind", undone);
	} else {
		snprintf(err->msg + n, sizeof(err->msg) - n, "; undoing (%s) failed too: %s", undone,
			 nl_geterror(undo_rc));
	}
}

static int apply_veth(struct be_live *live, const struct nst_op *op, struct be_error *err)
{
	struct be_ns *b = ns_by_name(live, op->f[NST_F_NS]);
	struct be_ns *p = ns_by_name(live, op->f[NST_F_PEER_NS]);
	const char *name = op->f[NST_F_NAME], *peer = op->f[NST_F_PEER];
	struct be_edit ed, ped;
	char what[2 * NST_OP_TEXT + 64];
	int rc;

	if ((rc = need(b, op->f[NST_F_NS], err)) < 0 || (rc = need(p, op->f[NST_F_PEER_NS], err)) < 0) {
		return rc;
	}
	be_edit_begin(&ed, b->sk);
	rc = be_edit_veth(&ed, name, peer, p == b ? -1 : p->fd);
	if (rc < 0) {
		rc = be_edit_fail(&ed, rc, err, "creating the veth pair");
		be_edit_end(&ed);
		return rc;
	}
	be_edit_begin(&ped, p->sk);
	/* Later steps: addresses, then up; any failure deletes the pair (both ends). */
	if (rc == 0 && op->f[NST_F_ADDR][0] && (rc = be_edit_addr(&ed, name, op->f[NST_F_ADDR], true)) < 0) {
		snprintf(what, sizeof(what), "adding %s to %s", op->f[NST_F_ADDR], name);
		be_edit_fail(&ed, rc, err, what);
	} else if (op->f[NST_F_PEER_ADDR][0] && (rc = be_edit_addr(&ped, peer, op->f[NST_F_PEER_ADDR], true)) < 0) {
		snprintf(what, sizeof(what), "adding %s to %s", op->f[NST_F_PEER_ADDR], peer);
		be_edit_fail(&ped, rc, err, what);
	} else if (nst_op_flag(op, NST_F_UP) && (rc = be_edit_set_up(&ed, name, true)) < 0) {
		be_edit_fail(&ed, rc, err, "setting it up");
	} else if (nst_op_flag(op, NST_F_UP) && (rc = be_edit_set_up(&ped, peer, true)) < 0) {
		be_edit_fail(&ped, rc, err, "setting the peer up");
	}
	if (rc < 0) {
		snprintf(what, sizeof(what), "deleted %s and its peer %s", name, peer);
		rolled_back(err, be_edit_link_delete(&ed, name), what);
		rc = -EIO;
	}
	be_edit_end(&ped);
	be_edit_end(&ed);
	return rc;
}

static int apply_bridge(struct be_live *live, const struct nst_op *op, struct be_error *err)
{
	struct be_ns *b = ns_by_name(live, op->f[NST_F_NS]);
	const char *name = op->f[NST_F_NAME];
	struct be_edit ed;
	char what[2 * NST_OP_TEXT + 64];
	int rc;

	if ((rc = need(b, op->f[NST_F_NS], err)) < 0) {
		return rc;
	}
	be_edit_begin(&ed, b->sk);
	rc = be_edit_bridge(&ed, name);
	if (rc < 0) {
		rc = be_edit_fail(&ed, rc, err, "creating the bridge");
		be_edit_end(&ed);
		return rc;
	}
	if (op->f[NST_F_ADDR][0] && (rc = be_edit_addr(&ed, name, op->f[NST_F_ADDR], true)) < 0) {
		snprintf(what, sizeof(what), "adding %s to %s", op->f[NST_F_ADDR], name);
		be_edit_fail(&ed, rc, err, what);
	} else if (nst_op_flag(op, NST_F_UP) && (rc = be_edit_set_up(&ed, name, true)) < 0) {
		be_edit_fail(&ed, rc, err, "setting it up");
	}
	if (rc < 0) {
		snprintf(what, sizeof(what), "deleted %s", name);
		rolled_back(err, be_edit_link_delete(&ed, name), what);
		rc = -EIO;
	}
	be_edit_end(&ed);
	return rc;
}

static int apply_ns_add(struct be_live *live, const struct nst_op *op, struct be_error *err)
{
	const char *name = op->f[NST_F_NAME];
	int rc = be_netns_create(name, err);

	if (rc < 0 || !nst_op_flag(op, NST_F_UP)) {
		return rc;
	}
	rc = be_netns_lo_up(name, be_live_nslist(live)->self_fd, err);
	if (rc < 0) {
		struct be_error ignored;
		int undo = be_netns_delete(name, &ignored);
		size_t n = strlen(err->msg);
		snprintf(err->msg + n, sizeof(err->msg) - n, "; %s", undo == 0 ? "undone (namespace deleted), nothing was left behind"
										: "undoing failed: the namespace is still there");
	}
	return rc;
}

/* Edits that are one request on one namespace's socket. */
static int apply_single(struct be_live *live, const struct nst_op *op, struct be_error *err)
{
	struct be_ns *b = ns_by_name(live, op->f[NST_F_NS]);
	const char *name = op->f[NST_F_NAME];
	struct be_edit ed;
	int rc = 0;

	if ((rc = need(b, op->f[NST_F_NS], err)) < 0) {
		return rc;
	}
	be_edit_begin(&ed, b->sk);
	switch (op->kind) {
	case NST_OP_LINK_DEL:
		rc = be_edit_link_delete(&ed, name);
		break;
	case NST_OP_LINK_UP:
	case NST_OP_LINK_DOWN:
		rc = be_edit_set_up(&ed, name, op->kind == NST_OP_LINK_UP);
		break;
	case NST_OP_LINK_MOVE: {
		struct be_ns *t = ns_by_name(live, op->f[NST_F_PEER_NS]);
		/* t->fd would keep a deleted namespace alive, and the link would die with it */
		if ((rc = need(t, op->f[NST_F_PEER_NS], err)) < 0) {
			be_edit_end(&ed);
			return rc;
		}
		rc = be_edit_move(&ed, name, t->fd);
		break;
	}
	case NST_OP_LINK_MASTER:
		rc = be_edit_master(&ed, name, op->f[NST_F_PEER]);
		break;
	case NST_OP_LINK_NOMASTER:
		rc = be_edit_master(&ed, name, NULL);
		break;
	case NST_OP_ADDR_ADD:
	case NST_OP_ADDR_DEL:
		rc = be_edit_addr(&ed, name, op->f[NST_F_ADDR], op->kind == NST_OP_ADDR_ADD);
		break;
	case NST_OP_ROUTE_ADD:
	case NST_OP_ROUTE_DEL:
		rc = be_edit_route(&ed, op->f[NST_F_DST], op->f[NST_F_GATEWAY], name, op->kind == NST_OP_ROUTE_ADD);
		break;
	default:
		rc = -NLE_OPNOTSUPP;
		break;
	}
	if (rc < 0) {
		rc = be_edit_fail(&ed, rc, err, nst_op_kind_name(op->kind));
	}
	be_edit_end(&ed);
	return rc;
}

int be_live_apply(struct be_live *live, const struct nst_op *op, struct be_error *err)
{
	struct be_ns *b;
	int rc;

	switch (op->kind) {
	case NST_OP_NAT_FORWARD:
	case NST_OP_NAT_MASQ:
	case NST_OP_NAT_DEL:
	case NST_OP_IP_FORWARD:
		b = ns_by_name(live, op->f[NST_F_NS]);
		if ((rc = need(b, op->f[NST_F_NS], err)) < 0) {
			return rc;
		}
		be_live_touch(live, b); /* ip_forward and the ruleset are read on re-read */
		if (op->kind == NST_OP_IP_FORWARD) {
			return be_ip_forward_enable(b->fd, be_live_nslist(live)->self_fd, b->self, err);
		}
		return be_nft_apply(op, b->fd, be_live_nslist(live)->self_fd, b->self, err);
	case NST_OP_NS_ADD:
		return apply_ns_add(live, op, err);
	case NST_OP_NS_DEL:
		/* the name may have been given to another namespace since: delete only the one shown */
		b = ns_by_name(live, op->f[NST_F_NS]);
		if (b && (rc = be_ns_check_alive(b, op->f[NST_F_NS], err)) < 0) {
			return rc;
		}
		return be_netns_delete(op->f[NST_F_NS], err);
	case NST_OP_VETH_ADD:
		return apply_veth(live, op, err);
	case NST_OP_BRIDGE_ADD:
		return apply_bridge(live, op, err);
	default:
		return apply_single(live, op, err);
	}
}
