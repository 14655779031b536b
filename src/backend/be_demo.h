/* SPDX-License-Identifier: MIT */
/*
 * `nstop --demo`'s sandbox (be_demo_sandbox.c) and its traffic
 * (be_demo_traffic.c). Three processes: nstop as started ("outside"), which
 * never leaves its namespaces and only runs the scenario's sockets; pid 1 of
 * a new pid namespace ("init"), which makes the private net + mount
 * namespaces and reaps; and its child ("worker"), which builds the scenario
 * and runs the mode. Killing any of them ends all three, and then nothing
 * of the sandbox is left: it was held only by them.
 */
#pragma once
#include <stdint.h>

#include "backend.h"
#include "scenario.h"

/*
 * Make the sandbox. Returns 0 in the worker, now inside it (carry on: build,
 * then the mode); 1 in the other two when they are done, *status being the
 * process's exit status (the worker's, 128 + signal when it was killed); or
 * -errno with err saying what is needed (root, or unprivileged user
 * namespaces), in the process where it failed.
 */
int be_demo_enter(int *status, struct be_error *err);

/*
 * Worker: hand the scenario's listen and traffic statements to the outside
 * process, which runs them on sockets made in their namespaces (so traffic
 * flows whatever mode the worker runs, and no mode's loop carries it).
 */
int be_demo_start_traffic(const struct nst_scenario *s, struct be_error *err);

/* Internal (be_demo_sandbox.c -> be_demo_traffic.c): one flow as it crosses the socket, with its netns fd. */
enum be_demo_msg_kind { BE_DEMO_LISTEN = 1, BE_DEMO_TRAFFIC, BE_DEMO_END };
struct be_demo_msg {
	int kind;
	int proto; /* enum nst_scn_proto */
	uint16_t port;
	uint8_t addr[4];
	int every_ms;
};
/* Outside: receive flows on ctl, run them until ctl ends (the worker is gone); returns init's exit status. */
int be_demo_traffic_run(int ctl, int init_pid);

/* be_demo_file.c: a scenario file read whole, at most max bytes (more: -EFBIG); *text malloc'd, NUL-terminated. */
int be_demo_read_file(const char *path, size_t max, char **text, size_t *len, struct be_error *err);
