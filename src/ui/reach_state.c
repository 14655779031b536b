/* SPDX-License-Identifier: MIT */
/*
 * The matrix view's state: asking the loop for the matrix, taking its answer
 * over, and dropping it when the view closes. The answer names namespaces by
 * identity only, so it is kept as it came, and read against the model at use.
 */
#include <stdio.h>
#include <string.h>

#include "ui_state.h"

void ui_reach_close(struct ui *ui)
{
	struct ui_reach *r = &ui->reach;
	int id = r->id;

	if (r->have) {
		nst_reach_matrix_free(&r->mx);
	}
	memset(r, 0, sizeof(*r));
	r->id = id; /* a late answer to it is dropped */
}

void ui_reach_request(struct ui *ui)
{
	struct ui_reach *r = &ui->reach;
	struct ui_reach_req req = { .proto = NST_PROTO_ICMP, .port = -1 };

	ui_reach_close(ui);
	r->open = true;
	r->pending = true;
	r->id = req.id = ++ui->next_explain_id; /* one id space with explanations: a reply names one thing */
	ui_actions_reach(&ui->actions, &req);
}

void ui_reach_reply(struct ui *ui, int id, struct nst_reach_matrix *mx)
{
	struct ui_reach *r = &ui->reach;

	if (!r->open || id != r->id) {
		nst_reach_matrix_free(mx);
		memset(mx, 0, sizeof(*mx));
		return;
	}
	r->mx = *mx;
	memset(mx, 0, sizeof(*mx));
	r->have = true;
	r->pending = false;
	r->row = r->col = r->top = r->left = 0;
	/* start on the first cell that asks something: the diagonal is not asked */
	for (size_t c = 0; c < r->mx.n_cols; c++) {
		const struct nst_reach_cell *cell = nst_reach_matrix_cell(&r->mx, 0, c);
		if (cell && !cell->self) {
			r->col = c;
			break;
		}
	}
}

void ui_reach_failed(struct ui *ui, int id, const char *why)
{
	struct ui_reach *r = &ui->reach;

	if (r->open && id == r->id) {
		r->pending = false;
		snprintf(r->error, sizeof(r->error), "%s", why ? why : "no reason given");
	}
}
