/* SPDX-License-Identifier: MIT */
/* Bounded formatting that marks a cut (see cut.h). */
#include "cut.h"

#include <stdio.h>
#include <string.h>

bool nst_vfmt_cut(char *buf, size_t len, const char *fmt, va_list ap)
{
	if (!len) {
		return false;
	}
	int n = vsnprintf(buf, len, fmt, ap);
	if (n < 0) {
		buf[0] = '\0';
		return true;
	}
	if ((size_t)n < len) {
		return false;
	}
	size_t mark = sizeof(NST_CUT_MARK) - 1;
	if (len <= mark) {
		buf[0] = '\0';
		return true;
	}
	size_t end = len - 1 - mark;
	/* back up to the start of a UTF-8 sequence so no character is split */
	while (end > 0 && ((unsigned char)buf[end] & 0xc0) == 0x80) {
		end--;
	}
	memcpy(buf + end, NST_CUT_MARK, mark + 1);
	return true;
}

bool nst_fmt_cut(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bool cut = nst_vfmt_cut(buf, len, fmt, ap);
	va_end(ap);
	return cut;
}
