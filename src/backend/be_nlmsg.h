/* SPDX-License-Identifier: MIT */
/*
 * Netlink input nstop can trust: only the kernel's messages (sender nl_pid
 * 0), only the replies to our own request (port id, sequence number), one
 * dump routine for rtnl and nfnetlink, raw parsers that validate every
 * attribute before a decoder sees it. No libnl types: the fuzz harness
 * builds this header with the model alone.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model.h"

struct nlattr;

struct nlmsghdr;

/* Restarts of a dump the kernel flagged NLM_F_DUMP_INTR before giving up (-EINTR). */
#define BE_DUMP_TRIES 5

/*
 * Every message nstop refused, in every namespace, since it started (foreign
 * senders, other requests' sequence numbers, failed validation).
 */
uint64_t be_nl_dropped_total(void);
/* Count one refused message: into *ns_count (may be NULL) and the total. */
void be_nl_drop(uint64_t *ns_count);

/*
 * Connect a bound netlink socket to the kernel (port 0): the kernel then
 * refuses unicast to it from any other sender (ECONNREFUSED at the sender).
 * Multicast still arrives, which be_nl_recv filters. 0 or -errno.
 */
int be_nl_connect_kernel(int fd);

/*
 * Receive one datagram. Returns its length; 0 when it did not come from the
 * kernel (dropped and counted in *dropped); -errno (-EAGAIN, -ENOBUFS, ...;
 * -EMSGSIZE when it did not fit buf: the kernel's message is lost).
 */
ssize_t be_nl_recv(int fd, void *buf, size_t len, int flags, uint64_t *dropped);

/* Per reply message; a negative result means "invalid, not used" (counted as dropped). */
typedef int (*be_nl_msg_fn)(const struct nlmsghdr *h, void *ctx);

struct be_dump_ops {
	be_nl_msg_fn msg;
	/* Forget what msg collected: the dump restarts from scratch. May be NULL. */
	void (*reset)(void *ctx);
};

/*
 * Send the dump request req (nlmsg_len bytes; NLM_F_DUMP is set here) on fd
 * and feed each reply to ops->msg. A fresh sequence number per attempt; read
 * to NLMSG_DONE even after a bad message; NLM_F_DUMP_INTR → ops->reset and
 * restart, at most BE_DUMP_TRIES times. 0 when one attempt was read whole;
 * -EINTR when every attempt was interrupted (-EBUSY: an earlier dump on the
 * socket was still running each time); the kernel's -errno from an
 * NLMSG_ERROR; -ETIMEDOUT when the kernel stopped answering. On failure the
 * caller must not adopt what ops->msg collected.
 */
int be_nl_dump(int fd, struct nlmsghdr *req, const struct be_dump_ops *ops, void *ctx, uint64_t *dropped);
/* fd's local port (getsockname's nl_pid), 0 when it cannot be had. */
uint32_t be_nl_local_port(int fd);
/* The same on a socket whose local port (getsockname's nl_pid) the caller knows: one syscall less per dump. */
int be_nl_dump_port(int fd, uint32_t port, struct nlmsghdr *req, const struct be_dump_ops *ops, void *ctx,
		    uint64_t *dropped);

/*
 * A single request with NLM_F_ACK (set here): replies go to fn (may be
 * NULL), until the kernel's ACK (0) or error (-errno, extack text appended
 * to why when why is not NULL).
 */
int be_nl_request(int fd, struct nlmsghdr *req, be_nl_msg_fn fn, void *ctx, uint64_t *dropped, char *why,
		  size_t why_len);
int be_nl_request_port(int fd, uint32_t port, struct nlmsghdr *req, be_nl_msg_fn fn, void *ctx, uint64_t *dropped,
		       char *why, size_t why_len);

/* A fresh sequence number for a request nstop builds itself. */
uint32_t be_nl_next_seq(void);

/*
 * be_rtnl_parse.c: one raw rtnetlink message into ns. Each checks the
 * message type, the fixed header length and every attribute it reads
 * against a type table first; on any failure nothing is added and the
 * result is -EBADMSG. Stats are sampled at now_ms.
 */
int be_rtnl_parse_link(const struct nlmsghdr *h, struct nst_ns *ns, uint64_t now_ms, struct nst_link **out);
/* be_link_kinds.c: IFLA_INFO_DATA of kind id into *info, *lower the lower device's ifindex it names
 * (a tunnel's underlay: vxlan, gre*, ip tunnels; 0: IFLA_LINK's, or none). -EBADMSG when an attribute breaks the kind's rules. */
int be_link_info_decode(enum nst_kind id, const struct nlmsghdr *h, const struct nlattr *data,
			struct nst_link_info *info, int *lower);
/* A master's data about this link (IFLA_INFO_SLAVE_KIND, _DATA; either NULL: nothing): a bond member's state
 * into *info, which it adds to (call after be_link_info_decode). -EBADMSG when the data breaks its rules. */
int be_link_slave_decode(const struct nlmsghdr *h, const struct nlattr *slave_kind, const struct nlattr *data,
			 struct nst_link_info *info);
/* The first eight counters of struct rtnl_link_stats64 (as IFLA_STATS64 and IFLA_STATS_LINK_64 carry
 * them) into st: the one place that knows their order. */
