/* SPDX-License-Identifier: MIT */
/*
 * `nstop --demo [SCENARIO]`: read and check the scenario, make the sandbox
 * (be_demo.h), build the scenario in it through the edit path the TUI uses,
 * start its traffic; then main carries on with the mode, inside.
 */
#pragma once
#include <stddef.h>

/*
 * arg: NULL or a built-in name ("seed"), or a path (it holds a '/'). Returns
 * -1 in the sandbox's worker, built, with hint set (a "" hint when the file
 * has none): carry on with the mode. Else the exit status of this process:
 * 2 for an unknown scenario or a file with errors (nothing made), 1 when the
 * sandbox or a step failed (nothing left), or the worker's status.
 */
int demo_start(const char *arg, char *hint, size_t hint_len);
