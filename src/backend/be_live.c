/* SPDX-License-Identifier: MIT */
/*
 * Keeping the model live without polling dumps (ARCHITECTURE.md §3, §7):
 * - per namespace an event socket on the link, address, route, rule, nsid and
 *   neighbour groups, made inside the namespace, all of them behind one epoll
 *   fd; link, address and route events are applied to the model in place as
 *   they come (be_live_events.c); anything else, an overflow and what cannot
 *   be applied safely mark the namespace dirty: it is re-read (its dumps)
 *   after a short debounce, then diffed; neighbour events alone (frequent:
 *   REACHABLE/STALE/DELAY/PROBE) re-read only the neighbours; a namespace
 *   whose events were applied is re-read once when quiet (the safety net);
 * - inotify on /run/netns and POLLPRI on /proc/self/mountinfo trigger a
 *   rediscovery, and /proc alone is rescanned every 2 s for process-held
 *   namespaces.
 * A namespace that vanishes is dropped with every fd nstop held in it. Short
 * of fds (RLIMIT_NOFILE, be_rlimit.c), the namespaces that do not fit are
 * named, never dropped silently (be_live_watch_text).
 */
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "be_engines.h"
#include "be_internal.h"
#include "be_live_events.h"
#include "be_nft_events.h"
#include "be_nlmsg.h"
#include "live.h"
#include "xalloc.h"

#define REFRESH_DEBOUNCE_MS 10  /* coalesce an event burst into one re-read */
#define NEIGH_DEBOUNCE_MS 100   /* neighbour churn: at most ~10 neighbour dumps a second per namespace */
#define DISCOVER_DEBOUNCE_MS 20 /* after /run/netns or mountinfo changed */
#define PROC_RESCAN_MS 2000     /* process-held namespaces have no event */
#define FD_RETRY_MAX_MS 32000
#define EV_RCVBUF (1024 * 1024)
#define STALE_RETRY_MS 500      /* a namespace whose last re-read failed */
#define HOSTILE_OVERFLOW_MS 1000 /* an overflow, and nothing else, in a namespace someone else owns */
/* A namespace whose reads are dear (a "/" with thousands of ports: its FDB dump alone ~30 ms) waits
 * this many times what its last one took between them, so neither takes more than ~2-5 % of a CPU. */
#define NEIGH_PACE 50
#define VERIFY_PACE 20

static uint64_t paced(uint64_t base_ms, uint32_t last_ms, unsigned pace)
{
	uint64_t p = (uint64_t)last_ms * pace;
	return p > base_ms ? p : base_ms;
}

/* A namespace whose events were applied in place is read once more when it has been quiet this long:
 * the kernel changes some things without a message (IPv4's route flushes, IPv6's tentative addresses:
 * those are re-read at once, be_live_events.c); this bounds how long one nobody knows of yet lives. */
#define VERIFY_QUIET_MS 1000

struct be_live {
	struct be_ns_list list;
	struct nst_model *model;
	int inotify_fd;
	int netns_wd; /* watch on /run/netns, -1 while it does not exist */
	int mountinfo_fd;
	uint64_t refresh_due;  /* 0: nothing dirty */
	uint64_t discover_due; /* 0: none pending */
	uint64_t rescan_due;
	struct be_engines *engines; /* container engines' facts, re-read on their inotify (be_engines_cache.c) */
	FILE *timing;          /* NSTOP_TIMING=FILE: one line per re-read and per adoption (README, bench/) */
	/* Link, address and route events applied in place (be_live_events.c); NSTOP_EVENTS_IN_PLACE=0:
	 * every event marks its namespace for a re-read instead (the path before issue 16). */
	bool in_place;
	uint64_t dirty_since;  /* µs: the first event since the last re-read, for the timing lines */
	struct be_fd_limit fdl; /* RLIMIT_NOFILE after be_rlimit_raise */
	int epoll_fd;          /* every namespace's event sockets: poll sees one fd, not 2N */
	long *slots;           /* fd -> list index (reindex) */
	size_t n_slots;
	bool fd_limited;       /* an fd nstop needed was refused (EMFILE, ENFILE) */
	/* While fd-limited, whole rediscoveries (which retry what could not be opened) back off from
	 * PROC_RESCAN_MS to FD_RETRY_MAX_MS; a namespace that goes frees fds and retries at once. At
	 * 10 000 namespaces under 20 000 fds a whole one every 2 s kept the view at 72 % of a CPU. */
	uint64_t fd_retry_ms, fd_retry_due;
	struct nst_strv skipped; /* namespaces discovery skipped for lack of fds (their paths) */
	struct nst_strv fs_warnings; /* the last whole discovery's about /run/netns and mounts */
	bool dropped_synced;   /* sync_dropped ran once: an unchanged total needs no walk */
};

/* Per namespace: nsfs fd, dump socket, event socket, nf_tables dump and event sockets, and the
 * nsfs fd a rediscovery opens beside the one held. */
#define FDS_PER_NS 6
#define FD_RESERVE 64 /* stdio, inotify, mountinfo, engines, captures, the timing file */

static uint64_t sooner(uint64_t cur, uint64_t t)
{
	return cur && cur < t ? cur : t;
}

