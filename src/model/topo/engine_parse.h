/* SPDX-License-Identifier: MIT */
/*
 * The container engines' own files, parsed into facts (containers.h). Pure:
 * the backend reads the bytes (be_engines*.c) and hands them here. Every
 * parser trusts nothing in its input; each returns 0, or -EINVAL when the
 * input is not what the engine writes (nothing is added then).
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "containers.h"

/* Docker: <data-root>/containers/<id>/config.v2.json and hostconfig.json (hostconfig may be NULL). */
int nst_docker_parse_container(struct nst_engine_facts *f, const char *config, size_t config_len,
			       const char *hostconfig, size_t hostconfig_len);

/*
 * Docker: after every container is parsed, one that joined another's
 * namespace (NetworkMode container:<id>) gets its owner's SandboxKey. Until
 * then its netns_path is "container:<id>".
 */
void nst_docker_link_joined(struct nst_engine_facts *f);

/*
 * Docker: <data-root>/network/files/local-kv.db (BoltDB, libkv bucket
 * "libnetwork"): a net per bridge network ("bridge" is docker0), its ifname
 * from the bridge driver's record, else com.docker.network.bridge.name, else
 * "br-" + id[:12].
 */
int nst_docker_parse_netdb(struct nst_engine_facts *f, const uint8_t *db, size_t len);

/*
 * Podman: <graphroot>/libpod/bolt_state.db: every container of bucket "ctr"
 * (config: name, pod, image, newPortMappings, netNsCtr; netns), pod names
 * from "pod", infra from the pod state's InfraContainerID.
 */
int nst_podman_parse_bolt(struct nst_engine_facts *f, const uint8_t *db, size_t len);

/* Podman: <graphroot>/overlay-containers/containers.json, for containers the bolt db did not give. */
int nst_podman_parse_storage(struct nst_engine_facts *f, const char *json, size_t len);

/* Podman: a netavark network file <network_config_dir>/NAME.json. */
int nst_podman_parse_network(struct nst_engine_facts *f, const char *json, size_t len);

/* Podman's built-in default network, never on disk: "podman" on podman0. */
void nst_podman_default_network(struct nst_engine_facts *f);

/*
 * CNI: a libcni cache file <cni dir>/results/<net>-<id>-<ifname>. The
 * container (its sandbox interface's netns, portMappings, and the pod when
 * the runtime passed K8S_POD_* arguments) and the network's bridge. engine
 * names the runtime whose cache it is ("cni" when unknown).
 */
int nst_cni_parse_result(struct nst_engine_facts *f, const char *engine, const char *json, size_t len);

/* CNI host-local: <cni dir>/networks/<net>/<ip> holds "<container id>\n<ifname>". */
int nst_cni_parse_hostlocal(struct nst_engine_facts *f, const char *net, const char *text, size_t len);

/* Kubernetes: a /var/log/pods entry "<namespace>_<name>_<uid>": a pod, matched by its UID. */
int nst_k8s_parse_pod_dir(struct nst_engine_facts *f, const char *dirname);

/* Kubernetes: a /var/log/containers entry "<pod>_<namespace>_<container>-<id>.log". */
int nst_k8s_parse_container_log(struct nst_engine_facts *f, const char *filename);

/* The fact for (engine, id) when one was added, else NULL (ids match as containers.c matches them). */
struct nst_engine_ctr *nst_facts_find_ctr(struct nst_engine_facts *f, const char *id);
