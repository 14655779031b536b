/* SPDX-License-Identifier: MIT */
/*
 * Test traffic between sandbox namespaces (there is no nc/socat/ping here):
 *   netprobe tcp-listen ADDR PORT   print "ready", accept one connection,
 *                                   print "from IP:PORT" and what it sent
 *   netprobe tcp-send ADDR PORT TEXT  connect (2 s limit), send TEXT, exit 0
 *   netprobe udp-listen ADDR PORT   print "ready", receive one datagram,
 *                                   print "from IP:PORT" and its text
 *   netprobe udp-send ADDR PORT TEXT  send TEXT as one datagram, exit 0
 *   netprobe icmp-echo ADDR COUNT [ID]  COUNT echo requests (raw socket, root)
 *                                   with id ID (default: pid) and seq 1..COUNT,
 *                                   64 bytes of ICMP like ping's default (8 of
 *                                   header, 56 of data: "length 64" in
 *                                   tcpdump); waits up to 1 s for each reply,
 *                                   prints "reply seq N"; exit 1 if any is missing
 *   netprobe udp-flood ADDR PORT SECONDS [PPS]  send 16-byte datagrams for
 *                                   SECONDS, as fast as possible or at PPS a
 *                                   second; print "sent N" at the end
 *   netprobe tcp-connect ADDR PORT  connect (1.5 s limit), print "connected"
 *                                   (exit 0), "refused" or "timeout" (exit 1)
 *   netprobe tcp-serve ADDR PORT SECONDS  print "ready", accept and close
 *                                   connections for SECONDS
 *   netprobe udp-echo ADDR PORT [COUNT [SECONDS]]  print "ready", send each
 *                                   datagram back to its sender, COUNT of them
 *                                   (default 1) within SECONDS (default 5)
 *   netprobe udp-ask ADDR PORT      send one datagram from a connected socket,
 *                                   wait 1 s: "answered" (exit 0), "refused"
 *                                   (ICMP port unreachable) or "no answer" (1)
 *   netprobe icmp6-echo ADDR COUNT [ID]  icmp-echo for IPv6 (raw ICMPv6)
 * Exit 1 with a message on any failure; 5 s overall limit (SECONDS + 2 for
 * udp-flood, tcp-serve and udp-echo) so a lost packet fails the test instead
 * of hanging it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/icmp6.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static int die(const char *what)
{
	fprintf(stderr, "netprobe: %s: %s\n", what, strerror(errno));
	return 1;
}

static int parse(const char *addr, const char *port, struct sockaddr_in *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)atoi(port));
	if (inet_pton(AF_INET, addr, &sa->sin_addr) != 1) {
		fprintf(stderr, "netprobe: bad IPv4 address %s\n", addr);
		return -1;
	}
	return 0;
}

/* A positive integer argument no larger than max, or -1 with a message. */
static long number(const char *what, const char *s, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > max) {
		fprintf(stderr, "netprobe: bad %s '%s' (1-%ld)\n", what, s, max);
		return -1;
	}
	return v;
}

static void print_from(const struct sockaddr_in *peer)
{
	char ip[INET_ADDRSTRLEN];
	printf("from %s:%u\n", inet_ntop(AF_INET, &peer->sin_addr, ip, sizeof(ip)), ntohs(peer->sin_port));
}

static int tcp_listen(const struct sockaddr_in *sa)
{
	int one = 1, s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in peer;
	socklen_t plen = sizeof(peer);
	char buf[4096];

	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(s, (const struct sockaddr *)sa, sizeof(*sa)) < 0 || listen(s, 1) < 0) {
		return die("listen");
	}
	printf("ready\n");
	fflush(stdout);
	int c = accept(s, (struct sockaddr *)&peer, &plen);
	if (c < 0) {
		return die("accept");
	}
	print_from(&peer);
	ssize_t n, total = 0;
	while ((n = read(c, buf, sizeof(buf))) > 0) {
		fwrite(buf, 1, (size_t)n, stdout);
		total += n;
	}
	printf("\n%zd bytes\n", total);
	return 0;
}