static bool out_of_fds(int e)
{
	return e == EMFILE || e == ENFILE;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* The fds be_live_pollfds hands out, in order: the namespaces' event sockets are all behind FD_EPOLL. */
enum { FD_INOTIFY, FD_MOUNTINFO, FD_ENGINES, FD_EPOLL, FD_FIXED };
#define EPOLL_BATCH 256

/*
 * Which namespace an event socket belongs to, by fd: list index * 2 (+1 for
 * nf_tables), -1 none. Rebuilt when the list changes (rediscovery), so a
 * ready socket costs O(1) whatever the count of namespaces.
 */
static void reindex(struct be_live *live)
{
	for (size_t i = 0; i < live->n_slots; i++) {
		live->slots[i] = -1;
	}
	for (size_t i = 0; i < live->list.n; i++) {
		const struct be_ns *b = &live->list.v[i];
		int fds[2] = { b->ev ? nl_socket_get_fd(b->ev) : -1, b->nft_ev ? mnl_socket_get_fd(b->nft_ev) : -1 };
		for (int k = 0; k < 2; k++) {
			if (fds[k] < 0) {
				continue;
			}
			if ((size_t)fds[k] >= live->n_slots) {
				size_t n = (size_t)fds[k] * 2 + 64;
				live->slots = xrealloc(live->slots, n * sizeof(*live->slots));
				for (size_t j = live->n_slots; j < n; j++) {
					live->slots[j] = -1;
				}
				live->n_slots = n;
			}
			live->slots[fds[k]] = (long)(i * 2 + (size_t)k);
		}
	}
}

/* Hand fd to epoll; closing it (close_ns) takes it out again. */
static void watch_fd(struct be_live *live, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	if (live->epoll_fd >= 0 && fd >= 0) {
		epoll_ctl(live->epoll_fd, EPOLL_CTL_ADD, fd, &ev);
	}
}

static void watch_netns_dir(struct be_live *live)
{
	if (live->inotify_fd < 0 || live->netns_wd >= 0) {
		return;
	}
	live->netns_wd = inotify_add_watch(live->inotify_fd, "/run/netns",
					   IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF);
}

/* Group g's bit in the legacy nl_groups mask (groups 1..32). */
static uint32_t group_bit(unsigned g)
{
	return 1u << (g - 1);
}

static int open_events(struct be_live *live, struct be_ns *b)
{
	struct be_error err = { 0 };
	int rc = 0;

	if (!b->self && be_enter_ns(b->fd, &err) < 0) {
		return -EPERM;
	}
	struct nl_sock *ev = nl_socket_alloc();
	errno = 0;
	/*
	 * The groups that fit in nl_groups are joined by nl_connect's one bind():
	 * each NETLINK_ADD_MEMBERSHIP walks every listening socket under the
	 * global netlink lock (27 % of start at 3000 namespaces, issue 16).
	 */
	if (ev) {
		nl_join_groups(ev, RTMGRP_LINK | RTMGRP_NEIGH | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE |
					   RTMGRP_IPV6_ROUTE | RTMGRP_IPV4_RULE | group_bit(RTNLGRP_IPV6_RULE) |
					   group_bit(RTNLGRP_IPV4_NETCONF) /* ip_forward */);
	}
	if (!ev || nl_connect(ev, NETLINK_ROUTE) < 0) {
		rc = out_of_fds(errno) ? -errno : -EIO;
	}
	if (!b->self) {
		be_leave_ns(live->list.self_fd);
	}
	if (rc < 0) {
		nl_socket_free(ev);
		live->fd_limited |= out_of_fds(-rc);
		return rc;
	}
	/* Events are multicast (be_nl_recv filters those); unicast to it only from the kernel. */
	if (be_nl_connect_kernel(nl_socket_get_fd(ev)) < 0) {
		nl_socket_free(ev);
		return -EIO;
	}
	nl_socket_disable_seq_check(ev);
	nl_socket_set_nonblocking(ev);
	nl_socket_set_buffer_size(ev, EV_RCVBUF, 0);
	if (nl_socket_add_memberships(ev, RTNLGRP_NSID, 0) < 0) {
		nl_socket_free(ev);
		return -EIO;
	}
	/* nexthop objects (re-read like routes) and IPv6 netconf (forwarding, proxy_ndp) one by one:
	 * a kernel without them still gets the groups above */
	nl_socket_add_memberships(ev, RTNLGRP_NEXTHOP, 0);
	nl_socket_add_memberships(ev, RTNLGRP_IPV6_NETCONF, 0);
	b->ev = ev;
	return 0;
}

/* nf_tables changes (a rule added by nft or iptables-nft) arrive on NFNLGRP_NFTABLES. */
static void open_nft_events(struct be_live *live, struct be_ns *b)
{
	struct be_error err = { 0 };

	if (!b->self && be_enter_ns(b->fd, &err) < 0) {
		return;
	}
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC | SOCK_NONBLOCK);
	int e = errno;
	if (!b->self) {
		be_leave_ns(live->list.self_fd);
	}
	if (!nl) {
		/* no nfnetlink is a kernel without rules; no fd is a namespace whose rules go unseen */
		if (out_of_fds(e)) {
			b->unwatched = true;
			live->fd_limited = true;
		}
		return;
	}
	if (mnl_socket_bind(nl, 1u << (NFNLGRP_NFTABLES - 1), MNL_SOCKET_AUTOPID) < 0 ||
	    be_nl_connect_kernel(mnl_socket_get_fd(nl)) < 0) {
		mnl_socket_close(nl);
		return;
	}
	b->nft_ev = nl;
}

/* Both event sockets of b, before its dump so nothing falls between; b->unwatched when one is missing. */
static void watch_ns(struct be_live *live, struct be_ns *b)
{
	b->unwatched = false;
	if (!b->ev && open_events(live, b) < 0) {
		b->unwatched = true;
	}
	if (!b->nft_ev) {
		open_nft_events(live, b);
	}
	watch_fd(live, b->ev ? nl_socket_get_fd(b->ev) : -1);
	watch_fd(live, b->nft_ev ? mnl_socket_get_fd(b->nft_ev) : -1);
}

/* path (len bytes) names a namespace in the list already, or one noted as skipped: by name, or /run/netns/NAME */
static bool known_path(const struct be_live *live, const char *path, size_t len)
{
	static const char dir[] = "/run/netns/";
	const char *base = len > sizeof(dir) - 1 && strncmp(path, dir, sizeof(dir) - 1) == 0 ? path + sizeof(dir) - 1 : NULL;
	size_t blen = base ? len - (sizeof(dir) - 1) : 0;

	for (size_t i = 0; i < live->list.n; i++) {
		const char *n = live->list.v[i].name;
		if ((strlen(n) == len && strncmp(n, path, len) == 0) || (base && strlen(n) == blen && strncmp(n, base, blen) == 0)) {
			return true;
		}
	}
	for (size_t i = 0; i < live->skipped.n; i++) {
		if (strlen(live->skipped.v[i]) == len && strncmp(live->skipped.v[i], path, len) == 0) {
			return true;
		}
	}
	return false;
}

/* Namespaces wait for fds: some were skipped, or a socket was refused. */
static bool fd_waiting(const struct be_live *live)
{
	return live->skipped.n || live->fd_limited;
}

