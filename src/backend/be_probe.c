/* SPDX-License-Identifier: MIT */
/*
 * --probe (be_probe.h): give each namespace on the predicted path an nsid in
 * ours, install the trace table there, listen once for every namespace, send
 * the probe from a socket made in the source namespace, and take it all
 * down again on every way out. Only to the address asked, at most 3 packets.
 */
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "be_internal.h"
#include "be_nft_edit.h"
#include "be_nlmsg.h"
#include "be_probe.h"
#include "be_trace.h"
#include "xalloc.h"

#define WAIT_MS 500     /* per icmp echo or udp datagram: namespaces answer in microseconds */
#define TCP_WAIT_MS 900 /* under the SYN's first retransmission (1 s): one SYN is traced */
#define DRAIN_MS 150 /* at most; it ends at the first 10 ms without an event */

struct hop_ns {
	struct be_ns *b;
	const struct nst_ns *ns;
	struct mnl_socket *nl; /* owns the trace table while open */
	bool installed;
	bool extra;            /* off the predicted path: traced when it can be, skipped when not */
	bool skip;
};

struct probe {
	const struct nst_reach_probe *p;
	struct nst_reach_observed *o;
	int fd;         /* the probe's socket, made in p->from */
	uint16_t key;   /* its source port, or the echo id */
	bool got[NST_PROBE_MAX_COUNT + 1];
	bool done;      /* tcp: connected or refused */
};

bool be_probe_allowed(char *why, size_t len)
{
	char r[200];

	if (be_can_edit(r, sizeof(r))) {
		return true;
	}
	snprintf(why, len,
		 "--probe sends packets and adds nf_tables trace rules, which needs CAP_NET_ADMIN and CAP_SYS_ADMIN: %s", r);
	return false;
}

