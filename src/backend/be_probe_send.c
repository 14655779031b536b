/* SPDX-License-Identifier: MIT */
/*
 * The probe's packets (be_probe_send.h): an ICMP echo on a raw socket, a TCP
 * SYN by a non-blocking connect, UDP datagrams on a connected socket; each
 * answer read and told apart from other traffic, within a bounded wait.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "be_probe_send.h"

#define WAIT_MS 500     /* per icmp echo or udp datagram: namespaces answer in microseconds */
#define TCP_WAIT_MS 900 /* under the SYN's first retransmission (1 s): one SYN is traced */
#define DRAIN_MS 150 /* at most; it ends at the first 10 ms without an event */

static uint64_t now_ms(void)
{
	return be_now_ms();
}

/* The probe's socket, made inside the source namespace, bound so its key is known before the rules go in. */
int be_probe_open(struct be_ns_list *list, struct be_ns *src, struct be_probe_sock *pr)
{
	const struct nst_reach_probe *p = pr->p;
	bool v6 = p->family == AF_INET6;
	int type = p->proto == NST_PROTO_TCP ? SOCK_STREAM : p->proto == NST_PROTO_UDP ? SOCK_DGRAM : SOCK_RAW;
	int proto = p->proto == NST_PROTO_ICMP ? (v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP) : 0;
	struct be_error err;

	if (!src->self && be_enter_ns(src->fd, &err) < 0) {
		be_probe_fail(pr->o, "cannot enter the source namespace: %s", err.msg);
		return -1;
	}
	pr->fd = socket(p->family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, proto);
	int e = errno;
	if (!src->self) {
		be_leave_ns(list->self_fd);
	}
	if (pr->fd < 0) {
		be_probe_fail(pr->o, "cannot make the probe's socket: %s", strerror(e));
		return -1;
	}
	struct sockaddr_storage ss = { .ss_family = (sa_family_t)p->family };
	socklen_t sl = v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	if (p->has_src) {
		if (v6) {
			memcpy(&((struct sockaddr_in6 *)&ss)->sin6_addr, p->src, 16);
		} else {
			memcpy(&((struct sockaddr_in *)&ss)->sin_addr, p->src, 4);
		}
	}
	if (p->proto == NST_PROTO_TCP) {
		int one = 1;
		setsockopt(pr->fd, IPPROTO_TCP, TCP_SYNCNT, &one, sizeof(one));
	}
	if ((p->has_src || p->proto != NST_PROTO_ICMP) && bind(pr->fd, (struct sockaddr *)&ss, sl) < 0) {
		be_probe_fail(pr->o, "cannot bind the probe's socket to its source: %s", strerror(errno));
		return -1;
	}
	if (p->proto == NST_PROTO_ICMP) {
		uint16_t id = 0;
		while (id == 0 && getrandom(&id, sizeof(id), 0) == sizeof(id)) {
		}
		pr->key = id ? id : 0x6e73;
		return 0;
	}
	socklen_t len = sizeof(ss);
	if (getsockname(pr->fd, (struct sockaddr *)&ss, &len) < 0) {
		be_probe_fail(pr->o, "cannot read the probe's port: %s", strerror(errno));
		return -1;
	}
	pr->key = ntohs(v6 ? ((struct sockaddr_in6 *)&ss)->sin6_port : ((struct sockaddr_in *)&ss)->sin_port);
	return 0;
}

static socklen_t dst_addr(const struct nst_reach_probe *p, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	ss->ss_family = (sa_family_t)p->family;
	if (p->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		memcpy(&s6->sin6_addr, p->dst, 16);
		s6->sin6_port = htons(p->port);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	memcpy(&s4->sin_addr, p->dst, 4);
	s4->sin_port = htons(p->port);
	return sizeof(*s4);
}

static uint16_t csum(const uint8_t *d, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2) {
		s += (uint32_t)(d[i] << 8 | d[i + 1]);
	}
	if (n & 1) {
		s += (uint32_t)d[n - 1] << 8;
	}
	while (s >> 16) {
		s = (s & 0xffff) + (s >> 16);
	}
	return (uint16_t)~s;
}