/* Whether w ends in ": TAIL" (TAIL some text of its own). */
static bool ends_in(const char *w, size_t wl, const char *tail)
{
	size_t tl = strlen(tail);
	return wl > tl + 2 && w[wl - tl - 2] == ':' && w[wl - tl - 1] == ' ' && strcmp(w + wl - tl, tail) == 0;
}

/*
 * Discovery's "PATH: skipped: Too many open files" warnings: namespaces nstop cannot see at all
 * (those it knows already are not listed). Returns how many of discovery's warnings were for want
 * of fds: a skipped namespace, known or not, or /run/netns or mountinfo not opened at all. Any
 * makes the discovery half-read (an unopened /run/netns made every named namespace look gone: a
 * "netns del" and an add again for each of 10 000, at every rescan).
 */
static size_t note_skipped(struct be_live *live, const struct nst_strv *warnings)
{
	static const char skip[] = ": skipped";
	size_t all = 0;

	nst_strv_clear(&live->skipped);
	for (size_t i = 0; i < warnings->n; i++) {
		const char *w = warnings->v[i];
		size_t wl = strlen(w);
		for (int k = 0; k < 2; k++) {
			const char *why = strerror(k ? ENFILE : EMFILE);
			if (!ends_in(w, wl, why)) {
				continue;
			}
			live->fd_limited = true;
			all++;
			size_t pl = wl - strlen(why) - 2; /* the text before ": why" */
			if (pl > sizeof(skip) - 1 && strncmp(w + pl - (sizeof(skip) - 1), skip, sizeof(skip) - 1) == 0) {
				pl -= sizeof(skip) - 1;
				if (!known_path(live, w, pl)) {
					nst_strv_addf(&live->skipped, "%.*s", (int)pl, w);
				}
			}
		}
	}
	return all;
}

/* A change callback that forwards to fn (may be NULL) and, in a quiet re-read, counts the lines of what
 * events are applied for (links, addresses, routes: neighbours and the FDB move on their own), each
 * written to the timing file as "verify ns=INODE object=N action=A" for whoever measures. */
struct counted {
	nst_change_fn fn;
	void *ctx;
	bool verify;
	FILE *timing;
	uint64_t ino;
	size_t n;
};

static void count_change(void *ctx, const struct nst_change *c)
{
	struct counted *k = ctx;

	if (k->verify && (c->object == NST_CHG_LINK || c->object == NST_CHG_ADDR || c->object == NST_CHG_ROUTE)) {
		k->n++;
		if (k->timing) {
			/* no name: names may hold any byte, the text is the kernel's objects */
			fprintf(k->timing, "verify ns=%llu object=%d action=%s\n", (unsigned long long)k->ino, (int)c->object,
				c->action ? c->action : "");
			fflush(k->timing);
		}
	}
	if (k->fn) {
		k->fn(k->ctx, c);
	}
}

/* Re-read b, report the differences, adopt the result only when read whole (be_ns_reread). */
static int refresh_ns(struct be_live *live, struct be_ns *b, nst_change_fn fn, void *ctx)
{
	struct nst_ns *cur = nst_model_find_ns_id(live->model, b->id);

	if (!cur) {
		return 0;
	}
	int rc = be_ns_reread(&live->list, b, cur, be_now_ms(), fn, ctx);
	be_nsid_resolve_ns(&live->list, live->model, b);
	return rc < 0 || cur->stale ? -EAGAIN : 0;
}

/* Neighbour events only: dump the neighbours alone (be_neigh_reread); 1 changed, 0 same, -errno.
 * NSTOP_TIMING: "neigh ns=INODE ms=N entries=N" per such re-read. */
static int refresh_neighs(struct be_live *live, struct be_ns *b, nst_change_fn fn, void *ctx)
{
	struct nst_ns *cur = nst_model_find_ns_id(live->model, b->id);
	uint64_t t0 = now_us();

	if (!cur || cur->stale) {
		return -EAGAIN;
	}
	int rc = be_neigh_reread(b, cur, fn, ctx);
	b->neigh_ms = (uint32_t)((now_us() - t0) / 1000);
	if (live->timing) {
		fprintf(live->timing, "neigh ns=%llu ms=%.2f entries=%zu\n", (unsigned long long)b->id.ino,
			(double)(now_us() - t0) / 1000, cur->n_neighs);
		fflush(live->timing);
	}
	return rc;
}

static void close_ns(struct be_ns *b)
{
	nl_socket_free(b->sk);
	nl_socket_free(b->ev);
	be_nft_close(b->nft);
	be_nft_close(b->nft_ev);
	if (b->fd >= 0) {
		close(b->fd);
	}
	free(b->name);
	free(b->pids);
	free(b->label);
	free(b->cgroups);
	free(b->nsids);
	free(b->nsid_ix);
}

static void sync_ns_meta(struct nst_ns *ns, const struct be_ns *b)
{
	if (strcmp(ns->name, b->name) != 0) {
		free(ns->name);
		ns->name = xstrdup(b->name);
	}
	ns->kind = b->kind;
	ns->self = b->self;
	ns->owner_uid = b->owner_uid; /* the live model names owners as the snapshot does */
	ns->userns = b->userns;
	nst_ns_set_label(ns, b->label);
	be_ns_copy_cgroups(ns, b);
	ns->n_pids = 0;
	for (size_t k = 0; k < b->n_pids; k++) {
		nst_ns_add_pid(ns, b->pids[k]);
	}
}

/* Move found's metadata (name, pids, label, cgroup refs) into the live entry b. */
static void take_meta(struct be_ns *b, struct be_ns *found)
{
	/* new cgroup refs: the containers shown on it may change (rediscover reports it) */
	b->cgroups_moved |= b->n_cgroups != found->n_cgroups ||
			    (found->n_cgroups && memcmp(b->cgroups, found->cgroups, found->n_cgroups * sizeof(*found->cgroups)) != 0);
	free(b->name);
	free(b->pids);
	free(b->label);
	free(b->cgroups);
	b->name = found->name;
	b->kind = found->kind;
	b->pids = found->pids;
	b->n_pids = found->n_pids;
	b->cap_pids = found->cap_pids;
	b->label = found->label;
	b->cgroups = found->cgroups;
	b->n_cgroups = found->n_cgroups;
	b->cap_cgroups = found->cap_cgroups;
	found->cgroups = NULL;
	found->n_cgroups = found->cap_cgroups = 0;
	found->name = NULL;
	found->pids = NULL;
	found->label = NULL;
	found->n_pids = found->cap_pids = 0;
}