static void set_error(struct nst_reach_observed *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_error(struct nst_reach_observed *o, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (o->error) {
		return; /* the first problem is the one that stopped the probe */
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	o->error = xstrdup(buf);
}

static const char *shown(const struct nst_ns *ns)
{
	return ns->display ? ns->display : ns->name;
}

static uint64_t now_ms(void)
{
	return be_now_ms();
}

/* The namespaces of the request and the reply, each once, the source first (then, see below, the rest). */
static size_t path_ns(const struct nst_model *m, struct be_ns_list *list, const struct nst_reach_probe *p,
		      const struct nst_reach *r, struct hop_ns *v, size_t max, struct nst_reach_observed *o)
{
	size_t n = 0;
	const struct nst_reach_path *legs[2] = { &r->request, &r->reply };

	for (int leg = -1; leg < 2; leg++) {
		size_t k_n = leg < 0 ? 1 : legs[leg]->n;
		for (size_t k = 0; k < k_n; k++) {
			struct nst_ns_id id = leg < 0 ? p->from->id : legs[leg]->v[k].ns_id;
			bool seen = false;
			for (size_t i = 0; i < n; i++) {
				seen = seen || nst_ns_id_eq(v[i].b->id, id);
			}
			if (seen) {
				continue;
			}
			struct be_ns *b = be_ns_list_find(list, id);
			const struct nst_ns *ns = nst_model_find_ns_id(m, id);
			if (!b || !ns || b->fd < 0) {
				set_error(o, "a namespace on the path is gone");
				return n;
			}
			if (n == max) {
				set_error(o, "the path has more namespaces than a probe traces");
				return n;
			}
			v[n++] = (struct hop_ns){ .b = b, .ns = ns };
		}
	}
	/* A prediction that stops (not reachable, unknown) may stop too early: trace every other
	 * namespace as well, so a packet that goes further is seen going there. */
	for (size_t i = 0; r->reachable != 1 && i < m->n_ns && n < max; i++) {
		struct be_ns *b = be_ns_list_find(list, m->ns[i].id);
		bool seen = false;
		for (size_t k = 0; k < n; k++) {
			seen = seen || nst_ns_id_eq(v[k].b->id, m->ns[i].id);
		}
		if (!seen && b && b->fd >= 0) {
			v[n++] = (struct hop_ns){ .b = b, .ns = &m->ns[i], .extra = true };
		}
	}
	return n;
}

/* Each namespace's nsid in ours, assigned where it has none: only those are heard. */
static int map_nsids(struct be_ns_list *list, struct hop_ns *v, size_t n, struct be_trace_ns *map, int32_t *self_nsid,
		     struct nst_reach_observed *o)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	struct timeval tv = { .tv_sec = 1 };

	if (fd < 0 || be_nl_connect_kernel(fd) < 0) {
		set_error(o, "cannot open a netlink socket to assign nsids: %s", strerror(errno));
		if (fd >= 0) {
			close(fd);
		}
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (be_nsid_query_fd(fd, list->self_fd, self_nsid) < 0 || *self_nsid < 0) {
		*self_nsid = -2;
	}
	for (size_t i = 0; i < n; i++) {
		int32_t nsid = -1;
		map[i].ns = v[i].ns;
		map[i].nsid = -1;
		if (v[i].b->self) {
			continue; /* our own events carry no nsid */
		}
		int rc = 0;
		if (be_nsid_query_fd(fd, v[i].b->fd, &nsid) == 0 && nsid < 0) {
			rc = be_nsid_assign_fd(fd, v[i].b->fd);
			be_nsid_query_fd(fd, v[i].b->fd, &nsid);
		}
		if (nsid < 0 && v[i].extra) {
			v[i].skip = true;
			map[i].nsid = -2; /* matches no event */
			continue;
		}
		if (rc < 0 && rc != -EEXIST && nsid < 0) {
			set_error(o, "%s: cannot give it an nsid (RTM_NEWNSID): %s", shown(v[i].ns), strerror(-rc));
			break;
		}
		if (nsid < 0) {
			set_error(o, "%s: it has no nsid in nstop's namespace, so its trace would not be heard",
				  shown(v[i].ns));
			break;
		}
		map[i].nsid = nsid;
	}
	close(fd);
	return o->error ? -1 : 0;
}

/* The probe's socket, made inside the source namespace, bound so its key is known before the rules go in. */
static int open_probe(struct be_ns_list *list, struct be_ns *src, struct probe *pr)
{
	const struct nst_reach_probe *p = pr->p;
	bool v6 = p->family == AF_INET6;
	int type = p->proto == NST_PROTO_TCP ? SOCK_STREAM : p->proto == NST_PROTO_UDP ? SOCK_DGRAM : SOCK_RAW;
	int proto = p->proto == NST_PROTO_ICMP ? (v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP) : 0;
	struct be_error err;

	if (!src->self && be_enter_ns(src->fd, &err) < 0) {
		set_error(pr->o, "cannot enter the source namespace: %s", err.msg);
		return -1;
	}
	pr->fd = socket(p->family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, proto);
	int e = errno;
	if (!src->self) {
		be_leave_ns(list->self_fd);
	}
	if (pr->fd < 0) {
		set_error(pr->o, "cannot make the probe's socket: %s", strerror(e));
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
		set_error(pr->o, "cannot bind the probe's socket to its source: %s", strerror(errno));
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
		set_error(pr->o, "cannot read the probe's port: %s", strerror(errno));
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
static int send_one(struct probe *pr, int k)
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
static void read_icmp(struct probe *pr)
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
			pr->o->refused = true;
			pr->o->refused_err = icmp_error_errno(v6, type, ic[1]);
		}
	}
}

static void read_answer(struct probe *pr)
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
		} else {
			return;
		}
	}
}

static bool answered(const struct probe *pr, int k)
{
	if (pr->p->proto == NST_PROTO_TCP) {
		return pr->done;
	}
	if (pr->p->proto == NST_PROTO_ICMP) {
		return pr->got[k] || pr->o->refused;
	}
	return pr->o->answered >= k || pr->o->refused;
}

/* Wait for probe k's answer (or its time), reading the trace meanwhile. */
static void wait_for(struct probe *pr, int tfd, struct be_trace_sink *sink, int k, uint64_t until)
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

