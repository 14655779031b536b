/* SPDX-License-Identifier: MIT */
/*
 * The demo's traffic, run by nstop's first process (outside the sandbox)
 * on sockets it makes in the sandbox's namespaces: the worker hands it each
 * namespace as an fd, a socket keeps the namespace it was made in. One
 * poll over a 100 ms timerfd, the listeners and their connections: a few
 * packets a second per flow, answered (udp echo, tcp accept and echo, the
 * kernel's own icmp echo) so both directions count. No threads, no
 * processes; it ends when the worker's end of ctl closes.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "be_demo.h"

#define TICK_MS 100
#define MAX_FLOWS (NST_SCN_MAX_STEPS + 1)
#define MAX_CONNS 64
#define PAYLOAD "nstop demo\n"

enum tcp_state { TCP_IDLE, TCP_CONNECTING, TCP_WAITING };

struct flow {
	struct be_demo_msg m;
	int nsfd;
	int fd;
	uint64_t due;       /* traffic: the next send, monotonic ms */
	enum tcp_state tcp; /* tcp traffic: where its connection is */
	uint16_t seq;
};

struct traffic {
	struct flow f[MAX_FLOWS];
	size_t n;
	int conns[MAX_CONNS]; /* accepted tcp connections, echoed until they close */
	size_t n_conns;
};

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int self_fd = -1; /* the namespace this process was started in */

/*
 * A socket in the flow's namespace, then back home when allowed: as root it
 * is, in a user namespace of its own it is not (no CAP_SYS_ADMIN over the
 * machine's namespace), and then this process stays in the sandbox's; it
 * only runs these sockets, so nothing else depends on where it is.
 */
static int socket_in(const struct flow *f, int type, int proto)
{
	if (setns(f->nsfd, CLONE_NEWNET) < 0) {
		return -1;
	}
	int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (self_fd >= 0 && setns(self_fd, CLONE_NEWNET) < 0) {
		close(self_fd);
		self_fd = -1;
	}
	return fd;
}

static struct sockaddr_in dest(const struct flow *f)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(f->m.port) };
	memcpy(&sa.sin_addr, f->m.addr, 4);
	return sa;
}

static void listen_start(struct flow *f)
{
	bool tcp = f->m.proto == NST_SCN_TCP;
	int one = 1;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(f->m.port) };

	f->fd = socket_in(f, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (f->fd < 0) {
		return;
	}
	setsockopt(f->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(f->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || (tcp && listen(f->fd, 16) < 0)) {
		close(f->fd);
		f->fd = -1;
	}
}

static uint16_t icmp_sum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2) {
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	}
	if (len & 1) {
		sum += (uint32_t)p[len - 1] << 8;
	}
	while (sum >> 16) {
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return htons((uint16_t)~sum);
}

static void drain(int fd)
{
	char buf[2048];
	for (int i = 0; i < 64 && recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0; i++) {
	}
}