static bool refresh_engines(struct be_live *live, uint64_t now);

/*
 * Discover again and adopt the differences. whole: /run/netns and mountinfo
 * read again (they announced a change, or namespaces were skipped for lack
 * of fds); otherwise only /proc (the 2 s rescan: processes come and go
 * without a word) and the rest as last read, warnings included. A namespace
 * whose processes alone changed sets *pids_moved, not the result: nothing of
 * the topology moved (a host's "/" gains and loses processes all the time).
 */
static bool rediscover(struct be_live *live, bool full, bool *pids_moved, nst_change_fn fn, void *ctx)
{
	struct be_ns_list found = { .self_fd = -1 };
	struct nst_strv warnings = { 0 }, fs_warnings = { 0 };
	bool changed = false, added = false;
	struct nst_ns_id *born = NULL; /* namespaces new in this discovery, announced at the end */
	size_t n_born = 0, cap_born = 0;
	int rc;

	if (full) {
		watch_netns_dir(live);
		rc = be_discover_split(&found, &fs_warnings, &warnings, NULL);
	} else {
		rc = be_discover_processes(&found, &live->list, &warnings, NULL);
		nst_strv_extend(&fs_warnings, &live->fs_warnings);
	}
	if (rc < 0) {
		be_ns_list_clear(&found);
		nst_strv_clear(&warnings);
		nst_strv_clear(&fs_warnings);
		return false;
	}
	if (full) {
		nst_strv_clear(&live->fs_warnings);
		nst_strv_extend(&live->fs_warnings, &fs_warnings);
	}
	/* the model's warnings in discovery's order: names and mounts, then processes */
	nst_strv_extend(&fs_warnings, &warnings);
	nst_strv_clear(&warnings);
	warnings = fs_warnings;
	size_t was_skipped = live->skipped.n;
	/* A discovery short of fds is half-read: what it missed may well be there still, known
	 * namespaces too (counting only unknown ones made a known one skipped for want of an fd
	 * look gone: a false "netns del", and its return an add, at every rescan). */
	bool whole = note_skipped(live, &warnings) == 0;
	changed |= was_skipped != live->skipped.n;
	/* Vanished namespaces first, so a reused inode cannot be mistaken for the old one. */
	for (size_t i = live->list.n; whole && i-- > 0;) {
		struct be_ns *b = &live->list.v[i];
		if (b->self || be_ns_list_find(&found, b->id)) {
			continue;
		}
		struct nst_ns *ns = nst_model_find_ns_id(live->model, b->id);
		if (fn) {
			nst_change_netns_id(b->name, ns ? nst_ns_display(ns) : b->name, b->id, false, fn, ctx);
		}
		if (ns) {
			nst_model_remove_ns(live->model, ns);
		}
		close_ns(b);
		be_ns_list_remove(&live->list, i);
		changed = true;
		be_nsid_forget(&live->list);
	}
	for (size_t i = 0; i < found.n; i++) {
		struct be_ns *f = &found.v[i];
		struct be_ns *b = be_ns_list_find(&live->list, f->id);

		if (b) {
			/* a new name, label or set of processes is a change the UI's rows show */
			bool renamed = strcmp(b->name, f->name) != 0;
			bool relabeled = (b->label == NULL) != (f->label == NULL) || (b->label && strcmp(b->label, f->label) != 0);
			bool repids = b->n_pids != f->n_pids ||
				      (f->n_pids && memcmp(b->pids, f->pids, f->n_pids * sizeof(*f->pids)) != 0);
			char *old_name = renamed && fn ? xstrdup(b->name) : NULL;
			take_meta(b, f);
			struct nst_ns *ns = nst_model_find_ns_id(live->model, b->id);
			if (ns) {
				sync_ns_meta(ns, b);
			}
			/* the same namespace (inode) by a new name: a process-held one that got mounted */
			if (old_name) {
				nst_change_netns_rename(old_name, b->name, ns ? nst_ns_display(ns) : b->name, b->id, fn, ctx);
				free(old_name);
			}
			changed |= renamed || relabeled;
			*pids_moved |= repids;
			if (b->unwatched && b->fd < 0 && f->fd >= 0) {
				b->fd = f->fd; /* it gave its fd back at start: the discovery's fresh one */
				f->fd = -1;
			}
			if (b->unwatched && b->fd >= 0) {
				/* fds may have come free since: a namespace watched from now is re-read whole */
				watch_ns(live, b);
				if (!b->unwatched) {
					b->dirty = true;
					live->refresh_due = sooner(live->refresh_due, be_now_ms());
					changed = true;
				}
			}
			continue;
		}
		/* A new namespace: adopt the entry and its fd from the discovery list. */
		b = be_ns_list_add(&live->list, f->id);
		*b = *f;
		memset(f, 0, sizeof(*f));
		f->fd = -1;
		struct nst_ns *ns = nst_model_add_ns(live->model, b->name, b->kind, b->id);
		sync_ns_meta(ns, b);
		watch_ns(live, b);
		be_ns_reread(&live->list, b, ns, be_now_ms(), NULL, NULL);
		struct nst_ns_id *slot = xgrow(&born, &n_born, &cap_born, sizeof(*born));
		*slot = b->id;
		added = changed = true;
	}
	if (n_born) {
		/* A new container's files were written as its namespace came: read them now, so
		 * its add line names the container instead of a path a display line corrects. */
		be_engines_expedite(live->engines, be_now_ms());
		refresh_engines(live, be_now_ms());
		nst_model_attach_containers(live->model, &live->model->engines);
	}
	for (size_t i = 0; fn && i < n_born; i++) {
		const struct nst_ns *ns = nst_model_find_ns_id(live->model, born[i]);
		if (ns) {
			nst_change_netns_id(ns->name, nst_ns_display(ns), ns->id, true, fn, ctx);
		}
	}
	free(born);
	for (size_t i = 0; i < live->list.n; i++) {
		changed |= live->list.v[i].cgroups_moved;
		live->list.v[i].cgroups_moved = false;
	}
	nst_strv_clear(&live->model->warnings);
	live->model->warnings = warnings;
	be_ns_list_clear(&found);
	reindex(live);
	if (added) {
		/* Veths elsewhere may have been waiting for this namespace. */
		be_nsid_resolve(&live->list, live->model);
	}
	return changed;
}

