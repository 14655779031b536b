/* SPDX-License-Identifier: MIT */
/* mountinfo and cgroup parsing on real-shaped lines (proc(5)). */
#include "procparse.h"
#include "unit.h"

static void test_mountinfo_nsfs(void)
{
	char path[256];
	uint64_t ino = 0;

	CHECK(nst_mountinfo_parse_netns(
		"640 28 0:4 net:[4026532281] /run/netns/ns1 rw shared:300 - nsfs nsfs rw\n", &ino, path,
		sizeof(path)));
	CHECK_INT(ino, 4026532281ULL);
	CHECK_STR(path, "/run/netns/ns1");

	/* no optional fields, escaped space in the mount point */
	CHECK(nst_mountinfo_parse_netns("700 28 0:4 net:[12] /run/docker/netns/a\\040b rw - nsfs nsfs rw",
					&ino, path, sizeof(path)));
	CHECK_INT(ino, 12);
	CHECK_STR(path, "/run/docker/netns/a b");
}

static void test_mountinfo_rejects(void)
{
	char path[256];
	uint64_t ino = 0;

	/* other filesystems, other namespace types, malformed roots */
	CHECK(!nst_mountinfo_parse_netns("22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw", &ino,
					 path, sizeof(path)));
	CHECK(!nst_mountinfo_parse_netns("640 28 0:4 mnt:[4026532281] /x rw - nsfs nsfs rw", &ino, path,
					 sizeof(path)));
	CHECK(!nst_mountinfo_parse_netns("640 28 0:4 net:[] /x rw - nsfs nsfs rw", &ino, path, sizeof(path)));
	CHECK(!nst_mountinfo_parse_netns("640 28 0:4 net:[12x] /x rw - nsfs nsfs rw", &ino, path,
					 sizeof(path)));
	CHECK(!nst_mountinfo_parse_netns("640 28 0:4", &ino, path, sizeof(path)));
	CHECK(!nst_mountinfo_parse_netns("", &ino, path, sizeof(path)));
}

static void test_mountinfo_truncates(void)
{
	char path[8];
	uint64_t ino = 0;

	CHECK(nst_mountinfo_parse_netns("1 2 0:4 net:[5] /run/netns/longname rw - nsfs nsfs rw", &ino, path,
					sizeof(path)));
	CHECK_STR(path, "/run/ne");
}

static void test_cgroup(void)
{
	char engine[16], id[80];
	const char *docker_v2 =
		"0::/system.slice/docker-4f2a9c0d1e2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8f.scope\n";
	const char *docker_v1 = "12:pids:/docker/4f2a9c0d1e2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8f\n"
				"11:cpu:/\n";
	const char *podman = "0::/machine.slice/libpod-0123456789abcdef0123.scope/container\n";
	const char *containerd = "0::/kubepods/pod1/cri-containerd-aabbccddeeff00112233.scope\n";

	CHECK(nst_cgroup_container(docker_v2, engine, sizeof(engine), id, sizeof(id)));
	CHECK_STR(engine, "docker");
	CHECK_STR(id, "4f2a9c0d1e2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8f");
	CHECK(nst_cgroup_container(docker_v1, engine, sizeof(engine), id, sizeof(id)));
	CHECK_STR(engine, "docker");
	CHECK(nst_cgroup_container(podman, engine, sizeof(engine), id, sizeof(id)));
	CHECK_STR(engine, "podman");
	CHECK_STR(id, "0123456789abcdef0123");
	CHECK(nst_cgroup_container(containerd, engine, sizeof(engine), id, sizeof(id)));
	CHECK_STR(engine, "containerd");
}

static void test_cgroup_not_container(void)
{
	char engine[16], id[80];

	CHECK(!nst_cgroup_container("0::/init.scope\n", engine, sizeof(engine), id, sizeof(id)));
	CHECK(!nst_cgroup_container("0::/user.slice/user-0.slice/session-1.scope\n", engine, sizeof(engine),
				    id, sizeof(id)));
	/* docker-.scope with a non-hex or too short id is not a container */
	CHECK(!nst_cgroup_container("0::/system.slice/docker-xyz.scope\n", engine, sizeof(engine), id,
				    sizeof(id)));
	CHECK(!nst_cgroup_container("0::/system.slice/docker.service\n", engine, sizeof(engine), id,
				    sizeof(id)));
	CHECK(!nst_cgroup_container("", engine, sizeof(engine), id, sizeof(id)));
	CHECK(!nst_cgroup_container("garbage without colons", engine, sizeof(engine), id, sizeof(id)));
}

static void test_container_names(void)
{
	char name[64];

	CHECK(nst_docker_config_name("{\"ID\":\"abc\",\"Name\":\"/web-1\",\"Driver\":\"overlay2\"}", name,
				     sizeof(name)));
	CHECK_STR(name, "web-1");
	CHECK(!nst_docker_config_name("{\"ID\":\"abc\"}", name, sizeof(name)));
	CHECK(!nst_docker_config_name("{\"Name\":\"/unterminated", name, sizeof(name)));

	const char *podman = "[{\"id\":\"aaa111\",\"names\":[\"db\"],\"image\":\"x\"},"
			     "{\"id\":\"bbb222\",\"image\":\"y\"},"
			     "{\"id\":\"ccc333\",\"names\":[\"cache\",\"alias\"]}]";
	CHECK(nst_podman_container_name(podman, "aaa111", name, sizeof(name)));
	CHECK_STR(name, "db");
	CHECK(nst_podman_container_name(podman, "ccc333", name, sizeof(name)));
	CHECK_STR(name, "cache");
	/* bbb222 has no names: must not borrow ccc333's */
	CHECK(!nst_podman_container_name(podman, "bbb222", name, sizeof(name)));
	CHECK(!nst_podman_container_name(podman, "zzz", name, sizeof(name)));
	/* an id too long for the lookup is not looked up by its first 118 characters */
	char longid[200], json[400];
	memset(longid, 'a', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	snprintf(json, sizeof(json), "[{\"id\":\"%sb\",\"names\":[\"other\"]}]", longid);
	CHECK(!nst_podman_container_name(json, longid, name, sizeof(name)));
}

UNIT_MAIN(test_mountinfo_nsfs, test_mountinfo_rejects, test_mountinfo_truncates, test_cgroup,
	  test_cgroup_not_container, test_container_names)
