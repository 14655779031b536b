/* SPDX-License-Identifier: MIT */
/*
 * One namespace's links, addresses and main-table routes through libnl.
 * The socket is created inside the namespace (be_rtnl_open) and keeps it;
 * the dumps themselves can run from anywhere.
 */
#include <errno.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <netlink/route/rtnl.h>
#include <stdio.h>
#include <string.h>

#include "be_internal.h"

/* Big enough for one dump burst of a busy namespace; libnl's default is 32 KiB. */
#define BE_RTNL_RCVBUF (4 * 1024 * 1024)

int be_rtnl_open(struct be_ns *bns, struct be_error *err)
{
	struct nl_sock *sk = nl_socket_alloc();
	int rc;

	if (!sk) {
		be_error_set(err, -ENOMEM, "%s: cannot allocate netlink socket", bns->name);
		return -ENOMEM;
	}
	rc = nl_connect(sk, NETLINK_ROUTE);
	if (rc < 0) {
		be_error_set(err, -EIO, "%s: netlink connect: %s", bns->name, nl_geterror(rc));
		nl_socket_free(sk);
		return -EIO;
	}
	nl_socket_set_buffer_size(sk, BE_RTNL_RCVBUF, 0);
	bns->sk = sk;
	return 0;
}

static void copy_nl_addr(struct nst_addr *out, struct nl_addr *a)
{
	unsigned int len = nl_addr_get_len(a);

	memset(out, 0, sizeof(*out));
	out->family = nl_addr_get_family(a);
	if (len > sizeof(out->bytes)) {
		len = sizeof(out->bytes);
	}
	memcpy(out->bytes, nl_addr_get_binary_addr(a), len);
	out->prefixlen = (uint8_t)nl_addr_get_prefixlen(a);
}

struct link_ctx {
	struct nst_ns *ns;
	uint64_t now_ms;
};

static void read_stats(struct rtnl_link *rl, struct nst_stats *st)
{
	st->rx_bytes = rtnl_link_get_stat(rl, RTNL_LINK_RX_BYTES);
	st->tx_bytes = rtnl_link_get_stat(rl, RTNL_LINK_TX_BYTES);
	st->rx_packets = rtnl_link_get_stat(rl, RTNL_LINK_RX_PACKETS);
	st->tx_packets = rtnl_link_get_stat(rl, RTNL_LINK_TX_PACKETS);
	st->rx_dropped = rtnl_link_get_stat(rl, RTNL_LINK_RX_DROPPED);
	st->tx_dropped = rtnl_link_get_stat(rl, RTNL_LINK_TX_DROPPED);
}

static void fill_link(struct link_ctx *ctx, struct rtnl_link *rl)
{
	struct nst_ns *ns = ctx->ns;
	struct nst_stats st;
	const char *name = rtnl_link_get_name(rl);
	struct nst_link *l = nst_ns_add_link(ns, rtnl_link_get_ifindex(rl), name ? name : "?");
	const char *type = rtnl_link_get_type(rl);
	unsigned int flags = rtnl_link_get_flags(rl);
	struct nl_addr *mac = rtnl_link_get_addr(rl);

	if (flags & IFF_LOOPBACK) {
		snprintf(l->kind, sizeof(l->kind), "loopback");
	} else if (type) {
		snprintf(l->kind, sizeof(l->kind), "%s", type);
	}
	l->up = flags & IFF_UP;
	rtnl_link_operstate2str(rtnl_link_get_operstate(rl), l->operstate, sizeof(l->operstate));
	l->mtu = rtnl_link_get_mtu(rl);
	if (mac && nl_addr_get_len(mac) > 0) {
		nl_addr2str(mac, l->mac, sizeof(l->mac));
	}
	l->master_ifindex = rtnl_link_get_master(rl);
	read_stats(rl, &st);
	nst_link_sample_stats(l, &st, ctx->now_ms);

	if (!type || strcmp(type, "veth") != 0) {
		return;
	}
	int32_t nsid;
	int peer = rtnl_link_get_link(rl);
	if (peer <= 0) {
		/* The first message for a fresh veth can lack IFLA_LINK (DESIGN.md §4). We
		 * are inside the namespace during reads, so ethtool can answer. */
		if (be_ethtool_peer_ifindex(l->name, &peer) < 0 || peer <= 0) {
			return;
		}
		l->has_peer = true;
		l->peer_ifindex = peer;
		l->peer_elsewhere = true; /* where it lives is unknown: pairing decides */
		l->peer_nsid = -1;
		return;
	}
	l->has_peer = true;
	l->peer_ifindex = peer;
	if (rtnl_link_get_link_netnsid(rl, &nsid) == 0) {
		l->peer_elsewhere = true;
		l->peer_nsid = nsid;
	}
}

static void fill_addr(struct nst_ns *ns, struct rtnl_addr *ra)
{
	struct nst_link *l = nst_ns_find_link(ns, rtnl_addr_get_ifindex(ra));
	struct nl_addr *local = rtnl_addr_get_local(ra);
	struct nst_addr a;

	if (!l || !local) {
		return;
	}
	copy_nl_addr(&a, local);
	a.prefixlen = (uint8_t)rtnl_addr_get_prefixlen(ra);
	nst_link_add_addr(l, &a);
}

