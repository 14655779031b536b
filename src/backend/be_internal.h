/* SPDX-License-Identifier: MIT */
/* Shared between backend files; never included outside src/backend. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "backend.h"
#include "diff.h"
#include "model.h"

struct nl_sock;
struct mnl_socket;

void be_error_set(struct be_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* An nsid as one namespace numbers another, mapped to that namespace's identity. */
struct be_nsid_map {
	int32_t nsid;
	struct nst_ns_id id;
};

/* One discovered namespace and the handles nstop holds in it. */
struct be_ns {
	struct nst_ns_id id;
	enum nst_ns_kind kind;
	bool self;
	char *name;
	int fd;            /* nsfs fd, O_CLOEXEC; -1 once closed */
	int *pids;
	size_t n_pids, cap_pids;
	char *label;
	struct nst_cgroup_ref *cgroups; /* what its processes' cgroups say (be_proc.c) */
	size_t n_cgroups, cap_cgroups;
	bool cgroups_moved; /* rediscovery brought other refs than the last (be_live.c) */
	struct nl_sock *sk; /* NETLINK_ROUTE socket created inside the namespace */
	struct nl_sock *ev; /* event subscriptions (be_live.c), or NULL */
	struct mnl_socket *nft;    /* nf_tables dumps, made inside the namespace */
	struct mnl_socket *nft_ev; /* NFNLGRP_NFTABLES events (be_live.c), or NULL */
	bool dirty;         /* an event arrived: re-read at the next refresh */
	bool unwatched;     /* be_live.c: an event socket could not be opened (EMFILE...): its changes go unseen */
	bool neigh_dirty;   /* only neighbour events arrived: re-read the neighbours (be_neigh_reread) */
	uint64_t verify_due; /* be_live.c: events were applied in place; re-read once when quiet until then (ms) */
	uint32_t reread_ms, neigh_ms; /* be_live.c: what its last re-read and neighbour re-read took (paces them) */
	uint64_t neigh_due; /* when (monotonic ms): its own debounce, 1 s for a namespace someone else owns; 0 none */
	struct be_nsid_map *nsids; /* nsids this namespace gave others, as learnt so far */
	size_t n_nsids, cap_nsids;
	/* be_nsid.c: nsids hashed by nsid (slots [0, cap)) and by namespace ([cap, 2 cap)), each slot
	 * 1 + a position in nsids, 0 empty; kept in step by remember and be_nsid_forget. */
	size_t *nsid_ix, nsid_ix_cap;
	bool read_once;     /* read whole at least once: a failed re-read makes it stale */
	uint64_t dropped;   /* messages refused on this namespace's sockets (be_nlmsg.h) */
	uint32_t owner_uid; /* owner of its user namespace (NS_GET_OWNER_UID) */
	uint64_t userns;    /* that user namespace's inode when it is not nstop's own; 0: nstop's */
};

struct be_ns_list {
	struct be_ns *v;
	size_t n, cap;
	int self_fd; /* our own namespace, to return to after setns */
	/* be_ns_list.c: a hash index by inode, made on first need after a change (gen moves) */
	uint64_t gen, idx_gen;
	size_t *idx_slots; /* 1 + position in v, 0 free; idx_cap slots, a power of two */
	size_t idx_cap;
};

/* be_discover.c: every namespace nstop can see; problems go to warnings. */
int be_discover(struct be_ns_list *list, struct nst_strv *warnings, struct be_error *err);
/* The same, its warnings apart: of /run/netns and mounts, and of processes. */
int be_discover_split(struct be_ns_list *list, struct nst_strv *fs_warnings, struct nst_strv *proc_warnings,
		      struct be_error *err);
/* The periodic rescan's discovery: named and mounted namespaces as known (inotify and mountinfo announce
 * theirs: no directory read, no open per namespace), process-held ones read afresh from /proc. */
int be_discover_processes(struct be_ns_list *list, const struct be_ns_list *known, struct nst_strv *warnings,
			  struct be_error *err);
void be_ns_list_clear(struct be_ns_list *list);

/* be_ns_list.c: the list's entries added, removed and found (by hash: discovery and rediscovery
 * look up every namespace, so a linear find made them O(N²)). Every change goes through these. */
struct be_ns *be_ns_list_add(struct be_ns_list *list, struct nst_ns_id id);
void be_ns_list_remove(struct be_ns_list *list, size_t i);
struct be_ns *be_ns_list_find(struct be_ns_list *list, struct nst_ns_id id);
/* An entry whose inode is ino (mountinfo names nsfs inodes without their device), or NULL. */
struct be_ns *be_ns_list_find_ino(struct be_ns_list *list, uint64_t ino);
void be_ns_list_index_free(struct be_ns_list *list);

/* be_proc.c: processes per namespace, labels from comm, cgroup refs from every process. */
void be_proc_scan(struct be_ns_list *list, struct nst_strv *warnings);
/* Copy b's cgroup refs into ns (replacing its own). */
void be_ns_copy_cgroups(struct nst_ns *ns, const struct be_ns *b);

/* be_ns_check.c: right before an edit, 0 if b is still the namespace the model showed as
 * shown (its name in messages), alive beyond nstop's fd; else "NAME: namespace is gone (...)". */
int be_ns_check_alive(const struct be_ns *b, const char *shown, struct be_error *err);

/* be_setns.c: run inside a namespace and come back. */
int be_enter_ns(int nsfd, struct be_error *err);
void be_leave_ns(int self_fd); /* aborts if it cannot return: nstop must never drift */