void be_counters_from64(const uint64_t v[8], struct nst_stats *st);
/* An address of a link ns has (an address of an unknown ifindex is skipped, 0). */
int be_rtnl_parse_addr(const struct nlmsghdr *h, struct nst_ns *ns);
/* A route of any table, ECMP as one route with its next hops; what nstop cannot decode is kept with r->warning. */
int be_rtnl_parse_route(const struct nlmsghdr *h, struct nst_ns *ns);
struct nlattr;
/* be_rtnl_encap.c: RTA_ENCAP of RTA_ENCAP_TYPE type as text (encap may be NULL); why: "" or what was not decoded. */
void be_rtnl_encap_text(uint16_t type, const struct nlattr *encap, char *out, size_t len, char *why, size_t why_len);
/* be_rtnl_rule.c: one RTM_NEWRULE of IPv4 or IPv6 into ns->rules (other families: 0, nothing added). */
int be_rtnl_parse_rule(const struct nlmsghdr *h, struct nst_ns *ns);
/* be_rtnl_nexthop.c: one RTM_NEWNEXTHOP into ns->nhobjs; -EBADMSG (nothing added) for no id or a torn group. */
int be_rtnl_parse_nexthop(const struct nlmsghdr *h, struct nst_ns *ns);
/* be_rtnl_neigh.c: one RTM_NEWNEIGH of AF_INET, AF_INET6 (`ip neigh`) or AF_BRIDGE (`bridge fdb`) into
 * ns->neighs (other families: 0, nothing added); an address not of its family's length, an lladdr
 * over 32 bytes, an FDB entry without a 6-byte MAC: -EBADMSG. */
int be_rtnl_parse_neigh(const struct nlmsghdr *h, struct nst_ns *ns);
/* RTM_NEWNETCONF: per-link forwarding (IPv4, IPv6) and rp_filter, ip_forward and IPv6 all.forwarding into ns. */
int be_rtnl_parse_netconf(const struct nlmsghdr *h, struct nst_ns *ns);

/*
 * be_nlattr.c. Expected type of an attribute nstop reads (libmnl's data
 * types); with min_len, at least that many payload bytes too. Types without
 * a rule (all zero) are kept unchecked and must not be read.
 */
struct nlattr;
struct be_attr_rule {
	int type; /* enum mnl_attr_data_type */
	size_t min_len;
};
/*
 * Fill tb[0..max] from the attributes after a fixed header of hdr_len bytes
 * of h, or inside nest when nest is not NULL. -EBADMSG when an attribute
 * runs past the end, bytes are torn after the last, or one breaks its rule.
 */
int be_nl_parse_attrs(const struct nlmsghdr *h, size_t hdr_len, const struct nlattr *nest,
		      const struct be_attr_rule *rules, uint16_t max, const struct nlattr **tb);

/* be_nft_parse.c: an nf_tables chain as nstop needs it. */
struct be_nft_chain {
	uint32_t family;
	char table[NST_NFT_NAMELEN], name[NST_NFT_NAMELEN], type[16];
	uint64_t handle;
	bool has_hook;
	uint32_t hook;
	int32_t prio;
	bool has_policy;
	uint32_t policy;           /* NF_ACCEPT, NF_DROP */
	char device[NST_FW_IFNAME]; /* the one hook device (netdev, inet ingress); "" when none or several */
	unsigned n_devices;
};
/* One NFT_MSG_NEWCHAIN message, every attribute validated; -EBADMSG otherwise. */
int be_nft_parse_chain(const struct nlmsghdr *h, struct be_nft_chain *out);

struct be_nft_table {
	uint32_t family;
	char name[NST_NFT_NAMELEN];
	uint64_t handle;
};
/* NFT_MSG_NEWGEN: the ruleset's generation, which every committed change moves on. */
int be_nft_parse_gen(const struct nlmsghdr *h, uint32_t *id);
/* One NFT_MSG_NEWTABLE message, as be_nft_parse_chain. */
int be_nft_parse_table(const struct nlmsghdr *h, struct be_nft_table *out);

/* One NFT_MSG_NEWRULE message: its expressions (owned: be_nft_rule_free) and udata comment. */
struct be_nft_rule {
	uint32_t family;
	char table[NST_NFT_NAMELEN], chain[NST_NFT_NAMELEN];
	uint64_t handle;
	struct nst_expr *exprs; /* their xt info points into the message: decode before it goes */
	size_t n;
	bool has_comment;
	char comment[NST_FW_COMMENT];
};
int be_nft_parse_rule(const struct nlmsghdr *h, struct be_nft_rule *out);
void be_nft_rule_free(struct be_nft_rule *r);
/* The parsed rule as the ruleset keeps it (verdict, counter, comment, text). */
void be_nft_rule_fw(const struct be_nft_rule *r, struct nst_fw_rule *out);
/* "ip", "ip6", "inet", "bridge", "arp", "netdev", or NULL. */
const char *be_nft_family_name(uint32_t nfproto);

/*
 * Walk the messages of a datagram of len bytes. libmnl's mnl_nlmsg_ok casts
 * nlmsg_len to int, so a length of 2^31 or more passes its check: use this.
 */
bool be_nlmsg_ok(const struct nlmsghdr *h, size_t len);
const struct nlmsghdr *be_nlmsg_next(const struct nlmsghdr *h, size_t *len);
