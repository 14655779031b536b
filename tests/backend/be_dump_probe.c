/* SPDX-License-Identifier: MIT */
/*
 * be_nl_dump against forged and stale input, on real sockets (run inside
 * tests/sandbox.sh): another process's messages queued on the dump socket
 * with the very sequence number and port id the dump will use (a fake link,
 * a fake DONE, a fake DUMP_INTR), and the kernel's replies to an older
 * request. Each must be dropped and counted, and the dump must return
 * exactly the kernel's links. Then be_nl_connect_kernel must make the
 * kernel refuse such unicast outright. Prints one line per check; exit 1 on
 * the first failure.
 */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "be_nlmsg.h"

static int failures;

static void check(bool ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static int nl_socket(uint32_t *port)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(sa);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		perror("netlink socket");
		exit(1);
	}
	*port = sa.nl_pid;
	return fd;
}

/* A forged NEWLINK "evil0" (or a DONE) as if it answered request seq on port. */
static int forge(int from, uint32_t to, uint32_t seq, uint16_t type, uint16_t flags)
{
	char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct ifinfomsg ifi = { .ifi_index = 77 };

	memset(buf, 0, sizeof(buf));
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq;
	h->nlmsg_pid = to;
	h->nlmsg_len = NLMSG_LENGTH(sizeof(ifi));
	memcpy(NLMSG_DATA(h), &ifi, sizeof(ifi));
	if (type == RTM_NEWLINK) {
		struct rtattr *a = (struct rtattr *)(buf + h->nlmsg_len);
		a->rta_type = IFLA_IFNAME;
		a->rta_len = RTA_LENGTH(6);
		memcpy(RTA_DATA(a), "evil0", 6);
		h->nlmsg_len += RTA_ALIGN(a->rta_len);
	}
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_pid = to };
	return sendto(from, buf, h->nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? -errno : 0;
}

static int link_msg(const struct nlmsghdr *h, void *ctx)
{
	return be_rtnl_parse_link(h, ctx, 1, NULL);
}

static void links_reset(void *ctx)
{
	((struct nst_ns *)ctx)->n_links = 0;
}

static int dump_links(int fd, struct nst_ns *ns, uint64_t *dropped)
{
	static const struct be_dump_ops ops = { link_msg, links_reset };
	struct {
		struct nlmsghdr h;
		struct ifinfomsg ifi;
	} req;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi));
	req.h.nlmsg_type = RTM_GETLINK;
	ns->n_links = 0;
	return be_nl_dump(fd, &req.h, &ops, ns, dropped);
}

static bool has_evil(const struct nst_ns *ns)
{
	for (size_t i = 0; i < ns->n_links; i++) {
		if (strstr(ns->links[i].name, "evil") || ns->links[i].ifindex == 77) {
			return true;
		}
	}
	return false;
}

int main(int argc, char **argv)
{
	size_t want = argc > 1 ? (size_t)atoi(argv[1]) : 0; /* the kernel's link count, from ip */
	uint32_t port, evil_port;
	int fd = nl_socket(&port), evil = nl_socket(&evil_port);
	struct nst_ns ns = { .name = "probe" };
	uint64_t dropped = 0;
	char line[160];

	/* Forged replies carrying the exact seq the next dump will use (the worst case: predicted). */
	uint32_t next = be_nl_next_seq() + 1;
	int sent = 0;
	for (int i = 0; i < 8; i++) {
		sent += forge(evil, port, next, RTM_NEWLINK, NLM_F_MULTI | (i == 3 ? NLM_F_DUMP_INTR : 0)) == 0;
	}
	sent += forge(evil, port, next, NLMSG_DONE, NLM_F_MULTI) == 0;
	check(sent == 9, "another socket can queue forged replies on an unconnected socket");
	int rc = dump_links(fd, &ns, &dropped);
	snprintf(line, sizeof(line), "dump with 9 forged replies queued: rc %d, %zu links (ip: %zu), %llu dropped", rc,
		 ns.n_links, want, (unsigned long long)dropped);
	check(rc == 0 && ns.n_links == want && !has_evil(&ns) && dropped == 9, line);

	/* The kernel's answer to an older request, left unread: its seq is not this dump's. */
	struct {
		struct nlmsghdr h;
		struct ifinfomsg ifi;
	} old;
	memset(&old, 0, sizeof(old));
	old.h.nlmsg_len = NLMSG_LENGTH(sizeof(old.ifi));
	old.h.nlmsg_type = RTM_GETLINK;
	old.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	old.h.nlmsg_seq = 4242;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	sendto(fd, &old, old.h.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel));
	usleep(100000);
	dropped = 0;
	rc = dump_links(fd, &ns, &dropped);
	snprintf(line, sizeof(line), "dump after an unread older dump: rc %d, %zu links, %llu dropped (want %zu)", rc,
		 ns.n_links, (unsigned long long)dropped, want + 1);
	check(rc == 0 && ns.n_links == want && dropped == want + 1, line);

	/* Connected to the kernel, the socket cannot even be sent to by anyone else. */
	check(be_nl_connect_kernel(fd) == 0, "connect to the kernel");
	rc = forge(evil, port, next, RTM_NEWLINK, NLM_F_MULTI);
	snprintf(line, sizeof(line), "forged unicast to a connected socket: %s", rc ? strerror(-rc) : "delivered");
	check(rc == -ECONNREFUSED, line);
	dropped = 0;
	rc = dump_links(fd, &ns, &dropped);
	check(rc == 0 && ns.n_links == want && dropped == 0, "a connected socket still dumps");

	free(ns.links); /* links carry no addresses here: a link dump only */
	close(fd);
	close(evil);
	printf("be_dump_probe: %d failures, %llu messages dropped in all\n", failures,
	       (unsigned long long)be_nl_dropped_total());
	return failures ? 1 : 0;
}
