/* SPDX-License-Identifier: MIT */
/*
 * A hostile process for the attack suite (tests/attack/): run inside a user+net
 * namespace an unprivileged user made (`unshare -rn`), it finds every other
 * netlink socket there (/proc/net/netlink: nstop's, once nstop reads this
 * namespace) and sends it crafted rtnetlink and nfnetlink messages: garbage,
 * truncated attributes, fake NEWLINK/NEWADDR/NEWROUTE/NEWRULE/NEWCHAIN, fake
 * DONE/ERROR/ACK, NLM_F_DUMP_INTR, lengths past the datagram, guessed
 * sequence numbers; and the same to the rtnl and nf_tables multicast groups.
 * Every invented object is named "evil*" (or 10.66.x.x) so a test can grep
 * for it. Usage: nl_attacker SECONDS (SIGTERM ends it early). Prints "target PROTO port N" for each socket found,
 * then "sent N messages to M sockets, R more refused by the kernel".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_TARGETS 256

struct target {
	int proto;
	uint32_t port;
};

static unsigned char msg[8192] __attribute__((aligned(4)));
static size_t msg_len;
static unsigned long sent, refused;

static struct nlmsghdr *begin(uint16_t type, uint16_t flags, uint32_t seq, const void *hdr, size_t hdr_len)
{
	struct nlmsghdr *h = (struct nlmsghdr *)msg;

	memset(msg, 0, sizeof(msg));
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq;
	h->nlmsg_pid = 0;
	if (hdr_len) {
		memcpy(msg + NLMSG_HDRLEN, hdr, hdr_len);
	}
	msg_len = NLMSG_HDRLEN + NLMSG_ALIGN(hdr_len);
	h->nlmsg_len = (uint32_t)msg_len;
	return h;
}

/* Append an attribute; nla_len is the honest one unless lie != 0. */
static void put(uint16_t type, const void *data, size_t len, uint16_t lie)
{
	struct nlattr a = { .nla_len = lie ? lie : (uint16_t)(NLA_HDRLEN + len), .nla_type = type };

	if (msg_len + NLA_HDRLEN + NLA_ALIGN(len) > sizeof(msg)) {
		return;
	}
	memcpy(msg + msg_len, &a, sizeof(a));
	if (len) { /* a nest's header has no data (NULL): memcpy must not see it */
		memcpy(msg + msg_len + NLA_HDRLEN, data, len);
	}
	msg_len += NLA_HDRLEN + NLA_ALIGN(len);
	((struct nlmsghdr *)msg)->nlmsg_len = (uint32_t)msg_len;
}

static void put_str(uint16_t type, const char *s)
{
	put(type, s, strlen(s) + 1, 0);
}

static void put_u32(uint16_t type, uint32_t v)
{
	put(type, &v, sizeof(v), 0);
}

static size_t nest_begin(uint16_t type)
{
	size_t at = msg_len;
	put(type | NLA_F_NESTED, NULL, 0, 0);
	return at;
}

static void nest_end(size_t at)
{
	struct nlattr a;
	memcpy(&a, msg + at, sizeof(a));
	a.nla_len = (uint16_t)(msg_len - at);
	memcpy(msg + at, &a, sizeof(a));
}

static void send_to(int fd, uint32_t port, uint32_t groups)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_pid = port, .nl_groups = groups };

	if (sendto(fd, msg, msg_len, MSG_DONTWAIT, (struct sockaddr *)&sa, sizeof(sa)) >= 0) {
		sent++;
	} else if (errno == ECONNREFUSED) {
		refused++; /* the victim's socket is connected to the kernel: unicast from us is refused */
	}
}

/* A fake link that, if believed, would show up as "evil<n>". */
static void fake_link(uint32_t seq, uint16_t flags, int variant)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 4000 + variant, .ifi_flags = IFF_UP };
	char name[16];

	snprintf(name, sizeof(name), "evil%d", variant);
	begin(RTM_NEWLINK, flags, seq, &ifi, sizeof(ifi));
	put_str(IFLA_IFNAME, name);
	put_u32(IFLA_MTU, 6666);
	size_t li = nest_begin(IFLA_LINKINFO);
	put_str(IFLA_INFO_KIND, "veth");
	nest_end(li);
	put_u32(IFLA_LINK, 1);
	switch (variant % 6) {
	case 1: /* an attribute claiming more than the message holds */
		put(IFLA_ADDRESS, "\x02\x00\x00\x00", 4, 2000);
		break;
	case 2: /* a u32 attribute of two bytes: libnftnl-style parsers exit() on that */
		put(IFLA_MASTER, "\x01\x00", 2, 0);
		break;
	case 3: /* the message claims more than the datagram */
		((struct nlmsghdr *)msg)->nlmsg_len = 60000;
		break;
	case 4: /* unterminated name */
		put(IFLA_IFNAME, "evilXXXXXXXXXXXXXXXXXXXXXXXX", 28, 0);
		break;
	default:
		break;
	}
}

