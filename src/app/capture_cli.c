/* SPDX-License-Identifier: MIT */
/*
 * --capture: open the interface in its namespace, print each packet as it
 * arrives (flushed, so a pipe sees it at once), stop after --count or on a
 * signal, and say what was captured and dropped, as tcpdump does.
 */
#include "capture_cli.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "loop.h"
#include "quote.h"

struct printer {
	long printed, count;
	bool write_failed;
};

static void print_packet(void *ctx, const struct nst_pkt *p)
{
	struct printer *pr = ctx;
	char line[NST_PKT_TEXT + 32];

	struct nst_buf shown = { 0 };

	nst_pkt_format(p->sec, p->usec, &p->line, line, sizeof(line));
	/* packet fields come off the wire: escaped, never raw control bytes */
	nst_term_text(&shown, line);
	if (printf("%s\n", nst_buf_str(&shown)) < 0 || fflush(stdout) != 0) {
		pr->write_failed = true;
	}
	nst_buf_free(&shown);
	pr->printed++;
}

/* The links a person could have meant, for the error message. */
static void say_links(const struct nst_ns *ns)
{
	struct nst_buf b = { 0 };

	nst_term_text(&b, nst_ns_display(ns));
	fprintf(stderr, "nstop: interfaces in %s:", nst_buf_str(&b));
	for (size_t i = 0; i < ns->n_links; i++) {
		nst_buf_clear(&b);
		nst_term_text(&b, ns->links[i].name);
		fprintf(stderr, " %s", nst_buf_str(&b));
	}
	nst_buf_free(&b);
	fputc('\n', stderr);
}

static const struct nst_ns *find_ns(const struct nst_model *m, const char *name)
{
	if (name) {
		return nst_model_find_ns(m, name);
	}
	for (size_t i = 0; i < m->n_ns; i++) {
		if (m->ns[i].self) {
			return &m->ns[i];
		}
	}
	return NULL;
}

static void ignore_change(void *ctx, const struct nst_change *c)
{
	(void)ctx;
	(void)c;
}

/*
 * Our packet socket pins the namespace: after `ip netns del` it would live on
 * unseen and the capture would wait forever. The live model notices that the
 * namespace (or the link) is gone; then the capture ends.
 */
static const char *gone(const struct be_live *live, struct nst_ns_id ns, int ifindex)
{
	const struct nst_ns *home = nst_model_find_ns_id(be_live_model(live), ns);

	if (!home) {
		return "its namespace is gone";
	}
	return nst_ns_find_link(home, ifindex) ? NULL : "the interface is gone (deleted or moved to another namespace)";
}

static int capture_loop(struct be_live *live, struct nst_ns_id ns, int ifindex, struct be_capture *cap,
			struct printer *pr)
{
	struct nst_pkt_ring ring;
	struct loop_fds fds = { 0 };
	struct be_error err = { 0 };
	int rc = 0;

	nst_pkt_ring_init(&ring, 1); /* printed at once: nothing to keep */
	while (!loop_should_stop() && !pr->write_failed && (pr->count == 0 || pr->printed < pr->count)) {
		int timeout = loop_collect(live, &fds, 1, 1000);
		fds.v[0] = (struct pollfd){ .fd = be_capture_fd(cap), .events = POLLIN };

		int n = poll(fds.v, fds.n, timeout);
		if (n < 0 && errno != EINTR) {
			rc = 1;
			break;
		}
		/* with --count, never read more than what is left to print */
		int left = pr->count ? (int)(pr->count - pr->printed) : -1;
		if (n > 0 && fds.v[0].revents && be_capture_dispatch(cap, &ring, left, print_packet, pr, &err) < 0) {
			fprintf(stderr, "nstop: capture ended: %s\n", err.msg);
			rc = 1;
			break;
		}
		const char *why = NULL;
		if (be_live_dispatch(live, fds.v + 1, n > 0 ? fds.n - 1 : 0, ignore_change, NULL) &&
		    (why = gone(live, ns, ifindex)) != NULL) {
			fprintf(stderr, "nstop: capture ended: %s\n", why);
			rc = 1;
			break;
		}
	}
	free(fds.v);
	nst_pkt_ring_finish(&ring);
	return pr->write_failed ? 1 : rc;
}

int capture_run(struct be_live *live, const struct capture_args *a)
{
	const struct nst_model *m = be_live_model(live);
	const struct nst_ns *ns = find_ns(m, a->ns_name);
	struct be_capture *cap = NULL;
	struct be_error err = { 0 };

	if (!ns) {
		fputs("nstop: cannot find nstop's own namespace\n", stderr);
		return 1;
	}
	const struct nst_link *link = nst_ns_find_link_name(ns, a->ifname);
	/* pcap gets the first word (its message is what tcpdump users know), nstop adds the list */
	if (be_capture_open(live, ns->id, a->ifname, a->filter, &cap, &err) < 0) {
		char msg[4 * sizeof(err.msg)];
		fprintf(stderr, "nstop: %s\n", nst_term_str(err.msg, msg, sizeof(msg)));
	}
	char nsname[1100], ifname[200];
	nst_term_str(nst_ns_display(ns), nsname, sizeof(nsname)); /* its name for a person; --ns took any */
	nst_term_str(a->ifname, ifname, sizeof(ifname));
	if (!link) {
		fprintf(stderr, "nstop: no interface '%s' in namespace %s\n", ifname, nsname);
		say_links(ns);
	}
	if (!cap || !link) {
		be_capture_close(cap);
		return 2;
	}
	if (a->write && be_capture_write_to(cap, a->write, &err) < 0) {
		char msg[4 * sizeof(err.msg)];
		fprintf(stderr, "nstop: %s\n", nst_term_str(err.msg, msg, sizeof(msg)));
		be_capture_close(cap);
		return 2;
	}
	loop_install_signals();
	char filter[1100];
	fprintf(stderr, "nstop: listening on %s in %s, link-type %s%s%s\n", ifname, nsname, be_capture_dlt_name(cap),
		a->filter ? ", filter " : "", a->filter ? nst_term_str(a->filter, filter, sizeof(filter)) : "");
	struct printer pr = { .count = a->count };
	struct nst_ns_id id = ns->id;
	int ifindex = link->ifindex; /* ns and link point into the model, which changes in the loop */
	int rc = capture_loop(live, id, ifindex, cap, &pr);
	struct be_capture_stats st = { 0 };
	be_capture_stats(cap, &st);
	fprintf(stderr, "%ld packet%s captured\n%llu packet%s received by filter\n%llu packet%s dropped by kernel\n",
		pr.printed, pr.printed == 1 ? "" : "s", (unsigned long long)st.received, st.received == 1 ? "" : "s",
		(unsigned long long)st.dropped, st.dropped == 1 ? "" : "s");
	be_capture_close(cap);
	return rc;
}
