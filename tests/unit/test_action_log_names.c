/* SPDX-License-Identifier: MIT */
/* The action log's script: a comment says whose namespace an edit's path or pid is (action_log.c). */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "ops.h"
#include "ui.h"
#include "unit.h"

static void link_up(struct ui *ui, const struct nst_model *m, const char *ns, bool ok)
{
	struct nst_op op;

	nst_op_init(&op, NST_OP_LINK_UP);
	nst_op_set(&op, NST_F_NS, ns);
	nst_op_set(&op, NST_F_NAME, "eth0");
	ui_log_result(ui, m, &op, ok, ok ? NULL : "eth0: no such device");
}

static void test_about(void)
{
	struct nst_model *m = fixture_docker();
	struct ui_options o = { 0 };
	struct ui *ui = ui_create(&o);

	link_up(ui, m, "/run/docker/netns/86420b3ab6fc", true);
	link_up(ui, m, "pid:2294", false);
	link_up(ui, m, "lab", true);
	char *s = ui_log_script(ui);
	CHECK(strstr(s, " in web1 (/run/docker/netns/86420b3ab6fc)\n") != NULL);
	CHECK(strstr(s, " in app1+side (pid:2294) failed, not included: eth0: no such device\n") != NULL);
	/* a namespace without a display name: the comment is the time alone, as before */
	const char *lab = strstr(s, "ip -n lab link set");
	CHECK(lab != NULL);
	if (lab) {
		/* "# HH:MM:SS\n" just before */
		CHECK(lab - s >= 11 && lab[-11] == '#' && lab[-10] == ' ' && lab[-7] == ':' && lab[-4] == ':' &&
		      lab[-1] == '\n');
	}
	free(s);
	ui_destroy(ui);
	nst_model_destroy(m);
}

UNIT_MAIN(test_about)