/* Probe number k: -errno when the source itself refuses it (no route there). */
static int send_one(struct be_probe_sock *pr, int k)
{
	const struct nst_reach_probe *p = pr->p;
	struct sockaddr_storage ss;
	socklen_t sl = dst_addr(p, &ss);

	if (p->proto == NST_PROTO_TCP) {
		if (connect(pr->fd, (struct sockaddr *)&ss, sl) == 0) {
			pr->done = true;
			pr->o->answered = 1;
			return 0;
		}
		return errno == EINPROGRESS ? 0 : -errno;
	}
	if (p->proto == NST_PROTO_UDP) {
		if (k == 1 && connect(pr->fd, (struct sockaddr *)&ss, sl) < 0) {
			return -errno;
		}
		static const char msg[] = "nstop probe";
		return send(pr->fd, msg, sizeof(msg) - 1, 0) < 0 ? -errno : 0;
	}
	uint8_t pkt[64] = { 0 };
	pkt[0] = p->family == AF_INET6 ? 128 : 8;
	pkt[4] = (uint8_t)(pr->key >> 8);
	pkt[5] = (uint8_t)pr->key;
	pkt[7] = (uint8_t)k;
	memcpy(pkt + 8, "nstop probe", 11);
	if (p->family == AF_INET) {
		uint16_t c = csum(pkt, sizeof(pkt));
		pkt[2] = (uint8_t)(c >> 8);
		pkt[3] = (uint8_t)c;
	} /* ICMPv6: the kernel sums it over the pseudo-header */
	return sendto(pr->fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&ss, sl) < 0 ? -errno : 0;
}

static int icmp_error_errno(bool v6, uint8_t type, uint8_t code)
{
	if (v6) {
		return type == 1 && code == 4 ? ECONNREFUSED : type == 1 && code == 1 ? EACCES : EHOSTUNREACH;
	}
	if (type == 3) {
		return code == 0 ? ENETUNREACH : code == 3 ? ECONNREFUSED : code >= 9 && code <= 13 ? EACCES : EHOSTUNREACH;
	}
	return type == 11 ? ETIMEDOUT : EHOSTUNREACH;
}

/* The raw socket hears every ICMP of its namespace: only our echo's reply (or an error quoting it) counts. */
static void read_icmp(struct be_probe_sock *pr)
{
	uint8_t buf[1500];
	bool v6 = pr->p->family == AF_INET6;

	for (int i = 0; i < 64; i++) {
		ssize_t n = recv(pr->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0) {
			return;
		}
		size_t off = 0;
		if (!v6) {
			if (n < 20 || (buf[0] >> 4) != 4) {
				continue;
			}
			off = (size_t)(buf[0] & 0xf) * 4;
		}
		if ((size_t)n < off + 8) {
			continue;
		}
		const uint8_t *ic = buf + off;
		size_t len = (size_t)n - off;
		uint8_t type = ic[0];
		if (type == (v6 ? 129 : 0) && (uint16_t)(ic[4] << 8 | ic[5]) == pr->key) {
			unsigned seq = (unsigned)(ic[6] << 8 | ic[7]);
			if (seq >= 1 && seq <= NST_PROBE_MAX_COUNT && !pr->got[seq]) {
				pr->got[seq] = true;
				pr->o->answered++;
			}
			continue;
		}
		bool err = v6 ? type < 128 : (type == 3 || type == 11 || type == 12);
		size_t q = 8 + (v6 ? 40 : (len > 8 ? (size_t)(ic[8] & 0xf) * 4 : 20));
		if (err && len >= q + 8 && (uint16_t)(ic[q + 4] << 8 | ic[q + 5]) == pr->key) {
			unsigned seq = (unsigned)(ic[q + 6] << 8 | ic[q + 7]);
			pr->o->refused = true;
			pr->o->refused_err = icmp_error_errno(v6, type, ic[1]);
			if (seq >= 1 && seq <= NST_PROBE_MAX_COUNT) {
				pr->got[seq] = true; /* answered, by an error */
			}
		}
	}
}

