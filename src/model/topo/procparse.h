/* SPDX-License-Identifier: MIT */
/* Parsers for /proc text the backend reads; pure functions so they are unit-tested. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "containers.h"

/*
 * One /proc/self/mountinfo line. True when it is an nsfs mount of a network
 * namespace: *ino gets the inode from the root field "net:[INO]" and
 * mountpoint the unescaped mount path.
 */
bool nst_mountinfo_parse_netns(const char *line, uint64_t *ino, char *mountpoint, size_t len);

/*
 * A /proc/PID/cgroup text. True when some line names a container scope:
 * engine gets "docker", "podman", "containerd" or "cri-o", id its hex id.
 */
bool nst_cgroup_container(const char *text, char *engine, size_t engine_len, char *id, size_t id_len);

/*
 * A /proc/PID/cgroup text: what its paths say of a container (engine, id),
 * a Kubernetes pod UID and a Podman pod id, from any line (cgroup v1 lists a
 * hierarchy a line). Drivers: systemd scopes docker-/libpod-/cri-containerd-/
 * crio-<id>.scope under kubepods-...-pod<uid>.slice or
 * machine-libpod_pod_<podid>.slice; cgroupfs /docker/<id>,
 * /libpod_parent[/<podid>]/libpod-<id>, /kubepods[/<qos>]/pod<uid>/<id>
 * (engine "cri": that driver names no runtime). Paths under /user.slice/
 * are not believed: users name their cgroups there. True when any was found.
 */
bool nst_cgroup_ref_parse(const char *text, struct nst_cgroup_ref *ref);

/* Docker's config.v2.json: the "Name" ("/web" → "web"). */
bool nst_docker_config_name(const char *json, char *out, size_t len);

/* Podman's containers.json: the first of "names" of the entry whose "id" is id. */
bool nst_podman_container_name(const char *json, const char *id, char *out, size_t len);
