/* SPDX-License-Identifier: MIT */
/* Engine locations from daemons' command lines (be_engines_find.c), as /proc/PID/cmdline has them. */
#include <string.h>

#include "be_engines.h"
#include "unit.h"

/* argv as the kernel gives it: each argument NUL-terminated, one after the other */
#define ARGV(s) s, sizeof(s) - 1

static struct be_engine_site site(const char *comm, const char *argv, size_t len)
{
	struct be_engine_site s = { 0 };

	be_engines_site_from_cmdline(&s, comm, argv, len);
	return s;
}

static void test_dockerd(void)
{
	struct be_engine_site s = site("dockerd", ARGV("/usr/sbin/dockerd\0--data-root\0/srv/docker\0-H\0fd://\0"));
	CHECK_INT(s.kind, BE_ENGINE_DOCKER);
	CHECK_STR(s.engine, "docker");
	CHECK_STR(s.data, "/srv/docker");
	s = site("dockerd", ARGV("dockerd\0--data-root=/d2\0"));
	CHECK_STR(s.data, "/d2");
	s = site("dockerd", ARGV("dockerd\0-g\0/old\0"));
	CHECK_STR(s.data, "/old");
	s = site("dockerd", ARGV("dockerd\0--graph=/older\0"));
	CHECK_STR(s.data, "/older");
	/* relative: it would be read relative to nstop; left to the config file / default */
	s = site("dockerd", ARGV("dockerd\0--data-root\0rel\0"));
	CHECK_STR(s.data, "");
	/* a value-less option at the end */
	s = site("dockerd", ARGV("dockerd\0--data-root\0"));
	CHECK_STR(s.data, "");
	s = site("dockerd", ARGV("dockerd\0--config-file\0/etc/d.json\0"));
	CHECK_STR(s.netconf, "/etc/d.json"); /* read by be_engines_find for its data-root */
}

static void test_conmon(void)
{
	struct be_engine_site s = site("conmon",
		ARGV("/usr/bin/conmon\0--api-version\0001\0-c\0abc\0--exit-command\0/usr/bin/podman\0"
		     "--exit-command-arg\0--root\0--exit-command-arg\0/home/u/.local/share/containers/storage\0"
		     "--exit-command-arg\0--network-config-dir\0--exit-command-arg\0/etc/containers/networks\0"
		     "--exit-command-arg\0--network-backend\0--exit-command-arg\0netavark\0"
		     "--exit-command-arg\0container\0--exit-command-arg\0cleanup\0"));
	CHECK_INT(s.kind, BE_ENGINE_PODMAN);
	CHECK_STR(s.engine, "podman");
	CHECK_STR(s.data, "/home/u/.local/share/containers/storage");
	CHECK_STR(s.netconf, "/etc/containers/networks");
	CHECK_STR(s.cni, ""); /* netavark: no CNI cache */
	s = site("conmon", ARGV("conmon\0--exit-command\0/usr/bin/podman\0--exit-command-arg\0--network-backend\0"
				"--exit-command-arg\0cni\0"));
	CHECK_STR(s.cni, "/var/lib/cni");
	CHECK_STR(s.data, "");
	/* --root outside the exit command is conmon's own (the runtime's root), not podman's */
	s = site("conmon", ARGV("conmon\0--root\0/run/runc\0--exit-command\0/usr/bin/podman\0"));
	CHECK_STR(s.data, "");
	/* cri-o's conmon has no podman exit command: crio is the site, not this */
	s = site("conmon", ARGV("conmon\0-c\0abc\0--exit-dir\0/var/run/crio/exits\0"));
	CHECK_STR(s.engine, "");
	s = site("conmon", ARGV("conmon\0--exit-command\0/usr/bin/crio-cleanup\0"));
	CHECK_STR(s.engine, "");
	s = site("podman", ARGV("podman\0--root\0/var/lib/x\0system\0service\0"));
	CHECK_STR(s.data, "/var/lib/x");
}

static void test_cri(void)
{
	struct be_engine_site s = site("containerd", ARGV("/usr/bin/containerd\0"));
	CHECK_INT(s.kind, BE_ENGINE_CRI);
	CHECK_STR(s.engine, "containerd");
	CHECK_STR(s.cni, "/var/lib/cni");
	CHECK(s.logs);
	s = site("crio", ARGV("crio\0"));
	CHECK_STR(s.engine, "cri-o");
	s = site("kubelet", ARGV("kubelet\0"));
	CHECK_STR(s.engine, "cri");
}

UNIT_MAIN(test_dockerd, test_conmon, test_cri)