static void fake_addr_route(uint32_t seq, uint16_t flags, bool route)
{
	uint8_t a[4] = { 10, 66, 66, 66 };

	if (route) {
		struct rtmsg rtm = { .rtm_family = AF_INET, .rtm_dst_len = 16, .rtm_table = RT_TABLE_MAIN,
				     .rtm_protocol = RTPROT_STATIC, .rtm_type = RTN_UNICAST };
		begin(RTM_NEWROUTE, flags, seq, &rtm, sizeof(rtm));
		put(RTA_DST, a, 4, 0);
		put_u32(RTA_OIF, 1);
		put_u32(RTA_TABLE, RT_TABLE_MAIN);
	} else {
		struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = 24, .ifa_index = 1 };
		begin(RTM_NEWADDR, flags, seq, &ifa, sizeof(ifa));
		put(IFA_LOCAL, a, 4, 0);
		put(IFA_ADDRESS, a, 3, 0); /* wrong size */
	}
}

static void fake_done_error(uint32_t seq, int variant)
{
	int32_t zero = 0;

	if (variant == 0) {
		begin(NLMSG_DONE, NLM_F_MULTI | NLM_F_DUMP_INTR, seq, &zero, sizeof(zero));
		return;
	}
	struct nlmsgerr e = { .error = variant == 1 ? 0 : -EPERM };
	e.msg.nlmsg_len = NLMSG_HDRLEN;
	e.msg.nlmsg_seq = seq;
	begin(NLMSG_ERROR, 0, seq, &e, sizeof(e));
}

static void fake_nft(uint32_t seq, uint16_t flags, int variant)
{
	struct nfgenmsg g = { .nfgen_family = 2 /* NFPROTO_IPV4 */, .version = NFNETLINK_V0 };
	uint16_t type = (uint16_t)((NFNL_SUBSYS_NFTABLES << 8) | (variant % 3 == 0 ? NFT_MSG_NEWCHAIN : NFT_MSG_NEWRULE));

	begin(type, flags, seq, &g, sizeof(g));
	put_str(NFTA_CHAIN_TABLE, "evil");
	put_str(NFTA_CHAIN_NAME, "evilchain");
	if (variant % 3 == 0) {
		size_t hk = nest_begin(NFTA_CHAIN_HOOK);
		put_u32(NFTA_HOOK_HOOKNUM, htonl(4));
		if (variant % 2) {
			put(NFTA_HOOK_PRIORITY, "\x00\x01", 2, 0); /* libnftnl: "kernel ABI is broken" */
		}
		nest_end(hk);
		put_str(NFTA_CHAIN_TYPE, "nat");
		return;
	}
	uint64_t handle = 0x6666;
	put(NFTA_RULE_HANDLE, &handle, variant % 3 == 1 ? 8 : 3, 0);
	size_t list = nest_begin(NFTA_RULE_EXPRESSIONS);
	size_t el = nest_begin(NFTA_LIST_ELEM);
	put_str(NFTA_EXPR_NAME, "masq");
	size_t data = nest_begin(NFTA_EXPR_DATA);
	put(NFTA_MASQ_FLAGS, "\x00", 1, variant % 5 == 0 ? 900 : 0);
	nest_end(data);
	nest_end(el);
	nest_end(list);
}

static size_t scan_targets(struct target *t, const uint32_t *own, size_t n_own)
{
	FILE *f = fopen("/proc/net/netlink", "r");
	char line[512];
	size_t n = 0;

	if (!f) {
		return 0;
	}
	while (fgets(line, sizeof(line), f) && n < MAX_TARGETS) {
		char sk[64];
		int proto;
		unsigned int pid;

		if (sscanf(line, "%63s %d %u", sk, &proto, &pid) != 3 || pid == 0 ||
		    (proto != NETLINK_ROUTE && proto != NETLINK_NETFILTER)) {
			continue;
		}
		bool mine = false;
		for (size_t i = 0; i < n_own; i++) {
			mine |= own[i] == pid;
		}
		if (!mine) {
			t[n++] = (struct target){ proto, pid };
		}
	}
	fclose(f);
	return n;
}

