/* SPDX-License-Identifier: MIT */
/*
 * Seed maker for fuzz_rtnl: dump links, addresses, routes, rules, nexthop
 * objects, netconf, neighbours and the bridge FDB of the current namespace
 * and write each datagram the kernel returns, as received, to
 * DIR/rtnl-{link,addr,route,rule,nexthop,netconf,neigh,fdb}-NNNN.
 * Run by tests/fuzz/make_corpus_rtnl.sh.
 */
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int dump_family(int fd, const char *dir, const char *what, uint16_t type, size_t hdr_len, uint8_t family)
{
	static char buf[65536] __attribute__((aligned(4)));
	struct {
		struct nlmsghdr h;
		char body[64];
	} req;
	int files = 0;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = (uint32_t)NLMSG_LENGTH(hdr_len);
	req.h.nlmsg_type = type;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.h.nlmsg_seq = 1;
	req.body[0] = (char)family; /* the family message's first byte: ndm_family, ifi_family, ... */
	if (send(fd, &req, req.h.nlmsg_len, 0) < 0) {
		return -1;
	}
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		char path[4096];
		if (n <= 0) {
			return -1;
		}
		snprintf(path, sizeof(path), "%s/rtnl-%s-%04d", dir, what, files++);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(buf, 1, (size_t)n, f) != (size_t)n || fclose(f) != 0) {
			return -1;
		}
		/* a small dump (the rules) ends in the same datagram as its messages */
		size_t left = (size_t)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				return files;
			}
		}
	}
}

static int dump(int fd, const char *dir, const char *what, uint16_t type, size_t hdr_len)
{
	return dump_family(fd, dir, what, type, hdr_len, AF_UNSPEC);
}

int main(int argc, char **argv)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (argc != 2 || fd < 0) {
		fprintf(stderr, "usage: rtnl_dump DIR\n");
		return 2;
	}
	if (dump(fd, argv[1], "link", RTM_GETLINK, sizeof(struct ifinfomsg)) < 0 ||
	    dump(fd, argv[1], "addr", RTM_GETADDR, sizeof(struct ifaddrmsg)) < 0 ||
	    dump(fd, argv[1], "route", RTM_GETROUTE, sizeof(struct rtmsg)) < 0 ||
	    dump(fd, argv[1], "rule", RTM_GETRULE, sizeof(struct rtmsg)) < 0 ||
	    dump(fd, argv[1], "nexthop", RTM_GETNEXTHOP, 8 /* struct nhmsg */) < 0 ||
	    dump(fd, argv[1], "netconf", RTM_GETNETCONF, 1 /* struct netconfmsg: AF_UNSPEC, every family */) < 0 ||
	    dump(fd, argv[1], "neigh", RTM_GETNEIGH, sizeof(struct ndmsg)) < 0 ||
	    dump_family(fd, argv[1], "fdb", RTM_GETNEIGH, sizeof(struct ndmsg), AF_BRIDGE) < 0) {
		perror("rtnl_dump");
		return 1;
	}
	return 0;
}
