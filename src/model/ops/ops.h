/* SPDX-License-Identifier: MIT */
/*
 * Topology edits as data: what the UI's forms produce, what the model
 * validates before anything is sent, what the backend applies, and the
 * iproute2 commands each one equals (for the action log and scripts).
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "model.h"

enum nst_op_kind {
	NST_OP_NS_ADD,       /* name [lo up] */
	NST_OP_NS_DEL,       /* ns */
	NST_OP_VETH_ADD,     /* name, ns, peer, peer_ns [addr, peer_addr, up] */
	NST_OP_BRIDGE_ADD,   /* name, ns [addr, up] */
	NST_OP_LINK_DEL,     /* ns, name */
	NST_OP_LINK_UP,      /* ns, name */
	NST_OP_LINK_DOWN,    /* ns, name */
	NST_OP_LINK_MOVE,    /* ns, name, peer_ns = target namespace */
	NST_OP_LINK_MASTER,  /* ns, name, peer = bridge */
	NST_OP_LINK_NOMASTER,/* ns, name */
	NST_OP_ADDR_ADD,     /* ns, name = device, addr */
	NST_OP_ADDR_DEL,     /* ns, name = device, addr */
	NST_OP_ROUTE_ADD,    /* ns, dst, gateway and/or name = device */
	NST_OP_ROUTE_DEL,    /* ns, dst, gateway, name as shown */
	NST_OP_NAT_FORWARD,  /* ns, proto, port [iif, daddr], to_addr [to_port]: DNAT in table ip nstop */
	NST_OP_NAT_MASQ,     /* ns [src, oif, snat_to]: masquerade, or SNAT to a fixed address */
	NST_OP_NAT_DEL,      /* ns, family, table, chain, handle */
	NST_OP_IP_FORWARD,   /* ns: net.ipv4.ip_forward = 1 */
};

/* Fields of an op; which ones an op uses is listed above. Text, as typed. */
enum nst_field {
	NST_F_NONE = -1,
	NST_F_NAME,
	NST_F_NS,
	NST_F_PEER,
	NST_F_PEER_NS,
	NST_F_ADDR,
	NST_F_PEER_ADDR,
	NST_F_DST,
	NST_F_GATEWAY,
	NST_F_UP,
	NST_F_PROTO,
	NST_F_PORT,
	NST_F_IIF,
	NST_F_DADDR,
	NST_F_TO_ADDR,
	NST_F_TO_PORT,
	NST_F_SRC,
	NST_F_OIF,
	NST_F_SNAT_TO,
	NST_F_FAMILY,
	NST_F_TABLE,
	NST_F_CHAIN,
	NST_F_HANDLE,
	NST_F_COUNT
};

#define NST_OP_TEXT 256

/*
 * What the op's names meant when the person made it (nst_op_remember): a name
 * deleted and made again is another object, so an op applied later acts only
 * while its names still mean these (nst_op_validate checks it).
 */
struct nst_op_seen {
	bool ns_set, peer_ns_set, link_set;
	struct nst_ns_id ns, peer_ns; /* NST_F_NS, NST_F_PEER_NS */
	int ifindex;                  /* NST_F_NAME in NST_F_NS, for ops on an existing link */
};

struct nst_op {
	enum nst_op_kind kind;
	char f[NST_F_COUNT][NST_OP_TEXT];
	int too_long; /* 0, or 1 + a field set to a text it cannot hold whole (the op is refused) */
	struct nst_op_seen seen;
};

struct nst_op_error {
	enum nst_field field; /* the field to show the message next to, or NST_F_NONE */
	char msg[768];        /* room for two full namespace names */
};

const char *nst_op_kind_name(enum nst_op_kind kind); /* "add veth pair", ... */
void nst_op_init(struct nst_op *op, enum nst_op_kind kind);
void nst_op_set(struct nst_op *op, enum nst_field f, const char *text);
bool nst_op_flag(const struct nst_op *op, enum nst_field f); /* "y", "yes", "1", "on" */

/*
 * Check the op against syntax and the model (names free or present, address
 * syntax, what may be deleted). 0 when it may be sent; else -1 with err set.
 */
int nst_op_validate(const struct nst_op *op, const struct nst_model *m, struct nst_op_error *err);
/* Record which objects op's names mean in m now (once: a second call keeps the first). */
void nst_op_remember(struct nst_op *op, const struct nst_model *m);

/*
 * The iproute2 commands the op equals, one per line ("ip -n ns1 addr add
 * 192.168.10.2/24 dev vethB\n"), in the order the backend performs them;
 * malloc'd, the caller frees it. Every name is one shell word (quote.h), so
 * a line never holds a raw newline. m (may be NULL) says what kind each
 * namespace is: a process-held one is reached with `nsenter -t PID -n`, a
 * mount with `nsenter --net=PATH`. What cannot be written (a chain name nft
 * cannot hold) is a comment line that says why.
 */
char *nst_op_commands(const struct nst_op *op, const struct nst_model *m);

/* nstop's own NAT table and chains (created on first use, in one batch with the rule). */
#define NST_NAT_TABLE "nstop"
#define NST_NAT_PRE_CHAIN "prerouting"
#define NST_NAT_POST_CHAIN "postrouting"

/*
 * The rule a port forward or masquerade op adds, in nft syntax as nstop's
 * decoder prints it with counters left out ("iifname \"eno1\" tcp dport 8080
 * counter dnat to 192.168.10.2:80"); "" for other ops, for an interface name
 * nft cannot quote, or when it does not fit.
 */
void nst_op_nat_rule(const struct nst_op *op, char *buf, size_t len);

/*
 * The nft commands that append rule (nft syntax) to chain of table ip nstop
 * in namespace ns ('/' is nstop's own), making the table and the nat chain
 * (hook, priority) first: the lines nst_op_commands writes for a NAT op.
 */
char *nst_nat_rule_commands(const struct nst_model *m, const char *ns, const char *chain, const char *hook,
			    int priority, const char *rule);

/* Syntax checks the validator uses (also for the forms): true when valid, else msg set. */
bool nst_check_ifname(const char *s, char *msg, size_t len);
bool nst_check_nsname(const char *s, char *msg, size_t len);
/* "a.b.c.d/p" or "x::y/p"; host bits allowed unless network_only. */
bool nst_parse_cidr(const char *s, struct nst_addr *out, bool network_only, char *msg, size_t len);
/* A host address (no prefix, not the unspecified, multicast or broadcast address). */
bool nst_parse_host(const char *s, struct nst_addr *out, char *msg, size_t len);
