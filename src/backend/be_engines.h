/* SPDX-License-Identifier: MIT */
/*
 * Container engines' files, found from the running daemons and read into
 * nst_engine_facts; cached, and re-read only when inotify says they changed.
 * Backend-internal.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <sys/inotify.h>

#include "containers.h"
#include "model.h"

enum be_engine_kind { BE_ENGINE_DOCKER, BE_ENGINE_PODMAN, BE_ENGINE_CRI };

/* Where one engine keeps its files, as its running daemon says (be_engines_find.c). */
struct be_engine_site {
	enum be_engine_kind kind;
	int pid;             /* the daemon (dockerd, conmon/podman, containerd/crio/kubelet) */
	char engine[NST_ENGINE_LEN]; /* docker, podman, containerd, cri-o */
	char root[32];       /* "/proc/PID/root": every path below is read through it */
	char data[512];      /* docker: data-root; podman: graphroot; cri: "" */
	char netconf[512];   /* podman: netavark network_config_dir; "" none */
	char cni[512];       /* libcni's cache dir (/var/lib/cni) when the engine uses CNI; "" none */
	bool logs;           /* kubelet's /var/log/pods and /var/log/containers */
	bool has_ns;
	uint64_t ns_dev, ns_ino; /* the daemon's network namespace: where its bridges are */
};

struct be_engine_sites {
	struct be_engine_site *v;
	size_t n, cap;
};

/* Every engine daemon running now, one site per engine and location (be_engines_find.c). */
void be_engines_find(struct be_engine_sites *out);

/* Text of a dockerd/podman/conmon/containerd command line (NUL-separated argv), for tests. */
void be_engines_site_from_cmdline(struct be_engine_site *s, const char *comm, const char *argv, size_t len);

/* The inotify watches on the directories the facts came from. */
struct be_engine_watches {
	int fd; /* inotify; -1 none */
	int *wds;
	size_t n, cap;
};
#define BE_ENGINE_WATCH_MASK (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE | IN_MODIFY | \
			      IN_DELETE_SELF | IN_ONLYDIR)

/* Read every site's files into f (cleared first), adding a watch to w (NULL: none) on each directory read. */
void be_engines_read(const struct be_engine_sites *sites, struct nst_engine_facts *f, struct be_engine_watches *w);

/* The cache be_live keeps: sites, facts, an inotify fd on the directories that matter. */
struct be_engines;
struct be_engines *be_engines_create(void);
void be_engines_destroy(struct be_engines *e);
int be_engines_fd(const struct be_engines *e); /* -1: no inotify */
/* Look for daemons again (the 2 s rescan); a new or gone one makes the facts due. */
void be_engines_rescan(struct be_engines *e);
/* The inotify fd was readable: drain it; the facts are due when a watched file changed. */
void be_engines_drain(struct be_engines *e, uint64_t now_ms);
/* A namespace was born: drain the inotify fd and make a pending re-read due now, not after the debounce. */
void be_engines_expedite(struct be_engines *e, uint64_t now_ms);
/* True when a re-read is due now (now_ms >= the debounced due time). */
bool be_engines_due(const struct be_engines *e, uint64_t now_ms);
/* ms until the re-read is due, or -1 when none is. */
int be_engines_timeout_ms(const struct be_engines *e, uint64_t now_ms);
/* Re-read into *f (replacing it) when due or never read; true when it was read. */
bool be_engines_refresh(struct be_engines *e, struct nst_engine_facts *f, uint64_t now_ms);
/* How many times the facts were read (NSTOP_TIMING). */
uint64_t be_engines_reads(const struct be_engines *e);
