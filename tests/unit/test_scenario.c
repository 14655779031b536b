/* SPDX-License-Identifier: MIT */
/*
 * The --demo scenario parser (ops/scenario.c): every statement into the op
 * or flow it means, every error with its line, hostile text escaped in the
 * message, the limits, and the three built-in files (read from demo/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "unit.h"

static struct nst_scenario s;
static char msg[1100];

static int parse(const char *text)
{
	nst_scenario_free(&s);
	msg[0] = '\0';
	return nst_scenario_parse("t.scn", text, strlen(text), &s, msg, sizeof(msg));
}

/* The message a file with base + bad line gives. */
static const char *error_of(const char *text)
{
	if (parse(text) == 0) {
		return "(parsed)";
	}
	CHECK_INT(s.n_steps, 0); /* a bad file yields nothing to build */
	return msg;
}

#define BASE "netns ns1\nveth / vA ns1 vB addr 10.0.0.1/24 peer-addr 10.0.0.2/24\nbridge / br0\n"

static void test_statements(void)
{
	const char *text = "# a comment\n"
			   "hint \"try p\" on vB\n"
			   "netns ns1\n"
			   "netns \"two words\"  # a trailing comment\n"
			   "bridge / br0 addr 192.168.10.1/24\n"
			   "veth / vA ns1 vB addr 10.0.0.1/24 peer-addr 10.0.0.2/24\n"
			   "master / vA br0\n"
			   "addr ns1 vB 10.0.1.2/24\n"
			   "route ns1 default via 10.0.0.1\n"
			   "route / 7.7.7.0/24 dev vA\n"
			   "forward /\n"
			   "dnat / tcp 8080 to 10.0.0.2:80 iif vA daddr 10.0.0.1\n"
			   "masquerade / src 10.0.0.0/24 oif vA\n"
			   "down ns1 vB\n"
			   "listen ns1 udp 7\n"
			   "traffic / 10.0.0.2 udp 7 every 250\n"
			   "traffic ns1 10.0.0.1 icmp\n"
			   "\t\n";

	CHECK_INT(parse(text), 0);
	CHECK_STR(msg, "");
	CHECK_STR(s.hint, "try p on vB");
	CHECK_INT(s.n_steps, 15);
	if (s.n_steps != 15) {
		return;
	}
	const struct nst_scn_step *st = s.steps;
	CHECK_INT(st[0].op.kind, NST_OP_NS_ADD);
	CHECK_STR(st[0].op.f[NST_F_NAME], "ns1");
	CHECK(nst_op_flag(&st[0].op, NST_F_UP));
	CHECK_INT(st[0].line, 3);
	CHECK_STR(st[1].op.f[NST_F_NAME], "two words");
	CHECK_INT(st[2].op.kind, NST_OP_BRIDGE_ADD);
	CHECK_STR(st[2].op.f[NST_F_NS], "/");
	CHECK_STR(st[2].op.f[NST_F_ADDR], "192.168.10.1/24");
	CHECK_INT(st[3].op.kind, NST_OP_VETH_ADD);
	CHECK_STR(st[3].op.f[NST_F_PEER_NS], "ns1");
	CHECK_STR(st[3].op.f[NST_F_PEER], "vB");
	CHECK_STR(st[3].op.f[NST_F_PEER_ADDR], "10.0.0.2/24");
	CHECK_STR(st[3].keyword, "veth");
	CHECK_INT(st[4].op.kind, NST_OP_LINK_MASTER);
	CHECK_STR(st[4].op.f[NST_F_PEER], "br0");
	CHECK_INT(st[5].op.kind, NST_OP_ADDR_ADD);
	CHECK_STR(st[5].op.f[NST_F_ADDR], "10.0.1.2/24");
	CHECK_INT(st[6].op.kind, NST_OP_ROUTE_ADD);
	CHECK_STR(st[6].op.f[NST_F_DST], "default");
	CHECK_STR(st[6].op.f[NST_F_GATEWAY], "10.0.0.1");
	CHECK_STR(st[7].op.f[NST_F_NAME], "vA");
	CHECK_INT(st[8].op.kind, NST_OP_IP_FORWARD);
	CHECK_INT(st[9].op.kind, NST_OP_NAT_FORWARD);
	CHECK_STR(st[9].op.f[NST_F_TO_ADDR], "10.0.0.2");
	CHECK_STR(st[9].op.f[NST_F_TO_PORT], "80");
	CHECK_STR(st[9].op.f[NST_F_IIF], "vA");
	CHECK_STR(st[9].op.f[NST_F_DADDR], "10.0.0.1");
	CHECK_INT(st[10].op.kind, NST_OP_NAT_MASQ);
	CHECK_STR(st[10].op.f[NST_F_SRC], "10.0.0.0/24");
	CHECK_INT(st[11].op.kind, NST_OP_LINK_DOWN);
	CHECK_INT(st[12].kind, NST_SCN_LISTEN);
	CHECK_INT(st[12].proto, NST_SCN_UDP);
	CHECK_INT(st[12].port, 7);
	CHECK_INT(st[13].kind, NST_SCN_TRAFFIC);
	CHECK_INT(st[13].every_ms, 250);
	CHECK_INT(st[13].addr[3], 2);
	CHECK_INT(st[14].proto, NST_SCN_ICMP);
	CHECK_INT(st[14].every_ms, NST_SCN_EVERY_DEFAULT);
	CHECK_INT(st[14].line, 17);
}

