/* SPDX-License-Identifier: MIT */
/*
 * Neighbours (`ip neigh`: ARP and NDP entries) and the bridge FDB (`bridge fdb`:
 * AF_BRIDGE neighbours) of one namespace, kept in ns->neighs sorted by
 * (ifindex, family, address; FDB: lladdr, master before self, vlan): a link's entries are one run.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nst_ns;

/* The kernel's NUD_* and NTF_* bits (linux/neighbour.h), here so the model needs no kernel header. */
enum {
	NST_NUD_INCOMPLETE = 0x01, NST_NUD_REACHABLE = 0x02, NST_NUD_STALE = 0x04, NST_NUD_DELAY = 0x08,
	NST_NUD_PROBE = 0x10, NST_NUD_FAILED = 0x20, NST_NUD_NOARP = 0x40, NST_NUD_PERMANENT = 0x80,
};
enum {
	NST_NTF_USE = 0x01, NST_NTF_SELF = 0x02, NST_NTF_MASTER = 0x04, NST_NTF_PROXY = 0x08,
	NST_NTF_EXT_LEARNED = 0x10, NST_NTF_OFFLOADED = 0x20, NST_NTF_STICKY = 0x40, NST_NTF_ROUTER = 0x80,
};
#define NST_AF_BRIDGE 7
#define NST_LLADDR_MAX 32
/* Entries kept per namespace: a bridge learns every source MAC it sees, and a namespace's owner may
 * raise its neighbour table's limits; past this the rest are counted (ns->neighs_cut), not kept. */
#define NST_NEIGH_MAX 65536

struct nst_neigh {
	int family;         /* AF_INET, AF_INET6, or NST_AF_BRIDGE for an FDB entry */
	int ifindex;        /* the link (an FDB entry's port) */
	bool has_addr;      /* NDA_DST: the IP address; an FDB entry has one only on vxlan (the remote) */
	int addr_family;    /* of addr: AF_INET or AF_INET6 */
	uint8_t addr[16];
	uint8_t lladdr[NST_LLADDR_MAX];
	uint8_t lladdr_len; /* 0: none (INCOMPLETE, FAILED) */
	uint16_t state;     /* NST_NUD_* bits */
	uint8_t flags;      /* NST_NTF_* bits */
	bool has_vlan;      /* NDA_VLAN (FDB) */
	uint16_t vlan;
	int master;         /* NDA_MASTER: the bridge's ifindex (FDB); 0: none */
};

/* Append one entry (copied); nst_ns_sort_neighs orders them. */
struct nst_neigh *nst_ns_add_neigh(struct nst_ns *ns, const struct nst_neigh *n);
void nst_ns_sort_neighs(struct nst_ns *ns);
/* The run of ns->neighs on ifindex (*count entries, any family), or NULL; ns sorted. */
const struct nst_neigh *nst_ns_link_neighs(const struct nst_ns *ns, int ifindex, size_t *count);

/* The IP neighbour for addr (4 or 16 bytes of family) on ifindex, or NULL; ns sorted. */
const struct nst_neigh *nst_ns_find_neigh(const struct nst_ns *ns, int family, int ifindex, const uint8_t *addr);
/* Warn on the link of each route's gateway whose neighbour is FAILED: "gateway 10.0.0.1 on veth0 does not
 * answer ARP (FAILED)" (NDP for IPv6). Run by nst_model_diagnose after the links' warnings are cleared. */
void nst_ns_diagnose_gateways(struct nst_ns *ns);

/* Same entry (identity): family, link, address; an FDB entry adds lladdr, vlan, master vs self. */
bool nst_neigh_same(const struct nst_neigh *a, const struct nst_neigh *b);
/* Same entry in the same state, lladdr, flags. */
bool nst_neigh_eq(const struct nst_neigh *a, const struct nst_neigh *b);
int nst_neigh_cmp(const struct nst_neigh *a, const struct nst_neigh *b);

/* The state as `ip neigh` prints it: "REACHABLE", "PROBE FAILED", "NONE" (state 0). */
const char *nst_neigh_state_text(uint16_t state, char *buf, size_t len);
/* Each bit's word, in iproute2's order; NULL past the last (i from 0), "" for bits unset in state. */
const char *nst_neigh_state_word(unsigned i, uint16_t state);
/* What views say of an IP neighbour: "proxy" for a proxy entry (`ip neigh add proxy`), else its state text. */
const char *nst_neigh_status(const struct nst_neigh *n, char *buf, size_t len);
/* An FDB entry's state as `bridge fdb` prints it: "permanent", "static", "stale", "" (dynamic). */
const char *nst_fdb_state_text(uint16_t state, char *buf, size_t len);
/* Each NTF flag's word as iproute2 prints it (i from 0: "self", "router", "extern_learn", ...), NULL past the last. */
const char *nst_neigh_flag_word(unsigned i, uint8_t flags, bool fdb);
/* lladdr as aa:bb:..; "" when none. buf of 3 * NST_LLADDR_MAX. */
const char *nst_neigh_lladdr_text(const struct nst_neigh *n, char *buf, size_t len);
/* The address as text ("10.0.0.2", "fe80::1"); "" when none. */
const char *nst_neigh_addr_text(const struct nst_neigh *n, char *buf, size_t len);
/* A device's own multicast subscription (01:00:5e:.., 33:33:.. "self permanent" on every link): in --json,
 * left out of the views and the --dump line, which are about what a bridge learnt or was told. */
bool nst_fdb_own_multicast(const struct nst_neigh *n);
/* No answer from this neighbour: FAILED or INCOMPLETE (what the views warn about). */
bool nst_neigh_unanswered(const struct nst_neigh *n);

/* Counts over a link's IP neighbours, and its FDB entries but its own multicast ones. */
struct nst_neigh_counts {
	size_t neigh, failed, incomplete, fdb;
	size_t noarp; /* of neigh: NOARP alone, the kernel's multicast mappings (ff02::16 -> 33:33:00:00:00:16) */
};
struct nst_neigh_counts nst_ns_link_neigh_counts(const struct nst_ns *ns, int ifindex);

/* One line for a link: "neigh 10.0.0.2 aa:bb:cc:dd:ee:ff REACHABLE, 10.0.0.9 FAILED; fdb 3 (2 dynamic,
 * 0 static, 1 permanent)"; "" when it has none; cut with a mark when it does not fit. */
const char *nst_neigh_summary(const struct nst_ns *ns, int ifindex, char *buf, size_t len);