/* "engines ms=N ctrs=N nets=N reads=N": one read of the engines' files (NSTOP_TIMING). */
static bool refresh_engines(struct be_live *live, uint64_t now)
{
	uint64_t t0 = now_us();

	if (!be_engines_refresh(live->engines, &live->model->engines, now)) {
		return false;
	}
	if (live->timing) {
		fprintf(live->timing, "engines ms=%.1f ctrs=%zu nets=%zu reads=%llu\n", (double)(now_us() - t0) / 1000,
			live->model->engines.n_ctrs, live->model->engines.n_nets,
			(unsigned long long)be_engines_reads(live->engines));
		fflush(live->timing);
	}
	return true;
}

static void settle(struct be_live *live)
{
	nst_model_sort(live->model);
	nst_model_pair_peers(live->model);
	/* names before the diagnosis: an engine's empty bridge is normal, not a warning */
	nst_model_attach_containers(live->model, &live->model->engines);
	nst_model_diagnose(live->model);
	nst_model_resolve_nat(live->model);
}

/* Drop counts move without a re-read: keep the model's in step. A namespace's count moves only with
 * the total, so an unchanged total is the whole answer (this runs on every dispatch: O(N) per event
 * batch otherwise). */
static void sync_dropped(struct be_live *live)
{
	uint64_t total = be_nl_dropped_total();

	if (total == live->model->dropped_messages && live->dropped_synced) {
		return;
	}
	live->dropped_synced = true;
	live->model->dropped_messages = total;
	for (size_t i = 0; i < live->list.n; i++) {
		struct nst_ns *ns = nst_model_find_ns_id(live->model, live->list.v[i].id);
		if (ns) {
			ns->dropped_messages = live->list.v[i].dropped;
		}
	}
}

int be_live_create(struct be_live **out, struct be_error *err)
{
	struct be_live *live = xcalloc(1, sizeof(*live));

	live->list.self_fd = -1;
	live->netns_wd = -1;
	live->mountinfo_fd = -1; /* not 0 (xcalloc): the error path below closes what is >= 0 */
	live->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	live->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (live->epoll_fd < 0) {
		int e = -errno;
		be_error_set(err, e, "epoll_create1: %s", strerror(-e));
		be_live_destroy(live);
		return e;
	}
	live->mountinfo_fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	live->model = nst_model_create();
	const char *timing = getenv("NSTOP_TIMING");
	live->timing = timing && *timing ? fopen(timing, "ae") : NULL;
	const char *in_place = getenv("NSTOP_EVENTS_IN_PLACE");
	live->in_place = !in_place || strcmp(in_place, "0") != 0;
	if (live->inotify_fd >= 0) {
		/* /run/netns may be created later (first `ip netns add`). */
		inotify_add_watch(live->inotify_fd, "/run", IN_CREATE | IN_MOVED_TO | IN_ONLYDIR);
	}
	be_rlimit_raise(0, &live->fdl); /* the namespaces' count is not known before discovery */
	struct nst_strv proc_warnings = { 0 };
	int rc = be_discover_split(&live->list, &live->fs_warnings, &proc_warnings, err);
	nst_strv_extend(&live->model->warnings, &live->fs_warnings);
	nst_strv_extend(&live->model->warnings, &proc_warnings);
	nst_strv_clear(&proc_warnings);
	if (rc < 0) {
		be_live_destroy(live);
		return rc;
	}
	note_skipped(live, &live->model->warnings);
	watch_netns_dir(live);
	uint64_t now = be_now_ms();
	/* Short of fds, watch as many as fit whole ("/" first) rather than all of them half:
	 * the rest give back their nsfs fd and are reported (be_live_watch_text). */
	size_t fit = live->fdl.soft == RLIM_INFINITY ? live->list.n
		     : live->fdl.soft > FD_RESERVE ? (size_t)((live->fdl.soft - FD_RESERVE) / (FDS_PER_NS - 1)) : 1;
	for (size_t i = fit; i < live->list.n; i++) {
		struct be_ns *b = &live->list.v[i];
		if (!b->self) { /* first, so the ones that fit have the fds */
			close(b->fd);
			b->fd = -1;
			b->unwatched = true;
			live->fd_limited = true;
		}
	}
	for (size_t i = 0; i < live->list.n; i++) {
		struct be_ns *b = &live->list.v[i];
		struct nst_ns *ns = nst_model_add_ns(live->model, b->name, b->kind, b->id);

		sync_ns_meta(ns, b);
		if (b->fd < 0) {
			nst_strv_addf(&ns->warnings, "not read: the open-file limit (%llu) is too low to watch every namespace",
				      live->fdl.soft);
			continue;
		}
		watch_ns(live, b);
		be_ns_reread(&live->list, b, ns, now, NULL, NULL);
	}
	be_nsid_resolve(&live->list, live->model);
	reindex(live);
	live->engines = be_engines_create();
	refresh_engines(live, now);
	settle(live);
	sync_dropped(live);
	live->rescan_due = now + PROC_RESCAN_MS;
	*out = live;
	return 0;
}

void be_live_destroy(struct be_live *live)
{
	if (!live) {
		return;
	}
	be_ns_list_clear(&live->list);
	be_engines_destroy(live->engines);
	nst_model_destroy(live->model);
	if (live->inotify_fd >= 0) {
		close(live->inotify_fd);
	}
	if (live->mountinfo_fd >= 0) {
		close(live->mountinfo_fd);
	}
	if (live->timing) {
		fclose(live->timing);
	}
	nst_strv_clear(&live->skipped);
	nst_strv_clear(&live->fs_warnings);
	if (live->epoll_fd >= 0) {
		close(live->epoll_fd);
	}
	free(live->slots);
	free(live);
}

