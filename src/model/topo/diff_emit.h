/* SPDX-License-Identifier: MIT */
/* One change line for the diff's callback: "OBJECT " + the formatted text (diff.c, diff_fw.c). */
#pragma once
#include "diff.h"

void nst_diff_emit(nst_change_fn fn, void *ctx, const char *ns, enum nst_change_object object, const char *action,
		   const char *name, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
