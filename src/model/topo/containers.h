/* SPDX-License-Identifier: MIT */
/*
 * Containers and pods by name: what the engines' own files say (facts, read by
 * the backend), what a namespace's processes say (their cgroups), and how the
 * two meet in a namespace's containers and its display name. Pure data.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nst_model;
struct nst_ns;

#define NST_ENGINE_LEN 16

/* A port the engine publishes on the host for a container (docker -p, podman -p, CNI portmap). */
struct nst_published {
	char proto[8];       /* tcp, udp, sctp */
	char host_ip[48];    /* "" or "0.0.0.0" / "::": every address */
	uint16_t host_port;
	uint16_t container_port;
};

/* One container (or pod sandbox) in a namespace, as shown. */
struct nst_container {
	char engine[NST_ENGINE_LEN]; /* docker, podman, containerd, cri-o, or the cgroup's word */
	char *id;                    /* the engine's full id */
	char *name;                  /* the engine's name; NULL: unknown */
	char *pod;                   /* pod name (Kubernetes or Podman); NULL: none */
	char *pod_ns;                /* Kubernetes namespace of the pod; NULL: none */
	char *image;                 /* NULL: unknown */
	bool joined;                 /* joined another container's namespace (--network container:X) */
	bool infra;                  /* the pod's sandbox/infra container, not a workload */
	struct nst_published *ports;
	size_t n_ports;
};

/* What a process of the namespace says about itself in /proc/PID/cgroup. */
struct nst_cgroup_ref {
	char engine[NST_ENGINE_LEN]; /* from the scope's word: docker, podman, containerd, cri-o */
	char id[80];                 /* container id (hex); "" when only a pod is known */
	char pod_uid[40];            /* Kubernetes pod UID with dashes; "" none */
	char pod_id[80];             /* Podman pod id from /libpod_parent/<podid>/...; "" none */
};

/* A container as the engine's files describe it (backend/be_engines*.c). */
struct nst_engine_ctr {
	struct nst_container c;
	char *netns_path; /* the namespace's mount as the engine recorded it (Docker SandboxKey,
			     CNI/Podman netns path); NULL */
	char *pod_uid;    /* Kubernetes pod UID; NULL */
	char *pod_id;     /* Podman pod id; NULL */
};

/* A network an engine made, with the bridge it made for it. */
struct nst_engine_net {
	char engine[NST_ENGINE_LEN];
	char *name;             /* appnet, bridge, podman, cbr0 ... */
	char *id;               /* NULL: none */
	char ifname[16];        /* docker0, br-1d80c203eabc, podman1, cni0 */
	bool has_ns;            /* ns below is the engine's namespace */
	uint64_t ns_dev, ns_ino; /* namespace the bridge lives in (the daemon's); else nstop's own */
};

struct nst_engine_facts {
	struct nst_engine_ctr *ctrs;
	size_t n_ctrs, cap_ctrs;
	struct nst_engine_net *nets;
	size_t n_nets, cap_nets;
	char **notes; /* "docker: /var/lib/docker/...: Permission denied": why a name may be missing */
	size_t n_notes, cap_notes;
};

struct nst_engine_ctr *nst_facts_add_ctr(struct nst_engine_facts *f, const char *engine, const char *id);
struct nst_engine_net *nst_facts_add_net(struct nst_engine_facts *f, const char *engine, const char *name,
					 const char *ifname);
void nst_facts_add_note(struct nst_engine_facts *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nst_facts_clear(struct nst_engine_facts *f);
void nst_container_clear(struct nst_container *c);
void nst_container_copy(struct nst_container *dst, const struct nst_container *src);
void nst_published_add(struct nst_container *c, const struct nst_published *p);

/*
 * Give every namespace its containers (from its cgroup refs and mount path
 * matched against the facts), every bridge its network name, and every
 * namespace its display name. Run after each re-read, like the diagnosis.
 */
void nst_model_attach_containers(struct nst_model *m, const struct nst_engine_facts *f);

/* Recompute ns->display from its containers and name. */
void nst_ns_update_display(struct nst_ns *ns);

/* The name a person reads: the container or pod name when there is one, else ns->name. */
const char *nst_ns_display(const struct nst_ns *ns);

/* A container id as shown when the engine has no name for it: "docker:86420b3ab6fc". */
void nst_container_short(const struct nst_container *c, char *buf, size_t len);
