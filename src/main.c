/* SPDX-License-Identifier: MIT */
/*
 * nstop: argv, modes, exit status. The only place that exits. One-shot
 * modes read a snapshot and render it; --monitor and the TUI run on the
 * live model.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "capture_cli.h"
#include "demo.h"
#include "explain_cli.h"
#include "live.h"
#include "model.h"
#include "monitor.h"
#include "ns_match.h"
#include "quote.h"
#include "reach_cli.h"
#include "render.h"
#include "tui.h"
#include "xalloc.h"

enum mode { MODE_TUI, MODE_JSON, MODE_DUMP, MODE_DOT, MODE_SCRIPT };

struct args {
	enum mode mode;
	bool mode_set;
	bool monitor;
	bool ascii;
	const char *ns_name;
	struct capture_args cap; /* cap.ifname set: --capture */
	const char *count_arg;
	struct explain_args ex; /* ex.from set: --explain */
	bool reach;             /* --reach (takes ex.proto, ex.port) */
	const char *complete;   /* hidden --complete ns|links, for the shell completions */
	bool demo;              /* --demo [SCENARIO]: every mode then runs in its sandbox */
	const char *demo_arg;
	char hint[256];
};

/* Short on purpose: one line an option; the man page nstop(8) has the rest
 * (tests/docs/consistency.sh checks that both name every option). */
static void usage(FILE *out)
{
	/* 80 columns at most: the first screen a newcomer sees */
	fputs("Usage: nstop [--ns NAME] [--ascii]\n"
	      "       nstop [--ns NAME] --json | --dump | --dot | --export-script\n"
	      "       nstop [--ns NAME] --monitor [--json]\n"
	      "       nstop [--ns NAME] --capture IFNAME [--count N] [--filter BPF]\n"
	      "                         [--write FILE]\n"
	      "       nstop --explain FROM TO [--proto icmp|tcp|udp] [--port N]\n"
	      "                         [--source ADDR] [--probe[=N]] [--json]\n"
	      "       nstop --reach [--proto icmp|tcp|udp] [--port N] [--probe] [--json]\n"
	      "       nstop --demo [SCENARIO] [any of the above]\n"
	      "Every network namespace with its veth pairs, bridges, addresses and routes.\n"
	      "\n"
	      "  (no mode)          the interactive view (? inside lists the keys)\n"
	      "  --json             the topology as one JSON document (--monitor: JSON lines)\n"
	      "  --dump             the topology as indented text\n"
	      "  --dot              a Graphviz graph, a cluster per namespace\n"
	      "  --export-script    a shell script of ip commands that recreates the topology\n"
	      "  --monitor          one line per change in any namespace, until interrupted\n"
	      "  --capture IFNAME   the packets of IFNAME (in --ns NAME), like tcpdump -n -l\n"
	      "  --count N          with --capture: stop after N packets\n"
	      "  --filter BPF       with --capture: tcpdump's filter syntax\n"
	      "  --write FILE       with --capture: also save a pcap file (never overwrites)\n"
	      "  --explain FROM TO  can namespace FROM reach TO, and if not why, hop by hop\n"
	      "                     (routes, NAT, filters, ARP); exit 0 yes, 1 no, 3 unknown\n"
	      "  --reach            every namespace to every other's addresses, as --explain\n"
	      "  --proto, --port    with --explain or --reach: the packet (default icmp)\n"
	      "  --source ADDR      with --explain: the packet's source address\n"
	      "  --probe[=N]        confirm with N (1-3) real packets; exit 4 if they differ\n"
	      "  --ns NAME          one namespace: its name ('/' is nstop's own), a container's\n"
	      "                     or pod's name, an inode\n"
	      "  --demo [SCENARIO]  a private sandbox with SCENARIO (seed, lab, docker-like or\n"
	      "                     ./FILE) and a little traffic; the mode runs in it\n"
	      "  --ascii            draw with ASCII even in a UTF-8 terminal\n"
	      "  -h, --help         this help\n"
	      "  -V, --version      the version\n"
	      "\n"
	      "Exit status: 0 ok, 1 the kernel could not be read, 2 bad usage or unknown name.\n"
	      "See nstop(8) for the keys, the files read and examples.\n",
	      out);
}

