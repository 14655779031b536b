/* SPDX-License-Identifier: MIT */
/*
 * The switches netconf does not carry: net.ipv4.conf.{all,default}.accept_local
 * and arp_ignore, net.ipv4.ip_local_port_range and net.bridge.bridge-nf-call-*,
 * read from /proc/sys while inside the namespace (/proc/sys/net follows the
 * thread's namespace, as be_read_sysctls' files do; the two names are ours,
 * never a link's). A link's own comes with its link message (be_rtnl_parse.c,
 * IFLA_INET_CONF), at no cost per link: every namespace's conf/<name> is one
 * dentry chain, so a /proc/sys lookup per link grows with the namespaces.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
 * under the one /proc/sys/net, so each path through it walks all N of them
 * (proc_sys_compare): half of --json's CPU at 1000 namespaces with a path per
 * file. One directory fd per subtree, then openat below it, walks once each.
 */
void be_read_link_sysctls(struct nst_ns *ns)
{
	int ipv4 = open("/proc/sys/net/ipv4", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
	int br = open("/proc/sys/net/bridge", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ns->br_nf_iptables = read_flag(br, "bridge-nf-call-iptables");
	ns->br_nf_ip6tables = read_flag(br, "bridge-nf-call-ip6tables");
	ns->br_nf_arptables = read_flag(br, "bridge-nf-call-arptables");
	if (br >= 0) {
		close(br);
	}
}