static int tcp_send(const struct sockaddr_in *sa, const char *text)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), err = 0;
	socklen_t elen = sizeof(err);
	struct pollfd p = { .fd = s, .events = POLLOUT };

	if (s < 0) {
		return die("socket");
	}
	if (connect(s, (const struct sockaddr *)sa, sizeof(*sa)) < 0 && errno != EINPROGRESS) {
		return die("connect");
	}
	if (poll(&p, 1, 2000) != 1) {
		fprintf(stderr, "netprobe: connect: timed out\n");
		return 1;
	}
	if (getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &elen) < 0 || err) {
		errno = err;
		return die("connect");
	}
	size_t len = strlen(text);
	if (write(s, text, len) != (ssize_t)len) {
		return die("write");
	}
	close(s);
	return 0;
}

static int udp_listen(const struct sockaddr_in *sa)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in peer;
	socklen_t plen = sizeof(peer);
	char buf[65536];

	if (s < 0 || bind(s, (const struct sockaddr *)sa, sizeof(*sa)) < 0) {
		return die("bind");
	}
	printf("ready\n");
	fflush(stdout);
	ssize_t n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &plen);
	if (n < 0) {
		return die("recvfrom");
	}
	print_from(&peer);
	fwrite(buf, 1, (size_t)n, stdout);
	printf("\n%zd bytes\n", n);
	return 0;
}

static int udp_send(const struct sockaddr_in *sa, const char *text)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	size_t len = strlen(text);

	if (s < 0) {
		return die("socket");
	}
	if (sendto(s, text, len, 0, (const struct sockaddr *)sa, sizeof(*sa)) != (ssize_t)len) {
		return die("sendto");
	}
	close(s);
	return 0;
}

static uint16_t inet_csum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < len; i += 2) {
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	}
	if (len & 1) {
		sum += (uint32_t)p[len - 1] << 8;
	}
	while (sum >> 16) {
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return (uint16_t)~sum;
}

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

enum { ICMP_LEN = 64 }; /* 8 bytes of header + 56 of data, ping's default */

/* Wait up to 1 s for the echo reply with this id and seq from sa. */
static int icmp_wait(int s, const struct sockaddr_in *sa, uint16_t id, uint16_t seq)
{
	int64_t deadline = now_ns() + 1000000000;
	uint8_t buf[1500];

	for (;;) {
		int64_t left = deadline - now_ns();
		struct pollfd p = { .fd = s, .events = POLLIN };
		if (left <= 0 || poll(&p, 1, (int)((left + 999999) / 1000000)) == 0) {
			return 0;
		}
		struct sockaddr_in from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			return -1;
		}
		/* A raw IPv4 socket gets the IP header too. */
		if (n < 20 || from.sin_addr.s_addr != sa->sin_addr.s_addr) {
			continue;
		}
		size_t ihl = (size_t)(buf[0] & 0x0f) * 4;
		if (ihl < 20 || (size_t)n < ihl + 8) {
			continue;
		}
		const uint8_t *icmp = buf + ihl;
		if (icmp[0] == 0 && icmp[1] == 0 && (icmp[4] << 8 | icmp[5]) == id && (icmp[6] << 8 | icmp[7]) == seq) {
			return 1;
		}
	}
}

static int icmp_echo(const struct sockaddr_in *sa, long count, uint16_t id)
{
	int s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), missing = 0;

	if (s < 0) {
		return die("raw ICMP socket (root only)");
	}
	for (long seq = 1; seq <= count; seq++) {
		uint8_t pkt[ICMP_LEN];
		memset(pkt, 0, sizeof(pkt));
		pkt[0] = 8; /* echo request, code 0 */
		pkt[4] = (uint8_t)(id >> 8);
		pkt[5] = (uint8_t)id;
		pkt[6] = (uint8_t)(seq >> 8);
		pkt[7] = (uint8_t)seq;
		for (size_t i = 8; i < sizeof(pkt); i++) {
			pkt[i] = (uint8_t)i; /* ping's pattern: 0x08 0x09 ... */
		}
		uint16_t c = inet_csum(pkt, sizeof(pkt));
		pkt[2] = (uint8_t)(c >> 8);
		pkt[3] = (uint8_t)c;
		if (sendto(s, pkt, sizeof(pkt), 0, (const struct sockaddr *)sa, sizeof(*sa)) != (ssize_t)sizeof(pkt)) {
			return die("sendto");
		}
		int r = icmp_wait(s, sa, id, (uint16_t)seq);
		if (r < 0) {
			return die("recvfrom");
		}
		if (r) {
			printf("reply seq %ld\n", seq);
		} else {
			fprintf(stderr, "netprobe: no reply to seq %ld within 1 s\n", seq);
			missing++;
		}
		fflush(stdout);
	}
	close(s);
	return missing ? 1 : 0;
}