struct be_ns_list *be_live_nslist(struct be_live *live)
{
	return &live->list;
}

void be_live_touch(struct be_live *live, struct be_ns *b)
{
	/* Some edits raise no event (a sysctl write): re-read the namespace anyway. */
	b->dirty = true;
	live->refresh_due = sooner(live->refresh_due, be_now_ms() + REFRESH_DEBOUNCE_MS);
}

void be_live_watch_state(const struct be_live *live, struct be_live_watch *out)
{
	memset(out, 0, sizeof(*out));
	out->total = live->list.n + live->skipped.n;
	out->unwatched = live->skipped.n;
	for (size_t i = 0; i < live->list.n; i++) {
		out->unwatched += live->list.v[i].unwatched;
	}
	out->fd_soft = live->fdl.soft;
	out->fd_hard = live->fdl.hard;
	out->fd_need = FD_RESERVE + (unsigned long long)FDS_PER_NS * out->total;
	out->fd_limited = live->fd_limited || out->fd_need > out->fd_soft;
}

void be_live_unwatched(const struct be_live *live, void (*fn)(void *ctx, const char *name), void *ctx)
{
	for (size_t i = 0; i < live->list.n; i++) {
		if (live->list.v[i].unwatched) {
			fn(ctx, live->list.v[i].name);
		}
	}
	for (size_t i = 0; i < live->skipped.n; i++) {
		fn(ctx, live->skipped.v[i]);
	}
}

bool be_live_watch_text(const struct be_live *live, char *buf, size_t len)
{
	struct be_live_watch w;

	be_live_watch_state(live, &w);
	/* other reasons (no right to enter a namespace) are said where the namespace is not read */
	if (!w.unwatched || !w.fd_limited) {
		if (len) {
			buf[0] = '\0';
		}
		return false;
	}
	snprintf(buf, len, "cannot watch %zu of %zu namespaces for changes: open-file limit %llu (hard %llu), about %llu fds needed",
		 w.unwatched, w.total, w.fd_soft, w.fd_hard, w.fd_need);
	return true;
}

const struct nst_model *be_live_model(const struct be_live *live)
{
	return live->model;
}

/* The namespaces' sockets are behind one epoll fd. */
size_t be_live_pollfd_count(const struct be_live *live)
{
	(void)live;
	return FD_FIXED;
}

size_t be_live_pollfds(struct be_live *live, struct pollfd *fds, size_t max)
{
	size_t n = 0;

	if (max < FD_FIXED) {
		return 0;
	}
	fds[FD_INOTIFY] = (struct pollfd){ .fd = live->inotify_fd, .events = POLLIN };
	fds[FD_MOUNTINFO] = (struct pollfd){ .fd = live->mountinfo_fd, .events = POLLPRI };
	fds[FD_ENGINES] = (struct pollfd){ .fd = be_engines_fd(live->engines), .events = POLLIN };
	fds[FD_EPOLL] = (struct pollfd){ .fd = live->epoll_fd, .events = POLLIN };
	n = FD_FIXED;
	return n;
}

int be_live_timeout_ms(const struct be_live *live)
{
	uint64_t now = be_now_ms(), due = live->rescan_due;

	if (live->refresh_due && live->refresh_due < due) {
		due = live->refresh_due;
	}
	if (live->discover_due && live->discover_due < due) {
		due = live->discover_due;
	}
	int et = be_engines_timeout_ms(live->engines, now);
	if (et >= 0 && now + (uint64_t)et < due) {
		due = now + (uint64_t)et;
	}
	return due <= now ? 0 : (int)(due - now);
}

static void drain_inotify(struct be_live *live)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;

	while ((n = read(live->inotify_fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + n;) {
			struct inotify_event ev;
			memcpy(&ev, p, sizeof(ev));
			if (ev.wd == live->netns_wd && (ev.mask & (IN_DELETE_SELF | IN_IGNORED))) {
				live->netns_wd = -1; /* /run/netns itself went away */
			}
			p += sizeof(struct inotify_event) + ev.len;
		}
	}
}

static void drain_mountinfo(struct be_live *live)
{
	char buf[8192];

	/* POLLPRI stays raised until the file is read again from the start. */
	lseek(live->mountinfo_fd, 0, SEEK_SET);
	while (read(live->mountinfo_fd, buf, sizeof(buf)) > 0) {
	}
}

enum { EV_NONE, EV_KERNEL = 1, EV_OVERFLOW = 2, EV_NEIGH = 4 };

/* A datagram of neighbour events only (RTM_NEWNEIGH / RTM_DELNEIGH): no need to re-read the rest. */
static bool neigh_only(const void *buf, size_t len)
{
	const struct nlmsghdr *h = buf;
	bool any = false;

	for (; be_nlmsg_ok(h, len); h = be_nlmsg_next(h, &len)) {
		if (h->nlmsg_type != RTM_NEWNEIGH && h->nlmsg_type != RTM_DELNEIGH) {
			return false;
		}
		any = true;
	}
	return any;
}

/*
 * Drain one ready socket. With apply (and NSTOP_EVENTS_IN_PLACE) rtnetlink events
 * are applied to the model as they come (be_live_events.c): no debounce, no
 * re-read; without, they are only classified (neighbours' or not); what cannot be applied,
 * an overflow (ENOBUFS: events lost) and nf_tables events mark the namespace
 * for a re-read. A namespace already due for one takes no events in place:
 * the re-read's diff says them. Anyone else's message (a process in a
 * namespace it owns can multicast to the groups nstop listens to there) is
 * dropped, counted, and triggers nothing. *changed: the model moved.
 */
