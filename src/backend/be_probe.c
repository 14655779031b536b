/* SPDX-License-Identifier: MIT */
/*
 * --probe (be_probe.h): give each namespace on the predicted path an nsid in
 * ours, install the trace table there, listen once for every namespace, send
 * the probe from a socket made in the source namespace (captured by libpcap
 * on each predicted device, be_probe_capture.c), and take it all
 * down again on every way out. Only to the address asked, at most 3 packets.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "be_internal.h"
#include "be_nft_edit.h"
#include "be_nlmsg.h"
#include "be_probe.h"
#include "be_probe_capture.h"
#include "be_probe_send.h"
#include "be_trace.h"
#include "xalloc.h"

struct hop_ns {
	struct be_ns *b;
	const struct nst_ns *ns;
	struct mnl_socket *nl; /* owns the trace table while open */
	bool installed;
	bool extra;            /* off the predicted path: traced when it can be, skipped when not */
	bool skip;
};


bool be_probe_allowed(char *why, size_t len)
{
	char r[200];

	/* the same test as edits: read-only nstop never probes */
	if (be_can_edit(r, sizeof(r))) {
		return true;
	}
	snprintf(why, len,
		 "--probe sends packets and adds nf_tables trace rules: it needs CAP_NET_ADMIN and CAP_SYS_ADMIN, "
		 "which this process lacks (uid %u%s)",
		 (unsigned)geteuid(), geteuid() == 0 ? ", its capabilities dropped" : ": run it as root");
	return false;
}

void be_probe_fail(struct nst_reach_observed *o, const char *fmt, ...)
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
				be_probe_fail(o, "a namespace on the path is gone");
				return n;
			}
			if (n == max) {
				be_probe_fail(o, "the path has more namespaces than a probe traces");
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
		be_probe_fail(o, "cannot open a netlink socket to assign nsids: %s", strerror(errno));
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
			be_probe_fail(o, "%s: cannot give it an nsid (RTM_NEWNSID): %s", shown(v[i].ns), strerror(-rc));
			break;
		}
		if (nsid < 0) {
			be_probe_fail(o, "%s: it has no nsid in nstop's namespace, so its trace would not be heard",
				  shown(v[i].ns));
			break;
		}
		map[i].nsid = nsid;
	}
	close(fd);
	return o->error ? -1 : 0;
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
				be_probe_fail(o, "could not remove the trace table in %s: %s", shown(v[i].ns), why);
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
	struct be_ns_list list = { .self_fd = -1 }; /* cleared on every way out: never fd 0 */
	struct nst_strv warnings = { 0 };
	struct hop_ns v[MAX_PATH_NS];
	struct be_trace_ns map[MAX_PATH_NS];
	struct nst_reach_observed *o = xcalloc(1, sizeof(*o));
	struct be_probe_sock pr = { .p = p, .o = o, .fd = -1 };
	int tfd = -1;
	size_t n = 0;
	int32_t self_nsid = -2;
	struct be_probe_caps *caps = NULL;

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
		be_ns_list_clear(&list); /* a failed discovery may hold nstop's own namespace already */
		o->error = xasprintf("cannot list the namespaces: %s", de.msg);
		return 0;
	}
	nst_strv_clear(&warnings);
	n = path_ns(m, &list, p, r, v, MAX_PATH_NS, o);
	if (o->error || map_nsids(&list, v, n, map, &self_nsid, o) < 0 || be_probe_open(&list, v[0].b, &pr) < 0) {
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
	/* the second witness, opened last so its rings hold only the probe's own packets */
	caps = be_probe_caps_open(&list, r, p, pr.key, o);
	struct be_trace_sink sink = { .map = map, .n_map = n, .self_nsid = self_nsid, .match = match, .o = o };
	be_probe_send(&pr, tfd, &sink, count);
	be_trace_sink_clear(&sink);
	be_probe_caps_drain(caps, o);
done:
	be_probe_caps_close(caps);
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
	struct be_ns_list list = { .self_fd = -1 }; /* cleared on every way out: never fd 0 */
	struct nst_strv warnings = { 0 };
	int removed = 0;
	char why[300];

	int rc = be_discover(&list, &warnings, err);
	nst_strv_clear(&warnings);
	if (rc < 0) {
		be_ns_list_clear(&list);
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