static void test_errors(void)
{
	CHECK_STR(error_of("netns ns1\nveth / a ns9 b\n"),
		  "t.scn:2: veth: 'ns9' is not a namespace of this scenario (make it with `netns ns9` first; '/' is the demo's own)");
	CHECK_STR(error_of("frob x\n"), "t.scn:1: unknown statement 'frob' (netns, bridge, veth, master, addr, down, route, "
					"forward, dnat, masquerade, listen, traffic, hint)");
	CHECK_STR(error_of("netns a\nnetns a\n"), "t.scn:2: netns: namespace 'a' is made twice");
	CHECK_STR(error_of("netns\n"), "t.scn:1: netns: usage: netns NAME");
	CHECK_STR(error_of("netns a/b\n"), "t.scn:1: netns: 'a/b' is not a valid namespace name (a file name without '/')");
	CHECK_STR(error_of(BASE "veth / vA ns1 vC\n"), "t.scn:4: veth: namespace '/' already has a link named 'vA'");
	CHECK_STR(error_of(BASE "veth / lo ns1 vC\n"), "t.scn:4: veth: namespace '/' already has a link named 'lo'");
	CHECK_STR(error_of(BASE "veth / averyveryverylongname ns1 x\n"),
		  "t.scn:4: veth: 'averyveryverylongname' is 21 bytes; interface names have at most 15");
	CHECK_STR(error_of(BASE "veth / vX ns1 vY addr 10.0.0.1\n"),
		  "t.scn:4: veth: '10.0.0.1' has no prefix length: write it as 10.0.0.1/24 (or /32, /64 ...)");
	CHECK_STR(error_of(BASE "veth / vX ns1 vY color red\n"),
		  "t.scn:4: veth: usage: veth NS NAME PEER_NS PEER [addr CIDR] [peer-addr CIDR]");
	CHECK_STR(error_of(BASE "veth / vX ns1 vY addr 1.1.1.1/24 addr 1.1.1.2/24\n"),
		  "t.scn:4: veth: usage: veth NS NAME PEER_NS PEER [addr CIDR] [peer-addr CIDR]");
	CHECK_STR(error_of(BASE "master / vA vB\n"), "t.scn:4: master: 'vB' is not a link of namespace '/' in this scenario");
	CHECK_STR(error_of(BASE "master / vA vA\n"), "t.scn:4: master: 'vA' is not a bridge of this scenario");
	CHECK_STR(error_of(BASE "master / br0 br0\n"), "t.scn:4: master: a bridge cannot be its own port");
	CHECK_STR(error_of(BASE "addr ns1 vA 10.0.0.3/24\n"), "t.scn:4: addr: 'vA' is not a link of namespace 'ns1' in this scenario");
	CHECK_STR(error_of(BASE "route ns1 default\n"), "t.scn:4: route: usage: route NS DST|default [via GW] [dev DEV]");
	CHECK_STR(error_of(BASE "route ns1 10.9.0.1/24 via 10.0.0.1\n"),
		  "t.scn:4: route: '10.9.0.1/24' has host bits set; a route destination is a network address");
	CHECK_STR(error_of(BASE "dnat / sctp 80 to 10.0.0.2\n"), "t.scn:4: dnat: 'sctp' is not tcp or udp");
	CHECK_STR(error_of(BASE "dnat / tcp 80 at 10.0.0.2\n"),
		  "t.scn:4: dnat: usage: dnat NS tcp|udp PORT to ADDR[:PORT] [iif DEV] [daddr ADDR]");
	CHECK_STR(error_of(BASE "dnat / tcp 70000 to 10.0.0.2\n"), "t.scn:4: dnat: '70000' is not a port (1-65535)");
	CHECK_STR(error_of(BASE "dnat / tcp 80 to 10.0.0.2:0\n"), "t.scn:4: dnat: '0' is not a port (1-65535)");
	CHECK_STR(error_of(BASE "dnat / tcp 80 to ::1\n"), "t.scn:4: dnat: '::1': the demo's traffic and NAT are IPv4 (to ADDR or ADDR:PORT)");
	CHECK_STR(error_of(BASE "dnat / tcp 80 to 10.0.0.2 daddr ::1\n"), "t.scn:4: dnat: '::1': the demo's traffic and NAT are IPv4");
	CHECK_STR(error_of(BASE "masquerade /\n"), "t.scn:4: masquerade: usage: masquerade NS [src CIDR] [oif DEV] [snat-to ADDR]");
	CHECK_STR(error_of(BASE "listen ns1 tcp 80\nlisten ns1 tcp 80\n"), "t.scn:5: listen: ns1 already listens on tcp 80 (line 4)");
	CHECK_STR(error_of(BASE "traffic ns1 10.0.0.1 udp\n"),
		  "t.scn:4: traffic: usage: traffic NS ADDR icmp | udp PORT | tcp PORT [every MS]");
	CHECK_STR(error_of(BASE "traffic ns1 10.0.0.1 icmp every 1\n"),
		  "t.scn:4: traffic: every wants milliseconds from 50 to 60000, not '1'");
	CHECK_STR(error_of(BASE "traffic ns1 10.0.0.1 icmp 80\n"),
		  "t.scn:4: traffic: usage: traffic NS ADDR icmp | udp PORT | tcp PORT [every MS]");
	CHECK_STR(error_of("hint a\nhint b\n"), "t.scn:2: hint: a scenario has one hint");
	CHECK_STR(error_of("netns \"a\n"), "t.scn:1: a quote (\") is not closed on this line");
	CHECK_STR(error_of("netns \"a\"b\n"), "t.scn:1: a closing quote must end the word");
	CHECK_STR(error_of("netns a\"b\"\n"), "t.scn:1: a quote (\") may only begin a word");
	CHECK_STR(error_of("# only a comment\n\n"), "t.scn:0: nothing to build: no statements");
	CHECK_STR(error_of(""), "t.scn:0: nothing to build: no statements");
	/* an error on the last line without a newline still names it */
	CHECK_STR(error_of("netns a\nnetns a"), "t.scn:2: netns: namespace 'a' is made twice");
}

