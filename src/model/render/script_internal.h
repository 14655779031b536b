/* SPDX-License-Identifier: MIT */
/*
 * What the files of `nstop --export-script` share: the plan of each link, the
 * script's state, the quoting and comment helpers, and each section's writer.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>

#include "model.h"

/* What the script does with one link. */
enum plan {
	PLAN_NONE,   /* outside --ns: not mentioned */
	PLAN_SKIP,   /* mentioned in a comment only */
	PLAN_EXISTS, /* lo: the kernel makes it; the script only configures it */
	PLAN_CREATE, /* created and configured */
	PLAN_PEER,   /* created as the far end of a selected veth, nothing else (--ns) */
};

struct script {
	const struct nst_model *m;
	const struct nst_ns *only;
	FILE *out;
	size_t *base;        /* per namespace: index of its first link in the arrays below */
	enum plan *plan;     /* per link */
	size_t *partner;     /* per veth: the other end (flat index), or SIZE_MAX */
	bool *first;         /* per veth: the pair's `link add` is written from this end */
	bool *ns_add;        /* per namespace: the script runs `ip netns add` for it */
	size_t *order;       /* the links script_kinds.c creates (flat indices), lower devices first */
	size_t n_order;
};

/* A shell word for s (quote.h): the one shell quoter. */
void nst_script_word(const char *s, FILE *out);
/* Text inside a comment: printable only (quote.h), so a newline in a name cannot end it. */
void nst_script_comment(const char *s, FILE *out);
/* `ip ` for the namespace the script runs in, `ip -n NAME ` for a named one. */
void nst_script_ip(const struct nst_ns *ns, bool inet6, FILE *out);
/* A namespace in a comment: its display name, and the path or name the commands use when that differs. */
void nst_script_comment_ns(const struct nst_ns *ns, FILE *out);
/* "# skipped ns1 eth0: " and the like, the name made safe for a comment. */
void nst_script_skip(const struct nst_ns *ns, const char *what, FILE *out);
/* " netns NAME" for `ip link add`: a path for a numeric name (a number is a pid), $$ for the script's own. */
void nst_script_netns_arg(const struct nst_ns *target, FILE *out);
/* The link at flat index idx; *ns gets its namespace. */
const struct nst_link *nst_script_flat_link(const struct script *s, size_t idx, const struct nst_ns **ns);

static inline bool recreatable(const struct nst_ns *ns)
{
	return ns->kind == NST_NS_SELF || ns->kind == NST_NS_NAMED;
}

static inline bool selected(const struct script *s, const struct nst_ns *ns)
{
	return !s->only || s->only == ns;
}

static inline size_t ns_index(const struct script *s, const struct nst_ns *ns)
{
	return (size_t)(ns - s->m->ns);
}

static inline size_t flat(const struct script *s, const struct nst_ns *ns, const struct nst_link *l)
{
	return s->base[ns_index(s, ns)] + (size_t)(l - ns->links);
}

static inline bool is_kind(const struct nst_link *l, enum nst_kind kind)
{
	return nst_link_is(l, kind);
}

static inline bool configured(enum plan p)
{
	return p == PLAN_CREATE || p == PLAN_EXISTS;
}

static inline bool addr_is_link_local(const struct nst_addr *a)
{
	return a->family == AF_INET6 && a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80;
}

/* script_kinds.c: the kinds made by `ip link add ... type KIND` or `ip tuntap` (not veth, bridge, lo). */
bool nst_script_kind_made(const struct nst_link *l);
/* After plan_links: which of them can be made (their lower device first), in s->order; the rest PLAN_SKIP. */
void nst_script_plan_kinds(struct script *s);
/* Why a link of such a kind is PLAN_SKIP, for its comment; NULL when it is not one. */
const char *nst_script_kind_skip_why(const struct script *s, const struct nst_link *l, char *buf, size_t len);
/* The `ip link add` (or `ip tuntap add`) lines of s->order. */
void nst_script_kinds(const struct script *s);
/* A bridge's options nstop decodes (stp_state, forward_delay, vlan_filtering) after "type bridge". */
void nst_script_bridge_args(const struct nst_link *l, FILE *out);

/* The sections, in the order the script has them (script_links.c, script_routes.c, script_rules.c, script_nat.c). */
void nst_script_links(const struct script *s);
void nst_script_masters(const struct script *s);
void nst_script_addresses(const struct script *s);
void nst_script_up_states(const struct script *s);
void nst_script_routes(const struct script *s);
/* script_nexthops.c: a namespace's nexthop objects; whether object id is written (routes naming it say nhid). */
void nst_script_nexthops(const struct script *s, const struct nst_ns *ns);
bool nst_script_nhobj_writable(const struct script *s, const struct nst_ns *ns, uint32_t id);
void nst_script_rules(const struct script *s);
/* script_neigh.c: permanent neighbours and static FDB entries. */
void nst_script_neighbours(const struct script *s);
void nst_script_nat(const struct script *s);
