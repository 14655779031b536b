/* SPDX-License-Identifier: MIT */
/*
 * The live backend (be_live.c) on its own, for tests/netns/firewall_apply.sh:
 * prints "ready" after the first reading, then follows events as --monitor
 * does, printing each change line ("[ns] text"). Commands on stdin:
 * "dump PATH" writes the live model as --json writes a snapshot and prints
 * "dumped"; "quit" (or end of input) ends it. Run inside tests/sandbox.sh.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "live.h"
#include "render.h"

static void print_change(void *ctx, const struct nst_change *c)
{
	(void)ctx;
	printf("[%s] %s\n", c->ns, c->text);
	fflush(stdout);
}

/* 1: go on, 0: quit */
static int command(struct be_live *live)
{
	char line[4096];

	if (!fgets(line, sizeof(line), stdin)) {
		return 0;
	}
	line[strcspn(line, "\n")] = '\0';
	if (strncmp(line, "dump ", 5) == 0) {
		FILE *f = fopen(line + 5, "w");
		if (!f) {
			perror(line + 5);
			return 0;
		}
		nst_render_json(be_live_model(live), NULL, f);
		fclose(f);
		printf("dumped\n");
		fflush(stdout);
		return 1;
	}
	return strcmp(line, "quit") != 0;
}

int main(void)
{
	struct be_live *live = NULL;
	struct be_error err = { 0 };
	struct pollfd *fds = NULL;
	size_t cap = 0;

	if (be_live_create(&live, &err) < 0) {
		fprintf(stderr, "be_live_create: %s\n", err.msg);
		return 1;
	}
	setvbuf(stdin, NULL, _IONBF, 0); /* poll sees what stdio has not buffered */
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		size_t want = be_live_pollfd_count(live) + 1;
		if (want > cap) {
			fds = realloc(fds, want * sizeof(*fds));
			cap = want;
			if (!fds) {
				return 1;
			}
		}
		size_t n = be_live_pollfds(live, fds, cap - 1);
		fds[n] = (struct pollfd){ .fd = 0, .events = POLLIN };
		if (poll(fds, n + 1, be_live_timeout_ms(live)) < 0 && errno != EINTR) {
			perror("poll");
			return 1;
		}
		be_live_dispatch(live, fds, n, print_change, NULL);
		if (fds[n].revents && !command(live)) {
			break;
		}
	}
	free(fds);
	be_live_destroy(live);
	return 0;
}
