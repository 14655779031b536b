/* SPDX-License-Identifier: MIT */
/*
 * Test traffic between sandbox namespaces (there is no nc/socat/ping here):
 *   netprobe tcp-listen ADDR PORT   print "ready", accept one connection,
 *                                   print "from IP:PORT" and what it sent
 *   netprobe tcp-send ADDR PORT TEXT  connect (2 s limit), send TEXT, exit 0
 * Exit 1 with a message on any failure; 5 s overall limit so a lost packet
 * fails the test instead of hanging it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
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

static int tcp_listen(const struct sockaddr_in *sa)
{
	int one = 1, s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in peer;
	socklen_t plen = sizeof(peer);
	char buf[4096], ip[INET_ADDRSTRLEN];

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
	printf("from %s:%u\n", inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof(ip)), ntohs(peer.sin_port));
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

int main(int argc, char **argv)
{
	struct sockaddr_in sa;

	alarm(5);
	if (argc >= 4 && parse(argv[2], argv[3], &sa) < 0) {
		return 1;
	}
	if (argc == 4 && strcmp(argv[1], "tcp-listen") == 0) {
		return tcp_listen(&sa);
	}
	if (argc == 5 && strcmp(argv[1], "tcp-send") == 0) {
		return tcp_send(&sa, argv[4]);
	}
	fprintf(stderr, "usage: netprobe tcp-listen ADDR PORT | tcp-send ADDR PORT TEXT\n");
	return 2;
}