/* One model route per next hop: a multipath route becomes one entry per hop. */
static void fill_route(struct nst_ns *ns, struct rtnl_route *rr)
{
	if (rtnl_route_get_table(rr) != RT_TABLE_MAIN) {
		return;
	}
	struct nl_addr *dst = rtnl_route_get_dst(rr);
	int hops = rtnl_route_get_nnexthops(rr);

	for (int i = 0; i < (hops > 0 ? hops : 1); i++) {
		struct nst_route *r = nst_ns_add_route(ns);

		r->family = rtnl_route_get_family(rr);
		if (!dst || nl_addr_get_prefixlen(dst) == 0) {
			r->is_default = true;
		} else {
			copy_nl_addr(&r->dst, dst);
		}
		if (hops > 0) {
			struct rtnl_nexthop *nh = rtnl_route_nexthop_n(rr, i);
			struct nl_addr *gw = rtnl_route_nh_get_gateway(nh);

			r->oif = rtnl_route_nh_get_ifindex(nh);
			if (gw) {
				r->has_gateway = true;
				copy_nl_addr(&r->gateway, gw);
			}
		}
		rtnl_scope2str(rtnl_route_get_scope(rr), r->scope, sizeof(r->scope));
		rtnl_route_proto2str(rtnl_route_get_protocol(rr), r->protocol, sizeof(r->protocol));
	}
}

static void each_link(struct nl_object *o, void *arg)
{
	fill_link(arg, (struct rtnl_link *)o);
}

static void each_link_stats(struct nl_object *o, void *arg)
{
	struct link_ctx *ctx = arg;
	struct rtnl_link *rl = (struct rtnl_link *)o;
	struct nst_link *l = nst_ns_find_link(ctx->ns, rtnl_link_get_ifindex(rl));
	struct nst_stats st;

	if (l) {
		read_stats(rl, &st);
		nst_link_sample_stats(l, &st, ctx->now_ms);
	}
}

int be_rtnl_sample_stats(struct be_ns *bns, struct nst_ns *ns, uint64_t now_ms)
{
	struct nl_cache *links = NULL;
	struct link_ctx ctx = { ns, now_ms };
	int rc = rtnl_link_alloc_cache(bns->sk, AF_UNSPEC, &links);

	if (rc == 0) {
		nl_cache_foreach(links, each_link_stats, &ctx);
	}
	nl_cache_free(links);
	return rc == 0 ? 0 : -EIO;
}

static void each_addr(struct nl_object *o, void *arg)
{
	fill_addr(arg, (struct rtnl_addr *)o);
}

/*
 * Routes are dumped without libnl's cache: the cache keys routes by
 * destination and metric, not device, so the fe80::/64 of every link would
 * collapse into one (it replaces duplicates, merging only gatewayed IPv6).
 */
static int route_msg(struct nl_msg *msg, void *arg)
{
	struct rtnl_route *rr = NULL;

	if (nlmsg_hdr(msg)->nlmsg_type == RTM_NEWROUTE && rtnl_route_parse(nlmsg_hdr(msg), &rr) == 0) {
		fill_route(arg, rr);
		rtnl_route_put(rr);
	}
	return NL_OK;
}

static int dump_routes(struct nl_sock *sk, struct nst_ns *ns)
{
	struct rtmsg rtm = { .rtm_family = AF_UNSPEC };
	struct nl_cb *sock_cb, *cb;
	int rc;

	/* A dump interrupted by a concurrent change is retried from scratch. */
	for (int attempt = 0; attempt < 3; attempt++) {
		ns->n_routes = 0;
		rc = nl_send_simple(sk, RTM_GETROUTE, NLM_F_DUMP, &rtm, sizeof(rtm));
		if (rc < 0) {
			return rc;
		}
		sock_cb = nl_socket_get_cb(sk);
		cb = nl_cb_clone(sock_cb);
		nl_cb_put(sock_cb);
		if (!cb) {
			return -NLE_NOMEM;
		}
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, route_msg, ns);
		rc = nl_recvmsgs(sk, cb);
		nl_cb_put(cb);
		if (rc != -NLE_DUMP_INTR) {
			break;
		}
	}
	return rc < 0 ? rc : 0;
}

int be_rtnl_read(struct be_ns *bns, struct nst_ns *ns, uint64_t now_ms, struct be_error *err)
{
	struct link_ctx ctx = { ns, now_ms };
	struct nl_cache *links = NULL, *addrs = NULL;
	int rc;

	rc = rtnl_link_alloc_cache(bns->sk, AF_UNSPEC, &links);
	if (rc == 0) {
		nl_cache_foreach(links, each_link, &ctx);
		rc = rtnl_addr_alloc_cache(bns->sk, &addrs);
	}
	if (rc == 0) {
		nl_cache_foreach(addrs, each_addr, ns);
		rc = dump_routes(bns->sk, ns);
	}
	if (rc < 0) {
		be_error_set(err, -EIO, "%s: netlink dump failed: %s", bns->name, nl_geterror(rc));
	}
	nl_cache_free(addrs);
	nl_cache_free(links);
	return rc == 0 ? 0 : -EIO;
}