static int set_mode(struct args *a, enum mode m)
{
	if (a->mode_set && a->mode != m) {
		fputs(a->mode == MODE_SCRIPT || m == MODE_SCRIPT
			      ? "nstop: --export-script cannot be combined with --json, --dump or --dot\n"
			      : "nstop: --json, --dump and --dot are exclusive\n",
		      stderr);
		return -1;
	}
	a->mode = m;
	a->mode_set = true;
	return 0;
}

static void list_namespaces(const struct nst_model *m, FILE *out)
{
	struct nst_buf b = { 0 };

	for (size_t i = 0; i < m->n_ns; i++) {
		nst_buf_clear(&b);
		nst_term_text(&b, m->ns[i].name);
		fprintf(out, "%s%s", i ? ", " : "", nst_buf_str(&b));
	}
	fputc('\n', out);
	nst_buf_free(&b);
}

/*
 * 0 when name is NULL or names exactly one namespace (*out: it); else prints
 * the known namespaces (none matches) or every match (several) and returns 2.
 */
static int check_ns(const struct nst_model *m, const char *name, const struct nst_ns **out)
{
	const struct nst_ns *v[64];
	char shown[1100];

	*out = NULL;
	if (!name) {
		return 0;
	}
	size_t n = nst_ns_match(m, name, v, sizeof(v) / sizeof(v[0]));
	if (n == 1) {
		*out = v[0];
		return 0;
	}
	if (n == 0) {
		fprintf(stderr, "nstop: no namespace named '%s'; known namespaces: ", nst_term_str(name, shown, sizeof(shown)));
		list_namespaces(m, stderr);
		return 2;
	}
	fprintf(stderr, "nstop: '%s' names %zu namespaces; name one by its name or inode:\n",
		nst_term_str(name, shown, sizeof(shown)), n);
	for (size_t i = 0; i < n && i < sizeof(v) / sizeof(v[0]); i++) {
		char disp[1100];
		fprintf(stderr, "  %s  (display %s, inode %llu)\n", nst_term_str(v[i]->name, shown, sizeof(shown)),
			nst_term_str(nst_ns_display(v[i]), disp, sizeof(disp)), (unsigned long long)v[i]->id.ino);
	}
	if (n > sizeof(v) / sizeof(v[0])) {
		fprintf(stderr, "  ... and %zu more\n", n - sizeof(v) / sizeof(v[0]));
	}
	return 2;
}

static int check_capture_args(struct args *a)
{
	if (!a->cap.ifname) {
		if (a->count_arg || a->cap.filter || a->cap.write) {
			fputs("nstop: --count, --filter and --write go with --capture IFNAME\n", stderr);
			return -1;
		}
		return 0;
	}
	if (a->mode_set || a->monitor) {
		fputs("nstop: --capture prints packets; it cannot be combined with --json, --dump, --dot, "
		      "--export-script or --monitor\n", stderr);
		return -1;
	}
	if (a->count_arg) {
		long long n;
		/* checked for overflow: 99999999999999999999 is not "all of them" */
		if (!nst_parse_long(a->count_arg, 1, INT_MAX, &n)) {
			char shown[256];
			fprintf(stderr, "nstop: --count wants a number of packets from 1 to %d, not '%s'\n", INT_MAX,
				nst_term_str(a->count_arg, shown, sizeof(shown)));
			return -1;
		}
		a->cap.count = n;
	}
	a->cap.ns_name = a->ns_name;
	return 0;
}