static int udp_flood(const struct sockaddr_in *sa, long seconds, long pps)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	char msg[16] = "nstop-flood";
	unsigned long long sent = 0, errors = 0;

	if (s < 0) {
		return die("socket");
	}
	/* Not connected: an ICMP port unreachable must not turn into ECONNREFUSED. */
	int64_t start = now_ns(), end = start + (int64_t)seconds * 1000000000;
	for (;;) {
		int64_t t = now_ns();
		if (t >= end) {
			break;
		}
		if (pps > 0) {
			/* On schedule: packet i leaves at start + i/pps (late ones catch up). */
			int64_t due = start + (int64_t)(sent + errors) * 1000000000 / pps;
			if (due >= end) {
				break;
			}
			if (due > t) {
				struct timespec ts = { .tv_sec = (time_t)(due / 1000000000), .tv_nsec = (long)(due % 1000000000) };
				clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
			}
		}
		if (sendto(s, msg, sizeof(msg), 0, (const struct sockaddr *)sa, sizeof(*sa)) == (ssize_t)sizeof(msg)) {
			sent++;
		} else if (errno == ENOBUFS || errno == EAGAIN || errno == ECONNREFUSED || errno == EINTR) {
			errors++;
		} else {
			return die("sendto");
		}
	}
	printf("sent %llu\n", sent);
	if (errors) {
		fprintf(stderr, "netprobe: %llu datagrams not sent (ENOBUFS/EAGAIN)\n", errors);
	}
	close(s);
	return 0;
}

/* tcp-connect: the outcome in one word, so a test can tell refused from dropped. */
static int tcp_connect(const struct sockaddr_in *sa)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), err = 0;
	socklen_t elen = sizeof(err);
	struct pollfd p = { .fd = s, .events = POLLOUT };

	if (s < 0) {
		return die("socket");
	}
	if (connect(s, (const struct sockaddr *)sa, sizeof(*sa)) < 0 && errno != EINPROGRESS) {
		err = errno;
	} else if (poll(&p, 1, 1500) != 1) {
		printf("timeout\n");
		return 1;
	} else if (getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &elen) < 0) {
		return die("getsockopt");
	}
	if (err == 0) {
		printf("connected\n");
		close(s);
		return 0;
	}
	/* EHOSTUNREACH/ENETUNREACH: an ICMP error or no route; still "not connected" */
	printf("%s (%s)\n", err == ECONNREFUSED ? "refused" : "unreachable", strerror(err));
	return 1;
}

static int tcp_serve(const struct sockaddr_in *sa, long seconds)
{
	int one = 1, s = socket(AF_INET, SOCK_STREAM, 0);
	int64_t end = now_ns() + (int64_t)seconds * 1000000000;

	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(s, (const struct sockaddr *)sa, sizeof(*sa)) < 0 || listen(s, 128) < 0) {
		return die("listen");
	}
	printf("ready\n");
	fflush(stdout);
	for (int64_t left; (left = end - now_ns()) > 0;) {
		struct pollfd p = { .fd = s, .events = POLLIN };
		if (poll(&p, 1, (int)(left / 1000000) + 1) == 1) {
			int c = accept(s, NULL, NULL);
			if (c >= 0) {
				close(c);
			}
		}
	}
	return 0;
}

/*
 * The answer leaves from the address the question was sent to (IP_PKTINFO), as
 * a server bound per address would: a wildcard socket's plain sendto would pick
 * the route's source, and the asker's connected socket would drop that answer.
 */