static void read_answer(struct be_probe_sock *pr)
{
	if (pr->p->proto == NST_PROTO_ICMP) {
		read_icmp(pr);
		return;
	}
	if (pr->p->proto == NST_PROTO_TCP) {
		int e = 0;
		socklen_t l = sizeof(e);
		getsockopt(pr->fd, SOL_SOCKET, SO_ERROR, &e, &l);
		pr->done = true;
		if (e == 0) {
			pr->o->answered = 1; /* connected: the SYN-ACK came back */
		} else {
			pr->o->refused = true; /* an RST (ECONNREFUSED) or an ICMP error */
			pr->o->refused_err = e;
		}
		return;
	}
	char buf[512];
	for (int i = 0; i < 16; i++) {
		ssize_t n = recv(pr->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n >= 0) {
			pr->o->answered++;
		} else if (errno != EAGAIN && errno != EWOULDBLOCK) {
			pr->o->refused = true; /* ECONNREFUSED: an ICMP port unreachable */
			pr->o->refused_err = errno;
			pr->refusals++;
		} else {
			return;
		}
	}
}

static bool answered(const struct be_probe_sock *pr, int k)
{
	if (pr->p->proto == NST_PROTO_TCP) {
		return pr->done;
	}
	if (pr->p->proto == NST_PROTO_ICMP) {
		return pr->got[k];
	}
	return pr->o->answered + pr->refusals >= k;
}

/* Wait for probe k's answer (or its time), reading the trace meanwhile. */
static void wait_for(struct be_probe_sock *pr, int tfd, struct be_trace_sink *sink, int k, uint64_t until)
{
	for (;;) {
		uint64_t t = now_ms();
		if (answered(pr, k) || t >= until) {
			return;
		}
		struct pollfd fds[2] = { { .fd = tfd, .events = POLLIN },
					 { .fd = pr->fd, .events = pr->p->proto == NST_PROTO_TCP ? POLLOUT : POLLIN } };
		int n = poll(fds, 2, (int)(until - t));
		if (n < 0 && errno != EINTR) {
			return;
		}
		if (fds[0].revents) {
			be_trace_read(tfd, sink);
		}
		if (fds[1].revents) {
			read_answer(pr);
		}
	}
}

void be_probe_send(struct be_probe_sock *pr, int tfd, struct be_trace_sink *sink, int count)
{
	uint64_t t0 = now_ms();

	for (int k = 1; k <= count; k++) {
		be_trace_read(tfd, sink); /* what is queued is the last probe's: numbered so */
		sink->packet = k;
		int rc = send_one(pr, k);
		if (rc == -ECONNREFUSED && pr->p->proto == NST_PROTO_UDP) {
			pr->o->refused = true; /* the previous datagram's port unreachable, reported now */
			pr->o->refused_err = ECONNREFUSED;
			pr->refusals++;
			rc = send_one(pr, k);
		}
		if (rc < 0) {
			pr->o->send_err = -rc;
			break;
		}
		pr->o->sent++;
		wait_for(pr, tfd, sink, k, now_ms() + (pr->p->proto == NST_PROTO_TCP ? TCP_WAIT_MS : WAIT_MS));
		if (pr->p->proto == NST_PROTO_TCP) {
			break; /* one connection: its SYN is retransmitted by the kernel, not by us */
		}
	}
	/* the last events: a reply's trace is queued before the reply, a drop's right away */
	uint64_t end = now_ms() + DRAIN_MS;
	while (now_ms() < end) {
		struct pollfd f = { .fd = tfd, .events = POLLIN };
		int n = poll(&f, 1, 10);
		if (n == 0) {
			break;
		}
		if (n > 0) {
			be_trace_read(tfd, sink);
		}
	}
	pr->o->elapsed_ms = now_ms() - t0;
}