static void send_all(struct probe *pr, int tfd, struct be_trace_sink *sink, int count)
{
	uint64_t t0 = now_ms();

	for (int k = 1; k <= count; k++) {
		sink->packet = k;
		int rc = send_one(pr, k);
		if (rc == -ECONNREFUSED && pr->p->proto == NST_PROTO_UDP) {
			pr->o->refused = true; /* the previous datagram's port unreachable, reported now */
			pr->o->refused_err = ECONNREFUSED;
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

static void teardown(struct hop_ns *v, size_t n, struct nst_reach_observed *o)
{
	char why[300];

	for (size_t i = 0; i < n; i++) {
		if (!v[i].nl) {
			continue;
		}
		if (v[i].installed) {
			int rc = be_trace_remove(v[i].nl, why, sizeof(why));
			if (rc < 0 && rc != -ENOENT) {
				/* closing the owning socket below still makes the kernel drop it */
				set_error(o, "could not remove the trace table in %s: %s", shown(v[i].ns), why);
			}
		}
		mnl_socket_close(v[i].nl);
		v[i].nl = NULL;
	}
}

#define MAX_PATH_NS 64

int be_probe_run(const struct nst_model *m, const struct nst_reach_probe *p, const struct nst_reach *r, int count,
		 struct nst_reach_observed **out, struct be_error *err)
{
	char why[300];
	struct be_ns_list list = { 0 };
	struct nst_strv warnings = { 0 };
	struct hop_ns v[MAX_PATH_NS];
	struct be_trace_ns map[MAX_PATH_NS];
	struct nst_reach_observed *o = xcalloc(1, sizeof(*o));
	struct probe pr = { .p = p, .o = o, .fd = -1 };
	int tfd = -1;
	size_t n = 0;
	int32_t self_nsid = -2;

	*out = NULL;
	if (!be_probe_allowed(why, sizeof(why))) {
		be_error_set(err, -EPERM, "%s", why);
		free(o);
		return -EPERM;
	}
	*out = o;
	count = count < 1 ? 1 : count > NST_PROBE_MAX_COUNT ? NST_PROBE_MAX_COUNT : count;
	struct be_error de = { 0 };
	if (be_discover(&list, &warnings, &de) < 0) {
		nst_strv_clear(&warnings);
		o->error = xasprintf("cannot list the namespaces: %s", de.msg);
		return 0;
	}
	nst_strv_clear(&warnings);
	n = path_ns(m, &list, p, r, v, MAX_PATH_NS, o);
	if (o->error || map_nsids(&list, v, n, map, &self_nsid, o) < 0 || open_probe(&list, v[0].b, &pr) < 0) {
		goto done;
	}
	tfd = be_trace_listen();
	if (tfd < 0) {
		o->error = xasprintf("cannot listen for nf_tables trace events: %s", strerror(-tfd));
		goto done;
	}
	struct be_trace_match match = {
		.family = p->family,
		.l4proto = (uint8_t)(p->proto == NST_PROTO_TCP	 ? IPPROTO_TCP
				     : p->proto == NST_PROTO_UDP ? IPPROTO_UDP
				     : p->family == AF_INET6	 ? IPPROTO_ICMPV6
								 : IPPROTO_ICMP),
		.key = pr.key,
	};
	for (size_t i = 0; i < n; i++) {
		if (v[i].skip) {
			continue;
		}
		v[i].nl = be_nft_socket_open(v[i].b->fd, list.self_fd, v[i].b->self);
		if (!v[i].nl && v[i].extra) {
			continue;
		}
		if (!v[i].nl) {
			o->error = xasprintf("%s: cannot open an nf_tables socket there", shown(v[i].ns));
			goto done;
		}
		int rc = be_trace_install(v[i].nl, &match, why, sizeof(why));
		if (rc < 0 && v[i].extra) {
			map[i].nsid = -2; /* not traced: heard from nowhere */
			continue;
		}
		if (rc < 0) {
			o->error = rc == -EEXIST || rc == -EPERM
					   ? xasprintf("%s: table inet %s exists (another probe running?): %s", shown(v[i].ns),
						       NST_TRACE_TABLE, why)
					   : xasprintf("%s: cannot add the trace table: %s", shown(v[i].ns), why);
			goto done;
		}
		v[i].installed = true;
	}
	struct be_trace_sink sink = { .map = map, .n_map = n, .self_nsid = self_nsid, .match = match, .o = o };
	send_all(&pr, tfd, &sink, count);
	be_trace_sink_clear(&sink);
done:
	if (tfd >= 0) {
		close(tfd);
	}
	if (pr.fd >= 0) {
		struct linger lg = { .l_onoff = 1, .l_linger = 0 };
		setsockopt(pr.fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)); /* tcp: an RST now, no FIN exchange */
		close(pr.fd);
	}
	teardown(v, n, o);
	be_ns_list_clear(&list);
	return 0;
}

int be_trace_sweep(struct be_error *err)
{
	struct be_ns_list list = { 0 };
	struct nst_strv warnings = { 0 };
	int removed = 0;
	char why[300];

	int rc = be_discover(&list, &warnings, err);
	nst_strv_clear(&warnings);
	if (rc < 0) {
		return rc;
	}
	for (size_t i = 0; i < list.n; i++) {
		struct mnl_socket *nl = list.v[i].fd >= 0 ? be_nft_socket_open(list.v[i].fd, list.self_fd, list.v[i].self)
							  : NULL;
		if (!nl) {
			continue;
		}
		/* -ENOENT: none; -EPERM: a running probe owns it (its socket is open) */
		if (be_trace_exists(nl) == 1 && be_trace_remove(nl, why, sizeof(why)) == 0) {
			removed++;
		}
		mnl_socket_close(nl);
	}
	be_ns_list_clear(&list);
	return removed;
}
