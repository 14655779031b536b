/* SPDX-License-Identifier: MIT */
/*
 * Ask a namespace's own FIB: RTM_GETROUTE (RTA_DST, RTA_SRC, RTA_IIF) on a
 * NETLINK_ROUTE socket created inside it. A second question with
 * RTM_F_FIB_MATCH names the matching route's prefix; a refused forwarded
 * lookup is asked again as if sent from there, which tells "forwarding off"
 * and rp_filter from an unreachable or blackhole route (the errnos overlap).
 */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "be_fib.h"
#include "be_internal.h"
#include "be_nlmsg.h"
#include "xalloc.h"

struct be_fib_sock {
	struct nst_ns_id id;
	int fd;
	int diag; /* NETLINK_SOCK_DIAG, made in the namespace too; -1 none */
};

struct be_fib {
	struct be_fib_sock *v;
	size_t n;
	uint32_t seq;
};

static size_t alen(int family)
{
	return family == AF_INET ? 4 : 16;
}

int be_fib_parse(const void *buf, size_t len, uint32_t seq, int family, struct nst_fib_answer *a)
{
	const char *p = buf;

	memset(a, 0, sizeof(*a)); /* the answer is what this datagram says, nothing left from before */
	while (len >= sizeof(struct nlmsghdr)) {
		struct nlmsghdr h;
		memcpy(&h, p, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > len) {
			return -EBADMSG;
		}
		size_t step = NLMSG_ALIGN(h.nlmsg_len) < len ? NLMSG_ALIGN(h.nlmsg_len) : len;
		const char *body = p + sizeof(h);
		size_t blen = h.nlmsg_len - sizeof(h);
		if (h.nlmsg_seq == seq && h.nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr e;
			if (blen < sizeof(e.error)) {
				return -EBADMSG;
			}
			memcpy(&e.error, body, sizeof(e.error));
			if (e.error > 0 || e.error < -4095) {
				return -EBADMSG;
			}
			a->err = e.error;
			return 0;
		}
		if (h.nlmsg_seq == seq && h.nlmsg_type == RTM_NEWROUTE) {
			struct rtmsg rtm;
			if (blen < sizeof(rtm)) {
				return -EBADMSG;
			}
			memcpy(&rtm, body, sizeof(rtm));
			if (rtm.rtm_family != family || rtm.rtm_dst_len > 8 * alen(family)) {
				return -EBADMSG;
			}
			a->err = 0;
			a->type = rtm.rtm_type;
			a->table = rtm.rtm_table;
			a->match_len = rtm.rtm_dst_len;
			const char *q = body + NLMSG_ALIGN(sizeof(rtm));
			size_t qlen = blen > NLMSG_ALIGN(sizeof(rtm)) ? blen - NLMSG_ALIGN(sizeof(rtm)) : 0;
			while (qlen >= sizeof(struct rtattr)) {
				struct rtattr ra;
				memcpy(&ra, q, sizeof(ra));
				if (ra.rta_len < sizeof(ra) || ra.rta_len > qlen) {
					return -EBADMSG;
				}
				const char *d = q + RTA_LENGTH(0);
				size_t dl = ra.rta_len - RTA_LENGTH(0);
				bool addr = dl == alen(family);
				switch (ra.rta_type) {
				case RTA_DST:
					if (!addr) {
						return -EBADMSG;
					}
					memcpy(a->match_dst, d, dl);
					a->has_match = true;
					break;
				case RTA_GATEWAY:
					if (!addr) {
						return -EBADMSG;
					}
					memcpy(a->gateway, d, dl);
					a->has_gateway = true;
					break;
				case RTA_PREFSRC:
					if (!addr) {
						return -EBADMSG;
					}
					memcpy(a->prefsrc, d, dl);
					a->has_prefsrc = true;
					break;
				case RTA_OIF:
				case RTA_TABLE:
					if (dl != 4) {
						return -EBADMSG;
					}
					uint32_t v;
					memcpy(&v, d, 4);
					if (ra.rta_type == RTA_OIF) {
						a->oif = (int)v;
					} else {
						a->table = v;
					}
					break;
				default:
					break;
				}
				size_t adv = RTA_ALIGN(ra.rta_len);
				if (adv >= qlen) {
					break;
				}
				q += adv;
				qlen -= adv;
			}
			if (!a->has_match) {
				a->match_len = 0; /* no RTA_DST: the default route */
			}
			return 0;
		}
		p += step;
		len -= step;
	}
	return len ? -EBADMSG : -ENOMSG;
}

