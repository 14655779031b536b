/* SPDX-License-Identifier: MIT */
/*
 * The switches netconf does not carry: net.ipv4.conf.{all,default}.accept_local
 * and arp_ignore, net.ipv4.ip_local_port_range and net.bridge.bridge-nf-call-*,
 * read from procfs's sys/net while inside the namespace (it follows the
 * thread's namespace; the two names are ours, never a link's), through a
 * private procfs instance where one can be made (priv, below). A link's own comes with its link message (be_rtnl_parse.c,
 * IFLA_INET_CONF), at no cost per link: every namespace's conf/<name> is one
 * dentry chain, so a /proc/sys lookup per link grows with the namespaces.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "be_internal.h"

/* A small decimal sysctl under dir: its value, or -1 (missing, unreadable, not a number). At most 15 bytes are read. */
static int read_int(int dir, const char *path)
{
	char buf[16];
	int fd = openat(dir, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0) {
		return -1;
	}
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		return -1;
	}
	buf[n] = '\0';
	char *end;
	long v = strtol(buf, &end, 10);
	return end != buf && (*end == '\n' || *end == '\0') && v >= 0 && v <= 1000 ? (int)v : -1;
}

static int conf_int(int conf, const char *name, const char *what)
{
	char path[48 + NST_IFNAMSIZ];

	if (conf < 0) {
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", name, what);
	return read_int(conf, path);
}

/* "32768\t60999\n": the two ends, both or neither (-1). */
static void port_range(int ipv4, struct nst_ns *ns)
{
	char buf[32];
	int fd = ipv4 < 0 ? -1 : openat(ipv4, "ip_local_port_range", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	unsigned lo, hi;

	ns->port_range_lo = ns->port_range_hi = -1;
	if (fd < 0) {
		return;
	}
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		return;
	}
	buf[n] = '\0';
	if (sscanf(buf, "%u %u", &lo, &hi) == 2 && lo <= hi && hi <= 65535) {
		ns->port_range_lo = (int)lo;
		ns->port_range_hi = (int)hi;
	}
}

/* A 0/1 switch under dir: 1, 0, or -1 when it does not exist or says something else. */
static int read_flag(int dir, const char *name)
{
	int v = dir < 0 ? -1 : read_int(dir, name);
	return v == 0 || v == 1 ? v : -1;
}

/*
 * Every namespace's /proc/sys/net/ipv4 (and bridge) is a dentry of one name
 * under the one /proc/sys/net of a procfs instance, and the kernel keeps them
 * all: each lookup of "ipv4" walks every namespace's (proc_sys_compare, under
 * a spinlock), ~70 us at 1000 namespaces, so reading N namespaces costs N^2
 * and leaves N more dentries on the walk for everyone on the machine. So:
 * one directory fd per subtree (openat below it walks nothing), and those
 * looked up in a private procfs instance (fsopen/fsmount, detached, never
 * attached anywhere) replaced every PRIV_ROTATE namespaces, so a walk meets
 * at most that many and its dentries go with it. Without one (no
 * CAP_SYS_ADMIN, a kernel before 5.2, a seccomp filter) /proc/sys, as before.
 */
#define PRIV_ROTATE 32

static struct {
	int mnt;       /* the instance's root, -1: none yet (or gave up) */
	unsigned used; /* namespaces read through it */
	bool off;      /* making one failed once: /proc/sys from then on */
} priv = { -1, 0, false };

static void priv_next(void)
{
	if (priv.off || (priv.mnt >= 0 && ++priv.used < PRIV_ROTATE)) {
		return;
	}
	if (priv.mnt >= 0) {
		close(priv.mnt);
		priv.mnt = -1;
	}
	priv.used = 0;
#ifdef SYS_fsopen
	int fs = (int)syscall(SYS_fsopen, "proc", FSOPEN_CLOEXEC);
	if (fs >= 0) {
		if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0) {
			priv.mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, 0);
		}
		close(fs);
	}
#endif
	priv.off = priv.mnt < 0;
}

/* net/<sub> of the namespace the thread is in: a directory fd, or -1. */
static int sys_net_dir(const char *sub)
{
	char path[32];
	int fd = -1;

	if (priv.mnt >= 0) {
		snprintf(path, sizeof(path), "sys/net/%s", sub);
		fd = openat(priv.mnt, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (fd >= 0 || errno == ENOENT) {
			return fd; /* the same kernel's view: absent there is absent */
		}
	}
	snprintf(path, sizeof(path), "/proc/sys/net/%s", sub);
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

void be_read_link_sysctls(struct nst_ns *ns)
{
	priv_next();
	int ipv4 = sys_net_dir("ipv4");
	int conf = ipv4 < 0 ? -1 : openat(ipv4, "conf", O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	int all = conf_int(conf, "all", "accept_local"), dflt = conf_int(conf, "default", "accept_local");

	ns->conf_all.accept_local = all < 0 ? -1 : all != 0;
	ns->conf_default.accept_local = dflt < 0 ? -1 : dflt != 0;
	ns->conf_all.arp_ignore = conf_int(conf, "all", "arp_ignore");
	ns->conf_default.arp_ignore = conf_int(conf, "default", "arp_ignore");
	port_range(ipv4, ns);
	if (conf >= 0) {
		close(conf);
	}
	if (ipv4 >= 0) {
		close(ipv4);
	}
	/* br_netfilter's switches exist only once the module is loaded, then per namespace */
	int br = sys_net_dir("bridge");
	ns->br_nf_iptables = read_flag(br, "bridge-nf-call-iptables");
	ns->br_nf_ip6tables = read_flag(br, "bridge-nf-call-ip6tables");
	ns->br_nf_arptables = read_flag(br, "bridge-nf-call-arptables");
	if (br >= 0) {
		close(br);
	}
}
