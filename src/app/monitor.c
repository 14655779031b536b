/* SPDX-License-Identifier: MIT */
/*
 * `nstop --monitor`: `ip monitor` for every namespace at once. One line per
 * change ("[ns2] link vethD down", the namespace by its display name: "[web1]"),
 * or one JSON object per line with --json (with the namespace's inode and
 * display name), flushed per line so pipes see each change as it happens.
 */
#include "monitor.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_writer.h"
#include "loop.h"
#include "quote.h"
#include "render.h"

struct monitor_ctx {
	bool only_set;
	struct nst_ns_id only; /* --ns: by identity, so a rename or a new display name keeps it */
	bool json;
	bool write_failed;
};

static bool concerns(const struct monitor_ctx *mc, const struct nst_change *c)
{
	return !mc->only_set || nst_ns_id_eq(c->id, mc->only);
}

static void print_change(void *ctx, const struct nst_change *c)
{
	struct monitor_ctx *mc = ctx;

	if (!concerns(mc, c)) {
		return;
	}
	if (mc->json) {
		struct nst_json j;

		nst_json_init(&j, stdout);
		nst_json_obj_begin(&j, NULL);
		nst_json_str(&j, "namespace", c->ns);
		if (c->id.ino) {
			nst_json_uint(&j, "inode", c->id.ino);
		} else {
			nst_json_null(&j, "inode");
		}
		nst_json_str(&j, "display", c->display);
		nst_json_str(&j, "object", nst_change_object_str(c->object));
		nst_json_str(&j, "action", c->action);
		nst_json_str(&j, "name", c->name);
		nst_json_str(&j, "text", c->text);
		nst_json_obj_end(&j);
		fputc('\n', stdout);
	} else {
		/* names in the text may hold any byte: shown escaped, never as raw control bytes */
		struct nst_buf ns = { 0 }, text = { 0 };

		/* a namespace's own lines under its display name; netns lines under "/", where they happen */
		nst_term_text(&ns, c->object != NST_CHG_NETNS && c->display ? c->display : c->ns);
		nst_term_text(&text, c->text);
		printf("[%s] %s\n", nst_buf_str(&ns), nst_buf_str(&text));
		nst_buf_free(&ns);
		nst_buf_free(&text);
	}
	if (fflush(stdout) != 0) {
		mc->write_failed = true;
	}
}

/*
 * Netlink messages nstop refused (be_nlmsg.h): on stderr, so stdout keeps
 * only real changes. At most one line a second while it grows, and a
 * summary at the end.
 */
static void report_dropped(const struct be_live *live, uint64_t *shown, time_t *shown_at, bool final)
{
	uint64_t n = be_live_model(live)->dropped_messages;
	time_t now = time(NULL);

	if ((final && n > 0) || (n > *shown && now != *shown_at)) {
		fprintf(stderr, "nstop: %" PRIu64 " netlink messages dropped (not sent by the kernel, not a reply to nstop, or malformed)\n", n);
		*shown = n;
		*shown_at = now;
	}
}

static void name_unwatched(void *ctx, const char *name)
{
	struct nst_buf q = { 0 };

	(void)ctx;
	nst_term_text(&q, name);
	fprintf(stderr, "nstop: not watched: %s\n", nst_buf_str(&q));
	nst_buf_free(&q);
}

/*
 * Namespaces whose changes cannot be seen (the open-file limit): said on
 * stderr with each one's name when the count moves, checked once a second.
 */
static void report_unwatched(const struct be_live *live, size_t *shown, time_t *checked)
{
	time_t now = time(NULL);
	struct be_live_watch w;
	char line[256];

	if (now == *checked) {
		return;
	}
	*checked = now;
	be_live_watch_state(live, &w);
	size_t n = w.fd_limited ? w.unwatched : 0;
	if (n == *shown) {
		return;
	}
	*shown = n;
	if (be_live_watch_text(live, line, sizeof(line))) {
		fprintf(stderr, "nstop: %s\n", line);
		be_live_unwatched(live, name_unwatched, NULL);
	} else {
		fputs("nstop: every namespace is watched for changes again\n", stderr);
	}
}

/*
 * NSTOP_LIVE_JSON=FILE and SIGUSR1: the live model, as --json writes a fresh
 * one, into FILE (whole, by rename). For tests (tests/netns/live_churn.sh):
 * the model kept by events must equal a fresh reading.
 */
static void dump_live(const struct be_live *live)
{
	const char *path = getenv("NSTOP_LIVE_JSON");
	char tmp[4096];

	if (!path || !*path || snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		return;
	}
	FILE *f = fopen(tmp, "we");
	if (!f) {
		fprintf(stderr, "nstop: %s: %s\n", tmp, strerror(errno));
		return;
	}
	nst_render_json(be_live_model(live), NULL, f);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		fprintf(stderr, "nstop: %s: %s\n", path, strerror(errno));
	}
}

int monitor_run(struct be_live *live, const struct nst_ns_id *only, bool json)
{
	struct monitor_ctx mc = { .only_set = only != NULL, .only = only ? *only : (struct nst_ns_id){ 0, 0 },
				  .json = json };
	struct loop_fds fds = { 0 };
	uint64_t dropped_shown = 0;
	time_t dropped_at = 0, watch_checked = 0;
	size_t unwatched_shown = 0;
	int rc = 0;

	loop_install_signals();
	while (!loop_should_stop() && !mc.write_failed) {
		report_unwatched(live, &unwatched_shown, &watch_checked);
		int timeout = loop_collect(live, &fds, 0, -1);

		if (poll(fds.v, fds.n, timeout) < 0 && errno != EINTR) {
			perror("nstop: poll");
			rc = 1;
			break;
		}
		be_live_dispatch(live, fds.v, fds.n, print_change, &mc);
		if (loop_dump_requested()) {
			dump_live(live);
		}
		report_dropped(live, &dropped_shown, &dropped_at, false);
	}
	report_dropped(live, &dropped_shown, &dropped_at, true);
	free(fds.v);
	/* A reader that went away (`| head`) is a normal end, not an error. */
	return rc;
}