static int udp_echo(const struct sockaddr_in *sa, long count, long seconds)
{
	int one = 1, s = socket(AF_INET, SOCK_DGRAM, 0);
	char buf[2048];
	int64_t end = now_ns() + (int64_t)seconds * 1000000000;

	if (s < 0 || setsockopt(s, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) < 0 ||
	    bind(s, (const struct sockaddr *)sa, sizeof(*sa)) < 0) {
		return die("bind");
	}
	printf("ready\n");
	fflush(stdout);
	for (long i = 0; i < count; i++) {
		struct pollfd p = { .fd = s, .events = POLLIN };
		int64_t left = end - now_ns();
		if (left <= 0 || poll(&p, 1, (int)(left / 1000000) + 1) != 1) {
			break; /* SECONDS are up: the datagrams that came were answered */
		}
		struct sockaddr_in peer;
		union {
			char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
			struct cmsghdr align;
		} ctl;
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr mh = { .msg_name = &peer, .msg_namelen = sizeof(peer), .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf) };
		ssize_t n = recvmsg(s, &mh, 0);
		if (n < 0) {
			return die("recvmsg");
		}
		struct in_pktinfo to = { 0 };
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
				memcpy(&to, CMSG_DATA(c), sizeof(to));
			}
		}
		iov.iov_len = (size_t)n;
		mh.msg_controllen = 0;
		if (to.ipi_addr.s_addr) {
			struct in_pktinfo from = { .ipi_spec_dst = to.ipi_addr };
			mh.msg_controllen = sizeof(ctl.buf);
			struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
			c->cmsg_level = IPPROTO_IP;
			c->cmsg_type = IP_PKTINFO;
			c->cmsg_len = CMSG_LEN(sizeof(from));
			memcpy(CMSG_DATA(c), &from, sizeof(from));
		}
		if (sendmsg(s, &mh, 0) != n) {
			fprintf(stderr, "netprobe: sendmsg: %s\n", strerror(errno));
		}
	}
	return 0;
}

static int udp_ask(const struct sockaddr_in *sa)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	char buf[64];
	static const char q[] = "nstop-ask";

	/* connected: an ICMP port unreachable comes back as ECONNREFUSED */
	if (s < 0 || connect(s, (const struct sockaddr *)sa, sizeof(*sa)) < 0) {
		return die("connect");
	}
	if (send(s, q, sizeof(q) - 1, 0) < 0) {
		printf("unreachable (%s)\n", strerror(errno));
		return 1;
	}
	int64_t deadline = now_ns() + 1000000000;
	for (int64_t left; (left = deadline - now_ns()) > 0;) {
		struct pollfd p = { .fd = s, .events = POLLIN };
		if (poll(&p, 1, (int)(left / 1000000) + 1) != 1) {
			break;
		}
		ssize_t n = recv(s, buf, sizeof(buf), 0);
		if (n == (ssize_t)sizeof(q) - 1 && memcmp(buf, q, sizeof(q) - 1) == 0) {
			printf("answered\n");
			return 0;
		}
		if (n < 0 && errno != EINTR) {
			printf("%s (%s)\n", errno == ECONNREFUSED ? "refused" : "unreachable", strerror(errno));
			return 1;
		}
	}
	printf("no answer\n");
	return 1;
}

