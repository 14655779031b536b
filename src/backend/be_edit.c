/* SPDX-License-Identifier: MIT */
/*
 * Applying validated edits through libnl on each namespace's own socket.
 * Multi-step edits (veth + addresses + up, bridge + address + up, namespace
 * + lo up) undo what they made when a later step fails, so the user sees all
 * or nothing. Kernel refusals carry netlink's extended ack message.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "be_edit.h"

/* Netlink's extended ack text for the last refusal on this socket. */
struct ack {
	char msg[200];
};

/*
 * Append netlink's extended ack text (NLMSGERR_ATTR_MSG) of the error message
 * in msg (len bytes received) to why. Every length in the message is checked
 * against len: a short or lying message appends nothing (fuzz_extack.c).
 */
void be_extack_parse(const void *msg, size_t len, char *why, size_t why_len)
{
	const char *p = msg;
	struct nlmsghdr h;
	struct nlmsgerr e;
	size_t off = NLMSG_HDRLEN + sizeof(e), total;

	if (len < off || why_len == 0) {
		return;
	}
	memcpy(&h, p, sizeof(h));
	memcpy(&e, p + NLMSG_HDRLEN, sizeof(e));
	total = h.nlmsg_len < len ? h.nlmsg_len : len;
	if (h.nlmsg_type != NLMSG_ERROR || !(h.nlmsg_flags & NLM_F_ACK_TLVS) || total < off) {
		return;
	}
	/* Without NLM_F_CAPPED the whole request is echoed before the TLVs. */
	if (!(h.nlmsg_flags & NLM_F_CAPPED)) {
		/* aligned in size_t: NLMSG_ALIGN of a u32 near 4 GiB wraps to 0 */
		size_t echo = ((size_t)e.msg.nlmsg_len + NLMSG_ALIGNTO - 1) & ~(size_t)(NLMSG_ALIGNTO - 1);

		if (echo < sizeof(struct nlmsghdr) || echo - sizeof(struct nlmsghdr) > total - off) {
			return;
		}
		off += echo - sizeof(struct nlmsghdr);
	}
	while (off + sizeof(struct nlattr) <= total) {
		struct nlattr a;
		memcpy(&a, p + off, sizeof(a));
		if (a.nla_len < sizeof(a) || a.nla_len > total - off) {
			break;
		}
		if ((a.nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			size_t used = strnlen(why, why_len - 1);
			/* the kernel's text is NUL-terminated; a foreign one may not be, and stops at the attribute */
			size_t n = strnlen(p + off + sizeof(a), a.nla_len - sizeof(a));
			snprintf(why + used, why_len - used, ": %.*s", (int)n, p + off + sizeof(a));
			why[used + strcspn(why + used, "\n")] = '\0';
		}
		off += NLA_ALIGN(a.nla_len);
	}
}

void be_extack_append(const struct nlmsghdr *h, char *why, size_t len)
{
	be_extack_parse(h, h->nlmsg_len, why, len);
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct ack *ack = arg;
	const struct nlmsghdr *h = (const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);

	(void)who;
	ack->msg[0] = '\0';
	be_extack_append(h, ack->msg, sizeof(ack->msg));
	/* be_extack_append writes ": text"; keep only the text */
	if (ack->msg[0] == ':') {
		memmove(ack->msg, ack->msg + 2, strlen(ack->msg + 2) + 1);
	}
	return NL_STOP; /* libnl turns e->error into its own code */
}

void be_edit_begin(struct be_edit *ed, struct nl_sock *sk)
{
	int one = 1;

	memset(ed, 0, sizeof(*ed));
	ed->sk = sk;
	ed->ack = calloc(1, sizeof(struct ack));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, on_error, ed->ack);
}

void be_edit_end(struct be_edit *ed)
{
	if (!ed->sk) {
		return;
	}
	nl_socket_modify_err_cb(ed->sk, NL_CB_DEFAULT, NULL, NULL);
	free(ed->ack);
	ed->ack = NULL;
	ed->sk = NULL;
}

int be_edit_fail(struct be_edit *ed, int nlerr, struct be_error *err, const char *what)
{
	const struct ack *ack = ed->ack;

	be_error_set(err, -EIO, "%s: %s%s%s", what, nl_geterror(nlerr), ack && ack->msg[0] ? ": " : "",
		     ack && ack->msg[0] ? ack->msg : "");
	return -EIO;
}

int be_edit_ifindex(struct be_edit *ed, const char *name, int *ifindex)
{
	struct rtnl_link *l = NULL;
	int rc = rtnl_link_get_kernel(ed->sk, 0, name, &l);

	if (rc < 0) {
		return rc;
	}
	if (!l) {
		return -NLE_OBJ_NOTFOUND; /* libnl can return 0 without a link when a reply was skipped */
	}
	*ifindex = rtnl_link_get_ifindex(l);
	rtnl_link_put(l);
	return 0;
}

int be_edit_set_up(struct be_edit *ed, const char *name, bool up)
{
	struct rtnl_link *orig = NULL, *chg = rtnl_link_alloc();
	int rc = rtnl_link_get_kernel(ed->sk, 0, name, &orig);

	if (rc == 0 && !orig) {
		rc = -NLE_OBJ_NOTFOUND;
	}
	if (rc == 0) {
		if (up) {
			rtnl_link_set_flags(chg, IFF_UP);
		} else {
			rtnl_link_unset_flags(chg, IFF_UP);
		}
		rc = rtnl_link_change(ed->sk, orig, chg, 0);
	}
	rtnl_link_put(chg);
	rtnl_link_put(orig);
	return rc;
}