static int drain_events(struct be_live *live, struct be_ns *b, int fd, bool nft, bool apply, nst_change_fn fn,
			void *ctx, bool *changed)
{
	static char buf[16384] __attribute__((aligned(4)));
	int got = EV_NONE;
	struct nst_ns *ns = apply && !nft ? nst_model_find_ns_id(live->model, b->id) : NULL;

	for (;;) {
		ssize_t n = be_nl_recv(fd, buf, sizeof(buf), MSG_DONTWAIT, &b->dropped);
		if (n == -ENOBUFS || n == -EMSGSIZE) {
			got |= EV_OVERFLOW;
			continue;
		}
		if (n == 0) {
			continue; /* dropped */
		}
		if (n < 0) {
			break;
		}
		if (!live->in_place || !ns || b->dirty || ns->stale || (got & (EV_KERNEL | EV_OVERFLOW))) {
			got |= neigh_only(buf, (size_t)n) ? EV_NEIGH : EV_KERNEL;
			continue;
		}
		int ev = be_live_events_apply(ns, buf, (size_t)n, be_now_ms(), fn, ctx);
		*changed |= (ev & BE_EV_CHANGED) != 0;
		if (ev & BE_EV_NSID) {
			be_nsid_resolve_ns(&live->list, live->model, b);
		}
		/* a link or address moved: the kernel makes and drops neighbour entries with it without a
		 * word (multicast NOARP ones), so the neighbours are read again at their own pace */
		got |= (ev & BE_EV_REREAD ? EV_KERNEL : 0) | (ev & (BE_EV_NEIGH | BE_EV_CHANGED) ? EV_NEIGH : 0);
		if (ev & BE_EV_CHANGED) {
			/* from the last one: quiet, then checked */
			b->verify_due = be_now_ms() + paced(VERIFY_QUIET_MS, b->reread_ms, VERIFY_PACE);
			live->refresh_due = sooner(live->refresh_due, b->verify_due);
		}
	}
	return got;
}

/* The rtnetlink events queued on b's socket, read and dropped: EV_NEIGH if they were only neighbours',
 * EV_KERNEL if anything else (an overflow too), EV_NONE if none. Around a re-read only: before it they
 * are in the dump; after it, whether they are is unknown (the caller reads again). */
static int drain_around_dump(struct be_live *live, struct be_ns *b)
{
	bool unused = false;
	int got = b->ev ? drain_events(live, b, nl_socket_get_fd(b->ev), false, false, NULL, NULL, &unused) : EV_NONE;

	return got & (EV_KERNEL | EV_OVERFLOW) ? EV_KERNEL : got;
}

/*
 * "reread ns=INODE ms=N rules=N chains=N": one namespace's dumps, decoding,
 * diff and adoption, N ms since t0. Inodes, not names: the file is for
 * measuring, and names may hold any byte.
 */
static void timing_reread(struct be_live *live, const struct be_ns *b, uint64_t t0)
{
	const struct nst_ns *ns = live->timing ? nst_model_find_ns_id(live->model, b->id) : NULL;

	if (ns) {
		fprintf(live->timing, "reread ns=%llu ms=%.1f rules=%zu chains=%zu\n", (unsigned long long)b->id.ino,
			(double)(now_us() - t0) / 1000, ns->fw.n_rules, ns->fw.n_chains);
		fflush(live->timing);
	}
}