/* The kernel fills an ICMPv6 raw socket's checksum itself and gives no IPv6 header. */
static int icmp6_echo(const char *addr, long count, uint16_t id)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	int s = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6), missing = 0;

	if (inet_pton(AF_INET6, addr, &sa.sin6_addr) != 1) {
		fprintf(stderr, "netprobe: bad IPv6 address %s\n", addr);
		return 1;
	}
	if (s < 0) {
		return die("raw ICMPv6 socket (root only)");
	}
	struct icmp6_filter f;
	ICMP6_FILTER_SETBLOCKALL(&f);
	ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
	setsockopt(s, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f));
	for (long seq = 1; seq <= count; seq++) {
		uint8_t pkt[ICMP_LEN], buf[1500];
		memset(pkt, 0, sizeof(pkt));
		pkt[0] = ICMP6_ECHO_REQUEST;
		pkt[4] = (uint8_t)(id >> 8);
		pkt[5] = (uint8_t)id;
		pkt[6] = (uint8_t)(seq >> 8);
		pkt[7] = (uint8_t)seq;
		for (size_t i = 8; i < sizeof(pkt); i++) {
			pkt[i] = (uint8_t)i;
		}
		if (sendto(s, pkt, sizeof(pkt), 0, (const struct sockaddr *)&sa, sizeof(sa)) != (ssize_t)sizeof(pkt)) {
			fprintf(stderr, "netprobe: no reply to seq %ld: sendto: %s\n", seq, strerror(errno));
			missing++;
			continue;
		}
		int64_t deadline = now_ns() + 1000000000;
		bool got = false;
		for (int64_t left; !got && (left = deadline - now_ns()) > 0;) {
			struct pollfd p = { .fd = s, .events = POLLIN };
			if (poll(&p, 1, (int)(left / 1000000) + 1) != 1) {
				break;
			}
			struct sockaddr_in6 from;
			socklen_t flen = sizeof(from);
			ssize_t n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
			got = n >= 8 && memcmp(&from.sin6_addr, &sa.sin6_addr, 16) == 0 && buf[0] == ICMP6_ECHO_REPLY &&
			      (buf[4] << 8 | buf[5]) == id && (buf[6] << 8 | buf[7]) == seq;
		}
		if (got) {
			printf("reply seq %ld\n", seq);
		} else {
			fprintf(stderr, "netprobe: no reply to seq %ld within 1 s\n", seq);
			missing++;
		}
		fflush(stdout);
	}
	close(s);
	return missing ? 1 : 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: netprobe tcp-listen ADDR PORT | tcp-send ADDR PORT TEXT |\n"
			"                udp-listen ADDR PORT | udp-send ADDR PORT TEXT |\n"
			"                icmp-echo ADDR COUNT [ID] | udp-flood ADDR PORT SECONDS [PPS] |\n"
			"                tcp-connect ADDR PORT | tcp-serve ADDR PORT SECONDS |\n"
			"                udp-echo ADDR PORT [COUNT [SECONDS]] | udp-ask ADDR PORT | icmp6-echo ADDR COUNT [ID]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa;

	if (argc < 3) {
		return usage();
	}
	const char *mode = argv[1];
	if (strcmp(mode, "icmp-echo") == 0) {
		alarm(5);
		if ((argc != 4 && argc != 5) || parse(argv[2], "0", &sa) < 0) {
			return argc == 4 || argc == 5 ? 1 : usage();
		}
		long count = number("count", argv[3], 1000);
		long id = argc == 5 ? number("id", argv[4], 65535) : (getpid() & 0xffff);
		if (count < 0 || id < 0) {
			return 1;
		}
		return icmp_echo(&sa, count, (uint16_t)id);
	}
	if (strcmp(mode, "udp-flood") == 0) {
		if (argc != 5 && argc != 6) {
			return usage();
		}
		long seconds = number("seconds", argv[4], 3600);
		long pps = argc == 6 ? number("rate", argv[5], 100000000) : 0;
		if (seconds < 0 || pps < 0 || parse(argv[2], argv[3], &sa) < 0) {
			return 1;
		}
		alarm((unsigned)seconds + 2);
		return udp_flood(&sa, seconds, pps);
	}
	if (strcmp(mode, "icmp6-echo") == 0) {
		if (argc != 4 && argc != 5) {
			return usage();
		}
		long count = number("count", argv[3], 1000);
		long id = argc == 5 ? number("id", argv[4], 65535) : (getpid() & 0xffff);
		if (count < 0 || id < 0) {
			return 1;
		}
		alarm((unsigned)count + 4);
		return icmp6_echo(argv[2], count, (uint16_t)id);
	}
	if (strcmp(mode, "tcp-serve") == 0 || strcmp(mode, "udp-echo") == 0) {
		bool tcp = mode[0] == 't';
		if (tcp ? argc != 5 : (argc < 4 || argc > 6)) {
			return usage();
		}
		long count = !tcp && argc >= 5 ? number("count", argv[4], 1000000) : 1;
		long seconds = tcp ? number("seconds", argv[4], 3600) : argc == 6 ? number("seconds", argv[5], 3600) : 5;
		if (count < 0 || seconds < 0 || parse(argv[2], argv[3], &sa) < 0) {
			return 1;
		}
		alarm((unsigned)seconds + 2);
		return tcp ? tcp_serve(&sa, seconds) : udp_echo(&sa, count, seconds);
	}
	alarm(5);
	if (argc >= 4 && parse(argv[2], argv[3], &sa) < 0) {
		return 1;
	}
	if (argc == 4 && strcmp(mode, "tcp-listen") == 0) {
		return tcp_listen(&sa);
	}
	if (argc == 5 && strcmp(mode, "tcp-send") == 0) {
		return tcp_send(&sa, argv[4]);
	}
	if (argc == 4 && strcmp(mode, "udp-listen") == 0) {
		return udp_listen(&sa);
	}
	if (argc == 5 && strcmp(mode, "udp-send") == 0) {
		return udp_send(&sa, argv[4]);
	}
	if (argc == 4 && strcmp(mode, "tcp-connect") == 0) {
		return tcp_connect(&sa);
	}
	if (argc == 4 && strcmp(mode, "udp-ask") == 0) {
		return udp_ask(&sa);
	}
	return usage();
}
