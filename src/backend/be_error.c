/* SPDX-License-Identifier: MIT */
/* The first place an error happens fills be_error with a message a person can act on. */
#include <stdarg.h>
#include <stdio.h>

#include "be_internal.h"

void be_error_set(struct be_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err) {
		return;
	}
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}
