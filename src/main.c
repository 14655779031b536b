/* SPDX-License-Identifier: MIT */
/*
 * nstop: argv, modes, exit status. The only place that exits. Reads a
 * snapshot through the backend and hands the model to a renderer.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "model.h"
#include "render.h"

enum mode { MODE_DEFAULT, MODE_JSON, MODE_DUMP, MODE_DOT };

static void usage(FILE *out)
{
	fputs("Usage: nstop [--ns NAME] [--json | --dump | --dot]\n"
	      "Show every network namespace with its veth pairs, bridges, addresses and routes.\n"
	      "\n"
	      "  --json        print the topology as one JSON document (schema version 1)\n"
	      "  --dump        print the topology as indented text (the default for now)\n"
	      "  --dot         print a Graphviz graph: a cluster per namespace\n"
	      "  --ns NAME     limit output to namespace NAME ('/' is nstop's own)\n"
	      "  -h, --help    show this help\n"
	      "  -V, --version show the version\n"
	      "\n"
	      "Exit status: 0 ok, 1 the kernel could not be read, 2 bad usage or unknown namespace.\n",
	      out);
}

static int set_mode(enum mode *mode, enum mode m)
{
	if (*mode != MODE_DEFAULT && *mode != m) {
		fputs("nstop: --json, --dump and --dot are exclusive\n", stderr);
		return -1;
	}
	*mode = m;
	return 0;
}

static void list_namespaces(const struct nst_model *m, FILE *out)
{
	for (size_t i = 0; i < m->n_ns; i++) {
		fprintf(out, "%s%s", i ? ", " : "", m->ns[i].name);
	}
	fputc('\n', out);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "dump", no_argument, NULL, 'd' },
		{ "dot", no_argument, NULL, 'g' },
		{ "ns", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	enum mode mode = MODE_DEFAULT;
	const char *ns_name = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
		case 'd':
		case 'g':
			if (set_mode(&mode, c == 'j' ? MODE_JSON : c == 'd' ? MODE_DUMP : MODE_DOT) < 0) {
				return 2;
			}
			break;
		case 'n':
			ns_name = optarg;
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
	if (optind < argc) {
		fprintf(stderr, "nstop: unexpected argument '%s'\nTry 'nstop --help'.\n", argv[optind]);
		return 2;
	}

	struct nst_model *m = NULL;
	struct be_error err = { 0 };
	if (be_snapshot(&m, &err) < 0) {
		fprintf(stderr, "nstop: %s\n", err.msg);
		return 1;
	}
	const struct nst_ns *only = NULL;
	if (ns_name) {
		only = nst_model_find_ns(m, ns_name);
		if (!only) {
			fprintf(stderr, "nstop: no namespace named '%s'; known namespaces: ", ns_name);
			list_namespaces(m, stderr);
			nst_model_destroy(m);
			return 2;
		}
	}
	/* JSON and text carry the discovery warnings themselves; a graph has no place for them. */
	for (size_t i = 0; mode == MODE_DOT && i < m->warnings.n; i++) {
		fprintf(stderr, "nstop: warning: %s\n", m->warnings.v[i]);
	}
	switch (mode) {
	case MODE_JSON:
		nst_render_json(m, only, stdout);
		break;
	case MODE_DOT:
		nst_render_dot(m, only, stdout);
		break;
	case MODE_DEFAULT:
	case MODE_DUMP:
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
