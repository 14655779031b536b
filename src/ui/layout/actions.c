/* SPDX-License-Identifier: MIT */
/* The UI's FIFOs: the actions keys queue for the loop, and the keys waiting to be handled. */
#include "actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void ui_fifo_init(struct ui_fifo *f, size_t elem)
{
	memset(f, 0, sizeof(*f));
	f->elem = elem;
}

void ui_fifo_push(struct ui_fifo *f, const void *item)
{
	if (f->head == f->n) {
		f->head = f->n = 0; /* drained: start over at the front */
	} else if (f->head > 0 && f->n == f->cap) {
		/* full, with consumed items in front: reuse that room before growing */
		memmove(f->v, f->v + f->head * f->elem, (f->n - f->head) * f->elem);
		f->n -= f->head;
		f->head = 0;
	}
	memcpy(xgrow(&f->v, &f->n, &f->cap, f->elem), item, f->elem);
}

bool ui_fifo_pop(struct ui_fifo *f, void *out)
{
	if (f->head == f->n) {
		return false;
	}
	memcpy(out, f->v + f->head * f->elem, f->elem);
	f->head++;
	if (f->head == f->n) {
		f->head = f->n = 0;
	}
	return true;
}

size_t ui_fifo_len(const struct ui_fifo *f)
{
	return f->n - f->head;
}

void ui_fifo_finish(struct ui_fifo *f)
{
	free(f->v);
	ui_fifo_init(f, f->elem);
}

void ui_actions_init(struct ui_actions *a)
{
	ui_fifo_init(&a->q, sizeof(struct ui_action));
}

void ui_actions_finish(struct ui_actions *a)
{
	ui_fifo_finish(&a->q);
}

void ui_actions_push(struct ui_actions *a, const struct ui_action *act)
{
	ui_fifo_push(&a->q, act);
}

bool ui_actions_pop(struct ui_actions *a, struct ui_action *out)
{
	return ui_fifo_pop(&a->q, out);
}

size_t ui_actions_len(const struct ui_actions *a)
{
	return ui_fifo_len(&a->q);
}

void ui_actions_apply(struct ui_actions *a, const struct nst_op *op)
{
	struct ui_action act = { .kind = UI_ACT_APPLY };

	act.u.op = *op;
	ui_actions_push(a, &act);
}

void ui_actions_save_log(struct ui_actions *a, const char *path)
{
	struct ui_action act = { .kind = UI_ACT_SAVE_LOG };

	snprintf(act.u.path, sizeof(act.u.path), "%s", path);
	ui_actions_push(a, &act);
}

void ui_actions_pane(struct ui_actions *a, const struct ui_pane_req *req)
{
	struct ui_action act = { .kind = UI_ACT_PANE };

	act.u.pane = *req;
	ui_actions_push(a, &act);
}

void ui_actions_explain(struct ui_actions *a, const struct ui_explain_req *req)
{
	struct ui_action act = { .kind = UI_ACT_EXPLAIN };

	act.u.explain = *req;
	ui_actions_push(a, &act);
}

void ui_actions_reach(struct ui_actions *a, const struct ui_reach_req *req)
{
	struct ui_action act = { .kind = UI_ACT_REACH };

	act.u.reach = *req;
	ui_actions_push(a, &act);
}

void ui_actions_quit(struct ui_actions *a)
{
	struct ui_action act = { .kind = UI_ACT_QUIT };

	ui_actions_push(a, &act);
}
