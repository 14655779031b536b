/* SPDX-License-Identifier: MIT */
/* The action log: every edit the UI handed to the loop (in the order queued), as the commands it equals, and the log as a script. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "quote.h"
#include "cut.h"
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

void ui_log_result(struct ui *ui, const struct nst_model *m, const struct nst_op *op, bool ok, const char *error)
{
	struct ui_log_entry *e = xgrow(&ui->log, &ui->n_log, &ui->cap_log, sizeof(*ui->log));
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(e->when, sizeof(e->when), "%H:%M:%S", &tm);
	e->ok = ok;
	e->commands = nst_op_commands(op, m);
	/* the commands name a container's namespace by path or pid: the comment says whose it is */
	const struct nst_ns *ns = m ? nst_model_find_ns(m, op->f[NST_F_NS]) : NULL;
	e->about[0] = '\0';
	if (ns && ns->display) {
		struct nst_buf d = { 0 }, n = { 0 };
		nst_term_text(&d, ns->display);
		nst_term_text(&n, ns->name);
		nst_fmt_cut(e->about, sizeof(e->about), " in %s (%s)", nst_buf_str(&d), nst_buf_str(&n));
		nst_buf_free(&d);
		nst_buf_free(&n);
	}
	nst_fmt_cut(e->error, sizeof(e->error), "%s", error ? error : "");
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

	fputs("#!/bin/bash\n# Edits made in nstop, as the iproute2 commands they equal.\n"
	      "# Names are shell words: bytes that are not printable text are written $'\\NNN'.\n" NST_SH_GUARD
	      "set -e\n",
	      f);
	for (size_t i = 0; i < ui->n_log; i++) {
		const struct ui_log_entry *e = &ui->log[i];
		struct nst_buf b = { 0 };

		/* the error quotes names: made printable, a newline in one cannot end the comment */
		nst_term_text(&b, e->error);
		if (e->ok) {
			fprintf(f, "# %s%s\n%s", e->when, e->about, e->commands);
		} else {
			fprintf(f, "# %s%s failed, not included: %s\n", e->when, e->about, nst_buf_str(&b));
		}
		nst_buf_free(&b);
	}
	fclose(f);
	return buf;
}

void ui_log_free(struct ui *ui)
{
	for (size_t i = 0; i < ui->n_log; i++) {
		free(ui->log[i].commands);
	}
	free(ui->log);
	ui->log = NULL;
	ui->n_log = ui->cap_log = 0;
}
