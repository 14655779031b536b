/* SPDX-License-Identifier: MIT */
/*
 * The live backend (be_live.c) on its own, for tests/netns/firewall_apply.sh:
 * prints "ready" after the first reading, then follows events as --monitor
 * does, printing each change line ("[ns] text"). Commands on stdin:
 * "dump PATH" writes the live model as --json writes a snapshot and prints
 * "dumped"; "stats" takes one counter sample of every namespace (what the
 * view does each second) and prints "stats ms=N" (bench/stats_sample.sh);
 * "getlink" times what that sample was before issue 16, an RTM_GETLINK
 * dump of every namespace (messages counted, not parsed): "getlink ms=N";
 * "stats /" and "getlink /" the same for '/' alone (the namespace whose
 * dump grows with the others: its veths' peers are in them);
 * "quit" (or end of input) ends it. Run inside tests/sandbox.sh.
 */
#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/rtnetlink.h>
#include <netlink/socket.h>

#include "backend.h"
#include "be_internal.h"
#include "be_nlmsg.h"
#include "live.h"
#include "render.h"

static void print_change(void *ctx, const struct nst_change *c)
{
	(void)ctx;
	printf("[%s] %s\n", c->ns, c->text);
	fflush(stdout);
}

static int count_msg(const struct nlmsghdr *h, void *arg)
{
	(void)h;
	++*(size_t *)arg;
	return 0;
}

static long root_only(void *ctx, const struct nst_ns *ns, int *ifindexes, size_t cap)
{
	(void)ctx;
	(void)ifindexes;
	(void)cap;
	return strcmp(ns->name, "/") == 0 ? -1 : 0;
}

/* The old sample's dumps: every namespace's links (or '/' alone), whole messages. */
static void getlink(struct be_live *live, bool root)
{
	static const struct be_dump_ops ops = { count_msg, NULL };
	struct be_ns_list *list = be_live_nslist(live);
	struct timespec a, b;
	size_t msgs = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (size_t i = 0; i < list->n; i++) {
		union {
			struct nlmsghdr h;
			char buf[NLMSG_HDRLEN + 64];
		} req;
		memset(&req, 0, sizeof(req));
		req.h.nlmsg_len = (uint32_t)NLMSG_LENGTH(sizeof(struct ifinfomsg));
		req.h.nlmsg_type = RTM_GETLINK;
		if (list->v[i].sk && (!root || strcmp(list->v[i].name, "/") == 0)) {
			be_nl_dump(nl_socket_get_fd(list->v[i].sk), &req.h, &ops, &msgs, &list->v[i].dropped);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("getlink%s ms=%.3f links=%zu\n", root ? " /" : "", (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6,
	       msgs);
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
	if (strcmp(line, "getlink") == 0 || strcmp(line, "getlink /") == 0) {
		getlink(live, line[7] == ' ');
		return 1;
	}
	if (strcmp(line, "stats") == 0 || strcmp(line, "stats /") == 0) {
		bool root = line[5] == ' ';
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		be_live_sample_stats(live, root ? root_only : NULL, NULL);
		clock_gettime(CLOCK_MONOTONIC, &b);
		printf("%s ms=%.3f\n", line, (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6);
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