static void put_attr(char *msg, struct nlmsghdr *h, unsigned short type, const void *data, size_t len)
{
	struct rtattr *ra = (struct rtattr *)(msg + NLMSG_ALIGN(h->nlmsg_len));

	ra->rta_type = type;
	ra->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(ra), data, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(ra->rta_len);
}

/* One question and its answer on fd. */
static int ask(struct be_fib *f, int fd, const struct nst_fib_query *q, unsigned flags, bool with_iif,
	       struct nst_fib_answer *a)
{
	union {
		char buf[256];
		struct nlmsghdr h;
	} req;
	struct nlmsghdr *h = &req.h;
	struct rtmsg *rtm;

	memset(&req, 0, sizeof(req));
	h->nlmsg_len = NLMSG_LENGTH(sizeof(*rtm));
	h->nlmsg_type = RTM_GETROUTE;
	h->nlmsg_flags = NLM_F_REQUEST;
	h->nlmsg_seq = ++f->seq;
	rtm = NLMSG_DATA(h);
	rtm->rtm_family = (unsigned char)q->family;
	rtm->rtm_flags = flags;
	rtm->rtm_dst_len = (unsigned char)(8 * alen(q->family));
	put_attr(req.buf, h, RTA_DST, q->dst, alen(q->family));
	if (q->has_src) {
		rtm->rtm_src_len = rtm->rtm_dst_len;
		put_attr(req.buf, h, RTA_SRC, q->src, alen(q->family));
	}
	if (with_iif && q->iif) {
		uint32_t iif = (uint32_t)q->iif;
		put_attr(req.buf, h, RTA_IIF, &iif, sizeof(iif));
	}
	if (send(fd, h, h->nlmsg_len, 0) < 0) {
		return -errno;
	}
	char *rbuf = xcalloc(1, 16384);
	int rc = -ETIMEDOUT;
	for (int tries = 0; tries < 8; tries++) {
		ssize_t n = recv(fd, rbuf, 16384, 0);
		if (n < 0) {
			rc = -errno;
			break;
		}
		rc = be_fib_parse(rbuf, (size_t)n, h->nlmsg_seq, q->family, a);
		if (rc != -ENOMSG) {
			break; /* an older answer's leftovers are skipped; anything else is this one */
		}
	}
	free(rbuf);
	return rc;
}

static int lookup(void *ctx, const struct nst_ns *ns, const struct nst_fib_query *q, struct nst_fib_answer *a)
{
	struct be_fib *f = ctx;
	int fd = -1;

	for (size_t i = 0; i < f->n; i++) {
		if (nst_ns_id_eq(f->v[i].id, ns->id)) {
			fd = f->v[i].fd;
		}
	}
	if (fd < 0) {
		return -ENOENT;
	}
	int rc = ask(f, fd, q, RTM_F_LOOKUP_TABLE, true, a);
	if (rc < 0) {
		return rc;
	}
	if (a->err == 0 && q->family == AF_INET6 && q->iif && a->type == RTN_UNICAST) {
		/* IPv6 routes a forwarded lookup even with forwarding off; ip6_forward drops the packet later,
		 * when net.ipv6.conf.all.forwarding or the arriving device's forwarding is 0 (seen on 6.18):
		 * answer as IPv4 does then (EHOSTUNREACH, sent from here a route), so the hop says why. */
		const struct nst_link *in = nst_ns_find_link(ns, q->iif);
		if (ns->ip6_forward == 0 || (in && in->forwarding6 == 0)) {
			a->err = -EHOSTUNREACH;
			a->out_err = 0;
			return 0;
		}
	}
	if (a->err == 0) {
		struct nst_fib_answer m;
		memset(&m, 0, sizeof(m));
		/* The route itself: prefix and type; its table and device are the first answer's. */
		if (ask(f, fd, q, RTM_F_FIB_MATCH, true, &m) == 0 && m.err == 0) {
			a->has_match = true; /* no RTA_DST in the answer: the default route */
			a->match_len = m.has_match ? m.match_len : 0;
			memcpy(a->match_dst, m.match_dst, 16);
			if (m.table) {
				a->table = m.table;
			}
		}
		return 0;
	}
	if (q->iif) {
		struct nst_fib_answer o;
		struct nst_fib_query oq = *q;
		oq.has_src = false;
		memset(&o, 0, sizeof(o));
		rc = ask(f, fd, &oq, 0, false, &o);
		a->out_err = rc < 0 ? rc : o.err;
	}
	return 0;
}