static void test_hostile(void)
{
	/* control bytes in a name reach the message escaped, never raw */
	CHECK_STR(error_of("netns ok\nveth / \"v\x1b[31m\" ns9 x\n"),
		  "t.scn:2: veth: 'ns9' is not a namespace of this scenario (make it with `netns ns9` first; '/' is the demo's own)");
	CHECK_STR(error_of("netns \"\x1b]0;pwn\x07\"\n"), "t.scn:1: netns: namespace names cannot contain control characters");
	CHECK_STR(error_of("frob\x1b[2J\n"), "t.scn:1: unknown statement 'frob\\x1b[2J' (netns, bridge, veth, master, addr, "
					     "down, route, forward, dnat, masquerade, listen, traffic, hint)");
	CHECK_STR(error_of("netns a\\b\nveth / x a\\c y\n"),
		  "t.scn:2: veth: 'a\\\\c' is not a namespace of this scenario (make it with `netns a\\\\c` first; '/' is the "
		  "demo's own)");
	CHECK_STR(error_of("netns \"q\\\"uote\"\nnetns \"q\\\"uote\"\n"), "t.scn:2: netns: namespace 'q\"uote' is made twice");
	/* a NUL byte: not text */
	static const char nul[] = "netns a\0b\n";
	nst_scenario_free(&s);
	CHECK_INT(nst_scenario_parse("t.scn", nul, sizeof(nul) - 1, &s, msg, sizeof(msg)), -1);
	CHECK_STR(msg, "t.scn:0: the file holds a NUL byte: not a text file");
	/* a label with control bytes is escaped too */
	nst_scenario_free(&s);
	CHECK_INT(nst_scenario_parse("x\ny.scn", "frob\n", 5, &s, msg, sizeof(msg)), -1);
	CHECK(strchr(msg, '\n') == NULL);
}

