/* SPDX-License-Identifier: MIT */
/*
 * The netlink "floor" for bench/json_scale.sh: the least any tool must do to
 * show the topology. It reads, in its own namespace and then in every
 * /run/netns entry (setns), the link, address and IPv4/IPv6 route dumps on a
 * NETLINK_ROUTE socket made there, and nothing else: no parsing beyond
 * walking the messages to find NLMSG_DONE, no output but a count on stderr.
 * A 64 KiB receive buffer, one recv per batch (no MSG_PEEK), as the kernel
 * allows. A bench tool, not the product: it may exit on an error.
 * Usage: floor [-q]   (-q: no count on stderr)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char buf[65536];

/* One dump (type, family) on sk to NLMSG_DONE; returns the messages seen, -1 on error. */
static long dump(int sk, uint16_t type, uint8_t family, uint32_t seq)
{
	struct {
		struct nlmsghdr h;
		struct rtgenmsg g;
		char pad[16]; /* RTM_GETROUTE / RTM_GETADDR read a longer header; zeroed */
	} req;
	long n = 0;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(type == RTM_GETROUTE ? sizeof(struct rtmsg)
				       : type == RTM_GETADDR ? sizeof(struct ifaddrmsg)
							     : sizeof(struct ifinfomsg));
	req.h.nlmsg_type = type;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.h.nlmsg_seq = seq;
	req.g.rtgen_family = family;
	if (send(sk, &req, req.h.nlmsg_len, 0) < 0) {
		return -1;
	}
	for (;;) {
		ssize_t len = recv(sk, buf, sizeof(buf), 0);
		if (len < 0) {
			if (errno == EINTR) {
				continue;
			}
			return -1;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				return n;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				return -1;
			}
			n++;
		}
	}
}

/* All four dumps in the namespace the caller is in; returns messages, -1 on error. */
static long read_here(void)
{
	int sk = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	long total = 0;

	if (sk < 0) {
		return -1;
	}
	int one = 1;
	setsockopt(sk, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
	const struct {
		uint16_t type;
		uint8_t family;
	} what[] = { { RTM_GETLINK, AF_UNSPEC }, { RTM_GETADDR, AF_UNSPEC }, { RTM_GETROUTE, AF_INET }, { RTM_GETROUTE, AF_INET6 } };
	for (size_t i = 0; i < sizeof(what) / sizeof(what[0]); i++) {
		long n = dump(sk, what[i].type, what[i].family, (uint32_t)i + 1);
		if (n < 0) {
			close(sk);
			return -1;
		}
		total += n;
	}
	close(sk);
	return total;
}

int main(int argc, char **argv)
{
	bool quiet = argc > 1 && strcmp(argv[1], "-q") == 0;
	int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	long msgs, n_ns = 1;

	if (self < 0 || (msgs = read_here()) < 0) {
		perror("floor: own namespace");
		return 1;
	}
	DIR *d = opendir("/run/netns");
	for (struct dirent *e; d && (e = readdir(d));) {
		if (e->d_name[0] == '.') {
			continue;
		}
		int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
			fprintf(stderr, "floor: %s: %s\n", e->d_name, strerror(errno));
			return 1;
		}
		long n = read_here();
		if (n < 0 || setns(self, CLONE_NEWNET) < 0) {
			fprintf(stderr, "floor: %s: dump failed: %s\n", e->d_name, strerror(errno));
			return 1;
		}
		close(fd);
		msgs += n;
		n_ns++;
	}
	if (d) {
		closedir(d);
	}
	if (!quiet) {
		fprintf(stderr, "floor: %ld namespaces, %ld messages\n", n_ns, msgs);
	}
	return 0;
}