/* be_owner.c: owner_uid and userns of b (its nsfd open); unknown stays 0. */
void be_ns_owner(struct be_ns *b);

/* be_rtnl.c: drop, on a libnl socket, every message the kernel did not send. */
void be_nl_guard(struct nl_sock *sk);
/* be_rtnl.c: open the namespace's socket (call while inside it) and dump into ns. */
int be_rtnl_open(struct be_ns *bns, struct be_error *err);
int be_rtnl_read(struct be_ns *bns, struct nst_ns *ns, uint64_t now_ms, struct be_error *err);
/* be_neigh_read.c: neighbours and FDB (two dumps) into ns->neighs, sorted; -errno: not whole. */
int be_rtnl_read_neighs(struct be_ns *bns, struct nst_ns *ns);
/* Only the neighbours of b into cur, their lines through fn (may be NULL): 1 changed, 0 same, -errno
 * (cur kept as it was). */
int be_neigh_reread(struct be_ns *b, struct nst_ns *cur, nst_change_fn fn, void *ctx);
/* Counters only (one link dump), sampled into the links ns already has. */
int be_rtnl_sample_stats(struct be_ns *bns, struct nst_ns *ns, uint64_t now_ms);
int be_rtnl_sample_stats_links(struct be_ns *bns, struct nst_ns *ns, uint64_t now_ms, const int *ifindexes, size_t n);

/* be_nft.c: nf_tables tables, chains, rules (ns->fw) and NAT rules (ns->nat); open while inside the namespace. */
int be_nft_open(struct be_ns *b);
int be_nft_read(struct be_ns *b, struct nst_ns *ns);
/* Counters (and the rule texts that print them) refreshed in place: how many texts changed, or -errno. */
int be_nft_sample_counters(struct be_ns *b, struct nst_ns *ns);
void be_nft_close(struct mnl_socket *nl);
struct nlmsghdr;
/* Decode one NEWRULE message (as dumped); tests feed captured ones. 0, or -EBADMSG when any
 * attribute fails its check or a name does not fit (the message is then refused whole). */
int be_nft_rule_decode(const struct nlmsghdr *nlh, struct nst_nat_rule *out, uint32_t *family, char *table,
		       size_t table_len, char *chain, size_t chain_len);
/* Per-namespace settings read while inside it: br_netfilter switches, legacy iptables (ip_forward comes with the netconf dump). */
void be_read_sysctls(struct nst_ns *ns);
/* be_sysctl.c, inside the namespace: conf/{all,default}/accept_local (netconf lacks it; a link's
 * comes with its link message). */
void be_read_link_sysctls(struct nst_ns *ns);

/* be_nsid.c: the nsid the observer's namespace gives target_fd's namespace, or -1. */
int be_nsid_query(struct nl_sock *observer, int target_fd, int32_t *nsid);
int be_nsid_query_fd(int observer_fd, int target_fd, int32_t *nsid);
/* Give target_fd's namespace an nsid in the observer's (RTM_NEWNSID): 0 or -errno (-EEXIST: it has one). */
int be_nsid_assign_fd(int observer_fd, int target_fd);
void be_nsid_resolve(struct be_ns_list *list, struct nst_model *m);
/* Only the veths of obs whose nsid is not mapped yet. */
void be_nsid_resolve_ns(struct be_ns_list *list, struct nst_model *m, struct be_ns *obs);
/* A namespace died: its nsids are freed and may be reused, so forget every mapping. */
void be_nsid_forget(struct be_ns_list *list);

/*
 * be_snapshot.c: (re)read one namespace into ns; problems become ns warnings.
 * 0 when links, addresses and routes were read whole; -errno otherwise (ns
 * holds a partial read then: never adopt it). *nft_ok says the same of the
 * NAT rules (NULL: not wanted).
 */
int be_ns_read(struct be_ns_list *list, struct be_ns *b, struct nst_ns *ns, uint64_t now_ms, bool *nft_ok);
/*
 * Re-read b into a scratch namespace and adopt it into cur only when it was
 * read whole, reporting differences through fn (may be NULL). A failed read
 * leaves cur as it was, marked stale with a warning; rules that failed alone
 * keep their last whole read. Returns be_ns_read's result.
 */
int be_ns_reread(struct be_ns_list *list, struct be_ns *b, struct nst_ns *cur, uint64_t now_ms, nst_change_fn fn,
		 void *ctx);
uint64_t be_now_ms(void); /* CLOCK_MONOTONIC */

/* be_rlimit.c: RLIMIT_NOFILE's soft limit raised to want fds (0: to the hard limit), never
 * past the hard limit; out (may be NULL) gets the limits in force after. 0 or -errno. */
struct be_fd_limit {
	unsigned long long soft, hard; /* RLIM_INFINITY as is */
};
int be_rlimit_raise(size_t want, struct be_fd_limit *out);

/* be_edit.c: netlink's extended ack text of an error message, appended as ": text". */
void be_extack_append(const struct nlmsghdr *h, char *why, size_t len);
/* The same from len received bytes, trusting no length inside them. */
void be_extack_parse(const void *msg, size_t len, char *why, size_t why_len);

/* be_live.c: the live registry, for be_apply.c. */
struct be_live;
struct be_ns_list *be_live_nslist(struct be_live *live);
/* Re-read b at the next refresh even without an event. */
void be_live_touch(struct be_live *live, struct be_ns *b);

/* be_ethtool.c: a veth's peer_ifindex from ethtool stats (call inside the namespace). */
int be_ethtool_peer_ifindex(const char *ifname, int *peer_ifindex);