static void test_limits(void)
{
	size_t cap = NST_SCN_MAX_BYTES + 64;
	char *big = malloc(cap);
	size_t n = 0;

	/* a line too long */
	memset(big, ' ', NST_SCN_MAX_LINE + 1);
	memcpy(big, "netns a", 7);
	big[NST_SCN_MAX_LINE + 1] = '\0';
	CHECK_STR(error_of(big), "t.scn:1: a line of 1025 bytes (at most 1024)");
	/* a line just long enough is fine */
	big[NST_SCN_MAX_LINE] = '\0';
	CHECK_INT(parse(big), 0);
	/* too many words */
	CHECK_STR(error_of("netns a b c d e f g h i j k l m n o p q r s t u v w x y\n"), "t.scn:1: more than 24 words on one line");
	/* too many statements */
	n = 0;
	for (int i = 0; i <= NST_SCN_MAX_STEPS; i++) {
		n += (size_t)snprintf(big + n, cap - n, "listen / udp %d\n", i + 1);
	}
	CHECK_STR(error_of(big), "t.scn:257: listen: more than 256 statements");
	/* too many namespaces */
	n = 0;
	for (int i = 0; i < NST_SCN_MAX_NS; i++) {
		n += (size_t)snprintf(big + n, cap - n, "netns n%d\n", i);
	}
	CHECK_STR(error_of(big), "t.scn:64: netns: more than 63 namespaces");
	/* too big a file */
	memset(big, '#', NST_SCN_MAX_BYTES + 1);
	nst_scenario_free(&s);
	CHECK_INT(nst_scenario_parse("t.scn", big, NST_SCN_MAX_BYTES + 1, &s, msg, sizeof(msg)), -1);
	CHECK_STR(msg, "t.scn:0: the file is 65537 bytes; a scenario has at most 65536");
	/* a hint too long */
	memset(big, 'h', 400);
	memcpy(big, "hint ", 5);
	big[400] = '\0';
	CHECK_STR(error_of(big), "t.scn:1: hint: the hint is longer than 255 bytes");
	free(big);
}

/* The built-in scenarios parse, and say what the demo promises. */
static void test_builtins(void)
{
	static const char *const names[] = { "seed", "lab", "docker-like" };
	const char *dir = getenv("DEMO_DIR");

	CHECK(dir != NULL);
	for (size_t i = 0; dir && i < 3; i++) {
		char path[4096], *text = calloc(1, NST_SCN_MAX_BYTES + 1);
		snprintf(path, sizeof(path), "%s/%s.scn", dir, names[i]);
		FILE *f = fopen(path, "r");
		CHECK(f != NULL);
		size_t len = f ? fread(text, 1, NST_SCN_MAX_BYTES, f) : 0;
		if (f) {
			fclose(f);
		}
		nst_scenario_free(&s);
		int rc = nst_scenario_parse(names[i], text, len, &s, msg, sizeof(msg));
		if (rc != 0) {
			fprintf(stderr, "%s\n", msg);
		}
		CHECK_INT(rc, 0);
		CHECK(s.hint[0] != '\0');
		CHECK(strlen(s.hint) <= 80); /* whole in the status line of an 80x24 terminal (ASCII) */
		size_t traffic = 0;
		for (size_t k = 0; k < s.n_steps; k++) {
			traffic += s.steps[k].kind == NST_SCN_TRAFFIC;
		}
		CHECK(traffic >= 3);
		free(text);
	}
}

UNIT_MAIN(test_statements, test_errors, test_hostile, test_limits, test_builtins)
