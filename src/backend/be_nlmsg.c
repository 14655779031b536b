/* SPDX-License-Identifier: MIT */
/*
 * The one netlink read path (ARCHITECTURE.md §14 "Only the kernel speaks"): recvmsg
 * with the sender's address, so a process in a namespace nstop reads cannot
 * pass its messages off as the kernel's, and one dump routine that adopts a
 * dump only when it was read whole and uninterrupted.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "be_internal.h"
#include "be_nlmsg.h"

/* A dump datagram is at most 32 KiB (the kernel caps it); this also holds any single message. */
#define RECV_BUF (64 * 1024)
/* The kernel always finishes a dump; silence this long means something is wrong. */
#define RECV_TIMEOUT_MS 5000
/* A dump that takes longer (a flood of foreign messages racing it) is given up. */
#define DUMP_DEADLINE_MS 20000

static uint64_t dropped_total;
static uint32_t seq_next;

uint64_t be_nl_dropped_total(void)
{
	return dropped_total;
}

void be_nl_drop(uint64_t *ns_count)
{
	dropped_total++;
	if (ns_count) {
		(*ns_count)++;
	}
}

uint32_t be_nl_next_seq(void)
{
	if (seq_next == 0) {
		/* Not predictable from outside, and distinct from libnl's time-based start. */
		seq_next = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 16) ^ 0x5a5a0000u;
	}
	if (++seq_next == 0) {
		seq_next = 1;
	}
	return seq_next;
}

int be_nl_connect_kernel(int fd)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	return connect(fd, (struct sockaddr *)&kernel, sizeof(kernel)) < 0 ? -errno : 0;
}

ssize_t be_nl_recv(int fd, void *buf, size_t len, int flags, uint64_t *dropped)
{
	struct sockaddr_nl sa;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr mh = { .msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	memset(&sa, 0, sizeof(sa));
	n = recvmsg(fd, &mh, flags);
	if (n < 0) {
		return -errno;
	}
	if (mh.msg_namelen < sizeof(sa) || sa.nl_family != AF_NETLINK || sa.nl_pid != 0) {
		be_nl_drop(dropped);
		return 0;
	}
	if (mh.msg_flags & MSG_TRUNC) {
		return -EMSGSIZE;
	}
	return n;
}

uint32_t be_nl_local_port(int fd)
{
	struct sockaddr_nl sa;
	socklen_t len = sizeof(sa);

	memset(&sa, 0, sizeof(sa));
	if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		return 0;
	}
	return sa.nl_pid;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* What one exchange saw so far. */
struct exchange {
	uint32_t seq, port;
	bool dump;
	bool done;   /* DONE (dump) or the ACK/error (request) arrived */
	bool intr;   /* NLM_F_DUMP_INTR seen, or replies were lost */
	bool refused; /* a reply of ours that the parser refused: the dump is not whole */
	int error;   /* the kernel's -errno */
	char *why;
	size_t why_len;
};

static int kernel_error(const struct nlmsghdr *h, struct exchange *x)
{
	struct nlmsgerr e;

	if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(e)) {
		return -EBADMSG;
	}
	memcpy(&e, mnl_nlmsg_get_payload(h), sizeof(e));
	x->done = true;
	if (e.error > 0 || e.error < -4095) {
		x->error = -EPROTO;
	} else {
		x->error = e.error;
	}
	if (e.error && x->why) {
		be_extack_append(h, x->why, x->why_len);
	}
	return 0;
}

/* One datagram of replies; messages not for this exchange are dropped. */
static void take_datagram(const char *buf, ssize_t n, struct exchange *x, be_nl_msg_fn fn, void *ctx, uint64_t *dropped)
{
	size_t len = (size_t)n;
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;

	for (; be_nlmsg_ok(h, len); h = be_nlmsg_next(h, &len)) {
		if (h->nlmsg_seq != x->seq || h->nlmsg_pid != x->port || x->done) {
			be_nl_drop(dropped);
			continue;
		}
		if (h->nlmsg_flags & NLM_F_DUMP_INTR) {
			x->intr = true;
		}
		switch (h->nlmsg_type) {
		case NLMSG_NOOP:
		case NLMSG_OVERRUN:
			continue;
		case NLMSG_ERROR:
			if (kernel_error(h, x) < 0) {
				be_nl_drop(dropped);
			}
			continue;
		case NLMSG_DONE:
			if (x->dump) {
				int32_t status = 0;
				if (h->nlmsg_len >= NLMSG_HDRLEN + sizeof(status)) {
					memcpy(&status, mnl_nlmsg_get_payload(h), sizeof(status));
				}
				x->done = true;
				x->error = status < 0 && status >= -4095 ? status : 0;
				continue;
			}
			break;
		default:
			break;
		}
		if (fn && fn(h, ctx) < 0) {
			be_nl_drop(dropped);
			x->refused = true;
		}
	}
	if (len > 0) {
		be_nl_drop(dropped); /* a torn tail: a length that runs past the datagram */
	}
}

