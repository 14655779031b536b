/* SPDX-License-Identifier: MIT */
/*
 * --demo: the scenario is parsed whole before anything is made (a bad file
 * changes nothing), then each statement's op is validated against the live
 * model and applied by be_live_apply, as an edit typed in the TUI is. A
 * step that fails stops the build with the kernel's message and the line.
 */
#include "demo.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "be_demo.h"
#include "demo_builtin.h"
#include "live.h"
#include "loop.h"
#include "quote.h"
#include "scenario.h"

#define SETTLE_MS 3000 /* how long a step waits for the model to show the steps before it */
#define POLL_MS 10

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void ignore_change(void *ctx, const struct nst_change *c)
{
	(void)ctx;
	(void)c;
}

/* Read the backend's events for up to ms (none ready and nothing due soon ends it early when quiet). */
static void catch_up(struct be_live *live, struct loop_fds *fds, int ms)
{
	int t = loop_collect(live, fds, 0, ms);
	int n = poll(fds->v, fds->n, t < 0 || t > ms ? ms : t);

	if (n >= 0) {
		be_live_dispatch(live, fds->v, fds->n, ignore_change, NULL);
	}
}

/*
 * Validate each op against the model as it is once the steps before it have
 * been read back (a new namespace, a new link take an event or two), then
 * apply it. Returns 0, or 1 with the message printed.
 */
static int build(const char *label, const struct nst_scenario *s)
{
	struct be_live *live = NULL;
	struct be_error err = { 0 };
	struct loop_fds fds = { 0 };
	int rc = 0;

	if (be_live_create(&live, &err) < 0) {
		fprintf(stderr, "nstop: --demo: %s\n", err.msg);
		return 1;
	}
	for (size_t i = 0; i < s->n_steps && rc == 0; i++) {
		const struct nst_scn_step *st = &s->steps[i];
		struct nst_op_error verr = { 0 };
		char where[340];
		uint64_t until = mono_ms() + SETTLE_MS;

		if (st->kind != NST_SCN_OP) {
			continue;
		}
		snprintf(where, sizeof(where), "%s:%d: %s", label, st->line, st->keyword);
		while (nst_op_validate(&st->op, be_live_model(live), &verr) < 0 && mono_ms() < until) {
			catch_up(live, &fds, POLL_MS);
		}
		if (nst_op_validate(&st->op, be_live_model(live), &verr) < 0) {
			char shown[900];
			fprintf(stderr, "nstop: %s: %s\n", where, nst_term_str(verr.msg, shown, sizeof(shown)));
			rc = 1;
		} else if (be_live_apply(live, &st->op, &err) < 0) {
			char shown[400];
			fprintf(stderr, "nstop: %s: %s\n", where, nst_term_str(err.msg, shown, sizeof(shown)));
			rc = 1;
		}
	}
	free(fds.v);
	be_live_destroy(live);
	return rc;
}

static int load(const char *arg, char **text, size_t *len, const char **label)
{
	struct be_error err = { 0 };
	char shown[300];

	if (arg && strchr(arg, '/')) {
		const char *base = strrchr(arg, '/') + 1;
		*label = *base ? base : arg;
		if (be_demo_read_file(arg, NST_SCN_MAX_BYTES, text, len, &err) < 0) {
			fprintf(stderr, "nstop: %s\n", err.msg);
			return 2;
		}
		return 0;
	}
	const char *name = arg ? arg : "seed";
	for (size_t i = 0; i < demo_n_builtins; i++) {
		if (strcmp(demo_builtins[i].name, name) == 0) {
			*text = strdup(demo_builtins[i].text);
			*len = demo_builtins[i].len;
			*label = demo_builtins[i].name;
			return *text ? 0 : 1;
		}
	}
	fprintf(stderr, "nstop: --demo: no built-in scenario '%s'; there are:", nst_term_str(name, shown, sizeof(shown)));
	for (size_t i = 0; i < demo_n_builtins; i++) {
		fprintf(stderr, " %s", demo_builtins[i].name);
	}
	fputs(" (a file is named by a path with a '/': ./my.scn)\n", stderr);
	return 2;
}

int demo_start(const char *arg, char *hint, size_t hint_len)
{
	struct nst_scenario s;
	struct be_error err = { 0 };
	const char *label = NULL;
	char *text = NULL, msg[1100], lab[300];
	size_t len = 0;
	int status;

	int rc = load(arg, &text, &len, &label);
	if (rc) {
		return rc;
	}
	nst_term_str(label, lab, sizeof(lab));
	if (nst_scenario_parse(lab, text, len, &s, msg, sizeof(msg)) < 0) {
		free(text);
		fprintf(stderr, "nstop: %s\n", msg);
		return 2;
	}
	free(text);
	rc = be_demo_enter(&status, &err);
	if (rc != 0) {
		nst_scenario_free(&s);
		if (rc < 0) {
			fprintf(stderr, "nstop: %s\n", err.msg);
			return 1;
		}
		return status; /* the outside process or the sandbox's init, at the end */
	}
	/* the worker, inside the sandbox */
	if (build(lab, &s) != 0) {
		nst_scenario_free(&s);
		return 1;
	}
	if (be_demo_start_traffic(&s, &err) < 0) {
		fprintf(stderr, "nstop: %s\n", err.msg);
		nst_scenario_free(&s);
		return 1;
	}
	snprintf(hint, hint_len, "%s", s.hint);
	nst_scenario_free(&s);
	return -1;
}
