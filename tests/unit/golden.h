/* SPDX-License-Identifier: MIT */
/* Compare actual with $UNIT_GOLDEN_DIR/name, counting a failure on difference; GENERATE=1 rewrites. */
#pragma once

void check_golden(const char *name, const char *actual);
