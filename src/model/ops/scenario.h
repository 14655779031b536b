/* SPDX-License-Identifier: MIT */
/*
 * `nstop --demo` scenario files (demo/README.md has the grammar): parsed
 * whole before anything is built, into the edit ops nstop already validates
 * and applies, plus the demo's own listeners, traffic flows and hint.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ops.h"

#define NST_SCN_MAX_BYTES (64 * 1024) /* a scenario is a page or two; more is not a scenario */
#define NST_SCN_MAX_LINE 1024
#define NST_SCN_MAX_STEPS 256
#define NST_SCN_MAX_NS 64
#define NST_SCN_HINT 256
#define NST_SCN_EVERY_MIN 50     /* ms: a little traffic, never a flood */
#define NST_SCN_EVERY_MAX 60000
#define NST_SCN_EVERY_DEFAULT 500

enum nst_scn_kind {
	NST_SCN_OP,      /* an edit op, validated and applied as the TUI's are */
	NST_SCN_LISTEN,  /* listen NS tcp|udp PORT */
	NST_SCN_TRAFFIC, /* traffic NS ADDR icmp|udp|tcp [PORT] [every MS] */
};

enum nst_scn_proto { NST_SCN_ICMP, NST_SCN_UDP, NST_SCN_TCP };

struct nst_scn_step {
	int line;            /* 1-based, for messages */
	enum nst_scn_kind kind;
	const char *keyword; /* the statement's first word ("veth") */
	struct nst_op op;    /* NST_SCN_OP */
	/* NST_SCN_LISTEN, NST_SCN_TRAFFIC */
	char ns[NST_OP_TEXT];
	enum nst_scn_proto proto;
	uint16_t port;       /* 0 for icmp */
	uint8_t addr[4];     /* traffic: the IPv4 destination */
	int every_ms;        /* traffic */
};

struct nst_scenario {
	struct nst_scn_step *steps;
	size_t n_steps;
	char hint[NST_SCN_HINT]; /* "" when the file has none */
};

/*
 * Parse text (len bytes; label names it in messages, "seed.scn"). 0 and *out
 * filled, or -1 with msg "LABEL:LINE: KEYWORD: what is wrong" (names shown
 * through nst_term_str) and *out empty. Checks syntax and that every
 * namespace and link a statement names is one the scenario made before it.
 */
int nst_scenario_parse(const char *label, const char *text, size_t len, struct nst_scenario *out, char *msg,
		       size_t msg_len);
void nst_scenario_free(struct nst_scenario *s);
/* "icmp", "udp", "tcp" */
const char *nst_scn_proto_name(enum nst_scn_proto p);
