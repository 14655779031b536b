/* SPDX-License-Identifier: MIT */
/* The action log: every edit the UI handed to the loop (in the order queued), as the commands it equals, and the log as a script. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui_state.h"
#include "xalloc.h"

void ui_set_read_only(struct ui *ui, const char *reason)
{
	snprintf(ui->read_only, sizeof(ui->read_only), "%s", reason ? reason : "");
}

bool ui_next_action(struct ui *ui, struct ui_action *out)
{
	return ui_actions_pop(&ui->actions, out);
}

void ui_log_result(struct ui *ui, const struct nst_op *op, bool ok, const char *error)
{
	struct ui_log_entry *e = xgrow(&ui->log, &ui->n_log, &ui->cap_log, sizeof(*ui->log));
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(e->when, sizeof(e->when), "%H:%M:%S", &tm);
	e->ok = ok;
	nst_op_commands(op, e->commands, sizeof(e->commands));
	snprintf(e->error, sizeof(e->error), "%s", error ? error : "");
	if (ok) {
		ui_set_status(ui, false, "done: %s", nst_op_kind_name(op->kind));
		if (op->kind == NST_OP_NAT_FORWARD || op->kind == NST_OP_NAT_MASQ) {
			/* NAT without forwarding does nothing for other namespaces: offer to switch it on */
			nst_op_init(&ui->offer, NST_OP_IP_FORWARD);
			nst_op_set(&ui->offer, NST_F_NS, op->f[NST_F_NS]);
			ui->offer_pending = true;
		}
	} else {
		ui_set_status(ui, true, "%s failed: %s", nst_op_kind_name(op->kind), e->error);
	}
}

char *ui_log_script(const struct ui *ui)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fputs("#!/bin/sh\n# Edits made in nstop, as the iproute2 commands they equal.\nset -e\n", f);
	for (size_t i = 0; i < ui->n_log; i++) {
		const struct ui_log_entry *e = &ui->log[i];
		if (e->ok) {
			fprintf(f, "# %s\n%s", e->when, e->commands);
		} else {
			fprintf(f, "# %s failed, not included: %s\n", e->when, e->error);
		}
	}
	fclose(f);
	return buf;
}