bool be_live_dispatch(struct be_live *live, const struct pollfd *fds, size_t n, nst_change_fn fn, void *ctx)
{
	uint64_t now = be_now_ms();
	bool changed = false, pids_moved = false;

	if (n > FD_INOTIFY && fds[FD_INOTIFY].revents) {
		drain_inotify(live);
		live->discover_due = sooner(live->discover_due, now + DISCOVER_DEBOUNCE_MS);
	}
	if (n > FD_MOUNTINFO && fds[FD_MOUNTINFO].revents) {
		drain_mountinfo(live);
		live->discover_due = sooner(live->discover_due, now + DISCOVER_DEBOUNCE_MS);
	}
	/* The ready event sockets, each found by its fd (reindex); one batch a turn, level-triggered:
	 * what is left is ready again at the next poll. */
	struct epoll_event evs[EPOLL_BATCH];
	int n_ev = n > FD_EPOLL && fds[FD_EPOLL].revents ? epoll_wait(live->epoll_fd, evs, EPOLL_BATCH, 0) : 0;
	for (int e = 0; e < n_ev; e++) {
		int fd = evs[e].data.fd;
		long slot = fd >= 0 && (size_t)fd < live->n_slots ? live->slots[fd] : -1;
		if (slot < 0 || (size_t)slot / 2 >= live->list.n) {
			continue;
		}
		struct be_ns *b = &live->list.v[slot / 2];
		bool nft = slot % 2;
		int cur = nft ? (b->nft_ev ? mnl_socket_get_fd(b->nft_ev) : -1) : (b->ev ? nl_socket_get_fd(b->ev) : -1);
		if (cur == fd) {
			int got;
			if (nft && !b->dirty) {
				/* rule added or deleted: its chain re-read alone and applied (be_nft_events.c) */
				uint64_t t_ev = now_us();
				int r = be_nft_events(b, fd, nst_model_find_ns_id(live->model, b->id), live->timing, fn, ctx);
				if (r & BE_NFT_EV_APPLIED) {
					changed = true;
					live->dirty_since = live->dirty_since ? live->dirty_since : t_ev;
				}
				got = (r & BE_NFT_EV_KERNEL ? EV_KERNEL : 0) | (r & BE_NFT_EV_OVERFLOW ? EV_OVERFLOW : 0);
			} else {
				got = drain_events(live, b, fd, nft, true, fn, ctx, &changed);
			}
			if (got == EV_NEIGH) {
				/* a namespace someone else owns can churn its neighbours at will: its dumps
				 * (up to NST_NEIGH_MAX entries) at most once a second */
				b->neigh_dirty = true;
				b->neigh_due = sooner(b->neigh_due, now + paced(b->userns ? HOSTILE_OVERFLOW_MS : NEIGH_DEBOUNCE_MS,
										  b->neigh_ms, NEIGH_PACE));
				live->refresh_due = sooner(live->refresh_due, b->neigh_due);
			} else if (got) {
				/* Someone else's multicast flood can overflow the socket of a namespace
				 * they own: re-read it then, but not at the flood's pace. */
				bool flood = got == EV_OVERFLOW && b->userns;
				b->dirty = true;
				live->refresh_due = sooner(live->refresh_due, now + (flood ? HOSTILE_OVERFLOW_MS : REFRESH_DEBOUNCE_MS));
				live->dirty_since = live->dirty_since ? live->dirty_since : now_us();
			}
		}
	}
	if (n > FD_ENGINES && fds[FD_ENGINES].revents) {
		be_engines_drain(live->engines, now);
	}
	if ((live->discover_due && now >= live->discover_due) || now >= live->rescan_due) {
		bool rescan = now >= live->rescan_due;
		/* /run/netns and mountinfo are read again when they said something changed, or
		 * while namespaces wait for fds (nothing announces that fds came free) */
		bool full = live->discover_due || (fd_waiting(live) && now >= live->fd_retry_due); /* one pending too */
		size_t before = live->list.n;
		live->discover_due = 0;
		live->rescan_due = now + PROC_RESCAN_MS;
		changed |= rediscover(live, full, &pids_moved, fn, ctx);
		if (!fd_waiting(live) || live->list.n < before) {
			live->fd_retry_ms = 0; /* nothing waits, or fds came free: the next need retries at once */
			live->fd_retry_due = 0;
		} else if (full) {
			live->fd_retry_ms = live->fd_retry_ms ? live->fd_retry_ms * 2 : PROC_RESCAN_MS;
			live->fd_retry_ms = live->fd_retry_ms > FD_RETRY_MAX_MS ? FD_RETRY_MAX_MS : live->fd_retry_ms;
			live->fd_retry_due = now + live->fd_retry_ms;
		}
		if (rescan) {
			be_engines_rescan(live->engines); /* a daemon that started or stopped */
		}
	}
	changed |= refresh_engines(live, now);
	if (live->refresh_due && now >= live->refresh_due) {
		live->refresh_due = 0;
		for (size_t i = 0; i < live->list.n; i++) {
			struct be_ns *b = &live->list.v[i];
			if (b->neigh_dirty && !b->dirty && now < b->neigh_due) {
				/* its own pace, not that of whichever namespace's timer fired */
				live->refresh_due = sooner(live->refresh_due, b->neigh_due);
			} else if (b->neigh_dirty && !b->dirty) {
				b->neigh_dirty = false;
				b->neigh_due = 0;
				int nrc = refresh_neighs(live, b, fn, ctx);
				if (nrc < 0) {
					b->dirty = true; /* a failed neighbour dump: the whole re-read below tells */
				}
				changed |= nrc != 0;
			}
			bool verify = false;
			if (b->verify_due && !b->dirty && now < b->verify_due) {
				live->refresh_due = sooner(live->refresh_due, b->verify_due);
			} else if (b->verify_due) {
				verify = !b->dirty; /* a re-read due anyway is the check */
				b->verify_due = 0;
				b->dirty = true;
			}
			if (b->dirty) {
				uint64_t t0 = now_us();
				struct counted c = { fn, ctx, verify, live->timing, b->id.ino, 0 };
				b->dirty = false;
				b->neigh_dirty = false;
				b->neigh_due = 0;
				drain_around_dump(live, b); /* queued before the dump: in it */
				int rrc = refresh_ns(live, b, fn || verify ? count_change : NULL, &c);
				b->reread_ms = (uint32_t)((now_us() - t0) / 1000);
				timing_reread(live, b, t0);
				int during = drain_around_dump(live, b);
				if (rrc < 0) {
					/* Stale: try again even if no further event comes. */
					b->dirty = true;
					live->refresh_due = sooner(live->refresh_due, now + STALE_RETRY_MS);
				} else if (during == EV_NEIGH) {
					b->neigh_dirty = true;
					b->neigh_due = sooner(b->neigh_due, now + paced(NEIGH_DEBOUNCE_MS, b->neigh_ms, NEIGH_PACE));
					live->refresh_due = sooner(live->refresh_due, b->neigh_due);
				} else if (during) {
					/* queued while it ran: from before or after its snapshot, nobody can tell, and a
					 * stale delete applied over the fresher dump would lose what it saw */
					b->dirty = true;
					live->refresh_due = sooner(live->refresh_due, now + REFRESH_DEBOUNCE_MS);
				}
				changed = true;
			}
		}
	}
	if (changed) {
		uint64_t t0 = now_us();
		struct nst_display_snap was = { 0 };
		if (fn) {
			nst_display_snap_take(&was, live->model);
		}
		settle(live);
		if (fn) {
			/* a container's name learnt (or lost) with this reading */
			nst_display_snap_diff(&was, live->model, fn, ctx);
			nst_display_snap_clear(&was);
		}
		live->model->generation++; /* the UI re-derives its rows before it reads them again */
		if (live->timing && live->dirty_since) {
			uint64_t t1 = now_us();
			fprintf(live->timing, "adopt ms=%.1f settle_ms=%.1f\n", (double)(t1 - live->dirty_since) / 1000,
				(double)(t1 - t0) / 1000);
			fflush(live->timing);
		}
		live->dirty_since = 0;
	} else if (pids_moved) {
		live->model->generation++; /* the pids shown: no settle, nothing else moved */
	}
	sync_dropped(live);
	return changed || pids_moved;
}

/* At most this many links of a namespace are asked for one by one; more, or a quarter of its links: a dump. */
#define STATS_ONE_BY_ONE 128

void be_live_sample_stats(struct be_live *live, be_stats_want_fn want, void *ctx)
{
	uint64_t now = be_now_ms();
	int links[STATS_ONE_BY_ONE];

	for (size_t i = 0; i < live->list.n; i++) {
		struct be_ns *b = &live->list.v[i];
		struct nst_ns *ns = nst_model_find_ns_id(live->model, b->id);
		long k = ns && b->sk ? (want ? want(ctx, ns, links, STATS_ONE_BY_ONE) : -1) : 0;

		if (k) {
			if (k > 0 && k <= STATS_ONE_BY_ONE && (size_t)k * 4 < ns->n_links) {
				be_rtnl_sample_stats_links(b, ns, now, links, (size_t)k);
				if (live->timing) {
					fprintf(live->timing, "stats ns=%llu one_by_one=%ld of %zu\n",
						(unsigned long long)b->id.ino, k, ns->n_links);
					fflush(live->timing);
				}
			} else {
				be_rtnl_sample_stats(b, ns, now);
			}
			/* the rule texts print their counters: rows showing them are re-derived */
			if ((ns->n_nat || ns->fw.n_rules) && be_nft_sample_counters(b, ns) > 0) {
				live->model->generation++;
			}
		}
	}
}