static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },   { "dump", no_argument, NULL, 'd' },
		{ "dot", no_argument, NULL, 'g' },    { "monitor", no_argument, NULL, 'm' },
		{ "ns", required_argument, NULL, 'n' }, { "ascii", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },   { "version", no_argument, NULL, 'V' },
		{ "export-script", no_argument, NULL, 'x' },
		{ "capture", required_argument, NULL, 'c' }, { "count", required_argument, NULL, 'C' },
		{ "filter", required_argument, NULL, 'F' }, { "write", required_argument, NULL, 'w' },
		{ "explain", required_argument, NULL, 'E' }, { "proto", required_argument, NULL, 'P' },
		{ "port", required_argument, NULL, 'p' }, { "source", required_argument, NULL, 's' },
		{ "reach", no_argument, NULL, 'R' },
		{ "probe", optional_argument, NULL, 'b' },
		{ "complete", required_argument, NULL, 'K' }, /* hidden: not in --help */
		{ "demo", optional_argument, NULL, 'D' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
		case 'd':
		case 'g':
		case 'x':
			if (set_mode(a, c == 'j' ? MODE_JSON : c == 'd' ? MODE_DUMP : c == 'g' ? MODE_DOT : MODE_SCRIPT) < 0) {
				return 2;
			}
			break;
		case 'm':
			a->monitor = true;
			break;
		case 'n':
			a->ns_name = optarg;
			break;
		case 'a':
			a->ascii = true;
			break;
		case 'c':
			a->cap.ifname = optarg;
			break;
		case 'C':
			a->count_arg = optarg;
			break;
		case 'F':
			a->cap.filter = optarg;
			break;
		case 'w':
			a->cap.write = optarg;
			break;
		case 'E':
			a->ex.from = optarg;
			break;
		case 'P':
			a->ex.proto = optarg;
			break;
		case 'p':
			a->ex.port = optarg;
			break;
		case 's':
			a->ex.source = optarg;
			break;
		case 'R':
			a->reach = true;
			break;
		case 'b':
			a->ex.probe = optarg ? optarg : "1";
			break;
		case 'K':
			a->complete = optarg;
			break;
		case 'D':
			a->demo = true;
			/* `--demo lab` as well as `--demo=lab`: a next word that is no option is the scenario */
			a->demo_arg = optarg ? optarg : optind < argc && argv[optind][0] != '-' ? argv[optind++] : NULL;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("nstop %s\n", NSTOP_VERSION);
			return 0;
		default:
			fputs("Try 'nstop --help'.\n", stderr);
			return 2;
		}
	}
	if (a->complete && optind == argc) {
		return -1; /* --ns is its only companion; everything else is ignored */
	}
	if (a->ex.from && optind < argc) {
		a->ex.to = argv[optind++]; /* --explain FROM TO */
	}
	if (optind < argc) {
		char shown[256];
		fprintf(stderr, "nstop: unexpected argument '%s'\nTry 'nstop --help'.\n",
			nst_term_str(argv[optind], shown, sizeof(shown)));
		return 2;
	}
	if (a->reach && a->ex.probe && strcmp(a->ex.probe, "1") != 0) {
		fputs("nstop: --reach --probe sends one packet a cell, not --probe=N\n", stderr);
		return 2;
	}
	if (a->reach && (a->ex.from || a->ex.source || a->monitor || a->cap.ifname || a->ns_name ||
			 (a->mode_set && a->mode != MODE_JSON))) {
		fputs("nstop: --reach [--proto icmp|tcp|udp] [--port N] [--json]\n", stderr);
		return 2;
	}
	if ((a->ex.from && !a->ex.to) ||
	    (!a->ex.from && !a->reach && (a->ex.proto || a->ex.port || a->ex.source || a->ex.probe)) ||
	    (a->ex.from && (a->monitor || a->cap.ifname || a->ns_name || (a->mode_set && a->mode != MODE_JSON)))) {
		fputs("nstop: --explain FROM TO [--proto icmp|tcp|udp] [--port N] [--source ADDR] [--probe[=N]] [--json]\n",
		      stderr);
		return 2;
	}
	if (check_capture_args(a) < 0) {
		return 2;
	}
	if (a->monitor && a->mode_set && a->mode != MODE_JSON) {
		fputs(a->mode == MODE_SCRIPT ? "nstop: --monitor cannot be combined with --export-script\n"
					     : "nstop: --monitor prints lines or, with --json, JSON lines; not --dump or --dot\n",
		      stderr);
		return 2;
	}
	return -1; /* carry on */
}

static int run_snapshot(const struct args *a)
{
	struct nst_model *m = NULL;
	struct be_error err = { 0 };

	if (be_snapshot(&m, &err) < 0) {
		fprintf(stderr, "nstop: %s\n", err.msg);
		return 1;
	}
	const struct nst_ns *only = NULL;
	int rc = check_ns(m, a->ns_name, &only);
	if (rc) {
		nst_model_destroy(m);
		return rc;
	}
	/* JSON and text carry the discovery warnings themselves; a graph has no place for them,
	 * and a script keeps them only as comments nobody may read. */
	for (size_t i = 0; (a->mode == MODE_DOT || a->mode == MODE_SCRIPT) && i < m->warnings.n; i++) {
		char w[1024];
		fprintf(stderr, "nstop: warning: %s\n", nst_term_str(m->warnings.v[i], w, sizeof(w)));
	}
	/* One document, written whole: 64 KiB writes instead of stdio's 4 KiB (a pipe's
	 * st_blksize), ~16x fewer write(2)s at thousands of namespaces; a terminal keeps its own. */
	static char outbuf[64 * 1024];
	if (!isatty(STDOUT_FILENO)) {
		setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	}
	switch (a->mode) {
	case MODE_JSON:
		nst_render_json(m, only, stdout);
		break;
	case MODE_DOT:
		nst_render_dot(m, only, stdout);
		break;
	case MODE_SCRIPT:
		nst_render_script(m, only, stdout);
		break;
	case MODE_DUMP:
	case MODE_TUI:
		nst_render_text(m, only, stdout);
		break;
	}
	nst_model_destroy(m);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("nstop: write");
		return 1;
	}
	return 0;
}

