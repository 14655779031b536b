/* SPDX-License-Identifier: MIT */
/* The queue from keys to the loop: actions come out in the order they went in, whatever their kind. */
#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "unit.h"

/* An up/down edit of link name: what `u` queues. */
static void queue_toggle(struct ui_actions *a, const char *name, bool up)
{
	struct nst_op op;

	nst_op_init(&op, up ? NST_OP_LINK_UP : NST_OP_LINK_DOWN);
	nst_op_set(&op, NST_F_NS, "/");
	nst_op_set(&op, NST_F_NAME, name);
	ui_actions_apply(a, &op);
}

static void queue_pane(struct ui_actions *a, enum ui_pane_req_kind kind, int id, const char *text)
{
	struct ui_pane_req r = { .kind = kind, .id = id };

	snprintf(r.ifname, sizeof(r.ifname), "veth%d", id);
	snprintf(r.text, sizeof(r.text), "%s", text);
	ui_actions_pane(a, &r);
}

/* What came out, as text: "up:a0 pane-open:1 save:/x quit". */
static void drain(struct ui_actions *a, char *out, size_t len)
{
	struct ui_action act;
	size_t n = 0;

	out[0] = '\0';
	while (n < len && ui_actions_pop(a, &act)) {
		const char *sep = n ? " " : "";
		switch (act.kind) {
		case UI_ACT_APPLY:
			n += (size_t)snprintf(out + n, len - n, "%s%s:%s", sep,
					      act.u.op.kind == NST_OP_LINK_UP ? "up" : "down", act.u.op.f[NST_F_NAME]);
			break;
		case UI_ACT_SAVE_LOG:
			n += (size_t)snprintf(out + n, len - n, "%ssave:%s", sep, act.u.path);
			break;
		case UI_ACT_PANE:
			n += (size_t)snprintf(out + n, len - n, "%spane-%s:%d%s%s", sep,
					      act.u.pane.kind == UI_PANE_REQ_OPEN    ? "open"
					      : act.u.pane.kind == UI_PANE_REQ_CLOSE ? "close"
					      : act.u.pane.kind == UI_PANE_REQ_SAVE  ? "save"
										     : "filter",
					      act.u.pane.id, act.u.pane.text[0] ? "=" : "", act.u.pane.text);
			break;
		case UI_ACT_EXPLAIN:
			n += (size_t)snprintf(out + n, len - n, "%sexplain:%d.%d.%d.%d/%d", sep, act.u.explain.dst[0],
					      act.u.explain.dst[1], act.u.explain.dst[2], act.u.explain.dst[3],
					      act.u.explain.port);
			break;
		case UI_ACT_REACH:
			n += (size_t)snprintf(out + n, len - n, "%sreach:%d", sep, act.u.reach.proto);
			break;
		case UI_ACT_QUIT:
			n += (size_t)snprintf(out + n, len - n, "%squit", sep);
			break;
		}
	}
}

/* `u j u` once lost one of the two edits in a one-slot "pending"; each is its own entry now. */
static void test_order(void)
{
	struct ui_actions a;
	char d[512];

	ui_actions_init(&a);
	CHECK_INT(ui_actions_len(&a), 0);
	drain(&a, d, sizeof(d));
	CHECK_STR(d, "");
	queue_toggle(&a, "a0", true);
	queue_toggle(&a, "a1", true);
	queue_pane(&a, UI_PANE_REQ_OPEN, 1, "");
	queue_toggle(&a, "a0", false);
	ui_actions_save_log(&a, "/run/x.sh");
	queue_pane(&a, UI_PANE_REQ_FILTER, 1, "udp");
	struct ui_explain_req ex = { .id = 1, .family = 2, .dst = { 10, 0, 0, 2 }, .proto = 1, .port = 80 };
	ui_actions_explain(&a, &ex);
	ui_actions_reach(&a, &(struct ui_reach_req){ .id = 1, .proto = 2, .port = 53 });
	ui_actions_quit(&a);
	queue_toggle(&a, "a1", false); /* after quit: still in order, the loop stops before it */
	CHECK_INT(ui_actions_len(&a), 10);
	drain(&a, d, sizeof(d));
	CHECK_STR(d, "up:a0 up:a1 pane-open:1 down:a0 save:/run/x.sh pane-filter:1=udp explain:10.0.0.2/80 reach:2 quit down:a1");
	CHECK_INT(ui_actions_len(&a), 0);
	ui_actions_finish(&a);
}

/* Taking some, adding more, many times over: the order holds across growth and reuse of the room. */
static void test_interleaved(void)
{
	struct ui_actions a;
	struct ui_action act;
	int next_in = 0, next_out = 0;

	ui_actions_init(&a);
	for (int round = 0; round < 40; round++) {
		for (int k = 0; k < round % 7 + 1; k++) {
			char name[16];
			snprintf(name, sizeof(name), "l%d", next_in++);
			queue_toggle(&a, name, true);
		}
		for (int k = 0; k < round % 5 + 1 && ui_actions_pop(&a, &act); k++) {
			char want[16];
			snprintf(want, sizeof(want), "l%d", next_out++);
			CHECK_STR(act.u.op.f[NST_F_NAME], want);
		}
		CHECK_INT(ui_actions_len(&a), next_in - next_out);
	}
	while (ui_actions_pop(&a, &act)) {
		char want[16];
		snprintf(want, sizeof(want), "l%d", next_out++);
		CHECK_STR(act.u.op.f[NST_F_NAME], want);
	}
	CHECK_INT(next_out, next_in);
	CHECK(!ui_actions_pop(&a, &act));
	ui_actions_finish(&a);
	CHECK_INT(ui_actions_len(&a), 0);
}

/* The key FIFO: ints, the consumed front reused before the array grows. */
static void test_keys(void)
{
	struct ui_fifo f;
	int v, in = 0, out = 0;

	ui_fifo_init(&f, sizeof(int));
	for (int k = 0; k < 4; k++, in++) {
		ui_fifo_push(&f, &in);
	}
	size_t cap = f.cap;
	for (int k = 0; k < 2; k++) {
		CHECK(ui_fifo_pop(&f, &v) && v == out++);
	}
	for (int k = 0; k < 2; k++, in++) {
		ui_fifo_push(&f, &in); /* full with two consumed in front: they make the room */
	}
	CHECK_INT(f.cap, cap);
	for (int k = 0; k < 100; k++, in++) {
		ui_fifo_push(&f, &in);
	}
	CHECK_INT(ui_fifo_len(&f), (size_t)(in - out));
	while (ui_fifo_pop(&f, &v)) {
		CHECK_INT(v, out);
		out++;
	}
	CHECK_INT(out, in);
	ui_fifo_finish(&f);
	CHECK(f.v == NULL && ui_fifo_len(&f) == 0);
}

UNIT_MAIN(test_order, test_interleaved, test_keys)