static uint32_t port_of(int fd)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(sa);

	bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	getsockname(fd, (struct sockaddr *)&sa, &len);
	return sa.nl_pid;
}

/* One round of everything to one socket; seq guesses cover 0, small numbers and time-based starts. */
static void attack(int fd, const struct target *t, unsigned round)
{
	uint32_t now = (uint32_t)time(NULL);
	uint32_t seqs[] = { 0, 1, round, now, now - 1, now + round % 64, (uint32_t)rand() };

	for (size_t s = 0; s < sizeof(seqs) / sizeof(seqs[0]); s++) {
		uint32_t seq = seqs[s];
		if (t->proto == NETLINK_ROUTE) {
			for (int v = 0; v < 6; v++) {
				fake_link(seq, NLM_F_MULTI | (v == 5 ? NLM_F_DUMP_INTR : 0), (int)(round % 50) * 6 + v);
				send_to(fd, t->port, 0);
			}
			fake_addr_route(seq, NLM_F_MULTI, false);
			send_to(fd, t->port, 0);
			fake_addr_route(seq, NLM_F_MULTI, true);
			send_to(fd, t->port, 0);
		} else {
			for (int v = 0; v < 6; v++) {
				fake_nft(seq, NLM_F_MULTI | (v == 4 ? NLM_F_DUMP_INTR : 0), v);
				send_to(fd, t->port, 0);
			}
		}
		for (int v = 0; v < 3; v++) {
			fake_done_error(seq, v);
			send_to(fd, t->port, 0);
		}
	}
	/* garbage: random bytes, a header alone, a header with a length of 2 */
	msg_len = 1 + (size_t)rand() % 300;
	for (size_t i = 0; i < msg_len; i++) {
		msg[i] = (unsigned char)rand();
	}
	send_to(fd, t->port, 0);
	begin(RTM_NEWLINK, NLM_F_MULTI, now, NULL, 0);
	((struct nlmsghdr *)msg)->nlmsg_len = 2;
	send_to(fd, t->port, 0);
}

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	int secs = argc > 1 ? atoi(argv[1]) : 5;
	int rt = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	int nf = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
	uint32_t own[2] = { port_of(rt), port_of(nf) };
	struct target t[MAX_TARGETS];
	uint32_t seen[MAX_TARGETS * 4];
	size_t n_seen = 0;
	time_t end = time(NULL) + secs, rtnl_from = 0;
	unsigned round = 0;

	srand((unsigned)getpid());
	signal(SIGTERM, on_term);
	while (!stop && time(NULL) < end) {
		size_t n = scan_targets(t, own, 2);
		for (size_t i = 0; i < n; i++) {
			bool known = false;
			for (size_t k = 0; k < n_seen; k++) {
				known |= seen[k] == t[i].port;
			}
			if (!known && n_seen < sizeof(seen) / sizeof(seen[0])) {
				seen[n_seen++] = t[i].port;
				printf("target %s port %u\n", t[i].proto == NETLINK_ROUTE ? "rtnl" : "nfnetlink", t[i].port);
				fflush(stdout);
			}
			/* Phase one (3 s from the first socket found): nf_tables sockets
			 * only, so a victim whose rtnl read fails on the first foreign
			 * message still gets to its nf_tables dump; then everything. */
			if (!rtnl_from) {
				rtnl_from = time(NULL) + 3;
			}
			if (t[i].proto == NETLINK_ROUTE && time(NULL) < rtnl_from) {
				continue;
			}
			attack(t[i].proto == NETLINK_ROUTE ? rt : nf, &t[i], round);
		}
		/* multicast: CAP_NET_ADMIN in this namespace's owner is enough to send to its groups */
		fake_link(0, 0, 7);
		send_to(rt, 0, 1u << (RTNLGRP_LINK - 1));
		fake_nft(0, 0, 1);
		send_to(nf, 0, 1u << (NFNLGRP_NFTABLES - 1));
		round++;
		usleep(n ? 100 : 1000);
	}
	printf("sent %lu messages to %zu sockets, %lu more refused by the kernel\n", sent, n_seen, refused);
	return 0;
}