static int run_live(const struct args *a)
{
	struct be_live *live = NULL;
	struct be_error err = { 0 };

	if (be_live_create(&live, &err) < 0) {
		fprintf(stderr, "nstop: %s\n", err.msg);
		return 1;
	}
	const struct nst_ns *only = NULL;
	int rc = check_ns(be_live_model(live), a->ns_name, &only);
	if (rc == 0) {
		/* the one namespace --ns named, by the name the rest of nstop looks it up by, or its identity */
		char *name = only ? xstrdup(only->name) : NULL;
		struct nst_ns_id id = only ? only->id : (struct nst_ns_id){ 0, 0 };
		struct capture_args cap = a->cap;

		cap.ns_name = name;
		if (a->cap.ifname) {
			rc = capture_run(live, &cap);
		} else if (a->monitor) {
			rc = monitor_run(live, only ? &id : NULL, a->mode == MODE_JSON);
		} else {
			struct ui_options o = { .focus_ns = name, .force_ascii = a->ascii };
			rc = tui_run(live, &o, a->hint);
		}
		free(name);
	}
	be_live_destroy(live);
	return rc;
}

/* A name a completion can offer: one line, nothing a terminal acts on (the script quotes the rest). */
static bool completable(const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			return false;
		}
	}
	return true;
}

/* --complete ns: the names --ns takes (name, and display name when it differs);
 * --complete links [--ns NAME]: that namespace's link names. One a line. */
static int run_complete(const struct args *a)
{
	bool ns = strcmp(a->complete, "ns") == 0;
	struct nst_model *m = NULL;
	struct be_error err = { 0 };

	if (!ns && strcmp(a->complete, "links") != 0) {
		fputs("nstop: --complete ns | --complete links [--ns NAME]\n", stderr);
		return 2;
	}
	if (be_snapshot(&m, &err) < 0) {
		fprintf(stderr, "nstop: %s\n", err.msg);
		return 1;
	}
	const struct nst_ns *only = NULL;
	int rc = check_ns(m, a->ns_name, &only);
	for (size_t i = 0; rc == 0 && i < m->n_ns; i++) {
		const struct nst_ns *n = &m->ns[i];
		const char *disp = nst_ns_display(n);
		if (ns) {
			if (completable(n->name)) {
				puts(n->name);
			}
			if (strcmp(disp, n->name) != 0 && completable(disp)) {
				puts(disp);
			}
		} else if (only ? n == only : n->self) {
			for (size_t j = 0; j < n->n_links; j++) {
				if (completable(n->links[j].name)) {
					puts(n->links[j].name);
				}
			}
		}
	}
	nst_model_destroy(m);
	return rc;
}

int main(int argc, char **argv)
{
	struct args a = { .mode = MODE_TUI };
	int rc = parse_args(argc, argv, &a);

	if (rc >= 0) {
		return rc;
	}
	if (a.demo && (rc = demo_start(a.demo_arg, a.hint, sizeof(a.hint))) >= 0) {
		return rc; /* not the sandbox's worker, or the scenario failed */
	}
	if (a.complete) {
		return run_complete(&a);
	}
	if (a.ex.from) {
		a.ex.json = a.mode == MODE_JSON;
		a.ex.ascii = a.ascii;
		return explain_run(&a.ex);
	}
	if (a.reach) {
		struct reach_args r = { .proto = a.ex.proto, .port = a.ex.port, .json = a.mode == MODE_JSON, .ascii = a.ascii,
					.probe = a.ex.probe != NULL };
		return reach_run(&r);
	}
	if (a.monitor || !a.mode_set || a.cap.ifname) {
		return run_live(&a);
	}
	return run_snapshot(&a);
}