static int listening(void *ctx, const struct nst_ns *ns, int family, enum nst_reach_proto proto, const uint8_t *addr,
		     uint16_t port)
{
	struct be_fib *f = ctx;

	for (size_t i = 0; i < f->n; i++) {
		if (nst_ns_id_eq(f->v[i].id, ns->id)) {
			if (f->v[i].diag < 0) {
				return -EPROTONOSUPPORT;
			}
			return be_sockdiag_listening(f->v[i].diag, &f->seq, family, proto == NST_PROTO_TCP, addr, port);
		}
	}
	return -ENOENT;
}

static int open_in(struct be_ns_list *list, struct be_ns *b, int *fd, int *diag, struct be_error *err)
{
	int rc = b->self ? 0 : be_enter_ns(b->fd, err);

	if (rc < 0) {
		return rc;
	}
	*fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	rc = *fd < 0 ? -errno : 0;
	*diag = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (!b->self) {
		be_leave_ns(list->self_fd);
	}
	if (*diag >= 0) {
		struct timeval tv = { .tv_sec = 2 };
		setsockopt(*diag, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (be_nl_connect_kernel(*diag) < 0) {
			close(*diag);
			*diag = -1;
		}
	}
	if (rc == 0) {
		struct timeval tv = { .tv_sec = 2 };
		setsockopt(*fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		rc = be_nl_connect_kernel(*fd);
		if (rc < 0) {
			close(*fd);
			*fd = -1;
		}
	}
	if (rc < 0) {
		be_error_set(err, rc, "%s: cannot open a netlink socket: %s", b->name, strerror(-rc));
	}
	return rc;
}

int be_fib_open(const struct nst_model *m, struct be_fib **out, struct nst_fib_oracle *oracle, struct be_error *err)
{
	struct be_ns_list list = { 0 };
	struct nst_strv warnings = { 0 };
	struct be_fib *f = xcalloc(1, sizeof(*f));
	int rc = be_discover(&list, &warnings, err);

	nst_strv_clear(&warnings);
	if (rc < 0) {
		free(f);
		return rc;
	}
	f->v = xcalloc(list.n ? list.n : 1, sizeof(*f->v));
	for (size_t i = 0; i < list.n; i++) {
		struct be_ns *b = &list.v[i];
		if (!nst_model_find_ns_id(m, b->id)) {
			continue; /* only the namespaces the model shows are asked */
		}
		int fd = -1, diag = -1;
		struct be_error e = { 0 };
		if (open_in(&list, b, &fd, &diag, &e) == 0) {
			f->v[f->n].id = b->id;
			f->v[f->n].diag = diag;
			f->v[f->n++].fd = fd;
		} else if (diag >= 0) {
			close(diag);
		}
	}
	be_ns_list_clear(&list);
	*out = f;
	oracle->lookup = lookup;
	oracle->listening = listening;
	oracle->ctx = f;
	return 0;
}

void be_fib_close(struct be_fib *f)
{
	if (!f) {
		return;
	}
	for (size_t i = 0; i < f->n; i++) {
		close(f->v[i].fd);
		if (f->v[i].diag >= 0) {
			close(f->v[i].diag);
		}
	}
	free(f->v);
	free(f);
}