int be_edit_addr(struct be_edit *ed, const char *dev, const char *cidr, bool add)
{
	struct rtnl_addr *a = rtnl_addr_alloc();
	struct nl_addr *local = NULL;
	int ifindex = 0;
	int rc = be_edit_ifindex(ed, dev, &ifindex);

	if (rc == 0) {
		rc = nl_addr_parse(cidr, AF_UNSPEC, &local);
	}
	if (rc == 0) {
		rtnl_addr_set_ifindex(a, ifindex);
		rtnl_addr_set_family(a, nl_addr_get_family(local));
		rc = rtnl_addr_set_local(a, local);
	}
	if (rc == 0) {
		rc = add ? rtnl_addr_add(ed->sk, a, NLM_F_EXCL) : rtnl_addr_delete(ed->sk, a, 0);
	}
	nl_addr_put(local);
	rtnl_addr_put(a);
	return rc;
}

int be_edit_link_delete(struct be_edit *ed, const char *name)
{
	struct rtnl_link *l = rtnl_link_alloc();
	int rc;

	rtnl_link_set_name(l, name);
	rc = rtnl_link_delete(ed->sk, l);
	rtnl_link_put(l);
	return rc;
}

int be_edit_veth(struct be_edit *ed, const char *name, const char *peer, int peer_ns_fd)
{
	struct rtnl_link *veth = rtnl_link_veth_alloc();
	struct rtnl_link *p;
	int rc;

	if (!veth) {
		return -NLE_NOMEM;
	}
	/* One request creates both ends, the peer directly in its namespace (ARCHITECTURE.md §8). */
	p = rtnl_link_veth_get_peer(veth);
	rtnl_link_set_name(veth, name);
	rtnl_link_set_name(p, peer);
	if (peer_ns_fd >= 0) {
		rtnl_link_set_ns_fd(p, peer_ns_fd);
	}
	rc = rtnl_link_add(ed->sk, veth, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(p);
	rtnl_link_veth_release(veth);
	return rc;
}

int be_edit_bridge(struct be_edit *ed, const char *name)
{
	struct rtnl_link *l = rtnl_link_alloc();
	int rc = rtnl_link_set_type(l, "bridge");

	if (rc == 0) {
		rtnl_link_set_name(l, name);
		rc = rtnl_link_add(ed->sk, l, NLM_F_CREATE | NLM_F_EXCL);
	}
	rtnl_link_put(l);
	return rc;
}

int be_edit_move(struct be_edit *ed, const char *name, int target_fd)
{
	struct rtnl_link *orig = NULL, *chg = rtnl_link_alloc();
	int rc = rtnl_link_get_kernel(ed->sk, 0, name, &orig);

	if (rc == 0 && !orig) {
		rc = -NLE_OBJ_NOTFOUND;
	}
	if (rc == 0) {
		rtnl_link_set_ns_fd(chg, target_fd);
		rc = rtnl_link_change(ed->sk, orig, chg, 0);
	}
	rtnl_link_put(chg);
	rtnl_link_put(orig);
	return rc;
}

int be_edit_master(struct be_edit *ed, const char *name, const char *master)
{
	int ifindex = 0, master_ifindex = 0;
	int rc = be_edit_ifindex(ed, name, &ifindex);

	if (rc == 0 && master) {
		rc = be_edit_ifindex(ed, master, &master_ifindex);
	}
	if (rc == 0) {
		rc = master ? rtnl_link_enslave_ifindex(ed->sk, master_ifindex, ifindex)
			    : rtnl_link_release_ifindex(ed->sk, ifindex);
	}
	return rc;
}

int be_edit_route(struct be_edit *ed, const char *dst, const char *gateway, const char *dev, bool add)
{
	struct rtnl_route *r = rtnl_route_alloc();
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	struct nl_addr *d = NULL, *gw = NULL;
	int ifindex = 0, rc = 0;

	if (dev && *dev) {
		rc = be_edit_ifindex(ed, dev, &ifindex);
	}
	if (rc == 0 && gateway && *gateway) {
		rc = nl_addr_parse(gateway, AF_UNSPEC, &gw);
	}
	if (rc == 0) {
		int family = gw ? nl_addr_get_family(gw) : AF_INET;
		if (strcmp(dst, "default") == 0) {
			rc = nl_addr_parse(family == AF_INET6 ? "::/0" : "0.0.0.0/0", family, &d);
		} else {
			rc = nl_addr_parse(dst, AF_UNSPEC, &d);
		}
	}
	if (rc == 0) {
		rtnl_route_set_family(r, nl_addr_get_family(d));
		rtnl_route_set_table(r, RT_TABLE_MAIN);
		rtnl_route_set_protocol(r, RTPROT_BOOT); /* what `ip route add` uses */
		rc = rtnl_route_set_dst(r, d);
	}
	if (rc == 0) {
		if (gw) {
			rtnl_route_nh_set_gateway(nh, gw);
		}
		if (ifindex) {
			rtnl_route_nh_set_ifindex(nh, ifindex);
		}
		/* a delete by destination alone carries no next hop (a route using a nexthop object matches no
		 * other) and says its scope: libnl would guess link for a route without hops, as `ip route add
		 * DST nhid N` makes universe */
		if (gw || ifindex) {
			rtnl_route_add_nexthop(r, nh);
			nh = NULL; /* owned by the route now */
		} else {
			rtnl_route_set_scope(r, RT_SCOPE_UNIVERSE);
		}
		rc = add ? rtnl_route_add(ed->sk, r, NLM_F_EXCL) : rtnl_route_delete(ed->sk, r, 0);
	}
	if (nh) {
		rtnl_route_nh_free(nh);
	}
	nl_addr_put(gw);
	nl_addr_put(d);
	rtnl_route_put(r);
	return rc;
}
