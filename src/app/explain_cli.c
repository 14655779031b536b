/* SPDX-License-Identifier: MIT */
/*
 * `nstop --explain`: resolve FROM (any name --ns takes) and TO (an address or
 * a namespace's first address), walk it with the kernel as the oracle, print.
 */
#include <arpa/inet.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "be_fib.h"
#include "be_probe.h"
#include "explain.h"
#include "explain_cli.h"
#include "ns_match.h"
#include "quote.h"
#include "reach_probe.h"

static int one_ns(const struct nst_model *m, const char *name, const char *what, const struct nst_ns **out)
{
	const struct nst_ns *v[2];
	char shown[512];
	size_t n = nst_ns_match(m, name, v, 2);

	if (n == 1) {
		*out = v[0];
		return 0;
	}
	fprintf(stderr, n ? "nstop: --explain %s '%s' names %zu namespaces; name one by its name or inode\n"
			  : "nstop: --explain %s '%s': no such namespace%.0zu\n",
		what, nst_term_str(name, shown, sizeof(shown)), n);
	return 2;
}

static int parse_proto(const struct explain_args *a, struct nst_reach_probe *p, int *port)
{
	char shown[256];

	p->proto = NST_PROTO_ICMP;
	if (a->proto && strcmp(a->proto, "tcp") == 0) {
		p->proto = NST_PROTO_TCP;
	} else if (a->proto && strcmp(a->proto, "udp") == 0) {
		p->proto = NST_PROTO_UDP;
	} else if (a->proto && strcmp(a->proto, "icmp") != 0) {
		fprintf(stderr, "nstop: --proto is icmp, tcp or udp, not '%s'\n", nst_term_str(a->proto, shown, sizeof(shown)));
		return 2;
	}
	*port = -1;
	if (a->port) {
		long long n;
		if (p->proto == NST_PROTO_ICMP || !nst_parse_long(a->port, 1, 65535, &n)) {
			fprintf(stderr, "nstop: --port wants 1 to 65535 with --proto tcp or udp, not '%s'\n",
				nst_term_str(a->port, shown, sizeof(shown)));
			return 2;
		}
		*port = (int)n;
		p->port = (uint16_t)n;
	} else if (p->proto != NST_PROTO_ICMP) {
		fputs("nstop: --proto tcp or udp wants --port N\n", stderr);
		return 2;
	}
	return 0;
}

static int parse_addr(const char *s, int *family, uint8_t *bytes)
{
	if (inet_pton(AF_INET, s, bytes) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, bytes) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -1;
}

static int resolve(const struct nst_model *m, const struct explain_args *a, struct nst_reach_probe *p, char *to,
		   size_t to_len)
{
	char shown[512];
	int rc = one_ns(m, a->from, "FROM", &p->from);

	if (rc) {
		return rc;
	}
	if (parse_addr(a->to, &p->family, p->dst) < 0) {
		const struct nst_ns *ns = NULL;
		if (!nst_ns_match(m, a->to, NULL, 0)) {
			fprintf(stderr, "nstop: --explain TO '%s' is neither an address nor a namespace\n",
				nst_term_str(a->to, shown, sizeof(shown)));
			return 2;
		}
		if ((rc = one_ns(m, a->to, "TO", &ns)) != 0) {
			return rc;
		}
		const struct nst_addr *ad = nst_reach_ns_addr(ns, 0);
		if (!ad) {
			fprintf(stderr, "nstop: namespace '%s' has no address to explain a path to\n",
				nst_term_str(a->to, shown, sizeof(shown)));
			return 2;
		}
		p->family = ad->family;
		memcpy(p->dst, ad->bytes, 16);
	}
	inet_ntop(p->family, p->dst, to, (socklen_t)to_len);
	if (a->source) {
		int fam = 0;
		if (parse_addr(a->source, &fam, p->src) < 0 || fam != p->family) {
			fprintf(stderr, "nstop: --source '%s' is not an address of the destination's family\n",
				nst_term_str(a->source, shown, sizeof(shown)));
			return 2;
		}
		p->has_src = true;
	}
	return 0;
}

/* --probe's count, and whether this process may probe at all: 0, or 2 with the reason printed. */
static int probe_check(const struct explain_args *a, int *count)
{
	char why[400], shown[64];
	long long n = 0;

	*count = 0;
	if (!a->probe) {
		return 0;
	}
	if (!nst_parse_long(a->probe, 1, NST_PROBE_MAX_COUNT, &n)) {
		fprintf(stderr, "nstop: --probe=N sends 1 to %d packets, not '%s'\n", NST_PROBE_MAX_COUNT,
			nst_term_str(a->probe, shown, sizeof(shown)));
		return 2;
	}
	if (!be_probe_allowed(why, sizeof(why))) {
		fprintf(stderr, "nstop: %s\n", why);
		return 2;
	}
	*count = (int)n;
	/* a probe killed before it cleaned up left its tables: remove them before tracing anew */
	struct be_error err = { 0 };
	if (be_trace_sweep(&err) < 0) {
		fprintf(stderr, "nstop: --probe: cannot look for stale trace tables: %s\n", err.msg);
	}
	return 0;
}

int explain_probe(const struct nst_model *m, struct nst_reach_probe *p, struct nst_reach *r, int count, char *why,
		  size_t len)
{
	struct be_error err = { 0 };

	p->has_src = r->has_src; /* the probe goes from the source the prediction used */
	memcpy(p->src, r->src, sizeof(p->src));
	int rc = be_probe_run(m, p, r, count, &r->probe, &err);
	if (rc < 0) {
		snprintf(why, len, "%s", err.msg);
		return rc;
	}
	nst_reach_probe_compare(r, p->proto, r->probe);
	return 0;
}

int explain_run(const struct explain_args *a)
{
	struct nst_model *m = NULL;
	struct be_error err = { 0 };
	struct nst_reach_probe p = { 0 };
	char to[64];
	int port = -1, count = 0;
	int rc = parse_proto(a, &p, &port);

	if (rc || (rc = probe_check(a, &count)) != 0) {
		return rc;
	}
	if (be_snapshot(&m, &err) < 0) {
		fprintf(stderr, "nstop: %s\n", err.msg);
		return 3; /* nothing read: nstop cannot tell, which is not "unreachable" */
	}
	rc = resolve(m, a, &p, to, sizeof(to));
	struct be_fib *fib = NULL;
	struct nst_fib_oracle oracle;
	if (rc == 0 && be_fib_open(m, &fib, &oracle, &err) < 0) {
		fprintf(stderr, "nstop: %s\n", err.msg);
		rc = 3;
	}
	if (rc == 0) {
		struct nst_reach r;
		struct nst_explain_head h = { .from = a->from, .to = to, .family = p.family, .proto = p.proto,
					      .port = port };
		nst_reach_explain(m, &oracle, &p, &r);
		char why[256];
		if (count && explain_probe(m, &p, &r, count, why, sizeof(why)) < 0) {
			fprintf(stderr, "nstop: %s\n", why);
		}
		if (a->json) {
			nst_render_explain_json(&h, &r, stdout);
		} else {
			setlocale(LC_CTYPE, "");
			bool utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
			nst_render_explain_text(&h, &r, a->ascii || !utf8, stdout);
		}
		rc = r.reachable == 1 ? 0 : r.reachable == 0 ? 1 : 3;
		if (r.probe && r.probe->compared && !r.probe->agrees) {
			rc = 4;
		}
		nst_reach_free(&r);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			perror("nstop: write");
			rc = 1;
		}
	}
	be_fib_close(fib);
	nst_model_destroy(m);
	return rc;
}
