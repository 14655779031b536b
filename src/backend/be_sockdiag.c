/* SPDX-License-Identifier: MIT */
/*
 * Who listens in a namespace (NETLINK_SOCK_DIAG, a socket made inside it):
 * for --explain's arrival of a tcp connect or a udp datagram. A tcp socket in
 * LISTEN, or a bound udp socket, on the address or the wildcard (an IPv6
 * wildcard takes IPv4 too unless the kernel says it is v6only).
 */
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "be_fib.h"
#include "xalloc.h"

#define SD_TCP_LISTEN 10

static bool zero(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (b[i]) {
			return false;
		}
	}
	return true;
}

int be_sockdiag_parse(const void *buf, size_t len, uint32_t seq, int want_family, const uint8_t *addr, uint16_t port,
		      bool *found)
{
	const char *p = buf;

	while (len >= sizeof(struct nlmsghdr)) {
		struct nlmsghdr h;
		memcpy(&h, p, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > len) {
			return -EBADMSG;
		}
		if (h.nlmsg_seq == seq) {
			if (h.nlmsg_type == NLMSG_DONE) {
				return 1;
			}
			if (h.nlmsg_type == NLMSG_ERROR) {
				int e;
				if (h.nlmsg_len < sizeof(h) + sizeof(e)) {
					return -EBADMSG;
				}
				memcpy(&e, p + sizeof(h), sizeof(e));
				return e < 0 && e > -4096 ? e : -EBADMSG;
			}
			if (h.nlmsg_type == SOCK_DIAG_BY_FAMILY) {
				struct inet_diag_msg d;
				if (h.nlmsg_len < sizeof(h) + sizeof(d)) {
					return -EBADMSG;
				}
				memcpy(&d, p + sizeof(h), sizeof(d));
				bool v6only = false;
				size_t off = NLMSG_ALIGN(sizeof(h) + sizeof(d));
				while (off + sizeof(struct rtattr) <= h.nlmsg_len) {
					struct rtattr ra;
					memcpy(&ra, p + off, sizeof(ra));
					if (ra.rta_len < sizeof(ra) || ra.rta_len > h.nlmsg_len - off) {
						return -EBADMSG;
					}
					if (ra.rta_type == INET_DIAG_SKV6ONLY && ra.rta_len >= RTA_LENGTH(1)) {
						v6only = p[off + RTA_LENGTH(0)] != 0;
					}
					off += RTA_ALIGN(ra.rta_len);
				}
				const uint8_t *src = (const uint8_t *)d.id.idiag_src;
				if (ntohs(d.id.idiag_sport) == port) {
					if (d.idiag_family == want_family &&
					    (zero(src, want_family == AF_INET ? 4 : 16) ||
					     memcmp(src, addr, want_family == AF_INET ? 4 : 16) == 0)) {
						*found = true;
					} else if (want_family == AF_INET && d.idiag_family == AF_INET6 && zero(src, 16) && !v6only) {
						*found = true;
					}
				}
			}
		}
		size_t step = NLMSG_ALIGN(h.nlmsg_len);
		if (step >= len) {
			break;
		}
		p += step;
		len -= step;
	}
	return 0; /* more to come */
}

/* One dump of family's sockets of proto; *found when one takes addr:port. */
static int dump(int fd, uint32_t seq, int family, int want_family, int proto, const uint8_t *addr, uint16_t port,
		bool *found)
{
	struct {
		struct nlmsghdr h;
		struct inet_diag_req_v2 r;
	} req;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = sizeof(req);
	req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.h.nlmsg_seq = seq;
	req.r.sdiag_family = (uint8_t)family;
	req.r.sdiag_protocol = (uint8_t)proto;
	req.r.idiag_states = proto == IPPROTO_TCP ? 1u << SD_TCP_LISTEN : ~0u;
	req.r.idiag_ext = 0;
	if (send(fd, &req, sizeof(req), 0) < 0) {
		return -errno;
	}
	char *buf = xcalloc(1, 32768);
	int rc = 0;
	/* a bounded number of datagrams: a namespace with more sockets than this is answered "unknown" */
	for (int i = 0; i < 4096 && rc == 0; i++) {
		ssize_t n = recv(fd, buf, 32768, 0);
		if (n < 0) {
			rc = -errno;
			break;
		}
		rc = be_sockdiag_parse(buf, (size_t)n, seq, want_family, addr, port, found);
	}
	free(buf);
	return rc == 1 ? 0 : rc == 0 ? -E2BIG : rc;
}

int be_sockdiag_listening(int fd, uint32_t *seq, int family, bool tcp, const uint8_t *addr, uint16_t port)
{
	bool found = false;
	int proto = tcp ? IPPROTO_TCP : IPPROTO_UDP;
	int rc = dump(fd, ++*seq, family, family, proto, addr, port, &found);

	if (rc == 0 && !found && family == AF_INET) {
		rc = dump(fd, ++*seq, AF_INET6, AF_INET, proto, addr, port, &found);
	}
	return rc < 0 ? rc : found;
}