static int send_req(int fd, struct nlmsghdr *req)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	ssize_t n = sendto(fd, req, req->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel));

	if (n < 0) {
		return -errno;
	}
	return (size_t)n == req->nlmsg_len ? 0 : -EIO;
}

/* Read until the exchange is done; replies to fn. */
static int run_exchange(int fd, struct exchange *x, be_nl_msg_fn fn, void *ctx, uint64_t *dropped)
{
	static char buf[RECV_BUF] __attribute__((aligned(NLMSG_ALIGNTO)));
	uint64_t deadline = now_ms() + DUMP_DEADLINE_MS;

	while (!x->done) {
		if (now_ms() > deadline) {
			return -ETIMEDOUT;
		}
		/* Read first, wait only when nothing is there: a dump's next batch is
		 * usually queued already, and a poll per batch was a syscall per 64 KiB. */
		ssize_t n = be_nl_recv(fd, buf, sizeof(buf), MSG_DONTWAIT, dropped);
		if (n == -EAGAIN) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			int pr = poll(&p, 1, RECV_TIMEOUT_MS);

			if (pr == 0 || (pr < 0 && errno != EINTR)) {
				return -ETIMEDOUT;
			}
			continue;
		}
		if (n == -EINTR || n == 0) {
			continue;
		}
		if (n == -ENOBUFS || n == -EMSGSIZE) {
			/* Something of ours was lost: the result cannot be whole. */
			x->intr = true;
			continue;
		}
		if (n < 0) {
			return (int)n;
		}
		take_datagram(buf, n, x, fn, ctx, dropped);
	}
	return 0;
}

int be_nl_dump(int fd, struct nlmsghdr *req, const struct be_dump_ops *ops, void *ctx, uint64_t *dropped)
{
	return be_nl_dump_port(fd, be_nl_local_port(fd), req, ops, ctx, dropped);
}

int be_nl_dump_port(int fd, uint32_t port, struct nlmsghdr *req, const struct be_dump_ops *ops, void *ctx,
		    uint64_t *dropped)
{
	int rc = -EINTR;

	for (int attempt = 0; attempt < BE_DUMP_TRIES; attempt++) {
		struct exchange x = { .seq = be_nl_next_seq(), .port = port, .dump = true };

		if (attempt > 0 && ops->reset) {
			ops->reset(ctx);
		}
		req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_DUMP;
		req->nlmsg_seq = x.seq;
		req->nlmsg_pid = 0;
		rc = send_req(fd, req);
		if (rc == 0) {
			rc = run_exchange(fd, &x, ops->msg, ctx, dropped);
		}
		if (rc < 0) {
			return rc;
		}
		if (x.error == -EBUSY) {
			/* An earlier dump on this socket was left unfinished (a timeout):
			 * reading its rest (dropped: not our seq) lets it end; try again. */
			rc = -EBUSY;
			continue;
		}
		if (x.error < 0) {
			return x.error;
		}
		if (x.refused) {
			/* The kernel's own reply that nstop cannot read: adopting the rest would
			 * silently lose that object (a route, a rule). Not whole: refuse it. */
			return -EBADMSG;
		}
		if (!x.intr) {
			return 0;
		}
		rc = -EINTR;
	}
	return rc;
}

int be_nl_request(int fd, struct nlmsghdr *req, be_nl_msg_fn fn, void *ctx, uint64_t *dropped, char *why,
		  size_t why_len)
{
	return be_nl_request_port(fd, be_nl_local_port(fd), req, fn, ctx, dropped, why, why_len);
}

int be_nl_request_port(int fd, uint32_t port, struct nlmsghdr *req, be_nl_msg_fn fn, void *ctx, uint64_t *dropped,
		       char *why, size_t why_len)
{
	struct exchange x = { .seq = be_nl_next_seq(), .port = port, .why = why, .why_len = why_len };
	int rc;

	req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	req->nlmsg_seq = x.seq;
	req->nlmsg_pid = 0;
	rc = send_req(fd, req);
	if (rc == 0) {
		rc = run_exchange(fd, &x, fn, ctx, dropped);
	}
	return rc < 0 ? rc : x.error;
}
