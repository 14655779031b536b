/* SPDX-License-Identifier: MIT */
/*
 * The TUI over a hand-built model instead of the kernel's (tests/ui/containers.sh):
 * fixture_docker(), a Docker host with container names attached, so the tree and
 * details can be compared with golden screens before any engine runs here;
 * UI_MODEL_FIXTURE=kinds: fixture_kinds(), the link kinds this kernel cannot make.
 * Keys as in nstop; edits and packet panes are refused (there is no backend).
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"
#include "ui.h"

int main(int argc, char **argv)
{
	struct ui_options o = { .focus_ns = argc > 1 ? argv[1] : NULL };
	const char *which = getenv("UI_MODEL_FIXTURE");
	struct nst_model *m = which && strcmp(which, "kinds") == 0 ? fixture_kinds() : fixture_docker();
	struct ui *ui = ui_create(&o);
	int rc = 0;

	if (ui_start(ui) < 0) {
		fputs("ui_model: needs a terminal\n", stderr);
		ui_destroy(ui);
		nst_model_destroy(m);
		return 2;
	}
	ui_set_read_only(ui, "a hand-built model (ui_model)");
	m->generation++;
	ui_draw(ui, m);
	for (bool quit = false; !quit;) {
		struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
		if (poll(&p, 1, -1) < 0) {
			continue; /* SIGWINCH: getch() returns KEY_RESIZE */
		}
		if (p.revents & (POLLHUP | POLLERR)) {
			rc = 1;
			break;
		}
		ui_read_keys(ui);
		while (ui_keys_waiting(ui) && !quit) {
			struct ui_action a;
			ui_handle_input(ui, m);
			while (ui_next_action(ui, &a)) {
				quit |= a.kind == UI_ACT_QUIT;
				if (a.kind == UI_ACT_PANE && a.u.pane.kind == UI_PANE_REQ_OPEN) {
					ui_pane_failed(ui, a.u.pane.id, "no backend in ui_model");
				}
			}
		}
		ui_draw(ui, m);
	}
	ui_destroy(ui);
	nst_model_destroy(m);
	return rc;
}