/* One send of a traffic flow, when it is due. */
static void traffic_send(struct flow *f, size_t index)
{
	struct sockaddr_in sa = dest(f);

	switch (f->m.proto) {
	case NST_SCN_ICMP: {
		struct {
			struct icmphdr h;
			char data[48];
		} pkt;
		if (f->fd < 0 && (f->fd = socket_in(f, SOCK_RAW, IPPROTO_ICMP)) < 0) {
			return;
		}
		drain(f->fd); /* a raw socket sees every icmp packet of its namespace */
		memset(&pkt, 0, sizeof(pkt));
		pkt.h.type = ICMP_ECHO;
		pkt.h.un.echo.id = htons((uint16_t)(0x4e00 + index));
		pkt.h.un.echo.sequence = htons(++f->seq);
		memcpy(pkt.data, PAYLOAD, sizeof(PAYLOAD) - 1);
		pkt.h.checksum = icmp_sum(&pkt, sizeof(pkt));
		sendto(f->fd, &pkt, sizeof(pkt), MSG_DONTWAIT, (struct sockaddr *)&sa, sizeof(sa));
		break;
	}
	case NST_SCN_UDP:
		if (f->fd < 0) {
			if ((f->fd = socket_in(f, SOCK_DGRAM, 0)) < 0) {
				return;
			}
			if (connect(f->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
				close(f->fd);
				f->fd = -1;
				return;
			}
		}
		drain(f->fd);
		send(f->fd, PAYLOAD, sizeof(PAYLOAD) - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
		break;
	case NST_SCN_TCP:
		/* one short connection per interval: a handshake, a line each way, the close */
		if (f->fd >= 0) {
			close(f->fd);
		}
		f->tcp = TCP_IDLE;
		if ((f->fd = socket_in(f, SOCK_STREAM, 0)) < 0) {
			return;
		}
		if (connect(f->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 && errno != EINPROGRESS) {
			close(f->fd);
			f->fd = -1;
			return;
		}
		f->tcp = TCP_CONNECTING;
		break;
	}
}

static void tcp_client_ready(struct flow *f, short revents)
{
	int e = 0;
	socklen_t l = sizeof(e);

	if (f->tcp == TCP_CONNECTING && (revents & POLLOUT)) {
		if (getsockopt(f->fd, SOL_SOCKET, SO_ERROR, &e, &l) == 0 && e == 0 &&
		    send(f->fd, PAYLOAD, sizeof(PAYLOAD) - 1, MSG_DONTWAIT | MSG_NOSIGNAL) > 0) {
			f->tcp = TCP_WAITING;
			return;
		}
	} else if (f->tcp == TCP_WAITING && (revents & (POLLIN | POLLHUP | POLLERR))) {
		drain(f->fd);
	} else if (!(revents & (POLLHUP | POLLERR))) {
		return;
	}
	close(f->fd);
	f->fd = -1;
	f->tcp = TCP_IDLE;
}

static void listener_ready(struct traffic *t, struct flow *f)
{
	char buf[2048];

	if (f->m.proto == NST_SCN_UDP) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(f->fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		if (n >= 0) {
			sendto(f->fd, buf, (size_t)n, MSG_DONTWAIT, (struct sockaddr *)&from, fl);
		}
		return;
	}
	int c = accept4(f->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (c >= 0 && t->n_conns < MAX_CONNS) {
		t->conns[t->n_conns++] = c;
	} else if (c >= 0) {
		close(c);
	}
}

static void conn_ready(struct traffic *t, size_t i)
{
	char buf[2048];
	ssize_t n = recv(t->conns[i], buf, sizeof(buf), MSG_DONTWAIT);

	if (n > 0) {
		send(t->conns[i], buf, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL);
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
		return;
	}
	close(t->conns[i]);
	t->conns[i] = t->conns[--t->n_conns];
}

/* One flow from the worker; false once the worker's end has closed (the sandbox is going). */
static bool receive_flow(struct traffic *t, int ctl)
{
	struct be_demo_msg m;
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &m, .iov_len = sizeof(m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	ssize_t n = recvmsg(ctl, &mh, MSG_CMSG_CLOEXEC);
	int nsfd = -1;

	if (n <= 0) {
		return n < 0 && (errno == EINTR || errno == EAGAIN);
	}
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len == CMSG_LEN(sizeof(int))) {
			memcpy(&nsfd, CMSG_DATA(c), sizeof(int));
		}
	}
	if (n != sizeof(m) || m.kind == BE_DEMO_END || nsfd < 0 || t->n == MAX_FLOWS) {
		if (nsfd >= 0) {
			close(nsfd);
		}
		return true; /* END, or nothing this process can run */
	}
	struct flow *f = &t->f[t->n++];
	memset(f, 0, sizeof(*f));
	f->m = m;
	f->nsfd = nsfd;
	f->fd = -1;
	f->due = now_ms() + 200 + 37 * t->n; /* spread out, and after the worker's first reads */
	if (m.kind == BE_DEMO_LISTEN) {
		listen_start(f);
	}
	return true;
}

int be_demo_traffic_run(int ctl, int init_pid)
{
	struct traffic *t = calloc(1, sizeof(*t));
	int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	struct itimerspec its = { .it_interval = { 0, TICK_MS * 1000000L }, .it_value = { 0, TICK_MS * 1000000L } };
	struct pollfd pfd[2 + MAX_FLOWS + MAX_CONNS];
	bool alive = true;
	int st = 0;

	if (tfd >= 0) {
		timerfd_settime(tfd, 0, &its, NULL);
	}
	self_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	while (alive && t) {
		size_t n = 0, flow_at[MAX_FLOWS], nf = 0;

		pfd[n++] = (struct pollfd){ .fd = ctl, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = tfd, .events = POLLIN };
		for (size_t i = 0; i < t->n; i++) {
			struct flow *f = &t->f[i];
			short ev = f->m.kind == BE_DEMO_LISTEN ? POLLIN
				   : f->tcp == TCP_CONNECTING  ? POLLOUT
				   : f->tcp == TCP_WAITING     ? POLLIN
							       : 0;
			if (f->fd >= 0 && ev) {
				flow_at[nf++] = i;
				pfd[n++] = (struct pollfd){ .fd = f->fd, .events = ev };
			}
		}
		size_t conns_at = n;
		for (size_t i = 0; i < t->n_conns; i++) {
			pfd[n++] = (struct pollfd){ .fd = t->conns[i], .events = POLLIN };
		}
		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR) {
				continue;
			}
			break;
		}
		if (pfd[0].revents & POLLIN) {
			alive = receive_flow(t, ctl);
		} else if (pfd[0].revents & (POLLHUP | POLLERR)) {
			alive = false;
		}
		if (pfd[1].revents & POLLIN) {
			uint64_t ticks;
			if (read(tfd, &ticks, sizeof(ticks)) < 0) {
				ticks = 0;
			}
			uint64_t now = now_ms();
			for (size_t i = 0; i < t->n; i++) {
				struct flow *f = &t->f[i];
				if (f->m.kind == BE_DEMO_TRAFFIC && now >= f->due) {
					f->due = now + (uint64_t)f->m.every_ms;
					traffic_send(f, i);
				}
			}
		}
		for (size_t k = 0; k < nf; k++) {
			struct flow *f = &t->f[flow_at[k]];
			if (!pfd[2 + k].revents || pfd[2 + k].fd != f->fd) {
				continue;
			}
			if (f->m.kind == BE_DEMO_LISTEN) {
				listener_ready(t, f);
			} else {
				tcp_client_ready(f, pfd[2 + k].revents);
			}
		}
		/* from the last: conn_ready moves the last connection into a closed one's place */
		for (size_t k = n; k-- > conns_at;) {
			if (pfd[k].revents && k - conns_at < t->n_conns) {
				conn_ready(t, k - conns_at);
			}
		}
	}
	if (t) {
		for (size_t i = 0; i < t->n; i++) {
			if (t->f[i].fd >= 0) {
				close(t->f[i].fd);
			}
			close(t->f[i].nsfd);
		}
		for (size_t i = 0; i < t->n_conns; i++) {
			close(t->conns[i]);
		}
		free(t);
	}
	if (tfd >= 0) {
		close(tfd);
	}
	if (self_fd >= 0) {
		close(self_fd);
	}
	while (waitpid(init_pid, &st, 0) < 0) {
		if (errno != EINTR) {
			return 1;
		}
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
}
